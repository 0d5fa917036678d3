"""The counts behind each rate of the store, per unit or province, for tables and downloads.

A rate is recomputed from counts at every level (:mod:`loaders.metrics.derive`); a table of
rates is checkable only with those counts beside it. :data:`RATE_COUNTS` names them per rate
and level; :func:`rate_counts` reads them from the store for one period.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy.engine import Engine

from loaders.metrics import derive, store

#: Population figure behind ``received_per_1000`` (unverified: see
#: :data:`loaders.metrics.derive.PER_CAPITA_CAVEAT`).
POPULATION = "population_unverified"


def count_columns(key: str, level: str) -> tuple[str, ...]:
    """The stored columns rate ``key`` is computed from at ``level`` ("commune"/"unit" or
    "province"); empty for a metric that is not a rate of counts (a count, a score, an
    attribute of the units).

    ``volunteer_coverage`` is a commune's teams (0: a gap) or, per province, the communes
    with a team (the denominator, the province's communes, is its coverage count).
    """
    if key == "volunteer_coverage":
        return ("units_with_team",) if level == "province" else ("teams",)
    if key == "received_per_1000":
        return (*derive.metric_inputs(key), POPULATION)
    if key in derive.METRIC_INPUTS:
        return derive.metric_inputs(key)
    return ()


def rate_counts(engine: Engine, key: str, period: str, level: str) -> pd.DataFrame:
    """The counts of :func:`count_columns` for every unit (5-digit code) or province (2-digit
    code) in ``period``, indexed by code (strings); NaN where the unit has no data. A frame
    without columns for a metric that has no counts."""
    columns = list(count_columns(key, level))
    province = level == "province"
    if not columns:
        return pd.DataFrame(index=pd.Index([], dtype="string", name="code"))
    if key in derive.METRIC_INFO and derive.METRIC_INFO[key].source == "volunteers":
        table = store.volunteer_table(engine, period, "province" if province else "unit")
    else:
        table = store.metric_table(engine, period, "province" if province else "unit")
    frame = table.set_index("province_code" if province else "code")[columns].astype("float64")
    frame.index = frame.index.astype("string").rename("code")
    return frame
