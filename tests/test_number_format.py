"""The Vietnamese pages write every number the Vietnamese way: "1.234,5", "65,2 %".

Each page is run in Vietnamese (AppTest) and everything it shows as text is collected:
markdown, captions, metrics, messages, on-screen tables and the map's boxes and tooltips. A
number written the English way ("9,032", "65.2%", "119.65") fails the test.
"""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from loaders.metrics import store
from loaders.register import new_units
from tests.app_support import app, map_html, run, run_compare_page
from tests.auth_support import signed_in

#: English thousands ("9,032", "10,040") and English decimals ("119.65", "65.2 %"). A
#: Vietnamese "1.234" (a thousands point before three digits) does not match; proper
#: codes ("00004") hold no separator at all.
ENGLISH_NUMBER = re.compile(
    r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])"  # 9,032 / 10,040
    r"|(?<![\w.,-])\d+\.\d{1,2}(?![\d.])"  # 119.65 / 65.2 (a vi thousands group has 3 digits)
    r"|\d%"  # 65,2% (Vietnamese puts a space before the sign)
)

CAO_BANG = "04"


def english_numbers(text: str) -> list[str]:
    return [m.group(0) for m in ENGLISH_NUMBER.finditer(text)]


def shown_text(at: AppTest) -> str:
    """Every text the page shows: messages, markdown, metrics and on-screen tables."""
    parts = [
        e.value
        for e in [
            *at.title,
            *at.header,
            *at.subheader,
            *at.markdown,
            *at.caption,
            *at.info,
            *at.success,
            *at.warning,
            *at.error,
            *at.text,
        ]
    ]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [d.value.to_string() for d in at.dataframe]
    parts += [t.value.to_string() for t in at.table]
    return "\n".join(str(p) for p in parts)


def test_the_pattern_catches_english_numbers_only():
    assert english_numbers("9,032 / 10,040 · 65.2% · 119.65 · 45,5%") == [
        "9,032",
        "10,040",
        "65.2",
        "119.65",
        "5%",
    ]
    assert english_numbers("9.032 / 10.040 · 65,2 % · 119,7 · mã 00004 · 5 tháng 12, 2026") == []


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"province": CAO_BANG, "metric": "on_time_rate"},
        {"province": CAO_BANG, "metric": "area_km2"},
        {"metric": "population"},
    ],
    ids=["country", "province-rate", "province-area", "country-population"],
)
def test_map_page_in_vietnamese(query):
    at = run(app(**query))
    text = shown_text(at) + "\n" + map_html(at)
    assert english_numbers(text) == []


def test_commune_panel_in_vietnamese():
    commune = str(new_units().query("province_code == @CAO_BANG").code.iloc[0])
    at = run(app(commune=commune, metric="on_time_rate"))
    assert english_numbers(shown_text(at) + "\n" + map_html(at)) == []


@pytest.mark.parametrize("level", ["commune", "province"])
def test_compare_page_in_vietnamese(level):
    at = run_compare_page(cmp_level=level, cmp_province=CAO_BANG)
    assert english_numbers(shown_text(at)) == []


def test_import_page_in_vietnamese(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'metrics.sqlite'}"
    monkeypatch.setenv(store.DB_URL_ENV, url)
    try:
        at = AppTest.from_file("../dashboard/pages/data_import.py", default_timeout=120)
        signed_in(at, store.get_engine(url))
        at.session_state["lang"] = "vi"
        run(at)
        units = new_units().query("province_code == @CAO_BANG").head(3)
        lines = ["Mã đơn vị,Tên đơn vị,Kỳ báo cáo (tháng),Hồ sơ tiếp nhận"]
        lines += [
            f"{c},{n},2026-10,52758" for c, n in zip(units["code"], units["name"], strict=True)
        ]
        data = ("\n".join(lines) + "\n").encode("utf-8")
        at.file_uploader(key="imp_file").set_value(("metrics.csv", data, "text/csv"))
        run(at)
        assert english_numbers(shown_text(at)) == []
    finally:
        store.dispose_engine(url)
