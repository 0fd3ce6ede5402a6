# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: demo test test-full bench profile typecheck clean

$(STAMP): pyproject.toml setup.py $(wildcard src/pydsql/_native/*.c src/pydsql/_native/*.h src/pydsql/_native/*.py)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip setuptools wheel
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python examples/quickstart.py

typecheck: $(STAMP)
	$(BIN)/mypy

# SQLAlchemy's dialect compliance suite runs under SQLAlchemy's own pytest plugin, with its own
# rootdir and configuration (tests/sqlalchemy_suite): a second pytest invocation (about 40 s).
SQLA_SUITE := $(BIN)/python -m pytest -q -c tests/sqlalchemy_suite/pytest.ini tests/sqlalchemy_suite

# Every check that must pass on every commit (CI runs this); under 10 minutes.
test: typecheck
	$(BIN)/python -m pytest -q -m "not slow"
	$(SQLA_SUITE)

# Everything, including the long randomized and corpus suites, and the SQLAlchemy suite
# under both dialect names (pydsql:// and auroradsql+pydsql://).
test-full: typecheck
	$(BIN)/python -m pytest -q
	$(SQLA_SUITE)
	$(SQLA_SUITE) --db auroradsql

# Not in CI: timings on a shared machine are for the notes (docs/performance.md), never asserted.
bench: $(STAMP)
	$(BIN)/python bench/run.py --regions
	$(BIN)/python bench/clone.py
	$(BIN)/python bench/extras.py

# Where the time of one workload goes (WORKLOAD=TPC-B, point, range...): pyinstrument's call tree.
WORKLOAD ?= TPC-B
profile: $(STAMP)
	$(BIN)/python -m pip install -q -e '.[bench]'
	$(BIN)/python bench/profile.py --workload $(WORKLOAD)

clean:
	rm -rf $(VENV) build src/*.egg-info .mypy_cache .pytest_cache
	find src -name '*.so' -delete
