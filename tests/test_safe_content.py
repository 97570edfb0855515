"""Active HTML refused and cleaned (``plugins/core/safe_html.py``), video
cards that ask nothing of a third party before a click
(``plugins/core/videos.py``, ``theme/js/video.js``), the
Content-Security-Policy in every page as ``<meta http-equiv>``
(``plugins/headers``), and settings mistakes as one line."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from plugins.core import safe_html, videos
from plugins.core.errors import ContentError
from plugins.core.html_text import NOTE_SEPARATOR
from plugins.headers import HEADER_ONLY
from tests.support import (
    AXE,
    CONTENT,
    ROOT,
    SMALL_SITE,
    SMALL_SITE_LINES,
    VNU,
    Site,
    build_in_process,
    built_once,
    photo,
    run_pelican,
    serve_folder,
    settings_file,
    write_files,
)
from tests.support.goatcounter_standin import StandIn
from workflow import load_settings
from workflow.check import Config, check

SETTINGS = ROOT / "tests" / "corpus" / "settings.py"
CATEGORY = "Tin hoạt động LHH"
VIDEO = "M7lc1UVf-VE"


def article(body: str, title: str = "Bài thử", slug: str = "bai-thu") -> str:
    return (f"Title: {title}\nDate: 2025-03-01\nAuthor: Ban thông tin\nCategory: {CATEGORY}\n"
            f"Slug: {slug}\n\nMở đầu.\n\n{body}\n")


BODY_LINE = 9  # the first line of ``body`` in ``article``
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8cfc0"
    "00000301010018dd8db00000000049454e44ae426082"
)

# --- Active HTML: refused by the checker and the build, with one message --------------
IFRAME_HINT = "với video YouTube hoặc Facebook: dán địa chỉ video"
REFUSED = {
    # case: (body, line offset in body, the message's start)
    "script": ("Chữ <script>alert(1)</script> thường.", 0, "thẻ <script> không được phép: mã JavaScript"),
    "SCRIPT in capitals": ("<SCRIPT SRC=https://x.example/a.js></SCRIPT>", 0, "thẻ <script> không được phép"),
    "style": ("Đoạn.\n\n<style>body{display:none}</style>", 2, "thẻ <style> không được phép: CSS"),
    "onerror on an image": ('<img src="{static}/images/a.png" alt="Ảnh" onerror="alert(1)">', 0,
                            "thuộc tính «onerror» chạy mã JavaScript nên không được phép — xoá «onerror=…» khỏi thẻ <img>"),
    "onclick on a link": ('Xem <a href="https://lhh.vn" onclick="alert(1)">tại đây</a>.', 0,
                          "thuộc tính «onclick» chạy mã JavaScript"),
    "handler from an attribute list": ('Đoạn văn.\n{: onmouseover="alert(1)" }', 1, "thuộc tính «onmouseover»"),
    "javascript link": ("[Tải kế hoạch](javascript:alert(document.cookie))", 0,
                        "địa chỉ «javascript:alert(document.cookie)» dùng «javascript:» nên không được phép"),
    "javascript hidden in an entity": ("[Bấm](jav&#x61;script:alert(1))", 0, "địa chỉ «javascript:alert(1)» dùng «javascript:»"),
    "javascript in a reference": ("[Bấm][1]\n\n[1]: javascript:alert(1)", 2, "địa chỉ «javascript:alert(1)»"),
    "data link": ('<a href="data:text/html;base64,PHNjcmlwdD4=">Tải</a>', 0,
                  "địa chỉ «data:text/html;base64,PHNjcmlwdD4=» dùng «data:» nên không được phép — chép tệp"),
    "vbscript link": ('<a href="vbscript:msgbox(1)">x</a>', 0, "địa chỉ «vbscript:msgbox(1)» dùng «vbscript:»"),
    "YouTube embed code": (f'<iframe width="560" height="315" src="https://www.youtube.com/embed/{VIDEO}" '
                           'title="YouTube video player" frameborder="0" allowfullscreen></iframe>', 0,
                           "thẻ <iframe> không được phép: không được nhúng trang khác vào bài — " + IFRAME_HINT),
    "Facebook embed code": ('<iframe src="https://www.facebook.com/plugins/video.php?href=x" width="500"></iframe>',
                            0, "thẻ <iframe> không được phép"),
    "Google Forms embed code": ('<iframe src="https://docs.google.com/forms/d/e/1FAIpQLSf/viewform?embedded=true" '
                                'width="640" height="1200" frameborder="0">Đang tải…</iframe>', 0,
                                "thẻ <iframe> không được phép: không được nhúng trang khác vào bài — " + IFRAME_HINT +
                                " (ví dụ https://www.youtube.com/watch?v=…) trên một dòng riêng, trang sẽ hiện khung "
                                "video; bản đồ (Google Maps), phiếu đăng ký (Google Forms), tài liệu, bài đăng khác: "
                                "dán địa chỉ của trang đó (nút «Chia sẻ» › sao chép đường liên kết) trên một dòng "
                                "riêng, trang sẽ hiện liên kết"),
    "object": ('<object data="a.swf"></object>', 0, "thẻ <object> không được phép"),
    "embed": ('<embed src="a.swf">', 0, "thẻ <embed> không được phép"),
    "form": ('<form action="https://x.example"><input name="q"></form>', 0,
             "thẻ <form> không được phép: biểu mẫu không được phép trong bài — đặt liên kết"),
    # Dropped without a word (the page kept «Video:» over nothing), or, with
    # «controls», reported as words to write with «&lt;».
    "video file": ('Video:\n\n<video src="https://lhh.vn/hoi-thao.mp4" width="640"></video>', 2,
                   "thẻ <video> không được phép: video, âm thanh không phát thẳng trong bài — video: đăng lên "
                   "YouTube (hoặc Facebook), rồi dán địa chỉ video trên một dòng riêng"),
    "video with controls and a source": ('<video controls width="640"><source src="https://lhh.vn/a.mp4" '
                                         'type="video/mp4">Không phát được.</video>', 0, "thẻ <video> không được phép"),
    "audio": ('<audio controls src="https://lhh.vn/ghi-am.mp3"></audio>', 0,
              "thẻ <audio> không được phép: video, âm thanh không phát thẳng trong bài"),
    "svg drawn in the text": ('<svg width="10"><circle r="4"/></svg>', 0, "thẻ <svg> không được phép: hình vẽ"),
}


def checker_lines(content) -> list[str]:
    return [p.format() for p in check(Config.from_settings(load_settings(SETTINGS, PATH=str(content))))]


@pytest.mark.parametrize("case", REFUSED)
def test_active_html_is_refused_by_the_checker_and_the_build_alike(case, tmp_path, monkeypatch, caplog):
    body, offset, message = REFUSED[case]
    content = tmp_path / "content"
    write_files(content, {"2025/bai.md": article(body), "images/a.png": PNG})
    monkeypatch.chdir(tmp_path)
    found = checker_lines(content)
    assert found and found[0].startswith(f"content/2025/bai.md:{BODY_LINE + offset}: {message}"), found
    with pytest.raises((RuntimeError, ContentError)):
        build_in_process(content, tmp_path / "out", SETTINGS, MENU=[("Trang chủ", "index")])
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors[0] == found[0]
    assert not (tmp_path / "out" / "bai-viet").exists()


def test_every_pasted_embed_is_reported_at_its_own_line(tmp_path, monkeypatch):
    """Three embed codes pasted (YouTube, Facebook, Google Maps twice on one
    line): each is a line the editor must fix, all listed at once."""
    maps = '<iframe src="https://www.google.com/maps/embed?pb=1" width="600"></iframe>'
    body = "\n\n".join([REFUSED["YouTube embed code"][0], "Đoạn giữa.", REFUSED["Facebook embed code"][0],
                         f"{maps} {maps}"])
    content = tmp_path / "content"
    write_files(content, {"2025/bai.md": article(body)})
    monkeypatch.chdir(tmp_path)
    assert [line.split(":", 2)[1] for line in checker_lines(content)] == [
        str(BODY_LINE), str(BODY_LINE + 4), str(BODY_LINE + 6)]


def test_a_file_on_the_editors_computer_is_told_so_at_its_own_line(tmp_path, monkeypatch):
    """A photo dragged into a Markdown editor (Typora, VS Code) is written as
    its place on that computer: the checker said «dùng «c:» nên không được
    phép — chỉ dùng địa chỉ https://, …, hoặc {filename}/{static}», and put
    the second one on the line of the first «c:» it found (the end of
    «tổ chức:», or the «file:///C:/» above)."""
    body = "\n\n".join(["Thành phần tham dự gồm các tổ chức:", "![Ảnh 1](file:///C:/Users/Thu/Pictures/a.jpg)",
                         '<img src="C:\\Users\\Thu\\Desktop\\b.jpg" alt="Ảnh 2">'])
    content = tmp_path / "content"
    write_files(content, {"2025/bai.md": article(body)})
    monkeypatch.chdir(tmp_path)
    fix = ("là một tệp trên máy tính của bạn, bạn đọc không mở được — chép tệp vào content/images/<năm>/ (ảnh) "
           "hoặc content/van-ban/<năm>/ (tài liệu) rồi viết «{static}/images/<năm>/ten-anh.jpg» hoặc "
           "«{static}/van-ban/<năm>/ten-tep.pdf» thay cho địa chỉ đó (ở bàn biên tập: chèn ảnh bằng nút «Ảnh»)")
    assert checker_lines(content) == [
        f"content/2025/bai.md:{BODY_LINE + 2}: «file:///C:/Users/Thu/Pictures/a.jpg» {fix}",
        f"content/2025/bai.md:{BODY_LINE + 4}: «C:\\Users\\Thu\\Desktop\\b.jpg» {fix}"]


HARMLESS = """
| Đơn vị | Số hội viên |
|:--|--:|
| Hội A | 120 |

H<sub>2</sub>O, 10<sup>6</sup> đồng,<br>xuống dòng.

<figure><img src="{static}/images/a.png" alt="Ảnh"><figcaption>Chú thích ảnh</figcaption></figure>

Một chú thích[^1] và LHH.

*[LHH]: Liên hiệp các Hội Khoa học và Kỹ thuật

[^1]: Ghi chú cuối bài.

Thuật ngữ
:   Định nghĩa.

Mã `<script>alert(1)</script>` chỉ là chữ, và:

```
<iframe src="https://x.example"></iframe>
```

<span style="color:red" class="MsoNormal">Chữ dán từ Word</span> <font face="Arial">giữ chữ</font>.
"""


def test_harmless_html_and_what_markdown_emits_survive(tmp_path, monkeypatch):
    content = tmp_path / "content"
    write_files(content, {"2025/bai.md": article(HARMLESS), "images/a.png": PNG})
    monkeypatch.chdir(tmp_path)
    assert checker_lines(content) == []
    site = build_in_process(content, tmp_path / "out", SETTINGS, MENU=[("Trang chủ", "index")])
    body = site.soup("bai-viet/bai-thu/").select_one(".post-body")
    for selector in ("table thead th", "table tbody td", "sub", "sup", "br", "figure img", "figure figcaption",
                     "sup a.footnote-ref", "div.footnote li", "abbr[title]", "dl dt", "dl dd", "pre code", "p code"):
        assert body.select_one(selector) is not None, selector
    assert "<script>alert(1)</script>" in body.select_one("p code").get_text()
    assert "<iframe" in body.select_one("pre code").get_text()
    assert body.find("script") is None and body.find("iframe") is None
    text = body.get_text().replace("\xa0", " ")
    assert "Chữ dán từ Word" in text and "giữ chữ" in text
    assert body.find("font") is None and not body.select("[style]")


@pytest.mark.parametrize("fragment, cleaned", [
    ('<p onclick="x()">a</p>', "<p>a</p>"),
    ('<a href="javascript:x()">a</a>', "<a>a</a>"),
    ("<p>a<script>x()</script></p>", "<p>a</p>"),
    ('<img src="a.png" alt="b" style="width:1px">', '<img src="a.png" alt="b">'),
    ('<a href="{static}/a.pdf" title="t">a</a>', '<a href="{static}/a.pdf" title="t">a</a>'),
    ("<p><!-- ghi chú -->a</p>", "<p>a</p>"),
])
def test_sanitize_keeps_only_the_allow_list(fragment, cleaned):
    assert safe_html.sanitize(fragment) == cleaned


@pytest.mark.parametrize("text, suspicious", [
    ("Chữ thường, **đậm**, [liên kết](https://lhh.vn), ![ảnh]({static}/a.png)", False),
    ("<figure><img src=\"{static}/a.png\" alt=\"a\"></figure> <sup>2</sup>", False),
    ("[thư](mailto:a@b.vn) [gọi](tel:0227)", False),
    ("<script>", True), ("&lt;iframe&gt;", True), ("[x](JavaScript:y)", True),
    ("[x]( java\tscript:y)", True), ("<a href = 'data:x'>", True), ("{: onclick='x' }", True),
    ("[x]: vbscript:y", True), ("<svg>", True),
])
def test_only_a_suspicious_text_is_rendered_by_the_checker(text, suspicious):
    assert safe_html.suspicious(text) is suspicious


# --- Video cards ------------------------------------------------------------------
@pytest.mark.parametrize("address, expected", [
    (f"https://www.youtube.com/watch?v={VIDEO}", (VIDEO, 0)),
    (f"https://youtube.com/watch?v={VIDEO}&t=1m30s", (VIDEO, 90)),
    (f"https://m.youtube.com/watch?v={VIDEO}&list=PL1", (VIDEO, 0)),
    (f"https://youtu.be/{VIDEO}?t=75", (VIDEO, 75)),
    (f"https://www.youtube.com/shorts/{VIDEO}", (VIDEO, 0)),
    (f"https://www.youtube.com/live/{VIDEO}", (VIDEO, 0)),
    (f"https://www.youtube.com/embed/{VIDEO}?start=12", (VIDEO, 12)),
    ("https://www.youtube.com/@lienhiephoi", None),
    ("https://www.youtube.com/watch?v=short", None),
    (f"https://evil.example/watch?v={VIDEO}", None),
    (f"javascript://www.youtube.com/watch?v={VIDEO}", None),
])
def test_youtube_addresses(address, expected):
    assert videos.youtube_id(address) == expected


@pytest.mark.parametrize("address, kind", [
    ("https://www.facebook.com/watch/?v=1234567890", "video"),
    ("https://fb.watch/abcDEF/", "video"),
    ("https://www.facebook.com/lienhiephoi/videos/1234567890/", "video"),
    ("https://www.facebook.com/reel/1234567890", "video"),
    ("https://www.facebook.com/share/v/1AbCdEf/", "video"),
    ("https://www.facebook.com/lienhiephoi/posts/pfbid0abc", "post"),
    ("https://www.facebook.com/lienhiephoi", None),
    ("https://facebook.example/watch/?v=1", None),
])
def test_facebook_addresses(address, kind):
    assert videos.facebook_kind(address) == kind


FORM = "https://docs.google.com/forms/d/e/1FAIpQLSf/viewform?usp=sf_link&hl=vi"
# As editors copy them: YouTube's «Chia sẻ» adds «si=» (the account that
# shared it), Facebook «mibextid», Zalo and Facebook «fbclid» (rules.is_tracker).
VIDEO_ARTICLE = f"""Xem lại buổi hội thảo:

https://www.youtube.com/watch?v={VIDEO}&t=1m30s&si=Qx7_AbCdEfGh12

[Phát biểu khai mạc](https://youtu.be/{VIDEO}?si=Qx7_AbCdEfGh12)

https://www.facebook.com/watch/?v=1234567890&mibextid=Zxz2cZ

Đăng ký dự hội thảo:

https://docs.google.com/forms/d/e/1FAIpQLSf/viewform?usp=sf_link&hl=vi&fbclid=IwAR0xYz

Một liên kết trong câu: https://www.youtube.com/watch?v={VIDEO}&si=Qx7 là liên kết, không phải khung.
"""


@pytest.mark.parametrize("paragraph, expected", [
    ("<p>https://maps.app.goo.gl/AbC</p>", '<p><a href="https://maps.app.goo.gl/AbC">https://maps.app.goo.gl/AbC</a></p>'),
    ("<p>https://zalo.me/g/abc.</p>", '<p><a href="https://zalo.me/g/abc">https://zalo.me/g/abc</a>.</p>'),
    ("<p>https://x.vn/a?b=1&amp;c=2</p>", '<p><a href="https://x.vn/a?b=1&amp;c=2">https://x.vn/a?b=1&amp;c=2</a></p>'),
    ('<p>https://x.vn/"onclick="a()</p>', '<p><a href="https://x.vn/&quot;onclick=&quot;a()">https://x.vn/"onclick="a()</a></p>'),
    # A no-break space after it (Word's, at the line's end): not part of it (it was «…%A0», «&nbsp» and «;»).
    ("<p>https://forms.gle/AbC&nbsp;</p>", '<p><a href="https://forms.gle/AbC">https://forms.gle/AbC</a></p>'),
    ("<p>Đăng ký: https://x.vn/a</p>", "<p>Đăng ký: https://x.vn/a</p>"),  # in a sentence: text
    ('<p><a href="https://x.vn/a">Phiếu đăng ký</a></p>', '<p><a href="https://x.vn/a">Phiếu đăng ký</a></p>'),
])
def test_an_address_alone_on_its_line_is_a_link(paragraph, expected):
    assert videos.cards(paragraph) == expected


@pytest.mark.parametrize("fragment, expected", [
    ("<p>Chi tiết xem tại https://vusta.vn/hoi-thao?id=1&amp;b=2.</p>",
     '<p>Chi tiết xem tại <a href="https://vusta.vn/hoi-thao?id=1&amp;b=2">https://vusta.vn/hoi-thao?id=1&amp;b=2</a>.</p>'),
    # A bracket it does not open, quotes around it: not part of it.
    ("<p>(xem https://vi.wikipedia.org/wiki/A_(B)) và «https://f.vn/g», “https://h.vn”</p>",
     '<p>(xem <a href="https://vi.wikipedia.org/wiki/A_(B)">https://vi.wikipedia.org/wiki/A_(B)</a>) và '
     '«<a href="https://f.vn/g">https://f.vn/g</a>», “<a href="https://h.vn">https://h.vn</a>”</p>'),
    # Inside a link, code or an attribute (a «>» in it too): as it was.
    ('<p><code>https://x.vn</code> <a href="https://b.vn">trang <em>https://c.vn</em></a></p>', None),
    ("<pre><code>curl https://e.vn\n</code></pre>", None),
    ('<p><img alt="a>b https://x.vn" src="/a.jpg"></p>', None),
    ("<p>http:// rỗng, mailto:a@b.vn, www.vusta.vn</p>", None),
    ("<p>'https://vusta.vn/o' và</p>", "<p>'<a href=\"https://vusta.vn/o\">https://vusta.vn/o</a>' và</p>"),
    # A no-break space (Word's; Markdown's before a footnote's «↩») ends it:
    # the link was «https://vusta.vn/x.%A0», its text «…x.&nbsp» and a «;».
    ("<p>Xem https://vusta.vn/a&nbsp;để biết</p>",
     '<p>Xem <a href="https://vusta.vn/a">https://vusta.vn/a</a>&nbsp;để biết</p>'),
    ('<li id="fn:1"><p>Nguồn: https://vusta.vn/x.&#160;<a class="footnote-backref" href="#fnref:1">↩</a></p></li>',
     '<li id="fn:1"><p>Nguồn: <a href="https://vusta.vn/x">https://vusta.vn/x</a>.&#160;'
     '<a class="footnote-backref" href="#fnref:1">↩</a></p></li>'),
    # «…» after it, a «]» it does not open: not part of it.
    ("<p>Xem https://vusta.vn/a… và [https://vusta.vn/b] https://x.vn/c?__cft__[0]=A</p>",
     '<p>Xem <a href="https://vusta.vn/a">https://vusta.vn/a</a>… và [<a href="https://vusta.vn/b">https://vusta.vn/b</a>] '
     '<a href="https://x.vn/c?__cft__[0]=A">https://x.vn/c?__cft__[0]=A</a></p>'),
])
def test_an_address_in_a_sentence_is_a_link(fragment, expected):
    """It was text a reader on a phone could not tap; the desk's preview
    (GitHub's Markdown) showed it as a link."""
    assert videos.linked_text(fragment) == (expected or fragment)


# marks after an address; whether its link keeps them in a sentence, alone
# on its line (a bracket there: videos.linked ends it at «.,;:!?…» only).
@pytest.mark.parametrize("marks, kept, kept_alone", [
    ("." * 200_000 + "x", True, True), (")" * 200_000, False, True), ("]" * 200_000, False, True),
    (".)" * 100_000, False, True),
])
def test_an_address_before_a_long_run_of_marks_is_read_in_one_pass(marks, kept, kept_alone):
    """Each mark after an address was counted again (and the sentence's end
    looked for again) for each one taken off: 32,000 dots and a letter took
    3 s, 1 MB of them an hour, a build that never ended. One pass takes
    0.05 s here; past 5 s (100 times that) the test stops and fails."""
    from tests.support import within

    address, alone_address = ("https://a.vn/" + (marks if keep else "") for keep in (kept, kept_alone))
    after, alone_after = ("" if keep else marks for keep in (kept, kept_alone))
    with within(5, "not one pass over the marks"):
        in_sentence = videos.linked_text(f"<p>Xem https://a.vn/{marks}</p>")
        alone = videos.cards(f"<p>https://a.vn/{marks}</p>")
    assert in_sentence == f'<p>Xem <a href="{address}">{address}</a>{after}</p>'
    assert alone == f'<p><a href="{alone_address}">{alone_address}</a>{alone_after}</p>'


@pytest.mark.parametrize("address, expected", [
    (f"https://youtu.be/{VIDEO}?si=Qx7_AbCdEfGh12", f"https://youtu.be/{VIDEO}"),
    (f"https://youtu.be/{VIDEO}?si=Qx7&t=75", f"https://youtu.be/{VIDEO}?t=75"),
    (f"https://www.youtube.com/watch?v={VIDEO}&pp=ygUFaOG7mWk%3D&t=1m30s", f"https://www.youtube.com/watch?v={VIDEO}&t=1m30s"),
    (f"https://m.youtube.com/watch?feature=shared&v={VIDEO}&list=PL1&index=2",
     f"https://m.youtube.com/watch?v={VIDEO}&list=PL1&index=2"),
    ("https://www.facebook.com/share/v/1AbC/?mibextid=Zxz2cZ", "https://www.facebook.com/share/v/1AbC/"),
    ("https://www.facebook.com/watch/?v=123&fbclid=IwAR0x&rdid=Ab", "https://www.facebook.com/watch/?v=123"),
    ("https://vusta.vn/tin/1?utm_source=zalo&utm_medium=zalo&id=3#doan-2", "https://vusta.vn/tin/1?id=3#doan-2"),
    ("/bantin/lien-hiep-hoi-3091.html?fbclid=IwAR0x", "/bantin/lien-hiep-hoi-3091.html"),
    ("https://thaibinh.gov.vn/?zarsrc=30&utm_source=zalo", "https://thaibinh.gov.vn/"),
    # Kept: «si» off YouTube is the site's own; a query in the fragment is the page's; no tracker at all.
    ("https://x.vn/tra-cuu?si=12", None), ("https://x.vn/#/a?utm_source=x", None),
    (f"https://www.youtube.com/watch?v={VIDEO}&t=90", None), ("mailto:a@b.vn?subject=Hỏi", None),
    ("http://[x/?fbclid=1", None),
    # A link copied from a Facebook post or Messenger goes through Facebook's
    # redirect (its «h=» key expires), one from Google through Google's.
    ("https://l.facebook.com/l.php?u=https%3A%2F%2Fvusta.vn%2Fhoi-thao%3Ffbclid%3DIwAR1x%26id%3D3&h=AT0abc&s=1",
     "https://vusta.vn/hoi-thao?id=3"),
    ("https://lm.facebook.com/l.php?u=http%3A%2F%2Fthaibinh.gov.vn%2F&h=AT1", "http://thaibinh.gov.vn/"),
    ("https://l.messenger.com/l.php?u=https%3A%2F%2Fzalo.me%2Fg%2Fabc&h=AT2", "https://zalo.me/g/abc"),
    ("https://www.google.com/url?q=https://vusta.vn/tin/1%23doan-2&sa=D&source=editors&ust=1&usg=AOv",
     "https://vusta.vn/tin/1#doan-2"),
    ("https://www.google.com/url?sa=t&url=https%3A%2F%2Fmost.gov.vn%2F&usg=AOv", "https://most.gov.vn/"),
    # Google's link to a copied Facebook link: both unwrapped. A thousand
    # inside each other (31 KB) stopped the build with «RecursionError»: eight
    # are followed (videos.REDIRECTS_FOLLOWED), the rest kept as written.
    ("https://www.google.com/url?q=https%3A%2F%2Fl.facebook.com%2Fl.php%3Fu%3Dhttps%253A%252F%252Fvusta.vn%252Fa"
     "%253Ffbclid%253D1%26h%3DAT0&sa=D", "https://vusta.vn/a"),
    ("https://l.facebook.com/l.php?u=" * 1000 + "https://vusta.vn/a", "https://l.facebook.com/l.php?u=" * 992
     + "https://vusta.vn/a"),
    # Kept: no address to unwrap, or not a web address.
    ("https://l.facebook.com/l.php?h=AT0", None), ("https://www.google.com/url?q=javascript:alert(1)", None),
    ("https://www.google.com/search?q=https://vusta.vn", None),
    # A profile or hashtag link of a post copied from facebook.com.
    ("https://www.facebook.com/hashtag/lhhthaibinh?__eep__=6&__cft__[0]=AZX1&__tn__=*NK-R",
     "https://www.facebook.com/hashtag/lhhthaibinh"),
    ("https://www.facebook.com/profile.php?id=1000&__cft__%5B0%5D=AZX&__tn__=-%5DK-R",
     "https://www.facebook.com/profile.php?id=1000"),
])
def test_what_a_share_adds_to_an_address_is_left_out(address, expected):
    """A card's link kept YouTube's «si=» (the editor's account): a reader
    tapping before video.js arrived, or without JavaScript, followed it."""
    assert videos.untracked(address) == (expected or address)


@pytest.mark.parametrize("fragment, expected", [
    ('<p>Xem <a href="https://a.vn/?utm_source=zalo&amp;utm_medium=zalo" title="t">bài</a>.</p>',
     '<p>Xem <a href="https://a.vn/" title="t">bài</a>.</p>'),
    ('<p><a href="https://b.vn/x?id=1&amp;fbclid=I">https://b.vn/x?id=1&amp;fbclid=I</a></p>',
     '<p><a href="https://b.vn/x?id=1">https://b.vn/x?id=1</a></p>'),
    ("<p>https://forms.gle/AbC?fbclid=IwAR</p>", '<p><a href="https://forms.gle/AbC">https://forms.gle/AbC</a></p>'),
    ('<p><a href="https://b.vn/x?id=1">Trang <em>b</em></a> https://c.vn/?fbclid=1 trong câu</p>', None),
    # A Facebook post pasted into the desk: the link's text is the address, its href Facebook's redirect.
    ('<p>Chi tiết: <a href="https://l.facebook.com/l.php?u=https%3A%2F%2Fvusta.vn%2Fhoi-thao%3Ffbclid%3DIwAR1x'
     '&amp;h=AT0abc">https://vusta.vn/hoi-thao</a></p>',
     '<p>Chi tiết: <a href="https://vusta.vn/hoi-thao">https://vusta.vn/hoi-thao</a></p>'),
])
def test_a_body_link_loses_what_a_share_added(fragment, expected):
    assert videos.untracked_links(videos.cards(fragment)) == (expected or fragment)


@pytest.fixture(scope="module")
def video_site(tmp_path_factory):
    """A production build: one article with video cards, one without."""
    def build(base: Path) -> None:
        write_files(base / "content", {
            "2025/video.md": article(VIDEO_ARTICLE, "Bài có video", "bai-co-video"),
            # A footnote ending in an address, a no-break space after one (linked_text).
            "2025/khong.md": article("Không có video[^1]. Xem https://vusta.vn/a\u00a0để biết thêm.\n\n"
                                     "https://forms.gle/AbC\u00a0\n\nTên có gạch đôi: https://vusta.vn/hoi--thao...2025\n\n"
                                     "[^1]: Nguồn: https://vusta.vn/hoi-thao", "Bài không video", "bai-khong-video"),
        })
        build_in_process(base / "content", base / "output", ROOT / "publishconf.py", SITEURL="",
                         CACHE_PATH=str(base / "cache"), **SMALL_SITE)

    return Site(built_once(tmp_path_factory, "videos", build) / "output")


def test_a_line_with_only_a_video_address_becomes_a_card(video_site):
    soup = video_site.soup("bai-viet/bai-co-video/")
    cards = soup.select(".post-body .video-card")
    assert len(cards) == 3
    first, titled, facebook = (card.select_one("a") for card in cards)
    # Without JavaScript each card is a plain link to the video on its site.
    assert first["href"] == f"https://www.youtube.com/watch?v={VIDEO}&t=1m30s"
    assert (first["data-youtube"], first["data-start"]) == (VIDEO, "90")
    assert first.select_one(".video-card__title").get_text() == "Video trên YouTube"
    # Read as one link: the service named once («Video trên YouTube YouTube · …»).
    assert [card.get_text(" ") for card in (first, titled, facebook)] == [
        "Video trên YouTube bấm để xem", "Phát biểu khai mạc YouTube · bấm để xem",
        "Video trên Facebook mở trong thẻ mới"]
    assert titled.select_one(".video-card__title").get_text() == "Phát biểu khai mạc"
    assert titled["data-title"] == "Phát biểu khai mạc"
    assert titled["href"] == f"https://youtu.be/{VIDEO}"  # without the share's «si=»
    assert facebook["href"] == "https://www.facebook.com/watch/?v=1234567890"
    assert (facebook["target"], facebook["rel"]) == ("_blank", ["noopener", "noreferrer"])
    assert "data-youtube" not in facebook.attrs
    # Another address alone on its line is a link a phone can tap (it was text).
    form = soup.select_one(".post-body a[href^='https://docs.google.com/forms/']")
    assert form and form["href"] == form.get_text() == FORM and "bare-link" in form["class"]
    # A video address inside a sentence is a link (it was text a phone
    # could not tap), not a card: nothing is embedded.
    sentence = soup.select(".post-body p")[-1]
    assert sentence.get_text().replace("\xa0", " ").endswith(f"https://www.youtube.com/watch?v={VIDEO} là liên kết, không phải khung.")
    link = sentence.select_one("a")
    assert link["href"] == link.get_text() == f"https://www.youtube.com/watch?v={VIDEO}" and "bare-link" in link["class"]
    assert not sentence.select(".video-card")
    html = video_site.text("bai-viet/bai-co-video/")
    assert "<iframe" not in html and "youtube-nocookie.com/embed" not in html
    body = str(soup.select_one(".post-body"))
    assert not re.search(r'(src|srcset|poster)="https?://', body)  # no thumbnail from YouTube


def test_an_address_in_the_text_links_to_itself_as_written(video_site):
    """Markdown writes «&#160;» before a footnote's «↩», Word a no-break
    space after a word or at a line's end: the link was «https://vusta.vn/hoi-thao%A0» (a page
    not found), its text «…hoi-thao&nbsp» and a stray «;» after it. An
    address reads as written: typogrify made «--» a dash and «...» «…» in
    its text (pelicanconf's TYPOGRIFY_IGNORE_TAGS)."""
    soup = video_site.soup("bai-viet/bai-khong-video/")
    links = {a.get_text(): a["href"] for a in soup.select(".post-body a.bare-link")}
    assert links == {address: address for address in ("https://vusta.vn/a", "https://forms.gle/AbC", "https://vusta.vn/hoi-thao",
                                                       "https://vusta.vn/hoi--thao...2025")}  # not «…/hoi—thao…2025»
    assert soup.select_one(".footnote li p").get_text() == "Nguồn: https://vusta.vn/hoi-thao\xa0↩"


def test_video_cards_are_valid_html(video_site):
    import json
    import subprocess

    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json",
                             *(str(video_site.path(url)) for url in ("bai-viet/bai-co-video/", "bai-viet/bai-khong-video/"))],
                            capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert json.loads(result.stderr or '{"messages": []}')["messages"] == []


