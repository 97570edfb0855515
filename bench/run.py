"""The benchmark: our site against plain Pelican and Hugo, on generated
Vietnamese articles (with N/10 documents and N/250 albums of 30 photos:
``generate.library_sizes``); the preview's latency; the content checker;
Lighthouse. Plain Pelican builds the documents as pages and copies the
album photos; Hugo builds the articles only.

    .venv/bin/python -m bench.run                       # N = 1,000 and 5,000, 3 runs
    .venv/bin/python -m bench.run --sizes 200 --runs 1  # a quick run

Every build is a child process (``pelican``, ``hugo``) timed by wall clock;
its peak memory is the child's ``ru_maxrss`` from ``wait4`` (which includes
the processes it waited for, e.g. Pagefind). "Ours" uses the project's real
production settings as they are when the benchmark runs (``publishconf.py``,
its PLUGINS and theme), with the generated categories added to CATEGORIES.
Results are printed and written to ``bench/results/`` (gitignored).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench import hugo_site
from tests.support import copy_corpus, generate

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent

RESULTS = HERE / "results"

OURS_SETTINGS = """\
from {conf} import *  # noqa: F401,F403  the project's real settings, read at run time

# The benchmark's categories are added to the real ones.
CATEGORIES = list(dict.fromkeys([*CATEGORIES, *{categories!r}]))
# Resized photos, kept across runs and sizes (keyed by content); the search
# bundles (cache/search) are removed before every cold build (start_cold).
CACHE_PATH = {cache!r}
# The reading cache (plugins/core/build_cache.py): per site, emptied before
# every "cold" build, kept for the "warm" ones.
BUILD_CACHE = {{"enabled": True, "folder": {build_cache!r}, "keep": 3}}
# The rendered pages (plugins/page_cache): per site too, emptied with it.
PAGE_CACHE = {{"enabled": True, "folder": {build_cache!r} + "/pages"}}
"""

# Plain Pelican 4.12: its `simple` theme, typogrify on, the same content
# rules and listings (pagination by 10, Atom feeds for all and per category).
PLAIN_SETTINGS = """\
SITENAME = "Bản tin (benchmark)"
SITEURL = "https://example.org"
AUTHOR = "Ban thông tin"
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
THEME = "simple"
TYPOGRIFY = True
PATH = "content"
ARTICLE_PATHS = ["bench"]
# The documents (van-ban/) as pages, their attachments and the album photos
# copied: the same pages and files, without our plugins. The simple theme
# would list every page in the menu of every page (500 links on each of
# 5,000 articles: 1,005 s instead of about 100); our theme lists none.
PAGE_PATHS = ["van-ban"]
STATIC_PATHS = ["images", "van-ban"]
DISPLAY_PAGES_ON_MENU = False
DEFAULT_PAGINATION = 10
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
"""


# --- Laying out the sites -----------------------------------------------------
def build_cache_of(site: Path) -> Path:
    return site.parent / f"{site.name}-build-cache"


def start_cold(output: Path) -> None:
    """Before a cold build: no output, no reading cache, no search bundle
    to reuse (plugins/search); the photo copies stay cached."""
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(build_cache_of(output.parent), ignore_errors=True)
    shutil.rmtree(RESULTS / "cache" / "search", ignore_errors=True)


def lay_out_ours(corpus: Path, site: Path, conf: str = "publishconf") -> tuple[Path, Path]:
    """The real content (pages, Hỏi & đáp, the reference article) plus the
    corpus, with the production settings (``publishconf``) or the ones
    ``make serve`` uses (``pelicanconf``)."""
    shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(build_cache_of(site), ignore_errors=True)
    content = site / "content"
    shutil.copytree(ROOT / "content", content)
    copy_corpus(corpus, content)
    settings = site / "settings.py"
    settings.write_text(
        OURS_SETTINGS.format(conf=conf, categories=generate.CATEGORIES,
                             cache=str(RESULTS / "cache"), build_cache=str(build_cache_of(site))),
        encoding="utf-8"
    )
    return content, settings


def in_process_settings(size: int, name: str) -> tuple[dict, Path]:
    """The N-article site laid out with our production settings under
    ``work/NAME-N``, for a build in this process (``profile_build``,
    ``timeline``): Pelican's settings, and the output folder (emptied, with
    no reading cache or search bundle to reuse)."""
    from pelican.settings import read_settings

    corpus = RESULTS / f"corpus-{size}"
    generate.generate(size, corpus, **generate.library_sizes(size))
    site = RESULTS / "work" / f"{name}-{size}"
    content, settings_file = lay_out_ours(corpus, site)
    output = site / "output"
    start_cold(output)
    return read_settings(str(settings_file), override={"PATH": str(content), "OUTPUT_PATH": str(output)}), output


def lay_out_plain(corpus: Path, site: Path) -> tuple[Path, Path]:
    shutil.rmtree(site, ignore_errors=True)
    content = site / "content"
    copy_corpus(corpus, content)
    settings = site / "settings.py"
    settings.write_text(PLAIN_SETTINGS, encoding="utf-8")
    return content, settings


def pelican_command(content: Path, settings: Path, output: Path) -> list[str]:
    return [str(BIN / "pelican"), str(content), "-s", str(settings), "-o", str(output), "-q"]


# --- Measuring ------------------------------------------------------------------
def timed(command: list[str], cwd: Path, env: dict | None = None) -> dict:
    """Run command; wall time (s), CPU time (user + system, s) and peak RSS
    (MiB) of it and its children. The CPU time moves less than the wall
    time with the shared machine's load: it tells "the machine was busy"
    from "the build did more work"."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        env={**os.environ, **(env or {})},
    )
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        sys.exit(f"{' '.join(command)} failed ({process.returncode}):\n{output.decode()[-4000:]}")
    return {"seconds": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "peak_mib": usage.ru_maxrss / 1024}


