"""Command line: ``import``, ``template`` and ``sample`` subcommands.

``python -m loaders.metrics.cli import FILE [--db URL] [--kind metrics|volunteers|dossiers]
[--period YYYY-MM] [--split-rule equal|area] [--skip-unmatched] [--replace-missing]
[--dry-run]`` imports a CSV or XLSX (all or nothing) and prints what was stored (rows added,
replaced, removed and kept), or every problem with file, row and column (exit 1); a database
that is locked, lost or full exits 2. Stored rows of units not in the file are kept unless
``--replace-missing``; ``--dry-run`` prints that plan and stores nothing.

``python -m loaders.metrics.cli template --kind metrics [--format xlsx|csv] [--lang vi|en]
[--province 04 [08 …] | --province all] [-o FILE]`` writes a template (with ``--province``,
one row per 2025 commune of those provinces, identity filled, values empty).
``python -m loaders.metrics.cli sample [--db URL] [--seed N] [--force]`` loads the sample
data (first run only, unless ``--force``).

:func:`add_subcommands` adds the same subcommands to another parser (``python -m loaders``).
"""

from __future__ import annotations

import argparse
import logging
import sys
import uuid
from pathlib import Path

from loaders.cli_database import EXIT_DATABASE, add_db_option, database_errors, database_failed
from loaders.metrics.errors import MetricsInputError


def add_subcommands(subparsers: argparse._SubParsersAction) -> None:
    """Add ``import``, ``template`` and ``sample`` to ``subparsers``; each sets ``func`` (and
    ``run``, as :mod:`loaders.cli` dispatches) to a function of the parsed args → exit code."""
    imp = subparsers.add_parser("import", help="import a metrics/volunteers/dossiers file")
    imp.add_argument("file", type=Path, help="CSV or XLSX file")
    add_db_option(imp)
    imp.add_argument(
        "--kind",
        choices=["metrics", "volunteers", "dossiers"],
        help="schema of the file (default: detected from the headers)",
    )
    imp.add_argument("--period", help="import period YYYY-MM (rows must be in it)")
    imp.add_argument(
        "--split-rule",
        choices=["equal", "area"],
        default="equal",
        help="allocation of former units split between new units",
    )
    imp.add_argument(
        "--skip-unmatched",
        action="store_true",
        help="import matched rows and skip ambiguous/unmatched ones",
    )
    imp.add_argument(
        "--replace-missing",
        action="store_true",
        help="also REMOVE stored rows of units that are not in the file, in each period and "
        "province the file covers (default: they are kept)",
    )
    imp.add_argument(
        "--dry-run",
        action="store_true",
        help="check the file and print what the import would add, replace and remove; "
        "store nothing",
    )
    imp.set_defaults(func=_import, run=_import)

    tpl = subparsers.add_parser("template", help="write a CSV/XLSX template")
    tpl.add_argument("--kind", choices=["metrics", "volunteers", "dossiers"], default="metrics")
    tpl.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    tpl.add_argument("--lang", choices=["vi", "en"], default="vi")
    tpl.add_argument(
        "--province",
        nargs="+",
        metavar="CODE",
        help="pre-fill one row per 2025 commune of these provinces (2-digit codes such as 04, "
        "or 'all'): unit code, official name and province filled, values empty",
    )
    tpl.add_argument("-o", "--output", type=Path, help="output file (default: mau_KIND_LANG.*)")
    tpl.set_defaults(func=_template, run=_template)

    smp = subparsers.add_parser("sample", help="load the generated sample data")
    add_db_option(smp)
    smp.add_argument("--seed", type=int, default=None)
    smp.add_argument("--force", action="store_true", help="load even if data was imported")
    smp.set_defaults(func=_sample, run=_sample)


