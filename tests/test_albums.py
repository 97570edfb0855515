"""Album ảnh (issue 15): an article's album on a production build served
with the strict CSP (30 photos that compress like real ones, real EXIF, one
with GPS, one a phone's portrait shot stored sideways with GPS, maker note
and thumbnail, one with spaces and tone marks in its name, one without a
caption), the album-anh/ listing (13 albums, two
pages), the viewer in Chromium (keyboard, swipe, Esc, focus, aria, no CSP
violation, axe with the viewer open), the page without JavaScript, and the
weight of the album page before the first scroll on a phone. The checker's
and the build's messages are in test_checker; axe and vnu on the sample
site's album pages in test_quality."""

from __future__ import annotations

import gzip
import io
import json
import re
import subprocess
from urllib.parse import unquote, urlsplit

import pytest
from PIL import ExifTags, Image

from plugins import albums as albums_plugin
from plugins.core import photos
from plugins.core.rules import album_folder, natural_key
from tests.support import AXE, SAMPLE_CATEGORIES, VNU, photo, served_build
from tests.support import photos as made

KB = 1024
PHOTOS = [f"anh-{n}.jpg" for n in range(1, 30)] + ["Ảnh trao giải (30).jpg"]
UNCAPTIONED = "anh-7.jpg"
TITLE = "Hội thi thử nghiệm có album ba mươi ảnh"
ALBUM_URL = "bai-viet/hoi-thi-thu-nghiem-co-album-ba-muoi-anh/"
EXTRA_ALBUMS = 12  # one photo each: 13 albums, two pages of album-anh/ (12 a page)
WEIGHT_BUDGET = 300 * KB


def caption(name: str) -> str:
    return f"Chú thích thử nghiệm của {name.rsplit('.', 1)[0]}"


def album_files() -> dict[str, str | bytes]:
    folder = "images/2024/hoi-thi"
    files: dict[str, str | bytes] = {}
    for number, name in enumerate(PHOTOS, start=1):
        # Photo 3 was taken upright: landscape pixels (1200 × 800, the top
        # left quarter red), Orientation 6 (turn 90° clockwise to show), GPS,
        # a maker note and a thumbnail, as phones store it.
        files[f"{folder}/{name}"] = (made.phone_jpeg(1200, 800, orientation=6) if number == 3
                                     else photo(number, gps=number == 1))
    files[f"{folder}/chu-thich.txt"] = "".join(
        f"{name}: {caption(name)}\n" for name in PHOTOS if name != UNCAPTIONED)
    files["2024/hoi-thi.md"] = (
        f"Title: {TITLE}\nDate: 2024-12-01\nAuthor: Ban thông tin\nCategory: Tin hoạt động LHH\n"
        "Album: 2024/hoi-thi\n\nẢnh của hội thi thử nghiệm, chỉ dùng cho kiểm thử.\n")
    for number in range(1, EXTRA_ALBUMS + 1):
        files[f"images/2023/album-{number}/anh.jpg"] = photo(100 + number, 640, 480)
        files[f"images/2023/album-{number}/chu-thich.txt"] = f"anh.jpg: Ảnh thử nghiệm {number}\n"
        files[f"2023/album-{number}.md"] = (
            f"Title: Album thử nghiệm số {number}\nDate: 2023-{number:02d}-10\nAuthor: Ban thông tin\n"
            f"Category: Tin hoạt động LHH\nAlbum: 2023/album-{number}\n\nBài thử nghiệm.\n")
    return files


@pytest.fixture(scope="module")
def album_build(tmp_path_factory):
    """The real content plus the albums, built for production and served
    with the strict CSP: (Site, base URL)."""
    return served_build(tmp_path_factory, "albums", album_files(), SAMPLE_CATEGORIES)


def thumbnails(built):
    return built.soup(ALBUM_URL).select("main .album-grid li")


def local(built, base: str, url: str):
    return built.output / unquote(urlsplit(url).path).lstrip("/")


# --- Pure functions -------------------------------------------------------------------
def test_file_name_order_is_the_one_windows_explorer_shows():
    names = ["anh-10.jpg", "ANH-2.jpg", "anh-1.jpg", "anh-3.jpg", "anh-02b.jpg"]
    assert sorted(names, key=natural_key) == ["anh-1.jpg", "ANH-2.jpg", "anh-02b.jpg", "anh-3.jpg", "anh-10.jpg"]
    # The desk's and the CMS's names for a second photo of one name
    # («-2», «-1»): beside the first, never read as one number with it.
    names = ["IMG_0011.jpg", "IMG_0002.jpg", "IMG_0001-2.jpg", "IMG_0001.jpg", "img_20251120_083014.jpg",
             "img_20251120_083007-1.jpg", "img_20251120_083875.jpg"]
    assert sorted(names, key=natural_key) == ["IMG_0001.jpg", "IMG_0001-2.jpg", "IMG_0002.jpg", "IMG_0011.jpg",
                                               "img_20251120_083007-1.jpg", "img_20251120_083014.jpg",
                                               "img_20251120_083875.jpg"]
    # Marks count only between names alike without them: «Ảnh khai mạc»,
    # the opening, came after «Trao giải» (compared as written: Ả > T).
    names = ["Trao giải.jpg", "anh 10.jpg", "Đại biểu.jpg", "Ảnh khai mạc.jpg", "ảnh 2.jpg", "Bế mạc.jpg",
             "Ảnh 1.jpg", "Anh 1.jpg"]
    assert sorted(names, key=natural_key) == ["Anh 1.jpg", "Ảnh 1.jpg", "ảnh 2.jpg", "anh 10.jpg",
                                               "Ảnh khai mạc.jpg", "Bế mạc.jpg", "Đại biểu.jpg", "Trao giải.jpg"]


