"""Resumable, verified download of a tree of files over HTTP(S).

The data layer builds its boundary layers from upstream per-ward GeoJSON files
(``thanglequoc/vietnamese-provinces-database`` pinned at one commit).  There are
thousands of small files, fetched over connections that may be flaky, so this module

* retries transient failures (connection errors, timeouts, HTTP 5xx/429) with
  exponential backoff, but fails at once on a 404 or other client error;
* resumes: complete files already in ``dest`` are skipped without a request, and a
  partial download kept in ``<name>.part`` is continued with an HTTP ``Range`` request;
* verifies SHA-256 sums when they are known and only then moves the file to its final
  name with :func:`os.replace`, so a final name never holds a truncated or wrong file.

It is plain Python (no Streamlit) so that it can run from scripts, CI and tests.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path, PurePosixPath
from typing import TypeVar
from urllib.parse import quote

import requests
import urllib3
from tqdm.auto import tqdm

__all__ = [
    "DownloadError",
    "download_tree",
    "fetch_sha256sums",
    "read_sha256sums",
    "sha256_file",
]

log = logging.getLogger(__name__)
_T = TypeVar("_T")

_CHUNK = 64 * 1024
_PART_SUFFIX = ".part"
# Never let a server's Retry-After stall a batch job for longer than this.
_MAX_RETRY_AFTER_S = 60.0
# Identity encoding keeps the bytes on the wire equal to the bytes of the file, which is
# what makes ``Range`` offsets (= size of the .part file) meaningful.
_HEADERS = {"Accept-Encoding": "identity"}
_SUMS_LINE = re.compile(r"^([0-9a-fA-F]{64}) [ *](.+)$")
_CONTENT_RANGE = re.compile(r"^bytes (\d+)-\d+/(?:\d+|\*)$")


class DownloadError(RuntimeError):
    """A download failed for good; the message names the URL or relative path and why."""


class _TransientError(Exception):
    """Internal: a failure worth retrying (the message says what happened)."""

    def __init__(self, problem: str, retry_after: float | None = None) -> None:
        super().__init__(problem)
        self.retry_after = retry_after


# --------------------------------------------------------------------------- checksums


def read_sha256sums(text: str) -> dict[str, str]:
    """Parse text in ``sha256sum`` format.

    Parameters
    ----------
    text : str
        One ``<64 hex digits>  <relpath>`` entry per line; ``*`` instead of the second
        space (binary-mode marker) is accepted, as are blank lines and ``#`` comments.

    Returns
    -------
    dict[str, str]
        ``{relpath: lowercase hex digest}``; a leading ``./`` is dropped from paths.

    Raises
    ------
    ValueError
        On a malformed line or a path listed twice with different sums; the message
        gives the 1-based line number.
    """
    sums: dict[str, str] = {}
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _SUMS_LINE.match(line)
        if match is None:
            raise ValueError(f"SHA256SUMS line {lineno}: not '<sha256>  <path>': {line!r}")
        digest, path = match.group(1).lower(), match.group(2)
        # `sha256sum ./x` writes "./x"; callers pass relpaths without that prefix.
        path = path.removeprefix("./")
        if sums.get(path, digest) != digest:
            raise ValueError(f"SHA256SUMS line {lineno}: conflicting second sum for {path!r}")
        sums[path] = digest
    return sums


def sha256_file(path: Path) -> str:
    """Return the lowercase hex SHA-256 digest of the file at ``path``."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch_sha256sums(
    base_url: str,
    session: requests.Session | None = None,
    *,
    timeout_s: float = 30,
    retries: int = 4,
    backoff_s: float = 0.5,
) -> dict[str, str] | None:
    """Download and parse ``base_url/SHA256SUMS``.

    Parameters
    ----------
    base_url : str
        Folder URL; ``/SHA256SUMS`` is appended.
    session : requests.Session, optional
        Session to reuse (connection pooling, custom headers); a new one otherwise.
    timeout_s, retries, backoff_s : float, int, float
        As for :func:`download_tree`.

    Returns
    -------
    dict[str, str] or None
        ``{relpath: sha256}``, or None if the server has no such file (HTTP 404).

    Raises
    ------
    DownloadError
        On any other failure, including an unparsable file.
    """
    url = _join_url(base_url, "SHA256SUMS")

    def attempt(sess: requests.Session) -> requests.Response | None:
        resp = _get(sess, url, {}, timeout_s, stream=False)
        if resp.status_code == 404:
            return None
        _raise_for_status(resp, url)
        return resp

    with _session_scope(session) as sess:
        resp = _with_retries(lambda: attempt(sess), url, retries, backoff_s)
    if resp is None:
        return None
    try:
        return read_sha256sums(resp.text)
    except ValueError as exc:
        raise DownloadError(f"{url}: {exc}") from exc


# --------------------------------------------------------------------------- download


