# Both targets create .venv when it is missing, so each works on a fresh machine. The install
# compiles the Rust engine (core/) with maturin; it is rebuilt when a Rust file changes.
PY ?= python3
VENV := .venv
STAMP := $(VENV)/.installed
RUST := core/Cargo.toml core/Cargo.lock $(shell find core/src -name '*.rs' 2>/dev/null)

$(STAMP): pyproject.toml $(RUST)
	test -x $(VENV)/bin/python || $(PY) -m venv $(VENV)
	$(VENV)/bin/pip install -q -e '.[test]'
	touch $(STAMP)

.PHONY: demo test test-rust test-python
demo: $(STAMP)
	$(VENV)/bin/framing demo

# The whole suite: the engine's format and lint checks and Rust tests, then pytest + hypothesis.
test: test-rust test-python

CARGO_ENV := PYO3_PYTHON=$(abspath $(VENV)/bin/python)
test-rust: $(STAMP)
	cargo fmt --manifest-path core/Cargo.toml --check
	$(CARGO_ENV) cargo clippy -q --manifest-path core/Cargo.toml --all-targets -- -D warnings
	$(CARGO_ENV) cargo test -q --manifest-path core/Cargo.toml

test-python: $(STAMP)
	$(VENV)/bin/python -m pytest -q
