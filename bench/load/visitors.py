"""Many visitors at once in one asyncio loop, each one :class:`StreamlitSession` going round the
journey (country → province → commune → country …) with a pause between clicks.

Why asyncio and not locust: a visitor here is one long-lived websocket that waits most of the
time (the pause, then the server's run). One event loop holds 200 of them in one process with
the ``websockets`` library Streamlit's protocol needs; locust's gevent would have to
monkey-patch the sockets of a second websocket library, for a web UI and distributed workers
this benchmark does not use. The driver's own CPU time is reported beside the servers'.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from dataclasses import dataclass, field

from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

from bench.load import journey
from bench.load.client import ProtocolError, StreamlitSession
from bench.load.journey import CheckFailed, View
from bench.load.report import Stats

#: Seconds of one interaction before it counts as a timeout.
TIMEOUT_S = 30.0
#: Seconds a moved visitor keeps retrying to reconnect through the proxy.
RECONNECT_S = 60.0


@dataclass
class Crowd:
    """What the visitors report together."""

    stats: Stats = field(default_factory=Stats)
    started: int = 0  # visitors whose first journey step was sent
    ready: int = 0  # visitors that finished their first full page
    failed: set[int] = field(default_factory=set)  # visitors that met an error
    disconnected: set[int] = field(default_factory=set)  # visitors whose websocket was lost
    moved: dict[int, float] = field(default_factory=dict)  # visitor → seconds to its view back
    not_restored: dict[int, str] = field(default_factory=dict)


def classify(error: BaseException) -> str:
    """An error's kind in the report."""
    if isinstance(error, ConnectionClosed):
        return "disconnect"
    if isinstance(error, CheckFailed):
        return "wrong content"
    if isinstance(error, ProtocolError):
        if "no script_finished" in str(error):
            return "timeout"
        return "page exception" if "exception in the page" in str(error) else "protocol"
    if isinstance(error, (OSError, InvalidHandshake, InvalidStatus, TimeoutError)):
        return "connection"
    return f"client {type(error).__name__}"


async def visitor(
    number: int,
    url: str,
    crowd: Crowd,
    until: float,
    think_s: float,
    reconnect: bool = False,
) -> None:
    """Visitor ``number``: the journey until ``until`` (``time.monotonic``), pausing
    ``think_s`` ± 50 % between clicks. With ``reconnect``, a lost websocket is reconnected
    through the proxy and the view restored from the URL must be the one it had.

    A visitor that meets an error stops there (its page would show the error): the error
    counts once, and the target is none.
    """
    rng = random.Random(number)
    session = StreamlitSession(url, timeout_s=TIMEOUT_S)
    record = crowd.stats.record
    crowd.started += 1
    try:
        await session.connect()
        view = await journey.open_page(session, record)
        crowd.ready += 1
        while True:
            await asyncio.sleep(think_s * rng.uniform(0.5, 1.5))
            if time.monotonic() >= until:
                return
            try:
                view = await _next_click(session, view, rng, record)
            except (ConnectionClosed, OSError) as lost:
                if not reconnect or number in crowd.disconnected:
                    raise
                crowd.disconnected.add(number)
                crowd.stats.error("moved to another server", repr(lost))
                view = await _come_back(number, session, view, crowd)
    except asyncio.CancelledError:
        raise
    except Exception as error:  # every failure is counted, none stops the other visitors
        crowd.failed.add(number)
        crowd.stats.error(classify(error), f"visitor {number}: {error!r}")
    finally:
        with contextlib.suppress(Exception):  # the server may be gone already
            await session.close()


async def _next_click(session: StreamlitSession, view: View, rng: random.Random, record) -> View:
    """Country → a province → a commune → back to the country, from wherever the view is."""
    if journey.is_country(view):
        return await journey.open_province(session, view, rng, record)
    if view.selected is None:
        return await journey.open_commune(session, view, rng, record)
    return await journey.back_to_country(session, view, record)


async def _come_back(number: int, session: StreamlitSession, before: View, crowd: Crowd) -> View:
    """Reconnect as the page does (health check, websocket with the last session id, a run
    with the same URL) and check the view is the one the URL names."""
    start = time.perf_counter()
    query = session.query_string
    while True:
        await session.close()
        try:
            await session.connect(load_page=False)
            result = await journey.first_runs(session, lambda *_: None)
            break
        except (ConnectionClosed, OSError, InvalidHandshake, TimeoutError):
            if time.perf_counter() - start > RECONNECT_S:
                raise
            await asyncio.sleep(0.5)
    seconds = time.perf_counter() - start
    crowd.stats.record("reconnect", seconds)
    crowd.moved[number] = seconds
    view = journey.view_of(result)
    # The restored view is the one the URL names: its province's map, its commune's panel.
    wanted = journey.query_of(query)
    province, commune = wanted.get("province", ""), wanted.get("commune")
    problem = None
    if session.query_string != query:
        problem = f"URL {query!r} became {session.query_string!r}"
    elif not view.view_key.startswith(f"{province}:") or view.selected != commune:
        problem = f"URL {query!r} came back as view {view.view_key} selecting {view.selected}"
    elif commune:
        known = dict(zip(before.codes, before.names, strict=True))
        if not any(commune in text for text in result.texts) or (
            commune in known and known[commune] not in result.texts
        ):
            problem = f"commune {commune}: no panel with its name and code"
    if problem:
        crowd.not_restored[number] = problem
        raise CheckFailed(f"view not restored: {problem}")
    return view


async def crowd_run(
    url: str,
    sessions: int,
    ramp_s: float,
    duration_s: float,
    think_s: float,
    reconnect: bool = False,
    first: int = 0,
) -> tuple[Crowd, list[asyncio.Task]]:
    """Start ``sessions`` visitors spread over ``ramp_s`` seconds, each running until
    ``ramp_s + duration_s`` from now. Returns at once: await the tasks for the end."""
    crowd = Crowd()
    until = time.monotonic() + ramp_s + duration_s
    tasks: list[asyncio.Task] = []

    async def start(i: int) -> None:
        await asyncio.sleep(ramp_s * i / max(1, sessions))
        await visitor(first + i, url, crowd, until, think_s, reconnect)

    for i in range(sessions):
        tasks.append(asyncio.create_task(start(i)))
    return crowd, tasks
