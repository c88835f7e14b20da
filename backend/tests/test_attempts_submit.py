"""Submit and grading, idempotency, finalization by time (lazy, on submit, by the sweep CLI),
and the review policy."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from online_exam.attempts import fast_submit, service
from online_exam.attempts.models import Attempt, Response
from online_exam.extensions import db

from .conftest import KEY_STRINGS


def start(client, exam, headers):
    r = client.post(f"/api/exams/{exam.id}/attempts", headers=headers)
    assert r.status_code in (200, 201), r.json
    return r.json["id"]


def save(client, exam, attempt_id, headers, qtype, seq=1, **answer):
    if "picks" in answer:
        answer = {"selected_ids": [exam.alt[(qtype, t)] for t in answer.pop("picks")]}
    r = client.put(
        f"/api/attempts/{attempt_id}/responses/{exam.q[qtype]}",
        json={**answer, "seq": seq},
        headers=headers,
    )
    return r


def answer_scenario(client, exam, attempt_id, headers):
    """2 (single right) + 1.5 (multiple half) + 0 (tf wrong) + 0 (short wrong) + 2 (numeric)."""
    for qtype, answer in [
        ("single", {"picks": ["4"]}),
        ("multiple", {"picks": ["2"]}),
        ("true_false", {"picks": ["False"]}),
        ("short_answer", {"text": "Lyon"}),
        ("numeric", {"number": 3.14}),
    ]:
        assert save(client, exam, attempt_id, headers, qtype, **answer).status_code == 200


def submit(client, attempt_id, headers, responses=None):
    body = {} if responses is None else {"responses": responses}
    return client.post(f"/api/attempts/{attempt_id}/submit", json=body, headers=headers)


@pytest.fixture
def gradings(monkeypatch):
    """Counts how often an attempt is graded (the full path, or PostgreSQL's fast submit)."""
    count = {"n": 0}

    def counted(module, name):
        real = getattr(module, name)

        def counting(*args, **kwargs):
            count["n"] += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, counting)

    counted(service, "_finalize")
    counted(fast_submit, "_grade")
    return count


# --- submit and grading -------------------------------------------------------------------


def test_submit_grades_and_returns_the_result(app, client, users, auth, build_exam, attempt_clock):
    exam = build_exam(users["author"], pass_mark_percent=50)
    attempt_id = start(client, exam, auth["student"])
    answer_scenario(client, exam, attempt_id, auth["student"])
    attempt_clock.advance(minutes=5)
    r = submit(client, attempt_id, auth["student"])
    assert r.status_code == 200, r.json
    body = r.json
    assert body["state"] == "submitted"
    assert body["read_only"] is True
    assert body["submitted_at"] == attempt_clock.now.isoformat()
    result = body["result"]
    assert (result["score"], result["max_score"], result["percentage"], result["passed"]) == (
        5.5,
        10.0,
        55.0,
        True,
    )
    assert result["pass_mark_percent"] == 50
    credits = {item["id"]: item["credit"] for item in result["review"]}
    assert credits == {
        exam.q["single"]: 1.0,
        exam.q["multiple"]: 0.5,
        exam.q["true_false"]: 0.0,
        exam.q["short_answer"]: 0.0,
        exam.q["numeric"]: 1.0,
    }
    with app.app_context():  # recorded per response too
        rows = db.session.scalars(select(Response).where(Response.attempt_id == attempt_id))
        assert {r.question_id: r.credit for r in rows} == credits


def test_failing_and_no_pass_mark(client, users, auth, build_exam):
    failing = build_exam(users["author"], pass_mark_percent=60)
    attempt_id = start(client, failing, auth["student"])
    answer_scenario(client, failing, attempt_id, auth["student"])
    assert submit(client, attempt_id, auth["student"]).json["result"]["passed"] is False
    no_mark = build_exam(users["author"])
    attempt_id = start(client, no_mark, auth["student"])
    assert submit(client, attempt_id, auth["student"]).json["result"]["passed"] is None


