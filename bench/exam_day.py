"""Exam day: N students on one small server, measured, then verified in the database.

    .venv/bin/python bench/exam_day.py --students 3000          (what `make bench` runs)

1. A fresh database (oe_bench), migrated; an exam (Q questions of all five types, shuffled,
   time limit M minutes) and N students inserted in bulk with one argon2id hash.
2. The production stack of `make serve-prod` (deploy/serve.py): nginx in front of --instances
   (2) app instances (Granian: app_server.py; one worker per core in all), rate limits
   in Redis, APP_ENV=production. Every exam request goes through nginx.
3. Sign-in before the exam: --login-sample students sign in through POST /api/auth/login at
   full argon2id cost (reported on its own line); the others' tokens are minted by the bench
   with the server's key (identical claims) — or everyone signs in with --login-sample N.
4. The exam: every student starts within --start-window seconds (the start answers with the
   attempt view, which the SPA shows without a second load), autosaves every
   answer (some twice) with the think time compressed into the time limit, some reload the
   attempt or resume it with a second start, and each submits at their own deadline.
5. Capacity: closed-loop autosaves (--capacity-clients concurrent clients, --capacity-seconds)
   on a second, untimed exam, through nginx and directly to the instances (the loops split
   over them), --capacity-rounds times each, interleaved: the proxy's cost. Then the same
   loop against bench/bare_app.py on gunicorn with as many workers: the ratio of the app's
   (direct) throughput to bare Flask's, as before the proxy.
6. Verification in the database: every acknowledged answer stored and graded, every student
   exactly one attempt, submitted once. Results: JSON, markdown and a PNG in bench/results/.
7. With --live-teachers N: N teachers (the exam's author's token) poll the live view
   (GET /api/exams/<id>/live) every --live-interval seconds with If-None-Match during the whole
   exam; its latency is reported like the students' requests. After the exam a closed loop
   measures the server CPU (app + PostgreSQL) of one full view and of one 304 on the final
   data, from which the live view's share of the exam's server CPU is estimated.

Loopback only; every phase is bounded in time (--timeout for the whole run).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
from common import Ack, Client, Recorder

TARGET_P99_MS = 1000.0
TARGET_RATIO = 0.5


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    env = os.environ.get
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--students", type=int, default=int(env("BENCH_STUDENTS", "3000")))
    p.add_argument("--questions", type=int, default=int(env("BENCH_QUESTIONS", "20")))
    p.add_argument(
        "--minutes",
        type=int,
        default=int(env("BENCH_MINUTES", "10")),
        help="the exam's time limit (think time is compressed into it)",
    )
    p.add_argument("--start-window", type=float, default=float(env("BENCH_START_WINDOW", "10")))
    p.add_argument(
        "--submit-jitter",
        type=float,
        default=float(env("BENCH_SUBMIT_JITTER", "3")),
        help="students submit within this many seconds before their deadline",
    )
    p.add_argument(
        "--change-rate",
        type=float,
        default=0.25,
        help="share of answers changed once more later (a second autosave)",
    )
    p.add_argument("--reload-rate", type=float, default=0.10, help="students who reload the view")
    p.add_argument("--resume-rate", type=float, default=0.05, help="students who start again")
    p.add_argument(
        "--login-sample",
        type=int,
        default=int(env("BENCH_LOGIN_SAMPLE", "300")),
        help="students who sign in at full argon2id cost (the rest get minted tokens)",
    )
    p.add_argument("--login-concurrency", type=int, default=8)
    p.add_argument(
        "--connections",
        type=int,
        default=int(env("BENCH_CONNECTIONS", "256")),
        help="client connection pool (HTTP keep-alive)",
    )
    p.add_argument("--capacity-clients", type=int, default=int(env("BENCH_CAPACITY_CLIENTS", "32")))
    p.add_argument(
        "--capacity-seconds", type=float, default=float(env("BENCH_CAPACITY_SECONDS", "20"))
    )
    p.add_argument(
        "--load-procs",
        type=int,
        default=int(env("BENCH_LOAD_PROCS", "1")),
        help="load-generator processes for the capacity loops",
    )
    p.add_argument(
        "--capacity-rounds",
        type=int,
        default=int(env("BENCH_CAPACITY_ROUNDS", "2")),
        help="closed loops through nginx and direct, interleaved, this many times each",
    )
    p.add_argument(
        "--instances",
        type=int,
        default=int(env("SERVE_INSTANCES", "2")),
        help="app instances behind nginx",
    )
    p.add_argument(
        "--live-teachers",
        type=int,
        default=int(env("BENCH_LIVE_TEACHERS", "0")),
        help="teachers polling the live view during the exam",
    )
    p.add_argument("--live-interval", type=float, default=float(env("BENCH_LIVE_INTERVAL", "5")))
    p.add_argument(
        "--live-cost-seconds",
        type=float,
        default=10.0,
        help="closed loop per kind (full view, 304) after the exam: CPU per request",
    )
    p.add_argument("--skip-capacity", action="store_true")
    p.add_argument(
        "--shape",
        choices=common.SHAPES,
        default=env("BENCH_SHAPE", "new"),
        help="new: the nine question kinds (essay, matching, ordering, cloze too) and random "
        "slots drawn at each start; old: the five original kinds, all fixed (before/after)",
    )
    p.add_argument(
        "--pg", default=env("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    )
    p.add_argument("--db", default=env("BENCH_DB", "oe_bench"))
    p.add_argument("--out", default=env("BENCH_OUT", str(common.RESULTS)))
    p.add_argument("--tag", default=env("BENCH_TAG", "exam-day"))
    p.add_argument(
        "--profile",
        action="store_true",
        help="py-spy flame graph of the workers during the exam (results/*.svg)",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=float(env("BENCH_TIMEOUT", "1800")),
        help="global bound of the whole run, seconds",
    )
    p.add_argument(
        "--server-env",
        action="append",
        default=[],
        help="KEY=VALUE for the server (e.g. WEB_CONCURRENCY=3, APP_SERVER=gunicorn); repeatable",
    )
    return p.parse_args(argv)


# --------------------------------------------------------------------------- sign-in


async def sign_in(
    base: str, emails: list[str], concurrency: int
) -> tuple[dict[str, str], Recorder]:
    recorder = Recorder()
    client = Client(base, recorder, connections=concurrency)
    tokens: dict[str, str] = {}
    queue: asyncio.Queue[str] = asyncio.Queue()
    for email in emails:
        queue.put_nowait(email)

    async def worker() -> None:
        while not queue.empty():
            email = queue.get_nowait()
            status, data = await client.call(
                "login",
                "POST",
                "/api/auth/login",
                body={"email": email, "password": common.PASSWORD},
            )
            if status == 200:
                tokens[email] = data["access_token"]

    try:
        await asyncio.gather(*(worker() for _ in range(concurrency)))
    finally:
        await client.close()
    return tokens, recorder


from loads import (  # noqa: E402 - the shared load pieces
    answer_for,
    capacity,
    combine,
    nginx_version,
    prepare_capacity,
    proxy_cost,
    server_label,
    server_settings,
    yardsticks,
)


class Exam:
    def __init__(self, args: argparse.Namespace, client: Client, exam_id: int) -> None:
        self.args = args
        self.client = client
        self.exam_id = exam_id
        self.acked: dict[tuple[int, int], Ack] = {}
        self.submitted: dict[int, dict[str, Any]] = {}
        self.problems: list[str] = []
        self.live_statuses: dict[int, int] = {}

    async def teacher(self, token: str, stop: asyncio.Event, offset: float) -> None:
        """A teacher watching the live view: a poll --live-interval seconds after the last
        answer, with its ETag in If-None-Match (as the web app does), until the last student
        is done."""
        etag: str | None = None
        next_at = time.monotonic() + offset
        while True:
            try:
                await asyncio.wait_for(stop.wait(), max(0.0, next_at - time.monotonic()))
                return
            except TimeoutError:
                pass
            seen: dict[str, str] = {}
            status, _ = await self.client.call(
                "live",
                "GET",
                f"/api/exams/{self.exam_id}/live",
                token,
                ok=(200, 304),
                headers={"If-None-Match": etag} if etag else None,
                seen=seen,
            )
            # The next poll --live-interval after this answer (as the web app's timer): a
            # slow server is not asked more often than it answers.
            next_at = time.monotonic() + self.args.live_interval
            self.live_statuses[status] = self.live_statuses.get(status, 0) + 1
            if status == 200:
                etag = seen.get("ETag")
            elif status != 304:
                self.problems.append(f"live view {status}")

    def ack(self, attempt_id: int, data: dict[str, Any]) -> None:
        key = (attempt_id, data["question_id"])
        current = self.acked.get(key)
        if not data["stale"] and (current is None or data["seq"] >= current.seq):
            self.acked[key] = Ack.of(data)

    async def student(self, index: int, token: str, start_at: float) -> None:
        rng = random.Random(index)
        args, client = self.args, self.client
        await asyncio.sleep(max(0.0, start_at - time.monotonic()))
        status, view = await client.call(
            "start", "POST", f"/api/exams/{self.exam_id}/attempts", token
        )
        if status not in (200, 201):
            self.problems.append(f"student {index}: start {status}")
            return
        received = time.monotonic()
        attempt_id = view["id"]
        remaining = (
            datetime.fromisoformat(view["deadline"]) - datetime.fromisoformat(view["server_now"])
        ).total_seconds()
        deadline = received + remaining
        # As the SPA: the start's answer is the attempt view (no second load); reloads GET it.
        questions = view["questions"]
        begin, end = time.monotonic() + 1.0, deadline - args.submit_jitter - 2.0
        plan: list[tuple[float, str, Any]] = []
        for question in questions:
            plan.append((rng.uniform(begin, end), "autosave", question))
            if rng.random() < args.change_rate:
                plan.append((rng.uniform(begin, end), "autosave", question))
        if rng.random() < args.reload_rate:
            plan.append((rng.uniform(begin, end), "reload", None))
        if rng.random() < args.resume_rate:
            plan.append((rng.uniform(begin, end), "resume", None))
        plan.sort(key=lambda item: item[0])
        seqs: dict[int, int] = {}
        for when, action, question in plan:
            await asyncio.sleep(max(0.0, when - time.monotonic()))
            if action == "autosave":
                qid = question["id"]
                seqs[qid] = seqs.get(qid, 0) + 1
                body = {**answer_for(question, rng), "seq": seqs[qid]}
                status, data = await client.call(
                    "autosave", "PUT", f"/api/attempts/{attempt_id}/responses/{qid}", token, body
                )
                if status == 200:
                    self.ack(attempt_id, data)
                else:
                    self.problems.append(f"student {index}: autosave {status} {data}")
            elif action == "reload":
                status, _ = await client.call("reload", "GET", f"/api/attempts/{attempt_id}", token)
            else:
                status, data = await client.call(
                    "resume", "POST", f"/api/exams/{self.exam_id}/attempts", token
                )
                if status != 200 or data["id"] != attempt_id:
                    self.problems.append(f"student {index}: resume {status}")
        submit_at = deadline - rng.uniform(0.0, args.submit_jitter)
        await asyncio.sleep(max(0.0, submit_at - time.monotonic()))
        status, result = await client.call(
            "submit", "POST", f"/api/attempts/{attempt_id}/submit", token, {"responses": []}
        )
        if status == 200:
            self.submitted[attempt_id] = {
                "state": result["state"],
                "score": result["result"]["score"],
                "submitted_at": result["submitted_at"],
            }
        else:
            self.problems.append(f"student {index}: submit {status}")


async def run_exam(
    args: argparse.Namespace, base: str, exam_id: int, tokens: list[str], teacher_token: str
) -> tuple[Exam, Recorder, dict[str, float]]:
    recorder = Recorder()
    client = Client(base, recorder, connections=args.connections)
    exam = Exam(args, client, exam_id)
    t0 = time.monotonic() + 2.0
    recorder.t0 = t0
    rng = random.Random(42)
    cpu0 = time.process_time()
    wall0 = time.monotonic()
    bound = args.start_window + args.minutes * 60 + 120
    stop = asyncio.Event()
    teachers = [
        asyncio.create_task(
            exam.teacher(teacher_token, stop, 2.0 + rng.uniform(0, args.live_interval))
        )
        for _ in range(args.live_teachers)
    ]
    try:
        await asyncio.wait_for(
            asyncio.gather(
                *(
                    exam.student(i, token, t0 + rng.uniform(0, args.start_window))
                    for i, token in enumerate(tokens)
                )
            ),
            timeout=bound,
        )
    finally:
        stop.set()
        await asyncio.gather(*teachers, return_exceptions=True)
        await client.close()
    wall = time.monotonic() - wall0
    return exam, recorder, {"client_cpu_share": round((time.process_time() - cpu0) / wall, 3)}


async def _live_loop(
    base: str, exam_id: int, token: str, seconds: float, etag: str | None
) -> tuple[int, str | None]:
    """Two clients polling the live view back to back for `seconds` (with `etag`: 304s)."""
    client = Client(base, Recorder(), connections=2, max_tries=1)
    stop = time.monotonic() + seconds
    count = 0
    seen: dict[str, str] = {}
    expected = 304 if etag else 200

    async def loop() -> None:
        nonlocal count
        while time.monotonic() < stop:
            status, _ = await client.call(
                "live_cost",
                "GET",
                f"/api/exams/{exam_id}/live",
                token,
                retry=False,
                ok=(200, 304),
                headers={"If-None-Match": etag} if etag else None,
                seen=seen,
            )
            if status != expected:
                raise SystemExit(f"live view cost loop: {status}, expected {expected}")
            count += 1

    try:
        await asyncio.gather(loop(), loop())
    finally:
        await client.close()
    return count, seen.get("ETag")


def live_cost(
    server: Any, url: str, exam_id: int, token: str, seconds: float
) -> dict[str, dict[str, float]]:
    """Server CPU (app + PostgreSQL) per full live view and per 304, on the exam's final data."""
    out = {}
    etag = None
    for kind in ("full", "not_modified"):
        meter = common.CpuMeter(server, url)
        meter.start()
        count, tag = asyncio.run(
            _live_loop(server.base, exam_id, token, seconds, etag if kind != "full" else None)
        )
        used = meter.stop()
        etag = etag or tag
        out[kind] = {
            "requests": count,
            "app_cpu_ms": round(1000 * used["app_cpu_s"] / max(1, count), 2),
            "db_cpu_ms": round(1000 * used["db_cpu_s"] / max(1, count), 2),
        }
    return out


