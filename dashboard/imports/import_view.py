"""Rendering of the data-import page: the upload check, join doctor, import, log.

:func:`handle_upload` takes the bytes of an upload and renders what :func:`prepare` says about
them (validation problems as a table, or the join doctor and the corrected-file downloads); it
stores nothing. Text from an upload is only ever shown through ``st.dataframe`` / ``st.text``
or :func:`~loaders.metrics.safety.escape_html`, never as raw HTML/markdown. Widget keys start
with ``imp_``.
"""

from __future__ import annotations

import logging
import re
import uuid
from pathlib import PurePath

import pandas as pd
import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from dashboard.core.i18n import CATALOGUE, t
from dashboard.core.markdown_text import md_escape
from dashboard.core.numbers import count, shown_table
from loaders import users
from loaders.metrics import importer, store, templates
from loaders.metrics.db_reasons import db_reason
from loaders.metrics.errors import MetricsInputError
from loaders.metrics.join import STATUSES
from loaders.metrics.safety import SAMPLE_LABEL

KINDS = ("metrics", "volunteers", "dossiers")
FORMATS = ("csv", "xlsx")
SPLIT_RULES = ("equal", "area")
LOG_COLUMNS = [
    "id",
    "kind",
    "file_name",
    "started_at",
    "imported_by",
    "outcome",
    "rows_read",
    "rows_stored",
    "rows_added",
    "rows_replaced",
    "rows_removed",
    "rows_kept",
    "periods",
    "message",
    "is_sample",
]
_LOG = logging.getLogger(__name__)
#: Units named in the confirmation of a removal.
FIRST_UNITS = 5
MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# --- Pure helpers -----------------------------------------------------------------------------


def problems_frame(problems, lang: str = "vi") -> pd.DataFrame:
    """The problems of an error as a table: file, row, column, problem (worded in
    ``lang``)."""
    return pd.DataFrame(
        {
            t("import.col_file", lang): [p.file for p in problems],
            t("import.col_row", lang): pd.array([p.row for p in problems], dtype="Int64"),
            t("import.col_column", lang): [p.column or "" for p in problems],
            t("import.col_problem", lang): [p.text(lang) for p in problems],
        }
    )


def province_summary(prepared: importer.Prepared, lang: str = "vi") -> pd.DataFrame:
    """The join doctor's per-province counts, rows of no known province named in ``lang``."""
    table = prepared.join.summary()
    table.loc[table["province_code"] == "", "province_name"] = t("import.unknown_province", lang)
    return table


def summary_frame(prepared: importer.Prepared, lang: str = "vi") -> pd.DataFrame:
    """The join doctor's per-province counts with translated headers."""
    table = province_summary(prepared, lang)
    return table.rename(
        columns={
            "province_code": t("import.province_code", lang),
            "province_name": t("import.province", lang),
            **{s: t(f"import.{s}", lang) for s in STATUSES},
            "total": t("import.total", lang),
        }
    )


#: Columns of the join doctor's rows, in the order shown (``_row`` is the file's row).
DOCTOR_COLUMNS = (
    "_row",
    "input_code",
    "input_name",
    "input_province",
    "status",
    "method",
    "confidence",
    "code",
    "old_code",
    "matched_name",
    "province_code",
    "province_name",
    "candidates",
    "note",
)


