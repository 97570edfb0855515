"""Vietnamese typed in the pre-Unicode font encodings, back to Unicode.

Many state documents still carry text typed with ABC or VNI keyboards in
fonts that draw Vietnamese letters at Latin-1 code points: Word stores what
the keyboard sent (``Céng hßa`` for ``Cộng hòa``) and only the font makes it
look right. A converter that ignores the font name passes the garbage on.
The encoding is known from the font's name, so ``font_encoding`` classifies
a name and ``decode`` turns the stored text into Unicode (NFC).

- **TCVN3** (TCVN 5712:1993, set VN3, the ABC fonts ``.VnTime``,
  ``.VnArial``…): one byte a letter. VN3 holds the 67 lower-case accented
  letters and seven capitals without tone (Ă Â Ê Ô Ơ Ư Đ); capitals with a
  tone are typed in the ``H`` fonts (``.VnTimeH``), which draw every code as
  its capital. The byte values are those of glibc's ``TCVN5712-1`` charmap
  (VN1, of which VN3 is the subset below; tests/test_legacy_fonts.py checks
  every one against ``iconv``).
- **VNI** (VNI-Windows, the ``VNI-…`` fonts): a base letter followed by one
  mark character (``oä`` = ộ); đ, ơ, ư, the toned i and ỵ are single
  characters. Capitals use the capital marks.

Word keeps such text as the Windows-1252 characters of the bytes (the
fonts declare the ANSI charset); text that went through a symbol-font
round trip has them at U+F000 + byte, which is accepted too.
"""

from __future__ import annotations

import functools
import re
import unicodedata

TONES = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # huyền, hỏi, ngã, sắc, nặng
VOWELS = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")

