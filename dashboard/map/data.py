"""Cached data access for the pages.

Every cached function is keyed on hashable values only: the data ``version`` (boundary
version + build time, so a rebuild invalidates the cache), level of detail, province code,
metric key… never on a GeoDataFrame. Geometry is cached already encoded for the map
(:class:`dashboard.map.map_builder.GeoFeatures`), so a rerun only recomputes the small per-metric
properties.

What depends only on the boundary build (unit tables, names, encoded geometry, search
candidates) and the map payloads (bytes) are ``st.cache_resource``: one object shared by every
session, handed out without a copy. ``st.cache_data`` unpickles a fresh copy at every hit,
which was about a third of a map click's server time with 100 sessions on two servers. Callers
treat these as read-only (they filter, reindex or copy; they never assign into them).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import streamlit as st

from dashboard.core import metrics
from dashboard.core.classify import Classes, categorical, classify, compute_breaks
from dashboard.core.i18n import province_label, unit_label
from dashboard.map.map_builder import (
    ArchipelagoAnchor,
    GeoFeatures,
    archipelago_anchor,
    encode_geometries,
)
from loaders import layers, lineage
from loaders.known_differences import BOUNDARY_VERSION
from loaders.register import ARCHIPELAGOS
from loaders.search import Candidate, SearchIndex

#: Levels of detail used by the views (see loaders.layers): provinces and the all-communes
#: map at "overview" (made so 3,321 communes fit in < 3 MB), a province's communes at "web".
COUNTRY_LOD = "overview"
PROVINCE_LOD = "web"
COUNTRY_DECIMALS = 4
PROVINCE_DECIMALS = 5
#: Province outlines over the all-communes map: simplified further, they are thin lines.
OUTLINE_TOLERANCE = 0.006
OUTLINE_DECIMALS = 3

_COMMUNE_COLUMNS = [
    "code",
    "name",
    "full_name",
    "unit_type",
    "province_code",
    "province_name",
    "area_km2",
    "area_km2_published",
    "n_predecessors",
    "n_part",
]


def version() -> str:
    """Identifies the data on disk: boundary version and build time."""
    found = layers.current_manifest() or {}
    return f"{BOUNDARY_VERSION}|{found.get('built_at', '')}"


@st.cache_resource(show_spinner=False)
def commune_table(version: str) -> pd.DataFrame:
    """Attributes of the 3,321 communes (no geometry), indexed by code."""
    frame = layers.load_communes(COUNTRY_LOD, columns=_COMMUNE_COLUMNS)
    frame = pd.DataFrame(frame.drop(columns="geometry"))
    frame["full_name"] = frame["full_name"].str.slice(0, 1).str.upper() + frame[
        "full_name"
    ].str.slice(1)  # one boundary file writes "xã Bắc Sơn"
    return frame.set_index("code", drop=False).sort_index()


@st.cache_resource(show_spinner=False)
def province_table(version: str) -> pd.DataFrame:
    """Attributes of the 34 provinces (no geometry), indexed by code."""
    frame = layers.load_provinces(COUNTRY_LOD)
    return pd.DataFrame(frame.drop(columns="geometry")).set_index("code", drop=False).sort_index()


@st.cache_resource(show_spinner=False, max_entries=80)
def commune_names(version: str, lang: str, province: str | None) -> dict[str, str]:
    """Code → display name of the communes of ``province`` ("Xã Cô Ba"), or of every commune
    with its province ("Xã Cô Ba, Cao Bằng") when ``province`` is None."""
    table = commune_table(version)
    if province:
        table = table[table["province_code"] == province]
    names = table["name"].tolist()
    if lang == "en":
        labels = [unit_label(n, u, "en") for n, u in zip(names, table["unit_type"], strict=True)]
    else:
        labels = table["full_name"].tolist()
    if not province:
        provinces = table["province_name"].tolist()
        labels = [f"{label}, {p}" for label, p in zip(labels, provinces, strict=True)]
    return dict(zip(table["code"].tolist(), labels, strict=True))


@st.cache_resource(show_spinner=False)
def province_names(version: str, lang: str) -> dict[str, str]:
    """Code → display name of the 34 provinces ("Tỉnh Cao Bằng" / "Cao Bằng Province")."""
    table = province_table(version)
    return {
        code: province_label(str(name), lang)
        for code, name in zip(table["code"], table["full_name"], strict=True)
    }


@st.cache_resource(show_spinner=False, max_entries=32)
def map_payload(key: Hashable, _build: Callable[[], bytes]) -> bytes:
    """The map's payload (:meth:`~dashboard.map.map_builder.MapPayload.to_bytes`) for a view,
    built by ``_build`` once per ``key``.

    ``key`` must name everything the drawing depends on (data version, view state, resolved
    options); a data import clears this cache with the others. A view seen before then costs
    nothing to send again: about 0.1 s of server time per run for the all-communes map, on
    the server's only event loop while the browser is fetching the page's scripts.
    """
    return _build()


@st.cache_resource(show_spinner=False)
def commune_province(version: str) -> dict[str, str]:
    table = commune_table(version)
    return dict(zip(table["code"], table["province_code"], strict=True))


@st.cache_resource(show_spinner=False, max_entries=40)
def commune_features(version: str, province: str | None) -> GeoFeatures:
    """Communes of one province (web LOD, SVG view), or of the country (overview LOD)."""
    if province:
        frame = layers.load_communes(PROVINCE_LOD, province=province, columns=["code"])
        return encode_geometries(frame, PROVINCE_DECIMALS)
    frame = layers.load_communes(COUNTRY_LOD, columns=["code"])
    return encode_geometries(frame, COUNTRY_DECIMALS)


@st.cache_resource(show_spinner=False)
def province_features(version: str) -> GeoFeatures:
    return encode_geometries(layers.load_provinces(COUNTRY_LOD), COUNTRY_DECIMALS)


@st.cache_resource(show_spinner=False)
def province_outlines(version: str) -> GeoFeatures:
    """Province borders drawn over the all-communes map (simplified: lines at country scale)."""
    frame = layers.load_provinces(COUNTRY_LOD)
    simple = shapely.simplify(
        np.asarray(frame.geometry.values), OUTLINE_TOLERANCE, preserve_topology=True
    )
    frame = gpd.GeoDataFrame({"code": frame["code"]}, geometry=simple, crs=frame.crs)
    return encode_geometries(frame, OUTLINE_DECIMALS)


@st.cache_resource(show_spinner=False)
def archipelago_anchors(version: str) -> dict[str, ArchipelagoAnchor]:
    """Unit code → where the map names its archipelago (Hoàng Sa 20333, Trường Sa 22736),
    computed from the polygons of the country map's layer, not typed in: a rebuilt or
    corrected layer moves the names with the islands."""
    frame = layers.load_communes(COUNTRY_LOD, columns=["code", "province_code"])
    found = frame[frame["code"].isin(list(ARCHIPELAGOS))]
    return {
        str(row.code): archipelago_anchor(
            ARCHIPELAGOS[str(row.code)], row.geometry, str(row.province_code)
        )
        for row in found.itertuples()
    }


def metric_values(
    version: str, registry: metrics.Registry, key: str, level: str, period: str
) -> pd.Series:
    """Values of metric ``key`` of ``registry`` (cached per data version and store revision)."""
    return _metric_values(version, registry.revision, key, level, period, registry)


@st.cache_data(show_spinner=False, max_entries=64)
def _metric_values(
    version: str, revision: str, key: str, level: str, period: str, _registry: metrics.Registry
) -> pd.Series:
    return _registry[key].values(level, period)


def breaks(
    version: str,
    registry: metrics.Registry,
    key: str,
    level: str,
    period: str,
    scheme: str,
    k: int,
    manual: tuple[float, ...],
    province: str | None = None,
) -> tuple[float, tuple[float, ...]]:
    """Class breaks of a metric over all units of ``level`` (national breaks), or over the
    communes of ``province`` (local breaks)."""
    return _breaks(
        version, registry.revision, key, level, period, scheme, k, manual, province, registry
    )


@st.cache_data(show_spinner=False, max_entries=64)
def _breaks(
    version: str,
    revision: str,
    key: str,
    level: str,
    period: str,
    scheme: str,
    k: int,
    manual: tuple[float, ...],
    province: str | None,
    _registry: metrics.Registry,
) -> tuple[float, tuple[float, ...]]:
    values = metric_values(version, _registry, key, level, period)
    if province:
        codes = commune_table(version).query("province_code == @province").index
        values = values.reindex(codes)
    return compute_breaks(values, scheme, k, list(manual) or None)


def classes_for(
    version: str,
    registry: metrics.Registry,
    key: str,
    level: str,
    period: str,
    scheme: str,
    k: int,
    manual: tuple[float, ...],
    palette: str,
    province: str | None = None,
    lang: str = "vi",
) -> Classes:
    """The classes of a view: the scheme's breaks (national, or the province's with local
    breaks) on ``palette``; a categorical metric gets one colour per category instead."""
    metric = registry[key]
    if metric.is_categorical:
        return categorical(metric.category_labels(level, lang))
    lower, upper = breaks(version, registry, key, level, period, scheme, k, manual, province)
    return classify(pd.Series(dtype="float64"), scheme, k, palette, breaks=(lower, upper))


@st.cache_resource(show_spinner=False, max_entries=4)
def search_candidates(version: str) -> list[Candidate]:
    """The current provinces and communes the search box suggests, with the map's names.

    Built from the map's own tables (about 0.3 s, no register): the map page's first full
    run sends them, and :func:`search_index` (about 4 s with former names) waits until a
    query asks for it."""
    return SearchIndex.current_units(
        province_table(version).reset_index(drop=True),
        commune_table(version).reset_index(drop=True),
    ).candidates()


@st.cache_resource(show_spinner=False)
def search_index(version: str) -> SearchIndex:
    """The search index (read-only object, shared by all sessions), with the map's names."""
    names = dict(
        zip(commune_table(version)["code"], commune_table(version)["full_name"], strict=True)
    )
    provinces = province_table(version)
    names.update(zip(provinces["code"], provinces["full_name"], strict=True))
    return SearchIndex.from_register(current_names=names)


@st.cache_data(show_spinner=False, max_entries=256)
def predecessors(version: str, code: str) -> pd.DataFrame:
    return lineage.predecessors(code)
