"""Check a :class:`~loaders.metrics.readers.RawTable` against its schema, vectorised.

:func:`validate_table` is the whole story: match the headers to the schema, refuse a file that
lacks a required column, parse every column by its kind (see :mod:`loaders.metrics.schemas`),
check values against each other (on-time ≤ resolved, online ≤ received, total = sum of the
groups, periods inside the import period), find duplicate rows, and either return a typed frame
or raise :class:`~loaders.metrics.errors.ValidationFailed` listing every problem with the file
name, row number as seen in the file, column header and what is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
import pandas as pd
from unidecode import unidecode

from loaders.messages import msg
from loaders.metrics.errors import Problem, ValidationFailed
from loaders.metrics.readers import RawTable
from loaders.metrics.schemas import (
    FIRST_PERIOD,
    MAX_COUNT,
    MAX_TEXT,
    METRICS,
    PERIOD_GROUP,
    SCHEMAS,
    SCORE_GROUPS,
    UNIT_IDENTITY,
    Field,
    Schema,
    header_key,
    header_lookup,
)

#: Tolerance, in points, between the 766 total and the sum of its five groups (rounding).
TOTAL_TOLERANCE = 0.15

_TRUE = {"1", "true", "yes", "y", "x", "co", "truc tuyen", "online", "dung", "t"}
_FALSE = {"0", "false", "no", "n", "khong", "truc tiep", "offline", "sai", "f"}


@dataclass
class Checked:
    """A validated file: ``frame`` has one column per schema key (NaN/None where the file has
    no such column or cell) plus ``_row``, the row number in the file. Counts, scores and
    rates are float64 (NaN = missing); codes and names are str or None; periods ``YYYY-MM``."""

    kind: str
    file_name: str
    frame: pd.DataFrame
    columns: dict[str, str]
    ignored: list[str] = field(default_factory=list)
    #: Rows that named a unit and nothing else (a pre-filled template's unfilled rows),
    #: skipped: they are not data.
    unfilled_rows: int = 0

    def header(self, key: str) -> str:
        """The header of ``key`` as written in the file (or the Vietnamese template header)."""
        return self.columns.get(key) or SCHEMAS[self.kind].field(key).vi


def current_period(today: date | None = None) -> str:
    """The current month as ``YYYY-MM``."""
    today = today or date.today()
    return f"{today.year:04d}-{today.month:02d}"


def validate_table(
    raw: RawTable, kind: str, period: str | None = None, max_period: str | None = None
) -> Checked:
    """Validate ``raw`` as schema ``kind`` and return it typed, or raise ``ValidationFailed``.

    ``period`` (``YYYY-MM``), when given, is the import period: a file without a period column
    takes it, and a row with another period is an error. ``max_period`` is the latest month
    accepted (default: the current month).
    """
    schema = SCHEMAS[kind]
    max_period = max_period or current_period()
    columns, problems, ignored = _match_headers(raw, schema)
    problems += _missing_columns(raw, schema, columns, period)
    if problems:
        raise ValidationFailed(sorted(problems, key=_order))

    raw, unfilled = _drop_unfilled(raw, schema, columns)
    checker = _Checker(raw, schema, columns)
    frame = pd.DataFrame({"_row": raw.rows})
    for spec in schema.fields:
        frame[spec.key] = checker.parse(spec)
    frame = frame.reset_index(drop=True)
    checker.check_rows(frame, period, max_period)
    checker.problems += raw.problems
    if checker.problems:
        raise ValidationFailed(sorted(checker.problems, key=_order))
    if period and "period" not in columns:
        frame["period"] = period
    names = {k: raw.headers[i] for k, i in columns.items()}
    return Checked(kind, raw.file_name, frame, names, ignored, unfilled)


def _drop_unfilled(raw: RawTable, schema: Schema, columns: dict[str, int]) -> tuple[RawTable, int]:
    """``raw`` without the rows that name a unit and nothing else, and how many there were.

    A template pre-filled by province has one row per commune; the rows a user did not fill
    are not data (not even "no data": storing them would replace stored values with blanks).
    Only metrics and volunteers files have such rows. A file with no filled row at all is an
    error, raised here so the user learns the template came back empty.
    """
    if schema.kind not in ("metrics", "volunteers"):
        return raw, 0
    values = [i for key, i in columns.items() if key not in UNIT_IDENTITY]
    if not values:
        return raw, 0  # no value column: _missing_columns has said so already
    filled = raw.cells[values].notna().any(axis=1).to_numpy()
    if filled.all():
        return raw, 0
    if not filled.any():
        raise ValidationFailed(
            [
                Problem(
                    raw.file_name,
                    None,
                    None,
                    "data.unfilled_template",
                )
            ]
        )
    kept = replace(
        raw,
        cells=raw.cells[filled].reset_index(drop=True),
        rows=raw.rows[filled],
    )
    return kept, int((~filled).sum())


def _order(problem: Problem) -> tuple[int, str]:
    return (problem.row or 0, problem.column or "")


def _match_headers(raw: RawTable, schema: Schema):
    lookup = header_lookup(schema.kind)
    columns: dict[str, int] = {}
    problems: list[Problem] = []
    ignored: list[str] = []
    for index, header in enumerate(raw.headers):
        if not header.strip():
            if raw.cells[index].notna().any():
                problems.append(
                    Problem(
                        raw.file_name,
                        raw.header_row,
                        f"#{index + 1}",
                        "data.values_without_header",
                    )
                )
            continue
        key = lookup.get(header_key(header))
        if key is None:
            ignored.append(header)
        elif key in columns:
            first = raw.headers[columns[key]]
            problems.append(
                Problem(
                    raw.file_name,
                    raw.header_row,
                    header,
                    "data.same_column_as",
                    {"first": first},
                )
            )
        else:
            columns[key] = index
    return columns, problems, ignored


def _missing_columns(
    raw: RawTable, schema: Schema, columns: dict[str, int], period: str | None
) -> list[Problem]:
    missing: list[object] = [f.vi for f in schema.fields if f.required and f.key not in columns]
    # The groups are the schema's, which the template's guide also reads (one source).
    for group in schema.needs_one_of:
        if set(group) & set(columns) or (group == PERIOD_GROUP and period):
            continue
        if set(group) == set(schema.measures):
            missing.append(msg("data.any_metric_column", example=schema.field(group[0]).vi))
        else:
            missing.append(" / ".join(schema.field(k).vi for k in group))
    # the column of a problem is a header, in the file's words; "any metric column" is
    # said in English there, as the problem's column, for the CLI and the sort order
    return [Problem(raw.file_name, None, str(name), "data.missing_column") for name in missing]


class _Checker:
    """Parses columns and collects problems, keeping the file's row numbers."""

    def __init__(self, raw: RawTable, schema: Schema, columns: dict[str, int]):
        self.raw = raw
        self.schema = schema
        self.columns = columns
        self.problems: list[Problem] = []

    def header(self, key: str) -> str:
        index = self.columns.get(key)
        return self.raw.headers[index] if index is not None else self.schema.field(key).vi

    def report(self, key: str, mask: pd.Series | np.ndarray, message) -> None:
        """Add a problem for every row where ``mask`` holds; ``message(i)`` words it."""
        positions = np.flatnonzero(np.asarray(mask, dtype=bool))
        header = self.header(key)
        for i in positions:
            self.problems.append(
                Problem.of(self.raw.file_name, int(self.raw.rows[i]), header, message(int(i)))
            )

    def text(self, key: str) -> pd.Series:
        """The column's text (stripped by the reader), None where empty; all None when the
        column is absent."""
        index = self.columns.get(key)
        if index is None:
            return pd.Series([None] * len(self.raw), dtype=object)
        return pd.Series(self.raw.cells[index].to_numpy(dtype=object), dtype=object)

    def parse(self, spec: Field) -> pd.Series:
        text = self.text(spec.key)
        parser = getattr(self, f"_parse_{spec.kind}")
        return parser(spec, text)

    # ---- parsers, one per column kind; each returns the typed column -------------------
    def _parse_text(self, spec: Field, text: pd.Series) -> pd.Series:
        present = text.notna()
        if present.any():
            values = text[present].astype(str)
            self.report(
                spec.key,
                present & (text.str.len() > MAX_TEXT),
                lambda i: msg("data.text_too_long", max=MAX_TEXT),
            )
            self.report(
                spec.key,
                present
                & values.reindex(text.index).str.contains("\x00", regex=False).fillna(False),
                lambda i: msg("data.text_nul"),
            )
        return text

    def _parse_code5(self, spec: Field, text: pd.Series) -> pd.Series:
        return self._parse_code(spec, text, 5, "data.not_unit_code")

    def _parse_code2(self, spec: Field, text: pd.Series) -> pd.Series:
        return self._parse_code(spec, text, 2, "data.not_province_code")

    def _parse_code(self, spec: Field, text: pd.Series, width: int, what: str) -> pd.Series:
        present = text.notna()
        out = pd.Series([None] * len(text), dtype=object)
        if not present.any():
            return out
        values = text[present].astype(str).str.replace(r"\.0+$", "", regex=True)
        good = values.str.fullmatch(rf"\d{{1,{width}}}")
        bad = pd.Series(False, index=text.index)
        bad[present] = ~good
        self.report(spec.key, bad, lambda i: msg(what, value=text[i]))
        out[present & ~bad] = values[good].str.zfill(width).astype(object)
        return out

    def _numbers(self, spec: Field, text: pd.Series, cleaned: pd.Series) -> pd.Series:
        """Numeric column from cleaned text; reports text and non-finite values."""
        number = pd.Series(np.nan, index=text.index, dtype="float64")
        present = text.notna()
        if not present.any():
            return number
        parsed = pd.to_numeric(cleaned[present].astype(object), errors="coerce")
        parsed = pd.Series(parsed, index=cleaned.index[present]).astype("float64")
        number[present] = parsed
        text_bad = present & number.isna()
        self.report(spec.key, text_bad, lambda i: msg("data.text_in_number", value=text[i]))
        infinite = present & ~text_bad & ~np.isfinite(number.fillna(0))
        self.report(spec.key, infinite, lambda i: msg("data.not_finite", value=text[i]))
        number[infinite] = np.nan
        return number

    def _parse_count(self, spec: Field, text: pd.Series) -> pd.Series:
        cleaned = text.copy()
        special = np.flatnonzero([isinstance(v, str) and not v.isdigit() for v in text.to_numpy()])
        if len(special):  # separators: 1.234 / 1,234 / 1 234 thousands, 12,5 decimal comma
            values = text.iloc[special].astype(str)
            grouped = values.str.fullmatch(r"\d{1,3}(?:([.,\u00a0 ])\d{3})(?:\1\d{3})*")
            decimal = values.str.fullmatch(r"-?\d+,\d{1,2}")
            fixed = values.where(~grouped, values.str.replace(r"[.,\u00a0 ]", "", regex=True))
            fixed = fixed.where(~decimal, values.str.replace(",", ".", regex=False))
            cleaned.iloc[special] = fixed.astype(object).to_numpy()
        number = self._numbers(spec, text, cleaned)
        self.report(spec.key, number < 0, lambda i: msg("data.negative_count", value=text[i]))
        self.report(
            spec.key,
            (number >= 0) & (number % 1 != 0),
            lambda i: msg("data.count_not_whole", value=text[i]),
        )
        self.report(
            spec.key,
            number > MAX_COUNT,
            lambda i: msg("data.count_too_large", value=text[i], max=MAX_COUNT),
        )
        return number.where((number >= 0) & (number % 1 == 0) & (number <= MAX_COUNT))

    def _parse_score(self, spec: Field, text: pd.Series) -> pd.Series:
        cleaned = text.copy()
        special = np.flatnonzero(
            [isinstance(v, str) and ("," in v or "%" in v) for v in text.to_numpy()]
        )
        if len(special):  # 95,5 (decimal comma) and 95% are accepted
            values = text.iloc[special].astype(str).str.replace(r"\s*%$", "", regex=True)
            comma = values.str.fullmatch(r"-?\d+,\d+")
            fixed = values.where(~comma, values.str.replace(",", ".", regex=False))
            cleaned.iloc[special] = fixed.astype(object).to_numpy()
        number = self._numbers(spec, text, cleaned)
        self.report(spec.key, number < 0, lambda i: msg("data.negative_value", value=text[i]))
        top = spec.maximum if spec.maximum is not None else np.inf
        self.report(
            spec.key,
            number > top,
            lambda i: msg("data.above_maximum", value=text[i], max=float(top)),
        )
        return number.where((number >= 0) & (number <= top))

    _parse_percent = _parse_score

    def _parse_period(self, spec: Field, text: pd.Series) -> pd.Series:
        periods = parse_periods(text)
        self.report(
            spec.key,
            text.notna() & periods.isna(),
            lambda i: msg("data.not_month", value=text[i]),
        )
        return periods

    def _parse_date(self, spec: Field, text: pd.Series) -> pd.Series:
        dates = parse_dates(text)
        self.report(
            spec.key,
            text.notna() & dates.isna(),
            lambda i: msg("data.not_date", value=text[i]),
        )
        return dates

    def _parse_bool(self, spec: Field, text: pd.Series) -> pd.Series:
        flags = parse_bools(text)
        self.report(
            spec.key,
            text.notna() & flags.isna(),
            lambda i: msg("data.not_bool", value=text[i]),
        )
        return flags

    # ---- checks across columns and rows ------------------------------------------------
    def check_rows(self, frame: pd.DataFrame, period: str | None, max_period: str) -> None:
        kind = self.schema.kind
        if kind in ("metrics", "volunteers"):
            self._check_units(frame)
            self._check_periods(frame, period, max_period)
        if kind == "metrics":
            self._check_metrics(frame)
        if kind == "volunteers":
            empty = frame["team_name"].isna()
            self.report("team_name", empty, lambda i: msg("data.empty_team"))
        self._check_duplicates(frame)

    def _check_units(self, frame: pd.DataFrame) -> None:
        nothing = frame["unit_code"].isna() & frame["unit_name"].isna()
        key = "unit_code" if "unit_code" in self.columns else "unit_name"
        already = {p.row for p in self.problems}
        nothing &= ~frame["_row"].isin(already)  # a bad code is already reported
        self.report(key, nothing, lambda i: msg("data.no_unit"))

    def _check_periods(self, frame: pd.DataFrame, period: str | None, max_period: str) -> None:
        if "period" not in self.columns:
            return
        values = frame["period"]
        self.report("period", self.text("period").isna(), lambda i: msg("data.empty_period"))
        self.report(
            "period",
            values.notna() & (values < FIRST_PERIOD),
            lambda i: msg("data.period_before_merger", period=values[i]),
        )
        self.report(
            "period",
            values.notna() & (values > max_period),
            lambda i: msg("data.period_after_now", period=values[i], current=max_period),
        )
        if period:
            self.report(
                "period",
                values.notna() & (values != period),
                lambda i: msg("data.period_outside", period=values[i], wanted=period),
            )

    def _check_metrics(self, f: pd.DataFrame) -> None:
        def over(a: str, b: pd.Series | str, a_label: str, b_label: str) -> None:
            right = f[b] if isinstance(b, str) else b
            self.report(
                a,
                f[a] > right,
                lambda i: _greater(a_label, f[a][i], b_label, right[i]),
            )

        over("received_online", "received", "received_online", "received")
        over("digitised", "received", "digitised", "received")
        over("resolved_on_time", "resolved", "on_time", "resolved")
        both = f["resolved_on_time"] + f["resolved_late"]
        over_late = (both > f["resolved"]) & ~(f["resolved_on_time"] > f["resolved"])
        self.report(
            "resolved_late",
            over_late,
            lambda i: _greater("on_time_late", both[i], "resolved", f["resolved"][i]),
        )
        done = f["resolved"].fillna(both)
        over("returned_at_home", done, "returned_at_home", "resolved")
        groups = f[SCORE_GROUPS]
        total = groups.sum(axis=1, min_count=len(SCORE_GROUPS))
        off = (f["score_total"] - total).abs() > TOTAL_TOLERANCE
        self.report(
            "score_total",
            off,
            lambda i: msg(
                "data.total_not_sum", total=_fmt(f["score_total"][i]), sum=_fmt(total[i])
            ),
        )

    def _check_duplicates(self, frame: pd.DataFrame) -> None:
        kind = self.schema.kind
        if kind == "dossiers":
            if "dossier_id" not in self.columns:
                return
            key = frame["dossier_id"]
            valid = key.notna()
            key_column = "dossier_id"
        else:
            unit = frame["unit_code"].astype(object)
            named = unit.isna()
            if named.any():  # normalise names only where there is no code
                province = frame.loc[named, "province_code"].fillna(
                    frame.loc[named, "province_name"].map(normalise_text, na_action="ignore")
                )
                name = frame.loc[named, "unit_name"].map(normalise_text, na_action="ignore")
                unit[named] = "name:" + province.fillna("") + "|" + name.fillna("")
            key = unit + "|" + frame["period"].fillna("")
            if kind == "volunteers":
                key = (
                    key
                    + "|"
                    + frame["team_name"].map(normalise_text, na_action="ignore").fillna("")
                )
            valid = frame["unit_code"].notna() | frame["unit_name"].notna()
            key_column = "unit_code" if "unit_code" in self.columns else "unit_name"
        dup = key.duplicated(keep="first") & valid
        if not dup.any():
            return
        first_row = pd.Series(frame["_row"].to_numpy(), index=key).groupby(level=0).first()
        content = frame.drop(columns="_row").astype(object)
        identical = pd.util.hash_pandas_object(content, index=False).duplicated(keep="first")
        self.report(
            key_column,
            dup & identical,
            lambda i: msg("data.duplicate_row", first=str(first_row[key[i]])),
        )
        self.report(
            key_column,
            dup & ~identical,
            lambda i: (
                msg("data.duplicate_unit_period", first=str(first_row[key[i]]))
                if kind != "dossiers"
                else msg("data.duplicate_dossier", id=key[i], first=str(first_row[key[i]]))
            ),
        )


