"""The "press figures" layer: figures reported in Vietnamese news, as cited province badges.

Pure functions (no Streamlit), so the layer and its texts can be rendered and checked in
tests. The figures come from :func:`loaders.metrics.reported.reported_figures` (real
figures, mostly at province level, of uneven quality): they are drawn as a **separate layer**
of badges, one per province with figures, whose popup lists each figure with its qualifier
("hơn", "khoảng", "ít nhất"), unit, date, a short quote and its source article. They are
never joined to, or mixed with, the choropleth's values.

Safety: every text from the CSV is escaped with :func:`html.escape` before it reaches HTML,
the HTML travels as JSON data in the map's payload (never as script; folium's ``Popup``, which
embeds HTML in a JavaScript template literal, is not used), and only ``http(s)`` URLs become
links. Offline: badges are ``L.divIcon`` with inline CSS, never Leaflet's default marker
icon (an image) or a CDN icon font.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import pandas as pd

from dashboard.core.i18n import t
from dashboard.core.markdown_text import is_web_url, md_escape, md_url
from dashboard.core.reported_text import (
    as_of_text,
    date_text,
    metric_label,
    place_text,
    qualified_value,
)
from dashboard.map.map_builder import css_color
from loaders.metrics.reported import citations

#: Most figures shown in one popup; the province panel lists them all.
POPUP_MAX_FIGURES = 8
#: Longest quote shown in a popup (characters); the panel shows the whole quote.
POPUP_QUOTE_CHARS = 220
BADGE_COLOR = "#b00020"


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def figure_popup_html(row: Mapping[str, object], lang: str = "vi") -> str:
    """One figure as escaped HTML: metric, qualified value and unit, place and date, quote,
    and each source article (a link only when its URL is http(s))."""
    esc = html.escape
    parts = [
        f"<b>{esc(metric_label(str(row['metric']), lang))}</b>: "
        f"{esc(qualified_value(row, lang))} {esc(str(row['unit']))}",
        f'<span style="color:#555">{esc(place_text(row, lang))} · '
        f"{esc(as_of_text(row.get('as_of_date'), lang))}</span>",
    ]
    quote_vi = str(row.get("quote_vi") or "")
    if quote_vi:
        parts.append(f"<i>“{esc(_short(quote_vi, POPUP_QUOTE_CHARS))}”</i>")
    for title, url, day in citations(pd.Series(dict(row))):
        label = f"{esc(title or url)}"
        if is_web_url(url):
            parts.append(
                f'<a href="{esc(url.strip(), quote=True)}" target="_blank" '
                f'rel="noopener noreferrer">{label}</a> ({esc(date_text(day, lang))})'
            )
        else:
            no_link = esc(t("reported_no_link", lang))
            parts.append(f"{label} ({esc(date_text(day, lang))}; {no_link})")
    return '<div style="margin:0 0 6px 0">' + "<br>".join(parts) + "</div>"


def province_popup_html(
    name: str, figures: pd.DataFrame, lang: str = "vi", limit: int = POPUP_MAX_FIGURES
) -> str:
    """The popup of one province's badge: its name, the number of figures, the first
    ``limit`` figures (:func:`figure_popup_html`) and how many more the panel lists."""
    esc = html.escape
    head = (
        f'<div style="font-weight:700;font-size:13px">{esc(name)}</div>'
        f'<div style="color:{BADGE_COLOR};font-weight:700;margin-bottom:4px">'
        f"{esc(t('reported_title', lang))} ({len(figures)})</div>"
    )
    rows = [figure_popup_html(row, lang) for row in figures.head(limit).to_dict("records")]
    more = len(figures) - limit
    tail = f"<div><i>{esc(t('reported_more', lang, n=more))}</i></div>" if more > 0 else ""
    return (
        '<div class="vn-rf-popup" style="font-size:12px;line-height:1.35">'
        + head
        + "".join(rows)
        + tail
        + "</div>"
    )


def badges(
    figures: pd.DataFrame,
    points: Mapping[str, tuple[float, float]],
    names: Mapping[str, str],
    lang: str = "vi",
) -> dict[str, object]:
    """The press-figures layer as map data: ``{"color": …, "points": [...]}``.

    ``figures``: :func:`~loaders.metrics.reported.reported_figures` rows; only those with
    ``scope == "province"`` and a province code are drawn (national figures have no place).
    ``points``: (lat, lon) of a point inside each province (2-digit code). ``names``: code →
    display name (unescaped). One badge per province with figures: ``code``, ``lat``,
    ``lon``, ``label`` (the number of figures, drawn as text), ``tip`` and ``popup`` (escaped
    HTML).
    """
    local = figures[(figures["scope"] == "province") & figures["province_code"].notna()]
    rows = []
    for code, part in local.groupby("province_code", sort=True):
        code = str(code)
        if code not in points:
            continue
        lat, lon = points[code]
        name = names.get(code, code)
        rows.append(
            {
                "code": code,
                "lat": round(float(lat), 5),
                "lon": round(float(lon), 5),
                "label": str(len(part)),
                "tip": html.escape(t("reported_tooltip", lang, name=name, count=len(part))),
                "popup": province_popup_html(name, part, lang),
            }
        )
    return {"color": css_color(BADGE_COLOR), "points": rows}


# --- Markdown for the province panel ------------------------------------------------------------


def figures_markdown(figures: pd.DataFrame, lang: str = "vi") -> str:
    """A Markdown list of figures for the province panel: metric, qualified value and unit,
    place and date, the whole quote, and linked sources (escaped, http(s) links only)."""
    items = []
    for row in figures.to_dict("records"):
        sources = []
        for title, url, day in citations(pd.Series(row)):
            target = md_url(url)
            label = md_escape(title or url)
            day = md_escape(date_text(day, lang))
            sources.append(
                f"[{label}]({target}) ({day})"
                if target
                else f"{label} ({day}; {md_escape(t('reported_no_link', lang))})"
            )
        quote_vi = str(row.get("quote_vi") or "")
        line = (
            f"- **{md_escape(metric_label(str(row['metric']), lang))}**: "
            f"{md_escape(qualified_value(row, lang))} {md_escape(row['unit'])}  \n"
            f"  {md_escape(place_text(row, lang))} · "
            f"{md_escape(as_of_text(row.get('as_of_date'), lang))}"
        )
        if quote_vi:
            line += f"  \n  *“{md_escape(quote_vi)}”*"
        if sources:
            line += "  \n  " + "; ".join(sources)
        items.append(line)
    return "\n".join(items)
