"""The "export this comparison" panel under the compare page's map: PNG 300 dpi, PDF or SVG,
or one standalone interactive HTML file (:mod:`dashboard.compare.html_export`).

It renders on the server with :mod:`dashboard.export` (:func:`make_compare_spec`), from the
page's own level, province, view, colouring and split filter, so the printed classes and
colours are the ones on screen. Side-by-side view → two panels; overlay view → the new units
with the old boundaries dashed. Rendering runs when the user presses the button (never in a
callback); the file is kept in session state until the view or an option changes, then the
download button serves it. Widget keys start with ``cmp_exp_``.
"""

from __future__ import annotations

import hashlib

import streamlit as st

from dashboard.compare.html_export import compare_html
from dashboard.core.i18n import t
from dashboard.export import CompareRequest, export_compare
from dashboard.export.compare_specs import make_compare_spec
from dashboard.export.compare_texts import compare_title
from dashboard.export.data import ExportDataError, province_row
from dashboard.export.widgets import HTML, file_options, file_slug, offer_download


def compare_export_panel(
    *, level: str, province: str, mode: str, metric: str, split_only: bool, lang: str
) -> None:
    """Draw the export panel for the compare view on screen.

    ``level`` is "commune" (the communes of ``province``, a 2-digit 2025 code) or "province"
    (63 → 34, whole country); ``mode`` "side" or "overlay"; ``metric`` the page's colouring
    ("area", "n_pred", "none").
    """
    with st.expander(t("compare.export.expander", lang)):
        # Cheap work only: this runs on every rerun. Layers are read on the button press.
        full_name = str(province_row(province)["full_name"]) if level == "commune" else None
        view_id = _view_id(level, province, mode, metric, split_only, lang)
        default = compare_title(level, full_name, lang)
        title = st.text_input(
            t("export.panel.title", lang), value=default, key=f"cmp_exp_title_{view_id}"
        )
        st.caption(t(f"compare.export.what_{mode}", lang))
        fmt, page, print_safe = file_options("cmp_exp", lang)
        html_file = fmt == HTML
        request = CompareRequest(
            province=province if level == "commune" else None,
            level=level,
            mode=mode,
            metric=metric,
            split_only=split_only and level == "commune",
            # The print check knows only print formats; the HTML file is asked for below.
            fmt="png" if html_file else fmt,
            page=page,
            print_safe=print_safe,
            title=title,
            lang=lang,
        )
        if st.button(t("export.panel.make", lang), key="cmp_exp_make"):
            with st.spinner(t("export.panel.busy", lang)):
                try:
                    if html_file:
                        data = compare_html(request)
                    else:
                        data = export_compare(make_compare_spec(request))
                except (ExportDataError, ValueError) as error:
                    st.session_state.pop("cmp_exp_result", None)
                    st.warning(t("compare.export.failed", lang, error=error))
                else:
                    st.session_state["cmp_exp_result"] = ((request, fmt), data)
        offer_download("cmp_exp", (request, fmt), f"{file_slug(title, 'so-sanh')}.{fmt}", fmt, lang)


def _view_id(*parts: object) -> str:
    """A short fingerprint of the view, so the title box resets when the view changes."""
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:12]
