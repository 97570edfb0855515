"""Write the article pages on every core.

Pelican renders and writes one article page after another; at 5,000
articles that is half of our production build (55 s of 118 s measured),
on one core of two, and most of it is per-page work: the Jinja template
and our page transforms (``plugins/core/written.py``: the visit counter's
stamp, the images' ``srcset``). This plugin replaces the article generator's
``generate_articles`` (on that generator only) with one that forks: the
main process and ``workers - 1`` forked children each write every
``workers``-th article, with Pelican's own ``Writer.write_file``.

Which ``content_written`` receivers run where:

- receivers marked ``file_local`` (``written.file_local``: they only read and
  rewrite the file they are given) run in the process that wrote the page,
  as in a sequential build;
- every other receiver (pelican-sitemap's list of pages, or any plugin added
  later) is disconnected in the children, and the main process sends it each
  child-written page afterwards, with the page's path and the context
  Pelican would have given it: its state stays in the main process.

Errors stay Pelican's: an article whose page raises or logs a warning or an
error in a child is written again by the main process, after the others,
where the same message and exit code follow (a template error stops the
build as it would). Children log nothing themselves. If the main process
fails, the children are stopped before the error goes on.

Not used (Pelican's sequential loop runs): with fewer than ``min_files``
articles (forking costs more than it saves), one core, no ``fork``, a
writer that is not Pelican's own (the preview renders pages on demand), or
an article with ``override_save_as``.

Settings (merged over ``DEFAULTS``, checked when Pelican starts)::

    PARALLEL_WRITE = {
        "enabled": True,
        "min_files": 50,   # fewer articles: sequential, as Pelican does
        "workers": 0,      # 0 = os.cpu_count()
    }
"""

from __future__ import annotations

import logging
import os
import pickle
import signal

from pelican import signals
from pelican.utils import sanitised_join

from plugins.core import forked
from plugins.core import pelican_internals as internals

logger = logging.getLogger(__name__)


class ParallelWriteError(ValueError):
    pass


def load_config(value) -> dict:
    return forked.load_config("PARALLEL_WRITE", value, ParallelWriteError)


def split(items: list, parts: int) -> list[list[int]]:
    """Indices of ``items`` dealt round-robin into ``parts`` lists (pages
    of similar length end up spread evenly)."""
    return [list(range(start, len(items), parts)) for start in range(parts)]


def main_process_receivers() -> list:
    """The live ``content_written`` receivers not marked ``file_local``."""
    return [receiver for receiver in signals.content_written.receivers_for(None)
            if not getattr(receiver, "file_local", False)]


# --- In a child ---------------------------------------------------------------
def _child(generator, write, items, indices, others, out_fd) -> None:
    """Write ``items[i]`` for i in ``indices``; send back the indices whose
    page failed or logged something. Never returns."""
    code = 1
    try:
        for receiver in others:
            signals.content_written.disconnect(receiver)
        flag = forked.silence_logging(logging.WARNING)
        failed = []
        for index in indices:
            flag.seen = False
            try:
                internals.write_article(generator, write, items[index])
            except BaseException:  # noqa: BLE001  the main process writes it again
                failed.append(index)
                continue
            if flag.seen:
                failed.append(index)
        with os.fdopen(out_fd, "wb") as out:
            pickle.dump(failed, out)
        code = 0
    finally:
        os._exit(code)


# --- In the main process --------------------------------------------------------
def _stop(children) -> None:
    for pid, fd in children:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.close(fd)
        os.waitpid(pid, 0)


def _collect(pid: int, fd: int) -> list[int] | None:
    """The child's failed indices, or None if the child died."""
    with os.fdopen(fd, "rb") as source:
        data = source.read()
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0 or not data:
        return None
    return pickle.loads(data)


def generate_articles(generator, write) -> None:
    """ArticlesGenerator.generate_articles, on ``workers`` processes."""
    config = generator.settings["PARALLEL_WRITE"]
    items = internals.article_items(generator)
    workers = config["workers"] or os.cpu_count() or 1
    writer = internals.pelican_writer(write)
    if (not config["enabled"] or len(items) < max(config["min_files"], 2) or workers < 2
            or not hasattr(os, "fork") or writer is None
            or any(hasattr(article, "override_save_as") for article in items)):
        return internals.generate_articles(generator, write)

    # Pelican sends this signal just before each article is written; its
    # receivers may change the article, so they all run here, before forking.
    for article in items:
        signals.article_generator_write_article.send(generator, content=article)
    others = main_process_receivers()
    parts = split(items, workers)
    children = []
    try:
        for part in parts[1:]:
            read_fd, write_fd = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child
                os.close(read_fd)
                _child(generator, write, items, part, others, write_fd)
            os.close(write_fd)
            children.append((pid, read_fd))
        for index in parts[0]:
            internals.write_article(generator, write, items[index])
    except BaseException:
        _stop(children)
        raise
    again = []
    for (pid, fd), part in zip(children, parts[1:]):
        failed = _collect(pid, fd)
        again += part if failed is None else failed
    redone = set(again)
    relative_urls = write.keywords.get("relative_urls", False)
    for part in parts[1:]:
        for index in part:
            if index in redone:
                continue
            article = items[index]
            path = sanitised_join(writer.output_path, article.save_as)
            internals.record_written(writer, path)
            context = internals.page_context(generator, article, relative_urls)
            for receiver in others:
                receiver(path, context=context)
    if redone:
        logger.info("parallel_write: %d article(s) failed or logged in a child; writing them here",
                    len(redone))
    for index in sorted(redone):
        internals.write_article(generator, write, items[index])
    logger.info("parallel_write: %d articles written by %d processes, %d again by the main one",
                len(items), workers, len(redone))


# --- Signal receivers (module level: Pelican keeps weak references) -------------
def check_settings(pelican):
    pelican.settings["PARALLEL_WRITE"] = load_config(pelican.settings.get("PARALLEL_WRITE", {}))
    internals.fast_paths()  # at start-up: its one warning under an untested Pelican


def install(generator):
    """On the article generator only: its generate_articles forks (not under
    an untested Pelican: internals.fast_paths)."""
    from pelican.generators import ArticlesGenerator

    if (isinstance(generator, ArticlesGenerator) and "PARALLEL_WRITE" in generator.settings
            and internals.fast_paths()):
        internals.install_generate_articles(generator, generate_articles)


def register():
    signals.initialized.connect(check_settings)
    signals.article_generator_finalized.connect(install)