@pytest.mark.browser
def test_video_cards_have_no_accessibility_violation(video_site, browser):
    server, url = serve_folder(video_site.output)
    context = browser.new_context(bypass_csp=True)  # axe is injected as an inline script
    try:
        page = context.new_page()
        page.goto(f"{url}/bai-viet/bai-co-video/")
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)")
        assert violations == []
    finally:
        context.close()
        server.shutdown()


def test_only_pages_with_a_youtube_card_load_the_script_and_allow_its_frame(video_site):
    def policy(url):
        return video_site.soup(url).find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]

    def scripts(url):
        return [s["src"] for s in video_site.soup(url).select("script[src]")]

    assert f"frame-src {videos.NOCOOKIE}" in policy("bai-viet/bai-co-video/")
    assert any(re.search(r"/theme/js/video\.[0-9a-f]{10}\.js$", s) for s in scripts("bai-viet/bai-co-video/"))
    for url in ("bai-viet/bai-khong-video/", "tim-kiem/", "404.html"):
        assert "frame-src" not in policy(url), url
        assert not any("video." in s for s in scripts(url)), url
    headers = (video_site.output / "_headers").read_text(encoding="utf-8")
    assert f"frame-src {videos.NOCOOKIE};" in headers


def test_every_page_carries_the_policy_first_in_its_head(site):
    """The production build of the real content: the meta policy is the
    first thing after <meta charset>, and it is _headers' policy less the
    directives a meta tag cannot carry."""
    headers = (site.output / "_headers").read_text(encoding="utf-8")
    full = re.search(r"Content-Security-Policy: (.+)", headers).group(1)
    expected = "; ".join(d for d in full.split("; ") if d.split()[0] not in HEADER_ONLY)
    assert "frame-ancestors 'none'" in full and "frame-ancestors" not in expected
    pages = site.html_files()
    assert len(pages) > 10
    for path in pages:
        head = site.soup(site.url_of(path)).head
        metas = head.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert [m["content"] for m in metas] == [expected], path
        first = [tag for tag in head.find_all(True)][:2]
        assert first[0].get("charset") == "utf-8" and first[1] is metas[0], path


