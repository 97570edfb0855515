"""Pure rules for Vietnamese content, shared by the Pelican plugins and the
content checker (``invoke check``): functions of strings, no signals.

Messages are in Vietnamese: editors read them.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import html
import os
import posixpath
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify as pelican_slugify

from plugins.core.errors import ContentError, display_path
from plugins.core.safe_html import body_start

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
            f"ngày «{text}» không đúng dạng — hãy viết theo dạng {DATE_FORM}{spelled_date(text)}"
        )
    year, month, day, hour, minute = (int(g) if g else 0 for g in match.groups())
    try:
        return datetime(year, month, day, hour, minute)
    except ValueError:
        raise ContentError(
            f"ngày «{text}» không có thật trên lịch — hãy sửa lại ngày, "
            f"theo dạng {DATE_FORM}"
        ) from None


# A date as Vietnamese write it, day first («5/12/2026», «05-12-2026»,
# «ngày 5 tháng 12 năm 2026»), or year first but not ISO («2026-12-5»,
# «2026/12/05»), with a time or not («8:30», «8h30», «08:30:00»,
# «2026-12-05T08:30»).
_TIME_PART = (r"(?:\s*(?:,|T|\s)\s*(?:lúc\s+)?(?P<hour>\d{1,2})\s*(?::|h|giờ)\s*"
              r"(?P<minute>\d{1,2})?(?::\d{2})?\s*(?:phút)?)?\s*$")
_SPELLED_DATES = [re.compile(pattern + _TIME_PART, re.IGNORECASE) for pattern in (
    r"^(?:ngày\s*)?(?P<day>\d{1,2})\s*([/.-])\s*(?P<month>\d{1,2})\s*\2\s*(?P<year>\d{4})",
    r"^(?:ngày\s*)?(?P<day>\d{1,2})\s+tháng\s+(?P<month>\d{1,2})\s*,?\s*năm\s+(?P<year>\d{4})",
    r"^(?P<year>\d{4})\s*([/.-])\s*(?P<month>\d{1,2})\s*\2\s*(?P<day>\d{1,2})",
)]


def spelled_date(text: str) -> str:
    """What a date written another way than ``parse_date`` reads is, in
    its form: «; ngày 5 tháng 12 năm 2026 viết là «2026-12-05»». DATE_FORM's
    example (2020-11-11) does not say which is the month: «5/12/2026»
    rewritten as «2026-05-12» was a valid date, in May. "" when ``text`` is
    not such a date."""
    for pattern in _SPELLED_DATES:
        match = pattern.match(nfc(text))
        if match:
            break
    else:
        return ""
    year, month, day = (int(match[name]) for name in ("year", "month", "day"))
    hour, minute = (int(match[name]) if match[name] else None for name in ("hour", "minute"))
    try:
        datetime(year, month, day, hour or 0, minute or 0)
    except ValueError:
        return (f"; ngày {day} tháng {month} năm {year}" + (f" lúc {hour}:{minute or 0:02d}" if hour is not None
                                                            else "") + " không có thật trên lịch")
    if hour is None:
        return f"; ngày {day} tháng {month} năm {year} viết là «{year:04d}-{month:02d}-{day:02d}»"
    return (f"; ngày {day} tháng {month} năm {year} lúc {hour}:{minute or 0:02d} viết là "
            f"«{year:04d}-{month:02d}-{day:02d} {hour:02d}:{minute or 0:02d}»")


@functools.lru_cache(maxsize=8192)
def slugify(text: str) -> str:
    """ASCII slug: tones dropped, đ→d (``tin-hoat-dong-lhh``), exactly as
    Pelican makes it for titles, categories and tags."""
    return pelican_slugify(text, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])


def canonical_spellings(names) -> dict[str, str]:
    """Map every spelling of a tag to one spelling per slug.

    Tags that differ only in tone placement or case (``Thái Thuỵ`` and
    ``Thái Thụy``) share a slug. A spelling with tone marks wins over one
    without (``Hội thảo`` over ``Hoi thao``: a new article typed without
    marks renamed the tag on every older page, ASCII sorting first); then
    the spelling used most, then the one with more marks, then the first in
    Unicode order, so the choice never depends on file order.
    """
    counts: dict[str, dict[str, int]] = {}
    for name in names:
        spellings = counts.setdefault(slugify(name), {})
        spellings[name] = spellings.get(name, 0) + 1
    chosen = {}
    for spellings in counts.values():
        best = min(spellings, key=lambda s: (_marks(s) == 0, -spellings[s], -_marks(s), s))
        for spelling in spellings:
            chosen[spelling] = best
    return chosen


def _marks(text: str) -> int:
    """How many tone and vowel marks (and đ) a spelling has."""
    return sum(1 for c in unicodedata.normalize("NFD", text) if unicodedata.combining(c)) + text.lower().count("đ")


def header_line(text: str, key: str) -> int:
    """1-based line number of header ``key`` in a Markdown file's text, or 1."""
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*:", re.IGNORECASE)
    for number, line in enumerate(text_lines(text), start=1):
        if not line.strip():
            break
        if pattern.match(line):
            return number
    return 1


# Python-Markdown's meta extension, which Pelican's Markdown reader uses: a
# header line, and a continuation of the header above it.
META_RE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
META_MORE_RE = re.compile(r"^[ ]{4,}(?P<value>.*)")


def indented_headers(text: str) -> list[tuple[int, str]]:
    """(line, message) for each header line typed with spaces or a tab
    before it (4 or more, a tab counting 4, as Python-Markdown expands
    them): Markdown reads it as the rest of the line above, so «\tTags: Hội
    nghị» under «Category: Tin hoạt động LHH» made the category «Tin hoạt
    động LHH Tags: Hội nghị» and the article lost its tags."""
    known = {name.lower() for name in KNOWN_HEADERS}
    known |= {name.lower() for names in EXTRA_HEADERS.values() for name in names}
    found, previous = [], None
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r").expandtabs(4)
        if not line.strip():
            break  # the end of the headers
        match = META_RE.match(line)
        if match:
            previous = match["key"]
            continue
        more = META_MORE_RE.match(line)
        head = re.match(r"(?P<key>[A-Za-z0-9_-]+):", more["value"]) if more else None
        if previous and head and head["key"].lower() in known:
            shown = line.strip() if len(line.strip()) <= 40 else line.strip()[:40] + "…"
            found.append((number, f"dòng «{shown}» có khoảng trắng ở đầu dòng nên bị đọc là phần tiếp theo "
                                  f"của dòng «{previous}:» — xoá dấu cách (hoặc tab) ở đầu dòng này"))
    return found


# The meta extension's optional delimiters around the headers.
BEGIN_RE = re.compile(r"^-{3}(\s.*)?")
END_RE = re.compile(r"^(-{3}|\.{3})(\s.*)?")


def broken_header_line(text: str) -> tuple[int, str] | None:
    """(line, message) for the first line of the headers that is neither
    ``Key: value`` nor the rest of the line above: Python-Markdown ends the
    headers there, so «Tags Hội nghị, Tổng kết» (the colon forgotten) and
    every header under it were published as the body's first paragraph,
    and a ``Slug:`` under it no longer gave the address."""
    lines = text.split("\n")
    start = 1 if lines and BEGIN_RE.match(lines[0]) else 0
    after_header = False
    for number, line in enumerate(lines[start:], start=start + 1):
        line = line.rstrip("\r")
        if not line.strip() or END_RE.match(line):
            return None
        if META_RE.match(line):
            after_header = True
        elif not (after_header and META_MORE_RE.match(line.expandtabs(4))):
            named = _NAMED_IN_WORDS.match(line)
            if named and not named["name"].isascii():
                # «Hiệu lực: 2025-08-01» is «Tên: giá trị» to its editor: told
                # it was not, they could not see what to change.
                return number, (f"tên dòng «{named['name'].strip()}:» có chữ có dấu hoặc dấu cách, mà tên dòng chỉ "
                                "được là chữ không dấu liền nhau (Title, Date, Tags…), nên phần đầu dừng ở đây và "
                                "các dòng sau bị coi là nội dung — viết điều này trong nội dung, dưới dòng trống "
                                "đầu tiên, hoặc dùng một tên dòng có sẵn")
            shown = line.strip() if len(line.strip()) <= 40 else line.strip()[:40] + "…"
            return number, (f"dòng «{shown}» không có dạng «Tên: giá trị» nên phần đầu dừng ở đây và các dòng "
                            "sau bị coi là nội dung — viết lại theo dạng «Tên: giá trị» (ví dụ «Tags: Hội "
                            "thảo») hoặc thêm một dòng trống trước nội dung")
    return None


# A header line whose name is words an editor typed in Vietnamese.
_NAMED_IN_WORDS = re.compile(r"^[ ]{0,3}(?P<name>[^\W\d_][\w ]{0,30}?):[ \t]+\S")


# Invisible characters a text picks up when pasted from Word, Zalo or a web
# page: the zero-width space, word joiner, BOM and soft hyphen (not the
# zero-width joiner, which holds emoji sequences together).
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad"))
# Control characters XML 1.0 forbids (all of C0 but tab and the line
# breaks, and DEL): Word's Shift+Enter is \v and a PDF's page break \f,
# both a space here; the others nothing.
_ZERO_WIDTH |= {code: None for code in [*range(0x00, 0x09), *range(0x0e, 0x20), 0x7f]}
_ZERO_WIDTH |= {0x0b: " ", 0x0c: " "}
# The bidirectional embeddings, overrides and isolates (U+202A–E, U+2066–9):
# invisible, and one left open reverses the text after it. Pasted into
# «Organization:», U+202E showed the question's date «06/03/2025» as
# «5202/30/60»; a title's, the site's name after it in <title>. Nothing Vietnamese
# needs them (the marks U+200E/F, which change no text after them, stay).
_ZERO_WIDTH |= dict.fromkeys([*range(0x202a, 0x202f), *range(0x2066, 0x206a)])
# The Latin ligatures a PDF's text keeps when copied (U+FB00–6: «ﬁ», «ﬂ»,
# «ﬀ», «ﬃ», «ﬄ», «ﬅ», «ﬆ»): one character each, «ﬁnance» was not found
# by «finance», and a phone font without them showed a box. Their NFKC
# letters, for these code points only (NFKC would change Vietnamese text).
_ZERO_WIDTH |= {code: unicodedata.normalize("NFKC", chr(code)) for code in range(0xFB00, 0xFB07)}
# Found first: str.translate looks every character up (1.8 s for 5,000
# pages of 7.5 KB; found first, 0.1 s), and almost no text has one.
_ANY_INVISIBLE = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_ZERO_WIDTH)) + "]")
_OTHER_SPACE = re.compile(r"[^\S \n]")  # a no-break, narrow, ideographic … space


def without_invisible(text: str) -> str:
    """``text`` without the invisible characters of ``_ZERO_WIDTH``, a
    PDF's ligatures («ﬁ») as their letters («fi»). In a
    body, «thảo\u200b» pasted from Zalo looked like «thảo» and was another
    word to the search (and to the summary's word count); a soft hyphen
    inside a word likewise. A control character pasted from Word or a PDF
    (Shift+Enter's \\v, a page break's \\f) stopped the production build
    with an English traceback from the feeds («Control characters are not
    supported in XML 1.0»), no file named, and was invalid HTML on a page.
    Lines stay where they are (the checker's line numbers)."""
    return text.translate(_ZERO_WIDTH) if _ANY_INVISIBLE.search(text) else text


def text_lines(text: str) -> list[str]:
    """The lines of a file as the editor's editor and Python-Markdown see
    them: broken at \\n, \\r\\n and a lone \\r (Notepad's «Macintosh (CR)»)
    only. ``str.splitlines`` also breaks at \\v, \\f, \\x1c–\\x1e, \\x85 and
    U+2028/9: a Shift+Enter pasted into a captions file was a line of its
    own, and every line number after it one too far."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return lines[:-1] if lines[-1] == "" else lines


def header_value(value: str) -> str:
    """A header's value as the build and the checker read it: every other
    space (no-break U+00A0 from Word, U+202F, U+3000 …) a plain one, the
    zero-width space, word joiner, BOM and soft hyphen left out, ends stripped. Pasted
    into ``Category:``, a no-break space made «chuyên mục «Tin hoạt động
    LHH» không có trong danh sách — có phải là «Tin hoạt động LHH»?», two
    names alike to the eye; in ``Tags:``, a second tag merged with the
    first by a warning that they differ «ở dấu hoặc chữ hoa»."""
    return _OTHER_SPACE.sub(" ", without_invisible(value)).strip()


def file_header_lines(source_path: str, key: str) -> list[tuple[int, str]]:
    """The value of header ``key`` in a content file on disk, line by line:
    (line number, text) of the header line's value and of each continuation
    line (``META_RE``, ``META_MORE_RE``), blank ones left out; [] without
    such a header."""
    try:
        with open(source_path, encoding="utf-8-sig") as file:
            lines = text_lines(file.read())
    except (OSError, UnicodeDecodeError):
        return []
    found: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            break  # the end of the headers
        more = META_MORE_RE.match(line)
        if found and more:
            found.append((number, more["value"]))
        elif found:
            break
        elif (match := META_RE.match(line)) and match["key"].lower() == key.lower():
            found.append((number, match["value"]))
    return [(number, text.strip()) for number, text in found if text.strip()]


def date_written(item) -> str:
    """An item's Date header as its file has it ("?" without one)."""
    dates = file_header_lines(item.source_path, "date")
    return dates[0][1] if dates else "?"


def file_line(source_path: str, line_in) -> int:
    """``line_in(text)`` on a content file on disk (1 when it cannot be
    read): where the build's messages point, as the checker's do."""
    try:
        with open(source_path, encoding="utf-8-sig") as file:
            return line_in(file.read())
    except (OSError, UnicodeDecodeError):
        return 1


def file_header_line(source_path: str, key: str) -> int:
    """``header_line`` of a content file on disk (1 when it cannot be read)."""
    return file_line(source_path, lambda text: header_line(text, key))


def header_where(source_path: str, key: str) -> str:
    """``file:line`` of header ``key`` in a content file (line 1 when it
    cannot be read or has no such header), as editors' messages begin."""
    return f"{display_path(source_path)}:{file_header_line(source_path, key)}"


# --- Headers -------------------------------------------------------------------
# Every header key an article, page or Hỏi & đáp item may use, spelled as
# editors write them. Keys are case-insensitive (Markdown lower-cases them).
KNOWN_HEADERS = (
    "Title", "Date", "Modified", "Author", "Authors", "Category", "Tags",
    "Summary", "Slug", "Status", "Template", "Image",
    "Organization", "Counter", "Save_as", "Url", "Lang", "Old_url", "Old_slug",
)
# Required headers by kind of file: articles, pages (content/pages/) and
# Hỏi & đáp items (content/hoi-dap/). ``Author`` is satisfied by ``Authors``.
REQUIRED_HEADERS = {
    "article": ("Title", "Date", "Author", "Category"),
    "page": ("Title",),
    "faq": ("Title", "Date"),
}
# ``skip``: Pelican reads the file and writes nothing (kept out of the site
# entirely, e.g. an old text kept for reference); the checker accepts it too.
STATUSES = ("published", "draft", "hidden", "skip")
_KNOWN_BY_LOWER = {name.lower(): name for name in KNOWN_HEADERS}


def missing_header(key: str) -> str:
    """The message for a required header that is missing or empty."""
    return (
        f"thiếu dòng «{key}:» ở đầu tệp — "
        f"thêm dòng «{key}: …» vào phần đầu (trước dòng trống đầu tiên)"
    )


# What an empty header wants, in the editors' words («viết Title» was
# English to them); (kind, key) before key. A Công văn's subject is the
# «V/v …» line under its number: «Title:» left empty for want of one.
EMPTY_HEADER_WANTS = {
    ("document", "Title"): "trích yếu như trên văn bản (công văn: dòng «V/v …» dưới số công văn)",
    "Title": "tiêu đề", "Author": "tên tác giả", "Category": "tên chuyên mục",
    "Kind": "loại văn bản, ví dụ «Công văn»", "Date": "ngày, ví dụ 2025-03-05",
}


def empty_header(key: str, kind: str = "") -> str:
    """The message for a required header whose value is empty (``kind``:
    article, page, faq or document)."""
    if key == "Number":
        return (f"dòng «{key}:» để trống — viết số và ký hiệu như trên văn bản (ví dụ 45/KH-LHH) ngay sau dấu "
                f"hai chấm; {UNNUMBERED}")
    wants = EMPTY_HEADER_WANTS.get((kind, key)) or EMPTY_HEADER_WANTS.get(key) or key
    return f"dòng «{key}:» để trống — viết {wants} ngay sau dấu hai chấm"


def address_clash(names) -> tuple[str, str] | None:
    """(the earlier, the later) of the first two of ``names`` that make one
    address: one name written twice, or two alike but for case or tone
    marks (a category's, a document kind's or group's page); None when
    each has its own. Used by the settings checks of CATEGORIES and
    DOCUMENT_KINDS / DOCUMENTS["groups"]."""
    seen: dict[str, str] = {}
    for name in names:
        key = slugify(name)
        if key in seen:
            return seen[key], name
        seen[key] = name
    return None


def closest(word: str, choices, cutoff: float = 0.6) -> str | None:
    """The choice nearest to ``word`` (a typo such as ``Tittle``), compared
    without case and tone marks first, then by similarity; None if none is
    close. A choice that differs only in its numbers is another one, not a
    typo: «IMG_4821.jpg» deleted, «có phải là «IMG_4822.jpg»?» named the
    next photo of the phone (already used lower in the article)."""
    choices = [choice for choice in choices if not _numbered_apart(word, choice)]
    for choice in choices:
        if slugify(choice) == slugify(word):
            return choice
    lowered = {choice.lower(): choice for choice in choices}
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=cutoff)
    return lowered[match[0]] if match else None


def _numbered_apart(a: str, b: str) -> bool:
    """«IMG_4821.jpg» and «IMG_4822.jpg», «anh-3.jpg» and «anh-2.jpg»: the
    same but for their numbers, which differ by more than two digits
    swapped («ke-hoach-54.pdf» for «ke-hoach-45.pdf» is a typo)."""
    numbers = re.compile(r"\d+")
    if numbers.sub("#", a.lower()) != numbers.sub("#", b.lower()):
        return False
    return sorted("".join(numbers.findall(a))) != sorted("".join(numbers.findall(b)))


# Commas and semicolons of Chinese and Japanese input methods, which a
# Windows keyboard switched by mistake types: «Hội nghị，Khoa học» made one
# tag «hoi-nghikhoa-hoc».
LIST_SEPARATORS = str.maketrans({"，": ",", "、": ",", "﹐": ",", "；": ";", "﹔": ";"})


# An HTML entity with its «;» (html.unescape alone also reads «&amp» without one).
ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def entities_decoded(value: str) -> str:
    """A plain-text header value with each entity copied from a web page's
    source («KH&amp;CN», «&#8211;») as what it stands for. In ``Tags:`` the
    entity's «;» split the list on semicolons («KH&amp;CN, Hội thảo» was the
    tags «KH&amp» and «CN, Hội thảo»); in ``Author:``, ``Issuer:`` and
    ``Signer:`` it showed as typed, «Ban KH&amp;CN»."""
    return ENTITY.sub(lambda match: html.unescape(match.group(0)), value) if "&" in value else value


def list_value(value: str) -> str:
    """A ``Tags``/``Authors`` value with its entities decoded and its
    separators as Pelican splits them."""
    return entities_decoded(value).translate(LIST_SEPARATORS)


def split_list(value: str) -> list[str]:
    """Split a ``Tags``/``Authors`` value as Pelican does: on semicolons if
    there is one, else on commas; items stripped, empty ones dropped."""
    value = list_value(value)
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


# What a file renamed to .md really is, by its first bytes: an editor who
# renames «bao-cao.docx» to «bao-cao.md» was told the file was saved «theo
# bảng mã UTF-16», since a zip holds zero bytes.
_SIGNATURES = (
    (b"PK\x03\x04", "tệp Word (.docx) hoặc tệp nén", "«.docx» rồi đưa tệp vào thư mục «{inbox}/» (ở bàn "
     "biên tập: mục «Nhập bài từ Word») để thành bài nháp"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "tệp Word cũ (.doc)", "«.doc», mở trong Word, Lưu thành .docx rồi "
     "đưa tệp .docx vào thư mục «{inbox}/» (ở bàn biên tập: mục «Nhập bài từ Word») để thành bài nháp"),
    (b"%PDF", "tệp PDF", "«.pdf» rồi chuyển tệp vào thư mục «{documents}/<năm>/» và ghi ở dòng «Files:» "
     "của một văn bản (ở bàn biên tập: mục «Văn bản»)"),
    *((magic, f"ảnh {kind}", f"«.{kind.lower()}» rồi chuyển ảnh vào thư mục «images/<năm>/» và chèn vào bài "
       "(ở bàn biên tập: nút «Ảnh» của ô nội dung)")
      for magic, kind in ((b"\x89PNG", "PNG"), (b"\xff\xd8\xff", "JPG"), (b"GIF8", "GIF"))),
)


def renamed_file(data: bytes, inbox: str) -> str | None:
    """The message for a Word file, a PDF or a photo whose name was changed
    to end in .md (its first bytes say what it is), else None."""
    for magic, what, fix in _SIGNATURES:
        if data.startswith(magic):
            return (f"tệp này không phải bài viết mà là {what} được đổi tên cho có đuôi «.md» — đổi lại "
                    f"đuôi {fix.format(inbox=inbox.strip('/'), documents=DOCUMENTS_PATH)}")
    return None


def encoding_problem(data: bytes, inbox: str) -> tuple[int, str] | None:
    """(line, message) when a file's bytes are not UTF-8 text (a Word file,
    PDF or photo renamed, named with the Word import's ``inbox``; UTF-16, or
    what Windows-1258/1252 makes of Vietnamese), else None. A UTF-8
    byte-order mark is not a problem here (the checker reports it apart)."""
    import codecs

    renamed = renamed_file(data, inbox)
    if renamed:
        return 1, renamed
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


def category_problem(category: str, categories) -> str | None:
    """The message for an article's ``Category:`` that is not one of
    ``CATEGORIES`` (the closest suggested), or None. The build refuses it
    too: an unknown category would get a listing page and a feed of its own
    (and a file name from its slug, however long)."""
    category = nfc(category.strip())
    if not category or category in categories:
        return None
    return not_in_list("chuyên mục", category, categories, "CATEGORIES", "các chuyên mục hợp lệ")


def old_url_target_problem(old: str, target: str, categories) -> str | None:
    """The message for an ``OLD_URLS`` entry sending ``old`` to a category
    that is not in ``CATEGORIES`` (renamed or removed: the closest named),
    or None; the checker and the build say it alike."""
    kind, _, name = target.partition(":")
    problem = category_problem(name, categories) if kind == "category" and name else None
    return f"OLD_URLS: «{old}»: {problem}" if problem else None


def copy_order(when, path, slug: str) -> tuple:
    """How two files that share one address are ordered to name «the newer»,
    the one to change (``max``): the later date, then a file whose name is
    not its address (the desk's «Nhân bản» copy, ``gioi-thieu-1.md`` beside
    ``gioi-thieu.md``: a page has no date, a copy the same date, and the
    path alone named the published page, whose Slug the editor then gave
    away), then the path."""
    return (when is not None, when.timestamp() if when is not None else 0.0,
            Path(str(path)).stem != slug, str(path))


def collision_message(url: str, slug_line: bool = False, newer: str = "") -> str:
    """The message for two items that would be written to one URL, with
    an address to give one of them (the shared one and «-2», within the
    default length). ``slug_line``: one of them has it from its own
    ``Slug:`` line (mostly a published article copied to start a new one,
    headers and all), ``newer``: the file to change then (the later date),
    so the published one keeps its address."""
    taken = clean_slug(url.rstrip("/").rsplit("/", 1)[-1], CONTENT_RULES_DEFAULTS["slug_max_chars"] - 2)
    other = f"{taken or 'bai-viet'}-2"
    if slug_line:
        return (
            f"trùng địa chỉ «{url}»: dòng «Slug:» cho hai tệp cùng một địa chỉ (thường do chép một bài "
            f"cũ làm bài mới) — ở {f'tệp {newer}' if newer else 'bài mới'}, sửa dòng «Slug:» thành một "
            f"địa chỉ khác, ví dụ «Slug: {other}», hoặc xoá dòng đó để địa chỉ theo tiêu đề "
            f"({DESK_SLUG_FIELD}); giữ nguyên địa chỉ của bài đã đăng"
        )
    return (
        f"trùng địa chỉ «{url}» "
        "(tiêu đề giống nhau khi bỏ dấu) — thêm vào phần đầu của một trong "
        "hai tệp dòng «Slug: …» với một địa chỉ khác, ví dụ «Slug: "
        f"{other}» ({DESK_SLUG_FIELD})"
    )


def missing_alt(src: str) -> str:
    """An image without a description (no ``alt``, or an empty one: ``![](…)``):
    a screen reader says nothing, or the file name."""
    return (f"ảnh «{src}» không có lời mô tả (alt) — viết mô tả ngắn nội dung ảnh: ![Mô tả ảnh](…) "
            "hoặc <img alt=\"Mô tả ảnh\" …>")


def unsafe_link_target(kind: str, target: str) -> str | None:
    """The message for a ``{filename}``/``{static}``/``{attach}`` address
    holding «"», «<» or «>» once its entities are decoded, or None. Pelican
    writes the address it resolves back into the page *decoded*
    (``contents._link_replacer``), after our sanitizer ran: a fragment
    «#&quot;&gt;&lt;script src=…&gt;» became a script tag on the union's
    page (a file name with «&» made the replacer decode it). Refused by the
    checker and the build alike."""
    decoded = html.unescape(target)
    bad = sorted(set(re.findall(r'["<>]', decoded)))
    if not bad:
        return None
    shown = decoded if len(decoded) <= 60 else decoded[:60] + "…"
    return (f"liên kết «{{{kind}}}{shown}» có dấu «{'», «'.join(bad)}» trong địa chỉ — địa chỉ của một tệp "
            f"chỉ gồm đường dẫn và tên tệp (có thể thêm #mục): viết lại, ví dụ «{{{kind}}}/van-ban/ten-tep.pdf»")


def missing_link(kind: str, target: str, path: str, names=(), source=None) -> str:
    """The message for a ``{static}``/``{filename}``/``{attach}`` link (or a
    document's ``Files:`` entry) naming a file that is not there; ``names``:
    the files of its folder, for the closest suggestion; ``source``: the
    file the link is in."""
    from plugins.core.photos import IMAGE_SUFFIXES  # Pillow: only once a file is missing

    if target.lower().endswith(IMAGE_SUFFIXES):  # as written: «anh#1.png» too
        return missing_photo(f"{{{kind}}}{target}", path, names, source)
    fix = missing_fix(target, path, names, source)
    return f"liên kết «{{{kind}}}{target}» trỏ tới tệp không có ({display_path(path)}) — {fix}"


def missing_photo(src: str, path, names=(), source=None) -> str:
    """The message for a photo (as the editor wrote it, ``src``) that is
    not there, in the checker's and the build's words alike (the checker
    said «liên kết … trỏ tới tệp không có», the build «không tìm thấy
    ảnh» of one line)."""
    return f"không tìm thấy ảnh «{src}» ({display_path(path)}) — {missing_fix(src, path, names, source)}"


