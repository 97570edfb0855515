"""Photos as phones and editors make them, built into the site
(``plugins/images``, ``plugins/core/photos.py``): upright, without GPS or
any metadata, never enlarged, colours in sRGB, animation kept, names
percent-encoded; broken files refused by the checker and the build with the
same ``file:line`` message."""

from __future__ import annotations

import io
import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from PIL import ExifTags, Image, ImageCms

from plugins.core import photos
from plugins.core.errors import ContentError
from tests.support import (
    ROOT,
    SMALL_SITE,
    SMALL_SITE_LINES,
    Site,
    build_in_process,
    built_once,
    run_pelican,
    serve_folder,
    settings_file,
    write_files,
)
from tests.support import photos as made
from workflow.check import Config, check

CATEGORY = "Tin hoạt động LHH"
SETTINGS = ROOT / "tests" / "corpus" / "settings.py"


def article(slug: str, body: str, image: str = "") -> str:
    lines = [f"Title: Ảnh {slug}", "Date: 2025-03-01", "Author: Ban thông tin", f"Category: {CATEGORY}",
             f"Slug: {slug}"] + ([f"Image: {image}"] if image else [])
    return "\n".join(lines) + "\n\nMở đầu.\n\n" + body + "\n"


# name in content/images/ -> (bytes, what it is)
PHOTOS = {
    "doc.jpg": made.phone_jpeg(1200, 800, orientation=6),  # a portrait shot, stored sideways
    "lon.jpg": made.phone_jpeg(3200, 2400, orientation=1),  # bigger than original_max
    "p3.jpg": made.phone_jpeg(900, 600, orientation=1, icc=made.display_p3_profile()),
    "cmyk.jpg": made.cmyk_jpeg(),
    "xam-16bit.png": made.png16(),
    "bang-mau.png": made.palette_png(),
    "dong.gif": made.animated_gif(),
    "anh-webp.webp": made.webp(),
    "anh-avif.avif": made.avif(),
    "nho.png": made.encoded(made.quadrant_image(40, 30), "PNG"),
    "ảnh hội thảo 2025.jpg": made.phone_jpeg(1000, 700, orientation=1),
    # A Samsung "motion photo": a short video appended after the JPEG.
    "chuyen-dong.jpg": made.phone_jpeg(800, 600, orientation=1) + made.MOTION_TRAILER,
    # An Ultra HDR phone photo: a gain map after it, indexed (Pillow's "MPO").
    "ultra-hdr.jpg": made.multi_picture_jpeg(1200, 800, orientation=6),
}


# The photos whose file a page links (the rest are only shown).
LINKED = ("doc.jpg", "lon.jpg", "cmyk.jpg", "bang-mau.png", "dong.gif", "anh-webp.webp", "anh-avif.avif",
          "ultra-hdr.jpg")


@pytest.fixture(scope="module")
def photo_site(tmp_path_factory):
    """One production build with every kind of photo, one article each."""
    files = {f"images/{name}": data for name, data in PHOTOS.items()}
    for name in PHOTOS:
        files[f"2025/{slug_of(name)}.md"] = article(slug_of(name), f"![Ảnh {name}](<{{static}}/images/{name}>)")
    # Their files offered for download: only a photo a page links as a file
    # is published itself; the others are published as their copies only.
    # Uploaded, then left out of every article: no page shows or links it.
    files["images/bo-ra.jpg"] = made.phone_jpeg(4000, 3000, orientation=6)
    files["2025/anh-goc.md"] = article("anh-goc", "\n".join(
        f"- [Tải ảnh gốc {name}](<{{static}}/images/{name}>)" for name in LINKED))
    # Captioned, as the desk's «Ảnh» button and the Word import write them.
    files["2025/co-chu-thich.md"] = article("co-chu-thich", "\n\n".join(
        f'<figure><img src="{{static}}/images/{name}" alt="Ảnh {name}"><figcaption>Chú thích {name}'
        "</figcaption></figure>" for name in ("nho.png", "lon.jpg")))

    def build(base: Path) -> None:
        write_files(base / "content", files)
        build_in_process(base / "content", base / "output", ROOT / "publishconf.py", SITEURL="",
                         CACHE_PATH=str(base / "cache"), **SMALL_SITE)

    return Site(built_once(tmp_path_factory, "photos", build) / "output")


