"""Benchmark: loading the built layers (targets: country ≤ 0.5 s, province ≤ 0.1 s).

Run: ``python bench/bench_loaders.py [--repeat 15]``. Each figure is one call of the loader as
the app makes it (reading GeoParquet from the build directory into a GeoDataFrame), after
imports; the table shows the median and the worst of the repeats. A separate line times a
cold start: a new Python process importing the loaders and reading the national layer.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loaders import layers

TARGETS_S = {"country": 0.5, "province": 0.1}


def timed(call: Callable[[], object], repeat: int) -> tuple[float, float, int]:
    """Median and worst wall time in seconds over ``repeat`` calls, and the rows returned."""
    times, rows = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        rows = len(call())
        times.append(time.perf_counter() - start)
    return statistics.median(times), max(times), rows


def cold_start_s() -> float:
    code = "from loaders import layers; layers.load_communes('overview')"
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parent.parent
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    layers.ensure_built(progress=True)
    cases = [
        ("country", "communes overview (map)", lambda: layers.load_communes("overview")),
        ("country", "communes web", lambda: layers.load_communes("web")),
        ("country", "communes light", lambda: layers.load_communes("light")),
        ("country", "provinces web", lambda: layers.load_provinces("web")),
        ("province", "Cao Bằng (04) web", lambda: layers.load_communes("web", province="04")),
        (
            "province",
            "TP. Hồ Chí Minh (79) web",
            lambda: layers.load_communes("web", province="79"),
        ),
        ("province", "Cao Bằng (04) detail", lambda: layers.load_communes("detail", province="04")),
    ]
    print(f"{'case':<28}{'rows':>6}{'median s':>10}{'worst s':>10}{'target s':>10}  ok")
    for kind, label, call in cases:
        median, worst, rows = timed(call, args.repeat)
        target = TARGETS_S[kind]
        print(
            f"{label:<28}{rows:>6}{median:>10.3f}{worst:>10.3f}{target:>10.1f}  "
            f"{'yes' if worst <= target else 'NO'}"
        )
    print(f"cold start (new process, imports + national overview): {cold_start_s():.2f} s")


if __name__ == "__main__":
    main()
