"""Publishing: what the production site declares to search engines and
social apps, its images, its headers for static hosts, and the pure
functions of plugins/seo, plugins/images and plugins/headers."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import urllib.error
import urllib.request
from contextlib import contextmanager
from datetime import UTC
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import etree
from PIL import Image

from plugins import headers, images, seo
from plugins.core.errors import ContentError
from plugins.core.photos import Photo, PhotoError
from tests.support import CONTENT, DESK_FOLDER, ROOT, Site, pdf, run_pelican, write_files

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def settings():
    from pelican.settings import read_settings

    return read_settings(str(ROOT / "publishconf.py"))


@pytest.fixture(scope="module")
def public(settings) -> str:
    return settings["SITEURL"]


def local_file(site: Site, url: str, public: str) -> Path:
    """The output file behind an absolute URL of the public site."""
    assert url.startswith(public + "/"), f"not an absolute URL of the site: {url}"
    return site.path(urlsplit(url).path[len(urlsplit(public).path) + 1:])


def json_ld(soup) -> list[dict]:
    return [json.loads(tag.string) for tag in soup.select('script[type="application/ld+json"]')]


def meta(soup, key: str) -> str | None:
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


def article_urls(site: Site) -> list[str]:
    return [site.url_of(p) for p in site.html_files() if site.url_of(p).startswith("bai-viet/")]


def sitemap_urls(site: Site) -> list[str]:
    tree = etree.parse(str(site.output / "sitemap.xml"))
    assert tree.getroot().tag == f"{SITEMAP_NS}urlset"
    return [loc.text for loc in tree.getroot().iter(f"{SITEMAP_NS}loc")]


# --- The built production site --------------------------------------------------
def test_sitemap_lists_exactly_the_indexable_pages_with_absolute_urls(site, public):
    listed = sitemap_urls(site)
    assert len(listed) == len(set(listed))
    indexable = set()
    for path in site.html_files():
        soup = site.soup(site.url_of(path))
        robots = meta(soup, "robots") or ""
        if "noindex" not in robots:
            indexable.add(soup.find("link", rel="canonical")["href"])
    assert set(listed) == indexable
    for url in [*article_urls(site), "gioi-thieu/", "lien-he/", "hoi-dap/", ""]:
        assert f"{public}/{url}" in listed, url
    assert f"{public}/the/hoi-thao/" not in listed


def test_the_sitemap_dates_only_what_has_a_date(site, public):
    """pelican-sitemap gave the home page, the listings and every page
    without Date: the build's time: unchanged content «changed» at every
    hourly build. An article's entry has its date (+07:00), the others none."""
    tree = etree.parse(str(site.path("sitemap.xml")))
    dated = {url.findtext(f"{SITEMAP_NS}loc"): url.findtext(f"{SITEMAP_NS}lastmod")
             for url in tree.getroot().iter(f"{SITEMAP_NS}url")}
    articles = {f"{public}/{url}" for url in article_urls(site)}
    for loc, lastmod in dated.items():
        if loc in articles:
            published = site.soup(loc.removeprefix(public + "/")).find("meta", property="article:modified_time")
            assert lastmod == published["content"], loc
        else:
            assert lastmod is None, (loc, lastmod)
    assert f"{public}/" in dated and f"{public}/gioi-thieu/" in dated


def test_every_page_has_exactly_one_canonical_pointing_at_itself(site, public):
    for path in site.html_files():
        url = site.url_of(path)
        soup = site.soup(url)
        links = soup.find_all("link", rel="canonical")
        if url in ("404.html", "tim-kiem/"):
            # The 404 page is served for any unknown address; the search
            # page's address carries the search («?q=45/KH-LHH», search.js):
            # Chrome on Android and Safari share the canonical link, Facebook
            # and Messenger link a shared card to og:url, and a shared search
            # opened an empty search page. Neither names an address of its own.
            assert links == [] and meta(soup, "og:url") is None, url
            assert meta(soup, "robots") == "noindex", url
            continue
        assert len(links) == 1, url
        assert links[0]["href"] == meta(soup, "og:url") == f"{public}/{url}"


def test_lists_that_repeat_articles_are_noindex_follow_and_articles_are_indexed(site):
    for url in ["the/hoi-thao/", "the/", "tac-gia/ban-thong-tin/", "tac-gia/", "luu-tru/", "chuyen-muc/"]:
        assert meta(site.soup(url), "robots") == "noindex,follow", url
    # An article lets Google Discover and Top stories show its photo large
    # (without it they showed a thumbnail: Google's Discover guidelines).
    for url in article_urls(site):
        assert meta(site.soup(url), "robots") == "max-image-preview:large", url
    for url in ["", "gioi-thieu/", "chuyen-muc/tin-hoat-dong-lhh/"]:
        assert meta(site.soup(url), "robots") is None, url


def test_pagination_pages_are_noindex_follow():
    assert seo.robots_directive("trang/2/", seo_patterns()) == "noindex,follow"
    assert seo.robots_directive("chuyen-muc/tin-hoat-dong-lhh/trang/3/", seo_patterns()) == "noindex,follow"
    assert seo.robots_directive("chuyen-muc/tin-hoat-dong-lhh/", seo_patterns()) == ""


def seo_patterns() -> list[str]:
    from pelican.settings import read_settings

    return read_settings(str(ROOT / "pelicanconf.py"))["SEO"]["noindex"]


