"""Văn bản (issue 15): the documents library on the built sample site
(tests/support sample_documents: 21 published documents of every kind over
three years and two groups, a real PDF and .docx attached, one carrying its
full text, one hidden, one draft), its settings, its menu item, and
``invoke new --kind van-ban``. Validators and axe run on every page type in
test_quality; the checker's messages in test_checker."""

from __future__ import annotations

import io
import logging
import random
import re
import zlib
from datetime import date, datetime
from pathlib import Path

import pytest
from lxml import etree

from plugins import documents as documents_plugin
from plugins.core.errors import ContentError
from plugins.core.rules import bare_number, file_size, number_pairs, number_slug
from tests.support import (
    ACTIVE_PDFS,
    OPEN_JS,
    ROOT,
    SAMPLE_DOCUMENT_URL,
    lzw,
    pdf,
    pdf_update,
    photo,
    sample_documents,
    settings_file,
    spaces_deflated,
    within,
    words,
    write_files,
)
from tests.support.excel import excel_file
from tests.support.photos import phone_jpeg
from tests.support.word import strict_package, word_package
from workflow import WorkflowError, load_settings
from workflow.check import Config, check
from workflow.new import new_content, new_document

ATOM = "{http://www.w3.org/2005/Atom}"
NOW = datetime(2025, 3, 5, 8, 30)
SETTINGS = load_settings(ROOT / "pelicanconf.py")


def issuer_on(day) -> str:
    """The union's name on ``day`` as the settings say (a rename with
    DOCUMENTS["former_issuers"], as the README's steps write it, keeps the
    former name on older documents)."""
    from plugins.documents import default_issuer, read_former_issuers

    former = read_former_issuers(SETTINGS.get("DOCUMENTS", {}).get("former_issuers", []))
    return default_issuer({"UNION": SETTINGS["UNION"], "DOCUMENTS": {"former_issuers": former}}, day)


def fixture_documents() -> list[dict]:
    """The sample documents as written: {number, date, kind, group, status, url}."""
    found = []
    for name, text in sample_documents().items():
        if not name.endswith(".md"):
            continue
        headers = dict(line.split(": ", 1) for line in text.split("\n\n")[0].splitlines())
        date = datetime.fromisoformat(headers["Date"])
        found.append({"number": headers["Number"], "date": date, "kind": headers["Kind"],
                      "group": headers.get("Group", ""), "status": headers.get("Status", "published"),
                      "title": headers["Title"], "files": headers.get("Files", ""),
                      "url": f"van-ban/{date:%Y}/{number_slug(headers['Number'])}/"})
    return found


PUBLISHED = sorted((d for d in fixture_documents() if d["status"] == "published"),
                   key=lambda d: (d["date"], d["number"]), reverse=True)
HIDDEN = next(d for d in fixture_documents() if d["status"] == "hidden")
DRAFT = next(d for d in fixture_documents() if d["status"] == "draft")


def listed(site, url: str) -> list[dict]:
    """The documents of one listing page: number, date, title link, kind."""
    rows = []
    for item in site.soup(url).select("main .doc-item"):
        rows.append({
            "number": item.select_one(".doc-number").get_text(),
            "date": item.select_one("time").get_text(),
            "url": item.select_one(".doc-title a")["href"].lstrip("/"),
            "kind": item.select_one(".doc-meta a").get_text(),
            "files": [(a.get_text(), a.find_next_sibling(class_="doc-file-info").get_text())
                      for a in item.select(".doc-files a")],
        })
    return rows


def all_pages(site, url: str) -> list[dict]:
    rows, page = [], 1
    while site.path(url if page == 1 else f"{url}trang/{page}/").is_file():
        rows += listed(site, url if page == 1 else f"{url}trang/{page}/")
        page += 1
    return rows


# --- Pure functions -------------------------------------------------------------------
@pytest.mark.parametrize("size, shown", [
    (300, "1 KB"), (870_400, "850 KB"), (1_258_291, "1,2 MB"), (24_536_678, "23,4 MB"),
])
def test_file_sizes_are_written_as_windows_shows_them_with_a_decimal_comma(size, shown):
    assert file_size(size) == shown


@pytest.mark.parametrize("number, slug, pairs", [
    ("45/KH-LHH", "45-kh-lhh", "45kh khlhh"),
    ("779/QĐ-UB", "779-qd-ub", "779qd qdub"),
    ("30/2020/NĐ-CP", "30-2020-nd-cp", "302020 2020nd ndcp"),
    (" 45 / kh - lhh ", "45-kh-lhh", "45kh khlhh"),
    # As printed under its label: «Số 7-TB/LHH» was another number than «7-TB/LHH».
    ("Số 7-TB/LHH", "7-tb-lhh", "7tb tblhh"),
    ("số: 12/KH-LHH", "12-kh-lhh", "12kh khlhh"),
    ("Sổ tay 3", "so-tay-3", "sotay tay3"),  # a word, not the label
    ("/", "", ""),
    # A PDF's text, or Windows-1258 read as 1252, gives the eth «Ð» for «Đ»:
    # «van-ban/2025/12-qð-lhh/», another number than «12/QĐ-LHH».
    ("12/QÐ-LHH", "12-qd-lhh", "12qd qdlhh"),
    # A bilingual paper's label: «No 5/KH-LHH» was no duplicate of «5/KH-LHH».
    ("No. 5/KH-LHH", "5-kh-lhh", "5kh khlhh"),
    ("№ 5/KH-LHH", "5-kh-lhh", "5kh khlhh"),
    # «01/KH-LHH», as offices print the year's first, is «1/KH-LHH».
    ("01/KH-LHH", "1-kh-lhh", "1kh khlhh"),
    ("03/2025/NQ-HĐND", "3-2025-nq-hdnd", "32025 2025nq nqhdnd"),
])
def test_a_number_gives_the_address_and_the_search_pairs(number, slug, pairs):
    assert (number_slug(number), number_pairs(number)) == (slug, pairs)


@pytest.mark.parametrize("typed, shown", [
    ("Số 12 /QĐ - UBND", "12/QĐ-UBND"),  # typed with spaces: «Số 12 /QĐ - UBND» on the page, broken there
    ("12/QĐ – LHH", "12/QĐ-LHH"),         # Word's AutoCorrect dash
    ("12/QÐ-LHH", "12/QĐ-LHH"),           # the eth: the search's «QĐ» did not find it
    ("No. 5/KH-LHH", "5/KH-LHH"),         # «Số No. 5/KH-LHH»
    ("№ 5/KH-LHH", "5/KH-LHH"),
    ("01/KH-LHH", "01/KH-LHH"),           # as printed: the zero stays
    ("30/2020/NĐ-CP", "30/2020/NĐ-CP"),
])
def test_a_number_is_shown_as_the_paper_prints_it(typed, shown):
    assert bare_number(typed) == shown


@pytest.mark.parametrize("settings, named", [
    ({"DOCUMENT_KINDS": "Kế hoạch"}, "DOCUMENT_KINDS"),
    ({"DOCUMENT_KINDS": ["Kế hoạch", "Ke hoach"]}, "DOCUMENT_KINDS"),
    ({"DOCUMENT_KINDS": ["Kế hoạch"], "DOCUMENTS": {"group": []}}, "khoá lạ «group»"),
    ({"DOCUMENT_KINDS": ["Kế hoạch"], "DOCUMENTS": {"groups": [""]}}, "DOCUMENTS['groups']"),
    ({"DOCUMENT_KINDS": ["Kế hoạch"], "DOCUMENTS": {"per_page": 0}}, "per_page"),
    ({"DOCUMENT_KINDS": ["Kế hoạch"], "DOCUMENTS": {"per_page": "20"}}, "per_page"),
    ({"DOCUMENT_KINDS": ["Kế hoạch"], "DOCUMENTS": {"warn_attachment_mb": -1}}, "warn_attachment_mb"),
    ({"DOCUMENT_KINDS": ["Kế hoạch"], "DOCUMENTS": {"feed": None}}, "feed"),
    # The new name typed as the former one (the rename's likeliest slip).
    ({"DOCUMENT_KINDS": ["Kế hoạch"], "UNION": {"name": "Liên hiệp Hội mới"},
      "DOCUMENTS": {"former_issuers": [("2025-12-24", "Liên hiệp Hội mới")]}},
     "DOCUMENTS['former_issuers']: «Liên hiệp Hội mới» (đến 24/12/2025) là tên hiện nay (UNION['name'])"),
])
def test_bad_settings_stop_naming_the_key(settings, named):
    with pytest.raises(documents_plugin.DocumentsError, match=re.escape(named)):
        documents_plugin.load_config(settings)


# The project's settings file as a maintainer edits it: DOCUMENT_KINDS from
# line 2, DOCUMENTS from line 7, a kind added again at line 10.
SETTINGS_LINES = """SITENAME = "Bản tin"
DOCUMENT_KINDS = [
    "Kế hoạch", "Công văn",
    "Quy định",
    "{added}",
]
DOCUMENTS = {{
    "groups": ["Văn bản khác", "{group}"],
}}
DOCUMENT_KINDS = DOCUMENT_KINDS + ["{later}"]
"""


@pytest.mark.parametrize("added, later, group, message", [
    # Each said «tên «Công văn» trùng với một tên khác khi bỏ dấu», no file or line.
    ("Công văn", "Luật", "Nhóm 2", "pelicanconf.py:5: DOCUMENT_KINDS: «Công văn» đã có trong danh sách, xoá dòng lặp"),
    ("Luật", "Công văn", "Nhóm 2",
     "pelicanconf.py:10: DOCUMENT_KINDS: «Công văn» đã có trong danh sách, xoá dòng lặp"),
    ("Quy dinh", "Luật", "Nhóm 2", "pelicanconf.py:5: DOCUMENT_KINDS: «Quy định» và «Quy dinh» là một tên khi bỏ "
                                   "dấu (cùng địa chỉ …/quy-dinh/) — giữ một tên, viết đủ dấu, xoá tên kia"),
    ("...", "Luật", "Nhóm 2", "pelicanconf.py:5: DOCUMENT_KINDS: tên «...» không có chữ nào (không làm được địa chỉ "
                              "trang của nó) — viết tên bằng chữ, ví dụ «Kế hoạch», hoặc xoá dòng này"),
    ("Luật", "Nghị định", "Văn bản khác",
     "pelicanconf.py:8: DOCUMENTS['groups']: «Văn bản khác» đã có trong danh sách, xoá dòng lặp"),
    ("Luật", "Nghị định", "—", "pelicanconf.py:8: DOCUMENTS['groups']: tên «—» không có chữ nào"),
])
def test_a_repeated_or_empty_name_is_named_at_its_line(tmp_path, monkeypatch, added, later, group, message):
    from plugins.core import build_cache

    text = SETTINGS_LINES.format(added=added, later=later, group=group)
    (tmp_path / "pelicanconf.py").write_text(text, encoding="utf-8")
    monkeypatch.setattr(build_cache, "ROOT", tmp_path)
    settings = {}
    exec(compile(text, "pelicanconf.py", "exec"), settings)
    with pytest.raises(documents_plugin.DocumentsError) as raised:
        documents_plugin.load_config(settings)
    assert str(raised.value).startswith(message), str(raised.value)


