"""Course rules: courses and their teachers, the roster, join codes, a student's home.

Access is courses/access.py's "teaches this course" (owner, co-teachers, admins; 404 for
anyone else). An archived course is read-only for its teachers: every change but un-archiving
is refused (409); its exams leave its students' home but stay, with their results, for the
teachers. Every change is audited. Services flush, never commit (the request layer commits).
Class lists (class_list.py) and accommodations are separate modules of this package.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from ..attempts import clock
from ..attempts.models import Attempt
from ..attempts.service import finalize_overdue
from ..audit import service as audit
from ..auth import service as accounts
from ..auth.models import User
from ..bank.models import ExamSlot
from ..database import RetryTransaction, lock
from ..domain import (
    ArchivedFilter,
    AttemptState,
    CourseRole,
    EnrolmentSource,
    ExamStatus,
    ExamWindowState,
    Role,
)
from ..errors import Conflict, NotFound, ValidationFailed
from ..exams.models import Exam, Question
from ..extensions import db
from ..lti.models import LtiContext, LtiPlatform
from ..pagination import Page
from .access import taught_by, taught_course, teaches
from .accommodations import Effective, effective_for_exams
from .models import Course, CourseTeacher, Enrolment

# Join codes: no 0/O, 1/I/L, so a code read aloud or off a projector is typed right.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8
TEACHER_ROLES = (Role.AUTHOR, Role.ADMIN)


# --- guards --------------------------------------------------------------------------------


def ensure_not_archived(course: Course) -> None:
    if course.archived:
        raise Conflict("This course is archived and read-only; un-archive it to change it.")


def _taught_for_change(course_id: int, user: User) -> Course:
    """The course, locked until the commit, if `user` teaches it and it is not archived."""
    course = taught_course(course_id, user)
    lock(select(Course).where(Course.id == course.id))
    ensure_not_archived(course)
    return course


def _my_role(course: Course, user: User, co_teacher: bool) -> CourseRole:
    if course.owner_id == user.id:
        return CourseRole.OWNER
    return CourseRole.TEACHER if co_teacher else CourseRole.ADMIN


# --- reading courses -----------------------------------------------------------------------


def _student_count() -> Any:
    return (
        select(func.count())
        .select_from(Enrolment)
        .where(Enrolment.course_id == Course.id)
        .scalar_subquery()
    )


def _exam_count() -> Any:
    return select(func.count(Exam.id)).where(Exam.course_id == Course.id).scalar_subquery()


def _co_teaches(user: User) -> Any:
    return exists().where(CourseTeacher.course_id == Course.id, CourseTeacher.user_id == user.id)


def _course_rows(user: User) -> Select[Any]:
    """Courses with their counts and whether `user` co-teaches them: one query per page."""
    return select(Course, _student_count(), _exam_count(), _co_teaches(user)).options(
        joinedload(Course.owner)
    )


def _course_out(row: Any, user: User) -> dict[str, Any]:
    """CourseOut from a `_course_rows` row."""
    course, students, exams, co_teacher = row
    return {
        "id": course.id,
        "name": course.name,
        "code": course.code,
        "term": course.term,
        "archived": course.archived,
        "owner": course.owner,
        "student_count": int(students),
        "exam_count": int(exams),
        "created_at": course.created_at,
        "my_role": _my_role(course, user, bool(co_teacher)),
    }


def list_courses(
    user: User, page: int, per_page: int, q: str, archived: ArchivedFilter
) -> Page[dict[str, Any]]:
    """The courses `user` teaches (an admin: all), newest first."""
    filters = [*taught_by(user)]
    if archived != ArchivedFilter.ALL:
        filters.append(Course.archived.is_(archived == ArchivedFilter.TRUE))
    needle = q.strip().lower()
    if needle:
        filters.append(
            or_(
                *(
                    func.lower(column).contains(needle, autoescape=True)
                    for column in (Course.name, Course.code, Course.term)
                )
            )
        )
    total = db.session.scalar(select(func.count()).select_from(Course).where(*filters)) or 0
    rows = db.session.execute(
        _course_rows(user)
        .where(*filters)
        .order_by(Course.created_at.desc(), Course.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    items = [_course_out(row, user) for row in rows]
    return Page(items=items, page=page, per_page=per_page, total=total)


def course_detail(course_id: int, user: User) -> dict[str, Any]:
    """CourseOut with the teachers (owner first), the join code and the course's exams."""
    course = taught_course(course_id, user)
    row = db.session.execute(_course_rows(user).where(Course.id == course.id)).one()
    data = _course_out(row, user)
    data["teachers"] = teachers_of(course)
    data["join_code"] = course.join_code
    data["learning_platform"] = db.session.scalar(
        select(LtiPlatform.name)
        .join(LtiContext, LtiContext.platform_id == LtiPlatform.id)
        .where(LtiContext.course_id == course.id)
        .order_by(LtiContext.id)
        .limit(1)
    )
    # Fixed questions, plus each random slot's count (not its pool: what each student gets).
    question_count = func.count(Question.id)
    drawn = (
        select(func.coalesce(func.sum(ExamSlot.count), 0))
        .where(ExamSlot.exam_id == Exam.id)
        .correlate(Exam)
        .scalar_subquery()
    )
    exams = db.session.execute(
        select(Exam, question_count + drawn)
        .outerjoin(Question, (Question.exam_id == Exam.id) & Question.slot_id.is_(None))
        .where(Exam.course_id == course.id)
        .group_by(Exam.id)
        .order_by(Exam.created_at, Exam.id)
    ).all()
    data["exams"] = [
        {
            **{key: getattr(exam, key) for key in _COURSE_EXAM_FIELDS},
            "question_count": count,
        }
        for exam, count in exams
    ]
    return data


