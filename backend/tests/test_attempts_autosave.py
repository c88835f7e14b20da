"""Autosave: validation per question type, seq ordering, clearing, access, and time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from online_exam.attempts.models import Attempt, Response
from online_exam.extensions import db


@pytest.fixture
def taking(client, users, auth, build_exam, attempt_clock):
    """A started attempt at the default exam (10 minutes, 30 s grace): (exam, attempt id)."""
    exam = build_exam(users["author"], time_limit_minutes=10, grace_period_seconds=30)
    attempt = client.post(f"/api/exams/{exam.id}/attempts", headers=auth["student"]).json
    return exam, attempt["id"]


def put(client, attempt_id, question_id, headers, body):
    return client.put(
        f"/api/attempts/{attempt_id}/responses/{question_id}", json=body, headers=headers
    )


def stored(app, attempt_id):
    with app.app_context():
        rows = db.session.scalars(select(Response).where(Response.attempt_id == attempt_id))
        return {r.question_id: (r.selected_ids, r.text, r.number, r.client_seq) for r in rows}


# --- valid saves --------------------------------------------------------------------------


def test_save_returns_the_saved_state_and_time(client, auth, taking, attempt_clock):
    exam, attempt_id = taking
    four = exam.alt[("single", "4")]
    r = put(
        client, attempt_id, exam.q["single"], auth["student"], {"selected_ids": [four], "seq": 1}
    )
    assert r.status_code == 200, r.json
    assert r.json == {
        "attempt_id": attempt_id,
        "question_id": exam.q["single"],
        "selected_ids": [four],
        "text": None,
        "number": None,
        "pairs": None,
        "ordered_ids": None,
        "gaps": None,
        "seq": 1,
        "saved_at": attempt_clock.now.isoformat(),
        "stale": False,
        "state": "in_progress",
        "deadline": (attempt_clock.now + timedelta(minutes=10)).isoformat(),
        "server_now": attempt_clock.now.isoformat(),
        "grace_period_seconds": 30,
    }


@pytest.mark.parametrize(
    ("qtype", "body", "expected"),
    [
        ("single", {"selected_ids": ["4"]}, (["4"], None, None)),
        ("multiple", {"selected_ids": ["2", "3"]}, (["2", "3"], None, None)),
        ("multiple", {"selected_ids": []}, ([], None, None)),
        ("true_false", {"selected_ids": ["False"]}, (["False"], None, None)),
        ("short_answer", {"text": "Paris"}, ([], "Paris", None)),
        ("short_answer", {"text": "x" * 10_000}, ([], "x" * 10_000, None)),
        ("numeric", {"number": 3.14}, ([], None, 3.14)),
        ("numeric", {"number": -2}, ([], None, -2)),
        # Empty fields of the other types are fine (clients may send one uniform shape).
        ("numeric", {"number": 1.5, "selected_ids": [], "text": None}, ([], None, 1.5)),
        ("single", {"selected_ids": ["3"], "text": "", "number": None}, (["3"], None, None)),
    ],
)
def test_valid_answers_are_saved(app, client, auth, taking, qtype, body, expected):
    exam, attempt_id = taking
    if "selected_ids" in body:
        body = {**body, "selected_ids": [exam.alt[(qtype, t)] for t in body["selected_ids"]]}
    r = put(client, attempt_id, exam.q[qtype], auth["student"], {**body, "seq": 0})
    assert r.status_code == 200, r.json
    ids, text, number = expected
    ids = [exam.alt[(qtype, t)] for t in ids]
    assert (r.json["selected_ids"], r.json["text"], r.json["number"]) == (ids, text, number)
    assert stored(app, attempt_id)[exam.q[qtype]] == (ids, text, number, 0)


@pytest.mark.parametrize(
    ("qtype", "first", "clear"),
    [
        ("single", {"selected_ids": ["4"]}, {"selected_ids": []}),
        ("multiple", {"selected_ids": ["2"]}, {}),
        ("short_answer", {"text": "Paris"}, {"text": None}),
        ("numeric", {"number": 3.0}, {"number": None}),
    ],
)
def test_answers_can_be_cleared(app, client, auth, taking, qtype, first, clear):
    exam, attempt_id = taking
    if "selected_ids" in first:
        first = {"selected_ids": [exam.alt[(qtype, t)] for t in first["selected_ids"]]}
    assert (
        put(client, attempt_id, exam.q[qtype], auth["student"], {**first, "seq": 1}).status_code
        == 200
    )
    r = put(client, attempt_id, exam.q[qtype], auth["student"], {**clear, "seq": 2})
    assert r.status_code == 200
    assert (r.json["selected_ids"], r.json["text"], r.json["number"]) == ([], None, None)
    assert stored(app, attempt_id)[exam.q[qtype]] == ([], None, None, 2)


# --- seq ordering -------------------------------------------------------------------------


def test_a_newer_save_wins_and_an_older_one_is_stale(app, client, auth, taking):
    exam, attempt_id = taking
    q, three, four = exam.q["single"], exam.alt[("single", "3")], exam.alt[("single", "4")]
    assert (
        put(client, attempt_id, q, auth["student"], {"selected_ids": [four], "seq": 5}).json[
            "stale"
        ]
        is False
    )
    late = put(client, attempt_id, q, auth["student"], {"selected_ids": [three], "seq": 4})
    assert late.status_code == 200
    assert late.json["stale"] is True
    assert late.json["selected_ids"] == [four]  # the stored, newer state
    assert late.json["seq"] == 5
    assert stored(app, attempt_id)[q] == ([four], None, None, 5)
    newer = put(client, attempt_id, q, auth["student"], {"selected_ids": [three], "seq": 6})
    assert (newer.json["stale"], newer.json["selected_ids"]) == (False, [three])


def test_the_same_seq_again_is_idempotent(app, client, auth, taking, attempt_clock):
    exam, attempt_id = taking
    q = exam.q["short_answer"]
    first = put(client, attempt_id, q, auth["student"], {"text": "Paris", "seq": 3})
    attempt_clock.advance(seconds=5)
    again = put(client, attempt_id, q, auth["student"], {"text": "Paris", "seq": 3})
    assert again.status_code == 200
    assert again.json["saved_at"] == first.json["saved_at"]  # nothing was written
    assert again.json["stale"] is False
    # A different answer under an already used seq is not stored (client bug): flagged.
    other = put(client, attempt_id, q, auth["student"], {"text": "Rome", "seq": 3})
    assert (other.json["text"], other.json["stale"]) == ("Paris", True)


# --- invalid saves ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("qtype", "body", "field"),
    [
        # The schema: types, ranges, unknown fields, required seq.
        ("single", {"selected_ids": []}, "seq"),
        ("single", {"seq": -1}, "seq"),
        ("single", {"seq": 2**31}, "seq"),
        ("single", {"seq": "1"}, "seq"),
        ("single", {"seq": 1.5}, "seq"),
        ("single", {"seq": True}, "seq"),
        ("single", {"seq": None}, "seq"),
        ("single", {"selected_ids": "4", "seq": 1}, "selected_ids"),
        ("single", {"selected_ids": ["x"], "seq": 1}, "selected_ids"),
        ("single", {"selected_ids": [True], "seq": 1}, "selected_ids"),
        ("multiple", {"selected_ids": list(range(101)), "seq": 1}, "selected_ids"),
        ("short_answer", {"text": 5, "seq": 1}, "text"),
        ("short_answer", {"text": "x" * 30_001, "seq": 1}, "text"),
        ("numeric", {"number": "3.14", "seq": 1}, "number"),
        ("numeric", {"number": True, "seq": 1}, "number"),
        ("numeric", {"number": [1], "seq": 1}, "number"),
        ("single", {"seq": 1, "credit": 1}, "credit"),
        # The question type: only its own field, its own alternatives, one pick for single.
        ("single", {"selected_ids": ["4", "3"], "seq": 1}, "selected_ids"),
        ("true_false", {"selected_ids": ["True", "False"], "seq": 1}, "selected_ids"),
        ("single", {"selected_ids": ["4", "4"], "seq": 1}, "selected_ids"),
        ("multiple", {"selected_ids": ["2", "2"], "seq": 1}, "selected_ids"),
        ("multiple", {"selected_ids": [("single", "4")], "seq": 1}, "selected_ids"),
        ("multiple", {"selected_ids": [999999], "seq": 1}, "selected_ids"),
        ("single", {"text": "4", "seq": 1}, "text"),
        ("single", {"number": 4, "seq": 1}, "number"),
        ("short_answer", {"selected_ids": [("single", "4")], "seq": 1}, "selected_ids"),
        ("short_answer", {"number": 1, "seq": 1}, "number"),
        ("numeric", {"text": "3.14", "seq": 1}, "text"),
        ("numeric", {"selected_ids": [("single", "4")], "seq": 1}, "selected_ids"),
    ],
)
def test_invalid_answers_are_422_with_details(app, client, auth, taking, qtype, body, field):
    exam, attempt_id = taking
    if isinstance(body.get("selected_ids"), list):
        body = {
            **body,
            "selected_ids": [
                exam.alt[i] if isinstance(i, tuple) else exam.alt.get((qtype, i), i)
                for i in body["selected_ids"]
            ],
        }
    r = put(client, attempt_id, exam.q[qtype], auth["student"], body)
    assert r.status_code == 422, r.json
    assert r.json["error"]["code"] == "validation_error"
    assert field in r.json["error"]["details"]["json"], r.json
    assert stored(app, attempt_id) == {}


@pytest.mark.parametrize(
    "raw", [b"", b"{", b"[]", b"null", b'{"number": NaN, "seq": 1}', b'{"number": 1e999, "seq": 1}']
)
def test_malformed_bodies_never_500(client, auth, taking, raw):
    exam, attempt_id = taking
    r = client.put(
        f"/api/attempts/{attempt_id}/responses/{exam.q['numeric']}",
        data=raw,
        headers={**auth["student"], "Content-Type": "application/json"},
    )
    assert r.status_code in (400, 422), r.json
    assert r.json["error"]["status"] == r.status_code


def test_a_question_outside_the_attempt_is_404(client, users, auth, taking, build_exam):
    _, attempt_id = taking
    other = build_exam(users["author"])
    for question_id in (other.q["single"], 999999):
        r = put(client, attempt_id, question_id, auth["student"], {"selected_ids": [], "seq": 1})
        assert r.status_code == 404
        assert r.json["error"]["message"] == "This question is not part of the attempt."


@pytest.mark.parametrize(
    ("actor", "status"), [("author", 403), ("admin", 403), ("other_author", 404)]
)
def test_only_the_student_may_save(client, auth, taking, actor, status):
    exam, attempt_id = taking
    r = put(client, attempt_id, exam.q["numeric"], auth[actor], {"number": 3.14, "seq": 1})
    assert r.status_code == status


def test_another_students_attempt_is_404(client, auth, taking, make_user, token_for):
    exam, attempt_id = taking
    intruder = token_for(make_user("student"))
    r = put(client, attempt_id, exam.q["numeric"], intruder, {"number": 3.14, "seq": 1})
    assert r.status_code == 404
    assert r.json["error"]["message"] == "No such attempt."
    assert put(client, 999999, exam.q["numeric"], intruder, {"seq": 1}).status_code == 404


def test_saving_after_submit_is_409(client, auth, taking):
    exam, attempt_id = taking
    assert (
        client.post(f"/api/attempts/{attempt_id}/submit", headers=auth["student"]).status_code
        == 200
    )
    r = put(client, attempt_id, exam.q["numeric"], auth["student"], {"number": 3.14, "seq": 1})
    assert r.status_code == 409
    assert r.json["error"]["details"] == {"state": "submitted"}


# --- time ---------------------------------------------------------------------------------


def test_saves_are_accepted_until_deadline_plus_grace(client, auth, taking, attempt_clock):
    exam, attempt_id = taking
    attempt_clock.advance(minutes=10, seconds=30)  # exactly deadline + grace
    r = put(client, attempt_id, exam.q["numeric"], auth["student"], {"number": 3.14, "seq": 1})
    assert r.status_code == 200
    assert r.json["server_now"] > r.json["deadline"]


def test_a_save_after_the_grace_is_409_and_finalizes_the_attempt(
    app, client, auth, taking, attempt_clock
):
    exam, attempt_id = taking
    four = exam.alt[("single", "4")]
    put(client, attempt_id, exam.q["single"], auth["student"], {"selected_ids": [four], "seq": 1})
    put(client, attempt_id, exam.q["numeric"], auth["student"], {"number": 3.14, "seq": 1})
    started = attempt_clock.now
    attempt_clock.advance(minutes=10, seconds=31)
    r = put(
        client, attempt_id, exam.q["short_answer"], auth["student"], {"text": "KEY-PARIS", "seq": 1}
    )
    assert r.status_code == 409
    assert r.json["error"]["details"] == {"state": "expired"}
    # Committed despite the 409: expired, graded with what was saved in time (2 + 2 of 10).
    with app.app_context():
        attempt = db.session.get(Attempt, attempt_id)
        assert attempt.state == "expired"
        assert (attempt.score, attempt.max_score, attempt.percentage) == (4.0, 10.0, 40.0)
        assert attempt.submitted_at == started + timedelta(minutes=10)  # the deadline
        credits = {
            r.question_id: r.credit
            for r in db.session.scalars(select(Response).where(Response.attempt_id == attempt_id))
        }
    assert credits == {exam.q["single"]: 1.0, exam.q["numeric"]: 1.0}
    # The late answer was not stored; further saves see a finished attempt.
    again = put(
        client, attempt_id, exam.q["short_answer"], auth["student"], {"text": "x", "seq": 2}
    )
    assert (again.status_code, again.json["error"]["details"]) == (409, {"state": "expired"})
    view = client.get(f"/api/attempts/{attempt_id}", headers=auth["student"]).json
    assert view["state"] == "expired"
    assert view["result"]["score"] == 4.0


def test_an_untimed_attempt_never_expires(client, users, auth, build_exam, attempt_clock):
    exam = build_exam(users["author"])
    attempt = client.post(f"/api/exams/{exam.id}/attempts", headers=auth["student"]).json
    assert attempt["deadline"] is None
    attempt_clock.advance(days=400)
    r = put(client, attempt["id"], exam.q["numeric"], auth["student"], {"number": 1, "seq": 1})
    assert r.status_code == 200
