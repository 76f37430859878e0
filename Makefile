# certcentral: one Rust core, a C ABI and a Python module. `make demo` and `make test` do all
# set-up on a fresh machine (Rust toolchain with clippy and rustfmt, CPython 3 with venv, gcc,
# valgrind, pkg-config).

CARGO ?= cargo
CC ?= cc
PREFIX ?= /usr/local
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
ABI := 0

EMULATOR := target/debug/certcentral-emulator
WITH_EMULATOR := CERTCENTRAL_EMULATOR=$(EMULATOR) scripts/with-emulator.sh
LIB := build/lib
# The C library zeroes every block it frees (src/wipe.rs).
C_FEATURES := wipe-freed-memory
C_TESTS := api read threads garbage recorded lifecycle
# Over HTTPS, against three TLS emulators and three real proxies (tests/c/run-tls.sh).
WITH_TLS = CERTCENTRAL_EMULATOR=$(EMULATOR) PY=$(PY) tests/c/run-tls.sh
C_FLAGS := -std=c11 -Wall -Wextra -Werror -g -Iinclude
C_LINK := -L$(LIB) -lcertcentral -Wl,-rpath,$(abspath $(LIB)) -lpthread
VALGRIND := valgrind --quiet --error-exitcode=97 --leak-check=full --suppressions=tests/c/valgrind.supp \
	--errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect
# Link order and libraries a static link of the Rust core needs (cargo's native-static-libs).
STATIC_LIBS := -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc

VENV := .venv
PY := $(VENV)/bin/python
# The extension builds in its own target directory: its features differ from the C library's,
# and sharing target/release would rebuild one or the other on every run.
MATURIN := VIRTUAL_ENV=$(abspath $(VENV)) CARGO_TARGET_DIR=target/python $(VENV)/bin/maturin
RUFF := $(VENV)/bin/ruff
# Every Python file of the project: the package, its tests, the example and the benchmark.
PY_SOURCES := python tests/python tests/wheel examples/python bench scripts

FUZZ_SECONDS ?= 60
FUZZ_TARGETS := decode_responses emulator_requests

.PHONY: all build demo test lint format rust-test rust-doc c-test c-symbols header install emulator \
	cli clean venv python py-test fuzz bench flake-hunt dist-tools wheel wheel-test docs

all: build

build:
	$(CARGO) build --release --features $(C_FEATURES)

emulator:
	$(CARGO) build --features emulator --bin certcentral-emulator

# The `certcentral` command (bulk runs, lists); `cargo install --path . --features cli`.
cli:
	$(CARGO) build --features emulator,cli --bin certcentral

## demo: start the bundled emulator and run the examples against it
demo: emulator lib cli
	$(CARGO) build --features emulator --example provision --example leaver
	@echo "== Rust example against the emulator"
	$(WITH_EMULATOR) target/debug/examples/provision
	@echo "== Rust leaver example: find a user by email, revoke their keys, delete them"
	$(WITH_EMULATOR) target/debug/examples/leaver --create-demo-user leaver@example.com
	@echo "== Rust example over HTTPS: the emulator's throw-away CA trusted through SSL_CERT_FILE"
	$(WITH_EMULATOR) --tls -- sh -c 'SSL_CERT_FILE="$$CERTCENTRAL_CA_BUNDLE" exec "$$0"' \
		target/debug/examples/provision
	@echo "== C example, built with pkg-config from an installed copy"
	$(MAKE) --no-print-directory install PREFIX=$(abspath build/demo-prefix)
	PKG_CONFIG_PATH=$(abspath build/demo-prefix)/lib/pkgconfig; export PKG_CONFIG_PATH; \
	$(CC) -std=c11 -Wall -Wextra -Werror examples/c/provision.c -o build/provision-c \
		$$(pkg-config --cflags --libs certcentral) -Wl,-rpath,$(abspath build/demo-prefix)/lib \
		&& $(CC) -std=c11 -Wall -Wextra -Werror examples/c/leaver.c -o build/leaver-c \
		$$(pkg-config --cflags --libs certcentral) -Wl,-rpath,$(abspath build/demo-prefix)/lib
	$(WITH_EMULATOR) build/provision-c
	@echo "== C leaver example: find a user by email, revoke their API keys, delete them"
	$(WITH_EMULATOR) build/leaver-c --demo-setup lee.ver@c-example.test
	@echo "== Python example against the emulator"
	$(MAKE) --no-print-directory python
	$(WITH_EMULATOR) $(PY) examples/python/provision.py
	@echo "== Python asyncio example against the emulator"
	$(WITH_EMULATOR) $(PY) examples/python/provision_async.py
	@echo "== Python leaver example: find a user by email, revoke their keys, delete them"
	$(WITH_EMULATOR) $(PY) examples/python/leaver.py --create-demo-user leaver@example.com
	@echo "== certcentral bulk run: a 12-operation plan (250 ms per answer, so progress shows)"
	rm -rf build/demo-bulk && mkdir -p build/demo-bulk
	$(WITH_EMULATOR) --latency-ms 250 -- sh -c 'target/debug/certcentral bulk run \
		examples/bulk/plan.csv --journal build/demo-bulk/run.db --workers 2 \
		&& target/debug/certcentral bulk status build/demo-bulk/run.db'
	@echo "== Accounts as code: plan, apply, plan again (no changes; exit 0 with --detailed-exitcode)"
	rm -rf build/demo-state && mkdir -p build/demo-state
	$(WITH_EMULATOR) sh -c 'target/debug/certcentral plan examples/state/accounts.toml \
		&& target/debug/certcentral apply examples/state/accounts.toml --journal build/demo-state/run.db \
		&& target/debug/certcentral plan examples/state/accounts.toml --detailed-exitcode'