def _fmt(value: float) -> float | str:
    """A value for a message: the number (written in the message's language), "?" if
    missing."""
    return float(value) if value == value else "?"


def _greater(a_label: str, a: float, b_label: str, b: float):
    """The message "a (value) greater than b (value)"."""
    return msg(
        "data.greater_than",
        a_label=msg(f"data.label_{a_label}"),
        a=_fmt(a),
        b_label=msg(f"data.label_{b_label}"),
        b=_fmt(b),
    )


def normalise_text(value: str) -> str:
    """Lower case, no diacritics, single spaces: for comparing names."""
    return re.sub(r"\s+", " ", unidecode(str(value)).lower()).strip()


_PERIOD_PATTERNS = (
    # 2025-08, 2025/8, 2025-08-15, 2025-08-01 00:00:00
    (re.compile(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})(?:[-/.]\d{1,2})?(?:[ T][\d:.]+)?$"), None),
    # 08/2025, 8-2025, Tháng 8/2025, T8/2025, thang 08.2025
    (re.compile(r"^(?:thang|t)?\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<y>\d{4})$"), None),
    # 15/08/2025 (day first)
    (re.compile(r"^\d{1,2}[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})(?: [\d:.]+)?$"), None),
)


def parse_periods(text: pd.Series) -> pd.Series:
    """``YYYY-MM`` for each cell that names a month, else None (vectorised over uniques)."""
    out = pd.Series([None] * len(text), index=text.index, dtype=object)
    present = text.notna()
    if not present.any():
        return out
    uniques = pd.unique(text[present].astype(str))
    mapping = {u: _one_period(u) for u in uniques}
    out[present] = text[present].astype(str).map(mapping).astype(object)
    return out.where(out.notna(), None)


