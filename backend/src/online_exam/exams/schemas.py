"""Exam payloads: what authors send (In) and what clients get back (Out).

In schemas refuse unknown fields (422). Patch schemas take any subset of the fields; the create
schemas extend them with required fields and defaults. Public shapes (catalogue, detail) never
carry the answer key: credit, feedback, numeric answers and accepted answers appear only in the
author's shapes (QuestionOut, AlternativeOut, ExamAuthorOut).
"""

from __future__ import annotations

from typing import Any

from apiflask import Schema
from apiflask.fields import (
    Boolean,
    DateTime,
    Dict,
    Float,
    Integer,
    List,
    Nested,
    String,
)
from apiflask.validators import Length, OneOf, Range
from marshmallow import ValidationError, validates_schema

from ..input_dates import InputDateTime
from ..pagination import PageOut, PageQuery
from .models import EXAM_STATUSES, QUESTION_TYPES, REVIEW_POLICIES
from .public import QuestionPublicOut

TITLE_MAX = 200
DESCRIPTION_MAX = 2000
LONG_DESCRIPTION_MAX = 50_000
QUESTION_TEXT_MAX = 10_000
ALTERNATIVE_TEXT_MAX = 10_000
FEEDBACK_MAX = 5000
POINTS_MAX = 1000
MAX_QUESTIONS = 500
MAX_ALTERNATIVES = 50
QUERY_MAX = 200


# --- exams ---------------------------------------------------------------------------------


class ExamPatchIn(Schema):
    """Any subset of the exam's settings (PATCH)."""

    title = String(validate=Length(1, TITLE_MAX))
    description = String(validate=Length(0, DESCRIPTION_MAX))
    long_description = String(
        validate=Length(0, LONG_DESCRIPTION_MAX), metadata={"description": "Markdown."}
    )
    time_limit_minutes = Integer(
        strict=True,
        allow_none=True,
        validate=Range(1, 1440),
        metadata={"description": "null = untimed."},
    )
    grace_period_seconds = Integer(
        strict=True,
        validate=Range(0, 600),
        metadata={"description": "Extra seconds accepted after the deadline (network delays)."},
    )
    max_attempts = Integer(
        strict=True,
        allow_none=True,
        validate=Range(1, 100),
        metadata={"description": "null = no limit."},
    )
    opens_at = InputDateTime(
        allow_none=True, metadata={"description": "ISO 8601 with offset; null = always open."}
    )
    closes_at = InputDateTime(
        allow_none=True, metadata={"description": "ISO 8601 with offset; null = never closes."}
    )
    shuffle_questions = Boolean()
    shuffle_alternatives = Boolean()
    one_question_per_page = Boolean()
    pass_mark_percent = Float(
        allow_none=True, validate=Range(0, 100), metadata={"description": "null = no pass mark."}
    )
    review_policy = String(validate=OneOf(REVIEW_POLICIES))
    practice_mode = Boolean(
        metadata={"description": "Anyone may browse the questions (never the key)."}
    )

    @validates_schema
    def _window(self, data: dict[str, Any], **_kwargs: Any) -> None:
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            raise ValidationError("Must be after opens_at.", "closes_at")


class ExamIn(ExamPatchIn):
    """A new exam (a draft). Only the title is required."""

    title = String(required=True, validate=Length(1, TITLE_MAX))
    description = String(load_default="", validate=Length(0, DESCRIPTION_MAX))
    long_description = String(
        load_default="",
        validate=Length(0, LONG_DESCRIPTION_MAX),
        metadata={"description": "Markdown."},
    )
    time_limit_minutes = Integer(
        strict=True,
        allow_none=True,
        load_default=None,
        validate=Range(1, 1440),
        metadata={"description": "null = untimed."},
    )
    grace_period_seconds = Integer(strict=True, load_default=30, validate=Range(0, 600))
    max_attempts = Integer(
        strict=True,
        allow_none=True,
        load_default=1,
        validate=Range(1, 100),
        metadata={"description": "null = no limit."},
    )
    opens_at = InputDateTime(allow_none=True, load_default=None)
    closes_at = InputDateTime(allow_none=True, load_default=None)
    shuffle_questions = Boolean(load_default=False)
    shuffle_alternatives = Boolean(load_default=False)
    one_question_per_page = Boolean(load_default=True)
    pass_mark_percent = Float(allow_none=True, load_default=None, validate=Range(0, 100))
    review_policy = String(load_default="immediately", validate=OneOf(REVIEW_POLICIES))
    practice_mode = Boolean(load_default=False)


