"""The parallel_write plugin: article pages written on two cores give the
same site, byte for byte (sitemap and resized photos included), and a page
that fails to render stops the build with the same message."""

from __future__ import annotations

import re
import shutil

import pytest

from plugins.parallel_write import split
from tests.support import CONTENT, ROOT, build_corpus, comparable, fast_paths
from tests.support import GENERATED_ARTICLES as ARTICLES


def test_parallel_write_gives_the_same_bytes_as_the_sequential_build(corpus_built):
    """The corpus: 60 generated articles sharing photos, so two processes
    may resize the same one (each build has its own derivative cache)."""
    parallel, out_parallel = corpus_built("parallel")
    assert f"parallel_write: {ARTICLES + 1} articles written by 2 processes, 0 again" in parallel
    sequential, out_sequential = corpus_built("sequential")
    assert "parallel_write:" not in sequential

    on, off = comparable(out_parallel), comparable(out_sequential)
    assert len([name for name in off if name.startswith("bai-viet/")]) > ARTICLES
    assert len([name for name in off if name.endswith(".webp")]) > ARTICLES
    assert sorted(on) == sorted(off)
    different = [name for name in off if on[name] != off[name]]
    assert not different, different[:10]
    # The sitemap (collected in the main process) lists every article,
    # those the child wrote included.
    sitemap = (out_parallel / "sitemap.xml").read_text(encoding="utf-8")
    assert len(re.findall(r"<loc>[^<]*/bai-viet/", sitemap)) == ARTICLES + 1
    # Every article page carries the counter block and resized photos,
    # stamped in whichever process wrote it.
    for page in (out_parallel / "bai-viet").glob("*/index.html"):
        text = page.read_text(encoding="utf-8")
        assert "srcset=" in text, page


def test_a_page_that_fails_to_render_stops_the_parallel_build_with_the_same_message(tmp_path):
    """On the real content and the failing page, from two files (the
    corpus of 61 made it two builds of 10 s)."""
    content = CONTENT
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    article = theme / "templates" / "article.html"
    article.write_text(
        '{% if article.slug == "trang-loi" %}{{ khong_co_bien_nay() }}{% endif %}\n'
        + article.read_text(encoding="utf-8"), encoding="utf-8")
    broken = tmp_path / "content"
    shutil.copytree(content, broken)
    # Sorted last by date: a child's share in a round-robin split of two.
    (broken / "2001").mkdir()
    (broken / "2001" / "trang-loi.md").write_text(
        "Title: Trang lỗi\nDate: 2001-01-01\nCategory: Tin hoạt động LHH\n"
        "Author: Ban thông tin\nSummary: Tóm tắt.\n\nNội dung.\n", encoding="utf-8")
    extra = f"THEME = {str(theme)!r}\n"
    two = "PARALLEL_WRITE = {**PARALLEL_WRITE, 'min_files': 2}\n"

    def errors(result):
        return [re.sub(r"^\[[\d:]+\]", "", line).strip()
                for line in (result.stdout + result.stderr).splitlines() if "khong_co_bien_nay" in line]

    parallel, _ = build_corpus(tmp_path, broken, "on", fast_paths(read=True, write=True) + two + extra)
    sequential, _ = build_corpus(tmp_path, broken, "off", fast_paths(read=True, write=False) + two + extra)
    assert sequential.returncode != 0
    assert parallel.returncode == sequential.returncode
    assert errors(parallel) and errors(parallel) == errors(sequential)
    # It failed in the child, and the main process wrote it again.
    assert "parallel_write: 1 article(s) failed or logged in a child" in parallel.stdout + parallel.stderr


@pytest.mark.parametrize("items, parts, expected", [
    (list("abcde"), 2, [[0, 2, 4], [1, 3]]),
    (list("abc"), 3, [[0], [1], [2]]),
    (list("ab"), 3, [[0], [1], []]),
])
def test_articles_are_dealt_round_robin(items, parts, expected):
    assert split(items, parts) == expected
