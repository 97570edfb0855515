"""A Word report becomes an article: ``invoke import-docx BAI.docx
[--category …] [--date …] [--tags …]`` or ``python -m workflow.import_docx``.

Writes ``content/<year>/<slug>.md`` with every header an article needs and
its photos as ``content/images/<year>/<slug>-<n>.<ext>``, then prints the
file's path and its preview address, like ``invoke new`` (whose rules it
shares: no file overwritten, no address taken twice). Everything is read
and checked in memory first and written at the end: on any error nothing
is left behind.

The body comes from ``docx_markdown`` (mammoth, our transform and our
HTML → Markdown step). Here: the headers (Title from the Title property,
else the first heading or a bold first paragraph; Summary from the first
paragraph), the photos (checked with Pillow, named, captioned), the
messages for a file that is not a readable .docx, and the inbox.

**The inbox** (``--inbox``, README "Word import"): the editors' desk, or
GitHub's "Upload files", puts a .docx (and optionally a request, a small
JSON file naming it with a category, tags and a date) into
``IMPORT_DOCX["inbox"]``; the GitHub workflow ``import-docx.yml`` runs
``python -m workflow.import_docx --inbox --commit --manifest FILE``: each
document is imported on its own branch (the inbox file removed in the same
commit, a failure committed as the removal alone), and FILE lists the
branches with the pull request's title and body for the workflow to open.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import traceback
import warnings
import xml.parsers.expat
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, ImageOps, UnidentifiedImageError

from plugins.core.rules import (
    INBOX_SUFFIXES,
    is_system_file,
    nfc,
    office_compressed,  # the checker's: Word's two methods
    path_on_disk,
    slugify,
)
from plugins.core.settings import merge

from . import ROOT, WorkflowError, file_problem, load_settings
from .check import Config, display_path, utf8_output
from .new import SlugTaken, free_slug, given_date, header_text, plan_article

if TYPE_CHECKING:  # docx_markdown itself is imported where a file is converted
    from .docx_markdown import Block

DEFAULTS = {
    # The folder (from the project's root) the desk uploads Word files into.
    "inbox": "nhap-word",
    # The longest italic or centred line under a picture read as its caption.
    "caption_max_chars": 200,
    # Branches of imported documents: this prefix, then the file's name.
    "branch_prefix": "nhap-word/",
}
KEPT_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif"}
SAVE_AS_DOCX = "mở tệp trong Word rồi chọn Tệp › Lưu thành › Tài liệu Word (*.docx) và nhập tệp .docx đó"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def import_config(settings: dict) -> dict:
    """IMPORT_DOCX merged over DEFAULTS, checked (Vietnamese message)."""
    config = merge("IMPORT_DOCX", settings.get("IMPORT_DOCX", {}), DEFAULTS, WorkflowError)
    if config["caption_max_chars"] < 1:
        raise WorkflowError("IMPORT_DOCX['caption_max_chars'] phải là số nguyên dương (xem pelicanconf.py)")
    if not config["inbox"].strip() or Path(config["inbox"]).is_absolute() or ".." in Path(config["inbox"]).parts:
        raise WorkflowError("IMPORT_DOCX['inbox'] phải là một thư mục trong dự án, ví dụ «nhap-word»")
    return config


# --- Reading the file ------------------------------------------------------------------
def read_document(path: Path) -> bytes:
    """The bytes of a .docx, or a WorkflowError saying what the file is and
    what to do."""
    name = f"«{path.name}»"
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise WorkflowError(f"không có tệp {name} — kiểm tra lại đường dẫn") from None
    except OSError as error:
        raise WorkflowError(file_problem(error, path, reading=True)) from None
    if not data:
        raise WorkflowError(f"tệp {name} trống (0 byte), thường do tải về chưa xong — tải lại tệp (từ email, "
                            "Zalo…) hoặc chép lại từ máy đã soạn, rồi nhập lại")
    if data.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise WorkflowError(f"tệp {name} có mật khẩu (đã mã hoá) nên không đọc được — trong Word chọn "
                                "Tệp › Thông tin › Bảo vệ tài liệu › Mã hoá bằng mật khẩu, xoá mật khẩu, lưu lại "
                                "rồi nhập lại")
        if "WordDocument".encode("utf-16-le") in data:
            raise WorkflowError(f"tệp {name} là tài liệu Word cũ (.doc) — Lưu lại thành .docx trong Word "
                                "(Tệp › Lưu thành › Tài liệu Word (*.docx)) rồi nhập tệp .docx")
        raise WorkflowError(f"tệp {name} không phải tài liệu Word (.docx) — {SAVE_AS_DOCX}")
    if data.lstrip()[:5] == b"{\\rtf":
        raise WorkflowError(f"tệp {name} là văn bản RTF, không phải .docx — Lưu lại thành .docx trong Word "
                            "(Tệp › Lưu thành › Tài liệu Word (*.docx)) rồi nhập tệp .docx")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        if data.startswith(b"PK\x03\x04"):  # a zip's beginning without its end: cut short
            raise WorkflowError(f"tệp {name} không trọn vẹn (bị cắt ngắn, thường do tải về chưa xong) — tải lại "
                                "tệp (từ email, Zalo…) hoặc chép lại từ máy đã soạn, rồi nhập lại")
        raise WorkflowError(f"tệp {name} không phải tài liệu Word (.docx) — {SAVE_AS_DOCX}")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:60] if "mimetype" in names else b""
            compressed_as_word = office_compressed(archive)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError):
        raise WorkflowError(f"tệp {name} bị hỏng, không mở được — mở tệp trong Word, chọn Tệp › Lưu thành một "
                            "tệp .docx mới rồi nhập tệp mới") from None
    if "word/document.xml" not in names:
        kind = "tài liệu OpenDocument (.odt)" if b"opendocument.text" in mimetype else "tệp nén (zip)"
        raise WorkflowError(f"tệp {name} là {kind}, không phải tài liệu Word (.docx) — {SAVE_AS_DOCX}")
    if not compressed_as_word:
        # A part in bzip2 or LZMA, which Word neither writes nor opens:
        # Python inflates it whole, whatever size the package declares (a
        # 37 KB file held 1.1 GB while its secret marking was looked for;
        # the checker does not read such a file either).
        raise damaged(path.name, zipfile.BadZipFile())
    try:
        return transitional(data)
    except DAMAGED as error:
        raise damaged(path.name, error) from None


# What reading a damaged package raises: zipfile and zlib (a part's
# compressed bytes changed or cut: «Bad CRC-32», «Error -3 while
# decompressing»; a compression Word never writes: NotImplementedError),
# mammoth's expat and lxml (a part that is not XML), mammoth (a part or an
# attribute missing: KeyError, ValueError; elements nested past Python's
# recursion limit, 60 tables one in another: RecursionError, which was an
# English traceback; thousands of fields opened and never ended, which
# mammoth took 8–29 s to read: docx_markdown.TooManyOpenFields, a
# ValueError). ``damaged`` words it.
DAMAGED = (KeyError, ValueError, IndexError, zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError,
           xml.parsers.expat.ExpatError, SyntaxError, RecursionError)


def damaged(name: str, error: Exception) -> WorkflowError:
    """The editor's message for a package ``DAMAGED`` raised on: what is
    wrong in Vietnamese, never the exception's class or English text (it
    said «bị hỏng, không đọc được (ExpatError)»; a changed byte in a
    part's compressed data was an English traceback)."""
    from .docx_markdown import TooManyOpenFields  # here: docx_markdown brings mammoth (~80 ms)

    if isinstance(error, (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError)):
        what = "dữ liệu nén bên trong tệp bị hỏng, thường do chép hoặc tải về bị lỗi"
    elif isinstance(error, KeyError):
        what = "thiếu một phần của tài liệu Word, hoặc một phần viết sai"
    elif isinstance(error, RecursionError):
        what = "các bảng (hoặc khung, liên kết) lồng vào nhau quá nhiều tầng"
    elif isinstance(error, TooManyOpenFields):
        what = ("quá nhiều trường (field: số trang, mục lục, liên kết…) mở lồng vào nhau mà không đóng, "
                "Word không bao giờ viết như vậy")
    else:
        what = "một phần bên trong tệp không đúng định dạng của Word"
    return WorkflowError(f"tệp «{name}» bị hỏng, không đọc được: {what} — mở tệp trong Word, chọn Tệp › Lưu thành "
                         "một tệp .docx mới rồi nhập tệp mới; nếu Word không mở được, tải lại tệp (từ email, "
                         "Zalo…) hoặc chép lại từ máy đã soạn")


