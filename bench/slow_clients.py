"""Slow clients against three ways of serving the app: which one keeps answering everyone else?

    .venv/bin/python bench/slow_clients.py [--clients 2 16 64] [--hold 12]

Servers (each with 2 app processes, the production settings otherwise, the same database):

- ``gunicorn``: gunicorn alone (backend/gunicorn.conf.py, 2 gthread workers x 1 thread);
- ``granian``: Granian alone (an HTTP server in Rust that runs the WSGI app in its own worker
  processes; `python -m online_exam.app_server`), 2 workers x 2 blocking threads;
- ``nginx``: the production stack (deploy/: nginx in front of 2 Granian instances of 1 worker
  each; `make serve-prod`);
- ``nginx-gunicorn``: the same with APP_SERVER=gunicorn (the stack before Granian).

For each server and each kind of slow client (``headers``: request headers at 1 byte/s;
``body``: a POST body at 1 byte/s, see bench/slow.py) and each count K, K slow clients hold on
for --hold seconds while one normal client measures, one request after another, each on a new
connection with a --probe-timeout: ``GET /api/health`` and an authenticated autosave
(``PUT /api/attempts/{id}/responses/{qid}``). A timed-out request counts as an error with the
timeout as its latency. Loopback only; everything is bounded and stops by itself.
Results: bench/results/<--name>.{json,md} (default slow-clients; slow-clients-granian is
`--servers granian nginx --name slow-clients-granian`).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
import slow

SERVERS = ("gunicorn", "granian", "nginx", "nginx-gunicorn")


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--servers", nargs="+", default=list(SERVERS), choices=SERVERS)
    p.add_argument("--clients", type=int, nargs="+", default=[2, 16, 64])
    p.add_argument("--modes", nargs="+", default=list(slow.MODES), choices=slow.MODES)
    p.add_argument("--hold", type=float, default=15.0, help="seconds the slow clients hold on")
    p.add_argument("--probe-timeout", type=float, default=5.0)
    p.add_argument(
        "--pg",
        default=os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
    )
    p.add_argument("--out", default=str(common.RESULTS))
    p.add_argument("--name", default="slow-clients", help="the results' file name")
    p.add_argument("--timeout", type=float, default=1200)
    return p.parse_args()


# --------------------------------------------------------------------------- servers


class Granian:
    """Granian alone serving the app (`python -m online_exam.app_server`, own session)."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = common.free_port()
        self.handle = log.open("wb")
        self.process = subprocess.Popen(
            [str(common.VENV_BIN / "python"), "-m", "online_exam.app_server"],
            cwd=common.BACKEND,
            env={
                **os.environ,
                **env,
                "APP_SERVER": "granian",
                "APP_BIND": f"127.0.0.1:{self.port}",
                "WEB_CONCURRENCY": "2",
            },
            stdout=self.handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        sys.path.insert(0, str(common.ROOT / "deploy"))
        import serve

        serve.wait_healthy(f"{self.base}/api/health", 120, self.process)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
        self.handle.close()


def start(name: str, env: dict[str, str], scratch: Path) -> Any:
    if name == "gunicorn":
        return common.start_server(
            "online_exam.wsgi:app", {**env, "GUNICORN_WORKERS": "2"}, scratch / "slow-gunicorn.log"
        )
    if name in ("nginx", "nginx-gunicorn"):
        server = "gunicorn" if name == "nginx-gunicorn" else "granian"
        stack_env = {**env, "APP_SERVER": server, "WEB_CONCURRENCY": "1"}
        return common.start_stack(stack_env, scratch, instances=2)
    return Granian(env, scratch / "slow-granian.log")


def port_of(server: Any) -> int:
    return int(server.base.rsplit(":", 1)[1])


# --------------------------------------------------------------------------- measuring


async def probe(
    base: str, target: dict[str, Any], seconds: float, timeout: float
) -> list[common.Sample]:
    """One normal client: health and autosave in turn, each on a new connection."""
    samples: list[common.Sample] = []
    token, attempt_id, question = target["token"], target["attempt_id"], target["question"]
    t0 = time.monotonic()
    stop = t0 + seconds
    connector = aiohttp.TCPConnector(force_close=True)
    async with aiohttp.ClientSession(
        connector=connector, timeout=aiohttp.ClientTimeout(total=timeout)
    ) as session:
        turn = 0
        while time.monotonic() < stop:
            turn += 1
            if turn % 2:
                op, method, path, body, headers = "health", "GET", "/api/health", None, {}
            else:
                target["seq"] += 1  # every save newer than the last, across rounds
                op, method = "autosave", "PUT"
                path = f"/api/attempts/{attempt_id}/responses/{question['id']}"
                body = {"selected_ids": [question["alternatives"][0]["id"]], "seq": target["seq"]}
                headers = {"Authorization": f"Bearer {token}"}
            began = time.monotonic()
            try:
                async with session.request(method, base + path, json=body, headers=headers) as r:
                    await r.read()
                    status = r.status
            except (TimeoutError, aiohttp.ClientError):
                status = 0
            samples.append(common.Sample(op, began - t0, time.monotonic() - began, status, 1))
            await asyncio.sleep(0.05)
    return samples


async def one_round(
    server: Any, mode: str, count: int, hold: float, timeout: float, target: dict[str, Any]
) -> dict[str, Any]:
    port = port_of(server)
    slow_task = asyncio.create_task(slow.hold(port, mode, count, hold)) if count else None
    await asyncio.sleep(min(2.0, hold / 4) if count else 0.0)  # let them connect
    samples = await probe(
        server.base, target, hold - (min(2.0, hold / 4) if count else 0.0), timeout
    )
    stats = await slow_task if slow_task else slow.SlowStats()
    summary = common.summarize(samples, ok=(200,))
    return {
        "mode": mode if count else "none",
        "slow_clients": count,
        "slow": stats.__dict__,
        "health": summary.get("health", {}),
        "autosave": summary.get("autosave", {}),
    }


async def start_attempt(base: str, token: str, exam_id: int) -> dict[str, Any]:
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            f"{base}/api/exams/{exam_id}/attempts", headers={"Authorization": f"Bearer {token}"}
        ) as r,
    ):
        view = await r.json()
        assert r.status in (200, 201), view
    question = next(q for q in view["questions"] if q["type"] == "single")
    return {"token": token, "attempt_id": view["id"], "question": question, "seq": 0}


