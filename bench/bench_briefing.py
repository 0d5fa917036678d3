"""Benchmark: province briefing packs (targets: one pack ≤ 10 s, all 34 ≤ 3 min).

Run: ``python bench/bench_briefing.py [--province 04] [--period 2026-10] [--lang vi]
[--skip-all] [--out-dir DIR]``, on the app's store (``$VNMAP_DB_URL`` or the default SQLite
file ``geodata/db/metrics.sqlite``, sample data loaded on first use).

Three measures:

* **one pack, new process**: ``python -m dashboard.export --briefing --province 04 …`` as a
  scheduled job runs it, wall time from start to exit (imports, first reads of the store,
  boundary layers and press figures, font subsetting: everything a cold process pays);
* **one pack, warm**: the same pack again in a process that has made one (the map page's
  button: the server has its caches);
* **all 34 packs**: ``--briefing --all-provinces --out-dir`` in a new process, wall time.
  The country's figures are read once per batch (cached per store revision).

Each line says OK or TOO SLOW against its target; exit status 1 when one is too slow.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ONE_PACK_S = 10.0
ALL_PACKS_S = 180.0


def cli(*args: str) -> float:
    """Wall time of ``python -m dashboard.export ARGS`` in a new process (fails loudly)."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-W", "ignore", "-m", "dashboard.export", *args],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def warm(province: str, period: str | None, lang: str) -> tuple[float, float, int]:
    """(first, second) in-process build times of one pack, and its size in bytes."""
    from dashboard.export.briefing import BriefingRequest, build_briefing

    request = BriefingRequest(province=province, period=period, lang=lang)
    times, size = [], 0
    for _ in range(2):
        start = time.perf_counter()
        size = len(build_briefing(request))
        times.append(time.perf_counter() - start)
    return times[0], times[1], size


def line(name: str, seconds: float, target: float) -> bool:
    ok = seconds <= target
    print(f"{name:38} {seconds:7.1f} s  target {target:5.0f} s  {'OK' if ok else 'TOO SLOW'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--province", default="04")
    parser.add_argument("--period", default=None)
    parser.add_argument("--lang", default="vi")
    parser.add_argument("--skip-all", action="store_true", help="not the 34-pack batch")
    parser.add_argument("--out-dir", type=Path, default=Path(tempfile.mkdtemp()))
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    period = ["--period", args.period] if args.period else []
    common = ["--briefing", "--lang", args.lang, *period]
    ok = True
    one = cli(*common, "--province", args.province, "--out", str(args.out_dir / "one.pdf"))
    ok &= line(f"one pack ({args.province}), new process", one, ONE_PACK_S)
    first, second, size = warm(args.province, args.period, args.lang)
    ok &= line(f"one pack ({args.province}), first in process", first, ONE_PACK_S)
    ok &= line(f"one pack ({args.province}), warm", second, ONE_PACK_S)
    print(f"{'':38} {size / 1e6:7.2f} MB")
    if not args.skip_all:
        folder = args.out_dir / "all"
        every = cli(*common, "--all-provinces", "--out-dir", str(folder))
        n = len(list(folder.glob("*.pdf")))
        ok &= line(f"all {n} packs, new process", every, ALL_PACKS_S)
    print(f"files in {args.out_dir}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
