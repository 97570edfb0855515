"""Visit counter: the pure stamping function, the settings check, and built
sites (every HTML page exactly one block, feeds and sitemaps none).
Browser behaviour is in test_visit_counter_browser.py."""

from __future__ import annotations

import gzip
import os
import re
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

from plugins.core.errors import ContentError
from plugins.visit_counter import (
    BLOCK_START,
    SLOT,
    SettingsError,
    load_config,
    page_path,
    render_block,
    stamp,
)
from tests.support import (
    CONTENT,
    ROOT,
    Site,
    build_in_process,
    built_once,
    categories_line,
    run_pelican,
    sample_files,
    settings_file,
    write_files,
)

GOAT = {"provider": "goatcounter", "endpoint": "https://thu-nghiem.goatcounter.com"}
SCRIPT = "/theme/js/counter.js"
HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)>&amp;'


def block(config=GOAT, path="/bai-viet/x/", page_count=False) -> str:
    return render_block(load_config(config), path, SCRIPT, page_count=page_count)


def blocks_in(html: str) -> list:
    return BeautifulSoup(html, "lxml").select("[data-visit-counter]")


# --- The pure stamping function ------------------------------------------------------
PAGES = {
    "slot in the sidebar": (
        f"<html><body><main>x</main><aside><section>{SLOT}</section></aside></body></html>",
        f"<section>{SLOT}" + "{block}</section>",
    ),
    "no slot": ("<html><body><main>x</main></body></html>", "</main>{block}</body>"),
    "upper-case body tag": ("<HTML><BODY><p>x</p></BODY></HTML>", "<p>x</p>{block}</BODY>"),
    "</body> quoted in the page, then the real one": (
        "<html><body><pre>&lt;/body&gt;</pre><!-- </body> --></body></html>",
        "<!-- </body> -->{block}</body>",
    ),
    "no body at all": ("<p>fragment</p>", "<p>fragment</p>{block}"),
    "two slots: the first wins": (
        f"<body><div>{SLOT}</div><div>{SLOT}</div></body>", f"<div>{SLOT}" + "{block}</div><div>",
    ),
}


@pytest.mark.parametrize("name", PAGES)
def test_stamp_places_one_block_in_the_slot_else_before_body_end(name):
    html, expected = PAGES[name]
    stamped = stamp(html, block())
    assert expected.format(block=block()) in stamped
    assert stamped.count(BLOCK_START) == 1


@pytest.mark.parametrize("name", PAGES)
def test_stamp_is_idempotent_and_replaces_an_old_block(name):
    html, _ = PAGES[name]
    once = stamp(html, block())
    assert stamp(once, block()) == once
    other = block({**GOAT, "endpoint": "https://khac.goatcounter.com", "label": "Lượt xem"})
    restamped = stamp(once, other)
    assert restamped == stamp(html, other)
    assert restamped.count(BLOCK_START) == 1 and "thu-nghiem" not in restamped


@pytest.mark.parametrize("name", PAGES)
def test_stamp_with_no_block_removes_the_old_one(name):
    html, _ = PAGES[name]
    assert stamp(stamp(html, block()), "") == html
    assert block({"provider": "none"}) == ""


@pytest.mark.parametrize("key", ["label", "article_label", "path"])
def test_hostile_setting_values_are_escaped(key):
    config = {**GOAT, "article_count": True}
    path = "/bai-viet/x/"
    if key == "path":
        path = HOSTILE
    else:
        config[key] = HOSTILE
    html = stamp("<body></body>", render_block(load_config(config), path, SCRIPT, page_count=True))
    soup = BeautifulSoup(html, "lxml")
    assert [s.get("src") for s in soup.find_all("script")] == [SCRIPT]
    pixel = BeautifulSoup(soup.find("noscript").decode_contents(), "lxml")
    assert not soup.select("[onerror]") and not pixel.select("[onerror]")
    box = soup.select_one("[data-visit-counter]")
    if key == "path":
        assert box["data-vc-path"] == HOSTILE
        assert [img["src"] for img in pixel.find_all("img")] == [
            "https://thu-nghiem.goatcounter.com/count?p=" + quote(HOSTILE, safe="/")
        ]
    else:
        label = {"label": ".visit-counter__total", "article_label": ".visit-counter__page"}[key]
        assert box.select_one(label).get_text().startswith(HOSTILE + ":")