# --- In Chromium, from a server that sends no headers at all ---------------------------
@pytest.fixture(scope="module")
def plain_host(tmp_path_factory):
    """The real content, a video article and the counter's stand-in, built
    for production and served with no header at all (as GitHub Pages sends
    no CSP): (base URL, output folder, stand-in)."""
    base = tmp_path_factory.mktemp("plain-host")
    content = base / "content"
    shutil.copytree(CONTENT, content)
    write_files(content, {"2025/video.md": article(VIDEO_ARTICLE, "Hội thảo có video", "hoi-thao-co-video")})
    with StandIn() as counter:
        output = base / "output"
        output.mkdir()
        server, url = serve_folder(output)
        settings = settings_file(base / "settings.py", "publishconf", (
            f"VISIT_COUNTER = {{'provider': 'goatcounter', 'endpoint': 'http://127.0.0.1:{counter.port}'}}\n"
            "DELETE_OUTPUT_DIRECTORY = False\n"))
        result = run_pelican(content, output, settings, env={"SITEURL": url})
        assert result.returncode == 0, result.stdout + result.stderr
        page = (output / "bai-viet" / "hoi-thao-co-video" / "index.html").read_text(encoding="utf-8")
        (output / "chen-ma.html").write_text(
            page.replace("</body>", "<script>window.__inline = 'ran';</script></body>"), encoding="utf-8")
        yield url, output, counter
        server.shutdown()


