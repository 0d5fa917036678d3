"""Read an uploaded CSV or XLSX into a table of text cells, keeping the file's row numbers.

Every cell is read as text (or None when empty) so that codes keep their leading zeros and the
validator can say "text in a number column" about exactly the cell the user typed. The first
non-empty row is the header; fully empty rows are skipped but numbered.

XLSX files are read by a small streaming parser of the sheet XML (about 4x faster than
openpyxl, which takes ~5 s for 3,321 units x 12 months on this machine). Files it does not
recognise (namespace prefixes, cells without a reference) fall back to openpyxl. Excel date
cells become ISO text (``2025-08-01``); numbers stored in Excel keep Excel's shortest text.
"""

from __future__ import annotations

import codecs
import csv
import html
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree as ET

import numpy as np
import pandas as pd

from loaders.metrics.errors import Problem, UploadRejected
from loaders.metrics.safety import (
    MAX_ROWS,
    MAX_XLSX_UNCOMPRESSED_BYTES,
    check_upload_size,
)

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
#: Sheets with these names are instructions, not data.
_GUIDE_SHEETS = {"huongdan", "guide", "instructions", "readme"}

_CELL = re.compile(
    r'<c r="([A-Z]{1,3})(\d+)"([^>]*?)(?:/>|>'
    r"(?:<f\b[^>]*?(?:/>|>[^<]*</f>))?"
    r"(?:<v>([^<]*)</v>)?"
    r"(?:<is><t(?: [^>]*)?>([^<]*)</t></is>|<is>(.*?)</is>)?"
    r"(?:<extLst>.*?</extLst>)?"
    r"</c>)",
    re.S,
)
_T_ATTR = re.compile(r'\bt="(\w+)"')
_S_ATTR = re.compile(r'\bs="(\d+)"')
_TEXT_RUN = re.compile(r"<t\b[^>]*>(.*?)</t>", re.S)
_PHONETIC = re.compile(r"<rPh\b.*?</rPh>", re.S)
_CHUNK_CHARS = 8 * 1024 * 1024
#: Sheet XML the fast path does not handle (namespace prefixes, cells without a reference,
#: CDATA): such files are read by openpyxl instead.
_PREFIXED = re.compile(r"<\w+:(?:sheetData|row|c)\b")
_BARE_CELL = re.compile(r"<c[>/]|<!\[CDATA\[")


@dataclass
class RawTable:
    """An input file as text cells.

    ``headers`` are as written in the file (position i is column i of ``cells``); ``cells``
    holds one row per non-empty data row, each cell a stripped, non-empty ``str`` or None;
    ``rows`` is each data row's number as the user sees it (spreadsheet row, or CSV record
    number with the header as row 1).
    """

    file_name: str
    headers: list[str]
    cells: pd.DataFrame
    rows: np.ndarray
    header_row: int
    file_format: str
    sheet: str | None = None
    problems: list[Problem] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.cells)


def read_upload(
    source: bytes | str | Path,
    file_name: str | None = None,
    kind: str | None = None,
    max_rows: int = MAX_ROWS,
) -> RawTable:
    """Read an uploaded file (its bytes, or a path) into a :class:`RawTable`.

    The format is taken from the content (an XLSX is a zip), not from the name. Raises
    :class:`~loaders.metrics.errors.UploadRejected` for a file too large for ``kind``, an old
    binary ``.xls``, a damaged XLSX, text that is not UTF-8/UTF-16/Windows-1258, or more than
    ``max_rows`` data rows.
    """
    data, file_name = _load(source, file_name)
    check_upload_size(len(data), file_name, kind)
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data, file_name, max_rows)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UploadRejected(file_name, "old Excel .xls format: save it as .xlsx or CSV")
    if file_name.lower().endswith((".xlsx", ".xlsm")):
        raise UploadRejected(file_name, "not a valid XLSX file (it is not a zip archive)")
    return _read_csv(data, file_name, max_rows)


def _load(source: bytes | str | Path, file_name: str | None) -> tuple[bytes, str]:
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source), file_name or "upload"
    path = Path(source)
    name = file_name or path.name
    try:
        size = path.stat().st_size
    except OSError as error:
        raise UploadRejected(name, f"cannot read the file: {error.strerror}") from error
    check_upload_size(size, name)
    return path.read_bytes(), name


# ---------------------------------------------------------------------------------------- CSV


def decode_text(data: bytes, file_name: str) -> str:
    """Text of a CSV: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1258 (the
    encoding of "CSV" saved by Vietnamese Windows Excel)."""
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise UploadRejected(file_name, "damaged UTF-16 text") from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:  # Windows-1258 writes most tones as combining marks: compose them (NFC)
        return unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError as error:
        raise UploadRejected(
            file_name, "not a CSV in UTF-8 (save it as 'CSV UTF-8') nor an XLSX file"
        ) from error


