"""Taking exams: start, resume, attempt limits, the open window, the order fixed at start,
who may see an attempt, and that the open view never carries the answer key."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from online_exam.attempts import service
from online_exam.attempts.models import Attempt
from online_exam.extensions import db

from .conftest import KEY_STRINGS


def start(client, exam_id, headers):
    return client.post(f"/api/exams/{exam_id}/attempts", headers=headers)


def attempts_in_db(app, exam_id):
    with app.app_context():
        return db.session.scalar(select(func.count(Attempt.id)).where(Attempt.exam_id == exam_id))


# --- start and resume ---------------------------------------------------------------------


def test_start_creates_then_resumes_the_same_attempt(app, client, users, auth, build_exam):
    exam = build_exam(users["author"])
    first = start(client, exam.id, auth["student"])
    assert first.status_code == 201, first.json
    assert first.json["state"] == "in_progress"
    assert first.json["number"] == 1
    assert first.json["read_only"] is False
    again = start(client, exam.id, auth["student"])
    assert again.status_code == 200
    assert again.json["id"] == first.json["id"]
    assert attempts_in_db(app, exam.id) == 1


@pytest.mark.parametrize("role", ["student", "author", "admin"])
def test_any_signed_in_user_may_take_a_published_exam(client, users, auth, build_exam, role):
    exam = build_exam(users["other_author"])
    assert start(client, exam.id, auth[role]).status_code == 201


def test_start_needs_a_token(client, users, build_exam):
    exam = build_exam(users["author"])
    r = start(client, exam.id, {})
    assert r.status_code == 401
    assert r.json["error"]["code"] == "unauthorized"


@pytest.mark.parametrize("status", ["draft", "archived"])
def test_drafts_and_archived_exams_are_404(client, users, auth, build_exam, status):
    exam = build_exam(users["author"], status=status)
    r = start(client, exam.id, auth["student"])
    assert r.status_code == 404
    assert r.json["error"]["code"] == "not_found"


def test_unknown_exam_is_404(client, auth):
    assert start(client, 987654, auth["student"]).status_code == 404


def test_the_response_reports_server_time(client, users, auth, build_exam, attempt_clock):
    exam = build_exam(users["author"], time_limit_minutes=30, grace_period_seconds=45)
    r = start(client, exam.id, auth["student"])
    body = r.json
    assert body["server_now"] == attempt_clock.now.isoformat()
    assert body["started_at"] == attempt_clock.now.isoformat()
    assert body["deadline"] == (attempt_clock.now + timedelta(minutes=30)).isoformat()
    assert body["grace_period_seconds"] == 45
    assert body["exam"]["time_limit_minutes"] == 30
    assert body["exam"]["one_question_per_page"] is True


# --- attempt limits -----------------------------------------------------------------------


def test_max_attempts_limits_new_attempts(client, users, auth, build_exam):
    exam = build_exam(users["author"], max_attempts=2)
    for number in (1, 2):
        r = start(client, exam.id, auth["student"])
        assert r.status_code == 201
        assert r.json["number"] == number
        submitted = client.post(f"/api/attempts/{r.json['id']}/submit", headers=auth["student"])
        assert submitted.status_code == 200
    r = start(client, exam.id, auth["student"])
    assert r.status_code == 409
    assert r.json["error"]["message"] == "You have used all 2 attempts at this exam."
    assert r.json["error"]["details"] == {"max_attempts": 2, "used": 2}


def test_one_attempt_message_is_singular(client, users, auth, build_exam):
    exam = build_exam(users["author"], max_attempts=1)
    attempt = start(client, exam.id, auth["student"]).json
    client.post(f"/api/attempts/{attempt['id']}/submit", headers=auth["student"])
    r = start(client, exam.id, auth["student"])
    assert r.json["error"]["message"] == "You have used all 1 attempt at this exam."


def test_unlimited_attempts(client, users, auth, build_exam):
    exam = build_exam(users["author"], max_attempts=None)
    for number in range(1, 5):
        r = start(client, exam.id, auth["student"])
        assert (r.status_code, r.json["number"]) == (201, number)
        client.post(f"/api/attempts/{r.json['id']}/submit", headers=auth["student"])


def test_limits_are_per_student(client, users, auth, build_exam):
    exam = build_exam(users["author"], max_attempts=1)
    assert start(client, exam.id, auth["student"]).status_code == 201
    assert start(client, exam.id, auth["admin"]).status_code == 201


# --- the open window ----------------------------------------------------------------------


def test_not_yet_open_is_409(client, users, auth, build_exam, attempt_clock):
    opens = attempt_clock.now + timedelta(hours=1)
    exam = build_exam(users["author"], opens_at=opens)
    r = start(client, exam.id, auth["student"])
    assert r.status_code == 409
    assert r.json["error"]["message"] == f"This exam opens at {opens.isoformat()}."
    attempt_clock.set(opens)  # opens_at itself is open
    assert start(client, exam.id, auth["student"]).status_code == 201


def test_closed_is_409(client, users, auth, build_exam, attempt_clock):
    closes = attempt_clock.now + timedelta(hours=1)
    exam = build_exam(users["author"], closes_at=closes)
    attempt_clock.set(closes)  # closes_at itself is closed
    r = start(client, exam.id, auth["student"])
    assert r.status_code == 409
    assert r.json["error"]["message"] == f"This exam closed at {closes.isoformat()}."
    assert r.json["error"]["details"] == {"closes_at": closes.isoformat()}


@pytest.mark.parametrize(
    ("limit", "closes_in", "expected_in"),
    [
        (30, None, timedelta(minutes=30)),  # time limit only
        (None, 20, timedelta(minutes=20)),  # closes_at only
        (30, 10, timedelta(minutes=10)),  # capped at closes_at
        (30, 60, timedelta(minutes=30)),  # the limit comes first
        (None, None, None),  # neither: no deadline
    ],
)
def test_deadline_is_the_limit_capped_at_close(
    client, users, auth, build_exam, attempt_clock, limit, closes_in, expected_in
):
    closes = attempt_clock.now + timedelta(minutes=closes_in) if closes_in else None
    exam = build_exam(users["author"], time_limit_minutes=limit, closes_at=closes)
    r = start(client, exam.id, auth["student"])
    expected = attempt_clock.now + expected_in if expected_in else None
    assert r.json["deadline"] == (expected.isoformat() if expected else None)


def test_an_overdue_attempt_is_finalized_when_starting_again(
    app, client, users, auth, build_exam, attempt_clock
):
    exam = build_exam(users["author"], time_limit_minutes=10, max_attempts=None)
    first = start(client, exam.id, auth["student"]).json
    attempt_clock.advance(minutes=11)
    r = start(client, exam.id, auth["student"])
    assert r.status_code == 201
    assert r.json["number"] == 2
    with app.app_context():
        old = db.session.get(Attempt, first["id"])
        assert old.state == "expired"
        assert old.score == 0


def test_an_overdue_attempt_stays_finalized_when_no_attempt_is_left(
    app, client, users, auth, build_exam, attempt_clock
):
    exam = build_exam(users["author"], time_limit_minutes=10, max_attempts=1)
    first = start(client, exam.id, auth["student"]).json
    attempt_clock.advance(minutes=11)
    r = start(client, exam.id, auth["student"])
    assert r.status_code == 409
    with app.app_context():  # the 409 did not roll the finalization back
        assert db.session.get(Attempt, first["id"]).state == "expired"


def test_within_the_grace_the_attempt_is_resumed(client, users, auth, build_exam, attempt_clock):
    exam = build_exam(users["author"], time_limit_minutes=10, grace_period_seconds=30)
    first = start(client, exam.id, auth["student"]).json
    attempt_clock.advance(minutes=10, seconds=30)
    r = start(client, exam.id, auth["student"])
    assert (r.status_code, r.json["id"], r.json["state"]) == (200, first["id"], "in_progress")


def test_a_lost_race_returns_the_winners_attempt(app, client, users, auth, build_exam, monkeypatch):
    """If the insert hits the one-in-progress unique index (a concurrent start got past the
    user lock and won), the request is re-run and resumes the winner's attempt."""
    exam = build_exam(users["author"], max_attempts=None)
    winner = start(client, exam.id, auth["student"]).json
    real = service._attempts_of
    calls = {"n": 0}

    def miss_once(exam_id, user_id):
        calls["n"] += 1
        return [] if calls["n"] == 1 else real(exam_id, user_id)

    monkeypatch.setattr(service, "_attempts_of", miss_once)
    r = start(client, exam.id, auth["student"])
    assert calls["n"] == 2  # the first run lost at the unique index, the re-run resumed
    assert r.status_code == 200
    assert r.json["id"] == winner["id"]
    assert attempts_in_db(app, exam.id) == 1


