# What the README, CI and developers run. `make demo` and `make test` work on a fresh
# machine: both set up what is missing first.
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup demo test lint typecheck check down

setup:
	@bash scripts/bootstrap.sh

demo: setup
	@$(BIN)/attrgen down >/dev/null
	$(BIN)/attrgen up
	$(BIN)/attrgen demo

down:
	$(BIN)/attrgen down

test: setup
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy

check: lint typecheck test
