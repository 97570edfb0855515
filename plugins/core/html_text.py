"""The words of an HTML body, for the search's joined pairs and for the
summary of an item without a ``Summary:`` header (pure functions).

What a reader reads as the text is not all the body holds: a video card's
interface («YouTube · bấm để xem», «Video chỉ được tải từ
youtube-nocookie.com khi bạn bấm», marked ``data-pagefind-ignore``) and the
footnote marks (``<sup id="fnref:1">``) sat glued to the words around them:
«Video trên YouTubeYouTube · bấm để xem…» was the summary of a video
article on every listing, in its description and its JSON-LD, and
«khoahoc1» a joined pair. A summary also leaves out what is not prose: a
photo and its caption, a table, the footnotes, a whole video card.

``marked_bare_links`` marks the links whose text is their own address, for
the print rule of ``style.css`` (``plugins.vietnamese``' reader applies it
to every body, after the video cards). ``spaceless_hrefs`` encodes the
spaces of links' addresses in every page and feed. ``apart_note_marks``
puts a comma between two footnote marks side by side. ``scrolling_tables``
puts each table in the box that scrolls it sideways (marked when its words
fit a printed sheet side by side).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

# Elements whose boundaries end a run of words, as a line break does.
BLOCKS = frozenset(
    "address article aside blockquote br dd details div dl dt figcaption figure "
    "footer h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary "
    "table tbody td tfoot th thead tr ul".split()
)
VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
NEVER_TEXT = frozenset({"script", "style", "template"})
NOT_PROSE = frozenset({"figure", "table"})
NOT_PROSE_CLASSES = frozenset({"footnote", "video-card"})


def _left_out(tag: str, attrs: list, prose_only: bool) -> bool:
    if tag in NEVER_TEXT:
        return True
    named = dict(attrs)
    if "data-pagefind-ignore" in named:  # interface words, not the text
        return True
    if tag == "sup" and (named.get("id") or "").startswith("fnref"):  # a footnote's mark
        return True
    return prose_only and (tag in NOT_PROSE or not NOT_PROSE_CLASSES.isdisjoint((named.get("class") or "").split()))


class _Enough(Exception):
    """The summary has its words: the rest of the body is not parsed."""


class Text(HTMLParser):
    """Text of an HTML fragment, a line break at each block boundary; an
    element left out (``_left_out``) is left out whole, children included.
    With ``words``, parsing stops once more than that many words are in."""

    def __init__(self, prose_only: bool = False, words: int | None = None):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.prose_only = prose_only
        self.words = words
        self.counted = 0
        self.depth = 0  # inside an element left out: its open elements

    def handle_starttag(self, tag, attrs):
        if self.depth or _left_out(tag, attrs, self.prose_only):
            self.depth += tag not in VOID
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):  # <br/>, <img …/>: no end tag to wait for
        if not self.depth and tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self.depth:
            self.depth -= 1
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.depth:
            return
        # HTML whitespace (a wrapped source line) is a space, not a break.
        self.parts.append(re.sub(r"[ \t\n\r\f]+", " ", data))
        if self.words is not None:
            self.counted += len(data.split())  # a word cut by a tag counts twice: checked below
            if self.counted > self.words and len(_SPACES.split("".join(self.parts).strip())) > self.words:
                raise _Enough


def text_of(markup: str, prose_only: bool = False, words: int | None = None) -> str:
    parser = Text(prose_only, words)
    try:
        parser.feed(markup)
        parser.close()
    except _Enough:
        pass
    return "".join(parser.parts)


# Words are separated by HTML whitespace; typogrify's no-break space
# (U+00A0, between a paragraph's last two words) stays inside its «word».
_SPACES = re.compile(r"[ \t\n\r\f]+")


# A footnote's mark and its way back: <sup id="fnref:1"> and
# <a class="footnote-backref">.
_NOTE_MARKS = re.compile(r'<(sup(?=\s[^>]*\bid="fnref)|a(?=\s[^>]*\bclass="footnote-backref"))')


def unindexed_note_marks(markup: str) -> str:
    """A body's footnote marks and «↩» links marked ``data-pagefind-ignore``:
    the search index read them as words, and a result's excerpt as «công
    nghệ sinh học 1 và … ↩». (``text_of`` leaves them out already.)"""
    return _NOTE_MARKS.sub(lambda match: f"<{match.group(1)} data-pagefind-ignore", markup)


# Two footnote marks side by side («báo cáo[^1][^2]»): nothing but the
# first's end between them.
_NOTE_AFTER_NOTE = re.compile(r'(class="footnote-ref"[^>]*>[^<]*</a></sup>)(<sup\s[^>]*\bid="fnref[^"]*"[^>]*>)')
NOTE_SEPARATOR = '<span class="footnote-sep" aria-hidden="true">,</span>'


def apart_note_marks(markup: str) -> str:
    """A footnote mark right after another starts with a comma («¹,²»): on a
    phone «¹²» read as note 12. Inside the second mark, so that the search
    index and the summaries leave it out with the mark; hidden from screen
    readers, which say the two links apart. Marks with a space or words
    between them are left alone (CSS ``sup + sup`` would also match those)."""
    return _NOTE_AFTER_NOTE.sub(rf"\1\2{NOTE_SEPARATOR}", markup) if "fnref" in markup else markup


# A table in the box that scrolls it sideways on a phone (style.css). The
# table itself (display: block) scrolled: its rows were then laid out in an
# anonymous table as narrow as the column allows, every word of a cell on a
# line of its own (a Vietnamese name over four lines, a 60-row results table
# from Excel 9,470 px tall on a 360-px phone). In a box of its own it is as
# wide as its cells' text (each cell at most 16em, style.css). The table
# keeps the keyboard's focus (safe_html.SET_ATTRIBUTES): the arrow keys
# scroll its box.
TABLE_BOX = '<div class="table-scroll">'
_TABLE_START = re.compile(r"<table[\s>]")
# Printed, a table fits the sheet (style.css): its cells may break anywhere,
# so no column is lost past the edge. But then every column gave up width,
# the short ones too: a plan's amounts printed «125.000./000» and its «STT»
# «ST/T», beside a column of long text with room to spare. A table whose
# longest words fit the sheet side by side is marked TABLE_WORDS: printed,
# its cells break between words only. Estimated for the widest of the
# readers' fonts (DejaVu Sans, Linux: a digit 0.64em, bold 0.70em; Segoe UI
# and Roboto are narrower) at the printed 9pt, with each cell's padding and
# border, against 54em of the 60 that A4 leaves within Chrome's default
# margins (room for an answer's indent, a list's, a wide letter). A table
# with a cell spanning rows, or a table inside, is not estimated.
TABLE_WORDS = "table-words"
TABLE_WORDS_BOX = f'<div class="table-scroll {TABLE_WORDS}">'
PRINTED_TABLE_EM = 54
_CHAR_EM = {"td": 0.7, "th": 0.78}
_CELL_EM = 1.7


class _TableWords(HTMLParser):
    """For each table, in the order of its start tag: whether its longest
    words fit ``PRINTED_TABLE_EM`` side by side (``TABLE_WORDS``)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fits: list[bool] = []
        self.open: list[tuple[int, dict[int, float]]] = []  # (index in fits, column → widest word in em)
        self.column = 0
        self.cell: tuple[str, int, list[str]] | None = None  # tag, columns spanned, text

    def handle_starttag(self, tag, attrs):
        named = dict(attrs)
        if tag == "table":
            for index, _ in self.open:  # a table inside: its box is not estimated
                self.fits[index] = False
            self.fits.append(True)
            self.open.append((len(self.fits) - 1, {}))
            self.cell = None
        elif not self.open:
            return
        elif tag == "tr":
            self.column = 0
        elif tag in _CHAR_EM:
            if (named.get("rowspan") or "1").strip() != "1":
                self.fits[self.open[-1][0]] = False
            span = (named.get("colspan") or "1").strip()  # «²» is a digit int() refuses; 5,000 digits too
            self.cell = (tag, int(span[:6]) if span.isascii() and span.isdigit() else 1, [])
        elif tag == "br" and self.cell:
            self.cell[2].append(" ")

    def handle_data(self, data):
        if self.cell:
            self.cell[2].append(data)

    def handle_endtag(self, tag):
        if tag == "table" and self.open:
            index, widths = self.open.pop()
            self.fits[index] = self.fits[index] and sum(widths.values()) <= PRINTED_TABLE_EM
            self.cell = None
        elif tag in _CHAR_EM and self.cell and self.open:
            kind, span, text = self.cell
            if span == 1:  # a cell spanning columns wraps across them
                widest = max(map(len, _SPACES.split("".join(text))), default=0) * _CHAR_EM[kind] + _CELL_EM
                widths = self.open[-1][1]
                widths[self.column] = max(widths.get(self.column, _CELL_EM), widest)
            self.column += span
            self.cell = None


