"""CPU per request on the exam-day hot paths, before and after, in one run (issue 19, item 2).

    .venv/bin/python bench/hotpaths_inprocess.py --before-src ../cpu-before/backend/src \
        [--students 200] [--saves 2000] [--repeats 2]

For each code tree (--before-src, then this checkout's; the order alternates between
repeats, so a change in the machine's load hits both) a child process with its own fresh
database (oe_bench_cpu_<label>, the new exam shape: nine kinds and random slots) measures
in-process (Flask test client: no server, no network): every student starts, --saves
autosaves spread over the attempts, the teacher's live view built in full (200) and
answered 304, every student submits; and as references in the same process, bare Flask's
echo endpoint and the floor (bare Flask + one durable upsert, bench/bare_app.py). CPU is
this process's (time.process_time; PostgreSQL's CPU is not counted), mean per request.
Writes bench/results/hotpaths-inprocess.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
from loads import InProcessExam, timed

OPS = ("start", "autosave", "submit", "live_200", "live_304", "bare", "floor")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--students", type=int, default=200)
    p.add_argument("--questions", type=int, default=20)
    p.add_argument("--saves", type=int, default=2000)
    p.add_argument("--views", type=int, default=20, help="full live views (5x as many 304s)")
    p.add_argument("--bare", type=int, default=2000, help="bare Flask and floor requests")
    p.add_argument("--repeats", type=int, default=2)
    p.add_argument(
        "--pg",
        default=os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
    )
    p.add_argument("--db", default="oe_bench_cpu")
    p.add_argument("--before-src", help="another backend/src (e.g. a checkout of main)")
    p.add_argument("--child", help=argparse.SUPPRESS)  # the label of the code measured
    p.add_argument("--out", default=str(common.RESULTS))
    p.add_argument("--name", default="hotpaths-inprocess", help="results file name (no suffix)")
    return p.parse_args(argv)


def measure(args: argparse.Namespace, label: str) -> dict[str, Any]:
    import online_exam  # first: from PYTHONPATH (--before-src) if set, before seed() adds ours

    url = common.fresh_database(args.pg, f"{args.db}_{label}")
    secret = common.new_secret()
    seeded = common.seed(url, args.students, args.questions, 60, secret, shape="new")
    os.environ.update(common.server_env(url, secret))
    os.environ["BARE_DATABASE_URL"] = url
    from online_exam import create_app

    import bare_app

    bare_app.create_floor_table(url)
    app = create_app({"RATELIMIT_ENABLED": False})
    client = app.test_client()
    bare = bare_app.app.test_client()
    tokens = [common.mint_token(secret, uid) for uid, _ in seeded.students]
    exam = InProcessExam(client, seeded.exam_id, tokens)
    views = exam.views
    result: dict[str, Any] = {"code": str(Path(online_exam.__file__).parent)}

    def bare_echo(i: int) -> None:
        r = bare.put(f"/api/bare/1/{i}", json={"selected_ids": [1], "seq": i})
        assert r.status_code == 200

    def floor(i: int) -> None:
        r = bare.put(f"/api/bare-db/{i % 500}/{i % 20}", json={"selected_ids": [1], "seq": i})
        assert r.status_code == 200

    result["bare"] = timed(args.bare, bare_echo)
    result["floor"] = timed(args.bare, floor)

    result["start"] = timed(len(tokens), exam.start)
    result["autosave"] = timed(args.saves, exam.saver(random.Random(7), seq_base=1))
    _, full, unchanged = exam.live(secret, seeded.author_id)
    result["live_200"] = timed(args.views, full)
    result["live_304"] = timed(args.views * 5, unchanged)

    def submit(i: int) -> None:
        r = client.post(
            f"/api/attempts/{views[i]['id']}/submit",
            json={"responses": []},
            headers={"Authorization": f"Bearer {tokens[i]}"},
        )
        assert r.status_code == 200, r.json
        assert r.json["state"] == "submitted"

    result["submit"] = timed(len(views), submit)
    with app.app_context():
        from online_exam.extensions import db

        db.engine.dispose()
    return result


def run_child(args: argparse.Namespace, label: str, src: str) -> dict[str, Any]:
    child = subprocess.run(
        [sys.executable, __file__, "--child", label, *sys.argv[1:]],
        env={**os.environ, "PYTHONPATH": src},
        capture_output=True,
        text=True,
        check=False,
    )
    if child.returncode != 0:
        sys.exit(f"{label} failed:\n{child.stderr[-4000:]}")
    return dict(json.loads(child.stdout.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        print(json.dumps(measure(args, args.child)))
        return 0
    report: dict[str, Any] = {"machine": common.machine(), "config": vars(args)}
    trees = {"after": str(common.BACKEND / "src")}
    if args.before_src:
        trees = {"before": str(Path(args.before_src).resolve()), **trees}
    runs: list[dict[str, Any]] = []
    for repeat in range(args.repeats):
        order = list(trees) if repeat % 2 == 0 else list(reversed(trees))
        run: dict[str, Any] = {"repeat": repeat + 1, "load_before": common.load_average()}
        for label in order:
            run[label] = run_child(args, label, trees[label])
            print(f"repeat {repeat + 1} {label}: {run[label]}", flush=True)
        run["load_after"] = common.load_average()
        runs.append(run)
    report["runs"] = runs
    summary: dict[str, dict[str, float]] = {}
    for label in trees:
        summary[label] = {
            op: round(statistics.median(r[label][op]["cpu_mean_ms"] for r in runs), 3) for op in OPS
        }
    report["summary_cpu_ms"] = summary
    report["machine"]["load_after"] = common.load_average()
    common.write_report(Path(args.out), args.name, report, markdown(report))
    return 0


def markdown(report: dict[str, Any]) -> list[str]:
    cfg, machine, summary = report["config"], report["machine"], report["summary_cpu_ms"]
    lines = [
        "# In-process CPU per request on the exam-day hot paths",
        "",
        f"Run {machine['when']}, load average before {machine['load_before']}, after "
        f"{machine['load_after']} ({machine['cpus']} CPUs, shared). Flask test client in one "
        f"process against PostgreSQL, the new exam shape ({cfg['questions']} questions per "
        f"attempt: nine kinds, random slots), {cfg['students']} students, {cfg['saves']} "
        f"autosaves, {cfg['views']} full live views and {cfg['views'] * 5} answered 304; "
        f"median over {cfg['repeats']} repeats (order alternating) of the mean CPU ms per "
        "request of this process (PostgreSQL's CPU is not counted).",
        "",
    ]
    if "before" in summary:
        lines += [
            "| request | before CPU ms | after CPU ms | after/before |",
            "|---|---:|---:|---:|",
        ]
        for op in OPS:
            b, a = summary["before"][op], summary["after"][op]
            lines.append(f"| {op} | {b} | {a} | {a / b:.2f} |")
        after = summary["after"]
        lines += [
            "",
            f"After: autosave = {after['autosave'] / after['floor']:.2f}x the floor's CPU, "
            f"{after['autosave'] / after['bare']:.2f}x bare Flask's; start = "
            f"{after['start'] / after['autosave']:.2f}x an autosave, submit = "
            f"{after['submit'] / after['autosave']:.2f}x an autosave.",
        ]
    else:
        lines += ["| request | CPU ms |", "|---|---:|"]
        lines += [f"| {op} | {summary['after'][op]} |" for op in OPS]
    lines += ["", "Per run (wall p50 / CPU mean, ms):", ""]
    for run in report["runs"]:
        for label in (k for k in ("before", "after") if k in run):
            cells = ", ".join(
                f"{op} {run[label][op]['wall_p50_ms']}/{run[label][op]['cpu_mean_ms']}"
                for op in OPS
            )
            lines.append(f"- repeat {run['repeat']} {label}: {cells}")
    return lines


if __name__ == "__main__":
    sys.exit(main())
