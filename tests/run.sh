#!/usr/bin/env bash
# Builds the solution (warnings are errors) and runs every test project: unit, component, integration and E2E.
# On a fresh Debian machine it first installs what the browser tests need: Debian's Chromium headless shell and CJK fonts.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium-headless-shell ]; then
    echo "Installing Chromium's headless shell and CJK fonts for the browser tests (apt)..."
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium-headless-shell fonts-noto-cjk >/dev/null
fi

# The sending tests and benchmark run a real SMS gateway: Kannel with its fake SMSC (no service starts on install).
if ! command -v bearerbox >/dev/null || [ ! -x /usr/lib/kannel/test/fakesmsc ]; then
    echo "Installing Kannel for the sending tests (apt)..."
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq kannel kannel-extras >/dev/null
fi

# The export tests read every workbook back with exceljs as well (a reader that is not .NET); node is required.
if [ ! -d tests/xlsx-reader/node_modules ]; then
    npm ci --prefix tests/xlsx-reader --no-audit --no-fund --loglevel=error >/dev/null
fi

results="$(pwd)/TestResults"
rm -rf "$results"
dotnet build KooMessage.Console.sln -c Release -warnaserror -nologo -clp:ErrorsOnly

status=0
# Two test hosts at a time share the two cores with their consoles, Kannel and browsers: CPU is the limit (vmstat: no
# idle time, 16 runnable threads, a quarter of it in the kernel). An idle thread-pool worker then spins before it
# sleeps, and tiered PGO instruments code that short-lived processes never reuse; both only burn what the others need.
DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 DOTNET_TieredPGO=0 \
dotnet test KooMessage.Console.sln -c Release --no-build --nologo \
    --logger "trx;LogFilePrefix=km" --results-directory "$results" || status=$?

# The performance figures at a small size: proof that each still runs (the README's figures come from a full-size run).
echo "Benchmarks (small size):"
dotnet run -c Release --no-build --project tests/KooMessage.Console.Benchmarks -- --small || status=$?

# One closing line for every run: the totals over all test projects.
passed=0
failed=0
for trx in "$results"/*.trx; do
    [ -f "$trx" ] || continue
    counters=$(grep -o '<Counters [^>]*>' "$trx")
    p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
    f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0}))
done
echo "E2E screenshots: tests/KooMessage.Console.E2ETests/bin/Release/net10.0/screenshots/"
echo "tests: $passed passed, $failed failed"
if [ "$passed" -eq 0 ]; then
    echo "No test ran." >&2
    exit 1
fi
exit "$status"
