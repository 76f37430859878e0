#!/usr/bin/env bash
# Runs a C test (with an optional runner, e.g. valgrind) against three TLS emulators (a valid
# certificate, one for "localhost" only, an expired one) and three real proxies from .venv.
# usage: PY=.venv/bin/python tests/c/run-tls.sh [runner...] build/c/test_tls
set -euo pipefail
here=$(dirname "$0")/../..
with=$here/scripts/with-emulator.sh
proxy=("${PY:-.venv/bin/python}" "$here/scripts/test-proxy.py")
EMULATOR_ENV=CC_EXPIRED "$with" --tls-expired -- \
    env EMULATOR_ENV=CC_WRONG_HOST "$with" --tls-names localhost -- \
    "$with" --tls -- \
    "${proxy[@]}" tunnel -- "${proxy[@]}" auth -- "${proxy[@]}" intercept -- \
    "$@"