def test_final_answers_sent_with_submit_are_applied_first(client, users, auth, build_exam):
    exam = build_exam(users["author"])
    attempt_id = start(client, exam, auth["student"])
    answer_scenario(client, exam, attempt_id, auth["student"])  # every save has seq 1
    final = [
        # newer: multiple now fully right (+1.5), short answer right (+2)
        {
            "question_id": exam.q["multiple"],
            "selected_ids": [exam.alt[("multiple", t)] for t in ("2", "3")],
            "seq": 2,
        },
        {"question_id": exam.q["short_answer"], "text": "  key-paris ", "seq": 2},
        # older than what is saved: ignored (true/false stays wrong)
        {
            "question_id": exam.q["true_false"],
            "selected_ids": [exam.alt[("true_false", "True")]],
            "seq": 0,
        },
    ]
    r = submit(client, attempt_id, auth["student"], final)
    assert r.status_code == 200, r.json
    assert r.json["result"]["score"] == 9.0
    saved = {s["question_id"]: s for s in r.json["responses"]}
    assert saved[exam.q["short_answer"]]["text"] == "  key-paris "
    assert saved[exam.q["true_false"]]["seq"] == 1


@pytest.mark.parametrize(
    ("item", "where"),
    [
        (
            {"question_id": "single", "selected_ids": [("single", "4"), ("single", "3")], "seq": 2},
            "selected_ids",
        ),
        ({"question_id": "numeric", "text": "3", "seq": 2}, "text"),
        ({"question_id": 999999, "seq": 2}, "question_id"),
    ],
)
def test_invalid_final_answers_are_422_and_nothing_changes(
    app, client, users, auth, build_exam, item, where
):
    exam = build_exam(users["author"])
    attempt_id = start(client, exam, auth["student"])
    item = dict(item)
    if isinstance(item["question_id"], str):
        item["question_id"] = exam.q[item["question_id"]]
    if "selected_ids" in item:
        item["selected_ids"] = [exam.alt[t] for t in item["selected_ids"]]
    good = {"question_id": exam.q["numeric"], "number": 3.14, "seq": 1}
    r = submit(client, attempt_id, auth["student"], [good, item])
    assert r.status_code == 422
    assert where in r.json["error"]["details"]["json"]["responses"]["1"]
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).state == "in_progress"
        assert db.session.scalars(select(Response)).all() == []


@pytest.mark.parametrize(
    "body",
    [
        {"responses": "x"},
        {"responses": [{"seq": 1}]},
        {"responses": [{"question_id": 1}]},
        {"responses": [{"question_id": 1, "seq": 1, "number": "1"}]},
        {"unknown": 1},
    ],
)
def test_malformed_submit_bodies_are_422(client, users, auth, build_exam, body):
    exam = build_exam(users["author"])
    attempt_id = start(client, exam, auth["student"])
    r = client.post(f"/api/attempts/{attempt_id}/submit", json=body, headers=auth["student"])
    assert r.status_code == 422
    assert r.json["error"]["details"]["json"]


def test_submit_without_a_body(client, users, auth, build_exam):
    exam = build_exam(users["author"])
    attempt_id = start(client, exam, auth["student"])
    r = client.post(f"/api/attempts/{attempt_id}/submit", headers=auth["student"])
    assert r.status_code == 200
    assert r.json["result"]["score"] == 0


def test_submit_is_idempotent(client, users, auth, build_exam, attempt_clock, gradings):
    exam = build_exam(users["author"])
    attempt_id = start(client, exam, auth["student"])
    answer_scenario(client, exam, attempt_id, auth["student"])
    first = submit(client, attempt_id, auth["student"])
    attempt_clock.advance(minutes=1)
    late_answer = [{"question_id": exam.q["short_answer"], "text": "KEY-PARIS", "seq": 9}]
    second = submit(client, attempt_id, auth["student"], late_answer)
    assert second.status_code == 200
    assert gradings["n"] == 1
    first_body, second_body = first.json, second.json
    for body in (first_body, second_body):
        body.pop("server_now")
    assert second_body == first_body  # same result, the extra answer ignored


@pytest.mark.parametrize(
    ("actor", "status"), [("author", 403), ("admin", 403), ("other_author", 404)]
)
def test_only_the_student_may_submit(client, users, auth, build_exam, actor, status):
    exam = build_exam(users["author"])
    attempt_id = start(client, exam, auth["student"])
    assert submit(client, attempt_id, auth[actor]).status_code == status


# --- finalization by time -----------------------------------------------------------------


@pytest.fixture
def timed(client, users, auth, build_exam, attempt_clock):
    exam = build_exam(users["author"], time_limit_minutes=10, grace_period_seconds=30)
    attempt_id = start(client, exam, auth["student"])
    answer_scenario(client, exam, attempt_id, auth["student"])
    return exam, attempt_id