def doctor_rows_frame(rows: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The join doctor's rows with headers, statuses, match methods, notes and candidates in
    ``lang`` (names and codes stay as the file and the register write them)."""
    shown = rows[[c for c in DOCTOR_COLUMNS if c in rows]].copy()
    for column, words in (
        ("note", "notes"),
        ("candidates", "candidate_list"),
        ("matched_name", "matched_words"),
    ):
        if words in rows and column in shown:
            shown[column] = [
                "; ".join(m if isinstance(m, str) else m.render(lang) for m in part)
                for part in rows[words]
            ]
    text = shown.select_dtypes(exclude="number").columns
    # an empty cell stays empty: the table would print a missing value as "None"
    shown[text] = shown[text].astype(object).where(shown[text].notna(), "")
    shown["status"] = shown["status"].map(lambda s: t(f"import.{s}", lang) if s in STATUSES else s)
    shown["method"] = shown["method"].map(
        lambda m: t(f"import.method_{m}", lang) if f"import.method_{m}" in CATALOGUE else m
    )
    headers = {"_row": t("import.col_row", lang), "status": t("import.status", lang)}
    headers["province_code"] = t("import.province_code", lang)
    headers["province_name"] = t("import.province", lang)
    return shown.rename(columns={c: headers.get(c) or t(f"import.col_{c}", lang) for c in shown})


def log_table(log: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The import log with headers, kinds, outcomes and yes/no in ``lang``."""
    shown = log[[c for c in LOG_COLUMNS if c in log]].copy()
    shown["kind"] = shown["kind"].map(lambda k: t(f"import.kind_{k}", lang) if k in KINDS else k)
    shown["outcome"] = shown["outcome"].map(
        lambda o: t(f"import.outcome_{o}", lang) if f"import.outcome_{o}" in CATALOGUE else o
    )
    if "imported_by" in shown:  # the sample's loads and older logs name nobody
        shown["imported_by"] = (
            shown["imported_by"].astype(object).where(shown["imported_by"].notna(), "")
        )
    shown["is_sample"] = shown["is_sample"].map(
        lambda b: t("import.yes" if b else "import.no", lang)
    )
    if lang == "vi" and "message_vi" in log:  # the English where an older log has no words
        worded = log["message_vi"].where(log["message_vi"].notna(), log["message"])
        shown["message"] = worded.to_numpy()
    headers = {"file_name": t("import.col_file", lang)}
    return shown.rename(columns={c: headers.get(c) or t(f"import.col_{c}", lang) for c in shown})


def _rows(n: int, lang: str) -> str:
    """ "3 dòng" / "1 row", "3 rows": a number of file or stored rows."""
    return t("import.n_rows", lang, count=n)


def safe_stem(name: str) -> str:
    """A download file name stem made from an upload's name (letters, digits, ``_-.`` only)."""
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", PurePath(name).stem).strip("._")
    return stem[:60] or "upload"


# --- Cached work ------------------------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=12)
def template(kind: str, fmt: str, lang: str, provinces: tuple[str, ...] = ()) -> bytes:
    """The template file; ``provinces`` (2-digit codes, or ``("all",)``) pre-fills one row
    per commune of those provinces, none gives the header row only."""
    return templates.template_bytes(kind, fmt, lang, list(provinces) or None)


@st.cache_data(show_spinner=False, max_entries=4)
def _prepare(
    data: bytes,
    name: str,
    kind: str | None,
    period: str | None,
    split_rule: str,
    on_unmatched: str,
    allowed: tuple[str, ...] | None = None,
) -> importer.Prepared:
    return importer.prepare(
        data, name, kind, period, split_rule, on_unmatched, allowed_provinces=allowed
    )


# --- Rendering --------------------------------------------------------------------------------


def render_status(engine: Engine, lang: str = "vi") -> dict[str, str]:
    """The status banner: ``SAMPLE_LABEL`` prominently for every kind that is not real."""
    status = store.data_status(engine)
    for kind, state in status.items():
        label = t(f"import.kind_{kind}", lang)
        if state in ("sample", "mixed"):
            st.error(f"**{SAMPLE_LABEL}** — {label}: {t(f'import.status_{state}', lang)}")
        elif state == "empty":
            st.warning(f"**{SAMPLE_LABEL}** — {label}: {t('import.status_empty', lang)}")
        else:
            st.success(f"{label}: {t('import.status_real', lang)}")
    return status


def render_templates(lang: str = "vi") -> None:
    """Download buttons for the CSV and XLSX template of every kind, pre-filled with the
    communes of the provinces chosen (code, name and province of each)."""
    header_lang = st.radio(
        t("import.template_lang", lang),
        ("vi", "en"),
        format_func=lambda code: t(f"import.lang_{code}", lang),
        horizontal=True,
        key="imp_tpl_lang",
    )
    provinces = _template_provinces(lang)
    for kind in KINDS:
        # A dossier export has one row per dossier, not per commune: never pre-filled.
        chosen = () if kind == "dossiers" else provinces
        columns = st.columns([3, 1, 1])
        columns[0].text(t(f"import.kind_{kind}", lang))
        for column, fmt in zip(columns[1:], FORMATS, strict=True):
            column.download_button(
                t(f"import.download_{fmt}", lang),
                # Built when clicked: a national template is not made on every rerun.
                data=lambda kind=kind, fmt=fmt, chosen=chosen: template(
                    kind, fmt, header_lang, chosen
                ),
                file_name=templates.template_name(kind, fmt, header_lang, list(chosen) or None),
                mime=MIME[fmt],
                key=f"imp_tpl_{kind}_{fmt}",
            )


def _template_provinces(lang: str) -> tuple[str, ...]:
    """The provinces whose communes the templates list: 2-digit codes, ``("all",)`` for the
    whole country, ``()`` for a header row only."""
    from loaders.register import new_provinces

    names = dict(new_provinces()[["code", "full_name"]].itertuples(index=False))
    every = t("import.template_all_provinces", lang)
    chosen = st.multiselect(
        t("import.template_provinces", lang),
        ["all", *names],
        format_func=lambda code: every if code == "all" else names[code],
        key="imp_tpl_provinces",
        placeholder=t("import.template_provinces_placeholder", lang),
        help=t("import.template_provinces_help", lang),
    )
    return ("all",) if "all" in chosen else tuple(chosen)


def handle_upload(
    data: bytes,
    name: str,
    *,
    kind: str | None = None,
    period: str | None = None,
    split_rule: str = "equal",
    on_unmatched: str = "fail",
    lang: str = "vi",
    allowed: frozenset[str] | None = None,
) -> importer.Prepared | None:
    """Check an upload (nothing is stored) and render the result.

    ``allowed`` are the provinces whose rows the user may import (None: every province):
    rows of any other are problems that refuse the file, each named.

    Validation errors appear as a table (file, row, column, problem) and ``None`` is
    returned. Otherwise the join doctor is shown (counts per province, the rows behind a
    chosen province and status, corrected-file downloads) and the :class:`Prepared` is
    returned; it may still hold blocking ``problems`` (unmatched rows), shown as a table.
    """
    st.text(f"{t('import.file_name', lang)}: {name} ({count(len(data), lang)} B)")
    try:
        scope = None if allowed is None else tuple(sorted(allowed))
        prepared = _prepare(data, name, kind, period, split_rule, on_unmatched, scope)
    except MetricsInputError as error:
        problems = list(getattr(error, "problems", []))
        total = getattr(error, "total", len(problems))
        st.error(t("import.invalid", lang, count=total))
        st.dataframe(problems_frame(problems, lang), hide_index=True, key="imp_problems")
        return None
    except ValueError as error:  # an option the backend refuses (e.g. a malformed period)
        st.error(t("import.invalid", lang, count=1))
        st.text(str(error))
        return None

    if prepared.problems:
        # rows of provinces the user may not import are said apart: they need no fixing
        outside = sum(p.key == "data.other_province" for p in prepared.problems)
        if len(prepared.problems) > outside:
            st.error(t("import.blocking", lang, count=len(prepared.problems) - outside))
        if outside:
            st.error(t("auth.other_provinces", lang, count=outside))
        st.dataframe(problems_frame(prepared.problems, lang), hide_index=True, key="imp_problems")
    else:
        st.success(
            t(
                "import.valid",
                lang,
                rows=_rows(prepared.rows_read, lang),
                stored=_rows(len(prepared.rows), lang),
            )
        )
    if prepared.ignored_columns:
        st.text(f"{t('import.ignored', lang)}: {', '.join(map(str, prepared.ignored_columns))}")
    if prepared.skipped_rows:
        st.text(t("import.skipped", lang, n=prepared.skipped_rows))

    st.subheader(t("import.doctor_header", lang))
    counts = prepared.join.counts
    metrics = st.columns(len(STATUSES))
    for column, status in zip(metrics, STATUSES, strict=True):
        column.metric(t(f"import.{status}", lang), count(counts[status], lang))
    summary = province_summary(prepared, lang)
    st.dataframe(
        shown_table(summary_frame(prepared, lang), lang), hide_index=True, key="imp_summary"
    )

    provinces = dict(zip(summary["province_code"], summary["province_name"], strict=True))
    if provinces:
        left, right = st.columns(2)
        province = left.selectbox(
            t("import.province", lang),
            list(provinces),
            format_func=lambda code: f"{code} {provinces[code]}".strip(),
            key="imp_doc_province",
        )
        default = next((s for s in STATUSES if s != "matched" and counts[s]), "matched")
        status = right.selectbox(
            t("import.status", lang),
            STATUSES,
            index=STATUSES.index(default),
            format_func=lambda s: t(f"import.{s}", lang),
            key="imp_doc_status",
        )
        rows = prepared.join.rows_for(province, status)
        st.text(f"{t('import.rows_behind', lang)}: {count(len(rows), lang)}")
        if len(rows):
            st.dataframe(
                shown_table(doctor_rows_frame(rows, lang), lang, 2),
                hide_index=True,
                key="imp_doc_rows",
            )
        else:
            st.text(t("import.no_rows", lang))

    stem = safe_stem(name)
    left, right = st.columns(2)
    for column, fmt in ((left, "xlsx"), (right, "csv")):
        column.download_button(
            t(f"import.corrected_{fmt}", lang),
            # Made when asked for, not on every upload: a national year's corrected XLSX
            # is 40,000 rows of 24 cells.
            data=lambda fmt=fmt: prepared.corrected_file(fmt, lang),
            file_name=f"{stem}_corrected.{fmt}",
            mime=MIME[fmt],
            key=f"imp_corrected_{fmt}",
        )
    return prepared


def render_plan(engine: Engine, prepared: importer.Prepared, lang: str = "vi") -> int | None:
    """Show what the import will do per (period, province): rows to add and replace, and
    stored rows of units not in the file. When there are such rows, ask (unticked by
    default) whether to remove them, naming the count and the first units.

    Returns the number of rows the user agreed to remove (0 when there are none or they
    are kept), or None when the store cannot be read (the reason is shown).
    """
    try:
        plan, counts = importer.plan(engine, prepared)
    except importer.ImportFailed as error:
        st.error(t(f"import.db_{error.reason}", lang))
        return None
    st.markdown(f"**{t('import.plan_header', lang)}**")
    shown = pd.DataFrame(
        {
            t("import.plan_period", lang): plan["period"],
            t("import.province_code", lang): plan["province_code"],
            t("import.plan_in_file", lang): plan["in_file"],
            t("import.plan_added", lang): plan["added"],
            t("import.plan_replaced", lang): plan["replaced"],
            t("import.plan_missing", lang): plan["missing"],
            t("import.plan_first_missing", lang): [
                ", ".join(codes[:FIRST_UNITS]) + (" …" if len(codes) > FIRST_UNITS else "")
                for codes in plan["missing_units"]
            ],
        }
    )
    st.dataframe(shown_table(shown, lang), hide_index=True, key="imp_plan")
    st.text(
        t(
            "import.plan_total",
            lang,
            added=_rows(counts.added, lang),
            replaced=_rows(counts.replaced, lang),
        )
    )
    if counts.sample_removed:
        st.text(t("import.plan_sample", lang, count=counts.sample_removed))
    if not counts.missing:
        return 0
    codes = sorted({c for units in plan["missing_units"] for c in units})
    rows, units = _rows(counts.missing, lang), t("import.n_units", lang, count=len(codes))
    st.warning(t("import.plan_missing_kept", lang, rows=rows, units=units))
    names = _unit_names()
    first = ", ".join(f"{c} {names.get(c, '')}".strip() for c in codes[:FIRST_UNITS])
    first += " …" if len(codes) > FIRST_UNITS else ""
    remove = st.checkbox(
        t("import.replace_missing", lang, rows=rows, units=units, first=md_escape(first)),
        value=False,
        key="imp_replace_missing",
        help=t("import.replace_missing_help", lang),
    )
    return counts.missing if remove else 0


@st.cache_data(show_spinner=False)
def _unit_names() -> dict[str, str]:
    from loaders.register import new_units

    units = new_units()
    return dict(zip(units["code"], units["full_name"], strict=True))


def run_import(
    engine: Engine,
    identity: users.Identity | None,
    data: bytes,
    name: str,
    *,
    kind: str | None = None,
    period: str | None = None,
    split_rule: str = "equal",
    on_unmatched: str = "fail",
    remove: int = 0,
    lang: str = "vi",
) -> tuple[bool, str, pd.DataFrame | None]:
    """Import (all or nothing, logged) as ``identity``, read again from the database now:
    refused when it is anonymous, a viewer, disabled or removed; an editor's file may hold
    rows of their provinces only. ``remove`` is the number of stored rows of units not in the
    file the user agreed to remove (0: they are kept). Returns ``(ok, message, problems or
    None)``; a database failure gives its reason in the UI's language, never the driver's
    text (it may carry the SQL and its parameters)."""
    try:
        identity = users.refresh(engine, identity)
    except SQLAlchemyError as error:
        return False, t(f"import.db_{db_reason(error)}", lang), None
    if identity is None or not identity.can_import_any:
        _LOG.warning(
            "import of %r refused: %s may not import",
            name,
            identity.who if identity else "anonymous",
        )
        return False, t("auth.import_refused", lang), None
    try:
        report = importer.import_file(
            engine,
            data,
            name,
            kind,
            period,
            split_rule,
            on_unmatched,
            replace_missing=remove > 0,
            max_removed=remove if remove > 0 else None,
            allowed_provinces=identity.allowed_provinces,
            imported_by=identity.who,
        )
    except MetricsInputError as error:
        return (
            False,
            error.headline(lang),
            problems_frame(list(getattr(error, "problems", [])), lang),
        )
    except importer.ImportFailed as error:
        return False, t(f"import.db_{error.reason}", lang), None
    counts = report.counts
    message = t(
        "import.import_counts",
        lang,
        added=_rows(counts.added, lang),
        replaced=_rows(counts.replaced, lang),
        removed=_rows(counts.removed, lang),
        kept=_rows(counts.kept, lang),
    )
    return True, f"{message}\n{report.summary(lang)}", None


def error_id() -> str:
    """A short id that ties a message shown to the user to the server log's details."""
    return uuid.uuid4().hex[:8]


def render_log(engine: Engine, lang: str = "vi") -> None:
    log = store.import_log(engine)
    if log.empty:
        st.text(t("import.log_empty", lang))
        return
    st.dataframe(shown_table(log_table(log, lang), lang), hide_index=True, key="imp_log")
