# Guanxi: the project's vocabulary. `make run` and `make test` are all a newcomer needs.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in e-mails and the printed demo logins point at the address `make run` serves.
export SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test install migrate demo worker sweep digests summaries lint format messages migrations-check ci clean bench

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required (set PYTHON=...)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	$(PY) manage.py compile_catalogues
	touch $@

# axe-core, which the browser tests run on every page they visit (package-lock.json, `npm ci`).
# Without npm those checks are skipped, and the tests say so.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else \
	  echo "npm is missing: the browser tests will skip their accessibility checks (axe-core)."; \
	fi

install: $(VENV)/.installed node_modules/.installed

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

## Serve on http://127.0.0.1:8000 with demo data, a task worker and the dev inbox.
run: demo
	@$(PY) manage.py demo_logins
	$(PY) manage.py task_worker --interval 1 & \
	  WORKER=$$!; trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py runserver $(HOST):$(PORT)

## One background worker (e-mails, digests). Run several, on several machines, under a supervisor.
worker: install
	$(PY) manage.py task_worker

## The periodic work (nudges, expiry, resumed channels, expired sessions); a scheduler calls this.
sweep: install
	$(PY) manage.py referral_sweep
	$(PY) manage.py clearsessions

## The keep-in-touch digests (daily or weekly, each member's choice); a scheduler calls this hourly.
digests: install
	$(PY) manage.py send_digests

## The daily notification summaries (members who chose them, from 8 o'clock their time); a
## scheduler calls this hourly.
summaries: install
	$(PY) manage.py send_notification_summaries

# What depends on the shared cache: sessions, rate limits, the unread badge, the pages' query
# counts. `make test` runs them again with Redis when REDIS_URL is set (use a database of
# its own, e.g. redis://127.0.0.1:6379/14: each test empties it).
REDIS_TESTS = accounts guanxi/tests coffee/tests/test_propose.py contacts/tests/test_interactions.py \
	network/tests/test_connections.py notifications/tests/test_views.py \
	referrals/tests/test_deadlines.py referrals/tests/test_query_counts.py \
	referrals/tests/test_verification.py tests/test_access_control.py tests/test_page_language.py

# What touches resume files: upload, download, export, decline and withdrawal, the retention
# purge, deleting a resume or an account. `make test` runs them again with the resumes in a
# bucket of each test's own on a local S3-compatible server (moto's, a dev dependency: it
# starts on a free port of 127.0.0.1 and needs nothing else), on PostgreSQL when DATABASE_URL
# is set. resumes/tests/test_on_s3.py is on S3 in every pass.
S3_TESTS = resumes accounts/tests/test_data_portability.py referrals/tests/test_ask.py \
	referrals/tests/test_limits.py

# The SQLite, PostgreSQL and S3 passes run on this many processes at once (pytest-xdist; each
# has a test database of its own; TEST_WORKERS=0 runs them in this one). The Redis pass runs in
# one: its tests empty the one Redis database they share.
TEST_WORKERS ?= 2
XDIST = -n $(TEST_WORKERS)

## The whole suite on SQLite, then on PostgreSQL when DATABASE_URL is set, then the cache,
## session and rate-limit tests on Redis when REDIS_URL is set, then the resume tests on S3.
test: install
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports --no-cache
	env -u DATABASE_URL -u REDIS_URL $(PY) -m pytest -q $(XDIST) $(PYTEST_ARGS)
	@if [ -n "$$DATABASE_URL" ]; then \
	  echo "== again on PostgreSQL =="; \
	  env -u REDIS_URL $(PY) -m pytest -q $(XDIST) -m "not browser" $(PYTEST_ARGS); \
	fi
	@if [ -n "$$REDIS_URL" ]; then \
	  echo "== cache, sessions and rate limits again on Redis ($$REDIS_URL) =="; \
	  $(PY) -m pytest -q -m "not browser and not faults" $(PYTEST_ARGS) $(REDIS_TESTS); \
	fi
	@echo "== resumes again on S3 (a local moto server) =="
	GUANXI_TEST_S3=1 env -u REDIS_URL $(PY) -m pytest -q $(XDIST) -m "not browser and not faults" $(PYTEST_ARGS) $(S3_TESTS)

## Load scale data into PostgreSQL and benchmark the key pages under gunicorn (slow; see
## docs/performance.md). BENCH_SIZES=small,large by default; results in benchmark/results/.
bench: install
	$(PY) -m benchmark

lint: install
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports --no-cache

format: install
	$(PY) -m ruff format .

## Refresh the translation catalogues (needs GNU gettext) and compile them.
messages: install
	$(PY) manage.py makemessages -l zh_Hant -l en --no-obsolete --ignore=.venv --ignore=var --ignore=tests --ignore='*/tests' --ignore=conftest.py --ignore=node_modules
	$(PY) manage.py makemessages -d djangojs -l zh_Hant -l en --no-obsolete --ignore=.venv --ignore=var --ignore=tests --ignore='*/tests' --ignore=conftest.py --ignore=node_modules
	$(PY) manage.py compilemessages --ignore=.venv

migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var node_modules