# Word's «Strict Open XML Document» (Save As) names its elements in other
# namespaces; everything here (and mammoth's style map, fields, numbering,
# hidden text, the secret marking) reads the transitional ones.
STRICT_NAMESPACES = re.compile(rb"http://purl\.oclc\.org/ooxml/(wordprocessingml|officeDocument|drawingml)/(\w+)")
STRICT_W = b"http://purl.oclc.org/ooxml/wordprocessingml/main"


def transitional(data: bytes) -> bytes:
    """A Strict Open XML package as the same package in the transitional
    namespaces (Word opens both alike), else ``data`` unchanged. Read as it
    was, a Strict file's hidden text and page numbers were published, its
    TCVN3 paragraph styles not converted, its simple fields and written-out
    numbers lost, and a document marked «MẬT» imported."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if STRICT_W not in archive.read("word/document.xml")[:4096]:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as rewritten:
            for info in archive.infolist():
                body = archive.read(info)
                if info.filename.endswith((".xml", ".rels")):
                    body = transitional_xml(body)
                rewritten.writestr(info, body, compress_type=info.compress_type)
    return out.getvalue()


def transitional_xml(xml: bytes) -> bytes:
    """One part's XML with the Strict namespaces written as the
    transitional ones (``transitional``; ``rules._hidden_words`` too)."""
    return STRICT_NAMESPACES.sub(lambda m: b"http://schemas.openxmlformats.org/" + (
        b"wordprocessingml/2006/main" if m.group(1) == b"wordprocessingml"
        else m.group(1) + b"/2006/" + m.group(2)), xml)


# What mammoth leaves out of a body without a word: a chart, a SmartArt
# diagram, an equation. Counted in word/document.xml, each with what to do.
LOST_OBJECTS = (
    (re.compile(rb'<a:graphicData uri="http://schemas\.(?:openxmlformats\.org/drawingml/2006/chart|'
                rb'microsoft\.com/office/drawing/2014/chartex)"'),
     "biểu đồ", "trong Word bấm chuột phải vào biểu đồ › Lưu thành Ảnh (Save as Picture), rồi chèn ảnh đó "
                "vào bài ở chỗ của nó"),
    (re.compile(rb'<a:graphicData uri="http://schemas\.openxmlformats\.org/drawingml/2006/diagram"'),
     "sơ đồ SmartArt", "trong Word bấm chuột phải vào sơ đồ › Lưu thành Ảnh, rồi chèn ảnh đó vào bài, hoặc "
                       "gõ nội dung sơ đồ thành một danh sách"),
    (re.compile(rb"<m:oMath[\s>]"),
     "công thức toán", "gõ lại công thức trong bài bằng chữ (ví dụ «E = mc²»), hoặc chụp ảnh công thức rồi "
                       "chèn vào bài"),
    # A part of another format (HTML, RTF, another .docx) that Word shows in
    # place: what web systems' «Xuất Word» writes, often the whole body.
    (re.compile(rb"<w:altChunk[\s>/]"),
     "phần nội dung nhúng (chép từ trang web hay tệp khác)",
     "mở tệp trong Word rồi chọn Tệp › Lưu thành một tệp .docx mới (Word chép phần nhúng thành chữ của tài "
     "liệu) và nhập tệp mới"),
)


def lost_objects(data: bytes) -> list[str]:
    """One message per kind of object in the .docx body that the import
    does not carry over (``LOST_OBJECTS``): the article would miss it and
    the editor would not know."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = archive.read("word/document.xml")
    messages = []
    for pattern, what, fix in LOST_OBJECTS:
        count = len(pattern.findall(body))
        if count:
            messages.append(f"tài liệu có {count} {what} không chép được sang bài — {fix}")
    count = lost_text_boxes(body)
    if count:
        messages.append(f"tài liệu có {count} khung chữ (text box) không chép được sang bài — trong Word chọn chữ "
                        "trong khung, chép (Ctrl+C) rồi dán vào bài ở chỗ của nó")
    return messages


# A reviewer's work left in the file: the import leaves comments and
# tracked deletions out and takes tracked insertions as written (Word's
# «Simple Markup» view), so the editor is told to check the article.
REVIEW_MARKS = (
    (re.compile(rb"<w:commentReference\b"), "góp ý (comment) của người xem lại",
     "góp ý không có trong bài"),
    (re.compile(rb"<w:(?:ins|del|moveFrom|moveTo)\b[^>]*\bw:author="), "thay đổi được theo dõi (Track Changes) chưa "
     "chấp nhận", "bài lấy chữ đã thêm, bỏ chữ đã xoá, như khi mọi thay đổi được chấp nhận"),
)


def review_marks(data: bytes) -> list[str]:
    """One message per kind of reviewer's mark left in the body
    (``REVIEW_MARKS``): what the article took of it, and that the .docx
    itself, marks and all, is in the repository."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = archive.read("word/document.xml")
    return [f"tài liệu còn {count} {what} — {done}: đọc lại bài trước khi đăng; lần sau trong Word chọn Xem lại › "
            "Chấp nhận/Từ chối mọi thay đổi và Xoá mọi góp ý, lưu lại rồi mới tải lên (tệp tải lên nằm trong kho "
            "mã của trang, ai cũng tải về được)"
            for pattern, what, done in REVIEW_MARKS if (count := len(pattern.findall(body)))]


# A state secret's marking (Luật Bảo vệ bí mật nhà nước 2018, Điều 10: «Tuyệt
# mật», «Tối mật», «Mật»), a paragraph of its own anywhere in the body, a
# header or a footer (a stamp in a text box too), alone or before a dash
# («MẬT – Lưu hành nội bộ»): such a document is never an article. A paper
# for internal circulation only is a warning: publishing it is a decision.
# In a table cell only the stamp's capitals count (``markings``).
SECRET_MARK = re.compile(r"((?:tuyệt |tối )?mật)(?: ?[-–—/|] ?.*)?", re.IGNORECASE)  # group 1: the mark
INTERNAL_MARK = re.compile(r"(?:tài liệu |văn bản )?(?:lưu hành nội bộ|không phổ biến|dùng nội bộ)", re.IGNORECASE)


MARK_TRIM = " \t\u00a0«»\"“”()[]-–—*.:"  # around a marking (the desk's cleanedWord reads it too)


def mark_line(text: str) -> str:
    """A paragraph's words as a marking is compared: NFC, spaces squashed,
    the quotes, brackets and rules around it left out."""
    return " ".join(nfc(text).strip(MARK_TRIM).split())


def markings(data: bytes) -> tuple[str | None, str | None]:
    """The first secret and the first internal-circulation marking of the
    document, each its whole line as typed, or None."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive_markings(archive)


