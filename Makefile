# The two commands of the README's quick start. Everything else is a helper for them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app server

.PHONY: run test install install-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The stamp files make a second `make run` skip pip when pyproject.toml has not changed.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

# One pip run for the app and the test extras: a fresh clone's `make test` installs everything once.
$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# The scheduler (reminders) runs beside the web server and stops with it.
run: install
	$(FLASK) init-db
	$(FLASK) demo
	$(FLASK) scheduler & scheduler=$$!; trap 'kill $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(FLASK) run --host 127.0.0.1 --port 5000

# The floors of server/ first (import-linter, [tool.importlinter] in pyproject.toml: a second of work), then
# one pytest worker per core (pytest-xdist); the browser files in one group per worker (tests/conftest.py).
test: install-test
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -n auto --dist loadgroup $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache
