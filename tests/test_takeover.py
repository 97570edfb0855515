"""Taking over the union's current site: its news sections in the menu,
Giới thiệu from the dated facts file, and every old address still leading
somewhere (plugins/redirects, plugins/about, the checker's rules for both).

One small site (the real content, two test articles carrying old addresses,
``OLD_URLS`` for two listings, a listing's ``page-3.htm`` and an old about
page) is built once for the module; the production site (``site``) shows
the real sections and facts as they are published."""

from __future__ import annotations

import gzip
import logging
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from lxml import etree

from plugins.about import read_facts
from plugins.core.errors import ContentError
from plugins.core.rules import old_path, old_path_files, old_path_requests, path_key
from tests.support import (
    AXE,
    CONTENT,
    GOOD_FACTS,
    ROOT,
    Site,
    build_in_process,
    built_once,
    facts_with,
    is_redirect,
    serve_folder,
    words,
    write_files,
)
from workflow import WorkflowError, load_settings
from workflow.check import Config, check

CORPUS_SETTINGS = ROOT / "tests" / "corpus" / "settings.py"
FACTS = CONTENT / "pages" / "gioi-thieu.yaml"
DOMAINS = ["vustathaibinh.org.vn", "vustathaibinh.vn"]

# The reference's URL patterns (../shared/reference/trang-cu-va-su-kien.md).
LEFT22 = ("/Tin-Tuc/left22/3327_Thai-Binh-Lien-hiep-Hoi-to-chuc-phan-bien-de-an-phat-trien-"
          "khoa-hoc-va-cong-nghe-tinh-Thai-Binh-giai-doan-2021-2025")
NEWER = "/lien-hiep-hoi/thai-binh-lien-hiep-hoi-ket-nap-chi-hoi-thanh-vien-khoa-hoc-ky-thuat-6817.html"
ACCENTED = "/hoi-thanh-vien/tin-thu-nghiem-có-dấu-9001.html"

MOVED = "bai-viet/bai-thu-nghiem-chuyen-tu-trang-cu/"
MEMBERS_ARTICLE = "bai-viet/bai-thu-nghiem-cua-hoi-thanh-vien/"
NEWS = "chuyen-muc/tin-hoat-dong-lhh/"
MEMBERS = "chuyen-muc/hoi-thanh-vien/"
TEST_OLD_URLS = {
    "/lien-hiep-hoi-3091.html": "category:Tin hoạt động LHH",
    "/lien-hiep-hoi/page-3.htm": "category:Tin hoạt động LHH",
    "/hoi-thanh-vien-3093.html": "category:Hội thành viên",
    "/Gioi-Thieu/Thanh-Tuu": "page:gioi-thieu",
}
# Test-only articles (never published): the old template's and the newer
# template's forms (the second with the domain, on a continuation line).
FILES = {
    "2024/bai-chuyen-tu-trang-cu.md": f"""
        Title: Bài thử nghiệm chuyển từ trang cũ
        Date: 2024-03-01
        Author: Ban thông tin
        Category: Tin hoạt động LHH
        Image: {{static}}/images/2020/placeholder-hoi-thao-cum-cong-nghiep-1.png
        Old_url: {LEFT22},
            https://vustathaibinh.org.vn{NEWER}

        Nội dung thử nghiệm của một bài chuyển từ trang cũ.
        """,
    "2024/bai-hoi-thanh-vien.md": f"""
        Title: Bài thử nghiệm của hội thành viên
        Date: 2024-03-02
        Author: Ban thông tin
        Category: Hội thành viên
        Old_url: {ACCENTED}

        Nội dung thử nghiệm của chuyên mục Hội thành viên.
        """,
}


@pytest.fixture(scope="module")
def moved(tmp_path_factory) -> Site:
    def build(base: Path) -> None:
        content = base / "content"
        shutil.copytree(CONTENT, content)
        write_files(content, FILES)
        build_in_process(content, base / "output", OLD_URLS=TEST_OLD_URLS)

    return Site(built_once(tmp_path_factory, "takeover", build) / "output")


@pytest.fixture(scope="module")
def moved_server(moved):
    server, url = serve_folder(moved.output)
    yield url
    server.shutdown()


def menu(site: Site, url: str = "") -> list[tuple[str, str]]:
    return [(words(a.get_text()), a["href"]) for a in site.soup(url).select("nav.menu a")]


# --- Sections ---------------------------------------------------------------------------
def test_menu_has_both_news_sections_once_they_have_articles(moved):
    assert menu(moved) == [
        ("Trang chủ", "/"), ("Giới thiệu", "/gioi-thieu/"), ("Tin hoạt động LHH", f"/{NEWS}"),
        ("Hội thành viên", f"/{MEMBERS}"), ("Hỏi & đáp", "/hoi-dap/"), ("Liên hệ", "/lien-he/"),
    ]


@pytest.mark.parametrize("url, heading, articles", [
    (NEWS, "Tin hoạt động LHH",
     {MOVED, "bai-viet/hoi-thao-tu-van-phan-bien-phuong-an-phat-trien-cum-cong-nghiep-2021-2030/"}),
    (MEMBERS, "Hội thành viên", {MEMBERS_ARTICLE}),
])
def test_each_section_has_its_category_page(moved, url, heading, articles):
    soup = moved.soup(url)
    assert words(soup.find("main").find("h1").get_text()) == heading
    listed = {a["href"].lstrip("/") for a in soup.find("main").select("h2 a[href]")}
    assert listed == articles
    current = soup.select_one("nav.menu a[aria-current=page]")
    assert words(current.get_text()) == heading


def test_published_menu_leaves_out_a_section_without_articles(site):
    """The real content has no member associations' news yet: no menu entry,
    no category page, and its old listing goes (for now, 302) home."""
    labels = [label for label, _ in menu(site)]
    assert labels == ["Trang chủ", "Giới thiệu", "Tin hoạt động LHH", "Hỏi & đáp", "Liên hệ"]
    assert not site.path(MEMBERS).exists()
    lines = (site.output / "_redirects").read_text(encoding="utf-8").splitlines()
    assert "/hoi-thanh-vien-3093.html / 302" in lines
    # Its page on a host without _redirects: no canonical, which search
    # engines take for a permanent move (the listing folded into the home page).
    page = site.soup("hoi-thanh-vien-3093.html")
    assert page.find("meta", attrs={"http-equiv": "refresh"})["content"].endswith(".org.vn/")
    assert page.find("link", rel="canonical") is None
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"  # the home page is not its new page
    assert "chưa có trên bản tin" in words(page.find("main").get_text())  # not «Nội dung này nay ở…» home
    # Shared, it shows as the home page, but names no og:url (Facebook's canonical) either.
    assert shared_card(page) == {name: value for name, value in shared_card(site.soup("")).items() if name != "og:url"}
    assert site.soup("Gioi-Thieu/Thanh-Tuu/").find("link", rel="canonical")  # a 301's page keeps it


# --- Giới thiệu ----------------------------------------------------------------------------
def facts_on_page(site: Site) -> tuple[list, list]:
    main = site.soup("gioi-thieu/").find("main")
    return main.select("ol.timeline > li"), main.select("ul.figures > li")