# --- TCVN3 (VN3) ----------------------------------------------------------------
# Per vowel, the bytes of its five toned forms in TONES order.
_TCVN3_TONED = {
    "a": (0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
_TCVN3_PLAIN = dict(zip("ĂÂÊÔƠƯĐăâêôơưđ", range(0xA1, 0xAF)))


def _tcvn3_table() -> dict[str, str]:
    """Letter -> the character Word stores for its byte."""
    table = {letter: chr(code) for letter, code in _TCVN3_PLAIN.items()}
    for vowel, codes in _TCVN3_TONED.items():
        for tone, code in zip(TONES, codes):
            table[unicodedata.normalize("NFC", vowel + tone)] = chr(code)
    return table


TCVN3 = _tcvn3_table()
_TCVN3_DECODE = {stored: letter for letter, stored in TCVN3.items()}

# --- VNI-Windows ----------------------------------------------------------------
# Marks after a base letter, (lower case, capital): the five tones, then the
# circumflex and the breve alone and with each tone.
_VNI_TONE = dict(zip(TONES, (("ø", "Ø"), ("û", "Û"), ("õ", "Õ"), ("ù", "Ù"), ("ï", "Ï"))))
_VNI_CIRCUMFLEX = {"": ("â", "Â"), **dict(zip(TONES, (("à", "À"), ("å", "Å"), ("ã", "Ã"), ("á", "Á"),
                                                      ("ä", "Ä"))))}
_VNI_BREVE = {"": ("ê", "Ê"), **dict(zip(TONES, (("è", "È"), ("ú", "Ú"), ("ü", "Ü"), ("é", "É"),
                                                 ("ë", "Ë"))))}
# Letters VNI writes as one character.
_VNI_SINGLE = {
    "đ": "ñ", "Đ": "Ñ", "ơ": "ô", "Ơ": "Ô", "ư": "ö", "Ư": "Ö", "ỵ": "î", "Ỵ": "Î",
    "ì": "ì", "Ì": "Ì", "ỉ": "æ", "Ỉ": "Æ", "ĩ": "ó", "Ĩ": "Ó", "í": "í", "Í": "Í", "ị": "ò", "Ị": "Ò",
}


def _vni_table() -> dict[str, str]:
    """Letter -> its VNI characters, for all 134 accented letters."""
    table = dict(_VNI_SINGLE)
    for vowel in VOWELS:
        for tone in ("", *TONES):
            for case in (0, 1):  # lower case, capital
                letter = unicodedata.normalize("NFC", vowel + tone)
                letter = letter.upper() if case else letter
                if letter in table or len(unicodedata.normalize("NFD", letter)) == 1:
                    continue  # a single VNI character, or a plain a e i o u y
                base = unicodedata.normalize("NFD", vowel)[0]
                if vowel in "âêô":
                    mark = _VNI_CIRCUMFLEX[tone][case]
                elif vowel == "ă":
                    mark = _VNI_BREVE[tone][case]
                else:
                    base = _VNI_SINGLE.get(vowel, base)  # ơ ư: their own base character
                    mark = _VNI_TONE[tone][case]
                table[letter] = (base.upper() if case else base) + mark
    return table


VNI = _vni_table()


def _vni_decode_table() -> dict[str, str]:
    table = {code: letter for letter, code in VNI.items()}
    # A capital base with a lower-case mark (or the reverse) still reads as
    # the letter of the base's case: Word's "All caps" and hand edits mix them.
    for code, letter in list(table.items()):
        if len(code) == 2:
            for mixed in (code[0] + code[1].swapcase(),):
                table.setdefault(mixed, letter)
    return table


_VNI_DECODE = _vni_decode_table()
_VNI_RE = re.compile("|".join(sorted(map(re.escape, _VNI_DECODE), key=len, reverse=True)))
# The characters VNI uses as a mark after a base letter.
VNI_MARKS = frozenset(code[1] for code in _VNI_DECODE if len(code) == 2)
VNI_BASES = frozenset(code[0] for code in _VNI_DECODE if len(code) == 2)

# --- Fonts ------------------------------------------------------------------------
TCVN3_FONT = re.compile(r"^\.vn", re.IGNORECASE)
VNI_FONT = re.compile(r"^vni[-_ ]", re.IGNORECASE)
# Other families of the 8-bit era (VPS, BKHCM, VietWare, VISCII, "VnTime"
# without the dot…): their text is reported, not guessed.
LEGACY_LOOKING = re.compile(r"^(vn|vps|bk|vk|viet|vis|viqr|abc)", re.IGNORECASE)


def font_encoding(font: str | None) -> str | None:
    """"tcvn3", "tcvn3-upper" (an H font), "vni", "unknown" (looks like a
    legacy Vietnamese font we have no table for) or None (a Unicode font)."""
    if not font:
        return None
    name = font.strip()
    if TCVN3_FONT.match(name):
        return "tcvn3-upper" if name.endswith("H") else "tcvn3"
    if VNI_FONT.match(name):
        return "vni"
    if LEGACY_LOOKING.match(name):
        return "unknown"
    return None


def _stored(text: str) -> str:
    """Symbol-font private-use characters (U+F0xx) back to their byte's."""
    return "".join(chr(ord(c) - 0xF000) if 0xF020 <= ord(c) <= 0xF0FF else c for c in text)


def _upper(text: str) -> str:
    # str.upper() would turn an unmapped "ß" into "SS".
    return "".join(c.upper() if len(c.upper()) == 1 else c for c in text)


@functools.lru_cache(maxsize=4096)
def decode(text: str, encoding: str) -> str:
    """Unicode (NFC) for text stored in a legacy font of ``encoding``."""
    text = _stored(text)
    if encoding in ("tcvn3", "tcvn3-upper"):
        result = "".join(_TCVN3_DECODE.get(c, c) for c in text)
        return _upper(result) if encoding == "tcvn3-upper" else result
    if encoding == "vni":
        return unicodedata.normalize("NFC", _VNI_RE.sub(lambda m: _VNI_DECODE[m.group(0)], text))
    return text


def encode(text: str, encoding: str) -> str:
    """The characters Word stores for ``text`` typed in a font of
    ``encoding`` (the inverse of ``decode``; tests and fixtures use it).
    TCVN3 capitals with a tone exist only in an H font: encode them with
    "tcvn3-upper", which lower-cases first."""
    text = unicodedata.normalize("NFC", text)
    if encoding == "tcvn3-upper":
        text = "".join(c if c in _TCVN3_PLAIN else c.lower() for c in text)
    table = TCVN3 if encoding.startswith("tcvn3") else VNI
    missing = [c for c in text if c.isalpha() and ord(c) > 0x7F and c not in table]
    if missing:
        raise ValueError(f"{encoding} has no code for {''.join(missing)!r}")
    return "".join(table.get(c, c) for c in text)


# --- Text typed with a legacy table ------------------------------------------------
# Unikey set to the TCVN3 or VNI table while typing into a Unicode program (a
# Markdown editor, the desk) sends the legacy characters themselves: «Héi
# nghÞ» for «Hội nghị», «Hoäi nghò» in VNI. A word is taken as typed so when
# it is no Vietnamese syllable as written and one once decoded; real
# Vietnamese (a syllable as written), English (ASCII) and foreign names
# («Müller» decodes to no syllable) are not.
_ONSETS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx]"
# Nuclei ending in a glide (i, y, o, u) take no final consonant.
_GLIDED = "uyu|uây|uôi|ươi|ươu|iêu|yêu|oai|oay|oao|oeo|ai|ao|au|ay|âu|ây|eo|êu|iu|oi|ôi|ơi|ui|ưi|ưu"
_NUCLEI = "uyê|uya|ia|iê|oa|oă|oe|oo|ua|uâ|uê|uô|uơ|uy|ưa|ươ|yê|[aăâeêioôơuưy]"
_SYLLABLE = re.compile(f"(?:{_ONSETS})?(?:(?:{_GLIDED})|(?:{_NUCLEI})(?:ch|nh|ng|[cmnpt])?)")
_TONE_SET = frozenset(TONES)
# A word: letters, and TCVN3's characters that are not letters («¸¨©…).
_WORD = re.compile("(?:[^\\W\\d_]|[" + re.escape("".join(c for c in _TCVN3_DECODE if not c.isalpha())) + "])+")
# Letters only Unicode Vietnamese has (ă đ ơ ư, ạ…ỹ), and TCVN3's non-letters:
# a line with the first and none of the second is real text (the quick way).
_UNICODE_ONLY = re.compile("[ăđơưĂĐƠƯ\u1ea0-\u1ef9]")
_TCVN3_SIGNS = re.compile("[" + re.escape("".join(c for c in _TCVN3_DECODE if not c.isalpha())) + "]")
TABLES = ("tcvn3", "vni")


def legacy_words(line: str) -> list[str]:
    """The words of ``line``, TCVN3's non-letters («¸¨©…) counted in."""
    return _WORD.findall(line)


@functools.lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    """A Vietnamese syllable (any case, NFC or not), with at most one tone."""
    letters = unicodedata.normalize("NFD", word.lower())
    if sum(c in _TONE_SET for c in letters) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in letters if c not in _TONE_SET))
    return _SYLLABLE.fullmatch(bare) is not None and bare[-1] not in "ăâ"  # «ăn», «cân»: never bare


@functools.lru_cache(maxsize=65536)
def _misread(word: str, encoding: str) -> str | None:
    # A lone «, » or × between spaces is punctuation, as are guillemets around
    # a plain word («c», «I»): a word has a Latin letter and more than «».
    if (word.strip("«»").isascii() or not any("a" <= c <= "z" for c in word.lower())
            or is_syllable(word)):
        return None
    meant = decode(word, encoding)
    return meant if meant != word and is_syllable(meant) else None


def typed_with_table(line: str, least: int = 2) -> tuple[str, list[tuple[str, str]]] | None:
    """(table, [(word as written, word meant)…]) when at least ``least``
    words of ``line`` were typed with the TCVN3 or VNI table, else None."""
    if line.isascii():
        return None
    if _UNICODE_ONLY.search(line) and not _TCVN3_SIGNS.search(line):
        return None
    words = legacy_words(line)
    best = None
    for encoding in TABLES:
        found = [(word, meant) for word in words if (meant := _misread(word, encoding))]
        if len(found) >= least and (best is None or len(found) > len(best[1])):
            best = (encoding, found)
    return best
