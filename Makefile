# What the README, CI and developers run. `make demo` and `make test` work on a fresh
# machine: both set up what is missing first.
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup airflow demo test lint typecheck check down

setup:
	@bash scripts/bootstrap.sh

# Airflow's own venv (.venv-airflow); `attrgen up --airflow` also makes it when missing.
airflow: setup
	$(BIN)/attrgen airflow setup

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
