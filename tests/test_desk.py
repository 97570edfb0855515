"""The editors' desk (plugins/desk) without a browser: the vendored CMS is
the pinned package's bytes; its configuration is generated from the
settings and plugins.core.rules (a new category needs no other edit); the
date form is the checker's; /quan-tri/ is not part of the public site
(noindex, no sitemap entry, no search index entry, no counter block, no
link, its own CSP on hosts that join headers); bad DESK settings stop the
build naming the key. In Chromium: tests/test_desk_browser.py."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
import shutil
from datetime import datetime
from pathlib import Path

import pytest

import pelicanconf
from plugins import desk, headers
from plugins.core.errors import ContentError
from plugins.core.rules import (
    ALBUM_CAPTIONS_HEADER,
    DESK_ALBUM_FIELD,
    DESK_ALBUM_LABEL,
    EXTRA_HEADERS,
    KNOWN_HEADERS,
    REQUIRED_HEADERS,
    STATUSES,
    expired_value,
    parse_date,
)
from plugins.visit_counter import BLOCK_START
from tests.support import DESK_FOLDER, ROOT, write_files
from tools import vendor_cms
from workflow import load_settings

ARTICLE = """
    Title: Bài thử
    Date: 2025-03-05 08:30
    Author: Ban thông tin
    Category: Tin hoạt động LHH

    Nội dung.
    """


def desk_data(output: Path) -> dict:
    """The configuration block of the built /quan-tri/index.html."""
    page = (output / DESK_FOLDER / "index.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/json" id="desk-settings">(.*?)</script>', page, re.S)
    return json.loads(block.group(1))


def collections(config: dict) -> dict:
    return {c["name"]: c for c in config["collections"]}


def fields(collection: dict) -> dict:
    return {f["name"]: f for f in collection["fields"]}


# --- The CMS, pinned and vendored ------------------------------------------------------
def test_the_vendored_cms_is_the_pinned_packages_bytes():
    manifest = json.loads((desk.VENDOR / "manifest.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    installed = lock["packages"]["node_modules/@sveltia/cms"]["version"]
    assert manifest["version"] == installed == vendor_cms.pinned_version() == "0.221.1"
    node_modules = ROOT / "node_modules"
    vendored = {p.relative_to(desk.VENDOR).as_posix() for p in desk.VENDOR.rglob("*") if p.is_file()}
    assert vendored == {*manifest["files"], "manifest.json"}
    for name, origin in manifest["files"].items():
        installed_bytes = (node_modules / origin).read_bytes()
        assert (desk.VENDOR / name).read_bytes() == vendor_cms.patched(name, installed_bytes), name
        parts = origin.split("/")
        package = "/".join(parts[:2] if parts[0].startswith("@") else parts[:1])  # @sveltia/cms, fflate
        assert lock["packages"][f"node_modules/{package}"]["version"], package  # locked, hence pinned
    # the URLs the CMS imports are mapped to vendored files
    assert set(manifest["imports"].values()) <= set(manifest["files"])
    assert all(url.startswith("https://unpkg.com/") for url in manifest["imports"])


def test_each_patch_of_the_cms_changes_one_place_and_says_why():
    """A patch is the pinned build's text replaced once; the manifest names
    each; a build where its text is not found once (another version) stops
    the vendoring tool instead of shipping the CMS unpatched."""
    manifest = json.loads((desk.VENDOR / "manifest.json").read_text())
    assert manifest["patches"] == {name: [why for *_, why in patches]
                                   for name, patches in vendor_cms.PATCHES.items()}
    installed = (ROOT / "node_modules" / manifest["files"]["sveltia-cms.js"]).read_bytes()
    for old, new, why in vendor_cms.PATCHES["sveltia-cms.js"]:
        assert installed.decode().count(old) == 1 and old != new, why
    vendored = (desk.VENDOR / "sveltia-cms.js").read_bytes()
    assert len(vendored) - len(installed) == sum(len(new) - len(old) for old, new, _ in
                                                 vendor_cms.PATCHES["sveltia-cms.js"])
    for other_version in (installed.replace(b"iX;if(e&&!c4)", b"iX;if(e&&!d4)"), installed * 2):
        with pytest.raises(SystemExit, match="draft backups in local mode.*not once"):
            vendor_cms.patched("sveltia-cms.js", other_version)
    assert vendor_cms.patched("locales/vi.json", b"{}") == b"{}"


def test_the_vendoring_tool_reproduces_the_committed_copy(tmp_path):
    fresh = vendor_cms.vendor(target=tmp_path / "vendor")
    committed = json.loads((desk.VENDOR / "manifest.json").read_text())
    assert fresh == committed
    for name in fresh["files"]:
        assert (tmp_path / "vendor" / name).read_bytes() == (desk.VENDOR / name).read_bytes()


@pytest.mark.parametrize("moved", ["patch", "file"])
def test_a_new_cms_the_tool_stops_on_leaves_the_committed_copy_as_it_was(tmp_path, monkeypatch, moved):
    """After ``npm install @sveltia/cms@NEW`` the tool stops when a patch no
    longer matches or a file moved; the vendored folder it was about to
    replace is still whole (it used to be emptied first: every build then
    stopped with a traceback about vendor/manifest.json)."""
    target = tmp_path / "vendor"
    shutil.copytree(desk.VENDOR, target)
    before = {p.relative_to(target): p.read_bytes() for p in target.rglob("*") if p.is_file()}
    if moved == "patch":
        monkeypatch.setitem(vendor_cms.PATCHES, "sveltia-cms.js", [("no such text", "x", "a fixed bug")])
    else:
        monkeypatch.setitem(vendor_cms.MODULES, "modules/exifr-lite.esm.mjs", ("exifr", "dist/gone.mjs"))
    with pytest.raises(SystemExit, match="a fixed bug" if moved == "patch" else "gone.mjs"):
        vendor_cms.vendor(target=target)
    assert {p.relative_to(target): p.read_bytes() for p in target.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vendor"]


# --- One source of truth ------------------------------------------------------------------
@pytest.fixture(scope="module")
def settings():
    return load_settings(ROOT / "pelicanconf.py")


def generated(settings, **overrides) -> dict:
    merged = {**settings, **overrides}
    merged["DESK"] = desk.load_config(merged["DESK"])
    return desk.cms_config(merged)


def test_every_known_header_is_a_field_of_every_collection_required_as_the_rules_say(settings):
    kinds = {desk.COLLECTIONS[kind]["name"]: kind for kind in desk.COLLECTIONS}
    for name, collection in collections(generated(settings)).items():
        if name == desk.inbox_collection(settings)["name"]:
            continue  # the Word inbox: requests, not content files (below)
        kind = kinds[name]
        by_name = fields(collection)
        # after the body: an article's album (its upload, no header; its folder; its captions)
        after = ["body", *(["album_photos", "album", "album_captions"] if kind == "article" else [])]
        assert list(by_name)[-len(after):] == after
        assert set(by_name) == {key.lower() for key in (*KNOWN_HEADERS, *EXTRA_HEADERS.get(kind, ()))} | {*after}
        required = {n for n, f in by_name.items() if f.get("required")}
        assert required == {key.lower() for key in REQUIRED_HEADERS[kind]}, name
        shown = [n for n, f in by_name.items() if f["widget"] != "hidden" and n not in after]
        assert shown == [key.lower() for key in desk.SHOWN[kind]]
        assert collection["format"] == "pelican" and "extension" not in collection


def test_choices_defaults_and_limits_come_from_the_settings(settings):
    article = fields(collections(generated(settings))["bai-viet"])
    assert article["category"]["options"] == settings["CATEGORIES"]
    assert article["author"]["default"] == settings["AUTHOR"]
    assert article["summary"]["maxlength"] == settings["SUMMARY_MAX_CHARS"]
    assert [o["value"] for o in article["status"]["options"]] == list(STATUSES)
    other = generated(settings, AUTHOR="Văn phòng", SUMMARY_MAX_CHARS=120)
    article = fields(collections(other)["bai-viet"])
    assert (article["author"]["default"], article["summary"]["maxlength"]) == ("Văn phòng", 120)


def test_the_kinds_whose_address_keeps_an_old_one_follow_the_url_settings(settings):
    """desk.js keeps a changed Slug (a document's: Number) in Old_slug for
    the kinds whose address is made from it (a question's: its anchor on
    Hỏi & đáp), with the old year too where the address holds the year
    (DOCUMENT_URL)."""
    kinds = desk.desk_settings(settings, "0")
    assert (kinds["oldSlugKinds"], kinds["datedKinds"]) == (["article", "page", "document", "faq"], ["document"])
    dated = desk.desk_settings({**settings, "ARTICLE_URL": "{date:%Y}/{slug}/",
                                "DOCUMENT_URL": "van-ban/{date:%Y}/{date:%m}/{slug}/"}, "0")
    assert dated["datedKinds"] == ["article"]  # a month too: not a year alone


# A document's attachments and a Word file: a scan or a report with phone
# photos runs past the photos' 10 MB (the field's library replaces the
# top-level one, so it names the file names' rule again).
FILE_LIBRARY = {"config": {"max_file_size": 50_000_000, "slugify_filename": True}}


def test_uploads_are_limited_photos_to_10_mb_files_to_50_mb(settings):
    config = generated(settings)
    assert config["media_libraries"]["default"]["config"]["max_file_size"] == 10_000_000
    limited = {(collection["name"], f["name"]): f["media_library"]["config"]["max_file_size"]
               for collection in config["collections"] for f in collection["fields"] if "media_library" in f}
    assert limited == {("van-ban", "files"): 50_000_000, ("nhap-word", "file"): 50_000_000}
    other = generated(settings, DESK={**settings["DESK"], "max_file_bytes": 20_000_000})
    assert fields(collections(other)["van-ban"])["files"]["media_library"]["config"]["max_file_size"] == 20_000_000


def test_documents_are_a_collection_with_the_libraries_choices(settings):
    """Văn bản (plugins.documents) from the desk: content/van-ban/<year>/,
    the file named by the number, Kind and Group chosen from the settings,
    the attachments uploaded beside the document."""
    document = collections(generated(settings))["van-ban"]
    assert (document["folder"], document["path"]) == ("content/van-ban", "{{year}}/{{slug}}")
    assert document["slug"] == "{{fields.number}}"
    by_name = fields(document)
    assert by_name["kind"]["widget"] == "select" and by_name["kind"]["options"] == settings["DOCUMENT_KINDS"]
    assert by_name["group"]["options"] == settings["DOCUMENTS"]["groups"] and not by_name["group"]["required"]
    assert by_name["files"] | {"hint": ""} == {
        "name": "files", "label": "Tệp đính kèm", "widget": "file", "multiple": True, "choose_url": False,
        "required": False, "media_folder": "/content/van-ban/{{year}}", "public_folder": "/van-ban/{{year}}",
        "hint": "", "media_library": FILE_LIBRARY}
    assert settings["UNION"]["name"] in by_name["issuer"]["hint"]
    # A correction re-issued under its number: the date it was replaced,
    # which the page, the feed and the sitemap show (it had no field).
    assert (by_name["modified"]["widget"], by_name["modified"]["label"]) == ("datetime", "Ngày cập nhật")
    assert "ban hành lại cùng số" in by_name["modified"]["hint"]
    # A document no longer in force: the replacing number, and «có» or the
    # day, which the pattern takes exactly as the build reads them
    # (rules.expired_value; the messages name these labels).
    assert (by_name["replaced_by"]["label"], by_name["expired"]["label"]) == (
        "Được thay thế bởi văn bản số", "Hết hiệu lực")
    pattern = re.compile(by_name["expired"]["pattern"][0])
    for typed in ("", "có", "Có", "2026-03-01", "1/3/2026", "hết", "2026-3-1"):
        try:
            read = expired_value(typed) is not None
        except ContentError:
            read = False
        assert bool(pattern.match(typed)) == read, typed
    other = generated(settings, DOCUMENT_KINDS=["Nghị quyết"], DOCUMENTS={"groups": ["Văn bản hội"]})
    by_name = fields(collections(other)["van-ban"])
    assert (by_name["kind"]["options"], by_name["group"]["options"]) == (["Nghị quyết"], ["Văn bản hội"])


def test_a_documents_default_issuer_follows_the_unions_former_names(settings):
    """After the union's rename (DOCUMENTS["former_issuers"]), the site
    credits a document dated before it to the old name; the desk's hint
    and preview said the new one, so an editor carrying old documents over
    was told the wrong issuer (the preview's choice: test_desk_browser)."""
    old = "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Thái Bình"
    renamed = {**settings, "UNION": {**settings["UNION"], "name": "Liên hiệp các Hội KH&KT tỉnh Hưng Yên"},
               "DOCUMENTS": {**settings.get("DOCUMENTS", {}), "former_issuers": [("2025-12-24", old)]}}
    hint = fields(collections(generated(renamed))["van-ban"])["issuer"]["hint"]
    assert hint == f"Để trống: Liên hiệp các Hội KH&KT tỉnh Hưng Yên (văn bản trước ngày 24/12/2025: {old})."
    assert desk.desk_settings(renamed, "0")["formerIssuers"] == [["2025-12-24", old]]



def test_an_articles_album_photos_are_uploaded_into_a_folder_of_its_own(settings):
    """Album ảnh from the desk: the photos go to content/images/album/<the
    file's slug>/ (desk.js writes that folder as the Album: header); the
    Album: header is a field of its own, shown after them (emptied, the
    album leaves the article: the album errors name it); the captions are
    rows (file name, caption) desk.js writes as Album_captions:."""
    article = fields(collections(generated(settings))["bai-viet"])
    assert (article["album"]["widget"], article["album"]["label"]) == ("string", DESK_ALBUM_LABEL)
    assert not article["album"]["required"] and DESK_ALBUM_LABEL in DESK_ALBUM_FIELD
    assert article["album_photos"] | {"hint": ""} == {
        "name": "album_photos", "label": "Album ảnh", "widget": "image", "multiple": True, "choose_url": False,
        "required": False, "media_folder": "/content/images/album/{{slug}}",
        "public_folder": "/images/album/{{slug}}", "hint": ""}
    assert article["album_captions"]["widget"] == "list"
    assert [f["name"] for f in article["album_captions"]["fields"]] == ["file", "caption"]
    assert ALBUM_CAPTIONS_HEADER.lower() == "album_captions"  # the header desk.js writes it to
    assert all("album_photos" not in fields(collection) and "album_captions" not in fields(collection)
               for name, collection in collections(generated(settings)).items() if name != "bai-viet")


def test_a_new_category_reaches_the_desk_with_no_other_edit(make_site):
    categories = [*pelicanconf.CATEGORIES, "Khoa học – Công nghệ"]
    site = make_site({"2025/bai-thu.md": ARTICLE}, CATEGORIES=categories)
    config = desk_data(site.output)["config"]
    article = collections(config)["bai-viet"]
    assert fields(article)["category"]["options"] == categories
    # the articles collection lists exactly the files of those categories
    assert article["filter"] == {"field": "category", "value": categories}


def test_the_date_form_is_the_one_the_checker_reads():
    # the CMS's dayjs tokens, translated to strftime, write what parse_date reads
    strftime = desk.DATETIME_FORMAT.replace("YYYY", "%Y").replace("MM", "%m").replace("DD", "%d") \
        .replace("HH", "%H").replace("mm", "%M")
    when = datetime(2025, 3, 5, 8, 30)
    assert parse_date(when.strftime(strftime)) == when


def test_collections_keep_pages_and_questions_apart(settings):
    by_name = collections(generated(settings))
    assert by_name["bai-viet"]["folder"] == "content" and by_name["bai-viet"]["path"] == "{{year}}/{{slug}}"
    assert by_name["trang"]["folder"] == "content/pages"
    assert by_name["hoi-dap"]["folder"] == "content/hoi-dap"
    # A question can be kept back or hidden from the desk (it had no Status).
    status = fields(by_name["hoi-dap"])["status"]
    assert status["widget"] == "select" and {o["value"] for o in status["options"]} >= {"draft", "hidden"}
    # photos: the year's folder, named /images/… (desk.js writes {static}/images/…)
    assert by_name["bai-viet"]["media_folder"] == "/content/images/{{year}}"
    assert by_name["bai-viet"]["public_folder"] == "/images/{{year}}"


def test_the_word_inbox_writes_the_requests_the_import_reads(settings, tmp_path):
    """The inbox collection's entries are the JSON requests
    ``workflow.import_docx.inbox_requests`` reads, in IMPORT_DOCX's folder,
    with the .docx beside them; its categories are CATEGORIES."""
    from workflow.import_docx import inbox_requests

    inbox = collections(generated(settings, IMPORT_DOCX={"inbox": "hop-thu-word"}))["hop-thu-word"]
    assert (inbox["folder"], inbox["format"], inbox["extension"]) == ("hop-thu-word", "json", "json")
    assert (inbox["media_folder"], inbox["public_folder"]) == ("", "")  # beside the request
    by_name = fields(inbox)
    assert by_name["category"]["options"] == settings["CATEGORIES"]
    assert by_name["file"]["required"] and not by_name["date"].get("required")
    assert by_name["file"]["media_library"] == FILE_LIBRARY
    # what the CMS writes for this form (public_folder "": the file's name, or a path)
    folder = tmp_path / "hop-thu-word"
    folder.mkdir()
    (folder / "bao-cao.docx").write_bytes(b"PK")
    entry = {"file": "/bao-cao.docx", "category": settings["CATEGORIES"][1], "tags": ["Hội thảo", "Nông nghiệp"],
             "date": "2025-03-05 08:30"}
    assert set(entry) == set(by_name)
    (folder / "20250305-083000.json").write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
    [request] = inbox_requests(folder)
    assert request.document == folder / "bao-cao.docx"
    assert (request.category, request.tags, request.date) == (entry["category"], "Hội thảo, Nông nghiệp",
                                                             "2025-03-05 08:30")


def test_a_bad_inbox_setting_stops_the_build_naming_it(settings, caplog):
    with pytest.raises((RuntimeError, ContentError)):  # RuntimeError: Pelican's fatal logging
        generated(settings, IMPORT_DOCX={"inbox": "../ngoai"})
    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == [
        "IMPORT_DOCX['inbox'] phải là một thư mục trong dự án, ví dụ «nhap-word»"]


# --- Not part of the public site ---------------------------------------------------------
def test_the_desk_is_not_indexed_counted_listed_or_linked(site):
    page = site.output / DESK_FOLDER / "index.html"
    html = page.read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert BLOCK_START not in html and "counter.js" not in html
    assert f"/{DESK_FOLDER}/" not in (site.output / "sitemap.xml").read_text(encoding="utf-8")
    for fragment in (site.output / "pagefind" / "fragment").iterdir():
        assert DESK_FOLDER not in gzip.decompress(fragment.read_bytes()).decode("utf-8", "replace")
    for path in site.html_files():
        assert DESK_FOLDER not in path.read_text(encoding="utf-8"), path
    # the preview stylesheet is the site's, with its content-hashed name
    data = desk_data(site.output)
    assert (site.output / data["desk"]["previewStyle"].split("/", 3)[-1]).is_file()
    assert headers.HASHED.search(data["desk"]["previewStyle"])


def rules_for(text: str, path: str) -> list[tuple[str, dict]]:
    """The _headers rules a host applies to `path` (every matching one)."""
    rules, current = [], None
    for line in text.splitlines():
        if line.startswith("/"):
            current = (line, {})
            rules.append(current)
        elif line.startswith("  ") and current:
            name, _, value = line.strip().partition(": ")
            current[1][name] = value
    return [(p, v) for p, v in rules if re.fullmatch(re.escape(p).replace(r"\*", ".*"), path)]


def test_the_desk_has_its_own_policy_and_the_public_one_never_joins_it(site):
    text = (site.output / "_headers").read_text(encoding="utf-8")
    own = desk.content_security_policy()
    for path in (f"/{DESK_FOLDER}/", f"/{DESK_FOLDER}/index.html", f"/{DESK_FOLDER}/vendor/sveltia-cms.js"):
        policies = [v["Content-Security-Policy"] for _, v in rules_for(text, path) if "Content-Security-Policy" in v]
        assert policies == [own], path
    robots = [v["X-Robots-Tag"] for _, v in rules_for(text, f"/{DESK_FOLDER}/") if "X-Robots-Tag" in v]
    assert robots == ["noindex, nofollow"]
    public = headers.content_security_policy(headers.counter_origins(site_settings()["VISIT_COUNTER"]))
    for path in ("/", "/index.html", "/bai-viet/x/", "/theme/css/a.css", "/pagefind/pagefind.js", "/404.html"):
        policies = [v["Content-Security-Policy"] for _, v in rules_for(text, path) if "Content-Security-Policy" in v]
        assert policies == [public], path
    # the <meta> policy is the header's, less frame-ancestors (ignored in a <meta>)
    html = (site.output / DESK_FOLDER / "index.html").read_text(encoding="utf-8")
    meta = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert meta.replace("&#x27;", "'") == own.replace("; frame-ancestors 'none'", "")
    directives = {d.split()[0]: d.split()[1:] for d in own.split("; ")}
    assert directives["script-src"][0] == "'self'" and "'unsafe-eval'" not in own
    assert directives["connect-src"] == ["'self'", "blob:", "data:", "https://api.github.com"]


def site_settings() -> dict:
    return load_settings(ROOT / "publishconf.py")


def test_the_import_map_is_allowed_by_its_hash_only(site):
    html = (site.output / DESK_FOLDER / "index.html").read_text(encoding="utf-8")
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", html, re.S)
    assert [attributes for attributes, _ in inline] == [' type="application/json" id="desk-settings"',
                                                       ' type="importmap"']
    digest = base64.b64encode(hashlib.sha256(inline[1][1].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in desk.content_security_policy()
    for url, target in json.loads(inline[1][1])["imports"].items():
        assert (site.output / DESK_FOLDER / target).is_file(), url


# --- Settings ---------------------------------------------------------------------------
@pytest.mark.parametrize("value, message", [
    ({"colour": "red"}, "DESK: khoá lạ «colour»"),
    ({"repo": "chỉ-một-phần"}, "DESK['repo'] «chỉ-một-phần» phải có dạng «chủ/kho»"),
    ({"path": "quan/tri"}, "DESK['path'] phải là tên một thư mục"),
    ({"publish_mode": "ngay"}, "DESK['publish_mode'] phải là một trong editorial_workflow, simple"),
    ({"enabled": "yes"}, "DESK['enabled'] phải là True hoặc False"),
    ({"max_file_bytes": 0}, "DESK['max_file_bytes'] phải là một số byte từ 1 đến 104857600 (GitHub không "
                            "nhận tệp lớn hơn 100 MB)"),
    ({"max_photo_bytes": 200_000_000}, "DESK['max_photo_bytes'] phải là một số byte từ 1 đến 104857600"),
    ({"max_file_bytes": "50 MB"}, "DESK['max_file_bytes'] phải là một số nguyên"),
])
def test_bad_settings_are_named(value, message):
    with pytest.raises(desk.DeskError, match=re.escape(message)):
        desk.load_config(value)


def test_the_desk_path_must_be_reserved(make_site, caplog):
    with pytest.raises(Exception):  # noqa: B017  the build stops (ContentError after the message)
        make_site({"2025/bai-thu.md": ARTICLE}, RESERVED_PATHS=[])
    assert "DESK['path'] «quan-tri» phải có trong RESERVED_PATHS" in caplog.text


def test_disabled_desk_writes_nothing(tmp_path):
    from tests.support import SMALL_SITE, build_in_process

    write_files(tmp_path / "content", {"2025/bai-thu.md": ARTICLE})
    site = build_in_process(tmp_path / "content", tmp_path / "output", DESK={"enabled": False},
                            **SMALL_SITE)
    assert not (site.output / DESK_FOLDER).exists()
    text = (site.output / "_headers").read_text(encoding="utf-8")
    assert text.splitlines()[2].startswith("  Content-Security-Policy:")  # on /*, as before the desk


ALT_CASES = [
    ("Đoạn văn không có ảnh.", True),
    ("![Đại biểu dự hội thảo]({static}/images/2025/a.jpg)", True),
    ("![]({static}/images/2025/a.jpg)", False),
    ("![ ]({static}/images/2025/a.jpg)", False),
    ('<img src="a.jpg" alt="Toàn cảnh hội thảo">', True),
    ("<img src='a.jpg' alt='Toàn cảnh hội thảo'>", True),
    ('<img src="a.jpg">', False),
    ('<img src="a.jpg" alt="">', False),
    ("<img src='a.jpg' alt=''>", False),
    ('<figure>\n<img src="a.jpg" alt="Ảnh">\n</figure>\n\n<img src="b.jpg">', False),
]


def test_the_desk_refuses_a_photo_without_alt_text_as_the_checker_does():
    """The body's save check (a pattern the CMS runs in the browser, so in
    JavaScript's regex engine: run here by Node) passes a body exactly when
    every photo has alt text, in Markdown or HTML, either quote."""
    import subprocess

    script = ("const p = new RegExp(process.argv[1]);"
              "console.log(JSON.stringify(JSON.parse(process.argv[2]).map(t => p.test(t))))")
    result = subprocess.run(["node", "-e", script, desk.NO_MISSING_ALT, json.dumps([c for c, _ in ALT_CASES])],
                            capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == [ok for _, ok in ALT_CASES]


def leaves(tree: dict, out: dict) -> dict:
    for key, value in tree.items():
        leaves(value, out) if isinstance(value, dict) else out.__setitem__(key, value)
    return out


def test_every_phrase_of_the_cms_is_in_vietnamese():
    """The CMS's English strings (its built-in locale in the vendored
    bundle) each have a Vietnamese one, from the vendored vi.json or ours
    (desk.locale_strings): the sign-in box said the token needs pull
    requests in English, and the Library's folders (New Folder, Folder
    created., Back to Parent Folder…) were English throughout."""
    bundle = (desk.VENDOR / "sveltia-cms.js").read_text(encoding="utf-8")
    end = bundle.index("new_folder:`New Folder`")
    start = bundle.rindex("cancel:`Cancel`", 0, end)  # the English locale object
    english = dict(re.findall(r"([a-z_0-9]+):`([^`]*)`", bundle[start:end + 60000]))
    vietnamese = leaves(json.loads((desk.VENDOR / "locales" / "vi.json").read_text(encoding="utf-8")), {})
    leaves(desk.locale_strings(), vietnamese)
    missing = sorted(key for key, text in english.items() if " " in text and key not in vietnamese)
    assert missing == []


def test_an_articles_status_hint_says_a_hidden_article_is_still_read_by_its_link(settings):
    """An editor withdrawing a published article (a wrong name, a photo
    someone asked to remove) chose «Ẩn (không liệt kê)», the only choice
    that sounded like it: the hint spoke of «Đăng» and «Bản nháp» only, and
    the page stayed open to everyone with the link shared on Zalo. The hint
    says what Ẩn leaves and which choice takes the article down."""
    status = fields(collections(generated(settings))["bai-viet"])["status"]
    assert "Ẩn (không liệt kê)" in [option["label"] for option in status["options"]]
    assert "«Ẩn (không liệt kê)»" in status["hint"] and "vẫn đọc được" in status["hint"]
    assert "gỡ hẳn bài đã đăng, chọn «Bản nháp»" in status["hint"]
    # A hidden Hỏi & đáp question is not on the site at all: its hint is not this one.
    assert "vẫn đọc được" not in fields(collections(generated(settings))["hoi-dap"])["status"]["hint"]


def test_the_editors_guide_names_only_what_the_desk_and_site_show(settings):
    """README «Dành cho biên tập viên» is read by office staff: every field,
    button, box, column or section it names (ô, nút, hộp, cột, nhóm, nhãn,
    mục …) is a string the desk or the site shows, or a heading or bold
    paragraph of the README itself; and it names no code: the error table
    sent editors to `rules.VAGUE_LINK_WORDS` for the words a link should
    not be, Hỏi & đáp to `theme/static/js/faq.js`. GitHub's and Google's
    own buttons are not ours to check."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("\n## Dành cho biên tập viên\n")
    section = readme[start:readme.index("\n## ", start + 1)]
    shown = "\n".join([
        json.dumps(generated(settings), ensure_ascii=False),
        *(path.read_text(encoding="utf-8") for path in
          [ROOT / "plugins/desk/vendor/locales/vi.json", ROOT / "plugins/desk/static/desk.js",
           *sorted((ROOT / "theme/templates").glob("*.html"))]),
    ])
    own = {line.lstrip("#").strip() for line in readme.splitlines() if line.startswith("#")}
    own |= {name.strip().rstrip(".") for name in re.findall(r"^\*\*([^*]+)\*\*", readme, re.MULTILINE)}
    theirs = {"Files changed", "Resolve conflicts", "Chia sẻ", "…"}
    # «thư mục «2026/»» is a folder, not a section of the desk.
    named = re.findall(r"\b(ô|nút|hộp|cột|nhóm|nhãn|(?<!thư )mục)\s+(?:\*\*?|«)([^*»\n]+)(?:\*\*?|»)", section)
    assert len(named) > 20
    assert [f"{kind} {name}" for kind, name in named
            if name not in theirs and name not in shown and not (kind == "mục" and name in own)] == []
    code = [c for c in re.findall(r"`([^`\n]+)`", section)
            if re.search(r"(^|[\s(])(rules|photos|desk|plugins|theme|workflow|tools|tests)[./]\w|\.(js|py)\b", c)]
    assert code == []
