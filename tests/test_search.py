"""Search (issue 6): the ``search`` plugin's settings and command, the theme's
Pagefind hooks on the built site, and the search page in Chromium under the
strict CSP: tone-less queries, đ→d expansion, the category filter, the
Vietnamese labels, zero console errors and CSP violations."""

from __future__ import annotations

import gzip
import json
import logging
import re
import unicodedata
from urllib.parse import quote

import pytest

from plugins import search as search_plugin
from plugins.core import rules
from tests.support import (
    ROOT,
    SAMPLE_CATEGORIES,
    generate,
    pdf,
    served_build,
    write_files,
)

REFERENCE_URL = "/bai-viet/hoi-thao-tu-van-phan-bien-phuong-an-phat-trien-cum-cong-nghiep-2021-2030/"
DAI_HOI_URL = "/bai-viet/bai-thu-nghiem-dai-hoi/"
DIEN_DAN_URL = "/bai-viet/bai-thu-nghiem-dien-dan/"
DAI_DAT_URL = "/bai-viet/bai-thu-nghiem-dai-dat/"
PLAN_URL = "/van-ban/2024/45-kh-lhh/"  # a test document (search_test_files)
NOTICE_URL = "/van-ban/2024/12-tb-lhh/"
AMENDING_URL = "/van-ban/2024/46-kh-lhh/"  # cites PLAN_URL's number
DECISION_URL = "/van-ban/2024/7-qd-lhh/"
FIVE_URL = "/van-ban/2024/5-qd-lhh/"  # «Số: 05 /QÐ-LHH», copied from a PDF
KY_LAN_URL = "/bai-viet/ky-lan-cong-khai/"
GUIDE_URL = "/van-ban/2024/88-hd-skhcn/"  # a document with its signer and issuer
TOA_DAM_URL = "/bai-viet/toa-dam-nhiem-vu/"  # cites its signer, a decision, a date; a footnote
NOT_PUBLIC = ["bai-viet/ky-lan-an/", "ban-nhap/ky-lan-nhap/"]  # hidden, draft
QUESTION_URL = "/hoi-dap/#thu-tuc-ket-nap-thu-nghiem"  # a test question (search_test_files)
OTHER_CATEGORY = SAMPLE_CATEGORIES[1]  # "Tư vấn – phản biện"
CHUNKED_ARTICLES = 150
HOME_ONLY = [("Trang chủ", "index")]  # a menu for sites without the real pages
ONE_ARTICLE = {"a.md": "Title: A\nDate: 2024-01-01\nAuthor: Ban thông tin\n"
                         "Category: Tin hoạt động LHH\n\nA.\n"}



# --- Settings and command (pure functions) -----------------------------------------
@pytest.mark.parametrize("raw, expected", [
    (None, search_plugin.DEFAULTS),
    ({}, search_plugin.DEFAULTS),
    ({"enabled": False}, {**search_plugin.DEFAULTS, "enabled": False}),
    ({"bundle_dir": "assets/tim-kiem"}, {**search_plugin.DEFAULTS, "bundle_dir": "assets/tim-kiem"}),
    ({"exclude_selectors": (".a", "#b")}, {**search_plugin.DEFAULTS, "exclude_selectors": [".a", "#b"]}),
    ({"timeout": 1.5}, {**search_plugin.DEFAULTS, "timeout": 1.5}),
    ({"reuse": False}, {**search_plugin.DEFAULTS, "reuse": False}),
])
def test_settings_merge_over_defaults(raw, expected):
    assert search_plugin.merge_settings(raw) == expected


@pytest.mark.parametrize("raw, named", [
    ({"enable": True}, "enable"),
    ({"enabled": "yes"}, "enabled"),
    ({"bundle_dir": "../pagefind"}, "bundle_dir"),
    ({"bundle_dir": "/pagefind"}, "bundle_dir"),
    ({"bundle_dir": ""}, "bundle_dir"),
    ({"language": "vi-VN"}, "language"),
    ({"exclude_selectors": ".menu"}, "exclude_selectors"),
    ({"exclude_selectors": [""]}, "exclude_selectors"),
    ({"timeout": 0}, "timeout"),
    ({"timeout": True}, "timeout"),
    ({"reuse": "yes"}, "reuse"),
    (["enabled"], "SEARCH"),
])
def test_bad_settings_stop_with_the_key_named(raw, named):
    with pytest.raises(search_plugin.SearchSettingsError, match=re.escape(named)):
        search_plugin.merge_settings(raw)


@pytest.mark.parametrize("options, tail", [
    ({}, ["--output-subdir", "pagefind", "--force-language", "vi", "--quiet"]),
    ({"bundle_dir": "tk", "language": "en"}, ["--output-subdir", "tk", "--force-language", "en", "--quiet"]),
    ({"exclude_selectors": [".a", "nav b"]},
     ["--output-subdir", "pagefind", "--force-language", "vi", "--quiet",
      "--exclude-selectors", ".a", "--exclude-selectors", "nav b"]),
])
def test_pagefind_command(options, tail):
    command = search_plugin.pagefind_command(
        search_plugin.merge_settings(options), "/out", python="/py"
    )
    assert command == ["/py", "-m", "pagefind", "--site", "/out", *tail]


def test_pagefind_command_with_a_glob():
    command = search_plugin.pagefind_command(
        search_plugin.merge_settings({}), "/out", python="/py", glob="bai-viet/*/index.html")
    assert command[-2:] == ["--glob", "bai-viet/*/index.html"]


@pytest.mark.parametrize("pattern, glob", [
    ("bai-viet/{slug}/index.html", "bai-viet/*/index.html"),
    ("{date:%Y}/{slug}.html", "*/*.html"),
    ("{date:%Y/%m}/{slug}.html", ""),  # a field holding "/": no glob
    ("", ""),
])
def test_save_as_glob(pattern, glob):
    assert search_plugin.save_as_glob(pattern) == glob


# --- Joined pairs (pure function) -------------------------------------------------
@pytest.mark.parametrize("markup, pairs", [
    ("Hội thảo tư vấn", ["hoithao", "thaotu", "tuvan"]),
    ("Đại hội ĐẠI BIỂU", ["daihoi", "hoidai", "daibieu"]),  # đ → d, lower case
    (unicodedata.normalize("NFD", "Diễn đàn"), ["diendan"]),  # NFD in, same pairs
    ("Hội thảo, phản biện. Tư vấn", ["hoithao", "phanbien", "tuvan"]),  # punctuation splits
    ("Hội thảo\nTư vấn", ["hoithao", "thaotu", "tuvan"]),  # plain text is HTML: \n is a space
    ("Cụm công nghiệp 2021 – 2030", ["cumcong", "congnghiep", "nghiep2021"]),
    ("hội_thảo", []),  # an underscore is punctuation, not a letter
    ("Một", []),
    ("", []),
    # HTML: a block boundary or <br> splits, an inline tag or a wrapped
    # source line does not; entities are decoded, scripts skipped.
    ("<p>Hội thảo</p><p>Tư vấn</p>", ["hoithao", "tuvan"]),
    ("<li>hội</li><li>thảo</li>", []),
    ("dải<br>đất", []),
    ("<p><em>Hội</em> <a href='#'>thảo</a>\ntư vấn</p>", ["hoithao", "thaotu", "tuvan"]),
    ("Hội&nbsp;thảo &amp; tư&#32;vấn", ["hoithao", "tuvan"]),
    ("<p>Hội <script>var x = 1;</script>thảo</p>", ["hoithao"]),
    ("<h1>Hội thảo</h1>\nnhỏ", ["hoithao"]),
    # Not text: a video card's interface words, a footnote's mark.
    ('<span class="video-card__title">Video trên YouTube</span><span data-pagefind-ignore>YouTube · bấm '
     'để xem</span>', ["videotren", "trenyoutube"]),
    ('khoa học<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup> tỉnh', ["khoahoc", "hoctinh"]),
    # A number or a date as printed also pairs its own parts, as a query does.
    ("Quyết định số 3946/QĐ-UBND, ngày 11/11/2020.", ["quyetdinh", "dinhso", "so3946", "ngay11",
                                                      "3946qd", "qdubnd", "1111", "112020"]),
])
def test_joined_pairs(markup, pairs):
    assert search_plugin.joined_pairs(markup) == pairs


def test_search_pairs_filter_escapes_and_joins_with_spaces():
    assert search_plugin.search_pairs("<p>Hội thảo tư vấn</p>") == "hoithao thaotu tuvan"
    assert search_plugin.search_pairs(None) == ""


# --- Builds --------------------------------------------------------------------------
def test_publish_build_alone_yields_the_index(site):
    """``pelican content -s publishconf.py -o DIR`` writes the bundle, and it
    indexes the one real article, nothing else (pages, listings)."""
    bundle = site.output / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    assert (bundle / "wasm.unknown.pagefind").is_file()
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["vi"]["page_count"] == 1


