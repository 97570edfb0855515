"""The bulletin's own behaviour, one case per thing it proves (m.css style):
the reference article, a minimal site, escaping, NFD input, bad dates, slug
collisions, tone-variant tags, pagination, and errors that stop a build."""

from __future__ import annotations

import json
import os
import re
import unicodedata

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from plugins.bulletin import page_window
from tests.support import ROOT, run_pelican, settings_file, words, write_files

REFERENCE = ROOT.parent / "shared" / "reference" / "bai-goc-hoi-thao-phuong-an-cum-cong-nghiep-2020.txt"
REFERENCE_URL = "bai-viet/hoi-thao-tu-van-phan-bien-phuong-an-phat-trien-cum-cong-nghiep-2021-2030/"
CATEGORY = "Tin hoạt động LHH"


def article(title: str, date: str = "2024-01-02", body: str = "Nội dung.", **headers) -> str:
    lines = [f"Title: {title}", f"Date: {date}", "Author: Ban thông tin", f"Category: {CATEGORY}"]
    lines += [f"{key.capitalize()}: {value}" for key, value in headers.items()]
    return "\n".join(lines) + "\n\n" + body + "\n"


# --- reference_article ------------------------------------------------------------
def reference_lines() -> list[str]:
    if not REFERENCE.exists():
        pytest.skip(f"{REFERENCE} is not beside this clone")
    lines = [line.strip() for line in REFERENCE.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line]


def test_reference_article(site):
    """The union's real article, word for word, at its slug URL, with the
    Vietnamese date, both captions, the author line and the footer."""
    lines = reference_lines()
    title = lines[lines.index(CATEGORY) + 1]
    first = next(i for i, line in enumerate(lines) if line.startswith("Sáng ngày"))
    last = next(i for i, line in enumerate(lines) if line.startswith("Tác giả"))
    soup = site.soup(REFERENCE_URL)
    main = soup.find("main")

    assert words(main.find("h1").get_text()) == words(title)
    assert words(soup.title.get_text()).startswith(words(title))
    body = words(main.get_text(" "))
    for paragraph in lines[first:last]:
        assert words(paragraph) in body
    captions = [words(c.get_text()) for c in main.select("figure figcaption")]
    assert captions == [
        "Đồng chí Bùi Quang Hộ - Phó Chủ tịch Liên hiệp Hội chủ trì hội nghị",
        "Các chuyên gia và sở, ban, ngành tham gia phản biện phương án phát triển CCN "
        "trên địa bàn tỉnh Thái Bình giai đoạn 2021 - 2030",
    ]
    for image in main.select("figure img"):
        assert "placeholder" in image["src"] and image.get("alt")
    dates = [(t["datetime"], words(t.get_text())) for t in main.select("time")]
    assert ("2020-11-11T00:00:00+07:00", "Thứ Tư, 11/11/2020") in dates
    assert "Tác giả: Ban thông tin" in words(main.get_text(" "))
    assert main.find("a", string=CATEGORY)["href"].endswith("/chuyen-muc/tin-hoat-dong-lhh/")

    assert soup.find("footer").find("a", href=re.compile(r"/quyen-rieng-tu/$"))
    for mark in soup.find("footer").select("wbr"):  # the phone's break points (phone_link) are no spaces
        mark.unwrap()
    soup.find("footer").smooth()
    footer = words(soup.find("footer").get_text(" "))
    # The union's contacts as its settings give them: a new name or address
    # is a settings change (README, "Taking over the current site").
    from pelicanconf import UNION

    for key in ("name", "copyright", "address", "phone"):
        assert words(UNION[key]) in footer, key
    assert ("Email" in footer) == bool(UNION.get("email"))  # unknown: no empty line


def test_reference_article_in_listings(site):
    for url in ("", "chuyen-muc/tin-hoat-dong-lhh/", "luu-tru/2020/", "luu-tru/2020/11/"):
        soup = site.soup(url)
        link = soup.find("main").find("a", href=re.compile(re.escape(REFERENCE_URL) + "$"))
        assert link is not None, url
    short = [words(t.get_text()) for t in site.soup("").find("main").select("time")]
    assert "11/11/2020" in short


def test_the_archive_lists_years_and_months_that_list_their_articles(sample_site):
    """luu-tru/ links every year and month with its number of articles (it
    listed every article: 66 KB of gzipped HTML at 1,000); each month's page
    lists that many, and a year's months list what its year's page lists."""
    main = sample_site.soup("luu-tru/").find("main")
    assert not main.select("a[href*='/bai-viet/']")
    years = main.select("section.archive-year")
    assert years and [int(y.h2.a.get_text().split()[-1]) for y in years] == sorted(
        (int(y.h2.a.get_text().split()[-1]) for y in years), reverse=True)

    def listed(link) -> list[str]:
        page = sample_site.soup(link["href"].split("://", 1)[-1].split("/", 1)[-1])
        return [a["href"] for a in page.find("main").select(".archive-list a")]

    for year in years:
        total = int(year.h2.select_one(".archive-count").get_text().split()[0])
        months = year.select(".archive-months li")
        counts = [int(li.select_one(".archive-count").get_text().split()[0]) for li in months]
        in_months = [listed(li.a) for li in months]
        assert [len(links) for links in in_months] == counts and sum(counts) == total
        assert sorted(sum(in_months, [])) == sorted(listed(year.h2.a)), year.h2.get_text()
        # Heard with a comma between the year or month and its count («Năm 2024 24 bài» ran together)
        assert year.h2.get_text() == f"{year.h2.a.get_text()}, {total} bài"
        assert [li.get_text() for li in months] == [f"{li.a.get_text()}, {n} bài" for li, n in zip(months, counts)]
    assert sum(int(y.h2.select_one(".archive-count").get_text().split()[0]) for y in years) > 10


# --- minimal ----------------------------------------------------------------------
EMPTY_UNION = {"name": "Tên đơn vị", "short_name": "Đơn vị", "copyright": "",
               "address": "", "phone": "", "email": ""}


def test_minimal(make_site):
    """Optional settings unset, an article without tags, summary or image,
    no Hỏi & đáp item: no empty element and no dangling label anywhere."""
    site = make_site(
        {"2024/mot.md": article("Một bài"), "pages/hoi-dap.md": "Title: Hỏi & đáp\nSlug: hoi-dap\nTemplate: faq\n\n"},
        UNION=EMPTY_UNION, MENU=[("Trang chủ", "index"), ("Hỏi & đáp", "page:hoi-dap")],
    )
    for path in site.html_files():
        soup = site.soup(site.url_of(path))
        for tag in soup.find_all(["p", "ul", "ol", "li", "a", "dl", "dt", "dd", "figure",
                                  "section", "nav", "footer", "h1", "h2", "h3", "span", "time"]):
            if tag.has_attr("hidden") or tag.has_attr("aria-live") or tag.has_attr("data-search-status"):
                continue  # data for the search index; a live region filled by script, the search's status
            assert tag.get_text(strip=True) or tag.find(["img", "svg", "input"]), (
                f"{site.url_of(path)}: empty <{tag.name}> {tag}"
            )
        footer = soup.find("footer").get_text(" ")
        for label in ("Địa chỉ", "Điện thoại", "Email", "Bản quyền"):
            assert label not in footer
    assert site.soup("hoi-dap/").find("a", string=re.compile("Gửi câu hỏi")) is None
    assert "mailto:" not in site.text("hoi-dap/")


def test_email_setting_adds_question_link_and_footer_line(make_site):
    site = make_site(
        {"2024/mot.md": article("Một bài"), "pages/hoi-dap.md": "Title: Hỏi & đáp\nSlug: hoi-dap\nTemplate: faq\n\n",
         "hoi-dap/q.md": "Title: Câu hỏi?\nDate: 2024-05-01\nOrganization: Một đơn vị\n\nTrả lời.\n"},
        UNION={**EMPTY_UNION, "email": "lienhe@example.org"},
        MENU=[("Trang chủ", "index"), ("Hỏi & đáp", "page:hoi-dap")],
    )
    soup = site.soup("hoi-dap/")
    ask = soup.find("a", string=re.compile("Gửi câu hỏi"))
    assert ask["href"] == "mailto:lienhe@example.org"
    assert "lienhe@example.org" in soup.find("footer").get_text()
    data = [json.loads(s.string) for s in soup.select('script[type="application/ld+json"]')]
    faq = next(d for d in data if d.get("@type") == "FAQPage")
    assert faq["mainEntity"][0]["name"] == "Câu hỏi?"
    assert "Trả lời." in faq["mainEntity"][0]["acceptedAnswer"]["text"]
    assert "Một đơn vị" in soup.find("main").get_text()


def test_a_question_without_an_answer_is_left_out_of_the_faq_data(make_site):
    """An unanswered question (the build warns) was in the FAQPage data
    with an empty answer text, which search engines refuse as invalid."""
    site = make_site(
        {"pages/hoi-dap.md": "Title: Hỏi & đáp\nSlug: hoi-dap\nTemplate: faq\n\n",
         "hoi-dap/a.md": "Title: Đã trả lời?\nDate: 2024-05-01\n\nTrả lời.\n",
         "hoi-dap/b.md": "Title: Chưa trả lời?\nDate: 2024-05-02\n\n"},
        UNION=EMPTY_UNION,
    )
    soup = site.soup("hoi-dap/")
    data = [json.loads(s.string) for s in soup.select('script[type="application/ld+json"]')]
    faq = next(d for d in data if d.get("@type") == "FAQPage")
    assert [q["name"] for q in faq["mainEntity"]] == ["Đã trả lời?"]
    assert "Chưa trả lời?" in soup.find("main").get_text().replace("\xa0", " ")  # on the page, as warned
    (site.output.parent / "content" / "hoi-dap" / "a.md").unlink()  # make_site builds into the same folder
    assert "FAQPage" not in make_site({}, UNION=EMPTY_UNION).text("hoi-dap/")


def test_the_faq_data_names_the_newest_twenty_questions_and_the_page_shows_all(make_site):
    """The FAQPage data repeats each answer whole: with every question in
    it, the page grew twice as fast as its text (150 questions: 348 KB,
    182 KB of it the data)."""
    questions = {f"hoi-dap/q{n:02}.md": f"Title: Câu hỏi số {n}?\nSlug: cau-hoi-so-{n}\nDate: 2024-01-{n:02} 08:00\n\n"
                 f"Trả lời câu số {n}.\n" for n in range(1, 26)}
    site = make_site({"pages/hoi-dap.md": "Title: Hỏi & đáp\nSlug: hoi-dap\nTemplate: faq\n\n", **questions},
                     UNION=EMPTY_UNION)
    soup = site.soup("hoi-dap/")
    data = [json.loads(s.string) for s in soup.select('script[type="application/ld+json"]')]
    faq = next(d for d in data if d.get("@type") == "FAQPage")
    assert [q["name"] for q in faq["mainEntity"]] == [f"Câu hỏi số {n}?" for n in range(25, 5, -1)]
    assert len(soup.select("article.faq-item")) == 25


