"""Read the GSO's official register tables, strictly: every defect names the file, row and column.

Two CSV files of the General Statistics Office sit in the data directory's ``register/``
folder (see its README):

* ``gso_conversion_2025-07.csv``, the old → new conversion table: one record per (new unit,
  old unit) pair, with how the old unit went in (``Ghi chú``);
* ``gso_communes_2025-01-04.csv``, the commune-level units before the merger, as of
  2025-01-04.

Readers here return the tables as they are, with codes as strings and each record's line
number (1-based, the line the record starts on) in ``row``. They check the shape (columns,
field counts, a record cut short at the end of the file, code formats, known ``Ghi chú``
wordings); resolving the table's codes against the pre-merger list is
:mod:`loaders.official_lineage`'s job.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from loaders.validate import Problem, ValidationFailed

CONVERSION_FILE = "gso_conversion_2025-07.csv"
PRE_MERGER_FILE = "gso_communes_2025-01-04.csv"

#: How an old unit went into a new one, as the conversion table's ``Ghi chú`` says it.
#: Keys are this project's; the labels repeat the table's own terms.
KINDS: dict[str, tuple[str, str]] = {
    "whole": ("nhập toàn bộ", "whole"),
    "part": ("nhập một phần", "part"),
    "part_area": ("nhập một phần diện tích", "part of the area"),
    "part_area_all_population": (
        "nhập một phần diện tích, toàn bộ dân số",
        "part of the area, all of the population",
    ),
    "part_population": ("nhập một phần dân số", "part of the population"),
    "unchanged": ("giữ nguyên", "unchanged"),
    "type_changed": ("đổi loại hình", "type changed"),
    "renamed": ("đổi tên", "renamed"),
}
#: Kinds where only part of the old unit went into this new unit.
PART_KINDS = frozenset({"part", "part_area", "part_area_all_population", "part_population"})

# ``Ghi chú`` wordings → kind. Plain wordings first; the table also writes a few sentences
# that name the units involved, matched by pattern. "Nhâp" is a typing slip in one record.
_PLAIN_NOTES = {
    "nhập toàn bộ": "whole",
    "nhập toàn bộ diện tích": "whole",
    "nhập một phần": "part",
    "nhập một phần diện tích": "part_area",
    "nhâp một phần diện tích": "part_area",
    "nhập một phần diện tích, toàn bộ dân số": "part_area_all_population",
    "nhập một phần dân số": "part_population",
    "giữ nguyên": "unchanged",
    "đổi loại hình": "type_changed",
    "đổi tên": "renamed",
}
_PATTERN_NOTES = [
    # A whole island district, or a whole commune, made a special zone (đặc khu).
    (re.compile(r"^sắp xếp toàn bộ (huyện|xã) .+ thành đặc khu .+$"), "whole"),
    # What is left of a commune after part of it went to another.
    (re.compile(r"^phần còn lại sau khi tách một phần vào .+$"), "part"),
    # A new unit formed from part of one old unit and renamed (and retyped).
    (re.compile(r"^đổi tên(, đổi loại hình)? từ một phần .+$"), "part"),
]

_CONVERSION_COLUMNS = {
    "Tỉnh, thành phố": "province",
    "Tên Xã mới": "new_name",
    "Mã Xã mới": "new_code",
    "Tên Xã cũ": "old_name",
    "Mã Xã cũ": "old_code",
    "Ghi chú": "note",
    "Quận/huyện": "old_district",
    "Tỉnh cũ": "old_province",
}
_PRE_MERGER_COLUMNS = {
    "Tỉnh Thành Phố": "province_name",
    "Mã TP": "province_code",
    "Quận Huyện": "district_name",
    "Mã QH": "district_code",
    "Phường Xã": "name",
    "Mã PX": "code",
    "Cấp": "level",
}
_NAME_AND_CODE = re.compile(r"^(?P<name>.*\S)\s*\((?P<code>\d+)\)$")


class RegisterFileError(ValidationFailed):
    """A register file cannot be used at all (missing, unreadable, wrong header, cut short)."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems, "register")


@dataclass(frozen=True)
class _Records:
    """A CSV file read as text records: the header and ``(line, fields)`` per data record."""

    header: list[str]
    rows: list[tuple[int, list[str]]]


