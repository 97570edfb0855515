"""Whole-output tests: each small site under tests/golden/ built with the
production settings equals its stored output, file by file
(tests/support/golden.py says how to regenerate after an intended change)."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from tests.support import built_once, golden


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Each case built once a session (``built_once``, shared by the xdist
    workers): ``built(case)`` is its output folder."""

    def build(case: str) -> Path:
        return built_once(tmp_path_factory, f"golden-{case}",
                          lambda folder: golden.build_case(case, folder / "output")) / "output"

    return build


@pytest.mark.parametrize("case", golden.cases())
def test_the_built_site_equals_the_stored_output(case, built):
    files = golden.snapshot(built(case))
    expected = golden.stored(case)
    regenerate = f"if intended, regenerate with `.venv/bin/python -m tests.support.golden {case}` and read the diff"
    # A change to the theme's CSS or JS renames its hashed file: a file list that differs, not a content diff.
    assert sorted(files) == sorted(expected), f"files written differ from tests/golden/{case}/expected — {regenerate}"
    for name, value in files.items():
        if value != expected[name]:
            if isinstance(value, bytes):
                diff = difflib.unified_diff(expected[name].decode().splitlines(), value.decode().splitlines(),
                                            f"expected/{name}", f"built/{name}", lineterm="", n=2)
                detail = "\n".join(list(diff)[:60])
            else:
                detail = f"SHA-256 {value}, expected {expected[name]}"
            pytest.fail(f"tests/golden/{case}: {name} differs — {regenerate}\n{detail}")


def test_every_case_has_a_stored_output_and_its_own_settings():
    assert golden.cases() == sorted(golden.SETTINGS)
    for case in golden.cases():
        assert (golden.GOLDEN / case / "expected" / golden.BINARY_LIST).is_file(), case


def test_escaped_text_survives_in_every_description(built):
    """What html_escape proves, asserted on its own too (a regeneration
    must not bake a regression in): the summary's own «<, >» and «&» reach
    the description, Open Graph and Twitter tags alike (a second striptags
    dropped «<, >» from the Open Graph ones)."""
    from bs4 import BeautifulSoup

    site = built("html_escape")
    soup = BeautifulSoup((site / "bai-viet" / "ky-tu-dac-biet" / "index.html").read_text(encoding="utf-8"), "lxml")
    descriptions = {soup.find("meta", attrs={key: name})["content"] for key, name in
                    (("name", "description"), ("property", "og:description"), ("name", "twitter:description"))}
    assert descriptions == {"Tóm tắt có <, > và & cùng “ngoặc kép”."}
    assert soup.find("h1").get_text() == "Tiêu đề có <b>thẻ</b> & dấu “ngoặc” ‘đơn’"
