"""The two-statement start on PostgreSQL (attempts/fast_start.py): taken for the common start,
the same attempt row and the same view as the full path (same draw and orders under
ATTEMPT_SHUFFLE_SEED, same deadline and number, accommodations applied), and every other case
still answered by the full path exactly as before."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import psycopg
import pytest
from psycopg.types.json import Json
from sqlalchemy import text

from online_exam.attempts import fast_save, snapshot
from online_exam.extensions import db
from tests.course_helpers import make_course
from tests.test_bank import bank_question, category, exam_with_slot
from tests.test_query_counts import counting

pytestmark = pytest.mark.postgres

ATTEMPT_COLUMNS = (
    "exam_id, user_id, number, state, started_at, deadline, submitted_at, score, max_score, "
    "percentage, passed, awaiting_grading, question_order::text, alternative_order::text"
)


@pytest.fixture
def seeded(app: Any) -> Iterator[None]:
    """Reproducible orders (the full and the fast path must draw the same)."""
    app.config["ATTEMPT_SHUFFLE_SEED"] = "fast-start"
    yield
    app.config.pop("ATTEMPT_SHUFFLE_SEED")


def _row(app: Any, attempt_id: int) -> Any:
    with app.app_context():
        return db.session.execute(
            text(f"SELECT {ATTEMPT_COLUMNS} FROM attempts WHERE id = :id"),  # noqa: S608
            {"id": attempt_id},
        ).one()


def _attempts(app: Any, exam_id: int) -> int:
    with app.app_context():
        return int(
            db.session.scalar(
                text("SELECT count(*) FROM attempts WHERE exam_id = :e"), {"e": exam_id}
            )
        )


def _forget(app: Any, attempt_id: int) -> None:
    with app.app_context():
        db.session.execute(text("DELETE FROM attempts WHERE id = :id"), {"id": attempt_id})
        db.session.commit()


def _start(client: Any, exam_id: int, headers: dict[str, str]) -> Any:
    return client.post(f"/api/exams/{exam_id}/attempts", headers=headers)


def _full_then_fast(app: Any, client: Any, exam_id: int, headers: dict[str, str]) -> None:
    """Start by the full path (questions not cached yet), forget that attempt, start again by
    the fast path (2 statements): the same row and the same view, but for the id."""
    snapshot.clear()  # the fast path needs the cached questions: the full path answers
    with counting(app) as statements:
        full = _start(client, exam_id, headers)
    assert full.status_code == 201, full.json
    assert len(statements) > 2
    full_row = _row(app, full.json["id"])
    _forget(app, full.json["id"])
    with counting(app) as statements:
        fast = _start(client, exam_id, headers)
    assert fast.status_code == 201, fast.json
    assert len(statements) == 2, statements  # the read and the insert (BEGIN/COMMIT not counted)
    assert _row(app, fast.json["id"]) == full_row
    assert {**fast.json, "id": 0} == {**full.json, "id": 0}


def test_the_fast_start_writes_and_answers_as_the_full_path(
    app, client, auth, users, build_exam, attempt_clock, seeded
):
    exam = build_exam(
        users["author"],
        time_limit_minutes=30,
        shuffle_questions=True,
        shuffle_alternatives=True,
        pass_mark_percent=50.0,
        description="Read carefully.",
    )
    _full_then_fast(app, client, exam.id, auth["student"])


def test_a_random_slot_draws_as_the_full_path(app, client, auth, attempt_clock, seeded):
    cat = category(client, auth["author"])
    ids = [bank_question(client, auth["author"], cat, f"Q{n}") for n in range(8)]
    exam = exam_with_slot(client, auth["author"], cat, count=3, fixed=ids[0])
    assert client.post(f"/api/exams/{exam}/publish", headers=auth["author"]).status_code == 200
    _full_then_fast(app, client, exam, auth["student"])


def test_accommodations_apply_as_on_the_full_path(
    app, client, auth, users, build_exam, make_user, token_for, attempt_clock, seeded
):
    """Course-wide and per-exam rows merged (per exam wins where set): extra time, extra
    attempts and the student's own window, as the full path applies them."""
    student = make_user("student")
    course = make_course(app, users["author"], students=[student])
    exam = build_exam(
        users["author"],
        time_limit_minutes=60,
        max_attempts=1,
        course_id=course,
        closes_at=attempt_clock.now.replace(year=attempt_clock.now.year + 1),
    )
    headers = token_for(student)
    course_wide = {"extra_time_percent": 50, "extra_attempts": 2}
    per_exam = {"extra_minutes": 7, "closes_at": attempt_clock.now.replace(microsecond=0)}
    per_exam["closes_at"] = per_exam["closes_at"].replace(year=per_exam["closes_at"].year + 2)
    per_exam["closes_at"] = per_exam["closes_at"].isoformat()
    path = f"/api/courses/{course}/accommodations/{student.id}"
    assert client.put(path, json=course_wide, headers=auth["author"]).status_code in (200, 201)
    path = f"/api/exams/{exam.id}/accommodations/{student.id}"
    assert client.put(path, json=per_exam, headers=auth["author"]).status_code in (200, 201)
    _full_then_fast(app, client, exam.id, headers)
    started = _start(client, exam.id, headers).json  # resumed: the fast one is in progress
    deadline = started["deadline"]
    assert deadline is not None
    # 60 min x 1.5 + 7 min, the per-exam closes_at (later) does not cut it
    minutes = (attempt_clock.now.fromisoformat(deadline) - attempt_clock.now).total_seconds() / 60
    assert minutes == 97
    # attempts: 1 + 2 extra; the second and third start take the fast path too
    for number in (2, 3):
        submitted = client.post(f"/api/attempts/{started['id']}/submit", headers=headers)
        assert submitted.status_code == 200, submitted.json
        with counting(app) as statements:
            again = _start(client, exam.id, headers)
        assert again.status_code == 201, again.json
        assert again.json["number"] == number
        assert len(statements) == 2
        started = again.json
    assert client.post(f"/api/attempts/{started['id']}/submit", headers=headers).status_code == 200
    used = _start(client, exam.id, headers)
    assert used.status_code == 409
    assert used.json["error"]["details"] == {"max_attempts": 3, "used": 3}


