"""The submit's fast path on PostgreSQL (attempts/fast_submit.py): taken in the common case,
the same JSON and the same stored rows as the full path for every question type, and every
other case answered by the full path exactly as before (nothing written first)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from online_exam.attempts import fast_submit, service
from online_exam.extensions import db
from tests.conftest import EXAM_QUESTIONS
from tests.test_query_counts import counting
from tests.test_structured_types import STRUCTURED_QUESTIONS

pytestmark = pytest.mark.postgres

ESSAY = {"type": "essay", "text": "Explain.", "points": 4.0, "word_limit": 50}
NINE_TYPES = [*EXAM_QUESTIONS, *STRUCTURED_QUESTIONS, ESSAY]


def _answer(question: dict[str, Any], essay: str) -> dict[str, Any] | None:
    """An answer in the question's shape, from its public view (some right, some wrong)."""
    ids = [a["id"] for a in question["alternatives"]]
    kind = question["type"]
    if kind in ("single", "true_false"):
        return {"selected_ids": ids[1:2]}
    if kind == "multiple":
        return {"selected_ids": ids[:2]}
    if kind == "short_answer":
        return {"text": "KEY-PARIS"}
    if kind == "numeric":
        return {"number": 3.0}  # a whole number: stored as 3.0, shown as 3.0
    if kind == "essay":
        return {"text": essay} if essay else None
    if kind == "matching":
        answers = [a["id"] for a in question["answers"]]
        return {"pairs": [{"item_id": i, "answer_id": answers[0]} for i in ids[:2]]}
    if kind == "ordering":
        return {"ordered_ids": ids[::-1]}
    gaps = []
    for gap in question["gaps"]:
        if gap["kind"] == "choice":
            gaps.append({"gap": gap["gap"], "selected_id": gap["choices"][0]["id"]})
        else:
            gaps.append({"gap": gap["gap"], "text": "GAPKEY-100"})
    return {"gaps": gaps}


def _stored(app, attempt_id):
    with app.app_context():
        attempt = db.session.execute(
            text(
                "SELECT state, score, max_score, percentage, passed, awaiting_grading, "
                "submitted_at FROM attempts WHERE id = :a"
            ),
            {"a": attempt_id},
        ).one()
        credits = db.session.execute(
            text("SELECT question_id, credit FROM responses WHERE attempt_id = :a ORDER BY 1"),
            {"a": attempt_id},
        ).all()
        return tuple(attempt), credits


def _reopen(app, attempt_id):
    """The attempt back in progress, ungraded: to submit the same answers again."""
    with app.app_context():
        db.session.execute(
            text(
                "UPDATE attempts SET state = 'in_progress', score = NULL, max_score = NULL, "
                "percentage = NULL, passed = NULL, awaiting_grading = 0, submitted_at = NULL "
                "WHERE id = :a"
            ),
            {"a": attempt_id},
        )
        db.session.execute(
            text("UPDATE responses SET credit = NULL WHERE attempt_id = :a"), {"a": attempt_id}
        )
        db.session.commit()


@pytest.mark.parametrize("essay", ["", "Light makes sugar."], ids=["scored", "awaiting_grading"])
def test_the_same_json_and_rows_as_the_full_path_for_all_nine_types(
    app, client, auth, users, build_exam, attempt_clock, essay
):
    exam = build_exam(
        users["author"],
        questions=NINE_TYPES,
        time_limit_minutes=30,
        pass_mark_percent=40,
        review_policy="immediately",
    )
    started = client.post(f"/api/exams/{exam.id}/attempts", headers=auth["student"]).json
    attempt_id = started["id"]
    assert len({q["type"] for q in started["questions"]}) == 9
    for question in started["questions"][1:]:  # the first one unanswered
        answer = _answer(question, essay)
        if answer is not None:
            r = client.put(
                f"/api/attempts/{attempt_id}/responses/{question['id']}",
                json={**answer, "seq": 1},
                headers=auth["student"],
            )
            assert r.status_code == 200, r.json
    path = f"/api/attempts/{attempt_id}/submit"

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fast_submit, "try_submit", lambda *_: None)  # the full path
        full = client.post(path, json={"responses": []}, headers=auth["student"])
    full_rows = _stored(app, attempt_id)
    _reopen(app, attempt_id)
    with counting(app) as statements:
        fast = client.post(path, json={"responses": []}, headers=auth["student"])
    assert statements[0] == fast_submit._READ  # the fast path, and nothing else
    assert statements[1:] == [fast_submit._RESPONSES, fast_submit._CLOSE], statements

    assert (full.status_code, fast.status_code) == (200, 200)
    assert fast.json == full.json  # the clock is frozen: server_now and submitted_at too
    assert fast.data == full.data  # the keys' order as well
    assert _stored(app, attempt_id) == full_rows
    result = fast.json["result"]
    if essay:
        assert (result["score"], result["awaiting_grading"]) == (None, 1)
    else:
        assert result["score"] is not None
        assert result["awaiting_grading"] == 0
    assert len(result["review"]) == 9
    again = client.post(path, json={"responses": []}, headers=auth["student"])
    assert again.json == fast.json  # idempotent (the full path answers a repeat)


