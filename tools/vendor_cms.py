"""Copy the pinned Sveltia CMS build from node_modules into plugins/desk/vendor/.

The editors' desk (/quan-tri/) must work on a machine that has only Python
(``make serve``) and on a static host, so the CMS's JavaScript is committed,
not only installed. The version is the one pinned in package.json and
package-lock.json; ``tests/test_desk.py`` checks that the committed bytes
equal the installed package's. After changing the pin:

    npm install --save-exact --save-dev @sveltia/cms@X.Y.Z
    .venv/bin/python -m tools.vendor_cms

What is copied, and why (nothing else of the 21 MB package is needed):

- ``dist/sveltia-cms.js``: the CMS (one IIFE, 2.1 MB, 0.6 MB gzipped).
- ``dist/chunks/react-dom.js``: loaded by the CMS, relative to its own
  script, when a custom preview template is registered (ours is).
- ``locales/vi.json``: the Vietnamese UI strings, which the CMS would
  otherwise fetch from unpkg.com at run time (desk.js redirects that fetch
  here).
- the Material Symbols icon font (woff2) and its licence: the CMS's CSS
  loads it from cdn.jsdelivr.net; desk.css declares it under another family
  name pointing here, so the CDN's copy is never requested.
- the CMS's licence (MIT).
- fflate (its UMD build, 33 KB), with which desk.js cleans an uploaded Word
  file before it is committed.
- two ES modules the CMS imports from unpkg.com when it needs them:
  immutable (custom preview templates: ours) and exifr (reading a photo's
  date when it is uploaded). index.html maps their unpkg URLs to these
  copies with an import map (plugins/desk), in the versions package-lock.json
  installed (the CMS asks for the lowest version of its ^range).

One file is patched after it is copied (``PATCHES``, each a replacement that
must match exactly once, recorded in the manifest): the CMS's own bugs that
cost editors their work and that nothing outside the bundle can reach. After
a version bump, a patch that no longer matches stops this tool, naming it,
with the committed copy left as it was: read the new version's source (is
it fixed? then drop the patch) before writing it again.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "node_modules" / "@sveltia" / "cms"
VENDOR = ROOT / "plugins" / "desk" / "vendor"
MANIFEST = VENDOR / "manifest.json"

# vendored name -> path inside the npm package (a glob for content-hashed names)
CMS_FILES = {
    "sveltia-cms.js": "dist/sveltia-cms.js",
    "chunks/react-dom.js": "dist/chunks/react-dom.js",
    "locales/vi.json": "locales/vi.json",
    "fonts/material-symbols-outlined.woff2": "npm/assets/material-symbols-outlined-latin-wght-normal-*.woff2",
    "fonts/material-symbols-outlined.LICENSE.txt": "npm/assets/material-symbols-outlined.LICENSE.txt",
    "LICENSE.txt": "LICENSE.txt",
}
# vendored name -> [(text in the pinned build, replacement, why)].
PATCHES = {
    "sveltia-cms.js": [(
        "YA(()=>{let{current:e}=iX;if(e&&!c4){",
        "YA(()=>{let{current:e}=iX;if(e){",
        # src/lib/services/contents/draft/backup.js, its createRootEffect:
        # `if (_backend && !backupDB) {…open it…; return} backupDB = null`
        # runs again when the backend changes, and the sign-in page has the
        # GitHub backend before «Làm việc với kho mã nguồn cục bộ» switches
        # to the local one: the second run found the database open and
        # closed it, so local mode never kept a copy of unsaved text (a
        # reload, a crash, a closed tab lost it). Opened for each backend
        # now (the local one names the same database as GitHub's).
        "draft backups in local mode",
    )],
}
# Modules the CMS imports from https://unpkg.com/NAME@VERSION/PATH:
# vendored name -> (package, path inside it).
MODULES = {
    "modules/immutable.es.js": ("immutable", "dist/immutable.es.js"),
    "modules/immutable.LICENSE": ("immutable", "LICENSE"),
    "modules/exifr-lite.esm.mjs": ("exifr", "dist/lite.esm.mjs"),
    "modules/exifr.LICENSE": ("exifr", "LICENSE"),
    # Not the CMS's: desk.js opens and writes a Word file with it (its
    # reviewers' comments and authors' names taken out before it is
    # committed: plugins.desk, «cleanedWord»). Its synchronous functions
    # only: the others start workers from blob: URLs, which the policy blocks.
    "modules/fflate.js": ("fflate", "umd/index.js"),
    "modules/fflate.LICENSE": ("fflate", "LICENSE"),
}


def pinned_version(root: Path = ROOT) -> str:
    """The exact version package.json pins (no range allowed)."""
    version = json.loads((root / "package.json").read_text())["devDependencies"]["@sveltia/cms"]
    if not version[0].isdigit():
        raise SystemExit(f"package.json: @sveltia/cms must be pinned exactly, not {version!r}")
    return version


def source(package: Path, pattern: str) -> Path:
    """The one file of the package a FILES pattern names."""
    matches = sorted(package.glob(pattern))
    if len(matches) != 1:
        raise SystemExit(f"{pattern}: expected one file in {package}, found {len(matches)}")
    return matches[0]


def patched(name: str, data: bytes) -> bytes:
    """``data`` (the package's file ``name``) with PATCHES applied; stops
    when one does not match exactly once (another version: re-read it)."""
    text = data.decode() if name in PATCHES else ""
    for old, new, why in PATCHES.get(name, []):
        if text.count(old) != 1:
            raise SystemExit(f"{name}: the patch for {why!r} matches {text.count(old)} times in "
                             f"@sveltia/cms {pinned_version()}, not once: read that version's source "
                             "(fixed upstream? drop the patch) and write it again in tools/vendor_cms.py")
        text = text.replace(old, new)
    return text.encode() if name in PATCHES else data


def vendor(package: Path = PACKAGE, target: Path = VENDOR) -> dict:
    """Copy CMS_FILES and MODULES into target and write its manifest (what
    came from where, and the import map's URLs); return the manifest."""
    cms = json.loads((package / "package.json").read_text())
    if cms["version"] != pinned_version():
        raise SystemExit(f"node_modules has @sveltia/cms {cms['version']}, package.json pins "
                         f"{pinned_version()}: run npm ci first")
    # Filled beside target and swapped in whole: a patch that no longer
    # matches (or a file the new version moved) stops the tool with the
    # committed copy untouched, not with plugins/desk/vendor emptied (every
    # build then stopped with a traceback about its manifest.json).
    staging = target.with_name(f".{target.name}.new")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        manifest = _fill(package, cms, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if target.exists():
        shutil.rmtree(target)
    staging.rename(target)
    return manifest


def _fill(package: Path, cms: dict, target: Path) -> dict:
    files, imports = {}, {}
    sources = [(name, package, pattern) for name, pattern in CMS_FILES.items()]
    sources += [(name, package.parents[1] / module, path) for name, (module, path) in MODULES.items()]
    for name, origin_package, pattern in sources:
        origin = source(origin_package, pattern)
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_bytes(patched(name, origin.read_bytes()))
        files[name] = origin.relative_to(package.parents[1]).as_posix()
        module = origin_package.relative_to(package.parents[1]).as_posix()
        if module in cms["dependencies"] and not name.endswith("LICENSE"):
            # The URL the CMS imports: its ^range without the caret.
            wanted = cms["dependencies"][module].lstrip("^~")
            imports[f"https://unpkg.com/{module}@{wanted}/{pattern}"] = name
    manifest = {"package": "@sveltia/cms", "version": cms["version"], "files": files, "imports": imports,
                "patches": {name: [why for _, _, why in patches] for name, patches in PATCHES.items()}}
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


if __name__ == "__main__":
    result = vendor()
    print(f"@sveltia/cms {result['version']}: {len(result['files'])} files in {VENDOR.relative_to(ROOT)}",
          file=sys.stderr)
