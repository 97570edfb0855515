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
# --system-certs: the certificates the machine trusts, as pip does. uv's own
# list left out a TLS-inspecting proxy's (an office network; this machine):
# «invalid peer certificate: UnknownIssuer», pip took over (66 s, not 6).
UV := $(BIN)/uv pip install --quiet --compile-bytecode --system-certs --python $(BIN)/python
# $(call INSTALL,requirements.txt) or requirements-dev.txt. A .venv whose
# python runs without pip (make stopped by Ctrl+C while venv made it) is
# made again: each later make said «No module named pip» twice, for ever.
# uv's output goes to .venv/uv.log; should it fail, one line says so with
# the log's last line (pip's 400 versions of uv, or uv's six «cause:»
# lines, came before it). pip then installs the same pins but uv's: with
# uv's own line pip failed on the very pin that had failed (a uv version
# without a wheel here), and tools/venv_check.py does not ask for uv.
define INSTALL
	$(BIN)/python -m pip --version >/dev/null 2>&1 || $(PYTHON) -m venv --clear $(VENV)
	($(PIP) $(UV_PIN) && $(UV) -r $(1) --editable .) >$(VENV)/uv.log 2>&1 || \
	  (echo "uv không cài được, đang cài bằng pip (uv failed, using pip): $$(tail -n 1 $(VENV)/uv.log) [$(VENV)/uv.log]" && \
	  sed -e '/^uv==/d' -e '/^-r /d' requirements.txt $(filter-out requirements.txt,$(1)) >$(VENV)/pip-requirements.txt && \
	  $(PIP) -r $(VENV)/pip-requirements.txt --editable .)
endef

# `make serve PYTHON=python3.13` (README: each Python named passes) with a
# .venv of another Python kept that one without a word. A Python named on
# the command line (or in the environment) that runs and is another
# version than .venv's has .venv made again with it, said.
ifneq ($(filter command line environment,$(origin PYTHON)),)
VERSION := import sys; print(*sys.version_info[:2], sep=".")
WANTED := $(shell $(PYTHON) -c '$(VERSION)' 2>/dev/null)
ifneq ($(WANTED),)
ifneq ($(wildcard $(BIN)/python),)
ifneq ($(shell $(BIN)/python -c '$(VERSION)' 2>/dev/null),$(WANTED))
$(info .venv dùng phiên bản Python khác với $(PYTHON) ($(WANTED)) — đang xoá và tạo lại .venv (.venv of another Python, rebuilding it))
$(shell rm -rf $(VENV))
endif
endif
endif
endif

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
# waited for, and either failing fails make test. A tool missing where
# apt-get cannot run (not root) stops it first, before .venv is filled.
# The sub-make is named through SUBMAKE: make runs a line that names
# $(MAKE) itself even under -n, and `make -n test` started
# tools/test_tools.py for real (npm ci, apt-get as root).
SUBMAKE = $(MAKE)
test:
	$(PYTHON) tools/test_tools.py --check
	$(PYTHON) tools/test_tools.py & tools=$$!; \
	$(SUBMAKE) --no-print-directory $(VENV)/.dev; venv=$$?; \
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
	$(call INSTALL,requirements.txt)
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt pyproject.toml
	$(call INSTALL,requirements-dev.txt)
	touch $(VENV)/.runtime $@
