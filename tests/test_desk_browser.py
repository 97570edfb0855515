"""The editors' desk (/quan-tri/, plugins/desk) in Chromium, offline: every
request that leaves 127.0.0.1 is aborted and counted (zero expected).

- The format: every content file (content/, tests/corpus/good/) and edge
  cases load and save byte for byte through the exact functions the CMS
  calls (desk.js); new files are written as the checker wants them.
- The slug and the preview's date are the build's.
- End to end in local mode (tests/support/desk.py: the CMS writes through
  the real File System Access API into an OPFS folder seeded from a working
  copy and copied back): a new article typed in Vietnamese through IME
  composition events and through plain key presses, a photo with its alt
  text and caption; the saved file holds exactly the NFC text, passes
  ``invoke check`` and builds with the photo's srcset.
- Editing an existing article changes its one edited line.
"""

from __future__ import annotations

import base64
import io
import random
import re
import shutil
import time
import unicodedata
import urllib.parse
import zlib
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from plugins.core import photos
from plugins.core.html_text import NOTE_SEPARATOR
from plugins.core.rules import clean_slug, number_slug, slug_problem, slugify, tables_without_rule, title_slug
from plugins.vietnamese import vi_date
from tests.support import (
    ACTIVE_PDFS,
    CONTENT,
    ROOT,
    build_in_process,
    built_once,
    committed,
    pdf,
    pdf_update,
    serve_folder,
    write_files,
)
from tests.support import photo as support_photo
from tests.support.desk import PICKER, TYPING, Outside, read, seed, sync_back
from workflow import load_settings
from workflow.check import main as check_main

pytestmark = pytest.mark.browser

FONT_URLS = "https://cdn.jsdelivr.net/fontsource/fonts/"
# The CMS draws a PDF's thumbnail with pdf.js, imported from unpkg.com when a
# PDF is chosen: the desk's policy blocks it (no script from another host),
# and the file is uploaded and saved all the same, shown without thumbnail.
PDF_THUMBNAILS = "'https://unpkg.com/pdfjs-dist@"


@pytest.fixture(scope="module")
def desk_url(tmp_path_factory):
    """The real content built with development settings (once a session,
    ``built_once``: no test writes into it, the desk saves into ``repo``),
    served locally by each xdist worker (its pages name no address)."""
    output = built_once(tmp_path_factory, "desk", lambda folder: build_in_process(CONTENT, folder / "output"))
    server, url = serve_folder(output / "output")
    yield url
    server.shutdown()


@pytest.fixture
def repo(tmp_path):
    """A working copy: the real content/ (what `make serve` edits)."""
    shutil.copytree(CONTENT, tmp_path / "repo" / "content")
    return tmp_path / "repo"


# A cheap Android phone's Chrome: with it, Chromium lays a date input out
# as on the phone (wider than on a desktop at the same width).
ANDROID = ("Mozilla/5.0 (Linux; Android 13; SM-A146P) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/120.0.0.0 Mobile Safari/537.36")


class Desk:
    """One browser context on the desk, with its outside requests and its
    Content-Security-Policy reports."""

    def __init__(self, browser, url, width=1280, height=900, phone=False, timezone="Asia/Ho_Chi_Minh"):
        self.context = browser.new_context(viewport={"width": width, "height": height},
                                           timezone_id=timezone, locale="vi-VN",
                                           **({"is_mobile": True, "has_touch": True, "device_scale_factor": 2,
                                               "user_agent": ANDROID} if phone else {}))
        self.outside = Outside(url)
        self.context.route("**/*", self.outside)
        self.context.add_init_script(PICKER)
        self.page = self.context.new_page()
        self.console = []
        self.page.on("console", lambda message: self.console.append(message.text))
        self.page.on("pageerror", lambda error: self.console.append(f"pageerror: {error}"))
        self.url = url
        self.cdp = self.context.new_cdp_session(self.page)

    def open(self, repo: Path | None = None):
        self.page.goto(f"{self.url}/quan-tri/")
        self.page.wait_for_function("window.Desk && window.CMS")
        if repo is not None:
            seed(self.page, repo)
            self.page.get_by_text("Làm việc với kho mã nguồn cục bộ").click()
            # On a phone the desk opens on its list of kinds of content.
            self.page.get_by_text("Tạo mới").or_(self.page.get_by_text("Nhập bài từ Word")).first.wait_for()
        return self.page

    def csp_violations(self) -> list[str]:
        """Violations other than the CMS's own @font-face URLs on
        cdn.jsdelivr.net, which Chrome reports when the CMS adds the rules
        although desk.css gives those families' text other fonts and no
        request for them is ever made (counted in `outside`), and its
        pdf.js import (PDF_THUMBNAILS)."""
        return [text for text in self.console if "Content Security Policy" in text
                and not ("font-src" in text and FONT_URLS in text)
                and PDF_THUMBNAILS not in text]

    def field(self, name: str, element: str = "input"):
        return self.page.locator(f"section[data-key-path={name}] {element}").first

    def scroll_to_body(self):
        """Fields far down the form are rendered when scrolled into view."""
        self.page.mouse.move(300, 600)
        for _ in range(12):
            self.page.mouse.wheel(0, 800)
        self.field("body", "[contenteditable=true]").wait_for()

    def choose_photo(self, photo: Path) -> None:
        """In the body (the caret where the photo goes), the «Ảnh» button,
        «Duyệt tệp» and `photo` chosen; the caller clicks «Chèn» (after
        whatever the CMS asks)."""
        self.page.locator("section[data-key-path=body] button[aria-label='Ảnh']").click()
        self.page.locator("section[data-key-path$=':src'] button", has_text="Duyệt tệp").click()
        self.page.locator("[role=dialog] input[type=file]").set_input_files(photo)

    def upload_album(self, photos: list[Path], shown: int | None = None) -> None:
        """Choose `photos` at once in the article's «Album ảnh» field (the
        body scrolled to first); return once the preview shows them (`shown`
        new photos in all, when some were chosen before)."""
        album = self.page.locator("section[data-key-path=album_photos]")
        album.scroll_into_view_if_needed()
        album.locator("button", has_text="Duyệt tệp").click()
        self.page.locator("[role=dialog] input[type=file]").set_input_files(photos)
        self.page.locator("[role=dialog] button", has_text="Chèn").click()
        preview_text(self.page, lambda text: f"Album ảnh ({shown or len(photos)} ảnh mới)" in text)

    def settle(self) -> None:
        """Until Svelte has applied the last input (two frames and a task)."""
        self.page.evaluate("() => new Promise(done => requestAnimationFrame(() => "
                           "requestAnimationFrame(() => setTimeout(done, 50))))")

    def save(self, repo: Path) -> list[str]:
        """Save the entry, copy the working copy back to disk; return the
        files the CMS wrote."""
        # The last key press reaches the CMS's draft after Svelte's next
        # updates (a save right after typing once lost the final ".").
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        self.settle()
        self.page.get_by_role("button", name="Lưu", exact=True).click()
        try:
            self.page.get_by_text("Đã lưu").first.wait_for()  # "Đã lưu bài viết.", "Đã lưu văn bản."…
        except PlaywrightTimeout:  # say what the CMS shows instead (a field it refused, an error)
            shown = self.page.locator("[role=alert], [role=status], [aria-invalid=true]").all_inner_texts()
            fields = self.page.locator("section[data-key-path]:has([aria-invalid=true])").evaluate_all(
                "sections => sections.map(s => s.dataset.keyPath)")
            raise AssertionError(f"the CMS did not save; it shows {shown!r}, fields {fields!r}") from None
        return sync_back(self.page, repo)

    def close(self) -> tuple[list[str], list[str]]:
        """Close the context; return the requests that tried to leave
        127.0.0.1 and the CSP violations."""
        offline = self.outside.requests, self.csp_violations()
        self.context.close()
        return offline


@pytest.fixture(scope="module")
def functions(browser, desk_url):
    """One desk page for the tests of desk.js's functions (window.Desk)."""
    desk = Desk(browser, desk_url)
    yield desk.open()
    assert desk.close() == ([], [])


@contextmanager
def desk_on(browser, desk_url, repo: Path, timezone: str = "Asia/Ho_Chi_Minh", now: datetime | None = None,
            size: tuple[int, int] = (1280, 900)):
    """The desk open on `repo` as (Desk, its page), in a `size` window on a
    computer in `timezone` whose clock reads `now` (its own by default);
    closed at the end, where it must have sent no request off this machine
    and had no policy report."""
    desk = Desk(browser, desk_url, width=size[0], height=size[1], timezone=timezone)
    if now is not None:
        desk.page.clock.install(time=now)
    page = desk.open(repo)
    try:
        yield desk, page
    finally:
        offline = desk.close()
    assert offline == ([], [])


def round_trip(page, texts: dict[str, str]) -> dict[str, str]:
    return page.evaluate("(texts) => Object.fromEntries(Object.entries(texts).map("
                         "([name, text]) => [name, Desk.stringify(Desk.parse(text))]))", texts)


EDGE_CASES = {
    "crlf": "Title: Một\r\nDate: 2025-01-02\r\n\r\nDòng một.\r\nDòng hai.\r\n",
    "no final newline": "Title: Hai\n\nNội dung",
    "headers only": "Title: Ba\nSlug: ba\n",
    "headers only, no newline": "Title: Ba",
    "no headers": "\nChỉ có nội dung.\n",
    "continuation line": "Title: Bốn\nSummary: dòng một\n    dòng hai\n\nThân bài.\n",
    "odd spacing and case": "title:Năm  \nTAGS:  a,b ; c\ncustom-key: x\n\nBody\n",
    "blank line with spaces": "Title: Sáu\n   \nBody\n\n\n",
    "nfd header kept": unicodedata.normalize("NFD", "Title: Hội thảo\n\nBài.\n"),
    "document, files on two lines": ("Title: Kế hoạch\nNumber: 45/KH-LHH\nDate: 2025-03-05\nKind: Kế hoạch\n"
                                     "Files: {static}/van-ban/2025/a.pdf\n    {static}/van-ban/2025/b.docx\n"),
    "album captions on three lines": ("Title: Album\nAlbum: album/a\nAlbum_captions: a.jpg: Một\n"
                                      "    b.jpg:Hai \n      c.jpg : Ba\n\nBài.\n"),
    "document, files with odd commas": ("Title: Thông báo\nNumber: 3/TB\nDate: 2025-03-05\nKind: Thông báo\n"
                                        "Files:{static}/van-ban/2025/a.pdf ,{static}/van-ban/2025/b.pdf\n\nX\n"),
}


FRAMED = """async (url) => {
    const frame = document.createElement('iframe');
    frame.src = url;
    const loaded = new Promise(done => frame.addEventListener('load', done));
    document.body.append(frame);
    await loaded;
    const inside = frame.contentDocument;
    await new Promise(done => setTimeout(done, 300));  // a CMS that starts removes the loading line at once
    const seen = {shown: inside.getElementById('desk-loading')?.textContent ?? null,
                  started: !!inside.defaultView.CMS && !inside.getElementById('desk-loading')};
    frame.remove();
    return seen;
}"""


def test_the_desk_does_not_start_inside_another_pages_frame(functions, desk_url):
    """GitHub Pages sends no X-Frame-Options nor frame-ancestors (a meta
    policy cannot carry it): any site could frame the signed-in desk and
    lead an editor's clicks onto its buttons. Framed, it says to open it
    directly and the CMS does not start. (Same-origin here: the check is
    the frame's, whoever frames it.)"""
    page = functions.context.new_page()  # the site's own page framing it: the desk's policy frames blob: only
    try:
        page.goto(desk_url + "/404.html")
        seen = page.evaluate(FRAMED, desk_url + "/quan-tri/")
    finally:
        page.close()
    assert seen == {"shown": "Bàn biên tập chỉ mở được trực tiếp, không mở được bên trong trang khác. Mở địa chỉ "
                             "/quan-tri/ của trang web trong một thẻ mới.", "started": False}


def test_every_content_file_loads_and_saves_unchanged(functions):
    files = [*sorted((CONTENT).rglob("*.md")), *sorted((ROOT / "tests/corpus/good").rglob("*.md"))]
    texts = {p.relative_to(ROOT).as_posix(): p.read_bytes().decode("utf-8") for p in files}
    texts.update({f"edge: {name}": text for name, text in EDGE_CASES.items()})
    saved = round_trip(functions, texts)
    assert len(files) >= 9
    assert {name: saved[name] for name in texts if saved[name] != texts[name]} == {}


# values as the CMS holds them for a new file → the file desk.js writes
NEW_FILES = [
    ({"title": "Hội thảo khoa học", "date": "2025-03-05 08:30", "author": "Ban thông tin",
      "category": "Tin hoạt động LHH", "tags": "Hội thảo, Đại hội", "summary": "Tóm tắt.",
      "status": "", "body": "Nội dung."},
     "Title: Hội thảo khoa học\nDate: 2025-03-05 08:30\nAuthor: Ban thông tin\n"
     "Category: Tin hoạt động LHH\nTags: Hội thảo, Đại hội\nSummary: Tóm tắt.\n"
     "Slug: hoi-thao-khoa-hoc\n\nNội dung.\n"),
    # NFD input is written NFC; a summary typed on two lines is one header line
    ({"title": unicodedata.normalize("NFD", "Đại hội đại biểu"), "date": "2025-03-05 08:30",
      "summary": "Dòng một\nDòng hai", "body": unicodedata.normalize("NFD", "Đại hội\n")},
     "Title: Đại hội đại biểu\nDate: 2025-03-05 08:30\nSummary: Dòng một Dòng hai\n"
     "Slug: dai-hoi-dai-bieu\n\nĐại hội\n"),
    # a Hỏi & đáp item: empty optional headers left out, no body yet
    ({"title": "Câu hỏi?", "date": "2025-03-05 08:30", "organization": "", "body": ""},
     "Title: Câu hỏi?\nDate: 2025-03-05 08:30\nSlug: cau-hoi\n"),
    # a document: its own header order, the attachments as {static} links,
    # no Slug (the number is its address: plugins.documents)
    ({"title": "Kế hoạch tổ chức Hội thi", "number": "45/KH-LHH", "date": "2025-03-05 08:30",
      "kind": "Kế hoạch", "group": "", "issuer": "", "signer": "", "tags": "", "summary": "", "status": "",
      "files": ["/van-ban/2025/45-kh-lhh.pdf", "/van-ban/2025/phu-luc.docx"], "body": ""},
     "Title: Kế hoạch tổ chức Hội thi\nNumber: 45/KH-LHH\nDate: 2025-03-05 08:30\nKind: Kế hoạch\n"
     "Files: {static}/van-ban/2025/45-kh-lhh.pdf, {static}/van-ban/2025/phu-luc.docx\n"),
]


@pytest.mark.parametrize("values, expected", NEW_FILES, ids=["article", "nfd", "faq", "document"])
def test_a_new_file_is_written_as_the_checker_wants(functions, values, expected):
    assert functions.evaluate("(values) => Desk.stringify(values)", values) == expected


# Bodies as the CMS holds them -> as saved. A Word table (no header row) is
# held as pipe rows with no rule line: the rule is added, one "---" a cell.
TABLES = {
    "word table": ("Số liệu:\n\n| **Chỉ tiêu** | **Năm 2025** |\n| Số CCN | 44 |\n\nHết.",
                   "Số liệu:\n\n| **Chỉ tiêu** | **Năm 2025** |\n| --- | --- |\n| Số CCN | 44 |\n\nHết.\n"),
    "one row, a pipe in a cell": ("| Một | Hai \\| ba |", "| Một | Hai \\| ba |\n| --- | --- |\n"),
    "with its rule": ("| A | B |\n| :-- | --: |\n| 1 | 2 |", "| A | B |\n| :-- | --: |\n| 1 | 2 |\n"),
    "in code": ("```\n| không | bảng |\n```", "```\n| không | bảng |\n```\n"),
    "pipes in a sentence": ("Chọn a | b.\n| c |", "Chọn a | b.\n| c |\n"),
}


@pytest.mark.parametrize("case", TABLES)
def test_a_table_is_saved_with_the_rule_markdown_needs(functions, case):
    """And what is saved passes the build's rule (rules.tables_without_rule)."""
    body, expected = TABLES[case]
    saved = functions.evaluate("(body) => Desk.stringify({title: 'Bảng', body: body})", body)
    assert saved == f"Title: Bảng\nSlug: bang\n\n{expected}"
    assert tables_without_rule(saved) == []


# Links as the CMS saves what its link box showed whole -> as saved.
LINKS = {
    "www": ("Xem [trang](www.vusta.vn).", "Xem [trang](https://www.vusta.vn)."),
    "a domain and path": ("[tin](vusta.vn/tin-tuc?id=1)", "[tin](https://vusta.vn/tin-tuc?id=1)"),
    "e-mail": ("Gửi [thư](ten@example.org).", "Gửi [thư](mailto:ten@example.org)."),
    "whole already": ("[a](https://www.vusta.vn) [b](mailto:ten@example.org) [c](tel:02273)",
                      "[a](https://www.vusta.vn) [b](mailto:ten@example.org) [c](tel:02273)"),
    "the site's own": ("[a](/gioi-thieu/) [b]({static}/van-ban/a.pdf) [c](#muc-1) [d](bao-cao.docx)",
                       "[a](/gioi-thieu/) [b]({static}/van-ban/a.pdf) [c](#muc-1) [d](bao-cao.docx)"),
}


BRACKETS = {
    "a comparison": ("Nếu a<b và b>c thì a khác c.", "Nếu a&lt;b và b>c thì a khác c."),
    "a file name's pattern": ("Gửi tệp theo mẫu <hoten>_<donvi>.pdf.", "Gửi tệp theo mẫu &lt;hoten>_&lt;donvi>.pdf."),
    "a quiz's options": ("Chọn <a>, <b> hoặc <c>.", "Chọn &lt;a>, &lt;b> hoặc &lt;c>."),
    "an end tag typed": ("Mã kết thúc bằng </script> ở đây.", "Mã kết thúc bằng &lt;/script> ở đây."),
    # Kept: the desk's own figure, balanced markup, addresses, code.
    "markup and code": ('<figure>\n<img src="{static}/images/2025/a.jpg" alt="Ảnh">\n<figcaption>Ảnh</figcaption>\n'
                        "</figure>\n\nChữ <sup>2</sup>, <https://vusta.vn>, <ten@example.org>, `<b>` và\n\n```\n<c>\n```",
                        '<figure>\n<img src="{static}/images/2025/a.jpg" alt="Ảnh">\n<figcaption>Ảnh</figcaption>\n'
                        "</figure>\n\nChữ <sup>2</sup>, <https://vusta.vn>, <ten@example.org>, `<b>` và\n\n```\n<c>\n```"),
}


@pytest.mark.parametrize("case", BRACKETS)
def test_words_after_a_less_than_sign_are_saved_as_text(functions, case):
    """The rich editor wrote «a<b và b>c» as typed: the build refused it
    (the rest of the article would have been bold) with «viết &lt;», which
    the editor cannot type there. Saved as the build reads text."""
    import markdown
    from bs4 import BeautifulSoup

    from plugins.core import safe_html

    body, expected = BRACKETS[case]
    saved = functions.evaluate("(body) => Desk.stringify({title: 'Dấu nhỏ hơn', body: body})", body)
    assert saved == f"Title: Dấu nhỏ hơn\nSlug: dau-nho-hon\n\n{expected}\n"
    render = lambda: markdown.markdown(saved.split("\n\n", 1)[1], extensions=["extra"])  # noqa: E731
    assert safe_html.problems(saved, render) == []
    if body != expected:
        shown = BeautifulSoup(render(), "html.parser").get_text()
        assert shown.strip().startswith(body.split("<")[0] + "<")  # the «<» shows as typed


@pytest.mark.parametrize("case", LINKS)
def test_a_link_typed_without_https_is_saved_whole(functions, case):
    """The link box showed «https://www.vusta.vn» and the file got
    «(www.vusta.vn)»: a link to a page of the site that does not exist. What
    is saved passes the build's rule (rules.schemeless_links)."""
    from plugins.core.rules import schemeless_links

    body, expected = LINKS[case]
    saved = functions.evaluate("(body) => Desk.stringify({title: 'Liên kết', body: body})", body)
    assert saved == f"Title: Liên kết\nSlug: lien-ket\n\n{expected}\n"
    assert schemeless_links(saved) == []
    if body != expected:
        assert schemeless_links(f"Title: Liên kết\n\n{body}\n") != []


ALBUM_PHOTOS = ["/images/album/hoi-thi/anh-1.jpg", "/images/album/hoi-thi/anh-2.jpg"]
ALBUM_CASES = {
    # a new article: the photos' folder is its album, after its Slug
    "new": ({"title": "Hội thi", "date": "2025-03-05 08:30", "body": "Bài.", "album_photos": ALBUM_PHOTOS},
            "Title: Hội thi\nDate: 2025-03-05 08:30\nSlug: hoi-thi\nAlbum: album/hoi-thi\n\nBài.\n"),
    # an article without an album gets one (the file's other lines as they were)
    "added": ("Title: Hội thi\nDate: 2025-03-05\n\nBài.\n",
              "Title: Hội thi\nDate: 2025-03-05\nAlbum: album/hoi-thi\n\nBài.\n"),
    # an album made by hand stays where it is
    "by hand": ("Title: Hội thi\nAlbum:  2025/hoi-thi \n\nBài.\n", "Title: Hội thi\nAlbum:  2025/hoi-thi \n\nBài.\n"),
    # captions: one photo a line, rows without a caption left out
    "captions": ({"title": "Hội thi", "date": "2025-03-05 08:30", "body": "Bài.", "album_photos": ALBUM_PHOTOS,
                  "album_captions": [{"file": "anh-1.jpg", "caption": "Phát biểu\nkhai mạc "},
                                     {"file": "anh-2.jpg", "caption": ""},
                                     {"file": " anh-3.jpg", "caption": "Trao giải"}]},
                 "Title: Hội thi\nDate: 2025-03-05 08:30\nSlug: hoi-thi\nAlbum: album/hoi-thi\n"
                 "Album_captions: anh-1.jpg: Phát biểu khai mạc\n    anh-3.jpg: Trao giải\n\nBài.\n"),
}


@pytest.mark.parametrize("case", ALBUM_CASES)
def test_the_album_photos_uploaded_name_the_articles_album(functions, case):
    before, expected = ALBUM_CASES[case]
    script = ("([before, photos]) => Desk.stringify(typeof before === 'string' ? "
              "Object.assign(Desk.parse(before), {album_photos: photos}) : before)")
    assert functions.evaluate(script, [before, ALBUM_PHOTOS]) == expected


def test_an_album_taken_off_in_the_desk_leaves_the_file(functions):
    """The «Thư mục album» field and the captions emptied: the Album: and
    Album_captions: lines are left out, the rest of the file as it was."""
    before = ("Title: Hội thi\nAlbum: album/hoi-thi\nAlbum_captions: anh-1.jpg: Một\n    anh-2.jpg: Hai\n"
              "Tags: A\n\nBài.\n")
    script = ("(before) => { const values = Desk.parse(before); values.album = ''; "
              "values.album_captions = []; return Desk.stringify(values); }")
    assert functions.evaluate(script, before) == "Title: Hội thi\nTags: A\n\nBài.\n"


def test_an_emptied_slug_keeps_the_address(functions):
    """The «Địa chỉ (Slug)» field emptied on a published article: the line
    stays (the page would move to its title's address); a new value
    replaces it."""
    before = "Title: Hội thi\nDate: 2025-03-05\nSlug: hoi-thi-sang-tao-2025\n\nBài.\n"
    for slug, expected in (("", before), ("hoi-thi-2025", before.replace("hoi-thi-sang-tao-2025", "hoi-thi-2025"))):
        script = "([before, slug]) => { const values = Desk.parse(before); values.slug = slug; return Desk.stringify(values); }"
        assert functions.evaluate(script, [before, slug]) == expected


OLD_SLUG_CASES = {
    # name: (file, new Slug field, Old_slug field as the CMS holds it, saved Old_slug; None: unchanged)
    "renamed": ("Slug: hoi-thi\n", "hoi-thi-2025", None, "hoi-thi"),
    "renamed again": ("Slug: b\nOld_slug: a\n", "c", "a", "a, b"),
    "changed back": ("Slug: b\nOld_slug: a\n", "a", "a", "b"),
    "back, two earlier": ("Slug: c\nOld_slug: a, b\n", "a", "a, b", "b, c"),
    "emptied: keeps its address": ("Slug: hoi-thi\n", "", None, None),
    "unchanged": ("Slug: hoi-thi\nOld_slug: a\n", "hoi-thi", "a", None),
    "a draft had no address": ("Slug: nhap\nStatus: draft\n", "nhap-2", None, None),
    "hidden is published": ("Slug: an\nStatus: hidden\n", "an-2", None, "an"),
    # A file without a Slug line was at its title's address: a Slug given
    # moves it from there (the old address was lost).
    "no Slug line before": ("", "moi", None, "hoi-thi"),
}


