"""Open-loop load from several generator processes (bench/relative.py's phases, issue 19).

One asyncio process cannot send more than a few hundred requests per second on time: beyond
that it runs late, and since latency counts from when each request was due, its lag is counted
against the server. So the arrivals of a phase are computed once (by the caller) and dealt out
to `generators` processes by owner (an arrival index or an attempt id: one attempt's requests
all go through one process, in due order, as one student's would); every process waits for the
same wall-clock start t0, sends its share at t0 + offset, records its samples (start relative
to t0, so they merge and order across processes) and its own lag, and sends them back with what
it learned: attempts started (ids, tokens, question ids; the questions once), answers
acknowledged (newest seq per attempt and question), submits answered, starts served (overload).

Jobs (tuples, the first item their kind):
- ("start", exam_id, token): start or resume the attempt;
- ("save", attempt_id, token, question_id, body): one autosave, body planned by the caller
  (answer and seq: the caller keeps the seqs, so they rise across phases and processes);
- ("submit", attempt_id, token);
- ("student", exam_id, token, submit_jitter): the overload's web-app-like student: start (with
  the client's retries), save one answer at a random moment, submit in the last
  `submit_jitter` seconds before the deadline.
"""

from __future__ import annotations

import asyncio
import gc
import multiprocessing
import queue
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
from common import Ack, Client, Recorder
from loads import answer_for

LEAD_S = 0.3  # t0 this long after every process is ready: all wait for the same moment

Job = tuple[Any, ...]


def arrivals(rate: float, seconds: float, rng: random.Random) -> list[float]:
    """Poisson arrival offsets (s) at `rate` per second during `seconds`."""
    out: list[float] = []
    t = rng.expovariate(rate) if rate > 0 else seconds
    while t < seconds:
        out.append(t)
        t += rng.expovariate(rate)
    return out


class Load:
    """The students' side: attempts started, answers acknowledged, submits answered."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.acked: dict[tuple[int, int], Ack] = {}
        self.seqs: dict[tuple[int, int], int] = {}
        self.submitted: dict[int, dict[str, Any]] = {}
        self.problems: list[str] = []
        self.rng = random.Random(7)

    async def start(
        self, exam_id: int, token: str, due: float | None = None, op: str = "start"
    ) -> dict[str, Any] | None:
        status, view = await self.client.call(
            op, "POST", f"/api/exams/{exam_id}/attempts", token, since=due
        )
        if status not in (200, 201):
            self.problems.append(f"{op} {status} {str(view)[:120]}")
            return None
        return {"id": view["id"], "token": token, "questions": view["questions"], "view": view}

    async def save(self, attempt: dict[str, Any], due: float | None = None) -> None:
        """One autosave of a random question, its seq this process's next for it."""
        question = self.rng.choice(attempt["questions"])
        key = (attempt["id"], question["id"])
        self.seqs[key] = seq = self.seqs.get(key, 0) + 1
        body = {**answer_for(question, self.rng), "seq": seq}
        await self.put(key[0], attempt["token"], key[1], body, due)

    async def put(
        self, attempt_id: int, token: str, question_id: int, body: Any, due: float | None
    ) -> None:
        status, data = await self.client.call(
            "autosave",
            "PUT",
            f"/api/attempts/{attempt_id}/responses/{question_id}",
            token,
            body,
            since=due,
        )
        if status != 200:
            self.problems.append(f"autosave {status} {str(data)[:120]}")
            return
        key = (attempt_id, question_id)
        current = self.acked.get(key)
        if not data["stale"] and (current is None or data["seq"] >= current.seq):
            self.acked[key] = Ack.of(data)

    async def submit(self, attempt_id: int, token: str, due: float | None = None) -> None:
        status, result = await self.client.call(
            "submit",
            "POST",
            f"/api/attempts/{attempt_id}/submit",
            token,
            {"responses": []},
            since=due,
        )
        if status != 200:
            self.problems.append(f"submit {status} {str(result)[:120]}")
            return
        self.submitted[attempt_id] = {
            "state": result["state"],
            "score": result["result"]["score"],
            "submitted_at": result["submitted_at"],
        }


