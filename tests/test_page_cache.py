"""Rendered pages kept between builds (plugins/page_cache): a build that
takes pages from the cache writes the same bytes as a build without it;
what an edit changes is rendered again, and only that; a page that reads
what its key leaves out is not kept; a damaged entry is rendered again."""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pelican import signals

from plugins import page_cache
from tests.support import (
    BIN,
    ROOT,
    SMALL_SITE_LINES,
    build_in_process,
    categories_line,
    comparable,
    photo,
    sample_files,
    settings_file,
    write_files,
)

ARTICLE = "2024/bai-thu-nghiem-5.md"
ALBUM_PHOTO = "images/2024/album-thu-nghiem/anh-2.jpg"


def build(base: Path, content: Path, name: str, caplog, cache: bool = True, theme: Path | None = None,
          extra: str = ""):
    """``content`` built with publishconf.py (and ``extra`` settings lines)
    into ``base/NAME``, the pages kept in ``base/pages`` (or not kept at
    all); (output, the plugin's counts)."""
    settings = settings_file(base / f"{name}.py", "publishconf", (
        categories_line() + SMALL_SITE_LINES
        + f"CACHE_PATH = {str(base / 'cache')!r}\n"
        + "SEARCH = {'enabled': False}\n"
        + f"PAGE_CACHE = {{'enabled': {cache}, 'folder': {str(base / 'pages')!r}}}\n"
        + (f"THEME = {str(theme)!r}\n" if theme else "") + extra))
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="plugins.page_cache"):
        build_in_process(content, base / name, settings)
    counts = {}
    for record in caplog.records:
        found = re.match(r"page_cache: (\d+) page\(s\) reused, (\d+) rendered and kept, (\d+) rendered and not",
                         record.getMessage())
        if found:
            counts = dict(zip(("reused", "kept", "unkept"), map(int, found.groups())))
    return base / name, counts


def same_as_without_cache(base: Path, content: Path, output: Path, caplog, extra: str = "") -> None:
    """``output`` is what a build without the page cache writes, byte for byte."""
    shutil.rmtree(base / "plain", ignore_errors=True)
    plain, counts = build(base, content, "plain", caplog, cache=False, extra=extra)
    assert counts == {}
    expected, got = comparable(plain), comparable(output)
    assert sorted(got) == sorted(expected)
    assert [name for name in expected if got[name] != expected[name]] == []


@pytest.fixture
def site(tmp_path, caplog):
    """The sample site built once, its pages kept: (base, content, counts)."""
    content = tmp_path / "content"
    write_files(content, sample_files())
    _, counts = build(tmp_path, content, "first", caplog)
    assert counts["reused"] == 0 and counts["kept"] > 60 and counts["unkept"] == 0, counts
    return tmp_path, content, counts


def test_a_second_build_takes_every_page_from_the_cache_and_writes_the_same_bytes(site, caplog):
    base, content, first = site
    output, counts = build(base, content, "second", caplog)
    assert counts == {"reused": first["kept"], "kept": 0, "unkept": 0}
    assert comparable(output) == comparable(base / "first")
    # The album's photo copies are made by its pages' rendering: made again
    # for pages from the cache (an empty output, as in CI).
    copies = sorted(path.relative_to(output) for path in output.rglob("*.webp"))
    assert copies and copies == sorted(path.relative_to(base / "first") for path in (base / "first").rglob("*.webp"))


def test_another_process_takes_the_same_pages(site):
    """The keys are the same in another interpreter with another hash seed
    (sets and dicts iterate in another order there), as in CI's next run:
    the `pelican` command twice, the second renders nothing."""
    base, content, _ = site

    def command(name: str, seed: str) -> tuple[str, Path]:
        output = base / name
        result = subprocess.run(
            [BIN / "pelican", content, "-s", base / "first.py", "-o", output, "-v"], cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed, "COLUMNS": "400"}, capture_output=True, text=True,
            encoding="utf-8", timeout=300)
        assert result.returncode == 0, result.stderr[-2000:]
        return " ".join((result.stdout + result.stderr).split()), output

    log, one = command("seed-1", "1")
    kept = int(re.search(r"page_cache: 0 page\(s\) reused, (\d+) rendered and kept", log)[1])
    log, other = command("seed-2", "4242")
    assert f"page_cache: {kept} page(s) reused, 0 rendered and kept" in log, log[-2000:]
    assert comparable(other) == comparable(one)


