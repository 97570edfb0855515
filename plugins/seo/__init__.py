"""What every page tells search engines and social apps.

The tags themselves are in ``theme/templates/seo.html`` (canonical link,
robots, Open Graph, Twitter card, JSON-LD, icons, manifest); this plugin
gives the templates what they cannot compute:

- ``robots_directive(url)`` (a Jinja filter): ``"noindex,follow"`` for the
  site-relative URLs matching one of ``SEO["noindex"]`` (tag, author,
  archive and pagination pages: lists that repeat the articles) and for
  the page of every item that is not public (``rules.is_public``: a draft,
  a hidden or future-dated item, of any kind: the items are found in every
  generator, so a new kind is covered without a change here), else "".
  ``SITEMAP["exclude"]`` uses the same patterns and gets those pages added
  at each build, so a page is either indexed and in the sitemap, or neither.
- ``indexable`` (a filter on ``output_file``): True when that page may be
  indexed; templates put ``data-pagefind-body`` (site search) only there.
- ``iso_local`` (a filter): a date in ISO 8601 with the offset of
  ``TIMEZONE`` (``2020-11-11T00:00:00+07:00``); naive dates are local time.
- ``site_logo`` (a global): ``{"url", "width", "height", "type"}`` of
  ``SEO["logo"]``, the union's square icon, publisher logo and the image
  shared for pages that have none.

- ``sitemap.xml`` (pelican-sitemap's) keeps a ``<lastmod>`` only where a
  date is known, an item's (``+07:00``): pelican-sitemap gave the home
  page, every listing and every page without ``Date:`` the build's time,
  so an hourly build of unchanged content told search engines that 15
  pages changed every hour (Google stops trusting a site's lastmod then).
  ``undated_lastmod_dropped`` does it at ``finalized``, after the sitemap
  plugin (earlier in ``PLUGINS``) has written the file.

Settings: ``SEO``, merged over ``DEFAULTS`` and checked when Pelican starts.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican import signals

from plugins.core.errors import fail
from plugins.core.rules import content_items, is_public
from plugins.core.settings import merge
from plugins.images import ImageError, image_size

DEFAULTS = {
    # Site-relative URLs (regular expressions, re.search) of pages that
    # search engines should not index but may follow.
    "noindex": [],
    # The union's square icon (a site path): publisher logo, fallback image.
    "logo": "theme/icons/icon-512.png",
}


class SeoError(ValueError):
    pass


def load_config(value) -> dict:
    config = merge("SEO", value, DEFAULTS, SeoError)
    for pattern in config["noindex"]:
        try:
            re.compile(pattern)
        except (re.error, TypeError) as error:
            raise SeoError(f"SEO['noindex']: biểu thức «{pattern}» sai: {error}") from error
    return config


# --- Pure functions -----------------------------------------------------------
def page_url(output_file: str) -> str:
    """The site-relative URL of a written file: "bai-viet/x/index.html" → "bai-viet/x/"."""
    return output_file[: -len("index.html")] if output_file.endswith("index.html") else output_file


def robots_directive(url: str, patterns: list[str], unlisted: frozenset | set = frozenset()) -> str:
    """"noindex,follow" when the site-relative URL matches a pattern or is
    the page of an item that is not public, else ""."""
    if url in unlisted or any(re.search(p, url) for p in patterns):
        return "noindex,follow"
    return ""


def iso_local(value: datetime, timezone: str) -> str:
    """ISO 8601 with the UTC offset; a naive date is local time in `timezone`."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(timezone))
    return value.isoformat()


def static_file(site_path: str, settings: dict) -> Path:
    """The source file of a site path: theme static files or content."""
    prefix = settings["THEME_STATIC_DIR"].strip("/") + "/"
    if site_path.startswith(prefix):
        return Path(settings["THEME"]) / "static" / site_path[len(prefix):]
    return Path(settings["PATH"]) / site_path


# --- Signal handlers --------------------------------------------------------------
def check_settings(pelican):
    settings = pelican.settings
    try:
        config = load_config(settings.get("SEO", {}))
        width, height, mime = image_size(static_file(config["logo"], settings), config["logo"])
    except (SeoError, ImageError) as error:
        fail(f"SEO: {error}")
    settings["SEO"] = config
    settings["SEO_LOGO"] = {"url": config["logo"], "width": width, "height": height, "type": mime}
    # Filled at each build (the preview builds many times with one settings).
    settings["SEO_UNLISTED"] = set()
    settings["SEO_SITEMAP_EXCLUDE"] = list((settings.get("SITEMAP") or {}).get("exclude", []))


def add_template_helpers(generator):
    settings = generator.settings
    robots = partial(robots_directive, patterns=settings["SEO"]["noindex"],
                     unlisted=settings["SEO_UNLISTED"])
    generator.env.filters.update(
        robots_directive=robots,
        indexable=lambda output_file: not robots(page_url(output_file)),
        iso_local=partial(iso_local, timezone=settings["TIMEZONE"]),
        page_url=page_url,
    )
    generator.env.globals["site_logo"] = settings["SEO_LOGO"]
    # |tojson (the JSON-LD blocks, the manifest) wrote every Vietnamese letter
    # as \uXXXX: Hỏi & đáp's FAQPage block was 182 KB instead of 122 at 150
    # questions. Still safe in <script>: Jinja escapes <, >, & and ' itself.
    generator.env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}


def collect_unlisted(generators):
    """all_generators_finalized: the pages of items that are not public are
    noindex and left out of the sitemap."""
    settings = generators[0].settings
    unlisted = settings["SEO_UNLISTED"]
    unlisted.clear()
    for item in content_items(generators):
        if not is_public(item) and getattr(item, "save_as", ""):
            unlisted.add(page_url(item.save_as))
    if "SITEMAP" in settings:
        exclude = settings["SEO_SITEMAP_EXCLUDE"] + [f"^{re.escape(url)}$" for url in sorted(unlisted)]
        settings["SITEMAP"] = {**settings["SITEMAP"], "exclude": exclude}


# pelican-sitemap formats a date without an offset (its stand-in, the
# build's time) with «-00:00»: our items' dates all have Vietnam's.
_UNDATED_LASTMOD = re.compile(r"\n<lastmod>[^<]*-00:00</lastmod>")


def undated_lastmod_dropped(xml: str) -> str:
    """The sitemap without the ``<lastmod>`` of entries that have no date."""
    return _UNDATED_LASTMOD.sub("", xml)


def drop_undated_lastmod(pelican):
    """finalized (after pelican-sitemap's): rewrite sitemap.xml."""
    sitemap = Path(pelican.output_path) / "sitemap.xml"
    if sitemap.is_file():
        xml = sitemap.read_text(encoding="utf-8")
        if (dropped := undated_lastmod_dropped(xml)) != xml:
            sitemap.write_text(dropped, encoding="utf-8")


def register():
    signals.initialized.connect(check_settings)
    signals.finalized.connect(drop_undated_lastmod)
    signals.generator_init.connect(add_template_helpers)
    signals.all_generators_finalized.connect(collect_unlisted)