def test_without_an_email_a_reader_is_told_the_phone_to_ask(make_site):
    """The union's e-mail is not known yet: Hỏi & đáp had no «Gửi câu hỏi»
    and no other way to ask, though the phone is known."""
    site = make_site(
        {"pages/hoi-dap.md": "Title: Hỏi & đáp\nSlug: hoi-dap\nTemplate: faq\n\n",
         "hoi-dap/q.md": "Title: Câu hỏi?\nDate: 2024-05-01\n\nTrả lời.\n"},
        UNION={**EMPTY_UNION, "phone": "0227 3 840 223"},
    )
    ask = site.soup("hoi-dap/").select_one(".faq-ask")
    assert " ".join(ask.get_text().split()) == "Muốn gửi câu hỏi, xin gọi 0227 3 840 223."
    assert ask.a["href"] == "tel:02273840223" and "mailto:" not in site.text("hoi-dap/")


# --- html_escape --------------------------------------------------------------------
HOSTILE = '<script>alert(1)</script> & "x"'


def test_html_escape(make_site):
    """Hostile metadata shows as plain text in every context and runs nothing."""
    site = make_site({
        "2024/x.md": article(HOSTILE, tags=f'{HOSTILE.replace(",", "")}', summary=HOSTILE),
    })
    url = next(site.url_of(p) for p in site.html_files() if "/bai-viet/" in p.as_posix())
    soup = site.soup(url)
    assert words(soup.find("main").find("h1").get_text()) == '<script>alert(1)</script> & “x”'
    assert soup.title.get_text().startswith('<script>alert(1)</script> & “x”')
    description = soup.find("meta", attrs={"name": "description"})
    assert description["content"].startswith("<script>alert(1)</script> &")
    for path in site.html_files():
        for script in site.soup(site.url_of(path)).find_all("script"):
            assert "alert(1)" not in (script.string or "") or script.get("type") == "application/ld+json"
        for data in site.soup(site.url_of(path)).select('script[type="application/ld+json"]'):
            json.loads(data.string)
    feed = etree.parse(str(site.output / "feeds" / "all.atom.xml")).getroot()
    title = feed.find("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}title").text
    assert words(title) == '<script>alert(1)</script> & “x”'


def test_entities_in_a_title_are_what_they_stand_for(make_site):
    """«KH&amp;CN &quot;Xanh&quot; &#8211; 2026», copied from a web page's
    source, showed as typed on the page, in <title> and the feed; an «&»
    without «;» stays as typed, and a decoded «&lt;script&gt;» is text.
    So in the names: «Ban KH&amp;CN» as author, issuer or signer showed as
    typed, and «Tags: KH&amp;CN, Hội thảo» was split at the entity's «;»
    into the tags «KH&amp» and «CN, Hội thảo»."""
    titled = article("Hội thảo KH&amp;CN &quot;Xanh&quot; &#8211; 2026 &lt;b&gt; R&D", summary="KH&amp;CN", slug="x")
    site = make_site({
        "2024/x.md": titled.replace("Author: Ban thông tin", "Author: Ban KH&amp;CN"),
        "2024/y.md": article("Bài hai", "2023-01-02", slug="y", tags="KH&amp;CN, Hội thảo &lt;b&gt;"),
        "van-ban/2024/kh.md": ("Title: Kế hoạch\nNumber: 1/KH-LHH\nDate: 2024-03-05\nKind: Kế hoạch\n"
                               "Issuer: Sở KH&amp;CN\nSigner: Nguyễn Văn A &#8211; Giám đốc\n\nToàn văn.\n"),
    })
    tags = [a.get_text() for a in site.soup("bai-viet/y/").select('a[rel="tag"]')]
    assert tags == ["KH&CN", "Hội thảo <b>"]
    assert site.soup("bai-viet/x/").select_one('a[rel="author"]').get_text() == "Ban KH&CN"
    facts = {dt.get_text(): dt.find_next("dd").get_text() for dt in site.soup("van-ban/2024/1-kh-lhh/").select("dt")}
    assert (facts["Cơ quan ban hành"], facts["Người ký"]) == ("Sở KH&CN", "Nguyễn Văn A – Giám đốc")
    soup = site.soup("bai-viet/x/")
    assert words(soup.find("main").find("h1").get_text()) == "Hội thảo KH&CN “Xanh” – 2026 <b> R&D"
    assert soup.title.get_text().startswith("Hội thảo KH&CN “Xanh” – 2026 <b> R&D")
    assert soup.find("main").find("h1").find("b") is None
    feed = etree.parse(str(site.output / "feeds" / "all.atom.xml")).getroot()
    assert "&amp;" not in feed.find("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}title").text


@pytest.mark.browser
def test_html_escape_runs_nothing_in_chromium(make_site, page):
    site = make_site({"2024/x.md": article(HOSTILE, summary=HOSTILE)})
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in site.html_files():
        page.goto(path.as_uri())
    assert dialogs == []


# --- vietnamese_nfd ---------------------------------------------------------------
def test_vietnamese_nfd(make_site, tmp_path):
    """NFD input (some Vietnamese keyboards) builds exactly the NFC site."""
    files = {
        "2024/hoi-nghi.md": article("Hội nghị tổng kết năm 2024 của Liên hiệp Hội",
                                   tags="Thái Bình, Đổi mới", summary="Đại hội đại biểu lần thứ nhất."),
        "pages/gioi-thieu.md": "Title: Giới thiệu\nSlug: gioi-thieu\n\nLiên hiệp Hội ở Thái Bình.\n",
    }
    nfc_site = make_site(files)
    nfd_files = {name: unicodedata.normalize("NFD", text) for name, text in files.items()}
    assert nfd_files != files
    content = tmp_path / "nfd"
    write_files(content, nfd_files)
    from tests.support import build_in_process

    nfd_site = build_in_process(content, tmp_path / "nfd-output", MENU=[("Trang chủ", "index")],
                                OLD_URLS={})

    def files(site):
        """Every output file, less what Pagefind names differently in any
        two builds: its bundle, and the lines of _headers that list it."""
        found = {}
        for path in site.output.rglob("*"):
            if path.is_file() and "pagefind" not in path.parts:
                data = path.read_bytes()
                if path.name == "_headers":
                    data = b"\n".join(line for line in data.split(b"\n") if b"/pagefind/" not in line)
                found[path.relative_to(site.output)] = data
        return found

    nfc_out, nfd_out = files(nfc_site), files(nfd_site)
    assert len(nfc_out) > 10 and sorted(nfd_out) == sorted(nfc_out)
    assert [name for name in nfc_out if nfc_out[name] != nfd_out[name]] == []
    assert "Hội nghị tổng kết" in nfc_site.text("bai-viet/hoi-nghi-tong-ket-nam-2024-cua-lien-hiep-hoi/")


# --- errors stop the build ---------------------------------------------------------
def build_cli(tmp_path, files, settings_extra: str = "", *extra: str):
    content = tmp_path / "content"
    write_files(content, files)
    settings = settings_file(tmp_path / "settings.py",
                             extra=f"MENU = [('Trang chủ', 'index')]\nOLD_URLS = {{}}\n{settings_extra}\n")
    # One line a message: rich wraps a longer one with its source column
    # («errors.py:38») inside it, which a worker's longer tmp path caused.
    result = run_pelican(content, tmp_path / "output", settings, {"COLUMNS": "2000"}, *extra)
    return result, words(result.stdout + result.stderr)


@pytest.mark.parametrize("date, problem", [
    ("05/03/2025", "không đúng dạng"),
    ("2020-02-30", "không có thật trên lịch"),
    ("hôm qua", "không đúng dạng"),
])
def test_bad_dates(tmp_path, date, problem):
    result, output = build_cli(tmp_path, {"2025/bai.md": article("Bài", date=date)})
    assert result.returncode != 0
    assert f"2025/bai.md:2: ngày «{date}» {problem}" in output
    assert "YYYY-MM-DD" in output
    # Typed day first, the date is told in the form read (which number is the month).
    assert ("ngày 5 tháng 3 năm 2025 viết là «2025-03-05»" in output) == (date == "05/03/2025")
    assert not (tmp_path / "output" / "bai-viet").exists()


def test_an_error_stops_a_quiet_build_too(tmp_path):
    """``pelican -q`` shows critical messages only: it hid the error, and a
    hidden error stopped nothing (the article dropped, exit 0). A quiet
    build that succeeds stays quiet. (``--quiet`` is argparse's other
    spelling of the same flag: nothing of ours reads it.)"""
    files = {"2025/bai.md": article("Bài", date="hôm qua"), "2025/khac.md": article("Khác")}
    result, output = build_cli(tmp_path, files, "", "-q")
    assert result.returncode != 0
    assert "2025/bai.md:2: ngày «hôm qua» không đúng dạng" in output
    assert "Traceback" not in output
    del files["2025/bai.md"]
    result, output = build_cli(tmp_path / "good", files, "", "-q")
    assert result.returncode == 0 and "VISIT_COUNTER" not in output and "cảnh báo" not in output
    assert (tmp_path / "good" / "output" / "bai-viet" / "khac" / "index.html").is_file()


@pytest.mark.parametrize("missing", ["Title", "Date"])
def test_missing_title_or_date_stops_the_build(tmp_path, missing):
    text = "\n".join(line for line in article("Bài").splitlines() if not line.startswith(missing))
    result, output = build_cli(tmp_path, {"2025/bai.md": text, "2025/khac.md": article("Khác")})
    assert result.returncode != 0
    assert f"2025/bai.md:1: thiếu dòng «{missing}:»" in output


def test_slug_collision(tmp_path):
    result, output = build_cli(tmp_path, {
        "2025/a.md": article("Hội nghị tổng kết"),
        "2025/b.md": article("Hồi nghị tổng kết"),
    })
    assert result.returncode != 0
    assert re.search(r"2025/a\.md và \S*2025/b\.md: trùng địa chỉ «bai-viet/hoi-nghi-tong-ket/»", output)
    assert "Slug:" in output
    assert "There are" not in output  # Pelican's English warnings about the same two files


