"""Load pieces shared by the exam-day runs (exam_day.py, relative.py): the students'
answers, closed-loop autosave capacity (and the bare-Flask yardsticks on the same workers),
the server's settings as reported; and the in-process loops (Flask test client) of
hotpaths_inprocess.py and live_inprocess.py.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bare_app
import common
from common import Ack, Client, Recorder

ESSAYS = [
    "Light gives the plant energy to make sugar from water and carbon dioxide.",
    "The treaty ended the war but left both sides unhappy, which is why it failed.",
    "First I measured the length, then I divided by the time to get the speed.",
]


def answer_for(question: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A valid answer in the question's shape, built from its public view (ids as shown)."""
    ids = [a["id"] for a in question["alternatives"]]
    kind = question["type"]
    if kind in ("single", "true_false"):
        return {"selected_ids": [rng.choice(ids)]}
    if kind == "multiple":
        return {"selected_ids": rng.sample(ids, rng.randint(1, 2))}
    if kind == "short_answer":
        return {"text": rng.choice(["Paris", "paris", "Lyon", "Marseille"])}
    if kind == "numeric":
        return {"number": rng.choice([3.14, 3.1416, 3.0, 2.72])}
    if kind == "essay":
        return {"text": " ".join(rng.sample(ESSAYS, rng.randint(1, 3)))}
    if kind == "matching":  # some items paired (answers may repeat), as a student half-done
        answers = [a["id"] for a in question["answers"]]
        items = rng.sample(ids, rng.randint(1, len(ids)))
        return {"pairs": [{"item_id": i, "answer_id": rng.choice(answers)} for i in items]}
    if kind == "ordering":  # a full order: every item once
        return {"ordered_ids": rng.sample(ids, len(ids))}
    if kind == "cloze":
        gaps = []
        for gap in question["gaps"]:
            if gap["kind"] == "choice":
                gaps.append({"gap": gap["gap"], "selected_id": rng.choice(gap["choices"])["id"]})
            else:
                gaps.append({"gap": gap["gap"], "text": rng.choice(["100", "99", "hundred"])})
        return {"gaps": gaps}
    raise ValueError(f"the bench does not answer {kind} questions")


def _capacity_proc(
    bases: list[str],
    path_prefix: str,
    targets: list[tuple[int, str, list[dict[str, Any]]]],
    clients: int,
    seconds: float,
    op: str,
    seed: int,
    seq_base: int,
    queue: Any,
) -> None:
    """One load process: `clients` closed loops of autosaves for `seconds`; loop k talks to
    bases[k % len(bases)] (several: the client balances over the instances itself)."""

    async def main() -> tuple[list[Any], dict[tuple[int, int], Ack]]:
        recorder = Recorder()
        by_base = [Client(b, recorder, connections=clients, max_tries=1) for b in bases]
        acked: dict[tuple[int, int], Ack] = {}
        stop = time.monotonic() + seconds
        recorder.t0 = time.monotonic()

        async def loop(k: int) -> None:
            rng = random.Random(seed * 1000 + k + seq_base)
            client = by_base[k % len(by_base)]
            attempt_id, token, questions = targets[k % len(targets)]
            seq = seq_base  # every round's saves newer than the last round's
            while time.monotonic() < stop:
                question = rng.choice(questions)
                seq += 1
                body = {**answer_for(question, rng), "seq": seq}
                status, data = await client.call(
                    op,
                    "PUT",
                    f"{path_prefix}/{attempt_id}/responses/{question['id']}"
                    if op == "autosave_capacity"
                    else f"{path_prefix}/{attempt_id}/{question['id']}",
                    token,
                    body,
                    retry=False,
                )
                if status == 200 and op == "autosave_capacity":
                    key = (attempt_id, question["id"])
                    cur = acked.get(key)
                    if not data["stale"] and (cur is None or data["seq"] >= cur.seq):
                        acked[key] = Ack.of(data)

        cpu0 = time.process_time()
        await asyncio.gather(*(loop(k) for k in range(clients)))
        for client in by_base:
            await client.close()
        cpu = time.process_time() - cpu0
        recorder.samples.append(common.Sample("_cpu", 0, cpu, 200, 1))
        return recorder.samples, acked

    samples, acked = asyncio.run(main())
    queue.put(
        ([s.__dict__ for s in samples], {f"{a}:{q}": v.__dict__ for (a, q), v in acked.items()})
    )


