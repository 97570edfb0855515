"""The test tools that do not come from pip: the npm packages of
package-lock.json (axe-core, the HTML validator, Sveltia CMS for the desk's
tests) and Debian's Chromium (the browser, and its headless shell that
most browser tests run in), Java (for the validator) and nginx (the
generated server configuration, served for real), and Node.js with
npm where the machine has none (README: a fresh machine has Python, make
and git).

Standard library only: ``make test`` runs it with the machine's python3
while pip fills ``.venv``, so that on a fresh CI machine ``npm ci`` and
``apt-get`` download and unpack at the same time as pip instead of after it
(measured on a fresh clone here: pip 45 s, ``npm ci`` 11 s, which then adds
nothing; apt-get's time on CI, which this machine cannot measure, neither).
``invoke test`` calls it again: then it only checks, in milliseconds.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What a test tool's command needs, as Debian packages.
DEBIAN = {"chromium": ["chromium"], "chromium-headless-shell": ["chromium-headless-shell"],
          "java": ["default-jre-headless"], "nginx": ["nginx"], "npm": ["nodejs", "npm"]}
# The npm files the tests read (tests.support, test_quality, test_desk):
# one of them deleted (an interrupted copy, a clean-up by hand) left
# node_modules newer than the lock file, so nothing was installed again
# and tests failed with FileNotFoundError (axe.min.js).
NPM_FILES = ["vnu-jar/build/dist/vnu.jar", "axe-core/axe.min.js", "esprima/package.json", ".bin/lighthouse",
             "@sveltia/cms/dist/sveltia-cms.js", "fflate/umd/index.js"]
VNU, AXE = (ROOT / "node_modules" / name for name in NPM_FILES[:2])


def missing() -> list[str]:
    return [name for name in DEBIAN if not shutil.which(name)]


def npm_ci() -> subprocess.Popen | None:
    """Start ``npm ci`` when node_modules is missing, older than the lock
    file, or lacks a file the tests read."""
    lock = ROOT / "package-lock.json"
    stamp = ROOT / "node_modules" / ".package-lock.json"
    if (stamp.exists() and stamp.stat().st_mtime >= lock.stat().st_mtime
            and all((ROOT / "node_modules" / name).exists() for name in NPM_FILES)):
        return None
    return subprocess.Popen(["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=ROOT)


def apt_get(names: list[str]) -> subprocess.Popen:
    """Start installing the Debian packages of `names` (as root, as CI runs)."""
    packages = " ".join(package for name in names for package in DEBIAN[name])
    return subprocess.Popen(["sh", "-c", f"apt-get update -qq && apt-get install -y -qq {packages}"],
                            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})


def finished(name: str, process: subprocess.Popen | None) -> int:
    """0 when `process` (None: nothing to do) ended well, else 1, said."""
    if process is None or process.wait() == 0:
        return 0
    print(f"{name} failed (exit {process.returncode}).", file=sys.stderr)
    return 1


def refused() -> int:
    """1, naming what to install, when a tool is missing and apt-get cannot
    install it (another user than root); else 0. ``make test`` asks first
    (``--check``, milliseconds): it used to fill .venv (a minute) after the
    line was said, which scrolled out of sight above make's «Error 1»."""
    needed = missing()
    if needed and os.geteuid() != 0:
        packages = ", ".join(repr(package) for name in needed for package in DEBIAN[name])
        print(f"Missing {', '.join(needed)}: install Debian's packages {packages}, then run make test again.",
              file=sys.stderr)
        return 1
    return 0


def install() -> int:
    """``npm ci`` and apt-get at once (npm ci after apt-get when npm itself
    is missing); 0 when everything is there, else what failed is said. As
    another user than root, what is missing is named instead."""
    if refused():
        return 1
    needed = missing()
    apt = apt_get(needed) if needed else None
    npm = None if "npm" in needed else npm_ci()
    status = finished("apt-get", apt)
    if "npm" in needed and not status:
        npm = npm_ci()
    return status | finished("npm ci", npm)


if __name__ == "__main__":
    sys.exit(refused() if sys.argv[1:] == ["--check"] else install())
