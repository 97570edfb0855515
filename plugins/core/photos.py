"""Photos as the site publishes them (not a plugin): checked, turned upright,
stripped of their metadata, resized and encoded. Shared by ``plugins.images``
(the build) and ``workflow/check.py`` (the content checker), so both refuse
the same files with the same Vietnamese message.

Editors paste photos straight from phones: a portrait photo is stored
landscape with an EXIF "rotate 90°" tag, and carries the GPS position where
it was taken, the phone's maker notes and an embedded thumbnail. Every file
the site publishes is therefore re-encoded from decoded pixels:

- turned upright first (``ImageOps.exif_transpose``), before any resize, so
  nothing downstream needs the orientation tag;
- colours converted to sRGB when the photo carries another ICC profile
  (Display P3 from iPhones, Adobe RGB, a CMYK press profile), then saved
  without any metadata at all: no EXIF (GPS, maker notes, thumbnail), no
  XMP, no comment, no profile (browsers read untagged images as sRGB);
- palette and grey images with transparency become RGBA, 16-bit images are
  scaled to 8 bits (Pillow's own conversion would clip them to white),
  CMYK becomes RGB;
- animated GIF, WebP and PNG stay animated (every frame, its duration and
  the loop count are kept).

``inspect`` checks a file cheaply, without decoding all its pixels: a zero
byte file, a file that is not an image, a format browsers do not show
(HEIC, TIFF, BMP…) and a truncated file (a JPEG without its end marker, a
PNG whose chunks do not check out, a GIF/WebP/AVIF that does not decode)
are refused. Measured on a 12 MP phone JPEG (1.7 MB): the end-marker check
reads the file once (about 2 ms); decoding it would take 0.6 s even at
1/8 scale, too slow for ``invoke check`` over every photo of the site.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError, features

from plugins.core.errors import ContentError, display_path

# Formats browsers show, by Pillow's name: what may be published.
WEB_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif",
               "WEBP": "image/webp", "AVIF": "image/avif"}
# File names that are images to an editor. Those with a web format's
# extension are published (re-encoded); the others (phone and scanner
# formats) are refused with a way to convert them.
WEB_SUFFIXES = (".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".gif", ".webp", ".avif")
OTHER_SUFFIXES = (".heic", ".heif", ".tif", ".tiff", ".bmp", ".psd", ".dng", ".raw", ".cr2", ".nef")
IMAGE_SUFFIXES = WEB_SUFFIXES + OTHER_SUFFIXES
ORIENTATION = 0x0112
# Bump when the code below changes the bytes it writes: part of the
# derivative cache's key (with the codecs' versions, ``codec_versions()``).
RECIPE_VERSION = 1
RESAMPLE = Image.Resampling.LANCZOS
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
RECOPY = ("chép lại ảnh gốc từ máy ảnh hoặc điện thoại (qua cáp, Zalo «gửi ảnh gốc» "
          "hoặc email) rồi lưu đè tệp này")
# The same advice for a photo the desk refuses on upload (plugins/desk).
RECHOOSE = ("chép lại ảnh gốc từ máy ảnh hoặc điện thoại (qua cáp, Zalo «gửi ảnh gốc» "
            "hoặc email) rồi chọn lại ảnh")


# The smallest photo social apps show for a shared link (Facebook: 200×200;
# below it the link had no picture, or a partner's logo squeezed in one).
SHARE_MIN = 200


def shareable(photo: Photo) -> bool:
    """Is `photo` large enough for a shared link's picture (``SHARE_MIN``
    each way)?"""
    return photo.width >= SHARE_MIN and photo.height >= SHARE_MIN


def share_too_small(photo: Photo, src: str) -> str | None:
    """The warning for an ``Image:`` photo too small to be a shared link's
    picture, or None: the editor chose it, so it is used, but Zalo and
    Facebook show the link without it."""
    if shareable(photo):
        return None
    return (f"ảnh «{src}» ở dòng «Image:» chỉ {photo.width}×{photo.height} điểm ảnh: khi chia sẻ bài "
            f"qua Zalo, Facebook, ảnh nhỏ hơn {SHARE_MIN}×{SHARE_MIN} không hiện — chọn ảnh lớn hơn, hoặc xoá "
            "dòng «Image:» để dùng ảnh lớn đầu tiên trong bài")


class PhotoError(ContentError):
    """A photo that cannot be published; the message names it (Vietnamese)."""


@dataclass(frozen=True)
class Photo:
    """What the site needs to know of a photo without decoding it."""

    width: int  # upright (after the EXIF orientation)
    height: int
    format: str  # Pillow's name, one of WEB_FORMATS
    frames: int = 1
    alpha: bool = False

    @property
    def mime(self) -> str:
        return WEB_FORMATS[self.format]

    @property
    def animated(self) -> bool:
        return self.frames > 1


# --- Finding and checking ---------------------------------------------------------
LINK_PREFIX = re.compile(r"^\{(static|attach|filename)\}")


def locate(src: str, source_dir: Path, content_root: Path) -> Path:
    """The file an image reference names: ``{static}/images/x.png`` and
    ``/images/x.png`` from the content root, ``{static}x.png`` and ``x.png``
    from the article's folder. Another host (or data:) is a PhotoError."""
    parts = urlsplit(src.strip())
    if parts.scheme or parts.netloc or src.strip().startswith("//"):
        shown = src if len(src) <= 80 else src[:80] + "…"  # a data: URI is the whole photo
        raise PhotoError(
            f"ảnh «{shown}» ở trang khác: trang web chỉ hiện ảnh của chính nó — lưu ảnh về máy "
            "rồi chèn lại bằng nút «Ảnh» của bàn biên tập, hoặc chép ảnh vào content/images/ "
            "và viết «{static}/images/…»"
        )
    path = unquote(LINK_PREFIX.sub("", parts.path))
    if not path:
        # No «…» in it: the build finds the line by its first one (images._line).
        raise PhotoError("ảnh không có đường dẫn (src trống) — chèn lại ảnh bằng nút Ảnh của bàn biên "
                         "tập, hoặc viết đường dẫn {static}/images/…, hoặc xoá ảnh này")
    root = os.path.abspath(content_root)
    base = root if path.startswith("/") else os.path.abspath(source_dir)
    file = os.path.normpath(os.path.join(base, path.lstrip("/")))  # no file system call
    if not file.startswith(root + os.sep):
        name = os.path.basename(file) or "ten-anh.jpg"
        raise PhotoError(f"ảnh «{src}» nằm ngoài thư mục content/ nên không đăng được — chép ảnh vào "
                         f"content/images/<năm>/ rồi viết «{{static}}/images/<năm>/{name}»")
    if any(len(part.encode()) > 255 for part in file.split(os.sep)):  # the disk's limit (ENAMETOOLONG)
        shown = src if len(src) <= 60 else src[:60] + "…"
        raise PhotoError(f"tên tệp ảnh «{shown}» dài quá 255 byte, không có tệp nào như vậy — "
                         "đổi tên tệp ảnh cho ngắn lại rồi sửa đường dẫn")
    return Path(file)