## test: every test, with formatting and lints (Rust: rustfmt, clippy, rustdoc; Python: ruff), and
## the wheel installed and tested without Rust
test: lint rust-doc rust-test c-test py-test wheel-test

lint: venv
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets --features emulator -- -D warnings
	$(CARGO) clippy --all-targets --features emulator,cli,fuzzing -- -D warnings
	$(CARGO) clippy --lib --no-default-features --features test-hooks -- -D warnings
	$(RUFF) check $(PY_SOURCES)
	$(RUFF) format --check $(PY_SOURCES)

## format: fix the formatting of Rust and Python, and what ruff's lints can fix
format: venv
	$(CARGO) fmt --all
	$(RUFF) check --fix $(PY_SOURCES)
	$(RUFF) format $(PY_SOURCES)

# The HTTPS tests start real proxies from .venv (scripts/test-proxy.py).
rust-test: venv
	CERTCENTRAL_TEST_PYTHON=$(abspath $(PY)) $(CARGO) test --features emulator,cli,fuzzing

## rust-doc: the crate's documentation (target/doc); any rustdoc warning fails it (broken links,
## and `missing_docs` for the public API, from the lints in Cargo.toml)
rust-doc:
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps --features emulator,cli

## header: regenerate include/certcentral.h (a test fails while the committed copy is stale)
header:
	CERTCENTRAL_UPDATE_HEADER=1 $(CARGO) build

# The shared library as C programs see it: a SONAME'd file with the usual symlinks, and the
# static library beside it.
lib:
	$(CARGO) build --release --features $(C_FEATURES)
	mkdir -p $(LIB)
	cp target/release/libcertcentral.so $(LIB)/libcertcentral.so.$(VERSION)
	ln -sf libcertcentral.so.$(VERSION) $(LIB)/libcertcentral.so.$(ABI)
	ln -sf libcertcentral.so.$(ABI) $(LIB)/libcertcentral.so
	cp target/release/libcertcentral.a $(LIB)/libcertcentral.a
.PHONY: lib

build/c/test_%: tests/c/test_%.c tests/c/harness.h include/certcentral.h lib
	mkdir -p build/c
	$(CC) $(C_FLAGS) -O1 -o $@ $< $(C_LINK)

build/c-asan/test_%: tests/c/test_%.c tests/c/harness.h include/certcentral.h lib
	mkdir -p build/c-asan
	$(CC) $(C_FLAGS) -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
		-fno-sanitize-recover=undefined -o $@ $< $(C_LINK)

build/c-static/test_%: tests/c/test_%.c tests/c/harness.h include/certcentral.h lib
	mkdir -p build/c-static
	$(CC) $(C_FLAGS) -O1 -o $@ $< $(LIB)/libcertcentral.a $(STATIC_LIBS)

## c-test: the C suite under valgrind, then built with ASan/UBSan, each against a fresh emulator;
## and once linked against the static library
c-test: venv emulator c-symbols $(C_TESTS:%=build/c/test_%) $(C_TESTS:%=build/c-asan/test_%) \
		build/c-static/test_api build/c/test_tls build/c-asan/test_tls build/c/test_secrets
	@echo "== C test_secrets: no copy of a one-time key outlives its result (run natively)"
	$(WITH_EMULATOR) build/c/test_secrets
	@echo "== C test_api linked statically"
	$(WITH_EMULATOR) build/c-static/test_api
	@for t in $(C_TESTS); do \
		echo "== C test_$$t under valgrind"; \
		$(WITH_EMULATOR) $(VALGRIND) build/c/test_$$t || exit 1; \
		echo "== C test_$$t with ASan/UBSan"; \
		ASAN_OPTIONS=detect_leaks=1 $(WITH_EMULATOR) build/c-asan/test_$$t || exit 1; \
	done
	@echo "== C test_tls under valgrind"
	$(WITH_TLS) $(VALGRIND) build/c/test_tls
	@echo "== C test_tls with ASan/UBSan"
	ASAN_OPTIONS=detect_leaks=1 $(WITH_TLS) build/c-asan/test_tls

