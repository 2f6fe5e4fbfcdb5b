# The two commands: `make run` and `make test`. Everything else is a step of theirs.
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
HASH := $(shell cksum pyproject.toml | cut -d' ' -f1)
# `make run` installs what running needs; `make test` adds the dev extra (test tools).
RUN_STAMP := $(VENV)/.run-$(HASH)
TEST_STAMP := $(VENV)/.test-$(HASH)
# Test processes (pytest-xdist); each gets its own test database. TEST_WORKERS=0: one process.
TEST_WORKERS ?= auto
# Installs with uv when the registry gives it (much faster), else with pip.
INSTALL = { [ -x $(VENV)/bin/uv ] || $(PY) -m pip install --quiet uv >/dev/null 2>&1; } && \
  $(VENV)/bin/uv pip install --quiet --python $(PY) $(1) || $(PY) -m pip install --quiet $(1)

.PHONY: run test install worker stop-db lint bench clean-data

# Prepares the database (migrations, the demo project: its logins are printed on the run that
# creates them), starts the task worker and the server, and prints the URL once it answers.
# One Python process migrates and loads the demo; static files come from static/ in development
# (DEBUG=1, the default), so collectstatic runs only with DEBUG=0.
run: $(RUN_STAMP)
	@$(PY) -c "import os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'newsquotes.settings'); django.setup(); \
	  from django.core.management import call_command; \
	  call_command('migrate', interactive=False, verbosity=0); call_command('load_demo')"
	@[ "$${DEBUG:-1}" = 1 ] || $(PY) manage.py collectstatic --noinput -v0
	@stop() { trap '' INT TERM; trap - EXIT; kill $$server $$worker 2>/dev/null; wait $$server $$worker 2>/dev/null; \
	    [ -n "$$DATABASE_URL" ] || $(PY) -m newsquotes.embedded_db stop; exit 0; }; \
	  trap stop EXIT INT TERM; \
	  ( trap 'kill $$task 2>/dev/null; wait $$task 2>/dev/null; exit 0' TERM; \
	    while :; do $(PY) manage.py run_worker --no-reload & task=$$!; wait $$task; \
	      echo "the task worker stopped (exit $$?): starting it again in 2 s" >&2; sleep 2; done ) & worker=$$!; \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT) --noreload --skip-checks & server=$$!; \
	  $(PY) -c "import sys, time, urllib.request as r; exec('for _ in range(900):\n try:\n  r.urlopen(sys.argv[1], timeout=1); sys.exit(0)\n except OSError:\n  time.sleep(0.1)'); sys.exit(1)" \
	    http://127.0.0.1:$(PORT)/login/ \
	    && echo "newsquotes answers on http://127.0.0.1:$(PORT)/  (Ctrl+C stops it)"; \
	  wait $$server

# Runs on the embedded PostgreSQL (started first, so that the workers share it) or on
# DATABASE_URL, and stops the embedded server afterwards if this run started it.
test: $(TEST_STAMP)
	@was_running=0; [ ! -f $${NEWSQUOTES_DATA_DIR:-.data}/postgres/postmaster.pid ] || was_running=1; \
	  [ -n "$$DATABASE_URL" ] || $(PY) -m newsquotes.embedded_db start >/dev/null || exit 1; \
	  $(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS); status=$$?; \
	  if [ -z "$$DATABASE_URL" ] && [ $$was_running = 0 ]; then $(PY) -m newsquotes.embedded_db stop >/dev/null; fi; \
	  exit $$status

install: $(RUN_STAMP)

# Finds a Python 3.12+ (a .python-version selects 3.13 under pyenv) and makes .venv.
$(PY):
	@python=""; for candidate in python3.13 python3.12 python3.14 python3 python; do \
	  if command -v $$candidate >/dev/null 2>&1 && $$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	    python=$$candidate; break; fi; done; \
	  if [ -z "$$python" ]; then \
	    echo "newsquotes needs Python 3.12 or newer (python3.12, python3.13 or python3 on PATH); none was found." >&2; \
	    echo "Install one (your package manager, python.org or pyenv) and run make again." >&2; exit 1; fi; \
	  echo "Creating $(VENV) with $$($$python --version)"; $$python -m venv $(VENV)

$(RUN_STAMP): pyproject.toml | $(PY)
	@echo "Installing newsquotes and what it runs on into $(VENV)"
	@$(call INSTALL,-e .)
	@rm -f $(VENV)/.run-* $(VENV)/.installed-*
	@touch $@

$(TEST_STAMP): $(RUN_STAMP)
	@echo "Installing the test tools (the dev extra) into $(VENV)"
	@$(call INSTALL,-e ".[dev]")
	@rm -f $(VENV)/.test-*
	@touch $@

worker: $(RUN_STAMP)
	$(PY) manage.py run_worker

stop-db:
	@[ ! -x $(PY) ] || $(PY) -m newsquotes.embedded_db stop

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

# bench/first_run.py is left out: it clones the repository and installs from the registry.
bench: $(TEST_STAMP)
	@for script in bench/*.py; do [ $$script != bench/first_run.py ] || continue; \
	  echo "== $$script"; $(PY) $$script || exit 1; done

clean-data: stop-db
	rm -rf .data
