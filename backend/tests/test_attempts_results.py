"""History (/me/attempts) and the author's results with summary figures."""

from __future__ import annotations

from datetime import timedelta

import pytest


def start(client, exam, headers):
    r = client.post(f"/api/exams/{exam.id}/attempts", headers=headers)
    assert r.status_code == 201, r.json
    return r.json["id"]


def save(client, exam, attempt_id, headers, qtype, **answer):
    if "picks" in answer:
        answer = {"selected_ids": [exam.alt[(qtype, t)] for t in answer.pop("picks")]}
    r = client.put(
        f"/api/attempts/{attempt_id}/responses/{exam.q[qtype]}",
        json={**answer, "seq": 1},
        headers=headers,
    )
    assert r.status_code == 200, r.json


def submit(client, attempt_id, headers):
    r = client.post(f"/api/attempts/{attempt_id}/submit", headers=headers)
    assert r.status_code == 200, r.json
    return r.json


# --- my attempts --------------------------------------------------------------------------


def test_my_attempts_newest_first_and_paginated(client, users, auth, build_exam, attempt_clock):
    exams = [
        build_exam(users["author"], title=f"Exam {n}", time_limit_minutes=30) for n in range(3)
    ]
    ids = []
    for exam in exams:
        ids.append(start(client, exam, auth["student"]))
        attempt_clock.advance(minutes=1)
    submit(client, ids[0], auth["student"])
    start(client, exams[0], auth["admin"])  # someone else's: not listed

    page1 = client.get("/api/me/attempts?per_page=2", headers=auth["student"]).json
    page2 = client.get("/api/me/attempts?per_page=2&page=2", headers=auth["student"]).json
    assert (page1["page"], page1["per_page"], page1["total"]) == (1, 2, 3)
    assert [i["id"] for i in page1["items"] + page2["items"]] == ids[::-1]
    assert (
        client.get("/api/me/attempts?page=3&per_page=2", headers=auth["student"]).json["items"]
        == []
    )
    oldest = page2["items"][0]
    assert oldest["exam_title"] == "Exam 0"
    assert oldest["exam_id"] == exams[0].id
    assert (oldest["state"], oldest["score"], oldest["max_score"]) == ("submitted", 0.0, 10.0)
    assert oldest["percentage"] == 0.0
    assert oldest["number"] == 1
    newest = page1["items"][0]
    assert (newest["state"], newest["score"], newest["submitted_at"]) == ("in_progress", None, None)
    assert newest["deadline"] == (attempt_clock.now + timedelta(minutes=29)).isoformat()
    assert set(newest) == {
        "id", "exam_id", "exam_title", "number", "state", "score", "max_score", "percentage",
        "passed", "awaiting_grading", "started_at", "submitted_at", "deadline",
    }  # fmt: skip


@pytest.mark.parametrize("query", ["page=0", "per_page=0", "per_page=101", "page=x"])
def test_bad_paging_is_422(client, auth, query):
    r = client.get(f"/api/me/attempts?{query}", headers=auth["student"])
    assert r.status_code == 422
    assert r.json["error"]["details"]["query"]


def test_my_attempts_needs_a_token(client):
    assert client.get("/api/me/attempts").status_code == 401


# --- an exam's results --------------------------------------------------------------------


@pytest.fixture
def graded_exam(client, users, auth, build_exam, make_user, token_for, attempt_clock):
    """Four finalized attempts (55, 100, 0 expired, 20 %) and one in progress; pass mark 50."""
    exam = build_exam(
        users["author"], pass_mark_percent=50, time_limit_minutes=30, max_attempts=None
    )
    people = [make_user("student", name=f"Student {n}") for n in range(4)]
    tokens = [token_for(p) for p in people]
    t0 = attempt_clock.now

    a55 = start(client, exam, tokens[0])  # 2 + 1.5 + 0 + 0 + 2 = 5.5
    save(client, exam, a55, tokens[0], "single", picks=["4"])
    save(client, exam, a55, tokens[0], "multiple", picks=["2"])
    save(client, exam, a55, tokens[0], "numeric", number=3.14)
    a100 = start(client, exam, tokens[1])
    for qtype, answer in [
        ("single", {"picks": ["4"]}),
        ("multiple", {"picks": ["2", "3"]}),
        ("true_false", {"picks": ["True"]}),
        ("short_answer", {"text": "key-paris"}),
        ("numeric", {"number": 3.1416}),
    ]:
        save(client, exam, a100, tokens[1], qtype, **answer)
    a0 = start(client, exam, tokens[2])  # never submitted: expires
    a20 = start(client, exam, tokens[3])  # 2 of 10
    save(client, exam, a20, tokens[3], "single", picks=["4"])

    attempt_clock.advance(minutes=5)
    submit(client, a55, tokens[0])
    attempt_clock.advance(minutes=5)
    submit(client, a100, tokens[1])
    submit(client, a20, tokens[3])
    attempt_clock.advance(minutes=40)  # a0 is overdue now
    open_one = start(client, exam, tokens[3])  # second attempt of student 3, in progress
    return exam, {"a55": a55, "a100": a100, "a0": a0, "a20": a20, "open": open_one}, people, t0


