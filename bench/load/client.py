"""A Streamlit client that speaks the browser's protocol: HTTP for the page and its cookies,
then the ``/_stcore/stream`` websocket with protobuf ``BackMsg`` / ``ForwardMsg``.

What a browser does, and this client too (read from Streamlit 1.67's frontend and server):

* GET the page (a proxy's sticky-session cookie arrives here) and ``/_stcore/health``;
* open the websocket with the subprotocols ``streamlit``, the XSRF token (or the frontend's
  placeholder) and, on a reconnection, the last session id; the page's cookies go with it;
* send a ``rerun_script`` BackMsg: the URL's query string, the page's script hash (empty on
  the first run: the server resolves the page from ``page_name``), widget states (a
  component's event is a ``json_trigger_value`` ``[{"event": …, "value": …}]`` on the widget
  ``$$STREAMLIT_INTERNAL_KEY_<component id>__events``) and the hashes of the big messages it
  has cached, which the server then sends as ``ref_hash`` references;
* read ForwardMsgs until ``script_finished``; a run cut short for another run
  (``FINISHED_EARLY_FOR_RERUN``) is followed by that run.

Times are wall-clock seconds from sending the BackMsg to the ``script_finished`` of the run
that ends the interaction: the server's time, what the browser then draws is not in it.
"""

from __future__ import annotations

import asyncio
import hashlib
import http.cookiejar
import json
import time
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect

#: The frontend sends this in place of an XSRF token when it has none.
NO_TOKEN = "PLACEHOLDER_AUTH_TOKEN"
#: Prefix and separator of a component's trigger widget id (streamlit.components.v2).
TRIGGER_ID = "$$STREAMLIT_INTERNAL_KEY_{id}__events"


class ProtocolError(Exception):
    """The server answered something a browser would show as an error (or nothing in time)."""


@dataclass
class RunResult:
    """What one interaction brought back."""

    seconds: float  # send → script_finished, wall clock
    texts: list[str] = field(default_factory=list)  # bodies of text elements (markdown, …)
    components: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # name → (id, data)
    buttons: dict[str, str] = field(default_factory=dict)  # label → widget id
    elements: dict[str, str] = field(default_factory=dict)  # delta path → :func:`describe`
    exceptions: list[str] = field(default_factory=list)
    bytes_received: int = 0


