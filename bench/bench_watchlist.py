"""Benchmark of the watchlist (computed in the database). Not a test: prints a table.

The project's sample data (3,321 communes, 16 months, volunteer teams) in a fresh SQLite
file and in a fresh PostgreSQL cluster (started for the run, as the load benchmark does):
the country watchlist of the latest month, one province's (Cao Bằng, 04), a commune's flag
history, and the same country watchlist with the readable table (rule names, reasons) the
page and the command line show. Each is timed ``--repeat`` times after one warm-up run;
the median and the worst are printed. Target: the country watchlist in at most 1 s.

Usage: ``python bench/bench_watchlist.py [--repeat 7] [--no-postgres] [--check]``
(``--check`` exits 1 when a target is missed).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loaders.metrics import sample, store
from loaders.watchlist import history, watchlist
from loaders.watchlist import table as watch_table

COUNTRY_TARGET_S = 1.0


def timed(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median and worst seconds of ``repeat`` runs after a warm-up."""
    run()
    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), max(seconds)


def measure(url: str, repeat: int) -> list[tuple[str, float, float, str]]:
    engine = store.get_engine(url)
    start = time.perf_counter()
    sample.load_sample(engine)
    loaded = time.perf_counter() - start
    found = watchlist(engine)
    code = found.held["code"].iloc[0]
    rows = [("load the sample (once)", loaded, loaded, f"{found.period}")]
    cases = {
        "country watchlist": lambda: watchlist(engine),
        "province watchlist (04)": lambda: watchlist(engine, province="04"),
        f"flag history ({code})": lambda: history(engine, code),
        "country + readable table (vi)": lambda: watch_table.table(watchlist(engine), "vi"),
    }
    for name, run in cases.items():
        median, worst = timed(run, repeat)
        rows.append((name, median, worst, ""))
    rows[1] = (*rows[1][:3], f"{len(found.flags)} flags, {found.held['code'].nunique()} communes")
    store.dispose_engine(url)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    results: dict[str, list] = {}
    with tempfile.TemporaryDirectory() as folder:
        results["SQLite"] = measure(f"sqlite:///{Path(folder) / 'bench.sqlite'}", args.repeat)
    if not args.no_postgres:
        from bench.load.stack import Postgres

        cluster = Postgres()
        try:
            results["PostgreSQL"] = measure(cluster.url, args.repeat)
        finally:
            cluster.stop()
    print(f"{'database':<11} {'case':<32} {'median s':>9} {'worst s':>8}  note")
    missed = False
    for database, rows in results.items():
        for name, median, worst, note in rows:
            print(f"{database:<11} {name:<32} {median:>9.3f} {worst:>8.3f}  {note}")
            if name == "country watchlist" and worst > COUNTRY_TARGET_S:
                missed = True
    print(f"target: country watchlist <= {COUNTRY_TARGET_S:.1f} s (worst run)")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
