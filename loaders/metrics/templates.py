"""Downloadable templates (CSV and XLSX) for the input schemas, Vietnamese headers by default.

The XLSX has the data sheet first ("Dữ liệu", code columns formatted as text so Excel keeps
leading zeros) and a guide sheet ("Hướng dẫn": each column's Vietnamese and English header,
whether it is required, its unit, its allowed range, kind and help). The CSV is UTF-8 with a
BOM (so Excel shows Vietnamese).

Without provinces the data sheet has the header row only: example rows in a template end up
imported by mistake. With provinces (``provinces=["04"]`` or ``"all"``) it has one row per
2025 commune of those provinces, keyed by official code, with the unit code, official name,
province code and province name filled in from the register and every other column empty. A
row left unfilled (nothing but those columns) is skipped on import
(:func:`loaders.metrics.validation.validate_table`), so a user fills the communes they have.
"""

from __future__ import annotations

from collections.abc import Iterable

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
    """One row per column: headers in both languages, required, unit, allowed range, kind and
    help, each in Vietnamese and English (``"vi / en"``), read from the schema."""

    def rule(spec: Field, lang: int) -> str:
        text = _KIND_TEXT[spec.kind][lang]
        return text.format(max=f"{spec.maximum:g}") if spec.maximum is not None else text

    schema = SCHEMAS[kind]
    return pd.DataFrame(
        {
            "Cột (tiếng Việt)": [f.vi for f in schema.fields],
            "Column (English)": [f.en for f in schema.fields],
            "Bắt buộc / Required": [
                _both(schema.requirement(f.key, "vi"), schema.requirement(f.key, "en"))
                for f in schema.fields
            ],
            "Đơn vị tính / Unit": [
                _both(f.unit_text("vi"), f.unit_text("en")) for f in schema.fields
            ],
            "Giới hạn / Allowed range": [
                _both(f.range_text("vi"), f.range_text("en")) for f in schema.fields
            ],
            "Kiểu / Kind": [rule(f, 0) + " / " + rule(f, 1) for f in schema.fields],
            "Ghi chú": [f.help_vi for f in schema.fields],
            "Notes": [f.help_en for f in schema.fields],
        }
    )


def _both(vi: str, en: str) -> str:
    """``"vi / en"``, or "" when the field has nothing to say (an optional column)."""
    return f"{vi} / {en}" if vi and vi != en else vi


def template_bytes(
    kind: str,
    fmt: str = "xlsx",
    lang: str = "vi",
    provinces: str | Iterable[str] | None = None,
) -> bytes:
    """The template of schema ``kind`` (``metrics``, ``volunteers``, ``dossiers``) as XLSX or
    CSV bytes, headers in ``lang``.

    ``provinces`` (2-digit codes such as ``["04"]``, or ``"all"``) pre-fills one row per 2025
    commune of those provinces (:func:`unit_rows`); None gives the header row only. Raises
    ``ValueError`` for an unknown kind, format or province code, and for ``dossiers`` with
    provinces (a dossier export has one row per dossier, not per commune).
    """
    if kind not in SCHEMAS:
        raise ValueError(f"unknown template kind {kind!r}; use one of {sorted(SCHEMAS)}")
    if fmt not in ("xlsx", "csv"):
        raise ValueError("fmt must be 'xlsx' or 'csv'")
    if provinces is None:
        table = pd.DataFrame(columns=headers(kind, lang))
    else:
        table = unit_rows(kind, provinces).rename(
            columns=dict(zip(SCHEMAS[kind].keys, headers(kind, lang), strict=True))
        )
    if fmt == "csv":
        return to_csv_bytes(table)
    if fmt != "xlsx":
        raise ValueError("fmt must be 'xlsx' or 'csv'")
    codes = [
        h
        for f, h in zip(SCHEMAS[kind].fields, headers(kind, lang), strict=True)
        if f.kind in ("code5", "code2")
    ]
    data_sheet = "Dữ liệu" if lang == "vi" else "data"
    guide_sheet = "Hướng dẫn" if lang == "vi" else "guide"
    book = to_xlsx_bytes({data_sheet: table, guide_sheet: guide(kind)}, text_columns=codes)
    return _text_format_columns(book, codes, data_sheet)


