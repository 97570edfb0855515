"""Old links kept alive: the union's current site's addresses lead to the
new pages once the new site takes over its domain.

Other sites link to the old addresses (``/Tin-Tuc/left22/3327_…``,
``/lien-hiep-hoi/…-6817.html``, ``/lien-hiep-hoi-3091.html``…). An article,
page or any other content item names its own old addresses in an
``Old_url:`` header (comma-separated, with or without the domain); the old
addresses of whole sections (listings, their ``page-N.htm``, the
``/Gioi-Thieu/…`` pages) are mapped in the setting ``OLD_URLS``
(``{"/old/path": "index" | "page:SLUG" | "category:NAME" | "section:NAME" |
"site/path/"}``; ``section:`` names a section a plugin offers, as in
``MENU``: ``van-ban``, ``album-anh``, a documents group by its name).

An item's earlier addresses on this site are its earlier slugs, in an
``Old_slug:`` header (the desk writes it when a published item's Slug is
changed, or a published document's date moves to another year): each is the
item's URL pattern with that slug, and with that year where an entry names
one (``2024/45-kh-lhh``; ``earlier_paths``), and yields, without an error, to any page of the new
site, reserved path or ``Old_url``/``OLD_URLS`` claim.

For every old path, once the site is written (``finalized``, before the
``headers`` plugin lists the folders that hold pages), the plugin writes:

- a small page at that path, in every spelling a static host must answer
  (``plugins.core.rules.old_path_files``: as written and in lower case,
  ``.html`` and ``.htm``, a folder's ``index.html`` for a path without
  either), from the theme's ``redirect.html``: ``<meta http-equiv=refresh>``
  to the new URL, ``rel=canonical`` (no ``noindex``: it stopped Google from
  moving the old address's standing to the new one; a temporary one, home,
  keeps it), the new page's Open Graph and Twitter tags (``shared_tags``:
  a shared old link shows the new page) and a visible link. It is
  written outside Pelican's writer, so no ``content_written`` receiver sees
  it: no visit counter, no sitemap entry, no search index;
- ``_redirects`` (Netlify, Cloudflare Pages): one ``301`` line per request
  path those pages answer, percent-encoded as browsers send them.

The checks (shared with the content checker through ``plugins.core.rules``,
same ``file:line`` messages): a malformed old path, one claimed twice, one
on the address of a page of the new site or on a path the site generates
itself (``plugins.core.rules.reserved_paths``: from the settings, plus
``RESERVED_PATHS``). Then,
when writing, a redirect page that would replace any file this build wrote
stops the build (Windows and macOS disks ignore case, so compared so).

A ``category:`` target whose category has no article yet, or a
``section:`` target whose section has no content yet, sends the reader to
the home page (logged), and as a ``302`` in ``_redirects`` (a 301 would
stay in browsers' caches once the category has articles).

Settings, checked when Pelican starts: ``OLD_URLS`` (above),
``RESERVED_PATHS`` (a list of site paths; ``"x/"`` is a folder) and
``REDIRECTS`` merged over ``DEFAULTS``.
"""

from __future__ import annotations

import html
import logging
import os
import re
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup
from pelican import signals

from plugins.bulletin import where_named
from plugins.core.errors import display_path, fail
from plugins.core.rules import (
    OLD_SLUG_HEADER,
    OLD_URL_HEADER,
    ContentError,
    SiteAddress,
    content_items,
    date_written,
    file_header_line,
    freed_listing,
    listing_slug,
    nfc,
    old_addresses,
    old_path_files,
    old_path_requests,
    old_url_claims,
    old_url_problems,
    old_url_target_problem,
    old_urls_setting,
    own_old_slug,
    own_site_links,
    pages_by_slug,
    path_key,
    renamed_listing_in_use,
    reserved_entry,
    reserved_paths,
    site_domains,
    site_hrefs,
    site_link_problem,
)
from plugins.core.settings import merge

logger = logging.getLogger(__name__)

DEFAULTS = {
    # Domains of the old site: an Old_url may name them; any other is refused.
    "old_domains": [],
    # The file for Netlify and Cloudflare Pages; "" for none.
    "file": "_redirects",
    # Netlify serves a file that exists before applying a rule unless the
    # status ends in "!"; Cloudflare Pages applies rules first and refuses "!".
    "force": False,
    # The theme's template of a redirect page.
    "template": "redirect.html",
}
# Cloudflare Pages reads at most this many static rules (its documentation).
CLOUDFLARE_RULES = 2000


