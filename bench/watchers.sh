#!/usr/bin/env bash
# The watchers' path against circuits, in one sitting, and its figures in the "Watchers" section of
# docs/benchmarks.md (between the watchers markers).
#
#   bench/watchers.sh full    # circuits on the dashboard 200 × 20 edits/s and 1,000 × 10/s (for comparison), then
#                             # watchers on the live hub 200 × 20/s, 1,000 × 10/s, the last of 5,000, 20,000 held
#                             # (memory per watcher), and 20 Chromium pages on the wall (about 30 minutes)
#   bench/watchers.sh quick   # the same runs at small scale (50 × 5/s, 100 × 5/s, 200, 500 held, 2 browsers): checks the script
#
# Each run gets a fresh app (Release build, Development environment for the demo data and the bench
# endpoints) pinned to core BENCH_SERVER_CPU, the generator to BENCH_CLIENT_CPU, as bench/run.sh does.
# Every edit records a decision: the dashboard, the wall and the followed dashboard all show "Recent decisions".
# Knobs: BENCH_PORT (5184), BENCH_HUB_PAGE (wall, or follow), BENCH_HUB_WARMUP_SECONDS (150 full, 0 quick), BENCH_HOLD_WATCHERS (20000), BENCH_HOLD_SECONDS (60),
# BENCH_SKIP_CIRCUITS=1, BENCH_SKIP_BROWSER=1, BENCH_KEEP_RESULTS=DIR (copy the raw results there).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

size=${1:-quick}
case "$size" in quick | full) ;; *) echo "usage: bench/watchers.sh quick|full" >&2; exit 2 ;; esac

port=${BENCH_PORT:-5184}
server_cpu=${BENCH_SERVER_CPU:-0}
client_cpu=${BENCH_CLIENT_CPU:-1}
hub_page=${BENCH_HUB_PAGE:-wall}
# Seconds of edits at 20/s to the 50 warm-up watchers before each latency run, outside the figures: 150 in the full runs, past the
# ~90 s the runtime takes to recompile the hot code optimised (journal §42); none in the quick ones, which only check the script.
hub_warmup=${BENCH_HUB_WARMUP_SECONDS:-$([[ $size == full ]] && echo 150 || echo 0)}
work=$(mktemp -d /tmp/workspace-watchers.XXXXXX)
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

# Each watcher is a socket on both sides: the app and the generator each need one descriptor per watcher.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
files=$(ulimit -n)
hold=${BENCH_HOLD_WATCHERS:-20000}
if [[ $size == quick ]]; then hold=500; fi
if [[ $files != unlimited && $((hold + 1000)) -gt $files ]]; then
  echo "warning: open files are limited to $files per process (ulimit -Hn); holding $((files - 1000)) watchers instead of $hold" >&2
  hold=$((files - 1000))
fi
read -r port_low port_high </proc/sys/net/ipv4/ip_local_port_range
if [[ $((port_high - port_low)) -lt $((hold + 6000)) ]]; then
  echo "warning: $((port_high - port_low)) local ports (net.ipv4.ip_local_port_range) for $hold watchers and the runs before" >&2
fi

echo "== building (Release)"
dotnet build src/Workspace.Web -c Release -v quiet -nologo >/dev/null
dotnet build bench/Workspace.LoadGen -c Release -v quiet -nologo >/dev/null
browser=1
if [[ -n ${BENCH_SKIP_BROWSER:-} || ! -x /usr/bin/chromium ]]; then browser=""; fi
if [[ -n $browser ]]; then dotnet build bench/Workspace.BrowserBench -c Release -v quiet -nologo >/dev/null; fi

start_server() {
  stop_server
  # Something else answering on the port would be measured instead of this build: refuse.
  if curl -s --max-time 5 -o /dev/null "http://127.0.0.1:$port/"; then
    echo "port $port already answers: stop what is listening there, or set BENCH_PORT" >&2
    exit 1
  fi
  rm -rf "$work/app"
  mkdir -p "$work/app"
  local pin_server=()
  if command -v taskset >/dev/null && [[ $(nproc) -gt 1 ]]; then pin_server=(taskset -c "$server_cpu"); fi
  (
    cd src/Workspace.Web
    exec env ASPNETCORE_URLS="http://127.0.0.1:$port" \
      ASPNETCORE_ENVIRONMENT=Development \
      ConnectionStrings__Workspace="Data Source=$work/app/workspace.db" \
      DataProtection__KeysPath="$work/app/keys" \
      Bench__Endpoints=true \
      RateLimits__AccountPostsPerMinute=100000 \
      Quotas__LogPostsPerPersonPerMinute=1000000 \
      Logging__LogLevel__Default=Warning \
      "${pin_server[@]}" dotnet bin/Release/net10.0/Workspace.Web.dll
  ) >"$work/app/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 240); do
    if ! kill -0 "$server_pid" 2>/dev/null; then break; fi
    if curl -sf "http://127.0.0.1:$port/_bench/heap" >/dev/null; then return 0; fi
    sleep 0.5
  done
  echo "the app did not start; its log:" >&2
  cat "$work/app/server.log" >&2
  exit 1
}

