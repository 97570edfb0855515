"""The content rules the checker and the build share (issue 17).

One table of cases, grouped by rule: each is one file an editor might
write, with the exact ``file:line: message`` lines expected. Every case runs
twice: through the checker (``workflow.check``) and through the build (in
process, with the project's plugins), which must log exactly the same lines
and fail on an error, or build (whatever the checker accepts builds).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree

import pytest

from plugins.core.errors import ContentError
from tests.support import (
    FAR_FUTURE_NOTE,
    GOOD_FACTS,
    ROOT,
    Site,
    build_in_process,
    built_once,
    facts_with,
    is_redirect,
    pdf,
    photo,
    write_files,
)
from tests.support.word import word_package
from workflow import load_settings
from workflow.check import Config, check
from workflow.legacy_fonts import encode

CORPUS = ROOT / "tests" / "corpus"
SETTINGS = CORPUS / "settings.py"
NOW = datetime(2025, 3, 5, 8, 30)
PNG = (CORPUS / "good" / "images" / "anh.png").read_bytes()
HEAD = "Title: Bài thử\nDate: 2025-03-05\nAuthor: Ban thông tin\nCategory: Tin hoạt động LHH\n"
SLUG_FORM = ("chỉ được gồm chữ thường không dấu a-z, chữ số 0-9 và dấu gạch ngang «-» (không có "
             "dấu cách, dấu chấm, «/», «?», «#»)")
PAGE_TEMPLATES = "about, contact, faq, page"
DESK_SLUG = " (ở bàn biên tập: ô «Địa chỉ (Slug)»)"  # rules.DESK_SLUG_FIELD


def docx_bytes() -> bytes:
    """A real Word file (python-docx), as an editor's report."""
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("Báo cáo hội nghị.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


AS_TEXT = "nếu là chữ, viết «&lt;» thay cho «<» (ví dụ «&lt;Tên đơn vị&gt;»), hoặc dùng dấu khác («[Tên đơn vị]»)"
WORDS_AS_TAG = f"bị đọc là một thẻ HTML nên sẽ mất khỏi trang — {AS_TEXT}"
END_AS_TAG = f"bị đọc là thẻ đóng HTML mà không có thẻ mở nên sẽ mất khỏi trang — {AS_TEXT}"


def skipped(target: str) -> str:
    return (f"liên kết «{{filename}}{target}» trỏ tới một tệp có «Status: skip» (bỏ qua hẳn, không bao giờ được "
            "đăng) nên trang web không có trang đó — bỏ liên kết, hoặc xoá dòng «Status: skip» của tệp đó")


def unclosed(tag: str) -> str:
    return (f"bị đọc là thẻ HTML <{tag}> không có thẻ đóng «</{tag}>» nên phần sau của bài sẽ mất chữ hoặc đổi kiểu "
            f"chữ — {AS_TEXT}; nếu là thẻ, thêm «</{tag}>» sau chữ cần định dạng")


def article(extra: str = "", body: str = "Nội dung.", head: str = HEAD) -> str:
    """An article: HEAD (lines 1–4), then ``extra`` header lines from line 5."""
    return f"{head}{extra}\n{body}\n"


def reserved(url: str, where: str, origin: str, fix: str) -> str:
    """``origin``: what the site makes there, in an editor's words (it was
    the setting's name, «TEMPLATE_PAGES trong cấu hình»)."""
    return (f"địa chỉ «{url}» trùng với phần «{where}» mà trang web tự tạo ({origin}) nên nội dung "
            "này sẽ bị mất hoặc làm hỏng việc xây dựng trang — " + fix)


def not_a_header(shown: str) -> str:
    """The message for a header line without its colon (rules.broken_header_line)."""
    return (f"dòng «{shown}» không có dạng «Tên: giá trị» nên phần đầu dừng ở đây và các dòng sau bị coi là nội "
            "dung — viết lại theo dạng «Tên: giá trị» (ví dụ «Tags: Hội thảo») hoặc thêm một dòng trống trước "
            "nội dung")


def add_slug(slug: str) -> str:
    return f"thêm vào phần đầu dòng «Slug: {slug}» để dùng một địa chỉ khác{DESK_SLUG}"


def no_letters(title: str) -> str:
    return (f"tiêu đề «{title}» không có chữ cái hay chữ số nào để làm địa chỉ trang — thêm vào "
            "phần đầu một dòng «Slug: …» viết bằng chữ thường không dấu, chữ số và dấu gạch "
            "ngang, ví dụ «Slug: bai-viet-moi»" + DESK_SLUG)


FACTS_FILE = "pages/gioi-thieu.yaml"  # ABOUT["facts"] by default
NOT_ON_CALENDAR = ("ngày «{}» không có thật trên lịch — hãy sửa lại ngày, theo dạng YYYY-MM-DD hoặc "
                   "YYYY-MM-DD HH:MM (ví dụ 2020-11-11 hoặc 2020-11-11 08:30)")  # as in a header (rules.parse_date)
FUTURE_FACT = ("ngày «{}» ở tương lai — trang Giới thiệu đăng mục này ngay như việc đã có; có gõ nhầm năm "
               "không? Sửa lại ngày, hoặc chỉ thêm mục khi việc đã diễn ra, con số khi đã có")




def no_slug(slug: str) -> str:
    """The warning for a question without ``Slug:`` (rules.question_without_slug)."""
    return ("cảnh báo: câu hỏi chưa có dòng «Slug:» nên địa chỉ của nó trên trang Hỏi & đáp (/hoi-dap/#…) theo "
            "câu hỏi, sửa câu hỏi là liên kết đã gửi đi mất hiệu lực — thêm dòng «Slug: " + slug + "» dưới dòng "
            "«Title:» (ở bàn biên tập: ô «Địa chỉ (Slug)» đã tự ghi dòng này)")


OLD_TABLE = ("chữ «{}» được gõ bằng bảng mã {} (kiểu chữ cũ, phông {}) nên trang web hiện sai dấu, đúng ra là "
             "«{}»{} — gõ lại với Unikey đặt bảng mã «Unicode»; hoặc chuyển mã: chép các dòng đó, mở «Công cụ chuyển "
             "mã» của Unikey (Ctrl+Shift+F6), chọn Nguồn «{}», Đích «Unicode», bấm «Chuyển mã» rồi dán thay chữ cũ")
TWINS = ("cảnh báo: «{}» và «{}» {}: máy Windows và máy Mac chỉ giữ được một trong hai tệp (tệp kia mất khi "
         "chép kho về máy) — đổi tên một tệp, ví dụ «{}»")


PRIVATE_USE = ("ký tự dùng riêng của một phông chữ (U+{}, như phông Symbol, Wingdings){}{}, thường đi theo khi chép "
               "từ tệp PDF hoặc Word: điện thoại của bạn đọc hiện thành ô vuông trống — {}")


FINE_TOKEN = "github_pat_11AAAAAAA0" + "x" * 12 + "_" + "Yy7" * 19 + "Q0"  # the length and form of a real one
TOKEN = ("dòng này có mã truy cập GitHub «{}…» (như mã đăng nhập bàn biên tập): kho trên GitHub là công khai, ai đọc "
         "được mã đều sửa, xoá được bài thay bạn — xoá mã khỏi tệp, rồi {}")
CONFLICT = ("xung đột khi gộp chưa được giải quyết: hai người đã sửa cùng một chỗ của bài, git giữ cả hai bản "
            "giữa các dòng «<<<<<<<», «=======» và «>>>>>>>» (trang web sẽ hiện cả hai bản và các dấu đó) — giữ "
            "lại bản đúng (hoặc ghép hai bản), xoá các dòng bắt đầu bằng «<<<<<<<», «=======», «>>>>>>>» rồi "
            "lưu; trên GitHub: nút «Resolve conflicts» của pull request")


@dataclass
class Case:
    path: str                          # under content/
    text: str
    expected: list[tuple]              # (line, message) in path, or (other path, line, message);
                                       # warnings start "cảnh báo: "
    others: dict[str, str] = field(default_factory=dict)  # more files under content/


ELSEWHERE = ("ảnh «{}» ở trang khác: trang web chỉ hiện ảnh của chính nó — lưu ảnh về máy rồi "
             "chèn lại bằng nút «Ảnh» của bàn biên tập, hoặc chép ảnh vào content/images/ và viết "
             "«{{static}}/images/…»")
PASTED_PHOTO = ("chỗ này có ảnh trong nội dung đã dán (từ Word, Google Docs, trang web) nhưng ảnh không đi "
                "theo khi dán — chèn ảnh bằng nút «Ảnh» (lưu ảnh về máy trước), rồi xoá dòng «[Ảnh chưa được chèn…]»")
NO_SOURCE = ("ảnh không có đường dẫn (src trống) — chèn lại ảnh bằng nút Ảnh của bàn biên tập, hoặc "
             "viết đường dẫn {static}/images/…, hoặc xoá ảnh này")
def missing(target: str, path: str, fix: str) -> str:
    """The message of a link to a file that is not there (rules.missing_link)."""
    return f"liên kết «{target}» trỏ tới tệp không có ({path}) — {fix}"


CHECK_NAME = "kiểm tra tên tệp (chữ hoa, chữ thường, phần đuôi) và chép tệp vào {}/"
# A page (.md) that is not there: deleted or renamed, not a file to copy in.
GONE = ("bài hoặc trang đó đã bị xoá, đổi tên tệp hay chuyển thư mục: sửa liên kết theo tên tệp mới, hoặc bỏ "
        "liên kết")
RENAME = "đổi tên tệp thành tên không dấu, ví dụ «{}», rồi sửa {} theo tên mới"
DOCUMENT = ("Title: Kế hoạch tổ chức hội thi\nNumber: 45/KH-LHH\nDate: 2025-03-05\nKind: Kế hoạch\n"
            "Files: {{static}}/van-ban/2025/{}\n\n")
LONG = "-".join(["hoi-thao-khoa-hoc"] * 8)  # 143 characters, a valid form
SHORT = "hoi-thao-khoa-hoc-hoi-thao-khoa-hoc-hoi-thao-khoa-hoc-hoi-thao-khoa-hoc-hoi-thao-khoa-hoc-hoi-thao-khoa-hoc-hoi-thao"  # LONG cut at a hyphen to 120
RUNS = ": mở từ trang của Liên hiệp Hội, nó có thể chạy mã như chính trang, nên không được đăng"


CASES: dict[str, list[Case]] = {
    "duplicate header": [
        Case("2025/x.md", article("Title: Lần hai\n"), [
            (5, "dòng «Title:» được viết 2 lần (dòng 1 và 5) — xoá dòng thừa, chỉ giữ một")]),
        Case("2025/x.md", article("Summary: Một.\nSummary: Hai.\n"), [
            (6, "dòng «Summary:» được viết 2 lần (dòng 5 và 6) — xoá dòng thừa, chỉ giữ một")]),
        Case("2025/x.md", article("Tags: Hội thảo\nTags: Tư vấn\n"), [
            (6, "dòng «Tags:» được viết 2 lần (dòng 5 và 6) — gộp vào một dòng, cách nhau bởi "
                "dấu phẩy, ví dụ «Tags: Hội thảo, Tư vấn»")]),
        Case("2025/x.md", article("title: Chữ thường\n"), [  # the same key in another case
            (5, "dòng «Title:» được viết 2 lần (dòng 1 và 5) — xoá dòng thừa, chỉ giữ một")]),
        Case("pages/x.md", "Title: Trang riêng\nSlug: trang-a\nSlug: trang-b\nSlug: trang-c\n\nx\n", [
            (4, "dòng «Slug:» được viết 3 lần (dòng 2, 3 và 4) — xoá dòng thừa, chỉ giữ một")]),
    ],
    # Markdown reads an indented line as the rest of the line above: the
    # build said «chuyên mục «Tin hoạt động LHH Tags: Hội nghị» không có
    # trong danh sách» at line 4, the checker «không có dạng» at line 5.
    "indented header line": [
        Case("2025/x.md", article("\tTags: Hội nghị\n"), [
            (5, "dòng «Tags: Hội nghị» có khoảng trắng ở đầu dòng nên bị đọc là phần tiếp theo của dòng "
                "«Category:» — xoá dấu cách (hoặc tab) ở đầu dòng này")]),
        Case("2025/x.md", article("Summary: Tóm tắt.\n    Slug: bai-moi\n"), [
            (6, "dòng «Slug: bai-moi» có khoảng trắng ở đầu dòng nên bị đọc là phần tiếp theo của dòng "
                "«Summary:» — xoá dấu cách (hoặc tab) ở đầu dòng này")]),
        # A value continued on an indented line stays one value.
        Case("2025/x.md", article("Summary: Tóm tắt dài\n    viết tiếp ở dòng sau.\n"), []),
    ],
    # A document moved to another year by hand, its earlier address written
    # without the year: its own address now, no redirect, silently. (An
    # article renamed back keeps its own slug there harmlessly.)
    "old address that is the current one": [
        Case("2025/x.md", article("Slug: bai-moi\nOld_slug: bai-moi\n"), []),
        Case("van-ban/2025/12.md", "Title: Thông báo lịch họp\nNumber: 12/TB-LHH\nDate: 2025-03-05\n"
                                   "Kind: Thông báo\nOld_slug: 12-tb-lhh\n\nToàn văn.\n", [
            (5, "cảnh báo: địa chỉ cũ «12-tb-lhh» trong dòng «Old_slug:» là địa chỉ hiện nay, không dẫn từ đâu "
                "tới — nếu địa chỉ cũ ở năm khác, ghi năm cũ trước dấu «/» («Old_slug: <năm cũ>/12-tb-lhh»), "
                "nếu không, xoá nó")]),
        Case("van-ban/2025/12.md", "Title: Thông báo lịch họp\nNumber: 12/TB-LHH\nDate: 2025-03-05\n"
                                   "Kind: Thông báo\nOld_slug: 2024/12-tb-lhh, 11-tb-lhh\n\nToàn văn.\n", []),
    ],
    # The colon forgotten: Markdown ended the headers there and the build
    # published «Tags Hội nghị, Tổng kết Slug: …» as the first paragraph.
    "header line without its colon": [
        Case("2025/x.md", article("Tags Hội nghị, Tổng kết\nSlug: hoi-nghi-tong-ket\n"), [
            (5, not_a_header("Tags Hội nghị, Tổng kết"))]),
        Case("2025/x.md", article("Summary- Tóm tắt của bài viết về hội nghị tổng kết năm.\n"), [
            (5, not_a_header("Summary- Tóm tắt của bài viết về hội ngh…"))]),
        # «Tên: giá trị» to its editor, who could not see what to change.
        Case("van-ban/2025/99.md", "Title: Quyết định\nNumber: 99/QĐ-LHH\nDate: 2025-03-01\nKind: Quyết định\n"
                                   "Hiệu lực: 2025-08-01\n\nToàn văn.\n", [
            (5, "tên dòng «Hiệu lực:» có chữ có dấu hoặc dấu cách, mà tên dòng chỉ được là chữ không dấu liền nhau "
                "(Title, Date, Tags…), nên phần đầu dừng ở đây và các dòng sau bị coi là nội dung — viết điều này "
                "trong nội dung, dưới dòng trống đầu tiên, hoặc dùng một tên dòng có sẵn")]),
    ],
    # «Caption:» and «Subtitle:» passed as known headers and showed nowhere
    # (an editor's cover caption was lost without a word).
    "a header nothing shows is unknown": [
        # A name one or two letters from a known one is a typo of it; any
        # other is not («Caption» was «có phải là «Album_captions:»?», an
        # album's, and a document's «Replaces» «có phải là «Template:»?»).
        Case("2025/x.md", article("Caption: Ảnh bìa hội nghị\n"), [
            (5, "tên dòng «Caption:» không có trong danh sách — các tên dòng hợp lệ: Title, Date, Modified, Author, "
                "Authors, Category, Tags, Summary, Slug, Status, Template, Image, Organization, Counter, Save_as, "
                "Url, Lang, Old_url, Old_slug, Album, Album_captions; điều khác viết trong nội dung, dưới dòng trống "
                "đầu tiên")]),
        Case("van-ban/2025/99.md", "Title: Quyết định thay thế\nNumber: 99/QĐ-LHH\nDate: 2025-03-01\nKind: Quyết "
                                   "định\nReplaces: 15/QĐ-LHH\n\nToàn văn.\n", [
            # What it means, on the document whose page is read as current.
            (5, "tên dòng «Replaces:» không có trong danh sách — văn bản này thay thế văn bản số 15/QĐ-LHH: xoá "
                "dòng này và thêm dòng «Replaced_by: 99/QĐ-LHH» vào văn bản CŨ (số 15/QĐ-LHH; ở bàn biên tập: ô "
                "«Được thay thế bởi văn bản số» của văn bản cũ); trang văn bản này tự ghi «Thay thế: …»")]),
        Case("2025/x.md", article("Subtitle: Tin ngắn\n"), [
            (5, "tên dòng «Subtitle:» không có trong danh sách — có phải là «Title:»? Sửa lại tên dòng")]),
    ],
    "slug": [
        Case("2025/x.md", article("Slug: ..\n"), [
            (5, f"Slug «..» không hợp lệ: Slug {SLUG_FORM} — viết «Slug: bai-thu»" + DESK_SLUG)]),
        Case("2025/x.md", article("Slug: ../../x\n"), [
            (5, f"Slug «../../x» không hợp lệ: Slug {SLUG_FORM} — viết «Slug: x»" + DESK_SLUG)]),
        Case("2025/x.md", article("Slug: ?x=1#y\n"), [
            (5, f"Slug «?x=1#y» không hợp lệ: Slug {SLUG_FORM} — viết «Slug: x1y»" + DESK_SLUG)]),
        Case("2025/x.md", article("Slug: hội nghị tổng kết\n"), [
            (5, f"Slug «hội nghị tổng kết» không hợp lệ: Slug {SLUG_FORM} — viết "
                "«Slug: hoi-nghi-tong-ket»" + DESK_SLUG)]),
        Case("2025/x.md", article("Slug: tin/hoi-nghi\n"), [
            (5, f"Slug «tin/hoi-nghi» không hợp lệ: Slug {SLUG_FORM} — viết «Slug: tinhoi-nghi»" + DESK_SLUG)]),
        Case("2025/x.md", article("Slug: Hoi-Nghi\n"), [
            (5, f"Slug «Hoi-Nghi» không hợp lệ: Slug {SLUG_FORM} — viết «Slug: hoi-nghi»" + DESK_SLUG)]),
        Case("2025/x.md", article("Slug:\n"), [
            (5, f"Slug «» không hợp lệ: Slug {SLUG_FORM} — viết «Slug: bai-thu»" + DESK_SLUG)]),
        Case("2025/x.md", article(f"Slug: {LONG}\n"), [
            (5, "Slug dài 143 ký tự, quá giới hạn 120 — viết ngắn hơn, ví dụ «Slug: "
                + SHORT + "»" + DESK_SLUG)]),
    ],
    "title makes no address": [
        Case("2025/x.md", article(head=HEAD.replace("Bài thử", "😀🎉")), [(1, no_letters("😀🎉"))]),
        Case("pages/x.md", "Title: ★ ★ ★\n\nx\n", [(1, no_letters("★ ★ ★"))]),
        Case("hoi-dap/x.md", "Title: ???\nDate: 2025-03-05\n\nx\n", [(1, no_letters("???"))]),
        Case("2025/x.md", article(head=HEAD.replace("Bài thử", LONG.replace("-", " "))), [
            (1, "tiêu đề dài nên địa chỉ trang dài 143 ký tự, quá giới hạn 120 — thêm vào phần "
                "đầu dòng «Slug: " + SHORT + "»" + DESK_SLUG)]),
        # A reader's long question has no page of its own (an anchor on Hỏi
        # & đáp): it stopped the build, saying «địa chỉ trang dài».
        Case("hoi-dap/x.md", f"Title: {LONG.replace('-', ' ')}?\nSlug: cau-hoi-dai\nDate: 2025-03-05\n\nx\n", []),
    ],
    # Found by a pass over Hỏi & đáp: published with an empty answer (and
    # in the page's FAQ data) without a word.
    "a question without its answer": [
        Case("hoi-dap/x.md", "Title: Hội phí là bao nhiêu?\nSlug: hoi-phi\nDate: 2025-03-05\n", [
            (1, "cảnh báo: câu hỏi chưa có câu trả lời nên trang hiện câu hỏi với phần trả lời trống — viết câu "
                "trả lời dưới phần đầu (sau một dòng trống), hoặc thêm dòng «Status: draft» để chưa đăng")]),
        Case("hoi-dap/x.md", "Title: Hội phí là bao nhiêu?\nSlug: hoi-phi\nDate: 2025-03-05\n\n<!-- trả lời sau -->\n", [
            (1, "cảnh báo: câu hỏi chưa có câu trả lời nên trang hiện câu hỏi với phần trả lời trống — viết câu "
                "trả lời dưới phần đầu (sau một dòng trống), hoặc thêm dòng «Status: draft» để chưa đăng")]),
        Case("hoi-dap/x.md", "Title: Hội phí là bao nhiêu?\nSlug: hoi-phi\nDate: 2025-03-05\n\nMiễn phí.\n", []),
    ],
    # Found by a pass over Hỏi & đáp: without «Slug:» a question's anchor
    # followed its title, so a retitle broke every link shared to it. A
    # warning: questions written before still build.
    "a question without its slug": [
        Case("hoi-dap/x.md", "Title: Hội phí là bao nhiêu?\nDate: 2025-03-05\n\nMiễn phí.\n",
             [(1, no_slug("hoi-phi-la-bao-nhieu"))]),
        # A link to a hidden question led to an anchor no element had: refused as a draft's.
        Case("2025/x.md", article(body="Xem [câu hỏi]({filename}/hoi-dap/an.md)."), [
            (6, "liên kết «{filename}/hoi-dap/an.md» trỏ tới một câu hỏi ẩn (Status: hidden), không có trên "
                "trang Hỏi & đáp, nên bạn đọc bấm vào chỉ thấy đầu trang — bỏ liên kết, hoặc đăng câu hỏi đó "
                "(xoá dòng «Status: hidden» của nó)")],
             {"hoi-dap/an.md": "Title: Câu hỏi ẩn?\nSlug: cau-hoi-an\nDate: 2025-03-01\nStatus: hidden\n\nĐáp.\n"}),
        Case("2025/x.md", article(body="Xem [câu hỏi]({filename}/hoi-dap/q.md)."), [],
             {"hoi-dap/q.md": "Title: Câu hỏi?\nSlug: cau-hoi\nDate: 2025-03-01\n\nĐáp.\n"}),
    ],
    "tags and authors make an address": [
        Case("2025/x.md", article("Tags: Hội thảo, 😀\n"), [
            (5, "thẻ «😀» không có chữ cái hay chữ số nào để làm địa chỉ trang của thẻ — viết "
                "thẻ bằng chữ, hoặc xoá nó khỏi dòng «Tags:»")]),
        Case("2025/x.md", article(head=HEAD.replace("Ban thông tin", "🙂")), [
            (3, "tác giả «🙂» không có chữ cái hay chữ số nào để làm địa chỉ trang của tác giả "
                "— viết tác giả bằng chữ, hoặc xoá nó khỏi dòng «Author:»")]),
        Case("2025/x.md", article(f"Tags: {'Hội thảo khoa học ' * 8}\n"), [
            (5, "thẻ «Hội thảo khoa học Hội thảo khoa học Hội…» dài quá: địa chỉ trang của thẻ dài "
                "143 ký tự, quá giới hạn 120 — viết thẻ ngắn hơn")]),
    ],
    "reserved address": [
        Case("pages/tim-kiem.md", "Title: Tìm kiếm\n\nx\n", [
            (1, reserved("tim-kiem/", "tim-kiem/", "trang riêng của giao diện: tìm kiếm, «không tìm thấy»…", add_slug("trang-tim-kiem")))]),
        Case("pages/luu-tru.md", "Title: Lưu trữ\n\nx\n", [
            (1, reserved("luu-tru/", "luu-tru/", "trang Lưu trữ", add_slug("trang-luu-tru")))]),
        Case("pages/the.md", "Title: Thẻ\n\nx\n", [
            (1, reserved("the/", "the/", "trang của từng thẻ", add_slug("trang-the")))]),
        Case("pages/chuyen-muc.md", "Title: Chuyên mục\n\nx\n", [
            (1, reserved("chuyen-muc/", "chuyen-muc/", "trang của từng chuyên mục",
                         add_slug("trang-chuyen-muc")))]),
        Case("pages/tac-gia.md", "Title: Tác giả\n\nx\n", [
            (1, reserved("tac-gia/", "tac-gia/", "trang của từng tác giả", add_slug("trang-tac-gia")))]),
        Case("pages/trang.md", "Title: Trang\n\nx\n", [
            (1, reserved("trang/", "trang/", "các trang tiếp theo của danh sách bài: trang 2, 3…", add_slug("trang-trang")))]),
        Case("pages/feeds.md", "Title: Feeds\n\nx\n", [
            (1, reserved("feeds/", "feeds/", "nguồn tin RSS/Atom", add_slug("trang-feeds")))]),
        Case("pages/x.md", "Title: Quản trị\nSlug: quan-tri\n\nx\n", [
            (2, reserved("quan-tri/", "quan-tri/", "phần dành cho tính năng khác của trang web, như bàn biên tập",
                         "sửa dòng «Slug:» thành «Slug: trang-quan-tri» để dùng một địa chỉ khác" + DESK_SLUG))]),
        Case("pages/x.md", "Title: Giao diện\nSlug: theme\n\nx\n", [
            (2, reserved("theme/", "theme/", "tệp của giao diện: kiểu chữ, kiểu trang, biểu tượng",
                         "sửa dòng «Slug:» thành «Slug: trang-theme» để dùng một địa chỉ khác" + DESK_SLUG))]),
        Case("pages/x.md", "Title: Ảnh\nSlug: images\n\nx\n", [
            (2, reserved("images/", "images/", "thư mục ảnh và tệp đính kèm",
                         "sửa dòng «Slug:» thành «Slug: trang-images» để dùng một địa chỉ khác" + DESK_SLUG))]),
        # The documents library and the albums' listing (plugins.documents, .albums).
        Case("pages/van-ban.md", "Title: Văn bản\n\nx\n", [
            (1, reserved("van-ban/", "van-ban/", "thư viện Văn bản", add_slug("trang-van-ban")))]),
        Case("pages/album-anh.md", "Title: Album ảnh\n\nx\n", [
            (1, reserved("album-anh/", "album-anh/", "Album ảnh", add_slug("trang-album-anh")))]),
        Case("2025/x.md", article("Save_as: tim-kiem/index.html\nUrl: tim-kiem/\n"), [
            (5, reserved("tim-kiem/", "tim-kiem/", "trang riêng của giao diện: tìm kiếm, «không tìm thấy»…",
                         "sửa dòng «Save_as:» sang một địa chỉ khác, hoặc xoá dòng đó"))]),
        # Not reserved: 404/ beside 404.html, sitemap/ beside sitemap.xml, a draft.
        Case("pages/404.md", "Title: 404\n\nx\n", []),
        Case("pages/x.md", "Title: Sơ đồ\nSlug: sitemap\n\nx\n", []),
        Case("pages/luu-tru.md", "Title: Lưu trữ\nStatus: draft\n\nx\n", []),
    ],
    "template": [
        Case("pages/x.md", "Title: Trang riêng\nTemplate: khong-co\n\nx\n", [
            (2, "Template «khong-co» không có trong giao diện (theme/templates/) — các mẫu dùng "
                f"được: {PAGE_TEMPLATES}; hoặc xoá dòng «Template:» để dùng mẫu mặc định")]),
        Case("pages/x.md", "Title: Trang riêng\nTemplate: fqa\n\nx\n", [
            (2, "Template «fqa» không có trong giao diện (theme/templates/) — có phải là «faq»? "
                f"các mẫu dùng được: {PAGE_TEMPLATES}; hoặc xoá dòng «Template:» để dùng mẫu mặc "
                "định")]),
        Case("2025/x.md", article("Template: articel\n"), [
            (5, "Template «articel» không có trong giao diện (theme/templates/) — có phải là "
                "«article»? các mẫu dùng được: article; hoặc xoá dòng «Template:» để dùng mẫu "
                "mặc định")]),
        Case("pages/x.md", "Title: Trang riêng\nTemplate: contact\n\nx\n", []),
    ],
    "status": [
        Case("2025/x.md", article("Status: xoa\n"), [
            (5, "Status «xoa» không hợp lệ — dùng published, draft, hidden hoặc skip (ở bàn biên tập: "
                "«Đăng», «Bản nháp», «Ẩn (không liệt kê)», «Bỏ qua (không dựng trang)»)")]),
        Case("2025/x.md", article("Status: Bản nháp\n"), [
            (5, "Status «Bản nháp» không hợp lệ — viết «Status: draft» (ở bàn biên tập: «Bản nháp»)")]),
        Case("2025/x.md", article("Status: ẩn\n"), [
            (5, "Status «ẩn» không hợp lệ — viết «Status: hidden» (ở bàn biên tập: «Ẩn (không liệt kê)»)")]),
        Case("2025/x.md", article("Status: publised\n"), [
            (5, "Status «publised» không hợp lệ — viết «Status: published» (ở bàn biên tập: «Đăng»)")]),
        # skip: read, checked, never written (the build agrees, see below).
        Case("2025/x.md", article("Status: skip\n"), []),
        Case("2025/x.md", article("Status: Skip\n"), []),
        Case("2025/x.md", article("Status: Hidden\n"), []),
    ],
    "dates": [
        Case("2025/x.md", article(head=HEAD.replace("2025-03-05", "1900-01-02")), [
            (2, "cảnh báo: ngày «1900-01-02» trước năm 1999, năm sớm nhất của bản tin "
                "— có gõ nhầm năm không? Nếu đúng là ngày đó, bỏ qua cảnh báo này")]),
        Case("2025/x.md", article("Modified: 1998-12-31\n", head=HEAD.replace("2025-03-05", "1998-06-01")), [
            (2, "cảnh báo: ngày «1998-06-01» trước năm 1999, năm sớm nhất của bản tin "
                "— có gõ nhầm năm không? Nếu đúng là ngày đó, bỏ qua cảnh báo này"),
            (5, "cảnh báo: ngày «1998-12-31» trước năm 1999, năm sớm nhất của bản tin "
                "— có gõ nhầm năm không? Nếu đúng là ngày đó, bỏ qua cảnh báo này")]),
        Case("2025/x.md", article(head=HEAD.replace("2025-03-05", "1999-06-07")), []),
        # A Modified before the Date, or a year ahead, went unremarked into the
        # sitemap, the JSON-LD and the feeds (the whole feed «updated» in 2097).
        Case("2025/x.md", article("Modified: 2025-03-01 08:00\n"), [
            (5, "cảnh báo: ngày sửa «2025-03-01 08:00» (Modified) trước ngày đăng (Date) — sửa lại ngày sửa, hoặc "
                "xoá dòng «Modified:»")]),
        Case("2025/x.md", article("Modified: 2097-11-10\n"), [
            (5, "cảnh báo: ngày sửa «2097-11-10» (Modified) ở tương lai — có gõ nhầm năm không? Sửa lại ngày, hoặc "
                "xoá dòng «Modified:»")]),
        Case("2025/x.md", article("Modified: 2025-03-05 08:00\n"), []),
    ],
    # «# Phần I» typed by hand: a second <h1> under the title, the headings
    # jumping from 1 to 4; the Word import and the desk start at «##».
    "heading at the title's level": [
        Case("2025/x.md", article(body="Mở đầu.\n\n# Phần I. Bối cảnh\n\nNội dung.\n\n## Chi tiết"), [
            (8, "cảnh báo: đề mục «Phần I. Bối cảnh» là cấp 1, cùng cấp với tên bài, nên trang có hai tiêu "
                "đề chính (trình đọc màn hình đọc như hai bài) — viết «## Phần I. Bối cảnh» (ở bàn biên "
                "tập: nút «Tiêu đề 2»)")]),
        Case("2025/x.md", article(body="Mở đầu.\n\nKết luận\n========\n\nHết."), [
            (8, "cảnh báo: đề mục «Kết luận» là cấp 1, cùng cấp với tên bài, nên trang có hai tiêu đề chính "
                "(trình đọc màn hình đọc như hai bài) — viết «## Kết luận» (ở bàn biên tập: nút «Tiêu đề 2»)")]),
        # «#hashtag», «## Phần» and a «#» in code are not.
        Case("2025/x.md", article(body="#hoithao\n\n## Phần I\n\n```\n# chú thích\n```"), []),
    ],
    # A screen reader lists a page's links by their words alone: «tại đây,
    # xem thêm» said nothing of where each led.
    "a link's words say where it leads": [
        Case("2025/x.md", article(body="Xem kế hoạch [tại đây](https://lhh.vn/kh.pdf).\n\n"
                                       "Hội thảo đã diễn ra. [Xem thêm…](https://lhh.vn/tin)"), [
            (6, "cảnh báo: liên kết «tại đây» không nói nó dẫn tới đâu: người dùng trình đọc màn hình nghe "
                "danh sách liên kết của trang chỉ thấy «tại đây» — lấy chữ nói tên trang hay văn bản nó dẫn "
                "tới làm liên kết, ví dụ «Xem [Kế hoạch số 45/KH-LHH](…)» thay cho «Xem kế hoạch [tại đây](…)»"),
            (8, "cảnh báo: liên kết «Xem thêm…» không nói nó dẫn tới đâu: người dùng trình đọc màn hình nghe "
                "danh sách liên kết của trang chỉ thấy «Xem thêm…» — lấy chữ nói tên trang hay văn bản nó dẫn "
                "tới làm liên kết, ví dụ «Xem [Kế hoạch số 45/KH-LHH](…)» thay cho «Xem kế hoạch [tại đây](…)»")]),
        # Words that name it, a photo's alt text, code: not.
        Case("2025/x.md", article(body="Xem [Kế hoạch số 45/KH-LHH](https://lhh.vn/kh.pdf) và "
                                       "![đây]({static}/images/anh hoi thao.png).\n\n`[tại đây](x)`\n\n"
                                       "```\n[xem thêm](x)\n```"), []),
    ],
    "summary is plain text": [
        Case("2025/x.md", article("Summary: Hội thảo **quan trọng** của năm.\n"), [
            (5, "cảnh báo: tóm tắt có định dạng Markdown (như **đậm**, *nghiêng*, [liên kết](…) "
                "hay `mã`) nhưng tóm tắt luôn hiện nguyên văn, kể cả các dấu * _ [ ] ` — bỏ các "
                "dấu định dạng khỏi dòng «Summary:»")]),
        Case("2025/x.md", article("Summary: Xem [trang hội](https://example.org).\n"), [
            (5, "cảnh báo: tóm tắt có định dạng Markdown (như **đậm**, *nghiêng*, [liên kết](…) "
                "hay `mã`) nhưng tóm tắt luôn hiện nguyên văn, kể cả các dấu * _ [ ] ` — bỏ các "
                "dấu định dạng khỏi dòng «Summary:»")]),
        Case("2025/x.md", article("Summary: Diện tích 5 * 3 ha, mã số_1 và [2025].\n"), []),
    ],
    "images and links in code are text": [
        Case("2025/x.md", article(body="Viết `![](x.png)` hoặc `<img src=\"y.png\">` hay "
                                        "``{static}/khong-co.png``."), []),
        Case("2025/x.md", article(body="Ví dụ:\n\n    ![](x.png)\n    <img src=\"y.png\">\n"
                                        "    {static}/khong-co.png\n\nHết."), []),
        Case("2025/x.md", article(body="```\n![](x.png)\n<img src=\"y.png\">\n```\n\n"
                                        "~~~~\n{static}/khong-co.png\n~~~~"), []),
        Case("2025/x.md", article(body="![Ảnh hội thảo](<{static}/images/anh hoi thao.png>)\n\n"
                                        "[Tải ảnh]({static}/images/anh hoi thao.png \"Ảnh\")"), []),
        # Outside code they are images: a list item's indented continuation.
        Case("2025/x.md", article(body="- Mục một\n\n    ![](x.png)"), [
            (8, "ảnh «x.png» không có lời mô tả (alt) — viết mô tả ngắn nội dung ảnh: "
                "![Mô tả ảnh](…) hoặc <img alt=\"Mô tả ảnh\" …>"),
            (8, "ảnh «x.png» không dùng {static} nên sẽ không hiện trên trang — viết "
                "«{static}/images/…» và chép ảnh vào «content/images»")]),
        Case("2025/x.md", article(body="![Ảnh](<images/anh hoi thao.png>)"), [
            (6, "ảnh «images/anh hoi thao.png» không dùng {static} nên sẽ không hiện trên trang "
                "— viết «{static}/images/anh hoi thao.png»")]),
    ],
    # A phone screenshot's name has spaces: «Image: <…>» (as body links are
    # written) stopped the build, plain spaces stopped the checker.
    "lead photo named with spaces": [
        Case("2025/x.md", article("Image: <{static}/images/anh hoi thao.png>\n"), []),
        Case("2025/x.md", article("Image: {static}/images/anh hoi thao.png\n"), []),
    ],
    # Copied from a web page or a Google Docs file: the photo stays on the
    # other site, which the pages' CSP (img-src 'self') would not show.
    "photos from another site": [
        Case("2025/x.md", article(body="Ảnh:\n\n![Hội nghị](https://lh7-rt.googleusercontent.com/d/AD4?key=x)"), [
            (8, ELSEWHERE.format("https://lh7-rt.googleusercontent.com/d/AD4?key=x"))]),
        Case("2025/x.md", article(body='<img src="//cdn.example.org/a.jpg" alt="Ảnh">'), [
            (6, ELSEWHERE.format("//cdn.example.org/a.jpg"))]),
        Case("2025/x.md", article("Image: https://example.org/anh.jpg\n"), [
            (5, ELSEWHERE.format("https://example.org/anh.jpg"))]),
        # The desk's photo inserted but never chosen, or a source deleted by hand.
        Case("2025/x.md", article(body='Đoạn.\n\n<figure>\n<img src="" alt="Ảnh">\n</figure>'), [
            (9, NO_SOURCE)]),
        Case("2025/x.md", article(body="Đoạn.\n\n![Ảnh]()"), [(8, NO_SOURCE)]),
        # data: is the safe-content rule's, said once.
        Case("2025/x.md", article(body="![Ảnh](data:image/png;base64," + "iVBORw0KGgo" * 10 + ")"), [
            (6, "địa chỉ «data:image/png;base64,iVBORw0KGgoiVBORw0…» dùng «data:» nên không được "
                "phép — chép tệp (ảnh, tài liệu) vào content/images/ và dùng {static}/images/…")]),
        Case("2025/x.md", article(body="![Ảnh](<{static}/images/anh hoi thao.png>)"), []),
        # Out of the content folder: the build said only «nằm ngoài thư mục
        # content/», the checker that and «không dùng {static}» too.
        Case("2025/x.md", article(body="![Ảnh](../../anh.png)"), [
            (6, "ảnh «../../anh.png» nằm ngoài thư mục content/ nên không đăng được — chép ảnh vào "
                "content/images/<năm>/ rồi viết «{static}/images/<năm>/anh.png»")]),
    ],
    # A picture pasted from Word: the desk's mark in its place (desk.js).
    "photos pasted from Word": [
        Case("2025/x.md", article(body="Đoạn một.\n\n\\[Ảnh chưa được chèn: «Ảnh» — chèn ảnh "
                                       "bằng nút Ảnh rồi xoá dòng này\\]\n\nĐoạn hai."), [
            (8, PASTED_PHOTO)]),
        Case("2025/x.md", article(body="[Ảnh chưa được chèn — chèn ảnh bằng nút Ảnh rồi xoá dòng này]"), [
            (6, PASTED_PHOTO)]),
        Case("2025/x.md", article(body="Ảnh chưa được chèn vào báo cáo gốc; xem [bản in](https://example.org)."),
             []),
    ],
    # Pelican writes a {filename}/{static} address back into the page with its
    # entities decoded, after the sanitizer: a fragment carrying «"><script…»
    # became markup on the union's page (a file name with «&» made it decode).
    # A form's placeholder typed «<Tên đơn vị>» was read as a tag and dropped
    # with its words, published «Đơn vị ghi rõ  vào phiếu», without a word.
    "words in angle brackets are not dropped": [
        Case("2025/x.md", article(body="Đơn vị ghi rõ <Tên đơn vị> vào phiếu."), [
            (6, "chữ «<Tên đơn vị>» bị đọc là một thẻ HTML nên sẽ mất khỏi trang — nếu là chữ, viết «&lt;» thay "
                "cho «<» (ví dụ «&lt;Tên đơn vị&gt;»), hoặc dùng dấu khác («[Tên đơn vị]»)")]),
        Case("2025/x.md", article(body="Đoạn một.\n\nChỉ số x<y khi y>z."), [
            (8, "chữ «<y khi y>» bị đọc là một thẻ HTML nên sẽ mất khỏi trang — nếu là chữ, viết «&lt;» thay "
                "cho «<» (ví dụ «&lt;Tên đơn vị&gt;»), hoặc dùng dấu khác («[Tên đơn vị]»)")]),
        Case("2025/x.md", article(body='Ghi &lt;Tên đơn vị&gt;, <font color="red">đỏ</font>, <center>giữa</center>, '
                                       "`<Tên>`, <https://vusta.vn>, 3 < 5 > 2."), []),
        # A name in ASCII after «<» was words only if it had no HTML form:
        # «<hoten>_<donvi>.pdf» was published as «_.pdf».
        Case("2025/x.md", article(body="Đặt tên tệp theo mẫu <hoten>.pdf."), [(6, f"chữ «<hoten>» {WORDS_AS_TAG}")]),
        # An allowed tag never ended: «<a>, <b>» made every later paragraph
        # a link and bold, «a<b và b>c» lost «và b» and made the rest bold.
        Case("2025/x.md", article(body="Chọn một đáp án: <a>.\n\nCâu 2."), [(6, f"chữ «<a>» {unclosed('a')}")]),
        Case("2025/x.md", article(body="Đoạn một.\n\nNếu a<b và b>c thì a khác c."), [
            (8, f"chữ «<b và b>» {unclosed('b')}")]),
        # An end tag typed as words: dropped, or a paragraph broken in two.
        Case("2025/x.md", article(body="Mã kết thúc bằng </script> ở đây."), [(6, f"chữ «</script>» {END_AS_TAG}")]),
        Case("2025/x.md", article(body="Đoạn một.\n\nRồi </p> và chữ sau."), [(8, f"chữ «</p>» {END_AS_TAG}")]),
        # A header's value is escaped text: «<img src=x>» in a summary shows as
        # typed, and the checker said «ảnh «x» không có lời mô tả».
        Case("2025/x.md", article("Summary: Ảnh <img src=x> ghi như vậy.\n"), []),
        Case("2025/x.md", article(body="Chữ <b>đậm</b>, <sup>2</sup>, <br> và `<b>`.\n\n<details><summary>Xem"
                                       "</summary>\n\nNội dung.\n\n</details>"), []),
    ],
    "addresses of the site's files hold no markup": [
        Case("2025/x.md", article(body="Xem [văn bản]({filename}/van-ban/KH&CN.pdf#&quot;&gt;&lt;script&#32;src=/x.js"
                                       "&gt;&lt;/script&gt;)."), [
            (6, "liên kết «{filename}/van-ban/KH&CN.pdf#\"><script src=/x.js></script>» có dấu «\"», «<», «>» "
                "trong địa chỉ — địa chỉ của một tệp chỉ gồm đường dẫn và tên tệp (có thể thêm #mục): viết lại, "
                "ví dụ «{filename}/van-ban/ten-tep.pdf»")],
             others={"van-ban/KH&CN.pdf": pdf("KH va CN")}),
        # «KH&CN.pdf» (Khoa học & Công nghệ) is an everyday name: its link is
        # fine, and Pelican's «Cannot get modification stamp for …/KH&amp» (it
        # cut the address at the entity's «;») is not said at every build.
        Case("2025/x.md", article(body="Xem [văn bản]({static}/van-ban/KH&CN.pdf#trang-2)."), [],
             others={"van-ban/KH&CN.pdf": pdf("KH va CN")}),
    ],
    # The desk's link box showed «https://www.vusta.vn» and saved «www.vusta.vn»
    # (fixed in desk.js; a file typed by hand, or saved by an older desk).
    "links have their https:// or mailto:": [
        Case("2025/x.md", article(body="Xem [trang của VUSTA](www.vusta.vn)."), [
            (6, "liên kết «www.vusta.vn» thiếu «https://» ở đầu nên trên trang web nó dẫn tới một trang "
                "không có — sửa thành «https://www.vusta.vn»")]),
        Case("2025/x.md", article(body="Đoạn một.\n\nGửi [thư](ten@example.org)."), [
            (8, "địa chỉ thư «ten@example.org» thiếu «mailto:» ở đầu nên trên trang web nó dẫn tới một trang "
                "không có — sửa thành «mailto:ten@example.org»")]),
        Case("2025/x.md", article(body='<a href="vusta.org.vn/tin">tin</a>'), [
            (6, "liên kết «vusta.org.vn/tin» thiếu «https://» ở đầu nên trên trang web nó dẫn tới một trang "
                "không có — sửa thành «https://vusta.org.vn/tin»")]),
        Case("2025/x.md", article(body="[a](https://www.vusta.vn) [b](mailto:ten@example.org) [c](/gioi-thieu/) "
                                       "[d](#muc) [e](tel:02273)"), [],
             {"pages/gioi-thieu.md": "Title: Giới thiệu\nSlug: gioi-thieu\n\nNội dung.\n"}),
    ],
    # A Word table pasted into the desk's editor, saved by an older desk or
    # written by hand: pipe rows with no rule line after the first.
    "tables have their rule line": [
        Case("2025/x.md", article(body="Số liệu:\n\n| **Chỉ tiêu** | **Năm 2025** |\n| Số CCN | 44 |\n"
                                        "| Diện tích (ha) | 2.253,6 |\n\nHết."), [
            (8, "bảng viết bằng dấu «|» thiếu dòng kẻ «| --- | --- |» ngay sau hàng đầu, nên trang sẽ "
                "hiện các dấu «|» thay cho bảng — thêm dòng đó vào sau dòng này")]),
        Case("2025/x.md", article(body="| Một | Hai | Ba \\| bốn |"), [
            (6, "bảng viết bằng dấu «|» thiếu dòng kẻ «| --- | --- | --- |» ngay sau hàng đầu, nên "
                "trang sẽ hiện các dấu «|» thay cho bảng — thêm dòng đó vào sau dòng này")]),
        Case("2025/x.md", article(body="| Chỉ tiêu | Năm |\n| :--- | ---: |\n| Số CCN | 44 |"), []),
        Case("2025/x.md", article(body="```\n| không | phải bảng |\n```\n\nLựa chọn a | b | c."), []),
        # A list of award winners pasted from Excel, a cell holding «|»: the
        # CMS writes it unescaped, and Markdown dropped the last cell (the
        # prize), publishing «Thái Bình» as it; the checker said nothing.
        Case("2025/x.md", article(body="| STT | Họ và tên | Đơn vị | Giải |\n| --- | --- | --- | --- |\n"
                                        "| 1 | Nguyễn Văn A | Hội Tin học | Nhất |\n"
                                        "| 2 | Trần Thị B | Hội Y học | Thái Bình | Nhì |"), [
            (9, "hàng này của bảng có 5 ô nhưng bảng chỉ có 4 cột (dòng kẻ «| --- |»), nên trang web bỏ mất "
                "«Nhì» — trong ô có dấu «|» thì đổi nó thành «/» (trong tệp gõ thẳng có thể viết «\\|»); nếu "
                "thật sự thiếu cột thì thêm cột vào hàng đầu và dòng kẻ")]),
        # A pipe escaped or in code is inside its cell; a short row is filled;
        # an empty cell past the last column loses nothing (it was refused,
        # «bỏ mất «»»).
        Case("2025/x.md", article(body="| Đơn vị | Mã |\n| --- | --- |\n| Hội Y học \\| Thái Bình | `a|b` |\n"
                                        "| Hội Tin học |\n| Hội Y học | 2 | |\n| Hội Nông học | 3 |  | |"), []),
    ],
    # A long report's notes renumbered by hand, or one deleted with its
    # sentence: «[^3]» was published as typed, a note nobody marks under the
    # article with a «↩» leading nowhere; the checker and the build silent.
    "every footnote has its mark and every mark its note": [
        Case("2025/x.md", article(body="Câu một.[^1] Câu hai.[^3]\n\n[^1]: Nguồn một."), [
            (6, "chỗ dẫn chú thích «[^3]» không có chú thích «[^3]: …» nào trong bài, nên trang web hiện nguyên "
                "«[^3]» — viết chú thích ở cuối bài («[^3]: nội dung») hoặc xoá «[^3]»")]),
        Case("2025/x.md", article(body="Câu một.[^1]\n\n[^1]: Nguồn một.\n[^2]: Nguồn hai."), [
            (9, "chú thích «[^2]: …» không được dẫn ở chỗ nào trong bài, nên trang web đăng nó ở cuối bài với dấu "
                "«↩» không dẫn về đâu — thêm «[^2]» vào sau câu cần chú thích, hoặc xoá dòng này")]),
        Case("2025/x.md", article(body="Hai nguồn.[^1][^ghi-chu] Mã `[^9]`.\n\n```\n[^8]\n```\n\n"
                                       "[^1]: Một.\n[^ghi-chu]: Hai."), []),
    ],
    # Two people changed the same lines (a Word import merged while an
    # editor edited the article, a `git pull`): git left both versions
    # between its marks, which the build published, «=======» making the
    # line above it a second title, and the checker only warned of that.
    "merge conflicts are not published": [
        Case("2025/x.md", article(body="Mở đầu.\n\n<<<<<<< HEAD\nPhương án 2 (B sửa).\n=======\n"
                                       "Phương án 2 (A sửa).\n>>>>>>> 45d1e62 (A sửa)\n\nHết."), [(8, CONFLICT)]),
        Case("2025/x.md", article("<<<<<<< HEAD\nTags: Hội thảo\n=======\nTags: Cụm công nghiệp\n"
                                  ">>>>>>> nhap-word/bao-cao\n"), [(5, CONFLICT)]),
        # Half resolved: the first mark deleted, the others left.
        Case("2025/x.md", article(body="Một.\n=======\nHai.\n>>>>>>> 45d1e62\n\nHết."), [(9, CONFLICT)]),
        # git's diff3 style (the common version between «|||||||» and «=======»).
        Case("2025/x.md", article(body="<<<<<<< ours\nBa.\n||||||| base\nBốn.\n=======\nNăm.\n>>>>>>> theirs"),
             [(6, CONFLICT)]),
        Case("2025/x.md", article(body="Mũi tên <<<<<<< giữa dòng, và >>>>>>> cũng vậy.\n\n>> Trích dẫn."), []),
    ],
    # The desk's sign-in token, pasted into a report by mistake: published
    # on the page, in the feeds and the search index of a public site.
    "a GitHub token is not published": [
        Case("2025/x.md", article(body="Hội thảo sáng nay.\n\n" + FINE_TOKEN + "\n\nHết."), [
            (8, TOKEN.format(FINE_TOKEN[:12], "xoá luôn mã đó trên GitHub (ảnh đại diện › Settings › Developer "
                             "settings › Personal access tokens › Fine-grained tokens › mã đó › Delete) và tạo mã "
                             "mới để đăng nhập lại"))]),
        Case("2025/x.md", article(f"Summary: Tóm tắt ghp_{'a1B2' * 9}\n"), [
            (5, TOKEN.format("ghp_a1B2a1B2", "xoá luôn mã đó trên GitHub (ảnh đại diện › Settings › Developer "
                             "settings › Personal access tokens › Tokens (classic) › mã đó › Delete) và tạo mã mới "
                             "để đăng nhập lại"))]),
        Case("2025/x.md", article(body=f"Một.\n\n<!-- https://x-access-token:gho_{'Z9' * 18}@github.com/ -->"), [
            (8, TOKEN.format("gho_Z9Z9Z9Z9", "nhờ người phụ trách kỹ thuật thu hồi mã đó trên GitHub"))]),
        # Saying what a token looks like is no token.
        Case("2025/x.md", article(body="Mã bắt đầu bằng «github_pat_», mã cũ bằng ghp_ hoặc ghp_abc."), []),
    ],
    # Line 0: the whole file. Pelican passed over each without a word.
    # A Word file an article offers for download, uploaded on GitHub's site
    # (the desk cleans one before it uploads): readers downloaded its
    # reviewers' comments and the words deleted under «Track changes».
    "a file offered for download": [
        Case("2025/x.md", article(body="[Tải báo cáo]({static}/images/2025/bao-cao.docx)"), [
            (6, "tệp đính kèm «/images/2025/bao-cao.docx» còn 1 góp ý (comment) của người xem lại: bạn "
                "đọc tải về đều thấy — mở tệp trong Word, chọn Xem lại › Chấp nhận mọi thay đổi và Xoá mọi góp ý, "
                "lưu lại rồi lưu đè tệp này (hoặc tải tệp lên lại ở bàn biên tập: nó tự bỏ những thứ ấy; hoặc "
                "đính kèm bản PDF)")],
             {"images/2025/bao-cao.docx": word_package(
                 word_comments='<w:comment w:id="0" w:author="A"><w:p/></w:comment>', word_document="<w:p/>")}),
        Case("2025/x.md", article(body="[Tải báo cáo]({static}/images/2025/bao-cao.docx)"), [],
             {"images/2025/bao-cao.docx": word_package(word_document="<w:p/>")}),
        # An empty file and a Word file renamed «.pdf», linked from the body:
        # refused as a document's attachment, published as a link.
        Case("2025/x.md", article(body="[Tải kế hoạch]({static}/van-ban/2025/ke-hoach.pdf)"), [
            (6, "tệp đính kèm «/van-ban/2025/ke-hoach.pdf» là tệp rỗng (0 byte): bạn đọc tải về không có gì — "
                "chép lại tệp gốc rồi lưu đè tệp này (hoặc tải tệp lên lại ở bàn biên tập)")],
             {"van-ban/2025/ke-hoach.pdf": b""}),
        Case("2025/x.md", article(body="[Mẫu đơn]({static}/van-ban/2025/mau-don.pdf)"), [
            (6, "tệp đính kèm «/van-ban/2025/mau-don.pdf» có đuôi «.pdf» nhưng thật ra là tệp Word, Excel (.docx, "
                ".xlsx) hoặc tệp nén: điện thoại của bạn đọc không mở được — mở tệp gốc (bằng Word, Excel hoặc "
                "trình xem ảnh), chọn Lưu thành › PDF (hoặc In › «Microsoft Print to PDF»), rồi lưu đè tệp này "
                "bằng tệp PDF vừa lưu")],
             {"van-ban/2025/mau-don.pdf": word_package()}),
        Case("2025/x.md", article(body="[Tải kế hoạch]({static}/van-ban/2025/ke-hoach.pdf)"), [],
             {"van-ban/2025/ke-hoach.pdf": pdf("Ke hoach")}),
    ],
    "a file nobody reads is named": [
        Case("2025/bai-moi.md.txt", article(), [
            (0, "tệp này không được đăng: tên thật của nó kết thúc bằng «.txt» (Notepad thêm vào khi "
                "lưu) — đổi tên thành «bai-moi.md»")]),
        Case("2025/bai-moi.MD", article(), [
            (0, "tệp này không được đăng vì đuôi tệp viết hoa — đổi tên thành «bai-moi.md»")]),
        Case("hoi-dap/cau-hoi.txt", "Title: Hỏi?\nDate: 2025-03-05\n\nĐáp.\n", [
            (0, "tệp «.txt» không được đăng — nếu là một bài, đổi tên thành «cau-hoi.md»; nếu không, "
                "xoá tệp này")]),
        Case("2025/Báo cáo hội nghị.docx", "(Word)", [
            (0, "tệp Word để ở đây không được đăng — chuyển nó vào thư mục «nhap-word/» (ở bàn biên tập: "
                "mục «Nhập bài từ Word») để thành bài nháp")]),
        # A phone's video beside the article: was «không được đọc ở thư mục này».
        Case("2025/IMG_0042.MOV", "(video)", [
            (0, "video để ở đây không được đăng — đăng video lên YouTube (hoặc Facebook) rồi dán địa chỉ vào "
                "bài thành một dòng riêng, rồi xoá tệp này")]),
        Case("2025/IMG_0001.JPG", "(ảnh)", [
            (0, "ảnh để ở đây không được đăng — chuyển ảnh vào thư mục «images/<năm>/» rồi chèn vào "
                "bài (ở bàn biên tập: nút «Ảnh» của ô nội dung)")]),
        Case("pages/quy-che.pdf", "(PDF)", [
            (0, "tệp PDF để ở đây không được đăng — tệp đính kèm của văn bản để trong thư mục "
                "«van-ban/<năm>/» và ghi ở dòng «Files:» của văn bản (ở bàn biên tập: mục «Văn bản»)")]),
        # A facts file ABOUT["facts"] does not name (a setting mistyped): it
        # was told «chuyển tệp này đến đúng chỗ hoặc xoá nó».
        Case("pages/gioi-thieu-2024.yaml", "su_kien: []\n", [
            (0, "tệp dữ liệu «gioi-thieu-2024.yaml» không được đọc ở thư mục này — nếu đây là tệp dữ kiện "
                "của trang Giới thiệu, gửi thông báo này cho người phụ trách kỹ thuật để khai báo nó trong pelicanconf.py (ví dụ "
                "«pages/gioi-thieu-2024.yaml»); đừng xoá tệp này trước khi kiểm tra")]),
        Case("bai-moi.epub", "(EPUB)", [
            (0, "tệp «bai-moi.epub» không được đọc ở thư mục này nên không được đăng — bài viết phải "
                "là tệp «.md»; chuyển tệp này đến đúng chỗ hoặc xoá nó")]),
        # A Word file, a PDF or a photo renamed to end in .md: it was «lưu theo
        # bảng mã UTF-16» (a zip holds zero bytes) or «Windows-1252».
        Case("2025/bao-cao.md", docx_bytes(), [
            (1, "tệp này không phải bài viết mà là tệp Word (.docx) hoặc tệp nén được đổi tên cho có đuôi "
                "«.md» — đổi lại đuôi «.docx» rồi đưa tệp vào thư mục «nhap-word/» (ở bàn biên tập: mục "
                "«Nhập bài từ Word») để thành bài nháp")]),
        Case("2025/ke-hoach.md", pdf("Ke hoach"), [
            (1, "tệp này không phải bài viết mà là tệp PDF được đổi tên cho có đuôi «.md» — đổi lại đuôi "
                "«.pdf» rồi chuyển tệp vào thư mục «van-ban/<năm>/» và ghi ở dòng «Files:» của một văn bản "
                "(ở bàn biên tập: mục «Văn bản»)")]),
        Case("pages/anh.md", photo(1, 40, 30), [
            (1, "tệp này không phải bài viết mà là ảnh JPG được đổi tên cho có đuôi «.md» — đổi lại đuôi "
                "«.jpg» rồi chuyển ảnh vào thư mục «images/<năm>/» và chèn vào bài (ở bàn biên tập: nút "
                "«Ảnh» của ô nội dung)")]),
        # An article typed with GitHub's «Create new file» beside its photos:
        # Pelican reads no Markdown in images/, and check and build passed.
        Case("images/2026/Bài mới hôm nay.md", article(), [
            (0, "bài viết để trong thư mục ảnh không được đọc nên không được đăng — chuyển tệp vào thư mục "
                "bài viết «<năm>/» (văn bản: «van-ban/<năm>/»), ảnh của bài vẫn để ở «images/<năm>/»")]),
        # What is not the editors' work, and where other files belong.
        Case("hoi-dap/README.txt", "Ghi chú cho biên tập viên.\n", []),
        Case("2025/.DS_Store", "x", []),
        Case("2025/~$o cao.docx", "x", []),
        Case("images/2025/bia.jpg", PNG, []),
    ],
    # Pelican copies the static folders (images/, van-ban/) as they are: a
    # web page saved from another site, an SVG or an XML file there ran its
    # scripts on the union's address, where GitHub Pages sends no policy.
    "files a browser runs are not published": [
        Case("van-ban/2025/nghi-dinh-30.htm", "<script>alert(localStorage.length)</script>", [
            (0, f"tệp «nghi-dinh-30.htm» là một trang web (HTML){RUNS} — nếu là văn bản cần đính kèm: mở "
                "nó bằng trình duyệt hoặc Word, chọn In › «Microsoft Print to PDF» (Lưu thành PDF), đính "
                "kèm tệp PDF thay cho nó, rồi xoá tệp này; nếu là một bài: chép nội dung vào một bài mới")]),
        Case("images/2025/logo.svg", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', [
            (0, f"tệp «logo.svg» là ảnh SVG{RUNS} — lưu ảnh thành PNG (mở ảnh bằng trình duyệt rồi chụp "
                "màn hình, hoặc trong Inkscape: Tệp › Xuất PNG), dùng tệp PNG thay cho nó, rồi xoá tệp này")]),
        Case("images/2025/Trang Lưu.HTML", "<script>alert(1)</script>", [
            (0, f"tệp «Trang Lưu.HTML» là một trang web (HTML){RUNS} — nếu là văn bản cần đính kèm: mở "
                "nó bằng trình duyệt hoặc Word, chọn In › «Microsoft Print to PDF» (Lưu thành PDF), đính "
                "kèm tệp PDF thay cho nó, rồi xoá tệp này; nếu là một bài: chép nội dung vào một bài mới")]),
        Case("van-ban/2025/du-lieu.xml", "<x/>", [
            (0, f"tệp «du-lieu.xml» là tệp XML{RUNS} — xoá tệp này (nếu là văn bản cần đính kèm: lưu "
                "thành PDF rồi đính kèm tệp PDF)")]),
        # Served as application/xml and application/ecmascript: an XHTML script
        # in the first ran in Chromium, the second is a script the site's CSP allows.
        Case("van-ban/2025/luoc-do.xsd", '<x><h:script xmlns:h="http://www.w3.org/1999/xhtml">1</h:script></x>', [
            (0, f"tệp «luoc-do.xsd» là tệp XML{RUNS} — xoá tệp này (nếu là văn bản cần đính kèm: lưu "
                "thành PDF rồi đính kèm tệp PDF)")]),
        Case("images/2025/ghi-chu.ecma", "window.x = 1", [
            (0, f"tệp «ghi-chu.ecma» là tệp mã JavaScript{RUNS} — xoá tệp này (nếu là văn bản cần đính kèm: "
                "lưu thành PDF rồi đính kèm tệp PDF)")]),
        # Among the articles too (before: «không được đọc ở thư mục này»,
        # and moving it to images/ published it).
        Case("2025/bai-moi.html", "<h1>Bài</h1>", [
            (0, f"tệp «bai-moi.html» là một trang web (HTML){RUNS} — nếu là văn bản cần đính kèm: mở "
                "nó bằng trình duyệt hoặc Word, chọn In › «Microsoft Print to PDF» (Lưu thành PDF), đính "
                "kèm tệp PDF thay cho nó, rồi xoá tệp này; nếu là một bài: chép nội dung vào một bài mới")]),
        Case("images/2025/bia.png", PNG, []),
        Case("van-ban/2025/ke-hoach.pdf", pdf("Ke hoach"), []),
    ],
    "links to files that are not there": [
        # Pelican only warned in English and published «{filename}…» as the link.
        Case("2025/x.md", article(body="Xem [bài trước]({filename}/2025/bai-truoc.md)."), [
            (6, missing("{filename}/2025/bai-truoc.md", "content/2025/bai-truoc.md", GONE))]),
        Case("2025/x.md", article(body="[Tải kế hoạch]({static}/van-ban/2025/ke-hoach.pdf)"), [
            (6, missing("{static}/van-ban/2025/ke-hoach.pdf", "content/van-ban/2025/ke-hoach.pdf",
                        CHECK_NAME.format("content/van-ban/2025")))]),
        # The file copied into this year's folder, the link written with the
        # README's example year: «chép tệp vào content/van-ban/2025/» (a
        # second copy). The link to the file that is there instead.
        Case("2026/x.md", article(body="[Tải kế hoạch]({static}/van-ban/2025/ke-hoach-12.pdf)"), [
            (6, missing("{static}/van-ban/2025/ke-hoach-12.pdf", "content/van-ban/2025/ke-hoach-12.pdf",
                        "tệp có trong content/van-ban/2026/ — sửa «/2025/» trong liên kết thành «/2026/»"))],
             {"van-ban/2026/ke-hoach-12.pdf": pdf("Ke hoach"), "van-ban/2025/bao-cao.pdf": pdf("Bao cao")}),
        # An article moved into 2024's folder: «có phải là «x.md»?», the linking
        # article itself, never the one moved; another question or another
        # document («45-kh» for «12-tb») was no typo of the one linked either.
        Case("2025/x.md", article(body="Xem [hội nghị]({filename}/2025/hoi-nghi-tong-ket.md)."), [
            (6, missing("{filename}/2025/hoi-nghi-tong-ket.md", "content/2025/hoi-nghi-tong-ket.md",
                        "tệp có trong content/2024/ — sửa «/2025/» trong liên kết thành «/2024/»"))],
             {"2024/hoi-nghi-tong-ket.md": article("Slug: hoi-nghi-tong-ket\n"),
              "2025/hoi-thi-sang-tao.md": article("Slug: hoi-thi-sang-tao\n")}),
        Case("2025/x.md", article(body="Xem [kế hoạch]({filename}/van-ban/2025/12-tb-lhh.md)."), [
            (6, missing("{filename}/van-ban/2025/12-tb-lhh.md", "content/van-ban/2025/12-tb-lhh.md", GONE))],
             {"van-ban/2025/45-kh-lhh.md": "Title: Kế hoạch\nNumber: 45/KH-LHH\nDate: 2025-03-01\nKind: Kế hoạch\n\nx\n",
              "van-ban/2025/45-kh-lhh.pdf": pdf("Ke hoach")}),
        # A photo not there: the checker said «liên kết … trỏ tới tệp không
        # có», the build «không tìm thấy ảnh» of the same line.
        Case("2025/x.md", article(body="![Ảnh hội nghị]({static}/images/2025/hoi-nghi.jpg)"), [
            (6, "không tìm thấy ảnh «{static}/images/2025/hoi-nghi.jpg» (content/images/2025/hoi-nghi.jpg) — "
                + CHECK_NAME.format("content/images/2025"))]),
        # A target Python cannot parse as an address: Pelican's traceback before.
        Case("2025/x.md", article(body="Xem [bài]({filename}//[bai-cu)."), [
            (6, missing("{filename}//[bai-cu", "content/[bai-cu", CHECK_NAME.format("content")))]),
        # A file whose name has «#» or «%» (a link reads «#1.pdf» as a
        # fragment, «%20» as a space): the checker asked «có phải là …?» with
        # the very name written, or «kiểm tra tên tệp».
        Case("2025/x.md", article(body="[Tải về]({static}/van-ban/2025/ke-hoach#2.pdf)"), [
            (6, missing("{static}/van-ban/2025/ke-hoach#2.pdf", "content/van-ban/2025/ke-hoach",
                        "tên tệp «ke-hoach#2.pdf» có dấu «#» nên liên kết không bao giờ tới được tệp — "
                        + RENAME.format("ke-hoach2.pdf", "liên kết")))],
             {"van-ban/2025/ke-hoach#2.pdf": pdf("Ke hoach")}),
        Case("2025/x.md", article(body="[Tải về]({static}/van-ban/2025/tang%2010.pdf)"), [
            (6, missing("{static}/van-ban/2025/tang%2010.pdf", "content/van-ban/2025/tang 10.pdf",
                        "tên tệp «tang%2010.pdf» có dấu «%» nên liên kết không bao giờ tới được tệp — "
                        + RENAME.format("tang2010.pdf", "liên kết")))],
             {"van-ban/2025/tang%2010.pdf": pdf("Ke hoach")}),
        # A document's Files: entries are comma-separated: a file name with a
        # comma is cut in two (one error, not a second for the rest of it).
        Case("van-ban/2025/45-kh.md", DOCUMENT.format("Kế hoạch 45, phụ lục.pdf"), [
            (5, missing("{static}/van-ban/2025/Kế hoạch 45", "content/van-ban/2025/Kế hoạch 45",
                        "tên tệp «Kế hoạch 45, phụ lục.pdf» có dấu phẩy, mà dòng «Files:» dùng dấu phẩy để "
                        "ngăn cách các tệp — " + RENAME.format("ke-hoach-45-phu-luc.pdf", "dòng «Files:»")))],
             {"van-ban/2025/Kế hoạch 45, phụ lục.pdf": pdf("Ke hoach")}),
        # A space written %20 (copied from an address): the checker read it,
        # the build said the file was not there.
        Case("van-ban/2025/45-kh.md", DOCUMENT.format("Kế%20hoạch%2045.pdf"), [],
             {"van-ban/2025/Kế hoạch 45.pdf": pdf("Ke hoach")}),
        # Balanced parentheses in a target, as Windows names a copy: Markdown
        # reads them, and so does the checker (it said «anh(2» was missing).
        Case("2025/x.md", article(body="![Ảnh 2]({static}/images/anh(2).png)\n\n"
                                        "[Tải]({static}/van-ban/2025/ke-hoach(1).pdf \"Kế hoạch\")"), [],
             {"images/anh(2).png": PNG, "van-ban/2025/ke-hoach(1).pdf": pdf("Ke hoach")}),
    ],
    "links to what is not published": [
        Case("2025/x.md", article(body="Xem [bài sau]({filename}nhap.md)."), [
            (6, "liên kết «{filename}nhap.md» trỏ tới một bản nháp (Status: draft), không được đăng, "
                "nên bạn đọc bấm vào sẽ gặp trang «không tìm thấy» — bỏ liên kết, hoặc đăng bài đó "
                "trước (xoá dòng «Status: draft» của nó)")],
             {"2025/nhap.md": article("Slug: bai-nhap\nStatus: draft\n")}),
        Case("2025/x.md", article(body="Xem [bài sau]({filename}/2025/sau.md)."), [
            (6, "cảnh báo: liên kết «{filename}/2025/sau.md» trỏ tới bài có ngày «2999-01-01» ở tương "
                "lai, chưa được đăng — tới ngày đó bạn đọc bấm vào sẽ gặp trang «không tìm thấy»; "
                "nếu nhầm, hãy sửa ngày của bài đó"),
            ("2025/sau.md", 2, "cảnh báo: ngày «2999-01-01» ở tương lai — bài sẽ chỉ được đăng khi "
                               "trang được xây dựng lại từ ngày đó; nếu nhầm, hãy sửa lại ngày" + FAR_FUTURE_NOTE),
            ], {"2025/sau.md": article("Slug: bai-sau\n", head=HEAD.replace("2025-03-05", "2999-01-01"))}),
        # Scheduled with a link to a draft: passed today, stopped the hourly
        # check (and so every deploy) on its date.
        Case("2025/x.md", article("Slug: bai-hen-gio\n", body="Xem [bài sau]({filename}nhap.md).",
                                  head=HEAD.replace("2025-03-05", "2999-01-01")), [
            (2, "cảnh báo: ngày «2999-01-01» ở tương lai — bài sẽ chỉ được đăng khi trang được xây dựng lại "
                "từ ngày đó; nếu nhầm, hãy sửa lại ngày" + FAR_FUTURE_NOTE),
            (7, "bài hẹn đăng ngày «2999-01-01» có liên kết «{filename}nhap.md» tới một bản nháp (Status: "
                "draft): tới ngày đó hệ thống sẽ từ chối bài này và ngừng đăng mọi thay đổi của trang cho tới "
                "khi sửa — bỏ liên kết, hoặc đăng bài kia trước (xoá dòng «Status: draft» của nó)")],
             {"2025/nhap.md": article("Slug: bai-nhap\nStatus: draft\n")}),
        # «Status: skip» keeps a file out for good: the page published the
        # placeholder «{filename}/2025/bo-qua.md» as its link (a document's
        # link went to its Markdown source, published beside its files).
        Case("2025/x.md", article(body="Xem [bài cũ]({filename}/2025/bo-qua.md)."), [
            (6, skipped("/2025/bo-qua.md"))],
             {"2025/bo-qua.md": article("Slug: bai-bo-qua\nStatus: skip\n")}),
        Case("2025/x.md", article(body="Xem [kế hoạch]({filename}/van-ban/2025/45.md)."), [
            (6, skipped("/van-ban/2025/45.md"))],
             {"van-ban/2025/45.md": "Title: Kế hoạch\nNumber: 45/KH-LHH\nDate: 2025-03-01\nKind: Kế hoạch\n"
                                    "Status: skip\n\nToàn văn.\n"}),
        # A draft may link to a draft; a hidden page to a published one; a
        # link in code is text.
        Case("2025/x.md", article("Status: draft\n", body="[a]({filename}nhap.md) `[b]({filename}nhap.md)`"),
             [], {"2025/nhap.md": article("Slug: bai-nhap\nStatus: draft\n"),
                  "2025/an.md": article("Slug: bai-an\nStatus: hidden\n", body="[c]({filename}mot.md)"),
                  "2025/mot.md": article("Slug: bai-mot\n")}),
    ],
    # A notice with no number: «Number: Không số» was published as «Số Không
    # số», and a second one that year was refused as a duplicate number.
    "documents without a number": [
        Case("van-ban/2025/gm.md", "Title: Giấy mời dự hội nghị\nNumber: Không số\nDate: 2025-03-01\nKind: "
                                   "Thông báo\n\nToàn văn.\n", [
            (2, "«Number: Không số» không phải là số văn bản — văn bản không có số (giấy mời, lịch công tác…) thì "
                "đăng thành một bài viết có liên kết tải tệp, ví dụ «[Tải về]({static}/van-ban/2025/ten-tep.pdf)»: "
                "thư viện Văn bản chỉ nhận văn bản có số")]),
        # A draft put up for comments before it has its number: «Số Dự thảo»
        # at van-ban/2025/du-thao/, and the next draft refused as that number.
        Case("van-ban/2025/dt.md", "Title: Dự thảo quy chế hoạt động\nNumber: Dự thảo\nDate: 2025-03-01\nKind: "
                                   "Thông báo\n\nToàn văn.\n", [
            (2, "«Number: Dự thảo» không có chữ số nào, nên không phải là số văn bản — viết số và ký hiệu như trên "
                "văn bản, ví dụ «Number: 45/KH-LHH»; dự thảo để lấy ý kiến (chưa có số) hay văn bản không có số "
                "(giấy mời, lịch công tác…) thì đăng thành một bài viết có liên kết tải tệp, ví dụ «[Tải về]"
                "({static}/van-ban/2025/ten-tep.pdf)»: thư viện Văn bản chỉ nhận văn bản có số")]),
        Case("van-ban/2025/gm.md", "Title: Giấy mời dự hội nghị\nNumber:\nDate: 2025-03-01\nKind: "
                                   "Thông báo\n\nToàn văn.\n", [
            (2, "dòng «Number:» để trống — viết số và ký hiệu như trên văn bản (ví dụ 45/KH-LHH) ngay sau dấu hai "
                "chấm; văn bản không có số (giấy mời, lịch công tác…) thì đăng thành một bài viết có liên kết tải "
                "tệp, ví dụ «[Tải về]({static}/van-ban/2025/ten-tep.pdf)»: thư viện Văn bản chỉ nhận văn bản có số")]),
    ],
    # A kind the list lacks: the editor is told where the list is and who
    # adds to it (a Chỉ thị filed as «Hướng dẫn» showed readers the wrong kind).
    "a value outside its list": [
        Case("van-ban/2025/99.md", "Title: Chỉ thị về công tác\nNumber: 05/CT-UBND\nDate: 2025-03-01\nKind: Chỉ thị\n"
                                   "\nToàn văn.\n", [
            (4, "loại văn bản «Chỉ thị» không có trong danh sách — các giá trị hợp lệ: «Kế hoạch», "
                "«Thông báo», «Quyết định», «Công văn», «Báo cáo», «Hướng dẫn», «Biểu mẫu» (danh sách DOCUMENT_KINDS trong "
                "pelicanconf.py: muốn thêm, nhờ người phụ trách kỹ thuật)")]),
    ],
    # An address copied from the browser (the public site's, the preview's)
    # or written as a site path: Pelican leaves it as it is, so a typo, a
    # draft or a deleted article gave readers «không tìm thấy», unremarked.
    "links to the site's own addresses": [
        Case("2025/x.md", article(body=(
            "[a](/bai-viet/bai-mot/) [b](https://vustathaibinh.org.vn/bai-viet/bai-mot/#phan-2) "
            "[c](https://www.vustathaibinh.vn/bai-viet/ten-cu/) [d](/) [e](/chuyen-muc/tin-hoat-dong-lhh/) "
            "[f](/tim-kiem/?q=h%E1%BB%99i) [g](/images/anh%20hoi%20thao.png) [h](/gioi-thieu/) "
            "[i](https://vustathaibinh.org.vn/lien-hiep-hoi/hoi-nghi-6817.html) [j](https://example.org/bai-viet/khong/) "
            "`[k](/bai-viet/khong-co/)`")), [],
             {"2025/mot.md": article("Slug: bai-mot\nOld_slug: ten-cu\n"),
              "2025/cu.md": article("Slug: bai-cu\nOld_url: /lien-hiep-hoi/hoi-nghi-6817.html\n"),
              "pages/gioi-thieu.md": "Title: Giới thiệu\nSlug: gioi-thieu\n\nNội dung.\n"}),
        Case("2025/x.md", article(body="Nội dung.\n\nXem [bài trước](https://vustathaibinh.org.vn/bai-viet/bai-mott/)."), [
            (8, "liên kết «https://vustathaibinh.org.vn/bai-viet/bai-mott/» trỏ tới «/bai-viet/bai-mott/», nhưng bản "
                "tin không có trang hay tệp nào ở địa chỉ đó nên bạn đọc sẽ gặp trang «không tìm thấy» — có phải là "
                "«/bai-viet/bai-mot/»? Tốt hơn, viết liên kết tới tệp của bài: «{filename}/2025/mot.md»")],
             {"2025/mot.md": article("Slug: bai-mot\n")}),
        # An address alone on its line is a link on the page (videos.linked):
        # the build reported it, the checker did not.
        Case("2025/x.md", article(body="Nội dung.\n\nhttps://vustathaibinh.org.vn/bai-viet/bai-mott/"), [
            (8, "liên kết «https://vustathaibinh.org.vn/bai-viet/bai-mott/» trỏ tới «/bai-viet/bai-mott/», nhưng bản "
                "tin không có trang hay tệp nào ở địa chỉ đó nên bạn đọc sẽ gặp trang «không tìm thấy» — có phải là "
                "«/bai-viet/bai-mot/»? Tốt hơn, viết liên kết tới tệp của bài: «{filename}/2025/mot.md»")],
             {"2025/mot.md": article("Slug: bai-mot\n")}),
        # ... and one in a sentence (videos.linked_text): it was text, now a link.
        Case("2025/x.md", article(body="Bản xem thử ở http://127.0.0.1:8000/bai-viet/bai-mot/, xem nhé."), [
            (6, "liên kết «http://127.0.0.1:8000/bai-viet/bai-mot/» là địa chỉ của bản xem thử trên máy tính này, "
                "bạn đọc không mở được — viết liên kết tới tệp của bài: «{filename}/2025/mot.md» (địa chỉ luôn "
                "đúng, kể cả khi bài đổi địa chỉ), hoặc địa chỉ công khai của trang")],
             {"2025/mot.md": article("Slug: bai-mot\n")}),
        Case("2025/x.md", article(body="Xem [bài trước](http://127.0.0.1:8000/bai-viet/bai-mot/)."), [
            (6, "liên kết «http://127.0.0.1:8000/bai-viet/bai-mot/» là địa chỉ của bản xem thử trên máy tính này, "
                "bạn đọc không mở được — viết liên kết tới tệp của bài: «{filename}/2025/mot.md» (địa chỉ luôn "
                "đúng, kể cả khi bài đổi địa chỉ), hoặc địa chỉ công khai của trang")],
             {"2025/mot.md": article("Slug: bai-mot\n")}),
        Case("2025/x.md", article(body='<p>Xem <a href="/bai-viet/bai-nhap/">bài sau</a>.</p>'), [
            (6, "liên kết «/bai-viet/bai-nhap/» trỏ tới một bản nháp (Status: draft), không được "
                "đăng, nên bạn đọc bấm vào sẽ gặp trang «không tìm thấy» — bỏ liên kết, hoặc đăng bài đó trước (xoá "
                "dòng «Status: draft» của nó)")],
             {"2025/nhap.md": article("Slug: bai-nhap\nStatus: draft\n")}),
        Case("2025/x.md", article(body="Xem [bài sau](/bai-viet/bai-sau/)."), [
            (6, "cảnh báo: liên kết «/bai-viet/bai-sau/» trỏ tới bài có ngày «2999-01-01» ở tương lai, chưa được "
                "đăng — tới ngày đó bạn đọc bấm vào sẽ gặp trang «không tìm thấy»; nếu nhầm, hãy sửa ngày của bài đó"),
            ("2025/sau.md", 2, "cảnh báo: ngày «2999-01-01» ở tương lai — bài sẽ chỉ được đăng khi "
                               "trang được xây dựng lại từ ngày đó; nếu nhầm, hãy sửa lại ngày" + FAR_FUTURE_NOTE)],
             {"2025/sau.md": article("Slug: bai-sau\n", head=HEAD.replace("2025-03-05", "2999-01-01"))}),
        Case("2025/x.md", article(body="Xem [tin cũ](https://vustathaibinh.org.vn/lien-hiep-hoi/hoi-nghi-6817.html)."), [
            (6, "liên kết «https://vustathaibinh.org.vn/lien-hiep-hoi/hoi-nghi-6817.html» trỏ tới "
                "«/lien-hiep-hoi/hoi-nghi-6817.html», nhưng bản tin không có trang hay tệp nào ở địa chỉ đó nên bạn "
                "đọc sẽ gặp trang «không tìm thấy» — đây là địa chỉ của trang web cũ mà chưa bài nào mang — thêm "
                "dòng «Old_url: /lien-hiep-hoi/hoi-nghi-6817.html» vào bài đã chuyển nội dung đó sang, hoặc bỏ "
                "liên kết")]),
        # A draft's address changes when it is published.
        Case("2025/x.md", article(body="Xem [bài](/ban-nhap/bai-mot/)."), [
            (6, "liên kết «/ban-nhap/bai-mot/» trỏ tới «/ban-nhap/bai-mot/», nhưng bản tin không có trang hay tệp "
                "nào ở địa chỉ đó nên bạn đọc sẽ gặp trang «không tìm thấy» — có phải là «/bai-viet/bai-mot/»? Tốt "
                "hơn, viết liên kết tới tệp của bài: «{filename}/2025/mot.md»")],
             {"2025/mot.md": article("Slug: bai-mot\n")}),
        # A sample of HTML shown as code, a comment: no link (the build read
        # the code's «"» back and stopped; the checker read the comment).
        Case("2025/x.md", article(body=(
            "Mẫu:\n\n```html\n<a href=\"/bai-viet/ten-bai/\">Tên bài</a>\n```\n\n"
            "Hoặc `<a href=\"/bai-viet/ten-bai/\">Tên bài</a>`, hoặc:\n\n    <a href=\"/bai-viet/ten-bai/\">x</a>\n\n"
            "<!-- Tạm bỏ: <a href=\"/bai-viet/bai-se-viet-sau/\">xem thêm</a> -->\n\nHết.")), []),
        # What a page shows: a photo's copy (its original there), /favicon.ico.
        Case("2025/x.md", article(body=(
            "[ảnh](https://vustathaibinh.org.vn/images/2025/derivatives/960w/anh.png.webp) [biểu tượng](/favicon.ico)")),
             [], {"images/2025/anh.png": PNG}),
        # HTML pasted from a web page, its address without quotes.
        Case("2025/x.md", article(body="Xem <a href=/bai-viet/khong-co-bai-nay/>bài trước</a>."), [
            (6, "liên kết «/bai-viet/khong-co-bai-nay/» trỏ tới «/bai-viet/khong-co-bai-nay/», nhưng bản tin không "
                "có trang hay tệp nào ở địa chỉ đó nên bạn đọc sẽ gặp trang «không tìm thấy» — mở trang đó trên bản "
                "tin và chép lại địa chỉ, hoặc viết liên kết tới tệp của bài: «{filename}/năm/tên-tệp.md»")]),
        # Scheduled: checked now, or its date's hourly build stops on it.
        Case("2025/x.md", article("Slug: bai-hen\n", body="Xem [bài cũ](/bai-viet/khong-co/).",
                                  head=HEAD.replace("2025-03-05", "2999-01-01")), [
            (2, "cảnh báo: ngày «2999-01-01» ở tương lai — bài sẽ chỉ được đăng khi trang được xây dựng lại "
                "từ ngày đó; nếu nhầm, hãy sửa lại ngày" + FAR_FUTURE_NOTE),
            (7, "liên kết «/bai-viet/khong-co/» trỏ tới «/bai-viet/khong-co/», nhưng bản tin không có trang hay tệp "
                "nào ở địa chỉ đó nên bạn đọc sẽ gặp trang «không tìm thấy» — mở trang đó trên bản tin và chép lại "
                "địa chỉ, hoặc viết liên kết tới tệp của bài: «{filename}/năm/tên-tệp.md»")]),
        # Servers tell cases apart: «/Bai-Viet/…» was accepted and a 404.
        Case("2025/x.md", article(body="Xem [bài](/Bai-Viet/Bai-Mot/)."), [
            (6, "liên kết «/Bai-Viet/Bai-Mot/» viết địa chỉ bằng chữ hoa, mà địa chỉ của trang là «/bai-viet/bai-mot/» "
                "(máy chủ phân biệt chữ hoa, chữ thường nên bạn đọc sẽ gặp trang «không tìm thấy») — viết "
                "«/bai-viet/bai-mot/», hoặc (tốt hơn) liên kết tới tệp của bài: «{filename}/2025/mot.md»")],
             {"2025/mot.md": article("Slug: bai-mot\n")}),
        # Never the linking article's own address («bai-viet/» alike made
        # every article a near match, the linking one first).
        Case("2025/x.md", article("Slug: bai-thu\n", body="Xem [bài](/bai-viet/bai-thu-2/)."), [
            (7, "liên kết «/bai-viet/bai-thu-2/» trỏ tới «/bai-viet/bai-thu-2/», nhưng bản tin không có trang hay "
                "tệp nào ở địa chỉ đó nên bạn đọc sẽ gặp trang «không tìm thấy» — mở trang đó trên bản tin và chép "
                "lại địa chỉ, hoặc viết liên kết tới tệp của bài: «{filename}/năm/tên-tệp.md»")]),
        Case("2025/x.md", article(body="[Tải về](/van-ban/2025/khong-co.pdf)"), [
            (6, "liên kết «/van-ban/2025/khong-co.pdf» trỏ tới «/van-ban/2025/khong-co.pdf», nhưng bản tin không "
                "có trang hay tệp nào ở địa chỉ đó nên bạn đọc sẽ gặp trang «không tìm thấy» — mở trang đó trên bản "
                "tin và chép lại địa chỉ, hoặc viết liên kết tới tệp của bài: «{filename}/năm/tên-tệp.md»")]),
    ],
    # Giới thiệu's facts file (plugins/about): a date not on the calendar was
    # a traceback from PyYAML (ValueError while loading), a key written
    # twice silently won (a second «so_lieu:» dropped every figure above
    # it, a source name used twice changed the citations), and a future
    # date was published without a word.
    "Giới thiệu's facts": [
        Case(FACTS_FILE, facts_with("    tinh_den: 2019-06-07\n", "    tinh_den: 2019-02-30\n"), [
            (12, "mục «hội thành viên»: " + NOT_ON_CALENDAR.format("2019-02-30"))]),
        Case(FACTS_FILE, facts_with("  - ngay: 1999-06-07\n", "  - ngay: 1999-11-31\n"), [
            (6, "mục «Thành lập.»: " + NOT_ON_CALENDAR.format("1999-11-31"))]),
        Case(FACTS_FILE, GOOD_FACTS + 'so_lieu:\n  - con_so: "40"\n    noi_dung: hội thành viên\n'
                                 "    tinh_den: 2024-11-30\n    nguon: mot\n", [
            (14, "dòng «so_lieu:» được viết 2 lần (dòng 9 và 14) — mỗi phần chỉ viết một lần (viết hai lần thì "
                 "phần sau thay hẳn phần trước): chuyển các mục dưới dòng 14 vào phần «so_lieu:» ở dòng 9, rồi "
                 "xoá dòng thừa")]),
        Case(FACTS_FILE, facts_with("moc:\n", "  mot:\n    ten: Nguồn khác\n    url: https://example.org/khac\nmoc:\n"), [
            (5, "dòng «mot:» được viết 2 lần (dòng 2 và 5) — mỗi nguồn một tên riêng (trùng tên thì nguồn sau "
                "thay nguồn trước ở mọi mục dẫn nó): đổi tên một nguồn (ví dụ «mot-2») và sửa «nguon:» của các "
                "mục dẫn nguồn đó; nếu là cùng một nguồn, xoá nguồn thừa")]),
        Case(FACTS_FILE, facts_with("    noi_dung: hội thành viên\n", '    noi_dung: hội thành viên\n    con_so: "27"\n'), [
            (12, "dòng «con_so:» được viết 2 lần (dòng 10 và 12) — xoá dòng thừa, chỉ giữ một")]),
        Case(FACTS_FILE, facts_with("    ten: Nguồn thử\n", "    ten: Nguồn thử\n    ten: Nguồn khác\n"), [
            (4, "dòng «ten:» được viết 2 lần (dòng 3 và 4) — xoá dòng thừa, chỉ giữ một")]),
        Case(FACTS_FILE, facts_with("    tinh_den: 2019-06-07\n", "    tinh_den: 2099-12-31\n"), [
            (12, "cảnh báo: mục «hội thành viên»: " + FUTURE_FACT.format("2099-12-31"))]),
        Case(FACTS_FILE, facts_with("so_lieu:\n", "  - ngay: 2099-03-01\n    noi_dung: Đại hội lần thứ hai.\n"
                                              "    nguon: mot\nso_lieu:\n"), [
            (9, "cảnh báo: mục «Đại hội lần thứ hai.»: " + FUTURE_FACT.format("2099-03-01"))]),
        Case(FACTS_FILE, GOOD_FACTS, []),
    ],
    # Found by a pass with Windows and Mac office PCs: Unikey left on the
    # TCVN3 or VNI table (the old .VnTime, VNI-Times fonts) typed «Héi nghÞ»,
    # published garbled with the checker and the build passing.
    "typed with an old table": [
        Case("2025/x.md", article("Slug: hoi-nghi\n", head=HEAD.replace(
            "Bài thử", encode("Hội nghị tổng kết công tác năm 2025 của Liên hiệp Hội", "tcvn3"))), [
            (1, OLD_TABLE.format("Héi nghÞ tæng kÕt c«ng t¸c…", "TCVN3 (ABC)", ".VnTime",
                                 "Hội nghị tổng kết công tác…", "", "TCVN3 (ABC)"))]),
        Case("2025/x.md", article(body=encode("Sáng ngày 15/12, Liên hiệp Hội tổ chức hội nghị.\n\n"
                                              "Đồng chí Chủ tịch phát biểu.", "vni")), [
            (6, OLD_TABLE.format("Saùng ngaøy 15/12, Lieân hieäp Hoäi…", "VNI Windows", "VNI-Times",
                                 "Sáng ngày 15/12, Liên hiệp Hội…", " (cả 1 dòng khác: 8)", "VNI Windows"))]),
        # Real Vietnamese, guillemets, foreign names and English: nothing.
        Case("2025/x.md", article("Tags: Hội thảo, Chuyển đổi số\n", body=(
            "Ông Nguyễn Văn Khuyến nói: «Ổn định, ốc đảo, ống nước» — «c» và «I» là chữ cái.\n\n"
            "Khách mời: GS. Müller (Straße 5), bà Françoise, São Paulo, café, naïve, Ærø; 5 × 3 = 15.\n\n"
            "Nghiêng, khuya, quyết, giường, thuở, oằn, khuếch, nguyễn, ngoẹo, quều, ưu, yêu.")), []),
    ],
    # Text copied from a PDF or Word made with the Symbol font: its bullet is
    # U+F0B7, a Private Use Area character no phone font has (an empty box),
    # published with the checker and the build passing.
    "characters no font shows": [
        Case("2025/x.md", article(body="Đoạn một.\n\n\uf0b7 Hội nghị tổng kết công tác năm 2025"), [
            (8, PRIVATE_USE.format("F0B7", " trước chữ «Hội nghị tổng kết…»", "", "thay bằng «•» (chép từ đây)"))]),
        # In a header too (the page's title); a dash of the Symbol font.
        Case("2025/x.md", article(head=HEAD.replace("Bài thử", "Kế hoạch 2024 \uf02d 2025\uf02d")), [
            (1, PRIVATE_USE.format("F02D", " trước chữ «2025»", " (dòng này có 2 ký tự như vậy)",
                                   "thay bằng «–» (chép từ đây)"))]),
    ],
    # Found by a pass with Windows and Mac office PCs: a clone there keeps
    # one file of each pair; only photos inside an album folder were warned.
    "names alike but for case": [
        Case("2025/x.md", article(), [
            ("images/2025/dai-bieu.jpg", 0, TWINS.format("dai-bieu.jpg", "DAI-BIEU.JPG", "chỉ khác nhau chữ hoa, "
                                                         "chữ thường", "dai-bieu-2.jpg"))],
             {"images/2025/dai-bieu.jpg": photo(1), "images/2025/DAI-BIEU.JPG": photo(2)}),
        Case("2025/bai-crlf.md", article("Slug: bai-crlf\n"), [
            (0, TWINS.format("bai-crlf.md", "Bai-CRLF.md", "chỉ khác nhau chữ hoa, chữ thường", "bai-crlf-2.md"))],
             {"2025/Bai-CRLF.md": article("Slug: bai-khac-han\n", head=HEAD.replace("Bài thử", "Bài khác hẳn"))}),
        Case("2025/x.md", article(), [  # a folder: its files merge into one on Windows
            ("images/album", 0, TWINS.format("album", "Album", "chỉ khác nhau chữ hoa, chữ thường", "album-2"))],
             {"images/album/a.jpg": photo(1), "images/Album/b.jpg": photo(2)}),
        Case("2025/x.md", article(), [  # one name typed on Windows (NFC), one on a Mac (NFD)
            ("images/2025/Ảnh.jpg", 0, TWINS.format(
                "Ảnh.jpg", "Ảnh.jpg", "có cùng tên nhưng các dấu trong tên được mã hoá khác (dấu tách rời, "
                "thường do máy Mac đặt tên)", "Ảnh-2.jpg"))],
             {"images/2025/Ảnh.jpg": photo(1), unicodedata.normalize("NFD", "images/2025/Ảnh.jpg"): photo(2)}),
        Case("2025/x.md", article(), [], {"images/2025/dai-bieu.jpg": photo(1), "images/2026/DAI-BIEU.JPG": photo(2)}),
    ],
}
# The build renders code; it reads any header (a maintainer's new one works
# before the checker knows it), the checker names those it does not know.
ERRORS_ONLY_IN_CHECKER = {"images and links in code are text", "a header nothing shows is unknown"}