# --- The library ---------------------------------------------------------------------
def test_library_lists_every_published_document_newest_first(sample_site):
    rows = all_pages(sample_site, "van-ban/")
    assert [row["number"] for row in rows] == [d["number"] for d in PUBLISHED]
    assert [row["url"] for row in rows] == [d["url"] for d in PUBLISHED]
    assert [row["date"] for row in rows] == [f"{d['date']:%d/%m/%Y}" for d in PUBLISHED]
    assert [row["kind"] for row in rows] == [d["kind"] for d in PUBLISHED]
    assert len(listed(sample_site, "van-ban/")) == 20  # DOCUMENTS["per_page"]
    second = sample_site.soup("van-ban/trang/2/")
    assert second.title.get_text().startswith("Văn bản – Trang 2 –")
    assert second.select_one("a[rel=prev]")["href"].endswith("/van-ban/")


def test_downloads_name_the_file_its_type_and_size(sample_site):
    files = sample_documents()
    pdf_size = file_size(len(files["van-ban/2024/1-kh-lhh.pdf"]))
    docx_size = file_size(len(files["van-ban/2024/phu-luc-1.docx"]))
    expected = [("1-kh-lhh.pdf", f"(PDF, {pdf_size})"), ("phu-luc-1.docx", f"(Word, {docx_size})")]
    [row] = [row for row in all_pages(sample_site, "van-ban/") if row["url"] == SAMPLE_DOCUMENT_URL]
    assert row["files"] == expected
    page = sample_site.soup(SAMPLE_DOCUMENT_URL)
    links = page.select("main .doc-downloads a")
    assert [(a.get_text(), a.find_next_sibling().get_text()) for a in links] == expected
    for link, name in zip(links, ("van-ban/2024/1-kh-lhh.pdf", "van-ban/2024/phu-luc-1.docx")):
        assert link["href"] == f"/{name}"
        assert (sample_site.output / name).read_bytes() == files[name]  # copied as it is


@pytest.mark.parametrize("group", ["kinds", "years", "groups"])
def test_each_filter_is_a_page_of_its_documents_with_their_count(sample_site, group):
    key = {"kinds": "kind", "years": "date", "groups": "group"}[group]
    values = {}
    for document in PUBLISHED:
        value = document[key].year if key == "date" else document[key]
        if value:
            values.setdefault(str(value), []).append(document["number"])
    label = {"kinds": "Loại:", "years": "Năm:", "groups": "Nhóm:"}[group]
    line = next(p for p in sample_site.soup("van-ban/").select(".doc-filters .doc-filter")
                if p.select_one(".doc-filter-label").get_text() == label)
    links = [a for a in line.select("a") if a.get_text() != "Tất cả"]
    shown = {a.get_text().rsplit(" (", 1)[0]: a for a in links}
    assert set(shown) == set(values)
    for value, numbers in values.items():
        link = shown[value]
        assert link.select_one(".count").get_text() == f"({len(numbers)})"
        url = link["href"].lstrip("/")
        assert [row["number"] for row in all_pages(sample_site, url)] == numbers
        soup = sample_site.soup(url)
        current = soup.select(".doc-filters a[aria-current=page]")
        assert [a["href"].lstrip("/") for a in current] == [url]
        assert soup.find("h1").get_text() == (f"Văn bản năm {value}" if group == "years" else value)
        # A group or kind holds the province's documents too: not «… của <the union>».
        description = soup.find("meta", attrs={"name": "description"})["content"]
        assert description.startswith(f"{soup.find('h1').get_text()} trong thư viện văn bản của ")


def test_document_page_shows_its_facts_downloads_and_text(sample_site):
    soup = sample_site.soup(SAMPLE_DOCUMENT_URL)
    main = soup.find("main")
    document = next(d for d in PUBLISHED if d["url"] == SAMPLE_DOCUMENT_URL)
    facts = {dt.get_text(): dt.find_next_sibling("dd").get_text(" ", strip=True) for dt in main.select("dl dt")}
    assert facts == {
        "Số, ký hiệu": "1/KH-LHH", "Ngày ban hành": f"{document['date']:%d/%m/%Y}",
        "Loại văn bản": "Kế hoạch", "Cơ quan ban hành": issuer_on(document["date"]),  # the union's name that day
        "Người ký": "Người ký thử nghiệm", "Nhóm": document["group"], "Thẻ": "Thử nghiệm",
    }
    assert main.find("h1").get_text().replace("\xa0", " ") == document["title"]
    assert main.select_one(".post-body").get_text(strip=True) == "Mô tả ngắn của văn bản thử nghiệm số 1."
    crumbs = [a.get_text() for a in main.select(".breadcrumb a")]
    assert crumbs == ["Trang chủ", "Văn bản", "Kế hoạch"]
    assert main.select_one(".breadcrumb [aria-current=page]").get_text() == "Số 1/KH-LHH"
    # The number first (the feed's entry title): two years' plans on one subject had one <title>.
    assert soup.title.get_text().startswith("Kế hoạch số 1/KH-LHH: Kế hoạch thử nghiệm số 1")


def test_a_document_given_as_full_text_needs_no_file(sample_site):
    main = sample_site.soup("van-ban/2024/2-tb-lhh/").find("main")
    assert not main.select(".doc-downloads")
    assert "Toàn văn của văn bản thử nghiệm số 2" in main.select_one(".post-body").get_text()


def test_hidden_and_draft_documents_are_in_no_list_feed_sitemap_or_search(sample_site):
    hidden, draft = HIDDEN["url"], f"ban-nhap/{DRAFT['url']}"
    assert sample_site.path(hidden).is_file() and sample_site.path(draft).is_file()
    for url in (hidden, draft):
        soup = sample_site.soup(url)
        assert "noindex" in soup.find("meta", attrs={"name": "robots"})["content"], url
        assert not soup.select("[data-pagefind-body]"), url
    listings = [p for p in sample_site.html_files()
                if sample_site.url_of(p).startswith(("van-ban/", "")) and "/van-ban/" in p.read_text("utf-8")]
    for path in listings:
        text = path.read_text(encoding="utf-8")
        if sample_site.url_of(path) not in (hidden, draft):
            assert f"/{hidden}\"" not in text and f"/{draft}\"" not in text, sample_site.url_of(path)
    feed = (sample_site.output / "feeds" / "van-ban.atom.xml").read_text(encoding="utf-8")
    sitemap = (sample_site.output / "sitemap.xml").read_text(encoding="utf-8")
    for number in (HIDDEN["number"], DRAFT["number"]):
        assert number_slug(number) not in feed and number_slug(number) not in sitemap
    assert HIDDEN["number"] not in sample_site.text("van-ban/")


def test_documents_have_their_own_atom_feed(sample_site):
    """The newest FEED_MAX_ITEMS (20) of the 21 published documents."""
    root = etree.parse(str(sample_site.output / "feeds" / "van-ban.atom.xml")).getroot()
    assert root.find(f"{ATOM}title").text.endswith("Văn bản")
    entries = root.findall(f"{ATOM}entry")
    assert len(PUBLISHED) > 20
    assert [e.find(f"{ATOM}link").get("href").strip("/") + "/" for e in entries] == [d["url"] for d in PUBLISHED[:20]]
    for entry, document in zip(entries, PUBLISHED):
        # A feed reader lists titles: the kind and number say what each is.
        assert entry.find(f"{ATOM}title").text.replace("\xa0", " ") == (
            f"{document['kind']} số {document['number']}: {document['title']}")
        assert entry.find(f"{ATOM}updated").text.endswith("+07:00")
        content = entry.find(f"{ATOM}content").text
        assert f"{document['kind']} số {document['number']}" in content
        if document["files"]:
            assert 'href="/van-ban/2024/1-kh-lhh.pdf"' in content
    for url in ("van-ban/", SAMPLE_DOCUMENT_URL):
        link = sample_site.soup(url).find("link", rel="alternate", title="Văn bản")
        assert link["href"] == "/feeds/van-ban.atom.xml"


def test_sitemap_lists_the_library_once_a_page(sample_site):
    locs = re.findall(r"<loc>/?([^<]*)</loc>", sample_site.text("sitemap.xml"))
    expected = {"van-ban/", *(d["url"] for d in PUBLISHED), "van-ban/loai/ke-hoach/", "van-ban/2024/",
                "van-ban/nhom/van-ban-cuoc-thi/"}
    assert expected <= set(locs)
    assert not [loc for loc in locs if loc.startswith("van-ban/") and "/trang/" in loc]


def test_menu_gets_its_sections_once_they_have_content(site, sample_site):
    def menu(built, url=""):
        return {a.get_text(): (a["href"], a.get("aria-current")) for a in built.soup(url).select("nav.menu a")}

    assert menu(sample_site)["Văn bản"] == ("/van-ban/", None)
    assert menu(sample_site)["Album ảnh"] == ("/album-anh/", None)
    assert menu(sample_site, SAMPLE_DOCUMENT_URL)["Văn bản"] == ("/van-ban/", "true")
    assert menu(sample_site, "van-ban/")["Văn bản"] == ("/van-ban/", "page")
    # The real content has no document and no album yet: no item, no page.
    assert "Văn bản" not in menu(site) and "Album ảnh" not in menu(site)
    assert not (site.output / "van-ban").exists() and not (site.output / "album-anh").exists()


def redirect_rules(built) -> dict[str, tuple[str, str]]:
    lines = (built.output / "_redirects").read_text(encoding="utf-8").splitlines()[1:]
    return {source: (target, status) for source, target, status in (line.split() for line in lines)}


@pytest.mark.parametrize("old, group", [
    ("vanban-khac-3107.html", "van-ban/nhom/van-ban-khac/"),
    ("cuoc-thi-van-ban/page-3.htm", "van-ban/nhom/van-ban-cuoc-thi/"),
])
def test_old_document_sections_lead_to_their_group(site, sample_site, old, group):
    """OLD_URLS (pelicanconf.py): the old site's document sections go to
    their group's listing ("section:Văn bản khác"), 301, once the group has
    a published document; to the home page, 302, while it has none (the
    real content has no document yet)."""
    refresh = sample_site.soup(old).find("meta", attrs={"http-equiv": "refresh"})["content"]
    assert refresh == f"0; url=/{group}" and sample_site.path(group).is_file()
    assert redirect_rules(sample_site)[f"/{old}"] == (f"/{group}", "301")
    assert redirect_rules(site)[f"/{old}"] == ("/", "302")


