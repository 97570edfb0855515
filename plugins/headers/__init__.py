"""Headers for static hosts, and content-hashed CSS and JS names.

When the build is finished (``finalized``):

1. With ``HEADERS["fingerprint"]`` (production), every ``.css`` and ``.js``
   file under the theme's output folder is minified (``shipped``: rcssmin,
   rjsmin; the comments that say why stay in the source) and renamed
   ``NAME.HASH.EXT`` (the first 10 hex digits of the SHA-256 of what is
   shipped) and every reference to it in the
   HTML, CSS, JS and manifest files of the output is rewritten, so browsers
   may keep them for a year. The names are known from the theme's own files
   when Pelican starts, so the templates write them (``{{ asset(...) }}``);
   at the end only the files that still name an old path (or a hash that
   turned out wrong) are read and rewritten.
2. ``_headers`` (read by Netlify and Cloudflare Pages) is written: a strict
   Content-Security-Policy whose only other host is the visit counter's
   origin (computed from ``VISIT_COUNTER``), plus ``frame-src`` for
   youtube-nocookie.com when a page has a YouTube card,
   ``X-Content-Type-Options``,
   ``Referrer-Policy``, and a ``Cache-Control`` per kind of file: one year
   for the hashed files, ``HEADERS["image_max_age"]`` for content images,
   ``HEADERS["html_max_age"]`` for the folders that hold pages. The rules
   never overlap on ``Cache-Control`` (hosts would join two values).
   A path with its own security headers (``HEADERS["separate"]``, e.g. the
   editors' desk ``/quan-tri/*``, added by ``plugins.desk``) must not get the
   public policy too: hosts join overlapping rules and a browser enforces
   both policies. Then the public CSP is not on ``/*`` but on ``/`` and on
   every other top-level file and folder of the site.

3. Every HTML page carries the same policy as ``<meta http-equiv>``
   (``HEADERS["meta"]``), for hosts that send no headers at all, GitHub
   Pages first: the template writes ``CSP_META`` (the directives a meta tag
   can carry: no ``frame-ancestors``, ``report-uri``, ``sandbox``). A page
   that holds a YouTube card (``plugins/core/videos.py``) gets, as it is
   rendered (a page transform, ``plugins/core/written.py``), the policy
   with ``frame-src`` youtube-nocookie.com and ``theme/js/video.js``;
   every other page has no ``frame-src`` (so ``default-src 'none'`` blocks
   frames). A browser enforces both a header and a meta policy: the header
   is the widest, each page's meta narrows it.

Settings: ``HEADERS``, merged over ``DEFAULTS`` and checked when Pelican starts.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from pelican import signals

from plugins.core import videos, written
from plugins.core.errors import fail
from plugins.core.rules import content_items
from plugins.core.settings import asset_url, merge
from plugins.visit_counter.stamp import load_config as load_counter_config

logger = logging.getLogger(__name__)

DEFAULTS = {
    "fingerprint": False,  # rename theme CSS/JS to NAME.HASH.EXT (production)
    "file": "_headers",  # the file written at the output's root; "" for none
    "referrer_policy": "strict-origin-when-cross-origin",
    "asset_max_age": 31536000,  # seconds, hashed CSS/JS (immutable)
    "image_max_age": 86400,  # seconds, content images (names do not change)
    "html_max_age": 0,  # seconds, pages: revalidated at every visit
    "meta": True,  # the policy also as <meta http-equiv> in every page
    # {"/path/*": ["Header: value", …]}: paths with their own security
    # headers instead of the public CSP (plugins.desk adds /quan-tri/*).
    "separate": {},
}
# Directives a <meta http-equiv> policy cannot carry (CSP 3, "meta" element).
HEADER_ONLY = ("frame-ancestors", "report-uri", "report-to", "sandbox")
VIDEO_SCRIPT = "js/video.js"
HASHED = re.compile(r"\.[0-9a-f]{10}\.(css|js)$")
REWRITTEN_SUFFIXES = (".html", ".css", ".js", ".webmanifest")


class HeadersError(ValueError):
    pass


def load_config(value) -> dict:
    config = merge("HEADERS", value, DEFAULTS, HeadersError)
    for key, item in config.items():
        if type(item) is int and item < 0:
            raise HeadersError(f"HEADERS[{key!r}] phải là số giây ≥ 0")
    return config


# --- Pure functions -----------------------------------------------------------
def counter_origins(visit_counter) -> list[str]:
    """The origins the visit counter talks to (none when it is off, or when
    it is a path on the site's own host: 'self' covers it)."""
    config = load_counter_config(visit_counter)
    if config["provider"] == "none":
        return []
    origins = set()
    for key in ("hit", "total", "page"):
        parts = urlsplit(config.get(key) or "")
        if parts.netloc:
            origins.add(f"{parts.scheme}://{parts.netloc}")
    return sorted(origins)


def content_security_policy(origins: list[str], frames: list[str] = ()) -> str:
    """A strict CSP: our own files only, plus `origins` for the counter's
    requests (fetch/beacon) and its <noscript> pixel, and `frames` (the
    video player's origin) in frame-src. 'wasm-unsafe-eval' lets Pagefind
    compile its WebAssembly; no inline script or style."""
    extra = "".join(" " + origin for origin in origins)
    return "; ".join([
        "default-src 'none'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        f"img-src 'self'{extra}",
        "font-src 'self'",
        f"connect-src 'self'{extra}",
        "manifest-src 'self'",
        *([f"frame-src {' '.join(frames)}"] if frames else []),
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def meta_policy(policy: str) -> str:
    """The directives of `policy` a <meta http-equiv> may carry."""
    return "; ".join(d for d in policy.split("; ") if d.split(" ", 1)[0] not in HEADER_ONLY)


def with_video(text: str, policy: str, video_policy: str, script: str) -> str:
    """A page that holds a YouTube card: its meta policy allows the
    player's frame, and it loads ``video.js`` (before ``</head>``, deferred)."""
    if policy:
        text = text.replace(f'content="{policy}"', f'content="{video_policy}"', 1)
    tag = f'<script src="{script}" defer></script>'
    if tag not in text:
        text = text.replace("</head>", f"{tag}\n</head>", 1)
    return text


def shipped(name: str, data: bytes) -> bytes:
    """What production publishes of a theme CSS or JS file: minified
    (comments, indentation and spaces out; ``/*! … */`` kept). Measured
    (gzip -6): search.js 5.9 → 3.4 KB, which search downloads before its
    first result; style.css 4.9 → 3.5 KB, which every page waits for."""
    if name.endswith(".js"):
        import rjsmin

        return rjsmin.jsmin(data.decode("utf-8"), keep_bang_comments=True).encode("utf-8")
    if name.endswith(".css"):
        import rcssmin

        return rcssmin.cssmin(data.decode("utf-8"), keep_bang_comments=True).encode("utf-8")
    return data


def fingerprinted_name(name: str, data: bytes) -> str:
    """style.css → style.0123456789.css (SHA-256 of the content)."""
    stem, _, suffix = name.rpartition(".")
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:10]}.{suffix}"


def rewrite_references(text: str, renames: dict[str, str]) -> str:
    """Replace every reference to a renamed site path ("theme/css/a.css"),
    absolute or relative, as long as it follows a "/" and ends the URL."""
    if not renames:
        return text
    alternatives = "|".join(re.escape(old) for old in sorted(renames, key=len, reverse=True))
    pattern = re.compile(rf"(?<=/)({alternatives})(?=[\"'?#)\s<>]|$)")
    return pattern.sub(lambda match: renames[match.group(1)], text)


def headers_file(csp: str, referrer_policy: str, cache_rules: list[tuple[str, str]],
                 separate: dict[str, list[str]] | None = None, csp_paths: list[str] | None = None) -> str:
    """The text of _headers: security headers for every path, then one
    rule a path pattern with its Cache-Control and, with `separate` paths,
    its CSP (on `csp_paths`, public_paths(), instead of "/*"; each separate
    path its own lines)."""
    lines = [
        "# Written by plugins/headers at build time (README, \"Publishing\").",
        "/*",
        *([] if separate else [f"  Content-Security-Policy: {csp}"]),
        "  X-Content-Type-Options: nosniff",
        f"  Referrer-Policy: {referrer_policy}",
        "  X-Frame-Options: DENY",
    ]
    # One rule a path, its policy and its cache together: Cloudflare Pages
    # reads at most CLOUDFLARE_RULES rules (the take-over's old addresses
    # made 101 of them as two rules a path).
    rules: dict[str, list[str]] = {}
    if separate:
        for path in csp_paths or []:
            rules.setdefault(path, []).append(f"Content-Security-Policy: {csp}")
        for path, own in separate.items():
            rules.setdefault(path, []).extend(own)
    for path, value in cache_rules:
        rules.setdefault(path, []).append(f"Cache-Control: {value}")
    for path, own in rules.items():
        lines += [path, *(f"  {line}" for line in own)]
    return "\n".join(lines) + "\n"


CLOUDFLARE_RULES = 100  # "A _headers file can have a maximum of 100 header rules" (Cloudflare Pages)


def rule_count(text: str) -> int:
    """The rules of a _headers file: its lines that name a path."""
    return sum(1 for line in text.splitlines() if line.startswith("/"))


def public_paths(output: Path, separate) -> list[str]:
    """Where the public CSP goes when some paths have their own: the root
    page and every top-level file and folder except the separate ones."""
    taken = {path.strip("/*") for path in separate}
    paths = ["/"]
    for entry in sorted(output.iterdir()):
        if entry.name not in taken and entry.name != "_headers":
            paths.append(f"/{entry.name}/*" if entry.is_dir() else f"/{entry.name}")
    return paths


def search_bundle_rules(bundle: Path, long: str, short: str) -> list[tuple[str, str]]:
    """Pagefind's bundle: its index, fragment and filter files and its
    ``*.pf_meta`` are named by their content hash (immutable, so a reader's
    repeated searches download only new chunks); its entry file, scripts and
    WebAssembly keep their names from build to build (revalidated)."""
    if not bundle.is_dir():
        return []
    rules = []
    for entry in sorted(bundle.iterdir()):
        site_path = f"/{bundle.name}/{entry.name}"
        if entry.is_dir():
            rules.append((f"{site_path}/*", long))
        else:
            rules.append((site_path, long if entry.suffix == ".pf_meta" else short))
    return rules


def cache_rules(output: Path, hashed: list[str], image_dirs: list[str], theme_dir: str,
                config: dict, search_dir: str = "") -> list[tuple[str, str]]:
    """(path pattern, Cache-Control) for hashed files, image folders, the
    search bundle, and the root page, root HTML files and top-level folders
    holding pages."""
    long = f"public, max-age={config['asset_max_age']}, immutable"
    rules = [(f"/{path}", long) for path in sorted(hashed)]
    rules += [(f"/{name}/*", f"public, max-age={config['image_max_age']}")
              for name in sorted(image_dirs) if (output / name).is_dir()]
    # The theme's pictures (logo, icons) and the site's icon, unhashed: a
    # day, as content photos. Without a rule every page view asked for the
    # logo again (a 400 ms round trip each on a slow phone link).
    theme = output / theme_dir
    rules += [(f"/{theme_dir}/{folder.name}/*", f"public, max-age={config['image_max_age']}")
              for folder in sorted(theme.iterdir() if theme.is_dir() else [])
              if folder.is_dir() and folder.name not in ("css", "js")]
    if (output / "favicon.ico").is_file():
        rules.append(("/favicon.ico", f"public, max-age={config['image_max_age']}"))
    short = f"public, max-age={config['html_max_age']}, must-revalidate"
    if search_dir:
        rules += search_bundle_rules(output / search_dir, long, short)
    taken = {theme_dir, *image_dirs, search_dir}
    for entry in sorted(output.iterdir()):
        # .htm: pages left at the old site's addresses (plugins/redirects).
        if entry.is_file() and entry.suffix in (".html", ".htm"):
            rules.append(("/" if entry.name == "index.html" else f"/{entry.name}", short))
        elif entry.is_dir() and entry.name not in taken and any(entry.rglob("*.html")):
            rules.append((f"/{entry.name}/*", short))
    return rules


# --- Signal handlers --------------------------------------------------------------
_expected: dict[str, str] = {}  # this build's theme_renames (fingerprint on)
_rendered: set[str] = set()  # pages rendered by the templates (they name hashed files)
_policies: dict[str, str] = {}  # "page" and "video": this build's meta policies ("" when off)
_site: dict[str, bool] = {"video": False}  # does any content hold a YouTube card?


def policy_of(settings, video: bool = False) -> str:
    """The site's policy, from the same settings for _headers and meta."""
    origins = counter_origins(settings.get("VISIT_COUNTER", {"provider": "none"}))
    return content_security_policy(origins, [videos.NOCOOKIE] if video else [])


def check_settings(pelican):
    settings = pelican.settings
    try:
        settings["HEADERS"] = load_config(settings.get("HEADERS", {}))
        meta = settings["HEADERS"]["meta"]
        _policies.update(page=meta_policy(policy_of(settings)) if meta else "",
                         video=meta_policy(policy_of(settings, video=True)) if meta else "")
    except (HeadersError, ValueError) as error:
        fail(str(error))
    settings["CSP_META"] = _policies["page"]
    _site["video"] = False
    _expected.clear()
    _rendered.clear()
    if settings["HEADERS"]["fingerprint"]:
        _expected.update(theme_renames(settings))
    # The hashed names, known before anything is rendered: templates name
    # them through asset(), plugins through THEME_ASSETS (a missing name is
    # the file itself), so no page is rewritten for them.
    prefix = settings["THEME_STATIC_DIR"].strip("/") + "/"
    settings["THEME_ASSETS"] = {old.removeprefix(prefix): new.removeprefix(prefix)
                                for old, new in _expected.items()}


def add_asset_global(generator):
    """generator_init: ``{{ asset('css/style.css') }}`` in templates."""
    generator.env.globals["asset"] = lambda name: asset_url(generator.settings, name)


def find_videos(generators):
    """Does any article, page or draft hold a YouTube card? Then _headers
    allows the player's frame (each page's meta still decides)."""
    needle = videos.MARK + '="'
    items = content_items(generators)  # Hỏi & đáp items too
    _site["video"] = any(needle in (getattr(item, "_content", "") or "") for item in items)


def theme_renames(settings) -> dict[str, str]:
    """{site path: hashed site path} of the theme's CSS/JS, computed from the
    theme's files as Pelican will copy them (THEME_STATIC_PATHS into
    THEME_STATIC_DIR)."""
    theme = Path(settings["THEME"])
    target = PurePosixPath(settings["THEME_STATIC_DIR"].strip("/"))
    renames = {}
    for static in settings["THEME_STATIC_PATHS"]:
        root = theme / static
        files = sorted(root.rglob("*")) if root.is_dir() else [root]
        for file in files:
            if file.suffix in (".css", ".js") and file.is_file() and not HASHED.search(file.name):
                site = target / (file.relative_to(root).as_posix() if root.is_dir() else file.name)
                data = shipped(file.name, file.read_bytes())
                renames[str(site)] = str(site.with_name(fingerprinted_name(file.name, data)))
    return renames


def fingerprint(output: Path, theme_dir: str, expected: dict[str, str] | None = None,
                rendered: set[str] | frozenset = frozenset()) -> list[str]:
    """Minify the theme's CSS/JS and name them with their hash; rewrite references in the
    files that still hold an old name, or one of the ``expected`` hashed
    names (rendered by the templates) that differs from the real one.
    The ``rendered`` pages are not read when every expected name was right
    (the templates named the real files). Returns the new site paths."""
    renames = {}
    for file in sorted((output / theme_dir).rglob("*")):
        if file.suffix in (".css", ".js") and file.is_file() and not HASHED.search(file.name):
            data = shipped(file.name, file.read_bytes())
            target = file.with_name(fingerprinted_name(file.name, data))
            target.write_bytes(data)
            file.unlink()
            renames[file.relative_to(output).as_posix()] = target.relative_to(output).as_posix()
    changed = False
    for old, new in (expected or {}).items():
        if renames.get(old, new) != new:
            renames[new] = renames[old]  # a theme file changed during the build
            changed = True
    needles = [name.encode() for name in renames]
    for file in output.rglob("*"):
        if file.suffix in REWRITTEN_SUFFIXES and file.is_file() and (changed or os.path.abspath(file) not in rendered):
            data = file.read_bytes()
            if not any(needle in data for needle in needles):
                continue
            text = data.decode("utf-8")
            new = rewrite_references(text, renames)
            if new != text:
                file.write_text(new, encoding="utf-8")
    return sorted(set(renames.values()))


def note_rendered(path, context):
    """content_written (in the main process, for every page, also those
    written in parallel): this page was rendered with the hashed names."""
    if _expected:
        _rendered.add(os.path.abspath(path))


def video_page(html: str, context: dict) -> str:
    """Page transform (``plugins.core.written``): the page of an article or
    page with a YouTube card gets its policy and script as it is rendered."""
    item = context.get("article") or context.get("page")
    if item is None or videos.MARK + '="' not in (getattr(item, "_content", "") or ""):
        return html
    if videos.MARK + '="' not in html:
        return html
    return with_video(html, _policies["page"], _policies["video"], asset_url(context, VIDEO_SCRIPT))


def write_headers(pelican):
    settings = pelican.settings
    config = settings["HEADERS"]
    output = Path(pelican.output_path)
    theme_dir = settings["THEME_STATIC_DIR"].strip("/")
    if config["fingerprint"]:
        fingerprint(output, theme_dir, dict(_expected), set(_rendered))
    _expected.clear()
    _rendered.clear()
    if not config["file"]:
        return
    hashed = [f.relative_to(output).as_posix() for f in (output / theme_dir).rglob("*")
              if HASHED.search(f.name)] if config["fingerprint"] else []
    # A static folder that also holds pages (van-ban/: the library and every
    # document's page beside the attachments, DOCUMENT_SAVE_AS) is
    # revalidated like pages: a day's cache showed readers a corrected number
    # or a hidden document a day late. The others (images/) keep their day.
    # Read from the settings: walking images/ for a page took 0.25 s a build
    # at 5,000 articles.
    page_dirs = {str(value).split("/", 1)[0] for name, value in settings.items()
                 if name.endswith("_SAVE_AS") and isinstance(value, str) and "/" in value}
    image_dirs = [p for p in settings["STATIC_PATHS"] if "/" not in p and (output / p).is_dir()
                  and p not in page_dirs]
    csp = policy_of(settings, video=_site["video"])
    separate = config["separate"]
    text = headers_file(csp, config["referrer_policy"],
                        cache_rules(output, hashed, image_dirs, theme_dir, config,
                                    settings.get("SEARCH", {}).get("bundle_dir", "")),
                        separate, public_paths(output, separate) if separate else None)
    (output / config["file"]).write_text(text, encoding="utf-8")
    if (count := rule_count(text)) > CLOUDFLARE_RULES:
        logger.warning("HEADERS: %s có %d quy tắc; Cloudflare Pages chỉ nhận tối đa %d quy tắc, các quy tắc sau có "
                       "thể không được áp dụng (chính sách bảo mật CSP, thời hạn lưu đệm) — trên Cloudflare, bớt "
                       "các đường dẫn cũ ở gốc trang (mỗi tệp hay thư mục ở gốc là một quy tắc), hoặc đăng ở nơi "
                       "khác (README, «Headers»)",
                       config["file"], count, CLOUDFLARE_RULES)


def register():
    signals.initialized.connect(check_settings)
    signals.all_generators_finalized.connect(find_videos)
    signals.generator_init.connect(add_asset_global)
    written.page_transform(video_page)
    signals.content_written.connect(note_rendered)
    signals.finalized.connect(write_headers)