def test_about_shows_every_dated_fact_with_its_date_and_source(site):
    """Every figure of the facts file: its value and text, "tính đến" its
    date (with a machine-readable <time>), its note, and its source: a link
    to the source, or, for a page of the old site nobody carried over yet
    (gone once the domain switches), its address as text. Every timeline
    entry likewise, in date order."""
    facts, problems = read_facts(FACTS)
    assert problems == []
    raw = yaml.safe_load(FACTS.read_text(encoding="utf-8"))
    assert len(facts["figures"]) == len(raw["so_lieu"]) >= 8
    assert len(facts["events"]) == len(raw["moc"]) >= 6
    events, figures = facts_on_page(site)
    assert len(events) == len(facts["events"]) and len(figures) == len(facts["figures"])
    for item, fact in zip(figures + events, facts["figures"] + facts["events"], strict=True):
        text = words(item.get_text(" "))
        assert words(f"{fact['value']} {fact['text']}") in text
        when = item.select_one(f"time[datetime='{fact['iso']}']")
        assert words(when.get_text()) == fact["when"]
        if fact["value"]:
            assert f"tính đến {fact['when']}" in text
            assert fact["note"] in text
        source = item.select_one(".fact-source")
        host = urlsplit(fact["source"]["url"]).hostname.removeprefix("www.")
        if host in DOMAINS:
            assert source.find("a") is None
            assert fact["source"]["url"] in words(source.get_text())
        else:
            link = source.find("a")
            assert (link["href"], words(link.get_text())) == (fact["source"]["url"], fact["source"]["name"])
    dates = [e.select_one("time")["datetime"] for e in events]
    assert dates == sorted(dates)
    assert dates[0] == "1999-06-07" and dates[-1] == "2025-12-24"
    # Figures as well (2019's «hơn 156.000 hội viên» came above 2018's «hơn 200.000»).
    figure_dates = [f.select_one("time")["datetime"] for f in figures]
    assert figure_dates == sorted(figure_dates) and len(set(figure_dates)) >= 3
    # Nothing the sources do not give: the site's short name was shown as
    # the union's official abbreviation («Tên viết tắt»).
    assert "viết tắt" not in site.soup("gioi-thieu/").find("main").get_text().lower()


def test_about_links_an_old_source_to_the_article_that_took_its_address(moved):
    """The 2023 figure's source is the old site's article 6817; the test
    article carries that address, so the source links to it."""
    _, figures = facts_on_page(moved)
    [figure] = [f for f in figures if "chi hội thành viên" in f.get_text()]
    assert figure.select_one(".fact-source a")["href"] == f"/{MOVED}"


# --- Old addresses in a browser --------------------------------------------------------
# (request path as a browser sends it, new URL); each path of the
# _redirects file is one of these.
REDIRECTED = [
    (LEFT22, MOVED),
    (LEFT22 + "/", MOVED),
    (LEFT22.lower(), MOVED),
    (LEFT22.replace("_", "%5F").replace("Binh", "B%69nh"), MOVED),
    (NEWER, MOVED),
    (NEWER.replace(".html", ".htm"), MOVED),
    (ACCENTED, MEMBERS_ARTICLE),
    ("/lien-hiep-hoi-3091.html", NEWS),
    ("/lien-hiep-hoi-3091.htm", NEWS),
    ("/lien-hiep-hoi/page-3.htm", NEWS),
    ("/lien-hiep-hoi/page-3.html", NEWS),
    ("/hoi-thanh-vien-3093.html", MEMBERS),
    ("/Gioi-Thieu/Thanh-Tuu", "gioi-thieu/"),
    ("/gioi-thieu/thanh-tuu/", "gioi-thieu/"),
]


@pytest.mark.browser
def test_old_address_ends_on_the_new_page_on_a_plain_static_server(page, moved_server):
    """Each old address in turn, in one browser page."""
    ended = {}
    for old, new in REDIRECTED:
        page.goto(moved_server + old)
        page.wait_for_url(f"{moved_server}/{new}")
        ended[old] = (page.url.removeprefix(moved_server + "/"), page.locator("main h1").count())
    assert ended == {old: (new, 1) for old, new in REDIRECTED}


@pytest.mark.browser
def test_other_spellings_are_not_found_on_a_case_sensitive_host(page, moved_server):
    """The documented limit: as written and in lower case only."""
    response = page.goto(moved_server + "/LIEN-HIEP-HOI/PAGE-3.HTM")
    assert response.status == 404


def test_redirects_file_has_the_same_pairs_with_301(moved):
    lines = (moved.output / "_redirects").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# ")
    rules = [line.split() for line in lines[1:]]
    assert all(len(rule) == 3 for rule in rules)
    table = {source: (target, status) for source, target, status in rules}
    assert len(table) == len(rules)
    for old, new in REDIRECTED:
        if "%" not in old:
            for request in old_path_requests(old):
                assert table[request] == (f"/{new}", "301"), request
    assert table["/hoi-thanh-vien/tin-thu-nghiem-c%C3%B3-d%E1%BA%A5u-9001.html"] == (f"/{MEMBERS_ARTICLE}", "301")
    expected = {request for old in [LEFT22, NEWER, ACCENTED, *TEST_OLD_URLS]
                for request in old_path_requests(old_path(old, DOMAINS))}
    assert set(table) == expected


def shared_card(soup: BeautifulSoup) -> dict[str, str]:
    """A page's Open Graph and Twitter tags, as Facebook's and Zalo's crawlers read them."""
    return {tag.get("property") or tag["name"]: tag["content"] for tag in soup.find_all("meta")
            if (tag.get("property") or tag.get("name") or "").startswith(("og:", "twitter:"))}


def test_an_old_link_pasted_into_facebook_or_zalo_shows_the_new_article(moved):
    """A crawler does not follow the refresh as a browser does: Facebook
    built its card from the redirect page's own tags, and it had none (a
    bare link). The page carries the new article's, og:url its address, and
    still refreshes there first thing, without a script."""
    article = moved.soup(MOVED)
    card = shared_card(article)
    assert card["og:title"] == "Bài thử nghiệm chuyển từ trang cũ" and card["og:type"] == "article"
    assert "/derivatives/share/placeholder-hoi-thao-cum-cong-nghiep-1" in card["og:image"]
    assert card["twitter:card"] == "summary_large_image"
    for old in (LEFT22, NEWER):
        [(name, _), *_] = old_path_files(old_path(old, DOMAINS))
        assert is_redirect(moved.output / name)
        page = BeautifulSoup((moved.output / name).read_text(encoding="utf-8"), "lxml")
        assert page.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url=/{MOVED}"
        assert page.find("link", rel="canonical")["href"] == card["og:url"] == f"/{MOVED}"
        assert shared_card(page) == card and not page.find("script")


