"""What HTML an article body may hold (not a plugin): one allow-list, used by
the build (``plugins.vietnamese``' reader, on every rendered body) and the
content checker (``workflow/check.py``), so both refuse the same thing with
the same ``file:line`` message.

Editors paste embed codes from YouTube and Facebook, and HTML copied from
Word or other sites. Two layers:

1. **Refused, with a message** (``problems``): the active content a reader's
   browser would run or that loads another site into ours — ``<script>``,
   ``<style>``, ``<iframe>``, ``<object>``, ``<embed>``, ``<form>``,
   ``<video>``, ``<audio>`` and their kin, every ``on…=`` event-handler attribute, and a link or image address
   whose scheme is not http(s), mailto or tel (``javascript:``, ``data:``,
   ``vbscript:``…). Each message names what to write instead (a video: its
   address on a line of its own). The line is found in the Markdown text.
2. **Cleaned, silently** (``sanitize``): every rendered body goes through
   nh3 (the Ammonia HTML sanitizer) with the allow-list below, whatever
   layer 1 saw: unknown tags lose their markup but keep their text (Word's
   ``<font>``, ``<span style>``), unknown attributes are dropped (``style``,
   which the Content-Security-Policy blocks anyway), comments go.

Harmless HTML keeps working: tables, ``<sup>``/``<sub>``, ``<figure>`` and
``<figcaption>``, ``<br>``, definition lists, abbreviations, footnotes and
whatever else Python-Markdown's ``extra`` emits.

The checker must not render 5,000 Markdown files (3 ms each: 15 s, over its
5 s budget), so ``suspicious`` first reads the text itself, case-folded with
entities decoded: only a file with a refused tag name after ``<``, an
``on…=`` or a non-allowed scheme where an address goes is rendered and
checked. The build applies the same gate, so a file the gate lets through
is cleaned silently by both, never reported by one only. Cost in the build:
nh3 takes 0.2 ms on a 600-word article.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable
from html.parser import HTMLParser

import nh3

# --- The allow-list (the one place it is configured) ---------------------------
TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
    "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
    "var", "wbr",
}
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan", "scope", "abbr"},
    "ol": {"start", "reversed", "type"}, "li": {"value"},
    "col": {"span"}, "colgroup": {"span"}, "details": {"open"},
    "time": {"datetime"}, "q": {"cite"}, "blockquote": {"cite"},
    "del": {"cite", "datetime"}, "ins": {"cite", "datetime"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Their text goes too, not only their markup.
DROPPED_WITH_CONTENT = {"script", "style", "noscript", "template", "svg", "math"}

# --- What is refused, and what to write instead -------------------------------------
VIDEO_HINT = ("video YouTube hoặc Facebook: dán địa chỉ video (ví dụ "
              "https://www.youtube.com/watch?v=…) trên một dòng riêng, trang sẽ hiện khung video")
REFUSED_TAGS = {
    **dict.fromkeys(("script", "noscript"), "mã JavaScript không được chạy trong bài — xoá thẻ; "
                                            f"để nhúng {VIDEO_HINT}"),
    "style": ("CSS không được phép trong bài — xoá thẻ; định dạng bằng Markdown (**đậm**, "
              "*nghiêng*, ## tiêu đề, bảng), kiểu chữ của trang do giao diện quyết định"),
    **dict.fromkeys(("link", "meta", "base"), "thẻ này chỉ thuộc phần đầu trang, không thuộc bài — "
                                              "xoá thẻ; liên kết viết bằng [chữ hiện ra](địa chỉ)"),
    **dict.fromkeys(("iframe", "frame", "frameset", "object", "embed", "applet", "portal"),
                    f"không được nhúng trang khác vào bài — với {VIDEO_HINT}; bản đồ (Google Maps), phiếu "
                    "đăng ký (Google Forms), tài liệu, bài đăng khác: dán địa chỉ của trang đó (nút «Chia sẻ» "
                    "› sao chép đường liên kết) trên một dòng riêng, trang sẽ hiện liên kết, hoặc viết "
                    "[Điền phiếu đăng ký](địa chỉ)"),
    **dict.fromkeys(("form", "input", "button", "select", "textarea", "option"),
                    "biểu mẫu không được phép trong bài — đặt liên kết tới biểu mẫu (ví dụ Google "
                    "Forms) bằng [Điền phiếu đăng ký](địa chỉ)"),
    # <video src>, <audio src>: dropped by the sanitizer without a word (the
    # page kept «Video:» over nothing); with «controls» the message said to
    # write «&lt;», which put the code on the page.
    **dict.fromkeys(("video", "audio"),
                    "video, âm thanh không phát thẳng trong bài — video: đăng lên YouTube (hoặc "
                    "Facebook), rồi dán địa chỉ video trên một dòng riêng, trang sẽ hiện khung video; bản ghi "
                    "âm: đăng lên trang khác (YouTube, SoundCloud) rồi đặt liên kết [Nghe bản ghi](địa chỉ)"),
    **dict.fromkeys(("svg", "math", "template"),
                    "hình vẽ viết thẳng bằng mã không được phép — lưu thành tệp PNG hoặc JPEG và "
                    "chèn bằng ![mô tả]({static}/images/…)"),
}
URL_ATTRIBUTES = {"href", "src", "cite", "action", "formaction", "poster", "background",
                  "longdesc", "usemap", "xlink:href", "data", "codebase", "ping", "lowsrc",
                  "dynsrc", "manifest"}

# A table scrolls sideways inside its own box on a phone (style.css): the
# box takes the keyboard's focus, or a reader without a mouse cannot
# scroll it (Safari; axe's «scrollable-region-focusable», serious).
SET_ATTRIBUTES = {"table": {"tabindex": "0"}}

_cleaner = nh3.Cleaner(
    tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
    clean_content_tags=DROPPED_WITH_CONTENT, strip_comments=True, link_rel=None,
    set_tag_attribute_values=SET_ATTRIBUTES,
)


def sanitize(fragment: str) -> str:
    """A rendered body with only the allow-listed tags, attributes and URL
    schemes (nh3)."""
    return _cleaner.clean(fragment)


# --- Finding what is refused -------------------------------------------------------
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_CONTROLS = re.compile(r"[\x00-\x20\x7f]+")
_SUSPICIOUS_TAG = re.compile(r"<(?:" + "|".join(sorted(REFUSED_TAGS)) + r")\b")
# Supersets, tuned for speed (a literal first, no \b): 0.1 ms on a
# 600-word article.
_SUSPICIOUS_EVENT = re.compile(r"on[a-z]+\s*=")
# Where an address goes (a link's parentheses or reference, an autolink, an
# attribute value), then a scheme; browsers drop tabs and newlines in it.
_ADDRESS = re.compile(r"(?:\]\(|\]:|<|=)[\x00-\x20\"'<]*([a-z][a-z0-9+.\-\t\n\r]*):")
_TABS = re.compile(r"[\t\n\r]")


def scheme(address: str) -> str:
    """The scheme of an address as a browser reads it (entities decoded
    already; controls, spaces, tabs and newlines dropped), lower case; ""
    for a relative address or ``{static}…``."""
    match = _SCHEME.match(_CONTROLS.sub("", address).lower())
    return match.group(1) if match else ""


# «<Tên đơn vị>», «x<y khi y>z»: read as a tag, and dropped by the
# sanitizer with the words in it. A real element's name is ASCII letters and
# digits; a namespaced one (Word's «<o:p>») or an autolink has «:» or «@».
_TAG_START = re.compile(r"<([^\s</>!?]+)")
_TAG_END = re.compile(r"</([^\s</>!?]+)")
# Every element name of HTML, current and obsolete: markup pasted from Word
# or a web page (<font>, <center>) loses its tags and keeps its words; any
# other name after «<» is the editor's words (<hoten>, a quiz's <c>), which
# the sanitizer would drop.
HTML_ELEMENTS = frozenset("""
    a abbr acronym address applet area article aside audio b base basefont bdi bdo bgsound big blink
    blockquote body br button canvas caption center cite code col colgroup data datalist dd del details
    dfn dialog dir div dl dt em embed fieldset figcaption figure font footer form frame frameset h1 h2 h3
    h4 h5 h6 head header hgroup hr html i iframe image img input ins kbd keygen label legend li link main
    map mark marquee math menu menuitem meta meter nav nobr noembed noframes noscript object ol optgroup
    option output p param picture plaintext portal pre progress q rb rp rt rtc ruby s samp script search
    section select slot small source spacer span strike strong style sub summary sup svg table tbody td
    template textarea tfoot th thead time title tr track tt u ul var video wbr xmp