# The parts a marking is looked for in (the checker bounds their sizes
# together before it reads them: rules._word_problem).
MARKED_PART = re.compile(r"word/(?:document|header\d*|footer\d*)\.xml")


def archive_markings(archive: zipfile.ZipFile) -> tuple[str | None, str | None]:
    """``markings`` of a Word package already open (the checker's)."""
    from lxml import etree

    from .docx_markdown import W

    secret = internal = None
    strict = "{" + STRICT_W.decode() + "}"  # a Strict Open XML file read by the checker (``transitional``)
    for name in [name for name in archive.namelist() if MARKED_PART.fullmatch(name)]:
        try:
            root = etree.fromstring(archive.read(name))
        except etree.XMLSyntaxError:
            continue
        paragraphs: dict = {}
        for text in root.iter(f"{W}t", f"{strict}t"):
            paragraph = next(text.iterancestors(f"{W}p", f"{strict}p"), None)
            paragraphs.setdefault(paragraph, []).append(text.text or "")
        for paragraph, words in paragraphs.items():
            line = mark_line("".join(words))
            # In a table cell only the stamp's capitals: «Mật | 12 tấn» in a
            # beekeeping report is honey (a letterhead's borderless table
            # holds the stamp «MẬT» in capitals).
            mark = SECRET_MARK.fullmatch(line)
            if secret is None and mark and (mark[1].isupper() or paragraph is None or next(
                    paragraph.iterancestors(f"{W}tc", f"{strict}tc"), None) is None):
                secret = line
            if internal is None and INTERNAL_MARK.fullmatch(line):
                internal = line
    return secret, internal


def lost_text_boxes(body: bytes) -> int:
    """Text boxes whose words mammoth cannot read: it reads a box from its
    ``mc:Fallback`` (the VML copy Word writes), which LibreOffice writes
    empty and some programs leave out, so the box's text vanished without
    a word. A box with text in its DrawingML (``wps:txbx``) and no
    ``w:txbxContent`` in a fallback of its own is lost. Counted box by box:
    a group of boxes (an organisation chart) has one fallback holding them
    all, and its boxes, imported, were said lost."""
    boxes = [box for box in re.findall(rb"<wps:txbx\b.*?</wps:txbx>", body, re.DOTALL) if re.search(rb"<w:t[ >]", box)]
    fallbacks = sum(part.count(b"<w:txbxContent") for part in re.findall(rb"<mc:Fallback\b.*?</mc:Fallback>", body,
                                                                          re.DOTALL))
    return max(0, len(boxes) - fallbacks)


# --- Photos -----------------------------------------------------------------------------
@dataclass
class Photo:
    """A photo ready to write: its bytes, extension and size."""

    number: int
    data: bytes
    extension: str
    width: int
    height: int
    caption: str = ""


def where(blocks: list[Block], number: int) -> str:
    """Where picture ``number`` is, in words an editor can search for."""
    from .docx_markdown import PICTURE_RE
    previous = ""
    for block in blocks:
        if block.picture == number or PICTURE_RE.search(block.markdown or "") and \
                str(number) in PICTURE_RE.findall(block.markdown):
            break
        if block.plain:
            previous = block.plain
    if not previous:
        return "ở đầu tài liệu"
    shown = previous if len(previous) <= 50 else "…" + previous[-50:].lstrip()
    return f"ngay sau đoạn «{shown}»"


# What a phone leaves in a JPEG besides its picture (Pillow's info keys;
# "mp": the multi-picture index of a second picture or depth map).
HIDDEN_DATA = ("exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop", "mp", "mpoffset")


def read_photo(picture, blocks: list[Block], longest: int) -> Photo:
    """The photo's bytes as the site keeps them: PNG and GIF as they are, a
    JPEG too, unless it carries hidden data (a phone photo's GPS position,
    camera, second picture: Word keeps them, and the repository may be
    public) or is longer than ``longest`` pixels (``IMAGES["original_max"]``,
    the most the site publishes of a photo): then it is written upright, at
    most that long, without any metadata (``photos.render_image``, as the site
    publishes it; JPEG quality 90). A PNG with EXIF or XMP and other formats
    Pillow reads are written as PNG, upright, without them; anything else is
    a WorkflowError naming the picture's place."""
    place = f"ảnh thứ {picture.number} ({where(blocks, picture.number)})"
    if picture.error:
        raise WorkflowError(f"{place}: {picture.error} — chèn lại ảnh vào tài liệu bằng Chèn › Ảnh › Từ tệp, "
                            "lưu lại rồi nhập lại")
    kind = picture.content_type.rsplit("/", 1)[-1].upper()
    from plugins.core import photos

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            photos.quiet_exif()  # a cut EXIF block: Pillow's English warning, the photo kept
            with Image.open(io.BytesIO(picture.data)) as image:
                kind = image.format or kind  # known before load(), which fails for WMF/EMF
                if image.format in ("JPEG", "MPO"):
                    return jpeg_photo(picture, image, longest)
                image.load()
                if image.format in KEPT_FORMATS and not (image.format == "PNG" and png_hidden(image)):
                    return Photo(picture.number, picture.data, KEPT_FORMATS[image.format], image.width, image.height)
                # Written again as PNG, upright (a phone's WebP or PNG
                # screenshot turned by its EXIF, which was kept sideways)
                # and without its EXIF or XMP (a GPS position).
                image = ImageOps.exif_transpose(image)
                converted = io.BytesIO()
                image = image.convert("RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB")
                image.save(converted, "PNG", optimize=True)
                return Photo(picture.number, converted.getvalue(), "png", image.width, image.height)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise WorkflowError(
            f"{place} quá lớn (hơn {Image.MAX_IMAGE_PIXELS // 1_000_000} triệu điểm ảnh, như ảnh 108 hay 200 "
            "«megapixel» của điện thoại) — trong Word bấm vào ảnh › Định dạng ảnh › Nén ảnh › chọn «Web (150 ppi)», "
            "lưu lại rồi nhập lại") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        pass
    if kind in ("WMF", "EMF", "X-WMF", "X-EMF"):
        raise WorkflowError(f"{place} là hình vẽ {kind.removeprefix('X-')} của Office, trang web không hiển thị "
                            "được — trong Word bấm chuột phải vào hình › Lưu thành ảnh… › chọn PNG, rồi xoá hình "
                            "cũ, chèn ảnh PNG đó (Chèn › Ảnh), lưu lại và nhập lại")
    raise WorkflowError(f"{place} bị hỏng hoặc có định dạng không đọc được ({picture.content_type or 'không rõ'}) — "
                        "chèn lại ảnh gốc (.jpg hoặc .png) vào tài liệu bằng Chèn › Ảnh, lưu lại rồi nhập lại")


