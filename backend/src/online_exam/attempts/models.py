"""Attempts at an exam and the responses saved in them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Float,
    ForeignKey,
    Index,
    Integer,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..db_types import UTCDateTime, stored_enum, utcnow
from ..domain import AttemptState
from ..exams.models import Exam
from ..extensions import db


class Attempt(db.Model):  # type: ignore[name-defined]
    __tablename__ = "attempts"
    __table_args__ = (
        UniqueConstraint("exam_id", "user_id", "number"),
        # At most one open attempt per student and exam: concurrent starts cannot both win.
        Index(
            "uq_attempts_one_in_progress",
            "exam_id",
            "user_id",
            unique=True,
            postgresql_where=text("state = 'in_progress'"),
            sqlite_where=text("state = 'in_progress'"),
        ),
        # The overdue sweep looks for open attempts by deadline.
        Index("ix_attempts_state_deadline", "state", "deadline"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    exam_id: Mapped[int] = mapped_column(ForeignKey("exams.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1 for the user's first attempt at this exam
    state: Mapped[AttemptState] = mapped_column(
        stored_enum(AttemptState, "state"), default=AttemptState.IN_PROGRESS
    )
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)  # None = untimed and no close
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    score: Mapped[float | None] = mapped_column(Float)
    max_score: Mapped[float | None] = mapped_column(Float)
    percentage: Mapped[float | None] = mapped_column(Float)
    passed: Mapped[bool | None] = mapped_column()
    # Answers still waiting for a person (essays): while > 0 the result is "awaiting grading".
    awaiting_grading: Mapped[int] = mapped_column(Integer, default=0)
    # Fixed at start: [question_id, ...] and {question_id: [alternative_id, ...]}.
    question_order: Mapped[list[int]] = mapped_column(JSON)
    alternative_order: Mapped[dict[str, Any]] = mapped_column(JSON)

    exam: Mapped[Exam] = relationship()
    user: Mapped[User] = relationship()
    responses: Mapped[list[Response]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan"
    )

    @property
    def duration_seconds(self) -> float | None:
        """Time taken: started to submitted (for an expired attempt, to its deadline)."""
        if self.submitted_at is None:
            return None
        return (self.submitted_at - self.started_at).total_seconds()


class Response(db.Model):  # type: ignore[name-defined]
    """One saved answer; saving again is an upsert on (attempt, question)."""

    __tablename__ = "responses"
    __table_args__ = (UniqueConstraint("attempt_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"))
    # Indexed: deleting a question (of a draft) checks this foreign key, which without an
    # index scans every response ever saved; item statistics read responses per question.
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"), index=True)
    selected_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    text: Mapped[str | None] = mapped_column(Text)  # short_answer, essay
    number: Mapped[float | None] = mapped_column(Float)
    # matching: [{"item_id", "answer_id"}]; ordering: [alternative id, ...] in the student's
    # order; cloze: [{"gap", "selected_id", "text"}]. None when not answered that way.
    pairs: Mapped[list[dict[str, int]] | None] = mapped_column(JSON)
    ordered_ids: Mapped[list[int] | None] = mapped_column(JSON)
    gaps: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    # Client's sequence number: an older save arriving late never overwrites a newer one.
    client_seq: Mapped[int] = mapped_column(Integer, default=0)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    credit: Mapped[float | None] = mapped_column(Float)  # set when graded
    # Set when a person graded this answer (an essay, or an override of the automatic grade).
    graded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    graded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    grader_comment: Mapped[str] = mapped_column(Text, default="")

    attempt: Mapped[Attempt] = relationship(back_populates="responses")
