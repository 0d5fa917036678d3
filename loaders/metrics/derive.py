"""Derived measures, and the one way counts and scores are aggregated.

Rates are **always recomputed from counts** (never averaged), at every level:

=====================  ==============================================  =====
key                    formula                                         unit
=====================  ==============================================  =====
``on_time_rate``       resolved_on_time / (resolved_on_time + late)    %
``online_share``       received_online / received                      %
``digitisation_rate``  digitised / received                            %
``received_per_1000``  received / population x 1000 (**unverified**)   ‰
=====================  ==============================================  =====

A rate whose denominator is 0 or missing is missing (NaN), not 0.

The zero-dossier flag (:func:`dossier_status`) keeps three cases apart: ``"zero"`` (the unit
reported 0 dossiers received), ``"missing"`` (a row without a received count, or no row at
all) and ``"reported"`` (> 0). A zero is a fact worth a look (the commune may be stuck, or its
software down); a missing value is a gap in reporting. They are never drawn alike.

Index scores (766 groups and total) and the satisfaction rate are averaged **weighted by
dossiers received** (:func:`aggregate`); when no contributing unit has a received count the
plain mean is used.

Volunteer coverage (:func:`coverage`) is units with at least one team ÷ units, per province.
Dossiers supported by volunteers overlap with dossiers received: never add the two.

Dossiers are counted at the receiving centre, not the resident's commune (cross-boundary
service, "phi địa giới"): per-resident figures can mislead, see :data:`PER_CAPITA_CAVEAT`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from loaders.metrics.schemas import METRIC_COUNTS, METRIC_SCORES

PER_CAPITA_CAVEAT = (
    "Dân số chưa được kiểm chứng (tổng 113,7 triệu, cao hơn ~101 triệu); hồ sơ được tính tại "
    "nơi tiếp nhận, không theo nơi cư trú (phi địa giới). / Population is unverified (adds up "
    "to 113.7 M against ~101 M); dossiers are counted where received, not where people live."
)


@dataclass(frozen=True)
class MetricInfo:
    """How to label and colour one metric key on the map."""

    key: str
    label_vi: str
    label_en: str
    unit: str
    kind: str  # "count" | "rate" | "score"
    higher_is_better: bool | None
    source: str  # "metrics" | "volunteers"
    unverified: bool = False
    note: str = ""


def _info(key, vi, en, unit, kind, better, source="metrics", unverified=False, note=""):
    return MetricInfo(key, vi, en, unit, kind, better, source, unverified, note)


#: Every metric the map can show, by key.
METRIC_INFO: dict[str, MetricInfo] = {
    m.key: m
    for m in (
        _info("received", "Hồ sơ tiếp nhận", "Dossiers received", "hồ sơ", "count", None),
        _info("received_online", "Hồ sơ trực tuyến", "Received online", "hồ sơ", "count", True),
        _info("resolved", "Hồ sơ đã giải quyết", "Dossiers resolved", "hồ sơ", "count", None),
        _info(
            "resolved_on_time", "Giải quyết đúng hạn", "Resolved on time", "hồ sơ", "count", True
        ),
        _info("resolved_late", "Giải quyết quá hạn", "Resolved late", "hồ sơ", "count", False),
        _info("in_progress", "Đang giải quyết", "In progress", "hồ sơ", "count", None),
        _info(
            "returned_at_home", "Trả kết quả tại nhà", "Returned at home", "hồ sơ", "count", True
        ),
        _info("digitised", "Hồ sơ được số hóa", "Dossiers digitised", "hồ sơ", "count", True),
        _info(
            "on_time_rate",
            "Tỷ lệ hồ sơ giải quyết đúng hạn",
            "Share of dossiers resolved on time",
            "%",
            "rate",
            True,
        ),
        _info("online_share", "Tỷ lệ trực tuyến", "Online share", "%", "rate", True),
        _info("digitisation_rate", "Tỷ lệ số hóa", "Digitisation rate", "%", "rate", True),
        _info(
            "received_per_1000",
            "Hồ sơ / 1.000 dân (dân số chưa kiểm chứng)",
            "Dossiers per 1,000 residents (unverified population)",
            "‰",
            "rate",
            None,
            unverified=True,
            note=PER_CAPITA_CAVEAT,
        ),
        _info(
            "score_disclosure",
            "Công khai, minh bạch (/18)",
            "Disclosure (/18)",
            "điểm",
            "score",
            True,
        ),
        _info("score_progress", "Tiến độ, kết quả (/20)", "Progress (/20)", "điểm", "score", True),
        _info(
            "score_digitisation", "Số hóa hồ sơ (/22)", "Digitisation (/22)", "điểm", "score", True
        ),
        _info(
            "score_online",
            "Dịch vụ trực tuyến (/22)",
            "Online services (/22)",
            "điểm",
            "score",
            True,
        ),
        _info(
            "score_satisfaction",
            "Mức độ hài lòng (/18)",
            "Satisfaction (/18)",
            "điểm",
            "score",
            True,
        ),
        _info("score_total", "Chỉ số 766 (/100)", "766 index (/100)", "điểm", "score", True),
        _info("satisfaction_rate", "Tỷ lệ hài lòng", "Satisfaction rate", "%", "rate", True),
        _info("teams", "Số đội hình", "Volunteer teams", "đội", "count", True, "volunteers"),
        _info("volunteers", "Tình nguyện viên", "Volunteers", "người", "count", True, "volunteers"),
        _info(
            "people_supported",
            "Lượt người được hỗ trợ",
            "People supported",
            "lượt",
            "count",
            True,
            "volunteers",
        ),
        _info(
            "dossiers_supported",
            "Hồ sơ được hỗ trợ",
            "Dossiers supported",
            "hồ sơ",
            "count",
            True,
            "volunteers",
            note="Trùng với hồ sơ tiếp nhận, không cộng / overlaps dossiers received",
        ),
        _info("trainees", "Người được tập huấn", "Trainees", "người", "count", True, "volunteers"),
        _info(
            "volunteer_coverage",
            "Độ phủ đội hình",
            "Volunteer coverage",
            "%",
            "rate",
            True,
            "volunteers",
            note="Đơn vị có ít nhất một đội hình ÷ số đơn vị",
        ),
    )
}

# --- Coverage of aggregates ----------------------------------------------------------------------

#: Environment variable overriding :data:`COVERAGE_THRESHOLD` (a percent, e.g. ``90``).
COVERAGE_THRESHOLD_ENV = "VNMAP_COVERAGE_THRESHOLD"
#: Default share of a province's communes (percent) that must have data for its aggregate to
#: be drawn as a full value. Below it the province is drawn as *partial* (hatched); at or
#: above it the value is drawn normally, still with "n/N communes with data" when n < N.
#: Exactly 80 % (e.g. 4 of 5) is therefore *not* partial.
COVERAGE_THRESHOLD = 80.0

#: The stored columns a metric is computed from: a commune "has data" for a metric when all of
#: them are present (a rate with a 0 denominator is missing, but its commune did report).
METRIC_INPUTS: dict[str, tuple[str, ...]] = {
    "on_time_rate": ("resolved_on_time", "resolved_late"),
    "online_share": ("received_online", "received"),
    "digitisation_rate": ("digitised", "received"),
    "received_per_1000": ("received",),
}


def metric_inputs(key: str) -> tuple[str, ...]:
    """The stored columns behind ``key`` (itself, for a stored count or score)."""
    return METRIC_INPUTS.get(key, (key,))


def coverage_threshold() -> float:
    """The partial-data threshold in percent: ``$VNMAP_COVERAGE_THRESHOLD`` when it is a
    number in 0–100, else :data:`COVERAGE_THRESHOLD` (80)."""
    raw = os.environ.get(COVERAGE_THRESHOLD_ENV, "").strip().replace(",", ".").rstrip("%")
    try:
        value = float(raw)
    except ValueError:
        return COVERAGE_THRESHOLD
    return value if 0.0 <= value <= 100.0 else COVERAGE_THRESHOLD


def is_incomplete(n_with_data: float, n_units: float) -> bool:
    """True when an aggregate was computed from fewer than all its communes (``0 < n < N``):
    its value must say "n/N communes with data". ``n == 0`` is "no data", not partial."""
    return bool(n_units) and 0 < n_with_data < n_units


def is_partial(n_with_data: float, n_units: float, threshold: float | None = None) -> bool:
    """True when the aggregate rests on fewer than ``threshold`` percent (default
    :func:`coverage_threshold`) of its communes: drawn hatched as *partial*, not as a value.

    The comparison is strict: exactly the threshold (80 % = 4 of 5) is not partial.
    """
    if not is_incomplete(n_with_data, n_units):
        return False
    threshold = coverage_threshold() if threshold is None else threshold
    return 100.0 * n_with_data / n_units < threshold


def ratio(numerator: pd.Series, denominator: pd.Series, scale: float = 100.0) -> pd.Series:
    """``numerator / denominator * scale``; NaN where the denominator is 0 or missing."""
    num = pd.to_numeric(numerator, errors="coerce").astype("float64")
    den = pd.to_numeric(denominator, errors="coerce").astype("float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        out = num / den * scale
    return out.where(den > 0)


def add_derived(frame: pd.DataFrame, population: pd.Series | None = None) -> pd.DataFrame:
    """``frame`` (counts per unit or province) with the derived rates added.

    ``population`` (indexed like ``frame["code"]``, unverified) gives ``received_per_1000``;
    without it that column is NaN. Adds ``dossier_status`` (see :func:`dossier_status`).
    """
    out = frame.copy()
    out["on_time_rate"] = ratio(
        out["resolved_on_time"], out["resolved_on_time"] + out["resolved_late"]
    )
    out["online_share"] = ratio(out["received_online"], out["received"])
    out["digitisation_rate"] = ratio(out["digitised"], out["received"])
    if population is not None and "code" in out:
        people = out["code"].map(population)
        out["received_per_1000"] = ratio(out["received"], people, 1000.0)
    else:
        out["received_per_1000"] = np.nan
    out["dossier_status"] = dossier_status(out["received"])
    return out


def dossier_status(received: pd.Series) -> pd.Series:
    """``"zero"`` where 0 dossiers were reported, ``"missing"`` where no count is known,
    ``"reported"`` where > 0. Zero and missing are never merged."""
    values = pd.to_numeric(received, errors="coerce")
    status = np.where(values.isna(), "missing", np.where(values == 0, "zero", "reported"))
    return pd.Series(status, index=received.index, dtype="string")


def aggregate(frame: pd.DataFrame, by: str | list[str], strict: bool = False) -> pd.DataFrame:
    """Aggregate unit rows of the metrics schema to groups ``by``.

    Counts are summed. With ``strict`` a group's sum is missing when any of its rows lacks
    that count (used when converting former units: a partial sum would look complete);
    otherwise it is the sum of the rows that have it, missing only when none has it. Scores
    and the satisfaction rate are averaged weighted by ``received`` (plain mean when no row
    has a positive received count). Adds ``n_rows`` (rows in the group) and ``n_reported``
    (rows with a received count). Rates are *not* added: call :func:`add_derived`.
    """
    by = [by] if isinstance(by, str) else list(by)
    counts = [c for c in METRIC_COUNTS if c in frame]
    scores = [c for c in METRIC_SCORES if c in frame]
    grouped = frame.groupby(by, sort=True, dropna=False)
    out = grouped[counts].sum(min_count=1)
    if strict:
        complete = grouped[counts].count().eq(grouped.size(), axis=0)
        out = out.where(complete)
    out["n_rows"] = grouped.size()
    out["n_reported"] = grouped["received"].count() if "received" in frame else 0
    weight = pd.to_numeric(frame["received"], errors="coerce") if "received" in frame else None
    for column in scores:
        out[column] = _weighted_mean(frame, by, column, weight)
    return out.reset_index()


def _weighted_mean(
    frame: pd.DataFrame, by: list[str], column: str, weight: pd.Series | None
) -> pd.Series:
    value = pd.to_numeric(frame[column], errors="coerce")
    keys = [frame[b] for b in by]
    plain = value.groupby(keys, sort=True, dropna=False).mean()
    if weight is None:
        return plain
    usable = value.notna() & (weight > 0)
    w = weight.where(usable, 0.0)
    num = (value.fillna(0) * w).groupby(keys, sort=True, dropna=False).sum()
    den = w.groupby(keys, sort=True, dropna=False).sum()
    return (num / den).where(den > 0, plain)


def coverage(teams: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """Volunteer coverage per province for one period.

    ``teams``: one row per team with ``code`` (new unit) and the volunteer counts.
    ``units``: the register (``code``, ``province_code``, ``province_name``).
    Returns per province: ``units``, ``units_with_team``, ``coverage`` (%), ``teams``,
    ``volunteers``, ``people_supported``, ``dossiers_supported``, ``trainees``, and
    ``gaps`` (units with no team, "vùng trắng").
    """
    per_unit = unit_volunteers(teams, units)
    grouped = per_unit.groupby(["province_code", "province_name"], sort=True)
    out = pd.DataFrame(
        {
            "units": grouped.size(),
            "units_with_team": grouped["teams"].apply(lambda t: int((t > 0).sum())),
            "teams": grouped["teams"].sum(),
        }
    )
    for column in ("volunteers", "people_supported", "dossiers_supported", "trainees"):
        out[column] = grouped[column].sum(min_count=1)
    out["coverage"] = ratio(out["units_with_team"], out["units"])
    out["gaps"] = out["units"] - out["units_with_team"]
    return out.reset_index()


def unit_volunteers(teams: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """Per unit of ``units``: ``teams`` (0 where none: a gap), ``has_team`` and summed counts."""
    columns = ["volunteers", "people_supported", "dossiers_supported", "trainees"]
    summed = (
        teams.groupby("code")[columns].sum(min_count=1)
        if len(teams)
        else pd.DataFrame(columns=columns, dtype="float64")
    )
    counted = teams.groupby("code").size() if len(teams) else pd.Series(dtype="int64")
    out = units[["code", "province_code", "province_name"]].copy()
    out["teams"] = out["code"].map(counted).fillna(0).astype(int)
    out["has_team"] = out["teams"] > 0
    for column in columns:
        out[column] = out["code"].map(summed[column]).astype("float64")
    return out


def population_path() -> Path | None:
    """The unverified ward population CSV (``extras/``) in the data directory, if present."""
    from loaders.paths import REPO_ROOT, find_data_dir

    for base in (find_data_dir(), (REPO_ROOT.parent / "shared" / "geodata").resolve()):
        if base is not None:
            path = base / "extras" / "wards_2025_area_population_unverified.csv"
            if path.is_file():
                return path
    return None


@cache
def population_unverified() -> pd.Series:
    """Residents per new unit (code → people), **unverified** (sums to 113.7 M against
    ~101 M). Empty when the file is absent. Ba Chẽ's boundary code 06978 becomes 06970."""
    from loaders.known_differences import BOUNDARY_CODE_FIXES

    path = population_path()
    if path is None:
        return pd.Series(dtype="float64", name="population")
    table = pd.read_csv(path, dtype={"code": str}, usecols=["code", "population"])
    table["code"] = table["code"].str.zfill(5).replace(BOUNDARY_CODE_FIXES)
    return table.set_index("code")["population"].astype("float64")