def test_an_article_copied_with_its_slug_line_is_told_which_file_to_change(tmp_path, monkeypatch):
    """A published article copied to start a new one keeps its «Slug:»
    line: the titles differ, so «tiêu đề giống nhau khi bỏ dấu» was wrong,
    and «thêm dòng Slug:» gave a second Slug line (or changed the published
    article's address). Checker and build name the newer file."""
    from workflow import load_settings
    from workflow.check import Config, check

    files = {
        "2020/hoi-thao-cu.md": article("Hội thảo năm 2020", "2020-11-11", slug="hoi-thao-2020"),
        "2025/hoi-thao-moi.md": article("Hội thảo góp ý dự thảo luật", "2025-06-10", slug="hoi-thao-2020"),
    }
    result, output = build_cli(tmp_path, files)
    output = re.sub(r" [\w.]+\.py:\d+", "", output)  # the log's source column, wrapped into the text
    fix = ("trùng địa chỉ «bai-viet/hoi-thao-2020/»: dòng «Slug:» cho hai tệp cùng một địa chỉ (thường do "
           "chép một bài cũ làm bài mới) — ở tệp {newer}, sửa dòng «Slug:» thành một địa chỉ khác, ví dụ "
           "«Slug: hoi-thao-2020-2», hoặc xoá dòng đó để địa chỉ theo tiêu đề (ở bàn biên tập: ô «Địa chỉ "
           "(Slug)»); giữ nguyên địa chỉ của bài đã đăng")
    assert result.returncode != 0
    newer = re.search(r"\S*content/2025/hoi-thao-moi\.md", output).group()
    older = newer.replace("/2025/hoi-thao-moi.md", "/2020/hoi-thao-cu.md")
    assert f"{older} và {newer}: {fix.format(newer=newer)}" in output, output
    assert "There are" not in output

    monkeypatch.chdir(tmp_path)
    config = Config.from_settings(load_settings(tmp_path / "settings.py", PATH=str(tmp_path / "content")))
    problems = [p.format() for p in check(config)]
    assert problems == [
        f"content/2020/hoi-thao-cu.md:5: {fix.format(newer='content/2025/hoi-thao-moi.md')} "
        "(tệp trùng: content/2025/hoi-thao-moi.md)",
        f"content/2025/hoi-thao-moi.md:5: {fix.format(newer='content/2025/hoi-thao-moi.md')} "
        "(tệp trùng: content/2020/hoi-thao-cu.md)",
    ]


def test_a_page_copied_by_the_desk_names_the_copy_not_the_published_page(tmp_path, monkeypatch):
    """The desk's «Nhân bản» keeps the Slug: line; a page has no date, so the
    path chose «the newer file»: the published gioi-thieu.md, whose address
    the editor then gave to the copy. The file not named after its address
    is the copy."""
    from workflow import load_settings
    from workflow.check import Config, check

    files = {"pages/gioi-thieu.md": "Title: Giới thiệu\nSlug: gioi-thieu\n\nNội dung.\n",
             "pages/ban-sao-gioi-thieu.md": "Title: Giới thiệu (bản sao)\nSlug: gioi-thieu\n\nNội dung.\n"}
    result, output = build_cli(tmp_path, files)
    assert result.returncode != 0
    assert re.search(r"ở tệp \S*content/pages/ban-sao-gioi-thieu\.md, sửa dòng «Slug:»", output), output
    monkeypatch.chdir(tmp_path)
    config = Config.from_settings(load_settings(tmp_path / "settings.py", PATH=str(tmp_path / "content")))
    problems = [p.format() for p in check(config)]
    assert problems and all("ở tệp content/pages/ban-sao-gioi-thieu.md, sửa dòng «Slug:»" in p for p in problems)


@pytest.mark.parametrize("case, headers, settings_extra, named", [
    ("plugin that fails to import", {}, 'PLUGINS = PLUGINS + ["khong_ton_tai"]', "khong_ton_tai"),
    ("template error", {"template": "khong-co"}, "", "khong-co"),
    ("unknown UNION key", {}, 'UNION = {**UNION, "emial": "x@example.org"}', "emial"),
])
def test_error_stops_the_build_naming_it(tmp_path, case, headers, settings_extra, named):
    result, output = build_cli(tmp_path, {"2025/a.md": article("Bài", **headers)}, settings_extra)
    assert result.returncode != 0, case
    assert named in output, case


# --- tone_variant_tags ---------------------------------------------------------------
def test_tone_variant_tags(make_site):
    """`Thái Thuỵ` and `Thái Thụy` are one tag, shown in one spelling."""
    site = make_site({
        "2024/a.md": article("Bài một", tags="Thái Thụy, Hội thảo"),
        "2024/b.md": article("Bài hai", date="2024-01-03", tags="Thái Thuỵ"),
        "2024/c.md": article("Bài ba", date="2024-01-04", tags="thái thụy, hội thảo"),
    }, MENU=[("Trang chủ", "index")])
    tag_pages = sorted(p.parent.name for p in (site.output / "the").glob("*/index.html"))
    assert tag_pages == ["hoi-thao", "thai-thuy"]
    listed = site.soup("the/thai-thuy/").find("main").find_all("a", href=re.compile("/bai-viet/"))
    assert {words(a.get_text()) for a in listed} == {"Bài một", "Bài hai", "Bài ba"}
    spellings = set()
    for path in site.html_files():
        text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
        spellings |= set(re.findall(r"[Tt]hái [Tt]hu[ỵụ]y?", text))
    assert len(spellings) == 1


@pytest.mark.parametrize("names, chosen", [
    (["Hội thảo", "Hoi thao"], "Hội thảo"),  # ASCII sorted first: the tag lost its marks on every page
    (["Hoi thao", "hoi thao", "Hội thảo"], "Hội thảo"),  # however many are typed without marks
    (["Thái Thụy", "Thái Thuỵ", "Thái Thụy"], "Thái Thụy"),  # the one used most
    (["Thái Thuỵ", "Thái Thụy"], "Thái Thuỵ"),  # a tie: Unicode order, never the files' order
    (["KHCN", "khcn", "khcn"], "khcn"),
])
def test_the_spelling_a_tag_is_shown_in(names, chosen):
    from plugins.core.rules import canonical_spellings

    assert set(canonical_spellings(names).values()) == {chosen}
    assert set(canonical_spellings(list(reversed(names))).values()) == {chosen}


# --- pagination -----------------------------------------------------------------------
def test_pagination(sample_site):
    """23 test articles, the album test article and the real one, 10 a
    page: three home pages, linked both ways."""
    def article_links(url):
        main = sample_site.soup(url).find("main")
        return {a["href"] for a in main.find_all("a", href=re.compile(r"/bai-viet/[^/]+/$"))}

    counts = [len(article_links(url)) for url in ("", "trang/2/", "trang/3/")]
    assert counts == [10, 10, 5]
    assert not sample_site.path("trang/4/").exists()
    assert not (article_links("") & article_links("trang/2/"))
    second = sample_site.soup("trang/2/")
    hrefs = {a["href"] for a in second.find_all("a", href=True)}
    assert any(h.rstrip("/").endswith("trang/3") for h in hrefs)
    assert any(h in ("/", "", "http://127.0.0.1:8000/") or h.endswith("/index.html") for h in hrefs)
    category = sample_site.soup("chuyen-muc/tin-hoat-dong-lhh/trang/2/").find("main")
    assert category.find("a", href=re.compile(r"/bai-viet/"))


# (this page, pages) → the numbers the navigation shows, «[5]» the current page.
PAGE_WINDOWS = {
    (1, 1): "[1]",
    (1, 2): "[1] 2",
    (2, 2): "1 [2]",
    (4, 7): "1 2 3 [4] 5 6 7",  # up to seven pages: every one, no «…»
    (7, 7): "1 2 3 4 5 6 [7]",
    (1, 8): "[1] 2 3 4 5 … 8",
    (5, 8): "1 … 4 [5] 6 7 8",
    (1, 146): "[1] 2 3 4 5 … 146",
    (2, 146): "1 [2] 3 4 5 … 146",
    (4, 146): "1 2 3 [4] 5 … 146",
    (5, 146): "1 … 4 [5] 6 … 146",  # a «…» stands for two pages or more
    (7, 146): "1 … 6 [7] 8 … 146",
    (142, 146): "1 … 141 [142] 143 … 146",
    (143, 146): "1 … 142 [143] 144 145 146",
    (145, 146): "1 … 142 143 144 [145] 146",
    (146, 146): "1 … 142 143 144 145 [146]",
}


@pytest.mark.parametrize("here, last", PAGE_WINDOWS)
def test_the_page_window_shows_seven_places_at_most(here, last):
    """Five years of articles are ~150 pages a listing: with only «Trang
    trước/Trang sau» the oldest was 145 taps away. The first, the last, this
    page and one each side, seven places whatever the page (the numbers do
    not shift under a thumb), so that «‹ 1 … 142 143 144 145 146 ›» fits one
    line at 360 px (test_phones)."""
    shown = page_window(here, last)
    assert " ".join("…" if n is None else f"[{n}]" if n == here else str(n) for n in shown) == PAGE_WINDOWS[here, last]
    assert len(shown) <= 7 and here in shown


def nav_items(html: str) -> str:
    """The navigation as a reader sees it on a wide screen, «[5]» the current page."""
    items = BeautifulSoup(html, "html.parser").select(".pagination li:not(.pagination-edge)")
    return " ".join(f"[{item.find(string=True, recursive=False).strip()}]"
                    if "pagination-current" in item.get("class", []) else item.get_text() for item in items)


# SITEURL as the preview (RELATIVE_URLS, two folders down), a GitHub Pages project site, the root.
@pytest.mark.parametrize("siteurl", ["../..", "https://lhh.github.io/ban-tin", ""])
@pytest.mark.parametrize("here, last", [(1, 2), (2, 3), (7, 146), (145, 146), (146, 146)])
def test_pagination_links_each_number_to_its_page(theme_env, render_pagination, here, last, siteurl):
    """Each number links the address Pelican writes its page at, page 1 the
    listing's own (not «trang/1/»), under SITEURL whatever it is; the
    current page is no link, read «Trang 5 trong số 146»; «…» is not read;
    «‹»/«›» keep rel=prev/next and the names «Trang trước/Trang sau»."""
    html = render_pagination(here, last, siteurl)
    shown = " ".join("…" if n is None else f"[{n}]" if n == here else str(n) for n in page_window(here, last))
    arrows = ("‹ Trước " if here > 1 else "") + shown + (" Sau ›" if here < last else "")
    assert nav_items(html) == arrows
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("nav")["aria-label"] == "Phân trang"
    current = soup.select_one('[aria-current="page"]')
    assert current.name == "li" and not current.find("a") and current.get_text() == f"Trang {here} trong số {last}"
    assert all(gap.get("aria-hidden") == "true" and not gap.find("a") for gap in soup.select(".pagination-gap"))
    address = {n: f"{siteurl}/" + ("" if n == 1 else f"trang/{n}/") for n in range(1, last + 1)}
    numbers = soup.select("a.pagination-number")
    assert {int(a.get_text()): a["href"] for a in numbers} == {n: address[n] for n in page_window(here, last)
                                                               if n and n != here}
    assert all(a["aria-label"] == f"Trang {a.get_text()}" for a in numbers)
    # The first page holds «‹»'s place unseen (the last «›»'s): no link, not read.
    edges = [(li.get("aria-hidden"), li.get_text(), li.find("a")) for li in soup.select(".pagination-edge")]
    assert edges == [("true", "‹ Trước", None)] * (here == 1) + [("true", "Sau ›", None)] * (here == last)
    places = soup.select(".pagination li")
    assert ("pagination-edge" in places[0].get("class", []), "pagination-edge" in places[-1].get("class", [])) \
        == (here == 1, here == last)
    rels = {a["rel"][0]: (a["href"], a["aria-label"]) for a in soup.select("a[rel]")}
    assert rels == {**({"prev": (address[here - 1], "Trang trước")} if here > 1 else {}),
                    **({"next": (address[here + 1], "Trang sau")} if here < last else {})}


