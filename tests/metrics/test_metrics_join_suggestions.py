"""An unknown unit code: the join doctor suggests the nearest names of the row's province.

Needs only the register (``vietnamadminunits``) and the lineage of the data directory (the
mirror's or the test fixture's), as the other join tests do.
"""

from __future__ import annotations

import re

import pandas as pd

from loaders.metrics.importer import prepare
from loaders.metrics.join import NEAREST_SUGGESTIONS, join_units, nearest_names
from loaders.register import legacy_units, new_units

#: A 5-digit code that is no unit, before or after the merger (between Cao Bằng's codes).
UNKNOWN = "01274"


def _join(rows: list[dict]) -> pd.DataFrame:
    return join_units(pd.DataFrame(rows)).rows


def _suggested(note: str) -> list[str]:
    """The codes listed after "nearest names in …:" in a note."""
    tail = note.split("nearest names in ", 1)[1]
    return re.findall(r"\b(\d{5}) ", tail)


def test_the_code_is_unknown_everywhere():
    assert UNKNOWN not in set(new_units().code) | set(legacy_units().code)


def test_unknown_code_with_name_and_province_lists_three_nearest_names():
    rows = _join([{"unit_code": UNKNOWN, "unit_name": "Nung Tri", "province_code": "04"}])
    row = rows.iloc[0]
    assert row["status"] != "matched"
    assert f"unknown code {UNKNOWN}" in row["note"]
    assert "nearest names in Cao Bằng: 01279 Phường Nùng Trí Cao" in row["note"]
    codes = _suggested(row["note"])
    assert len(codes) == NEAREST_SUGGESTIONS == 3
    cao_bang = set(new_units().query("province_code == '04'").code)
    assert set(codes) <= cao_bang


def test_suggestions_also_for_a_name_nothing_resembles():
    rows = _join([{"unit_code": UNKNOWN, "unit_name": "Zzqx", "province_name": "Cao Bằng"}])
    row = rows.iloc[0]
    assert row["status"] == "unmatched"
    assert len(_suggested(row["note"])) == 3


def test_nearest_names_are_ranked_and_keyed_by_code():
    found = nearest_names("Xa Nung Tri Cao", "04")
    assert found[0][:2] == ("01279", "Phường Nùng Trí Cao")
    scores = [score for _, _, score in found]
    assert scores == sorted(scores, reverse=True) and len(found) == 3
    assert nearest_names("Nung Tri Cao", "99") == []


def test_no_suggestions_without_a_province_or_when_the_name_settles_it():
    no_province = _join([{"unit_code": UNKNOWN, "unit_name": "Nung Tri"}]).iloc[0]
    assert "nearest names" not in no_province["note"]
    settled = _join([{"unit_code": UNKNOWN, "unit_name": "Thục Phán", "province_code": "04"}])
    assert settled.iloc[0]["status"] == "matched" and settled.iloc[0]["code"] == "01273"
    assert "nearest names" not in settled.iloc[0]["note"]


def test_import_problem_names_the_suggestions():
    text = (
        "\ufeffMã đơn vị,Tên đơn vị,Mã tỉnh,Kỳ báo cáo (tháng),Hồ sơ tiếp nhận\r\n"
        f"{UNKNOWN},Nung Tri,04,2025-08,10\r\n"
    )
    prepared = prepare(text.encode("utf-8"), "loi_ma.csv", max_period="2026-10")
    [problem] = prepared.problems
    assert problem.row == 2 and problem.column == "Mã đơn vị"
    assert "nearest names in Cao Bằng: 01279 Phường Nùng Trí Cao" in str(problem)
