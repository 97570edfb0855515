"""The content checker (``invoke check``, ``python -m workflow.check``).

tests/corpus/bad/ holds one file per problem (two where a problem needs two
files); every expected line below is the exact output, file, line and
Vietnamese message. tests/corpus/good/ must pass with no output at all.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from plugins.core import photos
from plugins.core.errors import ContentError
from tests.support import CONTENT, FAR_FUTURE_NOTE, ROOT, write_files
from workflow import WorkflowError, load_settings
from workflow.check import Config, check, main

CORPUS = ROOT / "tests" / "corpus"
SETTINGS = CORPUS / "settings.py"

SAVE_AS_UTF8 = (
    "mở tệp trong trình soạn thảo và lưu lại với bảng mã UTF-8 (Notepad: Lưu thành… › "
    "Mã hoá: UTF-8; VS Code: bấm tên bảng mã ở góc dưới › Lưu với bảng mã › UTF-8)"
)
DATE_FORM = "YYYY-MM-DD hoặc YYYY-MM-DD HH:MM (ví dụ 2020-11-11 hoặc 2020-11-11 08:30)"
COLLISION = (
    "trùng địa chỉ «bai-viet/hoi-nghi-tong-ket-nam/» (tiêu đề giống nhau khi bỏ dấu) — thêm "
    "vào phần đầu của một trong hai tệp dòng «Slug: …» với một địa chỉ khác, ví dụ «Slug: "
    "hoi-nghi-tong-ket-nam-2» "
    "(ở bàn biên tập: ô «Địa chỉ (Slug)»)"
)
ALT = "không có lời mô tả (alt) — viết mô tả ngắn nội dung ảnh: ![Mô tả ảnh](…) hoặc <img alt=\"Mô tả ảnh\" …>"
FILES_HOW = ("mà phần nội dung cũng trống — viết «Files: {static}/van-ban/<năm>/ten-tep.pdf» ở phần "
             "đầu, hoặc chép toàn văn văn bản vào phần nội dung")
SAME_NUMBER = ("số văn bản «60/TB-LHH» năm 2025 đã được dùng (tệp trùng: bad/van-ban/so-trung-{}.md) — "
               "mỗi văn bản có một số riêng trong năm; sửa dòng «Number:» cho đúng số trên văn bản. Văn bản ban "
               "hành lại cùng số (bản đính chính): giữ một tệp, thay tệp đính kèm ở dòng «Files:» của nó, ghi ngày "
               "sửa ở dòng «Modified:» (ở bàn biên tập: ô «Ngày cập nhật») và xoá tệp kia")
CAPTIONS = "bad/images/album-chu-thich/chu-thich.txt"


def missing(key):
    return (f"thiếu dòng «{key}:» ở đầu tệp — thêm dòng «{key}: …» vào phần đầu "
            "(trước dòng trống đầu tiên)")


# {file under tests/corpus/: [(line, exact message)]}, every file of bad/.
EXPECTED = {
    # Editors never run «invoke»: told there is nothing to do, the command left to the IT person.
    "bad/2025/bom.md": [(1, "cảnh báo: tệp bắt đầu bằng một dấu ẩn (BOM, Notepad thêm khi lưu «UTF-8 có BOM»), "
                            "trang vẫn được dựng đúng, không cần sửa — lần sau lưu bằng Notepad thì chọn Mã hoá "
                            "«UTF-8»; người phụ trách kỹ thuật có thể bỏ dấu này bằng «invoke check --fix»")],
    "bad/2025/utf16.md": [(1, "tệp được lưu theo bảng mã UTF-16 (Unicode), không phải UTF-8 — "
                              + SAVE_AS_UTF8)],
    "bad/2025/windows-1258.md": [(1, "tệp không phải UTF-8 mà có vẻ là bảng mã Windows-1258 — "
                                     + SAVE_AS_UTF8)],
    "bad/2025/thieu-title.md": [(1, missing("Title"))],
    "bad/2025/thieu-date.md": [(1, missing("Date"))],
    "bad/2025/thieu-author.md": [(1, missing("Author"))],
    "bad/2025/author-trong.md": [(3, "dòng «Author:» để trống — viết tên tác giả ngay sau dấu hai chấm")],
    "bad/2025/thieu-category.md": [(1, missing("Category"))],
    # A blank line left among the headers: the ones below it were published as the body's first words.
    "bad/2025/dong-dau-sau-dong-trong.md": [
        (line, f"dòng «{text}» là một dòng đầu nhưng nằm sau một dòng trống, nên trang web đăng nó thành chữ "
               "trong bài — xoá dòng trống ở trên nó (giữa các dòng đầu không có dòng trống nào), hoặc xoá cả "
               "dòng nếu không cần")
        for line, text in ((6, "Tags: Hội nghị, Thử nghiệm"),)],
    "bad/hoi-dap/thieu-ngay.md": [(1, missing("Date"))],
    # A question copied to write the next one, Slug and all: the older keeps the anchor.
    "bad/hoi-dap/slug-trung-1.md": [],
    "bad/hoi-dap/slug-trung-2.md": [(2, "cảnh báo: câu hỏi có «Slug: cau-hoi-thu-nghiem» giống câu hỏi trong tệp "
                                        "bad/hoi-dap/slug-trung-1.md: trên trang Hỏi & đáp câu kia giữ địa chỉ "
                                        "«#cau-hoi-thu-nghiem», câu này nhận địa chỉ khác, và khi câu kia bị ẩn hay "
                                        "gỡ thì liên kết đã gửi tới câu kia mở câu này — sửa dòng «Slug:» của câu "
                                        "hỏi này thành một địa chỉ riêng, ví dụ «Slug: cau-hoi-thu-nghiem-chep-tu-"
                                        "cau-truoc»")],
    "bad/pages/thieu-title.md": [(1, missing("Title"))],
    "bad/2025/dong-sai-dang.md": [(5, "dòng «Tags Hội thảo» không có dạng «Tên: giá trị» nên phần "
                                      "đầu dừng ở đây và các dòng sau bị coi là nội dung — viết lại "
                                      "theo dạng «Tên: giá trị» (ví dụ «Tags: Hội thảo») hoặc thêm "
                                      "một dòng trống trước nội dung")],
    "bad/2025/sai-ten-dong.md": [(4, "tên dòng «Tittle:» không có trong danh sách — có phải là "
                                     "«Title:»? Sửa lại tên dòng")],
    "bad/2025/ngay-sai-dang.md": [(2, f"ngày «05/03/2025» không đúng dạng — hãy viết theo dạng {DATE_FORM}; "
                                      "ngày 5 tháng 3 năm 2025 viết là «2025-03-05»")],
    "bad/2025/ngay-khong-co-that.md": [(2, "ngày «2025-02-30» không có thật trên lịch — hãy sửa "
                                           f"lại ngày, theo dạng {DATE_FORM}")],
    "bad/2025/ngay-tuong-lai.md": [(2, "cảnh báo: ngày «2999-01-01» ở tương lai — bài sẽ chỉ được "
                                       "đăng khi trang được xây dựng lại từ ngày đó; nếu nhầm, hãy "
                                       "sửa lại ngày" + FAR_FUTURE_NOTE)],
    "bad/2025/chuyen-muc-la.md": [(4, "chuyên mục «Tin hoat dong LHH» không có trong danh sách "
                                      "— có phải là «Tin hoạt động LHH»?")],
    "bad/2025/status-sai.md": [(5, "Status «publish» không hợp lệ — viết «Status: published» (ở bàn biên tập: «Đăng»)")],
    "bad/2025/counter-sai.md": [(5, "«Counter: tắt» không hợp lệ — viết «Counter: off» để tắt bộ "
                                    "đếm lượt truy cập trên trang này, hoặc bỏ dòng đó đi")],
    "bad/2025/nfd.md": [(1, "cảnh báo: chữ có dấu ở dòng này được gõ ở dạng tổ hợp (NFD), trang vẫn hiện đúng, "
                            "không cần sửa — lần sau trong Unikey chọn bảng mã «Unicode» (không phải «Unicode tổ "
                            "hợp»); người phụ trách kỹ thuật có thể chuẩn hoá bằng «invoke check --fix»")],
    "bad/2025/trung-slug-1.md": [(1, f"{COLLISION} (tệp trùng: bad/2025/trung-slug-2.md)")],
    "bad/2025/trung-slug-2.md": [(1, f"{COLLISION} (tệp trùng: bad/2025/trung-slug-1.md)")],
    "bad/2025/the-1.md": [],
    "bad/2025/the-2.md": [],
    "bad/2025/the-3.md": [(5, "cảnh báo: thẻ «Thái Thuỵ» chỉ khác thẻ «Thái Thụy» ở dấu hoặc chữ "
                              "hoa nên sẽ được gộp thành «Thái Thụy» — hãy viết thống nhất «Thái Thụy»")],
    # The folder's «anh.png» is no typo of it: not offered (another event's photo).
    # In the build's words (photos.inspect): one line, one message.
    "bad/2025/anh-thieu-tep.md": [(6, "không tìm thấy ảnh «{static}/images/anh-hoi-thao.png» "
                                      "(bad/images/anh-hoi-thao.png) — kiểm tra tên tệp (chữ hoa, chữ "
                                      "thường, phần đuôi) và chép tệp vào bad/images/")],
    "bad/2025/lien-ket-thieu.md": [(6, "liên kết «{filename}/2025/bai-truoc.md» trỏ tới tệp không có "
                                       "(bad/2025/bai-truoc.md) — bài hoặc trang đó đã bị xoá, đổi tên tệp hay "
                                       "chuyển thư mục: sửa liên kết theo tên tệp mới, hoặc bỏ liên kết")],
    "bad/2025/anh-khong-alt.md": [(6, f"ảnh «{{static}}/images/anh.png» {ALT}")],
    "bad/2025/anh-html-khong-alt.md": [(6, f"ảnh «{{static}}/images/anh.png» {ALT}")],
    "bad/2025/anh-khong-static.md": [(6, "ảnh «images/anh.png» không dùng {static} nên sẽ không hiện "
                                         "trên trang — viết «{static}/images/anh.png»")],
    "bad/2025/tom-tat-dai.md": [(5, "tóm tắt dài 339 ký tự, quá giới hạn 300 — rút gọn dòng «Summary:»")],
    "bad/2025/tom-tat-trong.md": [(5, "cảnh báo: dòng «Summary:» để trống nên trang chủ không có tóm "
                                      "tắt — viết một hai câu tóm tắt, hoặc xoá dòng để dùng đoạn đầu "
                                      "của bài")],
    # Issue 17: one file per rule here; tests/test_content_rules.py has the
    # variants of each rule, checked and built.
    "bad/2025/dong-lap.md": [(5, "dòng «Title:» được viết 2 lần (dòng 1 và 5) — xoá dòng thừa, chỉ "
                                 "giữ một")],
    "bad/2025/slug-sai.md": [(5, "Slug «../../bai-viet» không hợp lệ: Slug chỉ được gồm chữ thường "
                                 "không dấu a-z, chữ số 0-9 và dấu gạch ngang «-» (không có dấu cách, "
                                 "dấu chấm, «/», «?», «#») — viết «Slug: bai-viet» (ở bàn biên tập: ô «Địa chỉ (Slug)»)")],
    "bad/2025/template-thieu.md": [(5, "Template «bai-dac-biet» không có trong giao diện "
                                       "(theme/templates/) — các mẫu dùng được: article; hoặc xoá dòng "
                                       "«Template:» để dùng mẫu mặc định")],
    "bad/2025/the-khong-chu.md": [(5, "thẻ «😀» không có chữ cái hay chữ số nào để làm địa chỉ trang "
                                      "của thẻ — viết thẻ bằng chữ, hoặc xoá nó khỏi dòng «Tags:»")],
    "bad/2025/tieu-de-khong-chu.md": [(1, "tiêu đề «🎉🎉🎉» không có chữ cái hay chữ số nào để làm địa "
                                          "chỉ trang — thêm vào phần đầu một dòng «Slug: …» viết bằng "
                                          "chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ «Slug: "
                                          "bai-viet-moi» (ở bàn biên tập: ô «Địa chỉ (Slug)»)")],
    "bad/2025/ngay-qua-cu.md": [(2, "cảnh báo: ngày «1925-03-05» trước năm 1999, năm sớm nhất của bản "
                                    "tin — có gõ nhầm năm không? Nếu đúng là ngày đó, "
                                    "bỏ qua cảnh báo này")],
    "bad/2025/tom-tat-markdown.md": [(5, "cảnh báo: tóm tắt có định dạng Markdown (như **đậm**, "
                                         "*nghiêng*, [liên kết](…) hay `mã`) nhưng tóm tắt luôn hiện "
                                         "nguyên văn, kể cả các dấu * _ [ ] ` — bỏ các dấu định dạng "
                                         "khỏi dòng «Summary:»")],
    "bad/pages/tim-kiem.md": [(1, "địa chỉ «tim-kiem/» trùng với phần «tim-kiem/» mà trang web tự tạo "
                                  "(trang riêng của giao diện: tìm kiếm, «không tìm thấy»…) nên nội dung này sẽ bị mất hoặc làm "
                                  "hỏng việc xây dựng trang — thêm vào phần đầu dòng «Slug: "
                                  "trang-tim-kiem» để dùng một địa chỉ khác (ở bàn biên tập: ô «Địa chỉ (Slug)»)")],
    # Documents (Văn bản)
    "bad/van-ban/thieu-so.md": [(1, missing("Number"))],
    "bad/van-ban/so-trong.md": [(2, "dòng «Number:» để trống — viết số và ký hiệu như trên văn bản (ví dụ "
                                    "45/KH-LHH) ngay sau dấu hai chấm; văn bản không có số (giấy mời, lịch công "
                                    "tác…) thì đăng thành một bài viết có liên kết tải tệp, ví dụ «[Tải về]({static}"
                                    "/van-ban/2025/ten-tep.pdf)»: thư viện Văn bản chỉ nhận văn bản có số")],
    "bad/van-ban/so-khong-hop-le.md": [(2, "số văn bản «/» không có chữ hoặc số nào — viết số và ký hiệu "
                                           "như trên văn bản, ví dụ «Number: 45/KH-LHH»")],
    "bad/van-ban/loai-la.md": [(4, "loại văn bản «Ke hoach» không có trong danh sách — có "
                                   "phải là «Kế hoạch»?")],
    "bad/van-ban/nhom-la.md": [(5, "nhóm văn bản «Van ban khac» không có trong danh sách "
                                   "— có phải là «Văn bản khác»?")],
    "bad/van-ban/thieu-tep.md": [(1, f"thiếu dòng «Files:» (tệp đính kèm) {FILES_HOW}")],
    "bad/van-ban/tep-trong.md": [(5, f"dòng «Files:» để trống {FILES_HOW}")],
    # A Công văn whose subject the editor did not find: «viết Title» said nothing to them.
    "bad/van-ban/trich-yeu-trong.md": [(1, "dòng «Title:» để trống — viết trích yếu như trên văn bản (công văn: "
                                           "dòng «V/v …» dưới số công văn) ngay sau dấu hai chấm")],
    # Two files joined by a semicolon, as Tags: takes them: told to copy the
    # file to «content/van-ban/2025/ke-hoach-45.pdf; {static}/van-ban/2025/».
    "bad/van-ban/tep-cham-phay.md": [(5, "«{static}/van-ban/2025/ke-hoach-45.pdf; {static}/van-ban/2025/"
                                         "bao-cao-lon.pdf» là 2 tệp viết liền nhau — các tệp của dòng «Files:» "
                                         "ngăn cách bằng dấu phẩy «,»: viết «{static}/van-ban/2025/ke-hoach-45.pdf, "
                                         "{static}/van-ban/2025/bao-cao-lon.pdf»")],
    "bad/van-ban/tep-khong-co.md": [(5, "liên kết «{static}/van-ban/2025/ke-hoach-54.pdf» trỏ tới tệp không "
                                        "có (bad/van-ban/2025/ke-hoach-54.pdf) — có phải là «ke-hoach-45.pdf»?")],
    "bad/van-ban/tep-khong-static.md": [(5, "tệp đính kèm «van-ban/2025/ke-hoach-45.pdf» phải viết dạng "
                                            "«{static}/van-ban/<năm>/ke-hoach-45.pdf» — chép tệp vào "
                                            "content/van-ban/<năm>/ rồi viết đường dẫn như vậy")],
    "bad/van-ban/tep-ngoai.md": [(5, "tệp đính kèm «{static}/images/anh.png» phải nằm trong content/van-ban/ "
                                     "— chép tệp vào content/van-ban/<năm>/ và viết «{static}/van-ban/<năm>/…»")],
    "bad/van-ban/tep-lon.md": [(5, "cảnh báo: tệp đính kèm «{static}/van-ban/2025/bao-cao-lon.pdf» nặng 12 KB, "
                                   "quá 0,01 MB nên khó tải trên điện thoại — nén lại (PDF: «Lưu thành» khổ "
                                   "nhỏ, ảnh quét 150 dpi) hoặc chia thành nhiều tệp")],
    "bad/van-ban/so-trung-1.md": [(2, SAME_NUMBER.format(2))],
    "bad/van-ban/so-trung-2.md": [(2, SAME_NUMBER.format(1))],
    "bad/van-ban/sai-ten-dong.md": [(5, "tên dòng «Signr:» không có trong danh sách — có phải là «Signer:»? "
                                        "Sửa lại tên dòng")],
    # Albums (Album ảnh): the folder's problems at the Album: line, the
    # caption file's at its own lines (ELSEWHERE).
    "bad/album/album-khong-co.md": [(5, "không có thư mục ảnh «bad/images/2025/hoi-thi» cho album "
                                        "«2025/hoi-thi» — chép ảnh vào bad/images/2025/hoi-thi/, hoặc sửa "
                                        "dòng «Album:» theo tên thư mục, hoặc xoá dòng đó để bỏ album (ở bàn "
                                        "biên tập: xoá ô «Thư mục album»)")],
    "bad/album/album-trong.md": [(5, "thư mục «bad/images/album-trong» của album không có ảnh nào (JPEG, "
                                     "PNG, GIF, WebP, AVIF) — chép ảnh vào thư mục, hoặc xoá dòng «Album:» "
                                     "(ở bàn biên tập: xoá ô «Thư mục album»)")],
    # An album's photos go through the article photos' rules (photos.inspect).
    "bad/album/album-anh-hong.md": [(5, "tệp «anh-2.jpg» không phải là ảnh (bad/images/album-hong/anh-2.jpg): "
                                        "không đọc được nội dung ảnh, có thể tệp bị đặt sai đuôi hoặc chưa "
                                        f"tải về hết — {photos.RECOPY}")],
    "bad/album/album-chu-thich.md": [],
    # Captions written in the article (the desk writes them there), with the
    # mistakes chu-thich.txt can have, named at the article's own lines.
    "bad/album/album-chu-thich-trong-bai.md": [
        (7, "dòng «anh-2.jpg Ảnh hai thiếu dấu hai chấm» không có dạng «ten-tep.jpg: Chú thích» — viết "
            "tên tệp ảnh, dấu hai chấm, rồi chú thích"),
        (8, "cảnh báo: chú thích cho «anh-3.jpg» nhưng thư mục không có ảnh đó — nếu ảnh đã được bỏ khỏi album, "
            "xoá dòng chú thích này; nếu không, sửa tên tệp cho đúng ảnh trong thư mục"),
    ],
    "bad/album/album-chu-thich-hai-noi.md": [
        (6, "album «album-hai-noi» có chú thích ở cả tệp bad/images/album-hai-noi/chu-thich.txt và dòng "
            "«Album_captions:» — giữ một nơi: xoá dòng «Album_captions:» (và các dòng thụt vào sau nó) "
            "hoặc tệp chu-thich.txt"),
    ],
    "bad/album/album-khong-chu-thich.md": [
        (5, "cảnh báo: album «album-khong-chu-thich» chưa có tệp chu-thich.txt nên 2 ảnh không có lời mô "
            "tả (alt) cho người khiếm thị — tạo tệp bad/images/album-khong-chu-thich/chu-thich.txt, mỗi "
            "dòng «ten-tep.jpg: Chú thích»"),
        (5, "ảnh «IMG_0001.HEIC» (bad/images/album-khong-chu-thich/IMG_0001.HEIC) ở dạng HEIC, trình "
            "duyệt không hiển thị được — lưu lại ảnh ở dạng JPEG (ảnh chụp) hoặc PNG (hình vẽ, ảnh chụp màn "
            "hình); với ảnh HEIC của iPhone: Cài đặt › Camera › Định dạng › «Tương thích nhất», hoặc gửi ảnh "
            "qua Zalo/email"),
    ],
}
# Problems reported in another file than the one checked: {checked file:
# [(file, line, message)]}.
ELSEWHERE = {
    "bad/album/album-chu-thich.md": [
        (CAPTIONS, 2, "dòng «anh-2.jpg Ảnh hai thiếu dấu hai chấm» không có dạng «ten-tep.jpg: Chú "
                      "thích» — viết tên tệp ảnh, dấu hai chấm, rồi chú thích"),
        (CAPTIONS, 3, "cảnh báo: chú thích cho «anh-3.jpg» nhưng thư mục không có ảnh đó — nếu ảnh đã được bỏ "
                      "khỏi album, xoá dòng chú thích này; nếu không, sửa tên tệp cho đúng ảnh trong thư mục"),
        (CAPTIONS, 4, "ảnh «anh-1.jpg» đã có chú thích ở dòng 1 — giữ một dòng cho mỗi ảnh"),
    ],
}


@pytest.fixture
def in_corpus(monkeypatch):
    """Paths in messages are relative to the current folder."""
    monkeypatch.chdir(CORPUS)


@pytest.fixture(scope="module")
def bad_config():
    return Config.from_settings(load_settings(SETTINGS, PATH=str(CORPUS / "bad")))


def expected_lines(*names):
    return sorted([f"{name}:{line}: {message}" for name in names for line, message in EXPECTED[name]]
                  + [f"{path}:{line}: {message}" for name in names
                     for path, line, message in ELSEWHERE.get(name, [])], key=_order)


def test_every_bad_file_has_an_expectation():
    files = {p.relative_to(CORPUS).as_posix() for p in (CORPUS / "bad").rglob("*.md")}
    assert files == set(EXPECTED)


def test_bad_corpus_reports_every_problem_at_once_and_fails(in_corpus, capsys):
    status = main(["--settings", str(SETTINGS), "--content", "bad"])
    lines = capsys.readouterr().out.splitlines()
    assert status == 1
    assert lines[:-1] == sorted(expected_lines(*EXPECTED), key=_order)
    assert lines[-1] == "54 lỗi, 12 cảnh báo trong 62 tệp."
    # What an editor reads in the pull request: a command only in the IT person's part.
    assert not [line for line in lines if "invoke" in line.partition("người phụ trách kỹ thuật")[0]]


# The checker in a process of its own (no other thread: check_each forks
# only then), from FORK_FROM documents on; each process that checks a share
# writes its pid to the file given.
FORKED = """
import os, sys
from workflow import check
check.FORK_FROM = int(sys.argv[1])
share, parent = check._check_share, os.getpid()
def recorded(index, step):
    if sys.argv[2] == "die" and os.getpid() != parent:
        os._exit(9)  # as a child the system killed
    with open(sys.argv[3], "a") as file:
        file.write(f"{os.getpid()}\\n")
    return share(index, step)
