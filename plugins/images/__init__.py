"""Article photos: checked, upright, without metadata, responsive and lazy.

Phone photos arrive sideways (EXIF orientation), with the GPS position
where they were taken, maker notes and a thumbnail, often 6000 px wide.
Every photo file the site publishes is made by ``plugins/core/photos.py``
(upright, sRGB, no metadata; animated GIF/WebP/PNG stay animated):

- Every ``<img>`` of an article or page body, and its ``Image:`` header,
  must name a local photo ``photos.inspect`` accepts: a missing, empty,
  truncated or non-image file, a format browsers do not show (HEIC, TIFF),
  or a photo on another host (which the Content-Security-Policy would
  block) stops the build with the editor's ``file:line`` and the photo's
  name, worded as the content checker words it.
- Body photos get ``width``/``height`` (upright, from the file when the
  Markdown has none), ``loading="lazy"`` except the first one (the lead,
  shown at the top: ``fetchpriority="high"``) and ``data-photo`` (the
  photo's path in the content folder). When the page is written, each such
  tag gets ``srcset`` (WebP at ``IMAGES["widths"]``, never wider than the
  photo: a 40 px photo is not enlarged), ``sizes``, and ``src`` = the
  widest copy; every URL is percent-encoded (spaces, Vietnamese letters).
- ``content.share_image``, the image social apps show for the page
  (``Image:`` or else the first body photo ``photos.shareable``, at least
  ``photos.SHARE_MIN`` pixels each way: Facebook and Zalo show no smaller one, and a partner's
  150×60 logo above the hall's photo was the link's picture): a copy ``share_width`` wide
  (JPEG, PNG if the photo has transparency), ``{"url", "width", "height",
  "type", "source"}``, ``url`` relative to the site, made when the page is
  written.
- The original photo Pelican copies as a static file is written re-encoded
  instead: upright, no metadata, its longest side at most
  ``original_max``, in its own format (a CMYK JPEG becomes an RGB one).
  Any other image file in the static folders goes through the same check.

The copies are kept between builds by ``plugins.derivative_cache``.

Settings: ``IMAGES``, merged over ``DEFAULTS`` and checked when Pelican starts.
"""

from __future__ import annotations

import html
import logging
import os
import posixpath
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote

from pelican import signals
from pelican.contents import Article, Page

from plugins import page_cache
from plugins.core import photos, written
from plugins.core.errors import display_path, fail
from plugins.core.photos import Photo, PhotoError, Recipe, locate
from plugins.core.rules import file_kind, missing_alt
from plugins.core.settings import merge
from plugins.derivative_cache import produce

logger = logging.getLogger(__name__)

DEFAULTS = {
    # srcset widths in pixels (WebP), never above a photo's own width.
    "widths": [480, 720, 960],
    "sizes": "(min-width: 60rem) 42rem, calc(100vw - 2rem)",
    "quality": 80,  # WebP copies
    # The published original: longest side in pixels, JPEG/WebP/AVIF quality.
    "original_max": 2560,
    "original_quality": 90,
    # The copy social apps show (og:image, JSON-LD): width, JPEG quality.
    "share_width": 1200,
    "share_quality": 85,
    # The copies live beside each photo: images/2020/derivatives/480w/x.jpg.webp
    "folder": "derivatives",
}
IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
MARK = "data-photo"
# The mark's value as _tag writes it (double quotes, escaped): read without
# parsing each tag (10,000 tags at 5,000 articles: 0.13 s parsed).
MARKED = re.compile(r'\sdata-photo="([^"]*)"')


class ImageError(ValueError):
    """An image an editor referenced that cannot be used (message in Vietnamese)."""


