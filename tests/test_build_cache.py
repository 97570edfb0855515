"""The build cache (plugins/core/build_cache.py, used by parallel_read): a
warm build writes what a cold one writes; a change to the theme, a setting,
our plugins' code, the settings files or the pinned requirements starts a
new key; a corrupt cache is rebuilt without a traceback; an editor's
mistake and warning are reported on every build, warm or cold."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from plugins.core import build_cache
from tests.support import CONTENT, ROOT, build_corpus, build_in_process, built_once, comparable, write_files
from tests.support import GENERATED_ARTICLES as ARTICLES

# An article whose reading warns (a date before CONTENT_RULES' earliest
# year): never stored, so the warning comes on every build.
OLD = {"bench/bai-cu.md": """
    Title: Bài cũ về UBND tỉnh
    Date: 1990-05-01 08:00
    Category: Tin hoạt động LHH
    Author: Ban thông tin
    Summary: Tóm tắt bài cũ.

    Hội nghị của UBND tỉnh -- bài cũ.
    """}
OLD_WARNING = "bai-cu.md:2: ngày «1990-05-01 08:00» trước năm 1999"
FILES = ARTICLES + 2  # the generated ones, the reference article, OLD


def build(base: Path, content: Path, name: str, cache: Path, extra: str = "", theme: Path | None = None):
    """The corpus built with its caches in ``cache``: (exit status, log, output)."""
    result, output = build_corpus(base, content, name, (
        "PARALLEL_READ = {'enabled': True, 'min_files': 50, 'workers': 2}\n"
        + (f"THEME = {str(theme)!r}\n" if theme else "") + extra), cache)
    return result.returncode, result.stdout + result.stderr, output


def hits(log: str) -> int:
    found = re.findall(r"build_cache: (\d+) of (\d+) files from the cache", log)
    assert found and int(found[-1][1]) == FILES, log[-3000:]
    return int(found[-1][0])


@pytest.fixture(scope="module")
def warm(corpus, tmp_path_factory):
    """A content copy built once (cold) into a cache folder, then one
    article's body edited and built again (warm): once a session
    (``built_once``, shared by the xdist workers), so no test writes into
    it; a test that builds with the cache builds with ``own_cache``."""
    _, source = corpus

    def make(base: Path) -> None:
        content = base / "content"
        shutil.copytree(source, content)
        write_files(content, OLD)
        cache = base / "cache"
        code, cold_log, _ = build(base, content, "cold", cache)
        assert code == 0, cold_log
        edited = sorted((content / "bench").glob("*/*.md"))[0]  # a generated one, not OLD
        edited.write_text(edited.read_text(encoding="utf-8") + "\nĐoạn sửa sau lần dựng đầu.\n",
                          encoding="utf-8")
        code, warm_log, _ = build(base, content, "warm", cache)
        assert code == 0, warm_log
        (base / "cold.log").write_text(cold_log, encoding="utf-8")
        (base / "warm.log").write_text(warm_log, encoding="utf-8")

    base = built_once(tmp_path_factory, "build-cache-warm", make)
    return {"content": base / "content", "cache": base / "cache",
            "cold_log": (base / "cold.log").read_text(encoding="utf-8"),
            "warm_log": (base / "warm.log").read_text(encoding="utf-8"), "warm_output": base / "output-warm"}


def own_cache(warm, tmp_path: Path) -> Path:
    """A copy of the warm cache in ``tmp_path``, for a build that writes to it."""
    cache = tmp_path / "cache"
    shutil.copytree(warm["cache"], cache)
    return cache


def test_a_warm_build_after_an_edit_writes_what_a_cold_build_writes(warm, tmp_path):
    assert hits(warm["cold_log"]) == 0
    # Every file from the cache but the edited one and the one that warns.
    assert hits(warm["warm_log"]) == FILES - 2
    # Both read by a worker; OLD, which warns, is read again by Pelican.
    assert "parallel_read: 1 of 2 files read" in warm["warm_log"]
    code, log, cold_output = build(tmp_path, warm["content"], "fresh", tmp_path / "empty-cache")
    assert code == 0, log
    expected, got = comparable(cold_output), comparable(warm["warm_output"])
    assert len(expected) > ARTICLES * 2 and sorted(got) == sorted(expected)
    assert [name for name in expected if got[name] != expected[name]] == []
    assert any("Đoạn sửa sau lần" in data.decode("utf-8", "replace") for data in got.values())


def test_a_warning_while_reading_comes_on_every_build(warm):
    assert OLD_WARNING in warm["cold_log"] and OLD_WARNING in warm["warm_log"]


def test_a_setting_that_changes_reading_starts_a_new_key(warm, tmp_path):
    """typogrify's caps filter on: the cached typogrify answers must not be used."""
    cache = own_cache(warm, tmp_path)
    code, log, output = build(tmp_path, warm["content"], "caps", cache, "TYPOGRIFY_OMIT_FILTERS = []\n")
    assert code == 0, log
    assert hits(log) == 0
    page = next(output.glob("bai-viet/bai-cu*/index.html")).read_text(encoding="utf-8")
    assert '<span class="caps">UBND</span>' in page
    assert len([path for path in cache.joinpath("build").iterdir() if path.is_dir()]) >= 2


