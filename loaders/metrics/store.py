"""Storage of metrics and volunteer teams: SQLite by default, PostgreSQL by URL, one code path.

The database is ``$VNMAP_DB_URL`` or the SQLite file ``geodata/db/metrics.sqlite`` in the
repository (git-ignored). A URL ``postgresql://…`` is used with psycopg 3. Every statement is
SQLAlchemy Core with bound parameters: no SQL is built by string formatting.

Tables (prefix ``metrics_`` so they can share a database with other parts of the product):

``metrics_imports``          one row per import attempt: file name, sha256, size, times, kind,
                             rows read and stored, periods, outcome (``ok`` / ``failed``),
                             message, ``is_sample``, ``imported_by`` (who)
``metrics_service``          one row per (new unit ``code``, ``period`` YYYY-MM): counts,
                             766 scores, satisfaction rate, flags ``converted``,
                             ``allocated``, ``incomplete``, ``is_sample``, ``source``
``metrics_volunteer_teams``  one row per team, unit and period

**Replacement rule.** An import replaces, in one transaction, the rows of every unit and
period it contains, so re-importing a period replaces it without duplicates. Rows of units
absent from the file are kept unless the import is asked to remove them
(``replace_missing``, after the user confirmed the count :func:`import_plan` gave); a
province's file never touches another province. The first real import of a kind also removes
the generated sample rows of that kind, so real and sample data are never mixed on a map.
Each import records how many rows it added, replaced, removed and kept. A failing import
changes nothing but the log.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    bindparam,
    case,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    update,
)

from loaders.metrics.derive import (
    METRIC_INFO,
    add_derived,
    aggregate,
    coverage,
    metric_inputs,
    population_unverified,
    unit_volunteers,
)
from loaders.metrics.schemas import METRIC_COUNTS, METRIC_SCORES, VOLUNTEER_COUNTS
from loaders.paths import REPO_ROOT
from loaders.register import new_units

DB_URL_ENV = "VNMAP_DB_URL"

metadata = MetaData()

imports = Table(
    "metrics_imports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),
    Column("file_name", String(255), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("size_bytes", BigInteger),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("outcome", String(16), nullable=False),
    Column("rows_read", Integer),
    Column("rows_stored", Integer),
    Column("periods", Text),
    Column("message", Text),
    Column("is_sample", Boolean, nullable=False, default=False),
    # What the import did to stored rows (see ImportCounts); NULL for attempts that failed.
    Column("rows_added", Integer),
    Column("rows_replaced", Integer),
    Column("rows_removed", Integer),
    Column("rows_kept", Integer),
    # ``message`` in Vietnamese (``message`` is English, for the CLI and older readers).
    Column("message_vi", Text),
    # Who imported: a username, or ``cli:<OS user>`` for the command line; NULL for the sample.
    Column("imported_by", String(320)),
)

service = Table(
    "metrics_service",
    metadata,
    Column("code", String(5), primary_key=True),
    Column("period", String(7), primary_key=True),
    Column("province_code", String(2), nullable=False),
    *[Column(c, BigInteger) for c in METRIC_COUNTS],
    *[Column(c, Float) for c in METRIC_SCORES],
    Column("converted", Boolean, nullable=False, default=False),
    Column("allocated", Boolean, nullable=False, default=False),
    Column("incomplete", Boolean, nullable=False, default=False),
    Column("note", Text),
    Column("source", String(16), nullable=False),
    Column("is_sample", Boolean, nullable=False, default=False),
    Column("import_id", Integer, ForeignKey("metrics_imports.id")),
    Index("ix_metrics_service_period_province", "period", "province_code"),
)

teams = Table(
    "metrics_volunteer_teams",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code", String(5), nullable=False),
    Column("period", String(7), nullable=False),
    Column("province_code", String(2), nullable=False),
    Column("team_name", String(200), nullable=False),
    Column("team_kind", String(200)),
    *[Column(c, BigInteger) for c in VOLUNTEER_COUNTS],
    Column("converted", Boolean, nullable=False, default=False),
    Column("allocated", Boolean, nullable=False, default=False),
    Column("note", Text),
    Column("is_sample", Boolean, nullable=False, default=False),
    Column("import_id", Integer, ForeignKey("metrics_imports.id")),
    Index("ix_metrics_teams_period_province", "period", "province_code"),
    Index("ix_metrics_teams_code", "code"),
)

TABLES = {"metrics": service, "volunteers": teams}
_ENGINES: dict[str, Engine] = {}
_LOCK = threading.Lock()


def default_db_path() -> Path:
    """The default SQLite file (git-ignored ``geodata/db/metrics.sqlite``)."""
    return REPO_ROOT / "geodata" / "db" / "metrics.sqlite"


def database_url(url: str | None = None) -> str:
    """``url``, else ``$VNMAP_DB_URL``, else the default SQLite file. ``postgres://`` and
    ``postgresql://`` URLs get the psycopg 3 driver."""
    url = url or os.environ.get(DB_URL_ENV) or f"sqlite:///{default_db_path()}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def get_engine(url: str | None = None) -> Engine:
    """An engine for ``url`` (see :func:`database_url`) with the tables created; one per URL
    per process."""
    resolved = database_url(url)
    with _LOCK:
        if resolved in _ENGINES:
            return _ENGINES[resolved]
        if resolved.startswith("sqlite:///") and resolved != "sqlite:///:memory:":
            Path(resolved.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        # A pooled PostgreSQL connection dies with its server (a restart, a failover): each
        # checkout first pings it and replaces a dead one, so the app carries on after the
        # database comes back instead of failing the next query of every pooled connection.
        engine = create_engine(resolved, pool_pre_ping=not resolved.startswith("sqlite"))
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        metadata.create_all(engine)
        _add_missing_columns(engine)
        _ENGINES[resolved] = engine
        return engine


def _add_missing_columns(engine: Engine) -> None:
    """Add the import log's newer columns to a database created before them.

    ``create_all`` never alters an existing table; the statement is built from this module's
    own column definitions (names quoted by the dialect), never from input.
    """
    present = {c["name"] for c in inspect(engine).get_columns(imports.name)}
    missing = [c for c in imports.columns if c.name not in present]
    if not missing:
        return
    quote = engine.dialect.identifier_preparer.quote
    with engine.begin() as conn:
        for column in missing:
            conn.exec_driver_sql(
                f"ALTER TABLE {quote(imports.name)} ADD COLUMN {quote(column.name)} "
                f"{column.type.compile(engine.dialect)}"
            )


def dispose_engine(url: str | None = None) -> None:
    """Forget (and close) the cached engine of ``url``."""
    with _LOCK:
        engine = _ENGINES.pop(database_url(url), None)
    if engine is not None:
        engine.dispose()


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def now() -> datetime:
    """The current time, UTC."""
    return datetime.now(UTC)


# ----------------------------------------------------------------------------- writing


def _columns(frame: pd.DataFrame, columns: list[str], integers: Iterable[str]) -> list[list]:
    """Per column, its values as plain Python objects: NaN → None, counts → int."""
    integers = set(integers)
    out = []
    for column in columns:
        series = frame[column]
        if column in integers:
            values = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float)
            out.append([None if v != v else int(v) for v in values])
        elif pd.api.types.is_float_dtype(series):
            out.append([None if v != v else v for v in series.to_numpy(dtype=float).tolist()])
        elif pd.api.types.is_bool_dtype(series):
            out.append(series.to_numpy(dtype=bool).tolist())
        else:
            out.append(
                [
                    None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v
                    for v in series.astype(object).to_numpy()
                ]
            )
    return out