class RedirectsError(ValueError):
    pass


def load_config(value) -> dict:
    config = merge("REDIRECTS", value, DEFAULTS, RedirectsError)
    domains = config["old_domains"]
    if not all(isinstance(d, str) and d and "/" not in d and " " not in d for d in domains):
        raise RedirectsError("REDIRECTS['old_domains'] phải là danh sách tên miền, ví dụ "
                             '["vustathaibinh.org.vn"]')
    if "/" in config["file"]:
        raise RedirectsError("REDIRECTS['file'] phải là một tên tệp ở gốc thư mục output")
    return config


def load_reserved(value) -> list[str]:
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) and v.strip("/") for v in value):
        raise RedirectsError('RESERVED_PATHS phải là danh sách đường dẫn, ví dụ ["the/", "404.html"]')
    return list(value)


# --- State of one build -------------------------------------------------------------
_settings_claims: list = []   # (OldUrl, target) from OLD_URLS
_redirects: list = []          # (old path, new URL, title, status)
_written: set[str] = set()     # output files of this build, relative, case-folded
_env: list = []                # the theme's Jinja environment (a generator's)
_yielding: set[str] = set()    # old paths from Old_slug: given up, not refused, if a page is there
_feeds: list = []              # (old feed, new feed): a renamed category's, OLD_URLS sending it on


def check_settings(pelican):
    settings = pelican.settings
    try:
        settings["REDIRECTS"] = load_config(settings.get("REDIRECTS", {}))
        settings["RESERVED_PATHS"] = load_reserved(settings.get("RESERVED_PATHS", []))
        claims = old_urls_setting(settings.get("OLD_URLS", {}), settings["REDIRECTS"]["old_domains"])
    except (RedirectsError, ContentError) as error:
        fail(str(error))
    _settings_claims[:] = claims
    _redirects.clear()
    _written.clear()


def _title(item) -> str:
    return str(Markup(item.title).striptags())


def collect(generators):
    """all_generators_finalized: every claim checked, every target resolved."""
    context = generators[0].context
    settings = generators[0].settings
    domains = settings["REDIRECTS"]["old_domains"]
    items = content_items(generators)
    new_pages = {path_key(item.url): item.url for item in items if getattr(item, "save_as", "")}
    claims, owners = [], {}
    for item in items:
        value = item.metadata.get(OLD_URL_HEADER.lower())
        if value is None:
            continue
        source = display_path(item.source_path)
        line = file_header_line(item.source_path, OLD_URL_HEADER)
        found, errors = old_url_claims(source, line, value, domains)
        if errors:
            fail(f"{source}:{line}: {errors[0]}")
        for claim in found:
            claims.append(claim)
            owners[claim] = item
    settings_claims = [claim for claim, _ in _settings_claims]
    reserved = reserved_paths(settings)
    taken = {path_key(term.url) for name in ("categories", "tags", "authors")
             for term, _ in context.get(name) or ()}
    # A renamed tag or author an editor wrote again: said at the article.
    for claim, target in _settings_claims:
        for item in items if claim.key in taken and reserved_entry(claim.key, reserved) else ():
            for what, header, terms in (("thẻ", "Tags", getattr(item, "tags", None) or ()),
                                        ("tác giả", "Author", getattr(item, "authors", None) or ())):
                term = next((t for t in terms if path_key(t.url) == claim.key), None)
                if term is not None:
                    header = header if header == "Tags" or item.metadata.get("author") else "Authors"
                    now = next((t.name for t, _ in context.get("tags" if header == "Tags" else "authors") or ()
                                if path_key(t.url) == path_key(target)), "")
                    fail(f"{display_path(item.source_path)}:{file_header_line(item.source_path, header)}: "
                         + renamed_listing_in_use(what, term.name, claim, target, now))
    problems = old_url_problems(settings_claims + claims, new_pages, reserved,
                                lambda key: freed_listing(key, settings, taken))
    if problems:
        claim, message = problems[0]
        fail(f"{claim.where}: {message}")

    redirects = {}
    for claim in claims:
        item = owners[claim]
        if item.status != "draft":
            redirects.setdefault(claim.key, (claim.path, item.url, _title(item), 301))
    _feeds.clear()
    feed = settings.get("CATEGORY_FEED_ATOM")
    for claim, target in _settings_claims:
        redirects[claim.key] = (claim.path, *resolve(target, claim.path, context, settings))
        # A renamed category's old listing sent to a category: its old feed
        # is that category's (feed readers follow no redirect page).
        old_slug = listing_slug(claim.key, settings, "CATEGORY_URL") if feed else ""
        category = next((c for c, _ in context.get("categories", []) if target == f"category:{c.name}"), None)
        if old_slug and category and old_slug != category.slug:
            _feeds.append((feed.format(slug=old_slug), feed.format(slug=category.slug)))
    _written.clear()
    for static in context.get("staticfiles", []):
        _written.add(static.save_as.casefold())
    # An item's earlier addresses (Old_slug) yield to everything above and
    # to every page and file of the new site; inside a reserved section,
    # only the item's own (a document's, in van-ban/) is theirs.
    _yielding.clear()
    for item in items:
        paths = earlier_paths(item)
        if paths and item.status != "draft":
            value = item.metadata.get(OLD_SLUG_HEADER.lower())
            dated = "{date" in (item.settings.get(f"{type(item).__name__.upper()}_URL") or "")
            warning = own_old_slug(value, item.slug, item.date.year if dated else None)
            if warning:
                logger.warning("%s:%s: %s", display_path(item.source_path),
                               file_header_line(item.source_path, OLD_SLUG_HEADER), warning)
        own = reserved_entry(path_key(item.url), reserved) if paths else None
        for path in paths:
            key = path_key(path)
            entry = reserved_entry(key, reserved)
            if (key in new_pages or key in redirects or (entry and entry != own)
                    or any(name.casefold() in _written for name, _ in old_path_files(path))):
                logger.debug("redirects: %s: địa chỉ cũ %s đã thuộc trang khác, bỏ qua",
                             display_path(item.source_path), path)
                continue
            redirects[key] = (path, item.url, _title(item), 301)
            _yielding.add(path)
    _redirects[:] = sorted(redirects.values())
    context["old_url_targets"] = {key: url for key, (_, url, _, _) in redirects.items()}
    _env[:] = [generators[0].env]


