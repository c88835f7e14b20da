"""The live view's cost and the exam-day paths it must not slow down, in-process.

    .venv/bin/python bench/live_inprocess.py [--students 3000] [--before-src DIR]

A fresh oe_bench_live database: the exam-day exam (20 questions) and --students students,
each with an attempt started through the app (the start burst, timed) and --answered answers
inserted in bulk. Then, in this process (Flask test client, no server, no network): the
autosave (--saves requests over the students' attempts), the live view built in full (no
If-None-Match) and answered 304 (the tag matches), --views times each; wall and CPU time per
request (this process; PostgreSQL's CPU is not counted). With --before-src (e.g. an export of
main's backend/src), the same start and autosave measurement runs first with that code in a
child process, on its own fresh database: before/after. Writes
bench/results/live-inprocess.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
from loads import InProcessExam, answer_for, timed


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--students", type=int, default=3000)
    p.add_argument("--questions", type=int, default=20)
    p.add_argument("--answered", type=int, default=12, help="answers stored per attempt")
    p.add_argument("--saves", type=int, default=2000)
    p.add_argument("--views", type=int, default=30)
    p.add_argument(
        "--pg",
        default=os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
    )
    p.add_argument("--db", default="oe_bench_live")
    p.add_argument("--before-src", help="another backend/src to measure start and autosave with")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--out", default=str(common.RESULTS))
    return p.parse_args(argv)


def measure(args: argparse.Namespace) -> dict[str, Any]:
    import online_exam  # first: from PYTHONPATH (--before-src) if set, before seed() adds ours

    url = common.fresh_database(args.pg, args.db)
    secret = common.new_secret()
    seeded = common.seed(url, args.students, args.questions, 60, secret)
    os.environ.update(common.server_env(url, secret))
    from online_exam import create_app
    from online_exam.attempts.models import Response
    from online_exam.extensions import db
    from sqlalchemy import insert

    app = create_app({"RATELIMIT_ENABLED": False})
    client = app.test_client()
    tokens = [common.mint_token(secret, uid) for uid, _ in seeded.students]
    exam = InProcessExam(client, seeded.exam_id, tokens)
    result: dict[str, Any] = {"code": str(Path(online_exam.__file__).parent)}
    result["start"] = timed(len(tokens), exam.start)
    rng = random.Random(7)
    now = datetime.now(UTC)
    rows = []
    for view in exam.views:
        for question in rng.sample(view["questions"], args.answered):
            answer = answer_for(question, rng)
            rows.append(
                {
                    "attempt_id": view["id"],
                    "question_id": question["id"],
                    "client_seq": 1,
                    "saved_at": now - timedelta(seconds=rng.uniform(0, 600)),
                    "selected_ids": answer.get("selected_ids", []),
                    "text": answer.get("text"),
                    "number": answer.get("number"),
                }
            )
    with app.app_context():
        db.session.execute(insert(Response), rows)
        db.session.commit()

    result["autosave"] = timed(args.saves, exam.saver(rng, seq_base=100))
    try:
        import online_exam.live  # absent before issue 14
    except ImportError:
        return result
    first, full, unchanged = exam.live(secret, seeded.author_id)
    result["live_students"] = len(first.json["students"])
    result["live_body_bytes"] = len(first.data)

    result["live_200"] = timed(args.views, full)
    result["live_304"] = timed(args.views * 5, unchanged)
    with app.app_context():
        db.engine.dispose()
    return result


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        print(json.dumps(measure(args)))
        return 0
    report: dict[str, Any] = {"machine": common.machine(), "config": vars(args)}
    if args.before_src:
        child = subprocess.run(
            [sys.executable, __file__, "--child", *sys.argv[1:]],
            env={**os.environ, "PYTHONPATH": args.before_src},
            capture_output=True,
            text=True,
            check=True,
        )
        report["before"] = json.loads(child.stdout.strip().splitlines()[-1])
    report["after"] = measure(args)
    report["machine"]["load_after"] = common.load_average()
    lines = [
        f"# In-process: start, autosave and the live view ({args.students} students)",
        "",
        f"Run {report['machine']['when']}, load average before {report['machine']['load_before']}"
        f", after {report['machine']['load_after']} ({report['machine']['cpus']} CPUs, shared); "
        "Flask test client in one process against PostgreSQL; CPU = this process only.",
        "",
        "| request | code | calls | wall p50 ms | wall p99 ms | CPU ms (mean) |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for label in ("before", "after"):
        for op, s in report.get(label, {}).items():
            if isinstance(s, dict):
                lines.append(
                    f"| {op} | {label} | {s['calls']} | {s['wall_p50_ms']} | {s['wall_p99_ms']} "
                    f"| {s['cpu_mean_ms']} |"
                )
    after = report["after"]
    if "live_students" in after:
        lines += [
            "",
            f"The live view lists {after['live_students']} students "
            f"({after['live_body_bytes'] // 1024} KiB of JSON).",
        ]
    common.write_report(Path(args.out), "live-inprocess", report, lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
