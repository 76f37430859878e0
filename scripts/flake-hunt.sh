#!/usr/bin/env bash
# Runs the Rust and Python test suites N times on a loaded machine (two busy-loop processes)
# and lists every test that failed at least once. Exits 1 if any did.
# usage: scripts/flake-hunt.sh N      (make flake-hunt N=20)
set -uo pipefail

runs=${1:-20}
python=${PYTHON:-.venv/bin/python}
log_dir=build/flake-hunt
rm -rf "$log_dir"
mkdir -p "$log_dir"

busy=()
for _ in 1 2; do
    sh -c 'while :; do :; done' &
    busy+=($!)
done
trap 'kill "${busy[@]}" 2>/dev/null; wait "${busy[@]}" 2>/dev/null' EXIT

failures=$log_dir/failures.txt
: >"$failures"
# The HTTPS tests start real proxies with the project's Python (as `make rust-test` does).
export CERTCENTRAL_TEST_PYTHON=${CERTCENTRAL_TEST_PYTHON:-$PWD/.venv/bin/python}
for run in $(seq 1 "$runs"); do
    cargo test --features emulator,cli --no-fail-fast >"$log_dir/rust-$run.log" 2>&1
    grep -E '^test .* \.\.\. FAILED$' "$log_dir/rust-$run.log" \
        | sed -e 's/^test //' -e 's/ \.\.\. FAILED$//' -e "s/^/rust run $run: /" >>"$failures"
    if grep -qE '^error: (could not compile|test failed)' "$log_dir/rust-$run.log" \
        && ! grep -q "^rust run $run:" "$failures"; then
        echo "rust run $run: the suite failed without a failing test (see $log_dir/rust-$run.log)" >>"$failures"
    fi
    "$python" -m pytest -q -p no:randomly >"$log_dir/python-$run.log" 2>&1
    grep -E '^(FAILED|ERROR) ' "$log_dir/python-$run.log" \
        | sed -e 's/ - .*//' -e "s/^/python run $run: /" >>"$failures"
    echo "run $run of $runs: $(grep -c "run $run:" "$failures") failure(s)"
done

if [[ -s $failures ]]; then
    echo "== tests that failed at least once (logs in $log_dir):"
    sed -E 's/^(rust|python) run [0-9]+: //' "$failures" | sort | uniq -c | sort -rn
    exit 1
fi
echo "== no test failed in $runs loaded runs of the Rust and Python suites"
