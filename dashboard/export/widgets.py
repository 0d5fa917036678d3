"""Widgets of the export panels (map page and compare page): file options and download.

The file is rendered when the user presses the panel's button; these widgets choose its
format, page size and print-safe style, and offer the bytes made for the current view only.
"""

from __future__ import annotations

import re

import streamlit as st

from dashboard.core.i18n import t
from dashboard.export.layout import PAGE_SIZES
from dashboard.export.render import EXPORT_FORMATS


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
            mime=EXPORT_FORMATS[fmt],
            key=f"{key_prefix}_download",
        )


def file_options(key_prefix: str, lang: str) -> tuple[str, str, bool]:
    """Format, page size and print-safe choice of an export panel (widget keys
    ``{key_prefix}_fmt``, ``_page``, ``_print_safe``), labelled in ``lang``."""
    left, right = st.columns(2)
    fmt = left.selectbox(
        t("export.panel.format", lang),
        list(EXPORT_FORMATS),
        key=f"{key_prefix}_fmt",
        format_func=str.upper,
    )
    page = right.selectbox(
        t("export.panel.page", lang),
        list(PAGE_SIZES),
        key=f"{key_prefix}_page",
        format_func=lambda k: getattr(PAGE_SIZES[k], f"label_{lang}", PAGE_SIZES[k].label_vi),
    )
    print_safe = st.checkbox(t("export.panel.print_safe", lang), key=f"{key_prefix}_print_safe")
    return str(fmt), str(page), bool(print_safe)


def file_slug(title: str, fallback: str = "ban-do") -> str:
    """A file name from the title: ASCII letters, digits and dashes only."""
    from unidecode import unidecode

    return re.sub(r"[^A-Za-z0-9]+", "-", unidecode(title)).strip("-").lower()[:80] or fallback
