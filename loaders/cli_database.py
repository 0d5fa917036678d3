"""What every command of ``python -m loaders`` that opens the metrics database shares: the
``--db`` option, and one way of saying that the database failed (locked, full, unreachable):
a line on standard error with the command, the reason and the driver's first line, exit code
2, never a traceback. A ``--db`` that is no database URL is bad input: exit code 1.
"""

from __future__ import annotations

import argparse
import sys

#: Exit code of a command whose database failed (0 is done, 1 is bad input).
EXIT_DATABASE = 2
EXIT_BAD_URL = 1


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """``--db URL``: the store to use instead of ``$VNMAP_DB_URL`` or the SQLite file."""
    parser.add_argument("--db", help="SQLAlchemy URL (default $VNMAP_DB_URL or the SQLite file)")


def database_errors() -> tuple[type[BaseException], ...]:
    """The exceptions that mean the database (not the input) failed, for an ``except``
    clause. SQLAlchemy is imported only when a command runs, so building the parser of
    every ``python -m loaders`` command stays light."""
    from sqlalchemy.exc import SQLAlchemyError

    return (SQLAlchemyError, OSError)


def database_failed(command: str, error: BaseException, *, nothing_stored: bool = False) -> int:
    """Say on standard error why ``command``'s database failed; :data:`EXIT_DATABASE`, or
    :data:`EXIT_BAD_URL` when ``--db`` (or ``$VNMAP_DB_URL``) is no database URL.

    ``nothing_stored``: the command writes, and its transaction was rolled back.
    """
    from sqlalchemy.exc import ArgumentError

    from loaders.metrics.db_reasons import REASON_TEXT, db_reason

    lines = str(getattr(error, "orig", None) or error).splitlines()
    detail = lines[0] if lines else type(error).__name__
    if isinstance(error, ArgumentError):  # also NoSuchModuleError: an unknown dialect
        print(f"{command}: --db is not a database URL ({detail})", file=sys.stderr)
        return EXIT_BAD_URL
    after = "; nothing was stored" if nothing_stored else ""
    print(f"{command}: {REASON_TEXT[db_reason(error)]} ({detail}){after}", file=sys.stderr)
    return EXIT_DATABASE
