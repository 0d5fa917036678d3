"""The registry of mappable metrics.

A :class:`Metric` knows its labels (vi/en), unit, periods, source, the kind of palette that
suits it and how to get its values for a level (``"commune"`` or ``"province"``) and a period,
as a float Series indexed by official code (NaN = no data, never 0). :data:`UNIT_METRICS`
holds the attributes every unit has (area, type, predecessors); the :class:`Registry` of a
revision of the metrics store adds its service-centre metrics
(:func:`dashboard.core.service_metrics.registry`, flagged ``is_sample`` while the store holds
the generated sample data). No registry changes once built.

Rates are recomputed from counts when communes are summed into provinces: never averaged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from loaders import layers
from loaders.known_differences import UNIT_TYPE_CHANGE_SOURCE, UNIT_TYPE_CHANGES

LEVELS = ("commune", "province")

_BOUNDARY_SOURCE_VI = (
    "Ranh giới và diện tích: sapnhap.bando.com.vn qua thanglequoc/vietnamese-provinces-database"
)
_BOUNDARY_SOURCE_EN = (
    "Boundaries and areas: sapnhap.bando.com.vn via thanglequoc/vietnamese-provinces-database"
)
_AREA_SOURCE_VI = (
    "Diện tích đo từ ranh giới (phép chiếu đồng diện tích Albers), ranh giới của "
    "sapnhap.bando.com.vn qua thanglequoc/vietnamese-provinces-database"
)
_AREA_SOURCE_EN = (
    "Area measured from the boundaries (Albers equal-area projection), boundaries of "
    "sapnhap.bando.com.vn via thanglequoc/vietnamese-provinces-database"
)
_LINEAGE_SOURCE_VI = "Nghị quyết sắp xếp đơn vị hành chính cấp xã 2025, qua vietnamadminunits 1.0.4"
_LINEAGE_SOURCE_EN = "2025 resolutions on commune reorganisation, via vietnamadminunits 1.0.4"


@dataclass(frozen=True)
class Categories:
    """Names of the integer codes of a categorical metric, per level, as (vi, en) pairs:
    the value ``i`` of a unit is the category ``commune[i]`` (or ``province[i]``)."""

    commune: tuple[tuple[str, str], ...]
    province: tuple[tuple[str, str], ...]

    def labels(self, level: str, lang: str = "vi") -> tuple[str, ...]:
        pairs = self.province if level == "province" else self.commune
        return tuple(en if lang == "en" else vi for vi, en in pairs)


@dataclass(frozen=True)
class Metric:
    """One mappable metric. ``compute(level, period)`` returns values by code.

    A categorical metric (``categories`` set) returns integer category codes: it is drawn
    with one colour per category (no class breaks) and shown by category name.
    """

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
    categories: Categories | None = None
    #: The revision of the metrics store the metric was built for (see
    #: :func:`loaders.metrics.store.revision`; "" for the unit attributes): what caches of
    #: values read from the store outside ``compute`` are keyed on.
    revision: str = field(default="", compare=False)

    @property
    def is_categorical(self) -> bool:
        return self.categories is not None

    def category_labels(self, level: str, lang: str = "vi") -> tuple[str, ...]:
        """The category names for ``level`` (empty for a numeric metric)."""
        return self.categories.labels(level, lang) if self.categories else ()

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
            "overview", columns=["code", "area_km2", "n_predecessors", "n_part", "unit_type"]
        )
    else:
        frame = layers.load_provinces("overview")
        frame = frame.rename(columns={"n_units_pre2025": "n_predecessors"})
        # The 6 centrally-run cities are named "Thành phố …", the 28 provinces "Tỉnh …".
        frame["unit_type"] = np.where(
            frame["full_name"].astype(str).str.startswith("Thành phố"), "Thành phố", "Tỉnh"
        )
    return pd.DataFrame(frame.drop(columns="geometry")).set_index("code")


def attributes(level: str) -> pd.DataFrame:
    return _attributes(level, _build_id())


def _area(level: str, period: str) -> pd.Series:
    """Area in km² measured from the polygons in an equal-area projection (see
    :mod:`loaders.areas`), not the published figure (``area_km2_published``)."""
    return attributes(level)["area_km2"]


def _n_predecessors(level: str, period: str) -> pd.Series:
    return attributes(level)["n_predecessors"]


#: Unit types in category order (the integer code of a unit is its index here).
UNIT_TYPES = Categories(
    commune=(("Xã", "Commune"), ("Phường", "Ward"), ("Đặc khu", "Special zone")),
    province=(("Tỉnh", "Province"), ("Thành phố", "Centrally-run city")),
)


def _unit_type(level: str, period: str) -> pd.Series:
    """Category code of every unit's type (see :data:`UNIT_TYPES`); NaN for a type outside
    the list (none today; a later reform could add one)."""
    pairs = UNIT_TYPES.province if level == "province" else UNIT_TYPES.commune
    codes = {vi: float(i) for i, (vi, _en) in enumerate(pairs)}
    types = attributes(level)["unit_type"].astype(str)
    return types.map(codes).astype("float64")


def _predecessor_density(level: str, period: str) -> pd.Series:
    frame = attributes(level)
    area = frame["area_km2"].where(frame["area_km2"] > 0)
    return frame["n_predecessors"] / area * 100.0


# --- The registry -------------------------------------------------------------------------------

_METRICS = (
    Metric(
        key="area_km2",
        label_vi="Diện tích tự nhiên",
        label_en="Area",
        unit_vi="km²",
        unit_en="km²",
        periods=("2025",),
        source_vi=_AREA_SOURCE_VI,
        source_en=_AREA_SOURCE_EN,
        compute=_area,
        default_palette="YlGnBu",
        decimals=1,
        note_vi="Diện tích đo từ ranh giới, không phải số liệu công bố; nơi hai số lệch nhau "
        "hơn 5 %, thông tin đơn vị ghi cả hai.",
        note_en="Areas measured from the boundaries, not the published figures; where the two "
        "differ by more than 5 %, the unit's panel shows both.",
    ),
    Metric(
        key="unit_type",
        label_vi="Loại đơn vị hành chính",
        label_en="Type of administrative unit",
        unit_vi="",
        unit_en="",
        periods=("30/04/2026",),
        source_vi=_BOUNDARY_SOURCE_VI,
        source_en=_BOUNDARY_SOURCE_EN,
        compute=_unit_type,
        palette_kind="qualitative",
        decimals=0,
        categories=UNIT_TYPES,
        note_vi=f"Loại đơn vị theo phiên bản ranh giới có hiệu lực 30/04/2026: "
        f"{len(UNIT_TYPE_CHANGES)} xã của tỉnh Đồng Nai đã thành phường so với 01/07/2025, "
        f"theo {UNIT_TYPE_CHANGE_SOURCE['vi']}. Loại đơn vị ngày 01/07/2025 theo bảng chuyển "
        "đổi của Tổng cục Thống kê.",
        note_en=f"Unit types as of the boundary version in force from 30 April 2026: "
        f"{len(UNIT_TYPE_CHANGES)} communes of Đồng Nai became wards since 1 July 2025, per "
        f"{UNIT_TYPE_CHANGE_SOURCE['en']}. Types on 1 July 2025 per the General Statistics "
        "Office's conversion table.",
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
)

#: The first view's metric: the share of dossiers resolved on time is what a provincial
#: leader asks first (which communes are stuck), and it is on the store's every revision.
PREFERRED_METRIC = "on_time_rate"
#: A unit attribute every registry has: the first view's metric when the store holds no
#: service metrics, and what an unknown metric falls back to in that case.
FALLBACK_METRIC = "area_km2"


def default_metric(registry: Mapping[str, Metric]) -> str:
    """The metric a view shows when none (or an unknown one) is asked for."""
    return PREFERRED_METRIC if PREFERRED_METRIC in registry else FALLBACK_METRIC


class Registry(Mapping[str, Metric]):
    """The mappable metrics of one data revision, by key in menu order (read-only).

    Built once per revision of the metrics store (:func:`dashboard.core.service_metrics.registry`)
    and passed to whatever needs it: nothing changes a registry once built, an import makes a
    new one. ``registry[key]`` raises ``KeyError`` naming the known keys.
    """

    def __init__(self, metrics: Iterable[Metric], revision: str = "", store: object = None) -> None:
        self._metrics = {metric.key: metric for metric in metrics}
        #: What the registry was built for (the store's revision).
        self.revision = revision
        #: The metrics store (a SQLAlchemy engine) its store metrics read from; None without.
        self.store = store

    def __getitem__(self, key: str) -> Metric:
        try:
            return self._metrics[key]
        except KeyError:
            raise KeyError(f"unknown metric {key!r}; known: {sorted(self._metrics)}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._metrics)

    def __len__(self) -> int:
        return len(self._metrics)

    def __repr__(self) -> str:
        return f"Registry({list(self._metrics)}, revision={self.revision!r})"


#: The unit attributes alone (area, type, predecessors): what every revision offers first.
UNIT_METRICS = Registry(_METRICS, revision="units")
