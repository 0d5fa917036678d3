"""The commune panel (dashboard.map.unit_panel): one sample mark, compact metric tables by
group with the period said once, ranks in the province; pure helpers (run without the
boundary data) and AppTest runs."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.core import service_metrics
from dashboard.map.unit_panel import (
    GROUPS,
    OTHER_GROUP,
    MetricRow,
    common_period,
    group_of,
    rank_text,
    sample_groups,
)
from tests.app_support import app, run

SAMPLE = "DỮ LIỆU MẪU / SAMPLE DATA"
CODE = "01279"  # Phường Nùng Trí Cao, Cao Bằng


def _row(period: str, is_sample: bool = False) -> MetricRow:
    return MetricRow("x", "1", "", period, "src", is_sample)


def test_rank_is_among_units_with_data_highest_first():
    values = pd.Series([5.0, None, 9.0, 5.0, 0.0], index=["a", "b", "c", "d", "e"])
    assert rank_text(values, "c", "vi") == "1/4"
    assert rank_text(values, "a", "vi") == rank_text(values, "d", "vi") == "2/4"  # a tie
    assert rank_text(values, "e", "vi") == "4/4"  # zero is a value, ranked last
    assert rank_text(values, "b", "vi") == ""  # no data: no rank
    many = pd.Series(range(1500), index=[str(i) for i in range(1500)], dtype="float64")
    assert rank_text(many, "0", "vi") == "1.500/1.500"
    assert rank_text(many, "0", "en") == "1,500/1,500"


def test_common_period_and_groups():
    rows = [_row("2025"), _row("01/07/2025"), _row("01/07/2025", True)]
    assert common_period(rows) == "01/07/2025"
    assert common_period([_row("2025"), _row("2026")]) == "2025"  # a tie: the first
    assert group_of("area_km2") == GROUPS[0][0]
    assert group_of("on_time_rate") == "panel_group_services"
    assert group_of("teams") == "panel_group_volunteers"
    assert group_of("not_a_metric") == OTHER_GROUP
    groups = {"panel_group_units": [_row("2025")], "panel_group_services": rows}
    assert sample_groups(groups) == ["panel_group_services"]


def _panel_markdown(at) -> list[str]:
    return [str(m.value) for m in at.markdown]


@pytest.mark.usefixtures("built_data")
@pytest.mark.parametrize(
    ("lang", "groups"),
    [
        ("vi", "Dịch vụ công, Đội hình tình nguyện, Cảnh báo theo dõi"),
        ("en", "Public services, Volunteer teams, Watchlist flags"),
    ],
)
def test_one_sample_mark_for_the_whole_panel(lang, groups):
    at = run(app(commune=CODE, lang=lang))
    registry = service_metrics.registry()
    assert sum(m.is_sample for m in registry.values()) > 5  # many sample values shown
    marks = [text for text in _panel_markdown(at) if SAMPLE in text]
    assert len(marks) == 1, marks  # one mark, naming the sample groups
    assert marks[0].endswith(f"{groups}.")
    # No label, caption or table cell repeats it (the page's banner above the map is a
    # warning box of its own, outside the panel).
    assert not any(SAMPLE in str(c.value) for c in at.caption)
    assert not any(SAMPLE in str(e.label) for e in at.expander)


@pytest.mark.usefixtures("built_data")
def test_period_said_once_per_group_and_ranks_in_the_province():
    at = run(app(commune=CODE, metric="on_time_rate", period="2025-09"))
    captions = [str(c.value) for c in at.caption]
    services = [c for c in captions if c.startswith("**Dịch vụ công**")]
    # The group's period is the one most of its metrics have (the latest); the metric on
    # the map, asked for another period, says its own in its label.
    assert services == ["**Dịch vụ công** · Kỳ số liệu: tháng 10/2026"]
    table = next(
        str(m.value)
        for m in at.markdown
        if "Tỷ lệ hồ sơ giải quyết đúng hạn (tháng 9/2025)" in m.value
    )
    assert "| Chỉ tiêu | Giá trị | Hạng |" in table
    assert "/56 |" in table  # ranks among Cao Bằng's 56 communes
    # The other groups are folded away, the sources listed once.
    labels = [str(e.label) for e in at.expander]
    assert "Đội hình tình nguyện (6 chỉ tiêu)" in labels
    assert any(label.startswith("Nguồn số liệu (") for label in labels)
