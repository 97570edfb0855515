"""A fast preview for editors: ``make serve`` (``invoke serve``).

    .venv/bin/python -m workflow.preview [--content content] [--settings pelicanconf.py]
                                [--output output] [--port 8000]

It reads the whole site once, exactly as ``pelican`` does (with
``parallel_read`` and the build cache: the first pages are served within
seconds of a start, measured by ``bench/run.py``), serves pages as soon as
it has, renders the others in the background (a requested page goes
first), then runs Pelican's ``finalized`` (search index, sitemap), and keeps
Pelican's context in memory. When a file changes it

1. runs Pelican's generators again, but every content file whose
   modification time and size did not change, nor those of the photos it
   shows, is taken from memory instead of being read, converted and
   typogrified again (Pelican's own generator-level cache does the same,
   through a pickle on disk);
2. lets the generators "write" every page into a ``LazyWriter``, which
   records how to render each output file without rendering it;
3. tells the browser to reload (Server-Sent Events); the page the browser
   asks for is rendered then, by Pelican's own rendering code, written to the
   output folder (so plugins that rewrite written files, e.g. the visit
   counter, run as in a full build) and served. Other pages are rendered when
   they are requested.

So the output of a page is byte for byte the one a full build writes
(``tests/test_preview.py`` proves it), and saving one article on a site of
5,000 shows the changed page in well under a second (``bench/run.py``
measures it). The only difference on the wire is the reload snippet
(``reload_snippet``), added before ``</body>`` of HTML responses.

What a reader's browser would see, and nothing else: only files inside the
output folder are served (``site_name``); an unknown address, a folder
without an index or a deleted article gets the site's own ``404.html`` with
status 404; HEAD and GET send the same headers. A build that fails after a
save (or at start) is shown in the browser instead of the page: the
``file:line: message`` lines the build logged, in Vietnamese, as the
checker words them; the next successful save reloads the fixed page.

The visit counter works locally: the preview answers GoatCounter's
``/count`` and ``/counter/PATH.json`` under ``COUNTER_PATH`` (the
``endpoint`` of ``VISIT_COUNTER`` in pelicanconf.py), from a SQLite file in
the cache folder (``LocalCounter``); nothing is sent anywhere.

Only one preview or ``invoke publish`` at a time uses an output folder
(``workflow.output_lock``).

A restart with nothing changed serves the output folder at once
(``Site.keep_output``): a run that rendered every page and ran
``finalized`` without a save leaves a stamp (``KEPT_FILE`` in the cache
folder) of the output's files, the content's files, the code and settings
(``build_cache.code_key``) and the next future date of an item; if all of
it holds at the next start, the folder is served as it is while the site
is read (1.2 s instead of 18.5 s before the home page at 5,000 articles),
and no page is rendered again. The first change the watcher sees ends it.
After articles or pages were edited while it was stopped (a ``git pull``),
and only their bodies changed (``Site.edited_pages``), the same folder is
served at once but for the pages that show those bodies, which wait until
the site is read; every page is then rendered again as on any start.

Not redone on each save: what plugins do when the whole site is written
(``finalized``: the search index, the sitemap, the redirect pages) —
restart the preview for those. An old address a save gave a target (a Slug
changed in the desk, its old one in ``Old_slug``) answers a 301 to it
meanwhile (``Site.moved_to``). A change to a plugin or to the settings also
needs a restart; the preview says so.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import http.server
import json
import logging
import mimetypes
import os
import posixpath
import queue
import re
import sqlite3
import sys
import threading
import time
import urllib.parse
from contextlib import closing, contextmanager
from pathlib import Path

from plugins.core import pelican_internals as internals
from plugins.core import photos
from plugins.core.rules import path_key
from plugins.vietnamese import auto_summary

from . import WorkflowError, check_writable, listen, output_lock

ROOT = Path(__file__).resolve().parent.parent

logger = logging.getLogger("preview")

RELOAD_PATH = "/__preview/events"
# What an HTML page gets before </body>: it listens for the next reload.
# ``since``: the reloads sent when the page was asked for; a browser that
# connects after a later one reloads at once (a save between serving the
# page and its connection, which a busy machine stretches, would otherwise
# never show).
RELOAD_TEMPLATE = '<script>new EventSource("{path}?since={since}").onmessage=function(){{location.reload()}}</script>'


def reload_snippet(since: int) -> str:
    return RELOAD_TEMPLATE.format(path=RELOAD_PATH, since=since)


# The snippet with any count, as tests find it in a page.
RELOAD_SNIPPET = re.compile(re.escape(RELOAD_TEMPLATE.format(path=RELOAD_PATH, since="SINCE"))
                            .replace("SINCE", r"\d+").encode())
# GoatCounter's endpoints, answered by the preview itself (VISIT_COUNTER's
# "endpoint" in pelicanconf.py); the counts live in CACHE_PATH/COUNTER_FILE.
COUNTER_PATH = "/__preview/goatcounter"
COUNTER_FILE = "preview-counter.sqlite3"
# What the last complete run left in the output folder (``kept_stamp``).
KEPT_FILE = "preview-output.json"
KEPT_FORMAT = 2
# At most this many files edited while the preview was stopped are read
# before serving to learn whether only their bodies changed (5 ms each).
EARLY_EDITS = 50
AGAIN = "python -m workflow.preview --port {port}"


# --- Reading once ---------------------------------------------------------------
class ReadMemo:
    """Content objects by (generator, class, file), kept while the file's
    modification time and size stay the same, and those of every photo it
    shows (``photos.recording``: its width, height and lead image come from
    them), with their place in the site as read (``_place``, before plugins
    such as ``unify_tags`` change it)."""

    def __init__(self):
        self.items: dict[tuple, tuple] = {}  # key → (stamp, item, place as read)
        self.readers: dict[str, tuple] = {}  # owner → (generator, Pelican's read_file)
        self.keys: dict[tuple, tuple] = {}  # (owner, file) → key of items
        self.as_read: dict[tuple, dict] = {}  # key → the item's attributes as read

    def keep(self, key: tuple, stamp: tuple, item, place: tuple, attributes: dict) -> None:
        self.items[key] = (stamp, item, place)
        self.as_read[key] = dict(attributes)

    def derived(self, key: tuple) -> set[str]:
        """The attributes generators and plugins set or replaced on the
        item after it was read (an album, a document's attachments, the
        neighbours…), None ones left out, and the URL its pattern gives, which
        ``freeze_urls`` keeps on every item."""
        item, before = self.items[key][1], self.as_read[key]
        return {name for name, value in vars(item).items()
                if value is not None and (name not in before or before[name] is not value)
                and not (name == "override_url" and internals.frozen_url(item))}

    def fresh(self, owner: str, full: str) -> bool:
        """Does the memo hold `full`, unchanged since it was read?"""
        key = self.keys.get((owner, full))
        return key is not None and key in self.items and unchanged(self.items[key][0], full)

    def read(self, owner: str, base_path: str, path: str, **kwargs) -> tuple[tuple, object]:
        """(stamp, item): `path` read by Pelican's read_file, with what
        ``unchanged`` compares later."""
        full = os.path.abspath(os.path.join(base_path, path))
        own = file_stamp(full)
        with photos.recording() as seen:
            item = self.readers[owner][1](base_path, path, **kwargs)
        return (own, tuple(sorted(seen.items()))), item

    def install(self, generator) -> None:
        readers = generator.readers
        owner = type(generator).__name__
        self.readers[owner] = (generator, readers.read_file)
        internals.set_memo(readers, lambda full: self.fresh(owner, full))

        def read_file(base_path, path, content_class=None, fmt=None, context=None, **kwargs):
            from pelican.contents import Page

            content_class = content_class or Page
            full = os.path.abspath(os.path.join(base_path, path))
            key = (owner, content_class.__name__, full)
            hit = self.items.get(key)
            if hit is not None and unchanged(hit[0], full):
                internals.set_content_context(hit[1], context)
                return hit[1]
            stamp, item = self.read(owner, base_path, path, content_class=content_class, fmt=fmt,
                                    context=context, **kwargs)
            self.keep(key, stamp, item, _place(item), vars(item))
            self.keys[(owner, full)] = key
            return item

        readers.read_file = read_file


def file_stamp(path: str) -> tuple[int, int] | None:
    """(modification time in ns, size), None for a file that is gone."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def unchanged(stamp: tuple, full: str) -> bool:
    """Are `full` and the photos it showed as they were when read
    (``ReadMemo.read``), and the files it links still there (``photos.noted``)?"""
    own, shown = stamp
    return file_stamp(full) == own and all(
        os.path.exists(path) if was == photos.EXISTS else file_stamp(path) == was for path, was in shown)


