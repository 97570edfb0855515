"""The fast preview (workflow/preview.py, behind ``make serve``): after an edit it
serves the changed pages, byte for byte what a full build writes (apart from
its reload snippet). Latency is measured by bench/run.py, not here.

Also what issue 17 found: it serves only files inside its output folder,
our 404.html for anything unknown (a deleted or renamed article too), the
same headers for HEAD as for GET, a build error in the browser (cleared when
fixed), spelling changes of tags and authors on save, the visit counter on
its own GoatCounter-compatible endpoint, one preview or publish per output
folder, and a Vietnamese message for a taken port."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.support import BIN, CONTENT, ROOT, as_an_editor, pdf, run_pelican, sample_album, settings_file, write_files
from tests.support import photo as support_photo
from tests.support.goatcounter_standin import StandIn
from workflow import WorkflowError
from workflow.preview import COUNTER_FILE, COUNTER_PATH, RELOAD_SNIPPET, LocalCounter

ARTICLE = "2020/hoi-thao-phuong-an-phat-trien-cum-cong-nghiep-2021-2030.md"
NEW_TITLE = "Tiêu đề đã sửa: Hội thảo “phương án” phát triển cụm công nghiệp"
NEW_PARAGRAPH = "Đoạn văn thêm khi sửa bài — kiểm thử bản xem trước."
# typogrify joins the last two words with &nbsp;: look for the start.
NEW_MARK = "Đoạn văn thêm khi sửa bài"


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


def wait_until_ready(url: str, process: subprocess.Popen, log: Path) -> None:
    """Until the preview has built (or tried to) and serves."""
    deadline = time.monotonic() + 120
    while True:
        try:
            fetch(url + "/__preview/ready")
            return
        except OSError:
            assert process.poll() is None and time.monotonic() < deadline, log.read_text(encoding="utf-8")
            time.sleep(0.2)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def preview_command(settings: Path, content: Path) -> list[str]:
    return [str(BIN / "python"), "-m", "workflow.preview", "--settings", str(settings),
            "--content", str(content)]


def launch(base: Path, content: Path, settings: Path) -> tuple[subprocess.Popen, str, int]:
    """A preview on `content`, its output and log (appended) in `base`; its
    address and port. One log record, one line (as ``run_pelican``): a
    message is counted in the log, and wrapped at 80 columns a long path
    moved where a line broke (seen: «không tìm / thấy ảnh»)."""
    port = free_port()
    with open(base / "preview.log", "a") as log:
        process = subprocess.Popen(
            [*preview_command(settings, content), "--output", str(base / "output"), "--port", str(port)],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "COLUMNS": "400"},
            start_new_session=True)
    return process, f"http://127.0.0.1:{port}", port


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to the preview and what it started (Pagefind indexing the
    output), as Ctrl+C in a terminal reaches the whole foreground group;
    return once none of them runs. Stopping the preview alone left a
    Pagefind writing into the output while the next test put the folder
    back (``restarted``: «File exists»)."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    process.wait(timeout=30)
    deadline = time.monotonic() + 30
    while group_alive(process.pid):
        assert time.monotonic() < deadline, f"processes of group {process.pid} still run"
        time.sleep(0.05)


def group_alive(group: int) -> bool:
    """Does a process of `group` still run (a zombie does not count: no
    init may reap one here)?"""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            return True
    return False


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """The preview running on a copy of the real content (development
    settings, its cache folder in the test's folder)."""
    base = tmp_path_factory.mktemp("preview")
    content = base / "content"
    shutil.copytree(CONTENT, content)
    settings = settings_file(base / "settings.py", extra=f"CACHE_PATH = {str(base / 'cache')!r}\n")
    process, url, port = launch(base, content, settings)
    try:
        wait_until_ready(url, process, base / "preview.log")
        yield {"url": url, "content": content, "base": base, "settings": settings, "port": port,
               "pid": process.pid, "command": preview_command(settings, content), "output": base / "output"}
    finally:
        stop(process)


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
    result = run_pelican(content, full, preview["settings"])
    assert result.returncode == 0, result.stdout + result.stderr
    return full


def served(preview, url: str) -> bytes:
    body = fetch(f"{preview['url']}/{url}")
    if url == "" or url.endswith("/") or url.endswith(".html"):
        assert len(RELOAD_SNIPPET.findall(body)) == 1, "one reload snippet on an HTML page"
        body = RELOAD_SNIPPET.sub(b"", body, 1)
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
    assert RELOAD_SNIPPET.search(fetch(preview["url"] + "/"))
    assert not RELOAD_SNIPPET.search(fetch(preview["url"] + "/feeds/all.atom.xml"))
    # the editors' desk is served as built: it saves into content/ itself
    desk = fetch(preview["url"] + "/quan-tri/")
    assert b'id="desk-settings"' in desk and not RELOAD_SNIPPET.search(desk)


def events(preview, since: int, seconds: float) -> bytes:
    """What the reload stream sends in `seconds` to a page served at `since`."""
    connection = http.client.HTTPConnection("127.0.0.1", preview["port"], timeout=seconds)
    received = b""
    try:
        connection.request("GET", f"/__preview/events?since={since}")
        response = connection.getresponse()
        while b"data:" not in received:
            received += response.fp.readline()
    except TimeoutError:
        pass
    finally:
        connection.close()
    return received


def test_a_save_before_the_page_listens_still_reloads_it(preview, edited):
    """A page served, then a save, then the page's reload stream connects
    (a busy machine stretches that gap; a clean-clone run once lost the
    reload there): the stream says «reload» at once. A page served after
    the last save is not reloaded."""
    page = article_url(preview["content"])
    since = int(re.search(rb"since=(\d+)", fetch(f"{preview['url']}/{page}")).group(1))
    source = preview["content"] / ARTICLE
    before = source.read_text(encoding="utf-8")
    source.write_text(before + "\nĐoạn thêm trước khi trang kịp nghe (MOI-LUU).\n", encoding="utf-8")
    try:
        wait_for(lambda: b"MOI-LUU" in served(preview, page), "showed the save")
        wait_for(lambda: int(re.search(rb"since=(\d+)", fetch(f"{preview['url']}/{page}")).group(1)) > since,
                 "counted the reload")
        assert b"data: reload" in events(preview, since, 5)
        now = int(re.search(rb"since=(\d+)", fetch(f"{preview['url']}/{page}")).group(1))
        assert b"data:" not in events(preview, now, 1)
    finally:
        source.write_text(before, encoding="utf-8")
    wait_for(lambda: b"MOI-LUU" not in served(preview, page), "removed the paragraph")


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
    result = run_pelican(content, full, preview["settings"])
    assert result.returncode == 0, result.stdout + result.stderr
    for url in ("", "bai-viet/bai-moi-them-khi-xem-truoc/", article_url(content),
                "the/the-moi-xem-truoc/", "luu-tru/2020/12/", "feeds/all.atom.xml"):
        name = url + "index.html" if url == "" or url.endswith("/") else url
        assert served(preview, url) == (full / name).read_bytes(), url


def test_a_broken_edit_keeps_the_preview_running_and_says_what_is_wrong(preview, edited):
    """While the content does not build, every page is the Vietnamese
    error (status 500), files are still served; the fix brings pages back."""
    broken = preview["content"] / "2020" / "bai-loi.md"
    broken.write_text("Title: Bài lỗi\nDate: 05/03/2025\n\nNội dung.\n", encoding="utf-8")
    try:
        wait_for(lambda: status_of(preview, "/") == 500, "showed the error")
        assert fetch(preview["url"] + "/__preview/ready") == b"ok"
        status, _, body = request(preview, "GET", "/luu-tru/")
        assert status == 500 and problems_shown(body) == [
            f"{os.path.relpath(broken, ROOT)}:2: ngày «05/03/2025» không đúng dạng — hãy viết "
            "theo dạng YYYY-MM-DD hoặc YYYY-MM-DD HH:MM (ví dụ 2020-11-11 hoặc 2020-11-11 08:30); "
            "ngày 5 tháng 3 năm 2025 viết là «2025-03-05»"]
        assert RELOAD_SNIPPET.search(body)
        assert status_of(preview, "/theme/css/style.css") == 200
    finally:
        os.remove(broken)
    wait_for(lambda: status_of(preview, "/") == 200, "came back after the fix")


# --- What a reader's browser gets (issue 17) ------------------------------------------
def request(preview, method: str, path: str, body: bytes | None = None):
    """(status, headers, body) for `path` sent exactly as written."""
    connection = http.client.HTTPConnection("127.0.0.1", preview["port"], timeout=30)
    try:
        connection.request(method, path, body=body)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def our_404(preview, served: bytes) -> bytes:
    """The site's 404.html as the preview serves it: with the reload
    snippet `served` has (it counts the reloads sent so far)."""
    page = (preview["output"] / "404.html").read_bytes()
    assert "Không tìm thấy trang".encode() in page
    [snippet] = RELOAD_SNIPPET.findall(served)
    return page.replace(b"</body>", snippet + b"</body>", 1)


OUTSIDE = [
    "/%2e%2e/theme/templates/base.html",
    "/%2E%2E/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
    "/../theme/templates/base.html",
    "/theme/%2e%2e/%2e%2e/content.md",
    "/theme/..%2f..%2f..%2fpelicanconf.py",
    "/..%5c..%5cpelicanconf.py",
    "/index.html%00.css",
    "/escape/base.html",  # a symbolic link in the output folder to a folder outside it
]


@pytest.mark.parametrize("path", OUTSIDE)
def test_nothing_outside_the_output_folder_is_served(preview, path):
    escape = preview["output"] / "escape"
    if not escape.is_symlink():
        escape.symlink_to(ROOT / "theme" / "templates")
    status, headers, body = request(preview, "GET", path)
    assert (status, body) == (404, our_404(preview, body))
    assert b"{% " not in body and b"root:" not in body


UNKNOWN = {
    "no such page": "/khong-co-trang-nay/",
    "no such file": "/khong-co.html",
    "a folder without an index": "/bai-viet/",
    "the theme's folder": "/theme/",
    "a folder without its slash and without an index": "/theme",
}


@pytest.mark.parametrize("name", UNKNOWN)
def test_unknown_addresses_get_our_404_page_never_a_listing(preview, name):
    page = b""
    for method in ("GET", "HEAD"):
        status, headers, body = request(preview, method, UNKNOWN[name])
        page = page or our_404(preview, body)
        assert status == 404
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert int(headers["Content-Length"]) == len(page)
        assert body == (page if method == "GET" else b"")
    assert b"Directory listing" not in body and b"Error response" not in body


def test_an_unsupported_method_is_answered_in_vietnamese(preview):
    status, headers, body = request(preview, "PUT", "/")
    assert status == 501 and "Phương thức không được hỗ trợ" in body.decode("utf-8")
    assert b"Error response" not in body


def test_a_folder_without_its_slash_is_redirected(preview, edited):
    status, headers, _ = request(preview, "GET", "/" + article_url(preview["content"]).rstrip("/") + "?a=1")
    assert status == 301 and headers["Location"] == "/" + article_url(preview["content"]) + "?a=1"


@pytest.mark.parametrize("url", ["/", "ARTICLE", "/theme/css/style.css", "/feeds/all.atom.xml",
                                 "/khong-co/", f"{COUNTER_PATH}/counter/TOTAL.json"])
def test_head_and_get_send_the_same_headers(preview, edited, url):
    url = "/" + article_url(preview["content"]) if url == "ARTICLE" else url
    get_status, get_headers, body = request(preview, "GET", url)
    head_status, head_headers, head_body = request(preview, "HEAD", url)
    assert head_body == b""
    assert int(get_headers["Content-Length"]) == len(body) > 0
    assert (head_status, head_headers["Content-Type"], head_headers["Content-Length"]) == (
        get_status, get_headers["Content-Type"], get_headers["Content-Length"])


def wait_for(check, what: str, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"the preview never {what}"
        time.sleep(0.1)


def status_of(preview, url: str) -> int:
    return request(preview, "GET", url)[0]


def problems_shown(body: bytes) -> list[str]:
    """The problems an error page of the preview lists, as the editor reads them."""
    return [li.get_text() for li in BeautifulSoup(body, "lxml").select("[data-preview-problems] li")]


NEW_ARTICLE = ("Title: Bài sẽ bị xoá hoặc đổi địa chỉ\nDate: 2020-12-02\nAuthor: Ban thông tin\n"
               "Category: Tin hoạt động LHH\nSlug: {slug}\nSummary: Tóm tắt.\n\nNội dung.\n")


def test_an_address_changed_in_the_desk_leads_to_the_new_one_at_once(preview, edited):
    """A Slug changed with the old one kept in Old_slug (as the desk saves
    it): the old address answers a 301 to the new one on the next request,
    before any restart writes its redirect page (a 404 before)."""
    source = preview["content"] / "2020" / "bai-se-doi-o-ban-bien-tap.md"
    source.write_text(NEW_ARTICLE.format(slug="bai-se-doi-o-ban-bien-tap"), encoding="utf-8")
    try:
        wait_for(lambda: status_of(preview, "/bai-viet/bai-se-doi-o-ban-bien-tap/") == 200, "served the article")
        source.write_text(NEW_ARTICLE.format(slug="bai-da-doi-o-ban-bien-tap").replace(
            "Summary:", "Old_slug: bai-se-doi-o-ban-bien-tap\nSummary:"), encoding="utf-8")
        wait_for(lambda: status_of(preview, "/bai-viet/bai-da-doi-o-ban-bien-tap/") == 200, "served the new address")
        status, headers, _ = request(preview, "GET", "/bai-viet/bai-se-doi-o-ban-bien-tap/")
        assert (status, headers["Location"]) == (301, "/bai-viet/bai-da-doi-o-ban-bien-tap/")
        status, headers, body = request(preview, "HEAD", "/bai-viet/bai-se-doi-o-ban-bien-tap/")
        assert (status, headers["Location"], body) == (301, "/bai-viet/bai-da-doi-o-ban-bien-tap/", b"")
    finally:
        source.unlink(missing_ok=True)
    wait_for(lambda: status_of(preview, "/bai-viet/bai-se-doi-o-ban-bien-tap/") == 404, "forgot both addresses")


def test_a_documents_year_moved_in_the_desk_leads_to_the_new_address_at_once(preview, edited):
    """A published document's date moved to the next year, the old address
    kept with its year (as the desk saves it): the old address answers a 301
    to the new one on the next request."""
    source = preview["content"] / "van-ban" / "2025" / "9-tb-lhh.md"
    document = ("Title: Thông báo chuyển năm\nNumber: 9/TB-LHH\nDate: {date}\nKind: Thông báo\n{old}"
                "\nToàn văn thông báo.\n")
    source.parent.mkdir(parents=True)
    source.write_text(document.format(date="2025-12-30", old=""), encoding="utf-8")
    try:
        wait_for(lambda: status_of(preview, "/van-ban/2025/9-tb-lhh/") == 200, "served the document")
        source.write_text(document.format(date="2026-01-05 08:00", old="Old_slug: 2025/9-tb-lhh\n"),
                          encoding="utf-8")
        wait_for(lambda: status_of(preview, "/van-ban/2026/9-tb-lhh/") == 200, "served the new address")
        status, headers, _ = request(preview, "GET", "/van-ban/2025/9-tb-lhh/")
        assert (status, headers["Location"]) == (301, "/van-ban/2026/9-tb-lhh/")
    finally:
        source.unlink(missing_ok=True)
        for folder in (source.parent, source.parent.parent):  # made here: the real content has none
            folder.rmdir()
    wait_for(lambda: status_of(preview, "/van-ban/2025/9-tb-lhh/") == 404, "forgot both addresses")


@pytest.mark.parametrize("change", ["deleted", "renamed"])
def test_a_deleted_or_renamed_article_gets_our_404_page(preview, edited, change):
    source = preview["content"] / "2020" / f"bai-se-{change}.md"
    old = f"/bai-viet/bai-se-{change}/"
    source.write_text(NEW_ARTICLE.format(slug=f"bai-se-{change}"), encoding="utf-8")
    wait_for(lambda: status_of(preview, old) == 200, "served the new article")
    if change == "deleted":
        source.unlink()
    else:
        source.write_text(NEW_ARTICLE.format(slug=f"bai-da-{change}"), encoding="utf-8")
        wait_for(lambda: status_of(preview, f"/bai-viet/bai-da-{change}/") == 200, "served the new address")
    wait_for(lambda: status_of(preview, old) == 404, "forgot the old address")
    status, _, body = request(preview, "GET", old)
    assert body == our_404(preview, body)
    assert not (preview["output"] / old.strip("/")).exists()
    source.unlink(missing_ok=True)
    wait_for(lambda: status_of(preview, f"/bai-viet/bai-da-{change}/") == 404, "removed the article")


PHOTO_ARTICLE = ("Title: Bài có ảnh được thay\nDate: 2020-12-03\nAuthor: Ban thông tin\n"
                 "Category: Tin hoạt động LHH\nSlug: bai-co-anh-duoc-thay\nSummary: Tóm tắt.\n\n"
                 "Mở đầu.\n\n![Ảnh hội nghị](/images/2020/anh-duoc-thay.jpg)\n")


def test_a_replaced_or_deleted_photo_reaches_the_articles_that_show_it(preview, edited):
    """The article is not read again when only its photo changes, but what
    it shows of the photo is: a phone photo copied over it (another size,
    turned by its EXIF tag) gives the width and height a full build writes;
    a deleted one gives the build's Vietnamese error with file and line."""
    content = preview["content"]
    source, photo = content / "2020" / "bai-co-anh-duoc-thay.md", content / "images" / "2020" / "anh-duoc-thay.jpg"
    page = "bai-viet/bai-co-anh-duoc-thay/"
    photo.write_bytes(support_photo(1, 640, 480))
    source.write_text(PHOTO_ARTICLE, encoding="utf-8")
    try:
        wait_for(lambda: status_of(preview, "/" + page) == 200 and b'width="640" height="480"' in served(preview, page),
                 "served the new article")
        time.sleep(0.05)  # a distinct modification time
        photo.write_bytes(support_photo(2, 400, 300, orientation=6))  # upright: 300 × 400
        wait_for(lambda: b'width="300" height="400"' in served(preview, page), "showed the new photo's size")
        full = preview["base"] / "full-photo"
        result = run_pelican(content, full, preview["settings"])
        assert result.returncode == 0, result.stdout + result.stderr
        assert served(preview, page) == (full / page / "index.html").read_bytes()
        photo.unlink()
        wait_for(lambda: status_of(preview, "/") == 500, "showed the missing photo")
        assert problems_shown(request(preview, "GET", "/" + page)[2]) == [
            f"{os.path.relpath(source, ROOT)}:10: không tìm thấy ảnh «/images/2020/anh-duoc-thay.jpg» "
            f"({os.path.relpath(photo, ROOT)}) — kiểm tra tên tệp (chữ hoa, chữ thường, phần đuôi) và "
            f"chép tệp vào {os.path.relpath(photo.parent, ROOT)}/"]
    finally:
        source.unlink(missing_ok=True)
        photo.unlink(missing_ok=True)
    wait_for(lambda: status_of(preview, "/" + page) == 404, "removed the article")


def test_a_photos_file_linked_in_a_save_is_served_at_once(preview, edited):
    """A photo the article only shows is published as its copies; a save
    that links its file («Tải ảnh gốc») publishes the file too, without a
    restart (it was 404 until the next start)."""
    source = preview["content"] / ARTICLE
    before = source.read_text(encoding="utf-8")
    name = "images/2020/placeholder-hoi-thao-cum-cong-nghiep-1.png"
    assert status_of(preview, "/" + name) == 404
    source.write_text(before + f"\n[Tải ảnh gốc]({{static}}/{name})\n", encoding="utf-8")
    try:
        page = article_url(preview["content"])
        wait_for(lambda: f'href="/{name}"'.encode() in served(preview, page), "showed the link")
        assert status_of(preview, "/" + name) == 200
        assert fetch(f"{preview['url']}/{name}").startswith(b"\x89PNG")
    finally:
        source.write_text(before, encoding="utf-8")
    wait_for(lambda: f'href="/{name}"'.encode() not in served(preview, page), "removed the link")


LINKING = ("Title: Bài dẫn tới bài khác\nDate: 2020-12-04\nAuthor: Ban thông tin\n"
           "Category: Tin hoạt động LHH\nSlug: bai-dan-toi-bai-khac\nSummary: Tóm tắt.\n\n"
           "Xem thêm [bài được dẫn]({filename}/2020/bai-duoc-dan.md).\n")


def test_a_link_to_an_article_follows_it_when_its_address_changes(preview, edited):
    """The linking article is not read again when only the linked one
    changes, but its link is resolved again: it points to the new address,
    as a full build writes it (it kept the old one, a 404); the linked one
    deleted, the build's error is shown (the page was served as it was)."""
    content = preview["content"]
    linking, linked = content / "2020" / "bai-dan-toi-bai-khac.md", content / "2020" / "bai-duoc-dan.md"
    page = "bai-viet/bai-dan-toi-bai-khac/"
    linked.write_text(NEW_ARTICLE.format(slug="bai-duoc-dan"), encoding="utf-8")
    linking.write_text(LINKING, encoding="utf-8")
    try:
        wait_for(lambda: status_of(preview, "/" + page) == 200, "served the linking article")
        assert b'href="/bai-viet/bai-duoc-dan/">' in served(preview, page)
        linked.write_text(NEW_ARTICLE.format(slug="bai-duoc-dan-da-doi"), encoding="utf-8")
        wait_for(lambda: status_of(preview, "/bai-viet/bai-duoc-dan-da-doi/") == 200, "served the new address")
        full = preview["base"] / "full-link"
        result = run_pelican(content, full, preview["settings"])
        assert result.returncode == 0, result.stdout + result.stderr
        body = served(preview, page)
        assert b'href="/bai-viet/bai-duoc-dan-da-doi/">' in body and body == (full / page / "index.html").read_bytes()
        # Deleted (another editor on the desk, a `git pull`): the build's
        # error, as a full build stops; the page was served with the
        # placeholder «{filename}/2020/bai-duoc-dan.md» as its link.
        linked.unlink()
        wait_for(lambda: status_of(preview, "/") == 500, "showed the link to the deleted article")
        assert problems_shown(request(preview, "GET", "/" + page)[2]) == [
            f"{os.path.relpath(linking, ROOT)}:8: liên kết «{{filename}}/2020/bai-duoc-dan.md» trỏ tới tệp không có "
            f"({os.path.relpath(linked, ROOT)}) — bài hoặc trang đó đã bị xoá, đổi tên tệp hay chuyển thư mục: sửa "
            "liên kết theo tên tệp mới, hoặc bỏ liên kết"]
    finally:
        linking.unlink(missing_ok=True)
        linked.unlink(missing_ok=True)
    wait_for(lambda: status_of(preview, "/" + page) == 404, "removed the articles")


DOCUMENT = ("Title: Kế hoạch xem trước về hội thi sáng tạo\nNumber: 5/KH-LHH\nDate: 2020-10-05\n"
            "Kind: Kế hoạch\nFiles: {static}/van-ban/2020/ke-hoach-5.pdf\n\nMô tả ngắn của kế hoạch.\n")


def test_an_edit_of_an_album_article_or_a_document_shows_what_a_build_writes(preview, edited):
    """What the build derives from their headers after reading (the album's
    photos, the document's attachments) is derived again when their text is
    saved: the album article's page crashed (TypeError in the browser), a
    file added on a document's Files line was not listed."""
    content = preview["content"]
    files = {**sample_album(2, "images/2020/album-xem-truoc"), "van-ban/2020/5-kh-lhh.md": DOCUMENT,
             "van-ban/2020/ke-hoach-5.pdf": pdf("Ke hoach 5"), "van-ban/2020/phu-luc-5.pdf": pdf("Phu luc 5")}
    write_files(content, files)
    album, document = "bai-viet/album-thu-nghiem-hoi-thi-sang-tao/", "van-ban/2020/5-kh-lhh/"
    try:
        wait_for(lambda: status_of(preview, "/" + album) == 200 and status_of(preview, "/" + document) == 200,
                 "served the album article and the document")
        edit = {"2024/album-thu-nghiem.md": ("Ảnh của hội thi", "Ảnh đã sửa của hội thi"),
                "van-ban/2020/5-kh-lhh.md": ("ke-hoach-5.pdf", "ke-hoach-5.pdf, {static}/van-ban/2020/phu-luc-5.pdf")}
        for name, (old, new) in edit.items():
            source = content / name
            source.write_text(source.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        wait_for(lambda: b"phu-luc-5.pdf" in served(preview, document)
                 and "Ảnh đã sửa".encode() in served(preview, album), "showed the edits")
        full = preview["base"] / "full-derived"
        result = run_pelican(content, full, preview["settings"])
        assert result.returncode == 0, result.stdout + result.stderr
        for url in (album, document, "album-anh/", "van-ban/"):
            assert status_of(preview, "/" + url) == 200, url
            assert served(preview, url) == (full / url / "index.html").read_bytes(), url
    finally:
        for name in files:
            (content / name).unlink(missing_ok=True)
    wait_for(lambda: status_of(preview, "/" + album) == 404, "removed the album article")


def test_tag_and_author_spelling_changes_apply_on_save(preview, edited):
    """The checker asks editors to spell a tag or author one way; the fix
    (case, tone marks: same slug), saved in every article that has it,
    reaches every page at once, byte for byte what a full build writes."""
    content = preview["content"]
    spelled = {"Hội thảo": "Hội Thảo", "Tư vấn phản biện": "Tư vấn phản biên",
               "Ban thông tin": "Ban Thông Tin"}
    for source in content.rglob("*.md"):
        text = source.read_text(encoding="utf-8")
        lines = []
        for line in text.splitlines():
            if line.startswith(("Tags:", "Author:")):
                for old, new in spelled.items():
                    line = line.replace(old, new)
            lines.append(line)
        if lines != text.splitlines():
            source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    url = article_url(content)
    wait_for(lambda: "Ban Thông Tin" in served(preview, url).decode("utf-8"), "showed the new spelling")
    pages = {
        url: {"Hội Thảo", "Tư vấn phản biên", "Ban Thông Tin"},
        "the/hoi-thao/": {"Hội Thảo"},
        "the/": {"Hội Thảo", "Tư vấn phản biên"},
        "tac-gia/": {"Ban Thông Tin"},
        "tac-gia/ban-thong-tin/": {"Ban Thông Tin"},
    }
    for page, spellings in pages.items():
        main = BeautifulSoup(served(preview, page), "lxml").find("main")
        names = {" ".join(a.get_text().split()) for a in main.select('a[href*="/the/"], a[href*="/tac-gia/"]')}
        if page != url:  # a tag's or author's own page: its heading names it
            names.add(" ".join(main.find("h1").get_text().split()))
        shown = {name for name in names for spelling in [*spelled, *spelled.values()] if spelling in name}
        assert spellings <= {s for s in spelled.values() if any(s in name for name in shown)}, page
        assert not [name for name in shown for old in spelled if old in name], page
    full = preview["base"] / "full-spelling"
    result = run_pelican(content, full, preview["settings"])
    assert result.returncode == 0, result.stdout + result.stderr
    for page in pages:
        assert served(preview, page) == (full / page / "index.html").read_bytes(), page


# --- One preview or publish per output folder; the port -------------------------------
def test_publish_is_refused_while_the_preview_holds_its_output(preview):
    from workflow.publish import publish

    before = sorted(p.name for p in preview["base"].iterdir())
    index = (preview["output"] / "index.html").read_bytes()
    with pytest.raises(WorkflowError, match=(
            rf"đang được lệnh «python -m workflow\.preview --settings .*» "
            rf"\(PID {preview['pid']}\) dùng — chờ lệnh đó xong, hoặc dừng nó")):
        publish(ROOT / "publishconf.py", preview["content"], preview["output"])
    assert sorted(p.name for p in preview["base"].iterdir()) == before  # no output-new-*
    assert (preview["output"] / "index.html").read_bytes() == index


def run_briefly(command: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, encoding="utf-8", timeout=120)


def test_a_second_preview_on_the_same_output_is_refused(preview):
    result = run_briefly([*preview["command"], "--output", str(preview["output"]), "--port", "0"])
    assert result.returncode == 1
    assert result.stderr.startswith(f"lỗi: thư mục {preview['output']}/ đang được lệnh "
                                     "«python -m workflow.preview ")
    assert f"(PID {preview['pid']})" in result.stderr and "Traceback" not in result.stderr


TAKEN = {
    "python -m workflow.preview": (["PREVIEW"], "python -m workflow.preview --port "),
    "invoke serve": ([str(BIN / "invoke"), "serve"], "make serve PORT="),
    "invoke serve-production": ([str(BIN / "invoke"), "serve-production"],
                                ".venv/bin/invoke serve-production --port "),
}


@pytest.mark.parametrize("name", TAKEN)
def test_a_taken_port_is_named_with_another_to_use(preview, name, tmp_path):
    command, again = TAKEN[name]
    if command == ["PREVIEW"]:
        command = [*preview["command"], "--output", str(tmp_path / "output")]
    result = run_briefly([*command, "--port", str(preview["port"])])
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.startswith(f"lỗi: cổng {preview['port']} đang được một chương trình khác "
                                    "dùng (có thể là một bản xem trước đang chạy) — dừng chương trình "
                                    f"đó, hoặc chọn cổng khác: {again}")
    assert "Traceback" not in result.stdout + result.stderr
    suggested = int(re.search(re.escape(again) + r"(\d+)", result.stderr).group(1))
    assert suggested != preview["port"]


@pytest.mark.parametrize("name, port", [("invoke serve", port) for port in ("abc", "80000", "", "8000x")]
                         + [(name, "abc") for name in TAKEN if name != "invoke serve"])
def test_a_port_that_is_no_port_is_named_not_a_traceback(name, port, tmp_path):
    """``make serve PORT=abc`` ended in invoke's ValueError traceback.
    Every kind of wrong port through ``make serve``'s command, one through
    each other command (they read it with the same function; each case
    starts a process: 12 cases cost ~15 s of the suite)."""
    command, again = TAKEN[name]
    if command == ["PREVIEW"]:
        command = [str(BIN / "python"), "-m", "workflow.preview", "--output", str(tmp_path / "output")]
    result = run_briefly([*command, "--port", port])
    assert result.returncode != 0 and "Traceback" not in result.stdout + result.stderr
    if command[0].endswith("invoke"):
        assert result.stderr == (f"lỗi: cổng «{port}» không hợp lệ — chọn một số từ 1024 đến 65535, "
                                 f"ví dụ: {again}8001{' (hoặc .venv/bin/invoke serve --port 8001)' * (name == 'invoke serve')}"
                                 " (invalid port)\n")


# --- The visit counter, counted by the preview itself --------------------------------
def goatcounter_answer(base: str, method: str, path: str) -> tuple:
    """What a GoatCounter endpoint answers, as counter.js sees it."""
    request = urllib.request.Request(base + path, method=method, data=b"" if method == "POST" else None)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, headers, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, headers, body = error.code, error.headers, error.read()
    kind = headers["Content-Type"].split(";")[0]
    shape = sorted(json.loads(body)) if kind == "application/json" else body[:6]
    return status, kind, headers["Access-Control-Allow-Origin"], shape


CONTRACT = [
    ("GET", "/count?p=/bai-viet/dem/&t=T&r=&b=0&rnd=x1"),
    ("POST", "/count?p=/bai-viet/dem/&t=T&r=&b=153&rnd=x2"),
    ("GET", "/counter/%2Fbai-viet%2Fdem%2F.json"),
    ("GET", "/counter/TOTAL.json"),
    ("GET", "/counter/%2Fkhong-ai-xem%2F.json"),
]


def test_the_preview_counter_answers_as_goatcounter_does(preview):
    """The same requests, to the GoatCounter stand-in (its contract, from
    GoatCounter's handlers) and to the preview: the same statuses, types,
    CORS and JSON keys."""
    with StandIn() as standin:
        standin.page_counts["/bai-viet/dem/"] = "2"
        expected = [goatcounter_answer(f"http://127.0.0.1:{standin.port}", m, p) for m, p in CONTRACT]
    got = [goatcounter_answer(preview["url"] + COUNTER_PATH, m, p) for m, p in CONTRACT]
    assert got == expected


def test_counts_are_kept_in_the_cache_folder_and_shown_as_goatcounter_does(preview):
    counter = LocalCounter(preview["base"] / "cache" / COUNTER_FILE)
    before = counter.count("/bai-viet/dem-nua/") or 0
    for _ in range(3):
        request(preview, "GET", f"{COUNTER_PATH}/count?p=/bai-viet/dem-nua/")
    assert counter.count("/bai-viet/dem-nua/") == before + 3
    status, _, body = request(preview, "GET", f"{COUNTER_PATH}/counter/%2Fbai-viet%2Fdem-nua%2F.json")
    assert (status, json.loads(body)["count"]) == (200, str(before + 3))
    total = counter.count()
    assert json.loads(request(preview, "GET", f"{COUNTER_PATH}/counter/TOTAL.json")[2])["count"] == (
        f"{total:,}".replace(",", "\u202f"))


@pytest.mark.parametrize("number, shown", [(0, "0"), (999, "999"), (1234, "1\u202f234"),
                                           (12345678, "12\u202f345\u202f678")])
def test_local_counts_are_numbers_as_goatcounter_writes_them(tmp_path, number, shown):
    from workflow.preview import goatcounter_number

    assert goatcounter_number(number) == shown
    counter = LocalCounter(tmp_path / "cache" / COUNTER_FILE)
    assert counter.count() == 0 and counter.count("/") is None
    counter.hit("/")
    assert LocalCounter(tmp_path / "cache" / COUNTER_FILE).count("/") == 1  # kept in the file


# --- In the browser ---------------------------------------------------------------------
@pytest.mark.browser
def test_editors_see_the_visit_counter_count_locally(preview, browser):
    """On 127.0.0.1 (allow_local in pelicanconf.py): one hit per view, the
    total shown, and no request leaves the preview."""
    counter = LocalCounter(preview["base"] / "cache" / COUNTER_FILE)
    before = counter.count("/gioi-thieu/") or 0
    context = browser.new_context()
    page = context.new_page()
    hosts = set()
    page.on("request", lambda r: hosts.add(r.url.split("/")[2]))
    try:
        page.goto(preview["url"] + "/gioi-thieu/")
        value = page.locator("[data-vc-value]")
        value.wait_for(state="visible")
        assert re.fullmatch(r"\d{1,3}(\.\d{3})*", value.text_content())
        assert page.locator(".widget-counter").inner_text().startswith("Số lượt truy cập:")
        wait_for(lambda: (counter.count("/gioi-thieu/") or 0) == before + 1, "counted the view", 10)
    finally:
        context.close()
    assert hosts == {f"127.0.0.1:{preview['port']}"}


@pytest.mark.browser
def test_a_build_error_is_shown_in_the_browser_then_cleared_when_fixed(preview, edited, browser):
    """The editor keeps the article open, saves a mistake: the page turns into
    the error, worded as the checker words it (file:line: message); saving
    the fix brings the page back."""
    from playwright.sync_api import expect

    from workflow import load_settings
    from workflow.check import Config, check

    content = preview["content"]
    broken = content / "2020" / "bai-loi-trong-trinh-duyet.md"
    good = NEW_ARTICLE.format(slug="bai-loi-trong-trinh-duyet")
    context = browser.new_context()
    page = context.new_page()
    url = f"{preview['url']}/{article_url(content)}"
    try:
        page.goto(url)
        title = page.locator("main h1").inner_text()
        broken.write_text(good.replace("Date: 2020-12-02", "Date: 02/12/2020"), encoding="utf-8")
        [problem] = check(Config.from_settings(load_settings(preview["settings"], PATH=str(content))),
                          [broken])
        problems = page.locator("[data-preview-problems]")
        problems.wait_for(timeout=60_000)
        # Read with retries: a save seen twice (the file truncated, then
        # written) may reload the error page once more while it is read.
        expect(page.locator("h1")).to_have_text("Chưa dựng được trang")
        where = f"{os.path.relpath(broken, ROOT)}:{problem.line}"
        expect(problems.locator("li")).to_have_text([f"{where}: {problem.message}"])
        assert page.url == url
        broken.write_text(good, encoding="utf-8")
        page.locator("main h1", has_text=title).wait_for(timeout=60_000)
        assert problems.count() == 0
    finally:
        context.close()
        broken.unlink(missing_ok=True)
    wait_for(lambda: status_of(preview, "/bai-viet/bai-loi-trong-trinh-duyet/") == 404, "removed the article")


def test_only_the_plugins_code_asks_for_a_restart():
    """PLUGIN_PATHS is the project's root, which also holds content/ and
    theme/: watched as "code", every saved article asked for a restart and
    was not applied. Only the plugins' own package is code."""
    from workflow.preview import code_paths, read_settings

    settings = read_settings(ROOT / "pelicanconf.py", None, None)
    assert settings["PLUGIN_PATHS"] == [str(ROOT)]
    assert code_paths(settings) == [str(ROOT / "plugins")]
    for folder in (settings["PATH"], settings["THEME"]):
        assert not any(Path(folder).is_relative_to(code) for code in code_paths(settings)), folder


def test_a_preview_started_on_broken_content_shows_the_error_then_the_site(tmp_path):
    """`make serve` with a mistake already saved: it starts anyway, every page
    is the error; saving the fix builds the whole site."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    broken = content / "2020" / "bai-loi.md"
    broken.write_text("Title: Bài lỗi\nDate: 31/12/2020\n\nNội dung.\n", encoding="utf-8")
    settings = settings_file(tmp_path / "settings.py", extra=f"CACHE_PATH = {str(tmp_path / 'cache')!r}\n")
    process, url, port = launch(tmp_path, content, settings)
    site = {"port": port}
    try:
        wait_until_ready(url, process, tmp_path / "preview.log")
        status, _, body = request(site, "GET", "/")
        assert status == 500
        assert problems_shown(body) == [
            f"{os.path.relpath(broken, ROOT)}:2: ngày «31/12/2020» không đúng dạng — hãy viết "
            "theo dạng YYYY-MM-DD hoặc YYYY-MM-DD HH:MM (ví dụ 2020-11-11 hoặc 2020-11-11 08:30); "
            "ngày 31 tháng 12 năm 2020 viết là «2020-12-31»"]
        assert "Không dựng được trang" in (tmp_path / "preview.log").read_text(encoding="utf-8")
        broken.unlink()
        wait_for(lambda: status_of(site, "/") == 200, "built the site once the mistake was gone")
        assert status_of(site, "/theme/css/style.css") == 200
    finally:
        stop(process)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full: a disk that is always full")
def test_a_full_disk_is_said_in_vietnamese_in_the_browser(tmp_path):
    """The disk full under output/: every page was «Error: [('…/exifr-lite.esm.mjs',
    '…', "[Errno 28] No space left on device…"), …]» and «sửa rồi lưu tệp». The
    home page is written into /dev/full (every write: ENOSPC)."""
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "index.html").symlink_to("/dev/full")
    settings = settings_file(tmp_path / "settings.py", extra=f"CACHE_PATH = {str(tmp_path / 'cache')!r}\n")
    process, url, port = launch(tmp_path, CONTENT, settings)
    try:
        wait_until_ready(url, process, tmp_path / "preview.log")
        status, _, body = request({"port": port}, "GET", "/")
    finally:
        stop(process)
    assert status == 500
    said = problems_shown(body)
    assert said == ["Hết chỗ trống trên ổ đĩa, không ghi được một trang: giải phóng chỗ (xoá tệp không cần; "
                    "«invoke clean --cache» xoá bộ nhớ đệm của build) rồi dừng bản xem trước (Ctrl+C) và "
                    "chạy lại make serve"], said
    assert "Errno" not in (tmp_path / "preview.log").read_text(encoding="utf-8")


@pytest.mark.parametrize("read_only", ["output", "output/theme"])
def test_a_preview_into_a_read_only_folder_is_refused_before_it_starts(tmp_path, read_only):
    """An output/ left owned by root after one «sudo make serve»: every page
    was «OSError: [Errno 30] Read-only file system: …» and «sửa rồi lưu tệp».
    The preview stops at once as ``invoke publish`` does (exit 1, the folder
    named, how to allow writing)."""
    (tmp_path / "output" / "theme").mkdir(parents=True)
    (tmp_path / read_only).chmod(0o555)
    settings = settings_file(tmp_path / "settings.py", extra=f"CACHE_PATH = {str(tmp_path / 'cache')!r}\n")
    try:
        result = subprocess.run(
            [*preview_command(settings, CONTENT), "--output", str(tmp_path / "output"), "--port", "0"],
            cwd=ROOT, capture_output=True, encoding="utf-8", timeout=120,
            **({"preexec_fn": as_an_editor} if os.geteuid() == 0 else {}))
    finally:
        (tmp_path / read_only).chmod(0o755)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.startswith(f"lỗi: không ghi được vào thư mục {tmp_path / read_only}/ (chỉ đọc hoặc "
                                    f"không có quyền) — cho phép ghi (chmod -R u+w {tmp_path / read_only})")
    assert "Traceback" not in result.stderr and "Xem trước tại" not in result.stdout


# --- A restart with nothing changed (issue 13) ---------------------------------------
def test_the_desk_asked_for_before_finalized_has_written_it_waits_for_it(tmp_path):
    """`make serve`, then the desk opened as soon as the home page answers:
    the desk is written by `finalized`, after every other page (88 s at
    5,000 articles, cold). A plugin of the test makes `finalized` 3 s long;
    the desk's address waits for it and answers 200, never a 404."""
    plugins = tmp_path / "slow"
    plugins.mkdir()
    (plugins / "slow_finalized.py").write_text(
        "import time\nfrom pelican import signals\n\n\ndef slow(pelican):\n    time.sleep(3)\n\n\n"
        "def register():\n    signals.finalized.connect(slow)\n", encoding="utf-8")
    settings = settings_file(tmp_path / "settings.py", extra=(
        f"CACHE_PATH = {str(tmp_path / 'cache')!r}\nPLUGIN_PATHS = [*PLUGIN_PATHS, {str(plugins)!r}]\n"
        "PLUGINS = ['slow_finalized', *PLUGINS]  # its receiver first: the desk is written after it\n"))
    shutil.copytree(CONTENT, tmp_path / "content")
    process, url, port = launch(tmp_path, tmp_path / "content", settings)
    try:
        def home() -> bool:
            try:
                return status_of({"port": port}, "/") == 200
            except OSError:  # not listening yet
                return False

        wait_for(home, "served the home page")
        assert status_of({"port": port}, "/__preview/ready") == 503  # finalized still running
        started = time.monotonic()
        status, _, body = request({"port": port}, "GET", "/quan-tri/")
        assert status == 200 and b"desk-settings" in body
        assert time.monotonic() - started > 1  # it waited for finalized
    finally:
        stop(process)


def output_files(output: Path) -> dict[str, tuple[int, bytes]]:
    """Every file of the output: its modification time and bytes."""
    return {path.relative_to(output).as_posix(): (path.stat().st_mtime_ns, path.read_bytes())
            for path in sorted(output.rglob("*")) if path.is_file()}


# How long a request to a held start is watched not being answered: the
# server answers a page it has in milliseconds, so half a second tells a
# held request from an answered one (2 s before: 13 s of the suite).
HELD = 0.5


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    """A preview run to the end on a copy of the content, then stopped, and
    a copy of its folder (content, settings, cache with the stamp, output)
    that ``restarted`` puts back for each test: at the same place, with the
    same modification times (``shutil.copytree`` keeps them), it is what the
    run left, stamp included (a run per test cost ~2.5 s, 14 tests)."""
    base = tmp_path_factory.mktemp("restarted") / "site"
    content = base / "content"
    shutil.copytree(CONTENT, content)
    hold, held = base / "hold", base / "held"
    settings = settings_file(base / "settings.py", extra=(
        f"CACHE_PATH = {str(base / 'cache')!r}\n"
        "from pelican import signals as _signals\n"
        "def _hold(*args, **kwargs):\n"
        "    import pathlib, time\n"
        f"    if pathlib.Path({str(hold)!r}).exists():\n"
        f"        pathlib.Path({str(held)!r}).touch()\n"
        f"        while pathlib.Path({str(hold)!r}).exists():\n"
        "            time.sleep(0.05)\n"
        "_signals.all_generators_finalized.connect(_hold, weak=False)\n"))
    process, url, _ = launch(base, content, settings)
    try:  # a failure here left the preview running for good
        wait_until_ready(url, process, base / "preview.log")
        first = {page: served({"url": url}, page) for page in ("", article_url(content))}
    finally:
        stop(process)
    (base / "preview.log").unlink()
    shutil.copytree(base, base.parent / "as-left")
    return base, base.parent / "as-left", first


@pytest.fixture
def restarted(first_run):
    """The folder of ``first_run`` as that run left it; ``hold()`` makes the
    next start stop once it has read the site (a receiver the settings file
    connects) until ``release()``."""
    base, as_left, first = first_run
    shutil.rmtree(base)  # every process the last test started has stopped (``stop``)
    shutil.copytree(as_left, base)
    content, settings = base / "content", base / "settings.py"
    hold, held = base / "hold", base / "held"
    site = {"base": base, "content": content, "settings": settings, "output": base / "output",
            "stamp": base / "cache" / "preview-output.json", "first": dict(first), "process": None}

    def start_held():
        hold.touch()
        site["process"], site["url"], site["port"] = launch(base, content, settings)
        wait_for(held.exists, "read the site")

    site["start_held"] = start_held
    site["release"] = lambda: hold.unlink()
    yield site
    hold.unlink(missing_ok=True)
    if site["process"] is not None:
        stop(site["process"])


def run_once(site, page: str) -> None:
    """A complete preview run on the site's content, then stopped (it
    leaves the stamp the next start reads); `page` as it served it is what
    ``site["first"]`` holds for it from then on."""
    process, url, _ = launch(site["base"], site["content"], site["settings"])
    try:
        wait_until_ready(url, process, site["base"] / "preview.log")
        site["first"][page] = served({"url": url}, page)
    finally:
        stop(process)


def log_of(site) -> str:
    return (site["base"] / "preview.log").read_text(encoding="utf-8")


def test_a_restart_with_nothing_changed_serves_the_last_output_while_it_reads(restarted):
    """The last run rendered every page without a save: its output is what
    this start would write, so it is served at once, while the site is read
    (held here), and nothing is rendered or copied again."""
    site = restarted
    assert site["stamp"].is_file()
    before = output_files(site["output"])
    site["start_held"]()
    for page, body in site["first"].items():
        assert served(site, page) == body, page
    assert status_of(site, "/theme/css/style.css") == 200
    site["release"]()
    wait_until_ready(site["url"], site["process"], site["base"] / "preview.log")
    assert "Không có gì thay đổi từ lần xem trước" in log_of(site)
    assert output_files(site["output"]) == before, "a kept output is left as it is"
    assert site["stamp"].is_file(), "still complete: the next start may keep it too"


def test_a_start_that_renders_again_drops_pages_the_site_no_longer_writes(restarted):
    """The output is not emptied in development: after a settings change
    (fewer listing pages, a renamed category) the pages an earlier run left
    were served, 200, with the old content. A start that renders again
    deletes them; the desk and the old addresses still answer."""
    site = restarted
    stray = site["output"] / "trang" / "9" / "index.html"
    stray.parent.mkdir(parents=True)
    stray.write_text("<p>Trang cũ</p>", encoding="utf-8")
    site["process"], site["url"], site["port"] = launch(site["base"], site["content"], site["settings"])
    wait_until_ready(site["url"], site["process"], site["base"] / "preview.log")
    assert status_of(site, "/trang/9/") == 404 and not stray.exists()
    assert status_of(site, "/") == 200 and status_of(site, "/quan-tri/") == 200
    assert status_of(site, "/Gioi-Thieu/Thanh-Tuu") in (200, 301)


def test_a_start_refused_for_a_taken_port_leaves_the_stamp(restarted):
    """A preview that cannot have its port stops before it consumes the
    stamp: the next start still serves at once."""
    site = restarted
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_briefly([*preview_command(site["settings"], site["content"]),
                              "--output", str(site["output"]), "--port", str(port)])
    assert result.returncode == 1 and "đang được một chương trình khác" in result.stderr, result.stderr
    assert site["stamp"].is_file()


def test_a_save_while_the_kept_output_is_served_waits_for_the_new_page(restarted):
    """Once the watcher has seen a save (the preview says so while it
    reads), no page comes from the kept output: a request waits until the
    site is read and the save applied, though it may take the lock before
    the save does (CI saw the old page once, before ``Site.saves``)."""
    import concurrent.futures

    site = restarted
    site["start_held"]()
    page = article_url(site["content"])
    assert NEW_MARK.encode() not in served(site, page), "served from the kept output"
    source = site["content"] / ARTICLE
    source.write_text(source.read_text(encoding="utf-8") + f"\n\n{NEW_PARAGRAPH}\n", encoding="utf-8")
    wait_for(lambda: "Đã thấy 1 tệp được sửa: trang sẽ cập nhật khi đọc xong" in log_of(site),
             "the watcher to see the save")
    with concurrent.futures.ThreadPoolExecutor() as pool:
        answers = [pool.submit(served, site, page) for _ in range(4)]  # each may take the lock first
        time.sleep(HELD)
        assert not any(answer.done() for answer in answers), "answered before the site was read"
        site["release"]()
        for answer in answers:
            assert NEW_MARK.encode() in answer.result(timeout=60)
    wait_until_ready(site["url"], site["process"], site["base"] / "preview.log")
    stop(site["process"])
    site["process"] = None
    assert not site["stamp"].exists(), "after a save the output is not known complete"


def test_a_page_asked_for_before_a_save_waits_for_it(restarted):
    """A page held while the site is read (its article edited while
    stopped) is asked for, then the article is saved again: the request
    queued for the lock before the save did, and still shows the save, not
    the page as read before it."""
    import concurrent.futures

    site = restarted
    page, _ = _edit_article(site)
    site["start_held"]()
    source = site["content"] / ARTICLE
    with concurrent.futures.ThreadPoolExecutor() as pool:
        answer = pool.submit(served, site, page)
        time.sleep(HELD)  # queued for the lock
        assert not answer.done(), "held until the site is read"
        source.write_text(source.read_text(encoding="utf-8") + "\n\nĐoạn lưu lần hai của bài, kiểm thử thứ tự.\n",
                          encoding="utf-8")
        wait_for(lambda: "Đã thấy 1 tệp được sửa" in log_of(site), "the watcher to see the save")
        site["release"]()
        assert "Đoạn lưu lần hai".encode() in answer.result(timeout=60)


def _edit_article(site):
    source = site["content"] / ARTICLE
    source.write_text(source.read_text(encoding="utf-8") + f"\n\n{NEW_PARAGRAPH}\n", encoding="utf-8")
    return article_url(site["content"]), lambda body: NEW_MARK.encode() in body


def _change_output_page(site):
    page = article_url(site["content"])
    path = site["output"] / page / "index.html"
    path.write_bytes(path.read_bytes().replace(b"</main>", "<p>sửa tay</p></main>".encode()))
    return page, lambda body: body == site["first"][page]


def _change_settings(site):
    with open(site["settings"], "a", encoding="utf-8") as settings:
        settings.write("# a comment is a change too\n")
    page = article_url(site["content"])
    return page, lambda body: body == site["first"][page]


def _date_comes(site):
    """A future-dated article (a draft until its date where
    WITH_FUTURE_DATES is False) read by a complete run: the stamp says until
    when the output holds; that time is set to a second ago, as if the
    restart came after it."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    with open(site["settings"], "a", encoding="utf-8") as settings:
        settings.write("WITH_FUTURE_DATES = False\n")
    year = datetime.now().year + 1
    (site["content"] / "2020" / "bai-hen-gio.md").write_text(
        f"Title: Bài hẹn giờ đăng\nDate: {year}-01-01 07:30\nAuthor: Ban thông tin\n"
        "Category: Tin hoạt động LHH\nSlug: bai-hen-gio\nSummary: Tóm tắt.\n\nNội dung.\n",
        encoding="utf-8")
    page = article_url(site["content"])
    run_once(site, page)
    stamp = json.loads(site["stamp"].read_text(encoding="utf-8"))
    assert stamp["until"] == datetime(year, 1, 1, 7, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")).timestamp()
    site["stamp"].write_text(json.dumps({**stamp, "until": time.time() - 1}), encoding="utf-8")
    return page, lambda body: body == site["first"][page]


def _edit_summary(site):
    """The article's Summary header edited: the home page lists it."""
    source = site["content"] / ARTICLE
    text = source.read_text(encoding="utf-8")
    source.write_text(re.sub(r"^Summary: ", "Summary: Tóm tắt đã sửa. ", text, count=1, flags=re.M),
                      encoding="utf-8")
    return "", lambda body: "Tóm tắt đã sửa.".encode() in body


def _add_article(site):
    (site["content"] / "2020" / "bai-them-khi-dung.md").write_text(
        NEW_ARTICLE.format(slug="bai-them-khi-dung"), encoding="utf-8")
    return "", lambda body: b"bai-them-khi-dung" in body


def _edit_summary_from_body(site):
    """An article without a Summary header (the listings show its first
    words), seen by a complete run, then its first paragraph edited."""
    source = site["content"] / "2020" / "bai-khong-tom-tat.md"
    source.write_text("Title: Bài không có tóm tắt\nDate: 2020-12-03\nAuthor: Ban thông tin\n"
                      "Category: Tin hoạt động LHH\nSlug: bai-khong-tom-tat\n\nĐoạn đầu.\n", encoding="utf-8")
    run_once(site, "")
    source.write_text(source.read_text(encoding="utf-8").replace("Đoạn đầu.", "Đoạn đầu đã sửa cho bài."),
                      encoding="utf-8")
    return "", lambda body: "Đoạn đầu đã sửa".encode() in body


KEPT_NO_MORE = {
    "an article edited while it was stopped": _edit_article,
    "an article's summary edited": _edit_summary,
    "an article added": _add_article,
    "an article whose listings show its first words edited": _edit_summary_from_body,
    "a page of the output changed by hand": _change_output_page,
    "the settings file changed": _change_settings,
    "an article's future date has come": _date_comes,
}


@pytest.mark.parametrize("change", KEPT_NO_MORE)
def test_the_output_is_not_kept_when_anything_changed_while_stopped(restarted, change):
    """No page is served before the site is read (a request waits while the
    start is held), and then the page a build writes."""
    import concurrent.futures

    site = restarted
    page, right = KEPT_NO_MORE[change](site)
    site["start_held"]()
    with concurrent.futures.ThreadPoolExecutor() as pool:
        answer = pool.submit(served, site, page)
        with pytest.raises(concurrent.futures.TimeoutError):  # a kept page would come in milliseconds
            answer.result(timeout=HELD)
        site["release"]()
        assert right(answer.result(timeout=60))
    assert "Không có gì thay đổi từ lần xem trước" not in log_of(site)


def files_of(folder: Path) -> dict[str, bytes]:
    """The output's files but the search bundle and ``_headers``, which
    names the bundle's files (Pagefind's names are random), the sitemap
    without its dates (pelican-sitemap dates a page without a date by the
    build's time)."""
    undated = re.compile(rb"<lastmod>[^<]*</lastmod>")
    return {name: undated.sub(b"", body) if name == "sitemap.xml" else body
            for name, (_, body) in output_files(folder).items()
            if not name.startswith("pagefind/") and name != "_headers"}


def _edit_long_article_without_summary(site):
    """An article without a Summary header, longer than the summary Pelican
    makes of its first words (SUMMARY_MAX_LENGTH), seen by a complete run;
    then a paragraph added at its end, which its summary does not reach."""
    source = site["content"] / "2020" / "bai-dai-khong-tom-tat.md"
    body = "\n\n".join(f"Đoạn thứ {n} của bài dài, viết để tóm tắt không tới cuối bài." for n in range(1, 13))
    source.write_text("Title: Bài dài không có tóm tắt\nDate: 2020-12-03\nAuthor: Ban thông tin\n"
                      "Category: Tin hoạt động LHH\nSlug: bai-dai-khong-tom-tat\n\n" + body + "\n",
                      encoding="utf-8")
    run_once(site, "")
    assert "Đoạn thứ 12" not in site["first"][""].decode("utf-8"), "the summary must not reach the end"
    source.write_text(source.read_text(encoding="utf-8") + f"\n{NEW_PARAGRAPH}\n", encoding="utf-8")
    return "bai-viet/bai-dai-khong-tom-tat/", lambda body: NEW_MARK.encode() in body


BODY_ONLY = {
    "an article with a Summary header": _edit_article,
    "an article whose summary is its first words, edited after them": _edit_long_article_without_summary,
}


@pytest.mark.parametrize("change", BODY_ONLY)
def test_an_article_edited_while_stopped_holds_only_its_page_and_the_feeds(restarted, change):
    """Only the article's body changed while the preview was stopped (a
    paragraph added; its headers, summary and lead image as they were):
    every other page of the last output is served at once while the site is
    read (held here); the article's page and the feeds wait, then show the
    edit. Once every page is rendered again and the search index rebuilt,
    the output is what a full build of the edited content writes, so the
    pages served at once were right."""
    import concurrent.futures

    site = restarted
    page, shows_edit = BODY_ONLY[change](site)
    kept = files_of(site["output"])
    site["start_held"]()
    assert served(site, "") == site["first"][""], "served at once, as the last run wrote it"
    assert status_of(site, "/theme/css/style.css") == 200
    with concurrent.futures.ThreadPoolExecutor() as pool:
        waiting = {name: pool.submit(served, site, name) for name in (page, "feeds/all.atom.xml")}
        time.sleep(HELD)
        assert not any(answer.done() for answer in waiting.values()), "held until the site is read"
        site["release"]()
        assert shows_edit(waiting[page].result(timeout=60))
        assert NEW_MARK.encode() in waiting["feeds/all.atom.xml"].result(timeout=60)
    wait_until_ready(site["url"], site["process"], site["base"] / "preview.log")
    assert "chỉ có nội dung bài được sửa" in log_of(site)
    full = site["base"] / "full"
    result = run_pelican(site["content"], full, site["settings"])
    assert result.returncode == 0, result.stdout + result.stderr
    written, expected = files_of(site["output"]), files_of(full)
    assert written.keys() == expected.keys() == kept.keys()
    assert [name for name in expected if written[name] != expected[name]] == []
    # What was served at once is what a build of the edited content writes:
    # only the article's page and the feeds differ.
    changed = {name for name in expected if kept[name] != expected[name]}
    assert changed == {page + "index.html", "feeds/all.atom.xml", "feeds/tin-hoat-dong-lhh.atom.xml"}
    stop(site["process"])
    site["process"] = None
    assert site["stamp"].is_file(), "a complete run: the next start may keep the output again"


def test_an_article_broken_while_stopped_is_reported_not_served_around(restarted):
    """A body edit that breaks the article (a photo that does not exist):
    its reading before the start fails, so nothing is served from the last
    output; every page shows the Vietnamese error naming the file, and the
    log says it as any start does (not once more for the early reading)."""
    site = restarted
    source = site["content"] / ARTICLE
    source.write_text(source.read_text(encoding="utf-8")
                      + '\n<img src="{static}/images/2020/khong-co-anh-nay.jpg" alt="Ảnh">\n', encoding="utf-8")
    site["process"], site["url"], site["port"] = launch(site["base"], site["content"], site["settings"])
    wait_until_ready(site["url"], site["process"], site["base"] / "preview.log")
    status, _, body = request(site, "GET", "/")
    assert status == 500 and "khong-co-anh-nay.jpg" in body.decode("utf-8")
    log = log_of(site)
    assert "chỉ có nội dung bài được sửa" not in log, log
    # Logged by the start's reading, then in its summary: not by the reading before it.
    assert log.count("không tìm thấy ảnh") == 2, log


TREE_CHANGES = {
    "nothing": (lambda folder: None, False),
    "bytes of the same size, a new time": (
        lambda folder: ((folder / "a.md").write_text("b", encoding="utf-8"),
                        os.utime(folder / "a.md", ns=(1, 2_000_000_000))), True),
    "a file added": (lambda folder: (folder / "sub" / "c.md").write_text("c", encoding="utf-8"), True),
    "a file removed": (lambda folder: (folder / "sub" / "b.md").unlink(), True),
    "a file renamed": (lambda folder: (folder / "sub" / "b.md").rename(folder / "sub" / "d.md"), True),
    "an empty folder added": (lambda folder: (folder / "empty").mkdir(), False),
}


@pytest.mark.parametrize("change", TREE_CHANGES)
def test_a_tree_stamp_changes_with_any_file(tmp_path, change):
    from workflow.preview import tree_stamp

    (tmp_path / "sub").mkdir()
    (tmp_path / "a.md").write_text("a", encoding="utf-8")
    (tmp_path / "sub" / "b.md").write_text("b", encoding="utf-8")
    os.utime(tmp_path / "a.md", ns=(1, 1_000_000_000))
    before = tree_stamp(tmp_path)
    make, changes = TREE_CHANGES[change]
    make(tmp_path)
    assert (tree_stamp(tmp_path) != before) is changes
    assert tree_stamp(tmp_path / "missing") == ""


def test_the_next_date_is_the_earliest_still_to_come():
    from datetime import UTC, datetime
    from types import SimpleNamespace

    from workflow.preview import next_date

    def item(*when):
        return SimpleNamespace(date=datetime(*when, tzinfo=UTC))

    now = datetime(2026, 12, 2, tzinfo=UTC).timestamp()
    items = [item(2025, 1, 1), item(2027, 3, 1), item(2026, 12, 24), SimpleNamespace(), item(2026, 12, 2)]
    assert next_date(items, now) == datetime(2026, 12, 24, tzinfo=UTC).timestamp()
    assert next_date(items[:1], now) is None


def test_compiled_templates_are_kept_beside_the_reads_of_the_same_key(preview):
    """Jinja's bytecode cache (build_cache.templates_cache) is in the key
    folder of the reading cache: what invalidates one invalidates the other,
    and `invoke clean --cache` removes both."""
    # (Builds by other tests of this module may leave key folders of their
    # own, without templates.)
    folders = [folder for folder in (preview["base"] / "cache" / "build").iterdir()
               if (folder / "templates").is_dir()]
    assert len(folders) == 1, folders
    assert (folders[0] / "reads.pickle").is_file()
    compiled = list((folders[0] / "templates").glob("__jinja2_*.cache"))
    assert len(compiled) >= 20, compiled  # the theme's templates in use (27 files, most of them used)