# --- Checking ---------------------------------------------------------------------
_inspected: dict[tuple, Photo] = {}
_recorders: list[dict] = []


@contextmanager
def recording() -> Iterator[dict[str, tuple[int, int]]]:
    """{path: (modification time in ns, size)} of every photo ``inspect``
    looks at inside the block. The preview keeps an article read while its
    file is unchanged (``workflow/preview.py``, ``ReadMemo``); what the
    article shows of its photos (upright width and height, the lead image)
    comes from them, so it is read again when one of them changes."""
    seen: dict[str, tuple[int, int]] = {}
    _recorders.append(seen)
    try:
        yield seen
    finally:
        _recorders.remove(seen)


# What ``noted`` records: that a file is there, whatever its contents.
EXISTS = "exists"


def noted(path) -> None:
    """Record, inside ``recording``, that the item links to the file at
    `path` (a ``{filename}`` link to another article, a ``{static}`` PDF):
    its link is checked as it is read (``plugins.bulletin.check_links``), so
    the preview reads it again once that file is gone (another editor
    deleted the article, a ``git pull`` removed it); an edit of the file
    changes nothing here. A photo the item shows keeps its full stamp."""
    for seen in _recorders:
        seen.setdefault(str(path), EXISTS)


def inspect(path: Path, src: str) -> Photo:
    """The upright size and format of a photo, or a PhotoError whose message
    names it as the editor wrote it (``src``). Memoised by path, size and
    modification time: a photo shared by many articles is read once."""
    path = Path(path)
    try:
        info = path.stat()
    except OSError:
        from plugins.core.rules import folder_names, missing_photo

        raise PhotoError(missing_photo(src, path, folder_names(path.parent))) from None
    for seen in _recorders:
        seen[str(path)] = (info.st_mtime_ns, info.st_size)
    memo = (str(path), info.st_size, info.st_mtime_ns)
    if memo not in _inspected:
        _inspected[memo] = _inspect(path, src, info.st_size)
    return _inspected[memo]


