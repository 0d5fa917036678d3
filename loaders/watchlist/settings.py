"""The watch rules in force, and an admin's changes to them (stored, with who and when).

The rules in force are :data:`~loaders.watchlist.rules.DEFAULT_RULES` with every stored
setting over it. :func:`change_rules` checks the whole new set first (a negative count, a
rate over 100 %, an unknown setting are refused with the setting named) and only then writes
it, in one transaction: a refused change leaves the rules in force as they were.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

import pandas as pd
from pydantic import ValidationError
from sqlalchemy import Engine, delete, func, insert, select

from loaders.messages import Message, msg
from loaders.users import as_utc
from loaders.watchlist import tables
from loaders.watchlist.rules import DEFAULT_RULES, SETTINGS, WatchRules


class RuleRejected(ValueError):
    """A rule setting out of range, not a number or unknown. ``setting`` names it;
    ``message`` says why in either language (``str()`` is English)."""

    def __init__(self, setting: str, message: Message):
        super().__init__(str(message))
        self.setting = setting
        self.message = message


def rules_in_force(engine: Engine) -> WatchRules:
    """The defaults with the stored settings over them."""
    tables.ensure_tables(engine)
    with engine.connect() as conn:
        stored = dict(conn.execute(select(tables.settings.c.name, tables.settings.c.value)).all())
    known = {name: value for name, value in stored.items() if name in SETTINGS}
    return DEFAULT_RULES.model_copy(update=_validated(known).model_dump(exclude_unset=True))


def rules_revision(engine: Engine) -> str:
    """Changes with every change of the rules: what caches of flags are keyed on."""
    tables.ensure_tables(engine)
    with engine.connect() as conn:
        latest, count = conn.execute(
            select(func.max(tables.changes.c.id), func.count(tables.changes.c.id))
        ).one()
    return f"rules#{latest or 0}.{count}"


def _validated(values: Mapping[str, object]) -> WatchRules:
    """``values`` as rules (unset settings at their defaults), or :class:`RuleRejected` for
    the first setting that is unknown, not a number or out of range."""
    for name in values:
        if name not in SETTINGS:
            raise RuleRejected(
                name, msg("data.watch_setting_unknown", setting=name, known=", ".join(SETTINGS))
            )
    try:
        return WatchRules(**values)
    except ValidationError as error:
        first = error.errors()[0]
        name = str(first["loc"][0])
        low, high = _bounds(WatchRules.model_fields[name].metadata)
        key = _PROBLEM.get(first["type"], "data.watch_setting_out_of_range")
        params = {"label": msg(f"data.watch_setting_{name}"), "setting": name}
        value = values.get(name)
        shown = (
            value if isinstance(value, int | float) and not isinstance(value, bool) else str(value)
        )
        params |= {"value": shown, "low": low, "high": high}
        raise RuleRejected(name, msg(key, **params)) from None


#: pydantic's error types → the message that says what is wrong with a setting's value (any
#: other type is a value out of range).
_PROBLEM = {
    "int_from_float": "data.watch_setting_not_whole",
    "int_parsing": "data.watch_setting_not_number",
    "int_type": "data.watch_setting_not_number",
    "float_parsing": "data.watch_setting_not_number",
    "float_type": "data.watch_setting_not_number",
    "finite_number": "data.watch_setting_not_number",
}


def _bounds(metadata: list) -> tuple[float | None, float | None]:
    low = high = None
    for item in metadata:
        low = getattr(item, "ge", None) if getattr(item, "ge", None) is not None else low
        high = getattr(item, "le", None) if getattr(item, "le", None) is not None else high
    return low, high


def change_rules(engine: Engine, changes: Mapping[str, object], changed_by: str) -> WatchRules:
    """Store ``changes`` (setting → new value) made by ``changed_by`` (a username) and return
    the rules now in force. All or nothing: any refused setting raises :class:`RuleRejected`
    and nothing is written. A value equal to the one in force is not a change."""
    if not changed_by:
        raise ValueError("changed_by is required: who changes the rules is recorded")
    current = rules_in_force(engine)
    new = _validated({**current.model_dump(), **changes})
    now = datetime.now(UTC)
    with engine.begin() as conn:
        for name in SETTINGS:
            old_value, new_value = getattr(current, name), getattr(new, name)
            if float(old_value) == float(new_value):
                continue
            conn.execute(delete(tables.settings).where(tables.settings.c.name == name))
            conn.execute(
                insert(tables.settings).values(
                    name=name, value=float(new_value), changed_by=changed_by, changed_at=now
                )
            )
            conn.execute(
                insert(tables.changes).values(
                    name=name,
                    old_value=float(old_value),
                    new_value=float(new_value),
                    changed_by=changed_by,
                    changed_at=now,
                )
            )
    return new


def settings_table(engine: Engine) -> pd.DataFrame:
    """One row per setting in page order: ``setting``, ``value`` (in force), ``default``,
    ``changed_by`` and ``changed_at`` (UTC; empty when at its default and never changed)."""
    rules = rules_in_force(engine)
    with engine.connect() as conn:
        stored = {
            row.name: row
            for row in conn.execute(select(tables.settings)).all()
            if row.name in SETTINGS
        }
    return pd.DataFrame(
        [
            {
                "setting": name,
                "value": getattr(rules, name),
                "default": getattr(DEFAULT_RULES, name),
                "changed_by": stored[name].changed_by if name in stored else None,
                "changed_at": as_utc(stored[name].changed_at) if name in stored else None,
            }
            for name in SETTINGS
        ]
    )


def change_log(engine: Engine, limit: int = 100) -> pd.DataFrame:
    """The latest changes of the rules, newest first: ``setting``, ``old_value``,
    ``new_value``, ``changed_by``, ``changed_at`` (UTC)."""
    tables.ensure_tables(engine)
    query = select(tables.changes).order_by(tables.changes.c.id.desc()).limit(limit)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    frame = pd.DataFrame.from_records(rows, columns=[c.name for c in tables.changes.columns]).drop(
        columns=["id"]
    )
    frame["changed_at"] = [as_utc(value) for value in frame["changed_at"]]
    return frame.rename(columns={"name": "setting"})
