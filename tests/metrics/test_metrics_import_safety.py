"""Imports that never lose data: truncated and empty files refused, removals only on request,
no silent guesses (formula cells, contradicting names), clean errors for a damaged file or a
database that is locked, lost or full.

Property-based tests (hypothesis) run on a real SQLite file and a real PostgreSQL server
(the ``engine`` fixture of ``conftest.py``). Each example starts from a store holding one
complete province file, so "nothing changed" is checked against real stored rows.
"""

from __future__ import annotations

import io
import sqlite3
import subprocess
import sys
import zipfile

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, event

from loaders.metrics import store
from loaders.metrics.errors import MetricsInputError, UploadRejected, ValidationFailed
from loaders.metrics.importer import ImportFailed, import_file, prepare
from loaders.paths import REPO_ROOT
from loaders.register import new_units

#: Every commune of Cao Bằng (province 04): a real per-province file.
CAO_BANG = sorted(new_units().query("province_code == '04'")["code"])
PERIOD = "2025-08"
EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _frame(codes: list[str], metrics_row) -> pd.DataFrame:
    rows = [
        metrics_row(code, PERIOD, **{"Hồ sơ tiếp nhận": 100 + i}) for i, code in enumerate(codes)
    ]
    return pd.DataFrame(rows)


def _csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8")


def _reset(engine, files, metrics_row, codes=CAO_BANG) -> dict[str, pd.DataFrame]:
    """Empty the store, import the whole province file, return the stored rows."""
    with engine.begin() as conn:
        for table in (*store.TABLES.values(), store.imports):
            conn.execute(delete(table))
    import_file(engine, _csv(_frame(codes, metrics_row)), "full.csv", max_period="2026-10")
    return _stored(engine)


def _stored(engine) -> pd.DataFrame:
    rows = store.load_rows(engine, "metrics")
    return rows.drop(columns=["import_id"]).sort_values("code", ignore_index=True)


# ------------------------------------------------------------------------ truncation


@EXAMPLES
@given(cut=st.floats(min_value=0.0, max_value=1.0, exclude_max=True))
def test_a_csv_cut_anywhere_is_refused_or_removes_nothing(engine, files, metrics_row_factory, cut):
    before = _reset(engine, files, metrics_row_factory)
    data = _csv(_frame(CAO_BANG, metrics_row_factory))
    header_end = data.index(b"\n") + 1
    position = header_end + int(cut * (len(data) - header_end))
    truncated = data[:position]
    try:
        report = import_file(engine, truncated, "cut.csv", max_period="2026-10")
    except MetricsInputError as error:
        after = _stored(engine)
        pd.testing.assert_frame_equal(after, before)  # a refusal changes no stored row
        if truncated.endswith(b"\n"):
            assert "no data rows" in str(error)  # only the header was left
        else:
            assert error.problems[0].row is not None  # the cut row is named
        log = store.import_log(engine)
        assert log.loc[0, "outcome"] == "failed" and log.loc[0, "message"]
        return
    # Accepted only when the cut fell on a record boundary: whole rows, none removed.
    assert truncated.endswith(b"\n")
    kept = len(CAO_BANG) - report.rows_stored
    assert (report.counts.removed, report.counts.kept) == (0, kept)
    after = _stored(engine)
    assert len(after) == len(CAO_BANG)
    missing = sorted(
        set(CAO_BANG) - set(pd.read_csv(io.BytesIO(truncated), dtype=str)["Mã đơn vị"])
    )
    pd.testing.assert_frame_equal(
        after[after["code"].isin(missing)].reset_index(drop=True),
        before[before["code"].isin(missing)].reset_index(drop=True),
    )


@pytest.mark.parametrize(
    ("text", "row"),
    [
        ("Mã đơn vị,Kỳ báo cáo (tháng),Hồ sơ tiếp nhận\n01273,2025-08,1\n01279,2025-08,2", 3),
        ('Mã đơn vị,Kỳ báo cáo (tháng),Hồ sơ tiếp nhận\n01273,2025-08,1\n01279,"2025-08\n', 3),
        ("Mã đơn vị,Kỳ báo cáo (tháng),Hồ sơ tiếp nhận\n01273,2025-08,1\n01279,2025-08\n", 3),
    ],
    ids=["no-final-line-break", "open-quote", "fewer-fields"],
)
def test_each_sign_of_a_cut_names_the_last_row(text, row):
    with pytest.raises(UploadRejected) as caught:
        prepare(text.encode(), "cut.csv", max_period="2026-10")
    assert caught.value.problems[0].row == row
    assert f"row {row}" in str(caught.value)


# ------------------------------------------------------------------------ empty files


