"""Who may do what with a course, and who may see a course's exam: one rule per question.

- "Teaches this course" (`teaches`): its owner, its co-teachers and admins manage the course
  (roster, class lists, accommodations, its exams, the live view). Only authors and admins
  teach: an account demoted to student loses its courses at once. `taught_course` loads a
  course for them; to anyone else it is 404, never a hint that it exists.
- "Is enrolled" (`is_enrolled`): a student on the roster sees and takes the course's exams
  (while the course is not archived: archiving ends it for the students).
- "May take this exam" (`may_take`): a public exam (no course) anyone may; a course's exam its
  students and teachers may; to anyone else it is 404, exactly like a missing exam.
"""

from __future__ import annotations

from sqlalchemy import Select, bindparam, exists, or_, select
from sqlalchemy.sql.elements import ColumnElement

from ..app import valid_id
from ..auth.models import User
from ..domain import Role
from ..errors import NotFound
from ..exams.models import Exam
from ..extensions import db
from .models import Course, CourseTeacher, Enrolment


def _co_taught(user: User) -> Select[int]:
    return select(CourseTeacher.course_id).where(CourseTeacher.user_id == user.id)


def teaches_id(course_id: int, user: User | None) -> bool:
    """`teaches` by the course's id: one indexed EXISTS (none for admins and students)."""
    if user is None or user.role == Role.STUDENT:
        return False
    if user.role == Role.ADMIN:
        return True
    owned_or_co_taught = exists().where(
        Course.id == course_id,
        or_(Course.owner_id == user.id, Course.id.in_(_co_taught(user))),
    )
    return bool(db.session.scalar(select(owned_or_co_taught)))


def teaches(course: Course, user: User | None) -> bool:
    if user is not None and user.role != Role.STUDENT and course.owner_id == user.id:
        return True
    return teaches_id(course.id, user)


def taught_by(user: User) -> list[ColumnElement[bool]]:
    """`teaches` as a filter on Course rows: every course for an admin, else owned or co-taught
    (none for a student)."""
    if user.role == Role.ADMIN:
        return []
    if user.role == Role.STUDENT:
        return [Course.id.is_(None)]
    return [or_(Course.owner_id == user.id, Course.id.in_(_co_taught(user)))]


def taught_course_ids(user: User) -> Select[int]:
    """The ids of the courses `user` teaches, as a subquery."""
    return select(Course.id).where(*taught_by(user))


def taught_course(course_id: int, user: User) -> Course:
    """The course, if `user` teaches it (or is an admin); 404 for anyone else."""
    course = db.session.get(Course, course_id) if valid_id(course_id) else None
    if course is None or not teaches(course, user):
        raise NotFound("No such course.")
    return course


def is_enrolled(user_id: int, course_id: int) -> bool:
    return bool(
        db.session.scalar(
            select(exists().where(Enrolment.course_id == course_id, Enrolment.user_id == user_id))
        )
    )


# On the exam-day start path: built once (building a statement costs as much as running it).
# Two primary-key lookups: the enrolment, and its course not archived.
_STUDENT_OF_CURRENT_COURSE = select(
    exists().where(
        Enrolment.course_id == bindparam("course_id"),
        Enrolment.user_id == bindparam("user_id"),
        Course.id == Enrolment.course_id,
        Course.archived.is_(False),
    )
)


def may_take(exam: Exam, user: User | None) -> bool:
    """Public exams: anyone. A course's exam: its teachers, and its enrolled students while the
    course is not archived. The hot path (a student starting a course exam) costs one EXISTS."""
    if exam.course_id is None:
        return True
    if user is None:
        return False
    params = {"course_id": exam.course_id, "user_id": user.id}
    return bool(db.session.scalar(_STUDENT_OF_CURRENT_COURSE, params)) or teaches_id(
        exam.course_id, user
    )


def visible_exams(user: User | None) -> ColumnElement[bool]:
    """`may_take` as a filter on Exam rows (the catalogue lists public exams only; this serves
    "my courses" and any list that mixes them)."""
    if user is None:
        return Exam.course_id.is_(None)
    enrolled = select(Enrolment.course_id).where(Enrolment.user_id == user.id)
    taught = taught_course_ids(user)
    return or_(Exam.course_id.is_(None), Exam.course_id.in_(enrolled), Exam.course_id.in_(taught))
