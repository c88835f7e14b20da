"""Accommodations: the rule (a table), and every check that honours it — the start window, the
attempt limit, the deadline stored at start, saves and submits after the usual deadline but
within the extended one, the overdue sweep, the review "after close" — in both scopes
(course-wide and one exam); the endpoints with every kind of bad input; and that a student's
own terms reach only them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from online_exam.attempts import service
from online_exam.attempts.models import Attempt
from online_exam.audit.models import AuditEvent
from online_exam.courses.accommodations import Effective, merge
from online_exam.courses.models import Accommodation, Course, Enrolment
from online_exam.database import run_in_transaction
from online_exam.domain import EnrolmentSource
from online_exam.extensions import db

T0 = datetime(2031, 3, 1, 9, 0, tzinfo=UTC)


# --- the rule, pure ---------------------------------------------------------------------------


def exam_terms(limit=60, opens=None, closes=None, attempts=1):
    return SimpleNamespace(
        id=1,
        course_id=None,
        time_limit_minutes=limit,
        opens_at=opens,
        closes_at=closes,
        max_attempts=attempts,
    )


def grant(minutes=None, percent=None, attempts=0, opens=None, closes=None):
    return SimpleNamespace(
        extra_minutes=minutes,
        extra_time_percent=percent,
        extra_attempts=attempts,
        opens_at=opens,
        closes_at=closes,
    )


H = timedelta(hours=1)


@pytest.mark.parametrize(
    ("exam", "course_wide", "per_exam", "expected"),
    [
        # nothing applies: the exam's own terms
        (exam_terms(), None, None, Effective(3600, None, None, 1, False)),
        (exam_terms(None, T0, T0 + H, None), None, None, Effective(None, T0, T0 + H, None, False)),
        # extra time: percent of the limit, then minutes
        (exam_terms(45), grant(percent=50), None, Effective(4050, None, None, 1, True)),
        (exam_terms(60), grant(minutes=10, percent=50), None, Effective(6000, None, None, 1, True)),
        (exam_terms(30), None, grant(minutes=15), Effective(2700, None, None, 1, True)),
        # rounded up to whole seconds: 1 min x 1.33 = 79.8 s -> 80 s
        (exam_terms(1), grant(percent=33), None, Effective(80, None, None, 1, True)),
        # an untimed exam stays untimed
        (
            exam_terms(None),
            grant(minutes=30, percent=100),
            None,
            Effective(None, None, None, 1, True),
        ),
        # per exam wins field by field: its minutes, the course's percent
        (
            exam_terms(60),
            grant(minutes=10, percent=50),
            grant(minutes=0),
            Effective(5400, None, None, 1, True),
        ),
        # own window: each end replaces the exam's on its own, from either scope
        (
            exam_terms(60, T0, T0 + H),
            grant(opens=T0 - H),
            grant(closes=T0 + 3 * H),
            Effective(3600, T0 - H, T0 + 3 * H, 1, True),
        ),
        (
            exam_terms(60, T0, T0 + H),
            grant(closes=T0 + 2 * H),
            grant(closes=T0 + 3 * H),
            Effective(3600, T0, T0 + 3 * H, 1, True),
        ),
        # attempts: added to the limit; per exam (above 0) replaces the course's
        (exam_terms(attempts=1), grant(attempts=2), None, Effective(3600, None, None, 3, True)),
        (
            exam_terms(attempts=1),
            grant(attempts=2),
            grant(attempts=1),
            Effective(3600, None, None, 2, True),
        ),
        (
            exam_terms(attempts=1),
            grant(attempts=2),
            grant(minutes=5),
            Effective(3900, None, None, 3, True),
        ),
        (
            exam_terms(attempts=None),
            grant(attempts=2),
            None,
            Effective(3600, None, None, None, True),
        ),
    ],
)
def test_the_rule(exam, course_wide, per_exam, expected):
    assert merge(exam, course_wide, per_exam) == expected


def test_minutes_shown_are_rounded_down():
    effective = merge(exam_terms(45), grant(percent=50), None)
    assert (effective.time_limit_seconds, effective.time_limit_minutes) == (4050, 67)
    assert effective.time_limit == timedelta(minutes=67, seconds=30)


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture
def course(app, users):
    """A course taught by users['author'] with users['student'] on its roster."""
    with app.app_context():
        row = Course(name="Algebra", owner_id=users["author"].id)
        db.session.add(row)
        db.session.flush()
        db.session.add(
            Enrolment(course_id=row.id, user_id=users["student"].id, source=EnrolmentSource.MANUAL)
        )
        db.session.commit()
        return row.id


def enrol(app, course_id, user):
    with app.app_context():
        db.session.add(
            Enrolment(course_id=course_id, user_id=user.id, source=EnrolmentSource.MANUAL)
        )
        db.session.commit()


def put_course(client, course_id, user_id, headers, **body):
    return client.put(
        f"/api/courses/{course_id}/accommodations/{user_id}", json=body, headers=headers
    )


def put_exam(client, exam_id, user_id, headers, **body):
    return client.put(f"/api/exams/{exam_id}/accommodations/{user_id}", json=body, headers=headers)


def start(client, exam_id, headers):
    return client.post(f"/api/exams/{exam_id}/attempts", headers=headers)


def iso(moment):
    return moment.isoformat()


def at(moment):
    return datetime.fromisoformat(moment)


# --- the start window -------------------------------------------------------------------------


def test_an_own_window_opens_earlier_and_closes_later_for_that_student_only(
    client, users, auth, build_exam, make_user, token_for, attempt_clock
):
    attempt_clock.set(T0)
    exam = build_exam(users["author"], opens_at=T0 + H, closes_at=T0 + 2 * H)
    other = make_user("student")
    r = put_exam(
        client,
        exam.id,
        users["student"].id,
        auth["author"],
        opens_at=iso(T0 - H),
        closes_at=iso(T0 + 3 * H),
    )
    assert r.status_code == 200, r.json
    refused = start(client, exam.id, token_for(other))
    assert refused.status_code == 409
    assert refused.json["error"]["details"] == {"opens_at": iso(T0 + H)}
    started = start(client, exam.id, auth["student"])
    assert started.status_code == 201, started.json
    # untimed: the deadline is the student's own close, not the exam's
    assert at(started.json["deadline"]) == T0 + 3 * H

    attempt_clock.set(T0 + 2 * H + timedelta(minutes=1))  # after the exam's close
    late = start(client, exam.id, token_for(other))
    assert late.status_code == 409
    assert late.json["error"]["details"] == {"closes_at": iso(T0 + 2 * H)}


def test_an_own_window_that_closed_refuses_even_if_the_exam_is_open(
    client, users, auth, build_exam, attempt_clock
):
    attempt_clock.set(T0)
    exam = build_exam(users["author"], closes_at=T0 + H)
    put_exam(client, exam.id, users["student"].id, auth["author"], closes_at=iso(T0 - H))
    r = start(client, exam.id, auth["student"])
    assert r.status_code == 409
    assert r.json["error"]["details"] == {"closes_at": iso(T0 - H)}


# --- the attempt limit ------------------------------------------------------------------------


def test_extra_attempts_raise_the_limit_for_that_student(
    client, users, auth, build_exam, make_user, token_for, insert_attempt
):
    exam = build_exam(users["author"], max_attempts=1)
    other = make_user("student")
    insert_attempt(exam.id, users["student"])
    insert_attempt(exam.id, other)
    put_exam(client, exam.id, users["student"].id, auth["author"], extra_attempts=1)
    assert start(client, exam.id, token_for(other)).status_code == 409
    second = start(client, exam.id, auth["student"])
    assert second.status_code == 201, second.json
    assert second.json["number"] == 2
    assert (
        client.post(
            f"/api/attempts/{second.json['id']}/submit", json={}, headers=auth["student"]
        ).status_code
        == 200
    )
    third = start(client, exam.id, auth["student"])
    assert third.status_code == 409
    assert third.json["error"]["details"] == {"max_attempts": 2, "used": 2}


# --- the deadline, saves, submits, the sweep ------------------------------------------------


def test_course_wide_extra_time_sets_the_deadline_of_every_course_exam(
    client, users, auth, build_exam, course, attempt_clock
):
    attempt_clock.set(T0)
    first = build_exam(users["author"], course_id=course, time_limit_minutes=30)
    second = build_exam(users["author"], course_id=course, time_limit_minutes=60)
    public = build_exam(users["author"], time_limit_minutes=30)
    r = put_course(client, course, users["student"].id, auth["author"], extra_time_percent=50)
    assert r.status_code == 200, r.json
    assert at(start(client, first.id, auth["student"]).json["deadline"]) == T0 + timedelta(
        minutes=45
    )
    assert at(start(client, second.id, auth["student"]).json["deadline"]) == T0 + timedelta(
        minutes=90
    )
    # not a course exam: the course's accommodation does not apply
    assert at(start(client, public.id, auth["student"]).json["deadline"]) == T0 + timedelta(
        minutes=30
    )


def test_per_exam_overrides_course_wide_field_by_field(
    client, users, auth, build_exam, course, attempt_clock
):
    attempt_clock.set(T0)
    exam = build_exam(users["author"], course_id=course, time_limit_minutes=60)
    put_course(
        client, course, users["student"].id, auth["author"], extra_time_percent=50, extra_minutes=10
    )
    put_exam(client, exam.id, users["student"].id, auth["author"], extra_minutes=0)
    r = start(client, exam.id, auth["student"])
    assert at(r.json["deadline"]) == T0 + timedelta(minutes=90)  # 60 x 1.5 + 0


def test_the_deadline_is_capped_by_the_students_own_close(
    client, users, auth, build_exam, attempt_clock
):
    attempt_clock.set(T0)
    exam = build_exam(users["author"], time_limit_minutes=60, closes_at=T0 + H)
    put_exam(
        client,
        exam.id,
        users["student"].id,
        auth["author"],
        extra_time_percent=100,
        closes_at=iso(T0 + timedelta(minutes=100)),
    )
    r = start(client, exam.id, auth["student"])
    assert at(r.json["deadline"]) == T0 + timedelta(minutes=100)


def test_save_and_submit_after_the_usual_deadline_within_the_extended_one(
    client, users, auth, build_exam, make_user, token_for, attempt_clock
):
    attempt_clock.set(T0)
    exam = build_exam(users["author"], time_limit_minutes=30, grace_period_seconds=30)
    other = make_user("student")
    put_exam(client, exam.id, users["student"].id, auth["author"], extra_minutes=15)
    mine = start(client, exam.id, auth["student"]).json["id"]
    theirs = start(client, exam.id, token_for(other)).json["id"]
    attempt_clock.advance(minutes=40)  # past the usual deadline + grace, within mine
    single = exam.q["single"]
    answer = {"selected_ids": [exam.alt[("single", "4")]], "seq": 1}
    saved = client.put(
        f"/api/attempts/{mine}/responses/{single}", json=answer, headers=auth["student"]
    )
    assert saved.status_code == 200, saved.json
    refused = client.put(
        f"/api/attempts/{theirs}/responses/{single}", json=answer, headers=token_for(other)
    )
    assert refused.status_code == 409
    submitted = client.post(f"/api/attempts/{mine}/submit", json={}, headers=auth["student"])
    assert submitted.status_code == 200
    assert submitted.json["state"] == "submitted"
    assert submitted.json["result"]["score"] == 2.0  # the late save counted


def test_the_overdue_sweep_respects_extended_deadlines(
    app, client, users, auth, build_exam, make_user, token_for, attempt_clock
):
    attempt_clock.set(T0)
    exam = build_exam(users["author"], time_limit_minutes=30, grace_period_seconds=30)
    other = make_user("student")
    put_exam(client, exam.id, users["student"].id, auth["author"], extra_time_percent=100)
    mine = start(client, exam.id, auth["student"]).json["id"]
    theirs = start(client, exam.id, token_for(other)).json["id"]

    def sweep():
        with app.app_context():
            return run_in_transaction(service.finalize_overdue, commit=lambda _: True)

    def state(attempt_id):
        with app.app_context():
            return db.session.get(Attempt, attempt_id).state

    attempt_clock.advance(minutes=31)
    assert sweep() == 1
    assert (state(mine), state(theirs)) == ("in_progress", "expired")
    attempt_clock.advance(minutes=30)  # 61 minutes: past 60 + 30 s
    assert sweep() == 1
    assert state(mine) == "expired"


# --- the review "after close" -----------------------------------------------------------------


def test_the_review_after_close_waits_for_the_last_students_window(
    client, users, auth, build_exam, make_user, token_for, attempt_clock
):
    attempt_clock.set(T0)
    exam = build_exam(users["author"], closes_at=T0 + H, review_policy="after_close")
    other = make_user("student")
    put_exam(client, exam.id, users["student"].id, auth["author"], closes_at=iso(T0 + 2 * H))
    theirs = start(client, exam.id, token_for(other)).json["id"]
    client.post(f"/api/attempts/{theirs}/submit", json={}, headers=token_for(other))
    attempt_clock.set(T0 + H + timedelta(minutes=1))  # the exam closed; the student's has not
    view = client.get(f"/api/attempts/{theirs}", headers=token_for(other)).json
    assert view["result"]["review_available"] is False
    assert view["result"]["review"] is None
    assert at(view["result"]["review_available_at"]) == T0 + 2 * H
    attempt_clock.set(T0 + 2 * H)
    view = client.get(f"/api/attempts/{theirs}", headers=token_for(other)).json
    assert view["result"]["review_available"] is True


# --- what the student sees --------------------------------------------------------------------


def test_a_student_sees_their_own_terms_and_nobody_elses(
    client, users, auth, build_exam, make_user, token_for
):
    exam = build_exam(users["author"], time_limit_minutes=45, max_attempts=1, closes_at=T0)
    other = make_user("student")
    put_exam(
        client,
        exam.id,
        users["student"].id,
        auth["author"],
        extra_time_percent=50,
        extra_attempts=2,
        closes_at=iso(T0 + H),
    )
    mine = client.get(f"/api/exams/{exam.id}", headers=auth["student"]).json
    assert mine["my_time_limit_minutes"] == 67
    assert mine["my_time_limit_seconds"] == 4050
    assert mine["my_attempts_allowed"] == 3
    assert at(mine["my_closes_at"]) == T0 + H
    assert mine["time_limit_minutes"] == 45  # the exam's own stay as they are
    for headers in (token_for(other), {}):
        theirs = client.get(f"/api/exams/{exam.id}", headers=headers).json
        assert theirs["my_time_limit_minutes"] == 45
        assert theirs["my_attempts_allowed"] == 1
        assert at(theirs["my_closes_at"]) == T0
        assert "4050" not in str(theirs)
        assert "67" not in str(theirs)


# --- the endpoints ----------------------------------------------------------------------------


def test_put_get_and_delete_in_both_scopes_are_audited(
    app, client, users, auth, build_exam, course
):
    exam = build_exam(users["author"], course_id=course)
    student = users["student"]
    r = put_course(client, course, student.id, auth["author"], extra_minutes=20)
    assert r.status_code == 200
    assert r.json["course_id"] == course
    assert r.json["exam_id"] is None
    assert r.json["email"] == student.email
    assert r.json["extra_minutes"] == 20
    again = put_course(client, course, student.id, auth["author"], extra_time_percent=25)
    assert again.json["id"] == r.json["id"]  # replaced, not added
    assert (again.json["extra_minutes"], again.json["extra_time_percent"]) == (None, 25)
    per_exam = put_exam(client, exam.id, student.id, auth["author"], extra_attempts=1)
    assert per_exam.json["exam_id"] == exam.id
    assert per_exam.json["course_id"] is None

    listed = client.get(f"/api/courses/{course}/accommodations", headers=auth["author"]).json
    assert [a["id"] for a in listed["items"]] == [r.json["id"]]
    listed = client.get(f"/api/exams/{exam.id}/accommodations", headers=auth["admin"]).json
    assert [a["id"] for a in listed["items"]] == [per_exam.json["id"]]

    assert (
        client.delete(
            f"/api/courses/{course}/accommodations/{student.id}", headers=auth["author"]
        ).status_code
        == 204
    )
    assert (
        client.delete(
            f"/api/exams/{exam.id}/accommodations/{student.id}", headers=auth["author"]
        ).status_code
        == 204
    )
    assert (
        client.delete(
            f"/api/exams/{exam.id}/accommodations/{student.id}", headers=auth["author"]
        ).status_code
        == 404
    )
    with app.app_context():
        assert db.session.scalar(select(Accommodation.id)) is None
        actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
        details = db.session.scalars(select(AuditEvent.details).order_by(AuditEvent.id)).all()
    assert actions == ["accommodation.set"] * 3 + ["accommodation.deleted"] * 2
    assert details[0]["user_id"] == student.id
    assert details[0]["extra_minutes"] == 20


VALID = {"extra_minutes": 10}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "_schema"),
        ({"extra_minutes": None, "extra_attempts": 0}, "_schema"),
        ({"extra_minutes": -1}, "extra_minutes"),
        ({"extra_minutes": 10_001}, "extra_minutes"),
        ({"extra_minutes": "5"}, "extra_minutes"),
        ({"extra_minutes": 1.5}, "extra_minutes"),
        ({"extra_minutes": True}, "extra_minutes"),
        ({"extra_time_percent": 501}, "extra_time_percent"),
        ({"extra_time_percent": -5}, "extra_time_percent"),
        ({"extra_attempts": 101}, "extra_attempts"),
        ({"extra_attempts": -1}, "extra_attempts"),
        ({"extra_attempts": None}, "extra_attempts"),
        ({"opens_at": "tomorrow"}, "opens_at"),
        ({"opens_at": "2031-03-01T09:00:00"}, "opens_at"),  # no offset
        ({"closes_at": "9999-12-31T00:00:00Z"}, "closes_at"),
        ({"opens_at": "2031-03-01T10:00:00Z", "closes_at": "2031-03-01T09:00:00Z"}, "closes_at"),
        ({**VALID, "user_id": 5}, "user_id"),  # unknown fields
    ],
)
def test_bad_input_is_422_in_the_error_shape(client, users, auth, build_exam, course, body, field):
    exam = build_exam(users["author"])
    for r in (
        client.put(
            f"/api/courses/{course}/accommodations/{users['student'].id}",
            json=body,
            headers=auth["author"],
        ),
        client.put(
            f"/api/exams/{exam.id}/accommodations/{users['student'].id}",
            json=body,
            headers=auth["author"],
        ),
    ):
        assert r.status_code == 422, r.json
        assert r.json["error"]["code"] == "validation_error"
        assert field in r.json["error"]["details"]["json"]


def test_malformed_json_is_400(client, users, auth, course):
    r = client.put(
        f"/api/courses/{course}/accommodations/{users['student'].id}",
        data="{",
        headers={**auth["author"], "Content-Type": "application/json"},
    )
    assert r.status_code == 400
    assert r.json["error"]["status"] == 400


def test_a_window_that_closes_before_the_exam_opens_is_422(client, users, auth, build_exam):
    exam = build_exam(users["author"], opens_at=T0)
    r = put_exam(client, exam.id, users["student"].id, auth["author"], closes_at=iso(T0 - H))
    assert r.status_code == 422
    assert "closes_at" in r.json["error"]["details"]["json"]


def test_only_the_roster_or_for_a_public_exam_a_student_account(
    app, client, users, auth, build_exam, course, make_user
):
    outsider = make_user("student")
    exam = build_exam(users["author"], course_id=course)
    public = build_exam(users["author"])
    inactive = make_user("student")
    with app.app_context():
        db.session.get(type(inactive), inactive.id).is_active = False
        db.session.commit()
    refused = [
        put_course(client, course, outsider.id, auth["author"], **VALID),
        put_exam(client, exam.id, outsider.id, auth["author"], **VALID),
        put_exam(client, public.id, users["other_author"].id, auth["author"], **VALID),
        put_exam(client, public.id, inactive.id, auth["author"], **VALID),
        put_exam(client, public.id, 987654, auth["author"], **VALID),
        put_course(client, course, 2**40, auth["author"], **VALID),
    ]
    for r in refused:
        assert r.status_code == 422, r.json
        assert "user_id" in r.json["error"]["details"]["path"]
    assert put_exam(client, public.id, outsider.id, auth["author"], **VALID).status_code == 200


@pytest.mark.parametrize("who", ["student", "other_author"])
def test_anyone_who_does_not_teach_gets_404(client, users, auth, build_exam, course, who):
    exam = build_exam(users["author"], course_id=course)
    uid = users["student"].id
    calls = [
        ("get", f"/api/courses/{course}/accommodations"),
        ("put", f"/api/courses/{course}/accommodations/{uid}"),
        ("delete", f"/api/courses/{course}/accommodations/{uid}"),
        ("get", f"/api/exams/{exam.id}/accommodations"),
        ("put", f"/api/exams/{exam.id}/accommodations/{uid}"),
        ("delete", f"/api/exams/{exam.id}/accommodations/{uid}"),
        ("get", "/api/courses/987654/accommodations"),
        ("put", f"/api/exams/987654/accommodations/{uid}"),
    ]
    for method, path in calls:
        r = getattr(client, method)(path, json=VALID, headers=auth[who])
        assert r.status_code == 404, (method, path, r.json)
        assert r.json["error"]["code"] == "not_found"
    r = client.get(f"/api/courses/{course}/accommodations")
    assert r.status_code == 401


def test_the_admin_may_manage_every_courses_accommodations(client, users, auth, course):
    r = put_course(client, course, users["student"].id, auth["admin"], **VALID)
    assert r.status_code == 200


def test_the_accommodation_applies_from_the_next_start_not_to_a_running_attempt(
    client, users, auth, build_exam, attempt_clock
):
    attempt_clock.set(T0)
    exam = build_exam(users["author"], time_limit_minutes=30)
    first = start(client, exam.id, auth["student"]).json
    put_exam(client, exam.id, users["student"].id, auth["author"], extra_minutes=30)
    resumed = start(client, exam.id, auth["student"]).json
    assert resumed["id"] == first["id"]
    assert resumed["deadline"] == first["deadline"]  # the teacher extends running ones
