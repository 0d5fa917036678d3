"""Read an uploaded CSV or XLSX into a table of text cells, keeping the file's row numbers.

Every cell is read as text (or None when empty) so that codes keep their leading zeros and the
validator can say "text in a number column" about exactly the cell the user typed. The first
non-empty row is the header; fully empty rows are skipped but numbered.

XLSX files are read with ``python-calamine`` (Rust's calamine: about 2.5× faster than the
project's former XML parser and 5× faster than openpyxl for 3,321 units × 12 months); a file
it cannot read falls back to openpyxl, whose answer (a table or a clear error) is final. Cell
values become text the way openpyxl's would: Excel dates as ISO text (``2025-08-01``), whole
numbers without ``.0``, booleans as TRUE / FALSE.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from pyexpat import ExpatError
from xml.etree import ElementTree as ET

import numpy as np
import pandas as pd

from loaders.messages import Message, msg
from loaders.metrics import xlsx_stream
from loaders.metrics.errors import Problem, UploadRejected, ValidationFailed
from loaders.metrics.safety import (
    MAX_CELL_BYTES,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_XLSX_UNCOMPRESSED_BYTES,
    check_upload_size,
)

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
#: Sheets with these names are instructions, not data.
_GUIDE_SHEETS = {"huongdan", "guide", "instructions", "readme"}


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
    max_cells: int | None = MAX_CELLS,
) -> RawTable:
    """Read an uploaded file (its bytes, or a path) into a :class:`RawTable`.

    The format is taken from the content (an XLSX is a zip), not from the name. Raises
    :class:`~loaders.metrics.errors.UploadRejected` for a file too large for ``kind``, an old
    binary ``.xls``, a damaged XLSX, text that is not UTF-8/UTF-16/Windows-1258, or more than
    ``max_rows`` data rows, or an XLSX of more than ``max_cells`` cells (None: no limit, for
    dossier exports); an XLSX is refused while its sheet is streamed, before it is parsed.
    """
    data, file_name = _load(source, file_name)
    check_upload_size(len(data), file_name, kind)
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data, file_name, max_rows, max_cells)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UploadRejected(file_name, "data.old_xls")
    if file_name.lower().endswith((".xlsx", ".xlsm")):
        raise UploadRejected(file_name, "data.not_zip")
    return _read_csv(data, file_name, max_rows)


def _load(source: bytes | str | Path, file_name: str | None) -> tuple[bytes, str]:
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source), file_name or "upload"
    path = Path(source)
    name = file_name or path.name
    try:
        size = path.stat().st_size
    except OSError as error:
        raise UploadRejected(name, "data.cannot_read", detail=error.strerror) from error
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
            raise UploadRejected(file_name, "data.bad_utf16") from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:  # Windows-1258 writes most tones as combining marks: compose them (NFC)
        return unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError as error:
        raise UploadRejected(file_name, "data.not_utf8") from error


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
        raise UploadRejected(file_name, "data.nul_bytes")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    headers: list[str] | None = None
    header_row = 0
    records: list[list[str]] = []
    numbers: list[int] = []
    problems: list[Problem] = []
    previous_line = last_start = 0  # physical line where the last non-empty record began
    try:
        for number, record in enumerate(reader, start=1):
            started, previous_line = previous_line, reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            last_start = started
            if headers is None:
                headers, header_row = [c.strip() for c in record], number
                continue
            if len(records) >= max_rows:
                raise UploadRejected(file_name, "data.too_many_rows", max=max_rows)
            if len(record) > len(headers) and any(c.strip() for c in record[len(headers) :]):
                problems.append(
                    Problem(
                        file_name,
                        number,
                        None,
                        "data.extra_cells",
                        {"cells": len(record), "headers": len(headers)},
                    )
                )
            cells = [c.strip() or None for c in record[: len(headers)]]
            records.append(cells + [None] * (len(headers) - len(cells)))
            numbers.append(number)
    except csv.Error as error:
        raise UploadRejected(file_name, "data.not_csv", detail=str(error)) from error
    if headers is None:
        raise UploadRejected(file_name, "data.empty_file")
    if not records:
        raise UploadRejected(file_name, "data.header_only")
    _check_csv_end(text, reader.dialect.delimiter, last_start, numbers[-1], headers, file_name)
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


def _check_csv_end(
    text: str, delimiter: str, start: int, last: int, headers: list[str], file_name: str
) -> None:
    """Refuse a CSV whose last record looks cut short: a file copied or uploaded only in
    part must never be stored as if it were whole (its last value cut, its missing cells
    stored as blanks).

    Three signs, each naming the last row: the text does not end with a line break (every
    spreadsheet program ends its CSV with one); the last record ends inside an open quoted
    field (the csv module, not strict, silently closes it at the end of the data); the last
    record has fewer cells than the header. ``start`` is the index of the last record's
    first physical line, ``last`` its row number.
    """
    tail = text.rstrip(" \t")
    if tail and tail[-1] not in "\r\n":
        raise UploadRejected(file_name, "data.cut_no_newline", row=last)
    # Re-read only the lines of the last record, strictly: "unexpected end of data" means a
    # quoted field was still open when the text ended.
    lines = io.StringIO(text, newline="").readlines()
    try:
        list(csv.reader(lines[start:], delimiter=delimiter, strict=True))
    except csv.Error as error:
        if "unexpected end of data" in str(error):
            raise UploadRejected(file_name, "data.cut_in_quote", row=last) from error
    width = _last_width(lines[start:], delimiter)
    if width is not None and width < len(headers):
        raise UploadRejected(
            file_name, "data.cut_short_row", row=last, width=width, headers=len(headers)
        )


def _last_width(lines: list[str], delimiter: str) -> int | None:
    """Number of cells of the last non-empty record in ``lines`` (None if there is none)."""
    width = None
    for record in csv.reader(lines, delimiter=delimiter):
        if any(cell.strip() for cell in record):
            width = len(record)
    return width


# --------------------------------------------------------------------------------------- XLSX


def _read_xlsx(data: bytes, file_name: str, max_rows: int, max_cells: int | None) -> RawTable:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        sheet_name, path = _data_sheet(archive, file_name)
        # Limits and formulas are checked on the compressed stream, before any reader
        # builds the sheet in memory (a 16,384-column sheet took gigabytes in calamine).
        scan = _scan_sheet(archive, path, file_name, max_rows, max_cells)
    except (UploadRejected, ValidationFailed):
        raise
    except Exception as error:  # zipfile, zlib, XML, EOF…: every one means a damaged file
        raise UploadRejected(file_name, _damaged(error)) from error
    try:
        grid, row_numbers = _sheet_calamine(data, file_name, sheet_name, max_rows)
    except UploadRejected:
        raise
    except Exception:  # calamine's own errors: openpyxl reads it or says what is wrong
        grid, row_numbers = _sheet_openpyxl(data, file_name, sheet_name, max_rows)
    table = _table_from_grid(grid, row_numbers, file_name, sheet_name)
    if scan.formulas:
        _refuse_formulas(table, scan.formulas, file_name)
    return table


def _damaged(error: BaseException) -> Message:
    """The refusal of an archive that cannot be read; says what is damaged, never a path."""
    if isinstance(error, zlib.error):
        what = msg("data.damage_zlib")
    elif isinstance(error, zipfile.BadZipFile | EOFError):
        what = msg("data.damage_zip")
    elif isinstance(error, ET.ParseError | ExpatError):
        what = msg("data.damage_xml")
    else:
        what = msg("data.damage_other", detail=type(error).__name__)
    return msg("data.xlsx_damaged", what=what)


@dataclass
class SheetScan:
    """What a streaming pass over the sheet's XML found: its ``<row>`` count, its widest
    column (1-based), the cells holding a formula without a saved value, as
    ``(row, column index 0-based, reference)``, and its ``<c>`` element count."""

    rows: int
    width: int
    formulas: list[tuple[int, int, str]]
    cells: int = 0


_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CELL_REF = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br=\"([A-Z]{1,3})[0-9]")
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
_REF = re.compile(r"([A-Z]{1,3})([0-9]+)")


def _column_index(letters: str) -> int:
    """0-based index of a column written ``A`` … ``XFD``."""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _scan_sheet(
    archive: zipfile.ZipFile,
    path: str,
    file_name: str,
    max_rows: int,
    max_cells: int | None = None,
) -> SheetScan:
    """Stream the sheet's XML (1 MB at a time, never whole) and refuse it, before it is
    parsed, when it has more than ``max_rows`` rows, more than :data:`MAX_COLUMNS` columns
    or a text run longer than :data:`MAX_CELL_BYTES`; list formula cells without a cached
    value (openpyxl and other libraries write formulas without computing them)."""
    rows = cells = row_cells = 0
    widest = ""
    has_formula = False
    carry = b""
    with archive.open(path) as stream:
        while chunk := stream.read(1 << 20):
            block = carry + chunk
            cut = block.rfind(b"<")
            if cut <= 0:  # no tag in this block: one long text run
                if len(block) > MAX_CELL_BYTES:
                    raise UploadRejected(file_name, _too_long())
                carry = block
                continue
            body, carry = block[:cut], block[cut:]
            rows += len(_ROW_TAG.findall(body))
            if rows > max_rows + 1:
                raise UploadRejected(file_name, "data.too_many_rows", max=max_rows)
            # Cells per row, counted between <row tags: a cell may omit its reference (r=),
            # and a reader then places it by position, so references alone cannot bound the
            # width. The first segment continues the last row of the previous block.
            for index, segment in enumerate(body.split(b"<row")):
                n = _cell_count(segment)
                row_cells = row_cells + n if index == 0 else n
                cells += n
                if row_cells > MAX_COLUMNS:
                    raise UploadRejected(file_name, "data.too_many_cells_row", max=MAX_COLUMNS)
            if max_cells is not None and cells > max_cells:
                raise UploadRejected(file_name, "data.too_many_cells", max=max_cells)
            letters = set(_CELL_REF.findall(body))
            if letters:
                widest = max((widest.encode(), *letters), key=lambda v: (len(v), v)).decode()
                if _column_index(widest) + 1 > MAX_COLUMNS:
                    raise UploadRejected(
                        file_name, "data.column_too_far", letters=widest, max=MAX_COLUMNS
                    )
            if _LONG_TEXT.search(body):
                raise UploadRejected(file_name, _too_long())
            has_formula = has_formula or bool(_FORMULA_TAG.search(body))
    _scan_strings(archive, file_name)
    formulas = _formulas_without_value(archive, path) if has_formula else []
    return SheetScan(rows, _column_index(widest) + 1 if widest else 0, formulas, cells)


_LONG_TEXT = re.compile(rb"[^<]{%d}" % MAX_CELL_BYTES)


def _cell_count(xml: bytes) -> int:
    """``<c>`` elements in a piece of sheet XML (with or without attributes, or empty)."""
    return xml.count(b"<c ") + xml.count(b"<c>") + xml.count(b"<c/>")


def _too_long() -> Message:
    return msg("data.cell_too_long", kb=MAX_CELL_BYTES // 1024)


def _scan_strings(archive: zipfile.ZipFile, file_name: str) -> None:
    """The shared-strings part, streamed: no text run longer than :data:`MAX_CELL_BYTES`."""
    if "xl/sharedStrings.xml" not in archive.namelist():
        return
    carry = b""
    with archive.open("xl/sharedStrings.xml") as stream:
        while chunk := stream.read(1 << 20):
            block = carry + chunk
            cut = block.rfind(b"<")
            if cut <= 0:
                if len(block) > MAX_CELL_BYTES:
                    raise UploadRejected(file_name, _too_long())
                carry = block
                continue
            if _LONG_TEXT.search(block, 0, cut):
                raise UploadRejected(file_name, _too_long())
            carry = block[cut:]


def _formulas_without_value(archive: zipfile.ZipFile, path: str) -> list[tuple[int, int, str]]:
    """Formula cells of the sheet that carry no cached value, streamed with a pull parser
    (each row is dropped once read). Only files that contain a formula pay for this pass."""
    parser = ET.XMLPullParser(events=("end",))
    found: list[tuple[int, int, str]] = []
    with archive.open(path) as stream:
        while chunk := stream.read(1 << 20):
            parser.feed(chunk)
            for _event, element in parser.read_events():
                tag = element.tag.rsplit("}", 1)[-1]
                if tag == "c":
                    formula = next((e for e in element if e.tag.endswith("}f")), None)
                    if formula is not None:
                        value = next((e for e in element if e.tag.endswith("}v")), None)
                        inline = next((e for e in element if e.tag.endswith("}is")), None)
                        if inline is None and (value is None or not (value.text or "").strip()):
                            ref = element.get("r", "")
                            match = _REF.fullmatch(ref)
                            if match:
                                found.append((int(match[2]), _column_index(match[1]), ref))
                elif tag == "row":
                    element.clear()
    parser.close()
    return found


def xlsx_headers(data: bytes, file_name: str) -> list[str]:
    """The header row (the first non-empty row) of an XLSX's data sheet, streamed: only that
    row of the sheet and the shared strings it uses are read, so the kind of a file (and so
    its row limit) is known before the sheet is parsed."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        _sheet, path = _data_sheet(archive, file_name)
        cells = _first_row(archive, path)
        wanted = [int(v) for _c, kind, v in cells if kind == "s" and v.strip().isdigit()]
        strings = _shared_strings(archive, max(wanted)) if wanted else []
    except UploadRejected:
        raise
    except Exception as error:  # zipfile, zlib, XML, EOF…: a damaged file
        raise UploadRejected(file_name, _damaged(error)) from error
    if not cells:
        raise UploadRejected(file_name, "data.sheet_empty_data")
    headers = [""] * (max(c for c, _k, _v in cells) + 1)
    for column, kind, value in cells:
        if kind == "s":
            index = int(value) if value.strip().isdigit() else -1
            value = strings[index] if 0 <= index < len(strings) else ""
        headers[column] = value.strip()
    while headers and not headers[-1]:
        headers.pop()
    return headers


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _first_row(archive: zipfile.ZipFile, path: str) -> list[tuple[int, str, str]]:
    """``(column index, cell type, text)`` of the first row of the sheet that has a value."""
    parser = ET.XMLPullParser(events=("end",))
    with archive.open(path) as stream:
        while chunk := stream.read(1 << 16):
            parser.feed(chunk)
            for _event, element in parser.read_events():
                if _local(element.tag) != "row":
                    continue
                row: list[tuple[int, str, str]] = []
                for position, cell in enumerate(e for e in element if _local(e.tag) == "c"):
                    kind = cell.get("t", "n")
                    if kind == "inlineStr":
                        text = "".join(t.text or "" for t in cell.iter() if _local(t.tag) == "t")
                    else:
                        value = next((e for e in cell if _local(e.tag) == "v"), None)
                        text = (value.text or "") if value is not None else ""
                    match = _REF.fullmatch(cell.get("r", ""))
                    column = _column_index(match[1]) if match else position
                    if text.strip():
                        row.append((column, kind, text))
                element.clear()
                if row:
                    return row
    return []


