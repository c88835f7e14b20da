"""Attempt payloads: what clients send (In) and what they get back (Out).

The open view (AttemptOut without `result`) and the result (ResultOut, ReviewItemOut) are
separate schemas: nothing of the answer key is declared outside ResultOut/ReviewItemOut, and
the service fills `review` only when the review policy allows it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from apiflask import Schema
from apiflask.fields import Boolean, DateTime, Float, Integer, List, Nested, String
from apiflask.validators import Length, Range
from marshmallow import ValidationError, fields

from .. import fast_dump
from ..domain import AttemptState, ReviewPolicy
from ..exams.public import QuestionPublicOut
from ..fast_dump import FastDumpSchema
from ..pagination import PageOut
from ..schema_fields import EnumValue

MAX_TEXT = 30_000  # an essay of a few thousand words
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


class PairIn(Schema):
    item_id = Integer(required=True, strict=True, metadata={"description": "The item."})
    answer_id = Integer(
        required=True,
        strict=True,
        metadata={"description": "The chosen answer: one of the question's `answers` ids."},
    )


class GapAnswerIn(Schema):
    gap = Integer(required=True, strict=True, metadata={"description": "1-based."})
    selected_id = Integer(
        strict=True, allow_none=True, load_default=None, metadata={"description": "choice gaps."}
    )
    text = String(
        allow_none=True,
        load_default=None,
        validate=Length(max=MAX_TEXT),
        metadata={"description": "text gaps."},
    )


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
        metadata={"description": "short_answer, essay: the answer text."},
    )
    number = FiniteNumber(allow_none=True, metadata={"description": "numeric: the answer."})
    pairs = List(
        Nested(PairIn),
        allow_none=True,
        validate=Length(max=MAX_SELECTED),
        metadata={"description": "matching: each item with the answer chosen for it."},
    )
    ordered_ids = List(
        Integer(strict=True),
        allow_none=True,
        validate=Length(max=MAX_SELECTED),
        metadata={"description": "ordering: every item's alternative id, in the chosen order."},
    )
    gaps = List(
        Nested(GapAnswerIn),
        allow_none=True,
        validate=Length(max=MAX_SELECTED),
        metadata={"description": "cloze: what was put in each gap."},
    )
    seq = Integer(
        required=True,
        strict=True,
        validate=Range(0, MAX_SEQ),
        metadata={
            "description": "Client sequence number, increasing per question: a save with a "
            "lower seq than the stored one does not overwrite it (returned with stale=true)."
        },
    )

    def load(self, data: Any, *args: Any, **kwargs: Any) -> Any:
        """Autosave bodies checked by hand (load_answer_by_hand): marshmallow's load was a good
        part of an autosave's CPU. Only bodies it would surely accept with the same result;
        anything else (any error) goes through marshmallow, which answers every refusal."""
        if type(self) is AnswerIn and not args and set(kwargs) <= {"unknown"}:
            loaded = load_answer_by_hand(data)
            if loaded is not None:
                return loaded
        return super().load(data, *args, **kwargs)


_NO = object()  # a value the hand check leaves to marshmallow


def _ids(value: Any) -> Any:
    if value is None or (
        type(value) is list
        and len(value) <= MAX_SELECTED
        and all(type(item) is int for item in value)
    ):
        return value
    return _NO


def _text(value: Any) -> Any:
    return value if value is None or (type(value) is str and len(value) <= MAX_TEXT) else _NO


def _number(value: Any) -> Any:
    if value is None or (type(value) is float and math.isfinite(value)):
        return value
    if type(value) is int and abs(value) <= 2**53:  # exactly a float: Float loads it so
        return float(value)
    return _NO


def _list_of(load_item: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A nested list field's hand check (pairs, gaps): None, or at most MAX_SELECTED objects
    each loaded by `load_item` (which returns _NO for one marshmallow must judge)."""

    def load(value: Any) -> Any:
        if value is None:
            return None
        if type(value) is not list or len(value) > MAX_SELECTED:
            return _NO
        loaded = [load_item(item) if type(item) is dict else _NO for item in value]
        return _NO if any(item is _NO for item in loaded) else loaded

    return load


def _pair(pair: dict[str, Any]) -> Any:
    if pair.keys() != {"item_id", "answer_id"}:
        return _NO
    item_id, answer_id = pair["item_id"], pair["answer_id"]
    if type(item_id) is not int or type(answer_id) is not int:
        return _NO
    return {"item_id": item_id, "answer_id": answer_id}


def _gap(gap: dict[str, Any]) -> Any:
    if not gap.keys() <= {"gap", "selected_id", "text"}:
        return _NO
    number, selected_id, text = gap.get("gap"), gap.get("selected_id"), _text(gap.get("text"))
    if type(number) is not int or text is _NO:
        return _NO
    if selected_id is not None and type(selected_id) is not int:
        return _NO
    return {"gap": number, "selected_id": selected_id, "text": text}  # with the defaults


