"""Command line: ``import``, ``template`` and ``sample`` subcommands.

``python -m loaders.metrics.cli import FILE [--db URL] [--kind metrics|volunteers|dossiers]
[--period YYYY-MM] [--split-rule equal|area] [--skip-unmatched]`` imports a CSV or XLSX (all
or nothing) and prints what was stored, or every problem with file, row and column (exit 1).

``python -m loaders.metrics.cli template --kind metrics [--format xlsx|csv] [--lang vi|en]
[-o FILE]`` writes a template. ``python -m loaders.metrics.cli sample [--db URL] [--seed N]
[--force]`` loads the sample data (first run only, unless ``--force``).

:func:`add_subcommands` adds the same subcommands to another parser (``python -m loaders``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from loaders.metrics.errors import MetricsInputError


def add_subcommands(subparsers: argparse._SubParsersAction) -> None:
    """Add ``import``, ``template`` and ``sample`` to ``subparsers``; each sets ``func`` (and
    ``run``, as :mod:`loaders.cli` dispatches) to a function of the parsed args → exit code."""
    imp = subparsers.add_parser("import", help="import a metrics/volunteers/dossiers file")
    imp.add_argument("file", type=Path, help="CSV or XLSX file")
    imp.add_argument("--db", help="SQLAlchemy URL (default $VNMAP_DB_URL or the SQLite file)")
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
    imp.set_defaults(func=_import, run=_import)

    tpl = subparsers.add_parser("template", help="write a CSV/XLSX template")
    tpl.add_argument("--kind", choices=["metrics", "volunteers", "dossiers"], default="metrics")
    tpl.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    tpl.add_argument("--lang", choices=["vi", "en"], default="vi")
    tpl.add_argument("-o", "--output", type=Path, help="output file (default: mau_KIND_LANG.*)")
    tpl.set_defaults(func=_template, run=_template)

    smp = subparsers.add_parser("sample", help="load the generated sample data")
    smp.add_argument("--db", help="SQLAlchemy URL (default $VNMAP_DB_URL or the SQLite file)")
    smp.add_argument("--seed", type=int, default=None)
    smp.add_argument("--force", action="store_true", help="load even if data was imported")
    smp.set_defaults(func=_sample, run=_sample)


def _import(args: argparse.Namespace) -> int:
    from loaders.metrics import store
    from loaders.metrics.importer import ImportFailed, import_file

    engine = store.get_engine(args.db)
    try:
        report = import_file(
            engine,
            args.file,
            kind=args.kind,
            period=args.period,
            split_rule=args.split_rule,
            on_unmatched="skip" if args.skip_unmatched else "fail",
        )
    except MetricsInputError as error:
        print(f"import failed: {error}", file=sys.stderr)
        return 1
    except ImportFailed as error:
        print(f"import failed: {error}", file=sys.stderr)
        return 2
    print(report.summary())
    return 0


def _template(args: argparse.Namespace) -> int:
    from loaders.metrics.templates import template_bytes, template_name

    output = args.output or Path(template_name(args.kind, args.format, args.lang))
    output.write_bytes(template_bytes(args.kind, args.format, args.lang))
    print(f"wrote {output}")
    return 0


def _sample(args: argparse.Namespace) -> int:
    from loaders.metrics import sample, store

    engine = store.get_engine(args.db)
    seed = sample.SAMPLE_SEED if args.seed is None else args.seed
    if args.force:
        sample.load_sample(engine, seed)
        loaded = True
    else:
        loaded = sample.ensure_sample_loaded(engine, seed)
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