# --- alternatives and questions ------------------------------------------------------------


class AlternativePatchIn(Schema):
    text = String(validate=Length(1, ALTERNATIVE_TEXT_MAX))
    credit = Float(
        validate=Range(-1, 1),
        metadata={"description": "Fraction of the points: 1 correct, 0 wrong, partial/negative."},
    )
    feedback = String(validate=Length(0, FEEDBACK_MAX))


class AlternativeIn(AlternativePatchIn):
    """A choice, or an accepted answer of a short-answer question (text may use `*`)."""

    text = String(required=True, validate=Length(1, ALTERNATIVE_TEXT_MAX))
    credit = Float(load_default=0.0, validate=Range(-1, 1))
    feedback = String(load_default="", validate=Length(0, FEEDBACK_MAX))


class QuestionPatchIn(Schema):
    """Any subset of a question's fields. `alternatives`, when given, replaces them all."""

    type = String(validate=OneOf(QUESTION_TYPES))
    text = String(validate=Length(1, QUESTION_TEXT_MAX))
    points = Float(validate=Range(0, POINTS_MAX, min_inclusive=False))
    general_feedback = String(validate=Length(0, FEEDBACK_MAX))
    numeric_answer = Float(allow_none=True, metadata={"description": "numeric questions only."})
    numeric_tolerance = Float(
        allow_none=True,
        validate=Range(min=0),
        metadata={"description": "numeric questions only; null = exact."},
    )
    case_sensitive = Boolean(metadata={"description": "short_answer questions only."})
    alternatives = List(
        Nested(AlternativeIn),
        validate=Length(max=MAX_ALTERNATIVES),
        metadata={"description": "The complete list, in order; replaces the current one."},
    )
    correct = Boolean(
        load_only=True,
        metadata={
            "description": "true_false shorthand: (re)create the alternatives True and False "
            "with this one correct. Not together with `alternatives`."
        },
    )

    @validates_schema
    def _consistent(self, data: dict[str, Any], **_kwargs: Any) -> None:
        errors: dict[str, list[str]] = {}
        if "correct" in data:
            if "alternatives" in data:
                errors["correct"] = ["Give either `correct` or `alternatives`, not both."]
            elif data.get("type", "true_false") != "true_false":
                errors["correct"] = ["Only for true_false questions."]
        if data.get("type") == "numeric" and data.get("alternatives"):
            errors["alternatives"] = ["Numeric questions take no alternatives."]
        if errors:
            raise ValidationError(errors)


class QuestionIn(QuestionPatchIn):
    """A new question, appended at the end of the exam."""

    type = String(required=True, validate=OneOf(QUESTION_TYPES))
    text = String(required=True, validate=Length(1, QUESTION_TEXT_MAX))
    points = Float(load_default=1.0, validate=Range(0, POINTS_MAX, min_inclusive=False))
    general_feedback = String(load_default="", validate=Length(0, FEEDBACK_MAX))
    numeric_answer = Float(allow_none=True, load_default=None)
    numeric_tolerance = Float(allow_none=True, load_default=None, validate=Range(min=0))
    case_sensitive = Boolean(load_default=False)


class QuestionOrderIn(Schema):
    question_ids = List(
        Integer(strict=True),
        required=True,
        validate=Length(max=MAX_QUESTIONS),
        metadata={"description": "Every question id of the exam, once, in the new order."},
    )