@pytest.mark.parametrize("case", sorted(OLD_SLUG_CASES))
def test_a_changed_slug_keeps_the_old_one(functions, case):
    headers, slug, current, expected = OLD_SLUG_CASES[case]
    script = ("([text, slug, current]) => { const values = Desk.parse(text); values.slug = slug; "
              "values.old_slug = current; return Desk.oldSlugs(values); }")
    text = f"Title: Hội thi\nDate: 2025-03-05\n{headers}\nBài.\n"
    assert functions.evaluate(script, [text, slug, current]) == expected
    assert functions.evaluate("(slug) => Desk.oldSlugs({slug: slug})", slug) is None  # a new file


def test_a_retitled_article_without_a_slug_line_keeps_its_old_address(functions):
    """A published article whose file has no Slug line is at its title's
    address: retitled in the desk, it moved to the new title's with no
    Old_slug (links shared on Zalo led to «không tìm thấy»)."""
    script = ("([text, title]) => { const values = Desk.parse(text); values.title = title; "
              "return [Desk.oldSlugs(values), Desk.stringify(Object.assign(values, {old_slug: Desk.oldSlugs(values)}))]; }")
    text = "Title: Hội thảo tư vấn phản biện\nDate: 2025-03-05\n\nBài.\n"
    old, saved = functions.evaluate(script, [text, "Hội thảo phản biện phương án cụm công nghiệp"])
    assert old == "hoi-thao-tu-van-phan-bien"
    assert "\nOld_slug: hoi-thao-tu-van-phan-bien\n" in saved and "\nSlug:" not in saved
    assert functions.evaluate(script, [text, "Hội thảo tư vấn phản biện"])[0] is None  # the title kept
    assert functions.evaluate(script, [text.replace("Date:", "Status: draft\nDate:"), "Khác"])[0] is None


NUMBERS = ["45/KH-LHH", "45/QĐ-LHH", "12 /QĐ - UBND", "03/2025/NQ-HĐND", "Số 7-CV/ LHH", "Ⅻ/ƯB-Ồ", "  ", "5",
           # the eth of a PDF's text, a bilingual paper's label, a zero
           "12/QÐ-LHH", "No. 5/KH-LHH", "№ 5/KH-LHH", "Số: 01 /KH – LHH", "0/KH"]


def test_a_documents_number_makes_the_builds_address(functions):
    slugs = functions.evaluate("(numbers) => numbers.map(Desk.numberSlug)", NUMBERS)
    assert dict(zip(NUMBERS, slugs)) == {number: number_slug(number) for number in NUMBERS}


@pytest.mark.parametrize("modified, shown", [("2025-06-01 10:00", "01/06/2025"), ("", None),
                                             ("2025-01-05", None)])  # not after its date: as the page
def test_a_documents_preview_says_when_its_file_was_replaced(functions, modified, shown):
    """The preview shows the facts as document.html does: «Cập nhật trên
    trang» after «Ngày ban hành» once «Ngày cập nhật» is after it."""
    facts = functions.evaluate("""(values) => {
        const h = (tag, props, ...children) => ({tag, children: children.flat()});
        const [dl] = Desk.documentParts(h, (name) => values[name]);
        return dl.children.map((div) => [div.children[0].children[0], div.children[1].children[0]]);
    }""", {"number": "12/TB-LHH", "date": "2025-01-05", "modified": modified, "kind": "Thông báo"})
    assert dict(facts).get("Cập nhật trên trang") == shown
    assert [name for name, _ in facts][:2] == ["Số, ký hiệu", "Ngày ban hành"]


@pytest.mark.parametrize("replaced_by, expired, note", [
    ("", "", None),
    ("", "có", "Văn bản này đã hết hiệu lực."),  # the page's words (test_documents)
    ("", "2024-12-31", "Văn bản này hết hiệu lực từ ngày 31/12/2024."),
    ("12/QĐ-LHH", "", "Văn bản này không còn hiệu lực: đã được thay thế bằng văn bản số 12/QĐ-LHH."),
    ("12/QĐ-LHH", "2025-03-01", "Văn bản này hết hiệu lực từ ngày 01/03/2025, được thay thế bằng văn bản số "
                                "12/QĐ-LHH."),
])
def test_a_documents_preview_says_it_is_no_longer_in_force(functions, replaced_by, expired, note):
    """«Được thay thế bởi văn bản số» and «Hết hiệu lực» filled: the preview
    says it above the facts as the page does (the replacing document's kind
    and date are the build's)."""
    shown = functions.evaluate("""(values) => {
        const h = (tag, props, ...children) => ({tag, props, children: children.flat()});
        const note = Desk.documentNote(h, (name) => values[name]);
        return note && [note.props.className, note.children.join("")];
    }""", {"number": "5/QĐ-LHH", "date": "2025-01-10", "replaced_by": replaced_by, "expired": expired})
    assert shown == (note and ["doc-status-note", note])


@pytest.mark.parametrize("number, current, expected", [
    ("45/KH-LHH", None, "44-kh-lhh"),                       # its number corrected
    ("44/KH-LHH", None, None),                              # unchanged
    ("44 / kh - lhh", None, None),                          # written otherwise: the same address
    ("45/KH-LHH", "43-kh-lhh", "43-kh-lhh, 44-kh-lhh"),     # an earlier one stays
    ("45/KH-LHH", "45-kh-lhh", "44-kh-lhh"),                # changed back: the page is there again
])
def test_a_documents_changed_number_keeps_its_old_address(functions, number, current, expected):
    """The file says Number: 44/KH-LHH; the desk's field now says `number`."""
    text = "Title: Kế hoạch\nNumber: 44/KH-LHH\nDate: 2025-03-05\nKind: Kế hoạch\n\nNội dung.\n"
    script = ("([text, number, current]) => { const values = Desk.parse(text); values.number = number; "
              "values.old_slug = current; return Desk.oldSlugs(values); }")
    assert functions.evaluate(script, [text, number, current]) == expected


@pytest.mark.parametrize("number, date, current, expected", [
    ("44/KH-LHH", "2024-12-30 08:00", None, "2025/44-kh-lhh"),        # its date corrected to last year
    ("45/KH-LHH", "2026-01-02 08:00", None, "2025/44-kh-lhh"),        # and its number
    ("44/KH-LHH", "2025-12-31 08:00", None, None),                    # another day of the same year
    ("44/KH-LHH", "2024-03-05 08:00", "2024/44-kh-lhh", "2025/44-kh-lhh"),  # back to an earlier year
    ("44/KH-LHH", "2024-03-05 08:00", "43-kh-lhh", "2025/43-kh-lhh, 2025/44-kh-lhh"),  # 43-kh-lhh was in 2025
    ("44/KH-LHH", "2025-06-01 08:00", "43-kh-lhh, 2024/42-kh-lhh", None),
])
def test_a_documents_date_moved_to_another_year_keeps_its_old_address(functions, number, date, current, expected):
    """A document's address holds its year (van-ban/2025/44-kh-lhh/): the
    file says Date: 2025-03-05; the desk's fields now say `number`, `date`.
    The build reads "2025/44-kh-lhh" as that address (test_takeover)."""
    text = "Title: Kế hoạch\nNumber: 44/KH-LHH\nDate: 2025-03-05\nKind: Kế hoạch\n\nNội dung.\n"
    script = ("([text, number, date, current]) => { const values = Desk.parse(text); values.number = number; "
              "values.date = date; values.old_slug = current; return Desk.oldSlugs(values, 'document'); }")
    assert functions.evaluate(script, [text, number, date, current]) == expected
    # An article's address has no year: its date changes nothing.
    article = "Title: Hội thi\nDate: 2025-03-05\nSlug: hoi-thi\n\nBài.\n"
    script = ("([text, date]) => { const values = Desk.parse(text); values.date = date; "
              "return Desk.oldSlugs(values, 'article'); }")
    assert functions.evaluate(script, [article, date]) is None


def test_a_caption_edited_rewrites_the_captions_header_only(functions):
    before = ("Title: Hội thi\nAlbum: album/hoi-thi\nAlbum_captions: anh-1.jpg: Một\n    anh-2.jpg: Hai\n"
              "Tags: A\n\nBài.\n")
    script = ("(before) => { const values = Desk.parse(before); "
              "values.album_captions[1].caption = 'Hai, đã sửa'; return Desk.stringify(values); }")
    assert functions.evaluate(script, before) == before.replace("anh-2.jpg: Hai", "anh-2.jpg: Hai, đã sửa")


TITLES = [
    "Hội thảo khoa học", "Đại hội đại biểu lần thứ VII", "Hỏi & đáp về “Chuyển đổi số” – 2025",
    "Liên hiệp Hội Thái Bình tổ chức Hội thảo tư vấn, phản biện :“ Phương án phát triển cụm công "
    "nghiệp tỉnh Thái Bình giai đoạn 2021 – 2030”.",
    "  Khoảng   trắng  thừa  ", "Ứng dụng KH&CN: 3.5 tỷ đồng (năm 2024)…", "Quyết định số 12/QĐ-UBND",
    "Thuỵ Anh — Thái Thụy", "Giải thưởng «Sáng tạo» ‘Trẻ’", "Œuvre Ærø straße", "100% ý kiến #1 @hội",
    unicodedata.normalize("NFD", "Nông nghiệp sạch"),
]


def test_the_slug_is_the_builds(functions):
    slugs = functions.evaluate("(titles) => titles.map(Desk.pelicanSlug)", TITLES)
    assert dict(zip(TITLES, slugs)) == {title: slugify(title) for title in TITLES}
    assert dict(zip(TITLES, slugs)) == {title: title_slug(title) for title in TITLES}


def test_a_new_file_gets_the_slug_invoke_new_gives_it(functions):
    """Cut at a hyphen to CONTENT_RULES['slug_max_chars'] (rules.clean_slug):
    the union's own article's title makes 129 characters, and the desk does
    not show the Slug field an editor would have to shorten."""
    titles = [*TITLES, "Dự án A_B__C", "a" * 130, "Hội nghị " * 20]
    for limit in (120, 20):
        slugs = functions.evaluate("([titles, limit]) => titles.map((t) => Desk.cleanSlug(t, limit))",
                                   [titles, limit])
        assert dict(zip(titles, slugs)) == {title: clean_slug(title, limit) for title in titles}
    long = TITLES[3]
    text = functions.evaluate("(title) => Desk.stringify({title: title, date: '2025-03-05 08:30', "
                              "body: 'Bài.'})", long)
    slug = re.search(r"^Slug: (.*)$", text, re.M).group(1)
    assert len(title_slug(long)) == 129 and len(slug) == 119
    assert slug_problem(slug, long, 120) is None and title_slug(long).startswith(slug)


@pytest.mark.parametrize("date, issuer", [
    ("2024-05-10", "Tên cũ"), ("2025-12-23 23:59", "Tên cũ"), ("2025-12-24", "{union}"), ("2026-01-02", "{union}"),
    ("", "{union}"),
])
def test_a_documents_preview_names_the_union_as_it_was_called_that_day(functions, date, issuer):
    """plugins.documents.default_issuer, in the desk's preview: before a
    rename's day, the former name (it said today's name)."""
    union = functions.evaluate("JSON.parse(document.getElementById('desk-settings').textContent).desk.union")
    shown = functions.evaluate("([date]) => Desk.defaultIssuer(Desk.dateParts(date), [['2025-12-24', 'Tên cũ']])",
                               [date])
    assert shown == issuer.format(union=union)


def test_the_preview_shows_footnotes_as_the_site_does(functions):
    """marked has no footnotes: «[^1]» and «[^1]: …» showed as typed in
    the preview of every Word import with notes. As Python-Markdown's
    footnotes render them: numbered marks, a list at the end with «↩»."""
    from bs4 import BeautifulSoup
    from markdown import Markdown

    body = ("Theo báo cáo[^a] và kế hoạch[^b], xem lại báo cáo[^a].\n\n"
            "[^a]: Báo cáo số **12/BC-LHH**.\n[^b]: Kế hoạch số 45/KH-LHH,\n    ban hành tháng 3.\n")
    shown = BeautifulSoup(functions.evaluate("([body]) => Desk.bodyHtml(body, () => null)", [body]), "html.parser")
    site = BeautifulSoup(Markdown(extensions=["footnotes"]).convert(body), "html.parser")
    assert [a.get_text() for a in shown.select("sup a")] == [a.get_text() for a in site.select("sup a")] == ["1", "2", "1"]
    words = lambda li: " ".join(li.get_text().replace("↩", "").split())  # noqa: E731  (one «↩» a mark on the site)
    assert [words(li) for li in shown.select(".footnote li")] == [words(li) for li in site.select(".footnote li")] == [
        "Báo cáo số 12/BC-LHH.", "Kế hoạch số 45/KH-LHH, ban hành tháng 3."]
    assert all(li.select_one("a.footnote-backref") for li in shown.select(".footnote li"))
    assert "[^" not in shown.get_text()
    # Two marks side by side are told apart, as the build writes them (html_text.apart_note_marks).
    body = "Hai nguồn[^a][^b][^c] và[^d] [^e].\n\n[^a]: A\n[^b]: B\n[^c]: C\n[^d]: D\n[^e]: E\n"
    shown = BeautifulSoup(functions.evaluate("([body]) => Desk.bodyHtml(body, () => null)", [body]), "html.parser")
    assert shown.p.get_text() == "Hai nguồn1,2,3 và4 5."
    separator = BeautifulSoup(NOTE_SEPARATOR, "html.parser").span
    assert [sup.span.attrs if sup.span else None for sup in shown.select("sup")] == [
        None, separator.attrs, separator.attrs, None, None]


def test_the_preview_shows_the_date_as_the_site_does(functions):
    dates = ["2020-11-11", "2025-03-02 08:30", "2024-02-29", "2026-01-04 23:59"]
    shown = functions.evaluate("(dates) => dates.map(Desk.siteDate)", dates)
    expected = [vi_date(datetime.strptime(d[:10], "%Y-%m-%d")) for d in dates]
    assert shown == expected and shown[0] == "Thứ Tư, 11/11/2020"


def in_vietnam() -> datetime:
    """Now on the browser's clock (the desk's contexts run in Asia/Ho_Chi_Minh)."""
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo("Asia/Ho_Chi_Minh"))


def photo(path: Path) -> Path:
    """A phone photo: JPEG with EXIF (camera, date taken), Vietnamese name."""
    image = Image.new("RGB", (1600, 1200), (30, 100, 170))
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0132] = "Samsung", "SM-A525F", "2025:03:05 08:15:00"
    image.save(path, quality=85, exif=exif)
    return path


# --- Photos lose their hidden data before the desk commits them ---------------------
def phone_jpeg(seed: int, orientation: int | None, endian: str = ">", **options) -> bytes:
    """A phone photo: EXIF with GPS, camera and (maybe) Orientation in the
    given byte order, plus whatever ``options`` Pillow adds (xmp, comment,
    icc_profile, progressive)."""

    from tests.support import photo

    with Image.open(io.BytesIO(photo(seed, 320, 240, orientation=orientation, gps=True))) as image:
        exif = image.getexif()
        exif.endian = endian
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=85, exif=exif.tobytes(), **options)
    return buffer.getvalue()


def with_second_picture(jpeg: bytes) -> bytes:
    """What some phones write: a multi-picture index (APP2 "MPF") after the
    EXIF block, and a second JPEG (a depth map), with its own GPS, after
    the image's end."""
    index = b"MPF\0" + b"MM\0*" + (8).to_bytes(4, "big") + bytes(6)  # an empty index
    segment = b"\xff\xe2" + (len(index) + 2).to_bytes(2, "big") + index
    at = 2 + 2 + int.from_bytes(jpeg[4:6], "big")  # after the first segment (APP0 or APP1)
    return jpeg[:at] + segment + jpeg[at:] + phone_jpeg(9, None)


def strip(functions, data: bytes) -> bytes | None:
    result = functions.evaluate("(data) => { const out = Desk.stripJpeg(new Uint8Array(data));"
                                " return out && Array.from(out); }", list(data))
    return None if result is None else bytes(result)


def srgb_profile() -> bytes:
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


@pytest.mark.filterwarnings("ignore:Image appears to be a malformed MPO file")  # our index is empty
@pytest.mark.parametrize("name, make, orientation", [
    ("phone photo turned 90°", lambda: phone_jpeg(1, 6), 6),
    ("upright phone photo, little-endian EXIF", lambda: phone_jpeg(2, None, "<"), None),
    ("with restart markers in its data", lambda: phone_jpeg(6, 3, restart_marker_rows=1), 3),
    ("progressive, XMP, comment, ICC profile, a second picture after the end",
     lambda: with_second_picture(phone_jpeg(3, 8, progressive=True, comment=b"Samsung",
                                            xmp=b"<x:xmpmeta><exif:GPSLatitude>20,27N</exif:GPSLatitude></x:xmpmeta>",
                                            icc_profile=srgb_profile())), 8),
])
def test_a_photo_loses_its_hidden_data_but_not_its_pixels_nor_its_orientation(functions, name, make, orientation):
    """Desk.stripJpeg, which every file chosen or dropped in the desk goes
    through: no GPS, camera, XMP, comment or second picture left, the
    Orientation tag kept, the ICC profile kept, the same pixels (the
    compressed data copied, not re-encoded)."""

    original = make()
    stripped = strip(functions, original)
    assert stripped is not None and len(stripped) < len(original)
    with Image.open(io.BytesIO(original)) as before, Image.open(io.BytesIO(stripped)) as after:
        assert before.getexif().get_ifd(0x8825) and before.getexif()[0x010F]  # GPS and camera before
        assert dict(after.getexif()) == ({0x0112: orientation} if orientation else {})
        assert not after.getexif().get_ifd(0x8825)
        assert "xmp" not in after.info and "comment" not in after.info
        assert after.info.get("icc_profile") == before.info.get("icc_profile")
        assert after.tobytes() == before.tobytes()
    assert stripped.count(b"Exif") <= 1 and b"MPF" not in stripped
    main = original[:-len(phone_jpeg(9, None))] if b"MPF" in original else original
    # From the first scan to the end: the compressed image, byte for byte.
    assert stripped[stripped.index(b"\xff\xda"):] == main[main.index(b"\xff\xda"):]


@pytest.mark.parametrize("name, data", [
    ("a PNG", (ROOT / "tests" / "corpus" / "good" / "images" / "anh.png").read_bytes()),
    ("a JPEG without hidden data", None),
    ("a JPEG cut short", b"cut"),
    ("a JPEG whose EXIF points past its end", b"bad exif"),
])
def test_what_is_not_a_whole_jpeg_with_hidden_data_is_left_as_it_is(functions, name, data):

    if data in (None, b"cut"):
        buffer = io.BytesIO()
        Image.new("RGB", (64, 48), "teal").save(buffer, "JPEG")
        data = buffer.getvalue() if data is None else phone_jpeg(4, 6)[:-400]
    elif data == b"bad exif":
        good = phone_jpeg(4, 6)
        tiff = good.index(b"Exif\0\0") + 6
        data = good[:tiff + 4] + (0xFFFF0).to_bytes(4, "big") + good[tiff + 8:]  # IFD0 far away
    assert strip(functions, data) is None


# --- An attachment readers could not open is refused at upload ----------------------
OBJSTM = zlib.compress(b"6 0 << /S /JavaScript /JS (app.alert\\(1\\)) >>")


REFUSED_PDFS = {b"%PDF-1.7\n" + body + b"%%EOF\n" for body, active in ACTIVE_PDFS if active}


