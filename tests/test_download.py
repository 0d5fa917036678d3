"""Tests of loaders.download against a real HTTP server on 127.0.0.1.

The server serves a temporary copy of one real upstream province folder
(``04_cao_bang``, 57 files) laid out like the upstream repository
(``json/geojson/<pp>_<slug>/...``), plus a generated ``SHA256SUMS``. Its handler
supports ``Range`` requests and can be told to fail the first N requests of a path
with 503, to drop the connection after K bytes, or to ignore ``Range``. Without the
mirror the folder is written from the committed test fixture (see :mod:`upstream_server`).
"""

from __future__ import annotations

import hashlib
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from upstream_server import PROVINCE, Server, serve_sample

from loaders.download import (
    DownloadError,
    download_tree,
    fetch_sha256sums,
    read_sha256sums,
)

FAST = {"backoff_s": 0.001, "timeout_s": 5, "progress": False}  # keep the suite fast


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[Server]:
    with serve_sample(tmp_path) as srv:
        yield srv


def _ward(srv: Server, index: int = 0) -> str:
    return [r for r in srv.relpaths if "/wards/" in r][index]


def _halfway(srv: Server, rel: str) -> int:
    """A byte offset in the middle of a served file (bytes), where a transfer is cut."""
    return srv.source(rel).stat().st_size // 2


# --------------------------------------------------------------------------- tests


