"""``scripts/serve.sh``: two app servers on one PostgreSQL behind nginx, as an operator runs it.

Started once for the module (about 15 s: a local PostgreSQL cluster in a temporary state
directory, the sample data, two Streamlit servers, nginx with a throwaway TLS certificate).
Checked over HTTP: the health check and the security headers through the proxy, sticky
routing by the route cookie (nginx's access log names the app server that answered), app
servers on 127.0.0.1 only, every process gone after TERM. Faults: PostgreSQL restarted while
two imports (command line, and the import page's own function) wait inside their
transactions; both are refused whole, nothing is stored, and the servers carry on. One browser page
through the proxy: the map is drawn (websocket through nginx) and shows, at its next run,
an import made through the import page in another process and one made with
``python -m loaders import`` — no server restarts.
"""

from __future__ import annotations

import getpass
import glob
import os
import queue
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from browser_support import settled_text

from loaders.metrics import store
from loaders.paths import REPO_ROOT
from loaders.register import new_units
from tests.auth_support import account, cheap_hashing, signed_in
from tests.net_support import free_port

pytestmark = pytest.mark.browser

playwright_api = pytest.importorskip("playwright.sync_api")

MAP = ".vn-map"
FRAME = ".vn-map-frame"
SAMPLE_MARK = "DỮ LIỆU MẪU / SAMPLE DATA"
#: Periods of this module's imports: the page's and the command line's (the last real data
#: replaces the sample), and the one the restarted imports try to store.
PERIOD, LOST_PERIOD = "2026-11", "2026-06"


@dataclass
class Served:
    url: str  # the proxy's URL, https://127.0.0.1:PORT/
    port: int  # the proxy's; the app servers have the next two
    state: Path
    cert: Path
    db_url: str

    @property
    def app_ports(self) -> tuple[int, int]:
        return self.port + 1, self.port + 2

    @property
    def pgdata(self) -> Path:
        return self.state / "postgres"


def _ports_free(base: int, n: int) -> bool:
    for port in range(base, base + n):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                return False
    return True


