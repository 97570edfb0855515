"""The pinned packages .venv lacks or holds at another version, one
``name==version`` a line (nothing when it holds them all).

The Makefile runs it with ``.venv/bin/python`` at every ``make``: a
``.venv`` whose stamps say it is filled while a package is not there (pip
stopped half-way after a pin changed, a package removed by hand) ended
``make serve`` in «ModuleNotFoundError: No module named 'nh3'»; its stamps
are removed instead, so pip fills it again. Standard library only; reads
``requirements-dev.txt`` when ``.venv/.dev`` exists, else
``requirements.txt`` (``-r`` lines followed). uv, the installer, is not
asked for: where it cannot install (no wheel for the platform, no way to
download it) pip fills .venv without it, and every make would have found
it missing and installed everything again.
"""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = "uv"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;#]+)")


def pins(requirements: Path) -> list[tuple[str, str]]:
    found = []
    for line in requirements.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("-r "):
            found += pins(requirements.parent / line[3:].strip())
        elif match := PIN.match(line):
            found.append(match.groups())
    return found


def missing(requirements: Path) -> list[str]:
    wrong = []
    for name, version in pins(requirements):
        if name == INSTALLER:
            continue
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            wrong.append(f"{name}=={version}")
    return wrong


if __name__ == "__main__":
    dev = (ROOT / ".venv" / ".dev").exists()
    print(" ".join(missing(ROOT / ("requirements-dev.txt" if dev else "requirements.txt"))))
