"""Downloadable templates (CSV and XLSX) for the input schemas, Vietnamese headers by default.

The XLSX has the data sheet first ("Dữ liệu": header row only, code columns formatted as text
so Excel keeps leading zeros) and a guide sheet ("Hướng dẫn": each column's Vietnamese and
English header, kind, rule and help). The CSV is UTF-8 with a BOM (so Excel shows Vietnamese)
and has only the header row: example rows in a template end up imported by mistake.
"""

from __future__ import annotations

import pandas as pd

from loaders.metrics.safety import to_csv_bytes, to_xlsx_bytes
from loaders.metrics.schemas import SCHEMAS, Field

_KIND_TEXT = {
    "code5": ("mã 5 chữ số, dạng văn bản (00004)", "5-digit code, as text (00004)"),
    "code2": ("mã 2 chữ số (04)", "2-digit code (04)"),
    "text": ("văn bản", "text"),
    "period": ("tháng: 2025-08 hoặc 08/2025", "month: 2025-08 or 08/2025"),
    "count": ("số nguyên ≥ 0", "whole number ≥ 0"),
    "score": ("điểm từ 0 đến {max}", "score from 0 to {max}"),
    "percent": ("phần trăm 0–100", "percent 0–100"),
    "date": ("ngày: 2025-08-15 hoặc 15/08/2025", "date: 2025-08-15 or 15/08/2025"),
    "bool": ("1 = có, 0 = không", "1 = yes, 0 = no"),
}


def headers(kind: str, lang: str = "vi") -> list[str]:
    """The template headers of schema ``kind`` in ``lang`` (``"vi"`` or ``"en"``)."""
    return [spec.vi if lang == "vi" else spec.en for spec in SCHEMAS[kind].fields]


def guide(kind: str) -> pd.DataFrame:
    """One row per column: headers in both languages, required, kind, rule and help."""

    def rule(spec: Field, lang: int) -> str:
        text = _KIND_TEXT[spec.kind][lang]
        return text.format(max=f"{spec.maximum:g}") if spec.maximum is not None else text

    schema = SCHEMAS[kind]
    return pd.DataFrame(
        {
            "Cột (tiếng Việt)": [f.vi for f in schema.fields],
            "Column (English)": [f.en for f in schema.fields],
            "Bắt buộc / Required": ["có / yes" if f.required else "" for f in schema.fields],
            "Kiểu / Kind": [rule(f, 0) + " / " + rule(f, 1) for f in schema.fields],
            "Ghi chú": [f.help_vi for f in schema.fields],
            "Notes": [f.help_en for f in schema.fields],
        }
    )


def template_bytes(kind: str, fmt: str = "xlsx", lang: str = "vi") -> bytes:
    """The template of schema ``kind`` (``metrics``, ``volunteers``, ``dossiers``) as XLSX or
    CSV bytes, headers in ``lang``."""
    if kind not in SCHEMAS:
        raise ValueError(f"unknown template kind {kind!r}; use one of {sorted(SCHEMAS)}")
    empty = pd.DataFrame(columns=headers(kind, lang))
    if fmt == "csv":
        return to_csv_bytes(empty)
    if fmt != "xlsx":
        raise ValueError("fmt must be 'xlsx' or 'csv'")
    codes = [
        h
        for f, h in zip(SCHEMAS[kind].fields, headers(kind, lang), strict=True)
        if f.kind in ("code5", "code2")
    ]
    data_sheet = "Dữ liệu" if lang == "vi" else "data"
    guide_sheet = "Hướng dẫn" if lang == "vi" else "guide"
    book = to_xlsx_bytes({data_sheet: empty, guide_sheet: guide(kind)}, text_columns=codes)
    return _text_format_columns(book, codes, data_sheet)


def _text_format_columns(book: bytes, columns: list[str], sheet: str) -> bytes:
    """Give the whole code columns of an (empty) data sheet the text format, so a user's
    ``00004`` stays ``00004``."""
    import io

    from openpyxl import load_workbook
    from openpyxl.styles import NamedStyle

    workbook = load_workbook(io.BytesIO(book))
    data = workbook[sheet]
    style = NamedStyle(name="code_text", number_format="@")
    for cell in data[1]:
        if cell.value in columns:
            data.column_dimensions[cell.column_letter].number_format = "@"
            for row in range(2, 1002):
                data.cell(row=row, column=cell.column).style = style
            style = "code_text"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def template_name(kind: str, fmt: str = "xlsx", lang: str = "vi") -> str:
    """A file name for the template, e.g. ``mau_metrics_vi.xlsx``."""
    return f"mau_{kind}_{lang}.{fmt}"