def test_redirect_pages_are_in_neither_sitemap_nor_search_index(moved):
    pages = [p for p in moved.output.rglob("*.htm*") if is_redirect(p)]
    assert len(pages) == sum(len(old_path_files(old_path(old, DOMAINS)))
                             for old in [LEFT22, NEWER, ACCENTED, *TEST_OLD_URLS])
    tree = etree.parse(str(moved.output / "sitemap.xml"))
    listed = {urlsplit(loc.text).path for loc in tree.iter("{*}loc")}
    assert listed and not {"/" + p.relative_to(moved.output).as_posix() for p in pages} & listed
    assert not any("/gioi-thieu/thanh-tuu" in url.lower() or "3091" in url for url in listed)
    indexed = set()
    for fragment in (moved.output / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes()).decode("utf-8")
        indexed.add(re.search(r'"url":"([^"]+)"', data)[1])
    articles = {"/" + moved.url_of(p) for p in moved.html_files() if moved.url_of(p).startswith("bai-viet/")}
    assert indexed == articles


def test_published_redirect_page(site):
    """The production build's page at an old address: refresh and canonical
    to the absolute new URL, a visible Vietnamese link, and nothing
    of a site page (counter, search, stylesheet, scripts)."""
    public = "https://vustathaibinh.org.vn"
    path = site.output / "Gioi-Thieu" / "Thanh-Tuu" / "index.html"
    soup = site.soup("Gioi-Thieu/Thanh-Tuu/")
    assert soup.html["lang"] == "vi"
    assert soup.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={public}/gioi-thieu/"
    assert soup.find("link", rel="canonical")["href"] == f"{public}/gioi-thieu/"
    # No noindex: it stopped search engines from moving the old address's standing to the new one.
    assert soup.find("meta", attrs={"name": "robots"}) is None
    # The site's own icon: without it a site under a path (GitHub Pages) had the browser ask the host's root.
    assert soup.find("link", rel="icon")["href"] == f"{public}/favicon.ico"
    link = soup.find("main").find("a")
    assert (link["href"], words(link.get_text())) == (f"{public}/gioi-thieu/", "Giới thiệu")
    assert "Trang đã chuyển" in soup.find("h1").get_text()
    # Giới thiệu replaces the old "Thành tựu" page but leaves its undated
    # figures out: it said «Nội dung này nay ở trang Giới thiệu».
    said = words(soup.find("main").get_text())
    assert "nay được thay bằng trang Giới thiệu" in said and "Nội dung này nay ở" not in said
    assert not soup.find_all(["script", "style", "form"]) and not soup.find("link", rel="stylesheet")
    text = path.read_text(encoding="utf-8")
    # Small: its own lines are 0.6 KB, Giới thiệu's Open Graph and Twitter tags 1.3 KB.
    assert "data-visit-counter" not in text and "pagefind" not in text and len(text.encode()) < 2.5 * 1024
    assert path.read_bytes() == (site.output / "gioi-thieu" / "thanh-tuu" / "index.html").read_bytes()


@pytest.mark.browser
def test_redirect_page_has_no_axe_violation(page, moved_server):
    """axe on the page itself: its refresh answered with 204, so Chromium
    stays on it (meta-refresh with delay 0 passes axe's rule)."""
    page.route(f"{moved_server}/gioi-thieu/", lambda route: route.fulfill(status=204))
    page.goto(f"{moved_server}/Gioi-Thieu/Thanh-Tuu/")
    page.wait_for_timeout(200)
    assert page.url == f"{moved_server}/Gioi-Thieu/Thanh-Tuu/"
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)"
    )
    assert violations == []


# --- The rules, pure ---------------------------------------------------------------------
@pytest.mark.parametrize("value, path", [
    (LEFT22, LEFT22),
    ("https://vustathaibinh.org.vn" + NEWER, NEWER),
    ("http://www.vustathaibinh.vn/Tin-Tuc/left22/2587_X/", "/Tin-Tuc/left22/2587_X/"),
    ("vustathaibinh.org.vn/cuoc-thi-van-ban/page-3.htm", "/cuoc-thi-van-ban/page-3.htm"),
    ("//vustathaibinh.org.vn/a.html", "/a.html"),
    ("/Tin-Tuc/H%E1%BB%99i%20th%e1%ba%a3o", "/Tin-Tuc/Hội thảo"),
    ("/Tin-Tuc/Ho\u0302\u0323i", "/Tin-Tuc/Hội"),
    # What Facebook and Zalo add when the link was shared: the same page.
    ("https://vustathaibinh.org.vn" + NEWER + "?fbclid=IwAR3x_Yz&mibextid=Zxz2cZ", NEWER),
    (NEWER + "?zarsrc=30&utm_source=zalo&utm_medium=zalo&utm_campaign=zalo", NEWER),
    (NEWER + "?", NEWER),
    ("/Tin-Tuc/left22/3327_Hoi-thao-(phan-1)", "/Tin-Tuc/left22/3327_Hoi-thao-(phan-1)"),  # its own «)»
])
def test_old_path(value, path):
    assert old_path(value, DOMAINS) == path


@pytest.mark.parametrize("path, files", [
    ("/Gioi-Thieu/Thanh-Tuu", [("Gioi-Thieu/Thanh-Tuu/index.html", True),
                               ("gioi-thieu/thanh-tuu/index.html", True)]),
    ("/cuoc-thi-van-ban/page-3.htm", [("cuoc-thi-van-ban/page-3.htm", False),
                                      ("cuoc-thi-van-ban/page-3.html", False)]),
    ("/Default.aspx", [("Default.aspx/index.html", True), ("default.aspx/index.html", True)]),
])
def test_old_path_files(path, files):
    assert old_path_files(path) == files


@pytest.mark.parametrize("a, b", [
    ("/Tin-Tuc/X", "/tin-tuc/x/"), ("/a/page-3.htm", "/A/PAGE-3.HTML"), ("/b/", "/b/index.html"),
])
def test_what_a_server_cannot_tell_apart_is_one_path(a, b):
    assert path_key(a) == path_key(b)


# --- Bad inputs: the checker and the build say the same --------------------------------------
def article(name: str, old_url: str | None, title: str = "") -> dict[str, str]:
    header = f"Old_url: {old_url}\n" if old_url is not None else ""
    return {f"2025/{name}.md": (f"Title: {title or name}\nDate: 2025-01-02\nAuthor: Ban thông tin\n"
                                f"Category: Tin hoạt động LHH\n{header}\nNội dung.\n")}


def bad(value: str, reason: str) -> str:
    return f"c/2025/a.md:5: đường dẫn cũ «{value}» không dùng được: {reason}"


