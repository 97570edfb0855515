"""TCVN3 (ABC, ".Vn" fonts) and VNI to Unicode: every one of the 134
accented Vietnamese letters, both ways, against tables typed here from the
encodings' definitions (not computed by the code under test), and the
TCVN3 bytes against glibc's TCVN5712-1 charmap through iconv."""

from __future__ import annotations

import subprocess
import unicodedata

import pytest

from workflow.legacy_fonts import TCVN3, VNI, decode, encode, font_encoding

# Vowel rows: the letter without tone, then huyền, hỏi, ngã, sắc, nặng.
LETTERS = """
a à ả ã á ạ|ă ằ ẳ ẵ ắ ặ|â ầ ẩ ẫ ấ ậ|e è ẻ ẽ é ẹ|ê ề ể ễ ế ệ|i ì ỉ ĩ í ị
o ò ỏ õ ó ọ|ô ồ ổ ỗ ố ộ|ơ ờ ở ỡ ớ ợ|u ù ủ ũ ú ụ|ư ừ ử ữ ứ ự|y ỳ ỷ ỹ ý ỵ
"""
# TCVN 5712:1993 VN3, the same rows (byte values; "--" where VN3 has none).
TCVN3_ROWS = """
-- B5 B6 B7 B8 B9|A8 BB BC BD BE C6|A9 C7 C8 C9 CA CB|-- CC CE CF D0 D1|AA D2 D3 D4 D5 D6|-- D7 D8 DC DD DE
-- DF E1 E2 E3 E4|AB E5 E6 E7 E8 E9|AC EA EB EC ED EE|-- EF F1 F2 F3 F4|AD F5 F6 F7 F8 F9|-- FA FB FC FD FE
"""
# VNI-Windows, the same rows, lower case (capitals: the same with capital
# characters, checked below).
VNI_ROWS = """
a aø aû aõ aù aï|aê aè aú aü aé aë|aâ aà aå aã aá aä|e eø eû eõ eù eï|eâ eà eå eã eá eä|i ì æ ó í ò
o oø oû oõ où oï|oâ oà oå oã oá oä|ô ôø ôû ôõ ôù ôï|u uø uû uõ uù uï|ö öø öû öõ öù öï|y yø yû yõ yù î
"""


def rows(text: str) -> list[str]:
    """The twelve vowel rows of a table."""
    return text.strip().replace("\n", "|").split("|")


def pairs(table: str) -> list[tuple[str, str]]:
    """(letter, code) for every accented lower-case letter of a table."""
    found = []
    for letters, codes in zip(rows(LETTERS), rows(table)):
        for letter, code in zip(letters.split(), codes.split()):
            if letter not in "aeiouy":
                found.append((letter, code))
    return found


TCVN3_LOWER = [(letter, chr(int(code, 16))) for letter, code in pairs(TCVN3_ROWS)]
TCVN3_CAPITALS = [("Ă", "\xa1"), ("Â", "\xa2"), ("Ê", "\xa3"), ("Ô", "\xa4"), ("Ơ", "\xa5"), ("Ư", "\xa6"), ("Đ", "\xa7")]
VNI_LOWER = pairs(VNI_ROWS) + [("đ", "ñ")]
VNI_ALL = VNI_LOWER + [(letter.upper(), code.upper()) for letter, code in VNI_LOWER]
ALL_LETTERS = sorted({letter for letter, _ in VNI_ALL})


def test_the_tables_here_cover_all_134_letters():
    assert len(ALL_LETTERS) == 134
    assert len(TCVN3_LOWER) == 66 and len(VNI_LOWER) == 67  # with đ: 67 lower-case letters
    assert all(unicodedata.is_normalized("NFC", letter) and len(letter) == 1 for letter in ALL_LETTERS)


@pytest.mark.parametrize("letter, code", TCVN3_LOWER + [("đ", "\xae")] + TCVN3_CAPITALS)
def test_tcvn3_letter_both_ways(letter, code):
    assert TCVN3[letter] == code
    assert encode(letter, "tcvn3") == code
    assert decode(code, "tcvn3") == letter


@pytest.mark.parametrize("letter", [letter for letter in ALL_LETTERS if letter.isupper()])
def test_tcvn3_capitals_come_from_the_h_fonts(letter):
    """.VnTimeH draws each code as its capital: the capital's code is the
    small letter's (or its own, for Ă Â Ê Ô Ơ Ư Đ)."""
    code = encode(letter, "tcvn3-upper")
    assert code in (TCVN3.get(letter.lower()), TCVN3.get(letter))
    assert decode(code, "tcvn3-upper") == letter