def scrolling_tables(markup: str) -> str:
    """Each table of a sanitised body inside ``TABLE_BOX`` (a table inside a
    cell too: the tags are matched one for one), ``TABLE_WORDS_BOX`` when
    its words fit a printed sheet side by side."""
    if "<table" not in markup:
        return markup
    parser = _TableWords()
    parser.feed(markup)
    parser.close()
    fits = iter(parser.fits)
    return _TABLE_START.sub(lambda match: (TABLE_WORDS_BOX if next(fits, False) else TABLE_BOX) + match.group(0),
                            markup).replace("</table>", "</table></div>")


# A link whose text is its own address: marked with this class, which the
# print rule of style.css leaves out (it printed the address twice).
BARE_LINK = "bare-link"
# A link of a sanitised body (nh3 writes every attribute value in double
# quotes) whose text holds no markup.
_LINK = re.compile(r'<a\s(?P<attrs>[^>]*)>(?P<text>[^<]*)</a>')
_HREF = re.compile(r'(?:^|\s)href="(?P<href>[^"]*)"')
_CLASS = re.compile(r'(?:^|\s)class="(?P<names>[^"]*)"')


def _as_read(address: str) -> str:
    """An address as a reader compares it: no scheme, no «www.», no trailing
    slash («thaibinh.gov.vn» is https://www.thaibinh.gov.vn/); case kept (a
    path's case matters to the server)."""
    address = re.sub(r"^[a-z][a-z0-9+.\-]*://", "", html.unescape(address).strip(), flags=re.I)
    return address.removeprefix("www.").rstrip("/")


