"""Reading results kept across builds (used by ``plugins.parallel_read``).

Reading a Markdown file and typogrifying it is most of what a build does
per article before writing. ``parallel_read`` hands Pelican each file's
``reader.read()`` result and typogrify's answers; this module keeps them
between builds, in ``CACHE_PATH/build/<key>/reads.pickle``, where ``key``
hashes everything else that could change them (``code_key``): the sources
of our plugins (the whole ``plugins`` package folder, and ``workflow/``,
which the desk imports), the theme folder and the folders of
``THEME_TEMPLATES_OVERRIDES``,
``pelicanconf.py``, ``publishconf.py``, ``requirements*.txt``, the versions
of the installed packages (``installed``), the Pelican
and Python versions and the settings themselves (with their paths left
out). Inside, an entry is used only for the same file (its path relative
to PATH) with the same bytes (sha256). So any change to code, theme,
settings or pinned packages starts a new folder, and the ``keep`` newest
folders are kept (older ones are pruned).

Only reads that logged nothing are stored (``parallel_read`` hands over
nothing else), so a file with a mistake is read again on every build and
its message is the same; checks made after reading (content objects,
signals, the checker's rules) run on every build as they always do.

A cache file that cannot be read (truncated, another format) is ignored
and rebuilt. ``invoke clean --cache`` removes the folder.

Settings (merged over ``DEFAULTS``, checked when Pelican starts)::

    BUILD_CACHE = {
        "enabled": True,
        "folder": "",   # "" = CACHE_PATH/build
        "keep": 3,      # key folders kept (the newest)
    }
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import platform
import re
import shutil
import sys
from pathlib import Path

from plugins.core.errors import disk_problem
from plugins.core.settings import merge

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
PLUGINS = ROOT / "plugins"
DEFAULTS = {"enabled": True, "folder": "", "keep": 3}
FILE = "reads.pickle"
FORMAT = 1
# Where things are, not what they are, and how the build logs (the
# pelican command sets DEBUG, the preview does not): left out of the key.
UNKEYED = {"PATH", "OUTPUT_PATH", "CACHE_PATH", "PLUGIN_PATHS", "THEME", "DEBUG",
           # Stored by plugins while a site is built, for their finalized
           # steps, not read by any reader: plugins.seo's unlisted pages (and
           # the sitemap's exclusions made of them), plugins.desk's headers
           # rule. Keyed, a preview changed key when a draft came or went
           # (and once after its first run), and pruned its own folders.
           "SEO_UNLISTED", "SITEMAP", "HEADERS",
           # Whether rendered pages are kept (the preview's are not): not
           # what reading gives.
           "PAGE_CACHE"}


class BuildCacheError(ValueError):
    pass


def load_config(value) -> dict:
    return merge("BUILD_CACHE", value, DEFAULTS, BuildCacheError,
                 {"keep": (lambda keep: type(keep) is int and keep >= 1, "một số nguyên dương, ví dụ 3")})


def _stable(value) -> str:
    """A repr that is the same in every process (sets sorted, no addresses)."""
    if isinstance(value, dict):
        return "{" + ", ".join(sorted(f"{_stable(k)}: {_stable(v)}" for k, v in value.items())) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_stable(item) for item in value) + "]"
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(_stable(item) for item in value)) + "}"
    return re.sub(r" at 0x[0-9a-fA-F]+", "", repr(value))


def _hash_tree(digest, folder: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")


_installed: dict[tuple[str, ...], str] = {}


def installed() -> str:
    """``name==version`` of every installed distribution, one a line. The
    requirements files say what should be installed; a build made before
    ``make .venv/.dev`` installed a changed pin (or after a ``pip install
    -U`` by hand) read its files with other packages (nh3 0.3.7 kept the
    key of 0.3.8). Reading the ~80 distributions' metadata takes 30 ms,
    a third of a small build's time: it is read again only when the
    metadata folders on ``sys.path`` change (an install or an upgrade
    renames its ``name-version.dist-info``; listing them takes 1 ms)."""
    from importlib import metadata

    folders = []
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:  # a zip or a folder that is not there
            continue
        folders += [f"{entry}/{name}" for name in names if name.endswith((".dist-info", ".egg-info"))]
    listing = tuple(sorted(folders))
    if listing not in _installed:
        _installed.clear()
        _installed[listing] = "\n".join(sorted(f"{dist.name}=={dist.version}" for dist in metadata.distributions()))
    return _installed[listing]


def code_key(settings) -> str:
    """The hash of everything besides a file's bytes that decides its reading."""
    import pelican

    digest = hashlib.sha256(f"{FORMAT} {pelican.__version__} {platform.python_version()}".encode())
    _hash_tree(digest, PLUGINS)
    _hash_tree(digest, ROOT / "workflow")  # the desk imports the Word import's settings check
    _hash_tree(digest, Path(settings["THEME"]))
    # Pelican's THEME_TEMPLATES_OVERRIDES: folders whose templates are found
    # before the theme's (one template changed without copying the theme).
    # Only their paths were in the settings: an article.html edited there
    # left every article page as the old template had made it (page_cache).
    for number, folder in enumerate(settings.get("THEME_TEMPLATES_OVERRIDES") or []):
        digest.update(f"overrides {number}\0".encode())
        _hash_tree(digest, Path(folder))
    for path in [ROOT / "pelicanconf.py", ROOT / "publishconf.py", *sorted(ROOT.glob("requirements*.txt"))]:
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(installed().encode())
    keyed = {k: v for k, v in settings.items() if k not in UNKEYED}
    jinja = keyed.get("JINJA_ENVIRONMENT")
    if isinstance(jinja, dict) and "bytecode_cache" in jinja:  # the preview's, in this key's folder
        keyed["JINJA_ENVIRONMENT"] = {k: v for k, v in jinja.items() if k != "bytecode_cache"}
    digest.update(_stable(keyed).encode())
    return digest.hexdigest()[:32]


