"""Read the articles' Markdown on every core.

Pelican reads one file after another; at 1,000 articles reading and
typogrify are about a quarter of our build, on one core of two. When the
article generator starts reading (its first ``article_generator_preread``),
this plugin reads all its Markdown files in forked worker processes
(``ProcessPoolExecutor``, fork: workers inherit the settings and the
generator's readers) and hands the results to Pelican through Pelican's own
per-file reader cache (``internals.hand_over``, stamped with the file's stamp as
``FileStampDataCacher`` checks it), so ``Readers.read_file`` skips
``reader.read()``. A worker also runs typogrify on the body, title and
summary as ``read_file`` would; ``read_file`` still calls typogrify, and a
memo answers it with the worker's result for exactly the same text,
arguments and smartypants mode (anything else is computed as usual).
Everything else (metadata, signals, content objects) stays Pelican's, in
the main process.

With ``BUILD_CACHE`` (``plugins/core/build_cache.py``) the workers' results
are kept between builds, keyed on each file's bytes and on our code, theme,
settings and requirements: a file found there is handed over without
reading; the others are read by the workers (even one file) and stored.

Errors and warnings stay Pelican's: a file whose reading raises or logs
anything in a worker is not handed over, and Pelican reads it again in the
main process, where the same message (``file:line``) and exit code follow.

Not used: for fewer than ``min_files`` files (forking costs more than it
saves), under an untested Pelican (``internals.fast_paths``), or on
platforms without fork. Files the live preview's memo already holds
(``internals.memo_fresh``) are not read again.

Settings (merged over ``DEFAULTS``, checked when Pelican starts)::

    PARALLEL_READ = {
        "enabled": True,
        "min_files": 50,   # fewer files to read: sequential, as Pelican does
        "workers": 0,      # 0 = os.cpu_count()
    }
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from pelican import signals

from plugins.core import build_cache, forked
from plugins.core import pelican_internals as internals
from plugins.core.errors import fail

logger = logging.getLogger(__name__)


class ParallelReadError(ValueError):
    pass


def load_config(value) -> dict:
    return forked.load_config("PARALLEL_READ", value, ParallelReadError)


def check_settings(pelican):
    load_config(pelican.settings.get("PARALLEL_READ", {}))
    try:
        build_cache.load_config(pelican.settings.get("BUILD_CACHE", {}))
    except build_cache.BuildCacheError as error:
        fail(str(error))
    internals.fast_paths()  # at start-up: its one warning under an untested Pelican


# --- typogrify, answered from the workers' results ------------------------------
_memo: dict[tuple, str] = {}
_patch = {"original": None}


def memo_key(text: str, args: tuple, kwargs: dict, mode: int) -> tuple:
    return (text, repr(args), repr(sorted(kwargs.items())), mode)


def memo_typogrify(text, *args, **kwargs):
    """typogrify.filters.typogrify, answered from _memo when it holds this call."""
    import smartypants

    if isinstance(text, str):
        hit = _memo.pop(memo_key(text, args, kwargs, smartypants.Attr.default), None)
        if hit is not None:
            return hit
    return _patch["original"](text, *args, **kwargs)


def install_memo(results: dict[tuple, str]) -> None:
    import typogrify.filters

    _memo.clear()
    _memo.update(results)
    if _patch["original"] is None:
        _patch["original"] = typogrify.filters.typogrify
        typogrify.filters.typogrify = memo_typogrify


def release(generator) -> None:
    """After reading: the memo and patch go; so do our cache entries,
    unless Pelican's reader-level cache keeps them (it has saved them)."""
    remove_memo()
    internals.release(generator.readers, getattr(generator, "parallel_read_paths", []))


def remove_memo() -> None:
    import typogrify.filters

    _memo.clear()
    if _patch["original"] is not None:
        typogrify.filters.typogrify = _patch["original"]
        _patch["original"] = None


# --- Workers (forked: they inherit _job) -----------------------------------------
_job: dict = {}


def _worker_init():
    _job["flag"] = forked.silence_logging(logging.DEBUG)