def quiet_exif() -> None:
    """Inside ``warnings.catch_warnings``: no «UserWarning: Corrupt EXIF
    data…» from Pillow. A photo whose EXIF block is cut (edited by a phone
    app, passed through a messenger) is published, its unreadable tags
    ignored; the warning was printed in English amid the checker's and the
    build's Vietnamese lines, naming no photo."""
    warnings.filterwarnings("ignore", r"(?i)(possibly )?corrupt exif", UserWarning)


def _inspect(path: Path, src: str, size: int) -> Photo:
    where = display_path(path)
    if size == 0:
        raise PhotoError(f"ảnh «{src}» là tệp rỗng (0 byte, {where}) — {RECOPY}")
    suffix = path.suffix.lower()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            quiet_exif()
            with Image.open(path, formats=list(WEB_FORMATS)) as image:
                kind = "JPEG" if image.format == "MPO" else image.format
                if kind not in WEB_FORMATS:
                    raise PhotoError(unsupported(src, kind or suffix, path))
                width, height = upright_size(image)
                frames = still_frames(image)
                alpha = image.mode in ("RGBA", "LA", "PA", "RGBa") or "transparency" in image.info
                _check_complete(image, path)
    except PhotoError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoError(f"ảnh «{src}» quá lớn ({where}) — thu nhỏ ảnh (cạnh dài khoảng 4000 điểm ảnh là đủ: "
                         "trên Windows mở ảnh bằng Paint › Resize, chọn 33 %) rồi chép lại, hoặc tải ảnh lên qua "
                         "bàn biên tập, nơi ảnh được thu nhỏ khi tải lên") from None
    except UnidentifiedImageError:
        kind = _other_format(path) or (suffix.lstrip(".").upper() if suffix in OTHER_SUFFIXES else "")
        if kind:
            raise PhotoError(unsupported(src, kind, path)) from None
        raise PhotoError(not_an_image(src, path)) from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError) as error:
        raise PhotoError(truncated(src, path)) from error
    return Photo(width, height, kind, frames, alpha)


def still_frames(image: Image.Image) -> int:
    """How many frames a photo shows: 1 for a multi-picture JPEG, which
    Pillow reads as "MPO" with its other pictures as frames. Phones and
    cameras write them (an Ultra HDR gain map, a preview, a depth map:
    Pixel, Samsung, Xiaomi, Sony, Panasonic); browsers show the first
    picture, a plain JPEG."""
    return 1 if image.format == "MPO" else getattr(image, "n_frames", 1)


def _other_format(path: Path) -> str:
    """The format of an image browsers do not show (TIFF, BMP, PSD…, and
    HEIC by its first bytes, whatever its name: an iPhone photo renamed
    «.jpg»), or ""."""
    try:
        with Image.open(path) as image:
            return image.format or ""
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        pass
    try:
        with open(path, "rb") as file:
            head = file.read(12)
    except OSError:
        return ""
    return "HEIC" if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS else ""


HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1")