def site_addresses(items) -> dict:
    """{path_key: SiteAddress} of the articles and pages (documents live in
    their library's section, Hỏi & đáp items on its page): a draft's the
    address it gets once published."""
    addresses = {}
    for item in items:
        kind = type(item).__name__
        if kind not in ("Article", "Page"):
            continue
        held = None
        if getattr(item, "held_until", None):
            held = date_written(item)
        elif item.status == "draft":
            held = ""
        try:
            url = item.url if held != "" else (item.metadata.get("url")
                                               or item.settings[f"{kind.upper()}_URL"].format(**item.url_format))
        except (KeyError, IndexError, ValueError):
            continue
        addresses.setdefault(path_key(url), SiteAddress(url, item.get_relative_source_path().replace(os.sep, "/"),
                                                        held))
    return addresses


def check_site_links(generators):
    """all_generators_finalized, after ``collect``: a link an item writes to
    one of the site's own addresses (a site path, the union's domains, the
    preview's) that readers cannot follow stops the build, as the checker
    says (``rules.site_link_problem``); one to an item held until a future
    date is a warning. A site path is then written from ``SITEURL``, as
    Pelican writes its own links: at an address with a path (a fork's
    GitHub Pages site, ``https://owner.github.io/ban-tin``) «/bai-viet/x/»
    led to the host's root, a 404."""
    settings = generators[0].settings
    domains = site_domains(settings)
    items = content_items(generators)
    found = [(item, own_site_links(item._content, domains)) for item in items if item._content]
    found = [(item, links) for item, links in found if links]
    if not found:
        return
    siteurl = settings.get("SITEURL") or ""
    for item, _ in found:
        if siteurl:
            item._content = site_hrefs(item._content, siteurl, domains)
    # A draft may link anywhere; an item held until a date is checked now,
    # or its date's hourly build would stop on it.
    found = [(item, links) for item, links in found
             if item.status != "draft" or getattr(item, "held_until", None)]
    pages = site_addresses(items)
    old_keys = {path_key(old) for old, *_ in _redirects}
    reserved = reserved_paths(settings)
    content = os.path.abspath(settings["PATH"])
    is_file = lambda path: os.path.isfile(os.path.join(content, path))  # noqa: E731
    for item, links in found:
        source = item.get_relative_source_path().replace(os.sep, "/")
        for written, path, preview in links:
            problem = site_link_problem(written, path, preview, pages, old_keys, reserved, is_file, source)
            if problem and problem[0]:
                logger.warning("%s: %s", where_named(item, written), problem[1])
            elif problem:
                fail(f"{where_named(item, written)}: {problem[1]}")


