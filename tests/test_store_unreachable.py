"""While the metrics database cannot be reached (PostgreSQL restarting, failing over, or
down), every page says so in the visitor's language, with a button to try again, instead of
Streamlit's bare error box; the error goes to the server log."""

from __future__ import annotations

import logging

import pytest

from dashboard.core import startup
from dashboard.core.i18n import t
from loaders.metrics import store
from tests.app_support import app, run

#: Nothing listens on port 9 (discard) here: connections are refused at once.
DOWN = "postgresql+psycopg://nobody@127.0.0.1:9/vnmap"


PAGES = {"compare": "dashboard/pages/compare.py", "import": "dashboard/pages/data_import.py"}


def assert_unreachable_said(at, caplog, lang: str) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] == [t("store_unreachable", lang)]
    assert at.button(key="store_retry").label == t("store_retry", lang)
    assert "metrics database unreachable" in caplog.text and "127.0.0.1" in caplog.text
    assert "nobody@" not in caplog.text  # the URL (and any password in it) is not logged


@pytest.mark.parametrize(("page", "lang"), [("map", "vi"), ("compare", "en"), ("import", "vi")])
def test_a_page_open_when_the_database_goes_says_so(built_data, monkeypatch, caplog, page, lang):
    """A session already on the page; the database goes away; the next run (a click)."""
    at = app(lang=lang)
    if page in PAGES:
        at.switch_page(PAGES[page])
    run(at)
    assert not at.error
    monkeypatch.setenv(store.DB_URL_ENV, DOWN)
    try:
        with caplog.at_level(logging.WARNING, logger="dashboard.core.widgets"):
            at.run()
        assert_unreachable_said(at, caplog, lang)
    finally:
        store.dispose_engine(DOWN)


def test_a_server_started_while_the_database_is_down_says_so(built_data, monkeypatch, caplog):
    monkeypatch.setenv(store.DB_URL_ENV, DOWN)
    startup.prepare.clear()  # as on a server just started: start-up opens the store
    try:
        with caplog.at_level(logging.WARNING, logger="dashboard.core.widgets"):
            at = app(lang="en")
            at.run()
        assert_unreachable_said(at, caplog, "en")
    finally:
        store.dispose_engine(DOWN)
