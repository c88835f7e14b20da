"""GET /api/me/courses: a student's current courses with their published exams, attempts used
and allowed, the window state and the student's own deadline."""

from __future__ import annotations

from datetime import timedelta

from .course_helpers import make_course


def test_my_courses_lists_published_exams_with_my_attempts_and_window(
    app, client, auth, users, build_exam, record_attempt, attempt_clock
):
    now = attempt_clock.now
    student = users["student"]
    biology = make_course(
        app, users["author"], name="Biology", code="BIO", term="Spring", students=[student]
    )
    make_course(app, users["author"], name="Archived", students=[student], archived=True)
    make_course(app, users["author"], name="Not mine")
    chemistry = make_course(app, users["other_author"], name="chemistry", students=[student])
    open_exam = build_exam(
        users["author"],
        title="Open",
        course_id=biology,
        max_attempts=2,
        time_limit_minutes=20,
        closes_at=now + timedelta(days=2),
    )
    upcoming = build_exam(
        users["author"],
        title="Upcoming",
        course_id=biology,
        opens_at=now + timedelta(days=1),
        max_attempts=None,
    )
    closed = build_exam(
        users["author"],
        title="Closed",
        course_id=biology,
        opens_at=now - timedelta(days=3),
        closes_at=now - timedelta(days=1),
    )
    build_exam(users["author"], status="draft", title="Draft", course_id=biology)
    build_exam(users["author"], status="archived", title="Archived exam", course_id=biology)
    build_exam(users["author"], title="Public")
    record_attempt(open_exam.id, student, {open_exam.questions[0]: 1.0})
    record_attempt(closed.id, users["other_author"], {})  # someone else's: not counted

    r = client.get("/api/me/courses", headers=auth["student"])
    assert r.status_code == 200
    courses = r.json["items"]
    assert [(c["id"], c["name"]) for c in courses] == [
        (biology, "Biology"),
        (chemistry, "chemistry"),
    ]
    assert (courses[0]["code"], courses[0]["term"]) == ("BIO", "Spring")
    assert courses[1]["exams"] == []
    exams = {e["title"]: e for e in courses[0]["exams"]}
    assert [e["title"] for e in courses[0]["exams"]] == ["Open", "Closed", "Upcoming"]
    assert exams["Open"] == {
        "id": open_exam.id,
        "title": "Open",
        "opens_at": None,
        "closes_at": (now + timedelta(days=2)).isoformat(),
        "time_limit_minutes": 20,
        "attempts_used": 1,
        "attempts_allowed": 2,
        "state": "open",
        "my_deadline": (now + timedelta(days=2)).isoformat(),
    }
    assert (exams["Upcoming"]["state"], exams["Upcoming"]["attempts_allowed"]) == ("upcoming", None)
    assert (exams["Upcoming"]["my_deadline"], exams["Upcoming"]["id"]) == (None, upcoming.id)
    assert (exams["Closed"]["state"], exams["Closed"]["attempts_used"]) == ("closed", 0)


def test_the_deadline_of_my_attempt_in_progress(
    app, client, auth, users, build_exam, attempt_clock
):
    course = make_course(app, users["author"], students=[users["student"]])
    exam = build_exam(
        users["author"],
        course_id=course,
        time_limit_minutes=30,
        closes_at=attempt_clock.now + timedelta(days=1),
    )
    started = client.post(f"/api/exams/{exam.id}/attempts", headers=auth["student"]).json
    item = client.get("/api/me/courses", headers=auth["student"]).json["items"][0]["exams"][0]
    assert item["my_deadline"] == started["deadline"]
    assert item["my_deadline"] == (attempt_clock.now + timedelta(minutes=30)).isoformat()
    assert item["attempts_used"] == 1
    # Once time ran out (and the grace), the attempt is finalized: the exam's close again.
    attempt_clock.advance(minutes=40)
    item = client.get("/api/me/courses", headers=auth["student"]).json["items"][0]["exams"][0]
    assert item["my_deadline"] == exam_closes(app, exam.id)


def exam_closes(app, exam_id):
    from online_exam.exams.models import Exam
    from online_exam.extensions import db

    with app.app_context():
        return db.session.get(Exam, exam_id).closes_at.isoformat()


def test_teachers_and_strangers_have_no_courses_here(app, client, auth, users):
    make_course(app, users["author"], students=[users["student"]])
    for actor in ("author", "admin", "other_author"):
        assert client.get("/api/me/courses", headers=auth[actor]).json == {"items": []}
    r = client.get("/api/me/courses")
    assert r.status_code == 401
    assert r.json["error"]["code"] == "unauthorized"


def test_my_courses_costs_the_same_for_many_exams(app, client, auth, users, build_exam):
    """A fixed number of queries whatever the number of courses and exams (no N+1)."""
    from sqlalchemy import event

    from online_exam.extensions import db

    def count_queries(n):
        courses = [
            make_course(app, users["author"], name=f"C{n}{i}", students=[users["student"]])
            for i in range(n)
        ]
        for course in courses:
            build_exam(users["author"], course_id=course, questions=[])
        statements = []
        with app.app_context():
            engine = db.engine
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get("/api/me/courses", headers=auth["student"]).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(statements)

    assert count_queries(1) == count_queries(5)