def sniff_delimiter(text: str) -> str:
    """``,``, ``;`` or tab: whichever occurs most in the first non-empty line."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    first = re.sub(r'"[^"]*"', "", first)  # separators inside quotes do not count
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(data: bytes, file_name: str, max_rows: int) -> RawTable:
    text = decode_text(data, file_name)
    if "\x00" in text:
        raise UploadRejected(file_name, "the file contains NUL bytes: it is not a text CSV")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    headers: list[str] | None = None
    header_row = 0
    records: list[list[str]] = []
    numbers: list[int] = []
    problems: list[Problem] = []
    try:
        for number, record in enumerate(reader, start=1):
            if not any(cell.strip() for cell in record):
                continue
            if headers is None:
                headers, header_row = [c.strip() for c in record], number
                continue
            if len(records) >= max_rows:
                raise UploadRejected(file_name, f"more than {max_rows:,} data rows")
            if len(record) > len(headers) and any(c.strip() for c in record[len(headers) :]):
                problems.append(
                    Problem(
                        file_name,
                        number,
                        None,
                        f"{len(record)} cells but only {len(headers)} headers",
                    )
                )
            cells = [c.strip() or None for c in record[: len(headers)]]
            records.append(cells + [None] * (len(headers) - len(cells)))
            numbers.append(number)
    except csv.Error as error:
        raise UploadRejected(file_name, f"not a readable CSV: {error}") from error
    if headers is None:
        raise UploadRejected(file_name, "the file is empty")
    cells = pd.DataFrame(records, columns=range(len(headers)), dtype=object)
    return RawTable(
        file_name,
        headers,
        cells,
        np.asarray(numbers, dtype=np.int64),
        header_row,
        "csv",
        None,
        problems,
    )


# --------------------------------------------------------------------------------------- XLSX


@dataclass
class _Book:
    zip: zipfile.ZipFile
    sheet_name: str
    sheet_path: str
    shared: np.ndarray
    date_styles: frozenset[int]
    date1904: bool


def _read_xlsx(data: bytes, file_name: str, max_rows: int) -> RawTable:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        book = _open_book(archive, file_name)
        grid, row_numbers = _sheet_fast(book, file_name, max_rows)
    except UploadRejected:
        raise
    except (
        zipfile.BadZipFile,
        KeyError,
        ET.ParseError,
        ValueError,
        EOFError,
        UnicodeDecodeError,
        NotImplementedError,
    ) as error:
        raise UploadRejected(file_name, f"not a readable XLSX file ({error})") from error
    if grid is None:
        grid, row_numbers = _sheet_openpyxl(data, file_name, book.sheet_name, max_rows)
    return _table_from_grid(grid, row_numbers, file_name, book.sheet_name)


def _open_book(archive: zipfile.ZipFile, file_name: str) -> _Book:
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names:
        raise UploadRejected(file_name, "not an Excel workbook (no xl/workbook.xml)")
    workbook = ET.fromstring(_read_part(archive, "xl/workbook.xml", file_name))
    rels = ET.fromstring(_read_part(archive, "xl/_rels/workbook.xml.rels", file_name))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL_NS}Relationship")}
    sheets = [
        (s.get("name", ""), targets.get(s.get(f"{_REL_NS}id"), ""))
        for s in workbook.iter(f"{_NS}sheet")
    ]
    if not sheets:
        raise UploadRejected(file_name, "the workbook has no sheet")
    from loaders.metrics.schemas import header_key

    data_sheets = [s for s in sheets if header_key(s[0]) not in _GUIDE_SHEETS] or sheets
    sheet_name, target = data_sheets[0]
    path = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
    if path not in names:
        raise UploadRejected(file_name, f"sheet {sheet_name!r} is missing from the archive")
    total = sum(
        i.file_size
        for i in archive.infolist()
        if i.filename in {path, "xl/sharedStrings.xml", "xl/styles.xml"}
    )
    if total > MAX_XLSX_UNCOMPRESSED_BYTES:
        raise UploadRejected(
            file_name,
            f"the workbook expands to more than {MAX_XLSX_UNCOMPRESSED_BYTES / 1e6:.0f} MB",
        )
    pr = workbook.find(f"{_NS}workbookPr")
    date1904 = pr is not None and pr.get("date1904", "0").lower() in ("1", "true")
    return _Book(
        archive,
        sheet_name,
        path,
        _shared_strings(archive, names, file_name),
        _date_styles(archive, names, file_name),
        date1904,
    )


def _read_part(archive: zipfile.ZipFile, name: str, file_name: str) -> bytes:
    if archive.getinfo(name).file_size > MAX_XLSX_UNCOMPRESSED_BYTES:
        raise UploadRejected(file_name, f"{name} is too large")
    return archive.read(name)


def _shared_strings(archive: zipfile.ZipFile, names: set[str], file_name: str) -> np.ndarray:
    if "xl/sharedStrings.xml" not in names:
        return np.array([], dtype=object)
    strings: list[str] = []
    root = ET.fromstring(_read_part(archive, "xl/sharedStrings.xml", file_name))
    for item in root.iter(f"{_NS}si"):
        direct = item.find(f"{_NS}t")
        if direct is not None:
            strings.append((direct.text or "").strip())
        else:  # rich text: the runs' text, without phonetic guides
            strings.append(
                "".join(
                    t.text or "" for r in item.iter(f"{_NS}r") for t in r.iter(f"{_NS}t")
                ).strip()
            )
    return np.array(strings, dtype=object)


def _date_styles(archive: zipfile.ZipFile, names: set[str], file_name: str) -> frozenset[int]:
    """Indices of cell styles whose number format shows a date or time."""
    if "xl/styles.xml" not in names:
        return frozenset()
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

    root = ET.fromstring(_read_part(archive, "xl/styles.xml", file_name))
    custom = {
        int(f.get("numFmtId", "0")): f.get("formatCode", "") for f in root.iter(f"{_NS}numFmt")
    }
    xfs = root.find(f"{_NS}cellXfs")
    found = set()
    for index, xf in enumerate(xfs if xfs is not None else []):
        fmt_id = int(xf.get("numFmtId", "0"))
        code = custom.get(fmt_id, BUILTIN_FORMATS.get(fmt_id, "General"))
        if is_date_format(code):
            found.add(index)
    return frozenset(found)


def _sheet_fast(book: _Book, file_name: str, max_rows: int):
    """(grid, row numbers) of the sheet, or (None, None) when the fast path does not apply."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    pieces: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    carry = ""
    first = True  # namespace prefixes show before the first cell
    with book.zip.open(book.sheet_path) as handle:
        while True:
            block = handle.read(_CHUNK_CHARS)
            text = carry + decoder.decode(block, final=not block)
            if block:
                cut = text.rfind("</row>")
                if cut < 0:
                    carry = text
                    continue
                cut += len("</row>")
                text, carry = text[:cut], text[cut:]
            else:
                carry = ""
            if first:  # namespace prefixes (x:c) show up before the first plain cell
                end = text.find("<c ")
                if _PREFIXED.search(text if end < 0 else text[:end]):
                    return None, None
                first = False
            if _BARE_CELL.search(text):  # cells without a reference, CDATA
                return None, None
            matches = _CELL.findall(text)
            if len(matches) != text.count("<c "):
                return None, None
            if matches:
                pieces.append(_decode_cells(matches, book))
                if pieces[-1][0].max() > max_rows + 50 and _too_many(pieces, max_rows):
                    raise UploadRejected(file_name, f"more than {max_rows:,} data rows")
            if not block:
                break
    if not pieces:
        return np.empty((0, 0), dtype=object), np.empty(0, dtype=np.int64)
    rows = np.concatenate([p[0] for p in pieces])
    cols = np.concatenate([p[1] for p in pieces])
    values = np.concatenate([p[2] for p in pieces])
    keep = np.not_equal(values, None)
    rows, cols, values = rows[keep], cols[keep], values[keep]
    row_numbers, row_pos = np.unique(rows, return_inverse=True)
    if len(row_numbers) > max_rows + 1:
        raise UploadRejected(file_name, f"more than {max_rows:,} data rows")
    n_cols = int(cols.max()) + 1 if len(cols) else 0
    if n_cols > 1000:
        raise UploadRejected(file_name, f"{n_cols} columns: not a data table")
    grid = np.full((len(row_numbers), n_cols), None, dtype=object)
    grid[row_pos, cols] = values
    return grid, row_numbers


