"""Rendered pages kept between builds: a page whose inputs did not change
is not rendered again (issue 13, warm builds).

A warm production build read every article from the build cache and then
rendered all 8,786 pages again at N = 5,000 (Jinja and the page transforms:
12.1 of 20.5 s of a warm build at N = 1,000, sequential, under cProfile),
although one article's body was all that changed. This plugin keeps each
rendered page (the finished HTML, after ``plugins/core/written.py``'s
transforms) in ``CACHE_PATH/pages/<code key>/``, under a key of everything
its rendering reads, and hands it back instead of rendering when the key
is the same. Pelican's writer still writes the file and sends
``content_written``, so the sitemap, the search plugin and the hashed
asset names see every page as before.

The key of a page (``page_key``) hashes:

- the *site key*, made once a build in the main process before the first
  page is written (``get_writer``, after every plugin's
  ``all_generators_finalized``; ``parallel_write``'s forked writers inherit
  it): our plugins' code, the theme, ``pelicanconf.py``/``publishconf.py``,
  the pinned requirements and the installed packages
  (``build_cache.code_key``), the settings, and the whole shared context
  (every list and mapping the generators made), every content object
  reached from it in its *listing form*: all its attributes (``vars``)
  and its summary, not its body (``_content``);
- the template's name, and what the page's own context adds to the shared
  one (``article``, ``articles_page``, ``output_file``, …): a content
  object there by its token (class and source file), in its listing form
  when it is directly in the context (``article``, hashed as it is then)
  or was not reached from the shared context.

A container is hashed as the hash of its items' forms (a list of lists is
as long as its own items, not as everything below it: the shared context
as text took 5 GB at N = 5,000). Containers of the shared context are
hashed once a build (``shared``), and long ones a page's context holds
(the list of an author's articles, named on each of the author's pages)
once a process (``memo``, by id and length, the container kept so its id
is not reused).

The bodies a page reads are kept with it: the token and hash of each body
read during its render (``pelican_internals.watch_content`` sees every
read). On reuse each is compared with the body now, and a difference
renders the page again. So an article's body edited (summary unchanged)
renders that article's page alone; a title, a date, a tag or a summary
changed renders every page, as does any change to code, theme, settings
or packages.

What keeps that sound:

- **A body read through another page.** A template reading the body of an
  object that is not in its page's own context (a home page printing the
  newest article whole) would depend on a body the key leaves out: such a
  page is rendered as usual and not kept.
- **What a render does besides returning HTML.** The photos' WebP copies
  are made as a page is rendered (``plugins.images``). Such a step calls
  ``effect(function, *args)``: the call is recorded with the page and made
  again, with the new context, when the page is handed back.
- **What a render reads from outside the context.** A photo's upright
  size, read from its file as the page is rendered (``plugins.images``:
  the ``srcset`` widths and the WebP copies' sizes; a body whose
  ``<img>`` says its ``width``/``height``, as the Word import writes it,
  does not change when the photo is replaced under its name). Such a read
  goes through ``read(function, *args)``: the call and its answer are
  kept with the page, and the page is handed back only when the same call
  gives the same answer now (else, or on an error, it is rendered again).
- **Messages.** A page whose render logged a warning or an error is not
  kept, so the message comes back at every build.
- **Anything the key cannot name.** A value of the context that has no
  stable form (an object printed with its memory address) makes the page
  (or, in the shared context, the build) uncached, with a debug line.
- **Content objects change no more once writing starts.** Pelican's
  ``article_generator_write_article`` receivers may still change the
  article about to be written: it is in its page's context directly, so
  its listing form is taken then; none of our plugins changes another
  item while pages are written.

Measured at N = 5,000 (2026-12-06, one run each, the same machine, output
emptied first as in CI): a build with nothing changed 59.5 s without the
cache, 44.1 s with it; its article pages (two processes) 24 s → 8.8 s.
After one article's body is edited the search index is rebuilt whole
(Pagefind, about 35 s from when the article pages are written), which
bounds that build (``bench/HISTORY.md``).

Not used by the live preview (``workflow/preview.py`` renders on demand and
patches its context in place between saves) nor under an untested Pelican
(``pelican_internals.fast_paths``). Entries not used by a build are removed
at its end, and the newest ``KEEP`` code keys are kept; ``invoke clean
--cache`` removes the folder.

Settings (merged over ``DEFAULTS``, checked when Pelican starts)::

    PAGE_CACHE = {
        "enabled": True,
        "folder": "",   # "" = CACHE_PATH/pages
    }
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import importlib
import logging
import os
import pickle
import re
import time
from pathlib import Path, PurePath

from pelican import signals

from plugins.core import build_cache, written
from plugins.core import pelican_internals as internals
from plugins.core.errors import disk_problem
from plugins.core.photos import write
from plugins.core.settings import merge

logger = logging.getLogger(__name__)

DEFAULTS = {"enabled": True, "folder": ""}
FORMAT = 3
KEEP = 3  # folders of code and settings keys kept (the newest)
# Modules whose objects are walked attribute by attribute (no stable repr).
WALKED = ("pelican.", "plugins.")
# A content object's attributes left out of its listing form: the context
# and settings it points to (hashed once, in the shared context), and its
# body (checked apart: the bodies a page reads are kept with it).
NOT_OWN = {"_context", "settings", "_content"}
# Where the output and the caches are, and how the build logs: no page says.
UNKEYED = {"OUTPUT_PATH", "CACHE_PATH", "DEBUG"}
# Lists in an order that changes from one build to the next, which no
# template reads: hashed as sets. Pelican's static generator lists its files
# from a set of paths (``linked_files | found_files``), in the order of the
# interpreter's hash seed.
UNORDERED = {"staticfiles"}


class PageCacheError(ValueError):
    pass


class Uncacheable(Exception):
    """A value with no stable form: the page (or the build) is not cached."""


def load_config(value) -> dict:
    return merge("PAGE_CACHE", value, DEFAULTS, PageCacheError)


# --- Forms of the context (pure, but for the content classes' import) ----------
@functools.cache
def _content_types():
    from pelican.contents import Content, Static
    from pelican.urlwrappers import URLWrapper

    return Content, Static, URLWrapper


def digest(text: str) -> str:
    """The one hash of the forms and bodies (128 bits: keys, not secrets)."""
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def token(item) -> str:
    """A content object named by its class and source file."""
    return f"<{type(item).__name__} {item.source_path}>"


SHARED_MIN = 8  # containers at least this long are hashed once a build, in the shared context
CONTAINERS = (dict, list, tuple, set, frozenset)
# Classes whose objects do not change once made: a page's walk of one met
# again (the paginator of an author's 50 pages, named by each of them three
# times) is taken from the memo.
UNCHANGING = {"pelican.paginator.Paginator"}


class Walker:
    """Writes a stable text form of context values into ``out`` (a list of
    strings): the same value gives the same text in every process and
    every build. Content objects are written as their ``token`` and
    collected in ``met`` (their own forms are hashed apart). ``known``
    maps the id of an object hashed once a build (the settings, the shared
    context) to its name, and ``shared`` the id of a container of the
    shared context to ``(container, its hash)``: a page's context reaching
    one (a paginator's list of every article) writes the hash, not the
    list again. With ``record``, the containers walked are added to
    ``shared`` (the site key's walk); the container is kept there, so its
    id is not reused by another object during the build."""

    def __init__(self, known: dict[int, str], shared: dict[int, tuple], record: bool = False,
                 memo: dict | None = None):
        self.known = known
        self.shared = shared
        self.record = record
        # The pages' walks: a long container met again (the list of an
        # author's articles, on each page of the author's listing) is
        # written from here, with the content objects it holds. Keyed by
        # id and length, the container kept: its id is not reused.
        self.memo = memo
        self.met: dict[int, object] = {}
        # The objects of memoized containers, one dict per container (an
        # author's 5,000 articles merged into ``met`` on each of the
        # author's 500 pages cost more than the rest of the key).
        self.chunks: dict[int, dict[int, object]] = {}
        self._stack: set[int] = set()
        self.content, self.static, self.wrapper = _content_types()

    def walk(self, value, out: list) -> None:
        kind = type(value)
        if value is None or kind in (bool, int, float):
            out.append(repr(value))
        elif isinstance(value, str):
            out.append(f"{kind.__name__}:{str(value)!r}")
        elif isinstance(value, bytes):
            out.append(repr(value))
        elif isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
            out.append(f"{kind.__name__}:{value.isoformat()}:{getattr(value, 'tzinfo', None)}")
        elif isinstance(value, self.content):
            self.met[id(value)] = value
            out.append(token(value))
        elif isinstance(value, self.wrapper):
            out.append(f"<{kind.__name__} {value.name!r} {value.slug!r}>")
        elif id(value) in self.known:
            out.append(self.known[id(value)])
        elif id(value) in self.shared:  # hashed already (the settings' values, again in the context)
            out.append(self.shared[id(value)][1])
        elif isinstance(value, PurePath):
            out.append(f"path:{value}")
        elif isinstance(value, re.Pattern):
            out.append(f"re:{value.pattern!r}:{value.flags}")
        elif kind is type or callable(value) and hasattr(value, "__qualname__"):
            out.append(f"fn:{getattr(value, '__module__', '')}.{value.__qualname__}")
        elif id(value) in self._stack:
            out.append("<cycle>")
        elif self.memo is not None and (isinstance(value, CONTAINERS) and len(value) >= SHARED_MIN
                                        or f"{kind.__module__}.{kind.__qualname__}" in UNCHANGING):
            key = (id(value), len(value) if isinstance(value, CONTAINERS) else -1)
            if key not in self.memo:
                inner = Walker(self.known, self.shared, memo=self.memo)
                inner._stack = self._stack
                self._stack.add(id(value))
                try:
                    form = inner._form(value, kind)
                finally:
                    self._stack.discard(id(value))
                met = dict(inner.met)
                for chunk in inner.chunks.values():
                    met.update(chunk)
                self.memo[key] = (value, form, met)
            _, form, met = self.memo[key]
            out.append(form)
            self.chunks[id(met)] = met
        else:
            self._stack.add(id(value))
            try:
                form = self._form(value, kind)
                if self.record and isinstance(value, CONTAINERS) and len(value) >= SHARED_MIN:
                    self.shared[id(value)] = (value, form)
                out.append(form)
            finally:
                self._stack.discard(id(value))

    def _form(self, value, kind) -> str:
        """A container's or a walked object's form: its text when short,
        else the hash of its text (a list holding lists is written in the
        size of its own items, not of everything below it: the site's
        context at N = 5,000 took 5 GB as text)."""
        part: list = []
        self._walk_container(value, kind, part)
        text = "".join(part)
        if len(text) <= 64:
            return text
        return "#" + digest(text)

    def _walk_container(self, value, kind, out: list) -> None:
        if isinstance(value, dict):
            parts = []
            for key, item in value.items():
                part = []
                self.walk(key, part)
                part.append(":")
                self.walk(item, part)
                parts.append("".join(part))
            out.append("{" + ",".join(sorted(parts)) + "}")
        elif isinstance(value, (list, tuple)):
            out.append("[")
            for item in value:
                self.walk(item, out)
                out.append(",")
            out.append("]")
        elif isinstance(value, (set, frozenset)):
            parts = []
            for item in value:
                part = []
                self.walk(item, part)
                parts.append("".join(part))
            out.append("{" + ",".join(sorted(parts)) + "}")
        elif kind.__module__.startswith(WALKED) and hasattr(value, "__dict__"):
            out.append(f"<{kind.__module__}.{kind.__qualname__}")
            self._walk_container(vars(value), dict, out)  # its attributes: not a container of its own
            out.append(">")
        else:
            text = repr(value)
            if " at 0x" in text or " object at " in text:
                raise Uncacheable(f"{kind.__module__}.{kind.__qualname__}")
            out.append(f"{kind.__qualname__}:{text}")

    def listing_form(self, item) -> str:
        """Every attribute of a content object but its body, and its
        summary (what listings show, computed from the body)."""
        out: list = [token(item)]
        self._walk_container({key: value for key, value in vars(item).items() if key not in NOT_OWN}, dict, out)
        if not isinstance(item, self.static):
            try:
                out.append("summary:")
                self.walk(item.summary, out)
            except Exception:  # noqa: BLE001  a stub or a broken item: its own page says so
                raise Uncacheable(f"summary of {token(item)}") from None
        return "".join(out)


def body_hash(item) -> str:
    body = getattr(item, "_content", None)
    return digest(body) if isinstance(body, str) else repr(body)


def known_objects(context: dict, settings: dict) -> dict[int, str]:
    return {id(settings): "<settings>", id(context): "<context>"}


def site_key(context: dict, settings: dict, code: str, shared: dict, listings: dict) -> str:
    """The hash of everything shared by every page of a build (see the
    module's docstring). Fills ``shared`` (the shared containers' hashes)
    and ``listings`` (each content object's listing form's hash, with the
    object: id -> (item, hash)). Raises Uncacheable."""
    walker = Walker(known_objects(context, settings), shared, record=True)
    site = hashlib.sha256(f"{FORMAT}\0{code}\0".encode())
    out: list = []
    for mapping in (settings, context):
        walker.walk({key: set(value) if key in UNORDERED and isinstance(value, list) else value
                     for key, value in mapping.items() if key not in UNKEYED}, out)
    site.update("".join(out).encode())
    while len(listings) < len(walker.met):  # the objects met, and those they point to
        for ident, item in list(walker.met.items()):
            if ident not in listings:
                form = walker.listing_form(item)
                listings[ident] = (item, digest(form))
    for form in sorted(token(item) + form for item, form in listings.values()):
        site.update(form.encode() + b"\0")
    return site.hexdigest()


class Own:
    """The content objects of a page's own context: those met directly, and
    those of the memoized containers it holds (shared, not copied)."""

    def __init__(self, met: dict, chunks: dict):
        self.met, self.chunks = met, list(chunks.values())

    def __contains__(self, ident: int) -> bool:
        return ident in self.met or any(ident in chunk for chunk in self.chunks)

    def values(self):
        yield from self.met.values()
        for chunk in self.chunks:
            yield from chunk.values()


def page_key(site: str, template: str, local: dict, known: dict[int, str], shared: dict,
             listings: dict, memo: dict) -> tuple[str, Own]:
    """The key of one page, and the content objects its own context holds
    (their bodies may be read, and are checked against the entry,
    ``render``). The page's context names each object by its token; an
    object's listing form is in the site key already, but for an object
    directly in the page's context (``article``, ``page``: hashed as it is
    now) or one the shared context did not reach. Raises Uncacheable."""
    walker = Walker(known, shared, memo=memo)
    out: list = [site, template]
    for name in sorted(local):  # the page's own dict is new each page: not memoized
        out.append(name)
        walker.walk(local[name], out)
    forms = []
    for value in local.values():
        if isinstance(value, walker.content):
            forms.append(Walker(known, shared).listing_form(value))
    unlisted = [item for ident, item in walker.met.items() if ident not in listings]
    for ident, chunk in walker.chunks.items():
        if ("unlisted", ident) not in memo:
            memo["unlisted", ident] = (chunk, [item for key, item in chunk.items() if key not in listings])
        unlisted += memo["unlisted", ident][1]
    forms += [Walker(known, shared).listing_form(item) for item in unlisted]
    out += sorted(forms)
    return hashlib.sha256("\0".join(out).encode()).hexdigest(), Own(walker.met, walker.chunks)


# --- The state of this build ------------------------------------------------------
# This build's state (begin, then _site): context, settings, base, start,
# stats; site, shared, known, containers, listings, memo, folder. Empty:
# not caching.
_build: dict = {}
_render: dict = {}  # the page being rendered: own, clean, effects, reads, outside


def _watch(item) -> None:
    """pelican_internals.watch_content: a body read during a render, kept
    with the page (its object's token and the body's hash), or, an object
    not in the page's own context, the page not kept."""
    if not _render:
        return
    if id(item) in _render["own"]:
        _render["reads"][token(item)] = body_hash(item)
    else:
        _render["clean"] = False


def _same_bodies(reads: dict, own: Own) -> bool:
    """Every body the kept page read is the same now."""
    if not reads:
        return True
    found = {token(item): item for item in own.values()}
    return all(name in found and body_hash(found[name]) == digest for name, digest in reads.items())


class _Logged(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)

    def emit(self, record):
        if _render:
            _render["clean"] = False


_logged = _Logged()


def effect(function, *args) -> None:
    """Record, for the page being rendered, a step it makes besides its HTML
    (``function(context, *args)``, a module-level function, its arguments
    picklable): done again when the page is handed back from the cache."""
    if _render:
        _render["effects"].append((function.__module__, function.__qualname__, args))


def read(function, *args):
    """``function(*args)``, for the page being rendered a value it is made
    from that its key does not hold (a photo's size, from its file):
    ``function`` a module-level function, its arguments and answer
    picklable and comparable, cheap to call again. The call and its answer
    are kept with the page; it is handed back only when the call answers
    the same then (``_same_outside``)."""
    value = function(*args)
    if _render:
        _render["outside"].append((function.__module__, function.__qualname__, args, value))
    return value


def _function(module: str, name: str):
    function = importlib.import_module(module)
    for part in name.split("."):
        function = getattr(function, part)
    return function


def _same_outside(outside) -> bool:
    """Every read ``read`` kept with the page answers the same now (an
    error, a photo gone: rendered again, which says why)."""
    for module, name, args, value in outside:
        try:
            if _function(module, name)(*args) != value:
                return False
        except Exception:  # noqa: BLE001  the render says it, as a build without the cache does
            return False
    return True


def _replay(effects, context) -> None:
    for module, name, args in effects:
        _function(module, name)(context, *args)


def _path(key: str) -> Path:
    return _build["folder"] / key[:2] / key


def _load(key: str):
    path = _path(key)
    try:
        with open(path, "rb") as file:
            entry = pickle.load(file)
        os.utime(path)  # used by this build: kept by the pruning
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001  a damaged entry: rendered again and replaced
        return None
    if not (isinstance(entry, tuple) and len(entry) == 5 and entry[0] == FORMAT):
        return None
    return entry[1:]


def _store(key: str, html: str, effects: list, reads: dict, outside: list) -> None:
    try:  # through a temporary name: another process never reads half an entry
        write(_path(key), pickle.dumps((FORMAT, html, effects, reads, outside), protocol=pickle.HIGHEST_PROTOCOL))
    except OSError as error:  # a full disk, a file where the folder goes: rendered again next time
        if not _build.get("warned"):
            _build["warned"] = True
            logger.warning("không ghi được bộ nhớ đệm trang %s (%s): trang web vẫn được dựng đủ, chỉ lần dựng "
                           "sau chậm hơn — chạy «invoke clean --cache» để tạo lại thư mục đó",
                           _build["folder"], disk_problem(error) or error.strerror or error)


def render(template, context: dict, render_page) -> str:
    """``written.render_wrapper``: the finished page from the cache, or
    rendered by ``render_page()`` and kept."""
    if not _build or not _site():
        return render_page()
    shared = _build["shared"]
    local = {key: value for key, value in context.items()
             if key not in shared or shared[key] is not value}
    try:
        key, own = page_key(_build["site"], template.name or "", local, _build["known"],
                            _build["containers"], _build["listings"], _build["memo"])
    except Uncacheable as why:
        logger.debug("page_cache: %s not kept (%s)", context.get("output_file"), why)
        _build["stats"]["uncached"] += 1
        return render_page()
    entry = _load(key)
    if entry is not None and _same_bodies(entry[2], own) and _same_outside(entry[3]):
        _replay(entry[1], context)
        _build["stats"]["reused"] += 1
        return entry[0]
    _render.update(own=own, clean=True, effects=[], reads={}, outside=[])
    root = logging.getLogger()
    root.addHandler(_logged)
    try:
        html = render_page()
    finally:
        root.removeHandler(_logged)
        clean, effects, reads, outside = _render["clean"], _render["effects"], _render["reads"], _render["outside"]
        _render.clear()
    if clean:
        _store(key, html, effects, reads, outside)
    _build["stats"]["rendered" if clean else "unkept"] += 1
    return html


# --- Signal receivers (module level: Pelican keeps weak references) -------------
def check_settings(pelican):
    _build.clear()
    pelican.settings["PAGE_CACHE"] = load_config(pelican.settings.get("PAGE_CACHE", {}))


def folder_of(settings) -> Path:
    config = settings["PAGE_CACHE"]
    return Path(config["folder"] or os.path.join(settings["CACHE_PATH"], "pages")).resolve()


def begin(generators) -> None:
    """all_generators_finalized: this build keeps pages. The site key is
    made later (``before_writing``), after every plugin's
    ``all_generators_finalized`` (they still change the context: the
    frozen addresses, the photos left out, Giới thiệu's facts)."""
    _build.clear()
    if not generators:
        return
    settings = generators[0].settings
    config = settings.get("PAGE_CACHE")
    if not config or not config["enabled"] or not internals.fast_paths():
        return
    _build.update(context=generators[0].context, settings=settings, base=folder_of(settings),
                  start=time.time(), stats={"reused": 0, "rendered": 0, "unkept": 0, "uncached": 0})


def _site() -> bool:
    """The site key of this build, made once (``before_writing``; the forked
    writers of ``parallel_write`` inherit it), or at the first page a
    writer renders; False when the shared context has no stable form
    (every page rendered)."""
    if "site" in _build:
        return _build["site"] is not None
    context, settings = _build["context"], _build["settings"]
    started = time.time()
    containers: dict[int, tuple] = {}
    listings: dict[int, tuple] = {}
    code = build_cache.code_key(settings)
    try:
        site = site_key(context, settings, code, containers, listings)
    except Uncacheable as why:
        logger.info("page_cache: the shared context has no stable form (%s): every page rendered", why)
        _build["site"] = None
        return False
    internals.watch_content(_watch)
    # One folder per key of the code and settings: a development build
    # (pelicanconf.py) and a production one (publishconf.py) sharing
    # cache/ keep their pages apart, and the newest KEEP keys stay.
    folder = _build["base"] / code
    try:
        folder.mkdir(parents=True, exist_ok=True)
        os.utime(folder)
        build_cache.keep_newest(_build["base"], KEEP)
    except OSError:
        pass  # each entry says so when it cannot be written
    _build.update(site=site, shared=dict(context), known=known_objects(context, settings),
                  containers=containers, listings=listings, memo={}, folder=folder)
    logger.debug("page_cache: site key %s (code %s) in %.2f s", site[:12], code[:12], time.time() - started)
    return True


def end(pelican) -> None:
    """finalized: entries this build did not use are removed (each process
    touched the entries it used, or wrote them, after ``start``)."""
    if not _build:
        return
    folder, start, stats = _build.get("folder"), _build["start"], _build["stats"]
    _build.clear()
    removed = 0
    for path in folder.glob("*/*") if folder else ():
        try:
            if path.stat().st_mtime < start - 1:
                path.unlink()
                removed += 1
        except OSError:
            continue
    logger.info("page_cache: %d page(s) reused, %d rendered and kept, %d rendered and not kept "
                "(this process); %d unused removed", stats["reused"], stats["rendered"],
                stats["unkept"] + stats["uncached"], removed)


def before_writing(pelican) -> None:
    """get_writer (sent once every ``all_generators_finalized`` receiver has
    run, before the first page is written): the site key made here, in the
    main process, so that ``parallel_write``'s forked writers inherit it
    instead of making it again each (6.5 s of the main process's time at
    N = 5,000, under cProfile). Returns no writer: Pelican's is used."""
    if _build:
        _site()


def register():
    signals.initialized.connect(check_settings)
    signals.all_generators_finalized.connect(begin)
    signals.get_writer.connect(before_writing)
    signals.finalized.connect(end)
    written.render_wrapper(render)
