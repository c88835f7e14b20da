"""Class-list upload and set-password link payloads (courses/class_list_routes.py)."""

from __future__ import annotations

from apiflask import Schema
from apiflask.fields import Boolean, DateTime, File, Integer, List, Nested, String

from ..domain import ClassListAction
from ..schema_fields import EnumValue
from .class_list import MAX_ROWS
from .enrolment import PREVIEW_ROWS


class ClassListQuery(Schema):
    dry_run = Boolean(
        load_default=False,
        metadata={"description": "Only report what would happen (the preview); nothing is saved."},
    )
    partial_ = Boolean(
        data_key="partial",  # `partial` is a Schema attribute
        load_default=False,
        metadata={
            "description": "Enrol the valid rows even if others have errors (default: a file "
            "with any error enrols nobody)."
        },
    )


class ClassListFileIn(Schema):
    file = File(  # type: ignore[no-untyped-call]  # apiflask.fields.File is untyped
        required=True,
        metadata={
            "description": "CSV, UTF-8 (a byte-order mark is fine), comma- or "
            "semicolon-separated, header row `email,name[,external_id]` in any order and case; "
            f"at most {MAX_ROWS} rows (the 1 MiB request limit applies: 413 beyond it)."
        },
    )


class ClassListErrorOut(Schema):
    line = Integer(metadata={"description": "1-based line in the file."}, required=True)
    column = String(allow_none=True, required=True)
    message = String(required=True)


class ClassListRowOut(Schema):
    line = Integer(required=True)
    email = String(required=True)
    name = String(required=True)
    external_id = String(allow_none=True, required=True)
    action = EnumValue(ClassListAction, required=True)


class ClassListReportOut(Schema):
    rows = Integer(metadata={"description": "Data rows in the file."}, required=True)
    will_create = Integer(
        metadata={"description": "New student accounts (valid rows)."}, required=True
    )
    will_enrol = Integer(
        metadata={"description": "Existing accounts to enrol (valid rows)."}, required=True
    )
    already_enrolled = Integer(required=True)
    errors = List(Nested(ClassListErrorOut), required=True)
    more_errors = Integer(
        metadata={"description": "Errors found beyond the ones listed."}, required=True
    )
    preview = List(
        Nested(ClassListRowOut),
        metadata={"description": f"The first {PREVIEW_ROWS} valid rows and what happens to them."},
        required=True,
    )
    applied = Boolean(metadata={"description": "The rows were enrolled."}, required=True)
    emails_queued = Integer(
        metadata={
            "description": "Set-password mails queued for the new accounts (0 when mail is "
            "off: download setup-links.csv instead)."
        },
        required=True,
    )


class SetupLinkOut(Schema):
    link = String(required=True)
    expires_at = DateTime(required=True)
    emailed = Boolean(
        metadata={"description": "The link was queued for mailing to the student (mail is on)."},
        required=True,
    )