REMOVE = "xoá nó khỏi dòng «Old_url:»"
BAD_OLD_URLS = {
    "not rooted": (article("a", "Tin-Tuc/left22/1_Bai"), {}, [bad(
        "Tin-Tuc/left22/1_Bai", "phải bắt đầu bằng «/» (ví dụ «/Tin-Tuc/left22/3327_Ten-bai») hoặc là "
        "địa chỉ đầy đủ «https://…»")]),
    "another site": (article("a", "https://mttq.thaibinh.gov.vn/tin-1.html"), {}, [bad(
        "https://mttq.thaibinh.gov.vn/tin-1.html", "thuộc tên miền «mttq.thaibinh.gov.vn», không phải "
        "của trang web cũ (vustathaibinh.org.vn, vustathaibinh.vn) — chỉ chuyển được địa chỉ của trang "
        "web cũ")]),
    "query": (article("a", "/Tin-Tuc/Default.aspx?id=3&utm_source=zalo"), {}, [bad(
        "/Tin-Tuc/Default.aspx?id=3&utm_source=zalo", "có phần «?id=3&utm_source=zalo» sau dấu «?» mà "
        "trang tĩnh không phân biệt được — chỉ chuyển được địa chỉ không có dấu «?»: bỏ phần từ dấu «?» "
        "trở đi")]),
    "no comma": (article("a", "/Tin-Tuc/left22/1_Bai /Tin-Tuc/left22/2_Bai"), {}, [bad(
        "/Tin-Tuc/left22/1_Bai /Tin-Tuc/left22/2_Bai", "có dấu cách — nếu là nhiều đường dẫn, ngăn cách "
        "chúng bằng dấu phẩy; nếu đường dẫn có dấu cách thật, viết «%20»")]),
    "bad percent": (article("a", "/Tin-Tuc/giam-50%-phi"), {}, [bad(
        "/Tin-Tuc/giam-50%-phi", "có dấu «%» không theo sau bởi hai chữ số hệ 16 — chép lại đường dẫn "
        "từ thanh địa chỉ của trình duyệt")]),
    "a part too long for a file name": (article("a", "/Tin-Tuc/left22/3412_" + "Lien-hiep-" * 26), {}, [bad(
        "/Tin-Tuc/left22/3412_" + "Lien-hiep-" * 26, "có một phần dài 265 byte («3412_Lien-hiep-Lien-hiep-Lien-…»), "
        "quá 255 byte mà một tên tệp trên máy chủ được phép — không chép được thành trang chuyển hướng: xoá nó "
        "khỏi dòng «Old_url:» (ai theo liên kết đó sẽ tới trang «Không tìm thấy», trang này gợi ý tìm bài theo "
        "tên trong địa chỉ)")]),
    # Copied from the end of a sentence in a post: the address readers have answered 404.
    "a bracket from a chat": (article("a", "https://vustathaibinh.org.vn/lien-hiep-hoi/bai-a-6818.html)"), {}, [bad(
        "https://vustathaibinh.org.vn/lien-hiep-hoi/bai-a-6818.html)", "kết thúc bằng dấu «)», dấu thường dính vào "
        "khi chép liên kết từ cuối một câu (Facebook, Zalo) — bỏ dấu «)» ở cuối")]),
    "a full stop": (article("a", "/lien-hiep-hoi/bai-b-6819.html."), {}, [bad(
        "/lien-hiep-hoi/bai-b-6819.html.", "kết thúc bằng dấu «.», dấu thường dính vào khi chép liên kết từ cuối "
        "một câu (Facebook, Zalo) — bỏ dấu «.» ở cuối")]),
    "empty": (article("a", ""), {}, [
        "c/2025/a.md:5: dòng «Old_url:» để trống — viết Old_url ngay sau dấu hai chấm"]),
    "two files": ({**article("a", "/Tin-Tuc/left22/1_Bai"), **article("b", "/tin-tuc/left22/1_bai/")}, {}, [
        "c/2025/a.md:5: đường dẫn cũ «/Tin-Tuc/left22/1_Bai» đã được khai báo ở c/2025/b.md:5 — mỗi "
        "đường dẫn cũ chỉ dẫn tới một trang: xoá nó ở một trong hai nơi",
        "c/2025/b.md:5: đường dẫn cũ «/tin-tuc/left22/1_bai/» đã được khai báo ở c/2025/a.md:5 — mỗi "
        "đường dẫn cũ chỉ dẫn tới một trang: xoá nó ở một trong hai nơi"]),
    "a file and OLD_URLS": (article("a", "/lien-hiep-hoi-3091.htm"), {"/lien-hiep-hoi-3091.html": "index"}, [
        "c/2025/a.md:5: đường dẫn cũ «/lien-hiep-hoi-3091.htm» đã được khai báo ở danh sách địa "
        "chỉ cũ của pelicanconf.py — mỗi đường dẫn cũ chỉ dẫn tới một trang: xoá nó khỏi dòng «Old_url:»"]),
    "a new page's address": ({**article("a", "/Gioi-Thieu"), "pages/gioi-thieu.md": "Title: Giới thiệu\n\nx\n"},
                             {}, [f"c/2025/a.md:5: đường dẫn cũ «/Gioi-Thieu» trùng với địa chỉ «gioi-thieu/» "
                                  f"của một trang trên bản tin mới — không được đè lên trang đó: {REMOVE}"]),
    "its own new address": (article("a", "/bai-viet/a/"), {}, [
        "c/2025/a.md:5: đường dẫn cũ «/bai-viet/a/» trùng với địa chỉ «bai-viet/a/» của một trang "
        f"trên bản tin mới — không được đè lên trang đó: {REMOVE}"]),
    "the sitemap": (article("a", "/sitemap.xml"), {}, [
        f"c/2025/a.md:5: đường dẫn cũ «/sitemap.xml» nằm trong «sitemap.xml», phần địa chỉ do bản tin tự tạo — {REMOVE}"]),
    "a reserved path": (article("a", "https://vustathaibinh.org.vn/the/hoi-thao/"), {}, [
        "c/2025/a.md:5: đường dẫn cũ «/the/hoi-thao/» nằm trong «the/», phần địa chỉ do bản tin tự "
        f"tạo — {REMOVE}"]),
}


def build_fails(content: Path, caplog, **overrides) -> list[str]:
    """Build `content` in this process with the corpus settings; it must
    stop. Returns the error lines it logged."""
    caplog.clear()
    with pytest.raises((RuntimeError, ContentError)):
        build_in_process(content, content.parent / "out", CORPUS_SETTINGS, MENU=[("Trang chủ", "index")],
                         SEARCH={"enabled": False}, **overrides)
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize("case", sorted(BAD_OLD_URLS))
def test_bad_old_url_is_refused_alike_by_checker_and_build(case, tmp_path, monkeypatch, caplog):
    files, old_urls, expected = BAD_OLD_URLS[case]
    content = tmp_path / "c"
    write_files(content, files)
    monkeypatch.chdir(tmp_path)
    config = Config.from_settings(load_settings(CORPUS_SETTINGS, PATH=str(content), OLD_URLS=old_urls))
    assert [p.format() for p in check(config)] == expected
    assert expected[0] in build_fails(content, caplog, OLD_URLS=old_urls)


