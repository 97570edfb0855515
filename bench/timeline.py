"""Where the wall time of our production build goes, phase by phase.

    .venv/bin/python -m bench.timeline --size 5000

``bench.profile_build`` says which functions cost CPU in one process; this
says when each phase of the real (multi-process) build starts and how long
the main process waits, which is what the wall time is made of. It lays the
N-article site out as ``bench.run`` does (no reading cache, no search
bundle to reuse, photo copies cached), builds it in this process with the
production settings, and prints one line a phase: the Pelican signals that
mark it, the first page written of each kind (documents, articles, the rest),
Pagefind started in the background and the search index written (the
``plugins.search`` log lines), each with its wall time and the CPU time of
this process in it (the shared machine's load moves the first, less the
second), and the CPU time of this process and of its children (the reading
and writing workers, Pagefind) at the end.

Measured 2026-12-03, N = 5,000 (+ 500 documents, 20 albums; 8,781 pages),
74.8 s in all, CPU 48.1 s in the main process and 72.7 s in its children:
reading 0.2-14.3 s (two workers: Markdown and typogrify, about 4.6 ms of CPU
a file), Pelican making the articles of what was read 14.3-18.6 s and the
categories, pages, static files and albums to 23.8 s (the main process
alone), documents and article pages written 23.9-39.5 s (two processes),
the other 3,180 pages 39.5-54.4 s on the main process while Pagefind,
started at 40.0 s, indexes the article and document pages beside it; its
index is written at 73.1 s. Pagefind is the last 19 s: it took 33 s from
its start (24 s alone on the same pages), of which the body's joined pairs
(``plugins.search``) are about 10 s and half of its 3 GB peak memory
(Pagefind alone, ``--exclude-selectors`` on them: 13.9 s, 1.5 GB).
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import shutil
import sys
import time

from bench import run

# Signals that open a phase, in the order Pelican sends them (each is marked
# the first time only: article_generator_preread comes once per file).
SIGNALS = (
    "initialized", "article_generator_preread", "article_generator_pretaxonomy",
    "article_generator_finalized", "page_generator_finalized", "static_generator_finalized",
    "all_generators_finalized", "get_writer", "article_writer_finalized", "finalized",
)
# Log lines of our plugins that mark a step (logger name, start of the message).
LOG_MARKS = (
    ("plugins.parallel_read", "parallel_read:"),
    ("plugins.search", "search: Pagefind started"),
    ("plugins.search", "Search index written"),
)


class Timeline:
    def __init__(self, output: str):
        self.output = output
        self.start = time.perf_counter()
        self.marks: list[tuple[float, str]] = []
        self.seen: set[str] = set()
        self.kind = None
        self.pages = 0

    def mark(self, name: str) -> None:
        self.marks.append((time.perf_counter() - self.start, name, time.process_time()))

    def once(self, name: str) -> None:
        if name not in self.seen:
            self.seen.add(name)
            self.mark(name)

    def written(self, path: str, context=None) -> None:
        self.pages += 1
        parts = os.path.relpath(path, self.output).split(os.sep)
        kind = parts[0] if parts[0] in ("bai-viet", "van-ban") else "other pages"
        if kind != self.kind:
            self.kind = kind
            self.mark(f"page {self.pages} written, the first of {kind}")


class LogMarks(logging.Handler):
    def __init__(self, timeline: Timeline):
        super().__init__(logging.INFO)
        self.timeline = timeline

    def emit(self, record):
        for name, start in LOG_MARKS:
            if record.name == name and record.getMessage().startswith(start):
                self.timeline.mark(record.getMessage()[:90])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=5000)
    args = parser.parse_args(argv)

    from pelican import Pelican, signals

    settings, output = run.in_process_settings(args.size, "timeline")

    timeline = Timeline(str(output))
    for name in SIGNALS:
        def receiver(sender, *args, _name=name, **kwargs):
            timeline.once(_name)
        getattr(signals, name).connect(receiver, weak=False)
    signals.content_written.connect(timeline.written)
    handler = LogMarks(timeline)
    plugins_logger = logging.getLogger("plugins")
    plugins_logger.addHandler(handler)
    plugins_logger.setLevel(logging.INFO)
    try:
        Pelican(settings).run()
    finally:
        plugins_logger.removeHandler(handler)
    timeline.mark("done")

    print(f"Our production build, N = {args.size} ({timeline.pages} pages written):\n")
    print("  start s  phase (until the next line)  [wall s, CPU s of this process]")
    for (at, name, cpu), (after, _, cpu_after) in zip(timeline.marks, timeline.marks[1:] + [timeline.marks[-1]]):
        print(f"  {at:7.2f}  {name}" + (f"  [{after - at:.2f} s, {cpu_after - cpu:.2f} s]" if after > at else ""))
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"\nCPU: this process {own.ru_utime + own.ru_stime:.1f} s, "
          f"its children (workers, Pagefind) {children.ru_utime + children.ru_stime:.1f} s")
    shutil.rmtree(output, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
