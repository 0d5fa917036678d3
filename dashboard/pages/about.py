"""Sources, versions and notes: where every layer and number comes from.

The sources, licences, vintages and known defects come from :mod:`loaders.data_sources`, the
table the README's data table is checked against; dates are written as people read them.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

import pandas as pd
import streamlit as st

from dashboard.core import service_metrics
from dashboard.core.formatting import human_date, human_timestamp, period_range
from dashboard.core.i18n import t
from dashboard.core.numbers import count
from loaders import layers
from loaders.data_sources import CAVEATS, SOURCES, Source
from loaders.metrics import reported


def _heading(text: str) -> str:
    return text[:1].upper() + text[1:]


def _md(text: str) -> str:
    """Text from a data file, with the Markdown characters that could change it escaped."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def _source_block(source: Source, lang: str) -> str:
    lines = [
        f"#### {_heading(source.layer.get(lang, human_date))}",
        f"- **{t('source', lang)}:** {source.source.get(lang, human_date)}",
        f"- **{t('licence', lang)}:** {source.licence.get(lang, human_date)}",
        f"- **{t('vintage', lang)}:** {source.vintage.get(lang, human_date)}",
        "",
        source.details.get(lang, human_date),
    ]
    if source.defects:
        lines += ["", f"**{t('known_defects', lang)}:**", ""]
        lines += [f"- {d.get(lang, human_date)}" for d in source.defects]
    return "\n".join(lines)


def _article_day(text: str, lang: str) -> str:
    try:
        return human_date(date.fromisoformat(text.strip()), lang)
    except ValueError:
        return t("reported_date_unknown", lang)


def _press_articles(lang: str) -> None:
    """How many press figures there are, and a link to every article they come from (by site
    and date: the titles, quotes and figures are in the map's press panel)."""
    figures = reported.reported_figures()
    if figures.empty:
        st.caption(t("about_press_missing", lang))
        return
    links: dict[str, set[str]] = {}
    for _, row in figures.iterrows():
        for _title, url, day in reported.citations(row):
            if url.startswith(("http://", "https://")):
                links.setdefault(url, set()).add(day)
    unlinked = int((~figures["has_url"]).sum())
    st.caption(
        t(
            "about_press_count",
            lang,
            n=count(len(figures), lang),
            articles=len(links),
            unlinked=unlinked,
        )
    )
    with st.expander(t("about_press_articles", lang, n=len(links))):
        lines = []
        for url in sorted(links, key=lambda u: (sorted(links[u])[-1], u), reverse=True):
            site = urlsplit(url).hostname or url
            days = ", ".join(_article_day(day, lang) for day in sorted(links[url]))
            lines.append(f"- [{_md(site)}]({url}) — {days}")
        st.markdown("\n".join(lines))


def _build(lang: str) -> None:
    """When the current build was made, from which upstream commit, with which tools."""
    st.subheader(t("about_build", lang))
    manifest = layers.current_manifest()
    if not manifest:
        st.caption(t("about_no_build", lang))
        return
    source = manifest.get("source", {})
    counts = manifest.get("counts", {})
    commit = str(source.get("upstream_commit") or "—")[:7]
    tools = ", ".join(f"{k} {v}" for k, v in manifest.get("tools", {}).items())
    units = t("about_build_units", lang)
    st.markdown(
        f"- **{t('built_at', lang)}:** {human_timestamp(manifest.get('built_at'), lang)}\n"
        f"- **{t('about_build_commit', lang)}:** {source.get('upstream_repo', '—')} "
        f"`{commit}`\n"
        f"- **{units}:** "
        + t(
            "about_build_counts",
            lang,
            communes=count(counts.get("communes", 0), lang),
            provinces=count(counts.get("provinces", 0), lang),
        )
        + f"\n- **{t('about_build_tools', lang)}:** {tools}"
    )
    listed = re.search(r"`([0-9a-f]{7})`", SOURCES[0].source.en)
    if listed and commit != "—" and commit != listed.group(1):
        st.warning(t("about_build_commit_differs", lang, built=commit, listed=listed.group(1)))


def main() -> None:
    lang = str(st.session_state.get("lang", "vi"))

    st.title(t("about_title", lang))
    st.caption(t("about_intro", lang))

    st.subheader(t("about_sources", lang))
    for source in SOURCES:
        st.markdown(_source_block(source, lang))
        if source.key == "reported_figures":
            _press_articles(lang)

    st.subheader(t("about_caveats", lang))
    st.markdown("\n".join(f"- {c.get(lang, human_date)}" for c in CAVEATS))
    st.info(t("about_dossiers", lang))
    st.info(t("about_offline", lang))

    st.subheader(t("about_metrics", lang))
    rows = [
        {
            t("metric", lang): m.label(lang)
            + (f" — {t('sample_banner', lang)}" if m.is_sample else ""),
            t("unit", lang): m.unit(lang),
            t("period", lang): period_range(m.periods, lang),
            t("source", lang): m.source(lang),
        }
        for m in service_metrics.registry().values()
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")

    _build(lang)


main()