def reverse_statics(generator) -> None:
    generator.staticfiles.reverse()


def test_the_order_of_the_static_files_does_not_count(site, caplog):
    """Pelican lists the static files from a set (``linked_files |
    found_files``): their order follows the interpreter's hash seed, and
    every page's key moved with it from one CI run to the next. The same
    files listed the other way round take every page from the cache."""
    base, _, first = site
    assert len(list((base / "first").rglob("*.pdf"))) == 1 and list((base / "first").rglob("*.docx"))
    signals.static_generator_finalized.connect(reverse_statics)
    try:
        output, counts = build(base, base / "content", "reversed", caplog)
    finally:
        signals.static_generator_finalized.disconnect(reverse_statics)
    assert counts == {"reused": first["kept"], "kept": 0, "unkept": 0}
    assert comparable(output) == comparable(base / "first")


def test_an_edited_body_renders_that_article_page_only(site, caplog):
    base, content, first = site
    article = content / ARTICLE
    article.write_text(article.read_text(encoding="utf-8") + "\nMột đoạn mới ở cuối bài.\n", encoding="utf-8")
    output, counts = build(base, content, "edited", caplog)
    assert counts == {"reused": first["kept"] - 1, "kept": 1, "unkept": 0}
    assert "Một đoạn mới ở cuối bài." in (output / "bai-viet/bai-thu-nghiem-so-5-ve-hoi-thao-khoa-hoc/index.html"
                                           ).read_text(encoding="utf-8")
    same_as_without_cache(base, content, output, caplog)


def test_an_edited_title_renders_every_page_again(site, caplog):
    base, content, first = site
    article = content / ARTICLE
    article.write_text(article.read_text(encoding="utf-8").replace("Title: Bài thử nghiệm số 5 về",
                                                                    "Title: Bài thử nghiệm thứ năm về"),
                       encoding="utf-8")
    output, counts = build(base, content, "retitled", caplog)
    assert counts["reused"] == 0 and counts["kept"] >= first["kept"]
    same_as_without_cache(base, content, output, caplog)


def test_a_photo_replaced_under_its_name_gives_the_new_copies(site, caplog):
    """Same size, other pixels: the pages' HTML is the same, their WebP
    copies are not; they are made again from the new photo."""
    base, content, _ = site
    (content / ALBUM_PHOTO).write_bytes(photo(99, 480, 360))
    output, counts = build(base, content, "new-photo", caplog)
    assert counts["reused"] > 0
    same_as_without_cache(base, content, output, caplog)


def test_a_photo_replaced_by_another_size_where_the_body_gives_its_size(tmp_path, caplog):
    """An <img> that says its width and height (the Word import writes
    them): the body is the same when the photo is replaced under its name
    by one of another size or orientation, its srcset and WebP copies are
    not (read from the file as the page is rendered, page_cache.read)."""
    content = tmp_path / "content"
    write_files(content, {**sample_files(), "images/2024/dau.jpg": photo(7, 480, 360),
                          "images/2024/sau.jpg": photo(8, 1024, 768), "2024/bai-co-anh.md": """
        Title: Bài có ảnh ghi sẵn kích thước
        Date: 2024-05-03 08:00
        Author: Ban thông tin
        Category: Tin hoạt động LHH
        Summary: Bài có ảnh ghi sẵn kích thước.

        ![Ảnh đầu]({static}/images/2024/dau.jpg)

        <img src="{static}/images/2024/sau.jpg" alt="Ảnh sau" width="960" height="720">
        """})
    build(tmp_path, content, "first", caplog)
    for replacement in (photo(8, 600, 450), photo(8, 600, 450, orientation=6)):
        (content / "images/2024/sau.jpg").write_bytes(replacement)
        output, counts = build(tmp_path, content, "replaced", caplog)
        assert counts["reused"] > 0 and counts["kept"] == 1, counts
        same_as_without_cache(tmp_path, content, output, caplog)