def test_the_first_autosave_after_a_fast_start_is_fast(app, client, auth, users, build_exam):
    exam = build_exam(users["author"], time_limit_minutes=10)
    _start(client, exam.id, auth["admin"])  # caches the questions
    fast_save.clear()
    started = _start(client, exam.id, auth["student"]).json
    single = exam.q["single"]
    with counting(app) as statements:
        saved = client.put(
            f"/api/attempts/{started['id']}/responses/{single}",
            json={"selected_ids": [exam.alternatives[single][0]], "seq": 1},
            headers=auth["student"],
        )
    assert saved.status_code == 200, saved.json
    assert len(statements) == 1  # fast_save's one statement: the start remembered the attempt


def _cache(app: Any, exam_id: int) -> None:
    """The exam's questions in the per-process snapshot, as a first start leaves them: what
    follows reaches past the fast read's cache check."""
    with app.app_context():
        version = db.session.scalar(
            text("SELECT updated_at FROM exams WHERE id = :e"), {"e": exam_id}
        )
        snapshot.questions_of(exam_id, version)
        db.session.rollback()


def test_refusals_answer_as_before(app, client, auth, users, build_exam, attempt_clock):
    now = attempt_clock.now
    later = build_exam(users["author"], opens_at=now.replace(year=now.year + 1))
    closed = build_exam(users["author"], closes_at=now.replace(year=now.year - 1))
    draft = build_exam(users["author"], status="draft")
    once = build_exam(users["author"], max_attempts=1)
    for exam in (later, closed, draft, once):
        _cache(app, exam.id)
    not_open = _start(client, later.id, auth["student"])
    assert not_open.status_code == 409
    assert not_open.json["error"]["details"].keys() == {"opens_at"}
    was_closed = _start(client, closed.id, auth["student"])
    assert was_closed.status_code == 409
    assert was_closed.json["error"]["details"].keys() == {"closes_at"}
    assert _start(client, draft.id, auth["student"]).status_code == 404
    assert _start(client, 10**9, auth["student"]).status_code == 404
    first = _start(client, once.id, auth["student"])
    assert first.status_code == 201
    resumed = _start(client, once.id, auth["student"])
    assert resumed.status_code == 200
    assert {**resumed.json, "server_now": 0} == {**first.json, "server_now": 0}
    submitted = client.post(f"/api/attempts/{first.json['id']}/submit", headers=auth["student"])
    assert submitted.status_code == 200
    used = _start(client, once.id, auth["student"])
    assert used.status_code == 409
    assert used.json["error"]["details"] == {"max_attempts": 1, "used": 1}
    assert _attempts(app, later.id) == _attempts(app, closed.id) == _attempts(app, draft.id) == 0
    assert _attempts(app, once.id) == 1


def test_an_overdue_attempt_is_finalized_then_the_next_starts(
    app, client, auth, users, build_exam, attempt_clock
):
    exam = build_exam(users["author"], time_limit_minutes=5, max_attempts=2)
    first = _start(client, exam.id, auth["student"]).json
    attempt_clock.advance(minutes=10)
    second = _start(client, exam.id, auth["student"])  # the full path: it finalizes the first
    assert second.status_code == 201, second.json
    assert second.json["number"] == 2
    view = client.get(f"/api/attempts/{first['id']}", headers=auth["student"]).json
    assert view["state"] == "expired"