def cases() -> list:
    return [pytest.param(rule, case, id=f"{rule.replace(' ', '-')}-{number}")
            for rule, items in CASES.items() for number, case in enumerate(items, start=1)]


def write_case(tmp_path: Path, case: Case) -> Path:
    content = tmp_path / "content"
    write_files(content, {case.path: case.text, "images/anh hoi thao.png": PNG, **case.others})
    return content


def expected_lines(case: Case) -> list[str]:
    lines = [entry if len(entry) == 3 else (case.path, *entry) for entry in case.expected]
    return sorted(f"content/{path}{f':{line}' if line else ''}: {message}" for path, line, message in lines)


@pytest.mark.parametrize("rule, case", cases())
def test_the_checker_reports_exactly(rule, case, tmp_path, monkeypatch):
    content = write_case(tmp_path, case)
    monkeypatch.chdir(tmp_path)
    config = Config.from_settings(load_settings(SETTINGS, PATH=str(content)))
    assert [p.format() for p in check(config, now=NOW)] == expected_lines(case)


# GitHub turns publish.yml (its hourly build) off after 60 days without a
# change to the repository: an article scheduled further ahead than that
# was told «appears within the hour after its time» and would not appear.
@pytest.mark.parametrize("date, far", [("2025-05-04 08:30", False),   # exactly 60 days ahead
                                       ("2025-05-04 08:31", True),    # 60 days and a minute
                                       ("2025-09-02 07:00", True),    # after a summer's break
                                       ("2025-03-06", False)])