def _shared_strings(archive: zipfile.ZipFile, last: int) -> list[str]:
    """The shared strings up to index ``last``, streamed (the rest is never read); phonetic
    runs (``rPh``) are not part of a string's text."""
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    parser = ET.XMLPullParser(events=("end",))
    out: list[str] = []
    with archive.open("xl/sharedStrings.xml") as stream:
        while chunk := stream.read(1 << 16):
            parser.feed(chunk)
            for _event, element in parser.read_events():
                if _local(element.tag) != "si":
                    continue
                runs = [e for e in element if _local(e.tag) in ("t", "r")]
                out.append(
                    "".join(
                        t.text or ""
                        for run in runs
                        for t in ([run] if _local(run.tag) == "t" else run)
                        if _local(t.tag) == "t"
                    )
                )
                element.clear()
                if len(out) > last:
                    return out
    return out


def _refuse_formulas(table: RawTable, formulas: list[tuple[int, int, str]], file_name: str) -> None:
    """Raise :class:`ValidationFailed` naming every formula cell without a saved value: it
    would otherwise be read as an empty cell, a silent "no data"."""
    problems = [
        Problem(
            file_name,
            row,
            table.headers[column] if column < len(table.headers) else None,
            "data.formula_without_value",
            {"ref": ref},
        )
        for row, column, ref in formulas
    ]
    raise ValidationFailed(problems)