def test_downloads_every_file_byte_identical(server: Server, tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    assert len(server.relpaths) == 57

    hashes = download_tree(
        server.base_url, server.relpaths, dest, expected_sha256=server.sums, **FAST
    )

    assert hashes == server.sums
    for rel in server.relpaths:
        assert (dest / rel).read_bytes() == server.source(rel).read_bytes(), rel
        assert hashes[rel] == hashlib.sha256(server.source(rel).read_bytes()).hexdigest()
    assert not list(dest.rglob("*.part"))
    assert server.file_requests() == 57


@pytest.mark.parametrize("with_sums", [True, False], ids=["verified", "unverified"])
def test_second_run_makes_no_requests(server: Server, tmp_path: Path, with_sums: bool) -> None:
    dest = tmp_path / "dest"
    sums = server.sums if with_sums else None
    first = download_tree(server.base_url, server.relpaths, dest, expected_sha256=sums, **FAST)
    server.state.counts.clear()

    second = download_tree(server.base_url, server.relpaths, dest, expected_sha256=sums, **FAST)

    assert second == first == server.sums
    assert server.file_requests() == 0


def test_corrupt_existing_file_is_fetched_again(server: Server, tmp_path: Path) -> None:
    dest, rel = tmp_path / "dest", _ward(server)
    (dest / rel).parent.mkdir(parents=True)
    (dest / rel).write_bytes(b"stale")

    download_tree(server.base_url, [rel], dest, expected_sha256=server.sums, **FAST)

    assert (dest / rel).read_bytes() == server.source(rel).read_bytes()
    assert server.state.counts[server.path_of(rel)] == 1


def test_transient_503_is_retried(server: Server, tmp_path: Path) -> None:
    rel = _ward(server)
    server.state.fail_first[server.path_of(rel)] = 3

    hashes = download_tree(server.base_url, [rel], tmp_path / "d", retries=4, **FAST)

    assert hashes == {rel: server.sums[rel]}
    assert server.state.counts[server.path_of(rel)] == 4


def test_503_beyond_retries_raises(server: Server, tmp_path: Path) -> None:
    rel = _ward(server)
    server.state.fail_first[server.path_of(rel)] = 10

    with pytest.raises(DownloadError, match=r"503") as info:
        download_tree(server.base_url, [rel], tmp_path / "d", retries=2, **FAST)

    assert rel in str(info.value)
    assert server.state.counts[server.path_of(rel)] == 3
    assert not (tmp_path / "d" / rel).exists()


def test_404_fails_at_once_naming_the_url(server: Server, tmp_path: Path) -> None:
    rel = f"{PROVINCE}/wards/99999_khong_co.geojson"

    with pytest.raises(DownloadError, match=r"404") as info:
        download_tree(server.base_url, [rel], tmp_path / "d", retries=4, **FAST)

    assert f"{server.base_url}/{rel}" in str(info.value)
    assert server.state.counts[server.path_of(rel)] == 1  # not retried


def test_interrupted_transfer_resumes_with_range(server: Server, tmp_path: Path) -> None:
    dest, rel = tmp_path / "dest", _ward(server)
    k = _halfway(server, rel)
    path = server.path_of(rel)
    server.state.drop_after[path] = k

    with pytest.raises(DownloadError, match="interrupted"):
        download_tree(server.base_url, [rel], dest, retries=0, **FAST)
    part = dest / f"{rel}.part"
    assert part.stat().st_size == k
    assert not (dest / rel).exists()

    hashes = download_tree(server.base_url, [rel], dest, expected_sha256=server.sums, **FAST)

    assert server.state.ranges[path] == [None, f"bytes={k}-"]
    assert (dest / rel).read_bytes() == server.source(rel).read_bytes()
    assert hashes[rel] == server.sums[rel]
    assert not part.exists()


def test_drop_is_resumed_within_one_call(server: Server, tmp_path: Path) -> None:
    rel = _ward(server, 1)
    k = _halfway(server, rel)
    server.state.drop_after[server.path_of(rel)] = k

    download_tree(server.base_url, [rel], tmp_path / "d", expected_sha256=server.sums, **FAST)

    assert server.state.ranges[server.path_of(rel)] == [None, f"bytes={k}-"]
    assert (tmp_path / "d" / rel).read_bytes() == server.source(rel).read_bytes()


def test_server_ignoring_range_restarts_from_zero(server: Server, tmp_path: Path) -> None:
    dest, rel = tmp_path / "dest", _ward(server)
    server.state.ignore_range.add(server.path_of(rel))
    part = dest / f"{rel}.part"
    part.parent.mkdir(parents=True)
    part.write_bytes(server.source(rel).read_bytes()[:1234])

    download_tree(server.base_url, [rel], dest, expected_sha256=server.sums, **FAST)

    assert server.state.ranges[server.path_of(rel)] == ["bytes=1234-"]
    assert (dest / rel).read_bytes() == server.source(rel).read_bytes()


def test_complete_part_file_is_recovered(server: Server, tmp_path: Path) -> None:
    # Killed between the last write and the rename: the range is unsatisfiable (416).
    dest, rel = tmp_path / "dest", _ward(server)
    part = dest / f"{rel}.part"
    part.parent.mkdir(parents=True)
    part.write_bytes(server.source(rel).read_bytes())

    download_tree(server.base_url, [rel], dest, expected_sha256=server.sums, **FAST)

    assert (dest / rel).read_bytes() == server.source(rel).read_bytes()
    assert not part.exists()


def test_sha256_mismatch_removes_only_the_bad_file(server: Server, tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    good, bad = server.relpaths[:3], server.relpaths[3]
    wrong = "0" * 64
    expected = {**server.sums, bad: wrong}

    with pytest.raises(DownloadError) as info:
        download_tree(
            server.base_url,
            [*good, bad, *server.relpaths[4:]],
            dest,
            expected_sha256=expected,
            **FAST,
        )

    message = str(info.value)
    assert bad in message and wrong in message and server.sums[bad] in message
    assert not (dest / bad).exists()
    assert not (dest / f"{bad}.part").exists()
    for rel in good:  # downloaded before the failure, still there and intact
        assert (dest / rel).read_bytes() == server.source(rel).read_bytes()


def test_unsafe_relpaths_are_rejected(server: Server, tmp_path: Path) -> None:
    for rel in ("../escape.geojson", "/etc/passwd", ""):
        with pytest.raises(ValueError, match="unsafe"):
            download_tree(server.base_url, [rel], tmp_path / "d", **FAST)
    assert server.file_requests() == 0


def test_connection_refused_is_retried_then_reported(tmp_path: Path) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/x"

    with pytest.raises(DownloadError, match=r"after 2 attempt") as info:
        download_tree(url, ["a.geojson"], tmp_path, retries=1, **FAST)

    assert f"{url}/a.geojson" in str(info.value)


def test_fetch_sha256sums(server: Server) -> None:
    with requests.Session() as session:
        assert fetch_sha256sums(server.base_url, session=session) == server.sums
    assert fetch_sha256sums(f"{server.base_url}/{PROVINCE}") is None  # 404


# --------------------------------------------------------------------------- parsing


def test_read_sha256sums_valid() -> None:
    a, b = "a" * 64, "B" * 64
    text = f"# generated\n{a}  04_cao_bang/x.geojson\n\n{b} *./wards/y z.geojson\r\n"

    assert read_sha256sums(text) == {
        "04_cao_bang/x.geojson": a,
        "wards/y z.geojson": b.lower(),
    }


@pytest.mark.parametrize(
    "bad_line",
    ["abc  short.geojson", "a" * 64 + "no_separator", "a" * 64 + "  ", "g" * 64 + "  x"],
)
def test_read_sha256sums_rejects_malformed_line(bad_line: str) -> None:
    text = f"{'a' * 64}  ok.geojson\n{'b' * 64}  ok2.geojson\n{bad_line}\n"

    with pytest.raises(ValueError, match=r"line 3"):
        read_sha256sums(text)


def test_read_sha256sums_rejects_conflicting_duplicate() -> None:
    text = f"{'a' * 64}  x\n{'b' * 64}  x\n"

    with pytest.raises(ValueError, match=r"line 2"):
        read_sha256sums(text)
