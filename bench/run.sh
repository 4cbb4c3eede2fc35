#!/usr/bin/env bash
# Runs the benchmarks and writes their figures into docs/benchmarks.md (between the "generated" markers).
#
#   bench/run.sh smoke   # 100 circuits × 60 edits at 5/s (WebSocket compression on, then off),
#                        # dashboard 100 viewers × 30 decisions at 2/s, workshop 40 participants × 40 ideas at 4/s, save runs,
#                        # BenchmarkDotNet dashboard render (about 10 minutes in all)
#   bench/run.sh full    # 200 × 20/s, 1,000 × 10/s, broadcast to 5,000, dashboard 1,000 viewers, workshop 40 people
#                        # posting fast, BenchmarkDotNet, browser observers
#   bench/run.sh saves   # the save path alone, at the full size (saves/s, p99, SQL commands per save, 40 people on one goal);
#                        # rewrites only its rows of "Latest run"
#   bench/run.sh soak    # 500 circuits on the goal page for 30 minutes, 5 replaced per second, 1 edit/s, the server's
#                        # heap sampled every minute; writes only the "Soak" section (BENCH_SOAK_CIRCUITS, BENCH_SOAK_MINUTES,
#                        # BENCH_SOAK_CHURN to change it)
#
# The app (Release build, Development environment so it seeds the demo partnership and may switch on
# the bench endpoints) runs on CPU core BENCH_SERVER_CPU, the load generator on BENCH_CLIENT_CPU.
# Other knobs: BENCH_PORT (5183), BENCH_BROADCAST_VIEWERS (5000), BENCH_SKIP_MICRO=1, BENCH_MICRO_FILTER, BENCH_SKIP_BROWSER=1,
# BENCH_SERVER_ENV="Blazor__WebSocketCompression=false" (settings for the app under test, e.g. to compare a switch),
# BENCH_KEEP_RESULTS=DIR (copy the raw results, JSON and text, there before writing the figures).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

size=${1:-smoke}
case "$size" in smoke | full | soak | saves) ;; *) echo "usage: bench/run.sh smoke|full|soak|saves" >&2; exit 2 ;; esac

port=${BENCH_PORT:-5183}
server_cpu=${BENCH_SERVER_CPU:-0}
client_cpu=${BENCH_CLIENT_CPU:-1}
work=$(mktemp -d /tmp/workspace-bench.XXXXXX)
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
if [[ $size != saves ]]; then
  dotnet build src/Workspace.Web -c Release -v quiet -nologo >/dev/null
  dotnet build bench/Workspace.LoadGen -c Release -v quiet -nologo >/dev/null
fi
if [[ $size != soak ]]; then dotnet build bench/Workspace.Benchmarks -c Release -v quiet -nologo >/dev/null; fi
if [[ $size == full ]]; then dotnet build bench/Workspace.BrowserBench -c Release -v quiet -nologo >/dev/null; fi

# start_server [VAR=value...]: a fresh app (own database and key ring), extra settings as environment
# variables (e.g. Blazor__WebSocketCompression=false); waits until it answers.
start_server() {
  stop_server
  # Something else answering on the port (a server left from an earlier run) would be measured
  # instead of this build, since the new one could not bind: refuse rather than report its figures.
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
      Quotas__IdeasPerPersonPerItem=1000000 \
      Logging__LogLevel__Default=Warning \
      "$@" \
      "${pin_server[@]}" dotnet bin/Release/net10.0/Workspace.Web.dll
  ) >"$work/app/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 120); do
    if ! kill -0 "$server_pid" 2>/dev/null; then break; fi
    if curl -sf "http://127.0.0.1:$port/_bench/heap" >/dev/null; then return 0; fi
    sleep 0.5
  done
  echo "the app did not start; its log:" >&2
  cat "$work/app/server.log" >&2
  exit 1
}

# load NAME LOADGEN-ARGS...: one generator run against a fresh app; its report lands in results/NAME.json.
# SERVER_ENV="VAR=value ..." adds settings to the app of this run only.
load() {
  local name=$1; shift
  # shellcheck disable=SC2086 # BENCH_SERVER_ENV and SERVER_ENV hold VAR=value words.
  start_server ${BENCH_SERVER_ENV:-} ${SERVER_ENV:-}
  echo "== $name: $* (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  cut -d' ' -f1-3 /proc/loadavg >"$results/$name.load"
  pin "$client_cpu" dotnet bench/Workspace.LoadGen/bin/Release/net10.0/Workspace.LoadGen.dll \
    --url "http://127.0.0.1:$port" --json "$results/$name.json" "$@" | tee "$results/$name.txt" || true
  stop_server
}

