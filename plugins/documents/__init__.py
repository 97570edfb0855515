"""Văn bản: the union's documents library.

One Markdown file per document under ``content/van-ban/`` (``rules.DOCUMENTS_PATH``):
``Title`` (the trích yếu), ``Number`` (số/ký hiệu, ``45/KH-LHH``), ``Date``
(ngày ban hành), ``Kind`` (one of ``DOCUMENT_KINDS``), optional ``Issuer``
(default ``UNION["name"]``), ``Signer``, ``Group`` (one of
``DOCUMENTS["groups"]``), ``Tags``, ``Replaced_by`` (the replacing document's number) and ``Expired``
(«có» or a day: no longer in force), and ``Files``: ``{static}/van-ban/<year>/…``
attachments, comma-separated, required unless the body carries the full text
(as the union's current site publishes its documents). Pages, all readable
without JavaScript (filters are links):

- ``van-ban/``: every published document, newest first, paginated
  (``DOCUMENTS["per_page"]``): number, date, subject, kind, downloads with
  type and size (``PDF, 1,2 MB``); links to every kind, year and group;
- ``van-ban/loai/<kind>/``, ``van-ban/<year>/``, ``van-ban/nhom/<group>/``:
  the same list, filtered;
- ``van-ban/<year>/<number>/`` (``DOCUMENT_URL``): one document, its facts,
  the published documents whose text links to it (newest first: a plan
  amended by a later one, found through a search engine, said nothing of
  it), its downloads, then its text; drafts under ``ban-nhap/van-ban/``;
- ``DOCUMENTS["feed"]``: an Atom feed of the documents.

Documents are written before the articles (this generator moves itself to
the front): Pagefind, which starts once the article pages are written
(``plugins.search``), indexes them with the articles. Hidden and draft
documents are in no list, feed, sitemap or search index, and say
``noindex`` (``plugins.seo``). The menu's ``section:van-ban`` item appears
with the first published document (``plugins.bulletin.offer_section``);
each group is a section named by the group (``section:Văn bản khác``), its
listing once it has a published document: the old site's document sections
redirect there (``OLD_URLS``, ``plugins.redirects``).

Mistakes stop the build with the content checker's ``file:line`` message
(``plugins.core.rules``): a missing or empty required header, ``Files:``
missing without a body, an unknown kind or group, a number used twice in a
year, an attachment that is not there or not under ``content/van-ban/``; an
attachment over ``DOCUMENTS["warn_attachment_mb"]`` is a warning.

Settings: ``DOCUMENT_KINDS`` (a list, like ``CATEGORIES``) and
``DOCUMENTS``, merged over ``DEFAULTS`` and checked when Pelican starts.
"""

from __future__ import annotations

import html
import logging
import os
import re
from datetime import date, datetime
from urllib.parse import quote, unquote

from pelican import signals
from pelican.contents import Content, Page, SkipStub
from pelican.generators import Generator

from plugins import search
from plugins.bulletin import offer_section, settings_line
from plugins.core.errors import ContentError, display_path, fail
from plugins.core.rules import (
    DOCUMENTS_PATH,
    address_clash,
    attachment_content_problem,
    attachment_not_static,
    attachment_outside,
    attachment_too_large,
    bare_number,
    body_text,
    duplicate_number,
    expired_value,
    file_size,
    file_type,
    files_missing,
    folder_names,
    former_issuer_problem,
    glued_files,
    header_where,
    is_public,
    missing_link,
    nfc,
    not_in_list,
    number_problem,
    number_slug,
    number_spellings,
    own_site_links,
    pdf_earlier_version,
    replacements,
    site_domains,
    slugify,
    split_files,
)
from plugins.core.settings import merge

logger = logging.getLogger(__name__)

