"""The content checker: ``invoke check [PATH…]`` or
``python -m workflow.check [--fix] [PATH…]``.

Reads every article, page and Hỏi & đáp item (or the given files) without
building the site and reports every problem at once, one per line::

    content/2025/bai.md:3: ngày «05/03/2025» không đúng dạng — hãy viết …

in Vietnamese, sorted by file and line; warnings start with ``cảnh báo:``.
Exit status: 0 without errors (warnings allowed), 1 with errors, 2 when a
path or a setting is wrong. ``--fix`` rewrites files in place where the fix
is certain: a UTF-8 byte-order mark removed, text composed to NFC.

The rules themselves (dates, slugs, required and known headers, tag
spellings) come from ``plugins/core/rules.py``, which the Pelican
plugin uses too, so the checker and the build agree.
"""

from __future__ import annotations

import argparse
import codecs
import os
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote
from zoneinfo import ZoneInfo

from plugins.core import photos
from plugins.core.rules import (
    FAQ_PATH,
    KNOWN_HEADERS,
    REQUIRED_HEADERS,
    STATUSES,
    ContentError,
    canonical_spellings,
    closest,
    collision_message,
    display_path,
    empty_header,
    encoding_problem,
    missing_header,
    nfc,
    parse_date,
    split_list,
    title_slug,
)

from . import ROOT, WorkflowError, load_settings

MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mkd", ".mdown")
SUMMARY_MAX_CHARS = 300  # default of the setting of the same name

# Python-Markdown's meta extension, which Pelican's Markdown reader uses.
META_RE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
META_MORE_RE = re.compile(r"^[ ]{4,}(?P<value>.*)")
BEGIN_RE = re.compile(r"^-{3}(\s.*)?")
END_RE = re.compile(r"^(-{3}|\.{3})(\s.*)?")

LINK_RE = re.compile(r"[{|](static|filename|attach)[}|]([^\s\"'<>)\]]+)")
MD_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]*)>?[^)]*\)")
HTML_IMAGE_RE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ALT_RE = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
SRC_RE = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
EXTERNAL_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|[{|])", re.IGNORECASE)
_KNOWN_LOWER = frozenset(name.lower() for name in KNOWN_HEADERS)


@dataclass(frozen=True, order=True)
class Problem:
    path: Path
    line: int
    message: str
    warning: bool = False

    def format(self) -> str:
        level = "cảnh báo: " if self.warning else ""
        line = f":{self.line}" if self.line else ""  # 0: the whole file (a photo)
        return f"{display_path(self.path)}{line}: {level}{self.message}"


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
    static_paths: tuple[str, ...] = ()
    markdown: dict = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: dict) -> Config:
        limit = settings.get("SUMMARY_MAX_CHARS", SUMMARY_MAX_CHARS)
        if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
            raise WorkflowError(
                f"SUMMARY_MAX_CHARS phải là một số nguyên dương, không phải {limit!r} "
                "(xem pelicanconf.py)"
            )
        categories = settings.get("CATEGORIES", [])
        if not isinstance(categories, (list, tuple)) or not all(
            isinstance(name, str) for name in categories
        ):
            raise WorkflowError("CATEGORIES phải là danh sách tên chuyên mục (xem pelicanconf.py)")
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
            static_paths=tuple(settings.get("STATIC_PATHS", [])),
            markdown=settings.get("MARKDOWN", {}),
        )

    def url(self, url_key: tuple[str, str, str]) -> str:
        """The address of an item, as the editor sees it in the browser."""
        kind, slug, lang = url_key
        try:
            return self.urls[kind].format(slug=slug, lang=lang or self.default_lang)
        except (KeyError, IndexError, AttributeError):  # a pattern with {date:…}, {category}…
            return slug + "/"

    def kind_of(self, path: Path) -> str | None:
        """"article", "page", "faq", or None for a file Pelican does not read
        as content (outside the content folder counts as an article)."""
        try:
            parts = path.resolve().relative_to(self.content).parts
        except ValueError:
            return "article"
        return self.kind_of_folder("/".join(parts[:-1]))

    def kind_of_folder(self, folder: str) -> str | None:
        """The kind of the files in a folder relative to the content folder."""

        def under(prefix: str) -> bool:
            prefix = prefix.strip("/")
            return prefix == "" or folder == prefix or folder.startswith(prefix + "/")

        if any(under(p) for p in self.page_paths):
            return "page"
        if under(FAQ_PATH):
            return "faq"
        if any(under(p) for p in self.article_excludes):
            return None
        return "article"


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

    @property
    def url_key(self) -> tuple[str, str, str] | None:
        """Items that share this key would be written to one URL."""
        if self.kind == "faq" or not (self.value("slug") or self.value("title")):
            return None
        draft = self.value("status").lower() == "draft"
        return (self.kind + ("-draft" if draft else ""), self.slug, self.value("lang"))