# load NAME LOADGEN-ARGS...: one generator run against a fresh app; its report lands in results/NAME.json.
load() {
  local name=$1; shift
  start_server
  echo "== $name: $* (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  cut -d' ' -f1-3 /proc/loadavg >"$results/$name.load"
  pin "$client_cpu" dotnet bench/Workspace.LoadGen/bin/Release/net10.0/Workspace.LoadGen.dll \
    --url "http://127.0.0.1:$port" --json "$results/$name.json" "$@" | tee "$results/$name.txt" || true
  stop_server
}

if [[ $size == full ]]; then
  if [[ -z ${BENCH_SKIP_CIRCUITS:-} ]]; then
    load circuit-200 --page dashboard --viewers 200 --edits 400 --rate 20 --warmup 50
    load circuit-1000 --page dashboard --viewers 1000 --edits 200 --rate 10 --warmup 50 --connect-concurrency 16 --ready-timeout 300 --delivery-timeout 120
  fi
  load hub-200 --page "$hub_page" --viewers 200 --edits 400 --rate 20 --warmup 50 --warmup-seconds "$hub_warmup" --warmup-rate 20
  load hub-1000 --page "$hub_page" --viewers 1000 --edits 200 --rate 10 --warmup 50 --warmup-seconds "$hub_warmup" --warmup-rate 20 --connect-concurrency 32
  load hub-5000 --page "$hub_page" --viewers 5000 --edits 20 --rate 1 --warmup 50 --warmup-seconds "$hub_warmup" --warmup-rate 20 --connect-concurrency 32 --ready-timeout 300 --delivery-timeout 120
  # The held run measures memory and reach, not latency: no warm-up edits.
  load hub-held --page "$hub_page" --viewers "$hold" --edits 10 --rate 1 --warmup 50 --connect-concurrency 64 \
    --ready-timeout 600 --delivery-timeout 180 --hold "${BENCH_HOLD_SECONDS:-60}"
  observers=20 browser_edits=50
else
  if [[ -z ${BENCH_SKIP_CIRCUITS:-} ]]; then
    load circuit-200 --page dashboard --viewers 50 --edits 50 --rate 5 --warmup 10 --settle 10
    load circuit-1000 --page dashboard --viewers 100 --edits 25 --rate 5 --warmup 10 --settle 10
  fi
  load hub-200 --page "$hub_page" --viewers 50 --edits 50 --rate 5 --warmup 10 --warmup-seconds "$hub_warmup" --warmup-rate 20 --settle 10
  load hub-1000 --page "$hub_page" --viewers 100 --edits 25 --rate 5 --warmup 10 --warmup-seconds "$hub_warmup" --warmup-rate 20 --settle 10
  load hub-5000 --page "$hub_page" --viewers 200 --edits 5 --rate 1 --warmup 10 --warmup-seconds "$hub_warmup" --warmup-rate 20 --settle 10
  load hub-held --page "$hub_page" --viewers "$hold" --edits 5 --rate 1 --warmup 10 --warmup-seconds "$hub_warmup" --warmup-rate 20 --settle 10 --connect-concurrency 32 --hold "${BENCH_HOLD_SECONDS:-10}"
  observers=2 browser_edits=10
fi

if [[ -n $browser ]]; then
  start_server
  echo "== browser-wall: $observers Chromium pages on the wall (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  cut -d' ' -f1-3 /proc/loadavg >"$results/browser-wall.load"
  pin "$client_cpu" dotnet bench/Workspace.BrowserBench/bin/Release/net10.0/Workspace.BrowserBench.dll \
    --url "http://127.0.0.1:$port" --page wall --observers "$observers" --edits "$browser_edits" --rate 2 \
    --json "$results/browser-wall.json" || true
  stop_server
fi

if [[ -n ${BENCH_KEEP_RESULTS:-} ]]; then mkdir -p "$BENCH_KEEP_RESULTS" && cp -r "$results"/. "$BENCH_KEEP_RESULTS"/; fi
echo "== writing docs/benchmarks.md (Watchers)"
python3 bench/report.py "watchers-$size" "$results" docs/benchmarks.md
echo "done: docs/benchmarks.md"