def _too_many(pieces, max_rows: int) -> bool:
    return len(np.unique(np.concatenate([p[0] for p in pieces]))) > max_rows + 1


def _column_index(letters: str) -> int:
    index = 0
    for char in letters:
        index = index * 26 + (ord(char) - 64)
    return index - 1


def _decode_cells(matches: list[tuple[str, ...]], book: _Book):
    """Vectorised decoding of regex matches into (row, column, text value) arrays."""
    # column-wise with itemgetter: zip(*matches) is several times slower on 200k tuples
    letters, numbers, attrs, values, simple, inline = (
        list(map(itemgetter(k), matches)) for k in range(6)
    )
    col_codes, col_uniques = pd.factorize(pd.Series(letters, dtype=object))
    cols = np.array([_column_index(c) for c in col_uniques], dtype=np.int64)[col_codes]
    row_codes, row_uniques = pd.factorize(pd.Series(numbers, dtype=object))
    rows = np.array([int(r) for r in row_uniques], dtype=np.int64)[row_codes]

    out = np.array(values, dtype=object)
    present = np.fromiter(map(len, values), dtype=np.int64, count=len(values)) > 0
    out[~present] = None
    attr_codes, attr_uniques = pd.factorize(pd.Series(attrs, dtype=object))
    for code, attr in enumerate(attr_uniques):
        kind = (_T_ATTR.search(attr) or [None, "n"])[1]
        style = int((_S_ATTR.search(attr) or [None, "0"])[1])
        where = np.flatnonzero(attr_codes == code)
        if kind == "inlineStr":
            out[where] = [_inline_text(simple[i], inline[i]) for i in where]
            continue
        where = where[present[where]]
        if not len(where) or (kind == "n" and style not in book.date_styles):
            continue
        if kind == "s":
            out[where] = book.shared[out[where].astype(np.int64)]
        elif kind == "b":
            out[where] = np.where(out[where] == "1", "TRUE", "FALSE")
        elif kind in ("str", "e"):  # formula text results, errors
            out[where] = [html.unescape(v).strip() for v in out[where]]
        elif kind == "n":
            out[where] = _serial_to_text(out[where].astype(float), book.date1904)
    return rows, cols, out


