"""Album ảnh: photo albums.

An article with ``Album: 2025/hoi-thi`` (a folder under ``content/images/``)
shows every photo of that folder after its body, in file-name order as
Windows Explorer sorts it (``anh-2`` before ``anh-10``), as a grid of
thumbnails (``theme/templates/album.html``), each captioned from the
folder's optional ``chu-thich.txt`` (``ten-tep.jpg: Chú thích``, one a line;
a photo without a line has no caption and a plain alt text, "Ảnh 3/30 –
<title>"). ``album-anh/`` lists the published articles with an album, newest
first, each with its cover (the first photo) and its number of photos; the
menu's ``section:album-anh`` item appears with the first one.

Photos go through the article photos' pipeline: when a page is written,
each album ``<img data-album-photo>`` is handed to pelican-image-process
(through ``plugins.derivative_cache``) as ``IMAGE_PROCESS[ALBUMS["derivative"]]``
(thumbnails, 160 and 240 px WebP) and each thumbnail's link as
``IMAGE_PROCESS[ALBUMS["large"]]`` (the large photo, 1280 px WebP): the
album works without JavaScript, and ``theme/static/js/album.js`` adds a
full-screen viewer. The originals of an album are not copied into the site
(phone photos are megabytes each and carry their EXIF), unless something
links them (``{static}``, ``Image:``).

Problems are found by ``rules.scan_album``, which the content checker calls
too: errors stop the build with the checker's ``file:line`` message,
warnings are logged with it.

Settings: ``ALBUMS = {"per_page": 12, "derivative": "album", "large":
"album-large"}``, merged over ``DEFAULTS`` and checked when Pelican starts.
"""

from __future__ import annotations

import html
import logging
import os
import re
from urllib.parse import quote, unquote

from pelican import signals
from pelican.generators import Generator
from pelican.utils import pelican_open

from plugins.bulletin import offer_section
from plugins.core.errors import fail
from plugins.core.rules import header_line, nfc, scan_album
from plugins.core.settings import merge
from plugins.core.written import file_local, rewrite_html

logger = logging.getLogger(__name__)

DEFAULTS = {"per_page": 12, "derivative": "album", "large": "album-large"}
SECTION = "album-anh"
URL = "album-anh/"
THUMBNAIL_BOX = 240  # the largest thumbnail's box (IMAGE_PROCESS["album"]): width/height attributes
PHOTO_TAG = re.compile(r"<img data-album-photo\b[^>]*>")
LINK_TAG = re.compile(r'<a class="album-link" href="([^"]*)"')
ATTRIBUTE = re.compile(r'\b(src|srcset)="([^"]*)"')


class AlbumsError(ValueError):
    pass


def load_config(settings) -> dict:
    config = merge("ALBUMS", settings.get("ALBUMS", {}), DEFAULTS, AlbumsError)
    if config["per_page"] < 1:
        raise AlbumsError("ALBUMS['per_page'] phải là số nguyên dương")
    for key in ("derivative", "large"):
        if config[key] not in settings.get("IMAGE_PROCESS", {}):
            raise AlbumsError(f"ALBUMS[{key!r}] = «{config[key]}» không có trong IMAGE_PROCESS")
    return config