@pytest.fixture
def watched(page):
    """The page; every CSP violation, console error and request recorded."""
    seen = {"csp": [], "console": [], "requests": []}
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    page.on("console", lambda m: m.type == "error" and (
        seen["csp"] if m.text.startswith("CSP violation") else seen["console"]).append(m.text))
    page.on("pageerror", lambda e: seen["console"].append(str(e)))
    page.on("request", lambda r: seen["requests"].append(r.url))
    return page, seen


@pytest.mark.browser
def test_an_inserted_inline_script_does_not_run_on_a_host_without_headers(plain_host, watched):
    url, _, _ = plain_host
    page, seen = watched
    page.goto(f"{url}/chen-ma.html", wait_until="load")
    assert page.evaluate("window.__inline") is None
    assert any("script-src" in violation for violation in seen["csp"]), seen


@pytest.mark.browser
def test_counter_video_card_and_search_work_with_no_violation(plain_host, watched):
    url, _, counter = plain_host
    page, seen = watched
    player = []
    page.route(f"{videos.NOCOOKIE}/**", lambda route: (
        player.append(route.request.url),
        route.fulfill(status=200, content_type="text/html", body="<!DOCTYPE html><title>player</title>")))
    page.goto(f"{url}/bai-viet/hoi-thao-co-video/", wait_until="load")
    expect(page.locator("[data-vc-value]")).to_have_text("12.345")  # the counter, from its stand-in
    page.wait_for_timeout(300)
    own = (url, f"http://127.0.0.1:{counter.port}")
    assert [r for r in seen["requests"] if not r.startswith(own)] == []  # nothing before the click
    page.locator("a[data-youtube]").first.click()
    frame = page.locator("iframe.video-card__frame")
    expect(frame).to_have_attribute("src", f"{videos.NOCOOKIE}/embed/{VIDEO}?autoplay=1&start=90")
    expect(frame).to_have_attribute("title", "Video trên YouTube")
    for _ in range(200):  # the frame's request, however loaded the machine (10 s at most)
        if player:
            break
        page.wait_for_timeout(50)
    page.wait_for_timeout(300)  # and no second one
    assert player == [f"{videos.NOCOOKIE}/embed/{VIDEO}?autoplay=1&start=90"]
    assert [r for r in seen["requests"] if not r.startswith(own)] == player
    page.goto(f"{url}/tim-kiem/?q=h%E1%BB%99i%20th%E1%BA%A3o", wait_until="load")
    expect(page.locator(".search-result-title a").first).to_be_visible()
    assert seen["csp"] == [] and seen["console"] == []