def missing_fix(target: str, path, names=(), source=None) -> str:
    """What to do about a link to a file that is not there, ``names``
    being the files of its folder: the same name in another year's folder
    (an article moved there), the name it was meant to be, or where to
    copy it. For a page (``.md``) only another page of the same numbers is
    a typo of it: an article moved to 2024 was «có phải là» the linking
    article itself, or another question, another document («45-kh» for
    «12-tb»)."""
    folder, name = os.path.split(str(path))
    candidates = names
    if name.lower().endswith(".md"):
        own = (os.path.basename(str(source)) if source and os.path.abspath(os.path.dirname(str(source)))
               == os.path.abspath(folder) else None)
        candidates = [other for other in names if other != own and other.lower().endswith(".md")
                      and re.findall(r"\d+", other) == re.findall(r"\d+", name)]
    # A photo or file is suggested only for a typo of its name: at difflib's
    # 0.6 a deleted «anh-hoi-thao.png» was «có phải là «anh.png»?» (0.61),
    # another event's photo an editor would have put in its place.
    nearest = closest(name, candidates, cutoff=0.6 if name.lower().endswith(".md") else 0.8)
    # A page (.md) not there was deleted or renamed (a delete in the desk
    # broke the other article's link, and was told to copy the file in).
    otherwise = ("bài hoặc trang đó đã bị xoá, đổi tên tệp hay chuyển thư mục: sửa liên kết theo tên tệp "
                 "mới, hoặc bỏ liên kết" if name.lower().endswith(".md") else
                 f"kiểm tra tên tệp (chữ hoa, chữ thường, phần đuôi) và chép tệp vào {display_path(folder)}/")
    return encoded_apart(name, names) or cut_name(target, names) or comma_name(name, names) or other_year(
        target, folder, name) or (f"có phải là «{nearest}»?" if nearest else otherwise)


def other_year(target: str, folder: str, name: str) -> str | None:
    """The link to the same file in a sibling folder (another year's):
    an article linking ``images/2025/ten-anh.jpg`` for a photo copied into
    ``images/2026/`` was told to copy it into 2025, a second copy."""
    parent, here = os.path.split(folder)
    if not target.endswith(f"/{here}/{name}"):
        return None
    for other in sorted(folder_names(parent), reverse=True):  # the newest year first
        if other != here and os.path.isfile(os.path.join(parent, other, name)):
            return (f"tệp có trong {display_path(os.path.join(parent, other))}/ — sửa «/{here}/» trong liên kết "
                    f"thành «/{other}/»")
    return None


# GitHub turns off a public repository's scheduled workflows (publish.yml's
# hourly build, and with it the whole workflow) after this many days with no
# activity in the repository (README, "GitHub Pages (CI)", its «Scheduled publishing»).
SCHEDULE_IDLE_DAYS = 60


def future_date(value: str, now: datetime | None = None) -> str:
    """A warning: an item dated in the future is held back until a build
    after that date (production; the hourly build publishes it). Given
    ``now``, an item dated more than SCHEDULE_IDLE_DAYS ahead is also told
    that the hourly build stops after that many quiet days: scheduled for
    past a Tết or summer break would not appear, and nothing said so."""
    message = (f"ngày «{value}» ở tương lai — bài sẽ chỉ được đăng khi trang được xây dựng lại "
               "từ ngày đó; nếu nhầm, hãy sửa lại ngày")
    try:
        far = now is not None and parse_date(value) - now > timedelta(days=SCHEDULE_IDLE_DAYS)
    except ContentError:
        far = False
    if far:
        message += (f". Ngày này cách hôm nay hơn {SCHEDULE_IDLE_DAYS} ngày: kho không có thay đổi nào trong "
                    f"{SCHEDULE_IDLE_DAYS} ngày liền thì GitHub tắt việc dựng lại trang mỗi giờ và bài sẽ không "
                    f"tự hiện — từ nay tới ngày đăng, hãy đăng hoặc sửa bài ít nhất {SCHEDULE_IDLE_DAYS} ngày một "
                    "lần, hoặc báo người phụ trách kỹ thuật giữ cho việc đăng theo giờ chạy")
    return message


def skipped_link(target: str) -> str:
    """A ``{filename}`` link to a file whose ``Status: skip`` keeps it out of
    the site for good: the page published the placeholder itself
    (``href="{filename}/2025/bai.md"``), and a document's Markdown source was
    published beside its attachments."""
    return (f"liên kết «{{filename}}{target}» trỏ tới một tệp có «Status: skip» (bỏ qua hẳn, không bao giờ được "
            "đăng) nên trang web không có trang đó — bỏ liên kết, hoặc xoá dòng «Status: skip» của tệp đó")


def is_skipped(path) -> bool:
    """Does the content file at ``path`` say ``Status: skip``?"""
    return any(value.strip().lower() == "skip" for _, value in file_header_lines(str(path), "status"))


def unpublished_link(target: str, future_date: str | None, scheduled: str | None = None,
                     written: str | None = None) -> str:
    """A published page's ``{filename}`` link to an item that production
    does not publish (``WRITE_DRAFTS`` False): a draft (an error: the link
    would lead nowhere until someone publishes it) or an item dated in the
    future (a warning: it works from that date's hourly build on). For an
    item ``scheduled`` for a date, its link to a draft: an error now, since
    on that date the check refuses it and the hourly build publishes
    nothing more until someone fixes it."""
    link = f"liên kết «{written}»" if written else f"liên kết «{{filename}}{target}»"
    if scheduled:
        return (f"bài hẹn đăng ngày «{scheduled}» có {link} tới một bản nháp (Status: draft): tới ngày đó hệ "
                "thống sẽ từ chối bài này và ngừng đăng mọi thay đổi của trang cho tới khi sửa — bỏ liên kết, "
                "hoặc đăng bài kia trước (xoá dòng «Status: draft» của nó)")
    if future_date:
        return (f"{link} trỏ tới bài có ngày «{future_date}» ở tương lai, chưa được "
                "đăng — tới ngày đó bạn đọc bấm vào sẽ gặp trang «không tìm thấy»; nếu nhầm, "
                "hãy sửa ngày của bài đó")
    return (f"{link} trỏ tới một bản nháp (Status: draft), không được đăng, nên bạn đọc bấm vào "
            "sẽ gặp trang «không tìm thấy» — bỏ liên kết, hoặc đăng bài đó trước (xoá dòng "
            "«Status: draft» của nó)")


# --- Links to the site's own addresses ----------------------------------------
# An editor copies an address from the browser: the public site's
# («https://vustathaibinh.org.vn/bai-viet/x/»), the live preview's
# («http://127.0.0.1:8000/…», which no reader can open), or a site path
# («/bai-viet/x/»). Pelican leaves them as written, so a typo, an article
# deleted or never published gave readers the «không tìm thấy» page with
# nothing said. Checked by the checker (``workflow.check.check_site_links``)
# and the build (``plugins.redirects.check_site_links``) alike.
PREVIEW_HOSTS = frozenset({"127.0.0.1", "localhost", "0.0.0.0", "::1"})
# A comment, a code sample (text: «<a href="/x/">» shown as an example) or
# a tag, in rendered HTML; an href of a tag, quoted or not (pasted HTML).
_COMMENT_CODE_OR_TAG = re.compile(r"<!--.*?-->|<(pre|code|script|style|textarea)\b[^>]*>.*?</\1\s*>|<[a-zA-Z][^>]*>",
                                  re.S | re.I)
_HREF_ATTRIBUTE = re.compile(r"""\bhref\s*=\s*(?:"(?P<d>[^"]*)"|'(?P<s>[^']*)'|(?P<u>[^\s"'>]+))""", re.I)
_WEB_ADDRESS = re.compile(r"(?i)(?:https?:)?//")


@dataclass(frozen=True)
class SiteAddress:
    """An article's or a page's address, for the links that name it:
    ``source`` its file (relative to the content folder, for a
    ``{filename}`` link), ``held`` None when production publishes it, ""
    for a draft, else the future date it is held until."""

    url: str
    source: str
    held: str | None = None


def own_site_path(written: str, domains) -> tuple[str, bool] | None:
    """(site path: no leading «/», query or fragment, %-escapes read; is it
    the preview's address) of a link that leads into this site: a site path,
    an address on one of ``domains`` (``REDIRECTS["old_domains"]``: the
    union's, with or without «www.») or the preview's; None for any other
    link (another site, «#…», «mailto:», a relative link, a placeholder)."""
    if written.startswith("/") and not written.startswith("//"):
        path, preview = written, False
    elif _WEB_ADDRESS.match(written):
        try:
            parts = urlsplit(written if written[0] != "/" else "https:" + written)
            host = (parts.hostname or "").lower().removeprefix("www.")
        except ValueError:
            return None
        preview = host in PREVIEW_HOSTS
        path = parts.path
        if not preview:
            # A domain may carry the site's path («example.vn/bantin»).
            roots = [root.strip("/") for domain in domains
                     for name, _, root in [domain.lower().partition("/")] if name.removeprefix("www.") == host]
            inside = [root for root in roots if not root or (path.strip("/") + "/").startswith(root + "/")]
            if not inside:
                return None
            path = path.lstrip("/")[len(max(inside, key=len)):]
    else:
        return None
    return unquote(path.split("#", 1)[0].split("?", 1)[0]).lstrip("/"), preview


def site_domains(settings: dict, public: str = "") -> list[str]:
    """The domains a link into this site may name: ``REDIRECTS["old_domains"]``
    (the union's, old and current) and the public address's (``SITEURL``,
    else ``public``): after a move to a new domain, links copied from the
    new site were never checked."""
    domains = list((settings.get("REDIRECTS") or {}).get("old_domains", []))
    address = urlsplit(settings.get("SITEURL") or public or "")
    own = (address.hostname or "") + address.path.rstrip("/")
    return domains + [own] if address.hostname and address.hostname not in PREVIEW_HOSTS and own not in domains \
        else domains


def site_href(written: str, siteurl: str, domains) -> str | None:
    """The address a link into this site is published with, or None to
    keep it: a site path («/bai-viet/x/») and an address on another of the
    union's domains are written from ``siteurl``, as Pelican writes its own
    links (at an address with a path, «/bai-viet/x/» led to the host's root;
    a link to the old domain cost a redirect, and died with it)."""
    if not siteurl:
        return None
    if written.startswith("/") and not written.startswith("//"):
        return siteurl + written
    own = own_site_path(written, domains)
    if not own or own[1]:
        return None
    parts = urlsplit(written if written[0] != "/" else "https:" + written)
    if (parts.hostname or "").lower() == (urlsplit(siteurl).hostname or "").lower():
        return None
    rest = written[written.index(parts.netloc) + len(parts.netloc):]
    return siteurl + (rest if rest.startswith("/") else "/" + rest)


def href_spans(rendered: str) -> list[tuple[int, int, str]]:
    """(start, end, value as written) of the href of every tag of rendered
    HTML; not in a comment (the build drops them), nor in code or ``<pre>``
    (an example: the safe-content pass writes its «&quot;» back as «"»,
    and the build refused a sample «<a href="/bai-viet/ten-bai/">»)."""
    spans = []
    for match in _COMMENT_CODE_OR_TAG.finditer(rendered) if "href" in rendered.lower() else ():
        if match.group(1) or match.group(0).startswith("<!--"):
            continue
        for attribute in _HREF_ATTRIBUTE.finditer(match.group(0)):
            group = next(name for name in ("d", "s", "u") if attribute.group(name) is not None)
            spans.append((match.start() + attribute.start(group), match.start() + attribute.end(group),
                          attribute.group(group)))
    return spans


def own_site_links(rendered: str, domains) -> list[tuple[str, str, bool]]:
    """(target as written, site path, is the preview's) of every link of an
    item's rendered HTML that leads into this site (``own_site_path``)."""
    found = []
    for _, _, value in href_spans(rendered):
        written = html.unescape(value).strip()
        own = own_site_path(written, domains)
        if own:
            found.append((written, *own))
    return found


def site_hrefs(rendered: str, siteurl: str, domains) -> str:
    """Rendered HTML with its links into this site written from ``siteurl``
    (``site_href``); code samples and comments as they were."""
    parts, end = [], 0
    for start, stop, value in href_spans(rendered):
        new = site_href(html.unescape(value).strip(), siteurl, domains)
        if new is not None:
            parts += [rendered[end:start], html.escape(new, quote=True)]
            end = stop
    return "".join(parts) + rendered[end:] if parts else rendered


# A photo's copy as pages show it (plugins.images, plugins.albums): the
# original's path, its size's folder, the copy's own extension.
_DERIVATIVE = re.compile(r"^(?P<folder>(?:.*/)?)derivatives/[^/]+/(?P<name>[^/]+)\.[a-z0-9]+$")


def _site_generates(path: str, reserved, is_file=lambda path: False) -> bool:
    """Is a site path inside what the site writes itself (listings, the
    search page, feeds, the documents library, the desk; one file such as
    ``favicon.ico``; a photo's copy, when its original is there)? Not a
    draft's address (it changes when the item is published), nor another
    file of a static folder (``images/``, ``van-ban/``: it must be in the
    content folder)."""
    if any(entry == path for entry, _ in reserved):
        return True
    copy = _DERIVATIVE.match(path)
    if copy and is_file(copy["folder"] + copy["name"]):
        return True
    if posixpath.splitext(path)[1].lower() not in ("", ".html", ".htm") and any(
            origin == "STATIC_PATHS" and entry.endswith("/") and path.startswith(entry)
            for entry, origin in reserved):
        return False
    generated = tuple(entry for entry in reserved if entry[1] != "STATIC_PATHS"
                      and not entry[1].startswith("DRAFT"))
    return reserved_by(path, generated) is not None


def site_link_problem(written: str, path: str, preview: bool, pages: dict[str, SiteAddress],
                      old_keys, reserved, is_file, linking: str = "") -> tuple[bool, str] | None:
    """(is it only a warning, message) for a link into the site
    (``own_site_path``) that readers cannot follow, or None: ``pages`` the
    articles' and pages' addresses by ``path_key``, ``old_keys`` the old
    addresses the site answers (``Old_url``, ``OLD_URLS``, ``Old_slug``),
    ``reserved`` ``reserved_paths``, ``is_file(path)`` for a file of the
    content folder; ``linking`` the linking file's ``source`` (never its
    own «có phải là»)."""
    key = path_key(path)
    page = pages.get(key)
    link = f"liên kết «{written}»"
    own = f"«{{filename}}/{page.source}»" if page else "«{filename}/năm/tên-tệp.md»"
    if preview:
        return False, (f"{link} là địa chỉ của bản xem thử trên máy tính này, bạn đọc không mở được — viết "
                       f"liên kết tới tệp của bài: {own} (địa chỉ luôn đúng, kể cả khi bài đổi địa chỉ), hoặc "
                       "địa chỉ công khai của trang")
    if page and page.held is None and path.strip("/") != path.strip("/").lower() == page.url.strip("/"):
        # Servers tell «/Bai-Viet/x/» from the page's «/bai-viet/x/» (a 404 on
        # GitHub Pages and nginx): the address as the site writes it.
        return False, (f"{link} viết địa chỉ bằng chữ hoa, mà địa chỉ của trang là «/{page.url}» (máy chủ phân "
                       f"biệt chữ hoa, chữ thường nên bạn đọc sẽ gặp trang «không tìm thấy») — viết «/{page.url}», "
                       f"hoặc (tốt hơn) liên kết tới tệp của bài: {own}")
    if not key or (page and page.held is None) or key in old_keys:
        return None
    if page:  # held: a draft, or dated in the future (a warning: it works from that date)
        return bool(page.held), unpublished_link("", page.held or None, written=written)
    if (is_file(path) and not path.lower().endswith(MARKDOWN_EXTENSIONS)) or _site_generates(path, reserved, is_file):
        return None
    if posixpath.splitext(path)[1].lower() in (".html", ".htm", ".aspx", ".asp", ".php"):
        fix = (f"đây là địa chỉ của trang web cũ mà chưa bài nào mang — thêm dòng «Old_url: /{path}» vào bài "
               "đã chuyển nội dung đó sang, hoặc bỏ liên kết")
    else:
        # Compared by their last part, among the addresses of the same
        # section («bai-viet/» alike made every article a near match); in
        # any section, the same last part (a draft's «ban-nhap/x/»).
        folder, _, last = path.strip("/").rpartition("/")
        candidates = [(address.url.strip("/").rpartition("/"), address) for address in pages.values()
                      if address.held is None and address.source != linking]
        section = {parts[2]: address for parts, address in candidates if parts[0] == folder}
        nearest = closest(last, section)
        found = section[nearest] if nearest else next(
            (address for parts, address in candidates if parts[2] == last), None)
        fix = (f"có phải là «/{found.url}»? Tốt hơn, viết liên kết tới tệp của bài: "
               f"«{{filename}}/{found.source}»" if found else
               "mở trang đó trên bản tin và chép lại địa chỉ, hoặc viết liên kết tới tệp của bài: "
               "«{filename}/năm/tên-tệp.md»")
    return False, (f"{link} trỏ tới «/{path}», nhưng bản tin không có trang hay tệp nào ở địa chỉ đó nên bạn "
                   f"đọc sẽ gặp trang «không tìm thấy» — {fix}")


def encoded_apart(name: str, names) -> str | None:
    """What to do when a file of ``names`` has ``name``'s letters with its
    marks encoded apart (NFD, as macOS names files): the two look the same
    in every message but never match, since links are read as NFC."""
    twin = next((other for other in names if other != name and nfc(other) == nfc(name)), None)
    if twin is None:
        return None
    stem, extension = os.path.splitext(nfc(name))
    return (f"tệp «{twin}» có cùng tên nhưng các dấu trong tên được mã hoá khác (dấu tách rời, "
            "thường do máy Mac đặt tên) nên không khớp — đổi tên tệp thành tên không dấu, ví dụ "
            f"«{clean_slug(stem) or 'tep'}{extension.lower()}», rồi sửa liên kết theo tên mới")


def path_on_disk(path) -> Path:
    """``path`` as named on disk when it is there under another encoding of
    its marks: typed in NFC (Windows, a terminal) for a file a Mac named in
    NFD, or the reverse. Linux tells the two apart («không có tệp» of a
    file the editor sees); ``path`` itself when there is no such file."""
    path = Path(path)
    if os.path.lexists(path):
        return path
    found = Path(path.anchor) if path.is_absolute() else Path()
    for part in path.parts[1:] if path.is_absolute() else path.parts:
        if not os.path.lexists(found / part):
            try:
                names = os.listdir(found)
            except OSError:
                return path
            part = next((name for name in names if nfc(name) == nfc(part)), None)
            if part is None:
                return path
        found = found / part
    return found


def cut_name(target: str, names) -> str | None:
    """What to do when the file a link names as written has a ``#``, ``?``
    or ``%`` in its name (``anh#1.jpg``, ``50%.jpg``, ``a%20b.jpg``): in a
    link ``#`` and ``?`` end the file name and ``%`` starts an escape, so
    the link can never reach it; renaming the file is the fix."""
    name = nfc(target.rsplit("/", 1)[-1])
    char = next((char for char in "#?%" if char in name), None)
    if char is None or name not in {nfc(other) for other in names}:
        return None
    stem, extension = os.path.splitext(name)
    return (f"tên tệp «{name}» có dấu «{char}» nên liên kết không bao giờ tới được tệp — đổi tên "
            f"tệp thành tên không dấu, ví dụ «{clean_slug(stem) or 'tep'}"
            f"{extension.lower()}», rồi sửa liên kết theo tên mới")


def comma_name(name: str, names) -> str | None:
    """What to do when ``name`` is the start of a file name with a comma
    (``Kế hoạch 45, phụ lục.pdf``) that a ``Files:`` header, whose entries
    are comma-separated, has cut in two."""
    whole = next((nfc(other) for other in names if nfc(other).startswith(nfc(name) + ",")), None)
    if whole is None:
        return None
    stem, extension = os.path.splitext(whole)
    return (f"tên tệp «{whole}» có dấu phẩy, mà dòng «Files:» dùng dấu phẩy để ngăn cách các tệp — "
            f"đổi tên tệp thành tên không dấu, ví dụ «{clean_slug(stem) or 'tep'}{extension.lower()}», "
            "rồi sửa dòng «Files:» theo tên mới")


def folder_names(folder) -> list[str]:
    """The names in a folder, or none when it is not there."""
    try:
        return os.listdir(folder)
    except OSError:
        return []


def not_in_list(what: str, value: str, choices, setting: str, listed: str = "các giá trị hợp lệ") -> str:
    """A header value that must be one of a settings list (an article's
    ``Category:``, a document's ``Kind:`` or ``Group:``), with the closest
    choice suggested, else the choices listed; a value pasted by mistake
    (a whole paragraph) is shown cut at 60 characters."""
    suggestion = closest(value, choices)
    # The setting's name is for the IT person, in the part they act on: «không
    # có trong danh sách CATEGORIES» read as jargon to an office clerk.
    fix = (f"có phải là «{suggestion}»?" if suggestion else
           f"{listed}: {', '.join(f'«{name}»' for name in choices)} (danh sách {setting} trong pelicanconf.py: "
           "muốn thêm, nhờ người phụ trách kỹ thuật)")
    shown = value if len(value) <= 60 else value[:60] + "…"
    return f"{what} «{shown}» không có trong danh sách — {fix}"


def body_text(markup: str) -> str:
    """What a reader would see of a body: HTML comments (the scaffold's
    hints) and white space removed."""
    return re.sub(r"<!--.*?-->", "", markup, flags=re.DOTALL).strip()