def test_a_date_beyond_the_idle_limit_says_the_hourly_build_may_have_stopped(date, far, tmp_path, monkeypatch):
    case = Case("2025/x.md", article(head=HEAD.replace("2025-03-05", date)), [])
    content = write_case(tmp_path, case)
    monkeypatch.chdir(tmp_path)
    config = Config.from_settings(load_settings(SETTINGS, PATH=str(content)))
    assert [p.format() for p in check(config, now=NOW)] == [
        f"content/2025/x.md:2: cảnh báo: ngày «{date}» ở tương lai — bài sẽ chỉ được đăng khi trang được xây dựng "
        "lại từ ngày đó; nếu nhầm, hãy sửa lại ngày" + (FAR_FUTURE_NOTE if far else "")]


# Dates typed the Vietnamese way, day first: the example of the message
# (2020-11-11) did not say which number is the month, and «5/12/2026»
# rewritten «2026-05-12» was a real date, in May, published at once.
@pytest.mark.parametrize("typed, said", [
    ("5/12/2026", "ngày 5 tháng 12 năm 2026 viết là «2026-12-05»"),
    ("05-12-2026", "ngày 5 tháng 12 năm 2026 viết là «2026-12-05»"),
    ("05.12.2026", "ngày 5 tháng 12 năm 2026 viết là «2026-12-05»"),
    ("ngày 5 tháng 12 năm 2026", "ngày 5 tháng 12 năm 2026 viết là «2026-12-05»"),
    ("Ngày 05 tháng 12, năm 2026", "ngày 5 tháng 12 năm 2026 viết là «2026-12-05»"),
    ("2026-12-5", "ngày 5 tháng 12 năm 2026 viết là «2026-12-05»"),
    ("2026/12/05", "ngày 5 tháng 12 năm 2026 viết là «2026-12-05»"),
    ("31/12/2025 23:30", "ngày 31 tháng 12 năm 2025 lúc 23:30 viết là «2025-12-31 23:30»"),
    ("1/1/2026 0h15", "ngày 1 tháng 1 năm 2026 lúc 0:15 viết là «2026-01-01 00:15»"),
    ("2026-12-05T07:05:30", "ngày 5 tháng 12 năm 2026 lúc 7:05 viết là «2026-12-05 07:05»"),
    ("29/02/2028", "ngày 29 tháng 2 năm 2028 viết là «2028-02-29»"),
    ("29/02/2027", "ngày 29 tháng 2 năm 2027 không có thật trên lịch"),
    ("31/12/2025 24:00", "ngày 31 tháng 12 năm 2025 lúc 24:00 không có thật trên lịch"),
    ("hôm qua", None),
    ("5/12-2026", None),
])
def test_a_date_typed_day_first_is_told_in_the_form_read(typed, said):
    from plugins.core.rules import DATE_FORM, parse_date

    with pytest.raises(ContentError) as error:
        parse_date(typed)
    assert str(error.value) == (f"ngày «{typed}» không đúng dạng — hãy viết theo dạng {DATE_FORM}"
                                + (f"; {said}" if said else ""))


