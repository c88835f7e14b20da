"""Essays and manual grading: the pure rules, the essay's life (author, save, submit), the
grading queue endpoints (who, what, validation), overrides, audit, and what a grade changes
(result, history, review, export, statistics, the live view's ETag)."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from online_exam import grading
from online_exam.attempts.models import Attempt
from online_exam.audit.models import AuditEvent
from online_exam.exams.spec import QuestionSpec
from online_exam.extensions import db

from .test_attempts_concurrency import big_app, race  # noqa: F401 - a fixture
from .test_live_view import course_of  # noqa: F401 - a fixture

ESSAY_EXAM = [
    {"type": "essay", "text": "Explain photosynthesis.", "points": 4.0, "word_limit": 5},
    {"type": "true_false", "text": "Plants need light.", "points": 1.0, "correct": True},
]


def essay(**fields):
    return QuestionSpec.from_data({"type": "essay", "text": "E", "points": 4.0, **fields})


# --- pure rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "credit"),
    [
        (None, 0.0),
        (grading.Answer(text=None), 0.0),
        (grading.Answer(text="  \n "), 0.0),
        (grading.Answer(text="An answer"), None),
    ],
)
def test_an_answered_essay_needs_a_person(answer, credit):
    assert grading.grade(essay(), answer) == credit
    assert grading.is_correct(essay(), answer) is False
    assert grading.matching_alternative_ids(essay(), answer) == ()


@pytest.mark.parametrize(
    ("text", "words"), [(None, 0), ("", 0), ("one", 1), (" two  words\n", 2), ("a\tb\u00a0c", 3)]
)
def test_word_count(text, words):
    assert grading.word_count(text) == words


def test_outcome_waits_for_every_answer_a_person_grades():
    assert grading.outcome([(1.0, 2.0), (None, 4.0), (None, 1.0)], 50) == (None, 2)
    score, awaiting = grading.outcome([(1.0, 2.0), (0.5, 4.0)], 50)
    assert awaiting == 0
    assert score is not None
    assert (score.score, score.max_score, score.percentage, score.passed) == (4.0, 6.0, 66.67, True)


# --- helpers ------------------------------------------------------------------------------


def take(client, exam, headers, essay_text="Light makes sugar", tf=True):
    attempt = client.post(f"/api/exams/{exam.id}/attempts", headers=headers).json
    if essay_text is not None:
        r = client.put(
            f"/api/attempts/{attempt['id']}/responses/{exam.q['essay']}",
            json={"text": essay_text, "seq": 1},
            headers=headers,
        )
        assert r.status_code == 200, r.json
    if tf is not None:
        pick = exam.alt[("true_false", "True" if tf else "False")]
        r = client.put(
            f"/api/attempts/{attempt['id']}/responses/{exam.q['true_false']}",
            json={"selected_ids": [pick], "seq": 1},
            headers=headers,
        )
        assert r.status_code == 200, r.json
    r = client.post(f"/api/attempts/{attempt['id']}/submit", headers=headers)
    assert r.status_code == 200, r.json
    return r.json


def grade(client, headers, attempt_id, question_id, points, comment=""):
    return client.put(
        f"/api/attempts/{attempt_id}/grades/{question_id}",
        json={"points": points, "comment": comment},
        headers=headers,
    )


@pytest.fixture
def essay_exam(users, build_exam):
    return build_exam(users["author"], questions=ESSAY_EXAM, pass_mark_percent=50)


# --- the essay's life ---------------------------------------------------------------------


def test_the_student_sees_the_word_limit_and_may_go_over_it(client, auth, essay_exam):
    attempt = client.post(f"/api/exams/{essay_exam.id}/attempts", headers=auth["student"]).json
    by_type = {q["type"]: q for q in attempt["questions"]}
    assert by_type["essay"]["word_limit"] == 5
    assert by_type["essay"]["alternatives"] == []
    assert by_type["true_false"]["word_limit"] is None
    long = " ".join(["word"] * 50)  # ten times the limit: stored all the same, never lost
    r = client.put(
        f"/api/attempts/{attempt['id']}/responses/{essay_exam.q['essay']}",
        json={"text": long, "seq": 1},
        headers=auth["student"],
    )
    assert r.status_code == 200
    assert r.json["text"] == long
    again = client.get(f"/api/attempts/{attempt['id']}", headers=auth["student"]).json
    assert again["responses"][0]["text"] == long


def test_an_essay_with_alternatives_cannot_be_published(client, auth, users, build_exam):
    exam = build_exam(
        users["author"],
        status="draft",
        questions=[{**ESSAY_EXAM[0], "alternatives": [{"text": "x", "credit": 1.0}]}],
    )
    r = client.post(f"/api/exams/{exam.id}/publish", headers=auth["author"])
    assert r.status_code == 422
    problems = r.json["error"]["details"]["questions"][str(exam.questions[0])]["problems"]
    assert "An essay question takes no alternatives; delete them." in problems


def test_essay_authoring_through_the_api(client, auth, users, build_exam):
    exam = build_exam(users["author"], status="draft", questions=[])
    url = f"/api/exams/{exam.id}/questions"
    r = client.post(url, json={**ESSAY_EXAM[0], "word_limit": 0}, headers=auth["author"])
    assert r.status_code == 422
    r = client.post(url, json=ESSAY_EXAM[0], headers=auth["author"])
    assert r.status_code == 201, r.json
    assert (r.json["type"], r.json["word_limit"], r.json["alternatives"]) == ("essay", 5, [])
    bad = client.post(
        f"/api/questions/{r.json['id']}/alternatives",
        json={"text": "x", "credit": 1.0},
        headers=auth["author"],
    )
    assert bad.status_code == 422
    assert client.post(f"/api/exams/{exam.id}/publish", headers=auth["author"]).status_code == 200


def test_awaiting_grading_until_the_last_essay_is_graded(client, auth, users, essay_exam):
    submitted = take(client, essay_exam, auth["student"])
    result = submitted["result"]
    assert (result["score"], result["percentage"], result["passed"]) == (None, None, None)
    assert (result["max_score"], result["awaiting_grading"]) == (5.0, 1)
    item = {i["type"]: i for i in result["review"]}
    assert item["essay"]["awaiting_grading"] is True
    assert item["essay"]["manually_graded"] is False
    assert item["true_false"]["credit"] == 1.0
    history = client.get("/api/me/attempts", headers=auth["student"]).json["items"][0]
    assert (history["score"], history["awaiting_grading"]) == (None, 1)
    results = client.get(f"/api/exams/{essay_exam.id}/results", headers=auth["author"]).json
    assert (results["items"][0]["score"], results["items"][0]["awaiting_grading"]) == (None, 1)

    overview = client.get(f"/api/exams/{essay_exam.id}/grading", headers=auth["author"]).json
    assert overview["ungraded"] == 1
    counts = {q["type"]: (q["answers"], q["ungraded"], q["graded"]) for q in overview["questions"]}
    assert counts == {"essay": (1, 1, 0), "true_false": (1, 0, 0)}
    assert overview["attempts"][0]["awaiting_grading"] == 1
    assert overview["attempts"][0]["student_name"] == users["student"].display_name

    queue = client.get(f"/api/exams/{essay_exam.id}/grading/answers", headers=auth["author"]).json
    assert queue["total"] == 1
    answer = queue["items"][0]
    assert answer["answer"]["text"] == "Light makes sugar"
    assert (answer["word_count"], answer["word_limit"], answer["max_points"]) == (3, 5, 4.0)
    assert (answer["points"], answer["awaiting_grading"], answer["comment"]) == (None, True, "")

    r = grade(client, auth["author"], submitted["id"], essay_exam.q["essay"], 3, "Good, brief.")
    assert r.status_code == 200, r.json
    assert (r.json["points"], r.json["awaiting_grading"], r.json["comment"]) == (
        3.0,
        False,
        "Good, brief.",
    )
    assert r.json["graded_by_name"] == users["author"].display_name

    final = client.get(f"/api/attempts/{submitted['id']}", headers=auth["student"]).json["result"]
    assert (final["score"], final["percentage"], final["passed"], final["awaiting_grading"]) == (
        4.0,
        80.0,
        True,
        0,
    )
    graded = {i["type"]: i for i in final["review"]}["essay"]
    assert graded["manually_graded"] is True
    assert graded["graded_by_name"] == users["author"].display_name
    assert graded["grader_comment"] == "Good, brief."
    assert (graded["score"], graded["awaiting_grading"]) == (3.0, False)
    assert client.get("/api/me/attempts", headers=auth["student"]).json["items"][0]["score"] == 4.0
    ungraded = client.get(
        f"/api/exams/{essay_exam.id}/grading/answers?state=ungraded", headers=auth["author"]
    ).json
    assert ungraded["total"] == 0
    graded_list = client.get(
        f"/api/exams/{essay_exam.id}/grading/answers?state=graded", headers=auth["author"]
    ).json
    assert graded_list["total"] == 1


def test_a_blank_essay_earns_nothing_and_waits_for_no_one(client, auth, essay_exam):
    submitted = take(client, essay_exam, auth["student"], essay_text="   ")
    assert (submitted["result"]["score"], submitted["result"]["awaiting_grading"]) == (1.0, 0)


def test_override_of_an_automatic_grade_is_audited(client, app, auth, users, essay_exam):
    submitted = take(client, essay_exam, auth["student"])
    grade(client, auth["author"], submitted["id"], essay_exam.q["essay"], 4)
    r = grade(client, auth["author"], submitted["id"], essay_exam.q["true_false"], 0, "Guessed")
    assert r.status_code == 200, r.json
    result = client.get(f"/api/attempts/{submitted['id']}", headers=auth["student"]).json["result"]
    assert result["score"] == 4.0
    tf = {i["type"]: i for i in result["review"]}["true_false"]
    assert (tf["credit"], tf["is_correct"], tf["manually_graded"]) == (0.0, False, True)
    again = grade(client, auth["author"], submitted["id"], essay_exam.q["essay"], 2.5)
    assert again.status_code == 200
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "grade.changed").order_by(AuditEvent.id)
        ).all()
        changes = [
            (e.details["question_id"], e.details["old_points"], e.details["new_points"])
            for e in events
        ]
        assert {e.actor_id for e in events} == {users["author"].id}
        assert {(e.entity_type, e.entity_id) for e in events} == {("attempt", submitted["id"])}
        assert db.session.get(Attempt, submitted["id"]).score == 2.5
    assert changes == [
        (essay_exam.q["essay"], None, 4.0),
        (essay_exam.q["true_false"], 1.0, 0.0),
        (essay_exam.q["essay"], 4.0, 2.5),
    ]


# --- who may grade, and what --------------------------------------------------------------


def test_who_may_see_the_queue_and_grade(client, auth, make_user, token_for, essay_exam):
    submitted = take(client, essay_exam, auth["student"])
    other_author = token_for(make_user("author"))
    paths = [
        f"/api/exams/{essay_exam.id}/grading",
        f"/api/exams/{essay_exam.id}/grading/answers",
    ]
    for path in paths:
        assert client.get(path).status_code == 401
        assert client.get(path, headers=auth["student"]).status_code == 403
        assert client.get(path, headers=other_author).status_code == 404
        assert client.get(path, headers=auth["admin"]).status_code == 200
    essay_id = essay_exam.q["essay"]
    assert grade(client, auth["student"], submitted["id"], essay_id, 4).status_code == 403
    assert grade(client, other_author, submitted["id"], essay_id, 4).status_code == 404
    assert grade(client, auth["admin"], submitted["id"], essay_id, 4).status_code == 200
    assert client.get("/api/exams/999999/grading", headers=auth["author"]).status_code == 404


def test_grade_validation(client, auth, users, build_exam, essay_exam):
    submitted = take(client, essay_exam, auth["student"], tf=None)
    essay_id = essay_exam.q["essay"]
    url = f"/api/attempts/{submitted['id']}/grades/{essay_id}"
    for body in [{}, {"points": -1}, {"points": "3"}, {"points": 1, "comment": "x" * 5001}]:
        r = client.put(url, json=body, headers=auth["author"])
        assert r.status_code == 422, body
        assert r.json["error"]["code"] == "validation_error"
    over = grade(client, auth["author"], submitted["id"], essay_id, 4.5)
    assert over.status_code == 422
    assert "points" in over.json["error"]["details"]["json"]
    # Not answered: nothing to grade. Unknown question or attempt: 404.
    assert (
        grade(client, auth["author"], submitted["id"], essay_exam.q["true_false"], 1).status_code
        == 409
    )
    other = build_exam(users["author"])
    assert grade(client, auth["author"], submitted["id"], other.questions[0], 1).status_code == 404
    assert grade(client, auth["author"], 999999, essay_id, 1).status_code == 404
    bad_state = client.get(
        f"/api/exams/{essay_exam.id}/grading/answers?state=maybe", headers=auth["author"]
    )
    assert bad_state.status_code == 422


def test_an_attempt_in_progress_cannot_be_graded(client, auth, essay_exam):
    attempt = client.post(f"/api/exams/{essay_exam.id}/attempts", headers=auth["student"]).json
    client.put(
        f"/api/attempts/{attempt['id']}/responses/{essay_exam.q['essay']}",
        json={"text": "Draft", "seq": 1},
        headers=auth["student"],
    )
    r = grade(client, auth["author"], attempt["id"], essay_exam.q["essay"], 1)
    assert r.status_code == 409
    queue = client.get(
        f"/api/exams/{essay_exam.id}/grading/answers?state=all", headers=auth["author"]
    ).json
    assert queue["total"] == 0  # only finished attempts are graded


def test_queue_filters(client, auth, make_user, token_for, essay_exam):
    first = take(client, essay_exam, auth["student"])
    second = take(client, essay_exam, token_for(make_user("student", name="Zed")), "Other text")
    url = f"/api/exams/{essay_exam.id}/grading/answers"
    every = client.get(f"{url}?state=all", headers=auth["author"]).json
    assert every["total"] == 4
    one = client.get(f"{url}?state=all&attempt_id={second['id']}", headers=auth["author"]).json
    assert {i["attempt_id"] for i in one["items"]} == {second["id"]}
    essays = client.get(
        f"{url}?state=all&question_id={essay_exam.q['essay']}", headers=auth["author"]
    ).json
    assert [i["answer"]["text"] for i in essays["items"]] == ["Light makes sugar", "Other text"]
    paged = client.get(f"{url}?state=all&per_page=3&page=2", headers=auth["author"]).json
    assert (paged["total"], len(paged["items"])) == (4, 1)
    assert first["id"] != second["id"]


# --- what a grade changes -----------------------------------------------------------------


def test_export_and_statistics_follow_the_grades(client, auth, essay_exam):
    submitted = take(client, essay_exam, auth["student"])
    csv_url = f"/api/exams/{essay_exam.id}/results/export"
    rows = list(csv.reader(io.StringIO(client.get(csv_url, headers=auth["author"]).text)))
    assert rows[1][3] == "Awaiting grading"
    assert (rows[1][7], rows[1][8], rows[1][11], rows[1][12]) == ("", "5", "", "1")
    document = client.get(f"{csv_url}?format=json", headers=auth["author"]).json
    assert document["attempts"][0]["awaiting_grading"] is True
    stats_url = f"/api/exams/{essay_exam.id}/statistics"
    assert client.get(stats_url, headers=auth["author"]).json["n"] == 0

    grade(client, auth["author"], submitted["id"], essay_exam.q["essay"], 2)
    rows = list(csv.reader(io.StringIO(client.get(csv_url, headers=auth["author"]).text)))
    assert (rows[1][3], rows[1][7], rows[1][11]) == ("submitted", "3", "2")
    stats = client.get(stats_url, headers=auth["author"]).json
    assert stats["n"] == 1  # counted once its last answer is graded


def test_the_live_view_changes_when_a_grade_does(
    client,
    auth,
    users,
    build_exam,
    course_of,  # noqa: F811
):
    exam = build_exam(users["author"], questions=ESSAY_EXAM, course_id=course_of(users["student"]))
    submitted = take(client, exam, auth["student"])
    url = f"/api/exams/{exam.id}/live"
    etag = client.get(url, headers=auth["author"]).headers["ETag"]
    assert client.get(url, headers={**auth["author"], "If-None-Match": etag}).status_code == 304
    grade(client, auth["author"], submitted["id"], exam.q["essay"], 1)
    after = client.get(url, headers={**auth["author"], "If-None-Match": etag})
    assert after.status_code == 200
    assert after.json["students"][0]["score"] == 2.0


# --- the lock -----------------------------------------------------------------------------


@pytest.mark.postgres
def test_concurrent_grades_of_one_attempt_all_count(
    app,
    big_app,  # noqa: F811
    client,
    auth,
    users,
    build_exam,
):
    """Six graders at once, one essay each, on one attempt: the attempt's lock serialises
    them, so the last one computes the score from all six grades (none lost)."""
    questions = [{**ESSAY_EXAM[0], "text": f"Essay {n}", "points": 2.0} for n in range(6)]
    exam = build_exam(users["author"], questions=questions)
    attempt = client.post(f"/api/exams/{exam.id}/attempts", headers=auth["student"]).json
    for question_id in exam.questions:
        client.put(
            f"/api/attempts/{attempt['id']}/responses/{question_id}",
            json={"text": "Some words", "seq": 1},
            headers=auth["student"],
        )
    submitted = client.post(f"/api/attempts/{attempt['id']}/submit", headers=auth["student"])
    assert submitted.json["result"]["awaiting_grading"] == 6

    def grader(question_id):
        def run():
            return grade(big_app.test_client(), auth["author"], attempt["id"], question_id, 1.5)

        return run

    results, _ = race([grader(q) for q in exam.questions], workers=6)
    assert [r.status_code for r in results] == [200] * 6
    with app.app_context():
        stored = db.session.get(Attempt, attempt["id"])
        assert (stored.score, stored.awaiting_grading, stored.percentage) == (9.0, 0, 75.0)
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "grade.changed")
        ).all()
        assert len(events) == 6


def test_every_score_change_reaches_the_regraded_hook(client, auth, essay_exam, monkeypatch):
    """finalization and each grade call hooks.regraded (where grade passback will hook in).
    PostgreSQL's fast submit skips the hook only when it would queue nothing (no passback
    link: attempts/fast_submit.py); here the full path's call is what is checked."""
    from online_exam.attempts import fast_submit
    from online_exam.attempts import service as attempts_service
    from online_exam.grading_queue import service as queue_service

    calls = []

    def record(attempt):
        calls.append((attempt.id, attempt.score, attempt.awaiting_grading))

    monkeypatch.setattr(attempts_service, "regraded", record)
    monkeypatch.setattr(queue_service, "regraded", record)
    monkeypatch.setattr(fast_submit, "try_submit", lambda *_: None)
    submitted = take(client, essay_exam, auth["student"])
    grade(client, auth["author"], submitted["id"], essay_exam.q["essay"], 2)
    assert calls == [(submitted["id"], None, 1), (submitted["id"], 3.0, 0)]
