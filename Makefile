# segapp: `make run` starts the app, `make test` runs every check. Both set up what they need.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BUN_VERSION := 1.4.4
BUN_DIR := .tools/bun
BUN := $(BUN_DIR)/node_modules/.bin/bun
CHROMIUM ?= /usr/bin/chromium
LIBREOFFICE_PACKAGE := libreoffice-writer-nogui
PG_TEST_URL := postgresql+psycopg://postgres@127.0.0.1:5432/test
# make run FRONTEND_PORT=3001 BACKEND_PORT=8001 runs the app beside another one.
FRONTEND_PORT ?= 3000
BACKEND_PORT ?= 8000

# Reflex: no telemetry, no version check, its cache inside the project, bun from the npm registry.
export REFLEX_TELEMETRY_ENABLED := false
export REFLEX_CHECK_LATEST_VERSION := 0
export REFLEX_DIR := $(CURDIR)/.tools/reflex
# the npm registry to use, so Reflex does not time a mirror (and print that it failed) first
export NPM_CONFIG_REGISTRY ?= https://registry.npmjs.org
export PATH := $(CURDIR)/$(BUN_DIR)/node_modules/.bin:$(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: run serve frontend-prod load chaos test setup migrate demo chromium libreoffice lint unit e2e bench clean

DELIVERY_WORKERS ?= 2

# The delivery workers (huey's consumer) start next to the app and stop with it.
run: setup migrate demo ## Set everything up and start the app on http://localhost:$(FRONTEND_PORT)
	@$(VENV)/bin/huey_consumer segapp.services.delivery.tasks.huey -k process \
		-w $(DELIVERY_WORKERS) -m 0.5 -S -q & workers=$$!; \
	trap 'kill -INT $$workers 2>/dev/null; wait $$workers 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/reflex run --frontend-port $(FRONTEND_PORT) --backend-port $(BACKEND_PORT)

# Production on this machine: the built pages and WORKERS backend workers on one port (PORT),
# DELIVERY_WORKERS delivery workers; a dead worker is restarted (segapp/serve.py). Several
# workers need REFLEX_REDIS_URL; PUBLIC_URL is the address browsers use to reach the backend.
WORKERS ?= 2
PORT ?= 3000
PUBLIC_URL ?= http://localhost:$(PORT)

serve: setup migrate frontend-prod ## Production layout: built pages, WORKERS backend workers, delivery workers
	SEGAPP_PORT=$(PORT) GRANIAN_WORKERS=$(WORKERS) SEGAPP_DELIVERY_WORKERS=$(DELIVERY_WORKERS) \
		$(PY) -m segapp.serve

# The production pages, built for the backend at PUBLIC_URL (same port as the pages).
frontend-prod: setup
	REFLEX_API_URL=$(PUBLIC_URL) $(VENV)/bin/reflex export --frontend-only --no-zip --env prod \
		--loglevel warning

# Simulated users against `make serve`'s layout on LOAD_PORT (loadtest/__main__.py): a fresh
# database SEGAPP_LOAD_DATABASE_URL (default: PostgreSQL segapp_load, its schema is dropped),
# Redis db 1 for the state and db 2 for the queue (SEGAPP_LOAD_REDIS_URL/_QUEUE_URL, flushed).
LOAD_USERS ?= 30
LOAD_SECONDS ?= 60
LOAD_PORT ?= 3100
LOAD_ARGS ?=

load: $(VENV)/.installed-test .web/build/client/index.html ## Load test: p50/p95/max per action
	$(PY) -m loadtest --users $(LOAD_USERS) --seconds $(LOAD_SECONDS) --workers $(WORKERS) \
		--delivery-workers $(DELIVERY_WORKERS) --port $(LOAD_PORT) $(LOAD_ARGS)

# The same load; halfway through, one backend worker and one delivery worker are killed.
chaos: ## Load test that kills a backend and a delivery worker: no error, nothing lost or doubled
	$(MAKE) load LOAD_ARGS="--chaos $(LOAD_ARGS)"

.web/build/client/index.html:
	$(MAKE) frontend-prod PUBLIC_URL=http://127.0.0.1:$(LOAD_PORT)

setup: $(VENV)/.installed $(BUN) libreoffice

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

# Reflex's own bun download cannot work offline; the npm registry ships the same bun.
$(BUN):
	npm install --prefix $(BUN_DIR) --no-audit --no-fund --loglevel=error bun@$(BUN_VERSION)
	$(BUN) --version

migrate: $(VENV)/.installed
	$(VENV)/bin/alembic upgrade head

demo: migrate
	$(PY) -m segapp.demo

chromium:
	@if [ -x "$(CHROMIUM)" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "The browser tests need Chromium at $(CHROMIUM): run 'sudo apt-get install chromium'"; \
		echo "(or set CHROMIUM=/path/to/chromium)."; exit 1; \
	fi

# PDF letters are converted by LibreOffice headless; without it the app works, PDF is disabled.
libreoffice:
	@if command -v soffice >/dev/null || command -v libreoffice >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's $(LIBREOFFICE_PACKAGE) for PDF letters"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(LIBREOFFICE_PACKAGE) >/dev/null; \
	else \
		echo "PDF letters need LibreOffice: run 'sudo apt-get install $(LIBREOFFICE_PACKAGE)'"; \
		echo "(without it the app runs and its PDF buttons are disabled)."; \
	fi

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Unit tests on SQLite, then on PostgreSQL when SEGAPP_TEST_DATABASE_URL is set.
unit: $(VENV)/.installed-test libreoffice
	SEGAPP_TEST_DATABASE_URL= $(VENV)/bin/pytest tests/unit -q
	@if [ -n "$$SEGAPP_TEST_DATABASE_URL" ]; then \
		echo "== unit tests on $$SEGAPP_TEST_DATABASE_URL"; \
		$(VENV)/bin/pytest tests/unit -q; \
	fi

# The real app in headless Chromium, on SQLite, then on PostgreSQL when configured.
e2e: $(VENV)/.installed-test $(BUN) chromium
	SEGAPP_TEST_DATABASE_URL= $(VENV)/bin/pytest tests/e2e -q
	@if [ -n "$$SEGAPP_TEST_DATABASE_URL" ]; then \
		echo "== browser tests on $$SEGAPP_TEST_DATABASE_URL"; \
		$(VENV)/bin/pytest tests/e2e -q; \
	fi

test: lint unit e2e ## Lint, unit tests and browser tests

bench: $(VENV)/.installed-test libreoffice
	$(PY) -m bench

clean:
	rm -rf .web .tools .states .pytest_cache .ruff_cache
