"""Pure rules for Vietnamese content, shared by the Pelican plugins and the
content checker (``invoke check``): functions of strings, no signals.

Messages are in Vietnamese: editors read them.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import html
import os
import re
import unicodedata
from datetime import datetime
from pathlib import Path

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify as pelican_slugify

from plugins.core.errors import ContentError, display_path

DATE_FORM = "YYYY-MM-DD hoặc YYYY-MM-DD HH:MM (ví dụ 2020-11-11 hoặc 2020-11-11 08:30)"
_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}))?$")


# Hỏi & đáp items live here under content/ (read by the bulletin plugin).
FAQ_PATH = "hoi-dap"


def nfc(text: str) -> str:
    """Compose text to NFC: NFD input (some Vietnamese keyboards) must give
    exactly the same site as NFC input."""
    return unicodedata.normalize("NFC", text)


def parse_date(value: str) -> datetime:
    """Parse an ISO date ``YYYY-MM-DD[ HH:MM]`` into a naive datetime.

    Raises ContentError (in Vietnamese) for anything else: dateutil, which
    Pelican uses, would read ``05/03/2025`` as 3 May.
    """
    text = value.strip()
    match = _DATE_RE.match(text)
    if not match:
        raise ContentError(
            f"ngày «{text}» không đúng dạng — hãy viết theo dạng {DATE_FORM}"
        )
    year, month, day, hour, minute = (int(g) if g else 0 for g in match.groups())
    try:
        return datetime(year, month, day, hour, minute)
    except ValueError:
        raise ContentError(
            f"ngày «{text}» không có thật trên lịch — hãy sửa lại ngày, "
            f"theo dạng {DATE_FORM}"
        ) from None


@functools.lru_cache(maxsize=8192)
def slugify(text: str) -> str:
    """ASCII slug: tones dropped, đ→d (``tin-hoat-dong-lhh``), exactly as
    Pelican makes it for titles, categories and tags."""
    return pelican_slugify(text, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])


def canonical_spellings(names) -> dict[str, str]:
    """Map every spelling of a tag to one spelling per slug.

    Tags that differ only in tone placement or case (``Thái Thuỵ`` and
    ``Thái Thụy``) share a slug. The spelling used most wins; a tie goes to
    the first in Unicode order, so the choice never depends on file order.
    """
    counts: dict[str, dict[str, int]] = {}
    for name in names:
        spellings = counts.setdefault(slugify(name), {})
        spellings[name] = spellings.get(name, 0) + 1
    chosen = {}
    for spellings in counts.values():
        best = min(spellings, key=lambda s: (-spellings[s], s))
        for spelling in spellings:
            chosen[spelling] = best
    return chosen


def header_line(text: str, key: str) -> int:
    """1-based line number of header ``key`` in a Markdown file's text, or 1."""
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*:", re.IGNORECASE)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            break
        if pattern.match(line):
            return number
    return 1


# --- Headers -------------------------------------------------------------------
# Every header key an article, page or Hỏi & đáp item may use, spelled as
# editors write them. Keys are case-insensitive (Markdown lower-cases them).
KNOWN_HEADERS = (
    "Title", "Date", "Modified", "Author", "Authors", "Category", "Tags",
    "Summary", "Slug", "Status", "Template", "Image", "Caption", "Subtitle",
    "Organization", "Counter", "Save_as", "Url", "Lang",
)
# Required headers by kind of file: articles, pages (content/pages/) and
# Hỏi & đáp items (content/hoi-dap/). ``Author`` is satisfied by ``Authors``.
REQUIRED_HEADERS = {
    "article": ("Title", "Date", "Author", "Category"),
    "page": ("Title",),
    "faq": ("Title", "Date"),
}
STATUSES = ("published", "draft", "hidden")


def missing_header(key: str) -> str:
    """The message for a required header that is missing or empty."""
    return (
        f"thiếu dòng «{key}:» ở đầu tệp — "
        f"thêm dòng «{key}: …» vào phần đầu (trước dòng trống đầu tiên)"
    )


