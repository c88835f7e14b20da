"""Courses, their teachers and students, and per-student accommodations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..db_types import UTCDateTime, stored_enum, utcnow
from ..domain import EnrolmentSource
from ..extensions import db


class Course(db.Model):  # type: ignore[name-defined]
    """A class: its owner and co-teachers (authors) give exams to its enrolled students."""

    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(40), default="")  # e.g. "MATH-101"; not unique
    term: Mapped[str] = mapped_column(String(60), default="")  # e.g. "Spring 2027"
    archived: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    # Students join with this code (or a link carrying it); None = joining is turned off.
    join_code: Mapped[str | None] = mapped_column(String(16), unique=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    owner: Mapped[User] = relationship(foreign_keys=[owner_id])


class CourseTeacher(db.Model):  # type: ignore[name-defined]
    """A co-teacher of a course (the owner is `Course.owner_id`, not a row here)."""

    __tablename__ = "course_teachers"

    course_id: Mapped[int] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True
    )
    # Indexed: "the courses I teach" is looked up by user.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True, index=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()


class Enrolment(db.Model):  # type: ignore[name-defined]
    """A student on a course's roster. Removing a student deletes this row only: their
    attempts belong to the exam and stay in its results."""

    __tablename__ = "enrolments"

    course_id: Mapped[int] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True
    )
    # Indexed: "my courses" and every visibility check look up by student.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True, index=True)
    # The school's own id for the student (class-list column), shown on the roster and exports.
    external_id: Mapped[str | None] = mapped_column(String(64))
    source: Mapped[EnrolmentSource] = mapped_column(stored_enum(EnrolmentSource, "source"))
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()


class Accommodation(db.Model):  # type: ignore[name-defined]
    """What one student is entitled to beyond the exam's settings, for every exam of a course
    (`exam_id` None) or for one exam (`course_id` None). Extra time is minutes or a percentage
    of the time limit; a window replaces the exam's opens/closes for this student."""

    __tablename__ = "accommodations"
    __table_args__ = (
        CheckConstraint("(course_id IS NULL) <> (exam_id IS NULL)", name="course_or_exam"),
        CheckConstraint("extra_minutes IS NULL OR extra_minutes >= 0", name="extra_minutes"),
        CheckConstraint(
            "extra_time_percent IS NULL OR extra_time_percent >= 0", name="extra_time_percent"
        ),
        CheckConstraint("extra_attempts >= 0", name="extra_attempts"),
        # One accommodation per student and scope.
        Index(
            "uq_accommodations_user_course",
            "user_id",
            "course_id",
            unique=True,
            postgresql_where=text("course_id IS NOT NULL"),
            sqlite_where=text("course_id IS NOT NULL"),
        ),
        Index(
            "uq_accommodations_user_exam",
            "user_id",
            "exam_id",
            unique=True,
            postgresql_where=text("exam_id IS NOT NULL"),
            sqlite_where=text("exam_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    course_id: Mapped[int | None] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), index=True
    )
    exam_id: Mapped[int | None] = mapped_column(
        ForeignKey("exams.id", ondelete="CASCADE"), index=True
    )
    extra_minutes: Mapped[int | None] = mapped_column(Integer)
    extra_time_percent: Mapped[int | None] = mapped_column(Integer)
    extra_attempts: Mapped[int] = mapped_column(Integer, default=0)
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
