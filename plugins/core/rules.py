"""Pure rules for Vietnamese content, shared by the Pelican plugins and the
content checker (``invoke check``): functions of strings, no signals.

Messages are in Vietnamese: editors read them.
"""

from __future__ import annotations

import difflib
import functools
import html
import re
import unicodedata
from datetime import datetime

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify as pelican_slugify

from plugins.core.errors import ContentError, display_path  # noqa: F401  (re-exported)

DATE_FORM = "YYYY-MM-DD hoặc YYYY-MM-DD HH:MM (ví dụ 2020-11-11 hoặc 2020-11-11 08:30)"
_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}))?$")


# Hỏi & đáp items live here under content/ (read by the bulletin plugin).
FAQ_PATH = "hoi-dap"


def nfc(text: str) -> str:
    """Compose text to NFC: NFD input (some Vietnamese keyboards) must give
    exactly the same site as NFC input."""
    return unicodedata.normalize("NFC", text)


def parse_date(value: str) -> datetime:
    """Parse an ISO date ``YYYY-MM-DD[ HH:MM]`` into a naive datetime.

    Raises ContentError (in Vietnamese) for anything else: dateutil, which
    Pelican uses, would read ``05/03/2025`` as 3 May.
    """
    text = value.strip()
    match = _DATE_RE.match(text)
    if not match:
        raise ContentError(
            f"ngày «{text}» không đúng dạng — hãy viết theo dạng {DATE_FORM}"
        )
    year, month, day, hour, minute = (int(g) if g else 0 for g in match.groups())
    try:
        return datetime(year, month, day, hour, minute)
    except ValueError:
        raise ContentError(
            f"ngày «{text}» không có thật trên lịch — hãy sửa lại ngày, "
            f"theo dạng {DATE_FORM}"
        ) from None


@functools.lru_cache(maxsize=8192)
def slugify(text: str) -> str:
    """ASCII slug: tones dropped, đ→d (``tin-hoat-dong-lhh``), exactly as
    Pelican makes it for titles, categories and tags."""
    return pelican_slugify(text, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])


def canonical_spellings(names) -> dict[str, str]:
    """Map every spelling of a tag to one spelling per slug.

    Tags that differ only in tone placement or case (``Thái Thuỵ`` and
    ``Thái Thụy``) share a slug. The spelling used most wins; a tie goes to
    the first in Unicode order, so the choice never depends on file order.
    """
    counts: dict[str, dict[str, int]] = {}
    for name in names:
        spellings = counts.setdefault(slugify(name), {})
        spellings[name] = spellings.get(name, 0) + 1
    chosen = {}
    for spellings in counts.values():
        best = min(spellings, key=lambda s: (-spellings[s], s))
        for spelling in spellings:
            chosen[spelling] = best
    return chosen


def header_line(text: str, key: str) -> int:
    """1-based line number of header ``key`` in a Markdown file's text, or 1."""
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*:", re.IGNORECASE)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            break
        if pattern.match(line):
            return number
    return 1


# --- Headers -------------------------------------------------------------------
# Every header key an article, page or Hỏi & đáp item may use, spelled as
# editors write them. Keys are case-insensitive (Markdown lower-cases them).
KNOWN_HEADERS = (
    "Title", "Date", "Modified", "Author", "Authors", "Category", "Tags",
    "Summary", "Slug", "Status", "Template", "Image", "Caption", "Subtitle",
    "Organization", "Counter", "Save_as", "Url", "Lang",
)
# Required headers by kind of file: articles, pages (content/pages/) and
# Hỏi & đáp items (content/hoi-dap/). ``Author`` is satisfied by ``Authors``.
REQUIRED_HEADERS = {
    "article": ("Title", "Date", "Author", "Category"),
    "page": ("Title",),
    "faq": ("Title", "Date"),
}
STATUSES = ("published", "draft", "hidden")


def missing_header(key: str) -> str:
    """The message for a required header that is missing or empty."""
    return (
        f"thiếu dòng «{key}:» ở đầu tệp — "
        f"thêm dòng «{key}: …» vào phần đầu (trước dòng trống đầu tiên)"
    )


def empty_header(key: str) -> str:
    """The message for a required header whose value is empty."""
    return f"dòng «{key}:» để trống — viết {key} ngay sau dấu hai chấm"


def closest(word: str, choices) -> str | None:
    """The choice nearest to ``word`` (a typo such as ``Tittle``), compared
    without case and tone marks first, then by similarity; None if none is
    close."""
    choices = list(choices)
    for choice in choices:
        if slugify(choice) == slugify(word):
            return choice
    lowered = {choice.lower(): choice for choice in choices}
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def split_list(value: str) -> list[str]:
    """Split a ``Tags``/``Authors`` value as Pelican does: on semicolons if
    there is one, else on commas; items stripped, empty ones dropped."""
    parts = value.split(";") if ";" in value else value.split(",")
    return [part.strip() for part in parts if part.strip()]


def title_slug(title: str) -> str:
    """The slug Pelican gives an item without a ``Slug`` header: the title as
    the ``vietnamese`` reader passes it on (NFC, HTML-escaped), slugified."""
    return slugify(html.escape(nfc(title).strip(), quote=False))


# --- Encodings ------------------------------------------------------------------
SAVE_AS_UTF8 = (
    "mở tệp trong trình soạn thảo và lưu lại với bảng mã UTF-8 "
    "(Notepad: Lưu thành… › Mã hoá: UTF-8; VS Code: bấm tên bảng mã ở góc dưới "
    "› Lưu với bảng mã › UTF-8)"
)
# Bytes that Windows-1258 alone gives Vietnamese meaning: the combining tone
# marks and ă Ă đ Đ ơ Ơ ư Ư.
CP1258_MARKERS = frozenset(b"\xcc\xec\xd2\xde\xf2\xc3\xe3\xd0\xf0\xd5\xf5\xdd\xfd")


def encoding_problem(data: bytes) -> tuple[int, str] | None:
    """(line, message) when a file's bytes are not UTF-8 text (UTF-16, or
    what Windows-1258/1252 makes of Vietnamese), else None. A UTF-8
    byte-order mark is not a problem here (the checker reports it apart)."""
    import codecs

    body = data.removeprefix(codecs.BOM_UTF8)
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in body[:4096]:
        return 1, f"tệp được lưu theo bảng mã UTF-16 (Unicode), không phải UTF-8 — {SAVE_AS_UTF8}"
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as error:
        line = body.count(b"\n", 0, error.start) + 1
        guess = "Windows-1258" if CP1258_MARKERS & set(body) else "Windows-1252"
        return line, f"tệp không phải UTF-8 mà có vẻ là bảng mã {guess} — {SAVE_AS_UTF8}"
    return None


def collision_message(url: str) -> str:
    """The message for two items that would be written to one URL."""
    return (
        f"trùng địa chỉ «{url}» "
        "(tiêu đề giống nhau khi bỏ dấu) — thêm vào phần đầu của một trong "
        "hai tệp dòng «Slug: …» với một địa chỉ khác, ví dụ «Slug: "
        "hoi-nghi-tong-ket-2025»"
    )
