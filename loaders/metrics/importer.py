"""Import a file: read → validate → join → convert → store, all or nothing.

:func:`prepare` does everything but storing and never touches a database: the upload page
calls it to show validation problems and the join doctor before the user confirms.
:func:`import_file` prepares and stores in one transaction, and records every attempt in the
import log (file name, sha256, time, rows, outcome) whether it succeeds or not.

Rows the join doctor could not settle (ambiguous or unmatched) block the import by default
(``on_unmatched="fail"``); ``"skip"`` imports the matched rows and records how many were
skipped. The corrected file (:meth:`Prepared.corrected_file`) lets the user fix them.
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path, PurePath

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from loaders.messages import Message, msg
from loaders.metrics import store
from loaders.metrics.convert import convert_metrics, convert_volunteers
from loaders.metrics.db_reasons import REASON_TEXT, db_reason
from loaders.metrics.dossiers import aggregate_dossiers
from loaders.metrics.errors import MetricsInputError, Problem, UploadRejected, ValidationFailed
from loaders.metrics.join import PROVINCE_NOTES, JoinResult, corrected_table, join_units
from loaders.metrics.readers import decode_text, read_upload, sniff_delimiter, xlsx_headers
from loaders.metrics.safety import (
    MAX_CELLS,
    MAX_ROWS,
    check_upload_size,
    to_csv_bytes,
    to_xlsx_bytes,
)
from loaders.metrics.schemas import SCHEMAS, detect_kind
from loaders.metrics.scope import outside_provinces
from loaders.metrics.validation import Checked, validate_table

KINDS = ("metrics", "volunteers", "dossiers")
_LOG = logging.getLogger(__name__)


class ImportFailed(RuntimeError):
    """The database refused the write; nothing was stored (the attempt is logged when the
    database still takes the log). ``reason`` is one of
    :data:`~loaders.metrics.db_reasons.DB_REASONS`."""

    def __init__(self, message: str, reason: str = "database"):
        super().__init__(message)
        self.reason = reason


def _safe_log_failure(
    engine: Engine, kind: str | None, log: dict, why: Message | MetricsInputError
) -> None:
    """Record a failed attempt, saying ``why`` in English and Vietnamese; when the database
    cannot take even that (locked, lost, full), say so in the server log instead of
    raising over the first error."""
    if isinstance(why, MetricsInputError):
        message, message_vi = why.describe("en"), why.describe("vi")
    else:
        message, message_vi = why.render("en"), why.render("vi")
    try:
        store.log_failure(engine, kind, log, message, message_vi)
    except Exception as error:  # the log is best effort: the first error is the answer
        _LOG.warning(
            "could not record the failed import of %s (%s): %s",
            log["file_name"],
            message.splitlines()[0] if message else "",
            getattr(error, "orig", None) or error,
        )


@dataclass
class Prepared:
    """A file checked, joined and converted, ready to store.

    ``rows`` are the rows to store (new units); ``join`` is the join doctor's result;
    ``problems`` are join/conversion problems that block the import.
    """

    kind: str
    file_name: str
    sha256: str
    size_bytes: int
    rows_read: int
    join: JoinResult
    rows: pd.DataFrame
    checked_frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    skipped_rows: int = 0
    #: Rows naming a unit and nothing else (a pre-filled template's unfilled rows): not data.
    unfilled_rows: int = 0

    @property
    def store_kind(self) -> str:
        """The table the rows go to: dossier exports become ``metrics``."""
        return "volunteers" if self.kind == "volunteers" else "metrics"

    def corrected_table(self, lang: str = "vi") -> pd.DataFrame:
        """The input rows with matched codes and official names filled in (see
        :func:`loaders.metrics.join.corrected_table`)."""
        schema_kind = "metrics" if self.kind == "dossiers" else self.kind
        return corrected_table(self.checked_frame, self.join, lang, schema_kind)

    def corrected_file(self, fmt: str = "xlsx", lang: str = "vi") -> bytes:
        """The corrected file as XLSX or CSV bytes (formula-neutralised)."""
        table = self.corrected_table(lang)
        if fmt == "csv":
            return to_csv_bytes(table)
        codes = [
            c for c in table.columns if c in ("Mã đơn vị", "unit_code", "Mã tỉnh", "province_code")
        ]
        return to_xlsx_bytes({"Dữ liệu" if lang == "vi" else "data": table}, text_columns=codes)


@dataclass
class ImportReport:
    """What an import stored."""

    import_id: int
    kind: str
    file_name: str
    sha256: str
    rows_read: int
    rows_stored: int
    periods: list[str]
    skipped_rows: int
    converted_units: int
    allocated_units: int
    join_counts: dict[str, int]
    ignored_columns: list[str]
    counts: store.ImportCounts = field(default_factory=store.ImportCounts)

    def summary(self, lang: str = "en") -> str:
        """One paragraph for the CLI (English) or the UI (``lang``)."""
        return "".join(m.render(lang) for m in self.summary_messages())

    def summary_messages(self) -> list[Message]:
        """The parts of :meth:`summary`, as messages."""
        parts = [
            msg(
                "data.summary",
                file=self.file_name,
                rows_read=msg("data.n_rows", count=self.rows_read),
                rows_stored=self.rows_stored,
                kind=msg(f"data.kind_{self.kind}"),
                periods=", ".join(self.periods) or msg("data.no_period"),
                id=str(self.import_id),
                sha=self.sha256[:12],
            )
        ]
        if self.converted_units:
            parts.append(
                msg(
                    "data.summary_converted",
                    n=self.converted_units,
                    allocated=self.allocated_units,
                )
            )
        if self.skipped_rows:
            parts.append(msg("data.summary_skipped", count=self.skipped_rows))
        if self.ignored_columns:
            parts.append(msg("data.summary_ignored", columns=", ".join(self.ignored_columns)))
        c = self.counts
        parts.append(
            msg(
                "data.summary_counts",
                added=msg("data.n_rows", count=c.added),
                replaced=c.replaced,
                removed=c.removed,
            )
        )
        if c.kept:
            parts.append(msg("data.summary_kept", count=c.kept))
        if c.sample_removed:
            parts.append(msg("data.summary_sample", count=c.sample_removed))
        return parts


def _read_bytes(source: bytes | str | Path, file_name: str | None) -> tuple[bytes, str]:
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source), PurePath(file_name or "upload").name
    path = Path(source)
    name = PurePath(file_name or path.name).name
    try:
        size = path.stat().st_size
    except OSError as error:
        raise UploadRejected(name, "data.cannot_read", detail=error.strerror) from error
    check_upload_size(size, name)
    return path.read_bytes(), name


def sniff_kind(data: bytes, file_name: str) -> str:
    """The schema of a file from its headers (raises ``UploadRejected`` when none fits)."""
    if data[:4] == b"PK\x03\x04":
        headers = xlsx_headers(data, file_name)
    else:
        text = (
            decode_text(data[:65536], file_name)
            if len(data) <= 65536
            else data[:65536].decode("utf-8", errors="ignore")
        )
        first = next((line for line in text.splitlines() if line.strip()), "")
        if not first:  # nothing but blanks: say so, not the CSV parser's complaint
            raise UploadRejected(file_name, "data.empty_file")
        headers = next(
            iter(
                pd.read_csv(
                    io.StringIO(first), sep=sniff_delimiter(first), header=None, dtype=str
                ).itertuples(index=False, name=None)
            ),
            (),
        )
        headers = ["" if h != h else str(h) for h in headers]
    return _kind_of(headers, file_name)


def _kind_of(headers: list[str], file_name: str) -> str:
    kind = detect_kind(headers)
    if kind is None:
        raise UploadRejected(file_name, "data.no_known_headers")
    return kind


def prepare(
    source: bytes | str | Path,
    file_name: str | None = None,
    kind: str | None = None,
    period: str | None = None,
    split_rule: str = "equal",
    on_unmatched: str = "fail",
    max_period: str | None = None,
    allowed_provinces: Collection[str] | None = None,
) -> Prepared:
    """Read, validate, join and convert a file without storing anything.

    ``kind`` is ``"metrics"``, ``"volunteers"``, ``"dossiers"`` or None (detected from the
    headers). ``period`` (``YYYY-MM``) is the import period; ``split_rule`` the allocation
    rule for split former units (``"equal"`` or ``"area"``); ``on_unmatched`` ``"fail"``
    (ambiguous/unmatched rows go into ``problems``) or ``"skip"`` (they are left out).
    ``allowed_provinces`` (2-digit codes; None: every province) are the provinces whose
    rows may be stored: a row of any other is a problem naming it, and the file is refused
    whole. Raises :class:`~loaders.metrics.errors.MetricsInputError` for an unreadable or
    invalid file.
    """
    if on_unmatched not in ("fail", "skip"):
        raise ValueError("on_unmatched must be 'fail' or 'skip'")
    data, name = _read_bytes(source, file_name)
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    try:
        digest = hashlib.sha256(data).hexdigest()
        raw = None
        if data[:4] == b"PK\x03\x04":  # an XLSX is parsed once, its headers give the kind
            # The header row alone (streamed) gives the kind, and so the limits the sheet is
            # held to while it is streamed: a metrics file of a million rows is refused
            # before any reader builds it in memory.
            kind = kind or _kind_of(xlsx_headers(data, name), name)
            check_upload_size(len(data), name, kind)
            if kind != "dossiers":  # a dossier export is read in chunks by its aggregation
                raw = read_upload(data, name, kind, max_rows=MAX_ROWS, max_cells=MAX_CELLS)
        kind = kind or sniff_kind(data, name)
        check_upload_size(len(data), name, kind)
        if kind == "dossiers":
            aggregate = aggregate_dossiers(
                raw if raw is not None else data, name, period, max_period
            )
            frame = aggregate.frame
            rows_read = aggregate.rows_read
            ignored: list[str] = []
            unfilled = 0
        else:
            raw = raw if raw is not None else read_upload(data, name, kind)
            checked: Checked = validate_table(raw, kind, period, max_period)
            frame = checked.frame
            rows_read = len(frame)
            ignored = checked.ignored
            unfilled = checked.unfilled_rows
        if rows_read == 0:  # a header-only file would otherwise "import" nothing, logged ok
            raise UploadRejected(name, "data.no_data_rows")
    except MetricsInputError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as error:
        # a file shaped in a way no check foresaw: still a clear answer, never a crash
        raise UploadRejected(
            name, "data.unreadable", detail=f"{type(error).__name__}: {error}"
        ) from error

    join = join_units(frame)
    problems: list[Problem] = []
    unsettled = join.rows["status"] != "matched"
    skipped = 0
    if unsettled.any():
        if on_unmatched == "fail":
            problems += _join_problems(join, name, kind, frame)
        else:
            skipped = int(unsettled.sum())
    keep = ~unsettled.to_numpy()
    matched_rows = join.rows[keep].reset_index(drop=True)
    matched_frame = frame[keep].reset_index(drop=True)
    if kind == "volunteers":
        rows = convert_volunteers(matched_frame, matched_rows)
    else:
        rows, more = convert_metrics(matched_frame, matched_rows, name, split_rule)
        rows["source"] = kind
        problems += more
    problems += outside_provinces(rows, matched_rows, name, kind, allowed_provinces)
    return Prepared(
        kind,
        name,
        digest,
        len(data),
        rows_read,
        join,
        rows,
        frame,
        problems,
        ignored,
        skipped,
        unfilled,
    )


def _join_problems(join: JoinResult, name: str, kind: str, frame: pd.DataFrame) -> list[Problem]:
    schema = SCHEMAS["metrics" if kind == "dossiers" else kind]
    column = (
        schema.field("unit_code").vi
        if "unit_code" in frame and frame["unit_code"].notna().any()
        else schema.field("unit_name").vi
    )
    province_column = (
        schema.field("province_name").vi
        if "province_name" in frame and frame["province_name"].notna().any()
        else schema.field("province_code").vi
    )
    out = []
    bad = join.rows[join.rows["status"] != "matched"]
    for file_row, status, code, unit, notes, candidates in zip(
        bad["_row"],
        bad["status"],
        bad["input_code"],
        bad["input_name"],
        bad["notes"],
        bad["candidate_list"],
        strict=True,
    ):
        what = _text(code) or _text(unit) or "?"
        cell = column
        if any(m.key in PROVINCE_NOTES for m in notes):
            cell = province_column  # the province cell contradicts the codes: name it
        problem = msg(
            "data.join_problem",
            status=msg(f"data.status_{status}"),
            what=what,
            note=msg("data.join_note", notes=list(notes)) if notes else "",
            candidates=msg("data.join_candidates", candidates=list(candidates))
            if candidates
            else "",
        )
        out.append(Problem.of(name, int(file_row), cell, problem))
    return out


def _text(value: object) -> str:
    return "" if value is None or value is pd.NA or value != value else str(value)


def import_file(
    engine: Engine,
    source: bytes | str | Path,
    file_name: str | None = None,
    kind: str | None = None,
    period: str | None = None,
    split_rule: str = "equal",
    on_unmatched: str = "fail",
    max_period: str | None = None,
    replace_missing: bool = False,
    max_removed: int | None = None,
    allowed_provinces: Collection[str] | None = None,
    imported_by: str | None = None,
) -> ImportReport:
    """Import a CSV or XLSX into ``engine``'s database, all or nothing (see :func:`prepare`).

    Stored rows of units absent from the file are kept unless ``replace_missing`` (see
    :func:`~loaders.metrics.store.store_import`; :func:`plan` says how many beforehand);
    ``max_removed`` is the count the user confirmed (more fails with reason ``changed``).
    Every attempt is recorded in the import log with what it added, replaced, removed and
    kept, or why it failed, and ``imported_by`` (who: a username, ``cli:<OS user>``).
    ``allowed_provinces`` limits the rows to those provinces (see :func:`prepare`). Raises
    :class:`~loaders.metrics.errors.MetricsInputError` (the file is at fault) or
    :class:`ImportFailed` (the database refused, see ``reason``); in both cases nothing was
    stored.
    """
    started = store.now()
    try:
        data, name = _read_bytes(source, file_name)
    except UploadRejected as error:
        _safe_log_failure(
            engine,
            kind,
            {
                "file_name": PurePath(file_name or str(source)).name,
                "sha256": "",
                "started_at": started,
                "imported_by": imported_by,
            },
            error,
        )
        raise
    log = {
        "file_name": name,
        "sha256": hashlib.sha256(data).hexdigest(),
        "size_bytes": len(data),
        "started_at": started,
        "imported_by": imported_by,
    }
    try:
        prepared = prepare(
            data, name, kind, period, split_rule, on_unmatched, max_period, allowed_provinces
        )
        if prepared.problems:
            raise ValidationFailed(prepared.problems)
        if prepared.rows.empty:
            raise UploadRejected(name, "data.nothing_matched")
    except MetricsInputError as error:
        _safe_log_failure(engine, kind, log, error)
        raise
    log.update(
        rows_read=prepared.rows_read,
        is_sample=False,
    )
    skipped = msg("data.log_skipped", count=prepared.skipped_rows)
    log["message"] = skipped.render("en") if prepared.skipped_rows else ""
    log["message_vi"] = skipped.render("vi") if prepared.skipped_rows else ""
    try:
        import_id, counts = store.store_import(
            engine, prepared.store_kind, prepared.rows, log, replace_missing, max_removed
        )
    except store.RemovalNotConfirmed as error:
        _safe_log_failure(
            engine,
            prepared.kind,
            log,
            msg("data.log_not_imported", removed=error.removed, confirmed=error.confirmed),
        )
        raise ImportFailed(f"{name}: {REASON_TEXT['changed']}", "changed") from error
    except SQLAlchemyError as error:
        reason = db_reason(error)
        # The server log keeps the driver's message; the user and the import log get the
        # reason only (the statement's parameters may hold uploaded text).
        _LOG.warning("import of %s failed in the database: %s", name, error.orig or error)
        why = msg("data.log_db_error", reason=msg(f"data.db_{reason}"))
        _safe_log_failure(engine, prepared.kind, log, why)
        raise ImportFailed(
            f"{name}: {REASON_TEXT[reason]}; nothing was stored ({type(error).__name__})",
            reason,
        ) from error
    rows = prepared.rows
    return ImportReport(
        import_id=import_id,
        kind=prepared.kind,
        file_name=name,
        sha256=prepared.sha256,
        rows_read=prepared.rows_read,
        rows_stored=len(rows),
        periods=sorted(rows["period"].unique()) if len(rows) else [],
        skipped_rows=prepared.skipped_rows,
        converted_units=int(rows["converted"].sum()) if len(rows) else 0,
        allocated_units=int(rows["allocated"].sum()) if len(rows) else 0,
        join_counts=prepared.join.counts,
        ignored_columns=prepared.ignored_columns,
        counts=counts,
    )


def plan(engine: Engine, prepared: Prepared) -> tuple[pd.DataFrame, store.ImportCounts]:
    """What importing ``prepared`` would do to the store, per (period, province): rows to
    add, to replace, and of units missing from the file (removed only on request). Raises
    :class:`ImportFailed` when the database cannot be read."""
    try:
        return store.import_plan(engine, prepared.store_kind, prepared.rows)
    except SQLAlchemyError as error:
        reason = db_reason(error)
        _LOG.warning("import plan of %s failed: %s", prepared.file_name, error.orig or error)
        raise ImportFailed(f"{prepared.file_name}: {REASON_TEXT[reason]}", reason) from error
