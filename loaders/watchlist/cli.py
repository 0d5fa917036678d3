"""``python -m loaders watchlist`` and ``python -m loaders watch-rules``: the leaders'
watchlist for scheduled jobs, with exactly the page's results.

``watchlist [--province 04] [--period 2026-10] [--json | --csv | --xlsx FILE] [--lang vi|en]
[--db URL]`` prints the flags of a month (default: the latest) in a province (default: the
country): a readable list, the page's CSV download (``--csv``, to standard output), its XLSX
(``--xlsx FILE``) or JSON with English keys (``--json``).

``watch-rules [--json] [--set SETTING=VALUE …]`` prints the rules in force (who changed
each and when); ``--set`` changes them as the operator (recorded as ``cli:<OS user>``), all
or nothing.

Exit codes: 0 done; 1 refused (an unknown province or period, a setting unknown or out of
range: the message names it, nothing changes); 2 the database failed (locked, full or
unreachable: the reason is said, nothing changes).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from loaders.cli_database import add_db_option, database_errors, database_failed
from loaders.watchlist.rules import SETTINGS

if TYPE_CHECKING:
    from loaders.watchlist.flags import Watchlist

EXIT_OK, EXIT_REFUSED = 0, 1


def add_subcommands(subparsers: argparse._SubParsersAction) -> None:
    """Add ``watchlist`` and ``watch-rules`` to ``subparsers`` (``run`` → exit code)."""
    parser = subparsers.add_parser(
        "watchlist",
        help="communes flagged by the watch rules in a month (as the watchlist page)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--province", help="2-digit 2025 province code (default: the country)")
    parser.add_argument("--period", help="month YYYY-MM (default: the latest stored)")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="JSON with English keys")
    output.add_argument("--csv", action="store_true", help="the page's CSV download")
    output.add_argument("--xlsx", type=Path, metavar="FILE", help="the page's XLSX download")
    parser.add_argument("--lang", choices=["vi", "en"], default="vi", help="language (default vi)")
    add_db_option(parser)
    parser.set_defaults(run=run_watchlist)

    rules = subparsers.add_parser(
        "watch-rules",
        help="the watch rules in force; --set changes them",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    rules.add_argument(
        "--set",
        nargs="+",
        default=[],
        metavar="SETTING=VALUE",
        help=f"new values (settings: {', '.join(SETTINGS)})",
    )
    rules.add_argument("--json", action="store_true", help="machine-readable output")
    add_db_option(rules)
    rules.set_defaults(run=run_rules)


def run_watchlist(args: argparse.Namespace) -> int:
    # Imported here: building the parser (every ``python -m loaders`` command) stays light.
    from loaders.metrics import store
    from loaders.watchlist import table
    from loaders.watchlist.flags import WatchlistError, watchlist

    try:
        found = watchlist(store.get_engine(args.db), args.period, args.province)
    except WatchlistError as error:
        print(f"watchlist: {error.message.render(args.lang)}", file=sys.stderr)
        return EXIT_REFUSED
    except database_errors() as error:
        return database_failed("watchlist", error)
    if args.json:
        print(table.json_text(found))
    elif args.csv:
        sys.stdout.buffer.write(table.csv_bytes(found, args.lang))
    elif args.xlsx:
        args.xlsx.write_bytes(table.xlsx_bytes(found, args.lang))
        print(f"{args.xlsx}: {len(found.flags)} flags")
    else:
        print(_listing(found, args.lang))
    return EXIT_OK


def _listing(found: Watchlist, lang: str) -> str:
    """The flags as lines a person reads: a heading, then per commune its flags."""
    from loaders.messages import msg
    from loaders.watchlist import table

    heading = msg(
        "data.watch_listing_heading",
        period=found.period,
        scope=found.province or msg("data.watch_country"),
        flagged=found.held["code"].nunique(),
        units=found.n_units,
    )
    lines = [heading.render(lang)]
    if table.is_sample(found):
        lines.append(table.SAMPLE_LABEL)
    for _, flag in found.flags.iterrows():
        lines.append(
            f"{flag['province_code']} {flag['code']} {flag['name']}: "
            f"{table.rule_label(flag['rule'], lang)} [{table.status_label(flag['status'], lang)}"
            f", {flag['streak']} · {flag['since']}] {table.reason(flag, lang)}"
        )
    return "\n".join(lines)


def run_rules(args: argparse.Namespace) -> int:
    from loaders import users
    from loaders.metrics import store
    from loaders.watchlist import settings

    changed = False
    try:
        engine = store.get_engine(args.db)
        if args.set:
            who = users.cli_identity().who
            settings.change_rules(engine, _pairs(args.set), changed_by=who)
            changed = True
        frame = settings.settings_table(engine)
    except settings.RuleRejected as error:
        print(f"watch-rules: {error}", file=sys.stderr)
        return EXIT_REFUSED
    except database_errors() as error:
        # A failure after the change was stored (reading the rules back) must not deny it.
        nothing_stored = bool(args.set) and not changed
        return database_failed("watch-rules", error, nothing_stored=nothing_stored)
    if args.json:
        print(frame.to_json(orient="records", date_format="iso", force_ascii=False))
    else:
        print(frame.to_string(index=False))
    return EXIT_OK


def _pairs(items: list[str]) -> dict[str, object]:
    """``["on_time_floor=85"]`` → ``{"on_time_floor": 85.0}``: numbers as numbers, anything
    else as typed (the rules' check names it)."""
    from loaders.messages import msg
    from loaders.watchlist.settings import RuleRejected

    pairs = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep:
            raise RuleRejected(
                name, msg("data.watch_setting_unknown", setting=item, known=", ".join(SETTINGS))
            )
        pairs[name.strip()] = _number(value.strip())
    return pairs


def _number(text: str) -> object:
    try:
        return float(text)
    except ValueError:
        return text