@pytest.mark.parametrize("name, data", [
    ("Quyết định 12.pdf", b""),  # a copy stopped midway
    ("Ke hoach.docx", b""),
    ("Thong bao.pdf", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)),  # a .doc renamed
    ("Bao cao.pdf", b"PK\x03\x04" + bytes(600)),  # a .docx renamed
    ("Giay moi.pdf", b"\xef\xbb\xbf\r\n  <!DOCTYPE html><title>Sign in - Google Accounts</title>"),  # a saved page
    ("Scan.pdf", b"\x00\x01garbage" * 40),
    ("Van ban.pdf", b"\r\n" + b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(300)),  # a PDF: taken
    ("Bang.xlsx", b"PK\x03\x04" + bytes(300)),  # not named .pdf: taken
    # An active PDF (rules.pdf_active_problem): a script, in a compressed
    # object stream too, a form sending elsewhere and files inside; a signed
    # PDF, fields and «/JS» in a title are taken.
    ("Giay moi.pdf", pdf("Giay moi", b"/OpenAction << /S /J#61vaScript /JS (app.alert\\(1\\)) >>")),
    ("Nen.pdf", pdf("Giay moi", b"/OpenAction 6 0 R", (b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode "
                                                         b"/Length %d >>\nstream\n%s\nendstream" % (len(OBJSTM), OBJSTM),))),
    ("Phieu.pdf", pdf("Phieu", b"/Names << /EmbeddedFiles 6 0 R >> /AcroForm << /Fields [6 0 R] >>",
                      (b"<< /A << /S /SubmitForm /F (http://x.invalid/) >> >>",))),
    ("Ky so.pdf", pdf_update(pdf("Quyet dinh"), {6: b"<< /Type /Sig /ByteRange [0 1 2 3] /Contents <00> >>",
                                                  1: b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /SigFlags 3 >> >>"})),
    ("Muc luc.pdf", pdf("Muc luc", b"/Dests 7 0 R", (  # Chrome's places named by ids «JS», «Launch»
        b"<< /Type /Annot /Subtype /Link /Rect [6 766 66 779] /Dest /JS >>",
        b"<< /JS [3 0 R /XYZ 6 31.5 0]\n/Launch [3 0 R /XYZ 6 792 0] /EmbeddedFiles [3 0 R /Fit] >>",
        b"<< /Title (JS) /A << /S /GoTo /D /SubmitForm >> >>"))),
    ("Mo.pdf", pdf("Huong dan", b"/OpenAction << /S /Launch [] /F (cmd.exe) >>")),  # a type before «[»: refused
    ("Tieu de.pdf", pdf("Phieu", b"/OpenAction [3 0 R /Fit] /AcroForm << /Fields [] >>",
                        (b"<< /Title (Huong dan /JS \\( /Launch \\)) >>",))),
    # Read as readers read it, in one pass (the checker's ACTIVE_PDFS): a
    # script after a comment holding «(» or «>>stream», in an object stream
    # named «/Obj#53tm» or in ASCIIHex/ASCII85 (was taken); a comment
    # saying «/JavaScript» is taken; 25,000 empty streams in one pass
    # (each one's dictionary was looked for back to the file's start: 13 s).
    *((f"Doc {number}.pdf", b"%PDF-1.7\n" + body + b"%%EOF\n") for number, (body, _) in enumerate(ACTIVE_PDFS)),
    ("Nhieu luong.pdf", b"%PDF-1.7\n" + b">>stream\nendstream" * 25_000),
])
def test_an_attachment_readers_could_not_open_is_refused_at_upload(functions, tmp_path, name, data):
    """An empty file, or one named «.pdf» that is no PDF by its first
    bytes, chosen in the desk (a document's «Tệp đính kèm»): committed, and
    only the checker and the build refused it afterwards. The desk refuses
    it before the CMS sees it, in the checker's words
    (rules.attachment_content_problem), and takes the others."""
    from plugins.core.rules import attachment_content_problem

    given, refused = functions.evaluate("""async ([name, data]) => {
        const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
        const result = await Desk.strippedFiles([new File([bytes], name)]);
        return [result.transfer.files.length, result.refused];
    }""", [name, base64.b64encode(data).decode()])
    path = tmp_path / name
    path.write_bytes(data)
    checked = attachment_content_problem(name, path)
    assert (checked is not None) >= (data in REFUSED_PDFS), checked  # ACTIVE_PDFS: refused by both
    if checked is None:
        assert (given, refused) == (1, [])
        return
    assert given == 0 and len(refused) == 1, refused
    what, fix = refused[0].split(" nên chưa được tải lên — ")
    assert what == checked.split(" — ")[0]  # the checker's and the build's words
    if " chứa " in what:  # an active PDF
        assert fix == ("mở tệp gốc (bằng Word, Excel hoặc trình xem ảnh), chọn Lưu thành › PDF (hoặc In › «Microsoft "
                       "Print to PDF»), rồi chọn tệp PDF vừa lưu (không có tệp gốc: mở chính tệp PDF này, chọn In › "
                       "«Microsoft Print to PDF»)")
        return
    assert fix == ("chép lại tệp gốc rồi chọn lại tệp" if not data else
                   "mở tệp gốc (bằng Word, Excel hoặc trình xem ảnh), chọn Lưu thành › PDF (hoặc In › «Microsoft "
                   "Print to PDF»), rồi chọn tệp PDF vừa lưu")


# --- A file chosen twice under two names is given once --------------------------------
def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _png(text: str) -> bytes:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", text)
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


PHOTO_A = _b64(support_photo(7, 64, 48))
PHOTO_A_GPS = _b64(support_photo(7, 64, 48, gps=True))  # the same photo once its hidden data is gone
PNG_1, PNG_2 = _b64(_png("1")), _b64(_png("2"))  # of one size, not the same
PDF = _b64(b"%PDF-1.4\n" + bytes(300))
SAME = "giống hệt {what} «{kept}» (một {what} được chọn hai lần) nên chỉ tải lên một {what}, tên «{kept}»"


@pytest.mark.parametrize("chosen, given, copies", [
    # Windows' copy of a photo saved twice, chosen first (the picker's order): the original's name kept.
    ([("IMG_20251120_083007 (1).jpg", PHOTO_A), ("IMG_20251120_083007.jpg", PHOTO_A)],
     ["IMG_20251120_083007.jpg"], [("IMG_20251120_083007 (1).jpg", "IMG_20251120_083007.jpg")]),
    # Three names of one photo: the first chosen that is no copy's is kept.
    ([("IMG_0007 - Copy.jpg", PHOTO_A), ("IMG_0007.jpg", PHOTO_A), ("z6789_anh_hoi_thao.jpg", PHOTO_A)],
     ["IMG_0007.jpg"], [("IMG_0007 - Copy.jpg", "IMG_0007.jpg"), ("z6789_anh_hoi_thao.jpg", "IMG_0007.jpg")]),
    (["Ảnh - Bản sao (2).jpg", "Ảnh (3).jpg"], ["Ảnh - Bản sao (2).jpg"], [("Ảnh (3).jpg", "Ảnh - Bản sao (2).jpg")]),
    # Of one size but not the same photo, and two copies of one of them: both kept.
    ([("IMG_0001.png", PNG_1), ("IMG_0002.png", PNG_2), ("IMG_0002 (1).png", PNG_2)],
     ["IMG_0001.png", "IMG_0002.png"], [("IMG_0002 (1).png", "IMG_0002.png")]),
    # The same photo with and without its GPS: the same file once stripped, which the CMS kept once.
    ([("z6789_anh.jpg", PHOTO_A), ("IMG_0009.jpg", PHOTO_A_GPS)], ["z6789_anh.jpg"], [("IMG_0009.jpg", "z6789_anh.jpg")]),
    ([("Quyết định 12 - Copy.pdf", PDF), ("Quyết định 12.pdf", PDF)],
     ["Quyết định 12.pdf"], [("Quyết định 12 - Copy.pdf", "Quyết định 12.pdf")]),
    ([("Ảnh.jpg", PHOTO_A), ("Ảnh.pdf", PDF)], ["Ảnh.jpg", "Ảnh.pdf"], []),
], ids=["copy chosen first", "three names", "copies only", "same size", "hidden data", "attachment", "different"])
def test_a_file_chosen_twice_under_two_names_is_given_once(functions, chosen, given, copies):
    """Byte for byte the same file chosen twice under two names («IMG_…
    (1).jpg» beside «IMG_….jpg», saved twice from Zalo): the CMS silently
    kept the first chosen («img_…-1.jpg»), and a caption typed for the
    other name named no photo. The desk gives it once, under the name that
    is no copy's, and says so with the refusals."""
    if isinstance(chosen[0], str):  # names alone: of one photo
        chosen = [(name, PHOTO_A) for name in chosen]
    names, said = functions.evaluate("""async (chosen) => {
        const files = chosen.map(([name, data]) => new File([Uint8Array.from(atob(data), c => c.charCodeAt(0))], name));
        const result = await Desk.strippedFiles(files);
        return [Array.from(result.transfer.files, file => file.name), result.refused];
    }""", chosen)
    assert names == given
    expected = []
    for name, kept in copies:
        what = "tệp" if name.endswith(".pdf") else "ảnh"
        tail = "" if what == "tệp" else f" — chú thích cho ảnh này hãy ghi theo tên «{kept}»"
        expected.append(f"{what} «{name}» " + SAME.format(what=what, kept=kept) + tail)
    assert said == expected


# --- A Word file loses what it must not publish before the desk commits it -----------
def cleaned_word(functions, data: bytes, name: str = "Báo cáo.docx") -> tuple[bytes | None, str]:
    """Desk.cleanedWord on `data`: (the bytes it gives, what it says), or
    (None, its refusal)."""
    result = functions.evaluate("""async ([data, name]) => {
        const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
        const out = await Desk.cleanedWord(new File([bytes], name));
        if (!(out instanceof File)) return {refused: out.message};
        const given = new Uint8Array(await out.arrayBuffer());
        let text = ""; for (const byte of given) text += String.fromCharCode(byte);
        return {data: btoa(text), note: out.deskNote || ""};
    }""", [base64.b64encode(data).decode(), name])
    return (None, result["refused"]) if "refused" in result else (base64.b64decode(result["data"]), result["note"])


TEMPLATE = r"C:\Users\Hung\Documents\Mau cong van (Hung).dotx"


def with_template(source: Path, target: Path) -> Path:
    """A copy of a .docx attached to a template as Word saves it: its name
    in docProps/app.xml, its path (the author's Windows account) as the
    target of word/settings.xml's attachedTemplate."""
    import zipfile

    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            body = zin.read(name)
            if name == "docProps/app.xml":
                body = re.sub(rb"<Template>[^<]*</Template>", lambda _: f"<Template>{TEMPLATE}</Template>".encode(), body)
            elif name == "word/settings.xml":
                body = body.replace(b"<w:defaultTabStop", b'<w:attachedTemplate r:id="rIdTpl"/><w:defaultTabStop', 1)
            zout.writestr(name, body)
        zout.writestr("word/_rels/settings.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rIdTpl" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" '
            f'Target="file:///{TEMPLATE}" TargetMode="External"/></Relationships>'))
    return target


def word_case(tmp_path: Path, case: str) -> Path:
    """A .docx for test_a_word_file_loses_what_it_must_not_publish_before_the_upload."""
    import docx

    from tests.support import photo as phone_photo
    from tests.support.word import picture, raw_paragraph, raw_run, replace_part, rich_document

    path = tmp_path / f"{case}.docx"
    if case.startswith("saved as Strict Open XML: "):  # Word's other «Save As» format (word.strict_package)
        from tests.support.word import strict_package

        source = word_case(tmp_path, case.split(": ", 1)[1])
        path.write_bytes(strict_package(source.read_bytes()))
        return path
    if case == "hidden text":
        document = docx.Document()
        document.add_heading("Báo cáo kết quả hội thảo", 1)
        raw_paragraph(document, raw_run("Đoạn công khai. ") + raw_run("GHI CHÚ ẨN CHƯA DUYỆT", hidden=True))
    elif case == "a report with comments, changes, hidden text, authors and a phone photo":
        document = docx.Document(rich_document(path))
        document.core_properties.author = "Nguyễn Văn Soạn"
        document.core_properties.last_modified_by = "Trần Thị Duyệt"
        raw_paragraph(document, raw_run("Đoạn công khai. ") + raw_run("GHI CHÚ ẨN CHƯA DUYỆT", hidden=True))
        picture(document, phone_photo(5, 640, 480, gps=True))
        document.save(path)
        return with_template(path, tmp_path / f"{case} (mẫu).docx")
    else:
        document = docx.Document()
        document.core_properties.author = document.core_properties.last_modified_by = ""
        if case == "marked MẬT":
            document.add_paragraph("MẬT")
        elif case == "stamped «Tối mật» in its header":
            document.sections[0].header.paragraphs[0].text = "«Tối mật»"
        elif case == "for internal circulation":
            document.add_paragraph("Lưu hành nội bộ")
        elif case == "with honey in a table (beekeeping figures)":  # «Mật»: no marking
            for cell, text in zip(document.add_table(rows=1, cols=2).rows[0].cells, ("Mật", "12 tấn")):
                cell.text = text
        document.add_paragraph("Báo cáo kết quả hội thảo.")
    document.save(path)
    if "report" not in case:  # python-docx's first-page picture has hidden data: one without
        plain = io.BytesIO()
        Image.new("RGB", (64, 80), "white").save(plain, "JPEG")
        path = replace_part(path, tmp_path / f"{case} (2).docx", "thumbnail.jpeg", plain.getvalue())
    return path


def test_a_word_file_that_unpacks_past_any_real_ones_size_is_not_unpacked(functions, tmp_path):
    """A 70 KB .docx holding a part that unpacks to 70 MiB (a «zip bomb»;
    1 MB of it took 1.1 GB of the tab): the desk does not unpack it to
    clean it, and gives the file as it is (the real ones are unpacked: the
    author's name below is blanked in every other case)."""
    import zipfile

    source = tmp_path / "Báo cáo.docx"
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document xmlns:w=\"http://schemas.openxmlformats.org/"
                                              "wordprocessingml/2006/main\"><w:body/></w:document>")
        archive.writestr("docProps/core.xml", "<cp:coreProperties xmlns:cp=\"c\" xmlns:dc=\"d\">"
                                              "<dc:creator>Nguyễn Văn Soạn</dc:creator></cp:coreProperties>")
        archive.writestr("word/media/blob.bin", bytes(70 << 20))
    assert source.stat().st_size < 200_000
    assert cleaned_word(functions, source.read_bytes(), source.name) == (source.read_bytes(), "")


@pytest.mark.parametrize("case", [
    "a report with comments, changes, hidden text, authors and a phone photo",
    "marked MẬT",
    "stamped «Tối mật» in its header",
    "for internal circulation",
    "with honey in a table (beekeeping figures)",
    "with nothing to take out",
    "saved as Strict Open XML: marked MẬT",
    "saved as Strict Open XML: hidden text",
])
def test_a_word_file_loses_what_it_must_not_publish_before_the_upload(functions, tmp_path, case):
    """The Word inbox's file went into the public repository as chosen:
    its reviewers' comments, tracked changes, hidden text, its authors'
    names and its phone photos' GPS position downloadable by anyone, for
    good (the import read none of them, but could not take them out of
    the history); a document marked «MẬT» was committed before the import
    refused it. The desk now takes them out before the CMS sees the file,
    and the article imported from it is the same; it refuses a secret, and
    asks before uploading a paper for internal circulation."""
    import zipfile

    from workflow.import_docx import build_article, review_marks

    source = word_case(tmp_path, case)
    given, said = cleaned_word(functions, source.read_bytes(), source.name)
    if "mật" in case.lower():
        marking = "MẬT" if case.endswith("marked MẬT") else "Tối mật"
        assert given is None and said.startswith(f"tệp Word «{source.name}» mang độ mật «{marking}»"), said
        return
    if case == "for internal circulation":  # asked first: «Hủy» uploads nothing, «OK» the file
        assert (given, said) == (None, "")
        # What the file field is given after «Hủy»: no file and nothing to say
        # (the refusal without words went among the files, a TypeError).
        assert functions.evaluate("""async (data) => {
            const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
            const result = await Desk.strippedFiles([new File([bytes], "Báo cáo.docx")]);
            return [result.transfer.files.length, result.refused];
        }""", base64.b64encode(source.read_bytes()).decode()) == [0, []]
        asked = []
        functions.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
        given, said = cleaned_word(functions, source.read_bytes(), source.name)
        assert asked and asked[0].startswith(f"Tệp Word «{source.name}» ghi «Lưu hành nội bộ»"), asked
    if case == "saved as Strict Open XML: hidden text":  # read as Word shows it, as the import reads it
        assert said.startswith(f"Trước khi tải tệp Word «{source.name}» lên") and "1 đoạn chữ ẩn" in said, said
        with zipfile.ZipFile(io.BytesIO(given)) as cleaned:
            assert not any("CHƯA DUYỆT".encode() in cleaned.read(name) for name in cleaned.namelist())
        cleaned_path = tmp_path / "cleaned.docx"
        cleaned_path.write_bytes(given)
        article, _ = build_article(cleaned_path, load_settings(ROOT / "pelicanconf.py"), date="2025-03-12 09:00")
        assert article.text.endswith("\n\nĐoạn công khai.\n"), article.text  # still a file the import reads
        return
    if case != "a report with comments, changes, hidden text, authors and a phone photo":
        assert (given, said) == (source.read_bytes(), "")  # nothing to take out: the very file
        return
    assert review_marks(source.read_bytes()) and not review_marks(given)
    assert said.startswith(f"Trước khi tải tệp Word «{source.name}» lên") and all(
        what in said for what in ("1 góp ý", "1 thay đổi được theo dõi", "1 đoạn chữ ẩn")), said
    located = 0
    with zipfile.ZipFile(io.BytesIO(given)) as cleaned, zipfile.ZipFile(source) as original:
        assert cleaned.namelist() == original.namelist()
        for name in cleaned.namelist():
            data = cleaned.read(name)
            for secret in ("Nguyễn Văn Soạn", "Trần Thị Duyệt", "GÓP Ý NỘI BỘ", "CHỮ ĐÃ XOÁ", "CHƯA DUYỆT", "Hung"):
                assert secret.encode() not in data, (name, secret)
            if name.startswith("word/media/") and name.endswith((".jpeg", ".jpg")):
                with Image.open(io.BytesIO(original.read(name))) as image:
                    located += bool(image.getexif().get_ifd(0x8825))  # GPS
                with Image.open(io.BytesIO(data)) as image:
                    assert not image.getexif(), name  # no EXIF: no camera, no GPS
    assert located == 1  # the phone photo's position, gone
    with zipfile.ZipFile(source) as original:  # the template's path was there, and is gone
        assert b"Users\\Hung" in original.read("word/_rels/settings.xml.rels")
        assert b"attachedTemplate" in original.read("word/settings.xml")
    cleaned_path = tmp_path / "cleaned.docx"
    cleaned_path.write_bytes(given)
    settings = load_settings(ROOT / "pelicanconf.py")
    article, _ = build_article(source, settings, date="2025-03-12 09:00")
    again, _ = build_article(cleaned_path, settings, date="2025-03-12 09:00")
    assert "GHI CHÚ ẨN" not in article.text and again.text == article.text


OVERSIZED = """async ([name, size]) => {
    const file = new File([new Uint8Array(size)], name);
    let reads = 0;
    for (const method of ["arrayBuffer", "slice", "stream", "text"]) {
        const read = file[method].bind(file);
        file[method] = (...args) => { reads++; return read(...args); };
    }
    const result = await Desk.strippedFiles([file]);
    return {given: result.transfer.files.length, refused: result.refused, reads: reads};
}"""


@pytest.mark.parametrize("name, extra, expected", [
    ("Báo cáo tổng kết năm.docx", 1, {"given": 0, "reads": 0}),  # refused unread, saying what to do in Word
    ("bieu-mau.xlsx", 1, {"given": 1, "reads": 0, "refused": []}),  # unread: the CMS refuses it («Tệp lớn»)
])
def test_a_file_over_the_desks_limit_is_not_read_and_a_word_file_says_how_to_compress_it(functions, name, extra,
                                                                                      expected):
    """A year-end Word report with 80 phone photos pasted whole (300 MB)
    was read, unzipped and zipped again in the tab (1.7 GB for 11 s; a
    phone's tab may not survive it) before the CMS refused it with «Vui
    lòng giảm dung lượng», which said not how. Over DESK["max_file_bytes"]
    a file is not read; a Word file is refused saying how to compress its
    photos in Word."""
    from plugins.desk import load_config

    limit = load_config(load_settings(ROOT / "pelicanconf.py").get("DESK"))["max_file_bytes"]  # the CMS's too
    result = functions.evaluate(OVERSIZED, [name, limit + extra])
    assert {key: result[key] for key in expected} == expected, result
    if name.endswith(".docx") and extra:
        [said] = result["refused"]
        assert said.startswith(f"tệp Word «{name}» nặng 51 MB, quá 50 MB mà bàn biên tập nhận") and \
            "Nén ảnh" in said and "chọn lại tệp" in said, said


def test_an_excel_attachment_is_refused_or_cleaned_before_the_upload(functions, tmp_path):
    """An Excel workbook chosen for a document's «Tệp đính kèm» went into
    the public repository as it was: a hidden salary sheet, reviewers'
    notes, a phone photo's GPS position, the authors' names (nothing read
    a workbook). The desk now refuses a hidden sheet or notes in the
    checker's words (rules._excel_problem, which then passes the file it
    gives), and takes the photos' position and the names out."""
    import zipfile

    from plugins.core.rules import review_marks_problem
    from tests.support.excel import excel_file
    from tests.support.photos import phone_jpeg

    visible = ("Tong hop", [["Hội viên", 120]], "visible")
    cases = [  # the workbook, the start of the refusal after its name (None: uploaded, cleaned)
        (excel_file(visible, ("Luong", [["Nguyễn Văn A", 12500000]], "hidden")),
         "còn 1 trang tính ẩn («Luong»): bạn đọc tải về đều thấy nên chưa được tải lên — mở tệp trong Excel: bấm chuột"),
        (excel_file(visible, ("Lương & phụ cấp", [[1]], "veryHidden")), "còn 1 trang tính ẩn («Lương & phụ cấp»)"),
        (excel_file(notes=[("Trần Thị Lan", "Số này chưa khớp")], threaded=["Chưa duyệt"]),
         "còn 2 ghi chú (comment) của người xem lại: bạn đọc tải về đều thấy nên chưa được tải lên — mở tệp trong "
         "Excel: chọn Xem lại › Xoá"),
        (excel_file(photo=phone_jpeg(320, 240, orientation=1), chart=True,
                    names=[("_xlnm._FilterDatabase", "'Tong hop'!$A$1:$B$2", True)]), None),
    ]
    for data, said in cases:
        result = functions.evaluate("""async (data) => {
            const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
            const result = await Desk.strippedFiles([new File([bytes], "bieu-mau.xlsx")]);
            const files = [];
            for (const file of result.transfer.files) {
                let text = ""; for (const byte of new Uint8Array(await file.arrayBuffer())) text += String.fromCharCode(byte);
                files.push(btoa(text));
            }
            return {files: files, refused: result.refused};
        }""", base64.b64encode(data).decode())
        source = tmp_path / "bieu-mau.xlsx"
        source.write_bytes(data)
        checker = review_marks_problem("bieu-mau.xlsx", source)
        if said:
            assert result["files"] == [] and len(result["refused"]) == 1, result
            assert result["refused"][0].startswith(f"tệp Excel «bieu-mau.xlsx» {said}"), result["refused"]
            # the checker's words for the same file: what it holds, how to fix it
            assert checker.split(": bạn đọc")[0].endswith(result["refused"][0].split(": bạn đọc")[0].split("» ", 1)[1])
            continue
        assert result["refused"] == [] and len(result["files"]) == 1, result
        given = base64.b64decode(result["files"][0])
        assert "GPS" in checker
        source.write_bytes(given)
        assert review_marks_problem("bieu-mau.xlsx", source) is None  # the checker passes what the desk gives
        with zipfile.ZipFile(io.BytesIO(given)) as cleaned, zipfile.ZipFile(io.BytesIO(data)) as original:
            assert cleaned.namelist() == original.namelist()
            for name in cleaned.namelist():
                for secret in ("Nguyễn Văn Hùng", "Trần Thị Lan", "Liên hiệp Hội"):
                    assert secret.encode() not in cleaned.read(name), (name, secret)
            assert cleaned.read("xl/workbook.xml") == original.read("xl/workbook.xml")
            with Image.open(io.BytesIO(cleaned.read("xl/media/image1.jpeg"))) as image:
                assert not image.getexif()


@pytest.mark.parametrize("typing", ["ime", "keys", "unikey"])
def test_a_new_article_typed_in_vietnamese_is_saved_checked_and_built(browser, desk_url, repo, tmp_path,
                                                                      capsys, typing):
    title, body = "Hội thảo khoa học Đại hội đại biểu", ["Hội thảo khoa học", "Đại hội đại biểu"]
    type_text = TYPING[typing]
    with desk_on(browser, desk_url, repo) as (desk, page):
        page.get_by_text("Tạo mới").click()
        desk.field("title").click()
        type_text(page, desk.cdp, title)
        assert desk.field("title").input_value() == title
        desk.field("tags").fill("Hội thảo, Đại hội")
        desk.field("summary", "textarea").fill("Hội thảo khoa học của Liên hiệp Hội.")
        desk.scroll_to_body()
        desk.field("body", "[contenteditable=true]").click()
        type_text(page, desk.cdp, body[0])
        page.keyboard.press("Enter")
        type_text(page, desk.cdp, body[1])
        page.keyboard.press("Enter")
        if typing == "ime":  # one photo, with alt text typed the same way and a caption
            desk.choose_photo(photo(tmp_path / "Ảnh Hội thảo.jpg"))
            page.locator("[role=dialog] button", has_text="Chèn").click()
            page.locator("section[data-key-path$=':alt'] input").click()
            type_text(page, desk.cdp, "Đại biểu dự hội thảo")
            page.locator("section[data-key-path$=':caption'] input").fill("Phiên khai mạc")
        changed = desk.save(repo)

    year = in_vietnam().year
    slug = "hoi-thao-khoa-hoc-dai-hoi-dai-bieu"
    article = f"content/{year}/{slug}.md"
    picture = f"content/images/{year}/anh-hoi-thao.jpg"
    assert changed == ([article, picture] if typing == "ime" else [article])
    text = (repo / article).read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)
    headers, _, saved_body = text.partition("\n\n")
    date = re.search(r"^Date: (\d{4}-\d\d-\d\d \d\d:\d\d)$", headers, re.M).group(1)
    assert headers == (f"Title: {title}\nDate: {date}\nAuthor: Ban thông tin\nCategory: Tin hoạt động LHH\n"
                       "Tags: Hội thảo, Đại hội\nSummary: Hội thảo khoa học của Liên hiệp Hội.\n"
                       f"Slug: {slug}")
    figure = (f'<figure>\n<img src="{{static}}/images/{year}/anh-hoi-thao.jpg" alt="Đại biểu dự hội thảo">\n'
              "<figcaption>Phiên khai mạc</figcaption>\n</figure>\n")
    assert saved_body == f"{body[0]}\n\n{body[1]}\n" + (f"\n{figure}" if typing == "ime" else "")

    # `invoke check` accepts it, and the build shows it with the photo's sizes
    capsys.readouterr()
    status = check_main([str(repo / article), "--content", str(repo / "content")])
    assert (status, capsys.readouterr().out) == (0, "")
    if typing == "ime":
        with Image.open(repo / picture) as saved, Image.open(tmp_path / "Ảnh Hội thảo.jpg") as chosen:
            # Committed with the same pixels, its camera and date left behind (stripJpeg).
            assert chosen.getexif() and not saved.getexif() and saved.tobytes() == chosen.tobytes()
        site = build_in_process(repo / "content", tmp_path / "output")
        page_soup = site.soup(f"bai-viet/{slug}/")
        assert page_soup.select_one("h1.post-title").get_text().replace("\xa0", " ") == title  # typogrify
        img = page_soup.select_one(".post-body figure img")
        assert img["alt"] == "Đại biểu dự hội thảo" and "480w" in img["srcset"] and img["sizes"]
        assert page_soup.select_one(".post-body figcaption").get_text() == "Phiên khai mạc"


def add_to_summary(desk, page, before: str, added: str, meanwhile=None) -> None:
    """Open the union's article (its file's text `before`) and type `added`
    at the end of its Summary; `meanwhile()` runs once the form is set up.
    The field's counter follows the CMS's value: typed once it counts the
    file's text and the form has settled (on a loaded machine keys typed
    while the entry was still being set up were lost or landed
    mid-sentence), and done once it counts the addition."""
    page.get_by_text("Liên hiệp Hội Thái Bình tổ chức Hội thảo").click()
    summary = desk.field("summary", "textarea")
    length = len(re.search(r"^Summary: (.*)$", before, re.M).group(1))
    counter = page.locator("section[data-key-path=summary]")
    counter.get_by_text(f"{length} / ").wait_for()
    desk.settle()
    if meanwhile:
        meanwhile()
    summary.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(added)
    counter.get_by_text(f"{length + len(added)} / ").wait_for()


def alerts_of_save(page) -> list[str]:
    """«Lưu» pressed: the alerts the desk shows (its refusals are
    window.alert: the CMS shows nothing of them), the first waited for up
    to 10 s."""
    alerts = []

    def accept(dialog):
        alerts.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    page.get_by_role("button", name="Lưu", exact=True).click()
    deadline = time.monotonic() + 10
    while not alerts and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    page.remove_listener("dialog", accept)
    return alerts


def test_editing_an_existing_article_changes_only_the_edited_line(browser, desk_url, repo):
    source = next((repo / "content" / "2020").glob("*.md"))
    before = source.read_text(encoding="utf-8")
    token = "github_pat_11AAAAAAA0" + "x" * 12 + "_" + "Yy7" * 19 + "Q0"
    with desk_on(browser, desk_url, repo) as (desk, page):
        add_to_summary(desk, page, before, " Thêm.")
        changed = desk.save(repo)
        # The sign-in token pasted next (it was saved into the public
        # repository, then published): refused before anything is written.
        page.get_by_text("Liên hiệp Hội Thái Bình tổ chức Hội thảo").click()
        desk.field("summary", "textarea").fill("Mã đăng nhập: " + token)
        desk.settle()
        alerts = alerts_of_save(page)
        refused = read(page)
    assert alerts and alerts[0].startswith("Chưa lưu: bài có mã truy cập GitHub «github_pat_1…»"), alerts
    assert token not in base64.b64decode(refused[source.relative_to(repo).as_posix()]).decode("utf-8")
    assert changed == [source.relative_to(repo).as_posix()]
    after = source.read_text(encoding="utf-8")
    diff = [(old, new) for old, new in zip(before.split("\n"), after.split("\n")) if old != new]
    assert len(before.split("\n")) == len(after.split("\n"))
    assert len(diff) == 1 and diff[0][1] == diff[0][0] + " Thêm." and diff[0][0].startswith("Summary: ")


