"""nginx's configuration for the built site, made from the build's own
``_headers`` and ``_redirects`` (``invoke nginx-config``).

The README used to give an nginx snippet to copy by hand, and the union's
IT person who followed it got a site that did not work: its ``types``
block in ``server`` replaced every MIME type (each page a download), the
public policy reached the desk, whose own one it blocked, a long old
address made ``map_hash_bucket_size`` too small (``nginx -s reload``
failed and kept the old configuration), and a policy copied once missed
the ``frame-src`` a later video card needed. This file is made again after
every publish from what the build wrote, so it always says what
``_headers`` says, for the site's path (``SITEURL``'s, read from the built
home page's canonical link).

One file, for the ``server`` block (``include`` it there, after
``listen``, ``server_name`` and the TLS lines):

- ``root`` and ``error_page 404`` (a folder without ``index.html``, 403 to
  nginx, answered the same way);
- one ``location`` per rule of ``_headers``, with every header the hosts
  that read ``_headers`` send there (the rules that cover it joined, as
  Netlify and Cloudflare Pages join them; nginx sends only the innermost
  location's ``add_header`` lines, so each location lists all of them);
- the web manifest's MIME type in its own location (``types {}`` in
  ``server`` would replace all the others);
- ``_headers`` and ``_redirects`` themselves answered 404;
- one exact ``location`` per line of ``_redirects`` (a ``return``), so no
  ``map`` and no hash size to tune; matched on the path whatever the query
  (``?fbclid=…`` included), as written (the build writes both the path as
  given and in lower case); a path with ``$`` is left to its redirect page;
- gzip for the text types nginx leaves uncompressed by default.

Under a path (``https://example.vn/bantin``) the server block is the
host's own, so all of it is one ``location ^~ /bantin/`` with the others
nested in it (and ``/bantin`` sent to ``/bantin/``): the host's ``root``,
its pages and its 404 stay as they were.
"""

from __future__ import annotations

import html.parser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import WorkflowError, shown

# Compressed besides text/html (always, once gzip is on).
GZIP_TYPES = ("text/css", "application/javascript", "application/json", "application/xml",
              "application/atom+xml", "application/manifest+json", "image/svg+xml", "text/plain")
# Files whose type Debian's mime.types does not know (served application/octet-stream).
TYPES = {".webmanifest": "application/manifest+json"}