def slug_of(name: str) -> str:
    from plugins.core.rules import slugify

    return slugify(Path(name).stem)


def body_img(site, name: str):
    return site.soup(f"bai-viet/{slug_of(name)}/").select_one(".post-body img")


def local(site, address: str) -> Path:
    """The output file behind a URL of the built site (percent-decoded)."""
    path = unquote(urlsplit(address).path)
    assert path.startswith("/")
    return site.output / path.lstrip("/")


def srcset(img) -> list[tuple[str, int]]:
    return [(address, int(width[:-1])) for address, width in (c.split() for c in img["srcset"].split(", "))]


def opened(path: Path) -> Image.Image:
    image = Image.open(path)
    image.load()
    return image


def test_a_sideways_phone_photo_is_published_upright_everywhere(photo_site):
    """1200×800 stored, orientation 6: every copy and the original are
    800 wide and 1200 high, with the red quarter at the top right."""
    img = body_img(photo_site, "doc.jpg")
    assert (img["width"], img["height"]) == ("800", "1200")
    files = [local(photo_site, address) for address, _ in srcset(img)]
    files.append(photo_site.output / "images" / "doc.jpg")
    for file in files:
        image = opened(file).convert("RGB")
        assert image.height > image.width, file
        red, blue = image.getpixel((image.width - 3, 3)), image.getpixel((3, 3))
        assert red[0] > 180 and red[2] < 80, (file, red)
        assert blue[2] > 150 and blue[0] < 80, (file, blue)
        assert ExifTags.Base.Orientation not in image.getexif(), file
    assert opened(photo_site.output / "images" / "doc.jpg").size == (800, 1200)


def test_no_published_image_carries_gps_maker_notes_thumbnail_or_any_metadata(photo_site):
    """The sources do (checked first), no published file does: no EXIF,
    XMP or comment at all, no second JPEG inside (the thumbnail)."""
    source = Image.open(io.BytesIO(PHOTOS["doc.jpg"]))
    exif = source.getexif()
    assert exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitude] == made.GPS_LATITUDE
    assert exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.MakerNote] == made.MAKER_NOTE
    assert exif.get_ifd(ExifTags.IFD.IFD1) and PHOTOS["doc.jpg"].count(b"\xff\xd8\xff") == 2
    published = [p for p in photo_site.output.rglob("*") if p.suffix.lower() in photos.IMAGE_SUFFIXES]
    assert len(published) > 3 * len(PHOTOS)  # copies of each, and the linked files
    for file in published:
        data = file.read_bytes()
        image = Image.open(file)
        assert not image.getexif(), file
        assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop", "icc_profile"} & set(image.info), file
        assert b"Exif\x00\x00" not in data and made.MAKER_NOTE not in data and b"samsung" not in data, file
        assert made.MOTION_TRAILER[:64] not in data, file
        assert data.count(b"\xff\xd8\xff") <= 1, file


def test_the_original_is_capped_and_social_apps_get_a_1200_copy(photo_site, tmp_path):
    assert opened(photo_site.output / "images" / "lon.jpg").size == (2560, 1920)
    soup = photo_site.soup("bai-viet/lon/")
    og = soup.find("meta", property="og:image")["content"]
    assert og.endswith("/images/derivatives/share/lon.jpg.jpg")
    assert opened(local(photo_site, og)).size == (1200, 900)
    assert soup.find("meta", property="og:image:width")["content"] == "1200"
    import json

    ld = next(json.loads(s.string) for s in soup.select('script[type="application/ld+json"]'))
    assert ld["image"][0]["url"] == og and (ld["image"][0]["width"], ld["image"][0]["height"]) == (1200, 900)


