"""Benchmark: briefing exports (targets: an A4 300 dpi PNG of a province ≤ 3 s, of
the whole country with all communes ≤ 10 s).

Run: ``python bench/bench_export.py [--repeat 3] [--out-dir DIR]``. Each timing is one full
export as the CLI makes it: load the units (GeoParquet, "web" detail for a province, "light"
for the country), compute the metric, classify, lay out, render with Agg and encode the PNG.
The first run of each map is reported separately as "cold" (it includes reading the layers
and registering fonts, in a process where matplotlib is already imported); the table then
shows the median and worst of the repeats. PDF and SVG of the same maps are timed once, and
the CLI once in a new process (the weekly-briefing case, imports included).

The compare page's old/new briefing (two panels, shared classes) is timed the same way, with
the same targets: Cao Bằng's 161 old and 56 new communes, and the 63 old and 34 new provinces.
Its "cold" run also loads the lineage tables and the c. 2011 commune layer.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.export import (  # noqa: E402
    CompareRequest,
    MapRequest,
    export_compare,
    export_map,
    make_compare_spec,
    make_spec,
)
from dashboard.export.data import require_data  # noqa: E402

CASES = {
    "Cao Bằng (04), A4 landscape": (
        MapRequest(province="04", metric="area_km2", page="a4-landscape", labels=True),
        3.0,
    ),
    "toàn quốc, 3.321 xã, A4 portrait": (MapRequest(metric="area_km2", page="a4-portrait"), 10.0),
    "so sánh Cao Bằng 161 → 56, A4 ngang": (CompareRequest(province="04"), 3.0),
    "so sánh 63 → 34 tỉnh, A4 ngang": (CompareRequest(level="province"), 10.0),
}


def once(request: MapRequest | CompareRequest, out: Path | None) -> tuple[float, int]:
    start = time.perf_counter()
    if isinstance(request, CompareRequest):
        data = export_compare(make_compare_spec(request))
    else:
        data = export_map(make_spec(request))
    elapsed = time.perf_counter() - start
    if out is not None:
        out.write_bytes(data)
    return elapsed, len(data)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out-dir", type=Path, default=Path(tempfile.gettempdir()))
    args = parser.parse_args()
    require_data()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    failed = False
    print(f"{'map':36} {'cold':>7} {'median':>7} {'worst':>7} {'target':>7}  result")
    for n, (name, (request, target)) in enumerate(CASES.items()):
        cold, size = once(request, args.out_dir / f"bench_export_{n}.png")
        times = [once(request, None)[0] for _ in range(args.repeat)]
        median, worst = statistics.median(times), max(times)
        ok = max(cold, worst) <= target
        failed |= not ok
        print(
            f"{name:36} {cold:6.2f}s {median:6.2f}s {worst:6.2f}s {target:6.1f}s  "
            f"{'OK' if ok else 'TOO SLOW'} ({size / 1e6:.1f} MB)"
        )
    for name, (request, _) in CASES.items():
        for fmt in ("pdf", "svg"):
            elapsed, size = once(type(request)(**{**request.__dict__, "fmt": fmt}), None)
            print(f"{name:36} {fmt}: {elapsed:5.2f}s ({size / 1e6:.1f} MB)")
    # A new process, as a weekly cron job runs it: imports, data, fonts, render, write.
    for args_cli in (["--province", "04"], ["--country"], ["--compare", "--province", "04"]):
        out = args.out_dir / "bench_export_cli.png"
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "dashboard.export",
                *args_cli,
                "--metric",
                "area_km2",
                "--size",
                "a4-portrait",
                "--out",
                str(out),
            ],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
        elapsed = time.perf_counter() - start
        print(
            f"new process: {' '.join(args_cli):24} {elapsed:5.2f}s (start-up and imports "
            f"included; mapclassify JIT-compiles with numba at import when numba is installed)"
        )
    print(f"PNGs written to {args.out_dir}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
