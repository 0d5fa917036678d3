"""The watch rules: which communes the leaders' watchlist flags, and the settings behind them.

Eight rules, each evaluated per commune (2025 unit, 5-digit code) and month (``YYYY-MM``):

=================  ==========================================================  ================
rule               held when                                                   setting (default)
=================  ==========================================================  ================
``no_report``      the commune has no row for the month (nothing reported)     none
``zero_dossiers``  it reported 0 dossiers received (a reported zero, not a     none
                   missing row: DOMAIN.md's "zero vs no data")
``on_time_low``    on time ÷ (on time + late) below the floor                  ``on_time_floor``
                                                                               (90 %)
``on_time_drop``   that rate down by at least the step from the previous      ``on_time_drop``
                   month (both months reported)                                (10 points)
``online_low``     online ÷ received below the target (press: 50 %)            ``online_target``
                                                                               (50 %)
``overdue``        dossiers resolved late at or above the count                ``overdue_count``
                                                                               (50 dossiers)
``score_low``      the 766 total score (of 100) below the floor                ``score_floor`` (70)
``no_team``        no volunteer team in a province that reported teams that    none
                   month ("vùng trắng")
=================  ==========================================================  ================

The floors and the target are strict ("below"): a rate exactly at 90 % is not flagged. The
overdue count and the drop step hold "at or above". Rates are compared through their counts
(``100 × on time < floor × (on time + late)``), so no rounding decides an edge.

Defaults: the 90 % floor, 10-point step and 50 % online target are the issue's (the 50 %
target is cited in the press, DOMAIN.md); the overdue count (50 dossiers a month, about a
tenth of a commune's ~500) and the score floor (70 of 100) are this project's choice, and an
admin changes any of them on the watchlist page (stored with who and when,
:mod:`loaders.watchlist.settings`).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

#: The rules in the order the watchlist lists them.
RULES = (
    "no_report",
    "zero_dossiers",
    "on_time_low",
    "on_time_drop",
    "online_low",
    "overdue",
    "score_low",
    "no_team",
)

#: Which setting is each rule's threshold (rules without one are absent).
THRESHOLD_OF = {
    "on_time_low": "on_time_floor",
    "on_time_drop": "on_time_drop",
    "online_low": "online_target",
    "overdue": "overdue_count",
    "score_low": "score_floor",
}

Percent = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]


class WatchRules(BaseModel):
    """The settings of the watch rules in force. Percentages and points are 0–100; the
    overdue count is a whole number of dossiers (≥ 1: at 0 every commune would be flagged)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    #: On-time rate floor, percent of dossiers resolved (on time + late).
    on_time_floor: Percent = 90.0
    #: Fall of the on-time rate from the previous month that raises a flag, percentage points
    #: (at least 0.1: a step of 0 would flag every commune whose rate did not rise).
    on_time_drop: Annotated[float, Field(ge=0.1, le=100, allow_inf_nan=False)] = 10.0
    #: Online share target, percent of dossiers received.
    online_target: Percent = 50.0
    #: Dossiers resolved late in a month at or above which a commune is flagged.
    overdue_count: Annotated[int, Field(ge=1, le=1_000_000, strict=False)] = 50
    #: 766 total score floor (of 100 points).
    score_floor: Percent = 70.0


#: The defaults, as the issue and DOMAIN.md give them.
DEFAULT_RULES = WatchRules()
#: The settings, in the order the page shows them.
SETTINGS = tuple(WatchRules.model_fields)