def test_tcvn3_bytes_agree_with_glibc():
    """Every byte of our table decodes to the same letter in glibc's
    TCVN5712-1 (VN1, of which VN3 is a subset)."""
    codes = sorted(set(TCVN3.values()))
    data = "".join(codes).encode("latin-1")
    result = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=data, capture_output=True, check=True)
    decoded = unicodedata.normalize("NFC", result.stdout.decode("utf-8"))
    assert len(decoded) == len(codes)
    assert [decode(code, "tcvn3") for code in codes] == list(decoded)


@pytest.mark.parametrize("letter, code", VNI_ALL)
def test_vni_letter_both_ways(letter, code):
    assert VNI[letter] == code
    assert encode(letter, "vni") == code
    assert decode(code, "vni") == letter


@pytest.mark.parametrize("encoding, stored, text", [
    ("tcvn3", "Céng hßa x· héi chñ nghÜa ViÖt Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("tcvn3-upper", "§éc lËp - Tù do - H¹nh phóc", "ĐỘC LẬP - TỰ DO - HẠNH PHÚC"),
    ("tcvn3", "\uf043\uf0e9ng", "Cộng"),  # symbol-font private-use characters
    ("vni", "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("vni", "ÑOÄC LAÄP – TÖÏ DO", "ĐỘC LẬP – TỰ DO"),
    ("vni", "AÙo Nguyeãn", "Áo Nguyễn"),
    ("vni", "Aù", "Á"),  # a capital base with a lower-case mark
    ("vni", "“Quyeát ñònh” 12/QÑ", "“Quyết định” 12/QĐ"),
])
def test_sentences(encoding, stored, text):
    assert decode(stored, encoding) == text
    assert unicodedata.is_normalized("NFC", decode(stored, encoding))


@pytest.mark.parametrize("font, encoding", [
    (".VnTime", "tcvn3"), (".VnArial", "tcvn3"), (".VnTimeH", "tcvn3-upper"), (".VnArial NarrowH", "tcvn3-upper"),
    (".vntime", "tcvn3"), ("VNI-Times", "vni"), ("VNI-Helve-Condense", "vni"), ("VPS Times", "unknown"),
    ("VnTime", "unknown"), ("BKHCM", "unknown"), ("Times New Roman", None), ("Arial", None), ("", None),
    (None, None), ("Calibri", None),
])
def test_font_names(font, encoding):
    assert font_encoding(font) == encoding


# --- Text typed with a legacy table (rules.legacy_typed) ------------------------------
TYPED = "Hội nghị tổng kết công tác năm 2025 của Liên hiệp Hội, ông Nguyễn Văn Khuyến phát biểu"


@pytest.mark.parametrize("line, table", [
    (encode(TYPED, "tcvn3"), "tcvn3"),
    (encode(TYPED, "vni"), "vni"),
    (encode(TYPED.upper(), "vni"), "vni"),
    (TYPED, None),
    (unicodedata.normalize("NFD", TYPED), None),  # as a Mac saves it, before the reader composes it
    ("«Hội thảo» về «Ổn định», «c» và «I» là chữ cái; 5 × 3 = 15", None),
    ("GS. Müller (Straße 5), Françoise, São Paulo, café, naïve, Ærø, Ñandú, Åsa", None),
    ("Proceedings of the Workshop on Smart Farming — résumé, façade, coöperate", None),
])
def test_a_line_typed_with_a_legacy_table_is_told_from_real_text(line, table):
    from workflow.legacy_fonts import typed_with_table

    found = typed_with_table(line)
    assert (found and found[0]) == table


def test_the_unions_real_articles_give_no_finding():
    """The union's real articles and pages (tests/content/, content/) and
    the theme's Vietnamese: real text is never taken for legacy text."""
    from plugins.core.rules import legacy_typed
    from tests.support import ROOT

    files = [*(ROOT / "tests" / "content").rglob("*.md"), *(ROOT / "content").rglob("*.md"),
             *(ROOT / "theme").rglob("*.html")]
    assert len(files) > 10
    found = {}
    for path in files:
        if hit := legacy_typed(unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))):
            found[path.relative_to(ROOT).as_posix()] = hit
    assert found == {}
