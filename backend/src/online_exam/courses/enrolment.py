"""Enrolling a class list, and the set-password links of a course's new students.

A class list (courses/class_list.py parses it) is matched against existing accounts by
normalized e-mail: those are enrolled as they are (never renamed, whatever the file says);
unknown addresses become student accounts without a password, each with a set-password link.
All or nothing by default: any error enrols nobody (422 with the report) unless `partial`,
which applies the valid rows; `dry_run` only reports what would happen (the preview). An
archived course is read-only (409), as everywhere.

Thousands of rows must enrol in seconds, so the writes are one INSERT each for accounts,
enrolments and links (`database.insert_many`, on the tables: the ORM's bulk path costs more per
row than the database does), with no password hashing; reads are one query each for the
accounts, the roster and the teachers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..audit import service as audit
from ..auth import password_links
from ..auth.models import User
from ..auth.password_links import IssuedLink, LinkHolder
from ..database import RetryTransaction, insert_many, lock
from ..db_types import utcnow
from ..domain import ClassListAction, EnrolmentSource, Role, TokenPurpose
from ..errors import Conflict, NotFound, ValidationFailed
from ..extensions import db
from .access import taught_course
from .class_list import ClassList, ClassListRow, parse_class_list
from .models import Course, CourseTeacher, Enrolment
from .service import ensure_not_archived

PREVIEW_ROWS = 50


@dataclass(frozen=True, slots=True)
class Planned:
    row: ClassListRow
    action: ClassListAction
    user_id: int | None  # None: the account is to be created


@dataclass(frozen=True, slots=True)
class ClassListOutcome:
    course: Course
    report: dict[str, Any]
    new_links: list[IssuedLink]  # one per created account (empty unless applied)


def upload_class_list(
    course_id: int, actor: User, data: bytes, *, dry_run: bool, partial: bool
) -> ClassListOutcome:
    course = taught_course(course_id, actor)
    if not dry_run:
        # Held until the commit: uploads to one course run one after the other (the second
        # sees the first's accounts), and an archive waits for the upload.
        lock(select(Course).where(Course.id == course.id))
        ensure_not_archived(course)
    parsed = parse_class_list(data)
    plan = _plan(course, parsed)
    applying = not dry_run and (partial or not parsed.errors)
    report = _report(parsed, plan, applied=applying)
    if not dry_run and not applying:
        raise ValidationFailed(
            "The class list has errors, so nobody was enrolled. Fix them and upload it again, "
            "or upload with partial=true to enrol the valid rows only.",
            report,
        )
    if not applying:
        return ClassListOutcome(course, report, [])
    links = _apply(course, plan)
    audit.record(
        actor,
        "course.class_list_uploaded",
        course,
        rows=parsed.row_count,
        created=report["will_create"],
        enrolled=report["will_enrol"],
        already_enrolled=report["already_enrolled"],
        errors=len(parsed.errors) + parsed.more_errors,
    )
    return ClassListOutcome(course, report, links)


def _plan(course: Course, parsed: ClassList) -> list[Planned]:
    emails = [row.email for row in parsed.rows]
    accounts: dict[str, int] = (
        dict(db.session.execute(select(User.email, User.id).where(User.email.in_(emails))).all())
        if emails
        else {}
    )
    enrolled = set(
        db.session.scalars(select(Enrolment.user_id).where(Enrolment.course_id == course.id))
    )
    teachers = {course.owner_id} | set(
        db.session.scalars(
            select(CourseTeacher.user_id).where(CourseTeacher.course_id == course.id)
        )
    )
    plan: list[Planned] = []
    for row in parsed.rows:
        user_id = accounts.get(row.email)
        if user_id in teachers:
            parsed.error(row.line, "email", f"{row.email} teaches this course.")
        elif user_id is None:
            plan.append(Planned(row, ClassListAction.CREATE, None))
        elif user_id in enrolled:
            plan.append(Planned(row, ClassListAction.ALREADY_ENROLLED, user_id))
        else:
            plan.append(Planned(row, ClassListAction.ENROL, user_id))
    parsed.errors.sort(key=lambda error: error.line)
    return plan


def _report(parsed: ClassList, plan: list[Planned], applied: bool) -> dict[str, Any]:
    def count(action: ClassListAction) -> int:
        return sum(1 for planned in plan if planned.action == action)

    return {
        "rows": parsed.row_count,
        "will_create": count(ClassListAction.CREATE),
        "will_enrol": count(ClassListAction.ENROL),
        "already_enrolled": count(ClassListAction.ALREADY_ENROLLED),
        "errors": [
            {"line": error.line, "column": error.column, "message": error.message}
            for error in parsed.errors
        ],
        "more_errors": parsed.more_errors,
        "preview": [
            {
                "line": planned.row.line,
                "email": planned.row.email,
                "name": planned.row.name,
                "external_id": planned.row.external_id,
                "action": planned.action.value,
            }
            for planned in plan[:PREVIEW_ROWS]
        ],
        "applied": applied,
    }


def _apply(course: Course, plan: list[Planned]) -> list[IssuedLink]:
    now = utcnow()
    new_rows = [planned.row for planned in plan if planned.action == ClassListAction.CREATE]
    try:
        created = _create_accounts(new_rows, now)
        user_ids = {row.email: user_id for row, user_id in created}
        enrolling = [p for p in plan if p.action != ClassListAction.ALREADY_ENROLLED]
        if enrolling:
            insert_many(
                Enrolment.__table__,
                [
                    {
                        "course_id": course.id,
                        "user_id": p.user_id or user_ids[p.row.email],
                        "external_id": p.row.external_id,
                        "source": EnrolmentSource.CLASS_LIST,
                        "enrolled_at": now,
                    }
                    for p in enrolling
                ],
            )
    except IntegrityError as error:
        # A concurrent upload (or sign-up) took one of these addresses or enrolments first:
        # the request re-runs and then sees those rows as existing.
        raise RetryTransaction from error
    holders = [LinkHolder(user_id, row.email, row.name) for row, user_id in created]
    return password_links.issue(holders, TokenPurpose.SETUP, revoke_older=False)


def _create_accounts(rows: Sequence[ClassListRow], now: Any) -> list[tuple[ClassListRow, int]]:
    if not rows:
        return []
    inserted = insert_many(
        User.__table__,
        [
            {
                "email": row.email,
                "display_name": row.name,
                "password_hash": None,  # until its owner sets one through the link (or OIDC)
                "role": Role.STUDENT,
                "is_active": True,
                "created_at": now,
                "updated_at": now,
            }
            for row in rows
        ],
        returning=("email", "id"),
    )
    ids: dict[str, int] = {new.email: new.id for new in inserted}
    return [(row, ids[row.email]) for row in rows]


# --- set-password links for a course's students --------------------------------------------


def setup_links(course_id: int, actor: User) -> tuple[Course, list[IssuedLink]]:
    """Fresh setup links for every student of the course who has no password yet (active,
    not signing in through the identity provider); their older unused links end."""
    course = taught_course(course_id, actor)
    ensure_not_archived(course)
    holders = [
        LinkHolder(user_id, email, name, locale)
        for user_id, email, name, locale in db.session.execute(
            select(User.id, User.email, User.display_name, User.locale)
            .join(Enrolment, Enrolment.user_id == User.id)
            .where(
                Enrolment.course_id == course.id,
                User.password_hash.is_(None),
                User.oidc_subject.is_(None),
                User.is_active.is_(True),
            )
            .order_by(User.display_name, User.email)
        ).all()
    ]
    links = password_links.issue(holders, TokenPurpose.SETUP)
    audit.record(actor, "course.setup_links_issued", course, count=len(links))
    return course, links


def student_setup_link(course_id: int, user_id: int, actor: User) -> tuple[Course, IssuedLink]:
    """A fresh setup link for one student of the course who has no password yet."""
    course = taught_course(course_id, actor)
    ensure_not_archived(course)
    student = db.session.scalar(
        select(User)
        .join(Enrolment, Enrolment.user_id == User.id)
        .where(Enrolment.course_id == course.id, User.id == user_id)
    )
    if student is None:
        raise NotFound("No such student on this course.")
    if not password_links.may_get_link(student):
        raise Conflict(
            "This account is deactivated or signs in through the identity provider; it "
            "gets no set-password link."
        )
    if student.password_hash is not None:
        raise Conflict(
            "This student has already set a password; they can use \u201cForgot password?\u201d "
            "on the sign-in page."
        )
    (link,) = password_links.issue([password_links.holder(student)], TokenPurpose.SETUP)
    audit.record(actor, "course.setup_link_issued", course, user_id=student.id)
    return course, link
