"""Profile our production build of the benchmark corpus with cProfile.

    .venv/bin/python -m bench.profile_build --size 5000 [--top 30]

Builds the N-article site (as ``run.py`` lays it out) in this process under
cProfile, then prints the top functions by cumulative and by own time, and
the time spent in each of our templates and plugins. The raw profile is
``bench/results/profile-N.prof`` (``python -m pstats`` or snakeviz).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time

from bench import run


def ours_share(stats: pstats.Stats) -> list[tuple[float, str]]:
    """Own time grouped by our files: templates (compiled from theme/), plugins."""
    root = str(run.ROOT)
    totals: dict[str, float] = {}
    for (filename, _, _), (_, _, own, _, _) in stats.stats.items():
        if filename.startswith(root) and "/.venv/" not in filename:
            key = filename.removeprefix(root + "/")
            totals[key] = totals.get(key, 0.0) + own
    return sorted(((t, k) for k, t in totals.items()), reverse=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)

    from pelican import Pelican

    settings, _ = run.in_process_settings(args.size, "profile")
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    try:
        Pelican(settings).run()
    except Exception as error:  # noqa: BLE001  a half-written theme: still show where time went
        print(f"The build failed: {error!r}")
    finally:
        profiler.disable()
    print(f"\nBuild under cProfile: {time.perf_counter() - start:.1f} s")

    out = run.RESULTS / f"profile-{args.size}.prof"
    profiler.dump_stats(out)
    for order in ("cumulative", "tottime"):
        buffer = io.StringIO()
        pstats.Stats(profiler, stream=buffer).strip_dirs().sort_stats(order).print_stats(args.top)
        print(buffer.getvalue().split("\n", 6)[-1] if order == "tottime" else buffer.getvalue())
    print("Own time in our files (templates are compiled from theme/templates):")
    for seconds, name in ours_share(pstats.Stats(profiler))[: args.top]:
        print(f"  {seconds:7.2f} s  {name}")
    print(f"\nRaw profile: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