## c-symbols: the shared library exports only certcentral_* and needs no libpython
c-symbols: lib
	@extra=$$(nm -D --defined-only $(LIB)/libcertcentral.so | awk '$$2 ~ /[TDBR]/ {print $$3}' \
		| grep -v '^certcentral_' || true); \
	if [ -n "$$extra" ]; then echo "unexpected exports:"; echo "$$extra"; exit 1; fi
	@if nm -D $(LIB)/libcertcentral.so | grep -q ' Py'; then echo "Python symbols found"; exit 1; fi
	@if readelf -d $(LIB)/libcertcentral.so | grep -q libpython; then echo "needs libpython"; exit 1; fi
	@readelf -d $(LIB)/libcertcentral.so | grep -q 'SONAME.*libcertcentral.so.$(ABI)' \
		|| { echo "SONAME is not libcertcentral.so.$(ABI)"; exit 1; }
	@echo "libcertcentral.so: exports only certcentral_*, SONAME libcertcentral.so.$(ABI), no libpython"

## install: header, shared and static libraries, and certcentral.pc under PREFIX
install: lib
	install -d $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 644 include/certcentral.h $(DESTDIR)$(PREFIX)/include/
	install -m 755 $(LIB)/libcertcentral.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/
	ln -sf libcertcentral.so.$(VERSION) $(DESTDIR)$(PREFIX)/lib/libcertcentral.so.$(ABI)
	ln -sf libcertcentral.so.$(ABI) $(DESTDIR)$(PREFIX)/lib/libcertcentral.so
	install -m 644 $(LIB)/libcertcentral.a $(DESTDIR)$(PREFIX)/lib/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' -e 's|@STATIC_LIBS@|$(STATIC_LIBS)|' \
		certcentral.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/certcentral.pc

## venv: the project-local virtualenv with the pinned tools
venv: $(VENV)/.ready

$(VENV)/.ready: requirements-dev.txt requirements-proxies.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt -r requirements-proxies.txt
	touch $@

## python: build the extension (release, abi3) into the virtualenv, with the test-only hooks
python: venv
	$(MATURIN) develop --release --quiet --features test-hooks

## py-test: pytest, mypy --strict on the package and examples, and stubtest against the module
py-test: python emulator lib
	$(PY) -m pytest
	$(PY) -m mypy --strict python/certcentral examples/python tests/python tests/wheel
	$(PY) -m mypy.stubtest certcentral._certcentral certcentral._exceptions certcentral.types \
		certcentral._async

# The wheel, the sdist it is built from, and what `make wheel` found out about them.
DIST := build/dist
# What goes into the wheel: `make wheel` rebuilds only when one of these changed.
WHEEL_INPUTS := Cargo.toml Cargo.lock pyproject.toml build.rs README.md \
	$(shell find src python -type f -not -name '*.so' -not -path '*/__pycache__/*')
WHEEL_MAX_BYTES := 6000000

## dist-tools: zig (links the wheel against glibc 2.17), auditwheel and twine, into .venv
dist-tools: $(VENV)/.dist-ready

$(VENV)/.dist-ready: requirements-dist.txt $(VENV)/.ready
	$(PY) -m pip install --quiet -r requirements-dist.txt
	touch $@

## wheel: the sdist, and one abi3 wheel (CPython 3.9+, manylinux2014) built from it with zig and
## without the test hooks; checked by auditwheel (the tag), twine (the metadata) and for size
wheel: $(DIST)/.checked

