# Quick start: `make run` (example register -> validation and tables) and `make test`.
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

run: $(STAMP)
	$(BIN)/samkart validate samkart/examples/eksempel
	$(BIN)/samkart table counties samkart/examples/eksempel --year 2014
	$(BIN)/samkart table municipalities samkart/examples/eksempel --year 2014 --county 18

test: $(STAMP)
	$(BIN)/ruff check samkart tests bench tools
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check samkart tests bench tools

bench: $(STAMP)
	$(BIN)/python bench/bench_core.py

clean:
	rm -rf $(VENV) build *.egg-info