def load_config(value) -> dict:
    """IMAGES merged over DEFAULTS; an unknown key, a wrong type or a
    nonsensical number is an error naming the key."""
    config = merge("IMAGES", value, DEFAULTS, ImageError)
    widths = config["widths"]
    if not widths or not all(type(width) is int and 16 <= width <= 8192 for width in widths):
        raise ImageError("IMAGES['widths'] phải là danh sách số điểm ảnh từ 16 đến 8192, ví dụ [480, 720, 960]")
    for key in ("original_max", "share_width"):
        if not 16 <= config[key] <= 16384:
            raise ImageError(f"IMAGES[{key!r}] phải là số điểm ảnh từ 16 đến 16384")
    for key in ("quality", "original_quality", "share_quality"):
        if not 1 <= config[key] <= 100:
            raise ImageError(f"IMAGES[{key!r}] phải là số từ 1 đến 100")
    if not config["folder"].strip("/") or "/" in config["folder"].strip("/"):
        raise ImageError("IMAGES['folder'] phải là tên một thư mục, ví dụ «derivatives»")
    return config


# --- Pure functions -----------------------------------------------------------
def image_size(path: Path, src: str) -> tuple[int, int, str]:
    """(width, height, MIME type) of a photo, upright, or an ImageError naming it."""
    try:
        photo = photos.inspect(path, src)
    except PhotoError as error:
        raise ImageError(str(error)) from None
    return photo.width, photo.height, photo.mime


class _TagParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.attrs = attrs

    handle_startendtag = handle_starttag


def _attributes(tag: str) -> dict[str, str]:
    parser = _TagParser()
    parser.feed(tag)
    parser.close()
    return {name: value or "" for name, value in parser.attrs}


def _tag(attrs: dict[str, str]) -> str:
    return "<img " + " ".join(f'{name}="{html.escape(value)}"' for name, value in attrs.items()) + ">"


def prepare_images(fragment: str, find: Callable[[str], tuple[str, Photo]], problems: list | None = None,
                   lead: bool = True) -> str:
    """Prepare every <img> of an article body; other text is left untouched.

    ``find(src)`` returns (the photo's path in the content folder, Photo) or
    raises ImageError. Adds the upright width/height when missing, the
    ``data-photo`` mark, and lazy loading to every image but the first (the
    lead image). Idempotent. With a ``problems`` list, each image's
    ImageError is added to it and the image left as it is (every photo of
    an article named at once); without, the first one is raised. Without
    ``lead`` (a Hỏi & đáp answer, one of many on its page) every image is
    lazy: an answer's photo two screens down was fetched first.
    """
    count = 0

    def replace(match: re.Match) -> str:
        try:
            return prepared(match)
        except ImageError as error:
            if problems is None:
                raise
            problems.append(error)
            return match.group(0)

    def prepared(match: re.Match) -> str:
        nonlocal count
        count += 1
        attrs = _attributes(match.group(0))
        src = attrs.get("src", "")
        relative, photo = find(src)
        if not attrs.get("alt", "").strip():  # ![](…) writes alt="": as bad as none
            raise ImageError(missing_alt(src))
        if not attrs.get("width") or not attrs.get("height"):
            attrs["width"], attrs["height"] = str(photo.width), str(photo.height)
        attrs[MARK] = relative
        if count == 1 and lead:
            attrs.pop("loading", None)
            attrs.setdefault("fetchpriority", "high")
        else:
            attrs.setdefault("loading", "lazy")
            attrs.setdefault("decoding", "async")
        return _tag(attrs)

    return IMG_TAG.sub(replace, fragment)


def share_source(fragment: str, find: Callable[[str], tuple[str, Photo]]) -> str:
    """The ``src`` of the body's first photo large enough to share
    (``photos.shareable``; "" if none): the page's picture when it has no
    ``Image:``."""
    for match in IMG_TAG.finditer(fragment):
        src = _attributes(match.group(0)).get("src", "")
        if photos.shareable(find(src)[1]):
            return src
    return ""


def site_path(file: Path, content_root: Path) -> str:
    """A content file's path relative to the content folder (Pelican's key
    for static files; also their URL with STATIC_SAVE_AS "{path}")."""
    return Path(os.path.relpath(file, os.path.abspath(content_root))).as_posix()