def _one_period(value: str) -> str | None:
    reduced = unidecode(value).strip().lower()
    for pattern, _ in _PERIOD_PATTERNS:
        match = pattern.match(reduced)
        if match:
            month = int(match["m"])
            if 1 <= month <= 12:
                return f"{int(match['y']):04d}-{month:02d}"
            return None
    return None


def parse_dates(text: pd.Series) -> pd.Series:
    """Dates from ISO text (``2025-08-15``, time allowed) or day-first ``15/08/2025``; NaT
    where the text is not a date. Vectorised."""
    values = text.astype(object).where(text.notna(), None)
    dates = pd.to_datetime(values, format="ISO8601", errors="coerce")
    todo = values.notna() & dates.isna()
    if todo.any():
        rest = values[todo].astype(str)
        for fmt in ("%d/%m/%Y", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d-%m-%Y"):
            parsed = pd.to_datetime(rest, format=fmt, errors="coerce")
            dates[todo] = dates[todo].fillna(parsed)
            todo = values.notna() & dates.isna()
            if not todo.any():
                break
            rest = values[todo].astype(str)
    return pd.Series(dates, index=text.index).astype("datetime64[us]")


def parse_bools(text: pd.Series) -> pd.Series:
    """True/False for yes/no text (1/0, có/không, x, true/false, trực tuyến/trực tiếp), NA
    where the text is neither or empty. Vectorised over the distinct values."""
    present = text.notna()
    out = pd.Series(pd.NA, index=text.index, dtype="boolean")
    if not present.any():
        return out
    uniques = pd.unique(text[present].astype(str))
    mapping = {}
    for value in uniques:
        reduced = re.sub(r"\s+", " ", unidecode(value).strip().lower())
        reduced = reduced[:-2] if reduced.endswith(".0") else reduced
        mapping[value] = True if reduced in _TRUE else False if reduced in _FALSE else None
    out[present] = text[present].astype(str).map(mapping).astype("boolean")
    return out


__all__ = [
    "METRICS",
    "Checked",
    "current_period",
    "parse_bools",
    "parse_dates",
    "parse_periods",
    "validate_table",
]