def test_a_document_without_issuer_keeps_the_unions_name_of_its_day(make_site, tmp_path, caplog):
    """After the union's rename (UNION["name"] changed), a 2024 document
    without Issuer: was credited to the new union on its page and in the
    feed; DOCUMENTS["former_issuers"] names the union as it was before a day.
    The library's list names the issuer of another body's document only.
    A later document whose Issuer: is the former name (an old document's
    header copied) was published under it, silently: the checker and the
    build warn, on its Issuer: line."""
    def document(number: int, day: str, issuer: str = "") -> str:
        return (f"Title: Kế hoạch số {number}\nNumber: {number}/KH-LHH\nDate: {day}\nKind: Kế hoạch\n"
                + (f"Issuer: {issuer}\n" if issuer else "") + "\nToàn văn kế hoạch.\n")

    former = "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh cũ"
    renamed = {"UNION": {**load_settings(ROOT / "pelicanconf.py")["UNION"], "name": "Liên hiệp Hội mới"},
               "DOCUMENTS": {"groups": [], "former_issuers": [("2025-12-24", former)]}}
    files = {"van-ban/2024/1.md": document(1, "2024-05-02"),
             "van-ban/2026/2.md": document(2, "2026-01-05"),
             "van-ban/2024/3.md": document(3, "2024-06-01", "Sở Khoa học và Công nghệ"),
             "van-ban/2024/4.md": document(4, "2024-07-01", former),
             "van-ban/2025/5.md": document(5, "2025-12-24", former)}
    with caplog.at_level(logging.WARNING):
        site = make_site(files, **renamed)
    copied = (f"«Issuer: {former}» là tên cũ của Liên hiệp Hội (dùng trước ngày 24/12/2025) mà văn bản đề ngày "
              "24/12/2025, nên trang ghi văn bản mới dưới tên cũ — văn bản của Liên hiệp Hội thì để trống dòng "
              "«Issuer:» (ở bàn biên tập: ô «Cơ quan ban hành»), trang tự ghi tên của ngày ban hành; nếu ngày sai, "
              "sửa dòng «Date:»")
    logged = [r.getMessage() for r in caplog.records if "Issuer" in r.getMessage()]
    assert len(logged) == 1 and logged[0].endswith(f"/van-ban/2025/5.md:5: cảnh báo: {copied}"), logged
    settings = {**load_settings(ROOT / "pelicanconf.py", PATH=str(tmp_path / "content")), **renamed}
    found = check(Config.from_settings(settings))
    assert [(p.path.name, p.line, p.message, p.warning) for p in found if "Issuer" in p.message] == [
        ("5.md", 5, copied, True)]

    def issuer(url: str) -> str:
        facts = {dt.get_text(strip=True): dd.get_text(" ", strip=True)
                 for dt, dd in zip(site.soup(url).select(".doc-facts dt"), site.soup(url).select(".doc-facts dd"))}
        return facts["Cơ quan ban hành"]

    assert issuer("van-ban/2024/1-kh-lhh/") == former
    assert issuer("van-ban/2026/2-kh-lhh/") == "Liên hiệp Hội mới"
    assert issuer("van-ban/2024/3-kh-lhh/") == "Sở Khoa học và Công nghệ"
    # The library names another body's issuer (the union's, under either name, goes without saying).
    named = {item.select_one(".doc-number").get_text(): [s.get_text() for s in item.select(".doc-issuer")]
             for item in site.soup("van-ban/").select(".doc-item")}
    assert named == {"1/KH-LHH": [], "2/KH-LHH": [], "3/KH-LHH": ["Sở Khoa học và Công nghệ"], "4/KH-LHH": [],
                     "5/KH-LHH": [former]}


def test_a_document_lists_the_published_documents_that_link_to_it(make_site):
    """A plan amended by a later one (its text links the plan, as README
    says to write it): the plan's own page, where a reader from a search
    engine lands, said nothing of it, and its files were downloaded as
    current. Its page lists the published documents whose text links to
    it, newest first, out of the search index; a draft's link is not
    shown, nor a link of a document to itself."""
    def document(number: int, day: str, body: str = "Toàn văn kế hoạch.", status: str = "") -> str:
        return (f"Title: Kế hoạch số {number}\nNumber: {number}/KH-LHH\nDate: {day}\nKind: Kế hoạch\n"
                + (f"Status: {status}\n" if status else "") + f"\n{body}\n")

    plan = "[Kế hoạch số 45/KH-LHH]({filename}/van-ban/2025/45.md)"
    site = make_site({
        "van-ban/2025/45.md": document(45, "2025-01-10", f"Toàn văn. Xem {plan} này."),
        "van-ban/2025/46.md": document(46, "2025-03-01", f"Sửa đổi {plan}."),
        "van-ban/2025/47.md": document(47, "2025-04-01", "Căn cứ [kế hoạch](https://vustathaibinh.org.vn/van-ban/2025/45-kh-lhh/)."),
        "van-ban/2025/48.md": document(48, "2025-05-01", f"Bản nháp sửa {plan}.", status="draft"),
    })
    section = site.soup("van-ban/2025/45-kh-lhh/").select_one(".doc-cited")
    assert section["data-pagefind-ignore"] is not None
    assert section.h2.get_text() == "Văn bản nhắc tới văn bản này"
    items = section.select("li")
    assert [words(item.get_text()) for item in items] == [
        "Kế hoạch số 47/KH-LHH ngày 01/04/2025: Kế hoạch số 47",
        "Kế hoạch số 46/KH-LHH ngày 01/03/2025: Kế hoạch số 46"]
    assert [item.a["href"].rsplit("/", 3)[-3:] for item in items] == [["2025", "47-kh-lhh", ""], ["2025", "46-kh-lhh", ""]]
    # Before the downloads or the text a reader takes as current.
    assert site.soup("van-ban/2025/46-kh-lhh/").select_one(".doc-cited") is None


def test_an_attachment_written_in_angle_brackets_is_its_address(make_site):
    """«Files: <{static}/van-ban/2025/Kế hoạch số 12.pdf>», as Image: and a
    body's link to a name with spaces are written: it was «2 tệp viết liền
    nhau», and the fix offered («<, {static}/…>») did not work."""
    from plugins.core.rules import glued_files, split_files

    value = "<{static}/van-ban/2025/Kế hoạch số 12.pdf>,\n {static}/van-ban/2025/phu-luc.pdf"
    assert split_files(value) == ["{static}/van-ban/2025/Kế hoạch số 12.pdf", "{static}/van-ban/2025/phu-luc.pdf"]
    assert [glued_files(entry) for entry in split_files(value)] == [None, None]
    site = make_site({
        "van-ban/2025/Kế hoạch số 12.pdf": "%PDF-1.4 kế hoạch", "van-ban/2025/phu-luc.pdf": "%PDF-1.4 phụ lục",
        "van-ban/2025/12.md": ("Title: Kế hoạch tổ chức hội thi\nNumber: 12/KH-LHH\nDate: 2025-02-03\n"
                               f"Kind: Kế hoạch\nFiles: {value.replace(chr(10), chr(10) + '   ')}\n\n"),
    })
    links = site.soup("van-ban/2025/12-kh-lhh/").select("main .doc-downloads a")
    assert [a.get_text() for a in links] == ["Kế hoạch số 12.pdf", "phu-luc.pdf"]


@pytest.mark.parametrize("value", [[("24/12/2025", "Tên cũ")], [("2025-12-24",)], ["2025-12-24"], [("2025-12-24", " ")]])
def test_former_issuers_are_checked(value):
    from plugins.documents import DocumentsError, load_config

    with pytest.raises(DocumentsError, match="DOCUMENTS\\['former_issuers'\\]"):
        load_config({"DOCUMENT_KINDS": ["Kế hoạch"], "DOCUMENTS": {"former_issuers": value}})


def test_former_issuers_written_in_round_brackets_are_read_as_a_list():
    """«(("2025-12-24", "Tên cũ"),)»: «phải là list, không phải tuple», a
    distinction no editor or IT person sees; a tuple where a list is
    expected is read as the list (plugins.core.settings.merge)."""
    from plugins.documents import load_config

    _, config = load_config({"DOCUMENT_KINDS": ["Kế hoạch"], "DOCUMENTS": {"former_issuers": (("2025-12-24", "Tên cũ"),)}})
    assert config["former_issuers"] == [(date(2025, 12, 24), "Tên cũ")]


def test_a_menu_section_no_plugin_offers_stops_the_build(make_site):
    from plugins.bulletin import SettingsError

    with pytest.raises(SettingsError, match="MENU: không có phần nào tên «tai-lieu» \\(mục «Tài liệu»\\)"):
        make_site({"a.md": "Title: A\nDate: 2024-01-01\nAuthor: B\nCategory: Tin hoạt động LHH\n\nA.\n"},
                  MENU=[("Trang chủ", "index"), ("Tài liệu", "section:tai-lieu")])


def test_a_document_body_passes_the_safe_content_rules(tmp_path, monkeypatch, caplog):
    """A document's text is read as an article's body (plugins.vietnamese,
    plugins/core/safe_html.py): active HTML is refused by the checker and
    the build with one message, at its line."""
    from plugins.core.errors import ContentError
    from tests.support import build_in_process

    settings = ROOT / "tests" / "corpus" / "settings.py"
    content = tmp_path / "content"
    write_files(content, {"van-ban/2025/1-tb-lhh.md": (
        "Title: Thông báo thử nghiệm\nNumber: 1/TB-LHH\nDate: 2025-03-01\nKind: Thông báo\n\n"
        "Toàn văn thử nghiệm.\n\n<script>alert(1)</script>\n")})
    monkeypatch.chdir(tmp_path)
    found = [p.format() for p in check(Config.from_settings(load_settings(settings, PATH=str(content))))]
    assert found[0].startswith("content/van-ban/2025/1-tb-lhh.md:8: thẻ <script> không được phép"), found
    with pytest.raises((RuntimeError, ContentError)):
        build_in_process(content, tmp_path / "out", settings, MENU=[("Trang chủ", "index")])
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR][0] == found[0]


def damaged_word(part: str = "word/document.xml") -> bytes:
    """A .docx whose document.xml's (or ``part``'s) deflated bytes were
    changed (a copy gone wrong): its central directory is whole, its part
    cannot be inflated."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(part, "<w:document>" + "<w:p>chữ</w:p>" * 200 + "</w:document>")
    data = bytearray(buffer.getvalue())
    start = data.index(part.encode()) + len(part) + 5
    data[start:start + 40] = bytes(byte ^ 0x55 for byte in data[start:start + 40])
    return bytes(data)


def word_file(*paragraphs: str, header: str = "", hidden: str = "", photo: bytes = b"",
              row: tuple[str, ...] = ()) -> bytes:
    """A real .docx (python-docx, as Word's own default template writes it),
    with a run of ``hidden`` text (Font › Hidden), a ``photo`` and a table
    of one ``row``."""
    import io

    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if row:
        for cell, text in zip(document.add_table(rows=1, cols=len(row)).rows[0].cells, row):
            cell.text = text
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if hidden:
        document.paragraphs[0].add_run(hidden).font.hidden = True
    if photo:
        document.add_picture(io.BytesIO(photo))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def gps_without_position() -> bytes:
    """A photo whose EXIF has a GPS block with only its version and date
    (no latitude or longitude), as a camera or phone writes with location off."""
    import io

    from PIL import Image

    with Image.open(io.BytesIO(photo(1, 320, 240))) as image:
        exif = image.getexif()
        exif.get_ifd(0x8825).update({0: b"\x02\x02\x00\x00", 29: "2026:03:01"})
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def bomb_photo() -> bytes:
    """A phone photo (GPS and all) whose header claims 30,000 × 30,000
    pixels: past Pillow's ``MAX_IMAGE_PIXELS`` twice over (a decompression
    bomb), which Image.open refuses with DecompressionBombError."""
    data = bytearray(phone_jpeg(32, 32, orientation=1))
    at = 2
    while data[at + 1] != 0xC0:  # the segments before SOF0 (the EXIF's thumbnail has one of its own)
        at += 2 + int.from_bytes(data[at + 2:at + 4], "big")
    data[at + 5:at + 9] = (30000).to_bytes(2, "big") * 2  # SOF0: height, width
    return bytes(data)


def rewritten(package: bytes, part: str, change) -> bytes:
    """``package`` (a .docx or .xlsx) with ``part``'s bytes passed through ``change``."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in source.infolist():
            data = source.read(info)
            copy.writestr(info.filename, change(data) if info.filename == part else data)
    return buffer.getvalue()


REVIEWED = "còn {}: bạn đọc tải về đều thấy — mở tệp trong Word, chọn Xem lại › Chấp nhận mọi thay đổi"
SECRET = "mang độ mật «{}»: tài liệu mật không được đăng lên trang web — bỏ tệp khỏi bài"