# What generators and plugins set on an item after reading it that depends
# only on its place in the site and the other items' places (``_place``):
# an edit that keeps the place keeps them (``Site.update_in_place``). An
# item with any other such attribute (``ReadMemo.derived``: an article's
# album, a document's attachments…, or whatever a plugin adds later) is
# regenerated with the site instead.
PLACE_DERIVED = frozenset({
    "_context", "tags", "category", "author", "authors", "translations",
    "newer_in_category", "older_in_category", "related_articles",  # plugins.neighbours
    "override_save_as", "override_url",  # Hỏi & đáp items: no page of their own
    "_output_location_referenced",
})

# An article or page on which nothing was derived after reading but these
# shows its body on its own page and in the feeds only (``Site.edited_pages``).
BODY_ONLY_DERIVED = PLACE_DERIVED - {"override_save_as", "override_url"}
# An item's attributes as read, but for these, are everything other pages
# show of it (title, summary, date, tags, lead image…): ``fingerprint``.
NOT_SHOWN_ELSEWHERE = frozenset({"_content", "_context", "settings"})


def fingerprint(attributes: dict, settings: dict) -> str:
    """A hash of an item's attributes as read, its body (and the context
    and settings it refers to) left out but for the summary made of it
    when there is no Summary header (``vietnamese.auto_summary``): equal
    before and after an edit when the edit changed nothing other pages
    show. Their ``repr`` is stable across processes (strings, dates,
    Pelican's Tag/Category/Author, dicts of those); an attribute whose repr
    is not would only make it differ."""
    shown = [(name, attributes[name]) for name in sorted(attributes) if name not in NOT_SHOWN_ELSEWHERE]
    if "summary" not in (attributes.get("metadata") or {}):
        shown.append(("summary of the body", auto_summary(attributes.get("_content") or "", settings)))
    return hashlib.sha256(repr(shown).encode()).hexdigest()


# --- What went wrong, for the browser ---------------------------------------------
class Captured(logging.Handler):
    """The error lines logged while the preview builds or renders: the
    Vietnamese ``file:line: message`` lines our plugins log (``fail()``),
    as the checker words them."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.found: list[str] = []
        self.fallback: list[str] = []

    def emit(self, record):
        try:
            message = record.getMessage().strip()
        except Exception:  # noqa: BLE001  a malformed record is still worth showing
            message = str(record.msg).strip()
        skipped = getattr(record, "skipped_file", None)  # plugins.core.errors.explain_skipped
        if skipped or message.startswith("Could not process "):
            # Pelican's summary of an error logged above it; alone only when
            # nothing was (an unexpected error while reading).
            error = record.exc_info[1] if record.exc_info else None
            where = skipped or message.removeprefix("Could not process ").splitlines()[0]
            message = f"{where}: không đọc được tệp" + (
                f" ({type(error).__name__}: {error})" if error is not None else "")
            if message not in self.fallback:
                self.fallback.append(message)
        else:  # one record may name several lines (an article's unusable photos)
            self.found += [line for line in message.splitlines() if line.strip() and line not in self.found]

    @property
    def lines(self) -> list[str]:
        return self.found or self.fallback


class Quiet(logging.Handler):
    """Every record of WARNING or above, kept instead of shown."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@contextmanager
def quiet():
    """Logging to nothing but a ``Quiet`` handler: what a read before the
    start logs is said by the start itself (once). Only while no other
    thread logs (before the server and the watcher run)."""
    root = logging.getLogger()
    handlers, root.handlers = root.handlers, []
    handler = Quiet()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.handlers = handlers


@contextmanager
def captured():
    handler = Captured()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)


def problem_lines(lines: list[str], error: BaseException) -> list[str]:
    """What to show for a failed build: the logged lines, else the error
    itself (a template error as ``file:line: message``)."""
    from jinja2 import TemplateError

    from plugins.core.errors import disk_problem

    if isinstance(error, RuntimeError) and str(error) == "Warning or error encountered":
        text = ""  # Pelican's fatal logging: the logged lines say it all
    elif disk := disk_problem(error):  # not «OSError: [Errno 28]…» on every page, one line a file
        text = disk.replace("rồi chạy lại", "rồi dừng bản xem trước (Ctrl+C) và chạy lại make serve")
    elif isinstance(error, TemplateError) and getattr(error, "lineno", None):
        where = getattr(error, "filename", None) or getattr(error, "name", None) or "?"
        text = f"{os.path.relpath(where) if os.path.isabs(where) else where}:{error.lineno}: {error.message}"
    else:
        text = str(error) if type(error).__name__ == "ContentError" else f"{type(error).__name__}: {error}"
    if text and not any(text in line for line in lines):
        lines = [*lines, text]
    return lines or [f"{type(error).__name__}: {error}"]


class RenderError(Exception):
    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines


