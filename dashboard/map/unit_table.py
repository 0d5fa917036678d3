"""The full table of the units in view, sortable, with CSV and XLSX downloads.

Beside the top and bottom five (:func:`dashboard.map.widgets.ranking`): every unit in view
(the 34 provinces, a province's communes, or all 3,321 communes) with its code, name, the
metric's value, the counts a rate is computed from (:mod:`loaders.metrics.rate_counts`),
for province values aggregated from communes how many communes have data, and a commune's
province. ``st.dataframe`` sorts by a click on a header; numbers stay numbers
(shown in the UI's format, sorted by value).

The files are for people and for scripts alike:

* codes are text ("04", "01279"): CSV writes them as they are, XLSX as text cells (format
  ``@``), so no spreadsheet turns "04" into 4;
* numbers are plain numbers (no thousands marks, "." for decimals; whole counts without
  ".0"); a missing value is an empty cell, never 0;
* CSV is UTF-8 with a byte-order mark, so Excel shows "Cao Bằng" and not mojibake;
* sample data says so in the data itself: a "Ghi chú" / "Note" column on every row (it
  survives sorting, filtering and copying rows elsewhere, and every CSV reader reads it; a
  comment line above the header would break them), and, in XLSX, a second sheet with the
  metric, period, area, source and note;
* the file name carries the metric, the area, the period (and "du-lieu-mau" / "sample").
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial

import pandas as pd
import streamlit as st

from dashboard.core import metrics, service_metrics
from dashboard.core.formatting import human_period, human_timestamp
from dashboard.core.i18n import t, unit_label
from dashboard.core.numbers import count, number
from dashboard.export.widgets import file_slug
from dashboard.map import data
from dashboard.map.map_builder import category_name
from loaders.metrics import derive
from loaders.metrics.rate_counts import POPULATION, count_columns, rate_counts

CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Rows shown before the table scrolls (its header and about ten rows).
TABLE_HEIGHT = 390
#: Widths (px) of the code, name and value columns: the three fit the panel's 260 px at
#: 1280 px wide (the other columns scroll into view, or show in the full-screen view).
CODE_WIDTH = 56
NAME_WIDTH = 124
VALUE_WIDTH = 80
#: Decimals kept in the files: enough for any rate, without binary noise (96.49122807017544).
FILE_DECIMALS = 6


@dataclass(frozen=True)
class UnitTable:
    """The table of a view: ``frame`` (headers in the UI's language, one row per unit, codes
    as strings, numbers as numbers), which of its columns are the ``code``, ``name``, ``value``
    and the ``numbers`` (counts and coverage, whole numbers), and what it is of."""

    frame: pd.DataFrame
    code: str
    name: str
    value: str
    numbers: tuple[str, ...]
    metric: metrics.Metric
    period: str
    level: str
    area: str
    lang: str

    @property
    def note(self) -> str:
        """The sample-data note of the files ("" for real data)."""
        if not self.metric.is_sample:
            return ""
        return f"{t('sample_banner', self.lang)}: {t('sample_explain', self.lang)}"

    def file_name(self, extension: str) -> str:
        """``ty-le-ho-so-giai-quyet-dung-han_tinh-cao-bang_2026-10.csv``: metric, area,
        period (and the sample mark), ASCII only."""
        parts = [
            file_slug(self.metric.label(self.lang)),
            file_slug(self.area),
            file_slug(self.period),
        ]
        if self.metric.is_sample:
            parts.append("du-lieu-mau" if self.lang == "vi" else "sample")
        return "_".join(parts) + "." + extension


def _count_label(column: str, lang: str) -> str:
    """The header of a count column: the store's label of the count, in ``lang``."""
    if column == POPULATION:
        return t("col_population_unverified", lang)
    if column == "units_with_team":
        return t("col_units_with_team", lang)
    info = derive.METRIC_INFO[column]
    return info.label_en if lang == "en" else info.label_vi