def test_an_edit_after_a_failed_start_is_what_the_next_start_shows(
    client, users, auth, build_exam, monkeypatch
):
    """A start caches the exam's questions (attempts/snapshot.py). If that start then fails,
    no attempt exists and the author may still edit the exam: the next start must show the
    edited question, not the cached one."""
    exam_id = build_exam(users["author"])

    def fail(*_args):
        raise RuntimeError("the start fails after reading the questions")

    with monkeypatch.context() as patch:
        patch.setattr(service, "_fixed_order", fail)
        assert start(client, exam_id, auth["student"]).status_code == 500
    question = client.get(f"/api/exams/{exam_id}/questions", headers=auth["author"]).json[0]
    r = client.patch(
        f"/api/questions/{question['id']}", json={"text": "Edited after"}, headers=auth["author"]
    )
    assert r.status_code == 200
    attempt = start(client, exam_id, auth["student"])
    assert attempt.status_code == 201
    texts = {q["id"]: q["text"] for q in attempt.json["questions"]}
    assert texts[question["id"]] == "Edited after"


# --- order fixed at start -----------------------------------------------------------------

MANY = [
    {
        "type": "multiple",
        "text": f"Q{n}",
        "alternatives": [{"text": f"A{n}-{i}", "credit": 0.2} for i in range(6)],
    }
    for n in range(8)
] + [
    {
        "type": "true_false",
        "text": "TF",
        "alternatives": [{"text": "True", "credit": 1}, {"text": "False"}],
    }
]


