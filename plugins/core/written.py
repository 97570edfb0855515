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


class PageTemplate(jinja2.Template):
    """A template whose rendering is finished by the page transforms."""

    def render(self, *args, **kwargs) -> str:
        return finish(super().render(*args, **kwargs), dict(*args, **kwargs))


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


def file_local(receiver):
    """Mark a ``content_written`` receiver that only reads the file it is
    given (or makes files from it): ``parallel_write`` may run it in the
    forked process that wrote the page. Unmarked receivers run in the main
    process."""
    receiver.file_local = True
    return receiver
