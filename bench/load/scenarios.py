"""The load and fault scenarios, each on a fresh ``serve.sh`` over one throwaway PostgreSQL.

Every scenario returns a JSON-able dict; :mod:`bench.bench_load` writes them under
``bench/out/``. Memory is the app servers' RSS (MiB), CPU their user + system seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench.load import journey, report, stack
from bench.load.client import StreamlitSession
from bench.load.report import Stats, percentile
from bench.load.visitors import classify, crowd_run


async def warm_up(serving: stack.Serving) -> None:
    """On each app server directly, every province opened once and one of its communes
    clicked: the server's caches filled before anything is measured, as on a server that has
    been up for a while (the first visit of a province on a server builds its layer, about
    0.3-1 s that holds back that server's other sessions; measured cold, those builds are
    most of the tail)."""

    async def one(port: int) -> None:
        session = StreamlitSession(f"http://127.0.0.1:{port}", timeout_s=120)
        rng = random.Random(port)
        await session.connect()
        country = await journey.open_page(session, lambda *_: None)
        for code in list(country.codes):
            view = await journey.open_province(session, country, rng, lambda *_: None, code)
            view = await journey.open_commune(session, view, rng, lambda *_: None)
            country = await journey.back_to_country(session, view, lambda *_: None)
        await session.close()

    await asyncio.gather(*(one(port) for port in serving.app_ports))


async def sessions(
    pg: stack.Postgres,
    replicas: int,
    count: int,
    duration_s: float,
    ramp_s: float,
    think_s: float,
    kill_at_s: float | None = None,
    rss_every_s: float = 5.0,
) -> dict[str, object]:
    """``count`` protocol visitors through the proxy for ``ramp_s + duration_s`` seconds.

    With ``kill_at_s``, the first app server is killed (SIGKILL) that many seconds after the
    ramp: its visitors reconnect through the proxy and must find their view again.
    """
    with stack.serve(replicas, pg.url) as serving:
        await warm_up(serving)
        pids = serving.app_pids()
        rss_idle = stack.rss_mb(list(pids.values()))
        load_before = stack.load_average()
        driver_cpu = time.process_time()
        crowd, tasks = await crowd_run(
            serving.url, count, ramp_s, duration_s, think_s, reconnect=kill_at_s is not None
        )
        samples: list[tuple[float, float]] = []
        start = time.monotonic()
        killed: dict[str, object] = {}
        cpu_start = None
        done_at_cpu_start = 0
        while not all(task.done() for task in tasks):
            now = time.monotonic() - start
            alive = list(serving.app_pids().values())
            if cpu_start is None and now >= ramp_s:  # CPU counted once every visitor is in
                cpu_start = (now, stack.cpu_seconds(alive), stack.machine_busy_seconds())
                done_at_cpu_start = crowd.stats.count()
            if kill_at_s is not None and not killed and now >= ramp_s + kill_at_s:
                victim = serving.app_ports[0]
                killed = {"port": victim, "at_s": round(now, 1), "sessions_before": crowd.ready}
                os.kill(pids[victim], signal.SIGKILL)
            if now < ramp_s + duration_s - 1:  # the last samples: every visitor still on
                samples.append((round(now, 1), round(stack.rss_mb(alive), 1)))
            await asyncio.sleep(min(rss_every_s, 1.0) if kill_at_s else rss_every_s)
        await asyncio.gather(*tasks)
        elapsed = time.monotonic() - start
        alive = list(serving.app_pids().values())
        cpu_s = stack.cpu_seconds(alive) - (cpu_start[1] if cpu_start else 0.0)
        cpu_wall = elapsed - (cpu_start[0] if cpu_start else 0.0)
        machine_s = stack.machine_busy_seconds() - (cpu_start[2] if cpu_start else 0.0)
        rss_loaded = samples[-1][1] if samples else None
        summary = crowd.stats.summary()
        summary["app_errors_logged"] = serving.errors_logged()
        result: dict[str, object] = {
            "replicas": replicas,
            "sessions": count,
            "think_s": think_s,
            "ramp_s": ramp_s,
            "duration_s": duration_s,
            "visitors_ready": crowd.ready,
            **summary,
            "rss_idle_mb": round(rss_idle, 1),
            "rss_loaded_mb": rss_loaded,
            "rss_peak_mb": max((rss for _, rss in samples), default=None),
            "memory_per_session_mb": (
                round((rss_loaded - rss_idle) / count, 2) if rss_loaded and not killed else None
            ),
            "app_cpu_s": round(cpu_s, 1),
            "app_cores_used": round(cpu_s / cpu_wall, 2) if cpu_wall > 0 else None,
            "app_cpu_ms_per_interaction": (
                round(1000 * cpu_s / (crowd.stats.count() - done_at_cpu_start))
                if crowd.stats.count() > done_at_cpu_start
                else None
            ),
            # Every process of the machine (this driver, nginx, PostgreSQL, other work) of 2.
            "machine_cores_busy": round(machine_s / cpu_wall, 2) if cpu_wall > 0 else None,
            "sessions_per_core": round(count / (cpu_s / cpu_wall), 1) if cpu_s > 0 else None,
            "interactions_per_s": round(summary["interactions"] / elapsed, 1),  # type: ignore[operator]
            "driver_cpu_s": round(time.process_time() - driver_cpu, 1),
            "rss_samples": samples,
            "load_average_before": load_before,
            "load_average_after": stack.load_average(),
        }
        if kill_at_s is not None:
            others_failed = crowd.failed - crowd.disconnected
            result["kill"] = {
                **killed,
                "moved_sessions": len(crowd.disconnected),
                "moved_sessions_with_errors": len(crowd.failed & crowd.disconnected),
                "restored": len(crowd.moved) - len(crowd.not_restored),
                "not_restored": crowd.not_restored,
                "reconnect_p50_s": _round(percentile(list(crowd.moved.values()), 50)),
                "reconnect_p95_s": _round(percentile(list(crowd.moved.values()), 95)),
                "other_sessions_with_errors": len(others_failed),
            }
        return result


@contextlib.contextmanager
def _removed(folder: Path) -> Iterator[None]:
    """Delete ``folder`` on exit."""
    try:
        yield
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


async def browsers(pg: stack.Postgres, replicas: int, count: int, rounds: int) -> dict:
    """``count`` Chromium windows at once through the proxy, ``rounds`` times (a fresh
    context each: a first visit): seconds from ``goto`` to the map's units drawn."""
    from playwright.async_api import async_playwright

    with stack.serve(replicas, pg.url) as serving:
        await warm_up(serving)
        times: list[float] = []
        errors = Stats()
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
            )

            async def one(shot: Path | None = None) -> None:
                context = await browser.new_context(viewport={"width": 1400, "height": 1000})
                page = await context.new_page()
                start = time.perf_counter()
                try:
                    await page.goto(serving.url)
                    await page.wait_for_selector(
                        f".vn-map[data-units='{journey.PROVINCES}']",
                        state="attached",
                        timeout=120_000,
                    )
                    times.append(time.perf_counter() - start)
                    if shot is not None:  # what one of them drew, to look at
                        await page.screenshot(path=str(shot))
                except Exception as error:
                    errors.error(type(error).__name__, str(error))
                finally:
                    await context.close()

            load_before = stack.load_average()
            report.OUT.mkdir(parents=True, exist_ok=True)
            for _ in range(rounds):
                shot = report.OUT / "load-browser.png"
                await asyncio.gather(one(shot), *(one() for _ in range(count - 1)))
            await browser.close()
        return {
            "replicas": replicas,
            "browsers": count,
            "rounds": rounds,
            "map_drawn_p50_s": _round(percentile(times, 50)),
            "map_drawn_p95_s": _round(percentile(times, 95)),
            "map_drawn_max_s": _round(max(times, default=None)),
            "errors": sum(errors.errors.values()),
            "error_examples": dict(errors.examples),
            "load_average_before": load_before,
            "load_average_after": stack.load_average(),
        }


