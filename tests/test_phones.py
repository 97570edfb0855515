"""Readers on phones (issue 17): at 320, 360 and 390 px (small, the most
common Android, the most common iPhone widths) no page of any type scrolls
sideways, the header's "Tìm" button is whole, and words and URLs far wider
than the screen wrap: in the newest sample article (title, summary, tag,
body, on every page's "Tin mới nhất") and in a search query."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.support import LONG_URL, LONG_WORD, PAGE_TYPES

pytestmark = pytest.mark.browser

WIDTHS = [320, 360, 390]
SEARCH_STATUS = "document.querySelector('[data-search-status]').textContent.trim() !== ''"


EXTRA = {
    "article with a long word and URL": "LONG_ARTICLE",
    "tag with a long name": "LONG_TAG",
    "search, a long query without results": "tim-kiem/?q=" + "x" * 400,
    "search, a long word with results": "tim-kiem/?q=" + quote(LONG_WORD),
}
PAGES = {**PAGE_TYPES, **EXTRA}


@pytest.fixture(scope="module")
def long_pages(sample_site) -> dict[str, str]:
    """The sample article that carries the long word and URL, and its long tag."""
    [article] = [path for path in sample_site.output.glob("bai-viet/*/index.html")
                 if LONG_URL in path.read_text(encoding="utf-8")]
    url = sample_site.url_of(article)
    assert f">{LONG_URL}</a>" in article.read_text(encoding="utf-8")
    [tag] = [a["href"] for a in sample_site.soup(url).select('a[rel="tag"]') if a.get_text() == LONG_WORD]
    return {"LONG_ARTICLE": url, "LONG_TAG": tag.lstrip("/")}


@pytest.fixture(scope="module")
def phone(browser):
    """One page for the module: a new context per case costs more than the case."""
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 740})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("name", PAGES)
def test_no_page_scrolls_sideways_on_a_phone(name, phone, sample_server, long_pages):
    """Loaded once, measured at each width (the layout follows the viewport)."""
    page = phone
    url = long_pages.get(PAGES[name], PAGES[name])
    page.set_viewport_size({"width": WIDTHS[0], "height": 740})
    page.goto(f"{sample_server}/{url}")
    if url.startswith("tim-kiem/"):
        page.wait_for_function(SEARCH_STATUS)
    wider, cut = {}, {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 740})
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            wider[width] = scroll_width
        button = page.locator(".search-form button")
        if button.count():
            right = button.evaluate("b => b.getBoundingClientRect().right")
            if right > width:
                cut[width] = right
    assert wider == {}, f"{url}: wider than the screen (width: scrollWidth) {wider}"
    assert cut == {}, f"{url}: the search button is cut off (width: its right edge) {cut}"
    if PAGES[name] == "LONG_ARTICLE":
        # The long word really is there, wrapped onto several lines.
        page.set_viewport_size({"width": WIDTHS[0], "height": 740})
        heading = page.locator("main h1")
        assert LONG_WORD in heading.inner_text()
        assert heading.evaluate("h => h.offsetHeight") > 3 * 30  # four lines at least