def _data_sheet(archive: zipfile.ZipFile, file_name: str) -> tuple[str, str]:
    """The name and archive path of the data sheet (the first that is not a guide), after
    checking that the workbook does not expand beyond :data:`MAX_XLSX_UNCOMPRESSED_BYTES`
    (a zip bomb)."""
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names:
        raise UploadRejected(file_name, "data.not_workbook")
    workbook = ET.fromstring(_read_part(archive, "xl/workbook.xml", file_name))
    rels = ET.fromstring(_read_part(archive, "xl/_rels/workbook.xml.rels", file_name))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL_NS}Relationship")}
    sheets = [
        (s.get("name", ""), targets.get(s.get(f"{_REL_NS}id"), ""))
        for s in workbook.iter(f"{_NS}sheet")
    ]
    if not sheets:
        raise UploadRejected(file_name, "data.no_sheet")
    from loaders.metrics.schemas import header_key

    data_sheets = [s for s in sheets if header_key(s[0]) not in _GUIDE_SHEETS] or sheets
    sheet_name, target = data_sheets[0]
    path = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
    if path not in names:
        raise UploadRejected(file_name, "data.sheet_missing", sheet=sheet_name)
    total = sum(
        i.file_size
        for i in archive.infolist()
        if i.filename in {path, "xl/sharedStrings.xml", "xl/styles.xml"}
    )
    if total > MAX_XLSX_UNCOMPRESSED_BYTES:
        raise UploadRejected(
            file_name, "data.expands_too_much", mb=MAX_XLSX_UNCOMPRESSED_BYTES / 1e6
        )
    return sheet_name, path