def _insert_rows(conn, table: Table, frame: pd.DataFrame, integers: Iterable[str]) -> None:
    """Insert ``frame`` into ``table`` with one executemany.

    The INSERT statement is compiled by SQLAlchemy from the table (no SQL is assembled from
    strings, every value is a bound parameter); it is executed with the driver's executemany,
    which avoids SQLAlchemy's per-row parameter processing (about 1 s for 40,000 rows).
    """
    columns = [c.name for c in table.columns if c.name in frame and c.name != "id"]
    compiled = insert(table).compile(dialect=conn.dialect, column_keys=columns)
    values = _columns(frame, columns, integers)
    if compiled.positional:
        position = {name: i for i, name in enumerate(columns)}
        order = [position[name] for name in compiled.positiontup]
        params: list = list(zip(*(values[i] for i in order), strict=True))
    else:
        params = [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]
    for start in range(0, len(params), 20_000):
        conn.exec_driver_sql(compiled.string, params[start : start + 20_000])


@dataclass(frozen=True)
class ImportCounts:
    """What an import does to stored rows of its kind.

    ``added``: rows of the file for units with no stored row in that period; ``replaced``:
    stored rows of units in the file, replaced by the file's; ``missing``: stored rows of
    units in a (period, province) of the file but absent from it; ``removed``: those of
    them deleted (only with ``replace_missing``), ``kept``: those left as they were;
    ``sample_removed``: generated sample rows a real import clears.
    """

    added: int = 0
    replaced: int = 0
    missing: int = 0
    removed: int = 0
    kept: int = 0
    sample_removed: int = 0


