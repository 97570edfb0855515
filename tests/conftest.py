"""Shared fixtures: build small sites, read them, serve them, drive Chromium.

Signals are global to the process: every in-process build disconnects all
receivers afterwards, so one test's plugins never run in the next build.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


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

    def html_files(self) -> list[Path]:
        return sorted(self.output.rglob("*.html"))

    def url_of(self, path: Path) -> str:
        relative = path.relative_to(self.output).as_posix()
        return relative.removesuffix("index.html")


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


def disconnect_all_signals() -> None:
    from pelican.plugins import signals

    for value in vars(signals).values():
        receivers = getattr(value, "receivers", None)
        if isinstance(receivers, dict):
            receivers.clear()


def build_in_process(content: Path, output: Path, settings_file: Path = ROOT / "pelicanconf.py",
                     **overrides) -> Site:
    """Build with Pelican in this process (fast, for many small sites).

    Raises what Pelican raises: with our fatal logging, an editor's mistake
    is a RuntimeError or ContentError after its message is logged.
    """
    from pelican import Pelican
    from pelican.settings import read_settings

    settings = read_settings(
        str(settings_file),
        override={"PATH": str(content), "OUTPUT_PATH": str(output), **overrides},
    )
    try:
        Pelican(settings).run()
    finally:
        disconnect_all_signals()
    return Site(output)


def run_pelican(content: Path, output: Path, settings_file: Path = ROOT / "pelicanconf.py",
                env: dict | None = None) -> subprocess.CompletedProcess:
    """Build as editors and CI do: ``pelican content -s SETTINGS -o DIR``."""
    import os

    return subprocess.run(
        [str(BIN / "pelican"), str(content), "-s", str(settings_file), "-o", str(output)],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", env={**os.environ, **(env or {})},
        timeout=300,
    )


@pytest.fixture
def make_site(tmp_path):
    """make_site(files, **settings) builds a small site from only `files`
    (with a one-item menu unless MENU is given: the real menu names pages
    that a small site does not have)."""

    def make(files: dict[str, str | bytes], **overrides) -> Site:
        content = tmp_path / "content"
        write_files(content, files)
        overrides.setdefault("MENU", [("Trang chủ", "index")])
        return build_in_process(content, tmp_path / "output", **overrides)

    return make


SAMPLE_CATEGORIES = ["Tin hoạt động LHH", "Tư vấn – phản biện"]


def sample_files() -> dict[str, str]:
    """Test-only articles (never published) that exercise every page type:
    pagination (>10 articles), two categories, tags, FAQ items."""
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


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    """The real content, built with production settings by the command CI
    uses: ``pelican content -s publishconf.py -o DIR``."""
    output = tmp_path_factory.mktemp("site") / "output"
    result = run_pelican(ROOT / "content", output, ROOT / "publishconf.py")
    assert result.returncode == 0, result.stdout + result.stderr
    return Site(output)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Site:
    """The real content plus test-only articles and FAQ items, built with
    development settings: every page type exists, pagination included."""
    base = tmp_path_factory.mktemp("sample")
    content = base / "content"
    shutil.copytree(ROOT / "content", content)
    write_files(content, sample_files())
    settings = base / "settings.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n"
        "from pelicanconf import *\n"
        f"CATEGORIES = {SAMPLE_CATEGORIES!r}\n",
        encoding="utf-8",
    )
    result = run_pelican(content, base / "output", settings)
    assert result.returncode == 0, result.stdout + result.stderr
    return Site(base / "output")


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


@pytest.fixture(scope="session")
def sample_server(sample_site):
    server, url = serve_folder(sample_site.output)
    yield url
    server.shutdown()


# --- Chromium (pytest-playwright, pointed at Debian's chromium) -------------------
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS],
    }
