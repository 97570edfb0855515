"""Finish a page as it is rendered: the one way our plugins change the HTML
Pelican writes (the visit counter's stamp, the photos' ``srcset``, a video
page's policy).

Each such plugin registers a *page transform* ``transform(html, context)
-> html`` (``page_transform``). Every Jinja environment of Pelican's
generators renders its templates with ``PageTemplate``, whose ``render``
applies the transforms, in the order the plugins registered them, to the
text of every ``.html`` page (``context["output_file"]``) before Pelican's
writer writes it. So every page is written once, already finished: the
sequential build, ``parallel_write``'s children and the preview's pages
alike (all three render with ``template.render``), and ``content_written``
receivers see the finished file.

Before (issue 13), each transform was a ``content_written`` receiver that
read the written file and wrote it again: two reads and two writes more per
page, and at N = 5,000 (8,786 pages) the two receivers cost 9.3 s of a
73 s warm production build (article pages 22.5 s with them, 13.2 s without,
on 2 cores).

Pages our plugins write themselves (redirect pages: their own environment)
and templates that are not pages (``robots.txt``, the web manifest) are not
touched.
"""

from __future__ import annotations

from collections.abc import Callable

import jinja2
from pelican import signals

Transform = Callable[[str, dict], str]
_transforms: list[Transform] = []
# What renders a page: (template, context, render_page) -> html; one at most
# (plugins.page_cache: a page whose inputs did not change comes from its cache).
_wrappers: list = []


def page_transform(transform: Transform) -> Transform:
    """Register ``transform(html, context)`` for every rendered page (once;
    the order of registration is the order of application), from a
    plugin's ``register()``; the generators' templates become
    ``PageTemplate``s (``install``)."""
    if transform not in _transforms:
        _transforms.append(transform)
    signals.generator_init.connect(install)
    return transform


def finish(html: str, context: dict) -> str:
    """``html`` with every registered transform applied, when the
    rendered file is an HTML page."""
    if not str(context.get("output_file") or "").endswith(".html"):
        return html
    for transform in _transforms:
        html = transform(html, context)
    return html


def render_wrapper(wrapper) -> None:
    """Register ``wrapper(template, context, render_page) -> html``, which
    renders every page instead of ``render_page()`` (the page rendered and
    finished by the transforms) when it has the result already, from a
    plugin's ``register()``."""
    _wrappers[:] = [wrapper]
    signals.generator_init.connect(install)


class PageTemplate(jinja2.Template):
    """A template whose rendering is finished by the page transforms."""

    def render(self, *args, **kwargs) -> str:
        context = dict(*args, **kwargs)

        def render_page() -> str:
            return finish(super(PageTemplate, self).render(context), context)

        return _wrappers[0](self, context, render_page) if _wrappers else render_page()


def feed_entries(feed, transform: Callable[[str], str]) -> None:
    """Each entry's HTML (its content and summary) of a feed through
    ``transform``, from a plugin's ``feed_generated`` receiver: what a page
    transform does to a page, an entry's HTML needs too (the photos'
    copies, links' spaces)."""
    for entry in feed.items:
        for key in ("content", "description"):
            if entry.get(key):
                entry[key] = transform(entry[key])


def install(generator) -> None:
    """generator_init receiver: the generator's templates are PageTemplates
    (Jinja's own extension point, ``Environment.template_class``)."""
    generator.env.template_class = PageTemplate


class CompiledOnce(jinja2.BytecodeCache):
    """Each template compiled once per process (Jinja's own extension point,
    ``Environment.bytecode_cache``), kept in memory.

    Pelican makes a Jinja environment per generator and per build, and each
    compiled every template it rendered again: base.html seven times in one
    build, and again in the next build of the same process (the preview's
    rebuilds; the test suite's hundreds of in-process builds). Compiling was
    most of a small site's build: one article built in 0.9–1.3 s, 0.3–0.6 s
    with this; the real content 1.2–1.6 → 0.8–0.9 s (2026-12-06, a loaded
    machine). A template is found by its name, its file and the
    environment's options that change what compiling gives (delimiters,
    whitespace handling, extensions, the filters and tests it checks names
    against); its code is used only while its source is the same (Jinja's
    checksum), so an edited template is compiled again. In memory only: a
    code object written to disk could be read by another Jinja version."""

    def __init__(self) -> None:
        self._code: dict[str, tuple[str, object]] = {}

    def get_bucket(self, environment, name, filename, source):
        options = (environment.block_start_string, environment.block_end_string,
                   environment.variable_start_string, environment.variable_end_string,
                   environment.comment_start_string, environment.comment_end_string,
                   environment.line_statement_prefix, environment.line_comment_prefix,
                   environment.trim_blocks, environment.lstrip_blocks, environment.newline_sequence,
                   environment.keep_trailing_newline, environment.optimized, environment.is_async,
                   tuple(sorted(environment.extensions)), tuple(sorted(environment.filters)),
                   tuple(sorted(environment.tests)))
        bucket = jinja2.bccache.Bucket(environment, f"{self.get_cache_key(name, filename)}{hash(options)}",
                                       self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket) -> None:
        checksum, code = self._code.get(bucket.key, ("", None))
        if checksum == bucket.checksum:
            bucket.code = code

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = (bucket.checksum, bucket.code)


_compiled = CompiledOnce()


def compile_once(generator) -> None:
    """generator_init receiver: the generator's templates come compiled from
    this process's ``CompiledOnce``, unless the environment has a bytecode
    cache of its own (the preview's on disk, ``build_cache.templates_cache``,
    which lasts from one start to the next)."""
    if generator.env.bytecode_cache is None:
        generator.env.bytecode_cache = _compiled


def file_local(receiver):
    """Mark a ``content_written`` receiver that only reads the file it is
    given (or makes files from it): ``parallel_write`` may run it in the
    forked process that wrote the page. Unmarked receivers run in the main
    process."""
    receiver.file_local = True
    return receiver
