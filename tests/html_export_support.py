"""What the tests of the standalone HTML maps share: files built as the export panels build
them, and readers of what a file holds (its GeoJSON layers, its external links).

The map page's view is built from the real layers with the page's own helpers
(:func:`dashboard.export.default_texts`, :func:`dashboard.core.classify.classify`); one unit's
name is replaced by an upload-like name carrying markup, to check that it is escaped.
"""

from __future__ import annotations

import html
import json
import re
from datetime import date

import numpy as np
import pandas as pd

from dashboard.core.classify import classify
from dashboard.core.i18n import province_label, unit_label
from dashboard.export import default_texts
from dashboard.map.html_export import map_page_html
from loaders import layers

#: A name as an upload could carry it: markup that must reach the file escaped.
EVIL_NAME = '<script>alert("x")</script><img src=x onerror=alert(1)> Xã Lạ'
#: A source text with markup (the source of an imported metric is user text).
EVIL_SOURCE = "Sở <b>Nội vụ</b> & đối tác"
DAY = date(2026, 10, 15)


def map_view(
    province: str | None = "04",
    lang: str = "vi",
    *,
    is_sample: bool = True,
    level: str = "commune",
) -> tuple[bytes, pd.Series, dict[str, str]]:
    """The map page's view of the area of the communes (``level`` "commune": of
    ``province``, or all of them when None) or of the 34 provinces, every 7th unit without
    data, as the HTML file the export panel makes. Returns the file, the values by code and
    the names given to the tooltips."""
    if level == "province":
        units = layers.load_provinces("light")
        names = {
            str(c): province_label(str(n), lang)
            for c, n in zip(units.code, units.full_name, strict=True)
        }
    else:
        units = layers.load_communes("web" if province else "light", province=province)
        names = {
            str(c): (unit_label(str(n), str(u), "en") if lang == "en" else str(f))
            for c, n, u, f in zip(
                units.code, units.name, units.unit_type, units.full_name, strict=True
            )
        }
    codes = units["code"].astype(str).tolist()
    values = pd.Series(units["area_km2"].to_numpy(dtype=float), index=codes)
    values.iloc[::7] = np.nan
    names[codes[1]] = EVIL_NAME
    classes = classify(values, "quantiles", 5, "YlGnBu")
    full_name = (
        str(layers.load_provinces("light").set_index("code").loc[province, "full_name"])
        if province and level == "commune"
        else None
    )
    texts = default_texts(
        metric_label="Diện tích tự nhiên" if lang == "vi" else "Natural area",
        unit="km²",
        units=units,
        classes=classes,
        province_full_name=full_name,
        period="2026-10",
        source=EVIL_SOURCE,
        is_sample=is_sample,
        lang=lang,
        values=values,
    )
    data = map_page_html(
        units,
        values,
        classes,
        texts,
        names,
        decimals=1,
        province=province if level == "commune" else None,
        day=DAY,
    )
    return data, values, names


_LAYER = re.compile(r"(geo_json_[0-9a-f]+)_add\((\{.*?\})\);\n", re.S)


def geojson_layers(text: str) -> dict[str, dict]:
    """Every GeoJSON layer embedded in a folium file, by its variable name."""
    return {name: json.loads(body) for name, body in _LAYER.findall(text)}


def unit_layers(text: str) -> list[dict]:
    """The interactive layers (those with tooltips), in the order the file adds them."""
    found = geojson_layers(text)
    tooltips = re.findall(r"(geo_json_[0-9a-f]+)\.bindTooltip\(", text)
    return [found[name] for name in tooltips]


_EXTERNAL = re.compile(
    r"<(?:script|link|img|iframe|source|embed|object)\b[^>]*\b(?:src|href|data)\s*=\s*"
    r"[\"']?\s*(?:https?:)?//",
    re.I,
)


def external_references(text: str) -> list[str]:
    """Tags of ``text`` that load something from another machine (``http://``, ``https://``
    or protocol-relative ``//``): scripts, style sheets, images, frames."""
    return [m.group(0) for m in _EXTERNAL.finditer(text)]


def script_and_style_tags(text: str) -> list[str]:
    """Every ``<script src=…>`` and ``<link …>`` tag (an inlined file has none)."""
    return re.findall(r"<script\b[^>]*\bsrc\s*=[^>]*>|<link\b[^>]*>", text, re.I)


def place_names(text: str) -> list[str]:
    """The permanent names drawn on the maps of a file (the archipelagos), one per marker,
    lines joined by a space, as text (folium writes them as escaped JSON strings)."""
    found = re.findall(r"L\.divIcon\(\{\s*\"html\": (\"(?:[^\"\\]|\\.)*\")", text)
    return [
        html.unescape(re.sub(r"<br>", " ", re.sub(r"</?div[^>]*>", "", json.loads(body))))
        for body in found
    ]