def test_a_theme_change_starts_a_new_key_and_shows(warm, tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    base_html = theme / "templates" / "base.html"
    base_html.write_text(base_html.read_text(encoding="utf-8").replace(
        "</body>", "<!-- giao diện đã sửa --></body>", 1), encoding="utf-8")
    code, log, output = build(tmp_path, warm["content"], "theme", own_cache(warm, tmp_path), theme=theme)
    assert code == 0, log
    assert hits(log) == 0
    assert "<!-- giao diện đã sửa -->" in (output / "index.html").read_text(encoding="utf-8")


def test_templates_are_compiled_once_a_process_and_again_when_edited(tmp_path, monkeypatch):
    """Pelican's seven generators each compiled the theme in their own Jinja
    environment, at every build: ``written.CompiledOnce`` keeps each
    template's code for the process (the suite's hundreds of builds, the
    generators of one build). A second build compiles nothing; a template
    edited between two builds is compiled again and its edit is on the page."""
    import jinja2

    compiled = []
    compile_template = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, *args, **kwargs):
        compiled.append(name)
        return compile_template(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    build_in_process(CONTENT, tmp_path / "first", THEME=str(theme))
    assert "base.html" in compiled
    assert len(compiled) == len(set(compiled))  # once a build, not once a generator
    compiled.clear()
    second = build_in_process(CONTENT, tmp_path / "second", THEME=str(theme))
    assert compiled == []
    assert second.path("").read_bytes() == (tmp_path / "first" / "index.html").read_bytes()
    base_html = theme / "templates" / "base.html"
    base_html.write_text(base_html.read_text(encoding="utf-8").replace(
        "</body>", "<!-- giao diện đã sửa --></body>", 1), encoding="utf-8")
    third = build_in_process(CONTENT, tmp_path / "third", THEME=str(theme))
    assert "base.html" in compiled
    assert "<!-- giao diện đã sửa -->" in third.path("").read_text(encoding="utf-8")


@pytest.mark.parametrize("changed", ["plugins/vietnamese/__init__.py", "workflow/import_docx.py",
                                     "theme/templates/base.html",
                                     "pelicanconf.py", "publishconf.py", "requirements.txt"])
def test_the_key_changes_with_code_theme_settings_files_and_requirements(tmp_path, monkeypatch, changed):
    """code_key on a copy of the project's files, one of them changed."""
    for name in ("plugins", "workflow", "theme"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    for path in [ROOT / "pelicanconf.py", ROOT / "publishconf.py", *ROOT.glob("requirements*.txt")]:
        shutil.copyfile(path, tmp_path / path.name)
    monkeypatch.setattr(build_cache, "ROOT", tmp_path)
    monkeypatch.setattr(build_cache, "PLUGINS", tmp_path / "plugins")
    settings = {"THEME": str(tmp_path / "theme"), "PATH": "content", "SITENAME": "x"}
    before = build_cache.code_key(settings)
    assert build_cache.code_key(dict(settings, PATH="elsewhere", OUTPUT_PATH="out")) == before
    # How it logs, and where the preview keeps compiled templates: the same
    # key for `pelican` (DEBUG False) and the preview (DEBUG None).
    assert build_cache.code_key(dict(settings, DEBUG=False)) == build_cache.code_key(dict(settings, DEBUG=None))
    jinja = {"trim_blocks": True}
    assert (build_cache.code_key(dict(settings, JINJA_ENVIRONMENT={**jinja, "bytecode_cache": object()}))
            == build_cache.code_key(dict(settings, JINJA_ENVIRONMENT=jinja)))
    assert build_cache.code_key(dict(settings, SITENAME="y")) != before
    with open(tmp_path / changed, "a", encoding="utf-8") as file:
        file.write("\n# changed\n")
    assert build_cache.code_key(settings) != before


def test_the_key_changes_with_an_installed_packages_version(tmp_path, monkeypatch):
    """A pin changed in requirements.txt starts a new key at once; the
    build made after ``make .venv/.dev`` installed it kept that key, and
    its reads made with the old package (or after a ``pip install -U`` by
    hand, the requirements unchanged). A real distribution on sys.path,
    its version changed."""
    site = tmp_path / "site-packages"
    info = site / "nh3_stand_in-0.3.7.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: nh3-stand-in\nVersion: 0.3.7\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    settings = {"THEME": str(ROOT / "theme"), "PATH": "content", "SITENAME": "x"}
    before = build_cache.code_key(settings)
    assert "nh3-stand-in==0.3.7" in build_cache.installed().splitlines()
    # The ~80 distributions' metadata (30 ms, a third of a small build) is
    # read again only once an install has changed the folders on sys.path.
    from importlib import metadata

    read, distributions = [], metadata.distributions
    monkeypatch.setattr(metadata, "distributions", lambda: read.append(1) or distributions())
    assert build_cache.code_key(settings) == before and read == []
    info.rename(site / "nh3_stand_in-0.3.8.dist-info")
    (site / "nh3_stand_in-0.3.8.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: nh3-stand-in\nVersion: 0.3.8\n", encoding="utf-8")
    assert build_cache.code_key(settings) != before and read == [1]
    assert "nh3-stand-in==0.3.8" in build_cache.installed().splitlines() and read == [1]


def test_what_plugins_store_in_the_settings_while_building_is_not_keyed(tmp_path):
    """A build with a draft (plugins.seo stores the unlisted pages and the
    sitemap's exclusions in the settings; plugins.desk its headers rule)
    leaves the settings with the key it read with: the preview, which
    computes the key again at each regeneration, stays in one folder. It
    changed key whenever a draft came or went, pruned the folder its
    compiled templates were kept in, and every save then failed."""
    from pelican import Pelican
    from pelican.settings import read_settings

    from tests.support import disconnect_all_signals, reset_sitemap

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "2020" / "bai-nhap.md").write_text(
        "Title: Bài nháp\nDate: 2020-12-01\nAuthor: Ban thông tin\nCategory: Tin hoạt động LHH\n"
        "Status: draft\nSummary: Tóm tắt.\n\nNội dung.\n", encoding="utf-8")
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(content), "OUTPUT_PATH": str(tmp_path / "output"), "CACHE_PATH": str(tmp_path / "cache")})
    try:
        Pelican(settings).run()
    finally:
        disconnect_all_signals()
        reset_sitemap()
    assert settings["SEO_UNLISTED"], "the draft is unlisted: the settings hold it"
    folders = [path.name for path in (tmp_path / "cache" / "build").iterdir()]
    assert folders == [build_cache.code_key(settings)]


