"""View state and its URL form, so that any view can be shared as a link.

The view (province, commune, metric, period, classification, palette, language…) lives in
``st.session_state`` under the keys in :data:`KEYS` (the sidebar widgets use the same keys),
and in the URL's query parameters under the short names in :data:`PARAMS`. On the first run
of a session the URL fills the session state (:func:`init_session`); after every run of the
map page the session state is written back to the URL (:func:`sync_url`), leaving out values
that equal their defaults.

:func:`from_query` / :func:`to_query` are pure and validate everything: an unknown code,
metric, palette or period falls back to its default instead of failing, and a commune
implies its province. :func:`rejected` names the metric, province, commune and period values of
a URL that were dropped that way, so the page can say so (:func:`url_notices`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, MutableMapping
from dataclasses import asdict, dataclass, fields, replace

from dashboard.core import metrics
from dashboard.core.classify import MAX_CLASSES, MIN_CLASSES, PALETTES, SCHEMES
from dashboard.core.i18n import DEFAULT_LANG, LANGS

PALETTE_AUTO = "auto"
DEFAULT_SCHEME = "quantiles"
DEFAULT_K = 5


@dataclass(frozen=True)
class ViewState:
    """What the map shows. ``period=None`` and ``palette="auto"`` mean "the metric's default"."""

    province: str | None = None
    commune: str | None = None
    metric: str = metrics.FALLBACK_METRIC  # from_query sets the registry's default
    period: str | None = None
    scheme: str = DEFAULT_SCHEME
    k: int = DEFAULT_K
    palette: str = PALETTE_AUTO
    manual_breaks: str = ""
    local_breaks: bool = False
    all_communes: bool = False
    reported: bool = False  # the cited press-figures layer (dashboard.map.reported_layer)
    lang: str = DEFAULT_LANG

    @property
    def level(self) -> str:
        """``"country"``, ``"province"`` or ``"commune"`` (a commune is shown in its province)."""
        if self.commune:
            return "commune"
        return "province" if self.province else "country"

    def metric_period(self, registry: Mapping[str, metrics.Metric]) -> str:
        return self.period or registry[self.metric].default_period

    def resolved_palette(self, registry: Mapping[str, metrics.Metric]) -> str:
        if self.palette == PALETTE_AUTO:
            return registry[self.metric].default_palette
        return self.palette


#: ViewState field -> URL parameter.
PARAMS: dict[str, str] = {
    "province": "province",
    "commune": "commune",
    "metric": "metric",
    "period": "period",
    "scheme": "scheme",
    "k": "k",
    "palette": "palette",
    "manual_breaks": "breaks",
    "local_breaks": "local",
    "all_communes": "all",
    "reported": "press",
    "lang": "lang",
}
#: Session-state keys (the sidebar widgets use the same keys).
KEYS: tuple[str, ...] = tuple(f.name for f in fields(ViewState))
_INIT_FLAG = "_vn_state_from_url"
#: On/off fields, written "1"/"0" in the URL.
_FLAGS = ("local_breaks", "all_communes", "reported")


def parse_manual_breaks(text: str) -> tuple[float, ...] | None:
    """``"50; 10.000; 2,5"`` → ``(2.5, 50.0, 10000.0)``; None when a part is not a number.

    Parts are separated by ``;``. Numbers are read the Vietnamese way: ``,`` marks decimals
    and ``.`` groups thousands (``10.000,5``); a lone ``.`` that does not group thousands is
    taken as a decimal point (``2.5``). Blank text gives ``()``.
    """
    parts = [p.strip() for p in str(text).replace("\n", ";").split(";") if p.strip()]
    try:
        return tuple(sorted({_vi_number(p) for p in parts}))
    except ValueError:
        return None


def _vi_number(text: str) -> float:
    text = text.replace(" ", "").replace("\u00a0", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    return float(text)


def query_value(value: object) -> str:
    """A URL parameter's value as text: the last one when it was given several times."""
    if isinstance(value, list | tuple):
        value = value[-1] if value else ""
    return str(value).strip()


