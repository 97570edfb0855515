"""Vietnamese correctness for the bulletin.

- Every Markdown file is read as NFC, so NFD input (typed with some
  Vietnamese keyboards) builds exactly the same site as NFC input, before
  typogrify and slugs see it.
- Header values are plain text: they are HTML-escaped before typogrify, so a
  title like ``<script>`` shows as text everywhere.
- The body is checked and cleaned against one allow-list
  (``plugins/core/safe_html.py``): a ``<script>``, an ``<iframe>``, an
  ``on…=`` handler or a ``javascript:`` link stops the build with the
  checker's ``file:line`` message; whatever else is not allowed is dropped.
  Then a paragraph holding only a YouTube or Facebook address becomes a
  video card (``plugins/core/videos.py``), before typogrify.
- Dates must be ISO ``YYYY-MM-DD[ HH:MM]``; anything else stops the build
  with the file, the line and the accepted form.
- Required headers, as the content checker knows them (``rules.REQUIRED_HEADERS``).
- Two items with one URL (``Hội nghị`` / ``Hồi nghị``) stop the build.
- So does a file that no reader reads among the articles, pages and
  questions (``bai.md.txt``, a Word file, photos): ``rules.refused_files``.
- Tags that differ only in tone placement or case become one tag, always
  spelled the same way.
- Jinja filters ``vi_date`` (``Thứ Tư, 11/11/2020``), ``vi_date_short``
  (``11/11/2020``) and ``isodate`` (``2020-11-11T00:00:00+07:00``), through
  Babel: no system locale is needed.
"""

from __future__ import annotations

import functools
import html
import logging
import os
import re
import sys
from collections import defaultdict
from datetime import date, datetime

from babel.dates import format_date
from pelican import signals
from pelican.readers import MarkdownReader
from pelican.urlwrappers import Tag

from plugins.core import safe_html, videos, written
from plugins.core.errors import ContentError, display_path, explain_skipped, fail, quiet_fatal, quiet_replaced
from plugins.core.html_text import (
    apart_note_marks,
    marked_bare_links,
    scrolling_tables,
    spaceless_hrefs,
    summary_text,
    unindexed_note_marks,
)
from plugins.core.rules import (
    FAQ_PATH,
    REQUIRED_HEADERS,
    body_problems,
    broken_header_line,
    canonical_spellings,
    case_twins,
    category_problem,
    clean_slug,
    collision_message,
    content_items,
    content_rules,
    copy_order,
    duplicate_header,
    empty_header,
    encoding_problem,
    entities_decoded,
    eth_as_d,
    eth_as_d_html,
    file_kind,
    header_line,
    header_lines,
    header_name,
    header_value,
    header_where,
    indented_headers,
    list_value,
    local_date,
    merge_conflicts,
    missing_header,
    modified_problem,
    name_slug_problem,
    nfc,
    old_date_problem,
    parse_date,
    question_without_slug,
    refused_files,
    reserved_paths,
    reserved_problem,
    slug_problem,
    split_list,
    status_problem,
    summary_markdown_problem,
    template_problem,
    title_slug,
    title_slug_problem,
    top_headings,
    unanswered,
    vague_links,
    without_invisible,
)

logger = logging.getLogger(__name__)

# Header values that are text for readers; everything else (dates, tags,
# slugs, templates, status…) is processed by Pelican itself.
TEXT_FIELDS = ("title", "summary", "organization")
# Plain names the templates escape themselves: entities decoded only (rules.entities_decoded).
NAME_FIELDS = ("author", "issuer", "signer")



class VietnameseMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader, reading NFC text and checking headers."""

    def read(self, source_path):
        with open(source_path, "rb") as file:
            data = file.read()
        # A renamed Word file, UTF-16, Windows-1258: the checker's words.
        from workflow.import_docx import import_config  # the Word inbox a message names

        problem = encoding_problem(data, import_config(self.settings)["inbox"])
        if problem:
            fail(f"{display_path(source_path)}:{problem[0]}: {problem[1]}")
        # As pelican_open reads it, NFC, without the invisible characters a
        # paste from Zalo or Word leaves (rules.without_invisible).
        self._text = without_invisible(nfc(data.decode("utf-8-sig")))
        self._source_path = source_path
        self._rules = content_rules(self.settings)
        self._md = self._new_markdown(source_path)
        for line, message in merge_conflicts(self._text):  # before the headers: a mark may end them
            fail(f"{display_path(source_path)}:{line}: {message}")
        for line, message in indented_headers(self._text.split("\n\n", 1)[0]):
            fail(f"{display_path(source_path)}:{line}: {message}")
        if broken := broken_header_line(self._text):
            fail(f"{display_path(source_path)}:{broken[0]}: {broken[1]}")
        content = self._md.convert(self._text)
        meta = self._one_value_per_key(self._md.Meta) if hasattr(self._md, "Meta") else {}
        metadata = self._parse_metadata(meta)
        self._require(metadata, source_path)
        self._check_category(meta)
        self._check_address(meta)
        self._check_summary(meta)
        self._check_modified(meta, metadata)
        for line, message in (safe_html.problems(self._text, lambda: content)
                              + body_problems(self._text)):
            fail(f"{display_path(source_path)}:{line}: {message}")
        faq = self._kind(source_path) == "faq"
        warnings = (top_headings(self._text) + vague_links(self._text)
                    + (unanswered(self._text) if faq else []))
        if faq and "slug" not in meta:  # its anchor followed its title: a retitle broke shared links
            warnings.append((header_line(self._text, "title"), question_without_slug(meta.get("title", [""])[0])))
        for line, message in warnings:
            logger.warning("%s:%s: %s", display_path(source_path), line, message)
        # After the cards: a card is made of a paragraph's plain <a href>;
        # a bare link is marked once its address has lost its trackers.
        body = videos.cards(unindexed_note_marks(apart_note_marks(scrolling_tables(safe_html.sanitize(content)))))
        # The eth a PDF's text holds for «Đ», in the words a reader searches (rules.eth_as_d_html).
        return eth_as_d_html(marked_bare_links(videos.untracked_links(videos.linked_text(body)))), metadata

    def _one_value_per_key(self, meta: dict) -> dict:
        """A key written twice stops the build (Markdown keeps a list, on
        which Pelican keeps the first value, drops it or fails in
        typogrify); a value continued on indented lines is one value."""
        block = self._text.split("\n\n", 1)[0]  # the headers end at the first blank line
        for key in meta:
            lines = header_lines(block, key)
            if len(lines) > 1:
                fail(f"{display_path(self._source_path)}:{lines[-1]}: "
                     f"{duplicate_header(header_name(key), lines)}")
        joined = {key: " ".join(header_value(v) for v in values).strip() for key, values in meta.items()}
        # «Ð» pasted from a PDF's text, in the words a reader sees and searches (not tags: rules.eth_as_d).
        joined = {key: eth_as_d(value) if key in (*TEXT_FIELDS, *NAME_FIELDS) else value
                  for key, value in joined.items()}
        return {key: [list_value(value) if key in ("tags", "authors") else
                      entities_decoded(value) if key in NAME_FIELDS else value] for key, value in joined.items()}

    def _check_category(self, meta: dict) -> None:
        """An article's category is one of CATEGORIES (as the checker says)."""
        if self._kind(self._source_path) == "article" and meta.get("category"):
            problem = category_problem(meta["category"][0], [nfc(c) for c in self.settings.get("CATEGORIES", [])])
            if problem:
                fail(f"{self._where('category')}: {problem}")

    def _check_address(self, meta: dict) -> None:
        """An item without ``Slug:`` takes its address from its title (a
        document from its number, however long its subject; a question has
        no page, only an anchor on Hỏi & đáp, however long it is)."""
        kind = self._kind(self._source_path)
        if kind == "document":
            return
        if "slug" not in meta and meta.get("title", [""])[0].strip():
            limit = self._rules["slug_max_chars"] if kind != "faq" else sys.maxsize
            problem = title_slug_problem(meta["title"][0], limit)
            if problem:
                fail(f"{self._where('title')}: {problem}")

    def _check_summary(self, meta: dict) -> None:
        """Summaries are plain text: Markdown marks would show as typed."""
        if meta.get("summary", [""])[0]:
            problem = summary_markdown_problem(meta["summary"][0], self._md)
            if problem:
                logger.warning("%s: %s", self._where("summary"), problem)

    def _new_markdown(self, source_path):
        """Python-Markdown as MARKDOWN says; for a Hỏi & đáp item, footnote
        ids of its own (``fn:cau-hoi-a:1``): the items share one page, where
        two answers' «fn:1» were one id twice (invalid HTML) and the second
        answer's note led to the first's."""
        import copy

        from markdown import Markdown

        config = self.settings["MARKDOWN"]
        if self._kind(source_path) == "faq":
            config = copy.deepcopy(config)
            extra = config.setdefault("extension_configs", {}).setdefault("markdown.extensions.extra", {})
            # Its path under the folder, not its name alone: 2024/cau-hoi-1.md
            # and 2025/cau-hoi-1.md gave one id twice.
            under = os.path.relpath(source_path, os.path.join(self.settings["PATH"], FAQ_PATH))
            stem = clean_slug(os.path.splitext(under)[0].replace(os.sep, "-")) or "muc"
            extra.setdefault("footnotes", {})["SEPARATOR"] = f":{stem}:"
        md = Markdown(**config)
        # A numbered list keeps its first number (<ol start="3">), as the
        # desk's preview shows it: «3. Bước ba», a list continued after a
        # paragraph (a paste from Word, which the CMS saves unescaped), was
        # published «1. Bước ba», and «bước 3» pointed nowhere.
        md.parser.blockprocessors["olist"].LAZY_OL = False
        return md

    def _check_modified(self, meta: dict, metadata: dict) -> None:
        """A ``Modified:`` before ``Date:`` or in the future: the checker's warning."""
        modified = metadata.get("modified")
        if not isinstance(modified, datetime) or "modified" not in meta:
            return
        published = metadata.get("date") if isinstance(metadata.get("date"), datetime) else None
        problem = modified_problem(meta["modified"][0], modified, published, datetime.now(modified.tzinfo))
        if problem:
            logger.warning("%s: %s", self._where("modified"), problem)

    def _where(self, key: str) -> str:
        return f"{display_path(self._source_path)}:{header_line(self._text, key)}"

    def _kind(self, source_path) -> str:
        """article, page, faq or document: what a file is decides its
        required headers."""
        return file_kind(source_path, self.settings)

    def _require(self, metadata, source_path):
        for key in REQUIRED_HEADERS[self._kind(source_path)]:
            name = key.lower()
            if name == "author" and metadata.get("authors"):
                continue  # ``Authors:`` satisfies ``Author``
            if name in metadata and not str(metadata[name]).strip():
                fail(f"{self._where(key)}: {empty_header(key, self._kind(source_path))}")
            if not str(metadata.get(name, "")).strip():
                fail(f"{display_path(source_path)}:1: {missing_header(key)}")

    def process_metadata(self, name, value):
        name = name.lower()
        if isinstance(value, str):
            value = nfc(value)
        source = getattr(self, "_source_path", None)
        if name in TEXT_FIELDS and isinstance(value, str):
            # An entity copied from a web page's source («KH&amp;CN»,
            # «&#8211;») is what it stands for: it showed as typed, on the
            # page, in the feed and the tab's title. Then escaped as text.
            value = html.escape(entities_decoded(value.strip()), quote=False)
        elif name in ("date", "modified") and isinstance(value, str) and source:
            try:
                date = parse_date(value)
            except ContentError as error:
                fail(f"{self._where(name)}: {error}")
            problem = old_date_problem(value, date, self._rules["earliest_year"])
            if problem:
                logger.warning("%s: %s", self._where(name), problem)
            return local_date(date, self.settings["TIMEZONE"])
        elif isinstance(value, str) and source:
            self._check_value(name, value)
            if name == "status":  # Pelican skips only "skip", not "Skip"
                value = value.strip().lower()
        return super().process_metadata(name, value)

    def _check_value(self, name: str, value: str) -> None:
        """The rules the checker applies to these headers, with its words."""
        limit = self._rules["slug_max_chars"]
        if name == "slug":
            title = self._md.Meta.get("title", [""])[0]
            problem = slug_problem(value, title, limit)
        elif name == "status":
            problem = value.strip() and status_problem(value)  # empty: published
        elif name == "template":
            problem = template_problem(value, self.settings, self._kind(self._source_path))
        elif name in ("tags", "authors", "author"):
            names = [value.strip()] if name == "author" else split_list(value)
            problem = next(filter(None, (name_slug_problem(header_name(name), item, limit)
                                         for item in names)), None)
        else:
            problem = None
        if problem:
            fail(f"{self._where(name)}: {problem}")