def test_a_compiled_template_not_kept_never_stops_rendering(tmp_path):
    """The preview's templates cache: its folder removed meanwhile (``invoke
    clean --cache``, another build pruning it), a template still renders,
    and the folder is made again for the next one."""
    from jinja2 import DictLoader, Environment
    from pelican.settings import read_settings

    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"CACHE_PATH": str(tmp_path / "cache")})
    cache = build_cache.templates_cache(settings)
    env = Environment(loader=DictLoader({"a.html": "A {{ x }}", "b.html": "B {{ x }}", "c.html": "C"}),
                      bytecode_cache=cache)
    assert env.get_template("a.html").render(x=1) == "A 1"
    folder = tmp_path / "cache" / "build" / build_cache.code_key(settings) / "templates"
    assert len(list(folder.iterdir())) == 1
    shutil.rmtree(tmp_path / "cache")
    assert env.get_template("b.html").render(x=2) == "B 2"
    assert env.get_template("c.html").render() == "C"
    assert len(list(folder.iterdir())) == 1, "made again, the next template kept"


def test_a_templates_folder_that_cannot_be_made_never_stops_rendering(tmp_path):
    """cache/build left to root by one ``sudo make serve``: the IT person's
    next ``make serve`` showed only «Không ghi được cache/build/…» (its
    advice, chmod, refused on root's folder) and served no page. Templates
    render without the cache. (A file where the folder goes stands for
    root's folder: the suite runs as root, whom permissions do not stop.)"""
    from jinja2 import DictLoader, Environment
    from pelican.settings import read_settings

    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"CACHE_PATH": str(tmp_path / "cache")})
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "build").write_text("")
    env = Environment(loader=DictLoader({"a.html": "A {{ x }}", "b.html": "B"}),
                      bytecode_cache=build_cache.templates_cache(settings))
    assert env.get_template("a.html").render(x=1) == "A 1"
    assert env.get_template("b.html").render() == "B"


