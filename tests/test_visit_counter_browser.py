"""Visit counter in Chromium, against a local GoatCounter stand-in.

The site and the counter live on two host names (site.test, counter.test,
both mapped to 127.0.0.1 with --host-resolver-rules), and the site is
served with a strict Content-Security-Policy header, as on the real host.
Each test gets a fresh browser context (no shared cache) and a reset
stand-in.
"""

from __future__ import annotations

import shutil
import time

import pytest
from playwright.sync_api import expect

from tests.support import CHROMIUM, CHROMIUM_ARGS, CONTENT, build_in_process, serve_folder, write_files
from tests.support.goatcounter_standin import StandIn

pytestmark = pytest.mark.browser

SITE_HOST, COUNTER_HOST = "site.test", "counter.test"
# The client's timeout in this build, seconds, and how long a test waits
# for the total to show (ms): a clean-clone run at load average 6.5 once
# showed no total within 5 s (2026-12-04, the page served from localhost;
# 3 of 3 passed alone), the stand-in's answer later than the 1 s timeout
# then used or than expect's default 5 s.
TIMEOUT = 2
SHOWN = 15_000
ARTICLE = "/bai-viet/hoi-thao-tu-van-phan-bien-phuong-an-phat-trien-cum-cong-nghiep-2021-2030/"
PAGES = {
    "article": ARTICLE,
    "home": "/",
    "category": "/chuyen-muc/tin-hoat-dong-lhh/",
    "404": "/404.html",
}
# What the browser may say on its own about a failed request; anything else
# on the console (and anything at all from our script) fails a test.
NETWORK_MESSAGES = ("Failed to load resource", "blocked by CORS policy", "net::ERR_")
WATCH = """
window.__vc = {csp: [], errors: [], shown: []};
document.addEventListener('securitypolicyviolation',
  e => window.__vc.csp.push(e.violatedDirective + ' ' + e.blockedURI), true);
window.addEventListener('error', e => window.__vc.errors.push(String(e.message)));
window.addEventListener('unhandledrejection', e => window.__vc.errors.push('rejection: ' + e.reason));
window.addEventListener('pageshow', e => window.__vc.shown.push(e.persisted));
"""


@pytest.fixture(scope="module")
def counter():
    with StandIn() as standin:
        yield standin


@pytest.fixture(scope="module")
def counter_url(counter):
    return f"http://{COUNTER_HOST}:{counter.port}"


@pytest.fixture(scope="module")
def built(tmp_path_factory, counter_url):
    """The real content with GoatCounter on at the stand-in, root-relative URLs."""
    base = tmp_path_factory.mktemp("counted-browser")
    content = base / "content"
    shutil.copytree(CONTENT, content)
    site = build_in_process(
        content, base / "output", SITEURL="", RELATIVE_URLS=False,
        VISIT_COUNTER={"provider": "goatcounter", "endpoint": counter_url,
                       "timeout": TIMEOUT, "article_count": True},
    )
    # A page of ours that frames an article (no counter block of its own).
    write_files(site.output, {"khung.html": f'<!DOCTYPE html><title>Khung</title><iframe src="{ARTICLE}"></iframe>'})
    return site


@pytest.fixture(scope="module")
def site_port(built, counter_url):
    csp = (
        "default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self'; "
        f"img-src 'self' {counter_url}; connect-src {counter_url}; "
        "frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'"
    )
    server, url = serve_folder(built.output, {"Content-Security-Policy": csp})
    yield server.server_address[1]
    server.shutdown()


@pytest.fixture(scope="module")
def site_url(site_port):
    return f"http://{SITE_HOST}:{site_port}"


@pytest.fixture(scope="module")
def chromium(playwright, browser_type_launch_args):
    """Chromium that resolves our two test host names to 127.0.0.1, with its
    back/forward cache on (Playwright turns it off by default). The full
    browser, not the headless shell the other browser tests use: the shell
    has no back/forward cache (the restore test skipped there)."""
    rules = f"--host-resolver-rules=MAP {SITE_HOST} 127.0.0.1, MAP {COUNTER_HOST} 127.0.0.1"
    args = [*browser_type_launch_args.get("args", CHROMIUM_ARGS), rules]
    browser = playwright.chromium.launch(**{
        **browser_type_launch_args, "executable_path": CHROMIUM, "args": args,
        "ignore_default_args": ["--disable-back-forward-cache"],
    })
    yield browser
    browser.close()


