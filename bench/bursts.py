"""The two exam-day bursts alone, per gunicorn configuration: everyone starts, everyone submits.

    .venv/bin/python bench/bursts.py [--students 3000] [--window 10] [--configs NAME ...]

For each configuration: a fresh oe_bench_bursts database (an exam of 20 questions, N students),
the production server with those settings, then
1. the start burst: every student starts the exam once, at a random moment within --window
   seconds (open loop: arrivals do not wait for answers);
2. every attempt gets an answer to each question, inserted straight into the database (the
   autosaves are not what is measured here);
3. the deadline burst: every student submits (grading 20 answers), again within --window s.
Reported per burst: latency percentiles, errors, and the server's CPU per request (gunicorn
workers + PostgreSQL backends, from /proc). Loopback only; writes bench/results/bursts.{json,md}.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

import psycopg

import common
import exam_day

CONFIGS: dict[str, dict[str, str]] = {
    "gthread 2x1": {"GUNICORN_THREADS": "1"},
    "gthread 2x2 (default)": {},
    "gthread 2x4": {"GUNICORN_THREADS": "4"},
    "gthread 3x1": {"GUNICORN_WORKERS": "3", "GUNICORN_THREADS": "1"},
    "gthread 2x2, Python's GC settings": {"APP_GC": "default"},
}


async def burst(
    base: str, op: str, paths: list[str], tokens: list[str], body: Any, window: float
) -> tuple[common.Recorder, list[tuple[int, Any]]]:
    """Each request sent at a random moment within `window` seconds."""
    recorder = common.Recorder()
    client = common.Client(base, recorder, connections=1024)
    rng = random.Random(1)
    t0 = time.monotonic()
    answers: list[tuple[int, Any]] = [(0, None)] * len(paths)

    async def one(i: int) -> None:
        await asyncio.sleep(max(0.0, rng.uniform(0, window) - (time.monotonic() - t0)))
        answers[i] = await client.call(op, "POST", paths[i], tokens[i], body)

    await asyncio.gather(*(one(i) for i in range(len(paths))))
    await client.close()
    return recorder, answers


def answer_every_question(url: str, attempts: list[dict[str, Any]]) -> None:
    rng = random.Random(2)
    rows = []
    for attempt in attempts:
        for question in attempt["questions"]:
            answer = exam_day.answer_for(question, rng)
            rows.append(
                (
                    attempt["id"],
                    question["id"],
                    json.dumps(answer.get("selected_ids", [])),
                    answer.get("text"),
                    answer.get("number"),
                )
            )
    with psycopg.connect(url, autocommit=True) as conn, conn.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO responses (attempt_id, question_id, selected_ids, text, number, "
            "client_seq, saved_at) VALUES (%s, %s, %s, %s, %s, 1, now())",
            rows,
        )


def measure(
    op: str, server: common.Server, url: str, run: Any, students: int
) -> tuple[dict[str, Any], list[tuple[int, Any]]]:
    meter = common.CpuMeter(server, url)
    meter.start()
    recorder, answers = asyncio.run(run)
    used = meter.stop()
    stats = common.summarize(recorder.samples)[op]
    stats["app_cpu_ms_per_request"] = round(1000 * used["app_cpu_s"] / students, 2)
    stats["db_cpu_ms_per_request"] = round(1000 * used["db_cpu_s"] / students, 2)
    return stats, answers


def run_config(args: argparse.Namespace, name: str, extra: dict[str, str]) -> dict[str, Any]:
    url = common.fresh_database(args.pg, "oe_bench_bursts")
    secret = common.new_secret()
    seeded = common.seed(url, args.students, 20, 60, secret)
    tokens = [common.mint_token(secret, uid) for uid, _ in seeded.students]
    server = common.start_server(
        "online_exam.wsgi:app",
        common.server_env(url, secret, extra),
        Path(args.out) / "scratch" / "bursts.log",
    )
    try:
        start_path = f"/api/exams/{seeded.exam_id}/attempts"
        start, answers = measure(
            "start",
            server,
            url,
            burst(server.base, "start", [start_path] * args.students, tokens, None, args.window),
            args.students,
        )
        attempts = [data for status, data in answers if status in (200, 201)]
        if len(attempts) != args.students:
            raise SystemExit(f"{name}: {args.students - len(attempts)} starts failed")
        answer_every_question(url, attempts)
        time.sleep(2)
        submit_paths = [f"/api/attempts/{a['id']}/submit" for a in attempts]
        submit, answers = measure(
            "submit",
            server,
            url,
            burst(server.base, "submit", submit_paths, tokens, {"responses": []}, args.window),
            args.students,
        )
        graded = sum(
            1 for status, data in answers if status == 200 and data["state"] == "submitted"
        )
    finally:
        server.stop()
    return {"start": start, "submit": submit, "graded": graded, "load": common.load_average()}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--students", type=int, default=3000)
    p.add_argument("--window", type=float, default=10.0)
    p.add_argument("--configs", nargs="*", default=None, help=f"of {list(CONFIGS)}")
    p.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    p.add_argument("--out", default=str(common.RESULTS))
    args = p.parse_args()
    names = args.configs or list(CONFIGS)
    load_before = common.load_average()
    results = {}
    for name in names:
        results[name] = row = run_config(args, name, CONFIGS[name])
        print(
            f"{name:34s} start p99 {row['start']['p99_ms']} ms, "
            f"{row['start']['app_cpu_ms_per_request']} ms CPU | submit p99 "
            f"{row['submit']['p99_ms']} ms, {row['submit']['app_cpu_ms_per_request']} ms CPU",
            flush=True,
        )
    lines = [
        f"# The start and deadline bursts alone: {args.students} students within "
        f"{args.window:.0f} s",
        "",
        f"{common.machine()['when']}; load average before {load_before}, after "
        f"{common.load_average()} (2 shared CPUs). Each burst: every student once, at a random "
        "moment within the window; the submit grades 20 answers. CPU ms per request = gunicorn "
        "workers + PostgreSQL backends.",
        "",
        "| settings | start p50 / p99 ms | start CPU ms | submit p50 / p99 ms | submit CPU ms "
        "| errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, row in results.items():
        start, submit = row["start"], row["submit"]
        lines.append(
            f"| {name} | {start['p50_ms']} / {start['p99_ms']} | "
            f"{start['app_cpu_ms_per_request']} + {start['db_cpu_ms_per_request']} | "
            f"{submit['p50_ms']} / {submit['p99_ms']} | "
            f"{submit['app_cpu_ms_per_request']} + {submit['db_cpu_ms_per_request']} | "
            f"{start['errors'] + submit['errors']} |"
        )
    common.write_report(Path(args.out), "bursts", results, lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