OURS = re.compile(r"^content/[^:]+(:\d+)?: ")


@pytest.mark.parametrize("rule, case", cases())
def test_the_build_reports_the_same_or_builds(rule, case, tmp_path, monkeypatch, caplog):
    """Errors: the build stops with the checker's lines. Warnings and none:
    it builds, logging the checker's warnings and nothing else in English."""
    if rule in ERRORS_ONLY_IN_CHECKER and case.expected:
        pytest.skip("Pelican renders the page; the checker's rule is about the source")
    content = write_case(tmp_path, case)
    monkeypatch.chdir(tmp_path)
    errors = [line for line in expected_lines(case) if ": cảnh báo: " not in line]
    build = lambda: build_in_process(content, tmp_path / "out", SETTINGS,  # noqa: E731
                                     MENU=[("Trang chủ", "index")], SEARCH={"enabled": False},
                                     WITH_FUTURE_DATES=False, WRITE_DRAFTS=False)  # as publishconf
    if errors:
        with pytest.raises((RuntimeError, ContentError)):
            build()
    else:
        build()
    logged = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    ours = [message.replace(": ", ": cảnh báo: ", 1) if record.levelno == logging.WARNING
            else message for record, message in
            ((r, r.getMessage()) for r in caplog.records if r.levelno >= logging.WARNING)
            if OURS.match(message)]
    assert ours == expected_lines(case)
    others = [m for m in logged if not OURS.match(m)
              and not m.startswith(("Could not process", "Không đọc được", "Dừng dựng trang"))
              and not m.endswith("chưa dựng được vì lỗi ở dòng trên")]
    assert others == []


