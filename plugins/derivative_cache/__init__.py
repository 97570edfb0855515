"""Keep resized images (pelican-image-process derivatives) between builds.

pelican-image-process re-encodes a derivative (three WebP widths per photo)
unless the file already exists in the output; production builds start from
an empty output, so every build re-encoded every photo: most of the build's
time (about 0.2 s a photo on our machines). This plugin keeps each
derivative in a cache folder, keyed by the source file's content hash and
the operations, and copies it into the output when nothing changed. WebP
encoding is deterministic, so the output is the same bytes.

It also makes pelican-image-process find an image's static file by index:
its ``compute_paths`` scans every static file (computing each one's
``save_as``, slow in Pelican) for every image, O(images × files): half an
hour at 5,000 articles. ``indexed_compute_paths`` finds the same file (the
first, in Pelican's order, whose ``save_as`` ends the image's path) with one
dictionary lookup per suffix, then lets the library do the rest with only
that file.

Settings (merged over ``DEFAULTS``, checked when Pelican starts)::

    DERIVATIVE_CACHE = {
        "enabled": True,
        "folder": "",   # "" = CACHE_PATH/derivatives; a relative path is
                        # relative to the project
    }
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import shutil
from pathlib import Path
from urllib.parse import unquote

from pelican import signals

from plugins.core.settings import merge

logger = logging.getLogger(__name__)

DEFAULTS = {"enabled": True, "folder": ""}


class DerivativeCacheError(ValueError):
    pass


def load_config(value) -> dict:
    return merge("DERIVATIVE_CACHE", value, DEFAULTS, DerivativeCacheError)


def cache_key(source: bytes, operations, destination: str) -> str | None:
    """A key for (source bytes, operations, output format), or None when an
    operation is not plain text (a callable: no stable key)."""
    if not all(isinstance(op, str) for op in operations):
        return None
    digest = hashlib.sha256(source)
    digest.update(json.dumps([list(operations), os.path.splitext(destination)[1]]).encode())
    return digest.hexdigest()


_keys: dict[tuple, str | None] = {}
# Sizes of the derivatives this process wrote or copied in this build, by
# destination: a photo shared by many articles is then not opened again
# (the library would open the WebP file to read its size).
_sizes: dict[tuple, tuple] = {}
_state = {"folder": None, "original": None, "compute_paths": None, "index": (None, None)}


def first_suffix_match(path: str, index: dict[str, tuple[int, str]]) -> str | None:
    """The key of the first (lowest rank) entry whose save_as ends `path`.

    index: {save_as: (rank, key)}, the first rank kept for each save_as. Pure.
    """
    best = None
    for start in range(len(path)):
        hit = index.get(path[start:])
        if hit is not None and (best is None or hit[0] < best[0]):
            best = hit
    return best[1] if best else None


def suffix_index(static_content: dict) -> dict[str, tuple[int, str]]:
    index: dict[str, tuple[int, str]] = {}
    for rank, (key, item) in enumerate(static_content.items()):
        save_as = item.get_url_setting("save_as")
        if save_as and save_as not in index:
            index[save_as] = (rank, key)
    return index


def indexed_compute_paths(image_url, settings, derivative):
    """pelican-image-process's ``compute_paths``, with the scan replaced by
    a lookup: the library is called with the one matching file (or none)."""
    from urllib.parse import urlparse
    from urllib.request import url2pathname

    original = _state["compute_paths"]
    static_content = settings.get("static_content")
    if isinstance(image_url, dict) or not isinstance(static_content, dict):
        return original(image_url, settings, derivative)
    stamp, index = _state["index"]
    if stamp != (id(static_content), len(static_content)):
        index = suffix_index(static_content)
        _state["index"] = ((id(static_content), len(static_content)), index)
    path = url2pathname(urlparse(image_url).path.lstrip("/"))
    key = first_suffix_match(path, index)
    only = {key: static_content[key]} if key is not None else {}
    return original(image_url, {**settings, "static_content": only}, derivative)


def cached_process_image(image, settings):
    """pelican-image-process's ``process_image``, through the cache."""
    original = _state["original"]
    source, destination, operations = unquote(image[0]), unquote(image[1]), image[2]
    if settings.get("IMAGE_PROCESS_FORCE"):
        return original(image, settings)
    try:
        info = os.stat(source)
        memo = (source, info.st_mtime_ns, info.st_size, repr(operations), os.path.splitext(destination)[1])
        if memo not in _keys:  # a photo shared by many articles is hashed once
            with open(source, "rb") as file:
                _keys[memo] = cache_key(file.read(), operations, destination)
        key = _keys[memo]
    except OSError:
        key = None
    if key is None:
        return original(image, settings)
    folder: Path = _state["folder"]
    stored = folder / key[:2] / (key + os.path.splitext(destination)[1])
    sizes = stored.with_suffix(".json")
    stored.parent.mkdir(parents=True, exist_ok=True)
    # One process at a time per derivative: the article pages are written by
    # several processes (parallel_write), and a photo shared by two articles
    # must not be read or copied while another process is writing it.
    with open(stored.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            there = os.stat(destination)
        except FileNotFoundError:
            there = None
        if there and os.path.getmtime(source) <= there.st_mtime:
            written = _sizes.get((destination, key, there.st_mtime_ns))
            return written or original(image, settings)  # already there: the library decides
        if stored.exists() and sizes.exists():
            os.makedirs(os.path.dirname(destination), exist_ok=True)
            _copy(stored, destination)
            result = tuple(json.loads(sizes.read_text()))
        else:
            result = original(image, settings)
            if result is None or not os.path.exists(destination):
                return result
            _copy(destination, stored)
            sizes.write_text(json.dumps(list(result)))
        _sizes[(destination, key, os.stat(destination).st_mtime_ns)] = tuple(result)
        return tuple(result)


def _copy(source, destination) -> None:
    """Copy through a temporary name: a reader sees the old file or the whole new one."""
    temporary = f"{destination}.{os.getpid()}.tmp"
    shutil.copyfile(source, temporary)
    os.replace(temporary, destination)


def install(pelican):
    from pelican.plugins.image_process import image_process

    config = load_config(pelican.settings.get("DERIVATIVE_CACHE", {}))
    if _state["original"] is None:
        _state["original"] = image_process.process_image
        _state["compute_paths"] = image_process.compute_paths
    image_process.compute_paths = indexed_compute_paths
    if not config["enabled"]:
        image_process.process_image = _state["original"]
        return
    folder = config["folder"] or os.path.join(pelican.settings["CACHE_PATH"], "derivatives")
    _state["folder"] = Path(folder).resolve()
    image_process.process_image = cached_process_image


def register():
    signals.initialized.connect(install)