@pytest.mark.parametrize("slug, shared", [
    ("co-chu-thich", "/images/derivatives/share/lon.jpg.jpg"),  # a 40×30 photo first, then a large one
    (slug_of("nho.png"), "/theme/icons/icon-512.png"),  # its only photo too small: the union's icon
])
def test_social_apps_get_the_first_photo_large_enough_to_show(photo_site, slug, shared):
    """Facebook and Zalo show no picture smaller than 200×200: a partner's
    logo above the hall's photo was shared as the link's picture (40×30
    here), as a large card with nothing in it."""
    soup = photo_site.soup(f"bai-viet/{slug}/")
    og = soup.find("meta", property="og:image")["content"]
    assert og.endswith(shared) and local(photo_site, og).is_file()
    size = opened(local(photo_site, og)).size
    assert min(size) >= 200
    assert size == (int(soup.find("meta", property="og:image:width")["content"]),
                    int(soup.find("meta", property="og:image:height")["content"]))
    card = soup.find("meta", attrs={"name": "twitter:card"})["content"]
    assert card == ("summary_large_image" if "/share/" in shared else "summary")
    # Search engines get the photo, never the union's icon as the article's
    # image (Google: no site logo there, for Discover and Top stories).
    import json

    ld = next(json.loads(s.string) for s in soup.select('script[type="application/ld+json"]'))
    assert [image["url"] for image in ld.get("image", [])] == ([og] if "/share/" in shared else [])


def test_an_image_header_too_small_to_share_is_warned_of_by_the_checker_and_the_build(tmp_path, monkeypatch,
                                                                                     caplog):
    """A 40×30 logo named in Image: was the link's picture with check and
    build silent: Zalo and Facebook show none under 200×200. The editor
    chose it, so it stays, with a warning at its line."""
    content = tmp_path / "content"
    write_files(content, {"images/nho.png": PHOTOS["nho.png"], "images/lon.jpg": PHOTOS["lon.jpg"],
                          "2025/bai.md": article("bai", "Đoạn hai.", image="{static}/images/nho.png"),
                          "2025/lon.md": article("lon", "Đoạn hai.", image="{static}/images/lon.jpg")})
    monkeypatch.chdir(tmp_path)
    said = ("content/2025/bai.md:6: cảnh báo: ảnh «{static}/images/nho.png» ở dòng «Image:» chỉ 40×30 điểm ảnh: "
            "khi chia sẻ bài qua Zalo, Facebook, ảnh nhỏ hơn 200×200 không hiện")
    [problem] = checker_problems(content)
    assert problem.startswith(said), problem
    with caplog.at_level(logging.WARNING):
        build_in_process(content, tmp_path / "out", SETTINGS, MENU=[("Trang chủ", "index")])
    assert [r.getMessage() for r in caplog.records if "Image:" in r.getMessage()] == [problem]


def test_a_photo_pages_only_show_is_published_as_its_copies_not_as_its_file(photo_site):
    """Its file is 92 % of its published bytes and nothing links it; a
    photo a page links as a file is published (re-encoded)."""
    for name in PHOTOS:
        img = body_img(photo_site, name)
        assert all(local(photo_site, address).is_file() for address, _ in srcset(img)), name
        assert (photo_site.output / "images" / name).is_file() == (name in LINKED), name
    links = photo_site.soup("bai-viet/anh-goc/").select(".post-body li a")
    assert [unquote(a["href"]).removeprefix("/images/") for a in links] == list(LINKED)


def test_a_photo_no_page_shows_or_links_is_not_published(photo_site):
    """A phone photo uploaded in the desk, then left out of the article,
    was published re-encoded (1.35 MB at 2,560 px) on every build, toward
    GitHub Pages' 1 GB: now nothing of it is."""
    assert not [p for p in photo_site.output.rglob("*") if p.name.startswith("bo-ra")]


def test_a_documents_scanned_page_is_published_as_its_file(tmp_path):
    """A document whose attachment is a photo (a scanned page, Files:) links
    that file: it is published, though an article also shows it."""
    write_files(tmp_path / "content", {
        "van-ban/2025/45-kh-lhh.jpg": made.phone_jpeg(800, 1100, orientation=1),
        "van-ban/2025/45-kh-lhh.md": ("Title: Kế hoạch thử nghiệm\nNumber: 45/KH-LHH\nDate: 2025-02-01\n"
                                      "Kind: Kế hoạch\nFiles: {static}/van-ban/2025/45-kh-lhh.jpg\n\nMô tả.\n"),
        "2025/ban-quet.md": article("ban-quet", "![Bản quét kế hoạch]({static}/van-ban/2025/45-kh-lhh.jpg)"),
    })
    site = build_in_process(tmp_path / "content", tmp_path / "output", ROOT / "publishconf.py", SITEURL="",
                            **SMALL_SITE)
    link = site.soup("van-ban/2025/45-kh-lhh/").select_one("a[href$='45-kh-lhh.jpg']")
    assert link is not None and local(site, link["href"]).is_file()
    assert opened(local(site, link["href"])).size == (800, 1100)


