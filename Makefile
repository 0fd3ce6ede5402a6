# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: demo test test-full bench typecheck clean

$(STAMP): pyproject.toml setup.py $(wildcard src/pydsql/_native/*.c src/pydsql/_native/*.h src/pydsql/_native/*.py)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip setuptools wheel
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python examples/quickstart.py

typecheck: $(STAMP)
	$(BIN)/mypy

# Every check that must pass on every commit (CI runs this); under 10 minutes.
test: typecheck
	$(BIN)/python -m pytest -q -m "not slow"

# Everything, including the long randomized and corpus suites.
test-full: typecheck
	$(BIN)/python -m pytest -q

# Not in CI: timings on a shared machine are for the notes (docs/performance.md), never asserted.
bench: $(STAMP)
	$(BIN)/python bench/run.py --regions
	$(BIN)/python bench/clone.py
	$(BIN)/python bench/extras.py

clean:
	rm -rf $(VENV) build src/*.egg-info .mypy_cache .pytest_cache
	find src -name '*.so' -delete