def _plan(conn, kind: str, rows: pd.DataFrame, is_sample: bool) -> pd.DataFrame:
    """Per (period, province_code) of ``rows``: ``in_file``, ``added``, ``replaced``,
    ``missing`` (stored rows of units not in the file) and ``missing_units`` (their codes,
    sorted). Generated sample rows are left out when the import is real (they are cleared
    anyway, see :class:`ImportCounts`)."""
    table = TABLES[kind]
    columns = ["period", "province_code", "in_file", "added", "replaced", "missing"]
    if rows.empty:
        return pd.DataFrame(columns=[*columns, "missing_units"])
    scope = rows[["period", "province_code"]].drop_duplicates()
    query = select(table.c.code, table.c.period, table.c.province_code).where(
        table.c.period.in_(sorted(scope["period"].unique())),
        table.c.province_code.in_(sorted(scope["province_code"].unique())),
    )
    if not is_sample:
        query = query.where(table.c.is_sample.is_(False))
    stored = pd.DataFrame(
        conn.execute(query).all(), columns=["code", "period", "province_code"], dtype=object
    )
    stored = stored.merge(scope, on=["period", "province_code"])
    in_file = set(zip(rows["period"], rows["code"], strict=True))
    stored_keys = set(zip(stored["period"], stored["code"], strict=True))
    stored["in_file"] = np.array(
        [k in in_file for k in zip(stored["period"], stored["code"], strict=True)], dtype=bool
    )
    file_new = [k not in stored_keys for k in zip(rows["period"], rows["code"], strict=True)]
    out = []
    by_stored = dict(list(stored.groupby(["period", "province_code"])))
    for (period, province), group in rows.assign(_new=file_new).groupby(
        ["period", "province_code"], sort=True
    ):
        held = by_stored.get((period, province), stored.iloc[0:0])
        gone = held.loc[~held["in_file"].astype(bool)]
        out.append(
            (
                period,
                province,
                len(group),
                int(group["_new"].sum()),
                int(held["in_file"].sum()),
                len(gone),
                sorted(set(gone["code"])),
            )
        )
    return pd.DataFrame(out, columns=[*columns, "missing_units"])


def import_plan(engine: Engine, kind: str, rows: pd.DataFrame, is_sample: bool = False):
    """What storing ``rows`` of ``kind`` would do, before anything is written: the per
    (period, province) table of :func:`_plan` and the :class:`ImportCounts` with nothing
    removed (the caller decides whether missing units' rows go)."""
    with engine.connect() as conn:
        plan = _plan(conn, kind, rows, is_sample)
        sample = 0 if is_sample else _count_sample(conn, kind)
    return plan, _counts(plan, False, sample)


def _count_sample(conn, kind: str) -> int:
    table = TABLES[kind]
    return int(
        conn.execute(
            select(func.count()).select_from(table).where(table.c.is_sample.is_(True))
        ).scalar_one()
    )


def _counts(plan: pd.DataFrame, replace_missing: bool, sample: int) -> ImportCounts:
    missing = int(plan["missing"].sum()) if len(plan) else 0
    return ImportCounts(
        added=int(plan["added"].sum()) if len(plan) else 0,
        replaced=int(plan["replaced"].sum()) if len(plan) else 0,
        missing=missing,
        removed=missing if replace_missing else 0,
        kept=0 if replace_missing else missing,
        sample_removed=sample,
    )


def write_import(
    engine: Engine, kind: str, rows: pd.DataFrame, log: dict, replace_missing: bool = False
) -> int:
    """Store ``rows`` of ``kind`` (``"metrics"`` or ``"volunteers"``) in one transaction and
    record the import; returns the import id (see :func:`store_import` for the counts)."""
    return store_import(engine, kind, rows, log, replace_missing)[0]


