#!/usr/bin/env bash
# Runs a command against a fresh emulator: starts it on 127.0.0.1 (any free port), exports
# CERTCENTRAL_BASE_URL and DIGICERT_API_KEY (and, with --tls, CERTCENTRAL_CA_BUNDLE: the path
# of the CA certificate to trust), runs the command, and stops the emulator.
# usage: [CERTCENTRAL_EMULATOR=PATH] scripts/with-emulator.sh [emulator flags --] command [args...]
# CERTCENTRAL_EMULATOR names the emulator binary (default: target/debug/certcentral-emulator).
# EMULATOR_ENV=PREFIX exports PREFIX_BASE_URL and PREFIX_CA_BUNDLE instead, so that emulators
# can be nested (default: CERTCENTRAL).
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
ca_file=
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$out" ${ca_file:+"$ca_file"}' EXIT

for _ in $(seq 1 200); do
    [[ -s $out ]] && break
    kill -0 "$pid" 2>/dev/null || { echo "with-emulator: the emulator exited" >&2; exit 1; }
    sleep 0.05
done
base_url=$(head -n 1 "$out")
[[ -n $base_url ]] || { echo "with-emulator: no base URL after 10 s" >&2; exit 1; }
prefix=${EMULATOR_ENV:-CERTCENTRAL}
unset EMULATOR_ENV
if [[ $base_url == https://* ]]; then
    # The second line, the CA's path, follows the first at once.
    for _ in $(seq 1 200); do
        [[ $(wc -l <"$out") -ge 2 ]] && break
        sleep 0.05
    done
    ca_file=$(sed -n 2p "$out")
    export "${prefix}_CA_BUNDLE=$ca_file"
fi

export "${prefix}_BASE_URL=$base_url" DIGICERT_API_KEY=$key
"$@"