_BY_HAND: dict[str, Callable[[Any], Any]] = {
    "selected_ids": _ids,
    "ordered_ids": _ids,
    "text": _text,
    "number": _number,
    "pairs": _list_of(_pair),
    "gaps": _list_of(_gap),
}


def load_answer_by_hand(data: Any) -> dict[str, Any] | None:
    """AnswerIn's load of `data` when the hand check can tell it accepts it (then with the
    same result: the test suite's VERIFY compares every one with marshmallow's); else None."""
    if type(data) is not dict:
        return None
    seq = data.get("seq")
    if type(seq) is not int or not 0 <= seq <= MAX_SEQ:
        return None
    loaded = {}
    for key, value in data.items():
        check = _BY_HAND.get(key)
        if key != "seq" and (check is None or (value := check(value)) is _NO):
            return None
        loaded[key] = value
    if fast_dump.VERIFY:
        assert loaded == Schema.load(AnswerIn(), data), (loaded, data)
    return loaded


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
    state = EnumValue(
        AttemptState, metadata={"description": "expired: closed by time."}, required=True
    )
    deadline = DateTime(
        allow_none=True,
        metadata={
            "description": "Started + time limit, capped at the exam's closes_at; null = no limit."
        },
        required=True,
    )
    server_now = DateTime(
        metadata={"description": "The server's clock: count down from here."}, required=True
    )
    grace_period_seconds = Integer(
        metadata={"description": "Saves are still accepted this long after the deadline."},
        required=True,
    )


class PairOut(Schema):
    item_id = Integer(required=True)
    answer_id = Integer(required=True)


class GapAnswerOut(Schema):
    gap = Integer(required=True)
    selected_id = Integer(allow_none=True, required=True)
    text = String(allow_none=True, required=True)


class SavedAnswerOut(Schema):
    question_id = Integer(required=True)
    selected_ids = List(Integer(), required=True)
    text = String(allow_none=True, required=True)
    number = Float(allow_none=True, required=True)
    pairs = List(Nested(PairOut), allow_none=True, required=True)
    ordered_ids = List(Integer(), allow_none=True, required=True)
    gaps = List(Nested(GapAnswerOut), allow_none=True, required=True)
    seq = Integer(required=True)
    saved_at = DateTime(required=True)


class SaveOut(SavedAnswerOut, TimingMixin, FastDumpSchema):
    attempt_id = Integer(required=True)
    stale = Boolean(
        metadata={
            "description": "True when the stored answer is not the one sent: a save with a "
            "higher seq was stored already. The stored one is returned."
        },
        required=True,
    )


class AttemptExamOut(Schema):
    id = Integer(required=True)
    title = String(required=True)
    description = String(required=True)
    time_limit_minutes = Integer(allow_none=True, required=True)
    closes_at = DateTime(allow_none=True, required=True)
    one_question_per_page = Boolean(required=True)
    review_policy = EnumValue(ReviewPolicy, required=True)
    pass_mark_percent = Float(allow_none=True, required=True)
    language = String(
        required=True,
        metadata={"description": "BCP 47 tag of the exam's content: the page's lang/dir."},
    )


class AnswerOut(Schema):
    selected_ids = List(Integer(), required=True)
    text = String(allow_none=True, required=True)
    number = Float(allow_none=True, required=True)
    pairs = List(Nested(PairOut), allow_none=True, required=True)
    ordered_ids = List(Integer(), allow_none=True, required=True)
    gaps = List(Nested(GapAnswerOut), allow_none=True, required=True)


class GapKeyOut(Schema):
    gap = Integer(required=True)
    alternative_ids = List(Integer(), metadata={"description": "choice gaps."}, required=True)
    accepted_answers = List(String(), metadata={"description": "text gaps."}, required=True)


class CorrectAnswerOut(Schema):
    alternative_ids = List(Integer(), metadata={"description": "Choice questions."}, required=True)
    accepted_answers = List(String(), metadata={"description": "short_answer."}, required=True)
    numeric_answer = Float(allow_none=True, required=True)
    numeric_tolerance = Float(allow_none=True, required=True)
    pairs = List(
        Nested(PairOut),
        metadata={"description": "matching: each item with its answer's id."},
        required=True,
    )
    ordered_ids = List(
        Integer(), metadata={"description": "ordering: the right order."}, required=True
    )
    gaps = List(Nested(GapKeyOut), metadata={"description": "cloze: per gap."}, required=True)


class AlternativeFeedbackOut(Schema):
    alternative_id = Integer(required=True)
    text = String(required=True)
    feedback = String(required=True)