class Store:
    """{path relative to PATH: (sha256 of the bytes, entry bytes)} of one key."""

    def __init__(self, folder: Path, content: str):
        self.folder = folder
        self.content = content
        self.entries: dict[str, tuple[str, bytes]] = {}
        self.hashes: dict[str, str] = {}
        self.changed = False
        try:
            with open(folder / FILE, "rb") as file:
                loaded = pickle.load(file)
            if not (isinstance(loaded, dict) and loaded.get("format") == FORMAT
                    and isinstance(loaded.get("entries"), dict)):
                raise ValueError("not a build cache")
            self.entries = loaded["entries"]
        except FileNotFoundError:
            pass
        except Exception as error:  # noqa: BLE001  any unreadable cache: read again, rebuild it
            self.changed = True  # saved again, whole
            # Not «(EOFError)» or «(UnpicklingError)»: what it means.
            why = "tệp bị cắt ngang" if isinstance(error, EOFError) else "tệp hỏng hoặc của phiên bản khác"
            logger.warning("bộ nhớ đệm %s không đọc được (%s): đọc lại mọi bài và tạo lại nó", folder / FILE, why)

    def _name(self, path: str) -> str:
        return os.path.relpath(path, self.content)

    def _sha(self, path: str) -> str:
        if path not in self.hashes:
            with open(path, "rb") as file:
                self.hashes[path] = hashlib.sha256(file.read()).hexdigest()
        return self.hashes[path]

    def get(self, path: str) -> bytes | None:
        entry = self.entries.get(self._name(path))
        if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == self._sha(path):
            return entry[1]
        return None

    def put(self, path: str, data: bytes) -> None:
        self.entries[self._name(path)] = (self._sha(path), data)
        self.changed = True

    def drop(self, path: str) -> None:
        """An entry that did not load: never offered again."""
        if self.entries.pop(self._name(path), None) is not None:
            self.changed = True

    def keep_only(self, paths) -> None:
        """Entries of files no longer read go (renamed, deleted)."""
        names = {self._name(path) for path in paths}
        for name in [name for name in self.entries if name not in names]:
            del self.entries[name]
            self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        temporary = self.folder / f".{FILE}.{os.getpid()}.tmp"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with open(temporary, "wb") as file:
                pickle.dump({"format": FORMAT, "entries": self.entries}, file,
                            protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.folder / FILE)
        except OSError as error:  # a full disk or a read-only cache: the build goes on
            temporary.unlink(missing_ok=True)  # no half file left to fill a full disk more
            logger.warning("không ghi được bộ nhớ đệm %s: %s", self.folder, disk_problem(error) or error)


