"""Word import benchmark: a generated 40-page report with 30 photos
(tests/support/word.py, fixed seed) imported as an editor does it, and
our HTML -> Markdown step measured against markdownify on the same HTML.

    .venv/bin/python -m bench.import_docx            # 3 runs, median
    .venv/bin/python -m bench.import_docx --runs 5

The import is timed in this process (wall clock, ``import_docx`` from the
.docx on disk to every file written) into a fresh content folder per run;
the goal is under 5 s on the project's 2-core machines. The comparison
converts the mammoth HTML of the report and of the richest test fixture
with both converters, renders the Markdown with Python-Markdown as the site
does (``extra``), and counts what came out wrong.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import markdown as python_markdown
from bs4 import BeautifulSoup
from markdownify import markdownify

from tests.support import ROOT
from tests.support.word import report_document, rich_document
from workflow import load_settings
from workflow.docx_markdown import Markdown, join_blocks, to_html
from workflow.import_docx import import_docx


def time_import(document: Path, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            content = Path(folder) / "content"
            (content / "pages").mkdir(parents=True)
            settings = load_settings(ROOT / "pelicanconf.py", PATH=str(content))
            start = time.perf_counter()
            imported = import_docx(document, settings, date="2025-03-12 08:30")
            times.append(time.perf_counter() - start)
            assert len(imported.photos) == 30, imported.photos
    return times


def ours(fragment: str) -> str:
    """Our step as the import runs it (headings at their level, pictures as
    placeholders: files are not named here)."""
    return join_blocks(Markdown().blocks(fragment), lambda b: ("#" * b.level + " " if b.kind == "heading" else "")
                       + (b.markdown or f"![Ảnh {b.picture}](x)"))


def theirs(fragment: str) -> str:
    return markdownify(fragment, heading_style="ATX", table_infer_header=True, bullets="-")


def defects(markdown_text: str) -> list[str]:
    """What the richest fixture's Markdown renders wrong on our site."""
    soup = BeautifulSoup(python_markdown.markdown(markdown_text, extensions=["extra"]), "html.parser")
    found = []
    if not soup.select("ul > li > ul > li"):
        found.append("nested list flattened")
    if soup.find("b"):
        found.append("<b> typed in the text became HTML")
    if [th.get_text() for th in soup.select("thead th")][:1] != ["Đơn vị"]:
        found.append("table header lost")
    if not any("800 | 50" in td.get_text() for td in soup.select("td")):
        found.append("a '|' in a cell split it")
    if not soup.select("ol > li"):
        found.append("numbered list merged into the bulleted one")
    return found


def compare(fragment: str, runs: int = 20) -> dict[str, float]:
    result = {}
    for name, function in (("ours", ours), ("markdownify", theirs)):
        start = time.perf_counter()
        for _ in range(runs):
            function(fragment)
        result[name] = (time.perf_counter() - start) / runs * 1000
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        report = report_document(Path(folder) / "bao-cao-40-trang.docx")
        size = report.stat().st_size / 1e6
        times = time_import(report, args.runs)
        print(f"Import of a 40-page report with 30 photos ({size:.1f} MB): median {statistics.median(times):.2f} s "
              f"(runs: {', '.join(f'{t:.2f}' for t in times)}; goal < 5 s)")
        fragment, *_ = to_html(report.read_bytes(), 200)
        speed = compare(fragment)
        print(f"HTML -> Markdown on the report's HTML ({len(fragment) / 1e3:.0f} kB): ours {speed['ours']:.0f} ms, "
              f"markdownify {speed['markdownify']:.0f} ms")
        rich_html, *_ = to_html(rich_document(Path(folder) / "rich.docx").read_bytes(), 200)
        for name, function in (("ours", ours), ("markdownify", theirs)):
            found = defects(function(rich_html))
            print(f"Richest fixture rendered by Python-Markdown, {name}: {len(found)} defects"
                  + (f" ({'; '.join(found)})" if found else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