# --- Reading -------------------------------------------------------------------
def decode(data: bytes, doc: Document) -> str | None:
    """UTF-8 text of a file, or None (with the problem noted) if it is not."""
    if data.startswith(codecs.BOM_UTF8):
        doc.error(1, "tệp bắt đầu bằng dấu BOM (UTF-8 có BOM) — lưu lại tệp ở dạng "
                     "UTF-8 không có BOM, hoặc chạy «invoke check --fix» để bỏ BOM")
        data = data[len(codecs.BOM_UTF8):]
    problem = encoding_problem(data)
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
    key = None
    bad_line = None
    for number, line in enumerate(lines[start:], start=start + 1):
        line = line.rstrip("\r")
        if not line.strip() or END_RE.match(line):
            break
        match = META_RE.match(line)
        if match:
            key = match["key"].lower()
            doc.headers.setdefault(key, (match["value"].strip(), number))
            if key not in _KNOWN_LOWER:
                suggestion = closest(match["key"], KNOWN_HEADERS)
                if suggestion:
                    doc.typos.add(suggestion.lower())
                fix = (f"có phải là «{suggestion}:»? Sửa lại tên dòng" if suggestion
                       else "các tên dòng hợp lệ: " + ", ".join(KNOWN_HEADERS))
                doc.error(number, f"tên dòng «{match['key']}:» không có trong danh sách — {fix}")
            continue
        more = META_MORE_RE.match(line)
        if more and key:
            value, where = doc.headers[key]
            doc.headers[key] = ((value + "\n" + more["value"].strip()).strip(), where)
            continue
        if bad_line is None:
            bad_line = number
            shown = line.strip()
            shown = shown if len(shown) <= 40 else shown[:40] + "…"
            doc.error(number, f"dòng «{shown}» không có dạng «Tên: giá trị» nên phần đầu "
                              "dừng ở đây và các dòng sau bị coi là nội dung — viết lại theo "
                              "dạng «Tên: giá trị» (ví dụ «Tags: Hội thảo») hoặc thêm một dòng "
                              "trống trước nội dung")



def read_document(path: Path, kind: str) -> Document:
    doc = Document(path, kind)
    try:
        data = path.read_bytes()
    except OSError as error:
        doc.error(1, f"không đọc được tệp ({error.strerror}) — kiểm tra tên và quyền của tệp")
        doc.readable = False
        return doc
    text = decode(data, doc)
    if text is None:
        doc.readable = False
        return doc
    doc.text = text.replace("\r\n", "\n")
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
            doc.error(doc.line(key), empty_header(key))


def check_dates(doc: Document, now: datetime) -> None:
    for key in ("date", "modified"):
        if not doc.value(key):
            continue
        try:
            date = parse_date(doc.value(key))
        except ContentError as error:
            doc.error(doc.line(key), str(error))
            continue
        if key == "date" and date > now:
            doc.warn(doc.line(key), f"ngày «{doc.value(key)}» ở tương lai — bài sẽ chỉ được "
                                    "đăng khi trang được xây dựng lại từ ngày đó; nếu nhầm, "
                                    "hãy sửa lại ngày")


def check_values(doc: Document, config: Config) -> None:
    category = nfc(doc.value("category"))
    if category and category not in config.categories:
        suggestion = closest(category, config.categories)
        fix = (f"có phải là «{suggestion}»?" if suggestion else "các chuyên mục hợp lệ: "
               + ", ".join(f"«{name}»" for name in config.categories))
        doc.error(doc.line("category"), f"chuyên mục «{category}» không có trong danh sách "
                                        f"CATEGORIES — {fix}")
    status = doc.value("status")
    if status and status.lower() not in STATUSES:
        suggestion = closest(status, STATUSES)
        doc.error(doc.line("status"), f"Status «{status}» không hợp lệ — dùng "
                  + (f"«{suggestion}»" if suggestion else "published, draft hoặc hidden"))
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
            doc.warn(number, "chữ có dấu được gõ ở dạng tổ hợp (NFD), khác với cách gõ thông "
                             "thường — chạy «invoke check --fix» để chuẩn hoá (NFC)")
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


