# The two commands of README.md:  `make run`  and  `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test setup site lint system-deps lock bench clean

## run: install, build the site and the rules wheel, serve the site (:8000) and a demo register (:8001)
run: setup
	$(BIN)/python scripts/run.py

## test: install everything the tests need (Debian chromium, fonts) and run the whole suite,
## in TEST_WORKERS processes (pytest-xdist; 2 = CI's cores; TEST_WORKERS=0 runs in this process)
TEST_WORKERS ?= 2
test: setup system-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q -p no:cacheprovider -n $(TEST_WORKERS)

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install -q --disable-pip-version-check --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

system-deps:
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "WenQuanYi Micro Hei"; then \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; \
	fi

site: setup
	$(BIN)/mkdocs build --strict

lint: setup
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

## lock: re-pin the Python lock file from the current virtual environment
lock:
	$(BIN)/pip freeze --exclude-editable --disable-pip-version-check > requirements.lock

bench: setup system-deps
	$(BIN)/python scripts/bench-site
	$(BIN)/python scripts/bench-selfcheck
	$(BIN)/python scripts/bench-register
	$(BIN)/python scripts/bench-sync

clean:
	rm -rf build var/demo