def _inline_text(simple: str, rich: str) -> str | None:
    text = (simple or "".join(_TEXT_RUN.findall(_PHONETIC.sub("", rich)))).strip()
    if not text:
        return None
    return html.unescape(text).strip() if "&" in text else text


def _serial_to_text(serial: np.ndarray, date1904: bool) -> np.ndarray:
    """Excel date serials as ISO text; serials outside 1900–9999 stay as number text."""
    origin = "1904-01-01" if date1904 else "1899-12-30"
    out = np.array([f"{v:g}" for v in serial], dtype=object)
    valid = np.isfinite(serial) & (serial >= 0) & (serial < 2_958_465)
    if not valid.any():
        return out
    stamps = pd.to_datetime(serial[valid] * 86_400_000, unit="ms", origin=origin).round("s")
    has_time = (stamps - stamps.normalize()) != pd.Timedelta(0)
    out[valid] = np.where(
        has_time, stamps.strftime("%Y-%m-%d %H:%M:%S"), stamps.strftime("%Y-%m-%d")
    )
    return out


def _sheet_openpyxl(data: bytes, file_name: str, sheet_name: str, max_rows: int):
    """The slow, general path: openpyxl in read-only mode."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book[sheet_name]
        records, numbers = [], []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if not any(v is not None and str(v).strip() for v in values):
                continue
            if len(records) > max_rows:
                raise UploadRejected(file_name, f"more than {max_rows:,} data rows")
            records.append([_openpyxl_text(v) for v in values])
            numbers.append(number)
        book.close()
    except UploadRejected:
        raise
    except Exception as error:  # openpyxl raises many kinds; all mean "unreadable"
        raise UploadRejected(file_name, f"not a readable XLSX file ({error})") from error
    width = max((len(r) for r in records), default=0)
    grid = np.full((len(records), width), None, dtype=object)
    for i, record in enumerate(records):
        grid[i, : len(record)] = record
    return grid, np.asarray(numbers, dtype=np.int64)


def _openpyxl_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.strftime(
            "%Y-%m-%d %H:%M:%S" if value.time().isoformat() != "00:00:00" else "%Y-%m-%d"
        )
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() or None


def _table_from_grid(
    grid: np.ndarray, row_numbers: np.ndarray, file_name: str, sheet: str
) -> RawTable:
    if grid.size:
        grid = grid.copy()
        grid[grid == ""] = None
    non_empty = np.flatnonzero(np.not_equal(grid, None).any(axis=1)) if grid.size else []
    if len(non_empty) == 0:
        raise UploadRejected(file_name, f"sheet {sheet!r} is empty")
    first = non_empty[0]
    header_cells = grid[first]
    last_col = int(np.flatnonzero(np.not_equal(header_cells, None)).max()) + 1
    headers = ["" if h is None else str(h) for h in header_cells[:last_col]]
    body_index = non_empty[non_empty > first]
    body = grid[body_index]
    problems = []
    if body.shape[1] > last_col:
        extra = np.not_equal(body[:, last_col:], None).any(axis=1)
        problems = [
            Problem(
                file_name,
                int(row_numbers[body_index[i]]),
                None,
                "cells to the right of the last header",
            )
            for i in np.flatnonzero(extra)
        ]
    cells = pd.DataFrame(body[:, :last_col], columns=range(last_col), dtype=object)
    return RawTable(
        file_name,
        headers,
        cells,
        row_numbers[body_index].astype(np.int64),
        int(row_numbers[first]),
        "xlsx",
        sheet,
        problems,
    )
