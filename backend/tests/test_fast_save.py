"""The one-statement autosave on PostgreSQL (attempts/fast_save.py): one statement per save,
the same stored row and the same answers as the full path, and every refusal still answered
by the full path."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import text

from online_exam.attempts import fast_save
from online_exam.extensions import db
from tests.test_query_counts import counting

pytestmark = pytest.mark.postgres


def _rows(app, attempt_id):
    with app.app_context():
        return db.session.execute(
            text(
                "SELECT question_id, selected_ids::text, text, number, pairs::text, "
                "pairs IS NULL, ordered_ids::text, gaps::text, client_seq, credit, "
                "grader_comment FROM responses WHERE attempt_id = :a ORDER BY question_id"
            ),
            {"a": attempt_id},
        ).all()


def test_one_statement_and_the_same_row_as_the_full_path(app, client, auth, users, build_exam):
    exam = build_exam(users["author"], time_limit_minutes=10)
    started = client.post(f"/api/exams/{exam.id}/attempts", headers=auth["student"])
    attempt_id = started.json["id"]
    single, short = exam.q["single"], exam.q["short_answer"]
    choice = {"selected_ids": [exam.alternatives[single][0]], "seq": 1}
    words = {"text": "Paris", "seq": 1}

    def put(question_id, body):
        return client.put(
            f"/api/attempts/{attempt_id}/responses/{question_id}",
            json=body,
            headers=auth["student"],
        )

    with counting(app) as statements:
        fast = [put(single, choice).json, put(short, words).json]
    assert len(statements) == 2, statements  # one each, no BEGIN/COMMIT counted or sent
    fast_rows = _rows(app, attempt_id)
    with app.app_context():
        db.session.execute(text("DELETE FROM responses"))
        db.session.commit()
    fast_save.clear()  # the full path again (it remembers the attempt after the first save)
    with counting(app) as statements:
        full = [put(single, choice).json]
    assert len(statements) > 1
    fast_save.clear()
    full.append(put(short, words).json)
    assert _rows(app, attempt_id) == fast_rows
    for a, b in zip(fast, full, strict=True):
        for moving in ("saved_at", "server_now"):
            a.pop(moving), b.pop(moving)
        assert a == b


def test_stale_and_repeated_saves_answer_as_the_full_path(client, auth, users, build_exam):
    exam = build_exam(users["author"], time_limit_minutes=10)
    started = client.post(f"/api/exams/{exam.id}/attempts", headers=auth["student"])
    single = exam.q["single"]
    path = f"/api/attempts/{started.json['id']}/responses/{single}"
    first, second = exam.alternatives[single][:2]
    newer = client.put(path, json={"selected_ids": [second], "seq": 5}, headers=auth["student"])
    assert newer.json["stale"] is False
    assert newer.json["seq"] == 5
    older = client.put(path, json={"selected_ids": [first], "seq": 4}, headers=auth["student"])
    assert older.json["stale"] is True
    assert (older.json["selected_ids"], older.json["seq"]) == ([second], 5)
    assert older.json["saved_at"] == newer.json["saved_at"]
    same = client.put(path, json={"selected_ids": [second], "seq": 5}, headers=auth["student"])
    assert same.json["stale"] is False
    assert same.json["saved_at"] == newer.json["saved_at"]
    other = client.put(path, json={"selected_ids": [first], "seq": 5}, headers=auth["student"])
    assert other.json["stale"] is True
    assert other.json["selected_ids"] == [second]


def test_refusals_still_come_from_the_full_path(client, auth, users, build_exam, attempt_clock):
    exam = build_exam(users["author"], time_limit_minutes=10, grace_period_seconds=30)
    started = client.post(f"/api/exams/{exam.id}/attempts", headers=auth["student"])
    single = exam.q["single"]
    path = f"/api/attempts/{started.json['id']}/responses/{single}"
    body = {"selected_ids": [exam.alternatives[single][0]], "seq": 1}
    bad = client.put(path, json={"selected_ids": [10**9], "seq": 1}, headers=auth["student"])
    assert bad.status_code == 422
    assert client.put(path, json=body, headers=auth["author"]).status_code == 403
    attempt_clock.advance(minutes=10, seconds=31)
    late = client.put(path, json=body, headers=auth["student"])
    assert late.status_code == 409
    assert late.json["error"]["details"]["state"] == "expired"


def test_a_lost_connection_falls_back_to_the_full_path(app, client, auth, users, build_exam):
    """The fast statement runs on the pool's psycopg connection itself: a connection the
    server dropped (restart, idle kill) is discarded and the full path saves the answer."""
    exam = build_exam(users["author"], time_limit_minutes=10)
    started = client.post(f"/api/exams/{exam.id}/attempts", headers=auth["student"])
    single = exam.q["single"]
    path = f"/api/attempts/{started.json['id']}/responses/{single}"
    choice = exam.alternatives[single][0]
    assert client.put(path, json={"selected_ids": [choice], "seq": 1}, headers=auth["student"])
    with app.app_context():
        url = db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url, autocommit=True) as killer:  # outside the pool: all of the pool's
        killed = killer.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()
    assert killed is not None
    assert killed[0] >= 1
    saved = client.put(path, json={"selected_ids": [choice], "seq": 2}, headers=auth["student"])
    assert saved.status_code == 200, saved.json
    assert (saved.json["seq"], saved.json["stale"]) == (2, False)
    assert [row.client_seq for row in _rows(app, started.json["id"])] == [2]
