"""Attempt payloads: what clients send (In) and what they get back (Out).

The open view (AttemptOut without `result`) and the result (ResultOut, ReviewItemOut) are
separate schemas: nothing of the answer key is declared outside ResultOut/ReviewItemOut, and
the service fills `review` only when the review policy allows it.
"""

from __future__ import annotations

import math
from typing import Any

from apiflask import Schema
from apiflask.fields import Boolean, DateTime, Float, Integer, List, Nested, String
from apiflask.validators import Length, Range
from marshmallow import ValidationError, fields

from ..exams.public import QuestionPublicOut
from ..fast_dump import FastDumpSchema
from ..pagination import PageOut

MAX_TEXT = 10_000
MAX_SEQ = 2**31 - 1  # the column is a 32-bit integer
MAX_SELECTED = 100
MAX_FINAL_RESPONSES = 1_000


class FiniteNumber(fields.Float):
    """A JSON number, finite: no strings ("1.5"), no booleans, no NaN/Infinity."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError("Not a number.")
        if not math.isfinite(value):
            raise ValidationError("Not a finite number.")
        return super()._deserialize(value, attr, data, **kwargs)


# --------------------------------------------------------------------------- in


class AnswerIn(Schema):
    selected_ids = List(
        Integer(strict=True),
        allow_none=True,
        validate=Length(max=MAX_SELECTED),
        metadata={"description": "single / multiple / true_false: the chosen alternatives."},
    )
    text = String(
        allow_none=True,
        validate=Length(max=MAX_TEXT),
        metadata={"description": "short_answer: the answer text."},
    )
    number = FiniteNumber(allow_none=True, metadata={"description": "numeric: the answer."})
    seq = Integer(
        required=True,
        strict=True,
        validate=Range(0, MAX_SEQ),
        metadata={
            "description": "Client sequence number, increasing per question: a save with a "
            "lower seq than the stored one does not overwrite it (returned with stale=true)."
        },
    )


class FinalAnswerIn(AnswerIn):
    question_id = Integer(required=True, strict=True)


class SubmitIn(Schema):
    responses = List(
        Nested(FinalAnswerIn),
        load_default=list,
        validate=Length(max=MAX_FINAL_RESPONSES),
        metadata={"description": "Last answers to save before grading (optional)."},
    )


# --------------------------------------------------------------------------- out


class TimingMixin(Schema):
    state = String(metadata={"description": "in_progress | submitted | expired (closed by time)"})
    deadline = DateTime(
        allow_none=True,
        metadata={
            "description": "Started + time limit, capped at the exam's closes_at; null = no limit."
        },
    )
    server_now = DateTime(metadata={"description": "The server's clock: count down from here."})
    grace_period_seconds = Integer(
        metadata={"description": "Saves are still accepted this long after the deadline."}
    )


class SavedAnswerOut(Schema):
    question_id = Integer()
    selected_ids = List(Integer())
    text = String(allow_none=True)
    number = Float(allow_none=True)
    seq = Integer()
    saved_at = DateTime()


class SaveOut(SavedAnswerOut, TimingMixin, FastDumpSchema):
    attempt_id = Integer()
    stale = Boolean(
        metadata={
            "description": "True when the stored answer is not the one sent: a save with a "
            "higher seq was stored already. The stored one is returned."
        }
    )


class AttemptExamOut(Schema):
    id = Integer()
    title = String()
    description = String()
    time_limit_minutes = Integer(allow_none=True)
    closes_at = DateTime(allow_none=True)
    one_question_per_page = Boolean()
    review_policy = String()
    pass_mark_percent = Float(allow_none=True)


class AnswerOut(Schema):
    selected_ids = List(Integer())
    text = String(allow_none=True)
    number = Float(allow_none=True)


class CorrectAnswerOut(Schema):
    alternative_ids = List(Integer(), metadata={"description": "Choice questions."})
    accepted_answers = List(String(), metadata={"description": "short_answer."})
    numeric_answer = Float(allow_none=True)
    numeric_tolerance = Float(allow_none=True)


class AlternativeFeedbackOut(Schema):
    alternative_id = Integer()
    text = String()
    feedback = String()


class ReviewItemOut(QuestionPublicOut):
    """A question as the student saw it (id, type, text, points, alternatives) + the review."""

    answer = Nested(AnswerOut, allow_none=True, metadata={"description": "null: unanswered."})
    credit = Float(metadata={"description": "Fraction of the points earned, 0..1."})
    score = Float()
    is_correct = Boolean()
    correct = Nested(CorrectAnswerOut)
    general_feedback = String()
    feedback = List(
        Nested(AlternativeFeedbackOut),
        metadata={"description": "Feedback of the chosen (or matching) alternatives."},
    )


class ResultOut(Schema):
    score = Float()
    max_score = Float()
    percentage = Float()
    passed = Boolean(allow_none=True, metadata={"description": "null: the exam has no pass mark."})
    pass_mark_percent = Float(allow_none=True)
    review_policy = String()
    review_available = Boolean()
    review_available_at = DateTime(
        allow_none=True, metadata={"description": "When the review opens, if later and known."}
    )
    review = List(
        Nested(ReviewItemOut),
        allow_none=True,
        metadata={"description": "Per question, in the attempt's order; null when not allowed."},
    )


class AttemptOut(TimingMixin, FastDumpSchema):
    id = Integer()
    number = Integer(metadata={"description": "1 for the student's first attempt at the exam."})
    started_at = DateTime()
    submitted_at = DateTime(
        allow_none=True,
        metadata={"description": "When submitted; for an expired attempt, its deadline."},
    )
    read_only = Boolean(metadata={"description": "True if the viewer cannot answer."})
    exam = Nested(AttemptExamOut)
    questions = List(
        Nested(QuestionPublicOut),
        metadata={"description": "In this attempt's order, alternatives too. Never the key."},
    )
    responses = List(Nested(SavedAnswerOut))
    result = Nested(ResultOut, allow_none=True, metadata={"description": "Once finalized."})


class MyAttemptOut(Schema):
    id = Integer()
    exam_id = Integer()
    exam_title = String(attribute="exam.title")
    number = Integer()
    state = String()
    score = Float(allow_none=True)
    max_score = Float(allow_none=True)
    percentage = Float(allow_none=True)
    passed = Boolean(allow_none=True)
    started_at = DateTime()
    submitted_at = DateTime(allow_none=True)
    deadline = DateTime(allow_none=True)


class MyAttemptPageOut(PageOut):
    items = List(Nested(MyAttemptOut))


class ExamResultOut(Schema):
    id = Integer()
    user_id = Integer()
    student_name = String(attribute="user.display_name")
    student_email = String(attribute="user.email")
    number = Integer()
    state = String()
    score = Float(allow_none=True)
    max_score = Float(allow_none=True)
    percentage = Float(allow_none=True)
    passed = Boolean(allow_none=True)
    started_at = DateTime()
    submitted_at = DateTime(allow_none=True)
    duration_seconds = Float(allow_none=True)


class ResultsSummaryOut(Schema):
    count = Integer(metadata={"description": "Finalized attempts (submitted or expired)."})
    mean = Float(allow_none=True, metadata={"description": "Percent."})
    median = Float(allow_none=True, metadata={"description": "Percent."})
    min = Float(allow_none=True, metadata={"description": "Percent."})
    max = Float(allow_none=True, metadata={"description": "Percent."})
    pass_rate = Float(
        allow_none=True,
        metadata={
            "description": "Percent of finalized attempts that passed; null without a pass mark."
        },
    )


class ExamResultPageOut(PageOut):
    items = List(Nested(ExamResultOut))
    summary = Nested(ResultsSummaryOut, metadata={"description": "Over all pages."})