def test_every_article_has_a_complete_news_article_json_ld(site, public, settings):
    assert article_urls(site)
    for url in article_urls(site):
        soup = site.soup(url)
        news = [d for d in json_ld(soup) if d.get("@type") == "NewsArticle"]
        assert len(news) == 1, url
        data = news[0]
        title = soup.find("h1").get_text()
        assert data["headline"] == " ".join(title.split()) or data["headline"] == title
        assert "<" not in data["headline"] and "&#" not in data["headline"]
        for key in ("datePublished", "dateModified"):
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", data[key]), data[key]
        assert data["url"] == data["mainEntityOfPage"] == f"{public}/{url}"
        assert data["author"] and all(author["name"] for author in data["author"])
        publisher = data["publisher"]
        assert publisher["@type"] == "Organization"
        assert publisher["name"] == settings["UNION"]["name"]
        logo = local_file(site, publisher["logo"]["url"], public)
        assert Image.open(logo).size == (publisher["logo"]["width"], publisher["logo"]["height"])
        for image in data.get("image", []):  # none without a photo (no logo)
            assert Image.open(local_file(site, image["url"], public)).size == (image["width"], image["height"])
        assert data["description"] == meta(soup, "description")
        # Vietnamese letters as themselves (\uXXXX made the data half as big
        # again; Hỏi & đáp's 182 KB instead of 122), only HTML's signs escaped.
        raw = "".join(script.string for script in soup.find_all("script", type="application/ld+json"))
        assert not re.search(r"\\u(?!00(26|3c|3e|27))[0-9a-f]{4}", raw), url


def test_articles_declare_open_graph_and_twitter_card(site, public):
    for url in article_urls(site):
        soup = site.soup(url)
        title = meta(soup, "og:title")
        assert title and "<" not in title and "&#" not in title
        assert meta(soup, "twitter:title") == title
        assert meta(soup, "og:description") == meta(soup, "description") == meta(soup, "twitter:description")
        assert meta(soup, "og:locale") == "vi_VN"
        assert meta(soup, "og:type") == "article"
        assert meta(soup, "og:url") == f"{public}/{url}"
        assert meta(soup, "article:published_time").endswith("+07:00")
        assert meta(soup, "twitter:card") == "summary_large_image"


def test_reference_article_shares_its_lead_image(site, public):
    soup = site.soup("bai-viet/hoi-thao-tu-van-phan-bien-phuong-an-phat-trien-cum-cong-nghiep-2021-2030/")
    # The share copy (1200 px at most, JPEG), never the original: the
    # placeholder is 960 px wide, so 960, not enlarged.
    assert meta(soup, "og:image") == f"{public}/images/2020/derivatives/share/placeholder-hoi-thao-cum-cong-nghiep-1.png.jpg"
    assert (meta(soup, "og:image:width"), meta(soup, "og:image:height")) == ("960", "640")
    assert meta(soup, "og:image:type") == "image/jpeg"
    # The reference's photos are not available: their placeholder says so
    # («Ảnh gốc chưa có» in dark grey), it was a blank grey box under
    # captions naming real people, and the grey card of every share.
    share = Image.open(local_file(site, meta(soup, "og:image"), public)).convert("L")
    darkest, lightest = share.getextrema()
    assert lightest - darkest > 80


def test_open_graph_images_are_absolute_and_exist_with_their_size(site, public):
    for path in site.html_files():
        soup = site.soup(site.url_of(path))
        url = meta(soup, "og:image")
        assert url == meta(soup, "twitter:image"), site.url_of(path)
        image = local_file(site, url, public)
        assert image.is_file(), url
        size = (int(meta(soup, "og:image:width")), int(meta(soup, "og:image:height")))
        assert Image.open(image).size == size, url


def test_home_declares_the_union_as_organization_with_its_contacts(site, settings, public):
    organizations = [d for d in json_ld(site.soup("")) if d.get("@type") == "Organization"]
    assert len(organizations) == 1
    union = settings["UNION"]
    org = organizations[0]
    assert org["name"] == union["name"]
    assert org["url"] == f"{public}/"
    assert org.get("telephone") == (union["phone"] or None)
    assert org.get("address") == (union["address"] or None)
    assert org.get("email") == (union["email"] or None)  # empty: left out
    assert local_file(site, org["logo"]["url"], public).is_file()