def derivative_path(save_as: str, folder: str, label: str, suffix: str) -> str:
    """Where a copy of the photo published at ``save_as`` is published:
    ``images/x.png`` → ``images/derivatives/480w/x.png.webp``. The photo's
    own extension stays in the name: ``x.png`` and ``x.jpg`` never share a copy."""
    directory, name = posixpath.split(save_as)
    return posixpath.join(directory, folder, label, name + suffix)


def url(siteurl: str, path: str) -> str:
    """A site path as a URL: every segment percent-encoded (spaces,
    Vietnamese letters, ``#``, ``?``, ``,``), ``/`` kept."""
    return f"{siteurl}/{quote(path, safe='/')}"


def web_copies(photo: Photo, config: dict) -> list[Recipe]:
    """The WebP copies of a srcset, narrowest first."""
    return [Recipe("WEBP", *photos.scaled(photo, width), config["quality"])
            for width in photos.srcset_widths(photo, config["widths"])]


def share_copy(photo: Photo, config: dict) -> tuple[Recipe, str]:
    """The copy social apps show (first frame), and its file suffix."""
    kind = "PNG" if photo.alpha else "JPEG"
    recipe = Recipe(kind, *photos.scaled(photo, config["share_width"]),
                    config["share_quality"] if kind == "JPEG" else 0, animated=False)
    return recipe, ".png" if photo.alpha else ".jpg"


def original_copy(photo: Photo, config: dict) -> Recipe:
    """The published original: its own format, capped, animation kept."""
    lossy = photo.format in ("JPEG", "WEBP", "AVIF")
    return Recipe(photo.format, *photos.capped(photo, config["original_max"]),
                  config["original_quality"] if lossy else 0)


# --- Signal handlers --------------------------------------------------------------
def check_settings(pelican):
    settings = pelican.settings
    try:
        settings["IMAGES"] = load_config(settings.get("IMAGES", {}))
    except ImageError as error:
        fail(str(error))


def prepare_content(content):
    """Check and prepare the images of one article or page (content_object_init)."""
    if not isinstance(content, (Article, Page)) or not content.source_path:
        return
    settings = content.settings
    root = Path(settings["PATH"])
    source_dir = Path(content.source_path).parent
    found: dict[str, tuple[str, Photo] | ImageError] = {}

    def find(src: str) -> tuple[str, Photo]:
        if src not in found:
            try:
                path = locate(src, source_dir, root)
                found[src] = (site_path(path, root), photos.inspect(path, src))
            except PhotoError as error:
                found[src] = ImageError(str(error))  # said once, however often the photo is shown
        if isinstance(found[src], ImageError):
            raise found[src]
        return found[src]

    # Every photo's problem at once (as the checker lists them): an editor
    # with a HEIC, an empty and a cut JPEG in one article fixed and saved
    # three times, told one at a time.
    problems: list[ImageError] = []
    answer = file_kind(content.source_path, settings) == "faq"
    content._content = prepare_images(content._content or "", find, problems, lead=not answer)
    # «Image: <{static}/images/2026/Ảnh hội nghị.jpg>», as body links with
    # spaces are written (the checker reads both forms alike).
    lead = getattr(content, "image", "").strip().removeprefix("<").removesuffix(">")
    if not problems:
        try:
            if lead and (small := photos.share_too_small(find(lead)[1], lead)):
                logger.warning("%s:%d: cảnh báo: %s", display_path(content.source_path),
                               _line(content.source_path, small), small)
            lead = lead or share_source(content._content or "", find)
            if lead:
                content.share_image = share_image(*find(lead), settings["IMAGES"])
        except ImageError as error:
            problems.append(error)
    if problems:
        where = display_path(content.source_path)
        found = sorted({(_line(content.source_path, str(error)), str(error)) for error in problems})
        fail("\n".join(f"{where}:{line}: {message}" for line, message in found))


