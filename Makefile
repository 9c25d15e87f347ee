# dateline: `make run` sets everything up and analyzes the example release; `make test` tests.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run install test test-all lint typecheck bench schema clean lock

run: $(STAMP)
	$(VENV)/bin/dateline analyze --format text examples/harbor-city-water-summit.txt
	$(VENV)/bin/dateline ingest --db dateline.db --progress never examples/
	@echo "dateline: serving the example store at http://127.0.0.1:8000 (Ctrl-C stops it)"
	$(VENV)/bin/dateline serve --db dateline.db

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip==26.3"
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev,spark,accurate]"
	touch $(STAMP)

lock: $(STAMP)
	{ head -2 constraints.txt; $(PY) -m pip freeze --exclude-editable | grep -v '^-e'; } > constraints.tmp
	mv constraints.tmp constraints.txt

# `make test`: lint, types and every test but the long quality gates (marked `slow`), a few
# minutes on 2 cores. `make test-all` (what CI runs): all of that, the `slow` gates, then
# schemathesis over the whole API (tests/web/test_web_schemathesis.py): read-only operations
# without a token, then every operation with the token; zero 500s allowed.
# DATELINE_SCHEMATHESIS_EXAMPLES bounds the examples per operation (default 100).
test: $(STAMP)
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/mypy
	$(PY) -m pytest -n 2 -q -m "not slow"

test-all: test
	$(PY) -m pytest -n 2 -q -m slow
	DATELINE_SCHEMATHESIS=1 $(PY) -m pytest -q -m schemathesis tests/web/test_web_schemathesis.py


lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench

typecheck: $(STAMP)
	$(VENV)/bin/mypy

schema: $(STAMP)
	$(PY) -m dateline.schema > docs/record.schema.json

# Long runs (tens of minutes on 2 cores); each prints the figures recorded in BENCHMARKS.md.
bench: $(STAMP)
	$(PY) bench/analyze_throughput.py
	$(PY) bench/wire_parse.py
	$(PY) bench/attribution_eval.py
	$(PY) bench/textacy_baseline.py
	$(PY) bench/syndication.py
	$(PY) bench/ingest_scale.py
	$(PY) bench/load_test.py
	$(PY) bench/batch_engines.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
