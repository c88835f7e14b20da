"""Shared pieces of the exam-day benchmark and the fault tests.

- a fresh PostgreSQL database (only names starting with ``oe_bench``), migrated by the app's
  own migrations, with students inserted in bulk under ONE precomputed argon2id hash (the
  hash parameters are the app's, full strength: hashing 3000 passwords would take minutes);
- the production server (gunicorn with backend/gunicorn.conf.py) as a subprocess;
- a bounded HTTP client with idempotent retries and latency recording;
- statistics (throughput, p50/p95/p99/max) and the database verification (nothing lost).

Everything talks to loopback only.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import orjson
import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[1]
BACKEND = ROOT / "backend"
VENV_BIN = ROOT / ".venv" / "bin"
RESULTS = ROOT / "bench" / "results"
PASSWORD = "exam-day-bench-password"  # noqa: S105 - every bench student's (one hash for all)
LOOPBACK = ("127.", "localhost", "[::1]")
# Rate-limit counters, shared by every process of a server as in production. Each run's
# students get their own e-mail domain (seed()), so runs never share a per-account counter.
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
# ...and the app's own counters get a prefix of this run's (RATELIMIT_KEY_PREFIX).
REDIS_PREFIX = f"oe-bench-{os.getpid()}-{secrets.token_hex(3)}"


# --------------------------------------------------------------------------- database


def pg_url(base: str, dbname: str) -> str:
    """`base` (postgresql://user@host:port[/db]) pointed at `dbname`."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    params = conninfo_to_dict(base)
    params["dbname"] = dbname
    host = params.get("host", "127.0.0.1")
    port = params.get("port", "5432")
    user = params.get("user", "postgres")
    assert make_conninfo(**params)  # validates
    return f"postgresql://{user}@{host}:{port}/{dbname}"


def check_loopback(url: str) -> None:
    host = url.split("@", 1)[-1].split("/", 1)[0]
    if not host.startswith(LOOPBACK):
        sys.exit(f"refusing a non-loopback address: {url}")


def fresh_database(base_url: str, name: str) -> str:
    """Drop and create `name` (must start with oe_bench); return its URL."""
    if not name.startswith("oe_bench"):
        sys.exit(f"the benchmark only uses databases named oe_bench*: {name!r}")
    check_loopback(base_url)
    admin = pg_url(base_url, "postgres")
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = pg_url(base_url, name)
    env = {**os.environ, "DATABASE_URL": url, "FLASK_APP": "online_exam"}
    subprocess.run(
        [str(VENV_BIN / "flask"), "db", "upgrade"],
        cwd=BACKEND,
        env=env,
        check=True,
        capture_output=True,
    )
    return url


QUESTION_KINDS = [
    {
        "type": "single",
        "text": "Pick the right one (single choice).",
        "points": 2.0,
        "alternatives": [
            {"text": "wrong A", "credit": 0.0},
            {"text": "right", "credit": 1.0},
            {"text": "wrong B", "credit": 0.0},
            {"text": "wrong C", "credit": 0.0},
        ],
    },
    {
        "type": "multiple",
        "text": "Pick all that apply (multiple response).",
        "points": 3.0,
        "alternatives": [
            {"text": "yes 1", "credit": 0.5},
            {"text": "yes 2", "credit": 0.5},
            {"text": "no 1", "credit": -0.5},
            {"text": "no 2", "credit": 0.0},
        ],
    },
    {"type": "true_false", "text": "True or false?", "correct": True},
    {
        "type": "short_answer",
        "text": "The capital of France?",
        "alternatives": [{"text": "Paris", "credit": 1.0}],
    },
    {
        "type": "numeric",
        "text": "Pi to two decimals?",
        "numeric_answer": 3.14159,
        "numeric_tolerance": 0.005,
    },
]


# The types of issue 15 (essay graded by hand, matching, ordering, cloze), for --shape new.
NEW_KINDS = [
    {"type": "essay", "text": "Explain your reasoning (essay).", "points": 4.0, "word_limit": 200},
    {
        "type": "matching",
        "text": "Match the capitals.",
        "points": 3.0,
        "alternatives": [
            {"text": "France", "match": "Paris"},
            {"text": "Italy", "match": "Rome"},
            {"text": "Spain", "match": "Madrid"},
            {"text": "", "match": "Berlin"},
        ],
    },
    {
        "type": "ordering",
        "text": "Smallest first.",
        "points": 2.0,
        "ordering_credit": "per_item",
        "alternatives": [{"text": t} for t in ("ant", "cat", "horse", "whale")],
    },
    {
        "type": "cloze",
        "text": "Water boils at {#1} degrees and is {#2}.",
        "points": 2.0,
        "gaps": [{"kind": "text"}, {"kind": "choice"}],
        "alternatives": [
            {"text": "100", "credit": 1.0, "gap": 1},
            {"text": "wet", "credit": 1.0, "gap": 2},
            {"text": "dry", "credit": 0.0, "gap": 2},
        ],
    },
]
SHAPES = ("old", "new")
# --shape new: per attempt the same number of questions as --shape old, of which SLOTS x
# SLOT_COUNT come from random slots (each drawing SLOT_COUNT of a pool of SLOT_POOL bank
# questions of every kind), the rest fixed questions of all nine kinds.
SLOTS, SLOT_COUNT, SLOT_POOL = 2, 3, 10


@dataclass
class Seeded:
    exam_id: int
    capacity_exam_id: int
    students: list[tuple[int, str]]  # (user id, e-mail)
    secret_key: str
    author_id: int  # the exams' author: sees their results and live view
    shape_exam_ids: dict[str, int] = field(default_factory=dict)  # seed(extra_shapes=...)
    timed_exam_ids: list[int] = field(default_factory=list)  # seed(extra_timed=...)


def seed(
    url: str,
    students: int,
    questions: int,
    minutes: int,
    secret_key: str,
    shape: str = "old",
    extra_shapes: tuple[str, ...] = (),
    extra_timed: tuple[int, ...] = (),
) -> Seeded:
    """The exam (published through the app's services, as the API would), a second untimed
    exam for the capacity measurement, and `students` accounts inserted in one bulk statement
    with one argon2id hash computed by the app (full strength).

    `shape` "old": `questions` fixed questions of the five original kinds; "new": the nine
    kinds (essay, matching, ordering, cloze too) and random slots (SLOTS slots of SLOT_COUNT
    from pools of SLOT_POOL), `questions` per attempt in all. `extra_shapes` adds one more
    timed exam per shape (Seeded.shape_exam_ids), for comparisons in one database;
    `extra_timed` one more exam of `shape` per time limit in minutes (Seeded.timed_exam_ids)."""
    os.environ["DATABASE_URL"] = url
    sys.path.insert(0, str(BACKEND / "src"))
    from online_exam import create_app
    from online_exam.auth.models import User
    from online_exam.auth.passwords import hash_password
    from online_exam.exams import service as exam_service
    from online_exam.extensions import db
    from sqlalchemy import insert, select

    app = create_app({"SECRET_KEY": secret_key, "RATELIMIT_ENABLED": False})
    with app.app_context():
        author = User(email="author@bench.example", display_name="Bench Author", role="author")
        db.session.add(author)
        db.session.flush()
        exam_ids = []
        plans = [("Exam day", minutes, shape), ("Capacity (untimed)", None, shape)]
        plans += [(f"Shape {s}", minutes, s) for s in extra_shapes]
        plans += [(f"Timed {i + 1}", m, shape) for i, m in enumerate(extra_timed)]
        for title, limit, kind in plans:
            exam = exam_service.create_exam(
                author,
                {
                    "title": title,
                    "time_limit_minutes": limit,
                    "max_attempts": 1 if limit else None,
                    "shuffle_questions": True,
                    "shuffle_alternatives": True,
                },
            )
            add_questions(exam.id, author, questions, kind, title)
            exam_service.publish(exam.id, author)
            exam_ids.append(exam.id)
        password_hash = hash_password(PASSWORD)  # one hash, the app's parameters
        now = datetime.now(UTC)
        domain = f"run-{secrets.token_hex(4)}.bench.example"
        rows = [
            {
                "email": f"student{i:05d}@{domain}",
                "display_name": f"Student {i}",
                "password_hash": password_hash,
                "role": "student",
                "is_active": True,
                "created_at": now,
                "updated_at": now,
            }
            for i in range(students)
        ]
        db.session.execute(insert(User), rows)
        db.session.commit()
        found = db.session.execute(
            select(User.id, User.email).where(User.role == "student").order_by(User.id)
        ).all()
        author_id = author.id
    with app.app_context():
        db.engine.dispose()
    students = [(uid, email) for uid, email in found]
    seeded = Seeded(exam_ids[0], exam_ids[1], students, secret_key, author_id)
    seeded.shape_exam_ids = dict(
        zip(extra_shapes, exam_ids[2 : 2 + len(extra_shapes)], strict=True)
    )
    seeded.timed_exam_ids = exam_ids[2 + len(extra_shapes) :]
    return seeded


def add_students(url: str, count: int) -> list[int]:
    """`count` more student accounts (one SQL statement, the first student's password hash):
    runs that need fresh students as they go (every start needs one who has not started).
    Returns their ids."""
    tag = secrets.token_hex(4)
    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute(
            "INSERT INTO users (email, display_name, password_hash, role, is_active, "
            "created_at, updated_at) "
            "SELECT 'more' || g || '@' || %s || '.bench.example', 'Student ' || g, "
            "(SELECT password_hash FROM users WHERE role = 'student' ORDER BY id LIMIT 1), "
            "'student', true, now(), now() FROM generate_series(1, %s) AS g RETURNING id",
            (tag, count),
        ).fetchall()
    return sorted(r[0] for r in rows)


def use_source(src: Path) -> None:
    """Run the app (migrations, seeding, every server this process starts) from another
    source tree, e.g. a checkout of main for a "before" figure in the same session. The
    bench itself (this code) stays this tree's."""
    global BACKEND
    backend = src.resolve() / "backend"
    if not (backend / "src" / "online_exam").is_dir():
        sys.exit(f"--src: no backend/src/online_exam under {src}")
    BACKEND = backend
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(backend / "src"), str(ROOT / "bench"), os.environ.get("PYTHONPATH", "")]
    ).rstrip(os.pathsep)
    sys.path.insert(0, str(backend / "src"))
    sys.path.insert(0, str(ROOT / "deploy"))
    import serve

    serve.BACKEND = backend  # the instances' cwd and settings come from the source tree
    if not (backend / "src" / "online_exam" / "app_server.py").is_file():
        # a tree from before app_server.py (e.g. the issue-19 baseline): gunicorn, as it ran
        conf = str(backend / "gunicorn.conf.py")
        serve.instance_command = lambda address: [
            *(str(VENV_BIN / "gunicorn"), "-c", conf, "--bind", address),
            "online_exam.wsgi:app",
        ]


