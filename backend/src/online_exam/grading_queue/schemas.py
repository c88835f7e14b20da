"""Grading queue payloads."""

from __future__ import annotations

import math
from typing import Any

from apiflask import Schema
from apiflask.fields import Boolean, DateTime, Float, Integer, List, Nested, String
from apiflask.validators import Length, OneOf, Range
from marshmallow import ValidationError, validates

from ..attempts.schemas import AnswerOut, FiniteNumber
from ..domain import AttemptState, QuestionType
from ..pagination import PageOut, PageQuery
from ..schema_fields import EnumValue
from .service import STATES

COMMENT_MAX = 5000


class GradeIn(Schema):
    points = FiniteNumber(
        required=True,
        metadata={"description": "0 .. the question's points (checked against the question)."},
    )
    comment = String(load_default="", validate=Length(0, COMMENT_MAX))

    @validates("points")
    def _finite(self, value: float, **_kwargs: Any) -> None:
        if not math.isfinite(value) or value < 0:
            raise ValidationError("Points must be a number of 0 or more.")


class GradingAnswersQuery(PageQuery):
    question_id = Integer(load_default=None, validate=Range(1))
    attempt_id = Integer(load_default=None, validate=Range(1))
    state = String(
        load_default="ungraded",
        validate=OneOf(STATES),
        metadata={"description": "ungraded: waiting for a person; graded: graded by a person."},
    )


class GradingQuestionOut(Schema):
    question_id = Integer(required=True)
    number = Integer(required=True)
    type = EnumValue(QuestionType, required=True)
    text = String(required=True)
    points = Float(required=True)
    answers = Integer(required=True)
    ungraded = Integer(required=True)
    graded = Integer(metadata={"description": "Graded by a person."}, required=True)


class GradingAttemptOut(Schema):
    attempt_id = Integer(required=True)
    user_id = Integer(required=True)
    student_name = String(required=True)
    number = Integer(required=True)
    state = EnumValue(AttemptState, required=True)
    awaiting_grading = Integer(required=True)
    score = Float(allow_none=True, required=True)
    max_score = Float(allow_none=True, required=True)


class GradingOverviewOut(Schema):
    exam_id = Integer(required=True)
    title = String(required=True)
    ungraded = Integer(required=True)
    questions = List(Nested(GradingQuestionOut), required=True)
    attempts = List(Nested(GradingAttemptOut), required=True)


class GradingAnswerOut(Schema):
    attempt_id = Integer(required=True)
    attempt_number = Integer(required=True)
    user_id = Integer(required=True)
    student_name = String(required=True)
    question_id = Integer(required=True)
    question_type = EnumValue(QuestionType, required=True)
    question_text = String(required=True)
    max_points = Float(required=True)
    word_limit = Integer(allow_none=True, required=True)
    answer = Nested(AnswerOut, required=True)
    word_count = Integer(required=True)
    points = Float(
        allow_none=True, metadata={"description": "null: not graded yet."}, required=True
    )
    awaiting_grading = Boolean(required=True)
    comment = String(required=True)
    graded_by_name = String(allow_none=True, required=True)
    graded_at = DateTime(allow_none=True, required=True)


class GradingAnswerPageOut(PageOut):
    items = List(Nested(GradingAnswerOut), required=True)
