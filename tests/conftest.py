"""Shared fixtures: small sites, the real site, a server, Chromium. The
helpers behind them are in ``tests/support`` (shared with ``bench/``)."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest

from tests.support import (
    CHROMIUM_ARGS,
    CONTENT,
    GENERATED_ARTICLES,
    HEADLESS_SHELL,
    ROOT,
    Site,
    build_corpus,
    build_in_process,
    built_once,
    categories_line,
    copy_corpus,
    fast_paths,
    generate,
    run_pelican,
    sample_files,
    serve_folder,
    settings_file,
    write_files,
)


def pytest_terminal_summary(terminalreporter):
    """Under a Pelican other than the one plugins/core/pelican_internals.py
    mirrors, the fast paths are off (the build runs sequentially, with one
    warning), and the tests of parallel_read, parallel_write, the build
    cache and the preview fail on what they measure («assert None», a
    timeout), not on why: the run ends with why, and what to re-sync."""
    from plugins.core import pelican_internals as internals

    if internals.pelican_version() == internals.TESTED_VERSION:
        return
    failed = sorted({report.nodeid.split("::")[0] for report in terminalreporter.stats.get("failed", [])})
    terminalreporter.section("untested Pelican", red=True)
    terminalreporter.write_line(
        "The fast paths (parallel read and write, the build cache, the fast preview) are off, and the tests "
        f"that need them fail on what they measure. Failed: {', '.join(failed) or 'none'}. "
        + internals.resync_advice())


@pytest.fixture(autouse=True)
def not_on_github_actions(monkeypatch):
    """The suite runs the same on GitHub's runners (publish.yml's «Test»
    step) as here: the checker's annotations and run summary
    (``workflow.check.report_to_github``) only where a test asks for them."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


@pytest.fixture
def make_site(tmp_path):
    """make_site(files, **settings) builds a small site from only `files`
    (with a one-item menu and no OLD_URLS unless given: the real ones name
    pages that a small site does not have)."""

    def make(files: dict[str, str | bytes], **overrides) -> Site:
        content = tmp_path / "content"
        write_files(content, files)
        overrides.setdefault("MENU", [("Trang chủ", "index")])
        overrides.setdefault("OLD_URLS", {})
        return build_in_process(content, tmp_path / "output", **overrides)

    return make


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    """The real content, built with production settings by the command CI
    uses: ``pelican content -s publishconf.py -o DIR``."""

    def build(base: Path) -> None:
        result = run_pelican(CONTENT, base / "output", ROOT / "publishconf.py")
        assert result.returncode == 0, result.stdout + result.stderr

    return Site(built_once(tmp_path_factory, "site", build) / "output")


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Site:
    """The real content plus test-only articles and FAQ items, built with
    development settings: every page type exists, pagination included."""

    def build(base: Path) -> None:
        content = base / "content"
        shutil.copytree(CONTENT, content)
        write_files(content, sample_files())
        settings = settings_file(base / "settings.py", extra=categories_line())
        result = run_pelican(content, base / "output", settings)
        assert result.returncode == 0, result.stdout + result.stderr

    return Site(built_once(tmp_path_factory, "sample", build) / "output")


@pytest.fixture(scope="session")
def theme_env(tmp_path_factory):
    """A generator as Pelican makes it, our plugins registered: the theme's
    templates with every filter and global the plugins add, for rendering
    one macro."""
    from pelican import Pelican
    from pelican.generators import Generator
    from pelican.settings import read_settings

    output = tmp_path_factory.mktemp("theme-env")
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"OUTPUT_PATH": str(output)})
    Pelican(settings)
    return Generator({}, settings, settings["PATH"], settings["THEME"], str(output))


@pytest.fixture(scope="session")
def render_pagination(theme_env):
    """render_pagination(here, last, siteurl=""): ``m.pagination()`` on page
    `here` of a home page listing of `last` pages, as Pelican's writer calls it."""
    from pelican.paginator import Paginator

    def render(here: int, last: int, siteurl: str = "") -> str:
        paginator = Paginator("index.html", "", list(range(last * 10)), theme_env.settings, per_page=10)
        page = paginator.page(here)
        return theme_env.env.from_string('{% import "macros.html" as m with context %}{{ m.pagination() }}').render(
            SITEURL=siteurl, articles_page=page, articles_paginator=paginator,
            articles_previous_page=page.has_previous() and paginator.page(here - 1),
            articles_next_page=page.has_next() and paginator.page(here + 1))

    return render


