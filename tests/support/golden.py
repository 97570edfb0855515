"""Whole-output tests (as Pelican's own and m.css's): each folder under
``tests/golden/`` is a small site named for what it proves; its
``content/`` is built with the project's production settings
(``publishconf.py``, ``SITEURL`` https://bantin.example.org) and
the output must equal its ``expected/`` folder file by file.

``expected/`` holds every text file of the output as built; binary files
(icons) and the theme's copied files are listed with their SHA-256 in
``expected/BINARY.sha256``,
so a missing, extra or changed file of any kind fails the test. After an
intended change, regenerate and read the diff before committing:

    .venv/bin/python -m tests.support.golden            # every case
    .venv/bin/python -m tests.support.golden minimal    # one case

What would differ from one build to the next is left out of these sites:
the search index (Pagefind's random file names; ``tests/test_search.py``),
and the editors' desk (the vendored CMS; ``tests/test_desk.py``). The
sitemap has no build time (``plugins.seo``: only items' dates).
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

from tests.support import ROOT, SMALL_SITE, build_in_process

GOLDEN = ROOT / "tests" / "golden"
BINARY_LIST = "BINARY.sha256"
TEXT_SUFFIXES = {".html", ".xml", ".css", ".js", ".json", ".txt", ".webmanifest", ".svg", ""}
# Each case: the settings it adds to the project's.
THEME_DIR = "theme"  # THEME_STATIC_DIR
SETTINGS = {
    # Two a page on every listing, whatever counts pelicanconf.py gives
    # each (PAGINATED_TEMPLATES): a maintainer's per-template counts took
    # trang/2/ out of this case without a word.
    "minimal": {"DEFAULT_PAGINATION": 2,
                "PAGINATED_TEMPLATES": {"index": None, "tag": None, "category": None, "author": None}},
    "html_escape": {},
}
COMMON = {**SMALL_SITE, "SEARCH": {"enabled": False}, "DESK": {"enabled": False},
          "SITEURL": "https://bantin.example.org", "FEED_DOMAIN": "https://bantin.example.org"}


def cases() -> list[str]:
    return sorted(path.name for path in GOLDEN.iterdir() if (path / "content").is_dir())


def build_case(case: str, output: Path) -> Path:
    """Build a case as it is published (publishconf.py: hashed asset names,
    the CSP meta, absolute addresses)."""
    build_in_process(GOLDEN / case / "content", output, ROOT / "publishconf.py", **COMMON,
                     **SETTINGS.get(case, {}))
    return output


def is_text(path: Path, output: Path) -> bool:
    """Stored as text: what the build writes. The theme's own files (copies
    of theme/static/, their names hashed) are stored by SHA-256."""
    if path.relative_to(output).parts[0] == THEME_DIR:
        return False
    return path.suffix in TEXT_SUFFIXES or path.name.startswith("_")


def snapshot(output: Path) -> dict[str, bytes | str]:
    """Every file of a built site: text files' bytes, binary files' SHA-256."""
    files = {}
    for path in sorted(p for p in output.rglob("*") if p.is_file()):
        name = path.relative_to(output).as_posix()
        files[name] = path.read_bytes() if is_text(path, output) else hashlib.sha256(path.read_bytes()).hexdigest()
    return files


def stored(case: str) -> dict[str, bytes | str]:
    expected = GOLDEN / case / "expected"
    files = {}
    for path in sorted(p for p in expected.rglob("*") if p.is_file() and p.name != BINARY_LIST):
        files[path.relative_to(expected).as_posix()] = path.read_bytes()
    binary = expected / BINARY_LIST
    for line in binary.read_text(encoding="utf-8").splitlines() if binary.exists() else []:
        digest, name = line.split("  ", 1)
        files[name] = digest
    return files


def store(case: str, output: Path) -> None:
    expected = GOLDEN / case / "expected"
    shutil.rmtree(expected, ignore_errors=True)
    lines = []
    for name, value in snapshot(output).items():
        if isinstance(value, str):
            lines.append(f"{value}  {name}")
        else:
            (expected / name).parent.mkdir(parents=True, exist_ok=True)
            (expected / name).write_bytes(value)
    expected.mkdir(parents=True, exist_ok=True)
    (expected / BINARY_LIST).write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def main(argv: list[str]) -> int:
    import tempfile

    for case in argv or cases():
        with tempfile.TemporaryDirectory() as folder:
            store(case, build_case(case, Path(folder) / "output"))
        print(f"tests/golden/{case}/expected: regenerated — read `git diff` before committing")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
