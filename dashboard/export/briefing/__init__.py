"""A province's briefing pack: one multi-page A4 PDF for a month (Vietnamese, or English on
request): cover map, key figures against the country with their coverage, the watchlist,
monthly trends, volunteer gaps and cited press figures, with the source, period, boundary
version, page number and (for sample data) the sample mark on every page::

    from dashboard.export.briefing import BriefingRequest, build_briefing

    pdf = build_briefing(BriefingRequest(province="04", period="2026-10", lang="vi"))

From the command line: ``python -m dashboard.export --briefing --province 04 --period 2026-10
--out cao-bang.pdf`` (``--all-provinces --out-dir DIR`` for all 34).
"""

from dashboard.export.briefing.content import DEFAULT_COVER_METRIC, BriefingContent, collect
from dashboard.export.briefing.pack import (
    BriefingRequest,
    build_briefing,
    render_pack,
    save_briefing,
)

__all__ = [
    "DEFAULT_COVER_METRIC",
    "BriefingContent",
    "BriefingRequest",
    "build_briefing",
    "collect",
    "render_pack",
    "save_briefing",
]