class Watched:
    """A page and everything it said: console, page errors, CSP violations."""

    def __init__(self, context):
        self.context = context
        self.page = context.new_page()
        self.console = []
        self.page_errors = []
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.page_errors.append(str(e)))

    def report(self, page=None) -> dict:
        state = (page or self.page).evaluate("window.__vc || {}")
        unexpected = [
            (kind, text) for kind, text in self.console
            if kind != "error" or not any(m in text for m in NETWORK_MESSAGES)
        ]
        return {"csp": state.get("csp", []), "errors": state.get("errors", []) + self.page_errors,
                "console": unexpected}

    def assert_clean(self, page=None):
        assert self.report(page) == {"csp": [], "errors": [], "console": []}


@pytest.fixture
def open_page(chromium, counter):
    contexts = []

    def open_(init: str = "", **options) -> Watched:
        context = chromium.new_context(**options)
        context.add_init_script(WATCH + init)
        contexts.append(context)
        return Watched(context)

    counter.reset()
    yield open_
    for context in contexts:
        context.close()
    counter.reset()


def wait_for_hits(counter, number: int, settle: float = 0.5) -> list:
    """The hits once `number` have arrived (5 s at most), after `settle`
    more seconds in which a further one would arrive too."""
    deadline = time.monotonic() + 5
    while len(counter.hits) < number and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(settle)
    return list(counter.hits)


def box(page):
    return page.locator("[data-visit-counter]")


# --- The total, and one hit per view ---------------------------------------------------
@pytest.mark.parametrize("kind", PAGES)
def test_total_shows_the_vietnamese_way_and_counts_one_hit(kind, open_page, counter, site_url):
    counter.page_counts[ARTICLE] = "1\u202f234"
    watched = open_page()
    page = watched.page
    page.goto(site_url + PAGES[kind])
    expect(page.locator("[data-vc-value]")).to_have_text("12.345", timeout=SHOWN)
    expect(box(page)).to_be_visible()
    assert "Số lượt truy cập: 12.345" in " ".join(box(page).inner_text().split())
    expect(box(page).get_by_role("link", name="Quyền riêng tư")).to_have_attribute("href", "/quyen-rieng-tu/")
    # Inside the theme's sidebar slot, not at the end of <body>.
    expect(page.locator(".sidebar [data-visit-counter]")).to_have_count(1)
    expect(page.locator(".widget-counter")).to_be_visible()
    row = page.locator("[data-vc-page-row]")
    if kind == "article":
        expect(row).to_have_text("Lượt xem bài này: 1.234")
    else:
        expect(row).to_have_count(0)
    hits = wait_for_hits(counter, 1)
    assert [(h.path, h.method) for h in hits] == [(PAGES[kind], "POST")]  # sendBeacon
    assert hits[0].params["t"] == page.title() and hits[0].params["b"] in ("0", "153")
    watched.assert_clean()


# --- Failures: the block stays hidden, the page unchanged, nothing thrown or logged -----
FAILURES = ["forbidden", "slow", "not-json", "blocked"]