""".split())
# Allowed elements whose missing end tag takes the rest of the body with
# them: «chọn <a>, <b>, <c>» and «a<b và b>c» made every later paragraph a
# link or bold (a <p>, <li> or <td> ends by itself; <br>, <img> have none).
NEEDS_END = frozenset(TAGS - {"br", "col", "hr", "img", "wbr", "p", "li", "dt", "dd", "tr", "td", "th",
                              "thead", "tbody", "tfoot", "colgroup", "caption"})
VOID_ELEMENTS = frozenset("area base basefont bgsound br col embed frame hr image img input keygen link meta "
                          "param source track wbr".split())
AS_TEXT = "nếu là chữ, viết «&lt;» thay cho «<» (ví dụ «&lt;Tên đơn vị&gt;»), hoặc dùng dấu khác («[Tên đơn vị]»)"


def words_as_tag(tag: str, attrs) -> bool:
    """Is this start tag words the sanitizer would drop, not an element?"""
    if tag in TAGS or tag in REFUSED_TAGS or tag in DROPPED_WITH_CONTENT or ":" in tag or "@" in tag:
        return False
    return tag not in HTML_ELEMENTS or any(value is None for _, value in attrs)


def suspicious(text: str) -> bool:
    """Could the Markdown ``text`` render to something ``problems`` refuses?
    A superset test on the text alone: entities decoded, case folded."""
    folded = (html.unescape(text) if "&" in text else text).lower()
    if _SUSPICIOUS_TAG.search(folded) or _SUSPICIOUS_EVENT.search(folded):
        return True
    starts, ends = Counter(_TAG_START.findall(folded)), Counter(_TAG_END.findall(folded))
    if any(name not in TAGS for name in starts):
        return True
    # An allowed tag left open (<b> without </b>), or an end tag without its start.
    if any(starts[name] > ends[name] for name in starts if name in NEEDS_END) or any(
            ends[name] > starts[name] for name in ends):
        return True
    return any(_TABS.sub("", match.group(1)) not in URL_SCHEMES for match in _ADDRESS.finditer(folded))


class _Offences(HTMLParser):
    """(needle, message) of each refused tag, attribute or address, in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self.open: dict[str, list[str]] = {}  # tag: the text of each start tag not ended yet

    def drawing(self) -> bool:
        """Inside <svg> or <math>, whose elements (<circle>, <mi>) are their own."""
        return any(self.open.get(name) for name in ("svg", "math"))

    def handle_starttag(self, tag, attrs):
        written = self.get_starttag_text() or f"<{tag}>"
        if tag in REFUSED_TAGS:
            self.found.append((f"<{tag}", f"thẻ <{tag}> không được phép: {REFUSED_TAGS[tag]}"))
        elif not self.drawing() and words_as_tag(tag, attrs):
            self.found.append((f"<{tag}", f"chữ «{written}» bị đọc là một thẻ HTML nên sẽ mất khỏi trang — "
                                          f"{AS_TEXT}"))
            return
        if tag not in VOID_ELEMENTS:
            self.open.setdefault(tag, []).append(written)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append((name, f"thuộc tính «{name}» chạy mã JavaScript nên không được "
                                         f"phép — xoá «{name}=…» khỏi thẻ <{tag}>"))
            elif name in URL_ATTRIBUTES and value and scheme(value) not in URL_SCHEMES | {""}:
                # Found by the address itself, else by its scheme: «c:» alone
                # is also the end of «tổ chức:» on a line above.
                self.found.append(((value, f"{scheme(value)}:"), address_message(value)))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self.open.get(tag) and tag not in VOID_ELEMENTS:
            self.open[tag].pop()  # <b/>: nothing left open

    def handle_endtag(self, tag):
        if self.open.get(tag):
            self.open[tag].pop()
        elif tag in HTML_ELEMENTS and tag not in VOID_ELEMENTS and not self.drawing():
            # «</script>» or «</p>» typed in a sentence: dropped, or a
            # paragraph broken in two, without a word.
            self.found.append((f"</{tag}", f"chữ «</{tag}>» bị đọc là thẻ đóng HTML mà không có thẻ mở nên "
                                           f"sẽ mất khỏi trang — {AS_TEXT}"))

    def close(self):
        super().close()
        for tag, written in self.open.items():
            if tag not in NEEDS_END:
                continue
            for text in written:
                self.found.append((f"<{tag}", f"chữ «{text}» bị đọc là thẻ HTML <{tag}> không có thẻ đóng «</{tag}>» "
                                              f"nên phần sau của bài sẽ mất chữ hoặc đổi kiểu chữ — {AS_TEXT}; nếu "
                                              f"là thẻ, thêm «</{tag}>» sau chữ cần định dạng"))


