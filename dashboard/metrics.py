"""The registry of mappable metrics.

A :class:`Metric` knows its labels (vi/en), unit, periods, source, the kind of palette that
suits it and how to get its values for a level (``"commune"`` or ``"province"``) and a period,
as a float Series indexed by official code (NaN = no data, never 0). Real service metrics
(dossiers, on-time rate, the Decision 766 index…) are added by registering more
:class:`Metric` objects; until they exist, the registry maps the attributes every unit has
(area, predecessors) and one clearly flagged sample metric (``is_sample``), so that no-data
handling, periods and diverging palettes can be built and tested now.

Rates are recomputed from counts when communes are summed into provinces: never averaged.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from loaders import layers

LEVELS = ("commune", "province")

_BOUNDARY_SOURCE_VI = (
    "Ranh giới và diện tích: sapnhap.bando.com.vn qua thanglequoc/vietnamese-provinces-database"
)
_BOUNDARY_SOURCE_EN = (
    "Boundaries and areas: sapnhap.bando.com.vn via thanglequoc/vietnamese-provinces-database"
)
_LINEAGE_SOURCE_VI = "Nghị quyết sắp xếp đơn vị hành chính cấp xã 2025, qua vietnamadminunits 1.0.4"
_LINEAGE_SOURCE_EN = "2025 resolutions on commune reorganisation, via vietnamadminunits 1.0.4"


@dataclass(frozen=True)
class Metric:
    """One mappable metric. ``compute(level, period)`` returns values by code."""

    key: str
    label_vi: str
    label_en: str
    unit_vi: str
    unit_en: str
    periods: tuple[str, ...]
    source_vi: str
    source_en: str
    compute: Callable[[str, str], pd.Series] = field(repr=False, compare=False)
    palette_kind: str = "sequential"
    default_palette: str = "YlGnBu"
    decimals: int = 1
    is_sample: bool = False
    note_vi: str = ""
    note_en: str = ""

    def label(self, lang: str = "vi") -> str:
        return self.label_en if lang == "en" else self.label_vi

    def unit(self, lang: str = "vi") -> str:
        return self.unit_en if lang == "en" else self.unit_vi

    def source(self, lang: str = "vi") -> str:
        return self.source_en if lang == "en" else self.source_vi

    def note(self, lang: str = "vi") -> str:
        return self.note_en if lang == "en" else self.note_vi

    @property
    def default_period(self) -> str:
        """The most recent period (periods are listed oldest first)."""
        return self.periods[-1]

    def values(self, level: str, period: str | None = None) -> pd.Series:
        """Values for every unit of ``level`` in ``period`` (default: the latest).

        A float64 Series indexed by code (strings), named after the metric; NaN marks a unit
        without data. Raises ``ValueError`` for an unknown level or period.
        """
        if level not in LEVELS:
            raise ValueError(f"unknown level {level!r}; expected one of {LEVELS}")
        period = period or self.default_period
        if period not in self.periods:
            raise ValueError(f"{self.key} has no period {period!r}; it has {self.periods}")
        values = self.compute(level, period)
        values = pd.to_numeric(values, errors="coerce").astype("float64")
        values.index = values.index.astype("string")
        if not values.index.is_unique:
            raise ValueError(f"{self.key}: values for {level} are not unique by code")
        return values.rename(self.key)


# --- Unit attributes (read from the built layers once per build) --------------------------------


def _build_id() -> str:
    found = layers.current_manifest()
    return found.get("built_at", "") if found else ""


@lru_cache(maxsize=4)
def _attributes(level: str, build_id: str) -> pd.DataFrame:
    """Attribute columns of every unit of ``level``, indexed by code (no geometry)."""
    if level == "commune":
        frame = layers.load_communes(
            "overview", columns=["code", "area_km2", "n_predecessors", "n_part"]
        )
    else:
        frame = layers.load_provinces("overview")
        frame = frame.rename(columns={"n_units_pre2025": "n_predecessors"})
    return pd.DataFrame(frame.drop(columns="geometry")).set_index("code")


def attributes(level: str) -> pd.DataFrame:
    return _attributes(level, _build_id())


def _area(level: str, period: str) -> pd.Series:
    return attributes(level)["area_km2"]


def _n_predecessors(level: str, period: str) -> pd.Series:
    return attributes(level)["n_predecessors"]


def _predecessor_density(level: str, period: str) -> pd.Series:
    frame = attributes(level)
    area = frame["area_km2"].where(frame["area_km2"] > 0)
    return frame["n_predecessors"] / area * 100.0


# --- Sample data (clearly flagged; replaced by the metrics issue) ------------------------------


@lru_cache(maxsize=8)
def sample_counts(period: str) -> pd.DataFrame:
    """Seeded sample dossier counts per commune: ``received`` and ``online`` (NaN = no data).

    About 7% of communes have no data, and a few received nothing (rate undefined), so the
    no-data class is always exercised. Deterministic for a period.
    """
    codes = attributes("commune").index.sort_values()
    rng = np.random.default_rng(zlib.crc32(f"vnmap-sample-{period}".encode()))
    received = rng.poisson(rng.gamma(2.0, 60.0, len(codes))).astype("float64")
    share = rng.beta(4.0, 4.5, len(codes))
    online = np.round(received * share)
    missing = rng.random(len(codes)) < 0.07
    received[missing] = np.nan
    online[missing] = np.nan
    return pd.DataFrame({"received": received, "online": online}, index=codes)


def _sample_online_rate(level: str, period: str) -> pd.Series:
    counts = sample_counts(period)
    if level == "province":
        known = counts.dropna()
        counts = known.groupby(province_of_commune().reindex(known.index).to_numpy()).sum()
        counts = counts.reindex(attributes("province").index)
    received = counts["received"].where(counts["received"] > 0)
    return counts["online"] / received * 100.0


@lru_cache(maxsize=2)
def _province_of(build_id: str) -> pd.Series:
    frame = layers.load_communes("overview", columns=["code", "province_code"])
    return pd.Series(frame["province_code"].to_numpy(), index=frame["code"].to_numpy())


def province_of_commune() -> pd.Series:
    """Province code of every commune code."""
    return _province_of(_build_id())


# --- The registry -------------------------------------------------------------------------------

_METRICS = (
    Metric(
        key="area_km2",
        label_vi="Diện tích tự nhiên",
        label_en="Area",
        unit_vi="km²",
        unit_en="km²",
        periods=("2025",),
        source_vi=_BOUNDARY_SOURCE_VI,
        source_en=_BOUNDARY_SOURCE_EN,
        compute=_area,
        default_palette="YlGnBu",
        decimals=1,
    ),
    Metric(
        key="n_predecessors",
        label_vi="Số đơn vị cấp xã cũ hợp thành",
        label_en="Former commune-level units merged",
        unit_vi="đơn vị",
        unit_en="units",
        periods=("01/07/2025",),
        source_vi=_LINEAGE_SOURCE_VI,
        source_en=_LINEAGE_SOURCE_EN,
        compute=_n_predecessors,
        default_palette="viridis",
        decimals=0,
        note_vi="Đơn vị cũ bị chia cho nhiều đơn vị mới được tính ở mỗi đơn vị nhận.",
        note_en="An old unit split between several new units counts for each of them.",
    ),
    Metric(
        key="predecessor_density",
        label_vi="Mật độ đơn vị cũ",
        label_en="Density of former units",
        unit_vi="đơn vị / 100 km²",
        unit_en="units / 100 km²",
        periods=("01/07/2025",),
        source_vi=f"{_LINEAGE_SOURCE_VI}; {_BOUNDARY_SOURCE_VI}",
        source_en=f"{_LINEAGE_SOURCE_EN}; {_BOUNDARY_SOURCE_EN}",
        compute=_predecessor_density,
        default_palette="cividis",
        decimals=2,
    ),
    Metric(
        key="sample_online_rate",
        label_vi="Tỷ lệ hồ sơ trực tuyến (mẫu)",
        label_en="Share of dossiers received online (sample)",
        unit_vi="%",
        unit_en="%",
        periods=("07/2025", "08/2025", "09/2025"),
        source_vi="Dữ liệu mẫu sinh ngẫu nhiên, không phải số liệu thật",
        source_en="Randomly generated sample data, not real figures",
        compute=_sample_online_rate,
        palette_kind="diverging",
        default_palette="PuOr",
        decimals=1,
        is_sample=True,
        note_vi="Tỷ lệ tỉnh tính lại từ tổng số hồ sơ, không lấy trung bình tỷ lệ các xã.",
        note_en="Province rates are recomputed from summed counts, never averaged.",
    ),
)

REGISTRY: dict[str, Metric] = {m.key: m for m in _METRICS}
DEFAULT_METRIC = "area_km2"


def get(key: str) -> Metric:
    """The metric ``key``; raises ``KeyError`` naming the known keys."""
    try:
        return REGISTRY[key]
    except KeyError:
        raise KeyError(f"unknown metric {key!r}; known: {sorted(REGISTRY)}") from None


def keys() -> list[str]:
    return list(REGISTRY)


def register(metric: Metric) -> None:
    """Add (or replace) a metric, e.g. a real service metric once the metrics issue lands."""
    REGISTRY[metric.key] = metric