DEFAULTS = {
    "groups": [],  # names of the sections a document may belong to (Group:)
    "per_page": 20,  # documents per listing page
    "warn_attachment_mb": 20,  # an attachment larger than this is a warning
    "feed": "feeds/van-ban.atom.xml",  # the documents' Atom feed; "" for none
    # The union's former names: [("YYYY-MM-DD", name)], a document dated
    # before that day without an Issuer: header was issued under that name
    # (else UNION["name"], today's name: after a rename, the old documents
    # were credited to the new union).
    "former_issuers": [],
}
SECTION = "van-ban"  # the menu's section:van-ban, and the library's address
URLS = {
    "all": f"{DOCUMENTS_PATH}/",
    "kind": f"{DOCUMENTS_PATH}/loai/{{slug}}/",
    "year": f"{DOCUMENTS_PATH}/{{slug}}/",
    "group": f"{DOCUMENTS_PATH}/nhom/{{slug}}/",
}


class DocumentsError(ValueError):
    pass


NEXT_SETTING = re.compile(r"([A-Z][A-Z0-9_]*)\s*=")


def name_where(variable: str, name: str | None = None, nth: int = 1) -> str:
    """``pelicanconf.py:135``: the line of the ``nth`` «name» (or the last
    one) written in ``variable = …`` (and in its later additions) in the
    settings file ``settings_line`` finds, else the line of ``variable =``."""
    from plugins.core.build_cache import ROOT

    where = settings_line(variable)
    file, _, line = where.rpartition(":")
    if name is None or not line.isdigit():
        return where
    try:
        lines = (ROOT / file).read_text(encoding="utf-8").splitlines()
    except OSError:
        return where
    quoted = re.compile(rf"""(["'])\s*{re.escape(name.strip())}\s*\1""")
    found, current = [], None
    for number, text in enumerate(lines, 1):
        setting = NEXT_SETTING.match(text)
        current = setting.group(1) if setting else current
        if current == variable and number >= int(line):  # the list, and «DOCUMENT_KINDS = DOCUMENT_KINDS + […]»
            found += [number] * len(quoted.findall(nfc(text)))
    return f"{file}:{found[min(nth, len(found)) - 1]}" if found else where


def _names(value, setting: str) -> list[str]:
    variable = setting.split("[", 1)[0]  # DOCUMENTS['groups'] is written in DOCUMENTS
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DocumentsError(f"{name_where(variable)}: {setting} phải là danh sách tên (chuỗi khác rỗng), ví dụ "
                             '["Kế hoạch", "Thông báo"]')
    names = [nfc(name).strip() for name in value]
    for name in names:
        if not slugify(name).strip("-"):  # «...», «—»: no letter or digit
            raise DocumentsError(f"{name_where(variable, name)}: {setting}: tên «{name}» không có chữ nào (không "
                                 "làm được địa chỉ trang của nó) — viết tên bằng chữ, ví dụ «Kế hoạch», hoặc xoá "
                                 "dòng này")
    clash = address_clash(names)
    if clash and clash[0] == clash[1]:
        raise DocumentsError(f"{name_where(variable, clash[1], 2)}: {setting}: «{clash[1]}» đã có trong danh sách, "
                             "xoá dòng lặp")
    if clash:
        first, later = clash
        raise DocumentsError(f"{name_where(variable, later)}: {setting}: «{first}» và «{later}» là một tên khi "
                             f"bỏ dấu (cùng địa chỉ …/{slugify(later)}/) — giữ một tên, viết đủ dấu, xoá tên kia")
    return names