def test_a_course_exam_to_the_roster_and_its_teachers_only(
    app, client, auth, users, build_exam, make_user, token_for
):
    enrolled, outsider, teacher = make_user("student"), make_user("student"), make_user("author")
    course = make_course(app, users["author"], students=[enrolled], teachers=[teacher])
    exam = build_exam(users["author"], course_id=course, max_attempts=None)
    _cache(app, exam.id)
    with counting(app) as statements:
        assert _start(client, exam.id, token_for(enrolled)).status_code == 201
    assert len(statements) == 2
    hidden = _start(client, exam.id, token_for(outsider))
    assert hidden.status_code == 404
    assert hidden.json["error"]["message"] == "No such exam."
    assert _start(client, exam.id, token_for(teacher)).status_code == 201  # the full path
    with app.app_context():
        db.session.execute(text("UPDATE courses SET archived = true WHERE id = :c"), {"c": course})
        db.session.commit()
    other = make_user("student")
    with app.app_context():
        db.session.execute(
            text(
                "INSERT INTO enrolments (course_id, user_id, source, enrolled_at) "
                "VALUES (:c, :u, 'manual', now())"
            ),
            {"c": course, "u": other.id},
        )
        db.session.commit()
    assert _start(client, exam.id, token_for(other)).status_code == 404  # archived: ended
    assert _attempts(app, exam.id) == 2


def test_a_deactivated_account_is_refused_at_once(app, client, auth, users, build_exam):
    exam = build_exam(users["author"])
    _cache(app, exam.id)
    with app.app_context():
        db.session.execute(
            text("UPDATE users SET is_active = false WHERE id = :u"), {"u": users["student"].id}
        )
        db.session.commit()
    refused = _start(client, exam.id, auth["student"])
    assert refused.status_code == 401
    assert refused.json["error"]["message"] == "This account no longer exists or is deactivated."
    assert _attempts(app, exam.id) == 0


def test_concurrent_starts_of_one_student_make_one_attempt(app, client, auth, users, build_exam):
    """The later starts wait for the student's lock; their read's snapshot predates the first
    start's commit, so their insert collides with it and the full path resumes it."""
    exam = build_exam(users["author"], max_attempts=None)
    _cache(app, exam.id)
    barrier = threading.Barrier(8)

    def start(_: int) -> tuple[int, Any]:
        local = app.test_client()
        barrier.wait()
        response = _start(local, exam.id, auth["student"])
        return response.status_code, response.json

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(start, range(8)))
    assert Counter(status for status, _ in results) == {201: 1, 200: 7}, results
    assert len({body["id"] for _, body in results}) == 1
    assert _attempts(app, exam.id) == 1


def test_a_start_that_waited_for_a_concurrent_one_resumes_it(app, client, auth, users, build_exam):
    """Deterministic: another start holds the student's lock and has inserted its attempt; ours
    waits for the lock, and its read's snapshot predates that commit: it does not see the
    attempt, its insert collides with it (the one-in-progress index), nothing is written, and
    the full path resumes the other's attempt (200)."""
    exam = build_exam(users["author"], max_attempts=None)
    _cache(app, exam.id)
    student = users["student"].id
    with app.app_context():
        url = db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    holder = psycopg.connect(url)
    try:
        holder.execute("SELECT 1 FROM exams WHERE id = %s FOR SHARE", (exam.id,))
        holder.execute("SELECT 1 FROM users WHERE id = %s FOR NO KEY UPDATE", (student,))
        other = holder.execute(
            "INSERT INTO attempts (exam_id, user_id, number, state, started_at, question_order, "
            "alternative_order, awaiting_grading) VALUES (%s, %s, 1, 'in_progress', now(), "
            "%s, '{}', 0) RETURNING id",
            (exam.id, student, Json(exam.questions)),
        ).fetchone()
        assert other is not None
        answered: dict[str, Any] = {}
        ours = threading.Thread(
            target=lambda: answered.update(r=_start(app.test_client(), exam.id, auth["student"]))
        )
        ours.start()
        with psycopg.connect(url, autocommit=True) as watcher:
            for _ in range(200):  # until our start waits for the student's row lock
                waiting = watcher.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND datname = current_database()"
                ).fetchone()
                if waiting and waiting[0]:
                    break
                time.sleep(0.02)
            else:
                pytest.fail("the start never waited for the student's lock")
        holder.commit()
        ours.join(timeout=30)
    finally:
        holder.close()
    response = answered["r"]
    assert response.status_code == 200, response.json
    assert response.json["id"] == other[0]
    assert _attempts(app, exam.id) == 1