def plan_save(attempt: dict[str, Any], rng: random.Random, seqs: dict[tuple[int, int], int]) -> Job:
    """A "save" job for `attempt` (a random question, its next seq in `seqs`)."""
    question = rng.choice(attempt["questions"])
    key = (attempt["id"], question["id"])
    seqs[key] = seq = seqs.get(key, 0) + 1
    return ("save", key[0], attempt["token"], key[1], {**answer_for(question, rng), "seq": seq})


@dataclass
class Offered:
    """What the generator processes sent and learned, merged."""

    generators: int
    samples: list[common.Sample] = field(default_factory=list)
    lag_p99_s: list[float] = field(default_factory=list)  # per process
    cpu_s: float = 0.0  # the generators' own CPU
    started: dict[int, dict[str, Any]] = field(default_factory=dict)  # arrival index -> attempt
    served: dict[int, tuple[int, float]] = field(default_factory=dict)  # -> (attempt, s after t0)
    acked: dict[tuple[int, int], Ack] = field(default_factory=dict)
    submitted: dict[int, dict[str, Any]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def attempts(self) -> list[dict[str, Any]]:
        """The attempts started, in arrival order."""
        return [self.started[i] for i in sorted(self.started)]

    def lag_stats(self) -> dict[str, Any]:
        return {
            "generators": self.generators,
            "generator_lag_p99_ms": round(1000 * max(self.lag_p99_s, default=0.0), 1),
            "generator_lag_p99_ms_per_process": [round(1000 * x, 1) for x in self.lag_p99_s],
            "generator_cpu_s": round(self.cpu_s, 2),
        }


def merge_acked(into: dict[tuple[int, int], Ack], acked: dict[tuple[int, int], Ack]) -> None:
    """Keep the newest acknowledged save per (attempt, question)."""
    for key, ack in acked.items():
        current = into.get(key)
        if current is None or ack.seq >= current.seq:
            into[key] = ack


def offer(
    base: str,
    offsets: list[float],
    jobs: list[Job],
    owners: list[int],
    generators: int,
    client_kw: dict[str, Any],
    on_start: Callable[[], None] | None = None,
    timeout: float = 600.0,
) -> Offered:
    """Send jobs[i] at offsets[i] (seconds after a shared t0, not waiting for the previous:
    open loop) from `generators` processes, job i from process owners[i] % generators.
    `on_start` runs once every process is ready, just before t0 is given (a CPU meter's start);
    `client_kw`: the Client's settings, `connections` the total over the processes."""
    n = max(1, min(generators, len(jobs) or 1))
    shares: list[list[tuple[int, float, Job]]] = [[] for _ in range(n)]
    for i, (offset, job) in enumerate(zip(offsets, jobs, strict=True)):
        shares[owners[i] % n].append((i, offset, job))
    kw = {**client_kw, "connections": max(1, client_kw.get("connections", 512) // n)}
    ctx = multiprocessing.get_context("fork")
    results, ready, go = ctx.Queue(), ctx.Queue(), ctx.Queue()
    procs = [
        ctx.Process(target=_generator, args=(base, share, kw, ready, go, results), daemon=True)
        for share in shares
    ]
    gc.freeze()  # the children's collections skip what they inherit (no pause walking it)
    for p in procs:
        p.start()
    gc.unfreeze()
    try:
        for _ in procs:
            ready.get(timeout=60)
        if on_start is not None:
            on_start()
        t0 = time.time() + LEAD_S
        for _ in procs:
            go.put(t0)
        out = Offered(n)
        until = time.monotonic() + timeout + (offsets[-1] if offsets else 0.0)
        for _ in procs:
            _merge(out, _result(results, procs, until))
    finally:
        for p in procs:
            p.join(10)
            if p.is_alive():
                p.kill()
    out.samples.sort(key=lambda s: s.start)
    return out


def _result(results: Any, procs: list[Any], until: float) -> dict[str, Any]:
    """The next process's results; a process that died or a run past `until` ends the bench
    (rather than waiting for results that will not come)."""
    while True:
        try:
            got: dict[str, Any] = results.get(timeout=1.0)
            return got
        except queue.Empty:
            dead = [p.exitcode for p in procs if p.exitcode not in (None, 0)]
            if dead:
                raise SystemExit(f"a load generator process failed (exit codes {dead})") from None
            if time.monotonic() > until:
                raise SystemExit("the load generators did not finish in time") from None


def _merge(out: Offered, got: dict[str, Any]) -> None:
    out.samples += [common.Sample(*row) for row in got["samples"]]
    out.lag_p99_s.append(got["lag_p99_s"])
    out.cpu_s += got["cpu_s"]
    questions = got["questions"]
    for i, (attempt_id, token, qids) in got["started"].items():
        out.started[i] = {
            "id": attempt_id,
            "token": token,
            "questions": [questions[q] for q in qids],
        }
    out.served.update(got["served"])
    merge_acked(out.acked, {k: Ack(**v) for k, v in got["acked"].items()})
    out.submitted.update(got["submitted"])
    out.problems += got["problems"]


def _generator(
    base: str,
    share: list[tuple[int, float, Job]],
    client_kw: dict[str, Any],
    ready: Any,
    go: Any,
    results: Any,
) -> None:
    """One generator process: its share of the jobs at t0 + offset; results to `results`."""
    random.seed()  # forked: not the parent's (nor a sibling's) retry jitter

    async def main() -> dict[str, Any]:
        recorder = Recorder()
        load = Load(Client(base, recorder, **client_kw))
        started: dict[int, tuple[int, str, list[int]]] = {}
        questions: dict[int, dict[str, Any]] = {}
        served: dict[int, tuple[int, float]] = {}
        ready.put(True)
        t0_wall = go.get()  # nothing else runs yet: blocking is fine
        # the shared wall-clock t0 on this process's monotonic clock (what the Client uses)
        t0 = t0_wall - (time.time() - time.monotonic())
        recorder.t0 = t0
        cpu0 = time.process_time()

        def learned(i: int, attempt: dict[str, Any]) -> None:
            # the questions once per process, each attempt by their ids: far less to send back
            for q in attempt["questions"]:
                questions.setdefault(q["id"], q)
            started[i] = (attempt["id"], attempt["token"], [q["id"] for q in attempt["questions"]])

        async def run(i: int, job: Job, due: float) -> None:
            kind = job[0]
            if kind == "start":
                got = await load.start(job[1], job[2], due)
                if got is not None:
                    learned(i, got)
            elif kind == "save":
                await load.put(job[1], job[2], job[3], job[4], due)
            elif kind == "submit":
                await load.submit(job[1], job[2], due)
            elif kind == "student":
                await student(i, job[1], job[2], job[3], due)
            else:
                raise ValueError(f"unknown job {kind}")

        async def student(i: int, exam_id: int, token: str, jitter: float, due: float) -> None:
            attempt = await load.start(exam_id, token, due)
            if attempt is None:
                return
            received = time.monotonic()
            served[i] = (attempt["id"], received - t0)
            learned(i, attempt)
            view = attempt["view"]
            left = (
                datetime.fromisoformat(view["deadline"])
                - datetime.fromisoformat(view["server_now"])
            ).total_seconds()
            deadline = received + left
            rng = random.Random(i)
            await asyncio.sleep(
                max(0.0, rng.uniform(received, deadline - jitter - 1) - time.monotonic())
            )
            await load.save(attempt)
            await asyncio.sleep(max(0.0, deadline - rng.uniform(0.2, jitter) - time.monotonic()))
            await load.submit(attempt["id"], token)

        lags: list[float] = []
        tasks = []
        try:
            for i, offset, job in share:
                due = t0 + offset
                await asyncio.sleep(max(0.0, due - time.monotonic()))
                lags.append(time.monotonic() - due)
                tasks.append(asyncio.create_task(run(i, job, due)))
            await asyncio.gather(*tasks)
        finally:
            await load.client.close()
        lags.sort()
        return {
            "samples": [(s.op, s.start, s.latency, s.status, s.tries) for s in recorder.samples],
            "lag_p99_s": common.percentile(lags, 0.99) if lags else 0.0,
            "cpu_s": time.process_time() - cpu0,
            "started": started,
            "questions": questions,
            "served": served,
            "acked": {k: v.__dict__ for k, v in load.acked.items()},
            "submitted": load.submitted,
            "problems": load.problems,
        }

    results.put(asyncio.run(main()))