_SPACED_HREF = re.compile(r'(<a\s[^>]*?\bhref=")([^"]*?\s[^"]*)(")')


def spaceless_hrefs(markup: str) -> str:
    """Every link's address with its white space percent-encoded. Pelican
    writes a ``{static}`` link to a file named «Kế hoạch 12.PDF» as it is
    named: the README allows spaces in file names, and the page and the
    feeds held ``href="…/Kế hoạch 12.PDF"`` (invalid: «Space is not
    allowed»; browsers followed it). Photos' addresses are encoded by
    ``plugins.images``, a document's files by ``plugins.documents``."""
    return _SPACED_HREF.sub(
        lambda match: match[1] + re.sub(r"\s", lambda space: f"%{ord(space[0]):02X}", match[2]) + match[3], markup)


def marked_bare_links(markup: str) -> str:
    """Each link whose text is its own address (an editor's pasted
    ``<https://…>`` or ``[https://…](https://…)``) carries ``BARE_LINK``:
    printed, a link's address follows its text, and such a link printed it
    twice. A link within the page (``#…``) is left alone."""

    def mark(match: re.Match) -> str:
        attrs, text = match["attrs"], match["text"]
        href = _HREF.search(attrs)
        if not href or href["href"].startswith("#") or not text.strip():
            return match.group(0)
        if _as_read(text) != _as_read(href["href"]):
            return match.group(0)
        names = _CLASS.search(attrs)
        if names:
            if BARE_LINK in names["names"].split():
                return match.group(0)
            attrs = attrs[:names.end("names")] + f" {BARE_LINK}" + attrs[names.end("names"):]
        else:
            attrs = f'{attrs} class="{BARE_LINK}"'
        return f"<a {attrs}>{text}</a>"

    return _LINK.sub(mark, markup) if "<a" in markup else markup


def summary_text(body: str, words: int | None, suffix: str = "…") -> str:
    """The first ``words`` words of the body's prose, plain text, ``suffix``
    after them when there are more (Pelican's SUMMARY_MAX_LENGTH and
    SUMMARY_END_SUFFIX); the whole prose when ``words`` is None."""
    found = [word for word in _SPACES.split(text_of(body, prose_only=True, words=words)) if word]
    if words is not None and len(found) > words:
        return " ".join(found[:words]) + suffix
    return " ".join(found)