def _listening(port: int) -> list[str]:
    """Local addresses (hex, as in /proc/net/tcp*) of the sockets listening on ``port``."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as handle:
            for line in handle.readlines()[1:]:
                fields = line.split()
                address, hex_port = fields[1].rsplit(":", 1)
                if fields[3] == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                    found.append(address)
    return found


def _certificate(folder: Path) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is missing: the TLS certificate of the test cannot be made")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext",
         "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=30,
    )  # fmt: skip
    return cert, key


@pytest.fixture(scope="module")
def served(built_data) -> Iterator[Served]:
    if shutil.which("nginx") is None:
        pytest.skip("nginx is missing: apt-get install nginx (scripts/install.sh --dev)")
    if not glob.glob("/usr/lib/postgresql/*/bin/initdb") and shutil.which("initdb") is None:
        pytest.skip("PostgreSQL is missing: apt-get install postgresql")
    # Not under pytest's own folder (mode 700): as root the cluster runs as user postgres,
    # which must reach its folder inside the state directory.
    state = Path(tempfile.mkdtemp(prefix="vnmap-serve-"))
    cert, key = _certificate(state)
    port = free_port()
    while not _ports_free(port, 3):
        port = free_port()
    env = {k: v for k, v in os.environ.items() if k != store.DB_URL_ENV}
    env["VNMAP_SERVE_PYTHON"] = sys.executable
    log = open(state / "serve.err", "w")  # noqa: SIM115 (open for the server's lifetime)
    process = subprocess.Popen(
        ["bash", "scripts/serve.sh", "--replicas", "2", "--port", str(port),
         "--state-dir", str(state), "--tls-cert", str(cert), "--tls-key", str(key)],
        cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=log, text=True,
    )  # fmt: skip
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: lines.put(process.stdout.readline()), daemon=True).start()
    db_url = f"postgresql+psycopg://{getpass.getuser()}@/vnmap?host={state / 'postgres'}"
    started = False
    try:
        try:
            url = lines.get(timeout=180).strip()
        except queue.Empty:
            url = ""
        if not url:
            pytest.fail(f"serve.sh did not start: {(state / 'serve.err').read_text()[-2000:]}")
        assert url == f"https://127.0.0.1:{port}/"
        started = True
        yield Served(url, port, state, cert, db_url)
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=60)
        log.close()
        store.dispose_engine(db_url)
        left = [p for p in range(port, port + 3) if _listening(p)]
        socket_left = (state / "postgres" / ".s.PGSQL.5432").exists()
        shutil.rmtree(state, ignore_errors=True)
        # A clean stop: the script ends on the signal and leaves no server behind.
        if started:
            assert code == 143 and not left and not socket_left, (code, left, socket_left)


def _get(served: Served, path: str = "", cookie: str | None = None) -> requests.Response:
    cookies = {"vnmap_route": cookie} if cookie else None
    return requests.get(served.url + path, cookies=cookies, verify=str(served.cert), timeout=30)


def _answered_by(served: Served, cookie: str | None = None) -> tuple[str, requests.Response]:
    """The app server (127.0.0.1:PORT) that answered a request through the proxy, from the
    line nginx wrote to its access log for it (marked by a token; written just after the
    response is sent)."""
    token = secrets.token_hex(8)
    response = _get(served, f"_stcore/health?probe={token}", cookie)
    assert response.status_code == 200
    log = served.state / "nginx" / "access.log"
    deadline = time.monotonic() + 10
    while not (found := re.search(rf"probe={token} .* upstream=(\S+)", log.read_text())):
        assert time.monotonic() < deadline, f"no access log line for {token}"
        time.sleep(0.01)
    return found.group(1), response


# --- HTTP ---------------------------------------------------------------------------------------


def test_health_check_and_security_headers_through_the_proxy(served):
    health = _get(served, "_stcore/health")
    assert health.status_code == 200 and health.text == "ok"
    assert health.headers["Server"].startswith("nginx")
    page = _get(served)
    assert page.status_code == 200 and "<title>" in page.text
    assert page.headers["Content-Security-Policy"] == "frame-ancestors 'self'"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"] == "same-origin"
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    route = page.cookies.get("vnmap_route")
    assert route and re.fullmatch(r"[0-9a-f]{32}", route)
    set_cookie = page.headers["Set-Cookie"]
    assert "HttpOnly" in set_cookie and "Secure" in set_cookie
    # Plain HTTP to the TLS port is refused, not served.
    plain = requests.get(f"http://127.0.0.1:{served.port}/", timeout=30)
    assert plain.status_code == 400


def test_the_route_cookie_keeps_a_browser_on_one_server(served):
    backends = {f"127.0.0.1:{p}" for p in served.app_ports}
    # The first response names the route; the next requests with it go where the first went.
    first, response = _answered_by(served)
    route = response.cookies["vnmap_route"]
    assert first in backends
    for _ in range(4):
        again, response = _answered_by(served, route)
        assert again == first
        assert "vnmap_route" not in response.cookies  # a valid route is kept, not renewed
    # Other browsers (other routes, same address) are spread over both servers.
    seen = {first}
    for _ in range(40):
        seen.add(_answered_by(served, secrets.token_hex(16))[0])
        if seen == backends:
            break
    assert seen == backends
    # A forged, malformed route is replaced with a fresh one.
    _, response = _answered_by(served, "../../etc")
    assert re.fullmatch(r"[0-9a-f]{32}", response.cookies["vnmap_route"])


def test_app_servers_listen_on_localhost_only(served):
    for port in served.app_ports:
        addresses = _listening(port)
        assert addresses == ["0100007F"], (port, addresses)  # 127.0.0.1, no IPv6, no 0.0.0.0


# --- PostgreSQL restarted during an import -------------------------------------------------------


def _csv(period: str, values: list[int]) -> bytes:
    """A service-metrics file of the first communes of Cao Bằng (04) for ``period``."""
    units = new_units()
    units = units[units["province_code"] == "04"].head(len(values))
    lines = ["Mã đơn vị,Tên đơn vị,Kỳ báo cáo (tháng),Hồ sơ tiếp nhận"]
    for code, name, value in zip(units["code"], units["name"], values, strict=True):
        lines.append(f"{code},{name},{period},{value}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _connect(served: Served):
    import psycopg

    return psycopg.connect(
        host=str(served.pgdata), dbname="vnmap", user=getpass.getuser(), autocommit=True
    )


def _pg_ctl(served: Served, *args: str) -> None:
    binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    pg_ctl = str(Path(binaries[-1]) / "pg_ctl") if binaries else "pg_ctl"
    as_db = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    # Its log to a file, never to a pipe of ours: the restarted server would hold it open.
    command = [*as_db, pg_ctl, "-D", str(served.pgdata), "-l", str(served.pgdata / "server.log")]
    subprocess.run([*command, *args], check=True, stdout=subprocess.DEVNULL, timeout=120)


def _restart_while_waiting(served: Served, start, waiting: int) -> object:
    """Run ``start()`` (which begins imports) while the metrics table is locked, so each
    import waits inside its transaction; once ``waiting`` of them do, restart PostgreSQL and
    return what ``start`` returned. The lock is the only way to be sure the restart hits
    mid-transaction."""
    table = store.TABLES["metrics"].name
    holder = _connect(served)
    holder.execute("BEGIN")
    holder.execute(f'LOCK TABLE "{table}" IN SHARE MODE')
    started = start()
    with _connect(served) as watcher:
        deadline = time.monotonic() + 120
        while (
            watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = 'vnmap' "
                "AND wait_event_type = 'Lock'"
            ).fetchone()[0]
            < waiting
        ):
            assert time.monotonic() < deadline, "the imports never reached the store"
            time.sleep(0.05)
    _pg_ctl(served, "restart", "-m", "fast", "-w", "-t", "60")
    holder.close()
    return started


def _stored(served: Served, period: str) -> tuple[int, int, int]:
    """(real rows stored for ``period``, successful real imports that name it, sample rows
    left: a real import would also have cleared those)."""
    service, imports = store.TABLES["metrics"].name, store.imports.name
    with _connect(served) as conn:
        rows = conn.execute(
            f'SELECT count(*) FROM "{service}" WHERE period = %s AND NOT is_sample', (period,)
        ).fetchone()[0]
        logged = conn.execute(
            f'SELECT count(*) FROM "{imports}" '
            "WHERE outcome = 'ok' AND NOT is_sample AND periods LIKE %s",
            (f"%{period}%",),
        ).fetchone()[0]
        sample = conn.execute(f'SELECT count(*) FROM "{service}" WHERE is_sample').fetchone()[0]
    return rows, logged, sample


@pytest.fixture(scope="module")
def restarted(served, map_page, tmp_path_factory) -> dict:
    """Two imports cut by one PostgreSQL restart: one with ``python -m loaders import``, one
    through the import page's own function in this process (another app of the same
    database). Returns what each said. The browser's page is open before (``map_page``): its
    app server holds pooled connections that die with the database."""
    from dashboard.imports.import_view import run_import

    folder = tmp_path_factory.mktemp("restart")
    data = _csv(LOST_PERIOD, [101, 102, 103])
    (folder / "lost.csv").write_bytes(data)
    env = {**os.environ, store.DB_URL_ENV: served.db_url}
    before = _stored(served, LOST_PERIOD)
    command = [sys.executable, "-m", "loaders", "import", str(folder / "lost.csv")]
    engine = store.get_engine(served.db_url)
    editor = account(engine, "caobang", "editor", ("04",))
    answers: list[tuple] = []

    def start() -> tuple[subprocess.Popen, threading.Thread]:
        cli = subprocess.Popen(command, cwd=REPO_ROOT, env=env, text=True, stdout=-1, stderr=-1)
        page = threading.Thread(
            target=lambda: answers.append(run_import(engine, editor, data, "lost.csv", lang="vi")),
            daemon=True,
        )
        page.start()
        return cli, page

    cli, page = _restart_while_waiting(served, start, waiting=2)
    out, err = cli.communicate(timeout=120)
    page.join(timeout=120)
    # This process's engine carries on: its pooled connections died with the server.
    revision = store.revision(engine)
    return {
        "cli": (cli.returncode, out, err),
        "page": answers,
        "revision": revision,
        "before": before,
        "after": _stored(served, LOST_PERIOD),
    }


def test_an_import_cut_by_a_database_restart_is_refused_whole(served, restarted):
    code, out, err = restarted["cli"]
    assert code == 2, (out, err)
    assert "import failed" in err and "cannot be reached" in err and "nothing was stored" in err
    assert "Traceback" not in err
    ((ok, message, problems),) = restarted["page"]
    assert not ok and problems is None
    assert message == (
        "Không kết nối hoặc không mở được cơ sở dữ liệu. Không có gì được lưu; hãy báo "
        "quản trị viên."
    )
    rows, logged, sample = restarted["after"]
    assert (rows, logged) == (0, 0)
    assert sample == restarted["before"][2] > 0  # the sample it would have replaced is whole
    assert restarted["revision"].startswith("postgresql+psycopg://")


# --- One browser page through the proxy --------------------------------------------------------


def _import_through_the_page(served: Served, monkeypatch, data: bytes) -> None:
    """Upload and import ``data`` on the import page run in this process: an app of the same
    database other than the server the browser talks to (its cache clearing stays here)."""
    from streamlit.testing.v1 import AppTest

    from dashboard.core.i18n import t

    monkeypatch.setenv(store.DB_URL_ENV, served.db_url)
    cheap_hashing(monkeypatch)
    at = AppTest.from_file(str(REPO_ROOT / "dashboard" / "pages" / "data_import.py"))
    at.default_timeout = 120
    signed_in(at, store.get_engine(served.db_url), "caobang", "editor", ("04",))
    at.run()
    at.file_uploader(key="imp_file").set_value(("thang11.csv", data, "text/csv"))
    at.run()
    at.button(key="imp_do").click()
    at.run()
    assert not at.exception, at.exception
    assert t("import.import_ok", "vi") in [e.value for e in at.success]


def _rerun_and_wait(page, button: str, expected: str) -> str:
    """Click the language switch's ``button`` (a run of the page on its server) and return the
    map frame's text once it shows ``expected``."""
    page.get_by_role("radio", name=button, exact=True).click()
    # One map frame again: while a run draws, the previous run's elements stay on the page.
    page.wait_for_function(
        """([frame, text]) => {
            const found = document.querySelectorAll(frame);
            return found.length === 1 && found[0].innerText.includes(text);
        }""",
        arg=[FRAME, expected],
    )
    page.wait_for_function(
        "m => document.querySelectorAll(m + ' path.leaflet-interactive').length >= 3", arg=MAP
    )
    return page.locator(FRAME).inner_text()


