"""Inputs of a briefing map: unit layers, the archipelagos, and metrics by name.

:func:`resolve_metric` is the one place where a ``--metric`` name becomes a metric: it looks
the name up in the app's metric registry of the store's current revision
(:func:`dashboard.core.service_metrics.registry`), so a printed map shows the same values,
periods and sample flag as the interactive one.
"""

from __future__ import annotations

from functools import cache

import geopandas as gpd
import pandas as pd

from dashboard.core import service_metrics
from dashboard.core.metrics import Metric, Registry
from loaders import layers
from loaders.register import ARCHIPELAGOS

BOUNDARY_SOURCE_VI = (
    "ranh giới từ sapnhap.bando.com.vn qua thanglequoc/vietnamese-provinces-database (MIT)"
)
BOUNDARY_SOURCE_EN = (
    "boundaries from sapnhap.bando.com.vn via thanglequoc/vietnamese-provinces-database (MIT)"
)


class ExportDataError(RuntimeError):
    """The data a map needs is missing or does not match; the message says what to do."""


def archipelago_codes() -> dict[str, str]:
    """Unit code -> "hoang_sa" / "truong_sa" (:data:`loaders.register.ARCHIPELAGOS`)."""
    return dict(ARCHIPELAGOS)


@cache
def archipelago_units() -> gpd.GeoDataFrame:
    """The archipelago units (``code``, ``key`` "hoang_sa" | "truong_sa", geometry) of the
    2025 layer, whole: maps whose own layer lacks them (the 2023 provinces) or does not
    single them out (the 34 provinces) draw or name them from here."""
    codes = archipelago_codes()
    units = layers.load_communes("overview", columns=["code"])
    found = units[units["code"].astype(str).isin(list(codes))].copy()
    found["code"] = found["code"].astype(str)
    found["key"] = found["code"].map(codes)
    return found.sort_values("code", ignore_index=True)


def require_data() -> None:
    """Raise :class:`ExportDataError` with the command to run when there is no build."""
    if layers.current_manifest() is not None:
        return
    if layers.has_data():
        raise ExportDataError(
            "The boundary layers are not built yet: run `.venv/bin/python -m loaders build` first."
        )
    raise ExportDataError(
        "No boundary data: neither a build (geodata/build) nor a data "
        "directory was found. See `.venv/bin/python -m loaders build --help`."
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


def level_of(units: gpd.GeoDataFrame) -> str:
    """ "province" for the 34 provinces (2-digit codes), else "commune"."""
    codes = units["code"].astype(str)
    return "province" if len(codes) and (codes.str.len() == 2).all() else "commune"


def registry() -> Registry:
    """The app's metric registry for the store's current revision: unit attributes,
    service-centre metrics and volunteer coverage, the same values and sample flags as the
    interactive map."""
    return service_metrics.registry()


def resolve_metric(name: str, metrics: Registry | None = None) -> Metric:
    """The metric called ``name`` (a key of ``metrics``, default :func:`registry`, e.g.
    ``on_time_rate``); raises :class:`ExportDataError` listing the known names."""
    metrics = registry() if metrics is None else metrics
    if name not in metrics:
        raise ExportDataError(f"unknown metric {name!r}; known metrics: {', '.join(metrics)}")
    return metrics[name]


def check_period(metric: Metric, period: str) -> None:
    """Raise :class:`ExportDataError` unless ``metric`` has ``period``."""
    if period not in metric.periods:
        known = ", ".join(metric.periods)
        raise ExportDataError(f"{metric.key} has no period {period!r}; known: {known}")


def metric_values(metric: Metric, units: gpd.GeoDataFrame, period: str | None = None) -> pd.Series:
    """Values of ``metric`` for ``units`` in ``period`` (compact "2026-10" as the store has
    it; default: the latest), in the order of ``units`` (NaN = no data). Raises
    :class:`ExportDataError` for an unknown period."""
    if period is not None:
        check_period(metric, period)
    values = metric.values(level_of(units), period)
    codes = units["code"].astype(str)
    return values.reindex(codes.to_numpy()).astype("float64")
