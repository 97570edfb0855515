"""Helpers shared by the tests and the benchmarks (``bench/``): build small
sites, read them, compare two builds, serve a folder, start Chromium.

Signals are global to the process: every in-process build disconnects all
receivers afterwards, so one test's plugins never run in the next build.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import functools
import http.server
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import textwrap
import threading
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

from tools.test_tools import AXE, VNU  # noqa: F401  (re-exported: the quality tests import them from here)

ROOT = Path(__file__).resolve().parents[2]
# The site's content as the suite knows it: a copy of content/ as the
# project shipped it. The editors' articles go into content/, and one valid
# new article made a dozen tests that count pages fail, stopping every
# deploy; the real content/ is checked and built by the publish workflow
# (`invoke check`, `invoke publish`), not by the suite.
CONTENT = ROOT / "tests" / "content"
BIN = Path(sys.executable).parent
# The browser tests run in Chromium's headless shell (Debian's
# chromium-headless-shell: the same Blink and V8 without the browser's own
# layers, what Playwright itself runs headless by default): measured
# 2026-12-06 on one machine, back to back, -n 2, every test passing in
# both, the desk's module 293 → 245 s and the other browser tests 200 →
# 118 s. The full browser stays where a test needs what only it has (the
# back/forward cache: test_visit_counter_browser.py) and for Lighthouse.
CHROMIUM = "/usr/bin/chromium"
HEADLESS_SHELL = "/usr/bin/chromium-headless-shell"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# The sample site's articles alternate between the first two; the real
# sections (pelicanconf.CATEGORIES) are all there, as MENU names them.
SAMPLE_CATEGORIES = ["Tin hoạt động LHH", "Tư vấn – phản biện", "Hội thành viên"]


def categories_line(categories=SAMPLE_CATEGORIES) -> str:
    """A settings line: the project's CATEGORIES, then those of ``categories``
    it lacks. The test sites keep the project's MENU, which names its
    categories: a category a maintainer adds (or renames) in pelicanconf.py
    must stay known to them (replacing CATEGORIES failed 117 tests with
    «MENU: chuyên mục … không có trong CATEGORIES»)."""
    return f"CATEGORIES = CATEGORIES + [c for c in {list(categories)!r} if c not in CATEGORIES]\n"
# What a small test site built with the project's settings needs: the real
# menu and old addresses name pages such a site does not have.
SMALL_SITE = {"MENU": [("Trang chủ", "index")], "OLD_URLS": {}}
SMALL_SITE_LINES = "MENU = [('Trang chủ', 'index')]\nOLD_URLS = {}\n"
# Test-only documents of the sample site: 21 published, more than
# DOCUMENTS["per_page"] (20), so the library has two pages; then one hidden
# and one draft.
SAMPLE_DOCUMENTS = 23
SAMPLE_DOCUMENT_URL = "van-ban/2024/1-kh-lhh/"  # the first sample document
SAMPLE_ALBUM_URL = "bai-viet/album-thu-nghiem-hoi-thi-sang-tao/"  # the sample article with an album
# The validators the quality tests run, VNU and AXE (npm packages of
# package.json), are tools.test_tools's: make test installs them.

# One page of every type Pelican writes, as site-relative URLs of sample_site.
PAGE_TYPES = {
    "home": "",
    "home_page_2": "trang/2/",
    "article": "bai-viet/hoi-thao-tu-van-phan-bien-phuong-an-phat-trien-cum-cong-nghiep-2021-2030/",
    "page": "gioi-thieu/",
    "contact": "lien-he/",
    "faq": "hoi-dap/",
    "category": "chuyen-muc/tin-hoat-dong-lhh/",
    "categories": "chuyen-muc/",
    "tag": "the/thu-nghiem/",
    "tags": "the/",
    "author": "tac-gia/ban-thong-tin/",
    "authors": "tac-gia/",
    "archives": "luu-tru/",
    "year_archive": "luu-tru/2024/",
    "month_archive": "luu-tru/2024/05/",
    "not_found": "404.html",
    "documents": "van-ban/",
    "documents_page_2": "van-ban/trang/2/",
    "documents_kind": "van-ban/loai/ke-hoach/",
    "documents_year": "van-ban/2024/",
    "documents_group": "van-ban/nhom/van-ban-cuoc-thi/",
    "document": SAMPLE_DOCUMENT_URL,
    "document_full_text": "van-ban/2024/2-tb-lhh/",
    "document_hidden": "van-ban/2023/22-kh-lhh/",
    "document_draft": "ban-nhap/van-ban/2024/23-tb-lhh/",
    "album_article": SAMPLE_ALBUM_URL,
    "albums": "album-anh/",
}
# Articles generated (tests.support.generate) for the parallel builds' corpus.
GENERATED_ARTICLES = 60
# Far wider than a phone's screen when unbroken (tests/test_phones.py): in the
# newest sample article's title, summary, tags and body.
LONG_WORD = "Từsiêudàikhôngcódấucáchnào" * 4
LONG_URL = "https://example.org/tailieu/" + "hosohoithaotuvanphanbien" * 8 + "2024.pdf"
# The editors' desk (plugins.desk) is no page of the site: Site.html_files()
# leaves it out; tests/test_desk*.py test it.
DESK_FOLDER = "quan-tri"
# What the checker adds to «ngày … ở tương lai» for a date more than 60 days
# ahead: GitHub turns the hourly build off after 60 quiet days.
FAR_FUTURE_NOTE = (". Ngày này cách hôm nay hơn 60 ngày: kho không có thay đổi nào trong 60 ngày liền thì GitHub "
                   "tắt việc dựng lại trang mỗi giờ và bài sẽ không tự hiện — từ nay tới ngày đăng, hãy đăng hoặc "
                   "sửa bài ít nhất 60 ngày một lần, hoặc báo người phụ trách kỹ thuật giữ cho việc đăng theo giờ chạy")


# --- Reading a built site ------------------------------------------------------
@dataclass
class Site:
    """A built site: its output folder, with helpers to read it."""

    output: Path

    def path(self, url: str) -> Path:
        """The file served for a site-relative URL ("" or "bai-viet/x/")."""
        path = self.output / url.lstrip("/")
        return path / "index.html" if url == "" or url.endswith("/") else path

    def text(self, url: str) -> str:
        return self.path(url).read_text(encoding="utf-8")

    def soup(self, url: str) -> BeautifulSoup:
        return BeautifulSoup(self.text(url), "lxml")

    def html_files(self, redirects: bool = False) -> list[Path]:
        """The site's pages; with ``redirects``, also the pages left at the
        old site's addresses (plugins/redirects), which are no page of the
        site: no menu or counter; the canonical and Open Graph tags of the
        page they lead to. The
        editors' desk is no page of the site either."""
        return sorted(path for path in self.output.rglob("*.html")
                      if (redirects or not is_redirect(path))
                      and path.relative_to(self.output).parts[0] != DESK_FOLDER)

    def url_of(self, path: Path) -> str:
        relative = path.relative_to(self.output).as_posix()
        return relative.removesuffix("index.html")


