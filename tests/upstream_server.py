"""A real HTTP server on 127.0.0.1 that serves the upstream raw sample, for tests.

It serves a temporary copy of one real upstream province folder (``04_cao_bang``, 57 files)
laid out like the upstream repository (``json/geojson/<pp>_<slug>/...``), plus a generated
``SHA256SUMS``. Without the mirror's raw sample (or with ``VNMAP_TEST_FIXTURE=1``) the folder is
written from the committed test fixture instead: the same 57 file names and properties, the
fixture's simplified geometry. Its handler supports ``Range`` requests and can be told to fail
the first N requests of a path with 503, to drop the connection after K bytes, or to ignore
``Range``.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import socket
import tempfile
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import geopandas as gpd
import shapely

from loaders.download import sha256_file
from loaders.paths import REPO_ROOT

RAW_SAMPLE = REPO_ROOT.parent / "shared" / "geodata" / "raw_sample" / "04_cao_bang"
FIXTURE = REPO_ROOT / "tests" / "data" / "fixture"
PROVINCE = "04_cao_bang"
BASE_PATH = "/json/geojson"  # served folder, as in the upstream repository
#: Properties of an upstream ward file, in the upstream's order.
_WARD_PROPERTIES = ("code", "name", "nameEn", "fullName", "fullNameEn", "codeName")
_WARD_EXTRA = ("gisServerId", "areaKm2")


def _feature_collection(feature_id: str, properties: dict, geometry) -> str:
    """One Feature in a FeatureCollection, pretty-printed like the upstream's files."""
    box = [round(v, 6) for v in shapely.bounds(geometry).tolist()]
    feature = {
        "type": "Feature",
        "id": feature_id,
        "bbox": box,
        "geometry": shapely.geometry.mapping(geometry),
        "properties": properties,
    }
    return json.dumps(
        {"type": "FeatureCollection", "bbox": box, "features": [feature]},
        ensure_ascii=False,
        indent=2,
    )


def sample_from_fixture(dst: Path) -> Path:
    """Write Cao Bằng of the committed fixture in the upstream layout into ``dst``
    (``04_cao_bang.geojson`` and ``wards/<code>_<slug>.geojson``, the upstream's names)."""
    from loaders.build import upstream_relpaths
    from loaders.known_differences import fix_boundary_code

    wards = gpd.read_file(FIXTURE / "wards_2025" / "wards_2025_fixture.geojson")
    wards = wards[wards.provinceCode == "04"].set_index("code")
    provinces = gpd.read_file(FIXTURE / "provinces_2025" / "provinces_2025_fixture.geojson")
    province = provinces.set_index("code").loc["04"]
    for relpath in upstream_relpaths(["04"]):
        target = dst.parent / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        if "/wards/" not in relpath:
            props = {"code": "04", "name": province["name"], "fullName": province["fullName"]}
            text = _feature_collection("04", props, province.geometry)
        else:
            raw_code = Path(relpath).name.split("_", 1)[0]
            ward = wards.loc[fix_boundary_code(raw_code)]
            props = {"code": raw_code} | {k: ward[k] for k in _WARD_PROPERTIES[1:]}
            props |= {k: ward[k] for k in _WARD_EXTRA}
            text = _feature_collection(raw_code, props, ward.geometry)
        target.write_text(text, encoding="utf-8")
    return dst


def _sample() -> Path:
    if RAW_SAMPLE.is_dir() and os.environ.get("VNMAP_TEST_FIXTURE") != "1":
        return RAW_SAMPLE
    folder = Path(tempfile.mkdtemp(prefix="vnmap-upstream-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return sample_from_fixture(folder / PROVINCE)


#: The upstream folder of Cao Bằng that the build and download tests use (57 files).
SAMPLE = _sample()


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