@pytest.mark.parametrize("value, folder", [
    ("2025/hoi-thi", "images/2025/hoi-thi"),
    ("images/2025/hoi-thi/", "images/2025/hoi-thi"),
    ("{static}/images/2025/hoi-thi", "images/2025/hoi-thi"),
    ("/2025/hoi-thi", "images/2025/hoi-thi"),
])
def test_the_album_header_names_a_folder_under_images(value, folder):
    assert album_folder(value, "content") == folder


def test_captions_written_in_the_article_are_the_albums_captions(tmp_path):
    """The desk cannot write chu-thich.txt: it writes the captions as the
    article's ``Album_captions:`` header, one photo a line; the build shows
    them as it shows chu-thich.txt's (caption and alt text), and a photo
    without a line gets the plain alt text. An entity copied from a web
    page's source is what it stands for («KH&amp;CN» showed as typed)."""
    from tests.support import SMALL_SITE, build_in_process, write_files

    content = tmp_path / "content"
    write_files(content, {
        **{f"images/album/hoi-thi/anh-{n}.jpg": photo(n, 480, 360) for n in (1, 2, 3)},
        "2025/hoi-thi.md": ("Title: Hội thi\nDate: 2025-03-05\nAuthor: Ban thông tin\n"
                            "Category: Tin hoạt động LHH\nSummary: Ảnh.\nSlug: hoi-thi\nAlbum: album/hoi-thi\n"
                            "Album_captions: anh-1.jpg: Phát biểu khai mạc\n    anh-3.jpg: Trao giải KH&amp;CN\n\nBài.\n")})
    site = build_in_process(content, tmp_path / "output", **SMALL_SITE)
    figures = site.soup("bai-viet/hoi-thi/").select("section.album figure")
    shown = [(f.img["alt"], f.figcaption.get_text() if f.figcaption else None) for f in figures]
    assert shown == [("Phát biểu khai mạc", "Phát biểu khai mạc"), ("Ảnh 2 trong số 3 – Hội thi", None),
                     ("Trao giải KH&CN", "Trao giải KH&CN")]


def test_a_video_in_an_album_folder_is_said_not_to_show(tmp_path, monkeypatch, caplog):
    """A phone's IMG_4830.MOV copied into the album's folder with the photos
    was left out without a word (the editor waited for it on the page): the
    checker and the build warn, with what to do; the photos still show."""
    import logging

    from tests.support import ROOT, SMALL_SITE, build_in_process, write_files
    from workflow import load_settings
    from workflow.check import Config, check

    content = tmp_path / "content"
    write_files(content, {
        **{f"images/album/hoi-thi/anh-{n}.jpg": photo(n, 480, 360) for n in (1, 2)},
        "images/album/hoi-thi/IMG_4830.MOV": b"\x00\x00\x00\x14ftypqt  ",
        "images/album/hoi-thi/chu-thich.txt": "anh-1.jpg: Khai mạc\nanh-2.jpg: Trao giải\n",
        "2025/hoi-thi.md": ("Title: Hội thi\nDate: 2025-03-05\nAuthor: Ban thông tin\n"
                            "Category: Tin hoạt động LHH\nSummary: Ảnh.\nSlug: hoi-thi\nAlbum: album/hoi-thi\n\nBài.\n")})
    said = ("«IMG_4830.MOV» trong thư mục album là video, không phải ảnh, nên không hiện trên trang — đăng video "
            "lên YouTube (hoặc Facebook) rồi dán địa chỉ vào bài thành một dòng riêng; nếu không cần, xoá tệp")
    caplog.set_level(logging.WARNING)
    site = build_in_process(content, tmp_path / "output", **SMALL_SITE)
    assert len(site.soup("bai-viet/hoi-thi/").select("section.album figure")) == 2
    assert any(r.getMessage().endswith(f"IMG_4830.MOV: cảnh báo: {said}") for r in caplog.records)
    monkeypatch.chdir(tmp_path)
    config = Config.from_settings(load_settings(ROOT / "pelicanconf.py", PATH=str(content)))
    assert "content/images/album/hoi-thi/IMG_4830.MOV: cảnh báo: " + said in [p.format() for p in check(config)]


ALBUM_HEAD = ("Title: Hội thi\nDate: 2025-03-05\nAuthor: Ban thông tin\nCategory: Tin hoạt động LHH\n"
              "Summary: Ảnh.\nSlug: hoi-thi\n")


@pytest.mark.parametrize("extra, path, said, shown", [
    # Two people's photos whose names differ in case: a Windows clone keeps one.
    ({"images/album/hoi-thi/Anh-2.jpg": photo(7, 480, 360)}, "images/album/hoi-thi/anh-2.jpg",
     "«anh-2.jpg» và «Anh-2.jpg» chỉ khác nhau chữ hoa, chữ thường: máy Windows và máy Mac chỉ giữ được một "
     "trong hai tệp (tệp kia mất khi chép kho về máy) — đổi tên một tệp, ví dụ «anh-2-2.jpg»", 3),
    ({"images/album/hoi-thi/Ngày 2/anh-9.jpg": photo(9, 480, 360)}, "images/album/hoi-thi/Ngày 2",
     "«Ngày 2» trong thư mục album là một thư mục: ảnh trong đó không hiện trên trang (album chỉ gồm các ảnh "
     "nằm ngay trong thư mục album) — chép ảnh ra thư mục album, hoặc làm album riêng cho chúng", 2),
    ({"images/album/hoi-thi/Giấy mời.pdf": b"%PDF-1.4\n%%EOF\n"}, "images/album/hoi-thi/Giấy mời.pdf",
     "«Giấy mời.pdf» trong thư mục album không phải ảnh (JPEG, PNG, GIF, WebP, AVIF) nên không hiện trên trang — "
     "văn bản thì đăng ở mục Văn bản; nếu không cần, xoá tệp", 2),
])
def test_what_an_album_folder_holds_beside_its_photos_is_said(tmp_path, monkeypatch, extra, path, said, shown):
    """Photos sorted into «Ngày 2/» inside the album, or an invitation's PDF
    dropped among the photos, vanished without a word, as a video did; two
    photos named alike but for case passed, and a Windows clone keeps one."""
    from tests.support import ROOT, SMALL_SITE, build_in_process, write_files
    from workflow import load_settings
    from workflow.check import Config, check

    content = tmp_path / "content"
    write_files(content, {
        **{f"images/album/hoi-thi/anh-{n}.jpg": photo(n, 480, 360) for n in (1, 2)}, **extra,
        "images/album/hoi-thi/chu-thich.txt": "anh-1.jpg: Khai mạc\nanh-2.jpg: Trao giải\n",
        "2025/hoi-thi.md": ALBUM_HEAD + "Album: album/hoi-thi\n\nBài.\n"})
    monkeypatch.chdir(tmp_path)
    config = Config.from_settings(load_settings(ROOT / "pelicanconf.py", PATH=str(content)))
    assert [p.format() for p in check(config)] == [f"content/{path}: cảnh báo: {said}"]
    site = build_in_process(content, tmp_path / "output", **SMALL_SITE)
    assert len(site.soup("bai-viet/hoi-thi/").select("section.album figure")) == shown


