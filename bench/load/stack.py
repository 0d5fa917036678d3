"""The system under test, started for one benchmark and stopped after it: a throwaway
PostgreSQL, and ``scripts/serve.sh`` (N app servers behind nginx) on that database.

Also reads the app servers' memory (RSS) and CPU time from ``/proc``: the servers are found
by the port on their command line (``--server.port P``), as ``serve.sh`` starts them.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PAGE_SIZE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
_ENDS_TRACEBACK = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Failed)\b.*:")
#: The script that serves the app (``--serve`` of ``bench/bench_load.py`` changes it).
SERVE_SCRIPT = REPO / "scripts" / "serve.sh"


def free_port(count: int = 1) -> int:
    """A port P with P … P+count-1 free on 127.0.0.1 (the proxy and its app servers)."""
    for _ in range(50):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            base = sock.getsockname()[1]
        if base + count < 65535 and all(_free(base + i) for i in range(count)):
            return base
    raise RuntimeError(f"no {count} free consecutive ports")


def _free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


class Postgres:
    """A PostgreSQL cluster in a temporary folder, on a TCP port of 127.0.0.1."""

    def __init__(self) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
        if not found:
            raise RuntimeError("PostgreSQL binaries not found (apt-get install postgresql)")
        self.bin = Path(found[0])
        self.base = Path(tempfile.mkdtemp(prefix="vnmap-bench-pg-"))
        self.data = self.base / "data"
        self.port = free_port()
        # initdb refuses root: run the cluster as the postgres OS user then.
        self.prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.prefix:
            shutil.chown(self.base, user="postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8")
        self.start()
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute("CREATE DATABASE vnmap")

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    @property
    def url(self) -> str:
        """The app's ``VNMAP_DB_URL``."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/vnmap"

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run([*self.prefix, str(self.bin / tool), *args], check=True, capture_output=True)

    def _ctl(self, action: str, *extra: str) -> None:
        options = (
            f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c max_connections=300"
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.base / "server.log"),
            "-w", "-t", "60", "-o", options, *extra, action,
        )  # fmt: skip

    def start(self) -> None:
        self._ctl("start")

    def restart(self) -> None:
        """``pg_ctl restart -m fast``: every connection is cut, open transactions roll back."""
        self._ctl("restart", "-m", "fast")

    def stop(self) -> None:
        try:
            self._ctl("stop", "-m", "fast")
        finally:
            shutil.rmtree(self.base, ignore_errors=True)


@dataclass
class Serving:
    """A running ``serve.sh``: the proxy's URL and its app servers' ports."""

    url: str
    app_ports: list[int]
    process: subprocess.Popen
    state: Path

    def errors_logged(self, limit: int = 10) -> list[str]:
        """The last lines of the app servers' logs that end a traceback (``SomeError: …``)."""
        found: list[str] = []
        for log in sorted((self.state / "logs").glob("*.log")):
            lines = log.read_text(errors="replace").splitlines()
            found += [f"{log.name}: {line}" for line in lines if _ENDS_TRACEBACK.match(line)]
        return found[-limit:]

    def app_pids(self) -> dict[int, int]:
        """App server port → pid (the ones still running)."""
        return {port: pid for port in self.app_ports if (pid := pid_of_port(port))}


def pid_of_port(port: int) -> int | None:
    """The pid of the Streamlit server started with ``--server.port port``."""
    for cmdline in glob.glob("/proc/[0-9]*/cmdline"):
        try:
            args = Path(cmdline).read_bytes().split(b"\0")
        except OSError:
            continue
        if (
            b"streamlit" in b" ".join(args)
            and b"--server.port" in args
            and args[args.index(b"--server.port") + 1] == str(port).encode()
        ):
            return int(cmdline.split("/")[2])
    return None


def rss_mb(pids: list[int]) -> float:
    """Resident memory of ``pids`` together, in MB (MiB)."""
    total_kb = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/statm").read_text().split()
        except OSError:
            continue
        total_kb += int(fields[1]) * PAGE_SIZE_KB
    return total_kb / 1024


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of ``pids`` so far, in seconds."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)
    return total / CLOCK_TICKS


def machine_busy_seconds() -> float:
    """CPU seconds every process of the machine has used so far (all CPUs, ``/proc/stat``)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS


def load_average() -> tuple[float, float, float]:
    one, five, fifteen = os.getloadavg()
    return round(one, 2), round(five, 2), round(fifteen, 2)


@contextmanager
def serve(replicas: int, db_url: str) -> Iterator[Serving]:
    """Run ``serve.sh --replicas N`` on free ports with ``db_url``; stop it (TERM) on exit."""
    script = SERVE_SCRIPT
    if not script.is_file():
        raise RuntimeError(f"{script} not found: the proxy script is needed")
    port = free_port(replicas + 1)
    state = Path(tempfile.mkdtemp(prefix="vnmap-bench-serve-"))
    env = {**os.environ, "VNMAP_DB_URL": db_url}
    with open(state / "serve.err", "w") as errors:
        process = subprocess.Popen(
            ["bash", str(script), "--replicas", str(replicas), "--port", str(port),
             "--state-dir", str(state)],
            stdout=subprocess.PIPE, stderr=errors, env=env, text=True,
        )  # fmt: skip
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()  # printed once every app server is healthy
        if not line.startswith("http"):
            raise RuntimeError(f"serve.sh did not start: {(state / 'serve.err').read_text()}")
        ports = [port + i for i in range(1, replicas + 1)]
        yield Serving(line.rstrip("/"), ports, process, state)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(state, ignore_errors=True)


def wait_healthy(url: str, timeout_s: float = 60) -> float:
    """Seconds until ``url``/_stcore/health answers 200."""
    start = time.perf_counter()
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return time.perf_counter() - start
        except OSError:
            pass
        if time.perf_counter() - start > timeout_s:
            raise TimeoutError(f"{url} not healthy after {timeout_s} s")
        time.sleep(0.1)