def is_redirect(path: Path) -> bool:
    """A page of plugins/redirects (its refresh is in the first 300 bytes)."""
    with open(path, "rb") as file:
        return b'<meta http-equiv="refresh"' in file.read(300)


def comparable(output: Path) -> dict[str, bytes]:
    """Every output file's bytes, except what no two builds share: Pagefind's
    index (file names are not reproducible), its names in _headers, and the
    sitemap's build-time <lastmod> of listings."""
    files = {}
    for path in sorted(output.rglob("*")):
        name = path.relative_to(output).as_posix()
        if path.is_dir() or name.startswith("pagefind/"):
            continue
        data = path.read_bytes()
        if name == "_headers":
            data = b"\n".join(line for line in data.split(b"\n") if b"/pagefind/" not in line)
        if name == "sitemap.xml":
            data = re.sub(rb"<lastmod>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-00:00</lastmod>", b"<lastmod/>", data)
        files[name] = data
    return files


# --- Building ------------------------------------------------------------------
def words(text: str) -> str:
    """Text with every run of white space (no-break spaces too) as one space:
    a page's text as a reader sees it, for comparing."""
    return " ".join(text.replace("\xa0", " ").split())


class Overran(BaseException):
    """``within``'s failure: a BaseException, so that the code it stops
    cannot catch it as its own error (a TimeoutError is an OSError: the Word
    import's «damaged package» handler took one for damaged compressed data,
    and the test failed on the wrong message)."""


@contextlib.contextmanager
def within(seconds: float, what: str):
    """Fails with ``what`` if the block spends more than ``seconds`` of this
    process's CPU time: for work that one pass does in milliseconds and a
    backtracking pattern in hours (a build that never ends is a defect, not
    a slow build; speed itself is measured in bench/). CPU time, not the
    clock: on a loaded machine (a clean clone's run beside other work, 17
    min) a 0.8 s case passed 3 s of wall time. Main thread only (SIGPROF)."""
    import signal

    def stop(*_):
        raise Overran(f"{what} (past {seconds} s of CPU time)")

    previous = signal.signal(signal.SIGPROF, stop)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def write_files(folder: Path, files: dict[str, str | bytes]) -> None:
    """Write {relative path: text or bytes} under folder (text is dedented)."""
    for name, data in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(textwrap.dedent(data).lstrip("\n"), encoding="utf-8")


def settings_file(path: Path, base: str = "pelicanconf", extra: str = "") -> Path:
    """A settings file that starts from the project's (``pelicanconf`` or
    ``publishconf``, installed with the project) and adds ``extra`` lines."""
    path.write_text(f"from {base} import *  # noqa: F403\n" + textwrap.dedent(extra), encoding="utf-8")
    return path


