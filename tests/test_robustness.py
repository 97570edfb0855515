"""Whatever an editor's file holds, the checker and the build answer with a
message naming it, never a traceback (Hypothesis).

A valid article (headers, summary, tags, a photo, a table, links) is
mutated the ways files get damaged or mistyped: cut anywhere, random bytes,
stray control characters, a huge line, odd Unicode (combining marks, RTL
overrides, zero-width and full-width characters, emoji, NFD), re-encoded as
UTF-16 or Windows-1258, active HTML pasted in; its header block with keys
duplicated, reordered, lower- or upper-cased, dropped or emptied; its photo
cut short. Each example is written to a fresh content folder, then:

- the checker (in process) must not raise, and each error line names the
  file;
- the build (in process, the project's settings read once, search and the
  parallel plugins off: 0.2–0.5 s a build) either succeeds, or stops with
  the errors Pelican's command turns into short lines (``ContentError``, or
  the RuntimeError of the fatal logger after an error record), at least one
  error record naming the file, and no record carrying a traceback;
- what the checker accepts builds (a header block naming a key twice
  included: both refuse it with the same line, rules.duplicate_header).

Examples are derandomised (the same ones on every run, no database), 120
per test, two tests: about a minute each on our 2-core machine.
"""

from __future__ import annotations

import copy
import logging
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugins.core.errors import ContentError, is_settings_error
from tests.support import CONTENT, ROOT, disconnect_all_signals, reset_sitemap, write_files
from tests.support.photos import encoded, quadrant_image
from workflow.check import Config, check

SETTINGS_FILE = ROOT / "tests" / "corpus" / "settings.py"
NAME = "2025/bai-thu.md"
HEADERS = [
    ("Title", "Hội thảo tư vấn, phản biện phương án phát triển"),
    ("Date", "2025-03-01 08:30"),
    ("Author", "Ban thông tin"),
    ("Category", "Tin hoạt động LHH"),
    ("Tags", "Hội thảo, Tư vấn phản biện"),
    ("Summary", "Liên hiệp Hội tổ chức hội thảo."),
]
BODY = """Sáng ngày 1/3, Liên hiệp Hội tổ chức **hội thảo** tại [trụ sở](https://lhh.example.vn).

![Quang cảnh hội thảo]({static}/images/anh.png)

| Đơn vị | Số hội viên |
|---|---|
| Hội A | 120 |

Xem thêm [bài trước]({filename}/2025/bai-khac.md) và H<sub>2</sub>O.
"""
OTHER = "Title: Bài khác\nDate: 2025-01-01\nAuthor: Ban thông tin\nCategory: Tin hoạt động LHH\n\nNội dung.\n"
PHOTO = encoded(quadrant_image(64, 48), "PNG")

ODD = ["\u0301\u0323", "\u202e", "\u200b\u200d", "\ufeff", "Ｔｉｔｌｅ", "😀🇻🇳", "Hội".encode().decode(),
       "Ho\u0302\u0323i", "\x00", "\x0c", "\x1b[31m", "\r", "\u2028", "\ud7ff", "ǅ", "İ", "ß"]
SNIPPETS = ["<script>alert(1)</script>", "<iframe src=https://x.example>", '<img src=x onerror=alert(1)>',
            "[x](javascript:alert(1))", "{: onclick='x' }", "<div>", "</p></div>", "<!--", "```",
            "![]({static}/images/khong-co.png)", "[^1]", "*[A]:", "https://www.youtube.com/watch?v=M7lc1UVf-VE",
            "{static}", "|---|", "    code", "> ", "---", "Title: Tiêu đề thứ hai", "<", "&#0;", "&#x110000;",
            # what a paste brings: photos left elsewhere or without a source, a rule-less table
            "\n![Ảnh](https://lh7-rt.googleusercontent.com/d/x?key=y)\n", '\n<img src="" alt="Ảnh">\n',
            "![Ảnh]()", '<img src="//cdn.example.org/a.jpg" alt="A">', "![Ảnh](../../ngoai.png)",
            '<img src="file:///C:/Temp/clip_image002.jpg" alt="A">', "\n\n| Chỉ tiêu | 2025 |\n| Số | 44 |\n\n",
            "\n\n[Ảnh chưa được chèn — chèn ảnh bằng nút Ảnh rồi xoá dòng này]\n\n"]


@st.composite
def header_block(draw) -> list[tuple[str, str]]:
    """The headers with keys duplicated, reordered, re-cased, dropped or emptied."""
    headers = list(HEADERS)
    for _ in range(draw(st.integers(0, 3))):
        operation = draw(st.sampled_from(["duplicate", "reorder", "case", "drop", "empty", "unknown"]))
        index = draw(st.integers(0, max(len(headers) - 1, 0)))
        if not headers:
            break
        key, value = headers[index]
        if operation == "duplicate":
            headers.insert(index + 1, (key, draw(st.sampled_from([value, "Khác", ""]))))
        elif operation == "reorder":
            headers.insert(draw(st.integers(0, len(headers) - 1)), headers.pop(index))
        elif operation == "case":
            headers[index] = (draw(st.sampled_from([key.lower(), key.upper(), key.swapcase()])), value)
        elif operation == "drop":
            headers.pop(index)
        elif operation == "empty":
            headers[index] = (key, "")
        else:
            headers.insert(index, (draw(st.sampled_from(["Tittle", "Ngày", "Key With Space", "x"])), value))
    return headers


