"""Article images: checked, responsive and lazy.

- Every ``<img>`` of an article or page body, and its ``Image:`` header,
  must name a local file Pillow can read: a missing or unreadable image (or
  one on another host, which the Content-Security-Policy would block) stops
  the build with the editor's file and the image's name.
- Body images get ``width``/``height`` (from the file when the Markdown has
  none), ``loading="lazy"`` except the first one (the lead image, shown at
  the top: ``fetchpriority="high"``) and the class that makes
  pelican-image-process resize them into the widths and formats of
  ``IMAGE_PROCESS[IMAGES["derivative"]]`` (``srcset``/``sizes``).
- ``content.share_image``: the image social apps show for the page
  (``Image:`` or else the first body image): ``{"url", "width", "height",
  "type"}``, ``url`` relative to the site.

pelican-image-process is not listed in ``PLUGINS``: its receiver rewrites
every written file through an HTML parser (feeds, robots.txt and the web
app manifest included). Ours hands it only the marked <img> tags of HTML
pages.

Settings: ``IMAGES = {"derivative": "article"}``, merged over ``DEFAULTS``.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pelican import signals
from pelican.contents import Article, Page
from pelican.plugins.image_process import image_process
from PIL import Image, UnidentifiedImageError

from plugins.core.errors import display_path, fail
from plugins.core.settings import merge
from plugins.core.written import file_local, rewrite_html

logger = logging.getLogger(__name__)

DEFAULTS = {"derivative": "article"}
IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
LINK_PREFIX = re.compile(r"^\{(static|attach|filename)\}")


class ImageError(ValueError):
    """An image an editor referenced that cannot be used (message in Vietnamese)."""


def load_config(value) -> dict:
    """IMAGES merged over DEFAULTS; an unknown key or a wrong type is an error."""
    return merge("IMAGES", value, DEFAULTS, ImageError)


# --- Pure functions -----------------------------------------------------------
def locate(src: str, source_dir: Path, content_root: Path) -> Path:
    """The file an image reference names: ``{static}/images/x.png`` and
    ``/images/x.png`` from the content root, ``{static}x.png`` and ``x.png``
    from the article's folder. Another host (or data:) is an ImageError."""
    parts = urlsplit(src.strip())
    if parts.scheme or parts.netloc or src.strip().startswith("//"):
        raise ImageError(
            f"ảnh «{src}» ở trang khác: hãy tải ảnh về content/images/ và dùng "
            "{static}/images/… (trang web chỉ được tải ảnh của chính nó)"
        )
    path = unquote(LINK_PREFIX.sub("", parts.path))
    if not path:
        raise ImageError("ảnh không có đường dẫn (src trống)")
    base = content_root if path.startswith("/") else source_dir
    file = (base / path.lstrip("/")).resolve()
    if not file.is_relative_to(content_root.resolve()):
        raise ImageError(f"ảnh «{src}» nằm ngoài thư mục content/")
    return file


def image_size(path: Path, src: str) -> tuple[int, int, str]:
    """(width, height, MIME type) of an image file, or an ImageError naming it."""
    if not path.is_file():
        raise ImageError(f"không tìm thấy ảnh «{src}» ({display_path(str(path))})")
    try:
        with Image.open(path) as image:
            image.verify()
        with Image.open(path) as image:
            return image.width, image.height, Image.MIME.get(image.format, "image/" + image.format.lower())
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ImageError(f"không đọc được ảnh «{src}» ({display_path(str(path))}): {error}") from error


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


def prepare_images(fragment: str, size_of: Callable[[str], tuple[int, int, str]],
                   derivative: str) -> str:
    """Prepare every <img> of an article body; other text is left untouched.

    ``size_of(src)`` returns (width, height, type) or raises ImageError.
    Adds width/height when missing, the pelican-image-process class, and
    lazy loading to every image but the first (the lead image). Idempotent.
    """
    count = 0

    def replace(match: re.Match) -> str:
        nonlocal count
        count += 1
        attrs = _attributes(match.group(0))
        src = attrs.get("src", "")
        width, height, _ = size_of(src)
        if "alt" not in attrs:
            raise ImageError(
                f"ảnh «{src}» thiếu mô tả: viết ![mô tả ảnh]({src}) hoặc thêm alt=\"…\""
            )
        if not attrs.get("width") or not attrs.get("height"):
            attrs["width"], attrs["height"] = str(width), str(height)
        classes = attrs.get("class", "").split()
        if not any(c.startswith("image-process-") for c in classes):
            attrs["class"] = " ".join([*classes, f"image-process-{derivative}"])
        if count == 1:
            attrs.pop("loading", None)
            attrs.setdefault("fetchpriority", "high")
        else:
            attrs.setdefault("loading", "lazy")
            attrs.setdefault("decoding", "async")
        return _tag(attrs)

    return IMG_TAG.sub(replace, fragment)


def first_image_src(fragment: str) -> str:
    match = IMG_TAG.search(fragment)
    return _attributes(match.group(0)).get("src", "") if match else ""


def site_path(file: Path, content_root: Path) -> str:
    """URL path of a content file copied as a static file (STATIC_SAVE_AS "{path}")."""
    return file.relative_to(content_root.resolve()).as_posix()


# --- Signal handlers --------------------------------------------------------------
def check_settings(pelican):
    settings = pelican.settings
    try:
        config = load_config(settings.get("IMAGES", {}))
    except ImageError as error:
        fail(str(error))
    process = settings.get("IMAGE_PROCESS", {})
    if config["derivative"] not in process:
        fail(f"IMAGES['derivative'] = «{config['derivative']}» không có trong IMAGE_PROCESS")
    settings["IMAGES"] = config
    image_process.set_default_settings(settings)


def prepare_content(content):
    """Check and prepare the images of one article or page (content_object_init)."""
    if not isinstance(content, (Article, Page)) or not content.source_path:
        return
    settings = content.settings
    root = Path(settings["PATH"])
    source_dir = Path(content.source_path).parent
    sizes = {}

    def size_of(src: str) -> tuple[int, int, str]:
        path = locate(src, source_dir, root)
        sizes[src] = (path, *image_size(path, src))
        return sizes[src][1:]

    where = display_path(content.source_path)
    try:
        content._content = prepare_images(
            content._content or "", size_of, settings["IMAGES"]["derivative"]
        )
        lead = getattr(content, "image", "") or first_image_src(content._content or "")
        if lead:
            if lead not in sizes:
                size_of(lead)
            path, width, height, mime = sizes[lead]
            content.share_image = {
                "url": site_path(path, root), "width": width, "height": height, "type": mime,
            }
    except ImageError as error:
        fail(f"{where}: {error}")


@file_local
def process_written_page(path, context):
    """Resize the marked images of an HTML page (pelican-image-process).

    Only the marked <img> tags are handed to the library and replaced: its
    own receiver would re-serialise the whole page through an HTML parser.
    """

    def process(match: re.Match) -> str:
        tag = match.group(0)
        if "image-process-" not in tag or "srcset=" in tag:
            return tag
        return image_process.harvest_images_in_fragment(tag, context)

    rewrite_html(path, lambda text: IMG_TAG.sub(process, text) if "image-process-" in text else text)


def register():
    signals.initialized.connect(check_settings)
    signals.content_object_init.connect(prepare_content)
    signals.content_written.connect(process_written_page)