def test_block_carries_its_configuration_in_data_attributes_only():
    html = block({**GOAT, "timeout": 2.5, "article_count": True}, page_count=True)
    soup = BeautifulSoup(html, "lxml")
    box = soup.select_one("[data-visit-counter]")
    assert box.has_attr("hidden")
    assert {k: v for k, v in box.attrs.items() if k.startswith("data-vc-")} == {
        "data-vc-path": "/bai-viet/x/",
        "data-vc-hit": "https://thu-nghiem.goatcounter.com/count",
        "data-vc-total": "https://thu-nghiem.goatcounter.com/counter/TOTAL.json",
        "data-vc-page": "https://thu-nghiem.goatcounter.com/counter/{path}.json",
        "data-vc-timeout": "2500",
    }
    assert not soup.select("[style]") and not soup.find("style")
    assert not any(a.startswith("on") for tag in soup.find_all(True) for a in tag.attrs)
    script = soup.find("script")
    assert script.has_attr("defer") and script["src"] == SCRIPT and not script.string
    noscript = BeautifulSoup(soup.find("noscript").decode_contents(), "lxml").find("img")
    assert noscript["src"] == "https://thu-nghiem.goatcounter.com/count?p=/bai-viet/x/"
    assert noscript["alt"] == ""


@pytest.mark.parametrize("allow_local, attributes", [(False, []), (True, ["1"])])
def test_counting_on_local_addresses_is_said_only_when_allowed(allow_local, attributes):
    """GoatCounter's allow_local, for the live preview: off unless set."""
    config = {**GOAT, "allow_local": allow_local}
    box = blocks_in(block(config))[0]
    assert [box[name] for name in box.attrs if name == "data-vc-allow-local"] == attributes


def test_privacy_link_only_when_given_and_escaped():
    assert "visit-counter__privacy" not in block()
    html = render_block(load_config(GOAT), "/", SCRIPT, privacy_url=HOSTILE)
    links = BeautifulSoup(html, "lxml").select(".visit-counter__privacy a")
    assert [(a["href"], a.get_text()) for a in links] == [(HOSTILE, "Quyền riêng tư")]


def test_json_provider_uses_its_own_urls():
    config = {"provider": "json", "hit_url": "https://dem.example.org/hit?site=lhh",
              "count_url": "https://dem.example.org/total.json"}
    box = blocks_in(block(config))[0]
    assert box["data-vc-hit"] == config["hit_url"]
    assert box["data-vc-total"] == config["count_url"]
    assert "data-vc-page" not in box.attrs
    assert "https://dem.example.org/hit?site=lhh&amp;p=/bai-viet/x/" in block(config)


@pytest.mark.parametrize("relative, path", [
    ("index.html", "/"),
    ("bai-viet/x/index.html", "/bai-viet/x/"),
    ("trang/2/index.html", "/trang/2/"),
    ("404.html", "/404.html"),
    ("chuyen-muc\\tin\\index.html", "/chuyen-muc/tin/"),
])
def test_page_path_is_the_url_path_of_the_output_file(relative, path):
    assert page_path(relative) == path


# --- Settings ----------------------------------------------------------------------------
@pytest.mark.parametrize("value, expected", [
    (None, {"provider": "none", "hit": "", "timeout": 5, "label": "Số lượt truy cập"}),
    ({"provider": "none"}, {"provider": "none", "article_count": False}),
    ({"provider": "goatcounter", "endpoint": "https://abc.goatcounter.com/"},
     {"endpoint": "https://abc.goatcounter.com", "hit": "https://abc.goatcounter.com/count",
      "origin": "https://abc.goatcounter.com"}),
    ({"provider": "goatcounter", "endpoint": "http://stats.example.org:8081/gc"},
     {"total": "http://stats.example.org:8081/gc/counter/TOTAL.json",
      "origin": "http://stats.example.org:8081"}),
    # A path on the site's own host: the live preview's endpoint (pelicanconf.py).
    ({"provider": "goatcounter", "endpoint": "/__preview/goatcounter/", "allow_local": True},
     {"endpoint": "/__preview/goatcounter", "hit": "/__preview/goatcounter/count",
      "total": "/__preview/goatcounter/counter/TOTAL.json", "origin": "", "allow_local": True}),
    ({"provider": "json", "hit_url": "https://c.example.org/hit", "count_url": "https://d.example.org/n",
      "page_count_url": "https://d.example.org/n?path={path}", "timeout": 0.5},
     {"hit": "https://c.example.org/hit", "page": "https://d.example.org/n?path={path}",
      "origin": "https://d.example.org", "timeout": 0.5}),
])
def test_settings_merge_over_documented_defaults(value, expected):
    config = load_config(value)
    assert {key: config[key] for key in expected} == expected
    assert load_config(config) == config