def check_links(doc: Document, config: Config, folders: Folders) -> None:
    # Links inside <!-- comments --> are never shown: blank them out, keeping
    # the line numbers.
    text = COMMENT_RE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), doc.text)
    for match in LINK_RE.finditer(text):
        kind, target = match.groups()
        target = unquote(target.split("#", 1)[0].split("?", 1)[0])
        if not target:
            continue
        base = config.content if target.startswith("/") else doc.path.parent
        path = os.path.normpath(os.path.join(base, target.lstrip("/")))
        if folders.exists(path):
            continue
        folder, name = os.path.split(path)
        nearest = closest(name, folders.names(folder))
        fix = (f"có phải là «{nearest}»?" if nearest else
               "kiểm tra tên tệp (chữ hoa, chữ thường, phần đuôi) và chép tệp vào "
               f"{display_path(folder)}/")
        doc.error(line_at(text, match.start()),
                  f"liên kết «{{{kind}}}{match.group(2)}» trỏ tới tệp không có "
                  f"({display_path(path)}) — {fix}")
    images = [(m.start(), m.group(1), m.group(2)) for m in MD_IMAGE_RE.finditer(text)]
    for m in HTML_IMAGE_RE.finditer(text):
        alt, src = ALT_RE.search(m.group(0)), SRC_RE.search(m.group(0))
        images.append((m.start(), _attribute(alt), _attribute(src)))
    for offset, alt, src in sorted(images):
        line = line_at(text, offset)
        if not (alt or "").strip():
            doc.error(line, f"ảnh «{src}» không có lời mô tả (alt) — viết mô tả ngắn nội dung "
                            "ảnh: ![Mô tả ảnh](…) hoặc <img alt=\"Mô tả ảnh\" …>")
        if src and not EXTERNAL_RE.match(src):
            doc.error(line, f"ảnh «{src}» không dùng {{static}} nên sẽ không hiện trên trang — "
                            f"viết «{static_link(src, doc, config, folders)}»")


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


def check_document(doc: Document, config: Config, now: datetime, folders: Folders) -> None:
    if not doc.readable:
        return
    check_required(doc)
    check_dates(doc, now)
    check_values(doc, config)
    check_nfc(doc)
    check_links(doc, config, folders)
    check_photos(doc, config)
    check_active_html(doc, config)


def photo_references(doc: Document) -> list[str]:
    """The image sources a document names: its ``Image:`` header, Markdown
    images and <img> tags."""
    text = COMMENT_RE.sub("", doc.text)
    sources = [doc.value("image")] if doc.value("image") else []
    sources += [m.group(2) for m in MD_IMAGE_RE.finditer(text)]
    sources += [_attribute(SRC_RE.search(m.group(0))) or "" for m in HTML_IMAGE_RE.finditer(text)]
    return [src for src in sources if src]


def check_photos(doc: Document, config: Config) -> None:
    """Every local photo a document names must be one the build can
    publish (``photos.inspect``: not empty, an image, a web format, not cut
    short); the message and line are the build's (``photos.line_of``). A
    missing file is ``check_links``' to report."""
    for src in dict.fromkeys(photo_references(doc)):
        try:
            path = photos.locate(src, doc.path.parent, config.content)
        except photos.PhotoError:
            continue  # another host, outside content/: the build's message
        doc.photos.append(path)
        if path.is_file():
            try:
                photos.inspect(path, src)
            except photos.PhotoError as error:
                doc.error(photos.line_of(doc.text, src), str(error))


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


_markdown: dict[int, object] = {}


def render_markdown(text: str, config: Config) -> str:
    """The body as the build renders it (Pelican's Markdown reader's
    settings, ``meta`` included): only for the few files whose text may
    hold active HTML (``safe_html.suspicious``)."""
    from markdown import Markdown
    from pelican.readers import MarkdownReader

    if id(config) not in _markdown:
        reader = MarkdownReader({"MARKDOWN": dict(config.markdown) or {"extension_configs": {}}})
        _markdown[id(config)] = Markdown(**reader.settings["MARKDOWN"])
    md = _markdown[id(config)]
    md.reset()
    return md.convert(text)