def count_pages(output: Path) -> int:
    return sum(1 for _ in output.rglob("*.html"))


def median(values):
    return statistics.median(values) if values else None


def bench_builds(size: int, runs: int, work: Path, which: list[str]) -> dict:
    corpus = RESULTS / f"corpus-{size}"
    print(f"\n== N = {size:,}: generating the corpus…", flush=True)
    items = generate.generate(size, corpus, **generate.library_sizes(size))
    sites = {}
    if "ours" in which:
        content, settings = lay_out_ours(corpus, work / f"ours-{size}")
        out = work / f"ours-{size}" / "output"
        sites["ours"] = (pelican_command(content, settings, out), out)
    if "plain" in which:
        content, settings = lay_out_plain(corpus, work / f"plain-{size}")
        out = work / f"plain-{size}" / "output"
        sites["plain"] = (pelican_command(content, settings, out), out)
    if "hugo" in which:
        hugo_site.lay_out(corpus, items, work / f"hugo-{size}")
        out = work / f"hugo-{size}" / "output"
        sites["hugo"] = (hugo_site.command(work / f"hugo-{size}", out), out)

    # One untimed build each first: it fills the OS file cache for all alike,
    # and our derivative cache (resized photos), as on an editor's machine
    # or a CI runner that keeps cache/. Its time is reported as "first build".
    # Every timed "ours" build starts without the reading cache (cold).
    cold = {}
    for name, (command, out) in sites.items():
        start_cold(out)
        cold[name] = timed(command, cwd=out.parent)
        print(f"  warm-up  {name:5}: {cold[name]['seconds']:6.2f} s, "
              f"{cold[name]['peak_mib']:6.0f} MiB", flush=True)
    samples = {name: [] for name in sites}
    # Interleaved, so that the noise of a shared machine hits every tool alike.
    for run in range(runs):
        for name, (command, out) in sites.items():
            start_cold(out)
            result = timed(command, cwd=out.parent)
            samples[name].append(result)
            print(f"  run {run + 1}/{runs} {name:5}: {result['seconds']:6.2f} s "
                  f"(CPU {result['cpu_s']:6.2f} s), {result['peak_mib']:6.0f} MiB", flush=True)
    if "ours" in sites:
        # Warm: the cache of the last cold build, then one article's body
        # edited before each build, output/ emptied first as for the cold
        # builds (a CI runner starts with none; Pelican's own emptying of a
        # full output/ would add 5-7 s at 5,000 to the warm builds only).
        command, out = sites["ours"]
        content = out.parent / "content"

        def again(name: str, label: str, edit: bool) -> None:
            samples[name] = []
            for run in range(runs):
                if edit:
                    edit_one(content, items, run)
                shutil.rmtree(out, ignore_errors=True)  # as before the cold builds: CI starts empty
                result = timed(command, cwd=out.parent)
                samples[name].append(result)
                print(f"  {label} {run + 1}/{runs} ours : {result['seconds']:6.2f} s "
                      f"(CPU {result['cpu_s']:6.2f} s), {result['peak_mib']:6.0f} MiB", flush=True)
            sites[name] = sites["ours"]
            cold[name] = cold["ours"]

        again("ours-warm", "warm", edit=True)
        # Nothing changed since the last build (CI's hourly run): the pages
        # come from plugins/page_cache, the search bundle is reused.
        again("ours-unchanged", "unchanged", edit=False)
        # Pagefind alone on the same output: a floor under every build of
        # ours, since any edit changes the index and Pagefind rebuilds all of it.
        samples["pagefind"] = [timed(pagefind_alone(settings_of(out.parent), out), cwd=out.parent)
                               for _ in range(runs)]
        print(f"  Pagefind alone: {median([s['seconds'] for s in samples['pagefind']]):6.2f} s", flush=True)
        sites["pagefind"] = sites["ours"]
        cold["pagefind"] = cold["ours"]
    table = {}
    for name, (_, out) in sites.items():
        seconds = median([s["seconds"] for s in samples[name]])
        pages = count_pages(out)
        table[name] = {
            "median_s": seconds,
            "runs_s": [round(s["seconds"], 3) for s in samples[name]],
            "peak_mib": max(s["peak_mib"] for s in samples[name]),
            "cpu_s": median([s["cpu_s"] for s in samples[name]]),
            "pages": pages,
            "pages_per_s": pages / seconds,
            "cold_s": cold[name]["seconds"],
            "output": str(out),
        }
    if "ours" in table:
        for other in ("plain", "hugo"):
            if other in table:
                table[f"ours/{other}"] = table["ours"]["median_s"] / table[other]["median_s"]
                # The work done, whatever the machine's load: a ratio that
                # moves less between runs than the wall times' one.
                table[f"ours/{other} CPU"] = table["ours"]["cpu_s"] / table[other]["cpu_s"]
        table["warm/cold"] = table["ours-warm"]["median_s"] / table["ours"]["median_s"]
        table["unchanged/cold"] = table["ours-unchanged"]["median_s"] / table["ours"]["median_s"]
        table["pagefind/cold"] = table["pagefind"]["median_s"] / table["ours"]["median_s"]
    return table