def disconnect_all_signals() -> None:
    """What a new process starts without: every signal receiver, and the
    page transforms (plugins/core/written.py) the plugins registered; the
    next build's plugins register theirs again."""
    from blinker import Signal
    from pelican.plugins import signals

    from plugins.core import written

    for value in vars(signals).values():
        if isinstance(value, Signal):
            # Blinker's own reset ("useful for tests"): its receivers and the
            # ordered sets that say in which order they are called (clearing
            # the receivers alone kept an earlier build's order, and a
            # receiver connected again ran before one connected first).
            value._clear_state()
    written._transforms.clear()


def reset_sitemap() -> None:
    """pelican-sitemap keeps, in its module, the Pelican object of the build
    under way until that build's ``finalized``: after a build that stopped
    earlier (an editor's mistake, on purpose), the next build in the process
    would write no sitemap.xml. (Its clock, ``now``, stays: two builds in
    one process give the same listings' <lastmod>.)"""
    module = sys.modules.get("pelican.plugins.sitemap.sitemap")
    if module is not None:
        module.generator._main_pelican = None
        module.generator.page_queue = []


def committed(folder: Path, message: str = "tải lên") -> Path:
    """``folder`` as a git repository whose branch ``main`` holds its files
    (as the Word inbox's workflow checks it out), with a committer set."""
    for command in (["init", "--quiet", "--initial-branch=main"], ["config", "user.name", "t"],
                    ["config", "user.email", "t@example.org"], ["add", "--all"], ["commit", "--quiet", "-m", message]):
        subprocess.run(["git", *command], cwd=folder, check=True, capture_output=True)
    return folder


def build_in_process(content: Path, output: Path, settings_file: Path = ROOT / "pelicanconf.py",
                     **overrides) -> Site:
    """Build with Pelican in this process (fast, for many small sites).

    Raises what Pelican raises: with our fatal logging, an editor's mistake
    is a RuntimeError or ContentError after its message is logged.
    """
    from pelican import Pelican
    from pelican.log import LimitFilter
    from pelican.settings import read_settings

    settings = read_settings(
        str(settings_file),
        override={"PATH": str(content), "OUTPUT_PATH": str(output), **overrides},
    )
    # Pelican logs a warning once per process: each build logs its own.
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    # As a new process: a test that read a site without writing it (its
    # Pelican object left in pelican-sitemap) made the next build write
    # no sitemap.xml, and the golden case fail after it on the same worker.
    reset_sitemap()
    try:
        Pelican(settings).run()
    finally:
        disconnect_all_signals()
        reset_sitemap()
    return Site(output)