# --- Settings mistakes: one line naming the setting, no traceback ----------------------
@pytest.mark.parametrize("extra, named", [
    ('MENU = [("Trang chủ", "index"), ("Giới thiệu", "page:khong-co")]',
     "MENU: không có trang nào có Slug «khong-co» (mục «Giới thiệu»)"),
    ('MENU = [("Trang chủ", "index"), ("Tin", "category:Không có")]',
     "MENU: chuyên mục «Không có» (mục «Tin») không có trong CATEGORIES"),
    ('CATEGORIES = "Tin hoạt động LHH"', "CATEGORIES phải là danh sách tên chuyên mục"),
    ('VISIT_COUNTER = {"provider": "goatcouter"}', "VISIT_COUNTER['provider']: «goatcouter» không hợp lệ"),
    ('VISIT_COUNTER = {"provider": "goatcounter", "endpoint": "chua-co"}', "VISIT_COUNTER['endpoint']"),
    ('IMAGES = {"widths": [480, 0]}', "IMAGES['widths']"),
    ('PARALLEL_WRITE = {"workers": -1}', "PARALLEL_WRITE['workers']"),
])
def test_a_settings_mistake_is_one_line_naming_it(tmp_path, extra, named):
    content = tmp_path / "content"
    write_files(content, {"2025/bai.md": article("Nội dung.")})
    settings = settings_file(tmp_path / "s.py", extra=(
        SMALL_SITE_LINES if "MENU" not in extra else "OLD_URLS = {}\n") + extra + "\n")
    result = run_pelican(content, tmp_path / "out", settings)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output and "Error:" not in output
    assert named in " ".join(output.split())


