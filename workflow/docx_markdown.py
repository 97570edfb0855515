"""A Word document's body as our Markdown: mammoth's HTML, cleaned.

``docx_markdown.convert(data, …)`` reads a .docx (bytes) with **mammoth**
(docx → semantic HTML) and turns that HTML into the Markdown our articles
use. Between the two, a mammoth *document transform* (``Transform``) works
on mammoth's own model of the document:

- text in legacy TCVN3/VNI fonts becomes Unicode (``legacy_fonts``). Mammoth
  exposes only a run's direct ``w:rFonts w:ascii``; the transform resolves
  the rest as Word does (run style, paragraph style with its ``basedOn``
  chain, document defaults) from ``word/styles.xml``;
- "All caps" runs are upper-cased (Word shows them so);
- a picture's caption (a "Caption" paragraph, or a short italic or centred
  line right under the picture) is marked, and tables used to lay photos
  out side by side are unwrapped into the photos and their captions.

The HTML → Markdown step is our own (``Markdown``), not markdownify: on the
same mammoth HTML markdownify 1.2.3 indents nested lists by 2 spaces, which
Python-Markdown reads as one flat list, and passes ``<b>`` typed in the
text through as raw HTML; ours is also faster (bench/import_docx.py,
README "Word import"). It knows the small set of tags mammoth writes.
"""

from __future__ import annotations

import html
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

import mammoth
from lxml import etree
from lxml import html as lxml_html
from mammoth import documents as d
from mammoth.docx.files import ExternalFileAccessIsDisabledError

from plugins.core.rules import SUBSCRIPT, SUPERSCRIPT, without_invisible

from . import legacy_fonts

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CAPTION_STYLE = "Docx Import Caption"
STYLE_MAP = f"""
p[style-name='Title'] => h1:fresh
p[style-name='Heading 7'] => h6:fresh
p[style-name='Heading 8'] => h6:fresh
p[style-name='Heading 9'] => h6:fresh
p[style-name='{CAPTION_STYLE}'] => p.caption:fresh
p[style-name^='toc '] => !
p[style-name='TOC Heading'] => !
"""
PHOTO_SRC = "docx-photo:"
PICTURE = "\x00{}\x00"  # a picture inside a list item, until its file is named
PICTURE_RE = re.compile("\x00(\\d+)\x00")


# --- Fonts as Word resolves them ---------------------------------------------------
class Fonts:
    """The font of a run: direct formatting, else its character style,
    else its paragraph style (each with its ``basedOn`` chain), else the
    document's default (17.7.2 of ECMA-376 Part 1; table styles ignored)."""

    def __init__(self, styles_xml: bytes | None):
        self.styles: dict[str, tuple[str | None, str | None]] = {}
        self.default: str | None = None
        if not styles_xml:
            return
        root = etree.fromstring(styles_xml)
        default = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self.default = self._font(default) or None
        for style in root.iter(f"{W}style"):
            based = style.find(f"{W}basedOn")
            self.styles.setdefault(style.get(f"{W}styleId"), (
                based.get(f"{W}val") if based is not None else None, self._font(style.find(f"{W}rPr"))))

    @staticmethod
    def _font(rpr) -> str | None:
        """The font an rPr sets ("" for a theme font), or None if it sets none."""
        fonts = rpr.find(f"{W}rFonts") if rpr is not None else None
        if fonts is None:
            return None
        name = fonts.get(f"{W}hAnsi") or fonts.get(f"{W}ascii")
        if name:
            return name
        return "" if fonts.get(f"{W}asciiTheme") or fonts.get(f"{W}hAnsiTheme") else None

    def of_style(self, style_id: str | None) -> str | None:
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            based, font = self.styles.get(style_id, (None, None))
            if font is not None:
                return font
            style_id = based
        return None

    def of_run(self, run: d.Run, paragraph_style: str | None) -> str | None:
        for font in (run.font, self.of_style(run.style_id), self.of_style(paragraph_style), self.default):
            if font is not None:
                return font or None
        return None


# --- The document transform ----------------------------------------------------------
def _text(element) -> str:
    if isinstance(element, d.Text):
        return element.value
    if isinstance(element, d.Tab):
        return " "
    return "".join(_text(child) for child in getattr(element, "children", []) or [])


def _has_image(element) -> bool:
    if isinstance(element, d.Image):
        return True
    return any(_has_image(child) for child in getattr(element, "children", []) or [])


def _runs(element):
    for child in getattr(element, "children", []) or []:
        if isinstance(child, d.Run):
            yield child
        else:
            yield from _runs(child)


def is_picture(element) -> bool:
    """A paragraph that holds pictures and no text."""
    return isinstance(element, d.Paragraph) and _has_image(element) and not _text(element).strip()


def _is_heading(paragraph: d.Paragraph) -> bool:
    name = (paragraph.style_name or "").lower()
    return name.startswith("heading") or name == "title"


