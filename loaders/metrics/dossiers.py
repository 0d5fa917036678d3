"""Aggregate a dossier-level export (one row per dossier) into per-unit monthly metrics.

Each dossier counts in the month it was **received** (a cohort), with its status as of the
export: ``received`` (all), ``received_online`` (online = yes), ``resolved`` (has a resolved
date), ``resolved_on_time`` (resolved on or before the due date, compared by day),
``resolved_late`` (after it), ``in_progress`` (no resolved date), ``returned_at_home`` and
``digitised`` (when those optional columns are present; otherwise missing, not zero).
A resolved dossier without a due date is resolved but neither on time nor late.

Checks (each reported with file, row, column): unit code of 1–5 digits, dates that parse
(ISO ``2025-08-15`` with optional time, or ``15/08/2025``), online given as yes/no, a received
date inside the import period (or between July 2025 and the current month), due and resolved
dates not before the received date, resolved dates not in the future, no dossier id twice.

A CSV is read in chunks (``chunksize`` rows) with vectorised parsing, so 1,000,000 rows take
a few seconds and a few hundred MB; see ``bench/bench_metrics.py``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from loaders.messages import Message, msg
from loaders.metrics.errors import MAX_LISTED, Problem, UploadRejected, ValidationFailed
from loaders.metrics.readers import (
    RawTable,
    decode_text,
    iter_xlsx_tables,
    sniff_delimiter,
)
from loaders.metrics.safety import check_upload_size
from loaders.metrics.schemas import DOSSIERS, FIRST_PERIOD, header_key, header_lookup
from loaders.metrics.validation import current_period, parse_bools, parse_dates

#: A dossier export in XLSX may hold up to Excel's own limit of rows (CSV is faster).
XLSX_MAX_ROWS = 1_048_576

#: Problems kept in memory per check before only counting the rest.
_KEEP_PER_CHECK = MAX_LISTED
COUNTS = [
    "received",
    "received_online",
    "resolved",
    "resolved_on_time",
    "resolved_late",
    "in_progress",
    "returned_at_home",
    "digitised",
]


@dataclass
class DossierAggregate:
    """Per (``unit_code``, ``period``) counts from a dossier export; ``_row`` is the first file
    row of each unit and period. ``rows_read`` counts dossiers."""

    frame: pd.DataFrame
    rows_read: int
    columns: dict[str, str]


class _Collector:
    """Problems, capped per kind of problem, with the total counted."""

    def __init__(self, file_name: str):
        self.file_name = file_name
        self.kept: dict[str, list[Problem]] = {}
        self.total = 0

    def add(self, check: str, rows: np.ndarray, column: str, messages) -> None:
        if len(rows) == 0:
            return
        self.total += len(rows)
        kept = self.kept.setdefault(check, [])
        room = _KEEP_PER_CHECK - len(kept)
        for i in range(min(room, len(rows))):
            kept.append(Problem.of(self.file_name, int(rows[i]), column, messages(i)))

    def raise_if_any(self) -> None:
        if self.total:
            problems = sorted(
                (p for ps in self.kept.values() for p in ps),
                key=lambda p: (p.row or 0, p.column or ""),
            )
            raise ValidationFailed(problems, total=self.total)


def aggregate_dossiers(
    source: bytes | str | Path | RawTable,
    file_name: str | None = None,
    period: str | None = None,
    max_period: str | None = None,
    chunksize: int = 100_000,
    today: date | None = None,
) -> DossierAggregate:
    """Read, check and aggregate a dossier export (CSV or XLSX; bytes, a path, or an XLSX
    already read into a :class:`~loaders.metrics.readers.RawTable`).

    ``period`` (``YYYY-MM``) restricts received dates to that month. Raises
    :class:`~loaders.metrics.errors.ValidationFailed` (every problem, the first
    :data:`~loaders.metrics.errors.MAX_LISTED` of each kind listed) or
    :class:`~loaders.metrics.errors.UploadRejected`.
    """
    if isinstance(source, RawTable):
        name = file_name or source.file_name
    else:
        name = file_name or (Path(source).name if isinstance(source, str | Path) else "upload")
    max_period = max_period or current_period(today)
    today = today or date.today()
    problems = _Collector(name)
    parts: list[pd.DataFrame] = []
    ids: list[_Ids] = []
    rows_read = 0
    columns: dict[str, str] = {}
    for chunk, rows, columns in _chunks(source, name, chunksize):
        rows_read += len(chunk)
        part, chunk_ids = _aggregate_chunk(
            chunk, rows, columns, problems, period, max_period, today
        )
        parts.append(part)
        if chunk_ids is not None:
            ids.append(chunk_ids)
    if ids:
        _check_ids(ids, problems, columns)
    problems.raise_if_any()
    if not parts or rows_read == 0:
        raise ValidationFailed([Problem(name, None, None, "data.no_dossier_rows")])
    frame = pd.concat(parts, ignore_index=True)
    summed = frame.groupby(["unit_code", "period"], sort=True).agg(
        {**{c: "sum" for c in COUNTS if c in frame}, "_row": "min"}
    )
    summed = summed.reset_index()
    summed["period"] = [f"{p // 100:04d}-{p % 100:02d}" for p in summed["period"]]
    for column in ("returned_at_home", "digitised"):
        if column not in columns:
            summed[column] = np.nan
    return DossierAggregate(summed, rows_read, columns)


def _chunks(
    source, name: str, chunksize: int
) -> Iterator[tuple[pd.DataFrame, np.ndarray, dict[str, str]]]:
    """(chunk with canonical columns as text, file row numbers, key → header) per chunk."""
    if isinstance(source, RawTable):  # an XLSX already read
        yield from _table_chunks(source)
        return
    if isinstance(source, str | Path):
        path = Path(source)
        check_upload_size(path.stat().st_size, name, "dossiers")
        with open(path, "rb") as handle:
            head = handle.read(4)
        if head == b"PK\x03\x04":
            for table in iter_xlsx_tables(path.read_bytes(), name, max_rows=XLSX_MAX_ROWS):
                yield from _table_chunks(table)
            return
        opener = path.open  # called with "rb" below
        with path.open("rb") as handle:
            sample = handle.read(65536)
    else:
        data = bytes(source)
        check_upload_size(len(data), name, "dossiers")
        if data[:4] == b"PK\x03\x04":  # read and aggregated 100,000 rows at a time
            for table in iter_xlsx_tables(data, name, max_rows=XLSX_MAX_ROWS):
                yield from _table_chunks(table)
            return
        opener = lambda _mode: io.BytesIO(data)  # noqa: E731
        sample = data[:65536]
    yield from _csv_chunks(opener, sample, name, chunksize)


def _csv_chunks(opener, sample: bytes, name: str, chunksize: int):
    if b"\x00" in sample and sample[:2] not in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 has NULs
        raise UploadRejected(name, "data.nul_bytes")
    encoding = _encoding(sample, name)
    text = sample.decode(encoding, errors="ignore")
    lines = text.splitlines()
    skip = next((i for i, line in enumerate(lines) if line.strip()), None)
    if skip is None:
        raise UploadRejected(name, "data.empty_file")
    delimiter = sniff_delimiter(text)
    header_line = next(
        iter(
            pd.read_csv(io.StringIO(lines[skip]), sep=delimiter, header=None, dtype=str).itertuples(
                index=False, name=None
            )
        )
    )
    headers = ["" if h is None or h != h else str(h).strip() for h in header_line]
    positions, columns = _map_headers(headers, name)
    keys = [k for k in positions if k != "procedure"]  # not used by the aggregation
    tail = _tail_problem(opener, encoding, delimiter, len(headers))
    if tail is not None:
        raise UploadRejected(name, tail, row=_last_line_number(opener, encoding))
    try:
        with opener("rb") as handle:
            reader = pd.read_csv(
                handle,
                sep=delimiter,
                header=None,
                skiprows=skip + 1,
                dtype=str,
                usecols=[positions[k] for k in keys],
                keep_default_na=False,
                na_values=[""],
                skip_blank_lines=False,
                encoding=encoding,
                chunksize=chunksize,
                engine="c",
                on_bad_lines="error",
            )
            first_row = skip + 2
            for chunk in reader:
                chunk = chunk.rename(columns={positions[k]: k for k in keys})
                rows = np.arange(first_row, first_row + len(chunk), dtype=np.int64)
                first_row += len(chunk)
                blank = chunk.isna().all(axis=1).to_numpy()
                if blank.any():
                    chunk, rows = chunk[~blank], rows[~blank]
                yield chunk.reset_index(drop=True), rows, columns
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as error:
        raise UploadRejected(name, "data.not_csv", detail=str(error).splitlines()[0]) from error


def _tail_problem(opener, encoding: str, delimiter: str, n_headers: int) -> Message | None:
    """Why the export looks cut short, or None: a file copied or uploaded only in part must
    not be counted as if it were whole. Looks at the last 64 KB only: the text must end
    with a line break, and its last line (when it has no quote, so it is a whole record)
    must have as many cells as the header."""
    with opener("rb") as handle:
        bom = handle.read(2)
        handle.seek(0, io.SEEK_END)
        size = handle.tell()
        start = max(0, size - 65536)
        if encoding == "utf-16":  # read whole code units, in the byte order of the BOM
            start = max(2, start + start % 2)
            encoding = "utf-16-be" if bom == b"\xfe\xff" else "utf-16-le"
        handle.seek(start)
        raw = handle.read()
    text = raw.decode(encoding, errors="ignore")
    stripped = text.rstrip(" \t")
    if stripped and stripped[-1] not in "\r\n":
        return msg("data.cut_no_newline")
    last = next((line for line in reversed(text.splitlines()) if line.strip()), "")
    if '"' not in last:
        cells = next(csv.reader([last], delimiter=delimiter), [])
        if 0 < len(cells) < n_headers:
            return msg("data.cut_short_row", width=len(cells), headers=n_headers)
    return None


def _last_line_number(opener, encoding: str) -> int:
    """The line number of the last non-empty line (a cut file's last row), counted in 1 MB
    blocks (decoded for UTF-16, where a byte 0x0A may belong to another character); a quoted
    cell spanning lines would shift it, which dossier exports do not have."""
    lines = 0
    last = ""
    with opener("rb") as handle:
        bom = handle.read(2)
        handle.seek(0)
        codec = "latin-1"  # every byte one character: counts line feeds of any 8-bit text
        if encoding == "utf-16":
            codec = "utf-16-be" if bom == b"\xfe\xff" else "utf-16-le"
        while block := handle.read(1 << 20):
            last = block.decode(codec, errors="ignore")
            lines += last.count("\n")
    text = last.rstrip(" \t\r")
    trailing = len(text) - len(text.rstrip("\n"))  # empty lines after the last row
    return lines - trailing + 1


def _encoding(sample: bytes, name: str) -> str:
    if sample[:3] == b"\xef\xbb\xbf":
        return "utf-8-sig"
    if sample[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as error:
        if error.start > len(sample) - 4:  # a character cut at the end of the sample
            return "utf-8"
    decode_text(sample, name)  # raises UploadRejected when not Windows-1258 either
    return "cp1258"


def _map_headers(headers: list[str], name: str) -> tuple[dict[str, int], dict[str, str]]:
    lookup = header_lookup("dossiers")
    positions: dict[str, int] = {}
    problems = []
    for index, header in enumerate(headers):
        key = lookup.get(header_key(header))
        if key is None:
            continue
        if key in positions:
            problems.append(Problem(name, 1, header, "data.same_column_twice"))
        positions[key] = index
    for spec in DOSSIERS.fields:
        if spec.required and spec.key not in positions:
            problems.append(Problem(name, None, spec.vi, "data.missing_column"))
    if problems:
        raise ValidationFailed(problems)
    return positions, {k: headers[i] for k, i in positions.items()}


def _table_chunks(raw: RawTable):
    positions, columns = _map_headers(raw.headers, raw.file_name)
    chunk = pd.DataFrame({k: raw.cells[i].astype(object) for k, i in positions.items()})
    yield chunk, raw.rows, columns


def _aggregate_chunk(
    chunk: pd.DataFrame,
    rows: np.ndarray,
    columns: dict[str, str],
    problems: _Collector,
    period: str | None,
    max_period: str,
    today: date,
):
    def col(key: str) -> pd.Series:
        if key not in chunk:
            return pd.Series([None] * len(chunk), dtype=object)
        return chunk[key].str.strip().replace("", None)

    def report(check: str, mask, key: str, message) -> None:
        where = np.flatnonzero(np.asarray(mask, dtype=bool))
        problems.add(
            check,
            rows[where],
            columns.get(key, DOSSIERS.field(key).vi),
            lambda i: message(where[i]),
        )

    code_text = col("unit_code").str.replace(r"\.0+$", "", regex=True)
    good_code = code_text.str.fullmatch(r"\d{1,5}").fillna(False).astype(bool)
    report(
        "code",
        ~good_code,
        "unit_code",
        lambda i: (
            msg("data.empty_unit_code")
            if pd.isna(code_text.iloc[i])
            else msg("data.not_unit_code_5", value=code_text.iloc[i])
        ),
    )
    code = code_text.str.zfill(5)

    dates = {}
    for key in ("received_date", "due_date", "resolved_date"):
        text = col(key)
        parsed = parse_dates(text)
        bad = text.notna() & parsed.isna()
        report(
            f"date:{key}",
            bad,
            key,
            lambda i, t=text: msg("data.not_date", value=t.iloc[i]),
        )
        if key == "received_date":
            report("received_empty", text.isna(), key, lambda i: msg("data.empty_received"))
        dates[key] = parsed
    received, due, resolved = dates["received_date"], dates["due_date"], dates["resolved_date"]
    month = (received.dt.year * 100 + received.dt.month).astype("Int64")
    low = int(FIRST_PERIOD.replace("-", ""))
    high = int((period or max_period).replace("-", ""))
    low = int(period.replace("-", "")) if period else low
    outside = received.notna() & ((month < low) | (month > high)).fillna(False)
    report(
        "period",
        outside,
        "received_date",
        lambda i: (
            msg("data.received_outside_period", day=_day(received.iloc[i]), period=period)
            if period
            else msg(
                "data.received_outside_range",
                day=_day(received.iloc[i]),
                first=FIRST_PERIOD,
                last=max_period,
            )
        ),
    )
    day = lambda s: s.dt.floor("D")  # noqa: E731
    report(
        "due_before",
        (day(due) < day(received)).fillna(False),
        "due_date",
        lambda i: msg("data.due_before_received", day=_day(due.iloc[i])),
    )
    report(
        "resolved_before",
        (day(resolved) < day(received)).fillna(False),
        "resolved_date",
        lambda i: msg("data.resolved_before_received", day=_day(resolved.iloc[i])),
    )
    future = (day(resolved) > pd.Timestamp(today)).fillna(False)
    report(
        "resolved_future",
        future,
        "resolved_date",
        lambda i: msg("data.resolved_in_future", day=_day(resolved.iloc[i])),
    )

    flags = {}
    for key in ("online", "returned_at_home", "digitised"):
        if key not in chunk:
            continue
        text = col(key)
        parsed = parse_bools(text)
        report(
            f"bool:{key}",
            text.notna() & parsed.isna(),
            key,
            lambda i, t=text: msg("data.not_bool", value=t.iloc[i]),
        )
        if key == "online":
            report("online_empty", text.isna(), key, lambda i: msg("data.empty_online"))
        flags[key] = parsed.fillna(False).to_numpy(dtype=bool)

    is_resolved = resolved.notna().to_numpy()
    known_due = due.notna().to_numpy()
    on_time = is_resolved & known_due & (day(resolved) <= day(due)).fillna(False).to_numpy()
    late = is_resolved & known_due & (day(resolved) > day(due)).fillna(False).to_numpy()
    ok = (good_code & received.notna()).to_numpy()
    part = pd.DataFrame(
        {
            "unit_code": code.to_numpy()[ok],
            "period": month.to_numpy()[ok].astype(np.int64),
            "_row": rows[ok],
            "received": 1,
            "received_online": flags["online"][ok],
            "resolved": is_resolved[ok],
            "resolved_on_time": on_time[ok],
            "resolved_late": late[ok],
            "in_progress": ~is_resolved[ok],
        }
    )
    for key in ("returned_at_home", "digitised"):
        if key in flags:
            part[key] = flags[key][ok]
    summed = (
        part.groupby(["unit_code", "period"], sort=False)
        .agg({**{c: "sum" for c in COUNTS if c in part}, "_row": "min"})
        .reset_index()
    )
    ids = None
    if "dossier_id" in chunk:
        text = col("dossier_id").astype("str")  # Arrow-backed: ~12 bytes an id, not ~60
        present = text.notna().to_numpy()
        ids = _Ids(rows[present], text[present].reset_index(drop=True))
    return summed, ids


def _day(stamp: pd.Timestamp) -> str:
    """``YYYY-MM-DD`` of any timestamp (``strftime`` fails outside Python's date range)."""
    return f"{stamp.year:04d}-{stamp.month:02d}-{stamp.day:02d}"


@dataclass
class _Ids:
    """The dossier ids of a chunk: their file rows and their text (Arrow-backed strings, so
    a million ids take about 12 MB rather than 60 MB as Python strings)."""

    rows: np.ndarray
    text: pd.Series

    def hashes(self) -> np.ndarray:
        """A 64-bit hash of each id (equal ids, equal hashes)."""
        return pd.util.hash_pandas_object(self.text, index=False).to_numpy()


def _check_ids(chunks: list[_Ids], problems: _Collector, columns: dict[str, str]) -> None:
    """Report every id seen before, with the row where it was first seen. Ids whose 64-bit
    hashes repeat are the only candidates, compared by their text: exact, and the hash table
    of a million ids takes 16 MB where one of their texts took about 90 MB."""
    hashes = np.concatenate([c.hashes() for c in chunks])
    candidates = np.flatnonzero(pd.Series(hashes).duplicated(keep=False).to_numpy())
    if len(candidates) == 0:
        return
    rows = np.concatenate([c.rows for c in chunks])[candidates]
    texts = pd.concat([c.text for c in chunks], ignore_index=True).iloc[candidates]
    ids = pd.Series(texts.to_numpy(dtype=object), index=rows)
    dup = ids.duplicated(keep="first")
    if not dup.any():
        return
    first = ids[~dup]
    first_row = pd.Series(first.index, index=first.to_numpy())
    repeated = ids[dup]
    problems.add(
        "dossier_id",
        repeated.index.to_numpy(),
        columns.get("dossier_id", "Mã hồ sơ"),
        lambda i: msg(
            "data.duplicate_dossier",
            id=repeated.iloc[i],
            first=str(first_row[repeated.iloc[i]]),
        ),
    )
