"""Site search with Pagefind, built by the Pelican build itself.

When Pelican has written the site (``finalized``), Pagefind indexes the
output folder and writes its bundle (``pagefind/`` by default) next to it, so
``pelican content -s publishconf.py -o DIR`` alone yields a site whose search
page (``/tim-kiem/``) works on any static host. If Pagefind fails, the build
fails.

What is indexed is decided by the theme: ``data-pagefind-body`` on the
article or document (title and body), ``data-pagefind-filter``/``-meta`` for
type, category, year, date and a document's number (see
``theme/templates/search_hooks.html``). Text is
NFC already: the ``vietnamese`` reader normalises every Markdown file.

Joined pairs: Pagefind sizes its index chunks by the unmarked form of a
word (``hoi``), whose page list is empty (the tone-marked forms carry the
pages), so Vietnamese chunks barely split and a query downloads megabytes at
5,000 articles. Each article therefore also carries, in a hidden low-weight
element inside ``data-pagefind-body``, every pair of adjacent syllables
joined and folded to unmarked lower case (``Hội thảo`` → ``hoithao``, ``Đại
hội`` → ``daihoi``), computed by ``joined_pairs`` and emitted by the
``search_pairs`` Jinja filter this plugin registers (title pairs weigh
7 times body pairs, as Pagefind weighs ``<h1>`` over text). The search page queries
those pairs for queries of two words or more (one small chunk), and builds
its own excerpt from the text after the marker U+241E that ends the
hidden pairs (``search_hooks.html``).

Started early: Pagefind indexes the article pages only (``--glob`` made
from ``ARTICLE_SAVE_AS``, ``bai-viet/*/index.html``: drafts and listings
are never read). The plugin follows ``content_written``: once every article
page has been written (finished as it was rendered: counter, ``srcset``)
and Pelican writes its first other page, Pagefind starts in the background
and indexes while Pelican writes the listings on the other core;
``finalized`` waits for it. An article saved outside that pattern (a
``Save_as:`` header) or a build that never gets there: Pagefind runs at
``finalized`` over the whole site, as before. A build that fails stops it.
Another generator's pages join the index the same way (the documents:
``expect_pages``): their glob is added (``{bai-viet/*/index.html,
van-ban/*/*/index.html}``) and Pagefind waits for them too.

Pages only the index reads (``index_only``): each Hỏi & đáp question is a
small page of its own in ``hoi-dap/_tim-kiem/`` (``plugins.bulletin``), so
that it is a result of its own, with its question as title and its answer
as excerpt, opening ``/hoi-dap/#anchor`` (its ``url`` metadata, which
``search.js`` reads). They are written just before Pagefind starts, without
``content_written`` (the sitemap listed them), and the folder is removed
once Pagefind has read it (or its bundle was reused): no second address,
nothing in the sitemap or feeds.

Settings, one dict merged over ``DEFAULTS`` and checked when Pelican starts
(an unknown key or a wrong type stops the build, naming the key)::

    SEARCH = {
        "enabled": True,           # False: no index is built
        "bundle_dir": "pagefind",  # the bundle's folder inside the output
        "language": "vi",          # Pagefind's --force-language (ISO 639-1)
        "exclude_selectors": [],   # extra CSS selectors Pagefind ignores
        "timeout": 600,            # seconds before Pagefind is given up
        "reuse": True,             # reuse the bundle of byte-identical pages
    }

Reused bundle: Pagefind rebuilds the whole index on every run (26 s at
5,000 articles, a third of a build), and an hourly build with nothing
changed would pay it again. Before starting it, the plugin hashes what
Pagefind would read (``bundle_key``: Pagefind's version, the options, the
glob, and the path and bytes of every file the glob matches); a bundle
kept under that key in ``CACHE_PATH/search/`` is copied into the output
instead, and after a run the new bundle is kept there (the ``KEEP`` newest
keys stay). Any change to any indexed page, to the options or to Pagefind
makes another key. ``invoke clean --cache`` removes the folder.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import html
import importlib.metadata
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path, PurePosixPath

from pelican import signals

from plugins.core import build_cache
from plugins.core.errors import disk_problem
from plugins.core.html_text import text_of
from plugins.core.rules import unmarked
from plugins.core.settings import merge

logger = logging.getLogger(__name__)

DEFAULTS = {
    "enabled": True,
    "bundle_dir": "pagefind",
    "language": "vi",
    "exclude_selectors": [],
    "timeout": 600,
    "reuse": True,
}
KEEP = 3  # reused bundles kept (the newest keys)


class SearchSettingsError(ValueError):
    """``SEARCH`` is wrong: the message names the key and says what fits."""


class SearchIndexError(RuntimeError):
    """Pagefind could not build the index: the build must fail."""


def _is_str_list(value) -> bool:
    return isinstance(value, (list, tuple)) and all(isinstance(v, str) and v.strip() for v in value)


def _is_timeout(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0


# key: (check, what the value must be, for the message)
_RULES = {
    "enabled": (lambda v: isinstance(v, bool), "True hoặc False"),
    "bundle_dir": (
        lambda v: isinstance(v, str)
        and re.fullmatch(r"[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*", v) is not None
        and ".." not in PurePosixPath(v).parts,
        "một đường dẫn tương đối đơn giản trong thư mục output, ví dụ \"pagefind\"",
    ),
    "language": (
        lambda v: isinstance(v, str) and re.fullmatch(r"[a-z]{2}", v) is not None,
        "mã ngôn ngữ ISO 639-1 hai chữ cái thường, ví dụ \"vi\"",
    ),
    "exclude_selectors": (_is_str_list, "danh sách các bộ chọn CSS (chuỗi khác rỗng)"),
    "timeout": (_is_timeout, "một số giây dương, ví dụ 600"),
    "reuse": (lambda v: isinstance(v, bool), "True hoặc False"),
}


def merge_settings(raw) -> dict:
    """``SEARCH`` merged over ``DEFAULTS``; raises SearchSettingsError (in
    Vietnamese, naming the key) for anything that is not a valid setting."""
    merged = merge("SEARCH", raw, DEFAULTS, SearchSettingsError, _RULES)
    merged["exclude_selectors"] = list(merged["exclude_selectors"])
    return merged


def pagefind_command(options: dict, site: str, python: str = sys.executable,
                     glob: str = "") -> list[str]:
    """The Pagefind command line that indexes the built site in ``site``
    (only the files ``glob`` matches, when given)."""
    command = [
        python, "-m", "pagefind",
        "--site", site,
        "--output-subdir", options["bundle_dir"],
        "--force-language", options["language"],
        "--quiet",
    ]
    if glob:
        command += ["--glob", glob]
    for selector in options["exclude_selectors"]:
        command += ["--exclude-selectors", selector]
    return command


def save_as_glob(pattern: str) -> str:
    """A Pelican ``*_SAVE_AS`` pattern as a glob of its files:
    ``bai-viet/{slug}/index.html`` → ``bai-viet/*/index.html``; "" when a
    field could hold a "/" (``{date:%Y/%m}``) or the pattern is empty."""
    if not pattern or re.search(r"\{[^}]*/[^}]*\}", pattern):
        return ""
    return re.sub(r"\{[^}]*\}", "*", pattern)


