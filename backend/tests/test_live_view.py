"""The live view of an exam (content, ETag and 304, a fixed number of queries, who may see it)
and the teachers' actions on attempts (extend, close, one more attempt), each audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from online_exam.attempts.models import Attempt
from online_exam.audit.models import AuditEvent
from online_exam.courses.models import Course, Enrolment
from online_exam.domain import EnrolmentSource
from online_exam.extensions import db

from .test_query_counts import counting

T0 = datetime(2031, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def course_of(app, users):
    """course_of(*students) -> a course taught by users['author'] with them on its roster."""

    def make(*students):
        with app.app_context():
            course = Course(name="Algebra", owner_id=users["author"].id)
            db.session.add(course)
            db.session.flush()
            for student in students:
                db.session.add(
                    Enrolment(
                        course_id=course.id, user_id=student.id, source=EnrolmentSource.MANUAL
                    )
                )
            db.session.commit()
            return course.id

    return make


def start(client, exam_id, headers):
    r = client.post(f"/api/exams/{exam_id}/attempts", headers=headers)
    assert r.status_code in (200, 201), r.json
    return r.json["id"]


def save(client, attempt_id, question_id, headers, seq=1, **answer):
    r = client.put(
        f"/api/attempts/{attempt_id}/responses/{question_id}",
        json={**answer, "seq": seq},
        headers=headers,
    )
    assert r.status_code == 200, r.json
    return r


def live(client, exam_id, headers, etag=None):
    extra = {"If-None-Match": etag} if etag else {}
    return client.get(f"/api/exams/{exam_id}/live", headers={**headers, **extra})


def audit_actions(app):
    with app.app_context():
        return db.session.execute(
            select(AuditEvent.action, AuditEvent.entity_id, AuditEvent.details).order_by(
                AuditEvent.id
            )
        ).all()


# --- content ----------------------------------------------------------------------------------


def test_every_student_of_the_course_with_state_and_progress(
    client, users, auth, build_exam, make_user, token_for, course_of, attempt_clock
):
    attempt_clock.set(T0)
    ann, bob, cat = (make_user("student", name=n) for n in ("Ann", "Bob", "Cat"))
    exam = build_exam(users["author"], course_id=course_of(ann, bob, cat), time_limit_minutes=30)
    client.put(
        f"/api/exams/{exam.id}/accommodations/{bob.id}",
        json={"extra_time_percent": 50, "extra_attempts": 1},
        headers=auth["author"],
    )
    bobs = start(client, exam.id, token_for(bob))
    save(client, bobs, exam.q["single"], token_for(bob), selected_ids=[exam.alt[("single", "4")]])
    save(client, bobs, exam.q["short_answer"], token_for(bob), text="Paris")
    attempt_clock.advance(minutes=2)
    save(client, bobs, exam.q["short_answer"], token_for(bob), seq=2, text="")  # cleared
    cats = start(client, exam.id, token_for(cat))
    save(client, cats, exam.q["numeric"], token_for(cat), number=3.14)
    client.post(f"/api/attempts/{cats}/submit", json={}, headers=token_for(cat))

    r = live(client, exam.id, auth["author"])
    assert r.status_code == 200, r.json
    body = r.json
    assert body["question_count"] == 5
    assert body["counts"] == {"not_started": 1, "in_progress": 1, "submitted": 1}
    assert body["server_now"] == T0.replace(minute=2).isoformat()
    by_name = {s["display_name"]: s for s in body["students"]}
    assert list(by_name) == ["Ann", "Bob", "Cat"]
    assert by_name["Ann"] == {
        "user_id": ann.id,
        "display_name": "Ann",
        "email": ann.email,
        "state": "not_started",
        "attempt_id": None,
        "answered": 0,
        "last_saved_at": None,
        "deadline": None,
        "score": None,
        "max_score": None,
        "percentage": None,
        "attempts_used": 0,
        "attempts_allowed": 1,
        "accommodated": False,
    }
    bob_row = by_name["Bob"]
    assert bob_row["state"] == "in_progress"
    assert bob_row["attempt_id"] == bobs
    assert bob_row["answered"] == 1  # the cleared answer does not count
    assert bob_row["last_saved_at"] == (T0 + timedelta(minutes=2)).isoformat()
    assert bob_row["deadline"] == (T0 + timedelta(minutes=45)).isoformat()
    assert bob_row["score"] is None  # not while the attempt is open
    assert (bob_row["attempts_allowed"], bob_row["accommodated"]) == (2, True)
    cat_row = by_name["Cat"]
    assert cat_row["state"] == "submitted"
    assert (cat_row["score"], cat_row["max_score"], cat_row["percentage"]) == (2.0, 10.0, 20.0)
    assert cat_row["attempts_used"] == 1


def test_a_public_exam_lists_everyone_with_an_attempt(client, users, auth, build_exam, make_user):
    exam = build_exam(users["author"])
    make_user("student")  # never started: not listed
    start(client, exam.id, auth["student"])
    body = live(client, exam.id, auth["author"]).json
    assert [s["user_id"] for s in body["students"]] == [users["student"].id]
    assert body["counts"] == {"not_started": 0, "in_progress": 1, "submitted": 0}


def test_a_student_removed_from_the_roster_stays_listed_with_their_attempt(
    app, client, users, auth, build_exam, course_of
):
    exam = build_exam(users["author"], course_id=course_of(users["student"]))
    start(client, exam.id, auth["student"])
    with app.app_context():
        db.session.execute(Enrolment.__table__.delete())
        db.session.commit()
    body = live(client, exam.id, auth["author"]).json
    assert [s["state"] for s in body["students"]] == ["in_progress"]


def test_the_number_of_queries_does_not_grow_with_the_class(
    app, client, users, auth, build_exam, make_user, token_for, course_of
):
    def measure(size):
        students = [make_user("student") for _ in range(size)]
        exam = build_exam(users["author"], course_id=course_of(*students))
        for student in students[: size // 2]:
            attempt = start(client, exam.id, token_for(student))
            save(client, attempt, exam.q["numeric"], token_for(student), number=1.0)
        with counting(app) as statements:
            assert live(client, exam.id, auth["author"]).status_code == 200
        return len(statements)

    small, large = measure(2), measure(12)
    assert small == large
    assert large <= 9  # access (user, exam, teaches), fingerprint, roster, attempts, answers,
    # terms, question count


# --- ETag and 304 -----------------------------------------------------------------------------


def test_304_while_nothing_changed_and_200_after_each_kind_of_change(
    client, users, auth, build_exam, course_of, make_user, token_for, attempt_clock
):
    attempt_clock.set(T0)
    late = make_user("student")
    exam = build_exam(users["author"], course_id=course_of(users["student"]), time_limit_minutes=30)
    first = live(client, exam.id, auth["author"])
    etag = first.headers["ETag"]
    assert etag.startswith('"')
    assert first.headers["Cache-Control"] == "private, no-cache"
    same = live(client, exam.id, auth["author"], etag)
    assert same.status_code == 304
    assert same.data == b""
    assert same.headers["ETag"] == etag
    # another teacher (the admin) gets the same tag for the same view
    assert live(client, exam.id, auth["admin"], etag).status_code == 304
    # the tag as nginx's gzip hands it out (weak), and in a list: still unchanged
    assert live(client, exam.id, auth["author"], f"W/{etag}").status_code == 304
    assert live(client, exam.id, auth["author"], f'"other", {etag}').status_code == 304

    attempt_id = start(client, exam.id, auth["student"])
    changes = [
        lambda: None,  # the start above
        lambda: save(client, attempt_id, exam.q["numeric"], auth["student"], number=1.0),
        lambda: (
            attempt_clock.advance(seconds=1)
            or save(client, attempt_id, exam.q["numeric"], auth["student"], seq=2, number=2.0)
        ),
        lambda: client.post(
            f"/api/attempts/{attempt_id}/extend", json={"minutes": 5}, headers=auth["author"]
        ),
        lambda: client.put(
            f"/api/exams/{exam.id}/accommodations/{users['student'].id}",
            json={"extra_minutes": 5},
            headers=auth["author"],
        ),
        lambda: course_enrol(client, exam, late),
        lambda: client.post(f"/api/attempts/{attempt_id}/close", headers=auth["author"]),
    ]
    for change in changes:
        change()
        r = live(client, exam.id, auth["author"], etag)
        assert r.status_code == 200, change
        assert r.headers["ETag"] != etag
        etag = r.headers["ETag"]
        assert live(client, exam.id, auth["author"], etag).status_code == 304


def course_enrol(client, exam, student):
    """Put a student on the exam's course roster (directly: the roster API is not this test's)."""
    app = client.application
    with app.app_context():
        course_id = db.session.scalar(select(Course.id))
        db.session.add(
            Enrolment(course_id=course_id, user_id=student.id, source=EnrolmentSource.MANUAL)
        )
        db.session.commit()


def test_a_stale_or_malformed_tag_gets_the_whole_view(client, users, auth, build_exam):
    exam = build_exam(users["author"])
    for tag in ('"live-0"', "garbage", 'W/"x"', ""):
        assert live(client, exam.id, auth["author"], tag).status_code == 200


# --- who may see it ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["student", "other_author"])
def test_the_live_view_is_404_to_anyone_who_may_not_see_the_results(
    client, users, auth, build_exam, who
):
    exam = build_exam(users["author"])
    start(client, exam.id, auth["student"])
    r = live(client, exam.id, auth[who])
    assert r.status_code == 404
    assert r.json["error"]["code"] == "not_found"
    assert live(client, 987654, auth["author"]).status_code == 404
    assert live(client, 2**40, auth["author"]).status_code == 404
    assert live(client, exam.id, {}).status_code == 401


# --- extend -----------------------------------------------------------------------------------


def test_extend_moves_the_deadline_and_the_student_may_save_until_then(
    app, client, users, auth, build_exam, attempt_clock
):
    attempt_clock.set(T0)
    exam = build_exam(users["author"], time_limit_minutes=30, grace_period_seconds=30)
    attempt_id = start(client, exam.id, auth["student"])
    r = client.post(
        f"/api/attempts/{attempt_id}/extend", json={"minutes": 10}, headers=auth["author"]
    )
    assert r.status_code == 200, r.json
    assert r.json["attempt_id"] == attempt_id
    assert r.json["deadline"] == (T0 + timedelta(minutes=40)).isoformat()
    attempt_clock.advance(minutes=39)
    save(client, attempt_id, exam.q["numeric"], auth["student"], number=3.14)
    # within the grace after the deadline: the minutes count from now
    attempt_clock.set(T0 + timedelta(minutes=40, seconds=20))
    r = client.post(
        f"/api/attempts/{attempt_id}/extend", json={"minutes": 5}, headers=auth["admin"]
    )
    assert r.json["deadline"] == (T0 + timedelta(minutes=45, seconds=20)).isoformat()
    [(action, entity, details), _] = audit_actions(app)
    assert (action, entity) == ("attempt.extended", attempt_id)
    assert details["minutes"] == 10
    assert details["user_id"] == users["student"].id
    assert details["deadline_before"] == (T0 + timedelta(minutes=30)).isoformat()
    assert details["deadline_after"] == (T0 + timedelta(minutes=40)).isoformat()


def test_extend_refuses_untimed_finished_and_overdue_attempts(
    app, client, users, auth, build_exam, make_user, token_for, attempt_clock
):
    attempt_clock.set(T0)
    untimed = build_exam(users["author"])
    timed = build_exam(users["author"], time_limit_minutes=10, grace_period_seconds=0)

    def extend(attempt_id):
        return client.post(
            f"/api/attempts/{attempt_id}/extend", json={"minutes": 5}, headers=auth["author"]
        )

    r = extend(start(client, untimed.id, auth["student"]))
    assert r.status_code == 409
    assert r.json["error"]["code"] == "conflict"
    done = start(client, timed.id, auth["student"])
    client.post(f"/api/attempts/{done}/submit", json={}, headers=auth["student"])
    assert extend(done).status_code == 409
    other = make_user("student")
    overdue = start(client, timed.id, token_for(other))
    attempt_clock.advance(minutes=11)
    assert extend(overdue).status_code == 409
    with app.app_context():  # finalized as at its deadline, and that stands
        attempt = db.session.get(Attempt, overdue)
        assert attempt.state == "expired"
        assert attempt.submitted_at == T0 + timedelta(minutes=10)
    assert audit_actions(app) == []


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"minutes": 0},
        {"minutes": 601},
        {"minutes": "5"},
        {"minutes": 1.5},
        {"minutes": None},
        {"minutes": 5, "reason": "x"},
    ],
)
def test_extend_bad_input_is_422(client, users, auth, build_exam, body):
    exam = build_exam(users["author"], time_limit_minutes=10)
    attempt_id = start(client, exam.id, auth["student"])
    r = client.post(f"/api/attempts/{attempt_id}/extend", json=body, headers=auth["author"])
    assert r.status_code == 422
    assert "minutes" in str(r.json["error"]["details"]) or "reason" in str(r.json["error"])


@pytest.mark.parametrize("action", ["extend", "close"])
@pytest.mark.parametrize("who", ["student", "other_author"])
def test_actions_are_404_to_anyone_who_may_not_see_the_results(
    client, users, auth, build_exam, action, who
):
    exam = build_exam(users["author"], time_limit_minutes=10)
    attempt_id = start(client, exam.id, auth["student"])  # the student's own attempt, too
    for target in (attempt_id, 987654):
        r = client.post(f"/api/attempts/{target}/{action}", json={"minutes": 5}, headers=auth[who])
        assert r.status_code == 404, r.json
    assert (
        client.post(f"/api/attempts/{attempt_id}/{action}", json={"minutes": 5}).status_code == 401
    )


# --- close ------------------------------------------------------------------------------------


def test_close_grades_the_attempt_as_it_stands_as_at_a_deadline(
    app, client, users, auth, build_exam, attempt_clock
):
    attempt_clock.set(T0)
    exam = build_exam(users["author"], time_limit_minutes=30)
    attempt_id = start(client, exam.id, auth["student"])
    save(
        client,
        attempt_id,
        exam.q["single"],
        auth["student"],
        selected_ids=[exam.alt[("single", "4")]],
    )
    save(client, attempt_id, exam.q["numeric"], auth["student"], number=3.14)
    attempt_clock.advance(minutes=7)
    r = client.post(f"/api/attempts/{attempt_id}/close", headers=auth["author"])
    assert r.status_code == 200, r.json
    assert r.json["state"] == "expired"
    assert r.json["submitted_at"] == (T0 + timedelta(minutes=7)).isoformat()
    assert r.json["deadline"] == r.json["submitted_at"]
    assert r.json["result"]["score"] == 4.0
    assert r.json["read_only"] is True
    # the student's view agrees, and their next save is refused
    mine = client.get(f"/api/attempts/{attempt_id}", headers=auth["student"]).json
    assert mine["result"]["score"] == 4.0
    late = client.put(
        f"/api/attempts/{attempt_id}/responses/{exam.q['true_false']}",
        json={"selected_ids": [exam.alt[("true_false", "True")]], "seq": 1},
        headers=auth["student"],
    )
    assert late.status_code == 409
    again = client.post(f"/api/attempts/{attempt_id}/close", headers=auth["author"])
    assert again.status_code == 409
    [(action, entity, details)] = audit_actions(app)
    assert (action, entity, details["score"]) == ("attempt.closed", attempt_id, 4.0)


def test_close_an_untimed_attempt(client, users, auth, build_exam, attempt_clock):
    attempt_clock.set(T0)
    exam = build_exam(users["author"])
    attempt_id = start(client, exam.id, auth["student"])
    r = client.post(f"/api/attempts/{attempt_id}/close", headers=auth["admin"])
    assert r.status_code == 200
    assert (r.json["state"], r.json["submitted_at"]) == ("expired", T0.isoformat())


def test_close_an_overdue_attempt_records_its_own_deadline(
    client, users, auth, build_exam, attempt_clock
):
    attempt_clock.set(T0)
    exam = build_exam(users["author"], time_limit_minutes=10, grace_period_seconds=0)
    attempt_id = start(client, exam.id, auth["student"])
    attempt_clock.advance(minutes=20)
    r = client.post(f"/api/attempts/{attempt_id}/close", headers=auth["author"])
    assert r.status_code == 200
    assert r.json["submitted_at"] == (T0 + timedelta(minutes=10)).isoformat()


# --- one more attempt -------------------------------------------------------------------------


def test_one_more_attempt_lets_the_student_start_again(
    app, client, users, auth, build_exam, course_of
):
    student = users["student"]
    exam = build_exam(users["author"], course_id=course_of(student), max_attempts=1)
    client.put(
        f"/api/courses/{course_of_exam(app, exam)}/accommodations/{student.id}",
        json={"extra_attempts": 1},
        headers=auth["author"],
    )
    for _number in (1, 2):
        attempt_id = start(client, exam.id, auth["student"])
        client.post(f"/api/attempts/{attempt_id}/submit", json={}, headers=auth["student"])
    assert client.post(f"/api/exams/{exam.id}/attempts", headers=auth["student"]).status_code == 409
    path = f"/api/exams/{exam.id}/students/{student.id}/extra-attempt"
    r = client.post(path, headers=auth["author"])
    assert r.status_code == 200, r.json
    # course-wide 1 extra, so this exam's own becomes 2: three in all
    assert (r.json["exam_id"], r.json["extra_attempts"]) == (exam.id, 2)
    assert start(client, exam.id, auth["student"])
    row = live(client, exam.id, auth["author"]).json["students"][0]
    assert (row["attempts_used"], row["attempts_allowed"]) == (3, 3)
    assert client.post(path, headers=auth["author"]).json["extra_attempts"] == 3
    actions = [a for a, *_ in audit_actions(app)]
    assert actions == [
        "accommodation.set",
        "accommodation.extra_attempt",
        "accommodation.extra_attempt",
    ]


def course_of_exam(app, exam_id):
    from online_exam.exams.models import Exam

    with app.app_context():
        return db.session.get(Exam, int(exam_id)).course_id


def test_one_more_attempt_refusals(client, users, auth, build_exam, make_user, course_of):
    unlimited = build_exam(users["author"], max_attempts=None)
    r = client.post(
        f"/api/exams/{unlimited.id}/students/{users['student'].id}/extra-attempt",
        headers=auth["author"],
    )
    assert r.status_code == 409
    outsider = make_user("student")
    exam = build_exam(users["author"], course_id=course_of(users["student"]))
    r = client.post(
        f"/api/exams/{exam.id}/students/{outsider.id}/extra-attempt", headers=auth["author"]
    )
    assert r.status_code == 422
    r = client.post(
        f"/api/exams/{exam.id}/students/{users['student'].id}/extra-attempt",
        headers=auth["other_author"],
    )
    assert r.status_code == 404