def from_query(
    params: Mapping[str, object],
    province_codes: Collection[str],
    commune_province: Mapping[str, str],
    registry: Mapping[str, metrics.Metric],
) -> ViewState:
    """The view described by URL query parameters, with invalid values replaced by defaults.

    ``province_codes`` are the valid province codes; ``commune_province`` maps every valid
    commune code to its province code (a commune implies its province); ``registry`` holds
    the valid metrics (:class:`~dashboard.core.metrics.Registry`).
    """
    raw = {name: query_value(params[param]) for name, param in PARAMS.items() if param in params}
    view = ViewState()
    changes: dict[str, object] = {}

    commune = raw.get("commune", "")
    province = raw.get("province", "")
    if commune in commune_province:
        changes["commune"] = commune
        changes["province"] = commune_province[commune]
    elif province in province_codes:
        changes["province"] = province

    metric_key = raw.get("metric", "")
    changes["metric"] = metric_key if metric_key in registry else metrics.default_metric(registry)
    metric = registry[str(changes["metric"])]
    if raw.get("period", "") in metric.periods:
        changes["period"] = raw["period"]
    if raw.get("scheme", "") in SCHEMES:
        changes["scheme"] = raw["scheme"]
    if raw.get("k", "").isdigit():
        changes["k"] = max(MIN_CLASSES, min(MAX_CLASSES, int(raw["k"])))
    if raw.get("palette", "") in PALETTES:
        changes["palette"] = raw["palette"]
    if raw.get("manual_breaks") and parse_manual_breaks(raw["manual_breaks"]) is not None:
        changes["manual_breaks"] = raw["manual_breaks"]
    for flag in _FLAGS:
        if flag in raw:
            changes[flag] = raw[flag].lower() in ("1", "true", "yes", "on")
    if raw.get("lang", "") in LANGS:
        changes["lang"] = raw["lang"]
    return replace(view, **changes)


@dataclass(frozen=True)
class Rejected:
    """A URL value that names nothing the app knows, so :func:`from_query` dropped it."""

    param: str  # "metric", "province", "commune", "period" or "page"
    given: str


#: The URL values :func:`rejected` reports: those that choose what the map shows. (A bad
#: ``k``, scheme or palette only changes how it is drawn, and the sidebar shows the result.)
CHECKED = ("metric", "province", "commune", "period")


def rejected(
    params: Mapping[str, object],
    province_codes: Collection[str],
    commune_province: Mapping[str, str],
    registry: Mapping[str, metrics.Metric],
) -> tuple[Rejected, ...]:
    """The metric, province, commune and period values of a URL that :func:`from_query`
    replaced by defaults, in that order. A blank value asks for nothing and is not one; a
    valid province overridden by a valid commune of another province is not one either (the
    commune is shown, in its own province)."""
    raw = {name: query_value(params[PARAMS[name]]) for name in CHECKED if PARAMS[name] in params}
    out = []
    if raw.get("metric") and raw["metric"] not in registry:
        out.append(Rejected("metric", raw["metric"]))
    if raw.get("province") and raw["province"] not in province_codes:
        out.append(Rejected("province", raw["province"]))
    if raw.get("commune") and raw["commune"] not in commune_province:
        out.append(Rejected("commune", raw["commune"]))
    view = from_query(params, province_codes, commune_province, registry)
    if raw.get("period") and raw["period"] not in registry[view.metric].periods:
        out.append(Rejected("period", raw["period"]))
    return tuple(out)


def to_query(view: ViewState, registry: Mapping[str, metrics.Metric]) -> dict[str, str]:
    """URL query parameters for ``view``, leaving out defaults (so links stay short)."""
    default = asdict(ViewState())
    out: dict[str, str] = {}
    for name, value in asdict(view).items():
        if name == "metric":  # the registry's default, not the dataclass's (no service data)
            if value == metrics.default_metric(registry):
                continue
        elif value == default[name] or value in (None, ""):
            continue
        if name == "period" and value == registry[view.metric].default_period:
            continue
        if name == "manual_breaks" and view.scheme != "manual":
            continue
        if name == "commune" and view.province:
            out[PARAMS["province"]] = view.province  # keep province first and explicit
        out[PARAMS[name]] = ("1" if value else "0") if isinstance(value, bool) else str(value)
    return out


def init_session(
    session: MutableMapping[str, object],
    params: Mapping[str, object],
    province_codes: Collection[str],
    commune_province: Mapping[str, str],
    registry: Mapping[str, metrics.Metric],
) -> None:
    """On a session's first run, fill the session state from the URL (once)."""
    if session.get(_INIT_FLAG):
        return
    view = from_query(params, province_codes, commune_province, registry)
    for name, value in asdict(view).items():
        session.setdefault(name, value)
    session[_INIT_FLAG] = True
    # Kept even when empty: note_unknown_page may add to it later in this run.
    dropped = rejected(params, province_codes, commune_province, registry)
    session[_URL_NOTICES] = (dropped, _shown(view, registry))


_URL_NOTICES = "_vn_url_notices"
_PAGE_CHECKED = "_vn_page_checked"


def note_unknown_page(
    session: MutableMapping[str, object],
    requested: str,
    known: Collection[str],
) -> None:
    """On a session's first run, add the link's unknown page path (``requested``, not one of
    the ``known`` URL paths) to what :func:`url_notices` reports: Streamlit then runs the
    default page, the map."""
    if session.get(_PAGE_CHECKED):
        return
    session[_PAGE_CHECKED] = True
    if not requested or requested in known:
        return
    notices = session.get(_URL_NOTICES)
    if notices:  # set by init_session earlier in this first run
        dropped, shown = notices
        session[_URL_NOTICES] = ((Rejected("page", requested), *dropped), shown)