@st.composite
def damaged(draw, text: str) -> bytes:
    """``text`` encoded, then cut, spliced with bytes, control characters,
    odd Unicode, pasted HTML or a huge line, or re-encoded."""
    data = text.encode("utf-8")
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["cut", "bytes", "odd", "snippet", "huge", "encoding"]))
        if kind == "cut":
            data = data[:at]
        elif kind == "bytes":
            data = data[:at] + draw(st.binary(min_size=1, max_size=12)) + data[at:]
        elif kind == "odd":
            data = data[:at] + draw(st.sampled_from(ODD)).encode("utf-8", "surrogatepass") + data[at:]
        elif kind == "snippet":
            data = data[:at] + draw(st.sampled_from(SNIPPETS)).encode() + data[at:]
        elif kind == "huge":
            data = data[:at] + ("chữ " * draw(st.integers(2_000, 60_000))).encode() + data[at:]
        else:
            encoding = draw(st.sampled_from(["utf-16", "cp1258", "utf-8-sig"]))
            data = data.decode("utf-8", "replace").encode(encoding, "replace")
    return data


@st.composite
def article_file(draw) -> bytes:
    headers = draw(header_block())
    text = "\n".join(f"{key}: {value}" for key, value in headers) + "\n\n" + BODY
    return draw(damaged(text))


@pytest.fixture(scope="module")
def base_settings():
    from pelican.settings import read_settings

    return read_settings(str(SETTINGS_FILE), override={
        "PATH": str(CONTENT), "MENU": [("Trang chủ", "index")], "SEARCH": {"enabled": False},
        "PARALLEL_READ": {"enabled": False}, "PARALLEL_WRITE": {"enabled": False},
        "DERIVATIVE_CACHE": {"enabled": False},
    })


class Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


def build(settings: dict, content: Path, output: Path) -> tuple[BaseException | None, list[logging.LogRecord]]:
    from pelican import Pelican

    handler = Records()
    logging.getLogger().addHandler(handler)
    try:
        Pelican({**copy.deepcopy(settings), "PATH": str(content), "OUTPUT_PATH": str(output)}).run()
        error = None
    except Exception as raised:  # noqa: BLE001  judged by the caller: the kind of exception is the test
        error = raised
    finally:
        logging.getLogger().removeHandler(handler)
        disconnect_all_signals()
        reset_sitemap()  # else the next build in this process writes no sitemap.xml
    return error, handler.records


def judge(data: bytes, photo: bytes, settings: dict) -> None:
    with tempfile.TemporaryDirectory(prefix="robust-") as work:
        content = Path(work) / "content"
        write_files(content, {NAME: data, "2025/bai-khac.md": OTHER, "images/anh.png": photo})
        # The checker: never raises; each error names the file.
        config = Config.from_settings({**settings, "PATH": str(content)})
        problems = check(config)
        named = [p for p in problems if p.path.name == "bai-thu.md" or p.path.name == "anh.png"]
        assert all(not p.warning or p in named for p in problems)
        assert [p for p in problems if not p.warning and p not in named] == [], problems
        # The build: succeeds, or stops with a short line naming the file.
        error, records = build(settings, content, Path(work) / "output")
        assert not [r for r in records if r.exc_info], [r.getMessage() for r in records if r.exc_info]
        if not [p for p in problems if not p.warning]:
            assert error is None, ("the checker accepted it, the build did not", error)
        if error is None:
            assert (Path(work) / "output" / "index.html").is_file()
            return
        stops_quietly = isinstance(error, ContentError) or is_settings_error(error) or (
            isinstance(error, RuntimeError) and str(error) == "Warning or error encountered")
        assert stops_quietly, f"{type(error).__name__}: {error}"
        errors = [r.getMessage() for r in records if r.levelno >= logging.ERROR]
        assert any("bai-thu.md" in message or "anh.png" in message for message in errors), errors



BOUNDS = settings(max_examples=120, deadline=timedelta(seconds=30), derandomize=True, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                         HealthCheck.function_scoped_fixture])


@BOUNDS
@given(data=article_file())
def test_a_damaged_article_is_a_message_never_a_traceback(base_settings, data):
    judge(data, PHOTO, base_settings)


@BOUNDS
@given(headers=header_block(), cut=st.integers(0, len(PHOTO)), extra=st.binary(max_size=16))
def test_mistyped_headers_and_a_damaged_photo_are_messages(base_settings, headers, cut, extra):
    text = "\n".join(f"{key}: {value}" for key, value in headers) + "\n\n" + BODY
    judge(text.encode(), PHOTO[:cut] + extra, base_settings)