def capacity(
    base: str | list[str],
    path_prefix: str,
    targets: list[tuple[int, str, list[dict[str, Any]]]],
    clients: int,
    seconds: float,
    procs: int,
    op: str,
    meter: common.CpuMeter | None = None,
    seq_base: int = 0,
) -> tuple[dict[str, Any], dict[tuple[int, int], Ack]]:
    """Closed-loop throughput with `clients` in flight over `procs` processes. Each loop owns
    its attempt (no two loops write the same attempt, as no two students do)."""
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    per = [targets[i::procs] for i in range(procs)]
    workers = [
        ctx.Process(
            target=_capacity_proc,
            args=(
                [base] if isinstance(base, str) else base,
                *(path_prefix, per[i], clients // procs, seconds, op, i, seq_base, queue),
            ),
        )
        for i in range(procs)
    ]
    if meter is not None:
        meter.start()
    for w in workers:
        w.start()
    samples: list[common.Sample] = []
    acked: dict[tuple[int, int], Ack] = {}
    cpu = 0.0
    for _ in workers:
        rows, acks = queue.get(timeout=seconds + 120)
        for row in rows:
            sample = common.Sample(**row)
            if sample.op == "_cpu":
                cpu += sample.latency
            else:
                samples.append(sample)
        for key, value in acks.items():
            a, q = key.split(":")
            acked[(int(a), int(q))] = Ack(**value)
    for w in workers:
        w.join(10)
    used = meter.stop() if meter is not None else {}
    stats = common.summarize(samples)[op]
    if used:
        stats.update(used)
        stats["app_cpu_ms_per_request"] = round(1000 * used["app_cpu_s"] / stats["count"], 2)
        stats["db_cpu_ms_per_request"] = round(1000 * used["db_cpu_s"] / stats["count"], 2)
        stats["proxy_cpu_ms_per_request"] = round(1000 * used["proxy_cpu_s"] / stats["count"], 2)
    stats["throughput_rps"] = round(stats["count"] / seconds, 1)
    stats["client_cpu_share"] = round(cpu / seconds, 3)
    stats["clients"] = clients
    stats["load_procs"] = procs
    return stats, acked


def combine(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """Several closed-loop rounds of one kind as one row: counts summed, rates and latencies
    averaged (each round lasts as long), the rounds' throughputs kept."""
    out = dict(rounds[0])
    for key in ("count", "errors", "retried"):
        out[key] = sum(r[key] for r in rounds)
    for key in (
        "throughput_rps",
        "p50_ms",
        "p95_ms",
        "p99_ms",
        "mean_ms",
        "app_cpu_ms_per_request",
        "db_cpu_ms_per_request",
        "proxy_cpu_ms_per_request",
        "client_cpu_share",
    ):
        if all(key in r for r in rounds):
            out[key] = round(sum(r[key] for r in rounds) / len(rounds), 3)
    out["max_ms"] = max(r["max_ms"] for r in rounds)
    out["rounds_rps"] = [r["throughput_rps"] for r in rounds]
    return out


def proxy_cost(through: dict[str, Any], direct: dict[str, Any]) -> dict[str, Any]:
    """What passing every request through nginx costs, from the same closed loops."""
    return {
        "throughput_ratio": round(through["throughput_rps"] / (direct["throughput_rps"] or 1), 3),
        "p50_added_ms": round(through["p50_ms"] - direct["p50_ms"], 1),
        "p99_added_ms": round(through["p99_ms"] - direct["p99_ms"], 1),
        "proxy_cpu_ms_per_request": through.get("proxy_cpu_ms_per_request"),
        "app_cpu_ms_per_request": {
            "nginx": through.get("app_cpu_ms_per_request"),
            "direct": direct.get("app_cpu_ms_per_request"),
        },
    }


def nginx_version() -> str:
    sys.path.insert(0, str(common.ROOT / "deploy"))
    import render

    out = subprocess.run([render.NGINX, "-v"], capture_output=True, text=True).stderr
    return out.strip().rsplit("/", 1)[-1]


async def prepare_capacity(
    base: str, exam_id: int, tokens: list[str]
) -> list[tuple[int, str, list[dict[str, Any]]]]:
    recorder = Recorder()
    client = Client(base, recorder, connections=32)
    targets = []
    try:
        for token in tokens:
            status, view = await client.call(
                "cap_start", "POST", f"/api/exams/{exam_id}/attempts", token
            )
            if status not in (200, 201):
                raise SystemExit(f"capacity start failed: {status} {view}")
            targets.append((view["id"], token, view["questions"]))
    finally:
        await client.close()
    return targets


def server_settings(server_extra: dict[str, str], url: str) -> dict[str, Any]:
    """What an app instance resolves its settings to with the server's environment (asked in
    a child process: resolving sets defaults in its environment). A source tree from before
    app_server.py ran gunicorn alone: then gunicorn.conf.py is read as it was."""
    import psycopg

    if (common.BACKEND / "src" / "online_exam" / "app_server.py").is_file():
        probe = (
            "import json, os; from online_exam import app_server; "
            "print(json.dumps(app_server.resolved_settings("
            "os.environ.get('APP_SERVER') or 'granian')))"
        )
    else:
        probe = (
            "import json, os, runpy; c = runpy.run_path(os.environ['CONF']); "
            "print(json.dumps({k: c[k] for k in ('worker_class', 'workers', 'threads')} "
            "| {'db_pool': os.environ['DB_POOL_SIZE'] + '+' + os.environ['DB_MAX_OVERFLOW'], "
            "'gc': os.environ.get('GUNICORN_GC', 'tuned')}))"
        )
    conf = str(common.BACKEND / "gunicorn.conf.py")
    out = subprocess.run(
        [sys.executable, "-c", probe],
        env={**os.environ, **server_extra, "CONF": conf},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    with psycopg.connect(url) as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]
    return {**json.loads(out), "postgres": version}


def server_label(settings: dict[str, Any]) -> str:
    """ "granian 2.8.9 wsgi" (or "gunicorn 23.0 gthread"); results from before app_server.py
    name only gunicorn's worker class."""
    return str(settings.get("app_server") or f"gunicorn {settings['worker_class']}")


def yardsticks(
    url: str,
    total_workers: int,
    targets: list[tuple[int, str, list[dict[str, Any]]]],
    clients: int,
    seconds: float,
    procs: int,
    scratch: Path,
    granian: bool = False,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """B and the floor: closed-loop saves against bench/bare_app.py on gunicorn (or Granian)
    with `total_workers` workers — bare Flask, then bare Flask + one durable upsert into `url`.
    `targets` only name the (attempt, question) ids and answers the loops send."""
    bare = bare_flask(total_workers, targets, clients, seconds, procs, scratch, granian)
    bare_app.create_floor_table(url)
    floor_server = common.start_server(
        "bare_app:app",
        {"BARE_DATABASE_URL": url, "GUNICORN_WORKERS": str(total_workers)},
        scratch / "bare-db.log",
        cwd=common.ROOT / "bench",
        granian=granian,
    )
    try:
        floor, _ = capacity(
            floor_server.base,
            "/api/bare-db",
            targets,
            clients,
            seconds,
            procs,
            "bare_db",
            common.CpuMeter(floor_server, url),
        )
    finally:
        floor_server.stop()
    return bare, floor


def bare_flask(
    total_workers: int,
    targets: list[tuple[int, str, list[dict[str, Any]]]],
    clients: int,
    seconds: float,
    procs: int,
    scratch: Path,
    granian: bool = False,
) -> dict[str, Any]:
    """B alone: the closed loop against bare Flask (see yardsticks)."""
    bare_server = common.start_server(
        "bare_app:app",
        {"GUNICORN_WORKERS": str(total_workers)},
        scratch / "bare.log",
        cwd=common.ROOT / "bench",
        granian=granian,
    )
    try:
        bare, _ = capacity(
            bare_server.base,
            "/api/bare",
            targets,
            clients,
            seconds,
            procs,
            "bare",
            common.CpuMeter(bare_server),
        )
    finally:
        bare_server.stop()
    return bare


# --------------------------------------------------------------------------- in-process loops
# bench/hotpaths_inprocess.py and bench/live_inprocess.py: the students' and the teacher's
# requests through a Flask test client (no server, no network), timed per call.


def timed(calls: int, fn: Callable[[int], None]) -> dict[str, float]:
    """fn(0) .. fn(calls - 1): per-call wall milliseconds (median, p99) and this process's
    mean CPU milliseconds."""
    walls = []
    cpu0 = time.process_time()
    for i in range(calls):
        t = time.perf_counter()
        fn(i)
        walls.append(time.perf_counter() - t)
    cpu = time.process_time() - cpu0
    walls.sort()
    return {
        "calls": calls,
        "wall_p50_ms": round(1000 * statistics.median(walls), 2),
        "wall_p99_ms": round(1000 * common.percentile(walls, 0.99), 2),
        "cpu_mean_ms": round(1000 * cpu / calls, 2),
    }


class InProcessExam:
    """One exam's students through a Flask test client: start(i) starts student i's attempt
    (its view kept, in order), saver() autosaves spread over the started attempts, live() the
    teacher's live view."""

    def __init__(self, client: Any, exam_id: int, tokens: list[str]) -> None:
        self.client, self.exam_id, self.tokens = client, exam_id, tokens
        self.views: list[dict[str, Any]] = []

    def auth(self, i: int) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[i]}"}

    def start(self, i: int) -> None:
        r = self.client.post(f"/api/exams/{self.exam_id}/attempts", headers=self.auth(i))
        assert r.status_code == 201, r.json
        self.views.append(r.json)

    def saver(self, rng: random.Random, seq_base: int) -> Callable[[int], None]:
        """save(i): attempt i mod the attempts, each attempt's questions in turn; seq
        seq_base + i (above any seq stored before)."""

        def save(i: int) -> None:
            k = i % len(self.views)
            view = self.views[k]
            question = view["questions"][i // len(self.views) % len(view["questions"])]
            r = self.client.put(
                f"/api/attempts/{view['id']}/responses/{question['id']}",
                json={**answer_for(question, rng), "seq": seq_base + i},
                headers=self.auth(k),
            )
            assert r.status_code == 200, r.json

        return save

    def live(
        self, secret: str, author_id: int
    ) -> tuple[Any, Callable[[int], None], Callable[[int], None]]:
        """(the first full live view's response, a full view, a 304 for an unchanged one)."""
        teacher = {"Authorization": f"Bearer {common.mint_token(secret, author_id, role='author')}"}
        path = f"/api/exams/{self.exam_id}/live"
        first = self.client.get(path, headers=teacher)
        assert first.status_code == 200, first.json
        etag = first.headers["ETag"]

        def full(_: int) -> None:
            assert self.client.get(path, headers=teacher).status_code == 200

        def unchanged(_: int) -> None:
            headers = {**teacher, "If-None-Match": etag}
            assert self.client.get(path, headers=headers).status_code == 304

        return first, full, unchanged
