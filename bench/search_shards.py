"""The search index split by year: what an incremental index would cost
readers, and save the build (issue 13's warm-build goal).

    .venv/bin/python -m bench.search_size --keep /tmp/site5000   # once
    .venv/bin/python -m bench.search_shards --site /tmp/site5000

A warm production build after one article's body was edited runs Pagefind
over every page again (24-29 s of a 65-s build at 5,000 articles): Pagefind
has no incremental mode. The way out is several indexes, one per year of
articles (and one for the documents), each rebuilt only when one of its
pages changed, merged in the reader's browser by Pagefind's ``mergeIndex``.
This script measures both sides on a site kept by ``bench.search_size``,
in one run:

- the build: Pagefind over the whole site (today's cost after any edit),
  and over each shard (the cost after an edit in that year);
- the reader: for the same queries, what the search page downloads before
  its first result (gzipped, as ``bench.search_size`` counts it) and the
  results it finds, with the single index and with the shards merged (the
  page's own script, routed to load the newest shard and merge the others
  before its first search).

Nothing of the site is changed: the shards are indexed from hard links of
the article pages in a temporary folder, their bundles written beside the
site's own (``pagefind-<shard>/``) and removed at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.search_size import QUERIES, first_result_download, index_size, serve_on
from plugins import search as search_plugin

YEAR = re.compile(rb'data-year="(\d{4})"')


def shards_of(site: Path) -> dict[str, list[Path]]:
    """The article pages by their year (``data-year`` of the search hooks),
    and the documents' pages as one shard."""
    shards: dict[str, list[Path]] = {}
    for page in sorted(site.glob("bai-viet/*/index.html")):
        match = YEAR.search(page.read_bytes())
        shards.setdefault(match[1].decode() if match else "khac", []).append(page)
    documents = sorted(site.glob("van-ban/*/*/index.html"))
    if documents:
        shards["van-ban"] = documents
    return shards


def pagefind(options: dict, site: Path, output: Path | None = None, glob: str = "") -> float:
    """Seconds Pagefind takes to index `site` (into `output`, else its own
    bundle folder)."""
    command = search_plugin.pagefind_command(options, str(site), glob=glob)
    if output is not None:
        command += ["--output-path", str(output)]
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def merging_script(shards: list[str]):
    """A route handler for the search page's script: load the first shard's
    bundle and merge the others before the first search."""
    first, others = shards[0], shards[1:]
    merges = "".join(f'.then(function () {{ return module.mergeIndex("/pagefind-{name}/"); }})'
                     for name in others)

    def handle(route):
        script = route.fetch().text()
        patched = script.replace('root.dataset.bundle + "pagefind.js"', f'"/pagefind-{first}/pagefind.js"')
        patched = patched.replace(".then(function () { return module.init(); })",
                                  merges + ".then(function () { return module.init(); })")
        assert patched.count("mergeIndex") == len(others) and f"/pagefind-{first}/" in patched, \
            "search.js changed: update bench/search_shards.py"
        route.fulfill(body=patched, content_type="text/javascript")

    return lambda context: context.route("**/js/search*.js", handle)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, required=True, help="a site kept by bench.search_size --keep")
    args = parser.parse_args(argv)
    site = args.site.resolve()
    base = (site / ".base-url").read_text().strip()
    options = search_plugin.merge_settings({})
    glob = "{bai-viet/*/index.html,van-ban/*/*/index.html}"
    shards = shards_of(site)
    names = sorted((name for name in shards if name != "van-ban"), reverse=True) + (
        ["van-ban"] if "van-ban" in shards else [])
    server = serve_on(site, int(base.rsplit(":", 1)[1]))
    bundles = []
    try:
        whole = pagefind(options, site, glob=glob)
        single = first_result_download(base, QUERIES)
        seconds = {}
        with tempfile.TemporaryDirectory(prefix="search-shards-") as work:
            for name in names:
                root = Path(work) / name
                for page in shards[name]:
                    target = root / page.relative_to(site)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.link(page, target)
                bundle = site / f"pagefind-{name}"
                bundles.append(bundle)
                shutil.rmtree(bundle, ignore_errors=True)
                seconds[name] = pagefind(options, root, output=bundle)
        merged = first_result_download(base, QUERIES, prepare=merging_script(names))
        sizes = {name: index_size(site / f"pagefind-{name}") for name in names}
    finally:
        server.shutdown()
        for bundle in bundles:
            shutil.rmtree(bundle, ignore_errors=True)

    pages = sum(len(shards[name]) for name in names)
    print(f"{pages:,} pages indexed; {len(names)} shards ({', '.join(names)})")
    print(f"Pagefind, whole site: {whole:.1f} s; one shard: {min(seconds.values()):.1f}-"
          f"{max(seconds.values()):.1f} s (mean {sum(seconds.values()) / len(seconds):.1f} s, "
          f"all {sum(seconds.values()):.1f} s)")
    print(f"index: single {index_size(site / 'pagefind')['bytes'] / 1024:,.0f} KB; "
          f"shards {sum(size['bytes'] for size in sizes.values()) / 1024:,.0f} KB")
    print("download before the first result (gzipped): single index → shards merged")
    for one, many in zip(single, merged):
        print(f"  {one['query']!r:>16}: {one['search_bytes_gz'] / 1024:6.1f} KB in {len(one['files']):>2} files, "
              f"{one['seconds']:.2f} s → {many['search_bytes_gz'] / 1024:6.1f} KB in {len(many['files']):>2} "
              f"files, {many['seconds']:.2f} s; {one['status']} → {many['status']}")
    print(json.dumps({"whole_s": whole, "shard_s": seconds, "single": single, "merged": merged,
                      "sizes": sizes}, ensure_ascii=False), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