def build_table(
    values: pd.Series,
    units: pd.DataFrame,
    metric: metrics.Metric,
    period: str,
    level: str,
    area: str,
    lang: str,
    counts: pd.DataFrame | None = None,
    coverage: pd.DataFrame | None = None,
) -> UnitTable:
    """The table of the units of ``values`` (by code, in view order; NaN: no data).

    ``units``: by code, ``name`` (display name) and, for communes, ``province`` (display
    name of their province). ``counts``: the counts behind the rate, by code (columns of
    :func:`loaders.metrics.rate_counts.count_columns`). ``coverage``: by province code,
    ``n_with_data`` and ``n_units`` (province values aggregated from communes).
    """
    codes = pd.Index(values.index.astype(str), dtype="string")
    code_col, name_col = t("code", lang), t("label", lang)
    unit_text = metric.unit(lang)
    value_col = f"{metric.label(lang)} ({unit_text})" if unit_text else metric.label(lang)
    frame = pd.DataFrame({code_col: pd.array(codes, dtype="string")})
    frame[name_col] = [str(units["name"].get(c, c)) for c in codes]
    raw = values.to_numpy(dtype="float64")
    if metric.is_categorical:
        labels = metric.category_labels(level, lang)
        frame[value_col] = pd.array(
            [None if pd.isna(v) else category_name(v, labels, lang) for v in raw], dtype="string"
        )
    else:
        frame[value_col] = _numbers(pd.Series(raw))
    numbers: list[str] = []
    if counts is not None:
        for column in counts.columns:
            header = _count_label(str(column), lang)
            frame[header] = _numbers(counts[column].reindex(codes).reset_index(drop=True))
            numbers.append(header)
    if coverage is not None and level == "province":
        for column, key in (("n_with_data", "col_with_data"), ("n_units", "col_n_units")):
            header = t(key, lang)
            frame[header] = _numbers(coverage[column].reindex(codes).reset_index(drop=True))
            numbers.append(header)
    if level == "commune":  # last: in a narrow panel the value comes first into view
        frame[t("province", lang)] = [str(units["province"].get(c, "")) for c in codes]
    return UnitTable(
        frame, code_col, name_col, value_col, tuple(numbers), metric, period, level, area, lang
    )


def _numbers(series: pd.Series) -> pd.Series:
    """Whole numbers as nullable integers (written "962", not "962.0"); others as floats
    rounded to :data:`FILE_DECIMALS`. NaN stays missing."""
    series = pd.to_numeric(series, errors="coerce").astype("float64")
    known = series.dropna()
    if (known == known.round()).all():
        return series.round().astype("Int64")
    return series.round(FILE_DECIMALS)


def file_frame(table: UnitTable) -> pd.DataFrame:
    """The table as written to the files: with the note column when the data are sample."""
    frame = table.frame.copy()
    if table.note:
        frame[t("note", table.lang)] = table.note
    return frame


def csv_bytes(table: UnitTable) -> bytes:
    """UTF-8 CSV with a byte-order mark (Excel then reads the diacritics right)."""
    return file_frame(table).to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(table: UnitTable, made_at: datetime | None = None) -> bytes:
    """An XLSX workbook: the data sheet (codes as text cells, numbers as numbers, a missing
    value as an empty cell) and a sheet saying what the data are."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    lang = table.lang
    frame = file_frame(table)
    book = Workbook()
    sheet = book.active
    sheet.title = t("xlsx_sheet_data", lang)
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append([None if pd.isna(v) else (v.item() if hasattr(v, "item") else v) for v in row])
    code_letter = get_column_letter(frame.columns.get_loc(table.code) + 1)
    for (cell,) in sheet[f"{code_letter}2:{code_letter}{len(frame) + 1}"]:
        cell.number_format = "@"  # text: "04" stays "04" when edited in Excel
    for index, column in enumerate(frame.columns, start=1):
        width = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200)])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = "A2"
    about = book.create_sheet(t("xlsx_sheet_about", lang))
    made = made_at or datetime.now(UTC)
    for key, value in (
        ("metric", table.metric.label(lang)),
        ("unit", table.metric.unit(lang)),
        ("period", human_period(table.period, lang)),
        ("xlsx_area", table.area),
        ("source", table.metric.source(lang)),
        ("note", table.note),
        ("xlsx_made_at", human_timestamp(made.isoformat(), lang)),
    ):
        if value:
            about.append([t(key, lang), value])
    about.column_dimensions["A"].width = 22
    about.column_dimensions["B"].width = 100
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def styled(table: UnitTable):
    """The frame for the screen: numbers in the UI's format, sorted by their values."""
    lang, decimals = table.lang, table.metric.decimals
    formats: dict[str, Callable[[object], str]] = {
        header: (lambda v: count(v, lang)) for header in table.numbers
    }
    if not table.metric.is_categorical:
        formats[table.value] = lambda v: number(v, lang, decimals)
    return table.frame.style.format(formats, na_rep=t("no_data", lang))