def use_our_reader(readers):
    for ext in VietnameseMarkdownReader.file_extensions:
        readers.reader_classes[ext] = VietnameseMarkdownReader
        readers.readers[ext] = VietnameseMarkdownReader(readers.settings)


@functools.lru_cache(maxsize=8192)
def _vi_day(day: date, pattern: str) -> str:
    return format_date(day, pattern, locale="vi")


def vi_date(value) -> str:
    return _vi_day(date(value.year, value.month, value.day), "EEEE, dd/MM/yyyy")


def vi_date_short(value) -> str:
    """«05/03/2025». Memoized on the calendar day (the patterns use nothing
    else): listings format each article's date once a page it is on,
    111,764 times at N = 5,000, 13 µs each in Babel (1.5 s of CPU)."""
    return _vi_day(date(value.year, value.month, value.day), "dd/MM/yyyy")


def isodate(value) -> str:
    return value.isoformat()


def add_filters(generator):
    generator.env.filters.update(
        vi_date=vi_date, vi_date_short=vi_date_short, isodate=isodate
    )


def unify_tags(generator):
    """One spelling per tag slug, before Pelican builds its tag pages."""
    items = content_items([generator])  # every article, whatever its status
    spelling = canonical_spellings(
        tag.name for item in items for tag in getattr(item, "tags", [])
    )
    for item in items:
        if not getattr(item, "tags", None):
            continue
        tags, seen = [], set()
        for tag in item.tags:
            if tag.slug not in seen:
                seen.add(tag.slug)
                tags.append(Tag(spelling[tag.name], generator.settings))
        item.tags = tags