class RemovalNotConfirmed(RuntimeError):
    """More rows would be removed than the user confirmed (the store changed since the
    check); nothing was written. ``removed`` and ``confirmed`` are row counts."""

    def __init__(self, removed: int, confirmed: int):
        super().__init__(f"{removed} rows to remove, {confirmed} confirmed")
        self.removed = removed
        self.confirmed = confirmed


def store_import(
    engine: Engine,
    kind: str,
    rows: pd.DataFrame,
    log: dict,
    replace_missing: bool = False,
    max_removed: int | None = None,
) -> tuple[int, ImportCounts]:
    """Store ``rows`` of ``kind`` in one transaction, record the import with what it did, and
    return ``(import id, counts)``.

    ``rows`` are ready to store (new unit codes, see :mod:`loaders.metrics.convert`); ``log``
    has ``file_name``, ``sha256``, ``size_bytes``, ``started_at``, ``rows_read``, ``message``
    and ``is_sample``. The stored rows of every unit and period in ``rows`` are replaced.
    Rows of units absent from the file, in a (period, province) it covers, are kept unless
    ``replace_missing`` (a file cut short, or one province's partial list, must never delete
    the other units' data without an explicit choice). A real import also removes the
    sample rows of ``kind``. ``max_removed`` is the removal count the user confirmed: more
    raises :class:`RemovalNotConfirmed`. On any error nothing is changed and the error
    propagates.
    """
    table = TABLES[kind]
    is_sample = bool(log.get("is_sample", False))
    periods = sorted(rows["period"].unique()) if len(rows) else []
    with engine.begin() as conn:
        plan = _plan(conn, kind, rows, is_sample)
        counts = _counts(plan, replace_missing, 0 if is_sample else _count_sample(conn, kind))
        if max_removed is not None and counts.removed > max_removed:
            raise RemovalNotConfirmed(counts.removed, max_removed)
        import_id = conn.execute(
            insert(imports).values(
                kind=kind,
                file_name=log["file_name"][:255],
                sha256=log["sha256"],
                size_bytes=log.get("size_bytes"),
                started_at=log["started_at"],
                outcome="running",
                rows_read=log.get("rows_read"),
                rows_stored=len(rows),
                periods=",".join(periods),
                message=log.get("message", ""),
                message_vi=log.get("message_vi", log.get("message", "")),
                is_sample=is_sample,
                rows_added=counts.added,
                rows_replaced=counts.replaced,
                rows_removed=counts.removed,
                rows_kept=counts.kept,
                imported_by=log.get("imported_by"),
            )
        ).inserted_primary_key[0]
        if not is_sample:
            conn.execute(delete(table).where(table.c.is_sample.is_(True)))
        if replace_missing:
            scope = rows[["period", "province_code"]].drop_duplicates()
            statement = delete(table).where(
                table.c.period == bindparam("p"),
                table.c.province_code.in_(bindparam("provinces", expanding=True)),
            )
            for period, group in scope.groupby("period"):
                conn.execute(statement, {"p": period, "provinces": sorted(group["province_code"])})
        else:
            statement = delete(table).where(
                table.c.period == bindparam("p"),
                table.c.code.in_(bindparam("codes", expanding=True)),
            )
            for period, group in rows.groupby("period"):
                conn.execute(statement, {"p": period, "codes": sorted(set(group["code"]))})
        if len(rows):
            stored = rows.assign(import_id=import_id, is_sample=is_sample)
            integers = METRIC_COUNTS if kind == "metrics" else VOLUNTEER_COUNTS
            _insert_rows(conn, table, stored, [*integers, "import_id"])
        conn.execute(
            update(imports).where(imports.c.id == import_id).values(outcome="ok", finished_at=now())
        )
    return int(import_id), counts


def log_failure(
    engine: Engine, kind: str | None, log: dict, message: str, message_vi: str | None = None
) -> int:
    """Record a failed import (the data tables are not touched); returns its id. ``message``
    says why in English, ``message_vi`` in Vietnamese (the English when not given)."""
    with engine.begin() as conn:
        return int(
            conn.execute(
                insert(imports).values(
                    kind=kind or "unknown",
                    file_name=log["file_name"][:255],
                    sha256=log["sha256"],
                    size_bytes=log.get("size_bytes"),
                    started_at=log["started_at"],
                    finished_at=now(),
                    outcome="failed",
                    rows_read=log.get("rows_read"),
                    rows_stored=0,
                    periods="",
                    message=message[:20_000],
                    message_vi=(message if message_vi is None else message_vi)[:20_000],
                    is_sample=bool(log.get("is_sample", False)),
                    imported_by=log.get("imported_by"),
                )
            ).inserted_primary_key[0]
        )