# --- Summaries: the prose, not the page's furniture ---------------------------------
CARD = ('<div class="video-card video-card--youtube"><a class="video-card__link" href="https://youtu.be/x">'
        '<span class="video-card__play" aria-hidden="true"></span><span class="video-card__title">Video trên '
        'YouTube</span><span class="video-card__source" data-pagefind-ignore>YouTube · bấm để xem</span></a>'
        '<p class="video-card__note" data-pagefind-ignore>Video chỉ được tải từ youtube-nocookie.com khi bạn '
        'bấm.</p></div>')
FOOTNOTES = ('<div class="footnote"><hr><ol><li id="fn:1"><p>Báo cáo của Sở.&#160;<a class="footnote-backref" '
             'href="#fnref:1">↩</a></p></li></ol></div>')


@pytest.mark.parametrize("body, words, summary", [
    ("<p>Hội thảo tư vấn.</p>", 60, "Hội thảo tư vấn."),
    ("<p>Một hai ba bốn năm.</p>", 3, "Một hai ba…"),
    ("<p>Một hai ba.</p>", 3, "Một hai ba."),  # exactly the limit: no «…»
    (f"<p>Xem lại lễ trao giải:</p>{CARD}<p>Tiếp theo.</p>", 60, "Xem lại lễ trao giải: Tiếp theo."),
    ('<p>Theo báo cáo<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>, tỉnh có 44 cụm.</p>'
     + FOOTNOTES, 60, "Theo báo cáo, tỉnh có 44 cụm."),
    ('<figure><img src="a.jpg" alt="Ảnh"><figcaption>Đại biểu dự hội nghị</figcaption></figure><p>Sáng '
     'nay.</p>', 60, "Sáng nay."),
    ("<p>Số liệu:</p><div class=\"table-wrap\"><table><tr><th>Năm</th><th>Số cụm</th></tr><tr><td>2020</td>"
     "<td>41</td></tr></table></div><p>Kết luận.</p>", 60, "Số liệu: Kết luận."),
    ("<h2>Phần I</h2><p>Nội dung<br>dòng hai</p><ul><li>một</li><li>hai</li></ul>", 60,
     "Phần I Nội dung dòng hai một hai"),
    # A word cut by a tag is one word; typogrify's no-break space joins two.
    ("<p>Liên<em>hiệp</em> hội&nbsp;tỉnh &amp; <b>huyện</b></p>", 2, "Liênhiệp hội\u00a0tỉnh…"),
    ("<p>Liên<em>hiệp</em> hội&nbsp;tỉnh &amp; <b>huyện</b></p>", 4, "Liênhiệp hội\u00a0tỉnh & huyện"),
    ("<p>A b c</p>", None, "A b c"),  # SUMMARY_MAX_LENGTH = None: the whole prose
    ("", 60, ""),
])
def test_a_summary_is_the_first_words_of_the_prose(body, words, summary):
    """A video article's summary was «Video trên YouTubeYouTube · bấm để
    xemVideo chỉ được tải…» on every listing, in its description and its
    JSON-LD; a footnote's mark was glued to its word («báo cáo1»)."""
    from plugins.core.html_text import summary_text

    assert summary_text(body, words) == summary