def not_an_image(src: str, path: Path) -> str:
    """Why a file named as a photo is none, by its first bytes: a PDF or an
    SVG needs another way than copying the photo again."""
    try:
        with open(path, "rb") as file:
            head = file.read(512).lstrip()
    except OSError:
        head = b""
    where = display_path(path)
    if head.startswith(b"%PDF"):
        return (f"tệp «{src}» là tệp PDF, không phải ảnh ({where}) — văn bản PDF đính kèm ở mục «Văn bản»; "
                "nếu cần một trang của nó làm ảnh, chụp màn hình trang đó rồi lưu thành PNG")
    if head.startswith((b"<svg", b"<?xml")) and b"<svg" in head:
        return f"tệp «{src}» là ảnh SVG, không đăng được ({where}) — {SVG_FIX} và dùng tệp PNG"
    return (f"tệp «{src}» không phải là ảnh ({where}): không đọc được nội dung "
            f"ảnh, có thể tệp bị đặt sai đuôi hoặc chưa tải về hết — {RECOPY}")


def truncated(src: str, path: Path) -> str:
    return f"ảnh «{src}» bị hỏng hoặc chưa chép hết (tệp bị cắt ngang, {display_path(path)}) — {RECOPY}"


# What to do with an SVG named as a photo or put in the content folder.
SVG_FIX = ("lưu ảnh thành PNG (mở ảnh bằng trình duyệt rồi chụp màn hình, hoặc trong Inkscape: Tệp › "
           "Xuất PNG)")
# What to do with a photo browsers do not show; the desk says it too.
UNSUPPORTED_FIX = ("lưu lại ảnh ở dạng JPEG (ảnh chụp) hoặc PNG (hình vẽ, ảnh chụp màn hình); với ảnh HEIC "
                   "của iPhone: Cài đặt › Camera › Định dạng › «Tương thích nhất», hoặc gửi ảnh qua Zalo/email")


def unsupported(src: str, kind: str, path: Path) -> str:
    return (f"ảnh «{src}» ({display_path(path)}) ở dạng {kind}, trình duyệt không hiển thị được — "
            f"{UNSUPPORTED_FIX}")


def orientation(image: Image.Image) -> int:
    """The EXIF orientation tag (1: as stored). A PNG's is read only from an
    eXIf chunk before its pixels: Pillow would decode the whole image to
    look for one after them (0.4 ms a photo in the checker)."""
    if image.format == "PNG" and "exif" not in image.info:
        return 1
    try:
        return int(image.getexif().get(ORIENTATION, 1))
    except (OSError, SyntaxError, ValueError, TypeError):  # unreadable EXIF: no tag
        return 1


def upright_size(image: Image.Image) -> tuple[int, int]:
    """(width, height) once the EXIF orientation is applied: 5–8 swap them."""
    if orientation(image) in (5, 6, 7, 8):
        return image.height, image.width
    return image.width, image.height


TAIL = 1 << 16  # bytes read at the end of a JPEG to find its end marker (64 KB)
PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"


def _check_complete(image: Image.Image, path: Path) -> None:
    """Raise when the file is cut short, reading as little of it as the
    format allows (a photo is 2–8 MB; the checker reads every one)."""
    if image.format in ("JPEG", "MPO"):
        # Entropy-coded data never holds FF D9 (an FF there is followed by
        # 00 or a restart marker), so an end marker after the first scan's
        # start is the end of the image: a file cut anywhere after the
        # headers has none in its last 64 KB. (The EXIF thumbnail's own end
        # marker lies before the scan, inside APP1.) Data a phone appends
        # after it (a Samsung motion photo: a video of several MB) is never
        # published; then the whole scan is searched.
        with open(path, "rb") as file:
            size = file.seek(0, os.SEEK_END)
            start = _jpeg_scan_start(file)
            file.seek(max(start, size - TAIL))
            if b"\xff\xd9" not in file.read():  # else: a trailer (or a cut file), read it all
                file.seek(start)
                if b"\xff\xd9" not in file.read():
                    raise OSError("JPEG without its end marker")
    elif image.format == "PNG":
        with open(path, "rb") as file:
            file.seek(-len(PNG_END), os.SEEK_END)
            if file.read() != PNG_END:
                raise OSError("PNG without its IEND chunk")
        # Every chunk's CRC, without decoding the pixels: a byte damaged
        # anywhere stops the build's decoder, so the checker must see it
        # too (found by tests/test_robustness.py). On the image as opened
        # (verify seeks back to its first data chunk): opening it again
        # was ~0.1 ms a photo.
        image.verify()
    else:
        for index in range(getattr(image, "n_frames", 1)):
            image.seek(index)
            image.load()


