"""The cited press-figures layer builder, escaping, offline markers, the map page.

Figures are real (``reported_figures_2025.csv``); a hostile row checks that nothing from the
CSV can reach the page as HTML, script or a non-web link.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from dashboard.core.markdown_text import is_web_url, md_escape, md_url
from dashboard.core.reported_text import as_of_text, date_text, place_text
from dashboard.map.reported_layer import (
    badges,
    figure_popup_html,
    figures_markdown,
    qualified_value,
)
from loaders.metrics.reported import COLUMNS, reported_by_province, reported_figures
from tests.app_support import app, map_spec, run

MAP_JS = Path(__file__).resolve().parent.parent / "dashboard" / "map" / "map_component.js"

EVIL = "<img src=x onerror=alert(1)>"


def figure(**changes: object) -> dict[str, object]:
    row = {
        "province_code": "04",
        "province_label": "Cao Bằng",
        "scope": "province",
        "pre_merger": False,
        "inferred": False,
        "commune_or_ward": None,
        "metric": "volunteer_teams",
        "value_text": ">1170",
        "qualifier": ">",
        "value": 1170.0,
        "unit": "đội hình",
        "as_of_date": "2025-08-01",
        "article_title": "Bài báo",
        "article_url": "https://example.vn/bai-bao",
        "article_date": "2025-08-02",
        "quote_vi": "Hơn 1.170 đội hình",
        "has_url": True,
    }
    row.update(changes)
    return row


def frame(*rows: dict[str, object]) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=COLUMNS)


HOSTILE = figure(
    province_label=EVIL,
    metric=EVIL,
    unit=EVIL,
    quote_vi="`${alert(2)}` </script><script>alert(3)</script>",
    article_title=EVIL + ";second",
    article_url="javascript:alert(4);https://ok.example/x?a=1&b=2",
    article_date="2025-08-02;2025-08-03",
)


# --- Values and citations -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("qualifier", "value", "vi", "en"),
    [
        (">", 1170.0, "hơn 1.170", "more than 1,170"),
        ("~", 5.5, "khoảng 5,5", "about 5.5"),
        (">=", 100.0, "ít nhất 100", "at least 100"),
        ("", 297.0, "297", "297"),
    ],
)
def test_qualified_value_keeps_the_qualifier(qualifier, value, vi, en) -> None:
    row = figure(qualifier=qualifier, value=value)
    assert qualified_value(row, "vi") == vi
    assert qualified_value(row, "en") == en


def test_a_value_that_is_not_a_number_is_shown_as_written() -> None:
    assert qualified_value(figure(value=None, value_text="2025-07-06", qualifier="")) == (
        "2025-07-06"
    )


@pytest.mark.parametrize(
    ("changes", "vi", "en"),
    [
        ({}, "Cao Bằng", "Cao Bằng"),
        (
            {"province_label": "Thanh Hóa [inferred]", "inferred": True},
            "Thanh Hóa (tỉnh suy ra từ bài)",
            "Thanh Hóa (province inferred)",
        ),
        (
            {"province_label": "Hậu Giang (pre-merger; 2023)", "pre_merger": True},
            "Hậu Giang (tỉnh cũ)",
            "Hậu Giang (former province)",
        ),
        ({"province_label": "(not stated)"}, "không nêu địa phương", "place not stated"),
        ({"commune_or_ward": "xã Nật Sơn"}, "xã Nật Sơn", "xã Nật Sơn"),
    ],
)
def test_the_place_drops_the_files_marks_and_says_what_they_meant(changes, vi, en) -> None:
    row = figure(**changes)
    assert (place_text(row, "vi"), place_text(row, "en")) == (vi, en)


def test_every_real_figure_names_its_place_without_the_files_marks() -> None:
    for _, row in reported_figures().iterrows():
        for lang in ("vi", "en"):
            where = place_text(row, lang)
            assert where and not any(mark in where for mark in ("[", "pre-merger", "(not stated)"))


def test_the_briefing_pack_and_the_popup_name_the_place_alike() -> None:
    from dashboard.export.briefing.content import _press

    rows = reported_figures()
    rows = rows[rows["inferred"] | rows["pre_merger"]]
    assert len(rows)
    for (_, row), pressed in zip(rows.iterrows(), _press(rows, "vi"), strict=True):
        assert pressed.where.startswith(place_text(row, "vi") + ", thời điểm ")
        assert place_text(row, "vi") in figure_popup_html(row.to_dict(), "vi")


@pytest.mark.parametrize(
    ("written", "vi", "en"),
    [
        ("2025-07-01", "thời điểm 1 tháng 7, 2025", "as of 1 July 2025"),
        ("~2025-08", "thời điểm khoảng tháng 8/2025", "as of about August 2025"),
        ("<=2025-09-22", "tính đến 22 tháng 9, 2025", "by 22 September 2025"),
        ("<2025-07-01", "trước 1 tháng 7, 2025", "before 1 July 2025"),
        (
            "2025-07-01/<=2025-10-04 ('từ đầu tháng 7 đến nay')",
            "từ 1 tháng 7, 2025 đến 4 tháng 10, 2025 ('từ đầu tháng 7 đến nay')",
            "from 1 July 2025 to 4 October 2025 ('từ đầu tháng 7 đến nay')",
        ),
        (
            "2025-07-01/~2025-08",
            "từ 1 tháng 7, 2025 đến khoảng tháng 8/2025",
            "from 1 July 2025 to about August 2025",
        ),
        ("2025-H1", "thời điểm 6 tháng đầu năm 2025", "as of the first half of 2025"),
        (
            "2025-H2 plan",
            "kế hoạch 6 tháng cuối năm 2025",
            "plan for the second half of 2025",
        ),
        ("2025 plan", "kế hoạch năm 2025", "plan for 2025"),
        (
            "<=2025-09-27 (not stated)",
            "tính đến 27 tháng 9, 2025 (bài không nêu thời điểm số liệu)",
            "by 27 September 2025 (the article gives no as-of date)",
        ),
        ("(not stated)", "thời điểm không rõ ngày (bài không nêu thời điểm số liệu)", None),
        ("2030/2035", "thời điểm 2030/2035", "as of 2030/2035"),  # two target years
        (pd.NA, "thời điểm không rõ ngày", "as of date unknown"),
    ],
)
def test_press_dates_are_written_for_people(written, vi, en) -> None:
    assert as_of_text(written, "vi") == vi
    if en is not None:
        assert as_of_text(written, "en") == en


def test_article_dates_are_days_in_words() -> None:
    assert date_text("2025-09-12", "vi") == "12 tháng 9, 2025"
    assert date_text("2025-09-12", "en") == "12 September 2025"
    assert date_text(" ", "vi") == "không rõ ngày"


def test_no_real_press_date_is_left_in_iso_form() -> None:
    rows = reported_figures()
    for written in {*rows["as_of_date"], *rows["article_date"].str.split(";").explode()}:
        for lang in ("vi", "en"):
            for text in (date_text(written, lang), as_of_text(written, lang)):
                assert not re.search(r"\d{4}-\d{2}", text), (written, lang)


def test_popup_lists_metric_value_date_quote_and_linked_source() -> None:
    popup = figure_popup_html(figure())
    assert "<b>Số đội hình tình nguyện</b>: hơn 1.170 đội hình" in popup
    assert "Cao Bằng · thời điểm 1 tháng 8, 2025" in popup
    assert "“Hơn 1.170 đội hình”" in popup
    assert (
        '<a href="https://example.vn/bai-bao" target="_blank" rel="noopener noreferrer">'
        "Bài báo</a> (2 tháng 8, 2025)"
    ) in popup


def test_popup_escapes_every_csv_text_and_links_only_web_urls() -> None:
    popup = figure_popup_html(HOSTILE)
    assert "<img" not in popup and "<script" not in popup and "</script" not in popup
    assert popup.count("&lt;img src=x onerror=alert(1)&gt;") == 3  # unit, place, title
    # An unknown metric key never reaches the page, escaped or not: it has no name.
    assert "<b>Số liệu báo chí khác</b>" in popup
    assert 'href="javascript' not in popup
    # The second source has a web URL: linked, its "&" escaped inside the attribute.
    assert 'href="https://ok.example/x?a=1&amp;b=2"' in popup
    assert "(2 tháng 8, 2025; không có đường dẫn bài báo)" in popup  # the first: named, not linked


def badge_data(layer: dict) -> list[dict]:
    """The badges as the browser receives them: the layer through JSON."""
    return json.loads(json.dumps(layer, ensure_ascii=False))["points"]


def test_layer_is_data_with_escaped_html_so_nothing_runs() -> None:
    layer = badges(frame(HOSTILE), {"04": (22.7, 106.2)}, {"04": EVIL})
    text = json.dumps(layer, ensure_ascii=False)
    assert "<img" not in text and "alert(3)</script>" not in text
    (badge,) = badge_data(layer)
    assert badge["tip"] == "&lt;img src=x onerror=alert(1)&gt;: 1 số liệu báo chí"
    # A backtick or ${…} is plain text inside a JSON string (folium's Popup would put it in a
    # JavaScript template literal, where it runs). The count is drawn as text, not HTML.
    assert "`${alert(2)}` &lt;/script&gt;&lt;script&gt;alert(3)" in badge["popup"]
    assert "<img" not in badge["popup"] and "<script" not in badge["popup"]


def test_layer_has_one_badge_per_province_with_figures_and_no_cdn_icon() -> None:
    figures = frame(
        figure(),
        figure(metric="volunteers", value=850.0),
        figure(province_code="79", province_label="TP. Hồ Chí Minh"),
        figure(province_code=None, scope="national", province_label="Toàn quốc"),
    )
    points = {"04": (22.7, 106.2), "79": (10.8, 106.7)}
    names = {"04": "Tỉnh Cao Bằng", "79": "Thành phố Hồ Chí Minh"}
    layer = badges(figures, points, names)
    data = badge_data(layer)
    assert [(d["code"], d["label"]) for d in data] == [("04", "2"), ("79", "1")]
    assert data[0]["tip"] == "Tỉnh Cao Bằng: 2 số liệu báo chí"
    assert "Số liệu báo chí (2)" in data[0]["popup"]
    # The only web addresses in the layer are the articles' (links, not fetched).
    text = json.dumps(layer, ensure_ascii=False)
    assert set(re.findall(r"https?://[^\s\"'\\]+", text)) == {"https://example.vn/bai-bao"}
    # The map draws a badge as a divIcon with its count set as text: Leaflet's default
    # marker (images) and icon fonts come from CDNs and are not used.
    script = MAP_JS.read_text(encoding="utf-8")
    assert "L.divIcon(" in script and "textContent = d.label" in script
    for offline_breaker in ("L.Icon.Default", "marker-icon", "fontawesome", "glyphicon"):
        assert offline_breaker not in script


def test_layer_in_english() -> None:
    (badge,) = badge_data(badges(frame(figure()), {"04": (22.7, 106.2)}, {"04": "Cao Bằng"}, "en"))
    assert badge["tip"] == "Cao Bằng: 1 press figure" and "more than 1,170" in badge["popup"]


# --- Markdown of the province panel -------------------------------------------------------------


def test_markdown_escapes_and_links_only_web_urls() -> None:
    text = figures_markdown(frame(HOSTILE))
    assert re.search(r"(?<!\\)[<>]", text) is None  # every < and > is escaped
    assert "\\<img src=x onerror=alert\\(1\\)\\>" in text
    assert "](javascript" not in text
    assert "(https://ok.example/x?a=1&b=2)" in text
    assert md_escape("[x](javascript:alert(1))") == "\\[x\\]\\(javascript:alert\\(1\\)\\)"
    assert md_url("javascript:alert(1)") is None and md_url("ftp://x") is None
    assert md_url("https://a.vn/x (1)") is None  # a space: not one URL
    assert md_url("https://a.vn/(x)") == "https://a.vn/%28x%29"
    assert is_web_url("HTTPS://A.VN") and not is_web_url("https://a.vn/<x>")


def test_real_figures_reach_the_layer() -> None:
    figures = reported_figures()
    if figures.empty:
        pytest.skip("reported_figures_2025.csv is not on this machine")
    by_province = reported_by_province()
    points = {c: (16.0, 106.0) for c in by_province["province_code"]}
    points_drawn = badge_data(badges(figures, points, {}))
    assert len(points_drawn) == len(by_province)
    assert any("doisongthethao.com" in p["popup"] for p in points_drawn)  # Đồng Tháp


# --- The map page -------------------------------------------------------------------------------


@pytest.mark.usefixtures("built_data")
@pytest.mark.mirror("the provinces the press figures name")
def test_press_toggle_adds_the_badges_on_the_country_view() -> None:
    if reported_figures().empty:
        pytest.skip("reported_figures_2025.csv is not on this machine")
    at = run(app())
    assert map_spec(at)["badges"] is None  # off by default
    before = map_spec(at)["units"]
    at.toggle(key="reported").set_value(True)
    run(at)
    assert {k: at.query_params[k] for k in at.query_params} == {"press": "1"}
    spec = map_spec(at)
    assert len(spec["badges"]["points"]) == len(reported_by_province())
    assert all("Số liệu báo chí" in p["popup"] for p in spec["badges"]["points"])
    assert any("Vòng tròn đỏ" in c.value for c in at.caption)
    # The choropleth is unchanged: the same 34 provinces with their own values.
    assert spec["units"] == before


@pytest.mark.usefixtures("built_data")
@pytest.mark.mirror("the provinces the press figures name")
def test_province_panel_lists_its_press_figures_with_links() -> None:
    figures = reported_figures()
    if figures.empty:
        pytest.skip("reported_figures_2025.csv is not on this machine")
    at = run(app(province="82", press="1"))  # Đồng Tháp
    assert map_spec(at)["badges"] is None  # the badges belong to the country view
    expected = figures[(figures.scope == "province") & (figures.province_code == "82")]
    labels = [e.label for e in at.expander]
    assert f"Số liệu báo chí ({len(expected)})" in labels
    listing = next(m.value for m in at.markdown if str(m.value).startswith("- **"))
    assert listing.count("\n- **") + 1 == len(expected)
    assert "(https://doisongthethao.com/" in listing and "hơn 1.170" in listing


# --- Metric names and missing dates -------------------------------------------------------------


def test_every_press_metric_has_a_name_in_both_languages() -> None:
    from dashboard.core.i18n import CATALOGUE
    from dashboard.map.reported_layer import metric_label

    keys = set(reported_figures()["metric"])
    if not keys:
        pytest.skip("reported_figures_2025.csv is absent")
    missing = sorted(k for k in keys if f"rm_{k}" not in CATALOGUE)
    assert missing == []
    for key in keys:
        vi, en = metric_label(key, "vi"), metric_label(key, "en")
        assert "_" not in vi and "_" not in en and key not in (vi, en)
    assert metric_label("dossiers_received", "vi") == "Hồ sơ tiếp nhận"
    assert metric_label("dossiers_received", "en") == "Dossiers received"
    assert metric_label("avg_dossiers_per_day", "vi") == "Hồ sơ bình quân mỗi ngày"
    assert metric_label("avg_dossiers_per_day", "en") == "Average dossiers per day"
    assert metric_label("not_a_known_key", "vi") == "Số liệu báo chí khác"
    assert metric_label("not_a_known_key", "en") == "Other press figure"


@pytest.mark.parametrize(("lang", "unknown"), [("vi", "không rõ ngày"), ("en", "date unknown")])
def test_a_figure_without_dates_says_date_unknown(lang, unknown) -> None:
    row = figure(
        metric="dossiers_received",
        as_of_date="",
        article_url="",
        article_date="",
        article_title="Bài không có đường dẫn",
    )
    popup = figure_popup_html(row, lang)
    markdown = figures_markdown(frame(row), lang)
    for text in (popup, markdown):
        assert "(;" not in text and "()" not in text and "dossiers_received" not in text
        assert f"Bài không có đường dẫn ({unknown}; " in text
    as_of = "thời điểm" if lang == "vi" else "as of"
    assert f"{as_of} {unknown}" in popup and f"{as_of} {unknown}" in markdown
    name = "Hồ sơ tiếp nhận" if lang == "vi" else "Dossiers received"
    assert f"<b>{name}</b>" in popup and f"**{name}**" in markdown


def test_real_figures_without_article_date_render_date_unknown() -> None:
    figures = reported_figures()
    undated = figures[figures["article_date"].str.strip() == ""]
    if undated.empty:
        pytest.skip("no undated figure in the CSV")
    text = figures_markdown(undated, "vi")
    assert "(;" not in text and "không rõ ngày" in text


def test_loader_snippet_of_an_undated_figure_says_date_unknown() -> None:
    from loaders.metrics.reported import DATE_UNKNOWN, figure_html

    row = pd.Series(figure(as_of_date="", article_date="", article_url=""))
    snippet = figure_html(row)
    assert DATE_UNKNOWN == "không rõ ngày / date unknown"
    assert f"Cao Bằng</i>, {DATE_UNKNOWN}" in snippet and f"Bài báo ({DATE_UNKNOWN})" in snippet
