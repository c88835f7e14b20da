"""`flask seed-demo`: the demo accounts and exams, idempotent, and every demo exam publishable."""

from __future__ import annotations

from sqlalchemy import func, select

from online_exam.auth.models import User
from online_exam.auth.passwords import verify_password
from online_exam.demo import DEMO_PASSWORD, DEMO_USERS
from online_exam.domain import QuestionType
from online_exam.exams.models import Alternative, Exam, Question
from online_exam.exams.publishing import publish_problems, publish_warnings
from online_exam.extensions import db

# The types of issue 15 are shown in one demo exam (the course's); the others keep the classics.
NEW_TYPES = {
    QuestionType.ESSAY,
    QuestionType.MATCHING,
    QuestionType.ORDERING,
    QuestionType.CLOZE,
}


def _seed(app, *args: str):
    result = app.test_cli_runner().invoke(args=["seed-demo", *args])
    assert result.exit_code == 0, result.output
    return result


def _counts() -> dict[str, int]:
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model)) or 0
        for model in (User, Exam, Question, Alternative)
    }


def test_seed_demo_creates_accounts_and_published_exams(app, ctx):
    result = _seed(app)

    users = {u.email: u for u in db.session.scalars(select(User))}
    assert {spec["email"]: spec["role"] for spec in DEMO_USERS} == {
        email: u.role for email, u in users.items()
    }
    assert all(u.display_name for u in users.values())
    assert verify_password(users["student@example.com"].password_hash, DEMO_PASSWORD)
    assert len(DEMO_PASSWORD) >= 10

    exams = db.session.scalars(select(Exam)).all()
    assert {"Python basics", "Flask web development", "Angular fundamentals"} <= {
        e.title for e in exams
    }
    for exam in exams:
        assert exam.status == "published"
        assert exam.published_at is not None
        assert exam.created_by.email == "author@example.com"
        assert exam.question_count >= 8
        types = {q.type for q in exam.questions}
        assert set(QuestionType) - NEW_TYPES <= types, exam.title
        assert types & NEW_TYPES in (set(), NEW_TYPES), exam.title
        assert all(q.general_feedback for q in exam.questions)
        assert all(a.feedback for q in exam.questions for a in q.alternatives)
        assert [q.position for q in exam.questions] == list(range(exam.question_count))
    assert {q.type for e in exams for q in e.questions} == set(QuestionType)

    # Every login is printed, and the password with it.
    for spec in DEMO_USERS:
        assert spec["email"] in result.output
    assert DEMO_PASSWORD in result.output


def test_demo_exams_show_the_settings_variety(app, ctx):
    _seed(app)
    exams = db.session.scalars(select(Exam)).all()
    assert any(
        e.time_limit_minutes == 20 and e.max_attempts == 2 and e.review_policy == "immediately"
        for e in exams
    )
    assert any(
        e.practice_mode and e.time_limit_minutes is None and e.max_attempts is None for e in exams
    )
    assert any(e.shuffle_questions and e.pass_mark_percent == 60 for e in exams)
    questions = [q for e in exams for q in e.questions]
    assert any(
        q.type == "multiple" and any(a.credit < 0 for a in q.alternatives) for q in questions
    )
    assert any(
        q.type == "multiple" and any(0 < a.credit < 1 for a in q.alternatives) for q in questions
    )
    short = [q for q in questions if q.type == "short_answer"]
    assert {q.case_sensitive for q in short} == {True, False}
    assert any(0 < a.credit < 1 for q in short for a in q.alternatives)
    assert all(
        [a.text for a in q.alternatives] == ["True", "False"]
        for q in questions
        if q.type == "true_false"
    )
    assert any(q.type == "numeric" and (q.numeric_tolerance or 0) > 0 for q in questions)


def test_every_demo_exam_passes_the_publish_validator(app, ctx):
    _seed(app)
    for exam in db.session.scalars(select(Exam)):
        assert publish_problems(exam) == {}, exam.title


def test_demo_exams_shuffle_the_alternatives(app, ctx):
    """They list the credited alternative first: without shuffling the order gave it away."""
    _seed(app)
    for exam in db.session.scalars(select(Exam)):
        assert exam.shuffle_alternatives, exam.title
        assert publish_warnings(exam) == [], exam.title


def test_seed_demo_twice_changes_nothing(app, ctx):
    _seed(app)
    before = _counts()
    result = _seed(app)
    assert _counts() == before
    assert "already exists" in result.output


def test_seed_demo_adds_only_what_is_missing(app, ctx):
    _seed(app)
    before = _counts()
    db.session.delete(db.session.scalars(select(Exam).where(Exam.title == "Python basics")).one())
    db.session.commit()
    result = _seed(app)
    assert "Python basics" in result.output
    assert _counts() == before


def test_if_empty_does_nothing_when_an_account_exists(app, ctx, make_user):
    make_user("admin", email="someone@example.com")
    result = _seed(app, "--if-empty")
    assert _counts() == {"User": 1, "Exam": 0, "Question": 0, "Alternative": 0}
    assert "no demo data added" in result.output


def test_if_empty_seeds_an_empty_database(app, ctx):
    _seed(app, "--if-empty")
    assert _counts()["User"] == 3
    assert _counts()["Exam"] >= 3


def test_seed_demo_refuses_production(app, ctx, monkeypatch):
    monkeypatch.setitem(app.config, "APP_ENV", "production")
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code != 0
    assert "production" in result.output
    assert _counts()["User"] == 0


def test_seed_demo_gives_the_student_a_course_with_one_exam(app, ctx):
    from online_exam.courses.models import Course, Enrolment
    from online_exam.demo import DEMO_COURSE_EXAM

    result = _seed(app)
    assert "Biology 101" in result.output
    course = db.session.scalars(select(Course)).one()
    assert (course.name, course.owner.email, course.archived) == (
        "Biology 101",
        "author@example.com",
        False,
    )
    enrolments = db.session.scalars(select(Enrolment)).all()
    assert [(e.course_id, e.user.email) for e in enrolments] == [(course.id, "student@example.com")]
    in_course = {e.title for e in db.session.scalars(select(Exam)) if e.course_id == course.id}
    assert in_course == {DEMO_COURSE_EXAM}
    # Seeding again adds no second course.
    _seed(app)
    assert db.session.scalar(select(func.count()).select_from(Course)) == 1