def test_a_renamed_categorys_old_address_may_lead_to_the_new_one(tmp_path, monkeypatch, caplog):
    """Renaming «Tin hoạt động LHH» to «Tin hoạt động» in CATEGORIES left
    chuyen-muc/tin-hoat-dong-lhh/ answering 404, and OLD_URLS could not
    send it on: «nằm trong chuyen-muc/, phần địa chỉ do bản tin tự tạo».
    Its feed is the new category's too. A listing address no category, tag or author has now is free; one that
    a category still has is refused as before, by the checker and the build."""
    content = tmp_path / "c"
    write_files(content, {"2025/a.md": "Title: a\nDate: 2025-01-02\nAuthor: Ban thông tin\nCategory: Tin hoạt động\n"
                                       "Tags: Hội thảo\n\nNội dung.\n"})
    monkeypatch.chdir(tmp_path)
    renamed = {"/chuyen-muc/tin-hoat-dong-lhh/": "category:Tin hoạt động", "/the/hoi-thao-cu/": "index"}
    settings = {"CATEGORIES": ["Tin hoạt động"], "MENU": [("Trang chủ", "index")], "SEARCH": {"enabled": False}}
    assert check(Config.from_settings(load_settings(CORPUS_SETTINGS, PATH=str(content), OLD_URLS=renamed,
                                                    **settings))) == []
    site = build_in_process(content, tmp_path / "out", CORPUS_SETTINGS, OLD_URLS=renamed, **settings)
    page = site.soup("chuyen-muc/tin-hoat-dong-lhh/")
    assert page.find("meta", attrs={"http-equiv": "refresh"})["content"].endswith("/chuyen-muc/tin-hoat-dong/")
    assert (tmp_path / "out" / "chuyen-muc" / "tin-hoat-dong" / "index.html").is_file()
    # A feed reader subscribed to the old category's feed (it follows no
    # redirect page) still gets the news: the old feed 404ed.
    feeds = tmp_path / "out" / "feeds"
    assert (feeds / "tin-hoat-dong-lhh.atom.xml").read_bytes() == (feeds / "tin-hoat-dong.atom.xml").read_bytes()
    assert "<title>a</title>" in (feeds / "tin-hoat-dong-lhh.atom.xml").read_text(encoding="utf-8")
    # The category's own (current) address is still the build's.
    taken = "/chuyen-muc/tin-hoat-dong/"
    message = ("OLD_URLS (pelicanconf.py): đường dẫn cũ «/chuyen-muc/tin-hoat-dong/» nằm trong «chuyen-muc/», "
               "phần địa chỉ do bản tin tự tạo")
    with pytest.raises(WorkflowError, match=re.escape(message)):
        check(Config.from_settings(load_settings(CORPUS_SETTINGS, PATH=str(content), OLD_URLS={taken: "index"},
                                                 **settings)))
    assert any(line.startswith(message) for line in build_fails(content, caplog, OLD_URLS={taken: "index"},
                                                                  CATEGORIES=["Tin hoạt động"]))
    # A renamed tag («Hội thảo» → «Hội nghị», /the/hoi-thao/ sent on) that an
    # editor types again: said at the article's Tags line, what to do; it was
    # «OLD_URLS (pelicanconf.py) … xoá nó khỏi OLD_URLS», stopping the hourly
    # build with an error only the IT person could read.
    tag = {"/the/hoi-thao/": "the/hoi-nghi/"}
    write_files(content, {"2025/b.md": "Title: b\nDate: 2025-01-03\nAuthor: Ban thông tin\nCategory: Tin hoạt động\n"
                                       "Tags: Hội nghị\n\nNội dung.\n"})
    message = ("c/2025/a.md:5: thẻ «Hội thảo» đã được đổi tên: địa chỉ «/the/hoi-thao/» của nó nay chuyển sang "
               "«the/hoi-nghi/» (OLD_URLS trong pelicanconf.py) — dùng «Hội nghị» thay cho «Hội thảo»")
    assert [p.format() for p in check(Config.from_settings(load_settings(
        CORPUS_SETTINGS, PATH=str(content), OLD_URLS=tag, **settings)))][0].startswith(message)
    assert any(line.startswith(message) for line in build_fails(content, caplog, OLD_URLS=tag,
                                                                  CATEGORIES=["Tin hoạt động"]))


BAD_SETTINGS = {
    "malformed": ({"Tin-Tuc/x": "index"}, "OLD_URLS: đường dẫn cũ «Tin-Tuc/x» không dùng được: phải bắt "
                  "đầu bằng «/»"),
    "one path twice": ({"/a.html": "index", "/A.htm": "index"}, "OLD_URLS: «/a.html» và «/A.htm» là cùng "
                       "một đường dẫn cũ"),
    "bad target": ({"/a.html": "trang:x"}, "OLD_URLS: đích «trang:x» của «/a.html» không hợp lệ"),
    # A category renamed or removed in CATEGORIES: the checker passed it, the build refused it without the closest.
    "a category not in CATEGORIES": ({"/a.html": "category:Tin hoạt động"}, "OLD_URLS: «/a.html»: chuyên mục «Tin "
                                     "hoạt động» không có trong danh sách — có phải là «Tin hoạt động LHH»?"),
    "on a new page": ({"/bai-viet/a/": "index"}, "OLD_URLS (pelicanconf.py): đường dẫn cũ «/bai-viet/a/» "
                      "trùng với địa chỉ «bai-viet/a/» của một trang trên bản tin mới — không được đè lên "
                      "trang đó: người phụ trách kỹ thuật xoá nó khỏi danh sách địa chỉ cũ trong pelicanconf.py"),
}


@pytest.mark.parametrize("case", sorted(BAD_SETTINGS))
def test_bad_old_urls_setting_is_named_by_checker_and_build(case, tmp_path, monkeypatch, caplog):
    old_urls, message = BAD_SETTINGS[case]
    content = tmp_path / "c"
    write_files(content, article("a", None))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(WorkflowError) as error:
        check(Config.from_settings(load_settings(CORPUS_SETTINGS, PATH=str(content), OLD_URLS=old_urls)))
    assert str(error.value).startswith(message)
    assert any(line.startswith(message) for line in build_fails(content, caplog, OLD_URLS=old_urls))


@pytest.mark.parametrize("old_urls, message", [
    ({"/a.html": "page:khong-co"}, "OLD_URLS: «/a.html»: không có trang nào có Slug «khong-co»"),
    ({"/a.html": "category:Không có"}, "OLD_URLS: «/a.html»: chuyên mục «Không có» không có trong danh sách "
                                       "— các chuyên mục hợp lệ"),
    ({"/a.html": "khong-co/"}, "OLD_URLS: đích «khong-co/» của «/a.html» không phải là một trang mà bản tin "
                               "viết ra"),
    ({"/a.html": "section:Không có"}, "OLD_URLS: «/a.html»: không có phần nào tên «Không có» — các phần: "
                                      "«Văn bản cuộc thi», «Văn bản của tỉnh», «Văn bản khác», «album-anh», "
                                      "«van-ban»"),
])
def test_a_target_that_is_no_page_stops_the_build(old_urls, message, tmp_path, caplog):
    write_files(tmp_path / "c", article("a", None))
    assert any(line.startswith(message) for line in build_fails(tmp_path / "c", caplog, OLD_URLS=old_urls))