@pytest.mark.parametrize("url, current", [("", "page"), ("trang/2/", "true"), ("trang/3/", "true")])
def test_the_home_listings_pages_mark_trang_chu_in_the_menu(sample_site, url, current):
    """Page 2 of the home page's listing marked no menu item: the reader
    (and a screen reader) was told no section."""
    marked = [(a.get_text(), a["aria-current"]) for a in sample_site.soup(url).select("nav.menu a[aria-current]")]
    assert marked == [("Trang chủ", current)]


def test_every_listing_numbers_its_own_pages(sample_site):
    """On every paginated listing of the sample site (home, category, tag,
    author, Văn bản), each number links the page that says it
    is that number, and rel=prev/next the pages either side."""
    def navigation(text: str):
        start = text.find('<nav class="pagination"')
        if start < 0:
            return None, None
        nav = BeautifulSoup(text[start:text.index("</nav>", start)], "html.parser")
        return nav, int(nav.select_one('[aria-current="page"]').find(string=True, recursive=False))

    listings = 0
    for path in sorted(sample_site.output.rglob("index.html")):
        nav, here = navigation(path.read_text(encoding="utf-8"))
        if not nav:
            continue
        listings += 1
        links = [(int(a.get_text()), a["href"]) for a in nav.select("a.pagination-number")]
        links += [(here + step, a["href"]) for step, rel in ((-1, "prev"), (1, "next"))
                  for a in nav.select(f'a[rel="{rel}"]')]
        for number, href in links:
            assert "/trang/1/" not in href and navigation(sample_site.text(href.lstrip("/")))[1] == number, (path, href)
    assert listings >= 15  # three home pages, three of a tag, three of an author, two of Văn bản, …


def test_the_archive_and_the_categories_are_reached_from_every_page(site):
    """A crawl from the home page never reached luu-tru/ or chuyen-muc/
    (only the 404 page linked them): a reader looking for last year's
    articles had only the search, which needs JavaScript. Every page's
    footer links both."""
    pages = site.html_files()
    assert len(pages) > 10
    for path in pages:
        links = {a["href"].rstrip("/").rsplit("/", 1)[-1]: words(a.get_text())
                 for a in BeautifulSoup(path.read_text(encoding="utf-8"), "lxml").select("footer a")}
        assert links.get("luu-tru") == "Lưu trữ bài viết", path
        assert links.get("chuyen-muc") == "Các chuyên mục", path
    assert site.path("luu-tru/").is_file() and site.path("chuyen-muc/").is_file()


def test_tags_typed_with_a_chinese_comma_are_separate_tags(tmp_path, monkeypatch):
    """A keyboard left on a Chinese or Japanese input method types «，»,
    «、» or «；»: «Hội nghị，Khoa học» was one tag, «hoi-nghikhoa-hoc»,
    and the checker said nothing."""
    from workflow import load_settings
    from workflow.check import Config, check

    files = {"2025/bai.md": article("Bài có thẻ", "2025-03-05", tags="Hội nghị，Khoa học、Kỹ thuật")}
    result, output = build_cli(tmp_path, files)
    assert result.returncode == 0, output
    tags = sorted(path.name for path in (tmp_path / "output" / "the").iterdir() if path.is_dir())
    assert tags == ["hoi-nghi", "khoa-hoc", "ky-thuat"]
    monkeypatch.chdir(tmp_path)
    config = Config.from_settings(load_settings(tmp_path / "settings.py", PATH=str(tmp_path / "content")))
    assert check(config) == []


def test_a_footnote_speaks_vietnamese(tmp_path):
    """Every footnote (typed, or a Word report's) said «Jump back to
    footnote 1 in the text» to a screen reader, on a page in Vietnamese."""
    files = {"2025/bai.md": article("Bài có chú thích", "2025-03-05", body="Câu có chú thích[^1].\n\n[^1]: Ghi chú.")}
    result, output = build_cli(tmp_path, files)
    assert result.returncode == 0, output
    page = BeautifulSoup((tmp_path / "output" / "bai-viet" / "bai-co-chu-thich" / "index.html").read_text(encoding="utf-8"), "lxml")
    back = page.select_one("div.footnote a.footnote-backref")
    assert back["title"] == "Quay lại chỗ dẫn chú thích 1 trong bài"
    assert "Jump" not in str(page)


@pytest.mark.parametrize("siteurl", ["vustathaibinh.org.vn", "https://example.org/ban tin", "//example.org"])
def test_a_siteurl_without_its_scheme_stops_the_build(tmp_path, siteurl):
    """«vustathaibinh.org.vn» made every link relative: the site published
    without its stylesheet, exit 0 (the workflow exports SITEURL from a
    repository variable unchecked)."""
    result, output = build_cli(tmp_path, {"2025/bai.md": article("Bài", "2025-03-05")},
                               f"SITEURL = {siteurl!r}")
    assert result.returncode != 0
    assert f"SITEURL «{siteurl}» không phải địa chỉ http(s) đầy đủ" in output
    assert "Traceback" not in output and not (tmp_path / "output" / "index.html").exists()


def test_a_siteurl_ending_with_a_file_name_stops_the_build(tmp_path):
    """«https://host/bantin/index.html» was taken: every address became
    «…/index.html/bai-viet/…», canonical links included."""
    result, output = build_cli(tmp_path, {"2025/bai.md": article("Bài", "2025-03-05")},
                               "SITEURL = 'https://lienhiephoi.example.vn/bantin/index.html'")
    assert result.returncode != 0
    assert ("SITEURL «https://lienhiephoi.example.vn/bantin/index.html» kết thúc bằng tên tệp «index.html»: mọi "
            "địa chỉ sẽ thành «https://lienhiephoi.example.vn/bantin/index.html/bai-viet/…» — bỏ tên tệp, viết "
            "«https://lienhiephoi.example.vn/bantin»") in output


@pytest.mark.parametrize("siteurl, warned", [
    ("http://lienhiephoi.example.vn/bantin", True),
    ("https://lienhiephoi.example.vn/bantin", False),
    ("http://127.0.0.1:8000", False),  # serve-production: a preview on this machine
])
def test_a_public_siteurl_without_https_is_warned_of(tmp_path, siteurl, warned):
    """Served over https, a site built for «http://…» had its stylesheet,
    scripts and photos blocked as mixed content: a page without its look."""
    result, output = build_cli(tmp_path, {"2025/bai.md": article("Bài", "2025-03-05")}, f"SITEURL = {siteurl!r}")
    assert result.returncode == 0, output
    assert (f"SITEURL «{siteurl}» dùng http://: nếu trang được mở bằng https://, trình duyệt chặn CSS" in output) is warned


def test_an_output_folder_holding_the_sources_is_refused(tmp_path):
    """«pelican content -s publishconf.py -o .» renamed the theme's own CSS
    and JS (the end pass hashes what it finds under output/theme)."""
    write_files(tmp_path / "content", {"2025/bai.md": article("Bài", "2025-03-05")})
    settings = settings_file(tmp_path / "settings.py", extra="MENU = [('Trang chủ', 'index')]\nOLD_URLS = {}\n")
    result = run_pelican(tmp_path / "content", tmp_path, settings)
    output = words(result.stdout + result.stderr)
    assert result.returncode != 0
    assert "chứa PATH" in output and "-o output" in output, output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "settings.py"]


@pytest.mark.parametrize("name, meant", [
    ("SITE_URL", "SITEURL"), ("VISIT_COUNTR", "VISIT_COUNTER"), ("DEFAULT_PAGINATON", "DEFAULT_PAGINATION"),
    ("UNOIN", "UNION"), ("TIMEZONES", "TIMEZONE"), ("CATEGORIE", "CATEGORIES"), ("DOCUMENT_SAVEAS", "DOCUMENT_SAVE_AS"),
    # a maintainer's own names for a template, far from every known one
    ("FOOTER_NOTE", None), ("SITETITLE", None), ("ROBOTS", None), ("GITHUB_URL", None), ("ROOT", None),
])
def test_a_misspelled_setting_is_named_with_the_one_meant(name, meant):
    """Pelican ignores a name it does not know: «SITE_URL» in
    publishconf.py left the development address in force, without a word."""
    from pelican.settings import read_settings

    from plugins.bulletin import misspelled_settings

    settings = read_settings(str(ROOT / "publishconf.py"))
    assert misspelled_settings(settings) == []  # the project's own files: every name known
    assert misspelled_settings({**settings, name: 1}) == ([(name, meant)] if meant else [])


def test_a_misspelled_setting_stops_the_build_and_says_where(tmp_path):
    from plugins.bulletin import settings_line

    result, output = build_cli(tmp_path, {"2025/bai.md": article("Bài", "2025-03-05")},
                               "SITE_URL = 'https://example.org'\nFOOTER_NOTE = 'x'")
    assert result.returncode != 0
    assert "không có cấu hình tên «SITE_URL» — có phải «SITEURL»?" in output and "sửa tên thành SITEURL" in output
    assert "FOOTER_NOTE" not in output and "Traceback" not in output
    assert not (tmp_path / "output" / "index.html").exists()
    line = next(n for n, text in enumerate((ROOT / "publishconf.py").read_text().splitlines(), 1)
                if text.startswith("SITEURL"))
    assert settings_line("SITEURL") == f"publishconf.py:{line}"