@dataclass
class Transform:
    """mammoth's ``transform_document``: see the module's docstring."""

    fonts: Fonts
    caption_max_chars: int
    unknown_fonts: dict[str, str] = field(default_factory=dict)  # font -> a sample of its text

    def __call__(self, document: d.Document) -> d.Document:
        notes = getattr(document.notes, "_notes", {})  # mammoth keeps them by key only
        return document.copy(
            children=self.blocks(document.children),
            notes=d.notes([note.copy(body=self.blocks(note.body)) for note in notes.values()]),
        )

    # Blocks: paragraphs, tables, and what they hold.
    def blocks(self, elements) -> list:
        out = []
        for element in elements:
            if isinstance(element, d.Paragraph):
                out.append(self.paragraph(element))
            elif isinstance(element, d.Table):
                out.extend(self.table(element))
            else:
                out.append(element)
        return self.mark_captions(out)

    @staticmethod
    def is_data_table(table: d.Table) -> bool:
        """A table of facts that has photos in it (Họ tên | Chức vụ | Ảnh):
        a first row of words only, two cells at least, and a later row with
        a photo beside words. Kept a table: unwrapped, each cell became a
        paragraph, the name no longer beside its photo."""
        rows = [list(row.children) for row in table.children if isinstance(row, d.TableRow)]
        if len(rows) < 2 or any(_has_image(cell) for cell in rows[0]):
            return False
        if sum(1 for cell in rows[0] if _text(cell).strip()) < 2:
            return False
        return any(any(_has_image(cell) for cell in row) and any(_text(cell).strip() and not _has_image(cell)
                                                                 for cell in row) for row in rows[1:])

    def table(self, table: d.Table) -> list:
        if not _has_image(table) or self.is_data_table(table):
            rows = [row.copy(children=[cell.copy(children=self.blocks(cell.children)) for cell in row.children])
                    if isinstance(row, d.TableRow) else row for row in table.children]
            return [table.copy(children=rows)]
        # A table that lays photos out: its cells in reading order; a row
        # of pictures followed by a row of text gives each picture the text
        # of the cell under it as its caption.
        rows = [[cell.children for cell in row.children] for row in table.children if isinstance(row, d.TableRow)]
        out, index = [], 0
        while index < len(rows):
            row = rows[index]
            below = rows[index + 1] if index + 1 < len(rows) else None
            pictures = [cell for cell in row if any(is_picture(b) for b in cell)]
            if (below is not None and pictures and len(below) == len(row)
                    and all(all(is_picture(b) for b in cell if _text(b).strip() or _has_image(b)) for cell in row)
                    and not any(_has_image(b) for cell in below for b in cell)):
                for cell, under in zip(row, below):
                    converted = self.blocks(cell)
                    texts = [self.paragraph(b) for b in under if isinstance(b, d.Paragraph) and _text(b).strip()]
                    if converted and texts and len(_text(texts[0]).strip()) <= self.caption_max_chars:
                        texts[0] = texts[0].copy(style_id=None, style_name=CAPTION_STYLE)
                    out.extend(converted + texts)
                index += 2
                continue
            for cell in row:
                out.extend(self.blocks(cell))
            index += 1
        return out

    def mark_captions(self, blocks: list) -> list:
        for index in range(1, len(blocks)):
            if is_picture(blocks[index - 1]) and self.is_caption(blocks[index]):
                blocks[index] = blocks[index].copy(style_id=None, style_name=CAPTION_STYLE)
        return blocks

    def is_caption(self, element) -> bool:
        """A paragraph right under a picture that reads as its caption."""
        if not isinstance(element, d.Paragraph) or element.numbering or _has_image(element):
            return False
        text = _text(element).strip()
        if not text or _is_heading(element):
            return False
        if (element.style_name or "").lower() == "caption":
            return True
        if len(text) > self.caption_max_chars:
            return False
        runs = [run for run in _runs(element) if _text(run).strip()]
        return element.alignment == "center" or (bool(runs) and all(run.is_italic for run in runs))

    # Runs: legacy fonts and "All caps".
    def paragraph(self, paragraph: d.Paragraph) -> d.Paragraph:
        texts = []  # [encoding, value] of every text in a legacy font, in order

        def collect(element, encoding):
            for child in getattr(element, "children", []) or []:
                if isinstance(child, d.Run):
                    font = self.fonts.of_run(child, paragraph.style_id)
                    kind = legacy_fonts.font_encoding(font)
                    if kind == "unknown":
                        sample = _text(child)
                        if any(ord(c) > 0x7F for c in sample):
                            self.unknown_fonts.setdefault(font, sample.strip()[:40])
                        kind = None
                    collect(child, kind)
                elif isinstance(child, d.Text) and encoding:
                    texts.append([encoding, child.value])
                else:
                    collect(child, encoding)

        collect(paragraph, None)
        # A VNI mark split from its letter by a change of formatting.
        for before, after in zip(texts, texts[1:]):
            if (before[0] == after[0] == "vni" and after[1][:1] in legacy_fonts.VNI_MARKS
                    and before[1][-1:] in legacy_fonts.VNI_BASES):
                before[1], after[1] = before[1] + after[1][0], after[1][1:]
        converted = iter(legacy_fonts.decode(value, kind) for kind, value in texts)

        def rewrite(element, legacy, caps):
            if isinstance(element, d.Text):
                value = next(converted) if legacy else element.value
                return element.copy(value=value.upper() if caps else value)
            children = getattr(element, "children", None)
            if children is None:
                return element
            if isinstance(element, d.Run):
                kind = legacy_fonts.font_encoding(self.fonts.of_run(element, paragraph.style_id))
                legacy, caps = kind not in (None, "unknown"), element.is_all_caps
                return element.copy(children=[rewrite(c, legacy, caps) for c in children], is_all_caps=False)
            return element.copy(children=[rewrite(c, legacy, caps) for c in children])

        return rewrite(paragraph, False, False)


# --- Photos -------------------------------------------------------------------------------
@dataclass
class Picture:
    """A picture as mammoth found it, in document order (1-based ``number``)."""

    number: int
    data: bytes = b""
    content_type: str = ""
    error: str = ""  # why it cannot be read ("" if it can)


# --- HTML → Markdown --------------------------------------------------------------------
@dataclass
class Block:
    """One top-level piece of the article: its Markdown and what the
    headers are taken from."""

    kind: str  # heading, paragraph, figure, list, table, notes
    markdown: str
    plain: str = ""
    level: int = 0
    bold: bool = False  # a paragraph in bold throughout (a title candidate)
    picture: int = 0  # a figure: the picture's number, and its caption
    caption: str = ""


MD_ESCAPE = re.compile(r"([\\`*_\[\]{}])")
LINE_START = re.compile(r"^(\s*)([#>+|-]|\d+(?=\.\s))", re.MULTILINE)
# Line starts Markdown reads as something else that a backslash does not
# escape («\=» is published as typed, backslash included): a line of «=»
# only (the line above becomes a heading), «: » (a definition) and «~~~»
# (a code block). Their first character becomes its character reference.
LINE_START_REFERENCE = re.compile(r"^(\s*)(?:(=)(?=[=\s]*$)|(:)(?=\s)|(~)(?=~~))", re.MULTILINE)
ENTITY = re.compile(r"&(?=#?\w+;)")
SPACES = re.compile(r"[ \t\r\n]+")


def marked(text: str, mark: str) -> str:
    """``text`` between ``mark``s (``**`` bold, ``*`` italic), its spaces
    outside them (Markdown reads no emphasis that starts with a space)."""
    core = text.strip()
    if not core:
        return text
    return f"{text[: len(text) - len(text.lstrip())]}{mark}{core}{mark}{text[len(text.rstrip()):]}"


def escape(text: str) -> str:
    """Text that Python-Markdown shows as typed: no emphasis, link, HTML
    or entity is made from it."""
    text = MD_ESCAPE.sub(r"\\\1", text)
    return ENTITY.sub("&amp;", text).replace("<", "&lt;")


def escape_line_starts(text: str) -> str:
    """A paragraph line that would start a heading, quote, list, table,
    definition or code block is kept a paragraph; «=> Kết quả», «:)» stay
    as typed, without a backslash."""
    text = LINE_START.sub(lambda m: m.group(1) + (m.group(2) + "\\" if m.group(2)[0].isdigit() else "\\" + m.group(2)),
                         text).replace("\\\\.", "\\.")
    return LINE_START_REFERENCE.sub(lambda m: m.group(1) + f"&#{ord(m.group(m.lastindex))};", text)


def squash(text: str) -> str:
    """Runs of spaces, tabs and line ends as one space; no-break spaces
    (U+00A0, U+202F) kept as typed."""
    return SPACES.sub(" ", text).strip()


NOTE_LINK = ("#footnote-", "#endnote-")


def plain(element) -> str:
    """An element's text as a reader sees it, without note references."""
    parts = []

    def walk(node):
        if node.tag == "a" and (node.get("href") or "").startswith(NOTE_LINK):
            return
        parts.append(node.text or "")
        for child in node:
            walk(child)
            if child.tag in PLAIN_BREAKS:  # «Hội nghị<br>tổng kết», a table's cells: words apart
                parts.append(" ")
            parts.append(child.tail or "")

    walk(element)
    return squash("".join(parts))


PLAIN_BREAKS = frozenset({"br", "p", "li", "td", "th", "tr", "h1", "h2", "h3", "h4", "h5", "h6"})


def header_rows(rows) -> int:
    """How many of a table's first rows are its header: those Word repeats
    on every page (``thead``), or, when the first row groups columns under
    one cell (``colspan``) beside cells merged down (``rowspan``: «STT»),
    the rows those cells cover."""
    head = sum(1 for row in rows if row.getparent() is not None and row.getparent().tag == "thead")
    first = [cell for cell in rows[0] if cell.tag in ("td", "th")] if rows else []
    down = max((int(cell.get("rowspan", "1") or 1) for cell in first), default=1)
    grouped = any(int(cell.get("colspan", "1") or 1) > 1 for cell in first)
    return max(head, down if grouped else 1, 1)


