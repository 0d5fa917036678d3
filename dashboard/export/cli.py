"""Command line for briefing maps (weekly briefings, batch exports).

Examples::

    python -m dashboard.export --province 04 --metric area_km2 --format pdf \\
        --size a4-landscape --out map.pdf
    python -m dashboard.export --country --metric n_predecessors --size a4-portrait \\
        --out vn.png
    python -m dashboard.export --all-provinces --metric area_km2 --format pdf --out-dir maps/
    python -m dashboard.export --province 04 08 --out-dir maps/ --print-safe --labels
    python -m dashboard.export --compare --province 04 --format pdf --out so-sanh.pdf
    python -m dashboard.export --compare --country --mode overlay --out 63-34.png
    python -m dashboard.export --briefing --province 04 --period 2026-10 --out cao-bang.pdf
    python -m dashboard.export --briefing --all-provinces --out-dir packs/ --lang en

Exit status: 0 when every map was written, 1 when some map of a batch failed, 2 for bad
arguments or missing data (the message says what to run).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from dashboard.core.classify import PALETTES, SCHEMES
from dashboard.core.i18n import LANGS
from dashboard.export import data
from dashboard.export.compare_render import save_compare
from dashboard.export.compare_specs import MODES, CompareRequest, make_compare_spec, resolve_metric
from dashboard.export.layout import DEFAULT_PAGE, PAGE_SIZES
from dashboard.export.render import EXPORT_FORMATS, save_map
from dashboard.export.specs import MapRequest, make_spec
from dashboard.export.texts import slug


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard.export",
        description="Print-quality maps (PNG 300 dpi, PDF, SVG) of the 2025 communes.",
    )
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument(
        "--province",
        nargs="+",
        metavar="CODE",
        help="2-digit province code(s); several codes make a batch",
    )
    where.add_argument(
        "--all-provinces", action="store_true", help="one map per province (34), into --out-dir"
    )
    where.add_argument("--country", action="store_true", help="the whole country with all communes")
    parser.add_argument(
        "--compare",
        action="store_true",
        help="old (before 1/7/2025) and new units, as on the compare page: communes of "
        "--province, or the 63 old and 34 new provinces with --country",
    )
    parser.add_argument(
        "--briefing",
        action="store_true",
        help="a province's briefing pack (multi-page A4 PDF): cover map of --metric (default "
        "on_time_rate), key figures against the country, watchlist, trends, volunteer gaps, "
        "press figures; --all-provinces writes the 34 packs into --out-dir",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help="with --briefing --all-provinces: packs made in N processes at once (default: "
        "one per CPU, at most 4)",
    )
    parser.add_argument(
        "--mode",
        default="side",
        choices=list(MODES),
        help="with --compare: two maps side by side (default) or new units with old "
        "boundaries dashed on top",
    )
    parser.add_argument(
        "--split-only",
        action="store_true",
        help="with --compare: only units involved in a split, as the page's filter",
    )
    parser.add_argument(
        "--metric",
        help="a key of the map's metric menu (default area_km2; on_time_rate for "
        "--briefing), e.g. unit_type, "
        "n_predecessors, on_time_rate, online_share, score_total, volunteer_coverage, teams "
        "(an unknown name lists them all); with --compare: area, n_pred or none",
    )
    parser.add_argument(
        "--period", help="data period as stored, e.g. 2026-10 (default: the latest)"
    )
    parser.add_argument(
        "--format",
        choices=list(EXPORT_FORMATS),
        help="output format (default: from --out's suffix, else png)",
    )
    parser.add_argument(
        "--size",
        "--page",
        dest="page",
        default=DEFAULT_PAGE,
        choices=list(PAGE_SIZES),
        help=f"page size (default {DEFAULT_PAGE})",
    )
    parser.add_argument("--out", type=Path, help="output file (one map)")
    parser.add_argument("--out-dir", type=Path, help="output folder (batch)")
    parser.add_argument("--palette", default="YlGnBu", choices=list(PALETTES))
    parser.add_argument("--scheme", default="quantiles", choices=list(SCHEMES))
    parser.add_argument(
        "--classes", type=int, default=5, metavar="K", help="number of classes, 3-9 (default 5)"
    )
    parser.add_argument(
        "--breaks", help="manual class bounds, e.g. 50,80,95 (with --scheme manual)"
    )
    parser.add_argument(
        "--national-breaks",
        action="store_true",
        help="province maps use the classes of the whole country",
    )
    parser.add_argument(
        "--print-safe",
        action="store_true",
        help="grey palette plus a pattern per class (photocopy-safe)",
    )
    parser.add_argument(
        "--labels",
        action="store_true",
        help="unit names (province names on the national map), no overlaps",
    )
    parser.add_argument("--title", help="title instead of the default one")
    parser.add_argument("--lang", default="vi", choices=list(LANGS))
    parser.add_argument("--dpi", type=int, default=300, help="PNG resolution (default 300)")
    return parser


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    if args.out is not None and args.out.suffix.lower().lstrip(".") in EXPORT_FORMATS:
        return args.out.suffix.lower().lstrip(".")
    return "png"


def _file_name(province: str | None, args: argparse.Namespace, fmt: str) -> str:
    if province:
        name = str(data.province_row(province)["name"])
        stem = f"{province}-{slug(name)}"
    else:
        stem = "toan-quoc"
    if args.compare:
        parts = [stem, "so-sanh", args.mode, resolve_metric(args.metric)]
        if args.print_safe:
            parts.append("in-xam")
        return "-".join(parts) + f".{fmt}"
    parts = [stem, args.metric]
    if args.period:
        parts.append(slug(args.period))
    if args.print_safe:
        parts.append("in-xam")
    return "-".join(parts) + f".{fmt}"


def require_output(
    parser: argparse.ArgumentParser, args: argparse.Namespace, batch: bool, what: str, file: str
) -> None:
    """Stop with a usage error unless the output is named: ``--out-dir`` for several
    ``what`` (maps, packs), ``--out FILE`` or ``--out-dir`` for one."""
    if batch and args.out_dir is None:
        parser.error(f"several {what} need --out-dir")
    if not batch and args.out is None and args.out_dir is None:
        parser.error(f"give --out {file} (or --out-dir DIR)")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.briefing:
        from dashboard.export.briefing.command import run_briefing

        return run_briefing(args, parser)
    args.metric = args.metric or "area_km2"
    fmt = _format(args)
    manual = None
    if args.breaks:
        try:
            manual = tuple(float(b) for b in args.breaks.split(","))
        except ValueError:
            parser.error(f"--breaks must be numbers separated by commas, got {args.breaks!r}")
    try:
        data.require_data()
        if args.compare:
            resolve_metric(args.metric)
        else:
            metric = data.resolve_metric(args.metric)
            if args.period is not None:  # once, before a batch draws 34 maps
                data.check_period(metric, args.period)
        if args.all_provinces:
            targets: list[str | None] = list(data.provinces("overview")["code"].astype(str))
        elif args.country:
            targets = [None]
        else:
            targets = [data.normalise_province(code) for code in args.province]
    except data.ExportDataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    batch = len(targets) > 1 or args.all_provinces
    require_output(parser, args, batch, "maps", "FILE")

    failures = 0
    for province in targets:
        out = (
            args.out
            if not batch and args.out is not None
            else args.out_dir / _file_name(province, args, fmt)
        )
        start = time.perf_counter()
        try:
            if args.compare:
                save_compare(make_compare_spec(_compare_request(province, args, fmt)), out)
            else:
                save_map(make_spec(_map_request(province, args, fmt, manual)), out)
        except (data.ExportDataError, ValueError) as exc:
            failures += 1
            print(f"error: {province or 'toàn quốc'}: {exc}", file=sys.stderr)
            if not batch:
                return 2
            continue
        print(f"{out}  ({time.perf_counter() - start:.1f} s)")
    return 1 if failures else 0


def _map_request(
    province: str | None, args: argparse.Namespace, fmt: str, manual: tuple[float, ...] | None
) -> MapRequest:
    """The choropleth of ``args.metric`` over the communes of ``province`` (None: country)."""
    return MapRequest(
        province=province,
        metric=args.metric,
        period=args.period,
        fmt=fmt,
        page=args.page,
        palette=args.palette,
        scheme=args.scheme,
        k=args.classes,
        manual=manual,
        national_breaks=args.national_breaks,
        print_safe=args.print_safe,
        labels=args.labels,
        title=args.title,
        lang=args.lang,
        dpi=args.dpi,
    )


def _compare_request(province: str | None, args: argparse.Namespace, fmt: str) -> CompareRequest:
    """The old/new comparison: communes of ``province``, or provinces when None."""
    return CompareRequest(
        province=province,
        level="commune" if province else "province",
        mode=args.mode,
        metric=resolve_metric(args.metric),
        split_only=args.split_only,
        fmt=fmt,
        page=args.page,
        print_safe=args.print_safe,
        title=args.title,
        lang=args.lang,
        dpi=args.dpi,
    )