def test_submit_within_the_grace_is_a_normal_submit(client, auth, timed, attempt_clock):
    exam, attempt_id = timed
    attempt_clock.advance(minutes=10, seconds=29)
    final = [{"question_id": exam.q["short_answer"], "text": "KEY-PARIS", "seq": 2}]
    r = submit(client, attempt_id, auth["student"], final)
    assert (r.json["state"], r.json["result"]["score"]) == ("submitted", 7.5)


def test_a_late_submit_is_finalized_with_the_saved_answers(client, auth, timed, attempt_clock):
    exam, attempt_id = timed
    started = attempt_clock.now
    attempt_clock.advance(minutes=10, seconds=31)
    final = [{"question_id": exam.q["short_answer"], "text": "KEY-PARIS", "seq": 2}]
    r = submit(client, attempt_id, auth["student"], final)
    assert r.status_code == 200
    assert r.json["state"] == "expired"
    assert r.json["result"]["score"] == 5.5  # the late answer does not count
    assert r.json["submitted_at"] == (started + timedelta(minutes=10)).isoformat()


def test_an_overdue_attempt_is_finalized_when_viewed(
    app, client, auth, timed, attempt_clock, gradings
):
    _, attempt_id = timed
    attempt_clock.advance(minutes=11)
    r = client.get(f"/api/attempts/{attempt_id}", headers=auth["student"])
    assert (r.json["state"], r.json["result"]["score"]) == ("expired", 5.5)
    client.get(f"/api/attempts/{attempt_id}", headers=auth["student"])
    assert gradings["n"] == 1
    with app.app_context():
        assert db.session.get(Attempt, attempt_id).state == "expired"


def test_my_attempts_finalizes_my_overdue_attempts(client, auth, timed, attempt_clock):
    _, attempt_id = timed
    attempt_clock.advance(minutes=11)
    items = client.get("/api/me/attempts", headers=auth["student"]).json["items"]
    assert [(i["id"], i["state"], i["score"]) for i in items] == [(attempt_id, "expired", 5.5)]