class ReviewItemOut(QuestionPublicOut):
    """A question as the student saw it (id, type, text, points, alternatives) + the review."""

    answer = Nested(
        AnswerOut, allow_none=True, metadata={"description": "null: unanswered."}, required=True
    )
    credit = Float(metadata={"description": "Fraction of the points earned, 0..1."}, required=True)
    score = Float(required=True)
    is_correct = Boolean(required=True)
    awaiting_grading = Boolean(
        metadata={"description": "The answer waits for a person to grade it (credit 0 until)."},
        required=True,
    )
    manually_graded = Boolean(
        metadata={"description": "A person graded this answer (an essay, or an override)."},
        required=True,
    )
    graded_by_name = String(allow_none=True, required=True)
    grader_comment = String(required=True)
    correct = Nested(CorrectAnswerOut, required=True)
    general_feedback = String(required=True)
    feedback = List(
        Nested(AlternativeFeedbackOut),
        metadata={"description": "Feedback of the chosen (or matching) alternatives."},
        required=True,
    )


AWAITING = {"description": "Answers still waiting for a person; while > 0 the score is null."}


class ResultOut(Schema):
    score = Float(
        allow_none=True, metadata={"description": "null: awaiting grading."}, required=True
    )
    max_score = Float(required=True)
    percentage = Float(allow_none=True, required=True)
    awaiting_grading = Integer(metadata=AWAITING, required=True)
    passed = Boolean(
        allow_none=True, metadata={"description": "null: the exam has no pass mark."}, required=True
    )
    pass_mark_percent = Float(allow_none=True, required=True)
    review_policy = EnumValue(ReviewPolicy, required=True)
    review_available = Boolean(required=True)
    review_available_at = DateTime(
        allow_none=True,
        metadata={"description": "When the review opens, if later and known."},
        required=True,
    )
    review = List(
        Nested(ReviewItemOut),
        allow_none=True,
        metadata={"description": "Per question, in the attempt's order; null when not allowed."},
        required=True,
    )


class AttemptOut(TimingMixin, FastDumpSchema):
    id = Integer(required=True)
    number = Integer(
        metadata={"description": "1 for the student's first attempt at the exam."}, required=True
    )
    started_at = DateTime(required=True)
    submitted_at = DateTime(
        allow_none=True,
        metadata={"description": "When submitted; for an expired attempt, its deadline."},
        required=True,
    )
    read_only = Boolean(
        metadata={"description": "True if the viewer cannot answer."}, required=True
    )
    exam = Nested(AttemptExamOut, required=True)
    questions = List(
        Nested(QuestionPublicOut),
        metadata={"description": "In this attempt's order, alternatives too. Never the key."},
        required=True,
    )
    responses = List(Nested(SavedAnswerOut), required=True)
    result = Nested(
        ResultOut, allow_none=True, metadata={"description": "Once finalized."}, required=True
    )


class MyAttemptOut(Schema):
    id = Integer(required=True)
    exam_id = Integer(required=True)
    exam_title = String(attribute="exam.title", required=True)
    number = Integer(required=True)
    state = EnumValue(AttemptState, required=True)
    score = Float(allow_none=True, required=True)
    max_score = Float(allow_none=True, required=True)
    percentage = Float(allow_none=True, required=True)
    passed = Boolean(allow_none=True, required=True)
    awaiting_grading = Integer(metadata=AWAITING, required=True)
    started_at = DateTime(required=True)
    submitted_at = DateTime(allow_none=True, required=True)
    deadline = DateTime(allow_none=True, required=True)


class MyAttemptPageOut(PageOut):
    items = List(Nested(MyAttemptOut), required=True)


class ExamResultOut(Schema):
    id = Integer(required=True)
    user_id = Integer(required=True)
    student_name = String(attribute="user.display_name", required=True)
    student_email = String(attribute="user.email", required=True)
    number = Integer(required=True)
    state = EnumValue(AttemptState, required=True)
    score = Float(allow_none=True, required=True)
    max_score = Float(allow_none=True, required=True)
    percentage = Float(allow_none=True, required=True)
    passed = Boolean(allow_none=True, required=True)
    awaiting_grading = Integer(metadata=AWAITING, required=True)
    started_at = DateTime(required=True)
    submitted_at = DateTime(allow_none=True, required=True)
    duration_seconds = Float(allow_none=True, required=True)


class ResultsSummaryOut(Schema):
    count = Integer(
        metadata={"description": "Finalized attempts (submitted or expired)."}, required=True
    )
    mean = Float(allow_none=True, metadata={"description": "Percent."}, required=True)
    median = Float(allow_none=True, metadata={"description": "Percent."}, required=True)
    min = Float(allow_none=True, metadata={"description": "Percent."}, required=True)
    max = Float(allow_none=True, metadata={"description": "Percent."}, required=True)
    pass_rate = Float(
        allow_none=True,
        metadata={
            "description": "Percent of finalized attempts that passed; null without a pass mark."
        },
        required=True,
    )


class ExamResultPageOut(PageOut):
    items = List(Nested(ExamResultOut), required=True)
    summary = Nested(ResultsSummaryOut, metadata={"description": "Over all pages."}, required=True)
