"""The watchlist's tables in the metrics database (SQLite or PostgreSQL).

* ``watch_units``: the 2025 communes of the register (code, province), mirrored into the
  database so that "no report" (a commune without a row) and "no volunteer team" are computed
  there, by the same SQL on both databases. Refreshed from :func:`loaders.register.new_units`
  whenever it differs (the codes are the GSO's, 5 digits; provinces 2 digits).
* ``watch_rule_settings``: the rule settings an admin changed (a setting absent here is at
  its default), with who changed it and when (UTC).
* ``watch_rule_changes``: every change, old and new value, who and when: the audit trail.
"""

from __future__ import annotations

import weakref

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    delete,
    insert,
    select,
)
from sqlalchemy.exc import IntegrityError

from loaders.register import new_units

metadata = MetaData()

units = Table(
    "watch_units",
    metadata,
    Column("code", String(5), primary_key=True),
    Column("province_code", String(2), nullable=False, index=True),
)

settings = Table(
    "watch_rule_settings",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("value", Float, nullable=False),
    Column("changed_by", String(320), nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
)

changes = Table(
    "watch_rule_changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(32), nullable=False),
    Column("old_value", Float),
    Column("new_value", Float, nullable=False),
    Column("changed_by", String(320), nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False),
)

_READY: weakref.WeakSet[Engine] = weakref.WeakSet()


def ensure_tables(engine: Engine) -> None:
    """Create the watchlist's tables and mirror the register's communes into ``watch_units``
    (once per engine and process)."""
    if engine in _READY:
        return
    metadata.create_all(engine)
    _mirror_units(engine)
    _READY.add(engine)


def forget(engine: Engine) -> None:
    """Make the next :func:`ensure_tables` create and fill the tables again (after they
    were dropped)."""
    _READY.discard(engine)


def _mirror_units(engine: Engine, attempts: int = 3) -> None:
    """Make ``watch_units`` hold exactly the register's communes: add the missing, remove
    the others. Several servers may start at once: a row another one inserted first is
    taken as done (the next attempt sees it)."""
    wanted = dict(new_units()[["code", "province_code"]].astype(str).itertuples(index=False))
    for attempt in range(attempts):
        try:
            with engine.begin() as conn:
                stored = dict(conn.execute(select(units.c.code, units.c.province_code)).all())
                stale = [c for c, p in stored.items() if wanted.get(c) != p]
                if stale:
                    conn.execute(delete(units).where(units.c.code.in_(stale)))
                missing = [
                    {"code": c, "province_code": p} for c, p in wanted.items() if stored.get(c) != p
                ]
                if missing:
                    conn.execute(insert(units), missing)
            return
        except IntegrityError:
            if attempt == attempts - 1:
                raise
