"""Pelican's internals in one module (plugins/core/pelican_internals.py): an
upgrade of Pelican fails here with the list of copies to re-sync, and an
untested Pelican still builds the same site, sequentially, with one warning."""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys

from plugins.core import pelican_internals as internals
from tests.support import (
    CONTENT,
    ROOT,
    SMALL_SITE,
    build_corpus,
    comparable,
    disconnect_all_signals,
    fast_paths,
    settings_file,
)

UNTESTED = "4.99.0"
WARNING = "chưa được kiểm với dự án"


def resync() -> str:
    """What to do after an upgrade of Pelican: every test here that needs
    the tested version says it, not an assertion about a build log."""
    return internals.resync_advice()


def test_the_mirrored_pelican_sources_are_the_ones_copied():
    assert not internals.stale_mirrors(), resync()
    assert internals.pelican_version() == internals.TESTED_VERSION, resync()
    assert resync() == ""


def test_a_changed_upstream_source_is_named(monkeypatch):
    """The guard can fail: a fingerprint that no longer matches is listed
    (after any the installed Pelican already changed), and so is a name gone
    upstream, even once its line says "missing" (what the table printer
    printed for it, pasted: the guard then passed without the function)."""
    before = internals.stale_mirrors()
    monkeypatch.setitem(internals.MIRRORED, "pelican.writers.Writer.write_file", "0" * 64)
    monkeypatch.setitem(internals.MIRRORED, "pelican.writers.Writer.gone_in_5", "0" * 64)
    monkeypatch.setitem(internals.MIRRORED, "pelican.writers.Writer.gone_in_6", "missing")
    after = internals.stale_mirrors()
    assert set(after) == {*before, "pelican.writers.Writer.write_file", "pelican.writers.Writer.gone_in_5",
                          "pelican.writers.Writer.gone_in_6"}
    assert after[-2:] == ["pelican.writers.Writer.gone_in_5", "pelican.writers.Writer.gone_in_6"]


def test_the_table_printer_says_what_changed_and_prints_only_lines_to_paste(monkeypatch, capsys):
    """python -m plugins.core.pelican_internals after an upgrade: which
    names changed (whose package, when not Pelican's), which are gone, and
    the MIRRORED lines to replace as the table writes them (a long one with
    its noqa: pasted without it, ruff failed); no "missing" to paste."""
    source = (ROOT / "plugins/core/pelican_internals.py").read_text(encoding="utf-8").splitlines()
    for name, digest in internals.MIRRORED.items():  # the printer writes the table's own lines
        assert internals.mirror_line(name, digest) in source, name
    assert internals.main() == 0, resync()
    assert "every fingerprint in MIRRORED matches" in capsys.readouterr().out
    changed = ["pelican.generators.ArticlesGenerator.generate_articles", "pelican.writers.Writer.write_file",
               "markdown.extensions.tables.TableProcessor"]  # in the table's order
    for name in changed:
        monkeypatch.setitem(internals.MIRRORED, name, "0" * 64)
    monkeypatch.setitem(internals.MIRRORED, "pelican.writers.Writer.gone_in_5", "missing")
    monkeypatch.setattr(internals, "TESTED_VERSION", UNTESTED)
    assert internals.main() == 1
    out = capsys.readouterr().out
    import markdown

    assert f"Pelican {internals.pelican_version()} is installed; plugins/core/pelican_internals.py mirrors {UNTESTED}." in out
    assert (f"Re-sync these: {changed[0]}, {changed[1]}, {changed[2]} (Markdown {markdown.__version__}) "
            "(changed upstream;") in out
    assert "Gone upstream (renamed or removed): pelican.writers.Writer.gone_in_5:" in out
    assert f'TESTED_VERSION = "{internals.pelican_version()}" goes in' in out
    printed = out.split("replace these lines:\n", 1)[1].splitlines()
    assert printed == [internals.mirror_line(name, internals.fingerprint(name)) for name in changed]
    assert printed[0].endswith("# noqa: E501  a hash") and not printed[1].endswith("a hash")
    assert "missing" not in out.split("replace these lines:")[1]