# --- The site in memory ---------------------------------------------------------
class Site:
    """Pelican's generators and context, regenerated on demand.

    ``problems``: the lines of the last failed build or update (empty when
    the site is good); the browser is shown them instead of a page."""

    def __init__(self, settings):
        from pelican import Pelican

        from plugins.core.build_cache import templates_cache

        # Pages are rendered on demand from a context patched in place at
        # each save: none comes from plugins.page_cache.
        settings["PAGE_CACHE"] = {**settings.get("PAGE_CACHE", {}), "enabled": False}
        self.settings = settings
        self.pelican = Pelican(settings)  # loads and registers the plugins once
        cache = templates_cache(settings)
        if cache is not None:  # before the generators make their Jinja environments
            settings["JINJA_ENVIRONMENT"] = {**settings["JINJA_ENVIRONMENT"], "bytecode_cache": cache}
        self.memo = ReadMemo()
        self.lock = threading.RLock()
        self.writer = None
        self.names: set[str] = set()
        self.generators = []
        self.built = False
        self.problems: list[str] = []
        # Under an untested Pelican (internals.fast_paths), every save runs
        # Pelican's own whole build: slower, nothing of its internals used.
        self.fast = internals.fast_paths()
        self.waiting = 0  # requests waiting for the lock: finish() lets them go first
        # Saves the watcher has seen and not yet applied: a request waits
        # for them (``applied``), or it could take the lock first and render
        # the page as it was before the save (a save while the site is read).
        self.saves = 0
        self.applied = threading.Condition(self.lock)
        self.reading = False  # start() is reading the site
        # The output folder as the last complete run left it is what this
        # one writes (keep_output): served as it is, nothing rendered again.
        self.kept = False
        # While the site is read after a start that keeps the output, the
        # pages edits made while stopped can change (``edited_pages``) wait.
        self.held: set[str] = set()
        self.inputs: dict | None = None  # the inputs as they were before reading
        self.updated = False  # a save was applied since start

    def generate(self) -> None:
        """Rebuild the context; record (not render) every output file."""
        from pelican.generators import StaticGenerator

        settings = self.settings
        internals.forget_all_rendered()  # links to items that moved: resolved again
        generators = internals.generators_and_context(self.pelican, settings)
        for generator in generators:
            self.memo.install(generator)
        internals.generate_contexts(generators)
        writer = internals.lazy_writer_class()(settings["OUTPUT_PATH"], settings=settings)
        for generator in generators:
            if not isinstance(generator, StaticGenerator) and hasattr(generator, "generate_output"):
                generator.generate_output(writer)
        names = set(writer.pending)
        for gone in self.names - names:  # a page that no longer exists: 404 from now on
            _remove_page(Path(settings["OUTPUT_PATH"]), gone)
        self.names, self.writer, self.generators = names, writer, generators

    def drop_stale_pages(self) -> None:
        """Delete the HTML pages an earlier run (or ``invoke build``) left in
        the output and this one does not write: the output is not emptied
        in development, and after a settings change (fewer listing pages, a
        renamed category) the old pages were still served, 200, with the
        old content. The pages ``finalized`` writes (the desk, redirect
        pages) are written again by ``finish()``; meanwhile a request waits
        for the desk and an old address is sent on (``moved_to``)."""
        output = Path(self.settings["OUTPUT_PATH"])
        keep = (self.settings.get("THEME_STATIC_DIR", "theme") + "/",
                self.settings.get("SEARCH", {}).get("bundle_dir", "pagefind") + "/")
        listing = tree_listing(output) or {}
        for name in listing:
            name = name.replace(os.sep, "/")
            if name.endswith((".html", ".htm")) and name not in self.names and not name.startswith(keep):
                _remove_page(output, name)

    def static_files(self) -> set[str]:
        """The static files the site publishes now (by source path)."""
        return {static.source_path for generator in self.generators or ()
                for static in getattr(generator, "staticfiles", None) or ()}

    def copy_static(self) -> None:
        from pelican.generators import StaticGenerator
        from pelican.writers import Writer

        for generator in self.generators:
            if isinstance(generator, StaticGenerator):
                generator.generate_output(Writer(self.settings["OUTPUT_PATH"], settings=self.settings))

    def build(self) -> bool:
        """A full build: every page rendered, then Pelican's ``finalized``.
        False when it failed (``problems`` says why)."""
        return self._attempt(self._build)

    def _build(self) -> None:
        from pelican.plugins import signals
        from pelican.utils import clean_output_dir

        if not self.fast:
            self.pelican.run()
            self.built = True
            return
        if self.settings["DELETE_OUTPUT_DIRECTORY"]:
            clean_output_dir(self.settings["OUTPUT_PATH"], self.settings["OUTPUT_RETENTION"])
        self.generate()
        for name in list(self.writer.pending):
            self.writer.render(name)
        self.copy_static()
        signals.finalized.send(self.pelican)
        self.built = True

    def start(self) -> bool:
        """The first build, up to serving: the context read (the build cache
        makes it fast), every page recorded, the static files copied. Pages
        are rendered on request, and by ``finish()``. False when it failed."""
        self.reading = True
        try:
            return self._attempt(self._start)
        finally:
            self.reading = False

    def _start(self) -> None:
        from pelican.utils import clean_output_dir

        if not self.fast:
            return self._build()
        if self.settings["DELETE_OUTPUT_DIRECTORY"]:
            clean_output_dir(self.settings["OUTPUT_PATH"], self.settings["OUTPUT_RETENTION"])
        try:
            self.generate()
        except BaseException:
            self.kept = False
            raise
        if self.kept and not self.held and tree_stamp(self.settings["PATH"]) == self.inputs["content"]:
            self.writer.mark_all_written()  # the files are there, as they would be written
        else:
            # Edited while stopped, or a file changed while reading: every
            # page rendered again, as on any start (from now on a request
            # renders its page; finish() renders the rest and runs finalized).
            self.drop_stale_pages()
            self.copy_static()
            self.kept, self.held = False, set()
        self.built = True

    def finish(self) -> bool:
        """After ``start()``, in the background: every page still pending
        rendered (a request waiting for a page goes first), then Pelican's
        ``finalized`` (search index, sitemap). False when a page failed
        (``problems`` says why) or a save broke the site meanwhile."""
        from pelican.plugins import signals

        while self.fast:
            while self.waiting:
                time.sleep(0.005)
            with self.lock:
                if self.problems or self.writer is None:
                    return False
                name = next(iter(self.writer.pending), None)
                if name is None:
                    if self.kept:
                        self.load_templates()
                    done = self.kept or self._attempt(signals.finalized.send, self.pelican)
                    if done and not self.updated:
                        self.save_kept_stamp()
                    return done
                if not self._attempt(self.writer.render, name):
                    return False
        return True

    def update(self, changed: set[str]) -> bool:
        """Apply saved changes; False when the site does not build now."""
        # Before waiting for the lock: from now on no request is answered
        # from the kept output, and the next start reads everything.
        self.kept, self.updated = False, True
        self.forget_kept_stamp()
        self.saves += 1  # the watcher's thread only
        if self.reading:  # seconds at thousands of articles: say the save was seen
            print(f"Đã thấy {len(changed)} tệp được sửa: trang sẽ cập nhật khi đọc xong…", flush=True)
        try:
            return self._attempt(self._update, changed)
        finally:
            with self.applied:
                self.saves -= 1
                self.applied.notify_all()

    def _update(self, changed: set[str]) -> None:
        if not self.built or not self.fast:
            return self._build()  # the first build failed: try it all again
        # After a failure, read everything again: the broken file may not be
        # the one just saved.
        published = self.static_files()
        if self.problems or not self.update_in_place(changed):
            self.generate()
        # A photo's file is published only where a page links it
        # (plugins.images): a saved link can add one.
        if any(not path.endswith(".md") for path in changed) or self.static_files() != published:
            self.copy_static()

    def _attempt(self, action, *args) -> bool:
        with self.lock, captured() as log:
            try:
                action(*args)
            except Exception as error:  # noqa: BLE001  an editor's mistake must not stop the preview
                self.problems = problem_lines(log.lines, error)
                return False
            self.problems = []
            return True

    def update_in_place(self, changed: set[str]) -> bool:
        """The common edit, fast: existing articles or pages whose text
        changed but not their place in the site (date, category, tags and
        authors as spelled, slug, URL, status, language, template), and on
        which no plugin set anything after reading but what depends on that
        place (``PLACE_DERIVED``; an album or a document is not such an
        item: what was derived from its headers must be derived again). The new
        reading replaces the old object's attributes in place, so every list
        that holds it (listings, feeds, neighbours) sees the change, and
        every page is rendered again when requested. False: not such an edit."""
        if self.writer is None or not changed:
            return False
        from plugins.bulletin import file_links

        content = os.path.abspath(self.settings["PATH"]) + os.sep
        found = []
        for path in changed:
            full = os.path.abspath(path)
            if not full.endswith(".md") or not full.startswith(content) or not os.path.exists(full):
                return False
            entries = [key for key in self.memo.items if key[2] == full]
            if len(entries) != 1 or self.memo.derived(entries[0]) - PLACE_DERIVED:
                return False  # e.g. an album or a document: what was derived from its text is redone
            found.append(entries[0])
        for key in found:
            owner, _, full = key
            _, old, place = self.memo.items[key]
            generator = self.memo.readers[owner][0]
            stamp, new = self.memo.read(owner, self.settings["PATH"],
                                        os.path.relpath(full, self.settings["PATH"]),
                                        content_class=type(old), context=generator.context)
            if _place(new) != place or file_links(new) - file_links(old):
                return False  # its place changed, or it links a file (a photo's) the site may not publish yet
            # Kept: what generators and plugins set after reading (translations,
            # neighbours…), and the taxonomy objects the site's lists hold
            # (same slugs and spellings, as read).
            kept = {name: value for name, value in vars(old).items()
                    if name not in vars(new) or name in ("tags", "category", "author", "authors")}
            internals.forget_rendered(old)
            vars(old).clear()
            vars(old).update(vars(new))
            vars(old).update(kept)
            if hasattr(old, "refresh_metadata_intersite_links"):
                old.refresh_metadata_intersite_links()
            self.memo.keep(key, stamp, old, place, vars(new))  # new's own attributes, as read
        self.writer.stale_all()
        return True

    def load_templates(self) -> None:
        """Load every template of the theme into each generator's Jinja
        environment, as rendering the pages does: after a start that kept
        the output, the first save would otherwise pay for it (162 ms
        instead of about 50 on the real content). 0.05 s with the templates'
        bytecode cache (``build_cache.templates_cache``), 2.5 s without."""
        for generator in self.generators:
            env = getattr(generator, "env", None)
            if env is not None:
                for name in env.list_templates(filter_func=lambda name: name.endswith(".html")
                                               and not name.startswith("!")):
                    env.get_template(name)

    def kept_stamp_file(self) -> Path:
        return Path(self.settings["CACHE_PATH"]) / KEPT_FILE

    def keep_output(self, settings_file: Path | None = None) -> bool:
        """Before ``start()``: is the output folder what this start would
        write, so that it can be served at once? Yes when the last run
        rendered every page and ran ``finalized`` without a save meanwhile
        (it then wrote ``kept_stamp``), and since then no file of the
        content, the code, the theme or the settings changed, no file of the
        output either, and no item's future date has come. ``start()`` then
        reads the site (needed for the next save) but renders nothing, copies
        nothing and skips ``finalized``.

        Also yes, but for the pages in ``held``, when the only changes in
        the content are articles or pages whose bodies alone were edited
        (``edited_pages``): the other pages are served as they are until the
        site is read, then every page is rendered again as on any start.
        The stamp is consumed here: only another complete run without a
        save writes it again."""
        self.inputs = inputs_stamp(self.settings, settings_file)
        self.inputs["read_at"] = time.time()
        path = self.kept_stamp_file()
        try:
            stamp = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            stamp = None
        self.forget_kept_stamp()
        self.kept, self.held = False, set()
        if not (self.fast and not self.settings["DELETE_OUTPUT_DIRECTORY"] and isinstance(stamp, dict)):
            return False
        until = stamp.get("until")
        expected = kept_stamp(self.inputs, self.settings["OUTPUT_PATH"], until)
        found = {name: stamp.get(name) for name in expected}
        if until is not None and not (isinstance(until, float | int) and until > time.time()):
            return False
        if found == expected:
            self.kept = True
        elif {**found, "content": ""} == {**expected, "content": ""}:
            held = self.edited_pages(stamp)
            self.kept, self.held = held is not None, held or set()
        return self.kept

    def edited_pages(self, stamp: dict) -> set[str] | None:
        """The pages that wait after files were edited while the preview was
        stopped, or None when the kept output cannot be served meanwhile.

        Each edited file (same name, new size or time; none added or
        removed) must be an article or page the last run recorded
        (``early_entries``: nothing derived from it after reading but its
        place in the site) and, read again now, have the same attributes but
        its body, and the same summary when that is made from the body
        (``fingerprint``; a warning while reading it also says no). Then
        only its own page and the feeds show what changed
        (``tests/test_preview.py`` compares the other pages with a full
        build of the edited content)."""
        from pelican.contents import Article, Page
        from pelican.readers import Readers

        before, now, early = stamp.get("listing"), self.inputs["listing"], stamp.get("early")
        if not isinstance(before, dict) or not isinstance(early, dict) or now is None or set(before) != set(now):
            return None
        edited = [name for name, info in now.items() if list(info) != before[name]]
        if not edited or len(edited) > EARLY_EDITS or any(name not in early for name in edited):
            return None
        held = set(stamp.get("feeds") or [])
        readers = Readers(self.settings)
        with quiet() as log:
            try:
                for name in edited:
                    entry = early[name]
                    item = readers.read_file(base_path=self.settings["PATH"], path=name,
                                             content_class=Article if entry["class"] == "Article" else Page,
                                             context=dict(self.settings))
                    if fingerprint(vars(item), self.settings) != entry["fingerprint"]:
                        return None
                    held.update(entry["pages"])
            except Exception:  # noqa: BLE001  the start reads it again and says what is wrong
                return None
        return None if log.records else held

    def early_entries(self) -> dict:
        """For the stamp: the articles and pages ``edited_pages`` may accept,
        by path in the content folder: their class, ``fingerprint`` and pages."""
        content = os.path.abspath(self.settings["PATH"])
        entries = {}
        for key, (_, item, _) in self.memo.items.items():
            owner, kind, full = key
            as_read = self.memo.as_read[key]
            if ((owner, kind) not in (("ArticlesGenerator", "Article"), ("PagesGenerator", "Page"))
                    or self.memo.derived(key) - BODY_ONLY_DERIVED or getattr(item, "translations", None)
                    or not item.save_as):
                continue
            entries[os.path.relpath(full, content)] = {
                "class": kind, "fingerprint": fingerprint(as_read, self.settings),
                "pages": [posixpath.normpath(item.save_as)]}
        return entries

    def forget_kept_stamp(self) -> None:
        try:
            self.kept_stamp_file().unlink(missing_ok=True)
        except OSError:
            pass  # a read-only cache: it still has to match the folders at the next start

    def save_kept_stamp(self) -> None:
        """After a complete run without a save: what ``keep_output`` checks next time."""
        if self.inputs is None or self.settings["DELETE_OUTPUT_DIRECTORY"]:
            return
        items = [entry[1] for entry in self.memo.items.values()]
        stamp = kept_stamp(self.inputs, self.settings["OUTPUT_PATH"],
                           next_date(items, self.inputs["read_at"]))
        stamp.update(listing=self.inputs["listing"], early=self.early_entries(),
                     feeds=sorted(self.writer.feeds))
        path = self.kept_stamp_file()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(".tmp")
            temporary.write_text(json.dumps(stamp), encoding="utf-8")
            temporary.replace(path)
        except OSError as error:  # a read-only or full disk: the next start reads first
            logger.warning("không ghi được %s (%s): lần chạy sau sẽ đọc lại trang trước khi phục vụ",
                           path, error)

    @contextmanager
    def request(self):
        """The lock, for a request, once no save waits to be applied:
        ``finish()`` waits while one waits."""
        self.waiting += 1
        try:
            with self.lock:
                while self.saves:  # the page as saved, not as it was
                    self.applied.wait()
                yield
        finally:
            self.waiting -= 1

    def moved_to(self, name: str) -> str | None:
        """The site-relative URL an old address leads to as the site is now
        (``plugins.redirects``: Old_url, OLD_URLS, Old_slug), or None. Its
        redirect page is written by ``finalized``, at the next start; until
        then the preview answers it with a 301."""
        with self.request():
            context = self.generators[0].context if self.generators else {}
            return context.get("old_url_targets", {}).get(path_key(name))

    def knows(self, name: str) -> bool:
        """Is `name` a page of the site as it is now (rendered or not)?"""
        with self.request():
            return posixpath.normpath(name) in self.names

    def render(self, name: str) -> None:
        """Render `name` if it is pending; RenderError with the lines to show."""
        with self.request():
            if self.writer is None:
                return
            with captured() as log:
                try:
                    self.writer.render(name)
                except Exception as error:  # a template or plugin error: say it, keep serving
                    raise RenderError(problem_lines(log.lines, error)) from error