def _read_one(path: str) -> bytes | None:
    """What ``read_file`` would compute for path's content, or None (let
    Pelican read it: it failed or logged something)."""
    readers, flag = _job["readers"], _job["flag"]
    settings = readers.settings
    flag.seen = False
    try:
        stamp = internals.file_stamp(readers, path)
        reader = readers.readers[_job["formats"][path]]
        content, metadata = reader.read(path)
        metadata = internals.filter_discardable_metadata(metadata)
        typogrified = {}
        if settings["TYPOGRIFY"]:
            import smartypants
            from typogrify.filters import typogrify

            args, kwargs = internals.typogrify_arguments(settings)
            mode = internals.smartypants_mode(settings)
            smartypants.Attr.default = mode
            for text in (content, metadata.get("title"), metadata.get("summary")):
                if text and isinstance(text, str):
                    typogrified[memo_key(text, args, kwargs, mode)] = typogrify(text, *args, **kwargs)
        if flag.seen:
            return None
    except BaseException:  # noqa: BLE001  Pelican reads it again and reports it
        return None
    # Outside the try: a result that cannot be sent back is our code's
    # fault, not the file's, and stops the pool loudly (read_in_pool).
    # Tags, categories and authors hold the settings: they stay the main
    # process's own object instead of a copy per article.
    return forked.dumps((stamp, content, metadata, typogrified), settings)


# --- The article generator's first preread ---------------------------------------------
def files_to_read(generator) -> dict[str, str]:
    """{absolute path: format} of the files Pelican would read now."""
    from pelican.utils import file_suffix

    readers = generator.readers
    fresh = internals.memo_fresh(readers) or (lambda path: False)
    todo = {}
    for name in sorted(generator.get_files(generator.settings["ARTICLE_PATHS"],
                                           exclude=generator.settings["ARTICLE_EXCLUDES"])):
        if generator.get_cached_data(name, None) is not None:
            continue  # Pelican's generator-level cache has the article
        path = os.path.abspath(os.path.join(generator.path, name))
        fmt = file_suffix(path)
        if fmt in readers.readers and not fresh(path) and not internals.in_reader_cache(readers, path):
            todo[path] = fmt
    return todo


def prefetch(generator) -> None:
    if getattr(generator, "parallel_read_done", False):
        return
    generator.parallel_read_done = True
    config = load_config(generator.settings.get("PARALLEL_READ", {}))
    readers = generator.readers
    if (not config["enabled"] or not internals.fast_paths()
            or "fork" not in multiprocessing.get_all_start_methods()):
        return
    todo = files_to_read(generator)
    generator.parallel_read_paths = []
    typogrified: dict[tuple, str] = {}
    store = build_cache.open_store(generator.settings, generator.path) if todo else None
    if store is not None:
        hits = 0
        for path in list(todo):
            data = store.get(path)
            if data is None:
                continue
            try:
                _, content, metadata, typo = forked.loads(data, readers.settings)
            except Exception:  # noqa: BLE001  an entry that does not load: read the file
                store.drop(path)
                continue
            internals.hand_over(readers, path, internals.file_stamp(readers, path), content, metadata)
            generator.parallel_read_paths.append(path)
            typogrified.update(typo)
            del todo[path]
            hits += 1
        logger.info("build_cache: %d of %d files from the cache", hits, hits + len(todo))
    workers = config["workers"] or os.cpu_count() or 1
    if store is not None and todo:
        # With a cache, what is read is stored: even one file goes to a worker.
        workers = max(1, min(workers, len(todo)))
    elif len(todo) < max(config["min_files"], 2) or workers < 2:
        todo = {}
    if todo:
        typogrified.update(read_in_pool(generator, todo, workers, store))
    if store is not None:
        store.keep_only(generator.parallel_read_paths + list(todo))
        store.save()
    if typogrified:
        install_memo(typogrified)


def read_in_pool(generator, todo: dict[str, str], workers: int, store) -> dict[tuple, str]:
    """Read `todo` in forked workers; hand each result to Pelican (and to
    the store); typogrify's answers for the memo."""
    readers = generator.readers
    _job.update(readers=readers, formats=todo)
    paths = list(todo)
    chunk = max(1, min(16, len(paths) // (workers * 8)))
    typogrified: dict[tuple, str] = {}
    handed = 0
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_worker_init) as pool:
            for path, data in zip(paths, pool.map(_read_one, paths, chunksize=chunk)):
                if data is None:
                    continue
                stamp, content, metadata, typo = forked.loads(data, readers.settings)
                internals.hand_over(readers, path, stamp, content, metadata)
                generator.parallel_read_paths.append(path)
                typogrified.update(typo)
                if store is not None:
                    store.put(path, data)
                handed += 1
    except Exception as error:  # noqa: BLE001  a broken pool: Pelican reads the rest
        logger.warning("parallel_read: các tiến trình đọc song song bị lỗi (%r): Pelican đọc tuần "
                       "tự phần còn lại, trang vẫn được dựng, chậm hơn — người phát triển cần "
                       "xem plugins/parallel_read", error)
    finally:
        _job.clear()
    logger.info("parallel_read: %d of %d files read in %d processes", handed, len(paths), workers)
    return typogrified


def register():
    signals.initialized.connect(check_settings)
    signals.article_generator_preread.connect(prefetch)
    signals.article_generator_finalized.connect(release)
