# Samsyn: make run | make test | make lint | make messages
# Each target creates its own virtual environment (.venv) on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint messages setup browser-deps oidc-deps bench drills screenshots clean
OIDC_PROVIDER := tests/oidc_provider

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP)

## run: set up, migrate, load reference and demo data, and serve on http://127.0.0.1:8000/
## (with the outbox's delivery loop, which sends the e-mails: printed in the terminal)
run: $(STAMP)
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_reference_data
	$(BIN)/python manage.py load_agreement_registry
	$(BIN)/python manage.py load_demo_data
	$(BIN)/python manage.py train_category_suggestions
	@echo ""
	@echo "  Samsyn körs på http://$(HOST):$(PORT)/"
	@echo "  Logga in som t.ex. rapportor, handlaggare.sas eller lansadmin – lösenord samsyn-demo-2027"
	@echo "  (alla demoanvändare står på inloggningssidan)"
	@echo ""
	@# The outbox's delivery loop beside the server (production runs it as its own service):
	@# the e-mails the demo sends are printed here by the console backend.
	$(BIN)/python manage.py deliver_outbox --loop & loop=$$!; \
	  trap 'kill $$loop 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/python manage.py runserver $(HOST):$(PORT)

## browser-deps: Debian's chromium for the browser tests (installed with apt-get if root)
browser-deps:
	scripts/ensure-chromium.sh

## oidc-deps: the test OpenID Connect provider (npm's oidc-provider on Node.js) for the login tests
## (without npm, e.g. a machine with only Python and pip, those tests are skipped with a warning)
oidc-deps:
	@if ! command -v npm >/dev/null 2>&1; then \
	  echo "npm saknas: inloggningstesterna mot en riktig OIDC-leverantör hoppas över"; \
	elif [ ! $(OIDC_PROVIDER)/node_modules/.package-lock.json -nt $(OIDC_PROVIDER)/package-lock.json ]; then \
	  npm ci --prefix $(OIDC_PROVIDER) --no-audit --no-fund; \
	fi

## test: set up and run the whole test suite (lint, unit, page and browser tests);
## PYTEST_ARGS narrows it, e.g. make test PYTEST_ARGS='-m "not browser"'
test: $(STAMP) browser-deps oidc-deps
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	@# Python keeps compiled modules (and pytest its rewritten tests) even where the environment
	@# turns that off: otherwise every worker and live server compiles them all again.
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n auto --durations=10 $(PYTEST_ARGS)

## screenshots: the pictures of docs/pages.md (the main pages of each role at 1280 and 390 px),
## taken by Chromium from a live server on the demo data, written to docs/pages/
screenshots: $(STAMP) browser-deps
	$(BIN)/python -m pytest -q -p no:randomly -m browser tests/browser/docs_pages.py

## bench: county-scale benchmark against PostgreSQL on 127.0.0.1:5432 (see bench/README.md)
bench: $(STAMP)
	$(BIN)/python -m bench.run

## drills: reliability drills against gunicorn and a private PostgreSQL cluster (drills/README.md);
## ends with one summary line and writes drills/results.json. DRILLS_ARGS=--short is CI's run.
drills: $(STAMP)
	$(BIN)/python -m drills.run $(DRILLS_ARGS)

## messages: extract every marked text into the Swedish catalogue and compile it (needs GNU
## gettext: apt-get install gettext). Translate the new entries in samsyn/locale/sv/LC_MESSAGES/
## django.po, then run it again; the compiled django.mo is committed, so running the app needs
## no gettext.
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l sv
	$(BIN)/python manage.py compilemessages -l sv --ignore '.*' --ignore 'staticfiles'

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -r samsyn -x '*/tests/*,*/migrations/*' --severity-level high
	# Copied logic: six or more similar lines in app code (imports and signatures aside) fail.
	# Shorter runs that it finds are lists of field names, not logic.
	$(BIN)/pylint --disable=all --enable=duplicate-code --min-similarity-lines=6 \
	  --ignore-imports=y --ignore-signatures=y --ignore=migrations,tests --score=n samsyn

clean:
	rm -rf $(VENV) var staticfiles test-artifacts $(OIDC_PROVIDER)/node_modules