def test_a_file_github_will_not_take_is_named_by_the_checker_and_the_build(tmp_path, monkeypatch, caplog):
    """A phone's 120 MB video copied into images/ and linked: the checker
    and the build passed it, and the push was refused by GitHub in English
    (over 100 MB). A sparse file: no disk used."""
    content = tmp_path / "content"
    write_files(content, {"2025/x.md": article(body="[Xem video]({static}/images/IMG_4830.MOV)")})
    (content / "images").mkdir()
    with open(content / "images" / "IMG_4830.MOV", "wb") as video:
        video.truncate(120 * 1024 * 1024)
    said = ("content/images/IMG_4830.MOV: tệp nặng 120 MB, GitHub không nhận tệp trên 100 MB nên bài không đăng "
            "được — video: đăng lên YouTube (hoặc Facebook) rồi dán địa chỉ vào bài thành một dòng riêng")
    monkeypatch.chdir(tmp_path)
    config = Config.from_settings(load_settings(SETTINGS, PATH=str(content)))
    assert [p.format() for p in check(config, now=NOW) if "MB" in p.message][0].startswith(said)
    with pytest.raises((RuntimeError, ContentError)):
        build_in_process(content, tmp_path / "out", SETTINGS, MENU=[("Trang chủ", "index")], SEARCH={"enabled": False})
    assert any(r.getMessage().startswith(said) for r in caplog.records), [r.getMessage() for r in caplog.records]


