"""The "briefing pack" button of a province's map view: press to make the province's PDF
(:mod:`dashboard.export.briefing`) for the month shown, in the page's language, then save it.

Only cheap work runs on every rerun; the pack (a few seconds) is made when the button is
pressed and kept in the session for the view it was made for, so a stale file (another
province, month, language or cover metric, or a store changed by an import) is never offered.
"""

from __future__ import annotations

import streamlit as st

from dashboard.core.formatting import human_period
from dashboard.core.i18n import t
from dashboard.core.metrics import Registry
from dashboard.export.briefing import BriefingRequest, build_briefing
from dashboard.export.briefing.command import pack_file_name
from dashboard.export.briefing.content import DEFAULT_COVER_METRIC
from dashboard.export.data import ExportDataError
from loaders.watchlist import WatchlistError

RESULT_KEY = "briefing_result"


def pack_period(registry: Registry, period: str | None) -> str | None:
    """The month of the pack: the map's when it has service-centre data, else the latest
    one (a map of area or a volunteer month without service data); None without any."""
    if DEFAULT_COVER_METRIC not in registry:
        return None
    periods = registry[DEFAULT_COVER_METRIC].periods
    return period if period in periods else (periods[-1] if periods else None)


def briefing_button(
    *,
    province: str,
    province_name: str,
    registry: Registry,
    metric_key: str,
    period: str | None,
    lang: str,
) -> None:
    """The button (and, once made, the download) of ``province``'s pack; the cover map shows
    ``metric_key``, the metric on screen."""
    month = pack_period(registry, period)
    if month is None:  # no service-centre data stored: nothing to brief on
        return
    metric = metric_key if metric_key in registry else DEFAULT_COVER_METRIC
    request = BriefingRequest(province=province, period=month, lang=lang, metric=metric)
    view = (request, registry.revision)
    name = pack_file_name(province, month, lang)
    with st.container(key="briefing_pack"):
        pressed = st.button(
            t("briefing.button", lang),
            key="briefing_make",
            icon=":material/picture_as_pdf:",
            help=t(
                "briefing.button_help",
                lang,
                province=province_name,
                period=human_period(month, lang),
            ),
        )
        if pressed:
            with st.spinner(t("briefing.busy", lang)):
                try:
                    st.session_state[RESULT_KEY] = (view, build_briefing(request))
                except WatchlistError as exc:
                    st.error(t("briefing.failed", lang, reason=exc.message.render(lang)))
                except ExportDataError as exc:
                    st.error(t("briefing.failed", lang, reason=str(exc)))
        done = st.session_state.get(RESULT_KEY)
        if done and done[0] == view:
            st.download_button(
                t("briefing.save", lang, name=name),
                done[1],
                file_name=name,
                mime="application/pdf",
                key="briefing_download",
                icon=":material/download:",
            )
