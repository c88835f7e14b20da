"""Shared fixtures: the app (schema from the Alembic migrations), a clean database per test,
and ready users and tokens per role.

The suite runs on a SQLite file by default and on PostgreSQL when TEST_DATABASE_URL is set.
Tests marked `postgres` need PostgreSQL: they fail (never skip) without it; `make test` runs
them in the PostgreSQL pass only.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import text

from online_exam import create_app, fast_dump
from online_exam.app import OnlineExamApp
from online_exam.auth.models import User
from online_exam.auth.passwords import hash_password
from online_exam.auth.tokens import issue_access_token
from online_exam.extensions import db

PASSWORD = "correct horse battery"


def _database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url.replace("postgresql://", "postgresql+psycopg://", 1)
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OnlineExamApp]:
    fast_dump.VERIFY = True  # every compiled dump is compared with marshmallow's own
    url = _database_url(tmp_path_factory)
    application = create_app(
        {
            "APP_ENV": "testing",
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-that-is-long-enough-for-hs256",
            "SQLALCHEMY_DATABASE_URI": url,
            "RATELIMIT_ENABLED": False,
            "SPA_DIST": str(tmp_path_factory.mktemp("no-spa")),
        }
    )
    with application.app_context():
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        upgrade()  # the schema comes from the migrations only
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def on_postgres(app: OnlineExamApp) -> bool:
    with app.app_context():
        return bool(db.engine.dialect.name == "postgresql")


def _clean(app: OnlineExamApp) -> None:
    # DELETE, children first: on these small tables it is ~25x faster than TRUNCATE on
    # PostgreSQL. Ids keep counting up, so tests never assume particular ids.
    with app.app_context():
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()


@pytest.fixture(autouse=True)
def _clean_database(request: pytest.FixtureRequest, app: OnlineExamApp) -> Iterator[None]:
    """Every test starts with an empty database (the session starts with a fresh schema and
    every test empties it when it ends, whatever happened)."""
    if request.node.get_closest_marker("postgres"):
        assert os.environ.get("TEST_DATABASE_URL"), "this test needs TEST_DATABASE_URL (PostgreSQL)"
    yield
    _clean(app)


@pytest.fixture
def ctx(app: OnlineExamApp) -> Iterator[None]:
    """An app context for tests that call services or query directly."""
    with app.app_context():
        yield
        db.session.rollback()


@pytest.fixture
def client(app: OnlineExamApp) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="session")
def password_hash() -> str:
    # Hash once: argon2id at full strength costs ~0.1 s, too much per fixture user.
    return hash_password(PASSWORD)


@pytest.fixture
def make_user(app: OnlineExamApp, password_hash: str) -> Callable[..., User]:
    def make(role: str = "student", email: str | None = None, name: str | None = None) -> User:
        with app.app_context():
            count = db.session.scalar(text("SELECT COUNT(*) FROM users")) or 0
            user = User(
                email=email or f"{role}{count + 1}@example.com",
                display_name=name or f"{role.title()} {count + 1}",
                password_hash=password_hash,
                role=role,
            )
            db.session.add(user)
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
            return user

    return make


@pytest.fixture
def token_for(app: OnlineExamApp) -> Callable[[User], dict[str, str]]:
    def headers(user: User) -> dict[str, str]:
        with app.test_request_context():
            token, _ = issue_access_token(user.id, user.role)
        return {"Authorization": f"Bearer {token}"}

    return headers


@pytest.fixture
def users(make_user: Callable[..., User]) -> dict[str, User]:
    """One user per role, plus a second author who owns nothing of the first's."""
    return {
        "admin": make_user("admin"),
        "author": make_user("author"),
        "other_author": make_user("author"),
        "student": make_user("student"),
    }


@pytest.fixture
def auth(users: dict[str, User], token_for: Callable[[User], dict[str, str]]) -> dict[str, Any]:
    """Request headers per actor: auth['anonymous'] is {}, auth['student'] a student's token…"""
    headers: dict[str, Any] = {"anonymous": {}}
    headers.update({name: token_for(user) for name, user in users.items()})
    return headers


# --- exams and attempts: one exam builder, raw attempt rows, a controllable clock -----------


@pytest.fixture
def insert_attempt(app: OnlineExamApp) -> Callable[..., int]:
    """insert_attempt(exam_id, user, state="submitted") -> attempt id: a bare Attempt row."""
    from online_exam.attempts.models import Attempt

    def insert(exam_id: int, user: User, state: str = "submitted") -> int:
        with app.app_context():
            number = db.session.scalar(
                text("SELECT COUNT(*) FROM attempts WHERE exam_id = :e AND user_id = :u"),
                {"e": exam_id, "u": user.id},
            )
            attempt = Attempt(
                exam_id=exam_id,
                user_id=user.id,
                number=(number or 0) + 1,
                state=state,
                question_order=[],
                alternative_order={},
            )
            db.session.add(attempt)
            db.session.commit()
            return int(attempt.id)

    return insert