def province_codes(provinces: str | Iterable[str]) -> list[str]:
    """The 2025 province codes named by ``provinces``: ``"all"`` (the 34), or codes such as
    ``"04"`` or ``"4"`` (padded to 2 digits), in register order without repeats.

    Raises ``ValueError`` naming any code that is not a 2025 province.
    """
    from loaders.register import new_provinces

    known = list(new_provinces()["code"])
    wanted = [provinces] if isinstance(provinces, str) else list(provinces)
    if any(str(p).strip().lower() == "all" for p in wanted):
        return known
    codes = [str(p).strip().zfill(2) for p in wanted]
    unknown = [c for c in codes if c not in known]
    if unknown or not codes:
        raise ValueError(
            f"not a 2025 province code: {', '.join(unknown) or '(none given)'}; "
            f"use 'all' or one of {', '.join(known)}"
        )
    return [c for c in known if c in codes]


def unit_rows(kind: str, provinces: str | Iterable[str]) -> pd.DataFrame:
    """One row per 2025 commune of ``provinces`` (see :func:`province_codes`), ordered by
    province then unit code, with the columns of schema ``kind`` (canonical keys).

    ``unit_code`` (5-digit string), ``unit_name`` (official full name, e.g. "Phường Thục
    Phán"), ``province_code`` (2-digit string) and ``province_name`` come from the register
    (:func:`loaders.register.new_units`); every other column is empty (None).
    """
    from loaders.register import new_units

    schema = SCHEMAS[kind]
    if "unit_code" not in schema.keys or "unit_name" not in schema.keys:
        raise ValueError(
            f"a {kind} template has one row per {kind[:-1]}, not per commune: "
            "it cannot be pre-filled by province"
        )
    codes = province_codes(provinces)
    units = new_units()
    units = units[units["province_code"].isin(codes)].sort_values(["province_code", "code"])
    filled = {
        "unit_code": units["code"],
        "unit_name": units["full_name"],
        "province_code": units["province_code"],
        "province_name": units["province_name"],
    }
    table = pd.DataFrame(
        {
            key: filled.get(key, pd.Series(None, index=units.index, dtype=object))
            for key in schema.keys
        }
    )
    return table.astype(object).reset_index(drop=True)


def _text_format_columns(book: bytes, columns: list[str], sheet: str) -> bytes:
    """Give the whole code columns of the data sheet the text format, so a user's ``00004``
    stays ``00004`` (the empty cells below the filled rows too)."""
    import io

    from openpyxl import load_workbook
    from openpyxl.styles import NamedStyle

    workbook = load_workbook(io.BytesIO(book))
    data = workbook[sheet]
    style = NamedStyle(name="code_text", number_format="@")
    last = max(1001, data.max_row)
    for cell in data[1]:
        if cell.value in columns:
            data.column_dimensions[cell.column_letter].number_format = "@"
            for row in range(2, last + 1):
                data.cell(row=row, column=cell.column).style = style
            style = "code_text"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def template_name(
    kind: str, fmt: str = "xlsx", lang: str = "vi", provinces: str | Iterable[str] | None = None
) -> str:
    """A file name for the template, e.g. ``mau_metrics_vi.xlsx``, ``mau_metrics_04_vi.xlsx``
    or ``mau_metrics_all_vi.xlsx``."""
    if provinces is None:
        return f"mau_{kind}_{lang}.{fmt}"
    codes = province_codes(provinces)
    from loaders.register import new_provinces

    tag = "all" if len(codes) == len(new_provinces()) else "-".join(codes)
    return f"mau_{kind}_{tag}_{lang}.{fmt}"