# --- Joined pairs (pure functions) ---------------------------------------------
_RUN_BREAK = re.compile(r"[^\w\s]|_|[\n\r\v\f\u2028\u2029]")  # punctuation, line breaks
_WORD = re.compile(r"[^\W_]+")
_DIGIT = re.compile(r"\d")  # with a «/», a number or a date (search.js isNumber)


# rules.unmarked (``Đại`` → ``dai``), remembered: a few thousand syllables,
# millions of calls.
fold = functools.lru_cache(maxsize=1 << 16)(unmarked)


def joined_pairs(markup: str) -> list[str]:
    """Each pair of adjacent words of ``markup`` (HTML or plain text), joined
    and folded: ``<p>Hội thảo tư vấn</p>`` → ``["hoithao", "thaotu",
    "tuvan"]``. Text is NFC first; a pair never spans punctuation, a line
    break or a block boundary (``<p>``, ``<br>``, ``<li>``…); inline tags
    (``<em>``, ``<a>``) do not break a run. A video card's interface words
    and footnote marks are not text (``html_text``)."""
    text = unicodedata.normalize("NFC", text_of(markup))
    pairs = []
    for run in _RUN_BREAK.split(text):
        words = [fold(word) for word in _WORD.findall(run)]
        pairs += [a + b for a, b in zip(words, words[1:])]
    # A number or a date as printed (3946/QĐ-UBND, 11/11/2020): its parts
    # pair among themselves, as search.js pairs it in a query
    # (3946qd qdubnd). Its «/» split it above, and a reader pasting the
    # decision number an article cites found nothing.
    for token in (text.split() if "/" in text else ()):  # a regex here cost 1.8 s of CPU at N = 5,000
        if "/" in token and _DIGIT.search(token):
            parts = [fold(part) for part in _WORD.findall(token)]
            pairs += [a + b for a, b in zip(parts, parts[1:])]
    return pairs


