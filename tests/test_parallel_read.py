"""The parallel_read plugin: the same site, byte for byte, read on two cores;
an editor's mistake reported exactly as by a sequential build. The settings
of parallel_read and parallel_write (one shape, plugins/core/forked.py)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from plugins import parallel_read, parallel_write
from tests.support import CONTENT, ROOT, build_corpus, comparable, fast_paths
from tests.support import GENERATED_ARTICLES as ARTICLES


def test_parallel_build_writes_the_same_bytes_as_the_sequential_build(corpus_built):
    parallel, out_parallel = corpus_built("parallel")
    # The pool really read the generated articles (and the real one).
    assert re.search(rf"parallel_read: {ARTICLES + 1} of {ARTICLES + 1} files read in 2", parallel)
    sequential, out_sequential = corpus_built("sequential")
    assert "parallel_read:" not in sequential

    on, off = comparable(out_parallel), comparable(out_sequential)
    assert len(off) > ARTICLES * 2
    assert sorted(on) == sorted(off)
    different = [name for name in off if on[name] != off[name]]
    assert not different, different[:10]


def test_an_editors_mistake_stops_the_parallel_build_with_the_same_message(tmp_path):
    """On the real content and the broken file, from two files (the corpus
    of 61 made it two builds of 7 s)."""
    broken = tmp_path / "content"
    shutil.copytree(CONTENT, broken)
    (broken / "2025").mkdir()
    bad = broken / "2025" / "ngay-sai.md"
    bad.write_text("Title: Ngày sai\nDate: 26/11/2026\nCategory: Tin hoạt động LHH\n"
                   "Author: Ban thông tin\nSummary: Tóm tắt.\n\nNội dung.\n", encoding="utf-8")

    def errors(result):
        text = result.stdout + result.stderr
        return [re.sub(r"^\[[\d:]+\]", "", line).strip()  # without the time of day
                for line in text.splitlines() if "ngay-sai.md" in line]

    two = "PARALLEL_READ = {**PARALLEL_READ, 'min_files': 2}\n"
    parallel, _ = build_corpus(tmp_path, broken, "on", fast_paths(read=True, write=True) + two)
    sequential, _ = build_corpus(tmp_path, broken, "off", fast_paths(read=False, write=True) + two)
    assert parallel.returncode != 0 and parallel.returncode == sequential.returncode
    # The broken file was left to Pelican's own reading in the main process.
    assert "parallel_read: 1 of 2 files" in parallel.stdout + parallel.stderr
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


ROUND_TRIP = """
import sys
from plugins.core import forked
settings = {"SITENAME": "x"}
value = [settings, {"tag": settings}, "Hội thảo"]
back = forked.loads(forked.dumps(value, settings), settings)
assert back[0] is settings and back[1]["tag"] is settings and back[2] == "Hội thảo", back
assert len(forked.dumps(value, settings)) < len(forked.dumps(value, None))
print(sys.version_info[:2])
"""


def other_pythons() -> list[str]:
    """One interpreter of every other CPython 3.11+ this machine has (README:
    "Python 3.11+"): pyenv's versions, then PATH's (not pyenv's shims, which
    answer only for the selected version)."""
    found: dict[int, str] = {}
    for minor in range(11, 20):
        for name in [*sorted(map(str, Path.home().glob(f".pyenv/versions/3.{minor}.*/bin/python3"))),
                     shutil.which(f"python3.{minor}")]:
            if name and "/shims/" not in name:
                found.setdefault(minor, name)
    return [name for minor, name in sorted(found.items()) if (3, minor) != sys.version_info[:2]]


@pytest.mark.parametrize("python", [sys.executable, *other_pythons()])
def test_a_workers_result_keeps_the_settings_shared_on_every_python(python):
    """A worker's result is pickled with the settings left out and put back
    as the receiving process's own object. Python 3.13 refuses the
    instance attributes this used to set (``persistent_id``): every result
    failed, silently, and a build on 3.13 read sequentially and cached
    nothing. Run by every Python 3.11+ on the machine (no packages needed)."""
    result = subprocess.run([python, "-c", ROUND_TRIP], capture_output=True, text=True,
                            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert result.returncode == 0, result.stderr