def load_config(settings) -> tuple[list[str], dict]:
    """(DOCUMENT_KINDS, DOCUMENTS merged over DEFAULTS), checked."""
    kinds = _names(settings.get("DOCUMENT_KINDS", []), "DOCUMENT_KINDS")
    raw = dict(settings.get("DOCUMENTS", {}))
    limit = raw.pop("warn_attachment_mb", DEFAULTS["warn_attachment_mb"])
    config = merge("DOCUMENTS", raw, DEFAULTS, DocumentsError)
    if not isinstance(limit, (int, float)) or isinstance(limit, bool) or limit <= 0:
        raise DocumentsError("DOCUMENTS['warn_attachment_mb'] phải là một số dương (MB)")
    if config["per_page"] < 1:
        raise DocumentsError("DOCUMENTS['per_page'] phải là số nguyên dương")
    config["groups"] = _names(config["groups"], "DOCUMENTS['groups']")
    config["warn_attachment_mb"] = limit
    config["former_issuers"] = read_former_issuers(config["former_issuers"])
    current = nfc(str((settings.get("UNION") or {}).get("name", "")).strip())
    for day, name in config["former_issuers"]:
        if current and name == current:
            # The new name typed as the former one: every earlier document
            # without an Issuer was credited to the renamed union, unremarked.
            raise DocumentsError(f"DOCUMENTS['former_issuers']: «{name}» (đến {day:%d/%m/%Y}) là tên hiện nay "
                                 "(UNION['name']) — ở đây viết tên CŨ mà Liên hiệp Hội mang trước ngày đó")
    return kinds, config


def read_former_issuers(value) -> list[tuple[date, str]]:
    """DOCUMENTS["former_issuers"] checked: (day, name) pairs, oldest first."""
    example = '[("2025-12-24", "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh …")]'
    pairs = []
    for item in value:
        if (not isinstance(item, (list, tuple)) or len(item) != 2
                or not all(isinstance(part, (str, date)) for part in item) or not str(item[1]).strip()):
            raise DocumentsError(f"DOCUMENTS['former_issuers'] phải là danh sách cặp (ngày, tên cũ), ví dụ {example}")
        try:
            day = item[0] if isinstance(item[0], date) else date.fromisoformat(item[0])
        except ValueError:
            raise DocumentsError(f"DOCUMENTS['former_issuers']: ngày «{item[0]}» phải viết dạng năm-tháng-ngày, "
                                 f"ví dụ {example}") from None
        pairs.append((day, nfc(str(item[1]).strip())))
    return sorted(pairs)


def default_issuer(settings, when) -> str:
    """Who issued a document without an Issuer: header, dated ``when``: the
    union under the name it had that day (DOCUMENTS["former_issuers"], as
    ``check_settings`` stored it back: (day, name) pairs, oldest first)."""
    day = when.date() if isinstance(when, datetime) else when
    for until, name in settings["DOCUMENTS"]["former_issuers"]:
        if isinstance(day, date) and day < until:
            return name
    return settings["UNION"]["name"]


class Document(Page):
    """One document: a Page whose slug is its number's, at ``DOCUMENT_URL``
    (drafts at ``DRAFT_DOCUMENT_URL``). A future date makes it a draft where
    ``WITH_FUTURE_DATES`` is off (``plugins.bulletin.hold_future``, for
    every kind of content)."""

    default_template = "document"
    # The section this plugin writes (reserved to pages and articles, not
    # to documents: plugins.vietnamese.check_reserved).
    own_folder = f"{DOCUMENTS_PATH}/"

    def __init__(self, content, metadata=None, settings=None, source_path=None, context=None):
        metadata = dict(metadata or {})
        if metadata.get("number"):
            metadata["slug"] = number_slug(str(metadata["number"]))
        if not str(metadata.get("issuer", "")).strip() and settings:
            metadata["issuer"] = default_issuer(settings, metadata.get("date"))
        super().__init__(content, metadata, settings, source_path, context)

    def _expand_settings(self, key: str) -> str:
        klass = "draft_document" if self.status == "draft" else "document"
        return Content._expand_settings(self, key, klass)

    @property
    def named(self) -> str:
        """Its kind and number, as a document is named («Kế hoạch số
        45/KH-LHH»): its page's title, its feed entry's, its mentions."""
        return f"{self.kind} số {self.number}"