# Superscripts and subscripts of digits and signs (m², H₂O) as Unicode
# characters: Markdown has no mark for them, and the desk's editor drops
# <sup>/<sub>. The Word import (workflow/docx_markdown.py) and the desk's
# paste (desk.js, pastedHtml) both write them so. A raised «o» is how
# Vietnamese reports type the degree («30 oC» with the o raised): «°»; the
# minus sign (U+2212, a symbol or a copy from a PDF) is a minus as «-» is.
SUPERSCRIPT = str.maketrans("0123456789+-\u2212=()no", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿ°")
SUBSCRIPT = str.maketrans("0123456789+-\u2212=()", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎")


# A table pasted from Word into the desk's editor is saved as pipe rows with
# no rule line after the first (Sveltia writes one only under a header row,
# and Word tables have none): Markdown then shows the pipes as text. The
# desk adds the rule when it saves (desk.js, tableRules); the build and the
# checker refuse a table without it.
_TABLE_ROW = re.compile(r"^ {0,3}\|.*\|[ \t]*$")
_TABLE_RULE = re.compile(r"^ {0,3}\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def unfenced_body(text: str) -> tuple[list[str], int, Iterator[int]]:
    """A Markdown file's lines (``\r\n`` read as ``\n``), where its body
    starts, and the indexes of the body's lines outside a fenced code block
    (the fences' own lines left out): what the rules on a body's prose
    look at."""
    text = text.replace("\r\n", "\n")
    lines = text.split("\n")
    start = body_start(text)

    def outside() -> Iterator[int]:
        fenced = False
        for index in range(start, len(lines)):
            if _FENCE.match(lines[index]):
                fenced = not fenced
            elif not fenced:
                yield index

    return lines, start, outside()


def table_cells(row: str) -> int:
    """How many cells a ``| a | b |`` row has (``\\|`` is a pipe inside a cell)."""
    return len(re.split(r"(?<!\\)\|", row.strip())) - 2


def _pipe_tables(text: str) -> Iterator[list[int]]:
    """The indexes of the lines of each block of a Markdown file's body
    (outside fenced code) whose lines all start and end with ``|``."""
    text = text.replace("\r\n", "\n")
    lines = text.split("\n")
    fenced, block = False, []
    for index in range(body_start(text), len(lines) + 1):
        line = lines[index] if index < len(lines) else ""
        if _FENCE.match(line):
            fenced, block = not fenced, []
            continue
        if line.strip() and not fenced:
            block.append(index)
            continue
        if block and all(_TABLE_ROW.match(lines[i]) for i in block):
            yield block
        block = []


def tables_without_rule(text: str) -> list[tuple[int, str]]:
    """(line, message) for each table of a Markdown file's body written as
    pipe rows (a block of lines that all start and end with ``|``) whose
    second line is not the rule (``| --- | --- |``) Markdown needs."""
    lines = text.replace("\r\n", "\n").split("\n")
    found = []
    for block in _pipe_tables(text):
        rows = [lines[i] for i in block]
        if not (len(rows) > 1 and _TABLE_RULE.match(rows[1])):
            rule = "| " + " | ".join(["---"] * max(1, table_cells(rows[0]))) + " |"
            found.append((block[0] + 1, f"bảng viết bằng dấu «|» thiếu dòng kẻ «{rule}» ngay sau hàng "
                                        "đầu, nên trang sẽ hiện các dấu «|» thay cho bảng — thêm dòng "
                                        "đó vào sau dòng này"))
    return found


@functools.cache
def _table_splitter():
    """Python-Markdown's own table processor, for how it splits a row into
    cells (a ``|`` in a code span or escaped ``\\|`` is no border). Its
    ``_split_row`` is private: ``pelican_internals.MIRRORED`` fingerprints
    the class, so a Markdown upgrade that changes it fails a test."""
    import markdown
    from markdown.extensions.tables import TableProcessor

    processor = TableProcessor(markdown.Markdown().parser, {"use_align_attribute": False})
    processor.border = True  # every row here starts with «|»
    return processor


def tables_with_dropped_cells(text: str) -> list[tuple[int, str]]:
    """(line, message) for each row of a pipe table with more cells than
    its rule line has columns: Markdown leaves the cells past the last
    column out of the page without a word. A list pasted from Excel or Word
    whose cell held a «|» («Hội Y học | Thái Bình») was published with its
    last column («Giải: Nhì») gone and the next cell in its place. Empty
    cells past the last column lose nothing («| 1 | 2 | |»): not counted."""
    lines = text.replace("\r\n", "\n").split("\n")
    split = _table_splitter()._split_row
    found = []
    for block in _pipe_tables(text):
        if len(block) < 2 or not _TABLE_RULE.match(lines[block[1]]):
            continue
        columns = len(split(lines[block[1]].strip()))
        for index in block[:1] + block[2:]:
            row = split(lines[index].strip())
            if len(row) > columns and any(cell.strip() for cell in row[columns:]):
                dropped = " | ".join(cell.strip() for cell in row[columns:])
                found.append((index + 1, f"hàng này của bảng có {len(row)} ô nhưng bảng chỉ có {columns} cột "
                                         f"(dòng kẻ «| --- |»), nên trang web bỏ mất «{dropped}» — trong ô có dấu "
                                         "«|» thì đổi nó thành «/» (trong tệp gõ thẳng có thể viết «\\|»); "
                                         "nếu thật sự thiếu cột thì thêm cột vào hàng đầu và dòng kẻ"))
    return found


# A link's words that say nothing of where it leads. A screen reader lists a
# page's links by their words alone: «tại đây, tại đây, xem thêm».
VAGUE_LINK_WORDS = frozenset({
    "đây", "tại đây", "ở đây", "vào đây", "xem tại đây", "bấm vào đây", "bấm đây", "nhấn vào đây",
    "nhấp vào đây", "click vào đây", "click", "click here", "here", "xem thêm", "xem tiếp", "đọc thêm",
    "chi tiết", "xem chi tiết", "link", "liên kết", "read more", "more",
})
_MARKDOWN_LINK_WORDS = re.compile(r"(?<![!\\])\[([^\[\]\n]+)\]\(")


def vague_links(text: str) -> list[tuple[int, str]]:
    """(line, warning) for each Markdown link of the body whose words are
    «tại đây», «xem thêm» and the like (``VAGUE_LINK_WORDS``): a screen
    reader's list of the page's links read only those words. Code is not
    looked at."""
    lines, _, prose = unfenced_body(text)
    found = []
    for index in prose:
        line = lines[index]
        if line.startswith(("    ", "\t")):  # indented code
            continue
        for match in _MARKDOWN_LINK_WORDS.finditer(re.sub(r"`[^`]*`", "", line)):
            words = match.group(1).strip()
            said = " ".join(unicodedata.normalize("NFC", words).lower().strip(" .,:;!?…»«\"'()").split())
            if said in VAGUE_LINK_WORDS:
                found.append((index + 1, f"liên kết «{words}» không nói nó dẫn tới đâu: người dùng trình đọc "
                                         f"màn hình nghe danh sách liên kết của trang chỉ thấy «{words}» — lấy "
                                         "chữ nói tên trang hay văn bản nó dẫn tới làm liên kết, ví dụ «Xem "
                                         "[Kế hoạch số 45/KH-LHH](…)» thay cho «Xem kế hoạch [tại đây](…)»"))
    return found


_TOP_HEADING = re.compile(r"^ {0,3}#(?!#)[ \t]+(?P<text>\S.*?)[ \t#]*$")
_SETEXT_TOP = re.compile(r"^ {0,3}=+[ \t]*$")


def unanswered(text: str) -> list[tuple[int, str]]:
    """(line, warning) for a Hỏi & đáp question whose file has no answer
    under its headers: it was published, an empty answer under the
    question (and in the page's FAQ data), without a word."""
    text = text.replace("\r\n", "\n")
    start = body_start(text)
    if body_text("\n".join(text.split("\n")[start:])):
        return []
    return [(1, "câu hỏi chưa có câu trả lời nên trang hiện câu hỏi với phần trả lời trống — viết câu trả lời dưới "
                "phần đầu (sau một dòng trống), hoặc thêm dòng «Status: draft» để chưa đăng")]


def question_without_slug(title: str) -> str:
    """A Hỏi & đáp question without a ``Slug:`` line: its anchor on the
    page (``/hoi-dap/#…``) follows its title, so retitling it broke every
    link shared to it. A warning: questions written before still build. The
    Slug it suggests is the anchor's base now (``title_slug``), so writing
    it changes no address."""
    return ("câu hỏi chưa có dòng «Slug:» nên địa chỉ của nó trên trang Hỏi & đáp (/hoi-dap/#…) theo câu hỏi, "
            "sửa câu hỏi là liên kết đã gửi đi mất hiệu lực — thêm dòng "
            f"«Slug: {title_slug(title)}» dưới dòng «Title:» "
            f"(ở bàn biên tập: ô «{DESK_SLUG_LABEL}» đã tự ghi dòng này)")


def question_slug_taken(slug: str, older: str, title: str) -> str:
    """A Hỏi & đáp question whose slug an older question has (mostly a
    question copied to write the next one): the older keeps the anchor and
    this one gets «-2», silently; when the older is hidden or removed, its
    shared links open this question and this one's links land at the top.
    A warning: questions written before still build."""
    other = clean_slug(title, 60)  # a short example: question titles are long
    other = other if other and other != slug else f"{slug}-2"
    return (f"câu hỏi có «Slug: {slug}» giống câu hỏi trong tệp {older}: trên trang Hỏi & đáp câu kia giữ "
            f"địa chỉ «#{slug}», câu này nhận địa chỉ khác, và khi câu kia bị ẩn hay gỡ thì liên kết đã gửi tới "
            f"câu kia mở câu này — sửa dòng «Slug:» của câu hỏi này thành một địa chỉ riêng, ví dụ «Slug: {other}»")


def hidden_question_link(target: str) -> str:
    """A ``{filename}`` link to a Hỏi & đáp question with ``Status: hidden``:
    a hidden question is not on the page, so the link led to an anchor no
    element had (a question has no page of its own to keep hidden)."""
    return (f"liên kết «{{filename}}{target}» trỏ tới một câu hỏi ẩn (Status: hidden), không có trên trang "
            "Hỏi & đáp, nên bạn đọc bấm vào chỉ thấy đầu trang — bỏ liên kết, hoặc đăng câu hỏi đó "
            "(xoá dòng «Status: hidden» của nó)")


def top_headings(text: str) -> list[tuple[int, str]]:
    """(line, warning) for each heading of the body at the title's level
    (``# Phần I``, or a line underlined with ``===``): the page had two
    ``<h1>`` and its headings jumped from 1 to the next one used, which a
    screen reader's list of headings shows as two articles. The Word
    import and the desk's paste already start sections at ``##``."""
    lines, start, prose = unfenced_body(text)
    found = []
    for index in prose:
        line = lines[index]
        match = _TOP_HEADING.match(line)
        heading = match["text"] if match else None
        if heading is None and _SETEXT_TOP.match(line) and index > start and lines[index - 1].strip():
            heading, index = lines[index - 1].strip(), index - 1
        if heading:
            found.append((index + 1, f"đề mục «{heading}» là cấp 1, cùng cấp với tên bài, nên trang có hai "
                                     "tiêu đề chính (trình đọc màn hình đọc như hai bài) — viết «## "
                                     f"{heading}» (ở bàn biên tập: nút «Tiêu đề 2»)"))
    return found


# A picture in a paste cannot come along: Word hands the browser a path to
# one of its temporary files (file:///…/msohtmlclip1/…/clip_image002.jpg),
# which no web page may read; Google Docs and web pages the address of a
# photo on another site, which the CMS drops too (and the pages' CSP would
# not show). The desk writes this mark in its place (desk.js, pastedHtml),
# where the editor sees it; the build and the checker refuse a body still
# holding one, so a report never loses a photo unseen.
PASTED_PHOTO_MARK = "Ảnh chưa được chèn"
_PASTED_PHOTO = re.compile(r"\\?\[" + re.escape(PASTED_PHOTO_MARK))  # «[…», or «\[…» as the CMS may save it


def pasted_photos_left(text: str) -> list[tuple[int, str]]:
    """(line, message) for each line of a Markdown file's body holding the
    mark, in its brackets (a sentence may say «Ảnh chưa được chèn …»)."""
    lines = text.replace("\r\n", "\n").split("\n")
    return [(index + 1, f"chỗ này có ảnh trong nội dung đã dán (từ Word, Google Docs, trang web) nhưng "
                        f"ảnh không đi theo khi dán — chèn ảnh bằng nút «Ảnh» (lưu ảnh về máy trước), "
                        f"rồi xoá dòng «[{PASTED_PHOTO_MARK}…]»")
            for index in range(body_start(text), len(lines)) if _PASTED_PHOTO.search(lines[index])]


# A GitHub access token pasted into a file: the desk's sign-in asks every
# editor for one (README, «Dành cho biên tập viên», step 4), so it sits on
# the clipboard when a report is pasted next. The repository is public and
# the site more so: the token lets anyone write to the repository as that
# editor, and the build published it on the page, in the feeds and in the
# search index. Fine-grained tokens (``github_pat_``, the README's) and the
# classic kinds (``ghp_``, ``gho_``, ``ghu_``, ``ghs_``, ``ghr_``). Any line,
# headers and comments too: the file itself is public. The message shows
# only the token's first characters (the checker's lines are in the public
# Actions log).
_GITHUB_TOKEN = re.compile(r"(?<![A-Za-z0-9_])(?:github_pat_[A-Za-z0-9_]{22,}|gh[pousr]_[A-Za-z0-9]{36,})")
_TOKEN_KINDS = (("github_pat_", "Fine-grained tokens"), ("ghp_", "Tokens (classic)"))  # where its owner deletes it
_TOKEN_SHOWN = 12  # characters: the prefix and a few more, enough to find it among the editor's tokens


def pasted_tokens(text: str) -> list[tuple[int, str]]:
    """(line, message) for each line of a file holding a GitHub access token."""
    found = []
    for number, line in enumerate(text_lines(text), start=1):
        if match := _GITHUB_TOKEN.search(line):
            token = match.group()
            kind = next((kind for prefix, kind in _TOKEN_KINDS if token.startswith(prefix)), None)
            revoke = (f"xoá luôn mã đó trên GitHub (ảnh đại diện › Settings › Developer settings › Personal access "
                      f"tokens › {kind} › mã đó › Delete) và tạo mã mới để đăng nhập lại" if kind else
                      "nhờ người phụ trách kỹ thuật thu hồi mã đó trên GitHub")
            found.append((number, f"dòng này có mã truy cập GitHub «{token[:_TOKEN_SHOWN]}…» (như mã đăng nhập "
                                  f"bàn biên tập): kho trên GitHub là công khai, ai đọc được mã đều sửa, xoá được "
                                  f"bài thay bạn — xoá mã khỏi tệp, rồi {revoke}"))
    return found


# A link's address as Markdown or HTML writes it: [words](address "title"), <a href="address">.
_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)|\bhref\s*=\s*[\"']([^\"']+)[\"']")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_BARE_DOMAIN = re.compile(r"(?:www\.|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:vn|com|org|net|gov|edu|info|int)(?:[/:?#]|$))",
                          re.IGNORECASE)


def schemeless_link(target: str) -> str | None:
    """The whole address a link written without its scheme meant, or None:
    ``www.vusta.vn`` → ``https://www.vusta.vn``, ``a@b.vn`` → ``mailto:a@b.vn``.
    Browsers read such a link as a file of this site (a 404)."""
    if _EMAIL.fullmatch(target):
        return "mailto:" + target
    if _BARE_DOMAIN.match(target):
        return "https://" + target
    return None


def schemeless_links(text: str) -> list[tuple[int, str]]:
    """(line, message) for each link of a body written without «https://»
    or «mailto:»: the desk's link box showed «https://www.vusta.vn» and
    saved «www.vusta.vn», published as a link to a page that does not exist."""
    lines = text.replace("\r\n", "\n").split("\n")
    found = []
    for index in range(body_start(text), len(lines)):
        for match in _LINK_TARGET.finditer(lines[index]):
            target = match.group(1) or match.group(2)
            meant = schemeless_link(target)
            if meant:
                what = "địa chỉ thư" if meant.startswith("mailto:") else "liên kết"
                found.append((index + 1, f"{what} «{target}» thiếu «{meant.split(target)[0]}» ở đầu nên trên trang "
                                         f"web nó dẫn tới một trang không có — sửa thành «{meant}»"))
    return found


_CONFLICT_START = re.compile(r"^<{7}(?: |$)")
_CONFLICT_END = re.compile(r"^>{7}(?: |$)")


def merge_conflicts(text: str) -> list[tuple[int, str]]:
    """(line, message) for each conflict git left in a file when two people
    changed the same lines (a Word import's pull request merged while an
    editor edited that article, two editors' branches, a ``git pull``): the
    ``<<<<<<<``, ``=======`` and ``>>>>>>>`` lines around both versions.
    Committed so, the build published the marks and both versions, the
    ``=======`` turning the line above it into a second title, and the
    checker warned only of that title. One finding a conflict, at its first
    mark (a ``>>>>>>>`` left alone when the rest was deleted counts too)."""
    if "<<<<<<<" not in text and ">>>>>>>" not in text:
        return []
    found, start = [], None
    for number, line in enumerate(text_lines(text), start=1):
        if _CONFLICT_START.match(line):
            if start is not None:
                found.append(start)
            start = number
        elif _CONFLICT_END.match(line):
            found.append(start or number)
            start = None
    if start is not None:
        found.append(start)
    return [(number, "xung đột khi gộp chưa được giải quyết: hai người đã sửa cùng một chỗ của bài, git giữ cả "
                     "hai bản giữa các dòng «<<<<<<<», «=======» và «>>>>>>>» (trang web sẽ hiện cả hai bản "
                     "và các dấu đó) — giữ lại bản đúng (hoặc ghép hai bản), xoá các dòng bắt đầu bằng "
                     "«<<<<<<<», «=======», «>>>>>>>» rồi lưu; trên GitHub: nút «Resolve conflicts» của "
                     "pull request")
            for number in found]


_HEADER_SHAPED = re.compile(r"^([A-Za-z_]+):(?:\s|$)")


def headers_in_body(text: str) -> list[tuple[int, str]]:
    """(line, message) for each of a body's first lines that is a header
    (``Tags: Hội thảo``): a blank line left among the headers (a
    ``Files:`` line emptied by deleting it all, a line break typed between
    two headers) ends them there, and the build published the rest as the
    body's first words («Tags: Hội thảo» on the page, in its description)
    with the check and the build silent."""
    lines = text_lines(text)
    end = next((number for number, line in enumerate(lines) if not line.strip()), None)
    if not end or not _HEADER_SHAPED.match(lines[0].lstrip("\ufeff")):
        return []
    known = {name.lower() for name in (*KNOWN_HEADERS, *DOCUMENT_HEADERS, *ARTICLE_HEADERS)}
    start = next((number for number in range(end, len(lines)) if lines[number].strip()), len(lines))
    found = []
    for number in range(start, len(lines)):  # the body's first lines, while they are headers
        match = _HEADER_SHAPED.match(lines[number])
        if not match or match.group(1).lower() not in known:
            break
        found.append((number + 1, f"dòng «{lines[number].strip()[:60]}» là một dòng đầu nhưng nằm sau một dòng "
                                  f"trống, nên trang web đăng nó thành chữ trong bài — xoá dòng trống ở trên nó "
                                  f"(giữa các dòng đầu không có dòng trống nào), hoặc xoá cả dòng nếu không cần"))
    return found


_NOTE_DEFINITION = re.compile(r"^ {0,3}\[\^([^\]]+)\]:")  # as Python-Markdown's footnotes read them
_NOTE_MARK = re.compile(r"\[\^([^\]]+)\]")


def unmatched_notes(text: str) -> list[tuple[int, str]]:
    """(line, message) for a footnote's mark (``[^3]``) with no note
    (``[^3]: …``), published as «[^3]» in the sentence, and for a note no
    mark points to, published under the article with a «↩» leading nowhere:
    a report's notes renumbered by hand, one deleted with its sentence."""
    if "[^" not in text:
        return []
    lines, _, outside = unfenced_body(text)
    notes, marks = {}, {}
    for index in outside:
        line = re.sub(r"`[^`]*`", "", lines[index])
        definition = _NOTE_DEFINITION.match(line)
        if definition:
            notes.setdefault(definition.group(1), index + 1)
            line = line[definition.end():]
        for mark in _NOTE_MARK.finditer(line):
            marks.setdefault(mark.group(1), index + 1)
    found = [(number, f"chỗ dẫn chú thích «[^{label}]» không có chú thích «[^{label}]: …» nào trong bài, nên "
                      f"trang web hiện nguyên «[^{label}]» — viết chú thích ở cuối bài («[^{label}]: nội dung») "
                      f"hoặc xoá «[^{label}]»") for label, number in marks.items() if label not in notes]
    found += [(number, f"chú thích «[^{label}]: …» không được dẫn ở chỗ nào trong bài, nên trang web đăng nó ở "
                       f"cuối bài với dấu «↩» không dẫn về đâu — thêm «[^{label}]» vào sau câu cần chú thích, "
                       f"hoặc xoá dòng này") for label, number in notes.items() if label not in marks]
    return found


# A character of the Private Use Area (U+E000–U+F8FF): no font of a phone
# has one, so readers see an empty box. Copied from a PDF or Word made with
# the Symbol or Wingdings font: a list's bullet is U+F0B7 there.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
PRIVATE_USE_MEANT = {"\uf0b7": "•", "\uf0a7": "•", "\uf02d": "–"}  # as Symbol/Wingdings draw them
_PRIVATE_SHOWN = 4  # words shown after the character


def private_use(text: str) -> list[tuple[int, str]]:
    """(line, message) for each line of a file (headers too) holding a
    Private Use Area character, naming the first and the words after it,
    and what to type instead."""
    if not _PRIVATE_USE.search(text):  # almost every file: one search
        return []
    found = []
    for number, line in enumerate(text_lines(text), start=1):
        match = _PRIVATE_USE.search(line)
        if not match:
            continue
        char = match.group()
        after = _PRIVATE_USE.sub("", line[match.end():]).split()
        before = _PRIVATE_USE.sub("", line[:match.start()]).split()
        where = (f" trước chữ «{' '.join(after[:_PRIVATE_SHOWN])}{'…' if len(after) > _PRIVATE_SHOWN else ''}»"
                 if after else f" sau chữ «{'…' if len(before) > _PRIVATE_SHOWN else ''}"
                               f"{' '.join(before[-_PRIVATE_SHOWN:])}»" if before else "")
        count = len(_PRIVATE_USE.findall(line))
        more = f" (dòng này có {count} ký tự như vậy)" if count > 1 else ""
        meant = PRIVATE_USE_MEANT.get(char)
        fix = f"thay bằng «{meant}» (chép từ đây)" if meant else "xoá ký tự đó (gõ lại chữ hoặc dấu nó thay)"
        found.append((number, f"ký tự dùng riêng của một phông chữ (U+{ord(char):04X}, như phông Symbol, "
                              f"Wingdings){where}{more}, thường đi theo khi chép từ tệp PDF hoặc Word: điện thoại "
                              f"của bạn đọc hiện thành ô vuông trống — {fix}"))
    return found


def body_problems(text: str) -> list[tuple[int, str]]:
    """(line, message) of the rules on a Markdown file's body lines that the
    build (plugins.vietnamese) and the checker (workflow.check) both apply
    beside the safe-content rules: a header left below a blank line, a
    table without its rule line or with a row wider than it, a pasted photo's mark, a link without its
    «https://», a GitHub access token, a footnote's mark or note without the
    other, a Private Use Area character (but in text typed with a legacy
    table, whose message says it all). In line order: the build stops at
    the first."""
    legacy = legacy_typed(text)
    return sorted(headers_in_body(text) + tables_without_rule(text) + tables_with_dropped_cells(text)
                  + pasted_photos_left(text) + (legacy or private_use(text))
                  + schemeless_links(text) + pasted_tokens(text) + unmatched_notes(text))


_LEGACY_TABLES = {  # table: (as Unikey names it, its fonts)
    "tcvn3": ("TCVN3 (ABC)", ".VnTime"),
    "vni": ("VNI Windows", "VNI-Times"),
}
_LEGACY_SHOWN = 6  # words shown of the first line


def legacy_typed(text: str) -> list[tuple[int, str]]:
    """(line, message) at the first line of a Markdown file typed with
    Unikey set to the TCVN3 or VNI table (the old ``.VnTime`` or ``VNI-…``
    fonts' text): published as «Héi nghÞ tæng kÕt», garbled to every reader.
    One finding a file (a whole article typed so has it on every line),
    counting the other lines; a line counts with two such words or more
    (``legacy_fonts.typed_with_table``: real Vietnamese and English never)."""
    if text.isascii():
        return []
    from workflow.legacy_fonts import decode, legacy_words, typed_with_table  # only for non-ASCII text

    lines = text_lines(text)
    found = [(number, hit) for number, line in enumerate(lines, start=1) if (hit := typed_with_table(line))]
    if not found:
        return []
    number, (table, _) = found[0]
    line = lines[number - 1]
    # From the first word the table changes («Saùng», a syllable as written, before «ngaøy»).
    start = line.index(next(word for word in legacy_words(line) if decode(word, table) != word))
    shown = line[start:].split()
    written = " ".join(shown[:_LEGACY_SHOWN]) + ("…" if len(shown) > _LEGACY_SHOWN else "")
    name, font = _LEGACY_TABLES[table]
    more = ""
    if len(found) > 1:
        others = ", ".join(str(n) for n, _ in found[1:4]) + ("…" if len(found) > 4 else "")
        more = f" (cả {len(found) - 1} dòng khác: {others})"
    return [(number, f"chữ «{written}» được gõ bằng bảng mã {name} (kiểu chữ cũ, phông {font}) nên trang web hiện "
                     f"sai dấu, đúng ra là «{decode(written, table)}»{more} — gõ lại với Unikey đặt bảng mã "
                     f"«Unicode»; hoặc chuyển mã: chép các dòng đó, mở «Công cụ chuyển mã» của Unikey (Ctrl+Shift+F6), "
                     f"chọn Nguồn «{name}», Đích «Unicode», bấm «Chuyển mã» rồi dán thay chữ cũ")]

# --- Documents (Văn bản) ---------------------------------------------------------
# One Markdown file per document under content/van-ban/ (read by the
# ``documents`` plugin); attachments beside them, in content/van-ban/<year>/.
DOCUMENTS_PATH = "van-ban"
# Headers only documents have (besides Title, Date, Tags, Summary, Status…).
# Replaced_by: the number of the document that replaces this one; Expired:
# «có» or the day it is no longer in force (``expired_value``).
DOCUMENT_HEADERS = ("Number", "Kind", "Issuer", "Signer", "Files", "Group", "Replaced_by", "Expired")
# Their fields in the browser desk (plugins.desk): the messages name them.
DESK_REPLACED_LABEL = "Được thay thế bởi văn bản số"
DESK_EXPIRED_LABEL = "Hết hiệu lực"
REQUIRED_HEADERS["document"] = ("Title", "Number", "Date", "Kind")
# Headers that only articles have (the ``albums`` plugin): the album's
# folder, and its captions when its folder has no chu-thich.txt (the desk
# writes them there, one ``ten-tep.jpg: Chú thích`` a line).
ALBUM_CAPTIONS_HEADER = "Album_captions"
# The Album: header's field in the browser desk (plugins.desk), and how
# an editor there removes the line: the album errors say both ways.
DESK_ALBUM_LABEL = "Thư mục album"
DESK_ALBUM_FIELD = f"ở bàn biên tập: xoá ô «{DESK_ALBUM_LABEL}»"
# The Slug: header's field in the desk: the address errors name it, since
# the desk's editors never see a header line.
DESK_SLUG_LABEL = "Địa chỉ (Slug)"
DESK_SLUG_FIELD = f"ở bàn biên tập: ô «{DESK_SLUG_LABEL}»"
ARTICLE_HEADERS = ("Album", ALBUM_CAPTIONS_HEADER)
EXTRA_HEADERS = {"document": DOCUMENT_HEADERS, "article": ARTICLE_HEADERS}
# How a file's type is named beside its download link; others: the extension.
FILE_TYPES = {
    ".pdf": "PDF", ".doc": "Word", ".docx": "Word", ".odt": "ODT", ".xls": "Excel",
    ".xlsx": "Excel", ".ods": "ODS", ".ppt": "PowerPoint", ".pptx": "PowerPoint",
    ".zip": "ZIP", ".rar": "RAR", ".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG",
}


# «Số 7-TB/LHH», «số: 12/KH-LHH», «No. 5/KH-LHH», «№ 5/KH-LHH»: the number as
# printed under its label (a bilingual paper's «No» too: «No 5/KH-LHH» was
# another number than «5/KH-LHH», at its own address, and read «Số No 5»).
_NUMBER_LABEL = re.compile(r"^\s*(?:s[ốo]|n[oº°]\.?|№)\s*[:.]?\s*(?=\d)", re.IGNORECASE)
# A separator typed with spaces around it («12 /QĐ - UBND»), a dash Word's
# AutoCorrect made of «-» («QĐ – LHH»): the number as printed, «12/QĐ-UBND».
_NUMBER_SEPARATOR = re.compile(r"\s*([/\-\u2010-\u2015\u2212])\s*")
# The Icelandic eth «Ð» (U+00D0) and «ð» look as «Đ» and «đ»: what a text
# copied from many PDFs, or decoded as Windows-1252 where it was written as
# Windows-1258 (0xD0, 0xF0), holds for them. In a number they are «Đ»: «12/QÐ-LHH»
# was published at «van-ban/2025/12-qð-lhh/», not found by «12/QĐ-LHH», and
# no duplicate of it.
_ETH = str.maketrans("Ðð", "Đđ")


_TAG = re.compile(r"(<[^>]*>)")


def eth_as_d(text: str) -> str:
    """«Ð» «ð» as «Đ» «đ» (``_ETH``) in a title, a name or a summary: to the
    search «Ðoàn» was another word than «Đoàn» (Pagefind folds tone marks,
    not the eth, which has none), so a title pasted from a PDF was found
    by no one typing it with Unikey. (An Icelandic name would lose its eth:
    none is on a Vietnamese union's pages.)"""
    return text.translate(_ETH) if "Ð" in text or "ð" in text else text


def eth_as_d_html(markup: str) -> str:
    """``eth_as_d`` in the text of an HTML body, not in its tags: a link's
    or a photo's address names a file as it is on disk (the checker reads
    the file so), and only a reader's words are searched."""
    if "Ð" not in markup and "ð" not in markup:
        return markup
    return "".join(part if part.startswith("<") else eth_as_d(part) for part in _TAG.split(markup))


def bare_number(number: str) -> str:
    """A document number without the «Số» it is printed after on the paper
    document: «Số 7-TB/LHH» and «7-TB/LHH» were two numbers (two pages, no
    duplicate found) and the page read «Số Số 7-TB/LHH»; with its eth as
    «Đ» and no space around its separators (``_NUMBER_SEPARATOR``)."""
    bare = _NUMBER_LABEL.sub("", nfc(number).translate(_ETH)).strip()
    return _NUMBER_SEPARATOR.sub(lambda m: "/" if m.group(1) == "/" else "-", bare)


def number_parts(number: str) -> tuple[str, ...]:
    """The letters and digits of a document number as written, folded (tone
    marks dropped, đ → d, lower case): ``01/QĐ-LHH`` → ``("01", "qd",
    "lhh")``; its «Số» label left out (``bare_number``). The name of its
    file (``invoke new``, as the desk names it)."""
    return tuple(re.findall(r"[^\W_]+", unmarked(bare_number(number))))


@functools.lru_cache(maxsize=4096)
def number_words(number: str) -> tuple[str, ...]:
    """``number_parts`` without leading zeros: ``45/QĐ-LHH`` → ``("45",
    "qd", "lhh")``, ``01/KH-LHH`` → ``("1", "kh", "lhh")`` (one number:
    offices write «01» for the first of the year, readers and citing texts
    «1»)."""
    return tuple(re.sub(r"^0+(?=[0-9])", "", word) for word in number_parts(number))


def number_spellings(number: str) -> list[tuple[str, ...]]:
    """``number_words`` and, for a first figure of one digit, the same with
    it written «0N», as offices print it: a reader types the number as the
    paper or a citing text has it («01/KH-LHH», «1/KH-LHH»), and the search
    found the document under one of the two only."""
    words = number_words(number)
    if words and re.fullmatch(r"[1-9]", words[0]):
        return [words, ("0" + words[0], *words[1:])]
    return [words] if words else []


def number_slug(number: str) -> str:
    """The address part of a document number: ``45/KH-LHH`` → ``45-kh-lhh``.
    Two numbers with one slug are one number typed twice (``45/QĐ-LHH``,
    ``45/QD-LHH``)."""
    return "-".join(number_words(number))


def number_pairs(number: str) -> str:
    """Adjacent parts of a number joined, as the search joins the syllables
    of a query (``45 kh lhh`` or ``45/KH-LHH`` → ``45kh khlhh``)."""
    words = number_words(number)
    return " ".join(a + b for a, b in zip(words, words[1:]))


def split_files(value: str) -> list[str]:
    """The entries of a ``Files:`` header: comma- or line-separated; one in
    angle brackets (``<{static}/van-ban/2025/Kế hoạch số 12.pdf>``, as
    ``Image:`` and a body's link to a name with spaces are written) is its
    address: it was read as «2 tệp viết liền nhau», and the fix offered
    («<, {static}/…>») did not work."""
    parts = (part.strip() for part in re.split(r"[,\n]", value or ""))
    return [part[1:-1].strip() if part.startswith("<") and part.endswith(">") else part for part in parts if part]


# Where a second attachment starts inside one ``Files:`` entry: after a
# semicolon (as ``Tags:`` takes them), a Chinese input method's comma or
# semicolon, or only a space.
_NEXT_FILE = re.compile(r"\s*[;；，、﹐﹔]?\s*(?=\{static\})")


def glued_files(entry: str) -> str | None:
    """The message for a ``Files:`` entry that holds several attachments
    (``{static}/…/a.pdf; {static}/…/b.pdf``), or None: it was checked as
    one missing file, and the message told the editor to copy the file to
    «content/van-ban/2025/a.pdf; {static}/van-ban/2025/»."""
    parts = [part.strip(" ;；，、﹐﹔") for part in _NEXT_FILE.split(entry.strip())]
    parts = [part for part in parts if part]
    if len(parts) < 2:
        return None
    return (f"«{entry.strip()}» là {len(parts)} tệp viết liền nhau — các tệp của dòng «Files:» ngăn cách "
            f"bằng dấu phẩy «,»: viết «{', '.join(parts)}»")


def files_missing(empty: bool) -> str:
    """A document with neither attachments nor text: its ``Files:`` header
    is missing (or empty)."""
    what = "dòng «Files:» để trống" if empty else "thiếu dòng «Files:» (tệp đính kèm)"
    return (f"{what} mà phần nội dung cũng trống — viết «Files: {{static}}/{DOCUMENTS_PATH}/"
            "<năm>/ten-tep.pdf» ở phần đầu, hoặc chép toàn văn văn bản vào phần nội dung")


def former_issuer_problem(issuer: str, when, former) -> str | None:
    """The warning for a document whose ``Issuer:`` is a name the union
    stopped using before the document's date (``former``:
    DOCUMENTS["former_issuers"] read, (day, name) pairs), or None: an old
    document's header copied for a new one credited it, silently, to the
    union under its old name."""
    name = nfc(issuer or "").strip()
    day = when.date() if isinstance(when, datetime) else when
    for until, old in former:
        if name == old and day >= until:
            return (f"«Issuer: {name}» là tên cũ của Liên hiệp Hội (dùng trước ngày {until:%d/%m/%Y}) mà văn bản "
                    f"đề ngày {day:%d/%m/%Y}, nên trang ghi văn bản mới dưới tên cũ — văn bản của Liên hiệp Hội thì "
                    "để trống dòng «Issuer:» (ở bàn biên tập: ô «Cơ quan ban hành»), trang tự ghi tên của ngày "
                    "ban hành; nếu ngày sai, sửa dòng «Date:»")
    return None


def attachment_not_static(entry: str) -> str:
    name = entry.strip().rsplit("/", 1)[-1] or "ten-tep.pdf"
    return (f"tệp đính kèm «{entry}» phải viết dạng «{{static}}/{DOCUMENTS_PATH}/<năm>/{name}» "
            f"— chép tệp vào content/{DOCUMENTS_PATH}/<năm>/ rồi viết đường dẫn như vậy")


def attachment_outside(entry: str) -> str:
    return (f"tệp đính kèm «{entry}» phải nằm trong content/{DOCUMENTS_PATH}/ — chép tệp vào "
            f"content/{DOCUMENTS_PATH}/<năm>/ và viết «{{static}}/{DOCUMENTS_PATH}/<năm>/…»")


def file_size(size: int) -> str:
    """A file size as Windows shows it, with a Vietnamese decimal comma:
    ``850 KB``, ``1,2 MB`` (1 KB = 1,024 bytes)."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1024 / 1024:.1f}".replace(".", ",") + " MB"


def file_type(name: str) -> str:
    suffix = os.path.splitext(name)[1].lower()
    return FILE_TYPES.get(suffix, suffix.lstrip(".").upper() or "Tệp")


def attachment_too_large(entry: str, size: int, limit_mb: float) -> str:
    limit = f"{limit_mb:g}".replace(".", ",")
    return (f"tệp đính kèm «{entry}» nặng {file_size(size)}, quá {limit} MB nên khó tải trên "
            "điện thoại — nén lại (PDF: «Lưu thành» khổ nhỏ, ảnh quét 150 dpi) hoặc chia thành "
            "nhiều tệp")


# What a file named «.pdf» is when it is no PDF, by its first bytes: a Word
# file renamed, a scan saved as a photo, a web page (a Google Drive or
# e-mail sign-in page saved in place of the file). A reader's phone opens an
# attachment by its name, and got «Không mở được tệp».
NOT_PDF = (  # a file's first bytes, what it is
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "tệp Word hoặc Excel cũ (.doc, .xls)"),
    (b"PK\x03\x04", "tệp Word, Excel (.docx, .xlsx) hoặc tệp nén"),
    (b"\xff\xd8\xff", "ảnh JPEG"), (b"\x89PNG", "ảnh PNG"),
    (b"{\\rtf", "tệp RTF"), (b"<", "trang web (HTML)"),
)


NOT_PDF_OTHER = "tệp khác, không phải PDF"
NOT_PDF_SPACE = b"\xef\xbb\xbf \t\r\n"  # before a file's first bytes: a BOM, spaces, line breaks


def empty_attachment(entry: str) -> str:
    """What is wrong with an empty attachment (the build's and the desk's words)."""
    return f"tệp đính kèm «{entry}» là tệp rỗng (0 byte): bạn đọc tải về không có gì"


def not_pdf(entry: str, what: str) -> str:
    """What is wrong with a «.pdf» that is ``what`` (the build's and the desk's words)."""
    return f"tệp đính kèm «{entry}» có đuôi «.pdf» nhưng thật ra là {what}: điện thoại của bạn đọc không mở được"


def save_as_pdf(then: str) -> str:
    """How to make the PDF a «.pdf» that is no PDF should have been, ``then`` what to do with it."""
    return ("mở tệp gốc (bằng Word, Excel hoặc trình xem ảnh), chọn Lưu thành › PDF "
            f"(hoặc In › «Microsoft Print to PDF»), rồi {then}")


WORD_FILES = (".docx", ".docm")  # the files review_marks_problem reads
_TRACKED_CHANGE = re.compile(rb"<w:(?:ins|del|moveFrom|moveTo)\b")
_COMMENT = re.compile(rb"<w:comment ")
# The XML of a part read at most, a MiB at a time: Word's own document.xml
# is a few MB; a 1 MB zip bomb's comments.xml inflated to 1 GB, read whole
# (2 GB of memory in the checker and the build, a 10 MB one past any runner's).
WORD_PART_READ = 64 << 20


def _part_matches(archive, name: str, pattern: re.Pattern) -> int:
    """How many times ``pattern`` (at most 15 bytes long) occurs in the first
    ``WORD_PART_READ`` bytes of the part ``name`` of ``archive``, read a MiB
    at a time (a match across two reads counted once)."""
    found, data, read = 0, b"", 0
    with archive.open(name) as part:
        while True:
            chunk = part.read(min(1 << 20, WORD_PART_READ - read))
            read += len(chunk)
            data += chunk
            limit = len(data) - 16 if chunk else len(data)  # the last 16 bytes: read again with the next
            found += sum(1 for match in pattern.finditer(data) if match.start() < limit)
            if not chunk:
                return found
            data = data[max(limit, 0):]


def _small_part(archive, name: str) -> bytes | None:
    """The part ``name`` of ``archive`` whole, or None when there is none or
    it is larger than ``WORD_PART_READ`` (a zip bomb is not read)."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    return archive.read(info) if info.file_size <= WORD_PART_READ else None


def review_marks_problem(entry: str, path) -> str | None:
    """The message for a Word attachment marked as a state secret («Mật»,
    «Tối mật», «Tuyệt mật»: ``workflow.import_docx.markings``' rule), or
    that still holds its reviewers' comments or tracked changes (the
    deleted words are in the file), hidden text or photos with their GPS
    position; for an Excel workbook, ``_excel_problem``'s; else None, as for
    a file that is neither (``WORD_FILES``, ``EXCEL_FILES``, by its name). The
    desk refuses a secret and takes the others out before it uploads
    (``cleanedWord``); a file uploaded on GitHub's site was published with
    them, and readers downloaded them."""
    import zipfile
    import zlib

    name = str(path).lower()
    judge = _word_problem if name.endswith(WORD_FILES) else _excel_problem if name.endswith(EXCEL_FILES) else None
    if judge is None:
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            if not office_compressed(archive):
                return None  # Word and Excel cannot open it either: not ours to judge
            return judge(entry, archive)
    except (OSError, zipfile.BadZipFile, KeyError, RuntimeError, zlib.error, EOFError, ValueError):
        # A damaged file (a deflated part cut or changed: zlib.error, EOFError;
        # a name's bytes: UnicodeDecodeError) stopped the checker and the build
        # with an English traceback. Not ours to judge: Word or the reader's
        # phone says what is wrong with it.
        return None


def _word_problem(entry: str, archive) -> str | None:
    """``review_marks_problem`` for a Word package, open in ``archive``."""
    from workflow.import_docx import MARKED_PART, archive_markings

    names = set(archive.namelist())
    comments = _part_matches(archive, "word/comments.xml", _COMMENT) if "word/comments.xml" in names else 0
    tracked = "word/document.xml" in names and bool(_part_matches(archive, "word/document.xml", _TRACKED_CHANGE))
    # A zip bomb is not read: the marked parts together, not each (ten headers
    # of 63 MiB in a 1.9 MB .docx kept the checker and the build 57 s a file).
    marked = [info for info in archive.infolist() if MARKED_PART.fullmatch(info.filename)]
    secret = archive_markings(archive)[0] if marked and sum(
        info.file_size for info in marked) <= WORD_PART_READ else None
    if secret:
        return (f"tệp đính kèm «{entry}» mang độ mật «{secret}»: tài liệu mật không được đăng lên trang web — bỏ "
                "tệp khỏi bài (xoá liên kết, hoặc tên tệp ở dòng «Files:») và xoá tệp khỏi thư mục; tệp đã tải lên "
                "kho vẫn còn trong lịch sử của kho: báo ngay người phụ trách kỹ thuật")
    hidden, located = _hidden_words(archive), _located_photos(archive)
    if not comments and not tracked and not hidden and not located:
        return None
    what = " và ".join(part for part in (f"{comments} góp ý (comment) của người xem lại" if comments else "",
                                         "các thay đổi được theo dõi (chữ đã xoá vẫn nằm trong tệp)" if tracked
                                         else "",
                                         f"{hidden} đoạn chữ ẩn (Phông chữ › Ẩn: Word không in nhưng vẫn lưu trong tệp)"
                                         if hidden else "",
                                         f"{located} ảnh mang vị trí GPS nơi chụp" if located else "") if part)
    if comments or tracked:
        return (f"tệp đính kèm «{entry}» còn {what}: bạn đọc tải về đều thấy — mở tệp trong Word, chọn Xem lại › "
                "Chấp nhận mọi thay đổi và Xoá mọi góp ý, lưu lại rồi lưu đè tệp này (hoặc tải tệp lên lại ở bàn "
                "biên tập: nó tự bỏ những thứ ấy; hoặc đính kèm bản PDF)")
    return (f"tệp đính kèm «{entry}» còn {what}: bạn đọc tải về đều thấy — tải tệp lên lại ở bàn biên tập "
            "(«Thay thế» tệp cũ): bàn biên tập tự bỏ chữ ẩn và vị trí GPS của ảnh trước khi lưu")


def office_compressed(archive) -> bool:
    """Whether every part of a Word or Excel package is stored or deflated,
    as Word and Excel write them and read no other. Python inflates a bzip2
    or LZMA part whole, whatever size the package declares for it: a 1 KB
    .docx whose header1.xml said 1 KB held 1 GiB of spaces in 800 bytes of
    bzip2, and reading it took 2 GB of memory past the ``WORD_PART_READ``
    guard (8 KB: past any runner's)."""
    import zipfile

    return all(info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) for info in archive.infolist())


def _hidden_words(archive) -> int:
    """How many pieces of text (``w:t``) of a Word package's body are
    formatted as hidden (``docx_markdown.prepare_hidden``' reading: the desk
    takes them out, ``cleanedWord``); 0 for a body over ``WORD_PART_READ``."""
    body = _small_part(archive, "word/document.xml")
    if body is None:
        return 0
    styles = _small_part(archive, "word/styles.xml")
    if b"vanish" not in body and (not styles or b"vanish" not in styles):
        return 0
    from lxml import etree

    from workflow.docx_markdown import prepare_hidden
    from workflow.import_docx import STRICT_W, transitional_xml

    if STRICT_W in body[:4096]:  # saved as «Strict Open XML»: its hidden text was not seen
        body, styles = transitional_xml(body), styles and transitional_xml(styles)

    texts = re.compile(rb"<w:t[ >]")
    try:
        return len(texts.findall(body)) - len(texts.findall(prepare_hidden(body, styles)))
    except etree.XMLSyntaxError:
        return 0


_WORD_PHOTO = re.compile(r"(?:word/media/|docProps/thumbnail).*\.jpe?g", re.IGNORECASE)  # desk.js WORD_PHOTO


def _located_photos(archive, photos: re.Pattern = _WORD_PHOTO) -> int:
    """How many JPEG photos of a Word package (an Excel one's: ``photos``)
    still carry a GPS position (the desk strips them, ``stripJpeg``): a
    latitude or longitude, not a GPS block holding only its version or the
    date, as cameras and phones write with location off (such a file was
    refused for «ảnh mang vị trí GPS nơi chụp» it did not hold). A
    photo Pillow will not open (damaged; a header claiming more pixels than
    ``Image.MAX_IMAGE_PIXELS``, a decompression bomb: it stopped the checker
    and the build with Pillow's English traceback) is not judged."""
    import warnings

    from PIL import Image, UnidentifiedImageError

    found = 0
    for info in archive.infolist():
        if not photos.fullmatch(info.filename) or info.file_size > WORD_PART_READ:
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # only its header is read
                with archive.open(info) as part, Image.open(part) as photo:
                    gps = photo.getexif().get_ifd(0x8825)
                    found += bool(gps.get(2) or gps.get(4))  # GPSLatitude, GPSLongitude: a position
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
            continue
    return found


EXCEL_FILES = (".xlsx", ".xlsm")  # the workbooks review_marks_problem reads
_EXCEL_PHOTO = re.compile(r"(?:xl/media/|docProps/thumbnail).*\.jpe?g", re.IGNORECASE)
_EXCEL_NOTES = re.compile(r"xl/comments\d*\.xml")  # Review › New Note; a threaded comment's copy
_EXCEL_THREADS = re.compile(r"xl/threadedComments/threadedComment\d*\.xml")
_EXCEL_NOTE, _EXCEL_THREAD = re.compile(rb"<comment\s"), re.compile(rb"<threadedComment\s")


def _excel_problem(entry: str, archive) -> str | None:
    """``review_marks_problem`` for an Excel workbook, open in ``archive``:
    the message for one whose readers download a hidden sheet (Format ›
    Hide, or «very hidden», which Excel's Unhide does not even list: a
    salary sheet behind a summary), its reviewers' notes and comments (with
    their names) or a photo with its GPS position; else None. What an
    ordinary workbook holds passes: formatting, a chart or chart sheet,
    defined names (hidden ones too: the filter's own), its author's name."""
    from lxml import etree

    hidden = []
    if (workbook := _small_part(archive, "xl/workbook.xml")) is not None:
        # Parsed, not matched with regular expressions: a 1 KB workbook
        # whose workbook.xml held one long «<sheet aaaa…» (1 MiB) kept
        # a backtracking pattern busy for hours, the checker and the build
        # with it. lxml refuses entity bombs and external entities.
        try:
            sheets = etree.fromstring(workbook).iter("{*}sheet")
        except etree.XMLSyntaxError:
            sheets = ()  # damaged: not ours to judge
        hidden = [sheet.get("name", "") for sheet in sheets if sheet.get("state") in ("hidden", "veryHidden")]
    names = archive.namelist()
    notes = sum(_part_matches(archive, name, _EXCEL_NOTE) for name in names if _EXCEL_NOTES.fullmatch(name))
    if not notes:  # Excel writes a threaded comment's copy as a note: counted once
        notes = sum(_part_matches(archive, name, _EXCEL_THREAD) for name in names if _EXCEL_THREADS.fullmatch(name))
    located = _located_photos(archive, _EXCEL_PHOTO)
    if not hidden and not notes and not located:
        return None
    held = {"hidden": len(hidden), "notes": notes, "photos": located}
    what = excel_held(held, ", ".join(f"«{name}»" for name in hidden))
    fix = "mở tệp trong Excel: " + excel_fix(held) + "; lưu lại" if hidden or notes else ""
    if located:  # the desk strips a photo's position (cleanedExcel)
        fix += (", rồi " if fix else "") + EXCEL_FIX["photos"]
    else:
        fix += " rồi lưu đè tệp này"
    pdf = EXCEL_PDF if hidden or notes else ""
    return f"tệp đính kèm «{entry}» còn {what}: bạn đọc tải về đều thấy — {fix}{pdf}"


# What an Excel workbook still holds, and how to take it out: the checker's
# and the build's words (_excel_problem), and the desk's (desk.js,
# cleanedExcel, which strips the photos and refuses the rest).
EXCEL_HELD = {"hidden": "{count} trang tính ẩn ({names})", "notes": "{count} ghi chú (comment) của người xem lại",
              "photos": "{count} ảnh mang vị trí GPS nơi chụp"}
EXCEL_FIX = {
    "hidden": "bấm chuột phải vào tên một trang tính › Bỏ ẩn (Unhide), xem trang hiện ra rồi xoá nó (chuột phải › "
              "Xoá); trang không hiện trong danh sách Bỏ ẩn, hoặc trang mà các trang khác tính từ đó: dùng bản PDF",
    "notes": "chọn Xem lại › Xoá (Review › Delete) từng ghi chú",
    "photos": "tải tệp lên lại ở bàn biên tập («Thay thế» tệp cũ): bàn biên tập tự bỏ vị trí GPS của ảnh",
}
EXCEL_PDF = (" (hoặc đính kèm bản PDF: Tệp › Lưu thành › PDF chỉ in các trang đang hiện, không kèm "
             "ghi chú)")


def excel_held(held: dict[str, int], names: str) -> str:
    """«1 trang tính ẩn («Luong») và 2 ghi chú …»: what ``held`` counts."""
    return " và ".join(EXCEL_HELD[kind].format(count=count, names=names) for kind, count in held.items() if count)


def excel_fix(held: dict[str, int]) -> str:
    """How to take out in Excel the hidden sheets and notes ``held`` counts."""
    return "; ".join(EXCEL_FIX[kind] for kind in ("hidden", "notes") if held.get(kind))


# The objects of a PDF's object streams read at most, inflated: a 500-page
# report's are a few MB. A PDF holding more is refused (``unread``): 16 MiB
# of padding, then a script, was published.
PDF_OBJECTS_READ = 16 << 20
# What makes a PDF active, by the names of its objects (PDF 32000 §12.6,
# §7.11.4): a script run when it opens or a field changes (JavaScript, JS),
# a program started (Launch), a form sending what readers type somewhere
# (SubmitForm, ImportData), files inside it that readers open as they are
# (EmbeddedFile(s): LibreOffice's «Hybrid PDF» carries the whole .odt with
# its comments and deleted text), Flash (RichMedia), an XFA form (XFA:
# Adobe LiveCycle's XML form, whose <script> elements Acrobat runs and which
# no phone's viewer, Chrome's or Firefox's shows: a «Please wait…» page).
# Word, Chrome, a scanner and a «ký số» tool write none of them; a link
# (URI), a page to open on (OpenAction [3 0 R /Fit]), a signature and
# fields to fill in (AcroForm without XFA) pass.
# PDF_HELD also names a PDF whose objects were not all read (``unread``).
PDF_ACTIVE = {b"JavaScript": "js", b"JS": "js", b"RichMedia": "js", b"Launch": "launch",
              b"SubmitForm": "submit", b"ImportData": "submit", b"EmbeddedFile": "files", b"EmbeddedFiles": "files",
              b"XFA": "xfa"}
PDF_HELD = {"js": "mã lệnh JavaScript (trình đọc PDF chạy nó khi bạn đọc mở tệp)",
            "launch": "lệnh mở một chương trình khác trên máy bạn đọc",
            "submit": "biểu mẫu gửi những gì bạn đọc điền đi một địa chỉ khác",
            "files": "tệp khác đính kèm bên trong (bạn đọc mở ra được, kể cả bản gốc còn góp ý, chữ đã xoá)",
            "xfa": ("biểu mẫu XFA (có thể chứa mã lệnh; trên điện thoại và trình duyệt chỉ hiện trang «Please "
                    "wait…», không hiện nội dung)"),
            "unread": (f"hơn {PDF_OBJECTS_READ >> 20} MB dữ liệu nén ẩn bên trong (một văn bản thường chỉ vài trăm "
                       "KB), không kiểm tra hết được có mã lệnh giấu trong đó hay không")}
# A PDF read as its readers read it, in one pass (PDF 32000 §7.2, §7.3):
# a comment (``%`` to the line's end: a «(» or «>>stream» in it opens
# nothing), a literal string (nested brackets, ``\)``: a «%» or «>>stream»
# in it neither), a stream's data after its dictionary. An object stream
# holds no stream (§7.5.7): in one, «>>stream» is no syntax.
_PDF_SYNTAX = re.compile(rb"%|\(|>>[\x00\t\n\f\r ]*+stream\r?\n")
_PDF_SYNTAX_IN_OBJSTM = re.compile(rb"%|\(")
# An object stream as pdf.js reads one: any stream the cross-reference
# names, its /First and /N read, its /Type not (no other stream has both).
PDF_OBJSTM_KEYS = {b"First", b"N"}
_PDF_LINE_END = re.compile(rb"[\r\n]")
_PDF_HEADER = re.compile(rb"(?<=[\x00\t\n\f\r ])obj\b")  # an object's «obj»: no name holds a space
# A stream's length written in its dictionary (not «/Length 8 0 R»): its
# data ends there when «endstream» follows, as readers read it («endstream»
# written inside the data, then «(», hid the objects after the stream).
_PDF_LENGTH = re.compile(rb"/Length[\x00\t\n\f\r ]*+(\d++)(?![\x00\t\n\f\r ]*+\d++[\x00\t\n\f\r ]*+R)")
_PDF_NAME = re.compile(rb"/([^\x00\t\n\f\r /\[\]<>(){}%]+)")
_PDF_STRING = re.compile(rb"\\.|[()]", re.DOTALL)
_PDF_FLAT_STRING = re.compile(rb"\((?:[^()\\]++|\\.)*+\)", re.DOTALL)  # a string without brackets in it
_PDF_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def _pdf_name(written: bytes) -> bytes:
    """A name as written, «#61» escapes read («Java#53cript» is JavaScript)."""
    return _PDF_ESCAPE.sub(lambda h: bytes([int(h.group(1), 16)]), written)


def _pdf_names(text: bytes) -> Iterator[bytes]:
    """The names ``text`` holds (``_pdf_name``), one at a time."""
    return (_pdf_name(match.group(1))
            for match in _PDF_NAME.finditer(text))


# The numbers of a stream's /DecodeParms that say how its Flate data was
# predicted (PDF 32000 §7.4.4.4), «#61» escapes read.
_PDF_PARAMETER = re.compile(rb"/([^\x00\t\n\f\r /\[\]<>(){}%]+)[\x00\t\n\f\r ]*+(\d++)")
_PDF_PREDICTION = {b"Predictor": 1, b"Colors": 1, b"BitsPerComponent": 8, b"Columns": 1}


def _pdf_prediction(dictionary: bytes) -> dict[bytes, int]:
    """The predictor, colours, bits per component and columns a stream's
    ``dictionary`` gives its Flate data (the first of each), else their defaults."""
    given = dict(_PDF_PREDICTION)
    seen = set()
    for match in _PDF_PARAMETER.finditer(dictionary):
        name = _pdf_name(match.group(1))
        if name in given and name not in seen:  # 0: the default, as pdf.js reads it
            given[name] = min(int(match.group(2)), 1 << 24) or _PDF_PREDICTION[name]
            seen.add(name)
    return given


# What undoing a predictor costs of PDF_OBJECTS_READ beyond a row's bytes
# (PNG's first byte, TIFF's): a row's reading, and each byte of a PNG row
# filtered Average or Paeth (a byte at a time: 16 MiB of Paeth rows took
# 6.5 s, 16 MiB of one-byte rows 3–17 s; so they took at most 0.3 s).
PDF_PREDICTED_ROW = 64
PDF_PREDICTED_BYTE = 32


def _pdf_unpredicted(data: bytes, given: dict[bytes, int], left: int) -> tuple[bytes, int]:
    """Flate data ``data`` undone from the predictor ``given`` names
    (_pdf_prediction), as PDF readers undo it: TIFF 2 (each component the
    difference from the same colour's before it in its row; 1 to 16 bits
    a component, else b"") or PNG 10–15 (each row's first byte names its
    filter: None, Sub, Up, Average, Paeth; the rows before one of another
    filter); rows undone while their cost (PDF_PREDICTED_ROW a row, its
    bytes, Average and Paeth bytes PDF_PREDICTED_BYTE each) is at most
    ``left``. With that cost, b"" for a predictor readers do not know."""
    from itertools import accumulate

    predictor, colors, bits, columns = (given[name] for name in _PDF_PREDICTION)
    if predictor < 2:
        return data, 0
    width = -(-colors * bits * columns // 8)  # a row's bytes
    step = max(1, colors * bits // 8)  # the bytes of one pixel
    if not width or (predictor == 2 and bits > 16) or 2 < predictor < 10:
        return b"", 0
    out, cost = bytearray(), 0
    if predictor == 2 and bits != 8:  # each component read from the row's bits
        for row in range(0, len(data), width):
            line = data[row:row + width]
            cost += PDF_PREDICTED_ROW + PDF_PREDICTED_BYTE * len(line) * max(1, 8 // bits)
            if cost > left:
                break
            ones = format(int.from_bytes(line, "big"), f"0{8 * len(line)}b")
            count, mask, before, written = min(colors * columns, len(ones) // bits), (1 << bits) - 1, [0] * colors, []
            for at in range(count):
                before[at % colors] = (int(ones[at * bits:(at + 1) * bits], 2) + before[at % colors]) & mask
                written.append(format(before[at % colors], f"0{bits}b"))
            written.append(ones[count * bits:])
            out += int("".join(written), 2).to_bytes(len(line), "big") if line else b""
        return bytes(out), cost
    if predictor == 2:
        for row in range(0, len(data), width):
            line = bytearray(data[row:row + width])
            cost += PDF_PREDICTED_ROW * min(colors, len(line)) + len(line)
            if cost > left:
                break
            for colour in range(min(colors, len(line))):
                line[colour::colors] = bytes(map((255).__and__, accumulate(line[colour::colors])))
            out += line
        return bytes(out), cost
    prior, low, high = bytes(width), int.from_bytes(b"\x7f" * width, "big"), int.from_bytes(b"\x80" * width, "big")
    for row in range(0, len(data), width + 1):
        kind, line = data[row], bytearray(data[row + 1:row + 1 + width])
        size = len(line)
        cost += (PDF_PREDICTED_ROW * (min(step, size) if kind == 1 else 1)
                 + size * (PDF_PREDICTED_BYTE if kind in (3, 4) else 1) + 1)
        if cost > left or kind > 4:
            break
        if kind == 1:  # Sub: plus the byte a pixel before
            for first in range(min(step, size)):
                line[first::step] = bytes(map((255).__and__, accumulate(line[first::step])))
        elif kind == 2:  # Up: plus the byte above, all at once (no carry from byte to byte)
            shift = 8 * (width - size)
            this, above = int.from_bytes(line, "big"), int.from_bytes(prior[:size], "big")
            line = bytearray((((this & low >> shift) + (above & low >> shift)) ^ ((this ^ above) & high >> shift))
                             .to_bytes(size, "big"))
        elif kind in (3, 4):  # Average, Paeth
            for at in range(size):
                left_byte = line[at - step] if at >= step else 0
                up = prior[at]
                if kind == 3:
                    line[at] = (line[at] + (left_byte + up) // 2) & 255
                    continue
                corner = prior[at - step] if at >= step else 0
                guess = left_byte + up - corner
                near = min((abs(guess - left_byte), 0, left_byte), (abs(guess - up), 1, up),
                           (abs(guess - corner), 2, corner))
                line[at] = (line[at] + near[2]) & 255
        out += line
        prior = bytes(line) + prior[size:]
    return bytes(out), cost


# What decoding an LZW code or a RunLength run costs of PDF_OBJECTS_READ
# beyond its bytes (a code a byte at worst: 16 MiB of one-byte codes, read
# a code at a time, would take seconds).
PDF_DECODED_CODE = 64


def _pdf_lzw(data: bytes, left: int, early: int) -> tuple[bytes, int]:
    """LZW data ``data`` decoded as PDF readers decode it (PDF 32000
    §7.4.4, as pdf.js's LZWStream: 9 to 12 bits a code, the first bit
    highest; 256 clears the table, 257 ends; a code not yet in the table is
    the last string and its first byte; ``early`` 1: a code wider one code
    sooner), codes read while their cost (PDF_DECODED_CODE a code and its
    bytes) is at most ``left``; with that cost."""
    padded, out, table = data + bytes(3), [], [bytes([byte]) for byte in range(256)] + [b"", b""]
    width, previous, at, end, cost = 9, b"", 0, 8 * len(data), 0
    while at + width <= end:
        code = int.from_bytes(padded[at >> 3:(at >> 3) + 3], "big") >> (24 - (at & 7) - width) & ((1 << width) - 1)
        at += width
        if code == 256:
            width, previous = 9, b""
            del table[258:]
            continue
        if code == 257:
            break
        entry = table[code] if code < len(table) else previous + previous[:1]
        cost += PDF_DECODED_CODE + len(entry)
        if cost > left:
            break
        if previous and len(table) < 4096:
            table.append(previous + entry[:1])
            if not (len(table) + early) & (len(table) + early - 1):
                width = min((len(table) + early).bit_length(), 12)
        out.append(entry)
        previous = entry
    return b"".join(out), cost


def _pdf_run_length(data: bytes, left: int) -> tuple[bytes, int]:
    """RunLength data ``data`` decoded (PDF 32000 §7.4.5: a length byte
    0–127, then that many bytes and one; 129–255, then one byte written
    257 less the length times; 128 ends), runs read while their cost
    (PDF_DECODED_CODE a run and its bytes) is at most ``left``; with that cost."""
    out, at, cost = [], 0, 0
    while at + 1 < len(data) and data[at] != 128:
        length = data[at]
        run = data[at + 1:at + 2 + length] if length < 128 else data[at + 1:at + 2] * (257 - length)
        cost += PDF_DECODED_CODE + len(run)
        if cost > left:
            break
        out.append(run)
        at += 2 + length if length < 128 else 2
    return b"".join(out), cost


def _pdf_inflated(data: bytes, left: int) -> bytes:
    """Flate data ``data`` inflated as pdf.js inflates it, at most ``left``
    bytes: its zlib header checked (deflate, no preset dictionary), its
    checksum not (a wrong one hid the objects before it: zlib refused the
    whole stream); what came before damaged data kept, 4 KB of input at a
    time, as the desk's DecompressionStream gives it."""
    import zlib

    if len(data) < 2 or data[0] & 0x0F != 8 or (data[0] << 8 | data[1]) % 31 or data[1] & 0x20:
        return b""
    inflater, out, size = zlib.decompressobj(-15), [], 0
    for at in range(2, len(data), 4096):
        try:
            piece = inflater.decompress(data[at:at + 4096], left - size)
        except zlib.error:
            break
        out.append(piece)
        size += len(piece)
        if size >= left or inflater.eof:
            break
    return b"".join(out)


def _pdf_decoded(names: list[bytes], data: bytes, left: int, dictionary: bytes = b"") -> tuple[bytes, int]:
    """An object stream's ``data`` through the filters its dictionary
    ``names`` (Flate, LZW, RunLength, ASCIIHex, ASCII85, in their order; at
    most ``left`` bytes inflated; Flate's and LZW's predictor, TIFF or PNG,
    undone as the ``dictionary``'s /DecodeParms say), with what it took of
    ``left`` (the bytes inflated or decoded, or the cost of reading codes
    and undoing the predictor if more); b"" when it cannot be read. A Crypt
    filter (Identity, the only one a PDF not encrypted holds) and a filter
    readers do not know pass the data on as pdf.js does. An encrypted PDF's
    object streams are not read: what they hold is not seen (no refusal: a
    PDF with an owner password is an ordinary official paper)."""
    import base64
    import binascii
    import zlib

    filters = [name for name in names if name in (b"FlateDecode", b"Fl", b"ASCIIHexDecode", b"AHx", b"ASCII85Decode",
                                                 b"A85", b"LZWDecode", b"LZW", b"RunLengthDecode", b"RL")]
    used = 0
    try:
        for name in filters:
            if name in (b"FlateDecode", b"Fl", b"LZWDecode", b"LZW"):
                if name in (b"LZWDecode", b"LZW"):
                    early = next((int(match[2]) for match in _PDF_PARAMETER.finditer(dictionary)
                                  if _pdf_name(match[1]) == b"EarlyChange"), 1)
                    inflated, cost = _pdf_lzw(data, left, 1 if early else 0)
                else:
                    inflated, cost = _pdf_inflated(data, left), 0
                data, undoing = _pdf_unpredicted(inflated, _pdf_prediction(dictionary), left)
                used = max(used, len(inflated), cost, undoing)
            elif name in (b"RunLengthDecode", b"RL"):
                data, cost = _pdf_run_length(data, left)
                used = max(used, cost)
            elif name in (b"ASCIIHexDecode", b"AHx"):
                hexes = re.sub(rb"[\x00\t\n\f\r ]", b"", data.split(b">", 1)[0])
                data = binascii.unhexlify(hexes + b"0" * (len(hexes) % 2))
            else:
                data = base64.a85decode(data.split(b"~>", 1)[0].lstrip(b"<~"), ignorechars=b"\x00\t\n\f\r ")
    except (zlib.error, ValueError):
        return b"", used
    return data[:left], max(used, min(len(data), left))


def _pdf_objects(data: bytes, syntax: re.Pattern = _PDF_SYNTAX) -> tuple[bytes, bool]:
    """The bytes of a PDF outside its streams (pages, photos, fonts: not
    read), with its object streams (``/Type /ObjStm``, where a PDF 1.5
    saved compact keeps its objects) decoded, at most ``PDF_OBJECTS_READ``
    together (ten 1 MB streams each inflating to 1 GB are 16 MiB read),
    and without its comments and literal strings («(Hướng dẫn /JS)» is a
    title, no script); and whether an object stream was left unread, or
    read in part, once that much was read (16 MiB of padding, then a
    script). One pass: each byte read once."""
    # kept: one buffer, not a piece a string (15 million titles held 1.5 GB);
    # head: where the next stream's dictionary may start in it
    kept, at, left, head = bytearray(), 0, PDF_OBJECTS_READ, 0
    while match := syntax.search(data, at):
        token = match.group()
        kept += data[at:match.start()]
        if token == b"%":
            end = _PDF_LINE_END.search(data, match.end())
            at = end.start() if end else len(data)
        elif token == b"(":
            if flat := _PDF_FLAT_STRING.match(data, match.start()):
                at = flat.end()
                continue
            depth, at = 0, len(data)
            for inner in _PDF_STRING.finditer(data, match.start()):
                depth += {b"(": 1, b")": -1}.get(inner.group(), 0)
                if not depth:
                    at = inner.end()
                    break
        else:
            dictionary = bytes(kept[head:])
            if headers := [h.end() for h in _PDF_HEADER.finditer(dictionary)]:
                dictionary = dictionary[headers[-1]:]
            length = _PDF_LENGTH.search(dictionary)
            end = match.end() + int(length[1]) if length else -1
            if not length or not data[end:end + 64].lstrip(b"\x00\t\n\f\r ").startswith(b"endstream"):
                end = data.find(b"endstream", match.end())
                end = len(data) if end < 0 else end
            kept += token
            names = list(_pdf_names(dictionary))
            if (b"ObjStm" in names or PDF_OBJSTM_KEYS <= set(names)) and left > 0:
                objects, used = _pdf_decoded(names, data[match.end():end], left, dictionary)
                left -= used
                kept += _pdf_objects(objects, _PDF_SYNTAX_IN_OBJSTM)[0] + b"\n"
            at, head = end, len(kept)
    kept += data[at:]
    return bytes(kept), left <= 0


# A name that is a place in the document, not an action (a named
# destination, PDF 32000 §12.3.2.3): the value of /Dest or /D, or a key
# whose value is the place's array. Chrome's «Save as PDF» names a heading's
# place by its id: «#JS» linked to «<h2 id="JS">» is «/Dest /JS» and
# «<< /JS [9 0 R /XYZ 6 31 0] >>». What makes a PDF active is never written
# so: an action's type follows /S (/Type, /Subtype), and is counted even
# before «[».
PDF_PLACE_KEYS = {b"Dest", b"D"}
PDF_TYPE_KEYS = {b"S", b"Type", b"Subtype"}


def _pdf_any_of(names) -> bytes:
    """A pattern for a whole name among ``names``, or any holding «#» (an escape: read it)."""
    spelt = b"|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return (rb"(?:(?:%s)(?![^\x00\t\n\f\r /\[\]<>(){}%%])|[^\x00\t\n\f\r /\[\]<>(){}%%#]*+#"
            rb"[^\x00\t\n\f\r /\[\]<>(){}%%]*+)" % spelt)


# The names that matter, each with the blanks and «[» after it: one that
# makes a PDF active, and a key just before one (the other names, a
# 500-page report's million, are no key before an active name: looked at
# one by one, they took 1.4 s of a 10 MB report and 11 s of 10 MB of names).
_PDF_NAME_NEXT = re.compile(rb"/(%s|%s(?=[\x00\t\n\f\r ]*+/%s))[\x00\t\n\f\r ]*(\[?)" % (
    _pdf_any_of(PDF_ACTIVE), _pdf_any_of(PDF_PLACE_KEYS | PDF_TYPE_KEYS), _pdf_any_of(PDF_ACTIVE)))


def _pdf_active_names(objects: bytes) -> set[str]:
    """The kinds (``PDF_ACTIVE``) of the names in a PDF's ``objects`` that
    are no place's name, «#61» escapes read."""
    held, before, end = set(), None, -1
    if b"#" not in objects and not any(name in objects for name in PDF_ACTIVE):
        return held  # most PDFs: no such name, and the pattern tried at each «/» (10 MB of names: 1.2 s)
    for match in _PDF_NAME_NEXT.finditer(objects):
        name = _pdf_name(match.group(1))
        after = before if match.start() == end else None  # the name just before it, if adjacent
        if (kind := PDF_ACTIVE.get(name)) and not (after in PDF_PLACE_KEYS
                                                    or (match.group(2) and after not in PDF_TYPE_KEYS)):
            held.add(kind)
        before, end = (None, -1) if match.group(2) else (name, match.end())
    return held


# A PDF read whole at most: GitHub's largest file, so every PDF a
# repository on GitHub holds is read (one over 64 MiB was published unread,
# a script in it too; a 54 MB scan reads in 18 ms).
PDF_READ = 100 << 20


def _pdf_read(path) -> bytes | None:
    """A PDF's bytes, or None for one over ``PDF_READ`` (not judged)."""
    if os.path.getsize(path) > PDF_READ:
        return None
    with open(path, "rb") as file:
        return file.read()


def pdf_active_problem(entry: str, path) -> str | None:
    """The message for a PDF attachment that is active (``PDF_ACTIVE``: a
    script, a program launched, a form sent elsewhere, files inside), the
    attachment's counterpart of active HTML in an article; else None. A
    PDF larger than ``PDF_READ`` (on a host other than GitHub) is refused
    unread."""
    if (data := _pdf_read(path)) is None:
        size, limit = os.path.getsize(path), file_size(PDF_READ).replace(",0 ", " ")
        return (f"tệp đính kèm «{entry}» nặng {file_size(size)}, quá {limit} nên không kiểm tra được bên trong có "
                "mã lệnh hay không (và quá nặng cho điện thoại) — nén lại (PDF: «Lưu thành» khổ nhỏ, ảnh quét 150 "
                "dpi) hoặc chia thành nhiều tệp, rồi lưu đè tệp này")
    objects, unread = _pdf_objects(data)
    held = _pdf_active_names(objects) | ({"unread"} if unread else set())
    if not held:
        return None
    what = " và ".join(PDF_HELD[kind] for kind in PDF_HELD if kind in held)
    return f"{pdf_active(entry, what)} — {save_as_pdf(PDF_REPRINT.format(then='lưu đè tệp này bằng tệp PDF vừa lưu'))}"


# How to make an active PDF a plain one: saved again from its source, or printed.
PDF_REPRINT = "{then} (không có tệp gốc: mở chính tệp PDF này, chọn In › «Microsoft Print to PDF»)"


def pdf_active(entry: str, what: str) -> str:
    """What is wrong with a PDF that holds ``what`` (``PDF_HELD``: the build's and the desk's words)."""
    return f"tệp đính kèm «{entry}» chứa {what}: tệp đăng lên trang chỉ được là văn bản để đọc và in"


# An object's header: a number read whole (a run of 40,000 digits, tried
# from each of its digits and then backtracked, took 12 s).
_PDF_OBJECT = re.compile(rb"(?<!\d)(\d++)\s++\d++\s++obj\b")
# Streams whose replacement is no earlier text: document data (XMP), the
# cross-reference and object streams, a field's or signature's look (a
# form filled in and saved redraws it).
_PDF_KEPT_AS_IS = re.compile(rb"/Type\s*/(?:Metadata|XRef|ObjStm|EmbeddedFile)\b|/Subtype\s*/Form\b")


def by_file_stamp(judge):
    """``judge(entry, path)`` remembered per file, its size and its
    modification time (as photos.inspect is): the attachments' rules read
    a whole PDF, Word or Excel file (17–30 ms a rule for a 30 MB scan), and
    the preview judged every attachment again at each rebuild."""
    @functools.lru_cache(maxsize=4096)
    def remembered(entry: str, path: str, size: int, modified: int):
        return judge(entry, path)

    @functools.wraps(judge)
    def judged(entry: str, path):
        try:
            stamp = os.stat(path)
        except OSError:
            return judge(entry, path)
        return remembered(entry, str(path), stamp.st_size, stamp.st_mtime_ns)

    judged.cache_clear = remembered.cache_clear
    return judged


@by_file_stamp
def pdf_earlier_version(entry: str, path) -> str | None:
    """The warning for a PDF saved again after an edit that still holds
    what was edited out: a later revision (after a ``%%EOF``, PDF 32000
    §7.5.6: Acrobat's «Save», a phone's «edit PDF») replacing a page's
    text or a photo of an earlier one by other bytes, the earlier bytes
    left in the file for any PDF tool to show. Else None: one revision;
    Word's «Save as PDF» (an empty second cross-reference section), a
    linearized file, a form filled in and saved (its fields redrawn); a
    signed PDF (``/ByteRange``), never judged: signing is such an update,
    and the signature must stay; a PDF over ``PDF_READ``. A warning,
    not an error: what the earlier text was, no rule can tell."""
    if (data := _pdf_read(path)) is None:
        return None
    if data.count(b"%%EOF") < 2 or b"/ByteRange" in data:
        return None
    parts = re.split(rb"(?<=%%EOF)", data)
    if not any(_PDF_OBJECT.search(part) for part in parts[1:]):
        return None  # Word's second section: a trailer, no object
    seen: dict[int, tuple[int, bytes]] = {}
    replaced = 0
    for revision, part in enumerate(parts):
        at = 0  # each object's «endobj» found once: a header without one ends the reading (no n² search)
        while (match := _PDF_OBJECT.search(part, at)) and (end := part.find(b"endobj", match.end())) >= 0:
            number, body, at = int(match.group(1)), part[match.end():end], end + 6
            before = seen.get(number)
            if (before and before[0] < revision and before[1] != body and b"stream" in before[1]
                    and not _PDF_KEPT_AS_IS.search(before[1].split(b"stream", 1)[0])):
                replaced += 1
            seen[number] = (revision, body)
    if not replaced:
        return None
    return (f"tệp đính kèm «{entry}» đã được sửa rồi lưu tiếp: trong tệp vẫn còn bản trước khi sửa ({replaced} trang "
            "hoặc ảnh), ai tải về cũng lấy lại được bằng công cụ PDF thông thường — nếu đã sửa hay che đi điều "
            "không được công bố (tên, số điện thoại, chữ đã xoá): xoá hẳn điều ấy trong tệp gốc (Word), chọn Lưu "
            "thành › PDF rồi lưu đè tệp này (bản quét: che trên giấy rồi quét lại); tô đen trên tệp PDF hay in lại "
            "tệp PDF không xoá được chữ nằm bên dưới")


@by_file_stamp
def attachment_content_problem(entry: str, path) -> str | None:
    """The message for a ``Files:`` attachment that cannot be what readers
    download: an empty file (shown «PDF, 1 KB»), a file named «.pdf»
    whose first bytes are no PDF's, a Word file still holding its review
    marks (``review_marks_problem``); else None. Read: its first 1 KB. The
    desk refuses such a file at upload in the same words (desk.js,
    refusedAttachment)."""
    with open(path, "rb") as file:
        head = file.read(1024)
    if not head:
        return (f"{empty_attachment(entry)} — chép lại tệp gốc rồi lưu đè tệp này (hoặc tải tệp lên lại ở bàn "
                "biên tập)")
    if problem := review_marks_problem(entry, path):
        return problem
    if os.path.splitext(str(path))[1].lower() != ".pdf":
        return None
    if b"%PDF" in head:
        return pdf_active_problem(entry, path)
    start = head.lstrip(NOT_PDF_SPACE)
    what = next((what for magic, what in NOT_PDF if start.startswith(magic)), NOT_PDF_OTHER)
    return f"{not_pdf(entry, what)} — {save_as_pdf('lưu đè tệp này bằng tệp PDF vừa lưu')}"


def linked_file_problem(written: str, path) -> str | None:
    """``attachment_content_problem`` for a file a body links for
    download (``[Tải về]({static}/van-ban/2026/ke-hoach.pdf)``): an empty
    file or a «.pdf» that is no PDF was refused as a document's attachment
    and published as a link. Photos (their own rules) and articles
    (``{filename}``) are not judged here."""
    from plugins.core.photos import IMAGE_SUFFIXES

    if str(path).lower().endswith((".md", *IMAGE_SUFFIXES)) or not os.path.isfile(path):
        return None
    return attachment_content_problem(written, path)


def bad_number(number: str) -> str:
    return (f"số văn bản «{number}» không có chữ hoặc số nào — viết số và ký hiệu như trên "
            "văn bản, ví dụ «Number: 45/KH-LHH»")


# The library files numbered documents: «Number: Không số» was published as
# «Số Không số», and a second such notice that year was a duplicate number.
UNNUMBERED = ("văn bản không có số (giấy mời, lịch công tác…) thì đăng thành một bài viết có liên kết tải tệp, "
              "ví dụ «[Tải về]({static}/van-ban/2025/ten-tep.pdf)»: thư viện Văn bản chỉ nhận văn bản có số")
_NO_NUMBER = {"khong-so", "ks", "khong", "chua-co-so", "khong-co-so", "k-so"}


def number_problem(number: str) -> str | None:
    """What is wrong with a document's ``Number:`` value, or None."""
    if not number_slug(number):
        return bad_number(number)
    if number_slug(number) in _NO_NUMBER:
        return f"«Number: {number}» không phải là số văn bản — {UNNUMBERED}"
    if not any(character.isnumeric() for character in number):
        # «Dự thảo», a draft put up for comments before it has its number,
        # was published as «Số Dự thảo» (van-ban/2025/du-thao/), and the
        # next draft that year was refused as the same number.
        return (f"«Number: {number}» không có chữ số nào, nên không phải là số văn bản — viết số và ký hiệu như "
                f"trên văn bản, ví dụ «Number: 45/KH-LHH»; dự thảo để lấy ý kiến (chưa có số) hay {UNNUMBERED}")
    return None


def duplicate_number(number: str, year: int, others) -> str:
    # A correction re-issued under its number, entered as a new document:
    # «sửa dòng Number» alone left the clerk no way, the number being right.
    return (f"số văn bản «{number}» năm {year} đã được dùng (tệp trùng: {', '.join(others)}) — "
            "mỗi văn bản có một số riêng trong năm; sửa dòng «Number:» cho đúng số trên văn bản. Văn bản ban "
            "hành lại cùng số (bản đính chính): giữ một tệp, thay tệp đính kèm ở dòng «Files:» của nó, ghi ngày "
            "sửa ở dòng «Modified:» (ở bàn biên tập: ô «Ngày cập nhật») và xoá tệp kia")


# --- A document no longer in force (Replaced_by:, Expired:) ------------------------
EXPIRED_WORDS = ("có", "yes")
EXPIRED_EXAMPLE = "«Expired: có» (đã hết hiệu lực, không rõ ngày) hoặc «Expired: 2026-03-01» (hết hiệu lực từ ngày đó)"


def expired_value(text: str) -> tuple[bool, datetime | None]:
    """``Expired:`` read: (no longer in force, from which day or None).
    «có» (or «yes») without a day; a date as ``parse_date`` reads it.
    Raises ContentError in Vietnamese for anything else."""
    value = nfc(text).strip()
    if not value:
        return False, None
    if value.lower() in EXPIRED_WORDS:
        return True, None
    try:
        return True, parse_date(value)
    except ContentError:
        raise ContentError(f"«Expired: {value}» không hợp lệ — viết {EXPIRED_EXAMPLE}{spelled_date(value)}; "
                           f"văn bản còn hiệu lực: xoá dòng này (ở bàn biên tập: ô «{DESK_EXPIRED_LABEL}»)") from None


def replacements(entries) -> tuple[dict, dict]:
    """Which document replaces which: ``entries`` are (key, number, date,
    replaced_by) of every document on the site (``replaced_by`` as typed,
    "" for none). Returns ({key: replacing key}, {key: problem}): a number
    no document has, a document's own number (the same number of another
    year is another document: numbers restart every year), and documents
    replacing each other in a circle. Of several years' documents with the
    number, the nearest one dated on or after this one (else before it)."""
    by_slug: dict[str, list] = {}
    for key, number, day, _ in entries:
        by_slug.setdefault(number_slug(number), []).append((key, day))
    targets, problems, numbers = {}, {}, {}
    for key, number, day, replaced_by in entries:
        numbers[key] = number
        if not replaced_by.strip():
            continue
        wanted = bare_number(replaced_by)
        others = [(other, when) for other, when in by_slug.get(number_slug(wanted), []) if other != key]
        if not others and number_slug(wanted) == number_slug(number):
            problems[key] = (f"«Replaced_by: {wanted}» là số của chính văn bản này — viết số của văn bản MỚI thay "
                             "thế nó (như trên văn bản mới: «… thay thế Quyết định số …»), hoặc xoá dòng này")
        elif not others:
            problems[key] = (f"«Replaced_by: {wanted}»: trên trang không có văn bản số «{wanted}» — viết đúng "
                             "số của văn bản thay thế như trên văn bản đó và thêm văn bản đó vào thư viện Văn bản; "
                             "văn bản thay thế không đăng trên trang: xoá dòng này và viết " + EXPIRED_EXAMPLE
                             + f" (ở bàn biên tập: ô «{DESK_REPLACED_LABEL}», ô «{DESK_EXPIRED_LABEL}»)")
        else:
            targets[key] = min(others, key=lambda o: (o[1] < day, abs((o[1] - day).days)))[0]
    for start in targets:
        chain, key = [start], targets[start]
        while key in targets and key not in chain:
            chain.append(key)
            key = targets[key]
        if key == start:
            circle = " → ".join(numbers[k] for k in [*chain, start])
            problems[start] = (f"các văn bản thay thế nhau thành vòng: {circle} — một văn bản chỉ được thay "
                               "thế bởi văn bản ban hành sau nó: xoá dòng «Replaced_by:» ở văn bản mới hơn")
    return targets, problems


# --- Albums (Album ảnh) ----------------------------------------------------------
# An article's ``Album:`` names a folder under content/images/; its photos
# are shown in file-name order, captions from this file in the folder.
ALBUM_ROOT = "images"
ALBUM_CAPTIONS = "chu-thich.txt"
# The listing of the albums (plugins.albums): a reserved folder.
ALBUMS_URL = "album-anh/"
_CAPTION_LINE = re.compile(r"^\s*([^:]+?)\s*:\s*(.*?)\s*$")


def unmarked(text: str) -> str:
    """Lower case, tone and vowel marks dropped, đ → d (and «ð», the eth a
    PDF's text holds for it: ``_ETH``): ``Đại`` → ``dai``."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d").replace("ð", "d"))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def natural_key(name: str) -> tuple:
    """File-name order as Windows Explorer shows it: ``anh-2.jpg`` before
    ``anh-10.jpg`` (digits compared as numbers), case ignored, marks only
    between names alike without them («Ảnh 1», «ảnh 2», «anh 10», «Ảnh
    khai mạc», «Bế mạc», «Đại biểu»: compared as written, «Ảnh khai mạc»,
    the opening, was last of 153, after «Trao giải»)."""
    def parts(text):
        return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text)]
    written = nfc(name).lower()
    # Explorer's word sort passes over hyphens and apostrophes: «anh-1»
    # before «Ảnh trao giải (30)», as «anh1» before «anh trao». A hyphen
    # between digits stays: it parts two numbers («IMG_0001-2.jpg», the
    # desk's name for a second phone's IMG_0001, was IMG_00012, after
    # IMG_0011; «…083007-1.jpg» after every other photo of the day). The
    # name before its extension first: «IMG_0001.jpg» before «IMG_0001-2.jpg».
    stem, extension = os.path.splitext(unmarked(written))
    return parts(re.sub(r"(?<!\d)-|-(?!\d)", "", stem).replace("'", "")), extension, parts(written)


def album_folder(value: str, content_root) -> str:
    """The folder an ``Album:`` value names, relative to the content root:
    ``2025/hoi-thi`` (or ``images/2025/hoi-thi``, ``{static}/images/…``) →
    ``images/2025/hoi-thi``."""
    path = re.sub(r"^\{static\}", "", value.strip()).strip("/")
    if path != ALBUM_ROOT and not path.startswith(ALBUM_ROOT + "/"):
        path = f"{ALBUM_ROOT}/{path}"
    return os.path.normpath(path).replace(os.sep, "/")


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in a file: where, what, and whether it only warns
    (the content checker's line, and the build's)."""

    path: Path
    line: int
    message: str
    warning: bool = False

    def format(self) -> str:
        level = "cảnh báo: " if self.warning else ""
        line = f":{self.line}" if self.line else ""  # 0: the whole file (a photo)
        return f"{display_path(self.path)}{line}: {level}{self.message}"


@dataclass
class AlbumScan:
    """An album folder as read: its photos in order ({"name", "path",
    "photo": photos.Photo, "caption"}) and the problems found on the way."""

    folder: str
    photos: list[dict]
    findings: list[Problem]


def read_captions(path: str, findings: list[Problem]) -> dict[str, tuple[str, int]]:
    """``chu-thich.txt``: {file name: (caption, line)}; blank lines and
    ``#`` comments skipped, a UTF-8 BOM allowed."""
    try:
        text = Path(path).read_bytes().removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        findings.append(Problem(Path(path), 1, f"tệp {ALBUM_CAPTIONS} không được lưu bằng bảng mã "
                                               f"UTF-8 — {SAVE_AS_UTF8}"))
        return {}
    return parse_captions(enumerate(text_lines(without_invisible(text)), start=1), Path(path), findings)


def parse_captions(lines, path: Path, findings: list[Problem]) -> dict[str, tuple[str, int]]:
    """{file name: (caption, line)} from (line number, text) pairs of
    ``chu-thich.txt`` or of an article's ``Album_captions:`` header (at
    ``path``); blank lines and ``#`` comments skipped."""
    captions: dict[str, tuple[str, int]] = {}
    for number, line in lines:
        line = nfc(line)
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _CAPTION_LINE.match(line)
        if not match:
            shown = line.strip() if len(line.strip()) <= 40 else line.strip()[:40] + "…"
            findings.append(Problem(path, number, f"dòng «{shown}» không có dạng «ten-tep.jpg: "
                                                  "Chú thích» — viết tên tệp ảnh, dấu hai "
                                                  "chấm, rồi chú thích"))
            continue
        name, caption = match.groups()
        if name in captions:
            findings.append(Problem(path, number, f"ảnh «{name}» đã có chú thích ở dòng "
                                                  f"{captions[name][1]} — giữ một dòng cho mỗi ảnh"))
            continue
        captions[name] = (entities_decoded(caption), number)  # «KH&amp;CN» showed as typed
    return captions


# How a caption line may name its photo, strictest first.
_CAPTION_FORMS = (lambda name: name, str.lower, slugify, lambda name: slugify(os.path.splitext(name)[0]))


def caption_keys(files: list[str], captions) -> dict[str, str]:
    """{photo file: the caption line's name for it}. A caption names its
    photo as the folder has it, in any case (``IMG_0001.JPG``), or as it was
    called on the editor's computer before the desk renamed it on upload
    («Ảnh khai mạc.jpg» for ``anh-khai-mac.jpg``), with or without its
    extension («Ảnh khai mạc»), as long as that names one photo only."""
    keys, left = {}, set(captions)
    for form in _CAPTION_FORMS:
        named: dict[str, list[str]] = {}
        for caption in left:
            named.setdefault(form(caption), []).append(caption)
        forms: dict[str, list[str]] = {}
        for name in files:
            if name not in keys:
                forms.setdefault(form(name), []).append(name)
        for shared, names in forms.items():
            if len(names) == 1 and len(named.get(shared, ())) == 1:
                keys[names[0]] = named[shared][0]
                left.discard(named[shared][0])
    return keys


def _drop_copies(scan: AlbumScan, full: str) -> None:
    """A photo saved twice (Zalo's «IMG_1234 (1).jpg» beside «IMG_1234.jpg»,
    the same bytes) was shown twice in the album and its viewer: shown
    once, and a warning names the copy to delete. Only files of equal
    size are read, so an album of distinct photos reads nothing more."""
    sizes: dict[int, list[dict]] = {}
    for entry in scan.photos:
        sizes.setdefault(os.path.getsize(os.path.join(full, entry["name"])), []).append(entry)
    copies = {}
    for same in (group for group in sizes.values() if len(group) > 1):
        alike: dict[str, list[str]] = {}
        for entry in same:
            digest = hashlib.sha256(Path(full, entry["name"]).read_bytes()).hexdigest()
            alike.setdefault(digest, []).append(entry["name"])
        for names in alike.values():
            kept = min(names, key=len)  # «IMG_1234.jpg», not the «IMG_1234 (1).jpg» saved after it
            copies.update((name, kept) for name in names if name != kept)
    by_name = {entry["name"]: entry for entry in scan.photos}
    for name, original in copies.items():
        if not by_name[original]["caption"]:  # the copy's caption is not lost with it
            by_name[original]["caption"] = by_name[name]["caption"]
        scan.findings.append(Problem(Path(full) / name, 0, f"«{name}» giống hệt ảnh «{original}» trong album nên "
                                                           "chỉ hiện một lần — xoá tệp thừa", warning=True))
    scan.photos[:] = [entry for entry in scan.photos if entry["name"] not in copies]


def scan_album(value: str, source_path: str, line: int, content_root) -> AlbumScan:
    """Read the album an article's ``Album:`` header (at ``line`` of
    ``source_path``) names: every photo of the folder in natural file-name
    order, with its upright size and caption. The build and the content
    checker both call it, so they report the same problems:

    - errors: no such folder, no photo in it, a malformed caption line, two
      captions for one photo, and every photo the article photos' rules
      refuse (``photos.inspect``: an empty, cut or non-image file, HEIC/TIFF
      that browsers do not show), with the same message;
    - warnings: no captions (every photo is then without alt text), a
      caption for a file that is not there, a video, a folder or another
      file in the album's folder (none shows on the page).

    Captions come from ``chu-thich.txt`` in the folder or, when it has
    none, from the article's ``Album_captions:`` header (the desk writes
    them there); both at once is an error.
    """
    from plugins.core import photos  # Pillow: only when an article has an album

    folder = album_folder(value, content_root)
    full = os.path.join(content_root, folder)
    scan = AlbumScan(folder, [], [])
    where = (Path(source_path), line)
    if not folder.startswith(ALBUM_ROOT + "/"):
        scan.findings.append(Problem(*where, f"album «{value}» phải là một thư mục trong content/"
                                             f"{ALBUM_ROOT}/ — viết ví dụ «Album: 2025/hoi-thi» cho "
                                             f"content/{ALBUM_ROOT}/2025/hoi-thi/"))
        return scan
    if not os.path.isdir(full):
        names = folder_names(os.path.dirname(full))
        folders = [n for n in names if os.path.isdir(os.path.join(os.path.dirname(full), n))]
        nearest = closest(os.path.basename(full), folders)
        # A folder named on a Mac (its marks encoded apart): «có phải là
        # «Một ảnh trao giải»?» showed the very name written.
        twin = next((n for n in folders if n != os.path.basename(full)
                     and nfc(n) == nfc(os.path.basename(full))), None)
        fix = (f"thư mục «{twin}» có cùng tên nhưng các dấu trong tên được mã hoá khác (dấu tách rời, thường do "
               f"máy Mac đặt tên) nên không khớp — đổi tên thư mục thành tên không dấu, ví dụ "
               f"«{clean_slug(twin) or 'album'}», rồi sửa dòng «Album:» theo tên mới" if twin else
               f"có phải là «{nearest}»?" if nearest else
               f"chép ảnh vào {display_path(full)}/, hoặc sửa dòng «Album:» theo tên thư mục, hoặc "
               f"xoá dòng đó để bỏ album ({DESK_ALBUM_FIELD})")
        scan.findings.append(Problem(*where, f"không có thư mục ảnh «{display_path(full)}» cho "
                                             f"album «{value}» — {fix}"))
        return scan
    names = sorted(folder_names(full), key=natural_key)
    captions_path = os.path.join(full, ALBUM_CAPTIONS)
    has_captions = ALBUM_CAPTIONS in names
    in_header = file_header_lines(source_path, ALBUM_CAPTIONS_HEADER)
    if has_captions and in_header:
        scan.findings.append(Problem(Path(source_path), in_header[0][0], (
            f"album «{value}» có chú thích ở cả tệp {display_path(captions_path)} và dòng "
            f"«{ALBUM_CAPTIONS_HEADER}:» — giữ một nơi: xoá dòng «{ALBUM_CAPTIONS_HEADER}:» "
            f"(và các dòng thụt vào sau nó) hoặc tệp {ALBUM_CAPTIONS}")))
    if has_captions:
        captions_where = Path(captions_path)
        captions = read_captions(captions_path, scan.findings)
    else:
        captions_where = Path(source_path)
        captions = parse_captions(in_header, captions_where, scan.findings)
    candidates = [name for name in names if not name.startswith(".")
                  and os.path.splitext(name)[1].lower() in photos.IMAGE_SUFFIXES]
    # A phone's video copied with the photos was left out without a word,
    # and the editor waited for it on the page.
    # So were a folder of photos inside the album («Ngày 2/») and any other
    # file (an invitation's PDF): neither shows on the page.
    # (name, what to do) of a captions file under another name, read by none.
    misnamed = None if has_captions else next(((n, said) for n in names if (said := misnamed_captions(n))), None)
    for name in names:
        if name.startswith(".") or name == ALBUM_CAPTIONS or name in candidates or is_system_file(name):
            continue
        if misnamed and name == misnamed[0]:
            scan.findings.append(Problem(Path(full) / name, 0, misnamed[1]))
            continue
        if os.path.splitext(name)[1].lower() in VIDEO_SUFFIXES:
            what = ("là video, không phải ảnh, nên không hiện trên trang — đăng video lên YouTube (hoặc Facebook) "
                    "rồi dán địa chỉ vào bài thành một dòng riêng; nếu không cần, xoá tệp")
        elif os.path.isdir(os.path.join(full, name)):
            what = ("là một thư mục: ảnh trong đó không hiện trên trang (album chỉ gồm các ảnh nằm ngay trong thư "
                    "mục album) — chép ảnh ra thư mục album, hoặc làm album riêng cho chúng")
        elif not candidates:  # «không có ảnh nào» below says what to do
            continue
        else:
            what = ("không phải ảnh (JPEG, PNG, GIF, WebP, AVIF) nên không hiện trên trang — văn bản thì đăng ở "
                    "mục Văn bản; nếu không cần, xoá tệp")
        scan.findings.append(Problem(Path(full) / name, 0, f"«{name}» trong thư mục album {what}", warning=True))
    keys = caption_keys(candidates, captions)
    used = {name: captions[key][1] for name, key in keys.items()}  # photo: its caption's line
    for name in candidates:
        key = keys.get(name)
        caption = captions.pop(key)[0] if key else ""
        try:
            photo = photos.inspect(Path(full) / name, name)
        except photos.PhotoError as error:
            scan.findings.append(Problem(*where, str(error)))
            continue
        scan.photos.append({"name": name, "path": f"{folder}/{name}", "photo": photo,
                            "caption": caption})
    _drop_copies(scan, full)  # photos named alike but for case: ``case_twins``, for every folder
    # A warning: the caption shows nowhere. The README's way of taking a
    # photo out of an album (delete it in the desk's Ảnh) leaves its caption
    # row, and an error there stopped every build until someone found it.
    for name, (_, number) in sorted(captions.items(), key=lambda item: item[1][1]):
        # A second line for a photo that has one («Ảnh khai mạc» and
        # «Ảnh khai mạc.JPG»): an error, as for the same name twice (it was
        # «no such photo — có phải là «Ảnh khai mạc.JPG»?», and one caption
        # won silently).
        twin = next((photo for photo in used if any(form(name) == form(photo) for form in _CAPTION_FORMS)), None)
        if twin:
            scan.findings.append(Problem(captions_where, number, f"ảnh «{twin}» đã có chú thích ở dòng "
                                                                 f"{used[twin]} — giữ một dòng cho mỗi ảnh"))
            continue
        nearest = closest(name, candidates)
        fix = (f"có phải là «{nearest}»?" if nearest else
               "nếu ảnh đã được bỏ khỏi album, xoá dòng chú thích này; nếu không, sửa tên tệp cho đúng ảnh "
               "trong thư mục")
        scan.findings.append(Problem(captions_where, number, f"chú thích cho «{name}» nhưng thư "
                                                             f"mục không có ảnh đó — {fix}", warning=True))
    if not candidates:
        scan.findings.append(Problem(*where, f"thư mục «{display_path(full)}» của album không có "
                                             "ảnh nào (JPEG, PNG, GIF, WebP, AVIF) — chép ảnh vào "
                                             f"thư mục, hoặc xoá dòng «Album:» ({DESK_ALBUM_FIELD})"))
    elif scan.photos and not has_captions and not in_header and not misnamed:
        scan.findings.append(Problem(*where, f"album «{value}» chưa có tệp {ALBUM_CAPTIONS} nên "
                                             f"{len(scan.photos)} ảnh không có lời mô tả (alt) cho "
                                             f"người khiếm thị — tạo tệp {display_path(captions_path)}"
                                             ", mỗi dòng «ten-tep.jpg: Chú thích»",
                                     True))
    return scan


# --- Settings of the content rules ----------------------------------------------
# CONTENT_RULES in pelicanconf.py, merged over these (plugins.core.settings.merge)
# and checked when the build or the checker starts.
CONTENT_RULES_DEFAULTS = {
    # A date before this year is probably a typo (2205 → 2025 is the future's
    # twin): a warning. The union was founded on 07/06/1999 (Decision
    # 779/QĐ-UB), so nothing of its bulletin is older.
    "earliest_year": 1999,
    # The longest address (slug) an item may have, in characters: the
    # longest title slug on the union's current site is 115 characters, a
    # file name may have 255 bytes. ``invoke new`` cuts longer title slugs at
    # a hyphen to fit.
    "slug_max_chars": 120,
}


def content_rules(settings: dict, error: type[Exception] = ContentError) -> dict:
    """CONTENT_RULES merged over the defaults and checked (``error`` names
    the key, in Vietnamese)."""
    from plugins.core.settings import merge

    rules = merge("CONTENT_RULES", settings.get("CONTENT_RULES", {}), CONTENT_RULES_DEFAULTS, error)
    for key in rules:
        if rules[key] < 1:
            raise error(f"CONTENT_RULES[{key!r}] phải là số nguyên dương (xem pelicanconf.py)")
    return rules


# --- Header lines ---------------------------------------------------------------
def header_lines(text: str, key: str) -> list[int]:
    """1-based line numbers of every ``key:`` line of the header block."""
    pattern = re.compile(rf"^[ ]{{0,3}}{re.escape(key)}\s*:", re.IGNORECASE)
    lines = []
    for number, line in enumerate(text_lines(text), start=1):
        if not line.strip():
            break
        if pattern.match(line):
            lines.append(number)
    return lines


def duplicate_header(key: str, lines: list[int], fix: str | None = None) -> str:
    """The message for a header key written more than once (Markdown would
    keep a list, on which Pelican keeps the first value, drops it, or fails);
    also for a key of Giới thiệu's facts file, with its own ``fix``."""
    where = ", ".join(str(n) for n in lines[:-1]) + f" và {lines[-1]}"
    if fix is None and key.lower() in ("tags", "authors"):
        fix = f"gộp vào một dòng, cách nhau bởi dấu phẩy, ví dụ «{key}: Hội thảo, Tư vấn»"
    elif fix is None:
        fix = "xoá dòng thừa, chỉ giữ một"
    return f"dòng «{key}:» được viết {len(lines)} lần (dòng {where}) — {fix}"


# --- Statuses ----------------------------------------------------------------------
def header_name(key: str) -> str:
    """A header key as editors write it (``tags`` → ``Tags``)."""
    return _KNOWN_BY_LOWER.get(key.lower()) or key.capitalize()


def content_items(generators) -> list:
    """Every content item (article, page, Hỏi & đáp item, any new kind) that
    any generator holds in a list attribute, once each; static files are
    not items."""
    from pelican.contents import Content, Static

    found = {}
    for generator in generators:
        for value in vars(generator).values():
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, Content) and not isinstance(item, Static):
                        found.setdefault(id(item), item)
    return list(found.values())


def is_public(item) -> bool:
    """Shown to readers and to indexes (search, sitemap, feeds, listings):
    published, and not a future date held back (Pelican makes those drafts).
    Every other status (draft, hidden, skip) is in no index."""
    return getattr(item, "status", "published") == "published"


# --- Files nobody reads ----------------------------------------------------------------
# What Pelican's Markdown reader reads (its file_extensions), case-sensitively.
MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mkd", ".mdown")
NOTES_FILE = "README.txt"  # a note for editors in a folder (content/hoi-dap/)
WORD_SUFFIXES = (".docx", ".doc", ".odt", ".rtf")
# What the Word import takes from its inbox (workflow.import_docx): Word's
# files and its macro-enabled kind.
INBOX_SUFFIXES = (*WORD_SUFFIXES, ".docm")
# Not the editors': what operating systems and Word leave beside files.
_SYSTEM_FILE = re.compile(r"^(\..*|~\$.*|thumbs\.db|desktop\.ini|icon\r)$", re.IGNORECASE)


def is_system_file(name: str) -> bool:
    """A file the system or an office program made, not an editor: hidden
    files, Word's owner file ``~$bang.docx`` (left beside a document open in
    Word, and uploaded with it), Windows' and macOS' folder files."""
    return bool(_SYSTEM_FILE.match(name))


def folder_kind(folder: str, page_paths, article_excludes) -> str | None:
    """What Pelican reads the Markdown files of ``folder`` (relative to the
    content folder, ``""`` for itself) as: "page", "faq", "document",
    "article", or None where it reads none (images, extra files)."""

    def under(prefix: str) -> bool:
        prefix = prefix.strip("/")
        return prefix == "" or folder == prefix or folder.startswith(prefix + "/")

    if any(under(p) for p in page_paths):
        return "page"
    if under(FAQ_PATH):
        return "faq"
    if under(DOCUMENTS_PATH):
        return "document"
    if any(under(p) for p in article_excludes):
        return None
    return "article"


def file_kind(source_path, settings) -> str:
    """What the content file at ``source_path`` is read as, by its folder
    (``folder_kind``): "article", "page", "faq" or "document"."""
    folder = os.path.relpath(os.path.dirname(os.path.abspath(source_path)), os.path.abspath(settings["PATH"]))
    folder = "" if folder == "." else folder.replace(os.sep, "/")
    return folder_kind(folder, settings.get("PAGE_PATHS") or ["pages"], ()) or "article"


def misnamed_captions(name: str) -> str | None:
    """What to do with an album's captions file saved under another name
    than ``chu-thich.txt``, which is read by that name only: Notepad's
    «chu-thich.txt.txt» (Explorer hides the last «.txt»), «Chu-thich.txt»,
    «chú thích.txt». The photos were published without captions, and the
    editor was told to create the file they had made and that theirs was
    «not a photo: delete it». None for any other name."""
    stem, suffixes = name, 0
    while stem.lower().endswith(".txt"):
        stem, suffixes = stem[:-4], suffixes + 1
    if name == ALBUM_CAPTIONS or not suffixes or clean_slug(stem) != ALBUM_CAPTIONS.removesuffix(".txt"):
        return None
    why = ("tên thật của nó kết thúc bằng «.txt» hai lần (Notepad thêm «.txt» khi lưu; Windows giấu đuôi tệp)"
           if suffixes > 1 else f"tên của nó phải viết đúng «{ALBUM_CAPTIONS}»: chữ thường, không dấu")
    return (f"«{name}» là tệp chú thích của album nhưng không được đọc, nên ảnh không có chú thích: {why} "
            f"— đổi tên tệp thành «{ALBUM_CAPTIONS}»")


def belongs_elsewhere(suffix: str, inbox: str, outside: bool = False) -> str | None:
    """Where a Word file, a photo, a video or an attachment (by its
    lower-case ``suffix``) goes to be imported or published, said of one
    left where nothing reads it: in a folder of articles, or ``outside``
    the content folder (``misplaced_uploads``); None for another file."""
    here = "ngoài thư mục «content/»" if outside else "ở đây"
    at = "content/" if outside else ""
    if suffix in INBOX_SUFFIXES:
        return (f"tệp Word để {here} không được đăng — chuyển nó vào thư mục «{inbox.strip('/')}/» (ở bàn biên "
                "tập: mục «Nhập bài từ Word») để thành bài nháp")
    from plugins.core.photos import IMAGE_SUFFIXES  # Pillow: only for a file that is not Markdown

    if suffix in IMAGE_SUFFIXES:
        return (f"ảnh để {here} không được đăng — chuyển ảnh vào thư mục «{at}images/<năm>/» rồi chèn vào bài "
                "(ở bàn biên tập: nút «Ảnh» của ô nội dung)")
    if suffix in VIDEO_SUFFIXES:
        return (f"video để {here} không được đăng — đăng video lên YouTube (hoặc Facebook) rồi dán địa chỉ vào "
                "bài thành một dòng riêng, rồi xoá tệp này")
    if suffix in FILE_TYPES:
        return (f"tệp {FILE_TYPES[suffix]} để {here} không được đăng — tệp đính kèm của văn bản để trong thư mục "
                f"«{at}{DOCUMENTS_PATH}/<năm>/» và ghi ở dòng «Files:» của văn bản (ở bàn biên tập: mục "
                "«Văn bản»)")
    return None


def unread_file_problem(name: str, inbox: str) -> str | None:
    """Why a file in a folder of articles, pages or questions is never
    published, and what to do instead; None for a Markdown file and for
    what is not the editors' (a system file, the folder's note).

    Pelican reads only ``.md`` (and its kin) there and passes over any
    other file without a word: a report saved by Notepad as
    ``bai.md.txt``, a ``.MD`` from another system, a Word file or photos
    uploaded into the year's folder never appeared, and nothing said why."""
    if name.endswith(MARKDOWN_EXTENSIONS) or name == NOTES_FILE or is_system_file(name):
        return None
    stem, dot, suffix = name.rpartition(".")
    suffix = (dot + suffix).lower() if dot and stem else ""
    if suffix in MARKDOWN_EXTENSIONS:
        return f"tệp này không được đăng vì đuôi tệp viết hoa — đổi tên thành «{stem}{suffix}»"
    if suffix == ".txt" and stem.lower().endswith(MARKDOWN_EXTENSIONS):
        return (f"tệp này không được đăng: tên thật của nó kết thúc bằng «.txt» (Notepad thêm vào "
                f"khi lưu) — đổi tên thành «{stem}»")
    if suffix == ".txt":
        return (f"tệp «.txt» không được đăng — nếu là một bài, đổi tên thành «{stem}.md»; nếu "
                "không, xoá tệp này")
    if suffix in (".yaml", ".yml"):  # Giới thiệu's facts where ABOUT["facts"] does not point
        return (f"tệp dữ liệu «{name}» không được đọc ở thư mục này — nếu đây là tệp dữ kiện của trang "
                f"Giới thiệu, gửi thông báo này cho người phụ trách kỹ thuật để khai báo nó trong pelicanconf.py "
                f"(ví dụ «pages/{name}»); "
                "đừng xoá tệp này trước khi kiểm tra")
    if problem := belongs_elsewhere(suffix, inbox):
        return problem
    return (f"tệp «{name}» không được đọc ở thư mục này nên không được đăng — bài viết phải là "
            "tệp «.md»; chuyển tệp này đến đúng chỗ hoặc xoá nó")


def misplaced_markdown_problem() -> str:
    """An article (``.md``) among the photos (``images/``), where Pelican
    reads no Markdown: typed there with GitHub's «Create new file» or
    uploaded beside its photos, it was never published, and the check and
    the build passed. (Not any folder left out of the articles: a plugin's
    own kind of content may read one.)"""
    return ("bài viết để trong thư mục ảnh không được đọc nên không được đăng — chuyển tệp vào thư mục "
            f"bài viết «<năm>/» (văn bản: «{DOCUMENTS_PATH}/<năm>/»), ảnh của bài vẫn để ở «images/<năm>/»")


def content_folders(content, page_paths, article_excludes):
    """Each folder under the content folder, top down, as (folder, its
    parts relative to the content folder, its kind as ``folder_kind`` says,
    its file names): how the checker finds the Markdown files Pelican reads
    and ``refused_files`` the others."""
    content = Path(content)
    for folder, _, names in os.walk(content):
        relative = Path(folder).relative_to(content)
        yield (Path(folder), relative.parts,
               folder_kind(relative.as_posix().strip("."), page_paths, article_excludes), names)


# Files a browser runs as a page or a script when opened from the site: on
# the union's own address they could reach what the site's pages can (the
# desk at /quan-tri/ shares it), and GitHub Pages sends no Content Security
# Policy with them (a page's policy is in its own <meta>; these have none).
_WEB_PAGE = "một trang web (HTML)"
ACTIVE_SUFFIXES = {
    ".html": _WEB_PAGE, ".htm": _WEB_PAGE, ".xhtml": _WEB_PAGE, ".xht": _WEB_PAGE,
    ".shtml": _WEB_PAGE, ".mht": _WEB_PAGE, ".mhtml": _WEB_PAGE,
    ".svg": "ảnh SVG", ".svgz": "ảnh SVG", ".xml": "tệp XML", ".xsl": "tệp XML", ".xslt": "tệp XML",
    # GitHub Pages serves these as application/xml (Chromium runs an XHTML
    # script in them) and application/ecmascript (a script the site's own
    # CSP allows): found by a hostile pass.
    ".xsd": "tệp XML", ".rng": "tệp XML",
    ".js": "tệp mã JavaScript", ".mjs": "tệp mã JavaScript", ".cjs": "tệp mã JavaScript",
    ".ecma": "tệp mã JavaScript", ".es": "tệp mã JavaScript",
}


# A phone's or camera's video files.
VIDEO_SUFFIXES = frozenset({".mov", ".mp4", ".m4v", ".3gp", ".avi", ".mkv", ".webm", ".wmv", ".mts"})
GITHUB_FILE_LIMIT = 100 * 1024 * 1024  # GitHub refuses a push with a file over 100 MiB


def oversized_file_problem(path: Path) -> str | None:
    """A file GitHub will not take (a phone's video copied into images/):
    the push was refused in English, after the editor's work was done."""
    try:
        size = path.stat().st_size
    except OSError:
        return None
    if size <= GITHUB_FILE_LIMIT:
        return None
    megabytes = f"{size / 1024 / 1024:,.0f}".replace(",", ".")
    return (f"tệp nặng {megabytes} MB, GitHub không nhận tệp trên 100 MB nên bài không đăng được — "
            "video: đăng lên YouTube (hoặc Facebook) rồi dán địa chỉ vào bài thành một dòng riêng; tài liệu: "
            "lưu lại nhẹ hơn (PDF «Minimum size») hoặc chia thành nhiều tệp")


def active_file_problem(name: str) -> str | None:
    """Why a file the browser would run (a web page, an SVG, XML, a script)
    is not published from the content folder, and what to publish instead;
    None for any other file."""
    suffix = Path(name).suffix.lower()
    kind = ACTIVE_SUFFIXES.get(suffix)
    if kind is None:
        return None
    why = (f"tệp «{name}» là {kind}: mở từ trang của Liên hiệp Hội, nó có thể chạy mã như chính "
           "trang, nên không được đăng")
    if kind.startswith("ảnh"):
        from plugins.core.photos import SVG_FIX  # Pillow: only for an SVG

        return f"{why} — {SVG_FIX}, dùng tệp PNG thay cho nó, rồi xoá tệp này"
    if kind == _WEB_PAGE:
        return (f"{why} — nếu là văn bản cần đính kèm: mở nó bằng trình duyệt hoặc Word, chọn In › "
                "«Microsoft Print to PDF» (Lưu thành PDF), đính kèm tệp PDF thay cho nó, rồi xoá "
                "tệp này; nếu là một bài: chép nội dung vào một bài mới")
    return f"{why} — xoá tệp này (nếu là văn bản cần đính kèm: lưu thành PDF rồi đính kèm tệp PDF)"


def links_outside(content) -> list[tuple[Path, str]]:
    """(path, message) for each symbolic link under the content folder, to
    a file or a folder, whose target lies outside it: Pelican follows links
    and published the target as a static file once an article linked it
    (``../../.git/config``, or a maintainer's ``~/.ssh`` key when the site
    is built and deployed from their computer), with check and build
    silent. A link in a stranger's pull request shows in its diff as one
    line of text. Not in a system folder (``.git``)."""
    root = Path(content).resolve()
    found, folders = [], [str(content)]
    while folders:  # os.scandir: a link is known from the folder's listing, without a stat per photo
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if is_system_file(entry.name):
                    continue
                if not entry.is_symlink():
                    if entry.is_dir():
                        folders.append(entry.path)
                    continue
                target = Path(entry.path).resolve()
                if target != root and root not in target.parents:
                    found.append((Path(entry.path), f"«{nfc(entry.name)}» là một liên kết (symlink) tới "
                                  f"«{os.readlink(entry.path)}», nằm ngoài thư mục content/: trang web sẽ đăng nội "
                                  "dung ở đó (có thể là cấu hình hay mật khẩu của máy xây dựng trang) — xoá liên "
                                  "kết; cần tệp nào thì chép chính tệp đó vào content/"))
    return sorted(found)


def refused_files(content, page_paths, article_excludes, inbox: str, data_files=()) -> list[tuple[Path, str]]:
    """(path, message), sorted, for each file under the content folder that
    is never published as the editor meant: in a folder of articles, pages
    or questions, what no reader reads (``unread_file_problem``); anywhere,
    and first, a file a browser would run (``active_file_problem``: Pelican
    copies the static folders, ``images/`` and ``van-ban/``, as they are).
    Not the ``data_files`` a plugin reads (Giới thiệu's facts), nor what
    lies in a system folder (``.git``). And a link to outside the content
    folder (``links_outside``)."""
    known = {Path(path).resolve() for path in data_files}
    found = []
    for folder, parts, kind, names in content_folders(content, page_paths, article_excludes):
        if any(is_system_file(part) for part in parts):
            continue
        for name in names:
            if is_system_file(name):
                continue
            message = active_file_problem(nfc(name))
            if message is None and kind in ("article", "page", "faq"):
                message = unread_file_problem(nfc(name), inbox)
            if (message is None and kind is None and parts and parts[0] == ALBUM_ROOT
                    and name.lower().endswith(MARKDOWN_EXTENSIONS)):
                message = misplaced_markdown_problem()
            path = folder / name
            if message is None:
                message = oversized_file_problem(path)
            if message and path.resolve() not in known:  # resolved only when named: photos are many
                found.append((path, message))
    named = {path for path, _ in found}
    return sorted(found + [(path, message) for path, message in links_outside(content) if path not in named])


# The repository's own documents at its root (README.md, CHANGELOG.md,
# SECURITY.md…): capitals; an editor's article is named in small letters.
_REPOSITORY_DOC = re.compile(r"[A-Z][A-Z0-9_-]*\.md")
_YEAR_FOLDER = re.compile(r"(19|20)\d\d")


def misplaced_uploads(root, content, inbox: str) -> list[tuple[Path, str]]:
    """(path, message), sorted, for what an editor put outside the content
    folder and means to publish: at the repository's root (GitHub's «Add
    file» opens there), an article (``.md`` not in capitals), a Word file,
    a photo, a PDF or another attachment, a video, or a folder named as a
    year or as one of the content's folders (``2026/``, ``images/``); in the
    Word import's ``inbox``, a file it does not import (a PDF, a photo, an
    article). None of them was ever published or imported, and every check
    passed."""
    root, content = Path(root), Path(content).resolve()
    inbox = inbox.strip("/")
    found = []
    with os.scandir(root) as entries:
        listed = sorted(entries, key=lambda entry: entry.name)
    for entry in listed:
        name = nfc(entry.name)
        path = Path(entry.path)
        if is_system_file(name) or path.resolve() == content:
            continue
        if entry.is_dir():
            if _YEAR_FOLDER.fullmatch(name) or name in ("images", "pages", FAQ_PATH, DOCUMENTS_PATH):
                found.append((path, f"thư mục «{name}/» nằm ngoài thư mục «content/» nên không tệp nào trong đó "
                                    f"được đăng — chuyển các tệp của nó vào «content/{name}/»"))
            continue
        suffix = os.path.splitext(name)[1].lower()
        if suffix in MARKDOWN_EXTENSIONS and not _REPOSITORY_DOC.fullmatch(name):
            where = "bài viết để ngoài thư mục «content/» không được đăng — chuyển tệp vào «content/<năm>/»"
        elif not (where := belongs_elsewhere(suffix, inbox, outside=True)):
            continue
        found.append((path, where))
    box = root / inbox
    for name in sorted(os.listdir(box)) if box.is_dir() else ():
        suffix = os.path.splitext(name)[1].lower()
        if (is_system_file(name) or name == "README.md" or suffix == ".json"
                or suffix in INBOX_SUFFIXES):
            continue
        found.append((box / name, f"chỉ tệp Word (.docx) trong thư mục «{inbox}/» được nhập thành bài nháp; tệp "
                                  f"«{nfc(name)}» không được nhập cũng không được đăng — chuyển nó đến đúng chỗ "
                                  "(bài viết: «content/<năm>/»; ảnh: «content/images/<năm>/»; tệp PDF: "
                                  f"«content/{DOCUMENTS_PATH}/<năm>/» với một văn bản) hoặc xoá nó"))
    return sorted(found)


def case_twin_problem(name: str, first: str) -> str:
    """The warning at ``name``, whose name differs from ``first``'s (in the
    same folder) only in case or in how its marks are encoded."""
    stem, suffix = os.path.splitext(name)
    how = ("có cùng tên nhưng các dấu trong tên được mã hoá khác (dấu tách rời, thường do máy Mac đặt tên)"
           if nfc(name) == nfc(first) else "chỉ khác nhau chữ hoa, chữ thường")
    return (f"«{nfc(name)}» và «{nfc(first)}» {how}: máy Windows và máy Mac chỉ giữ được một trong hai tệp "
            f"(tệp kia mất khi chép kho về máy) — đổi tên một tệp, ví dụ «{nfc(stem)}-2{suffix}»")


def case_twins(content) -> list[tuple[Path, str]]:
    """(path, warning), sorted, for each file or folder under the content
    folder whose name differs from another's in the same folder only in
    case («dai-bieu.jpg», «DAI-BIEU.JPG»: two phones, two people) or in
    how its marks are encoded (NFC, NFD): Linux keeps both, but a Windows
    or Mac office PC keeps one of them when the repository is copied there,
    and the desk could not save them. Once per pair, at the later name in
    sorted order, naming both. Not in a system folder (``.git``)."""
    found = []
    for folder, folders, files in os.walk(content):
        if any(is_system_file(part) for part in Path(folder).relative_to(content).parts):
            continue
        seen: dict[str, str] = {}
        for name in sorted(folders + files):  # whatever order the disk lists
            if is_system_file(name):
                continue
            key = nfc(name).casefold()
            if key in seen:
                found.append((Path(folder) / name, case_twin_problem(name, seen[key])))
            else:
                seen[key] = name
    return sorted(found)


# --- Slugs ---------------------------------------------------------------------------
SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_FORM = ("chỉ được gồm chữ thường không dấu a-z, chữ số 0-9 và dấu gạch ngang «-» "
             "(không có dấu cách, dấu chấm, «/», «?», «#»)")


def clean_slug(text: str, limit: int | None = None) -> str:
    """The slug an editor means by ``text``: slugified, then only
    ``[a-z0-9-]`` (``_`` and runs of ``-`` made one ``-``), cut at a hyphen
    to at most ``limit`` characters."""
    slug = re.sub(r"[^a-z0-9]+", "-", slugify(nfc(text))).strip("-")
    if limit and len(slug) > limit:
        cut = slug[: limit + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut[: limit + 1] else slug[:limit]
        slug = slug.strip("-")[:limit]
    return slug


def slug_problem(value: str, title: str, limit: int) -> str | None:
    """The message for a bad ``Slug:`` value, or None."""
    value = value.strip()
    if SLUG_RE.fullmatch(value) and len(value) <= limit:
        return None
    suggestion = clean_slug(value, limit) or clean_slug(title, limit) or "bai-viet-moi"
    if len(value) > limit and SLUG_RE.fullmatch(value):
        return (f"Slug dài {len(value)} ký tự, quá giới hạn {limit} — viết ngắn hơn, ví dụ "
                f"«Slug: {suggestion}» ({DESK_SLUG_FIELD})")
    return f"Slug «{value}» không hợp lệ: Slug {SLUG_FORM} — viết «Slug: {suggestion}» ({DESK_SLUG_FIELD})"


def title_slug_problem(title: str, limit: int) -> str | None:
    """The message for a title that makes no usable address (no ``Slug:``)."""
    slug = title_slug(title)
    if not slug.strip("-_"):
        return (f"tiêu đề «{nfc(title).strip()}» không có chữ cái hay chữ số nào để làm địa chỉ "
                "trang — thêm vào phần đầu một dòng «Slug: …» viết bằng chữ thường không dấu, "
                f"chữ số và dấu gạch ngang, ví dụ «Slug: bai-viet-moi» ({DESK_SLUG_FIELD})")
    if len(slug) > limit:
        return (f"tiêu đề dài nên địa chỉ trang dài {len(slug)} ký tự, quá giới hạn {limit} — "
                f"thêm vào phần đầu dòng «Slug: {clean_slug(title, limit)}» ({DESK_SLUG_FIELD})")
    return None


@functools.lru_cache(maxsize=4096)
def name_slug_problem(key: str, name: str, limit: int) -> str | None:
    """The message for a tag or author that makes no usable address
    (``the/{slug}/``, ``tac-gia/{slug}/``), or None."""
    slug = slugify(html.escape(nfc(name), quote=False))
    what = "thẻ" if key.lower() == "tags" else "tác giả"
    if not slug.strip("-_"):
        return (f"{what} «{name}» không có chữ cái hay chữ số nào để làm địa chỉ trang "
                f"của {what} — viết {what} bằng chữ, hoặc xoá nó khỏi dòng «{key}:»")
    if len(slug) > limit:
        return (f"{what} «{name[:40].rstrip()}…» dài quá: địa chỉ trang của {what} dài {len(slug)} "
                f"ký tự, quá giới hạn {limit} — viết {what} ngắn hơn")
    return None


# --- Statuses and templates ----------------------------------------------------------
# Each status as the desk's «Trạng thái» field names it, and the Vietnamese
# words (without marks) an editor may write for one («Status: nháp»).
STATUS_LABELS = {"published": "Đăng", "draft": "Bản nháp", "hidden": "Ẩn (không liệt kê)",
                 "skip": "Bỏ qua (không dựng trang)"}
_STATUS_WORDS = {"dang": "published", "cong-khai": "published", "xuat-ban": "published",
                 "nhap": "draft", "ban-nhap": "draft", "an": "hidden", "bo-qua": "skip"}


def status_problem(value: str) -> str | None:
    """The message for an unknown ``Status:``, or None."""
    if value.strip().lower() in STATUSES:
        return None
    suggestion = _STATUS_WORDS.get(clean_slug(value)) or closest(value.strip(), STATUSES)
    if suggestion:
        return (f"Status «{value.strip()}» không hợp lệ — viết «Status: {suggestion}» (ở bàn biên "
                f"tập: «{STATUS_LABELS[suggestion]}»)")
    return (f"Status «{value.strip()}» không hợp lệ — dùng published, draft, hidden hoặc skip (ở bàn "
            f"biên tập: {', '.join(f'«{label}»' for label in STATUS_LABELS.values())})")


def counter_problem(value: str) -> str | None:
    """The message for a ``Counter:`` other than on or off, or None."""
    if value.strip().lower() in ("on", "off"):
        return None
    return (f"«Counter: {value.strip()}» không hợp lệ — viết «Counter: off» để tắt bộ đếm "
            "lượt truy cập trên trang này, hoặc bỏ dòng đó đi")


def template_names(settings: dict, kind: str) -> tuple[set[str], list[str]]:
    """(every template name the theme has, the ones meant for ``kind``: its
    own and those that extend it). A name is a file's stem under the theme's
    ``templates/`` (or THEME_TEMPLATES_OVERRIDES), as ``Template:`` gives it."""
    own = "article" if kind == "article" else "page"
    folders = [*settings.get("THEME_TEMPLATES_OVERRIDES", []),
               str(Path(settings.get("THEME", "")) / "templates")]
    names, meant = set(), set()
    extends = re.compile(r"""\{%-?\s*extends\s+["']""" + own + r"""\.html["']""")
    for folder in folders:
        for path in Path(folder).glob("*.html"):
            names.add(path.stem)
            if path.stem == own or extends.search(path.read_text(encoding="utf-8")):
                meant.add(path.stem)
    return names, sorted(meant)


def template_problem(value: str, settings: dict, kind: str) -> str | None:
    """The message for a ``Template:`` the theme does not have, or None."""
    names, meant = template_names(settings, kind)
    if value.strip() in names:
        return None
    suggestion = closest(value.strip(), meant)
    listed = ", ".join(meant)
    return (f"Template «{value.strip()}» không có trong giao diện (theme/templates/) — "
            + (f"có phải là «{suggestion}»? " if suggestion else "")
            + f"các mẫu dùng được: {listed}; hoặc xoá dòng «Template:» để dùng mẫu mặc định")


# --- Dates -----------------------------------------------------------------------------
def local_date(value: datetime, timezone: str) -> datetime:
    """A naive local date made aware in ``timezone``. Before 1911 the tz
    database gives Vietnam a local mean time (+07:06:30), which no sitemap
    or ISO 8601 reader accepts: such dates get the zone's present offset."""
    from datetime import timezone as fixed
    from zoneinfo import ZoneInfo

    from pelican.utils import SafeDatetime

    zone = ZoneInfo(timezone)
    aware = value.replace(tzinfo=zone)
    if aware.utcoffset().seconds % 60:
        aware = value.replace(tzinfo=fixed(datetime.now(zone).utcoffset()))
    return SafeDatetime(aware.year, aware.month, aware.day, aware.hour, aware.minute,
                        aware.second, aware.microsecond, aware.tzinfo)


def old_date_problem(text: str, date: datetime, earliest_year: int) -> str | None:
    """The warning for a date before CONTENT_RULES['earliest_year']."""
    if date.year >= earliest_year:
        return None
    return (f"ngày «{text.strip()}» trước năm {earliest_year}, năm sớm nhất của bản tin "
            "— có gõ nhầm năm không? Nếu đúng là ngày đó, bỏ qua cảnh báo này")


# --- Summary ---------------------------------------------------------------------------
_INLINE_TAG = re.compile(r"<(em|strong|a|code|img)\b")
# What may start inline Markdown: emphasis, code, a link or an image.
_MARKDOWN_MARK = re.compile(r"[*`]|_\S|\S_|\]\(|\]\[")


def markdown_settings(settings: dict) -> dict:
    """Keyword arguments for ``markdown.Markdown`` as Pelican's Markdown
    reader builds them from MARKDOWN (extensions from extension_configs,
    plus meta), without changing the settings."""
    config = dict(settings.get("MARKDOWN") or {})
    extensions = list(config.get("extensions", []))
    for name in [*config.get("extension_configs", {}), "markdown.extensions.meta"]:
        if name not in extensions:
            extensions.append(name)
    return {**config, "extensions": extensions}


def summary_markdown_problem(summary: str, markdown) -> str | None:
    """The warning for a ``Summary:`` with Markdown formatting: summaries are
    plain text (FORMATTED_FIELDS = []), so the marks would show as typed.
    ``markdown``: a ``markdown.Markdown`` built with ``markdown_settings``."""
    if not _MARKDOWN_MARK.search(summary):
        return None  # most summaries: no Markdown to render
    markdown.reset()
    rendered = markdown.convert(summary)
    if not _INLINE_TAG.search(rendered):
        return None
    return ("tóm tắt có định dạng Markdown (như **đậm**, *nghiêng*, [liên kết](…) hay `mã`) "
            "nhưng tóm tắt luôn hiện nguyên văn, kể cả các dấu * _ [ ] ` — bỏ các dấu định dạng "
            "khỏi dòng «Summary:»")


# --- Reserved paths: the URLs the site makes itself ----------------------------------
# Settings whose value is where Pelican writes a page of its own (the
# article, page and draft patterns are content: collisions cover them).
GENERATED_SAVE_AS = (
    "INDEX_SAVE_AS", "CATEGORY_SAVE_AS", "CATEGORIES_SAVE_AS", "TAG_SAVE_AS", "TAGS_SAVE_AS",
    "AUTHOR_SAVE_AS", "AUTHORS_SAVE_AS", "ARCHIVES_SAVE_AS", "YEAR_ARCHIVE_SAVE_AS",
    "MONTH_ARCHIVE_SAVE_AS", "DAY_ARCHIVE_SAVE_AS", "DRAFT_SAVE_AS", "DRAFT_PAGE_SAVE_AS",
    # The documents' pages (plugins.documents), where the settings have them.
    "DOCUMENT_SAVE_AS", "DRAFT_DOCUMENT_SAVE_AS",
)
# Listings Pelican paginates (PAGINATION_PATTERNS), by their save_as setting.
PAGINATED_SAVE_AS = ("INDEX_SAVE_AS", "CATEGORY_SAVE_AS", "TAG_SAVE_AS", "AUTHOR_SAVE_AS")
# What our plugins and pelican-sitemap write beside the content, from their
# settings: (plugin, setting, key, default, suffix).
PLUGIN_OUTPUTS = (
    ("plugins.search", "SEARCH", "bundle_dir", "pagefind", "/"),
    ("plugins.headers", "HEADERS", "file", "_headers", ""),
    ("sitemap", "SITEMAP", "format", "xml", ""),
    ("plugins.redirects", "REDIRECTS", "file", "_redirects", ""),
    ("plugins.documents", "DOCUMENTS", "feed", "feeds/van-ban.atom.xml", ""),
)
# Sections our plugins write under a folder of their own, whatever their
# settings: (plugin, folder). The documents library (its listings by kind,
# year and group, and the documents: DOCUMENT_SAVE_AS) and the albums' listing.
PLUGIN_SECTIONS = (
    ("plugins.documents", DOCUMENTS_PATH + "/"),
    ("plugins.albums", ALBUMS_URL),
)


def _reserved_entry(pattern: str) -> str:
    """A save_as pattern as a reserved entry: a folder (``the/``) when the
    pattern has a placeholder or is a folder's index.html, else the file."""
    pattern = pattern.lstrip("/")
    if "{" in pattern:
        fixed = pattern[: pattern.index("{")]
        return fixed[: fixed.rfind("/") + 1]
    if pattern.endswith("/index.html") or pattern.endswith("/"):
        return pattern.removesuffix("index.html")
    return pattern


def reserved_paths(settings: dict) -> list[tuple[str, str]]:
    """(entry, the setting it comes from) for every URL the site generates
    itself: an entry ending in ``/`` is a folder (everything inside is the
    site's), any other is one file. Computed from the settings, so it
    follows them; ``RESERVED_PATHS`` adds sections other features make."""
    found: list[tuple[str, str]] = []

    def add(pattern, origin):
        if isinstance(pattern, str) and pattern.strip("/"):
            entry = _reserved_entry(pattern)
            if entry and (entry, origin) not in found:
                found.append((entry, origin))

    for name in GENERATED_SAVE_AS:
        add(settings.get(name, DEFAULT_CONFIG.get(name)), name)
    for name in settings.get("DIRECT_TEMPLATES", []):
        if name != "index":
            add(settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html"), "DIRECT_TEMPLATES")
    for target in (settings.get("TEMPLATE_PAGES") or {}).values():
        add(target, "TEMPLATE_PAGES")
    for _, _, pagination in settings.get("PAGINATION_PATTERNS", ()):
        for name in PAGINATED_SAVE_AS:
            base = os.path.dirname(settings.get(name, DEFAULT_CONFIG.get(name)) or "")
            add(pagination.replace("{base_name}", base), "PAGINATION_PATTERNS")
    for name, value in sorted(settings.items()):
        if re.fullmatch(r"(?:[A-Z]+_)?FEED(?:_ALL)?_(?:ATOM|RSS)", name) and value:
            add(value, name)
    add(settings.get("THEME_STATIC_DIR", "theme") + "/", "THEME_STATIC_DIR")
    moved = settings.get("EXTRA_PATH_METADATA") or {}
    for path in settings.get("STATIC_PATHS", []):
        target = (moved.get(path) or {}).get("path", path)
        add(target if Path(target).suffix else target.rstrip("/") + "/", "STATIC_PATHS")
    # As the settings name them («sitemap») or, once Pelican has loaded
    # them, as their modules are named («pelican.plugins.sitemap»: the
    # build missed sitemap.xml, and an old address there broke the build).
    plugins = [(p if isinstance(p, str) else getattr(p, "__name__", "")).removeprefix("pelican.plugins.")
               for p in settings.get("PLUGINS") or []]
    for plugin, setting, key, default, suffix in PLUGIN_OUTPUTS:
        if plugin in plugins:
            value = (settings.get(setting) or {}).get(key, default)
            if value:
                add(f"sitemap.{value}" if plugin == "sitemap" else value + suffix, setting)
    for plugin, folder in PLUGIN_SECTIONS:
        if plugin in plugins:
            add(folder, plugin)
    for entry in settings.get("RESERVED_PATHS", []):
        add(entry, "RESERVED_PATHS")
    return found


def reserved_by(path: str, reserved) -> tuple[str, str] | None:
    """The reserved entry a site path (a save_as or a URL) equals or falls
    inside, or None (the first of ``reserved`` that does)."""
    exact, folders = _reserved_index(tuple(reserved))
    path = path.lstrip("/")
    found = [exact.get(path), folders.get(path + "/")]
    end = path.find("/")
    while end != -1:
        found.append(folders.get(path[: end + 1]))
        end = path.find("/", end + 1)
    hits = [hit for hit in found if hit]
    return min(hits)[1] if hits else None


@functools.lru_cache(maxsize=8)
def _reserved_index(reserved: tuple) -> tuple[dict, dict]:
    """{file: (order, entry)}, {folder: (order, entry)}: a path is looked up
    by its folders instead of against every entry (5,000 items, twice)."""
    exact, folders = {}, {}
    for order, entry in enumerate(reserved):
        (folders if entry[0].endswith("/") else exact).setdefault(entry[0], (order, entry))
    return exact, folders


def free_slug(slug: str, kind: str, url_of, reserved) -> str:
    """A slug near ``slug`` whose address is not reserved: ``trang-…`` for
    a page, ``bai-…`` for an article, then numbered (up to 100 tries: when
    the kind's whole URL pattern lies in a reserved folder, no slug helps and
    the first candidate is returned)."""
    base = ("trang-" if kind == "page" else "bai-") + (slug or "moi")
    candidates = [base] + [f"{base}-{number}" for number in range(2, 101)]
    return next((c for c in candidates if not reserved_by(url_of(c), reserved)), base)


# What each origin of a reserved entry is, in an editor's words: the
# setting's name said nothing to them («TEMPLATE_PAGES trong cấu hình»).
RESERVED_ORIGINS = {
    "INDEX_SAVE_AS": "trang chủ",
    "CATEGORY_SAVE_AS": "trang của từng chuyên mục", "CATEGORIES_SAVE_AS": "trang danh sách chuyên mục",
    "TAG_SAVE_AS": "trang của từng thẻ", "TAGS_SAVE_AS": "trang danh sách thẻ",
    "AUTHOR_SAVE_AS": "trang của từng tác giả", "AUTHORS_SAVE_AS": "trang danh sách tác giả",
    "ARCHIVES_SAVE_AS": "trang Lưu trữ", "YEAR_ARCHIVE_SAVE_AS": "trang Lưu trữ theo năm",
    "MONTH_ARCHIVE_SAVE_AS": "trang Lưu trữ theo tháng", "DAY_ARCHIVE_SAVE_AS": "trang Lưu trữ theo ngày",
    "DRAFT_SAVE_AS": "bản nháp", "DRAFT_PAGE_SAVE_AS": "bản nháp", "DRAFT_DOCUMENT_SAVE_AS": "bản nháp",
    "DOCUMENT_SAVE_AS": "thư viện Văn bản", "DOCUMENTS": "thư viện Văn bản",
    "plugins.documents": "thư viện Văn bản", "plugins.albums": "Album ảnh",
    "DIRECT_TEMPLATES": "trang danh sách của giao diện",
    "TEMPLATE_PAGES": "trang riêng của giao diện: tìm kiếm, «không tìm thấy»…",
    "PAGINATION_PATTERNS": "các trang tiếp theo của danh sách bài: trang 2, 3…",
    "THEME_STATIC_DIR": "tệp của giao diện: kiểu chữ, kiểu trang, biểu tượng",
    "STATIC_PATHS": "thư mục ảnh và tệp đính kèm",
    "RESERVED_PATHS": "phần dành cho tính năng khác của trang web, như bàn biên tập",
    "SEARCH": "chỉ mục tìm kiếm", "HEADERS": "tệp cấu hình máy chủ",
    "SITEMAP": "sơ đồ trang cho máy tìm kiếm", "REDIRECTS": "tệp chuyển hướng địa chỉ cũ",
}


def reserved_origin(origin: str) -> str:
    """A reserved entry's origin (a setting or plugin) as an editor reads it."""
    if re.fullmatch(r"(?:[A-Z]+_)?FEED(?:_ALL)?_(?:ATOM|RSS)", origin):
        return "nguồn tin RSS/Atom"
    return RESERVED_ORIGINS.get(origin, "phần do trang web tự tạo")


def reserved_message(address: str, entry: tuple[str, str], fix: str) -> str:
    """The message for an item whose address the site already uses."""
    where, origin = entry
    return (f"địa chỉ «{address}» trùng với phần «{where}» mà trang web tự tạo ({reserved_origin(origin)}) "
            f"nên nội dung này sẽ bị mất hoặc làm hỏng việc xây dựng trang — {fix}")


def reserved_problem(save_as: str, url: str, kind: str, draft: bool, slug: str,
                     explicit_slug: bool, override: str | None, url_of, reserved) -> str | None:
    """The message for an item (``kind``: "article" or "page") whose
    address (``save_as`` or ``url``) is one the site makes itself, or None.
    A draft may live in the drafts' folders; ``url_of(slug)`` is the
    address another slug would give it, to suggest a free one; ``override``
    names its ``Save_as:``/``URL:`` header if it has one."""
    reserved = [entry for entry in reserved if not (draft and entry[1].startswith("DRAFT_"))]
    entry = reserved_by(save_as, reserved) or reserved_by(url, reserved)
    if not entry:
        return None
    suggestion = free_slug(clean_slug(slug), kind, url_of, reserved)
    return reserved_message(url, entry, reserved_fix(explicit_slug, override, suggestion))


def reserved_fix(slug_line: bool, override: str | None, suggestion: str) -> str:
    """How to fix a reserved address: a ``Slug:`` (suggested), or another
    ``Save_as:``/``URL:`` when the item sets its address itself."""
    if override:
        return f"sửa dòng «{override}:» sang một địa chỉ khác, hoặc xoá dòng đó"
    verb = "sửa dòng «Slug:» thành" if slug_line else "thêm vào phần đầu dòng"
    return f"{verb} «Slug: {suggestion}» để dùng một địa chỉ khác ({DESK_SLUG_FIELD})"
# --- Old addresses (``Old_url:`` headers, the ``OLD_URLS`` setting) --------------
# The union's current site answers at paths such as /Tin-Tuc/left22/3327_Ten-bai
# and /lien-hiep-hoi/ten-bai-6817.html; the redirects plugin leaves a page at
# each of them that sends the reader on. These rules say what an old path is,
# when two of them are the same (as a server sees them), and what may not be
# claimed; the build and the checker word every mistake the same way.
OLD_URL_HEADER = "Old_url"
# Where a claim from the settings comes from, in messages.
OLD_URLS_SOURCE = "OLD_URLS (pelicanconf.py)"
PAGE_SUFFIXES = (".html", ".htm")
NAME_MAX = 255  # bytes of one file or folder name (ext4, NTFS in UTF-16 units: more)
# Characters browsers send as they are in a path; every other one is
# percent-encoded (UTF-8, upper-case hex) in _redirects.
_SENT_AS_IS = "/!$&'()*+,;=:@"
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\\]")


def split_old_urls(value) -> list[str]:
    """The paths of an ``Old_url`` value, separated by commas or line breaks
    (Pelican passes a header written over several lines as a list)."""
    if isinstance(value, (list, tuple)):
        value = "\n".join(str(part) for part in value)
    return [part.strip() for part in re.split(r"[,\n]", str(value)) if part.strip()]


def _bare_host(host: str) -> str:
    return host.lower().rstrip(".").removeprefix("www.")


# What Facebook, Zalo, Google and newsletters add to an address they share:
# the page is the same without it, and a static host ignores a query.
# Facebook's «__cft__[0]», «__tn__», «__eep__» are on every link of a post
# copied from facebook.com (a profile, a hashtag), tied to the session.
_TRACKERS = re.compile(r"(utm_[a-z_]+|fbclid|gclid|gbraid|wbraid|dclid|msclkid|yclid|ttclid|twclid|"
                       r"mibextid|igshid|igsh|zarsrc|_gl|_ga|mc_cid|mc_eid|sfnsn|rdid|share_id|"
                       r"__cft__(\[\d+\])?|__tn__|__eep__|__xts__(\[\d+\])?)$", re.I)


def is_tracker(name: str) -> bool:
    """Whether a query parameter's name (``fbclid``, ``utm_source``) only
    marks where a shared link was clicked."""
    return bool(_TRACKERS.match(name))


def only_trackers(query: str) -> bool:
    """Whether every parameter of a query (``fbclid=IwAR…&utm_source=zalo``)
    only marks where a shared link was clicked."""
    names = [part.partition("=")[0] for part in query.split("&") if part]
    return all(is_tracker(name) for name in names)


# What a copied link may carry after its last letter (an address never ends
# so; a «)» closing a «(» of the same name is the name's).
_TRAILING_SIGNS = set(").,;:]»>\"'")


def old_path(value: str, domains) -> str:
    """The path a server sees for an old address, as it looks for a file:
    ``https://vustathaibinh.org.vn/Tin-Tuc/a%20b`` → ``/Tin-Tuc/a b``.

    The domain (one of ``domains``, with or without ``www.``) is dropped,
    percent-encoding decoded (UTF-8), the text composed to NFC; case and a
    trailing slash are kept. Raises ContentError with what is wrong and how
    to fix it (Vietnamese)."""
    text = nfc(str(value).strip())
    known = {_bare_host(domain) for domain in domains}
    named = ", ".join(domains) or ("chưa khai báo tên miền cũ nào: gửi thông báo này cho người phụ trách kỹ "
                                   "thuật để khai báo trong pelicanconf.py")
    scheme = _SCHEME.match(text)
    if text.startswith("//") or (scheme and scheme[1].lower() in ("http", "https")):
        try:
            parts = urlsplit(("http:" if text.startswith("//") else "") + text)
            host = _bare_host(parts.hostname or "")
        except ValueError:
            raise ContentError("không phải một địa chỉ hợp lệ — chép lại địa chỉ từ thanh "
                               "địa chỉ của trình duyệt") from None
        path, fragment = parts.path or "/", parts.fragment
        query = "?" + parts.query if "?" in text.partition("#")[0] else ""
    elif scheme:
        raise ContentError("không phải một đường dẫn của trang web — chép đường dẫn từ thanh "
                           "địa chỉ của trình duyệt, ví dụ «/Tin-Tuc/left22/3327_Ten-bai»")
    else:
        first, slash, rest = text.partition("/")
        host = _bare_host(first) if first and "." in first else ""
        if not first:
            host, path = "", text
        elif host and host in known:
            path = "/" + rest
        elif host and slash:
            path = "/" + rest
        else:
            raise ContentError("phải bắt đầu bằng «/» (ví dụ «/Tin-Tuc/left22/3327_Ten-bai») "
                               "hoặc là địa chỉ đầy đủ «https://…»")
        path, _, fragment = path.partition("#")
        path, mark, rest = path.partition("?")
        query = mark + rest
    if host and host not in known:
        raise ContentError(f"thuộc tên miền «{host}», không phải của trang web cũ ({named}) — "
                           "chỉ chuyển được địa chỉ của trang web cũ")
    if fragment:
        raise ContentError(f"có phần «#{fragment}» mà trình duyệt không gửi tới máy chủ — "
                           "bỏ phần từ dấu «#» trở đi")
    if query and not only_trackers(query[1:]):
        raise ContentError(f"có phần «{query[:40]}{'…' if len(query) > 40 else ''}» sau dấu «?» mà trang "
                           "tĩnh không phân biệt được — chỉ chuyển được địa chỉ không có dấu «?»: bỏ "
                           "phần từ dấu «?» trở đi")
    if re.search(r"\s", path):
        raise ContentError("có dấu cách — nếu là nhiều đường dẫn, ngăn cách chúng bằng dấu "
                           "phẩy; nếu đường dẫn có dấu cách thật, viết «%20»")
    if _BAD_PERCENT.search(path):
        raise ContentError("có dấu «%» không theo sau bởi hai chữ số hệ 16 — chép lại đường "
                           "dẫn từ thanh địa chỉ của trình duyệt")
    try:
        decoded = nfc(unquote(path, errors="strict"))
    except UnicodeDecodeError:
        raise ContentError("có mã «%…» không phải chữ UTF-8 — chép lại đường dẫn từ thanh "
                           "địa chỉ của trình duyệt") from None
    # A link copied from the end of a sentence in a Facebook or Zalo post
    # keeps its «)» or «.»: the redirect was made for that spelling, and the
    # address readers have answered 404 without a word.
    last_sign = decoded[-1:]
    if last_sign in _TRAILING_SIGNS and not (last_sign == ")" and "(" in decoded.rpartition("/")[2]):
        raise ContentError(f"kết thúc bằng dấu «{last_sign}», dấu thường dính vào khi chép liên kết từ cuối một "
                           f"câu (Facebook, Zalo) — bỏ dấu «{last_sign}» ở cuối")
    trailing = decoded.endswith("/")
    segments = decoded.strip("/").split("/")
    if segments == [""]:
        raise ContentError("là trang chủ của trang web cũ, nơi trang chủ mới đã ở — bỏ đường "
                           "dẫn này")
    if _CONTROL.search(decoded) or any(s in ("", ".", "..") for s in segments):
        raise ContentError("có «//», «.», «..», «\\» hoặc ký tự điều khiển — chép lại "
                           "đường dẫn đúng như trên trang web cũ")
    # Each part is a folder or file name on the host's disk (the «.html»
    # spelling of a «.htm» one included): a 289-character old title stopped
    # the build with an English «File name too long» the checker never saw.
    last = segments[-1]
    longest = [*segments[:-1], posixpath.splitext(last)[0] + ".html"
               if posixpath.splitext(last)[1].lower() in PAGE_SUFFIXES and not trailing else last]
    over = max(longest, key=lambda part: len(part.encode("utf-8")))
    if len(over.encode("utf-8")) > NAME_MAX:
        raise ContentError(f"có một phần dài {len(over.encode('utf-8'))} byte («{over[:30]}…»), quá {NAME_MAX} byte "
                           "mà một tên tệp trên máy chủ được phép — không chép được thành trang chuyển hướng: xoá "
                           "nó khỏi dòng «Old_url:» (ai theo liên kết đó sẽ tới trang «Không tìm thấy», trang "
                           "này gợi ý tìm bài theo tên trong địa chỉ)")
    return "/" + "/".join(segments) + ("/" if trailing else "")


def path_key(path: str) -> str:
    """What a server cannot tell apart in a site path, old or new: case
    (Windows and macOS disks, the old site's IIS), a trailing slash, ``.htm``
    for ``.html``, a folder's ``index.html``: ``/Tin-Tuc/X/`` →
    ``tin-tuc/x``, ``bai-viet/y/index.html`` → ``bai-viet/y``."""
    key = path.casefold().strip("/")
    if key == "index.html" or key.endswith("/index.html"):
        key = key[: -len("index.html")].rstrip("/")
    return key[:-4] + ".html" if key.endswith(".htm") else key


def old_path_files(path: str) -> list[tuple[str, bool]]:
    """(output file, is a folder's index) for every spelling of an old path
    a static host must answer: as written and in lower case; ``.html`` and
    ``.htm``; a path without either suffix as a folder with ``index.html``
    (the server answers it with and without the trailing slash)."""
    files = {}
    for spelling in (path, path.lower()):
        bare = spelling.strip("/")
        stem, suffix = posixpath.splitext(bare)
        if suffix.lower() in PAGE_SUFFIXES and not spelling.endswith("/"):
            for name in (bare, stem + ".html", stem + ".htm"):
                files.setdefault(name, False)
        else:
            files.setdefault(bare + "/index.html", True)
    return list(files.items())


def old_path_requests(path: str) -> list[str]:
    """The request paths, percent-encoded as browsers send them, that
    ``old_path_files`` answers (for _redirects)."""
    requests = []
    for name, folder in old_path_files(path):
        encoded = "/" + quote(name.removesuffix("/index.html") if folder else name, safe=_SENT_AS_IS)
        requests += [encoded, encoded + "/"] if folder else [encoded]
    return requests


def reserved_entry(key: str, reserved) -> str | None:
    """The reserved entry (``reserved_paths``: (entry, origin)) that covers
    an old path's key: a folder (``"the/"``: itself and all under it) or one
    file (``"404.html"``), compared as servers see paths (``path_key``)."""
    for entry, _ in reserved:
        own = path_key(entry)
        if key == own or (entry.endswith("/") and key.startswith(own + "/")):
            return entry
    return None


@dataclass(frozen=True)
class OldUrl:
    """One old path claimed by a file (its display path and the line of its
    ``Old_url:``) or by the settings (``OLD_URLS_SOURCE``, line 0)."""

    source: str
    line: int
    path: str

    @property
    def key(self) -> str:
        return path_key(self.path)

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}" if self.line else self.source

    @property
    def remove(self) -> str:
        return ("người phụ trách kỹ thuật xoá nó khỏi danh sách địa chỉ cũ trong pelicanconf.py"
                if self.source == OLD_URLS_SOURCE
                else "xoá nó khỏi dòng «Old_url:»")


def old_url_malformed(value: str, reason) -> str:
    return f"đường dẫn cũ «{value}» không dùng được: {reason}"


def old_url_claims(source: str, line: int, value, domains) -> tuple[list[OldUrl], list[str]]:
    """The old paths of one file's ``Old_url`` value, and a message for each
    one that is malformed (or for an empty value)."""
    parts = split_old_urls(value)
    if not parts:
        return [], [empty_header(OLD_URL_HEADER)]
    claims, errors = [], []
    for part in parts:
        try:
            claims.append(OldUrl(source, line, old_path(part, domains)))
        except ContentError as error:
            errors.append(old_url_malformed(part, error))
    return claims, errors


# An item's own earlier slugs (``Old_slug:``, comma-separated): written by
# the desk when an editor changes a published item's Slug (desk.js,
# oldSlugs), so that links shared before still open it. Unlike an
# Old_url, an earlier address that another page or a reserved path has now
# is given up without an error: the usual reason to change a Slug is that
# the address was another page's (the build said so), and then it was never
# this item's page. Where the address also holds the date's year (a
# document's, ``van-ban/2024/45-kh-lhh/``), an entry written ``2024/45-kh-lhh``
# is the address the item had in that year: the desk writes it when a
# published document's date moves to another year.
OLD_SLUG_HEADER = "Old_slug"
_YEAR_SLUG_RE = re.compile(r"(\d{4})/(.+)")


def old_addresses(value) -> tuple[list[tuple[int | None, str]], list[str]]:
    """The (year or None, slug) entries of an ``Old_slug`` value, and a
    message for each malformed one."""
    parts = split_old_urls(value)
    if not parts:
        return [], [empty_header(OLD_SLUG_HEADER)]
    good, errors = [], []
    for part in parts:
        dated = _YEAR_SLUG_RE.fullmatch(part)
        year, slug = (int(dated[1]), dated[2]) if dated else (None, part)
        if SLUG_RE.fullmatch(slug) and (year is None or 1900 <= year <= 2999):
            good.append((year, slug))
            continue
        # A path or a title written for a slug: its last part, cleaned.
        suggestion = clean_slug(slug.strip("/").rsplit("/", 1)[-1])
        if suggestion and year is not None and 1900 <= year <= 2999:
            suggestion = f"{year}/{suggestion}"
        fix = f"viết «{suggestion}»" if suggestion else "sửa lại"
        errors.append(f"địa chỉ cũ «{part}» trong dòng «{OLD_SLUG_HEADER}:» không hợp lệ: {SLUG_FORM}, "
                      f"có thể ghi kèm năm của địa chỉ cũ («2024/45-kh-lhh») — {fix} hoặc xoá nó khỏi dòng này")
    return list(dict.fromkeys(good)), errors


def own_old_slug(value, slug: str, year: int | None) -> str | None:
    """A warning for an ``Old_slug`` entry that is the item's own address
    now, for a kind whose address holds its date's ``year`` (a document):
    a document moved to another year by hand, «Old_slug: 12-tb-lhh» for
    van-ban/2025/12-tb-lhh/, gave no redirect, silently — its old year
    must be written. (An article renamed back by hand keeps its own slug
    there harmlessly: nothing said.)"""
    if year is None:
        return None
    for entry_year, entry_slug in old_addresses(value)[0]:
        if entry_slug == slug and entry_year in (None, year):
            return (f"địa chỉ cũ «{entry_slug if entry_year is None else f'{entry_year}/{entry_slug}'}» trong dòng "
                    f"«{OLD_SLUG_HEADER}:» là địa chỉ hiện nay, không dẫn từ đâu tới — nếu địa chỉ cũ ở năm khác, "
                    f"ghi năm cũ trước dấu «/» («{OLD_SLUG_HEADER}: <năm cũ>/{slug}»), nếu không, xoá nó")
    return None


def old_slugs(value) -> tuple[list[str], list[str]]:
    """The slugs of an ``Old_slug`` value (``old_addresses`` without their
    years), and a message for each malformed one."""
    entries, errors = old_addresses(value)
    return list(dict.fromkeys(slug for _, slug in entries)), errors


# What an address that stops working is, in the checker's messages
# (workflow/check.py, check_lost_addresses): by the kind of item.
ITEM_WORDS = {"article": "bài", "page": "trang", "document": "văn bản", "faq": "câu hỏi"}


def lost_address(kind: str, before: str, now: str, why: str, entry: str, current: str | None,
                 slug_line: bool) -> str:
    """An item published at ``before`` (as last committed) now at ``now``
    because of ``why``, with no ``Old_slug`` keeping ``before``: links
    shared on Zalo and Facebook, search results and other sites reach the
    not-found page. ``entry``: the ``Old_slug`` entry that keeps it
    (``ten-cu``, a document's ``2024/3-tb-lhh``); ``current``: the file's
    ``Old_slug`` value, if it has one (the desk appends, as here). The desk
    writes that line itself; a file edited elsewhere (GitHub's web editor,
    a text editor) did not."""
    what = ITEM_WORDS[kind]
    if current:
        fix = f"sửa dòng «{OLD_SLUG_HEADER}:» thành «{OLD_SLUG_HEADER}: {current}, {entry}»"
    else:
        where = " ngay dưới dòng «Slug:»" if slug_line else " vào phần đầu (trước dòng trống đầu tiên)"
        fix = f"thêm dòng «{OLD_SLUG_HEADER}: {entry}»{where}"
    if kind == "faq":
        return (f"{what} này đã đăng ở địa chỉ «{before}» trên trang Hỏi & đáp, nay {why} nên địa chỉ thành "
                f"«{now}»: liên kết đã gửi tới câu hỏi sẽ chỉ mở đầu trang Hỏi & đáp — {fix} để liên kết cũ vẫn "
                "mở đúng câu hỏi")
    return (f"{what} này đã đăng ở địa chỉ «{before}», nay {why} nên địa chỉ thành «{now}»: liên kết cũ (đã chia "
            "sẻ qua Zalo, Facebook, trang khác dẫn tới, kết quả tìm kiếm) sẽ gặp trang «không tìm thấy» — "
            f"{fix} để địa chỉ cũ dẫn tới địa chỉ mới (bàn biên tập tự ghi dòng này)")


def lost_listing(what: str, name: str, address: str, feed: str, in_settings: bool, suggested: str) -> str:
    """A category's, tag's or author's listing (``address``; a category's
    Atom ``feed`` too) that no published article has any more, after an
    article that had it changed: the build no longer writes it, and no
    ``OLD_URLS`` entry sends it on. ``in_settings``: a category still in
    ``CATEGORIES`` (emptied, not renamed); ``suggested``: the target of the
    ``OLD_URLS`` line for a rename (``category:Tên mới``, ``the/ten-moi/``)."""
    pages = f"trang «{address}»" + (f" và tin Atom «{feed}» (bạn đọc đã đăng ký nhận tin)" if feed else "")
    if in_settings:
        return (f"{what} «{name}» không còn bài nào đã đăng nên {pages} sẽ không còn, thanh menu cũng bỏ mục này — "
                f"nếu không cố ý, giữ ít nhất một bài ở {what} này")
    old = address.strip("/")
    line = f"«\"/{old}/\": \"{suggested}\",»"
    kept = ("nếu cố ý bỏ thì không cần làm gì" if what != "chuyên mục" else
            f"nếu bỏ hẳn {what} này, gửi địa chỉ cũ về trang chủ: «\"/{old}/\": \"index\",»")
    return (f"{what} «{name}» không còn bài nào đã đăng nên {pages} sẽ không còn: liên kết cũ sẽ gặp trang «không "
            f"tìm thấy» — đổi tên {what} thì người phụ trách kỹ thuật thêm vào OLD_URLS (pelicanconf.py) dòng "
            f"{line} để địa chỉ cũ dẫn tới trang mới; {kept}")


def menu_page_unpublished(label: str, status: str) -> str:
    """A page ``MENU`` names (``page:SLUG``) set to draft or skip: the
    checker passed it and the build stopped with «MENU: không có trang nào
    có Slug …», a settings message that named no file (the desk offers
    Status on pages)."""
    return (f"trang này có trong thanh menu (mục «{label}») nên không để «Status: {status}» được: "
            "trang web sẽ không dựng được — xoá dòng «Status:»; muốn bỏ trang khỏi menu, nhờ người phụ trách "
            "kỹ thuật bỏ mục đó khỏi thanh menu (trong pelicanconf.py) trước")


def once_at(source_path, old_slug, slug: str) -> bool:
    """Does a page file say it was at ``slug`` (its file's name, or an entry
    of its ``Old_slug:``), whatever its Slug says now?"""
    return (os.path.splitext(os.path.basename(str(source_path)))[0] == slug
            or slug in (old_slugs(old_slug)[0] if old_slug else []))


def menu_page_moved(label: str, slug: str) -> str:
    """A page ``MENU`` names at ``slug`` whose ``Slug:`` was changed by hand:
    the checker passed, the build stopped with «MENU: không có trang nào có
    Slug …», a settings message that named no file and asked to create a
    page that was there."""
    return (f"trang này có trong thanh menu (mục «{label}») với địa chỉ «{slug}», nên đổi địa chỉ thì "
            f"thanh menu mất trang và trang web không dựng được — giữ «Slug: {slug}»; muốn đổi địa chỉ, nhờ người "
            "phụ trách kỹ thuật sửa mục đó của thanh menu (trong pelicanconf.py) trước")


def menu_page_future(label: str, value: str) -> str:
    """A page ``MENU`` names, dated in the future: production holds it back
    until then, and no build until then worked (the checker only warned of
    the date, the build blamed a «Status:» line the file did not have)."""
    return (f"trang này có trong thanh menu (mục «{label}») nên không đặt ngày ở tương lai («{value}») "
            "được: trang bị giữ lại tới ngày đó và trang web không dựng được — sửa lại ngày, hoặc xoá dòng "
            "«Date:» (trang không cần ngày)")


def modified_problem(text: str, modified: datetime, date: datetime | None, now: datetime) -> str | None:
    """The warning for a ``Modified:`` before the item's ``Date:`` or in the
    future: it went unremarked into the sitemap's lastmod, the JSON-LD and
    the feeds (a year's typo made the whole feed «updated» a year ahead)."""
    if date is not None and modified < date:
        return (f"ngày sửa «{text.strip()}» (Modified) trước ngày đăng (Date) — sửa lại ngày sửa, hoặc xoá "
                "dòng «Modified:»")
    if modified > now:
        return (f"ngày sửa «{text.strip()}» (Modified) ở tương lai — có gõ nhầm năm không? Sửa lại ngày, hoặc xoá "
                "dòng «Modified:»")
    return None


def menu_labels(menu) -> dict[str, str]:
    """The slug of each page ``MENU`` names, and its label."""
    return {target.split(":", 1)[1]: label for label, target in menu or ()
            if isinstance(target, str) and target.startswith("page:")}


def pages_by_slug(pages) -> dict:
    """Each page by its slug, then by each earlier slug of its ``Old_slug``
    that no page has now: a page given another address in the desk keeps
    its place wherever the settings name it by slug (``MENU`` and
    ``OLD_URLS``' ``page:`` targets, the footer's and the visit counter's
    privacy page)."""
    found = {page.slug: page for page in pages}
    for page in pages:
        value = page.metadata.get(OLD_SLUG_HEADER.lower())
        for slug in old_slugs(value)[0] if value is not None else ():
            found.setdefault(slug, page)
    return found


def freed_listing(key: str, settings: dict, taken: set[str]) -> bool:
    """Is ``key`` the address of a category's, tag's or author's listing
    that no category, tag or author of this build has (``taken``: their
    path keys)? A category renamed in CATEGORIES leaves its old address
    free: ``OLD_URLS`` may send it to the new one (it was refused as «phần
    địa chỉ do bản tin tự tạo», and the old address answered 404)."""
    if key in taken:
        return False
    return any(listing_slug(key, settings, name) for name in ("CATEGORY_URL", "TAG_URL", "AUTHOR_URL"))


def renamed_listing_in_use(what: str, value: str, claim: OldUrl, target: str, new_name: str = "") -> str:
    """An article's tag or author whose listing address ``OLD_URLS`` sends
    elsewhere (the IT person renamed it, then an editor typed the old name):
    told at the article's line, not as a settings error only IT could read;
    ``new_name``: the tag or author at the target, when one is."""
    where = "trang chủ" if target == "index" else target
    use = f"dùng «{new_name}»" if new_name else "dùng tên mới"
    return (f"{what} «{value}» đã được đổi tên: địa chỉ «{claim.path}» của nó nay chuyển sang «{where}» "
            f"(OLD_URLS trong pelicanconf.py) — {use} thay cho «{value}»; muốn dùng lại tên cũ thì "
            "nhờ người phụ trách kỹ thuật xoá địa chỉ đó khỏi OLD_URLS")


def listing_slug(key: str, settings: dict, name: str) -> str:
    """The slug in ``key`` (a path key) where it is an address of the URL
    pattern ``name`` (``CATEGORY_URL``: ``chuyen-muc/tin-hoat-dong-lhh`` →
    ``tin-hoat-dong-lhh``), else ""."""
    pattern = settings.get(name, DEFAULT_CONFIG.get(name)) or ""
    if "{slug}" not in pattern:
        return ""
    before, after = (path_key(part) if part.strip("/") else "" for part in pattern.split("{slug}", 1))
    found = re.fullmatch(re.escape(before) + (r"/" if before else "") + r"([^/]+)"
                         + (r"/" + re.escape(after) if after else ""), key)
    return found[1] if found else ""


def old_url_problems(claims, new_pages: dict[str, str], reserved, freed=lambda key: False) -> list[tuple[OldUrl, str]]:
    """(claim, message) for every claim that lands on the address of a page
    of the new site (``new_pages``: path key → URL), on a path the build
    writes itself (``reserved``; but the settings may claim a listing
    address no category, tag or author has now: ``freed``), or on a path
    another file or the settings claim too. Sorted by file and line: the
    build stops at the first."""
    holders: dict[str, list[OldUrl]] = {}
    for claim in claims:
        holders.setdefault(claim.key, []).append(claim)
    problems = []
    for claim in claims:
        entry = reserved_entry(claim.key, reserved)
        if entry and claim.source == OLD_URLS_SOURCE and freed(claim.key):
            entry = None
        if claim.key in new_pages:
            problems.append((claim, f"đường dẫn cũ «{claim.path}» trùng với địa chỉ "
                                    f"«{new_pages[claim.key]}» của một trang trên bản tin mới — "
                                    f"không được đè lên trang đó: {claim.remove}"))
        elif entry:
            problems.append((claim, f"đường dẫn cũ «{claim.path}» nằm trong «{entry}», phần "
                                    "địa chỉ do bản tin tự tạo — "
                                    f"{claim.remove}"))
        # A file that repeats a path of the settings is the file's mistake.
        other = next((o for o in holders[claim.key] if o.source != claim.source), None)
        if other and claim.source != OLD_URLS_SOURCE:
            where, fix = ((other.where, "xoá nó ở một trong hai nơi") if other.source != OLD_URLS_SOURCE
                          else ("danh sách địa chỉ cũ của pelicanconf.py", f"{claim.remove}"))
            problems.append((claim, f"đường dẫn cũ «{claim.path}» đã được khai báo ở "
                                    f"{where} — mỗi đường dẫn cũ chỉ dẫn tới một trang: {fix}"))
    return sorted(set(problems), key=lambda p: (p[0].source, p[0].line, p[1]))


def old_urls_setting(value, domains) -> list[tuple[OldUrl, str]]:
    """``OLD_URLS`` ({old path: target}) as (claim, target); raises
    ContentError naming the entry for a malformed path or target, or two
    entries that are one path. A target is ``"index"``, ``"page:SLUG"``,
    ``"category:NAME"``, ``"section:NAME"`` (a section a plugin offers, as
    in MENU: a documents group's listing) or a site path of the new site
    (``"chuyen-muc/tin-hoat-dong-lhh/"``)."""
    if not isinstance(value, dict):
        raise ContentError('OLD_URLS phải là một dict {"/đường-dẫn-cũ": "đích"} (xem pelicanconf.py)')
    entries, seen = [], {}
    for old, target in value.items():
        if not isinstance(old, str) or not isinstance(target, str):
            raise ContentError(f"OLD_URLS: «{old}»: đường dẫn cũ và đích phải là chuỗi")
        try:
            claim = OldUrl(OLD_URLS_SOURCE, 0, old_path(old, domains))
        except ContentError as error:
            raise ContentError(f"OLD_URLS: {old_url_malformed(old, error)}") from None
        if claim.key in seen:
            raise ContentError(f"OLD_URLS: «{seen[claim.key]}» và «{old}» là cùng một đường dẫn "
                               "cũ (máy chủ không phân biệt chữ hoa, dấu «/» cuối, .htm/.html) — "
                               "giữ một")
        seen[claim.key] = old
        kind = target.split(":", 1)[0]
        site_path = ":" not in target and not target.startswith("//") and ".." not in target.split("/")
        if not (target == "index" or (kind in ("page", "category", "section")
                                      and target[len(kind) + 1:].strip())
                or (site_path and target.strip("/"))):
            raise ContentError(f"OLD_URLS: đích «{target}» của «{old}» không hợp lệ — dùng "
                               "«index», «page:SLUG», «category:TÊN», «section:TÊN» hoặc một "
                               "địa chỉ của bản tin mới, ví dụ «chuyen-muc/tin-hoat-dong-lhh/»")
        entries.append((claim, target))
    return entries