def _place(item) -> tuple:
    """What decides where an item appears: if it changed, the site is
    regenerated (listings, archives, taxonomies) instead of patched. Tags,
    authors and the category count with their spelling, not only their
    slug: «hội thảo» → «Hội thảo» must reach every page that lists it."""
    def spelled(values):
        return tuple((getattr(value, "slug", value), str(value)) for value in values or [])

    category = getattr(item, "category", None)
    return (
        getattr(item, "date", None), spelled([category] if category else []),
        spelled(getattr(item, "tags", None)), spelled(getattr(item, "authors", None)),
        getattr(item, "slug", None), getattr(item, "status", None), getattr(item, "lang", None),
        getattr(item, "template", None), getattr(item, "save_as", None), getattr(item, "url", None),
        getattr(item, "translation", None), tuple(sorted(getattr(item, "metadata", {}))),
    )


def _remove_page(output: Path, name: str) -> None:
    """Delete a page that is gone, and the folders it leaves empty."""
    path = output / name
    path.unlink(missing_ok=True)
    for folder in path.parents:
        if folder == output or output not in folder.parents:
            break
        try:
            folder.rmdir()
        except OSError:
            break


# --- The output the last run left --------------------------------------------------
def tree_listing(folder) -> dict[str, list[int]] | None:
    """Every file under `folder`: [size, modification time in ns] by its
    path in it (None when there is no such folder)."""
    root = os.path.abspath(folder)
    if not os.path.isdir(root):
        return None
    found, folders = {}, [root]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                else:
                    info = entry.stat(follow_symlinks=False)
                    found[entry.path[len(root) + 1:]] = [info.st_size, info.st_mtime_ns]
    return found


