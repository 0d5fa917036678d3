"""The watchlist page's view and its URL form: ``/watchlist?province=04&period=2026-10``.

The view lives in ``st.session_state`` under the page's widget keys (:data:`KEYS`) and in the
URL under short names (:data:`PARAMS`). :func:`from_query` and :func:`to_query` are pure: a
province or month the data do not have is dropped with the data layer's message naming it
(:class:`~loaders.watchlist.WatchlistError`), so the page can say so and show the country or
the latest month instead.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from dashboard.core.state import query_value
from loaders.messages import Message, msg

PROVINCE = "wl_province"  # "" for the country, else a 2-digit code
PERIOD = "wl_period"  # YYYY-MM, one of the stored months
RULES = "wl_rules"  # the rule filter: rule keys shown (empty: all)
STATUSES = "wl_statuses"  # the status filter: statuses shown (empty: all)
#: Session-state key → URL parameter.
PARAMS = {PROVINCE: "province", PERIOD: "period"}
#: The page's widget keys, kept while another page is shown.
KEYS = (PROVINCE, PERIOD, RULES, STATUSES)
COUNTRY = ""


def from_query(
    params: Mapping[str, object], provinces: Collection[str], periods: Sequence[str]
) -> tuple[dict[str, str], tuple[Message, ...]]:
    """The view a URL asks for (province: a 2-digit code or "" for the country; period: a
    stored month, the latest when none is asked for) and why any value it gave was dropped.
    ``periods`` are the stored months, oldest first (not empty)."""
    province = query_value(params.get("province", ""))
    period = query_value(params.get("period", ""))
    values = {PROVINCE: COUNTRY, PERIOD: periods[-1]}
    dropped: list[Message] = []
    if province:
        code = province.zfill(2) if province.isdigit() and len(province) < 2 else province
        if code in provinces:
            values[PROVINCE] = code
        else:
            dropped.append(msg("data.watch_unknown_province", province=province[:40]))
    if period:
        if period in periods:
            values[PERIOD] = period
        else:
            first, last = periods[0], periods[-1]
            dropped.append(
                msg("data.watch_unknown_period", period=period[:40], first=first, last=last)
            )
    return values, tuple(dropped)


def to_query(session: Mapping[str, object], lang: str = "vi") -> dict[str, str]:
    """URL parameters of the view in ``session``: the province (none for the country) and
    the month, always (a link keeps its month after the next import); the language when not
    Vietnamese."""
    out: dict[str, str] = {}
    province = str(session.get(PROVINCE) or "")
    if province:
        out["province"] = province
    if session.get(PERIOD):
        out["period"] = str(session[PERIOD])
    if lang != "vi":
        out["lang"] = lang
    return out