def order_of(body):
    return [q["id"] for q in body["questions"]], {
        q["id"]: [a["id"] for a in q["alternatives"]] for q in body["questions"]
    }


def test_unshuffled_exams_keep_the_authored_order(client, users, auth, build_exam):
    exam = build_exam(users["author"], questions=MANY)
    questions, alternatives = order_of(start(client, exam.id, auth["student"]).json)
    assert questions == exam.questions
    for q in questions[:-1]:
        assert alternatives[q] == sorted(alternatives[q])


def test_shuffled_order_is_fixed_per_attempt(client, users, auth, build_exam, make_user, token_for):
    exam = build_exam(
        users["author"], questions=MANY, shuffle_questions=True, shuffle_alternatives=True
    )
    first = start(client, exam.id, auth["student"]).json
    order = order_of(first)
    assert sorted(order[0]) == sorted(exam.questions)
    # Stable for that attempt: resume and GET show the same order.
    assert order_of(start(client, exam.id, auth["student"]).json) == order
    assert order_of(client.get(f"/api/attempts/{first['id']}", headers=auth["student"]).json) == (
        order
    )
    # Other students get their own orders (8! * 6!^8 possibilities: equal only by a bug).
    orders = [order]
    for _ in range(3):
        other = token_for(make_user("student"))
        orders.append(order_of(start(client, exam.id, other).json))
    assert len({json.dumps(o[0]) for o in orders}) > 1
    assert len({json.dumps(sorted(o[1].items())) for o in orders}) > 1
    # True/false keeps True before False.
    tf = next(q["id"] for q in first["questions"] if q["type"] == "true_false")
    assert [a["text"] for q in first["questions"] if q["id"] == tf for a in q["alternatives"]] == [
        "True",
        "False",
    ]