def png_hidden(image: Image.Image) -> bool:
    """A PNG with an EXIF (a phone's GPS position, its orientation) or XMP
    chunk: written again (``read_photo``), the picture's pixels as they are."""
    return any(key in image.info for key in ("exif", "XML:com.adobe.xmp")) or bool(image.getexif())


def jpeg_photo(picture, image: Image.Image, longest: int) -> Photo:
    """A JPEG as ``read_photo`` keeps it (``image``: it, opened, not yet
    decoded: one written again is decoded once, by ``photos.render_image``;
    a damaged one's error is read_photo's to report)."""
    from plugins.core import photos

    turned = photos.orientation(image) in (5, 6, 7, 8)
    upright = photos.Photo(*((image.height, image.width) if turned else image.size), "JPEG")
    hidden = image.format == "MPO" or any(key in image.info for key in HIDDEN_DATA)
    if not hidden and max(upright.width, upright.height) <= longest:
        image.load()
        return Photo(picture.number, picture.data, "jpg", upright.width, upright.height)
    size = photos.capped(upright, longest)
    return Photo(picture.number, photos.render_image(image, photos.Recipe("JPEG", *size, 90)), "jpg", *size)


# --- Headers ------------------------------------------------------------------------------
TITLE_JUNK = re.compile(r"^(microsoft word\s*-|slide \d+$)|\.docx?$", re.IGNORECASE)


def choose_title(blocks: list[Block], title_property: str) -> tuple[str, list[Block]]:
    """(title, the blocks without the one it came from)."""
    title = nfc(title_property.strip())
    if title and not TITLE_JUNK.search(title):
        first = blocks[0] if blocks else None
        if first and first.kind in ("heading", "paragraph") and nfc(first.plain).casefold() == title.casefold():
            return title, blocks[1:]
        return title, blocks
    if blocks and (blocks[0].kind == "heading" or (blocks[0].kind == "paragraph" and blocks[0].bold)):
        return nfc(blocks[0].plain), blocks[1:]
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            return nfc(block.plain), blocks[:index] + blocks[index + 1:]
    raise WorkflowError("tài liệu không có tiêu đề — trong Word, đặt tiêu đề ở dòng đầu tiên với kiểu «Heading 1» "
                        "(hoặc in đậm cả dòng), hoặc điền Tệp › Thông tin › Tiêu đề; lưu lại rồi nhập lại")


def stale_title(title_property: str, blocks: list[Block]) -> str | None:
    """A warning when the title comes from the Title property (File › Info)
    while the document (``blocks``, before ``choose_title``) opens with
    another heading: an office's template keeps last year's property
    through «Save as», and the article got «Báo cáo tổng kết năm 2023»
    above its own «Hội nghị tổng kết … 2025». A title taken from the
    document's own first line is never warned about (it was compared with
    the line after it, a section heading or the bold lead paragraph)."""
    title = nfc(title_property.strip())
    first = blocks[0] if blocks else None
    if not title or TITLE_JUNK.search(title) or not first or not (
            first.kind == "heading" or (first.kind == "paragraph" and first.bold)):
        return None
    heading = nfc(first.plain).strip()
    if not heading or heading.casefold() == title.casefold():
        return None
    return (f"tiêu đề «{title}» lấy từ Tệp › Thông tin › Tiêu đề của tài liệu, khác dòng đầu «{heading}» — "
            f"nếu tiêu đề đúng là dòng đầu, sửa «Tiêu đề» và «Địa chỉ (Slug)» của bài (hoặc xoá Tiêu đề trong "
            "Tệp › Thông tin của tài liệu rồi nhập lại)")


# --- An administrative document's frame -------------------------------------------------
# Reports, plans and notices as offices lay them out (Nghị định 30/2020/NĐ-CP)
# open with the issuing body, the number, the national name and motto, the
# place and date (a two-column table, or lines set with tabs), then the kind
# of document and its subject on two lines, «Kính gửi: …», and end with
# «Nơi nhận: …» and the signature. The frame is not the article: the title
# was refused («không có tiêu đề»: the table came first) or was the national
# name, and the letterhead and signature were published as tables.
NATIONAL_HEADING = ("cong-hoa-xa-hoi-chu-nghia-viet-nam", "doc-lap-tu-do-hanh-phuc")
FRAME_LINE = re.compile(r"^\s*(số|so)\s*:|ngày\s*[\d.…]*\s*tháng\s*[\d.…]*\s*năm|^\s*kính\s+gửi\b", re.IGNORECASE)
# The kind line is one of the project's DOCUMENT_KINDS (as the build reads
# them: a kind added there reaches the import; «CÔNG ĐIỆN» was the title of
# its article while the import kept a list of its own) or one of these,
# which open a speech or a press release but are not in the documents library.
SPOKEN_KINDS = ("Thông cáo báo chí", "Diễn văn", "Tham luận")


def kind_lines(document_kinds) -> frozenset[str]:
    """The slugs of the kind lines an office's document may open with."""
    return frozenset(slugify(kind) for kind in (*document_kinds, *SPOKEN_KINDS))


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


# A rule typed under the motto or the subject («-------», «___», tabs between two).
SEPARATOR = re.compile(r"^[\s.·]*[-_–—=~*][-_–—=~*\s.·]*$")
# Words a subject's second line starts with when the subject is in capitals
# («KẾT QUẢ HOẠT ĐỘNG NĂM 2025» / «VÀ PHƯƠNG HƯỚNG NHIỆM VỤ NĂM 2026»); in
# lower case, any line that starts with a small letter goes on the subject.
CONTINUATIONS = frozenset(("và", "của", "về", "năm", "giai", "nhiệm", "trong", "tại", "nhằm", "đến", "cho",
                           "theo", "với", "phục", "hướng", "trên", "đối", "thuộc"))
COUNTS = {2: "hai", 3: "ba", 4: "bốn", 5: "năm"}
RECIPIENT = re.compile(r"^\s*[-–+•]\s*\S")


def _continues(block: Block, capitals: bool) -> bool:
    """A bold line that carries on the subject above it."""
    text = nfc(block.plain).strip()
    if not text or not (block.bold or block.kind == "heading") or len(text) > 150:
        return False
    if text[:1].islower():
        return True
    return capitals and text.isupper() and text.split(" ", 1)[0].casefold() in CONTINUATIONS


def _kind_and_subject(blocks: list[Block], kinds: frozenset[str]) -> tuple[list[Block], str]:
    """The kind line and the subject's lines joined into one title line
    («BÁO CÁO» + «Kết quả hoạt động…» + «và phương hướng…» → «Báo cáo kết
    quả hoạt động… và phương hướng…»), a rule under them dropped: (blocks,
    the note), or (blocks, "") when the document does not open so."""
    from .docx_markdown import Block

    first, second = (blocks + [None, None])[:2]
    if not (first and second and first.kind in ("heading", "paragraph") and second.kind in ("heading", "paragraph")
            and slugify(first.plain) in kinds and (second.kind == "heading" or second.bold)):
        return blocks, ""
    kind, lines = nfc(first.plain).strip(), [nfc(second.plain).strip()]
    end = 2
    while end < min(len(blocks), 5) and _continues(blocks[end], lines[0].isupper()):
        lines.append(nfc(blocks[end].plain).strip())
        end += 1
    while end < len(blocks) and blocks[end].kind == "paragraph" and SEPARATOR.match(blocks[end].plain):
        end += 1
    subject = " ".join(lines)
    if subject.isupper():
        title = f"{kind.upper()} {subject}"
    else:
        words = subject.split(" ", 1)
        keep = len(words[0]) > 1 and words[0][1:2].isupper()  # «UBND», «KH&CN», «V/v»
        title = f"{kind.capitalize()} {subject if keep else subject[:1].lower() + subject[1:]}"
    shown = " / ".join(f"«{_short(line)}»" for line in [kind, *lines])
    return ([Block("heading", title, title, level=1)] + blocks[end:],
            f"tiêu đề «{title}» ghép từ {COUNTS[len(lines) + 1]} dòng {shown} của văn bản — sửa nếu cần")


