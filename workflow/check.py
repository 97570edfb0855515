"""The content checker: ``invoke check [PATH…]`` or
``python -m workflow.check [--fix] [PATH…]``.

Reads every article, page, Hỏi & đáp item and document (or the given
files) without building the site and reports every problem at once, one
per line::

    content/2025/bai.md:3: ngày «05/03/2025» không đúng dạng — hãy viết …

in Vietnamese, sorted by file and line; warnings start with ``cảnh báo:``.
Exit status: 0 without errors (warnings allowed), 1 with errors, 2 when a
path or a setting is wrong. ``--fix`` rewrites files in place where the fix
is certain: a UTF-8 byte-order mark removed, text composed to NFC, the new
name of a category that ``OLD_URLS`` renamed (its old listing sent to a
category) written in the ``Category:`` line.

The rules themselves (dates, slugs and addresses, reserved paths, required,
known and repeated headers, statuses, templates, tag spellings, summaries,
documents' numbers, kinds, groups and attachments, albums' photos and captions)
come from ``plugins/core/rules.py``, which the Pelican plugins use too, so
the checker and the build agree: what the build refuses, the checker
reports first, in the same words; what the checker accepts builds.
"""

from __future__ import annotations

import argparse
import codecs
import errno
import functools
import json
import os
import re
import subprocess
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote
from zoneinfo import ZoneInfo

from plugins.about import DEFAULTS as ABOUT_DEFAULTS
from plugins.about import future_facts, missing_facts, read_facts
from plugins.core import photos, videos
from plugins.core.rules import (
    BEGIN_RE,
    DOCUMENTS_PATH,
    END_RE,
    EXTRA_HEADERS,
    KNOWN_HEADERS,
    MARKDOWN_EXTENSIONS,
    META_MORE_RE,
    META_RE,
    OLD_URLS_SOURCE,
    REQUIRED_HEADERS,
    ContentError,
    Problem,
    SiteAddress,
    attachment_content_problem,
    attachment_not_static,
    attachment_outside,
    attachment_too_large,
    bare_number,
    body_problems,
    body_text,
    broken_header_line,
    canonical_spellings,
    case_twins,
    category_problem,
    closest,
    collision_message,
    comma_name,
    content_folders,
    content_rules,
    copy_order,
    counter_problem,
    display_path,
    duplicate_header,
    duplicate_number,
    empty_header,
    encoding_problem,
    entities_decoded,
    expired_value,
    files_missing,
    folder_kind,
    former_issuer_problem,
    freed_listing,
    future_date,
    glued_files,
    header_name,
    header_value,
    hidden_question_link,
    indented_headers,
    linked_file_problem,
    listing_slug,
    lost_address,
    lost_listing,
    markdown_settings,
    menu_labels,
    menu_page_future,
    menu_page_moved,
    menu_page_unpublished,
    merge_conflicts,
    misplaced_uploads,
    missing_alt,
    missing_header,
    missing_link,
    modified_problem,
    name_slug_problem,
    nfc,
    not_in_list,
    number_problem,
    number_slug,
    old_addresses,
    old_date_problem,
    old_slugs,
    old_url_claims,
    old_url_problems,
    old_url_target_problem,
    old_urls_setting,
    once_at,
    own_old_slug,
    own_site_links,
    parse_date,
    path_key,
    path_on_disk,
    pdf_earlier_version,
    question_slug_taken,
    question_without_slug,
    refused_files,
    renamed_listing_in_use,
    replacements,
    reserved_entry,
    reserved_paths,
    reserved_problem,
    scan_album,
    site_domains,
    site_link_problem,
    skipped_link,
    slug_problem,
    slugify,
    split_files,
    split_list,
    split_old_urls,
    status_problem,
    summary_markdown_problem,
    template_problem,
    title_slug,
    title_slug_problem,
    top_headings,
    unanswered,
    unpublished_link,
    unsafe_link_target,
    vague_links,
)
from plugins.core.settings import merge
from plugins.documents import load_config as load_documents
from plugins.redirects import in_year
from plugins.redirects import load_config as load_redirects

from . import ROOT, WorkflowError, load_settings

SUMMARY_MAX_CHARS = 300  # default of the setting of the same name

LINK_RE = re.compile(r"[{|](static|filename|attach)[}|]")
# ![alt](src "title") and ![alt](<src with spaces>)
# (a target may hold balanced parentheses, as Python-Markdown reads it: ``anh(2).jpg``)
MD_IMAGE_RE = re.compile(r"""!\[([^\]]*)\]\(\s*(<[^>\n]*>|(?:[^()\n]|\([^()\n]*\))*?)"""
                         r"""(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)""")
# Python-Markdown's fenced_code (the "extra" extension) and backtick spans.
FENCE_RE = re.compile(r"^(?P<fence>`{3,}|~{3,})[^\n]*\n.*?(?<=\n)(?P=fence)[ ]*$",
                      re.MULTILINE | re.DOTALL)