def _shown(view: ViewState, registry: Mapping[str, metrics.Metric]) -> dict[str, str]:
    """What the map shows, in a form that survives the page's normalising of the session
    (an explicit latest period equals none); the language is left out, as switching it
    shows the same view."""
    query = to_query(view, registry)
    query.pop(PARAMS["lang"], None)
    return query


def url_notices(
    session: MutableMapping[str, object],
    view: ViewState,
    registry: Mapping[str, metrics.Metric],
) -> tuple[Rejected, ...]:
    """The URL values dropped when the session opened (:func:`init_session`), while ``view``
    is still the view that link opened; once the user has moved on they are forgotten, so
    the page says so once, not on every later view."""
    notices = session.get(_URL_NOTICES)
    if not notices:
        return ()
    dropped, shown = notices
    if not dropped or _shown(view, registry) != shown:
        del session[_URL_NOTICES]
        return ()
    return tuple(dropped)


#: Set once the map page has had its first run in the session (see :func:`begin_map_run`).
MAP_PAINTED = "_vn_map_painted"
#: The same for the compare page, whose first run draws its controls and maps only.
COMPARE_PAINTED = "_vn_compare_painted"
_LIGHT_RUN = "_vn_light_run"


def begin_compare_run(session: MutableMapping[str, object], light_first: bool = True) -> bool:
    """Start a run of the compare page; True when it is the page's first run in the session:
    that run draws the controls and the maps, and the run the maps start once drawn draws
    the lineage, tables and export panel (as :func:`begin_map_run`)."""
    light = light_first and not session.get(COMPARE_PAINTED)
    session[COMPARE_PAINTED] = True
    return light


def begin_map_run(session: MutableMapping[str, object], light_first: bool = True) -> bool:
    """Start a run of the map page; True when it is the page's first run in the session
    (never with ``light_first=False``: every run then draws the whole page).

    That run is light: the page draws its title, search, breadcrumbs, banner and the map,
    and leaves the side panel, the export panel and the sidebar options to the next run,
    which the map starts once it has drawn (:func:`dashboard.map.map_component.rerun_when_drawn`).
    The browser renders a run's elements together, and those widgets' scripts delayed the
    map of a first visit by about 0.35 s. Every later run (a click, a widget, that second
    run) draws the whole page.
    """
    light = light_first and not session.get(MAP_PAINTED)
    session[MAP_PAINTED] = True
    session[_LIGHT_RUN] = light
    return light


def is_light_run(session: Mapping[str, object]) -> bool:
    """Whether the current map-page run is the light first one (:func:`begin_map_run`)."""
    return bool(session.get(_LIGHT_RUN))


def keep_widget_state(session: MutableMapping[str, object], keys: Iterable[str] = ()) -> None:
    """Keep the map options, and the other pages' widget values named in ``keys``, while a
    page that does not draw them is shown.

    Streamlit forgets a widget's value when the widget is not drawn in a run; writing the
    value back through the Session State API marks it as set by the app, which survives.
    """
    for key in (*KEYS, "basemap", *keys):
        if key in session:
            session[key] = session[key]


def current(
    session: Mapping[str, object],
    province_codes: Collection[str],
    commune_province: Mapping[str, str],
    registry: Mapping[str, metrics.Metric],
) -> ViewState:
    """The view in the session state, validated the same way as a URL."""
    params = {
        PARAMS[name]: session[name]
        for name in KEYS
        if name in session and session[name] is not None
    }
    for flag in _FLAGS:
        if flag in session:
            params[PARAMS[flag]] = "1" if session[flag] else "0"
    return from_query(params, province_codes, commune_province, registry)


def sync_url(
    query_params: MutableMapping[str, str],
    view: ViewState,
    registry: Mapping[str, metrics.Metric],
) -> None:
    """Write ``view`` into the URL if it differs from what is there."""
    wanted = to_query(view, registry)
    have = {key: query_value(query_params[key]) for key in query_params}
    if have != wanted:
        query_params.clear()
        query_params.update(wanted)


# Callbacks: they only write state (the page does the work on the next run). ------------------


def open_country(session: MutableMapping[str, object]) -> None:
    session["province"] = None
    session["commune"] = None


def open_province(session: MutableMapping[str, object], code: str) -> None:
    session["province"] = code
    session["commune"] = None


def open_commune(session: MutableMapping[str, object], code: str, province: str) -> None:
    session["province"] = province
    session["commune"] = code


def callback(func: Callable[..., None], *args: object) -> Callable[[], None]:
    """A zero-argument widget callback that applies ``func(st.session_state, *args)``."""

    def run() -> None:
        import streamlit as st

        func(st.session_state, *args)

    return run