class FeedEntry:
    """What Pelican's Atom writer reads of a document: its kind and number
    before its subject as the entry's title, its facts and downloads
    (absolute links) as the entry's content, then its text."""

    def __init__(self, document):
        self.document = document
        # A feed reader lists titles only: a subject alone («V/v tổ chức
        # hội nghị») said neither the kind nor the number.
        self.title = f"{html.escape(document.named)}: {document.title}"
        self.url, self.date = document.url, document.date
        if hasattr(document, "modified"):  # «Modified:», a corrected document: the entry's <updated>
            self.modified = document.modified
        self.summary = document.summary
        self.tags = getattr(document, "tags", [])
        self.author = document.issuer
        self.category = document.kind

    def get_content(self, siteurl: str) -> str:
        doc = self.document
        lines = [f"<p>{html.escape(doc.named)}, "
                 f"{html.escape(doc.issuer)}, ngày {doc.date:%d/%m/%Y}.</p>"]
        if doc.status_label:  # no longer in force: a feed reader showed it as current
            replacing = doc.replaced_by  # never a draft (link_replacements)
            lines.append(f"<p><strong>{html.escape(doc.status_label)}</strong>" + (
                f': <a href="{html.escape(siteurl)}/{html.escape(replacing.url)}">{html.escape(replacing.named)}</a>'
                if replacing else "") + ".</p>")
        if doc.attachments:
            items = "".join(
                f'<li><a href="{html.escape(siteurl)}/{html.escape(quote(a["url"]))}">{html.escape(a["name"])}</a>'
                f" ({a['type']}, {a['size']})</li>" for a in doc.attachments)
            lines.append(f"<ul>{items}</ul>")
        return "\n".join(lines) + doc.get_content(siteurl)


def number_order(number: str) -> tuple[int, str]:
    """A document number's place among the same day's: its leading figure
    as a number (``10/TB`` after ``9/TB``), then the rest."""
    lead = re.match(r"\d+", number)
    return (int(lead.group()) if lead else -1, number)


# --- Reading and checking --------------------------------------------------------
def _where(document, key: str | None) -> str:
    return header_where(document.source_path, key) if key else f"{display_path(document.source_path)}:1"


def _value(document, key: str) -> str:
    value = document.metadata.get(key, "")
    return "\n".join(value) if isinstance(value, list) else str(value).strip()


def check_document(document, kinds: list[str], config: dict, content_root: str) -> None:
    """Stop the build at the document's first mistake (the checker's
    ``check_document`` words each one the same); warn about large files.
    Sets ``document.attachments``: [{"name", "url", "type", "size"}]."""
    number = bare_number(_value(document, "number"))  # «Số 7-TB/LHH» shown «Số Số 7-TB/LHH»
    if number_problem(number):
        fail(f"{_where(document, 'Number')}: {number_problem(number)}")
    kind = nfc(_value(document, "kind"))
    if kind not in kinds:
        fail(f"{_where(document, 'Kind')}: {not_in_list('loại văn bản', kind, kinds, 'DOCUMENT_KINDS')}")
    group = nfc(_value(document, "group"))
    if group and group not in config["groups"]:
        fail(f"{_where(document, 'Group')}: "
             f"{not_in_list('nhóm văn bản', group, config['groups'], 'DOCUMENTS[groups]')}")
    entries = split_files(_value(document, "files"))
    if not entries and not body_text(document._content or ""):
        empty = "files" in document.metadata
        fail(f"{_where(document, 'Files' if empty else None)}: {files_missing(empty)}")
    document.number, document.kind, document.group = number, kind, group
    document.issuer, document.signer = _value(document, "issuer"), _value(document, "signer")
    if problem := former_issuer_problem(document.issuer, document.date, config["former_issuers"]):
        logger.warning("%s: cảnh báo: %s", _where(document, "Issuer"), problem)
    # «số 15», as a reader types what the page prints, pairs as «so15»: an
    # article with «số 15» in it hid the document (one pair found is enough).
    # The whole number joined (``45khlhh``) is on this page alone: search.js
    # lists the document whose number was searched before those citing it.
    # Each spelling a reader may type («01/KH-LHH» and «1/KH-LHH»: one number).
    document.search_number = " ".join(dict.fromkeys(part for words in number_spellings(number) for part in (
        f"so{words[0]}", *(a + b for a, b in zip(words, words[1:])), "".join(words) if len(words) > 2 else "")
        if part))
    document.attachments = [
        attachment(document, entry, config, content_root) for entry in entries
    ]
    try:
        document.expired, document.expired_on = expired_value(_value(document, "expired"))
    except ContentError as error:
        fail(f"{_where(document, 'Expired')}: {error}")


