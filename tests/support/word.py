"""Word documents made by the tests (python-docx, plus raw WordprocessingML
where python-docx has no API or where Word writes it differently), and the
photos in them (Pillow, JPEG with real EXIF). Shared with bench/.

``rich_document`` is the richest fixture: what an association's report
carries, and what the import must leave out. ``RICH`` lists what its
Markdown must say.
"""

from __future__ import annotations

import io
import random
import unicodedata
import zipfile
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.shared import Cm
from PIL import Image

from workflow.legacy_fonts import encode

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')


def word_package(**parts: str) -> bytes:
    """A minimal Word package (zip): its content types, and ``parts``
    (``word/…`` named with «_» for «/» and without «.xml»:
    ``word_comments="<w:comment …>"``), each wrapped in an element with the
    ``w:`` namespace. For the rules that read a .docx's parts without Word."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for name, xml in parts.items():
            archive.writestr(name.replace("_", "/") + ".xml", f'<?xml version="1.0"?><x {NS}>{xml}</x>')
    return buffer.getvalue()


def photo(kind: str = "JPEG", size: tuple[int, int] = (1200, 800), seed: int = 0, exif: bool = True) -> bytes:
    """A photo-like image (gradient and noise); a JPEG carries camera EXIF
    unless ``exif`` is False (as Word's «Nén ảnh» leaves it)."""
    rng = random.Random(seed)
    width, height = size
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    tint = Image.new("RGB", size, (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    image = Image.blend(image, tint, 0.5)
    noise = Image.frombytes("L", size, rng.randbytes(width * height)).convert("RGB")
    image = Image.blend(image, noise, 0.2)
    out = io.BytesIO()
    if kind == "JPEG":
        tags = Image.Exif()
        tags[0x010F], tags[0x0110], tags[0x0132] = "Canon", "Canon EOS 80D", "2025:03:12 08:30:00"
        image.save(out, "JPEG", quality=85, **({"exif": tags} if exif else {}))
    elif kind == "GIF":
        image.convert("P", palette=Image.Palette.ADAPTIVE).save(out, "GIF")
    else:
        image.save(out, kind)
    return out.getvalue()


def body_xml(document, xml: str):
    """Append raw WordprocessingML to the body (before its section properties)."""
    element = parse_xml(xml.replace("<w:NS", "").replace("NSDECL", NS))
    document.element.body.sectPr.addprevious(element)
    return element


def raw_paragraph(document, inner: str, style: str | None = None, align: str | None = None):
    ppr = "".join([f'<w:pStyle w:val="{style}"/>' if style else "", f'<w:jc w:val="{align}"/>' if align else ""])
    return body_xml(document, f"<w:p NSDECL><w:pPr>{ppr}</w:pPr>{inner}</w:p>")


def raw_run(text: str, font: str | None = None, bold: bool = False, italic: bool = False,
            underline: bool = False, hidden: bool = False) -> str:
    props = "".join([f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}"/>' if font else "",
                     "<w:b/>" if bold else "", "<w:i/>" if italic else "", '<w:u w:val="single"/>' if underline else "",
                     "<w:vanish/>" if hidden else ""])
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'


def picture(document, data: bytes, width_cm: float = 12, align_center: bool = True):
    paragraph = document.add_paragraph()
    if align_center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run().add_picture(io.BytesIO(data), width=Cm(width_cm))
    return paragraph


def hyperlink(document, paragraph, text: str, url: str) -> None:
    rid = document.part.relate_to(url, RT.HYPERLINK, is_external=True)
    paragraph._p.append(parse_xml(f'<w:hyperlink {NS} r:id="{rid}"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/>'
                                  f"</w:rPr><w:t>{text}</w:t></w:r></w:hyperlink>"))


def multilevel_bullets(document) -> int:
    """A two-level bullet list as Word defines one (python-docx's template
    has single-level lists only); returns its numId."""
    numbering = document.part.numbering_part.element
    levels = "".join(f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
                     f'<w:lvlText w:val="{mark}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{720 * (level + 1)}" '
                     'w:hanging="360"/></w:pPr></w:lvl>' for level, mark in ((0, "•"), (1, "o")))
    first_num = numbering.find(f"{{{numbering.nsmap['w']}}}num")
    first_num.addprevious(parse_xml(f'<w:abstractNum {NS} w:abstractNumId="90">'
                                    f'<w:multiLevelType w:val="hybridMultilevel"/>{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {NS} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    return 90


def footnote(document, paragraph, text: str) -> None:
    """A footnote (python-docx has no API for them): the footnotes part,
    and its reference at the end of ``paragraph``."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    xml = (f'<w:footnotes {NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
           f'</w:footnote><w:footnote w:id="1"><w:p>{raw_run(text)}</w:p></w:footnote></w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                xml.encode("utf-8"), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    paragraph._p.append(parse_xml(f'<w:r {NS}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                                  '<w:footnoteReference w:id="1"/></w:r>'))


def caption_style(document) -> None:
    """The built-in Caption style as Word writes it (lower-case name)."""
    styles = document.styles.element
    for style in styles.findall(f"{{{styles.nsmap['w']}}}style"):
        if style.get(f"{{{styles.nsmap['w']}}}styleId") == "Caption":
            styles.remove(style)
    styles.append(parse_xml(f'<w:style {NS} w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/>'
                            '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>'
                            '<w:rPr><w:i/><w:sz w:val="20"/></w:rPr></w:style>'))


TITLE = "Hội thảo khoa học “Chuyển đổi số trong nông nghiệp” năm 2025"
LEAD = ("Sáng ngày 12/3/2025, Liên hiệp Hội tổ chức hội thảo “Chuyển đổi số trong nông nghiệp” – "
        "với 120\u00a0đại biểu là nhà khoa học, cán bộ hội viên — tại hội trường số 9.")
FOOTNOTE = "Số liệu của Ban tổ chức hội thảo."
CAPTION_1 = "Đồng chí chủ trì phát biểu khai mạc hội thảo"
CAPTION_2 = "Các đại biểu tham quan mô hình nhà kính"
CAPTION_4 = "Toàn cảnh hội thảo"
TCVN3_TEXT = "Cộng hòa xã hội chủ nghĩa Việt Nam"
TCVN3_UPPER = "ĐỘC LẬP - TỰ DO - HẠNH PHÚC"
TCVN3_STYLED = "Thái Bình, ngày 12 tháng 3 năm 2025"
VNI_TEXT = "Độc lập – Tự do – Hạnh phúc, Việt Nam"


def rich_document(path: Path) -> Path:
    """The richest fixture (see the module's docstring)."""
    nfd = lambda text: unicodedata.normalize("NFD", text)  # noqa: E731
    document = docx.Document()
    caption_style(document)
    document.sections[0].header.paragraphs[0].text = "LIÊN HIỆP HỘI — ĐẦU TRANG"
    document.sections[0].footer.paragraphs[0].text = "Chân trang số 1"
    document.add_heading(TITLE, level=1)
    lead = document.add_paragraph(LEAD)
    footnote(document, lead, FOOTNOTE)
    document.add_paragraph("")
    document.add_paragraph("")
    document.add_heading(nfd("1. Kết quả đạt được"), level=2)
    paragraph = document.add_paragraph(nfd("Nội dung được gõ bằng bộ gõ tổ hợp, có chữ "))
    paragraph.add_run("in đậm").bold = True
    paragraph.add_run(", chữ ")
    paragraph.add_run("in nghiêng").italic = True
    paragraph.add_run(" và một liên kết tới ")
    hyperlink(document, paragraph, "trang của Liên hiệp Hội", "https://example.org/lhh")
    paragraph.add_run(" (dấu * và _ giữ nguyên, <b> không phải HTML).")
    bullets = multilevel_bullets(document)
    for text, level in (("Mô hình thứ nhất", 0), ("Mô hình con thứ nhất", 1), ("Mô hình thứ hai", 0)):
        item = document.add_paragraph(text, style="List Paragraph")
        item._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {NS}><w:ilvl w:val="{level}"/><w:numId w:val="{bullets}"/></w:numPr>'))
    document.add_paragraph("Bước một", style="List Number")
    document.add_paragraph("Bước hai", style="List Number")
    picture(document, photo("JPEG", seed=1))
    raw_paragraph(document, raw_run(CAPTION_1), style="Caption", align="center")
    picture(document, photo("PNG", (900, 600), seed=2))
    line = document.add_paragraph()
    line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    line.add_run(CAPTION_2).italic = True
    document.add_heading("2. Số liệu", level=2)
    picture(document, photo("GIF", (400, 300), seed=3))
    document.add_paragraph("Ảnh trên không có chú thích; đoạn này dài và không in nghiêng nên chỉ là "
                           "một đoạn văn bình thường của báo cáo, không phải chú thích của ảnh.")
    table = document.add_table(rows=3, cols=3)
    for row, values in zip(table.rows, [("Đơn vị", "Số đề tài", "Kinh phí (triệu đồng)"),
                                        ("Hội Nông nghiệp", "4", "1.250"), ("Hội Tin học", "2", "800 | 50")]):
        for cell, value in zip(row.cells, values):
            cell.text = value
    document.add_heading("3. Văn bản gõ bằng phông cũ", level=2)
    raw_paragraph(document, raw_run(encode(TCVN3_TEXT, "tcvn3"), ".VnTime"))
    raw_paragraph(document, raw_run(encode(TCVN3_UPPER, "tcvn3-upper"), ".VnTimeH", bold=True), align="center")
    old_style = document.styles.add_style("VanBanABC", WD_STYLE_TYPE.PARAGRAPH)
    old_style.font.name = ".VnTime"
    document.add_paragraph(encode(TCVN3_STYLED, "tcvn3"), style="VanBanABC")
    vni = encode(VNI_TEXT, "vni")
    split = vni.index("Vieä") + 3  # the mark in the next run: a change of formatting mid-letter
    raw_paragraph(document, raw_run(vni[:split], "VNI-Times") + raw_run(vni[split:], "VNI-Times", underline=True))
    raw_paragraph(document, raw_run("Phông lạ: ") + raw_run("Hội nghị", "VPS Times"))
    cells = document.add_table(rows=2, cols=1)
    cells.cell(0, 0).paragraphs[0].add_run().add_picture(io.BytesIO(photo("JPEG", (800, 600), seed=4, exif=False)),
                                                         width=Cm(8))
    cells.cell(1, 0).text = CAPTION_4
    # What the import leaves out: spacing, a page break, a comment, a
    # tracked deletion, a field's code, a table of contents.
    spaced = document.add_paragraph()
    spaced.add_run("Dòng thứ nhất")
    spaced.add_run().add_break()
    spaced.add_run("dòng thứ hai sau một ngắt dòng.")
    spaced.add_run().add_break()
    spaced.add_run().add_break()
    spaced.add_run("Đoạn sau hai ngắt dòng.")
    spaced.add_run().add_break()
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    commented = document.add_paragraph("Đoạn có góp ý.")
    document.add_comment(commented.runs, text="GÓP Ý NỘI BỘ", author="Biên tập")
    raw_paragraph(document, raw_run("Phần còn lại ") + '<w:del w:id="1" w:author="A" w:date="2025-03-12T00:00:00Z">'
                  '<w:r><w:delText>CHỮ ĐÃ XOÁ </w:delText></w:r></w:del>' + raw_run("sau khi sửa."))
    raw_paragraph(document, raw_run("Trang ") + '<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>9</w:t></w:r></w:fldSimple>' + '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText '
                  'xml:space="preserve"> PAGE \\* MERGEFORMAT </w:instrText></w:r><w:r><w:fldChar '
                  'w:fldCharType="separate"/></w:r>' + raw_run("2") + '<w:r><w:fldChar w:fldCharType="end"/></w:r>' + raw_run(" của báo cáo, hình ") +
                  '<w:fldSimple w:instr=" SEQ Hình \\* ARABIC "><w:r><w:t>7</w:t></w:r></w:fldSimple>')
    raw_paragraph(document, raw_run("MỤC LỤC GIẢ 1"), style="TOC1")
    toc = document.styles.add_style("TOC1", WD_STYLE_TYPE.PARAGRAPH)
    toc.element.find(f"{{{toc.element.nsmap['w']}}}name").set(f"{{{toc.element.nsmap['w']}}}val", "toc 1")
    document.save(path)
    return path


# What the Markdown of rich_document must hold (and must not).
RICH_PRESENT = [
    "Title: " + TITLE, "## 1. Kết quả đạt được", "**in đậm**", "*in nghiêng*",
    "[trang của Liên hiệp Hội](https://example.org/lhh)", "\\* và \\_ giữ nguyên, &lt;b> không phải HTML",
    "- Mô hình thứ nhất\n    - Mô hình con thứ nhất\n- Mô hình thứ hai\n\n<!-- -->\n\n1. Bước một\n2. Bước hai",
    f"<figcaption>{CAPTION_1}</figcaption>", f"<figcaption>{CAPTION_2}</figcaption>",
    f"<figcaption>{CAPTION_4}</figcaption>",
    "| Đơn vị | Số đề tài | Kinh phí (triệu đồng) |\n| --- | --- | --- |", "800 \\| 50",
    TCVN3_TEXT, TCVN3_UPPER, TCVN3_STYLED, VNI_TEXT, "120\u00a0đại biểu", "“Chuyển đổi số trong nông nghiệp” –",
    "Dòng thứ nhất  \ndòng thứ hai sau một ngắt dòng.\n\nĐoạn sau hai ngắt dòng.\n\n",
    "Phần còn lại sau khi sửa.", "Trang của báo cáo, hình 7",
    "tại hội trường số 9.[^1]\n\n", f"hình 7\n\n[^1]: {FOOTNOTE}\n",
]
RICH_ABSENT = ["ĐẦU TRANG", "Chân trang", "GÓP Ý", "ĐÃ XOÁ", "PAGE", "MERGEFORMAT", "Trang 2", "Trang 9", "MỤC LỤC",
               "<b>", "\n\n\n"]


def replace_part(source: Path, target: Path, name_suffix: str, data: bytes, new_name: str | None = None,
                 content_type: str | None = None) -> Path:
    """A copy of a .docx whose first part ending with ``name_suffix`` holds
    ``data`` (renamed to ``new_name``, with its content type, if given)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        names = zin.namelist()
        old = next(n for n in names if n.endswith(name_suffix))
        for name in names:
            body = zin.read(name)
            if name == old:
                zout.writestr(new_name or name, data)
                continue
            if new_name and name.endswith(".rels"):
                body = body.replace(old.split("/")[-1].encode(), new_name.split("/")[-1].encode())
            if content_type and name == "[Content_Types].xml":
                extension = new_name.rsplit(".", 1)[-1]
                body = body.replace(b"</Types>", f'<Default Extension="{extension}" ContentType="{content_type}"/>'
                                                 "</Types>".encode())
            zout.writestr(name, body)
    return target


STRICT = ((b"http://schemas.openxmlformats.org/wordprocessingml/2006/main", b"http://purl.oclc.org/ooxml/wordprocessingml/main"),
          (b"http://schemas.openxmlformats.org/officeDocument/2006/", b"http://purl.oclc.org/ooxml/officeDocument/"),
          (b"http://schemas.openxmlformats.org/drawingml/2006/", b"http://purl.oclc.org/ooxml/drawingml/"))


def strict_package(data: bytes) -> bytes:
    """``data`` as Word's «Strict Open XML Document» (Save As) names it:
    the body, styles, numbering, headers and relationship types in the
    ``purl.oclc.org/ooxml`` namespaces (the package's own ones unchanged)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            body = zin.read(name)
            if name.endswith((".xml", ".rels")):
                for old, new in STRICT:
                    body = body.replace(old, new)
                if name == "word/document.xml":
                    body = body.replace(b"<w:document ", b'<w:document w:conformance="strict" ', 1)
            zout.writestr(name, body)
    return out.getvalue()


def with_alt_chunk(data: bytes, html: str) -> bytes:
    """A copy of a .docx whose ``<w:altChunk r:id="rIdChunk1"/>`` (placed by
    the caller in the body) is an HTML part, as web systems' «Xuất Word»
    writes one (Word shows it in place, and writes it as text on save)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            body = zin.read(name)
            if name == "word/_rels/document.xml.rels":
                body = body.replace(b"</Relationships>", b'<Relationship Id="rIdChunk1" Type="http://schemas.openxml'
                                    b'formats.org/officeDocument/2006/relationships/aFChunk" Target="chunk1.htm"/>'
                                    b"</Relationships>")
            elif name == "[Content_Types].xml":
                body = body.replace(b"</Types>", b'<Default Extension="htm" ContentType="text/html"/></Types>')
            zout.writestr(name, body)
        zout.writestr("word/chunk1.htm", html.encode("utf-8"))
    return out.getvalue()


def report_document(path: Path, pages: int = 40, photos: int = 30, seed: int = 7) -> Path:
    """A long report (about 450 words a page) with photos and captions,
    for the benchmark."""
    from tests.support.generate import WORDS

    rng = random.Random(seed)
    document = docx.Document()
    document.add_heading("Báo cáo tổng kết hoạt động khoa học và công nghệ", level=1)
    paragraphs = pages * 4  # ~110 words each
    photo_every = max(1, paragraphs // photos)
    made = 0
    for number in range(paragraphs):
        if number % 12 == 0:
            document.add_heading(f"Phần {number // 12 + 1}. " + " ".join(rng.choice(WORDS) for _ in range(6)), 2)
        document.add_paragraph(" ".join(rng.choice(WORDS) for _ in range(110)).capitalize() + ".")
        if number % photo_every == photo_every - 1 and made < photos:
            made += 1
            picture(document, photo("JPEG", (1600, 1200), seed=made), width_cm=14)
            line = document.add_paragraph()
            line.alignment = WD_ALIGN_PARAGRAPH.CENTER
            line.add_run(f"Ảnh {made}: " + " ".join(rng.choice(WORDS) for _ in range(8))).italic = True
        if number % 40 == 20:
            table = document.add_table(rows=6, cols=4)
            for row in table.rows:
                for cell in row.cells:
                    cell.text = rng.choice(WORDS)
    document.save(path)
    return path


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE2 compound file (version 3) holding ``streams``, the
    container of a binary Word .doc (stream "WordDocument") and of an
    encrypted .docx. Every stream is 4096 bytes or more (the mini-stream
    cutoff), so that all live in ordinary sectors."""
    import struct

    free, end, fat_sector, none = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    assert all(len(data) >= 4096 for data in streams.values()), "no mini stream in the fixtures"
    datas = [data.ljust(512 * -(-len(data) // 512), b"\0") for data in streams.values()]
    fat, next_sector, starts = [fat_sector, end], 2, []
    for data in datas:
        count = len(data) // 512
        starts.append(next_sector)
        fat += [next_sector + i + 1 for i in range(count - 1)] + [end]
        next_sector += count
    assert len(fat) <= 128, "one FAT sector is enough for the fixtures"

    def entry(name: str, kind: int, start: int, size: int, child: int = none, right: int = none) -> bytes:
        encoded = name.encode("utf-16-le") + b"\0\0"
        return (encoded.ljust(64, b"\0") + struct.pack("<HBBIII", len(encoded), kind, 1, none, right, child)
                + b"\0" * 36 + struct.pack("<IQ", start, size))

    names = list(streams)
    directory = entry("Root Entry", 5, end, 0, child=1 if names else none)
    for index, (name, data) in enumerate(zip(names, streams.values()), start=1):
        directory += entry(name, 2, starts[index - 1], len(data), right=index + 1 if index < len(names) else none)
    directory = directory.ljust(512 * -(-len(directory) // 512), b"\0")
    assert len(directory) == 512, "one directory sector is enough for the fixtures"
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<I", 0) + struct.pack("<I", free) * 108)
    return header + struct.pack("<128I", *(fat + [free] * (128 - len(fat)))) + directory + b"".join(datas)