def listing_stamp(listing: dict[str, list[int]] | None) -> str:
    """A hash of a ``tree_listing`` ("" for no folder)."""
    if listing is None:
        return ""
    lines = sorted(f"{name}\0{size}\0{time}\n" for name, (size, time) in listing.items())
    return hashlib.sha256("".join(lines).encode()).hexdigest()


def tree_stamp(folder) -> str:
    """A hash of the path, size and modification time of every file under
    `folder` ("" when there is none). At 5,000 articles (warm disk cache):
    0.43 s for the 31,466 files of the output, 0.09 s for the content."""
    return listing_stamp(tree_listing(folder))


def inputs_stamp(settings: dict, settings_file: Path | None) -> dict:
    """What every page is made of: the content folder (its ``tree_listing``
    and its hash) and what the reading cache keys on
    (``build_cache.code_key``: our plugins, the theme, the settings files
    and values, the pinned requirements, the Pelican and Python versions),
    with the settings file the preview runs."""
    from plugins.core.build_cache import code_key

    code = code_key(settings)
    if settings_file is not None and Path(settings_file).is_file():
        code += hashlib.sha256(Path(settings_file).read_bytes()).hexdigest()
    listing = tree_listing(settings["PATH"])
    return {"content": listing_stamp(listing), "code": code, "listing": listing}