WRITE_IN_FOLDER = """async ([path, text]) => {
    let dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('repo');
    const parts = path.split('/');
    for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part);
    const writable = await (await dir.getFileHandle(parts.at(-1))).createWritable();
    await writable.write(text);
    await writable.close();
}"""


@pytest.mark.parametrize("when", ["before opening it", "while it is open"])
def test_a_file_changed_on_disk_is_not_overwritten_by_a_save(browser, desk_url, repo, when):
    """Local mode: the article changed in the folder (a «git pull», or a
    save from a second tab) after the desk read it; the editor's save wrote
    the old text plus the edit over it, «Đã lưu bài viết.», and the other
    change was gone. The save is refused in Vietnamese; the file keeps the
    other change."""
    source = next((repo / "content" / "2020").glob("*.md"))
    relative = source.relative_to(repo).as_posix()
    before = source.read_text(encoding="utf-8")
    pulled = before.replace("Summary: ", "Summary: (Bản mới) ", 1)
    with desk_on(browser, desk_url, repo) as (desk, page):
        pull = lambda: page.evaluate(WRITE_IN_FOLDER, [relative, pulled])  # noqa: E731
        if when == "before opening it":
            pull()
        add_to_summary(desk, page, before, " Thêm.", pull if when == "while it is open" else None)
        desk.settle()
        alerts = alerts_of_save(page)
        page.wait_for_timeout(500)
        assert not page.get_by_text("Đã lưu").count()
        files = read(page)
    assert alerts and alerts[0].startswith("Chưa lưu: tệp này đã được sửa ở nơi khác sau khi bạn mở nó"), alerts
    assert base64.b64decode(files[relative]).decode("utf-8") == pulled


def test_a_published_article_given_another_address_keeps_its_old_one(browser, desk_url, repo, tmp_path,
                                                                     capsys):
    """The union's article opened in the desk and its «Địa chỉ (Slug)»
    shortened: the file gets the new Slug and the old one in Old_slug (the
    rest as it was), the checker accepts it, and in the built site the old
    address leads to the article at its new one."""
    from playwright.sync_api import expect

    source = next((repo / "content" / "2020").glob("*.md"))
    before = source.read_text(encoding="utf-8")
    old = re.search(r"^Slug: (.*)$", before, re.M).group(1)
    with desk_on(browser, desk_url, repo) as (desk, page):
        page.get_by_text("Liên hiệp Hội Thái Bình tổ chức Hội thảo").click()
        slug = desk.field("slug")
        # The entry set up (its file's value shown) before the edit, which a
        # loaded machine could otherwise overwrite; then the edit applied.
        expect(slug).to_have_value(old)
        desk.settle()
        slug.fill("hoi-thao-cum-cong-nghiep")
        expect(slug).to_have_value("hoi-thao-cum-cong-nghiep")
        changed = desk.save(repo)
    assert changed == [source.relative_to(repo).as_posix()]
    after = source.read_text(encoding="utf-8")
    assert after == before.replace(f"Slug: {old}\n", f"Slug: hoi-thao-cum-cong-nghiep\nOld_slug: {old}\n")
    capsys.readouterr()
    assert (check_main(["--content", str(repo / "content")]), capsys.readouterr().out) == (0, "")
    site = build_in_process(repo / "content", tmp_path / "output")
    assert "Hội thảo" in site.text("bai-viet/hoi-thao-cum-cong-nghiep/")
    redirect = site.soup(f"bai-viet/{old}/")
    assert redirect.find("meta", attrs={"http-equiv": "refresh"})["content"].endswith(
        "/bai-viet/hoi-thao-cum-cong-nghiep/")


def copied_with_nhan_ban(desk, page, repo: Path) -> list[str]:
    """The union's article opened, «Nhân bản» chosen, the copy retitled and
    saved; the files the CMS wrote."""
    from playwright.sync_api import expect

    page.get_by_text("Liên hiệp Hội Thái Bình tổ chức Hội thảo").click()
    expect(desk.field("slug")).not_to_have_value("")
    desk.settle()
    page.get_by_label("Hiển thị tùy chọn trình chỉnh sửa").click()
    page.get_by_role("menuitem", name="Nhân bản").click()
    title = desk.field("title")
    expect(title).to_have_value(re.compile("Hội thảo"))
    desk.settle()
    title.fill("Hội thảo phản biện quy hoạch giao thông")
    expect(title).to_have_value("Hội thảo phản biện quy hoạch giao thông")
    return desk.save(repo)


def test_a_copy_made_by_nhan_ban_takes_its_own_address(browser, desk_url, repo, tmp_path, capsys):
    """«Nhân bản» of the union's article, retitled: the copy kept the
    original's Slug line, and the checker refused the two files at one
    address (its advice, for a page, named the published file). Nor is the
    copy a correction of the original: its «Ngày cập nhật» is not kept."""

    source = next((repo / "content" / "2020").glob("*.md"))
    source.write_text(source.read_text(encoding="utf-8").replace("Date: 2020-11-11\n",
                                                                 "Date: 2020-11-11\nModified: 2020-11-12 08:00\n"),
                      encoding="utf-8")
    before = source.read_text(encoding="utf-8")
    assert "Modified: 2020-11-12 08:00" in before
    with desk_on(browser, desk_url, repo) as (desk, page):
        changed = copied_with_nhan_ban(desk, page, repo)
    assert source.read_text(encoding="utf-8") == before  # the original untouched
    [copy] = [repo / name for name in changed if name.endswith(".md")]
    text = copy.read_text(encoding="utf-8")
    assert "Slug: hoi-thao-phan-bien-quy-hoach-giao-thong\n" in text and "Old_slug" not in text
    assert "Modified" not in text
    # Its date is the save's (the original's, 2020-11-11, put it under 2020).
    saved = datetime.strptime(re.search(r"^Date: (.+)$", text, re.M).group(1), "%Y-%m-%d %H:%M")
    now = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).replace(tzinfo=None)
    assert timedelta(0) <= now - saved < timedelta(minutes=5), saved
    capsys.readouterr()
    assert (check_main(["--content", str(repo / "content")]), capsys.readouterr().out) == (0, "")


def test_a_correction_is_dated_from_the_desk_and_shown_under_the_title(browser, desk_url, repo, tmp_path):
    """A published article corrected on the desk: «Modified:» (what tells
    search engines, feed readers and now readers of the update) had no
    field, so a correction made there told no one. «Ngày cập nhật» writes
    it, in Vietnam's time; the page shows «Cập nhật …» under the title."""
    from playwright.sync_api import expect

    path = repo / ARTICLE_2020
    before = path.read_text(encoding="utf-8")
    with desk_on(browser, desk_url, repo, "UTC") as (desk, page):
        page.get_by_text("Liên hiệp Hội Thái Bình tổ chức Hội thảo").click()
        expect(desk.field("slug")).not_to_have_value("")
        desk.settle()
        expect(page.get_by_role("textbox", name="Ngày cập nhật")).to_have_value("")
        page.get_by_role("textbox", name="Ngày cập nhật").fill("2026-12-05T09:30")
        desk.settle()
        changed = desk.save(repo)
    assert changed == [ARTICLE_2020]
    after = path.read_text(encoding="utf-8")
    header, _, body = after.partition("\n\n")
    assert header.splitlines() == [*before.partition("\n\n")[0].splitlines(), "Modified: 2026-12-05 09:30"]
    assert body == before.partition("\n\n")[2]
    site = build_in_process(repo / "content", tmp_path / "output")
    meta = site.soup("bai-viet/hoi-thao-tu-van-phan-bien-phuong-an-phat-trien-cum-cong-nghiep-2021-2030/")
    assert "Cập nhật Thứ Bảy, 05/12/2026" in meta.select_one(".post-meta").get_text().replace("\xa0", " ")


def new_article_body(desk, page, title: str):
    """A new article, its required fields filled: its body, focused. Each
    field is filled until it keeps its value: on a busy machine the CMS
    could still be setting up the new entry and empty a field filled at
    once (a save then met «Trường bắt buộc.», at load average 6.5)."""
    page.get_by_text("Tạo mới").click()
    for name, element, value in (("title", "input", title), ("summary", "textarea", "Tóm tắt.")):
        field = desk.field(name, element)
        for _ in range(5):
            field.fill(value)
            desk.settle()
            if field.input_value() == value:
                break
        assert field.input_value() == value, f"the CMS emptied the field {name!r}"
    desk.scroll_to_body()
    body = desk.field("body", "[contenteditable=true]")
    body.click()
    return body


# What Word puts on the clipboard (Word 2016, Windows): its classes and
# styles, a fake list bullet, a table without a header row, and a picture as
# a path to one of Word's temporary files.
WORD_CLIPBOARD = """<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:v="urn:schemas-microsoft-com:vml">
<head><meta name=Generator content="Microsoft Word 15"><style><!-- p.MsoNormal {margin:0cm;} --></style></head>
<body lang=VI style='tab-interval:36.0pt'><!--StartFragment--><p class=MsoNormal style='text-align:justify'><b>
<span style='font-size:14.0pt;font-family:"Times New Roman",serif'>Sáng ngày 11/11/2020</span></b><span
style='font-size:14.0pt'>, Liên hiệp Hội tổ chức hội thảo.<o:p></o:p></span></p>
<p class=MsoNormal><span><img width=602 height=401
src="file:///C:/Users/ADMIN/AppData/Local/Temp/msohtmlclip1/01/clip_image002.jpg" alt="Ảnh" v:shapes="Picture_x0020_1">
</span></p>
<table class=MsoTableGrid border=1 cellspacing=0><tr><td><p class=MsoNormal><b>Chỉ tiêu</b></p></td>
<td><p class=MsoNormal><b>Năm 2025</b></p></td></tr><tr><td><p class=MsoNormal>Số cụm công nghiệp</p></td>
<td><p class=MsoNormal>44</p></td></tr><tr><td><p class=MsoNormal>Diện tích (ha)</p></td>
<td><p class=MsoNormal>2.253,6</p></td></tr></table><!--EndFragment--></body></html>"""


def test_a_report_pasted_from_word_keeps_its_table(browser, desk_url, repo, tmp_path, capsys):
    """The CMS turns Word's clipboard into Markdown but writes its table
    (no header row) without the rule line: desk.js adds it, so the page
    shows a table, not pipes. The picture cannot come along: a mark stands
    in its place, which the checker refuses until the editor has inserted
    the photo and deleted the mark."""
    with desk_on(browser, desk_url, repo) as (desk, page):
        body = new_article_body(desk, page, "Báo cáo dán từ Word")
        assert "ảnh không đi theo — chỗ có ảnh hiện dòng «[Ảnh chưa được chèn…]»" in \
            page.locator("section[data-key-path=body]").inner_text()
        body.evaluate("""(element, html) => {
            const data = new DataTransfer();
            data.setData('text/html', html);
            data.setData('text/plain', 'Sáng ngày 11/11/2020');
            element.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true,
                                                               cancelable: true}));
        }""", WORD_CLIPBOARD)
        body.locator("table td", has_text="2.253,6").wait_for()
        desk.settle()
        # The preview shows the table it will be (the rule line added), not pipes.
        preview_text(page, lambda text: "2.253,6" in text)
        frame = next(frame for frame in page.frames if frame.url.startswith("blob:"))
        assert frame.locator("article table th").all_inner_texts() == ["Chỉ tiêu", "Năm 2025"]
        assert "|" not in frame.locator("article").inner_text()
        changed = desk.save(repo)
    year = in_vietnam().year
    article = f"content/{year}/bao-cao-dan-tu-word.md"
    assert changed == [article]
    text = (repo / article).read_text(encoding="utf-8")
    saved = text.split("\n\n", 1)[1]
    assert saved.startswith("**Sáng ngày 11/11/2020**, Liên hiệp Hội tổ chức hội thảo.\n")
    assert "| **Chỉ tiêu** | **Năm 2025** |\n| --- | --- |\n| Số cụm công nghiệp | 44 |\n" in saved
    assert "file:" not in saved and "clip_image" not in saved and "Mso" not in saved
    lines = text.split("\n")
    mark = next(n for n, line in enumerate(lines, start=1) if "Ảnh chưa được chèn" in line)
    assert "Sáng ngày" in lines[mark - 3] and "Chỉ tiêu" in lines[mark + 1]  # where the picture was
    assert re.fullmatch(r"\\?\[Ảnh chưa được chèn: «Ảnh» — chèn ảnh bằng nút Ảnh rồi xoá dòng "
                        r"này\\?\]", lines[mark - 1]), lines[mark - 1]

    capsys.readouterr()
    status = check_main([str(repo / article), "--content", str(repo / "content")])
    assert (status, capsys.readouterr().out.splitlines()[0].rsplit("/content/", 1)[1]) == (1, (
        f"{article.removeprefix('content/')}:{mark}: chỗ này có ảnh trong nội dung đã dán (từ Word, Google "
        "Docs, trang web) nhưng ảnh không đi theo khi dán — chèn ảnh bằng nút «Ảnh» (lưu ảnh về máy "
        "trước), rồi xoá dòng «[Ảnh chưa được chèn…]»"))
    # The editor inserts the photo (or gives it up) and deletes the mark.
    (repo / article).write_text("\n".join(lines[:mark - 1] + lines[mark + 1:]), encoding="utf-8")
    assert check_main([str(repo / article), "--content", str(repo / "content")]) == 0
    site = build_in_process(repo / "content", tmp_path / "output")
    table = site.soup("bai-viet/bao-cao-dan-tu-word/").select_one(".post-body table")
    assert [th.get_text() for th in table.select("thead th")] == ["Chỉ tiêu", "Năm 2025"]
    assert [[td.get_text() for td in tr.select("td")] for tr in table.select("tbody tr")] == [
        ["Số cụm công nghiệp", "44"], ["Diện tích (ha)", "2.253,6"]]


PASTED = {
    # clipboard HTML -> what the desk hands the CMS instead (None: untouched)
    "m², H₂O": ("<p>Diện tích 2.253,6 km<sup>2</sup>, nước H<sub>2</sub>O, 10<sup>-3</sup>, 30 <sup>o</sup>C.</p>",
                "<p>Diện tích 2.253,6 km², nước H₂O, 10⁻³, 30 °C.</p>"),
    "a note mark stays": ("<p>Ghi chú<sup>a</sup>.</p>", None),
    # A «|» in a cell was a border once the CMS wrote the table: a cell too many, the build refused it.
    "a «|» in a table's cell": ("<table><tr><td>Hội Y học | Thái Bình</td><td>Nhì</td></tr></table>",
                                "<table><tbody><tr><td>Hội Y học / Thái Bình</td><td>Nhì</td></tr></tbody></table>"),
    "a «|» outside a table": ("<p>Hà Nội | Thái Bình</p>", None),
    "headings from h1": ("<h1 class=MsoTitle>I. TÌNH HÌNH</h1><p>x</p><h3>1. Mục</h3>",
                         "<h2>I. TÌNH HÌNH</h2><p>x</p><h4>1. Mục</h4>"),
    "headings from h2": ("<h2>Mục</h2><h3>Ý</h3>", None),
    "plain text": ("", None),
    "a Word picture": ('<p><img width=602 src="file:///C:/Users/A/AppData/Local/Temp/msohtmlclip1/01/'
                       'clip_image002.jpg" alt="Hội nghị  khai mạc"></p>',
                       "<p>[Ảnh chưa được chèn: «Hội nghị khai mạc» — chèn ảnh bằng nút Ảnh "
                       "rồi xoá dòng này]</p>"),
    "an Outlook picture, no alt": ('<p>Ảnh: <img src="cid:image001.png@01DB"></p>',
                                   "<p>Ảnh: [Ảnh chưa được chèn — chèn ảnh bằng nút Ảnh rồi "
                                   "xoá dòng này]</p>"),
    "a Google Docs photo": ('<p><span><img src="https://lh7-rt.googleusercontent.com/docsz/AD_4n?key=a" '
                            'width="602"></span></p>',
                            "<p><span>[Ảnh chưa được chèn — chèn ảnh bằng nút Ảnh rồi xoá dòng này]</span></p>"),
    "a data: picture": ('<p><img src="data:image/png;base64,iVBORw0KGgo=" alt="Sơ đồ"></p>',
                        "<p>[Ảnh chưa được chèn: «Sơ đồ» — chèn ảnh bằng nút Ảnh rồi xoá dòng này]</p>"),
    # A post copied from facebook.com (Messenger, Gmail alike): each emoji a
    # picture on fbcdn.net whose alt is the emoji. It was a photo's mark.
    "a Facebook post's emoji": (
        '<div dir="auto"><span>Hội thảo thành công </span><span class="x3nfvp2"><img height="16" width="16" '
        'alt="🎉" src="https://static.xx.fbcdn.net/images/emoji.php/v9/t37/1/16/1f389.png"></span>'
        '<img alt="👏🏻" src="https://static.xx.fbcdn.net/images/emoji.php/v9/t2f/1/16/1f44f_1f3fb.png">'
        '<img alt="🇻🇳" src="https://fonts.gstatic.com/s/e/notoemoji/15.0/1f1fb_1f1f3/32.png"></div>',
        '<div dir="auto"><span>Hội thảo thành công </span><span class="x3nfvp2">🎉</span>👏🏻🇻🇳</div>'),
    "a photo whose alt is a number is a photo": ('<p><img src="https://a.vn/1.jpg" alt="1"></p>',
                                                 "<p>[Ảnh chưa được chèn: «1» — chèn ảnh bằng nút Ảnh rồi "
                                                 "xoá dòng này]</p>"),
    "a photo of this site, copied in the editor, stays": ('<p><img src="/images/2020/a.png" alt="A"></p>', None),
    # Word's lists (Word 2016's clipboard): each item a paragraph, its
    # bullet or number between <![if !supportLists]> and <![endif]>; the CMS
    # kept «·» and no-break spaces at the start of paragraphs.
    "a Word bullet list": (
        "<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'>"
        "<![if !supportLists]><span style='font-family:Symbol'>·<span style='font:7.0pt \"Times New Roman\"'>"
        "&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span><![endif]>Ý kiến thứ nhất<o:p></o:p></p>"
        "<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'>"
        "<![if !supportLists]><span style='font-family:Symbol'>·<span>&nbsp;&nbsp; </span></span><![endif]>"
        "Ý kiến <b>thứ hai</b><o:p></o:p></p><p class=MsoNormal>Sau danh sách.</p>",
        "<ul><li>Ý kiến thứ nhất<o:p></o:p></li><li>Ý kiến <b>thứ hai</b><o:p></o:p></li></ul>"
        '<p class="MsoNormal">Sau danh sách.</p>'),
    "a Word numbered list with a nested bullet": (
        "<p style='mso-list:l1 level1 lfo2'><![if !supportLists]><span>1.<span>&nbsp;&nbsp; </span></span>"
        "<![endif]>Mục một</p>"
        "<p style='mso-list:l1 level2 lfo2'><![if !supportLists]><span>o<span>&nbsp; </span></span>"
        "<![endif]>Ý nhỏ</p>"
        "<p style='mso-list:l1 level1 lfo2'><span style='mso-list:Ignore'>2.<span>&nbsp; </span></span>"
        "Mục hai</p>",
        "<ol><li>Mục một<ul><li>Ý nhỏ</li></ul></li><li>Mục hai</li></ol>"),
    # Numbers a Markdown list cannot say are written out, as the Word import
    # writes them (docx_markdown.prepare_numbering): a list renumbered them
    # «1. 2.», and «điểm b», «mục II» pointed nowhere.
    "a Word list lettered a) b)": (
        "<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l2 level1 lfo3'>"
        "<![if !supportLists]><span>a)<span>&nbsp;&nbsp;&nbsp; </span></span><![endif]>Thành lập Hội đồng</p>"
        "<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l2 level1 lfo3'>"
        "<span style='mso-list:Ignore'>b)<span>&nbsp; </span></span>Báo cáo <b>kết quả</b></p>",
        "<p>a) Thành lập Hội đồng</p><p>b) Báo cáo <b>kết quả</b></p>"),
    "a Word list continued after a paragraph": (
        "<p style='mso-list:l0 level1 lfo1'><![if !supportLists]><span>1.<span>&nbsp; </span></span>"
        "<![endif]>Bước một</p>"
        "<p style='mso-list:l0 level1 lfo1'><![if !supportLists]><span>2.<span>&nbsp; </span></span>"
        "<![endif]>Bước hai</p><p class=MsoNormal>Giữa hai bước.</p>"
        "<p style='mso-list:l0 level1 lfo1'><![if !supportLists]><span>3.<span>&nbsp; </span></span>"
        "<![endif]>Bước ba</p>",
        '<ol><li>Bước một</li><li>Bước hai</li></ol><p class="MsoNormal">Giữa hai bước.</p><p>3. Bước ba</p>'),
    "a Word list of its own right after another": (
        "<p style='mso-list:l0 level1 lfo1'><![if !supportLists]><span>1.<span>&nbsp; </span></span>"
        "<![endif]>Mục một</p>"
        "<p style='mso-list:l4 level1 lfo5'><![if !supportLists]><span>II.<span>&nbsp; </span></span>"
        "<![endif]>PHẦN HAI</p>",
        "<ol><li>Mục một</li></ol><p>II. PHẦN HAI</p>"),
    "a Word list numbered 1. with a) and a bullet under it": (
        "<p style='mso-list:l5 level1 lfo6'><![if !supportLists]><span>1.<span>&nbsp; </span></span>"
        "<![endif]>Nội dung</p>"
        "<p style='mso-list:l5 level2 lfo6'><![if !supportLists]><span>a)<span>&nbsp; </span></span>"
        "<![endif]>Ý một</p>"
        "<p style='mso-list:l5 level3 lfo6'><![if !supportLists]><span style='font-family:Symbol'>·"
        "<span>&nbsp; </span></span><![endif]>Chi tiết</p>"
        "<p style='mso-list:l5 level1 lfo6'><![if !supportLists]><span>1.1.<span>&nbsp; </span></span>"
        "<![endif]>Tiểu mục</p>",
        "<p>1. Nội dung</p><p>a) Ý một</p><p>• Chi tiết</p><p>1.1. Tiểu mục</p>"),
    "an address no browser reads": ('<p><img src="https://" alt="Ảnh hỏng"></p>',
                                    "<p>[Ảnh chưa được chèn: «Ảnh hỏng» — chèn ảnh bằng nút Ảnh rồi xoá dòng này]</p>"),
}


@pytest.mark.parametrize("case", PASTED)
def test_pasted_html_is_rewritten_as_the_word_import_writes_it(functions, case):
    html, expected = PASTED[case]
    assert functions.evaluate("(html) => Desk.pastedHtml(html || '<body></body>')", html) == expected


PASTED_TEXT = {
    # text alone on the clipboard -> the HTML the desk pastes instead (None: the CMS's own paste)
    # Chrome's PDF viewer: a break at every printed line; each was a paragraph.
    # Printed lines of an A4 page, 60–80 characters.
    "a PDF's lines": ("Căn cứ Quyết định số 1234/QĐ-UBND ngày 15/3/2025 của Ủy ban nhân\r\n"
                      "dân tỉnh về việc ban hành kế hoạch phát triển khoa học, công nghệ gắn với kinh tế-\r\n"
                      "xã hội năm 2025.\r\nĐiều 2. Giao <Sở> & các đơn vị có liên quan tổ chức triển khai\r\n"
                      "thực hiện.\r\n\r\n"
                      "a) Thành lập Hội đồng;\r\nb) Báo cáo kết quả.\r\n- ý kiến một\r\nii) ý kiến hai\r\n2\r\n",
                      "<p>Căn cứ Quyết định số 1234/QĐ-UBND ngày 15/3/2025 của Ủy ban nhân dân tỉnh về việc ban hành "
                      "kế hoạch phát triển khoa học, công nghệ gắn với kinh tế-xã hội năm 2025.</p><p>Điều 2. Giao "
                      "&lt;Sở&gt; &amp; các đơn vị có liên quan tổ chức triển khai thực hiện.</p>"
                      "<p>a) Thành lập Hội đồng;</p><p>b) Báo cáo kết quả.</p><p>- ý kiến một</p><p>ii) ý kiến hai</p>"
                      "<p>2</p>"),
    # A Zalo message, Excel's cells: every line its own; left to the CMS.
    "a Zalo message": ("10:32 05/03/2025\nNguyễn Văn A\n📢 THÔNG BÁO\n@Trần Thị B nhờ chị chia sẻ ạ 🙏\n#LHH", None),
    # Its short lines start with small letters: not a printed page's.
    "a Zalo message in small letters": ("Kính gửi các đồng chí,\nngày mai họp lúc 8h00\nđịa điểm: hội trường tầng 2",
                                        None),
    "Excel's cells": ("STT\tHọ và tên\tGiải\r\n1\tNguyễn Văn A\tNhất\r\n", None),
    "a blank line before a small letter": ("Đoạn một.\n\nđoạn hai viết thường.", None),
}