@pytest.mark.parametrize("name, why", [
    ("chu-thich.txt.txt", "tên thật của nó kết thúc bằng «.txt» hai lần (Notepad thêm «.txt» khi lưu; "
                          "Windows giấu đuôi tệp)"),
    ("Chu-thich.txt", "tên của nó phải viết đúng «chu-thich.txt»: chữ thường, không dấu"),
    ("chú thích.txt", "tên của nó phải viết đúng «chu-thich.txt»: chữ thường, không dấu"),
])
def test_a_captions_file_under_another_name_is_named_with_the_fix(tmp_path, monkeypatch, caplog, name, why):
    """Notepad's «chu-thich.txt.txt» (Explorer shows «chu-thich.txt»), or a
    name in capitals or with its marks: the photos were published without
    captions, the check passed, and its warnings said to create the file
    the editor had made and that theirs was «not a photo: delete it». An
    error at that file, saying to rename it, in the checker and the build."""
    from tests.support import ROOT, SMALL_SITE, build_in_process, write_files
    from workflow import load_settings
    from workflow.check import Config, check

    content = tmp_path / "content"
    write_files(content, {
        **{f"images/album/hoi-thi/anh-{n}.jpg": photo(n, 480, 360) for n in (1, 2)},
        f"images/album/hoi-thi/{name}": "anh-1.jpg: Khai mạc\nanh-2.jpg: Trao giải\n",
        "2025/hoi-thi.md": ALBUM_HEAD + "Album: album/hoi-thi\n\nBài.\n"})
    monkeypatch.chdir(tmp_path)
    said = (f"«{name}» là tệp chú thích của album nhưng không được đọc, nên ảnh không có chú thích: {why} — "
            "đổi tên tệp thành «chu-thich.txt»")
    config = Config.from_settings(load_settings(ROOT / "pelicanconf.py", PATH=str(content)))
    assert [p.format() for p in check(config)] == [f"content/images/album/hoi-thi/{name}: {said}"]
    from plugins.core.errors import ContentError

    with pytest.raises((RuntimeError, ContentError)):
        build_in_process(content, tmp_path / "output", **SMALL_SITE)
    assert said in caplog.text
    (content / "images" / "album" / "hoi-thi" / name).rename(content / "images" / "album" / "hoi-thi" / "chu-thich.txt")
    assert check(config) == []