def test_the_feed_shows_the_copies_of_a_photo(photo_site):
    """The Atom feed carries each article's body: its photos point at the
    published copies (the file of a photo only shown is not published),
    without the build's own mark."""
    from bs4 import BeautifulSoup

    feed = BeautifulSoup((photo_site.output / "feeds" / "all.atom.xml").read_text(encoding="utf-8"), "xml")
    bodies = [BeautifulSoup(entry.content.string, "html.parser") for entry in feed.find_all("entry")]
    images = [img for body in bodies for img in body.find_all("img")]
    assert len(images) == len(PHOTOS) + 2  # one an article, two in the captioned one
    for img in images:
        assert "/derivatives/" in img["src"] and local(photo_site, img["src"]).is_file(), img["src"]
        assert "data-photo" not in img.attrs
    p3 = next(img for img in images if "p3.jpg" in img["src"])
    assert not (photo_site.output / "images" / "p3.jpg").exists()
    assert p3["src"] == body_img(photo_site, "p3.jpg")["src"]


def test_a_small_photo_is_never_enlarged(photo_site):
    img = body_img(photo_site, "nho.png")
    assert (img["width"], img["height"]) == ("40", "30")
    assert [width for _, width in srcset(img)] == [40]
    assert opened(local(photo_site, img["src"])).size == (40, 30)
    wide = body_img(photo_site, "doc.jpg")
    assert [width for _, width in srcset(wide)] == [480, 720, 800]  # up to its own width
    for address, width in srcset(wide):
        assert opened(local(photo_site, address)).width == width


def test_file_names_are_percent_encoded_in_every_url(photo_site):
    img = body_img(photo_site, "ảnh hội thảo 2025.jpg")
    addresses = [img["src"], *(address for address, _ in srcset(img))]
    og = photo_site.soup("bai-viet/anh-hoi-thao-2025/").find("meta", property="og:image")["content"]
    for address in [*addresses, og]:
        assert " " not in address and address.isascii(), address
        assert "%E1%BA%A3nh%20h%E1%BB%99i%20th%E1%BA%A3o%202025.jpg" in address, address
        assert local(photo_site, address).is_file(), address


def test_colours_are_converted_to_srgb(photo_site):
    """A Display P3 photo: the copy holds the sRGB values lcms computes, not
    the P3 numbers read as sRGB. CMYK and 16-bit grey come out right."""
    p3 = ImageCms.ImageCmsProfile(io.BytesIO(made.display_p3_profile()))
    srgb = ImageCms.createProfile("sRGB")
    expected = ImageCms.profileToProfile(Image.new("RGB", (1, 1), (20, 60, 200)), p3, srgb).getpixel((0, 0))
    assert max(abs(a - b) for a, b in zip(expected, (20, 60, 200))) > 10  # the conversion shows
    copy = opened(local(photo_site, body_img(photo_site, "p3.jpg")["src"])).convert("RGB")
    got = copy.getpixel((copy.width - 5, copy.height - 5))
    assert max(abs(a - b) for a, b in zip(got, expected)) <= 6, (got, expected)
    cmyk = opened(local(photo_site, body_img(photo_site, "cmyk.jpg")["src"])).convert("RGB")
    assert cmyk.mode == "RGB" and cmyk.getpixel((5, 5))[0] > 180  # the red quarter
    grey = opened(local(photo_site, body_img(photo_site, "xam-16bit.png")["src"])).convert("L")
    assert 120 <= grey.getpixel((5, 5)) <= 136  # 32768 of 65535, not clipped to white


def test_transparency_and_animation_are_kept(photo_site):
    palette = opened(local(photo_site, body_img(photo_site, "bang-mau.png")["src"]))
    assert palette.mode == "RGBA" and palette.getpixel((2, 2))[3] == 0 and palette.getpixel((50, 2))[3] == 255
    assert opened(photo_site.output / "images" / "bang-mau.png").convert("RGBA").getpixel((2, 2))[3] == 0
    animated = Image.open(local(photo_site, body_img(photo_site, "dong.gif")["src"]))
    assert animated.format == "WEBP" and animated.n_frames == 3
    durations = []
    for index in range(3):
        animated.seek(index)
        animated.load()
        durations.append(animated.info["duration"])
    assert durations == [100, 200, 300]
    assert Image.open(photo_site.output / "images" / "dong.gif").n_frames == 3


