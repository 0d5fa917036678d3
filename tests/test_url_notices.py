"""A shared link with a value the app does not know: the map page says which value it dropped
and what it shows instead, in the UI's language, once for that link (AppTest), and the URL's
text stays text."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.core import metrics, state
from tests.app_support import app, run

pytestmark = pytest.mark.usefixtures("built_data")

CAO_BANG = "04"


def url_warnings(at: AppTest) -> list[str]:
    """The page's warnings about the link (the sample-data and coverage warnings left out)."""
    return [
        str(w.value) for w in at.warning if "liên kết" in str(w.value) or "link's" in str(w.value)
    ]


def test_bad_metric_names_it_and_the_metric_shown(registry):
    shown = registry[metrics.default_metric(registry)]
    (vi,) = url_warnings(run(app(metric="foo")))
    label = shown.label("vi")
    assert vi == f"Không tìm thấy chỉ tiêu «foo» trong liên kết; đang hiển thị «{label}»."
    (en,) = url_warnings(run(app(metric="foo", lang="en")))
    assert en == f"The link's metric «foo» is unknown; showing «{shown.label('en')}» instead."


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("vi", "Không tìm thấy tỉnh, thành phố mã «99» trong liên kết; đang hiển thị cả nước."),
        ("en", "The link's province code «99» is unknown; showing the whole country instead."),
    ],
)
def test_bad_province_names_it_and_shows_the_country(lang, expected):
    at = run(app(province="99", lang=lang))
    assert url_warnings(at) == [expected]
    assert at.session_state["province"] is None


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "vi",
            "Không tìm thấy xã, phường mã «99999» trong liên kết; đang hiển thị «Tỉnh Cao Bằng».",
        ),
        (
            "en",
            "The link's commune code «99999» is unknown; showing «Cao Bằng Province» instead.",
        ),
    ],
)
def test_bad_commune_names_it_and_the_province_shown(lang, expected):
    at = run(app(province=CAO_BANG, commune="99999", lang=lang))
    assert url_warnings(at) == [expected]
    assert at.session_state["province"] == CAO_BANG and at.session_state["commune"] is None


def test_bad_commune_alone_shows_the_country():
    (vi,) = url_warnings(run(app(commune="99999")))
    assert vi.endswith("đang hiển thị cả nước.")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_bad_period_names_it_the_metric_and_the_period_shown(registry, lang):
    metric = registry["online_share"]
    at = run(app(metric="online_share", period="1999-13", lang=lang))
    (text,) = url_warnings(at)
    latest = metric.default_period
    assert at.selectbox(key="period").value == latest
    if lang == "vi":
        assert text == (
            f"Chỉ tiêu «{metric.label('vi')}» không có kỳ số liệu «1999-13» trong liên kết; "
            f"đang hiển thị kỳ «{latest}»."
        )
    else:
        assert text == (
            f"The link's period «1999-13» does not exist for «{metric.label('en')}»; "
            f"showing the period «{latest}» instead."
        )


def test_every_bad_value_gets_its_own_warning():
    at = run(app(metric="nope", province="99", commune="abc", period="1999"))
    found = url_warnings(at)
    assert len(found) == 4
    for given in ("«nope»", "«99»", "«abc»", "«1999»"):
        assert sum(given in text for text in found) == 1, (given, found)


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"province": CAO_BANG, "metric": "online_share"},
        {"commune": "01273", "lang": "en"},
        {"metric": "area_km2", "period": metrics.UNIT_METRICS["area_km2"].default_period},
        {"province": "08", "commune": "01273"},  # a valid commune wins over another province
        {"metric": "", "province": ""},  # blank asks for nothing
    ],
)
def test_valid_links_give_no_warning(query):
    assert url_warnings(run(app(**query))) == []


def test_the_warning_goes_once_the_view_changes_and_follows_the_language():
    at = run(app(metric="foo"))
    assert len(url_warnings(at)) == 1
    run(at)  # the same view (e.g. the run the map starts once drawn): still said
    assert len(url_warnings(at)) == 1
    at.segmented_control(key="lang").set_value("en")
    run(at)  # the same view in English: said in English
    assert url_warnings(at)[0].startswith("The link's metric «foo»")
    state.open_province(at.session_state, CAO_BANG)
    run(at)
    assert url_warnings(at) == []
    state.open_country(at.session_state)  # back to the view the link opened: not said again
    run(at)
    assert url_warnings(at) == []


def test_url_text_stays_text():
    """Markdown or HTML in a link shows as typed: no link, emphasis or markup is made."""
    hostile = "[x](javascript:alert(1))<b>*y*</b>"
    (text,) = url_warnings(run(app(metric=hostile)))
    assert r"\[x\]\(javascript:alert\(1\)\)\<b\>\*y\*\</b\>" in text
    long = "a" * 300
    (text,) = url_warnings(run(app(metric=long)))
    assert "a" * 39 + "…»" in text and "a" * 40 not in text


def test_rejected_is_pure_and_ordered(registry):
    provinces, communes = {"04"}, {"01273": "04"}
    found = state.rejected(
        {"period": "x", "commune": "9", "province": "99", "metric": "m"},
        provinces,
        communes,
        registry,
    )
    assert [(r.param, r.given) for r in found] == [
        ("metric", "m"),
        ("province", "99"),
        ("commune", "9"),
        ("period", "x"),
    ]
    valid = {"province": "04", "commune": "01273"}
    assert state.rejected(valid, provinces, communes, registry) == ()


def test_unknown_page_path_is_noted_once_with_the_other_values(registry):
    """The router's part (the browser test opens such a path): on the session's first run an
    unknown page path joins the link's other dropped values; a known path adds nothing."""
    session: dict[str, object] = {}
    provinces, communes = {"04"}, {"01273": "04"}
    state.init_session(session, {"metric": "m"}, provinces, communes, registry)
    state.note_unknown_page(session, "khong-co", ["", "compare", "about"])
    state.note_unknown_page(session, "other", ["", "compare", "about"])  # later runs: nothing
    view = state.from_query({"metric": "m"}, provinces, communes, registry)
    found = state.url_notices(session, view, registry)
    assert [(r.param, r.given) for r in found] == [("page", "khong-co"), ("metric", "m")]
    quiet: dict[str, object] = {}
    state.init_session(quiet, {}, provinces, communes, registry)
    state.note_unknown_page(quiet, "about", ["", "compare", "about"])
    assert state.url_notices(quiet, view, registry) == ()