@dataclass
class StreamlitSession:
    """One browser tab's worth of protocol: cookies, session id, page, query string, cache."""

    base_url: str  # e.g. "http://127.0.0.1:8080"
    query_string: str = ""
    page_name: str = ""
    timeout_s: float = 60.0
    cookies: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)
    session_id: str = ""
    page_script_hash: str = ""
    _ws: ClientConnection | None = None
    _cache: dict[str, ForwardMsg] = field(default_factory=dict)

    async def connect(self, load_page: bool = True) -> None:
        """GET the page and the health check as the browser does, then open the websocket.

        ``load_page=False``: a reconnection, as the page does after losing its websocket
        (health check, then the websocket with the last session id; no page load).
        """
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        page = f"{self.base_url}/{self.page_name}" + (
            f"?{self.query_string}" if self.query_string else ""
        )
        urls = [page] if load_page else []

        def get_page() -> None:
            for url in (*urls, f"{self.base_url}/_stcore/health"):
                with opener.open(url, timeout=self.timeout_s) as response:
                    response.read()

        await asyncio.wait_for(asyncio.to_thread(get_page), self.timeout_s)
        parts = urlsplit(self.base_url)
        cookie = "; ".join(f"{c.name}={c.value}" for c in self.cookies)
        xsrf = next((c.value for c in self.cookies if c.name == "_streamlit_xsrf"), NO_TOKEN)
        protocols = ["streamlit", xsrf] + ([self.session_id] if self.session_id else [])
        self._ws = await connect(
            f"ws://{parts.netloc}/_stcore/stream",
            subprotocols=protocols,  # type: ignore[arg-type]  # tokens, not registered names
            additional_headers={"Cookie": cookie} if cookie else None,
            origin=f"{parts.scheme}://{parts.netloc}",  # type: ignore[arg-type]
            max_size=None,
            open_timeout=self.timeout_s,
            ping_interval=None,  # the browser does not ping either; a run may take long
            compression=None,
        )

    async def close(self) -> None:
        if self._ws is not None:
            ws, self._ws = self._ws, None
            await ws.close()

    async def rerun(self, widgets: dict[str, str | bool] | None = None) -> RunResult:
        """One interaction: a rerun with ``widgets``: widget id → a component's
        ``json_trigger_value`` (str) or a button's ``trigger_value`` (True)."""
        if self._ws is None:
            raise ProtocolError("not connected")
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_script_hash
        state.page_name = "" if self.page_script_hash else self.page_name
        state.cached_message_hashes.extend(self._cache)
        for widget_id, value in (widgets or {}).items():
            widget = state.widget_states.widgets.add()
            widget.id = widget_id
            if isinstance(value, bool):
                widget.trigger_value = value
            else:
                widget.json_trigger_value = value
        start = time.perf_counter()
        await self._ws.send(msg.SerializeToString())
        result = RunResult(seconds=0.0)
        try:
            await asyncio.wait_for(self._read_until_finished(result), self.timeout_s)
        except TimeoutError as error:
            raise ProtocolError(f"no script_finished within {self.timeout_s} s") from error
        result.seconds = time.perf_counter() - start
        return result

    async def click(self, component: tuple[str, bytes], event: str, value: str) -> RunResult:
        """A component's event, as its frontend's ``setTriggerValue(event, value)`` sends it."""
        component_id = component[0]
        payload = json.dumps([{"event": event, "value": value}])
        return await self.rerun({TRIGGER_ID.format(id=component_id): payload})

    async def press(self, button_id: str) -> RunResult:
        """A click on a button (``st.button``)."""
        return await self.rerun({button_id: True})

    async def _read_until_finished(self, result: RunResult) -> None:
        assert self._ws is not None
        while True:
            raw = await self._ws.recv()
            data = raw if isinstance(raw, bytes) else raw.encode()
            result.bytes_received += len(data)
            msg = ForwardMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type")
            if kind == "ref_hash":
                cached = self._cache.get(msg.ref_hash)
                if cached is None:
                    raise ProtocolError(f"reference to a message never received: {msg.ref_hash}")
                msg, kind = cached, cached.WhichOneof("type")
            elif msg.metadata.cacheable:
                self._cache[msg.hash] = msg
            if kind == "new_session":
                self.session_id = msg.new_session.initialize.session_id or self.session_id
                self.page_script_hash = msg.new_session.page_script_hash
            elif kind == "navigation":
                self.page_script_hash = msg.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = msg.page_info_changed.query_string
            elif kind == "page_not_found":
                result.exceptions.append(f"page not found: {msg.page_not_found.page_name}")
            elif kind == "session_event":
                event = msg.session_event
                if event.WhichOneof("type") == "script_compilation_exception":
                    result.exceptions.append(event.script_compilation_exception.message)
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                path = ".".join(map(str, msg.metadata.delta_path))
                result.elements[path] = describe(msg.delta.new_element)
                _collect(msg.delta.new_element, result)
            elif kind == "script_finished":
                status = msg.script_finished
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise ProtocolError("script compile error")
                if status != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    return


def describe(element) -> str:
    """An element in one line: its type and its text, label or (a component) name and data
    digest; two clients that got the same element describe it the same."""
    kind = element.WhichOneof("type") or ""
    inner = getattr(element, kind, None)
    if kind == "bidi_component":
        data = inner.bytes if inner.HasField("bytes") else inner.json.encode()
        return f"{kind} {inner.component_name} {hashlib.sha1(data).hexdigest()[:12]}"
    for name in ("body", "label", "spec"):
        text = getattr(inner, name, None)
        if isinstance(text, str) and text:
            return f"{kind} {text[:80]}"
    return kind


def _collect(element, result: RunResult) -> None:  # element: streamlit.proto.Element
    """Keep what the journey checks: texts, component payloads, exceptions."""
    kind = element.WhichOneof("type")
    if kind == "exception":
        result.exceptions.append(f"{element.exception.type}: {element.exception.message}")
        return
    if kind == "bidi_component":
        component = element.bidi_component
        data = component.bytes if component.HasField("bytes") else component.json.encode()
        result.components[component.component_name] = (component.id, data)
        return
    if kind == "button":
        result.buttons[element.button.label] = element.button.id
        return
    body = getattr(getattr(element, kind), "body", None) if kind else None
    if isinstance(body, str) and body:
        result.texts.append(body)