def _import(args: argparse.Namespace) -> int:
    """Exit 0 on success, 1 when the file is at fault, 2 when the environment is (the
    database locked, lost or full, or an unexpected failure): never a traceback."""
    from loaders import users
    from loaders.metrics import store
    from loaders.metrics.importer import ImportFailed, import_file, plan, prepare

    try:
        engine = store.get_engine(args.db)
        if args.dry_run:
            prepared = prepare(
                args.file,
                kind=args.kind,
                period=args.period,
                split_rule=args.split_rule,
                on_unmatched="skip" if args.skip_unmatched else "fail",
            )
            if prepared.problems:
                from loaders.metrics.errors import ValidationFailed

                raise ValidationFailed(prepared.problems)
            table, counts = plan(engine, prepared)
            print(format_plan(table, counts, args.replace_missing))
            return 0
        report = import_file(
            engine,
            args.file,
            kind=args.kind,
            period=args.period,
            split_rule=args.split_rule,
            on_unmatched="skip" if args.skip_unmatched else "fail",
            replace_missing=args.replace_missing,
            # the operator's own command: every province, logged under the OS user
            imported_by=users.cli_identity().who,
        )
    except MetricsInputError as error:
        print(f"import failed: {error}", file=sys.stderr)
        return 1
    except ImportFailed as error:
        print(f"import failed: {error}", file=sys.stderr)
        return EXIT_DATABASE
    except database_errors() as error:  # unreachable at start, locked, a full disk
        return database_failed("import failed", error, nothing_stored=True)
    except Exception:  # a defect: the details are for whoever fixes it, in the log
        error_id = uuid.uuid4().hex[:8]
        logging.getLogger(__name__).exception("import failed (error id %s)", error_id)
        print(
            f"import failed: unexpected error; nothing was stored (error id {error_id})",
            file=sys.stderr,
        )
        return EXIT_DATABASE
    print(report.summary())
    return 0


def format_plan(table, counts, replace_missing: bool) -> str:
    """The plan of an import as text: one line per (period, province), then the totals."""
    lines = ["period   province  in file  add  replace  not in file (stored rows)"]
    for row in table.itertuples(index=False):
        first = ", ".join(row.missing_units[:5]) + (" …" if len(row.missing_units) > 5 else "")
        lines.append(
            f"{row.period}  {row.province_code:>8}  {row.in_file:>7}  {row.added:>3}  "
            f"{row.replaced:>7}  {row.missing}" + (f" ({first})" if row.missing else "")
        )
    action = "REMOVED (--replace-missing)" if replace_missing else "kept"
    lines.append(
        f"total: {counts.added} to add, {counts.replaced} to replace, "
        f"{counts.missing} rows of units not in the file {action}"
    )
    if counts.sample_removed:
        lines.append(f"{counts.sample_removed} generated sample rows will be cleared")
    return "\n".join(lines)


def _template(args: argparse.Namespace) -> int:
    """Exit 0 with the template written, 1 for an unknown province code or a kind that cannot
    be pre-filled by province (dossiers)."""
    from loaders.metrics.templates import template_bytes, template_name

    provinces = getattr(args, "province", None)
    try:
        data = template_bytes(args.kind, args.format, args.lang, provinces=provinces)
        name = template_name(args.kind, args.format, args.lang, provinces)
    except ValueError as error:
        print(f"template not written: {error}", file=sys.stderr)
        return 1
    output = args.output or Path(name)
    output.write_bytes(data)
    print(f"wrote {output}")
    return 0


def _sample(args: argparse.Namespace) -> int:
    from loaders.metrics import sample, store

    seed = sample.SAMPLE_SEED if args.seed is None else args.seed
    try:
        engine = store.get_engine(args.db)
        if args.force:
            sample.load_sample(engine, seed)
        loaded = args.force or sample.ensure_sample_loaded(engine, seed)
    except database_errors() as error:
        return database_failed("sample", error)
    print(
        f"sample data (seed {seed}) loaded into {engine.url.render_as_string()}"
        if loaded
        else "data already present: sample not loaded (use --force)"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m loaders.metrics.cli``."""
    parser = argparse.ArgumentParser(
        prog="python -m loaders.metrics.cli",
        description="Service-centre metrics and volunteer data",
    )
    add_subcommands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