# One complete question of every type, 10 points in all. The key's strings are distinctive so
# tests can assert they never appear in a public response or an open attempt.
EXAM_QUESTIONS: list[dict[str, Any]] = [
    {
        "type": "single",
        "text": "How much is 2 + 2?",
        "points": 2.0,
        "general_feedback": "GF-SINGLE",
        "alternatives": [
            {"text": "3", "credit": 0.0, "feedback": "FB-WRONG-3"},
            {"text": "4", "credit": 1.0, "feedback": "FB-RIGHT-4"},
            {"text": "5", "credit": 0.0, "feedback": ""},
        ],
    },
    {
        "type": "multiple",
        "text": "Which are prime?",
        "points": 3.0,
        "general_feedback": "GF-MULTIPLE",
        "alternatives": [
            {"text": "2", "credit": 0.5, "feedback": "FB-PRIME-2"},
            {"text": "3", "credit": 0.5, "feedback": ""},
            {"text": "4", "credit": -0.5, "feedback": "FB-NOT-PRIME-4"},
        ],
    },
    {
        "type": "true_false",
        "text": "The sky is blue.",
        "points": 1.0,
        "general_feedback": "GF-TRUE-FALSE",
        "alternatives": [
            {"text": "True", "credit": 1.0, "feedback": "FB-TRUE"},
            {"text": "False", "credit": 0.0, "feedback": ""},
        ],
    },
    {
        "type": "short_answer",
        "text": "The capital of France?",
        "points": 2.0,
        "general_feedback": "GF-SHORT",
        "alternatives": [{"text": "KEY-PARIS", "credit": 1.0, "feedback": "FB-PARIS"}],
    },
    {
        "type": "numeric",
        "text": "Pi to two decimals?",
        "points": 2.0,
        "general_feedback": "GF-NUMERIC",
        "numeric_answer": 3.14159,
        "numeric_tolerance": 0.005,
    },
]

# Every string that belongs to the key: none may appear while an attempt is open.
KEY_STRINGS = ["FB-", "GF-", "KEY-PARIS", "3.14159", "credit", "feedback", "numeric_answer"]


class BuiltExam(int):
    """The exam's id (use it as the int the API returns), with `id`, `questions` (question ids
    in order), `alternatives[question id]` (alternative ids in order), `q[type]` (the first
    question of that type) and `alt[(type, text)]` (an alternative's id)."""

    questions: list[int]
    alternatives: dict[int, list[int]]
    q: dict[str, int]
    alt: dict[tuple[str, str], int]

    @property
    def id(self) -> int:
        return int(self)

    def path_ids(self) -> dict[str, Any]:
        """The ids the authoring paths take: the exam, its first question and that question's
        first alternative, and both id lists reversed (a new order)."""
        first = self.questions[0]
        return {
            "exam": self.id,
            "question": first,
            "alternative": self.alternatives[first][0],
            "question_ids": self.questions[::-1],
            "alternative_ids": self.alternatives[first][::-1],
        }


@pytest.fixture
def build_exam(app: OnlineExamApp) -> Callable[..., BuiltExam]:
    """build_exam(owner, status="published", questions=EXAM_QUESTIONS, **settings).

    Built with the models (independent of the authoring API) from QuestionIn-shaped dicts
    (QuestionSpec.from_data: defaults and the true/false shorthand as the API applies them);
    max_attempts defaults to 1 as in the API, a published or archived exam has published_at."""
    from online_exam.db_types import utcnow
    from online_exam.exams.models import Exam
    from online_exam.exams.spec import QuestionSpec

    def build(
        owner: User,
        status: str = "published",
        questions: list[dict[str, Any]] | None = None,
        **settings: Any,
    ) -> BuiltExam:
        with app.app_context():
            settings.setdefault("title", "An exam")
            settings.setdefault("max_attempts", 1)
            if status != "draft":
                settings.setdefault("published_at", utcnow())
            exam = Exam(status=status, created_by_id=owner.id, updated_by_id=owner.id, **settings)
            for position, data in enumerate(EXAM_QUESTIONS if questions is None else questions):
                exam.questions.append(QuestionSpec.from_data(data).to_model(position))
            db.session.add(exam)
            db.session.commit()
            built = BuiltExam(exam.id)
            built.questions, built.alternatives, built.q, built.alt = [], {}, {}, {}
            for question in exam.questions:
                built.q.setdefault(question.type, question.id)
                built.questions.append(question.id)
                built.alternatives[question.id] = [a.id for a in question.alternatives]
                for alternative in question.alternatives:
                    built.alt[(question.type, alternative.text)] = alternative.id
            return built

    return build


