"""Editing safety: once an exam has attempts, nothing that grades them may change."""

from __future__ import annotations

import pytest


@pytest.fixture
def attempted(client, auth, build_exam, insert_attempt, users):
    """A published exam with one submitted attempt, and the ids its paths need."""
    exam = build_exam(users["author"], pass_mark_percent=50)
    insert_attempt(exam, users["student"])
    questions = client.get(f"/api/exams/{exam}/questions", headers=auth["author"]).json
    return {**exam.path_ids(), "questions": questions}


GRADING_CHANGES = [
    ("post", "/api/exams/{exam}/questions", {"type": "numeric", "text": "N", "numeric_answer": 1}),
    ("put", "/api/exams/{exam}/questions/order", {"question_ids": "question_ids"}),
    ("patch", "/api/questions/{question}", {"text": "Just a typo fix"}),
    ("patch", "/api/questions/{question}", {"points": 5}),
    ("delete", "/api/questions/{question}", None),
    ("post", "/api/questions/{question}/alternatives", {"text": "6"}),
    ("put", "/api/questions/{question}/alternatives/order", {"alternative_ids": "alternative_ids"}),
    ("patch", "/api/alternatives/{alternative}", {"credit": 1}),
    ("patch", "/api/alternatives/{alternative}", {"feedback": "x"}),
    ("delete", "/api/alternatives/{alternative}", None),
    ("patch", "/api/exams/{exam}", {"pass_mark_percent": 60}),
    ("patch", "/api/exams/{exam}", {"pass_mark_percent": None}),
    ("post", "/api/exams/{exam}/unpublish", None),
    ("delete", "/api/exams/{exam}", None),
]


@pytest.mark.parametrize("actor", ["author", "admin"])
@pytest.mark.parametrize(
    ("method", "path", "body"),
    GRADING_CHANGES,
    ids=[f"{m.upper()} {p} {sorted(b or {})}" for m, p, b in GRADING_CHANGES],
)
def test_changes_that_affect_grading_are_409(client, auth, attempted, actor, method, path, body):
    if body:
        body = {
            k: attempted[v] if v in ("question_ids", "alternative_ids") else v
            for k, v in body.items()
        }
    r = getattr(client, method)(path.format(**attempted), json=body, headers=auth[actor])
    assert r.status_code == 409, r.json
    error = r.json["error"]
    assert error["code"] == "conflict"
    assert "1 attempt" in error["message"]
    assert "archive" in error["message"].lower()
    assert error["details"] == {"attempt_count": 1}
    # Nothing changed.
    view = client.get(f"/api/author/exams/{attempted['exam']}", headers=auth["author"]).json
    assert view["questions"] == attempted["questions"]
    assert (view["status"], view["pass_mark_percent"]) == ("published", 50)


SAFE_CHANGES = [
    {"title": "Renamed"},
    {"description": "New words", "long_description": "# New"},
    {"opens_at": "2020-01-01T00:00:00Z", "closes_at": "2040-01-01T00:00:00+01:00"},
    {"closes_at": None},
    {"time_limit_minutes": 30, "grace_period_seconds": 10},
    {"max_attempts": 3},
    {"max_attempts": None},
    {"review_policy": "never", "practice_mode": True},
    {"shuffle_questions": True, "shuffle_alternatives": True, "one_question_per_page": False},
    {"pass_mark_percent": 50, "title": "Same pass mark is no change"},
]


@pytest.mark.parametrize("body", SAFE_CHANGES)
def test_safe_changes_stay_allowed(client, auth, attempted, body):
    r = client.patch(f"/api/exams/{attempted['exam']}", json=body, headers=auth["author"])
    assert r.status_code == 200, r.json
    for key, value in body.items():
        if not key.endswith("_at"):
            assert r.json[key] == value
    assert r.json["attempt_count"] == 1
    assert r.json["questions"] == attempted["questions"]


def test_archive_keeps_attempts_and_then_nothing_changes(client, auth, attempted):
    exam = attempted["exam"]
    r = client.post(f"/api/exams/{exam}/archive", headers=auth["author"])
    assert (r.status_code, r.json["status"], r.json["attempt_count"]) == (200, "archived", 1)
    r = client.patch(f"/api/exams/{exam}", json={"title": "x"}, headers=auth["author"])
    assert r.status_code == 409
    assert "archived" in r.json["error"]["message"]
    assert client.delete(f"/api/exams/{exam}", headers=auth["author"]).status_code == 409
    # A copy is a fresh draft that may be edited freely.
    copy = client.post(f"/api/exams/{exam}/copy", headers=auth["author"]).json
    assert copy["attempt_count"] == 0
    r = client.patch(
        f"/api/questions/{copy['questions'][0]['id']}", json={"points": 5}, headers=auth["author"]
    )
    assert r.status_code == 200


def test_archived_exams_without_attempts_are_read_only_but_deletable(
    client, auth, build_exam, users
):
    exam_id = build_exam(users["author"], status="archived")
    question = client.get(f"/api/exams/{exam_id}/questions", headers=auth["author"]).json[0]
    r = client.patch(f"/api/questions/{question['id']}", json={"text": "x"}, headers=auth["author"])
    assert r.status_code == 409
    assert "archived" in r.json["error"]["message"]
    assert client.delete(f"/api/exams/{exam_id}", headers=auth["author"]).status_code == 204


def test_attempts_at_another_exam_do_not_lock_this_one(
    client, auth, build_exam, insert_attempt, users
):
    locked = build_exam(users["author"])
    free = build_exam(users["author"])
    insert_attempt(locked, users["student"])
    insert_attempt(locked, users["admin"], state="in_progress")
    question = client.get(f"/api/exams/{free}/questions", headers=auth["author"]).json[0]
    r = client.patch(f"/api/questions/{question['id']}", json={"points": 9}, headers=auth["author"])
    assert r.status_code == 200
    listing = client.get("/api/author/exams", headers=auth["author"]).json["items"]
    assert {item["id"]: item["attempt_count"] for item in listing} == {locked: 2, free: 0}
    r = client.post(f"/api/exams/{locked}/unpublish", headers=auth["author"])
    assert "2 attempts" in r.json["error"]["message"]