def next_date(items, after: float) -> float | None:
    """The earliest date later than `after` among the items (a timestamp),
    or None. Where WITH_FUTURE_DATES is False an item becomes public at its
    date (Pelican, ``bulletin.hold_future``): a kept output is stale then."""
    from datetime import datetime

    dates = [item.date.timestamp() for item in items if isinstance(getattr(item, "date", None), datetime)]
    return min((date for date in dates if date > after), default=None)


def kept_stamp(inputs: dict, output, until: float | None) -> dict:
    """The stamp of an output folder: its files, where it is, what it was made of."""
    return {"format": KEPT_FORMAT, "output": os.path.abspath(output), "files": tree_stamp(output),
            "content": inputs["content"], "code": inputs["code"], "until": until}


# --- The local visit counter -----------------------------------------------------
class LocalCounter:
    """GoatCounter's public contract, kept in one SQLite file: a hit per
    ``/count?p=PATH``; ``/counter/TOTAL.json`` and ``/counter/PATH.json``
    answer ``{"count": "1\u202f234", "count_unique": …}`` (numbers as strings,
    U+202F between thousands), 404 with ``"0"`` for a path never seen.
    Every hit counts (no bot filter, no unique visitors: only the editor's
    browser reaches 127.0.0.1). Nothing leaves the machine."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.lock = threading.Lock()

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=5)
        db.execute("CREATE TABLE IF NOT EXISTS hits (path TEXT PRIMARY KEY, count INTEGER NOT NULL)")
        return db

    def hit(self, path: str) -> None:
        with self.lock, closing(self._open()) as db, db:
            db.execute("INSERT INTO hits (path, count) VALUES (?, 1) "
                       "ON CONFLICT (path) DO UPDATE SET count = count + 1", (path,))

    def count(self, path: str | None = None) -> int | None:
        """The site's total (`path` None), or one path's (None if never seen)."""
        with self.lock, closing(self._open()) as db:
            if path is None:
                return db.execute("SELECT COALESCE(SUM(count), 0) FROM hits").fetchone()[0]
            row = db.execute("SELECT count FROM hits WHERE path = ?", (path,)).fetchone()
            return row[0] if row else None


def goatcounter_number(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")


# 1×1 transparent GIF, as GoatCounter answers /count.
GIF = bytes.fromhex(
    "47494638396101000100800100000000ffffff21f904010a0001002c00000000010001000002024c01003b"
)


# --- Serving a folder -------------------------------------------------------------
TYPES = {".js": "text/javascript", ".mjs": "text/javascript", ".webmanifest": "application/manifest+json",
         ".wasm": "application/wasm", ".xml": "application/xml", ".webp": "image/webp"}
TEXT = ("application/json", "application/xml", "application/atom+xml", "application/manifest+json",
        "image/svg+xml", "text/javascript")
NOT_FOUND = ('<!DOCTYPE html><html lang="vi"><meta charset="utf-8"><title>Không tìm thấy trang'
             "</title><h1>Không tìm thấy trang</h1><p>Địa chỉ này không có trên trang.</p></html>")
STATUS_TEXT = {400: "Yêu cầu không hợp lệ", 405: "Phương thức không được hỗ trợ",
               414: "Địa chỉ quá dài", 431: "Phần đầu yêu cầu quá lớn", 500: "Lỗi máy chủ",
               501: "Phương thức không được hỗ trợ"}


def content_type(name: str) -> str:
    kind = ("application/atom+xml" if name.endswith(".atom.xml") else
            TYPES.get(posixpath.splitext(name)[1].lower())
            or mimetypes.guess_type(name)[0] or "application/octet-stream")
    if kind.startswith("text/") or kind in TEXT:
        kind += "; charset=utf-8"
    return kind


def site_name(path: str) -> str | None:
    """The file a URL path asks for, relative to the site's folder
    (``/`` → ``index.html``, ``/a/`` → ``a/index.html``), or None when it
    would leave the folder: ``..`` in any spelling (``%2e%2e``), a
    backslash or a NUL byte."""
    name = urllib.parse.unquote(path)
    if "\\" in name or "\x00" in name or not name.startswith("/"):
        return None
    parts = name.split("/")[1:]
    if any(part == ".." for part in parts):
        return None
    name = "/".join(part for part in parts if part not in ("", "."))
    if not name or path.endswith("/"):
        name = f"{name}/index.html".lstrip("/")
    return name


class FolderHandler(http.server.BaseHTTPRequestHandler):
    """Serves the files inside one folder, and nothing else: no directory
    listing, no file outside it (``site_name``, then the real path checked
    against the folder's), the site's ``404.html`` with status 404 for
    anything unknown, Vietnamese for every other error, and the same
    headers for HEAD as for GET. ``invoke serve-production`` uses it as it
    is; the live preview adds its own addresses, rendering and errors."""

    folder: Path

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.respond(head=False)

    def do_HEAD(self):
        self.respond(head=True)

    def respond(self, head: bool) -> None:
        url = urllib.parse.urlsplit(self.path)
        name = site_name(url.path)
        if name is None:
            return self.not_found(head)
        if not name.endswith("index.html") and self.has_index(name):
            query = f"?{url.query}" if url.query else ""
            return self.send_body(301, b"", "text/plain; charset=utf-8", head,
                                  location=url.path + "/" + query)
        file = self.file(name)
        if file is None:
            return self.not_found(head)
        self.send_body(200, self.page(name, file.read_bytes()), content_type(name), head)

    def has_index(self, name: str) -> bool:
        return (self.folder / name).is_dir() and self.file(f"{name}/index.html") is not None

    def file(self, name: str) -> Path | None:
        """The file for `name`, if it is a file inside the folder."""
        path = self.folder / name
        try:
            inside = path.resolve().is_relative_to(self.folder.resolve())
        except OSError:
            return None
        return path if inside and path.is_file() else None

    def page(self, name: str, body: bytes) -> bytes:
        """Hook: what is sent for the file `name` (the preview adds its reload script)."""
        return body

    def not_found(self, head: bool) -> None:
        file = self.file("404.html")
        body = file.read_bytes() if file else NOT_FOUND.encode()
        self.send_body(404, self.page("404.html", body), "text/html; charset=utf-8", head)

    def send_error(self, code, message=None, explain=None):
        """Python's own error page is English: ours is not."""
        if code == 404:
            return self.not_found(self.command == "HEAD")
        self.close_connection = True
        text = STATUS_TEXT.get(code, "Lỗi")
        body = (f'<!DOCTYPE html><html lang="vi"><meta charset="utf-8"><title>{code} {text}</title>'
                f"<h1>{code} {text}</h1></html>").encode()
        self.send_body(code, body, "text/html; charset=utf-8", self.command == "HEAD")

    def send_body(self, status: int, body: bytes, kind: str, head: bool, **headers) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for key, value in headers.items():
            self.send_header(key.replace("_", "-").title(), value)
        self.end_headers()
        if not head:
            self.wfile.write(body)


# --- Serving the preview -----------------------------------------------------------
class Clients:
    """Browsers waiting for a reload, and how many reloads were sent."""

    def __init__(self):
        self.queues: list[queue.Queue] = []
        self.lock = threading.Lock()
        self.sent = 0

    def add(self, since: int | None = None) -> queue.Queue:
        """A browser's queue; one whose page was asked for before the last
        reload (``since``) gets a reload at once."""
        with self.lock:
            q = queue.Queue()
            self.queues.append(q)
            if since is not None and since != self.sent:
                q.put("reload")
            return q

    def remove(self, q) -> None:
        with self.lock:
            self.queues.remove(q)

    def reload(self) -> None:
        with self.lock:
            self.sent += 1
            for q in self.queues:
                q.put("reload")


def problem_page(lines: list[str]) -> bytes:
    """The page shown instead of every page while the site does not build:
    each ``file:line: message`` line, the file and line set apart."""
    items = []
    for line in lines:
        where, sep, message = line.partition(": ")
        if sep and ":" in where and " " not in where:
            items.append(f"<li><code>{html.escape(where)}</code>: {html.escape(message)}</li>")
        else:
            items.append(f"<li>{html.escape(line)}</li>")
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>Lỗi khi dựng trang – Xem trước</title>\n<style>"
        "body{font:1.0625rem/1.6 system-ui,sans-serif;margin:0;color:#1b1f24}"
        "main{max-width:60rem;margin:0 auto;padding:1.5rem 1rem}"
        "h1{color:#c8102e;font-size:1.5rem}ul{padding-left:1.2rem}"
        "li{margin:.6rem 0;overflow-wrap:anywhere}code{font-weight:700}"
        "</style>\n</head>\n<body>\n<main data-preview-problems>\n"
        "<h1>Chưa dựng được trang</h1>\n"
        "<p>Bản xem trước không dựng được trang vì lỗi dưới đây. Sửa tệp theo hướng dẫn "
        "rồi lưu lại: trang sẽ tự tải lại.</p>\n"
        f"<ul>\n{''.join(items)}\n</ul>\n"
        "<p>Kiểm tra mọi bài: <code>.venv/bin/invoke check</code></p>\n"
        "</main>\n</body>\n</html>\n"
    ).encode()