def check_collisions(generators):
    """Two items that would be written to one URL stop the build.

    Pelican would silently treat one as a "translation" of the other and
    publish only one of them."""
    by_url = defaultdict(dict)
    for item in content_items(generators):
        if getattr(item, "save_as", ""):
            by_url[item.save_as][item.source_path] = item
    for save_as, items in sorted(by_url.items()):
        if len(items) > 1:
            files = " và ".join(display_path(p) for p in sorted(items))
            # Titles that differ: a Slug: line gives both the address (mostly
            # copied with a published article): change the newer file.
            slug_line = len({title_slug(str(item.metadata.get("title", ""))) for item in items.values()}) > 1
            newer = max(items.values(), key=lambda item: copy_order(
                getattr(item, "date", None), item.source_path, getattr(item, "slug", "")))
            message = collision_message(save_as.removesuffix("index.html"), slug_line,
                                        display_path(newer.source_path) if slug_line else "")
            fail(f"{files}: {message}")



def check_reserved(generators):
    """An item whose address the site makes itself (search page, archives,
    tags, feeds, RESERVED_PATHS…) stops the build, as the checker says:
    Pelican would overwrite one with the other, or stop with
    FileOverwriteFailedError."""
    settings = generators[0].settings
    reserved = reserved_paths(settings)
    for item in content_items(generators):
        if getattr(item, "save_as", ""):  # an item written nowhere claims no address
            # A kind whose plugin owns a section (``own_folder``: the
            # documents' van-ban/) lives inside it by design.
            own = getattr(item, "own_folder", "")
            _check_reserved_item(item, settings, [entry for entry in reserved if entry[0] != own])


def _check_reserved_item(item, settings, reserved) -> None:
    from pelican.contents import Page

    kind = "page" if isinstance(item, Page) else "article"
    draft = item.status == "draft"
    pattern = settings[("DRAFT_PAGE_URL" if kind == "page" else "DRAFT_URL") if draft
                       else f"{kind.upper()}_URL"]
    override = next((header_name(key) for key in ("save_as", "url") if key in item.metadata), None)
    explicit = "slug" in item.metadata
    problem = reserved_problem(item.save_as or "", item.url or "", kind, draft, item.slug, explicit,
                               override, lambda slug: pattern.format(slug=slug, lang=item.lang),
                               reserved)
    if problem:
        fail(f"{header_where(item.source_path, override or ('Slug' if explicit else 'Title'))}: {problem}")


def check_unread(generators):
    """A file in a folder of articles, pages or questions that no reader
    reads (a ``bai.md.txt``, a ``.MD``, a Word file or photos put beside the
    articles) stops the build with the checker's message: Pelican passes
    over it without a word, and the editor waits for an article that never
    comes."""
    from workflow import WorkflowError
    from workflow.import_docx import import_config  # the Word inbox the message names

    settings = generators[0].settings
    about = settings.get("ABOUT")
    facts = about.get("facts") if isinstance(about, dict) else None
    try:
        inbox = import_config(settings)["inbox"]
    except WorkflowError as error:
        fail(str(error))
    for path, message in refused_files(settings["PATH"], settings.get("PAGE_PATHS", []),
                                      settings.get("ARTICLE_EXCLUDES", []), inbox,
                                      [os.path.join(settings["PATH"], facts)] if facts else []):
        fail(f"{display_path(path)}: {message}")
    # Two names alike but for case (a Windows or Mac clone keeps one): the checker's warning.
    for path, message in case_twins(settings["PATH"]):
        logger.warning("%s: %s", display_path(path), message)


