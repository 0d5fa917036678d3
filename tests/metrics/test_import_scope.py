"""Imports limited to an editor's provinces, and who imported in the log."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect

from loaders.metrics import importer, store
from loaders.metrics.errors import ValidationFailed
from loaders.register import new_units
from tests.metrics.conftest import count_rows, metrics_row


def codes(province: str, n: int) -> list[str]:
    units = new_units()
    return list(units.loc[units["province_code"] == province, "code"].head(n))


def mixed_file(files) -> bytes:
    """Rows 2–3 of Cao Bằng (04), row 4 of Tuyên Quang (08), row 5 of Cao Bằng."""
    cao, tuyen = codes("04", 3), codes("08", 1)
    return files.csv([metrics_row(c) for c in [cao[0], cao[1], tuyen[0], cao[2]]])


def test_a_file_with_another_provinces_row_is_refused_whole_naming_it(engine, files):
    data = mixed_file(files)
    with pytest.raises(ValidationFailed) as refused:
        importer.import_file(
            engine, data, "hai_tinh.csv", allowed_provinces={"04"}, imported_by="hoa"
        )
    problems = refused.value.problems
    assert [(p.file, p.row, p.column) for p in problems] == [("hai_tinh.csv", 4, "Mã đơn vị")]
    tuyen = codes("08", 1)[0]
    assert problems[0].text("vi") == (
        f"đơn vị “{tuyen}” thuộc 08 Tỉnh Tuyên Quang, ngoài các tỉnh bạn được nhập "
        "(04 Tỉnh Cao Bằng)"
    )
    assert f"unit '{tuyen}' is in 08 Tỉnh Tuyên Quang" in problems[0].text("en")
    assert count_rows(engine, "metrics") == 0  # nothing stored, not even the Cao Bằng rows
    log = store.import_log(engine)
    assert list(log[["outcome", "imported_by"]].itertuples(index=False, name=None)) == [
        ("failed", "hoa")
    ]
    assert "Tuyên Quang" in log.iloc[0]["message_vi"]


def test_prepare_names_the_rows_before_anything_is_stored(files):
    prepared = importer.prepare(mixed_file(files), "hai_tinh.csv", allowed_provinces=["08"])
    assert [p.row for p in prepared.problems] == [2, 3, 5]
    assert all("04 Tỉnh Cao Bằng" in p.text("vi") for p in prepared.problems)


@pytest.mark.mirror("the GSO lineage")
def test_a_former_unit_is_checked_where_its_data_would_land(files):
    """A pre-2025 code is converted to the 2025 unit(s) it went to: the province checked is
    the one whose rows would be stored."""
    from loaders.lineage import lineage_pairs

    pairs = lineage_pairs()
    old = pairs.loc[pairs["new_code"].isin(codes("04", 60)), "old_code"].iloc[0]
    data = files.csv([metrics_row(old)])
    assert importer.prepare(data, "cu.csv", allowed_provinces={"04"}).problems == []
    refused = importer.prepare(data, "cu.csv", allowed_provinces={"08"}).problems
    assert [p.row for p in refused] == [2] and f"“{old}”" in refused[0].text("vi")


def test_own_provinces_import_and_the_log_says_who(engine, files):
    data = files.csv([metrics_row(c) for c in codes("04", 2)])
    report = importer.import_file(
        engine, data, "cao_bang.csv", allowed_provinces={"04", "08"}, imported_by="hoa"
    )
    assert report.rows_stored == 2
    assert store.import_log(engine).iloc[0]["imported_by"] == "hoa"
    # an admin (every province) may import the mixed file
    importer.import_file(engine, mixed_file(files), "hai_tinh.csv", imported_by="admin")
    assert count_rows(engine, "metrics") == 4


def test_an_older_import_log_gets_the_who_column(tmp_path):
    """A database made before the column: opening it adds ``imported_by``."""
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    old = create_engine(url)
    with old.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TABLE metrics_imports (id INTEGER PRIMARY KEY, kind VARCHAR(16) NOT NULL, "
            "file_name VARCHAR(255) NOT NULL, sha256 VARCHAR(64) NOT NULL, "
            "started_at DATETIME NOT NULL, outcome VARCHAR(16) NOT NULL, "
            "is_sample BOOLEAN NOT NULL)"
        )
    old.dispose()
    try:
        engine = store.get_engine(url)
        assert "imported_by" in {c["name"] for c in inspect(engine).get_columns("metrics_imports")}
    finally:
        store.dispose_engine(url)
