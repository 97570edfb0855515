"""Lighthouse (npm ``lighthouse``, pinned in package.json) in headless Debian
Chromium on our site's home page, one article, the search page with a query
(«hội thảo»), the documents library, one document and, when the corpus has
albums (N >= 250), the albums' page and an article with its album. The
article is the union's own (``content/<year>/``: its text, its figures and
their captions), not a generated one, whose 120 px photos say nothing of
real ones. The search page is ``noindex`` on purpose: its SEO score (69,
"is-crawlable") says so.

The production site links its CSS and JS by absolute URL (SITEURL), so the
site is built again for Lighthouse with SITEURL pointing at a local server
(publishconf.py reads SITEURL from the environment) and served from there.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# The flags our tests use (tests/conftest.py): without the background
# networking ones Chromium keeps calling hosts this machine cannot reach.
CHROMIUM_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """The built site, and a stand-in for the visit counter's GoatCounter
    (its JSON counts and the /count beacon), so no request leaves the
    machine: the production placeholder host never resolves."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path.startswith("/counter/"):
            return self._answer(200, b'{"count": "1 234"}', "application/json")
        if self.path.startswith("/count"):
            return self._answer(204, b"", "text/plain")
        return super().do_GET()

    def do_POST(self):
        return self._answer(204, b"", "text/plain")

    def _answer(self, status, body, kind):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def union_article(output: Path) -> str:
    """The output folder of the union's first article (its ``Slug:``,
    ``ARTICLE_SAVE_AS`` = ``bai-viet/{slug}/index.html``), or of the first
    article when it is not there."""
    for source in sorted((ROOT / "content").glob("[0-9][0-9][0-9][0-9]/*.md")):
        slug = re.search(r"^Slug:[ \t]*(\S+)", source.read_text(encoding="utf-8"), re.MULTILINE)
        if slug and (output / "bai-viet" / slug[1] / "index.html").is_file():
            return f"bai-viet/{slug[1]}"
    return sorted(output.glob("bai-viet/*/index.html"))[0].parent.relative_to(output).as_posix()


def audit(content: Path, settings: Path, work: Path) -> dict:
    """Scores (0–100) per page, or the reason Lighthouse could not run."""
    binary = ROOT / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        return {"error": "node_modules/.bin/lighthouse missing: run npm ci"}
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    site_url = f"http://127.0.0.1:{port}"
    output = work / "lighthouse-site"
    shutil.rmtree(output, ignore_errors=True)
    build = subprocess.run(
        [str(Path(sys.executable).parent / "pelican"), str(content), "-s", str(settings),
         "-o", str(output), "-q"],
        cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "SITEURL": site_url, "GOATCOUNTER_ENDPOINT": site_url},
    )
    if build.returncode:
        return {"error": f"build failed: {build.stdout[-1000:]}{build.stderr[-1000:]}"}
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", port), functools.partial(_Quiet, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    pages = {"home": "", "article": union_article(output) + "/",
             "search": "tim-kiem/?q=h%E1%BB%99i%20th%E1%BA%A3o"}  # «hội thảo»
    for name, pattern in (("documents", "van-ban/index.html"), ("document", "van-ban/*/*/index.html"),
                          ("albums", "album-anh/index.html")):
        found = sorted(output.glob(pattern))
        if found:
            pages[name] = found[0].parent.relative_to(output).as_posix() + "/"
    album = next((path for path in sorted(output.glob("bai-viet/*/index.html"))
                  if 'class="album-grid' in path.read_text(encoding="utf-8")), None)
    if album:  # an article with its album (plugins.albums)
        pages["album"] = album.parent.relative_to(output).as_posix() + "/"
    pages = {name: f"{site_url}/{path}" for name, path in pages.items()}
    scores = {}
    try:
        for name, url in pages.items():
            report = work / f"lighthouse-{name}.json"
            result = subprocess.run(
                [str(binary), url, "--output=json", f"--output-path={report}", "--quiet",
                 f"--only-categories={','.join(CATEGORIES)}",
                 f"--chrome-flags={' '.join(CHROMIUM_FLAGS)}"],
                cwd=ROOT, capture_output=True, text=True, timeout=300,
                env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
            )
            if result.returncode or not report.exists():
                scores[name] = f"Lighthouse failed ({result.returncode}): {result.stderr.strip()[-500:]}"
                continue
            data = json.loads(report.read_text(encoding="utf-8"))
            scores[name] = {
                key: (round(data["categories"][key]["score"] * 100)
                      if data["categories"][key]["score"] is not None else None)
                for key in CATEGORIES
            }
            failed = [
                audit_id for key in CATEGORIES if key != "performance"
                for ref in data["categories"][key]["auditRefs"]
                if ref["weight"] and (audit_id := ref["id"])
                and data["audits"][audit_id]["score"] not in (None, 1)
            ]
            if failed:
                scores[name]["failed_audits"] = failed
            print(f"  lighthouse {name}: {scores[name]}", flush=True)
    finally:
        server.shutdown()
    return scores