@pytest.fixture
def spied(monkeypatch):
    """Which path answered: "full" when service._submit ran."""
    ran: list[str] = []
    real = service._submit

    def spy(*args, **kwargs):
        ran.append("full")
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "_submit", spy)
    return ran


def test_the_common_case_takes_the_fast_path(client, auth, users, build_exam, spied):
    exam = build_exam(users["author"])
    attempt_id = client.post(f"/api/exams/{exam.id}/attempts", headers=auth["student"]).json["id"]
    r = client.post(f"/api/attempts/{attempt_id}/submit", json={}, headers=auth["student"])
    assert (r.status_code, r.json["state"], spied) == (200, "submitted", [])
    repeat = client.post(f"/api/attempts/{attempt_id}/submit", json={}, headers=auth["student"])
    assert (repeat.status_code, repeat.json["result"], spied) == (200, r.json["result"], ["full"])


def test_final_answers_take_the_full_path(client, auth, users, build_exam, spied):
    exam = build_exam(users["author"])
    attempt_id = client.post(f"/api/exams/{exam.id}/attempts", headers=auth["student"]).json["id"]
    final = [{"question_id": exam.q["short_answer"], "text": "KEY-PARIS", "seq": 1}]
    r = client.post(
        f"/api/attempts/{attempt_id}/submit", json={"responses": final}, headers=auth["student"]
    )
    assert (r.status_code, r.json["result"]["score"], spied) == (200, 2.0, ["full"])


def test_an_overdue_attempt_is_expired_by_the_full_path(
    app, client, auth, users, build_exam, attempt_clock, spied
):
    exam = build_exam(users["author"], time_limit_minutes=10, grace_period_seconds=30)
    attempt_id = client.post(f"/api/exams/{exam.id}/attempts", headers=auth["student"]).json["id"]
    r = client.put(
        f"/api/attempts/{attempt_id}/responses/{exam.q['short_answer']}",
        json={"text": "KEY-PARIS", "seq": 1},
        headers=auth["student"],
    )
    assert r.status_code == 200
    attempt_clock.advance(minutes=10, seconds=29)  # within the grace: the fast path
    within = client.post(f"/api/attempts/{attempt_id}/submit", json={}, headers=auth["student"])
    assert (within.json["state"], within.json["result"]["score"], spied) == ("submitted", 2.0, [])

    other = build_exam(users["author"], time_limit_minutes=10, grace_period_seconds=30)
    late_id = client.post(f"/api/exams/{other.id}/attempts", headers=auth["student"]).json["id"]
    attempt_clock.advance(minutes=10, seconds=31)  # past the grace: finalized as at the deadline
    late = client.post(f"/api/attempts/{late_id}/submit", json={}, headers=auth["student"])
    assert (late.status_code, late.json["state"], spied) == (200, "expired", ["full"])
    assert late.json["submitted_at"] == late.json["deadline"]


@pytest.mark.parametrize(
    ("actor", "status"), [("author", 403), ("admin", 403), ("other_student", 404)]
)
def test_others_are_refused_by_the_full_path_and_nothing_changes(
    app, client, auth, users, build_exam, make_user, token_for, spied, actor, status
):
    exam = build_exam(users["author"])
    attempt_id = client.post(f"/api/exams/{exam.id}/attempts", headers=auth["student"]).json["id"]
    headers = token_for(make_user("student")) if actor == "other_student" else auth[actor]
    before = _stored(app, attempt_id)
    r = client.post(f"/api/attempts/{attempt_id}/submit", json={}, headers=headers)
    assert (r.status_code, spied) == (status, ["full"]), r.json
    assert set(r.json["error"]) >= {"code", "message"}
    assert _stored(app, attempt_id) == before


def test_a_deactivated_student_is_401_and_nothing_changes(
    app, client, auth, users, build_exam, spied
):
    exam = build_exam(users["author"])
    attempt_id = client.post(f"/api/exams/{exam.id}/attempts", headers=auth["student"]).json["id"]
    before = _stored(app, attempt_id)
    with app.app_context():
        db.session.execute(
            text("UPDATE users SET is_active = false WHERE id = :u"), {"u": users["student"].id}
        )
        db.session.commit()
    r = client.post(f"/api/attempts/{attempt_id}/submit", json={}, headers=auth["student"])
    assert r.status_code == 401, r.json
    assert _stored(app, attempt_id) == before


def test_questions_not_cached_take_the_full_path_which_caches_them(
    client, auth, users, build_exam, spied
):
    from online_exam.attempts import snapshot

    exam = build_exam(users["author"])
    attempt_id = client.post(f"/api/exams/{exam.id}/attempts", headers=auth["student"]).json["id"]
    snapshot.clear()  # another worker started it
    r = client.post(f"/api/attempts/{attempt_id}/submit", json={}, headers=auth["student"])
    assert (r.status_code, r.json["state"], spied) == (200, "submitted", ["full"])