def search_pairs(markup) -> str:
    """Jinja filter: the joined pairs of ``markup``, space-separated and
    HTML-escaped, for a hidden element of the page."""
    return html.escape(" ".join(joined_pairs(str(markup or ""))))


# --- Signal receivers (module level: Pelican keeps weak references) -----------
def check_settings(pelican):
    _stop()
    _index_only.clear()
    pelican.settings["SEARCH"] = merge_settings(pelican.settings.get("SEARCH"))
    pelican.settings["JINJA_FILTERS"] = {
        **pelican.settings.get("JINJA_FILTERS", {}), "search_pairs": search_pairs,
    }


# --- Pagefind, in the background -------------------------------------------------
# One build at a time per process: the pages still to be written, the glob,
# and the running Pagefind.
_run: dict = {}
# Pages only the index reads: {folder: (glob, write)}.
_index_only: dict[Path, tuple] = {}


def index_only(folder, glob: str, write) -> None:
    """Pages only Pagefind reads (Hỏi & đáp's questions), in ``folder`` of
    the output, matching ``glob``: ``write()`` writes them just before
    Pagefind starts (as soon as the pages it waits for are written: written
    by their generator, after every listing, they made it start at the
    end), and ``build_index`` removes the folder once the index is built."""
    _index_only[Path(folder)] = (glob, write)


def _write_index_only() -> list[str]:
    """Writes the pages only the index reads; their globs."""
    for folder, (_, write) in _index_only.items():
        shutil.rmtree(folder, ignore_errors=True)  # an earlier build's, left by a failure
        write()
    return [glob for glob, _ in _index_only.values()]


def _remove_index_only() -> None:
    for folder in sorted(_index_only):
        shutil.rmtree(folder, ignore_errors=True)
    _index_only.clear()


def _start(options: dict, output: Path, glob: str = "", cache: Path | None = None) -> None:
    # A stale bundle from an earlier build (DELETE_OUTPUT_DIRECTORY is off in
    # development) must not mix with the new one.
    bundle = output / options["bundle_dir"]
    shutil.rmtree(bundle, ignore_errors=True)
    key = bundle_key(options, output, glob) if cache is not None and options["reuse"] else None
    if key and _reuse(cache / key, bundle):
        _run.update(reused=key)
        return
    log = tempfile.TemporaryFile()
    try:
        process = subprocess.Popen(pagefind_command(options, str(output), glob=glob),
                                   stdout=log, stderr=subprocess.STDOUT)
    except OSError as error:
        log.close()
        raise SearchIndexError(f"Pagefind không chạy được: {error}") from error
    _run.update(process=process, log=log, key=key, cache=cache)


def _started() -> bool:
    """Has this build's bundle been started (Pagefind running) or reused?"""
    return "process" in _run or "reused" in _run


def _stop() -> None:
    """Stop a Pagefind still running (a build that failed, or a new build)."""
    process = _run.pop("process", None)
    if process is not None and process.poll() is None:
        process.kill()
        process.wait()
    log = _run.pop("log", None)
    if log is not None:
        log.close()
    _run.clear()


atexit.register(_stop)


