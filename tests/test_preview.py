"""The fast preview (workflow/preview.py, behind ``make serve``): after an edit it
serves the changed pages, byte for byte what a full build writes (apart from
its reload snippet). Latency is measured by bench/run.py, not here."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support import BIN, ROOT, run_pelican
from workflow.preview import RELOAD_SNIPPET

ARTICLE = "2020/hoi-thao-phuong-an-phat-trien-cum-cong-nghiep-2021-2030.md"
NEW_TITLE = "Tiêu đề đã sửa: Hội thảo “phương án” phát triển cụm công nghiệp"
NEW_PARAGRAPH = "Đoạn văn thêm khi sửa bài — kiểm thử bản xem trước."
# typogrify joins the last two words with &nbsp;: look for the start.
NEW_MARK = "Đoạn văn thêm khi sửa bài"


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """The preview running on a copy of the real content."""
    base = tmp_path_factory.mktemp("preview")
    content = base / "content"
    shutil.copytree(ROOT / "content", content)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = open(base / "preview.log", "w")
    process = subprocess.Popen(
        [str(BIN / "python"), "-m", "workflow.preview", "--content", str(content),
         "--output", str(base / "output"), "--port", str(port)],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    try:
        while True:
            try:
                fetch(url + "/__preview/ready")
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, (
                    (base / "preview.log").read_text())
                time.sleep(0.2)
        yield {"url": url, "content": content, "base": base}
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def article_url(content: Path) -> str:
    for line in (content / ARTICLE).read_text(encoding="utf-8").splitlines():
        if line.startswith("Slug:"):
            return f"bai-viet/{line.split(':', 1)[1].strip()}/"
    raise AssertionError("the reference article has no Slug")


@pytest.fixture(scope="module")
def edited(preview):
    """Edit the article's title and body; wait until the preview shows it;
    then build the edited content in full for comparison."""
    content = preview["content"]
    source = content / ARTICLE
    text = source.read_text(encoding="utf-8")
    lines = text.splitlines()
    lines = [f"Title: {NEW_TITLE}" if line.startswith("Title:") else line for line in lines]
    source.write_text("\n".join(lines) + f"\n\n{NEW_PARAGRAPH}\n", encoding="utf-8")
    page = f"{preview['url']}/{article_url(content)}"
    deadline = time.monotonic() + 60
    while NEW_MARK.encode() not in fetch(page):
        assert time.monotonic() < deadline, "the preview never showed the edit"
        time.sleep(0.1)
    full = preview["base"] / "full"
    result = run_pelican(content, full, ROOT / "pelicanconf.py")
    assert result.returncode == 0, result.stdout + result.stderr
    return full


def served(preview, url: str) -> bytes:
    body = fetch(f"{preview['url']}/{url}")
    if url == "" or url.endswith("/") or url.endswith(".html"):
        assert body.count(RELOAD_SNIPPET.encode()) == 1, "one reload snippet on an HTML page"
        body = body.replace(RELOAD_SNIPPET.encode(), b"", 1)
    return body


def test_preview_shows_the_edited_body_and_title_on_the_article_page(preview, edited):
    page = served(preview, article_url(preview["content"])).decode("utf-8")
    assert NEW_MARK in page
    assert "Tiêu đề đã sửa" in page


@pytest.mark.parametrize("which", ["article", "", "chuyen-muc/tin-hoat-dong-lhh/", "luu-tru/",
                                   "feeds/all.atom.xml", "gioi-thieu/"])
def test_preview_serves_the_same_bytes_as_a_full_build_after_an_edit(preview, edited, which):
    url = article_url(preview["content"]) if which == "article" else which
    name = url + "index.html" if url == "" or url.endswith("/") else url
    assert (edited / name).is_file(), f"the full build has no {name}"
    assert served(preview, url) == (edited / name).read_bytes()


def test_title_change_reaches_the_listings(preview, edited):
    assert "Tiêu đề đã sửa" in served(preview, "").decode("utf-8")


def test_html_pages_get_the_reload_snippet_and_other_files_do_not(preview, edited):
    assert RELOAD_SNIPPET.encode() in fetch(preview["url"] + "/")
    assert RELOAD_SNIPPET.encode() not in fetch(preview["url"] + "/feeds/all.atom.xml")
    # the editors' desk is served as built: it saves into content/ itself
    desk = fetch(preview["url"] + "/quan-tri/")
    assert b'id="desk-settings"' in desk and RELOAD_SNIPPET.encode() not in desk


def test_a_new_article_regenerates_the_site_with_full_build_bytes(preview, edited):
    """A new file changes the site's structure (listings, archives, tags):
    the preview regenerates everything, still byte for byte."""
    content = preview["content"]
    (content / "2020" / "bai-moi-xem-truoc.md").write_text(
        "Title: Bài mới thêm khi xem trước\nDate: 2020-12-01\nAuthor: Ban thông tin\nCategory: Tin hoạt động LHH\n"
        "Tags: Hội thảo, Thẻ mới xem trước\nSummary: Tóm tắt bài mới.\n\nNội dung bài mới.\n",
        encoding="utf-8",
    )
    deadline = time.monotonic() + 60
    while b"bai-moi-them-khi-xem-truoc" not in fetch(preview["url"] + "/"):
        assert time.monotonic() < deadline, "the new article never appeared"
        time.sleep(0.1)
    full = preview["base"] / "full-new"
    result = run_pelican(content, full, ROOT / "pelicanconf.py")
    assert result.returncode == 0, result.stdout + result.stderr
    for url in ("", "bai-viet/bai-moi-them-khi-xem-truoc/", article_url(content),
                "the/the-moi-xem-truoc/", "luu-tru/2020/12/", "feeds/all.atom.xml"):
        name = url + "index.html" if url == "" or url.endswith("/") else url
        assert served(preview, url) == (full / name).read_bytes(), url


def test_a_broken_edit_keeps_the_preview_running(preview, edited):
    broken = preview["content"] / "2020" / "bai-loi.md"
    broken.write_text("Title: Bài lỗi\nDate: 05/03/2025\n\nNội dung.\n", encoding="utf-8")
    try:
        time.sleep(1.5)
        assert fetch(preview["url"] + "/__preview/ready") == b"ok"
        assert fetch(preview["url"] + "/").startswith(b"<!DOCTYPE html>")
    finally:
        os.remove(broken)
