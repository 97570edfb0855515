"""How fast the content checker is: N generated articles (default 5,000),
checked the way an editor runs it (``python -m workflow.check``, start-up
included), best of 3 runs; exits 1 if that is over the limit (5 s).

    .venv/bin/python -m bench.check_speed            # 5,000 articles
    .venv/bin/python -m bench.check_speed --count 500

The articles come from ``tests/support/generate.py`` (fixed seed, about 600 words,
tags, a summary and two {static} images each; N/10 documents, N/250 albums
of 30 photos) in a temporary folder; the
generated categories are added to CATEGORIES so a correct corpus checks clean.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.support import ROOT, settings_file
from tests.support.generate import CATEGORIES, generate, library_sizes


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--limit", type=float, default=5.0, help="seconds")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="check-speed-") as work:
        work = Path(work)
        content = work / "content"
        started = time.perf_counter()
        generate(args.count, content, **library_sizes(args.count))
        made = time.perf_counter() - started
        settings = settings_file(work / "settings.py", extra=f"CATEGORIES = {CATEGORIES!r}\n")
        command = [sys.executable, "-m", "workflow.check", "--settings", str(settings),
                   "--content", str(content)]
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                                    encoding="utf-8")
            times.append(time.perf_counter() - started)
            if result.returncode:
                print(result.stdout[-2000:], result.stderr[-2000:], sep="\n")
                print(f"the generated corpus did not check clean (exit {result.returncode})")
                return 1
    best = min(times)
    print(f"{args.count:,} articles (generated in {made:.1f} s): checked in {best:.2f} s "
          f"(best of {args.runs}: {', '.join(f'{t:.2f}' for t in times)} s), "
          f"{best / args.count * 1000:.2f} ms per article; limit {args.limit:.1f} s: "
          + ("OK" if best <= args.limit else "TOO SLOW"))
    return 0 if best <= args.limit else 1


if __name__ == "__main__":
    sys.exit(main())
