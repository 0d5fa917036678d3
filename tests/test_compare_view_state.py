"""The compare view in the URL, and the province shared with the map page.

Pure tests of :mod:`dashboard.compare.view_state`, then AppTests through the router: a compare
link restores its view, a bad value gets a message, the map page's province carries over to
the compare page and back.
"""

from __future__ import annotations

import pytest

from dashboard.compare import view_state
from dashboard.compare.view_state import Known, from_query, to_query
from dashboard.core import state
from tests.app_support import app, map_spec, run

COMPARE_PAGE = "dashboard/pages/compare.py"
MAP_PAGE = "dashboard/pages/map_view.py"

KNOWN = Known(
    provinces={"01", "04", "08"},
    metrics=("area", "n_pred", "none"),
    new_unit_province={"00004": "01", "01273": "04"},
    old_unit_province={"01705": "04", "00004": "01"},
)


def test_a_full_link_is_read_back():
    params = {
        "level": "commune",
        "province": "01",
        "mode": "overlay",
        "fill": "n_pred",
        "split": "1",
        "new": "00004",
    }
    values, dropped = from_query(params, KNOWN)
    assert dropped == ()
    assert values == {
        "cmp_level": "commune",
        "cmp_province": "01",
        "cmp_mode": "overlay",
        "cmp_metric": "n_pred",
        "cmp_split_only": True,
        "cmp_new_code": "00004",
    }
    # Written back without the default level (short links).
    assert to_query({**view_state.DEFAULTS, **values}) == {
        k: v for k, v in params.items() if k != "level"
    }


def test_defaults_stay_out_of_the_link_and_codes_stay_strings():
    assert to_query(dict(view_state.DEFAULTS)) == {}
    assert to_query({**view_state.DEFAULTS, "cmp_province": "08", "lang": "en"}) == {
        "province": "08",
        "lang": "en",
    }
    # The split filter and picks belong to the commune level.
    session = {**view_state.DEFAULTS, "cmp_level": "province", "cmp_split_only": True}
    assert to_query({**session, "cmp_new_code": "01273"}) == {"level": "province"}


def test_a_pick_implies_its_province():
    values, _ = from_query({"province": "08", "new": "01273"}, KNOWN)
    assert values["cmp_province"] == "04"
    values, _ = from_query({"old": "01705"}, KNOWN)
    assert values == {"cmp_old_code": "01705", "cmp_province": "04"}


def test_values_that_name_nothing_are_dropped_and_reported():
    params = {
        "province": "99",
        "mode": "3d",
        "fill": "<b>x</b>",
        "split": "maybe",
        "new": "12345",
        "level": "district",
    }
    values, dropped = from_query(params, KNOWN)
    assert values == {}
    assert set(dropped) == {
        ("province", "99"),
        ("mode", "3d"),
        ("fill", "<b>x</b>"),
        ("split", "maybe"),
        ("new", "12345"),
        ("level", "district"),
    }
    # Blank values ask for nothing.
    assert from_query({"province": "", "new": " "}, KNOWN) == ({}, ())


# --- Through the router (real data) ---------------------------------------------------------------

pytestmark_mirror = pytest.mark.mirror("the pre-2025 layers")


def _compare(**params: str):
    """The app opened at ``/compare?…`` (AppTest: the router, then the compare page)."""
    at = app(**params)
    at.session_state[state.COMPARE_PAINTED] = True
    return run(at.switch_page(COMPARE_PAGE))


@pytestmark_mirror
def test_a_compare_link_restores_its_view_and_writes_it_back():
    at = _compare(province="01", mode="overlay", fill="n_pred", split="1")
    assert at.selectbox(key="cmp_province").value == "01"
    assert at.radio(key="cmp_mode").value == "overlay"
    assert at.selectbox(key="cmp_metric").value == "n_pred"
    assert at.checkbox(key="cmp_split_only").value is True
    assert not at.warning
    at.radio(key="cmp_mode").set_value("side")
    run(at)
    link = {key: at.query_params[key] for key in at.query_params}
    assert link == {"province": "01", "fill": "n_pred", "split": "1"}


@pytestmark_mirror
def test_a_link_with_a_pick_opens_its_lineage():
    at = _compare(new="01273")  # Phường Thục Phán, Cao Bằng
    assert at.selectbox(key="cmp_province").value == "04"
    assert at.selectbox(key="cmp_new_code").value == "01273"
    assert any("Phường Thục Phán (01273)" in m.value for m in at.markdown)


@pytestmark_mirror
def test_a_bad_link_value_gets_a_message_and_the_default():
    at = _compare(province="99", mode="<script>x</script>")
    assert at.selectbox(key="cmp_province").value == "04"
    assert at.radio(key="cmp_mode").value == "side"
    warnings = " ".join(w.value for w in at.warning)
    assert "«99»" in warnings and "province" in warnings
    assert "<script>" not in warnings  # escaped, never markup


@pytestmark_mirror
def test_the_map_pages_province_carries_over_to_compare_and_back():
    at = app(province="01")  # the map page at Hà Nội
    at.session_state[state.COMPARE_PAINTED] = True
    run(at)
    run(at.switch_page(COMPARE_PAGE))
    assert at.selectbox(key="cmp_province").value == "01"
    # Another province and mode chosen on the compare page: the map page opens that province…
    at.selectbox(key="cmp_province").set_value("08")
    at.radio(key="cmp_mode").set_value("overlay")
    run(at)
    run(at.switch_page(MAP_PAGE))
    assert at.session_state["province"] == "08"
    assert "08" in map_spec(at)["view"]
    # … and back on the compare page, the view is as the user left it.
    run(at.switch_page(COMPARE_PAGE))
    assert at.selectbox(key="cmp_province").value == "08"
    assert at.radio(key="cmp_mode").value == "overlay"
    assert at.session_state["province"] == "08"
    # The map page's next province comes back to compare.
    run(at.switch_page(MAP_PAGE))
    state.open_province(at.session_state, "01")
    run(at)
    run(at.switch_page(COMPARE_PAGE))
    assert at.selectbox(key="cmp_province").value == "01"
    assert at.radio(key="cmp_mode").value == "overlay"


@pytestmark_mirror
def test_the_bad_link_message_goes_once_the_view_changes():
    at = _compare(province="99")
    assert at.warning
    run(at)  # a rerun of the same view: still said
    assert at.warning
    at.radio(key="cmp_mode").set_value("overlay")
    run(at)
    assert not at.warning
    at.radio(key="cmp_mode").set_value("side")
    run(at)
    assert not at.warning  # back to the view the link opened: said once, not again


@pytestmark_mirror
def test_an_old_unit_picked_on_the_map_stays_picked_whatever_the_search_says():
    at = _compare(old="01276")  # picked by a click or a link, the search box holding text
    at.text_input(key="cmp_old_query").input("hung dao")
    run(at)
    assert at.selectbox(key="cmp_old_code").value == "01276"
    assert at.query_params["old"] == "01276"
    assert any("đã về" in m.value for m in at.markdown)