BAD_SETTINGS = [
    (["none"], "VISIT_COUNTER phải là một dict"),
    ({"provider": "none", "endpoit": "https://x.goatcounter.com"}, "khoá lạ «endpoit»"),
    ({"provider": "goatcouter"}, "VISIT_COUNTER['provider']"),
    ({"provider": "goatcounter"}, "VISIT_COUNTER['endpoint'] là bắt buộc"),
    ({"provider": "goatcounter", "endpoint": 42}, "VISIT_COUNTER['endpoint'] phải là chuỗi"),
    ({"provider": "goatcounter", "endpoint": "abc.goatcounter.com"}, "VISIT_COUNTER['endpoint']: «abc"),
    ({"provider": "goatcounter", "endpoint": "ftp://abc.goatcounter.com"}, "VISIT_COUNTER['endpoint']: «ftp"),
    ({"provider": "goatcounter", "endpoint": "https://"}, "VISIT_COUNTER['endpoint']: «https://»"),
    ({"provider": "goatcounter", "endpoint": 'https://a.com/"onload="x'}, "VISIT_COUNTER['endpoint']: «"),
    ({"provider": "goatcounter", "endpoint": "https://a.com:99999"}, "VISIT_COUNTER['endpoint']: cổng"),
    ({"provider": "goatcounter", "endpoint": "https://user:pw@a.com"}, "VISIT_COUNTER['endpoint']: «"),
    ({"provider": "goatcounter", "endpoint": "https://abc.goatcounter.com/count"},
     "VISIT_COUNTER['endpoint'] là địa chỉ gốc"),
    ({"provider": "json", "hit_url": "https://c.example.org/hit"}, "VISIT_COUNTER['count_url'] là bắt buộc"),
    ({"provider": "json", "hit_url": "https://c.example.org/hit", "count_url": "https://c.example.org/n",
      "page_count_url": "https://c.example.org/p"}, "VISIT_COUNTER['page_count_url'] phải chứa «{path}»"),
    ({"timeout": "5"}, "VISIT_COUNTER['timeout']"),
    ({"timeout": True}, "VISIT_COUNTER['timeout']"),
    ({"timeout": 0}, "VISIT_COUNTER['timeout']"),
    ({"timeout": 120}, "VISIT_COUNTER['timeout']"),
    ({"article_count": "yes"}, "VISIT_COUNTER['article_count']"),
    ({"allow_local": "yes"}, "VISIT_COUNTER['allow_local'] phải là True hoặc False"),
    ({"provider": "goatcounter", "endpoint": "//khac.example.org/gc"}, "VISIT_COUNTER['endpoint']: «//khac"),
    ({"provider": "goatcounter", "endpoint": "/thong ke"}, "«/thong ke» không phải đường dẫn hợp lệ"),
    ({"provider": "goatcounter", "endpoint": '/gc"><script>'}, "không phải đường dẫn hợp lệ"),
    ({"label": "  "}, "VISIT_COUNTER['label'] không được để trống"),
    ({"label": None}, "VISIT_COUNTER['label'] phải là chuỗi"),
    ({"privacy_page": None}, "VISIT_COUNTER['privacy_page'] phải là chuỗi"),
]


@pytest.mark.parametrize("value, message", BAD_SETTINGS, ids=[m for _, m in BAD_SETTINGS])
def test_bad_settings_are_refused_naming_the_key(value, message):
    with pytest.raises(SettingsError) as error:
        load_config(value)
    assert message in str(error.value)