@pytest.mark.parametrize("change, says", [
    # Pelican's own themes' settings: set, they did nothing (an external
    # menu link appeared nowhere, exit 0).
    ({"MENUITEMS": (("Cổng thông tin tỉnh", "https://thaibinh.gov.vn"),)}, "giao diện của bản tin không đọc MENUITEMS"),
    ({"LINKS": (("Cổng thông tin tỉnh", "https://thaibinh.gov.vn"),)}, "không đọc LINKS"),
    ({"MENU": [("Cổng", "https://thai binh.gov.vn")]}, "MENU: địa chỉ «https://thai binh.gov.vn» của «Cổng» không đúng"),
    ({"MENU": [("Cổng", "https://localhost")]}, "MENU: địa chỉ «https://localhost» của «Cổng» không đúng dạng"),
    ({"MENU": [("Cổng", "www.thaibinh.gov.vn")]}, "đích «www.thaibinh.gov.vn» của «Cổng» không hợp lệ"),
    # Two spellings of one category made one page under two names.
    ({"CATEGORIES": ["Hoạt động tư vấn", "Hoạt động Tư vấn"]},
     "CATEGORIES: «Hoạt động tư vấn» và «Hoạt động Tư vấn» là một chuyên mục"),
    ({"CATEGORIES": ["Tin hoạt động LHH", "Hội thành viên", "Tin hoạt động LHH"]}, "«Tin hoạt động LHH» có hai lần"),
    ({"MENU": [("Tư vấn", "category:Tin hoat dong LHH")]}, "có phải «Tin hoạt động LHH»? Sửa mục này của MENU"),
    # {"index": 20} took paging from tag, category and author pages: an
    # English «'articles_page' is undefined»; these did nothing.
    ({"PAGINATED_TEMPLATES": {"home": 20}}, "PAGINATED_TEMPLATES: không có trang «home» — các tên: albums,"),
    ({"PAGINATED_TEMPLATES": {"index": "20"}}, "PAGINATED_TEMPLATES['index'] phải là số bài một trang"),
    ({"PAGINATED_TEMPLATES": [("index", 20)]}, "PAGINATED_TEMPLATES phải là một dict"),
])
def test_a_settings_change_done_wrong_stops_the_build_and_the_check_saying_what_to_write(change, says):
    """Found by a pass as a new maintainer doing the union's change
    requests. The build (when Pelican starts) and ``invoke check`` (exit 2)
    refuse alike, naming the settings file's line."""
    from plugins.bulletin import SettingsError, validate_settings
    from workflow import WorkflowError, load_settings
    from workflow.check import Config

    settings = load_settings(ROOT / "pelicanconf.py")
    validate_settings(dict(settings))  # the project's own settings pass
    with pytest.raises(SettingsError) as built:
        validate_settings({**settings, **change})
    with pytest.raises(WorkflowError) as checked:
        Config.from_settings({**settings, **change})
    assert says in str(built.value) and str(checked.value) == str(built.value)
    # Its line where the project's files set it (these add a name: the files')
    assert re.match(r"(pelicanconf|publishconf)\.py(:\d+| hoặc publishconf\.py): ", str(built.value)), built.value


def test_the_home_page_alone_lists_more_and_a_menu_item_leads_to_another_site(make_site):
    """The union's change requests as a maintainer writes them: 20 articles
    on the home page (PAGINATED_TEMPLATES = {"index": 20}; the other
    listings keep DEFAULT_PAGINATION) and the province's portal in the
    menu (it was refused; MENUITEMS, tried next, showed nothing). The
    archive's months and years paginated too where asked: each of their
    pages was the whole list again, without numbers to reach it."""
    files = {f"2025/bai-{n}.md": article(f"Bài số {n}", f"2025-03-{n + 1:02}", tags="Hội thảo") for n in range(5)}
    site = make_site(files, PAGINATED_TEMPLATES={"index": 3, "period_archives": None}, DEFAULT_PAGINATION=2,
                     MENU=[("Trang chủ", "index"), ("Cổng thông tin tỉnh", "https://thaibinh.gov.vn/")])
    home = site.soup("")
    assert len(home.select("main article")) == 3
    assert home.select_one(".pagination-current").get_text() == "Trang 1 trong số 2"
    assert site.soup("the/hoi-thao/").select_one(".pagination-current").get_text() == "Trang 1 trong số 3"
    for month in ("luu-tru/2025/03/", "luu-tru/2025/"):
        listed = [[a.get_text() for a in site.soup(url).select(".archive-list a")]
                  for url in (month, f"{month}trang/2/", f"{month}trang/3/")]
        assert listed == [["Bài số 4", "Bài số 3"], ["Bài số 2", "Bài số 1"], ["Bài số 0"]]
        assert site.soup(f"{month}trang/3/").select_one(".pagination-current").get_text() == "Trang 3 trong số 3"
    portal = home.select_one("nav.menu").find("a", string="Cổng thông tin tỉnh")
    assert portal["href"] == "https://thaibinh.gov.vn/" and not portal.get("aria-current")


def test_a_menu_item_without_a_label_is_refused(tmp_path):
    result, output = build_cli(tmp_path, {"2025/bai.md": article("Bài", "2025-03-05")},
                               "MENU = [('Trang chủ', 'index'), ('  ', 'index')]")
    assert result.returncode != 0
    assert "MENU: mục dẫn tới «index» chưa có nhãn" in output


@pytest.mark.parametrize("setting, says", [
    ('IMPORT_DOCX = {"inbox": 5}', "IMPORT_DOCX['inbox']"),
    ('SUMMARY_MAX_CHARS = "300"', "SUMMARY_MAX_CHARS (số ký tự tối đa của dòng «Summary:») phải là một số "
                                  "nguyên dương, không phải '300'"),
    ('TIMEZONE = "Asia/Hanoi"', "TIMEZONE «Asia/Hanoi» không phải tên múi giờ — ở Việt Nam viết «Asia/Ho_Chi_Minh»"),
    # A valid name for UTC−7 (the sign reversed): every date 14 hours off, with exit 0.
    ('TIMEZONE = "Etc/GMT+7"', "TIMEZONE «Etc/GMT+7» là giờ UTC−7: tên «Etc/GMT…» viết dấu ngược"),
    # Left out (or None): Pelican assumed UTC, then plugins.seo's KeyError traceback.
    ("del TIMEZONE", 'chưa đặt TIMEZONE nên mọi ngày giờ bị coi là giờ UTC (bài hẹn giờ hiện muộn 7 tiếng) — thêm '
                     'dòng TIMEZONE = "Asia/Ho_Chi_Minh" vào pelicanconf.py'),
    # Found renaming the union (a pass after the 2025 merger of provinces):
    # each was published with exit 0.
    ('SITENAME = ""', "SITENAME (tên bản tin, ở đầu mọi trang và trong tiêu đề thẻ trình duyệt) không được để trống"),
    ("del SITENAME", "chưa đặt SITENAME nên mọi trang mang tên mặc định của Pelican «A Pelican Blog»"),
    ('UNION = {**UNION, "phone": "0221.3.999.888 (máy lẻ 12)"}',
     "UNION['phone'] «0221.3.999.888 (máy lẻ 12)» không phải một số điện thoại: trang viết nó thành liên kết"),
    ('UNION = {**UNION, "phone": "0221.3.999.888 - 0912.345.678"}',
     "UNION['phone'] «0221.3.999.888 - 0912.345.678» không phải một số điện thoại — có vẻ là hai số"),
    ('UNION = {**UNION, "phone": "O221.3.999.888"}', "UNION['phone'] «O221.3.999.888» không phải một số"),
    ('UNION = {**UNION, "email": "lienhiephoi.hungyen.example.vn"}',
     "UNION['email'] «lienhiephoi.hungyen.example.vn» không phải một địa chỉ thư điện tử (dạng «ten@mien.vn»)"),
    ('UNION = {**UNION, "email": "mailto:lhh@example.vn"}',
     "UNION['email'] «mailto:lhh@example.vn»: bỏ «mailto:» ở đầu, chỉ viết địa chỉ thư, ví dụ «lhh@example.vn»"),
])
def test_a_settings_mistake_is_named_once_not_blamed_on_every_article(tmp_path, setting, says):
    """It was «Không đọc được 2025/a.md (WorkflowError: …)» once for every
    article, with «chạy invoke check để tìm chỗ sai trong tệp»."""
    files = {f"2025/bai-{n}.md": article(f"Bài số {n}", "2025-03-05") for n in range(3)}
    result, output = build_cli(tmp_path, files, setting)
    assert result.returncode != 0
    assert output.count(says) == 1, output
    assert "Không đọc được" not in output and "Traceback" not in output


def theme_colours() -> dict[str, str]:
    """style.css's ``--blue`` and ``--red``, lower-case ``#rrggbb``."""
    css = (ROOT / "theme" / "static" / "css" / "style.css").read_text(encoding="utf-8")
    return {name: re.search(rf"--{name}:\s*(#[0-9a-fA-F]{{6}})", css).group(1).lower() for name in ("blue", "red")}


def rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


# Where each theme colour is written again, and the colour it must be.
COLOUR_PLACES = [
    ("theme/templates/seo.html", r'name="theme-color" content="(#[0-9a-fA-F]{6})"', "blue"),
    ("theme/templates/manifest.webmanifest", r'"theme_color": "(#[0-9a-fA-F]{6})"', "blue"),
    ("theme/static/img/favicon.svg", r'<rect width="64" height="64" rx="10" fill="(#[0-9a-fA-F]{6})"', "blue"),
    ("theme/static/img/favicon.svg", r'<rect y="52" width="64" height="6" fill="(#[0-9a-fA-F]{6})"', "red"),
    ("theme/static/img/logo.svg", r'<path d="[^"]*" fill="(#[0-9a-fA-F]{6})"', "blue"),  # the header's logo
    ("theme/static/img/logo.svg", r'stroke="(#[0-9a-fA-F]{6})"', "red"),
    ("tools/make_icons.py", r'BLUE, RED, WHITE = "(#[0-9a-fA-F]{6})"', "blue"),
    ("tools/make_icons.py", r'BLUE, RED, WHITE = "#[0-9a-fA-F]{6}", "(#[0-9a-fA-F]{6})"', "red"),
    # Shades of the blue in style.css: its hue, darker (white on them) or nearly white (on the blue).
    ("theme/static/css/style.css", r"--blue-dark:\s*(#[0-9a-fA-F]{6})", "blue, darker"),
    ("theme/static/css/style.css", r"\.brand-site \{[^}]*color: (#[0-9a-fA-F]{6})", "blue, light"),
    ("theme/static/css/style.css", r"\.tags a \{[^}]*background: (#[0-9a-fA-F]{6})", "blue, light"),
    ("theme/static/css/style.css", r"--link:\s*(var\(--blue\)|#[0-9a-fA-F]{6})", "blue"),
]


def shade_of(colour: str, blue: str, kind: str) -> bool:
    """``colour`` has ``blue``'s hue (within 12°), darker or much lighter."""
    import colorsys

    hue, lightness, _ = colorsys.rgb_to_hls(*(c / 255 for c in rgb(colour)))
    blue_hue, blue_lightness, _ = colorsys.rgb_to_hls(*(c / 255 for c in rgb(blue)))
    near = min(abs(hue - blue_hue), 1 - abs(hue - blue_hue)) * 360 <= 12
    return near and (lightness < blue_lightness if kind == "blue, darker" else lightness > 0.85)