def note(number: int, text: str = "") -> str:
    return f'<sup id="fnref:{number}">{text}<a class="footnote-ref" href="#fn:{number}">{number}</a></sup>'


@pytest.mark.parametrize("body, expected", [
    (f"<p>Theo báo cáo{note(1)}{note(2)}{note(3)}.</p>",  # «¹²³» read as note 123 on a phone
     f"<p>Theo báo cáo{note(1)}{note(2, NOTE_SEPARATOR)}{note(3, NOTE_SEPARATOR)}.</p>"),
    (f"<p>Một{note(1)} {note(2)}, hai{note(3)}</p>", None),  # a space or words between them: apart already
    (f"<p>m<sup>2</sup>{note(1)}</p>", None),  # a superscript that is no note
    ('<p><sup id="fnref:a:1"><a class="footnote-ref" href="#fn:a:1">1</a></sup>'  # a Hỏi & đáp item's ids
     '<sup id="fnref:a:2"><a class="footnote-ref" href="#fn:a:2">2</a></sup></p>',
     '<p><sup id="fnref:a:1"><a class="footnote-ref" href="#fn:a:1">1</a></sup>'
     f'<sup id="fnref:a:2">{NOTE_SEPARATOR}<a class="footnote-ref" href="#fn:a:2">2</a></sup></p>'),
])
def test_two_note_marks_side_by_side_are_told_apart(body, expected):
    """«²³» read as one number on a phone. The comma is inside the second
    mark: the summary and the search leave it out with the mark."""
    from plugins.core.html_text import apart_note_marks, summary_text, unindexed_note_marks

    apart = apart_note_marks(body)
    assert apart == (expected or body)
    assert summary_text(unindexed_note_marks(apart), 60) == summary_text(body, 60)