@pytest.mark.parametrize("cut", [0, 5, 20, 60])
def test_a_compiled_template_cut_short_is_compiled_again(tmp_path, caplog, cut):
    """A templates cache file cut in its first bytes (its header: Jinja reads
    it unguarded) stopped every preview with «UnpicklingError» until
    ``invoke clean --cache``; cut anywhere, it is compiled again, said once,
    and written whole."""
    from jinja2 import DictLoader, Environment
    from pelican.settings import read_settings

    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"CACHE_PATH": str(tmp_path / "cache")})
    templates = DictLoader({"a.html": "A {{ x }} {% for i in y %}{{ i }}{% endfor %}"})
    Environment(loader=templates, bytecode_cache=build_cache.templates_cache(settings)).get_template("a.html")
    [kept] = (tmp_path / "cache" / "build" / build_cache.code_key(settings) / "templates").iterdir()
    whole = kept.read_bytes()
    kept.write_bytes(whole[:cut])
    env = Environment(loader=templates, bytecode_cache=build_cache.templates_cache(settings))
    assert env.get_template("a.html").render(x=1, y=[2, 3]) == "A 1 23"
    assert kept.read_bytes() == whole
    # Cut inside Jinja's magic (its first 15 bytes) it is a stale file to Jinja, replaced silently.
    assert [r.levelname for r in caplog.records if "mẫu trang" in r.getMessage()] == ["WARNING"] * (cut >= 20)


def test_a_corrupt_cache_is_rebuilt_without_a_traceback(warm, tmp_path):
    cache = own_cache(warm, tmp_path)
    for stored in cache.rglob(build_cache.FILE):
        stored.write_bytes(stored.read_bytes()[:200])  # cut short, as a full disk leaves it
    code, log, output = build(tmp_path, warm["content"], "corrupt", cache)
    assert code == 0, log
    assert "Traceback" not in log and "không đọc được" in log
    assert hits(log) == 0
    assert comparable(output) == comparable(warm["warm_output"])
    code, log, _ = build(tmp_path, warm["content"], "rebuilt", cache)
    assert code == 0 and hits(log) == FILES - 1, log  # all but OLD: stored again


def test_an_editors_mistake_fails_a_warm_build_with_the_same_message(warm, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(warm["content"], content)
    (content / "bench" / "ngay-sai.md").write_text(
        "Title: Ngày sai\nDate: 26/11/2026\nCategory: Tin hoạt động LHH\n"
        "Author: Ban thông tin\nSummary: Tóm tắt.\n\nNội dung.\n", encoding="utf-8")
    messages, cache = [], own_cache(warm, tmp_path)
    for attempt in ("first", "again"):
        code, log, _ = build(tmp_path, content, attempt, cache)
        assert code != 0
        assert "Traceback" not in log
        # The last line in Vietnamese words an office clerk reads («build» was English).
        assert "Dừng dựng trang: có lỗi ở trên, hãy sửa rồi chạy lại." in log
        messages.append([re.sub(r"^\[[\d:]+\]", "", line).strip()
                         for line in log.splitlines() if "ngay-sai.md" in line])
    assert messages[0] and messages[0] == messages[1]
    assert "ngay-sai.md:2: ngày «26/11/2026» không đúng dạng" in messages[0][0]
    # Then Pelican's «Could not process», in words that do not say the file
    # could not be read (it was: «Không đọc được … xem lỗi ở dòng trên»).
    assert len(messages[0]) == 2 and "Tệp bench/ngay-sai.md chưa dựng được vì lỗi ở dòng trên" in messages[0][1]


def test_invoke_clean_cache_removes_the_build_caches_only(tmp_path, monkeypatch):
    import invoke

    import tasks

    caches = [tmp_path / "cache" / "build", tmp_path / "cache" / "derivatives"]
    for folder in caches:
        (folder / "k").mkdir(parents=True)
        (folder / "k" / build_cache.FILE).write_bytes(b"x")
    counter = tmp_path / "cache" / "preview-counter.sqlite3"
    counter.write_bytes(b"counts")
    monkeypatch.setattr(tasks, "OUTPUT", tmp_path / "output")
    monkeypatch.setattr(tasks, "CACHES", caches)
    tasks.clean(invoke.Context())
    assert all(folder.exists() for folder in caches)
    tasks.clean(invoke.Context(), cache=True)
    assert not any(folder.exists() for folder in caches) and counter.exists()
