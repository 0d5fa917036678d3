"""Inputs of a briefing map: unit layers, the archipelagos, and metrics by name.

:func:`resolve_metric` is the one place where a ``--metric`` name becomes values. Today it
knows the unit attributes of the built layers (``area_km2``, ``n_predecessors``) and one
clearly-labelled sample metric; when the metric registry (``dashboard/metrics.py``) lands,
plug it in there (see the comment in :func:`resolve_metric`) and the CLI, batch mode and
UI exports follow.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import geopandas as gpd
import numpy as np
import pandas as pd

from loaders import layers

#: The two archipelagos, as đặc khu units: Hoàng Sa (TP. Đà Nẵng), Trường Sa (Khánh Hòa).
ARCHIPELAGO_NAMES = {"Hoàng Sa": "hoang_sa", "Trường Sa": "truong_sa"}
#: Their official codes, used only when the register cannot be read.
_ARCHIPELAGO_FALLBACK = {"20333": "hoang_sa", "22736": "truong_sa"}

BOUNDARY_SOURCE_VI = (
    "ranh giới từ sapnhap.bando.com.vn qua thanglequoc/vietnamese-provinces-database (MIT)"
)
BOUNDARY_SOURCE_EN = (
    "boundaries from sapnhap.bando.com.vn via thanglequoc/vietnamese-provinces-database (MIT)"
)


class ExportDataError(RuntimeError):
    """The data a map needs is missing or does not match; the message says what to do."""


@cache
def archipelago_codes() -> dict[str, str]:
    """Unit code -> "hoang_sa" / "truong_sa", from the official register."""
    try:
        from loaders.register import new_units

        units = new_units()
        found = units[
            units["name"].isin(list(ARCHIPELAGO_NAMES)) & (units["unit_type"] == "Đặc khu")
        ]
        codes = {str(r.code): ARCHIPELAGO_NAMES[str(r.name)] for r in found.itertuples()}
        if len(codes) == len(ARCHIPELAGO_NAMES):
            return codes
    except Exception:  # the register is optional here; the codes are stable
        pass
    return dict(_ARCHIPELAGO_FALLBACK)


def require_data() -> None:
    """Raise :class:`ExportDataError` with the command to run when there is no build."""
    if layers.current_manifest() is not None:
        return
    if layers.has_data():
        raise ExportDataError(
            "The boundary layers are not built yet: run `python -m loaders build` first."
        )
    raise ExportDataError(
        "No boundary data: neither a build (geodata/build) nor a data "
        "directory was found. See `python -m loaders build --help`."
    )


@cache
def _communes(lod: str, province: str | None) -> gpd.GeoDataFrame:
    return layers.load_communes(lod, province)


@cache
def _provinces(lod: str) -> gpd.GeoDataFrame:
    return layers.load_provinces(lod)


def communes(province: str | None = None, lod: str = "web") -> gpd.GeoDataFrame:
    """Communes of one province (2-digit code) or of the country, cached; do not mutate."""
    require_data()
    return _communes(lod, province)


def provinces(lod: str = "light") -> gpd.GeoDataFrame:
    """The 34 provinces (cached; do not mutate)."""
    require_data()
    return _provinces(lod)


def normalise_province(code: str | int) -> str:
    """A 2-digit province code ("4" -> "04") that exists; raises ExportDataError if not."""
    text = str(code).strip().zfill(2)
    known = provinces("overview")
    if text not in set(known["code"].astype(str)):
        names = ", ".join(f"{c} {n}" for c, n in zip(known["code"], known["name"], strict=True))
        raise ExportDataError(f"unknown province code {code!r}; known codes: {names}")
    return text


def province_row(code: str) -> pd.Series:
    known = provinces("overview")
    return known[known["code"].astype(str) == code].iloc[0]


@dataclass(frozen=True)
class Metric:
    """A metric a map can show. ``compute(units, period)`` returns values indexed by unit
    code (NaN = no data)."""

    name: str
    label_vi: str
    label_en: str
    unit: str
    decimals: int
    source_vi: str
    source_en: str
    compute: Callable[[gpd.GeoDataFrame, str | None], pd.Series]
    is_sample: bool = False

    def label(self, lang: str = "vi") -> str:
        return self.label_vi if lang == "vi" else self.label_en

    def source(self, lang: str = "vi") -> str:
        return self.source_vi if lang == "vi" else self.source_en

    def values(self, units: gpd.GeoDataFrame, period: str | None = None) -> pd.Series:
        values = self.compute(units, period)
        values.index = values.index.astype(str)
        return pd.to_numeric(values, errors="coerce").astype("float64")


def _attribute(column: str) -> Callable[[gpd.GeoDataFrame, str | None], pd.Series]:
    def compute(units: gpd.GeoDataFrame, period: str | None) -> pd.Series:
        return pd.Series(
            units[column].to_numpy(dtype="float64"),
            index=units["code"].astype(str).to_numpy(),
            name=column,
        )

    return compute


def _sample_on_time_rate(units: gpd.GeoDataFrame, period: str | None) -> pd.Series:
    """Made-up on-time rates (%), stable per unit and period, about 6% of units without
    data. For demonstrating and testing exports only: maps of it carry the sample mark."""
    codes = units["code"].astype(str).to_numpy()
    values = []
    for code in codes:
        rng = np.random.default_rng(zlib.crc32(f"{code}/{period or ''}".encode()))
        value = float(np.clip(rng.beta(9, 1.6) * 100, 35, 100))
        values.append(np.nan if rng.random() < 0.06 else round(value, 1))
    return pd.Series(values, index=codes, name="sample_on_time_rate")


METRICS: dict[str, Metric] = {
    m.name: m
    for m in (
        Metric(
            "area_km2",
            "Diện tích tự nhiên",
            "Natural area",
            "km²",
            1,
            f"diện tích chính thức theo sapnhap.bando.com.vn; {BOUNDARY_SOURCE_VI}",
            f"official areas from sapnhap.bando.com.vn; {BOUNDARY_SOURCE_EN}",
            _attribute("area_km2"),
        ),
        Metric(
            "n_predecessors",
            "Số đơn vị cấp xã cũ hợp thành",
            "Pre-2025 communes merged into the unit",
            "đơn vị",
            0,
            f"danh mục ĐVHC vietnamadminunits 1.0.4 (trước và sau 01/7/2025); {BOUNDARY_SOURCE_VI}",
            f"unit register vietnamadminunits 1.0.4 (before and after 2025-07-01); "
            f"{BOUNDARY_SOURCE_EN}",
            _attribute("n_predecessors"),
        ),
        Metric(
            "sample_on_time_rate",
            "Tỷ lệ hồ sơ giải quyết đúng hạn",
            "Share of dossiers resolved on time",
            "%",
            1,
            f"số liệu mẫu sinh ngẫu nhiên (không phải số liệu thật); {BOUNDARY_SOURCE_VI}",
            f"randomly generated sample figures (not real data); {BOUNDARY_SOURCE_EN}",
            _sample_on_time_rate,
            is_sample=True,
        ),
    )
}


def metric_names() -> list[str]:
    return list(METRICS)


def resolve_metric(name: str) -> Metric:
    """The metric called ``name``; raises :class:`ExportDataError` listing known names.

    This is the single place where metric names resolve. To plug in the metric registry
    (``dashboard/metrics.py``), look the name up there first and wrap its entry in a
    :class:`Metric` (label, unit, decimals, source, ``compute(units, period)``,
    ``is_sample``); keep the unit attributes below as the fallback.
    """
    try:
        return METRICS[name]
    except KeyError:
        raise ExportDataError(
            f"unknown metric {name!r}; known metrics: {', '.join(METRICS)}"
        ) from None
