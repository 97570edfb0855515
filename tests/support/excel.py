"""Excel workbooks (.xlsx) made by the tests, part by part as Excel writes
them (openpyxl is not a dependency): sheets (visible, hidden or «very
hidden»), a chart sheet, defined names, reviewers' notes and threaded
comments with their authors, and a photo (``tests.support.photos``) in
``xl/media/``. Next to ``word.py``.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape, quoteattr

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument."


def _cell(ref: str, value) -> str:
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def _sheet(rows: list[list], drawing: bool, comments: bool) -> str:
    body = "".join(f'<row r="{r}">' + "".join(_cell(f"{chr(65 + c)}{r}", v) for c, v in enumerate(row)) + "</row>"
                   for r, row in enumerate(rows, 1))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}" xmlns:r="{REL}">'
            f"<sheetData>{body}</sheetData>" + ('<drawing r:id="rIdD"/>' if drawing else "")
            + ('<legacyDrawing r:id="rIdV"/>' if comments else "") + "</worksheet>")


def excel_file(*sheets: tuple, notes: list[tuple[str, str]] = (), threaded: list[str] = (), photo: bytes = b"",
               chart: bool = False, names: list[tuple[str, str, bool]] = (), creator: str = "Nguyễn Văn Hùng") -> bytes:
    """A real .xlsx. ``sheets``: (name, rows, state), state «visible»,
    «hidden» or «veryHidden» (default: one visible «Tong hop»). On the first
    sheet: ``notes`` (author, text: Review › New Note), ``threaded``
    comments (Excel 365's, with their legacy copy as Excel writes both) and
    a ``photo`` (Insert › Pictures). ``chart``: a chart sheet «Bieu do»
    after them. ``names``: defined names (name, formula, hidden), as the
    filter's own «_xlnm._FilterDatabase» (hidden)."""
    sheets = sheets or (("Tong hop", [["Hội", "Hội viên"], ["Hội Làm vườn", 120]], "visible"),)
    parts: dict[str, str | bytes] = {}
    types = ['<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>',
             '<Default Extension="xml" ContentType="application/xml"/>',
             '<Default Extension="jpeg" ContentType="image/jpeg"/>',
             '<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>',
             f'<Override PartName="/xl/workbook.xml" ContentType="{CT}spreadsheetml.sheet.main+xml"/>',
             f'<Override PartName="/xl/styles.xml" ContentType="{CT}spreadsheetml.styles+xml"/>',
             '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>',
             f'<Override PartName="/docProps/app.xml" ContentType="{CT}extended-properties+xml"/>']
    entries, rels = [], []
    for number, (name, rows, state) in enumerate(sheets, 1):
        first = number == 1
        state_attr = "" if state == "visible" else f' state="{state}"'
        entries.append(f'<sheet name={quoteattr(name)} sheetId="{number}"{state_attr} r:id="rId{number}"/>')
        rels.append(f'<Relationship Id="rId{number}" Type="{REL}/worksheet" Target="worksheets/sheet{number}.xml"/>')
        types.append(f'<Override PartName="/xl/worksheets/sheet{number}.xml" ContentType="{CT}spreadsheetml.worksheet+xml"/>')
        sheet_rels = []
        if first and photo:
            sheet_rels.append(f'<Relationship Id="rIdD" Type="{REL}/drawing" Target="../drawings/drawing1.xml"/>')
        if first and (notes or threaded):
            sheet_rels.append(f'<Relationship Id="rIdV" Type="{REL}/vmlDrawing" Target="../drawings/vmlDrawing1.vml"/>')
            sheet_rels.append(f'<Relationship Id="rIdC" Type="{REL}/comments" Target="../comments1.xml"/>')
        if first and threaded:
            sheet_rels.append('<Relationship Id="rIdT" Type="http://schemas.microsoft.com/office/2017/10/relationships/'
                              'threadedComment" Target="../threadedComments/threadedComment1.xml"/>')
        parts[f"xl/worksheets/sheet{number}.xml"] = _sheet(rows, first and bool(photo), first and bool(notes or threaded))
        if sheet_rels:
            parts[f"xl/worksheets/_rels/sheet{number}.xml.rels"] = (f'<Relationships xmlns="{PKG}">'
                                                                    + "".join(sheet_rels) + "</Relationships>")
    if chart:
        number = len(sheets) + 1
        entries.append(f'<sheet name="Bieu do" sheetId="{number}" r:id="rId{number}"/>')
        rels.append(f'<Relationship Id="rId{number}" Type="{REL}/chartsheet" Target="chartsheets/sheet1.xml"/>')
        types.append(f'<Override PartName="/xl/chartsheets/sheet1.xml" ContentType="{CT}spreadsheetml.chartsheet+xml"/>')
        types.append(f'<Override PartName="/xl/charts/chart1.xml" ContentType="{CT}drawingml.chart+xml"/>')
        parts["xl/chartsheets/sheet1.xml"] = f'<chartsheet xmlns="{MAIN}" xmlns:r="{REL}"><drawing r:id="rId1"/></chartsheet>'
        parts["xl/charts/chart1.xml"] = ('<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart">'
                                         "<c:chart><c:plotArea><c:barChart><c:ser><c:val><c:numRef>"
                                         "<c:f>'Tong hop'!$B$2:$B$2</c:f></c:numRef></c:val></c:ser></c:barChart>"
                                         "</c:plotArea></c:chart></c:chartSpace>")
    defined = "".join(f"<definedName name={quoteattr(name)}" + (' hidden="1"' if hidden else "")
                      + f">{escape(formula)}</definedName>" for name, formula, hidden in names)
    parts["xl/workbook.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{MAIN}" '
                                f'xmlns:r="{REL}"><bookViews><workbookView activeTab="0"/></bookViews>'
                                f"<sheets>{''.join(entries)}</sheets>"
                                + (f"<definedNames>{defined}</definedNames>" if defined else "") + "</workbook>")
    rels.append(f'<Relationship Id="rIdS" Type="{REL}/styles" Target="styles.xml"/>')
    parts["xl/_rels/workbook.xml.rels"] = f'<Relationships xmlns="{PKG}">' + "".join(rels) + "</Relationships>"
    parts["xl/styles.xml"] = (f'<styleSheet xmlns="{MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/>'
                              '</font></fonts><cellXfs count="1"><xf/></cellXfs></styleSheet>')
    if notes or threaded:
        authors = sorted({author for author, _ in notes} | ({"tc={0}"} if threaded else set()))
        listed = [(author, text) for author, text in notes] + [("tc={0}", f"[Threaded comment]\n{text}")
                                                               for text in threaded]
        parts["xl/comments1.xml"] = (f'<comments xmlns="{MAIN}"><authors>'
                                     + "".join(f"<author>{escape(a)}</author>" for a in authors)
                                     + "</authors><commentList>"
                                     + "".join(f'<comment ref="C{i + 1}" authorId="{authors.index(a)}"><text><r><t>'
                                               f"{escape(t)}</t></r></text></comment>"
                                               for i, (a, t) in enumerate(listed))
                                     + "</commentList></comments>")
        types.append(f'<Override PartName="/xl/comments1.xml" ContentType="{CT}spreadsheetml.comments+xml"/>')
        parts["xl/drawings/vmlDrawing1.vml"] = '<xml xmlns:v="urn:schemas-microsoft-com:vml"></xml>'
    if threaded:
        parts["xl/threadedComments/threadedComment1.xml"] = (
            '<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">'
            + "".join(f'<threadedComment ref="C{len(notes) + i + 1}" dT="2026-03-02T08:00:00.00" '
                      f'personId="{{0}}" id="{{{i}}}"><text>{escape(t)}</text></threadedComment>'
                      for i, t in enumerate(threaded)) + "</ThreadedComments>")
        parts["xl/persons/person.xml"] = (
            '<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">'
            '<person displayName="Trần Thị Lan" id="{0}" userId="lan@example.invalid" providerId="None"/></personList>')
        types.append('<Override PartName="/xl/threadedComments/threadedComment1.xml" '
                     'ContentType="application/vnd.ms-excel.threadedcomments+xml"/>')
        types.append('<Override PartName="/xl/persons/person.xml" ContentType="application/vnd.ms-excel.person+xml"/>')
    if photo:
        parts["xl/media/image1.jpeg"] = photo
        parts["xl/drawings/drawing1.xml"] = (
            '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
            f'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="{REL}"><xdr:oneCellAnchor>'
            '<xdr:from><xdr:col>3</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff>'
            '</xdr:from><xdr:ext cx="3048000" cy="2286000"/><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="Ảnh 1"/>'
            '<xdr:cNvPicPr/></xdr:nvPicPr><xdr:blipFill><a:blip r:embed="rId1"/></xdr:blipFill><xdr:spPr/></xdr:pic>'
            "<xdr:clientData/></xdr:oneCellAnchor></xdr:wsDr>")
        parts["xl/drawings/_rels/drawing1.xml.rels"] = (f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
                                                        f'Type="{REL}/image" Target="../media/image1.jpeg"/>'
                                                        "</Relationships>")
        types.append(f'<Override PartName="/xl/drawings/drawing1.xml" ContentType="{CT}drawing+xml"/>')
    parts["docProps/core.xml"] = (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        f'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>{escape(creator)}</dc:creator>'
        "<cp:lastModifiedBy>Trần Thị Lan</cp:lastModifiedBy></cp:coreProperties>")
    parts["docProps/app.xml"] = ('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
                                 'extended-properties"><Application>Microsoft Excel</Application>'
                                 "<Company>Liên hiệp Hội</Company></Properties>")
    parts["_rels/.rels"] = (f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/officeDocument" '
                            'Target="xl/workbook.xml"/></Relationships>')
    parts["[Content_Types].xml"] = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://'
                                    'schemas.openxmlformats.org/package/2006/content-types">' + "".join(types)
                                    + "</Types>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ["[Content_Types].xml"] + [n for n in parts if n != "[Content_Types].xml"]:
            data = parts[name]
            archive.writestr(name, data if isinstance(data, bytes) else data.encode())
    return buffer.getvalue()