class AlternativeOrderIn(Schema):
    alternative_ids = List(
        Integer(strict=True),
        required=True,
        validate=Length(max=MAX_ALTERNATIVES),
        metadata={"description": "Every alternative id of the question, once, in the new order."},
    )


# --- queries -------------------------------------------------------------------------------


class CatalogueQuery(PageQuery):
    q = String(
        load_default="",
        validate=Length(0, QUERY_MAX),
        metadata={"description": "Case-insensitive text in the title or description."},
    )


class AuthorExamsQuery(CatalogueQuery):
    status = String(validate=OneOf(EXAM_STATUSES))


# --- out -----------------------------------------------------------------------------------


class AlternativeOut(Schema):
    id = Integer()
    question_id = Integer()
    position = Integer()
    text = String()
    credit = Float()
    feedback = String()


class QuestionOut(Schema):
    """A question with its answer key: for its author and admins only."""

    id = Integer()
    exam_id = Integer()
    position = Integer()
    type = String()
    text = String()
    points = Float()
    general_feedback = String()
    numeric_answer = Float(allow_none=True, metadata={"description": "numeric: the answer."})
    numeric_tolerance = Float(allow_none=True, metadata={"description": "numeric: +/- this."})
    case_sensitive = Boolean()
    alternatives = List(
        Nested(AlternativeOut),
        metadata={"description": "Choices, or the accepted answers of a short_answer question."},
    )
    updated_at = DateTime()


class ExamSummaryOut(Schema):
    """What anyone may see of an exam: settings and size, never questions or the key."""

    id = Integer()
    title = String()
    description = String()
    long_description = String(metadata={"description": "Markdown."})
    status = String(metadata={"description": "Always `published` for the public."})
    time_limit_minutes = Integer(allow_none=True)
    grace_period_seconds = Integer()
    max_attempts = Integer(allow_none=True)
    opens_at = DateTime(allow_none=True)
    closes_at = DateTime(allow_none=True)
    one_question_per_page = Boolean()
    pass_mark_percent = Float(allow_none=True)
    review_policy = String()
    practice_mode = Boolean()
    question_count = Integer()
    total_points = Float()
    author_name = String()
    published_at = DateTime(allow_none=True)


class ExamPageOut(PageOut):
    items = List(Nested(ExamSummaryOut))


class AuthorExamSummaryOut(ExamSummaryOut):
    shuffle_questions = Boolean()
    shuffle_alternatives = Boolean()
    created_at = DateTime()
    updated_at = DateTime()
    created_by_id = Integer()
    updated_by_id = Integer(allow_none=True)
    attempt_count = Integer(
        metadata={"description": "While > 0, questions and the pass mark are locked."}
    )


class AuthorExamPageOut(PageOut):
    items = List(Nested(AuthorExamSummaryOut))


class ExamAuthorOut(AuthorExamSummaryOut):
    """The author's full, editable view: every question with its answer key."""

    questions = List(Nested(QuestionOut))
    publish_problems = Dict(
        metadata={
            "description": "Why the exam cannot be published yet (empty when it can): "
            '{"exam": [...], "questions": {"<id>": {"position": 0, "problems": [...]}}}.'
        }
    )


class PublishWarningOut(Schema):
    code = String(metadata={"example": "credited_alternative_first"})
    message = String()


class PublishedExamOut(ExamAuthorOut):
    """The author's view after publishing, with advice that did not stop it."""

    warnings = List(
        Nested(PublishWarningOut),
        metadata={
            "description": "Advice that did not stop publishing; empty when there is none. "
            "`credited_alternative_first`: shuffling of alternatives is off and most choice "
            "questions list a credited alternative first."
        },
    )


class ExamBrowseOut(ExamSummaryOut):
    """A practice exam's questions in authored order, without the key."""

    questions = List(Nested(QuestionPublicOut))