def test_robots_txt_points_at_the_absolute_sitemap(site, public):
    lines = (site.output / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert f"Sitemap: {public}/sitemap.xml" in lines
    assert "User-agent: *" in lines
    assert "Disallow: /" not in lines  # the site itself is never blocked


def test_manifest_and_icons(site, settings, public):
    manifest = json.loads((site.output / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["name"] == settings["SITENAME"]
    assert manifest["short_name"] == settings["UNION"]["short_name"]
    assert manifest["lang"] == "vi"
    for icon in manifest["icons"]:
        width, height = map(int, icon["sizes"].split("x"))
        assert Image.open(local_file(site, icon["src"], public)).size == (width, height)
    assert Image.open(site.output / "favicon.ico").format == "ICO"
    head = site.soup("").head
    for link in head.select('link[rel~="icon"], link[rel="apple-touch-icon"], link[rel="manifest"]'):
        assert local_file(site, link["href"], public).is_file(), link


def test_not_found_page_is_at_the_root_with_absolute_links(site, public):
    soup = site.soup("404.html")
    stylesheet = soup.find("link", rel="stylesheet")["href"]
    assert stylesheet.startswith(public + "/") and local_file(site, stylesheet, public).is_file()


def test_responsive_images_exist_in_every_width_of_srcset(site, public):
    checked = 0
    for url in article_urls(site):
        body = site.soup(url).select(".post-body img")
        for position, img in enumerate(body):
            assert img.get("alt"), img
            assert int(img["width"]) > 0 and int(img["height"]) > 0
            assert img.get("sizes")
            assert img.get("loading") == (None if position == 0 else "lazy")
            assert local_file(site, img["src"], public).is_file()
            for candidate in img["srcset"].split(","):
                address, descriptor = candidate.split()
                file = local_file(site, address, public)
                assert file.suffix == ".webp"
                assert f"{Image.open(file).width}w" == descriptor, address
                checked += 1
    assert checked >= 6  # the reference article's two figures, three widths each


def parse_headers(text: str) -> list[tuple[str, dict[str, str]]]:
    """_headers' rules as the nginx configuration reads them (workflow/nginx.py)."""
    from workflow.nginx import read_headers

    return [(pattern, dict(named)) for pattern, named in read_headers(text)]


def matches(pattern: str, path: str) -> bool:
    return re.fullmatch(re.escape(pattern).replace(r"\*", ".*"), path) is not None


def test_csp_allows_the_counter_origin_and_no_other_host(site, settings):
    parsed = parse_headers((site.output / "_headers").read_text(encoding="utf-8"))
    rules = dict(parsed)
    # One public policy on every rule that carries one, except the editors'
    # desk's own (tests/test_desk.py); "/" is the home page.
    policies = {values["Content-Security-Policy"] for pattern, values in parsed
                if "Content-Security-Policy" in values and pattern != f"/{DESK_FOLDER}/*"}
    assert len(policies) == 1
    policy = policies.pop()
    directives = {d.split()[0]: d.split()[1:] for d in policy.split(";")}
    endpoint = urlsplit(settings["VISIT_COUNTER"]["endpoint"])
    counter = f"{endpoint.scheme}://{endpoint.netloc}"
    hosts = {source for sources in directives.values() for source in sources if not source.startswith("'")}
    assert hosts == {counter}
    assert counter in directives["connect-src"] and counter in directives["img-src"]
    assert directives["default-src"] == ["'none'"]
    assert directives["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    assert "'unsafe-inline'" not in policy
    assert rules["/*"]["X-Content-Type-Options"] == "nosniff"
    assert rules["/*"]["Referrer-Policy"]


def test_each_file_gets_one_cache_rule_long_for_hashed_assets_short_for_pages(site):
    rules = parse_headers((site.output / "_headers").read_text(encoding="utf-8"))
    cache_rules = [(pattern, values["Cache-Control"]) for pattern, values in rules if "Cache-Control" in values]
    for file in site.output.rglob("*"):
        if not file.is_file() or file.name == "_headers":
            continue
        relative = file.relative_to(site.output).as_posix()
        path = "/" + (relative.removesuffix("index.html") if relative.endswith("index.html") else relative)
        found = [value for pattern, value in cache_rules if matches(pattern, path)]
        assert len(found) <= 1, (path, found)  # hosts would join two values
        if headers.HASHED.search(file.name):
            assert found == ["public, max-age=31536000, immutable"], path
        elif file.suffix == ".html":
            assert found == ["public, max-age=0, must-revalidate"], path
        elif relative.startswith("pagefind/"):  # hashed index files; fixed-name code
            hashed = file.suffix in (".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter")
            expected = "public, max-age=31536000, immutable" if hashed else "public, max-age=0, must-revalidate"
            assert found == [expected], path
        elif relative.startswith(("theme/img/", "theme/icons/")) or relative == "favicon.ico":
            # the logo and icons, unhashed: asked for again at every page view without a rule
            assert found == ["public, max-age=86400"], path


def test_css_and_js_names_carry_their_content_hash_and_pages_point_at_them(site):
    assets = [f for f in (site.output / "theme").rglob("*") if f.suffix in (".css", ".js")]
    assert assets
    for file in assets:
        digest = hashlib.sha256(file.read_bytes()).hexdigest()[:10]
        assert file.name.split(".")[-2] == digest, file.name
    for path in site.html_files():
        soup = site.soup(site.url_of(path))
        for tag in soup.select('link[rel="stylesheet"], script[src]'):
            address = urlsplit(tag.get("href") or tag.get("src")).path
            assert headers.HASHED.search(address), (site.url_of(path), address)
            assert (site.output / address.lstrip("/")).is_file(), address


# --- Editors' mistakes stop the build --------------------------------------------------
ARTICLE = """
    Title: Bài có ảnh
    Date: 2024-03-01
    Author: Ban thông tin
    Category: Tin hoạt động LHH

    Mở đầu.

    {image}
    """


@pytest.mark.parametrize("image, files, expected", [
    ("![Ảnh]({static}/images/khong-co.png)", {}, "khong-co.png"),
    ("![Ảnh]({static}/images/hong.png)", {"images/hong.png": b"not an image"}, "hong.png"),
    ("![Ảnh](https://example.org/anh.png)", {}, "https://example.org/anh.png"),
    ('<img src="{static}/images/ok.png">', "ok", "«{static}/images/ok.png» không có lời mô tả (alt)"),
    # The checker refused ![](…) (alt=""); the build published it, warning in English.
    ("![]({static}/images/ok.png)", "ok", "bai.md:8: ảnh «{static}/images/ok.png» không có lời mô tả (alt)"),
])
def test_unusable_image_stops_the_build_naming_it(make_site, caplog, image, files, expected):
    if files == "ok":
        files = {"images/ok.png": png_bytes(40, 30)}
    with pytest.raises((RuntimeError, ContentError)):
        make_site({"2024/bai.md": ARTICLE.format(image=image), **files})
    errors = " ".join(r.getMessage() for r in caplog.records if r.levelname in ("ERROR", "CRITICAL"))
    assert expected in errors
    assert "bai.md" in errors
    assert not [r for r in caplog.records if r.getMessage().startswith("Empty alt")]  # Pelican's, in English


def test_every_unusable_photo_of_an_article_is_named_at_once(make_site, caplog):
    """A phone's HEIC, an empty file and a photo without alt in one article:
    the build (and the preview) named the first only, while the checker
    listed all three; the editor fixed and saved three times."""
    body = ("![Hội nghị]({static}/images/IMG_1.heic)\n\n![Đại biểu]({static}/images/rong.jpg)\n\n"
            "![]({static}/images/ok.png)\n\n![Hội nghị]({static}/images/IMG_1.heic)")
    files = {"images/IMG_1.heic": b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00heicmif1",
             "images/rong.jpg": b"", "images/ok.png": png_bytes(40, 30)}
    with pytest.raises((RuntimeError, ContentError)):
        make_site({"2024/bai.md": "Title: Bài có ảnh\nDate: 2024-03-01\nAuthor: Ban thông tin\n"
                                  "Category: Tin hoạt động LHH\n\nMở đầu.\n\n" + body, **files})
    [error] = [r.getMessage() for r in caplog.records if r.levelname == "ERROR" and r.name == "plugins"]
    lines = error.splitlines()
    assert [re.search(r"bai\.md:(\d+):", line).group(1) for line in lines] == ["8", "10", "12"], lines
    assert "HEIC" in lines[0] and "rong.jpg" in lines[1] and "không có lời mô tả (alt)" in lines[2]


def png_bytes(width: int, height: int) -> bytes:
    import io

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "#336699").save(buffer, "PNG")
    return buffer.getvalue()


def test_image_without_size_gets_it_from_the_file(make_site):
    built = make_site({
        "2024/bai.md": ARTICLE.format(image="![Ảnh nhỏ]({static}/images/nho.png)"),
        "images/nho.png": png_bytes(400, 300),
    }, MENU=[("Trang chủ", "index")])
    img = built.soup("bai-viet/bai-co-anh/").select_one(".post-body img")
    assert (img["width"], img["height"]) == ("400", "300")
    assert img["alt"] == "Ảnh nhỏ"
    for candidate in img["srcset"].split(","):
        address, descriptor = candidate.split()
        file = built.output / urlsplit(address).path.lstrip("/")
        assert Image.open(file).width == int(descriptor[:-1])


# --- Pure functions --------------------------------------------------------------
@pytest.mark.parametrize("output_file, url", [
    ("index.html", ""), ("bai-viet/x/index.html", "bai-viet/x/"), ("404.html", "404.html"),
    ("trang/2/index.html", "trang/2/"),
])
def test_page_url(output_file, url):
    assert seo.page_url(output_file) == url


def test_iso_local_adds_the_offset_of_hanoi():
    from datetime import datetime

    assert seo.iso_local(datetime(2020, 11, 11, 8, 30), "Asia/Ho_Chi_Minh") == "2020-11-11T08:30:00+07:00"
    assert seo.iso_local(datetime(2020, 11, 11, 1, 0, tzinfo=UTC), "Asia/Ho_Chi_Minh") == "2020-11-11T01:00:00+00:00"


@pytest.mark.parametrize("counter, origins", [
    ({"provider": "none"}, []),
    ({"provider": "goatcounter", "endpoint": "https://lhh.goatcounter.com"}, ["https://lhh.goatcounter.com"]),
    ({"provider": "goatcounter", "endpoint": "https://dem.example.vn:8443/"}, ["https://dem.example.vn:8443"]),
    ({"provider": "goatcounter", "endpoint": "/__preview/goatcounter"}, []),  # 'self' covers it
    ({"provider": "json", "hit_url": "https://a.example/hit", "count_url": "https://b.example/count.json"},
     ["https://a.example", "https://b.example"]),
])
def test_counter_origins(counter, origins):
    assert headers.counter_origins(counter) == origins
    policy = headers.content_security_policy(origins)
    assert re.findall(r"https?://[^\s;]+", policy) == origins * 2  # img-src and connect-src only


@pytest.mark.parametrize("text, expected", [
    ('<link href="https://x.vn/theme/css/style.css">', '<link href="https://x.vn/theme/css/style.0123456789.css">'),
    ('<script src="../../theme/js/a.js" defer>', '<script src="../../theme/js/a.9876543210.js" defer>'),
    ('<link href="/theme/css/style.css?v=1">', '<link href="/theme/css/style.0123456789.css?v=1">'),
    ('<a href="/theme/css/style.css.map">', '<a href="/theme/css/style.css.map">'),
    ('<a href="/xtheme/css/style.css">', '<a href="/xtheme/css/style.css">'),
    ("no reference", "no reference"),
])
def test_rewrite_references(text, expected):
    renames = {"theme/css/style.css": "theme/css/style.0123456789.css", "theme/js/a.js": "theme/js/a.9876543210.js"}
    assert headers.rewrite_references(text, renames) == expected


def test_fingerprinted_name_is_the_content_hash():
    name = headers.fingerprinted_name("style.css", b"body{}")
    assert name == f"style.{hashlib.sha256(b'body{}').hexdigest()[:10]}.css"
    assert headers.HASHED.search(name)


def fingerprint_fixture(tmp_path, css: bytes):
    """A theme with one stylesheet and an output where it was copied as
    ``copied`` and a page that names it."""
    theme = tmp_path / "theme"
    (theme / "static" / "css").mkdir(parents=True)
    (theme / "static" / "css" / "style.css").write_bytes(css)
    settings = {"THEME": str(theme), "THEME_STATIC_PATHS": ["static"], "THEME_STATIC_DIR": "theme"}
    return settings, headers.theme_renames(settings)


@pytest.mark.parametrize("case, copied, page_written_with_expected", [
    # The normal case: pages were rewritten as written; the end pass only
    # renames and leaves them as they are.
    ("pages_rewritten_as_written", b"body{}", True),
    # A page no receiver saw (a static HTML file): the end pass rewrites it.
    ("page_not_seen", b"body{}", False),
    # The stylesheet changed during the build: the hash the pages got is
    # wrong, and the end pass corrects it.
    ("theme_changed_during_build", b"body{color:red}", True),
])
def test_fingerprint_names_the_real_hash_in_every_page(tmp_path, case, copied, page_written_with_expected):
    settings, expected = fingerprint_fixture(tmp_path, b"body{}")
    assert expected == {"theme/css/style.css": f"theme/css/{headers.fingerprinted_name('style.css', b'body{}')}"}
    output = tmp_path / "output"
    (output / "theme" / "css").mkdir(parents=True)
    (output / "theme" / "css" / "style.css").write_bytes(copied)
    page = output / "index.html"
    page.write_text('<link href="/theme/css/style.css">', encoding="utf-8")
    if page_written_with_expected:
        page.write_text(headers.rewrite_references(page.read_text(encoding="utf-8"), expected),
                        encoding="utf-8")
    new = headers.fingerprint(output, "theme", expected)
    real = f"theme/css/{headers.fingerprinted_name('style.css', copied)}"
    assert new == [real]
    assert (output / real).read_bytes() == copied
    assert page.read_text(encoding="utf-8") == f'<link href="/{real}">'


@pytest.mark.parametrize("name, source, minified", [
    ("style.css", b"/* Why the colour. */\nbody {\n  color: #222;\n}\n", b"body{color:#222}"),
    ("search.js", b"/* Why. */\nvar total = 1; // counted\nif (total > 0) {\n  say(total);\n}\n",
     b"var total=1;if(total>0){say(total);}"),
])
def test_production_ships_minified_theme_files_named_by_what_is_shipped(tmp_path, name, source, minified):
    """The source keeps its comments (why, and measured numbers); readers
    download the minified file, and the name the templates were given at
    start is its hash (no page rewritten at the end)."""
    kind = "css" if name.endswith(".css") else "js"
    theme = tmp_path / "theme"
    (theme / "static" / kind).mkdir(parents=True)
    (theme / "static" / kind / name).write_bytes(source)
    expected = headers.theme_renames({"THEME": str(theme), "THEME_STATIC_PATHS": ["static"],
                                      "THEME_STATIC_DIR": "theme"})
    output = tmp_path / "output"
    (output / "theme" / kind).mkdir(parents=True)
    (output / "theme" / kind / name).write_bytes(source)
    real = f"theme/{kind}/{headers.fingerprinted_name(name, minified)}"
    assert headers.fingerprint(output, "theme", expected) == [real] == list(expected.values())
    assert (output / real).read_bytes() == minified
    assert not (output / "theme" / kind / name).exists()


@pytest.mark.parametrize("copied, read", [(b"body{}", False), (b"body{color:red}", True)])
def test_the_end_pass_reads_rendered_pages_only_when_a_theme_file_changed(tmp_path, copied, read):
    """Pages the templates rendered name the hashed files already (asset()):
    the end pass leaves them unread, unless a theme file changed during the
    build and the names they got are wrong."""
    settings, expected = fingerprint_fixture(tmp_path, b"body{}")
    output = tmp_path / "output"
    (output / "theme" / "css").mkdir(parents=True)
    (output / "theme" / "css" / "style.css").write_bytes(copied)
    page = output / "index.html"
    rendered = f'<link href="/{expected["theme/css/style.css"]}">'
    page.write_text(rendered, encoding="utf-8")
    headers.fingerprint(output, "theme", expected, {os.path.abspath(page)})
    real = f"theme/css/{headers.fingerprinted_name('style.css', copied)}"
    assert page.read_text(encoding="utf-8") == (f'<link href="/{real}">' if read else rendered)


def find(src):
    if "khong" in src:
        raise images.ImageError(f"không tìm thấy ảnh «{src}»")
    return f"images/{src}", Photo(800, 600, "PNG")


@pytest.mark.parametrize("fragment, expected", [
    ('<p>x</p><img src="a.png" alt="A">',
     '<p>x</p><img src="a.png" alt="A" width="800" height="600" data-photo="images/a.png" fetchpriority="high">'),
    ('<img src="a.png" alt="A" width="10" height="5"><img src="b.png" alt="B" class="wide">',
     '<img src="a.png" alt="A" width="10" height="5" data-photo="images/a.png" fetchpriority="high">'
     '<img src="b.png" alt="B" class="wide" width="800" height="600" data-photo="images/b.png" loading="lazy" decoding="async">'),
    ('<img src="a&amp;b.png" alt="&quot;x&quot; &lt;y&gt;">',
     '<img src="a&amp;b.png" alt="&quot;x&quot; &lt;y&gt;" width="800" height="600" data-photo="images/a&amp;b.png" fetchpriority="high">'),
    ("<p>no image</p>", "<p>no image</p>"),
])
def test_prepare_images(fragment, expected):
    assert images.prepare_images(fragment, find) == expected
    assert images.prepare_images(expected, find) == expected  # idempotent


def test_an_answers_photos_are_all_lazy(make_site):
    """A Hỏi & đáp answer is one of many on its page: its first photo got
    «fetchpriority=high» and was fetched first, two screens down."""
    assert images.prepare_images('<img src="a.png" alt="A">', find, lead=False) == (
        '<img src="a.png" alt="A" width="800" height="600" data-photo="images/a.png" loading="lazy" '
        'decoding="async">')
    from tests.support import photo

    site = make_site({
        "pages/hoi-dap.md": "Title: Hỏi & đáp\nSlug: hoi-dap\nTemplate: faq\n\n",
        "hoi-dap/anh.md": "Title: Hội thảo ở đâu?\nDate: 2025-03-05\n\n![Hội trường]({static}/images/hoi-truong.jpg)\n",
        "images/hoi-truong.jpg": photo(1, 800, 600),
    })
    [img] = site.soup("hoi-dap/").select(".faq-answer img")
    assert img.get("loading") == "lazy" and not img.get("fetchpriority")


@pytest.mark.parametrize("fragment, message", [
    ('<img src="khong.png" alt="">', "không tìm thấy"),
    ('<img src="a.png">', "không có lời mô tả"),
    ('<img src="a.png" alt="">', "không có lời mô tả"),
    ('<img src="a.png" alt=" ">', "không có lời mô tả"),
])
def test_prepare_images_refuses(fragment, message):
    with pytest.raises(images.ImageError, match=message):
        images.prepare_images(fragment, find)


@pytest.mark.parametrize("src, error", [
    ("https://example.org/a.png", "trang khác"), ("//cdn.example/a.png", "trang khác"),
    ("data:image/png;base64,AAAA", "trang khác"), ("{static}/../../etc/passwd", "ngoài thư mục"),
])
def test_locate_refuses_other_hosts_and_paths_outside_content(tmp_path, src, error):
    with pytest.raises(PhotoError, match=error):
        images.locate(src, tmp_path / "2024", tmp_path)


def test_locate_resolves_static_links(tmp_path):
    assert images.locate("{static}/images/a.png", tmp_path / "2024", tmp_path) == (tmp_path / "images/a.png").resolve()
    assert images.locate("{static}a%20b.png", tmp_path / "2024", tmp_path) == (tmp_path / "2024/a b.png").resolve()


@pytest.mark.parametrize("module, value, message", [
    (headers, {"fingerprnt": True}, "khoá lạ «fingerprnt»"),
    (headers, {"fingerprint": "yes"}, r"HEADERS\['fingerprint'\]"),
    (headers, {"html_max_age": -1}, r"HEADERS\['html_max_age'\]"),
    (seo, {"noindex": "^the/"}, r"SEO\['noindex'\]"),
    (seo, {"noindex": ["("]}, r"SEO\['noindex'\]"),
    (seo, {"logo": 1}, r"SEO\['logo'\]"),
    (images, {"derivative": "article"}, "khoá lạ «derivative»"),
    (images, {"widths": [480, "720"]}, r"IMAGES\['widths'\]"),
    (images, {"widths": []}, r"IMAGES\['widths'\]"),
    (images, {"original_max": 0}, r"IMAGES\['original_max'\]"),
    (images, {"quality": 101}, r"IMAGES\['quality'\]"),
    (images, {"folder": "a/b"}, r"IMAGES\['folder'\]"),
    (headers, {"meta": "on"}, r"HEADERS\['meta'\]"),
])
def test_settings_are_checked_naming_the_key(module, value, message):
    error = {headers: headers.HeadersError, seo: seo.SeoError, images: images.ImageError}[module]
    with pytest.raises(error, match=message):
        module.load_config(value)


# --- The policy in a browser --------------------------------------------------------------
@pytest.mark.browser
def test_pages_break_no_rule_of_the_content_security_policy(site, public, page):
    """Each kind of page, served at its public address with the headers of
    _headers, loads its styles and scripts without one CSP violation."""
    security = dict(parse_headers((site.output / "_headers").read_text(encoding="utf-8")))["/*"]
    types = {".html": "text/html", ".css": "text/css", ".js": "text/javascript",
             ".svg": "image/svg+xml", ".webmanifest": "application/manifest+json"}

    def serve(route):
        path = urlsplit(route.request.url).path
        file = site.path(path[len(urlsplit(public).path) + 1:])
        if not file.is_file():
            return route.fulfill(status=404, body="")
        content_type = types.get(file.suffix) or Image.MIME.get(Image.open(file).format, "application/octet-stream")
        route.fulfill(status=200, body=file.read_bytes(), headers={**security, "Content-Type": content_type})

    page.route(f"{public}/**", serve)
    page.route(re.compile(r"^(?!" + re.escape(public) + ").*"), lambda route: route.abort())
    page.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    for url in ["", article_urls(site)[0], "tim-kiem/", "chuyen-muc/tin-hoat-dong-lhh/", "404.html"]:
        page.goto(f"{public}/{url}", wait_until="load")
        assert page.evaluate("getComputedStyle(document.body).margin") is not None
        assert page.evaluate("document.styleSheets.length") >= 1, url
        assert page.evaluate("window.__violations") == [], url


# --- nginx (workflow/nginx.py, `invoke nginx-config`) ---------------------------------
LONG_OLD_URL = ("/vb-tinh/quyet-dinh-ve-viec-cong-nhan-ban-chap-hanh-lien-hiep-cac-hoi-khoa-hoc-va-ky-thuat-"
                "tinh-thai-binh-6583.html")  # 110 characters: the README's maps needed a bigger hash bucket
DOLLAR_OLD_URL = "/lien-hiep-hoi/a$host-7004.html"  # «$»: a variable to nginx


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def nginx_serving(included: Path, port: int, work: Path, host: str = ""):
    """A real nginx (Debian's) on `port` whose one server block is `listen`
    and `include` of the generated file, as the README says (after `host`:
    the lines of the host's own site in that block, if any)."""
    import socket
    import subprocess
    import time

    temp = " ".join(f"{name}_temp_path {work / name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi",
                                                                     "scgi"))
    conf = work / "nginx.conf"
    # As this user: pytest's folders are 0700 (nginx's workers are «nobody» under root).
    user = f"user {__import__('pwd').getpwuid(os.getuid()).pw_name};\n" if os.getuid() == 0 else ""
    conf.write_text(f"{user}pid {work / 'nginx.pid'};\nerror_log {work / 'error.log'};\nworker_processes 1;\n"
                    f"events {{}}\nhttp {{\n  include /etc/nginx/mime.types;\n  access_log off;\n  {temp}\n"
                    f"  server {{ listen 127.0.0.1:{port}; {host} include {included}; }}\n}}\n")
    checked = subprocess.run(["nginx", "-t", "-c", str(conf), "-p", str(work)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    server = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(work), "-g", "daemon off;"])
    try:
        deadline = time.monotonic() + 10
        while socket.socket().connect_ex(("127.0.0.1", port)) and time.monotonic() < deadline:
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


def fetch(url: str) -> tuple[int, dict, bytes]:
    """(status, headers, body) of one request, redirects not followed; each
    header's values joined as the browser reads them."""
    try:
        answer = urllib.request.build_opener(_NoRedirect).open(url)
    except urllib.error.HTTPError as error:
        answer = error
    with answer:
        named = {}
        for name, value in answer.headers.items():
            named[name.lower()] = f"{named[name.lower()]}, {value}" if name.lower() in named else value
        return answer.status, named, answer.read()


@pytest.mark.skipif(not shutil.which("nginx"), reason="nginx is installed by `make test` (apt-get)")
def test_nginx_serves_the_site_under_a_path_as_headers_and_redirects_say(tmp_path, browser):
    """The README's hand-written nginx snippet served every file as
    application/octet-stream (its `types` block in `server`), gave the desk
    the public policy too (the desk did not start), failed `nginx -t` on a
    110-character old address and kept a policy without the `frame-src` a
    later video card needed. With the generated file under a path: nginx
    sends each rule of _headers as written; pages, CSS and the manifest
    have their types; old addresses answer 301 with or without a query;
    the desk has its own policy only; an unknown page the 404 page; in
    Chromium the home page and the video's player load with no violation."""
    from workflow.nginx import read_headers, read_redirects, write

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "2025").mkdir()
    (content / "2025" / "video.md").write_text(
        "Title: Video hội thi sáng tạo\nDate: 2025-03-05\nAuthor: Ban thông tin\nCategory: Tin hoạt động LHH\n"
        f"Old_url: {LONG_OLD_URL}, {DOLLAR_OLD_URL}\n\nXem lại lễ trao giải:\n\nhttps://www.youtube.com/watch?v=M7lc1UVf-VE\n",
        encoding="utf-8")
    folder, port = tmp_path / "www" / "bantin", free_port()
    result = run_pelican(content, folder, ROOT / "publishconf.py", {"SITEURL": f"http://127.0.0.1:{port}/bantin"})
    assert result.returncode == 0, result.stderr[-3000:]
    conf = tmp_path / "nginx" / "bantin.conf"
    assert write(folder, str(folder), conf).startswith(f"Đã viết {conf}")
    rules: dict[str, dict] = {}  # a path's rules joined (its policy, its cache)
    for pattern, named in read_headers((folder / "_headers").read_text(encoding="utf-8")):
        rules.setdefault(pattern, {}).update(named)
    redirects = read_redirects((folder / "_redirects").read_text(encoding="utf-8"))
    css = next((folder / "theme" / "css").glob("style.*.css")).name
    with nginx_serving(conf, port, tmp_path / "nginx") as base:
        home = fetch(f"{base}/bantin/")
        assert home[0] == 200 and home[1]["content-type"] == "text/html"
        assert home[1]["content-security-policy"] == rules["/"]["Content-Security-Policy"]
        assert "frame-src https://www.youtube-nocookie.com" in home[1]["content-security-policy"]
        style = fetch(f"{base}/bantin/theme/css/{css}")
        assert style[1]["content-type"] == "text/css"
        assert style[1]["cache-control"] == "public, max-age=31536000, immutable"
        assert fetch(f"{base}/bantin/manifest.webmanifest")[1]["content-type"] == "application/manifest+json"
        desk = fetch(f"{base}/bantin/quan-tri/")
        assert desk[1]["content-security-policy"] == rules["/quan-tri/*"]["Content-Security-Policy"]
        assert desk[1]["x-robots-tag"] == "noindex, nofollow"
        for request, target, status in [r for r in redirects if r[0] == LONG_OLD_URL] + redirects[:2]:
            for query in ("", "?fbclid=IwAR0x"):
                moved = fetch(f"{base}/bantin{request}{query}")
                assert (moved[0], moved[1]["location"]) == (status, f"{base}{target}"), request
        # «$» in an old address stopped `invoke nginx-config`: its redirect page answers it.
        dollar = fetch(f"{base}/bantin{DOLLAR_OLD_URL}")
        assert dollar[0] == 200 and b'http-equiv="refresh"' in dollar[2]
        missing = fetch(f"{base}/bantin/khong-co-trang-nay/")
        assert missing[0] == 404 and "Không tìm thấy" in missing[2].decode("utf-8")
        folder_only = fetch(f"{base}/bantin/theme/")  # no index.html: nginx's English «403 Forbidden»
        assert folder_only[0] == 404 and "Không tìm thấy" in folder_only[2].decode("utf-8")
        assert fetch(f"{base}/bantin/_headers")[0] == 404

        page = browser.new_page()
        violations = []
        page.on("console", lambda message: violations.append(message.text)
                if "Content Security Policy" in message.text else None)
        page.goto(f"{base}/bantin/")
        assert page.evaluate("getComputedStyle(document.body).margin") == "0px"  # the stylesheet applies
        page.goto(f"{base}/bantin/bai-viet/video-hoi-thi-sang-tao/")
        page.route("https://www.youtube-nocookie.com/**", lambda route: route.fulfill(body="<p>video</p>",
                                                                                      content_type="text/html"))
        page.locator(".video-card__link").click()
        page.locator("iframe[src^='https://www.youtube-nocookie.com/']").wait_for()
        page.close()
    assert violations == []


@pytest.mark.skipif(not shutil.which("nginx"), reason="nginx is installed by `make test` (apt-get)")
def test_nginx_under_a_path_leaves_the_hosts_own_site_alone(tmp_path):
    """Under a path (https://example.vn/bantin) the server block is the
    host's own: its `root` made `nginx -t` fail («"root" directive is
    duplicate») on the generated file's, and without one the bulletin's
    404 page answered the host's every unknown address. The site's lines
    now live in its location: the host's pages and 404 stay its own."""
    from workflow.nginx import write

    folder, host, port = tmp_path / "www" / "bantin", tmp_path / "host", free_port()
    write_files(folder, {
        "index.html": '<link rel="canonical" href="https://example.vn/bantin/"><p>Bản tin</p>',
        "404.html": "<p>Không tìm thấy trang</p>", "bai-viet/a/index.html": "<p>Bài</p>",
        "_headers": "/*\n  X-Frame-Options: DENY\n", "_redirects": "/lien-hiep-hoi-3091.html /bantin/bai-viet/a/ 301\n",
    })
    write_files(host, {"index.html": "<p>Trang của Liên hiệp Hội</p>"})
    conf = tmp_path / "nginx" / "bantin.conf"
    write(folder, str(folder), conf)
    with nginx_serving(conf, port, tmp_path / "nginx", f"root {host}; error_page 404 /404.html; gzip on;") as base:
        assert "Liên hiệp Hội" in fetch(f"{base}/")[2].decode("utf-8")
        others = fetch(f"{base}/khong-co")
        assert others[0] == 404 and "Không tìm thấy trang" not in others[2].decode("utf-8")
        home = fetch(f"{base}/bantin/")
        assert (home[0], home[1]["x-frame-options"]) == (200, "DENY") and "Bản tin" in home[2].decode("utf-8")
        for path, target in [("/bantin", "/bantin/"), ("/bantin/bai-viet/a", "/bantin/bai-viet/a/"),
                             ("/bantin/lien-hiep-hoi-3091.html?fbclid=1", "/bantin/bai-viet/a/")]:
            moved = fetch(f"{base}{path}")
            assert (moved[0], moved[1]["location"]) == (301, f"{base}{target}"), path
        missing = fetch(f"{base}/bantin/khong-co/")
        assert missing[0] == 404 and "Không tìm thấy trang" in missing[2].decode("utf-8")


def test_a_listing_shares_its_own_title_and_description(make_site):
    """The documents library, a document kind's page, the albums page were
    shared (Zalo, Facebook) as the home page: og:title the site's name,
    og:description its subtitle, while <title> and the description named
    the listing. Every listing now says what its <title> and description say."""
    site = make_site({
        "2025/a.md": "Title: Hội thảo\nDate: 2025-03-05\nAuthor: Ban thông tin\nCategory: Tin hoạt động LHH\n"
                     "Tags: KH&CN\n\nNội dung.\n",
        "van-ban/2025/45.md": "Title: Kế hoạch hội thi\nNumber: 45/KH-LHH\nDate: 2025-03-05\nKind: Kế hoạch\n\nx\n",
        # A document with only its file: shared, it said the union's name.
        "van-ban/2025/46.pdf": pdf("Ke hoach 46"),
        "van-ban/2025/46.md": "Title: Kế hoạch tổ chức hội thi\nNumber: 46/KH-LHH\nDate: 2025-03-06\nKind: Kế hoạch\n"
                              "Files: {static}/van-ban/2025/46.pdf\n",
    })
    listings = ["", "chuyen-muc/tin-hoat-dong-lhh/", "the/khcn/", "van-ban/", "van-ban/2025/"]
    for url in listings:
        soup = site.soup(url)
        said = (soup.find("meta", property="og:title")["content"], soup.find("meta", property="og:description")["content"])
        assert said == (soup.title.get_text(), soup.find("meta", attrs={"name": "description"})["content"]), url
    assert site.soup("the/khcn/").find("meta", property="og:title")["content"].startswith("Thẻ: KH&CN – ")
    document = site.soup("van-ban/2025/46-kh-lhh/")
    for found in (document.find("meta", property="og:description"),
                  document.find("meta", attrs={"name": "twitter:description"})):
        assert found["content"] == "Kế hoạch số 46/KH-LHH"


def test_one_headers_rule_a_path_and_a_warning_past_cloudflares_hundred(make_site, caplog):
    """A path's policy and its cache were two rules: the real content made
    75 of Cloudflare Pages' 100, the take-over's old addresses more, past
    which Cloudflare may apply none of the rest, and the build said nothing.
    One rule a path now; past 100, a warning naming the count."""
    import logging

    caplog.set_level(logging.WARNING)
    article = "Title: Bài {n}\nDate: 2025-03-05\nAuthor: Ban thông tin\nCategory: Tin hoạt động LHH\n\nx\n"
    few = make_site({"2025/a.md": article.format(n=1)}, HEADERS={"fingerprint": True, "meta": True})
    text = (few.output / "_headers").read_text(encoding="utf-8")
    paths = [line for line in text.splitlines() if line.startswith("/")]
    assert len(paths) == len(set(paths)) and "Cloudflare" not in caplog.text
    assert parse_headers(text)[[p for p, _ in parse_headers(text)].index("/")][1].keys() == {
        "Content-Security-Policy", "Cache-Control"}

    old = {f"/tin-cu-{n}.html": "index" for n in range(60)}  # a page and its .htm each: 120 paths at the root
    make_site({"2025/a.md": article.format(n=1)}, OLD_URLS=old, HEADERS={"fingerprint": True, "meta": True})
    assert re.search(r"HEADERS: _headers có 1\d\d quy tắc; Cloudflare Pages chỉ nhận tối đa 100 quy tắc", caplog.text)


def test_feeds_have_their_own_ids_and_links_a_reader_can_follow(make_site):
    """A footnote's «1» and «↩» were «#fn:1» in the feeds, which a feed
    reader resolves against the feed's address; every feed had the site's
    address as its <id> (readers take such feeds for one), and the
    documents' feed led to the home page."""
    site = make_site({
        "2025/a.md": "Title: Báo cáo\nDate: 2025-03-05\nAuthor: Ban thông tin\nCategory: Tin hoạt động LHH\n\n"
                     "Có 44 cụm công nghiệp[^1].\n\n[^1]: Theo Sở Công Thương.\n",
        "van-ban/2025/45.md": "Title: Kế hoạch hội thi\nNumber: 45/KH-LHH\nDate: 2025-03-05\nKind: Kế hoạch\n\nx\n",
    }, FEED_ALL_ATOM="feeds/all.atom.xml", CATEGORY_FEED_ATOM="feeds/{slug}.atom.xml",
       SITEURL="https://bantin.example.org", FEED_DOMAIN="https://bantin.example.org")
    atom = "{http://www.w3.org/2005/Atom}"
    ids = {}
    for path in sorted((site.output / "feeds").glob("*.xml")):
        feed = etree.parse(str(path)).getroot()
        ids[path.name] = feed.findtext(f"{atom}id")
        for entry in feed.iter(f"{atom}entry"):
            for html in (entry.findtext(f"{atom}content") or "", entry.findtext(f"{atom}summary") or ""):
                hrefs = re.findall(r'href="([^"]*)"', html)
                assert all(urlsplit(href).scheme == "https" for href in hrefs), (path.name, hrefs)
        if path.name == "van-ban.atom.xml":
            assert feed.find(f"{atom}link[@rel='alternate']").get("href") == "https://bantin.example.org/van-ban/"
    assert len(ids) >= 3 and len(set(ids.values())) == len(ids), ids
    assert ids["all.atom.xml"] == "https://vustathaibinh.org.vn/feeds/all.atom.xml"  # FEED_ID_SITE's, kept


def test_the_documents_pages_are_revalidated_like_every_page(make_site):
    """van-ban/ is a static folder (the attachments) that also holds the
    library and every document's page: all of it had images' day of cache,
    so a corrected number or a hidden document reached readers a day late."""
    site = make_site({
        "van-ban/2025/45.md": "Title: Kế hoạch hội thi\nNumber: 45/KH-LHH\nDate: 2025-03-05\nKind: Kế hoạch\n"
                              "Files: {static}/van-ban/2025/ke-hoach.pdf\n\nx\n",
        "van-ban/2025/ke-hoach.pdf": pdf("Ke hoach"),
    }, HEADERS={"fingerprint": True, "meta": True})
    rules = dict((pattern, named.get("Cache-Control")) for pattern, named in
                 parse_headers((site.output / "_headers").read_text(encoding="utf-8")) if "Cache-Control" in named)
    assert rules["/van-ban/*"] == "public, max-age=0, must-revalidate"  # images/: test_each_file_gets_one…
