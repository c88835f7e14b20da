"""Exam payloads: what authors send (In) and what clients get back (Out).

In schemas refuse unknown fields (422). Each Patch schema is derived from its In schema
(`patch_schema`): the same fields and rules, none required, no defaults filled in. Public
shapes (catalogue, detail) never carry the answer key: credit, feedback, numeric answers and
accepted answers appear only in the author's shapes (QuestionOut, AlternativeOut, ExamAuthorOut).
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
from apiflask.validators import Length, Range
from marshmallow import ValidationError, validates_schema

from ..domain import ExamStatus, GapKind, OrderingCredit, QuestionType, ReviewPolicy
from ..input_dates import InputDateTime
from ..pagination import PageOut, PageQuery
from ..schema_fields import EnumValue, LanguageTag, patch_schema
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
MAX_GAPS = 50
WORD_LIMIT_MAX = 100_000
QUERY_MAX = 200


# --- exams ---------------------------------------------------------------------------------


class ExamIn(Schema):
    """A new exam (a draft). Only the title is required. ExamPatchIn: any subset (PATCH)."""

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
    grace_period_seconds = Integer(
        strict=True,
        load_default=30,
        validate=Range(0, 600),
        metadata={"description": "Extra seconds accepted after the deadline (network delays)."},
    )
    max_attempts = Integer(
        strict=True,
        allow_none=True,
        load_default=1,
        validate=Range(1, 100),
        metadata={"description": "null = no limit."},
    )
    opens_at = InputDateTime(
        allow_none=True,
        load_default=None,
        metadata={"description": "ISO 8601 with offset; null = always open."},
    )
    closes_at = InputDateTime(
        allow_none=True,
        load_default=None,
        metadata={"description": "ISO 8601 with offset; null = never closes."},
    )
    shuffle_questions = Boolean(load_default=False)
    shuffle_alternatives = Boolean(load_default=False)
    one_question_per_page = Boolean(load_default=True)
    pass_mark_percent = Float(
        allow_none=True,
        load_default=None,
        validate=Range(0, 100),
        metadata={"description": "null = no pass mark."},
    )
    review_policy = EnumValue(ReviewPolicy, load_default=ReviewPolicy.IMMEDIATELY)
    practice_mode = Boolean(
        load_default=False,
        metadata={"description": "Anyone may browse the questions (never the key)."},
    )
    language = LanguageTag(
        metadata={
            "description": "The language the exam is written in (BCP 47: en, es, ar, pt-BR); "
            "the exam page's lang/dir. Default: the author's interface language, else en."
        }
    )
    course_id = Integer(
        strict=True,
        allow_none=True,
        load_default=None,
        metadata={
            "description": "The course whose students take it (one I teach, else 422); null = "
            "public, in the catalogue. Fixed once the exam has attempts (409)."
        },
    )

    @validates_schema
    def _window(self, data: dict[str, Any], **_kwargs: Any) -> None:
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            raise ValidationError("Must be after opens_at.", "closes_at")


ExamPatchIn = patch_schema(ExamIn, "ExamPatchIn")


# --- alternatives and questions ------------------------------------------------------------


class AlternativeIn(Schema):
    """A choice, or an accepted answer of a short-answer question (text may use `*`); a
    matching item (`text`) with its answer (`match`; empty `text`: a distractor answer); an
    ordering item (the list's order is the right order); a cloze gap's alternative (`gap`)."""

    text = String(
        required=True,
        validate=Length(0, ALTERNATIVE_TEXT_MAX),
        metadata={"description": "Empty only for a matching question's distractor answer."},
    )
    credit = Float(
        load_default=0.0,
        validate=Range(-1, 1),
        metadata={"description": "Fraction of the points: 1 correct, 0 wrong, partial/negative."},
    )
    feedback = String(load_default="", validate=Length(0, FEEDBACK_MAX))
    match = String(
        load_default="",
        validate=Length(0, ALTERNATIVE_TEXT_MAX),
        metadata={"description": "matching: the answer this item pairs with."},
    )
    gap = Integer(
        strict=True,
        load_default=0,
        validate=Range(0, MAX_GAPS),
        metadata={"description": "cloze: the gap (1-based, `{#n}` in the text); else 0."},
    )

    @validates_schema
    def _text_or_match(self, data: dict[str, Any], **_kwargs: Any) -> None:
        if "text" in data and not data["text"] and not data.get("match"):
            raise ValidationError("Must not be empty.", "text")


class GapIn(Schema):
    """A gap of a cloze question: `{#n}` in the text is gaps[n - 1]."""

    kind = EnumValue(GapKind, required=True)
    case_sensitive = Boolean(
        load_default=False, metadata={"description": "text gaps: how typed answers compare."}
    )


AlternativePatchIn = patch_schema(AlternativeIn, "AlternativePatchIn")


class QuestionIn(Schema):
    """A new question, appended at the end of the exam. QuestionPatchIn: any subset (PATCH);
    `alternatives`, when given, replaces them all."""

    type = EnumValue(QuestionType, required=True)
    text = String(required=True, validate=Length(1, QUESTION_TEXT_MAX))
    points = Float(load_default=1.0, validate=Range(0, POINTS_MAX, min_inclusive=False))
    general_feedback = String(load_default="", validate=Length(0, FEEDBACK_MAX))
    numeric_answer = Float(
        allow_none=True, load_default=None, metadata={"description": "numeric questions only."}
    )
    numeric_tolerance = Float(
        allow_none=True,
        load_default=None,
        validate=Range(min=0),
        metadata={"description": "numeric questions only; null = exact."},
    )
    case_sensitive = Boolean(
        load_default=False, metadata={"description": "short_answer questions only."}
    )
    word_limit = Integer(
        strict=True,
        allow_none=True,
        load_default=None,
        validate=Range(1, WORD_LIMIT_MAX),
        metadata={"description": "essay questions only; null = no limit."},
    )
    ordering_credit = EnumValue(
        OrderingCredit,
        load_default=OrderingCredit.WHOLE,
        metadata={"description": "ordering questions only: the whole order, or per item."},
    )
    gaps = List(
        Nested(GapIn),
        load_default=list,
        validate=Length(max=MAX_GAPS),
        metadata={"description": "cloze questions only: the gaps `{#1}`, `{#2}`… of the text."},
    )
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
            elif data.get("type", QuestionType.TRUE_FALSE) != QuestionType.TRUE_FALSE:
                errors["correct"] = ["Only for true_false questions."]
        if data.get("type") == QuestionType.NUMERIC and data.get("alternatives"):
            errors["alternatives"] = ["Numeric questions take no alternatives."]
        if errors:
            raise ValidationError(errors)


QuestionPatchIn = patch_schema(QuestionIn, "QuestionPatchIn")


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
    status = EnumValue(ExamStatus)


# --- out -----------------------------------------------------------------------------------


class AlternativeOut(Schema):
    id = Integer(required=True)
    question_id = Integer(required=True)
    position = Integer(required=True)
    text = String(required=True)
    credit = Float(required=True)
    feedback = String(required=True)
    match = String(required=True, metadata={"description": "matching: the item's answer."})
    gap = Integer(required=True, metadata={"description": "cloze: its gap, 1-based; else 0."})


class GapOut(Schema):
    kind = EnumValue(GapKind, required=True)
    case_sensitive = Boolean(required=True)


class QuestionOut(Schema):
    """A question with its answer key: for its author and admins only."""

    id = Integer(required=True)
    exam_id = Integer(required=True)
    position = Integer(required=True)
    type = EnumValue(QuestionType, required=True)
    text = String(required=True)
    points = Float(required=True)
    general_feedback = String(required=True)
    numeric_answer = Float(
        allow_none=True, metadata={"description": "numeric: the answer."}, required=True
    )
    numeric_tolerance = Float(
        allow_none=True, metadata={"description": "numeric: +/- this."}, required=True
    )
    case_sensitive = Boolean(required=True)
    word_limit = Integer(allow_none=True, required=True)
    ordering_credit = EnumValue(OrderingCredit, required=True)
    gaps = List(Nested(GapOut), required=True)
    alternatives = List(
        Nested(AlternativeOut),
        metadata={"description": "Choices, or the accepted answers of a short_answer question."},
        required=True,
    )
    bank_version_id = Integer(
        allow_none=True,
        required=True,
        metadata={"description": "Copied from this question bank version; null = written here."},
    )
    updated_at = DateTime(required=True)


class ExamSummaryOut(Schema):
    """What anyone may see of an exam: settings and size, never questions or the key."""

    id = Integer(required=True)
    title = String(required=True)
    description = String(required=True)
    long_description = String(metadata={"description": "Markdown."}, required=True)
    status = EnumValue(
        ExamStatus, metadata={"description": "Always `published` for the public."}, required=True
    )
    time_limit_minutes = Integer(allow_none=True, required=True)
    grace_period_seconds = Integer(required=True)
    max_attempts = Integer(allow_none=True, required=True)
    opens_at = DateTime(allow_none=True, required=True)
    closes_at = DateTime(allow_none=True, required=True)
    one_question_per_page = Boolean(required=True)
    pass_mark_percent = Float(allow_none=True, required=True)
    review_policy = EnumValue(ReviewPolicy, required=True)
    practice_mode = Boolean(required=True)
    language = String(
        required=True, metadata={"description": "BCP 47 tag of the exam's content language."}
    )
    question_count = Integer(required=True)
    total_points = Float(required=True)
    author_name = String(required=True)
    published_at = DateTime(allow_none=True, required=True)


class ExamDetailOut(ExamSummaryOut):
    """One exam's details with the viewer's own terms (`my_*`): the exam's settings with the
    signed-in student's accommodations applied; without a token, the exam's settings."""

    my_time_limit_minutes = Integer(
        allow_none=True,
        required=True,
        metadata={"description": "Whole minutes, rounded down; null = untimed."},
    )
    my_time_limit_seconds = Integer(
        allow_none=True, required=True, metadata={"description": "Exact; null = untimed."}
    )
    my_opens_at = DateTime(allow_none=True, required=True)
    my_closes_at = DateTime(allow_none=True, required=True)
    my_attempts_allowed = Integer(
        allow_none=True, required=True, metadata={"description": "null = unlimited."}
    )


class ExamPageOut(PageOut):
    items = List(Nested(ExamSummaryOut), required=True)


class AuthorExamSummaryOut(ExamSummaryOut):
    shuffle_questions = Boolean(required=True)
    shuffle_alternatives = Boolean(required=True)
    created_at = DateTime(required=True)
    updated_at = DateTime(required=True)
    created_by_id = Integer(required=True)
    updated_by_id = Integer(allow_none=True, required=True)
    attempt_count = Integer(
        metadata={"description": "While > 0, questions, the pass mark and the course are locked."},
        required=True,
    )
    course_id = Integer(
        allow_none=True, required=True, metadata={"description": "null = a public exam."}
    )
    course_name = String(allow_none=True, required=True)


class AuthorExamPageOut(PageOut):
    items = List(Nested(AuthorExamSummaryOut), required=True)


class QuestionProblemsOut(Schema):
    position = Integer(required=True)
    problems = List(String(), required=True)


class PublishProblemsOut(Schema):
    """Only the keys with problems are present."""

    exam = List(String(), metadata={"description": "Problems of the exam's settings."})
    questions = Dict(
        keys=String(),
        values=Nested(QuestionProblemsOut),
        metadata={"description": "By question id."},
    )


class SlotOut(Schema):
    """A random slot: `count` questions drawn per attempt from a bank category (bank/)."""

    id = Integer(required=True)
    exam_id = Integer(required=True)
    position = Integer(required=True)
    category_id = Integer(required=True)
    tag = String(allow_none=True, required=True)
    count = Integer(required=True)
    points = Float(required=True)
    pool_size = Integer(
        allow_none=True,
        required=True,
        metadata={"description": "Frozen pool size once published; null for a draft."},
    )


class ExamAuthorOut(AuthorExamSummaryOut):
    """The author's full, editable view: every question with its answer key."""

    questions = List(Nested(QuestionOut), required=True)
    slots = List(
        Nested(SlotOut),
        required=True,
        metadata={"description": "Random slots (question bank); `questions` are the fixed ones."},
    )
    publish_problems = Nested(
        PublishProblemsOut,
        required=True,
        metadata={"description": "Why the exam cannot be published yet (empty when it can)."},
    )


class PublishWarningOut(Schema):
    code = String(metadata={"example": "credited_alternative_first"}, required=True)
    message = String(required=True)


class PublishedExamOut(ExamAuthorOut):
    """The author's view after publishing, with advice that did not stop it."""

    warnings = List(
        Nested(PublishWarningOut),
        metadata={
            "description": "Advice that did not stop publishing; empty when there is none. "
            "`credited_alternative_first`: shuffling of alternatives is off and most choice "
            "questions list a credited alternative first."
        },
        required=True,
    )


class ExamBrowseOut(ExamSummaryOut):
    """A practice exam's questions in authored order, without the key."""

    questions = List(Nested(QuestionPublicOut), required=True)
