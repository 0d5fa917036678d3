"""Streamlit side of the press-figures layer: cached inputs and the province section.

The layer itself is built by :mod:`dashboard.map.reported_layer` (pure). Figures are read once
per server from ``reported_figures_2025.csv`` (:mod:`loaders.metrics.reported`); badge
positions are a point inside each province (2-digit code), from the built layers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely
import streamlit as st

from dashboard.core.i18n import t
from dashboard.map.reported_layer import figures_markdown
from loaders import layers
from loaders.metrics.reported import reported_figures


@st.cache_data(show_spinner=False)
def province_points(version: str) -> dict[str, tuple[float, float]]:
    """(lat, lon) of a point inside each province (``point_on_surface``: inside even for a
    crescent-shaped province, unlike the centroid), by 2-digit code."""
    frame = layers.load_provinces("overview")
    points = shapely.point_on_surface(np.asarray(frame.geometry.values))
    return {
        str(code): (float(shapely.get_y(p)), float(shapely.get_x(p)))
        for code, p in zip(frame["code"], points, strict=True)
    }


@st.cache_data(show_spinner=False)
def figures() -> pd.DataFrame:
    """All press figures (empty when the CSV is absent)."""
    return reported_figures()


def province_figures(province: str) -> pd.DataFrame:
    """The figures of one province (2-digit code), province scope only."""
    frame = figures()
    return frame[(frame["scope"] == "province") & (frame["province_code"] == province)]


def reported_section(province: str, lang: str, expanded: bool) -> None:
    """ "Số liệu báo chí" of one province: every figure with its quote and linked source,
    in an expander (open when the press layer is switched on)."""
    rows = province_figures(province)
    title = f"{t('reported_title', lang)} ({len(rows)})"
    with st.container(key="reported_section"), st.expander(title, expanded=expanded):
        if rows.empty:
            st.caption(t("reported_none", lang))
            return
        st.caption(t("reported_count", lang, count=len(rows)))
        st.markdown(figures_markdown(rows, lang))