def test_a_configured_seed_makes_the_order_reproducible(
    app, client, users, auth, build_exam, monkeypatch
):
    monkeypatch.setitem(app.config, "ATTEMPT_SHUFFLE_SEED", "demo")
    exam = build_exam(
        users["author"], questions=MANY, shuffle_questions=True, shuffle_alternatives=True
    )
    first = start(client, exam.id, auth["student"]).json
    with app.app_context():
        db.session.execute(db.delete(Attempt))
        db.session.commit()
    assert order_of(start(client, exam.id, auth["student"]).json) == order_of(first)


# --- who sees an attempt ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("viewer", "status", "read_only"),
    [
        ("student", 200, False),
        ("author", 200, True),  # the exam's author
        ("admin", 200, True),
        ("other_author", 404, None),
        ("anonymous", 401, None),
    ],
)
def test_who_may_view_an_attempt(client, users, auth, build_exam, viewer, status, read_only):
    exam = build_exam(users["author"])
    attempt = start(client, exam.id, auth["student"]).json
    r = client.get(f"/api/attempts/{attempt['id']}", headers=auth[viewer])
    assert r.status_code == status
    if read_only is not None:
        assert r.json["read_only"] is read_only


def test_another_students_attempt_is_404(client, users, auth, build_exam, make_user, token_for):
    exam = build_exam(users["author"])
    attempt = start(client, exam.id, auth["student"]).json
    intruder = token_for(make_user("student"))
    r = client.get(f"/api/attempts/{attempt['id']}", headers=intruder)
    assert r.status_code == 404
    assert client.get("/api/attempts/999999", headers=intruder).status_code == 404


@pytest.mark.parametrize("viewer", ["student", "author", "admin"])
def test_the_open_view_never_carries_the_key(client, users, auth, build_exam, viewer):
    exam = build_exam(users["author"], shuffle_alternatives=True)
    attempt = start(client, exam.id, auth["student"]).json
    client.put(
        f"/api/attempts/{attempt['id']}/responses/{exam.q['short_answer']}",
        json={"text": "Lyon", "seq": 1},
        headers=auth["student"],
    )
    body = client.get(f"/api/attempts/{attempt['id']}", headers=auth[viewer]).json
    text = json.dumps(body)
    for secret in KEY_STRINGS:
        assert secret not in text, secret
    assert body["result"] is None
    short = next(q for q in body["questions"] if q["type"] == "short_answer")
    assert short["alternatives"] == []  # accepted answers are alternatives in the model
    assert body["responses"][0]["text"] == "Lyon"
    assert set(body["questions"][0]) == {
        "id",
        "type",
        "text",
        "points",
        "word_limit",
        "alternatives",
        "answers",  # matching only
        "gaps",  # cloze only
    }


def test_archiving_keeps_attempts_and_results(app, client, users, auth, build_exam):
    exam = build_exam(users["author"])
    attempt = start(client, exam.id, auth["student"]).json
    client.post(f"/api/attempts/{attempt['id']}/submit", headers=auth["student"])
    with app.app_context():
        from online_exam.exams.models import Exam

        db.session.get(Exam, exam.id).status = "archived"
        db.session.commit()
    r = client.get(f"/api/attempts/{attempt['id']}", headers=auth["student"])
    assert r.status_code == 200
    assert r.json["result"]["max_score"] == 10
    assert client.get(f"/api/exams/{exam.id}/results", headers=auth["author"]).json["total"] == 1
    assert client.get("/api/me/attempts", headers=auth["student"]).json["total"] == 1