def read_headers(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The rules of a ``_headers`` file: (path pattern, [(name, value)…])."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        elif rules and ":" in line:
            name, value = line.strip().split(":", 1)
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def read_redirects(text: str) -> list[tuple[str, str, int]]:
    """The lines of a ``_redirects`` file: (request path, target, status)."""
    found = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 3 and not line.startswith("#"):
            found.append((parts[0], parts[1], int(parts[2].rstrip("!"))))
    return found


def covers(outer: str, inner: str) -> bool:
    """Whether every request ``inner`` matches is also matched by ``outer``
    (the patterns the headers plugin writes: ``/*``, ``/x/*``, ``/``, ``/file``)."""
    if outer == inner or outer == "/*":
        return True
    return outer.endswith("/*") and inner.startswith(outer[:-1])


def _quoted(text: str) -> str:
    if "$" in text:  # nginx would read a variable in it
        raise WorkflowError(f"giá trị «{text[:60]}» có dấu «$», nginx không ghi được nguyên văn")
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _location(pattern: str, prefix: str) -> str:
    if pattern.endswith("/*"):
        return f"^~ {_quoted(prefix + unquote(pattern[:-1]))}"
    return f"= {_quoted(prefix + unquote(pattern))}"


class _Canonical(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.href = None

    def handle_starttag(self, tag, attrs):
        named = dict(attrs)
        if tag == "link" and named.get("rel") == "canonical" and self.href is None:
            self.href = named.get("href")


def site_path(output: Path) -> str:
    """The site's path on its host («/bantin», or «» at the root): the
    path of the home page's canonical link, as the build wrote it."""
    parser = _Canonical()
    parser.feed((output / "index.html").read_text(encoding="utf-8"))
    if not parser.href or not urlsplit(parser.href).scheme:
        raise WorkflowError(f"{shown(output)}/index.html không có liên kết canonical tuyệt đối — dựng trang bằng "
                            "«invoke publish» với SITEURL là địa chỉ công khai, rồi chạy lại")
    return urlsplit(parser.href).path.rstrip("/")


def config(output: Path, folder: str) -> str:
    """The ``server`` block's lines for the site built in ``output`` and
    copied to ``folder`` on the server (whose name must end with the
    site's path, e.g. /var/www/bantin for https://host/bantin)."""
    for name in ("index.html", "_headers"):
        if not (output / name).is_file():
            raise WorkflowError(f"không thấy {shown(output)}/{name}: chạy «invoke publish» trước (HEADERS['file'] "
                                "trong publishconf.py phải là tên tệp, không phải None)")
    prefix = site_path(output)
    folder = folder.rstrip("/") or "/"
    if not folder.startswith("/") or not folder.endswith(prefix):
        raise WorkflowError(f"--folder «{folder}» phải là đường dẫn tuyệt đối tới thư mục chép trang lên máy chủ"
                            + (f", kết thúc bằng «{prefix}» như đường dẫn của trang (SITEURL), ví dụ "
                               f"/var/www{prefix}" if prefix else ", ví dụ /var/www/bantin"))
    rules = read_headers((output / "_headers").read_text(encoding="utf-8"))
    redirects = output / "_redirects"
    moves = read_redirects(redirects.read_text(encoding="utf-8")) if redirects.is_file() else []
    lines = [
        "# Made by «invoke nginx-config» from output/_headers and output/_redirects: make it",
        "# again after every publish (a new video card, a new old address change them).",
        f"root {_quoted(folder[: len(folder) - len(prefix)] or '/')};",
        f"error_page 404 {_quoted(prefix + '/404.html')};",
        # A folder without index.html (/theme/, or /Tin-Tuc/left22/ that only
        # old addresses made) answered nginx's bare English «403 Forbidden».
        f"error_page 403 =404 {_quoted(prefix + '/404.html')};",
        "gzip on;",
        f"gzip_types {' '.join(GZIP_TYPES)};",
    ]
    # One location per path: a pattern is in several rules (its policy, its
    # cache), and an old address may be a file with headers of its own.
    locations: dict[str, list[str]] = {}
    for pattern in dict.fromkeys(pattern for pattern, _ in rules):
        body = locations.setdefault(_location(pattern, prefix), [])
        suffix = Path(pattern).suffix
        if suffix in TYPES:
            body.append(f"types {{ }} default_type {TYPES[suffix]};")
        body += [f"add_header {name} {_quoted(value)} always;"
                 for outer, own in rules if covers(outer, pattern) for name, value in own]
    if f"^~ {_quoted(prefix + '/')}" not in locations:  # the rest of the site, when no rule is «/*»
        locations[_quoted(prefix + "/")] = []
    for name in ("_headers", "_redirects"):  # the other hosts' instructions, not pages
        body = locations.setdefault(f"= {_quoted(f'{prefix}/{name}')}", [])
        body[:0] = ["return 404;"]
    for request, target, status in moves:
        if "$" in unquote(request):
            # An old address with «$» (nginx would read a variable in it):
            # its redirect page answers it, as on any static host.
            continue
        body = locations.setdefault(f"= {_quoted(prefix + unquote(request))}", [])
        if not any(line.startswith("return ") for line in body):
            body.insert(0, f"return {status} {_quoted(target)};")
    if not prefix:
        for spec, body in locations.items():
            lines += [f"location {spec} {{", *(f"    {line}" for line in body), "}"]
        return "\n".join(lines) + "\n"
    # Under a path the server block is the host's own (https://example.vn/
    # serves something else): a second «root» there failed «nginx -t», and
    # the site's error_page answered the host's every unknown address. All
    # of it goes in the site's location, the others nested in it.
    own, head = (lines[:2], lines[2:])
    outer = locations.pop(f"^~ {_quoted(prefix + '/')}", None)
    outer = locations.pop(_quoted(prefix + "/"), []) if outer is None else outer
    lines = [*own, f"location = {_quoted(prefix)} {{", f"    return 301 {_quoted(prefix + '/')};", "}",
             f"location ^~ {_quoted(prefix + '/')} {{", *(f"    {line}" for line in head + outer)]
    for spec, body in locations.items():
        lines += [f"    location {spec} {{", *(f"        {line}" for line in body), "    }"]
    return "\n".join([*lines, "}"]) + "\n"


def write(output: Path, folder: str, into: Path) -> str:
    """Write ``config`` to ``into``; what was done, for the terminal."""
    text = config(output, folder)
    into.parent.mkdir(parents=True, exist_ok=True)
    into.write_text(text, encoding="utf-8")
    return (f"Đã viết {shown(into)} ({text.count('location ')} location): chép lên máy chủ, «include» nó trong "
            "khối server của trang, rồi «nginx -t && nginx -s reload» (README, «Another static host»)")