# «Nơi nhận:» and what follows it to the end: its recipients, the signer's
# titles and name, the signature or stamp as a picture. A signature table
# holding a picture is unwrapped, a line a block: with five recipients that
# is a dozen blocks (they were looked for among the last six: the list, the
# titles and the signature picture, its caption the signer's name, were
# published).
CLOSING_BLOCKS = 25
LETTERHEAD_BLOCKS = 8


def _short_block(block: Block) -> bool:
    """A block a letterhead or a closing can be made of: a short line, a
    picture (the logo, the signature), the table that lays them out."""
    return block.kind in ("figure", "table") or (block.kind in ("paragraph", "list") and len(block.plain) <= 120)


def drop_frame(blocks: list[Block], document_kinds) -> tuple[list[Block], list[str]]:
    """(the blocks without an administrative document's frame, a note for
    each part left out, for «Cần xem lại»). A document that names the
    nation in its first blocks loses its letterhead (and the rules typed
    under it); one that opens with its kind and subject («BÁO CÁO» + «Kết
    quả hoạt động…», letterhead or not) gets them as one title line; both
    lose «Kính gửi: …» (and the recipients listed under it), «Nơi nhận: …»
    and the signature. ``document_kinds``: DOCUMENT_KINDS as the build
    reads them (``Config.document_kinds``)."""
    notes = []
    # The national name among the first blocks, only short lines (or the
    # union's logo) above it: a letterhead holding the logo is read a line
    # at a time, and the motto was past the fourth block (the article was
    # titled «Độc lập - Tự do - Hạnh phúc»).
    heads = [i for i, block in enumerate(blocks[:LETTERHEAD_BLOCKS])
             if any(key in slugify(block.plain) for key in NATIONAL_HEADING) and all(map(_short_block, blocks[:i]))]
    if heads:
        end = heads[-1] + 1
        while end < len(blocks) and blocks[end].kind == "paragraph" and (
                FRAME_LINE.search(blocks[end].plain) or SEPARATOR.match(blocks[end].plain)):
            end += 1
        head = " ".join(b.plain or b.caption for b in blocks[:end])  # the logo's caption: the union's name
        notes.append(f"đã bỏ phần đầu của văn bản hành chính («{_short(head)}») — "
                     "quốc hiệu, tiêu ngữ, số và ngày của văn bản không cần trên bản tin; thêm lại nếu muốn")
        blocks = blocks[end:]
    blocks, joined = _kind_and_subject(blocks, kind_lines(document_kinds))
    if not heads and not joined:
        return blocks, []
    if joined:
        notes.append(joined)
    addressed = [i for i, block in enumerate(blocks[:3]) if block.kind == "paragraph"
                 and re.match(r"\s*kính\s+gửi\b", block.plain, re.IGNORECASE)]
    for i in reversed(addressed):
        end = i + 1  # the recipients listed under it, one a line («- Các hội thành viên;»), or a Word list
        while end < min(len(blocks), i + 12) and len(blocks[end].plain) <= 150 and (
                (blocks[end].kind == "paragraph" and RECIPIENT.match(blocks[end].plain))
                or (blocks[end].kind == "list" and end == i + 1 and blocks[i].plain.rstrip().endswith(":"))):
            end += 1
        notes.append(f"đã bỏ dòng «{_short(' '.join(b.plain for b in blocks[i:end]))}» của văn bản")
        blocks = blocks[:i] + blocks[end:]
    # The footnotes' block comes last: kept (it went with the closing, and
    # the article's «[^1]» pointed at nothing: the checker refused it).
    footnotes = [block for block in blocks if block.kind == "notes"]
    blocks = [block for block in blocks if block.kind != "notes"]
    tail = [i for i, block in enumerate(blocks) if slugify(block.plain).startswith("noi-nhan")
            and len(blocks) - i <= CLOSING_BLOCKS and all(map(_short_block, blocks[i + 1:]))]
    if tail:
        left = blocks[tail[0]:]
        notes.append(f"đã bỏ phần cuối của văn bản («{_short(' '.join(b.plain for b in left))}»"
                     f"{' và ảnh chữ ký, con dấu' if any(b.picture for b in left) else ''}) — nơi nhận và "
                     "chữ ký không cần trên bản tin; thêm lại nếu muốn")
        blocks = blocks[:tail[0]]
    return blocks + footnotes, notes


def shift_headings(blocks: list[Block]) -> None:
    """The article's own sections start at ``##`` (``#`` is the page's title)."""
    levels = [block.level for block in blocks if block.kind == "heading"]
    if not levels:
        return
    shift = 2 - min(levels)
    for block in blocks:
        if block.kind == "heading":
            block.level = min(6, block.level + shift)


# A line of a document's legal basis («Căn cứ Điều lệ …;», «Theo đề nghị
# của …,»): the first paragraphs of a Kế hoạch or Quyết định, ended by «;»
# or «,». As the summary, every listing and share card said «Căn cứ Điều
# lệ Liên hiệp Hội …» of the plan instead of what it plans.
LEGAL_BASIS = re.compile(r"(căn cứ|theo đề nghị)\b.*[;,]", re.IGNORECASE | re.DOTALL)


def make_summary(blocks: list[Block], limit: int) -> str:
    """The first paragraph's text but for the lines of a legal basis
    (``LEGAL_BASIS``; theirs when there is nothing else), cut at a sentence
    (else a word) to fit."""
    paragraphs = [nfc(b.plain).strip() for b in blocks if b.kind == "paragraph" and b.plain.strip()]
    text = next((text for text in paragraphs if not LEGAL_BASIS.fullmatch(text)), paragraphs[0] if paragraphs else "")
    if len(text) <= limit:
        return text
    cut = text[:limit]
    sentence = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "), cut.rfind("." + "\u201d"))
    if sentence >= limit // 3:
        return cut[: sentence + 1].strip()
    return cut[: cut[: limit - 1].rfind(" ")].rstrip(" ,;:–-") + "…"


# --- The import ----------------------------------------------------------------------------
@dataclass
class Imported:
    """What an import wrote (or would write)."""

    path: Path
    url: str
    title: str
    photos: list[Path]
    text: str
    warnings: list[str] = field(default_factory=list)


