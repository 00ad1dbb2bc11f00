# The whole set-up on a fresh machine is `make run` or `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 4
PYTEST_WORKERS ?= 2

.PHONY: run serve test test-fast lint bench migrate demo clean requirements journeys

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip>=23"

$(VENV)/.runtime: $(BIN)/python requirements.txt pyproject.toml
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements.txt -r requirements-dev.txt
	touch $@

migrate: $(VENV)/.runtime
	$(BIN)/qualitycert migrate --noinput -v0

demo: migrate
	$(BIN)/qualitycert seed-demo --if-empty
	$(BIN)/qualitycert sign-links

run: demo
	$(BIN)/qualitycert collectstatic --noinput -v0
	@echo "qualitycert: http://$(HOST):$(PORT)/  (后台 back office: /admin/, demo users in README)"
	$(BIN)/gunicorn qualitycert.wsgi:application --bind $(HOST):$(PORT) \
	  --workers $(WORKERS) --worker-class sync --access-logfile - --timeout 120

test: $(VENV)/.dev
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile -q

# Every browser journey, in Chromium at phone and desktop sizes; screenshots of
# each step land under var/journeys/<journey>/ (look at them).
journeys: $(VENV)/.dev
	QC_REQUIRE_BROWSER=1 $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile -q -m browser

# Private internals of Django, openpyxl, psycopg, ninja and WeasyPrint are not ours
# to read (issue 10): speed comes from their public APIs.
PRIVATE_INTERNALS := _is_endpoint|apply_converters|convert_query|\.receivers\b|_state\.fields_cache|worksheet\._reader|from (django|openpyxl|psycopg|ninja|weasyprint)[a-z_.]* import _[a-z]|(django|openpyxl|psycopg|ninja)[a-z_.]*\._[a-z]+ import

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/mypy qualitycert bench tools
	$(BIN)/qualitycert makemigrations --check --dry-run
	$(BIN)/lint-imports
	@# Security lint (exceptions: [tool.bandit] and `# nosec <id> # why` lines) and
	@# known vulnerabilities in the pins (docs/decisions/0013-supply-chain-checks.md).
	$(BIN)/bandit -c pyproject.toml -r qualitycert -q
	$(BIN)/python tools/audit_requirements.py
	@if grep -rnE '$(PRIVATE_INTERNALS)' --include='*.py' qualitycert bench; then \
	  echo "these lines read a library's private internals; use its public API"; exit 1; fi

# Recompile the pinned requirements after editing requirements*.in.
requirements: $(VENV)/.dev
	$(BIN)/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links \
	  --output-file requirements.txt requirements.in
	$(BIN)/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links \
	  --output-file requirements-dev.txt requirements-dev.in

bench: $(VENV)/.dev
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var
