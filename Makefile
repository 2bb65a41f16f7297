# ClusterHub: `make run` serves the demo on SQLite, `make test` runs the whole test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium

.PHONY: run test workers install lint check-pango e2e fuzz security bench-web clean messages coverage-core

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

RUNTIME_STAMP := $(VENV)/.installed-runtime

# requirements.lock pins every package to the version CI tests and audits (.ci/security).
# `make run` needs only the runtime; the test, lint and security targets add the dev extra.
$(RUNTIME_STAMP): pyproject.toml requirements.lock | $(BIN)/python
	@echo "Installing ClusterHub into $(VENV) (the first time takes a few minutes)..."
	$(BIN)/pip install -q -c requirements.lock -e .
	touch $(RUNTIME_STAMP)

$(STAMP): pyproject.toml requirements.lock | $(BIN)/python
	@echo "Installing ClusterHub with the development tools into $(VENV)..."
	$(BIN)/pip install -q -c requirements.lock -e ".[dev]"
	touch $(STAMP) $(RUNTIME_STAMP)

install: $(STAMP)

# PDFs need Debian's Pango; say so before spending minutes on an install that cannot render them.
check-pango:
	@/sbin/ldconfig -p | grep -q 'libpango-1.0.so' && /sbin/ldconfig -p | grep -q 'libpangoft2-1.0.so' || ( \
	  echo "WeasyPrint needs Debian's Pango libraries: apt-get install libpango-1.0-0 libpangoft2-1.0-0"; \
	  exit 1)

# `clusterhub demo` ends in `clusterhub serve`, which starts a job worker (imports, backups)
# beside the web server and stops it on exit: no extra service needed (docs/jobs.md).
run: check-pango $(RUNTIME_STAMP)
	@echo "Preparing the demo: database, reference data, demo data (a few minutes the first time)..."
	$(BIN)/clusterhub demo

# The whole suite except the browser tests, on both cores (each worker has its own test
# database; a worker that runs out of tests takes some of the other's, so neither waits idle
# at the end); pytest's exit code 5 (nothing collected) fails too. On SQLite each worker builds
# its schema from the models (a second, not the migrations' 20); PostgreSQL runs the migrations,
# and tests/meta/test_migrations.py fails when they do not match the models.
NO_MIGRATIONS := $(if $(CLUSTERHUB_DATABASE_URL),,--nomigrations)
test: install
	$(BIN)/python -m pytest -m "not e2e and not fuzz and not workers" -n 2 --dist worksteal -p no:cacheprovider $(NO_MIGRATIONS) $(PYTEST_ARGS)

# Jobs run by real worker processes, one test at a time (they start and kill workers): the
# database queue's db_worker killed mid-import, and an rqworker against Redis at 127.0.0.1:6379.
workers: install
	$(BIN)/python -m pytest -m workers tests/common/test_jobs_worker.py tests/common/test_jobs_rq.py -p no:cacheprovider $(PYTEST_ARGS)

# API fuzzing: schemathesis sends every operation of /api/openapi.json generated requests as an
# admin and as a member (fixed seed and example count; tests/security/test_api_fuzz.py).
fuzz: install
	$(BIN)/python -m pytest -m fuzz tests/security/test_api_fuzz.py -n 2 -rP -p no:cacheprovider $(PYTEST_ARGS)

# Browser tests: Playwright drives Debian's Chromium (no `playwright install`).
e2e: install
	@test -x $(CHROMIUM) || ( \
	  echo "Browser tests need Debian's Chromium at $(CHROMIUM): apt-get install chromium"; \
	  exit 1)
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/python -m pytest -m e2e -p no:cacheprovider $(PYTEST_ARGS)

# Catalogues: refresh lv/et/sv from the code, then compile the .mo files, which are committed
# (docs/translation.md). Needs GNU gettext: apt-get install gettext.
messages: install
	cd src/clusterhub && ../../$(BIN)/clusterhub makemessages -l lv -l et -l sv --no-obsolete
	cd src/clusterhub && ../../$(BIN)/clusterhub compilemessages

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy --strict src/clusterhub/core

# How much of the pure core/ its own tests run (docs/development.md states the figure).
coverage-core: install
	$(BIN)/python -m coverage run --branch --source=src/clusterhub/core -m pytest tests/core -q -p no:cacheprovider
	$(BIN)/python -m coverage report --show-missing --skip-covered

# Static security checks: bandit, the lock file, pip-audit (docs/security.md).
security: install
	.ci/security

# The web load benchmark on PostgreSQL (bench/web.py; docs/performance.md); not run by CI.
bench-web: install
	$(BIN)/pip install -q -c requirements.lock -e ".[bench]"
	$(BIN)/python bench/web.py

clean:
	rm -rf $(VENV) var .pytest_cache test-results
