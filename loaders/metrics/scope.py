"""Which provinces an import may touch: an editor's file with rows of another province is
refused whole, naming each such row (row in the file, unit code, province).

The check is on the rows as they would be stored (2025 units, after former units were
converted), so a former unit whose data would land, in part, in another province counts as
that province's row too. ``allowed=None`` means every province (an admin, the command line).
"""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd

from loaders.messages import msg
from loaders.metrics.errors import Problem
from loaders.metrics.schemas import SCHEMAS
from loaders.register import province_names


def _file_rows(source_rows: object) -> list[int]:
    """``"3, 5"`` → ``[3, 5]``: the file rows a stored row came from."""
    return [int(part) for part in str(source_rows).split(",") if part.strip().isdigit()]


def outside_provinces(
    rows: pd.DataFrame,
    join_rows: pd.DataFrame,
    file_name: str,
    kind: str,
    allowed: Collection[str] | None,
) -> list[Problem]:
    """One problem per file row whose data would be stored in a province not in ``allowed``.

    ``rows`` are the rows to store (``province_code`` and ``source_rows``); ``join_rows`` the
    join doctor's rows (``_row``, ``input_code``, ``input_name``) to name each file row by
    the code (or name) it was written with.
    """
    if allowed is None or rows.empty:
        return []
    allowed = set(allowed)
    outside = rows[~rows["province_code"].isin(allowed)]
    if outside.empty:
        return []
    names = province_names()
    by_row: dict[int, set[str]] = {}
    for provinces, source in zip(outside["province_code"], outside["source_rows"], strict=True):
        for file_row in _file_rows(source):
            by_row.setdefault(file_row, set()).add(provinces)
    written = {}
    for file_row, code, name in zip(
        join_rows["_row"], join_rows["input_code"], join_rows["input_name"], strict=True
    ):
        written.setdefault(int(file_row), _text(code) or _text(name))
    column = SCHEMAS["metrics" if kind == "dossiers" else kind].field("unit_code").vi
    yours = ", ".join(f"{c} {names.get(c, '')}".strip() for c in sorted(allowed)) or "-"
    problems = []
    for file_row in sorted(by_row):
        province = ", ".join(f"{c} {names.get(c, '')}".strip() for c in sorted(by_row[file_row]))
        message = msg(
            "data.other_province",
            code=written.get(file_row, "?"),
            province=province,
            allowed=yours,
        )
        problems.append(Problem.of(file_name, file_row, column, message))
    return problems


def _text(value: object) -> str:
    return "" if value is None or value is pd.NA or value != value else str(value)
