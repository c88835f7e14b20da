"""Question bank payloads. A bank question's content is the exam question's shape
(exams/schemas.py QuestionIn / the QuestionSpec document), so every type fits."""

from __future__ import annotations

from apiflask import Schema
from apiflask.fields import Boolean, DateTime, Dict, Float, Integer, List, Nested, String
from apiflask.validators import Length, Range

from ..domain import QuestionType
from ..exams.schemas import POINTS_MAX, QUERY_MAX, QuestionIn
from ..exams.schemas import SlotOut as SlotOut  # re-exported: the bank's routes use it
from ..pagination import PageOut, PageQuery
from ..schema_fields import EnumValue, patch_schema
from .models import TAG_MAX

NAME_MAX = 200
MAX_TAGS = 20
SLOT_COUNT_MAX = 200


class CategoryIn(Schema):
    name = String(required=True, validate=Length(1, NAME_MAX))
    parent_id = Integer(
        strict=True,
        allow_none=True,
        load_default=None,
        metadata={"description": "A subcategory of this category (same owner)."},
    )
    course_id = Integer(
        strict=True,
        allow_none=True,
        load_default=None,
        metadata={"description": "A top category shared by this course's teachers; null = my own."},
    )


class CategoryPatchIn(Schema):
    name = String(validate=Length(1, NAME_MAX))
    parent_id = Integer(strict=True, allow_none=True)


class CategoryOut(Schema):
    id = Integer(required=True)
    name = String(required=True)
    parent_id = Integer(allow_none=True, required=True)
    owner_id = Integer(allow_none=True, required=True)
    course_id = Integer(allow_none=True, required=True)
    created_at = DateTime(required=True)


class BankQuestionIn(Schema):
    category_id = Integer(strict=True, required=True)
    question = Nested(QuestionIn, required=True)
    tags = List(
        String(validate=Length(1, TAG_MAX)), validate=Length(max=MAX_TAGS), load_default=list
    )


class BankQuestionPatchIn(Schema):
    """`question` (complete) makes a new version; `tags` replaces the tags."""

    question = Nested(QuestionIn)
    tags = List(String(validate=Length(1, TAG_MAX)), validate=Length(max=MAX_TAGS))


class BankQuestionOut(Schema):
    id = Integer(required=True)
    category_id = Integer(required=True)
    type = EnumValue(QuestionType, required=True)
    text = String(required=True)
    version = Integer(required=True, metadata={"description": "The current version's number."})
    tags = List(String(), required=True)
    updated_at = DateTime(required=True)
    question = Dict(
        required=True, metadata={"description": "The current version (QuestionIn's shape)."}
    )


class BankQuestionPageOut(PageOut):
    items = List(Nested(BankQuestionOut), required=True)


class BankVersionOut(Schema):
    id = Integer(required=True)
    number = Integer(required=True)
    created_at = DateTime(required=True)
    created_by_id = Integer(required=True)
    document = Dict(required=True, metadata={"description": "The question (QuestionIn's shape)."})


class BankSearchQuery(PageQuery):
    q = String(load_default="", validate=Length(0, QUERY_MAX))
    type = EnumValue(QuestionType)
    tag = String(validate=Length(1, TAG_MAX))
    category_id = Integer()
    subcategories = Boolean(
        load_default=True, metadata={"description": "With category_id: include subcategories."}
    )


class TargetCategoryIn(Schema):
    category_id = Integer(strict=True, required=True)


class FromBankIn(Schema):
    bank_question_id = Integer(strict=True, required=True)
    version = Integer(
        strict=True,
        allow_none=True,
        load_default=None,
        metadata={"description": "The version's number; null = the current one."},
    )
    points = Float(
        allow_none=True,
        load_default=None,
        validate=Range(0, POINTS_MAX, min_inclusive=False),
        metadata={"description": "null = the version's points."},
    )


class SlotIn(Schema):
    category_id = Integer(strict=True, required=True)
    tag = String(allow_none=True, load_default=None, validate=Length(0, TAG_MAX))
    count = Integer(strict=True, required=True, validate=Range(1, SLOT_COUNT_MAX))
    points = Float(required=True, validate=Range(0, POINTS_MAX, min_inclusive=False))


SlotPatchIn = patch_schema(SlotIn, "SlotPatchIn")