def share_image(relative: str, photo: Photo, config: dict) -> dict:
    """``item.share_image`` for a photo (its path in the content folder):
    the copy social apps show, made when the page is rendered."""
    recipe, suffix = share_copy(photo, config)
    save_as = derivative_path(relative, config["folder"], "share", suffix)
    return {"url": quote(save_as, safe="/"), "width": recipe.width, "height": recipe.height,
            "type": photos.WEB_FORMATS[recipe.format], "source": relative}


def _line(source_path: str, message: str) -> int:
    """The line of the source file that names the photo of ``message``
    (its first «…»), as the content checker finds it."""
    try:
        with open(source_path, encoding="utf-8") as file:
            text = file.read()
    except (OSError, UnicodeDecodeError):
        return 1
    names = re.findall(r"«([^»]+)»", message)
    return photos.line_of(text, names[0] if names else "")  # "": an image without a source


class _Placed:
    """What one written page needs: the settings, where the output is, and
    the static files by their path in the content folder."""

    def __init__(self, context):
        self.config = context["IMAGES"]
        self.root = Path(context["PATH"])
        self.output = Path(context["OUTPUT_PATH"])
        self.static = context.get("static_content") or {}
        self.siteurl = context.get("SITEURL", "")

    def save_as(self, relative: str) -> str:
        static = self.static.get(relative)
        return getattr(static, "save_as", None) or relative

    def make(self, relative: str, recipe: Recipe, save_as: str) -> None:
        source = self.root / relative
        produce(source, recipe.key(), self.output / save_as,
                lambda: photos.render(source, recipe, relative))
        page_cache.effect(make_again, relative, recipe, save_as)


def make_again(context: dict, relative: str, recipe: Recipe, save_as: str) -> None:
    """A photo copy a page made as it was rendered, made again when the page
    comes from plugins.page_cache."""
    _Placed(context).make(relative, recipe, save_as)


def responsive_tag(tag: str, placed: _Placed) -> str:
    """One marked <img>: srcset of WebP copies (made now), sizes, src."""
    attrs = _attributes(tag)
    relative = attrs.pop(MARK)
    # Read from the file, not the body: a body's <img> may say its size
    # (the Word import's), unchanged when the photo is replaced.
    photo = page_cache.read(photos.inspect, placed.root / relative, relative)
    save_as = placed.save_as(relative)
    candidates = []
    for recipe in web_copies(photo, placed.config):
        copy = derivative_path(save_as, placed.config["folder"], f"{recipe.width}w", ".webp")
        placed.make(relative, recipe, copy)
        candidates.append((url(placed.siteurl, copy), recipe.width))
    attrs["src"] = candidates[-1][0]
    attrs["srcset"] = ", ".join(f"{address} {width}w" for address, width in candidates)
    attrs["sizes"] = placed.config["sizes"]
    return _tag(attrs)


def responsive_fragment(fragment: str, placed: _Placed) -> str:
    """Every marked <img> of some HTML made responsive (``responsive_tag``)."""
    if MARK + "=" not in fragment:
        return fragment

    def process(match: re.Match) -> str:
        tag = match.group(0)
        return responsive_tag(tag, placed) if MARK + "=" in tag else tag

    return IMG_TAG.sub(process, fragment)


def responsive_page(html: str, context: dict) -> str:
    """Page transform (``plugins.core.written``): the photo copies one page
    needs, and its srcset tags, as the page is rendered."""
    placed = _Placed(context)
    item = context.get("article") or context.get("page")
    try:
        share = getattr(item, "share_image", None)
        if share:
            relative = share["source"]
            photo = page_cache.read(photos.inspect, placed.root / relative, relative)
            recipe, _ = share_copy(photo, placed.config)
            placed.make(relative, recipe, unquote(share["url"]))
        return responsive_fragment(html, placed)
    except PhotoError as error:
        where = display_path(item.source_path) if item is not None else context["output_file"]
        fail(f"{where}: {error}")


