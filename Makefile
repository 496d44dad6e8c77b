# newslit: two commands for everyone.
#   make lab    create .venv, install the kit, open JupyterLab on lessons/
#   make test   create .venv if needed, install what the tests need, run the suite
# Also: make app (the lessons as code-free Voila web apps), make bench (timings),
#       make notebooks (rebuild lessons/ from solutions/),
#       make solutions (run solutions/ in place so they carry their hand-in for `grade solutions/`),
#       make hub-test (JupyterHub with two learners; make test runs it too),
#       make clean (remove .venv)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
LAB_STAMP  := $(VENV)/.newslit-lab
TEST_STAMP := $(VENV)/.newslit-test
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
HUB_STAMP  := $(VENV)/.newslit-hub-installed
CHP        := .hub/node_modules/.bin/configurable-http-proxy
# Jupyter refuses to start as root unless told; classroom machines and CI often run as root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
# Tests run on every core plus one (pytest-xdist): browser, notebook and hub tests wait on other processes,
# and one extra worker fills those waits (3 workers: 6.0 min here; 2: 6.8; 4: 6.2). Override: PYTEST_WORKERS=1
PYTEST_WORKERS ?= $(shell $(PYTHON) -c "import os; print((os.cpu_count() or 1) + 1)")

.PHONY: lab app test hub-test lint bench notebooks solutions screenshots clean venv

venv: $(LAB_STAMP)

$(BIN)/python:
	@echo "Creating $(VENV) with $(PYTHON)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# What a learner needs: the kit and JupyterLab (no browser-test tools).
$(LAB_STAMP): pyproject.toml | $(BIN)/python
	@echo "Installing the kit and JupyterLab into $(VENV) (a minute or two the first time)..."
	$(BIN)/python -m pip install --progress-bar on -e '.[lab]'
	@mkdir -p $(dir $(LAB_SETTINGS))
	cp jupyter/overrides.json $(LAB_SETTINGS)
	@touch $(LAB_STAMP)

# What the tests need on top: Voila, nbclient, Playwright (driving the system's Chromium), import-linter.
$(TEST_STAMP): $(LAB_STAMP)
	@echo "Installing the test tools into $(VENV)..."
	$(BIN)/python -m pip install --progress-bar off --quiet -e '.[lab,app,test]'
	@touch $(TEST_STAMP)

lab: $(LAB_STAMP)
	cd lessons && ../$(BIN)/jupyter lab $(ROOT_FLAG) 00_start_here.ipynb

# App mode: Voila runs each lesson and shows its text and widgets, never its code
# (strip_sources); answers autosave as in JupyterLab and a Hand in button gives the
# learner a notebook to submit. Voila needs no root flag. Override e.g. APP_FLAGS+=--port=8867.
APP_FLAGS ?= --template=newslit --strip_sources=True --show_tracebacks=False

APP_STAMP := $(VENV)/.newslit-app
$(APP_STAMP): $(LAB_STAMP)
	$(BIN)/python -m pip install --progress-bar on -e '.[lab,app]'
	@touch $(APP_STAMP)

app: $(APP_STAMP)
	JUPYTER_PATH="$(CURDIR)/jupyter$${JUPYTER_PATH:+:$$JUPYTER_PATH}" $(BIN)/voila lessons $(APP_FLAGS)

lint: $(TEST_STAMP)
	$(BIN)/lint-imports

# One pytest run on every core: unit, notebook, wheel, browser and JupyterHub tests together, so the
# slow ones overlap; the slowest are listed at the end. The import contracts (lint-imports) run as a test
# there too (tests/test_layout.py); make lint runs them alone.
test: $(TEST_STAMP) $(HUB_STAMP) $(CHP)
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist worksteal --durations=15

# A real JupyterHub (tests/hub): jupyterhub from PyPI into .venv, configurable-http-proxy from npm
# into .hub/. It needs root (it creates two Unix accounts); elsewhere the test skips and says why.

$(HUB_STAMP): $(TEST_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[hub]'
	@touch $(HUB_STAMP)

$(CHP):
	@if command -v npm >/dev/null; then \
	  npm install --prefix .hub --no-save --no-audit --no-fund --loglevel=error configurable-http-proxy@5.3.0; \
	else echo "npm not found: the JupyterHub test will say so (install Node.js and npm)"; fi

hub-test: $(HUB_STAMP) $(CHP)
	$(BIN)/python -m pytest tests/hub

bench: $(TEST_STAMP)
	$(BIN)/python -m tools.bench

# The README's pictures (docs/img/), taken by the browser test that makes them in every test run.
screenshots: $(TEST_STAMP)
	NEWSLIT_SCREENSHOTS=docs/img $(BIN)/python -m pytest -q tests/browser/test_screenshots.py tests/browser/test_lesson_in_lab.py

notebooks: $(TEST_STAMP)
	$(BIN)/python -m tools.build_lessons

solutions: $(TEST_STAMP)
	$(BIN)/python -m tools.build_solutions

clean:
	rm -rf $(VENV)
