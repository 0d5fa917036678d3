"""How many communes a province or national value rests on, against SQLite and PostgreSQL.

A real import of 3 of Cao Bằng's 56 communes (which removes the sample rows): the province's
value is computed from those 3 (rates from the summed counts) and says 3/56; every other
province has 0 communes with data; the trend carries n and N per period.
"""

from __future__ import annotations

import pytest

from loaders.metrics import store
from loaders.metrics.importer import import_file
from loaders.register import new_units


def _cao_bang(n: int) -> list[str]:
    units = new_units()
    return list(units.loc[units["province_code"] == "04", "code"].head(n))


@pytest.fixture
def partial(engine, files, metrics_row_factory):
    codes = _cao_bang(3)
    rows = [
        metrics_row_factory(codes[0], "2026-10", **{"Giải quyết đúng hạn": 80}),
        metrics_row_factory(codes[1], "2026-10", **{"Giải quyết đúng hạn": 70}),
        # The third commune sent received counts but no on-time/late counts.
        metrics_row_factory(
            codes[2], "2026-10", **{"Giải quyết đúng hạn": None, "Giải quyết quá hạn": None}
        ),
    ]
    import_file(engine, files.csv(rows), "cao-bang.csv", max_period="2026-10")
    return engine


def test_province_coverage_counts_communes_with_the_metrics_inputs(partial):
    received = store.metric_coverage(partial, "received", "2026-10")
    on_time = store.metric_coverage(partial, "on_time_rate", "2026-10")
    assert received.loc["04"].tolist() == [3, 56]
    assert on_time.loc["04"].tolist() == [2, 56]  # one commune lacks the on-time counts
    assert len(received) == 34 and int(received["n_units"].sum()) == 3321
    assert int(received.drop(index="04")["n_with_data"].sum()) == 0
    # The value itself: recomputed from the two communes' counts, never averaged.
    value = store.metric_values(partial, "on_time_rate", "2026-10", level="province")["04"]
    assert value == pytest.approx(100 * (80 + 70) / (80 + 5 + 70 + 5))


def test_trend_carries_n_and_N_per_period(partial):
    province = store.trend(partial, "on_time_rate", province_code="04")
    assert province[["period", "n_reported", "n_units"]].values.tolist() == [["2026-10", 2, 56]]
    country = store.trend(partial, "received")
    assert country[["n_reported", "n_units"]].values.tolist() == [[3, 3321]]
    one = store.trend(partial, "received", code=_cao_bang(1)[0])
    assert one[["n_reported", "n_units"]].values.tolist() == [[1, 1]]
