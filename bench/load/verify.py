"""Does the protocol client get what a browser gets? One Chromium visit and one protocol visit
of the same URL, and the elements of each run compared, position by position.

The browser's websocket frames are read with Playwright (``framereceived``) and decoded with
the same protobuf classes; a run is the elements between two ``script_finished``. The first
run is the map page's light one, the second the full page the drawn map starts.
"""

from __future__ import annotations

import asyncio
import time

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


async def browser_runs(url: str, query: str, runs: int = 2) -> list[dict[str, str]]:
    """The first ``runs`` runs a fresh Chromium page gets for ``url/?query``."""
    from playwright.async_api import async_playwright

    frames: list[bytes] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        page = await browser.new_page(viewport={"width": 1400, "height": 1000})
        page.on(
            "websocket",
            lambda ws: ws.on(
                "framereceived",
                lambda payload: frames.append(payload),  # type: ignore[arg-type]
            ),
        )
        await page.goto(f"{url}/?{query}")
        deadline = time.monotonic() + 60
        while len(runs_of([f for f in frames if isinstance(f, bytes)])) < runs:
            if time.monotonic() > deadline:
                break
            await asyncio.sleep(0.2)
        await browser.close()
    return runs_of([f for f in frames if isinstance(f, bytes)])[:runs]


async def protocol_runs(url: str, query: str) -> list[dict[str, str]]:
    """The same two runs from :class:`StreamlitSession`."""
    session = StreamlitSession(url, query_string=query)
    await session.connect()
    first = await session.rerun()
    runs = [first.elements]
    if journey.DRAWN in first.components:
        full = await session.click(first.components[journey.DRAWN], "drawn", True)
        runs.append(full.elements)
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


async def compare(url: str, query: str) -> dict[str, object]:
    browser = await browser_runs(url, query)
    client = await protocol_runs(url, query)
    return {
        "query": query,
        "elements_per_run": [len(run) for run in browser],
        "differences": differences(browser, client),
        "components": sorted(
            {text for run in client for text in run.values() if text.startswith("bidi")}
        ),
    }