def delete_sample(engine: Engine) -> None:
    """Remove all generated sample rows (the import log keeps their record)."""
    with engine.begin() as conn:
        for table in TABLES.values():
            conn.execute(delete(table).where(table.c.is_sample.is_(True)))


# ----------------------------------------------------------------------------- reading


def import_log(engine: Engine, limit: int = 200) -> pd.DataFrame:
    """The latest imports, newest first: id, kind, file_name, sha256, size_bytes, started_at,
    finished_at, outcome, rows_read, rows_stored, periods, message (English), message_vi,
    is_sample, the rows added, replaced, removed and kept, and imported_by."""
    query = select(imports).order_by(imports.c.id.desc()).limit(limit)
    with engine.connect() as conn:
        return pd.DataFrame(
            conn.execute(query).mappings().all(), columns=[c.name for c in imports.columns]
        )


def periods(engine: Engine, kind: str = "metrics") -> list[str]:
    """The periods (``YYYY-MM``) that have data of ``kind``, oldest first."""
    table = TABLES[kind]
    with engine.connect() as conn:
        return [
            r[0] for r in conn.execute(select(table.c.period).distinct().order_by(table.c.period))
        ]


def revision(engine: Engine) -> str:
    """Identifies the stored data: the database, its latest successful import and how many
    succeeded ("#" before the first). Every import that stores rows (the sample's too) makes
    a new revision, so whatever is built from the store's content can be cached on it, in
    every process that shares the database (one query on the small import log per check).

    The count matters on PostgreSQL: two imports may commit in the opposite order of their
    ids, and the later commit of the lower id changes no maximum.
    """
    query = select(func.max(imports.c.id), func.count()).where(imports.c.outcome == "ok")
    with engine.connect() as conn:
        latest, n_ok = conn.execute(query).one()
    if not n_ok:
        return f"{engine.url.render_as_string(hide_password=True)}#"
    return f"{engine.url.render_as_string(hide_password=True)}#{latest}.{n_ok}"


def data_status(engine: Engine) -> dict[str, str]:
    """Per kind: ``"empty"``, ``"sample"`` (only generated data: print
    :data:`~loaders.metrics.safety.SAMPLE_LABEL`), ``"real"`` or ``"mixed"``."""
    out = {}
    with engine.connect() as conn:
        for kind, table in TABLES.items():
            rows = conn.execute(
                select(table.c.is_sample, func.count()).group_by(table.c.is_sample)
            ).all()
            flags = {bool(flag) for flag, n in rows if n}
            out[kind] = (
                "empty"
                if not flags
                else "mixed"
                if len(flags) == 2
                else "sample"
                if True in flags
                else "real"
            )
    return out


def load_rows(
    engine: Engine,
    kind: str = "metrics",
    period: str | None = None,
    province_code: str | None = None,
    code: str | None = None,
) -> pd.DataFrame:
    """Stored rows of ``kind``, optionally for one period, province (2 digits) or unit."""
    table = TABLES[kind]
    query = select(table)
    if period is not None:
        query = query.where(table.c.period == period)
    if province_code is not None:
        query = query.where(table.c.province_code == province_code)
    if code is not None:
        query = query.where(table.c.code == code)
    query = query.order_by(table.c.period, table.c.code)
    with engine.connect() as conn:
        # Plain tuples, not row mappings: building 50,000 dicts was most of the time of a
        # country trend (all periods of all units).
        rows = conn.execute(query).all()
    frame = pd.DataFrame.from_records(rows, columns=[c.name for c in table.columns])
    numeric = (METRIC_COUNTS + METRIC_SCORES) if kind == "metrics" else VOLUNTEER_COUNTS
    for column in numeric:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    for column in ("converted", "allocated", "incomplete", "is_sample"):
        if column in frame:
            frame[column] = frame[column].astype(bool)
    return frame


