"""``python -m dashboard.export --briefing``: one province's pack, or all 34 into a folder.

Every input is checked before any file is written: an unknown province, period or cover
metric is refused with a message naming it (exit status 2) and nothing is written. A batch
reads the country's figures once (:mod:`.content` caches them per store revision).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from dashboard.core import service_metrics
from dashboard.export import data
from dashboard.export.briefing.content import (
    DEFAULT_COVER_METRIC,
    check_request,
    prepare_batch,
)
from dashboard.export.briefing.pack import BriefingRequest, save_briefing
from dashboard.export.cli import require_output
from dashboard.export.texts import slug
from loaders.register import new_provinces
from loaders.watchlist import WatchlistError


def pack_file_name(province: str, period: str, lang: str = "vi") -> str:
    """ "04-cao-bang-2026-10.pdf" (English packs end in "-en")."""
    names = new_provinces().set_index("code")["name"]
    name = slug(str(names[province]))
    return f"{province}-{name}-{period}{'-en' if lang == 'en' else ''}.pdf"


def run_briefing(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Exit status 0 when every pack was written, 1 when some pack of a batch failed, 2 for
    bad arguments (nothing written)."""
    if args.compare or args.country:
        parser.error("--briefing makes one pack per province: use --province or --all-provinces")
    if args.format not in (None, "pdf"):
        parser.error("the briefing pack is a PDF (--format pdf)")
    metric = args.metric or DEFAULT_COVER_METRIC
    try:
        data.require_data()
        engine = service_metrics.default_engine()
        data.resolve_metric(metric, service_metrics.registry(engine))
        # Every province the boundary layers hold (34; the test fixture's 2), as map batches.
        drawn = data.provinces("overview")["code"].astype(str)
        codes = sorted(drawn) if args.all_provinces else list(args.province)
        checked = [check_request(engine, code, args.period) for code in codes]
    except WatchlistError as exc:
        print(f"error: {exc.message.render(args.lang)}", file=sys.stderr)
        return 2
    except data.ExportDataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    batch = len(checked) > 1 or args.all_provinces
    require_output(parser, args, batch, "packs", "FILE.pdf")

    started = time.perf_counter()
    jobs = [
        (
            BriefingRequest(province=code, period=period, lang=args.lang, metric=metric),
            args.out
            if not batch and args.out is not None
            else Path(args.out_dir) / pack_file_name(code, period, args.lang),
        )
        for code, period in checked
    ]
    workers = max(1, min(args.jobs or default_jobs(), len(jobs)))
    if workers > 1:
        outcomes = _in_processes(jobs, workers)
    else:
        outcomes = (_make(request, out) for request, out in jobs)
    failures = 0
    for (request, out), (seconds, error) in zip(jobs, outcomes, strict=True):
        if error is not None:
            failures += 1
            print(f"error: {request.province}: {error}", file=sys.stderr)
            if not batch:
                return 2
            continue
        print(f"{out}  ({seconds:.1f} s)")
    if batch:
        elapsed = time.perf_counter() - started
        print(f"{len(jobs) - failures} packs in {elapsed:.1f} s ({workers} processes)")
    return 1 if failures else 0


def default_jobs() -> int:
    """Processes for a batch: one per CPU, at most 4 (each holds the layers and a store
    connection)."""
    return max(1, min(os.cpu_count() or 1, 4))


def _make(request: BriefingRequest, out: Path) -> tuple[float, str | None]:
    """(seconds, None) once ``out`` is written, or (seconds, the reason it was not)."""
    start = time.perf_counter()
    try:
        save_briefing(request, out)
    except WatchlistError as exc:
        return time.perf_counter() - start, exc.message.render(request.lang)
    except (data.ExportDataError, ValueError) as exc:
        return time.perf_counter() - start, str(exc)
    return time.perf_counter() - start, None


def _forget_connections() -> None:
    """In a forked worker: drop the parent's pooled database connections (never shared
    across processes); the worker opens its own."""
    service_metrics.default_engine().dispose(close=False)


def _in_processes(jobs: list[tuple[BriefingRequest, Path]], workers: int):
    """(seconds, error) of each job, in order, each as soon as it is done, made by
    ``workers`` forked processes. They start with what this process has loaded: the
    country's figures, the press figures and the plotting libraries are read here first."""
    engine = service_metrics.default_engine()
    prepare_batch(engine, service_metrics.registry(engine), jobs[0][0].period)
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_forget_connections) as pool:
        yield from pool.map(_make, *zip(*jobs, strict=True))
