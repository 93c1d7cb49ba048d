# Quick start: `make run` (demo register -> validation, table 4.1, the report, then the web registry
# with the demo on http://127.0.0.1:8000/) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

DEMO ?= build/demo
REPORT ?= build/rapport
PORT ?= 8000

run: $(STAMP)
	$(BIN)/samkart demo --out $(DEMO)
	$(BIN)/samkart validate $(DEMO)
	$(BIN)/samkart table counties $(DEMO) --year 2014
	$(BIN)/samkart report $(DEMO) --year 2014 --compare 2010 --county 18 --out $(REPORT)
	@echo "Rapporten: $(REPORT)/index.html og $(REPORT)/rapport.pdf"
	SAMKART_DATA_DIR=build/web $(BIN)/samkart serve --demo --port $(PORT)

# Node packages for the browser accessibility checks (axe-core, playwright-core), when npm exists.
A11Y_STAMP := tests/a11y/node_modules/.installed
$(A11Y_STAMP): tests/a11y/package.json tests/a11y/package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/a11y --silent --no-audit --no-fund && touch $@; \
	else echo "npm not found: the browser accessibility test will be skipped"; fi

# The web registry's tests run a second time on PostgreSQL when one answers (CI always has one).
PG_URL ?= postgres://postgres@127.0.0.1:5432/test

test: $(STAMP) $(A11Y_STAMP)
	$(BIN)/ruff check samkart tests bench tools
	$(BIN)/mypy
	$(BIN)/pytest
	@if pg_isready -h 127.0.0.1 -p 5432 >/dev/null 2>&1; then \
	  echo "web registry tests on PostgreSQL ($(PG_URL))"; DATABASE_URL=$(PG_URL) $(BIN)/pytest tests/web; \
	elif [ "$$CI" = "true" ]; then echo "PostgreSQL is not running on 127.0.0.1:5432"; exit 1; \
	else echo "PostgreSQL not running: web tests ran on SQLite only"; fi

lint: $(STAMP)
	$(BIN)/ruff check samkart tests bench tools

bench: $(STAMP)
	$(BIN)/python bench/bench_core.py
	$(BIN)/python bench/bench_report.py
	$(BIN)/python bench/bench_network.py
	$(BIN)/python bench/bench_brreg.py

clean:
	rm -rf $(VENV) build *.egg-info
