# Two entry points (see README). Targets stay thin: they make the virtual
# environment from the pinned requirements, then call the invoke tasks in
# tasks.py, where the real work is.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# make serve PORT=8001: the preview on another port when 8000 is taken.
PORT ?= 8000
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check
# uv fills .venv from the pinned requirements: on a fresh machine 6 s where
# pip took 49 s (measured 2026-12-06, no cache either way; CI's whole
# `make test` was 655 s of a 600-s limit). pip installs uv itself (its pin
# is in requirements.txt); should uv fail (a platform without its wheel, a
# network it cannot cross), pip installs the same pins, saying so.
# --compile-bytecode: pip compiles what it installs, uv does not by default,
# and where PYTHONDONTWRITEBYTECODE is set every process would compile the
# packages it imports again (0.3 s a Pelican start).
UV_PIN := $(shell grep -m1 '^uv==' requirements.txt)
UV := $(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python
FALLBACK := echo "uv không cài được, đang cài bằng pip (uv failed, using pip)" &&

# A .venv whose Python cannot run (Python upgraded or removed, a folder
# copied from another machine) kept its stamps: `make serve` said only
# «.venv/bin/invoke: No such file or directory» of a file that was there.
# It is made again from the pinned requirements.
ifneq ($(wildcard $(VENV)/.runtime $(VENV)/.dev),)
ifneq ($(shell $(BIN)/python -c 'print("ok")' 2>/dev/null),ok)
$(info .venv hỏng: Python của nó không chạy được (máy đã đổi phiên bản Python?) — đang xoá và tạo lại .venv (broken .venv, rebuilding it))
$(shell rm -rf $(VENV))
else
# A .venv with its stamps but a pinned package missing or at another version
# (pip stopped half-way, a package removed by hand): `make serve` ended in
# «ModuleNotFoundError: No module named 'nh3'». Its stamps go, so pip fills
# it again (tools/venv_check.py).
# A pin changed since .venv was filled (an upgrade pulled from git) is said
# as such: «lần cài trước bị ngắt giữa chừng?» after every upgrade alarmed.
UNPINNED := $(shell $(BIN)/python tools/venv_check.py 2>/dev/null)
ifneq ($(UNPINNED),)
ifneq ($(shell find requirements.txt requirements-dev.txt -newer $(VENV)/.runtime 2>/dev/null),)
$(info Phiên bản gói đã đổi (requirements*.txt mới hơn .venv): đang cài $(UNPINNED) (pins changed, installing))
else
$(info .venv thiếu gói hoặc sai phiên bản: $(UNPINNED) (lần cài trước bị ngắt giữa chừng?) — đang cài lại (packages missing, reinstalling))
endif
$(shell rm -f $(VENV)/.runtime $(VENV)/.dev)
endif
endif
endif

.PHONY: serve test hooks

serve: $(VENV)/.runtime
	$(BIN)/invoke serve --port $(PORT)

# The test tools pip does not install (npm ci; apt-get install chromium as
# root) are installed while pip fills .venv (tools/test_tools.py); both are
# waited for, and either failing fails make test.
test:
	$(PYTHON) tools/test_tools.py & tools=$$!; \
	$(MAKE) --no-print-directory $(VENV)/.dev; venv=$$?; \
	wait $$tools && test $$venv -eq 0
	$(BIN)/invoke test

# The git hook that runs the content checker at each commit (README, «Bật
# kiểm tra tự động khi commit»). pre-commit and ruff, which its hooks run,
# are test tools (requirements-dev.txt): after `make serve` alone,
# `.venv/bin/pre-commit install` was «No such file or directory».
hooks: $(VENV)/.dev
	$(BIN)/pre-commit install

# One uv run each: the pinned packages and the project itself (editable).
$(VENV)/.runtime: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	($(PIP) $(UV_PIN) && $(UV) -r requirements.txt --editable .) || \
	  ($(FALLBACK) $(PIP) -r requirements.txt --editable .)
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	($(PIP) $(UV_PIN) && $(UV) -r requirements-dev.txt --editable .) || \
	  ($(FALLBACK) $(PIP) -r requirements-dev.txt --editable .)
	touch $(VENV)/.runtime $@