def build_article(source: Path, settings: dict, category: str | None = None, date: str | None = None,
                  tags: str = "", now: datetime | None = None, taken: frozenset[str] | None = None,
                  slug: str = ""):
    """Everything an import writes, in memory: (Imported, {path: bytes}).
    ``slug``: the address asked for (``--slug``), else the title's.
    ``taken``: in an inbox run (not None), slugs other documents of the run
    were given, on branches of their own the content does not show yet; an
    address already used there or in the content gets «-2» (the editor
    cannot retype a title in the browser: the draft's pull request says
    why). From the command line such an address is refused, naming
    ``--slug``."""
    # Imported here, not at the top: the content checker imports this module
    # for ``import_config`` (the inbox it names) at every start, and
    # docx_markdown brings mammoth and the legacy font tables (~80 ms).
    from .docx_markdown import PICTURE_RE, convert, figure_markdown, join_blocks

    config = Config.from_settings(settings)
    options = import_config(settings)
    source = path_on_disk(source)  # typed in NFC, named in NFD by a Mac
    data = read_document(source)
    try:
        marking, internal = markings(data)
        if marking:
            raise WorkflowError(f"tệp «{source.name}» mang độ mật «{marking}»: tài liệu mật không được đăng lên "
                                "trang web — không nhập tệp này; báo ngay người quản trị để xoá tệp khỏi kho mã (tệp "
                                "đã tải lên thì ai cũng tải về được, kể cả sau khi xoá khỏi thư mục nhập)")
        converted = convert(data, options["caption_max_chars"])
    except DAMAGED as error:
        raise damaged(source.name, error) from None
    from plugins.images import load_config as images_config

    longest = images_config(settings.get("IMAGES", {}))["original_max"]
    photos = {picture.number: read_photo(picture, converted.blocks, longest) for picture in converted.pictures}
    if not any(block.plain.strip() or block.picture for block in converted.blocks):
        lost = lost_objects(data)  # not empty in Word: all of it is what the import cannot read
        if lost:
            raise WorkflowError(f"tệp «{source.name}» chưa nhập được: "
                                + "; ".join(lost))
        raise WorkflowError(f"tệp «{source.name}» trống: không có chữ hay ảnh nào — mở tệp trong Word xem có "
                            "đúng tệp cần đăng không, rồi nhập tệp có nội dung")
    blocks, framed = drop_frame(converted.blocks, config.document_kinds)
    # the «Lưu hành nội bộ» line (said below) is neither the title, the summary nor the text
    blocks = [block for block in blocks if not (internal and INTERNAL_MARK.fullmatch(mark_line(block.plain)))]
    stale = stale_title(converted.title_property, blocks)
    title, blocks = choose_title(blocks, converted.title_property)
    if not any(block.plain.strip() or block.picture or PICTURE_RE.search(block.markdown or "")
               for block in blocks if block.kind != "notes"):
        raise WorkflowError(f"tệp «{source.name}» chỉ có tiêu đề «{title}», chưa có nội dung bài — viết nội "
                            "dung dưới tiêu đề trong Word, lưu lại rồi nhập lại")
    shift_headings(blocks)
    changed: list[str] = framed  # written differently from the document (its frame, a long title's address)
    # «--date 2205-01-01» was said nothing of: a future date is noted.
    when, shown_date = given_date(date, now, config, changed)
    if title.isupper() and len(title.split()) > 2:
        # Not lowered here: the proper names in it (Liên hiệp Hội, Thái Bình)
        # would be lowered too. Listings and shares show it as typed.
        changed.append(f"tiêu đề «{_short(title)}» viết toàn chữ in hoa — trang web đặt tiêu đề bằng chữ thường, "
                       "chỉ viết hoa chữ đầu và tên riêng: sửa «Tiêu đề» của bài (ví dụ «Báo cáo kết quả hoạt động "
                       "năm 2025»)")
    try:
        plan = plan_article(title, settings, category, when, slug=slug, notes=changed)
        owner = None
    except SlugTaken as error:  # an article (or its file) has this address
        if taken is None:
            raise
        plan, owner = None, error
    if taken is not None and (plan is None or plan.slug in taken):  # or a draft not on the branch yet
        first, limit = (plan.slug, plan.limit) if plan else (owner.slug, owner.limit)
        used = set(taken)
        while True:
            other = free_slug(first, used, limit)
            try:
                plan = plan_article(title, settings, category, when, slug=other, notes=changed)
                break
            except SlugTaken:
                used.add(other)
        if owner is not None:
            changed.append(f"đã có bài cùng tiêu đề (cùng địa chỉ) nên bài này có địa chỉ «{plan.url}» — nếu "
                           "là cùng một bài, hãy sửa bài đã có thay vì đăng bài này")
        else:
            changed.append(f"một bản nháp khác (nhập cùng lúc, hoặc đang chờ đăng) có cùng tiêu đề nên bài "
                           f"này có địa chỉ «{plan.url}» — nếu hai bản nháp là một bài, chỉ đăng một bản và "
                           "xoá bản kia")
    summary = make_summary(blocks, config.summary_max_chars)

    images = config.content / "images" / f"{when:%Y}"
    files: dict[Path, bytes] = {}
    names = {}
    written: dict[bytes, str] = {}  # a photo's bytes -> its name: one pasted twice is one file
    # Only the pictures the article shows: the signature of a closing left
    # out was written beside it (from the inbox, into the public
    # repository), linked from nowhere.
    shown = {block.picture for block in blocks if block.kind == "figure"} | {
        int(match.group(1)) for block in blocks for match in PICTURE_RE.finditer(block.markdown or "")}
    for number, photo in photos.items():
        if number not in shown:
            continue
        if photo.data in written:
            names[number] = written[photo.data]
            continue
        path = images / f"{plan.slug}-{number}.{photo.extension}"
        if path.exists():
            raise WorkflowError(f"ảnh {display_path(path)} đã có — không ghi đè; xoá hoặc đổi tên ảnh đó, hoặc "
                                "đổi tiêu đề của tài liệu")
        files[path] = photo.data
        names[number] = written[photo.data] = "{static}/" + path.relative_to(config.content).as_posix()

    def alt(number: int, caption: str) -> str:
        return caption or f"Ảnh {number}: {title}"

    def render(block: Block) -> str:
        if block.kind == "heading":
            return "#" * block.level + " " + block.markdown
        if block.kind == "figure":
            photo = photos[block.picture]
            return figure_markdown(names[block.picture], alt(block.picture, block.caption), block.caption,
                                   photo.width, photo.height)
        return PICTURE_RE.sub(lambda m: figure_markdown(names[int(m.group(1))], alt(int(m.group(1)), ""), "", 0, 0),
                              block.markdown)

    body = join_blocks(blocks, render)
    # A note whose mark was in the title or a caption (plain text there):
    # its definition alone was published, «↩» linking nowhere, or nothing
    # was said of it. Named for review instead.
    notes, unplaced = [], list(converted.unreferenced_notes)
    for line in "\n".join(block.markdown for block in blocks if block.kind == "notes").splitlines():
        mark = re.match(r"(\[\^\d+\]): (.*)", line)
        if mark and mark[1] not in body:
            unplaced.append(mark[2])
        else:
            notes.append(line)
    notes = "\n".join(notes)
    changed += [f"chú thích cuối trang «{_short(note)}» gắn ở tiêu đề hoặc ở chú thích ảnh, nơi trang web không "
                "đặt được chú thích, nên không có trong bài — nếu cần, viết nó vào nội dung bài" for note in unplaced]
    header = header_text(plan, shown_date, settings, tags, summary, notes=changed)
    text = nfc(header + "\n" + body + ("\n\n" + notes if notes else "") + "\n")
    files[plan.path] = text.encode("utf-8")
    messages = [f"phông chữ «{font}» (đoạn «{sample}») có vẻ là phông tiếng Việt cũ chưa có bảng mã — chữ có dấu "
                "ở đó có thể sai: chuyển đoạn đó sang Unicode bằng Unikey (Công cụ chuyển mã) rồi nhập lại, hoặc "
                "sửa trong bài" for font, sample in sorted(converted.unknown_fonts.items())]
    messages += [f"liên kết «{words}» trỏ tới «{href}», một tệp trên máy tính đã soạn tài liệu, không mở được trên "
                 "trang web nên chỉ giữ chữ — nếu cần liên kết, đăng tệp đó ở mục Văn bản rồi liên kết tới trang "
                 "của nó" for words, href in converted.dropped_links]
    messages += lost_objects(data) + review_marks(data) + ([stale] if stale else []) + changed
    if internal:
        messages.insert(0, f"tài liệu ghi «{internal}»: chỉ đăng khi lãnh đạo đã đồng ý công khai — nếu không, xoá "
                           "bản nháp và báo người quản trị xoá tệp khỏi kho mã (tệp tải lên ai cũng tải về được)")
    imported = Imported(plan.path, plan.url, title, sorted(p for p in files if p != plan.path), text, messages)
    return imported, files


