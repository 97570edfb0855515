"""Whole-site quality: every page of the built sites is valid HTML (vnu),
has no broken internal link or missing asset, asks no other host, is NFC,
and each page type has zero axe-core violations in Chromium."""

from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from tests.support import (
    AXE,
    CONTENT,
    PAGE_TYPES,
    ROOT,
    VNU,
    Site,
    built_once,
    categories_line,
    run_pelican,
    sample_album,
    sample_documents,
    sample_files,
    settings_file,
    write_files,
)

PUBLIC_URL = "https://vustathaibinh.org.vn"  # publishconf.py's default SITEURL
# GitHub Pages' own address for a repository's site (configure-pages'
# base_url, the publish workflow's SITEURL when no variable is set): a path.
PAGES_URL = "https://lhh-thaibinh.github.io/ban-tin"


@pytest.fixture(scope="module")
def pages_site(tmp_path_factory) -> Site:
    """Every kind of page (the sample's articles, documents, an album, the
    real content's redirects) built for production at PAGES_URL, as a fork
    publishes by default: the site lives under /ban-tin/, so a link written
    from the host's root (``/theme/…``) would be a 404 there."""
    def build(base: Path) -> None:
        content = base / "content"
        shutil.copytree(CONTENT, content)
        write_files(content, {**sample_files(), **sample_documents(), **sample_album()})
        settings = settings_file(base / "settings.py", base="publishconf",
                                 extra=categories_line())
        result = run_pelican(content, base / "output", settings, {"SITEURL": PAGES_URL})
        assert result.returncode == 0, result.stdout + result.stderr

    return Site(built_once(tmp_path_factory, "pages", build) / "output")


def test_robots_txt_at_an_address_with_a_path_names_the_site_s_folders(pages_site):
    """Under /ban-tin/, «Disallow: /ban-nhap/» named the host's folder, not
    the site's (the lines to copy into the host's own robots.txt)."""
    lines = (pages_site.output / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if line.startswith("Disallow:")] == [
        "Disallow: /ban-tin/ban-nhap/", "Disallow: /ban-tin/pagefind/"]
    assert f"Sitemap: {PAGES_URL}/sitemap.xml" in lines


def test_every_page_type_exists(sample_site):
    for name, url in PAGE_TYPES.items():
        assert sample_site.path(url).is_file(), f"{name}: {url} was not written"


def test_html_is_valid_everywhere(site, sample_site):
    """The Nu HTML checker, once over both built sites: zero errors."""
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "json",
         str(site.output), str(sample_site.output)],
        capture_output=True, text=True, timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '')}:{m.get('lastLine', '')}: {m['message']}" for m in messages]
    assert errors == []
    assert result.returncode == 0