def download_tree(
    base_url: str,
    relpaths: Sequence[str],
    dest: Path,
    *,
    expected_sha256: Mapping[str, str] | None = None,
    retries: int = 4,
    backoff_s: float = 0.5,
    timeout_s: float = 30,
    progress: bool = True,
    session: requests.Session | None = None,
) -> dict[str, str]:
    """Download ``base_url/relpath`` into ``dest/relpath`` for every relpath.

    Files are fetched one after the other; the first permanent failure stops the run
    (files completed before it stay in ``dest``, so a re-run continues from there).

    Parameters
    ----------
    base_url : str
        URL of the folder the relpaths are relative to (trailing ``/`` optional).
    relpaths : sequence of str
        POSIX relative paths; absolute paths and ``..`` are rejected.
    dest : Path
        Local folder mirroring ``base_url``; created if missing.
    expected_sha256 : mapping, optional
        ``{relpath: sha256}``; listed files are verified, others are trusted once complete.
    retries : int
        Extra attempts per file after the first on transient failures.
    backoff_s : float
        Delay before the first retry; doubled on every further retry.
    timeout_s : float
        Connect and read timeout of each request, in seconds.
    progress : bool
        Show tqdm bars (files and bytes) on stderr when it is a terminal.
    session : requests.Session, optional
        Session to reuse; a private one is created (and closed) otherwise.

    Returns
    -------
    dict[str, str]
        ``{relpath: sha256}`` of every file, in the order of ``relpaths``.

    Raises
    ------
    DownloadError
        A file could not be fetched (404, other client error, retries exhausted) or its
        sum differs from the expected one (the bad file is deleted).
    ValueError
        A relpath is empty, absolute or escapes ``dest``.
    """
    expected = expected_sha256 or {}
    wanted = list(dict.fromkeys(relpaths))  # de-duplicate, keep order
    targets = {rel: _target_path(dest, rel) for rel in wanted}  # validate before any I/O
    show = progress and sys.stderr.isatty()
    hashes: dict[str, str] = {}
    with (
        _session_scope(session) as sess,
        tqdm(total=len(wanted), desc="files", unit="file", disable=not show) as files_bar,
        tqdm(
            desc="bytes",
            unit="B",
            unit_scale=True,
            unit_divisor=1024,
            leave=False,
            disable=not show,
        ) as bytes_bar,
    ):
        for rel in wanted:
            fetch = _Fetch(
                sess,
                _join_url(base_url, rel),
                rel,
                targets[rel],
                expected.get(rel),
                timeout_s,
                bytes_bar,
            )
            hashes[rel] = fetch.run(retries, backoff_s)
            files_bar.update(1)
    return hashes


class _Fetch:
    """Everything needed to bring one remote file to its final local name."""

    def __init__(
        self,
        session: requests.Session,
        url: str,
        relpath: str,
        final: Path,
        expected: str | None,
        timeout_s: float,
        bytes_bar: tqdm,
    ) -> None:
        self.session, self.url, self.relpath = session, url, relpath
        self.final = final
        self.part = final.with_name(final.name + _PART_SUFFIX)
        self.expected = expected.lower() if expected else None
        self.timeout_s, self.bytes_bar = timeout_s, bytes_bar

    def run(self, retries: int, backoff_s: float) -> str:
        """Skip, or download + verify + publish the file; return its sha256."""
        done = self._existing_hash()
        if done is not None:
            return done
        self.final.parent.mkdir(parents=True, exist_ok=True)
        _with_retries(self._attempt, self.url, retries, backoff_s)
        return self._verify_and_publish()

    def _existing_hash(self) -> str | None:
        """Hash of an acceptable file already under the final name, else None."""
        if not self.final.is_file():
            return None
        actual = sha256_file(self.final)
        if self.expected is None or actual == self.expected:
            return actual
        # A stale or corrupt file must not survive under the final name.
        log.warning(
            "%s: sha256 %s != expected %s; downloading again", self.relpath, actual, self.expected
        )
        self.final.unlink()
        return None

    def _attempt(self) -> None:
        """One GET that appends to (or restarts) the .part file until it is complete."""
        offset = self.part.stat().st_size if self.part.exists() else 0
        headers = {"Range": f"bytes={offset}-"} if offset else {}
        resp = _get(self.session, self.url, headers, self.timeout_s, stream=True)
        with resp:
            if resp.status_code == 416:
                # Our .part is not a prefix of the remote file (it changed, or the .part
                # is already whole); restarting from zero is the only safe choice.
                self.part.unlink(missing_ok=True)
                raise _TransientError("HTTP 416 for the resume range; restarting from zero")
            _raise_for_status(resp, self.url)
            append = resp.status_code == 206
            if append:
                self._check_resume(resp, offset)
            # 200 after a Range request means the server ignored it: rewrite from zero.
            self._receive(resp, "ab" if append else "wb")

    def _check_resume(self, resp: requests.Response, offset: int) -> None:
        """Make sure a 206 answer continues exactly where the .part file ends."""
        match = _CONTENT_RANGE.match(resp.headers.get("Content-Range", ""))
        encoded = _is_encoded(resp)
        if match is None or int(match.group(1)) != offset or encoded:
            self.part.unlink(missing_ok=True)
            raise _TransientError(
                f"unusable partial response (Content-Range "
                f"{resp.headers.get('Content-Range')!r}); restarting from zero"
            )

    def _receive(self, resp: requests.Response, mode: str) -> None:
        """Stream the body into the .part file, keeping every byte that arrived."""
        encoded = _is_encoded(resp)
        length = resp.headers.get("Content-Length")
        received = 0
        with open(self.part, mode) as fh:
            try:
                # Raw reads (not iter_content) return the bytes received before a dropped
                # connection instead of discarding them, so the next attempt resumes there.
                for chunk in resp.raw.stream(_CHUNK, decode_content=encoded):
                    fh.write(chunk)
                    received += len(chunk)
                    self.bytes_bar.update(len(chunk))
            except (urllib3.exceptions.HTTPError, requests.RequestException) as exc:
                problem = f"transfer interrupted after {received} bytes: {exc}"
            else:
                problem = None
                if not encoded and length is not None and received != int(length):
                    problem = f"got {received} of {length} bytes"
        if problem is not None:
            if encoded:
                # Offsets of a decoded body do not match the encoded one a server would
                # serve a Range of, so such a .part cannot be resumed.
                self.part.unlink(missing_ok=True)
            raise _TransientError(problem)

    def _verify_and_publish(self) -> str:
        """Check the sum of the finished .part, then atomically give it its final name."""
        actual = sha256_file(self.part)
        if self.expected is not None and actual != self.expected:
            self.part.unlink(missing_ok=True)
            raise DownloadError(
                f"{self.relpath} ({self.url}): sha256 mismatch: expected "
                f"{self.expected}, got {actual}; the file was deleted"
            )
        os.replace(self.part, self.final)
        return actual