@pytest.mark.parametrize("body, marked", [
    # Pasted as <https://…>, as [https://…](https://…), with «&» in the query.
    ('<p><a href="https://vusta.vn/tin/26246">https://vusta.vn/tin/26246</a></p>', True),
    ('<p><a href="https://a.vn/?p=1&amp;q=2">https://a.vn/?p=1&amp;q=2</a></p>', True),
    # The text without its scheme, «www.» or last slash says the address too.
    ('<p><a href="https://www.thaibinh.gov.vn/">thaibinh.gov.vn</a></p>', True),
    ('<p><a href="https://a.vn/Tai-Lieu">https://a.vn/tai-lieu</a></p>', False),  # not the same path
    ('<p><a href="https://vusta.vn/">Liên hiệp các Hội</a></p>', False),
    ('<p><a href="#fn:1">#fn:1</a></p>', False),
    ('<p><a href="https://a.vn/x.jpg"><img alt="" src="https://a.vn/x.jpg"></a></p>', False),
])
def test_a_link_whose_text_is_its_address_is_marked(body, marked):
    """Printed, a link's address follows its text (style.css): a pasted
    bare address was printed twice. Such links carry the class the print
    rule leaves out; the others, and their other attributes, are kept."""
    from plugins.core.html_text import BARE_LINK, marked_bare_links

    link = BeautifulSoup(marked_bare_links(body), "html.parser").a
    before = BeautifulSoup(body, "html.parser").a
    assert (BARE_LINK in link.get("class", [])) is marked
    assert link["href"] == before["href"] and link.get_text() == before.get_text()
    with_class = body.replace("<a ", '<a class="lien-ket" ', 1)
    assert BeautifulSoup(marked_bare_links(with_class), "html.parser").a["class"] == (
        ["lien-ket", BARE_LINK] if marked else ["lien-ket"])


@pytest.mark.parametrize("markup, expected", [
    ('<a href="/van-ban/2025/Kế hoạch 12.PDF">kế hoạch</a>', '<a href="/van-ban/2025/Kế%20hoạch%2012.PDF">kế hoạch</a>'),
    ('<a class="x" href="/a\tb.pdf" title="c d">', '<a class="x" href="/a%09b.pdf" title="c d">'),
    ('<a href="/a-b.pdf">a b</a> <img alt="a b" src="/a b.png">', None),  # no space in it; a photo's is plugins.images'
])
def test_a_links_spaces_are_encoded(markup, expected):
    from plugins.core.html_text import spaceless_hrefs

    assert spaceless_hrefs(markup) == (expected or markup)


def test_a_link_to_a_file_named_with_spaces_is_a_valid_address_on_its_page_and_in_the_feed(make_site):
    """The README allows spaces in file names; a ``{static}`` link to one
    was written with its spaces: invalid HTML, in the page and the feed."""
    from xml.etree import ElementTree

    site = make_site({"2025/bai.md": "Title: Bài có tệp\nDate: 2025-03-05\nAuthor: Ban thông tin\n"
                                     "Category: Tin hoạt động LHH\n\n"
                                     "Tải [ảnh gốc](<{static}/images/2025/Ảnh Hội Thảo 1.jpg>).\n",
                      "images/2025/Ảnh Hội Thảo 1.jpg": photo(3, 320, 240)})
    link = site.soup("bai-viet/bai-co-tep/").find("a", string="ảnh gốc")
    assert link["href"].endswith("/images/2025/Ảnh%20Hội%20Thảo%201.jpg"), link
    assert site.path(unquote(urlsplit(link["href"]).path).lstrip("/")).is_file()
    feed = (site.output / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    ElementTree.fromstring(feed.encode())
    assert "Ảnh%20Hội%20Thảo%201.jpg" in feed and "Ảnh Hội Thảo 1.jpg" not in feed


def test_a_video_article_without_summary_is_summarized_by_its_words(make_site):
    """Built: the listing, the description, Open Graph, JSON-LD and the feed
    of an article that opens with a video card and has footnotes and no
    Summary: header say its words, not the card's or the footnotes'."""
    import json

    body = (f"Xem lại lễ trao giải của hội thi[^1]:\n\nhttps://www.youtube.com/watch?v={VIDEO}\n\n"
            "Hội thi năm nay có 120 giải pháp.\n\n[^1]: Hội thi Sáng tạo kỹ thuật lần thứ X.\n")
    site = make_site({"2025/video.md": "Title: Video hội thi\nDate: 2025-03-05\nAuthor: Ban thông tin\n"
                                       "Category: Tin hoạt động LHH\n\n"
                                       + body}, FEED_ALL_ATOM="feeds/all.atom.xml")
    expected = "Xem lại lễ trao giải của hội thi: Hội thi năm nay có 120 giải pháp."
    page = site.soup("bai-viet/video-hoi-thi/")
    said = {
        "listing": site.soup("").select_one(".entry-summary").get_text(),
        "description": page.find("meta", attrs={"name": "description"})["content"],
        "og:description": page.find("meta", property="og:description")["content"],
        "JSON-LD": json.loads(page.find("script", type="application/ld+json").string)["description"],
        "feed": BeautifulSoup(BeautifulSoup(site.text("feeds/all.atom.xml"), "xml").find("summary").string,
                              "html.parser").get_text(),
    }
    assert {where: text.replace("\u00a0", " ") for where, text in said.items()} == dict.fromkeys(said, expected)
    pairs = page.select_one("[data-pagefind-weight='0.5']").get_text().split()
    assert "namnay" in pairs and "youtubeyoutube" not in pairs and "thi1" not in pairs, pairs
