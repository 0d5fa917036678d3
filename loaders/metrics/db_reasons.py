"""Why the metrics database refused or failed: one reason per failure, said in either
language (``data.db_<reason>`` in :mod:`loaders.messages`).

Light on purpose (SQLAlchemy's exceptions and the messages only): every command of
``python -m loaders`` that opens the database says its failures through this module.
"""

from __future__ import annotations

from sqlalchemy.exc import InterfaceError, OperationalError

from loaders.messages import render

#: Why the database could not do what was asked: each has a message in the UI's language.
DB_REASONS = ("locked", "disk_full", "unavailable", "database", "changed")


def db_reason(error: BaseException) -> str:
    """Which of :data:`DB_REASONS` a database error is: the driver's own words, never the
    statement or its parameters (they may hold uploaded text), decide it."""
    text = str(getattr(error, "orig", None) or error).lower()
    if "locked" in text or "busy" in text or "lock timeout" in text:
        return "locked"
    if "disk is full" in text or "no space left" in text or "disk full" in text:
        return "disk_full"
    if isinstance(error, OperationalError | InterfaceError | OSError):
        return "unavailable"
    return "database"


#: The reasons in English (the command line); the pages have their own texts.
REASON_TEXT = {reason: render(f"data.db_{reason}", "en") for reason in DB_REASONS}
