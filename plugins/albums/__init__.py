"""Album ảnh: photo albums.

An article with ``Album: 2025/hoi-thi`` (a folder under ``content/images/``)
shows every photo of that folder after its body, in file-name order as
Windows Explorer sorts it (``anh-2`` before ``anh-10``), as a grid of
thumbnails (``theme/templates/album.html``), each captioned from the
folder's optional ``chu-thich.txt`` or, without one, from the article's
``Album_captions:`` header, which the desk writes (``ten-tep.jpg: Chú thích``, one a line;
a photo without a line has no caption and a plain alt text, "Ảnh 3 trong số 30 –
<title>"). ``album-anh/`` lists the published articles with an album, newest
first, each with its cover (the first photo) and its number of photos; the
menu's ``section:album-anh`` item appears with the first one.

Photos go through the article photos' pipeline (``plugins/core/photos.py``):
every file published is re-encoded from the decoded pixels, upright (EXIF
orientation applied before resizing), sRGB, without any metadata (no GPS,
maker notes or thumbnail). Each photo gives WebP thumbnails fitting the
boxes of ``ALBUMS["thumbnails"]`` (160 and 240 px: ``srcset``/``sizes``) and
the large photo its thumbnail links to, its longest side ``ALBUMS["large"]``
(1280 px), so the album works without JavaScript; ``theme/static/js/album.js``
adds a full-screen viewer. The files are made when the article's page is
written (a ``file_local`` receiver: on every core with ``parallel_write``),
through ``plugins.derivative_cache``, beside the photo:
``images/2025/hoi-thi/derivatives/album-240/anh-1.jpg.webp``. The originals
(megabytes each, GPS included) and ``chu-thich.txt`` are never published,
unless a page links them with ``{static}`` (then ``plugins.images``
publishes them re-encoded, like any static photo).

Problems are found by ``rules.scan_album``, which the content checker calls
too (every photo through ``photos.inspect``, the article photos' rules):
errors stop the build with the checker's ``file:line`` message, warnings
are logged with it.

Settings: ``ALBUMS``, merged over ``DEFAULTS`` and checked when Pelican starts.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from plugins.bulletin import offer_section
from plugins.core import photos
from plugins.core.errors import display_path, fail
from plugins.core.photos import Recipe
from plugins.core.rules import ALBUMS_URL, file_header_line, is_public, scan_album
from plugins.core.settings import merge
from plugins.core.written import file_local
from plugins.derivative_cache import produce
from plugins.images import derivative_path, share_image, url
from plugins.images import load_config as images_config

logger = logging.getLogger(__name__)

DEFAULTS = {
    "per_page": 12,  # albums on a page of album-anh/
    # Thumbnails: WebP fitting boxes of these sizes (px), in srcset.
    "thumbnails": [160, 240],
    "sizes": "(min-width: 60em) 11rem, (min-width: 40em) 25vw, 33vw",
    # The large photo a thumbnail opens: its longest side (px), WebP.
    "large": 1280,
    "quality": 80,  # WebP quality of both
}
SECTION = "album-anh"


class AlbumsError(ValueError):
    pass


def load_config(value) -> dict:
    config = merge("ALBUMS", value, DEFAULTS, AlbumsError)
    if config["per_page"] < 1:
        raise AlbumsError("ALBUMS['per_page'] phải là số nguyên dương")
    boxes = config["thumbnails"]
    if not boxes or not all(type(box) is int and 16 <= box <= 4096 for box in boxes):
        raise AlbumsError("ALBUMS['thumbnails'] phải là danh sách số điểm ảnh từ 16 đến 4096, "
                          "ví dụ [160, 240]")
    if not 16 <= config["large"] <= 8192:
        raise AlbumsError("ALBUMS['large'] phải là số điểm ảnh từ 16 đến 8192")
    if not 1 <= config["quality"] <= 100:
        raise AlbumsError("ALBUMS['quality'] phải là số từ 1 đến 100")
    config["thumbnails"] = sorted(set(boxes))
    return config


# --- Pure functions -----------------------------------------------------------------
def photo_files(relative: str, photo: photos.Photo, config: dict, folder: str):
    """(thumbnails, large) of one album photo: each a (Recipe, save_as).
    Thumbnails fit each box (never enlarged: a small photo gives one)."""
    thumbnails = {}
    for box in config["thumbnails"]:
        size = photos.capped(photo, box)
        thumbnails.setdefault(size, (Recipe("WEBP", *size, config["quality"]),
                                     derivative_path(relative, folder, f"album-{box}", ".webp")))
    large = (Recipe("WEBP", *photos.capped(photo, config["large"]), config["quality"]),
             derivative_path(relative, folder, f"album-{config['large']}", ".webp"))
    return list(thumbnails.values()), large


def shown(entry: dict, config: dict, folder: str, siteurl: str) -> dict:
    """An album photo as the templates show it: ``src``/``srcset`` and the
    size of its largest thumbnail, ``href`` of the large photo, and
    ``files``, what the page's writing makes."""
    thumbnails, large = photo_files(entry["path"], entry["photo"], config, folder)
    widest = thumbnails[-1][0]
    return {
        **entry,
        "src": url(siteurl, thumbnails[-1][1]),
        "srcset": ", ".join(f"{url(siteurl, save_as)} {recipe.width}w" for recipe, save_as in thumbnails),
        "thumb_width": widest.width,
        "thumb_height": widest.height,
        "href": url(siteurl, large[1]),
        "files": [*thumbnails, large],
    }


