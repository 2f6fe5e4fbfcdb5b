# The two commands: `make run` and `make test`. Everything else is a step of theirs.
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test install worker stop-db lint bench clean-data

run: $(STAMP)
	@$(PY) manage.py migrate --noinput
	@$(PY) manage.py load_demo
	@$(PY) manage.py collectstatic --noinput -v0
	@echo ""
	@echo "newsquotes serves on http://127.0.0.1:$(PORT)/  (Ctrl+C stops it)"
	@if [ -f .data/demo_logins.txt ] && [ -z "$$DATABASE_URL" ]; then echo "Demo logins:"; sed 's/^/  /' .data/demo_logins.txt; fi
	@echo ""
	@stop() { trap '' INT TERM; trap - EXIT; kill $$worker 2>/dev/null; wait $$worker 2>/dev/null; \
	    [ -n "$$DATABASE_URL" ] || $(PY) -m newsquotes.embedded_db stop; exit 0; }; \
	  trap stop EXIT INT TERM; \
	  ( trap 'kill $$task 2>/dev/null; wait $$task 2>/dev/null; exit 0' TERM; \
	    while :; do $(PY) manage.py run_worker --no-reload & task=$$!; wait $$task; \
	      echo "the task worker stopped (exit $$?): starting it again in 2 s" >&2; sleep 2; done ) & worker=$$!; \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT) --noreload

# Stops the embedded PostgreSQL afterwards if this run started it.
test: $(STAMP)
	@was_running=0; [ ! -f .data/postgres/postmaster.pid ] || was_running=1; \
	  $(PY) -m pytest $(PYTEST_ARGS); status=$$?; \
	  if [ -z "$$DATABASE_URL" ] && [ $$was_running = 0 ]; then $(PY) -m newsquotes.embedded_db stop >/dev/null; fi; \
	  exit $$status

install: $(STAMP)

# Finds a Python 3.12+ (a .python-version selects 3.13 under pyenv), makes .venv, installs.
$(STAMP): pyproject.toml
	@python=""; for candidate in python3.13 python3.12 python3.14 python3 python; do \
	  if command -v $$candidate >/dev/null 2>&1 && $$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	    python=$$candidate; break; fi; done; \
	  if [ -z "$$python" ]; then \
	    echo "newsquotes needs Python 3.12 or newer (python3.12, python3.13 or python3 on PATH); none was found." >&2; \
	    echo "Install one (your package manager, python.org or pyenv) and run make again." >&2; exit 1; fi; \
	  if [ ! -x $(PY) ]; then echo "Creating $(VENV) with $$($$python --version)"; $$python -m venv $(VENV) || exit 1; fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@rm -f $(VENV)/.installed-*
	@touch $@

worker: $(STAMP)
	$(PY) manage.py run_worker

stop-db:
	@[ ! -x $(PY) ] || $(PY) -m newsquotes.embedded_db stop

lint: $(STAMP)
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

bench: $(STAMP)
	@for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean-data: stop-db
	rm -rf .data