write_report() {
  if [[ -n ${BENCH_KEEP_RESULTS:-} ]]; then mkdir -p "$BENCH_KEEP_RESULTS" && cp -r "$results"/. "$BENCH_KEEP_RESULTS"/; fi
  echo "== writing docs/benchmarks.md"
  python3 bench/report.py "$size" "$results" docs/benchmarks.md
  echo "done: docs/benchmarks.md"
}

if [[ $size == soak ]]; then
  # Circuits are closed cleanly (connection stopped, then _blazor/disconnect), so the server disposes
  # each at once; the server's own circuit count in every sample shows none waits for a reconnection.
  load soak --soak "${BENCH_SOAK_MINUTES:-30}" --viewers "${BENCH_SOAK_CIRCUITS:-500}" \
    --churn-per-second "${BENCH_SOAK_CHURN:-5}" --rate 1 --sample-seconds 60 --settle 60 --warmup 20 --connect-concurrency 16
  write_report
  exit 0
fi

if [[ $size == saves ]]; then
  BENCH_SKIP_MICRO=1
elif [[ $size == smoke ]]; then
  load fanout-100 --viewers 100 --edits 60 --rate 5 --warmup 20
  SERVER_ENV="Blazor__WebSocketCompression=false" load fanout-100-uncompressed --viewers 100 --edits 60 --rate 5 --warmup 20
  load dashboard-100 --page dashboard --viewers 100 --edits 30 --rate 2 --warmup 20
  load workshop-40 --page workshop --viewers 40 --edits 40 --rate 4 --warmup 10
else
  load fanout-200 --viewers 200 --edits 400 --rate 20 --warmup 50
  load fanout-1000 --viewers 1000 --edits 200 --rate 10 --warmup 50 --connect-concurrency 16
  load broadcast --viewers "${BENCH_BROADCAST_VIEWERS:-5000}" --edits 20 --rate 1 --warmup 50 --connect-concurrency 16 --ready-timeout 900 --delivery-timeout 120
  load dashboard-1000 --page dashboard --viewers 1000 --edits 60 --rate 2 --warmup 50 --connect-concurrency 16 --ready-timeout 300 --delivery-timeout 120
  load workshop-40-fast --page workshop --viewers 40 --edits 200 --rate 20 --warmup 10
fi

echo "== save path: edits/s with concurrent editors, 40 people on one goal (load: $(cut -d' ' -f1-3 /proc/loadavg))"
cut -d' ' -f1-3 /proc/loadavg >"$results/saves.load"
if [[ $size == smoke ]]; then save_args=(--seconds 5 --rounds 5); else save_args=(--seconds 20 --rounds 10); fi
pin "$server_cpu" dotnet bench/Workspace.Benchmarks/bin/Release/net10.0/Workspace.Benchmarks.dll saves \
  --json "$results/saves.json" --concurrency 16 --people 40 "${save_args[@]}" || true

if [[ -z ${BENCH_SKIP_MICRO:-} ]]; then
  # Smoke: the dashboard render only (its target row); full: every BenchmarkDotNet class.
  if [[ $size == full ]]; then micro_filter='*'; else micro_filter='*DashboardRender*'; fi
  micro_filter=${BENCH_MICRO_FILTER:-$micro_filter}
  echo "== BenchmarkDotNet ($micro_filter, short job; load: $(cut -d' ' -f1-3 /proc/loadavg))"
  cut -d' ' -f1-3 /proc/loadavg >"$results/micro.load"
  (cd bench/Workspace.Benchmarks && pin "$server_cpu" dotnet run -c Release -- --filter "$micro_filter" --job short \
    --exporters json --artifacts "$results/bdn") | tail -n 60 || true
fi

if [[ $size == full && -z ${BENCH_SKIP_BROWSER:-} && -x /usr/bin/chromium ]]; then
  # shellcheck disable=SC2086 # BENCH_SERVER_ENV holds VAR=value words.
  start_server ${BENCH_SERVER_ENV:-}
  echo "== browser observers (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  cut -d' ' -f1-3 /proc/loadavg >"$results/browser.load"
  pin "$client_cpu" dotnet bench/Workspace.BrowserBench/bin/Release/net10.0/Workspace.BrowserBench.dll \
    --url "http://127.0.0.1:$port" --observers 20 --edits 50 --rate 2 --json "$results/browser.json" || true
  stop_server
fi

write_report