# How long a request for a file ``finalized`` writes waits for it (N = 5,000,
# cold: every page and the index after 88 s on the 2-core machine).
LATE_WAIT = 300


def make_handler(site: Site, clients: Clients, ready: threading.Event, counter: LocalCounter):
    desk = site.settings.get("DESK", {}).get("path", "quan-tri") + "/"
    # What `finalized` writes once every page is rendered: the editors'
    # desk, the search index, the sitemap.
    late = (desk, "pagefind/", "sitemap.xml")

    class Handler(FolderHandler):
        folder = Path(site.settings["OUTPUT_PATH"])

        def do_GET(self):
            self.since = clients.sent  # before the page is rendered: a reload after it is not missed
            path = urllib.parse.urlsplit(self.path).path
            if path == "/__preview/ready":
                return self.send_body(200 if ready.is_set() else 503, b"ok", "text/plain", False)
            if path == RELOAD_PATH:
                return self._events()
            if path.startswith(COUNTER_PATH + "/"):
                return self._counter(head=False)
            self.respond(head=False)

        def do_HEAD(self):
            self.since = clients.sent
            if urllib.parse.urlsplit(self.path).path.startswith(COUNTER_PATH + "/"):
                return self._counter(head=True)
            self.respond(head=True)

        def do_POST(self):  # navigator.sendBeacon
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if urllib.parse.urlsplit(self.path).path == COUNTER_PATH + "/count":
                return self._counter(head=False)
            self.send_error(405)

        def respond(self, head):
            name = site_name(urllib.parse.urlsplit(self.path).path) or ""
            # The desk stays usable while the site does not build: it is
            # where an editor fixes the article.
            if site.problems and not name.startswith(desk) and (
                    name.endswith(".html") or "." not in posixpath.basename(name)):
                return self._problems(site.problems, head)
            # Asked for before `finalized` has written it (the desk opened as
            # soon as the home page is served): wait for it, not a 404.
            if (not ready.is_set() and (name.startswith(late) or name == desk.rstrip("/"))
                    and not (self.folder / name).is_file()):
                ready.wait(LATE_WAIT)
            try:
                return super().respond(head)
            except RenderError as error:
                print("Không dựng được trang:\n  " + "\n  ".join(error.lines), flush=True)
                return self._problems(error.lines, head)

        def not_found(self, head):
            # An old address whose redirect page finalized has not written
            # yet (a Slug changed in the desk while the preview runs).
            target = site.moved_to(site_name(urllib.parse.urlsplit(self.path).path) or "")
            if target is not None:
                return self.send_body(301, b"", "text/plain; charset=utf-8", head, location=f"/{target}")
            super().not_found(head)

        # While the site is read after a start that keeps the output
        # (site.kept), the output folder is served as it is, but for the
        # pages edits made while stopped can change (site.held).
        def has_index(self, name):
            return (not site.kept and site.knows(f"{name}/index.html")) or super().has_index(name)

        def file(self, name):
            if not site.kept or posixpath.normpath(name) in site.held:
                site.render(name)
            return super().file(name)

        def page(self, name, body):
            # The editors' desk (plugins.desk) is served as built: it saves
            # into content/ itself, and a reload would drop what is typed.
            if name.endswith(".html") and not name.startswith(desk):
                snippet = reload_snippet(getattr(self, "since", clients.sent))
                body = body.replace(b"</body>", snippet.encode() + b"</body>", 1)
            return body

        def _problems(self, lines, head):
            self.send_body(500, self.page("loi.html", problem_page(lines)),
                           "text/html; charset=utf-8", head)

        def _counter(self, head):
            url = urllib.parse.urlsplit(self.path)
            cors = {"access_control_allow_origin": "*"}
            if url.path == COUNTER_PATH + "/count":
                path = urllib.parse.parse_qs(url.query).get("p", [""])[0]
                if not path:
                    return self.send_body(400, b"no path", "text/plain", head, **cors)
                if not head:
                    counter.hit(path)
                return self.send_body(200, GIF, "image/gif", head, **cors)
            name = urllib.parse.unquote(url.path.removeprefix(COUNTER_PATH + "/counter/"))
            path, _, extension = name.rpartition(".")
            if not url.path.startswith(COUNTER_PATH + "/counter/") or extension != "json":
                return self.send_error(404)
            count = counter.count(None if path == "TOTAL" else path)
            text = goatcounter_number(count or 0)
            body = json.dumps({"count": text, "count_unique": text}).encode()
            self.send_body(404 if count is None else 200, body, "application/json", head, **cors)

        def _events(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
            since = query.get("since", [""])[0]
            q = clients.add(int(since) if since.isdigit() else None)
            try:
                self.wfile.write(b": connected\n\n")
                self.wfile.flush()
                while True:
                    try:
                        message = q.get(timeout=15)
                        self.wfile.write(f"data: {message}\n\n".encode())
                    except queue.Empty:
                        self.wfile.write(b": ping\n\n")
                    self.wfile.flush()
            except OSError:
                pass
            finally:
                clients.remove(q)

    return Handler


def report(site: Site) -> None:
    print("Không dựng được trang:\n  " + "\n  ".join(site.problems)
          + "\nTrình duyệt đang hiện lỗi này. Sửa rồi lưu tệp: trang tự dựng lại và tải lại.",
          flush=True)


def code_paths(settings: dict) -> list[str]:
    """The source of our plugins (a change there needs a restart): the
    package or module of each of PLUGINS that lives under PLUGIN_PATHS.
    Not PLUGIN_PATHS itself: ours is the project's root, which also holds
    content/ and theme/ (watching it flagged every saved article as code)."""
    import importlib.util

    roots = [os.path.abspath(path) for path in settings.get("PLUGIN_PATHS") or []]
    found = set()
    for name in settings.get("PLUGINS") or []:
        if not isinstance(name, str):
            continue
        try:
            spec = importlib.util.find_spec(name.split(".")[0])
        except (ImportError, ValueError):
            spec = None
        if spec is None:
            continue
        for location in spec.submodule_search_locations or [spec.origin]:
            location = os.path.abspath(location)
            if any(location.startswith(root + os.sep) for root in roots):
                found.add(location)
    return sorted(found)


def watch(site: Site, clients: Clients, stop: threading.Event, settings_file: Path | None = None) -> None:
    """Regenerate on every change under the content and the theme; ask for
    a restart when the plugins' code or the settings file changes."""
    from watchfiles import watch as watch_files

    settings = site.settings
    content = os.path.abspath(settings["PATH"])
    theme = os.path.abspath(settings["THEME"])
    output = os.path.abspath(settings["OUTPUT_PATH"])
    code = code_paths(settings) + ([os.path.abspath(settings_file)] if settings_file else [])
    under_code = tuple(code) + tuple(path + os.sep for path in code)
    for changes in watch_files(content, theme, *code, stop_event=stop, step=20,
                               debounce=400, rust_timeout=500, yield_on_timeout=False):
        paths = {path for _, path in changes
                 if not path.startswith(output + os.sep) and "__pycache__" not in path}
        if any(path.startswith(under_code) for path in paths):
            print("Mã plugin hoặc tệp cấu hình đã thay đổi: hãy dừng (Ctrl+C) và chạy lại "
                  "«make serve».", flush=True)
            paths = {path for path in paths if not path.startswith(under_code)}
        if not paths:
            continue
        start = time.perf_counter()
        if site.update(paths):
            elapsed = (time.perf_counter() - start) * 1000
            print(f"Đã cập nhật sau khi sửa {len(paths)} tệp ({elapsed:.0f} ms)", flush=True)
        else:
            report(site)
        clients.reload()


def read_settings(settings_file: Path, content: Path | None, output: Path | None) -> dict:
    from pelican.settings import read_settings as pelican_read_settings

    override = {}
    if content is not None:
        override["PATH"] = str(content.resolve())
    if output is not None:
        override["OUTPUT_PATH"] = str(output.resolve())
    return pelican_read_settings(str(settings_file), override=override)


def serve(settings_file: Path = ROOT / "pelicanconf.py", content: Path | None = None,
          output: Path | None = None, host: str = "127.0.0.1", port: int = 8000,
          stop: threading.Event | None = None, again: str = AGAIN) -> None:
    """Build, then serve with live reload until `stop` is set (or Ctrl+C).

    WorkflowError, before anything is built or written, when another
    preview or publish holds the output folder, or the port is taken."""
    from pelican.log import init as init_logging

    init_logging(level=logging.WARNING)
    settings = read_settings(settings_file, content, output)
    check_writable(Path(settings["OUTPUT_PATH"]))
    with output_lock(Path(settings["OUTPUT_PATH"])):
        try:
            site = Site(settings)
        except Exception as error:  # noqa: BLE001  a plugin or a setting: Pelican said which above
            raise WorkflowError(f"không khởi động được bản xem trước: {error} — sửa lỗi ở trên "
                                "(thường là trong pelicanconf.py) rồi chạy lại") from None
        clients = Clients()
        ready = threading.Event()
        stop = stop or threading.Event()
        counter = LocalCounter(Path(settings["CACHE_PATH"]) / COUNTER_FILE)
        start = time.perf_counter()
        # Until start() has read the site, a request waits for it (the output
        # folder may hold pages of older content), unless the folder is kept.
        with site.lock:
            server = listen(host, port, make_handler(site, clients, ready, counter), again)
            kept = site.keep_output(settings_file)  # once the port is ours: it consumes the stamp
            threading.Thread(target=server.serve_forever, daemon=True).start()
            # Watch before building: an edit saved during the first build is not lost.
            threading.Thread(target=watch, args=(site, clients, stop, settings_file), daemon=True).start()
            address = f"http://{host}:{server.server_address[1]}/"
            if kept and not site.held:
                print(f"Không có gì thay đổi từ lần xem trước: xem ngay tại {address} "
                      "(Ctrl+C để dừng); đang đọc lại trang để theo dõi các lần sửa…", flush=True)
            elif kept:
                print(f"Từ lần xem trước chỉ có nội dung bài được sửa: xem ngay tại {address} "
                      "(Ctrl+C để dừng); trang của các bài đã sửa mở được khi đọc xong trang…", flush=True)
            # Pages are served once the site is read (start); the rest of the
            # pages, the search index and the sitemap follow (finish).
            started = site.start()
        if started:
            print(f"Đã đọc trang trong {time.perf_counter() - start:.1f} s. "
                  f"Xem trước tại {address} (Ctrl+C để dừng)", flush=True)
            if site.finish():
                print(f"Đã dựng mọi trang trong {time.perf_counter() - start:.1f} s.", flush=True)
            else:
                report(site)
        else:
            report(site)
            print(f"Xem trước tại {address} (Ctrl+C để dừng)", flush=True)
        ready.set()
        try:
            while not stop.wait(0.5):
                pass
        except KeyboardInterrupt:
            stop.set()
        finally:
            server.shutdown()
            server.server_close()


def main(argv=None, again: str = AGAIN) -> int:
    parser = argparse.ArgumentParser(description="Xem trước trang (dựng lại nhanh khi sửa bài).")
    parser.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py")
    parser.add_argument("--content", type=Path, default=None)
    parser.add_argument("--output", type=Path, default=ROOT / "output")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    try:
        serve(args.settings, args.content, args.output, args.host, args.port, again=again)
    except WorkflowError as error:
        print(f"lỗi: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
