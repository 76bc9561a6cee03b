# PSEA Hub. `make run` and `make test` each do their own set-up on a fresh clone.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# Every dependency, transitive ones included, is pinned with its hashes in requirements/*.lock (made by `make lock`
# from requirements/*.in) and installed with --require-hashes: `make run` installs what running needs (base.lock),
# `make test` and `make lint` what testing needs too (dev.lock, a superset).
BASE_STAMP := $(VENV)/.installed-base
STAMP := $(VENV)/.installed-dev
MANAGE := $(BIN)/python manage.py
PIP_INSTALL = $(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes
# The locks are for CPython 3.11 on Linux x86_64 (the machines and CI of this project).
UV_COMPILE = $(BIN)/uv pip compile --quiet --generate-hashes --python-version 3.11 \
	--python-platform x86_64-unknown-linux-gnu --no-header --annotation-style line

.PHONY: run test lint typecheck migrations-check install lock audit demo screenshots clean

$(BASE_STAMP): requirements/base.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -r requirements/base.lock
	touch $(BASE_STAMP)

$(STAMP): requirements/dev.lock requirements/base.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -r requirements/dev.lock
	touch $(BASE_STAMP) $(STAMP)

install: $(STAMP)

# Regenerate both locks after a change to requirements/*.in (dev first: base takes the same versions from it).
lock: $(STAMP)
	$(UV_COMPILE) requirements/dev.in -o requirements/dev.lock
	$(UV_COMPILE) requirements/base.in -c requirements/dev.lock -o requirements/base.lock

# Known vulnerabilities in the locked versions (pip-audit with PyPI's advisory data). Without that service it
# prints "pip-audit: SKIPPED: advisory service unreachable" and passes (see bin/audit-deps).
audit: $(STAMP)
	$(BIN)/python bin/audit-deps requirements/dev.lock

# `make run PORT=8001` serves on another port (SITE_URL in dev follows it).
PORT ?= 8000

run: $(BASE_STAMP)
	$(MANAGE) migrate --noinput
	$(MANAGE) compiletranslations
	$(MANAGE) load_demo
	PORT=$(PORT) bin/run-dev

test: $(STAMP)
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) compiletranslations
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

typecheck: $(STAMP)
	$(BIN)/mypy .

migrations-check: $(STAMP)
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run

# The reporter's path at 360 px in EN/FR/AR, on a throw-away database: docs/screenshots/ (see its README).
screenshots: $(STAMP)
	$(BIN)/python docs/screenshots.py $(SCREENSHOTS_ARGS)

clean:
	rm -rf $(VENV) var db.sqlite3 db.sqlite3-wal db.sqlite3-shm