def test_a_failing_pagefind_fails_the_build(make_site):
    with pytest.raises(search_plugin.SearchIndexError, match="Pagefind"):
        make_site(
            ONE_ARTICLE,
            SEARCH={"exclude_selectors": ["<<<"]}, MENU=HOME_ONLY,
        )


def short_article(slug: str, title: str, extra: str = "") -> str:
    return test_article(slug, title, "Tin hoạt động LHH", f"{title}.", "2024-01-01", extra)


def test_pagefind_starts_after_the_article_pages_and_skips_drafts(make_site, caplog, tmp_path):
    """Pagefind starts while Pelican writes the listings, on the article
    pages only: two articles indexed, the draft and the hidden-from-lists
    pages are not."""
    caplog.set_level(logging.INFO)
    built = make_site({
        "a.md": short_article("bai-mot", "Bài một"), "b.md": short_article("bai-hai", "Bài hai"),
        "c.md": short_article("ban-nhap", "Bản nháp", "Status: draft\n"),
    }, MENU=HOME_ONLY, CACHE_PATH=str(tmp_path / "cache"))  # no bundle of an earlier run to reuse
    assert "Pagefind started in the background on bai-viet/*/index.html after 2 article pages" in caplog.text
    entry = json.loads((built.output / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["vi"]["page_count"] == 2
    assert (built.output / "ban-nhap").is_dir()  # the draft was written, not indexed


def test_pagefind_indexes_the_documents_with_the_articles(make_site, caplog, tmp_path):
    """Documents are written before the articles, so Pagefind's early start
    (after the last article page) indexes them too, by their own glob; the
    hidden document is not indexed."""
    caplog.set_level(logging.INFO)
    document = ("Title: Kế hoạch thử nghiệm\nNumber: {n}/KH-LHH\nDate: 2024-02-01\nKind: Kế hoạch\n"
                "{extra}\nToàn văn thử nghiệm.\n")
    built = make_site({
        "a.md": short_article("bai-mot", "Bài một"),
        "van-ban/a.md": document.format(n=1, extra=""),
        "van-ban/b.md": document.format(n=2, extra=""),
        "van-ban/c.md": document.format(n=3, extra="Status: hidden\n"),
    }, MENU=HOME_ONLY, CACHE_PATH=str(tmp_path / "cache"))
    assert ("Pagefind started in the background on {bai-viet/*/index.html,van-ban/*/*/index.html} "
            "after 3 article pages") in caplog.text
    entry = json.loads((built.output / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["vi"]["page_count"] == 3
    # A fact's label and value apart in the text results are cut from
    # («Số, ký hiệu1/KH-LHH. Ngày ban hành01/02/2024» was the excerpt).
    fragments = [json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
                 for path in (built.output / "pagefind" / "fragment").iterdir()]
    text = next(f["content"] for f in fragments if f["url"].endswith("/1-kh-lhh/"))
    assert "Số, ký hiệu 1/KH-LHH. Ngày ban hành 01/02/2024. Loại văn bản Kế hoạch." in text, text


def test_articles_saved_elsewhere_are_indexed_at_the_end(make_site, caplog):
    """A Save_as: outside ARTICLE_SAVE_AS's pattern: no early start, and
    Pagefind indexes the whole site at ``finalized``: both articles, not the
    draft (no data-pagefind-body on a draft)."""
    caplog.set_level(logging.INFO)
    built = make_site({
        "a.md": short_article("bai-mot", "Bài một"),
        "b.md": short_article("bai-hai", "Bài hai", "Save_as: rieng/bai-hai.html\nURL: rieng/bai-hai.html\n"),
        "c.md": short_article("ban-nhap", "Bản nháp", "Status: draft\n"),
    }, MENU=HOME_ONLY)
    assert "Pagefind started in the background" not in caplog.text
    entry = json.loads((built.output / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["vi"]["page_count"] == 2


def bundle_files(folder) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_an_unchanged_site_reuses_its_search_bundle(make_site, caplog, tmp_path):
    """Pagefind's bundle is kept under the hash of what it read: the same
    pages again get that bundle byte for byte and Pagefind does not run;
    one article body changed runs it again, and the new page is indexed."""
    caplog.set_level(logging.INFO)
    cache = str(tmp_path / "cache")
    files = {"a.md": short_article("bai-mot", "Bài một"), "b.md": short_article("bai-hai", "Bài hai")}
    first = make_site(files, MENU=HOME_ONLY, CACHE_PATH=cache)
    assert "Pagefind started in the background" in caplog.text
    bundle = bundle_files(first.output / "pagefind")
    assert [path.name for path in (tmp_path / "cache" / "search").iterdir()] == [
        search_plugin.bundle_key(search_plugin.merge_settings({}), first.output, "bai-viet/*/index.html")]

    caplog.clear()
    again = make_site(files, MENU=HOME_ONLY, CACHE_PATH=cache)
    assert "Pagefind started" not in caplog.text and "Pagefind reads are unchanged" in caplog.text
    assert bundle_files(again.output / "pagefind") == bundle

    caplog.clear()
    edited = test_article("bai-hai", "Bài hai", "Tin hoạt động LHH", "Hội nghị tổng kết năm.", "2024-01-01")
    changed = make_site({**files, "b.md": edited}, MENU=HOME_ONLY, CACHE_PATH=cache)
    assert "Pagefind started in the background" in caplog.text and "Pagefind reads are unchanged" not in caplog.text
    new = bundle_files(changed.output / "pagefind")
    assert new != bundle
    assert [name for name in new if name.startswith("fragment/")] != [
        name for name in bundle if name.startswith("fragment/")]  # the edited page's fragment


@pytest.mark.parametrize("damage", ["zeroed", "one byte changed", "emptied"])
def test_a_kept_bundle_with_a_file_zeroed_in_place_is_not_reused(site, tmp_path, damage):
    """A kept file zeroed (or changed) with its size kept — a power cut on a
    disk that had recorded the size but not the bytes — passed the check of
    sizes and was published: pagefind.js of zeros, no search for anyone.
    (Emptied: the whole build's way is below, for a file deleted.)"""
    cache, output = tmp_path / "cache", tmp_path / "out"
    search_plugin._keep(site.output / "pagefind", cache, "key")
    assert search_plugin._reuse(cache / "key", output / "a")  # whole: reused
    script = cache / "key" / "pagefind.js"
    data = script.read_bytes()
    script.write_bytes({"zeroed": bytes(len(data)), "emptied": b""}.get(damage, data[:-1] + b"?"))
    assert not search_plugin._reuse(cache / "key", output / "b")
    assert not (output / "b").exists() and not (cache / "key").exists()


def test_a_kept_bundle_that_is_not_whole_is_not_reused(make_site, caplog, tmp_path):
    """A kept bundle with a file emptied or missing (a power cut, a disk
    cleaner) was «reused» and published as it was: the search broke for
    every reader. Pagefind runs again; the published bundle is whole. (A
    file emptied: above, without three builds.)"""
    damage = "deleted"
    caplog.set_level(logging.INFO)
    cache = str(tmp_path / "cache")
    files = {"a.md": short_article("bai-mot", "Bài một"), "b.md": short_article("bai-hai", "Bài hai")}
    first = make_site(files, MENU=HOME_ONLY, CACHE_PATH=cache)
    bundle = bundle_files(first.output / "pagefind")
    [kept] = (tmp_path / "cache" / "search").iterdir()
    meta = next(kept.glob("*.pf_meta"))
    meta.write_bytes(b"") if damage == "emptied" else meta.unlink()
    caplog.clear()
    again = make_site(files, MENU=HOME_ONLY, CACHE_PATH=cache)
    assert "Pagefind started in the background" in caplog.text and "Pagefind reads are unchanged" not in caplog.text
    published = bundle_files(again.output / "pagefind")  # Pagefind names some files anew each run
    assert len(published) == len(bundle) and all((again.output / "pagefind" / name).stat().st_size
                                                 for name in published)
    assert not list((again.output / "pagefind").rglob(search_plugin.MANIFEST))
    # The damaged one replaced by the new bundle: the next build reuses it
    # (it stayed, and every build ran Pagefind again, publishing new names).
    caplog.clear()
    third = make_site(files, MENU=HOME_ONLY, CACHE_PATH=cache)
    assert "Pagefind started" not in caplog.text and "Pagefind reads are unchanged" in caplog.text
    assert bundle_files(third.output / "pagefind") == published


def test_the_bundle_key_is_what_pagefind_reads(tmp_path):
    """Only the files the glob gives Pagefind, the options and the glob
    decide the key."""
    options = search_plugin.merge_settings({})
    glob = "{bai-viet/*/index.html,van-ban/*/*/index.html}"

    def key(files: dict[str, str], **changed) -> str:
        output = tmp_path / f"site-{len(list(tmp_path.iterdir()))}"
        write_files(output, files)
        return search_plugin.bundle_key({**options, **changed}, output, glob)

    site = {"bai-viet/a/index.html": "<p>a</p>", "van-ban/2024/b/index.html": "<p>b</p>",
            "index.html": "<p>trang chủ</p>", "pagefind/pagefind-entry.json": "{}"}
    base = key(site)
    assert key(site) == base
    assert key({**site, "index.html": "<p>khác</p>"}) == base  # not indexed
    assert key({**site, "pagefind/pagefind-entry.json": "[]"}) == base  # the bundle itself
    assert key({**site, "bai-viet/a/index.html": "<p>á</p>"}) != base
    assert key({**site, "bai-viet/c/index.html": "<p>c</p>"}) != base
    assert key(site, language="en") != base
    assert key(site, exclude_selectors=[".x"]) != base


def test_disabled_search_builds_no_index(make_site):
    built = make_site(
        ONE_ARTICLE,
        SEARCH={"enabled": False}, MENU=HOME_ONLY,
    )
    assert not (built.output / "pagefind").exists()
    assert (built.output / "tim-kiem" / "index.html").is_file()


def test_only_article_pages_are_indexed_and_only_the_search_page_loads_search(search_build):
    """``data-pagefind-body`` once on each article (its title and body, the
    author/tags footer ignored), nowhere else; every page has the plain GET
    form to /tim-kiem/ with a labelled ``q``; the search script and the
    Pagefind bundle are referenced by the search page only."""
    built, base = search_build
    # Hỏi & đáp's questions are indexed from pages only Pagefind reads: gone
    # once it has, so no second address and nothing in the sitemap.
    assert not (built.output / "hoi-dap" / "_tim-kiem").exists()
    assert "_tim-kiem" not in built.text("sitemap.xml")
    for path in built.html_files():
        url = built.url_of(path)
        soup = built.soup(url)
        bodies = soup.select("[data-pagefind-body]")
        if (url.startswith("bai-viet/") and url not in NOT_PUBLIC) or re.fullmatch(r"van-ban/\d{4}/[^/]+/", url):
            assert len(bodies) == 1, url
            assert bodies[0].find("h1"), url
            assert bodies[0].select_one(".post-body"), url
            assert not bodies[0].find_parent(["nav", "aside", "footer"]), url
            for link in bodies[0].select("a[rel=author], a[rel=tag]"):
                assert link.find_parent(attrs={"data-pagefind-ignore": True}), url
            assert not soup.select("nav [data-pagefind-body], aside [data-pagefind-body]")
        else:
            assert bodies == [], url
        scripts = [tag["src"] for tag in soup.find_all("script", src=True)]
        if url == "tim-kiem/":
            # the theme may fingerprint assets: search.js or search.HASH.js
            ours = [s for s in soup.find_all("script", src=True)
                    if re.fullmatch(rf"{base}/theme/js/search(\.[0-9a-f]+)?\.js", s["src"])]
            assert len(ours) == 1 and ours[0].has_attr("defer")
            assert soup.select_one(f"main form[action='{base}/tim-kiem/'] input[name=q]")
        else:
            assert not any("search" in src or "pagefind" in src for src in scripts), url
            assert "pagefind" not in re.sub(r"data-pagefind-[a-z]+", "", built.text(url)), url
            form = soup.select_one(f"header form[action='{base}/tim-kiem/'][method=get]")
            assert form, url
            field = form.select_one("input[name=q]")
            assert soup.select_one(f"label[for={field['id']}]").get_text(strip=True), url


def test_articles_carry_category_and_year_filters_and_no_sort(search_build):
    """Category and year are filters; no sort key, whose page order would
    weigh on the metadata file every search downloads first."""
    built = search_build[0]
    soup = built.soup(REFERENCE_URL.lstrip("/"))
    hook = soup.select_one("[data-pagefind-body] [data-pagefind-filter]")
    assert hook["data-pagefind-filter"] == "type[data-type], year[data-year], category[data-category]"
    assert hook["data-type"] == "Bài viết"
    assert hook["data-category"] == "Tin hoạt động LHH"
    assert hook["data-year"] == "2020"
    for page in built.output.rglob("*.html"):
        assert "data-pagefind-sort" not in page.read_text(encoding="utf-8"), page
    assert hook["data-date-vi"] == "11/11/2020"
    assert hook.get_text() == ""
    document = built.soup(PLAN_URL.lstrip("/")).select_one("[data-pagefind-body] [data-pagefind-filter]")
    assert document["data-pagefind-filter"] == "type[data-type], year[data-year]"
    assert document["data-pagefind-meta"] == "date[data-date-vi], category[data-category], number[data-number]"
    assert (document["data-type"], document["data-category"], document["data-number"]) == (
        "Văn bản", "Kế hoạch", "45/KH-LHH")
    pairs = document.find_next_sibling("div", attrs={"data-pagefind-weight": "7"})
    assert pairs.get_text() == "so45 45kh khlhh 45khlhh" and pairs.has_attr("hidden")


# --- The search page in Chromium ------------------------------------------------------
def test_article(slug: str, title: str, category: str, body: str, date: str,
                 extra: str = "") -> str:
    """An article's Markdown; ``extra``: more header lines."""
    return (
        f"Title: {title}\nDate: {date}\nAuthor: Ban thông tin\nCategory: {category}\n"
        f"Slug: {slug}\n{extra}\n{body}\n"
    )


test_article.__test__ = False  # a helper, not a test


def search_test_files() -> dict[str, str]:
    files = {
        # Written decomposed (NFD), as some keyboards do: the index must hold
        # NFC text so that "Đại hội" typed in NFC finds it.
        "2024/dai-hoi.md": unicodedata.normalize("NFD", test_article(
            "bai-thu-nghiem-dai-hoi", "Bài thử nghiệm về Đại hội đại biểu",
            "Tin hoạt động LHH",
            "Đại hội đại biểu lần thứ nhất của bài thử nghiệm. Đại hội thông qua "
            "phương hướng của nhiệm kỳ thử nghiệm.", "2024-03-05",
        )),
        "2024/dien-dan.md": test_article(
            "bai-thu-nghiem-dien-dan", "Bài thử nghiệm về diễn đàn trí thức", OTHER_CATEGORY,
            "Diễn đàn trao đổi ý kiến của bài thử nghiệm, chỉ dùng cho kiểm thử.", "2024-04-06",
        ),
        "2024/dai-dat.md": test_article(
            "bai-thu-nghiem-dai-dat", "Bài thử nghiệm về dải đất ven sông", OTHER_CATEGORY,
            "Dải đất ven sông được giới thiệu với hội viên. Bài này có nhắc "
            "đến một hội thảo nhỏ và người dân địa phương.", "2024-05-07",
        ),
        "2024/hoi-nghi.md": test_article(
            "bai-thu-nghiem-hoi-nghi", "Bài thử nghiệm về hội nghị tổng kết", "Tin hoạt động LHH",
            "Hội nghị tổng kết của bài thử nghiệm; các hội viên góp ý.", "2024-06-08",
        ),
        # Two documents (plugins/documents): found by number and by subject,
        # and the type filter separates them from the articles.
        "van-ban/2024/45-kh-lhh.pdf": pdf("Ke hoach 45 thu nghiem"),
        "van-ban/45-kh-lhh.md": (
            "Title: Kế hoạch thử nghiệm tổ chức hội thi sáng chế nhỏ\nNumber: 45/KH-LHH\n"
            "Date: 2024-07-01\nKind: Kế hoạch\nFiles: {static}/van-ban/2024/45-kh-lhh.pdf\n\n"
            "Bài thử nghiệm: kế hoạch của hội thi sáng chế nhỏ, chỉ dùng cho kiểm thử.\n"),
        # A later plan citing it in its title: «45/KH-LHH» listed it first.
        "van-ban/46-kh-lhh.md": (
            "Title: Kế hoạch thử nghiệm sửa đổi Kế hoạch số 45/KH-LHH\nNumber: 46/KH-LHH\n"
            "Date: 2024-07-15\nKind: Kế hoạch\n\nSửa đổi Kế hoạch số 45/KH-LHH: "
            "thêm một vòng thi cho Kế hoạch số 45/KH-LHH.\n"),
        "van-ban/12-tb-lhh.md": (
            "Title: Thông báo thử nghiệm về lịch tiếp nhận bài dự thi\nNumber: 12/TB-LHH\n"
            "Date: 2024-08-01\nKind: Thông báo\n\nToàn văn thông báo của bài thử nghiệm.\n"),
        # A number with Đ, which readers type as D.
        "van-ban/7-qd-lhh.md": (
            "Title: Quyết định về việc khen thưởng tập thể\nNumber: 7/QĐ-LHH\nDate: 2024-09-02\n"
            "Kind: Quyết định\n\nKhen thưởng các hội thành viên.\n"),
        # Its number as copied from a PDF's text: the label, a zero, a space
        # before the «/», the eth «Ð» for «Đ» (readers type «5/QĐ-LHH»); its
        # text's «Ðoàn» too; no longer in force (Expired:).
        "van-ban/5-qd-lhh.md": (
            "Title: Quyết định cử ban giám khảo giải báo chí\nNumber: Số: 05 /QÐ-LHH\nDate: 2024-09-20\n"
            "Kind: Quyết định\nExpired: có\n\nCử ban giám khảo giải báo chí. Ðoàn giám khảo chấm vòng chung khảo.\n"),
        # Found by its signer and issuer, which an article names too.
        "van-ban/88-hd-skhcn.md": (
            "Title: Hướng dẫn đăng ký nhiệm vụ cấp tỉnh\nNumber: 88/HD-SKHCN\nDate: 2024-10-01\n"
            "Kind: Hướng dẫn\nIssuer: Sở Khoa học và Công nghệ\nSigner: Lê Thị Minh Nguyệt\n\n"
            "Các bước đăng ký nhiệm vụ.\n"),
        "2024/toa-dam.md": test_article(
            "toa-dam-nhiem-vu", "Tọa đàm về nhiệm vụ cấp tỉnh", OTHER_CATEGORY,
            "Kết quả nhiệm kỳ được nêu. Bà Lê Thị Minh Nguyệt, Sở Khoa học và Công nghệ, trình bày tại "
            "tọa đàm. Theo Quyết định số 3946/QĐ-UBND ngày 11/11/2020, công nghệ sinh học[^1] và an toàn "
            "bức xạ được ưu tiên.\n\nHồ sơ theo Hướng dẫn số 88/HD-SKHCN.\n\nTọa đàm kết thúc với khẩu hiệu «Đoàn kết – Đổi mới».\n\n"
            "[^1]: Theo danh mục của tỉnh.\n", "2024-10-02", "Old_url: /Tin-Tuc/left22/4001_Toa-dam-nhiem-vu\n"),
        # Issue 17: one word, three articles; only the published one is found.
        **{f"2024/{slug}.md": test_article(
            slug, f"Ghi chép về kỳ lân giấy ({slug})", OTHER_CATEGORY,
            # Long enough not to move the average length that ranks the others.
            "Kỳ lân giấy là đồ chơi Trung thu của thiếu nhi, làm bằng tre và giấy màu. " * 12,
            "2024-07-09", extra)
           for slug, extra in [("ky-lan-cong-khai", ""), ("ky-lan-an", "Status: hidden\n"),
                               ("ky-lan-nhap", "Status: draft\n")]},
        # Hỏi & đáp: the published question is a result of its own, opening
        # its place on the page; the hidden, draft and future ones never are.
        "hoi-dap/ket-nap.md": (
            "Title: Thủ tục kết nạp tổ chức thành viên gồm những gì?\nSlug: thu-tuc-ket-nap-thu-nghiem\n"
            "Date: 2024-05-20\n\nBài thử nghiệm, chỉ dùng cho kiểm thử: hồ sơ gồm đơn đề nghị, "
            "điều lệ và quyết định thành lập của tổ chức.\n"),
        **{f"hoi-dap/hoi-ky-lan-{slug}.md": (
            f"Title: Kỳ lân giấy ({slug}) làm thế nào?\nSlug: hoi-ky-lan-{slug}\nDate: {date}\n{extra}\n"
            "Kỳ lân giấy làm bằng tre và giấy màu.\n")
           for slug, date, extra in [("an", "2024-07-09", "Status: hidden\n"),
                                     ("nhap", "2024-07-09", "Status: draft\n"),
                                     ("sau", "2099-07-09", "")]},
    }
    return files


@pytest.fixture(scope="module")
def search_build(tmp_path_factory):
    """The real content plus the test articles, served with the strict CSP."""
    return served_build(tmp_path_factory, "search", search_test_files(), SAMPLE_CATEGORIES)


@pytest.fixture(scope="module")
def chunked_build(tmp_path_factory):
    """The real content plus 150 generated articles (tests/support/generate.py,
    fixed seed): an index split into many chunks, as on a real archive."""
    return served_build(tmp_path_factory, "chunked", {}, dict.fromkeys([*SAMPLE_CATEGORIES, *generate.CATEGORIES]),
                        lambda folder: generate.generate(CHUNKED_ARTICLES, folder))


@pytest.fixture(scope="module")
def search_site(search_build):
    """The base URL of the served search site."""
    return search_build[1]


def search(page, base: str, query: str, category: str = "", kind: str = "") -> list[str]:
    """Opens /tim-kiem/?q=…, waits for the answer, returns the result URLs."""
    address = f"{base}/tim-kiem/?q={quote(query)}"
    if category:
        address += f"&chuyen-muc={quote(category)}"
    if kind:
        address += f"&loai={quote(kind)}"
    page.goto(address)
    status = page.locator("[data-search-status]")
    page.wait_for_function(
        "() => /kết quả/.test(document.querySelector('[data-search-status]').textContent)"
    )
    assert page.get_by_role("status").inner_text() == status.inner_text()  # opened with ?q=: read at once
    return [
        link.get_attribute("href").removeprefix(base)
        for link in page.locator(".search-result-title a").all()
    ]



@pytest.mark.browser
@pytest.mark.parametrize("query", ["hoi thao", "hội thảo", "Hội thảo"])
def test_hoi_thao_ranks_the_reference_article_first(reading, search_site, query):
    page = reading
    results = search(page, search_site, query)
    assert results[0] == REFERENCE_URL
    first = page.locator(".search-result").first
    assert "Hội thảo" in first.locator(".search-result-title").inner_text()
    assert first.locator(".search-result-meta").inner_text() == "11/11/2020 · Tin hoạt động LHH"
    marks = first.locator(".search-result-excerpt mark").all_inner_texts()
    assert any(re.match(r"(?i)hội", mark) for mark in marks)
    count = page.locator(".search-result").count()
    assert page.locator("[data-search-status]").inner_text() == f"{count} kết quả cho «{query}»."
    # The tab and the history list say what was searched (every search was «Tìm kiếm – …»).
    assert re.fullmatch(f"«{query}» – Tìm kiếm – .+", page.title()), page.title()


# The union's former site's two address forms, for the reference article,
# never given as its Old_url (README, "Taking over the current site").
OLD_ADDRESSES = [
    ("/Tin-Tuc/left22/3299_Lien-hiep-Hoi-to-chuc-Hoi-thao-tu-van-phan-bien-Phuong-an-phat-trien-cum-cong-nghiep",
     "lien hiep hoi to chuc hoi thao tu van phan bien phuong"),
    ("/lien-hiep-hoi/hoi-thao-tu-van-phan-bien-phuong-an-phat-trien-cum-cong-nghiep-6001.html",
     "hoi thao tu van phan bien phuong an phat trien cum cong"),
]


@pytest.mark.browser
@pytest.mark.parametrize("old", ["/TIN-TUC/LEFT22/4001_TOA-DAM-NHIEM-VU", "/Tin-Tuc/Left22/4001_Toa-Dam-Nhiem-Vu/"])
def test_an_old_address_in_another_case_reaches_its_article(one_page, search_site, old):
    """The old site ignored case; an address carried over as
    «/Tin-Tuc/left22/4001_Toa-dam-nhiem-vu» and followed in another mix of
    case answered 404 on a case-sensitive host: the not-found page finds
    its lower-case spelling and goes on."""
    page = one_page
    assert page.goto(search_site + old).status == 404
    page.wait_for_url(search_site + TOA_DAM_URL)
    assert page.locator("h1").inner_text().replace("\xa0", " ") == "Tọa đàm về nhiệm vụ cấp tỉnh"


@pytest.mark.browser
@pytest.mark.parametrize("old", ["/Tin-Tuc/left22/4001_Toa-dam-nhiem-vu)", "/Tin-Tuc/left22/4001_Toa-dam-nhiem-vu.",
                                 "/Tin-Tuc/left22/4001_Toa-dam-nhiem-vu%29", "/TIN-TUC/LEFT22/4001_TOA-DAM-NHIEM-VU)."])
def test_an_old_address_with_a_sign_after_it_reaches_its_article(one_page, search_site, old):
    """A link copied from the end of a sentence in a Facebook or Zalo post
    keeps its «)» or «.»: the carried-over address answered 404 and the
    search it offered found nothing. The not-found page tries the address
    without them (and in lower case) and goes on."""
    page = one_page
    assert page.goto(search_site + old).status == 404
    page.wait_for_url(search_site + TOA_DAM_URL)


@pytest.mark.browser
@pytest.mark.parametrize("gone, first", [("/trang/99/", "/"),
                                         ("/chuyen-muc/tin-hoat-dong-lhh/trang/31", "/chuyen-muc/tin-hoat-dong-lhh/")])
def test_a_listings_page_that_is_no_more_leads_to_its_first_page(one_page, search_site, gone, first):
    """A bookmarked «…/trang/31/» of a listing that has fewer pages since
    (more articles a page, a section split or renamed) answered 404 with
    nothing to follow («31» is no word to search): the not-found page goes
    to the listing's first page (PAGINATION_PATTERNS' address; a renamed
    section's first page is a redirect page, which goes on)."""
    page = one_page
    assert page.goto(search_site + gone).status == 404
    page.wait_for_url(search_site + first)


def test_the_not_found_page_drops_the_signs_the_old_address_rule_names():
    """The signs a chat leaves after a link are named twice: the rule that
    refuses them in an Old_url (``rules._TRAILING_SIGNS``, Python) and the
    not-found page that drops them from a followed address (notfound.js):
    one list, or an address the rule takes the page would not find."""
    script = (ROOT / "theme/static/js/notfound.js").read_text(encoding="utf-8")
    signs = re.search(r"path\.replace\(/\[([^/]*?)\]\+\$/", script)
    assert signs, "notfound.js no longer drops trailing signs with path.replace(/[…]+$/, '')"
    assert set(signs[1].replace("\\", "")) == rules._TRAILING_SIGNS


@pytest.mark.browser
@pytest.mark.parametrize("old, query", [
    *OLD_ADDRESSES,
    # The same, copied with the sentence's full stop, or as a page's folder.
    (OLD_ADDRESSES[1][0] + ".", OLD_ADDRESSES[1][1]),
    (OLD_ADDRESSES[1][0] + "/", OLD_ADDRESSES[1][1]),
    # A photo of the old site: its suffix is not a word of the title.
    ("/Uploads/Images/2020/HOI-THAO-CUM-CONG-NGHIEP.JPG", "hoi thao cum cong nghiep"),
])
def test_a_missing_old_address_offers_a_search_for_its_words(one_page, search_site, old, query):
    """A reader following an old link that no Old_url took over gets the
    404 page (status 404, as a static host answers it) with a search for the
    address's words (its number and suffix left out, at most 12 words); the
    search finds the article. Without JavaScript the item stays hidden."""
    page, violations = one_page, []
    listener = lambda m: "Content Security Policy" in m.text and violations.append(m.text)  # noqa: E731
    page.on("console", listener)
    try:
        response = page.goto(search_site + old)
        assert response.status == 404
        link = page.locator("[data-not-found-search] a")
        link.wait_for()
        assert link.inner_text() == f"Tìm bài có tên gần giống: «{query}»"
        link.click()
        # Until the search page has loaded the 404 page has no status line: the
        # check ran there once on a loaded machine (a TypeError of null).
        page.wait_for_url("**/tim-kiem/**")
        page.wait_for_function("() => /kết quả/.test(document.querySelector('[data-search-status]')?.textContent)")
        href = page.locator(".search-result-title a").first.get_attribute("href")
    finally:
        page.remove_listener("console", listener)
    assert href.removeprefix(search_site) == REFERENCE_URL
    assert violations == []


@pytest.mark.browser
def test_the_404_page_without_javascript_has_no_search_item(browser, search_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    assert page.goto(search_site + OLD_ADDRESSES[0][0]).status == 404
    assert page.locator("h1").inner_text() == "Không tìm thấy trang"
    assert page.locator("[data-not-found-search]").count() == 1
    assert not page.locator("[data-not-found-search]").is_visible()
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("query", ["dai hoi", "Đại hội", "DAI HOI", "đai hoi"])
def test_dai_hoi_ranks_the_dai_hoi_article_first(reading, search_site, query):
    page = reading
    assert search(page, search_site, query)[0] == DAI_HOI_URL


@pytest.mark.browser
@pytest.mark.parametrize("query", ["dải đất", "Dải"])
def test_typed_tone_marks_keep_exact_matches_first(reading, search_site, query):
    """A d typed with tone marks means d: the article with "dải" ranks above
    the Đại hội article that the đ reading also finds."""
    page = reading
    results = search(page, search_site, query)
    assert results[0] == DAI_DAT_URL
    if query == "Dải":
        assert DAI_HOI_URL in results[1:]


@pytest.mark.browser
def test_nfd_query_is_normalised(reading, search_site):
    page = reading
    assert search(page, search_site, unicodedata.normalize("NFD", "Đại hội"))[0] == DAI_HOI_URL


@pytest.mark.browser
@pytest.mark.parametrize("query", ["hội\u200b thảo", "hội thả\u00ado", "\u2060hội\u2060 \tthảo  "])
def test_a_pasted_query_reads_as_the_pages_do(reading, search_site, query):
    """A query pasted from Zalo or a web page with a zero-width space, a
    soft hyphen or a word joiner in it found nothing (the build drops them
    from the pages); the status shows the words once, one space apart."""
    page = reading
    assert search(page, search_site, query)[0] == REFERENCE_URL
    assert "«hội thảo»." in page.locator("[data-search-status]").inner_text()


@pytest.mark.browser
@pytest.mark.parametrize("query", ["đoàn", "Ðoàn"])
def test_a_word_with_the_eth_a_pdf_gives_for_d_is_found_as_typed(reading, search_site, query):
    """«Ð» (U+00D0), what a PDF's text holds for «Đ», in a text: to
    Pagefind another letter (it folds tone marks, not the eth), so «đoàn»
    typed with Unikey missed «Ðoàn» and «Ðoàn» pasted into the box missed
    «Đoàn». The build reads it as «Đ» (rules.eth_as_d_html), search.js the
    query. A document no longer in force is found, its result marked."""
    page = reading
    assert {FIVE_URL, TOA_DAM_URL} <= set(search(page, search_site, query))  # and the real articles with «đoàn»
    five = page.locator(".search-result", has=page.locator(f'a[href$="{FIVE_URL}"]'))
    assert five.locator(".search-result-meta").inner_text() == "20/09/2024 · Quyết định · Số 05/QĐ-LHH · Hết hiệu lực"


@pytest.mark.browser
@pytest.mark.parametrize("query", ["dien dan", "diễn đàn"])
def test_dien_dan_finds_dien_dan(reading, search_site, query):
    page = reading
    assert search(page, search_site, query)[0] == DIEN_DAN_URL


@pytest.mark.browser
def test_category_filter_narrows_results(reading, search_site):
    page = reading
    everything = search(page, search_site, "bai thu nghiem")
    assert {DAI_HOI_URL, DIEN_DAN_URL} <= set(everything)
    narrowed = search(page, search_site, "bai thu nghiem", OTHER_CATEGORY)
    assert DIEN_DAN_URL in narrowed and DAI_HOI_URL not in narrowed
    assert 0 < len(narrowed) < len(everything)
    categories = page.locator(".search-result-category").all_inner_texts()
    assert set(categories) == {OTHER_CATEGORY}
    assert page.locator("#chuyen-muc").input_value() == OTHER_CATEGORY
    # Back to every category, without reloading: the list grows again.
    page.select_option("#chuyen-muc", "")
    page.wait_for_function(
        f"() => document.querySelectorAll('.search-result').length === {len(everything)}"
    )
    assert "chuyen-muc" not in page.url


@pytest.mark.browser
def test_documents_are_searched_whatever_category_was_chosen_before(reading, search_site):
    """Documents have no category: «Văn bản» with a category chosen found
    nothing, said as «no result for these words». The category list is
    disabled while «Văn bản» is chosen, and what the status says names the
    filters applied."""
    page = reading
    documents = search(page, search_site, "bai thu nghiem", OTHER_CATEGORY, kind="Văn bản")
    assert set(documents) == {PLAN_URL, NOTICE_URL}
    status = page.locator("[data-search-status]")
    assert status.inner_text() == "2 kết quả cho «bai thu nghiem» trong văn bản."
    assert page.locator("#chuyen-muc").is_disabled()
    page.select_option("#loai", "Bài viết")  # the category chosen applies again
    status.filter(has_text="trong bài viết").wait_for()
    assert page.locator("#chuyen-muc").is_enabled() and "chuyen-muc" in page.url
    assert status.inner_text().endswith(f"kết quả cho «bai thu nghiem» trong bài viết thuộc chuyên mục «{OTHER_CATEGORY}».")
    assert set(page.locator(".search-result-category").all_inner_texts()) == {OTHER_CATEGORY}


@pytest.mark.browser
@pytest.mark.parametrize("query, filters, said", [
    ("đại hội", {"chuyen-muc": OTHER_CATEGORY},
     f" trong bài viết thuộc chuyên mục «{OTHER_CATEGORY}». Hãy chọn «Tất cả chuyên mục» để tìm rộng hơn."),
    ("hội thảo", {"loai": "Văn bản"}, " trong văn bản. Hãy chọn «Tất cả» để tìm rộng hơn."),
])
def test_nothing_found_with_a_filter_names_it_and_the_wider_choice(reading, search_site, query, filters, said):
    """Both queries find an article without the filter (tests above): the
    reader was told no page had the words."""
    page = reading
    page.goto(f"{search_site}/tim-kiem/?q={quote(query)}"
              + "".join(f"&{name}={quote(value)}" for name, value in filters.items()))
    status = page.locator("[data-search-status]")
    status.filter(has_text="Không tìm thấy").wait_for()
    assert status.inner_text() == f"Không tìm thấy kết quả nào cho «{query}»" + said


@pytest.mark.browser
@pytest.mark.parametrize("query", ["kỳ lân giấy", "ky lan"])
def test_hidden_and_draft_articles_are_never_found(reading, search_site, query):
    """Issue 17: a hidden article was found by the search. Three articles
    share these words; only the published one is a result."""
    page = reading
    assert search(page, search_site, query) == [KY_LAN_URL]


@pytest.mark.browser
def test_no_match_shows_vietnamese_no_results(reading, search_site):
    page = reading
    page.goto(f"{search_site}/tim-kiem/?q=xqzwv")
    status = page.locator("[data-search-status]")
    status.filter(has_text="Không tìm thấy kết quả").wait_for()
    # What to try next: the spelling, fewer words, the archive.
    assert status.inner_text() == "Không tìm thấy kết quả nào cho «xqzwv». Hãy kiểm tra chính tả, hoặc thử ít từ hơn."
    assert page.locator(".search-result").count() == 0
    assert page.locator("[data-search-results]").is_hidden()
    fallback = page.locator("[data-search-fallback]")
    assert fallback.is_visible() and fallback.get_by_role("link", name="lưu trữ bài viết").is_visible()
    page.get_by_label("Từ khoá").fill("hội thảo")  # found: the way round is hidden again
    status.filter(has_text="kết quả cho «hội thảo»").wait_for()
    assert fallback.is_hidden()


@pytest.mark.browser
@pytest.mark.parametrize("query", ["xqzwv hội", "hội thảo xqzwv", "bóng đá"])
def test_a_word_the_site_never_uses_finds_nothing(reading, search_site, query):
    """Pagefind leaves out a term its index does not have: «xqzwv hội»
    listed every page with «hội», «bóng đá» a page with «đáp»."""
    page = reading
    page.goto(f"{search_site}/tim-kiem/?q={quote(query)}")
    status = page.locator("[data-search-status]")
    status.filter(has_text="Không tìm thấy kết quả").wait_for()
    assert status.inner_text() == f"Không tìm thấy kết quả nào cho «{query}». Hãy kiểm tra chính tả, hoặc thử ít từ hơn."
    assert page.locator(".search-result").count() == 0


@pytest.mark.browser
def test_words_that_are_never_side_by_side_find_the_pages_that_have_them_all(reading, search_site):
    """«hội viên sông»: no page has «viên sông», so the pairs do not all
    match; the words one by one find the one page with all three (the pairs
    alone, «viensong» left out by Pagefind, listed every «hội viên» page)."""
    page = reading
    assert search(page, search_site, "hội viên sông") == [DAI_DAT_URL]


@pytest.mark.browser
def test_more_results_that_fail_to_load_are_not_lost(page, chunked_build):
    """«Xem thêm kết quả» on a dropped link: the reader is told, the button
    stays, and the next tap shows the same ten results (they were taken
    off the list before they were fetched: gone, and the count unchanged)."""
    _, base = chunked_build
    uncaught = []
    page.on("pageerror", lambda error: uncaught.append(str(error)))
    search(page, base, "hội")
    status = page.locator("[data-search-status]")
    counted = status.inner_text()
    total = int(counted.split(" ")[0].replace(".", ""))
    assert total > 20, counted
    results = page.locator(".search-result")
    assert results.count() == 10
    more = page.get_by_role("button", name="Xem thêm kết quả")
    page.route("**/pagefind/fragment/**", lambda route: route.abort("internetdisconnected"))
    more.click()
    status.filter(has_text="Không tải được thêm kết quả").wait_for()
    assert results.count() == 10 and more.is_visible()
    page.unroute("**/pagefind/fragment/**")
    more.click()
    page.wait_for_function("() => document.querySelectorAll('.search-result').length === 20")
    # A second «N kết quả» said nothing new where the focus moved to result 11.
    assert status.inner_text() == f"Đã hiện 20 trong {counted}"
    links = [link.get_attribute("href") for link in page.locator(".search-result-title a").all()]
    assert len(set(links)) == 20
    assert page.evaluate("document.activeElement.getAttribute('href')") == links[10]
    assert uncaught == []


@pytest.mark.browser
@pytest.mark.parametrize("why", ["no WebAssembly", "no 'wasm-unsafe-eval'", "link dropped"])
def test_a_search_that_cannot_run_says_why_and_offers_the_archive(page, search_site, why):
    """Pagefind needs WebAssembly returning several values, compiled under
    the policy's 'wasm-unsafe-eval' (Chrome 97, Safari 16): on an iPhone
    stuck on iOS 15 every search said «Không tải được … Vui lòng thử lại
    sau», forever, and offered nothing else. An old browser is told so
    without loading Pagefind; a dropped link says so; both get the way the
    menu and the archive offer."""
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    if why == "no WebAssembly":  # and no import(), as Chrome 61–62 read pagefind-import.js: search.js still runs
        page.add_init_script("delete window.WebAssembly;")
        page.route("**/js/pagefind-import*.js", lambda route: route.fulfill(
            body="window.importPagefind = function (url) { return import(url", content_type="text/javascript"))
    elif why == "no 'wasm-unsafe-eval'":  # as a browser that does not know the keyword reads the policy
        def older_policy(route):
            body = route.fetch().text()
            assert "'wasm-unsafe-eval'" in body
            route.fulfill(body=body.replace(" 'wasm-unsafe-eval'", ""), content_type="text/html; charset=utf-8")
        page.route("**/tim-kiem/?q=*", older_policy)
    else:
        page.route("**/pagefind/pagefind.js", lambda route: route.abort("internetdisconnected"))
    page.goto(f"{search_site}/tim-kiem/?q={quote('hội thảo')}")
    status = page.locator("[data-search-status]")
    expected = "mạng chậm hoặc mất kết nối" if why == "link dropped" else "Trình duyệt này quá cũ"
    status.filter(has_text=expected).wait_for()
    fallback = page.locator("[data-search-fallback]")
    assert fallback.is_visible()
    assert fallback.get_by_role("link", name="lưu trữ bài viết").get_attribute("href") == f"{search_site}/luu-tru/"
    assert page.locator(".search-result").count() == 0
    assert bool([url for url in requests if "/pagefind/" in url]) == (why == "link dropped")


@pytest.mark.browser
def test_typing_searches_and_announces_the_count(watched, search_site):
    """Pagefind loads only once the reader uses the box; typing (no submit)
    searches; the count is announced by the live region once typing pauses:
    typed a key every 350 ms (a screen reader's user, slower on a phone),
    each key searched and the live region said «Đang tìm…» and «N kết quả
    cho «d».» after every letter. The status shows at once all the same."""
    page, requests = watched
    page.goto(f"{search_site}/tim-kiem/")
    assert page.locator("[data-search-status]").inner_text() == ""
    assert not [url for url in requests if "/pagefind/" in url]
    page.evaluate("""() => { window.heard = []; const said = document.querySelector('[role=status][aria-live=polite]');
        new MutationObserver(() => heard.push(said.textContent)).observe(said, {childList: true, characterData: true, subtree: true}); }""")
    box = page.get_by_label("Từ khoá")
    box.press_sequentially("die", delay=350)  # longer than the search waits after a key (300 ms)
    status = page.locator("[data-search-status]")
    status.filter(has_text="kết quả cho «die»").wait_for()  # shown at once
    box.press_sequentially("n dan")
    said = page.get_by_role("status")
    said.filter(has_text="kết quả cho «dien dan»").wait_for()
    count = page.locator(".search-result").count()
    assert status.inner_text() == said.inner_text() == f"{count} kết quả cho «dien dan»."
    assert page.evaluate("heard") == [f"{count} kết quả cho «dien dan»."]
    assert status.get_attribute("aria-hidden") == "true"  # read once, from the live region
    assert page.locator(".search-result-title a").first.get_attribute("href") == DIEN_DAN_URL
    assert said.get_attribute("aria-live") == "polite"
    assert page.url.endswith("/tim-kiem/?q=dien+dan")
    page.keyboard.press("Tab")  # from the box, on to the next control
    assert page.evaluate("document.activeElement.id") == "chuyen-muc"
    assert [url for url in requests if "/pagefind/" in url]


@pytest.mark.browser
def test_a_word_is_searched_once_the_phones_keyboard_commits_it(watched, search_site):
    """Gboard's and iOS's Vietnamese keyboards compose each word (underlined)
    until a space: every pause inside it searched a half-written syllable,
    said «Không tìm thấy» for «hội t» and downloaded its index chunks. A
    word being composed is not searched; once committed, it is."""
    page, requests = watched
    page.goto(f"{search_site}/tim-kiem/")
    box = page.get_by_label("Từ khoá")
    box.focus()
    cdp = page.context.new_cdp_session(page)
    status = page.locator("[data-search-status]")
    for state in ["h", "hộ", "hội t", "hội thảo"]:
        cdp.send("Input.imeSetComposition", {"text": state, "selectionStart": len(state), "selectionEnd": len(state)})
        page.wait_for_timeout(350)  # longer than the search waits after a key (300 ms)
        assert status.inner_text() == "", state
    assert not [url for url in requests if "/pagefind/fragment/" in url or "/pagefind/index/" in url]
    cdp.send("Input.insertText", {"text": "hội thảo"})
    status.filter(has_text="kết quả cho «hội thảo»").wait_for()
    assert page.locator(".search-result").count() > 0


@pytest.mark.browser
@pytest.mark.parametrize("touch", [True, False])
def test_searching_on_a_touch_screen_closes_its_keyboard(browser, search_site, touch):
    """On a phone the keyboard stayed open after «Tìm» and covered the
    results (none showed on 390 × 664). On a touch screen the box lets go
    of the focus when the form is sent; with a mouse and keyboard it keeps it."""
    context = browser.new_context(viewport={"width": 390, "height": 664}, has_touch=touch, is_mobile=touch)
    page = context.new_page()
    page.goto(f"{search_site}/tim-kiem/")
    box = page.get_by_label("Từ khoá")
    box.fill("hội thảo")
    box.press("Enter")
    page.locator("[data-search-status]").filter(has_text="kết quả cho «hội thảo»").wait_for()
    assert box.evaluate("b => b === document.activeElement") is not touch
    context.close()


@pytest.mark.browser
def test_header_form_works_without_javascript(browser, search_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{search_site}/")
    page.get_by_role("search").get_by_label("Tìm kiếm").fill("hội thảo")
    page.get_by_role("search").get_by_role("button", name="Tìm").click()
    page.wait_for_url("**/tim-kiem/?q=*")
    assert page.url == f"{search_site}/tim-kiem/?q=h%E1%BB%99i+th%E1%BA%A3o"
    assert page.get_by_role("heading", level=1).inner_text() == "Tìm kiếm"
    assert not [url for url in requests if "/pagefind/" in url or "search.js" in url]
    context.close()


@pytest.mark.browser
def test_other_pages_load_nothing_of_search(watched, search_site):
    page, requests = watched
    page.goto(f"{search_site}{REFERENCE_URL}")
    page.goto(f"{search_site}/")
    page.get_by_label("Tìm kiếm").focus()
    assert not [url for url in requests if "/pagefind/" in url or "search.js" in url]


@pytest.mark.browser
@pytest.mark.parametrize("query", ["hội thảo", "dai hoi", "Nông nghiệp"])
def test_two_word_query_loads_one_index_chunk_and_fragments(watched, chunked_build, query):
    """A two-word query is one joined pair (hoithao), in one small chunk: on
    an index of many chunks, it downloads Pagefind's fixed files, exactly one
    index chunk and the shown results' fragments, nothing else."""
    built, base = chunked_build
    assert len(list((built.output / "pagefind" / "index").iterdir())) > 5
    page, requests = watched
    shown = search(page, base, query)
    assert shown
    bundle = [url.removeprefix(f"{base}/pagefind/").split("?")[0] for url in requests
              if url.startswith(f"{base}/pagefind/")]
    fixed = {"pagefind.js", "pagefind-entry.json", "wasm.unknown.pagefind"}  # no worker
    assert fixed <= set(bundle)
    assert "pagefind-worker.js" not in bundle  # 12 KB saved before the first result
    assert len([name for name in bundle if re.fullmatch(r"pagefind\.vi_[0-9a-f]+\.pf_meta", name)]) == 1
    assert len([name for name in bundle if name.startswith("index/")]) == 1
    fragments = [name for name in bundle if name.startswith("fragment/")]
    assert len(fragments) == len(shown)
    assert len(bundle) == len(fixed) + 1 + 1 + len(fragments), bundle


@pytest.mark.browser
def test_excerpt_is_page_text_with_query_words_marked(reading, search_site):
    """The excerpt is built from the page text, not the hidden pairs, and
    marks the query's words whatever their tone marks (dai marks Đại)."""
    page = reading
    assert search(page, search_site, "dai hoi dai bieu")[0] == DAI_HOI_URL
    excerpt = page.locator(".search-result-excerpt").first
    text = excerpt.inner_text()
    assert "Đại hội đại biểu lần thứ nhất" in text
    assert "daihoi" not in text and "\u241e" not in text
    assert excerpt.locator("mark").all_inner_texts()[:4] == ["Đại", "hội", "đại", "biểu"]
    # Not by the fill alone: Chrome's automatic dark mode (Android's «darken
    # websites») made it rgb(43,37,0) on rgb(18,18,18), 1.22:1. An underline is
    # drawn as text, which the inversion lightens (6.3:1 there, measured).
    line, colour, thickness = excerpt.locator("mark").first.evaluate(
        "m => { const s = getComputedStyle(m); return [s.textDecorationLine, s.textDecorationColor, "
        "parseFloat(s.textDecorationThickness)]; }")
    assert line == "underline" and thickness >= 2, (line, thickness)
    assert contrast(colour, "rgb(255, 255, 255)") >= 3, colour


def contrast(first: str, second: str) -> float:
    """WCAG's contrast ratio of two computed «rgb(r, g, b)» colours."""
    def luminance(colour: str) -> float:
        channels = [int(part) / 255 for part in re.findall(r"\d+", colour)[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.browser
@pytest.mark.parametrize("query", ["45/KH-LHH", "45 kh lhh", "45/kh-lhh", "45 KH LHH"])
def test_a_document_is_found_by_its_number(reading, search_site, query):
    """The document itself first, then the one citing it (listed first
    before: its title and text cite the number)."""
    page = reading
    results = search(page, search_site, query)
    assert results == [PLAN_URL, AMENDING_URL]
    meta = page.locator(".search-result-meta").first.inner_text()
    assert meta == "01/07/2024 · Kế hoạch · Số 45/KH-LHH"


@pytest.mark.browser
@pytest.mark.parametrize("query, found", [
    # Typed without its Đ and beside other words: «dinh7» (no page has it),
    # then each word exactly, where «7/QD-LHH» is no word: nothing found.
    ("quyet dinh 7/QD-LHH", [DECISION_URL]),
    ("quyết định 7/QĐ-LHH", [DECISION_URL]),
    ("7/QD-LHH", [DECISION_URL]),
    ("khen thưởng 7/QĐ-LHH", [DECISION_URL]),
    # Printed «05», typed «5»; its eth pasted; typed as the paper prints it,
    # a space before the «/» (7/QĐ-LHH, with «số» too, came first).
    ("5/QĐ-LHH", [FIVE_URL]),
    ("05/QÐ-LHH", [FIVE_URL]),
    ("Số 05 /QD-LHH", [FIVE_URL]),
    # A number the site does not have: not the documents with «01» in a date.
    ("01/KH-LHH", []),
    ("99/TB-LHH", []),
    # A «&» or «–» alone is no word: its exact search emptied the query
    # when the words are searched one by one («KH & CN»).
    ("chế &", [PLAN_URL]),
    ("thưởng –", [DECISION_URL]),
])
def test_a_number_typed_as_readers_type_it(reading, search_site, query, found):
    page = reading
    assert search(page, search_site, query)[:1] == found


@pytest.mark.browser
@pytest.mark.parametrize("query, found", [
    # A document's signer or issuer, which an article names too: the
    # article's pairs matched first and the document was listed only under
    # «Văn bản».
    ("Lê Thị Minh Nguyệt", {GUIDE_URL, TOA_DAM_URL}),
    ("le thi minh nguyet", {GUIDE_URL, TOA_DAM_URL}),
    ("Sở Khoa học và Công nghệ", {GUIDE_URL, TOA_DAM_URL}),
    # A number or a date an article prints, pasted alone: found nothing.
    ("3946/QĐ-UBND", {TOA_DAM_URL}),
    ("3946/QD-UBND", {TOA_DAM_URL}),
    ("11/11/2020", {TOA_DAM_URL}),
])
def test_what_a_page_prints_finds_it(reading, search_site, query, found):
    page = reading
    assert found <= set(search(page, search_site, query))


@pytest.mark.browser
@pytest.mark.parametrize("query, marked", [
    ("11/11/2020", ["11", "11", "2020"]),
    ("3946/QD-UBND", ["3946", "QĐ", "UBND"]),
])
def test_an_excerpt_shows_and_marks_the_number_or_date_searched(reading, search_site, query, marked):
    """A date or a number searched was found, but its excerpt began at the
    top of the page without it, nothing marked: «11/11/2020,» as a whole
    was no query word."""
    page = reading
    assert TOA_DAM_URL in search(page, search_site, query)
    excerpt = page.locator(".search-result", has=page.locator(f'a[href$="{TOA_DAM_URL}"]')).locator(
        ".search-result-excerpt")
    assert "3946/QĐ-UBND ngày 11/11/2020" in excerpt.inner_text()
    assert excerpt.locator("mark").all_inner_texts() == marked


@pytest.mark.browser
def test_a_documents_number_with_its_label_finds_it(reading, search_site):
    """«Số 88», as the page prints it: an article citing «số 88/HD-SKHCN»
    matched «so88» and hid the document."""
    page = reading
    assert DECISION_URL in search(page, search_site, "số 7")
    assert set(search(page, search_site, "Số 88")) == {GUIDE_URL, TOA_DAM_URL}


@pytest.mark.browser
@pytest.mark.parametrize("query", ["covid", "lemurword", "hooijxz"])  # «hooij» alone is read as Telex: «hội»
def test_one_word_the_site_never_begins_finds_nothing(reading, search_site, query):
    """Finding no word beginning with it, Pagefind read a shorter beginning
    it has: «covid» listed a page, nothing of it marked."""
    page = reading
    page.goto(f"{search_site}/tim-kiem/?q={quote(query)}")
    status = page.locator("[data-search-status]")
    status.filter(has_text="Không tìm thấy kết quả").wait_for()
    assert page.locator(".search-result").count() == 0
    assert search(page, search_site, "hộ")  # a beginning still finds («hội»)


@pytest.mark.browser
def test_excerpts_skip_title_date_and_footnote_marks(reading, search_site):
    """Excerpts began with the title and date the result shows above them,
    read a footnote's «1» and «↩» as words, and missed a phrase with a dash
    in it (marking «Kết quả» for «Đoàn kết – Đổi mới»)."""
    page = reading
    assert search(page, search_site, "Tọa đàm về nhiệm vụ cấp tỉnh", kind="Bài viết")[0] == TOA_DAM_URL
    excerpt = page.locator(".search-result-excerpt").first
    assert not excerpt.inner_text().startswith("Tọa đàm về nhiệm vụ cấp tỉnh")  # the body's «tọa đàm»
    assert "tọa" in excerpt.locator("mark").all_inner_texts()
    assert search(page, search_site, "88/HD-SKHCN", kind="Văn bản") == [GUIDE_URL]
    assert page.locator(".search-result-excerpt").first.inner_text() == "Các bước đăng ký nhiệm vụ."
    assert search(page, search_site, "an toàn bức xạ")[0] == TOA_DAM_URL
    text = page.locator(".search-result-excerpt").first.inner_text()
    assert "sinh học và an toàn" in text and "↩" not in text
    assert search(page, search_site, "Đoàn kết – Đổi mới")[0] == TOA_DAM_URL
    marks = page.locator(".search-result-excerpt").first.locator("mark").all_inner_texts()
    assert marks[-4:] == ["Đoàn", "kết", "Đổi", "mới"]


@pytest.mark.browser
@pytest.mark.parametrize("query", ["hội thi sáng chế", "hoi thi sang che", "tiếp nhận bài dự thi"])
def test_a_document_is_found_by_its_subject(reading, search_site, query):
    page = reading
    assert search(page, search_site, query)[0] == (NOTICE_URL if "tiếp" in query else PLAN_URL)


@pytest.mark.browser
def test_type_filter_separates_documents_from_articles(reading, search_site):
    """"thu nghiem" is in every test article and document and in the test
    question: "Văn bản" keeps the documents only, "Bài viết" the articles
    only, "Hỏi & đáp" the question only, «Tất cả» all."""
    page = reading
    everything = search(page, search_site, "bai thu nghiem")
    documents = search(page, search_site, "bai thu nghiem", kind="Văn bản")
    assert page.locator("#loai").input_value() == "Văn bản"
    articles = search(page, search_site, "bai thu nghiem", kind="Bài viết")
    questions = search(page, search_site, "bai thu nghiem", kind="Hỏi & đáp")
    assert page.locator("#chuyen-muc").is_disabled()  # questions have no category
    assert set(documents) == {PLAN_URL, NOTICE_URL}
    assert articles and all(url.startswith("/bai-viet/") for url in articles)
    assert questions == [QUESTION_URL]
    assert set(everything) == set(documents) | set(articles) | set(questions)
    assert page.locator("#loai option").all_inner_texts() == ["Tất cả", "Bài viết", "Văn bản", "Hỏi & đáp"]
    page.select_option("#loai", "Văn bản")
    page.wait_for_function("() => document.querySelectorAll('.search-result').length === 2")
    assert "loai=V%C4%83n+b%E1%BA%A3n" in page.url


@pytest.mark.browser
def test_a_question_is_found_and_opens_its_place_on_hoi_dap(reading, search_site):
    """Hỏi & đáp was never searched: a reader who typed a question's words
    was told «Không tìm thấy». Each published question is a result of its
    own (by its question or its answer's words, with or without marks, in
    Telex), titled with the question, its answer as the excerpt, opening
    the question on the Hỏi & đáp page (its canonical address). One page
    for every query: a browser context each cost the suite 0.4 s."""
    page = reading
    for query, marked in [
        ("kết nạp tổ chức thành viên", ["thành", "tổ", "chức"]),  # the question's words, some the answer's
        ("ket nap", []),  # the question's only
        ("quyet dinh thanh lap", ["quyết", "định", "thành", "lập"]),  # the answer's
        ("keets napj", []),  # Telex with the Vietnamese keyboard off
    ]:
        assert search(page, search_site, query)[0] == QUESTION_URL, query
        result = page.locator(".search-result").first
        assert result.locator(".search-result-title").inner_text() == "Thủ tục kết nạp tổ chức thành viên gồm những gì?"
        assert result.locator(".search-result-meta").inner_text() == "20/05/2024 · Hỏi & đáp"
        excerpt = result.locator(".search-result-excerpt")
        assert excerpt.inner_text().startswith("Bài thử nghiệm, chỉ dùng cho kiểm thử: hồ sơ gồm đơn đề nghị")
        assert excerpt.locator("mark").all_inner_texts() == marked, query
    # Only among the questions, words they do not have: said so, and the wider choice.
    page.goto(f"{search_site}/tim-kiem/?q={quote('hội thảo')}&loai={quote('Hỏi & đáp')}")
    page.locator("[data-search-status]").filter(has_text="Không tìm thấy").wait_for()
    assert page.locator("[data-search-status]").inner_text() == (
        "Không tìm thấy kết quả nào cho «hội thảo» trong Hỏi & đáp. Hãy chọn «Tất cả» để tìm rộng hơn.")
    search(page, search_site, "ket nap")
    result = page.locator(".search-result").first
    result.locator(".search-result-title a").click()
    page.wait_for_url(f"{search_site}{QUESTION_URL}")
    question = page.locator("#thu-tuc-ket-nap-thu-nghiem")
    assert question.evaluate("node => node.matches(':target')") and question.is_visible()
    assert page.locator("[data-faq-gone]").is_hidden()



@pytest.mark.browser
@pytest.mark.parametrize("query, found", [
    ("hội th", REFERENCE_URL),  # «thảo» being typed
    ("hoi th", REFERENCE_URL),
    ("hội thảo tư v", REFERENCE_URL),
    ("đại hội đại b", DAI_HOI_URL),
    ("kỳ lân gi", "/bai-viet/ky-lan-cong-khai/"),
    ("hội xyzab", None),  # a beginning of no word
    ("xyzab hội", None),  # a word before the last is whole
])
def test_the_last_word_may_be_a_beginning_as_it_is_typed(reading, search_site, query, found):
    """Each pause in the second word said «Không tìm thấy» (the words were
    checked whole: «hội th» before «thảo»); one word alone was a beginning
    already."""
    page = reading
    results = search(page, search_site, query)
    assert (found in results) if found else results == []


@pytest.mark.browser
@pytest.mark.parametrize("query, found, read", [
    ("hooij thaor", REFERENCE_URL, "hội thảo"),
    ("ddaij hooij ddaij bieeur", DAI_HOI_URL, "đại hội đại biểu"),
    ("kyf laan giaays", "/bai-viet/ky-lan-cong-khai/", "kỳ lân giấy"),
    ("dieenx ddanf", "/bai-viet/bai-thu-nghiem-dien-dan/", "diễn đàn"),
    ("hooij", DAI_HOI_URL, "hội"),
])
def test_a_query_typed_in_telex_with_the_vietnamese_keyboard_off_is_read(reading, search_site, query, found, read):
    """Unikey switched to English (or a computer without it): «hooij thaor»
    found nothing. Read as Telex when nothing is found, said so, and the
    words marked as read."""
    page = reading
    assert found in search(page, search_site, query)
    status = page.locator("[data-search-status]").inner_text()
    assert status.startswith(f"Không tìm thấy «{query}»; có phải bạn gõ Telex") and f"kết quả cho «{read}»." in status
    marks = {mark.lower() for mark in page.locator(".search-result-excerpt mark").all_inner_texts()}
    assert marks and marks <= set(read.split())


@pytest.mark.browser
@pytest.mark.parametrize("query", ["press", "hooij xyzab"])
def test_a_query_that_is_no_telex_of_a_found_word_finds_nothing(reading, search_site, query):
    assert search(page := reading, search_site, query) == []
    assert page.locator("[data-search-status]").inner_text().startswith(f"Không tìm thấy kết quả nào cho «{query}»")