def test_a_link_to_a_file_outside_content_is_refused_by_the_checker_and_the_build(tmp_path, monkeypatch, caplog):
    """A symbolic link in content/ (one line in a pull request's diff) to a
    file of the building machine: Pelican followed it, and the file (here
    the clone's git configuration; a maintainer's SSH key when they deploy
    from their computer) was published once an article linked it, check and
    build silent. A link inside content/ is a file like any other."""
    content = tmp_path / "content"
    write_files(content, {"2025/x.md": article(body="[Sơ đồ]({static}/images/so-do.txt) ![Ảnh]({static}/images/anh.png)"),
                          "images/anh-goc.png": PNG})
    (tmp_path / "secret").write_text("[core]\n\ttoken = bi-mat\n", encoding="utf-8")
    (content / "images" / "so-do.txt").symlink_to("../../secret")
    (content / "images" / "anh.png").symlink_to("anh-goc.png")
    said = ("content/images/so-do.txt: «so-do.txt» là một liên kết (symlink) tới «../../secret», nằm ngoài thư "
            "mục content/: trang web sẽ đăng nội dung ở đó (có thể là cấu hình hay mật khẩu của máy xây dựng "
            "trang) — xoá liên kết; cần tệp nào thì chép chính tệp đó vào content/")
    monkeypatch.chdir(tmp_path)
    config = Config.from_settings(load_settings(SETTINGS, PATH=str(content)))
    assert [p.format() for p in check(config, now=NOW)] == [said]
    with pytest.raises((RuntimeError, ContentError)):
        build_in_process(content, tmp_path / "out", SETTINGS, MENU=[("Trang chủ", "index")], SEARCH={"enabled": False})
    assert said in [r.getMessage() for r in caplog.records]
    assert not [path for path in (tmp_path / "out").rglob("*") if path.is_file() and b"bi-mat" in path.read_bytes()]