IMPORTER = "vnmap-bench-import"  # the import's PostgreSQL application_name (PGAPPNAME)


def _table_counts(pg: stack.Postgres) -> dict[str, int]:
    import psycopg

    with psycopg.connect(pg.url.replace("+psycopg", ""), autocommit=True) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def _wait_for_write(pg: stack.Postgres, process: subprocess.Popen) -> float | None:
    """Seconds until the import's transaction has written (it has a transaction id), or None
    when the import ended first."""
    import psycopg

    start = time.perf_counter()
    with psycopg.connect(pg.url.replace("+psycopg", ""), autocommit=True) as conn:
        while process.poll() is None:
            row = conn.execute(
                "SELECT 1 FROM pg_stat_activity WHERE application_name = %s "
                "AND backend_xid IS NOT NULL",
                (IMPORTER,),
            ).fetchone()
            if row:
                return time.perf_counter() - start
            time.sleep(0.005)
    return None


async def postgres_restart(pg: stack.Postgres, replicas: int, dossiers: int) -> dict:
    """Restart PostgreSQL while an import (``python -m loaders import``, a dossier file) is
    writing; a visitor clicks all along. Measures: the import's exit and message, the tables'
    row counts before and after (nothing partial stored), when the app answers again."""
    sys.path.insert(0, str(stack.REPO / "bench"))
    from bench_metrics import write_dossiers

    folder = Path(tempfile.mkdtemp(prefix="vnmap-bench-import-"))
    upload = folder / "dossiers.csv"
    write_dossiers(upload, dossiers)
    with stack.serve(replicas, pg.url) as serving, _removed(folder):
        await warm_up(serving)
        before = _table_counts(pg)
        pids_before = serving.app_pids()
        outcomes: list[tuple[float, str]] = []  # (seconds since the restart began, outcome)
        restart_at: list[float] = []
        stop = asyncio.Event()

        async def clicker() -> None:
            rng = random.Random(7)
            session = StreamlitSession(serving.url, timeout_s=30)
            view = None
            while not stop.is_set():
                try:
                    if view is None:
                        await session.close()
                        await session.connect()
                        view = await journey.open_page(session, lambda *_: None)
                    if journey.is_country(view):
                        view = await journey.open_province(session, view, rng, lambda *_: None)
                    else:
                        view = await journey.back_to_country(session, view, lambda *_: None)
                    outcome = "ok"
                except Exception as error:
                    outcome = f"{classify(error)}: {error!r}"[:200]
                    view = None  # as a user would: load the page again
                if restart_at:
                    outcomes.append((time.monotonic() - restart_at[0], outcome))
                await asyncio.sleep(0.2)
            await session.close()

        task = asyncio.create_task(clicker())
        await asyncio.sleep(2)
        env = {**os.environ, "VNMAP_DB_URL": pg.url, "PGAPPNAME": IMPORTER}
        process = subprocess.Popen(
            [sys.executable, "-m", "loaders", "import", str(upload)],
            cwd=stack.REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        wrote_after = await asyncio.to_thread(_wait_for_write, pg, process)
        restart_at.append(time.monotonic())
        if wrote_after is not None:
            await asyncio.to_thread(pg.restart)
        restart_s = time.monotonic() - restart_at[0]
        output, _ = await asyncio.to_thread(process.communicate)
        await asyncio.sleep(15)  # the app's answers after the restart
        stop.set()
        await task
        rows_after = _table_counts(pg)
        pids_after = serving.app_pids()
        logged = serving.errors_logged()
    failures = [t for t, outcome in outcomes if outcome != "ok"]
    last_failure = max(failures, default=None)
    # The app answers again at its first good answer after the last failed one.
    after = [t for t, outcome in outcomes if outcome == "ok" and t > (last_failure or -1.0)]
    answered = after[0] if after else None
    return {
        "replicas": replicas,
        "dossier_rows": dossiers,
        "import_writing_after_s": _round(wrote_after),
        "restarted": wrote_after is not None,
        "postgres_restart_s": _round(restart_s),
        "import_exit_code": process.returncode,
        "import_output": output.strip().splitlines()[-5:],
        "rows_before": before,
        "rows_after": rows_after,
        "nothing_partial_stored": before == rows_after,
        "app_servers_restarted": pids_before != pids_after,
        "app_answers_again_after_s": _round(answered),
        "app_failed_interactions": len(failures),
        "app_errors_logged": logged,
        "app_outcomes": [(round(t, 2), outcome) for t, outcome in outcomes],
    }
