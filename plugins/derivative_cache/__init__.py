"""Keep resized images (pelican-image-process derivatives) between builds.

pelican-image-process re-encodes a derivative (three WebP widths per photo)
unless the file already exists in the output; production builds start from
an empty output, so every build re-encoded every photo: most of the build's
time (about 0.2 s a photo on our machines). This plugin keeps each
derivative in a cache folder, keyed by the source file's content hash and
the operations, and copies it into the output when nothing changed. WebP
encoding is deterministic, so the output is the same bytes.

Settings (merged over ``DEFAULTS``, checked when Pelican starts)::

    DERIVATIVE_CACHE = {
        "enabled": True,
        "folder": "",   # "" = CACHE_PATH/derivatives; a relative path is
                        # relative to the project
    }
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from pathlib import Path
from urllib.parse import unquote

from pelican import signals

from namespaced import merge

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


_state = {"folder": None, "original": None}


def cached_process_image(image, settings):
    """pelican-image-process's ``process_image``, through the cache."""
    original = _state["original"]
    source, destination, operations = unquote(image[0]), unquote(image[1]), image[2]
    if settings.get("IMAGE_PROCESS_FORCE") or (
        os.path.exists(destination) and os.path.getmtime(source) <= os.path.getmtime(destination)
    ):
        return original(image, settings)  # forced, or already there: the library decides
    try:
        with open(source, "rb") as file:
            key = cache_key(file.read(), operations, destination)
    except OSError:
        key = None
    if key is None:
        return original(image, settings)
    folder: Path = _state["folder"]
    stored = folder / key[:2] / (key + os.path.splitext(destination)[1])
    sizes = stored.with_suffix(".json")
    if stored.exists() and sizes.exists():
        os.makedirs(os.path.dirname(destination), exist_ok=True)
        shutil.copyfile(stored, destination)
        return tuple(json.loads(sizes.read_text()))
    result = original(image, settings)
    if result is not None and os.path.exists(destination):
        stored.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(destination, stored)
        sizes.write_text(json.dumps(list(result)))
    return result


def install(pelican):
    from pelican.plugins.image_process import image_process

    config = load_config(pelican.settings.get("DERIVATIVE_CACHE", {}))
    if _state["original"] is None:
        _state["original"] = image_process.process_image
    if not config["enabled"]:
        image_process.process_image = _state["original"]
        return
    folder = config["folder"] or os.path.join(pelican.settings["CACHE_PATH"], "derivatives")
    _state["folder"] = Path(folder).resolve()
    image_process.process_image = cached_process_image


def register():
    signals.initialized.connect(install)
