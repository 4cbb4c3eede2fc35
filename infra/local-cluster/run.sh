#!/usr/bin/env bash
# Two app nodes on this machine behind nginx (sticky sessions, WebSockets), sharing Redis and one
# SQLite database, in Development with the demo data. Prints the address; Ctrl-C stops everything.
# Ports: PORT (nginx, default 8080), NODE_A (5101), NODE_B (5102), REDIS_PORT (6391).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
port="${PORT:-8080}" node_a="${NODE_A:-5101}" node_b="${NODE_B:-5102}" redis_port="${REDIS_PORT:-6391}"
dir="$(mktemp -d -t workspace-cluster-XXXXXX)"

missing=()
[[ -x /usr/bin/redis-server ]] || missing+=(redis-server)
[[ -x /usr/sbin/nginx ]] || missing+=(nginx)
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "local-cluster: install ${missing[*]} first (apt-get install ${missing[*]})." >&2
  exit 1
fi

pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$dir"
}
trap stop EXIT INT TERM

dotnet build "$root/src/Workspace.Web" -c Release -v q -nologo
app="$root/src/Workspace.Web/bin/Release/net10.0/Workspace.Web.dll"

redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no >"$dir/redis.log" 2>&1 &
pids+=($!)

start_node() { # name, port
  ASPNETCORE_ENVIRONMENT=Development \
  ConnectionStrings__Workspace="Data Source=$dir/workspace.db" \
  ConnectionStrings__Redis="127.0.0.1:$redis_port,abortConnect=false" \
  DataProtection__KeysPath="$dir/keys-$1" \
    dotnet "$app" --contentRoot "$root/src/Workspace.Web" --urls "http://127.0.0.1:$2" >"$dir/node-$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do
    if curl -fs "http://127.0.0.1:$2/health/ready" >/dev/null; then return 0; fi
    sleep 0.5
  done
  echo "local-cluster: node $1 did not become ready; its log: $dir/node-$1.log" >&2
  tail -n 30 "$dir/node-$1.log" >&2
  exit 1
}

# One node at a time: the first creates and seeds the database, the second finds it ready.
start_node a "$node_a"
start_node b "$node_b"

sed -e "s|{{DIR}}|$dir|g" -e "s|{{PORT}}|$port|g" -e "s|{{NODE_A}}|$node_a|g" -e "s|{{NODE_B}}|$node_b|g" \
  "$here/nginx.conf.template" >"$dir/nginx.conf"
nginx -c "$dir/nginx.conf" -p "$dir" &
pids+=($!)

echo "Partnership Workspace on two nodes: http://127.0.0.1:$port (node a :$node_a, node b :$node_b, Redis :$redis_port)"
echo "Logs in $dir. Ctrl-C stops everything."
wait -n "${pids[@]}" || true
echo "local-cluster: a process stopped; stopping the rest." >&2