def test_a_file_nobody_reads_is_named_when_given_or_in_a_given_folder(tmp_path, monkeypatch):
    """``invoke check -- PATH…`` (the pre-commit hook passes the staged
    files): the unread files among them or under a given folder only."""
    content = tmp_path / "content"
    write_files(content, {"2025/a.md": article(), "2025/b.md.txt": article(), "2024/c.MD": article()})
    monkeypatch.chdir(tmp_path)
    config = Config.from_settings(load_settings(SETTINGS, PATH=str(content)))

    def named(*paths: str) -> list[str]:
        return [problem.format().split(": ")[0] for problem in check(config, [content / p for p in paths], NOW)]

    assert named() == ["content/2024/c.MD", "content/2025/b.md.txt"]
    assert named("2025/a.md") == []
    assert named("2025/b.md.txt") == named("2025") == ["content/2025/b.md.txt"]


@pytest.mark.parametrize("on_disk, written, fix", [
    # A name with its marks encoded apart (NFD, as macOS names files), the
    # article naming it as typed (NFC): the checker asked «có phải là «Ảnh
    # hội thảo.png»?», the very name the editor sees.
    ("NFD:images/2025/Ảnh hội thảo.png", "<{static}/images/2025/Ảnh hội thảo.png>",
     "tệp «Ảnh hội thảo.png» có cùng tên nhưng các dấu trong tên được mã hoá khác (dấu tách rời, "
     "thường do máy Mac đặt tên) nên không khớp — đổi tên tệp thành tên không dấu, ví dụ "
     "«anh-hoi-thao.png», rồi sửa liên kết theo tên mới"),
    # A «#» in the name: a link reads the rest as a fragment; the checker
    # said «kiểm tra tên tệp» of a file that is there.
    ("images/2025/anh#1.png", "{static}/images/2025/anh#1.png",
     "tên tệp «anh#1.png» có dấu «#» nên liên kết không bao giờ tới được tệp — đổi tên tệp thành "
     "tên không dấu, ví dụ «anh1.png», rồi sửa liên kết theo tên mới"),
    # A phone's «IMG_1234.JPG» typed in lower case, or a renamed photo: the
    # build said only «không tìm thấy ảnh», without the checker's fix.
    ("images/2025/anh-hoi-nghi.png", "{static}/images/2025/Anh-Hoi-Nghi.PNG", "có phải là «anh-hoi-nghi.png»?"),
    # The photo in another year's folder: «chép tệp vào content/images/2024/»
    # asked for a second copy.
    ("images/2025/bia.png", "{static}/images/2024/bia.png",
     "tệp có trong content/images/2025/ — sửa «/2024/» trong liên kết thành «/2025/»"),
    # The phone's next photo is another photo: «có phải là «IMG_4822.png»?»
    # sent the editor to a photo the article already shows.
    ("images/2025/IMG_4822.png", "{static}/images/2025/IMG_4821.png",
     "kiểm tra tên tệp (chữ hoa, chữ thường, phần đuôi) và chép tệp vào content/images/2025/"),
], ids=["encoded-apart", "hash", "case", "elsewhere", "next-photo"])
def test_a_photo_the_link_cannot_reach_is_told_apart_by_the_checker_and_the_build(
        on_disk, written, fix, tmp_path, monkeypatch, caplog):
    """A photo that is there under a name no link reaches: both the checker
    and the build say so, with a name to rename it to; the build said only
    that it was not found. The two say it in the same words."""
    import functools
    import unicodedata

    content = tmp_path / "content"
    name = unicodedata.normalize("NFD", on_disk[4:]) if on_disk.startswith("NFD:") else on_disk
    write_files(content, {"2025/x.md": article(body=f"![Đại biểu]({written})"), name: PNG})
    monkeypatch.chdir(tmp_path)
    config = Config.from_settings(load_settings(SETTINGS, PATH=str(content)))
    nfc = functools.partial(unicodedata.normalize, "NFC")  # the name on disk is shown as it is
    [problem] = check(config, now=NOW)
    assert problem.format().startswith("content/2025/x.md:6: ") and nfc(problem.message).endswith(fix)
    with pytest.raises((RuntimeError, ContentError)):
        build_in_process(content, tmp_path / "out", SETTINGS, MENU=[("Trang chủ", "index")],
                         SEARCH={"enabled": False})
    # In one wording: the checker said «liên kết … trỏ tới tệp không có».
    assert nfc(problem.message).startswith("không tìm thấy ảnh «")
    assert nfc(problem.format()) in [nfc(r.getMessage()) for r in caplog.records]


def test_headers_pasted_with_invisible_spaces_read_as_they_look(tmp_path, monkeypatch, caplog):
    """A no-break space (Word, a web page) or a zero-width space pasted into
    a header: the checker asked «chuyên mục «Tin hoạt động LHH» không có
    trong danh sách — có phải là «Tin hoạt động LHH»?», warned that «Hội
    thảo» differs from «Hội thảo» «ở dấu hoặc chữ hoa», and the build stopped
    on the category. Both read the value as it looks now."""
    content = tmp_path / "content"
    write_files(content, {
        "2025/a.md": article("Tags: Hội\u00a0thảo, Nông\u200bnghiệp\u202e, \ufb01nance\n",
                             head=HEAD.replace("Tin hoạt động LHH", "Tin hoạt động\u00a0LHH")
                                      .replace("Ban thông tin", "Ban\u202fthông tin"),
                             # Pasted from Zalo: to the search, «thảo\u200b» was a word unlike «thảo».
                             # Copied from a PDF: «ﬁnance», «ﬂow» (ligatures U+FB01, U+FB02) were not
                             # «finance», «flow» to the search, and a box in a font without them.
                             body="\ufeffHội thảo\u200b về chuyển\u00ad đổi số\u2060 nông\u2067 nghiệp. "
                                  "Báo cáo \ufb01nance, cash \ufb02ow, e\ufb00ect, o\ufb03ce."),
        "2025/b.md": article("Slug: bai-b\nTags: Hội thảo\n")})
    monkeypatch.chdir(tmp_path)
    config = Config.from_settings(load_settings(SETTINGS, PATH=str(content)))
    assert check(config, now=NOW) == []
    site = build_in_process(content, tmp_path / "out", SETTINGS, MENU=[("Trang chủ", "index")],
                            SEARCH={"enabled": False})
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    soup = site.soup("bai-viet/bai-thu/")
    assert [a.get_text() for a in soup.select('a[rel="tag"]')] == ["Hội thảo", "Nôngnghiệp", "finance"]
    assert sorted(p.name for p in (site.output / "the").iterdir() if p.is_dir()) == ["finance", "hoi-thao",
                                                                                      "nongnghiep"]
    assert sorted(p.name for p in (site.output / "tac-gia").iterdir() if p.is_dir()) == ["ban-thong-tin"]
    assert "\u00a0LHH" not in site.text("bai-viet/bai-thu/") and "\u202f" not in site.text("bai-viet/bai-thu/")
    body = soup.select_one("article .content, article").get_text()
    assert " ".join(body.split()).count("Hội thảo về chuyển đổi số nông nghiệp. Báo cáo finance, cash flow, "
                                        "effect, office.") == 1
    assert not any(0xFB00 <= ord(c) <= 0xFB06 for c in site.text("bai-viet/bai-thu/"))
    # A bidirectional override left open (U+202E) reversed the text after it, the page's own too.
    assert not set("\u200b\u00ad\u2060\ufeff\u202e\u2067") & set(site.text("bai-viet/bai-thu/"))


def test_control_characters_and_lone_carriage_returns_are_read_as_they_look(tmp_path, monkeypatch):
    """Found by a pass with Windows and Mac files. Word's Shift+Enter (\\v)
    or a PDF's page break (\\f) pasted into a body stopped the production
    build with an English traceback from the feeds («Control characters
    are not supported in XML 1.0»), no file named, while the checker
    passed; in a caption it was a line of its own to the checker. A file
    saved with lone CR line endings (Notepad's «Macintosh (CR)») was read
    by the build and not by the checker: «thiếu dòng Date:», or a ``Slug:``
    read as part of the ``Tags:`` line before it."""
    content = tmp_path / "content"
    write_files(content, {
        "2025/a.md": article("Slug: bai-a\nAlbum: album/hoi-thao\n",
                             body="Khai mạc\vhội thảo\fchuyển đổi số\x01 nông nghiệp."),
        "2025/cr.md": article("Tags: Hội thảo\nSlug: bai-cr\n").replace("\n", "\r"),
        "hoi-dap/q.md": "Title: Câu hỏi?\nSlug: cau-hoi\nDate: 2025-01-01\n\nTrả lời\vngắn.\n",
        "pages/hoi-dap.md": "Title: Hỏi & đáp\nSlug: hoi-dap\nTemplate: faq\n\nx\n",
        "images/album/hoi-thao/anh-1.jpg": photo(1, 320, 240), "images/album/hoi-thao/anh-2.jpg": photo(2, 320, 240),
        "images/album/hoi-thao/chu-thich.txt": "anh-1.jpg: Khai mạc\vhội thảo\nanh-2.jpg: Đại biểu\n"})
    monkeypatch.chdir(tmp_path)
    config = Config.from_settings(load_settings(SETTINGS, PATH=str(content)))
    assert [problem.format() for problem in check(config, now=NOW)] == []
    site = build_in_process(content, tmp_path / "out", SETTINGS, MENU=[("Trang chủ", "index")],
                            SEARCH={"enabled": False})
    text = " ".join(site.soup("bai-viet/bai-a/").select_one("article").get_text().split())
    assert "Khai mạc hội thảo chuyển đổi số nông nghiệp." in text
    assert "Trả lời ngắn." in " ".join(site.soup("hoi-dap/").get_text().split())
    assert site.soup("bai-viet/bai-a/").find("img", alt="Khai mạc hội thảo") is not None
    assert [a.get_text() for a in site.soup("bai-viet/bai-cr/").select('a[rel="tag"]')] == ["Hội thảo"]
    ElementTree.parse(site.output / "feeds" / "all.atom.xml")  # well-formed XML
    controls = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
    assert not [p for p in site.output.rglob("*") if p.suffix in (".html", ".xml") and controls.search(p.read_text(encoding="utf-8"))]


