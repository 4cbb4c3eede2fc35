#!/usr/bin/env bash
# Does a second node take the load off the first? The goal page, VIEWERS viewers and RATE edits/s, run
# against one node and then against two nodes behind nginx (viewers spread by their own affinity
# cookies, edits made on node A), every node with Redis and held to the same CPU share of core
# BENCH_SERVER_CPU (0) by a CFS quota (QUOTA percent of a core, default 50): this machine has two cores and
# the generator needs one, so "one core per node" is run at a smaller share and load. The generator, nginx
# and redis-server run on BENCH_CLIENT_CPU (1). Needs root (cgroup v1 cpu controller).
#   bench/scaleout.sh [VIEWERS] [EDITS] [RATE] [QUOTA]     (default 500 300 10 50)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
viewers=${1:-500} edits=${2:-300} rate=${3:-10} quota=${4:-50}
server_cpu=${BENCH_SERVER_CPU:-0} client_cpu=${BENCH_CLIENT_CPU:-1}
port=5195 port_a=5196 port_b=5197 redis_port=6394
results=${BENCH_KEEP_RESULTS:-/tmp/bench-scaleout}
cgroups=/sys/fs/cgroup/cpu
work=$(mktemp -d /tmp/workspace-bench-scaleout.XXXXXX)
mkdir -p "$results"
pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pids=()
  for group in "$cgroups"/workspace-bench-*; do [[ -d $group ]] && rmdir "$group" 2>/dev/null || true; done
}
trap 'stop_all; rm -rf "$work"' EXIT

dotnet build src/Workspace.Web -c Release -v quiet -nologo >/dev/null
dotnet build bench/Workspace.LoadGen -c Release -v quiet -nologo >/dev/null

node() { # NAME PORT: one app on the run's database and Redis, on the server core, held to QUOTA % of it
  (cd src/Workspace.Web && exec env ASPNETCORE_URLS="http://127.0.0.1:$2" ASPNETCORE_ENVIRONMENT=Development \
    ConnectionStrings__Workspace="Data Source=$work/run/workspace.db" ConnectionStrings__Redis="127.0.0.1:$redis_port,abortConnect=false" \
    DataProtection__KeysPath="$work/run/keys-$1" Bench__Endpoints=true RateLimits__AccountPostsPerMinute=100000 \
    Logging__LogLevel__Default=Warning taskset -c "$server_cpu" dotnet bin/Release/net10.0/Workspace.Web.dll) >"$work/run/node-$1.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  mkdir -p "$cgroups/workspace-bench-$1"
  echo 100000 >"$cgroups/workspace-bench-$1/cpu.cfs_period_us"
  echo $((quota * 1000)) >"$cgroups/workspace-bench-$1/cpu.cfs_quota_us"
  echo "$pid" >"$cgroups/workspace-bench-$1/cgroup.procs"
  for _ in $(seq 1 480); do curl -sf "http://127.0.0.1:$2/health/ready" >/dev/null && return 0; sleep 0.5; done
  echo "node $1 did not start:" >&2; tail -n 40 "$work/run/node-$1.log" >&2; exit 1
}

run() { # NAME URL [generator options]
  local name=$1 url=$2; shift 2
  echo "== $name: $viewers viewers × $edits edits at $rate/s, each node held to $quota % of a core (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  taskset -c "$client_cpu" dotnet bench/Workspace.LoadGen/bin/Release/net10.0/Workspace.LoadGen.dll \
    --url "$url" --viewers "$viewers" --edits "$edits" --rate "$rate" --edit-url "http://127.0.0.1:$port_a" "$@" \
    --json "$results/$name.json" >"$results/$name.txt" 2>&1 || true
  grep -E "^(circuits|edits|deliveries|edit →|circuit errors)" "$results/$name.txt" | head -12
  for group in "$cgroups"/workspace-bench-*; do
    [[ -d $group ]] && echo "$(basename "$group"): throttled $(awk '/^nr_throttled/{print $2}' "$group/cpu.stat") of $(awk '/^nr_periods/{print $2}' "$group/cpu.stat") periods"
  done
  stop_all
}

fresh() {
  rm -rf "$work/run"; mkdir -p "$work/run"
  taskset -c "$client_cpu" redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no >/dev/null 2>&1 &
  pids+=($!)
}

fresh; node a "$port_a"; run one-node "http://127.0.0.1:$port_a"

fresh; node a "$port_a"; node b "$port_b"
sed -e "s|{{DIR}}|$work/run|g" -e "s|{{PORT}}|$port|g" -e "s|{{NODE_A}}|$port_a|g" -e "s|{{NODE_B}}|$port_b|g" \
  infra/local-cluster/nginx.conf.template >"$work/run/nginx.conf"
taskset -c "$client_cpu" nginx -c "$work/run/nginx.conf" -p "$work/run" &
pids+=($!)
sleep 1
run two-nodes "http://127.0.0.1:$port" --spread
