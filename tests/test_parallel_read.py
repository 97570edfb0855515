"""The parallel_read plugin: the same site, byte for byte, read on two cores;
an editor's mistake reported exactly as by a sequential build. The settings
of parallel_read and parallel_write (one shape, plugins/core/forked.py)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from plugins import parallel_read, parallel_write
from tests.support import GENERATED_ARTICLES as ARTICLES
from tests.support import comparable, generate, run_pelican, settings_file


def build(base: Path, content: Path, name: str, parallel: bool | None = None, extra: str = "",
          cache: str = "cache") -> tuple[subprocess.CompletedProcess, Path]:
    """``pelican`` with publishconf.py and ``extra`` settings lines
    (``parallel``: PARALLEL_READ on or off on two workers)."""
    if parallel is not None:
        extra = f"PARALLEL_READ = {{'enabled': {parallel}, 'min_files': 50, 'workers': 2}}\n" + extra
    settings = settings_file(base / f"{name}.py", "publishconf", (
        f"CATEGORIES = list(dict.fromkeys([*CATEGORIES, *{generate.CATEGORIES!r}]))\n"
        f"CACHE_PATH = {str(base / cache)!r}\n" + extra))
    output = base / f"output-{name}"
    return run_pelican(content, output, settings, None, "-v"), output


def test_parallel_build_writes_the_same_bytes_as_the_sequential_build(corpus):
    base, content = corpus
    parallel, out_parallel = build(base, content, "on", True)
    assert parallel.returncode == 0, parallel.stdout + parallel.stderr
    # The pool really read the generated articles (and the real one).
    assert re.search(rf"parallel_read: {ARTICLES + 1} of {ARTICLES + 1} files read in 2",
                     parallel.stdout + parallel.stderr)
    sequential, out_sequential = build(base, content, "off", False)
    assert sequential.returncode == 0, sequential.stdout + sequential.stderr
    assert "parallel_read:" not in sequential.stdout + sequential.stderr

    on, off = comparable(out_parallel), comparable(out_sequential)
    assert len(off) > ARTICLES * 2
    assert sorted(on) == sorted(off)
    different = [name for name in off if on[name] != off[name]]
    assert not different, different[:10]


def test_an_editors_mistake_stops_the_parallel_build_with_the_same_message(corpus, tmp_path):
    base, content = corpus
    broken = tmp_path / "content"
    shutil.copytree(content, broken)
    bad = broken / "bench" / "ngay-sai.md"
    bad.write_text("Title: Ngày sai\nDate: 26/11/2026\nCategory: Tin hoạt động LHH\n"
                   "Author: Ban thông tin\nSummary: Tóm tắt.\n\nNội dung.\n", encoding="utf-8")

    def errors(result):
        text = result.stdout + result.stderr
        return [re.sub(r"^\[[\d:]+\]", "", line).strip()  # without the time of day
                for line in text.splitlines() if "ngay-sai.md" in line]

    parallel, _ = build(tmp_path, broken, "on", True)
    sequential, _ = build(tmp_path, broken, "off", False)
    assert parallel.returncode != 0 and parallel.returncode == sequential.returncode
    # The broken file was left to Pelican's own reading in the main process.
    assert f"parallel_read: {ARTICLES + 1} of {ARTICLES + 2} files" in parallel.stdout + parallel.stderr
    assert errors(parallel) and errors(parallel) == errors(sequential)
    assert "ngay-sai.md:2: ngày «26/11/2026» không đúng dạng" in errors(parallel)[0]


@pytest.mark.parametrize("module", [parallel_read, parallel_write])
@pytest.mark.parametrize("value, problem", [
    ({"enabled": "yes"}, "enabled"),
    ({"workers": -1}, "workers"),
    ({"min_files": 10.0}, "min_files"),
    ({"processes": 2}, "processes"),
    ([], "dict"),
])
def test_bad_settings_are_refused_naming_the_key(module, value, problem):
    error = module.ParallelReadError if module is parallel_read else module.ParallelWriteError
    with pytest.raises(error, match=problem):
        module.load_config(value)


@pytest.mark.parametrize("module", [parallel_read, parallel_write])
def test_defaults_work_in_parallel_from_50_files_on_every_core(module):
    assert module.load_config({}) == {"enabled": True, "min_files": 50, "workers": 0}