def _level(level: str) -> str:
    """``"unit"`` (alias ``"commune"``, as :mod:`dashboard.core.metrics` says) or ``"province"``."""
    if level in ("unit", "commune"):
        return "unit"
    if level == "province":
        return level
    raise ValueError(f"level must be 'unit' (or 'commune') or 'province', not {level!r}")


def _units() -> pd.DataFrame:
    return new_units()[["code", "name", "full_name", "province_code", "province_name"]]


def metric_table(
    engine: Engine, period: str, level: str = "unit", province_code: str | None = None
) -> pd.DataFrame:
    """Every unit (or province) with its stored and derived metrics for ``period``.

    ``level="unit"``: one row per new unit (3,321, or one province's), units without data
    included with NaN values and ``dossier_status == "missing"``; ``level="province"``: one
    row per province, counts summed over units, rates recomputed, scores weighted by
    dossiers received, ``n_reported`` units with a received count out of ``n_units``.
    Columns include ``is_sample``, ``converted``, ``allocated``, ``incomplete`` and
    ``received_per_1000`` (unverified population).
    """
    level = _level(level)
    rows = load_rows(engine, "metrics", period, province_code)
    units = _units()
    if province_code is not None:
        units = units[units["province_code"] == province_code]
    table = units.merge(rows.drop(columns=["province_code"]), on="code", how="left")
    for column in ("converted", "allocated", "incomplete", "is_sample"):
        table[column] = table[column].astype("boolean").fillna(False).astype(bool)
    population = population_unverified()
    if level == "unit":
        table["population_unverified"] = table["code"].map(population)
        return add_derived(table, population)
    summed = aggregate(table, ["province_code", "province_name"])
    flags = (
        table.groupby(["province_code", "province_name"])[
            ["is_sample", "converted", "allocated", "incomplete"]
        ]
        .any()
        .reset_index()
    )
    summed = summed.merge(flags, on=["province_code", "province_name"])
    summed = summed.rename(columns={"n_rows": "n_units"})
    people = table.groupby("province_code")["code"].apply(
        lambda codes: population.reindex(codes).sum(min_count=1) if len(population) else np.nan
    )
    summed["population_unverified"] = summed["province_code"].map(people)
    out = add_derived(
        summed.rename(columns={"province_code": "code"}),
        summed.set_index("province_code")["population_unverified"],
    )
    return out.rename(columns={"code": "province_code"})


def volunteer_table(engine: Engine, period: str, level: str = "unit") -> pd.DataFrame:
    """Volunteer teams per unit (``level="unit"``) or coverage per province
    (``level="province"``) for ``period``.

    A province with no team rows in the period has no data (NaN), not zero coverage; within a
    province that reported, a unit without a team has ``teams == 0`` (a gap, "vùng trắng").
    """
    level = _level(level)
    rows = load_rows(engine, "volunteers", period)
    units = _units()
    reported = set(rows["province_code"])
    if level == "unit":
        out = _zero_gaps(unit_volunteers(rows, units), reported)
        silent = ~out["province_code"].isin(reported)
        out["teams"] = out["teams"].astype("float64").where(~silent)
        out["has_team"] = out["has_team"].astype("boolean").where(~silent)
        out["volunteer_coverage"] = (out["has_team"].astype("float64") * 100).where(~silent)
        out["is_sample"] = bool(rows["is_sample"].any()) if len(rows) else False
        return out
    out = coverage(rows, units)
    silent = ~out["province_code"].isin(reported)
    value_columns = [
        "units_with_team",
        "coverage",
        "teams",
        "volunteers",
        "people_supported",
        "dossiers_supported",
        "trainees",
        "gaps",
    ]
    out[value_columns] = out[value_columns].astype("float64")
    out.loc[silent, value_columns] = np.nan
    out["is_sample"] = (
        out["province_code"]
        .map(rows.groupby("province_code")["is_sample"].any())
        .fillna(False)
        .astype(bool)
    )
    return out


def metric_values(engine: Engine, metric_key: str, period: str, level: str = "unit") -> pd.Series:
    """The values of ``metric_key`` (see :data:`~loaders.metrics.derive.METRIC_INFO`) for
    ``period``, indexed by unit code (5 digits) or, with ``level="province"``, province code
    (2 digits). Every unit/province is present; NaN means no data (never zero)."""
    level = _level(level)
    info = METRIC_INFO[metric_key]
    if info.source == "volunteers":
        table = volunteer_table(engine, period, level)
        key = "code" if level == "unit" else "province_code"
        column = (
            {"volunteer_coverage": "coverage"}.get(metric_key, metric_key)
            if level == "province"
            else metric_key
        )
        series = table.set_index(key)[column]
    else:
        table = metric_table(engine, period, level)
        key = "code" if level == "unit" else "province_code"
        series = table.set_index(key)[metric_key]
    return series.astype("float64").rename(metric_key)