def test_a_test_run_under_an_untested_pelican_ends_with_what_to_resync():
    """make test after a Pelican upgrade: besides this file's failure, the
    fast paths' tests fail on what they measure; the run's last lines say
    why and what to re-sync (tests/conftest.py, pytest_terminal_summary)."""
    run = subprocess.run(
        [sys.executable, "-c", f"import pelican, sys, pytest; pelican.__version__ = {UNTESTED!r}; "
         "sys.exit(pytest.main(['-q', '-p', 'no:cacheprovider', 'tests/test_pelican_internals.py', "
         "'-k', 'mirrored_pelican_sources']))"],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert "untested Pelican" in run.stdout, run.stdout
    tail = run.stdout[run.stdout.index("untested Pelican"):]
    assert run.returncode == 1 and "1 failed" in tail, run.stdout
    assert f"Pelican {UNTESTED} is installed; plugins/core/pelican_internals.py mirrors {internals.TESTED_VERSION}." in tail
    stale = [name + internals._owner(name) for name in internals.stale_mirrors()  # some, under another real Pelican
             if internals.fingerprint(name) != "missing"]
    assert "Failed: tests/test_pelican_internals.py." in tail
    assert (f"Re-sync these: {', '.join(stale)} (changed upstream;" if stale else "Re-sync these: (none changed).") in tail
    assert f'TESTED_VERSION = "{UNTESTED}" goes in' in tail


def test_an_untested_pelican_builds_the_same_site_sequentially_with_one_warning(corpus, corpus_built, tmp_path):
    """The corpus with both fast paths asked for, under a pretended Pelican
    (set before plugins load), against the same build under this one."""
    _, content = corpus
    tested, tested_output = corpus_built("parallel")
    result, untested_output = build_corpus(
        tmp_path, content, "untested",
        f"import pelican\npelican.__version__ = {UNTESTED!r}\n" + fast_paths(read=True, write=True))
    untested = result.stdout + result.stderr
    assert result.returncode == 0, untested
    # The reference build is the tested Pelican's, with its fast paths.
    assert internals.pelican_version() == internals.TESTED_VERSION, resync()
    assert "parallel_read:" in tested and "parallel_write:" in tested and WARNING not in tested
    assert untested.count(WARNING) == 1, untested
    assert f"Pelican {UNTESTED}" in untested
    assert "parallel_read:" not in untested and "parallel_write:" not in untested
    expected, got = comparable(tested_output), comparable(untested_output)
    assert sorted(got) == sorted(expected)
    assert [name for name in expected if got[name] != expected[name]] == []


def test_the_preview_under_an_untested_pelican_rebuilds_the_whole_site(tmp_path, monkeypatch):
    from workflow.preview import Site, read_settings

    monkeypatch.setattr(internals, "TESTED_VERSION", UNTESTED)
    internals.fast_paths.cache_clear()
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    settings = settings_file(tmp_path / "settings.py", extra=(
        f"CACHE_PATH = {str(tmp_path / 'cache')!r}\n"
        + "".join(f"{key} = {value!r}\n" for key, value in SMALL_SITE.items())))
    try:
        site = Site(read_settings(settings, content, tmp_path / "output"))
        assert not site.fast
        assert site.build(), site.problems
        assert site.writer is None  # no lazy writer: Pelican's own build wrote everything
        article = next(content.glob("2020/*.md"))
        article.write_text(article.read_text(encoding="utf-8") + "\nĐoạn thêm khi sửa bài.\n",
                           encoding="utf-8")
        assert site.update({str(article)}), site.problems
        pages = [path.read_text(encoding="utf-8") for path in (tmp_path / "output").rglob("index.html")]
        assert any("Đoạn thêm khi sửa" in page for page in pages)
    finally:
        disconnect_all_signals()
        internals.fast_paths.cache_clear()


def test_each_address_is_computed_once_after_every_plugin_has_changed_it(tmp_path):
    """freeze_urls: once every receiver of all_generators_finalized has run
    (a plugin's, connected at its register(), moves an article here), each
    item's URL is kept in override_url, the value Pelican's own formatting
    gives; the templates then read it without formatting it again."""
    from pelican import Pelican, signals

    from plugins.core.rules import content_items
    from workflow.preview import read_settings

    def move(generators):  # what a plugin may do to an article before the pages are written
        generators[0].context["articles"][0].slug = "bai-da-chuyen"

    disconnect_all_signals()  # as in a new process: no receiver of an earlier build's
    signals.all_generators_finalized.connect(move)
    settings = settings_file(tmp_path / "settings.py", extra=(
        f"CACHE_PATH = {str(tmp_path / 'cache')!r}\n"
        + "".join(f"{key} = {value!r}\n" for key, value in SMALL_SITE.items())))
    try:
        pelican = Pelican(read_settings(settings, CONTENT, tmp_path / "output"))
        generators = internals.generators_and_context(pelican, pelican.settings)
        internals.generate_contexts(generators)
        items = content_items(generators)
        moved = generators[0].context["articles"][0]
        assert vars(moved)["override_url"] == "bai-viet/bai-da-chuyen/"
        published = [item for item in items if item.status == "published" and not getattr(item, "faq_question", False)]
        assert len(published) >= 5
        for item in published:
            kind = type(item).__name__.upper()
            assert vars(item)["override_url"] == pelican.settings[f"{kind}_URL"].format(**item.url_format), item.source_path
        assert all("override_url" in vars(item) for item in items)
        assert_listings_are_pelicans(generators)
    finally:
        disconnect_all_signals()


def assert_listings_are_pelicans(generators) -> None:
    """install_listings: the article generator's tag, category, author and
    period-archive lists are ours (in_order), and the same as Pelican's own
    methods make of the same site: the same write calls, the same archives."""
    from pelican.generators import ArticlesGenerator

    generator = next(g for g in generators if isinstance(g, ArticlesGenerator))
    assert vars(generator)["_build_period_archives"].__func__ is internals.build_period_archives
    assert generator.period_archives["year"] and generator.period_archives["month"]
    assert generator.period_archives == ArticlesGenerator._build_period_archives(
        generator, generator.dates, generator.articles, generator.settings)
    for name in ("generate_tags", "generate_categories", "generate_authors"):
        assert vars(generator)[name].__func__ is getattr(internals, name)
        ours = recorded(getattr(generator, name))
        pelicans = recorded(functools.partial(getattr(ArticlesGenerator, name), generator))
        assert ours == pelicans and ours, name


def recorded(generate) -> list:
    """The write calls `generate(write)` makes."""
    calls = []
    generate(lambda *args, **kwargs: calls.append((args, kwargs)))
    return calls


def test_listing_pages_take_their_articles_in_date_order_in_linear_time():
    """in_order, what the tag, category, author and period-archive pages get
    instead of Pelican's ``[a for a in dates if a in articles]``: the same
    list, without comparing each article with every other (5,000 articles:
    1.6 s of CPU in Pelican's quadratic scans, 0.06 s)."""
    compared = 0

    class Article:
        def __eq__(self, other):
            nonlocal compared
            compared += 1
            return self is other

        __hash__ = object.__hash__

    dates = [Article() for _ in range(300)]
    cases = [dates[::3], dates[1::7][::-1], [], dates, [dates[-1], dates[0]]]
    for members in cases:
        compared = 0
        pelicans = [a for a in dates if a in members]
        assert compared >= (len(dates) - len(members)) * len(members)  # each absent one with every member
        compared = 0
        assert internals.in_order(dates, members) == pelicans
        assert compared == 0
