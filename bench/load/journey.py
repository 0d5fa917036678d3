"""A visitor's journey on the map page, step by step, each step checked against what a browser
would show (a client that only sees errors quickly would measure nothing).

Steps (each one interaction, timed by :class:`~bench.load.client.StreamlitSession`):

``open``      the map page's first run: the country map (34 provinces) and the header;
``drawn``     the run the map starts once drawn (the page's light first run,
              ``dashboard.core.state.begin_map_run``): the rest of the page;
``province``  a click on a province of the map: its communes, ``province=`` in the URL;
``commune``   a click on a commune of that map: its panel (name and code), ``commune=``.

Clicks are the map component's ``clicked`` event with the unit's code; codes and names are
taken from the map payload the server sent, as a user clicks what is drawn.
"""

from __future__ import annotations

import html
import json
import random
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from bench.load.client import ProtocolError, RunResult, StreamlitSession

MAP = "vn_dashboard.map"
DRAWN = "vn_dashboard.map_drawn"
PROVINCES = 34
COUNTRY_CRUMB = "Việt Nam"  # the breadcrumb's first button (the app's default language)


class CheckFailed(ProtocolError):
    """The server answered, but not what a browser would have shown."""


@dataclass
class View:
    """What the session shows now: the map component and its payload's units."""

    map_component: tuple[str, bytes] | None = None
    codes: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    view_key: str = ""
    selected: str | None = None
    result: RunResult | None = None  # the run that drew it (its buttons, texts)


def view_of(result: RunResult) -> View:
    if result.exceptions:
        raise ProtocolError("exception in the page: " + "; ".join(result.exceptions)[:300])
    component = result.components.get(MAP)
    if component is None:
        raise CheckFailed("the run drew no map")
    payload = json.loads(component[1])
    units = payload["spec"]["units"]
    selection = payload["spec"].get("selection")
    return View(
        map_component=component,
        codes=[str(code) for code in units["codes"]],
        names=[html.unescape(str(props[0])) for props in units["props"]],
        view_key=str(payload["spec"]["view"]),
        selected=str(selection["code"]) if selection else None,
        result=result,
    )


def is_country(view: View) -> bool:
    """The view shows the 34 provinces (its key names no province)."""
    return view.view_key.startswith(":")


def query_of(query_string: str) -> dict[str, str]:
    """The URL's parameters, first value of each."""
    return {key: values[0] for key, values in parse_qs(query_string).items()}


def _query(session: StreamlitSession) -> dict[str, str]:
    return query_of(session.query_string)


async def open_page(session: StreamlitSession, record) -> View:
    """``open`` (and ``drawn`` when the first run is the light one); ``record(step, s)``."""
    return view_of(await first_runs(session, record))


async def first_runs(session: StreamlitSession, record) -> RunResult:
    """A session's first run, then, when it was the light one, the run the drawn map starts
    (as the browser's map sends its ``drawn`` event): the result of the full page."""
    first = await session.rerun()
    record("open", first.seconds)
    if DRAWN not in first.components:
        return first
    full = await session.click(first.components[DRAWN], "drawn", True)  # type: ignore[arg-type]
    record("drawn", full.seconds)
    return full


async def open_province(
    session: StreamlitSession,
    view: View,
    rng: random.Random,
    record,
    code: str | None = None,
):
    """Click a province (``code``, else one drawn at random) on the country map; check its
    communes are drawn."""
    if len(view.codes) != PROVINCES:
        raise CheckFailed(f"country map with {len(view.codes)} units, not {PROVINCES}")
    code = code or rng.choice(view.codes)
    result = await session.click(view.map_component, "clicked", code)  # type: ignore[arg-type]
    record("province", result.seconds)
    new = view_of(result)
    if _query(session).get("province") != code or not new.view_key.startswith(f"{code}:"):
        raise CheckFailed(f"province {code} not opened (URL {session.query_string!r})")
    if not new.codes or set(new.codes) & set(view.codes):
        raise CheckFailed(f"province {code}: the map does not show its communes")
    return new


async def open_commune(session: StreamlitSession, view: View, rng: random.Random, record):
    """Click a commune on the province map; check its panel (name, code) and selection."""
    index = rng.randrange(len(view.codes))
    code, name = view.codes[index], view.names[index]
    result = await session.click(view.map_component, "clicked", code)  # type: ignore[arg-type]
    record("commune", result.seconds)
    new = view_of(result)
    check_commune(session, result, new, code, name)
    return new


def check_commune(
    session: StreamlitSession, result: RunResult, view: View, code: str, name: str
) -> None:
    """The commune's panel is shown: its name as a heading, its code, its outline selected."""
    if _query(session).get("commune") != code or view.selected != code:
        raise CheckFailed(f"commune {code} not selected (URL {session.query_string!r})")
    if name not in result.texts or not any(code in text for text in result.texts):
        raise CheckFailed(f"commune {code}: no panel with its name {name!r} and code")


async def back_to_country(session: StreamlitSession, view: View, record) -> View:
    """Click the breadcrumb back to the country (the button "Việt Nam")."""
    button = view.result.buttons.get(COUNTRY_CRUMB) if view.result else None
    if button is None:
        raise CheckFailed("no breadcrumb button")
    back = await session.press(button)
    record("country", back.seconds)
    view = view_of(back)
    if "province" in _query(session) or len(view.codes) != PROVINCES:
        raise CheckFailed(f"not back at the country map (URL {session.query_string!r})")
    return view
