#!/usr/bin/env bash
# Runs a command against a fresh emulator: starts it on 127.0.0.1 (any free port), exports
# CERTCENTRAL_BASE_URL and DIGICERT_API_KEY, runs the command, and stops the emulator.
# usage: [CERTCENTRAL_EMULATOR=PATH] scripts/with-emulator.sh [emulator flags --] command [args...]
# CERTCENTRAL_EMULATOR names the emulator binary (default: target/debug/certcentral-emulator).
set -euo pipefail

emulator=${CERTCENTRAL_EMULATOR:-target/debug/certcentral-emulator}
flags=()
if [[ " $* " == *" -- "* ]]; then
    while [[ $1 != "--" ]]; do flags+=("$1"); shift; done
    shift
fi

key=${DIGICERT_API_KEY:-demo-api-key}
out=$(mktemp)
"$emulator" --api-key "$key" "${flags[@]}" >"$out" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$out"' EXIT

for _ in $(seq 1 200); do
    [[ -s $out ]] && break
    kill -0 "$pid" 2>/dev/null || { echo "with-emulator: the emulator exited" >&2; exit 1; }
    sleep 0.05
done
base_url=$(head -n 1 "$out")
[[ -n $base_url ]] || { echo "with-emulator: no base URL after 10 s" >&2; exit 1; }

export CERTCENTRAL_BASE_URL=$base_url DIGICERT_API_KEY=$key
"$@"
