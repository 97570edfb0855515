"""The test tools that do not come from pip: the npm packages of
package-lock.json (axe-core, the HTML validator, Sveltia CMS for the desk's
tests) and Debian's Chromium and Java (for the validator).

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
DEBIAN = {"chromium": "chromium", "java": "default-jre-headless"}


def npm_ci() -> subprocess.Popen | None:
    """Start ``npm ci`` when node_modules is missing or older than the lock file."""
    lock = ROOT / "package-lock.json"
    stamp = ROOT / "node_modules" / ".package-lock.json"
    if stamp.exists() and stamp.stat().st_mtime >= lock.stat().st_mtime:
        return None
    return subprocess.Popen(["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=ROOT)


def apt_get() -> subprocess.Popen | str | None:
    """Start installing what is missing of Chromium and Java (as root, as
    CI runs); as another user, return what to install instead."""
    missing = [name for name in DEBIAN if not shutil.which(name)]
    if not missing:
        return None
    if os.geteuid() != 0:
        return (f"Missing {', '.join(missing)}: install Debian's packages "
                f"{', '.join(repr(DEBIAN[name]) for name in missing)}, then run make test again.")
    packages = " ".join(DEBIAN[name] for name in missing)
    return subprocess.Popen(["sh", "-c", f"apt-get update -qq && apt-get install -y -qq {packages}"],
                            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})


def install() -> int:
    """Both at once; 0 when everything is there, else what failed is said."""
    started = {"npm ci": npm_ci(), "apt-get": apt_get()}
    status = 0
    for name, process in started.items():
        if isinstance(process, str):
            print(process, file=sys.stderr)
            status = 1
        elif process is not None and process.wait():
            print(f"{name} failed (exit {process.returncode}).", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(install())