CODE_SPAN_RE = re.compile(r"(?<![\\`])(`+)(?!`)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.DOTALL)
BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")
HTML_IMAGE_RE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ALT_RE = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
SRC_RE = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
EXTERNAL_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|[{|])", re.IGNORECASE)
_KNOWN_LOWER = frozenset(name.lower() for name in KNOWN_HEADERS)


@dataclass
class Config:
    """What the checker needs from Pelican's settings."""

    content: Path
    categories: tuple[str, ...]
    summary_max_chars: int
    timezone: ZoneInfo
    page_paths: tuple[str, ...]
    article_excludes: tuple[str, ...]
    default_lang: str
    urls: dict[str, str] = field(default_factory=dict)
    save_as: dict[str, str] = field(default_factory=dict)
    rules: dict = field(default_factory=dict)
    reserved: list[tuple[str, str]] = field(default_factory=list)
    settings: dict = field(default_factory=dict, repr=False)
    # Old addresses (plugins/redirects): domains, OLD_URLS.
    old_domains: tuple[str, ...] = ()
    # The domains a link into the site may name: the old ones and the public one.
    site_domains: tuple[str, ...] = ()
    old_urls: tuple = ()
    # Giới thiệu's facts file (plugins/about), and the template that needs it.
    facts: Path | None = None
    about_template: str = "about"
    static_paths: tuple[str, ...] = ()
    # The documents library (plugins.documents): DOCUMENT_KINDS, DOCUMENTS.
    document_kinds: tuple[str, ...] = ()
    document_groups: tuple[str, ...] = ()
    former_issuers: tuple = ()  # DOCUMENTS["former_issuers"] read: (day, name)
    warn_attachment_mb: float = 20
    inbox: str = "nhap-word"  # the Word import's (IMPORT_DOCX)

    @functools.cached_property
    def renamed_categories(self) -> dict[str, str]:
        """{old category's slug: category}: the renames OLD_URLS declares,
        an old category's listing sent to a category of CATEGORIES."""
        return {slug: target.removeprefix("category:") for claim, target in self.old_urls
                if target.removeprefix("category:") in self.categories and target.startswith("category:")
                and (slug := listing_slug(claim.key, self.settings, "CATEGORY_URL"))}

    def renamed_category(self, value: str) -> str:
        """The category an article's unknown ``Category:`` was renamed to
        (``renamed_categories``), or ""."""
        value = nfc(value.strip())
        return "" if not value or value in self.categories else self.renamed_categories.get(slugify(value), "")

    @classmethod
    def from_settings(cls, settings: dict) -> Config:
        from plugins.bulletin import validate_settings

        try:
            # As the build does when it starts: UNION, MENU, CATEGORIES,
            # SUMMARY_MAX_CHARS, PAGINATED_TEMPLATES… (its own checks of the
            # last two stood here beside these, without the file's line).
            validate_settings(settings)
            redirects = load_redirects(settings.get("REDIRECTS", {}))
            old_urls = old_urls_setting(settings.get("OLD_URLS", {}), redirects["old_domains"])
            about = merge("ABOUT", settings.get("ABOUT", {}), ABOUT_DEFAULTS, ValueError)
            kinds, documents = load_documents(settings)
        except ValueError as error:
            raise WorkflowError(str(error)) from None
        from workflow.import_docx import import_config  # it imports this module

        inbox = import_config(settings)["inbox"]
        limit = settings.get("SUMMARY_MAX_CHARS", SUMMARY_MAX_CHARS)
        categories = settings.get("CATEGORIES", [])
        return cls(
            content=Path(settings["PATH"]).resolve(),
            categories=tuple(nfc(name) for name in categories),
            summary_max_chars=limit,
            timezone=ZoneInfo(settings.get("TIMEZONE") or "UTC"),
            page_paths=tuple(settings.get("PAGE_PATHS", ["pages"])),
            article_excludes=tuple(settings.get("ARTICLE_EXCLUDES", [])),
            default_lang=settings.get("DEFAULT_LANG", "vi"),
            urls={kind: settings.get(name, "{slug}/") for kind, name in (
                ("article", "ARTICLE_URL"), ("article-draft", "DRAFT_URL"),
                ("page", "PAGE_URL"), ("page-draft", "DRAFT_PAGE_URL"))},
            save_as={kind: settings.get(name, "{slug}.html") for kind, name in (
                ("article", "ARTICLE_SAVE_AS"), ("article-draft", "DRAFT_SAVE_AS"),
                ("page", "PAGE_SAVE_AS"), ("page-draft", "DRAFT_PAGE_SAVE_AS"))},
            rules=content_rules(settings, WorkflowError),
            reserved=reserved_paths(settings),
            settings=settings,
            old_domains=tuple(redirects["old_domains"]),
            site_domains=tuple(site_domains({**settings, "REDIRECTS": redirects}, public_siteurl())),
            old_urls=tuple(old_urls),
            facts=Path(settings["PATH"]).resolve() / about["facts"],
            about_template=about["template"],
            static_paths=tuple(settings.get("STATIC_PATHS", [])),
            document_kinds=tuple(kinds),
            document_groups=tuple(documents["groups"]),
            former_issuers=tuple(documents["former_issuers"]),
            warn_attachment_mb=documents["warn_attachment_mb"],
            inbox=inbox,
        )

    def url(self, url_key: tuple[str, str, str]) -> str:
        """The address of an item, as the editor sees it in the browser."""
        kind, slug, lang = url_key
        try:
            return self.urls[kind].format(slug=slug, lang=lang or self.default_lang)
        except (KeyError, IndexError, AttributeError):  # a pattern with {date:…}, {category}…
            return slug + "/"

    def addresses(self, doc: Document) -> tuple[str, str]:
        """(save_as, url) of an item: its ``Save_as:``/``URL:`` if given,
        else the settings' patterns, as Pelican computes them."""
        kind, slug, lang = doc.url_key
        values = {"slug": slug, "lang": lang or self.default_lang}
        try:
            values["date"] = parse_date(doc.value("date")) if doc.value("date") else datetime.now()
        except ContentError:
            values["date"] = datetime.now()
        patterns = []
        for given, table in (("save_as", self.save_as), ("url", self.urls)):
            try:
                patterns.append(doc.value(given) or table[kind].format(**values))
            except (KeyError, IndexError, AttributeError, ValueError):
                patterns.append(slug + "/")
        return patterns[0], patterns[1]

    def kind_of(self, path: Path) -> str | None:
        """"article", "page", "faq", "document", or None for a file Pelican
        does not read as content (outside the content folder counts as an
        article)."""
        try:
            parts = path.resolve().relative_to(self.content).parts
        except ValueError:
            return "article"
        return self.kind_of_folder("/".join(parts[:-1]))

    def kind_of_folder(self, folder: str) -> str | None:
        """The kind of the files in a folder relative to the content folder."""
        return folder_kind(folder, self.page_paths, self.article_excludes)


@functools.lru_cache(maxsize=4)
def _published_siteurl(environ_siteurl: str) -> str:
    if environ_siteurl:
        return environ_siteurl
    try:
        return load_settings(ROOT / "publishconf.py").get("SITEURL") or ""
    except WorkflowError:
        return ""


def public_siteurl() -> str:
    """The public address production builds with (the ``SITEURL`` variable,
    else publishconf.py's): the checker runs with the preview's settings,
    and links copied from the public site are checked as the build checks them."""
    return _published_siteurl(os.environ.get("SITEURL", ""))


@dataclass
class Document:
    """One Markdown file: its text and its headers with their line numbers."""

    path: Path
    kind: str
    text: str = ""
    headers: dict[str, tuple[str, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    typos: set[str] = field(default_factory=set)  # headers a misspelt key stands for
    readable: bool = True
    lines: dict[str, list[int]] = field(default_factory=dict)  # every line of each key
    photos: list[Path] = field(default_factory=list)  # local photo files it names

    def line(self, key: str) -> int:
        return self.headers.get(key.lower(), ("", 1))[1]

    def value(self, key: str) -> str:
        return self.headers.get(key.lower(), ("", 0))[0]

    def error(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def warn(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message, warning=True))

    @property
    def slug(self) -> str:
        return self.value("slug") or title_slug(self.value("title"))

    @functools.cached_property
    def url_key(self) -> tuple[str, str, str] | None:
        """Items that share this key would be written to one URL."""
        if self.kind in ("faq", "document") or not (self.value("slug") or self.value("title")):
            return None  # a document's address is its number's (check_numbers)
        if self.value("status").lower() == "skip":
            return None  # read, never written
        draft = self.value("status").lower() == "draft"
        return (self.kind + ("-draft" if draft else ""), self.slug, self.value("lang"))


# --- Reading -------------------------------------------------------------------
def decode(data: bytes, doc: Document, inbox: str) -> str | None:
    """UTF-8 text of a file, or None (with the problem noted) if it is not."""
    if data.startswith(codecs.BOM_UTF8):
        # A warning: the build reads it as well («utf-8-sig» in plugins.vietnamese). An
        # error stopped every publishing run, the hourly one too, over a mark
        # GitHub's web editor cannot remove (Notepad's «UTF-8 with BOM»).
        # The editor cannot act on «invoke»: told there is nothing to do, and
        # how Notepad leaves the mark out next time; the command is the IT person's.
        doc.warn(1, "tệp bắt đầu bằng một dấu ẩn (BOM, Notepad thêm khi lưu «UTF-8 có BOM»), trang vẫn "
                    "được dựng đúng, không cần sửa — lần sau lưu bằng Notepad thì chọn Mã hoá «UTF-8»; người "
                    "phụ trách kỹ thuật có thể bỏ dấu này bằng «invoke check --fix»")
        data = data[len(codecs.BOM_UTF8):]
    problem = encoding_problem(data, inbox)
    if problem:
        doc.error(*problem)
        return None
    return data.decode("utf-8")


def parse_headers(doc: Document) -> None:
    """Read the header block as Python-Markdown does; a line that is not
    ``Key: value`` ends the headers in the build, so it is an error here, and
    the rest of the block is still read to report what the editor meant."""
    lines = doc.text.split("\n")
    start = 1 if lines and BEGIN_RE.match(lines[0]) else 0
    names = KNOWN_HEADERS + EXTRA_HEADERS.get(doc.kind, ())
    known = _KNOWN_LOWER | {name.lower() for name in EXTRA_HEADERS.get(doc.kind, ())}
    key = None
    bad_line = None
    indented = dict(indented_headers("\n".join(lines[start:])))
    indented = {number + start: message for number, message in indented.items()}
    for number, line in enumerate(lines[start:], start=start + 1):
        line = line.rstrip("\r")
        if not line.strip() or END_RE.match(line):
            break
        match = META_RE.match(line)
        if match:
            key = match["key"].lower()
            doc.headers.setdefault(key, (header_value(match["value"]), number))
            doc.lines.setdefault(key, []).append(number)
            if key not in known:
                # A typo is one letter or two: «Replaces» was «có phải là «Template:»?».
                suggestion = closest(match["key"], names, cutoff=0.75)
                if suggestion:
                    doc.typos.add(suggestion.lower())
                fix = (f"có phải là «{suggestion}:»? Sửa lại tên dòng" if suggestion
                       else "các tên dòng hợp lệ: " + ", ".join(names) + "; điều khác viết trong nội dung, "
                            "dưới dòng trống đầu tiên")
                if doc.kind == "document" and key in ("replaces", "replace", "supersedes"):
                    # Written on the new document: the old one says it (its page is the one read as current).
                    older = bare_number(header_value(match["value"])) or "…"
                    fix = (f"văn bản này thay thế văn bản số {older}: xoá dòng này và thêm dòng «Replaced_by: "
                           f"{bare_number(doc.value('number')) or '<số văn bản này>'}» vào văn bản CŨ (số {older}; "
                           "ở bàn biên tập: ô «Được thay thế bởi văn bản số» của văn bản cũ); trang văn bản này tự "
                           "ghi «Thay thế: …»")
                doc.error(number, f"tên dòng «{match['key']}:» không có trong danh sách — {fix}")
            continue
        if number in indented:  # a header line typed indented: an error, read as meant
            doc.error(number, indented[number])
            match = META_RE.match(line.strip())
            key = match["key"].lower()
            doc.headers.setdefault(key, (header_value(match["value"]), number))
            doc.lines.setdefault(key, []).append(number)
            continue
        more = META_MORE_RE.match(line.expandtabs(4))
        if more and key:
            value, where = doc.headers[key]
            doc.headers[key] = ((value + " " + header_value(more["value"])).strip(), where)
            continue
        if bad_line is None:
            bad_line, message = broken_header_line(doc.text)
            doc.error(bad_line, message)



def read_document(path: Path, kind: str, inbox: str, data: bytes | None = None) -> Document:
    """One file read as the build reads it (``data``: its bytes, read from
    another place, as a version git keeps)."""
    doc = Document(path, kind)
    try:
        data = path.read_bytes() if data is None else data
    except OSError as error:
        doc.error(1, f"không đọc được tệp ({error.strerror}) — kiểm tra tên và quyền của tệp")
        doc.readable = False
        return doc
    text = decode(data, doc, inbox)
    if text is None:
        doc.readable = False
        return doc
    doc.text = text.replace("\r\n", "\n").replace("\r", "\n")  # as Python-Markdown reads it (rules.text_lines)
    conflicts = merge_conflicts(doc.text)
    for line, message in conflicts:
        doc.error(line, message)
    if conflicts:  # two versions in one file: every other finding would be about the marks
        doc.readable = False
        return doc
    parse_headers(doc)
    return doc


# --- Checks of one file ----------------------------------------------------------
def check_required(doc: Document) -> None:
    for key in REQUIRED_HEADERS[doc.kind]:
        if key == "Author" and doc.value("authors") or key.lower() in doc.typos:
            continue  # a misspelt key is reported once, as a typo
        if key.lower() not in doc.headers:
            doc.error(1, missing_header(key))
        elif not doc.value(key):
            doc.error(doc.line(key), empty_header(key, doc.kind))


def check_dates(doc: Document, now: datetime) -> None:
    read = {}
    for key in ("date", "modified"):
        if not doc.value(key):
            continue
        try:
            read[key] = parse_date(doc.value(key))
        except ContentError as error:
            doc.error(doc.line(key), str(error))
            continue
        if key == "date" and read[key] > now:
            doc.warn(doc.line(key), future_date(doc.value(key), now))
    if "modified" in read:
        problem = modified_problem(doc.value("modified"), read["modified"], read.get("date"), now)
        if problem:
            doc.warn(doc.line("modified"), problem)


def check_values(doc: Document, config: Config) -> None:
    problem = category_problem(doc.value("category"), config.categories) if doc.kind == "article" else None
    if problem:
        renamed = config.renamed_category(doc.value("category"))
        if renamed:
            # In the editor's words first, in the place they work (the pull
            # request's editor never runs invoke): the closest-name guess, or
            # the list with «ask to add it», contradicted the rename.
            problem = (f"chuyên mục «{nfc(doc.value('category').strip())}» đã đổi tên thành «{renamed}» — sửa "
                       f"dòng «Category:» thành «Category: {renamed}» (ở bàn biên tập: ô «Chuyên mục»); người "
                       "phụ trách kỹ thuật có thể đổi ở mọi bài một lần bằng «invoke check --fix»")
        doc.error(doc.line("category"), problem)
    status = doc.value("status")
    if status and status_problem(status):
        doc.error(doc.line("status"), status_problem(status))
    counter = doc.value("counter")
    if "counter" in doc.headers and counter_problem(counter):
        doc.error(doc.line("counter"), counter_problem(counter))
    summary = nfc(doc.value("summary"))
    if len(summary) > config.summary_max_chars:
        doc.error(doc.line("summary"), f"tóm tắt dài {len(summary)} ký tự, quá giới hạn "
                                       f"{config.summary_max_chars} — rút gọn dòng «Summary:»")
    if doc.kind == "article" and "summary" in doc.headers and not summary:
        doc.warn(doc.line("summary"), "dòng «Summary:» để trống nên trang chủ không có tóm tắt "
                                      "— viết một hai câu tóm tắt, hoặc xoá dòng để dùng đoạn đầu "
                                      "của bài")


def check_nfc(doc: Document) -> None:
    if unicodedata.is_normalized("NFC", doc.text):
        return
    for number, line in enumerate(doc.text.split("\n"), start=1):
        if not unicodedata.is_normalized("NFC", line):
            # The build reads it as NFC (plugins.vietnamese): nothing for the
            # editor to do now, who cannot run «invoke» anyway.
            doc.warn(number, "chữ có dấu ở dòng này được gõ ở dạng tổ hợp (NFD), trang vẫn hiện đúng, không "
                             "cần sửa — lần sau trong Unikey chọn bảng mã «Unicode» (không phải «Unicode tổ "
                             "hợp»); người phụ trách kỹ thuật có thể chuẩn hoá bằng «invoke check --fix»")
            return


class Folders:
    """Cached listings of folders, to check many links quickly."""

    def __init__(self):
        self._names: dict[str, set[str]] = {}

    def names(self, folder: str) -> set[str]:
        if folder not in self._names:
            try:
                self._names[folder] = set(os.listdir(folder))
            except OSError:
                self._names[folder] = set()
        return self._names[folder]

    def exists(self, path: str) -> bool:
        folder, name = os.path.split(path)
        return name in self.names(folder)


def line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def masked(text: str) -> str:
    """The text with what Markdown never shows as a link or an image blanked
    out (same length, same line numbers): <!-- comments -->, fenced code
    blocks and `code spans`. Indented code blocks are left to the parser
    (``rendered_references``): only Markdown knows a list's continuation."""
    def blank(match):
        return re.sub(r"[^\n]", " ", match.group(0))

    if "<!--" in text:
        text = COMMENT_RE.sub(blank, text)
    if "```" in text or "~~~" in text:
        text = FENCE_RE.sub(blank, text)
    return CODE_SPAN_RE.sub(blank, text) if "`" in text else text


def _target_at(text: str, start: int, end: int) -> str:
    """The link target written from ``{static}`` (``start``–``end``) on:
    up to the closing ``>`` or quote when it opened with one, up to ``)``
    in Markdown's ``](…)`` (spaces allowed, as Python-Markdown reads them:
    ``![a](<images/my photo.png>)``, a ``"title"`` left out), else up to a
    space."""
    opener = text[start - 1] if start > 0 else ""
    if opener == "(":
        target = text[end: _closing_parenthesis(text, end)]
        return re.sub(r"""\s+(?:"[^"]*"?|'[^']*'?)$""", "", target).strip()
    stop = {"<": r">|\n", '"': r'"|\n', "'": r"'|\n"}.get(opener, r"[\s\"'<>)\]]")
    found = re.compile(stop).search(text, end)
    return text[end: found.start() if found else len(text)]


def _closing_parenthesis(text: str, start: int) -> int:
    """Where the ``(`` before ``start`` closes: Python-Markdown reads
    balanced parentheses inside a target (``![a]({static}/anh(2).jpg)``
    shows ``anh(2).jpg``) and a backslash-escaped one as a character; the
    line's end when it does not close."""
    depth, index = 0, start
    while index < len(text) and text[index] != "\n":
        char = text[index]
        if char == "\\":
            index += 1
        elif char == "(":
            depth += 1
        elif char == ")":
            if not depth:
                return index
            depth -= 1
        index += 1
    return index


class _References(HTMLParser):
    """Every ``<img>`` (src, alt) and every attribute value in rendered HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.images, self.values = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.values.extend(value for value in attrs.values() if value)
        if tag == "img":
            self.images.append(attrs.get("src") or "")


def rendered_references(body: str, config: Config) -> tuple[list[str], list[str]] | None:
    """(image sources, attribute values) of the body as Markdown renders it
    with the project's MARKDOWN settings, or None when the body has no
    code at all (then every image and link written is a real one). Only
    bodies with backticks, ~~~ or indented lines are rendered: a plain
    article costs nothing more."""
    indented = "\n    " in body or "\n\t" in body or body.startswith(("    ", "\t"))
    if "`" not in body and "~~~" not in body and not indented:
        return None
    parser = _References()
    parser.feed(render_markdown(body, config))
    return parser.images, parser.values


def _linkable(doc: Document) -> tuple[str, int]:
    """The text links are looked for in (code blanked out, ``Files:``
    aside) and where its body starts."""
    blank = BLANK_LINE_RE.search(doc.text) if doc.headers else None
    return without_files_header(doc, masked(doc.text)), blank.end() if blank else 0


def links(doc: Document, config: Config, real=None):
    """(kind, line, target as written, file path) of every ``{static}``,
    ``{filename}`` and ``{attach}`` link the page really has (not in code),
    ``Files:`` entries aside; ``real``: ``rendered_references`` of the body
    when the caller has it."""
    text, body_start = _linkable(doc)
    if real is None:
        real = rendered_references(doc.text[body_start:], config)
    for match in LINK_RE.finditer(text):
        written = _target_at(text, match.start(), match.end())
        if match.start() < body_start and text[match.start() - 1: match.start()] != "<":
            # A header's value is one target, spaces and all, as the build reads
            # «Image: {static}/images/2026/Ảnh hội nghị.jpg» (not «…/Ảnh»).
            line_end = text.find("\n", match.end())
            written = text[match.end(): line_end if line_end >= 0 else None].rstrip()
        if real and match.start() >= body_start and not any(
                match.group(0) + written in value for value in real[1]):
            continue  # in an indented code block: text, not a link
        target = unquote(written.split("#", 1)[0].split("?", 1)[0])
        if not target:
            continue
        base = config.content if target.startswith("/") else doc.path.parent
        path = os.path.normpath(os.path.join(base, target.lstrip("/")))
        yield match.group(1), line_at(text, match.start()), written, path


def check_links(doc: Document, config: Config, folders: Folders) -> None:
    text, body_start = _linkable(doc)
    real = rendered_references(doc.text[body_start:], config)
    for kind, line, written, path in links(doc, config, real):
        problem = unsafe_link_target(kind, written)
        if problem:
            doc.error(line, problem)
        elif not folders.exists(path):
            doc.error(line, missing_link(kind, written, path, folders.names(os.path.dirname(path)), doc.path))
        elif problem := linked_file_problem(written, path):
            doc.error(line, problem)  # a file offered for download, uploaded on GitHub's site
    images = [(m.start(), m.group(1), m.group(2).removeprefix("<").removesuffix(">"))
              for m in MD_IMAGE_RE.finditer(text)]
    for m in HTML_IMAGE_RE.finditer(text):
        alt, src = ALT_RE.search(m.group(0)), SRC_RE.search(m.group(0))
        images.append((m.start(), _attribute(alt), _attribute(src)))
    sources = list(real[0]) if real else None
    for offset, alt, src in sorted(images):
        if offset < body_start:
            continue  # a header's value is text, escaped: «<img src=x>» in a caption shows as typed
        if sources is not None:
            if (src or "") not in sources:
                continue  # in an indented code block: text, not an image
            sources.remove(src or "")
        line = line_at(text, offset)
        if not (alt or "").strip():
            doc.error(line, missing_alt(src))
        if src and not EXTERNAL_RE.match(src) and not outside_content(src, doc, config):
            doc.error(line, f"ảnh «{src}» không dùng {{static}} nên sẽ không hiện trên trang — "
                            f"viết «{static_link(src, doc, config, folders)}»")


def outside_content(src: str, doc: Document, config: Config) -> bool:
    """Does ``src`` lead out of the content folder (``../../anh.jpg``)?
    ``check_photos`` says so with the build's message and fix; «không dùng
    {static}» beside it was a second message the build never gave."""
    try:
        photos.locate(src, doc.path.parent, config.content)
    except photos.PhotoError:
        return True
    return False


def static_link(src: str, doc: Document, config: Config, folders: Folders) -> str:
    """The ``{static}`` link an editor meant by a bare image path."""
    for base in (doc.path.parent, config.content):
        path = Path(os.path.normpath(base / unquote(src).lstrip("/")))
        if folders.exists(str(path)):
            try:
                return "{static}/" + path.relative_to(config.content).as_posix()
            except ValueError:
                break
    return "{static}/images/…» và chép ảnh vào «" + display_path(config.content / "images")


def _attribute(match) -> str | None:
    if match is None:
        return None
    return next(group for group in match.groups() if group is not None)


def without_files_header(doc: Document, text: str) -> str:
    """A document's text with its ``Files:`` header blanked (lines kept):
    ``check_files`` checks those links, commas and all."""
    if doc.kind != "document" or "files" not in doc.headers:
        return text
    value, first = doc.headers["files"]
    lines = text.split("\n")
    for index in range(first - 1, min(first + value.count("\n"), len(lines))):
        lines[index] = " " * len(lines[index])
    return "\n".join(lines)


def body_of(doc: Document) -> str:
    """The text after the header block (after the first blank line)."""
    blank = BLANK_LINE_RE.search(doc.text)
    return doc.text[blank.end():] if blank else ""


def check_files(doc: Document, config: Config, folders: Folders) -> None:
    """A document's ``Files:``: each entry a ``{static}`` link to a file
    under content/van-ban/ (larger than the limit: a warning); no entry at
    all is ``Files:`` missing, unless the body carries the text."""
    line = doc.line("files")
    entries = split_files(doc.value("files"))
    if not entries and not body_text(body_of(doc)):
        if "files" in doc.headers:
            doc.error(line, files_missing(empty=True))
        elif "files" not in doc.typos:
            doc.error(1, files_missing(empty=False))
    cut = False  # the entry before was a file name cut at its comma: said once
    for entry in entries:
        if glued := glued_files(entry):  # «{static}/…/a.pdf; {static}/…/b.pdf»: one entry
            doc.error(line, glued)
            continue
        if not entry.startswith("{static}"):
            if not cut:
                doc.error(line, attachment_not_static(entry))
            continue
        target = entry[len("{static}"):]
        base = config.content if target.startswith("/") else doc.path.parent
        path = os.path.normpath(os.path.join(base, unquote(target).lstrip("/")))
        names = folders.names(os.path.dirname(path))
        cut = not folders.exists(path) and comma_name(os.path.basename(path), names) is not None
        if not folders.exists(path):
            doc.error(line, missing_link("static", target, path, names))
        elif not Path(path).is_relative_to(config.content / DOCUMENTS_PATH):
            doc.error(line, attachment_outside(entry))
        elif problem := attachment_content_problem(entry, path):
            doc.error(line, problem)
        else:
            if (size := os.path.getsize(path)) > config.warn_attachment_mb * 1024 * 1024:
                doc.warn(line, attachment_too_large(entry, size, config.warn_attachment_mb))
            if entry.lower().endswith(".pdf") and (earlier := pdf_earlier_version(entry, path)):
                doc.warn(line, earlier)


def check_document_fields(doc: Document, config: Config, folders: Folders) -> None:
    """What only documents have: a number, a known kind and group, files."""
    number = doc.value("number")
    problem = number_problem(number) if number else None
    if problem:
        doc.error(doc.line("number"), problem)
    for key, what, choices, setting in (
        ("kind", "loại văn bản", config.document_kinds, "DOCUMENT_KINDS"),
        ("group", "nhóm văn bản", config.document_groups, "DOCUMENTS[groups]"),
    ):
        value = nfc(doc.value(key))
        if value and value not in choices:
            doc.error(doc.line(key), not_in_list(what, value, choices, setting))
    if doc.value("issuer") and doc.value("date"):
        try:  # a date that cannot be read is reported by check_dates
            problem = former_issuer_problem(doc.value("issuer"), parse_date(doc.value("date")), config.former_issuers)
        except ContentError:
            problem = None
        if problem:
            doc.warn(doc.line("issuer"), problem)
    if doc.value("expired"):
        try:
            expired_value(doc.value("expired"))
        except ContentError as error:
            doc.error(doc.line("expired"), str(error))
    check_files(doc, config, folders)


def check_album(doc: Document, config: Config) -> None:
    """An article's ``Album:`` folder, photos and captions (``rules.scan_album``,
    as the build reads them). Its photos count as named by the article: the
    build publishes copies of them, never the files themselves."""
    if not doc.value("album"):
        return
    scan = scan_album(doc.value("album"), str(doc.path), doc.line("album"), config.content)
    doc.problems += scan.findings
    folder = config.content / scan.folder
    if folder.is_dir():
        doc.photos += [path for path in folder.iterdir() if path.suffix.lower() in photos.IMAGE_SUFFIXES]


def check_duplicates(doc: Document) -> None:
    for key, lines in doc.lines.items():
        if len(lines) > 1:
            doc.error(lines[-1], duplicate_header(header_name(key), lines))


def check_addresses(doc: Document, config: Config) -> None:
    """The item's own address (``Slug:`` or its title), and those its tags
    and authors get."""
    limit = config.rules["slug_max_chars"]
    if "slug" in doc.headers:
        problem = slug_problem(doc.value("slug"), doc.value("title"), limit)
        if problem:
            doc.error(doc.line("slug"), problem)
    elif doc.kind != "document" and doc.value("title") and "title" not in doc.typos:
        # (a document's address is its number's, however long its subject; a
        # question is an anchor on Hỏi & đáp, however long it is)
        problem = title_slug_problem(doc.value("title"), limit if doc.kind != "faq" else sys.maxsize)
        if problem:
            doc.error(doc.line("title"), problem)
    if "old_slug" in doc.headers:
        for message in old_slugs(doc.value("old_slug"))[1]:
            doc.error(doc.line("old_slug"), message)
        if doc.kind == "document":  # the kind whose address holds its date's year
            try:
                year = parse_date(doc.value("date")).year
            except ContentError:
                year = None  # said by the date's own check
            warning = own_old_slug(doc.value("old_slug"), number_slug(doc.value("number")), year)
            if warning:
                doc.warn(doc.line("old_slug"), warning)
    for key in ("tags", "author", "authors"):
        names = [entities_decoded(doc.value(key))] if key == "author" else split_list(doc.value(key))
        for name in names:
            problem = name and name_slug_problem(header_name(key), nfc(name), limit)
            if problem:
                doc.error(doc.line(key), problem)


def check_template(doc: Document, config: Config) -> None:
    if "template" in doc.headers:
        problem = template_problem(doc.value("template"), config.settings, doc.kind)
        if problem:
            doc.error(doc.line("template"), problem)


def check_old_dates(doc: Document, config: Config) -> None:
    for key in ("date", "modified"):
        try:
            date = parse_date(doc.value(key)) if doc.value(key) else None
        except ContentError:
            continue  # reported by check_dates
        problem = date and old_date_problem(doc.value(key), date, config.rules["earliest_year"])
        if problem:
            doc.warn(doc.line(key), problem)


def check_menu_page(doc: Document, config: Config, now: datetime) -> None:
    if doc.kind != "page":
        return
    status = doc.value("status").lower()
    future = doc.value("date") and _date_or_none(doc.value("date"))
    future = future if future and future > now else None
    if status not in ("draft", "skip") and not future:
        return
    labels = menu_labels(config.settings.get("MENU"))
    earlier = old_slugs(doc.value("old_slug"))[0] if doc.value("old_slug") else []
    for slug in (doc.slug, *earlier):
        if slug in labels and status in ("draft", "skip"):
            doc.error(doc.line("status"), menu_page_unpublished(labels[slug], status))
            return
        if slug in labels:
            doc.error(doc.line("date"), menu_page_future(labels[slug], doc.value("date")))
            return


def check_moved_menu_pages(documents: list[Document], config: Config) -> None:
    """A page MENU names whose Slug was changed by hand (its file, or its
    Old_slug, still says the menu's address)."""
    labels = menu_labels(config.settings.get("MENU"))
    pages = [doc for doc in documents if doc.readable and doc.kind == "page"]
    have = {doc.slug for doc in pages}
    for slug, label in labels.items():
        if slug in have:
            continue
        for doc in pages:
            if once_at(doc.path, doc.value("old_slug"), slug):
                doc.error(doc.line("slug") or doc.line("title") or 1, menu_page_moved(label, slug))
                break


def _date_or_none(value: str) -> datetime | None:
    try:
        return parse_date(value)
    except ContentError:
        return None  # check_dates says what is wrong


def check_headings(doc: Document) -> None:
    for line, message in (top_headings(doc.text) + vague_links(doc.text)
                          + (unanswered(doc.text) if doc.kind == "faq" else [])):
        doc.warn(line, message)
    # Its anchor follows its title (a title without letters: an error already).
    if doc.kind == "faq" and "slug" not in doc.headers and title_slug(doc.value("title")):
        doc.warn(doc.line("title"), question_without_slug(doc.value("title")))


def check_summary_format(doc: Document, config: Config, markdown) -> None:
    problem = doc.value("summary") and summary_markdown_problem(doc.value("summary"), markdown)
    if problem:
        doc.warn(doc.line("summary"), problem)


def check_reserved(doc: Document, config: Config) -> None:
    """An address the site makes itself (search, archives, tags, feeds…)."""
    if not doc.url_key or not doc.slug:
        return
    kind, _, lang = doc.url_key
    save_as, url = config.addresses(doc)
    override = next((header_name(key) for key in ("save_as", "url") if doc.value(key)), None)
    problem = reserved_problem(save_as, url, doc.kind, kind.endswith("-draft"), doc.slug,
                               "slug" in doc.headers, override,
                               lambda slug: config.url((kind, slug, lang)), config.reserved)
    if problem:
        line = doc.line(override.lower() if override else "slug" if "slug" in doc.headers else "title")
        doc.error(line, problem)


def check_document(doc: Document, config: Config, now: datetime, folders: Folders,
                   markdown=None) -> None:
    if not doc.readable:
        return
    check_required(doc)
    check_dates(doc, now)
    check_values(doc, config)
    check_nfc(doc)
    check_links(doc, config, folders)
    check_duplicates(doc)
    check_addresses(doc, config)
    check_template(doc, config)
    check_old_dates(doc, config)
    check_summary_format(doc, config, markdown or summary_markdown(config))
    check_headings(doc)
    check_menu_page(doc, config, now)
    check_reserved(doc, config)
    check_photos(doc, config)
    check_active_html(doc, config)
    if doc.kind == "document":
        check_document_fields(doc, config, folders)
    if doc.kind == "article":
        check_album(doc, config)


def summary_markdown(config: Config):
    """A Markdown converter for summaries: the project's settings, no meta."""
    from markdown import Markdown

    markdown = Markdown(**markdown_settings(config.settings))
    markdown.preprocessors.deregister("meta")
    return markdown


def photo_references(doc: Document) -> list[str]:
    """The image sources a document names: its ``Image:`` header, Markdown
    images and <img> tags."""
    text = COMMENT_RE.sub("", doc.text)
    sources = [doc.value("image")] if doc.value("image") else []
    sources += [m.group(2) for m in MD_IMAGE_RE.finditer(text)]
    sources += [_attribute(SRC_RE.search(m.group(0))) or "" for m in HTML_IMAGE_RE.finditer(text)]
    return sources


def check_photos(doc: Document, config: Config) -> None:
    """Every local photo a document names must be one the build can
    publish (``photos.locate``: on this site, inside content/;
    ``photos.inspect``: not empty, an image, a web format, not cut short);
    the message and line are the build's (``photos.line_of``). A missing
    file is ``check_links``' to report."""
    from plugins.core import safe_html

    for src in dict.fromkeys(photo_references(doc)):
        try:
            path = photos.locate(src, doc.path.parent, config.content)
        except photos.PhotoError as error:
            # Another site's photo; data:, file:… are check_active_html's to report.
            if safe_html.scheme(src) in safe_html.URL_SCHEMES | {""}:
                doc.error(photos.line_of(doc.text, src), str(error))
            continue
        doc.photos.append(path)
        if path.is_file():
            try:
                photo = photos.inspect(path, src)
            except photos.PhotoError as error:
                doc.error(photos.line_of(doc.text, src), str(error))
                continue
            if src == doc.value("image") and (small := photos.share_too_small(photo, src)):
                doc.warn(photos.line_of(doc.text, src), small)


def check_static_photos(documents: list[Document], config: Config) -> list[Problem]:
    """Image files in the static folders that no document names (after
    ``check_photos`` ran on every document): the build publishes them too,
    so a broken one stops it (``file: message``)."""
    named = {path for doc in documents for path in doc.photos}
    problems = []
    for folder in config.static_paths:
        root = config.content / folder
        files = [root] if root.is_file() else sorted(root.rglob("*")) if root.is_dir() else []
        for path in files:
            if path.suffix.lower() in photos.IMAGE_SUFFIXES and path not in named and path.is_file():
                try:
                    photos.inspect(path, path.relative_to(config.content).as_posix())
                except photos.PhotoError as error:
                    problems.append(Problem(path, 0, str(error)))
    return problems


def check_active_html(doc: Document, config: Config) -> None:
    """Active HTML in the body (script, style, iframe, event handlers,
    javascript:/data: links…): the build's message at the build's line
    (``plugins/core/safe_html.py``, one allow-list for both)."""
    from plugins.core import safe_html

    for line, message in safe_html.problems(doc.text, lambda: render_markdown(doc.text, config)):
        doc.error(line, message)
    for line, message in body_problems(doc.text):
        doc.error(line, message)


_markdown: dict[int, object] = {}


def render_markdown(text: str, config: Config) -> str:
    """``text`` as the build renders it (Pelican's Markdown reader's
    settings, ``meta`` included: ``rules.markdown_settings``), one converter
    per configuration: only for the few files that need it (code in the
    body, or text that may hold active HTML, ``safe_html.suspicious``)."""
    from markdown import Markdown

    if id(config) not in _markdown:
        _markdown[id(config)] = Markdown(**markdown_settings(config.settings))
    md = _markdown[id(config)]
    md.reset()
    return md.convert(text)


# --- Checks across files ---------------------------------------------------------
def check_numbers(documents: list[Document]) -> None:
    """Two documents with one number in one year (numbers restart every
    year): reported on both, as the build reports the later one."""
    by_key = defaultdict(list)
    for doc in documents:
        if doc.readable and doc.kind == "document" and number_slug(doc.value("number")):
            try:
                year = parse_date(doc.value("date")).year
            except ContentError:
                continue
            by_key[(year, number_slug(doc.value("number")))].append(doc)
    for (year, _), docs in by_key.items():
        if len(docs) < 2:
            continue
        for doc in docs:
            others = [display_path(o.path) for o in docs if o is not doc]
            doc.error(doc.line("number"), duplicate_number(doc.value("number"), year, others))


def check_replacements(documents: list[Document]) -> None:
    """``Replaced_by:`` naming a number no document has, the document's own,
    or documents replacing each other in a circle (``rules.replacements``,
    as the build reads them)."""
    entries, by_key = [], {}
    for doc in documents:
        if doc.readable and doc.kind == "document" and doc.value("status").lower() != "skip":
            try:
                entries.append((id(doc), bare_number(doc.value("number")), parse_date(doc.value("date")),
                                doc.value("replaced_by")))
            except ContentError:
                continue  # its date's own error
            by_key[id(doc)] = doc
    for key, problem in replacements(entries)[1].items():
        by_key[key].error(by_key[key].line("replaced_by"), problem)


def check_question_slugs(documents: list[Document]) -> None:
    """Two Hỏi & đáp questions with one slug: a warning on each later one,
    naming the oldest (it keeps the anchor), as the build warns."""
    by_slug = defaultdict(list)
    for doc in documents:
        if doc.readable and doc.kind == "faq" and doc.slug:
            by_slug[doc.slug].append(doc)
    for slug, docs in by_slug.items():
        docs.sort(key=lambda doc: (_date_or_none(doc.value("date")) or datetime.min, doc.path))
        for doc in docs[1:]:
            line = doc.line("slug") if doc.value("slug") else doc.line("title")
            doc.warn(line, question_slug_taken(slug, display_path(docs[0].path), doc.value("title")))


def check_collisions(documents: list[Document], config: Config) -> None:
    by_key = defaultdict(list)
    for doc in documents:
        if doc.readable and doc.url_key:
            by_key[doc.url_key].append(doc)
    for key, docs in by_key.items():
        if len(docs) < 2:
            continue
        url = config.url(key)
        # Titles that differ: a Slug: line gives both the address (mostly
        # copied with a published article); titles alike: the titles do.
        slug_line = len({title_slug(doc.value("title") or "") for doc in docs}) > 1
        newer = display_path(max(docs, key=date_key).path) if slug_line else ""
        for doc in docs:
            others = ", ".join(display_path(o.path) for o in docs if o is not doc)
            line = doc.line("slug") if doc.value("slug") else doc.line("title")
            doc.error(line, f"{collision_message(url, slug_line, newer)} (tệp trùng: {others})")


def date_key(doc) -> tuple:
    """A document's date for ordering (undated or unreadable first), then
    whether its file name is not its address (a copy), then its path."""
    try:
        when = parse_date(doc.value("date")) if doc.value("date") else None
    except ContentError:
        when = None
    slug = doc.value("slug") or title_slug(doc.value("title") or "")
    return copy_order(when, doc.path, slug)


def check_old_urls(documents: list[Document], config: Config) -> None:
    """``Old_url:`` headers: malformed paths, and paths that repeat another
    file's or the settings', or land on a page of the new site or a reserved
    path (the build stops with the same messages)."""
    claims, owners = [claim for claim, _ in config.old_urls], {}
    new_pages = {path_key(config.url(doc.url_key)): config.url(doc.url_key)
                 for doc in documents if doc.readable and doc.url_key}
    for doc in documents:
        if not doc.readable or "old_url" not in doc.headers:
            continue
        line = doc.line("old_url")
        found, errors = old_url_claims(display_path(doc.path), line, doc.value("old_url"),
                                       config.old_domains)
        for message in errors:
            doc.error(line, message)
        for claim in found:
            claims.append(claim)
            owners[claim] = doc
    taken = set()  # the listings this content has: a category's, tag's or author's address
    pattern = config.settings.get("CATEGORY_URL") or ""
    taken |= {path_key(pattern.replace("{slug}", slugify(value))) for value in config.categories if "{slug}" in pattern}
    used = {}  # a tag's or author's address: (file, header, name) of each use
    for name, what, keys in (("TAG_URL", "thẻ", ("tags",)), ("AUTHOR_URL", "tác giả", ("author", "authors"))):
        pattern = config.settings.get(name) or ""
        for doc in documents:
            for key in keys if doc.readable and "{slug}" in pattern else ():
                for value in split_list(doc.value(key) or ""):
                    used.setdefault(path_key(pattern.replace("{slug}", slugify(value))), []).append(
                        (doc, key, what, value))
    taken |= set(used)
    for claim, target in config.old_urls:
        problem = old_url_target_problem(claim.path, target, config.categories)
        if problem:
            raise WorkflowError(problem)
        # A renamed tag or author an editor wrote again: said at each use.
        if claim.key in used and reserved_entry(claim.key, config.reserved):
            for doc, key, what, value in used[claim.key]:
                now = next((v for _, _, w, v in used.get(path_key(target), ()) if w == what), "")
                doc.error(doc.line(key), renamed_listing_in_use(what, value, claim, target, now))
            claims.remove(claim)
    for claim, message in old_url_problems(claims, new_pages, config.reserved,
                                           lambda key: freed_listing(key, config.settings, taken)):
        if claim.source == OLD_URLS_SOURCE:
            raise WorkflowError(f"{claim.where}: {message}")
        owners[claim].error(claim.line, message)


def check_facts(documents: list[Document], config: Config, paths, now: datetime) -> list[Problem]:
    """Giới thiệu's facts file, when the whole content or that file is
    checked (an entry dated after ``now``: a warning); a page whose template
    needs it while it is missing."""
    problems = []
    if config.facts.is_file():
        if not paths or any(Path(p).resolve() == config.facts for p in paths):
            facts, found = read_facts(config.facts)
            problems = [Problem(config.facts, line, message) for line, message in found]
            problems += [Problem(config.facts, line, message, warning=True)
                         for line, message in (future_facts(facts, now.date()) if facts else [])]
    else:
        for doc in documents:
            if doc.readable and doc.kind == "page" and doc.value("template") == config.about_template:
                relative = config.facts.relative_to(config.content).as_posix()
                doc.error(doc.line("template"), missing_facts(relative))
    return problems


def unpublished(doc: Document, now: datetime) -> tuple[bool, str | None]:
    """(not published, its future date if that is why) as production reads
    the file: a draft, or a date after ``now`` (held back until then)."""
    if doc.value("status").lower() == "draft":
        return True, None
    date = _date_or_none(doc.value("date")) if doc.value("date") else None
    return (True, doc.value("date")) if date and date > now else (False, None)


def check_unpublished_links(documents: list[Document], config: Config, now: datetime) -> None:
    """A page production publishes linking (``{filename}``) to one it does
    not: a draft is an error, a future date a warning (the build says the
    same, ``plugins.bulletin.drop_drafts``). Drafts may link to anything;
    an item scheduled for a date not to a draft (``rules.unpublished_link``)."""
    by_path = {doc.path: doc for doc in documents if doc.readable}
    for doc in by_path.values():
        if "filename" not in doc.text or doc.value("status").lower() == "skip":
            continue
        held, scheduled = unpublished(doc, now)
        if held and not scheduled:
            continue  # a draft may link to anything
        for kind, line, written, path in links(doc, config):
            target = by_path.get(Path(path)) if kind == "filename" else None
            if target is None:
                continue
            if target.value("status").lower() == "skip":
                doc.error(line, skipped_link(written))
                continue
            if target.kind == "faq" and target.value("status").lower() == "hidden":
                doc.error(line, hidden_question_link(written))  # on no page: as a draft
                continue
            if scheduled:  # on its date, a link to a draft stops the check
                if target.value("status").lower() == "draft":
                    doc.error(line, unpublished_link(written, None, scheduled))
                continue
            held, date = unpublished(target, now)
            if held:
                (doc.warn if date else doc.error)(line, unpublished_link(written, date))


def own_source(doc: Document, config: Config) -> str:
    """A file's path as a ``{filename}`` link names it (from the content
    folder; its name alone outside it)."""
    try:
        return doc.path.resolve().relative_to(config.content).as_posix()
    except ValueError:
        return doc.path.name


# A link written with a site path or one of the union's addresses.
_SITE_LINK_HINT = re.compile(r"\]\s*(?:\(\s*<?|:\s*<?)/(?!/)|href|127\.0\.0\.1|localhost|0\.0\.0\.0")


def check_site_links(documents: list[Document], config: Config, now: datetime) -> None:
    """A link to one of the site's own addresses (a site path, the union's
    domains, the preview's) that readers cannot follow: an article or page
    not there, a draft, an old address no file carries; one to an item
    dated in the future is a warning (the build says the same,
    ``plugins.redirects.check_site_links``). Only bodies that write such a
    link are rendered (as the build renders them: the hrefs Markdown makes)."""
    hints = [domain.lower() for domain in config.site_domains]
    # A draft may link anywhere; an item scheduled for a date is checked now,
    # or its date's hourly check would stop on it.
    linking = [doc for doc in documents if doc.readable and doc.value("status").lower() != "skip"
               and unpublished(doc, now) != (True, None) and "/" in doc.text
               and (_SITE_LINK_HINT.search(doc.text) or any(domain in doc.text.lower() for domain in hints))]
    if not linking:
        return
    pages, old_keys = {}, {claim.key for claim, _ in config.old_urls}
    for doc in documents:
        if not doc.readable or doc.kind not in ("article", "page") or doc.value("status").lower() == "skip":
            continue
        held, date = unpublished(doc, now)
        url = doc.value("url") or (config.url((doc.kind, doc.slug, doc.value("lang"))) if doc.slug else "")
        if url:
            pages.setdefault(path_key(url), SiteAddress(url, own_source(doc, config), (date or "") if held else None))
        if held:
            continue
        if doc.value("old_url"):
            old_keys.update(claim.key for claim in old_url_claims("", 0, doc.value("old_url"),
                                                                  config.old_domains)[0])
        for slug in old_slugs(doc.value("old_slug"))[0] if doc.value("old_slug") else ():
            old_keys.add(path_key(config.url((doc.kind, slug, doc.value("lang")))))
    is_file = lambda path: os.path.isfile(config.content / path)  # noqa: E731
    for doc in linking:
        body = doc.text[_linkable(doc)[1]:]
        # An address alone on its line, or in a sentence, is a link in the
        # build (videos.linked, videos.linked_text).
        rendered = videos.linked_text(videos.cards(render_markdown(body, config)))
        for written, path, preview in own_site_links(rendered, config.site_domains):
            problem = site_link_problem(written, path, preview, pages, old_keys, config.reserved, is_file,
                                        linking=own_source(doc, config))
            if problem:
                (doc.warn if problem[0] else doc.error)(photos.line_of(doc.text, written), problem[1])


def check_tags(documents: list[Document]) -> None:
    tags = [(doc, nfc(tag)) for doc in documents if doc.readable
            for tag in split_list(doc.value("tags"))]
    spelling = canonical_spellings(tag for _, tag in tags)
    reported = set()
    for doc, tag in tags:
        if spelling[tag] != tag and (doc.path, tag) not in reported:
            reported.add((doc.path, tag))
            doc.warn(doc.line("tags"), f"thẻ «{tag}» chỉ khác thẻ «{spelling[tag]}» ở dấu hoặc "
                                       f"chữ hoa nên sẽ được gộp thành «{spelling[tag]}» — hãy "
                                       f"viết thống nhất «{spelling[tag]}»")


# --- Addresses that stop working -------------------------------------------------
def _git(folder: Path, *args: str, data: bytes | None = None) -> bytes | None:
    """git's output in ``folder``, or None: no git on the machine, no
    repository, no such commit, a git that fails (an owner it refuses)."""
    try:
        done = subprocess.run(["git", "--no-optional-locks", *args], cwd=folder, input=data, capture_output=True,
                              timeout=120, env={**os.environ, "GIT_TERMINAL_PROMPT": "0"})  # never a password prompt
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _actions_run(top: bytes) -> tuple[str, str]:
    """(event, the commit before a push) of the GitHub Actions run that
    checked out this repository (``top``, its folder), ("", "") anywhere
    else (the suite's repositories, in CI too, are not the workspace)."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if os.environ.get("GITHUB_ACTIONS") != "true" or not workspace or (
            os.path.realpath(workspace) != os.path.realpath(os.fsdecode(top))):
        return "", ""
    event, before = os.environ.get("GITHUB_EVENT_NAME", ""), ""
    if event == "push":
        try:
            with open(os.environ.get("GITHUB_EVENT_PATH", ""), encoding="utf-8") as file:
                before = str(json.load(file).get("before") or "")
        except (OSError, ValueError, AttributeError):
            pass
    return event, before.strip() if before.strip("0") else ""


def earlier_versions(content: Path) -> tuple[dict[Path, tuple[str, bytes]], int | None]:
    """({Markdown file now: (its path then, from the content folder; its
    bytes then)}, when) for each file changed or renamed since the commit
    last published, as far as the clone knows it: the one its remote's main
    branch shares with it, while it has commits not pushed yet (never
    published: an article made in one and retitled in the next is new); else
    the last commit, while the content folder has changes (the editor's
    clone, the pre-commit hook, which sees what is staged); else what the
    last commit changed (CI: a pull request's merge commit, against its base
    branch; a push, against the commit before it — GitHub's ``before``:
    fetched when several were pushed at once, as the clone is two commits
    deep; not found, nothing is compared —; a clean clone, against the
    commit before). ``when``: the time the versions then stopped being the
    last (the last commit's, whose check a later run must repeat: an
    article dated 10:00, retitled at 9:00, was never published at its first
    title), None for now. Nothing in the
    hourly and the manual runs of ``publish.yml`` (their commit was checked
    when it was pushed; the commit before it may never have been published),
    without git, outside a repository, in one without commits or without the
    commit compared with (a shallow clone of depth 1), nor for a content
    folder that is not directly under its repository's top as content/ is
    (the suite's copies, tests/content and the corpora, sit deeper in this
    repository, whose history is not theirs). New and deleted files are not
    compared: a deletion is meant."""
    where = (_git(content, "rev-parse", "--show-toplevel", "--show-prefix") or b"").split(b"\n")
    head = _git(content, "log", "-1", "--format=%H %ct", "HEAD")  # None: no commit yet
    if len(where) < 2 or where[1].count(b"/") != 1 or not head:
        return {}, None
    head, when = head.split()
    # --raw: each file's blob then, read by its id (by path, git walked the
    # tree for each: 1.3 s for 2,000 articles whose tag was renamed, 0.08 s so).
    diff = ("diff", "--no-color", "--no-ext-diff", "--raw", "--no-abbrev", "-z", "-M", "--relative")
    shared = next((out.strip() for ref in ("refs/remotes/origin/HEAD", "@{upstream}")
                   if (out := _git(content, "merge-base", "HEAD", ref))), head)
    if shared != head:
        changed, when = _git(content, *diff, os.fsdecode(shared), "--", "."), None
    else:
        changed = _git(content, *diff, "HEAD", "--", ".")
        if changed != b"" or _git(content, "ls-files", "--others", "--exclude-standard", "-z", "--", "."):
            when = None
        else:
            event, before = _actions_run(where[0])
            if event in ("schedule", "workflow_dispatch"):
                return {}, None
            since = before if event == "push" and before else "HEAD^1"
            if _git(content, "rev-parse", "--verify", "-q", f"{since}^{{commit}}") is None and not (
                    since == before and _git(content, "fetch", "--quiet", "--no-tags", "--depth=1", "origin", before)
                    is not None):
                return {}, None
            changed = _git(content, *diff, since, "HEAD", "--", ".")
    fields, pairs, at = (changed or b"").split(b"\0"), [], 0
    while at < len(fields) - 1:
        # ":100644 100644 <blob then> <blob now> <status>", then its path(s)
        if not fields[at].startswith(b":") or fields[at].count(b" ") != 4:
            break
        _, _, blob, _, status = fields[at].split(b" ")
        width = 3 if status[:1] in b"RC" else 2
        new = os.fsdecode(fields[at + width - 1])
        at += width
        if status[:1] in (b"M", b"R", b"T") and new.endswith(MARKDOWN_EXTENSIONS):
            pairs.append((os.fsdecode(fields[at - width + 1]), new, blob))
    if not pairs:
        return {}, None
    found = _git(content, "cat-file", "--batch", data=b"".join(blob + b"\n" for *_, blob in pairs)) or b""
    versions, at = {}, 0
    for old, new, _ in pairs:
        end = found.find(b"\n", at)
        head = found[at:end].split()
        if end < 0 or len(head) != 3 or head[1] != b"blob":
            break
        size = int(head[2])
        versions[content / new] = (old, found[end + 1:end + 1 + size])
        at = end + 1 + size + 1
    return versions, (int(when) if when is not None else None)


def _public(doc: Document, now: datetime) -> bool:
    """Does production publish the item (a page, or a question on Hỏi & đáp)?"""
    status = doc.value("status").lower()
    return (status not in ("draft", "skip") and not (doc.kind == "faq" and status == "hidden")
            and not unpublished(doc, now)[0])


def item_address(doc: Document, config: Config, slug: str = "", year: int | None = None) -> str:
    """An item's site path (``/bai-viet/ten/``, a document's
    ``/van-ban/2024/3-tb-lhh/``; a question's anchor, ``#ten``), or with an
    earlier ``slug`` (and ``year``: an ``Old_slug`` entry), as
    ``plugins.redirects.earlier_paths`` makes it; "" where none is made."""
    if doc.kind == "faq":
        return "#" + (slug or doc.slug)
    if doc.value("url"):
        return "" if slug else "/" + doc.value("url").lstrip("/")
    if doc.kind == "document":
        slug, pattern = slug or number_slug(doc.value("number")), config.settings.get("DOCUMENT_URL") or ""
    else:
        slug, pattern = slug or doc.slug, config.urls.get(doc.kind, "")
    date = _date_or_none(doc.value("date")) if doc.value("date") else None
    if not slug or (date is None and "{date" in pattern):
        return ""
    try:
        date = in_year(date, year) if date and year else date
        return "/" + pattern.format(slug=slug, lang=doc.value("lang") or config.default_lang, date=date).lstrip("/")
    except (KeyError, IndexError, AttributeError, ValueError):
        return ""


def _listings(doc: Document, config: Config) -> list[tuple[str, str, str, str]]:
    """(header key, what, name, site path) of the listings an article is on:
    its category's, its tags', its authors'."""
    found = []
    for key, what, setting in (("category", "chuyên mục", "CATEGORY_URL"), ("tags", "thẻ", "TAG_URL"),
                               ("author", "tác giả", "AUTHOR_URL"), ("authors", "tác giả", "AUTHOR_URL")):
        pattern = config.settings.get(setting) or ""
        names = [entities_decoded(doc.value(key))] if key in ("category", "author") else split_list(doc.value(key))
        found += [(key, what, nfc(name), "/" + pattern.replace("{slug}", slugify(nfc(name))).lstrip("/"))
                  for name in names if name and "{slug}" in pattern]
    return found


def check_lost_addresses(documents: list[Document], config: Config, now: datetime, earlier=None) -> None:
    """An address the site published that the content as it is now no
    longer answers, where the file that had it was edited rather than
    deleted (``earlier``: ``earlier_versions``' answer): its ``Slug:``
    edited by hand or taken out, its title changed without a ``Slug:`` line,
    a document's number or year corrected (an error, with the ``Old_slug:``
    line that keeps it, as the desk writes it); a question's anchor (a
    warning: the page still opens); a category's listing and feed that no
    published article has any more (an error when the category left
    ``CATEGORIES``: the ``OLD_URLS`` line; a warning when it is only empty
    now), a tag's or author's (a warning: a tag corrected on purpose loses
    its page too). Kept: an address another item has now, an ``Old_slug``,
    ``Old_url`` or ``OLD_URLS`` claims. Published, then and now, is as at
    the time the earlier versions stopped being the last (so that a later
    run of the same commit says the same)."""
    earlier, when = earlier_versions(config.content) if earlier is None else earlier
    if when is not None:
        now = min(now, datetime.fromtimestamp(when, config.timezone).replace(tzinfo=None))
    by_path = {doc.path: doc for doc in documents if doc.readable}
    listed = lambda doc: doc.kind == "article" and doc.value("status").lower() != "hidden"  # noqa: E731
    moved, dropped = [], []
    for path, (old, data) in sorted(earlier.items()):
        doc, kind = by_path.get(path), config.kind_of_folder(os.path.dirname(old))
        if doc is None or kind != doc.kind or not _public(doc, now):
            continue
        then = read_document(path, kind, config.inbox, data)
        if not (then.readable and _public(then, now)):
            continue
        before, after = item_address(then, config), item_address(doc, config)
        if before and after and not then.value("url") and not doc.value("url") and (  # a URL: line's is no slug's
                before != after if doc.kind == "faq" else path_key(before) != path_key(after)):
            moved.append((then, doc, before, after))
        if listed(then) and listed(doc):
            own = {path_key(address) for *_, address in _listings(doc, config)}
            had = _listings(then, config)
            dropped += [(doc, had, entry) for entry in had if path_key(entry[3]) not in own]
    if not (moved or dropped):
        return  # the usual edit: the same addresses (3,000 articles: 0.3 s saved)
    public = [doc for doc in by_path.values() if _public(doc, now)]
    kept = {claim.key for claim, _ in config.old_urls}
    anchors = set()
    for doc in public:
        if doc.kind == "faq":
            anchors.update([doc.slug, *(old_slugs(doc.value("old_slug"))[0] if doc.value("old_slug") else ())])
            continue
        entries = old_addresses(doc.value("old_slug"))[0] if doc.value("old_slug") else []
        kept.update(path_key(address) for address in [item_address(doc, config)] + [
            item_address(doc, config, slug, year) for year, slug in entries] if address)
        if doc.value("old_url"):
            kept.update(claim.key for claim in old_url_claims("", 0, doc.value("old_url"), config.old_domains)[0])
    for then, doc, before, after in moved:
        if before[1:] in anchors if doc.kind == "faq" else path_key(before) in kept:
            continue
        entry = then.slug
        if doc.kind == "document":
            was, year = _date_or_none(then.value("date")), _date_or_none(doc.value("date")).year
            entry = number_slug(then.value("number"))
            if number_slug(then.value("number")) != number_slug(doc.value("number")):
                why, line = "số văn bản đã sửa", doc.line("number")
            else:
                why, line = f"ngày của văn bản sang năm {year}", doc.line("date")
            entry = f"{was.year}/{entry}" if was.year != year else entry
        elif "slug" in doc.headers:
            why = "dòng «Slug:» đã sửa" if "slug" in then.headers else "thêm dòng «Slug:» khác địa chỉ cũ"
            line = doc.line("slug")
        elif "slug" in then.headers:  # the line taken out: the address is the title's now
            why, line = f"dòng «Slug: {then.slug}» đã bị xoá (địa chỉ theo tiêu đề)", doc.line("title")
        else:
            why, line = "tiêu đề đã sửa mà tệp không có dòng «Slug:» (địa chỉ theo tiêu đề)", doc.line("title")
        current = split_old_urls(doc.value("old_slug")) if doc.value("old_slug") else []
        if doc.kind == "document" and entry.count("/"):  # moved to another year: its earlier ones too
            current = [part if "/" in part else f"{entry.split('/')[0]}/{part}" for part in current]
        message = lost_address(doc.kind, before, after, why, entry, ", ".join(current) or None,
                               "slug" in doc.headers)
        (doc.warn if doc.kind == "faq" else doc.error)(line, message)
    # Listings: what no published (listed) article is on any more.
    taken = {path_key(address) for doc in public if dropped and listed(doc) for *_, address in _listings(doc, config)}
    feed = config.settings.get("CATEGORY_FEED_ATOM") or ""
    for doc, had, (key, what, name, address) in dropped:
        if path_key(address) in taken or path_key(address) in kept:
            continue
        kept.add(path_key(address))  # said once, at the first file
        # Where a rename would send it: the file's one new name of that kind.
        new = [(n, a) for _, w, n, a in _listings(doc, config)
               if w == what and path_key(a) not in {path_key(b) for *_, b in had}]
        category = what == "chuyên mục"
        if category:
            suggested = f"category:{new[0][0]}" if len(new) == 1 else "category:<tên mới>"
        else:
            section = address.strip("/").rsplit("/", 1)[0]
            suggested = new[0][1].strip("/") + "/" if len(new) == 1 else f"{section}/<ten-moi>/"
        in_settings = category and name in config.categories
        shown_feed = "/" + feed.format(slug=slugify(name)).lstrip("/") if category and feed else ""
        message = lost_listing(what, name, address, shown_feed, in_settings, suggested)
        (doc.error if category and not in_settings else doc.warn)(doc.line(key), message)


# --- Running ---------------------------------------------------------------------
def content_files(config: Config) -> list[tuple[Path, str]]:
    """(path, kind) of every Markdown file Pelican reads as content."""
    return sorted((folder / name, kind)
                  for folder, _, kind, names in content_folders(config.content, config.page_paths,
                                                                config.article_excludes)
                  if kind for name in names if name.endswith(MARKDOWN_EXTENSIONS))


def spaced_name(words: list[str]) -> str | None:
    """A name with spaces typed without quotes («invoke check content/2025/bai
    viet.md»: the shell passes «content/2025/bai» and «viet.md»), when the
    first words joined by spaces name a file or folder: the message to quote
    it. It said «không có tệp hoặc thư mục «content/2025/bai»»."""
    for count in range(2, len(words) + 1):
        joined = " ".join(words[:count])
        if os.path.exists(joined):
            return (f"tên «{joined}» có dấu cách nên phải đặt trong dấu nháy kép, không thì lệnh đọc thành "
                    f"{count} tên «{words[0]}», «{words[1]}»{'…' if count > 2 else ''} — viết: invoke check "
                    f"\"{joined}\"")
    return None


def read_all(config: Config, paths=None) -> tuple[list[Document], list[Document]]:
    """(all content documents, the ones to report on). Collisions need all
    the content even when only a few files are checked."""
    selected = []
    paths = [Path(given) for given in paths or []]
    for index, given in enumerate(paths):
        if given.is_dir():
            selected.extend(p for p in sorted(given.rglob("*")) if p.suffix in MARKDOWN_EXTENSIONS)
        elif given.exists():
            if given.suffix in MARKDOWN_EXTENSIONS:
                selected.append(given)  # other files (the facts file) are checked apart
        else:
            raise WorkflowError(spaced_name([str(p) for p in paths[index:]])
                                or f"không có tệp hoặc thư mục «{given}» — kiểm tra lại đường dẫn")
    # The content folder is resolved: its files' paths are canonical already.
    documents = {path: read_document(path, kind, config.inbox) for path, kind in content_files(config)}
    chosen = []
    for path in selected:
        resolved, kind = path.resolve(), config.kind_of(path)
        if kind and resolved not in documents:
            documents[resolved] = read_document(path, kind, config.inbox)
        if kind:
            chosen.append(documents[resolved])
    return list(documents.values()), (chosen if paths else list(documents.values()))


def check(config: Config, paths=None, now: datetime | None = None) -> list[Problem]:
    """Every problem in the given files (all content by default), sorted."""
    if now is None:
        now = datetime.now(config.timezone).replace(tzinfo=None)
    paths = [path_on_disk(path) for path in paths] if paths else paths  # NFC typed, NFD on disk (a Mac)
    documents, chosen = read_all(config, paths)
    check_each(chosen, config, now)
    check_collisions(documents, config)
    check_question_slugs(documents)
    check_numbers(documents)
    check_replacements(documents)
    check_tags(documents)
    check_unpublished_links(documents, config, now)
    check_site_links(documents, config, now)
    check_moved_menu_pages(documents, config)
    check_old_urls(documents, config)
    check_lost_addresses(documents, config, now)
    facts = check_facts(documents, config, paths, now)  # adds to the documents' problems too
    found = {problem for doc in chosen for problem in doc.problems} | set(facts)
    found.update(check_unread(config, paths))
    if not paths:
        found.update(check_static_photos(documents, config))
    return sorted(found)


# From this many documents on, ``check_each`` shares them with forked
# processes, one per core (the tests lower it to compare both ways).
FORK_FROM = 400


def check_each(chosen: list[Document], config: Config, now: datetime) -> None:
    """``check_document`` on each document. The documents are independent
    (what one check writes is its problems and the photos it names), so
    from ``FORK_FROM`` on, with more than one core, forked processes check
    a share each and send those back; the parent checks the first share
    meanwhile. Measured at 5,000 generated articles on two cores: the
    checker 6.5–7.7 s → ~4.5 s. Not where fork is missing (Windows) or
    where other threads run (a forked child gets their locks, not them)."""
    import multiprocessing
    import threading

    cores = min(os.cpu_count() or 1, 4)
    if not (len(chosen) >= FORK_FROM and cores > 1 and "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1):
        cores = 1
    _shared[:] = [chosen, config, now]  # what the forked processes start with
    try:
        if cores == 1:
            _check_share(0, 1)
            return
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        with ProcessPoolExecutor(cores - 1, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_check_share, index, cores) for index in range(1, cores)]
            _check_share(0, cores)
            for index, future in enumerate(futures, 1):
                try:
                    results = future.result()
                except (BrokenProcessPool, OSError):  # a child killed (out of memory…): this share here
                    results = _check_share(index, cores)
                for doc, (problems, named) in zip(chosen[index::cores], results):
                    doc.problems[:] = problems
                    doc.photos[:] = named
    finally:
        _shared.clear()


_shared: list = []  # [documents, config, now] of the running check_each


def _check_share(index: int, step: int) -> list[tuple[list[Problem], list[Path]]]:
    """Check the documents ``index::step`` of ``check_each``'s list (in a
    forked process, the parent's, as it was at the fork); return each one's
    problems and photos."""
    chosen, config, now = _shared
    folders, markdown = Folders(), summary_markdown(config)
    share = chosen[index::step]
    for doc in share:
        check_document(doc, config, now, folders, markdown)
    return [(doc.problems, doc.photos) for doc in share]


def check_unread(config: Config, paths=None) -> list[Problem]:
    """Files in the folders of articles, pages and questions that Pelican
    passes over without a word (``rules.refused_files``): all of them, or
    those among ``paths`` (files, or folders holding them)."""
    given = [Path(path).resolve() for path in paths or ()]

    def chosen(path: Path) -> bool:
        return not given or any(path.resolve() == place or place in path.resolve().parents for place in given)

    unread = refused_files(config.content, config.page_paths, config.article_excludes, config.inbox,
                          [config.facts])
    # Names alike but for case: a warning, as the build's (``rules.case_twins``).
    return ([Problem(path, 0, message) for path, message in unread if chosen(path)]
            + [Problem(path, 0, message, warning=True) for path, message in case_twins(config.content)
               if chosen(path)])


CATEGORY_LINE = re.compile(r"(category:[ \t]*)(.*?)[ \t]*", re.I)


def fix(path: Path, renamed=lambda value: "") -> str | None:
    """Remove a UTF-8 BOM, compose to NFC and write a renamed category's
    new name (``renamed``: ``Config.renamed_category``) in place; what was
    done, in Vietnamese («bỏ BOM», «chuẩn hoá NFC», «chuyên mục «…» → «…»»),
    or None if nothing. A symbolic link is never written through: its
    target may lie outside content/ (a stranger's «bai.md» linking to
    ``../../README.md`` or a file in the maintainer's home had its BOM
    taken out and its letters rewritten; the check says what the link is).
    The file is replaced whole (``photos.write``): written in place, a full
    disk or a power cut mid-write left an article cut short; a read-only
    file stays untouched (PermissionError), as when it was written in place.
    Lines are the lines Markdown reads, ended by "\n" only: a U+2028 (a
    «line separator» pasted from a web page) inside a header is part of it."""
    if path.is_symlink():
        return None
    data = path.read_bytes()
    body = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    composed = nfc(text)
    lines = composed.split("\n")
    lines = [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    new = ""
    for number, line in enumerate(lines):
        value = line.rstrip("\r\n")
        if not value.strip():
            break  # the headers end at the first blank line
        found = CATEGORY_LINE.fullmatch(value)
        new = renamed(found[2]) if found else ""
        if new:
            lines[number] = found[1] + new + line[found.end(2):]
            old = found[2]
            break
    fixed = "".join(lines).encode("utf-8")
    if fixed == data:
        return None
    with open(path, "r+b"):  # a file one may not write is refused as a write in place is
        pass
    photos.write(path, fixed)
    done = ["bỏ BOM"] if body != data else []
    if composed != text:
        done.append("chuẩn hoá NFC")
    if new:
        done.append(f"chuyên mục «{old}» → «{new}»")
    return ", ".join(done)


def unwritable(error: OSError) -> str:
    """The message for a file ``--fix`` could not rewrite (left as it was)."""
    if error.errno in {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}:
        return (f"không sửa được tệp ({error.strerror or error}): hết chỗ trống trên ổ đĩa — tệp vẫn nguyên như "
                "trước; giải phóng chỗ (xoá tệp không cần) rồi chạy lại «invoke check --fix»")
    return (f"không sửa được tệp ({error.strerror or error}): tệp chỉ đọc hoặc không có quyền "
            "ghi — cho phép ghi tệp (Windows: chuột phải › Properties › bỏ chọn «Read-only»; "
            "Linux/macOS: chmod u+w TỆP) rồi chạy lại «invoke check --fix»")


def summary(problems: list[Problem]) -> str:
    errors = sum(not p.warning for p in problems)
    warnings = len(problems) - errors
    files = len({p.path for p in problems})
    return f"{errors} lỗi, {warnings} cảnh báo trong {files} tệp."


# --- On GitHub Actions --------------------------------------------------------------
# An editor whose pull request is refused reads the problems where GitHub
# shows them, not in the step's log: an annotation each (at its line in the
# pull request's «Files changed», and at the top of the failed check; GitHub
# shows 10 errors and 10 warnings a step) and every problem in the run's
# summary page. Workflow commands and the summary file are GitHub's own
# (docs.github.com, "Workflow commands for GitHub Actions").
def _command_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _command_property(text: str) -> str:
    return _command_data(text).replace(":", "%3A").replace(",", "%2C")


def _github_path(path: Path) -> str:
    """Relative to the current folder (the repository's root on GitHub), with «/»."""
    return Path(display_path(path)).as_posix()


def annotation(problem: Problem) -> str:
    """``::error file=…,line=…,title=…::message`` (``::warning`` for a
    warning)."""
    place = f"file={_command_property(_github_path(problem.path))}"
    if problem.line:
        place += f",line={problem.line}"
    title = "Cảnh báo" if problem.warning else "Lỗi trong bài"
    level = "warning" if problem.warning else "error"
    return f"::{level} {place},title={_command_property(title)}::{_command_data(problem.message)}"


def _as_markdown(text: str) -> str:
    """Plain text shown as it is in GitHub's Markdown (its HTML escaped)."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_\[\]|~#])", r"\\\1", escaped)


def step_summary(problems: list[Problem]) -> str:
    """The run's summary page: every problem, by file, in Vietnamese."""
    if not problems:
        return "## Kiểm tra bài viết: không có lỗi\n\nMọi bài viết đều đạt yêu cầu.\n"
    if any(not problem.warning for problem in problems):
        lines = ["## Kiểm tra bài viết: có lỗi, bài chưa được xuất bản", "",
                 "Sửa từng lỗi dưới đây (trong bàn biên tập, hoặc trong tệp ở dòng được nêu), "
                 "lưu lại: hệ thống kiểm tra lại.", ""]
    else:
        lines = ["## Kiểm tra bài viết: không có lỗi", ""]
    lines.append(_as_markdown(summary(problems)))
    for path in sorted({problem.path for problem in problems}):
        lines += ["", f"### `{_github_path(path)}`", ""]
        for problem in (p for p in problems if p.path == path):
            where = f"Dòng {problem.line}" if problem.line else "Cả tệp"
            level = " (cảnh báo)" if problem.warning else ""
            lines.append(f"- {where}{level}: {_as_markdown(problem.message)}")
    return "\n".join(lines) + "\n"


def report_to_github(problems: list[Problem], out, environ=os.environ) -> None:
    """On GitHub Actions (``GITHUB_ACTIONS``), the annotations on `out` and
    the summary appended to ``GITHUB_STEP_SUMMARY``; elsewhere nothing."""
    if environ.get("GITHUB_ACTIONS") != "true":
        return
    for problem in problems:
        print(annotation(problem), file=out)
    summary_file = environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        try:
            with open(summary_file, "a", encoding="utf-8") as handle:
                handle.write(step_summary(problems))
        except OSError as error:  # the log above still has every problem
            print(f"không ghi được tóm tắt ({error})", file=sys.stderr)


def run(paths, settings_file: Path, content: Path | None = None, fix_files: bool = False,
        out=None) -> int:
    """The command: print the problems, return the exit status."""
    out = out or sys.stdout
    overrides = {"PATH": str(Path(content).resolve())} if content else {}
    config = Config.from_settings(load_settings(settings_file, **overrides))
    unfixed = []
    if fix_files:
        targets = [Path(p) for p in paths] if paths else [p for p, _ in content_files(config)]
        for path in targets:
            for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
                if file.suffix not in MARKDOWN_EXTENSIONS or not file.exists():
                    continue
                try:
                    done = fix(file, config.renamed_category)
                    if done:
                        print(f"{display_path(file)}: đã sửa ({done})", file=out)
                except OSError as error:
                    unfixed.append(Problem(file, 1, unwritable(error)))
    # The whole repository's check (the publishing run's): what an editor
    # uploaded beside the content folder with GitHub's «Add file».
    stray = ([Problem(path, 0, message) for path, message in
              misplaced_uploads(Path(settings_file).resolve().parent, config.content, config.inbox)]
             if not paths and content is None else [])
    problems = sorted({*check(config, paths), *unfixed, *stray})
    for problem in problems:
        print(problem.format(), file=out)
    if problems:
        print(summary(problems), file=out)
    report_to_github(problems, out)
    return 1 if any(not p.warning for p in problems) else 0


def utf8_output() -> None:
    """Vietnamese output even where the locale says ASCII (a bare ``C``
    locale in a git hook or CI)."""
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "encoding", "utf-8").lower().replace("-", "") != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m workflow.check",
        description="Kiểm tra bài viết trước khi xây dựng trang (Check articles without building the site).",
    )
    parser.add_argument("paths", nargs="*", type=Path,
                        help="tệp hoặc thư mục cần kiểm tra (mặc định: toàn bộ content/)")
    parser.add_argument("--fix", action="store_true",
                        help="tự sửa những gì chắc chắn sửa được: bỏ BOM, chuẩn hoá NFC, "
                             "ghi tên mới của chuyên mục đã đổi tên (theo danh sách địa chỉ cũ của pelicanconf.py)")
    parser.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py",
                        help="tệp cấu hình Pelican (mặc định: pelicanconf.py)")
    parser.add_argument("--content", type=Path, help="thư mục nội dung (mặc định: PATH trong cấu hình)")
    args = parser.parse_args(argv)
    utf8_output()
    try:
        return run(args.paths, args.settings, args.content, args.fix)
    except WorkflowError as error:
        print(f"lỗi: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