def test_bad_setting_stops_the_pelican_command(tmp_path):
    settings = settings_file(tmp_path / "settings.py", extra=(
        "VISIT_COUNTER = {'provider': 'goatcounter', 'endpoint': 'https://a.goatcounter.com', 'lable': 'x'}\n"))
    result = run_pelican(CONTENT, tmp_path / "output", settings)
    assert result.returncode != 0
    assert "khoá lạ «lable»" in result.stdout + result.stderr
    assert not list((tmp_path / "output").rglob("*.html"))


# The IT person sets GOATCOUNTER_ENDPOINT (README, «Visit counter») in the
# shell or as a GitHub variable; no settings file holds the address. Each
# mistake stopped the build with «Lỗi cấu hình: VISIT_COUNTER['endpoint'] …
# (sửa trong pelicanconf.py, publishconf.py)»; a leading space was refused as
# an invalid address and an empty variable (`export GOATCOUNTER_ENDPOINT=`)
# as a missing endpoint, where CI's workflow takes an empty one as unset.
ENDPOINT_VARIABLE_MISTAKES = {
    "a trailing /count": ("https://bantinlhh.goatcounter.com/count",
                          "biến môi trường GOATCOUNTER_ENDPOINT là địa chỉ gốc của trang GoatCounter, "
                          "không kèm /count hay tham số: «https://bantinlhh.goatcounter.com/count»"),
    "no https://": ("bantinlhh.goatcounter.com",
                    "biến môi trường GOATCOUNTER_ENDPOINT: «bantinlhh.goatcounter.com» không phải địa chỉ "
                    "http(s) hợp lệ, bắt đầu bằng https://"),
    "a leading space": (" https://bantinlhh.goatcounter.com", "https://bantinlhh.goatcounter.com"),
    "empty": ("", "https://chua-cau-hinh.goatcounter.invalid"),
}


@pytest.mark.parametrize("value, expected", ENDPOINT_VARIABLE_MISTAKES.values(), ids=ENDPOINT_VARIABLE_MISTAKES)
def test_a_mistake_in_goatcounter_endpoint_is_named_as_the_variables(tmp_path, value, expected):
    result = run_pelican(CONTENT, tmp_path / "output", ROOT / "publishconf.py", {"GOATCOUNTER_ENDPOINT": value})
    said = result.stdout + result.stderr
    if not expected.startswith("https://"):
        assert result.returncode != 0, said[-2000:]
        assert f"Lỗi cấu hình: {expected}" in said, said[-2000:]
        assert ("(sửa biến môi trường GOATCOUNTER_ENDPOINT: trong cửa sổ lệnh, "
                "hoặc trên GitHub ở Settings › Secrets and variables › Actions › Variables)") in said
        assert "pelicanconf.py" not in said and "VISIT_COUNTER['endpoint']" not in said
        assert not list((tmp_path / "output").rglob("*.html"))
        return
    # Spaces dropped, an empty variable unset: the build goes on and counts at
    # the address (or warns of the placeholder, as without the variable).
    assert result.returncode == 0, said[-2000:]
    block = BeautifulSoup((tmp_path / "output" / "index.html").read_text(encoding="utf-8"), "lxml") \
        .find(attrs={"data-vc-total": True})
    assert block["data-vc-total"] == f"{expected}/counter/TOTAL.json"
    assert ("chưa được cấu hình" in said) == expected.endswith(".invalid")


def test_script_is_small_and_needs_no_unsafe_csp():
    source = (ROOT / "theme" / "static" / "js" / "counter.js").read_text(encoding="utf-8")
    assert len(gzip.compress(source.encode(), 9)) <= 2048
    for forbidden in ("document.write", "innerHTML", "eval(", "new Function", "console.", "setAttribute('style"):
        assert forbidden not in source