def settings_of(site: Path) -> dict:
    from pelican.settings import read_settings

    return read_settings(str(site / "settings.py"))


def pagefind_alone(settings: dict, output: Path) -> list[str]:
    """The command our build runs (plugins.search), on the articles and the
    documents, writing into a bundle of its own next to the build's."""
    from plugins.search import joined_glob, merge_settings, pagefind_command, save_as_glob

    options = {**merge_settings(settings.get("SEARCH", {})), "bundle_dir": "pagefind-bench"}
    globs = [save_as_glob(settings[name]) for name in ("ARTICLE_SAVE_AS", "DOCUMENT_SAVE_AS")]
    shutil.rmtree(output / "pagefind-bench", ignore_errors=True)
    return pagefind_command(options, str(output), glob=joined_glob(globs))


def edited_item(items: list[dict], number: int) -> dict:
    return items[(number * 997 + 13) % len(items)]


def edit_one(content: Path, items: list[dict], number: int) -> tuple[Path, str]:
    """Append a paragraph to one generated article (a different one each
    time); the marker to look for on its page (typogrify joins the last two
    words with &nbsp;: the marker is the paragraph's start)."""
    fields = edited_item(items, number)
    source = content / "bench" / Path(fields["path"]).relative_to("articles")
    marker = f"Đoạn sửa thử số {number + 1} của"
    text = source.read_text(encoding="utf-8")
    source.write_text(text + f"\n{marker} bộ đo thời gian.\n", encoding="utf-8")
    return source, marker


# --- The preview ----------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, timeout: float = 30) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode("utf-8")


def start_preview(content: Path, settings: Path, output: Path, log: Path):
    """Start the preview; seconds until it serves the home page (200)."""
    port = free_port()
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "workflow.preview", "--content", str(content),
         "--settings", str(settings), "--output", str(output), "--port", str(port)],
        cwd=ROOT, stdout=open(log, "w"), stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    while True:
        try:
            fetch(base + "/", timeout=300)
            return process, base, time.perf_counter() - started
        except OSError:
            if process.poll() is not None or time.perf_counter() - started > 900:
                raise RuntimeError(f"the preview did not start: see {log}") from None
            time.sleep(0.05)


