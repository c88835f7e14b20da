"""The yardstick: a bare Flask JSON endpoint served by the same gunicorn configuration.

PUT /api/bare/<attempt>/<question> parses the JSON body and answers a JSON object of the
autosave's size — no auth, no database. The exam-day run reports our autosave throughput as a
fraction of this one's (same load generator, same concurrency, same worker settings).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Flask, request

app = Flask(__name__)


@app.put("/api/bare/<int:attempt_id>/<int:question_id>")
def bare(attempt_id: int, question_id: int) -> dict[str, Any]:
    body = request.get_json()
    now = datetime.now(UTC).isoformat()
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


@app.get("/api/health")
def health() -> dict[str, str]:
    return {"status": "ok"}