@pytest.mark.parametrize("failure", FAILURES)
def test_a_failing_counter_leaves_the_block_hidden(failure, open_page, counter, site_url, counter_url):
    watched = open_page()
    page = watched.page
    if failure == "blocked":  # as an ad-blocker does
        watched.context.route(f"{counter_url}/**", lambda route: route.abort("blockedbyclient"))
    else:
        counter.mode = failure
        counter.delay = TIMEOUT + 1.5
    started = time.monotonic()
    page.goto(site_url + ARTICLE)
    if failure == "blocked":
        page.wait_for_timeout(1000)
    else:
        deadline = started + 5
        while not counter.counter_requests and time.monotonic() < deadline:
            time.sleep(0.05)
        assert counter.counter_requests, "the script never asked for the total"
        page.wait_for_timeout(1000 * (counter.delay + 0.5 if failure == "slow" else 0.7))
    expect(box(page)).to_be_hidden()
    expect(page.locator(".widget-counter")).to_be_hidden()  # no empty box either
    # Nor where :has() is unknown (iOS < 15.4): its rule dropped, as they drop it.
    page.evaluate("""() => { for (const sheet of document.styleSheets) for (let i = sheet.cssRules.length - 1;
        i >= 0; i--) if (sheet.cssRules[i].cssText.includes(':has(')) sheet.deleteRule(i); }""")
    assert page.locator(".widget-counter").bounding_box()["height"] == 0
    assert page.locator("[data-vc-value]").text_content() == ""
    assert page.locator("[data-vc-page-value]").text_content() == ""
    hits = wait_for_hits(counter, 0 if failure == "blocked" else 1, settle=0.2)
    assert len(hits) == (0 if failure == "blocked" else 1)
    watched.assert_clean()


def test_a_counter_that_never_answers_does_not_delay_load(open_page, counter, site_url):
    counter.mode = "hang"
    watched = open_page()
    page = watched.page
    page.goto(site_url + ARTICLE, wait_until="load", timeout=10_000)
    load = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventStart")
    assert load < 1500, f"load event after {load:.0f} ms"
    page.wait_for_timeout(TIMEOUT * 1000 + 300)
    expect(box(page)).to_be_hidden()
    watched.assert_clean()


# --- When no visit is counted ------------------------------------------------------------
PRIVACY = {
    "Global Privacy Control": "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true});",
    "Do Not Track": "Object.defineProperty(Navigator.prototype, 'doNotTrack', {get: () => '1'});",
}


@pytest.mark.parametrize("signal", PRIVACY)
def test_privacy_signal_means_no_hit_but_the_total_still_shows(signal, open_page, counter, site_url):
    watched = open_page(PRIVACY[signal])
    page = watched.page
    page.goto(site_url + ARTICLE)
    expect(page.locator("[data-vc-value]")).to_have_text("12.345", timeout=SHOWN)
    assert wait_for_hits(counter, 0, settle=1) == []
    watched.assert_clean()


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_no_hit_when_served_from_a_local_address(host, open_page, counter, site_port):
    watched = open_page()
    page = watched.page
    page.goto(f"http://{host}:{site_port}{ARTICLE}")
    expect(page.locator("[data-vc-value]")).to_have_text("12.345", timeout=SHOWN)
    assert wait_for_hits(counter, 0, settle=1) == []
    watched.assert_clean()


def test_no_hit_inside_a_frame(open_page, counter, site_url):
    watched = open_page()
    page = watched.page
    page.goto(site_url + "/khung.html")
    frame = page.frame_locator("iframe")
    expect(frame.locator("[data-vc-value]")).to_have_text("12.345", timeout=SHOWN)
    assert wait_for_hits(counter, 0, settle=1) == []
    watched.assert_clean(page.frames[1])


def test_back_forward_cache_restore_does_not_count_again(open_page, counter, site_url):
    watched = open_page()
    page = watched.page
    page.goto(site_url + ARTICLE)
    wait_for_hits(counter, 1, settle=0)
    page.goto(site_url + "/")
    wait_for_hits(counter, 2, settle=0)
    page.go_back(wait_until="commit")
    page.wait_for_function("document.readyState === 'complete' && window.__vc.shown.length > 0")
    # A page restored from the cache saw its first pageshow, then this one.
    if page.evaluate("window.__vc.shown") != [False, True]:
        pytest.skip("Chromium did not restore the page from its back/forward cache")
    assert [h.path for h in wait_for_hits(counter, 2, settle=1)] == [ARTICLE, "/"]
    watched.assert_clean()


def test_without_javascript_the_pixel_counts_once(open_page, counter, site_url):
    watched = open_page(java_script_enabled=False)
    page = watched.page
    page.goto(site_url + ARTICLE)
    hits = wait_for_hits(counter, 1)
    assert [(h.path, h.method) for h in hits] == [(ARTICLE, "GET")]
    expect(box(page)).to_be_hidden()