def stop_preview(process) -> float:
    """Stop it; its peak memory (MiB, with its children)."""
    process.terminate()
    _, _, usage = os.wait4(process.pid, 0)
    return usage.ru_maxrss / 1024


def bench_preview(size: int, work: Path, edits: int = 3) -> dict | None:
    """Start the preview on a copy of the N-article site without the
    reading cache (cold), then again with nothing changed (warm: the output
    the cold run left is served while the site is read), then again after
    one article's body was edited while it was stopped (edited: the reading
    cache warm, the output of the warm run served but for that article's
    page and the feeds, which wait until the site is read): time until the
    home page is served (and, edited, the article's page), peak memory; on
    the edited one, once every page is rendered, edit articles and time
    from the save until the preview serves the changed page. The cold and
    warm runs save nothing, so each leaves the output the next one keeps."""
    corpus = RESULTS / f"corpus-{size}"
    items = generate.generate(size, corpus, **generate.library_sizes(size))
    # The settings `make serve` uses (pelicanconf.py: the output is not
    # emptied first, relative addresses, no fingerprinted names).
    content, settings = lay_out_ours(corpus, work / f"preview-{size}", conf="pelicanconf")
    output = work / f"preview-{size}" / "output"
    result = {"size": size}
    latencies = []
    for kind in ("cold", "warm", "edited"):
        if kind == "cold":
            start_cold(output)
        if kind == "edited":
            edit_one(content, items, 99)
        started = time.perf_counter()
        process, base, startup = start_preview(content, settings, output, work / f"preview-{size}-{kind}.log")
        result[f"startup_{kind}_s"] = startup
        print(f"  preview start ({kind}): home page served after {startup:.1f} s", flush=True)
        try:
            if kind == "edited":  # the edited article's own page waits until the site is read
                fetch(f"{base}/bai-viet/{edited_item(items, 99)['slug']}/", timeout=300)
                result["edited_page_s"] = time.perf_counter() - started
                print(f"  preview start (edited): the edited article served after "
                      f"{result['edited_page_s']:.1f} s", flush=True)
            while True:  # every page rendered, finalized run (503 until then)
                try:
                    fetch(base + "/__preview/ready")
                    break
                except OSError:
                    if time.perf_counter() - started > 900:
                        raise RuntimeError("the preview never finished its first build") from None
                    time.sleep(0.2)
            result[f"finished_{kind}_s"] = time.perf_counter() - started
            for edit in range(edits if kind == "edited" else 0):
                url = f"{base}/bai-viet/{edited_item(items, 100 + edit)['slug']}/"
                fetch(url)
                time.sleep(0.3)  # a distinct modification time
                saved = time.perf_counter()
                _, marker = edit_one(content, items, 100 + edit)
                while marker not in fetch(url):
                    if time.perf_counter() - saved > 60:
                        raise RuntimeError("the preview never showed the edit")
                    time.sleep(0.01)
                latencies.append(time.perf_counter() - saved)
                print(f"  preview edit {edit + 1}: {latencies[-1] * 1000:.0f} ms", flush=True)
        finally:
            result[f"peak_{kind}_mib"] = stop_preview(process)
    result["latency_ms"] = [round(x * 1000) for x in latencies]
    result["median_ms"] = median(latencies) * 1000
    return result


# --- Others' benchmarks and Lighthouse -----------------------------------------------
def bench_checker() -> dict | None:
    result = subprocess.run([sys.executable, "-m", "bench.check_speed"], cwd=ROOT, capture_output=True,
                            text=True, timeout=1800)
    return {"returncode": result.returncode, "output": (result.stdout + result.stderr).strip()}


def bench_lighthouse(size: int, work: Path) -> dict | None:
    from bench.lighthouse_audit import audit

    site = work / f"ours-{size}"
    if not (site / "settings.py").exists():
        generate.generate(size, RESULTS / f"corpus-{size}", **generate.library_sizes(size))
        lay_out_ours(RESULTS / f"corpus-{size}", site)
    return audit(site / "content", site / "settings.py", work)


