"""Does the protocol client get what a browser gets? One Chromium visit and one protocol visit
of the same URL (and the same click on the map), and the elements of each run compared,
position by position; the browser's click message must carry the trigger the client sends.

The browser's websocket frames are read with Playwright (``framereceived``) and decoded with
the same protobuf classes; a run is the elements between two ``script_finished``. The first
run is the map page's light one, the second the full page the drawn map starts.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.load import journey
from bench.load.client import StreamlitSession, describe

#: A run stopped for another run: the elements go on in that one.
CUT_SHORT = ForwardMsg.FINISHED_EARLY_FOR_RERUN


def runs_of(frames: list[bytes]) -> list[dict[str, str]]:
    """Elements (delta path → :func:`describe`) of each finished run in ``frames``."""
    cache: dict[str, ForwardMsg] = {}
    runs: list[dict[str, str]] = []
    current: dict[str, str] = {}
    for frame in frames:
        msg = ForwardMsg()
        msg.ParseFromString(frame)
        if msg.WhichOneof("type") == "ref_hash":
            msg = cache[msg.ref_hash]
        elif msg.metadata.cacheable:
            cache[msg.hash] = msg
        kind = msg.WhichOneof("type")
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            current[".".join(map(str, msg.metadata.delta_path))] = describe(msg.delta.new_element)
        elif (
            kind == "script_finished" and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
        ):
            runs.append(current)
            current = {}
    return runs


#: In the page: the first unit of the map whose middle is on screen and not covered (where a
#: user would click), with that point.
_UNIT_ON_SCREEN = """() => {
    const map = document.querySelector('.vn-map').vnMap;
    const found = [];
    map.vn.units.eachLayer((layer) => found.push(layer));
    for (const layer of found) {
        const box = layer.getElement().getBoundingClientRect();
        const x = box.left + box.width / 2, y = box.top + box.height / 2;
        if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
        if (document.elementFromPoint(x, y) === layer.getElement())
            return {code: layer.vnCode, x, y};
    }
    return null;
}"""


@dataclass
class BrowserVisit:
    runs: list[dict[str, str]]
    clicked: str | None = None  # the unit the mouse clicked
    click_widgets: dict[str, str] = field(default_factory=dict)  # trigger id → its value


async def browser_runs(url: str, query: str, click: bool = False) -> BrowserVisit:
    """The light and full runs a fresh Chromium page gets for ``url/?query``; with ``click``,
    then a real mouse click on a unit of the map and the run it starts, and the trigger
    widgets of the BackMsg the browser sent for it."""
    from playwright.async_api import async_playwright

    received: list[bytes] = []
    sent: list[bytes] = []

    def listen(ws) -> None:
        ws.on("framereceived", lambda payload: received.append(payload))
        ws.on("framesent", lambda payload: sent.append(payload))

    async def runs_at_least(count: int) -> list[dict[str, str]]:
        deadline = time.monotonic() + 60
        while len(runs := runs_of([f for f in received if isinstance(f, bytes)])) < count:
            if time.monotonic() > deadline:
                break
            await asyncio.sleep(0.2)
        return runs

    visit = BrowserVisit(runs=[])
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        page = await browser.new_page(viewport={"width": 1400, "height": 1000})
        page.on("websocket", listen)
        await page.goto(f"{url}/?{query}")
        visit.runs = (await runs_at_least(2))[:2]
        if click:
            await page.wait_for_timeout(500)  # the full run's layout settles
            target = await page.evaluate(_UNIT_ON_SCREEN)
            if target:
                already = len(sent)
                await page.mouse.click(target["x"], target["y"])
                visit.runs = (await runs_at_least(3))[:3]
                visit.clicked = str(target["code"])
                visit.click_widgets = _triggers([f for f in sent[already:] if isinstance(f, bytes)])
        await browser.close()
    return visit


def _triggers(frames: list[bytes]) -> dict[str, str]:
    """Component trigger values in the rerun BackMsgs among ``frames``."""
    found: dict[str, str] = {}
    for frame in frames:
        msg = BackMsg()
        msg.ParseFromString(frame)
        if msg.WhichOneof("type") == "rerun_script":
            for widget in msg.rerun_script.widget_states.widgets:
                if widget.WhichOneof("value") == "json_trigger_value":
                    found[widget.id] = widget.json_trigger_value
    return found


async def protocol_runs(url: str, query: str, click: str | None = None) -> list[dict[str, str]]:
    """The same runs from :class:`StreamlitSession` (``click``: the code the browser clicked)."""
    session = StreamlitSession(url, query_string=query)
    await session.connect()
    first = await session.rerun()
    runs = [first.elements]
    full = first
    if journey.DRAWN in first.components:
        full = await session.click(first.components[journey.DRAWN], "drawn", True)
        runs.append(full.elements)
    if click:
        clicked = await session.click(full.components[journey.MAP], "clicked", click)
        runs.append(clicked.elements)
    await session.close()
    return runs


def differences(browser: list[dict[str, str]], client: list[dict[str, str]]) -> list[str]:
    """What differs, run by run and position by position (empty: the same elements)."""
    found: list[str] = []
    if len(browser) != len(client):
        found.append(f"{len(browser)} runs in the browser, {len(client)} for the client")
    for number, (seen, got) in enumerate(zip(browser, client, strict=False)):
        for path in sorted(set(seen) | set(got)):
            if seen.get(path) != got.get(path):
                found.append(
                    f"run {number} at {path}: browser {seen.get(path)!r}, client {got.get(path)!r}"
                )
    return found


async def compare(url: str, query: str, click: bool = False) -> dict[str, object]:
    """The browser's runs and the client's for ``url/?query`` (and a click on a unit), and
    whether the browser's click message carried the trigger the client sends."""
    browser = await browser_runs(url, query, click)
    client = await protocol_runs(url, query, browser.clicked)
    found = differences(browser.runs, client)
    if click:
        expected = json.dumps([{"event": "clicked", "value": browser.clicked}])
        sent = {json.dumps(json.loads(value)) for value in browser.click_widgets.values()}
        if browser.clicked is None or expected not in sent:
            found.append(f"the browser's click sent {browser.click_widgets}, not {expected}")
    return {
        "query": query,
        "clicked": browser.clicked,
        "elements_per_run": [len(run) for run in browser.runs],
        "differences": found,
        "components": sorted(
            {text for run in client for text in run.values() if text.startswith("bidi")}
        ),
    }