def test_a_multi_picture_phone_jpeg_is_published_as_its_first_picture(photo_site, tmp_path, monkeypatch):
    """An Ultra HDR photo (Pixel, Samsung, Xiaomi) or a camera's JPEG with a
    preview, copied by cable or Zalo «gửi ảnh gốc»: Pillow reads it as
    "MPO", and the checker and the build refused it as «ở dạng MPO, trình
    duyệt không hiển thị được», telling the editor to save it as a JPEG,
    which it is. It is published as its first picture: upright, one frame,
    no gain map."""
    assert Image.open(io.BytesIO(PHOTOS["ultra-hdr.jpg"])).format == "MPO"
    img = body_img(photo_site, "ultra-hdr.jpg")
    assert (img["width"], img["height"]) == ("800", "1200")
    files = [local(photo_site, address) for address, _ in srcset(img)]
    files.append(photo_site.output / "images" / "ultra-hdr.jpg")
    for file in files:
        image = opened(file)
        assert getattr(image, "n_frames", 1) == 1, file
        image = image.convert("RGB")
        assert image.height > image.width, file
        red, blue = image.getpixel((image.width - 3, 3)), image.getpixel((3, 3))
        assert red[0] > 180 and red[2] < 80, (file, red)
        assert blue[2] > 150 and blue[0] < 80, (file, blue)
    original = (photo_site.output / "images" / "ultra-hdr.jpg").read_bytes()
    assert Image.open(io.BytesIO(original)).format == "JPEG" and b"MPF\x00" not in original
    content = tmp_path / "content"
    write_files(content, {"images/ultra-hdr.jpg": PHOTOS["ultra-hdr.jpg"],
                          "2025/bai.md": article("bai", "![Ảnh](<{static}/images/ultra-hdr.jpg>)")})
    monkeypatch.chdir(tmp_path)
    assert checker_problems(content) == []


# (width, height) of a tall photo -> the srcset's widths (IMAGES["widths"]: 480, 720, 960).
TALL = [
    ((1170, 25000), [480, 720, 766]),  # an iPhone's scrolling screenshot
    ((1080, 20000), [480, 720, 884]),  # a Samsung «Chụp cuộn»
    ((120, 18000), [109]),  # a strip narrower than the narrowest copy
    ((4000, 3000), [480, 720, 960]),  # a phone photo: unchanged
]


@pytest.mark.parametrize("size, widths", TALL)
def test_a_long_scrolling_screenshot_gets_copies_a_webp_can_hold(tmp_path, size, widths):
    """A phone's scrolling screenshot (Zalo, Facebook, a long notice) passed
    the checker, then stopped the build with an English traceback: its 960w
    copy was 960×20513, and a WebP is at most 16383 px a side («encoding
    error 5»). The srcset keeps to the widths a WebP can hold."""
    photo = photos.Photo(*size, "PNG")
    assert photos.srcset_widths(photo, (480, 720, 960)) == widths
    width, height = photos.scaled(photo, widths[-1])
    assert height <= photos.WEBP_MAX
    if size[0] < 200:  # made and encoded for real: the narrow one is quick
        path = tmp_path / "cuon.png"
        path.write_bytes(made.encoded(made.quadrant_image(*size), "PNG"))
        data = photos.render(path, photos.Recipe("WEBP", width, height, 80))
        assert Image.open(io.BytesIO(data)).size == (width, height)


@pytest.mark.parametrize("data", made.CUT_EXIF)
def test_a_photo_with_a_cut_exif_block_is_published_without_an_english_warning(tmp_path, data):
    """Pillow printed «…/PIL/TiffImagePlugin.py:982: UserWarning: Corrupt
    EXIF data. Expecting to read 12 bytes but only got 10.» amid the
    checker's and the build's lines, naming no photo: the editor took it
    for an error. The photo is fine (its tags unreadable, none applied)."""
    import warnings

    path = tmp_path / "anh.jpg"
    path.write_bytes(data)
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        photo = photos.inspect(path, "anh.jpg")
        copy = photos.render(path, photos.Recipe("WEBP", 120, 90, 80))
    assert (photo.width, photo.height) == (160, 120)
    assert Image.open(io.BytesIO(copy)).size == (120, 90)
    assert [str(w.message) for w in said] == []