def thumbnail_size(width: int, height: int, box: int = THUMBNAIL_BOX) -> tuple[int, int]:
    """The size of a photo scaled into the thumbnail box (never enlarged)."""
    scale = min(1.0, box / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def read_album(article, content_root: str) -> dict:
    """The album of one article (its ``Album:`` header): {"folder",
    "photos": [{"name", "path", "width", "height", "caption"}], "count"};
    the first error stops the build, warnings are logged."""
    with pelican_open(article.source_path) as text:
        line = header_line(nfc(text), "Album")
    scan = scan_album(str(article.metadata["album"]), article.source_path, line, content_root)
    findings = sorted(scan.findings, key=lambda f: (f.warning, f.path, f.line))
    for finding in findings:
        if not finding.warning:
            fail(finding.format())
        logger.warning("%s", finding.format())
    for photo in scan.photos:
        photo["thumb_width"], photo["thumb_height"] = thumbnail_size(photo["width"], photo["height"])
    return {"folder": scan.folder, "photos": scan.photos, "count": len(scan.photos)}


def all_articles(context) -> list:
    return [*context.get("articles", []), *context.get("hidden_articles", []),
            *context.get("drafts", [])]


# --- Pure functions for the written pages -------------------------------------------
def clean_url(url: str) -> str:
    """A URL with its path percent-encoded once (spaces and Vietnamese
    letters in photo names), whatever the library left."""
    return quote(unquote(html.unescape(url)), safe=":/")


def clean_srcset(srcset: str) -> str:
    entries = []
    for entry in srcset.split(", "):
        url, _, descriptor = entry.strip().rpartition(" ")
        entries.append(f"{clean_url(url)} {descriptor}")
    return ", ".join(entries)


def processed_photo(tag: str, derivative: str, harvest) -> str:
    """One ``<img data-album-photo>`` through the pipeline (``harvest``:
    pelican-image-process's ``harvest_images_in_fragment`` bound to the
    page's context), its URLs encoded once. Idempotent."""
    if "srcset=" not in tag:
        tag = harvest(tag.replace("<img ", f'<img class="image-process-{derivative}" ', 1))
        tag = re.sub(r"\s*/?>\s*$", ">", tag.strip())
    def clean(match: re.Match) -> str:
        name, value = match.groups()
        value = clean_url(value) if name == "src" else clean_srcset(value)
        return f'{name}="{html.escape(value)}"'

    return ATTRIBUTE.sub(clean, tag)


def processed_link(match: re.Match, large: str, harvest) -> str:
    """A thumbnail's link to the large photo, made by the pipeline from the
    original's address. Idempotent."""
    href = html.unescape(match.group(1))
    if f"/{large}/" not in href:
        out = harvest(f'<img class="image-process-{large}" src="{html.escape(href)}">')
        href = html.unescape(re.search(r'\bsrc="([^"]*)"', out).group(1))
    return f'<a class="album-link" href="{html.escape(clean_url(href))}"'


# --- The generator -------------------------------------------------------------------
class AlbumGenerator(Generator):
    """Reads the album of every article that has one (``article.album``),
    offers the menu section and writes ``album-anh/``."""

    def generate_context(self):
        self.albums = []
        for article in all_articles(self.context):
            if str(article.metadata.get("album", "")).strip():
                article.album = read_album(article, self.path)
                if article.status == "published":
                    self.albums.append(article)
            else:
                article.album = None
        self.context["albums"] = self.albums
        offer_section(self.context, SECTION, URL if self.albums else "")

    def generate_output(self, writer):
        if not self.albums:
            return
        # The album articles travel as ``articles`` for Pelican's paginator
        # (articles_page, the page number in <title>); the sidebar's
        # ``articles`` stay every article.
        writer.write_file(URL + "index.html", self.get_template("albums"), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"],
                          paginated={"articles": self.albums}, template_name="albums", url=URL)


# --- Signal receivers ------------------------------------------------------------------
def check_settings(pelican):
    try:
        config = load_config(pelican.settings)
    except AlbumsError as error:
        fail(str(error))
    pelican.settings["ALBUMS"] = config
    pelican.settings["PAGINATED_TEMPLATES"] = {
        **pelican.settings.get("PAGINATED_TEMPLATES", {}), "albums": config["per_page"]}


def add_generator(pelican):
    return AlbumGenerator


def skip_originals(generator):
    """static_generator_finalized: an album's originals (and its caption
    file) are not copied into the site, unless a page links them."""
    context = generator.context
    folders = {article.album["folder"] + "/" for article in all_articles(context)
               if getattr(article, "album", None)}
    if not folders:
        return
    keep = set(context.get("static_links", ()))
    keep |= {article.share_image["url"] for article in all_articles(context)
             if getattr(article, "share_image", None)}
    generator.staticfiles[:] = [
        static for static in generator.staticfiles
        if static.get_relative_source_path() in keep
        or not any(static.get_relative_source_path().replace(os.sep, "/").startswith(folder)
                   for folder in folders)
    ]


@file_local
def process_album_photos(path, context):
    """content_written: the album's thumbnails and links of a page, through
    pelican-image-process (the derivative cache answers repeated builds)."""
    from pelican.plugins.image_process import image_process

    config = context["ALBUMS"]

    def harvest(fragment: str) -> str:
        return image_process.harvest_images_in_fragment(fragment, context)

    def transform(text: str) -> str:
        if "data-album-photo" not in text:
            return text
        text = PHOTO_TAG.sub(lambda m: processed_photo(m.group(0), config["derivative"], harvest), text)
        return LINK_TAG.sub(lambda m: processed_link(m, config["large"], harvest), text)

    rewrite_html(path, transform)


def register():
    signals.initialized.connect(check_settings)
    signals.get_generators.connect(add_generator)
    signals.static_generator_finalized.connect(skip_originals)
    signals.content_written.connect(process_album_photos)
