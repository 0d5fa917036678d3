"""Dossier-level exports aggregated into per-unit monthly metrics."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from loaders.metrics.dossiers import aggregate_dossiers
from loaders.metrics.errors import ValidationFailed

HEAD = "Mã hồ sơ,Mã đơn vị,Thủ tục,Ngày tiếp nhận,Hạn giải quyết,Ngày giải quyết,Trực tuyến"
ROWS = [
    "H1,00004,Khai sinh,2025-08-01 08:00:00,2025-08-05,2025-08-05,1",  # on time (same day)
    "H2,00004,Khai sinh,2025-08-02,2025-08-05,2025-08-06,0",  # late
    "H3,00004,Kết hôn,2025-08-03,2025-08-10,,có",  # in progress, online
    "H4,00004,Kết hôn,2025-09-01,,2025-09-02,không",  # resolved, no due date
    "H5,4,Chứng thực,03/08/2025,05/08/2025,04/08/2025,x",  # code as number, d/m/Y
    "H6,01273,Chứng thực,2025-08-15,2025-08-20,2025-08-16,0",
]
TODAY = date(2026, 11, 1)


def csv(lines: list[str], head: str = HEAD) -> bytes:
    return ("\n".join([head, *lines]) + "\n").encode()


def aggregate(data: bytes, **kwargs) -> pd.DataFrame:
    result = aggregate_dossiers(data, "export.csv", today=TODAY, **kwargs)
    return result.frame.set_index(["unit_code", "period"])


def test_counts_per_unit_and_month():
    out = aggregate(csv(ROWS))
    august = out.loc[("00004", "2025-08")]
    assert august[
        [
            "received",
            "received_online",
            "resolved",
            "resolved_on_time",
            "resolved_late",
            "in_progress",
        ]
    ].tolist() == [4, 3, 3, 2, 1, 1]
    assert august["_row"] == 2
    september = out.loc[("00004", "2025-09")]
    assert september[["received", "resolved", "resolved_on_time", "resolved_late"]].tolist() == [
        1,
        1,
        0,
        0,
    ]
    assert out.loc[("01273", "2025-08"), "received"] == 1
    assert out["digitised"].isna().all()  # no such column: missing, not zero


@pytest.mark.parametrize("chunksize", [1, 2, 5])
def test_chunk_size_does_not_change_the_result(chunksize):
    whole = aggregate(csv(ROWS))
    chunked = aggregate(csv(ROWS), chunksize=chunksize)
    pd.testing.assert_frame_equal(whole, chunked)


def test_problems_have_rows_and_columns():
    bad = [
        "H1,00004,x,2025-08-01,2025-08-05,2025-08-04,1",
        "H2,00004,x,not a date,2025-08-05,,1",
        "H3,00004,x,2025-08-10,2025-08-05,,1",
        "H4,00004,x,2025-08-10,2025-08-12,2025-08-09,1",
        "H5,0000x,x,2025-08-10,,,1",
        "H6,00004,x,2025-08-10,,,maybe",
        "H1,00004,x,2025-08-11,,,1",
        "H8,00004,x,2025-06-30,,,1",
    ]
    with pytest.raises(ValidationFailed) as caught:
        aggregate(csv(bad))
    found = [str(p) for p in caught.value.problems]
    assert found == [
        "export.csv, row 3, column 'Ngày tiếp nhận': 'not a date' is not a date "
        "(write it as 2025-08-15)",
        "export.csv, row 4, column 'Hạn giải quyết': due date 2025-08-05 is before the "
        "received date",
        "export.csv, row 5, column 'Ngày giải quyết': resolved date 2025-08-09 is before the "
        "received date",
        "export.csv, row 6, column 'Mã đơn vị': '0000x' is not a unit code (5 digits)",
        "export.csv, row 7, column 'Trực tuyến': 'maybe' is not yes/no (write 1 or 0)",
        "export.csv, row 8, column 'Mã hồ sơ': duplicate dossier id 'H1' (also row 2)",
        "export.csv, row 9, column 'Ngày tiếp nhận': received date 2025-06-30 is outside "
        "2025-07…2026-11",
    ]


def test_date_outside_the_import_period():
    with pytest.raises(ValidationFailed) as caught:
        aggregate(csv(ROWS), period="2025-08")
    rows = [p.row for p in caught.value.problems]
    assert rows == [5]
    assert "outside the import period 2025-08" in caught.value.problems[0].problem


def test_missing_required_column():
    head = "Mã đơn vị,Ngày tiếp nhận"
    with pytest.raises(ValidationFailed, match="column 'Trực tuyến': missing column"):
        aggregate(csv(["00004,2025-08-01"], head))


def test_xlsx_export(files):
    rows = [dict(zip(HEAD.split(","), line.split(","), strict=True)) for line in ROWS]
    data = files.xlsx(rows)
    result = aggregate_dossiers(data, "export.xlsx", today=TODAY).frame
    pd.testing.assert_frame_equal(
        result.set_index(["unit_code", "period"]).drop(columns="_row"),
        aggregate(csv(ROWS)).drop(columns="_row"),
    )