def test_the_theme_colours_are_one_colour_everywhere():
    """The header's blue and the accent red (``--blue``, ``--red`` in
    style.css) are also the browser's bar (seo.html's theme-color), the
    installed app's (the web manifest), the favicon's, the header logo's
    and the PNG icons' (tools/make_icons.py), and the menu bar, footer,
    buttons and links are shades of the blue: a maintainer who changed
    ``--blue`` to green left the menu, footer and links blue, and the red
    anywhere but style.css was never compared. This names each place."""
    colours = theme_colours()
    wrong = []
    for place, pattern, wanted in COLOUR_PLACES:
        found = re.search(pattern, (ROOT / place).read_text(encoding="utf-8")).group(1).lower()
        if found == "var(--blue)":
            continue
        if "," in wanted:
            if not shade_of(found, colours["blue"], wanted):
                wrong.append(f"{place}: {found} is not a shade of --blue {colours['blue']} ({wanted})")
        elif found != colours[wanted]:
            wrong.append(f"{place}: {found}, not --{wanted} {colours[wanted]}")
    assert not wrong, "give these style.css's colours (README \"Changing the colours\"):\n" + "\n".join(wrong)


def icon_images():
    """(name, image) for each committed icon, each size of favicon.ico."""
    from PIL import Image

    for path in [*sorted((ROOT / "theme" / "static" / "icons").glob("*.png")), ROOT / "content" / "extra" / "favicon.ico"]:
        image = Image.open(path)
        for size in sorted(image.info.get("sizes", ())) or [image.size]:
            if path.suffix == ".ico":
                image.size = size
            yield f"{path.relative_to(ROOT)} ({size[0]}×{size[1]})", image.convert("RGBA")


def test_the_icons_are_drawn_in_the_theme_colours():
    """The PNG icons and favicon.ico are drawn by ``python -m
    tools.make_icons``: after a colour change without it, they kept the old
    blue and red while every test passed. Each is mostly ``--blue`` with a
    ``--red`` base line (nearly red in the ICO's small, resampled sizes)."""
    from collections import Counter

    colours = {name: rgb(value) for name, value in theme_colours().items()}
    stale = []
    for name, image in icon_images():
        counts = Counter(pixel[:3] for pixel in image.get_flattened_data() if pixel[3] == 255)
        dominant = counts.most_common(1)[0][0]
        reddest = min(counts, key=lambda pixel: max(abs(a - b) for a, b in zip(pixel, colours["red"])))
        if dominant != colours["blue"] or max(abs(a - b) for a, b in zip(reddest, colours["red"])) > 48:
            stale.append(f"{name}: mostly {dominant}, reddest {reddest}")
    assert not stale, (f"icons not in --blue {colours['blue']} / --red {colours['red']}: run `python -m "
                       "tools.make_icons` and commit them (then copy content/extra/favicon.ico to tests/content/"
                       "extra/):\n" + "\n".join(stale))


def test_the_tests_favicon_is_the_sites():
    """tests/content/ is content/ as shipped: its favicon.ico stayed the old
    drawing after ``make_icons`` wrote a new content/extra/favicon.ico."""
    shipped = (ROOT / "content" / "extra" / "favicon.ico").read_bytes()
    assert (ROOT / "tests" / "content" / "extra" / "favicon.ico").read_bytes() == shipped, (
        "copy content/extra/favicon.ico to tests/content/extra/favicon.ico")


def test_files_no_editor_meant_to_publish_are_not_published(tmp_path):
    """The desk's «Thư mục mới» commits a .gitkeep, a Mac copies .DS_Store
    and ._anh.jpg, Word leaves ~$owner files: all were published (Pelican's
    default IGNORE_FILES "**/.*" never matches a file's name)."""
    junk = [".gitkeep", ".DS_Store", "._anh.png", "~$o-cao.docx", "Thumbs.db", "desktop.ini"]
    files = {"2025/bai.md": article("Bài", "2025-03-05"),
             **{f"images/hoi-nghi-2026/{name}": b"x" for name in junk}}
    result, output = build_cli(tmp_path, files)
    assert result.returncode == 0, output
    published = [p.name for p in (tmp_path / "output").rglob("*") if p.is_file()]
    assert not set(junk) & set(published), published


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full: a disk that is always full")
def test_a_full_disk_is_said_in_vietnamese_not_as_a_python_error(tmp_path):
    """The disk filled during a build: «CRITICAL Error: [('…/sveltia-cms.js',
    '…', "[Errno 28] No space left on device…"), …]» over dozens of lines, or
    «OSError: [Errno 28]…» and a traceback, was all the IT person read. The
    home page is written into /dev/full (every write: ENOSPC)."""
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").symlink_to("/dev/full")
    result, said = build_cli(tmp_path, {"2025/bai.md": article("Bài", "2025-03-05")})
    assert result.returncode != 0
    assert "Hết chỗ trống trên ổ đĩa, không ghi được một trang: giải phóng chỗ" in said, said
    assert "Errno" not in said and "Traceback" not in said


@pytest.mark.skipif(not os.path.exists("/sys/kernel/notes"), reason="not Linux")
@pytest.mark.parametrize("make_error, says", [
    ("copytree", "Hết chỗ trống trên ổ đĩa, không ghi được «{tmp}/dst/a.js»: giải phóng chỗ"),
    ("read_only", "Không ghi được «/sys/kernel/notes»: ổ đĩa hoặc thư mục chỉ đọc, hoặc không có quyền ghi — cho "
                  "phép ghi (chmod -R u+w /sys/kernel) hoặc dựng vào thư mục khác"),
    ("read_only, another user's", "Không ghi được «/sys/kernel/notes»: ổ đĩa hoặc thư mục chỉ đọc, hoặc không có "
                                  "quyền ghi — thư mục thuộc người dùng «root» (có lẽ do một lệnh chạy bằng sudo): lấy "
                                  "lại quyền (sudo chown -R $(whoami) /sys/kernel)"),
    ("other", None),
])
def test_the_disk_errors_said_in_vietnamese(tmp_path, monkeypatch, make_error, says):
    """Errors made by the operations that raise them (copytree is how the
    desk's files reach the output); any other error is left as it is. A
    folder one cannot write is named (the advice said «chmod -R u+w
    THƯ_MỤC», typed as it was), given back with sudo chown when it is
    another user's (cache/ left to root by one «sudo make serve»)."""
    import shutil

    from plugins.core.errors import disk_problem

    try:
        if make_error == "copytree":
            (tmp_path / "src").mkdir()
            (tmp_path / "src" / "a.js").write_text("x" * 10_000)
            (tmp_path / "dst").mkdir()
            (tmp_path / "dst" / "a.js").symlink_to("/dev/full")
            shutil.copytree(tmp_path / "src", tmp_path / "dst", dirs_exist_ok=True)
        elif make_error.startswith("read_only"):
            with open("/sys/kernel/notes", "w") as notes:  # EACCES, or EROFS in a container
                notes.write("x")
        else:
            int("x")
    except Exception as error:  # noqa: BLE001 - the error is what is tested
        caught = error
    if make_error == "read_only, another user's":
        monkeypatch.setattr(os, "geteuid", lambda: os.stat("/sys/kernel").st_uid + 1000)
    if says is None:
        assert disk_problem(caught) is None
    else:
        assert disk_problem(caught).startswith(says.format(tmp=tmp_path)), disk_problem(caught)


def test_two_answers_with_footnotes_keep_their_own(make_site):
    """The Hỏi & đáp items share one page: two answers' «fn:1» were one id
    twice (invalid HTML), and the second answer's «1» led to the first
    answer's note, whose «↩» led back to the first answer."""
    question = "Title: {title}\nDate: 2025-03-0{day}\n\n{body}[^1].\n\n[^1]: {note}\n"
    site = make_site({
        "pages/hoi-dap.md": "Title: Hỏi & đáp\nSlug: hoi-dap\nTemplate: faq\n\n",
        "hoi-dap/cau-hoi-a.md": question.format(title="Hỏi một", day=5, body="Trả lời một", note="Ghi chú một."),
        "hoi-dap/cau-hoi-b.md": question.format(title="Hỏi hai", day=6, body="Trả lời hai", note="Ghi chú hai."),
    })
    soup = site.soup("hoi-dap/")
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids)), ids
    faq = soup.select_one("div.faq")  # the answers, not the page's structured data
    for answer, note in (("Trả lời một", "Ghi chú một."), ("Trả lời hai", "Ghi chú hai.")):
        ref = faq.find(string=re.compile(answer)).find_next("a", class_="footnote-ref")
        target = soup.find(id=ref["href"][1:])
        assert target.get_text(" ", strip=True).startswith(note), (answer, target)
        back = soup.find(id=target.find("a", class_="footnote-backref")["href"][1:])
        assert back.find_previous(string=re.compile("Trả lời")) == faq.find(string=re.compile(answer))


def test_questions_alike_keep_ids_of_their_own_and_a_link_to_one_lands_on_it(make_site):
    """Found by a pass over Hỏi & đáp: two questions titled alike were one
    id twice (the older unreachable); «Làm sao để tham gia Liên hiệp?»'s
    heading id («…-lien-hiep-hoi») was the section id of «… Liên hiệp
    Hội?»; 2024/cau-hoi-1.md and 2025/cau-hoi-1.md had one footnote id; and
    a {filename} link to a question was published as «{filename}/…» (an
    English warning the only word)."""
    question = "Title: {title}\nDate: 2025-03-{day:02d}\n\n{body}\n"
    site = make_site({
        "pages/hoi-dap.md": "Title: Hỏi & đáp\nSlug: hoi-dap\nTemplate: faq\n\n",
        "hoi-dap/trung-1.md": question.format(title="Liên hiệp Hội ở đâu?", day=1, body="Ở số 9."),
        "hoi-dap/trung-2.md": question.format(title="Liên hiệp Hội ở đâu?", day=2, body="Vẫn ở số 9."),
        "hoi-dap/a.md": question.format(title="Làm sao để tham gia Liên hiệp?", day=3, body="Nộp đơn."),
        "hoi-dap/b.md": question.format(title="Làm sao để tham gia Liên hiệp Hội?", day=4, body="Nộp hồ sơ."),
        "hoi-dap/2024/cau-hoi-1.md": question.format(title="Năm 2024?", day=5, body="Có[^1].\n\n[^1]: Báo cáo 2024."),
        "hoi-dap/2025/cau-hoi-1.md": question.format(title="Năm 2025?", day=6, body="Có[^1].\n\n[^1]: Báo cáo 2025."),
        "2025/bai.md": article("Bài", "2025-03-07", body="Xem [câu trả lời]({filename}/hoi-dap/trung-1.md)."),
    })
    soup = site.soup("hoi-dap/")
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids)), sorted(ids)
    sections = soup.select("article.faq-item")
    assert len(sections) == 6
    for section in sections:  # each heading id names its own question
        assert soup.find(id=section["aria-labelledby"]).find_parent("article") is section
    # Not a landmark each: a screen reader's list of regions had one per question.
    assert soup.select("main section[aria-labelledby], main section[aria-label]") == []
    ref = soup.find(string=re.compile("Có")).find_next("a", class_="footnote-ref")  # the newest: 2025's
    assert soup.find(id=ref["href"][1:]).get_text(" ", strip=True).startswith("Báo cáo 2025.")
    link = site.soup("bai-viet/bai/").find("a", string="câu trả lời")
    assert link["href"].endswith("/hoi-dap/#lien-hiep-hoi-o-dau")
    assert soup.find(id="lien-hiep-hoi-o-dau").find(string=re.compile(r"^Ở số\s9"))  # the older one, linked