# --- Report -----------------------------------------------------------------------
def render(report: dict) -> str:
    lines = [f"# Benchmark {report['when']} (runs: {report['runs']}, median; "
             "one run on a shared 2-core machine: ratios are indicative)", "",
             f"Load average (1, 5, 15 min) at the start: {report.get('load', '?')}; "
             f"at the end: {report.get('load_end', '?')}", ""]
    lines.append("| N | build | median s | CPU s | peak MiB | pages | pages/s | first build s |")
    lines.append("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size, table in report["builds"].items():
        for name in ("ours", "ours-warm", "ours-unchanged", "pagefind", "plain", "hugo"):
            if name in table:
                row = table[name]
                if name == "pagefind":  # the index of ours' output, not a build
                    lines.append(f"| {int(size):,} | Pagefind alone | {row['median_s']:.2f} "
                                 f"| {row.get('cpu_s', float('nan')):.2f} | {row['peak_mib']:.0f} | | | |")
                    continue
                lines.append(f"| {int(size):,} | {name} | {row['median_s']:.2f} "
                             f"| {row.get('cpu_s', float('nan')):.2f} | {row['peak_mib']:.0f} "
                             f"| {row['pages']:,} | {row['pages_per_s']:.0f} | {row['cold_s']:.2f} |")
        for ratio in ("ours/plain", "ours/plain CPU", "ours/hugo", "ours/hugo CPU", "warm/cold", "unchanged/cold",
                      "pagefind/cold"):
            if ratio in table:
                lines.append(f"| {int(size):,} | **{ratio}** | **{table[ratio]:.2f}×** | | | | | |")
    if report.get("preview"):
        p = report["preview"]
        lines += ["", f"Preview, N = {p['size']:,}: home page served after {p['startup_cold_s']:.1f} s cold "
                  f"({p['peak_cold_mib']:.0f} MiB), {p['startup_warm_s']:.1f} s warm with nothing "
                  f"changed ({p['peak_warm_mib']:.0f} MiB), {p['startup_edited_s']:.1f} s warm after "
                  f"one article's body was edited while it was stopped ({p['peak_edited_mib']:.0f} MiB; "
                  f"that article's own page after {p.get('edited_page_s', float('nan')):.1f} s); "
                  f"every page and the search index after {p['finished_cold_s']:.1f} s cold, "
                  f"{p['finished_warm_s']:.1f} s warm, {p['finished_edited_s']:.1f} s edited; "
                  "save → changed page served: median "
                  f"{p['median_ms']:.0f} ms ({', '.join(map(str, p['latency_ms']))} ms)"]
    if report.get("lighthouse"):
        lines += ["", "Lighthouse (our site, smallest N):", "",
                  "| page | performance | accessibility | best-practices | seo |",
                  "| --- | ---: | ---: | ---: | ---: |"]
        for page, scores in report["lighthouse"].items():
            if isinstance(scores, dict):
                lines.append(f"| {page} | " + " | ".join(
                    str(scores.get(k)) for k in ("performance", "accessibility", "best-practices", "seo")) + " |"
                    + (f" failed: {', '.join(scores['failed_audits'])}" if scores.get("failed_audits") else ""))
            else:
                lines.append(f"| {page} | {scores} | | | |")
    if report.get("checker"):
        lines += ["", "Content checker (bench/check_speed.py):", "", "```", report["checker"]["output"], "```"]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--runs", type=int, default=3, help="builds per tool and size (median)")
    parser.add_argument("--only", nargs="+", choices=["ours", "plain", "hugo"],
                        default=["ours", "plain", "hugo"])
    parser.add_argument("--no-builds", action="store_true", help="skip the build comparison")
    parser.add_argument("--no-preview", action="store_true")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--no-checker", action="store_true")
    args = parser.parse_args(argv)

    work = RESULTS / "work"
    work.mkdir(parents=True, exist_ok=True)
    report = {"when": time.strftime("%Y-%m-%d %H:%M"), "runs": args.runs, "builds": {},
              "load": ", ".join(f"{x:.1f}" for x in os.getloadavg())}
    for size in [] if args.no_builds else args.sizes:
        report["builds"][str(size)] = bench_builds(size, args.runs, work, args.only)
    if not args.no_preview:
        print(f"\n== Preview latency, N = {max(args.sizes):,}", flush=True)
        report["preview"] = bench_preview(max(args.sizes), work)
    if not args.no_lighthouse and "ours" in args.only:
        print("\n== Lighthouse", flush=True)
        report["lighthouse"] = bench_lighthouse(min(args.sizes), work)
    if not args.no_checker:
        report["checker"] = bench_checker()

    report["load_end"] = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    text = render(report)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"bench-{stamp}.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    (RESULTS / f"bench-{stamp}.md").write_text(text, encoding="utf-8")
    shutil.copyfile(RESULTS / f"bench-{stamp}.md", RESULTS / "latest.md")
    print("\n" + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