def test_a_photo_saved_twice_shows_once_and_the_copy_is_named(tmp_path, monkeypatch):
    """Zalo saves a photo sent twice as «IMG_1234 (1).jpg» beside
    «IMG_1234.jpg»: both were in the album and its viewer. Shown once, the
    copy named to delete; a photo of the same size but other bytes stays."""
    from tests.support import ROOT, SMALL_SITE, build_in_process, write_files
    from workflow import load_settings
    from workflow.check import Config, check

    same = photo(1, 480, 360)
    other = same[:14] + b"\x00\x02\x00\x02" + same[18:]  # another JFIF density: same size, other bytes
    assert same[:18].endswith(b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01")
    content = tmp_path / "content"
    write_files(content, {
        "images/album/hoi-thi/IMG_1234.jpg": same, "images/album/hoi-thi/IMG_1234 (1).jpg": same,
        "images/album/hoi-thi/IMG_1235.jpg": other,
        "images/album/hoi-thi/chu-thich.txt": "IMG_1234 (1).jpg: Khai mạc\nIMG_1235.jpg: Trao giải\n",
        "2025/hoi-thi.md": ALBUM_HEAD + "Album: album/hoi-thi\n\nBài.\n"})
    monkeypatch.chdir(tmp_path)
    config = Config.from_settings(load_settings(ROOT / "pelicanconf.py", PATH=str(content)))
    assert [p.format() for p in check(config)] == [
        "content/images/album/hoi-thi/IMG_1234 (1).jpg: cảnh báo: «IMG_1234 (1).jpg» giống hệt ảnh «IMG_1234.jpg» "
        "trong album nên chỉ hiện một lần — xoá tệp thừa"]
    site = build_in_process(content, tmp_path / "output", **SMALL_SITE)
    figures = site.soup("bai-viet/hoi-thi/").select("section.album figure")
    assert [f.figcaption.get_text(strip=True) for f in figures] == ["Khai mạc", "Trao giải"]


def test_an_album_folder_named_on_a_mac_says_why_it_is_not_found(tmp_path, monkeypatch):
    """Its name's marks encoded apart (NFD): «không có thư mục ảnh … — có
    phải là «Một ảnh trao giải»?», the very name written."""
    import unicodedata

    from tests.support import ROOT, write_files
    from workflow import load_settings
    from workflow.check import Config, check

    content = tmp_path / "content"
    folder = unicodedata.normalize("NFD", "Một ảnh trao giải")
    write_files(content, {f"images/2025/{folder}/anh-1.jpg": photo(1, 480, 360),
                          "2025/hoi-thi.md": ALBUM_HEAD + "Album: 2025/Một ảnh trao giải\n\nBài.\n"})
    monkeypatch.chdir(tmp_path)
    [problem] = check(Config.from_settings(load_settings(ROOT / "pelicanconf.py", PATH=str(content))))
    assert problem.line == 7 and not problem.warning
    assert ("các dấu trong tên được mã hoá khác (dấu tách rời, thường do máy Mac đặt tên) nên không khớp — đổi tên "
            "thư mục thành tên không dấu, ví dụ «mot-anh-trao-giai», rồi sửa dòng «Album:» theo tên mới"
            in problem.message), problem.message


def test_two_caption_lines_for_one_photo_are_an_error(tmp_path, monkeypatch):
    """«Ảnh khai mạc: …» and, later, «Ảnh khai mạc.JPG: …»: the second was
    «không có ảnh đó — có phải là «Ảnh khai mạc.JPG»?» and won silently."""
    from tests.support import ROOT, write_files
    from workflow import load_settings
    from workflow.check import Config, check

    content = tmp_path / "content"
    write_files(content, {"images/album/hoi-thi/Ảnh khai mạc.JPG": photo(1, 480, 360),
                          "images/album/hoi-thi/chu-thich.txt": ("Ảnh khai mạc: Khai mạc\n"
                                                                 "Ảnh khai mạc.JPG: Chú thích thứ hai\n"),
                          "2025/hoi-thi.md": ALBUM_HEAD + "Album: album/hoi-thi\n\nBài.\n"})
    monkeypatch.chdir(tmp_path)
    problems = [p.format() for p in check(Config.from_settings(load_settings(ROOT / "pelicanconf.py",
                                                                             PATH=str(content))))]
    # The line naming the file exactly is the photo's; the other is named.
    assert problems == ["content/images/album/hoi-thi/chu-thich.txt:1: ảnh «Ảnh khai mạc.JPG» đã có chú thích ở "
                        "dòng 2 — giữ một dòng cho mỗi ảnh"]


CAPTION_NAMES = {
    # the folder's files, the names the caption lines give -> {file: caption line's name}
    "as in the folder": (["anh-1.jpg", "anh-2.jpg"], ["anh-2.jpg"], {"anh-2.jpg": "anh-2.jpg"}),
    "another case": (["IMG_0001.JPG"], ["img_0001.jpg"], {"IMG_0001.JPG": "img_0001.jpg"}),
    # the desk renamed «Ảnh khai mạc.jpg» on upload; the editor types the name they know
    "as on the editor's computer": (["anh-khai-mac.jpg", "anh-trao-giai.jpg"],
                                    ["Ảnh khai mạc.jpg", "Ảnh trao giải"],
                                    {"anh-khai-mac.jpg": "Ảnh khai mạc.jpg", "anh-trao-giai.jpg": "Ảnh trao giải"}),
    "an exact name is never taken by a look-alike": (["anh-1.jpg", "Ảnh 1.jpg"], ["Ảnh 1.jpg", "anh-1.jpg"],
                                                     {"anh-1.jpg": "anh-1.jpg", "Ảnh 1.jpg": "Ảnh 1.jpg"}),
    "two photos of one name: neither guessed": (["anh-1.jpg", "anh-1.png"], ["Ảnh 1"], {}),
    "two lines for one photo: neither guessed": (["anh-1.jpg"], ["Ảnh 1", "ảnh 1"], {}),
}


@pytest.mark.parametrize("case", CAPTION_NAMES)
def test_a_caption_names_its_photo_as_the_folder_or_the_editor_calls_it(case):
    from plugins.core.rules import caption_keys

    files, lines, expected = CAPTION_NAMES[case]
    assert caption_keys(files, {name: ("Chú thích", n) for n, name in enumerate(lines)}) == expected


def test_an_album_outside_the_images_folder_is_refused(tmp_path):
    from plugins.core.rules import scan_album

    (tmp_path / "images").mkdir()
    [problem] = scan_album("../../etc", str(tmp_path / "a.md"), 5, str(tmp_path)).findings
    assert (problem.line, problem.warning) == (5, False)
    assert problem.message.startswith("album «../../etc» phải là một thư mục trong content/images/")


@pytest.mark.parametrize("size, thumbnails, large", [
    ((1024, 768), [(160, 120), (240, 180)], (1024, 768)),
    ((768, 1024), [(120, 160), (180, 240)], (768, 1024)),
    ((4000, 3000), [(160, 120), (240, 180)], (1280, 960)),
    ((200, 150), [(160, 120), (200, 150)], (200, 150)),
    ((120, 80), [(120, 80)], (120, 80)),  # never enlarged: one thumbnail
])
def test_thumbnails_and_large_photo_keep_the_shape_and_never_enlarge(size, thumbnails, large):
    config = albums_plugin.load_config({})
    small, big = albums_plugin.photo_files("images/a/anh 1.jpg", photos.Photo(*size, "JPEG"),
                                           config, "derivatives")
    assert [(recipe.width, recipe.height) for recipe, _ in small] == thumbnails
    assert {recipe.format for recipe, _ in [*small, big]} == {"WEBP"}
    assert (big[0].width, big[0].height) == large
    # Beside the photo, named by the box (a photo smaller than both: one file).
    assert [path for _, path in small] == [f"images/a/derivatives/album-{box}/anh 1.jpg.webp"
                                           for box in (160, 240)[:len(thumbnails)]]
    assert big[1] == "images/a/derivatives/album-1280/anh 1.jpg.webp"


@pytest.mark.parametrize("value, message", [
    ({"thumbnails": []}, "ALBUMS['thumbnails'] phải là danh sách số điểm ảnh từ 16 đến 4096"),
    ({"large": 8}, "ALBUMS['large'] phải là số điểm ảnh từ 16 đến 8192"),
    ({"quality": 0}, "ALBUMS['quality'] phải là số từ 1 đến 100"),
    ({"derivative": "album"}, "ALBUMS: khoá lạ"),
])
def test_album_settings_mistakes_name_the_key(value, message):
    with pytest.raises(albums_plugin.AlbumsError, match=re.escape(message)):
        albums_plugin.load_config(value)


# --- The built album ----------------------------------------------------------------------
def test_album_shows_every_photo_in_file_name_order(album_build):
    built, base = album_build
    items = thumbnails(built)
    assert len(items) == len(PHOTOS)
    heading = built.soup(ALBUM_URL).select_one("main .album h2").get_text(" ", strip=True)
    assert heading == "Album ảnh (30 ảnh)"
    names = [unquote(item.select_one("a")["href"]).rsplit("/", 1)[1] for item in items]
    assert names == [name + ".webp" for name in PHOTOS]


def test_an_album_article_is_shared_with_its_cover(album_build):
    """Shared on Zalo or Facebook, an album article with no photo in its
    body showed the site's logo; its first photo (the cover album-anh/
    shows) is its share image now, upright, without metadata."""
    built, base = album_build
    soup = built.soup(ALBUM_URL)
    image = soup.find("meta", property="og:image")["content"]
    assert "/images/" in image and "icon" not in image, image
    assert unquote(image).rsplit("/", 1)[1].startswith(PHOTOS[0].rsplit(".", 1)[0])
    assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
    shared = local(built, base, image)
    with Image.open(shared) as picture:
        assert (picture.width, picture.height) == (int(soup.find("meta", property="og:image:width")["content"]),
                                                   int(soup.find("meta", property="og:image:height")["content"]))
        assert not picture.getexif() and "exif" not in picture.info


def test_captions_and_alt_text(album_build):
    """A caption is shown under its thumbnail and is the thumbnail's alt
    text (the link's name); a screen reader says it once: the figcaption
    under it is hidden from screen readers (it read every caption twice,
    «Chú thích…, liên kết, hình ảnh. Chú thích…»)."""
    built, _ = album_build
    for name, item in zip(PHOTOS, thumbnails(built)):
        image, words = item.select_one("img"), item.select_one("figcaption")
        if name == UNCAPTIONED:
            assert words is None
            assert image["alt"] == f"Ảnh 7 trong số 30 – {TITLE}"  # not «7/30», a date's shape
        else:
            assert words.get_text() == caption(name) == image["alt"]
        heard = [image["alt"]] + [text.strip() for text in item.find_all(string=True) if text.strip()
                                  and not any(p.get("aria-hidden") == "true" for p in text.parents)]
        assert heard == [image["alt"]], name


def test_thumbnails_and_large_photos_come_from_the_pipeline(album_build):
    """Thumbnails: WebP fitting 160 and 240 px boxes (srcset with their real
    widths, sizes, lazy); links: the WebP in a 1280 px box (never enlarged).
    The sideways phone photo is portrait everywhere."""
    built, base = album_build
    for name, item in zip(PHOTOS, thumbnails(built)):
        image, link = item.select_one("img"), item.select_one("a")
        assert image["loading"] == "lazy" and image["sizes"].endswith("33vw")
        portrait = name == "anh-3.jpg"  # 1200 × 800 stored, Orientation 6
        candidates = [entry.split() for entry in image["srcset"].split(", ")]
        assert [width for _, width in candidates] == (["107w", "160w"] if portrait else ["160w", "240w"])
        assert image["src"] == candidates[-1][0]
        for url, width in candidates:
            assert re.search(r"/derivatives/album-(160|240)/", url)
            with Image.open(local(built, base, url)) as thumbnail:
                assert thumbnail.format == "WEBP" and thumbnail.width == int(width[:-1])
                assert max(thumbnail.size) in (160, 240)
        assert "/derivatives/album-1280/" in link["href"]
        with Image.open(local(built, base, link["href"])) as large:
            assert large.format == "WEBP"
            assert large.size == ((800, 1200) if portrait else (1024, 768))
        expected = (160, 240) if portrait else (240, 180)
        assert (int(image["width"]), int(image["height"])) == expected


def test_a_sideways_phone_photo_is_upright_in_every_album_file(album_build):
    """Photo 3 (top-left quarter red, Orientation 6): the red quarter is at
    the top right of each thumbnail and of the large photo."""
    built, base = album_build
    item = thumbnails(built)[2]
    files = [url for url, _ in (entry.split() for entry in item.select_one("img")["srcset"].split(", "))]
    for url in [*files, item.select_one("a")["href"]]:
        with Image.open(local(built, base, url)) as opened:
            image = opened.convert("RGB")
        assert image.height > image.width, url
        red, blue = image.getpixel((image.width - 3, 3)), image.getpixel((3, 3))
        assert red[0] > 180 and red[2] < 80 and blue[2] > 150 and blue[0] < 80, url


def test_no_album_file_carries_gps_exif_or_any_metadata(album_build):
    """The sources carry EXIF (photo 1 and 3: GPS; 3: a maker note and a
    thumbnail); no published file of the album carries anything."""
    built, _ = album_build
    published = [p for p in (built.output / "images" / "2024" / "hoi-thi").rglob("*") if p.is_file()]
    # Two thumbnails and the large photo each, and the cover's share copy.
    assert len(published) == 3 * len(PHOTOS) + 1
    for file in published:
        data = file.read_bytes()
        with Image.open(file) as image:
            assert not image.getexif(), file
            assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile"} & set(image.info), file
        assert b"Exif\x00\x00" not in data and made.MAKER_NOTE not in data and b"samsung" not in data, file


def test_originals_and_caption_file_are_not_published(album_build):
    """Phone originals are megabytes each and carry their EXIF (here GPS):
    only the derivatives are in the site."""
    built, _ = album_build
    folder = built.output / "images" / "2024" / "hoi-thi"
    assert sorted(p.name for p in folder.iterdir()) == ["derivatives"]
    source = Image.open(io.BytesIO(photo(1, gps=True)))  # as album_files() writes anh-1.jpg
    assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the source had a position


def test_album_listing_pages(album_build):
    built, base = album_build
    cards = built.soup("album-anh/").select("main .album-card")
    assert len(cards) == 12
    first = cards[0]
    assert first.select_one("a")["href"] == f"{base}/{ALBUM_URL}#album-anh"
    assert first.select_one(".album-card-meta").get_text() == "01/12/2024 · 30 ảnh"
    cover = first.select_one("img")
    assert cover["alt"] == "" and cover["src"].endswith("/derivatives/album-240/anh-1.jpg.webp")
    assert local(built, base, cover["src"]).is_file()
    titles = [c.select_one("h2").get_text().replace("\xa0", " ") for c in cards]
    assert titles[1:] == [f"Album thử nghiệm số {n}" for n in range(EXTRA_ALBUMS, 1, -1)]  # newest first
    second = built.soup("album-anh/trang/2/")
    assert [c.select_one("h2").get_text().replace("\xa0", " ") for c in second.select("main .album-card")] == [
        "Album thử nghiệm số 1"]
    assert second.title.get_text().startswith("Album ảnh – Trang 2 –")


def test_album_script_is_small_and_loaded_only_where_there_is_an_album(album_build):
    built, base = album_build
    scripts = {}
    for path in built.html_files():
        for tag in built.soup(built.url_of(path)).find_all("script", src=re.compile(r"/album\.")):
            scripts[built.url_of(path)] = tag
    assert set(scripts) == {ALBUM_URL} | {f"bai-viet/album-thu-nghiem-so-{n}/" for n in range(1, EXTRA_ALBUMS + 1)}
    tag = scripts[ALBUM_URL]
    assert tag.has_attr("defer") and re.search(r"/theme/js/album\.[0-9a-f]{10}\.js$", tag["src"])
    size = len(gzip.compress(local(built, base, tag["src"]).read_bytes(), 9, mtime=0))
    print(f"album.js: {size} bytes gzipped")
    assert size <= 3 * KB


def test_album_pages_are_valid_html(album_build):
    built, _ = album_build
    pages = [built.path(url) for url in (ALBUM_URL, "album-anh/", "album-anh/trang/2/")]
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    assert [m["message"] for m in messages] == []


# --- In Chromium ------------------------------------------------------------------------------
def viewer_state(page) -> dict:
    return page.evaluate("""() => {
      const dialog = document.querySelector('dialog.viewer');
      const active = document.activeElement;
      const links = [...document.querySelectorAll('.album-grid a.album-link')];
      return {
        open: !!(dialog && dialog.open),
        image: dialog && dialog.querySelector('.viewer-image').getAttribute('src'),
        // The caption as shown (less its visually hidden part) and as heard
        // (less its aria-hidden part).
        caption: dialog && [...dialog.querySelector('.viewer-caption').children]
          .filter(part => !part.matches('.visually-hidden')).map(part => part.textContent).join(''),
        heard: dialog && [...dialog.querySelector('.viewer-caption').children]
          .filter(part => !part.matches('[aria-hidden=true]')).map(part => part.textContent).join(''),
        focusInDialog: !!(dialog && dialog.contains(active)),
        // Past the dialog's last button focus may go to the browser's own
        // controls (body here), never to the page behind.
        focusBehind: !!(dialog && active && active !== document.body && !dialog.contains(active)),
        focusedThumbnail: links.indexOf(active),
        // The address shown, and the one Chrome on Android and Safari share.
        hash: location.hash,
        canonical: document.querySelector('link[rel=canonical]').getAttribute('href'),
      };
    }""")


def when_closed(page) -> None:
    """window.viewerClosed: a promise settled once the dialog's close event
    (queued after Esc or close()) has reached every listener, album.js's
    focus return included (registered before this one)."""
    page.evaluate("""() => { window.viewerClosed = new Promise(done =>
      document.querySelector('dialog.viewer').addEventListener('close', () => done(), {once: true})); }""")


def closed_by_back(page) -> dict:
    """Back pressed while the viewer is open: the state once it has closed
    (its close event past album.js's focus return)."""
    when_closed(page)
    page.go_back()
    page.evaluate("() => window.viewerClosed")
    return viewer_state(page)


@pytest.mark.browser
def test_viewer_keyboard_esc_and_focus(watched, album_build):
    page, _ = watched
    built, base = album_build
    page.goto(f"{base}/{ALBUM_URL}")
    links = page.locator(".album-grid a.album-link")
    assert links.first.get_attribute("aria-haspopup") == "dialog"
    hrefs = [link.get_attribute("href") for link in links.all()]
    links.nth(1).click()
    state = viewer_state(page)
    assert state["open"] and state["focusInDialog"]
    assert state["image"] == hrefs[1]
    assert state["caption"] == f"Ảnh 2/30: {caption('anh-2.jpg')}"
    assert state["heard"] == f"Ảnh 2 trong số 30: {caption('anh-2.jpg')}"  # «2/30» is a date's shape
    # The photo's own address, to share (it was the article's, its top).
    canonical = built.soup(ALBUM_URL).find("link", rel="canonical")["href"]
    assert page.url == f"{base}/{ALBUM_URL}#anh-2"
    assert state["hash"] == "#anh-2" and state["canonical"] == f"{canonical}#anh-2"
    dialog = page.get_by_role("dialog", name="Xem ảnh")
    assert dialog.is_visible()
    assert dialog.locator(".viewer-caption").get_attribute("aria-live") == "polite"
    for key, index in [("ArrowRight", 2), ("ArrowRight", 3), ("ArrowLeft", 2), ("End", 29),
                       ("ArrowRight", 0), ("ArrowLeft", 29), ("Home", 0)]:
        page.keyboard.press(key)
        state = viewer_state(page)
        assert state["image"] == hrefs[index], key
        assert state["hash"] == f"#anh-{index + 1}" and state["canonical"] == f"{canonical}#anh-{index + 1}", key
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert viewer_state(page)["caption"].startswith("Ảnh 3/30")
    when_closed(page)
    page.keyboard.press("Escape")
    page.evaluate("() => window.viewerClosed")
    page.wait_for_function("() => location.hash === ''")
    state = viewer_state(page)
    assert not state["open"] and state["canonical"] == canonical
    assert state["focusedThumbnail"] == 2  # the photo shown last
    # Tab never reaches the page behind the open dialog (inert).
    links.nth(6).focus()
    page.keyboard.press("Enter")
    state = viewer_state(page)
    assert state["open"] and state["image"] == hrefs[6]
    assert state["caption"] == "Ảnh 7/30"  # no caption line: the count alone
    assert state["heard"] == "Ảnh 7 trong số 30"
    for _ in range(5):
        page.keyboard.press("Tab")
        assert not viewer_state(page)["focusBehind"]
    when_closed(page)
    page.get_by_role("button", name="Đóng").click()
    page.evaluate("() => window.viewerClosed")
    assert viewer_state(page)["focusedThumbnail"] == 6


@pytest.mark.browser
def test_the_first_photo_opened_is_announced_with_its_caption(watched, album_build):
    """The caption (a polite live region) was filled while the dialog was
    still closed, then the dialog opened: a screen reader announced the
    photos moved to, never the one opened; and it read the count and the
    caption as one word («Ảnh 1/30Chú thích…»). One MutationObserver sees
    the dialog's open attribute and the live region, in the order they
    change: each text put into the region is recorded with whether the
    dialog was open then (an observer's callback comes after the click's
    handler, when it is open either way)."""
    page, _ = watched
    built, base = album_build
    page.goto(f"{base}/{ALBUM_URL}")
    page.evaluate("""() => {
      window.announced = [];
      const dialog = document.querySelector('dialog.viewer');
      const region = dialog.querySelector('[aria-live]');
      let open = dialog.open;
      new MutationObserver(records => records.forEach(record => {
        if (record.target === dialog) open = record.oldValue === null;
        else if (!record.target.closest('[aria-hidden=true]'))  // the count as shown: not heard
          record.addedNodes.forEach(node => window.announced.push([open, node.textContent]));
      })).observe(dialog, {attributeFilter: ['open'], attributeOldValue: true, childList: true, subtree: true});
    }""")
    links = page.locator(".album-grid a.album-link")
    first = f"Ảnh 1 trong số 30: {caption('anh-1.jpg')}"  # heard; shown «Ảnh 1/30: …»
    for _ in range(2):  # opened again, the same photo is a change again
        links.first.click()
        page.wait_for_function("() => window.announced.length > 0")
        changes = page.evaluate("() => window.announced.splice(0)")
        assert changes and all(open for open, _ in changes), changes
        assert "".join(text for _, text in changes) == first
        assert page.get_by_role("dialog", name="Xem ảnh").locator("[aria-live=polite]").count() == 1
        assert viewer_state(page)["heard"] == first
        when_closed(page)
        page.keyboard.press("Escape")
        page.evaluate("() => window.viewerClosed")
        assert page.evaluate("() => window.announced.splice(0)") == []  # emptied: nothing is said


@pytest.mark.browser
def test_back_closes_the_viewer_and_not_the_article(watched, album_build):
    """A phone's Back with a photo open left the article (the viewer made no
    history entry): it closes the photo; closed otherwise, Back leaves. A
    photo's address (a link shared in Zalo) opens the viewer on it, and
    Back closes it there too, also after a reload."""
    page, _ = watched
    built, base = album_build
    page.goto(f"{base}/album-anh/")
    page.goto(f"{base}/{ALBUM_URL}#anh-20")
    state = viewer_state(page)
    assert state["open"] and state["focusInDialog"] and state["caption"].startswith("Ảnh 20/30")
    assert state["hash"] == "#anh-20"
    page.reload()  # the entry stays the viewer's: no second one
    assert viewer_state(page)["open"]
    state = closed_by_back(page)
    assert not state["open"] and state["focusedThumbnail"] == 19
    assert page.url == f"{base}/{ALBUM_URL}"
    page.evaluate("() => { location.hash = '#anh-5'; }")  # typed into an open article, or a link to it
    page.wait_for_function("() => document.querySelector('dialog.viewer').open")
    assert viewer_state(page)["caption"].startswith("Ảnh 5/30")
    closed_by_back(page)
    assert page.url == f"{base}/{ALBUM_URL}"
    page.locator(".album-grid a.album-link").nth(2).click()
    assert viewer_state(page)["open"]
    state = closed_by_back(page)
    assert not state["open"] and state["focusedThumbnail"] == 2
    assert page.url == f"{base}/{ALBUM_URL}"
    page.locator(".album-grid a.album-link").nth(3).click()
    page.get_by_role("button", name="Ảnh sau").click()  # moving on makes no entry
    when_closed(page)
    page.get_by_role("button", name="Đóng").click()
    page.evaluate("() => window.viewerClosed")
    page.wait_for_function("() => history.state === null")
    page.go_back()
    assert page.url == f"{base}/album-anh/"


@pytest.mark.browser
def test_viewer_buttons_and_swipe(watched, album_build):
    page, _ = watched
    built, base = album_build
    page.goto(f"{base}/{ALBUM_URL}")
    hrefs = [link.get_attribute("href") for link in page.locator(".album-grid a.album-link").all()]
    page.locator(".album-grid a.album-link").nth(4).click()
    page.get_by_role("button", name="Ảnh sau").click()
    assert viewer_state(page)["image"] == hrefs[5]
    page.get_by_role("button", name="Ảnh trước").click()
    page.get_by_role("button", name="Ảnh trước").click()
    assert viewer_state(page)["image"] == hrefs[3]
    page.wait_for_function("() => document.querySelector('.viewer-image').complete")
    box = page.locator(".viewer-image").bounding_box()
    y = box["y"] + box["height"] / 2
    for start, end, index in [(0.8, 0.2, 4), (0.2, 0.8, 3), (0.5, 0.51, 3)]:  # a tap is not a swipe
        page.mouse.move(box["x"] + box["width"] * start, y)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] * end, y, steps=5)
        page.mouse.up()
        assert viewer_state(page)["image"] == hrefs[index], (start, end)
    assert viewer_state(page)["open"]