def empty_header(key: str) -> str:
    """The message for a required header whose value is empty."""
    return f"dòng «{key}:» để trống — viết {key} ngay sau dấu hai chấm"


def closest(word: str, choices) -> str | None:
    """The choice nearest to ``word`` (a typo such as ``Tittle``), compared
    without case and tone marks first, then by similarity; None if none is
    close."""
    choices = list(choices)
    for choice in choices:
        if slugify(choice) == slugify(word):
            return choice
    lowered = {choice.lower(): choice for choice in choices}
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def split_list(value: str) -> list[str]:
    """Split a ``Tags``/``Authors`` value as Pelican does: on semicolons if
    there is one, else on commas; items stripped, empty ones dropped."""
    parts = value.split(";") if ";" in value else value.split(",")
    return [part.strip() for part in parts if part.strip()]


def title_slug(title: str) -> str:
    """The slug Pelican gives an item without a ``Slug`` header: the title as
    the ``vietnamese`` reader passes it on (NFC, HTML-escaped), slugified."""
    return slugify(html.escape(nfc(title).strip(), quote=False))


def collision_message(url: str) -> str:
    """The message for two items that would be written to one URL."""
    return (
        f"trùng địa chỉ «{url}» "
        "(tiêu đề giống nhau khi bỏ dấu) — thêm vào phần đầu của một trong "
        "hai tệp dòng «Slug: …» với một địa chỉ khác, ví dụ «Slug: "
        "hoi-nghi-tong-ket-2025»"
    )


def missing_link(kind: str, target: str, path: str, names=()) -> str:
    """The message for a ``{static}``/``{filename}``/``{attach}`` link (or a
    document's ``Files:`` entry) naming a file that is not there; ``names``:
    the files of its folder, for the closest suggestion."""
    folder, name = os.path.split(path)
    nearest = closest(name, names)
    fix = (f"có phải là «{nearest}»?" if nearest else
           "kiểm tra tên tệp (chữ hoa, chữ thường, phần đuôi) và chép tệp vào "
           f"{display_path(folder)}/")
    return f"liên kết «{{{kind}}}{target}» trỏ tới tệp không có ({display_path(path)}) — {fix}"


def folder_names(folder) -> list[str]:
    """The names in a folder, or none when it is not there."""
    try:
        return os.listdir(folder)
    except OSError:
        return []


def not_in_list(what: str, value: str, choices, setting: str) -> str:
    """A header value that must be one of a settings list (a document's
    ``Kind:`` or ``Group:``), with the closest choice suggested."""
    suggestion = closest(value, choices)
    fix = (f"có phải là «{suggestion}»?" if suggestion else
           f"các giá trị hợp lệ: {', '.join(f'«{name}»' for name in choices)}")
    return f"{what} «{value}» không có trong danh sách {setting} — {fix}"


def body_text(markup: str) -> str:
    """What a reader would see of a body: HTML comments (the scaffold's
    hints) and white space removed."""
    return re.sub(r"<!--.*?-->", "", markup, flags=re.DOTALL).strip()


# --- Documents (Văn bản) ---------------------------------------------------------
# One Markdown file per document under content/van-ban/ (read by the
# ``documents`` plugin); attachments beside them, in content/van-ban/<year>/.
DOCUMENTS_PATH = "van-ban"
# Headers only documents have (besides Title, Date, Tags, Summary, Status…).
DOCUMENT_HEADERS = ("Number", "Kind", "Issuer", "Signer", "Files", "Group")
REQUIRED_HEADERS["document"] = ("Title", "Number", "Date", "Kind")
# Headers that only articles have (the ``albums`` plugin).
ARTICLE_HEADERS = ("Album",)
EXTRA_HEADERS = {"document": DOCUMENT_HEADERS, "article": ARTICLE_HEADERS}
# How a file's type is named beside its download link; others: the extension.
FILE_TYPES = {
    ".pdf": "PDF", ".doc": "Word", ".docx": "Word", ".odt": "ODT", ".xls": "Excel",
    ".xlsx": "Excel", ".ods": "ODS", ".ppt": "PowerPoint", ".pptx": "PowerPoint",
    ".zip": "ZIP", ".rar": "RAR", ".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG",
}