@pytest.fixture(scope="module")
def map_page(served, browser) -> Iterator[tuple[object, str]]:
    """One browser page on Cao Bằng's received dossiers through the proxy, with the map
    drawn, and the map frame's text then."""
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000}, ignore_https_errors=True
    )
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{served.url}?metric=received&province=04")
    page.wait_for_function(
        "m => document.querySelectorAll(m + ' path.leaflet-interactive').length >= 3", arg=MAP
    )
    yield page, page.locator(FRAME).inner_text()
    context.close()


def test_the_map_through_the_proxy_shows_other_servers_imports(
    served, map_page, restarted, monkeypatch
):
    """The page's server ran the page before the database restarts (``restarted``) and
    through both imports: it carries on, and each import shows at its next run."""
    page, before = map_page
    assert SAMPLE_MARK in before and "tháng 11/2026" not in before
    # Real data for November replaces the sample: the other server's next run has the
    # new period, without the sample mark.
    _import_through_the_page(served, monkeypatch, _csv(PERIOD, [11, 22, 33]))
    english = _rerun_and_wait(page, "English", "November 2026")
    assert SAMPLE_MARK not in english
    assert "33 dossiers" in settled_text(page)

    # A command-line import replaces those values: shown at the next run too.
    path = served.state / "cli.csv"
    path.write_bytes(_csv(PERIOD, [707, 808, 909]))
    env = {**os.environ, store.DB_URL_ENV: served.db_url}
    subprocess.run(
        [sys.executable, "-m", "loaders", "import", str(path)],
        cwd=REPO_ROOT, env=env, check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    vietnamese = _rerun_and_wait(page, "Tiếng Việt", "tháng 11/2026")
    assert SAMPLE_MARK not in vietnamese
    body = settled_text(page)
    assert "909 hồ sơ" in body and "33 hồ sơ" not in body
    # No run failed on either server, the first after the database restarts included:
    # their pooled connections died with it and were replaced before use.
    for port in served.app_ports:
        log = (served.state / "logs" / f"app-{port}.log").read_text()
        assert "Traceback" not in log and "OperationalError" not in log, log[-3000:]


def test_a_single_server_listens_on_localhost_by_default():
    """``bash scripts/app.sh`` without options: the repository's Streamlit settings keep the
    server on this machine (an operator opens it with ``--server.address``)."""
    import tomllib

    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] == "127.0.0.1"
