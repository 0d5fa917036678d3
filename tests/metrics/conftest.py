"""Fixtures of the metrics tests: a REAL throwaway PostgreSQL server, engines over SQLite and
PostgreSQL, and builders of CSV/XLSX files.

The PostgreSQL server is started once per test session: ``initdb`` into a temporary folder
(as the ``postgres`` OS user when the tests run as root, since initdb refuses root), then
``pg_ctl start`` on a free port of 127.0.0.1 with a private socket folder, and stopped and
deleted at the end. The binaries are looked for in ``$VNMAP_PG_BIN``, then
``/usr/lib/postgresql/*/bin``, then ``PATH``; the PostgreSQL variants are skipped, with that
reason, only when they are absent.
"""

from __future__ import annotations

import glob
import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select

from loaders import users
from loaders.metrics import store
from loaders.watchlist import tables as watch_tables
from tests.auth_support import cheap_hashing
from tests.net_support import free_port


def _pg_bin() -> Path | None:
    candidates = [os.environ.get("VNMAP_PG_BIN", "")]
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for folder in candidates:
        if folder and (Path(folder) / "initdb").is_file() and (Path(folder) / "pg_ctl").is_file():
            return Path(folder)
    found = shutil.which("initdb")
    return Path(found).parent if found and shutil.which("pg_ctl") else None


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """The URL of a database on a real PostgreSQL server started for this session."""
    binaries = _pg_bin()
    if binaries is None:
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) not found: set VNMAP_PG_BIN")
    base = Path(tempfile.mkdtemp(prefix="vnmap-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root: use the postgres OS user
        if shutil.which("runuser") is None:
            pytest.skip("running as root without runuser: cannot start PostgreSQL")
        try:
            shutil.chown(base, user="postgres")
        except LookupError:
            shutil.rmtree(base, ignore_errors=True)
            pytest.fail(
                "running as root: initdb needs the 'postgres' OS user, which Debian's "
                "postgresql package creates (scripts/install.sh --dev installs it)"
            )
        prefix = ["runuser", "-u", "postgres", "--"]
    data, log = base / "data", base / "server.log"
    port = free_port()

    def run(*args: str) -> None:
        subprocess.run([*prefix, *args], check=True, capture_output=True, timeout=120)

    try:
        run(
            str(binaries / "initdb"),
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-locale",
        )
        options = (
            f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        run(
            str(binaries / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(log),
            "-w",
            "-t",
            "60",
            "-o",
            options,
            "start",
        )
    except subprocess.CalledProcessError as error:
        shutil.rmtree(base, ignore_errors=True)
        details = (error.stderr or b"").decode(errors="replace")
        pytest.fail(f"could not start PostgreSQL: {details}")
    try:
        import psycopg

        with psycopg.connect(
            f"postgresql://postgres@127.0.0.1:{port}/postgres", autocommit=True
        ) as conn:
            conn.execute("CREATE DATABASE vnmap_test")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/vnmap_test"
    finally:
        store.dispose_engine(f"postgresql+psycopg://postgres@127.0.0.1:{port}/vnmap_test")
        subprocess.run(
            [*prefix, str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
            capture_output=True,
            timeout=120,
            check=False,
        )
        shutil.rmtree(base, ignore_errors=True)


def _fresh(url: str) -> Engine:
    engine = store.get_engine(url)
    # The watchlist's tables (rule settings) too: a PostgreSQL database is shared by tests.
    watch_tables.metadata.drop_all(engine)
    watch_tables.forget(engine)
    store.metadata.drop_all(engine)
    store.metadata.create_all(engine)
    return engine


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty metrics database: a SQLite file, or the session's PostgreSQL database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'metrics.sqlite'}"
    else:
        url = request.getfixturevalue("pg_url")
    yield _fresh(url)
    if request.param == "sqlite":
        store.dispose_engine(url)


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    """An empty SQLite metrics database (for tests that need no PostgreSQL variant)."""
    url = f"sqlite:///{tmp_path / 'metrics.sqlite'}"
    yield _fresh(url)
    store.dispose_engine(url)


def snapshot(engine: Engine) -> dict[str, pd.DataFrame]:
    """Every data table's rows, sorted, for before/after comparisons."""
    out = {}
    for kind in store.TABLES:
        frame = store.load_rows(engine, kind)
        key = ["code", "period", "team_name"] if kind == "volunteers" else ["code", "period"]
        out[kind] = frame.drop(columns=["id"], errors="ignore").sort_values(key, ignore_index=True)
    return out


def count_rows(engine: Engine, kind: str) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(store.TABLES[kind])).scalar_one()


class Files:
    """Builders of upload files from a list of rows (dicts keyed by header)."""

    @staticmethod
    def csv(
        rows: list[dict] | pd.DataFrame,
        sep: str = ",",
        encoding: str = "utf-8-sig",
        columns: list[str] | None = None,
    ) -> bytes:
        frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(rows, columns=columns)
        return frame.to_csv(index=False, sep=sep).encode(encoding)

    @staticmethod
    def xlsx(
        rows: list[dict] | pd.DataFrame,
        columns: list[str] | None = None,
        blank_rows_before: int = 0,
    ) -> bytes:
        from openpyxl import Workbook

        frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(rows, columns=columns)
        book = Workbook()
        sheet = book.active
        sheet.title = "Dữ liệu"
        for _ in range(blank_rows_before):
            sheet.append([])
        sheet.append(list(frame.columns))
        for record in frame.itertuples(index=False, name=None):
            sheet.append([None if (isinstance(v, float) and v != v) else v for v in record])
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()


@pytest.fixture
def files() -> Files:
    """CSV / XLSX builders."""
    return Files()


#: A valid metrics row (Vietnamese template headers) for unit 00004 (Phường Ba Đình, Hà Nội).
def metrics_row(code: str = "00004", period: str = "2025-08", **values: object) -> dict:
    row = {
        "Mã đơn vị": code,
        "Tên đơn vị": None,
        "Tỉnh/thành phố": None,
        "Kỳ báo cáo (tháng)": period,
        "Hồ sơ tiếp nhận": 100,
        "Hồ sơ tiếp nhận trực tuyến": 40,
        "Hồ sơ đã giải quyết": 90,
        "Giải quyết đúng hạn": 85,
        "Giải quyết quá hạn": 5,
        "Đang giải quyết": 10,
        "Trả kết quả tại nhà": 3,
        "Hồ sơ được số hóa": 70,
        "Công khai, minh bạch (/18)": 15.0,
        "Tiến độ, kết quả giải quyết (/20)": 18.0,
        "Số hóa hồ sơ (/22)": 17.5,
        "Cung cấp dịch vụ trực tuyến (/22)": 16.0,
        "Mức độ hài lòng (/18)": 16.5,
        "Tổng điểm (/100)": 83.0,
        "Tỷ lệ hài lòng (%)": 91.5,
    }
    row.update(values)
    return row


@pytest.fixture
def metrics_row_factory():
    """:func:`metrics_row`, as a fixture."""
    return metrics_row


@pytest.fixture
def snap():
    """:func:`snapshot`, as a fixture."""
    return snapshot


@pytest.fixture
def rows_in():
    """:func:`count_rows`, as a fixture."""
    return count_rows


@pytest.fixture
def accounts(engine: Engine, monkeypatch) -> Engine:
    """The metrics database with the account tables emptied (argon2 at its cheapest)."""
    cheap_hashing(monkeypatch)
    users.ensure_tables(engine)
    users.metadata.drop_all(engine)
    users.metadata.create_all(engine)
    return engine