@functools.lru_cache(maxsize=4096)
def number_words(number: str) -> tuple[str, ...]:
    """The letters and digits of a document number, folded (tone marks
    dropped, đ → d, lower case): ``45/QĐ-LHH`` → ``("45", "qd", "lhh")``."""
    text = nfc(number).lower().replace("đ", "d")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return tuple(re.findall(r"[^\W_]+", text))


def number_slug(number: str) -> str:
    """The address part of a document number: ``45/KH-LHH`` → ``45-kh-lhh``.
    Two numbers with one slug are one number typed twice (``45/QĐ-LHH``,
    ``45/QD-LHH``)."""
    return "-".join(number_words(number))


def number_pairs(number: str) -> str:
    """Adjacent parts of a number joined, as the search joins the syllables
    of a query (``45 kh lhh`` or ``45/KH-LHH`` → ``45kh khlhh``)."""
    words = number_words(number)
    return " ".join(a + b for a, b in zip(words, words[1:]))


def split_files(value: str) -> list[str]:
    """The entries of a ``Files:`` header: comma- or line-separated."""
    return [part.strip() for part in re.split(r"[,\n]", value or "") if part.strip()]


def files_missing(empty: bool) -> str:
    """A document with neither attachments nor text: its ``Files:`` header
    is missing (or empty)."""
    what = "dòng «Files:» để trống" if empty else "thiếu dòng «Files:» (tệp đính kèm)"
    return (f"{what} mà phần nội dung cũng trống — viết «Files: {{static}}/{DOCUMENTS_PATH}/"
            "<năm>/ten-tep.pdf» ở phần đầu, hoặc chép toàn văn văn bản vào phần nội dung")


def attachment_not_static(entry: str) -> str:
    name = entry.strip().rsplit("/", 1)[-1] or "ten-tep.pdf"
    return (f"tệp đính kèm «{entry}» phải viết dạng «{{static}}/{DOCUMENTS_PATH}/<năm>/{name}» "
            f"— chép tệp vào content/{DOCUMENTS_PATH}/<năm>/ rồi viết đường dẫn như vậy")


def attachment_outside(entry: str) -> str:
    return (f"tệp đính kèm «{entry}» phải nằm trong content/{DOCUMENTS_PATH}/ — chép tệp vào "
            f"content/{DOCUMENTS_PATH}/<năm>/ và viết «{{static}}/{DOCUMENTS_PATH}/<năm>/…»")


def file_size(size: int) -> str:
    """A file size as Windows shows it, with a Vietnamese decimal comma:
    ``850 KB``, ``1,2 MB`` (1 KB = 1,024 bytes)."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1024 / 1024:.1f}".replace(".", ",") + " MB"


def file_type(name: str) -> str:
    suffix = os.path.splitext(name)[1].lower()
    return FILE_TYPES.get(suffix, suffix.lstrip(".").upper() or "Tệp")


def attachment_too_large(entry: str, size: int, limit_mb: float) -> str:
    limit = f"{limit_mb:g}".replace(".", ",")
    return (f"tệp đính kèm «{entry}» nặng {file_size(size)}, quá {limit} MB nên khó tải trên "
            "điện thoại — nén lại (PDF: «Lưu thành» khổ nhỏ, ảnh quét 150 dpi) hoặc chia thành "
            "nhiều tệp")


def bad_number(number: str) -> str:
    return (f"số văn bản «{number}» không có chữ hoặc số nào — viết số và ký hiệu như trên "
            "văn bản, ví dụ «Number: 45/KH-LHH»")


def duplicate_number(number: str, year: int, others) -> str:
    return (f"số văn bản «{number}» năm {year} đã được dùng (tệp trùng: {', '.join(others)}) — "
            "mỗi văn bản có một số riêng trong năm; sửa dòng «Number:» cho đúng số trên văn bản")


# --- Albums (Album ảnh) ----------------------------------------------------------
# An article's ``Album:`` names a folder under content/images/; its photos
# are shown in file-name order, captions from this file in the folder.
ALBUM_ROOT = "images"
ALBUM_CAPTIONS = "chu-thich.txt"
PHOTO_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")
# Phones' formats browsers cannot show: left out, with a warning.
UNSHOWN_PHOTO_EXTENSIONS = (".heic", ".heif")
_CAPTION_LINE = re.compile(r"^\s*([^:]+?)\s*:\s*(.*?)\s*$")


def natural_key(name: str) -> list:
    """File-name order as Windows Explorer shows it: ``anh-2.jpg`` before
    ``anh-10.jpg`` (digits compared as numbers), case ignored."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part)
            for part in re.split(r"(\d+)", nfc(name).lower())]


