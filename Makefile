# One-command set-up: `make demo` and `make test` create .venv from pyproject.toml when it is
# missing or older than pyproject.toml, so a fresh clone needs nothing but Python 3.11+.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck smoke bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/workflow demo

lint: $(STAMP)
	$(VENV)/bin/ruff check workflow cli.py tests bench tools
	$(VENV)/bin/mypy
	$(VENV)/bin/mypy --strict tools/verify_audit_jsonl.py

# Tests run in 4 workers (pytest-xdist): each has its own temporary homes and, with WORKFLOW_TEST_PG_URL
# set, its own PostgreSQL database. Many tests wait on fsync, subprocesses or the server, so 4 workers on
# 2 cores finished the suite in 4 min 58 s where one per core (`-n auto`) took over 8 minutes.
test: $(STAMP) lint
	$(VENV)/bin/python -m pytest -q -n 4

smoke: $(STAMP)
	$(VENV)/bin/python ../shared/checks/contract_smoke.py --cmd $(VENV)/bin/workflow

bench: $(STAMP)
	$(VENV)/bin/python bench/bench_engine.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
