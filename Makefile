# Two entry points (see README). Targets stay thin: they make the virtual
# environment from the pinned requirements, then call the invoke tasks in
# tasks.py, where the real work is.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# make serve PORT=8001: the preview on another port when 8000 is taken.
PORT ?= 8000

.PHONY: serve test

serve: $(VENV)/.runtime
	$(BIN)/invoke serve --port $(PORT)

test: $(VENV)/.dev
	$(BIN)/invoke test

$(VENV)/.runtime: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --editable .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@