# --- Streamlit ----------------------------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=32)
def _counts(revision: str, key: str, period: str, level: str, _registry) -> pd.DataFrame:
    return rate_counts(_registry.store, key, period, level)


def view_table(
    version: str,
    registry: metrics.Registry,
    metric: metrics.Metric,
    period: str,
    values: pd.Series,
    level: str,
    area: str,
    lang: str,
) -> UnitTable:
    """The table of a view: ``values`` of the units in view (by code), at ``level``."""
    if level == "province":
        units = pd.DataFrame({"name": pd.Series(data.province_names(version, lang))})
    else:
        table = data.commune_table(version)
        names = (
            [unit_label(n, u, "en") for n, u in zip(table["name"], table["unit_type"], strict=True)]
            if lang == "en"
            else table["full_name"].tolist()
        )
        provinces = data.province_names(version, lang)
        units = pd.DataFrame(
            {"name": names, "province": table["province_code"].map(provinces).tolist()},
            index=table.index,
        )
    counts = None
    if count_columns(metric.key, level) and registry.store is not None:
        counts = _counts(registry.revision, metric.key, period, level, registry)
    coverage = (
        service_metrics.coverage(registry, metric.key, period) if level == "province" else None
    )
    return build_table(values, units, metric, period, level, area, lang, counts, coverage)


def unit_table_section(
    make_table: Callable[[], UnitTable], n_units: int, level: str, lang: str
) -> None:
    """The table of ``n_units`` units at ``level`` in an expander beside the top and bottom
    five, with its downloads; ``make_table`` builds it, only when the expander is open."""
    # Tracked (a rerun when opened or closed) so that the table is built and drawn only when
    # opened: a table in a closed expander still mounts its grid in the browser, and held
    # back the map of a province opened from the country map by about 0.15 s.
    expander = st.expander(
        t(f"unit_table_{level}", lang, count=n_units),
        key="unit_table_expander",
        on_change="rerun",
    )
    if not expander.open:
        return
    table = make_table()
    with expander:
        st.caption(
            f"{human_period(table.period, lang)} · {t('source', lang)}: "
            f"{table.metric.source(lang)} · {t('unit_table_sort', lang)}"
        )
        st.dataframe(
            styled(table),
            hide_index=True,
            height=TABLE_HEIGHT,
            column_config={
                table.code: st.column_config.TextColumn(width=CODE_WIDTH),
                table.name: st.column_config.TextColumn(width=NAME_WIDTH),
                # The header is cut at this width: its full text on hover.
                table.value: st.column_config.Column(width=VALUE_WIDTH, help=table.value),
            },
            key="unit_table",
        )
        with st.container(horizontal=True, gap="small"):
            for extension, mime, make in (
                ("csv", CSV_MIME, csv_bytes),
                ("xlsx", XLSX_MIME, xlsx_bytes),
            ):
                st.download_button(
                    t(f"download_{extension}", lang),
                    # Made when clicked (an XLSX of 3,321 rows takes about 0.6 s), not each run.
                    data=partial(make, table),
                    file_name=table.file_name(extension),
                    mime=mime,
                    on_click="ignore",
                    key=f"unit_table_{extension}",
                    icon=":material/download:",
                )