def metric_coverage(engine: Engine, metric_key: str, period: str) -> pd.DataFrame:
    """How many communes each province's value of ``metric_key`` in ``period`` rests on.

    One row per province of the register (index: 2-digit province code) with ``n_with_data``
    (communes that have every stored input of the metric, see
    :func:`~loaders.metrics.derive.metric_inputs`) and ``n_units`` (communes in the register:
    3,321 over the country). A province aggregate with ``0 < n_with_data < n_units`` must say
    so ("n/N communes with data"). Volunteer metrics: every commune of a province that sent
    team data counts (a commune without a team is a gap, 0, which is data); none of a silent
    province.
    """
    units = _units()
    n_units = units.groupby("province_code")["code"].size()
    info = METRIC_INFO[metric_key]
    if info.source == "volunteers":
        rows = load_rows(engine, "volunteers", period)
        reported = n_units.index.isin(set(rows["province_code"]))
        n_with = pd.Series(np.where(reported, n_units.to_numpy(), 0), index=n_units.index)
    else:
        inputs = list(metric_inputs(metric_key))
        rows = load_rows(engine, "metrics", period)
        rows = rows[rows["code"].isin(set(units["code"]))]
        has = rows[inputs].notna().all(axis=1)
        n_with = rows.loc[has].groupby("province_code")["code"].nunique()
        n_with = n_with.reindex(n_units.index, fill_value=0)
    out = pd.DataFrame({"n_with_data": n_with.astype(int), "n_units": n_units.astype(int)})
    out.index = out.index.astype(str).rename("province_code")
    return out


def trend(
    engine: Engine, metric_key: str, code: str | None = None, province_code: str | None = None
) -> pd.DataFrame:
    """``metric_key`` over all stored periods for one unit (``code``), one province
    (``province_code``) or the whole country (neither): columns ``period``, ``value``,
    ``n_reported`` (units with data) and ``is_sample``. Rates are recomputed from summed
    counts per period, never averaged."""
    info = METRIC_INFO[metric_key]
    kind = info.source
    if kind == "volunteers":
        if code is not None:
            # A commune without a team has no rows of its own: whether it is a gap (0) or has
            # no data depends on whether its province reported, so read the province's rows.
            units = _units()
            found = units.loc[units["code"] == code, "province_code"]
            province_code = str(found.iloc[0]) if len(found) else province_code
        rows = load_rows(engine, kind, province_code=province_code)
        if rows.empty:
            return _empty_trend()
        return _volunteer_trend(rows, metric_key, code, province_code)
    summed = period_sums(
        engine, province_code=province_code, code=code, inputs=metric_inputs(metric_key)
    )
    if summed.empty:
        return _empty_trend()
    flags = summed.set_index("period")["is_sample"]
    derived = add_derived(summed.drop(columns="is_sample").assign(code=None), None)
    if metric_key == "received_per_1000":
        population = population_unverified()
        if code is not None:
            people = population.get(code, np.nan)
        else:
            scope = (
                _units()
                if province_code is None
                else _units()[_units()["province_code"] == province_code]
            )
            people = population.reindex(scope["code"]).sum(min_count=1)
        derived["received_per_1000"] = (
            derived["received"] / people * 1000 if people and people == people else np.nan
        )
    return pd.DataFrame(
        {
            "period": derived["period"],
            "value": derived[metric_key].astype("float64"),
            "n_reported": derived["n_with_data"].astype(int),
            "n_units": _scope_size(code, province_code),
            "is_sample": derived["period"].map(flags).astype(bool),
        }
    )


def _scope_size(code: str | None, province_code: str | None) -> int:
    """Communes in a trend's scope, from the register: 1, a province's or 3,321."""
    if code is not None:
        return 1
    units = _units()
    if province_code is not None:
        return int((units["province_code"] == province_code).sum())
    return len(units)


def _empty_trend() -> pd.DataFrame:
    return pd.DataFrame(
        {"period": [], "value": [], "n_reported": [], "n_units": [], "is_sample": []}
    )


