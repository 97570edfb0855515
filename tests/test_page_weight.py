"""Page-weight budgets of an article page on the production site (issue 7).

Readers are mostly on phones and slow links. Sizes are gzip sizes (level 9,
no timestamp), so they are deterministic: HTML < 30 KB, CSS < 20 KB, our
JavaScript < 5 KB, fonts < 120 KB, photos excluded; and exactly one
render-blocking request, the stylesheet.
"""

from __future__ import annotations

import functools
import gzip
import re
from urllib.parse import urljoin, urlsplit

import pytest

KB = 1024
BUDGETS = {"html": 30 * KB, "css": 20 * KB, "js": 5 * KB, "fonts": 120 * KB}
FONT_EXTENSIONS = (".woff2", ".woff", ".ttf", ".otf")


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def local_path(site, page_url: str, reference: str):
    """The output file for a reference made from page_url, or None when it
    points to another host (a third party is not ours to weigh)."""
    site_url = "https://example.invalid/"
    absolute = urljoin(urljoin(site_url, page_url), reference)
    parts = urlsplit(absolute)
    if parts.netloc not in ("example.invalid", urlsplit(production_url()).netloc):
        return None
    return site.output / parts.path.lstrip("/")


@functools.cache
def production_url() -> str:
    from pelican.settings import read_settings

    from tests.support import ROOT

    return read_settings(str(ROOT / "publishconf.py"))["SITEURL"]


@pytest.fixture(scope="module")
def article_url(site):
    pages = sorted(site.output.glob("bai-viet/*/index.html"))
    assert pages, "the production site has no article page"
    return site.url_of(pages[0])


@pytest.fixture(scope="module")
def weights(site, article_url):
    """gzip bytes of the article page and of everything it loads, by kind."""
    soup = site.soup(article_url)
    stylesheets = [
        link["href"] for link in soup.find_all("link", href=True)
        if "stylesheet" in (link.get("rel") or [])
    ]
    scripts = [script["src"] for script in soup.find_all("script", src=True)]
    css_files = [local_path(site, article_url, href) for href in stylesheets]
    css_files = [path for path in css_files if path is not None]
    fonts = set()
    for css in css_files:
        text = css.read_text(encoding="utf-8")
        for reference in re.findall(r"url\(\s*['\"]?([^'\")]+)", text):
            if reference.lower().split("?")[0].endswith(FONT_EXTENSIONS):
                fonts.add(local_path(site, "/" + css.relative_to(site.output).as_posix(), reference))
    js_files = [path for path in (local_path(site, article_url, src) for src in scripts) if path]
    return {
        "html": gzipped(site.path(article_url).read_bytes()),
        "css": sum(gzipped(path.read_bytes()) for path in css_files),
        "js": sum(gzipped(path.read_bytes()) for path in js_files),
        "fonts": sum(gzipped(path.read_bytes()) for path in fonts if path is not None),
        "files": {"css": css_files, "js": js_files, "fonts": sorted(p for p in fonts if p)},
    }


@pytest.mark.parametrize("kind", ["html", "css", "js", "fonts"])
def test_article_page_stays_within_its_gzip_budget(weights, kind):
    print(f"{kind}: {weights[kind] / KB:.1f} KB gzipped ({weights['files'].get(kind, '')})")
    assert weights[kind] < BUDGETS[kind], (
        f"{kind}: {weights[kind] / KB:.1f} KB gzipped, budget {BUDGETS[kind] / KB:.0f} KB"
    )


def test_every_file_the_article_page_loads_exists(weights):
    for kind in ("css", "js", "fonts"):
        for path in weights["files"][kind]:
            assert path.is_file(), f"{kind} file missing from the output: {path}"


def test_article_page_has_exactly_one_render_blocking_request(site, article_url):
    soup = site.soup(article_url)
    blocking = []
    for link in soup.find_all("link", href=True):
        rel = link.get("rel") or []
        media = (link.get("media") or "all").strip()
        if "stylesheet" in rel and media in ("all", "screen", "") and not link.has_attr("disabled"):
            blocking.append(link["href"])
    for script in soup.find_all("script", src=True):
        if not (script.has_attr("defer") or script.has_attr("async") or script.get("type") == "module"):
            blocking.append(script["src"])
    assert len(blocking) == 1 and blocking[0].split("?")[0].endswith(".css"), blocking


def test_the_one_stylesheet_imports_nothing_more(site, article_url, weights):
    for css in weights["files"]["css"]:
        assert "@import" not in css.read_text(encoding="utf-8"), f"{css} chains another request"