def address_message(value: str) -> str:
    kind = scheme(value)
    shown = value if len(value) <= 40 else value[:40] + "…"
    if kind == "data":
        fix = "chép tệp (ảnh, tài liệu) vào content/images/ và dùng {static}/images/…"
    elif kind in ("javascript", "vbscript"):
        fix = "địa chỉ này chạy mã lệnh chứ không dẫn tới trang nào; liên kết phải là https://…"
    elif kind == "file" or len(kind) == 1:  # file:///C:/…, or C:\… (a drive letter read as a scheme)
        # What a Markdown editor (Typora, VS Code) writes for a photo dragged in.
        return (f"«{shown}» là một tệp trên máy tính của bạn, bạn đọc không mở được — chép tệp vào "
                "content/images/<năm>/ (ảnh) hoặc content/van-ban/<năm>/ (tài liệu) rồi viết "
                "«{static}/images/<năm>/ten-anh.jpg» hoặc «{static}/van-ban/<năm>/ten-tep.pdf» thay cho "
                "địa chỉ đó (ở bàn biên tập: chèn ảnh bằng nút «Ảnh»)")
    else:
        fix = "chỉ dùng địa chỉ https://, http://, mailto: hoặc tel:, hoặc {filename}/{static} cho tệp của trang"
    return f"địa chỉ «{shown}» dùng «{kind}:» nên không được phép — {fix}"