def period_sums(
    engine: Engine,
    province_code: str | None = None,
    code: str | None = None,
    inputs: Iterable[str] = ("received",),
) -> pd.DataFrame:
    """Service metrics per period, aggregated in the database by the rules of
    :func:`~loaders.metrics.derive.aggregate`: counts summed (missing only when no row has
    them), scores weighted by ``received`` (plain mean where no row has a positive
    received count), ``n_rows``, ``n_reported`` (rows with a received count) and
    ``is_sample``. Rates are not added (see :func:`~loaders.metrics.derive.add_derived`).

    A country trend reads 16 sums instead of 50,000 rows (about 30× faster).
    """
    table = service
    received = table.c.received
    columns = [table.c.period]
    columns += [func.sum(table.c[c]).label(c) for c in METRIC_COUNTS]
    for score in METRIC_SCORES:
        value = table.c[score]
        usable = (value.is_not(None)) & (received > 0)
        weight = func.sum(case((usable, received), else_=0))
        weighted = func.sum(case((usable, value * received), else_=0.0))
        columns += [
            weighted.label(f"{score}__num"),
            weight.label(f"{score}__den"),
            func.avg(value).label(f"{score}__mean"),
        ]
    columns += [
        func.count().label("n_rows"),
        func.count(received).label("n_reported"),
        func.sum(case((and_(*(table.c[c].is_not(None) for c in inputs)), 1), else_=0)).label(
            "n_with_data"
        ),
        func.max(case((table.c.is_sample, 1), else_=0)).label("is_sample"),
    ]
    query = select(*columns).group_by(table.c.period).order_by(table.c.period)
    if province_code is not None:
        query = query.where(table.c.province_code == province_code)
    if code is not None:
        query = query.where(table.c.code == code)
    with engine.connect() as conn:
        result = conn.execute(query)
        frame = pd.DataFrame.from_records(result.all(), columns=list(result.keys()))
    for column in METRIC_COUNTS:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    for score in METRIC_SCORES:
        num = pd.to_numeric(frame.pop(f"{score}__num"), errors="coerce").astype("float64")
        den = pd.to_numeric(frame.pop(f"{score}__den"), errors="coerce").astype("float64")
        mean = pd.to_numeric(frame.pop(f"{score}__mean"), errors="coerce").astype("float64")
        frame[score] = (num / den.where(den > 0)).where(den > 0, mean)
    frame["n_rows"] = frame["n_rows"].astype(int)
    frame["n_reported"] = frame["n_reported"].astype(int)
    frame["n_with_data"] = pd.to_numeric(frame["n_with_data"]).fillna(0).astype(int)
    frame["is_sample"] = frame["is_sample"].astype(int).astype(bool)
    return frame


def _zero_gaps(per_unit: pd.DataFrame, reported: set[str]) -> pd.DataFrame:
    """A unit with no team in a province that reported is a gap ("vùng trắng"): zero
    volunteers, people and dossiers supported and trainees, not "no data". Units of a silent
    province keep no data; a team that left a count blank keeps it blank."""
    gap = per_unit["province_code"].isin(reported) & ~per_unit["has_team"].astype(bool)
    for column in VOLUNTEER_COUNTS:
        if column in per_unit:
            per_unit[column] = per_unit[column].astype("float64").mask(gap, 0.0)
    return per_unit


def _volunteer_trend(
    rows: pd.DataFrame, metric_key: str, code: str | None, province_code: str | None
) -> pd.DataFrame:
    units = _units()
    if code is not None:
        units = units[units["code"] == code]
    elif province_code is not None:
        units = units[units["province_code"] == province_code]
    out = []
    for period, group in rows.groupby("period", sort=True):
        reported = set(group["province_code"])
        per_unit = _zero_gaps(unit_volunteers(group, units), reported)
        per_unit = per_unit[per_unit["province_code"].isin(reported)]
        if metric_key == "volunteer_coverage":
            value = 100.0 * per_unit["has_team"].mean() if len(per_unit) else np.nan
        else:
            value = per_unit[metric_key].sum(min_count=1)
        out.append(
            (period, float(value), len(per_unit), len(units), bool(group["is_sample"].any()))
        )
    return pd.DataFrame(out, columns=["period", "value", "n_reported", "n_units", "is_sample"])
