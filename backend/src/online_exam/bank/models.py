"""The question bank: categories (a tree), questions with versions and tags, and an exam's
random slots ("n questions from category C, optionally tagged T").

A version stores the question as its QuestionSpec document (exams/spec.py `document()`), so
every question type, present and future, fits without new columns; `type` and `text` of the
question row repeat the current version's for search.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db_types import UTCDateTime, stored_enum, utcnow
from ..domain import QuestionType
from ..extensions import db

TAG_MAX = 60


class BankCategory(db.Model):  # type: ignore[name-defined]
    """A folder of bank questions. Owned by a teacher (`owner_id`) or by a course
    (`course_id`: shared by the course's teachers); a subcategory has its root's owner."""

    __tablename__ = "bank_categories"
    __table_args__ = (
        CheckConstraint(
            "(owner_id IS NULL) <> (course_id IS NULL)", name="owned_by_user_or_course"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("bank_categories.id", ondelete="CASCADE"), index=True
    )
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    course_id: Mapped[int | None] = mapped_column(ForeignKey("courses.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BankQuestion(db.Model):  # type: ignore[name-defined]
    __tablename__ = "bank_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("bank_categories.id"), index=True)
    type: Mapped[QuestionType] = mapped_column(stored_enum(QuestionType, "type"))
    text: Mapped[str] = mapped_column(Text)  # the current version's, for search
    version: Mapped[int] = mapped_column(Integer, default=1)  # the current version's number
    # Soft delete: a question an exam uses stays (its versions are the exams' provenance).
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    tags: Mapped[list[BankTag]] = relationship(
        cascade="all, delete-orphan", order_by="BankTag.tag", lazy="selectin"
    )
    versions: Mapped[list[BankQuestionVersion]] = relationship(
        back_populates="question",
        cascade="all, delete-orphan",
        order_by="BankQuestionVersion.number",
    )

    @property
    def tag_names(self) -> list[str]:
        return [t.tag for t in self.tags]


class BankTag(db.Model):  # type: ignore[name-defined]
    __tablename__ = "bank_tags"

    question_id: Mapped[int] = mapped_column(
        ForeignKey("bank_questions.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(TAG_MAX), primary_key=True, index=True)


class BankQuestionVersion(db.Model):  # type: ignore[name-defined]
    """One state of a bank question, never changed: every edit (and every restore) adds one."""

    __tablename__ = "bank_question_versions"
    __table_args__ = (UniqueConstraint("question_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("bank_questions.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)  # QuestionSpec.document()
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    question: Mapped[BankQuestion] = relationship(back_populates="versions")


class ExamSlot(db.Model):  # type: ignore[name-defined]
    """Random questions of an exam: `count` questions drawn per attempt from category
    `category_id` and its subcategories (only those tagged `tag`, if set), each worth
    `points`. At publish the pool is frozen into the exam as questions with this slot_id."""

    __tablename__ = "exam_slots"

    id: Mapped[int] = mapped_column(primary_key=True)
    exam_id: Mapped[int] = mapped_column(ForeignKey("exams.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    category_id: Mapped[int] = mapped_column(ForeignKey("bank_categories.id"), index=True)
    tag: Mapped[str | None] = mapped_column(String(TAG_MAX))
    count: Mapped[int] = mapped_column(Integer)
    points: Mapped[float] = mapped_column(Float)
