"""EXPLAIN every SQL statement of the exam-day requests, as the app sends them.

    .venv/bin/python bench/explain.py [--db oe_bench]     (after `make bench`: real row counts)

Runs the hot requests in-process (test client) against the bench database: sign-in, start,
resume, view, autosave, submit, my attempts, the author's results and the catalogue; records
each statement with its parameters and asks PostgreSQL for its plan with sequential scans
discouraged (enable_seqscan=off), so a plan that still scans a table means no index can serve
the query. Writes bench/results/explain.md. The requests are real and
commit (one student signs in, starts, answers and submits the capacity exam): run it on a
bench database only.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common

SMALL_TABLES = {"exams", "alembic_version"}  # a handful of rows by nature


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument(
        "--pg",
        default=os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"),
    )
    p.add_argument("--db", default="oe_bench")
    p.add_argument("--out", default=str(common.RESULTS / "explain.md"))
    args = p.parse_args()
    url = common.pg_url(args.pg, args.db)
    common.check_loopback(url)
    os.environ.update(common.server_env(url, "explain-" + "k" * 40))
    sys.path.insert(0, str(common.BACKEND / "src"))
    import psycopg
    from online_exam import create_app
    from online_exam.extensions import db
    from sqlalchemy import event

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE")
        counts = {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608
            for t in ("users", "exams", "questions", "alternatives", "attempts", "responses")
        }
        exam_id, capacity_id, author_id = conn.execute(
            "SELECT min(id) FILTER (WHERE time_limit_minutes IS NOT NULL), "
            "min(id) FILTER (WHERE time_limit_minutes IS NULL), min(created_by_id) FROM exams"
        ).fetchone()
        student_id = conn.execute(
            "SELECT u.id FROM users u WHERE u.role = 'student' AND NOT EXISTS "
            "(SELECT 1 FROM attempts a WHERE a.user_id = u.id AND a.exam_id = %s) "
            "ORDER BY u.id DESC LIMIT 1",
            (capacity_id,),
        ).fetchone()[0]
        email = conn.execute("SELECT email FROM users WHERE id = %s", (student_id,)).fetchone()[0]

    app = create_app({"RATELIMIT_ENABLED": False})
    captured: list[tuple[str, str, Any]] = []
    current = {"request": ""}

    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "before_cursor_execute")
    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        captured.append((current["request"], statement, parameters))

    client = app.test_client()
    student = {"Authorization": "Bearer " + common.mint_token(app.config["SECRET_KEY"], student_id)}
    author = {"Authorization": "Bearer " + common.mint_token(app.config["SECRET_KEY"], author_id)}

    def do(
        name: str, method: str, path: str, headers: dict[str, str] | None = None, body: Any = None
    ) -> Any:
        current["request"] = name
        response = client.open(path, method=method, json=body, headers=headers or {})
        assert response.status_code < 400, (name, response.status_code, response.json)
        return response.json

    do("sign-in", "POST", "/api/auth/login", body={"email": email, "password": common.PASSWORD})
    attempt = do("start", "POST", f"/api/exams/{capacity_id}/attempts", student)
    do("resume", "POST", f"/api/exams/{capacity_id}/attempts", student)
    do("view", "GET", f"/api/attempts/{attempt['id']}", student)
    question = attempt["questions"][0]
    answer = (
        {"selected_ids": [question["alternatives"][0]["id"]]}
        if question["alternatives"]
        else {"text": "x"}
    )
    if question["type"] == "numeric":
        answer = {"number": 1.0}
    do(
        "autosave",
        "PUT",
        f"/api/attempts/{attempt['id']}/responses/{question['id']}",
        student,
        {**answer, "seq": 1},
    )
    do("submit", "POST", f"/api/attempts/{attempt['id']}/submit", student, {"responses": []})
    do("my attempts", "GET", "/api/me/attempts", student)
    do("results (author)", "GET", f"/api/exams/{exam_id}/results?page=2", author)
    do("catalogue", "GET", "/api/exams?page=1", student)
    do("author's exams", "GET", "/api/author/exams", author)

    rows = []
    with psycopg.connect(url) as conn:
        conn.execute("SET enable_seqscan = off")
        for request, statement, parameters in captured:
            if not re.match(r"\s*(SELECT|UPDATE|INSERT|DELETE)", statement, re.I):
                continue
            params = parameters if isinstance(parameters, dict | tuple | list) else None
            if isinstance(params, list):  # executemany: the first row's plan
                params = params[0] if params else None
            try:
                plan = conn.execute("EXPLAIN (FORMAT JSON) " + statement, params).fetchone()[0]
            except psycopg.Error as error:
                conn.rollback()
                conn.execute("SET enable_seqscan = off")
                rows.append(
                    (request, statement, f"(not explained: {error.__class__.__name__})", [])
                )
                continue
            scans = _scans(plan[0]["Plan"])
            seq = [t for kind, t in scans if kind == "Seq Scan" and t not in SMALL_TABLES]
            rows.append((request, statement, ", ".join(f"{k} {t}" for k, t in scans) or "-", seq))
        conn.rollback()
    problems = [r for r in rows if r[3]]
    lines = [
        "# EXPLAIN of the exam-day statements",
        "",
        f"Database {args.db}: " + ", ".join(f"{t} {n}" for t, n in counts.items()) + ". "
        "Plans taken with enable_seqscan=off: a Seq Scan left means no index serves the query.",
        "",
        f"**{len(problems)} statement(s) without an index** "
        f"(tables other than {sorted(SMALL_TABLES)}).",
        "",
        "| request | statement | scans |",
        "|---|---|---|",
    ]
    for request, statement, scans, seq in rows:
        short = " ".join(statement.split())
        short = re.sub(r"SELECT .*? FROM", "SELECT … FROM", short, count=1)[:140]
        mark = " **(no index)**" if seq else ""
        lines.append(f"| {request} | `{short}` | {scans}{mark} |")
    Path(args.out).write_text("\n".join(lines) + "\n")
    print("\n".join(lines[:6]))
    print(f"-> {args.out}")
    return 1 if problems else 0


def _scans(node: dict[str, Any]) -> list[tuple[str, str]]:
    found = []
    if "Relation Name" in node:
        label = node["Node Type"]
        if "Index Name" in node:
            label += f" ({node['Index Name']})"
        found.append(
            (node["Node Type"] if node["Node Type"] == "Seq Scan" else label, node["Relation Name"])
        )
    for child in node.get("Plans", []):
        found.extend(_scans(child))
    return found


if __name__ == "__main__":
    json  # noqa: B018 (kept for ad-hoc debugging of plans)
    sys.exit(main())