def _wait(options: dict) -> str:
    """Pagefind's output once it has finished; SearchIndexError if it failed."""
    if "reused" in _run:
        _stop()
        return ""
    process, log = _run["process"], _run["log"]
    try:
        process.wait(timeout=options["timeout"])
    except subprocess.TimeoutExpired as error:
        _stop()
        raise SearchIndexError(f"Pagefind không chạy được: {error}") from error
    log.seek(0)
    text = log.read().decode("utf-8", "replace")
    code = process.returncode
    _stop()
    if code != 0:
        raise SearchIndexError(  # Pelican logs it and exits non-zero
            f"Pagefind không tạo được chỉ mục tìm kiếm (mã lỗi {code}):\n" + text.strip()[-2000:]
        )
    return text


# --- The bundle kept between builds ------------------------------------------------
def cache_folder(settings) -> Path:
    return Path(os.path.join(settings["CACHE_PATH"], "search")).resolve()


def _patterns(glob: str) -> list[str]:
    """Pagefind's glob as pathlib patterns (``{a,b}``: one each; none:
    Pagefind's default, every HTML file)."""
    if not glob:
        return ["**/*.html"]
    if glob.startswith("{") and glob.endswith("}"):
        return glob[1:-1].split(",")
    return [glob]


def indexed_files(output: Path, glob: str, bundle_dir: str) -> list[Path]:
    """The files Pagefind reads for ``glob`` (its bundle folder left out)."""
    bundle = output / bundle_dir
    files = {path for pattern in _patterns(glob) for path in output.glob(pattern)
             if path.is_file() and bundle not in path.parents}
    return sorted(files)


def pagefind_version() -> str:
    for name in ("pagefind_bin", "pagefind_bin_extended", "pagefind"):
        try:
            return f"{name} {importlib.metadata.version(name)}"
        except importlib.metadata.PackageNotFoundError:
            continue
    return "unknown"


def bundle_key(options: dict, output: Path, glob: str) -> str:
    """The hash of everything Pagefind's bundle is made from."""
    digest = hashlib.sha256(json.dumps(
        [pagefind_version(), options["bundle_dir"], options["language"],
         options["exclude_selectors"], glob], ensure_ascii=False).encode())
    for path in indexed_files(output, glob, options["bundle_dir"]):
        digest.update(path.relative_to(output).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


MANIFEST = ".files.json"  # in a kept bundle: each file's sha256, as Pagefind wrote it


def _digests(folder: Path) -> dict[str, str]:
    """Each file's sha256: a file zeroed with its size kept (a power cut
    on a disk that had the size but not the bytes) passed a check of sizes
    and was published, and the search broke."""
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file() and path.name != MANIFEST}