# --------------------------------------------------------------------------- helpers


def _join_url(base_url: str, relpath: str) -> str:
    """``base_url`` + ``/`` + percent-encoded relpath (slashes kept)."""
    return f"{base_url.rstrip('/')}/{quote(relpath, safe='/')}"


def _target_path(dest: Path, relpath: str) -> Path:
    """Local path for ``relpath``; refuses paths that would land outside ``dest``."""
    pure = PurePosixPath(relpath)
    if not relpath or pure.is_absolute() or ".." in pure.parts or "\\" in relpath:
        raise ValueError(f"unsafe relative path {relpath!r}: must stay inside {dest}")
    return Path(dest).joinpath(*pure.parts)


def _session_scope(
    session: requests.Session | None,
) -> AbstractContextManager[requests.Session]:
    """Context yielding ``session`` as is, or a private session closed on exit."""
    return nullcontext(session) if session is not None else requests.Session()


def _is_encoded(resp: requests.Response) -> bool:
    """True if the body is content-encoded (gzip...) despite our identity request."""
    return resp.headers.get("Content-Encoding", "identity").strip().lower() != "identity"


def _get(
    session: requests.Session,
    url: str,
    headers: Mapping[str, str],
    timeout_s: float,
    *,
    stream: bool,
) -> requests.Response:
    """GET ``url``; network-level failures become retryable ``_TransientError`` errors."""
    try:
        return session.get(url, headers={**_HEADERS, **headers}, timeout=timeout_s, stream=stream)
    except (requests.ConnectionError, requests.Timeout) as exc:
        raise _TransientError(f"{type(exc).__name__}: {exc}") from exc


def _raise_for_status(resp: requests.Response, url: str) -> None:
    """Classify an HTTP status: success passes, 5xx/429 retry, anything else is final."""
    code = resp.status_code
    if code in (200, 206):
        return
    if code == 429 or code >= 500:
        raise _TransientError(f"HTTP {code} {resp.reason}", _retry_after(resp))
    raise DownloadError(f"{url}: HTTP {code} {resp.reason}")


def _retry_after(resp: requests.Response) -> float | None:
    """Seconds asked for by a numeric ``Retry-After`` header, capped; else None."""
    try:
        return min(float(resp.headers["Retry-After"]), _MAX_RETRY_AFTER_S)
    except (KeyError, ValueError):
        return None  # absent, or an HTTP date: plain backoff is good enough


def _with_retries(func: Callable[[], _T], url: str, retries: int, backoff_s: float) -> _T:
    """Call ``func`` until it stops raising ``_TransientError``, sleeping with backoff between.

    Raises
    ------
    DownloadError
        When the last of ``retries + 1`` attempts also failed transiently.
    """
    retries = max(retries, 0)
    for attempt in range(retries + 1):
        try:
            return func()
        except _TransientError as exc:
            if attempt == retries:
                raise DownloadError(f"{url}: failed after {retries + 1} attempt(s): {exc}") from exc
            delay = max(backoff_s * 2**attempt, exc.retry_after or 0.0)
            log.info("%s: %s; retry %d/%d in %.2fs", url, exc, attempt + 1, retries, delay)
            time.sleep(delay)
    raise AssertionError("unreachable")  # the loop always returns or raises