def check_settings(pelican):
    """CONTENT_RULES, IMPORT_DOCX (the reader names its inbox) and TIMEZONE
    checked when Pelican starts, naming the key: a mistake in the last two
    was «Không đọc được <bài> (…)» once for every article, as if the
    articles were wrong."""
    from zoneinfo import ZoneInfo

    from workflow import WorkflowError
    from workflow.import_docx import import_config

    try:
        content_rules(pelican.settings)
    except ContentError as error:
        fail(str(error))
    try:
        import_config(pelican.settings)
    except WorkflowError as error:
        fail(f"{error} (pelicanconf.py)")
    zone = pelican.settings.get("TIMEZONE")
    if zone is None:
        # Pelican warned in English and assumed UTC (every date seven hours
        # off), then plugins.seo stopped the build with a KeyError traceback.
        fail("chưa đặt TIMEZONE nên mọi ngày giờ bị coi là giờ UTC (bài hẹn giờ hiện muộn 7 tiếng) — thêm dòng "
             "TIMEZONE = \"Asia/Ho_Chi_Minh\" vào pelicanconf.py")
    try:
        ZoneInfo(zone)
    except (KeyError, ValueError, TypeError, OSError):  # ZoneInfoNotFoundError is a KeyError
        fail(f"TIMEZONE «{zone}» không phải tên múi giờ — ở Việt Nam viết «Asia/Ho_Chi_Minh» (pelicanconf.py)")
    # «Etc/GMT+7» is a valid name for UTC−7 (POSIX's sign, reversed): every
    # date fourteen hours off, a scheduled article published 14 hours late.
    if match := re.fullmatch(r"Etc/GMT([+-])(\d+)", str(zone)):
        meant = f"UTC{'−' if match[1] == '+' else '+'}{match[2]}"
        fail(f"TIMEZONE «{zone}» là giờ {meant}: tên «Etc/GMT…» viết dấu ngược (Etc/GMT+7 là chậm hơn UTC 7 tiếng) "
             "— ở Việt Nam viết «Asia/Ho_Chi_Minh» (pelicanconf.py)")


def auto_summary(body: str, settings) -> str:
    """The summary of an item without a ``Summary:`` header, as HTML text:
    its first SUMMARY_MAX_LENGTH words of prose (``html_text.summary_text``:
    no video card, photo, table or footnote). Pelican's own cut the body as
    it is, so a video article's summary read «Video trên YouTubeYouTube ·
    bấm để xem…» on every listing, in its description and JSON-LD."""
    return html.escape(summary_text(body, settings.get("SUMMARY_MAX_LENGTH"),
                                    settings.get("SUMMARY_END_SUFFIX", "…")), quote=False)


def summarize(item) -> None:
    """content_object_init: an item without a Summary header gets
    ``auto_summary`` as its summary (Pelican returns a summary in metadata
    as it is: listings, descriptions, feeds and JSON-LD all read it)."""
    if "summary" not in item.metadata:
        item.metadata["summary"] = auto_summary(item._content or "", item.settings)


def spaceless_page(markup: str, context: dict) -> str:
    """Page transform: links' addresses without white space (``spaceless_hrefs``)."""
    return spaceless_hrefs(markup)


def spaceless_feed(context, feed) -> None:
    """feed_generated: the same in every feed entry."""
    written.feed_entries(feed, spaceless_hrefs)


def register():
    written.page_transform(spaceless_page)
    signals.feed_generated.connect(spaceless_feed)
    logging.getLogger("pelican").addFilter(quiet_fatal)
    signals.content_object_init.connect(summarize)
    signals.initialized.connect(check_settings)
    signals.all_generators_finalized.connect(check_reserved)
    logging.getLogger("pelican.generators").addFilter(explain_skipped)
    for name in ("pelican.utils", "pelican.readers", "pelican.cache"):
        logging.getLogger(name).addFilter(quiet_replaced)
    signals.readers_init.connect(use_our_reader)
    signals.generator_init.connect(add_filters)
    signals.article_generator_pretaxonomy.connect(unify_tags)
    signals.all_generators_finalized.connect(check_collisions)
    signals.all_generators_finalized.connect(check_unread)