check._check_share = recorded
sys.exit(check.main(sys.argv[4:]))
"""


@pytest.mark.parametrize("content", ["bad", "good"])
def test_the_checker_says_the_same_shared_among_processes(content, tmp_path):
    """A large site's documents are checked in forked processes (from 400
    documents, ``check.FORK_FROM``): here from 1, every line and the exit
    status as one process gives them, and the work was shared."""
    answers = {}
    for fork_from, children in ((10**9, "live"), (1, "live"), (1, "die")):
        pids = tmp_path / f"pids-{fork_from}-{children}"
        result = subprocess.run(
            [sys.executable, "-c", FORKED, str(fork_from), children, str(pids),
             "--settings", str(SETTINGS), "--content", content],
            cwd=CORPUS, capture_output=True, encoding="utf-8")
        assert not result.stderr, result.stderr
        answers[fork_from, children] = (result.returncode, result.stdout)
        shared = min(os.cpu_count() or 1, 4) if (fork_from, children) == (1, "live") else 1
        assert len(set(pids.read_text().split())) == shared
    # A child that dies (out of memory…): its share is checked by the parent.
    assert answers[1, "live"] == answers[10**9, "live"] == answers[1, "die"]
    status, out = answers[1, "live"]
    assert status == (1 if content == "bad" else 0) and (out != "") == (content == "bad")


def _order(line):
    name, number, _ = line.split(":", 2)
    return name, int(number), line


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_bad_file_alone_reports_exactly_its_problem(name, bad_config, in_corpus):
    """Checking one file (as pre-commit does) still sees the other files for
    collisions and tag spellings, and reports only on the file given."""
    problems = check(bad_config, [Path(name)])
    assert [p.format() for p in problems] == expected_lines(name)


def test_good_corpus_passes_with_no_output(in_corpus, capsys):
    status = main(["--settings", str(SETTINGS), "--content", "good"])
    assert (status, capsys.readouterr()) == (0, ("", ""))


def test_the_real_content_has_no_errors(capsys):
    """What CI checks before it builds: the project's content passes."""
    status = main([])
    assert status == 0, capsys.readouterr().out


