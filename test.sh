#!/usr/bin/env bash
# Builds the solution strictly, checks formatting, runs every test project in Workspace.sln and
# ends with one line: "tests: N passed, N failed" (", N skipped" when some were skipped).
# With WORKSPACE_TEST_SQLSERVER set to a connection string, the tests run on that SQL Server instead of SQLite.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

results_dir=.test-results
status=0

# The browser tests drive Debian's chromium (never Playwright's own download); the multi-node tests
# start Debian's redis-server and nginx themselves, on 127.0.0.1.
missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
[[ -x /usr/bin/redis-server ]] || missing+=(redis-server)
[[ -x /usr/sbin/nginx ]] || missing+=(nginx)
if [[ ${#missing[@]} -gt 0 ]]; then
  as_root=()
  if [[ $(id -u) -ne 0 ]]; then as_root=(sudo); fi
  "${as_root[@]}" apt-get update
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

summary() {
  echo "tests: $1 passed, $2 failed${3:+, $3 skipped}"
}

dotnet tool restore

if ! dotnet build Workspace.sln -warnaserror; then
  echo "test.sh: the build failed; no tests were run." >&2
  summary 0 0
  exit 1
fi

if ! dotnet format Workspace.sln --verify-no-changes; then
  echo "test.sh: formatting differs from .editorconfig (run 'dotnet format Workspace.sln')." >&2
  status=1
fi

rm -rf "$results_dir"
mkdir -p "$results_dir"
# The browser tests write the server's warnings and the pages' console errors here.
export WORKSPACE_E2E_LOG="$PWD/$results_dir/e2e-diagnostics.log"
test_exit=0
if [[ -n ${WORKSPACE_TEST_SQLSERVER:-} ]]; then
  # On SQL Server, the tests of SQLite itself run in a SQLite process of their own: EF Core binds each
  # compiled query to the first model it runs against, so one process cannot mix the two providers.
  dotnet test Workspace.sln --no-build --logger trx --results-directory "$results_dir" \
    --filter "Database!=Sqlite" || test_exit=$?
  env -u WORKSPACE_TEST_SQLSERVER dotnet test Workspace.sln --no-build --logger trx \
    --results-directory "$results_dir" --filter "Database=Sqlite" || test_exit=$?
else
  dotnet test Workspace.sln --no-build --logger trx --results-directory "$results_dir" || test_exit=$?
fi

shopt -s nullglob
trx_files=("$results_dir"/*.trx)
if [[ ${#trx_files[@]} -eq 0 ]]; then
  echo "test.sh: no TRX file was produced in $results_dir." >&2
  summary 0 0
  exit 1
fi

read -r passed failed skipped < <(python3 - "${trx_files[@]}" <<'PY'
import sys
import xml.etree.ElementTree as ET

passed = failed = skipped = 0
for path in sys.argv[1:]:
    counters = ET.parse(path).getroot().find(".//{*}ResultSummary/{*}Counters")
    if counters is None:
        continue
    count = lambda name: int(counters.get(name, 0))
    passed += count("passed")
    failed += count("failed") + count("error") + count("timeout") + count("aborted")
    # xUnit's skipped tests count in "total" but not in "executed" (notExecuted stays 0).
    skipped += max(count("notExecuted"), count("total") - count("executed"))
print(passed, failed, skipped)
PY
)

if [[ $test_exit -ne 0 && $failed -eq 0 ]]; then
  echo "test.sh: dotnet test exited with $test_exit although no test failed (a test host may have crashed)." >&2
  status=1
fi
if [[ $failed -gt 0 ]]; then
  status=1
  if [[ -s $WORKSPACE_E2E_LOG ]]; then
    echo "test.sh: what the browser tests' server reported ($WORKSPACE_E2E_LOG), then its last lines:" >&2
    grep -E '^[0-9:.]+ server ' "$WORKSPACE_E2E_LOG" | cut -c1-1500 | tail -n 80 >&2 || true
    echo "..." >&2
    tail -n 20 "$WORKSPACE_E2E_LOG" | cut -c1-400 >&2
  fi
fi

if [[ $skipped -gt 0 ]]; then
  summary "$passed" "$failed" "$skipped"
else
  summary "$passed" "$failed"
fi
exit "$status"