# --- Checks across files ---------------------------------------------------------
def check_collisions(documents: list[Document], config: Config) -> None:
    by_key = defaultdict(list)
    for doc in documents:
        if doc.readable and doc.url_key:
            by_key[doc.url_key].append(doc)
    for key, docs in by_key.items():
        if len(docs) < 2:
            continue
        url = config.url(key)
        for doc in docs:
            others = ", ".join(display_path(o.path) for o in docs if o is not doc)
            line = doc.line("slug") if doc.value("slug") else doc.line("title")
            doc.error(line, f"{collision_message(url)} (tệp trùng: {others})")


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


# --- Running ---------------------------------------------------------------------
def content_files(config: Config) -> list[tuple[Path, str]]:
    """(path, kind) of every Markdown file Pelican reads as content."""
    files = []
    for folder, _, names in os.walk(config.content):
        kind = config.kind_of_folder(Path(folder).relative_to(config.content).as_posix().strip("."))
        if kind:
            files.extend((Path(folder, name), kind) for name in names
                         if name.endswith(MARKDOWN_EXTENSIONS))
    return sorted(files)


def read_all(config: Config, paths=None) -> tuple[list[Document], list[Document]]:
    """(all content documents, the ones to report on). Collisions need all
    the content even when only a few files are checked."""
    selected = []
    for given in paths or []:
        given = Path(given)
        if given.is_dir():
            selected.extend(p for p in sorted(given.rglob("*")) if p.suffix in MARKDOWN_EXTENSIONS)
        elif given.exists():
            selected.append(given)
        else:
            raise WorkflowError(f"không có tệp hoặc thư mục «{given}» — kiểm tra lại đường dẫn")
    # The content folder is resolved: its files' paths are canonical already.
    documents = {path: read_document(path, kind) for path, kind in content_files(config)}
    chosen = []
    for path in selected:
        resolved, kind = path.resolve(), config.kind_of(path)
        if kind and resolved not in documents:
            documents[resolved] = read_document(path, kind)
        if kind:
            chosen.append(documents[resolved])
    return list(documents.values()), (chosen if paths else list(documents.values()))


def check(config: Config, paths=None, now: datetime | None = None) -> list[Problem]:
    """Every problem in the given files (all content by default), sorted."""
    if now is None:
        now = datetime.now(config.timezone).replace(tzinfo=None)
    documents, chosen = read_all(config, paths)
    folders = Folders()
    for doc in chosen:
        check_document(doc, config, now, folders)
    check_collisions(documents, config)
    check_tags(documents)
    found = {problem for doc in chosen for problem in doc.problems}
    if not paths:
        found.update(check_static_photos(documents, config))
    return sorted(found)


def fix(path: Path) -> bool:
    """Remove a UTF-8 BOM and compose to NFC in place; True if changed."""
    data = path.read_bytes()
    body = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    fixed = nfc(text).encode("utf-8")
    if fixed == data:
        return False
    path.write_bytes(fixed)
    return True


def summary(problems: list[Problem]) -> str:
    errors = sum(not p.warning for p in problems)
    warnings = len(problems) - errors
    files = len({p.path for p in problems})
    return f"{errors} lỗi, {warnings} cảnh báo trong {files} tệp."


def run(paths, settings_file: Path, content: Path | None = None, fix_files: bool = False,
        out=None) -> int:
    """The command: print the problems, return the exit status."""
    out = out or sys.stdout
    overrides = {"PATH": str(Path(content).resolve())} if content else {}
    config = Config.from_settings(load_settings(settings_file, **overrides))
    if fix_files:
        targets = [Path(p) for p in paths] if paths else [p for p, _ in content_files(config)]
        for path in targets:
            for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
                if file.suffix in MARKDOWN_EXTENSIONS and file.exists() and fix(file):
                    print(f"{display_path(file)}: đã sửa (bỏ BOM, chuẩn hoá NFC)", file=out)
    problems = check(config, paths)
    for problem in problems:
        print(problem.format(), file=out)
    if problems:
        print(summary(problems), file=out)
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
                        help="tự sửa những gì chắc chắn sửa được: bỏ BOM, chuẩn hoá NFC")
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