def attachment(document, entry: str, config: dict, content_root: str) -> dict:
    """One ``Files:`` entry checked: {"name", "url", "type", "size"}."""
    root = os.path.abspath(content_root)
    raw = entry.strip()
    if glued := glued_files(raw):  # «{static}/…/a.pdf; {static}/…/b.pdf»: one entry
        fail(f"{_where(document, 'Files')}: {glued}")
    if not raw.startswith("{static}"):
        fail(f"{_where(document, 'Files')}: {attachment_not_static(raw)}")
    target = raw[len("{static}"):]
    base = root if target.startswith("/") else os.path.dirname(os.path.abspath(document.source_path))
    path = os.path.normpath(os.path.join(base, unquote(target).lstrip("/")))  # as the checker reads it
    if not os.path.isfile(path):
        fail(f"{_where(document, 'Files')}: "
             f"{missing_link('static', target, path, folder_names(os.path.dirname(path)))}")
    relative = os.path.relpath(path, root).replace(os.sep, "/")
    if not relative.startswith(DOCUMENTS_PATH + "/"):
        fail(f"{_where(document, 'Files')}: {attachment_outside(raw)}")
    if problem := attachment_content_problem(raw, path):
        fail(f"{_where(document, 'Files')}: {problem}")
    size = os.path.getsize(path)
    if size > config["warn_attachment_mb"] * 1024 * 1024:
        logger.warning("%s: cảnh báo: %s", _where(document, "Files"),
                       attachment_too_large(raw, size, config["warn_attachment_mb"]))
    if raw.lower().endswith(".pdf") and (earlier := pdf_earlier_version(raw, path)):
        logger.warning("%s: cảnh báo: %s", _where(document, "Files"), earlier)
    name = os.path.basename(path)
    return {"name": name, "url": relative, "type": file_type(name), "size": file_size(size)}


def check_numbers(documents) -> None:
    """A number used twice in one year stops the build: reported on the
    later file, naming the earlier, as the checker does."""
    seen: dict[tuple[int, str], object] = {}
    for document in sorted(documents, key=lambda d: d.source_path):
        key = (document.date.year, number_slug(document.number))
        if key in seen:
            message = duplicate_number(document.number, key[0], [display_path(seen[key].source_path)])
            fail(f"{_where(document, 'Number')}: {message}")
        seen[key] = document


def link_replacements(documents) -> None:
    """``Replaced_by:`` resolved (``rules.replacements``, as the checker
    does): each document's ``replaced_by`` (the replacing document, or
    None), ``replaces`` (the documents it replaces, oldest first) and
    ``in_force``. A number no document has, its own number, a circle stop
    the build on the first file naming one."""
    by_key = {document.source_path: document for document in documents}
    targets, problems = replacements([(document.source_path, document.number, document.date,
                                       _value(document, "replaced_by")) for document in documents])
    for path in sorted(problems):
        fail(f"{_where(by_key[path], 'Replaced_by')}: {problems[path]}")
    replaced: dict[str, list] = {}
    for path, target in targets.items():
        if by_key[path].status != "draft":  # a draft it replaces is not named: its page is not published
            replaced.setdefault(target, []).append(by_key[path])
    for document in documents:
        replacing = by_key[targets[document.source_path]] if document.source_path in targets else None
        # A replacing document still a draft (typed before it is signed, or
        # dated in the coming days and held until then) has replaced nothing
        # yet: the old one said «không còn hiệu lực» while it was in force,
        # naming a decision no reader could find.
        document.replaced_by = replacing if replacing is not None and replacing.status != "draft" else None
        document.replaces = sorted(replaced.get(document.source_path, []), key=lambda d: d.date)
        document.in_force = not (document.expired or document.replaced_by)
        # What the listings and the search's results say of it (vi_date_short's form).
        since = f"hết hiệu lực từ {document.expired_on:%d/%m/%Y}" if document.expired_on else ""
        if document.in_force:
            document.status_label = ""
        elif document.replaced_by:
            document.status_label = ", ".join(filter(None, ["Đã bị thay thế", since]))
        else:
            document.status_label = since.capitalize() or "Hết hiệu lực"


