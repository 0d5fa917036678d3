"""Widgets of the export panels (map page and compare page): file options and download.

The file is rendered when the user presses the panel's button; these widgets choose its
format (PNG, PDF, SVG for print; HTML for a standalone interactive map, see
:mod:`dashboard.map.html_export`), page size and print-safe style, and offer the bytes made
for the current view only.
"""

from __future__ import annotations

import streamlit as st

from dashboard.core.i18n import t
from dashboard.export.layout import PAGE_SIZES
from dashboard.export.render import EXPORT_FORMATS
from dashboard.export.texts import slug

#: Every format a panel offers, with its MIME type: the print formats, then the interactive
#: HTML file (no page size, no print style).
FILE_FORMATS = {**EXPORT_FORMATS, "html": "text/html"}
HTML = "html"


def offer_download(key_prefix: str, request: object, name: str, fmt: str, lang: str) -> None:
    """The download button of the file made for ``request``, kept in the session under
    ``{key_prefix}_result`` as ``(request, bytes)``; nothing when that file was made for
    another view or other options (a stale file is never offered)."""
    done = st.session_state.get(f"{key_prefix}_result")
    if done and done[0] == request:
        st.download_button(
            t("export.panel.download", lang, name=name),
            done[1],
            file_name=name,
            mime=FILE_FORMATS[fmt],
            key=f"{key_prefix}_download",
        )


def file_options(key_prefix: str, lang: str) -> tuple[str, str, bool]:
    """Format, page size and print-safe choice of an export panel (widget keys
    ``{key_prefix}_fmt``, ``_page``, ``_print_safe``), labelled in ``lang``. The page size
    and print style are greyed out for the HTML file (they keep their values for print)."""
    left, right = st.columns(2)
    fmt = left.selectbox(
        t("export.panel.format", lang),
        list(FILE_FORMATS),
        key=f"{key_prefix}_fmt",
        format_func=lambda f: format_label(f, lang),
    )
    page = right.selectbox(
        t("export.panel.page", lang),
        list(PAGE_SIZES),
        key=f"{key_prefix}_page",
        format_func=lambda k: getattr(PAGE_SIZES[k], f"label_{lang}", PAGE_SIZES[k].label_vi),
        disabled=fmt == HTML,
    )
    print_safe = st.checkbox(
        t("export.panel.print_safe", lang), key=f"{key_prefix}_print_safe", disabled=fmt == HTML
    )
    if fmt == HTML:
        st.caption(t("export.panel.html_note", lang))
    return str(fmt), str(page), bool(print_safe)


def format_label(fmt: str, lang: str) -> str:
    """ "PNG", "PDF", "SVG", "HTML (tương tác)" / "HTML (interactive)"."""
    return t("export.panel.format_html", lang) if fmt == HTML else fmt.upper()


def file_slug(title: str, fallback: str = "ban-do") -> str:
    """A file name from the title: ASCII letters, digits and dashes only (80 at most)."""
    return slug(title)[:80] or fallback