def album_folder(value: str, content_root) -> str:
    """The folder an ``Album:`` value names, relative to the content root:
    ``2025/hoi-thi`` (or ``images/2025/hoi-thi``, ``{static}/images/…``) →
    ``images/2025/hoi-thi``."""
    path = re.sub(r"^\{static\}", "", value.strip()).strip("/")
    if path != ALBUM_ROOT and not path.startswith(ALBUM_ROOT + "/"):
        path = f"{ALBUM_ROOT}/{path}"
    return os.path.normpath(path).replace(os.sep, "/")


def photo_size(path) -> tuple[int, int]:
    """(width, height) of a photo as shown (EXIF orientation applied), or a
    ContentError saying it cannot be read."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            image.verify()  # must come first; the image cannot be used after it
        with Image.open(path) as image:  # the header only: size and tags
            width, height = image.size
            orientation = image.getexif().get(0x0112, 1)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ContentError(
            f"không đọc được ảnh «{os.path.basename(path)}» ({display_path(path)}) — tệp hỏng "
            "hoặc không phải ảnh: mở bằng trình xem ảnh rồi lưu lại dạng JPEG, hoặc xoá khỏi thư mục"
        ) from error
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


@dataclasses.dataclass(frozen=True, order=True)
class Problem:
    """One problem found in a file: where, what, and whether it only warns
    (the content checker's line, and the build's)."""

    path: Path
    line: int
    message: str
    warning: bool = False

    def format(self) -> str:
        level = "cảnh báo: " if self.warning else ""
        return f"{display_path(self.path)}:{self.line}: {level}{self.message}"


@dataclasses.dataclass
class AlbumScan:
    """An album folder as read: its photos in order (name, path, width,
    height, caption) and the problems found on the way."""

    folder: str
    photos: list[dict]
    findings: list[Problem]


def read_captions(path: str, findings: list[Problem]) -> dict[str, tuple[str, int]]:
    """``chu-thich.txt``: {file name: (caption, line)}; blank lines and
    ``#`` comments skipped, a UTF-8 BOM allowed."""
    try:
        text = Path(path).read_bytes().removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        findings.append(Problem(Path(path), 1, f"tệp {ALBUM_CAPTIONS} không được lưu bằng bảng mã UTF-8 — "
                                         "mở tệp bằng Notepad, «Lưu thành…», chọn Mã hoá: UTF-8"))
        return {}
    captions: dict[str, tuple[str, int]] = {}
    for number, line in enumerate(nfc(text).splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _CAPTION_LINE.match(line)
        if not match:
            shown = line.strip() if len(line.strip()) <= 40 else line.strip()[:40] + "…"
            findings.append(Problem(Path(path), number, f"dòng «{shown}» không có dạng «ten-tep.jpg: Chú "
                                                  "thích» — viết tên tệp ảnh, dấu hai chấm, rồi chú thích"))
            continue
        name, caption = match.groups()
        if name in captions:
            findings.append(Problem(Path(path), number, f"ảnh «{name}» đã có chú thích ở dòng "
                                                  f"{captions[name][1]} — giữ một dòng cho mỗi ảnh"))
            continue
        captions[name] = (caption, number)
    return captions


def scan_album(value: str, source_path: str, line: int, content_root) -> AlbumScan:
    """Read the album an article's ``Album:`` header (at ``line`` of
    ``source_path``) names: every photo of the folder in natural file-name
    order, with its size and caption. The build and the content checker
    both call it, so they report the same problems:

    - errors: no such folder, no readable photo in it, a photo that cannot
      be read, a malformed caption line, a caption for a file that is not
      there, two captions for one photo;
    - warnings: no caption file (every photo is then without alt text), a
      HEIC photo (left out: browsers cannot show it).
    """
    folder = album_folder(value, content_root)
    full = os.path.join(content_root, folder)
    scan = AlbumScan(folder, [], [])
    where = (Path(source_path), line)
    if not folder.startswith(ALBUM_ROOT + "/"):
        scan.findings.append(Problem(*where, f"album «{value}» phải là một thư mục trong content/"
                                             f"{ALBUM_ROOT}/ — viết ví dụ «Album: 2025/hoi-thi» cho "
                                             f"content/{ALBUM_ROOT}/2025/hoi-thi/"))
        return scan
    if not os.path.isdir(full):
        names = folder_names(os.path.dirname(full))
        nearest = closest(os.path.basename(full), [n for n in names if os.path.isdir(
            os.path.join(os.path.dirname(full), n))])
        fix = (f"có phải là «{nearest}»?" if nearest else
               f"chép ảnh vào {display_path(full)}/, hoặc sửa dòng «Album:» theo tên thư mục")
        scan.findings.append(Problem(*where, f"không có thư mục ảnh «{display_path(full)}» cho "
                                             f"album «{value}» — {fix}"))
        return scan
    names = sorted(folder_names(full), key=natural_key)
    captions_path = os.path.join(full, ALBUM_CAPTIONS)
    has_captions = ALBUM_CAPTIONS in names
    captions = read_captions(captions_path, scan.findings) if has_captions else {}
    by_lower = {name.lower(): name for name in captions}
    photos = [name for name in names if not name.startswith(".")
              and os.path.splitext(name)[1].lower() in PHOTO_EXTENSIONS]
    for name in names:
        if os.path.splitext(name)[1].lower() in UNSHOWN_PHOTO_EXTENSIONS:
            scan.findings.append(Problem(*where, f"ảnh «{name}» (HEIC) không hiện được trên web "
                                                 "nên bị bỏ qua — mở ảnh và lưu lại dạng JPEG", True))
    for name in photos:
        key = name if name in captions else by_lower.get(name.lower())
        caption = captions.pop(key)[0] if key else ""
        try:
            width, height = photo_size(os.path.join(full, name))
        except ContentError as error:
            scan.findings.append(Problem(*where, str(error)))
            continue
        scan.photos.append({"name": name, "path": f"{folder}/{name}", "width": width,
                            "height": height, "caption": caption})
    for name, (_, number) in sorted(captions.items(), key=lambda item: item[1][1]):
        nearest = closest(name, photos)
        fix = f"có phải là «{nearest}»?" if nearest else "sửa tên tệp cho đúng ảnh trong thư mục"
        scan.findings.append(Problem(Path(captions_path), number, f"chú thích cho «{name}» nhưng thư "
                                                            f"mục không có ảnh đó — {fix}"))
    if not photos:
        scan.findings.append(Problem(*where, f"thư mục «{display_path(full)}» của album không có "
                                             "ảnh nào (JPEG, PNG, WebP) — chép ảnh vào "
                                             "thư mục, hoặc xoá dòng «Album:»"))
    elif scan.photos and not has_captions:
        scan.findings.append(Problem(*where, f"album «{value}» chưa có tệp {ALBUM_CAPTIONS} nên "
                                             f"{len(scan.photos)} ảnh không có lời mô tả (alt) cho "
                                             f"người khiếm thị — tạo tệp {display_path(captions_path)}"
                                             ", mỗi dòng «ten-tep.jpg: Chú thích»",
                                     True))
    return scan
