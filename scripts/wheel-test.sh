#!/usr/bin/env bash
# Installs the wheel into a fresh venv, as someone without Rust would, and runs the smoke script
# and the pytest files of tests/wheel/ against the bundled emulator: the package's pytest plugin,
# and the installed `certcentral` console script's bulk promises (test_bulk_command.py).
# usage: scripts/wheel-test.sh WHEEL WORKDIR
# WORKDIR is emptied first; the venv and a copy of the tests go there. pytest comes from PyPI at
# the version requirements-dev.txt pins; the wheel itself depends on nothing.
set -euo pipefail

wheel=$(realpath "$1")
work=$2
root=$(realpath "$(dirname "$0")/..")

rm -rf "$work"
mkdir -p "$work"
work=$(realpath "$work")
python3 -m venv "$work/venv"
cp "$root"/tests/wheel/*.py "$root"/tests/wheel/pytest.ini "$work/"

# From here on: only the venv and the system's own directories on PATH (less any that holds a
# Rust toolchain, as a distribution's cargo package would), and nothing from the project's .venv.
path="$work/venv/bin"
for dir in /usr/bin /bin; do
    if [[ -e $dir/cargo || -e $dir/rustc ]]; then
        echo "wheel-test: $dir has cargo or rustc; leaving it off PATH" >&2
    else
        path+=":$dir"
    fi
done
export PATH=$path
unset VIRTUAL_ENV PYTHONPATH CARGO_HOME RUSTUP_HOME CARGO_TARGET_DIR
for tool in cargo rustc; do
    if command -v "$tool" >/dev/null; then
        echo "wheel-test: $tool is still on PATH at $(command -v "$tool")" >&2
        exit 1
    fi
done

cd "$work"
# --only-binary: pip must not build anything from source (it could not: there is no Rust).
python -m pip install --quiet --only-binary :all: -c "$root/requirements-dev.txt" "$wheel" pytest
python smoke.py
python -m pytest