def test_skip_is_read_and_never_written(tmp_path, monkeypatch):
    """``Status: skip`` (any case): the checker accepts it, the build writes
    nothing for it and does not stop (Pelican asserted on ``Skip``)."""
    content = tmp_path / "content"
    write_files(content, {"2025/a.md": article("Slug: bai-a\n"),
                          "2025/b.md": article("Slug: bai-b\nStatus: Skip\n"),
                          "2025/c.md": article("Slug: bai-c\nStatus: skip\n"),
                          "hoi-dap/q.md": "Title: Câu hỏi bỏ qua?\nDate: 2025-01-01\nStatus: skip\n\nx\n",
                          "pages/hoi-dap.md": "Title: Hỏi & đáp\nTemplate: faq\n\nx\n"})
    site = build_in_process(content, tmp_path / "out", SETTINGS, MENU=[("Trang chủ", "index")],
                            SEARCH={"enabled": False})
    assert site.path("bai-viet/bai-a/").is_file()
    assert not site.path("bai-viet/bai-b/").exists() and not site.path("bai-viet/bai-c/").exists()
    assert not (site.output / "ban-nhap").exists()
    assert "Câu hỏi bỏ qua" not in site.text("hoi-dap/")
    # A skipped document: nothing of it, its Markdown source not copied beside the attachments.
    write_files(content, {"van-ban/2025/45.md": "Title: Kế hoạch\nNumber: 45/KH-LHH\nDate: 2025-03-01\n"
                                                "Kind: Kế hoạch\nStatus: skip\n\nToàn văn.\n"})
    site = build_in_process(content, tmp_path / "out", SETTINGS, MENU=[("Trang chủ", "index")],
                            SEARCH={"enabled": False})
    assert not list(site.output.rglob("45.md")) and not list(site.output.rglob("45-kh-lhh*"))


def test_dates_before_1911_get_the_zones_modern_offset(tmp_path):
    """The tz database gives Vietnam +07:06:30 (local mean time) before
    1911; no sitemap reader accepts it. Such dates get +07:00."""
    content = tmp_path / "content"
    write_files(content, {"2025/x.md": article("Slug: bai-cu\n", head=HEAD.replace("2025-03-05", "1900-01-02 08:30"))})
    site = build_in_process(content, tmp_path / "out", SETTINGS, MENU=[("Trang chủ", "index")],
                            SEARCH={"enabled": False})
    soup = site.soup("bai-viet/bai-cu/")
    published = soup.find("meta", property="article:published_time")["content"]
    assert published == "1900-01-02T08:30:00+07:00"
    assert "<lastmod>1900-01-02T08:30:00+07:00</lastmod>" in (site.output / "sitemap.xml").read_text(encoding="utf-8")
    assert "07:06" not in "".join(p.read_text(encoding="utf-8") for p in site.output.rglob("*.xml"))


# --- What is not public is in no index ----------------------------------------------
SITEURL = "https://vi-du.test"


def item(title: str, slug: str, extra: str = "", date: str = "2025-03-05") -> str:
    return (f"Title: {title}\nDate: {date}\nAuthor: Ban thông tin\nCategory: Tin hoạt động LHH\n"
            f"Tags: Kỳ lân\nSlug: {slug}\n{extra}\nNội dung về kỳ lân của «{title}».\n")


VISIBILITY = {
    "2025/cong-khai.md": item("Bài công khai", "cong-khai"),
    "2025/an.md": item("Bài ẩn", "bai-an", "Status: hidden\n"),
    "2025/nhap.md": item("Bài nháp", "bai-nhap", "Status: draft\n"),
    "2025/tuong-lai.md": item("Bài tương lai", "bai-tuong-lai", date="2999-01-01"),
    "2025/bo-qua.md": item("Bài bỏ qua", "bai-bo-qua", "Status: skip\n"),
    "pages/hoi-dap.md": "Title: Hỏi & đáp\nTemplate: faq\n\nCâu hỏi của hội viên.\n",
    "pages/an.md": "Title: Trang ẩn\nSlug: trang-an\nStatus: hidden\n\nTrang ẩn.\n",
    "pages/nhap.md": "Title: Trang nháp\nSlug: trang-nhap\nStatus: draft\n\nTrang nháp.\n",
    "hoi-dap/cong-khai.md": "Title: Câu hỏi công khai?\nDate: 2025-01-01\n\nTrả lời.\n",
    "hoi-dap/nhap.md": "Title: Câu hỏi nháp?\nDate: 2025-01-02\nStatus: draft\n\nTrả lời.\n",
    "hoi-dap/an.md": "Title: Câu hỏi ẩn?\nDate: 2025-01-03\nStatus: hidden\n\nTrả lời.\n",
    "hoi-dap/tuong-lai.md": "Title: Câu hỏi tương lai?\nDate: 2999-01-01\n\nTrả lời.\n",
    # A kind the project does not have (tests/support/new_kind.py).
    "su-kien/cong-khai.md": item("Sự kiện công khai", "sk-cong-khai"),
    "su-kien/an.md": item("Sự kiện ẩn", "sk-an", "Status: hidden\n"),
    "su-kien/tuong-lai.md": item("Sự kiện tương lai", "sk-tuong-lai", date="2999-01-01"),
}
PUBLIC = ["bai-viet/cong-khai/", "hoi-dap/", "su-kien/sk-cong-khai/"]
NOT_PUBLIC = ["bai-viet/bai-an/", "ban-nhap/bai-nhap/", "ban-nhap/bai-tuong-lai/", "trang-an/",
              "ban-nhap/trang/trang-nhap/", "su-kien/sk-an/", "su-kien/sk-tuong-lai/"]


@pytest.fixture(scope="module")
def visibility(tmp_path_factory):
    """Production settings (future dates held back), Pagefind on, and a
    new content kind: every status of every kind."""
    def build(base: Path) -> None:
        write_files(base / "content", VISIBILITY)
        settings = load_settings(SETTINGS, PATH=str(base / "content"))
        build_in_process(
            base / "content", base / "out", SETTINGS, SITEURL=SITEURL, FEED_DOMAIN=SITEURL,
            RELATIVE_URLS=False, WITH_FUTURE_DATES=False, MENU=[("Trang chủ", "index")],
            ARTICLE_EXCLUDES=[*settings["ARTICLE_EXCLUDES"], "su-kien"],
            PLUGINS=[*settings["PLUGINS"], "tests.support.new_kind"],
        )

    return Site(built_once(tmp_path_factory, "visibility", build) / "out")


def test_what_is_not_public_is_written_noindex_and_never_searchable(visibility):
    for url in PUBLIC:
        robots = visibility.soup(url).find("meta", attrs={"name": "robots"})
        assert robots is None or "noindex" not in robots["content"], url
    for url in NOT_PUBLIC:
        soup = visibility.soup(url)
        assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex,follow", url
        assert not soup.select("[data-pagefind-body]"), url
    assert visibility.soup("bai-viet/cong-khai/").select("[data-pagefind-body]")
    assert not visibility.path("bai-viet/bai-bo-qua/").exists()
    entry = (visibility.output / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8")
    # The public article and the public question (Hỏi & đáp is searched):
    # nothing hidden, draft or future.
    assert '"page_count":2' in entry.replace(" ", "")


def test_what_is_not_public_is_in_no_sitemap_feed_or_listing(visibility):
    sitemap = (visibility.output / "sitemap.xml").read_text(encoding="utf-8")
    feeds = "".join(p.read_text(encoding="utf-8") for p in (visibility.output / "feeds").glob("*.xml"))
    for url in PUBLIC:
        assert f"<loc>{SITEURL}/{url}</loc>" in sitemap, url
    assert f"{SITEURL}/bai-viet/cong-khai/" in feeds
    for url in NOT_PUBLIC:
        assert f"{SITEURL}/{url}" not in sitemap + feeds, url
        linked_from = [visibility.url_of(path) for path in visibility.html_files()
                       if f'href="{SITEURL}/{url}"' in path.read_text(encoding="utf-8")
                       and visibility.url_of(path) != url]
        assert linked_from == [], url


# Production (publishconf.py: WRITE_DRAFTS = False) writes no page for a
# draft of any kind, nor a file that only drafts link.
DRAFT_FILES = {
    **VISIBILITY,
    "2025/nhap.md": item("Bài nháp", "bai-nhap", "Status: draft\n").replace(
        "\nNội dung", "\n![Ảnh riêng]({static}/images/2025/rieng.jpg) ![Ảnh chung]({static}/images/2025/chung.jpg)\n\n"
        "[Tải ảnh riêng]({static}/images/2025/rieng.jpg)\n\nNội dung"),
    "2025/cong-khai.md": item("Bài công khai", "cong-khai").replace(
        "\nNội dung", "\n![Ảnh chung]({static}/images/2025/chung.jpg)\n\nNội dung"),
    "images/2025/rieng.jpg": photo(1), "images/2025/chung.jpg": photo(2), "images/2025/chua-dung.jpg": photo(3),
    "van-ban/2025/9-tb-lhh.pdf": pdf("Thong bao nhap"),
    "van-ban/2025/9-tb-lhh.md": ("Title: Thông báo nháp\nNumber: 9/TB-LHH\nDate: 2025-02-01\nKind: Thông báo\n"
                                 "Files: {static}/van-ban/2025/9-tb-lhh.pdf\nStatus: draft\n\nMô tả.\n"),
}
DRAFTS_ONLY = ["ban-nhap", "su-kien/sk-tuong-lai/index.html", "images/2025/rieng.jpg",
               "images/2025/derivatives/480w/rieng.jpg.webp", "van-ban/2025/9-tb-lhh.pdf"]


@pytest.mark.parametrize("write_drafts", [False, True], ids=["production", "preview"])
def test_production_writes_no_draft_nor_a_file_only_drafts_link(write_drafts, tmp_path):
    write_files(tmp_path / "content", DRAFT_FILES)
    settings = load_settings(SETTINGS, PATH=str(tmp_path / "content"))
    site = build_in_process(
        tmp_path / "content", tmp_path / "out", SETTINGS, SEARCH={"enabled": False},
        WITH_FUTURE_DATES=False, WRITE_DRAFTS=write_drafts, MENU=[("Trang chủ", "index")],
        ARTICLE_EXCLUDES=[*settings["ARTICLE_EXCLUDES"], "su-kien"],
        PLUGINS=[*settings["PLUGINS"], "tests.support.new_kind"],
    )
    written = {path: (site.output / path).exists() for path in DRAFTS_ONLY}
    assert written == dict.fromkeys(DRAFTS_ONLY, write_drafts)
    # Hidden items keep their pages; a photo a public page also shows has
    # its copies (its file is published only where linked: plugins.images);
    # a photo nothing names is not published at all.
    for path in ["bai-viet/bai-an/index.html", "trang-an/index.html", "su-kien/sk-an/index.html",
                 "bai-viet/cong-khai/index.html", "images/2025/derivatives/480w/chung.jpg.webp"]:
        assert (site.output / path).is_file(), path
    assert not (site.output / "images/2025/chung.jpg").exists()
    assert not [p for p in site.output.rglob("*") if p.name.startswith("chua-dung")]


def test_hoi_dap_lists_only_public_questions_that_are_due(visibility):
    questions = [h.get_text().replace("\xa0", " ")
                 for h in visibility.soup("hoi-dap/").select(".faq-question")]
    assert questions == ["Câu hỏi công khai?"]
    # Each question links to itself: a reader can copy the address of one
    # question (none had one on the page, only the sidebar's newest three).
    item = visibility.soup("hoi-dap/").select_one("article.faq-item")
    assert item.select_one(".faq-question a")["href"] == "#" + item["id"]
    # Questions are searched (tests/test_search.py): the search page offers
    # them as a type of result, and its «nothing found» line no longer says
    # they are not searched.
    search_page = visibility.soup("tim-kiem/")
    assert [o.get_text() for o in search_page.select("#loai option")][-1] == "Hỏi & đáp"
    assert not search_page.select_one("[data-search-fallback]").find("a", string="Hỏi & đáp")
    sidebar = [a.get_text().replace("\xa0", " ")
               for a in visibility.soup("").select(".sidebar a[href*='#']")]
    assert sidebar == ["Câu hỏi công khai?"]


# --- The reserved set follows the settings -----------------------------------------
def test_every_address_the_sample_site_generates_is_reserved(sample_site):
    """Every file of a built site (every page type, pagination, feeds,
    search, static files) is either an item's own page, at the address the
    checker computes for it, or inside the reserved set computed from the
    settings: the set cannot drift from what Pelican and our plugins write."""
    from plugins.core.rules import reserved_by, reserved_paths
    from workflow.check import read_all

    base = sample_site.output.parent
    settings = load_settings(base / "settings.py", PATH=str(base / "content"))
    config = Config.from_settings(settings)
    documents, _ = read_all(config)
    items = {config.addresses(doc)[0] for doc in documents if doc.url_key}
    # Redirect pages stand at the old site's addresses (plugins/redirects
    # refuses any that would land on a reserved path or a page).
    written = {path.relative_to(sample_site.output).as_posix()
               for path in sample_site.output.rglob("*")
               if path.is_file() and not (path.suffix in (".html", ".htm") and is_redirect(path))}
    assert items <= written
    reserved = reserved_paths(settings)
    assert [name for name in sorted(written - items) if not reserved_by(name, reserved)] == []
    assert [name for name in sorted(items) if reserved_by(name, reserved)] == []
    assert {entry for entry, _ in reserved} >= {"tim-kiem/", "luu-tru/", "the/", "chuyen-muc/",
                                                "tac-gia/", "trang/", "feeds/", "quan-tri/",
                                                "van-ban/", "album-anh/",
                                                "404.html", "sitemap.xml", "pagefind/"}
    # Each is told to an editor in words, never as a setting's name.
    from plugins.core.rules import RESERVED_ORIGINS, reserved_origin
    told = {origin: reserved_origin(origin) for _, origin in reserved}
    assert {o: t for o, t in told.items() if o not in RESERVED_ORIGINS and "FEED" not in o} == {}
    assert [t for o, t in told.items() if t == o or re.search(r"[A-Z]_[A-Z]|plugins\.", t)] == []


@pytest.mark.parametrize("value, named", [
    ({"earliest": 1999}, "CONTENT_RULES: khoá lạ «earliest» — các khoá hợp lệ: earliest_year, slug_max_chars"),
    ({"slug_max_chars": "120"}, "CONTENT_RULES['slug_max_chars'] phải là một số nguyên (không có dấu nháy), không "
                                "phải một chuỗi trong dấu nháy \"…\" (viết '120')"),
    ({"earliest_year": 0}, "CONTENT_RULES['earliest_year'] phải là số nguyên dương (xem pelicanconf.py)"),
])
def test_bad_content_rules_stop_the_build_and_the_checker_naming_the_key(value, named, tmp_path, caplog):
    from workflow import WorkflowError

    content = write_case(tmp_path, Case("2025/x.md", article(), []))
    with pytest.raises(WorkflowError) as raised:
        Config.from_settings({**load_settings(SETTINGS, PATH=str(content)), "CONTENT_RULES": value})
    assert str(raised.value) == named
    with pytest.raises((RuntimeError, ContentError)):  # which one: build_in_process
        build_in_process(content, tmp_path / "out", SETTINGS, CONTENT_RULES=value)
    assert named in [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


# A missing file's name → the folder's files → what the fix offers.
MISSING_FILES = {
    "a typo": ("anh-hoi-thoa.jpg", ["anh-hoi-thao.jpg", "anh-tap-huan.jpg"], "có phải là «anh-hoi-thao.jpg»?"),
    "another extension": ("khai-mac.jpg", ["khai-mac.jpeg"], "có phải là «khai-mac.jpeg»?"),
    # A deleted photo: the folder's others are other events' photos.
    "another photo": ("anh-hoi-thao.jpg", ["anh-tap-huan.jpg", "anh.jpg"], "kiểm tra tên tệp"),
    "another document": ("ke-hoach.pdf", ["ke-hoach-nam-2025.pdf"], "kiểm tra tên tệp"),
}


@pytest.mark.parametrize("case", MISSING_FILES)
def test_a_missing_file_is_offered_only_a_typo_of_its_name(case, tmp_path):
    """A deleted «anh-hoi-thao.jpg» was «có phải là «anh-tap-huan.jpg»?»
    (difflib's 0.62): an editor following it put another event's photo in
    the article. A file's name is offered only for a typo of it."""
    from plugins.core.rules import missing_fix

    name, names, offered = MISSING_FILES[case]
    assert offered in missing_fix(f"/images/{name}", tmp_path / name, names)


@pytest.mark.parametrize(("value", "names"), [
    ("KH&amp;CN, Hội thảo", ["KH&CN", "Hội thảo"]),  # the entity's «;» split the list there
    ("A &#8211; B, C", ["A – B", "C"]),
    ("R&D; Đổi mới", ["R&D", "Đổi mới"]),  # an «&» alone stays; a «;» typed still separates
    ("Hội nghị，Khoa học", ["Hội nghị", "Khoa học"]),
])
def test_a_list_header_is_split_as_the_build_reads_it(value, names):
    from plugins.core.rules import split_list

    assert split_list(value) == names