def _age(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # removed by another build meanwhile
        return 0.0


def keep_newest(base: Path, keep: int) -> None:
    """Remove all but the ``keep`` most recently used key folders of a cache
    (``base``'s folders not named ``.…``: those are in the making). Each is
    moved away whole before it is deleted: a build reading it meanwhile
    gets an error, never a folder with files missing."""
    kept = sorted((path for path in base.iterdir() if path.is_dir() and not path.name.startswith(".")),
                  key=_age, reverse=True)
    for old in kept[keep:]:
        doomed = old.with_name(f".{old.name}.{os.getpid()}.old")
        try:
            os.rename(old, doomed)
        except OSError:  # another build removed it first
            continue
        shutil.rmtree(doomed, ignore_errors=True)


def folder_of(settings, config: dict) -> Path:
    return Path(config["folder"] or os.path.join(settings["CACHE_PATH"], "build")).resolve()


def templates_cache(settings):
    """Jinja's bytecode cache in this build's key folder (``templates/``),
    or None when BUILD_CACHE is off. The preview's (``workflow/preview.py``):
    each of Pelican's generators has its own Jinja environment and compiles
    the theme's templates again; with this cache every template of every
    generator loads in 0.05 s (2.5 s without, real site). Jinja checks each
    entry against the template's source and writes it atomically; the key
    covers the theme, the settings and the pinned Jinja. The folder is
    found when the first template is loaded: the key hashes the settings as
    Pelican's readers leave them (they add MARKDOWN's extensions), as the
    reading cache's does."""
    from jinja2 import FileSystemBytecodeCache

    config = load_config(settings.get("BUILD_CACHE", {}))
    if not config["enabled"]:
        return None

    class KeyFolderCache(FileSystemBytecodeCache):
        def __init__(self):
            super().__init__(directory=os.devnull)
            self._folder = ""

        @property
        def directory(self) -> str:
            """A folder that cannot be made (a cache/ left to root by one
            ``sudo make serve``, a read-only disk) stopped every preview with
            «Không ghi được cache/build/…» and advice that root's folder
            refuses: its path is given as it is, read as empty (Jinja's
            load) and not written (dump_bytecode), and tried again at the
            next template."""
            if not self._folder:
                folder = folder_of(settings, config) / code_key(settings) / "templates"
                try:
                    folder.mkdir(parents=True, exist_ok=True)
                except OSError:
                    return str(folder)
                self._folder = str(folder)
            return self._folder

        @directory.setter
        def directory(self, value) -> None:
            pass  # FileSystemBytecodeCache.__init__'s

        def load_bytecode(self, bucket) -> None:
            """A file cut short in its first bytes (a full disk, a killed
            preview) stopped every start with «UnpicklingError: pickle data
            was truncated» until ``invoke clean --cache``: Jinja reads its
            header outside the ``try`` that guards the compiled code. Such a
            file is compiled again and replaced."""
            try:
                super().load_bytecode(bucket)
            except Exception as error:  # noqa: BLE001  any damage: compiling again is always right
                bucket.reset()
                damaged = self._get_cache_filename(bucket)
                logger.warning("bộ nhớ đệm mẫu trang %s không đọc được (%s): dịch lại mẫu trang",
                               damaged, type(error).__name__)
                try:
                    os.remove(damaged)
                except OSError:
                    pass

        def dump_bytecode(self, bucket) -> None:
            """A compiled template not kept is compiled again next time: the
            folder gone (``invoke clean --cache``, another build pruning
            it) or a full disk never stops rendering."""
            try:
                super().dump_bytecode(bucket)
            except OSError:
                self._folder = ""  # made again at the next load

    return KeyFolderCache()


def open_store(settings, content: str) -> Store | None:
    """The store of this build's key (older key folders pruned), or None
    when BUILD_CACHE is off."""
    config = load_config(settings.get("BUILD_CACHE", {}))
    if not config["enabled"]:
        return None
    base = folder_of(settings, config)
    folder = base / code_key(settings)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        os.utime(folder)  # the newest: kept
        keep_newest(base, config["keep"])
    except OSError as error:
        logger.warning("không dùng được bộ nhớ đệm %s: %s", base, error)
        return None
    return Store(folder, content)