def item_photos(item) -> set[str]:
    """The photos an item shows: its body's marked ``<img>`` and its share image."""
    found = {html.unescape(value) for value in MARKED.findall(item._content or "")}
    share = getattr(item, "share_image", None)
    return found | {share["source"]} if share else found


def skip_unlinked_photos(generators):
    """all_generators_finalized: a photo file is published only where a
    page links it as a file (``[ảnh gốc]({static}…)``, a document's
    ``Files:``), re-encoded. A photo pages only show is published as its
    copies (srcset, share copy): its file was 92 % of a phone photo's
    published bytes (a 12-megapixel JPEG: 1.35 MB at 2,560 px against 119 KB
    for its three WebP copies), which GitHub Pages' 1 GB site limit would
    have reached at about 700 photos. A photo no page shows or links (one
    uploaded, then left out of the article) is not published at all; it is
    still checked, as the checker checks it, so a broken file stops the
    build wherever it lies.

    Any other file in the photo and document folders (``images/``,
    ``van-ban/``) is published only where a page links it too: a deleted
    document's PDF stayed downloadable at its old address, and a phone's
    video (with its GPS) or a caption file left in an album folder no
    article names any more was published."""
    from plugins.bulletin import file_links
    from plugins.core.rules import DOCUMENTS_PATH, content_items

    items = content_items(generators)
    shown = set().union(*(item_photos(item) for item in items))
    linked = set().union(*(file_links(item) for item in items))
    for generator in generators:
        statics = getattr(generator, "staticfiles", None)
        if not isinstance(statics, list):
            continue
        kept = []
        for static in statics:
            relative = static.get_relative_source_path()
            if relative in linked:
                kept.append(static)
            elif Path(relative).suffix.lower() not in photos.IMAGE_SUFFIXES:
                if not relative.startswith(("images/", f"{DOCUMENTS_PATH}/")):
                    kept.append(static)  # extra/ (the favicon, robots.txt), theme files: as they are
            elif relative not in shown:  # an orphan: refused if broken, else left out
                source = Path(generator.path) / static.source_path
                try:
                    photos.inspect(source, relative)
                except PhotoError as error:
                    fail(f"{display_path(source)}: {error}")
        statics[:] = kept


def responsive_feed(context, feed) -> None:
    """feed_generated: a feed entry shows a photo's copies, as its page
    does (the file itself is published only when linked)."""
    placed = _Placed(context)
    try:
        written.feed_entries(feed, lambda html: responsive_fragment(html, placed))
    except PhotoError as error:
        fail(f"{context.get('output_file', 'feeds')}: {error}")


def publish_original(generator, copy_other, static) -> None:
    """Write a static image file re-encoded (upright, no metadata, capped);
    any other static file as Pelican would."""
    source = Path(generator.path) / static.source_path
    if source.suffix.lower() not in photos.IMAGE_SUFFIXES:
        return copy_other(static)
    relative = static.get_relative_source_path()
    try:
        photo = photos.inspect(source, relative)
        recipe = original_copy(photo, generator.settings["IMAGES"])
        produce(source, recipe.key(), Path(generator.output_path) / static.save_as,
                lambda: photos.render(source, recipe, relative))
    except PhotoError as error:
        fail(f"{display_path(source)}: {error}")
    logger.info("Writing %s (upright, no metadata)", static.save_as)


def hook_static_generator(generator):
    """Static image files go through ``publish_original`` instead of a copy."""
    copy_other = generator._link_or_copy_staticfile
    generator._link_or_copy_staticfile = lambda static: publish_original(generator, copy_other, static)


def register():
    signals.initialized.connect(check_settings)
    signals.content_object_init.connect(prepare_content)
    written.page_transform(responsive_page)
    signals.feed_generated.connect(responsive_feed)
    signals.static_generator_init.connect(hook_static_generator)
    signals.all_generators_finalized.connect(skip_unlinked_photos)
