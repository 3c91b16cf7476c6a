# Two commands on a fresh machine with only python3: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 5000
# Where `make run` serves, so its canonical, feed, sitemap and mail links point there. The
# site takes it only when SITE_URL is unset (instance/config.py or FLASK_SITE_URL win).
DEV_SITE_URL := http://$(if $(findstring :,$(HOST)),[$(HOST)],$(HOST)):$(PORT)

.PHONY: run test lint format setup clean bench

# Reinstall whenever the declared dependencies change.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)
	CMS_DEV_SITE_URL=$(DEV_SITE_URL) $(BIN)/flask --app cms setup

run: setup
	CMS_DEV_SITE_URL=$(DEV_SITE_URL) $(BIN)/flask --app cms run --host $(HOST) --port $(PORT)

# One pytest worker per core, each with its own PostgreSQL; CMS_TEST_DATABASES=sqlite
# runs the SQLite half alone.
test: $(STAMP)
	$(BIN)/python -m pytest -n auto

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Figures for the README's Performance section (needs wrk and nginx; not run by CI).
# BENCH_ARGS="--seconds 10 --rounds 3" for longer runs.
bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