@pytest.fixture(scope="session")
def sample_server(sample_site):
    server, url = serve_folder(sample_site.output)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    """The real content plus 60 generated articles (fixed seed), made once a
    session (``built_once``): tests that change it change a copy."""

    def make(base: Path) -> None:
        generate.generate(GENERATED_ARTICLES, base / "corpus")
        content = base / "content"
        shutil.copytree(CONTENT, content)
        copy_corpus(base / "corpus", content)

    base = built_once(tmp_path_factory, "corpus", make)
    return base, base / "content"


@pytest.fixture(scope="session")
def corpus_built(corpus, tmp_path_factory):
    """``corpus_built("parallel")`` or ``("sequential")``: the corpus built
    with publishconf.py, reading and writing on two workers or neither, each
    with caches of its own; built once a session on first use (``built_once``:
    one build for both xdist workers), since the byte-for-byte tests of
    parallel_read, parallel_write and Pelican's internals compare the same
    two builds. (log, output)."""
    _, content = corpus

    def get(way: str):
        def build(base: Path) -> None:
            result, _ = build_corpus(base, content, way, fast_paths(way == "parallel", way == "parallel"))
            assert result.returncode == 0, result.stdout + result.stderr
            (base / "log.txt").write_text(result.stdout + result.stderr, encoding="utf-8")

        base = built_once(tmp_path_factory, f"corpus-{way}", build)
        return (base / "log.txt").read_text(encoding="utf-8"), base / f"output-{way}"

    return get


# --- Chromium (pytest-playwright, pointed at Debian's chromium-headless-shell) -----
# A page's policy violations, as console errors (which the watchers count).
CSP_REPORTS = ("document.addEventListener('securitypolicyviolation', e => console.error("
               "'CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));")


@contextlib.contextmanager
def watching(page):
    """(problems, requests) while the block runs: every console error or
    warning, uncaught error and CSP violation (with ``CSP_REPORTS``) of
    `page`, and every request it makes; its listeners removed at the end."""
    problems, requests = [], []
    listeners = [
        ("console", lambda m: m.type in ("error", "warning") and problems.append(f"{m.type}: {m.text}")),
        ("pageerror", lambda e: problems.append(f"uncaught: {e}")),
        ("request", lambda r: requests.append(r.url)),
    ]
    weberror = lambda e: problems.append(f"weberror: {e.error}")  # noqa: E731
    for event, listener in listeners:
        page.on(event, listener)
    page.context.on("weberror", weberror)
    try:
        yield problems, requests
    finally:
        for event, listener in listeners:
            page.remove_listener(event, listener)
        page.context.remove_listener("weberror", weberror)


@pytest.fixture
def watched(page):
    """The page, with every console error/warning, uncaught error, CSP
    violation and request recorded; asserts at teardown that there were
    none of the first three."""
    page.add_init_script(CSP_REPORTS)
    with watching(page) as (problems, requests):
        yield page, requests
    assert problems == []


@pytest.fixture(scope="module")
def one_page(browser, browser_context_args):
    """One page for the tests of a module that open a page of a built site
    and read it (no route, init script, viewport or storage of their own):
    in a fresh context each (``page``), a search's page load cost Chromium
    0.47–0.52 s of CPU; on one page 0.25–0.30 s (16 searches, this
    machine), the renderer and its caches kept. A test that counts the
    requests a page makes keeps a fresh ``page``: the memory cache answers
    a repeated one without a request."""
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    page.add_init_script(CSP_REPORTS)
    yield page
    context.close()


@pytest.fixture
def reading(one_page):
    """``one_page``, watched as ``watched`` watches its page (no requests:
    see ``one_page``)."""
    with watching(one_page) as (problems, _):
        yield one_page
    assert problems == []


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": HEADLESS_SHELL,
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS],
    }