# --- The generator ---------------------------------------------------------------
class DocumentGenerator(Generator):
    """Reads ``content/van-ban/*.md`` into ``documents`` (published, newest
    first), ``hidden_documents`` and ``draft_documents``; writes their pages,
    the listings and the feed."""

    def generate_context(self):
        kinds, config = self.settings["DOCUMENT_KINDS"], self.settings["DOCUMENTS"]
        read = []
        for path in sorted(self.get_files(DOCUMENTS_PATH)):
            document = self.readers.read_file(
                base_path=self.path, path=path, content_class=Document, context=self.context)
            if isinstance(document, SkipStub):  # Status: skip
                # Not copied as a static file either (van-ban/ holds the
                # attachments): its Markdown source was published.
                self._add_failed_source_path(path)
                continue
            check_document(document, kinds, config, self.path)
            self.add_source_path(document)
            self.add_static_links(document)
            read.append(document)
        check_numbers(read)
        link_replacements(read)
        # Newest first; on one day, the higher number first (9 before 10 and
        # «Số 7» apart were text order).
        read.sort(key=lambda d: (d.date, number_order(d.number)), reverse=True)
        self.documents = [d for d in read if is_public(d)]
        self.hidden_documents = [d for d in read if d.status == "hidden"]
        self.draft_documents = [d for d in read if d.status == "draft"]
        for document in read:
            document.kind_url = URLS["kind"].format(slug=slugify(document.kind))
            document.group_url = URLS["group"].format(slug=slugify(document.group)) if document.group else ""
            document.year_url = URLS["year"].format(slug=document.date.year)
            # Another body's document (the province's, a ministry's): the
            # lists name its issuer, where only a number's suffix hinted at it.
            document.other_issuer = document.issuer != default_issuer(self.settings, document.date)
        self.context["documents"] = self.documents
        self.context["documents_feed"] = config["feed"] if self.documents else ""
        offer_section(self.context, SECTION, URLS["all"] if self.documents else "")
        # Each group is a section too (OLD_URLS, MENU: "section:Văn bản khác"):
        # its listing, once it has a published document.
        present = {d.group for d in self.documents}
        for group in config["groups"]:
            offer_section(self.context, group,
                          URLS["group"].format(slug=slugify(group)) if group in present else "")
        search.expect_pages(self.settings, self.settings["DOCUMENT_SAVE_AS"], self.documents)

    def filters(self) -> dict:
        """The links of the library's filters: every kind, year and group that
        has a published document, with its count."""
        def counted(values, pattern, order):
            present = [v for v in order if v in values]
            return [{"name": str(v), "url": pattern.format(slug=v if isinstance(v, int) else slugify(v)),
                     "count": values.count(v)} for v in present]

        kinds = [d.kind for d in self.documents]
        years = [d.date.year for d in self.documents]
        groups = [d.group for d in self.documents if d.group]
        return {
            "kinds": counted(kinds, URLS["kind"], self.settings["DOCUMENT_KINDS"]),
            "years": counted(years, URLS["year"], sorted(set(years), reverse=True)),
            "groups": counted(groups, URLS["group"], self.settings["DOCUMENTS"]["groups"]),
        }

    def generate_output(self, writer):
        relative = self.settings["RELATIVE_URLS"]
        everything = [*self.documents, *self.hidden_documents, *self.draft_documents]
        cited = cited_by(self.documents, everything, site_domains(self.settings))
        for document in everything:
            document.cited_by = cited[id(document)]
            # ``page``: what seo.html and pelican-sitemap read (a hidden or
            # draft document is left out of the sitemap by its status).
            writer.write_file(document.save_as, self.get_template(document.template), self.context,
                              relative_urls=relative, document=document, page=document,
                              url=document.url)
        if not self.documents:
            return
        filters = self.filters()
        listing = self.get_template("documents")

        def write(url: str, documents: list, heading: str, current: str):
            # The documents travel as ``articles`` for Pelican's paginator
            # (articles_page, the page number in <title>); the sidebar's
            # ``articles`` stay the news.
            writer.write_file(url + "index.html", listing, self.context, relative_urls=relative,
                              paginated={"articles": documents}, template_name="documents",
                              url=url, documents_heading=heading, documents_current=current,
                              documents_filters=filters)

        write(URLS["all"], self.documents, "Văn bản", URLS["all"])
        for group in ("kinds", "years", "groups"):
            for item in filters[group]:
                chosen = [d for d in self.documents if item["url"] in
                          (d.kind_url, d.year_url, d.group_url)]
                heading = f"Văn bản năm {item['name']}" if group == "years" else item["name"]
                write(item["url"], chosen, heading, item["url"])
        feed = self.settings["DOCUMENTS"]["feed"]
        if feed:
            writer.write_feed([FeedEntry(d) for d in self.documents], self.context, feed,
                              feed, feed_title="Văn bản")