@pytest.mark.parametrize("case", PASTED_TEXT)
def test_text_pasted_from_a_pdf_is_joined_into_its_paragraphs(functions, case):
    text, expected = PASTED_TEXT[case]
    assert functions.evaluate("(text) => Desk.pastedText(text)", text) == expected


# An embed code pasted into the body (YouTube's «Nhúng», Google Maps' «Nhúng
# bản đồ», TikTok's): it was saved, the preview showed nothing in its place,
# and the build refused the article afterwards. Not saved, with the build's
# advice (safe_html.REFUSED_TAGS); in code it is text, and saved.
YOUTUBE_EMBED = ('<iframe width="560" height="315" src="https://www.youtube.com/embed/M7lc1UVf-VE?si=a" '
                 'title="YouTube video player" frameborder="0" allowfullscreen></iframe>')
EMBEDS = {
    "YouTube": ({"body": f"Xem lại hội thảo:\n\n{YOUTUBE_EMBED}\n"},
                "Chưa lưu: ô Nội dung có thẻ <iframe> («<iframe width=\"560\" height=\"315\" "
                "src=\"https://www.youtube.co…»), trang web không đăng bài có thẻ này: không được nhúng trang khác "
                "vào bài — với video YouTube hoặc Facebook: dán địa chỉ video"),
    "Google Maps in a sentence": ({"body": 'Địa điểm: <IFRAME src="https://www.google.com/maps/embed?pb=1">'
                                           "</IFRAME>"}, "Chưa lưu: ô Nội dung có thẻ <iframe> («<IFRAME src="),
    "TikTok": ({"body": '<blockquote class="tiktok-embed"><section>Hội thảo</section></blockquote> '
                        '<script async src="https://www.tiktok.com/embed.js"></script>'},
               "Chưa lưu: ô Nội dung có thẻ <script> («<script async"),
    "a phone's video": ({"body": '<video controls src="https://lhh.vn/a.mp4"></video>'},
                        "Chưa lưu: ô Nội dung có thẻ <video>"),
    "the token first": ({"summary": "github_pat_11AAAAAAA0" + "x" * 60, "body": YOUTUBE_EMBED},
                        "Chưa lưu: bài có mã truy cập GitHub"),
    "in a code block": ({"body": f"Mã nhúng:\n\n```\n{YOUTUBE_EMBED}\n```\n\n    <script>x</script>\n"}, None),
    "in a code span": ({"body": "Thẻ `<iframe>` bị chặn."}, None),
    "in a comment": ({"body": "Đoạn.\n\n<!-- <iframe src=\"https://x.example\"></iframe> -->\n"}, None),
    "an address and a figure": ({"body": "<https://youtu.be/M7lc1UVf-VE>\n\n<figure>\n<img src=\"{static}/a.jpg\" "
                                         "alt=\"Ảnh\">\n</figure>\n"}, None),
}


@pytest.mark.parametrize("case", EMBEDS)
def test_a_pasted_embed_code_is_not_saved(functions, case):
    values, expected = EMBEDS[case]
    refused = functions.evaluate("(values) => Desk.saveRefused(values)", values)
    if expected is None:
        assert refused is None
    else:
        assert refused and refused.startswith(expected), refused


def paste(page, desk_url: str, html: str, text: str) -> None:
    """A real paste: `html` (and `text`) put on the system clipboard, then
    Ctrl+V where the caret is."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=desk_url)
    page.evaluate("""([html, text]) => navigator.clipboard.write([new ClipboardItem({
        'text/html': new Blob([html], {type: 'text/html'}),
        'text/plain': new Blob([text], {type: 'text/plain'})})])""", [html, text])
    page.keyboard.press("Control+V")


def test_a_paste_with_m2_and_a_title_heading_is_saved_as_the_word_import_would(browser, desk_url, repo,
                                                                              capsys):
    """A real paste (the system clipboard, Ctrl+V): «km²» and «H₂O» keep
    their small figures (the CMS would write km2), Word's «Heading 1» is a
    «##» section under the page's title. The article has the union's own
    long title: its Slug is cut as `invoke new` cuts it, and it passes the
    checker."""
    html = ("<h1>I. TÌNH HÌNH CHUNG</h1><p>Diện tích 2.253,6 km<sup>2</sup>, nước H<sub>2</sub>O.</p>"
            "<h2>1. Cụm công nghiệp</h2><p>Đoạn hai.</p>")
    with desk_on(browser, desk_url, repo) as (desk, page):
        body = new_article_body(desk, page, TITLES[3])
        paste(page, desk_url, html, "I. TÌNH HÌNH CHUNG")
        body.locator("h2", has_text="I. TÌNH HÌNH CHUNG").wait_for()
        desk.settle()
        changed = desk.save(repo)
    headers, saved = (repo / changed[0]).read_text(encoding="utf-8").split("\n\n", 1)
    assert saved == ("## I. TÌNH HÌNH CHUNG\n\nDiện tích 2.253,6 km², nước H₂O.\n\n"
                     "### 1. Cụm công nghiệp\n\nĐoạn hai.\n")
    assert f"\nSlug: {clean_slug(TITLES[3], 120)}" in headers
    capsys.readouterr()
    status = check_main([str(repo / changed[0]), "--content", str(repo / "content")])
    assert (status, capsys.readouterr().out) == (0, "")


def test_a_word_list_pasted_is_a_list_on_the_page(browser, desk_url, repo, tmp_path):
    """A real paste (Ctrl+V) of Word's list paragraphs: the file has
    Markdown list items and the built page a <ul> and an <ol> (it had
    paragraphs starting «·» and a run of no-break spaces)."""
    html = "".join(PASTED[case][0] for case in ("a Word bullet list", "a Word numbered list with a nested bullet",
                                                 "a Word list lettered a) b)", "a Word list continued after a paragraph"))
    with desk_on(browser, desk_url, repo) as (desk, page):
        body = new_article_body(desk, page, "Bài có danh sách từ Word")
        paste(page, desk_url, html, "Ý kiến thứ nhất")
        body.locator("li", has_text="Mục hai").wait_for()
        desk.settle()
        [name] = desk.save(repo)
    saved = (repo / name).read_text(encoding="utf-8").split("\n\n", 1)[1]
    assert "·" not in saved and "\u00a0" not in saved, saved
    # Numbers a Markdown list cannot say are the paragraphs' own words; the
    # CMS writes «3. Bước ba» unescaped: the build keeps its number.
    assert saved.endswith("\n\na) Thành lập Hội đồng\n\nb) Báo cáo **kết quả**\n\n1. Bước một\n2. Bước hai\n\n"
                          "Giữa hai bước.\n\n3. Bước ba\n"), saved
    site = build_in_process(repo / "content", tmp_path / "output")
    post = site.soup(f"bai-viet/{slugify('Bài có danh sách từ Word')}/").select_one(".post-body")
    def text(element) -> str:  # typogrify's no-break space before a last word is a space here
        return " ".join(element.get_text(" ", strip=True).split())

    assert [text(li) for li in post.select(":scope > ul > li")] == ["Ý kiến thứ nhất", "Ý kiến thứ hai"]
    lists = post.select(":scope > ol")
    assert [text(li).removesuffix(" Ý nhỏ") for li in lists[0].select(":scope > li")] == ["Mục một", "Mục hai"]
    assert text(post.select_one("ol > li > ul > li")) == "Ý nhỏ"
    assert [text(p) for p in post.select(":scope > p") if text(p)[:2] in ("a)", "b)")] == [
        "a) Thành lập Hội đồng", "b) Báo cáo kết quả"]
    assert [(ol.get("start"), [text(li) for li in ol.select("li")]) for ol in lists[1:]] == [
        (None, ["Bước một", "Bước hai"]), ("3", ["Bước ba"])]  # it was published «1. Bước ba»


def test_a_new_article_edited_again_in_the_same_session_keeps_its_address(browser, desk_url, repo):
    """Saved (published), then its title corrected without reloading the
    desk: the CMS kept the entry as typed, with no address, and the second
    save gave the page its new title's address (bai-thu-hai), breaking the
    first. Now the second save starts from the file as the first wrote it:
    the title changes, the Slug stays; a Slug then changed keeps the old one."""
    from playwright.sync_api import expect

    with desk_on(browser, desk_url, repo) as (desk, page):
        new_article_body(desk, page, "Bài thử một")
        page.keyboard.type("Nội dung.")
        [name] = desk.save(repo)
        saved = repo / name
        first = saved.read_text(encoding="utf-8")

        def edit_again(listed: str, field: str, value: str) -> str:
            page.locator("main [role=row]").filter(has_text=listed).click()
            expect(desk.field("slug")).to_have_value("bai-thu-mot")  # the first save's address
            desk.settle()
            desk.field(field).fill(value)
            assert desk.save(repo) == [name]
            return saved.read_text(encoding="utf-8")

        second = edit_again("Bài thử một", "title", "Bài thử hai")
        third = edit_again("Bài thử hai", "slug", "bai-thu-ba")
    assert second == first.replace("Title: Bài thử một", "Title: Bài thử hai")
    assert third == second.replace("Slug: bai-thu-mot\n", "Slug: bai-thu-ba\nOld_slug: bai-thu-mot\n")


def test_a_title_used_twice_gets_another_address_in_the_desk(browser, desk_url, repo, tmp_path, capsys):
    """A second «Thông báo» of the year: the CMS names its file
    thong-bao-1.md but the title makes the first one's address, which the
    checker refuses naming the desk's «Địa chỉ (Slug)» field. The list tells
    the two apart by date; the editor opens the new one and gives it another
    address there (a malformed one is refused before saving); then the
    checker accepts both and the site has both pages."""
    from playwright.sync_api import expect

    now = in_vietnam()
    first = f"content/{now.year}/thong-bao.md"
    write_files(repo, {first: (f"Title: Thông báo\nDate: {now.year}-01-01\nAuthor: Ban thông tin\n"
                               "Category: Tin hoạt động LHH\nSummary: Một.\nSlug: thong-bao\n\nMột.\n")})
    with desk_on(browser, desk_url, repo) as (desk, page):
        new_article_body(desk, page, "Thông báo")
        page.keyboard.type("Hai.")
        second = desk.save(repo)
        assert second == [f"content/{now.year}/thong-bao-1.md"]
        capsys.readouterr()
        assert check_main(["--content", str(repo / "content")]) == 1
        assert ("trùng địa chỉ «bai-viet/thong-bao/» (tiêu đề giống nhau khi bỏ dấu) — thêm vào phần đầu "
                "của một trong hai tệp dòng «Slug: …» với một địa chỉ khác, ví dụ «Slug: thong-bao-2» "
                "(ở bàn biên tập: ô «Địa chỉ (Slug)»)") in capsys.readouterr().out

        rows = page.locator("main [role=row]")
        rows.filter(has_text=f"01/01/{now.year} · Thông báo").wait_for()
        rows.filter(has_text=f"{now:%d/%m/%Y} · Thông báo").click()
        slug = desk.field("slug")  # the address its first save gave it, as after a reload
        expect(slug).to_have_value("thong-bao")
        slug.fill("Thông báo 2")
        page.get_by_role("button", name="Lưu", exact=True).click()
        expect(page.locator("section[data-key-path=slug]")).to_contain_text(
            "Chỉ chữ thường không dấu a-z, chữ số 0-9 và dấu gạch ngang")
        slug.fill("thong-bao-hop-ban-chap-hanh")
        assert desk.save(repo) == second
    # The old address is kept (the desk cannot know it was the other
    # article's); the build gives it up to that article.
    assert (repo / second[0]).read_text(encoding="utf-8").endswith(
        "\nSlug: thong-bao-hop-ban-chap-hanh\nOld_slug: thong-bao\n\nHai.\n")
    capsys.readouterr()
    assert (check_main(["--content", str(repo / "content")]), capsys.readouterr().out) == (0, "")
    site = build_in_process(repo / "content", tmp_path / "output")
    assert "Một." in site.text("bai-viet/thong-bao/") and "Hai." in site.text("bai-viet/thong-bao-hop-ban-chap-hanh/")


def preview_photos(page, count: int) -> list[tuple[str, int]]:
    """(src scheme, natural width) of the preview pane's photos, once there
    are `count` of them and every one has loaded (or after 15 s)."""
    from playwright.sync_api import Error as PlaywrightError

    deadline = time.monotonic() + 45  # the CMS reads the photos after the pane is drawn: slow at load 6
    while True:
        shown = []
        try:  # the pane's frame by its element (see preview_text)
            shown = page.frame_locator("iframe[src^='blob:']").first.locator("article img").evaluate_all(
                "imgs => imgs.map(i => [(i.getAttribute('src') || '').split(':')[0], i.naturalWidth])")
        except PlaywrightError:  # the pane's frame replaced while it was read
            pass
        if (len(shown) == count and all(width for _, width in shown)) or time.monotonic() > deadline:
            return [tuple(item) for item in shown]
        time.sleep(0.2)


@pytest.mark.browser
def test_the_preview_shows_the_articles_photos(browser, desk_url, repo, tmp_path):
    """The preview dropped a photo chosen in the session (DOMPurify strips
    blob: addresses) and pointed a saved one at the site's file, which is
    not published (a photo only shown is published as its copies): every
    photo was a broken image with its alt text. Both are the CMS's copies
    now (blob:), loaded."""
    from playwright.sync_api import expect

    with desk_on(browser, desk_url, repo) as (desk, page):
        page.get_by_text("Liên hiệp Hội Thái Bình tổ chức Hội thảo").click()
        expect(desk.field("slug")).not_to_have_value("")
        preview_text(page, lambda text: "Sáng ngày 11/11/2020" in text)
        assert preview_photos(page, 2) == [("blob", 960), ("blob", 960)]
        page.go_back()
        new_article_body(desk, page, "Bài có ảnh mới")
        desk.choose_photo(photo(tmp_path / "Ảnh mới.jpg"))
        page.locator("[role=dialog] button", has_text="Chèn").click()
        page.locator("section[data-key-path$=':alt'] input").fill("Ảnh mới")
        [(scheme, width)] = preview_photos(page, 1)
        assert scheme == "blob" and width > 0


@pytest.mark.browser
def test_a_refused_save_and_the_kinds_of_content_are_said_in_vietnamese(browser, desk_url, repo):
    """«Show Errors» after every refused save was the vendored locale's gap;
    and the CMS called a kind of content (Bài viết, Trang) «chuyên mục»,
    the word of an article's Category field."""
    with desk_on(browser, desk_url, repo) as (desk, page):
        page.get_by_text("Tạo mới").click()
        desk.field("title").wait_for()
        page.get_by_role("button", name="Lưu", exact=True).click()
        toast = page.locator("[aria-live]").filter(has_text="Có 1 trường bị lỗi")
        toast.wait_for()
        assert toast.get_by_role("button", name="Xem lỗi").is_visible()
        assert "Show Errors" not in page.locator("body").inner_text()
        announced = page.locator("[role=status], [aria-live]").all_inner_texts()
        assert "Bạn hiện đang tạo một bài viết mới trong mục “\u2068Bài viết\u2069”." in announced, announced
        assert not [text for text in announced if "chuyên mục" in text.lower()], announced


@pytest.mark.browser
@pytest.mark.parametrize("trouble", ["Chrome 109", "strings lost four times", "the CMS lost", "a slow link",
                                     "strings after 6 s", "English left by a lost first visit"])
def test_the_desk_starts_in_vietnamese_on_an_old_chrome_and_a_poor_link(browser, desk_url, trouble):
    """An office PC on Windows 7 (Chrome 109, without URL.canParse) showed a
    white page; the desk's Vietnamese strings lost on a flaky link made the whole desk
    English; the CMS's script lost left the page white; on a slow link it
    was white for 14 s with nothing said. Strings slower than the CMS's 5 s
    (a phone's first visit, the icon font loading alongside) made it
    English, and the CMS stored English as the editor's choice: every
    later visit was English too."""
    from playwright.sync_api import expect

    desk = Desk(browser, desk_url)
    page = desk.page
    failures = {"count": 0}

    def flaky(route):
        if failures["count"] < 4:
            failures["count"] += 1
            route.abort("connectionreset")
        else:
            route.continue_()

    def slow(route):
        time.sleep(1.5)
        route.continue_()

    if trouble == "Chrome 109":
        desk.context.add_init_script("delete URL.canParse;")
    elif trouble == "strings lost four times":
        page.route("**/vendor/locales/**", flaky)
    elif trouble == "the CMS lost":
        page.route("**/vendor/sveltia-cms.js*", lambda route: route.abort("connectionreset"))
    elif trouble == "strings after 6 s":
        page.route("**/vendor/locales/**", lambda route: (page.wait_for_timeout(6000), route.continue_()))
    elif trouble == "English left by a lost first visit":
        desk.context.add_init_script("""if (!sessionStorage.getItem('seeded')) { sessionStorage.setItem('seeded', 1);
            localStorage.setItem('sveltia-cms.prefs', JSON.stringify({locale: 'en-US'}));
            localStorage.setItem('desk.strings-lost', '1'); }""")
    else:
        page.route("**/vendor/sveltia-cms.js*", slow)
    page.goto(f"{desk_url}/quan-tri/", wait_until="commit")
    loading = page.locator("#desk-loading")
    if trouble == "a slow link":
        expect(loading).to_have_text(re.compile("^Đang tải bàn biên tập…"))
    if trouble == "the CMS lost":
        expect(loading).to_have_text(re.compile("^Không tải được bàn biên tập .* tải lại trang \\(F5\\)\\.$"))
    else:
        page.get_by_text("Làm việc với kho mã nguồn cục bộ").wait_for()
        expect(loading).to_have_count(0)
        assert "Work with Local Repository" not in page.locator("body").inner_text()
    if trouble == "strings lost four times":
        assert failures["count"] == 4
    desk.close()


LEAVING = """() => {
    const event = new Event("beforeunload", {cancelable: true});
    window.dispatchEvent(event);
    return event.defaultPrevented;
}"""


@pytest.mark.browser
def test_leaving_with_changes_not_saved_asks_first(browser, desk_url, repo):
    """Closing the tab or reloading lost what was typed without a word (the
    CMS asks nothing). The desk asks the browser to confirm (its own «Rời
    khỏi trang?») while «Lưu» is enabled and something was typed; not for
    a new entry nobody touched, nor once saved. (Headless Chromium shows no
    such dialog to Playwright: the event's answer is what is checked.)"""
    with desk_on(browser, desk_url, repo) as (desk, page):
        page.get_by_text("Tạo mới").click()
        desk.field("title").wait_for()
        desk.settle()
        assert page.evaluate(LEAVING) is False  # a new entry, untouched
        desk.field("title").fill("Bài chưa lưu")
        desk.field("summary", "textarea").fill("Tóm tắt.")
        desk.scroll_to_body()
        desk.field("body", "[contenteditable=true]").click()
        page.keyboard.type("Nội dung chưa lưu.")
        desk.settle()
        assert page.evaluate(LEAVING) is True
        desk.save(repo)
        desk.settle()
        assert page.evaluate(LEAVING) is False


@pytest.mark.browser
def test_leaving_while_a_save_is_written_asks_first(browser, desk_url, repo):
    """Closed while the desk was writing a save, the tab left a half-written
    photo under a hidden name and no article («Lưu» is disabled then, so
    nothing asked). The browser asks until the save is written. (The save's
    first write slowed to 1.5 s, as on an old PC's disk with a phone photo;
    every write slowed to 0.8 s made this test 13 s.)"""
    desk = Desk(browser, desk_url)
    desk.context.add_init_script("""(() => {
        const close = FileSystemWritableFileStream.prototype.close;
        FileSystemWritableFileStream.prototype.close = function () {
            const wait = window.slowSave ? 1500 : 0;
            window.slowSave = false;
            return new Promise(done => setTimeout(done, wait)).then(() => close.call(this));
        };
    })();""")
    page = desk.open(repo)
    try:
        new_article_body(desk, page, "Bài đang lưu")
        page.keyboard.type("Nội dung.")
        desk.settle()
        page.evaluate("window.slowSave = true")
        page.get_by_role("button", name="Lưu", exact=True).click()
        page.wait_for_timeout(300)
        assert page.evaluate(LEAVING) is True  # writing
        page.get_by_text("Đã lưu").first.wait_for()
        desk.settle()
        assert page.evaluate(LEAVING) is False  # written
    finally:
        assert desk.close() == ([], [])
    # What a tab closed anyway leaves is never committed.
    assert ".sveltia-tmp-*" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


# Whether the CMS's backup of unsaved drafts (IndexedDB, its «draft-backups»
# store) holds `text`.
BACKED_UP = """async (text) => {
    const names = (await indexedDB.databases()).map(d => d.name);
    for (const name of names) {
        const db = await new Promise(done => { const r = indexedDB.open(name); r.onsuccess = () => done(r.result); });
        if (!db.objectStoreNames.contains('draft-backups')) { db.close(); continue; }
        const all = await new Promise(done => {
            const r = db.transaction('draft-backups').objectStore('draft-backups').getAll();
            r.onsuccess = () => done(r.result);
        });
        db.close();
        if (JSON.stringify(all).includes(text)) return true;
    }
    return false;
}"""


@pytest.mark.parametrize("article", ["new", "existing"])
def test_unsaved_text_comes_back_after_the_tab_is_lost_in_local_mode(browser, desk_url, repo, article):
    """Local mode kept no copy of what was typed: a tab closed, a crash, a
    power cut lost it all. The CMS's backup store, opened for the sign-in
    page's GitHub backend, was closed again when «Làm việc với kho mã nguồn
    cục bộ» switched backends (patched: tools/vendor_cms.py PATCHES). The
    tab is closed here without a word, as a crash leaves it; the desk opened
    again in the same browser offers «Khôi phục bản nháp», and the text
    restored is saved into the file."""
    from playwright.sync_api import expect

    typed = "Câu gõ dở trước khi mất điện."
    source = next((repo / "content" / "2020").glob("*.md"))
    before = source.read_text(encoding="utf-8")
    desk = Desk(browser, desk_url)
    page = desk.open(repo)
    try:
        if article == "new":
            new_article_body(desk, page, "Bài gõ dở")
            page.keyboard.type(typed)
        else:
            add_to_summary(desk, page, before, " " + typed)
        for _ in range(50):  # the CMS writes it 0.5 s after the last change
            if page.evaluate(BACKED_UP, typed):
                break
            page.wait_for_timeout(200)
        assert page.evaluate(BACKED_UP, typed), "the CMS kept no copy of the text typed"
        page.close(run_before_unload=False)

        page = desk.page = desk.context.new_page()
        page.on("console", lambda message: desk.console.append(message.text))
        page.goto(f"{desk_url}/quan-tri/")
        page.wait_for_function("window.Desk && window.CMS")
        local = page.get_by_text("Làm việc với kho mã nguồn cục bộ")
        opened = page.get_by_text("Tạo mới")
        local.or_(opened).first.wait_for()
        if local.is_visible():
            local.click()
        if article == "new":
            opened.click()
        else:
            page.get_by_text("Liên hiệp Hội Thái Bình tổ chức Hội thảo").click()
        dialog = page.get_by_role("alertdialog").filter(has_text="Khôi phục bản nháp")
        dialog.get_by_role("button", name="Khôi phục", exact=True).click()
        page.get_by_text("Đã khôi phục bản sao lưu").wait_for()
        if article == "new":
            expect(desk.field("title")).to_have_value("Bài gõ dở")
        desk.save(repo)
    finally:
        assert desk.close() == ([], [])
    if article == "new":
        written = [path for path in (repo / "content").rglob("*.md") if "Bài gõ dở" in path.read_text("utf-8")]
        assert len(written) == 1 and typed in written[0].read_text(encoding="utf-8")
    else:
        summary = re.search(r"^Summary: (.*)$", source.read_text(encoding="utf-8"), re.M).group(1)
        assert summary == re.search(r"^Summary: (.*)$", before, re.M).group(1) + " " + typed


@pytest.mark.browser
@pytest.mark.parametrize("key", ["Enter", " "])
def test_tao_moi_opens_a_new_article_from_the_keyboard(browser, desk_url, repo, key):
    """Tab to «Tạo mới», Enter or Space (README: «Bài viết › Tạo mới"): an
    empty, invisible pop-up opened and no editor, the focus lost in it; a
    mouse click worked."""
    with desk_on(browser, desk_url, repo) as (desk, page):
        page.get_by_role("button", name="Tạo bài viết mới").focus()
        page.keyboard.press(key)
        page.wait_for_url(re.compile(r"#/collections/bai-viet/new$"))
        desk.field("title").wait_for()


# The body drawn (the CMS draws a field scrolled into view).
DRAWN_BODY = """() => document.querySelector('section[data-key-path=body] [contenteditable=true]')
    || void document.querySelector('.content > div.placeholder:empty')?.scrollIntoView()"""
# The caret put after `before` in the body's paragraph 30, scrolled to the middle.
CARET_IN_30 = """(before) => {
    const paragraph = [...document.querySelectorAll('section[data-key-path=body] p')]
        .find(p => p.textContent.startsWith('Đoạn 30 '));
    paragraph.scrollIntoView({block: 'center'});
    getSelection().collapse(document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT).nextNode(), before.length);
}"""