@pytest.mark.browser
def test_axe_finds_no_violation_with_the_viewer_open(watched, album_build):
    page, _ = watched
    built, base = album_build
    page.goto(f"{base}/{ALBUM_URL}")
    page.locator(".album-grid a.album-link").first.click()
    page.wait_for_function("() => document.querySelector('.viewer-image').complete")
    # The strict CSP forbids inline scripts: axe is run by Playwright's own
    # evaluation, not by a <script> element (add_script_tag).
    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)")
    assert violations == []


@pytest.mark.browser
def test_album_works_without_javascript(browser, album_build):
    built, base = album_build
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base}/{ALBUM_URL}")
    assert page.locator(".album-grid figcaption").first.is_visible()
    href = page.locator(".album-grid a.album-link").nth(3).get_attribute("href")
    page.locator(".album-grid a.album-link").nth(3).click()
    page.wait_for_url(href)
    assert page.evaluate("document.contentType") == "image/webp"
    # A photo's address shows its thumbnail (the viewer's is without it).
    page.goto(f"{base}/{ALBUM_URL}#anh-25")
    assert page.evaluate("() => document.querySelector('#anh-25 a').getBoundingClientRect().top") < 50
    context.close()


def page_weight(browser, url: str, scale: float) -> tuple[int, dict[str, int]]:
    """Bytes a phone 390 px wide downloads for ``url`` before any scroll:
    text (HTML, CSS, JS) as gzip -9 sizes, as hosts serve it; images as
    they are. Lazy images Chromium fetches ahead of the viewport count."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=scale,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    sizes: dict[str, int] = {}

    def record(response):
        body = response.body()
        text = re.search(r"text/|javascript|json|xml", response.headers.get("content-type", ""))
        sizes[response.url] = len(gzip.compress(body, 9, mtime=0)) if text else len(body)

    page.on("response", record)
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(500)
    assert page.evaluate("window.scrollY") == 0
    context.close()
    return sum(sizes.values()), sizes


@pytest.mark.browser
@pytest.mark.parametrize("scale", [1, 3])
@pytest.mark.parametrize("url", [ALBUM_URL, "album-anh/"])
def test_album_pages_weigh_under_300_kb_before_the_first_scroll(browser, album_build, url, scale):
    built, base = album_build
    total, sizes = page_weight(browser, f"{base}/{url}", scale)
    images = sum(size for address, size in sizes.items() if "/derivatives/" in address)
    print(f"{url} at 390 px, DPR {scale}: {total / KB:.1f} KB ({len(sizes)} requests, "
          f"photos {images / KB:.1f} KB)")
    assert total < WEIGHT_BUDGET


@pytest.mark.browser
def test_on_a_slow_link_the_caption_never_sits_under_another_photo(watched, album_build):
    """At 400 kbps the photo before stayed on screen under «Ảnh 2/30» and the
    new caption for 3–4 s (a changed src keeps the old picture until the new
    one arrives). Now the old one is gone at once, the new photo's
    thumbnail (already loaded) in its place until the large copy arrives;
    then the thumbnail is no longer painted behind it."""
    page, _ = watched
    built, base = album_build
    page.goto(f"{base}/{ALBUM_URL}")
    links = page.locator(".album-grid a.album-link")
    hrefs = [link.get_attribute("href") for link in links.all()]
    held = []
    page.route(f"**{hrefs[1]}", lambda route: held.append(route))  # the second photo's large copy, held back
    links.first.click()
    page.wait_for_function("() => document.querySelector('.viewer-image').complete")
    page.get_by_role("button", name="Ảnh sau").click()
    page.wait_for_timeout(300)
    shown = page.evaluate("""() => { const image = document.querySelector('.viewer-image');
      return {current: image.currentSrc, complete: image.complete,
              background: getComputedStyle(image).backgroundImage}; }""")
    thumbnail = links.nth(1).locator("img").evaluate("image => image.currentSrc")
    assert viewer_state(page)["caption"].startswith("Ảnh 2/30")
    assert shown["current"] != f"{base}{hrefs[0]}" and not shown["complete"], shown  # not the photo before
    assert shown["background"] == f'url("{thumbnail}")'
    assert held, "the large copy was asked for"
    held[0].continue_()
    page.wait_for_function("() => document.querySelector('.viewer-image').complete")
    assert page.evaluate("() => getComputedStyle(document.querySelector('.viewer-image')).backgroundImage") == "none"
    page.unroute(f"**{hrefs[1]}")
