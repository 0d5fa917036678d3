"""Safety at the edges: upload size limits, formula-injection neutralising, HTML escaping.

* **Upload limits** (:data:`MAX_UPLOAD_BYTES`): a file larger than its kind's limit is
  refused before it is parsed. An XLSX is a zip: :data:`MAX_XLSX_UNCOMPRESSED_BYTES` caps what
  it may expand to (a "zip bomb" is refused), and :data:`MAX_ROWS` caps the rows read.
* **Formula injection** (CWE-1236): a cell whose text starts with ``=``, ``+``, ``-``, ``@``,
  tab or carriage return is run as a formula by spreadsheet programs. Every CSV or XLSX this
  package *writes* goes through :func:`neutralise_frame`, which prefixes such text with an
  apostrophe. Numbers stay numbers (``-5`` as a number is not touched).
* **HTML**: text from uploads (unit names, team names) is data, never markup.
  :func:`escape_html` and :func:`html_table` are what the UI uses when it builds HTML itself.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Iterable

import pandas as pd

from loaders.messages import Message
from loaders.metrics.errors import UploadRejected

#: Largest accepted upload, in bytes, per input kind.
MAX_UPLOAD_BYTES: dict[str, int] = {
    "metrics": 25 * 1024 * 1024,
    "volunteers": 25 * 1024 * 1024,
    # 64 MB as the browser counts them (10^6 bytes; its file picker refuses a larger file
    # before it is sent): about 790,000 dossiers of 7 columns. Streamlit holds about twice
    # an upload while it arrives, and a 99 MB export took the server 344 MB above idle.
    "dossiers": 64_000_000,
}
#: The limit used before the kind of a file is known.
MAX_ANY_UPLOAD_BYTES = max(MAX_UPLOAD_BYTES.values())
#: Largest total uncompressed size of the parts of an XLSX file that are read.
MAX_XLSX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
#: Most data rows read from one metrics or volunteers file (3,321 units x 12 months x ~5).
MAX_ROWS = 250_000
#: Most columns a data sheet may use (the widest template has 24): a wider sheet is refused
#: while it is streamed, before a reader builds it in memory.
MAX_COLUMNS = 1000
#: Most cells of a metrics or volunteers XLSX (a national year of metrics, 3,321 units x 12
#: months x 24 columns, is about 956,000): what fits the server's memory budget once read.
MAX_CELLS = 3_000_000
#: Longest text run of one cell in an XLSX, in bytes of XML (Excel's own limit is 32,767
#: characters, up to 4 bytes each in UTF-8).
MAX_CELL_BYTES = 131_072

#: Text starting with one of these is taken as a formula by Excel / LibreOffice / Sheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

#: The label every screen and export showing generated data must carry.
SAMPLE_LABEL = "DỮ LIỆU MẪU / SAMPLE DATA"


def check_upload_size(n_bytes: int, file_name: str, kind: str | None = None) -> None:
    """Raise :class:`UploadRejected` when ``n_bytes`` exceeds the limit for ``kind``.

    ``kind`` is ``"metrics"``, ``"volunteers"``, ``"dossiers"`` or None (the largest limit).
    """
    limit = MAX_UPLOAD_BYTES.get(kind or "", MAX_ANY_UPLOAD_BYTES)
    if n_bytes > limit:
        raise UploadRejected(
            file_name,
            "data.too_large",
            size=n_bytes / 1e6,
            limit=limit / 1e6,
            what=Message(f"data.what_{kind or 'uploads'}"),
        )


def neutralise_cell(value: object) -> object:
    """``value`` with a leading apostrophe if it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells (and column names) are neutralised.

    Only text is changed: numeric, boolean and date columns are returned as they are.
    """
    out = frame.copy()
    out.columns = [neutralise_cell(str(c)) for c in out.columns]
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        if pd.api.types.is_datetime64_any_dtype(series):
            continue
        out[column] = series.astype(object).map(neutralise_cell)
    return out


def to_csv_bytes(frame: pd.DataFrame, banner: str | None = None) -> bytes:
    """UTF-8 CSV (with BOM, so Excel shows Vietnamese) of ``frame``, neutralised.

    ``banner``, when given (e.g. :data:`SAMPLE_LABEL`), is written as a first line of its own.
    """
    buffer = io.StringIO()
    # CRLF like Excel; it also makes the writer quote any field holding a bare \r or \n
    if banner:
        csv.writer(buffer, lineterminator="\r\n").writerow([neutralise_cell(banner)])
    neutralise_frame(frame).to_csv(buffer, index=False, lineterminator="\r\n")
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _styled(sheet, value: object, font=None, number_format: str | None = None):
    """A cell of a write-only sheet with a font or number format."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    if font is not None:
        cell.font = font
    if number_format is not None:
        cell.number_format = number_format
    return cell


def to_xlsx_bytes(
    sheets: dict[str, pd.DataFrame], banner: str | None = None, text_columns: Iterable[str] = ()
) -> bytes:
    """An XLSX workbook with one sheet per entry of ``sheets``, every text cell neutralised.

    ``banner`` (e.g. :data:`SAMPLE_LABEL`) goes in row 1 of each sheet, above the header.
    Columns named in ``text_columns`` (codes) get the text number format so Excel keeps
    their leading zeros when a user edits them.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    # Write-only: rows go to the file as they are appended. A whole workbook of a national
    # year (40,000 rows x 24 columns) held as cell objects took about 300 MB.
    book = Workbook(write_only=True)
    text_columns = set(text_columns)
    bold, red = Font(bold=True), Font(bold=True, color="C00000")
    for title, frame in sheets.items():
        sheet = book.create_sheet(title=title[:31])
        safe = neutralise_frame(frame)
        for index, name in enumerate(frame.columns, start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = max(10, min(40, len(str(name)) + 2))
        header_row = 2 if banner else 1
        sheet.freeze_panes = f"A{header_row + 1}"
        if banner:
            sheet.append([_styled(sheet, neutralise_cell(banner), font=red)])
        sheet.append([_styled(sheet, name, font=bold) for name in safe.columns])
        as_text = [name in text_columns for name in frame.columns]
        for record in safe.itertuples(index=False, name=None):
            sheet.append(
                [
                    _styled(sheet, _excel_value(v), number_format="@") if text else _excel_value(v)
                    for v, text in zip(record, as_text, strict=True)
                ]
            )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _excel_value(value: object) -> object:
    """A value openpyxl can write: missing values become empty cells, strings stay strings."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        return value.item()  # numpy scalar -> Python scalar
    return value


def escape_html(value: object) -> str:
    """``value`` as text that is safe inside HTML (``<img onerror=…>`` shows as text)."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return html.escape(str(value), quote=True)


def html_table(frame: pd.DataFrame, max_rows: int = 500) -> str:
    """A plain HTML ``<table>`` of ``frame`` with every header and cell escaped."""
    head = "".join(f"<th>{escape_html(c)}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape_html(v)}</td>" for v in record) + "</tr>"
        for record in frame.head(max_rows).itertuples(index=False, name=None)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
