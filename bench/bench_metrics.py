"""Benchmark of the metrics importer. Not a test: prints a table.

1. An XLSX of 3,321 units x 12 months (39,852 rows, every template column, Vietnamese
   headers) built from the sample generator: time to read, validate, join and convert
   (``prepare``), and the whole import into a fresh SQLite file (``import_file``).
   Target: import and join in at most 5 s.
2. A dossier-level CSV of 1,000,000 rows (seeded): aggregation time and peak memory, measured
   in a fresh child process (peak RSS, which includes the Python interpreter and pandas, and
   a second run under ``tracemalloc`` for the peak of Python-level allocations).
   Target: at most 10 s and 1 GB.

Usage: ``python bench/bench_metrics.py [--rows 1000000] [--check]`` (``--check`` exits 1 when
a target is missed).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loaders.metrics import store
from loaders.metrics.importer import import_file, prepare
from loaders.metrics.readers import read_upload
from loaders.metrics.safety import to_xlsx_bytes
from loaders.metrics.sample import generate_metrics, sample_periods
from loaders.metrics.schemas import METRICS
from loaders.register import new_units

XLSX_TARGET_S = 5.0
DOSSIER_TARGET_S = 10.0
DOSSIER_TARGET_MB = 1024.0


def build_xlsx() -> bytes:
    """3,321 units x 12 months in the metrics template (Vietnamese headers)."""
    months = sample_periods("2025-07", "2026-06")
    frame = generate_metrics(seed=7, start=months[0], end=months[-1])
    grid = pd.MultiIndex.from_product([new_units()["code"], months], names=["code", "period"])
    frame = frame.set_index(["code", "period"]).reindex(grid).reset_index()  # all 39,852 rows
    units = new_units().set_index("code")
    frame["unit_name"] = frame["code"].map(units["full_name"])
    frame["province_name"] = frame["code"].map(units["province_name"])
    frame = frame.rename(columns={"code": "unit_code"})
    headers = {f.key: f.vi for f in METRICS.fields}
    table = frame[[k for k in headers if k in frame]].rename(columns=headers)
    return to_xlsx_bytes({"Dữ liệu": table}, text_columns=["Mã đơn vị", "Mã tỉnh"])


def bench_xlsx() -> list[tuple[str, float, str]]:
    data = build_xlsx()
    out = []
    start = time.perf_counter()
    raw = read_upload(data, "bench.xlsx")
    cells = int(raw.cells.notna().sum().sum())
    out.append(
        (f"XLSX read ({len(raw):,} rows, {cells:,} cells)", time.perf_counter() - start, "s")
    )
    start = time.perf_counter()
    prepared = prepare(data, "bench.xlsx", max_period="2026-10")
    out.append(("XLSX read + validate + join + convert", time.perf_counter() - start, "s"))
    assert prepared.join.counts["matched"] == len(prepared.checked_frame), prepared.join.counts
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite"
        engine = store.get_engine(url)
        start = time.perf_counter()
        report = import_file(engine, data, "bench.xlsx", max_period="2026-10")
        elapsed = time.perf_counter() - start
        store.dispose_engine(url)
    out.append((f"XLSX full import into SQLite ({report.rows_stored:,} rows)", elapsed, "s"))
    return out


def write_dossiers(path: Path, n_rows: int, seed: int = 11) -> None:
    """A plausible dossier export: ids, unit codes, procedures, dates, online flag."""
    rng = np.random.default_rng(seed)
    codes = new_units()["code"].to_numpy()
    received = pd.Timestamp("2025-07-01") + pd.to_timedelta(
        rng.integers(0, 450 * 24 * 60, n_rows), unit="min"
    )
    due = received.normalize() + pd.to_timedelta(rng.integers(1, 15, n_rows), unit="D")
    resolved = received.normalize() + pd.to_timedelta(rng.integers(0, 18, n_rows), unit="D")
    resolved = pd.Series(resolved.strftime("%Y-%m-%d")).where(rng.random(n_rows) > 0.05, "")
    frame = pd.DataFrame(
        {
            "Mã hồ sơ": np.char.add("HS", np.arange(n_rows).astype(str)),
            "Mã đơn vị": rng.choice(codes, n_rows),
            "Thủ tục": rng.choice(
                ["Đăng ký khai sinh", "Chứng thực bản sao", "Đăng ký kết hôn"], n_rows
            ),
            "Ngày tiếp nhận": received.strftime("%Y-%m-%d %H:%M:%S"),
            "Hạn giải quyết": due.strftime("%Y-%m-%d"),
            "Ngày giải quyết": resolved,
            "Trực tuyến": rng.integers(0, 2, n_rows),
        }
    )
    frame.to_csv(path, index=False)


def _peak_rss_mb() -> float:
    """Peak resident memory of this process image (VmHWM, MB). ``ru_maxrss`` is not used: on
    Linux it survives fork and exec, so a child would report its parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _aggregate_child(path: str, traced: bool, queue) -> None:
    import tracemalloc

    from loaders.metrics.dossiers import aggregate_dossiers

    base_rss = _peak_rss_mb()
    if traced:
        tracemalloc.start()
    start = time.perf_counter()
    result = aggregate_dossiers(path, max_period="2026-10")
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 2**20 if traced else float("nan")
    rss = _peak_rss_mb()
    queue.put((elapsed, result.rows_read, len(result.frame), base_rss, rss, peak))


def bench_dossiers(n_rows: int) -> list[tuple[str, float, str]]:
    context = multiprocessing.get_context("spawn")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "dossiers.csv"
        write_dossiers(path, n_rows)
        size_mb = path.stat().st_size / 2**20
        results = {}
        for traced in (False, True):
            queue = context.Queue()
            child = context.Process(target=_aggregate_child, args=(str(path), traced, queue))
            child.start()
            results[traced] = queue.get(timeout=600)
            child.join()
    elapsed, rows, groups, base_rss, rss, _ = results[False]
    return [
        (
            f"Dossier CSV aggregate ({rows:,} rows, {size_mb:.0f} MB → {groups:,} unit-months)",
            elapsed,
            "s",
        ),
        ("  peak RSS of the process (incl. Python + pandas)", rss, "MB"),
        ("  RSS after imports, before reading", base_rss, "MB"),
        ("  tracemalloc peak (Python allocations)", results[True][5], "MB"),
        ("  time under tracemalloc", results[True][0], "s"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args(argv)
    load_before = os.getloadavg()[0]
    lines = bench_xlsx() + bench_dossiers(args.rows)
    print(
        f"machine: {os.cpu_count()} CPUs, load average {load_before:.2f} before / "
        f"{os.getloadavg()[0]:.2f} after (other processes slow every figure)"
    )
    width = max(len(name) for name, _, _ in lines)
    print(f"{'measure':<{width}}  {'value':>9}")
    for name, value, unit in lines:
        print(f"{name:<{width}}  {value:>9.2f} {unit}")
    import_s = lines[2][1]
    dossier_s, rss = lines[3][1], lines[4][1]
    ok = import_s <= XLSX_TARGET_S and dossier_s <= DOSSIER_TARGET_S and rss <= DOSSIER_TARGET_MB
    print(
        f"targets: XLSX import ≤ {XLSX_TARGET_S:g} s, dossiers ≤ {DOSSIER_TARGET_S:g} s and "
        f"≤ {DOSSIER_TARGET_MB:g} MB → {'met' if ok else 'MISSED'}"
    )
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