def test_the_sweep_cli_finalizes_only_overdue_attempts(
    app, client, users, auth, build_exam, attempt_clock, make_user, token_for
):
    timed = build_exam(users["author"], time_limit_minutes=10, grace_period_seconds=30)
    long_grace = build_exam(users["author"], time_limit_minutes=10, grace_period_seconds=600)
    untimed = build_exam(users["author"])
    students = [token_for(make_user("student")) for _ in range(3)]
    overdue = [start(client, timed, s) for s in students]
    in_grace = start(client, long_grace, students[0])
    no_deadline = start(client, untimed, students[0])
    done = start(client, timed, auth["student"])
    submit(client, done, auth["student"])
    save(client, timed, overdue[0], students[0], "single", picks=["4"])
    attempt_clock.advance(minutes=11)

    result = app.test_cli_runner().invoke(
        args=["attempts", "finalize-overdue", "--batch-size", "2"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Finalized 3 overdue attempts."
    with app.app_context():
        states = {a.id: (a.state, a.score) for a in db.session.scalars(select(Attempt))}
    assert states[overdue[0]] == ("expired", 2.0)
    assert states[overdue[1]] == states[overdue[2]] == ("expired", 0.0)
    assert states[in_grace][0] == states[no_deadline][0] == "in_progress"
    assert states[done][0] == "submitted"
    again = app.test_cli_runner().invoke(args=["attempts", "finalize-overdue"])
    assert again.output.strip() == "Finalized 0 overdue attempts."


# --- review policy ------------------------------------------------------------------------


def review_of(client, attempt_id, headers):
    r = client.get(f"/api/attempts/{attempt_id}", headers=headers)
    assert r.status_code == 200
    return r.json["result"]


def assert_no_key(result):
    assert result["review"] is None
    assert result["review_available"] is False
    text = json.dumps(result)
    for secret in KEY_STRINGS:
        if secret not in ("feedback", "credit"):
            assert secret not in text, secret


@pytest.mark.parametrize(
    ("policy", "closes_in", "after_close", "student_sees"),
    [
        ("immediately", None, False, True),
        ("after_close", 60, False, False),
        ("after_close", 60, True, True),
        ("after_close", None, False, False),  # no closes_at: not until archived
        ("never", None, False, False),
        ("never", 60, True, False),
    ],
)
@pytest.mark.parametrize("viewer", ["student", "author", "admin"])
def test_review_policy(
    client,
    users,
    auth,
    build_exam,
    attempt_clock,
    policy,
    closes_in,
    after_close,
    student_sees,
    viewer,
):
    closes = attempt_clock.now + timedelta(minutes=closes_in) if closes_in else None
    exam = build_exam(users["author"], review_policy=policy, closes_at=closes)
    attempt_id = start(client, exam, auth["student"])
    answer_scenario(client, exam, attempt_id, auth["student"])
    submitted = submit(client, attempt_id, auth["student"]).json["result"]
    if after_close:
        attempt_clock.advance(minutes=closes_in)
    result = review_of(client, attempt_id, auth[viewer])
    assert (result["score"], result["percentage"]) == (5.5, 55.0)  # the score: always
    if viewer != "student" or student_sees:
        assert result["review_available"] is True
        assert len(result["review"]) == 5
    else:
        assert_no_key(result)
        assert_no_key(submitted)
        expected_at = closes.isoformat() if policy == "after_close" and closes else None
        assert result["review_available_at"] == expected_at


def test_after_close_without_closes_at_opens_when_archived(app, client, users, auth, build_exam):
    from online_exam.exams.models import Exam

    exam = build_exam(users["author"], review_policy="after_close")
    attempt_id = start(client, exam, auth["student"])
    submit(client, attempt_id, auth["student"])
    assert review_of(client, attempt_id, auth["student"])["review"] is None
    with app.app_context():
        db.session.get(Exam, exam.id).status = "archived"
        db.session.commit()
    assert review_of(client, attempt_id, auth["student"])["review_available"] is True


def test_the_review_content(client, users, auth, build_exam):
    exam = build_exam(users["author"], shuffle_alternatives=True)
    attempt_id = start(client, exam, auth["student"])
    answer_scenario(client, exam, attempt_id, auth["student"])
    save(client, exam, attempt_id, auth["student"], "multiple", seq=2, picks=["2", "4"])
    save(client, exam, attempt_id, auth["student"], "short_answer", seq=2, text="key-paris")
    result = submit(client, attempt_id, auth["student"]).json["result"]
    items = {item["type"]: item for item in result["review"]}
    opened = client.get(f"/api/attempts/{attempt_id}", headers=auth["student"]).json
    assert [i["id"] for i in result["review"]] == [q["id"] for q in opened["questions"]]

    single = items["single"]
    assert single["answer"] == {
        "selected_ids": [exam.alt[("single", "4")]],
        "text": None,
        "number": None,
        "pairs": None,
        "ordered_ids": None,
        "gaps": None,
    }
    assert (single["credit"], single["score"], single["is_correct"]) == (1.0, 2.0, True)
    assert single["correct"]["alternative_ids"] == [exam.alt[("single", "4")]]
    assert single["general_feedback"] == "GF-SINGLE"
    assert [f["feedback"] for f in single["feedback"]] == ["FB-RIGHT-4"]
    # Alternatives as this attempt showed them.
    shown = next(q for q in opened["questions"] if q["type"] == "single")["alternatives"]
    assert single["alternatives"] == shown

    multiple = items["multiple"]  # 0.5 - 0.5
    assert (multiple["credit"], multiple["is_correct"]) == (0.0, False)
    assert sorted(multiple["correct"]["alternative_ids"]) == sorted(
        [exam.alt[("multiple", "2")], exam.alt[("multiple", "3")]]
    )
    assert sorted(f["feedback"] for f in multiple["feedback"]) == ["FB-NOT-PRIME-4", "FB-PRIME-2"]

    short = items["short_answer"]
    assert (short["credit"], short["is_correct"]) == (1.0, True)
    assert short["correct"]["accepted_answers"] == ["KEY-PARIS"]
    assert short["alternatives"] == []
    assert [f["feedback"] for f in short["feedback"]] == ["FB-PARIS"]

    numeric = items["numeric"]
    assert numeric["correct"]["numeric_answer"] == 3.14159
    assert numeric["correct"]["numeric_tolerance"] == 0.005
    assert numeric["is_correct"] is True
    assert numeric["feedback"] == []

    tf = items["true_false"]
    assert (tf["is_correct"], tf["correct"]["alternative_ids"]) == (
        False,
        [exam.alt[("true_false", "True")]],
    )
    assert result["score"] == 2 + 0 + 0 + 2 + 2


def test_unanswered_questions_in_the_review(client, users, auth, build_exam):
    exam = build_exam(users["author"])
    attempt_id = start(client, exam, auth["student"])
    result = submit(client, attempt_id, auth["student"]).json["result"]
    assert all(
        i["answer"] is None and i["credit"] == 0 and not i["is_correct"] for i in result["review"]
    )
    assert (result["score"], result["percentage"]) == (0, 0)