# --- Built sites -----------------------------------------------------------------------
def check_one_block_everywhere(site: Site, endpoint: str, exclude=(), allow_local=False) -> set[str]:
    """Every .html (but `exclude`): exactly one block, in the slot when the
    page has one, at its own path, counting on local addresses only when
    `allow_local`; no feed, sitemap, robots.txt or manifest holds any.
    Returns the URLs."""
    urls = set()
    for path in site.html_files():
        url = site.url_of(path)
        if url in exclude:
            continue
        html = path.read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "lxml")
        boxes = soup.select("[data-visit-counter]")
        assert len(boxes) == 1, f"{url}: {len(boxes)} counter blocks"
        assert html.count(BLOCK_START) == 1, url
        # js/counter.js, or js/counter.HASH.js once the headers plugin fingerprints it.
        scripts = soup.find_all("script", src=re.compile(r"/js/counter(\.[0-9a-f]{10})?\.js$"))
        assert len(scripts) == 1 and scripts[0].has_attr("defer"), url
        assert boxes[0]["data-vc-hit"] == f"{endpoint}/count", url
        assert boxes[0]["data-vc-total"] == f"{endpoint}/counter/TOTAL.json", url
        assert boxes[0]["data-vc-path"] == "/" + url, url
        assert boxes[0].has_attr("data-vc-allow-local") is allow_local, url
        privacy = boxes[0].select_one(".visit-counter__privacy a")
        assert privacy.get_text() == "Quyền riêng tư" and privacy["href"].endswith("/quyen-rieng-tu/"), url
        if SLOT in html:
            assert SLOT + BLOCK_START in html, f"{url}: block is not in the slot"
        urls.add(url)
    others = [p for p in site.output.rglob("*") if p.suffix in (".xml", ".txt", ".webmanifest", ".json")]
    assert any(p.suffix == ".xml" for p in others)  # the feeds at least
    for path in others:
        text = path.read_text(encoding="utf-8")
        assert "visit-counter" not in text and endpoint not in text, path
    return urls


@pytest.fixture(scope="module")
def counted_sample_site(tmp_path_factory) -> Site:
    """Real content plus the test-only articles (every page type, pagination
    too), GoatCounter on, built twice into one folder as a rebuild does."""
    def build(base: Path) -> None:
        content = base / "content"
        shutil.copytree(CONTENT, content)
        # (The Hỏi & đáp items are not pages of their own: left out.)
        write_files(content, {k: v for k, v in sample_files().items() if not k.startswith("hoi-dap/")})
        write_files(content, {"pages/khong-dem.md": "Title: Trang không đếm\nSlug: khong-dem\nCounter: off\n\nNội dung.\n"})
        settings = settings_file(base / "settings.py",
                                 extra=categories_line() + f"VISIT_COUNTER = {GOAT!r}\n")
        for _ in range(2):
            result = run_pelican(content, base / "output", settings)
            assert result.returncode == 0, result.stdout + result.stderr

    return Site(built_once(tmp_path_factory, "counted-sample", build) / "output")


def test_every_html_page_of_every_type_has_exactly_one_block(counted_sample_site):
    urls = check_one_block_everywhere(counted_sample_site, GOAT["endpoint"], exclude={"khong-dem/"})
    patterns = {
        "article": r"^bai-viet/[^/]+/$", "page": r"^gioi-thieu/$", "home": r"^$",
        "home, page 2": r"^trang/2/$", "category": r"^chuyen-muc/[^/]+/$",
        "category, page 2": r"^chuyen-muc/[^/]+/trang/2/$", "tag": r"^the/[^/]+/$",
        "author": r"^tac-gia/[^/]+/$", "archives": r"^luu-tru/$", "404": r"^404\.html$",
    }
    missing = [name for name, pattern in patterns.items() if not any(re.match(pattern, u) for u in urls)]
    assert not missing, f"page types not built: {missing}"


def test_every_page_is_written_once_already_finished(tmp_path):
    """The counter's stamp and the photos' srcset are made as a page is
    rendered (page transforms, plugins/core/written.py), not by reading the
    written file again: the first content_written receiver (connected before
    any plugin's) already reads the finished page, and no page changes
    after it is written."""
    from pelican import signals

    seen: dict[str, bytes] = {}

    def first(path, context=None):
        if str(path).endswith(".html"):
            with open(path, "rb") as file:
                seen[str(path)] = file.read()

    signals.content_written.connect(first)
    site = build_in_process(CONTENT, tmp_path / "output", VISIT_COUNTER=GOAT)
    pages = [path for path in seen if not path.endswith("/404.html")]
    assert len(pages) >= 15  # articles, pages, listings, tags, archives
    assert all(BLOCK_START.encode() in seen[path] for path in pages)
    assert any(b" srcset=" in data for data in seen.values())
    assert not any(b"data-photo=" in data for data in seen.values())  # every photo tag finished
    changed = [path for path in seen if (site.output / path).read_bytes() != seen[path]]
    assert changed == []


