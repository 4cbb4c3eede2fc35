#!/usr/bin/env bash
# Issue 21: many typists in one text. N real circuits on one goal page each open "Edit description" and play
# co-text.js (Workspace.LoadGen --page cotype), typing at a steady rate; keystroke → other screens, convergence,
# server CPU per keystroke. Writes the "Co-typing" section of docs/benchmarks.md (between the cotype markers).
#
#   bench/cotype.sh full    # 40 typists × 3 keystrokes/s: 90 s of warm-up, then 60 s measured (about 4 minutes with the build)
#   bench/cotype.sh quick   # 5 typists × 3/s: 5 s of warm-up, then 10 s: checks the script
#
# The warm-up types at the same rate but stays out of the figures (the report gives its latency and CPU apart): a fresh
# app spends its first minute or so of typing compiling its hot code again, optimised, on the one core it has.
#
# A fresh app (Release build, Development environment for the demo data and the bench endpoints) pinned to core
# BENCH_SERVER_CPU, the generator to BENCH_CLIENT_CPU, as bench/watchers.sh does.
# Knobs: BENCH_PORT (5185), BENCH_TYPISTS, BENCH_RATE, BENCH_SECONDS, BENCH_WARMUP_SECONDS, BENCH_KEEP_RESULTS=DIR (copy the raw results there).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

size=${1:-quick}
case "$size" in quick | full) ;; *) echo "usage: bench/cotype.sh quick|full" >&2; exit 2 ;; esac
if [[ $size == full ]]; then typists=40 rate=3 seconds=60 warmup=90; else typists=5 rate=3 seconds=10 warmup=5; fi
typists=${BENCH_TYPISTS:-$typists}
rate=${BENCH_RATE:-$rate}
seconds=${BENCH_SECONDS:-$seconds}
warmup=${BENCH_WARMUP_SECONDS:-$warmup}

port=${BENCH_PORT:-5185}
server_cpu=${BENCH_SERVER_CPU:-0}
client_cpu=${BENCH_CLIENT_CPU:-1}
work=$(mktemp -d /tmp/workspace-cotype.XXXXXX)
results=$work/results
mkdir -p "$results"
server_pid=""

stop_server() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid"
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
trap 'stop_server; rm -rf "$work"' EXIT

pin() { # pin CPU command...: taskset when there is more than one core
  local cpu=$1; shift
  if command -v taskset >/dev/null && [[ $(nproc) -gt 1 ]]; then taskset -c "$cpu" "$@"; else "$@"; fi
}

echo "== building (Release)"
dotnet build src/Workspace.Web -c Release -v quiet -nologo >/dev/null
dotnet build bench/Workspace.LoadGen -c Release -v quiet -nologo >/dev/null

# Something else answering on the port would be measured instead of this build: refuse.
if curl -s --max-time 5 -o /dev/null "http://127.0.0.1:$port/"; then
  echo "port $port already answers: stop what is listening there, or set BENCH_PORT" >&2
  exit 1
fi
mkdir -p "$work/app"
pin_server=()
if command -v taskset >/dev/null && [[ $(nproc) -gt 1 ]]; then pin_server=(taskset -c "$server_cpu"); fi
(
  cd src/Workspace.Web
  exec env ASPNETCORE_URLS="http://127.0.0.1:$port" \
    ASPNETCORE_ENVIRONMENT=Development \
    ConnectionStrings__Workspace="Data Source=$work/app/workspace.db" \
    DataProtection__KeysPath="$work/app/keys" \
    Bench__Endpoints=true \
    RateLimits__AccountPostsPerMinute=100000 \
    Logging__LogLevel__Default=Warning \
    "${pin_server[@]}" dotnet bin/Release/net10.0/Workspace.Web.dll
) >"$work/app/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 240); do
  if ! kill -0 "$server_pid" 2>/dev/null; then break; fi
  if curl -sf "http://127.0.0.1:$port/_bench/heap" >/dev/null; then break; fi
  sleep 0.5
done
if ! curl -sf "http://127.0.0.1:$port/_bench/heap" >/dev/null; then
  echo "the app did not start; its log:" >&2
  cat "$work/app/server.log" >&2
  exit 1
fi

echo "== cotype: $typists typists × $rate keystrokes/s, $warmup s of warm-up then $seconds s measured (load: $(cut -d' ' -f1-3 /proc/loadavg))"
cut -d' ' -f1-3 /proc/loadavg >"$results/cotype.load"
status=0
pin "$client_cpu" dotnet bench/Workspace.LoadGen/bin/Release/net10.0/Workspace.LoadGen.dll \
  --url "http://127.0.0.1:$port" --page cotype --typists "$typists" --rate "$rate" --seconds "$seconds" --warmup-seconds "$warmup" \
  --json "$results/cotype.json" | tee "$results/cotype.txt" || status=$?
stop_server

if [[ -n ${BENCH_KEEP_RESULTS:-} ]]; then mkdir -p "$BENCH_KEEP_RESULTS" && cp -r "$results"/. "$BENCH_KEEP_RESULTS"/; fi
if [[ ! -f $results/cotype.json ]]; then
  echo "the run wrote no report; docs/benchmarks.md is unchanged" >&2
  exit 1
fi
echo "== writing docs/benchmarks.md (Co-typing)"
python3 bench/report.py "cotype-$size" "$results" docs/benchmarks.md
echo "done: docs/benchmarks.md"
exit "$status"