# GitHub's «Add file» (upload, or «Create new file») opens at the
# repository's root: what an editor left there, or in the Word import's
# inbox, was never published nor imported, and every check passed.
UPLOADS_OUTSIDE = {
    "Bài mới hôm nay.md": "bài viết để ngoài thư mục «content/» không được đăng — chuyển tệp vào «content/<năm>/»",
    "Bao cao hoi nghi.docx": ("tệp Word để ngoài thư mục «content/» không được đăng — chuyển nó vào thư mục "
                              "«nhap-word/» (ở bàn biên tập: mục «Nhập bài từ Word») để thành bài nháp"),
    "Ảnh 1.JPG": ("ảnh để ngoài thư mục «content/» không được đăng — chuyển ảnh vào thư mục «content/images/<năm>/» rồi "
                  "chèn vào bài (ở bàn biên tập: nút «Ảnh» của ô nội dung)"),
    "quyet-dinh.pdf": ("tệp PDF để ngoài thư mục «content/» không được đăng — tệp đính kèm của văn bản để trong "
                       "thư mục «content/van-ban/<năm>/» và ghi ở dòng «Files:» của văn bản (ở bàn biên tập: mục «Văn bản»)"),
    "IMG_0042.MOV": ("video để ngoài thư mục «content/» không được đăng — đăng video lên YouTube (hoặc Facebook) rồi dán địa chỉ vào "
                     "bài thành một dòng riêng, rồi xoá tệp này"),
    "2026/bai-moi.md": ("thư mục «2026/» nằm ngoài thư mục «content/» nên không tệp nào trong đó được đăng — "
                        "chuyển các tệp của nó vào «content/2026/»"),
    "images/2026/anh.jpg": ("thư mục «images/» nằm ngoài thư mục «content/» nên không tệp nào trong đó được "
                            "đăng — chuyển các tệp của nó vào «content/images/»"),
    **{f"nhap-word/{name}": (f"chỉ tệp Word (.docx) trong thư mục «nhap-word/» được nhập thành bài nháp; tệp "
                             f"«{name}» không được nhập cũng không được đăng — chuyển nó đến đúng chỗ (bài viết: "
                             "«content/<năm>/»; ảnh: «content/images/<năm>/»; tệp PDF: «content/van-ban/<năm>/» "
                             "với một văn bản) hoặc xoá nó") for name in ("cong-van.pdf", "anh.jpg", "bai.md")},
}
# The repository's own files, and what the inbox takes.
REPOSITORY_FILES = ["README.md", "CHANGELOG.md", "SECURITY.md", "Makefile", "requirements.txt", "package.json",
                    "tests/corpus/anh.jpg", "output/images/anh.jpg", ".DS_Store", "nhap-word/README.md",
                    "nhap-word/Bao cao.docx", "nhap-word/bao-cao.json", "nhap-word/~$o cao.docx"]


def test_uploads_beside_the_content_folder_stop_the_publishing_check(tmp_path, monkeypatch, capsys):
    (tmp_path / "content").mkdir()
    for name in [*UPLOADS_OUTSIDE, *REPOSITORY_FILES]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "settings.py").write_text('from pelicanconf import *  # noqa: F403\nPATH = "content"\n')
    monkeypatch.chdir(tmp_path)
    assert main(["--settings", "settings.py"]) == 1
    expected = {name.split("/")[0] if name.startswith(("2026/", "images/")) else name: message
                for name, message in UPLOADS_OUTSIDE.items()}
    assert capsys.readouterr().out.splitlines()[:-1] == [f"{name}: {message}" for name, message in sorted(expected.items())]
    # A given path or another content folder: the articles alone, as before.
    assert main(["--settings", "settings.py", "content"]) == 0


def test_warnings_alone_exit_zero(in_corpus, capsys):
    status = main(["--settings", str(SETTINGS), "--content", "bad", "bad/2025/nfd.md",
                   "bad/2025/ngay-tuong-lai.md"])
    assert status == 0
    assert capsys.readouterr().out.splitlines()[-1] == "0 lỗi, 2 cảnh báo trong 2 tệp."


def github_commands(out: str) -> list[tuple[str, dict, str]]:
    """The workflow commands in `out` as GitHub's runner reads them:
    (command, properties, message), ``%XX`` escapes undone."""
    def undo(text):
        return re.sub(r"%(25|0D|0A|3A|2C)", lambda m: {"25": "%", "0D": "\r", "0A": "\n",
                                                         "3A": ":", "2C": ","}[m[1]], text)

    commands = []
    for line in out.splitlines():
        match = re.fullmatch(r"::(\w+)(?: ([^:]*))?::(.*)", line)
        if match:
            properties = dict(part.split("=", 1) for part in (match[2] or "").split(",") if part)
            commands.append((match[1], {key: undo(value) for key, value in properties.items()},
                             undo(match[3])))
    return commands