def _header_only_xlsx(files) -> bytes:
    return files.xlsx([], columns=["Mã đơn vị", "Kỳ báo cáo (tháng)", "Hồ sơ tiếp nhận"])


@EXAMPLES
@given(
    shape=st.sampled_from(["empty", "blank-lines", "bom", "header", "header-blank", "xlsx"]),
    sep=st.sampled_from([",", ";", "\t"]),
)
def test_empty_and_header_only_files_are_refused(engine, files, metrics_row_factory, shape, sep):
    before = _reset(engine, files, metrics_row_factory)
    header = sep.join(["Mã đơn vị", "Kỳ báo cáo (tháng)", "Hồ sơ tiếp nhận"])
    data = {
        "empty": b"",
        "blank-lines": f"\n{sep}{sep}\n\n".encode(),
        "bom": "\ufeff".encode(),
        "header": f"{header}\n".encode(),
        "header-blank": f"{header}\n{sep}{sep}\n\n".encode(),
        "xlsx": _header_only_xlsx(files),
    }[shape]
    with pytest.raises(UploadRejected, match=r"empty|no data rows"):
        import_file(engine, data, f"empty.{'xlsx' if shape == 'xlsx' else 'csv'}")
    pd.testing.assert_frame_equal(_stored(engine), before)
    assert store.import_log(engine).loc[0, "outcome"] == "failed"


def test_cli_refuses_a_header_only_file(tmp_path):
    path = tmp_path / "header.csv"
    path.write_text("Mã đơn vị,Kỳ báo cáo (tháng),Hồ sơ tiếp nhận\n", encoding="utf-8")
    done = _cli("import", str(path), "--db", f"sqlite:///{tmp_path / 'db.sqlite'}")
    assert done.returncode == 1, done.stderr
    assert "no data rows" in done.stderr and "Traceback" not in done.stderr


# ------------------------------------------------------------------------ formula cells


COUNT_COLUMNS = ["Hồ sơ tiếp nhận", "Hồ sơ đã giải quyết", "Giải quyết đúng hạn", "Đang giải quyết"]


@EXAMPLES
@given(
    row=st.integers(min_value=0, max_value=len(CAO_BANG) - 1),
    column=st.sampled_from(COUNT_COLUMNS),
    formula=st.sampled_from(["=1+1", "=SUM(E2:E3)", '=IF(A2="","",5)']),
)
def test_a_formula_cell_without_a_saved_value_is_refused_naming_the_cell(
    engine, files, metrics_row_factory, row, column, formula
):
    before = _reset(engine, files, metrics_row_factory)
    frame = _frame(CAO_BANG, metrics_row_factory).astype(object)
    frame.loc[row, column] = formula  # openpyxl writes it with no cached value
    with pytest.raises(ValidationFailed) as caught:
        import_file(engine, files.xlsx(frame), "formula.xlsx", max_period="2026-10")
    problem = caught.value.problems[0]
    assert (problem.row, problem.column) == (row + 2, column)  # header is sheet row 1
    assert "formula" in problem.problem
    pd.testing.assert_frame_equal(_stored(engine), before)


def test_a_formula_with_a_cached_value_is_read(files, metrics_row_factory):
    frame = _frame(CAO_BANG[:2], metrics_row_factory)
    data = files.xlsx(frame)
    # Give C2's number a formula beside its cached value, as Excel saves it.
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    start = sheet.index('<c r="E2"')
    end = sheet.index("</c>", start)
    value = sheet[start:end].split("<v>")[1].split("</v>")[0]
    sheet = sheet[:start] + f'<c r="E2" t="n"><f>50+50</f><v>{value}</v>' + sheet[end:]
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    prepared = prepare(buffer.getvalue(), "cached.xlsx", max_period="2026-10")
    assert not prepared.problems and len(prepared.rows) == 2


# ------------------------------------------------------------------------ contradicting names


PROVINCES = sorted(set(new_units()["province_name"]) - {"Cao Bằng"})


@EXAMPLES
@given(
    row=st.integers(min_value=0, max_value=len(CAO_BANG) - 1),
    other=st.sampled_from(PROVINCES),
    with_code=st.booleans(),
    fmt=st.sampled_from(["csv", "xlsx"]),
)
def test_a_province_name_contradicting_the_codes_is_refused_naming_the_cell(
    engine, files, metrics_row_factory, row, other, with_code, fmt
):
    before = _reset(engine, files, metrics_row_factory)
    frame = _frame(CAO_BANG, metrics_row_factory)
    frame["Tỉnh/thành phố"] = "Cao Bằng"
    if with_code:
        frame["Mã tỉnh"] = "04"
    frame.loc[row, "Tỉnh/thành phố"] = other
    data = files.xlsx(frame) if fmt == "xlsx" else _csv(frame)
    with pytest.raises(ValidationFailed) as caught:
        import_file(engine, data, f"names.{fmt}", max_period="2026-10")
    problem = caught.value.problems[0]
    assert (problem.row, problem.column) == (row + 2, "Tỉnh/thành phố")
    pd.testing.assert_frame_equal(_stored(engine), before)


