"""Search at scale: the Pagefind index of N generated articles (default
5,000) and what a reader downloads before the first result appears.

    .venv/bin/python -m bench.search_size              # 5,000 articles
    .venv/bin/python -m bench.search_size --count 500  # a quick run

The articles come from ``tests/support/generate.py`` (fixed seed, NFC Vietnamese with
tone marks, about 600 words each), laid out with the real content as
``bench.run`` does, and built by the production command
(``pelican content -s publishconf.py -o DIR``, the visit counter off so no
request leaves the host). Then, in Chromium, for each typical query, in a
fresh browser context (cold cache): open ``/tim-kiem/?q=…`` and record every
request made before the first result is on screen (the page shows it as soon
as its fragment arrives; the other results' fragments follow, not counted). A response is counted at its
gzipped size: Pagefind's index, fragment, filter and WebAssembly files are
stored gzipped already (counted as they are), the rest (pagefind.js, the
worker, search.js, the entry JSON) is gzipped at level 6 as a static host
would. The search page's own HTML, CSS and images are listed apart. Exits 1
when a query's search download is over the budget (150 KB).

To compare what is indexed without building again (a 5,000-article build
takes minutes), keep a built site and re-index it with extra selectors that
Pagefind ignores, e.g. only the title and the first block of the body:

    .venv/bin/python -m bench.search_size --keep /tmp/site5000
    .venv/bin/python -m bench.search_size --site /tmp/site5000 \
        --exclude-selector ".post-body > :nth-child(n+2)"
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

from bench.run import lay_out_ours
from plugins import search as search_plugin
from tests.support import BIN, CHROMIUM, CHROMIUM_ARGS, ROOT, generate, serve_folder

HERE = Path(__file__).resolve().parent

BUDGET = 150 * 1024
QUERIES = ["hội thảo", "hoi thao", "dai hoi", "chuyển đổi số", "nong nghiep", "hội"]
# Logged by the page when the first result is added to the list, with the
# time (ms since the epoch, as Playwright's request timing).
FIRST = "bench: first result shown at "
FIRST_RESULT_SIGNAL = f"""
new MutationObserver((changes, observer) => {{
  if (document.querySelector(".search-result")) {{
    console.debug({FIRST!r} + (performance.timeOrigin + performance.now()));
    observer.disconnect();
  }}
}}).observe(document, {{ childList: true, subtree: true }});
"""
# Files of the bundle that our search page never loads (Pagefind's own UIs).
UNUSED = ("pagefind-ui", "pagefind-component-ui", "pagefind-modular-ui", "pagefind-highlight")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve_on(folder: Path, port: int) -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", port), functools.partial(_Quiet, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def gzipped_size(body: bytes) -> int:
    if body[:2] == b"\x1f\x8b":  # Pagefind's own gzipped files
        return len(body)
    return len(gzip.compress(body, 6))


def index_size(bundle: Path) -> dict:
    used = [p for p in bundle.rglob("*") if p.is_file() and not p.name.startswith(UNUSED)]
    by_kind: dict[str, list[int]] = {}
    for path in used:
        kind = path.parent.name if path.parent != bundle else path.suffix.lstrip(".") or path.name
        by_kind.setdefault(kind, [0, 0])
        by_kind[kind][0] += 1
        by_kind[kind][1] += path.stat().st_size
    return {
        "files": len(used),
        "bytes": sum(p.stat().st_size for p in used),
        "by_kind": {k: {"files": v[0], "bytes": v[1]} for k, v in sorted(by_kind.items())},
        "whole_bundle_bytes": sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file()),
    }


def _first_result(shown: list[float], message) -> None:
    """Console listener: the time the page logged its first result at."""
    if message.text.startswith(FIRST):
        shown.append(float(message.text.removeprefix(FIRST)))


def first_result_download(base: str, queries: list[str], prepare=None) -> list[dict]:
    """Per query, in a fresh context: what the search page downloads before
    its first result. ``prepare(context)``, if given, is called on each
    context first (``bench.search_shards`` routes the page's script)."""
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for query in queries:
            context = browser.new_context()
            if prepare is not None:
                prepare(context)
            page = context.new_page()
            page.add_init_script(FIRST_RESULT_SIGNAL)
            requests, shown = [], []
            # A partial, not the bound builtin: Playwright sets its wrapper on the handler.
            context.on("request", functools.partial(list.append, requests))
            page.on("console", functools.partial(_first_result, shown))
            started = time.perf_counter()
            page.goto(f"{base}/tim-kiem/?q={quote(query)}")
            page.locator(".search-result, .search-status:has-text('Không tìm thấy')").first.wait_for()
            elapsed = time.perf_counter() - started
            page.locator("[data-search-status]:has-text('kết quả')").wait_for()
            status = page.locator("[data-search-status]").inner_text()
            search, page_assets, files = 0, 0, []
            for request in requests:
                response = request.response()
                if response is None or (shown and request.timing["startTime"] > shown[0]):
                    continue
                path = response.url.removeprefix(base)
                size = gzipped_size(response.body())
                if "/pagefind" in path or "/js/search" in path:
                    search += size
                    files.append((path.split("?")[0], size))
                else:
                    page_assets += size
            rows.append({
                "query": query, "status": status, "search_bytes_gz": search,
                "page_bytes_gz": page_assets, "files": files, "seconds": round(elapsed, 2),
            })
            context.close()
        browser.close()
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--verbose", action="store_true", help="list every file downloaded")
    parser.add_argument("--keep", type=Path, help="copy the built site to this folder")
    parser.add_argument("--site", type=Path, help="measure a site built by --keep (no build)")
    parser.add_argument("--exclude-selector", action="append", default=[],
                        help="re-index --site with Pagefind ignoring this selector too")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="search-size-") as work:
        work = Path(work)
        if args.site:
            output = args.site
            # Its pages name the address it was built for: serve it there.
            base = (output / ".base-url").read_text().strip()
            server = serve_on(output, int(base.rsplit(":", 1)[1]))
            started = time.perf_counter()
            options = search_plugin.merge_settings({"exclude_selectors": args.exclude_selector})
            shutil.rmtree(output / options["bundle_dir"], ignore_errors=True)
            subprocess.run(search_plugin.pagefind_command(options, str(output)), check=True,
                           capture_output=True)
            label = f"re-indexed, excluding {args.exclude_selector or 'nothing more'}"
        else:
            corpus = work / "corpus"
            generate.generate(args.count, corpus)
            content, settings = lay_out_ours(corpus, work / "site")
            with settings.open("a", encoding="utf-8") as file:
                file.write("VISIT_COUNTER = {'provider': 'none'}\n")
            output = work / "site" / "output"
            output.mkdir()
            server, base = serve_folder(output)
            started = time.perf_counter()
            build = subprocess.run(
                [str(BIN / "pelican"), str(content), "-s", str(settings), "-o", str(output), "-q"],
                cwd=ROOT, env={**os.environ, "SITEURL": base}, capture_output=True, text=True,
            )
            if build.returncode:
                print(build.stdout + build.stderr)
                return build.returncode
            label = "Pelican + Pagefind"
        seconds = time.perf_counter() - started
        size = index_size(output / "pagefind")
        rows = first_result_download(base, QUERIES)
        server.shutdown()
        if args.keep:
            shutil.copytree(output, args.keep, dirs_exist_ok=True)
            (args.keep / ".base-url").write_text(base)

    print(f"{args.count:,} articles, {seconds:.0f} s ({label})")
    print(f"index: {size['bytes'] / 1024:,.0f} KB in {size['files']:,} files "
          f"(whole bundle with Pagefind's unused UIs: {size['whole_bundle_bytes'] / 1024:,.0f} KB)")
    for kind, info in size["by_kind"].items():
        print(f"  {kind:>10}: {info['files']:>6,} files {info['bytes'] / 1024:>9,.0f} KB")
    print(f"download before the first result (gzipped), budget {BUDGET // 1024} KB:")
    over = False
    for row in rows:
        over |= row["search_bytes_gz"] > BUDGET
        print(f"  {row['query']!r:>16}: search {row['search_bytes_gz'] / 1024:6.1f} KB "
              f"in {len(row['files'])} files, page {row['page_bytes_gz'] / 1024:5.1f} KB, "
              f"{row['seconds']:.2f} s — {row['status']}")
        if args.verbose:
            for path, bytes_ in row["files"]:
                print(f"      {bytes_ / 1024:7.1f} KB {path}")
    print(json.dumps({"count": args.count, "index": size, "queries": rows}, ensure_ascii=False),
          file=sys.stderr)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