@pytest.mark.browser
def test_tab_reaches_the_fields_below_the_window_and_typing_goes_into_them(browser, desk_url, repo):
    """The CMS draws a field when it scrolls into view: on a 1366 × 620
    laptop window (or at 150 % zoom) Tab went from «Địa chỉ» past «Nội
    dung» and the album to the preview; a keyboard user could not write
    the article. Each Tab waits for the focus to move, as a person does."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    with desk_on(browser, desk_url, repo, size=(1366, 620)) as (desk, page):
        page.get_by_text("Tạo mới").click()
        desk.field("slug").wait_for()
        desk.settle()
        desk.field("slug").focus()
        reached = []
        while "body" not in reached:
            assert len(reached) < 12, f"Tab went {reached} and never reached «Nội dung»"
            before = page.evaluate_handle("document.activeElement")
            page.keyboard.press("Tab")
            page.wait_for_function("(before) => document.activeElement !== before", arg=before)
            reached.append(page.evaluate("() => document.activeElement.closest('section[data-key-path]')"
                                         "?.dataset.keyPath ?? document.activeElement.tagName"))
            if reached[-1] == "body" and not page.evaluate("document.activeElement.isContentEditable"):
                reached[-1] = "body toolbar"
        page.keyboard.type("Gõ bằng bàn phím")
        desk.settle()
        assert desk.field("body", "[contenteditable=true]").inner_text().strip() == "Gõ bằng bàn phím"
        for _ in range(3):  # the album's fields after it, also drawn on the way
            page.keyboard.press("Tab")
            page.wait_for_timeout(300)
        assert page.evaluate("document.activeElement.closest('section[data-key-path]')?.dataset.keyPath",
                             ).startswith("album")
        assert set(reached) <= {"slug", "body toolbar", "body"}, reached

        # The same laptop at 150 % (911 × 512): «Xem trước» shows the preview in
        # place of the form, and coming back drew the form from its top, the
        # caret gone: in a long report the editor had lost their paragraph.
        page.set_viewport_size({"width": 911, "height": 512})  # one pane: the form is drawn again
        page.get_by_role("button", name="Xem trước").wait_for()
        page.wait_for_function(DRAWN_BODY)
        body = desk.field("body", "[contenteditable=true]")
        body.click()  # the paste goes where the caret is
        body.evaluate("""(element, count) => {
            const data = new DataTransfer();
            data.setData('text/html', Array.from({length: count}, (_, n) => `<p>Đoạn ${n} của báo cáo dài.</p>`).join(''));
            element.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
        }""", 40)
        page.wait_for_function("() => document.querySelectorAll('section[data-key-path=body] p').length >= 40")
        page.evaluate(CARET_IN_30, "Đoạn 30")
        desk.settle()
        toggle = page.get_by_role("button", name="Xem trước")
        toggle.click()
        page.frame_locator("iframe[src^='blob:']").first.get_by_text("Đoạn 30 của báo cáo dài.").wait_for()
        toggle.click()
        page.wait_for_function("() => document.activeElement?.closest('section[data-key-path=body]')", timeout=5000)
        page.keyboard.type(" đã sửa")
        desk.settle()
        paragraph = body.locator("p", has_text="Đoạn 30")
        assert paragraph.inner_text() == "Đoạn 30 đã sửa của báo cáo dài."
        box = paragraph.bounding_box()
        assert box and 96 <= box["y"] and box["y"] + box["height"] <= 512, box  # in view, under the toolbar

        # At 125 % (1093 × 615) the preview is beside the form; unticking (or
        # ticking) «Hiển thị bản xem trước» in the ⋮ menu drew the form again
        # from its top, the body undrawn and the caret gone.
        page.set_viewport_size({"width": 1093, "height": 615})
        page.locator("#second-pane-body").wait_for()
        page.wait_for_function(DRAWN_BODY)
        page.evaluate(CARET_IN_30, "Đoạn 30 đã sửa")
        more = page.get_by_role("button", name="Hiển thị tùy chọn trình chỉnh sửa")
        option = page.get_by_role("menuitemcheckbox", name="Hiển thị bản xem trước")
        for shown, typed in ((False, " lại"), (True, " xong")):
            pane = "(shown) => !!document.querySelector('#second-pane-body') === shown"
            for attempt in range(3):  # a choice made as the menu opened was sometimes lost
                # On a loaded machine the choice took effect after the wait:
                # clicking again undid it (the test's own flake, not the desk's).
                if attempt and page.evaluate(pane, shown):
                    break
                if not option.is_visible():
                    more.click()
                option.click()
                try:
                    page.wait_for_function(pane, arg=shown, timeout=1500)
                    break
                except PlaywrightTimeout:
                    if attempt == 2:
                        raise
            page.wait_for_function("() => document.activeElement?.closest('section[data-key-path=body]')",
                                   timeout=5000)
            page.keyboard.type(typed)
            desk.settle()
            box = paragraph.bounding_box()
            assert box and 96 <= box["y"] and box["y"] + box["height"] <= 615, (shown, box)
        assert paragraph.inner_text() == "Đoạn 30 đã sửa lại xong của báo cáo dài."


@pytest.mark.browser
def test_a_screen_reader_hears_each_fields_hint_with_its_name(browser, desk_url, repo):
    """The hints under the fields («Viết đầy đủ, có dấu…», «Giờ Việt
    Nam…») were tied to nothing: a screen reader on a field read its
    label, never how to fill it. Read from Chromium's accessibility tree,
    as a screen reader gets it."""
    with desk_on(browser, desk_url, repo, size=(1280, 2000)) as (desk, page):
        page.get_by_text("Tạo mới").click()
        desk.field("album_captions", "button").wait_for()
        hints = page.evaluate("() => Object.fromEntries([...document.querySelectorAll('section[data-key-path]')]"
                              ".filter(s => s.querySelector('p.hint')).map(s => [s.getAttribute('aria-label'), "
                              "s.querySelector('p.hint').textContent]))")
        desk.settle()
        described = {}
        for node in desk.cdp.send("Accessibility.getFullAXTree")["nodes"]:
            if node.get("description"):
                described.setdefault(node["role"]["value"], {})[node["name"]["value"]] = node["description"]["value"]
        assert len(hints) >= 9 and described["group"] == {**described["group"], **hints}
        assert described["textbox"]["Tiêu đề"].startswith("Viết đầy đủ, có dấu.")
        assert described["textbox"]["Nội dung"] == hints["Trường “\u2068Nội dung\u2069”"]
        assert described["radiogroup"]["Trạng thái"].startswith("«Đăng» hay")
        assert "radio" not in described  # the choice's group says it once


@pytest.mark.browser
def test_esc_in_a_field_then_huy_goes_on_typing_in_that_field(browser, desk_url, repo):
    """Esc in a field (a habit) is the CMS's «Hủy chỉnh sửa»; the desk asks
    whether to leave. After «Hủy» the focus was on the back button: the
    next Space pressed it, a word was lost. Typing goes on in the field."""
    with desk_on(browser, desk_url, repo) as (desk, page):
        asked = []
        page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
        page.get_by_text("Tạo mới").click()
        title = desk.field("title")
        title.wait_for()
        desk.settle()
        title.click()
        page.keyboard.type("Bài thử")
        desk.settle()
        page.keyboard.press("Escape")
        deadline = time.monotonic() + 10
        while not asked:
            assert time.monotonic() < deadline, "the desk did not ask"
            page.wait_for_timeout(50)
        desk.settle()
        page.keyboard.type(" phím Esc")
        desk.settle()
        assert title.input_value() == "Bài thử phím Esc"
        assert page.url.endswith("#/collections/bai-viet/new")
        assert len(asked) == 1 and asked[0].startswith("Bài đang soạn chưa được lưu")


@pytest.mark.browser
def test_the_browsers_back_with_changes_not_saved_asks_first(browser, desk_url, repo):
    """A phone's Back gesture (made to close the «Chọn ảnh» dialog) left the
    editor for the list and the article was gone: the CMS asks nothing. Now
    the desk asks; «Hủy» keeps the editor and what was typed, «OK» leaves."""
    with desk_on(browser, desk_url, repo) as (desk, page):
        asked = []

        def answer(dialog, accept):
            asked.append(dialog.message)
            dialog.accept() if accept else dialog.dismiss()

        page.get_by_text("Tạo mới").click()
        desk.field("title").wait_for()
        desk.settle()
        editor = page.evaluate("location.hash")
        desk.field("title").fill("Bài chưa lưu")
        desk.settle()
        page.once("dialog", lambda dialog: answer(dialog, False))
        page.go_back()
        desk.settle()
        assert asked and asked[0].startswith("Bài đang soạn chưa được lưu.")
        assert page.evaluate("location.hash") == editor
        assert desk.field("title").input_value() == "Bài chưa lưu"
        page.once("dialog", lambda dialog: answer(dialog, True))
        page.go_back()
        desk.settle()
        assert len(asked) == 2 and not page.evaluate("location.hash").startswith(editor)
        assert desk.field("title").count() == 0


@pytest.mark.browser
def test_an_iphone_heic_is_refused_before_the_cms_sees_it(browser, desk_url, repo, tmp_path):
    """Chosen with «All files» (past the picker's filter), a HEIC went to
    the CMS, whose converter (a script from unpkg.com) the desk's policy
    blocks: it was committed as it was, and only the checker refused it.
    The desk says what to do, and nothing is uploaded."""
    heic = tmp_path / "IMG_0042.HEIC"
    heic.write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(5000))
    said = []
    with desk_on(browser, desk_url, repo) as (desk, page):
        page.on("dialog", lambda dialog: (said.append(dialog.message), dialog.accept()))
        new_article_body(desk, page, "Bài có ảnh HEIC")
        desk.choose_photo(heic)
        deadline = time.monotonic() + 10
        while not said and time.monotonic() < deadline:
            page.wait_for_timeout(100)
    assert said == ["ảnh «IMG_0042.HEIC» ở dạng HEIC, trình duyệt không hiển thị được nên chưa được tải lên — "
                    + photos.UNSUPPORTED_FIX]
    assert not list(repo.rglob("*.HEIC")) and not list(repo.rglob("*.heic"))


def test_a_photo_the_browser_cannot_open_is_refused_on_upload(browser, desk_url, repo, tmp_path, capsys):
    """Chosen at once in «Album ảnh»: a phone photo, the same photo half
    downloaded (Zalo, e-mail) and an iPhone HEIC renamed «.jpg». The CMS
    checks a file's first bytes only: the cut photo was committed and the
    preview and the publishing run stopped on it afterwards (the HEIC was
    stopped by the CMS's own «Tệp không hợp lệ», which said nothing of what
    to do with an iPhone), and a HEIC under its own name (chosen with «All
    files»: it dropped the whole choice, the good photo too, under a message
    naming the HEIC alone). The desk says what is wrong with each, in one
    message, and uploads the good photo alone. The good photo chosen a
    second time as «Ảnh hội nghị (1).jpg» (saved twice from Zalo): the CMS
    kept the first chosen («anh-hoi-nghi-1.jpg»), and a caption typed for
    «Ảnh hội nghị.jpg» named no photo; the copy is left out and said so.
    While the files are prepared (99 s for 135 phone photos, under the
    CMS's «Không tìm thấy tệp nào.»), a status says how far it is, and
    goes once they are given."""
    from tests.support import photo as phone_photo

    good, cut, heic = tmp_path / "Ảnh hội nghị.jpg", tmp_path / "anh-zalo.jpg", tmp_path / "IMG_0042.jpg"
    iphone, copy = tmp_path / "IMG_0043.HEIC", tmp_path / "Ảnh hội nghị (1).jpg"
    good.write_bytes(phone_photo(1, 640, 480, orientation=6, gps=True))
    copy.write_bytes(good.read_bytes())
    data = phone_photo(2, 1600, 1200, gps=True)
    cut.write_bytes(data[: len(data) // 2])
    heic.write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(5000))
    iphone.write_bytes(heic.read_bytes())
    said = []
    title = "Ảnh hỏng từ Zalo"
    with desk_on(browser, desk_url, repo) as (desk, page):
        page.on("dialog", lambda dialog: (said.append(dialog.message), dialog.accept()))
        new_article_body(desk, page, title)
        page.keyboard.type("Bài.")
        page.evaluate("""() => { window.preparing = [];  // every text the status showed
            new MutationObserver(records => records.forEach(record => record.addedNodes.forEach(node => {
                if (node.nodeType === Node.TEXT_NODE && node.parentElement.matches("[role=dialog] .desk-preparing[role=status]"))
                    window.preparing.push(node.data);
            }))).observe(document.body, {childList: true, subtree: true}); }""")
        desk.upload_album([copy, good, cut, heic, iphone], shown=1)
        assert page.evaluate("window.preparing") == [f"Đang chuẩn bị ảnh {n}/5…" for n in range(1, 6)]
        assert page.locator(".desk-preparing").count() == 0
        changed = desk.save(repo)
    assert said == [
        "ảnh «anh-zalo.jpg» bị hỏng, chưa tải về hết hoặc không phải là ảnh (trình duyệt không mở được) nên "
        "chưa được tải lên — chép lại ảnh gốc từ máy ảnh hoặc điện thoại (qua cáp, Zalo «gửi ảnh gốc» hoặc "
        "email) rồi chọn lại ảnh\n\n"
        "ảnh «IMG_0042.jpg» ở dạng HEIC, trình duyệt không hiển thị được nên chưa được tải lên — "
        + photos.UNSUPPORTED_FIX + "\n\n"
        "ảnh «IMG_0043.HEIC» ở dạng HEIC, trình duyệt không hiển thị được nên chưa được tải lên — "
        + photos.UNSUPPORTED_FIX + "\n\n"
        "ảnh «Ảnh hội nghị (1).jpg» giống hệt ảnh «Ảnh hội nghị.jpg» (một ảnh được chọn hai lần) nên chỉ tải lên "
        "một ảnh, tên «Ảnh hội nghị.jpg» — chú thích cho ảnh này hãy ghi theo tên «Ảnh hội nghị.jpg»"]
    folder = f"content/images/album/{title_slug(title)}"
    assert sorted(name for name in changed if name.startswith("content/images/")) == [f"{folder}/anh-hoi-nghi.jpg"]
    capsys.readouterr()
    assert check_main(["--content", str(repo / "content")]) == 0, capsys.readouterr().out  # «0 lỗi»


def test_a_photo_named_like_another_articles_is_kept_beside_it(browser, desk_url, repo, tmp_path, capsys):
    """Photos share one folder a year, and phones name them alike: a second
    «IMG_0001.JPG» uploaded while editing another article makes the CMS ask
    «Thay thế» or «Giữ cả hai»; the question (our wording) says the file may
    be another article's. «Giữ cả hai» keeps the first article's photo byte
    for byte and saves the new one under a new name, which the edited
    article shows."""
    from tests.support import photo as phone_photo

    year = in_vietnam().year
    first = phone_photo(1, 640, 480)
    head = "Author: Ban thông tin\nCategory: Tin hoạt động LHH\n"
    write_files(repo / "content", {
        f"images/{year}/img_0001.jpg": first,
        f"{year}/bai-a.md": (f"Title: Bài A\nDate: {year}-01-01\n{head}Summary: A.\nSlug: bai-a\n\nA.\n\n"
                             f"![Ảnh của bài A]({{static}}/images/{year}/img_0001.jpg)\n"),
        f"{year}/bai-b.md": f"Title: Bài B\nDate: {year}-01-02\n{head}Summary: B.\nSlug: bai-b\n\nB.\n"})
    second = tmp_path / "IMG_0001.JPG"
    second.write_bytes(phone_photo(2, 640, 480))
    with desk_on(browser, desk_url, repo) as (desk, page):
        page.get_by_text("Bài B").click()
        desk.scroll_to_body()
        desk.field("body", "[contenteditable=true]").click()
        page.keyboard.press("Control+End")
        desk.choose_photo(second)
        question = page.locator("dialog[open][role=alertdialog]").filter(has_text="Xử lý tệp trùng tên").last
        assert ("Tệp “\u2068IMG_0001.JPG\u2069” đã có trong thư mục này, có thể là của một bài khác. Chọn «Giữ "
                "cả hai» để lưu tệp mới với tên khác (nên chọn); «Thay thế» sẽ đổi tệp cũ ở mọi bài đang dùng "
                "nó.") in question.inner_text()
        question.get_by_role("button", name="Giữ cả hai").click()
        page.locator("[role=dialog] button", has_text="Chèn").click()
        page.locator("section[data-key-path$=':src'] img").first.wait_for()
        desk.settle()
        page.locator("section[data-key-path$=':alt'] input").click()
        page.keyboard.type("Ảnh của bài B")
        changed = desk.save(repo)
    [kept] = [name for name in changed if name.startswith(f"content/images/{year}/")]
    assert kept != f"content/images/{year}/img_0001.jpg"
    with Image.open(repo / kept) as saved, Image.open(second) as chosen:
        assert not saved.getexif() and saved.tobytes() == chosen.tobytes()  # stripped, the same pixels
    assert (repo / "content" / "images" / str(year) / "img_0001.jpg").read_bytes() == first
    assert f"{{static}}/{kept.removeprefix('content/')}" in (repo / "content" / str(year) / "bai-b.md").read_text(encoding="utf-8")
    capsys.readouterr()
    assert (check_main(["--content", str(repo / "content")]), capsys.readouterr().out) == (0, "")


def test_pages_and_questions_are_not_listed_as_articles(browser, desk_url, repo):
    write_files(repo / "content", {"hoi-dap/cau-hoi.md": "Title: Câu hỏi thử?\nDate: 2025-03-05\n\nĐáp.\n"})
    desk = Desk(browser, desk_url)
    page = desk.open(repo)
    try:
        page.locator("main [role=row]").first.wait_for()  # the list is filled after the button
        listed = page.locator("main [role=row]").all_inner_texts()
        counts = page.locator("nav, aside").first.inner_text()
    finally:
        desk.close()
    assert len(listed) == 1 and "Liên hiệp Hội Thái Bình tổ chức Hội thảo" in listed[0], listed
    # the sidebar counts: 1 article, the content's pages, the 1 question
    pages = len(list((repo / "content" / "pages").glob("*.md")))
    assert re.search(r"Bài viết\s+1\b", counts) and re.search(rf"Trang\s+{pages}\b", counts), counts
    assert re.search(r"Hỏi & đáp\s+1\b", counts), counts


def test_a_word_file_uploaded_to_the_inbox_becomes_an_import_request(browser, desk_url, repo, tmp_path):
    """The Word inbox (issue 14) from the desk: the editor uploads a real
    .docx and picks a category; the CMS writes the request and the file
    side by side in nhap-word/, and the import reads them and makes the
    article (what .github/workflows/import-docx.yml runs)."""
    from tests.support.word import rich_document
    from workflow.import_docx import build_article, inbox_requests, review_marks

    document = rich_document(tmp_path / "Báo cáo hội thảo.docx")
    token = "ghp_" + "Ab1" * 12
    with desk_on(browser, desk_url, repo) as (desk, page):
        page.get_by_role("treeitem", name="Nhập bài từ Word").click()
        page.get_by_text("Tạo mới").click()
        with page.expect_event("dialog") as told:  # what was taken out of the file (cleanedWord)
            page.locator("section[data-key-path=file] input[type=file]").first.set_input_files(document)
        assert "đã bỏ khỏi tệp 1 góp ý (comment), 1 thay đổi được theo dõi" in told.value.message, told.value.message
        told.value.accept()
        page.get_by_role("radio", name="Hội thành viên").click()
        # The sign-in token pasted as a tag: the request is public once saved.
        tags = desk.field("tags")
        tags.fill(token)
        desk.settle()
        alerts = alerts_of_save(page)
        assert alerts and alerts[0].startswith("Chưa lưu: bài có mã truy cập GitHub «ghp_Ab1Ab1Ab…»"), alerts
        assert not any(token.encode() in base64.b64decode(data) for data in read(page).values())
        said = error_shown(page)  # the CMS's own «Lỗi» after the refusal, closed
        assert said.startswith("Lỗi\nBài chưa được lưu: lý do ở thông báo vừa hiện") and "thử lại sau" not in said
        tags.fill("")
        changed = desk.save(repo)
    requests = [name for name in changed if name.startswith("nhap-word/")]
    assert len(requests) == 2 and sum(name.endswith(".json") for name in requests) == 1, changed
    [request] = inbox_requests(repo / "nhap-word")
    # Committed without its reviewer's comment and tracked deletion (cleanedWord).
    assert review_marks(document.read_bytes()) and not review_marks(request.document.read_bytes())
    assert request.category == "Hội thành viên"
    imported, _ = build_article(request.document, load_settings(ROOT / "pelicanconf.py", PATH=str(repo / "content")),
                                category=request.category)
    assert "Category: Hội thành viên\n" in imported.text


def test_the_word_inbox_on_a_phone_says_what_an_upload_does_and_every_button_fits(browser, desk_url, repo,
                                                                                  tmp_path):
    """At 360 px the CMS hides a collection's description: nothing said
    that an upload becomes a draft a few minutes later, nor that the file
    itself becomes public (what the desk takes out of it first: comments,
    tracked changes, authors' names). And the optional
    «Ngày đăng»'s «Xóa» was pushed off the screen (13 px of it showed)."""
    desk = Desk(browser, desk_url, width=360, height=740, phone=True)
    page = desk.open(repo)
    try:
        page.get_by_text("Nhập bài từ Word").first.click()
        page.locator("button", has_text="Tạo").first.click()
        hint = page.locator("section[data-key-path=file] .hint")
        assert "vài phút sau, bài (cả ảnh) hiện thành một bản nháp" in hint.inner_text()
        # Before the upload, not after: the file goes public; what the desk takes out of it.
        assert ("kho mã công khai của trang, ai cũng tải về được. Trước khi tải lên, bàn biên tập bỏ khỏi tệp góp "
                "ý, thay đổi được theo dõi") in hint.inner_text()
        assert "Không tải lên tài liệu mật" in hint.inner_text()
        import docx

        report = docx.Document()
        report.add_heading("Báo cáo", 1)
        report.add_paragraph("Nội dung.")
        report.save(tmp_path / "Báo cáo.docx")
        page.locator("section[data-key-path=file] input[type=file]").first.set_input_files(tmp_path / "Báo cáo.docx")
        page.get_by_role("radio", name="Hội thành viên").click()
        date = page.locator("section[data-key-path=date]")
        date.scroll_into_view_if_needed()
        date.get_by_role("button", name="Hiện tại").click()
        desk.settle()
        clear = date.get_by_role("button", name="Xóa")
        box = clear.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360, box
        clear.click()
        desk.settle()
        assert date.locator("input").first.input_value() == ""
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        offline = desk.close()
    assert offline == ([], [])


def test_a_word_import_is_a_draft_on_the_desks_board(browser, desk_url, tmp_path):
    """The Word inbox's import (what .github/workflows/import-docx.yml runs)
    makes a draft the desk lists: its branch and label are the desk's own
    (cms/bai-viet/…, sveltia-cms/draft). Signed in with a token against a
    stand-in for GitHub's API serving the real git repository (branch main
    and the import's branch, as a draft pull request), the desk shows the
    article under «Bài viết chưa xuất bản» and on «Quy trình biên tập» in
    «Bản nháp», and opens it with the imported title and text. Before, the
    import's branch (nhap-word/…) and unlabelled pull request were on GitHub
    only."""
    import json

    from plugins.desk import PLACEHOLDER_REPO
    from tests.support.github import FakeGitHub, PullRequest
    from tests.support.word import LEAD, TITLE, rich_document
    from workflow.import_docx import run_inbox

    repo = tmp_path / "repo"
    shutil.copytree(CONTENT, repo / "content")
    (repo / "nhap-word").mkdir()
    rich_document(repo / "nhap-word" / "Báo cáo hội thảo.docx")
    (repo / "nhap-word" / "20250305-083000.json").write_text(json.dumps(
        {"file": "Báo cáo hội thảo.docx", "category": "Hội thành viên", "tags": ["Hội thảo"], "date": ""},
        ensure_ascii=False), encoding="utf-8")
    committed(repo)
    settings = load_settings(ROOT / "pelicanconf.py", PATH=str(repo / "content"))
    [imported] = run_inbox(settings, repo, commit=True)
    assert imported.branch.startswith("cms/bai-viet/") and imported.label == "sveltia-cms/draft"
    github = FakeGitHub(repo, settings["DESK"].get("repo") or PLACEHOLDER_REPO,
                        [PullRequest(1, imported.branch, f"Bài mới từ Word: {TITLE}", [imported.label])])

    desk = Desk(browser, desk_url)
    desk.context.route("https://api.github.com/**", github)  # before the route that aborts other hosts
    page = desk.open()
    try:
        sign_in_with_token(page)
        row = page.get_by_role("row").filter(has_text=TITLE)
        row.wait_for()
        assert "Bản nháp" in row.inner_text() and page.get_by_text("Bài viết chưa xuất bản").is_visible()
        page.locator("[aria-label='Quy trình biên tập']").click()  # the board: Bản nháp, Đang duyệt, Sẵn sàng
        # Only what is shown: while the view changes, the list's row (its title and «Bản nháp») is
        # still in the page, hidden, and a hidden element has no box (CI failed on it once).
        review_column = page.get_by_text("Đang duyệt", exact=True).filter(visible=True).first
        review_column.wait_for()
        card = page.get_by_text(TITLE).filter(visible=True).first
        draft = page.get_by_text("Bản nháp", exact=True).filter(visible=True).first.bounding_box()
        review = review_column.bounding_box()
        assert draft["x"] <= card.bounding_box()["x"] < review["x"]  # in the «Bản nháp» column
        card.click()
        assert desk.field("title").input_value() == TITLE
        assert page.get_by_role("radio", name="Hội thành viên").is_checked()
        desk.scroll_to_body()
        body = desk.field("body", "[contenteditable=true]").inner_text()
        assert LEAD.split(" – ")[0] in unicodedata.normalize("NFC", body)
    finally:
        offline = desk.close()
    assert github.unknown == []  # every request the desk made was answered
    assert offline == ([], [])


def sign_in_with_token(page) -> None:
    page.get_by_text("Đăng nhập bằng mã truy cập").click()
    page.get_by_label("Mã truy cập cá nhân").fill("ghp_thu")
    page.get_by_role("button", name="Đăng nhập", exact=True).click()


def retitled_on_github(browser, desk_url, title: str, github):
    """A desk whose GitHub calls go to `github` (a route handler), signed in,
    the union's article open and given `title` (not saved)."""
    desk = Desk(browser, desk_url)
    desk.context.route("https://api.github.com/**", github)
    page = desk.open()
    try:
        sign_in_with_token(page)
        page.get_by_text("Phương án phát triển cụm công nghiệp").first.click()
        desk.field("title").fill(title)
        desk.settle()
    except BaseException:
        desk.close()
        raise
    return desk, page


def test_a_save_without_network_says_so_in_vietnamese_and_keeps_the_edit(browser, desk_url, tmp_path):
    """An editor on a phone whose 4G drops clicks «Lưu»: the CMS's «Đã xảy
    ra lỗi khi lưu bài viết» ended in the browser's «Failed to fetch». It
    now says the network is gone, and the edit is still in the form."""
    from plugins.desk import PLACEHOLDER_REPO
    from tests.support.github import FakeGitHub

    repo = tmp_path / "repo"
    shutil.copytree(CONTENT, repo / "content")
    committed(repo)
    settings = load_settings(ROOT / "pelicanconf.py", PATH=str(repo / "content"))
    github = FakeGitHub(repo, settings["DESK"].get("repo") or PLACEHOLDER_REPO)
    network = {"up": True}
    desk, page = retitled_on_github(browser, desk_url, "Hội thảo phương án cụm công nghiệp (sửa)",
                                    lambda route: github(route) if network["up"] else route.abort("internetdisconnected"))
    try:
        network["up"] = False
        page.get_by_role("button", name="Lưu", exact=True).click()
        dialog = page.get_by_role("alertdialog").or_(page.get_by_role("dialog")).filter(has_text="Lỗi")
        dialog.wait_for()
        said = dialog.inner_text()
        dialog.get_by_role("button", name="Đồng ý").click()
        assert "Không kết nối được với máy chủ — máy đang mất mạng?" in said, said
        assert "Failed to fetch" not in said
        assert desk.field("title").input_value() == "Hội thảo phương án cụm công nghiệp (sửa)"
    finally:
        offline = desk.close()
    assert github.unknown == []
    assert offline == ([], [])


def writable_github(tmp_path: Path):
    """The content in a git repository, behind the GitHub stand-in that
    takes the editorial workflow's writes."""
    from plugins.desk import PLACEHOLDER_REPO
    from tests.support.github import WritableGitHub

    repo = tmp_path / "repo"
    shutil.copytree(CONTENT, repo / "content")
    committed(repo)
    settings = load_settings(ROOT / "pelicanconf.py", PATH=str(repo / "content"))
    return WritableGitHub(repo, settings["DESK"].get("repo") or PLACEHOLDER_REPO)


def the_draft(github) -> tuple[str, str]:
    """(branch, the union's article on it) of the one draft the desk made."""
    [branch] = [name for name in github.git("for-each-ref", "--format=%(refname:short)", "refs/heads").split()
                if name.startswith("cms/")]
    return branch, github.git("show", f"{branch}:content/2020/hoi-thao-phuong-an-phat-trien-cum-cong-nghiep-2021-2030.md")


def github_editor(browser, desk_url, github):
    """A desk signed in on the GitHub stand-in, the union's article listed."""
    desk = Desk(browser, desk_url)
    desk.context.route("https://api.github.com/**", github)
    page = desk.open()
    sign_in_with_token(page)
    page.get_by_text("Phương án phát triển cụm công nghiệp").first.wait_for()
    return desk, page


def error_shown(page) -> str:
    """The CMS's «Lỗi» dialog's text, closed (gone: a next one read at once
    was this one again)."""
    dialog = page.get_by_role("alertdialog").or_(page.get_by_role("dialog")).filter(has_text="Lỗi")
    dialog.wait_for()
    said = dialog.inner_text()
    dialog.get_by_role("button", name="Đồng ý").click()
    dialog.wait_for(state="hidden")
    return said


@pytest.mark.browser
def test_two_editors_on_one_article_do_not_overwrite_each_others_draft(browser, desk_url, tmp_path):
    """GitHub mode: editors A and B open the union's article; B saves a new
    Summary (its draft: a branch and a pull request), then A saves a new
    Title. The CMS committed A's whole file onto B's branch (B's summary
    gone) and told A, in English, «A pull request already exists». A's save
    stops, in Vietnamese, before anything is written; B's draft is kept."""
    github = writable_github(tmp_path)
    (a, page_a), (b, page_b) = github_editor(browser, desk_url, github), github_editor(browser, desk_url, github)
    try:
        for page in (page_a, page_b):
            page.get_by_text("Phương án phát triển cụm công nghiệp").first.click()
            page.locator("section[data-key-path=title] input").first.wait_for()
        a.field("title").fill("Tiêu đề do A sửa")
        a.settle()
        b.field("summary", "textarea").fill("Tóm tắt do B sửa.")
        b.settle()
        page_b.get_by_role("button", name="Lưu", exact=True).click()
        page_b.get_by_text("Đã lưu").first.wait_for()
        branch, _ = the_draft(github)
        saved_by_b = github.git("rev-parse", branch).strip()
        page_a.get_by_role("button", name="Lưu", exact=True).click()
        said = error_shown(page_a)
        assert "bài này đang có một bản nháp chưa xuất bản" in said and "already exists" not in said, said
        assert a.field("title").input_value() == "Tiêu đề do A sửa"  # A's text still in the form
    finally:
        a.close()
        b.close()
    assert github.git("rev-parse", branch).strip() == saved_by_b  # nothing of A's on B's draft
    _, article = the_draft(github)
    assert "Summary: Tóm tắt do B sửa." in article and "Tiêu đề do A sửa" not in article
    assert len(github.pull_requests) == 1


@pytest.mark.browser
def test_an_editor_saves_their_own_draft_again(browser, desk_url, tmp_path):
    """The draft's branch stopping another editor's save must not stop its
    own editor's next save in the same session."""
    github = writable_github(tmp_path)
    desk, page = github_editor(browser, desk_url, github)
    try:
        for field, value in (("title", "Tiêu đề sửa lần một"), ("summary", "Tóm tắt sửa lần hai.")):
            page.get_by_text("Phương án phát triển cụm công nghiệp").or_(
                page.get_by_text("Tiêu đề sửa lần một")).first.click()
            desk.field("title").wait_for()
            desk.settle()
            desk.field(field, "textarea" if field == "summary" else "input").fill(value)
            desk.settle()
            page.get_by_role("button", name="Lưu", exact=True).click()
            page.get_by_text("Đã lưu").first.wait_for()
            if field == "summary":
                break  # saved: the draft is read below (waiting out the notice cost ~7 s)
            page.get_by_text("Đã lưu").first.wait_for(state="detached")  # the next save's own notice
            page.goto(f"{desk_url}/quan-tri/#/collections/bai-viet")
            page.get_by_text("Tiêu đề sửa lần một").first.wait_for()
    finally:
        desk.close()
    _, article = the_draft(github)
    assert "Title: Tiêu đề sửa lần một" in article and "Summary: Tóm tắt sửa lần hai." in article


@pytest.mark.browser
def test_a_save_cut_off_after_the_drafts_branch_was_made_goes_through_the_next_time(browser, desk_url, tmp_path):
    """A phone's network dropped after GitHub made the draft's branch and
    before its pull request (or its commit: the same branch without a pull
    request): every later «Lưu» of that article said it had another
    editor's draft, which «Quy trình biên tập» never listed — for good,
    until the IT person deleted the branch."""
    github = writable_github(tmp_path)
    lost, lost_at = [], "pulls"

    def network(route):
        request = route.request
        if not lost and lost_at in (request.post_data or "") + request.url and request.method == "POST":
            lost.append(request.url)
            return route.abort("internetdisconnected")
        return github(route)

    desk, page = retitled_on_github(browser, desk_url, "Hội thảo phương án cụm công nghiệp (sửa trên điện thoại)",
                                    network)
    try:
        page.get_by_role("button", name="Lưu", exact=True).click()
        assert "Không kết nối được với máy chủ" in error_shown(page)
        assert lost and any(name.startswith("cms/") for name in github.git("branch", "--format=%(refname:short)").split())
        page.get_by_role("button", name="Lưu", exact=True).click()
        page.get_by_text("Đã lưu").first.wait_for()
    finally:
        offline = desk.close()
    _, article = the_draft(github)
    assert "Title: Hội thảo phương án cụm công nghiệp (sửa trên điện thoại)" in article
    assert len(github.open_prs()) == 1
    assert github.unknown == [] and offline == ([], [])


GITHUB_FAULTS = {
    # name: (answer to the save's commit, what the editor is told)
    # Editors make their own tokens (README): the message says how, not only «ask the IT person».
    "token expired": ((401, {}, {"message": "Bad credentials"}), "mã truy cập mới: tự tạo như lần đầu (trên "
                      "GitHub: ảnh đại diện › Settings › Developer settings › Personal access tokens"),
    "no right to write": ((200, {}, {"data": None, "errors": [{"type": "FORBIDDEN", "message":
                                                                "Resource not accessible by personal access token"}]}),
                          "không được phép ghi vào kho mã nguồn"),
    "rate limited": ((403, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1767225600",
                            "access-control-expose-headers": "X-RateLimit-Remaining, X-RateLimit-Reset"},
                      {"message": "API rate limit exceeded for user ID 7."}), "GitHub tạm ngừng nhận yêu cầu"),
    "GitHub down": ((502, {}, {"message": "Server Error"}), "Máy chủ GitHub đang gặp sự cố"),
}


@pytest.mark.browser
def test_githubs_refusals_are_said_in_vietnamese_with_what_to_do(browser, desk_url, tmp_path):
    """An expired token, one without the right to write, GitHub's rate limit
    or its outage: the CMS showed GitHub's English («Bad credentials») under
    «Vui lòng thử lại sau», which never helps for the first two. Each
    refusal in turn on one page, as an editor pressing «Lưu» again meets
    them (a page each cost ~3 s of the suite)."""
    github = writable_github(tmp_path)
    desk, page = github_editor(browser, desk_url, github)
    wrong = {}
    try:
        page.get_by_text("Phương án phát triển cụm công nghiệp").first.click()
        desk.field("title").fill("Hội thảo phương án cụm công nghiệp (sửa)")
        desk.settle()
        for fault, (answer, expected) in sorted(GITHUB_FAULTS.items()):
            github.fault = lambda method, path, body, answer=answer: answer if "createCommitOnBranch" in body else None
            page.get_by_role("button", name="Lưu", exact=True).click()
            said = error_shown(page)
            english = re.search(r"Bad credentials|Resource not accessible|rate limit exceeded|Server Error", said)
            if expected not in said or english:
                wrong[fault] = said
        assert desk.field("title").input_value() == "Hội thảo phương án cụm công nghiệp (sửa)"
    finally:
        desk.close()
    assert wrong == {}


def submitted_for_publishing(desk, page, github) -> None:
    """The union's article edited and saved (a draft), sent for review,
    reopened and set «Sẵn sàng»; «Xuất bản» and its confirmation clicked."""
    from playwright.sync_api import expect

    title = "Hội thảo phương án cụm công nghiệp (sửa)"
    page.get_by_text("Phương án phát triển cụm công nghiệp").first.click()
    desk.field("title").fill(title)
    desk.settle()
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.get_by_role("button", name="Gửi duyệt").click()  # the CMS asks once the draft is saved
    page.get_by_text(title).first.click()  # the editor closed on sending: open it again
    expect(desk.field("title")).to_have_value(title)  # the entry loaded: a choice made before was lost
    desk.settle()
    status = page.locator("button", has_text="Trạng thái").first
    expect(status).to_have_attribute("aria-label", re.compile("Đang duyệt"))
    expect(status).to_be_enabled()
    ready = page.get_by_role("menuitemradio", name="Sẵn sàng")
    for attempt in range(3):  # on a loaded machine a choice made as the menu opened was lost (CI, once)
        if not ready.is_visible():  # not Esc to close it: in the editor that is «Hủy chỉnh sửa»
            status.click()
        ready.click()
        try:
            expect(status).to_have_attribute("aria-label", re.compile("Sẵn sàng"), timeout=10_000)
            break
        except AssertionError:
            if attempt == 2:
                raise
    page.get_by_role("button", name="Xuất bản").first.click()
    page.get_by_role("alertdialog").filter(has_text="Xuất bản bài viết").get_by_role("button", name="Xuất bản").click()


PUBLISH_REFUSALS = {  # GitHub's answer to the merge -> what the editor is told
    "check running": ('Required status check "build" is expected.', "hệ thống còn đang kiểm tra bài"),
    "check failed": ('Required status check "build" is failing.', "bài chưa qua bước kiểm tra"),
    "review required": ("At least 1 approving review is required by reviewers with write access.",
                        "kho yêu cầu người duyệt chấp thuận"),
    "conflict": ("Pull Request is not mergeable", "GitHub không gộp được bản nháp này"),
}


@pytest.mark.parametrize("refusal", PUBLISH_REFUSALS)
def test_each_refusal_to_publish_is_said_with_what_to_do(functions, refusal):
    """GitHub's words for each refusal of the merge, as the editor is told
    them (the path through the CMS: the test below, for two of them)."""
    message, told = PUBLISH_REFUSALS[refusal]
    said = functions.evaluate("([status, said]) => Desk.notPublished(status, said)", [405, message])
    assert said.startswith(f"Chưa xuất bản được: {told}") and said.endswith(f"(GitHub: {message})"), said


@pytest.mark.browser
@pytest.mark.parametrize("refusal", [None, "check failed"])
def test_publishing_says_why_github_refused_it(browser, desk_url, tmp_path, refusal):
    """«Xuất bản» on the stand-in: merged, the edit is on main and the
    draft's branch gone. Refused by GitHub (the branch protection the README
    recommends: the check still running or failed, a review required; a
    conflict), the CMS said «Không thể xuất bản… Vui lòng thử lại», which
    never helps: the editor is told why and what to do, before it."""
    github = writable_github(tmp_path)
    before = github.git("rev-parse", "main").strip()
    if refusal:
        answer = (405, {}, {"message": PUBLISH_REFUSALS[refusal][0],
                            "documentation_url": "https://docs.github.com/rest/pulls/pulls#merge-a-pull-request"})
        github.fault = lambda method, path, body: answer if method == "PUT" and path.endswith("/merge") else None
    desk, page = github_editor(browser, desk_url, github)
    alerts = []
    page.on("dialog", lambda dialog: (alerts.append(dialog.message), dialog.accept()))
    try:
        submitted_for_publishing(desk, page, github)
        if refusal:
            page.get_by_text("Không thể xuất bản").first.wait_for()
        else:
            deadline = time.monotonic() + 30
            while github.git("rev-parse", "main").strip() == before or "cms/" in github.git(
                    "for-each-ref", "--format=%(refname:short)", "refs/heads"):
                assert time.monotonic() < deadline, "not merged, or its branch left"
                page.wait_for_timeout(100)  # not time.sleep: the stand-in answers inside Playwright's calls
    finally:
        desk.close()
    if refusal:
        message, told = PUBLISH_REFUSALS[refusal]
        assert len(alerts) == 1 and alerts[0].startswith(f"Chưa xuất bản được: {told}"), alerts
        assert alerts[0].endswith(f"(GitHub: {message})")
        assert github.git("rev-parse", "main").strip() == before
    else:
        assert alerts == []
        published = github.git("show", "main:content/2020/hoi-thao-phuong-an-phat-trien-cum-cong-nghiep-2021-2030.md")
        assert "Title: Hội thảo phương án cụm công nghiệp (sửa)\n" in published


def preview_text(page, expected=None) -> str:
    """The text of the desk's preview pane (a frame of its own), once it
    shows `expected` (a predicate) when given: the pane follows the form a
    moment later."""
    from playwright.sync_api import Error as PlaywrightError

    deadline = time.monotonic() + 60  # a wait, not a speed test: a loaded CI machine took over 30 s
    while True:
        try:  # the pane's frame by its element: page.frames missed it now and then (1 run in 5)
            pane = page.frame_locator("iframe[src^='blob:']").first
            text = pane.locator("article").inner_text(timeout=5000).strip()
        except PlaywrightError:  # the pane's frame replaced while it was read, or not there yet: read again
            text = ""
        if expected is None and text or expected is not None and expected(text):
            return text
        assert time.monotonic() < deadline, f"the preview shows {text!r}"
        time.sleep(0.1)


def in_documents(page, listed: str) -> None:
    """The desk's «Văn bản» collection, then `listed` there (an entry's
    title, or «Tạo mới»)."""
    page.get_by_role("treeitem", name="Văn bản").click()
    page.get_by_text(listed).click()


def test_a_new_document_with_its_file_is_saved_checked_and_built(browser, desk_url, repo, tmp_path, capsys):
    """Văn bản from the desk: the trích yếu typed in Vietnamese (IME), the
    number, the kind, a real PDF uploaded; the CMS writes the document at
    van-ban/<year>/<number>.md and the PDF beside it; the checker accepts
    it and the library shows it with its download. The PDF is a scan's
    size, 10.5 MB: over the photos' limit, which refused it before
    (DESK["max_file_bytes"])."""
    from tests.support import pdf

    attachment = tmp_path / "Kế hoạch 45.pdf"
    attachment.write_bytes(pdf("Ke hoach 45/KH-LHH") + b"%" + b"0" * 10_500_000 + b"\n")
    title = "Kế hoạch tổ chức Hội thi sáng tạo kỹ thuật"
    with desk_on(browser, desk_url, repo) as (desk, page):
        in_documents(page, "Tạo mới")
        desk.field("title").click()
        TYPING["ime"](page, desk.cdp, title)
        desk.field("number").fill("45/KH-LHH")
        page.locator("section[data-key-path=kind] [role=combobox]").click()
        page.get_by_role("option", name="Kế hoạch", exact=True).click()
        page.locator("section[data-key-path=files] input[type=file]").first.set_input_files(attachment)
        shown = [
            "KẾ HOẠCH", "", title, "Số, ký hiệu", "45/KH-LHH", "Ngày ban hành", f"{in_vietnam():%d/%m/%Y}",
            "Loại văn bản", "Kế hoạch", "Cơ quan ban hành",
            load_settings(ROOT / "pelicanconf.py")["UNION"]["name"], "Tệp đính kèm",
            "Tệp vừa tải lên (có tên khi lưu)"]
        preview_text(page, lambda text: text.split("\n") == shown)
        changed = desk.save(repo)

    year = in_vietnam().year
    document = f"content/van-ban/{year}/45-kh-lhh.md"
    uploaded = [name for name in changed if name.endswith(".pdf")]
    assert sorted(changed) == sorted([document, *uploaded]) and len(uploaded) == 1, changed
    assert uploaded[0].startswith(f"content/van-ban/{year}/") and uploaded[0].isascii()
    assert (repo / uploaded[0]).read_bytes() == attachment.read_bytes()
    text = (repo / document).read_text(encoding="utf-8")
    date = re.search(r"^Date: (\d{4}-\d\d-\d\d \d\d:\d\d)$", text, re.M).group(1)
    assert text == (f"Title: {title}\nNumber: 45/KH-LHH\nDate: {date}\nKind: Kế hoạch\n"
                    f"Files: {{static}}/{uploaded[0].removeprefix('content/')}\n")

    capsys.readouterr()
    status = check_main([str(repo / document), "--content", str(repo / "content")])
    assert (status, capsys.readouterr().out) == (0, "")
    site = build_in_process(repo / "content", tmp_path / "output")
    soup = site.soup(f"van-ban/{year}/45-kh-lhh/")
    assert soup.select_one("h1").get_text(" ", strip=True).replace("\xa0", " ").endswith(title)
    [link] = [a for a in soup.select("a[href]") if a["href"].endswith(".pdf")]
    href = urllib.parse.urlsplit(urllib.parse.urljoin(f"http://site/van-ban/{year}/45-kh-lhh/", link["href"]))
    assert (tmp_path / "output" / urllib.parse.unquote(href.path).lstrip("/")).read_bytes() == attachment.read_bytes()


def test_editing_a_document_keeps_its_attachments_line_as_written(browser, desk_url, repo):
    """An existing document whose Files: header holds two attachments on two
    lines: editing its trích yếu in the desk changes that one line only;
    «Hết hiệu lực» filled adds its header, named as the build reads it."""
    from tests.support import pdf

    write_files(repo / "content", {
        "van-ban/2025/3-tb-lhh.md": ("Title: Thông báo về Hội thi\nNumber: 3/TB-LHH\nDate: 2025-03-05\n"
                                     "Kind: Thông báo\nFiles: {static}/van-ban/2025/3-tb-lhh.pdf\n"
                                     "    {static}/van-ban/2025/the-le.pdf\n"),
        "van-ban/2025/3-tb-lhh.pdf": pdf("3/TB-LHH"),
        "van-ban/2025/the-le.pdf": pdf("The le"),
    })
    source = repo / "content" / "van-ban" / "2025" / "3-tb-lhh.md"
    before = source.read_text(encoding="utf-8")
    with desk_on(browser, desk_url, repo) as (desk, page):
        in_documents(page, "Thông báo về Hội thi")
        title = desk.field("title")
        title.click()
        page.keyboard.press("End")
        page.keyboard.type(" năm 2025")
        shown = preview_text(page, lambda text: "Thông báo về Hội thi năm 2025" in text)
        assert "3/TB-LHH" in shown and "05/03/2025" in shown
        assert shown.endswith("Tệp đính kèm\n3-tb-lhh.pdf\nthe-le.pdf"), shown
        # A notice no longer in force: the desk's «Hết hiệu lực» field.
        desk.field("expired").fill("có")
        changed = desk.save(repo)
    assert changed == [source.relative_to(repo).as_posix()]
    assert source.read_text(encoding="utf-8") == before.replace(
        "Title: Thông báo về Hội thi\n", "Title: Thông báo về Hội thi năm 2025\n") + "Expired: có\n"


def test_a_documents_number_corrected_in_the_desk_keeps_its_old_address(browser, desk_url, repo, tmp_path):
    """A published document's number corrected (3/TB-LHH → 4/TB-LHH): its
    address follows the number, and the old one is kept in Old_slug; in
    the built site it leads to the document."""
    from playwright.sync_api import expect

    write_files(repo / "content", {
        "van-ban/2025/3-tb-lhh.md": ("Title: Thông báo về Hội thi\nNumber: 3/TB-LHH\nDate: 2025-03-05\n"
                                     "Kind: Thông báo\n\nToàn văn thông báo.\n"),
    })
    source = repo / "content" / "van-ban" / "2025" / "3-tb-lhh.md"
    before = source.read_text(encoding="utf-8")
    with desk_on(browser, desk_url, repo) as (desk, page):
        in_documents(page, "Thông báo về Hội thi")
        number = desk.field("number")
        expect(number).to_have_value("3/TB-LHH")
        desk.settle()
        number.fill("4/TB-LHH")
        expect(number).to_have_value("4/TB-LHH")
        assert desk.save(repo) == [source.relative_to(repo).as_posix()]
        numbered = source.read_text(encoding="utf-8")
        # Then its date corrected to the next year: the address's year moves.
        in_documents(page, "Thông báo về Hội thi")
        expect(number).to_have_value("4/TB-LHH")
        date = desk.field("date")
        date.fill("2026-01-05T08:00")
        desk.settle()
        assert desk.save(repo) == [source.relative_to(repo).as_posix()]
    assert numbered == before.replace(
        "Number: 3/TB-LHH\n", "Number: 4/TB-LHH\n").replace("Kind: Thông báo\n", "Kind: Thông báo\nOld_slug: 3-tb-lhh\n")
    assert source.read_text(encoding="utf-8") == numbered.replace(
        "Date: 2025-03-05\n", "Date: 2026-01-05 08:00\n").replace("Old_slug: 3-tb-lhh\n", "Old_slug: 2025/3-tb-lhh, 2025/4-tb-lhh\n")
    site = build_in_process(repo / "content", tmp_path / "output")
    assert "Toàn văn thông báo." in site.text("van-ban/2026/4-tb-lhh/")
    for old in ("van-ban/2025/3-tb-lhh/", "van-ban/2025/4-tb-lhh/"):
        assert site.soup(old).find("meta", attrs={"http-equiv": "refresh"})["content"].endswith(
            "/van-ban/2026/4-tb-lhh/"), old


def test_two_album_photos_of_one_name_are_both_saved(browser, desk_url, repo, tmp_path):
    """Two phones' «IMG_0001.jpg» chosen in two rounds before one save: the
    CMS listed both, said «2 ảnh mới» (and offered «Giữ cả hai»), and saved
    one; two names it slugifies alike, chosen at once, the same; two names
    differing in case stopped the save with an English error. The desk
    names the later one «…-2» before the CMS sees it: both photos saved.
    The three ways in one album (an article each cost ~4 s of the suite)."""
    from tests.support import photo as phone_photo

    rounds = [["a/IMG_0001.jpg"], ["b/IMG_0001.jpg"],  # two phones
              ["c/Hội thi.jpg", "d/Hoi thi.jpg"],  # one name once slugified, chosen at once
              ["e/Le-trao.jpg", "f/le-trao.jpg"]]  # in another case
    saved = ["img_0001.jpg", "img_0001-2.jpg", "hoi-thi.jpg", "hoi-thi-2.jpg", "le-trao.jpg", "le-trao-2.jpg"]

    chosen = []
    for number, name in enumerate((name for batch in rounds for name in batch), 1):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(phone_photo(number, 320, 240))
        chosen.append(tmp_path / name)
    with desk_on(browser, desk_url, repo) as (desk, page):
        new_article_body(desk, page, "Hội thi hai điện thoại")
        page.keyboard.type("Bài.")
        count = 0
        for batch in rounds:
            count += len(batch)
            desk.upload_album([tmp_path / name for name in batch], shown=count)
        changed = desk.save(repo)
    folder = f"content/images/album/{title_slug('Hội thi hai điện thoại')}"
    assert sorted(path for path in changed if path.startswith(folder)) == sorted(f"{folder}/{n}" for n in saved)
    for photo, name in zip(chosen, saved):  # each photo under its own name, its pixels
        with Image.open(photo) as before, Image.open(repo / folder / name) as after:
            assert after.tobytes() == before.tobytes(), name


def test_a_new_article_with_an_album_uploaded_from_phones_is_saved_checked_and_built(
        browser, desk_url, repo, tmp_path, capsys):
    """Album ảnh from the desk: two phone photos (one stored sideways with
    its EXIF "rotate 90°" tag, both with GPS) chosen at once in the «Album
    ảnh» field, a caption typed in Vietnamese for each; the CMS saves them
    in content/images/album/<slug>/ and the article says ``Album:
    album/<slug>`` and its ``Album_captions:``; the checker accepts it and
    the page shows both photos upright and captioned, nothing published
    with their GPS position."""
    from tests.support import photo as phone_photo

    photos = [tmp_path / "Ảnh khai mạc.jpg", tmp_path / "Ảnh trao giải.jpg"]
    photos[0].write_bytes(phone_photo(1, 640, 480, orientation=6, gps=True))  # upright: 480 × 640
    photos[1].write_bytes(phone_photo(2, 640, 480, gps=True))
    title = "Hội thi sáng tạo kỹ thuật có album"
    with desk_on(browser, desk_url, repo) as (desk, page):
        new_article_body(desk, page, title)
        page.keyboard.type("Lễ trao giải hội thi.")
        desk.upload_album(photos)
        captions = page.locator("section[data-key-path=album_captions]")
        # The photos' names as on the editor's computer (the desk renamed them on upload).
        for row, (name, caption) in enumerate([("Ảnh khai mạc.jpg", "Phát biểu khai mạc"),
                                               ("Ảnh trao giải", "Trao giải cho các đội")]):
            captions.scroll_into_view_if_needed()
            captions.get_by_role("button").filter(has_text="Thêm").click()  # "Thêm ⁨chú thích⁩"
            page.locator(f"section[data-key-path='album_captions.{row}.file'] input").fill(name)
            desk.settle()  # the row redrawn with its new value before the next field is typed in
            page.locator(f"section[data-key-path='album_captions.{row}.caption'] input").click()
            # Focused and settled before the composition starts: a row redrawn
            # mid-composition kept its first state («PhPhát»), 1 run in 8; a
            # person takes longer than a frame to start typing.
            desk.settle()
            TYPING["ime"](page, desk.cdp, caption)
        changed = desk.save(repo)

    slug = title_slug(title)
    article = f"content/{in_vietnam().year}/{slug}.md"
    folder = f"content/images/album/{slug}"
    assert sorted(changed) == sorted([article, f"{folder}/anh-khai-mac.jpg", f"{folder}/anh-trao-giai.jpg"])
    # Committed without GPS or camera (the repository may be public), the
    # Orientation kept, the same pixels.
    for chosen, saved, orientation in [(photos[0], "anh-khai-mac.jpg", {0x0112: 6}),
                                       (photos[1], "anh-trao-giai.jpg", {})]:
        with Image.open(chosen) as before, Image.open(repo / folder / saved) as after:
            assert before.getexif().get_ifd(0x8825) and not after.getexif().get_ifd(0x8825)
            assert (dict(after.getexif()), after.tobytes()) == (orientation, before.tobytes())
    text = (repo / article).read_text(encoding="utf-8")
    assert (f"\nSlug: {slug}\nAlbum: album/{slug}\nAlbum_captions: Ảnh khai mạc.jpg: Phát biểu khai mạc\n"
            "    Ảnh trao giải: Trao giải cho các đội\n\n") in text, text

    capsys.readouterr()
    status = check_main([str(repo / article), "--content", str(repo / "content")])
    assert (status, capsys.readouterr().out) == (0, "")
    site = build_in_process(repo / "content", tmp_path / "output")
    soup = site.soup(f"bai-viet/{slug}/")
    assert [(f.img["alt"], f.figcaption.get_text()) for f in soup.select("section.album figure")] == [
        ("Phát biểu khai mạc", "Phát biểu khai mạc"), ("Trao giải cho các đội", "Trao giải cho các đội")]
    grid = soup.select("section.album .album-grid a.album-link")
    assert len(grid) == 2
    sizes = []
    for link in grid:
        large = tmp_path / "output" / urllib.parse.unquote(urllib.parse.urlsplit(
            urllib.parse.urljoin(f"http://site/bai-viet/{slug}/", link["href"])).path).lstrip("/")
        with Image.open(large) as image:
            sizes.append(image.size)
            assert not image.getexif(), "published without EXIF (no GPS)"
    assert sorted(sizes) == [(480, 640), (640, 480)]
    published = [path for path in (tmp_path / "output" / "images" / "album").rglob("*") if path.is_file()]
    # No original (the share copy of the cover, in derivatives/, is a JPEG).
    assert published and not [path for path in published
                              if path.suffix == ".jpg" and "derivatives" not in path.parts], "no original published"


def test_a_photo_dropped_on_the_desk_is_committed_without_its_gps(browser, desk_url, repo, tmp_path):
    """A phone photo dragged from the computer onto the «Album ảnh» picker:
    committed upright-tagged, with the same pixels, without GPS or camera
    (a drop becomes a choice in the zone's file input, stripped first; the
    CMS alone reads drops through webkitGetAsEntry)."""
    from tests.support import photo as phone_photo

    original = phone_photo(5, 640, 480, orientation=6, gps=True)
    title = "Ảnh kéo thả vào bàn biên tập"
    with desk_on(browser, desk_url, repo) as (desk, page):
        new_article_body(desk, page, title)
        page.keyboard.type("Ảnh kéo thả.")
        album = page.locator("section[data-key-path=album_photos]")
        album.scroll_into_view_if_needed()
        album.locator("button", has_text="Duyệt tệp").click()
        page.locator("[role=dialog] .drop-target").first.evaluate("""(zone, data) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([new Uint8Array(data)], "Ảnh thả.jpg", {type: "image/jpeg"}));
            for (const type of ["dragenter", "dragover", "drop"])
              zone.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: transfer}));
        }""", list(original))
        page.locator("[role=dialog] button", has_text="Chèn").click()
        preview_text(page, lambda text: "Album ảnh (1 ảnh mới)" in text)
        changed = desk.save(repo)
    saved = f"content/images/album/{title_slug(title)}/anh-tha.jpg"
    assert saved in changed

    with Image.open(io.BytesIO(original)) as before, Image.open(repo / saved) as after:
        assert before.getexif().get_ifd(0x8825) and not after.getexif().get_ifd(0x8825)
        assert (dict(after.getexif()), after.tobytes()) == ({0x0112: 6}, before.tobytes())


def big_phone_photo(path: Path, width: int = 4800, height: int = 3600, quality: int = 95,
                    icc: bytes | None = None) -> Path:
    """A phone JPEG (by default 17 megapixels and 12 MB, as a 48-megapixel
    phone mode makes them): four coloured quadrants under sensor noise,
    Orientation 6 (held sideways), a GPS position; ``icc``: its colour
    profile (an iPhone's is Display P3)."""
    from PIL import ImageDraw

    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for box, colour in QUADRANTS.items():
        draw.rectangle((box[0] * width // 2, box[1] * height // 2, (box[0] + 1) * width // 2, (box[1] + 1) * height // 2),
                       fill=colour)
    # Uniform noise (mean 127.5) from a seeded generator: Pillow's
    # effect_noise took 1.7 s at 17 megapixels, this 0.2 s.
    noise = Image.frombytes("RGB", (width, height), random.Random(width).randbytes(width * height * 3))
    image = Image.blend(image, noise, 0.3)
    exif = image.getexif()
    exif[0x0112] = 6
    exif.get_ifd(0x8825).update({1: "N", 2: (21.0, 2.0, 0.0), 3: "E", 4: (105.0, 51.0, 0.0)})
    image.save(path, "JPEG", quality=quality, exif=exif, **({"icc_profile": icc} if icc else {}))
    return path


# (column, row) of a quadrant as stored: its colour.
QUADRANTS = {(0, 0): (200, 40, 40), (1, 0): (40, 200, 40), (0, 1): (40, 40, 200), (1, 1): (220, 220, 40)}


@pytest.mark.parametrize("size, quality, p3, heavier", [((4800, 3600), 95, False, True),
                                                       ((4000, 3000), 92, True, False)],
                         ids=["48 MP mode, over 10 MB", "12 MP in Display P3, under 10 MB"])
def test_a_phone_photo_is_committed_as_long_as_the_site_publishes(browser, desk_url, repo, tmp_path,
                                                                  size, quality, p3, heavier):
    """A photo longer than the site ever publishes (IMAGES["original_max"],
    2,560 px): a 12-megapixel phone photo was committed as chosen (about
    4 MB, 15.6 MB an article of four in the repository); one over 10 MB
    (DESK["max_photo_bytes"]) was refused by the CMS («vượt quá dung lượng
    tối đa»). The desk now draws it upright at most 2,560 pixels long and
    encodes it again: committed smaller, upright, without EXIF (Chrome adds
    an sRGB profile), the same picture (each quadrant's colour where it
    belongs once turned; a Display P3 photo's colours converted to sRGB as
    lcms converts them, as the build does: "Images")."""
    from PIL import ImageCms

    from tests.support.photos import display_p3_profile

    icc = display_p3_profile() if p3 else None
    big = big_phone_photo(tmp_path / "Ảnh điện thoại.jpg", *size, quality, icc)
    assert (big.stat().st_size > 10_000_000) == heavier
    title = "Ảnh lớn từ điện thoại"
    with desk_on(browser, desk_url, repo) as (desk, page):
        new_article_body(desk, page, title)
        page.keyboard.type("Ảnh lớn.")
        desk.upload_album([big])
        changed = desk.save(repo)
    saved = repo / f"content/images/album/{title_slug(title)}/anh-dien-thoai.jpg"
    assert str(saved.relative_to(repo)) in changed
    assert saved.stat().st_size < big.stat().st_size / 2
    with Image.open(saved) as after:
        assert after.size == (1920, 2560)  # upright, scaled to 2,560 long
        assert dict(after.getexif()) == {}  # no GPS, camera, date nor Orientation (the pixels are upright)
        small = after.convert("RGB").resize((2, 2), Image.Resampling.BOX)
    # Orientation 6: turned 90° clockwise, the stored top-left quadrant is top-right.
    turned = {(1, 0): QUADRANTS[(0, 0)], (1, 1): QUADRANTS[(1, 0)], (0, 0): QUADRANTS[(0, 1)], (0, 1): QUADRANTS[(1, 1)]}
    shift = 0
    for (x, y), colour in turned.items():
        blended = tuple(round(0.7 * c + 0.3 * 128) for c in colour)  # under the noise's mean grey
        if icc:
            srgb = ImageCms.profileToProfile(Image.new("RGB", (1, 1), blended), ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                                             ImageCms.createProfile("sRGB")).getpixel((0, 0))
            shift = max(shift, *(abs(a - b) for a, b in zip(srgb, blended)))
            blended = srgb
        assert all(abs(a - b) <= 12 for a, b in zip(small.getpixel((x, y)), blended)), ((x, y), small.getpixel((x, y)))
    assert shift > 40 if icc else shift == 0  # the conversion shows (the green quadrant's red: 66 → 0)


def test_a_photo_is_removed_from_an_album_in_the_desks_photos(browser, desk_url, repo, tmp_path):
    """An album made in the desk loses a photo through the desk's «Ảnh»
    view (the CMS's asset library): the file is deleted from the working
    copy, and the built album shows the others."""
    from tests.support import photo as phone_photo
    from tests.support.desk import read

    folder = "images/album/hoi-thi-anh"
    write_files(repo / "content", {
        f"{folder}/anh-1.jpg": phone_photo(1, 640, 480), f"{folder}/anh-2.jpg": phone_photo(2, 640, 480),
        "2025/hoi-thi-anh.md": ("Title: Hội thi ảnh\nDate: 2025-03-05\nAuthor: Ban thông tin\n"
                                "Category: Tin hoạt động LHH\nSummary: Ảnh.\nSlug: hoi-thi-anh\n"
                                "Album: album/hoi-thi-anh\n\nBài.\n")})
    with desk_on(browser, desk_url, repo) as (desk, page):
        page.goto(f"{desk_url}/quan-tri/#/assets")
        page.get_by_text("anh-1.jpg").first.click()
        page.get_by_role("button", name="Xóa").first.click()
        page.get_by_role("alertdialog").get_by_role("button", name="Xóa").click()
        deadline = time.monotonic() + 30
        while f"content/{folder}/anh-1.jpg" in (left := read(page)):
            assert time.monotonic() < deadline, "the photo was never deleted"
            time.sleep(0.1)
    assert f"content/{folder}/anh-2.jpg" in left
    for path in (repo / "content" / folder).iterdir():  # what the CMS deleted, deleted on disk too
        if f"content/{folder}/{path.name}" not in left:
            path.unlink()
    site = build_in_process(repo / "content", tmp_path / "output")
    assert len(site.soup("bai-viet/hoi-thi-anh/").select("section.album .album-grid li")) == 1


def album_article(repo: Path, slug: str, title: str) -> tuple[Path, str]:
    """An article made in the desk with an album of one photo, as the desk
    writes it: the article's file and the album's folder under content/."""
    from tests.support import photo as phone_photo

    folder = f"images/album/{slug}"
    write_files(repo / "content", {f"{folder}/anh-1.jpg": phone_photo(1, 640, 480)})
    write_files(repo / "content", {f"2025/{slug}.md": (
        f"Title: {title}\nDate: 2025-03-05\nAuthor: Ban thông tin\nCategory: Tin hoạt động LHH\n"
        f"Summary: Ảnh.\nSlug: {slug}\nAlbum: album/{slug}\n\nBài.\n")})
    return repo / "content" / "2025" / f"{slug}.md", folder


def test_a_photo_added_later_goes_into_the_articles_album(browser, desk_url, repo, tmp_path):
    """An album made in the desk, opened again: a photo uploaded in «Album
    ảnh» goes into the same folder, and the file changes in no line."""
    from tests.support import photo as phone_photo

    article, folder = album_article(repo, "hoi-thi-them-anh", "Hội thi thêm ảnh")
    before = article.read_text(encoding="utf-8")
    added = tmp_path / "Ảnh thêm.jpg"
    added.write_bytes(phone_photo(3, 640, 480))
    with desk_on(browser, desk_url, repo) as (desk, page):
        page.get_by_text("Hội thi thêm ảnh").click()
        desk.scroll_to_body()
        desk.upload_album([added])
        changed = desk.save(repo)
    assert changed == [f"content/{folder}/anh-them.jpg"]
    assert article.read_text(encoding="utf-8") == before


def test_an_album_is_taken_off_an_article_in_the_desk(browser, desk_url, repo, capsys):
    """«Thư mục album» shows the article's Album: line; emptied and saved,
    the line is gone and nothing else changed (the photos stay in the
    folder, for the «Ảnh» view), and the checker accepts the file."""
    article, folder = album_article(repo, "hoi-thi-bo-album", "Hội thi bỏ album")
    before = article.read_text(encoding="utf-8")
    with desk_on(browser, desk_url, repo) as (desk, page):
        page.get_by_text("Hội thi bỏ album").click()
        desk.scroll_to_body()
        album = desk.field("album")
        album.scroll_into_view_if_needed()
        assert album.input_value() == "album/hoi-thi-bo-album"
        album.fill("")
        changed = desk.save(repo)
    assert changed == [article.relative_to(repo).as_posix()]
    assert article.read_text(encoding="utf-8") == before.replace("Album: album/hoi-thi-bo-album\n", "")
    assert (repo / "content" / folder / "anh-1.jpg").is_file()
    status = check_main([str(article), "--content", str(repo / "content")])
    assert (status, capsys.readouterr().out) == (0, "")


@pytest.mark.parametrize("timezone", ["Asia/Ho_Chi_Minh", "UTC"])
def test_an_article_written_on_new_years_morning_is_dated_and_filed_in_vietnam_time(browser, desk_url, repo,
                                                                                   timezone):
    """At 05:00 on 1 January in Vietnam the desk filed a new article under
    last year's folder (Sveltia's {{year}} is UTC), and on a PC whose zone
    is UTC it wrote «Date: 2026-12-31 22:00», seven hours early."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    desk = Desk(browser, desk_url, timezone=timezone)
    desk.page.clock.install(time=datetime(2027, 1, 1, 5, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
    page = desk.open(repo)
    try:
        new_article_body(desk, page, "Bài sáng mùng một Tết dương lịch")
        page.keyboard.type("Nội dung.")
        [saved] = [name for name in desk.save(repo) if name.endswith(".md")]
    finally:
        desk.close()
    assert "Date: 2027-01-01 05:00\n" in (repo / saved).read_text(encoding="utf-8")
    if timezone == "Asia/Ho_Chi_Minh":  # the folder is the computer's year (Sveltia's choice: local or UTC)
        assert saved.startswith("content/2027/"), saved


# Editors' computers in zones a laptop may be left on: a PC set to UTC
# (behind the site's zone, as a US one: 07:00 written), a trip to China
# (ahead: a document of 1 January moved a year). The site's own zone is
# every other desk test's (Desk's default). Tokyo's, New York's and
# Vietnam's rows (20 cases) were trimmed to these 8 for the suite's time
# (9 min in CI at the stop's end).
TIMEZONES = ["UTC", "Asia/Shanghai"]
ARTICLE_2020 = "content/2020/hoi-thao-phuong-an-phat-trien-cum-cong-nghiep-2021-2030.md"
DOCUMENT_2025 = ("Title: Kế hoạch công tác năm 2025\nNumber: 01/KH-LHH\nDate: 2025-01-01\n"
                 "Kind: Kế hoạch\n\nToàn văn kế hoạch.\n")


# Each zone once and each kind once (the zone's reading is one code path for
# both kinds): the four pairs cost 25 s of the suite's time for no more proof.
@pytest.mark.parametrize("kind, timezone", [("article", TIMEZONES[0]), ("document", TIMEZONES[1])])
def test_a_date_without_time_is_kept_whatever_the_computers_zone(browser, desk_url, repo, kind, timezone):
    """An entry dated `Date: 2020-11-11` (no time: the 2020 article, most
    documents), one other field edited: the CMS read the date as midnight
    in the computer's zone and saved it in Vietnam's, so on UTC the file
    said «2020-11-11 07:00», in Tokyo «2020-11-10 22:00», and a document of
    2025-01-01 opened in Shanghai went to 2024 with an Old_slug. The form
    shows that day; the file changes by the edited line only."""
    from playwright.sync_api import expect

    if kind == "document":
        write_files(repo / "content", {"van-ban/2025/1-kh-lhh.md": DOCUMENT_2025})
    path = repo / (ARTICLE_2020 if kind == "article" else "content/van-ban/2025/1-kh-lhh.md")
    before = path.read_text(encoding="utf-8")
    with desk_on(browser, desk_url, repo, timezone) as (desk, page):
        if kind == "article":
            page.get_by_text("Liên hiệp Hội Thái Bình tổ chức Hội thảo").click()
            expect(desk.field("slug")).not_to_have_value("")
            field, old, new = desk.field("summary", "textarea"), "Summary: ", "Tóm tắt mới."
        else:
            # Listed with its number: a year's notices entered at year end
            # were forty «Thông báo về việc …» alike but for their dates.
            page.get_by_role("treeitem", name="Văn bản").click()
            expect(page.get_by_text("01/01/2025 · Số 01/KH-LHH · Kế hoạch công tác năm 2025")).to_be_visible()
            in_documents(page, "Kế hoạch công tác năm 2025")
            expect(desk.field("number")).to_have_value("01/KH-LHH")
            field, old, new = desk.field("signer"), None, "Nguyễn Văn A"
        desk.settle()
        expect(desk.field("date")).to_have_value("2020-11-11T00:00" if kind == "article" else "2025-01-01T00:00")
        field.fill(new)
        desk.settle()
        changed = desk.save(repo)
    assert changed == [path.relative_to(repo).as_posix()]
    if kind == "article":
        summary = re.search(r"^Summary: .*\n", before, re.M).group(0)
        expected = before.replace(summary, f"{old}{new}\n")
    else:
        expected = DOCUMENT_2025.replace("Kind: Kế hoạch\n", f"Kind: Kế hoạch\nSigner: {new}\n")
    assert path.read_text(encoding="utf-8") == expected


@pytest.mark.parametrize("date_line, timezone", [("2020-11-11", TIMEZONES[0]), ("2020-11-11 08:30", TIMEZONES[1])])
def test_a_copy_made_by_nhan_ban_is_dated_now_in_vietnam_whatever_the_computers_zone(
        browser, desk_url, repo, date_line, timezone):
    """«Nhân bản» at 05:00 on 1 January 2027 in Vietnam: the copy's date
    was the computer's clock read as Vietnam time, «2026-12-31 22:00» on a
    PC on UTC (filed under the year before), an hour ahead on UTC+8 (held
    back as «ở tương lai»); a new entry and «Hiện tại» were right. The
    original keeps its date, with or without a time."""

    source = repo / ARTICLE_2020
    source.write_text(source.read_text(encoding="utf-8").replace("Date: 2020-11-11\n", f"Date: {date_line}\n"),
                      encoding="utf-8")
    before = source.read_text(encoding="utf-8")
    now = datetime(2027, 1, 1, 5, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    with desk_on(browser, desk_url, repo, timezone, now) as (desk, page):
        changed = copied_with_nhan_ban(desk, page, repo)
    assert source.read_text(encoding="utf-8") == before
    [copy] = [repo / name for name in changed if name.endswith(".md")]
    assert re.findall(r"^Date: .*$", copy.read_text(encoding="utf-8"), re.M) == ["Date: 2027-01-01 05:00"]


@pytest.mark.parametrize("name", ["Liên hiệp Hội <!--<script> thử", "Liên hiệp Hội </script><script>x</script>"])
def test_a_settings_value_never_ends_or_holds_open_the_desks_settings_block(page, name):
    """UNION's name with «<!--<script» kept the settings block open past its
    «</script>» in Chromium: the page's other scripts became its text and
    the desk was blank (only «</» was escaped)."""
    from plugins import desk

    settings = load_settings(ROOT / "publishconf.py")
    settings["DESK"] = desk.load_config(settings["DESK"])
    written = desk.page({**settings, "UNION": {**settings["UNION"], "name": name}})
    page.set_content(written, wait_until="domcontentloaded")
    scripts = page.evaluate("() => [...document.scripts].map(s => s.id || s.type || 'src')")
    assert scripts == ["desk-settings", "importmap", "src", "src", "src"]  # desk.js, fflate, the CMS
    assert page.evaluate("() => JSON.parse(document.getElementById('desk-settings').textContent).desk.union") == name
