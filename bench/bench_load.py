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
            " / ".join(str(x) for x in r["load_average_after"]),
        ]
        for r in results
    ]
    header = [
        "servers", "sessions", "interactions", "errors", "p50 s", "p95 s", "province p95 s",
        "commune p95 s", "MB/session", "sessions/core", "cores used", "load 1/5/15",
    ]  # fmt: skip
    return report.markdown_table(header, rows)


async def run_sessions(pg: stack.Postgres, args: argparse.Namespace, counts, replicas) -> list:
    results = []
    for n in replicas:
        for count in counts:
            result = await scenarios.sessions(pg, n, count, args.duration, args.ramp, args.think)
            print(_sessions_table([result]).splitlines()[-1], flush=True)
            results.append(result)
    return results


async def run_soak(pg: stack.Postgres, args: argparse.Namespace) -> dict:
    result = await scenarios.sessions(
        pg, args.replicas, args.sessions, args.minutes * 60, args.ramp, args.think,
        rss_every_s=15,
    )  # fmt: skip
    samples = result["rss_samples"]
    # Growth from the first sample with every visitor in (after the ramp) to the last.
    loaded = [rss for t, rss in samples if t >= args.ramp + 30] or [rss for _, rss in samples]
    result["rss_growth"] = round(loaded[-1] / loaded[0] - 1, 4) if loaded else None
    after_ramp = [rss for t, rss in samples if t >= args.ramp]
    result["rss_growth_from_ramp_end"] = (
        round(after_ramp[-1] / after_ramp[0] - 1, 4) if after_ramp else None
    )
    return result


def _write_sessions(name: str, results: list[dict]) -> None:
    path = report.write(name, {"runs": results}, _sessions_table(results))
    print(path.read_text())


async def main_async(args: argparse.Namespace) -> int:
    stack.SERVE_SCRIPT = args.serve
    pg = stack.Postgres()
    try:
        if args.command in ("verify", "all"):
            with stack.serve(1, pg.url) as serving:
                await scenarios.warm_up(serving)
                checks = [
                    await verify.compare(serving.url, query)
                    for query in ("", "province=04", "province=04&commune=01279")
                ]
            table = report.markdown_table(
                ["URL", "elements per run (browser)", "differences"],
                [[f"?{c['query']}", c["elements_per_run"], len(c["differences"])] for c in checks],
            )
            print(report.write("load-verify", {"checks": checks}, table).read_text())
            for check in checks:
                print("\n".join(check["differences"][:10]))
        if args.command in ("sessions", "all"):
            counts = args.sessions if args.command == "sessions" else [50, 100, 200]
            results = await run_sessions(pg, args, counts, args.replicas)
            if args.command == "all":
                results += await run_sessions(pg, args, [100], [1, 3])
            _write_sessions("load-sessions", results)
        if args.command in ("kill", "all"):
            n = args.sessions[0] if args.command == "kill" else 50
            result = await scenarios.sessions(
                pg, 2, n, args.duration, args.ramp, args.think, kill_at_s=args.duration / 3
            )
            kill = result["kill"]
            table = report.markdown_table(
                ["sessions", "moved", "restored", "reconnect p50/p95 s", "errors elsewhere"],
                [[n, kill["moved_sessions"], kill["restored"],
                  f"{kill['reconnect_p50_s']} / {kill['reconnect_p95_s']}",
                  kill["other_sessions_with_errors"]]],
            )  # fmt: skip
            print(report.write("load-kill", result, table).read_text())
        if args.command in ("pg-restart", "all"):
            result = await scenarios.postgres_restart(pg, 2, args.dossiers)
            table = report.markdown_table(
                ["import exit", "nothing partial", "app answers again after s", "failed clicks"],
                [[result["import_exit_code"], result["nothing_partial_stored"],
                  result["app_answers_again_after_s"], result["app_failed_interactions"]]],
            )  # fmt: skip
            print(report.write("load-pg-restart", result, table).read_text())
            print("\n".join(result["import_output"]))
        if args.command in ("browsers", "all"):
            result = await scenarios.browsers(pg, 2, args.browsers, args.rounds)
            table = report.markdown_table(
                ["browsers", "rounds", "map drawn p50 s", "p95 s", "errors"],
                [[result["browsers"], result["rounds"], result["map_drawn_p50_s"],
                  result["map_drawn_p95_s"], result["errors"]]],
            )  # fmt: skip
            print(report.write("load-browsers", result, table).read_text())
        if args.command in ("soak", "all"):
            if args.command == "all":
                args.sessions, args.replicas = 50, 2
            else:
                args.sessions, args.replicas = args.sessions[0], args.replicas[0]
            result = await run_soak(pg, args)
            table = _sessions_table([result]) + (
                f"\n\nMemory growth over {args.minutes} min: {result['rss_growth']:.1%} "
                f"(target < {TARGET_GROWTH:.0%})"
            )
            print(report.write("load-soak", result, table).read_text())
    finally:
        pg.stop()
    return 0


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