@EXAMPLES
@given(row=st.integers(min_value=0, max_value=len(CAO_BANG) - 1), shift=st.integers(1, 55))
def test_a_unit_name_contradicting_its_code_is_refused(
    engine, files, metrics_row_factory, row, shift
):
    before = _reset(engine, files, metrics_row_factory)
    units = new_units().set_index("code")
    frame = _frame(CAO_BANG, metrics_row_factory)
    frame["Tên đơn vị"] = [units.loc[c, "name"] for c in CAO_BANG]
    other = CAO_BANG[(row + shift) % len(CAO_BANG)]
    frame.loc[row, "Tên đơn vị"] = units.loc[other, "name"]
    with pytest.raises(ValidationFailed) as caught:
        import_file(engine, _csv(frame), "units.csv", max_period="2026-10")
    assert caught.value.problems[0].row == row + 2
    pd.testing.assert_frame_equal(_stored(engine), before)


# ------------------------------------------------------------------------ removals


def test_a_province_file_cut_short_removes_nothing_without_the_explicit_choice(
    engine, files, metrics_row_factory, tmp_path
):
    before = _reset(engine, files, metrics_row_factory)
    short = _csv(_frame(CAO_BANG[:20], metrics_row_factory))  # cut on a record boundary
    prepared = prepare(short, "short.csv", max_period="2026-10")
    from loaders.metrics.importer import plan

    table, _ = plan(engine, prepared)
    assert table[
        ["period", "province_code", "in_file", "added", "replaced", "missing"]
    ].values.tolist() == [[PERIOD, "04", 20, 0, 20, 36]]
    assert table.loc[0, "missing_units"] == CAO_BANG[20:]
    report = import_file(engine, short, "short.csv", max_period="2026-10")
    assert (report.counts.replaced, report.counts.removed, report.counts.kept) == (20, 0, 36)
    pd.testing.assert_frame_equal(_stored(engine), before)  # same values: nothing lost
    assert "36 stored rows of units not in the file kept" in report.summary()
    report = import_file(engine, short, "short.csv", max_period="2026-10", replace_missing=True)
    assert report.counts.removed == 36
    assert sorted(_stored(engine)["code"]) == CAO_BANG[:20]


