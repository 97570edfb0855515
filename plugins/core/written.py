"""Rewrite a page Pelican has written: the one way our ``content_written``
receivers (visit counter, images) touch the output.

``content_written`` fires for every rendered file, non-HTML template pages
(robots.txt, the web app manifest) included: only ``.html`` files are read,
and a file is written back only when the transform changed it.
"""

from __future__ import annotations

from collections.abc import Callable


def file_local(receiver):
    """Mark a ``content_written`` receiver that only reads and rewrites the
    file it is given: ``parallel_write`` may run it in the forked process
    that wrote the page. Unmarked receivers run in the main process."""
    receiver.file_local = True
    return receiver


def rewrite_html(path, transform: Callable[[str], str]) -> None:
    if not str(path).endswith(".html"):
        return
    with open(path, encoding="utf-8") as file:
        original = file.read()
    new = transform(original)
    if new != original:
        with open(path, "w", encoding="utf-8") as file:
            file.write(new)