def test_results_list_every_attempt_with_a_summary(client, auth, graded_exam, attempt_clock):
    exam, ids, people, t0 = graded_exam
    r = client.get(f"/api/exams/{exam.id}/results", headers=auth["author"])
    assert r.status_code == 200, r.json
    body = r.json
    assert (body["page"], body["per_page"], body["total"]) == (1, 20, 5)
    # Newest first; the overdue attempt was finalized before listing.
    assert [i["id"] for i in body["items"]] == [
        ids["open"],
        ids["a20"],
        ids["a0"],
        ids["a100"],
        ids["a55"],
    ]
    rows = {i["id"]: i for i in body["items"]}
    assert rows[ids["a55"]] | {"started_at": None} == {
        "id": ids["a55"],
        "user_id": people[0].id,
        "student_name": "Student 0",
        "student_email": people[0].email,
        "number": 1,
        "state": "submitted",
        "score": 5.5,
        "max_score": 10.0,
        "percentage": 55.0,
        "passed": True,
        "awaiting_grading": 0,
        "started_at": None,
        "submitted_at": (t0 + timedelta(minutes=5)).isoformat(),
        "duration_seconds": 300.0,
    }
    assert (rows[ids["a100"]]["percentage"], rows[ids["a100"]]["duration_seconds"]) == (
        100.0,
        600.0,
    )
    expired = rows[ids["a0"]]
    assert (expired["state"], expired["score"], expired["passed"]) == ("expired", 0.0, False)
    assert expired["duration_seconds"] == 30 * 60  # the whole time limit
    assert (rows[ids["a20"]]["percentage"], rows[ids["a20"]]["passed"]) == (20.0, False)
    assert (rows[ids["open"]]["state"], rows[ids["open"]]["number"]) == ("in_progress", 2)
    assert rows[ids["open"]]["duration_seconds"] is None
    # By hand over 55, 100, 0, 20: mean 43.75, median (20 + 55) / 2, 2 of 4 passed.
    assert body["summary"] == {
        "count": 4,
        "mean": 43.75,
        "median": 37.5,
        "min": 0.0,
        "max": 100.0,
        "pass_rate": 50.0,
    }


def test_results_are_paginated_but_the_summary_covers_all(client, auth, graded_exam):
    exam, ids, _, _ = graded_exam
    page = client.get(f"/api/exams/{exam.id}/results?per_page=2&page=3", headers=auth["admin"]).json
    assert [i["id"] for i in page["items"]] == [ids["a55"]]
    assert page["total"] == 5
    assert page["summary"]["count"] == 4


def test_summary_of_an_exam_without_results(client, users, auth, build_exam):
    exam = build_exam(users["author"])
    body = client.get(f"/api/exams/{exam.id}/results", headers=auth["author"]).json
    assert body["items"] == []
    assert body["summary"] == {
        "count": 0, "mean": None, "median": None, "min": None, "max": None, "pass_rate": None
    }  # fmt: skip


def test_pass_rate_is_null_without_a_pass_mark(client, users, auth, build_exam):
    exam = build_exam(users["author"])
    attempt_id = start(client, exam, auth["student"])
    submit(client, attempt_id, auth["student"])
    summary = client.get(f"/api/exams/{exam.id}/results", headers=auth["author"]).json["summary"]
    assert (summary["count"], summary["mean"], summary["pass_rate"]) == (1, 0.0, None)


@pytest.mark.parametrize(
    ("actor", "status"),
    [("author", 200), ("admin", 200), ("student", 403), ("other_author", 404), ("anonymous", 401)],
)
def test_who_may_see_results(client, users, auth, build_exam, actor, status):
    exam = build_exam(users["author"])
    assert client.get(f"/api/exams/{exam.id}/results", headers=auth[actor]).status_code == status


def test_results_of_an_unknown_exam_are_404(client, auth):
    assert client.get("/api/exams/999999/results", headers=auth["admin"]).status_code == 404