def earlier_paths(item) -> list[str]:
    """The site paths (``/bai-viet/ten-cu/``) a published item had under the
    entries of its ``Old_slug`` header: its own URL pattern with each slug,
    and with the year an entry names (``2024/45-kh-lhh``: a document dated
    in 2024 then) where the pattern holds the date. Nothing for a draft, an
    item without a page, or one whose address a ``Url:`` header fixes."""
    value = item.metadata.get(OLD_SLUG_HEADER.lower())
    if value is None:
        return []
    entries, errors = old_addresses(value)
    if errors:
        source = display_path(item.source_path)
        fail(f"{source}:{file_header_line(item.source_path, OLD_SLUG_HEADER)}: {errors[0]}")
    pattern = item.settings.get(f"{type(item).__name__.upper()}_URL")
    if (item.status == "draft" or not getattr(item, "save_as", "") or not pattern
            or "url" in item.metadata):
        return []
    paths = []
    for year, slug in entries:
        values = {**item.url_format, "slug": slug}
        if year is not None and isinstance(values.get("date"), datetime):
            values["date"] = in_year(values["date"], year)
        paths.append("/" + pattern.format(**values).lstrip("/"))
    return list(dict.fromkeys(paths))


def in_year(date: datetime, year: int) -> datetime:
    """`date` in another year (29 February: the 28th, in a year without it)."""
    try:
        return date.replace(year=year)
    except ValueError:
        return date.replace(year=year, day=28)


def resolve(target: str, old: str, context, settings) -> tuple[str, str, int]:
    """(new URL, its title, HTTP status) of an OLD_URLS target."""
    if target == "index":
        return "", settings["SITENAME"], 301
    kind, _, name = target.partition(":")
    if kind == "page" and name:
        page = pages_by_slug([*context.get("pages", []), *context.get("hidden_pages", [])]).get(name)
        if page is None:
            fail(f"OLD_URLS: «{old}»: không có trang nào có Slug «{name}»")
        return page.url, _title(page), 301
    if kind == "category" and name:
        for category, _ in context.get("categories", []):
            if category.name == name:
                return category.url, category.name, 301
        problem = old_url_target_problem(old, target, [nfc(c) for c in settings.get("CATEGORIES", [])])
        if problem:
            fail(problem)
        logger.info("OLD_URLS: chuyên mục «%s» chưa có bài nào: «%s» tạm chuyển về trang chủ",
                    name, old)
        return "", settings["SITENAME"], 302
    if kind == "section" and name:
        sections = context.get("menu_sections", {})
        if name not in sections:
            fail(f"OLD_URLS: «{old}»: không có phần nào tên «{name}» — các phần: "
                 + (", ".join(f"«{n}»" for n in sorted(sections)) or "không có (plugin chưa bật)"))
        if sections[name]:
            label = next((label for label, menu in settings.get("MENU", []) if menu == target), name)
            return sections[name], label, 301
        logger.info("OLD_URLS: phần «%s» chưa có nội dung: «%s» tạm chuyển về trang chủ", name, old)
        return "", settings["SITENAME"], 302
    return target.lstrip("/"), target.strip("/"), 301


def track(path, context=None, **kwargs):
    """content_written / feed_written: what this build wrote."""
    relative = os.path.relpath(path, context["OUTPUT_PATH"])
    _written.add(relative.replace(os.sep, "/").casefold())


_PATTERN_MARK = re.compile(r"\*|/:")


def target_file(url: str) -> str:
    """The output file of a site-relative URL ("" is the home page); a
    ``#part`` is a place in that page (a Hỏi & đáp question's
    ``hoi-dap/#anchor``: its old address stopped the build, blaming
    OLD_URLS)."""
    url = url.partition("#")[0]
    return url + "index.html" if url == "" or url.endswith("/") else url


# What the target page tells social apps (theme/templates/seo.html writes
# each on its own line, in this form).
_SHARED = re.compile(r'<meta (property|name)="((?:og|twitter):[a-z_:]+)" content="([^"]*)">')


_TITLES = {"og:title", "og:image:alt", "twitter:title", "twitter:image:alt"}