# When the attempts record_attempt writes start: a student's n-th attempt at n o'clock after it.
RECORDED_START = datetime(2030, 1, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def record_attempt(app: OnlineExamApp) -> Callable[..., int]:
    """record_attempt(exam_id, user, {question_id: credit or (credit, answer fields)},
    state="submitted", seconds=600, passed=None) -> attempt id.

    An attempt row as grading leaves it, without going through the API: score, max and
    percentage computed like grading.total (credit x points, 2 decimals), `seconds` from
    start to submit; an attempt in progress has neither credits nor a score."""
    from online_exam.attempts.models import Attempt, Response
    from online_exam.exams.models import Exam

    def record(
        exam_id: int,
        user: User,
        answers: dict[int, float | tuple[float, dict[str, Any]]],
        state: str = "submitted",
        seconds: float = 600,
        passed: bool | None = None,
    ) -> int:
        given = {q: a if isinstance(a, tuple) else (a, {}) for q, a in answers.items()}
        with app.app_context():
            exam = db.session.get(Exam, exam_id)
            assert exam is not None
            points = {q.id: q.points for q in exam.questions}
            count = db.session.scalar(
                text("SELECT COUNT(*) FROM attempts WHERE exam_id = :e AND user_id = :u"),
                {"e": exam_id, "u": user.id},
            )
            number = 1 + (count or 0)
            score = round(sum(credit * points[q] for q, (credit, _) in given.items()), 2)
            maximum = sum(points.values())
            done = state != "in_progress"
            started = RECORDED_START + timedelta(hours=number)
            attempt = Attempt(
                exam_id=exam_id,
                user_id=user.id,
                number=number,
                state=state,
                started_at=started,
                submitted_at=started + timedelta(seconds=seconds) if done else None,
                score=score if done else None,
                max_score=maximum if done else None,
                percentage=round(100 * score / maximum, 2) if done else None,
                passed=passed if done else None,
                question_order=list(points),
                alternative_order={},
            )
            attempt.responses = [
                Response(question_id=q, credit=credit if done else None, **fields)
                for q, (credit, fields) in given.items()
            ]
            db.session.add(attempt)
            db.session.commit()
            return int(attempt.id)

    return record


@pytest.fixture
def attempt_clock(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The attempts' clock, frozen at a real 'now'; .set(dt) and .advance(**timedelta_args)."""
    from online_exam.attempts import clock
    from online_exam.db_types import utcnow

    class Clock:
        def __init__(self) -> None:
            self.now = utcnow().replace(microsecond=0)

        def set(self, moment: Any) -> None:
            self.now = moment

        def advance(self, **delta: float) -> None:
            self.now += timedelta(**delta)

    fake = Clock()
    monkeypatch.setattr(clock, "now", lambda: fake.now)
    return fake


# --- courses and mail: a course row, a real local SMTP server -------------------------------


@pytest.fixture
def make_course(app: OnlineExamApp) -> Callable[..., int]:
    """make_course(owner, name="Biology 101", teachers=(), students=()) -> course id: rows
    built with the models (independent of the courses API)."""
    from online_exam.courses.models import Course, CourseTeacher, Enrolment
    from online_exam.domain import EnrolmentSource

    def make(
        owner: User,
        name: str = "Biology 101",
        teachers: tuple[User, ...] = (),
        students: tuple[User, ...] = (),
    ) -> int:
        with app.app_context():
            course = Course(name=name, owner_id=owner.id)
            db.session.add(course)
            db.session.flush()
            db.session.add_all(CourseTeacher(course_id=course.id, user_id=t.id) for t in teachers)
            db.session.add_all(
                Enrolment(course_id=course.id, user_id=s.id, source=EnrolmentSource.MANUAL)
                for s in students
            )
            db.session.commit()
            return int(course.id)

    return make


class Mailbox:
    """What a real SMTP server (aiosmtpd, on a free local port) received."""

    def __init__(self) -> None:
        import email
        import email.policy
        import threading

        self._parse = lambda raw: email.message_from_bytes(raw, policy=email.policy.default)
        self._arrived = threading.Condition()
        self.messages: list[Any] = []
        self.port = 0

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        with self._arrived:
            self.messages.append(self._parse(envelope.content))
            self._arrived.notify_all()
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 10) -> list[Any]:
        """The first `count` messages, once they have arrived (mail goes out in a thread)."""
        with self._arrived:
            self._arrived.wait_for(lambda: len(self.messages) >= count, timeout)
        assert len(self.messages) >= count, f"{len(self.messages)} of {count} mails arrived"
        return self.messages[:count]


@pytest.fixture
def mailbox(app: OnlineExamApp, monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    """A local SMTP server, and the app configured to send to it (plain SMTP, no login)."""
    import socket

    from aiosmtpd.controller import Controller

    box = Mailbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        box.port = probe.getsockname()[1]
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    for name, value in {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": box.port,
        "SMTP_STARTTLS": False,
        "SMTP_FROM": "Online Exam <exams@school.example>",
        "PUBLIC_BASE_URL": "https://exams.school.example",
    }.items():
        monkeypatch.setitem(app.config, name, value)
    yield box
    controller.stop()
