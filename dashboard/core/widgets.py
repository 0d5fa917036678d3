"""Streamlit widgets shared by every page: the language switch and the first-run page."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlalchemy.exc import InterfaceError, OperationalError

from dashboard.core.i18n import t
from loaders.paths import DataDirMissing, fetch_command

_LOG = logging.getLogger(__name__)

#: Streamlit leaves 6rem above a page's first element (room for its toolbar); 2.5rem is
#: enough for the minimal toolbar and brings the map page's map higher on a laptop screen.
#: On a phone the page title and the banners are set smaller, so that the map page's map
#: starts in the upper part of the screen instead of below a two-screen header.
_COMPACT_CSS = (
    "<style>[data-testid='stMainBlockContainer']{padding-top:2.5rem}"
    "@media (max-width:640px){"
    "[data-testid='stMainBlockContainer']{padding-top:3.75rem}"
    "[data-testid='stMainBlockContainer'] h1{font-size:1.4rem;line-height:1.25;padding:0}"
    "[data-testid='stAlertContainer']{padding:0.4rem 0.75rem}"
    "[data-testid='stAlertContainer'] p{font-size:0.85rem;line-height:1.35}"
    "}</style>"
)


def compact_page() -> None:
    """Less empty space above every page's content (a style only: takes no room itself)."""
    st.html(_COMPACT_CSS)


def requested_page_path() -> str:
    """The page path the browser asked for (``""`` for the main page).

    Streamlit runs its default page for a path it does not know and says so only in an
    English dialog; the path is kept in its page manager, not in a public API, so this
    returns ``""`` (nothing to report) if that ever changes.
    """
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    name = getattr(getattr(ctx, "pages_manager", None), "intended_page_name", None)
    return str(name or "").strip("/")


def current_lang() -> str:
    """The language in the session state (``"vi"`` unless the user switched)."""
    if st.session_state.get("lang") not in ("vi", "en"):
        st.session_state["lang"] = "vi"
    return str(st.session_state["lang"])


def language_switch() -> str:
    """Vietnamese by default, English on a switch. Returns the language code."""
    current_lang()
    st.sidebar.segmented_control(
        t("language_switch"),
        options=["vi", "en"],
        format_func=lambda code: t(f"lang_{code}"),
        key="lang",
        required=True,
    )
    return str(st.session_state["lang"])


@contextmanager
def store_reachable(lang: str | None = None) -> Iterator[None]:
    """Run the block; when the metrics database cannot be reached in it (connection refused
    or dropped: a PostgreSQL restart, a fail-over), show :func:`store_unreachable_page`
    instead of Streamlit's bare error box and end the run. Other errors pass through.
    ``lang`` defaults to the session's language, else the URL's, else Vietnamese."""
    try:
        yield
    except (OperationalError, InterfaceError) as error:
        # the driver's message names the server, never the password (URLs are not in it)
        _LOG.warning("metrics database unreachable: %s", str(error.orig or error).strip()[:300])
        asked = lang or st.session_state.get("lang") or st.query_params.get("lang")
        store_unreachable_page("en" if asked == "en" else "vi")
        st.stop()


def store_unreachable_page(lang: str) -> None:
    """Shown instead of the page while the metrics database cannot be reached (a PostgreSQL
    restart or fail-over): what happened, that nothing is lost, and a button to try again.
    The error itself goes to the server log only."""
    st.error(t("store_unreachable", lang))
    if st.button(t("store_retry", lang), key="store_retry", icon=":material/refresh:"):
        st.rerun()


def first_run_page(error: DataDirMissing) -> None:
    """Shown when there is no boundary data at all: what is missing and the exact command."""
    for lang in ("vi", "en"):
        st.header(t("first_run_title", lang))
        st.write(t("first_run_body", lang))
        st.code(fetch_command(), language="bash")
    with st.expander(t("first_run_details", "vi") + " / " + t("first_run_details", "en")):
        st.code(str(error), language="text")