def built_once(tmp_path_factory, name: str, build) -> Path:
    """The folder ``build(folder)`` fills, once a test session: pytest-xdist's
    workers share it (the first to ask builds it under a lock, the others
    wait for it, then read it; none writes into it). Each worker built the
    real site and the sample site itself before, about 7 s each."""
    root = tmp_path_factory.getbasetemp()
    if "PYTEST_XDIST_WORKER" in os.environ:
        root = root.parent  # the session's folder, above each worker's
    folder, done = root / f"once-{name}", root / f"once-{name}.done"
    with open(root / f"once-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            build(folder)
            done.touch()
    return folder


def run_pelican(content: Path, output: Path, settings_file: Path = ROOT / "pelicanconf.py",
                env: dict | None = None, *extra: str) -> subprocess.CompletedProcess:
    """Build as editors and CI do: ``pelican content -s SETTINGS -o DIR``,
    its own process (forked from one that imported Pelican: ``commands``)."""
    from tests.support import commands

    return commands.run(
        [BIN / "pelican", content, "-s", settings_file, "-o", output, *extra], cwd=ROOT,
        env={**os.environ, "COLUMNS": "400", **(env or {})},  # one log record, one line
        timeout=300,
    )


def fast_paths(read: bool, write: bool) -> str:
    """Settings lines: parallel_read and parallel_write on or off, on two
    workers from 50 files (the corpus has 61)."""
    return "".join(f"PARALLEL_{name} = {{'enabled': {on}, 'min_files': 50, 'workers': 2}}\n"
                   for name, on in (("READ", read), ("WRITE", write)))


def build_corpus(base: Path, content: Path, name: str, extra: str = "",
                 cache: str | Path = "") -> tuple[subprocess.CompletedProcess, Path]:
    """``pelican -v`` with publishconf.py on the corpus of parallel builds
    (its generated articles' categories allowed) and ``extra`` settings
    lines, into ``base/output-NAME``; its caches in ``cache`` (a folder,
    or its name in `base`; ``cache-NAME`` unless given, so photos are then
    resized by this build)."""
    from tests.support import generate

    settings = settings_file(base / f"{name}.py", "publishconf", (
        f"CATEGORIES = list(dict.fromkeys([*CATEGORIES, *{generate.CATEGORIES!r}]))\n"
        f"CACHE_PATH = {str(base / (cache or f'cache-{name}'))!r}\n" + extra))
    output = base / f"output-{name}"
    return run_pelican(content, output, settings, None, "-v"), output


def sample_files() -> dict[str, str | bytes]:
    """Test-only articles (never published) that exercise every page type:
    pagination (>10 articles), two categories, tags, FAQ items, documents
    (every listing, two pages of the library), an album, and words and URLs
    wider than a phone (``LONG_WORD``, ``LONG_URL``)."""
    files = {}
    for number in range(1, 24):
        category = SAMPLE_CATEGORIES[number % 2]
        files[f"2024/bai-thu-nghiem-{number}.md"] = f"""
            Title: Bài thử nghiệm số {number} về Hội thảo khoa học
            Date: 2024-{(number % 12) + 1:02d}-{(number % 27) + 1:02d} 08:{number:02d}
            Author: Ban thông tin
            Category: {category}
            Tags: Thử nghiệm, Nhóm {number % 3}
            Summary: Tóm tắt của bài thử nghiệm số {number}.

            Nội dung của bài thử nghiệm số {number}, chỉ dùng cho kiểm thử.
            """
    # A link written with the site's path, as copied from the address bar
    # without the domain: at an address with a path (a fork's GitHub Pages
    # site, /ban-tin/) it must lead under that path.
    files["2024/bai-thu-nghiem-22.md"] = (files["2024/bai-thu-nghiem-22.md"].rstrip(" ")
                                          + "\n            Xem [bài mới nhất](/bai-viet/bai-thu-nghiem-so-23/).\n")
    # The newest one, so it is on every page's "Tin mới nhất" too.
    files["2024/bai-thu-nghiem-23.md"] = f"""
        Title: Bài thử nghiệm số 23 về {LONG_WORD}
        Date: 2024-12-24 08:23
        Author: Ban thông tin
        Category: {SAMPLE_CATEGORIES[1]}
        Tags: Thử nghiệm, Nhóm 2, {LONG_WORD}
        Slug: bai-thu-nghiem-so-23
        Summary: Tóm tắt có {LONG_WORD}.

        Nội dung của bài thử nghiệm số 23: {LONG_WORD}.

        Tài liệu: <{LONG_URL}>, [{LONG_URL}]({LONG_URL}).
        """
    files["hoi-dap/cau-hoi-thu-nghiem-1.md"] = """
        Title: Câu hỏi thử nghiệm thứ nhất?
        Slug: cau-hoi-thu-nghiem-thu-nhat
        Date: 2024-05-01
        Organization: Đơn vị thử nghiệm

        Câu trả lời thử nghiệm thứ nhất.
        """
    files["hoi-dap/cau-hoi-thu-nghiem-2.md"] = """
        Title: Câu hỏi thử nghiệm thứ hai?
        Slug: cau-hoi-thu-nghiem-thu-hai
        Date: 2024-06-01

        Câu trả lời thử nghiệm thứ hai.
        """
    return {**files, **sample_documents(), **sample_album()}


def sample_documents() -> dict[str, str | bytes]:
    """Documents of every kind over three years, in two groups, with a real
    PDF and a real .docx attached, one carrying its full text, one replaced
    by a later one, one no longer in force, one hidden and one draft (never
    listed)."""
    kinds = ["Kế hoạch", "Thông báo", "Quyết định", "Công văn", "Báo cáo", "Hướng dẫn", "Biểu mẫu"]
    groups = ["Văn bản khác", "Văn bản cuộc thi", ""]
    files: dict[str, str | bytes] = {
        "van-ban/2024/1-kh-lhh.pdf": pdf("Ke hoach thu nghiem so 1"),
        "van-ban/2024/phu-luc-1.docx": docx("Phụ lục thử nghiệm số 1"),
    }
    for number in range(1, SAMPLE_DOCUMENTS + 1):
        kind = kinds[(number - 1) % len(kinds)]
        code = "".join(word[0] for word in kind.split()).upper()  # KH, TB, QĐ…
        year = 2024 if number <= 2 else 2022 + number % 3
        headers = [f"Title: {kind} thử nghiệm số {number} về hội thi sáng tạo",
                   f"Number: {number}/{code}-LHH", f"Date: {year}-{number % 12 + 1:02d}-{number % 27 + 1:02d}",
                   f"Kind: {kind}"]
        if groups[number % 3]:
            headers.append(f"Group: {groups[number % 3]}")
        if number == 1:
            headers += ["Signer: Người ký thử nghiệm",
                        "Files: {static}/van-ban/2024/1-kh-lhh.pdf, {static}/van-ban/2024/phu-luc-1.docx"]
        elif number != 2:  # number 2 carries its full text instead
            headers.append("Files: {static}/van-ban/2024/1-kh-lhh.pdf")
        # One replaced by a later one, one no longer in force (plugins.documents):
        # their note and mark go through the validators with every page.
        headers += {9: ["Replaced_by: 16/TB-LHH"], 5: ["Expired: có"],
                    22: ["Status: hidden"], 23: ["Status: draft"]}.get(number, [])
        headers.append("Tags: Thử nghiệm")
        body = (f"Toàn văn của văn bản thử nghiệm số {number}, chỉ dùng cho kiểm thử." if number == 2
                else f"Mô tả ngắn của văn bản thử nghiệm số {number}.")
        name = f"van-ban/{year}/{number}-{code.lower().replace('đ', 'd')}-lhh.md"
        files[name] = "\n".join(headers) + f"\n\n{body}\n"
    return files


def sample_album(count: int = 5, folder: str = "images/2024/album-thu-nghiem") -> dict[str, str | bytes]:
    """An article with an album of ``count`` photos, the first three captioned."""
    files: dict[str, str | bytes] = {
        f"{folder}/anh-{n}.jpg": photo(n, 480, 360) for n in range(1, count + 1)}
    files[f"{folder}/chu-thich.txt"] = "".join(
        f"anh-{n}.jpg: Chú thích ảnh thử nghiệm số {n}\n" for n in range(1, min(count, 3) + 1))
    files["2024/album-thu-nghiem.md"] = (
        "Title: Album thử nghiệm hội thi sáng tạo\nDate: 2024-11-20\nAuthor: Ban thông tin\n"
        f"Category: Tin hoạt động LHH\nAlbum: {folder.removeprefix('images/')}\n"
        "Summary: Bài thử nghiệm có album ảnh.\n\nẢnh của hội thi thử nghiệm, chỉ dùng cho kiểm thử.\n"
    )
    return files


# --- Real files made by the tests ---------------------------------------------------
def photo(seed: int, width: int = 1024, height: int = 768, orientation: int | None = None,
          gps: bool = False, quality: int = 88) -> bytes:
    """A JPEG that compresses like a photo of an event (a lit hall, a few
    hundred blurred shapes, sensor noise: 240 px WebP ≈ 7 KB as real
    photos), with real EXIF (camera, date; optionally Orientation and a GPS
    position, as phones write them). Deterministic for a seed (the
    derivative cache then hits)."""
    from PIL import Image, ImageDraw, ImageFilter, ImageOps

    rng = random.Random(seed)
    top = tuple(rng.randrange(60, 200) for _ in range(3))
    bottom = tuple(rng.randrange(20, 120) for _ in range(3))
    image = ImageOps.colorize(Image.linear_gradient("L").resize((width, height)), top, bottom)
    draw = ImageDraw.Draw(image)
    for _ in range(width * height // 4800):
        x, y = rng.randrange(width), rng.randrange(height // 4, height)
        w, h = rng.randrange(width // 80, width // 11), rng.randrange(height // 32, height // 5)
        draw.ellipse((x, y, x + w, y + h), fill=tuple(rng.randrange(256) for _ in range(3)))
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    noise = Image.frombytes("L", (width, height), rng.randbytes(width * height)).convert("RGB")
    image = Image.blend(image, noise, 0.12)
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0132] = "Thử nghiệm", "Máy ảnh thử nghiệm", "2024:11:20 08:30:00"
    if orientation:
        exif[0x0112] = orientation
    if gps:  # 20°27'N 106°20'E, as a phone records it
        exif.get_ifd(0x8825).update({1: "N", 2: (20.0, 27.0, 0.0), 3: "E", 4: (106.0, 20.0, 0.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, exif=exif)
    return buffer.getvalue()


def pdf(text: str, catalog: bytes = b"", more: tuple[bytes, ...] = ()) -> bytes:
    """A one-page PDF that readers open (PDF 1.4, Helvetica, ASCII text);
    ``catalog``: more entries of its catalog, ``more``: objects 6, 7…"""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R%s >>" % (b" " + catalog if catalog else b""),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *more,
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, start)
    return bytes(out)


# PDF bodies (after «%PDF-1.7»), each active or not (rules.pdf_active_problem,
# desk.js activePdf). A script written as PDF readers read it, but not as
# the checker read it: after a comment holding «(» or «>>stream», or a
# title holding «>>stream» (everything up to the next «endstream» or «)»
# was taken for a stream or a string), in an object stream named
# «/Obj#53tm» or encoded in ASCIIHex or ASCII85, after a stream whose data
# says «endstream»: all were published. A comment or a title saying «/JS»
# inside an object stream is no script.
OPEN_JS = b"1 0 obj << /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> >> endobj\n"
STREAM_JS = b"9 0 << /S /JavaScript /JS (app.alert\\(1\\)) >>"


def object_stream(head: bytes, data: bytes) -> bytes:
    return b"5 0 obj << %s /N 1 /First 4 /Length %d >>\nstream\n%s\nendstream\nendobj\n" % (head, len(data), data)


def predicted(data: bytes, columns: int, tiff: bool = False, bits: int = 8) -> bytes:
    """``data`` as a Flate stream's predictor writes it (PDF 32000 §7.4.4.4),
    one colour: TIFF 2 (each component, of ``bits`` 8 or 16, less the one
    before it in its row) or PNG, the rows' filters None, Sub, Up, Average
    and Paeth in turn."""
    if tiff and bits == 16:
        width = 2 * columns
        data = data.ljust(-(-len(data) // width) * width, b" ")
        values = [int.from_bytes(data[at:at + 2], "big") for at in range(0, len(data), 2)]
        return b"".join(((value - (values[at - 1] if at % columns else 0)) & 0xFFFF).to_bytes(2, "big")
                        for at, value in enumerate(values))
    rows = [data[at:at + columns].ljust(columns, b" ") for at in range(0, len(data), columns)]
    out, prior = bytearray(), bytes(columns)
    for number, row in enumerate(rows):
        kind = number % 5
        out += b"" if tiff else bytes([kind])
        for at, value in enumerate(row):
            left, up, corner = (row[at - 1] if at else 0), prior[at], (prior[at - 1] if at else 0)
            guess = left + up - corner
            paeth = min((abs(guess - left), left), (abs(guess - up), up), (abs(guess - corner), corner),
                        key=lambda pair: pair[0])[1]
            base = left if tiff else [0, left, up, (left + up) // 2, paeth][kind]
            out.append((value - base) & 255)
        prior = row
    return bytes(out)


def lzw(data: bytes) -> bytes:
    """``data`` as PDF's LZWDecode reads it (PDF 32000 §7.4.4, EarlyChange
    1, as TIFF writes it): 9 to 12 bits a code, the first bit highest, 256
    clearing the table before it is full, 257 at the end."""
    out, bits, count = bytearray(), 0, 0

    def put(code: int, width: int) -> None:
        nonlocal bits, count
        bits, count = bits << width | code, count + width
        while count >= 8:
            count -= 8
            out.append(bits >> count & 255)
        bits &= (1 << count) - 1

    table, width, word = {bytes([i]): i for i in range(256)}, 9, b""
    put(256, width)
    for byte in data:
        if word + bytes([byte]) in table:
            word += bytes([byte])
            continue
        put(table[word], width)
        table[word + bytes([byte])] = len(table) + 2
        if len(table) + 2 == 1 << width:  # the reader, a code behind, widens at its next code
            width += 1
        if len(table) + 2 == 4094:
            put(256, width)
            table, width = {bytes([i]): i for i in range(256)}, 9
        word = bytes([byte])
    put(table[word], width) if word else None
    put(257, width)
    return bytes(out + (bytes([bits << (8 - count) & 255]) if count else b""))


def run_length(data: bytes) -> bytes:
    """``data`` as PDF's RunLengthDecode reads it (PDF 32000 §7.4.5): runs
    of one byte repeated (a length 129–255), the rest copied (0–127), 128 at the end."""
    out, at = bytearray(), 0
    while at < len(data):
        same = len(data[at:at + 128]) - len(data[at:at + 128].lstrip(data[at:at + 1]))
        if same > 1:
            out += bytes([257 - same, data[at]])
            at += same
        else:
            out += bytes([0, data[at]])
            at += 1
    return bytes(out + b"\x80")


def spaces_deflated(mebibytes: int) -> bytes:
    """Flate data inflating to ``mebibytes`` MiB of spaces, its end left
    out, made in 10 ms (zlib.compress of 16 MiB: 0.2 s at each import):
    after a full flush zlib writes the same MiB the same bytes."""
    press, mebibyte = zlib.compressobj(9), b" " * (1 << 20)
    first, again = (press.compress(mebibyte) + press.flush(zlib.Z_FULL_FLUSH) for _ in range(2))
    return first + again * (mebibytes - 1)


ACTIVE_PDFS = [
    # An XFA form (Adobe LiveCycle): its scripts run in Acrobat, phones show «Please wait…»;
    # an AcroForm's fields to fill in, without XFA, pass.
    (b"1 0 obj << /Type /Catalog /AcroForm << /Fields [] /XFA 2 0 R >> >> endobj\n"
     b"2 0 obj << /Length 9 >>\nstream\n<xdp:xdp/>\nendstream\nendobj\n", True),
    (b"1 0 obj << /Type /Catalog /AcroForm << /Fields [3 0 R] /NeedAppearances true >> >> endobj\n", False),
    (b"% ghi chu (\n" + OPEN_JS, True),
    (b"%>>stream\n" + OPEN_JS + b"%endstream\n", True),
    (b"2 0 obj << /Title (>>stream\n) >> endobj\n" + OPEN_JS + b"3 0 obj (endstream) endobj\n", True),
    (object_stream(b"/Type /Obj#53tm /Filter /Flate#44ecode", zlib.compress(STREAM_JS)), True),
    (object_stream(b"/Type /ObjStm /Filter /ASCIIHexDecode", STREAM_JS.hex().encode() + b">"), True),
    (object_stream(b"/Type /ObjStm /Filter [/ASCII85Decode /FlateDecode]",
                   base64.a85encode(zlib.compress(STREAM_JS)) + b"~>"), True),
    (object_stream(b"/Type /ObjStm /Filter /FlateDecode", zlib.compress(b"9 0 << /Title (Huong dan /JS) >> % /JS")),
     False),
    (b"% /JavaScript\n" + object_stream(b"/Type /ObjStm /Filter /FlateDecode", zlib.compress(b"9 0 << >>")), False),
    # «endstream» inside a stream's data, then «(»: readers end the data at
    # its /Length; it was read as far as that word, the «(» hiding the rest.
    (b"4 0 obj << /Length 17 >>\nstream\nxx endstream ( yy\nendstream\nendobj\n" + OPEN_JS, True),
    # Flate with a predictor (PNG's five row filters, TIFF's differences),
    # «/Pred#69ctor» escaped: the rows were read as they were written.
    (object_stream(b"/Type /ObjStm /Filter /FlateDecode /DecodeParms << /Pred#69ctor 12 /Columns 7 >>",
                   zlib.compress(predicted(STREAM_JS, 7))), True),
    (object_stream(b"/Type /ObjStm /Filter [/FlateDecode] /DecodeParms [<< /Predictor 2 /Columns 6 >>]",
                   zlib.compress(predicted(STREAM_JS, 6, tiff=True))), True),
    # 16 bits a component; /Columns and /Colors 0, which pdf.js reads as 1
    (object_stream(b"/Type /ObjStm /Filter /FlateDecode /DecodeParms << /Predictor 2 /BitsPerComponent 16 /Columns 3 "
                   b"/Colors 0 >>", zlib.compress(predicted(STREAM_JS, 3, tiff=True, bits=16))), True),
    (object_stream(b"/Type /ObjStm /Filter /FlateDecode /DecodeParms << /Predictor 15 /Columns 0 >>",
                   zlib.compress(predicted(STREAM_JS, 1))), True),
    # LZW, RunLength, a Crypt filter (Identity: the bytes as they are, as
    # pdf.js reads them): not decoded, the script unseen; LZW's predictor
    # undone as Flate's. A title saying «/JS» in LZW is no script.
    (object_stream(b"/Type /ObjStm /Filter /LZWDecode", lzw(STREAM_JS)), True),
    (object_stream(b"/Type /ObjStm /Filter [/AHx /LZW] /DecodeParms [null << /Predictor 12 /Columns 5 >>]",
                   lzw(predicted(STREAM_JS, 5)).hex().encode()), True),
    (object_stream(b"/Type /ObjStm /Filter /RunLengthDecode", run_length(STREAM_JS.replace(b" (", b"      ("))), True),
    (object_stream(b"/Type /ObjStm /Filter /Crypt /DecodeParms << /Name /Identity >>", STREAM_JS), True),
    (object_stream(b"/Type /ObjStm /Filter /LZWDecode", lzw(b"9 0 << /Title (Huong dan /JS) >>")), False),
    # Flate whose checksum is wrong: pdf.js never reads it, zlib refused
    # the whole stream (the script after 200 KB: the desk's inflating gives
    # it in pieces). And its data damaged after the script.
    (object_stream(b"/Type /ObjStm /Filter /FlateDecode", zlib.compress(bytes(200_000) + STREAM_JS)[:-4] + bytes(4)),
     True),
    (object_stream(b"/Type /ObjStm /Filter /FlateDecode", zlib.compress(STREAM_JS + bytes(5000), 0)[:-99] + b"\xff" * 99),
     True),
    # An object stream without its /Type: pdf.js reads any stream the
    # cross-reference names as one, by its /First and /N.
    (object_stream(b"/Filter /FlateDecode", zlib.compress(STREAM_JS)), True),
    # An action's type after /S even before «[»; a place's name after /D,
    # or before «[» («/#4A#53»: a place named «JS»).
    (b"1 0 obj << /OpenAction << /S /Launch [] /F (cmd.exe) >> >> endobj\n", True),
    (b"1 0 obj << /Dests << /#4A#53 [3 0 R /Fit] >> /A << /S /GoTo /D /Launch >> >> endobj\n", False),
    # 16 MiB of padding inflated first (rules.PDF_OBJECTS_READ), then a
    # script: the script was never read. A PDF whose objects are not all
    # read is refused.
    (object_stream(b"/Type /ObjStm /Filter /FlateDecode", spaces_deflated(16))
     + object_stream(b"/Type /ObjStm /Filter /FlateDecode", zlib.compress(STREAM_JS)), True),
]


def pdf_update(data: bytes, objects: dict[int, bytes]) -> bytes:
    """``data``, a PDF, saved again as Acrobat and signing tools save:
    ``objects`` ({number: body}, new or replacing) appended after its
    ``%%EOF`` with their own cross-reference section (PDF 32000 §7.5.6)."""
    previous = int(data.rsplit(b"startxref", 1)[1].split()[0])
    size = int(re.findall(rb"/Size (\d+)", data)[-1])
    out, offsets = bytearray(data), {}
    for number, body in objects.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    start = len(out)
    out += b"xref\n" + b"".join(b"%d 1\n%010d 00000 n \n" % (number, offsets[number]) for number in sorted(offsets))
    out += b"trailer\n<< /Size %d /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        max(size, *(n + 1 for n in objects)), previous, start)
    return bytes(out)


def docx(text: str) -> bytes:
    """A one-paragraph .docx (Office Open XML) that Word opens."""
    import zipfile

    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


def copy_corpus(corpus: Path, content: Path) -> None:
    """Generated articles (``tests.support.generate``) under content/bench/,
    their photos under content/images/bench/, documents (if any) under
    content/van-ban/."""
    shutil.copytree(corpus / "articles", content / "bench", dirs_exist_ok=True)
    shutil.copytree(corpus / "images", content / "images", dirs_exist_ok=True)
    if (corpus / "van-ban").is_dir():
        shutil.copytree(corpus / "van-ban", content / "van-ban", dirs_exist_ok=True)


# --- Serving -------------------------------------------------------------------
# The strict policy of the visit-counter issue (no inline script or style,
# our own host only), as the static host sends it, with the one addition
# Pagefind needs: 'wasm-unsafe-eval' to compile its WebAssembly (on the
# page: search.js turns Pagefind's worker off). The counter is off in the
# sites served with it, so no counter origin is allowed.
STRICT_CSP = (
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self'; font-src 'self'; connect-src 'self'; manifest-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def served_build(tmp_path_factory, name: str, files: dict[str, str | bytes], categories,
                 corpus=None) -> tuple[Site, str]:
    """The real content plus ``files`` (and a generated corpus: ``corpus(folder)``
    writes it, see ``copy_corpus``), built with production settings for the
    address it is served at, with the strict CSP: (Site, base URL). Built
    and served once a session (``built_once``, ``serve_in_background``):
    the xdist workers share the build and its address."""

    def build(base: Path) -> None:
        content = base / "content"
        shutil.copytree(CONTENT, content)
        write_files(content, files)
        if corpus:
            corpus(base / "corpus")
            copy_corpus(base / "corpus", content)
        output = base / "output"
        output.mkdir()
        server, url = serve_in_background(output, {"Content-Security-Policy": STRICT_CSP}, base / "url")
        try:
            settings = settings_file(base / "settings.py", "publishconf",
                                     categories_line(categories) + "VISIT_COUNTER = {'provider': 'none'}\n")
            result = run_pelican(content, output, settings, env={"SITEURL": url})
            assert result.returncode == 0, result.stdout + result.stderr
        except BaseException:
            server.kill()
            raise

    base = built_once(tmp_path_factory, name, build)
    return Site(base / "output"), (base / "url").read_text(encoding="utf-8")


_SERVERS: list[subprocess.Popen] = []


def serve_in_background(folder: Path, headers: dict[str, str], url_file: Path) -> tuple[subprocess.Popen, str]:
    """``serve_folder`` in a process of its own (``tests/support/serve.py``)
    that lasts as long as the test session (the xdist controller, or this
    process without xdist), not as the worker that started it: another
    worker may still be reading the site. (process, base URL)."""
    session = os.getppid() if "PYTEST_XDIST_WORKER" in os.environ else os.getpid()
    log = url_file.with_name(url_file.name + ".log")
    with open(log, "wb") as errors:
        server = subprocess.Popen(
            [sys.executable, "-m", "tests.support.serve", str(folder), str(url_file), json.dumps(headers),
             str(session)], cwd=ROOT, stdin=subprocess.DEVNULL, stdout=errors, stderr=errors,
            start_new_session=True)
    _SERVERS.append(server)  # never collected while it runs (ResourceWarning)
    for _ in range(600):
        if url_file.is_file():
            return server, url_file.read_text(encoding="utf-8")
        if server.poll() is not None:
            raise RuntimeError(f"the server of {folder} stopped: {log.read_text(encoding='utf-8', errors='replace')}")
        time.sleep(0.05)
    server.kill()
    raise RuntimeError(f"the server of {folder} did not start in 30 s")


class _Handler(http.server.SimpleHTTPRequestHandler):
    extra_headers: dict[str, str] = {}

    def send_error(self, code, message=None, explain=None):
        """A missing address answers the site's 404.html, with status 404, as
        GitHub Pages, Netlify and Cloudflare Pages do."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def end_headers(self):
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A browser that closes a connection mid-file (a page left, a
        context closed) is not an error of the site: no traceback in the
        suite's output. Anything else is printed as before."""
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


def serve_folder(folder: Path, headers: dict[str, str] | None = None, host: str = "127.0.0.1"):
    """Serve a folder on a free port in a thread; returns (server, base URL)."""
    handler = type("Handler", (_Handler,), {"extra_headers": dict(headers or {})})
    server = _QuietServer((host, 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://{host}:{server.server_address[1]}"


def as_an_editor():
    """In a child about to run as root: drop the capabilities that let root
    ignore permissions (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER),
    so a read-only folder is read-only to it, as to an editor's account."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2, 3):
        if libc.prctl(24, capability, 0, 0, 0):  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


# Giới thiệu's facts file (content/pages/gioi-thieu.yaml's shape), small and
# good: the cases of its rules change one thing in it (facts_with).
GOOD_FACTS = """\
nguon:
  mot:
    ten: Nguồn thử
    url: https://example.org/
moc:
  - ngay: 1999-06-07
    noi_dung: Thành lập.
    nguon: mot
so_lieu:
  - con_so: "25"
    noi_dung: hội thành viên
    tinh_den: 2019-06-07
    nguon: mot
"""


def facts_with(old: str, new: str) -> str:
    """GOOD_FACTS with one change (``old`` found once)."""
    assert GOOD_FACTS.count(old) == 1, old
    return GOOD_FACTS.replace(old, new)
