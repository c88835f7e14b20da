"""Exams, their questions and alternatives (the authoring side of the domain)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Boolean, CheckConstraint, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..db_types import UTCDateTime, stored_enum, utcnow
from ..domain import ExamStatus, OrderingCredit, QuestionType, ReviewPolicy
from ..extensions import db

if TYPE_CHECKING:
    from ..bank.models import ExamSlot
    from ..courses.models import Course


class Exam(db.Model):  # type: ignore[name-defined]
    __tablename__ = "exams"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(String(2000), default="")
    long_description: Mapped[str] = mapped_column(Text, default="")  # markdown
    status: Mapped[ExamStatus] = mapped_column(
        stored_enum(ExamStatus, "status"), default=ExamStatus.DRAFT, index=True
    )
    time_limit_minutes: Mapped[int | None] = mapped_column(Integer)  # None = untimed
    grace_period_seconds: Mapped[int] = mapped_column(Integer, default=30)
    # None = unlimited. No column default: the ORM would put it in place of an explicit None.
    max_attempts: Mapped[int | None] = mapped_column(Integer)
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    shuffle_questions: Mapped[bool] = mapped_column(Boolean, default=False)
    shuffle_alternatives: Mapped[bool] = mapped_column(Boolean, default=False)
    one_question_per_page: Mapped[bool] = mapped_column(Boolean, default=True)
    pass_mark_percent: Mapped[float | None] = mapped_column(Float)
    review_policy: Mapped[ReviewPolicy] = mapped_column(
        stored_enum(ReviewPolicy, "review_policy"), default=ReviewPolicy.IMMEDIATELY
    )
    # Practice mode: anyone may browse the questions (never the key) before starting.
    practice_mode: Mapped[bool] = mapped_column(Boolean, default=False)
    # The language the author wrote it in (a BCP 47 tag, e.g. "es", "ar", "pt-BR"): the exam
    # page's `lang`/`dir`, so screen readers pronounce it right. Never translated.
    language: Mapped[str] = mapped_column(String(16), default="en", server_default="en")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # The course whose students may see and take it; None = public (the open catalogue).
    course_id: Mapped[int | None] = mapped_column(ForeignKey("courses.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])
    course: Mapped[Course | None] = relationship("Course")
    # The fixed questions (what authors edit); a random slot's frozen pool questions are
    # `pool_questions` (bank/slots.py writes them at publish).
    questions: Mapped[list[Question]] = relationship(
        back_populates="exam",
        primaryjoin="and_(Exam.id == Question.exam_id, Question.slot_id.is_(None))",
        order_by="Question.position",
        cascade="all, delete-orphan",
    )
    pool_questions: Mapped[list[Question]] = relationship(
        primaryjoin="and_(Exam.id == Question.exam_id, Question.slot_id.is_not(None))",
        order_by="Question.position",
        viewonly=True,
    )
    slots: Mapped[list[ExamSlot]] = relationship(
        "ExamSlot", order_by="ExamSlot.position", cascade="all, delete-orphan"
    )

    @property
    def all_questions(self) -> list[Question]:
        """Fixed and pool questions: what results, exports and statistics report on."""
        return [*self.questions, *self.pool_questions]

    @property
    def total_points(self) -> float:
        """What each attempt is worth: the fixed questions, plus n x P per random slot."""
        fixed = sum(q.points for q in self.questions)
        return round(fixed + sum(s.count * s.points for s in self.slots), 2)

    @property
    def question_count(self) -> int:
        return len(self.questions) + sum(s.count for s in self.slots)


class Question(db.Model):  # type: ignore[name-defined]
    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    exam_id: Mapped[int] = mapped_column(ForeignKey("exams.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    type: Mapped[QuestionType] = mapped_column(stored_enum(QuestionType, "type"))
    text: Mapped[str] = mapped_column(Text)
    points: Mapped[float] = mapped_column(Float, default=1.0)
    general_feedback: Mapped[str] = mapped_column(Text, default="")
    numeric_answer: Mapped[float | None] = mapped_column(Float)
    numeric_tolerance: Mapped[float | None] = mapped_column(Float)
    # short_answer: the accepted answers are the alternatives; this says how they compare.
    case_sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    word_limit: Mapped[int | None] = mapped_column(Integer)  # essay: None = no limit
    ordering_credit: Mapped[OrderingCredit] = mapped_column(
        stored_enum(OrderingCredit, "ordering_credit"), default=OrderingCredit.WHOLE
    )
    # cloze: one {"kind", "case_sensitive"} per gap (exams/spec.py GapSpec); [] otherwise.
    gaps: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # Copied from the bank: the version it was copied from (bank/models.py).
    bank_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("bank_question_versions.id"), index=True
    )
    # A random slot's frozen pool question (never shown to authors as a fixed question; an
    # attempt holds only the ones drawn for it, bank/draw.py).
    slot_id: Mapped[int | None] = mapped_column(
        ForeignKey("exam_slots.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    exam: Mapped[Exam] = relationship(back_populates="questions")
    alternatives: Mapped[list[Alternative]] = relationship(
        back_populates="question",
        order_by="Alternative.position",
        cascade="all, delete-orphan",
    )


class Alternative(db.Model):  # type: ignore[name-defined]
    """A choice of a choice question, an accepted answer of a short-answer question, an item of
    a matching or ordering question, an alternative of a cloze gap (exams/spec.py)."""

    __tablename__ = "alternatives"
    __table_args__ = (CheckConstraint("credit >= -1 AND credit <= 1", name="credit_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    credit: Mapped[float] = mapped_column(Float, default=0.0)  # 1 correct, 0 wrong, partial/neg
    feedback: Mapped[str] = mapped_column(Text, default="")
    match: Mapped[str] = mapped_column(Text, default="")  # matching: the item's answer
    gap: Mapped[int] = mapped_column(Integer, default=0)  # cloze: its gap, 1-based

    question: Mapped[Question] = relationship(back_populates="alternatives")