def shared_tags(page: Path, url: str | None, title: str) -> list[tuple[str, str, str]]:
    """The target page's Open Graph and Twitter tags, for the redirect page
    at an old address: a link to it pasted into Facebook or Zalo is shown
    as the new page (its title, summary and photo). A crawler does not run
    the refresh as a browser does: Facebook was seen to build the card from
    the refreshing page's own tags (none: a bare link), and its
    documentation makes ``og:url`` the card's canonical address, whose tags
    it reads; Zalo documents neither, and reads a page's og: tags. So the
    page carries the target's tags itself, ``og:url`` the new URL (`url`),
    left out with a temporary move, as the canonical link is. A place in
    a page (a Hỏi & đáp question, ``hoi-dap/#…``) is titled as itself
    (`title`), not «Hỏi & đáp»."""
    tags = [(attr, name, html.unescape(value))
            for attr, name, value in _SHARED.findall(page.read_text(encoding="utf-8"))]
    place = url is not None and "#" in url
    return [(attr, name, url if name == "og:url" else title if place and name in _TITLES else value)
            for attr, name, value in tags if name != "og:url" or url]


def write(pelican):
    """finalized: the redirect pages, then _redirects."""
    settings = pelican.settings
    config = settings["REDIRECTS"]
    output = Path(pelican.output_path)
    siteurl = settings["SITEURL"]
    root = urlsplit(siteurl).path.rstrip("/")
    code = "{}!" if config["force"] else "{}"
    # Everything checked before the first page is written.
    redirects = []
    for old, url, title, status in _redirects:
        if target_file(url).casefold() not in _written:
            fail(f"OLD_URLS: đích «{url}» của «{old}» không phải là một trang mà bản tin viết ra — "
                 "sửa đích thành địa chỉ của một trang có thật, ví dụ «chuyen-muc/tin-hoat-dong-lhh/»")
        taken = next((name for name, _ in old_path_files(old) if name.casefold() in _written), None)
        if taken and old in _yielding:
            continue  # an earlier slug where a listing is now
        if taken:
            fail(f"đường dẫn cũ «{old}» sẽ ghi đè «{taken}», một tệp bản tin vừa viết ra — "
                 "xoá đường dẫn này khỏi dòng «Old_url:», hoặc nhờ người phụ trách kỹ thuật xoá nó khỏi danh sách "
                 "địa chỉ cũ trong pelicanconf.py")
        redirects.append((old, url, title, status))
    lines = []
    replaced = {claim.path for claim, _ in _settings_claims}  # OLD_URLS': a page that replaces the old one
    shared = {}
    for old, url, title, status in redirects:
        if (url, status) not in shared:
            shared[url, status] = shared_tags(output / target_file(url),
                                              None if status == 302 else f"{siteurl}/{url}", title)
        page = _env[0].get_template(config["template"]).render(
            SITENAME=settings["SITENAME"], SITEURL=siteurl, target=f"{siteurl}/{url}", title=title,
            temporary=status == 302, replaced=old in replaced, shared=shared[url, status]) + "\n"
        for name, _ in old_path_files(old):
            file = output / name
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(page, encoding="utf-8")
        # A «*» or a part starting with «:» is a wildcard or a placeholder to
        # Netlify and Cloudflare («/Tin-Tuc/left22/:id» caught every page
        # there): such a path is left to its redirect page.
        lines += [f"{request} {root}/{url} {code.format(status)}" for request in old_path_requests(old)
                  if not _PATTERN_MARK.search(request)]
    for old, new in _feeds:
        if old.casefold() not in _written and (output / new).is_file():
            (output / old).write_bytes((output / new).read_bytes())
    if not config["file"]:
        return
    if len(lines) > CLOUDFLARE_RULES:
        logger.warning("REDIRECTS: %d dòng chuyển hướng; Cloudflare Pages chỉ đọc %d dòng đầu "
                       "(các trang chuyển hướng vẫn hoạt động)", len(lines), CLOUDFLARE_RULES)
    header = "# Đường dẫn cũ → địa chỉ mới, viết khi xây dựng trang (plugins/redirects): đừng sửa tay.\n"
    (output / config["file"]).write_text(header + "".join(f"{line}\n" for line in lines), encoding="utf-8")


def register():
    signals.initialized.connect(check_settings)
    signals.all_generators_finalized.connect(collect)
    signals.all_generators_finalized.connect(check_site_links)
    signals.content_written.connect(track)
    signals.feed_written.connect(track)
    signals.finalized.connect(write)
