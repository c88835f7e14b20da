"""Course payloads: what teachers and students send (In) and what they get back (Out).

In schemas refuse unknown fields (422). Names, codes and terms are stripped of surrounding
spaces on the way in; a name must keep at least one character.
"""

from __future__ import annotations

from typing import Any

from apiflask import Schema
from apiflask.fields import Boolean, DateTime, Integer, List, Nested, String
from apiflask.validators import Length
from marshmallow import ValidationError, post_load, validates

from ..domain import ArchivedFilter, CourseRole, EnrolmentSource, ExamStatus, ExamWindowState
from ..pagination import PageOut, PageQuery
from ..schema_fields import EnumValue, patch_schema

NAME_MAX = 200
CODE_MAX = 40
TERM_MAX = 60
EMAIL_MAX = 254
QUERY_MAX = 200
JOIN_CODE_INPUT_MAX = 64  # the code is 8 characters; room for spaces and dashes people type


# --- in ------------------------------------------------------------------------------------


class CourseIn(Schema):
    """A new course; the caller becomes its owner. CoursePatchIn: any subset, plus `archived`."""

    name = String(required=True, validate=Length(1, NAME_MAX), metadata={"example": "Biology 101"})
    code = String(load_default="", validate=Length(0, CODE_MAX), metadata={"example": "BIO-101"})
    term = String(
        load_default="", validate=Length(0, TERM_MAX), metadata={"example": "Spring 2027"}
    )

    @validates("name")
    def _name_not_blank(self, value: str, **_kwargs: Any) -> None:
        if not value.strip():
            raise ValidationError("Must not be blank.")

    @post_load
    def _strip(self, data: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
        return {
            key: value.strip() if isinstance(value, str) else value for key, value in data.items()
        }


class CoursePatchIn(patch_schema(CourseIn, "CourseFieldsPatchIn")):  # type: ignore[misc]
    """Any subset of CourseIn's fields, and `archived`. An archived course is read-only: the
    only change it takes is `archived: false` (other fields may come with it)."""

    archived = Boolean(
        metadata={"description": "Archived: hidden from students' home, read-only for teachers."}
    )


class CourseQuery(PageQuery):
    q = String(
        load_default="",
        validate=Length(0, QUERY_MAX),
        metadata={"description": "Case-insensitive text in the name, code or term."},
    )
    archived = EnumValue(ArchivedFilter, load_default=ArchivedFilter.FALSE)


class EmailIn(Schema):
    email = String(required=True, validate=Length(1, EMAIL_MAX), metadata={"example": "a@b.org"})


class RosterQuery(PageQuery):
    q = String(
        load_default="",
        validate=Length(0, QUERY_MAX),
        metadata={"description": "Case-insensitive text in the e-mail, name or external id."},
    )


class JoinIn(Schema):
    code = String(
        required=True,
        validate=Length(1, JOIN_CODE_INPUT_MAX),
        metadata={"description": "Case, spaces and dashes do not matter.", "example": "K7QX-M2PA"},
    )


# --- out -----------------------------------------------------------------------------------


class PersonOut(Schema):
    id = Integer(required=True)
    display_name = String(required=True)
    email = String(required=True)


class TeacherOut(PersonOut):
    is_owner = Boolean(required=True)


class CourseOut(Schema):
    id = Integer(required=True)
    name = String(required=True)
    code = String(required=True)
    term = String(required=True)
    archived = Boolean(required=True)
    owner = Nested(PersonOut, required=True)
    student_count = Integer(required=True)
    exam_count = Integer(required=True)
    created_at = DateTime(required=True)
    my_role = EnumValue(
        CourseRole,
        required=True,
        metadata={"description": "Why I may manage it: owner, co-teacher, or admin."},
    )


class CoursePageOut(PageOut):
    items = List(Nested(CourseOut), required=True)


class CourseExamOut(Schema):
    id = Integer(required=True)
    title = String(required=True)
    status = EnumValue(ExamStatus, required=True)
    opens_at = DateTime(allow_none=True, required=True)
    closes_at = DateTime(allow_none=True, required=True)
    time_limit_minutes = Integer(allow_none=True, required=True)
    question_count = Integer(required=True)


class CourseDetailOut(CourseOut):
    teachers = List(Nested(TeacherOut), required=True, metadata={"description": "The owner first."})
    join_code = String(
        allow_none=True, required=True, metadata={"description": "null: joining is turned off."}
    )
    exams = List(Nested(CourseExamOut), required=True)
    learning_platform = String(
        allow_none=True,
        required=True,
        metadata={
            "description": "The LTI platform this course came from (its roster can be synced "
            "from there); null: none."
        },
    )


class RosterEntryOut(Schema):
    user_id = Integer(required=True)
    email = String(required=True)
    display_name = String(required=True)
    external_id = String(allow_none=True, required=True)
    source = EnumValue(EnrolmentSource, required=True)
    enrolled_at = DateTime(required=True)
    has_password = Boolean(
        required=True,
        metadata={"description": "false: the account still needs its set-password link."},
    )


class RosterPageOut(PageOut):
    items = List(Nested(RosterEntryOut), required=True)


class JoinCodeOut(Schema):
    join_code = String(required=True, metadata={"example": "K7QXM2PA"})


class JoinedOut(Schema):
    course_id = Integer(required=True)
    name = String(required=True)


class MyExamOut(Schema):
    """One exam of my course, with my own window, time limit and attempts (accommodations
    applied)."""

    id = Integer(required=True)
    title = String(required=True)
    opens_at = DateTime(allow_none=True, required=True)
    closes_at = DateTime(allow_none=True, required=True)
    time_limit_minutes = Integer(allow_none=True, required=True)
    attempts_used = Integer(required=True)
    attempts_allowed = Integer(
        allow_none=True, required=True, metadata={"description": "null = unlimited."}
    )
    state = EnumValue(ExamWindowState, required=True)
    my_deadline = DateTime(
        allow_none=True,
        required=True,
        metadata={
            "description": "The deadline of my attempt in progress, else when the exam closes "
            "for me; null = no deadline."
        },
    )


class MyCourseOut(Schema):
    id = Integer(required=True)
    name = String(required=True)
    code = String(required=True)
    term = String(required=True)
    exams = List(Nested(MyExamOut), required=True)


class MyCoursesOut(Schema):
    items = List(Nested(MyCourseOut), required=True)