def cited_by(citing, documents, domains) -> dict[int, list]:
    """For each of ``documents`` (by ``id``), the ones of ``citing`` (the
    published documents, newest first) whose text links to its page: a
    plan amended or replaced by a later one (46/KH-LHH «sửa đổi Kế hoạch số
    45/KH-LHH», with its link) said nothing of it on its own page, where a
    reader from a search engine downloaded the outdated plan."""
    by_path = {document.url: document for document in documents}
    cited = {id(document): [] for document in documents}
    for citer in citing:
        for _, path, _ in own_site_links(citer.content, domains):
            target = by_path.get(path.removesuffix("index.html"))
            if target is not None and target is not citer and citer not in cited[id(target)]:
                cited[id(target)].append(citer)
    return cited


# --- Signal receivers --------------------------------------------------------------
def check_settings(pelican):
    try:
        kinds, config = load_config(pelican.settings)
    except DocumentsError as error:
        fail(str(error))
    pelican.settings["DOCUMENT_KINDS"], pelican.settings["DOCUMENTS"] = kinds, config
    pelican.settings["PAGINATED_TEMPLATES"] = {
        **pelican.settings.get("PAGINATED_TEMPLATES", {}), "documents": config["per_page"]}


def add_generator(pelican):
    return DocumentGenerator


def write_documents_first(generators):
    """Move the documents' generator before the articles': its pages are then
    written before Pagefind starts (after the last article page)."""
    for index, generator in enumerate(generators):
        if isinstance(generator, DocumentGenerator):
            generators.insert(0, generators.pop(index))
            return


def link_feed(context, feed) -> None:
    """feed_generated: the documents' feed leads to the library, not the
    home page (its alternate link)."""
    path = context.get("DOCUMENTS", {}).get("feed")
    if path and feed.feed.get("feed_url", "").endswith("/" + path):
        feed.feed["link"] = f"{context['SITEURL']}/{URLS['all']}"


def register():
    signals.initialized.connect(check_settings)
    signals.feed_generated.connect(link_feed)
    signals.get_generators.connect(add_generator)
    signals.all_generators_finalized.connect(write_documents_first)
