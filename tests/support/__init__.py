"""Helpers shared by the tests and the benchmarks (``bench/``): build small
sites, read them, compare two builds, serve a folder, start Chromium.

Signals are global to the process: every in-process build disconnects all
receivers afterwards, so one test's plugins never run in the next build.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import textwrap
import threading
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# The sample site's articles alternate between the first two; the real
# sections (pelicanconf.CATEGORIES) are all there, as MENU names them.
SAMPLE_CATEGORIES = ["Tin hoạt động LHH", "Tư vấn – phản biện", "Hội thành viên"]
# What a small test site built with the project's settings needs: the real
# menu and old addresses name pages such a site does not have.
SMALL_SITE = {"MENU": [("Trang chủ", "index")], "OLD_URLS": {}}
SMALL_SITE_LINES = "MENU = [('Trang chủ', 'index')]\nOLD_URLS = {}\n"
# Articles generated (tests.support.generate) for the parallel builds' corpus.
GENERATED_ARTICLES = 60
# Far wider than a phone's screen when unbroken (tests/test_phones.py): in the
# newest sample article's title, summary, tags and body.
LONG_WORD = "Từsiêudàikhôngcódấucáchnào" * 4
LONG_URL = "https://vustathaibinh.org.vn/tailieu/" + "hosohoithaotuvanphanbien" * 8 + "2024.pdf"
# The editors' desk (plugins.desk) is no page of the site: Site.html_files()
# leaves it out; tests/test_desk*.py test it.
DESK_FOLDER = "quan-tri"


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
        site: no menu, counter, Open Graph or canonical of their own. The
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
    from pelican.plugins import signals

    for value in vars(signals).values():
        receivers = getattr(value, "receivers", None)
        if isinstance(receivers, dict):
            receivers.clear()


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
    try:
        Pelican(settings).run()
    finally:
        disconnect_all_signals()
        reset_sitemap()
    return Site(output)


def run_pelican(content: Path, output: Path, settings_file: Path = ROOT / "pelicanconf.py",
                env: dict | None = None, *extra: str) -> subprocess.CompletedProcess:
    """Build as editors and CI do: ``pelican content -s SETTINGS -o DIR``."""
    return subprocess.run(
        [str(BIN / "pelican"), str(content), "-s", str(settings_file), "-o", str(output), *extra],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8",
        env={**os.environ, "COLUMNS": "400", **(env or {})},  # one log record, one line
        timeout=300,
    )


def sample_files() -> dict[str, str]:
    """Test-only articles (never published) that exercise every page type:
    pagination (>10 articles), two categories, tags, FAQ items, and words
    and URLs wider than a phone (``LONG_WORD``, ``LONG_URL``)."""
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
        Date: 2024-05-01
        Organization: Đơn vị thử nghiệm

        Câu trả lời thử nghiệm thứ nhất.
        """
    files["hoi-dap/cau-hoi-thu-nghiem-2.md"] = """
        Title: Câu hỏi thử nghiệm thứ hai?
        Date: 2024-06-01

        Câu trả lời thử nghiệm thứ hai.
        """
    return files


def copy_corpus(corpus: Path, content: Path) -> None:
    """Generated articles (``tests.support.generate``) under content/bench/,
    their photos under content/images/bench/."""
    shutil.copytree(corpus / "articles", content / "bench", dirs_exist_ok=True)
    shutil.copytree(corpus / "images", content / "images", dirs_exist_ok=True)


# --- Serving -------------------------------------------------------------------
class _Handler(http.server.SimpleHTTPRequestHandler):
    extra_headers: dict[str, str] = {}

    def end_headers(self):
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, *args):
        pass


def serve_folder(folder: Path, headers: dict[str, str] | None = None, host: str = "127.0.0.1"):
    """Serve a folder on a free port in a thread; returns (server, base URL)."""
    handler = type("Handler", (_Handler,), {"extra_headers": dict(headers or {})})
    server = http.server.ThreadingHTTPServer(
        (host, 0), functools.partial(handler, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://{host}:{server.server_address[1]}"
