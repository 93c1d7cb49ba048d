# Quick start: `make run` (demo register -> validation, table 4.1 and the report) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

DEMO ?= build/demo
REPORT ?= build/rapport

run: $(STAMP)
	$(BIN)/samkart demo --out $(DEMO)
	$(BIN)/samkart validate $(DEMO)
	$(BIN)/samkart table counties $(DEMO) --year 2014
	$(BIN)/samkart report $(DEMO) --year 2014 --compare 2010 --county 18 --out $(REPORT)
	@echo "Rapporten: $(REPORT)/index.html og $(REPORT)/rapport.pdf"

test: $(STAMP)
	$(BIN)/ruff check samkart tests bench tools
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check samkart tests bench tools

bench: $(STAMP)
	$(BIN)/python bench/bench_core.py
	$(BIN)/python bench/bench_report.py

clean:
	rm -rf $(VENV) build *.egg-info