def test_a_redirect_never_replaces_a_page_the_build_wrote(tmp_path, monkeypatch, caplog):
    """Were the reserved set to miss a folder the build writes (simulated:
    nothing reserved), an old path on a tag page would pass the checks of
    the content; the build still refuses to write over the page, and writes
    no redirect page at all."""
    monkeypatch.setattr("plugins.redirects.reserved_paths", lambda settings: [])
    content = tmp_path / "c"
    write_files(content, article("a", None))
    (content / "2025" / "a.md").write_text(
        (content / "2025" / "a.md").read_text(encoding="utf-8").replace("Category:", "Tags: Thử nghiệm\nCategory:"),
        encoding="utf-8")
    lines = build_fails(content, caplog, OLD_URLS={"/the/thu-nghiem/": "index", "/lien-hiep-hoi-3091.html": "index"})
    assert ("đường dẫn cũ «/the/thu-nghiem/» sẽ ghi đè «the/thu-nghiem/index.html», một tệp bản tin "
            "vừa viết ra — xoá đường dẫn này khỏi dòng «Old_url:», hoặc nhờ người phụ trách kỹ thuật xoá nó "
            "khỏi danh sách địa chỉ cũ trong pelicanconf.py") in lines
    tag_page = (tmp_path / "out" / "the" / "thu-nghiem" / "index.html").read_text(encoding="utf-8")
    assert "http-equiv" not in tag_page and "/bai-viet/a/" in tag_page
    assert not (tmp_path / "out" / "lien-hiep-hoi-3091.html").exists()


# --- An item's earlier addresses (Old_slug, written by the desk) --------------------------
def item(path: str, title: str, slug: str, old_slug: str | None, status: str = "") -> dict[str, str]:
    headers = [f"Title: {title}", f"Slug: {slug}"]
    if not path.startswith("pages/"):
        headers[1:1] = ["Date: 2025-01-02", "Author: Ban thông tin", "Category: Tin hoạt động LHH"]
    headers += [f"Status: {status}"] * bool(status) + [f"Old_slug: {old_slug}"] * (old_slug is not None)
    return {path: "\n".join(headers) + "\n\nNội dung.\n"}


EARLIER = {
    # Renamed twice; its second name was another article's address (the
    # usual reason to rename), and its own address is listed too.
    **item("2025/a.md", "Bài A", "ten-moi", "ten-cu, bai-b, ten-moi"),
    **item("2025/b.md", "Bài B", "bai-b", None),
    **item("2025/c.md", "Bài nháp", "nhap-moi", "nhap-cu", status="draft"),
    **item("pages/p.md", "Trang P", "trang-moi", "trang-cu"),
    # An earlier address that an Old_url of another item claims now.
    **item("2025/d.md", "Bài D", "bai-d", "ten-chung"),
    "2025/e.md": ("Title: Bài E\nSlug: bai-e\nDate: 2025-01-03\nAuthor: Ban thông tin\n"
                  "Category: Tin hoạt động LHH\nOld_url: /bai-viet/ten-chung/\n\nNội dung.\n"),
    # A document whose number was corrected: its address is in van-ban/,
    # a section the site reserves, but its own.
    "van-ban/2025/45-kh-lhh.md": ("Title: Kế hoạch thử\nNumber: 45/KH-LHH\nDate: 2025-03-05\n"
                                  "Kind: Kế hoạch\nOld_slug: 44-kh-lhh\n\nToàn văn kế hoạch.\n"),
    # A document whose date was corrected from 2024 to 2025 (its address
    # holds the year), then its number too.
    "van-ban/2025/7-tb-lhh.md": ("Title: Thông báo thử\nNumber: 7/TB-LHH\nDate: 2025-01-10\n"
                                 "Kind: Thông báo\nOld_slug: 2024/6-tb-lhh, 2025/6-tb-lhh\n\nNội dung.\n"),
}


def test_an_items_earlier_addresses_lead_to_it_unless_another_page_has_them(tmp_path, monkeypatch):
    content = tmp_path / "c"
    write_files(content, EARLIER)
    monkeypatch.chdir(tmp_path)
    config = Config.from_settings(load_settings(CORPUS_SETTINGS, PATH=str(content)))
    assert [p.format() for p in check(config)] == []
    site = build_in_process(content, tmp_path / "out", CORPUS_SETTINGS, MENU=[("Trang chủ", "index")],
                            SEARCH={"enabled": False}, SITEURL="https://bantin.example")
    redirects = {site.url_of(path): BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
                 for path in site.html_files(redirects=True) if is_redirect(path)}
    targets = {url: soup.find("link", rel="canonical")["href"] for url, soup in redirects.items()}
    assert targets == {
        "bai-viet/ten-cu/": "https://bantin.example/bai-viet/ten-moi/",
        "trang-cu/": "https://bantin.example/trang-moi/",
        "bai-viet/ten-chung/": "https://bantin.example/bai-viet/bai-e/",
        "van-ban/2025/44-kh-lhh/": "https://bantin.example/van-ban/2025/45-kh-lhh/",
        "van-ban/2024/6-tb-lhh/": "https://bantin.example/van-ban/2025/7-tb-lhh/",
        "van-ban/2025/6-tb-lhh/": "https://bantin.example/van-ban/2025/7-tb-lhh/",
    }
    assert words(site.soup("bai-viet/bai-b/").find("h1").get_text()) == "Bài B"
    assert words(site.soup("bai-viet/ten-moi/").find("h1").get_text()) == "Bài A"
    lines = (site.output / "_redirects").read_text(encoding="utf-8").splitlines()
    assert {line for line in lines if "ten-moi" in line or "trang-moi" in line} == {
        "/bai-viet/ten-cu /bai-viet/ten-moi/ 301", "/bai-viet/ten-cu/ /bai-viet/ten-moi/ 301",
        "/trang-cu /trang-moi/ 301", "/trang-cu/ /trang-moi/ 301"}
    assert not any("nhap" in line for line in lines)


def test_an_earlier_slug_never_replaces_a_page_the_build_wrote(tmp_path, monkeypatch):
    """Were the reserved set to miss a folder the build writes (simulated:
    nothing reserved), a page's earlier slug «the» would land on the tags'
    listing: it is given up at writing, as at reading, and the build goes
    on (an Old_url there stops it: the test above)."""
    monkeypatch.setattr("plugins.redirects.reserved_paths", lambda settings: [])
    content = tmp_path / "c"
    write_files(content, {**item("pages/p.md", "Trang P", "trang-p", "the, trang-cu"),
                          **item("2025/a.md", "Bài A", "bai-a", None)})
    site = build_in_process(content, tmp_path / "out", CORPUS_SETTINGS, MENU=[("Trang chủ", "index")],
                            SEARCH={"enabled": False})
    assert not is_redirect(site.path("the/")) and is_redirect(site.path("trang-cu/"))
    lines = (site.output / "_redirects").read_text(encoding="utf-8").splitlines()
    assert not any(line.startswith("/the") for line in lines) and "/trang-cu/ /trang-p/ 301" in lines