def test_counter_off_in_metadata_leaves_that_page_alone(counted_sample_site):
    html = counted_sample_site.text("khong-dem/")
    assert "visit-counter--" not in html and not blocks_in(html)
    assert SLOT in html


@pytest.mark.parametrize("counter", [GOAT, {"provider": "none"}])
def test_bad_counter_metadata_stops_the_build(make_site, caplog, counter):
    """With the counter off the build passed «Counter: tắt», which the
    checker refuses: both refuse it, whatever the provider."""
    with pytest.raises((RuntimeError, SettingsError, ContentError)):
        make_site({"pages/x.md": "Title: X\nSlug: x\nCounter: tắt\n\nNội dung.\n"},
                  VISIT_COUNTER=counter, MENU=[("Trang chủ", "index")])
    assert "pages/x.md:3: «Counter: tắt» không hợp lệ" in caplog.text


def test_published_site_counts_with_goatcounter(site):
    """publishconf.py: GoatCounter on, at GOATCOUNTER_ENDPOINT or the
    placeholder; never on a reader's local or private address."""
    endpoint = (os.environ.get("GOATCOUNTER_ENDPOINT", "").strip()
                or "https://chua-cau-hinh.goatcounter.invalid").rstrip("/")
    urls = check_one_block_everywhere(site, endpoint, allow_local=False)
    assert "" in urls and "404.html" in urls


def test_development_settings_count_at_the_live_preview_only(sample_site):
    """pelicanconf.py: every page counts, as readers will see it, at the live
    preview's own GoatCounter endpoint (a path on its host, so no other host
    is ever asked), on 127.0.0.1 too (allow_local)."""
    from pelican.settings import read_settings

    from workflow.preview import COUNTER_PATH

    assert read_settings(str(ROOT / "pelicanconf.py"))["VISIT_COUNTER"]["endpoint"] == COUNTER_PATH
    urls = check_one_block_everywhere(sample_site, COUNTER_PATH, allow_local=True)
    assert {"", "404.html", "tim-kiem/", "hoi-dap/"} <= urls


def test_privacy_page_says_what_is_and_is_not_recorded(site):
    main = site.soup("quyen-rieng-tu/").find("main")
    text = " ".join(main.get_text(" ").split())
    assert " ".join(main.find("h1").get_text().split()) == "Quyền riêng tư"
    for said in ("Không dùng cookie", "Không lưu địa chỉ IP", "Do Not Track", "Global Privacy Control",
                 "địa chỉ và tiêu đề của trang"):
        assert said in text
    assert main.find("a", string="Liên hệ")["href"].endswith("/lien-he/")


def test_the_placeholder_counter_is_named_to_editors_in_vietnamese(caplog):
    """Every `invoke publish` before the union's GoatCounter site is set
    warns; editors read it, so it is Vietnamese and says who fixes it."""
    import types

    from plugins.visit_counter import check_settings

    settings = {"VISIT_COUNTER": {"provider": "goatcounter", "endpoint": "https://chua-cau-hinh.goatcounter.invalid"}}
    with caplog.at_level("WARNING"):
        check_settings(types.SimpleNamespace(settings=settings))
    [warning] = [r.getMessage() for r in caplog.records]
    assert warning.startswith("VISIT_COUNTER: bộ đếm lượt truy cập chưa được cấu hình (địa chỉ "
                              "https://chua-cau-hinh.goatcounter.invalid chỉ để giữ chỗ)")
    assert "GOATCOUNTER_ENDPOINT" in warning
    caplog.clear()
    settings = {"VISIT_COUNTER": {"provider": "goatcounter", "endpoint": "https://lhh.goatcounter.com"}}
    check_settings(types.SimpleNamespace(settings=settings))
    assert caplog.records == []