def body_start(text: str) -> int:
    """The 0-based index of the first line after the header block (its
    first blank line), as Python-Markdown's ``meta`` reads it."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if not line.strip():
            return index + 1
    return 0


def _places(lines: list[str], start: int, needle: str) -> list[int]:
    """The 1-based line of each occurrence of `needle` in the body, in
    order (a line holding it twice, twice)."""
    needle = needle.lower()
    places = []
    for index in range(start, len(lines)):
        line = lines[index].lower()
        places += [index + 1] * max(line.count(needle), _CONTROLS.sub("", html.unescape(line)).count(needle))
    return places


def problems(text: str, render: Callable[[], str]) -> list[tuple[int, str]]:
    """(line, message) of every refused thing in a Markdown file's body,
    sorted; ``render()`` gives the body's HTML, asked only when the text is
    ``suspicious``. The header block is not the body (it is escaped text)."""
    text = text.replace("\r\n", "\n")
    lines = text.split("\n")
    start = body_start(text)
    if not suspicious("\n".join(lines[start:])):
        return []
    parser = _Offences()
    parser.feed(render())
    parser.close()
    # The n-th offence of a kind is at the n-th place its text appears: three
    # pasted embed codes are three lines to fix, not the first one three times.
    places = {}
    for needle, _ in parser.found:
        # A needle may be (the text itself, a shorter fallback): the first found.
        places[needle] = next(filter(None, (_places(lines, start, text) for text in (
            needle if isinstance(needle, tuple) else (needle,)))), [start + 1])
    seen: Counter[str] = Counter()
    found = set()
    for needle, message in parser.found:
        found.add((places[needle][min(seen[needle], len(places[needle]) - 1)], message))
        seen[needle] += 1
    return sorted(found)