def test_a_malformed_earlier_slug_is_named_alike_by_checker_and_build(tmp_path, monkeypatch, caplog):
    content = tmp_path / "c"
    write_files(content, item("2025/a.md", "Bài A", "ten-moi",
                              "ten-cu, 2024/ten-cu, Tên Cũ, /bai-viet/bai-x/, ---, 2024/Tên Cũ, 24/ten-cu"))
    monkeypatch.chdir(tmp_path)
    form = ("không hợp lệ: chỉ được gồm chữ thường không dấu a-z, chữ số 0-9 và dấu gạch ngang «-» (không có "
            "dấu cách, dấu chấm, «/», «?», «#»), có thể ghi kèm năm của địa chỉ cũ («2024/45-kh-lhh»)")
    expected = [f"c/2025/a.md:6: địa chỉ cũ «{value}» trong dòng «Old_slug:» {form} — {fix} hoặc xoá nó khỏi "
                "dòng này" for value, fix in (("---", "sửa lại"), ("/bai-viet/bai-x/", "viết «bai-x»"),
                                               ("2024/Tên Cũ", "viết «2024/ten-cu»"), ("24/ten-cu", "viết «ten-cu»"),
                                               ("Tên Cũ", "viết «ten-cu»"))]
    config = Config.from_settings(load_settings(CORPUS_SETTINGS, PATH=str(content)))
    assert sorted(p.format() for p in check(config)) == expected
    assert expected[-1] in build_fails(content, caplog)  # the build stops at the line's first («Tên Cũ»)