@dataclass
class Markdown:
    """mammoth's HTML (a small, known set of tags) as Markdown blocks.

    A picture is a ``figure`` block (its number and caption), rendered once
    the files are named; one inside a list item or a table cell is a
    ``PICTURE`` token in the item's or cell's text."""

    notes: dict[str, int] = field(default_factory=dict)
    inline_pictures: bool = False  # in a list or a table: a picture is a PICTURE token
    dropped_links: list[tuple[str, str]] = field(default_factory=list)  # (text, address): a file on a disk…
    unreferenced_notes: list[str] = field(default_factory=list)  # a note whose mark is in a caption

    def blocks(self, fragment: str) -> list[Block]:
        root = lxml_html.fragment_fromstring(fragment or "<p></p>", create_parent="div")
        out: list[Block] = []
        children = list(root)
        index = 0
        while index < len(children):
            element = children[index]
            following = children[index + 1] if index + 1 < len(children) else None
            caption = following if following is not None and "caption" in (following.get("class") or "") else None
            out.extend(self.block(element, caption))
            index += 2 if caption is not None and self._pictures(element) else 1
        return [block for block in out if block.markdown.strip() or block.picture]

    # Blocks
    def block(self, element, caption=None) -> list[Block]:
        tag = element.tag
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            text = self.inline(element).replace("\n", " ").strip()
            return [Block("heading", text, plain(element), level=int(tag[1]))]
        if tag == "p":
            return self.paragraph(element, caption)
        if tag in ("ul", "ol"):
            if any(li.get("id", "").startswith(("footnote-", "endnote-")) for li in element):
                return [self.footnotes(element)]
            return self._with_inline_pictures("list", self.list, element)
        if tag == "table":
            return self._with_inline_pictures("table", self.table, element)
        if tag == "dl":  # comments: never published
            return []
        return self.paragraph(element, None)

    def _with_inline_pictures(self, kind: str, convert, element) -> list[Block]:
        self.inline_pictures = True
        try:
            return [Block(kind, convert(element), plain(element))]
        finally:
            self.inline_pictures = False

    def _pictures(self, element) -> list[int]:
        return [int(img.get("src", "")[len(PHOTO_SRC):]) for img in element.iter("img")
                if img.get("src", "").startswith(PHOTO_SRC)]

    def paragraph(self, element, caption) -> list[Block]:
        pictures = self._pictures(element)
        if pictures and not plain(element):
            caption_text = plain(caption) if caption is not None else ""
            return [Block("figure", "", picture=number, caption=caption_text if i == len(pictures) - 1 else "")
                    for i, number in enumerate(pictures)]
        text = self.inline(element)
        blocks = []
        # Manual line breaks: at the ends or doubled they are spacing.
        for chunk in re.split(r"\n\s*\n", text.strip("\n")):
            lines = [line.strip() for line in chunk.split("\n") if line.strip()]
            if lines:
                body = escape_line_starts("  \n".join(lines))
                bold = len(element) == 1 and element[0].tag == "strong" and not (element.text or "").strip() \
                    and not (element[0].tail or "").strip()
                blocks.append(Block("paragraph", body, plain(element), bold=bold))
        # A picture among text: after the text it was in.
        blocks.extend(Block("figure", "", picture=number) for number in pictures)
        return blocks

    def inline(self, element, in_table: bool = False) -> str:
        parts = [self.text(element.text, in_table)]
        for child in element:
            parts.append(self.inline_element(child, in_table))
            parts.append(self.text(child.tail, in_table))
        return "".join(parts)

    def text(self, value: str | None, in_table: bool) -> str:
        if not value:
            return ""
        value = escape(SPACES.sub(" ", value))
        return value.replace("|", "\\|") if in_table else value

    def inline_element(self, element, in_table: bool) -> str:
        tag = element.tag
        if tag == "br":
            return " " if in_table else "\n"
        if tag == "img":  # pictures are blocks of their own, but in a list or a table
            src = element.get("src", "")
            return PICTURE.format(src[len(PHOTO_SRC):]) if self.inline_pictures and src.startswith(PHOTO_SRC) else ""
        if tag in ("strong", "b", "em", "i"):
            mark = "**" if tag in ("strong", "b") else "*"
            # Each line marked alone: a bold run across an empty line (two
            # line breaks) is cut into two paragraphs, and «**» opened in
            # one and closed in the next was published as typed.
            return "\n".join(marked(line, mark) for line in self.inline(element, in_table).split("\n"))
        if tag == "a":
            return self.link(element, in_table)
        if tag in ("sup", "sub"):
            # Every note's mark: two notes side by side («…¹²», a footnote
            # then an endnote) are one <sup> of two; the second was lost.
            links = [a for a in element.iter("a") if (a.get("href") or "").startswith(NOTE_LINK)]
            if links:
                for link in links:
                    self.notes.setdefault(link.get("href")[1:], len(self.notes) + 1)
                return "".join(f"[^{self.notes[link.get('href')[1:]]}]" for link in links)
            raw = plain(element)
            table = SUPERSCRIPT if tag == "sup" else SUBSCRIPT
            return self.text(raw.translate(table) if all(ord(c) in table for c in raw) else raw, in_table)
        if tag == "input":
            return "☒" if element.get("checked") else "☐"
        return self.inline(element, in_table)  # s, u, span…: their text

    def link(self, element, in_table: bool) -> str:
        inner = self.inline(element, in_table)
        href = (element.get("href") or "").strip()
        if not inner.strip() or not re.match(r"^(https?:|mailto:|tel:)", href, re.IGNORECASE):
            if inner.strip() and href and not href.startswith("#") and not re.match(
                    r"^\s*(javascript|vbscript|data):", href, re.IGNORECASE):
                self.dropped_links.append((squash(plain(element)), href))  # a file on someone's disk
            return inner  # a bookmark, an anchor in the document
        # As a browser sends them: a space, «(», «)» would end the Markdown
        # target, a «"» start a link title («c="3"» lost its «"3"»), «<» and
        # «>» read as an autolink.
        for sign, code in ((" ", "%20"), ("(", "%28"), (")", "%29"), ('"', "%22"), ("<", "%3C"), (">", "%3E")):
            href = href.replace(sign, code)
        return f"[{inner.strip()}]({href})"

    def list(self, element) -> str:
        """Items one a line; a nested list indented by 4 spaces, as
        Python-Markdown wants."""
        lines = []
        for number, item in enumerate((li for li in element if li.tag == "li"), start=1):
            parts, nested = [self.text(item.text, False)], []
            for child in item:
                if child.tag in ("ul", "ol"):
                    nested.append(self.list(child))
                else:
                    parts.append(" " + self.inline(child) if child.tag == "p" else self.inline_element(child, False))
                parts.append(self.text(child.tail, False))
            marker = f"{number}." if element.tag == "ol" else "-"
            lines.append(f"{marker} {escape_line_starts(squash(''.join(parts)))}")
            lines.extend("    " + line for sub in nested for line in sub.split("\n"))
        return "\n".join(lines)

    def table(self, element) -> str:
        """A Markdown table: the first row is its header. A cell merged
        across columns or down rows (``colspan``, ``rowspan``: mammoth
        leaves the covered cells out) keeps the others in their columns, the
        covered places empty. A table of one row (a boxed note, two blocks
        side by side) is its cells' paragraphs: a header over an empty row
        is not a table."""
        rows, spread = [], []  # spread: each row with a merged cell's text in every column it spans
        covered: dict[int, int] = {}  # column -> rows still covered by a cell above

        def fill(cells: list[str]) -> None:
            while covered.get(len(cells), 0) > 0:
                covered[len(cells)] -= 1
                cells.append("")

        # Its own rows: a table inside a cell is that cell's text (its rows
        # were also added to this table, and its cells glued into one word).
        own = [row for row in element.iter("tr") if next(row.iterancestors("table"), None) is element]
        for row in own:
            cells, spans = [], []
            for cell in row:
                if cell.tag not in ("td", "th"):
                    continue
                fill(cells)
                spans += [""] * (len(cells) - len(spans))
                parts = []
                for child in cell:
                    if child.tag in ("ul", "ol"):
                        parts.extend(self.cell_list(child))
                    elif child.tag == "table":
                        parts.append(self.cell_table(child))
                    else:
                        parts.append(self.inline(child, True))
                if not len(cell):
                    parts.append(self.inline(cell, True))
                text = squash(" ".join(parts))
                down = int(cell.get("rowspan", "1") or 1)
                for column in range(int(cell.get("colspan", "1") or 1)):
                    if down > 1:
                        covered[len(cells)] = down - 1
                    cells.append("" if column else text)
                    spans.append(text)
            last = max((column for column, left in covered.items() if left > 0), default=-1)
            while len(cells) <= last:  # covered places at the row's end
                if covered.get(len(cells), 0) > 0:
                    covered[len(cells)] -= 1
                cells.append("")
            rows.append(cells)
            spread.append(spans + [""] * (len(cells) - len(spans)))
        # A header of two rows or more («Kết quả» over «Năm 2023 | Năm
        # 2024», «STT» merged down beside it): Markdown has one header row,
        # and the lower ones were published as the first row of figures,
        # «Kết quả» over an empty column. One row, each column's header
        # words top to bottom: «Kết quả – Năm 2023».
        depth = header_rows(own)
        if 1 < depth < len(rows):
            width = max(len(row) for row in spread[:depth])
            columns = zip(*(row + [""] * (width - len(row)) for row in spread[:depth]))
            rows = [[" – ".join(dict.fromkeys(text for text in column if text)) for column in columns],
                    *rows[depth:]]
        rows = [row for row in rows if any(row)] or [[""]]
        if len(rows) == 1:
            return "\n\n".join(escape_line_starts(cell) for cell in rows[0] if cell)
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        lines = ["| " + " | ".join(rows[0]) + " |", "| " + " | ".join(["---"] * width) + " |"]
        lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
        return "\n".join(lines)

    def cell_table(self, element) -> str:
        """A table in a table cell, as the cell's text: its rows one after
        another («a, b; c, d»)."""
        rows = ([squash(self.inline(cell, True)) for cell in row] for row in element.iter("tr"))
        return "; ".join(", ".join(text for text in row if text) for row in rows)

    def cell_list(self, element, depth: int = 0) -> list[str]:
        """A list in a table cell, one string an item: «• », or its
        number for a numbered list («1. »), a nested item «◦ » (it was
        «• Kỹ thuật trồng lúaGiống mớiPhân bón • Giống mới • Phân bón»,
        and a numbered list lost its numbers)."""
        parts = []
        for number, item in enumerate((li for li in element if li.tag == "li"), start=1):
            words = [self.text(item.text, True)]
            nested = []
            for child in item:
                if child.tag in ("ul", "ol"):
                    nested += self.cell_list(child, depth + 1)
                elif child.tag == "p":
                    words.append(" " + self.inline(child, True))
                else:
                    words.append(self.inline_element(child, True))
                words.append(self.text(child.tail, True))
            mark = f"{number}." if element.tag == "ol" else ("◦" if depth else "•")
            parts.append(f"{mark} {squash(''.join(words))}")
            parts += nested
        return parts

    def footnotes(self, element) -> Block:
        lines = []
        for item in element:
            key = item.get("id", "")
            for back in item.iter("a"):
                if (back.get("href") or "").startswith(("#footnote-ref-", "#endnote-ref-")):
                    back.getparent().remove(back)
            # A note of several paragraphs keeps them: the later ones indented
            # under it, as Markdown's footnotes read them (they were joined).
            paragraphs = [squash(self.inline(p)) for p in item if p.tag == "p"]
            paragraphs = [text for text in (p.rstrip("↑ ").strip() for p in paragraphs) if text]
            text = "\n\n    ".join(paragraphs)
            if key in self.notes and text:
                lines.append(f"[^{self.notes[key]}]: {text}")
            elif text:  # its mark in a caption (read as plain text): not published
                self.unreferenced_notes.append(" ".join(paragraphs))
        return Block("notes", "\n".join(lines))


