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
STAMP  := $(VENV)/.newslit-installed
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
# Jupyter refuses to start as root unless told; classroom machines and CI often run as root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab app test hub-test bench notebooks solutions clean venv

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@mkdir -p $(dir $(LAB_SETTINGS))
	cp jupyter/overrides.json $(LAB_SETTINGS)
	@touch $(STAMP)

lab: $(STAMP)
	cd lessons && ../$(BIN)/jupyter lab $(ROOT_FLAG) 00_start_here.ipynb

# App mode: Voila runs each lesson and shows its text and widgets, never its code
# (strip_sources); answers autosave as in JupyterLab and a Hand in button gives the
# learner a notebook to submit. Voila needs no root flag. Override e.g. APP_FLAGS+=--port=8867.
APP_FLAGS ?= --template=lab --strip_sources=True --show_tracebacks=False

app: $(STAMP)
	$(BIN)/voila lessons $(APP_FLAGS)

test: $(STAMP)
	$(BIN)/python -m pytest --ignore=tests/hub
	$(MAKE) --no-print-directory hub-test

# A real JupyterHub (tests/hub): jupyterhub from PyPI into .venv, configurable-http-proxy from npm
# into .hub/. It needs root (it creates two Unix accounts); elsewhere the test skips and says why.
HUB_STAMP := $(VENV)/.newslit-hub-installed
CHP := .hub/node_modules/.bin/configurable-http-proxy

$(HUB_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[hub]'
	@touch $(HUB_STAMP)

$(CHP):
	@if command -v npm >/dev/null; then \
	  npm install --prefix .hub --no-save --no-audit --no-fund --loglevel=error configurable-http-proxy@5.3.0; \
	else echo "npm not found: the JupyterHub test will say so (install Node.js and npm)"; fi

hub-test: $(HUB_STAMP) $(CHP)
	$(BIN)/python -m pytest tests/hub

bench: $(STAMP)
	$(BIN)/python -m newslit bench

notebooks: $(STAMP)
	$(BIN)/python -m newslit build-lessons

solutions: $(STAMP)
	$(BIN)/python -m newslit build-solutions

clean:
	rm -rf $(VENV)
