"""Building courses for the tests with the models (independent of the courses API)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from online_exam.auth.models import User
from online_exam.courses.models import Course, CourseTeacher, Enrolment
from online_exam.domain import EnrolmentSource
from online_exam.exams.models import Exam
from online_exam.extensions import db

HUGE_ID = 2**40  # no row can have it: the path converter maps it to 0


def make_course(
    app: Any,
    owner: User,
    *,
    teachers: Iterable[User] = (),
    students: Iterable[User] = (),
    **fields: Any,
) -> int:
    """A course owned by `owner` with co-teachers and enrolled students; returns its id."""
    with app.app_context():
        fields.setdefault("name", "Biology 101")
        course = Course(owner_id=owner.id, **fields)
        db.session.add(course)
        db.session.flush()
        for teacher in teachers:
            db.session.add(CourseTeacher(course_id=course.id, user_id=teacher.id))
        for student in students:
            db.session.add(
                Enrolment(course_id=course.id, user_id=student.id, source=EnrolmentSource.MANUAL)
            )
        db.session.commit()
        return int(course.id)


def put_in_course(app: Any, exam_id: int, course_id: int | None) -> None:
    with app.app_context():
        exam = db.session.get(Exam, exam_id)
        assert exam is not None
        exam.course_id = course_id
        db.session.commit()


def enrolled(app: Any, course_id: int) -> set[int]:
    with app.app_context():
        return set(
            db.session.scalars(db.select(Enrolment.user_id).where(Enrolment.course_id == course_id))
        )


def audit_actions(app: Any) -> list[str]:
    from online_exam.audit.models import AuditEvent

    with app.app_context():
        return list(db.session.scalars(db.select(AuditEvent.action).order_by(AuditEvent.id)))