# --- Fields -----------------------------------------------------------------------------------
# Fields whose shown result means nothing on a web page: page numbers and
# tables of contents. Other fields (SEQ numbers of captions, DATE, REF…)
# show their result as text; field codes are never shown.
PAGE_FIELDS = re.compile(r"^\s*(PAGE|NUMPAGES|SECTIONPAGES|PAGEREF|TOC)\b", re.IGNORECASE)
HYPERLINK_FIELD = re.compile(r"^\s*HYPERLINK\b", re.IGNORECASE)
# A field instruction's pieces: a switch (\l), a quoted argument («\"» and
# «\\» escaped in it) or a bare one.
FIELD_PIECE = re.compile(r'\\([A-Za-z])(?![^\s"])|"((?:[^"\\]|\\.)*)"?|(\S+)')


def hyperlink_instruction(code: str) -> str | None:
    """A HYPERLINK field's instruction as mammoth reads it, or None for one
    without an address: ``HYPERLINK "address#location"``, or ``HYPERLINK
    \\l "location"`` for a place in the document. mammoth takes everything
    between the first and the last «"» as the address, so a ScreenTip
    (``\\o "…"``), a target frame (``\\t "_blank"``) or a location beside
    the address (``\\l "muc-2"``) became part of it, «…/tin%22%20\\o%20%22Mở
    trang»: a dead link."""
    address = location = None
    taking = None  # the switch whose argument comes next
    for piece in FIELD_PIECE.finditer(code, HYPERLINK_FIELD.match(code).end()):
        if piece[1]:
            taking = piece[1].lower() if piece[1].lower() in "lot" else None
            continue
        value = re.sub(r"\\(.)", r"\1", piece[2]) if piece[2] is not None else piece[3]
        if taking == "l":
            location = value
        elif taking is None and address is None:
            address = value
        taking = None
    if address:
        return f'HYPERLINK "{address}{"#" + location if location else ""}"'
    return f'HYPERLINK \\l "{location}"' if location else None


def _field_runs(simple, instruction: str) -> None:
    """A simple field (``w:fldSimple``) written as the complex field Word
    writes for the same (begin, instruction, separate, its runs, end), which
    mammoth reads: it drops a simple field whole."""
    def char(kind: str):
        run = etree.Element(f"{W}r")
        etree.SubElement(run, f"{W}fldChar").set(f"{W}fldCharType", kind)
        return run

    code = etree.Element(f"{W}r")
    etree.SubElement(code, f"{W}instrText").text = instruction
    for element in (char("begin"), code, char("separate"), *simple, char("end")):
        simple.addprevious(element)


# Complex fields open at once (begun, not yet ended) past which a document
# is damaged: Word nests a few (a page number in a hyperlink in a table of
# contents), and mammoth reads all its open fields again at each run (8,000
# opened and never ended in a 40 KB file: 8–29 s to import).
FIELDS_OPEN_MAX = 64


