"""PostgreSQL restarted during an import, behind the proxy (not a test; figures go in the notes).

Starts ``scripts/serve.sh --replicas 2`` with its own local PostgreSQL cluster in a temporary
state directory, opens the map through the proxy in Debian's Chromium (so an app server holds
pooled connections), then imports a national year (3,321 communes × 12 months of service
metrics) with ``python -m loaders import`` and restarts PostgreSQL (``pg_ctl restart -m fast``)
as soon as the import's transaction has written its first row. Reports:

- the import's exit code (target 2) and message (the database cannot be reached; nothing
  stored), and how long after the restart it ended;
- what was stored: real rows of the file's months and successful imports of it (target 0),
  and the sample rows the import would have replaced (target: all still there);
- the app after the restart: seconds from a click in the open page to its next run drawn
  (no server restart), and errors in the app servers' logs (target none);
- the same import run again once the database is back (target: stored whole).

    python bench/bench_pg_restart.py        # about 1 minute
"""

from __future__ import annotations

import getpass
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from loaders.metrics import store  # noqa: E402
from loaders.register import new_units  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
MONTHS = [f"2025-{m:02d}" for m in range(7, 13)] + [f"2026-{m:02d}" for m in range(1, 7)]


def free_base_port(n: int) -> int:
    """A port such that it and the next ``n - 1`` are free on 127.0.0.1."""
    while True:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            base = sock.getsockname()[1]
        if base + n > 65535:
            continue
        try:
            for port in range(base, base + n):
                with socket.socket() as sock:
                    sock.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue


def national_year(path: Path) -> int:
    """A service-metrics CSV of every commune for 12 months; returns its row count."""
    codes = new_units()["code"].tolist()
    lines = ["Mã đơn vị,Kỳ báo cáo (tháng),Hồ sơ tiếp nhận,Hồ sơ tiếp nhận trực tuyến"]
    for month in MONTHS:
        lines += [f"{code},{month},{100 + i % 50},{40 + i % 20}" for i, code in enumerate(codes)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1


def psql(pgdata: Path, sql: str) -> int:
    import psycopg

    with psycopg.connect(
        host=str(pgdata), dbname="vnmap", user=getpass.getuser(), autocommit=True
    ) as conn:
        return int(conn.execute(sql).fetchone()[0])


def pg_ctl(pgdata: Path, *args: str) -> None:
    binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    command = [str(Path(binaries[-1]) / "pg_ctl") if binaries else "pg_ctl"]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    command += ["-D", str(pgdata), "-l", str(pgdata / "server.log"), *args]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, timeout=120)


def stored(pgdata: Path) -> tuple[int, int, int]:
    """(real rows of the file's months, successful real imports, sample rows)."""
    service, imports = store.TABLES["metrics"].name, store.imports.name
    months = ", ".join(f"'{m}'" for m in MONTHS)
    return (
        psql(
            pgdata, f"SELECT count(*) FROM {service} WHERE NOT is_sample AND period IN ({months})"
        ),
        psql(pgdata, f"SELECT count(*) FROM {imports} WHERE outcome = 'ok' AND NOT is_sample"),
        psql(pgdata, f"SELECT count(*) FROM {service} WHERE is_sample"),
    )


def main() -> int:
    state = Path(tempfile.mkdtemp(prefix="vnmap-bench-restart-"))
    port = free_base_port(3)
    env = {k: v for k, v in os.environ.items() if k != store.DB_URL_ENV}
    env["VNMAP_SERVE_PYTHON"] = sys.executable
    serve = subprocess.Popen(
        ["bash", "scripts/serve.sh", "--replicas", "2", "--port", str(port),
         "--state-dir", str(state)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    pgdata = state / "postgres"
    db_env = {
        **os.environ,
        store.DB_URL_ENV: f"postgresql+psycopg://{getpass.getuser()}@/vnmap?host={pgdata}",
    }
    try:
        url = serve.stdout.readline().strip()
        print(f"serve.sh: {url} (state {state})")
        big = state / "national-year.csv"
        print(f"file: {national_year(big):,} rows ({big.stat().st_size / 1e6:.1f} MB)")

        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(120_000)
            page.goto(f"{url}?metric=received&province=04")
            page.wait_for_function(
                "() => document.querySelectorAll('.vn-map path.leaflet-interactive').length > 3"
            )
            before = stored(pgdata)

            started = time.monotonic()
            cli = subprocess.Popen(
                [sys.executable, "-m", "loaders", "import", str(big)],
                cwd=ROOT, env=db_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )  # fmt: skip
            # A backend with a transaction id has written: the import is inside its transaction.
            while not psql(
                pgdata,
                "SELECT count(*) FROM pg_stat_activity WHERE datname = 'vnmap' "
                "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()",
            ):
                if cli.poll() is not None:
                    print("the import ended before it could be cut")
                    return 1
                time.sleep(0.005)
            in_transaction = time.monotonic() - started
            pg_ctl(pgdata, "restart", "-m", "fast", "-w", "-t", "60")
            restarted = time.monotonic()
            out, err = cli.communicate(timeout=300)
            print(f"import reached its transaction after {in_transaction:.1f} s; restarted")
            print(f"import exit code {cli.returncode} ({time.monotonic() - restarted:.1f} s after "
                  f"the restart): {(err or out).strip().splitlines()[-1]}")  # fmt: skip
            after = stored(pgdata)
            print(f"real rows of its months {after[0]}, successful imports {after[1]} "
                  f"(before {before[0]}, {before[1]}); sample rows {after[2]:,} "
                  f"(before {before[2]:,})")  # fmt: skip

            clicked = time.monotonic()
            page.get_by_role("radio", name="English", exact=True).click()
            page.wait_for_function(
                """() => {
                    const found = document.querySelectorAll('.vn-map-frame');
                    return found.length === 1 && found[0].innerText.includes('Dossiers');
                }"""
            )
            print(f"app after the restart: next run drawn {time.monotonic() - clicked:.1f} s "
                  "after a click, no server restarted")  # fmt: skip
            browser.close()
        errors = sum(
            log.read_text().count("Traceback") for log in (state / "logs").glob("app-*.log")
        )
        print(f"tracebacks in the app servers' logs: {errors}")

        again = subprocess.run(
            [sys.executable, "-m", "loaders", "import", str(big)],
            cwd=ROOT, env=db_env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        print(f"the same import again: exit code {again.returncode}; {stored(pgdata)[0]:,} rows")
        return 0
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=60)
        shutil.rmtree(state, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