def test_a_page_given_another_address_keeps_its_place_in_menu_footer_and_old_urls(tmp_path):
    """Giới thiệu and Quyền riêng tư renamed in the desk (Slug changed, the
    old one in Old_slug): MENU's «page:gioi-thieu», OLD_URLS' target of the
    same name, the footer's and the counter block's privacy link follow the
    pages to their new addresses, and the old addresses lead there, where
    the build stopped before («không có trang nào có Slug…»)."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    for name, new in (("gioi-thieu", "gioi-thieu-lhh"), ("quyen-rieng-tu", "rieng-tu")):
        page = content / "pages" / f"{name}.md"
        page.write_text(page.read_text(encoding="utf-8").replace(
            f"Slug: {name}\n", f"Slug: {new}\nOld_slug: {name}\n"), encoding="utf-8")
    site = build_in_process(content, tmp_path / "output", SEARCH={"enabled": False})
    assert ("Giới thiệu", "/gioi-thieu-lhh/") in menu(site)
    footer = site.soup("").find("footer")
    assert [a["href"] for a in footer.find_all("a") if words(a.get_text()) == "Quyền riêng tư"] == ["/rieng-tu/"]
    assert site.soup("").select_one(".visit-counter__privacy a")["href"] == "/rieng-tu/"
    assert is_redirect(site.path("gioi-thieu/")) and is_redirect(site.path("quyen-rieng-tu/"))
    lines = (site.output / "_redirects").read_text(encoding="utf-8").splitlines()
    assert {"/Gioi-Thieu/Thanh-Tuu /gioi-thieu-lhh/ 301", "/gioi-thieu/ /gioi-thieu-lhh/ 301",
            "/quyen-rieng-tu/ /rieng-tu/ 301"} <= set(lines)


# --- Bad facts --------------------------------------------------------------------------------


QUOTE_IT = ("viết cả nội dung trong ngoặc kép, ví dụ «noi_dung: \"Chủ đề: …\"» (dấu ngoặc kép bên "
            "trong đổi thành “ ” hoặc « »), hoặc viết «noi_dung: >-» rồi xuống dòng, thụt lề thêm hai dấu cách")
INDENT = ("tệp dữ kiện không đọc được ở dòng này: thụt lề hoặc dấu hai chấm không đúng — mỗi mục bắt đầu "
          "bằng «- » thẳng cột với các mục khác, các dòng của một mục thẳng cột với nhau (chỉ dùng dấu "
          "cách), mỗi dòng có dạng «tên: giá trị»")
BAD_FACTS = {
    "no date": (facts_with("    tinh_den: 2019-06-07\n", ""), [(10, (
        "mục «hội thành viên» thiếu «tinh_den:» — mỗi mốc, mỗi con số phải có ngày nó đúng: thêm "
        "«tinh_den: YYYY-MM-DD»"))]),
    "no source": (facts_with("    noi_dung: Thành lập.\n    nguon: mot\n", "    noi_dung: Thành lập.\n"), [(6, (
        "mục «Thành lập.» thiếu «nguon:» — ghi tên một nguồn của phần «nguon:» đầu tệp: mot"))]),
    "unknown source": (facts_with("    tinh_den: 2019-06-07\n    nguon: mot", "    tinh_den: 2019-06-07\n    nguon: mott"),
                       [(13, "mục «hội thành viên» ghi nguồn «mott» mà phần «nguon:» không có — có phải là «mot»?")]),
    "date not ISO": (facts_with("ngay: 1999-06-07", "ngay: 07/06/1999"), [(6, (
        "mục «Thành lập.»: ngày «07/06/1999» không đúng dạng — hãy viết theo dạng YYYY-MM-DD hoặc "
        "YYYY-MM-DD HH:MM (ví dụ 2020-11-11 hoặc 2020-11-11 08:30); ngày 7 tháng 6 năm 1999 viết là «1999-06-07»"))]),
    "unquoted figure": (facts_with('con_so: "25"', "con_so: 156.390"), [(10, (
        "con số «156.39» bị đọc thành số thập phân — viết con số trong ngoặc kép, ví dụ con_so: \"156.390\""))]),
    "unknown key": (facts_with("    tinh_den:", "    ngay_thang: 2019-06-07\n    tinh_den:"), [(12, (
        "khoá lạ «ngay_thang» — các khoá hợp lệ: con_so, noi_dung, tinh_den, ghi_chu, nguon"))]),
    "source without url": (facts_with("    url: https://example.org/\n", ""), [(3, (
        "nguồn «mot» thiếu «url:» hoặc url không bắt đầu bằng https:// — chép địa chỉ của nguồn từ "
        "thanh địa chỉ của trình duyệt"))]),
    "source url with a space": (facts_with("url: https://example.org/", "url: https://example.org/tin tuc"), [(4, (
        "nguồn «mot» url «https://example.org/tin tuc» có dấu cách — chép địa chỉ của nguồn từ thanh địa chỉ "
        "của trình duyệt"))]),
    # What PyYAML cannot read is said from the line itself (its own words,
    # «mapping values are not allowed here», were shown in English).
    "tab": (facts_with("  - con_so:", "\t- con_so:"), [(10, (
        "tệp dữ kiện không đọc được ở dòng này: dòng thụt lề bằng dấu Tab — thụt lề bằng dấu cách "
        "(hai dấu cách mỗi bậc), như các dòng khác"))]),
    "colon in the text": (facts_with("noi_dung: Thành lập.", "noi_dung: Quyết định: thành lập."), [(7, (
        "tệp dữ kiện không đọc được ở dòng này: nội dung có dấu hai chấm và dấu cách («: »), mà YAML "
        "đọc là một tên mục mới — " + QUOTE_IT))]),
    "quotes inside": (facts_with("noi_dung: Thành lập.", 'noi_dung: "Đại hội "lần V""'), [(7, (
        "tệp dữ kiện không đọc được ở dòng này: nội dung bắt đầu bằng một dấu YAML dành riêng («\"») "
        "hoặc có dấu ngoặc kép ở giữa — " + QUOTE_IT))]),
    "a YAML sign first": (facts_with("noi_dung: Thành lập.", "noi_dung: *Thành lập"), [(7, (
        "tệp dữ kiện không đọc được ở dòng này: nội dung bắt đầu bằng một dấu YAML dành riêng («*») "
        "hoặc có dấu ngoặc kép ở giữa — " + QUOTE_IT))]),
    "quote not closed": (facts_with("noi_dung: Thành lập.", 'noi_dung: "Thành lập.'), [(7, (
        "tệp dữ kiện không đọc được: dấu ngoặc kép mở ở dòng này không được đóng — thêm dấu ngoặc "
        "kép ở cuối nội dung"))]),
    # Closing it at the end (as that message said) only led to the next error.
    "quote not closed, quotes inside": (facts_with("noi_dung: Thành lập.", 'noi_dung: "Hội thi "Sáng tạo" lần thứ 8'),
                                        [(7, ("tệp dữ kiện không đọc được: nội dung có dấu ngoặc kép ở giữa — đổi "
                                              "các dấu ngoặc kép bên trong thành “ ” hoặc « », và giữ một cặp "
                                              "ngoặc kép bao cả nội dung"))]),
    "ends before it starts": (facts_with("  - ngay: 1999-06-07\n", "  - ngay: 1999-06-07\n    den_ngay: 1999-06-01\n"),
                              [(7, "mục «Thành lập.»: «den_ngay:» trước «ngay:» — «den_ngay:» là ngày kết "
                                   "thúc, từ «ngay:» trở về sau: sửa lại một trong hai ngày")]),
    "indent": (facts_with("    noi_dung: hội", "     noi_dung: hội"), [(11, INDENT)]),
    "no colon": (facts_with("    tinh_den: 2019", "    tinh_den 2019"), [(13, INDENT)]),
}


@pytest.mark.parametrize("case", sorted(BAD_FACTS))
def test_bad_facts_are_named_with_their_line(case, tmp_path):
    text, expected = BAD_FACTS[case]
    path = tmp_path / "gioi-thieu.yaml"
    path.write_text(text, encoding="utf-8")
    assert read_facts(path) == (None, expected)


def test_good_facts_read(tmp_path):
    path = tmp_path / "gioi-thieu.yaml"
    path.write_text(GOOD_FACTS, encoding="utf-8")
    facts, problems = read_facts(path)
    assert problems == []
    assert [(f["value"], f["when"], f["source"]["url"]) for f in facts["figures"]] == [
        ("25", "07/06/2019", "https://example.org/")]


ABOUT_PAGE = "Title: Giới thiệu\nSlug: gioi-thieu\nTemplate: about\n\nx\n"


@pytest.mark.parametrize("facts, expected", [
    (BAD_FACTS["no date"][0], "c/pages/gioi-thieu.yaml:10: " + BAD_FACTS["no date"][1][0][1]),
    (None, "c/pages/gioi-thieu.md:3: trang dùng «Template: about» nhưng không có tệp dữ kiện "
           "«pages/gioi-thieu.yaml» — tạo tệp đó (mẫu trong README, «Dành cho biên tập viên»: "
           "«Sửa một con số ở trang Giới thiệu»; hoặc chép content/pages/gioi-thieu.yaml) hoặc bỏ dòng "
           "«Template: about»"),
])
def test_bad_facts_stop_the_build_as_the_checker_reports_them(facts, expected, tmp_path, monkeypatch, caplog):
    content = tmp_path / "c"
    write_files(content, {"pages/gioi-thieu.md": ABOUT_PAGE, **article("a", None)})
    if facts:
        (content / "pages" / "gioi-thieu.yaml").write_text(facts, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    config = Config.from_settings(load_settings(CORPUS_SETTINGS, PATH=str(content)))
    assert [p.format() for p in check(config)] == [expected]
    assert expected in build_fails(content, caplog)


def test_the_moved_content_passes_the_checker(moved, tmp_path):
    content = moved.output.parent / "content"
    config = Config.from_settings(load_settings(ROOT / "pelicanconf.py", PATH=str(content),
                                                OLD_URLS=TEST_OLD_URLS))
    assert check(config) == []


def test_a_questions_old_address_leads_to_its_place_on_hoi_dap(make_site):
    """The old site had Hỏi & đáp too; a question's ``Old_url:`` stopped the
    build with «OLD_URLS: đích «hoi-dap/#…» … không phải là một trang»,
    naming a setting nobody had touched: it leads to the question."""
    site = make_site({
        "pages/hoi-dap.md": "Title: Hỏi & đáp\nSlug: hoi-dap\nTemplate: faq\n\n",
        "hoi-dap/thu-tuc.md": "Title: Thủ tục kết nạp hội viên?\nDate: 2024-05-01\n"
                              "Old_url: /Hoi-Dap/left30/120_Thu-tuc-ket-nap\n\nTrả lời.\n"})
    anchor = site.soup("hoi-dap/").select_one("article.faq-item")["id"]
    page = site.soup("Hoi-Dap/left30/120_Thu-tuc-ket-nap/")
    refresh = page.find("meta", attrs={"http-equiv": "refresh"})
    assert refresh["content"].endswith(f"/hoi-dap/#{anchor}")
    # Shared, it shows the question, and opens at it (not «Hỏi & đáp», the page's top).
    card = shared_card(page)
    assert card["og:url"] == refresh["content"].removeprefix("0; url=")
    assert card["og:title"] == card["twitter:title"] == "Thủ tục kết nạp hội viên?"
    assert card["og:description"] == shared_card(site.soup("hoi-dap/"))["og:description"]


def test_a_path_with_a_wildcard_mark_is_left_out_of_the_redirects_file(make_site):
    """«/Tin-Tuc/left22/:id» in _redirects was a placeholder to Netlify and
    Cloudflare (the rule caught every /Tin-Tuc/left22/ page) and a «*» a
    wildcard: such paths keep their redirect page only."""
    site = make_site({
        "2025/a.md": "Title: A\nDate: 2025-01-02\nAuthor: Ban thông tin\nCategory: Tin hoạt động LHH\n"
                     "Old_url: /Tin-Tuc/left22/:id, /Tin-Tuc/left22/3002_Top-*-sang-kien, /Tin-Tuc/left22/3003_Bai\n\nx\n"})
    lines = (site.output / "_redirects").read_text(encoding="utf-8").splitlines()
    requests = [line.split()[0] for line in lines if not line.startswith("#")]
    assert "/Tin-Tuc/left22/3003_Bai" in requests
    assert not [r for r in requests if "*" in r or "/:" in r]
    for old in ("Tin-Tuc/left22/:id/", "Tin-Tuc/left22/3002_Top-*-sang-kien/"):
        assert site.soup(old).find("meta", attrs={"http-equiv": "refresh"})["content"].endswith("/bai-viet/a/")
