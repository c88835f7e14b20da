"""Faults mid-exam, then the same database verification as the exam-day run.

    .venv/bin/python bench/faults.py            (what `make bench-faults` runs)

On a throwaway PostgreSQL cluster (bench/pgcluster.py, 127.0.0.1:5499 — the shared server is
never restarted), with the production server (gunicorn, backend/gunicorn.conf.py), a smaller
exam runs and, while students are autosaving:

1. kill -9 one gunicorn worker (the master starts a new one);
2. restart PostgreSQL (pg_ctl restart -m fast: every connection is cut, the server is down
   for a moment);
3. pg_terminate_backend() on every connection of the app.

Clients retry idempotently with backoff (autosave and submit are idempotent; start resumes).
Afterwards every acknowledged answer must be stored and graded, and every student must have
exactly one attempt, submitted once. Results: bench/results/faults.{json,md}.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
import exam_day
import pgcluster


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--students", type=int, default=int(os.environ.get("FAULT_STUDENTS", "400")))
    p.add_argument("--questions", type=int, default=10)
    p.add_argument("--minutes", type=int, default=2)
    p.add_argument(
        "--at",
        type=float,
        nargs=3,
        default=[25.0, 50.0, 75.0],
        metavar=("KILL", "RESTART", "TERMINATE"),
        help="seconds after the exam opens at which each fault happens",
    )
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


async def faults(
    server: common.Server, url: str, t0: float, at: list[float], log: list[dict[str, Any]]
) -> None:
    async def until(offset: float) -> None:
        await asyncio.sleep(max(0.0, t0 + offset - time.monotonic()))

    await until(at[0])
    workers = server.worker_pids()
    victim = workers[0]
    os.kill(victim, signal.SIGKILL)
    log.append(
        {
            "fault": "kill -9 gunicorn worker",
            "at_s": round(time.monotonic() - t0, 1),
            "detail": f"pid {victim} of {workers}",
        }
    )

    await until(at[1])
    start = time.monotonic()
    await asyncio.to_thread(pgcluster.restart)
    log.append(
        {
            "fault": "restart PostgreSQL (pg_ctl restart -m fast)",
            "at_s": round(start - t0, 1),
            "detail": f"took {time.monotonic() - start:.1f} s",
        }
    )

    await until(at[2])
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
    args: argparse.Namespace, server: common.Server, url: str, exam_id: int, tokens: list[str]
) -> tuple[exam_day.Exam, common.Recorder, list[dict[str, Any]]]:
    recorder = common.Recorder()
    client = common.Client(server.base, recorder, connections=128, max_tries=10, max_backoff=4.0)
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
    students = [exam.student(i, token, t0 + (i % 50) * 0.1) for i, token in enumerate(tokens)]
    try:
        await asyncio.wait_for(
            asyncio.gather(faults(server, url, t0, args.at, log), *students),
            timeout=args.minutes * 60 + 180,
        )
    finally:
        await client.close()
    return exam, recorder, log


def main() -> int:
    args = parse_args()
    signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(SystemExit("global timeout")))
    signal.alarm(int(args.timeout))
    out = Path(args.out)
    (out / "scratch").mkdir(parents=True, exist_ok=True)
    load_before = common.load_average()
    base = pgcluster.start()
    server = None
    try:
        url = common.fresh_database(base, "oe_bench_faults")
        secret = common.new_secret()
        seeded = common.seed(url, args.students, args.questions, args.minutes, secret)
        tokens = [common.mint_token(secret, uid) for uid, _ in seeded.students]
        server = common.start_server(
            "online_exam.wsgi:app",
            common.server_env(url, secret),
            out / "scratch" / "faults-server.log",
        )
        print(
            f"faults: {args.students} students, {args.questions} questions, "
            f"{args.minutes} min; faults at {args.at} s",
            flush=True,
        )
        exam, recorder, log = asyncio.run(run(args, server, url, seeded.exam_id, tokens))
        server.stop()
        verification = common.verify(
            url, seeded.exam_id, [u for u, _ in seeded.students], exam.acked, exam.submitted
        )
    finally:
        if server is not None:
            server.stop()
        if not args.keep_cluster:
            pgcluster.stop()
    for entry, at in zip(log, args.at, strict=False):
        entry["clients_in_next_10_s"] = window(recorder.samples, entry["at_s"] if entry else at)
    stats = common.summarize(recorder.samples)
    ok = (
        verification["lost"] == 0
        and verification["changed"] == 0
        and verification["ungraded"] == 0
        and verification["attempt_states"] == {"submitted": args.students}
        and verification["students_with_several_attempts"] == 0
        and verification["submit_result_mismatch"] == 0
        and not exam.problems
    )
    result = {
        "config": vars(args),
        "load_before": load_before,
        "load_after": common.load_average(),
        "faults": log,
        "operations": stats,
        "verification": verification,
        "problems": exam.problems[:50],
        "ok": ok,
    }
    (out / "faults.json").write_text(json.dumps(result, indent=2) + "\n")
    lines = [
        f"# Faults mid-exam: {'nothing lost' if ok else 'FAILED'}",
        "",
        f"{args.students} students, {args.questions} questions, {args.minutes} min time limit; "
        f"load average before {load_before}, after {result['load_after']}.",
        "",
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
    ]
    if exam.problems:
        lines += ["", "Problems:", *[f"- {p}" for p in exam.problems[:20]]]
    (out / "faults.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines), flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
