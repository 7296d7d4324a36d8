# Two commands do all set-up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
WORKERS ?= 2

.PHONY: run dev test lint format messages install install-dev clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Local settings for `make run`: a random secret key, made once and kept (never committed).
.env:
	@echo "Writing .env with a new random SECRET_KEY (see .env.example)"
	@{ echo "DEBUG=0"; \
	   echo "SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')"; \
	   echo "ALLOWED_HOSTS=127.0.0.1,localhost"; \
	   echo "HTTPS=0"; \
	   echo "SITE_URL=http://127.0.0.1:$(PORT)"; \
	   echo "SERVE_MEDIA=1"; } > .env

# Database, shared cache table, demo data (idempotent).
prepare = $(BIN)/python manage.py migrate --noinput && \
	$(BIN)/python manage.py createcachetable && \
	$(BIN)/python manage.py load_demo_data

# The background worker (every email, periodic jobs) and the schedule run beside the web
# server and stop with it.
background = $(BIN)/python manage.py db_worker & worker=$$!; \
	$(BIN)/python manage.py run_schedule & schedule=$$!; \
	trap 'kill $$worker $$schedule 2> /dev/null' EXIT INT TERM;

# The links in emails (SITE_URL) point at the address served here, also with another PORT;
# a SITE_URL for a real domain in .env is kept.
served_site_url = case "$${SITE_URL:-}" in ""|http://127.0.0.1*|http://localhost*) \
	export SITE_URL=http://127.0.0.1:$(PORT);; esac;

run: install .env
	set -a; source ./.env; set +a; $(served_site_url) \
	$(prepare) && $(BIN)/python manage.py collectstatic --noinput --verbosity 0 || exit 1; \
	$(background) \
	$(BIN)/gunicorn --config gunicorn.conf.py --bind 127.0.0.1:$(PORT) --workers $(WORKERS) \
		--access-logfile -

# runserver with DEBUG on, for working on templates and code.
dev: install .env
	set -a; source ./.env; set +a; export DEBUG=1; $(served_site_url) \
	$(prepare) || exit 1; \
	$(background) \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install-dev
	$(BIN)/pytest -n auto --dist worksteal $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Update the message catalogues after changing UI text (needs gettext).
messages: install-dev
	DEBUG=1 $(BIN)/python manage.py makemessages --locale en --locale tr --locale ar --ignore '.venv/*' --ignore 'tests/*' --ignore 'bench/*' --no-obsolete
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf $(VENV) staticfiles test-output

# Benchmarks (not part of `make test`): see bench/run.py. MODE=scale for PostgreSQL + Redis.
MODE ?= single
bench: install-dev
	@command -v wrk > /dev/null || apt-get install -y -qq wrk
	$(BIN)/python bench/run.py --mode $(MODE) $(BENCH_ARGS)