def test_question_anchors_are_unique_on_the_page_and_old_ones_still_land(make_site):
    """Found by a pass over Hỏi & đáp: two «Mức phí hội viên?» and a «Mức
    phí hội viên 2?» were «muc-phi-hoi-vien-2» twice (a shared link opened
    the wrong question); «Nội dung?» took «noi-dung», the skip link's
    target; and «Old_slug:» on a question was accepted and did nothing."""
    question = "Title: {title}\nDate: 2025-03-{day:02d}\n{extra}\n{body}\n"
    site = make_site({
        "pages/hoi-dap.md": "Title: Hỏi & đáp\nSlug: hoi-dap\nTemplate: faq\n\n",
        "hoi-dap/phi-1.md": question.format(title="Mức phí hội viên?", day=1, extra="", body="Phí một."),
        "hoi-dap/phi-hai.md": question.format(title="Mức phí hội viên 2?", day=2, extra="", body="Phí hai."),
        "hoi-dap/phi-3.md": question.format(title="Mức phí hội viên?", day=3, extra="", body="Phí ba."),
        "hoi-dap/noi-dung.md": question.format(title="Nội dung?", day=4, extra="", body="Nội dung hội thi."),
        "hoi-dap/doi.md": question.format(title="Trụ sở mới ở đâu?", day=5,
                                          extra="Slug: tru-so-moi\nOld_slug: tru-so-cu, muc-phi-hoi-vien\n",
                                          body="Ở Hưng Yên."),
    })
    soup = site.soup("hoi-dap/")
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids)), sorted(ids)
    def answer(anchor):
        return soup.find(id=anchor).find_next(class_="faq-answer").get_text(" ", strip=True).replace("\xa0", " ")
    assert answer("muc-phi-hoi-vien") == "Phí một."     # the oldest keeps the plain anchor
    assert answer("muc-phi-hoi-vien-2") == "Phí hai."   # its own slug, whatever its date
    assert answer("muc-phi-hoi-vien-3") == "Phí ba."
    assert soup.select_one("main#noi-dung, #noi-dung").name != "article"  # the skip link's target stays
    assert answer("noi-dung-2") == "Nội dung hội thi."
    # Old_slug: the earlier anchor still lands on the question (another's current one is not taken).
    assert answer("tru-so-cu") == answer("tru-so-moi") == "Ở Hưng Yên."
    assert soup.find(id="tru-so-cu").find_next("article")["id"] == "tru-so-moi"


def test_a_questions_old_slug_keeps_its_old_anchor(make_site):
    """«Old_slug:» on a question (the desk writes it when a Slug changes)
    was accepted and did nothing: a link shared before opened the page's top."""
    site = make_site({
        "pages/hoi-dap.md": "Title: Hỏi & đáp\nSlug: hoi-dap\nTemplate: faq\n\n",
        "hoi-dap/khac.md": "Title: Câu khác?\nSlug: cau-khac\nDate: 2025-03-01\n\nKhác.\n",
        "hoi-dap/doi.md": "Title: Trụ sở mới ở đâu?\nSlug: tru-so-moi\nOld_slug: tru-so-cu\nDate: 2025-03-02\n\n"
                          "Ở Hưng Yên.\n",
    })
    soup = site.soup("hoi-dap/")
    old = soup.find(id="tru-so-cu")
    assert old is not None and old.get_text() == ""
    assert old.find_next("article")["id"] == "tru-so-moi"


@pytest.mark.parametrize("write_drafts", [False, True], ids=["production", "preview"])
def test_a_link_to_a_hidden_question_is_refused_as_to_a_draft(make_site, write_drafts):
    """A hidden question is not on the page: the link passed the check and
    the build and led to an anchor no element had."""
    from plugins.core.errors import ContentError

    with pytest.raises((RuntimeError, ContentError)):
        make_site({
            "pages/hoi-dap.md": "Title: Hỏi & đáp\nSlug: hoi-dap\nTemplate: faq\n\n",
            "hoi-dap/an.md": "Title: Câu hỏi ẩn?\nSlug: an\nDate: 2025-03-01\nStatus: hidden\n\nẨn.\n",
            "2025/bai.md": article("Bài", "2025-03-07", body="Xem [câu hỏi]({filename}/hoi-dap/an.md)."),
        }, WRITE_DRAFTS=write_drafts)


def test_a_link_to_a_draft_question_is_refused_as_to_a_draft(make_site):
    from plugins.core.errors import ContentError

    with pytest.raises((RuntimeError, ContentError)):
        make_site({
            "pages/hoi-dap.md": "Title: Hỏi & đáp\nSlug: hoi-dap\nTemplate: faq\n\n",
            "hoi-dap/nhap.md": "Title: Câu hỏi nháp?\nDate: 2025-03-01\nStatus: draft\n\nĐang viết.\n",
            "2025/bai.md": article("Bài", "2025-03-07", body="Xem [câu hỏi]({filename}/hoi-dap/nhap.md)."),
        }, WRITE_DRAFTS=False)  # production


def test_an_item_in_another_language_keeps_its_kinds_address_and_says_its_language(make_site):
    """«Lang: en» (an abstract for partners): Pelican wrote the article at
    the root as «…-en.html» (listings, sitemap and feed linked there) with
    the page saying lang="vi", and a document stopped the build with
    «KeyError: 'DOCUMENT_LANG_SAVE_AS'» and a traceback."""
    site = make_site({
        "2025/en.md": article("Thai Binh union's 2025 report", "2025-03-05", body="The union held 12 workshops.",
                              lang="en"),
        "van-ban/2025/1.md": "Title: Cooperation plan\nNumber: 1/KH-LHH\nDate: 2025-03-05\nKind: Kế hoạch\n"
                             "Lang: en\n\nText.\n",
    })
    for url in ("bai-viet/thai-binh-unions-2025-report/", "van-ban/2025/1-kh-lhh/"):
        page = site.soup(url)
        assert page.html["lang"] == "vi" and page.find("h1")["lang"] == "en", url
        assert page.find("meta", property="og:locale")["content"] == "en_US"
    assert not list(site.output.glob("*-en.html"))
    assert site.soup("").find("a", href=re.compile(r"bai-viet/thai-binh-unions-2025-report/$"))


def lang_of(element) -> str | None:
    """The language an element is read in: its own lang, else its nearest ancestor's."""
    for node in (element, *element.parents):
        if getattr(node, "get", None) and node.get("lang"):
            return node["lang"]
    return None


def test_an_english_articles_own_words_are_english_and_the_sites_words_around_them_vietnamese(make_site):
    """«Lang: en»: the whole <article> said lang="en", its date («Thứ Tư,
    05/03/2025»), «Tác giả:», «Thẻ:», category and a document's facts («Số,
    ký hiệu», «Tệp đính kèm») with it, while its title and summary in the
    home page's card, «Tin mới nhất», listings, the breadcrumb and the
    neighbour and related links said nothing (read as Vietnamese). Every
    visible text of every page: the English item's title, summary or body
    resolves to en, everything else to vi. (<title> cannot carry a lang.)"""
    english = ("2025 annual report", "twelve workshops", "Cooperation plan", "two unions will cooperate")
    site = make_site({
        "2025/en.md": article("Thai Binh union's 2025 annual report", "2025-03-05", body="The union held twelve workshops in 2025.", lang="en",
                              summary="The union held twelve workshops and reviewed five plans.",
                              tags="Hợp tác quốc tế"),
        "2025/truoc.md": article("Hội thảo khoa học năm 2025", "2025-03-01", tags="Hợp tác quốc tế"),
        "2025/sau.md": article("Tập huấn sở hữu trí tuệ", "2025-03-09"),
        "van-ban/2025/1.md": "Title: Cooperation plan\nNumber: 1/KH-LHH\nDate: 2025-03-05\nKind: Kế hoạch\n"
                             "Files: {static}/van-ban/2025/ke-hoach.pdf\nLang: en\n\nThe two unions will cooperate.\n",
        "van-ban/2025/ke-hoach.pdf": b"%PDF-1.4\n%%EOF\n",
    })
    pages = {"": 2, "bai-viet/thai-binh-unions-2025-annual-report/": 3, "bai-viet/hoi-thao-khoa-hoc-nam-2025/": 2,
             "bai-viet/tap-huan-so-huu-tri-tue/": 2, "chuyen-muc/tin-hoat-dong-lhh/": 2,
             "van-ban/2025/1-kh-lhh/": 2, "van-ban/": 1}
    for url, least in pages.items():
        body = site.soup(url).body
        found = 0
        for text in body.find_all(string=True):
            if not text.strip() or text.find_parent(["script", "style", "template"]) or text.find_parent(hidden=True):
                continue
            own = any(words(phrase) in words(text) for phrase in english)
            found += own
            assert lang_of(text.parent) == ("en" if own else "vi"), (url, str(text.parent)[:200])
        assert found >= least, (url, found)
    assert site.soup("bai-viet/thai-binh-unions-2025-annual-report/").select_one(".post-meta").get_text(strip=True) \
        == "Thứ Tư, 05/03/2025"


def test_a_menu_page_that_is_missing_is_named_in_the_folder_the_build_reads(make_site, tmp_path):
    """The suite builds tests/content/: a maintainer who added «Góp ý» to
    MENU and content/pages/gop-y.md read «tạo trang content/pages/gop-y.md»,
    a file that was there, 386 times."""
    import os

    with pytest.raises(Exception) as raised:
        make_site({"2025/bai.md": article("Bài", "2025-03-05")}, MENU=[("Trang chủ", "index"), ("Góp ý", "page:gop-y")])
    assert f"tạo trang {os.path.relpath(tmp_path / 'content' / 'pages' / 'gop-y.md')} hoặc" in str(raised.value)


MENU_PAGE_CASES = {
    # An editor set «Status: draft» on Hỏi & đáp (the desk offers Status on pages).
    "made a draft": ("Title: Hỏi & đáp\nSlug: lien-he\nTemplate: faq\nStatus: draft\n\nx\n", "", (
        "pages/lien-he.md:4: trang này có trong thanh menu (mục «Liên hệ») nên không để «Status: draft» "
        "được: trang web sẽ không dựng được — xoá dòng «Status:»")),
    # «Date: 2097-01-01»: production held it back, every build (the hourly ones too) stopped until then.
    "dated in the future": ("Title: Liên hệ\nDate: 2097-01-01\nSlug: lien-he\n\nx\n", "WITH_FUTURE_DATES = False", (
        "pages/lien-he.md:2: trang này có trong thanh menu (mục «Liên hệ») nên không đặt ngày ở tương lai "
        "(«2097-01-01») được: trang bị giữ lại tới ngày đó và trang web không dựng được — sửa lại ngày, hoặc xoá dòng "
        "«Date:» (trang không cần ngày)")),
    # Its Slug changed by hand: «tạo trang content/pages/lien-he.md», a file that was there.
    "its slug changed": ("Title: Liên hệ\nSlug: lien-he-moi\n\nx\n", "", (
        "pages/lien-he.md:2: trang này có trong thanh menu (mục «Liên hệ») với địa chỉ «lien-he», nên đổi "
        "địa chỉ thì thanh menu mất trang và trang web không dựng được — giữ «Slug: lien-he»; muốn đổi địa chỉ, nhờ "
        "người phụ trách kỹ thuật sửa mục đó của thanh menu (trong pelicanconf.py) trước")),
}


