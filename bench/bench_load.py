"""Capacity and faults of the served app (``scripts/serve.sh``: app servers behind nginx on one
PostgreSQL), all on localhost. Not a test: figures for the README and the operator.

    python bench/bench_load.py sessions --replicas 2 --sessions 50 100 200
    python bench/bench_load.py browsers --browsers 10
    python bench/bench_load.py soak --sessions 50 --minutes 10
    python bench/bench_load.py kill --replicas 2 --sessions 50
    python bench/bench_load.py pg-restart
    python bench/bench_load.py verify       # the client gets the elements a browser gets
    python bench/bench_load.py all          # every figure above, in one go (about 17 min)

Visitors speak Streamlit's own websocket protocol (``bench/load/client.py``): load the map,
click a province, click a commune, back to the country, pausing ``--think`` seconds ± 50 %
between clicks. Server time = from sending the click to the run's ``script_finished``.
Each scenario starts its own ``serve.sh`` on a throwaway PostgreSQL with the sample data.
Results: ``bench/out/load-*.json`` and ``.md``.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.load import report, scenarios, stack, verify

TARGET_P95_S = 1.0
TARGET_GROWTH = 0.10


def _sessions_table(results: list[dict]) -> str:
    rows = [
        [
            r["replicas"],
            r["sessions"],
            r["interactions"],
            r["errors"],
            r["all"]["p50_s"],
            r["all"]["p95_s"],
            r["steps"].get("province", {}).get("p95_s"),
            r["steps"].get("commune", {}).get("p95_s"),
            r["memory_per_session_mb"],
            r["sessions_per_core"],
            r["app_cores_used"],
            r["app_cpu_ms_per_interaction"],
            r["machine_cores_busy"],
            " / ".join(str(x) for x in r["load_average_after"]),
        ]
        for r in results
    ]
    header = [
        "servers", "sessions", "interactions", "errors", "p50 s", "p95 s", "province p95 s",
        "commune p95 s", "MB/session", "sessions/core", "app cores", "app CPU ms/click",
        "machine cores busy",
        "load 1/5/15",
    ]  # fmt: skip
    return report.markdown_table(header, rows)


Outcome = tuple[str, dict, str]  # file name under bench/out, result, Markdown table


async def do_verify(pg: stack.Postgres, args: argparse.Namespace) -> Outcome:
    with stack.serve(1, pg.url) as serving:
        await scenarios.warm_up(serving)
        checks = [
            await verify.compare(serving.url, "province=04", click=True),
            *[await verify.compare(serving.url, q) for q in ("", "province=04&commune=01279")],
        ]
    for check in checks:
        print("\n".join(check["differences"][:10]))  # type: ignore[arg-type]
    table = report.markdown_table(
        ["URL", "then a mouse click on", "elements per run (browser)", "differences"],
        [
            [f"?{c['query']}", c["clicked"] or "–", c["elements_per_run"], len(c["differences"])]
            for c in checks
        ],
    )
    return "load-verify", {"checks": checks}, table


async def do_sessions(pg: stack.Postgres, args: argparse.Namespace) -> Outcome:
    plan = [(n, count) for n in args.replicas for count in args.sessions]
    if args.command == "all":
        plan = [(2, 50), (2, 100), (2, 200), (1, 100), (3, 100)]
    results = []
    for replicas, count in plan:
        result = await scenarios.sessions(pg, replicas, count, args.duration, args.ramp, args.think)
        print(_sessions_table([result]).splitlines()[-1], flush=True)
        results.append(result)
    table = _sessions_table(results)
    for r in results:
        if r["replicas"] == 2 and r["sessions"] == 100:
            met = r["all"]["p95_s"] is not None and r["all"]["p95_s"] <= TARGET_P95_S
            table += (
                f"\n\n100 sessions on 2 servers: p95 {r['all']['p95_s']} s, target "
                f"≤ {TARGET_P95_S:g} s {'met' if met else 'NOT met'}; "
                f"errors {r['errors']} (target 0)"
            )
    return "load-sessions", {"runs": results}, table


async def do_kill(pg: stack.Postgres, args: argparse.Namespace) -> Outcome:
    n = 50 if args.command == "all" else args.sessions[0]
    result = await scenarios.sessions(
        pg, 2, n, args.duration, args.ramp, args.think, kill_at_s=args.duration / 3
    )
    kill = result["kill"]
    table = report.markdown_table(
        ["servers", "sessions", "moved", "view restored", "reconnect p50 / p95 s",
         "sessions elsewhere with errors"],
        [[2, n, kill["moved_sessions"], kill["restored"],
          f"{kill['reconnect_p50_s']} / {kill['reconnect_p95_s']}",
          kill["other_sessions_with_errors"]]],
    )  # fmt: skip
    return "load-kill", result, table


async def do_pg_restart(pg: stack.Postgres, args: argparse.Namespace) -> Outcome:
    result = await scenarios.postgres_restart(pg, 2, args.dossiers)
    table = report.markdown_table(
        ["import exit", "nothing partial stored", "app answers again after s",
         "failed clicks", "app servers restarted"],
        [[result["import_exit_code"], result["nothing_partial_stored"],
          result["app_answers_again_after_s"], result["app_failed_interactions"],
          result["app_servers_restarted"]]],
    )  # fmt: skip
    return "load-pg-restart", result, table + "\n\n" + "\n".join(result["import_output"])


async def do_browsers(pg: stack.Postgres, args: argparse.Namespace) -> Outcome:
    result = await scenarios.browsers(pg, 2, args.browsers, args.rounds)
    table = report.markdown_table(
        ["servers", "browsers", "first visits", "map drawn p50 s", "p95 s", "errors",
         "load 1/5/15"],
        [[2, result["browsers"], result["browsers"] * result["rounds"],
          result["map_drawn_p50_s"], result["map_drawn_p95_s"], result["errors"],
          " / ".join(map(str, result["load_average_after"]))]],
    )  # fmt: skip
    return "load-browsers", result, table


async def do_soak(pg: stack.Postgres, args: argparse.Namespace) -> Outcome:
    count = 50 if args.command == "all" else args.sessions[0]
    replicas = 2 if args.command == "all" else args.replicas[0]
    result = await scenarios.sessions(
        pg, replicas, count, args.minutes * 60, args.ramp, args.think, rss_every_s=15
    )
    samples = result["rss_samples"]
    # Growth from the first sample a while after the ramp (every visitor in, the provinces'
    # views built once: 60 s, or a quarter of a short run) to the last one; and from the
    # ramp's end, for comparison.
    settled = args.ramp + min(60, args.minutes * 15)
    loaded = [rss for t, rss in samples if t >= settled] or [rss for _, rss in samples]
    result["rss_growth"] = round(loaded[-1] / loaded[0] - 1, 4) if loaded else None
    after_ramp = [rss for t, rss in samples if t >= args.ramp]
    result["rss_growth_from_ramp_end"] = (
        round(after_ramp[-1] / after_ramp[0] - 1, 4) if after_ramp else None
    )
    table = _sessions_table([result]) + (
        f"\n\nMemory growth over {args.minutes:g} min: {result['rss_growth']:.1%} "
        f"(target < {TARGET_GROWTH:.0%}); from the ramp's end: "
        f"{result['rss_growth_from_ramp_end']:.1%}"
    )
    return "load-soak", result, table


SCENARIOS = {
    "verify": do_verify,
    "sessions": do_sessions,
    "kill": do_kill,
    "pg-restart": do_pg_restart,
    "browsers": do_browsers,
    "soak": do_soak,
}


async def main_async(args: argparse.Namespace) -> int:
    stack.SERVE_SCRIPT = args.serve
    names = list(SCENARIOS) if args.command == "all" else [args.command]
    summary: list[str] = []
    failed = 0
    pg = stack.Postgres()
    try:
        for name in names:
            print(f"--- {name} (load {stack.load_average()})", flush=True)
            try:
                file, result, table = await SCENARIOS[name](pg, args)
            except Exception as error:  # the other scenarios still run
                failed += 1
                summary.append(f"## {name}\n\nfailed: {error!r}\n")
                print(f"{name} failed: {error!r}", flush=True)
                continue
            report.write(file, result, table)
            summary.append(f"## {name}\n\n{table}\n")
            print(table, flush=True)
    finally:
        pg.stop()
    if args.command == "all":
        report.write("load-summary", {"scenarios": names}, "\n".join(summary))
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "command",
        choices=["verify", "sessions", "browsers", "soak", "kill", "pg-restart", "all"],
    )
    parser.add_argument("--replicas", type=int, nargs="+", default=[2], help="app servers")
    parser.add_argument("--sessions", type=int, nargs="+", default=[50], help="visitors at once")
    parser.add_argument("--duration", type=float, default=45, help="seconds after the ramp")
    parser.add_argument("--ramp", type=float, default=15, help="seconds to start all visitors")
    parser.add_argument("--think", type=float, default=5, help="mean pause between clicks, s")
    parser.add_argument("--minutes", type=float, default=10, help="soak duration")
    parser.add_argument("--browsers", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2, help="first visits per browser")
    parser.add_argument("--serve", type=Path, default=stack.SERVE_SCRIPT, help="serve.sh")
    parser.add_argument("--dossiers", type=int, default=300_000, help="rows of the import")
    return asyncio.run(main_async(parser.parse_args(argv)))


if __name__ == "__main__":
    raise SystemExit(main())
