# newslit: two commands for everyone.
#   make lab    create .venv, install the kit, open JupyterLab on lessons/
#   make test   create .venv if needed, install what the tests need, run the suite
# Also: make bench (timings), make notebooks (rebuild lessons/ from solutions/),
#       make clean (remove .venv)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.newslit-installed
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
# Jupyter refuses to start as root unless told; classroom machines and CI often run as root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test bench notebooks clean venv

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

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m newslit bench

notebooks: $(STAMP)
	$(BIN)/python -m newslit build-lessons

clean:
	rm -rf $(VENV)
