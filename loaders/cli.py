"""Command line of the data layer: ``python -m loaders build | check | lineage | import |
template | sample | users |
watchlist | watch-rules``.

Exit codes: 0 success, 1 validation failed or bad input, 2 no data directory found (or, for
the commands that open the metrics database, ``import``, ``sample``, ``users``,
``watchlist`` and ``watch-rules``, the database locked, unreachable or full).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence

import pandas as pd

from loaders.paths import DataDirMissing

EXIT_OK, EXIT_INVALID, EXIT_NO_DATA = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except DataDirMissing as exc:
        print(exc, file=sys.stderr)
        return EXIT_NO_DATA


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m loaders", description=__doc__)
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    build = sub.add_parser(
        "build",
        help="build map layers from a data directory, an upstream folder or an upstream URL",
    )
    build.add_argument("--source", help="folder or http(s) URL (default: the data directory)")
    build.add_argument("--out", help="build directory (default: $VNMAP_BUILD_DIR or geodata/build)")
    build.add_argument("--no-progress", action="store_true", help="no progress bars")
    build.add_argument(
        "--partial",
        action="store_true",
        help="allow a source that covers fewer provinces than the register (the build then "
        "holds those provinces only)",
    )
    build.set_defaults(run=run_build)

    check = sub.add_parser("check", help="validate the data and the build; per-province counts")
    check.add_argument("--json", action="store_true", help="machine-readable output")
    check.set_defaults(run=run_check)

    lineage = sub.add_parser(
        "lineage", help="predecessors of a new unit or successors of an old one"
    )
    lineage.add_argument(
        "code",
        help="5-digit commune code (new or old), 3-digit code of an old island district, or "
        "2-digit province code: a 2025 province lists its communes with their predecessors, "
        "a pre-2025 province (not a 2025 code) its old units with their successors",
    )
    lineage.add_argument("--json", action="store_true", help="machine-readable output")
    lineage.set_defaults(run=run_lineage)

    _add_optional_subcommands(sub)
    return parser


def _add_optional_subcommands(sub: argparse._SubParsersAction) -> None:
    """Subcommands contributed by other parts of the data layer (metrics import, accounts)."""
    from loaders.users_cli import add_subcommand
    from loaders.watchlist.cli import add_subcommands as add_watchlist

    try:
        from loaders.metrics.cli import add_subcommands
    except ImportError:
        pass
    else:
        add_subcommands(sub)
    add_subcommand(sub)
    add_watchlist(sub)


def run_build(args: argparse.Namespace) -> int:
    from pathlib import Path

    from loaders.build import build, layer_table
    from loaders.download import DownloadError
    from loaders.sources import InputError
    from loaders.validate import ValidationFailed

    try:
        meta = build(
            args.source,
            Path(args.out) if args.out else None,
            progress=not args.no_progress,
            allow_partial=args.partial,
        )
    except (InputError, ValidationFailed, DownloadError) as exc:
        print(f"build failed, the existing build is unchanged:\n{exc}", file=sys.stderr)
        return EXIT_INVALID
    print(
        f"built {meta['counts']['communes']} communes in {meta['counts']['provinces']} "
        f"provinces from {meta['source']['location']}"
    )
    print(layer_table(meta).to_string(index=False))
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    from loaders.checks import run_all_checks

    report = run_all_checks()
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _print_check(report)
    return EXIT_OK if report["ok"] else EXIT_INVALID


def _print_check(report: dict) -> None:
    print(f"data directory: {report['data_dir']}")
    print(f"build directory: {report['build_dir']}")
    scope = report.get("scope", {})
    if scope.get("fixture"):
        print(f"test fixture build: provinces {', '.join(scope['provinces'])} only")
    counts = pd.DataFrame(report["provinces"])
    print(counts.to_string(index=False))
    totals = report["totals"]
    print(
        f"total: {totals['units_pre2025']} commune-level units before (plus "
        f"{totals['island_districts_pre2025']} island districts without communes) → "
        f"{totals['units_2025']} after, {totals['polygons_2025']} polygons, "
        f"{totals['provinces_2025']} provinces"
    )
    _print_register(report.get("register", {}))
    _print_facts(report)
    for problem in report["problems"]:
        print(f"PROBLEM {problem['text']}")
    print("OK" if report["ok"] else f"FAILED: {len(report['problems'])} problem(s)")


def _print_register(register: dict) -> None:
    """The official lineage in a few lines: pairs, the table's slips, the second source."""
    if "skipped" in register:
        print(f"lineage: {register['pairs']} pairs; register checks skipped, {register['skipped']}")
        return
    if "pairs" not in register:
        return
    print(
        f"lineage (GSO conversion table): {register['pairs']} pairs; "
        f"{len(register['corrections'])} old codes corrected by name, "
        f"{len(register['province_slips'])} old provinces taken from the district, "
        f"{register['names_confirmed_by_second_register']} names confirmed by the second "
        "register (renamed or created in 2025)"
    )
    second = register["vietnamadminunits"]["lineage"]
    counts = ", ".join(f"{n} {what}" for what, n in second["counts"].items())
    print(f"vietnamadminunits vs GSO: {counts or 'no differences'} (listed in --json)")