def _read_part(archive: zipfile.ZipFile, name: str, file_name: str) -> bytes:
    if archive.getinfo(name).file_size > MAX_XLSX_UNCOMPRESSED_BYTES:
        raise UploadRejected(file_name, "data.part_too_large", part=name)
    return archive.read(name)


def _sheet_calamine(data: bytes, file_name: str, sheet_name: str, max_rows: int):
    """(grid, row numbers) of the sheet read by python-calamine; raises its own errors for a
    file it cannot read (the caller then asks openpyxl)."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    sheet = book.get_sheet_by_name(sheet_name)
    records, numbers = [], []
    # iter_rows() starts at row 1 but at the first used column (sheet.start[1]).
    for number, values in enumerate(sheet.iter_rows(), start=1):
        texts = _row_texts(values)
        if not any(t is not None for t in texts):
            continue
        if len(records) > max_rows:
            raise UploadRejected(file_name, "data.too_many_rows", max=max_rows)
        records.append(texts)
        numbers.append(number)
    width = max((len(r) for r in records), default=0)
    if width > MAX_COLUMNS:
        raise UploadRejected(file_name, "data.too_many_columns", width=width)
    offset = sheet.start[1] if sheet.start else 0
    grid = np.full((len(records), width + offset), None, dtype=object)
    for i, record in enumerate(records):
        grid[i, offset : offset + len(record)] = record
    return grid, np.asarray(numbers, dtype=np.int64)


def _row_texts(values: list) -> list[str | None]:
    """:func:`_cell_text` of every cell of a row, with the two common types (text and
    numbers: nearly every cell of a metrics sheet) inlined; 800,000 cells go through here."""
    out: list[str | None] = []
    for value in values:
        kind = type(value)
        if kind is str:
            out.append(value.strip() or None)
        elif kind is float:
            out.append(str(int(value)) if value.is_integer() else str(value))
        else:
            out.append(_cell_text(value))
    return out


def _cell_text(value: object) -> str | None:
    """A calamine cell as the text openpyxl's value would give (see :func:`_openpyxl_text`)."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    if value == "":
        return None
    return _openpyxl_text(value)


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
                raise UploadRejected(file_name, "data.too_many_rows", max=max_rows)
            records.append([_openpyxl_text(v) for v in values])
            numbers.append(number)
        book.close()
    except UploadRejected:
        raise
    except Exception as error:  # openpyxl raises many kinds; all mean "unreadable"
        raise UploadRejected(file_name, "data.xlsx_unreadable", detail=str(error)) from error
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