def _local_targets(site: Site, page: Path, base: str):
    """Yield (attribute value, resolved file, fragment) for every internal
    reference of a page: links, stylesheets, scripts, images, srcset."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    page_url = urljoin(base + "/", site.url_of(page))
    values = []
    for tag in soup.find_all(True):
        for attribute in ("href", "src"):
            if tag.get(attribute):
                values.append(tag[attribute])
        if tag.get("srcset"):
            values += [part.strip().split()[0] for part in tag["srcset"].split(",") if part.strip()]
    for value in values:
        absolute = urljoin(page_url, value)
        parts = urlsplit(absolute)
        if parts.scheme in ("mailto", "tel", "data"):
            continue
        if not absolute.startswith(base + "/"):
            # On the site's host but outside its folder: never a file of it.
            outside = parts.netloc == urlsplit(base).netloc
            yield value, (site.output.parent / "outside-the-site" if outside else None), None
            continue
        relative = unquote(parts.path[len(urlsplit(base).path) + 1:])
        yield value, site.path(relative), parts.fragment


@pytest.mark.parametrize("which", ["site", "sample_site", "pages_site"])
def test_no_broken_internal_link_or_missing_asset(which, request):
    from pelican.settings import read_settings

    site: Site = request.getfixturevalue(which)
    base = {"site": PUBLIC_URL, "pages_site": PAGES_URL}.get(which, "http://127.0.0.1:8000")
    settings = read_settings(str(ROOT / ("pelicanconf.py" if which == "sample_site" else "publishconf.py")))
    # The only other host a page may ask is the visit counter's (its pixel).
    endpoint = urlsplit(settings["VISIT_COUNTER"].get("endpoint", ""))
    allowed = {"", urlsplit(base).netloc, endpoint.netloc}
    # A counter on the site's own host (the live preview's, in development)
    # answers its own addresses: they are not files of the build.
    answered = endpoint.path.rstrip("/") + "/" if endpoint.path and not endpoint.netloc else None
    broken, external_assets, by_file_name, duplicate_ids = [], [], [], []
    for page in site.html_files(redirects=True):
        soup_ids = None
        for value, target, fragment in _local_targets(site, page, base):
            if target is None or (answered and urlsplit(value).path.startswith(answered)):
                continue
            if urlsplit(value).path.endswith("/index.html"):  # a page at a second address (home page 2's «Trang trước»)
                by_file_name.append(f"{site.url_of(page)} → {value}")
            if not target.is_file():
                broken.append(f"{site.url_of(page)} → {value}")
            elif fragment and target == page:
                if soup_ids is None:
                    soup_ids = {t["id"] for t in BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").find_all(id=True)}
                if fragment not in soup_ids:
                    broken.append(f"{site.url_of(page)} → #{fragment}")
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        # An id twice on a page (a body's, an album's #anh-N, the skip link's
        # «noi-dung», two listed items'): a link to it lands on the first only.
        ids = Counter(tag["id"] for tag in soup.find_all(id=True))
        duplicate_ids += [f"{site.url_of(page)}: #{name} ×{count}" for name, count in ids.items() if count > 1]
        for tag in soup.select("link[rel~=stylesheet], script[src], img[src], iframe, video, audio, source"):
            address = tag.get("href") or tag.get("src") or tag.get("srcset", "")
            if urlsplit(urljoin(base + "/", address)).netloc not in allowed:
                external_assets.append(f"{site.url_of(page)}: {address}")
    assert broken == []
    assert external_assets == []
    assert by_file_name == []
    assert duplicate_ids == []


@pytest.mark.parametrize("which", ["site", "sample_site"])
def test_all_text_is_nfc(which, request):
    site: Site = request.getfixturevalue(which)
    not_nfc = [
        str(path.relative_to(site.output))
        for path in site.output.rglob("*")
        if path.suffix in (".html", ".xml", ".json", ".txt", ".webmanifest")
        and not unicodedata.is_normalized("NFC", path.read_text(encoding="utf-8"))
    ]
    assert not_nfc == []


def test_feeds_are_atom_with_plain_titles(site):
    feeds = sorted((site.output / "feeds").glob("*.atom.xml"))
    assert [f.name for f in feeds] == ["all.atom.xml", "tin-hoat-dong-lhh.atom.xml"]
    ns = {"a": "http://www.w3.org/2005/Atom"}
    for feed in feeds:
        root = etree.parse(str(feed)).getroot()
        assert root.tag == "{http://www.w3.org/2005/Atom}feed"
        for element in ("a:id", "a:title", "a:updated"):
            assert root.find(element, ns) is not None, (feed.name, element)
        entries = root.findall("a:entry", ns)
        assert entries
        for entry in entries:
            title = entry.find("a:title", ns).text
            assert "<span" not in title and "&nbsp;" not in title and "&amp;" not in title
            assert entry.find("a:link", ns).get("href").startswith(PUBLIC_URL + "/bai-viet/")
            assert entry.find("a:updated", ns).text.endswith("+07:00")


@pytest.mark.browser
def test_axe_finds_no_violation(page, sample_server):
    """Every page type in one browser page (a context per type cost ~15 s
    of the suite); the failure names each page type with its violations."""
    found = {}
    for name, url in PAGE_TYPES.items():
        page.goto(f"{sample_server}/{url}")
        page.add_script_tag(path=str(AXE))
        found[name] = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)"
        )
    assert len(found) == len(PAGE_TYPES)
    assert {name: violations for name, violations in found.items() if violations} == {}


@pytest.mark.browser
def test_article_reads_without_javascript_and_prints_without_chrome(browser, sample_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{sample_server}/{PAGE_TYPES['article']}")
    assert page.locator("main h1").is_visible()
    assert page.locator("main figure figcaption").first.is_visible()
    assert page.locator("nav").first.is_visible()
    page.emulate_media(media="print")
    assert page.locator("main h1").is_visible()
    assert not page.locator("header nav").first.is_visible()
    assert not page.locator("aside").first.is_visible()
    context.close()


# Scripts that may need more than ES2017, and why (README, "Search", «Browsers it needs»).
NEWER_SCRIPTS = {
    "pagefind-import.js": "search.js's import() of Pagefind (Chrome 63, Safari 11.1), a module apart: "
                          "where it does not parse, only it is lost, and search.js says the browser is too old",
}
# What a regular expression literal may not use: a syntax error, the whole
# script lost, before Chrome 64 / Safari 11.1 (\p{…}, named groups, the s
# flag) or Safari 16.4 (lookbehind, on every iPhone before iOS 16.4).
NEWER_REGEX = r"\\[pP]\{|\(\?<[=!]|\(\?<[A-Za-z_$]"


def test_each_script_runs_on_a_phone_that_never_updates():
    """Readers open links in Zalo's and Facebook's browsers on phones whose
    WebView stays at Chrome 60–80, or on iPhones at iOS 12–15: a syntax one
    of them does not know is an error that loses the whole script. notfound.js
    had /\\p{L}/u (Chrome 64): on such a phone the not-found page tried no
    other spelling of an old address and offered no search; search.js had
    import() and \\p{…} (Chrome 63, 64): the search page said nothing after
    «Tìm», not that the browser is too old. Each script but NEWER_SCRIPTS
    parses as ES2017 (esprima) and has no newer regex literal."""
    esprima = ROOT / "node_modules" / "esprima"
    assert esprima.is_dir(), "npm ci (esprima, pinned in package.json)"
    scripts = sorted((ROOT / "theme" / "static" / "js").glob("*.js"))
    assert set(NEWER_SCRIPTS) <= {path.name for path in scripts}
    checked = [str(path) for path in scripts if path.name not in NEWER_SCRIPTS]
    script = r"""
      const esprima = require(process.argv[1]), fs = require('fs'), out = [];
      for (const file of process.argv.slice(3)) {
        try {
          esprima.parseScript(fs.readFileSync(file, 'utf8'), {tokens: true}).tokens
            .filter(t => t.type === 'RegularExpression')
            .filter(t => new RegExp(process.argv[2]).test(t.regex.pattern) || t.regex.flags.includes('s'))
            .forEach(t => out.push(file + ': ' + t.value));
        } catch (error) { out.push(file + ': ' + error.message); }
      }
      console.log(JSON.stringify(out));"""
    result = subprocess.run(["node", "-e", script, str(esprima), NEWER_REGEX, *checked],
                            capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == []
    assert len(checked) >= 4
