#!/usr/bin/env bash
# What crossing nodes costs: the same goal-page run three ways, in one sitting, Release builds.
#   one-node       one app, the in-process event bus (no Redis)
#   one-node-redis one app with ConnectionStrings:Redis: events also go out through Redis
#   two-nodes      edits through node A, the viewers on node B: every edit reaches them through Redis
# The viewers' node runs alone on core BENCH_SERVER_CPU (0); the generator, node A and redis-server share
# BENCH_CLIENT_CPU (1). Prints each run's report; raw results go to BENCH_KEEP_RESULTS (default /tmp/bench-cluster).
#   bench/cluster.sh [VIEWERS] [EDITS] [RATE]     (default 200 400 20)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
viewers=${1:-200} edits=${2:-400} rate=${3:-20}
server_cpu=${BENCH_SERVER_CPU:-0} client_cpu=${BENCH_CLIENT_CPU:-1}
port_b=5183 port_a=5184 redis_port=6392
results=${BENCH_KEEP_RESULTS:-/tmp/bench-cluster}
work=$(mktemp -d /tmp/workspace-bench-cluster.XXXXXX)
mkdir -p "$results"
pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pids=()
}
trap 'stop_all; rm -rf "$work"' EXIT

dotnet build src/Workspace.Web -c Release -v quiet -nologo >/dev/null
dotnet build bench/Workspace.LoadGen -c Release -v quiet -nologo >/dev/null

node() { # CPU PORT [VAR=value...]: one app on the run's database and key ring
  local cpu=$1 port=$2; shift 2
  (cd src/Workspace.Web && exec env ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Development \
    ConnectionStrings__Workspace="Data Source=$work/run/workspace.db" DataProtection__KeysPath="$work/run/keys" \
    Bench__Endpoints=true RateLimits__AccountPostsPerMinute=100000 Quotas__LogPostsPerPersonPerMinute=1000000 \
    Logging__LogLevel__Default=Warning "$@" taskset -c "$cpu" dotnet bin/Release/net10.0/Workspace.Web.dll) >"$work/run/node-$port.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$port/_bench/heap" >/dev/null && return 0; sleep 0.5; done
  echo "node on $port did not start:" >&2; tail -n 40 "$work/run/node-$port.log" >&2; exit 1
}

run() { # NAME [--edit-url URL]
  local name=$1; shift
  echo "== $name: $viewers viewers × $edits edits at $rate/s (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  taskset -c "$client_cpu" dotnet bench/Workspace.LoadGen/bin/Release/net10.0/Workspace.LoadGen.dll \
    --url "http://127.0.0.1:$port_b" --viewers "$viewers" --edits "$edits" --rate "$rate" "$@" \
    --json "$results/$name.json" >"$results/$name.txt" 2>&1 || true
  grep -E "^(heap|edits|deliveries|edit →|server CPU|circuit errors)" "$results/$name.txt" | head -12
  stop_all
}

fresh() { rm -rf "$work/run"; mkdir -p "$work/run"; }
redis="ConnectionStrings__Redis=127.0.0.1:$redis_port,abortConnect=false"

fresh; node "$server_cpu" "$port_b"; run one-node

fresh
taskset -c "$client_cpu" redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no >/dev/null 2>&1 &
pids+=($!)
node "$server_cpu" "$port_b" "$redis"; run one-node-redis

fresh
taskset -c "$client_cpu" redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no >/dev/null 2>&1 &
pids+=($!)
node "$server_cpu" "$port_b" "$redis"
node "$client_cpu" "$port_a" "$redis"
run two-nodes --edit-url "http://127.0.0.1:$port_a"