#: Most cells of a sheet python-calamine reads whole (it holds every cell, about 90 bytes
#: each: a million-row dossier export took 290 MB); larger sheets are streamed
#: (:mod:`loaders.metrics.xlsx_stream`: about 14 s per million 3-cell rows, 10 MB).
CALAMINE_MAX_CELLS = 600_000


def iter_xlsx_tables(data: bytes, file_name: str, max_rows: int, chunk_rows: int = 100_000):
    """The data sheet of an XLSX as :class:`RawTable` chunks of at most ``chunk_rows`` rows,
    each with the header row's headers: a dossier export of a million rows is never held
    whole, neither as Python strings nor in a reader. The sheet is first streamed with its
    limits (:func:`_scan_sheet`); a sheet of more than :data:`CALAMINE_MAX_CELLS` cells is
    then read as a stream, a smaller one by python-calamine (faster); a sheet
    python-calamine cannot read is read whole by :func:`read_upload` instead. A formula cell
    without a saved value is refused."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        sheet_name, path = _data_sheet(archive, file_name)
        scan = _scan_sheet(archive, path, file_name, max_rows, None)
        if scan.cells > CALAMINE_MAX_CELLS:
            rows = _stream_rows(archive, path, file_name)
        else:
            rows = _rows_calamine(data, sheet_name)
    except (UploadRejected, ValidationFailed):
        raise
    except zipfile.BadZipFile as error:
        raise UploadRejected(file_name, _damaged(error)) from error
    except Exception:  # calamine's own errors: the general reader answers
        yield read_upload(data, file_name, "dossiers", max_rows=max_rows, max_cells=None)
        return
    yield from _chunked_tables(rows, scan, file_name, sheet_name, chunk_rows)


def _rows_calamine(data: bytes, sheet_name: str):
    """(row number, cell texts) of every row, the sheet read whole by python-calamine."""
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(sheet_name)
    offset = sheet.start[1] if sheet.start else 0  # calamine starts at the first used column
    return (
        (number, [None] * offset + _row_texts(values))
        for number, values in enumerate(sheet.iter_rows(), start=1)
    )


def _stream_rows(archive: zipfile.ZipFile, path: str, file_name: str):
    """(row number, cell texts) of every row, streamed (:mod:`loaders.metrics.xlsx_stream`)."""
    try:
        for number, values in xlsx_stream.iter_rows(archive, path):
            yield number, _row_texts(values)
    except (zlib.error, EOFError, zipfile.BadZipFile, ExpatError) as error:
        raise UploadRejected(file_name, _damaged(error)) from error
    except (ValueError, IndexError) as error:  # a number or string index that is not one
        raise UploadRejected(
            file_name, "data.invalid_cell_value", detail=type(error).__name__
        ) from error


def _chunked_tables(rows, scan: SheetScan, file_name: str, sheet_name: str, chunk_rows: int):
    """The rows as :class:`RawTable` chunks: the first non-empty row gives the headers."""
    headers: list[str] | None = None
    header_row, width = 0, 0
    records: list[list[str | None]] = []
    numbers: list[int] = []
    formulas_checked = False

    def table() -> RawTable:
        cells = pd.DataFrame(records, columns=range(width), dtype=object)
        return RawTable(
            file_name,
            headers,
            cells,
            np.asarray(numbers, dtype=np.int64),
            header_row,
            "xlsx",
            sheet_name,
        )

    for number, texts in rows:
        if not any(t is not None for t in texts):
            continue
        if headers is None:
            width = max(i for i, t in enumerate(texts) if t is not None) + 1
            headers = ["" if h is None else str(h) for h in texts[:width]]
            header_row = number
            continue
        if not formulas_checked:  # the headers are known: name the cells of any formula
            formulas_checked = True
            if scan.formulas:
                probe = RawTable(file_name, headers, pd.DataFrame(), np.array([]), 0, "xlsx")
                _refuse_formulas(probe, scan.formulas, file_name)
        row = texts[:width]
        records.append(row + [None] * (width - len(row)))
        numbers.append(number)
        if len(records) >= chunk_rows:
            yield table()
            records, numbers = [], []
    if headers is None:
        raise UploadRejected(file_name, "data.sheet_empty", sheet=sheet_name)
    if not formulas_checked and scan.formulas:
        probe = RawTable(file_name, headers, pd.DataFrame(), np.array([]), 0, "xlsx")
        _refuse_formulas(probe, scan.formulas, file_name)
    if records or not numbers:
        yield table()


def _table_from_grid(
    grid: np.ndarray, row_numbers: np.ndarray, file_name: str, sheet: str
) -> RawTable:
    if grid.size:
        grid = grid.copy()
        grid[grid == ""] = None
    non_empty = np.flatnonzero(np.not_equal(grid, None).any(axis=1)) if grid.size else []
    if len(non_empty) == 0:
        raise UploadRejected(file_name, "data.sheet_empty", sheet=sheet)
    first = non_empty[0]
    header_cells = grid[first]
    last_col = int(np.flatnonzero(np.not_equal(header_cells, None)).max()) + 1
    headers = ["" if h is None else str(h) for h in header_cells[:last_col]]
    body_index = non_empty[non_empty > first]
    if len(body_index) == 0:
        raise UploadRejected(file_name, "data.sheet_header_only", sheet=sheet)
    body = grid[body_index]
    problems = []
    if body.shape[1] > last_col:
        extra = np.not_equal(body[:, last_col:], None).any(axis=1)
        problems = [
            Problem(
                file_name,
                int(row_numbers[body_index[i]]),
                None,
                "data.cells_right_of_headers",
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