_COURSE_EXAM_FIELDS = ("id", "title", "status", "opens_at", "closes_at", "time_limit_minutes")


def _teacher(user: User, is_owner: bool) -> dict[str, Any]:
    return {
        "id": user.id,
        "display_name": user.display_name,
        "email": user.email,
        "is_owner": is_owner,
    }


# --- changing courses ----------------------------------------------------------------------


def create_course(user: User, data: dict[str, Any]) -> Course:
    course = Course(**data, owner_id=user.id)
    db.session.add(course)
    db.session.flush()
    audit.record(user, "course.created", course, name=course.name)
    return course


def update_course(course_id: int, user: User, data: dict[str, Any]) -> Course:
    """Change any subset of name, code, term, archived. An archived course takes only
    un-archiving (with other changes in the same request, if any)."""
    course = taught_course(course_id, user)
    lock(select(Course).where(Course.id == course.id))
    changed = {key: value for key, value in data.items() if getattr(course, key) != value}
    if not changed:
        return course
    if course.archived and changed.get("archived") is not False:
        ensure_not_archived(course)
    for key, value in changed.items():
        setattr(course, key, value)
    action = "course.updated"
    if "archived" in changed:
        action = "course.archived" if changed["archived"] else "course.unarchived"
    audit.record(user, action, course, fields=sorted(changed))
    db.session.flush()
    return course


def delete_course(course_id: int, user: User) -> None:
    """Only a course without exams (else 409: archive it); its roster and teachers go too."""
    course = _taught_for_change(course_id, user)
    exams = db.session.scalar(select(func.count(Exam.id)).where(Exam.course_id == course.id)) or 0
    if exams:
        plural = "s" if exams != 1 else ""
        raise Conflict(
            f"This course has {exams} exam{plural} and cannot be deleted; archive it instead "
            "(that keeps every exam and result).",
            {"exam_count": exams},
        )
    audit.record(user, "course.deleted", course, name=course.name)
    db.session.delete(course)  # the database cascades to its teachers, roster, accommodations
    db.session.flush()


# --- teachers ------------------------------------------------------------------------------


def _account(email: str, field: str = "email") -> User:
    account = accounts.find_by_email(email)
    if account is None:
        raise ValidationFailed(
            "No account has this e-mail.", {field: ["No account has this e-mail."]}
        )
    return account


def teachers_of(course: Course) -> list[dict[str, Any]]:
    """The owner, then the co-teachers by name."""
    co_teachers = db.session.scalars(
        select(User)
        .join(CourseTeacher, CourseTeacher.user_id == User.id)
        .where(CourseTeacher.course_id == course.id)
        .order_by(func.lower(User.display_name), User.id)
    )
    return [_teacher(course.owner, True), *(_teacher(t, False) for t in co_teachers)]


def add_teacher(course_id: int, user: User, email: str) -> list[dict[str, Any]]:
    """Add a co-teacher by e-mail: an existing author or admin account (else 422)."""
    course = _taught_for_change(course_id, user)
    teacher = _account(email)
    if teacher.role not in TEACHER_ROLES or not teacher.is_active:
        raise ValidationFailed(
            "Only an active author or admin account can teach a course.",
            {"email": ["This account is not an active author or admin."]},
        )
    already = teacher.id == course.owner_id or db.session.get(
        CourseTeacher, (course.id, teacher.id)
    )
    if already:
        raise Conflict("This account already teaches the course.", {"user_id": teacher.id})
    db.session.add(CourseTeacher(course_id=course.id, user_id=teacher.id))
    db.session.flush()
    audit.record(user, "course.teacher_added", course, user_id=teacher.id)
    return teachers_of(course)