def test_cli_keeps_missing_units_unless_replace_missing(tmp_path, metrics_row_factory):
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    full, short = tmp_path / "full.csv", tmp_path / "short.csv"
    full.write_bytes(_csv(_frame(CAO_BANG, metrics_row_factory)))
    short.write_bytes(_csv(_frame(CAO_BANG[:10], metrics_row_factory)))
    assert _cli("import", str(full), "--db", db).returncode == 0
    dry = _cli("import", str(short), "--db", db, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "46 rows of units not in the file kept" in dry.stdout and CAO_BANG[10] in dry.stdout
    done = _cli("import", str(short), "--db", db)
    assert done.returncode == 0 and "46 stored rows of units not in the file kept" in done.stdout
    assert len(store.load_rows(store.get_engine(db), "metrics")) == 56
    done = _cli("import", str(short), "--db", db, "--replace-missing")
    assert done.returncode == 0 and "46 removed" in done.stdout
    assert len(store.load_rows(store.get_engine(db), "metrics")) == 10
    store.dispose_engine(db)


# ------------------------------------------------------------------------ clean errors


def damaged_xlsx(files, frame: pd.DataFrame) -> bytes:
    """An XLSX whose sheet's deflate stream is corrupted (zlib.error when read)."""
    data = bytearray(files.xlsx(frame))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 8
    for i in range(start, start + 24):
        data[i] ^= 0x5A
    return bytes(data)


def test_a_damaged_xlsx_is_refused_and_logged(engine, files, metrics_row_factory, tmp_path):
    before = _reset(engine, files, metrics_row_factory)
    data = damaged_xlsx(files, _frame(CAO_BANG, metrics_row_factory))
    with pytest.raises(UploadRejected, match="damaged"):
        import_file(engine, data, "damaged.xlsx")
    pd.testing.assert_frame_equal(_stored(engine), before)
    log = store.import_log(engine)
    assert log.loc[0, "outcome"] == "failed" and "damaged" in log.loc[0, "message"]
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(data)
    done = _cli("import", str(path), "--db", f"sqlite:///{tmp_path / 'x.sqlite'}")
    assert done.returncode == 1 and "damaged" in done.stderr
    assert "Traceback" not in done.stderr


def _short_busy_timeout(engine) -> None:
    """Wait 0.2 s, not 10 s, for a lock (runs after the store's own pragmas)."""

    def pragma(connection, _record):
        cursor = connection.cursor()
        cursor.execute("PRAGMA busy_timeout=200")
        cursor.close()

    event.listen(engine, "connect", pragma)
    engine.dispose()


def test_a_locked_sqlite_database_fails_cleanly(sqlite_engine, files, metrics_row_factory, caplog):
    engine = sqlite_engine
    before = _reset(engine, files, metrics_row_factory)
    _short_busy_timeout(engine)
    holder = sqlite3.connect(engine.url.database, timeout=0)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        with pytest.raises(ImportFailed) as caught:
            import_file(engine, _csv(_frame(CAO_BANG[:5], metrics_row_factory)), "x.csv")
    finally:
        holder.rollback()
        holder.close()
    assert caught.value.reason == "locked"
    assert "INSERT" not in str(caught.value) and "busy" in str(caught.value)
    pd.testing.assert_frame_equal(_stored(engine), before)


def test_a_full_sqlite_database_fails_cleanly_and_is_logged(
    sqlite_engine, files, metrics_row_factory
):
    engine = sqlite_engine
    before = _reset(engine, files, metrics_row_factory)
    with engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar_one()

    def cap(connection, _record):  # the database may not grow: SQLITE_FULL, as on a full disk
        cursor = connection.cursor()
        cursor.execute(f"PRAGMA max_page_count={pages + 2}")
        cursor.close()

    event.listen(engine, "connect", cap)
    engine.dispose()
    many = sorted(new_units()["code"])
    with pytest.raises(ImportFailed) as caught:
        import_file(engine, _csv(_frame(many, metrics_row_factory)), "big.csv")
    assert caught.value.reason == "disk_full"
    pd.testing.assert_frame_equal(_stored(engine), before)


def test_cli_exits_2_when_the_database_is_lost(tmp_path, metrics_row_factory):
    path = tmp_path / "ok.csv"
    path.write_bytes(_csv(_frame(CAO_BANG[:3], metrics_row_factory)))
    done = _cli("import", str(path), "--db", "postgresql://nobody@127.0.0.1:9/none")
    assert done.returncode == 2, done.stderr
    assert "cannot be reached" in done.stderr and "Traceback" not in done.stderr
    gone = tmp_path / "no" / "such" / "dir"
    done = _cli("import", str(path), "--db", f"sqlite:///{gone}/x.sqlite")
    assert done.returncode in (0, 2)  # the store creates its folder; never a traceback
    assert "Traceback" not in done.stderr


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "loaders", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@EXAMPLES
@given(cut=st.floats(min_value=0.0, max_value=1.0, exclude_max=True))
def test_a_dossier_export_cut_anywhere_is_refused_or_whole_rows(engine, cut):
    lines = ["Mã hồ sơ,Mã đơn vị,Ngày tiếp nhận,Trực tuyến"]
    lines += [f"HS{i},{CAO_BANG[i % 5]},2025-08-{1 + i % 28:02d},{i % 2}" for i in range(40)]
    data = ("\n".join(lines) + "\n").encode()
    header_end = data.index(b"\n") + 1
    truncated = data[: header_end + int(cut * (len(data) - header_end))]
    try:
        prepared = prepare(truncated, "hs.csv", kind="dossiers", max_period="2026-10")
    except MetricsInputError as error:
        if not truncated.endswith(b"\n"):
            assert error.problems[0].row is not None
        return
    assert truncated.endswith(b"\n")  # accepted only when cut on a record boundary
    assert prepared.rows_read == truncated.count(b"\n") - 1


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_a_dossier_export_in_any_encoding_is_read_whole_or_refused_when_cut(encoding):
    # The fuzz script found UTF-16 exports refused as "NUL bytes": their text is read now.
    lines = ["Mã hồ sơ,Mã đơn vị,Ngày tiếp nhận,Trực tuyến"]
    lines += [f"HS{i},01273,2025-08-{1 + i % 28:02d},{i % 2}" for i in range(300)]
    text = "\n".join(lines) + "\n"
    prepared = prepare(text.encode(encoding), "hs.csv", kind="dossiers", max_period="2026-10")
    assert prepared.rows_read == 300
    with pytest.raises(UploadRejected) as caught:
        prepare(text[:-4].encode(encoding), "hs.csv", kind="dossiers", max_period="2026-10")
    assert caught.value.problems[0].row == 301
    with pytest.raises(UploadRejected) as caught:
        prepare((text + "HS9,01273\n").encode(encoding), "hs.csv", max_period="2026-10")
    assert caught.value.problems[0].row == 302 and "2 cells but 4 headers" in str(caught.value)