@pytest.mark.parametrize("name, kind", [("anh-webp.webp", "WEBP"), ("anh-avif.avif", "AVIF"), ("cmyk.jpg", "JPEG")])
def test_webp_avif_and_cmyk_inputs_build(photo_site, name, kind):
    img = body_img(photo_site, name)
    assert srcset(img) and all(local(photo_site, a).suffix == ".webp" for a, _ in srcset(img))
    original = Image.open(photo_site.output / "images" / name)
    assert (original.format, original.mode) == (kind, "RGB")


@pytest.mark.browser
def test_the_portrait_photo_shows_portrait_in_chromium(photo_site, page):
    server, url = serve_folder(photo_site.output)
    try:
        page.goto(f"{url}/bai-viet/doc/")
        box = page.locator(".post-body img").bounding_box()
        assert box["height"] > box["width"] * 1.4
        corners = page.evaluate("""() => {
            const img = document.querySelector('.post-body img');
            const canvas = document.createElement('canvas');
            canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
            const g = canvas.getContext('2d'); g.drawImage(img, 0, 0);
            const at = (x, y) => Array.from(g.getImageData(x, y, 1, 1).data);
            return {natural: [img.naturalWidth, img.naturalHeight], topRight: at(img.naturalWidth - 3, 3), topLeft: at(3, 3)};
        }""")
        assert corners["natural"][1] > corners["natural"][0]
        assert corners["topRight"][0] > 180 and corners["topLeft"][2] > 150
    finally:
        server.shutdown()


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_a_small_photo_is_shown_at_its_own_size_and_a_large_one_fills_the_column(photo_site, browser, width):
    """Not enlarged on screen either, with or without a caption (a
    ``<figure>``): a 40 px photo stretched to the column is a blur of ten
    times its pixels (Lighthouse: "Serves images with low resolution").
    On a phone of two device pixels a CSS pixel, a large photo is the
    smallest copy that fills its column: ``sizes`` said 100vw, the column
    is 2rem narrower, and at 361–392 px the 960 px copy was fetched for a
    716 px slot (a 50-photo article 3.81 MB at 390 px against 2.37 MB at 360)."""
    server, url = serve_folder(photo_site.output)
    context = browser.new_context(viewport={"width": width, "height": 800}, device_scale_factor=2)
    measure = """() => {
        const body = document.querySelector('.post-body');
        const style = getComputedStyle(body);
        const column = body.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        return Array.from(body.querySelectorAll('img'), img => ({
            name: img.alt, shown: img.getBoundingClientRect().width, loaded: img.complete && img.naturalWidth > 0,
            column, copy: parseInt(img.currentSrc.split('/').find(part => /^[0-9]+w$/.test(part)) || '0'),
            copies: img.srcset.split(',').map(candidate => parseInt(candidate.trim().split(' ')[1]))}));
    }"""
    try:
        page = context.new_page()
        shown = []
        for slug in (slug_of("nho.png"), slug_of("lon.jpg"), "co-chu-thich"):
            page.goto(f"{url}/bai-viet/{slug}/")
            shown += page.evaluate(measure)
        assert len(shown) == 4 and all(img["loaded"] for img in shown), shown
        for img in shown:
            if "nho.png" in img["name"]:
                assert img["shown"] == 40, img
            else:
                assert img["column"] > 300 and abs(img["shown"] - img["column"]) < 1, img
                enough = [copy for copy in img["copies"] if copy >= img["shown"] * 2]
                assert img["copy"] == min(enough or [max(img["copies"])]), img
    finally:
        context.close()
        server.shutdown()


