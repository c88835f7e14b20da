"""`flask seed-demo`: demo accounts, published exams and a course, so a fresh install has
something to try.

The exam content lives in demo_data/exams.json (one dict per exam, its questions and their
alternatives, field names as in exams/models.py). Seeding is idempotent: accounts are matched by
e-mail, exams by title and author, the course by name and owner, and only what is missing is
added. The demo course ("Biology 101", owned by the demo author, the demo student enrolled)
holds one demo exam, so the student's "My courses" has something in it; the other demo exams
stay public (the catalogue).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from .auth import service as accounts
from .auth.models import User
from .courses import service as course_service
from .courses.models import Course
from .domain import Role
from .exams import questions as question_service
from .exams import service as exam_service
from .exams.models import Exam
from .exams.schemas import ExamIn, QuestionIn
from .extensions import db

# DEMO ONLY: published in the README and printed on every run. Never use it for a real account.
DEMO_PASSWORD = "demo-only-password"  # noqa: S105 - public on purpose, demo only

DEMO_USERS = (
    {"email": "admin@example.com", "display_name": "Ada Admin", "role": Role.ADMIN},
    {"email": "author@example.com", "display_name": "Alan Author", "role": Role.AUTHOR},
    {"email": "student@example.com", "display_name": "Sam Student", "role": Role.STUDENT},
)
DEMO_AUTHOR = "author@example.com"
DEMO_STUDENT = "student@example.com"
DEMO_COURSE = {"name": "Biology 101", "code": "BIO-101", "term": "Demo term"}
DEMO_COURSE_EXAM = "Angular fundamentals"  # the one demo exam given in the course
DEMO_EXAMS_FILE = Path(__file__).with_name("demo_data") / "exams.json"


def load_demo_exams() -> list[dict[str, Any]]:
    """The demo exams as plain data (also used by the tests' completeness check)."""
    data: list[dict[str, Any]] = json.loads(DEMO_EXAMS_FILE.read_text(encoding="utf-8"))
    return data


@dataclass
class SeedResult:
    users: list[str] = field(default_factory=list)  # e-mails of the accounts created
    exams: list[Exam] = field(default_factory=list)  # exams created
    course: Course | None = None  # the demo course, when this run created it


def build_exam(spec: dict[str, Any], author: User, course: Course | None = None) -> Exam:
    """Create and publish one demo exam through the same schemas and services the API uses,
    so the demo content is validated exactly like an author's (publishing checks completeness).
    """
    settings = ExamIn().load({k: v for k, v in spec.items() if k != "questions"})
    settings["course_id"] = course.id if course is not None else None
    exam = exam_service.create_exam(author, settings)
    for question in spec["questions"]:
        question_service.add_question(exam.id, author, QuestionIn().load(question))
    return exam_service.publish(exam.id, author)


def seed_demo() -> SeedResult:
    """Add whatever of the demo is missing. Flushes; the caller commits."""
    result = SeedResult()
    for spec in DEMO_USERS:
        if accounts.find_by_email(spec["email"]) is None:
            accounts.create_user(spec["email"], DEMO_PASSWORD, spec["display_name"], spec["role"])
            result.users.append(spec["email"])
    author = accounts.find_by_email(DEMO_AUTHOR)
    assert author is not None
    course = db.session.scalar(
        select(Course).where(Course.owner_id == author.id, Course.name == DEMO_COURSE["name"])
    )
    if course is None:
        course = result.course = _demo_course(author)
    existing = set(db.session.scalars(select(Exam.title).where(Exam.created_by_id == author.id)))
    for exam_spec in load_demo_exams():
        if exam_spec["title"] not in existing:
            in_course = course if exam_spec["title"] == DEMO_COURSE_EXAM else None
            result.exams.append(build_exam(exam_spec, author, in_course))
    db.session.flush()
    return result


def _demo_course(author: User) -> Course:
    """The demo course with the demo student on its roster (the same services as the API)."""
    course = course_service.create_course(author, dict(DEMO_COURSE))
    course_service.add_student(course.id, author, DEMO_STUDENT)  # seeded above
    return course


def _echo_logins() -> None:
    present = {
        user.email: user
        for user in db.session.scalars(
            select(User).where(User.email.in_([spec["email"] for spec in DEMO_USERS]))
        )
    }
    if not present:
        return
    click.echo(f"Demo logins (password for all: {DEMO_PASSWORD} — demo only, never in production):")
    for spec in DEMO_USERS:
        user = present.get(spec["email"])
        if user is not None:
            click.echo(f"  {user.role:<8} {user.email}")


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Seed only if the database has no accounts at all.")
@with_appcontext
def seed_demo_command(if_empty: bool) -> None:
    """Create demo accounts, three published demo exams and a demo course (idempotent)."""
    if current_app.config["APP_ENV"] == "production":
        raise click.ClickException(
            "Refusing to add demo accounts with known passwords in production."
        )
    if if_empty:
        accounts_count = db.session.scalar(select(func.count()).select_from(User)) or 0
        if accounts_count:
            click.echo(f"The database already has {accounts_count} account(s): no demo data added.")
            _echo_logins()
            return
    result = seed_demo()
    db.session.commit()
    if not result.users and not result.exams and result.course is None:
        click.echo("The demo data already exists: nothing changed.")
    else:
        if result.users:
            click.echo(f"Created demo accounts: {', '.join(result.users)}.")
        if result.course is not None:
            click.echo(f"Created demo course {result.course.name!r} with the demo student in it.")
        for exam in result.exams:
            click.echo(f"Created published exam {exam.title!r} ({exam.question_count} questions).")
    _echo_logins()