class TooManyOpenFields(ValueError):
    """A document.xml with more than ``FIELDS_OPEN_MAX`` fields open at once
    (``import_docx.damaged`` words it)."""


def prepare_fields(xml: bytes) -> bytes:
    """document.xml with page-number and TOC field results emptied, the
    simple fields (``w:fldSimple``, which mammoth drops whole) unwrapped
    into their shown result, and every HYPERLINK field's instruction
    written as mammoth reads it (``hyperlink_instruction``; a simple one
    as a complex field: its link was lost, only its words imported).
    Unchanged bytes when there is nothing to do (most documents: the
    package is then not rewritten). Raises ``TooManyOpenFields``."""
    plain = b"fldSimple" not in xml and b"instrText" not in xml
    if plain and b"fldChar" not in xml:
        return xml
    root = etree.fromstring(xml)
    for simple in list(root.iter(f"{W}fldSimple")):
        parent = simple.getparent()
        code = simple.get(f"{W}instr") or ""
        link = hyperlink_instruction(code) if HYPERLINK_FIELD.match(code) else None
        if link:
            _field_runs(simple, link)
        elif not PAGE_FIELDS.match(code):
            for child in simple:
                simple.addprevious(child)
        parent.remove(simple)
    # [its instrText elements, showing its result, a page field's]; hiding:
    # how many open fields show a page number, each text told in one step
    # (the open fields scanned for each, and an instruction of 40,000
    # pieces copied at each piece: 18 s for a 61 KB file)
    stack: list[list] = []
    hiding = 0
    for element in root.iter(f"{W}fldChar", f"{W}instrText", f"{W}t"):
        if element.tag == f"{W}fldChar":
            kind = element.get(f"{W}fldCharType")
            if kind == "begin":
                stack.append([[], False, False])
                if len(stack) > FIELDS_OPEN_MAX:
                    raise TooManyOpenFields(len(stack))
            elif kind == "separate" and stack and not stack[-1][1]:
                parts = stack[-1][0]
                code = "".join(part.text or "" for part in parts)
                stack[-1][1:] = True, bool(PAGE_FIELDS.match(code))
                hiding += stack[-1][2]
                link = hyperlink_instruction(code) if HYPERLINK_FIELD.match(code) else None
                if link:  # Word cuts an instruction into several w:instrText
                    for part in parts:
                        part.text = ""
                    parts[0].text = link
            elif kind == "end" and stack:
                hiding -= stack.pop()[2]
        elif element.tag == f"{W}instrText" and stack and not stack[-1][1]:
            stack[-1][0].append(element)
        elif hiding:
            element.text = ""
    if plain:  # fields without instructions: nothing to write
        return xml
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _hidden(rpr) -> bool | None:
    """Whether an rPr hides its text (``w:vanish``), or None if it does not say."""
    mark = rpr.find(f"{W}vanish") if rpr is not None else None
    return None if mark is None else mark.get(f"{W}val", "true") not in ("0", "false", "off")


def hidden_styles(styles_xml: bytes | None) -> set[str]:
    """The ids of the styles that hide their text, through ``basedOn``."""
    if not styles_xml or b"vanish" not in styles_xml:
        return set()
    own: dict[str, tuple[str | None, bool | None]] = {}
    for style in etree.fromstring(styles_xml).iter(f"{W}style"):
        based = style.find(f"{W}basedOn")
        own[style.get(f"{W}styleId")] = (based.get(f"{W}val") if based is not None else None,
                                         _hidden(style.find(f"{W}rPr")))
    hidden = set()
    for style_id in own:
        seen, current = set(), style_id
        while current in own and current not in seen:
            seen.add(current)
            based, says = own[current]
            if says is not None:
                if says:
                    hidden.add(style_id)
                break
            current = based
    return hidden


def without(xml: bytes, root, elements: list) -> bytes:
    """document.xml (parsed as ``root``) without ``elements``; its own bytes
    when there are none (the package is then not rewritten)."""
    if not elements:
        return xml
    for element in elements:
        element.getparent().remove(element)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def prepare_hidden(xml: bytes, styles_xml: bytes | None = None) -> bytes:
    """document.xml without the runs formatted as hidden text (Font ›
    Hidden, ``w:vanish``, directly or by a character or paragraph style),
    which Word neither shows nor prints but mammoth reads as any other: a
    reviewer's «chưa duyệt» note hidden in a report was published.
    Unchanged bytes when there is none."""
    styles = hidden_styles(styles_xml)
    if b"vanish" not in xml and not styles:
        return xml
    root = etree.fromstring(xml)
    hidden = []
    for run in root.iter(f"{W}r"):
        says = _hidden(run.find(f"{W}rPr"))
        if says is None:
            style = run.find(f"{W}rPr/{W}rStyle")
            paragraph = next(run.iterancestors(f"{W}p"), None)
            paragraph_style = paragraph.find(f"{W}pPr/{W}pStyle") if paragraph is not None else None
            says = any(element is not None and element.get(f"{W}val") in styles
                       for element in (style, paragraph_style))
        if says:
            hidden.append(run)
    return without(xml, root, hidden)


def prepare_placeholders(xml: bytes) -> bytes:
    """document.xml without the placeholder text of content controls left
    empty (``w:showingPlcHdr``): a form's «Bấm hoặc gõ nhẹ vào đây để nhập
    văn bản.» («Click or tap here to enter text.»), which Word shows in grey
    where nothing was typed, was published as a sentence. Unchanged bytes
    when there is none."""
    if b"showingPlcHdr" not in xml:
        return xml
    root = etree.fromstring(xml)
    changed = False
    for mark in root.iter(f"{W}showingPlcHdr"):
        if mark.get(f"{W}val", "true") in ("0", "false", "off"):
            continue
        content = mark.getparent().getnext()
        while content is not None and content.tag != f"{W}sdtContent":
            content = content.getnext()
        for text in content.iter(f"{W}t") if content is not None else ():
            text.text = ""
            changed = True
    if not changed:
        return xml
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def contents_line(text: str) -> bool:
    """Whether a paragraph's text is a table of contents' line: its words,
    then a tab or leader dots, then a page number («Mở đầu ........ 3»).
    Read from the end, in linear time: a pattern for it backtracked
    cubically (1.8 s on a line of 800 dots, hours on a hostile file's)."""
    text = text.rstrip()
    number = text.rstrip("0123456789")
    if number == text:
        return False
    words = number.rstrip(".…·_" + "".join(c for c in set(number) if c.isspace()))
    leader = number[len(words):]
    return bool(words.strip()) and ("\t" in leader or "…" in leader or re.search("[.·_]{3}", leader) is not None)


# A table of contents' title.
CONTENTS_TITLE = re.compile(r"\s*(mục lục|contents|table of contents)\s*:?\s*", re.IGNORECASE)


# What a table of contents' title may hold, in document.xml's bytes: «lục»
# (ụ composed or not, any case) or «contents»; only then is it parsed.
CONTENTS_HINT = re.compile(rb"(?i)l(?:\xe1\xbb[\xa4\xa5]|u\xcc\xa3)c|contents")


def paragraph_text(paragraph) -> str:
    """A paragraph's words and tabs as Word shows them (a ``w:tab`` in
    ``w:pPr`` is a tab stop, not a tab)."""
    return "".join(element.text or "" if element.tag == f"{W}t" else "\t"
                   for element in paragraph.iter(f"{W}t", f"{W}tab", f"{W}ptab")
                   if element.getparent().tag == f"{W}r")


