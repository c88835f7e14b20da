"""The yardsticks: bare Flask JSON endpoints served by the same gunicorn configuration.

PUT /api/bare/<attempt>/<question> parses the JSON body and answers a JSON object of the
autosave's size — no auth, no database. The exam-day run reports our autosave throughput as a
fraction of this one's (same load generator, same concurrency, same worker settings).

PUT /api/bare-db/<attempt>/<question> is the floor of any durable autosave: the same, plus one
`INSERT … ON CONFLICT DO UPDATE` in its own transaction (psycopg, autocommit, one round trip,
one connection per thread) into a scratch table of BARE_DATABASE_URL — no auth, no checks, no
ORM. What it reaches bounds what a real autosave (which must also authenticate, lock the
attempt and validate the answer) can reach on the same machine.
"""

from __future__ import annotations

import gc
import os
import threading
from datetime import UTC, datetime
from typing import Any

from flask import Flask, request

app = Flask(__name__)
# The garbage-collector tuning the app's processes get (online_exam.app_server.tune_gc), so the
# yardsticks run as the app does; not imported, to measure trees from before it too.
gc.freeze()
gc.set_threshold(20000, 20, 20)
FLOOR_TABLE = """
CREATE TABLE IF NOT EXISTS bench_floor (
    attempt_id integer NOT NULL,
    question_id integer NOT NULL,
    body jsonb NOT NULL,
    seq integer NOT NULL,
    saved_at timestamptz NOT NULL,
    PRIMARY KEY (attempt_id, question_id)
)
"""
UPSERT = """
INSERT INTO bench_floor (attempt_id, question_id, body, seq, saved_at)
VALUES (%s, %s, %s, %s, %s)
ON CONFLICT (attempt_id, question_id) DO UPDATE
SET body = excluded.body, seq = excluded.seq, saved_at = excluded.saved_at
WHERE bench_floor.seq < excluded.seq
"""
_local = threading.local()


def _answer(attempt_id: int, question_id: int, body: dict[str, Any], now: str) -> dict[str, Any]:
    return {
        "attempt_id": attempt_id,
        "question_id": question_id,
        "selected_ids": body.get("selected_ids") or [],
        "text": body.get("text"),
        "number": body.get("number"),
        "seq": body["seq"],
        "saved_at": now,
        "stale": False,
        "state": "in_progress",
        "deadline": now,
        "server_now": now,
        "grace_period_seconds": 30,
    }


@app.put("/api/bare/<int:attempt_id>/<int:question_id>")
def bare(attempt_id: int, question_id: int) -> dict[str, Any]:
    body = request.get_json()
    return _answer(attempt_id, question_id, body, datetime.now(UTC).isoformat())


@app.put("/api/bare-db/<int:attempt_id>/<int:question_id>")
def bare_db(attempt_id: int, question_id: int) -> dict[str, Any]:
    import psycopg
    from psycopg.types.json import Jsonb

    body = request.get_json()
    now = datetime.now(UTC)
    connection = getattr(_local, "connection", None)
    if connection is None:  # the table exists: the bench creates it (create_floor_table)
        connection = psycopg.connect(os.environ["BARE_DATABASE_URL"], autocommit=True)
        _local.connection = connection
    connection.execute(UPSERT, (attempt_id, question_id, Jsonb(body), body["seq"], now))
    return _answer(attempt_id, question_id, body, now.isoformat())


def create_floor_table(url: str) -> None:
    """Before the server starts: concurrent CREATE TABLE IF NOT EXISTS can collide."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(FLOOR_TABLE)


@app.get("/api/health")
def health() -> dict[str, str]:
    return {"status": "ok"}
