"""Slow clients and faults mid-exam, through the production stack, then the database check.

    .venv/bin/python bench/faults.py            (what `make bench-faults` runs)

On a throwaway PostgreSQL cluster (bench/pgcluster.py, a free loopback port — the shared
server is never restarted), with the production stack of `make serve-prod` (deploy/serve.py:
nginx in front of 2 app instances, rate limits in Redis), a smaller exam runs and, while
students are autosaving:

1. 500 slow clients (half send their request headers, half a POST body, at 1 byte/s; each
   bounded to 60 s, reconnecting when nginx cuts it off) — the normal requests in that window
   must keep p99 < 1 s with 0 errors;
2. kill -9 one app worker (the instance's main process starts a new one);
3. kill -9 one whole app instance, master and workers (nginx sends its requests to the other
   instance; the supervisor starts it again);
4. restart PostgreSQL (pg_ctl restart -m fast: every connection is cut, the server is down
   for a moment);
5. pg_terminate_backend() on every connection of the app.

Clients retry idempotently with backoff (autosave and submit are idempotent; start resumes).
Afterwards every acknowledged answer must be stored and graded, and every student must have
exactly one attempt, submitted once. Results: bench/results/faults.{json,md}.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import signal
import sys
import time
from pathlib import Path
from typing import Any

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

# A cluster of this run's own (free port, own directory): never one another run could pick.
os.environ.setdefault("BENCH_PG_PORT", str(common.free_port()))
os.environ.setdefault("BENCH_PG_DIR", f"/tmp/oe_bench_pg_faults_{os.getpid()}")  # noqa: S108

import exam_day
import pgcluster
import slow

TARGET_P99_MS = 1000.0
FAULTS = ("kill_worker", "kill_instance", "restart_pg", "terminate")


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--students", type=int, default=int(os.environ.get("FAULT_STUDENTS", "400")))
    p.add_argument("--questions", type=int, default=10)
    p.add_argument("--minutes", type=int, default=4)
    p.add_argument("--slow-clients", type=int, default=500, help="half headers, half bodies")
    p.add_argument("--slow-at", type=float, default=15.0, help="seconds after the exam opens")
    p.add_argument("--slow-seconds", type=float, default=60.0, help="each slow client's bound")
    p.add_argument(
        "--at",
        type=float,
        nargs=4,
        default=[95.0, 120.0, 150.0, 175.0],
        metavar=("KILL_WORKER", "KILL_INSTANCE", "RESTART_PG", "TERMINATE"),
        help="seconds after the exam opens at which each fault happens",
    )
    p.add_argument("--instances", type=int, default=2)
    p.add_argument("--out", default=str(common.RESULTS))
    p.add_argument("--keep-cluster", action="store_true")
    p.add_argument("--timeout", type=float, default=900)
    return p.parse_args()


def window(samples: list[common.Sample], at: float, span: float = 10.0) -> dict[str, Any]:
    """What clients saw from the fault to `span` seconds after it."""
    rows = [s for s in samples if at - 1.0 <= s.start <= at + span]
    return {
        "requests": len(rows),
        "retried": sum(1 for s in rows if s.tries > 1),
        "failed_after_retries": sum(1 for s in rows if s.status not in (200, 201)),
        "max_latency_ms": round(1000 * max((s.latency for s in rows), default=0.0), 1),
    }


async def slow_pressure(
    port: int, t0: float, args: argparse.Namespace, log: list[dict[str, Any]]
) -> None:
    """Half the slow clients trickle headers, half bodies, from --slow-at for --slow-seconds."""
    await asyncio.sleep(max(0.0, t0 + args.slow_at - time.monotonic()))
    began = time.monotonic()
    half = args.slow_clients // 2
    results = await asyncio.gather(
        slow.hold(port, "headers", half, args.slow_seconds),
        slow.hold(port, "body", args.slow_clients - half, args.slow_seconds),
    )
    log.append(
        {
            "fault": f"{args.slow_clients} slow clients (headers and bodies at 1 byte/s)",
            "at_s": round(began - t0, 1),
            "span_s": round(time.monotonic() - began, 1),
            "detail": {mode: r.__dict__ for mode, r in zip(slow.MODES, results, strict=True)},
        }
    )


async def faults(
    stack: Any, url: str, t0: float, at: list[float], log: list[dict[str, Any]]
) -> None:
    async def until(offset: float) -> None:
        await asyncio.sleep(max(0.0, t0 + offset - time.monotonic()))

    await until(at[0])
    workers = stack.members[0].worker_pids()
    victim = workers[0]
    os.kill(victim, signal.SIGKILL)
    log.append(
        {
            "fault": "kill -9 one app worker",
            "at_s": round(time.monotonic() - t0, 1),
            "detail": f"pid {victim} of instance 1 {workers}",
        }
    )

    await until(at[1])
    index = len(stack.members) - 1
    killed_pids = stack.kill_instance(index)
    log.append(
        {
            "fault": "kill -9 one whole app instance (master and workers)",
            "at_s": round(time.monotonic() - t0, 1),
            "detail": f"instance {index + 1}, pids {killed_pids}",
        }
    )

    await until(at[2])
    start = time.monotonic()
    await asyncio.to_thread(pgcluster.restart)
    log.append(
        {
            "fault": "restart PostgreSQL (pg_ctl restart -m fast)",
            "at_s": round(start - t0, 1),
            "detail": f"took {time.monotonic() - start:.1f} s",
        }
    )

    await until(at[3])
    dbname = url.rsplit("/", 1)[1]

    def terminate() -> int:
        with psycopg.connect(url, autocommit=True) as conn:
            rows = conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid() "
                "AND backend_type = 'client backend'",
                (dbname,),
            ).fetchall()
        return sum(1 for (ok,) in rows if ok)

    killed = await asyncio.to_thread(terminate)
    log.append(
        {
            "fault": "pg_terminate_backend on the app's connections",
            "at_s": round(time.monotonic() - t0, 1),
            "detail": f"{killed} connections",
        }
    )


async def run(
    args: argparse.Namespace, stack: Any, url: str, exam_id: int, tokens: list[str]
) -> tuple[exam_day.Exam, common.Recorder, list[dict[str, Any]], list[dict[str, Any]]]:
    recorder = common.Recorder()
    client = common.Client(stack.base, recorder, connections=128, max_tries=10, max_backoff=4.0)
    ns = argparse.Namespace(
        start_window=5.0,
        submit_jitter=3.0,
        change_rate=0.25,
        reload_rate=0.1,
        resume_rate=0.05,
        minutes=args.minutes,
    )
    exam = exam_day.Exam(ns, client, exam_id)
    t0 = time.monotonic() + 1.0
    recorder.t0 = t0
    log: list[dict[str, Any]] = []
    slow_log: list[dict[str, Any]] = []
    students = [exam.student(i, token, t0 + (i % 50) * 0.1) for i, token in enumerate(tokens)]
    try:
        await asyncio.wait_for(
            asyncio.gather(
                slow_pressure(stack.port, t0, args, slow_log),
                faults(stack, url, t0, args.at, log),
                *students,
            ),
            timeout=args.minutes * 60 + 180,
        )
    finally:
        await client.close()
    return exam, recorder, slow_log, log


def slow_window(samples: list[common.Sample], entry: dict[str, Any]) -> dict[str, Any]:
    """The normal requests sent while the slow clients held on."""
    begin, end = entry["at_s"] + 1.0, entry["at_s"] + entry["span_s"]
    rows = sorted(s.latency for s in samples if begin <= s.start <= end)
    failed = sum(1 for s in samples if begin <= s.start <= end and s.status not in (200, 201))
    return {
        "requests": len(rows),
        "failed_after_retries": failed,
        "retried": sum(1 for s in samples if begin <= s.start <= end and s.tries > 1),
        "p50_ms": round(1000 * common.percentile(rows, 0.5), 1),
        "p99_ms": round(1000 * common.percentile(rows, 0.99), 1),
        "max_ms": round(1000 * (rows[-1] if rows else 0.0), 1),
    }


def main() -> int:
    args = parse_args()
    signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(SystemExit("global timeout")))
    signal.alarm(int(args.timeout))
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # 500 slow sockets and more
    out = Path(args.out)
    scratch = out / "scratch"
    scratch.mkdir(parents=True, exist_ok=True)
    load_before = common.load_average()
    base = pgcluster.start()
    stack = None
    try:
        url = common.fresh_database(base, "oe_bench_faults")
        secret = common.new_secret()
        seeded = common.seed(url, args.students, args.questions, args.minutes, secret)
        tokens = [common.mint_token(secret, uid) for uid, _ in seeded.students]
        stack = common.start_stack(
            common.server_env(url, secret), scratch, instances=args.instances
        )
        print(
            f"faults: {args.students} students, {args.questions} questions, "
            f"{args.minutes} min, through nginx -> {args.instances} instances; "
            f"{args.slow_clients} slow clients at {args.slow_at} s for {args.slow_seconds} s; "
            f"faults at {args.at} s",
            flush=True,
        )
        exam, recorder, slow_log, log = asyncio.run(run(args, stack, url, seeded.exam_id, tokens))
        restarts = [m.restarts for m in stack.members]
        stack.stop()
        verification = common.verify(
            url, seeded.exam_id, [u for u, _ in seeded.students], exam.acked, exam.submitted
        )
    finally:
        if stack is not None:
            stack.stop()
        if not args.keep_cluster:
            pgcluster.stop()
    for entry in log:
        entry["clients_in_next_10_s"] = window(recorder.samples, entry["at_s"])
    slow_entry = slow_log[0] if slow_log else None
    slow_stats = slow_window(recorder.samples, slow_entry) if slow_entry else None
    stats = common.summarize(recorder.samples)
    failed = sum(s["errors"] for s in stats.values())
    checks = {
        "0 lost acknowledged answers": verification["lost"] == 0
        and verification["changed"] == 0
        and verification["ungraded"] == 0,
        "every attempt submitted exactly once": verification["attempt_states"]
        == {"submitted": args.students}
        and verification["students_with_several_attempts"] == 0
        and verification["submit_result_mismatch"] == 0,
        "0 failed requests after retries": failed == 0 and not exam.problems,
        "slow clients: normal p99 < 1 s, 0 errors": slow_stats is not None
        and slow_stats["p99_ms"] < TARGET_P99_MS
        and slow_stats["failed_after_retries"] == 0,
    }
    ok = all(checks.values())
    result = {
        "config": vars(args),
        "load_before": load_before,
        "load_after": common.load_average(),
        "slow_clients": {**(slow_entry or {}), "normal_requests": slow_stats},
        "faults": log,
        "instance_restarts": restarts,
        "operations": stats,
        "verification": verification,
        "checks": checks,
        "problems": exam.problems[:50],
        "ok": ok,
    }
    (out / "faults.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = [
        f"# Slow clients and faults mid-exam: {'all checks passed' if ok else 'FAILED'}",
        "",
        f"{args.students} students, {args.questions} questions, {args.minutes} min time limit, "
        f"through nginx -> {args.instances} app instances (deploy/, `make serve-prod`); "
        f"load average before {load_before}, after {result['load_after']}.",
        "",
    ]
    if slow_entry and slow_stats:
        d = slow_entry["detail"]
        lines += [
            f"**{args.slow_clients} slow clients** from {slow_entry['at_s']} s for "
            f"{slow_entry['span_s']} s (headers: {d['headers']['connections']} connections, "
            f"{d['headers']['closed_by_server']} cut by nginx's client_header_timeout and "
            f"reopened; bodies: {d['body']['connections']} connections, "
            f"{d['body']['closed_by_server']} cut): the exam's normal requests in that window "
            f"— {slow_stats['requests']} requests, p50 {slow_stats['p50_ms']} ms, "
            f"**p99 {slow_stats['p99_ms']} ms**, max {slow_stats['max_ms']} ms, "
            f"**{slow_stats['failed_after_retries']} failed**, {slow_stats['retried']} retried.",
            "",
        ]
    lines += [
        "| fault | at (s) | detail | requests in the next 10 s | retried "
        "| failed after retries | max latency ms |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    for e in log:
        w = e["clients_in_next_10_s"]
        lines.append(
            f"| {e['fault']} | {e['at_s']} | {e['detail']} | {w['requests']} | {w['retried']} | "
            f"{w['failed_after_retries']} | {w['max_latency_ms']} |"
        )
    lines += [
        "",
        f"Instances started again by the supervisor: {restarts}.",
        "",
        "| operation | count | errors after retries | retried | p50 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for op, s in stats.items():
        lines.append(
            f"| {op} | {s['count']} | {s['errors']} | {s['retried']} | {s['p50_ms']} | "
            f"{s['p99_ms']} | {s['max_ms']} |"
        )
    v = verification
    lines += [
        "",
        f"Verified in the database: {v['acknowledged_answers']} acknowledged answers, lost "
        f"{v['lost']}, changed {v['changed']}, ungraded {v['ungraded']}; "
        f"attempts {v['attempt_states']} "
        f"for {v['students']} students ({v['students_with_several_attempts']} with several); "
        f"submit answers not matching the database {v['submit_result_mismatch']}.",
        "",
        "Checks: " + "; ".join(f"{k}: {'passed' if v else 'FAILED'}" for k, v in checks.items()),
    ]
    if exam.problems:
        lines += ["", "Problems:", *[f"- {p}" for p in exam.problems[:20]]]
    (out / "faults.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines), flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
