"""Start, autosave and submit with the old exam shape against the new one, in one process.

    .venv/bin/python bench/shapes_inprocess.py [--students 150] [--repeats 2]

A fresh oe_bench_shapes database with two timed exams of --questions questions per attempt
(common.seed, extra_shapes): "old", the five original kinds, all fixed; "new", the nine kinds
(essay, matching, ordering, cloze too) with 2 random slots of 3 drawn at each start from pools
of 10 bank questions. Then in this process (Flask test client: no server, no network), per
repeat and for each shape in turn (the order alternates between repeats, so a change in the
machine's load hits both): every student starts, answers every question of their attempt in
its shape (loads.answer_for, from the start's public view), and submits. Wall and CPU per
request (this process only; PostgreSQL's CPU is not counted), and the bare Flask endpoint of
bench/bare_app.py through the same test client as the reference. Every answer is verified in
the database afterwards (common.verify). Writes bench/results/shapes-inprocess.{json,md}.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
from common import Ack
from loads import answer_for, timed

OPS = ("start", "autosave", "submit")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--students", type=int, default=150, help="per repeat (each sits both exams)")
    p.add_argument("--questions", type=int, default=20, help="per attempt, both shapes")
    p.add_argument("--repeats", type=int, default=2)
    p.add_argument("--bare", type=int, default=3000, help="bare Flask requests per repeat")
    p.add_argument(
        "--pg",
        default=os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
    )
    p.add_argument("--db", default="oe_bench_shapes")
    p.add_argument("--out", default=str(common.RESULTS))
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    report: dict[str, Any] = {"machine": common.machine(), "config": vars(args)}
    url = common.fresh_database(args.pg, args.db)
    secret = common.new_secret()
    seeded = common.seed(
        url,
        args.students * args.repeats,
        args.questions,
        60,
        secret,
        extra_shapes=common.SHAPES,
    )
    os.environ.update(common.server_env(url, secret))
    from online_exam import create_app

    import bare_app

    app = create_app({"RATELIMIT_ENABLED": False})
    client = app.test_client()
    bare = bare_app.app.test_client()
    tokens = [common.mint_token(secret, uid) for uid, _ in seeded.students]
    acked: dict[str, dict[tuple[int, int], Ack]] = {s: {} for s in common.SHAPES}
    submitted: dict[str, dict[int, dict[str, Any]]] = {s: {} for s in common.SHAPES}
    runs: list[dict[str, Any]] = []

    def run_shape(shape: str, batch: list[str]) -> dict[str, Any]:
        exam_id = seeded.shape_exam_ids[shape]
        views: list[dict[str, Any]] = []

        def start(i: int) -> None:
            r = client.post(
                f"/api/exams/{exam_id}/attempts",
                headers={"Authorization": f"Bearer {batch[i]}"},
            )
            assert r.status_code == 201, r.json
            views.append(r.json)

        out = {"start": timed(len(batch), start)}
        saves = [(k, q) for k, view in enumerate(views) for q in view["questions"]]
        random.Random(len(runs)).shuffle(saves)
        rng = random.Random(7)

        def save(i: int) -> None:
            k, question = saves[i]
            view = views[k]
            r = client.put(
                f"/api/attempts/{view['id']}/responses/{question['id']}",
                json={**answer_for(question, rng), "seq": 1},
                headers={"Authorization": f"Bearer {batch[k]}"},
            )
            assert r.status_code == 200, r.json
            acked[shape][(view["id"], question["id"])] = Ack.of(r.json)

        out["autosave"] = timed(len(saves), save)

        def submit(i: int) -> None:
            r = client.post(
                f"/api/attempts/{views[i]['id']}/submit",
                json={"responses": []},
                headers={"Authorization": f"Bearer {batch[i]}"},
            )
            assert r.status_code == 200, r.json
            submitted[shape][views[i]["id"]] = {
                "state": r.json["state"],
                "score": r.json["result"]["score"],
            }

        out["submit"] = timed(len(views), submit)
        out["question_types"] = sorted({q["type"] for v in views for q in v["questions"]})
        out["distinct_draws"] = len({tuple(sorted(q["id"] for q in v["questions"])) for v in views})
        return out

    def bare_loop(i: int) -> None:
        r = bare.put(f"/api/bare/1/{i}", json={"selected_ids": [1], "seq": i})
        assert r.status_code == 200

    for repeat in range(args.repeats):
        batch = tokens[repeat * args.students : (repeat + 1) * args.students]
        order = common.SHAPES if repeat % 2 == 0 else tuple(reversed(common.SHAPES))
        run: dict[str, Any] = {"repeat": repeat + 1, "load_before": common.load_average()}
        run["bare"] = timed(args.bare, bare_loop)
        for shape in order:
            run[shape] = run_shape(shape, batch)
            print(f"repeat {repeat + 1} {shape}: {run[shape]}", flush=True)
        run["load_after"] = common.load_average()
        runs.append(run)
    report["runs"] = runs
    report["verification"] = {
        shape: common.verify(
            url,
            seeded.shape_exam_ids[shape],
            [uid for uid, _ in seeded.students],
            acked[shape],
            submitted[shape],
        )
        for shape in common.SHAPES
    }
    report["machine"]["load_after"] = common.load_average()
    common.write_report(Path(args.out), "shapes-inprocess", report, markdown(report))
    return 0


def markdown(report: dict[str, Any]) -> list[str]:
    m, cfg = report["machine"], report["config"]
    lines = [
        f"# Old exam shape against the new one, in-process ({cfg['students']} students x "
        f"{cfg['repeats']} repeats, {cfg['questions']} questions per attempt)",
        "",
        f"Run {m['when']} on {m['cpus']} CPUs shared with other work, load average before "
        f"{m['load_before']}, after {m['load_after']}. Flask test client in one process against "
        "PostgreSQL on the same machine; CPU = this process only (the app's Python), per "
        "request. old = the five original kinds, all fixed; new = essay, matching, ordering "
        f"and cloze among the nine kinds, {common.SLOTS} random slots of {common.SLOT_COUNT} "
        f"from pools of {common.SLOT_POOL} drawn at each start. Every student answers every "
        "question of their attempt once, then submits.",
        "",
        "| repeat (load before) | request | old CPU ms | new CPU ms | new/old | old wall p50 "
        "| new wall p50 | new wall p99 | bare Flask CPU ms | new / bare |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in report["runs"]:
        bare = run["bare"]["cpu_mean_ms"]
        for op in OPS:
            old, new = run["old"][op], run["new"][op]
            lines.append(
                f"| {run['repeat']} ({run['load_before'][0]}) | {op} | {old['cpu_mean_ms']} | "
                f"{new['cpu_mean_ms']} | {new['cpu_mean_ms'] / old['cpu_mean_ms']:.2f} | "
                f"{old['wall_p50_ms']} | {new['wall_p50_ms']} | {new['wall_p99_ms']} | {bare} | "
                f"{new['cpu_mean_ms'] / bare:.0f}x |"
            )
    last = report["runs"][-1]["new"]
    lines += [
        "",
        f"New shape: question types seen {last['question_types']}; "
        f"{last['distinct_draws']} distinct draws among {cfg['students']} starts.",
        "",
        "Verified in the database (common.verify):",
        "",
    ]
    for shape, v in report["verification"].items():
        lines.append(
            f"- {shape}: {v['acknowledged_answers']} acknowledged answers, lost {v['lost']}, "
            f"changed {v['changed']}, ungraded {v['ungraded']}, by type "
            f"{v['acknowledged_by_type']}; essays not marked awaiting grading "
            f"{v['essays_not_awaiting_grading']}, attempts awaiting grading "
            f"{v['attempts_awaiting_grading']}; states {v['attempt_states']}, wrong scores "
            f"{v['wrong_score']}, submit answers not matching {v['submit_result_mismatch']}."
        )
    return lines


if __name__ == "__main__":
    sys.exit(main())