def _jpeg_scan_start(file) -> int:
    """The offset of the first scan's data: the segments after SOI are
    walked by their lengths (a few reads of 4 bytes) up to SOS (FF DA). A
    file cut before it raises."""
    at = 2
    while True:
        file.seek(at)
        head = file.read(4)
        if len(head) < 4 or head[0] != 0xFF:
            raise OSError("JPEG cut before its first scan")
        marker = head[1]
        if marker == 0xFF:  # fill byte
            at += 1
        elif 0xD0 <= marker <= 0xD7 or marker in (0x01, 0xD8):  # no length
            at += 2
        elif marker == 0xDA:
            return at + 2 + int.from_bytes(head[2:4], "big")
        else:
            at += 2 + int.from_bytes(head[2:4], "big")


EMPTY_SOURCE = re.compile(r"""<img\b[^>]*\bsrc\s*=\s*(?:""|'')|!\[[^\]\n]*\]\(\s*(?:<>)?\s*\)""", re.I)


def line_of(text: str, src: str) -> int:
    """The 1-based line that first names a photo (as written, or its file
    name), or for an empty ``src`` the first image without one, else 1:
    where the build and the checker report a photo's problem."""
    from plugins.core.rules import text_lines

    lines = text_lines(text)
    if not src.strip():
        return next((n for n, line in enumerate(lines, start=1) if EMPTY_SOURCE.search(line)), 1)
    for needle in (src, unquote(src), src.rsplit("/", 1)[-1]):
        if needle:
            for number, line in enumerate(lines, start=1):
                if needle in line or needle in unquote(line):
                    return number
    return 1


# --- Sizes ----------------------------------------------------------------------
def scaled(photo: Photo, width: int) -> tuple[int, int]:
    """(width, height) of a copy ``width`` wide (never wider than the photo)."""
    width = min(width, photo.width)
    return width, max(1, round(photo.height * width / photo.width))


def capped(photo: Photo, longest: int) -> tuple[int, int]:
    """(width, height) with the longest side at most ``longest``."""
    if max(photo.width, photo.height) <= longest:
        return photo.width, photo.height
    if photo.width >= photo.height:
        return scaled(photo, longest)
    return max(1, round(photo.width * longest / photo.height)), longest


# The longest side a WebP file can have (libwebp's limit): a copy taller
# stops the build ("encoding error 5").
WEBP_MAX = 16383


