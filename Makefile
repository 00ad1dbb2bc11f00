# The whole set-up on a fresh machine is `make run` or `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 4
PYTEST_WORKERS ?= 2

.PHONY: run serve test test-fast lint bench migrate demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip>=23"

$(VENV)/.runtime: $(BIN)/python requirements.txt pyproject.toml
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
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

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/mypy qualitycert bench
	$(BIN)/qualitycert makemigrations --check --dry-run

bench: $(VENV)/.dev
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var