# --------------------------------------------------------------------------- report


def ok_of(x: dict[str, Any]) -> str:
    return f"{x.get('count', 0) - x.get('errors', 0)}/{x.get('count', 0)}"


def report(out: Path, name: str, result: dict[str, Any]) -> None:
    lines = [
        "# Slow clients: who keeps answering?",
        "",
        f"K clients send a request at 1 byte/s (headers: the request headers; body: a POST "
        f"body after complete headers) for {result['config']['hold']} s while one normal "
        "client sends `GET /api/health` and an authenticated autosave one after another, each "
        f"on a new connection with a {result['config']['probe_timeout']} s timeout (a timeout "
        "counts as an error, at the timeout). Every server runs 2 app processes. "
        f"Load average before {result['load_before']}, after {result['load_after']}.",
        "",
        "| server | slow clients | K | health ok/sent | health p50 / p99 / max ms "
        "| autosave ok/sent | autosave p50 / p99 / max ms | slow conns cut by server |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in result["rounds"]:
        h, a, s = row["health"], row["autosave"], row["slow"]

        def cell(x: dict[str, Any]) -> str:
            return f"{x.get('p50_ms', '-')} / {x.get('p99_ms', '-')} / {x.get('max_ms', '-')}"

        lines.append(
            f"| {row['server']} | {row['mode']} | {row['slow_clients']} | {ok_of(h)} | {cell(h)} | "
            f"{ok_of(a)} | {cell(a)} | {s['closed_by_server']} of {s['connections']} |"
        )
    common.write_report(out, name, result, lines)


def main() -> int:
    args = parse_args()
    signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(SystemExit("global timeout")))
    signal.alarm(int(args.timeout))
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    out = Path(args.out)
    scratch = out / "scratch"
    scratch.mkdir(parents=True, exist_ok=True)
    load_before = common.load_average()
    url = common.fresh_database(args.pg, "oe_bench_slow")
    secret = common.new_secret()
    seeded = common.seed(url, 4, 5, 60, secret)
    token = common.mint_token(secret, seeded.students[0][0], minutes=120)
    env = common.server_env(url, secret)
    rounds: list[dict[str, Any]] = []
    target: dict[str, Any] | None = None
    for name in args.servers:
        server = start(name, env, scratch)
        try:
            if target is None:  # the untimed exam: the attempt stays open for every round
                target = asyncio.run(start_attempt(server.base, token, seeded.capacity_exam_id))
            plan = [("headers", 0)] + [(m, k) for m in args.modes for k in args.clients]
            for mode, count in plan:
                row = asyncio.run(
                    one_round(server, mode, count, args.hold, args.probe_timeout, target)
                )
                row["server"] = name
                rounds.append(row)
                h, a = row["health"], row["autosave"]
                print(
                    f"{name:8s} {row['mode']:7s} K={count:3d}: health {ok_of(h)} "
                    f"p99 {h.get('p99_ms')} ms; autosave {ok_of(a)} p99 {a.get('p99_ms')} ms; "
                    f"slow {row['slow']}",
                    flush=True,
                )
                time.sleep(1.0)
        finally:
            server.stop()
    result = {
        "config": vars(args),
        "load_before": load_before,
        "load_after": common.load_average(),
        "rounds": rounds,
    }
    report(out, args.name, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