@pytest.mark.parametrize("case", MENU_PAGE_CASES)
def test_a_menu_page_the_site_would_lose_is_named_at_its_line(case, tmp_path, monkeypatch, capsys):
    """A page MENU names made a draft, dated in the future or given another
    Slug: the checker passed (or only warned of the date), and the build
    stopped with «MENU: không có trang nào có Slug …», a settings message
    about a file that is there, or blamed a «Status:» the file did not have."""
    from workflow.check import main as check_main

    text, extra, said = MENU_PAGE_CASES[case]
    files = {"2025/bai.md": article("Bài", "2025-03-05"), "pages/lien-he.md": text}
    result, output = build_cli(tmp_path, files, f"MENU = [('Trang chủ', 'index'), ('Liên hệ', 'page:lien-he')]\n{extra}")
    assert result.returncode != 0 and said[:110] in output, output  # the log wraps a long line
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert check_main(["--settings", str(tmp_path / "settings.py"), "--content", "content"]) == 1
    assert f"content/{said}" in capsys.readouterr().out


def test_a_link_to_a_scheduled_article_is_its_address_to_be(make_site):
    """A published article's link to one dated tomorrow pointed at
    «ban-nhap/…», which production never writes; the page was fixed by the
    build after the date, the feed entry kept the dead link for good."""
    site = make_site({
        "2097/hen-gio.md": article("Bài hẹn giờ", "2097-01-01 06:00", slug="bai-hen-gio"),
        "2025/bai.md": article("Bài", "2025-03-05", slug="bai", body="Xem [bài sắp đăng]({filename}/2097/hen-gio.md)."),
    }, WITH_FUTURE_DATES=False)
    link = site.soup("bai-viet/bai/").find("a", string="bài sắp đăng")
    assert link["href"].endswith("/bai-viet/bai-hen-gio/"), link
    assert "ban-nhap" not in (site.output / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert not site.path("bai-viet/bai-hen-gio/").exists()  # still held back


def entry_ids(site) -> list[str]:
    feed = etree.parse(str(site.output / "feeds" / "all.atom.xml")).getroot()
    return [e.find("{http://www.w3.org/2005/Atom}id").text for e in feed.iter("{http://www.w3.org/2005/Atom}entry")]


def test_a_feed_entry_keeps_its_id_when_its_slug_changes(make_site):
    """A Slug changed the documented way (Old_slug kept) changed the Atom
    entry's id: feed readers showed the article again as new."""
    before = entry_ids(make_site({"2025/a.md": article("Hội nghị tổng kết", "2025-03-05", slug="hoi-nghi-tong-ket")}))
    after = make_site({"2025/a.md": article("Hội nghị tổng kết", "2025-03-05", slug="hoi-nghi-tong-ket-2025",
                                            old_slug="hoi-nghi-tong-ket")})
    assert entry_ids(after) == before and before == ["https://vustathaibinh.org.vn/bai-viet/hoi-nghi-tong-ket/"]
    feed = (after.output / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert "/bai-viet/hoi-nghi-tong-ket-2025/" in feed  # its link is its address now


def test_a_feed_entry_keeps_its_id_when_its_date_is_corrected(make_site):
    """An editor corrects a published article's Date: a day earlier, or
    the year typed wrong. The Atom id («tag:HOST,DATE:PATH») carried the
    Date, so each correction was a second entry, shown again as new by
    every feed reader, beside the first one it had kept."""
    ids = [entry_ids(make_site({"2025/a.md": article("Hội nghị tổng kết", date, slug="hoi-nghi-tong-ket")}))
           for date in ("2025-03-05 08:00", "2025-03-04 08:00", "2024-03-05 08:00")]
    assert ids[0] == ids[1] == ids[2], ids
    assert ids[0] == ["https://vustathaibinh.org.vn/bai-viet/hoi-nghi-tong-ket/"]  # FEED_ID_SITE's, absolute


def test_feed_ids_stay_when_the_site_moves_to_another_domain_or_path(make_site):
    """After the merger the site may move to another domain, or under a
    path: every Atom id followed SITEURL, and every
    subscriber saw the newest entries again as new. Ids come from
    FEED_ID_SITE; links from SITEURL."""
    atom = "{http://www.w3.org/2005/Atom}"
    files = {"2025/a.md": article("Hội nghị tổng kết", "2025-03-05", slug="hoi-nghi-tong-ket")}
    seen = []
    for siteurl in ("https://vustathaibinh.org.vn", "https://lienhiephoi.example.vn/bantin"):
        site = make_site(files, SITEURL=siteurl, FEED_DOMAIN=siteurl)
        feed = etree.parse(str(site.output / "feeds" / "all.atom.xml")).getroot()
        [entry] = feed.iter(f"{atom}entry")
        assert entry.find(f"{atom}link").get("href") == f"{siteurl}/bai-viet/hoi-nghi-tong-ket/"
        seen.append((feed.findtext(f"{atom}id"), entry.findtext(f"{atom}id")))
    assert seen[0] == seen[1] == ("https://vustathaibinh.org.vn/feeds/all.atom.xml",
                                  "https://vustathaibinh.org.vn/bai-viet/hoi-nghi-tong-ket/")


def test_links_into_the_site_follow_it_to_its_new_address(make_site, tmp_path, monkeypatch):
    """After a move to a new domain (under a path, even), a body's link to
    the old domain cost readers a redirect and died with it, a site path
    led to the host's root, and a link copied from the new site was never
    checked. The first two are written from SITEURL; all three are checked,
    by the build and the checker alike (which reads the SITEURL variable)."""
    from plugins.core.errors import ContentError
    from workflow import load_settings
    from workflow.check import Config, check

    new = "https://lienhiephoi.example.vn/bantin"
    links = ("[cũ](https://vustathaibinh.org.vn/bai-viet/bai-dich/#y) [đường dẫn](/bai-viet/bai-dich/) "
             f"[mới]({new}/bai-viet/bai-dich/) [khác](https://vusta.vn/x)\n\n"
             "```html\n<a href=\"/bai-viet/bai-dich/\">mẫu</a>\n```")  # a sample, kept as written
    files = {"2025/b.md": article("Bài đích", "2025-03-01", slug="bai-dich"),
             "2025/a.md": article("Bài dẫn", "2025-03-05", body=links, slug="bai-dan")}
    site = make_site(files, SITEURL=new, FEED_DOMAIN=new)
    hrefs = [a["href"] for a in site.soup("bai-viet/bai-dan/").select(".entry-content a, article a")]
    assert [href for href in dict.fromkeys(hrefs) if "bai-dich" in href or "vusta.vn" in href] == [
        f"{new}/bai-viet/bai-dich/#y", f"{new}/bai-viet/bai-dich/", "https://vusta.vn/x"]
    assert site.soup("bai-viet/bai-dan/").select_one("pre code").get_text() == '<a href="/bai-viet/bai-dich/">mẫu</a>\n'

    dead = f"[mới]({new}/bai-viet/khong-co/)"
    files["2025/a.md"] = article("Bài dẫn", "2025-03-05", body=dead, slug="bai-dan")
    with pytest.raises((RuntimeError, ContentError)):
        make_site(files, SITEURL=new, FEED_DOMAIN=new)
    monkeypatch.setenv("SITEURL", new)
    config = Config.from_settings(load_settings(ROOT / "pelicanconf.py", PATH=str(tmp_path / "content")))
    [problem] = [p for p in check(config) if "khong-co" in p.message]
    assert (problem.line, problem.message.split(" — ")[0]) == (
        7, f"liên kết «{new}/bai-viet/khong-co/» trỏ tới «/bai-viet/khong-co/», nhưng bản tin không có trang hay tệp "
           "nào ở địa chỉ đó nên bạn đọc sẽ gặp trang «không tìm thấy»")


def test_a_hidden_article_links_only_to_listings_that_exist(make_site):
    """A hidden article, alone in its category, with its own tag and author:
    its page linked their listings and the category's feed, all 404 (no
    published article has them). It names them without links; what
    exists (a tag a published article has too) stays linked."""
    site = make_site({
        "2025/an.md": article("Bài ẩn", "2025-03-05", status="hidden", tags="Hội thi, Riêng tư").replace(
            "Author: Ban thông tin", "Author: Người viết riêng").replace(CATEGORY, "Hội thành viên"),
        "2025/cong-khai.md": article("Bài công khai", "2025-03-06", tags="Hội thi"),
    }, CATEGORIES=[CATEGORY, "Hội thành viên"], CATEGORY_FEED_ATOM="feeds/{slug}.atom.xml")
    page = site.soup("bai-viet/bai-an/")
    hrefs = [a["href"] for a in page.find_all("a", href=True)] + [link["href"] for link in page.find_all("link", href=True)]
    for href in hrefs:
        path = href.split("://", 1)[-1].split("/", 1)[-1] if "://" in href else href.lstrip("/")
        if path.startswith(("chuyen-muc/", "the/", "tac-gia/", "feeds/")):
            assert site.path(path).exists(), href
    assert any("/the/hoi-thi/" in href for href in hrefs)
    assert "Hội thành viên" in page.select_one("nav.breadcrumb").get_text()
    assert "Riêng tư" in page.select_one(".tags").get_text() and "Người viết riêng" in page.get_text()


@pytest.mark.parametrize("headers, meta", [
    ({}, "Thứ Tư, 05/03/2025"),
    ({"modified": "2025-03-07 10:00"}, "Thứ Tư, 05/03/2025 · Cập nhật Thứ Sáu, 07/03/2025"),
    ({"modified": "2025-03-05 08:00"}, "Thứ Tư, 05/03/2025"),  # the same moment: no update
    ({"modified": "2025-03-05 15:30"}, "Thứ Tư, 05/03/2025 · Cập nhật lúc 15:30"),  # the day was said twice
])
def test_an_articles_update_is_shown_under_its_title(make_site, headers, meta):
    """«Modified:» (a correction) told search engines and feed readers the
    article had changed; its readers saw only the first date."""
    site = make_site({"2025/a.md": article("Hội nghị tổng kết", "2025-03-05 08:00", slug="a", **headers)})
    assert words(site.soup("bai-viet/a/").select_one(".post-meta").get_text()) == meta
