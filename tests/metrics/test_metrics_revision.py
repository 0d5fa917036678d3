"""The store's revision (what every app server checks once per run to know whether an import
happened anywhere): it must change with every successful import, also when two imports on
PostgreSQL commit in the opposite order of their ids."""

from __future__ import annotations

import threading
import time

import pytest

from loaders.metrics import importer, store
from loaders.register import new_units

pytestmark = pytest.mark.postgres


def test_revision_changes_when_an_older_import_commits_last(pg_url, files, metrics_row_factory):
    engine = store.get_engine(pg_url)
    store.metadata.drop_all(engine)
    store.metadata.create_all(engine)
    first, second = new_units()["code"].head(2)
    table = store.TABLES["metrics"].name

    def file_of(code: str, period: str, received: int) -> bytes:
        return files.csv([metrics_row_factory(code, period, **{"Hồ sơ tiếp nhận": received})])

    importer.import_file(engine, file_of(first, "2025-08", 100), "a.csv")
    # Another session holds the stored row the next import of the unit replaces: that import
    # gets its id, then waits inside its transaction.
    holder = engine.raw_connection()
    holder.cursor().execute(
        f"SELECT 1 FROM {table} WHERE code = %s AND period = '2025-08' FOR UPDATE", (first,)
    )
    older = threading.Thread(
        target=importer.import_file, args=(engine, file_of(first, "2025-08", 200), "b.csv")
    )
    older.start()
    try:
        deadline = time.monotonic() + 60
        while not _waiting(engine):
            assert time.monotonic() < deadline, "the import never waited"
            time.sleep(0.02)
        # A later import (a higher id) commits first.
        importer.import_file(engine, file_of(second, "2025-09", 300), "c.csv")
        seen = store.revision(engine)
    finally:
        holder.rollback()
        holder.close()
        older.join(timeout=60)
    assert store.import_log(engine)["outcome"].tolist() == ["ok", "ok", "ok"]
    assert store.revision(engine) != seen


def _waiting(engine) -> int:
    """Sessions waiting for a lock (a new transaction each time: PostgreSQL keeps one view of
    its activity table per transaction)."""
    with engine.connect() as conn:
        return conn.exec_driver_sql(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
        ).scalar_one()
