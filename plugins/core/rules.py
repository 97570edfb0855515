"""Pure rules for Vietnamese content, shared by the Pelican plugins and the
content checker (``invoke check``): functions of strings, no signals.

Messages are in Vietnamese: editors read them.
"""

from __future__ import annotations

import difflib
import functools
import html
import posixpath
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote, unquote, urlsplit

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
    "Organization", "Counter", "Save_as", "Url", "Lang", "Old_url",
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


def collision_message(url: str) -> str:
    """The message for two items that would be written to one URL."""
    return (
        f"trùng địa chỉ «{url}» "
        "(tiêu đề giống nhau khi bỏ dấu) — thêm vào phần đầu của một trong "
        "hai tệp dòng «Slug: …» với một địa chỉ khác, ví dụ «Slug: "
        "hoi-nghi-tong-ket-2025»"
    )


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


def old_path(value: str, domains) -> str:
    """The path a server sees for an old address, as it looks for a file:
    ``https://vustathaibinh.org.vn/Tin-Tuc/a%20b`` → ``/Tin-Tuc/a b``.

    The domain (one of ``domains``, with or without ``www.``) is dropped,
    percent-encoding decoded (UTF-8), the text composed to NFC; case and a
    trailing slash are kept. Raises ContentError with what is wrong and how
    to fix it (Vietnamese)."""
    text = nfc(str(value).strip())
    known = {_bare_host(domain) for domain in domains}
    named = ", ".join(domains) or "chưa khai báo, xem REDIRECTS['old_domains']"
    scheme = _SCHEME.match(text)
    if text.startswith("//") or (scheme and scheme[1].lower() in ("http", "https")):
        try:
            parts = urlsplit(("http:" if text.startswith("//") else "") + text)
            host = _bare_host(parts.hostname or "")
        except ValueError:
            raise ContentError("không phải một địa chỉ hợp lệ — chép lại địa chỉ từ thanh "
                               "địa chỉ của trình duyệt") from None
        path, fragment = parts.path or "/", parts.fragment
        query = "?" if "?" in text.partition("#")[0] else ""
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
        path, mark, _ = path.partition("?")
        query = mark
    if host and host not in known:
        raise ContentError(f"thuộc tên miền «{host}», không phải của trang web cũ ({named}) — "
                           "chỉ chuyển được địa chỉ của trang web cũ")
    if fragment:
        raise ContentError(f"có phần «#{fragment}» mà trình duyệt không gửi tới máy chủ — "
                           "bỏ phần từ dấu «#» trở đi")
    if query:
        raise ContentError("có phần sau dấu «?» mà trang tĩnh không phân biệt được — "
                           "chỉ chuyển được địa chỉ không có dấu «?»")
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
    trailing = decoded.endswith("/")
    segments = decoded.strip("/").split("/")
    if segments == [""]:
        raise ContentError("là trang chủ của trang web cũ, nơi trang chủ mới đã ở — bỏ đường "
                           "dẫn này")
    if _CONTROL.search(decoded) or any(s in ("", ".", "..") for s in segments):
        raise ContentError("có «//», «.», «..», «\\» hoặc ký tự điều khiển — chép lại "
                           "đường dẫn đúng như trên trang web cũ")
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
    """The ``RESERVED_PATHS`` entry that covers a path key: a folder
    (``"the/"``: itself and all under it) or one file (``"404.html"``)."""
    for entry in reserved:
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
        return ("xoá nó khỏi OLD_URLS" if self.source == OLD_URLS_SOURCE
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


def old_url_problems(claims, new_pages: dict[str, str], reserved) -> list[tuple[OldUrl, str]]:
    """(claim, message) for every claim that lands on the address of a page
    of the new site (``new_pages``: path key → URL), on a path the build
    writes itself (``reserved``), or on a path another file or the settings
    claim too. Sorted by file and line: the build stops at the first."""
    holders: dict[str, list[OldUrl]] = {}
    for claim in claims:
        holders.setdefault(claim.key, []).append(claim)
    problems = []
    for claim in claims:
        entry = reserved_entry(claim.key, reserved)
        if claim.key in new_pages:
            problems.append((claim, f"đường dẫn cũ «{claim.path}» trùng với địa chỉ "
                                    f"«{new_pages[claim.key]}» của một trang trên bản tin mới — "
                                    f"không được đè lên trang đó: {claim.remove}"))
        elif entry:
            problems.append((claim, f"đường dẫn cũ «{claim.path}» nằm trong «{entry}», phần "
                                    "địa chỉ do bản tin tự tạo (RESERVED_PATHS) — "
                                    f"{claim.remove}"))
        # A file that repeats a path of the settings is the file's mistake.
        other = next((o for o in holders[claim.key] if o.source != claim.source), None)
        if other and claim.source != OLD_URLS_SOURCE:
            problems.append((claim, f"đường dẫn cũ «{claim.path}» đã được khai báo ở "
                                    f"{other.where} — mỗi đường dẫn cũ chỉ dẫn tới một trang: "
                                    "xoá nó ở một trong hai nơi"))
    return sorted(set(problems), key=lambda p: (p[0].source, p[0].line, p[1]))


def old_urls_setting(value, domains) -> list[tuple[OldUrl, str]]:
    """``OLD_URLS`` ({old path: target}) as (claim, target); raises
    ContentError naming the entry for a malformed path or target, or two
    entries that are one path. A target is ``"index"``, ``"page:SLUG"``,
    ``"category:NAME"`` or a site path of the new site
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
        if not (target == "index" or (kind in ("page", "category") and target[len(kind) + 1:].strip())
                or (site_path and target.strip("/"))):
            raise ContentError(f"OLD_URLS: đích «{target}» của «{old}» không hợp lệ — dùng "
                               "«index», «page:SLUG», «category:TÊN» hoặc một địa chỉ của bản "
                               "tin mới, ví dụ «chuyen-muc/tin-hoat-dong-lhh/»")
        entries.append((claim, target))
    return entries