def add_questions(exam_id: int, author: Any, questions: int, shape: str, title: str) -> None:
    """The exam's questions in `shape` (see seed), through the app's services."""
    from online_exam.bank import service as bank_service
    from online_exam.bank import slots as slot_service
    from online_exam.exams import questions as question_service

    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape!r}")
    kinds = QUESTION_KINDS if shape == "old" else QUESTION_KINDS + NEW_KINDS
    fixed = questions if shape == "old" else questions - SLOTS * SLOT_COUNT
    if fixed < (0 if shape == "old" else len(NEW_KINDS)):
        raise ValueError(
            f"--shape new needs at least {SLOTS * SLOT_COUNT + len(NEW_KINDS)} questions"
        )
    # the new kinds first, so every new-shape exam holds each of them whatever `questions`
    order = kinds if shape == "old" else NEW_KINDS + QUESTION_KINDS
    for i in range(fixed):
        spec = json.loads(json.dumps(order[i % len(order)]))
        spec["text"] = f"Q{i + 1}. {spec['text']}"
        question_service.add_question(exam_id, author, spec)
    if shape == "old":
        return
    for s in range(SLOTS):
        category = bank_service.create_category(author, {"name": f"{title} pool {s + 1}"})
        for i in range(SLOT_POOL):
            spec = json.loads(json.dumps(kinds[(i + s) % len(kinds)]))
            spec["text"] = f"Pool {s + 1}.{i + 1}. {spec['text']}"
            bank_service.create_question(author, {"category_id": category.id, "question": spec})
        slot_service.add_slot(
            exam_id, author, {"category_id": category.id, "count": SLOT_COUNT, "points": 2.0}
        )