_SPACES = re.compile(r"\s+")


def clean(text: str | None) -> str:
    """NFC text with runs of whitespace (the table has stray newlines) collapsed to a space."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text or "")).strip()


def note_kind(note: str) -> str | None:
    """The kind (a key of :data:`KINDS`) of a ``Ghi chú`` text, or None when unknown."""
    text = clean(note).lower()
    if text in _PLAIN_NOTES:
        return _PLAIN_NOTES[text]
    return next((kind for pattern, kind in _PATTERN_NOTES if pattern.match(text)), None)


def read_conversion(path: Path) -> tuple[pd.DataFrame, list[Problem]]:
    """The conversion table: one row per (new unit, old unit) record, and its problems.

    Columns: ``row`` (line number), ``new_province_code`` (2 digits), ``new_name``,
    ``new_code`` (5 digits), ``old_name``, ``old_code`` (5 digits, or "" where the table
    gives none), ``note`` (the ``Ghi chú`` text, cleaned), ``kind`` (a key of
    :data:`KINDS`), ``old_district_code`` (3 digits), ``old_district_name``,
    ``old_province_code`` (2 digits), ``old_province_name``. Province separator lines (no
    codes at all) are skipped. Raises :class:`RegisterFileError` when the file is unusable.
    """
    records = _read_records(path, header_line=2)
    columns = _column_positions(path, records.header, _CONVERSION_COLUMNS, header_line=2)
    problems: list[Problem] = []
    rows = []
    for line, fields in records.rows:
        record = {key: clean(fields[i]) for key, i in columns.items()}
        if not record["new_code"] and not record["old_code"] and not record["old_name"]:
            continue  # a province separator line ("THÀNH PHỐ HÀ NỘI")
        parsed = _conversion_row(path, line, record, problems)
        if parsed is not None:
            rows.append(parsed)
    frame = pd.DataFrame(rows, columns=_CONVERSION_OUT).astype(
        {c: "string" for c in _CONVERSION_OUT if c != "row"}
    )
    problems += _duplicated_pairs(path, frame)
    return frame, problems


_CONVERSION_OUT = [
    "row",
    "new_province_code",
    "new_name",
    "new_code",
    "old_name",
    "old_code",
    "note",
    "kind",
    "old_district_code",
    "old_district_name",
    "old_province_code",
    "old_province_name",
]


def _conversion_row(path: Path, line: int, record: dict, problems: list[Problem]) -> dict | None:
    found: list[Problem] = []

    def bad(column: str, message: str) -> None:
        found.append(_problem(path, line, column, message, record.get("new_code", "")))

    new_province = _NAME_AND_CODE.match(record["province"])
    district = _NAME_AND_CODE.match(record["old_district"])
    old_province = _NAME_AND_CODE.match(record["old_province"])
    if not re.fullmatch(r"\d{5}", record["new_code"]):
        bad("Mã Xã mới", f"new code {record['new_code']!r} is not 5 digits")
    if record["old_code"] and not re.fullmatch(r"\d{5}", record["old_code"]):
        bad("Mã Xã cũ", f"old code {record['old_code']!r} is not 5 digits")
    if new_province is None or len(new_province["code"]) != 2:
        bad("Tỉnh, thành phố", f"{record['province']!r} is not 'Name (2-digit code)'")
    if district is None or len(district["code"]) != 3:
        bad("Quận/huyện", f"{record['old_district']!r} is not 'Name (3-digit code)'")
    if old_province is None or len(old_province["code"]) != 2:
        bad("Tỉnh cũ", f"{record['old_province']!r} is not 'Name (2-digit code)'")
    kind = note_kind(record["note"])
    if kind is None:
        bad("Ghi chú", f"unknown wording {record['note']!r} of how the old unit went in")
    problems += found
    if found:
        return None
    return {
        "row": line,
        "new_province_code": new_province["code"],
        "new_name": record["new_name"],
        "new_code": record["new_code"],
        "old_name": record["old_name"],
        "old_code": record["old_code"],
        "note": record["note"],
        "kind": kind,
        "old_district_code": district["code"],
        "old_district_name": district["name"],
        "old_province_code": old_province["code"],
        "old_province_name": old_province["name"],
    }


def _duplicated_pairs(path: Path, frame: pd.DataFrame) -> list[Problem]:
    coded = frame[frame.old_code != ""]
    twice = coded[coded.duplicated(["new_code", "old_code"], keep="first")]
    return [
        _problem(
            path,
            int(r.row),
            "Mã Xã cũ",
            f"pair {r.new_code} ← {r.old_code} is listed more than once",
            r.new_code,
        )
        for r in twice.itertuples()
    ]


def read_pre_merger(path: Path) -> tuple[pd.DataFrame, list[Problem]]:
    """The pre-merger list: one row per unit as of 2025-01-04, and its problems.

    Columns: ``row``, ``province_name``, ``province_code`` (2 digits), ``district_name``,
    ``district_code`` (3 digits), ``name``, ``code`` (5 digits; "" for an island district
    with no commune level, whose ``level`` is "Huyện"), ``level`` (Xã, Phường, Thị trấn,
    Huyện). Raises :class:`RegisterFileError` when the file is unusable.
    """
    records = _read_records(path, header_line=1)
    columns = _column_positions(path, records.header, _PRE_MERGER_COLUMNS, header_line=1)
    problems: list[Problem] = []
    rows = []
    for line, fields in records.rows:
        record = {key: clean(fields[i]) for key, i in columns.items()}
        checks = [
            ("Mã TP", record["province_code"], r"\d{2}"),
            ("Mã QH", record["district_code"], r"\d{3}"),
            ("Mã PX", record["code"], r"\d{5}" if record["level"] != "Huyện" else r"(\d{5})?"),
        ]
        faults = [
            _problem(path, line, column, f"{value!r} is not a valid code", record["code"])
            for column, value, pattern in checks
            if not re.fullmatch(pattern, value)
        ]
        problems += faults
        if not faults:
            rows.append({"row": line, **record})
    out = ["row", *_PRE_MERGER_COLUMNS.values()]
    frame = pd.DataFrame(rows, columns=out).astype({c: "string" for c in out if c != "row"})
    coded = frame[frame.code != ""]
    problems += [
        _problem(path, int(r.row), "Mã PX", "code is listed more than once", r.code)
        for r in coded[coded.duplicated("code", keep="first")].itertuples()
    ]
    return frame, problems


def _read_records(path: Path, *, header_line: int) -> _Records:
    """Every CSV record with its starting line; a record cut short is a file error."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise RegisterFileError([_problem(path, None, "", "file not found")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RegisterFileError([_problem(path, None, "", f"cannot read: {exc}")]) from None
    if not text.endswith(("\n", "\r")):
        # A complete CSV ends its last record with a line break; without one the file was
        # cut, possibly in the middle of a code or a name.
        last = text.count("\n") + 1
        raise RegisterFileError(
            [_problem(path, last, "", "file ends in the middle of a record (truncated)")]
        )
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    header: list[str] = []
    start = 1
    try:
        for fields in reader:
            if reader.line_num == header_line:
                header = [clean(f) for f in fields]
            elif reader.line_num > header_line and any(f.strip() for f in fields):
                rows.append((start, fields))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise RegisterFileError([_problem(path, start, "", f"malformed CSV: {exc}")]) from None
    if not header:
        raise RegisterFileError([_problem(path, header_line, "", "no header line")])
    short = [(line, f) for line, f in rows if len(f) < len(header)]
    if short:
        raise RegisterFileError(
            [
                _problem(path, line, "", f"{len(f)} fields where the header has {len(header)}")
                for line, f in short[:20]
            ]
        )
    if not rows:
        raise RegisterFileError([_problem(path, header_line, "", "no records after the header")])
    return _Records(header, rows)


def _column_positions(
    path: Path, header: list[str], wanted: dict[str, str], *, header_line: int
) -> dict[str, int]:
    missing = [name for name in wanted if name not in header]
    if missing:
        raise RegisterFileError(
            [
                _problem(path, header_line, name, "column missing from the header")
                for name in missing
            ]
        )
    return {key: header.index(name) for name, key in wanted.items()}


def _problem(path: Path, line: int | None, column: str, message: str, code: str = "") -> Problem:
    return Problem("register", message, code=code, file=path.name, row=line, column=column)
