"""Which gunicorn settings? Closed-loop autosave and view throughput per worker configuration.

    .venv/bin/python bench/workers.py [--seconds 15] [--rounds 2] [--configs NAME ...]

A fresh oe_bench_workers database (64 students, 20 questions); for each configuration the
production server is started with those settings and 32 clients loop over autosaves, then
over attempt views, for --seconds each. Configurations are run in interleaved rounds (the
machine is shared: interleaving spreads the noise) and the median round is reported, with the
server's CPU per request (gunicorn workers + PostgreSQL backends), which depends much less on
the machine's other load than throughput does. Writes bench/results/workers.{json,md}.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
import loads

G24 = {"GUNICORN_WORKER_CLASS": "gthread", "GUNICORN_WORKERS": "2", "GUNICORN_THREADS": "4"}
CONFIGS: dict[str, dict[str, str]] = {
    "sync x2": {"GUNICORN_WORKER_CLASS": "sync", "GUNICORN_WORKERS": "2"},
    "sync x4": {"GUNICORN_WORKER_CLASS": "sync", "GUNICORN_WORKERS": "4"},
    "gthread 2x1 (default)": {**G24, "GUNICORN_THREADS": "1"},
    "gthread 2x4": G24,
    "gthread 2x8": {**G24, "GUNICORN_THREADS": "8"},
    "gthread 3x4": {**G24, "GUNICORN_WORKERS": "3"},
    "gthread 2x4, keep-alive off": {**G24, "GUNICORN_KEEPALIVE": "0"},
    "gthread 2x4, pool pre-ping": {**G24, "DB_POOL_PRE_PING": "true"},
    "gthread 2x4, no question cache": {**G24, "QUESTION_CACHE_SIZE": "0"},
}
OPTIONAL = {
    "gevent x2": {"GUNICORN_WORKER_CLASS": "gevent", "GUNICORN_WORKERS": "2", "DB_POOL_SIZE": "8"},
}


def views(
    base: str, targets: list[Any], clients: int, seconds: float, meter: common.CpuMeter
) -> dict[str, Any]:
    async def main() -> list[common.Sample]:
        recorder = common.Recorder()
        client = common.Client(base, recorder, connections=clients, max_tries=1)
        stop = time.monotonic() + seconds

        async def loop(k: int) -> None:
            attempt_id, token, _ = targets[k % len(targets)]
            while time.monotonic() < stop:
                await client.call("view", "GET", f"/api/attempts/{attempt_id}", token, retry=False)

        await asyncio.gather(*(loop(k) for k in range(clients)))
        await client.close()
        return recorder.samples

    meter.start()
    samples = asyncio.run(main())
    used = meter.stop()
    stats = common.summarize(samples)["view"]
    stats["throughput_rps"] = round(stats["count"] / seconds, 1)
    stats["app_cpu_ms_per_request"] = round(1000 * used["app_cpu_s"] / stats["count"], 2)
    stats["db_cpu_ms_per_request"] = round(1000 * used["db_cpu_s"] / stats["count"], 2)
    return stats


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--seconds", type=float, default=15)
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--clients", type=int, default=32)
    p.add_argument(
        "--configs", nargs="*", default=None, help=f"of {list(CONFIGS) + list(OPTIONAL)}"
    )
    p.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    p.add_argument("--out", default=str(common.RESULTS))
    args = p.parse_args()
    names = args.configs or list(CONFIGS)
    table = {**CONFIGS, **OPTIONAL}
    url = common.fresh_database(args.pg, "oe_bench_workers")
    secret = common.new_secret()
    seeded = common.seed(url, args.clients * 2, 20, 60, secret)
    tokens = [common.mint_token(secret, uid) for uid, _ in seeded.students[: args.clients]]
    out = Path(args.out)
    results: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    load_before = common.load_average()
    targets = None
    for round_ in range(args.rounds):
        for name in names:
            server = common.start_server(
                "online_exam.wsgi:app",
                common.server_env(url, secret, table[name]),
                out / "scratch" / "workers.log",
            )
            try:
                if targets is None:
                    targets = asyncio.run(
                        loads.prepare_capacity(server.base, seeded.capacity_exam_id, tokens)
                    )
                save, _ = loads.capacity(
                    server.base,
                    "/api/attempts",
                    targets,
                    args.clients,
                    args.seconds,
                    1,
                    "autosave_capacity",
                    common.CpuMeter(server, url),
                )
                view = views(
                    server.base, targets, args.clients, args.seconds, common.CpuMeter(server, url)
                )
            finally:
                server.stop()
            row = {"round": round_, "load": common.load_average(), "autosave": save, "view": view}
            results[name].append(row)
            print(
                f"{name:22s} round {round_}: autosave {save['throughput_rps']}/s "
                f"p99 {save['p99_ms']} ms cpu {save['app_cpu_ms_per_request']}"
                f"+{save['db_cpu_ms_per_request']} ms | view {view['throughput_rps']}/s "
                f"p99 {view['p99_ms']} ms cpu {view['app_cpu_ms_per_request']}"
                f"+{view['db_cpu_ms_per_request']} ms | load {row['load']}",
                flush=True,
            )

    def med(name: str, op: str, key: str) -> float:
        return round(statistics.median(r[op][key] for r in results[name]), 2)

    lines = [
        "# gunicorn settings compared (closed loop, 32 clients)",
        "",
        f"Median of {args.rounds} interleaved rounds of {args.seconds:.0f} s per operation; "
        f"load average before {load_before}, after {common.load_average()} (2 shared CPUs). "
        "CPU ms per request = gunicorn workers + PostgreSQL backends.",
        "",
        "| settings | autosave req/s | autosave p99 ms | autosave CPU ms/req "
        "| view req/s | view p99 ms | view CPU ms/req |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name in names:
        cells = [
            f"{med(name, op, 'throughput_rps')} | {med(name, op, 'p99_ms')} | "
            f"{med(name, op, 'app_cpu_ms_per_request')} + {med(name, op, 'db_cpu_ms_per_request')}"
            for op in ("autosave", "view")
        ]
        lines.append(f"| {name} | {cells[0]} | {cells[1]} |")
    common.write_report(out, "workers", results, lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