def mint_token(secret_key: str, user_id: int, minutes: int = 60, role: str = "student") -> str:
    """An access token exactly as POST /api/auth/login issues it (HS256, same claims)."""
    import jwt

    now = datetime.now(UTC)
    claims = {
        "sub": str(user_id),
        "role": role,
        "iss": "online-exam",
        "aud": "online-exam-api",
        "iat": now,
        "nbf": now,
        "exp": now + timedelta(minutes=minutes),
    }
    return jwt.encode(claims, secret_key, algorithm="HS256")


# --------------------------------------------------------------------------- servers


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def worker_pids(self) -> list[int]:
        out = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True
        ).stdout
        return [int(p) for p in out.split()]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def start_server(
    app: str,
    env_extra: dict[str, str],
    log: Path,
    port: int | None = None,
    cwd: Path = BACKEND,
    granian: bool = False,
) -> Server:
    """gunicorn with backend/gunicorn.conf.py serving `app` (or, with `granian`, Granian with
    the app server's defaults: GUNICORN_WORKERS of `env_extra` workers x 2 blocking threads);
    waits until it answers."""
    port = port or free_port()
    env = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "PYTHONPATH": f"{BACKEND / 'src'}:{ROOT / 'bench'}",
        "RATELIMIT_STORAGE_URI": REDIS_URL,
        **env_extra,
    }
    command = [str(VENV_BIN / "gunicorn"), "-c", str(BACKEND / "gunicorn.conf.py"), app]
    if granian:
        workers = env.get("GUNICORN_WORKERS", "1")
        command = [
            *(str(VENV_BIN / "granian"), "--interface", "wsgi", "--workers", workers),
            *("--blocking-threads", "2", "--backlog", "2048", "--no-ws"),
            *("--host", "127.0.0.1", "--port", str(port), "--working-dir", str(cwd), app),
        ]
    log.parent.mkdir(parents=True, exist_ok=True)
    handle = log.open("wb")
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    server = Server(process, port, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"the server exited at start; see {log}:\n{log.read_text()[-3000:]}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            time.sleep(1.0)  # let every worker boot
            return server
        time.sleep(0.2)
    server.stop()
    sys.exit(f"the server did not start within 60 s; see {log}")


def start_stack(
    env: dict[str, str], scratch: Path, instances: int = 2, port: int | None = None
) -> Any:
    """The production stack of `make serve-prod` (deploy/serve.py: nginx in front of
    `instances` app instances) on a free port, logging into `scratch`; the database must
    be migrated already. Returns the started deploy.serve.Stack (stop() it)."""
    sys.path.insert(0, str(ROOT / "deploy"))
    import serve

    port = port or free_port()
    stack = serve.Stack(
        {"RATELIMIT_STORAGE_URI": REDIS_URL, **env},
        instances=instances,
        port=port,
        run_dir=scratch / f"stack-{port}",
        log_dir=scratch / f"stack-{port}",
    )
    try:
        stack.start(migrate=False)
    except BaseException:
        stack.stop()
        raise
    return stack


def server_env(url: str, secret_key: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    return {
        "APP_ENV": "production",
        "SECRET_KEY": secret_key,
        "DATABASE_URL": url,
        "RATELIMIT_STORAGE_URI": REDIS_URL,
        "RATELIMIT_KEY_PREFIX": REDIS_PREFIX,
        # Every bench student signs in from 127.0.0.1: the per-IP sign-in limit (default
        # 300/min, per worker with memory storage) would refuse most of them.
        "LOGIN_RATE_LIMIT_PER_IP": os.environ.get("LOGIN_RATE_LIMIT_PER_IP", "1000000 per minute"),
        # The exam starts minutes after sign-in; students would refresh, the bench does not.
        "ACCESS_TOKEN_MINUTES": "60",
        **(extra or {}),
    }


# --------------------------------------------------------------------------- client


RETRY_STATUSES = {429, 500, 502, 503, 504}


@dataclass
class Sample:
    op: str
    start: float  # seconds since the run's t0
    latency: float  # first try to final answer (retries included), seconds
    status: int  # final status; 0 = no answer (connection error / timeout)
    tries: int


@dataclass
class Recorder:
    t0: float = field(default_factory=time.monotonic)
    samples: list[Sample] = field(default_factory=list)

    def add(self, sample: Sample) -> None:
        self.samples.append(sample)


class Client:
    """One aiohttp session shared by every simulated student; bounded retries with backoff
    for the idempotent operations (start/resume, view, autosave, submit)."""

    def __init__(
        self,
        base: str,
        recorder: Recorder,
        connections: int = 256,
        timeout: float = 30.0,
        max_tries: int = 8,
        max_backoff: float = 4.0,
    ) -> None:
        if not base.startswith("http://127.0.0.1"):
            raise SystemExit(f"loopback only: {base}")
        self.base = base
        self.recorder = recorder
        self.max_tries = max_tries
        self.max_backoff = max_backoff
        self.connector = aiohttp.TCPConnector(limit=connections, force_close=False)
        self.session = aiohttp.ClientSession(
            connector=self.connector,
            timeout=aiohttp.ClientTimeout(total=timeout),
            json_serialize=json.dumps,
        )

    async def close(self) -> None:
        await self.session.close()

    async def call(
        self,
        op: str,
        method: str,
        path: str,
        token: str | None = None,
        body: Any = None,
        retry: bool = True,
        ok: tuple[int, ...] = (200, 201),
        headers: dict[str, str] | None = None,
        seen: dict[str, str] | None = None,
        since: float | None = None,
    ) -> tuple[int, Any]:
        """(status, JSON body or None); `headers` are sent too, `seen` receives the answer's.
        `since`: the monotonic time the request was due (open-loop arrivals): its latency
        counts from then, so a late load generator does not hide the wait."""
        headers = {**(headers or {}), **({"Authorization": f"Bearer {token}"} if token else {})}
        start = time.monotonic() if since is None else since
        tries = 0
        status, data = 0, None
        while True:
            tries += 1
            try:
                async with self.session.request(
                    method, self.base + path, json=body, headers=headers
                ) as response:
                    status = response.status
                    # orjson: the generators share the cores with the server, and a submit's
                    # answer (the review, ~25 KB) parses in 0.49 ms with the standard library,
                    # 0.20 ms with orjson.
                    data = await response.json(loads=orjson.loads, content_type=None)
                    if seen is not None:
                        seen.update(response.headers)
            except (TimeoutError, aiohttp.ClientError, json.JSONDecodeError):
                status, data = 0, None
            if status in ok or not retry or tries >= self.max_tries:
                break
            if status not in RETRY_STATUSES and status != 0:
                break
            await asyncio.sleep(min(self.max_backoff, 0.1 * 2**tries) * random.uniform(0.5, 1.0))
        end = time.monotonic()
        self.recorder.add(Sample(op, start - self.recorder.t0, end - start, status, tries))
        return status, data


# --------------------------------------------------------------------------- statistics


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return math.nan
    index = min(len(sorted_values) - 1, max(0, math.ceil(q * len(sorted_values)) - 1))
    return sorted_values[index]


def summarize(samples: list[Sample], ok: tuple[int, ...] = (200, 201)) -> dict[str, dict[str, Any]]:
    by_op: dict[str, list[Sample]] = defaultdict(list)
    for s in samples:
        by_op[s.op].append(s)
    out: dict[str, dict[str, Any]] = {}
    for op, rows in by_op.items():
        latencies = sorted(s.latency for s in rows)
        first = min(s.start for s in rows)
        last = max(s.start + s.latency for s in rows)
        span = max(last - first, 1e-9)
        errors = [s for s in rows if s.status not in ok]
        out[op] = {
            "count": len(rows),
            "errors": len(errors),
            "error_statuses": dict(sorted(_count(s.status for s in errors).items())),
            "retried": sum(1 for s in rows if s.tries > 1),
            "span_s": round(span, 2),
            "throughput_rps": round(len(rows) / span, 1),
            "p50_ms": round(1000 * percentile(latencies, 0.50), 1),
            "p95_ms": round(1000 * percentile(latencies, 0.95), 1),
            "p99_ms": round(1000 * percentile(latencies, 0.99), 1),
            "max_ms": round(1000 * latencies[-1], 1),
            "mean_ms": round(1000 * sum(latencies) / len(latencies), 1),
        }
    return out


def _count(values: Iterator[int] | Any) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for v in values:
        counts[str(v)] += 1
    return dict(counts)


# --------------------------------------------------------------------------- verification


@dataclass
class Ack:
    """The newest acknowledged save of one question of one attempt."""

    seq: int
    selected_ids: list[int]
    text: str | None
    number: float | None
    pairs: list[dict[str, int]] | None = None  # matching
    ordered_ids: list[int] | None = None  # ordering
    gaps: list[dict[str, Any]] | None = None  # cloze

    @classmethod
    def of(cls, data: dict[str, Any]) -> Ack:
        """From a save's answer (SaveOut): the value the server says it stored."""
        return cls(
            data["seq"],
            data["selected_ids"],
            data["text"],
            data["number"],
            data.get("pairs"),
            data.get("ordered_ids"),
            data.get("gaps"),
        )

    def value(self) -> tuple[Any, ...]:
        return (
            list(self.selected_ids or []),
            self.text,
            self.number,
            self.pairs or None,
            self.ordered_ids or None,
            self.gaps or None,
        )


def verify(
    url: str,
    exam_id: int,
    user_ids: list[int],
    acked: dict[tuple[int, int], Ack],
    submitted: dict[int, dict[str, Any]],
) -> dict[str, Any]:
    """Against the database: every acknowledged answer is stored (newest seq, same value in
    whichever field its type uses: selected_ids, text, number, pairs, ordered_ids, gaps) and
    graded (credit set; an answered essay instead waits for a person: credit NULL and its
    attempt marked awaiting grading); every student has exactly one attempt, submitted once;
    the stored score is the sum of credit x points; each submit answer matches the stored
    result."""
    with psycopg.connect(url, autocommit=True) as conn:
        attempts = conn.execute(
            "SELECT id, user_id, state, submitted_at, score, awaiting_grading FROM attempts "
            "WHERE exam_id = %s",
            (exam_id,),
        ).fetchall()
        responses = conn.execute(
            "SELECT r.attempt_id, r.question_id, r.client_seq, r.selected_ids, r.text, "
            "r.number, r.pairs, r.ordered_ids, r.gaps, r.credit, q.points, q.type "
            "FROM responses r JOIN attempts a ON a.id = r.attempt_id "
            "JOIN questions q ON q.id = r.question_id WHERE a.exam_id = %s",
            (exam_id,),
        ).fetchall()
    per_user: dict[int, int] = defaultdict(int)
    for _id, user_id, *_ in attempts:
        per_user[user_id] += 1
    stored = {row[:2]: row[2:] for row in responses}
    by_id = {a[0]: a for a in attempts}
    lost, changed, ungraded, not_awaiting = [], [], [], []
    kinds: dict[str, int] = defaultdict(int)
    for key, ack in acked.items():
        row = stored.get(key)
        if row is None or row[0] < ack.seq:
            lost.append(key)
            continue
        seq, sel, text, num, pairs, ordered, gaps, credit, _points, qtype = row
        kinds[qtype] += 1
        value = Ack(seq, sel, text, num, pairs, ordered, gaps).value()
        if seq == ack.seq and value != ack.value():
            changed.append(key)
        if qtype == "essay" and text:
            attempt = by_id.get(key[0])
            done = attempt is not None and attempt[2] != "in_progress"
            if credit is None and done and not attempt[5]:
                not_awaiting.append(key)  # ungraded essay, attempt not flagged
            continue
        if credit is None:
            ungraded.append(key)
    score_of: dict[int, float] = defaultdict(float)
    for a, *_rest, credit, points, _type in responses:
        score_of[a] += (credit or 0.0) * points
    wrong_score = [
        a_id
        for a_id, (_i, _u, state, _s, score, _w) in by_id.items()
        if state != "in_progress"
        and score is not None
        and abs(score - round(score_of[a_id], 2)) > 0.011
    ]
    mismatched_results = [
        a_id
        for a_id, result in submitted.items()
        if a_id not in by_id
        or by_id[a_id][2] != result["state"]
        or abs((by_id[a_id][4] or 0) - (result["score"] or 0)) > 1e-9
    ]
    states: dict[str, int] = defaultdict(int)
    for a in attempts:
        states[a[2]] += 1
    return {
        "students": len(user_ids),
        "attempts": len(attempts),
        "students_without_attempt": sum(1 for u in user_ids if per_user.get(u, 0) == 0),
        "students_with_several_attempts": sum(1 for c in per_user.values() if c > 1),
        "attempt_states": dict(states),
        "submitted_acknowledged": len(submitted),
        "submit_result_mismatch": len(mismatched_results),
        "acknowledged_answers": len(acked),
        "stored_answers": len(stored),
        "lost": len(lost),
        "changed": len(changed),
        "ungraded": len(ungraded),
        "essays_not_awaiting_grading": len(not_awaiting),
        "attempts_awaiting_grading": sum(1 for a in attempts if a[5]),
        "acknowledged_by_type": dict(sorted(kinds.items())),
        "wrong_score": len(wrong_score),
    }


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """utime + stime of each process (from /proc), seconds; gone processes are skipped."""
    tick = os.sysconf("SC_CLK_TCK")
    out = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[pid] = (int(fields[11]) + int(fields[12])) / tick
    return out


def backend_pids(url: str) -> list[int]:
    """PostgreSQL server processes serving the bench database (same host)."""
    dbname = url.rsplit("/", 1)[1]
    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (dbname,),
        ).fetchall()
    return [r[0] for r in rows]


class CpuMeter:
    """Server-side CPU used between start() and stop(): the app's workers and (optionally)
    the PostgreSQL backends of the bench database. Unlike throughput, CPU per request hardly
    depends on what else the shared machine runs, so it is what before/after comparisons use."""

    def __init__(self, server: Any, url: str | None = None) -> None:
        self.server, self.url = server, url

    def _pids(self) -> tuple[list[int], list[int], list[int]]:
        proxy = self.server.nginx_pids() if hasattr(self.server, "nginx_pids") else []
        return self.server.worker_pids(), backend_pids(self.url) if self.url else [], proxy

    def start(self) -> None:
        app, pg, proxy = self._pids()
        self.before = (cpu_seconds(app), cpu_seconds(pg), cpu_seconds(proxy))

    def stop(self) -> dict[str, Any]:
        app, pg, proxy = self._pids()
        after = (cpu_seconds(app), cpu_seconds(pg), cpu_seconds(proxy))
        used = [
            sum(v - self.before[i].get(pid, 0.0) for pid, v in after[i].items()) for i in (0, 1, 2)
        ]
        split = sorted(
            (round(v - self.before[0].get(pid, 0.0), 1) for pid, v in after[0].items()),
            reverse=True,
        )
        return {
            "app_cpu_s": round(used[0], 2),
            "db_cpu_s": round(used[1], 2),
            "proxy_cpu_s": round(used[2], 2),
            "app_cpu_s_per_worker": split,
        }


def write_report(out: Path, name: str, data: Any, lines: list[str]) -> None:
    """out/name.json (the data) and out/name.md (the lines), and the lines on stdout."""
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(data, indent=2) + "\n")
    (out / f"{name}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


def new_secret() -> str:
    return secrets.token_urlsafe(48)


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "load_before": load_average(),
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
    }