def write_all(files: dict[Path, bytes]) -> None:
    """Write every file or none: a file that exists is never overwritten,
    and a failure removes what this call wrote."""
    written: list[Path] = []
    made: list[Path] = []  # folders this call made (content/2025/, images/2025/), removed again on failure
    path = None
    try:
        for path, data in files.items():
            for folder in reversed([path.parent, *path.parent.parents]):
                if not folder.is_dir():
                    folder.mkdir()
                    made.append(folder)
            with open(path, "xb") as file:
                written.append(path)
                file.write(data)
    except OSError as error:
        for done in written:
            done.unlink(missing_ok=True)
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        where = Path(error.filename) if error.filename else path
        raise WorkflowError(file_problem(error, where, reading=False) + "; chưa có tệp nào được ghi") from None


def import_docx(source: Path, settings: dict, category: str | None = None, date: str | None = None,
                tags: str = "", now: datetime | None = None, taken: frozenset[str] | None = None,
                slug: str = "") -> Imported:
    """Import ``source``: write the article and its photos; return what was written."""
    imported, files = build_article(Path(source), settings, category, date, tags, now, taken, slug)
    write_all(files)
    return imported


# --- The inbox (the desk's route, through git) -----------------------------------------------
@dataclass
class Request:
    """A document waiting in the inbox, with what the desk's form said."""

    document: Path
    files: list[Path]  # what leaves the inbox with it
    category: str | None = None
    tags: str = ""
    date: str | None = None