def rendered_summary(path: Path) -> BeautifulSoup:
    """The run summary as GitHub shows it: CommonMark, rendered."""
    from markdown_it import MarkdownIt

    return BeautifulSoup(MarkdownIt("commonmark").render(path.read_text(encoding="utf-8")), "html.parser")


def test_on_github_actions_every_problem_is_an_annotation_and_listed_in_the_summary(
        in_corpus, bad_config, capsys, monkeypatch, tmp_path):
    """An editor whose pull request is refused sees each problem at its
    line (GitHub's annotations) and all of them on the run's summary page,
    in the checker's words, whatever characters the message holds."""
    summary_file = tmp_path / "summary.md"
    summary_file.write_text("(an earlier step's summary)\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary_file))
    status = main(["--settings", str(SETTINGS), "--content", "bad"])
    out = capsys.readouterr().out
    problems = sorted(check(bad_config, []))
    assert status == 1
    # The log's lines as everywhere else, then one command per problem.
    assert out.splitlines()[:len(problems)] == sorted(expected_lines(*EXPECTED), key=_order)
    assert github_commands(out) == [
        ("warning" if p.warning else "error",
         {"file": Path(os.path.relpath(p.path)).as_posix(), **({"line": str(p.line)} if p.line else {}),
          "title": "Cảnh báo" if p.warning else "Lỗi trong bài"},
         p.message) for p in problems]
    assert any("," in p.message and ":" in p.message for p in problems)  # escapes were needed
    assert summary_file.read_text(encoding="utf-8").startswith("(an earlier step's summary)\n## ")
    page = rendered_summary(summary_file)
    assert page.h2.get_text() == "Kiểm tra bài viết: có lỗi, bài chưa được xuất bản"
    listed = {}
    for heading in page.find_all("h3"):
        items = heading.find_next_sibling("ul").find_all("li")
        listed[heading.get_text()] = [item.get_text() for item in items]
    assert listed == {
        Path(os.path.relpath(path)).as_posix(): [
            f"{f'Dòng {p.line}' if p.line else 'Cả tệp'}{' (cảnh báo)' if p.warning else ''}: {p.message}"
            for p in problems if p.path == path]
        for path in sorted({p.path for p in problems})}
    assert "54 lỗi, 12 cảnh báo trong 62 tệp." in page.get_text()


def test_on_github_actions_a_clean_check_says_so_and_annotates_nothing(in_corpus, capsys, monkeypatch,
                                                                       tmp_path):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    assert main(["--settings", str(SETTINGS), "--content", "good"]) == 0
    assert capsys.readouterr().out == ""
    page = rendered_summary(tmp_path / "summary.md")
    assert (page.h2.get_text(), page.p.get_text()) == ("Kiểm tra bài viết: không có lỗi",
                                                        "Mọi bài viết đều đạt yêu cầu.")


def test_off_github_actions_no_summary_is_written(in_corpus, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    assert main(["--settings", str(SETTINGS), "--content", "bad"]) == 1
    assert github_commands(capsys.readouterr().out) == []
    assert not (tmp_path / "summary.md").exists()


ESCAPED = {
    # message -> the annotation's message as written (GitHub's escapes)
    "plain": ("ảnh «a.jpg» không có lời mô tả", "ảnh «a.jpg» không có lời mô tả"),
    "percent": ("giảm 50% so với năm trước", "giảm 50%25 so với năm trước"),
    "two lines": ("dòng một\ndòng hai\r", "dòng một%0Adòng hai%0D"),
    "a command inside": ("::error::giả", "::error::giả"),  # data: only %, CR, LF
}


@pytest.mark.parametrize("case", ESCAPED)
def test_annotation_messages_are_escaped_as_github_reads_them(case):
    from plugins.core.rules import Problem
    from workflow.check import annotation

    message, written = ESCAPED[case]
    line = annotation(Problem(Path("content/2025/a, b: c%.md"), 3, message))
    assert line == f"::error file=content/2025/a%2C b%3A c%25.md,line=3,title=Lỗi trong bài::{written}"
    assert github_commands(line) == [("error", {"file": "content/2025/a, b: c%.md", "line": "3",
                                                "title": "Lỗi trong bài"}, message)]


def test_windows_1252_is_named_and_the_line_given(tmp_path, bad_config):
    path = tmp_path / "cafe.md"
    path.write_bytes("Title: Cafe\nDate: 2025-03-05\nSummary: caf\xe9 cr\xe8me\n\nx\n".encode("latin-1"))
    [problem] = check(bad_config, [path])
    assert (problem.line, problem.message) == (
        3, "tệp không phải UTF-8 mà có vẻ là bảng mã Windows-1252 — " + SAVE_AS_UTF8)


@pytest.mark.parametrize("bom, nfd, said", [
    (True, False, "bỏ BOM"),
    (False, True, "chuẩn hoá NFC"),  # it said «bỏ BOM» of a file that had none
    (True, True, "bỏ BOM, chuẩn hoá NFC"),
])
def test_fix_says_what_it_did(bom, nfd, said, tmp_path, monkeypatch, capsys):
    content = tmp_path / "content"
    shutil.copytree(CORPUS / "good", content)
    path = content / "2025" / "bai-tot.md"
    original = path.read_text(encoding="utf-8")
    text = unicodedata.normalize("NFD", original) if nfd else original
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    monkeypatch.chdir(tmp_path)
    main(["--settings", str(SETTINGS), "--content", "content", "--fix"])
    assert capsys.readouterr().out == f"content/2025/bai-tot.md: đã sửa ({said})\n"
    assert path.read_bytes() == original.encode("utf-8")


def test_fix_composes_nfd_and_removes_the_bom_in_place(tmp_path, monkeypatch, capsys):
    content = tmp_path / "content"
    shutil.copytree(CORPUS / "good", content)
    nfd = content / "2025" / "bai-tot.md"
    original = nfd.read_text(encoding="utf-8")
    nfd.write_bytes(b"\xef\xbb\xbf" + unicodedata.normalize("NFD", original).encode("utf-8"))
    monkeypatch.chdir(tmp_path)

    # A BOM and NFD letters: warnings (the build reads both), publishing goes on.
    assert main(["--settings", str(SETTINGS), "--content", "content"]) == 0
    said = capsys.readouterr().out
    assert "content/2025/bai-tot.md:1: cảnh báo: tệp bắt đầu bằng một dấu ẩn (BOM" in said and "(NFD)" in said
    assert main(["--settings", str(SETTINGS), "--content", "content", "--fix"]) == 0
    out = capsys.readouterr().out
    assert out == "content/2025/bai-tot.md: đã sửa (bỏ BOM, chuẩn hoá NFC)\n"
    assert nfd.read_bytes() == original.encode("utf-8")
    assert main(["--settings", str(SETTINGS), "--content", "content"]) == 0
    assert capsys.readouterr().out == ""


def test_fix_writes_nothing_through_a_symbolic_link(tmp_path):
    """A «.md» in content/ that is a symbolic link to a file outside it (a
    stranger's pull request: one line in its diff): ``--fix`` took the
    target's BOM out, composed its letters and could rename its Category
    line, wherever it was. Now a link is left as it is (the check refuses
    one pointing outside content/); the file it points to is unchanged."""
    from workflow.check import fix

    outside = tmp_path / "ngoai.md"
    outside.write_bytes(b"\xef\xbb\xbfTitle: Ca\xcc\x81u hi\xcc\x80nh\n\nN\xe1\xbb\x99i dung.\n")
    data = outside.read_bytes()
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "bai.md").symlink_to(outside)
    assert fix(tmp_path / "content" / "bai.md") is None
    assert outside.read_bytes() == data
    assert fix(outside) == "bỏ BOM, chuẩn hoá NFC"  # the same file, not through a link: fixed


FULL_DISK = """
import resource, signal, sys
from workflow.check import main
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG) as on a full disk
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
sys.exit(main(sys.argv[2:]))
"""


def test_fix_on_a_full_disk_leaves_the_article_whole(tmp_path):
    """``--fix`` wrote the article in place: a disk that filled up (or a
    power cut) mid-write left it cut short, its body lost. It is now written
    beside and put in place whole, or not at all: the article as it was, no
    file left beside it, one Vietnamese line and exit 1."""
    shutil.copytree(CORPUS / "good", tmp_path / "content")
    path = tmp_path / "content" / "2025" / "bai-tot.md"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    data = path.read_bytes()
    done = subprocess.run([sys.executable, "-c", FULL_DISK, str(len(data) // 2), "--settings", str(SETTINGS),
                           "--content", "content", "--fix", "--", "content/2025/bai-tot.md"],
                          cwd=tmp_path, capture_output=True, encoding="utf-8",
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert ("content/2025/bai-tot.md:1: không sửa được tệp (File too large): hết chỗ trống trên ổ đĩa — tệp vẫn "
            "nguyên như trước; giải phóng chỗ (xoá tệp không cần) rồi chạy lại «invoke check --fix»") in done.stdout
    assert path.read_bytes() == data
    assert sorted(p.name for p in path.parent.iterdir()) == sorted(p.name for p in (CORPUS / "good" / "2025").iterdir())


def test_fix_reads_the_headers_as_markdown_does_across_a_pasted_line_separator(tmp_path):
    """A Summary pasted from a web page ending in U+2028 (a «line
    separator»): Markdown reads the headers line by line at "\n" only, so
    the Category line after it is a header; ``--fix`` split there too and
    took the U+2028 for a blank line ending the headers, so the renamed
    category stayed (the check went on saying «--fix» would change it)."""
    from workflow.check import fix

    path = tmp_path / "bai.md"
    path.write_bytes("Title: A\nSummary: Tóm tắt\u2028\nCategory: Cũ\n\nThân bài.\n".encode("utf-8"))
    path.chmod(0o640)
    assert fix(path, {"Cũ": "Mới"}.get) == "chuyên mục «Cũ» → «Mới»"
    assert path.stat().st_mode & 0o777 == 0o640  # replaced whole, with its permissions
    assert path.read_bytes() == "Title: A\nSummary: Tóm tắt\u2028\nCategory: Mới\n\nThân bài.\n".encode("utf-8")


def test_fix_writes_the_new_name_of_a_category_the_settings_renamed(tmp_path, monkeypatch, capsys):
    """A category renamed (and one merged into it) as README says: CATEGORIES
    changed, the old listings sent to the new one in OLD_URLS. Each of the
    300 articles still saying the old name was an error with no way to
    change them but by hand; the message now says «invoke check --fix», which
    writes the new name in the Category line only (any spelling of the key,
    spaces, CRLF kept), and leaves a category no rename names to the editor."""
    from workflow.check import fix

    head = "Title: {0}\nDate: 2025-01-02\nAuthor: Ban thông tin\n{1}\nSummary: s\n\nThân bài nhắc Category: Tin hoạt động LHH.\n"
    files = {"a.md": head.format("a", "Category: Tin hoạt động LHH"),
             "b.md": head.format("b", "category:  Hội thành viên  ").replace("\n", "\r\n"),
             "c.md": head.format("c", "Category: Tin hoat dong"),
             "d.md": head.format("d", "Category: Tin khoa học")}
    for name, text in files.items():
        (tmp_path / name).write_bytes(text.encode("utf-8"))
    monkeypatch.chdir(tmp_path)
    config = Config.from_settings(load_settings(
        SETTINGS, PATH=str(tmp_path), CATEGORIES=["Hoạt động của Liên hiệp", "Tin khoa học"],
        MENU=[("Trang chủ", "index")],
        OLD_URLS={"/chuyen-muc/tin-hoat-dong-lhh/": "category:Hoạt động của Liên hiệp",
                  "/chuyen-muc/hoi-thanh-vien/": "category:Hoạt động của Liên hiệp"}))
    said = [p.format() for p in check(config)]
    # The editor's fix first, as the desk labels the field (they never run
    # invoke); «Hội thành viên», merged, was told the list «ask to add it».
    renamed = ("{}:4: chuyên mục «{}» đã đổi tên thành «Hoạt động của Liên hiệp» — sửa dòng «Category:» thành "
               "«Category: Hoạt động của Liên hiệp» (ở bàn biên tập: ô «Chuyên mục»); người phụ trách kỹ thuật "
               "có thể đổi ở mọi bài một lần bằng «invoke check --fix»")
    assert said[:2] == [renamed.format("a.md", "Tin hoạt động LHH"), renamed.format("b.md", "Hội thành viên")]
    assert "«invoke check --fix»" not in said[-1] and said[-1].startswith("c.md:4:")
    done = [fix(tmp_path / name, config.renamed_category) for name in files]
    assert done == ["chuyên mục «Tin hoạt động LHH» → «Hoạt động của Liên hiệp»",
                    "chuyên mục «Hội thành viên» → «Hoạt động của Liên hiệp»", None, None]
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == files["a.md"].replace(
        "Category: Tin hoạt động LHH\n", "Category: Hoạt động của Liên hiệp\n", 1)
    assert (tmp_path / "b.md").read_bytes() == files["b.md"].replace(
        "Hội thành viên", "Hoạt động của Liên hiệp").encode("utf-8")
    assert [p.format() for p in check(config)] == said[-1:]


def test_unknown_path_is_a_clear_message_with_status_2(in_corpus, capsys):
    assert main(["--settings", str(SETTINGS), "--content", "good", "khong-co.md"]) == 2
    assert capsys.readouterr().err == (
        "lỗi: không có tệp hoặc thư mục «khong-co.md» — kiểm tra lại đường dẫn\n")


def test_a_name_with_spaces_typed_without_quotes_is_told_to_quote_it(tmp_path, monkeypatch, capsys):
    """«invoke check c/2025/bai tot.md»: the shell passes two words, and the
    checker said only that «c/2025/bai» is not there."""
    write_files(tmp_path / "c", {"2025/bai tot.md": "Title: Bài\n\nNội dung.\n"})
    monkeypatch.chdir(tmp_path)
    assert main(["--settings", str(SETTINGS), "--content", "c", "c/2025/bai", "tot.md"]) == 2
    assert capsys.readouterr().err == (
        "lỗi: tên «c/2025/bai tot.md» có dấu cách nên phải đặt trong dấu nháy kép, không thì lệnh đọc thành 2 "
        "tên «c/2025/bai», «tot.md» — viết: invoke check \"c/2025/bai tot.md\"\n")


@pytest.mark.parametrize("on_disk, typed", [("NFD", "NFC"), ("NFC", "NFD")])
def test_a_path_typed_with_its_marks_encoded_otherwise_is_checked(tmp_path, monkeypatch, capsys, on_disk, typed):
    """«invoke check -- "content/2025/Hội-thảo Khoa học.md"» typed in NFC for
    a file a Mac named in NFD (or the reverse): it said only «không có tệp»."""
    content = tmp_path / "content"
    shutil.copytree(CORPUS / "good", content)
    (content / "2025" / unicodedata.normalize(on_disk, "Hội-thảo Khoa học.md")).write_text(
        "Title: Hội thảo khoa học\nDate: 2025-03-05\nAuthor: Ban thông tin\n\nNội dung.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for given in ("content/2025/Hội-thảo Khoa học.md", "content/2025"):
        assert main(["--settings", str(SETTINGS), "--content", "content",
                     unicodedata.normalize(typed, given)]) == 1
        out, err = capsys.readouterr()
        assert err == ""
        assert unicodedata.normalize("NFC", out).startswith("content/2025/Hội-thảo Khoa học.md:1: thiếu dòng «Category:»"), out


def test_a_bad_summary_limit_setting_is_named():
    with pytest.raises(WorkflowError, match="SUMMARY_MAX_CHARS"):
        Config.from_settings({**load_settings(SETTINGS, PATH=str(CORPUS / "good")),
                              "SUMMARY_MAX_CHARS": "300"})


def test_command_line_entry_point_as_pre_commit_runs_it():
    result = subprocess.run(
        [sys.executable, "-m", "workflow.check", "--settings", str(SETTINGS), "--content", "bad",
         "bad/2025/ngay-sai-dang.md"],
        cwd=CORPUS, capture_output=True, encoding="utf-8", env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == expected_lines("bad/2025/ngay-sai-dang.md")[0]


def test_future_is_judged_in_the_site_timezone(bad_config, tmp_path):
    path = tmp_path / "bai.md"
    path.write_text("Title: A\nDate: 2025-03-05 08:30\nAuthor: B\nCategory: Tin hoạt động LHH\n\nx\n",
                    encoding="utf-8")
    assert check(bad_config, [path], now=datetime(2025, 3, 5, 8, 30)) == []
    [problem] = check(bad_config, [path], now=datetime(2025, 3, 5, 8, 29))
    assert problem.warning and problem.line == 2


# --- The checker and the build agree ---------------------------------------------
AGREED = ["bad/2025/ngay-sai-dang.md", "bad/2025/ngay-khong-co-that.md",
          "bad/2025/thieu-title.md", "bad/2025/thieu-date.md", "bad/2025/status-sai.md",
          "bad/2025/counter-sai.md", "bad/2025/dong-dau-sau-dong-trong.md",
          "bad/2025/dong-lap.md", "bad/2025/slug-sai.md", "bad/2025/template-thieu.md",
          "bad/2025/the-khong-chu.md", "bad/2025/tieu-de-khong-chu.md", "bad/pages/tim-kiem.md",
          "bad/hoi-dap/thieu-ngay.md", "bad/pages/thieu-title.md"]
# Warnings the build logs too, with the same words; it still builds.
AGREED_WARNINGS = ["bad/2025/ngay-qua-cu.md", "bad/2025/tom-tat-markdown.md"]


def copy_alone(name: str, tmp_path: Path) -> Path:
    """A content folder with only that file of the bad corpus, at the same
    place (2025/, pages/, hoi-dap/)."""
    content = tmp_path / "c"
    target = content / Path(name).relative_to("bad")
    target.parent.mkdir(parents=True)
    shutil.copy(CORPUS / name, target)
    return content


@pytest.mark.parametrize("name", AGREED)
def test_build_stops_with_the_checkers_message(name, tmp_path, monkeypatch, caplog, bad_config):
    """Where the Pelican plugin checks a rule too, it stops the build with
    the same file, line and message as the checker."""
    from tests.support import build_in_process

    content = copy_alone(name, tmp_path)
    monkeypatch.chdir(tmp_path)
    with pytest.raises((RuntimeError, ContentError)):
        build_in_process(content, tmp_path / "out", SETTINGS, MENU=[("Trang chủ", "index")])
    logged = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    [problem] = check(Config.from_settings(load_settings(SETTINGS, PATH=str(content))))
    assert problem.format() in logged


@pytest.mark.parametrize("name", AGREED_WARNINGS)
def test_build_warns_with_the_checkers_message(name, tmp_path, monkeypatch, caplog):
    from tests.support import build_in_process

    content = copy_alone(name, tmp_path)
    monkeypatch.chdir(tmp_path)
    build_in_process(content, tmp_path / "out", SETTINGS, MENU=[("Trang chủ", "index")],
                     SEARCH={"enabled": False})
    logged = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    [problem] = check(Config.from_settings(load_settings(SETTINGS, PATH=str(content))))
    assert problem.warning
    assert problem.format().replace("cảnh báo: ", "") in logged


def test_build_stops_on_the_collision_the_checker_reports(tmp_path, monkeypatch, caplog):
    from tests.support import build_in_process

    content = tmp_path / "c"
    (content / "2025").mkdir(parents=True)
    for name in ("trung-slug-1.md", "trung-slug-2.md"):
        shutil.copy(CORPUS / "bad" / "2025" / name, content / "2025")
    monkeypatch.chdir(tmp_path)
    with pytest.raises((RuntimeError, ContentError)):
        build_in_process(content, tmp_path / "out", SETTINGS)
    logged = " ".join(r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR)
    assert COLLISION in logged


def test_build_warns_of_two_questions_with_one_slug_as_the_checker(tmp_path, monkeypatch, caplog):
    """Two questions with one Slug: the newer got «-2» without a word, and
    once the older was hidden a link shared to it opened the newer."""
    from tests.support import build_in_process

    content = tmp_path / "c"
    (content / "hoi-dap").mkdir(parents=True)
    for name in ("slug-trung-1.md", "slug-trung-2.md"):
        shutil.copy(CORPUS / "bad" / "hoi-dap" / name, content / "hoi-dap")
    monkeypatch.chdir(tmp_path)
    build_in_process(content, tmp_path / "out", SETTINGS, MENU=[("Trang chủ", "index")],
                     SEARCH={"enabled": False})
    logged = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    [problem] = check(Config.from_settings(load_settings(SETTINGS, PATH=str(content))))
    assert problem.format().replace("cảnh báo: ", "") in logged


def test_good_corpus_builds_at_the_urls_the_checker_computes(tmp_path):
    from tests.support import build_in_process
    from workflow.check import read_all

    # Hỏi & đáp items have no address of their own: left out of this build.
    content = tmp_path / "content"
    shutil.copytree(CORPUS / "good", content, ignore=shutil.ignore_patterns("hoi-dap"))
    site = build_in_process(content, tmp_path / "out", SETTINGS, MENU=[("Trang chủ", "index")])
    config = Config.from_settings(load_settings(SETTINGS, PATH=str(content)))
    documents, _ = read_all(config)
    urls = sorted(config.url(doc.url_key) for doc in documents if doc.url_key)
    assert urls == ["bai-viet/album-thu-nghiem/", "bai-viet/bai-co-ma/", "bai-viet/bai-thu-nghiem-thu-hai/",
                    "bai-viet/hoi-thao-thu-nghiem/", "trang-thu-nghiem/"]
    # Documents: their address is their number's; one number in two years.
    # A subject longer than an article's address may be (7-qd-lhh.md): the number decides.
    for url in [*urls, "van-ban/2025/45-kh-lhh/", "van-ban/2024/45-kh-lhh/", "van-ban/2025/7-qd-lhh/"]:
        assert site.path(url).is_file(), url


# --- Documents and albums: the build reports what the checker reports --------------
# Each bad file alone (so-trung-* as a pair), with the corpus's attachments
# and photo folders: a build that stops logs the checker's first error for
# it; a build that passes logs its warnings, word for word. (An unknown
# header, sai-ten-dong.md, is the checker's alone, as for articles.)
LIBRARY_CASES = sorted(name for name in EXPECTED if name.startswith(("bad/van-ban/", "bad/album/"))
                       and name not in ("bad/van-ban/so-trung-2.md", "bad/van-ban/sai-ten-dong.md"))


@pytest.mark.parametrize("name", LIBRARY_CASES)
def test_build_reports_the_checkers_documents_and_albums_messages(name, tmp_path, monkeypatch, caplog):
    from tests.support import build_in_process

    content = tmp_path / "bad"
    # The corpus's photos, but only this file's album folder: the checker
    # checks every photo of the static folders.
    album = re.search(r"^Album: (\S+)", (CORPUS / name).read_text(encoding="utf-8"), re.MULTILINE)
    shutil.copytree(CORPUS / "bad" / "images", content / "images", ignore=lambda folder, names: [
        n for n in names if n.startswith("album-") and not (album and n == album[1])])
    shutil.copytree(CORPUS / "bad" / "van-ban" / "2025", content / "van-ban" / "2025")
    names = [name, name.replace("-1.md", "-2.md")] if name.endswith("so-trung-1.md") else [name]
    for each in names:
        target = tmp_path / each
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(CORPUS / each, target)
    monkeypatch.chdir(tmp_path)
    expected = [p.format() for p in check(Config.from_settings(load_settings(SETTINGS, PATH=str(content))))]
    errors = [line for line in expected if ": cảnh báo: " not in line]
    assert expected, name
    if errors:
        with pytest.raises((RuntimeError, ContentError)):
            build_in_process(content, tmp_path / "out", SETTINGS, MENU=[("Trang chủ", "index")])
        logged = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
        # The build stops at the first error in (file, line) order; a number
        # used twice is reported on the later file.
        assert logged[0] == (errors[-1] if name.endswith("so-trung-1.md") else errors[0]), (logged, errors)
    else:
        build_in_process(content, tmp_path / "out", SETTINGS, MENU=[("Trang chủ", "index")])
        logged = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
        assert sorted(line for line in logged if ": cảnh báo: " in line) == expected


# --- The pre-commit hook ---------------------------------------------------------
def test_pre_commit_hook_stops_a_bad_staged_article(tmp_path):
    """The hook in .pre-commit-config.yaml, run by pre-commit as on
    `git commit`, checks the staged article and fails with its message."""
    repo = tmp_path / "repo"
    shutil.copytree(CONTENT, repo / "content")
    for name in (".pre-commit-config.yaml", "pelicanconf.py"):
        shutil.copy(ROOT / name, repo / name)
    for name in (".venv", "workflow", "plugins", "theme"):
        (repo / name).symlink_to(ROOT / name)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    git = ["git", "-C", str(repo)]
    subprocess.run([*git, "init", "-q"], check=True)
    bad = repo / "content" / "2025" / "bai-moi.md"
    bad.parent.mkdir()
    bad.write_text("Title: Bài mới\nDate: 2025-03-05\nAuthor: Ban thông tin\n"
                   "Category: Tin hoat dong LHH\n\nNội dung.\n", encoding="utf-8")
    subprocess.run([*git, "add", "content/2025/bai-moi.md"], check=True)
    result = subprocess.run([str(ROOT / ".venv" / "bin" / "pre-commit"), "run"], cwd=repo, env=env,
                            capture_output=True, encoding="utf-8", timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert ("content/2025/bai-moi.md:4: chuyên mục «Tin hoat dong LHH» không có trong danh sách "
            "— có phải là «Tin hoạt động LHH»?") in result.stdout

    bad.write_text(bad.read_text(encoding="utf-8").replace("hoat dong", "hoạt động"), encoding="utf-8")
    subprocess.run([*git, "add", "content/2025/bai-moi.md"], check=True)
    result = subprocess.run([str(ROOT / ".venv" / "bin" / "pre-commit"), "run"], cwd=repo, env=env,
                            capture_output=True, encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    subprocess.run([*git, "commit", "-qm", "bài mới", "--no-verify"], check=True,
                   env={**env, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@t"})
    # An article Notepad saved as «bai-notepad.md.txt»: the hook ran on
    # Markdown names only, and it went in unchecked. And the committed
    # article retitled in a text editor: its address, its title's, moved.
    (repo / "content" / "2025" / "bai-notepad.md.txt").write_text(bad.read_text(encoding="utf-8"), encoding="utf-8")
    bad.write_text(bad.read_text(encoding="utf-8").replace("Bài mới", "Bài mới nhất"), encoding="utf-8")
    subprocess.run([*git, "add", "content/2025/bai-notepad.md.txt", "content/2025/bai-moi.md"], check=True)
    result = subprocess.run([str(ROOT / ".venv" / "bin" / "pre-commit"), "run"], cwd=repo, env=env,
                            capture_output=True, encoding="utf-8", timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "bai-notepad.md.txt" in result.stdout and "«.txt»" in result.stdout, result.stdout
    assert ("content/2025/bai-moi.md:1: bài này đã đăng ở địa chỉ «/bai-viet/bai-moi/», nay tiêu đề đã sửa"
            in result.stdout), result.stdout


@pytest.fixture
def read_only(tmp_path):
    """read_only(path) makes a file unwritable for this process, with the
    error it will meet: chmod 0444 for a user, the immutable attribute for
    root (who may write a 0444 file)."""
    made = []

    def make(path: Path) -> str:
        if os.geteuid() != 0:
            path.chmod(0o444)
            return "Permission denied"
        if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
            pytest.skip("root, and no chattr +i here: a file root cannot write is not possible")
        made.append(path)
        return "Operation not permitted"

    yield make
    for path in made:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_fix_on_a_read_only_file_is_a_message_and_exit_1(tmp_path, monkeypatch, capsys, read_only):
    """``--fix`` cannot rewrite a read-only file: one Vietnamese line with the
    file, exit 1, no traceback, the file untouched, the other files fixed."""
    shutil.copytree(CORPUS / "good", tmp_path / "content")
    locked, other = (tmp_path / "content" / "2025" / name for name in ("bai-tot.md", "bai-thu-hai.md"))
    for path in (locked, other):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    data = locked.read_bytes()
    reason = read_only(locked)
    monkeypatch.chdir(tmp_path)
    assert main(["--settings", str(SETTINGS), "--content", "content", "--fix"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "content/2025/bai-thu-hai.md: đã sửa (bỏ BOM)"
    assert (f"content/2025/bai-tot.md:1: không sửa được tệp ({reason}): tệp chỉ đọc hoặc "
            "không có quyền ghi — cho phép ghi tệp (Windows: chuột phải › Properties › bỏ chọn "
            "«Read-only»; Linux/macOS: chmod u+w TỆP) rồi chạy lại «invoke check --fix»") in out
    assert locked.read_bytes() == data
    assert not other.read_bytes().startswith(b"\xef\xbb\xbf")


# --- Addresses that stop working (check_lost_addresses) ----------------------------
def _article(title: str, slug: str = "", date: str = "2024-05-10", category: str = "Tin hoạt động LHH",
             tags: str = "Hội thảo", author: str = "Ban thông tin", more: str = "") -> str:
    return (f"Title: {title}\n" + (f"Slug: {slug}\n" if slug else "") + f"Date: {date}\nAuthor: {author}\n"
            f"Category: {category}\nTags: {tags}\nSummary: Tóm tắt của bài «{title}».\n{more}\n"
            f"Nội dung của bài «{title}».\n")


def _document(number: str, date: str, more: str = "") -> str:
    return (f"Title: Thông báo thử nghiệm số {number}\nNumber: {number}\nDate: {date}\nKind: Thông báo\n{more}\n"
            f"Toàn văn của văn bản số {number}.\n")


# A site as last committed, and an ordinary edit of each file (None: deleted;
# a (new name, text) pair: moved as `git mv` or a file manager and `git add`).
SITE_BEFORE = {
    "2024/hoi-thao-a.md": _article("Hội thảo khoa học A", "hoi-thao-a", tags="Hội thảo, Hợp tác quốc tế"),
    "2024/tap-huan.md": _article("Tập huấn kỹ năng viết tin", date="2024-05-11"),
    "2024/phan-bien.md": _article("Phản biện đề án", "phan-bien", category="Tư vấn – phản biện"),
    "2024/hop-tac.md": _article("Hợp tác với tỉnh bạn", "hop-tac", tags="Hợp tác quốc tế", author="Nguyễn Văn A"),
    "2024/doi-co-ghi.md": _article("Đổi địa chỉ có ghi lại", "doi-co-ghi"),
    "2024/le-ky-niem.md": _article("Lễ kỷ niệm", "le-ky-niem"),
    "2024/nhap.md": _article("Bản nháp", "nhap", more="Status: draft\n"),
    "2024/xoa.md": _article("Bài sẽ xoá", "xoa"),
    "2024/go-bai.md": _article("Bài sẽ gỡ", "go-bai"),
    "2024/chuyen-nam.md": _article("Bài đổi năm", "chuyen-nam", date="2024-05-12"),
    "2024/doi-ten-tep.md": _article("Hội nghị tổng kết", "doi-ten-tep"),
    "2024/bo-slug.md": _article("Bỏ dòng Slug", "bo-slug-cu"),
    "2024/bo-slug-trung.md": _article("Bỏ Slug trùng tiêu đề", "bo-slug-trung-tieu-de"),
    "2024/them-slug.md": _article("Thêm Slug trùng tiêu đề"),
    "pages/lien-he.md": "Title: Liên hệ\nSlug: lien-he\n\nĐịa chỉ liên hệ.\n",
    "pages/hoi-dap.md": "Title: Hỏi & đáp\nSlug: hoi-dap\nTemplate: faq\n\nCâu hỏi của bạn đọc.\n",
    "hoi-dap/muc-phi.md": "Title: Mức phí hội viên là bao nhiêu?\nSlug: muc-phi\nDate: 2024-05-01\n\nKhông thu phí.\n",
    "van-ban/2024/3-tb-lhh.md": _document("3/TB-LHH", "2024-03-01"),
    "van-ban/2024/5-tb-lhh.md": _document("5/TB-LHH", "2024-03-05", "Old_slug: 5-tb-ltb\n"),
}
SITE_EDITS = {
    "2024/hoi-thao-a.md": lambda t: t.replace("Slug: hoi-thao-a", "Slug: hoi-thao-khoa-hoc-a")
                                     .replace("Hợp tác quốc tế", "Quan hệ quốc tế"),
    "2024/tap-huan.md": lambda t: t.replace("Title: Tập huấn kỹ năng viết tin", "Title: Tập huấn kỹ năng viết tin ảnh"),
    "2024/phan-bien.md": lambda t: t.replace("Tư vấn – phản biện", "Phản biện xã hội"),
    "2024/hop-tac.md": lambda t: t.replace("Hợp tác quốc tế", "Quan hệ quốc tế").replace("Văn A", "Văn An"),
    "2024/doi-co-ghi.md": lambda t: t.replace("Slug: doi-co-ghi", "Slug: doi-dia-chi\nOld_slug: doi-co-ghi"),
    "2024/le-ky-niem.md": lambda t: t.replace("Slug: le-ky-niem", "Slug: le-ky-niem-25-nam"),
    "2024/le-ky-niem-moi.md": lambda t: _article("Lễ kỷ niệm mới", "le-ky-niem"),  # a new file takes the address
    "2024/nhap.md": lambda t: t.replace("Slug: nhap", "Slug: nhap-2"),
    "2024/xoa.md": None,
    "2024/go-bai.md": lambda t: t.replace("Slug: go-bai", "Slug: go-bai-2\nStatus: draft"),
    "2024/chuyen-nam.md": ("2023/chuyen-nam.md", lambda t: t.replace("2024-05-12", "2023-05-12")),
    "2024/doi-ten-tep.md": ("2024/hoi-nghi-tong-ket.md", lambda t: t.replace("doi-ten-tep", "hoi-nghi-tong-ket")),
    "2024/bo-slug.md": lambda t: t.replace("Slug: bo-slug-cu\n", ""),  # its address the title's now
    "2024/bo-slug-trung.md": lambda t: t.replace("Slug: bo-slug-trung-tieu-de\n", ""),  # the same address
    "2024/them-slug.md": lambda t: t.replace("Date:", "Slug: them-slug-trung-tieu-de\nDate:"),  # the same
    "pages/lien-he.md": lambda t: t.replace("Slug: lien-he", "Slug: lien-he-gop-y"),
    "hoi-dap/muc-phi.md": lambda t: t.replace("Slug: muc-phi", "Slug: muc-phi-hoi-vien"),
    "van-ban/2024/3-tb-lhh.md": lambda t: t.replace("3/TB-LHH", "4/TB-LHH"),
    "van-ban/2024/5-tb-lhh.md": lambda t: t.replace("2024-03-05", "2025-01-06"),
}
SITE_SETTINGS = "MENU = [('Trang chủ', 'index')]\nOLD_URLS = {}\nCATEGORIES = ['Tin hoạt động LHH', '%s']\n"


def _edit_site(content: Path) -> None:
    for name, edit in SITE_EDITS.items():
        path = content / name
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        if edit is None:
            path.unlink()
            continue
        if isinstance(edit, tuple):
            path.unlink()
            name, edit = edit
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(edit(text), encoding="utf-8")


def _site_addresses(output: Path) -> set[str]:
    """Every page and feed a site answers (redirect pages too)."""
    return {path.relative_to(output).as_posix() for path in output.rglob("*")
            if path.suffix in (".html", ".xml") and path.relative_to(output).parts[0] not in ("quan-tri", "pagefind")}


def test_an_edit_that_would_lose_a_published_address_is_named_and_its_fix_keeps_it(tmp_path, monkeypatch):
    """Ordinary edits made outside the desk (GitHub's web editor, a text
    editor, the IT person's sed and settings): the production build of the
    site after them no longer answered the before site's addresses of an
    article whose Slug was edited, one retitled without a Slug line, a page
    given another Slug, a document whose number or year was corrected, and
    the listings (and a category's feed) of a category renamed without its
    OLD_URLS line, of a tag and an author renamed; a question's anchor
    moved. The checker said nothing. Now, comparing each changed file with
    the commit (the repository made here), it names each address at its
    line with the line that keeps it; written as said, the after site
    answers every address of the before site but those of the file deleted
    and the article taken down on purpose. Nothing is said of a new file,
    an old address another article now has, a draft, a date or a folder
    that changes no address, an Old_slug written."""
    from tests.support import build_in_process, committed, settings_file, write_files

    repo = tmp_path / "repo"
    content = repo / "content"
    write_files(content, SITE_BEFORE)
    for name, base in (("s.py", "pelicanconf"), ("p.py", "publishconf")):
        settings_file(repo / name, base, SITE_SETTINGS % "Tư vấn – phản biện")
    committed(repo)
    before = build_in_process(content, tmp_path / "before", repo / "p.py").output
    _edit_site(content)
    for name in ("s.py", "p.py"):
        text = (repo / name).read_text(encoding="utf-8")
        (repo / name).write_text(text.replace("Tư vấn – phản biện", "Phản biện xã hội"), encoding="utf-8")
    subprocess.run(["git", "-C", str(repo), "add", "--all"], check=True)  # staged, as the pre-commit hook sees it
    monkeypatch.chdir(repo)
    said = [problem.format() for problem in check(Config.from_settings(load_settings(repo / "s.py")))]

    from plugins.core.rules import lost_address, lost_listing
    title = "tiêu đề đã sửa mà tệp không có dòng «Slug:» (địa chỉ theo tiêu đề)"
    assert said == [
        "content/2024/bo-slug.md:1: " + lost_address(
            "article", "/bai-viet/bo-slug-cu/", "/bai-viet/bo-dong-slug/",
            "dòng «Slug: bo-slug-cu» đã bị xoá (địa chỉ theo tiêu đề)", "bo-slug-cu", None, False),
        "content/2024/hoi-nghi-tong-ket.md:2: " + lost_address(
            "article", "/bai-viet/doi-ten-tep/", "/bai-viet/hoi-nghi-tong-ket/", "dòng «Slug:» đã sửa",
            "doi-ten-tep", None, True),
        "content/2024/hoi-thao-a.md:2: " + lost_address(
            "article", "/bai-viet/hoi-thao-a/", "/bai-viet/hoi-thao-khoa-hoc-a/", "dòng «Slug:» đã sửa",
            "hoi-thao-a", None, True),
        "content/2024/hoi-thao-a.md:6: cảnh báo: " + lost_listing(
            "thẻ", "Hợp tác quốc tế", "/the/hop-tac-quoc-te/", "", False, "the/quan-he-quoc-te/"),
        "content/2024/hop-tac.md:4: cảnh báo: " + lost_listing(
            "tác giả", "Nguyễn Văn A", "/tac-gia/nguyen-van-a/", "", False, "tac-gia/nguyen-van-an/"),
        "content/2024/phan-bien.md:5: " + lost_listing(
            "chuyên mục", "Tư vấn – phản biện", "/chuyen-muc/tu-van-phan-bien/", "/feeds/tu-van-phan-bien.atom.xml",
            False, "category:Phản biện xã hội"),
        "content/2024/tap-huan.md:1: " + lost_address(
            "article", "/bai-viet/tap-huan-ky-nang-viet-tin/", "/bai-viet/tap-huan-ky-nang-viet-tin-anh/", title,
            "tap-huan-ky-nang-viet-tin", None, False),
        "content/hoi-dap/muc-phi.md:2: cảnh báo: câu hỏi này đã đăng ở địa chỉ «#muc-phi» trên trang Hỏi & đáp, "
        "nay dòng «Slug:» đã sửa nên địa chỉ thành «#muc-phi-hoi-vien»: liên kết đã gửi tới câu hỏi sẽ chỉ mở đầu "
        "trang Hỏi & đáp — thêm dòng «Old_slug: muc-phi» ngay dưới dòng «Slug:» để liên kết cũ vẫn mở đúng câu hỏi",
        "content/pages/lien-he.md:2: " + lost_address(
            "page", "/lien-he/", "/lien-he-gop-y/", "dòng «Slug:» đã sửa", "lien-he", None, True),
        "content/van-ban/2024/3-tb-lhh.md:2: " + lost_address(
            "document", "/van-ban/2024/3-tb-lhh/", "/van-ban/2024/4-tb-lhh/", "số văn bản đã sửa", "3-tb-lhh", None,
            False),
        "content/van-ban/2024/5-tb-lhh.md:3: văn bản này đã đăng ở địa chỉ «/van-ban/2024/5-tb-lhh/», nay ngày "
        "của văn bản sang năm 2025 nên địa chỉ thành «/van-ban/2025/5-tb-lhh/»: liên kết cũ (đã chia sẻ qua Zalo, "
        "Facebook, trang khác dẫn tới, kết quả tìm kiếm) sẽ gặp trang «không tìm thấy» — sửa dòng «Old_slug:» "
        "thành «Old_slug: 2024/5-tb-ltb, 2024/5-tb-lhh» để địa chỉ cũ dẫn tới địa chỉ mới (bàn biên tập tự ghi "
        "dòng này)",
    ]

    # Done as said: each Old_slug line, each OLD_URLS line (its first offer).
    for line in said:
        path, _, message = line.partition(":")
        if found := re.search(r"thêm dòng «(Old_slug: [^»]+)»", message):
            text = (repo / path).read_text(encoding="utf-8")
            (repo / path).write_text(text.replace("\n", f"\n{found[1]}\n", 1), encoding="utf-8")
        elif found := re.search(r"sửa dòng «Old_slug:» thành «(Old_slug: [^»]+)»", message):
            text = (repo / path).read_text(encoding="utf-8")
            (repo / path).write_text(re.sub(r"(?m)^Old_slug: .*$", found[1], text), encoding="utf-8")
        else:
            entry = re.search(r"dòng «(\"[^\"]+\": \"[^\"]+\"),»", message)[1]
            for name in ("s.py", "p.py"):
                with open(repo / name, "a", encoding="utf-8") as settings:
                    settings.write(f"OLD_URLS[{entry.replace(': ', '] = ', 1)}\n")
    assert check(Config.from_settings(load_settings(repo / "s.py"))) == []
    after = build_in_process(content, tmp_path / "after", repo / "p.py")
    lost = _site_addresses(before) - _site_addresses(after.output)
    assert lost == {"bai-viet/xoa/index.html", "bai-viet/go-bai/index.html"}  # deleted, taken down: meant
    assert after.soup("hoi-dap/").find(id="muc-phi") is not None


def test_the_commit_compared_is_the_last_one_or_the_one_before_and_nothing_without_history(tmp_path, monkeypatch):
    """The changes since the last commit (an editor's clone, the pre-commit
    hook); on a clean tree, the last commit's own (CI: a push, a pull
    request's merge commit, with `fetch-depth: 2`). Nothing, and no error,
    in a repository without commits, a shallow clone of depth 1, without
    git, or where the content folder is not directly under the top."""
    from tests.support import committed, settings_file, write_files

    def said(repo: Path, content: str = "content") -> list[str]:
        settings = settings_file(repo / "s.py", "pelicanconf", SITE_SETTINGS % "Tư vấn – phản biện"
                                 + f"PATH = {content!r}\n")
        monkeypatch.chdir(repo)
        return [p.format().split(" đã đăng ")[0] for p in check(Config.from_settings(load_settings(settings)))]

    def repository(folder: Path, content: str = "content") -> Path:
        write_files(folder / content, {"2024/hoi-thao-a.md": SITE_BEFORE["2024/hoi-thao-a.md"]})
        return folder

    moved = lambda repo, content="content": (repo / content / "2024/hoi-thao-a.md").write_text(  # noqa: E731
        SITE_EDITS["2024/hoi-thao-a.md"](SITE_BEFORE["2024/hoi-thao-a.md"]).replace("Quan hệ", "Hợp tác"),
        encoding="utf-8")
    named = ["content/2024/hoi-thao-a.md:2: bài này"]
    repo = repository(tmp_path / "repo")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    moved(repo)
    assert said(repo) == []  # no commit yet
    committed(repo, "đầu tiên")
    assert said(repo) == []
    subprocess.run(["git", "-C", str(repo), "checkout", "-q", "HEAD~0", "--", "."], check=True)
    (repo / "content/2024/hoi-thao-a.md").write_text(SITE_BEFORE["2024/hoi-thao-a.md"], encoding="utf-8")
    subprocess.run(["git", "-C", str(repo), "commit", "-qam", "trước"], check=True)
    moved(repo)
    assert said(repo) == named  # changed since the last commit
    subprocess.run(["git", "-C", str(repo), "commit", "-qam", "đổi Slug"], check=True)
    assert said(repo) == named  # a clean tree: the last commit's change
    for depth, expected in ((1, []), (2, named)):
        clone = tmp_path / f"clone-{depth}"
        subprocess.run(["git", "clone", "-q", f"--depth={depth}", f"file://{repo}", str(clone)], check=True)
        assert said(clone) == expected
    monkeypatch.setenv("PATH", str(tmp_path / "no-git"))
    assert said(repo) == []
    monkeypatch.undo()
    deeper = repository(tmp_path / "deeper", "site/content")
    committed(deeper)
    moved(deeper, "site/content")
    assert said(deeper, "site/content") == []


def test_what_is_compared_is_what_was_published_not_a_commit_never_pushed_nor_an_hourly_runs(tmp_path, monkeypatch):
    """False refusals. An article made in one commit and retitled in the
    next was refused by the pre-commit hook, and by CI when both were pushed
    together (a rebase merge), as «đã đăng ở địa chỉ …»: neither was ever
    published. The hourly run (the commit before its last) refused such a
    push every hour, and an article dated 10:00 retitled at 9:00 from its
    date on, stopping every publication. Now: the commit the remote's main
    shares while there are commits not pushed; a push's «before» (fetched
    into the two-commit-deep clone); nothing in the hourly and manual runs;
    published as at the last commit's time."""
    import json
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from tests.support import committed, settings_file, write_files

    def said(repo: Path, now: datetime | None = None) -> list[str]:
        settings = settings_file(repo / "s.py", "pelicanconf", SITE_SETTINGS % "Tư vấn – phản biện")
        monkeypatch.chdir(repo)
        return [p.format().split(" đã đăng ")[0] for p in check(Config.from_settings(load_settings(settings)), now=now)
                if " đã đăng " in p.message]

    def git(repo: Path, *args: str) -> str:
        return subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                              check=True, capture_output=True, text=True).stdout.strip()

    def edit(repo: Path, name: str, text: str, message: str = "") -> None:
        (repo / "content" / name).write_text(text, encoding="utf-8")
        git(repo, "add", "--all")
        if message:
            git(repo, "commit", "-qm", message)

    published = SITE_BEFORE["2024/hoi-thao-a.md"]
    write_files(tmp_path / "origin/content", {"2024/hoi-thao-a.md": published})
    committed(tmp_path / "origin")
    github, clone = tmp_path / "github.git", tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--bare", str(tmp_path / "origin"), str(github))
    git(tmp_path, "clone", "-q", str(github), str(clone))
    before = git(clone, "rev-parse", "HEAD")
    # The IT person's clone: a published article's Slug edited, a new one, not pushed.
    edit(clone, "2024/hoi-thao-a.md", published.replace("Slug: hoi-thao-a", "Slug: hoi-thao-khoa-hoc-a"))
    edit(clone, "2024/bai-moi.md", _article("Bài mới"), "tạo")
    edit(clone, "2024/bai-moi.md", _article("Bài mới, sửa tiêu đề"))
    named = ["content/2024/hoi-thao-a.md:2: bài này"]
    assert said(clone) == named  # the hook on the second commit
    git(clone, "commit", "-qm", "sửa tiêu đề")
    assert said(clone) == named  # a clean clone, both commits not pushed
    git(clone, "push", "-q", "origin", "main")

    # CI: the push's run, in a clone two commits deep that lacks «before».
    ci = tmp_path / "ci"
    git(tmp_path, "clone", "-q", "--depth=2", f"file://{github}", str(ci))
    (tmp_path / "event.json").write_text(json.dumps({"before": before, "after": git(ci, "rev-parse", "HEAD")}))
    for name, value in (("GITHUB_ACTIONS", "true"), ("GITHUB_WORKSPACE", str(ci)),
                        ("GITHUB_EVENT_PATH", str(tmp_path / "event.json"))):
        monkeypatch.setenv(name, value)
    for event, expected in (("schedule", []), ("workflow_dispatch", []), ("push", named)):
        monkeypatch.setenv("GITHUB_EVENT_NAME", event)
        assert said(ci) == expected, event
    assert git(ci, "rev-parse", "--verify", f"{before}^{{commit}}") == before  # fetched
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path / "origin"))  # another repository's run: the last commit
    assert said(ci) == ["content/2024/bai-moi.md:1: bài này"]
    for name in ("GITHUB_ACTIONS", "GITHUB_WORKSPACE", "GITHUB_EVENT_PATH", "GITHUB_EVENT_NAME"):
        monkeypatch.delenv(name)

    # An article scheduled in two hours, retitled now: a run three hours on
    # (the same last commit) says nothing; changed again then, it is named.
    zone = ZoneInfo(load_settings(ROOT / "pelicanconf.py")["TIMEZONE"])
    now = datetime.now(zone).replace(tzinfo=None, second=0, microsecond=0)
    planned = _article("Bài hẹn giờ", date=f"{now + timedelta(hours=2):%Y-%m-%d %H:%M}")
    local = tmp_path / "local"
    write_files(local / "content", {"2024/hen-gio.md": planned})
    committed(local)
    edit(local, "2024/hen-gio.md", planned.replace("Title: Bài hẹn giờ", "Title: Bài hẹn"), "sửa")
    later = now + timedelta(hours=3)
    assert said(local, later) == said(local) == []
    edit(local, "2024/hen-gio.md", planned.replace("Title: Bài hẹn giờ", "Title: Bài hẹn giờ mới"))
    assert said(local, later) == ["content/2024/hen-gio.md:1: bài này"]