# --- Broken photos: the checker and the build say the same ----------------------------
JPEG = made.phone_jpeg(600, 400, orientation=1)
BROKEN = {
    # case: (file name, bytes, what the message says)
    "empty": ("anh.jpg", b"", "là tệp rỗng (0 byte"),
    "not an image": ("anh.jpg", "Đây là văn bản, không phải ảnh.\n".encode(), "không phải là ảnh"),
    "cut JPEG": ("anh.jpg", JPEG[: len(JPEG) // 2], "bị hỏng hoặc chưa chép hết"),
    "cut PNG": ("anh.png", made.palette_png()[:-20], "bị hỏng hoặc chưa chép hết"),
    "cut GIF": ("anh.gif", made.animated_gif()[:-40], "bị hỏng hoặc chưa chép hết"),
    # A byte flipped in the pixel data, the end intact (found by Hypothesis).
    "PNG damaged in the middle": ("anh.png", (lambda png, at: png[:at] + bytes([png[at] ^ 0xFF]) + png[at + 1:])(
                                      made.palette_png(), made.palette_png().index(b"IDAT") + 6),
                                  "bị hỏng hoặc chưa chép hết"),
    "HEIC": ("anh.heic", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "ở dạng HEIC"),
    # An iPhone photo renamed «.jpg», a PDF or an SVG named as a photo:
    # «chép lại ảnh gốc» copied the same file again.
    "HEIC renamed .jpg": ("IMG_1234.jpg", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x11" * 500,
                          "ở dạng HEIC"),
    "PDF renamed .jpg": ("anh.jpg", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "là tệp PDF, không phải ảnh"),
    "SVG": ("logo.png", b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>', "là ảnh SVG"),
    "TIFF": ("anh.tif", made.encoded(made.quadrant_image(20, 20), "TIFF"), "ở dạng TIFF"),
    # A phone's 108-megapixel mode: «thu nhỏ ảnh» said nothing of how.
    "108 megapixels": ("anh.jpg", made.huge_jpeg(12000, 9000),
                       "quá lớn (content/images/anh.jpg) — thu nhỏ ảnh (cạnh dài khoảng 4000 điểm ảnh là đủ: "
                       "trên Windows mở ảnh bằng Paint › Resize, chọn 33 %) rồi chép lại, hoặc tải ảnh lên "
                       "qua bàn biên tập, nơi ảnh được thu nhỏ khi tải lên"),
}


def checker_problems(content: Path) -> list[str]:
    config = Config.from_settings(settings_of(content))
    return [problem.format() for problem in check(config)]


def settings_of(content: Path) -> dict:
    from workflow import load_settings

    return load_settings(SETTINGS, PATH=str(content))


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_photo_stops_the_checker_and_the_build_with_one_message(case, tmp_path, monkeypatch, caplog):
    name, data, says = BROKEN[case]
    content = tmp_path / "content"
    write_files(content, {f"images/{name}": data,
                          "2025/bai.md": article("bai", f"Đoạn hai.\n\n![Ảnh hội thảo]({{static}}/images/{name})")})
    monkeypatch.chdir(tmp_path)
    [problem] = checker_problems(content)
    assert problem.startswith("content/2025/bai.md:11: ") and f"«{{static}}/images/{name}»" in problem, problem
    assert says in problem and f"content/images/{name}" in problem
    with pytest.raises((RuntimeError, ContentError)):
        build_in_process(content, tmp_path / "out", SETTINGS, MENU=[("Trang chủ", "index")])
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors[0] == problem
    assert not (tmp_path / "out" / "bai-viet").exists()


def test_a_broken_photo_no_article_names_is_refused_too(tmp_path, monkeypatch, caplog):
    """The build publishes every image file of the static folders: one that
    no article names is checked as a file (no line)."""
    content = tmp_path / "content"
    write_files(content, {"images/thua.jpg": JPEG[:300], "2025/bai.md": article("bai", "Không ảnh.")})
    monkeypatch.chdir(tmp_path)
    [problem] = checker_problems(content)
    assert problem.startswith("content/images/thua.jpg: ảnh «images/thua.jpg» bị hỏng"), problem
    with pytest.raises((RuntimeError, ContentError)):
        build_in_process(content, tmp_path / "out", SETTINGS, MENU=[("Trang chủ", "index")])
    assert problem in [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


def test_the_pelican_command_prints_one_vietnamese_line_and_no_traceback(tmp_path):
    content = tmp_path / "content"
    write_files(content, {"images/anh.jpg": JPEG[: len(JPEG) // 2],
                          "2025/bai.md": article("bai", "![Ảnh]({static}/images/anh.jpg)")})
    settings = settings_file(tmp_path / "s.py", extra=SMALL_SITE_LINES)
    result = run_pelican(content, tmp_path / "out", settings)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output and "OSError" not in output and "truncated" not in output
    assert "bai.md:9: ảnh «{static}/images/anh.jpg» bị hỏng hoặc chưa chép hết" in " ".join(output.split())
