# The two commands of the README: `make demo` and `make test`. Nothing but Python 3.11+ is needed.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install demo test lint typecheck check-migrations pytest clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/cqdt demo

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy cqdt

check-migrations: install
	mkdir -p var
	$(BIN)/cqdt manage makemigrations --check --dry-run

pytest: install
	$(BIN)/pytest

test: lint typecheck check-migrations pytest

clean:
	rm -rf var/cqdt.sqlite3* var/media var/static