def prepare_contents(xml: bytes) -> bytes:
    """document.xml without the lines of a table of contents that are plain
    paragraphs, not a TOC field nor in TOC styles: held in Word's content
    control for it (References › Table of Contents: ``w:docPartGallery``
    «Table of Contents»; the field «converted to text», a table of contents
    pasted from another file), or typed by hand — a title alone on its line
    («MỤC LỤC», «Mục lục:») followed by at least two lines of words, a tab
    or leader dots and a page number. «Mở đầu ........ 3», the printed
    pages' numbers, was published as the article's first paragraphs, and
    its «MỤC LỤC» taken for its summary. Other paragraphs typed into the
    control, and a title followed by fewer such lines, are kept. Unchanged
    bytes when there is none."""
    if b"Table of Contents" not in xml and not CONTENTS_HINT.search(xml):
        return xml
    root = etree.fromstring(xml)
    dropped = []
    for gallery in root.iter(f"{W}docPartGallery"):
        if gallery.get(f"{W}val") != "Table of Contents":
            continue
        control = next(gallery.iterancestors(f"{W}sdt"), None)
        content = control.find(f"{W}sdtContent") if control is not None else None
        for paragraph in content.iter(f"{W}p") if content is not None else ():
            text = paragraph_text(paragraph)
            if contents_line(text) or CONTENTS_TITLE.fullmatch(unicodedata.normalize("NFC", text)):
                dropped.append(paragraph)
    body = root.find(f"{W}body")
    children = list(body) if body is not None else []
    for index, child in enumerate(children):
        if child.tag != f"{W}p" or not CONTENTS_TITLE.fullmatch(unicodedata.normalize("NFC", paragraph_text(child))):
            continue
        lines = []
        for after in children[index + 1:]:
            text = paragraph_text(after) if after.tag == f"{W}p" else None
            if text is None or not (contents_line(text) or not text.strip()):
                break
            lines.append(after)
        if sum(contents_line(paragraph_text(line)) for line in lines) >= 2:
            dropped += [child, *lines]
    return without(xml, root, dropped)


VML = "{urn:schemas-microsoft-com:vml}"
# VML shapes that hold a text box and that mammoth does not read (it reads
# v:shape, v:rect, v:roundrect and v:group): their words were dropped.
UNREAD_SHAPES = frozenset(f"{VML}{name}" for name in ("oval", "arc", "curve", "polyline", "line", "image"))


