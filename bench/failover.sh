#!/usr/bin/env bash
# A node killed under load: two nodes behind nginx on one Redis and one SQLite file, viewers on the goal page
# spread over both, an editor saving the title steadily; node A gets SIGKILL part way. Reports how long until
# the killed node's viewers are served and live again on node B, and checks that every edit the app
# acknowledged is in the database. Release builds; both nodes on BENCH_SERVER_CPU (0), the generator,
# nginx and redis-server on BENCH_CLIENT_CPU (1).
#   bench/failover.sh [VIEWERS] [RATE]     (default 200 10)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
viewers=${1:-200} rate=${2:-10}
server_cpu=${BENCH_SERVER_CPU:-0} client_cpu=${BENCH_CLIENT_CPU:-1}
port=5190 port_a=5191 port_b=5192 redis_port=6393
results=${BENCH_KEEP_RESULTS:-/tmp/bench-failover}
work=$(mktemp -d /tmp/workspace-bench-failover.XXXXXX)
mkdir -p "$results"
pids=()
trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"' EXIT

dotnet build src/Workspace.Web -c Release -v quiet -nologo >/dev/null
dotnet build bench/Workspace.LoadGen -c Release -v quiet -nologo >/dev/null

taskset -c "$client_cpu" redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no >/dev/null 2>&1 &
pids+=($!)

node() { # NAME PORT: one app on the run's database, Redis and the server core; sets node_pid
  (cd src/Workspace.Web && exec env ASPNETCORE_URLS="http://127.0.0.1:$2" ASPNETCORE_ENVIRONMENT=Development \
    ConnectionStrings__Workspace="Data Source=$work/workspace.db" ConnectionStrings__Redis="127.0.0.1:$redis_port,abortConnect=false" \
    DataProtection__KeysPath="$work/keys-$1" Bench__Endpoints=true RateLimits__AccountPostsPerMinute=100000 \
    Logging__LogLevel__Default=Warning taskset -c "$server_cpu" dotnet bin/Release/net10.0/Workspace.Web.dll) >"$work/node-$1.log" 2>&1 &
  node_pid=$!
  pids+=("$node_pid")
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$2/health/ready" >/dev/null && return 0; sleep 0.5; done
  echo "node $1 did not start:" >&2; tail -n 40 "$work/node-$1.log" >&2; exit 1
}

# One at a time: the first creates and seeds the database.
node a "$port_a"; pid_a=$node_pid
node b "$port_b"
sed -e "s|{{DIR}}|$work|g" -e "s|{{PORT}}|$port|g" -e "s|{{NODE_A}}|$port_a|g" -e "s|{{NODE_B}}|$port_b|g" \
  infra/local-cluster/nginx.conf.template >"$work/nginx.conf"
taskset -c "$client_cpu" nginx -c "$work/nginx.conf" -p "$work" &
pids+=($!)
sleep 1

echo "== failover: $viewers viewers, $rate edits/s, node A killed after 15 s (load: $(cut -d' ' -f1-3 /proc/loadavg))"
taskset -c "$client_cpu" dotnet bench/Workspace.LoadGen/bin/Release/net10.0/Workspace.LoadGen.dll \
  --url "http://127.0.0.1:$port" --failover --kill-pid "$pid_a" --kill-node "127.0.0.1:$port_a" \
  --viewers "$viewers" --rate "$rate" --acknowledged "$results/acknowledged.txt" --json "$results/failover.json" \
  >"$results/failover.txt" 2>"$results/failover.err" || echo "generator exit code $?"
grep -vE "^\s*$" "$results/failover.txt" | tail -n 20

# Every acknowledged edit must be in the goal's history.
sqlite3 "$work/workspace.db" "SELECT NewValue FROM ChangeRecords WHERE Field = 'Title'" >"$results/saved.txt"
lost=0
while read -r nonce; do grep -qF -- "$nonce" "$results/saved.txt" || { lost=$((lost + 1)); echo "lost: $nonce"; }; done <"$results/acknowledged.txt"
echo "acknowledged edits: $(wc -l <"$results/acknowledged.txt"), missing from the database: $lost"
