"""Sources, versions and notes: where every layer and number comes from."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.core import service_metrics
from dashboard.core.i18n import t
from loaders import layers
from loaders.known_differences import BOUNDARY_VERSION, BOUNDARY_VERSION_EN, REGISTER_VERSION


def main() -> None:
    lang = str(st.session_state.get("lang", "vi"))
    manifest = layers.current_manifest() or {}
    source = manifest.get("source", {})

    st.title(t("about_title", lang))
    st.subheader(t("about_boundaries", lang))
    st.markdown(
        f"- **{t('boundary_version', lang)}:** "
        f"{BOUNDARY_VERSION_EN if lang == 'en' else BOUNDARY_VERSION}\n"
        f"- **{t('source', lang)}:** {source.get('upstream_repo', '—')} "
        f"@ `{str(source.get('upstream_commit', ''))[:7]}`\n"
        f"- **{t('licence', lang)}:** {source.get('licence', '—')}\n"
        f"- **{t('built_at', lang)}:** {manifest.get('built_at', '—')}"
    )
    st.subheader(t("about_register", lang))
    st.markdown(f"- {REGISTER_VERSION}")

    st.subheader(t("about_metrics", lang))
    rows = [
        {
            t("metric", lang): m.label(lang)
            + (f" — {t('sample_banner', lang)}" if m.is_sample else ""),
            t("unit", lang): m.unit(lang),
            t("period", lang): ", ".join(m.periods),
            t("source", lang): m.source(lang),
        }
        for m in service_metrics.registry().values()
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.info(t("about_dossiers", lang))
    st.info(t("about_offline", lang))


main()