def remove_teacher(course_id: int, user: User, teacher_id: int) -> None:
    """Remove a co-teacher (404 when they are not one); the owner cannot be removed (409)."""
    course = _taught_for_change(course_id, user)
    if teacher_id == course.owner_id:
        raise Conflict("The course's owner cannot be removed.", {"user_id": teacher_id})
    row = db.session.get(CourseTeacher, (course.id, teacher_id))
    if row is None:
        raise NotFound("This account does not co-teach the course.")
    db.session.delete(row)
    db.session.flush()
    audit.record(user, "course.teacher_removed", course, user_id=teacher_id)


# --- the roster ----------------------------------------------------------------------------


def _roster_entry(enrolment: Enrolment, student: User) -> dict[str, Any]:
    return {
        "user_id": student.id,
        "email": student.email,
        "display_name": student.display_name,
        "external_id": enrolment.external_id,
        "source": enrolment.source,
        "enrolled_at": enrolment.enrolled_at,
        "has_password": student.password_hash is not None,
    }


def roster(course_id: int, user: User, page: int, per_page: int, q: str) -> Page[dict[str, Any]]:
    """The course's students by name, searchable by e-mail, name or external id."""
    course = taught_course(course_id, user)
    filters: list[Any] = [Enrolment.course_id == course.id]
    needle = q.strip().lower()
    if needle:
        filters.append(
            or_(
                func.lower(User.email).contains(needle, autoescape=True),
                func.lower(User.display_name).contains(needle, autoescape=True),
                func.lower(Enrolment.external_id).contains(needle, autoescape=True),
            )
        )
    joined = select(Enrolment, User).join(User, User.id == Enrolment.user_id).where(*filters)
    total = db.session.scalar(select(func.count()).select_from(joined.subquery())) or 0
    rows = db.session.execute(
        joined.order_by(func.lower(User.display_name), User.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    items = [_roster_entry(enrolment, student) for enrolment, student in rows]
    return Page(items=items, page=page, per_page=per_page, total=total)


def _ensure_not_teacher(course: Course, student: User) -> None:
    """Teachers (admins included: they teach every course) see its exams without a place on
    its roster, where they would count as students."""
    if teaches(course, student):
        raise Conflict("This account teaches the course; teachers are not on its roster.")


def add_student(course_id: int, user: User, email: str) -> dict[str, Any]:
    """Enrol an existing account by e-mail (source manual); new accounts come by class list."""
    course = _taught_for_change(course_id, user)
    student = _account(email)
    _ensure_not_teacher(course, student)
    if db.session.get(Enrolment, (course.id, student.id)) is not None:
        raise Conflict("This student is already on the roster.", {"user_id": student.id})
    enrolment = Enrolment(course_id=course.id, user_id=student.id, source=EnrolmentSource.MANUAL)
    db.session.add(enrolment)
    db.session.flush()
    audit.record(user, "course.student_added", course, user_id=student.id)
    return _roster_entry(enrolment, student)


def remove_student(course_id: int, user: User, student_id: int) -> None:
    """Take a student off the roster: no new attempts at the course's exams from now on; their
    attempts stay in the results (an attempt in progress may still be finished)."""
    course = _taught_for_change(course_id, user)
    enrolment = db.session.get(Enrolment, (course.id, student_id))
    if enrolment is None:
        raise NotFound("This student is not on the course's roster.")
    db.session.delete(enrolment)
    db.session.flush()
    audit.record(user, "course.student_removed", course, user_id=student_id)


# --- join codes ----------------------------------------------------------------------------


def _new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def rotate_join_code(course_id: int, user: User) -> str:
    """A new join code (the old one stops working at once)."""
    course = _taught_for_change(course_id, user)
    for _ in range(5):  # 31**8 codes: a collision is rare, five in a row never happen
        code = _new_join_code()
        if not db.session.scalar(select(exists().where(Course.join_code == code))):
            break
    course.join_code = code
    try:
        db.session.flush()
    except IntegrityError as error:  # another course took the same code at the same moment
        raise RetryTransaction from error
    audit.record(user, "course.join_code_rotated", course)
    return code


def turn_off_join_code(course_id: int, user: User) -> None:
    course = _taught_for_change(course_id, user)
    if course.join_code is not None:
        course.join_code = None
        audit.record(user, "course.join_code_turned_off", course)
        db.session.flush()


def normalize_join_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").upper()


def join(user: User, code: str) -> Course:
    """Enrol `user` with a join code (already enrolled: the same answer). Unknown, turned-off
    or archived course's codes are 404; the course's own teachers get 409."""
    normalized = normalize_join_code(code)
    course: Course | None = None
    if len(normalized) == JOIN_CODE_LENGTH:
        course = db.session.scalar(
            select(Course).where(Course.join_code == normalized, Course.archived.is_(False))
        )
    if course is None:
        raise NotFound("No course has this join code (it may have been changed or turned off).")
    _ensure_not_teacher(course, user)
    if db.session.get(Enrolment, (course.id, user.id)) is None:
        db.session.add(
            Enrolment(course_id=course.id, user_id=user.id, source=EnrolmentSource.JOIN_CODE)
        )
        try:
            db.session.flush()
        except IntegrityError as error:  # a second join of the same student won: re-run
            raise RetryTransaction from error
        audit.record(user, "course.joined", course)
    return course


# --- a student's home ----------------------------------------------------------------------


def _window_state(settings: Effective, now: datetime) -> ExamWindowState:
    if settings.opens_at is not None and now < settings.opens_at:
        return ExamWindowState.UPCOMING
    if settings.closes_at is not None and now >= settings.closes_at:
        return ExamWindowState.CLOSED
    return ExamWindowState.OPEN


def my_courses(user: User) -> dict[str, Any]:
    """The user's current (not archived) courses by name, each with its published exams and
    the user's own window, time limit, attempts and deadline. Four queries, whatever the size."""
    finalize_overdue(user_id=user.id)  # nothing shows as in progress after its time ran out
    courses = list(
        db.session.scalars(
            select(Course)
            .join(Enrolment, Enrolment.course_id == Course.id)
            .where(Enrolment.user_id == user.id, Course.archived.is_(False))
            .order_by(func.lower(Course.name), Course.id)
        )
    )
    exams = list(
        db.session.scalars(
            select(Exam)
            .where(
                Exam.course_id.in_([course.id for course in courses]),
                Exam.status == ExamStatus.PUBLISHED,
            )
            .order_by(Exam.id)
        )
    )
    used: dict[int, int] = {}
    in_progress: dict[int, datetime | None] = {}
    for exam_id, state, deadline in db.session.execute(
        select(Attempt.exam_id, Attempt.state, Attempt.deadline).where(
            Attempt.user_id == user.id, Attempt.exam_id.in_([exam.id for exam in exams])
        )
    ):
        used[exam_id] = used.get(exam_id, 0) + 1
        if state == AttemptState.IN_PROGRESS:
            in_progress[exam_id] = deadline
    now = clock.now()
    by_course: dict[int, list[dict[str, Any]]] = {course.id: [] for course in courses}
    terms = effective_for_exams(user.id, exams)  # one query for all of them
    for exam in exams:
        mine = terms[exam.id]
        by_course[exam.course_id or 0].append(
            {
                "id": exam.id,
                "title": exam.title,
                "opens_at": mine.opens_at,
                "closes_at": mine.closes_at,
                "time_limit_minutes": mine.time_limit_minutes,
                "attempts_used": used.get(exam.id, 0),
                "attempts_allowed": mine.attempts_allowed,
                "state": _window_state(mine, now),
                "my_deadline": in_progress.get(exam.id, mine.closes_at),
            }
        )
    for course_exams in by_course.values():  # soonest first; always-open ones first of all
        course_exams.sort(key=lambda e: (e["opens_at"] is not None, e["opens_at"] or now, e["id"]))
    return {
        "items": [
            {
                "id": course.id,
                "name": course.name,
                "code": course.code,
                "term": course.term,
                "exams": by_course[course.id],
            }
            for course in courses
        ]
    }


# --- exams in a course (used by exams/service.py) ------------------------------------------


def course_for_exam(course_id: int | None, user: User) -> Course | None:
    """The course an exam of `user` may be put in: one they teach (else 422 on course_id),
    not archived (else 409). None: a public exam."""
    if course_id is None:
        return None
    try:
        course = taught_course(course_id, user)
    except NotFound:
        raise ValidationFailed(
            "You can only put an exam in a course you teach.",
            {"course_id": ["No course you teach has this id."]},
        ) from None
    ensure_not_archived(course)
    return course