# --------------------------------------------------------------------------- report


def report(out: Path, tag: str, result: dict[str, Any], samples: list[common.Sample]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{tag}.json").write_text(json.dumps(result, indent=2) + "\n")
    (out / f"{tag}.md").write_text(markdown(result) + "\n")
    plot(out / f"{tag}.png", samples, result)


def markdown(r: dict[str, Any]) -> str:
    cfg, m = r["config"], r["machine"]
    lines = [
        f"# Exam day: {cfg['students']} students — {r['verdict']}",
        "",
        f"Run {m['when']} on {m['cpus']} CPUs (shared), load average before "
        f"{m['load_before']}, after the exam {m.get('load_after_exam')}; Python {m['python']}.",
        f"Server: {r['server'].get('proxy', 'no proxy')} in front of "
        f"{r['server'].get('instances', 1)} app instance(s) of "
        f"{server_label(r['server'])}, {r['server']['workers']} worker(s) x "
        f"{r['server']['threads']} thread(s), DB pool {r['server']['db_pool']}; PostgreSQL "
        f"{r['server']['postgres']}. Every exam request went through the proxy.",
        f"Exam: {cfg['questions']} questions per attempt (shape {cfg.get('shape', 'old')}: "
        + (
            f"essay, matching, ordering and cloze among the nine kinds, {common.SLOTS} random "
            f"slots of {common.SLOT_COUNT} from pools of {common.SLOT_POOL} drawn at each start"
            if cfg.get("shape") == "new"
            else "the five original kinds, all fixed"
        )
        + f"), {cfg['minutes']} min time limit, starts within "
        f"{cfg['start_window']} s, submits within {cfg['submit_jitter']} s before each deadline.",
        "",
        "| operation | count | errors | retried | throughput (req/s) "
        "| p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    rows = [("login", r["login"]), *r["exam"].items()]
    if r.get("capacity"):
        rows += [
            ("autosave through nginx (closed loop)", r["capacity"]["autosave_nginx"]),
            ("autosave direct to the instances (closed loop)", r["capacity"]["autosave"]),
            ("bare Flask + 1 upsert (closed loop)", r["capacity"]["floor"]),
            ("bare Flask (closed loop)", r["capacity"]["bare"]),
        ]
    for name, s in rows:
        if not s:
            continue
        lines.append(
            f"| {name} | {s['count']} | {s['errors']} | {s['retried']} | {s['throughput_rps']} | "
            f"{s['p50_ms']} | {s['p95_ms']} | {s['p99_ms']} | {s['max_ms']} |"
        )
    login = r["login"]
    lines += [
        "",
        f"Sign-in (argon2id {r['argon2']}, full strength): {login.get('count', 0)} students "
        f"through POST /api/auth/login at {login.get('throughput_rps')} logins/s, "
        f"p50 {login.get('p50_ms')} ms; "
        f"{r['minted_tokens']} tokens minted by the bench with the server's key.",
    ]
    if r.get("capacity"):
        c = r["capacity"]
        of_floor = c["autosave"]["throughput_rps"] / (c["floor"]["throughput_rps"] or 1)
        lines.append(
            f"Autosave capacity (direct): {c['autosave']['throughput_rps']} req/s vs bare Flask "
            f"{c['bare']['throughput_rps']} req/s = **{c['ratio']:.0%}** "
            f"({c['autosave']['clients']} concurrent clients, {c['seconds']} s each; load "
            f"generator CPU {c['autosave']['client_cpu_share']:.0%} / "
            f"{c['bare']['client_cpu_share']:.0%} of a core)."
        )
        pc = c["proxy_cost"]
        lines.append(
            f"Proxy cost (the same closed loops, {len(c['autosave']['rounds_rps'])} rounds each, "
            f"interleaved): through nginx {c['autosave_nginx']['throughput_rps']} req/s vs "
            f"direct {c['autosave']['throughput_rps']} req/s = **{pc['throughput_ratio']:.0%}**; "
            f"p50 {pc['p50_added_ms']:+} ms, p99 {pc['p99_added_ms']:+} ms; nginx used "
            f"{pc['proxy_cpu_ms_per_request']} ms CPU per request. Through nginx the autosave "
            f"reaches {c['ratio_nginx']:.0%} of bare Flask (served directly)."
        )
        lines.append(
            f"The floor of any durable autosave on this machine — bare Flask plus one PostgreSQL "
            f"upsert in its own transaction (no auth, no checks, no ORM; bench/bare_app.py) — "
            f"reaches {c['floor']['throughput_rps']} req/s = **{c['floor_ratio']:.0%}** of bare "
            f"Flask; our autosave reaches {of_floor:.0%} of that floor."
        )
    if r.get("live"):
        lv, ls = r["live"], r["exam"].get("live", {})
        full, same = lv["cost"]["full"], lv["cost"]["not_modified"]
        lines.append(
            f"Live view: {lv['teachers']} teachers polled every {lv['interval_s']} s with "
            f"If-None-Match during the exam ({ls.get('count')} polls, answers {lv['statuses']}; "
            f"p50 {ls.get('p50_ms')} ms, p99 {ls.get('p99_ms')} ms). Server CPU per request "
            f"(closed loop on the final data, app + PostgreSQL): full view "
            f"{full['app_cpu_ms']} + {full['db_cpu_ms']} ms, 304 {same['app_cpu_ms']} + "
            f"{same['db_cpu_ms']} ms; estimated share of the exam's server CPU "
            f"**{lv['estimated_cpu_share']:.1%}**."
        )
    v = r["verification"]
    lines += [
        "",
        f"Verified in the database: {v['acknowledged_answers']} acknowledged answers, **lost "
        f"{v['lost']}**, changed {v['changed']}, ungraded {v['ungraded']} (by type "
        f"{v.get('acknowledged_by_type')}; essays left for a person, their attempt not marked "
        f"awaiting grading: {v.get('essays_not_awaiting_grading', 0)}; attempts awaiting "
        f"grading {v.get('attempts_awaiting_grading', 0)}); "
        f"{v['attempts']} attempts "
        f"for {v['students']} students ({v['students_without_attempt']} without, "
        f"{v['students_with_several_attempts']} with several), states {v['attempt_states']}, "
        f"wrong scores {v['wrong_score']}, submit answers not matching the database "
        f"{v['submit_result_mismatch']}.",
        "",
        "Targets: "
        + "; ".join(f"{k}: {'met' if ok else 'MISSED'}" for k, ok in r["targets"].items()),
    ]
    if r.get("problems"):
        lines += [
            "",
            f"Problems ({len(r['problems'])}, first 10):",
            *[f"- {p}" for p in r["problems"][:10]],
        ]
    return "\n".join(lines)


def plot(path: Path, samples: list[common.Sample], result: dict[str, Any]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ops = ["start", "autosave", "reload", "resume", "submit", "live"]
    palette = ["#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#d62728", "#ff7f0e"]
    colors = dict(zip(ops, palette, strict=True))
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(11, 7.5), sharex=True)
    horizon = max((s.start + s.latency for s in samples), default=1.0)
    bins = int(horizon) + 2
    for op in ops:
        rows = [s for s in samples if s.op == op]
        if not rows:
            continue
        counts = [0] * bins
        for s in rows:
            counts[max(0, int(s.start + s.latency))] += 1
        top.plot(range(bins), counts, label=op, color=colors[op], linewidth=1)
        xs = [s.start for s in rows]
        ys = [max(s.latency * 1000, 0.1) for s in rows]
        bottom.scatter(xs, ys, s=2, alpha=0.35, color=colors[op], label=op, rasterized=True)
    top.set_ylabel("completed requests / s")
    top.legend(loc="upper center", ncol=6, fontsize=8)
    top.set_title(
        f"Exam day: {result['config']['students']} students, "
        f"{result['config']['questions']} questions ({server_label(result['server'])} "
        f"{result['server']['workers']}x{result['server']['threads']})"
    )
    bottom.set_yscale("log")
    bottom.axhline(TARGET_P99_MS, color="grey", linestyle="--", linewidth=0.8)
    bottom.set_ylabel("latency (ms, log)")
    bottom.set_xlabel("seconds since the exam opened")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    common.use_source(common.ROOT)  # this tree's app, whatever the venv's editable install says
    signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(SystemExit("global timeout")))
    signal.alarm(int(args.timeout))
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # thousands of sockets
    out = Path(args.out)
    scratch = out / "scratch"
    scratch.mkdir(parents=True, exist_ok=True)
    server_extra = dict(kv.split("=", 1) for kv in args.server_env)
    machine = common.machine()
    print(f"load average before: {machine['load_before']}", flush=True)

    t = time.monotonic()
    url = common.fresh_database(args.pg, args.db)
    secret = common.new_secret()
    seeded = common.seed(url, args.students, args.questions, args.minutes, secret, shape=args.shape)
    print(
        f"database {args.db}: {len(seeded.students)} students, exam {seeded.exam_id} "
        f"({time.monotonic() - t:.1f} s)",
        flush=True,
    )

    from argon2 import PasswordHasher

    ph = PasswordHasher()
    argon2 = f"t={ph.time_cost}, m={ph.memory_cost // 1024} MiB, p={ph.parallelism}"
    server = common.start_stack(
        common.server_env(url, secret, server_extra), scratch, instances=args.instances
    )
    server_extra.setdefault("WEB_CONCURRENCY", server.app_env()["WEB_CONCURRENCY"])
    profiler = None
    result: dict[str, Any] = {
        "config": {k: v for k, v in vars(args).items() if k not in ("server_env",)},
        "machine": machine,
        "argon2": argon2,
        "server": {
            **server_settings({**server_extra, "RATELIMIT_STORAGE_URI": common.REDIS_URL}, url),
            "instances": args.instances,
            "proxy": "nginx " + nginx_version(),
        },
    }
    all_samples: list[common.Sample] = []
    try:
        emails = [email for _uid, email in seeded.students]
        sample = emails[: min(args.login_sample, len(emails))]
        t = time.monotonic()
        tokens_by_email, login_rec = asyncio.run(
            sign_in(server.base, sample, args.login_concurrency)
        )
        login = common.summarize(login_rec.samples).get("login", {})
        print(
            f"sign-in: {len(tokens_by_email)}/{len(sample)} in {time.monotonic() - t:.1f} s "
            f"({login.get('throughput_rps')} /s, p50 {login.get('p50_ms')} ms, "
            f"p99 {login.get('p99_ms')} ms)",
            flush=True,
        )
        minted = 0
        tokens = []
        for uid, email in seeded.students:
            if email in tokens_by_email:
                tokens.append(tokens_by_email[email])
            else:
                tokens.append(common.mint_token(secret, uid))
                minted += 1
        result["login"] = login
        result["minted_tokens"] = minted

        if args.profile:
            profiler = subprocess.Popen(
                [
                    str(common.VENV_BIN / "py-spy"),
                    "record",
                    "--subprocesses",
                    "--nonblocking",
                    "-d",
                    str(int(args.start_window + args.minutes * 60 + 30)),
                    "-o",
                    str(out / f"{args.tag}-profile.svg"),
                    "-p",
                    str(server.members[0].process.pid),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        print(
            f"exam: {len(tokens)} students start within {args.start_window} s, "
            f"time limit {args.minutes} min",
            flush=True,
        )
        meter = common.CpuMeter(server, url)
        meter.start()
        teacher_token = common.mint_token(secret, seeded.author_id, role="author")
        exam, rec, client_info = asyncio.run(
            run_exam(args, server.base, seeded.exam_id, tokens, teacher_token)
        )
        exam_cpu = meter.stop()
        exam_requests = len(rec.samples)
        exam_cpu["app_cpu_ms_per_request"] = round(
            1000 * exam_cpu["app_cpu_s"] / max(1, exam_requests), 2
        )
        exam_cpu["db_cpu_ms_per_request"] = round(
            1000 * exam_cpu["db_cpu_s"] / max(1, exam_requests), 2
        )
        result["exam_server_cpu"] = exam_cpu
        if profiler is not None:
            profiler.wait(120)
        all_samples = rec.samples
        result["exam"] = dict(common.summarize(rec.samples, ok=(200, 201, 304)))
        result["exam_client"] = client_info
        result["machine"]["load_after_exam"] = common.load_average()
        result["problems"] = exam.problems
        result["verification"] = common.verify(
            url, seeded.exam_id, [uid for uid, _ in seeded.students], exam.acked, exam.submitted
        )
        for op, s in result["exam"].items():
            print(
                f"  {op:9s} n={s['count']:6d} err={s['errors']} retried={s['retried']} "
                f"{s['throughput_rps']:7.1f}/s p50={s['p50_ms']} p95={s['p95_ms']} "
                f"p99={s['p99_ms']} max={s['max_ms']} ms",
                flush=True,
            )
        print(f"  verification: {result['verification']}", flush=True)
        if args.live_teachers:
            cost = live_cost(server, url, seeded.exam_id, teacher_token, args.live_cost_seconds)
            statuses = {str(k): v for k, v in sorted(exam.live_statuses.items())}
            spent = sum(
                exam.live_statuses.get(status, 0)
                * (cost[kind]["app_cpu_ms"] + cost[kind]["db_cpu_ms"])
                for status, kind in ((200, "full"), (304, "not_modified"))
            )
            exam_total_ms = 1000 * (exam_cpu["app_cpu_s"] + exam_cpu["db_cpu_s"])
            result["live"] = {
                "teachers": args.live_teachers,
                "interval_s": args.live_interval,
                "statuses": statuses,
                "cost": cost,
                "estimated_cpu_share": round(spent / max(1.0, exam_total_ms), 4),
            }
            print(f"  live view: {result['live']}", flush=True)

        if not args.skip_capacity:
            clients = args.capacity_clients
            cap_tokens = tokens[:clients]
            targets = asyncio.run(
                prepare_capacity(server.base, seeded.capacity_exam_id, cap_tokens)
            )
            runs: dict[str, list[dict[str, Any]]] = {"nginx": [], "direct": []}
            cap_acked: dict[tuple[int, int], Ack] = {}
            direct = [m.base for m in server.members]
            for round_no in range(args.capacity_rounds):
                for index, (how, base) in enumerate((("nginx", server.base), ("direct", direct))):
                    stats, acked = capacity(
                        base,
                        "/api/attempts",
                        targets,
                        clients,
                        args.capacity_seconds,
                        args.load_procs,
                        "autosave_capacity",
                        common.CpuMeter(server, url),
                        seq_base=(2 * round_no + index) * 1_000_000,
                    )
                    runs[how].append(stats)
                    for key, ack in acked.items():
                        if key not in cap_acked or ack.seq > cap_acked[key].seq:
                            cap_acked[key] = ack
                    print(
                        f"  capacity {how}: {stats['throughput_rps']}/s p99 {stats['p99_ms']} ms "
                        f"app {stats.get('app_cpu_ms_per_request')} ms + proxy "
                        f"{stats.get('proxy_cpu_ms_per_request')} ms CPU per request",
                        flush=True,
                    )
            autosave, autosave_nginx = combine(runs["direct"]), combine(runs["nginx"])
            cap_verify = common.verify(url, seeded.capacity_exam_id, [], cap_acked, {})
            server.stop()
            total_workers = args.instances * int(server_extra["WEB_CONCURRENCY"])
            bare, floor = yardsticks(
                url,
                total_workers,
                targets,
                clients,
                args.capacity_seconds,
                args.load_procs,
                scratch,
            )
            ratio = (
                autosave["throughput_rps"] / bare["throughput_rps"]
                if bare["throughput_rps"]
                else 0.0
            )
            result["capacity"] = {
                "autosave": autosave,
                "autosave_nginx": autosave_nginx,
                "proxy_cost": proxy_cost(autosave_nginx, autosave),
                "ratio_nginx": round(
                    autosave_nginx["throughput_rps"] / (bare["throughput_rps"] or 1), 3
                ),
                "bare": bare,
                "floor": floor,
                "ratio": round(ratio, 3),
                "floor_ratio": round(floor["throughput_rps"] / (bare["throughput_rps"] or 1), 3),
                "seconds": args.capacity_seconds,
                "lost": cap_verify["lost"],
                "acknowledged": cap_verify["acknowledged_answers"],
            }
            print(
                f"capacity: autosave {autosave['throughput_rps']}/s (p99 {autosave['p99_ms']} ms, "
                f"err {autosave['errors']}), bare {bare['throughput_rps']}/s -> ratio {ratio:.0%}; "
                f"bare + 1 upsert {floor['throughput_rps']}/s; "
                f"capacity answers lost {cap_verify['lost']}/{cap_verify['acknowledged_answers']}",
                flush=True,
            )
    finally:
        server.stop()
        if profiler is not None and profiler.poll() is None:
            profiler.terminate()

    v = result["verification"]
    ex = result["exam"]
    errors = sum(s["errors"] for s in ex.values())
    targets = {
        "0 errors": errors == 0 and not result["problems"],
        "0 lost answers": v["lost"] == 0
        and v["changed"] == 0
        and v["ungraded"] == 0
        and v["essays_not_awaiting_grading"] == 0
        and result.get("capacity", {}).get("lost", 0) == 0,
        "every attempt submitted exactly once": v["attempt_states"] == {"submitted": args.students}
        and v["students_with_several_attempts"] == 0
        and v["submit_result_mismatch"] == 0
        and v["submitted_acknowledged"] == args.students,
    }
    for op in ("start", "autosave", "submit"):
        targets[f"p99 {op} < 1 s"] = ex.get(op, {}).get("p99_ms", 1e9) < TARGET_P99_MS
    if result.get("capacity"):
        targets["autosave >= 50% of bare Flask"] = result["capacity"]["ratio"] >= TARGET_RATIO
    result["targets"] = targets
    result["verdict"] = (
        "all targets met"
        if all(targets.values())
        else "targets missed: " + ", ".join(k for k, ok in targets.items() if not ok)
    )
    report(out, args.tag, result, all_samples)
    print(f"\n{result['verdict']}\nresults: {out / (args.tag + '.md')}", flush=True)
    safe = targets["0 lost answers"] and targets["every attempt submitted exactly once"]
    return 0 if safe else 1


if __name__ == "__main__":
    sys.exit(main())