def inbox_requests(inbox: Path) -> list[Request]:
    """Every .docx in the inbox: named by a request (``*.json``: ``file``,
    ``category``, ``tags``, ``date``) or on its own."""
    requests, claimed = [], set()
    for path in sorted(inbox.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            named = str(data["file"])
        except (OSError, ValueError, KeyError, TypeError):
            raise WorkflowError(f"{display_path(path)}: không đọc được yêu cầu nhập (JSON có khoá «file») — "
                                "xoá tệp này rồi tải tài liệu lên lại") from None
        document = (inbox / Path(named).name)
        tags = data.get("tags") or ""
        requests.append(Request(document, [path, document], data.get("category") or None,
                                ", ".join(tags) if isinstance(tags, list) else str(tags),
                                str(data["date"]) if data.get("date") else None))
        claimed.add(document.name)
    for path in sorted(inbox.iterdir()) if inbox.is_dir() else []:
        if (path.suffix.lower() in INBOX_SUFFIXES and path.name not in claimed
                and not is_system_file(path.name)):  # Word's ~$owner file got a «Không nhập được» request
            requests.append(Request(path, [path]))
    return requests


@dataclass
class InboxResult:
    request: Request
    imported: Imported | None = None
    error: str = ""
    branch: str = ""
    label: str = ""  # the desk's status label for the pull request (DESK_DRAFT_LABEL), or none


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout.strip()


# The desk's editorial workflow (Sveltia CMS, plugins/desk) lists, on its
# «Quy trình biên tập» board, every open pull request carrying one of its
# status labels whose branch is ``cms/<collection>/<anything>``; it reads
# the entry from the branch's files and saves later edits onto that branch
# (Sveltia's src/lib/services/workflow/branch.js, WORKFLOW_BRANCH_PREFIX;
# constants.js, DEFAULT_CMS_LABEL_PREFIX and WORKFLOW_STAGES; save.js, "only
# the collection name is read back from it"). It opens its own drafts the
# same way: a GitHub draft pull request labelled ``sveltia-cms/draft``.
# tests/test_import_docx.py checks the vendored bundle still says so.
DESK_BRANCH_PREFIX = "cms/"
DESK_DRAFT_LABEL = "sveltia-cms/draft"


def desk_collection(settings: dict) -> str | None:
    """The desk's collection an imported article is a draft of, or None
    when the desk has no «Quy trình biên tập» board (disabled, or
    ``publish_mode`` "simple")."""
    from plugins.desk import COLLECTIONS, DeskError, load_config

    try:
        desk = load_config(settings.get("DESK", {}))
    except DeskError as error:
        raise WorkflowError(str(error)) from None
    if not desk["enabled"] or desk["publish_mode"] != "editorial_workflow":
        return None
    return COLLECTIONS["article"]["name"]


def branch_names(options: dict, request: Request, collection: str | None = None) -> tuple[str, str]:
    """A document's two possible branches: (a failure's, under
    ``branch_prefix``: it only removes the file; an imported article's, a
    draft of the desk's ``collection``, ``cms/bai-viet/…``, so the desk lists
    it, or the first without a collection). Named by the document's name and
    content: a document uploaded twice gives the same branch, so the
    workflow opens one pull request."""
    try:
        digest = hashlib.sha256(request.document.read_bytes()).hexdigest()[:8]
    except OSError:
        digest = "0" * 8
    name = f"{slugify(request.document.stem) or 'tai-lieu'}-{digest}"
    failed = options["branch_prefix"] + name
    return failed, f"{DESK_BRANCH_PREFIX}{collection}/{name}" if collection else failed


def drafted_slugs(root: Path, base: str, collection: str, settings: dict) -> set[str]:
    """The slugs of the articles the open drafts of the desk's
    ``collection`` add (branches ``cms/<collection>/…``, local or fetched
    as ``origin/…``; .github/workflows/import-docx.yml fetches them): a Word
    file titled like one of them would be a second draft at its address."""
    content = Path(os.path.relpath(Config.from_settings(settings).content, root)).as_posix()
    prefix = f"{DESK_BRANCH_PREFIX}{collection}/"
    refs = git(root, "for-each-ref", "--format=%(refname)", f"refs/heads/{prefix}",
               f"refs/remotes/origin/{prefix}").split()
    return {Path(path).stem for ref in refs
            for path in git(root, "diff", "--name-only", "--diff-filter=A", base, ref, "--", content).splitlines()
            if path.endswith(".md")}


def pull_request_text(result: InboxResult, root: Path) -> tuple[str, str]:
    """The draft pull request's title and body (Vietnamese, for editors)."""
    name = result.request.document.name
    if result.imported is None:
        return (f"Không nhập được «{name}»",
                f"Không nhập được tệp Word «{name}»:\n\n> {result.error}\n\n"
                "Sửa tệp theo hướng dẫn trên rồi tải lên lại. Yêu cầu này chỉ xoá tệp khỏi thư mục nhập: "
                "hợp nhất (merge) hoặc đóng nó đều được.\n")
    imported = result.imported
    lines = [f"Bài nhập từ «{name}»: `{imported.path.relative_to(root).as_posix()}`"
             f" và {len(imported.photos)} ảnh.", "",
             *(["Đây là bản nháp, chưa đăng. Trên bàn biên tập (/quan-tri/): «Quy trình biên tập» › cột «Bản "
                "nháp» › bấm vào bài để đọc và sửa (cả ảnh, thẻ, ảnh đại diện); xong, đổi trạng thái sang «Sẵn "
                "sàng» rồi «Xuất bản bài viết»: bài lên trang sau vài phút. Hoặc ngay tại đây, trên GitHub:"]
               if result.label else ["Đây là bản nháp, chưa đăng. Đọc và đăng ngay tại đây, trên GitHub:"]), "",
             "1. Thẻ «Files changed»: đọc bài (tệp .md) và xem ảnh.",
             "2. Cần sửa: ở tệp .md bấm «…» › «Edit file», sửa, rồi «Commit changes».",
             "3. Xong: bấm «Ready for review», chờ các bước kiểm tra có dấu ✓ xanh, rồi «Merge pull request» › "
             "«Confirm merge»: bài lên trang sau vài phút.", "",
             *([] if result.label else ["Sau khi đăng, bài sửa tiếp được trong bàn biên tập như mọi bài (thẻ, "
                                        "ảnh đại diện…)."])]
    if imported.warnings:
        lines += ["", "Cần xem lại:", *(f"- {message}" for message in imported.warnings)]
    return f"Bài mới từ Word: {imported.title}", "\n".join(lines) + "\n"


def run_inbox(settings: dict, root: Path, commit: bool = False, manifest: Path | None = None,
              now: datetime | None = None) -> list[InboxResult]:
    """Import every document of the inbox. With ``commit``, each on its own
    branch from the current commit (``git``), the inbox files removed in
    the same commit; ``manifest`` gets one line per branch:
    ``branch<TAB>title<TAB>body file<TAB>label``."""
    options = import_config(settings)
    collection = desk_collection(settings)
    inbox = root / options["inbox"]
    results = []
    base = git(root, "rev-parse", "HEAD") if commit else ""
    # Addresses taken by drafts not on the branch yet: this run's imports
    # (each on a branch of its own), and the open drafts' (the desk's and
    # earlier runs' cms/<collection>/… branches, local or fetched).
    taken = drafted_slugs(root, base, collection, settings) if commit and collection else set()
    for request in inbox_requests(inbox):
        result = InboxResult(request)
        branch, draft = branch_names(options, request, collection)  # before the import reads (and may not) it
        try:
            result.imported = import_docx(request.document, settings, request.category, request.date,
                                          request.tags, now, frozenset(taken))
            taken.add(result.imported.path.stem)
        except WorkflowError as error:
            result.error = str(error)
        except Exception:  # noqa: BLE001  one document must not stop the others
            # A case no message covers yet: the others are still imported,
            # this file leaves the inbox with a pull request that says so
            # (else it stayed there and stopped every later import), and
            # the maintainer finds the traceback in the run's log.
            traceback.print_exc()
            result.error = (f"không đọc được tệp «{request.document.name}»: chương trình nhập gặp một lỗi chưa "
                            "lường trước (người quản trị xem chi tiết trong nhật ký của lần chạy) — mở tệp trong "
                            "Word, chọn Tệp › Lưu thành một tệp .docx mới rồi tải lên lại; nếu vẫn lỗi, báo người "
                            "quản trị trang")
        if result.imported and collection:
            result.branch, result.label = draft, DESK_DRAFT_LABEL
        else:
            result.branch = branch
        for path in request.files:
            path.unlink(missing_ok=True)
        if commit:
            git(root, "switch", "--quiet", "-C", result.branch, base)  # the same commit: the changes stay
            git(root, "add", "--all", "--", options["inbox"], *(
                [str(p.relative_to(root)) for p in [result.imported.path, *result.imported.photos]]
                if result.imported else []))
            title, _ = pull_request_text(result, root)
            git(root, "commit", "--quiet", "-m", title)
            git(root, "switch", "--quiet", "--detach", base)
        results.append(result)
    if manifest is not None:
        manifest.parent.mkdir(parents=True, exist_ok=True)
        lines = []
        for number, result in enumerate(results, start=1):
            title, body = pull_request_text(result, root)
            body_file = manifest.with_name(f"{manifest.stem}-{number}.md")
            body_file.write_text(body, encoding="utf-8")
            lines.append(f"{result.branch}\t{title}\t{body_file}\t{result.label}")
        manifest.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return results


# --- Command line ----------------------------------------------------------------------------
def report(imported: Imported, host: str = "127.0.0.1", port: int = 8000, out=None) -> None:
    out = out or sys.stdout
    print(f"Đã tạo {display_path(imported.path)}", file=out)
    if imported.photos:
        print(f"Ảnh: {len(imported.photos)} tệp trong {display_path(imported.photos[0].parent)}/", file=out)
    print(f"Xem trước: chạy «make serve» rồi mở http://{host}:{port}/{imported.url}", file=out)
    for message in imported.warnings:
        print(f"cảnh báo: {message}", file=sys.stderr)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m workflow.import_docx",
        description="Nhập một tài liệu Word (.docx) thành bài viết (Import a .docx as an article).",
    )
    parser.add_argument("document", nargs="?", type=Path, help="tệp .docx cần nhập")
    parser.add_argument("--category", help="chuyên mục (một trong danh sách chuyên mục của pelicanconf.py)")
    parser.add_argument("--date", help="ngày đăng, YYYY-MM-DD hoặc YYYY-MM-DD HH:MM (mặc định: bây giờ)")
    parser.add_argument("--tags", default="", help="các thẻ, cách nhau bởi dấu phẩy")
    parser.add_argument("--slug", default="", help="địa chỉ của bài (mặc định: theo tiêu đề)")
    parser.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py",
                        help="tệp cấu hình Pelican (mặc định: pelicanconf.py)")
    parser.add_argument("--inbox", action="store_true",
                        help="nhập mọi tài liệu trong thư mục nhận tệp Word (mặc định: nhap-word/)")
    parser.add_argument("--commit", action="store_true", help="với --inbox: mỗi tài liệu một nhánh git, đã commit")
    parser.add_argument("--manifest", type=Path, help="với --inbox: ghi danh sách nhánh cho GitHub Actions")
    args = parser.parse_args(argv)
    utf8_output()
    try:
        settings = load_settings(args.settings)
        if args.inbox:
            root = args.settings.resolve().parent
            results = run_inbox(settings, root, args.commit, args.manifest)
            for result in results:
                if result.imported:
                    print(f"{result.request.document.name}: đã tạo {display_path(result.imported.path)}")
                else:
                    print(f"{result.request.document.name}: lỗi: {result.error}", file=sys.stderr)
            if not results:
                print(f"Không có tài liệu nào trong {display_path(root / import_config(settings)['inbox'])}/")
            return 0
        if args.document is None:
            raise WorkflowError("thiếu tên tệp — viết: invoke import-docx \"Bao cao.docx\"")
        report(import_docx(args.document, settings, args.category, args.date, args.tags, slug=args.slug))
        return 0
    except WorkflowError as error:
        print(f"lỗi: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
