"""Readers on phones (issue 17): at 320, 360 and 390 px (small, the most
common Android, the most common iPhone widths) no page of any type scrolls
sideways, the header's "Tìm" button is whole, and words and URLs far wider
than the screen wrap: in the newest sample article (title, summary, tag,
body, on every page's "Tin mới nhất") and in a search query."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.support import LONG_URL, LONG_WORD
from tests.test_quality import PAGE_TYPES

pytestmark = pytest.mark.browser

WIDTHS = [320, 360, 390]
SEARCH_STATUS = "document.querySelector('[data-search-status]').textContent.trim() !== ''"


@pytest.fixture(scope="module")
def pages(sample_site) -> dict[str, str]:
    """Every page type of the sample site, plus the pages that carry the
    long word and URL, and the search page answering long queries."""
    [article] = [path for path in sample_site.output.glob("bai-viet/*/index.html")
                 if LONG_URL in path.read_text(encoding="utf-8")]
    long_article = sample_site.url_of(article)
    assert f">{LONG_URL}</a>" in article.read_text(encoding="utf-8")
    [tag] = [a["href"] for a in sample_site.soup(long_article).select('a[rel="tag"]') if a.get_text() == LONG_WORD]
    return {
        **PAGE_TYPES,
        "article with a long word and URL": long_article,
        "tag with a long name": tag.lstrip("/"),
        "search, a long query without results": "tim-kiem/?q=" + "x" * 400,
        "search, a long word with results": "tim-kiem/?q=" + quote(LONG_WORD),
    }


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways_on_a_phone(width, browser, sample_server, pages):
    context = browser.new_context(viewport={"width": width, "height": 740})
    page = context.new_page()
    wider, cut = {}, {}
    try:
        for name, url in pages.items():
            page.goto(f"{sample_server}/{url}")
            if url.startswith("tim-kiem/"):
                page.wait_for_function(SEARCH_STATUS)
                assert page.locator("[data-search-status]").text_content().strip()
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                wider[name] = scroll_width
            button = page.locator(".search-form button")
            if button.count():
                right = button.evaluate("b => b.getBoundingClientRect().right")
                if right > width:
                    cut[name] = right
        if "article with a long word and URL" not in wider:
            # The long word really is on the page, wrapped onto several lines.
            page.goto(f"{sample_server}/{pages['article with a long word and URL']}")
            heading = page.locator("main h1")
            assert LONG_WORD in heading.inner_text()
            assert heading.evaluate("h => h.offsetHeight") > 3 * 30  # four lines at least
    finally:
        context.close()
    assert wider == {}, f"wider than {width} px: {wider}"
    assert cut == {}, f"the search button is cut off at {width} px: {cut}"