def _print_facts(report: dict) -> None:
    """One line each for the area comparison and the lineage overlap (details in --json)."""
    areas = report.get("areas", {})
    if "communes_off" in areas:
        print(
            f"areas: {areas['communes_off']} communes and {areas['provinces_off']} provinces "
            f"measured more than {areas['threshold']:.0%} off their published area "
            "(listed in --json)"
        )
    overlap = report.get("overlap", {})
    if "checked" in overlap:
        print(
            f"overlap: {overlap['checked']} of {overlap['pairs']} lineage pairs checked "
            f"({overlap['no_old_polygon']} without an old c. 2011 polygon); "
            f"{overlap['under_5pct']} under {overlap['threshold']:.0%} of the old polygon inside "
            f"the new unit ({overlap['apart']} more than 1 km apart; listed in --json); "
            f"{overlap['seconds']} s"
        )
    for key in ("areas", "overlap"):
        if "skipped" in report.get(key, {}):
            print(f"{key}: skipped, {report[key]['skipped']}")


def run_lineage(args: argparse.Namespace) -> int:
    from loaders.lineage import predecessors, successors
    from loaders.register import legacy_units, new_units

    code = args.code.strip()
    if code.isdigit() and len(code) <= 2:
        return _province_lineage(code.zfill(2), args.json)
    sections: list[tuple[str, str, pd.DataFrame, Callable]] = []
    new = new_units().set_index("code")
    old = legacy_units().set_index("code")
    # A 5-digit code can name both a new unit and a different old unit: show both, labelled.
    if code in new.index:
        sections.append(("new", new.loc[code, "full_name"], predecessors(code), _fmt_pred))
    if code in old.index:
        sections.append(("old", old.loc[code, "full_name"], successors(code), _fmt_succ))
    if not sections:
        print(f"code {code!r} is neither a 2025 unit nor a pre-2025 unit", file=sys.stderr)
        return EXIT_INVALID
    if args.json:
        print(
            json.dumps(
                [_lineage_json(kind, code, name, table) for kind, name, table, _ in sections],
                ensure_ascii=False,
                indent=2,
            )
        )
        return EXIT_OK
    for kind, name, table, fmt in sections:
        fmt(code, name, new if kind == "new" else old, table)
    return EXIT_OK


def _province_lineage(code: str, as_json: bool) -> int:
    """``loaders lineage 04``: a 2025 province's communes, each with the old units that formed
    it; for a pre-2025 province code that is no 2025 code (``02`` Hà Giang), its old units
    with where each went. A code both eras use (``04`` Cao Bằng) means the 2025 province."""
    from loaders.lineage import province_predecessors, province_successors
    from loaders.register import legacy_provinces, new_provinces

    new = new_provinces().set_index("code")
    old = legacy_provinces().set_index("code")
    if code in new.index:
        section = _province_section(code, new.loc[code, "full_name"], province_predecessors(code))
    elif code in old.index:
        section = _old_province_section(code, old.loc[code, "full_name"], province_successors(code))
    else:
        print(f"code {code!r} is neither a 2025 province nor a pre-2025 province", file=sys.stderr)
        return EXIT_INVALID
    if as_json:
        print(json.dumps([section], ensure_ascii=False, indent=2))
    else:
        _print_province_section(section)
    return EXIT_OK


def _records(table: pd.DataFrame) -> list[dict]:
    return json.loads(table.to_json(orient="records", force_ascii=False))