def read_album(article, settings) -> dict:
    """The album of one article (its ``Album:`` header): {"folder",
    "photos", "count"}; the first error stops the build, warnings are logged."""
    line = file_header_line(article.source_path, "Album")
    scan = scan_album(str(article.metadata["album"]), article.source_path, line, settings["PATH"])
    for finding in sorted(scan.findings, key=lambda f: (f.warning, f.path, f.line)):
        if not finding.warning:
            fail(finding.format())
        logger.warning("%s", finding.format())
    config, folder = settings["ALBUMS"], images_config(settings.get("IMAGES", {}))["folder"]
    entries = [shown(entry, config, folder, settings["SITEURL"]) for entry in scan.photos]
    return {"folder": scan.folder, "photos": entries, "count": len(entries)}


def all_articles(context) -> list:
    return [*context.get("articles", []), *context.get("hidden_articles", []),
            *context.get("drafts", [])]


# --- The generator -------------------------------------------------------------------
class AlbumGenerator(Generator):
    """Reads the album of every article that has one (``article.album``),
    offers the menu section and writes ``album-anh/``."""

    def generate_context(self):
        self.albums = []
        for article in all_articles(self.context):
            if str(article.metadata.get("album", "")).strip():
                article.album = read_album(article, self.settings)
                first = article.album["photos"][:1]
                if first and not getattr(article, "share_image", None):
                    # Shared on Zalo or Facebook, an album article without a
                    # photo of its own showed the site's logo: its cover instead.
                    article.share_image = share_image(first[0]["path"], first[0]["photo"],
                                                      images_config(self.settings.get("IMAGES", {})))
                if is_public(article):
                    self.albums.append(article)
            else:
                article.album = None
        self.context["albums"] = self.albums
        offer_section(self.context, SECTION, ALBUMS_URL if self.albums else "")

    def generate_output(self, writer):
        if not self.albums:
            return
        # The album articles travel as ``articles`` for Pelican's paginator
        # (articles_page, the page number in <title>); the sidebar's
        # ``articles`` stay every article.
        writer.write_file(ALBUMS_URL + "index.html", self.get_template("albums"), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"],
                          paginated={"articles": self.albums}, template_name="albums",
                          url=ALBUMS_URL)


# --- Signal receivers ------------------------------------------------------------------
def check_settings(pelican):
    try:
        config = load_config(pelican.settings.get("ALBUMS", {}))
    except AlbumsError as error:
        fail(str(error))
    pelican.settings["ALBUMS"] = config
    pelican.settings["PAGINATED_TEMPLATES"] = {
        **pelican.settings.get("PAGINATED_TEMPLATES", {}), "albums": config["per_page"]}


def add_generator(pelican):
    return AlbumGenerator


def skip_originals(generator):
    """static_generator_finalized: an album's originals (and its caption
    file) are not published, unless a page links them (``{static}``)."""
    context = generator.context
    folders = {article.album["folder"] + "/" for article in all_articles(context)
               if getattr(article, "album", None)}
    if not folders:
        return
    keep = set(context.get("static_links", ()))
    generator.staticfiles[:] = [
        static for static in generator.staticfiles
        if static.get_relative_source_path() in keep
        or not any(static.get_relative_source_path().replace(os.sep, "/").startswith(folder)
                   for folder in folders)
    ]


@file_local
def make_album_photos(path, context):
    """content_written: the thumbnails and large photos of the album of the
    article whose page this is (the derivative cache answers repeated builds)."""
    article = context.get("article")
    album = getattr(article, "album", None)
    if not album:
        return
    root, output = Path(context["PATH"]), Path(context["OUTPUT_PATH"])
    for entry in album["photos"]:
        source = root / entry["path"]
        for recipe, save_as in entry["files"]:
            try:
                produce(source, recipe.key(), output / save_as,
                        lambda source=source, recipe=recipe, name=entry["path"]:
                        photos.render(source, recipe, name))
            except photos.PhotoError as error:
                fail(f"{display_path(article.source_path)}: {error}")


def register():
    signals.initialized.connect(check_settings)
    signals.get_generators.connect(add_generator)
    signals.static_generator_finalized.connect(skip_originals)
    signals.content_written.connect(make_album_photos)