def prepare_shapes(xml: bytes) -> bytes:
    """document.xml with a text box drawn in an ellipse (or an arc, a
    freeform…) read as one in a rectangle. mammoth reads a shape's words
    from the VML copy Word writes beside it (``mc:Fallback``), where an
    ellipse is a ``v:oval``, an element it skips: a «DỰ THẢO» or «Kính
    gửi» in a circle vanished, and nothing was said (the box has its
    fallback). Unchanged bytes when there is none."""
    if b"txbxContent" not in xml:
        return xml
    root = etree.fromstring(xml)
    changed = False
    for shape in list(root.iter(*UNREAD_SHAPES)):
        if shape.find(f"{VML}textbox") is not None:
            shape.tag = f"{VML}shape"
            changed = True
    if not changed:
        return xml
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- Word's automatic numbering ----------------------------------------------------------------
# mammoth keeps only "ordered or not" of a numbered paragraph: «I.», «a)»,
# «Điều 1.», «1.2.» all became Markdown's «1.», a numbered heading lost its
# number, and a list continued after a paragraph («3. Bước ba») started
# again at 1 (Python-Markdown ignores a list's first number). A text that
# says «mục II.3» or «điểm a» then points nowhere. ``prepare_numbering``
# writes such numbers into the text, as Word shows them; plain «1. 2. 3.»
# lists that start at 1 and bullets stay lists.
ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
         (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def number_text(value: int, fmt: str) -> str:
    """``value`` as Word writes it in numbering format ``fmt``."""
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        while value > 0:
            value, rest = divmod(value - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman = ""
        for amount, numeral in ROMAN:
            while value >= amount:
                roman, value = roman + numeral, value - amount
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


def _levels(numbering: bytes | None) -> tuple[dict, dict]:
    """({numId: abstractNumId}, {(abstractNumId or numId override, ilvl): (numFmt, lvlText, start)})."""
    nums, levels = {}, {}
    if not numbering:
        return nums, levels
    root = etree.fromstring(numbering)

    def read(level):
        get = lambda tag, default: (level.find(f"{W}{tag}").get(f"{W}val")  # noqa: E731
                                    if level.find(f"{W}{tag}") is not None else default)
        return get("numFmt", "decimal"), get("lvlText", ""), int(get("start", "1") or 1)

    for abstract in root.iter(f"{W}abstractNum"):
        for level in abstract.iter(f"{W}lvl"):
            levels[(abstract.get(f"{W}abstractNumId"), int(level.get(f"{W}ilvl") or 0))] = read(level)
    for num in root.iter(f"{W}num"):
        key = num.find(f"{W}abstractNumId")
        nums[num.get(f"{W}numId")] = key.get(f"{W}val") if key is not None else None
        for override in num.iter(f"{W}lvlOverride"):
            ilvl = int(override.get(f"{W}ilvl") or 0)
            level = override.find(f"{W}lvl")
            start = override.find(f"{W}startOverride")
            base = levels.get((nums[num.get(f"{W}numId")], ilvl), ("decimal", "", 1))
            if level is not None:
                base = read(level)
            if start is not None:
                base = (base[0], base[1], int(start.get(f"{W}val") or 1))
            levels[("num:" + num.get(f"{W}numId"), ilvl)] = base
    return nums, levels


def _style_numbering(styles: bytes | None) -> dict[str, tuple[str, int]]:
    """{paragraph styleId: (numId, ilvl)} for styles that number their paragraphs (a numbered Heading 2)."""
    found = {}
    if not styles:
        return found
    for style in etree.fromstring(styles).iter(f"{W}style"):
        num = style.find(f"{W}pPr/{W}numPr/{W}numId")
        if num is not None:
            ilvl = style.find(f"{W}pPr/{W}numPr/{W}ilvl")
            found[style.get(f"{W}styleId")] = (num.get(f"{W}val"), int(ilvl.get(f"{W}val") if ilvl is not None else 0))
    return found


def prepare_numbering(xml: bytes, numbering: bytes | None, styles: bytes | None) -> bytes:
    """document.xml with the numbers of numbered paragraphs written into
    their text where a Markdown list cannot say them: a format other than
    «1.» (I., a), Điều 1., 1.1.), a numbered heading, or a run of items that
    does not start at 1. Unchanged bytes when nothing is numbered so."""
    if b"numPr" not in xml and (not styles or b"numPr" not in styles):
        return xml
    try:
        nums, levels = _levels(numbering)
        by_style = _style_numbering(styles)
        root = etree.fromstring(xml)
    except etree.XMLSyntaxError:  # a damaged part: mammoth reports it, worded by the caller
        return xml
    counters: dict[str, dict[int, int]] = {}  # abstractNumId -> {level: its last number}
    restarted: set[tuple[str, int]] = set()
    items = []  # [paragraph, label, needs the label written, run]
    bullets = []  # (paragraph, run, its bullet): a bulleted level inside a numbered list
    run, previous = 0, None
    for paragraph in root.iter(f"{W}p"):
        ppr = paragraph.find(f"{W}pPr")
        direct = ppr.find(f"{W}numPr") if ppr is not None else None
        style = ppr.find(f"{W}pStyle") if ppr is not None else None
        style_id = style.get(f"{W}val") if style is not None else ""
        if direct is not None and direct.find(f"{W}numId") is not None:
            num_id = direct.find(f"{W}numId").get(f"{W}val")
            ilvl_element = direct.find(f"{W}ilvl")
            ilvl = int(ilvl_element.get(f"{W}val")) if ilvl_element is not None else by_style.get(style_id, ("", 0))[1]
        elif style_id in by_style:
            num_id, ilvl = by_style[style_id]
        else:
            previous = None
            continue
        abstract = nums.get(num_id)
        if num_id == "0" or abstract is None:
            previous = None
            continue
        level = levels.get(("num:" + num_id, ilvl)) or levels.get((abstract, ilvl))
        if level is not None and level[0] == "bullet" and previous == abstract and ilvl:
            bullets.append((paragraph, run, level[1]))  # «-» under «a)» in a «1.» / «a)» / «-» list
            continue
        if level is None or level[0] in ("bullet", "none"):
            previous = None
            continue
        # Word counts a list's numbers per abstract definition: two list
        # instances (w:num) of one definition continue each other, unless
        # one restarts at its w:startOverride.
        counter = counters.setdefault(abstract, {})
        if ("num:" + num_id, ilvl) in levels and (num_id, ilvl) not in restarted:
            restarted.add((num_id, ilvl))
            counter[ilvl] = level[2]
        else:
            counter[ilvl] = counter[ilvl] + 1 if ilvl in counter else level[2]
        for deeper in [k for k in counter if k > ilvl]:
            del counter[deeper]
        label = level[1]
        for k in range(ilvl + 1):
            k_level = levels.get(("num:" + num_id, k)) or levels.get((abstract, k)) or ("decimal", "", 1)
            label = label.replace(f"%{k + 1}", number_text(counter.get(k, k_level[2]), k_level[0]))
        if previous != abstract:
            run += 1
        previous = abstract
        heading = bool(re.match(r"(?i)heading|title", style_id or ""))
        plain = level[0] == "decimal" and level[1] == f"%{ilvl + 1}."
        # A table's «STT» column numbered by Word: each cell is a list of
        # its own, whose empty first item mammoth dropped (row 1 had no «1.»).
        in_cell = any(ancestor.tag == f"{W}tc" for ancestor in paragraph.iterancestors())
        items.append([paragraph, label.strip(), heading or not plain or in_cell, run, counter[ilvl], ilvl])
    written_runs = set()  # a run with one number a list cannot say is written out whole
    first_values: dict[tuple[int, int], int] = {}
    for _, _, written, run_id, value, ilvl in items:
        if written or first_values.setdefault((run_id, ilvl), value) != 1:
            written_runs.add(run_id)
    # A bulleted level of a list written out as text: its items were nested
    # under empty ones (the levels above are no list any more), two empty
    # bullets on the page. Written out too, with their bullet («-», or «•»
    # for a Symbol font's private character).
    written_out = [[paragraph, label.strip(), run_id] for paragraph, label, _, run_id, *_ in items]
    written_out += [[paragraph, bullet if bullet.strip() and bullet.isprintable() and not "\ue000" <= bullet <= "\uf8ff"
                     else "•", run_id] for paragraph, run_id, bullet in bullets]
    changed = False
    for paragraph, label, run_id in written_out:
        if run_id not in written_runs or not label:
            continue
        ppr = paragraph.find(f"{W}pPr")
        for old in ppr.findall(f"{W}numPr"):
            ppr.remove(old)
        number = etree.SubElement(ppr, f"{W}numPr")
        etree.SubElement(number, f"{W}ilvl").set(f"{W}val", "0")
        etree.SubElement(number, f"{W}numId").set(f"{W}val", "0")  # no list, also over a numbering style
        text_run = etree.Element(f"{W}r")
        text = etree.SubElement(text_run, f"{W}t")
        text.text = label + " "
        text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        ppr.addnext(text_run)
        changed = True
    if not changed:
        return xml
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- Pictures cropped, turned or flipped in Word --------------------------------------------
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
PIC = "{http://schemas.openxmlformats.org/drawingml/2006/picture}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
RELS = "word/_rels/document.xml.rels"
IMAGE_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
PACKAGE_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def shown_picture(data: bytes, crop: tuple[float, float, float, float], degrees: float, flip: tuple[bool, bool]
                  ) -> tuple[bytes, str] | None:
    """(bytes, extension) of the picture as Word shows it: upright by its
    EXIF, ``crop`` (left, top, right, bottom: fractions cut away,
    ``a:srcRect``), flipped, then turned ``degrees`` clockwise
    (``a:xfrm``); a JPEG stays a JPEG, a GIF a GIF, others become PNG,
    without metadata. None for a picture Pillow cannot write again (WMF:
    read_photo names it)."""
    import warnings

    from PIL import Image, ImageOps

    from plugins.core import photos

    try:
        with warnings.catch_warnings():
            photos.quiet_exif()  # a cut EXIF block: Pillow's English warning, the picture kept
            with Image.open(io.BytesIO(data)) as opened:
                kind = opened.format
                image = ImageOps.exif_transpose(opened)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    if kind not in ("JPEG", "MPO", "PNG", "GIF", "WEBP", "BMP", "TIFF"):
        return None
    left, top, right, bottom = (max(0.0, min(1.0, part)) for part in crop)
    if left + right < 1 and top + bottom < 1:
        width, height = image.size
        box = (round(width * left), round(height * top), round(width * (1 - right)), round(height * (1 - bottom)))
        if box[2] > box[0] and box[3] > box[1]:
            image = image.crop(box)
    if flip[0]:
        image = ImageOps.mirror(image)
    if flip[1]:
        image = ImageOps.flip(image)
    turn = degrees % 360
    quarter = round(turn / 90) % 4
    if abs(turn - round(turn / 90) * 90) < 0.5:
        image = image.transpose((None, Image.Transpose.ROTATE_270, Image.Transpose.ROTATE_180,
                                 Image.Transpose.ROTATE_90)[quarter]) if quarter else image
    else:
        fill = (255, 255, 255, 0) if image.mode in ("RGBA", "LA", "P") else "white"
        image = image.convert("RGBA" if image.mode in ("LA", "P") else image.mode).rotate(
            -turn, expand=True, resample=Image.Resampling.BICUBIC, fillcolor=fill)
    out = io.BytesIO()
    if kind in ("JPEG", "MPO"):
        image.convert("RGB").save(out, "JPEG", quality=90)
        return out.getvalue(), "jpeg"
    written = "GIF" if kind == "GIF" else "PNG"
    image.save(out, written)
    return out.getvalue(), written.lower()


def _number_attribute(element, name: str) -> int:
    """An element's whole-number attribute (0 when the element, the
    attribute or a number is missing)."""
    try:
        return int(element.get(name, 0)) if element is not None else 0
    except ValueError:
        return 0


def prepare_pictures(archive: zipfile.ZipFile, xml: bytes) -> tuple[bytes, dict[str, bytes]]:
    """(document.xml, {part name: bytes} to add or replace) with each
    picture cropped (``a:srcRect``), turned (``a:xfrm rot``) or flipped in
    Word replaced by a new part holding the picture as Word shows it: mammoth
    reads the whole stored picture, so the half an editor cut away (a face,
    a phone number on a form) was published, and a turned photo sideways.
    Unchanged bytes and nothing added when no picture is cropped, turned or
    flipped."""
    if b"srcRect" not in xml and b"rot=" not in xml and b"flip" not in xml:
        return xml, {}
    try:
        root = etree.fromstring(xml)
        rels = etree.fromstring(archive.read(RELS))
    except (KeyError, etree.XMLSyntaxError):  # a damaged part: mammoth reports it, worded by the caller
        return xml, {}
    targets = {rel.get("Id"): rel for rel in rels}
    added: dict[str, bytes] = {}
    for number, pic in enumerate(root.iter(f"{PIC}pic"), start=1):
        blip = pic.find(f"{PIC}blipFill/{A}blip")
        rel = targets.get(blip.get(f"{R}embed")) if blip is not None else None
        if rel is None or rel.get("TargetMode") == "External":
            continue
        rect = pic.find(f"{PIC}blipFill/{A}srcRect")
        xfrm = pic.find(f"{PIC}spPr/{A}xfrm")
        crop = tuple(_number_attribute(rect, side) / 100_000 for side in "ltrb")
        degrees = _number_attribute(xfrm, "rot") / 60_000
        flip = tuple(xfrm is not None and xfrm.get(name) in ("1", "true") for name in ("flipH", "flipV"))
        if not any(crop) and not degrees % 360 and not any(flip):
            continue
        target = rel.get("Target", "")
        name = target.lstrip("/") if target.startswith("/") else f"word/{target}"
        try:
            shown = shown_picture(archive.read(name), crop, degrees, flip)
        except KeyError:  # its part missing: mammoth's message
            continue
        if shown is None:
            continue
        shown, extension = shown
        part = f"media/bantin-shown-{number}.{extension}"
        identifier = f"rIdBantinShown{number}"
        etree.SubElement(rels, f"{PACKAGE_RELATIONSHIPS}Relationship", Id=identifier, Type=IMAGE_RELATIONSHIP,
                         Target=part)
        blip.set(f"{R}embed", identifier)
        added[f"word/{part}"] = shown
    if not added:
        return xml, {}
    added[RELS] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    types = etree.fromstring(archive.read("[Content_Types].xml"))
    known = {default.get("Extension", "").lower() for default in types}
    for extension in {name.rsplit(".", 1)[-1] for name in added if name.startswith("word/media/")} - known:
        etree.SubElement(types, types.tag.replace("Types", "Default"), Extension=extension,
                         ContentType=f"image/{extension}")
    added["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True), added


def prepare(data: bytes) -> bytes:
    """The package with ``prepare_hidden``, ``prepare_fields``,
    ``prepare_shapes``, ``prepare_placeholders``, ``prepare_contents``, ``prepare_numbering`` and
    ``prepare_pictures`` applied to its main document."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml")
        names = set(archive.namelist())
        styles = archive.read("word/styles.xml") if "word/styles.xml" in names else None
        prepared = prepare_numbering(
            prepare_contents(prepare_placeholders(prepare_shapes(prepare_fields(prepare_hidden(xml, styles))))),
            archive.read("word/numbering.xml") if "word/numbering.xml" in names else None,
            styles)
        prepared, added = prepare_pictures(archive, prepared)
        if prepared is xml:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as rewritten:
            for info in archive.infolist():
                if info.filename == "word/document.xml":
                    body = prepared
                else:
                    body = added.pop(info.filename, None) or archive.read(info)
                rewritten.writestr(info, body, compress_type=info.compress_type)
            for name, body in added.items():
                rewritten.writestr(name, body, compress_type=zipfile.ZIP_DEFLATED)
        return out.getvalue()


# --- The whole conversion -----------------------------------------------------------------
@dataclass
class Converted:
    blocks: list[Block]
    pictures: list[Picture]
    title_property: str
    unknown_fonts: dict[str, str]
    dropped_links: list[tuple[str, str]] = field(default_factory=list)
    unreferenced_notes: list[str] = field(default_factory=list)


def core_title(archive: zipfile.ZipFile) -> str:
    """The document's Title property (File › Info), or ""."""
    try:
        root = etree.fromstring(archive.read("docProps/core.xml"))
    except (KeyError, etree.XMLSyntaxError):
        return ""
    title = root.find("{http://purl.org/dc/elements/1.1/}title")
    return squash(title.text or "") if title is not None else ""


def to_html(data: bytes, caption_max_chars: int) -> tuple[str, list[Picture], Transform, str]:
    """mammoth's HTML of a .docx (NFC), its pictures, the transform that
    ran (for the fonts it could not convert) and the Title property.

    Raises what mammoth, zipfile and lxml raise for a broken file; the
    caller words it for the editor."""
    data = prepare(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            styles = archive.read("word/styles.xml")
        except KeyError:
            styles = None
        title = core_title(archive)
    transform = Transform(Fonts(styles), caption_max_chars)
    pictures: list[Picture] = []

    def convert_image(image) -> dict:
        picture = Picture(len(pictures) + 1, content_type=image.content_type or "")
        pictures.append(picture)
        try:
            with image.open() as stream:
                picture.data = stream.read()
        except ExternalFileAccessIsDisabledError:  # «Chèn › Ảnh › Liên kết tới tệp»
            picture.error = ("ảnh chỉ là liên kết tới một tệp trên máy đã soạn tài liệu, không nằm trong "
                             "tài liệu")
        except (OSError, KeyError, ValueError):  # its part missing from the archive
            picture.error = "ảnh không nằm trong tệp (phần chứa ảnh bị thiếu)"
        return {"src": f"{PHOTO_SRC}{picture.number}"}

    result = mammoth.convert_to_html(io.BytesIO(data), style_map=STYLE_MAP, transform_document=transform,
                                     convert_image=mammoth.images.img_element(convert_image))
    return without_invisible(unicodedata.normalize("NFC", result.value)), pictures, transform, title


def convert(data: bytes, caption_max_chars: int) -> Converted:
    """Read a .docx and return its Markdown blocks and pictures."""
    fragment, pictures, transform, title = to_html(data, caption_max_chars)
    markdown = Markdown()
    blocks = markdown.blocks(fragment)
    return Converted(blocks, pictures, title, transform.unknown_fonts, markdown.dropped_links,
                     markdown.unreferenced_notes)


def join_blocks(blocks: list[Block], render) -> str:
    """The body: every block but the notes, ``render(block)`` each, a blank
    line between. Python-Markdown would run a bulleted and a numbered list
    that follow each other together: a comment (allowed, as in ``invoke
    new``'s template) keeps them two lists."""
    parts = []
    for before, block in zip([None, *blocks], blocks):
        if block.kind == "notes":
            continue
        if before is not None and before.kind == block.kind == "list" and before.markdown[:1] != block.markdown[:1]:
            parts.append("<!-- -->")
        parts.append(render(block))
    return "\n\n".join(parts)


def figure_markdown(src: str, alt: str, caption: str, width: int, height: int) -> str:
    """A picture as the seed article writes it: a ``<figure>`` with its
    ``<figcaption>`` when it has a caption, else a Markdown image."""
    if not caption:
        return f"![{escape(alt)}]({src})"
    return (f'<figure>\n<img src="{src}" alt="{html.escape(alt)}" width="{width}" height="{height}">\n'
            f"<figcaption>{html.escape(caption, quote=False)}</figcaption>\n</figure>")