# attachment's name, its bytes -> the start of the message (None: published).
OBJSTM_JS = zlib.compress(b"6 0 << /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>")
ATTACHMENTS = [
    ("cong-van.pdf", pdf("Cong van"), None),
    ("lech.pdf", b"\n" + pdf("Dong trong o dau"), None),  # junk before %PDF: readers open it
    ("bieu-mau.docx", word_package(), None),
    ("bieu-mau-2.docx", word_package(word_document="<w:p><w:r><w:instrText>PAGE</w:instrText><w:delText/></w:r></w:p>"),
     None),
    # Uploaded on GitHub's site (the desk cleans a .docx before it uploads):
    # readers downloaded the reviewers' comments and the deleted words.
    ("gop-y.docx", word_package(word_comments='<w:comment w:id="0" w:author="A"><w:p/></w:comment>' * 2,
                         word_document="<w:p/>"), REVIEWED.format("2 góp ý (comment) của người xem lại")),
    ("da-sua.docx", word_package(word_document='<w:p><w:del w:id="1" w:author="A"><w:r><w:delText>CHỮ ĐÃ XOÁ</w:delText>'
                                        "</w:r></w:del></w:p>"),
     REVIEWED.format("các thay đổi được theo dõi (chữ đã xoá vẫn nằm trong tệp)")),
    # Marked as a state secret, uploaded on GitHub's site (the desk refuses
    # it): was published for anyone to download. «Khẩn» is urgency, not
    # secrecy: published.
    ("mat.docx", word_file("MẬT", "Kế hoạch bảo vệ hội nghị."), SECRET.format("MẬT")),
    ("toi-mat.docx", word_file("Báo cáo tình hình.", header="«Tối mật»"), SECRET.format("Tối mật")),
    ("khan.docx", word_file("KHẨN", "Công văn về việc tổ chức hội thi."), None),
    # In a table, «Mật» is honey (a beekeeping report's figures); the stamp's
    # capitals in a letterhead's table are the marking.
    ("nuoi-ong.docx", word_file("Sản lượng năm 2025.", row=("Mật", "12 tấn")), None),
    ("dau-mat.docx", word_file("Kế hoạch.", row=("LIÊN HIỆP HỘI", "MẬT – Lưu hành nội bộ")),
     SECRET.format("MẬT – Lưu hành nội bộ")),
    ("noi-dung-mat.docx", word_file("Hội nghị bàn về bảo mật thông tin."), None),
    # Hidden text (Word neither shows nor prints it; a reader who shows
    # formatting marks reads it) and a phone photo with its GPS position:
    # the desk takes both out, a file uploaded on GitHub's site kept them.
    ("an.docx", word_file("Kế hoạch.", hidden="Ghi chú riêng: chưa duyệt"),
     "còn 1 đoạn chữ ẩn (Phông chữ › Ẩn: Word không in nhưng vẫn lưu trong tệp): bạn đọc tải về đều thấy — tải "
     "tệp lên lại ở bàn biên tập"),
    ("anh-gps.docx", word_file("Kế hoạch.", photo=phone_jpeg(320, 240, orientation=1)),
     "còn 1 ảnh mang vị trí GPS nơi chụp: bạn đọc tải về đều thấy — tải tệp lên lại ở bàn biên tập"),
    ("anh.docx", word_file("Kế hoạch.", photo=photo(1, 320, 240)), None),  # camera EXIF, no position
    # A GPS block without a position (its version and date: location off):
    # was refused for a position it does not hold.
    ("anh-khong-vi-tri.docx", word_file("Kế hoạch.", photo=gps_without_position()), None),
    # Saved as «Strict Open XML Document»: its hidden text was not seen.
    ("an-strict.docx", strict_package(word_file("Kế hoạch.", hidden="Ghi chú riêng: chưa duyệt")),
     "còn 1 đoạn chữ ẩn (Phông chữ › Ẩn: Word không in nhưng vẫn lưu trong tệp): bạn đọc tải về đều thấy — tải "
     "tệp lên lại ở bàn biên tập"),
    # Damaged: the checker and the build stopped with zlib's English traceback.
    ("hong.docx", damaged_word(), None),
    # Excel, uploaded on GitHub's site: readers downloaded a hidden sheet (a
    # salary line behind the summary; «very hidden» is not even in Excel's
    # Unhide list), the reviewers' notes and comments, a photo's position.
    ("luong.xlsx", excel_file(("Tong hop", [["Hội viên", 120]], "visible"),
                              ("Luong", [["Nguyễn Văn A", 12500000]], "hidden")),
     "còn 1 trang tính ẩn («Luong»): bạn đọc tải về đều thấy — mở tệp trong Excel: bấm chuột phải"),
    ("rat-an.xlsx", excel_file(("Tong hop", [["Hội viên", 120]], "visible"), ("Lương T3", [[1]], "veryHidden"),
                               ("Phu cap", [[2]], "hidden")),
     "còn 2 trang tính ẩn («Lương T3», «Phu cap»)"),
    ("ghi-chu.xlsx", excel_file(notes=[("Trần Thị Lan", "Số này chưa khớp")], threaded=["Chưa duyệt"]),
     "còn 2 ghi chú (comment) của người xem lại: bạn đọc tải về đều thấy — mở tệp trong Excel: chọn Xem lại"),
    ("anh-gps.xlsx", excel_file(photo=phone_jpeg(320, 240, orientation=1)),
     "còn 1 ảnh mang vị trí GPS nơi chụp: bạn đọc tải về đều thấy"),
    # What an ordinary workbook holds is published: a chart sheet, defined
    # names (the filter's own is hidden), a photo with camera EXIF but no
    # position, its author's name; and a damaged one is not judged.
    ("tong-hop.xlsx", excel_file(chart=True, photo=photo(1, 320, 240),
                                 names=[("_xlnm._FilterDatabase", "'Tong hop'!$A$1:$B$2", True),
                                        ("Tong", "'Tong hop'!$B$2", False)]), None),
    ("anh-khong-vi-tri.xlsx", excel_file(photo=gps_without_position()), None),
    ("hong.xlsx", damaged_word("xl/workbook.xml"), None),
    # A photo claiming 900 million pixels (a decompression bomb, in a file
    # uploaded on GitHub's site or a stranger's pull request) stopped the
    # checker and the build with Pillow's English traceback: not judged.
    ("bom-anh.docx", word_file("Kế hoạch.", photo=bomb_photo()), None),
    # workbook.xml read as XML: a «>» left unescaped in a sheet's name (legal
    # XML) ended the tag for the patterns that read it, its «hidden» state
    # unseen; and one «<sheet aaaa…» tag of 1 MiB (a 1 KB file) kept their
    # backtracking busy for hours, the checker and the build with it.
    ("ngoac.xlsx", rewritten(excel_file(("Tong hop", [[1]], "visible"), ("Luong >5tr", [[2]], "hidden")),
                             "xl/workbook.xml", lambda xml: xml.replace(b"&gt;", b">")),
     "còn 1 trang tính ẩn («Luong >5tr»)"),
    ("treo.xlsx", rewritten(excel_file(), "xl/workbook.xml",
                            lambda xml: xml.replace(b"<sheet ", b"<sheet " + b"a" * (1 << 20) + b" ", 1)), None),
    ("bom-anh.xlsx", excel_file(photo=bomb_photo()), None),
    # An active PDF, the attachment's counterpart of active HTML: a script
    # run when it opens (a name written with «#61» escapes, or inside a
    # compressed object stream, alike), a program launched, a form sending
    # what readers type elsewhere, files inside (LibreOffice's Hybrid PDF
    # carries the whole .odt, comments and deleted text with it).
    ("giay-moi-js.pdf", pdf("Giay moi", b"/OpenAction 6 0 R", (b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>",)),
     "chứa mã lệnh JavaScript (trình đọc PDF chạy nó khi bạn đọc mở tệp): tệp đăng lên trang chỉ được là văn bản"),
    ("ma-hoa-ten.pdf", pdf("Giay moi", b"/Names << /J#61vaScript << /Names [(a) << /S /J#61vaScript /J#53 (1) >>] >> >>"),
     "chứa mã lệnh JavaScript"),
    ("objstm-js.pdf", pdf("Giay moi", b"/OpenAction 6 0 R", (
        b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (
            len(OBJSTM_JS), OBJSTM_JS),)), "chứa mã lệnh JavaScript"),
    # An object stream inflating past rules.PDF_OBJECTS_READ (16 MiB of
    # spaces) before the script: the script was never read, the PDF published.
    ("dem.pdf", pdf("Giay moi", b"/OpenAction 6 0 R", (
        b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode >>\nstream\n%s\nendstream" % spaces_deflated(17),
        b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (
            len(OBJSTM_JS), OBJSTM_JS))),
     "chứa hơn 16 MB dữ liệu nén ẩn bên trong (một văn bản thường chỉ vài trăm KB), không kiểm tra hết được"),
    ("mo-chuong-trinh.pdf", pdf("Huong dan", b"/OpenAction << /S /Launch /F (cmd.exe) >>"),
     "chứa lệnh mở một chương trình khác trên máy bạn đọc"),
    ("phieu-gui.pdf", pdf("Phieu dang ky", b"/AcroForm << /Fields [6 0 R] >>", (
        b"<< /FT /Btn /T (Gui) /Subtype /Widget /Rect [0 0 50 20] /A << /S /SubmitForm /F (http://x.invalid/) >> >>",)),
     "chứa biểu mẫu gửi những gì bạn đọc điền đi một địa chỉ khác"),
    ("hybrid.pdf", pdf("Bao cao", b"/Names << /EmbeddedFiles << /Names [(bao-cao.odt) 6 0 R] >> >>", (
        b"<< /Type /Filespec /F (bao-cao.odt) /EF << /F 7 0 R >> >>",
        b"<< /Type /EmbeddedFile /Length 4 >>\nstream\nPK\x03\x04\nendstream")),
     "chứa tệp khác đính kèm bên trong"),
    # What ordinary papers hold passes: a digital signature («ký số»: an
    # incremental update, the signature, its widget and the form holding
    # it), Word's «Save as PDF» (a second, empty cross-reference section),
    # fields to fill in, a link, a page to open on, «/JS» in a title.
    ("ky-so.pdf", pdf_update(pdf("Quyet dinh 12"), {
        1: b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [7 0 R] /SigFlags 3 >> >>",
        6: b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange [0 10 20 30] "
           b"/Contents <00> /Name (NGUYEN VAN A) >>",
        7: b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature1) /V 6 0 R /P 3 0 R /Rect [0 0 0 0] >>"}), None),
    ("word-luu-pdf.pdf", pdf("Ke hoach", b"/Lang (vi-VN) /MarkInfo << /Marked true >>", (
        b"<< /Author (Admin) /Creator (Microsoft\xae Word 2016) /Producer (Microsoft\xae Word 2016) >>",))
     + b"xref\n0 0\ntrailer\n<< /Size 7 /Root 1 0 R /Info 6 0 R /Prev 9 /XRefStm 9 >>\nstartxref\n9\n%%EOF\n", None),
    ("phieu-dien.pdf", pdf("Phieu dang ky", b"/OpenAction [3 0 R /Fit] /AcroForm << /Fields [6 0 R] >>", (
        b"<< /FT /Tx /T (Ho ten) /Subtype /Widget /Rect [0 0 200 20] /A << /S /URI /URI (https://x.invalid/) >> >>",
        b"<< /Title (Huong dan /JS va /JavaScript \\(\\)) >>")), None),
    # Chrome's «Save as PDF» of a page linking to its own headings names
    # each place by the heading's id: «#JS», «#Launch» were refused as a
    # script and a program launched.
    ("muc-luc-web.pdf", pdf("Muc luc", b"/Dests 7 0 R", (
        b"<< /Type /Annot /Subtype /Link /Rect [6 766 66 779] /Dest /JS >>",
        b"<< /JS [3 0 R /XYZ 6 31.5 0]\n/Launch [3 0 R /XYZ 6 792 0] /EmbeddedFiles [3 0 R /Fit] >>",
        b"<< /Title (JS) /A << /S /GoTo /D /SubmitForm >> >>")), None),
    ("rong.pdf", b"", "là tệp rỗng (0 byte)"),
    ("rong.docx", b"", "là tệp rỗng (0 byte)"),
    # A Word 97 file renamed «.pdf» by hand: was published as «PDF, 49 KB».
    ("word-cu.pdf", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000),
     "có đuôi «.pdf» nhưng thật ra là tệp Word hoặc Excel cũ (.doc, .xls)"),
    ("word-moi.pdf", word_package(), "có đuôi «.pdf» nhưng thật ra là tệp Word, Excel (.docx, .xlsx) hoặc tệp nén"),
    ("quet.pdf", b"\xff\xd8\xff\xe0" + bytes(100), "có đuôi «.pdf» nhưng thật ra là ảnh JPEG"),
    # Google Drive's sign-in page, saved in place of the file.
    ("drive.pdf", b"<!DOCTYPE html><html><title>Google Drive</title>", "có đuôi «.pdf» nhưng thật ra là trang web"),
]


def checked_attachments(tmp_path, monkeypatch, attachments) -> tuple[Path, list[str]]:
    """The content folder of one document attaching each of `attachments`
    ((name, bytes, expected)) at its line 5, and the checker's lines on it."""
    content = tmp_path / "content"
    files = {f"van-ban/2025/{name}": data for name, data, _ in attachments}
    files["van-ban/2025/1-tb-lhh.md"] = ("Title: Thông báo thử nghiệm\nNumber: 1/TB-LHH\nDate: 2025-03-01\n"
                                         "Kind: Thông báo\nFiles: " + ", ".join(
                                             f"{{static}}/van-ban/2025/{name}" for name, _, _ in attachments) + "\n")
    write_files(content, files)
    monkeypatch.chdir(tmp_path)
    settings = ROOT / "tests" / "corpus" / "settings.py"
    return content, [p.format() for p in check(Config.from_settings(load_settings(settings, PATH=str(content))))]


def test_an_empty_attachment_or_one_that_is_no_pdf_stops_the_checker_and_the_build(tmp_path, monkeypatch, caplog):
    """A 0-byte file was listed «PDF, 1 KB», a Word file renamed «.pdf» as
    «PDF, 49 KB»: the reader's phone opened neither. Both the checker and
    the build now refuse each, at the «Files:» line, with the same words."""
    from types import SimpleNamespace

    from plugins.core.errors import ContentError

    content, found = checked_attachments(tmp_path, monkeypatch, ATTACHMENTS)
    where = "content/van-ban/2025/1-tb-lhh.md:5: tệp đính kèm «{static}/van-ban/2025/"
    expected = [f"{where}{name}» {said}" for name, _, said in ATTACHMENTS if said]
    refused = [m for m in found if m.startswith(where)]
    assert len(refused) == len(expected) and all(any(m.startswith(e) for m in refused) for e in expected), found
    document = SimpleNamespace(source_path=str(content / "van-ban/2025/1-tb-lhh.md"))
    config = {"warn_attachment_mb": 20}
    for name, _, said in ATTACHMENTS:
        entry = f"{{static}}/van-ban/2025/{name}"
        if said is None:
            assert documents_plugin.attachment(document, entry, config, str(content))["name"] == name
            continue
        caplog.clear()
        with pytest.raises((RuntimeError, ContentError)):
            documents_plugin.attachment(document, entry, config, str(content))
        said_by_build = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
        assert said_by_build[0] in refused and said_by_build[0].startswith(f"{where}{name}» {said}")


# A PDF edited and saved again (Acrobat's «Save», a phone's «edit PDF»):
# the earlier page text or photo is still in the file after its %%EOF.
PAGE_TEXT = b"<< /Length 44 >>\nstream\nBT /F1 18 Tf 72 720 Td (Lien he LHH) Tj ET\nendstream"
EARLIER = [
    ("sua-lai.pdf", pdf_update(pdf("Lien he Nguyen Thi Hoa 0912 345 678"), {4: PAGE_TEXT}), True),
    ("anh-che.pdf", pdf_update(pdf("Anh", more=(b"<< /Type /XObject /Subtype /Image /Length 4 >>\nstream\nSCAN"
                                                b"\nendstream",)),
                               {6: b"<< /Type /XObject /Subtype /Image /Length 4 >>\nstream\nXXXX\nendstream"}), True),
    # Not an earlier version: one revision; Word's «Save as PDF» (a second,
    # empty section); a page that only gains a comment (the page object
    # replaced, no text); a form filled in (its field redrawn); the same
    # text saved again; a signed PDF, never judged (its signature stays).
    ("mot-ban.pdf", pdf("Ke hoach"), False),
    ("word.pdf", pdf("Ke hoach") + b"xref\n0 0\ntrailer\n<< /Size 6 /Root 1 0 R /Prev 9 >>\nstartxref\n9\n%%EOF\n", False),
    ("ghi-chu.pdf", pdf_update(pdf("Ke hoach"), {3: b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Annots [] >>"}), False),
    ("phieu.pdf", pdf_update(pdf("Phieu", more=(b"<< /Type /XObject /Subtype /Form /Length 3 >>\nstream\nEMC\nendstream",)),
                             {6: b"<< /Type /XObject /Subtype /Form /Length 5 >>\nstream\n(A) Tj\nendstream"}), False),
    ("luu-lai.pdf", pdf_update(pdf("Lien he LHH"), {4: pdf("Lien he LHH").split(b"4 0 obj\n")[1].split(b"\nendobj")[0]}),
     False),
    ("ky-so-sau.pdf", pdf_update(pdf_update(pdf("Lien he 0912 345 678"), {4: PAGE_TEXT}),
                                 {6: b"<< /Type /Sig /ByteRange [0 1 2 3] /Contents <00> >>"}), False),
]


def test_an_attachment_is_read_again_only_once_it_changed(tmp_path, monkeypatch):
    """The attachments' rules read a whole file (a 30 MB scan: 17–30 ms a
    rule): the preview read every document's attachments again at each
    rebuild. Remembered per file's size and modification time."""
    import os

    from plugins.core import rules
    from tests.support import pdf

    reads = []
    judge = rules.pdf_active_problem
    monkeypatch.setattr(rules, "pdf_active_problem", lambda *args: reads.append(args) or judge(*args))
    path = tmp_path / "ke-hoach.pdf"
    path.write_bytes(pdf("Ke hoach"))
    assert [rules.attachment_content_problem("{static}/ke-hoach.pdf", path) for _ in range(3)] == [None] * 3
    assert len(reads) == 1
    path.write_bytes(pdf("Ke hoach to chuc hoi thi"))
    os.utime(path, ns=(1, 2))  # another size and time: the file changed
    assert rules.attachment_content_problem("{static}/ke-hoach.pdf", path) is None and len(reads) == 2


def test_a_pdf_still_holding_its_version_before_an_edit_is_warned_of(tmp_path, monkeypatch, caplog):
    """A PDF «redacted» or corrected and saved again kept its earlier page
    text or photo after its %%EOF, published for any PDF tool to bring
    back. The checker and the build now warn of it at the «Files:» line
    (rules.pdf_earlier_version); no error: a signed PDF is such an update."""
    from types import SimpleNamespace

    content, found = checked_attachments(tmp_path, monkeypatch, EARLIER)
    expected = [f"content/van-ban/2025/1-tb-lhh.md:5: cảnh báo: tệp đính kèm «{{static}}/van-ban/2025/{name}» đã được "
                "sửa rồi lưu tiếp: trong tệp vẫn còn bản trước khi sửa (1 trang hoặc ảnh), ai tải về cũng lấy lại được"
                for name, _, warned in EARLIER if warned]
    assert len(found) == len(expected) and all(any(m.startswith(e) for m in found) for e in expected), found
    document = SimpleNamespace(source_path=str(content / "van-ban/2025/1-tb-lhh.md"))
    for name, _, warned in EARLIER:
        caplog.clear()
        entry = f"{{static}}/van-ban/2025/{name}"
        assert documents_plugin.attachment(document, entry, {"warn_attachment_mb": 20}, str(content))["name"] == name
        by_build = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
        assert by_build == ([f"content/van-ban/2025/1-tb-lhh.md:5: {found_one}" for found_one in
                             [m.split(":5: ", 1)[1] for m in found if f"«{entry}»" in m]] if warned else []), by_build


def tiff_lzw(data: bytes, strip: bytes | None = None) -> bytes:
    """``data`` as libtiff compresses it with LZW (a one-row grey TIFF
    written by Pillow); or, given a ``strip``, libtiff's reading of it."""
    import struct

    from PIL import Image

    written = io.BytesIO()
    Image.frombytes("L", (len(data), 1), data).save(written, "TIFF", compression="tiff_lzw")
    tiff = bytearray(written.getvalue())
    image = Image.open(io.BytesIO(tiff))
    (at,), (size,) = image.tag_v2[273], image.tag_v2[279]
    if strip is None:
        return bytes(tiff[at:at + size])
    place = struct.unpack_from("<I", tiff, 4)[0]
    for entry in range(struct.unpack_from("<H", tiff, place)[0]):  # the strip's offset and size, at the end
        tag = struct.unpack_from("<H", tiff, place + 2 + 12 * entry)[0]
        if tag in (273, 279):
            struct.pack_into("<I", tiff, place + 10 + 12 * entry, len(tiff) if tag == 273 else len(strip))
    return Image.open(io.BytesIO(bytes(tiff) + strip)).tobytes()


def test_an_active_pdf_is_seen_as_its_readers_read_it_in_one_pass(tmp_path, monkeypatch):
    """Each of ACTIVE_PDFS refused or passed as its readers would run it;
    and a file of 25,000 empty streams (450 KB: 14 s, each stream's
    dictionary looked for back to the file's start) or an edited PDF
    holding 40,000 digits (12 s, the object pattern backtracking) is read
    in one pass, and only the names that can matter are looked at one by one.
    A PDF larger than what is read is refused, not published unread."""
    from plugins.core import rules

    for number, (body, active) in enumerate(ACTIVE_PDFS):
        (tmp_path / "a.pdf").write_bytes(b"%PDF-1.7\n" + body + b"%%EOF\n")
        said = rules.pdf_active_problem("a.pdf", tmp_path / "a.pdf")
        assert (said is not None) == active, (number, said)
    # LZW as libtiff writes and reads it (TIFF's is PDF's, EarlyChange 1):
    # rules read what it writes, it reads what the cases above write.
    text = bytes(random.Random(7).choice(b"ab /JS<>") for _ in range(20_000))
    assert rules._pdf_lzw(tiff_lzw(text), 1 << 30, 1)[0] == text
    assert tiff_lzw(text, lzw(text)) == text
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.7\n" + b">>stream\nendstream" * 25_000)
    with within(2, "a PDF of many streams read in more than one pass"):
        assert rules.pdf_active_problem("a.pdf", tmp_path / "a.pdf") is None
    # A report's two million names, each looked at (12 MB: 3.4 s; a 10 MB report saved compact: 1.4 s)
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.7\n" + b"<< /Type /Page /S /P /Dest /a >>\n" * 360_000)
    with within(1.5, "the names of a PDF's objects looked at one by one"):
        assert rules.pdf_active_problem("a.pdf", tmp_path / "a.pdf") is None
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.7\n%%EOF\n" + b"1" * 40_000 + b"\n%%EOF\n")
    with within(2, "a run of digits backtracked over"):
        assert rules.pdf_earlier_version("a.pdf", tmp_path / "a.pdf") is None
    # Past what is read (rules.PDF_READ, GitHub's 100 MiB; it was 64 MiB,
    # WORD_PART_READ; here 1 MiB both): a script after it was published.
    monkeypatch.setattr(rules, "PDF_READ", 1 << 20, raising=False)
    monkeypatch.setattr(rules, "WORD_PART_READ", 1 << 20)
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.7\n" + b" " * (1 << 20) + OPEN_JS)
    said = rules.pdf_active_problem("a.pdf", tmp_path / "a.pdf")
    assert said and said.startswith("tệp đính kèm «a.pdf» nặng 1,0 MB, quá 1 MB nên không kiểm tra được"), said


def test_a_word_attachment_is_read_a_bounded_piece_at_a_time(tmp_path, monkeypatch):
    """A 1 MB .docx whose comments.xml inflates to 1 GB (a zip bomb) was
    read whole by rules.review_marks_problem: 2 GB of memory in the checker
    and the build. Now a MiB at a time, at most rules.WORD_PART_READ of a
    part (here 4 MiB of a 24 MiB one); its comment is still found."""
    import tracemalloc
    import zipfile

    from plugins.core import rules

    monkeypatch.setattr(rules, "WORD_PART_READ", 4 << 20, raising=False)
    path = tmp_path / "bom.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open("word/comments.xml", "w") as part:
            part.write(b'<w:comments><w:comment w:id="0">')
            for _ in range(24):
                part.write(b" " * (1 << 20))
    tracemalloc.start()
    try:
        said = rules.review_marks_problem("bom.docx", path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert said and "còn 1 góp ý (comment)" in said
    assert peak < 8 << 20, f"{peak >> 20} MiB held at once"


def test_a_word_attachments_marked_parts_are_read_within_one_bound(tmp_path, monkeypatch):
    """import_docx.markings parses the body, headers and footers whole: each
    was held under rules.WORD_PART_READ, not all of them, and ten headers
    of 63 MiB (a 1.9 MB .docx) kept the checker and the build 57 s a file
    at 2.4 GB. Now together (here 4 MiB: ten headers of 1 MiB are not read)."""
    import zipfile

    import workflow.import_docx
    from plugins.core import rules

    monkeypatch.setattr(rules, "WORD_PART_READ", 4 << 20, raising=False)
    read = []
    monkeypatch.setattr(workflow.import_docx, "archive_markings", lambda archive: read.append(archive) or (None, None))
    path = tmp_path / "dau-trang.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        for number in range(1, 11):
            archive.writestr(f"word/header{number}.xml", "<w:hdr>" + " " * (1 << 20) + "</w:hdr>")
    assert rules.review_marks_problem("dau-trang.docx", path) is None
    assert not read
    (tmp_path / "mot.docx").write_bytes(word_file("Kế hoạch.", header="MẬT"))  # within the bound: read
    rules.review_marks_problem("mot.docx", tmp_path / "mot.docx")
    assert read


def bzip2_part(path, main: str, part: str) -> None:
    """A package at ``path`` whose ``part`` holds 24 MiB of spaces in a few
    hundred bytes of bzip2, its declared size changed to 1 KB (what the
    size guards read)."""
    import struct
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(main, "<root/>")
        info = zipfile.ZipInfo(part)
        info.compress_type = zipfile.ZIP_BZIP2
        with archive.open(info, "w") as written:
            for _ in range(24):
                written.write(b" " * (1 << 20))
    data = bytearray(path.read_bytes())
    at = data.index(part.encode())  # its local header's name, then its central directory entry's
    struct.pack_into("<I", data, at - 30 + 22, 1024)
    at = data.index(part.encode(), at + 1)
    struct.pack_into("<I", data, at - 46 + 24, 1024)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("name, main, part", [
    ("bz.docx", "word/document.xml", "word/header1.xml"),  # import_docx.markings reads it whole
    ("bz2.docx", "word/document.xml", "word/comments.xml"),  # _part_matches, a MiB at a time
    ("bz3.docx", "word/document.xml", "word/media/image1.jpeg"),  # Pillow, for its GPS
    ("bz.xlsx", "xl/styles.xml", "xl/workbook.xml"),
])
def test_a_bzip2_part_is_not_inflated_past_the_size_guard(tmp_path, name, main, part):
    """Word and Excel store or deflate their parts; Python also inflates
    bzip2 and LZMA, whole, whatever size the package declares: a 1 KB .docx
    took 2 GB of memory in the checker and the build. Not read now (Word
    cannot open it either: not judged, as a damaged file)."""
    import tracemalloc

    from plugins.core import rules

    path = tmp_path / name
    bzip2_part(path, main, part)
    tracemalloc.start()
    try:
        said = rules.review_marks_problem(name, path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert said is None
    assert peak < 4 << 20, f"{peak >> 20} MiB held at once"


@pytest.mark.browser
def test_library_is_read_and_filtered_without_javascript(browser, sample_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{sample_server}/")
    page.get_by_role("navigation", name="Menu chính").get_by_role("link", name="Văn bản").click()
    filters = page.get_by_role("navigation", name="Lọc văn bản")
    filters.get_by_role("link", name=re.compile(r"^Quyết định")).click()
    page.wait_for_url("**/van-ban/loai/quyet-dinh/")
    kinds = page.locator("main .doc-meta a").all_inner_texts()
    assert kinds and set(kinds) == {"Quyết định"}
    page.locator("main .doc-title a").first.click()
    assert page.locator("main h1").is_visible()
    assert page.get_by_role("link", name="1-kh-lhh.pdf").is_visible()
    context.close()


# --- invoke new --kind van-ban --------------------------------------------------------
@pytest.fixture
def project(tmp_path):
    content = tmp_path / "content"
    write_files(content, {"van-ban/2025/ke-hoach-45.pdf": b"%PDF-1.4\n"})
    return load_settings(ROOT / "tests" / "corpus" / "settings.py", PATH=str(content))


def test_new_document_writes_every_header_and_passes_once_a_file_is_named(project):
    path, url = new_document("Kế hoạch  tổ chức hội thi", project, number="45/KH-LHH", kind="Kế hoạch",
                             now=NOW)
    assert path == Path(project["PATH"]) / "van-ban" / "2025" / "45-kh-lhh.md"
    assert url == "van-ban/2025/45-kh-lhh/"
    header = path.read_text(encoding="utf-8").split("\n\n")[0]
    # Issuer: left empty: the union under the name it had on the document's
    # date (DOCUMENTS["former_issuers"]); filled with today's name, an old
    # document carried over was credited to the renamed union.
    assert header == ("Title: Kế hoạch tổ chức hội thi\nNumber: 45/KH-LHH\nDate: 2025-03-05\nKind: Kế hoạch\n"
                      "Issuer:\nSigner:\nGroup:\nFiles:\nTags:")
    [problem] = check(Config.from_settings(project), [path], now=NOW)
    assert (problem.line, problem.warning) == (8, False) and "dòng «Files:» để trống" in problem.message
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Files:\n", "Files: {static}/van-ban/2025/ke-hoach-45.pdf\n"), encoding="utf-8")
    assert check(Config.from_settings(project), [path], now=NOW) == []


def test_new_document_without_a_number_is_named_by_its_subject(project):
    path, url = new_content("van-ban", "Thông báo về lịch họp", project, doc_kind="Thông báo")
    assert path.parent.parent.name == "van-ban" and path.name == "thong-bao-ve-lich-hop.md"
    assert url == "van-ban/"
    messages = [p.message for p in check(Config.from_settings(project), [path])]
    assert any("dòng «Number:» để trống" in m for m in messages)


@pytest.mark.parametrize("call, message", [
    (lambda p: new_document("Kế hoạch", p, number="45/KH-LHH", kind="Ke hoach", now=NOW),
     "loại văn bản «Ke hoach» không có trong danh sách — có phải là «Kế hoạch»?"),
    (lambda p: new_document("", p, now=NOW), "trích yếu trống"),
    (lambda p: new_content("video", "Một video", p), "--kind «video» không hợp lệ"),
])
def test_new_document_mistakes_are_vietnamese_messages(project, call, message):
    with pytest.raises(WorkflowError, match=re.escape(message)):
        call(project)


def test_new_document_refuses_a_number_used_that_year(project):
    write_files(Path(project["PATH"]), {"van-ban/ke-hoach.md": (
        "Title: Kế hoạch đã có\nNumber: 45/KH-LHH\nDate: 2025-01-02\nKind: Kế hoạch\n\nToàn văn.\n")})
    with pytest.raises(WorkflowError, match=r"số «45/KH-LHH» năm 2025 đã thuộc về .*van-ban/ke-hoach.md"):
        new_document("Cùng số", project, number="45/KH-LHH", kind="Kế hoạch", now=NOW)
    # Numbers start again every year.
    path, _ = new_document("Năm sau", project, number="45/KH-LHH", kind="Kế hoạch", now=datetime(2026, 1, 5))
    assert path.parent.name == "2026"
    with pytest.raises(WorkflowError, match=r"45-kh-lhh.md đã có — không ghi đè"):
        new_document("Năm sau, lần nữa", project, number="45/KH-LHH", kind="Kế hoạch", now=datetime(2026, 2, 5))


def test_new_documents_of_the_backlog_go_to_their_years_folder(project):
    """Entering the union's backlog: «01/KH-LHH» comes back every January.
    Without a date the command filed 2021's plan under this year, and the
    next year's «01/KH-LHH» was told «tệp … đã có — hãy mở tệp đó để sửa»:
    typed over, one year's plan was lost. ``--date`` files each in its year."""
    first, url = new_document("Kế hoạch năm 2021", project, number="01/KH-LHH", kind="Kế hoạch",
                              now=NOW, date="2021-01-08")
    second, _ = new_document("Kế hoạch năm 2022", project, number="01/KH-LHH", kind="Kế hoạch",
                             now=NOW, date="2022-01-05")
    # Named as typed, at the number's address («01» and «1» are one number).
    assert [first.name, second.parent.name, url] == ["01-kh-lhh.md", "2022", "van-ban/2021/1-kh-lhh/"]
    assert first.parent.name == "2021"
    assert "\nDate: 2021-01-08\n" in first.read_text(encoding="utf-8")
    assert "Kế hoạch năm 2021" in first.read_text(encoding="utf-8")  # not overwritten
    new_document("Kế hoạch năm 2025", project, number="01/KH-LHH", kind="Kế hoạch", now=NOW)
    with pytest.raises(WorkflowError, match=re.escape(
            "đã có — không ghi đè; hãy mở tệp đó để sửa. Nếu đó là văn bản cùng số của một năm khác, cho ngày "
            "ghi trên văn bản này: --date YYYY-MM-DD (ví dụ --date 2024-01-08; tệp mới sẽ ở thư mục của năm đó)")):
        new_document("Kế hoạch khác", project, number="01/KH-LHH", kind="Kế hoạch", now=NOW)
    with pytest.raises(WorkflowError, match=r"^--date: ngày «08/01/2023» "):
        new_document("Kế hoạch", project, number="02/KH-LHH", kind="Kế hoạch", now=NOW, date="08/01/2023")
    notes = []
    new_content("van-ban", "Kế hoạch sau", project, number="03/KH-LHH", doc_kind="Kế hoạch", notes=notes,
                date="2999-01-01")
    assert [note.startswith("ngày «2999-01-01» ở tương lai") for note in notes] == [True]
    assert check(Config.from_settings(project), [first, second], now=NOW)[0].message.startswith(
        "dòng «Files:» để trống")  # what is left to fill, as for any new document


def test_a_new_document_beside_last_years_filed_by_the_desk_is_written(project):
    """The desk files a document under the year it is entered, not its
    date's: last year's «01/KH-LHH» entered on 5 January is
    van-ban/2027/01-kh-lhh.md. This year's was then refused («đã có …
    cho ngày … --date»), with --date too: the same file again, no way on.
    It is written beside it, as the desk names the next one."""
    write_files(Path(project["PATH"]), {"van-ban/2027/01-kh-lhh.md": (
        "Title: Kế hoạch năm 2026\nNumber: 01/KH-LHH\nDate: 2026-12-20 08:00\nKind: Kế hoạch\n\nToàn văn.\n")})
    january = datetime(2027, 1, 6, 9, 0)
    path, url = new_document("Kế hoạch năm 2027", project, number="01/KH-LHH", kind="Kế hoạch", now=january)
    assert (path.relative_to(project["PATH"]).as_posix(), url) == ("van-ban/2027/01-kh-lhh-1.md",
                                                                    "van-ban/2027/1-kh-lhh/")
    assert "Kế hoạch năm 2026" in (path.parent / "01-kh-lhh.md").read_text(encoding="utf-8")  # left as it was
    with pytest.raises(WorkflowError, match=r"01-kh-lhh-1.md đã có — không ghi đè"):  # this year's, again
        new_document("Kế hoạch năm 2027", project, number="01/KH-LHH", kind="Kế hoạch", now=january,
                     date="2027-01-06")


def test_new_article_with_a_date_goes_to_that_years_folder(project):
    path, _ = new_content("bai-viet", "Hội nghị tổng kết năm 2023", project, date="2023-12-28 08:00")
    assert path.parent.name == "2023"
    assert "\nDate: 2023-12-28 08:00\n" in path.read_text(encoding="utf-8")


def test_invoke_new_kind_van_ban(tmp_path, monkeypatch, capsys):
    """The task itself, its settings pointed at an empty content folder: it
    writes the document and prints the file and the preview address."""
    from invoke import Context

    import tasks

    content = tmp_path / "content"
    content.mkdir()
    monkeypatch.setattr(tasks, "DEV_SETTINGS", settings_file(tmp_path / "s.py", extra=f"PATH = {str(content)!r}\n"))
    tasks.new(Context(), "Kế hoạch thử nghiệm", kind="van-ban", number="7/KH-LHH", doc_kind="Kế hoạch")
    year = datetime.now().year
    assert (content / "van-ban" / str(year) / "7-kh-lhh.md").is_file()
    out = capsys.readouterr().out
    assert f"Xem trước: chạy «make serve» rồi mở http://127.0.0.1:8000/van-ban/{year}/7-kh-lhh/" in out
    with pytest.raises(SystemExit) as stopped:
        tasks.new(Context(), "Một video", kind="video")
    assert stopped.value.code == 1
    assert "lỗi: --kind «video» không hợp lệ" in capsys.readouterr().err


def test_a_corrected_documents_feed_entry_and_page_say_when(make_site):
    """«Modified:» on a document whose PDF was replaced moved its sitemap
    date but not its feed entry's <updated>: feed readers never showed it
    again. The articles' feed already read it. Its page said nothing: a
    reader who downloaded the first file could not tell it was replaced."""
    from lxml import etree

    site = make_site({"van-ban/2025/12.md": "Title: Thông báo lịch họp\nNumber: 12/TB-LHH\nDate: 2025-01-05\n"
                                            "Modified: 2025-06-01 10:00\nKind: Thông báo\n\nx\n",
                      "van-ban/2025/13.md": "Title: Thông báo lịch học\nNumber: 13/TB-LHH\nDate: 2025-01-05\n"
                                            "Kind: Thông báo\n\nx\n"})
    atom = "{http://www.w3.org/2005/Atom}"
    entry = next(entry for entry in etree.parse(str(site.output / "feeds" / "van-ban.atom.xml")).getroot().iter(
        f"{atom}entry") if "12/TB-LHH" in entry.findtext(f"{atom}title"))
    assert entry.findtext(f"{atom}updated").startswith("2025-06-01T10:00:00")
    assert entry.findtext(f"{atom}published").startswith("2025-01-05")
    facts = {div.dt.get_text(): div.dd for div in site.soup("van-ban/2025/12-tb-lhh/").select(".doc-facts div")}
    assert facts["Cập nhật trên trang"].time["datetime"].startswith("2025-06-01")
    assert facts["Cập nhật trên trang"].get_text() == "01/06/2025"
    assert list(facts).index("Cập nhật trên trang") == list(facts).index("Ngày ban hành") + 1
    assert "Cập nhật" not in site.soup("van-ban/2025/13-tb-lhh/").select_one(".doc-facts").get_text()


def test_a_days_documents_go_newest_number_first_and_a_numbers_label_is_not_repeated(make_site, tmp_path,
                                                                                       monkeypatch):
    """Found carrying over 200 old documents: four of one day were listed
    «Số 7», «9», «7», «10» (text order); «Số 7-TB/LHH» and «7-TB/LHH» were
    two numbers (two pages, no duplicate found) and the page read «Số Số
    7-TB/LHH»; the feed's links to «Quyết định 99.PDF» had raw spaces."""
    from lxml import etree

    head = "Title: Thông báo {n}\nNumber: {number}\nDate: 2024-12-30\nKind: Thông báo\n"
    files = {f"van-ban/2024/{n}.md": head.format(n=n, number=number) + "\nx\n"
             for n, number in ((9, "9/TB-LHH"), (10, "10/TB-LHH"), (8, "Số 8-TB/LHH"))}
    files["van-ban/2024/99.md"] = (head.format(n=99, number="99/QĐ-LHH").replace("2024-12-30", "2024-12-01")
                                   + "Files: {static}/van-ban/2024/Quyết định 99.PDF\n\nx\n")
    files["van-ban/2024/Quyết định 99.PDF"] = pdf("Quyet dinh 99")
    # Copied from a PDF's text: its label, a zero, spaces, the eth «Ð» for
    # «Đ». Published at «van-ban/2024/05-qð-lhh/» as «Số 05 /QÐ – LHH»,
    # found neither by «5/QĐ-LHH» nor by «05/QĐ-LHH».
    files["van-ban/2024/5.md"] = (head.format(n=5, number="Số: 05 /QÐ – LHH").replace("2024-12-30", "2024-11-03")
                                  + "\nx\n")
    site = make_site(files)
    listed = [a.get_text(" ", strip=True) for a in site.soup("van-ban/2024/").select("main h2 a, main h3 a")]
    assert [title.split()[-1] for title in listed[:3]] == ["10", "9", "8"], listed
    page = site.text("van-ban/2024/8-tb-lhh/")
    assert "Số 8-TB/LHH" in page and "Số Số" not in page
    five = site.soup("van-ban/2024/5-qd-lhh/")
    assert five.select_one(".doc-facts dd").get_text() == "05/QĐ-LHH"
    assert five.select_one("[data-pagefind-meta]")["data-number"] == "05/QĐ-LHH"
    assert five.select_one('[data-pagefind-weight="7"]').get_text() == "so5 5qd qdlhh 5qdlhh so05 05qd 05qdlhh"
    assert "Số 05/QĐ-LHH" in words(site.soup("van-ban/2024/").get_text())
    atom = "{http://www.w3.org/2005/Atom}"
    content = next(entry.findtext(f"{atom}content") for entry in etree.parse(
        str(site.output / "feeds" / "van-ban.atom.xml")).getroot().iter(f"{atom}entry")
        if "99" in entry.findtext(f"{atom}title"))
    assert "/van-ban/2024/Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%2099.PDF" in content and "định 99.PDF\"" not in content
    # One number, however it is written: the checker names both files.
    spellings = [("Số 7-TB/LHH", "7-TB/LHH"), ("12/QÐ-LHH", "12/QĐ-LHH"), ("No. 3/TB-LHH", "03/TB-LHH")]
    write_files(tmp_path / "content", {
        f"van-ban/2024/{n}{side}.md": head.format(n=n, number=number) + "\nx\n"
        for n, pair in enumerate(spellings) for side, number in zip("ab", pair)})
    monkeypatch.chdir(tmp_path)
    problems = check(Config.from_settings(load_settings(ROOT / "pelicanconf.py", PATH=str(tmp_path / "content"))))
    for n, _ in enumerate(spellings):
        named = [p for p in problems if "đã được dùng" in p.message and f"/{n}a.md" in p.message + str(p.path)]
        assert len(named) == 2, (n, problems)


@pytest.mark.parametrize("siteurl", ["", "https://owner.github.io/ban-tin"])
def test_a_file_no_page_links_in_the_photo_and_document_folders_is_not_published(make_site, siteurl):
    """A deleted document's PDF stayed downloadable at its old address, and
    a phone's video (with its GPS) left in images/ was published: only what
    a page links is, by {static}, by the site's path (as the desk writes
    «[Tải về](/van-ban/2025/a.pdf)») or by the union's address; also once
    those are written from SITEURL (they were then not published)."""
    site = make_site({
        "2025/bai.md": ("Title: Bài\nDate: 2025-03-05\nAuthor: Ban thông tin\nCategory: Tin hoạt động LHH\n\n"
                        "[Kế hoạch](/van-ban/2025/ke-hoach.pdf), [trình chiếu]({static}/images/2025/trinh-chieu.pdf), "
                        "[báo cáo](https://vustathaibinh.org.vn/van-ban/2025/bao-cao.pdf)."),
        "van-ban/2025/bao-cao.pdf": pdf("Bao cao"),
        "van-ban/2025/ke-hoach.pdf": pdf("Ke hoach"),
        "van-ban/2025/da-rut.pdf": pdf("Da rut"),  # its document deleted
        "images/2025/trinh-chieu.pdf": pdf("Trinh chieu"),
        "images/2025/IMG_0001.MOV": b"\x00\x00\x00\x14ftypqt  ",
    }, **({"SITEURL": siteurl, "FEED_DOMAIN": siteurl} if siteurl else {}))
    assert (site.output / "van-ban" / "2025" / "ke-hoach.pdf").is_file()
    assert (site.output / "van-ban" / "2025" / "bao-cao.pdf").is_file()
    assert (site.output / "images" / "2025" / "trinh-chieu.pdf").is_file()
    assert not (site.output / "van-ban" / "2025" / "da-rut.pdf").exists()
    assert not (site.output / "images" / "2025" / "IMG_0001.MOV").exists()


def test_a_document_no_longer_in_force_says_so_on_its_page_its_listing_and_its_search_result(make_site):
    """A decision replaced by a later one («Quyết định số 12/QĐ-LHH … thay
    thế Quyết định số 5/QĐ-LHH») or a cancelled plan: a reader who found the
    old one by a search or a shared link read it as current, and the library
    listed both alike. ``Replaced_by:`` and ``Expired:`` say it at the top of
    its page (a link to the replacing one), in the listings and in the
    search's metadata; the replacing one says what it replaces. A title and
    a text pasted from a PDF's text, «Ð» for «Đ», read as «Đ» (the search's
    word «đoàn»), a file's name with it left as it is on disk."""
    head = "Title: {title}\nNumber: {number}\nDate: {day}\nKind: {kind}\n"
    site = make_site({
        "van-ban/2025/5.md": head.format(title="Quyết định thành lập ban giám khảo", number="5/QĐ-LHH",
                                         day="2025-01-10", kind="Quyết định")
        + "Replaced_by: 12/QÐ-LHH\nExpired: 2025-03-01\n\nToàn văn quyết định.\n",
        "van-ban/2025/12.md": head.format(title="Quyết định thành lập ban giám khảo (thay thế)", number="12/QĐ-LHH",
                                          day="2025-02-20", kind="Quyết định") + "\nToàn văn quyết định mới.\n",
        "van-ban/2025/6.md": head.format(title="Kế hoạch tổ chức hội thi của Ðoàn", number="6/KH-LHH",
                                         day="2025-01-15", kind="Kế hoạch")
        + "Expired: có\nFiles: {static}/van-ban/2025/Ðiều lệ.pdf\n\nÐoàn viên tham gia hội thi.\n",
        "van-ban/2025/Ðiều lệ.pdf": pdf("Dieu le"),
        "van-ban/2024/7.md": head.format(title="Thông báo lịch họp", number="7/TB-LHH", day="2024-05-02",
                                         kind="Thông báo") + "Expired: 2024-12-31\n\nx\n",
        # A draft replaced by 12/QĐ-LHH: not named on its page (a draft's number is not published).
        "van-ban/2025/4.md": head.format(title="Dự kiến", number="4/QĐ-LHH", day="2025-01-05", kind="Quyết định")
        + "Replaced_by: 12/QĐ-LHH\nStatus: draft\n\nx\n",
    })
    old = site.soup("van-ban/2025/5-qd-lhh/")
    note = old.select_one("article > .doc-status-note")
    assert words(note.get_text()) == ("Văn bản này hết hiệu lực từ ngày 01/03/2025, được thay thế bằng Quyết định "
                                      "số 12/QĐ-LHH ngày 20/02/2025.")
    assert note.a["href"].endswith("/van-ban/2025/12-qd-lhh/")
    assert note.find_next_sibling("dl")["class"] == ["doc-facts"]  # before its facts and downloads
    new = site.soup("van-ban/2025/12-qd-lhh/")
    assert new.select_one(".doc-status-note") is None
    facts = {div.dt.get_text(): div.dd for div in new.select(".doc-facts div")}
    assert words(facts["Thay thế"].get_text()) == "Quyết định số 5/QĐ-LHH ngày 10/01/2025"
    assert facts["Thay thế"].a["href"].endswith("/van-ban/2025/5-qd-lhh/")
    assert words(site.soup("van-ban/2025/6-kh-lhh/").select_one(".doc-status-note").get_text()) == (
        "Văn bản này đã hết hiệu lực.")
    assert words(site.soup("van-ban/2024/7-tb-lhh/").select_one(".doc-status-note").get_text()) == (
        "Văn bản này hết hiệu lực từ ngày 31/12/2024.")
    marks = {item.select_one(".doc-number").get_text(): (item.select_one(".doc-status") or old).get_text()
             for item in site.soup("van-ban/").select(".doc-item")}
    assert {number: mark for number, mark in marks.items() if mark != old.get_text()} == {
        "5/QĐ-LHH": "Đã bị thay thế, hết hiệu lực từ 01/03/2025", "6/KH-LHH": "Hết hiệu lực",
        "7/TB-LHH": "Hết hiệu lực từ 31/12/2024"}
    assert set(marks) == {"5/QĐ-LHH", "12/QĐ-LHH", "6/KH-LHH", "7/TB-LHH"}  # still listed
    feed = {entry.findtext(f"{ATOM}title").split(":")[0]: entry.findtext(f"{ATOM}content") for entry in
            etree.parse(str(site.output / "feeds" / "van-ban.atom.xml")).getroot().iter(f"{ATOM}entry")}
    assert ("<p><strong>Đã bị thay thế, hết hiệu lực từ 01/03/2025</strong>: <a href=\"" in feed["Quyết định số 5/QĐ-LHH"]
            and '/van-ban/2025/12-qd-lhh/">Quyết định số 12/QĐ-LHH</a>.</p>' in feed["Quyết định số 5/QĐ-LHH"])
    assert "<strong>Hết hiệu lực</strong>.</p>" in feed["Kế hoạch số 6/KH-LHH"]
    assert "<strong>" not in feed["Quyết định số 12/QĐ-LHH"]
    # Still searched, marked (search.js shows the status beside the number).
    hooks = {url: site.soup(url).select_one("[data-pagefind-meta]") for url in
             ("van-ban/2025/5-qd-lhh/", "van-ban/2025/12-qd-lhh/", "van-ban/2025/6-kh-lhh/")}
    assert all(url in site.text("sitemap.xml") for url in hooks)
    assert [(hook.get("data-status"), "status[data-status]" in hook["data-pagefind-meta"])
            for hook in hooks.values()] == [("Đã bị thay thế, hết hiệu lực từ 01/03/2025", True), (None, False),
                                           ("Hết hiệu lực", True)]
    # The eth: «Đoàn» in the title and text, the file as it is on disk.
    plan = site.soup("van-ban/2025/6-kh-lhh/")
    assert plan.h1.get_text() == "Kế hoạch tổ chức hội thi của Đoàn"
    assert "Đoàn viên tham gia" in plan.select_one(".post-body").get_text() and "Ð" not in plan.title.get_text()
    assert plan.select_one(".doc-files a").get_text() == "Ðiều lệ.pdf"
    assert (site.output / "van-ban" / "2025" / "Ðiều lệ.pdf").is_file()


@pytest.mark.parametrize("held", ["Status: draft\n", "future"])
def test_a_document_replaced_by_one_not_yet_published_is_still_in_force(make_site, held):
    """The replacing decision still a draft (typed ahead of its signing) or
    dated in the coming days (held until then): the old one said «không còn
    hiệu lực: đã được thay thế bằng Quyết định số 13/QĐ-LHH» on its page, in
    the library and in the search, while it was in force and no reader could
    find the new one. It is in force until the new one is published; then
    its page says so, with the link."""
    head = "Title: {title}\nNumber: {number}\nDate: {day}\nKind: Quyết định\n"
    soon = f"{date.today().year + 1}-01-02"
    files = {
        "van-ban/2025/8.md": head.format(title="Quyết định về quy chế thi đua", number="8/QĐ-LHH",
                                         day="2025-01-10") + "Replaced_by: 13/QĐ-LHH\n\nToàn văn.\n",
        "van-ban/2025/13.md": head.format(title="Quyết định về quy chế thi đua (sửa đổi)", number="13/QĐ-LHH",
                                          day=soon if held == "future" else "2025-06-01")
        + (held if held != "future" else "") + "\nToàn văn mới.\n",
    }
    site = make_site(files, WITH_FUTURE_DATES=False)
    old = site.soup("van-ban/2025/8-qd-lhh/")
    assert old.select_one(".doc-status-note") is None and "13/QĐ-LHH" not in old.get_text()
    assert site.soup("van-ban/").select(".doc-item .doc-status") == []
    assert old.select_one("[data-pagefind-meta]").get("data-status") is None
    feed = etree.parse(str(site.output / "feeds" / "van-ban.atom.xml")).getroot()
    assert ["13/QĐ-LHH" in (entry.findtext(f"{ATOM}content") or "") for entry in feed.iter(f"{ATOM}entry")] == [False]
    # Published: the old one says it, with the link.
    files["van-ban/2025/13.md"] = head.format(title="Quyết định về quy chế thi đua (sửa đổi)", number="13/QĐ-LHH",
                                              day="2025-06-01") + "\nToàn văn mới.\n"
    site = make_site(files, WITH_FUTURE_DATES=False)
    note = site.soup("van-ban/2025/8-qd-lhh/").select_one(".doc-status-note")
    assert words(note.get_text()) == ("Văn bản này không còn hiệu lực: đã được thay thế bằng Quyết định số "
                                      "13/QĐ-LHH ngày 01/06/2025.")
    assert note.a["href"].endswith("/van-ban/2025/13-qd-lhh/")


@pytest.mark.parametrize("files, line, message", [
    # A number no document has (a typo, or the new decision not added yet).
    ({"5": ("5/QĐ-LHH", "Replaced_by: 13/QĐ-LHH")}, 5,
     "«Replaced_by: 13/QĐ-LHH»: trên trang không có văn bản số «13/QĐ-LHH» — viết đúng số của văn bản thay thế "
     "như trên văn bản đó và thêm văn bản đó vào thư viện Văn bản; văn bản thay thế không đăng trên trang: xoá "
     "dòng này và viết «Expired: có» (đã hết hiệu lực, không rõ ngày) hoặc «Expired: 2026-03-01» (hết hiệu lực từ "
     "ngày đó) (ở bàn biên tập: ô «Được thay thế bởi văn bản số», ô «Hết hiệu lực»)"),
    # Its own number, spelled another way (the eth, «Số»).
    ({"5": ("5/QĐ-LHH", "Replaced_by: Số 5/QÐ-LHH")}, 5,
     "«Replaced_by: 5/QĐ-LHH» là số của chính văn bản này — viết số của văn bản MỚI thay thế nó (như trên văn bản "
     "mới: «… thay thế Quyết định số …»), hoặc xoá dòng này"),
    ({"5": ("5/QĐ-LHH", "Replaced_by: 12/QĐ-LHH"), "12": ("12/QĐ-LHH", "Replaced_by: 5/QĐ-LHH")}, 5,
     "các văn bản thay thế nhau thành vòng: 12/QĐ-LHH → 5/QĐ-LHH → 12/QĐ-LHH — một văn bản chỉ được thay thế bởi "
     "văn bản ban hành sau nó: xoá dòng «Replaced_by:» ở văn bản mới hơn"),
    ({"5": ("5/QĐ-LHH", "Expired: 1/3/2025")}, 5,
     "«Expired: 1/3/2025» không hợp lệ — viết «Expired: có» (đã hết hiệu lực, không rõ ngày) hoặc «Expired: "
     "2026-03-01» (hết hiệu lực từ ngày đó); ngày 1 tháng 3 năm 2025 viết là «2025-03-01»; văn bản còn hiệu lực: "
     "xoá dòng này (ở bàn biên tập: ô «Hết hiệu lực»)"),
])
def test_a_replacement_the_site_cannot_show_stops_the_checker_and_the_build(make_site, tmp_path, monkeypatch,
                                                                            caplog, files, line, message):
    """The checker and the build refuse, in one message at the header's
    line, a replacing number that no document has, a document's own number
    and documents replacing each other in a circle (each would point
    readers nowhere or in a loop), and an «Expired:» that is neither «có»
    nor a date."""
    head = "Title: Quyết định số {n}\nNumber: {number}\nDate: 2025-01-{n:02d}\nKind: Quyết định\n{extra}\n\nx\n"
    written = {f"van-ban/2025/{n}.md": head.format(n=int(n), number=number, extra=extra)
               for n, (number, extra) in files.items()}
    write_files(tmp_path / "content", written)
    monkeypatch.chdir(tmp_path)
    problems = check(Config.from_settings(load_settings(ROOT / "pelicanconf.py", PATH=str(tmp_path / "content"))))
    found = [p.format() for p in problems]
    first = f"content/van-ban/2025/{sorted(files)[0]}.md:{line}: {message}"  # path order, as the build reads
    assert first in found, found
    assert all(": cảnh báo: " in p or p.startswith("content/van-ban/2025/") for p in found), found
    with pytest.raises((RuntimeError, ContentError)):
        make_site({})  # the files written above
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR][0] == first