def _units(table: pd.DataFrame, own: dict[str, str], links: str) -> list[dict]:
    """One entry per unit of ``table``: its ``own`` columns (table column → key) and, under
    ``links``, the records of the other side of the lineage, ordered by code."""
    units = []
    for values, rows in table.groupby(list(own), sort=True):
        unit = dict(zip(own.values(), values, strict=True))
        unit[links] = _records(rows.drop(columns=list(own)))
        units.append(unit)
    return units


def _province_section(code: str, name: str, table: pd.DataFrame) -> dict:
    """A 2025 province and its communes (``units``), each with ``predecessors``."""
    own = {"new_code": "code", "new_name": "name", "new_full_name": "full_name"}
    units = _units(table, {**own, "new_unit_type": "unit_type"}, "predecessors")
    return {
        "code": code,
        "kind": "province",
        "full_name": name,
        "n_units": len(units),
        "n_predecessors": int(table["old_code"].nunique()),
        "n_part": int(table.loc[table["part"], "old_code"].nunique()),
        "units": units,
    }


def _old_province_section(code: str, name: str, table: pd.DataFrame) -> dict:
    """A pre-2025 province and its old units (``units``), each with ``successors``."""
    own = {"old_code": "code", "old_name": "name", "old_full_name": "full_name"}
    units = _units(table, {**own, "old_district_name": "district_name"}, "successors")
    return {
        "code": code,
        "kind": "old_province",
        "full_name": name,
        "n_units": len(units),
        "n_successors": int(table["new_code"].nunique()),
        "units": units,
    }


def _print_province_section(section: dict) -> None:
    code, name, units = section["code"], section["full_name"], section["units"]
    if section["kind"] == "province":
        print(
            f"{name} ({code}), 2025 province: {section['n_units']} communes formed from "
            f"{section['n_predecessors']} old unit(s), {section['n_part']} of them in part"
        )
        for unit in units:
            preds = unit["predecessors"]
            print(f"{unit['code']}  {unit['full_name']}, from {len(preds)} old unit(s):")
            for p in preds:
                print(
                    f"    {p['old_code']}  {p['old_full_name']:<28} {p['old_district_name']:<24} "
                    f"{p['old_province_name']:<14} {_kind_words(p['kind'])}"
                )
        return
    print(
        f"{name} ({code}), pre-2025 province: {section['n_units']} old units, went to "
        f"{section['n_successors']} 2025 commune(s)"
    )
    for unit in units:
        succ = unit["successors"]
        print(
            f"{unit['code']}  {unit['full_name']} ({unit['district_name']}), "
            f"to {len(succ)} new unit(s):"
        )
        for r in succ:
            print(
                f"    {r['new_code']}  {r['new_full_name']:<28} {r['new_province_name']:<14} "
                f"{_kind_words(r['kind'])}"
            )


def _lineage_json(kind: str, code: str, name: str, table: pd.DataFrame) -> dict:
    key = "predecessors" if kind == "new" else "successors"
    rows = json.loads(table.to_json(orient="records", force_ascii=False))
    return {"code": code, "kind": kind, "full_name": name, key: rows}


def _fmt_pred(code: str, name: str, units: pd.DataFrame, table: pd.DataFrame) -> None:
    province = units.loc[code, "province_name"]
    print(f"{name} ({code}, {province}), 2025 unit formed from {len(table)} old unit(s):")
    for r in table.itertuples():
        print(
            f"  {r.old_code}  {r.old_full_name:<28} {r.old_district_name:<24} "
            f"{r.old_province_name:<14} {_kind_words(r.kind)}"
        )


def _fmt_succ(code: str, name: str, units: pd.DataFrame, table: pd.DataFrame) -> None:
    district = units.loc[code, "district_name"]
    province = units.loc[code, "province_name"]
    print(
        f"{name} ({code}, {district}, {province}), pre-2025 unit, went to {len(table)} new unit(s):"
    )
    for r in table.itertuples():
        how = _kind_words(r.kind)
        print(f"  {r.new_code}  {r.new_full_name:<28} {r.new_province_name:<14} {how}")


def _kind_words(kind: str) -> str:
    """How the old unit went in, in the GSO table's words and in English."""
    from loaders.lineage import kind_label

    return f"{kind_label(kind, 'vi')} / {kind_label(kind, 'en')}"