def test_a_template_reading_another_items_body_is_rendered_every_time(site, caplog):
    """A home page printing the newest article's whole body: its key does
    not hold that body, so the page is not kept, and an edit of that body
    shows on the next build."""
    base, content, _ = site
    theme = base / "theme"
    shutil.copytree(ROOT / "theme", theme)
    index = theme / "templates/index.html"
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace("{% block content %}", "{% block content %}{{ articles[0].content }}", 1),
                     encoding="utf-8")
    _, counts = build(base, content, "theme-1", caplog, theme=theme)
    assert counts["unkept"] >= 1
    newest = content / "2024/bai-thu-nghiem-23.md"
    newest.write_text(newest.read_text(encoding="utf-8") + "\nĐoạn mới của bài mới nhất.\n", encoding="utf-8")
    output, _ = build(base, content, "theme-2", caplog, theme=theme)
    assert "Đoạn mới của bài mới nhất." in (output / "index.html").read_text(encoding="utf-8")


def test_a_template_edited_in_an_overrides_folder_renders_the_pages_again(tmp_path, caplog):
    """THEME_TEMPLATES_OVERRIDES (Pelican's folders of templates found before
    the theme's: one template changed without copying the theme): the keys
    held their paths, not their files, and an article.html edited there
    left every article page as the old one had made it."""
    content, overrides = tmp_path / "content", tmp_path / "overrides"
    write_files(content, sample_files())
    overrides.mkdir()
    template = (ROOT / "theme/templates/article.html").read_text(encoding="utf-8")
    line = f"THEME_TEMPLATES_OVERRIDES = [{str(overrides)!r}]\n"
    for notice in ("Thông báo thứ nhất", "Thông báo thứ hai"):
        (overrides / "article.html").write_text(
            template.replace("{% block content %}", f"{{% block content %}}<p>{notice}</p>", 1), encoding="utf-8")
        output, counts = build(tmp_path, content, "overridden", caplog, extra=line)
    assert counts["reused"] == 0, counts
    assert "Thông báo thứ hai" in (output / "bai-viet/bai-thu-nghiem-so-5-ve-hoi-thao-khoa-hoc/index.html"
                                   ).read_text(encoding="utf-8")
    same_as_without_cache(tmp_path, content, output, caplog, extra=line)


def test_a_damaged_entry_is_rendered_again(site, caplog):
    base, content, first = site
    entries = sorted((base / "pages").glob("*/*/*"))  # a folder per code key, then by the key's first letters
    assert len(entries) == first["kept"]
    for path in entries[::2]:
        path.write_bytes(path.read_bytes()[:20])  # cut short, as by a full disk
    output, counts = build(base, content, "repaired", caplog)
    assert counts["kept"] == len(entries[::2]) and counts["reused"] == first["kept"] - len(entries[::2])
    assert comparable(output) == comparable(base / "first")


def test_a_cache_folder_that_cannot_be_made_leaves_the_build_as_it_is(tmp_path, caplog):
    """A file where the folder goes (or a full disk): the build writes the
    same site, with one line saying the pages were not kept, no traceback."""
    content = tmp_path / "content"
    write_files(content, sample_files())
    (tmp_path / "pages").write_text("không phải thư mục", encoding="utf-8")
    output, counts = build(tmp_path, content, "blocked", caplog)
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING
                and r.name == "plugins.page_cache"]
    assert len(warnings) == 1 and "không ghi được bộ nhớ đệm trang" in warnings[0], warnings
    assert counts["reused"] == 0
    same_as_without_cache(tmp_path, content, output, caplog)


# --- The forms the keys hash (pure) --------------------------------------------------
class Opaque:
    pass


@pytest.mark.parametrize(("one", "other", "same"), [
    ({"b": 1, "a": [1, "x"]}, {"a": [1, "x"], "b": 1}, True),  # a dict's order does not count
    ({"x", "y", "z"}, {"z", "y", "x"}, True),  # nor a set's
    ([1, 2], [2, 1], False),  # a list's does
    ("1", 1, False),  # the type counts
    (Path("a/b"), "a/b", False),
    (re.compile("a", re.I), re.compile("a"), False),
])
def test_forms_are_stable_and_tell_values_apart(one, other, same):
    def form(value):
        out = []
        page_cache.Walker({}, {}).walk(value, out)
        return "".join(out)

    assert (form(one) == form(other)) is same


def test_a_value_printed_with_its_address_has_no_form():
    with pytest.raises(page_cache.Uncacheable, match="Opaque"):
        page_cache.Walker({}, {}).walk({"x": Opaque()}, [])
