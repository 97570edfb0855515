"""Keep the files made from photos between builds.

Every published photo file (the WebP widths of ``srcset``, the copy social
apps show, the capped original) is re-encoded from the photo by
``plugins.images`` (``plugins/core/photos.py``). Production builds start
from an empty output, so every build would re-encode every photo: most of
the build's time (about 0.2 s a photo on our machines). This plugin keeps
each file in a cache folder, keyed by everything that decides its bytes:
the source file's content hash, the recipe (format, size, quality,
animation), ``photos.RECIPE_VERSION`` and the versions of Pillow and its
codecs (``photos.codec_versions()``). A hit is copied into the output
with the cached file's modification time, so an output that still holds
that copy (the preview's, not emptied between starts) is left as it is;
encoding is deterministic, so the output is the same bytes either way.

One process at a time per file: the article pages are written by several
processes (``parallel_write``), and a photo shared by two articles must not
be read or copied while another process is writing it (a lock file per
key). Each process also remembers what it placed in this build, so a photo
shared by many articles is copied once.

Without this plugin (or with ``enabled: False``) ``produce`` encodes every
time.

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
import logging
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from pelican import signals

from plugins.core.errors import fail
from plugins.core.settings import merge

logger = logging.getLogger(__name__)

DEFAULTS = {"enabled": True, "folder": ""}


class DerivativeCacheError(ValueError):
    pass


def load_config(value) -> dict:
    return merge("DERIVATIVE_CACHE", value, DEFAULTS, DerivativeCacheError)


def cache_key(source: bytes, recipe: str, suffix: str) -> str:
    """A key for (source bytes, recipe text, output suffix)."""
    digest = hashlib.sha256(source)
    digest.update(b"\0" + recipe.encode() + b"\0" + suffix.encode())
    return digest.hexdigest()


_state: dict = {"folder": None}
_hashes: dict[tuple, str] = {}  # (path, mtime_ns, size) -> sha256 of the bytes
_placed: dict[str, str] = {}  # destination: the key this process last placed there


def _source_hash(source: Path) -> str:
    info = os.stat(source)
    memo = (str(source), info.st_mtime_ns, info.st_size)
    if memo not in _hashes:  # a photo shared by many articles is hashed once
        with open(source, "rb") as file:
            _hashes[memo] = hashlib.sha256(file.read()).hexdigest()
    return _hashes[memo]


def produce(source: Path, recipe: str, destination: Path, make: Callable[[], bytes]) -> None:
    """Put at ``destination`` the file ``make()`` encodes from ``source``
    following ``recipe`` (text), from the cache when it holds it."""
    from plugins.core.photos import write

    folder: Path | None = _state["folder"]
    if folder is None:
        write(destination, make())
        return
    key = cache_key(_source_hash(source).encode(), recipe, destination.suffix)
    # The key last placed there: a photo replaced, then put back while the
    # preview ran, kept the replacement's copies (the pair A was remembered).
    if _placed.get(str(destination)) == key and destination.exists():
        return
    stored = folder / key[:2] / (key + destination.suffix)
    if _same_file(stored, destination):  # placed by an earlier build into this output
        _placed[str(destination)] = key
        return
    try:
        stored.parent.mkdir(parents=True, exist_ok=True)
        lock = open(stored.with_suffix(".lock"), "w")  # closed by the «with» below
    except OSError as error:
        # A cache folder the build may not write (left to root by one «sudo
        # make serve», a read-only disk): every build stopped, advised to
        # build elsewhere. A whole copy is still used; else made without it.
        _warn_once(folder, error)
        if whole(stored):
            _copy(stored, destination)
        else:
            write(destination, make())
        _placed[str(destination)] = key
        return
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not whole(stored):  # a file emptied (a power cut after the build) or cut was published as it was
            write(stored, make())
        _copy(stored, destination)
    _placed[str(destination)] = key


def _copy(stored: Path, destination: Path) -> None:
    """``stored`` copied to ``destination`` in one step, with its time
    (``_same_file`` knows the copy by it)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    temporary = destination.with_name(f".{destination.name}.{os.getpid()}.tmp")
    shutil.copyfile(stored, temporary)
    info = os.stat(stored)
    os.utime(temporary, ns=(info.st_atime_ns, info.st_mtime_ns))
    os.replace(temporary, destination)


def _warn_once(folder: Path, error: OSError) -> None:
    if not _state.get("warned"):
        _state["warned"] = True
        logger.warning("không ghi được bộ nhớ đệm ảnh %s (%s): ảnh được làm lại khi cần, chậm hơn — «invoke clean "
                       "--cache» xoá nó, hoặc cho phép ghi (chmod -R u+w %s)", folder, error.strerror, folder)


def whole(path: Path) -> bool:
    """Is ``path`` there and, by its first and last bytes, not cut short: a
    WebP's RIFF size is the file's, a JPEG ends with its EOI mark, a PNG
    with IEND, a GIF with «;», an AVIF begins with its «ftyp» box (two
    small reads, no decoding); no known start (zeros) is not whole."""
    try:
        size = path.stat().st_size
        if size < 12:
            return False
        with open(path, "rb") as file:
            head = file.read(12)
            file.seek(-12, os.SEEK_END)
            tail = file.read()
    except OSError:
        return False
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return int.from_bytes(head[4:8], "little") + 8 == size
    if head[:2] == b"\xff\xd8":
        return tail.endswith(b"\xff\xd9")
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        return tail.endswith(b"IEND\xaeB`\x82")
    if head[:4] == b"GIF8":
        return tail.endswith(b";")
    # AVIF (an ISO box «ftyp» first): its size alone. Anything else is not a
    # copy we made: a file zeroed whole by a power cut (its size kept) was
    # taken for «another format» and published as zeros, a broken photo.
    return head[4:8] == b"ftyp"


def _same_file(stored: Path, destination: Path) -> bool:
    """Does ``destination`` hold the copy of ``stored`` made by ``produce``
    (same size, and the modification time ``produce`` gave it)? An output
    that is not emptied between builds (the preview, ``pelicanconf.py``)
    then costs two ``stat`` calls per photo file instead of a copy: 5,022
    files at 5,000 articles, 3.1 s → 1.2 s of the preview's start (cProfile)."""
    try:
        a, b = os.stat(stored), os.stat(destination)
    except OSError:
        return False
    return 0 < a.st_size == b.st_size and a.st_mtime_ns == b.st_mtime_ns


def install(pelican):
    try:
        config = load_config(pelican.settings.get("DERIVATIVE_CACHE", {}))
    except DerivativeCacheError as error:
        fail(str(error))
    _placed.clear()
    _state["warned"] = False
    if not config["enabled"]:
        _state["folder"] = None
        return
    folder = config["folder"] or os.path.join(pelican.settings["CACHE_PATH"], "derivatives")
    _state["folder"] = Path(folder).resolve()


def register():
    signals.initialized.connect(install)
