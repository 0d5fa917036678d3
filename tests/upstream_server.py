"""A real HTTP server on 127.0.0.1 that serves the upstream raw sample, for tests.

It serves a temporary copy of one real upstream province folder (``04_cao_bang``, 57 files)
laid out like the upstream repository (``json/geojson/<pp>_<slug>/...``), plus a generated
``SHA256SUMS``. Its handler supports ``Range`` requests and can be told to fail the first N
requests of a path with 503, to drop the connection after K bytes, or to ignore ``Range``.
"""

from __future__ import annotations

import re
import shutil
import socket
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from loaders.download import sha256_file
from loaders.paths import REPO_ROOT

SAMPLE = REPO_ROOT.parent / "shared" / "geodata" / "raw_sample" / "04_cao_bang"
PROVINCE = "04_cao_bang"
BASE_PATH = "/json/geojson"  # served folder, as in the upstream repository


@dataclass
class ServerState:
    """What the handler serves and how it misbehaves; records what it saw."""

    root: Path
    fail_first: dict[str, int] = field(default_factory=dict)  # path -> 503s left
    drop_after: dict[str, int] = field(default_factory=dict)  # path -> bytes (one shot)
    ignore_range: set[str] = field(default_factory=set)
    counts: Counter = field(default_factory=Counter)  # path -> GET requests
    ranges: dict[str, list[str | None]] = field(default_factory=dict)  # path -> Range hdrs
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(BaseHTTPRequestHandler):
    state: ServerState  # set on a per-server subclass

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep pytest output clean

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        st = self.state
        with st.lock:
            st.counts[path] += 1
            st.ranges.setdefault(path, []).append(self.headers.get("Range"))
            fail = st.fail_first.get(path, 0) > 0
            if fail:
                st.fail_first[path] -= 1
            drop = st.drop_after.pop(path, None)
        if fail:
            return self._send(503, b"try later")
        file = (st.root / path.lstrip("/")).resolve()
        if not file.is_relative_to(st.root) or not file.is_file():
            return self._send(404, b"not found")
        self._send_file(file.read_bytes(), path, drop)

    def _send_file(self, data: bytes, path: str, drop: int | None) -> None:
        start = self._range_start(path)
        if start is not None and start >= len(data):
            return self._send(416, b"", {"Content-Range": f"bytes */{len(data)}"})
        if start is None:
            status, body, extra = 200, data, {}
        else:
            status, body = 206, data[start:]
            extra = {"Content-Range": f"bytes {start}-{len(data) - 1}/{len(data)}"}
        if drop is None:
            return self._send(status, body, extra)
        # Promise the whole body, deliver `drop` bytes, then hang up.
        self._send_headers(status, len(body), extra)
        self.wfile.write(body[:drop])
        self.wfile.flush()
        self.connection.shutdown(socket.SHUT_RDWR)
        self.close_connection = True

    def _range_start(self, path: str) -> int | None:
        match = re.fullmatch(r"bytes=(\d+)-", self.headers.get("Range", ""))
        if match is None or path in self.state.ignore_range:
            return None
        return int(match.group(1))

    def _send(self, status: int, body: bytes, extra: dict[str, str] | None = None) -> None:
        self._send_headers(status, len(body), extra or {})
        self.wfile.write(body)

    def _send_headers(self, status: int, length: int, extra: dict[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(length))
        self.send_header("Accept-Ranges", "bytes")
        for key, value in extra.items():
            self.send_header(key, value)
        self.end_headers()


@dataclass
class Server:
    state: ServerState
    base_url: str
    relpaths: list[str]  # relative to base_url, like "04_cao_bang/wards/x.geojson"
    sums: dict[str, str]

    def path_of(self, relpath: str) -> str:
        return f"{BASE_PATH}/{relpath}"

    def source(self, relpath: str) -> Path:
        return self.state.root / BASE_PATH.lstrip("/") / relpath

    def file_requests(self) -> int:
        return sum(n for p, n in self.state.counts.items() if not p.endswith("SHA256SUMS"))


def _copy_sample(dst: Path) -> None:
    """Copy file by file so the (read-only) permissions of the sample do not follow."""
    for src in SAMPLE.rglob("*"):
        if src.is_file():
            target = dst / src.relative_to(SAMPLE)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, target)


@contextmanager
def serve_sample(tmp_path: Path, sums_override: dict[str, str] | None = None) -> Iterator[Server]:
    """Serve a copy of the raw sample; ``sums_override`` replaces entries of SHA256SUMS."""
    root = tmp_path / "www"
    served = root / BASE_PATH.lstrip("/")
    _copy_sample(served / PROVINCE)
    relpaths = sorted(p.relative_to(served).as_posix() for p in served.rglob("*.geojson"))
    sums = {rel: sha256_file(served / rel) for rel in relpaths}
    sums |= sums_override or {}
    (served / "SHA256SUMS").write_text("".join(f"{h}  {r}\n" for r, h in sums.items()))

    state = ServerState(root=root.resolve())
    handler = type("Handler", (_Handler,), {"state": state})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        base_url = f"http://127.0.0.1:{httpd.server_address[1]}{BASE_PATH}"
        yield Server(state, base_url, relpaths, sums)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