def _reuse(stored: Path, bundle: Path) -> bool:
    """Copy a kept bundle into the output; False (nothing left behind) when
    there is none, it is not whole (a file missing, emptied, cut or zeroed: it was
    published as it was, and the search broke), or it cannot be copied.
    One not whole is removed: kept under its key, it stopped ``_keep``
    storing the new bundle there, and every later build with no page
    changed ran Pagefind again (16–20 s and 2.8 GB at N = 5,000)."""
    if not stored.is_dir():
        return False
    try:
        whole = _digests(stored) == json.loads((stored / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        whole = False
    if not whole:
        shutil.rmtree(stored, ignore_errors=True)
        return False
    try:
        shutil.copytree(stored, bundle, ignore=shutil.ignore_patterns(MANIFEST))
        os.utime(stored)  # recently used: kept by _keep's pruning
    except (OSError, ValueError):
        shutil.rmtree(bundle, ignore_errors=True)
        return False
    return True


def _keep(bundle: Path, cache: Path, key: str) -> None:
    """Keep a new bundle under its key (appearing in one step), and only the
    ``KEEP`` newest keys. A failure only costs the next build its reuse."""
    temporary = cache / f".{key}.{os.getpid()}.tmp"
    try:
        cache.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(temporary, ignore_errors=True)
        shutil.copytree(bundle, temporary)
        (temporary / MANIFEST).write_text(json.dumps(_digests(bundle)), encoding="utf-8")
        try:
            os.rename(temporary, cache / key)
        except OSError:  # another build kept the same key meanwhile
            shutil.rmtree(temporary, ignore_errors=True)
        build_cache.keep_newest(cache, KEEP)  # a bundle being copied fails whole: Pagefind runs
    except OSError as error:
        shutil.rmtree(temporary, ignore_errors=True)
        # A full disk said in Vietnamese, not shutil's list of 187 English lines.
        logger.warning("search: không giữ được chỉ mục tìm kiếm trong %s để dùng lại: %s", cache,
                       disk_problem(error) or error)


def expect_articles(generator) -> None:
    """article_generator_finalized: the article pages Pagefind waits for."""
    from pelican.utils import sanitised_join

    _stop()
    options = generator.settings.get("SEARCH")
    if not options or not options["enabled"]:
        return
    glob = save_as_glob(generator.settings.get("ARTICLE_SAVE_AS", ""))
    articles = [*generator.articles, *generator.translations,
                *generator.hidden_articles, *generator.hidden_translations]
    drafts = [*generator.drafts, *generator.drafts_translations]
    matches = re.compile(re.escape(glob).replace(r"\*", "[^/]*")).fullmatch if glob else None
    if (not matches or not articles or any(not matches(a.save_as) for a in articles)
            or any(a.save_as and matches(a.save_as) for a in drafts)):
        return  # finalized indexes the whole site
    _run.update(
        globs=[glob], options=options, output=Path(generator.output_path), articles=len(articles),
        cache=cache_folder(generator.settings),
        pending={os.path.normpath(sanitised_join(generator.output_path, article.save_as))
                 for article in articles},
    )


def expect_pages(settings, pattern: str, items) -> None:
    """Another generator's published pages to index with the articles (the
    documents): called from its ``generate_context``, after the article
    generator's. Their glob (from ``pattern``, their ``*_SAVE_AS``) joins
    the articles', and Pagefind waits for them too. A page outside the glob
    sends Pagefind back to ``finalized``, over the whole site."""
    from pelican.utils import sanitised_join

    if "pending" not in _run or not items:
        return
    glob = save_as_glob(pattern)
    matches = re.compile(re.escape(glob).replace(r"\*", "[^/]*")).fullmatch if glob else None
    if not matches or any(not matches(item.save_as) for item in items):
        del _run["pending"]
        return
    if glob not in _run["globs"]:
        _run["globs"].append(glob)
    _run["articles"] += len(items)
    _run["pending"].update(os.path.normpath(sanitised_join(str(_run["output"]), item.save_as))
                           for item in items)


def joined_glob(globs: list[str]) -> str:
    """One glob for Pagefind: ``{a,b}`` when there are several."""
    return globs[0] if len(globs) == 1 else "{" + ",".join(globs) + "}"


def page_written(path, context) -> None:
    """content_written: start Pagefind at the first page after the last
    article page (the main process has sent every child-written page by then)."""
    pending = _run.get("pending")
    if pending is None or _started():
        return
    path = os.path.normpath(path)
    if path in pending:
        pending.discard(path)
    elif not pending:
        glob = joined_glob(_run["globs"] + _write_index_only())
        _start(_run["options"], _run["output"], glob, _run["cache"])
        if "reused" not in _run:
            logger.info("search: Pagefind started in the background on %s after %d article pages",
                        glob, _run["articles"])


def build_index(pelican):
    options = pelican.settings["SEARCH"]
    if not options["enabled"]:
        _remove_index_only()
        return
    output = Path(pelican.output_path)
    try:
        if not _started():
            _stop()
            _write_index_only()
            _start(options, output, cache=cache_folder(pelican.settings))
        reused, key, cache = _run.get("reused"), _run.get("key"), _run.get("cache")
        text = _wait(options)
    finally:
        _remove_index_only()
    for line in text.splitlines():
        if line.strip():
            logger.debug("pagefind: %s", line)
    if reused:
        logger.info("search: the pages Pagefind reads are unchanged: bundle %s reused", reused[:12])
    elif key:
        _keep(output / options["bundle_dir"], cache, key)
    logger.info("Search index written to %s", output / options["bundle_dir"])


def register():
    signals.initialized.connect(check_settings)
    signals.article_generator_finalized.connect(expect_articles)
    signals.content_written.connect(page_written)
    signals.finalized.connect(build_index)