def srcset_widths(photo: Photo, widths) -> list[int]:
    """The widths a srcset lists: those of ``widths`` the photo reaches, and
    the photo's own width when it is narrower than the widest (a small
    photo is never enlarged: a 40 px wide one gives one 40w copy). None is
    wider than a WebP ``WEBP_MAX`` tall allows: a phone's scrolling
    screenshot (1170×25000) gives 480w, 720w and 766w."""
    reach = max(1, photo.width * WEBP_MAX // photo.height)
    return sorted({min(width, photo.width, reach) for width in widths})


# --- Encoding -------------------------------------------------------------------
@dataclass(frozen=True)
class Recipe:
    """One published file made from a photo: its format, size and quality."""

    format: str  # Pillow's name: WEBP, JPEG, PNG, GIF, AVIF
    width: int
    height: int
    quality: int = 0
    animated: bool = True  # keep every frame of an animated photo

    def key(self) -> str:
        """Everything that decides the bytes, as text (the cache's key)."""
        return json.dumps([RECIPE_VERSION, codec_versions(), self.format, self.width,
                           self.height, self.quality, self.animated])


_versions: list[str] = []


def codec_versions() -> str:
    """Pillow's and its codecs' versions: a new libwebp may write other bytes."""
    if not _versions:
        names = ("webp", "jpg", "zlib", "littlecms2", "avif")
        _versions.append(" ".join([Image.__version__, *(f"{n}={features.version(n)}" for n in names)]))
    return _versions[0]


def render(path: Path, recipe: Recipe, src: str = "") -> bytes:
    """The bytes of one published file made from the photo at ``path``:
    upright, sRGB, no metadata, ``recipe``'s size and format. A photo that
    fails to decode (damaged past what ``inspect`` checks) is a PhotoError."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            quiet_exif()
            with Image.open(path) as image:
                frames, durations, loop = _upright_frames(image, recipe)
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError,
            UnidentifiedImageError, Image.DecompressionBombError) as error:
        raise PhotoError(truncated(src or display_path(path), Path(path))) from error
    return _encode(frames, durations, loop, recipe)


def render_image(image: Image.Image, recipe: Recipe) -> bytes:
    """``render`` for an image already opened and not yet decoded (the Word
    import's, from the document's bytes): decoded once, at the smallest
    scale the recipe allows. A decoding error (OSError…) is the caller's."""
    return _encode(*_upright_frames(image, recipe), recipe)


def _upright_frames(image: Image.Image, recipe: Recipe):
    """Every frame (or the first) upright, in RGB or RGBA, sRGB."""
    icc = image.info.get("icc_profile")
    turn = orientation(image)
    count = still_frames(image) if recipe.animated else 1
    alpha = image.mode in ("RGBA", "LA", "PA", "RGBa") or "transparency" in image.info
    if image.format in ("JPEG", "MPO") and count == 1:
        # Decode at the smallest DCT scale that is still at least the
        # target (upright sizes are swapped back for a rotated photo).
        width, height = image.size
        swapped = turn in (5, 6, 7, 8)
        target = (recipe.height, recipe.width) if swapped else (recipe.width, recipe.height)
        if target[0] < width and target[1] < height:
            image.draft(image.mode if image.mode == "CMYK" else "RGB", target)
    frames, durations = [], []
    for index in range(count):
        image.seek(index)
        frame = ImageOps.exif_transpose(image) if turn != 1 else image.copy()
        frames.append(_srgb(_eight_bits(frame), icc, alpha))
        durations.append(int(image.info.get("duration") or frame.info.get("duration") or 100))
    loop = image.info.get("loop")
    return frames, durations, loop


def _eight_bits(frame: Image.Image) -> Image.Image:
    if frame.mode.startswith("I;16") or frame.mode == "I":
        return frame.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if frame.mode == "F":
        return frame.convert("L")
    return frame


def _srgb(frame: Image.Image, icc: bytes | None, alpha: bool) -> Image.Image:
    target = "RGBA" if alpha else "RGB"
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if "srgb" not in ImageCms.getProfileDescription(source).lower():
                base = frame if frame.mode in ("RGB", "RGBA", "CMYK", "L") else frame.convert(target)
                frame = ImageCms.profileToProfile(base, source, SRGB, outputMode=target)
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # a broken or mismatched profile: the pixels as they are
    return frame.convert(target) if frame.mode != target else frame


def _fit(frame: Image.Image, recipe: Recipe) -> Image.Image:
    if frame.size != (recipe.width, recipe.height):
        frame = frame.resize((recipe.width, recipe.height), RESAMPLE, reducing_gap=3.0)
    frame.info = {}  # nothing of the source's metadata may be written
    return frame


def _encode(frames: list[Image.Image], durations: list[int], loop, recipe: Recipe) -> bytes:
    frames = [_fit(frame, recipe) for frame in frames]
    options: dict = {}
    if recipe.format == "WEBP":
        options = {"quality": recipe.quality, "method": 4}
    elif recipe.format == "JPEG":
        frames = [frame.convert("RGB") for frame in frames[:1]]
        options = {"quality": recipe.quality, "optimize": True, "progressive": True}
    elif recipe.format == "AVIF":
        options = {"quality": recipe.quality}
    elif recipe.format == "GIF":
        options = {"disposal": 2}
    if len(frames) > 1:
        options.update(save_all=True, append_images=frames[1:], duration=durations)
        if loop is not None:
            options["loop"] = loop
        elif recipe.format == "WEBP":
            options["loop"] = 1  # a GIF without a loop count plays once
    buffer = io.BytesIO()
    frames[0].save(buffer, recipe.format, **options)
    return buffer.getvalue()


def write(path: Path, data: bytes) -> None:
    """Write through a temporary name: a reader sees the old file or the new
    one, never a file cut short (a full disk, a crash); a file replaced keeps
    its permissions."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        if path.exists():
            shutil.copymode(path, temporary)
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)  # a full disk: no half file left to fill it more
        raise