# The wheel is built from the sdist, whose files all carry one fixed date, so cargo would take the
# last build of the crate for current: make decides when to rebuild (WHEEL_INPUTS), and the crate
# is then always recompiled (its dependencies stay built).
HOST = $(shell $(CARGO) -vV | sed -n 's/^host: //p')
$(DIST)/.checked: $(VENV)/.dist-ready $(WHEEL_INPUTS)
	rm -rf $(DIST)
	CARGO_TARGET_DIR=target/python $(CARGO) clean --quiet --release --target $(HOST) -p certcentral
	PATH=$(abspath $(VENV))/bin:$$PATH $(MATURIN) build --release --zig \
		--compatibility manylinux2014 --sdist --out $(DIST)
	ls $(DIST)/certcentral-$(VERSION)-cp39-abi3-manylinux2014_x86_64*.whl \
		$(DIST)/certcentral-$(VERSION).tar.gz
	$(VENV)/bin/auditwheel show $(DIST)/*.whl > $(DIST)/auditwheel.txt
	tr '\n' ' ' < $(DIST)/auditwheel.txt | tr -s ' ' \
		| grep -q 'consistent with the following platform tag: "manylinux_2_17_x86_64"' \
		|| { cat $(DIST)/auditwheel.txt; echo "auditwheel: not manylinux_2_17"; exit 1; }
	@cat $(DIST)/auditwheel.txt
	$(VENV)/bin/twine check --strict $(DIST)/*.whl $(DIST)/*.tar.gz
	@if tar tzf $(DIST)/*.tar.gz | grep '\.so$$'; then echo "a built library is in the sdist"; exit 1; fi
	@size=$$(stat -c %s $(DIST)/*.whl); echo "wheel: $$size bytes (limit $(WHEEL_MAX_BYTES))"; \
		[ $$size -le $(WHEEL_MAX_BYTES) ] || { echo "the wheel is over the limit"; exit 1; }
	touch $@

## wheel-test: the wheel installed into a fresh venv with no Rust on PATH, then a smoke script
## and the pytest plugin against the bundled emulator (tests/wheel/)
wheel-test: wheel
	scripts/wheel-test.sh $(DIST)/certcentral-$(VERSION)-*.whl build/wheel-test

# The public Python modules: the package and each submodule whose name has no leading underscore.
PY_DOC_MODULES := certcentral \
	$(subst /,.,$(patsubst python/%.py,%,$(wildcard python/certcentral/[!_]*.py)))

## docs: the API reference as HTML in build/docs (open index.html): the Python package (pdoc, on
## the extension `make python` installed) and the Rust crate (cargo doc); any warning fails it
docs: python $(VENV)/.docs-ready
	rm -rf build/docs target/doc
	$(MAKE) --no-print-directory rust-doc
	mkdir -p build/docs
	cp -r target/doc build/docs/rust
	$(PY) -W error -m pdoc --output-directory build/docs/python $(PY_DOC_MODULES)
	printf '%s\n' '<!doctype html><meta charset="utf-8"><title>certcentral API reference</title>' \
		'<h1>certcentral $(VERSION): API reference</h1><h2>Python</h2><ul>' \
		$(foreach m,$(PY_DOC_MODULES),'<li><a href="python/$(subst .,/,$(m)).html">$(m)</a></li>') \
		'</ul><h2>Rust</h2><ul><li><a href="rust/certcentral/index.html">crate certcentral</a></li>' \
		'<li><a href="rust/certcentral_emulator/index.html">certcentral-emulator</a></li></ul>' \
		> build/docs/index.html
	@echo "docs: $(abspath build/docs/index.html)"

$(VENV)/.docs-ready: requirements-docs.txt $(VENV)/.ready
	$(PY) -m pip install --quiet -r requirements-docs.txt
	touch $@

## flake-hunt: the Rust and Python suites N times (default 20) with two busy loops running;
## lists every test that failed even once
N ?= 20
flake-hunt: python emulator
	scripts/flake-hunt.sh $(N)

## bench: the whole benchmark in one run; prints the table and writes bench/results.md
bench: python lib
	$(PY) -m pip install --quiet -r requirements-bench.txt
	CARGO_TARGET_DIR=target/bench $(CARGO) build --release --features emulator --bin certcentral-emulator
	mkdir -p build/bench
	$(CC) -O2 -std=c11 -Wall -Wextra -Werror -o build/bench/floor bench/floor.c
	$(CC) -O2 $(C_FLAGS) -o build/bench/c_bench bench/c_bench.c $(C_LINK)
	$(PY) bench/run.py --emulator target/bench/release/certcentral-emulator \
		--floor build/bench/floor --c-bench build/bench/c_bench --out bench/results.md

## fuzz: each cargo-fuzz target for FUZZ_SECONDS (default 60), on the nightly toolchain
fuzz:
	command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked
	mkdir -p fuzz/corpus
	cd fuzz && for t in $(FUZZ_TARGETS); do \
		mkdir -p corpus/$$t && cp -n ../tests/fixtures/*.json corpus/$$t/ 2>/dev/null; \
		$(CARGO) +nightly fuzz run $$t corpus/$$t -- -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
			|| exit 1; \
	done

clean:
	$(CARGO) clean
	rm -rf build
