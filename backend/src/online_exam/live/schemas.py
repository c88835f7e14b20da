"""Accommodation and live-view payloads: what teachers send (In) and get back (Out)."""

from __future__ import annotations

from typing import Any

from apiflask import Schema
from apiflask.fields import Boolean, DateTime, Float, Integer, List, Nested, String
from apiflask.validators import Range
from marshmallow import ValidationError, validates_schema

from ..domain import LiveState
from ..fast_dump import FastDumpSchema
from ..input_dates import InputDateTime
from ..schema_fields import EnumValue

EXTRA_MINUTES_MAX = 10_000
EXTRA_PERCENT_MAX = 500
EXTRA_ATTEMPTS_MAX = 100
EXTEND_MINUTES_MAX = 600


class AccommodationIn(Schema):
    """What one student is entitled to (PUT replaces the whole accommodation). At least one
    field must grant something; null / 0 = as the exam says (or, per exam, as the course-wide
    accommodation says)."""

    extra_minutes = Integer(
        strict=True,
        allow_none=True,
        load_default=None,
        validate=Range(0, EXTRA_MINUTES_MAX),
        metadata={"description": "Minutes added to the time limit (after the percentage)."},
    )
    extra_time_percent = Integer(
        strict=True,
        allow_none=True,
        load_default=None,
        validate=Range(0, EXTRA_PERCENT_MAX),
        metadata={"description": "Percent of the time limit added (50 = one and a half times)."},
    )
    extra_attempts = Integer(strict=True, load_default=0, validate=Range(0, EXTRA_ATTEMPTS_MAX))
    opens_at = InputDateTime(
        allow_none=True,
        load_default=None,
        metadata={"description": "The student's own opening time; null = the exam's."},
    )
    closes_at = InputDateTime(
        allow_none=True,
        load_default=None,
        metadata={"description": "The student's own closing time; null = the exam's."},
    )

    @validates_schema
    def _grants_something(self, data: dict[str, Any], **_kwargs: Any) -> None:
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            raise ValidationError("Must be after opens_at.", "closes_at")
        granted = [data.get(k) is not None for k in ("extra_minutes", "extra_time_percent")]
        granted += [bool(data.get("extra_attempts")), opens is not None, closes is not None]
        if not any(granted):
            raise ValidationError(
                "Give extra time, extra attempts or a window (or delete the accommodation)."
            )


class AccommodationOut(Schema):
    id = Integer(required=True)
    user_id = Integer(required=True)
    display_name = String(required=True)
    email = String(required=True)
    course_id = Integer(
        allow_none=True, required=True, metadata={"description": "Set for a course-wide one."}
    )
    exam_id = Integer(allow_none=True, required=True, metadata={"description": "Set for one exam."})
    extra_minutes = Integer(allow_none=True, required=True)
    extra_time_percent = Integer(allow_none=True, required=True)
    extra_attempts = Integer(required=True)
    opens_at = DateTime(allow_none=True, required=True)
    closes_at = DateTime(allow_none=True, required=True)
    updated_at = DateTime(required=True)


class AccommodationListOut(Schema):
    items = List(Nested(AccommodationOut), required=True)


class ExtendIn(Schema):
    minutes = Integer(
        strict=True,
        required=True,
        validate=Range(1, EXTEND_MINUTES_MAX),
        metadata={"description": "Added to the deadline (or to now, if it has passed)."},
    )


class DeadlineOut(Schema):
    attempt_id = Integer(required=True)
    deadline = DateTime(required=True)
    server_now = DateTime(required=True)


# The live view dumps a row per student every few seconds: the compiled dump (fast_dump.py).
class LiveCountsOut(FastDumpSchema):
    not_started = Integer(required=True)
    in_progress = Integer(required=True)
    submitted = Integer(required=True)


class LiveStudentOut(FastDumpSchema):
    user_id = Integer(required=True)
    display_name = String(required=True)
    email = String(required=True)
    state = EnumValue(LiveState, required=True)
    attempt_id = Integer(
        allow_none=True,
        required=True,
        metadata={"description": "The attempt in progress, else the last one; null = none."},
    )
    answered = Integer(required=True, metadata={"description": "Questions with an answer."})
    last_saved_at = DateTime(allow_none=True, required=True)
    deadline = DateTime(allow_none=True, required=True)
    score = Float(allow_none=True, required=True)
    max_score = Float(allow_none=True, required=True)
    percentage = Float(allow_none=True, required=True)
    attempts_used = Integer(required=True)
    attempts_allowed = Integer(
        allow_none=True, required=True, metadata={"description": "null = unlimited."}
    )
    accommodated = Boolean(required=True)


class LiveOut(FastDumpSchema):
    server_now = DateTime(required=True)
    question_count = Integer(required=True)
    counts = Nested(LiveCountsOut, required=True)
    students = List(Nested(LiveStudentOut), required=True)
