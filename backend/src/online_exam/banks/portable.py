"""The lossless JSON format: an exam's settings and questions, to move exams between servers.

    {"format": "online-exam", "version": 1, "exported_at": "2030-01-01T09:00:00+00:00",
     "exam": {<ExamIn fields>},
     "questions": [{<QuestionIn fields>, "alternatives": [{"text", "credit", "feedback"}]}],
     "slots": [{"count", "points", "tag", "category", "pool": [<questions>]}]}  (if any)

A question is written as QuestionSpec.document() (exams/spec.py) gives it.

Every field our model holds for authoring is written, ids and timestamps are not (besides
`exported_at`), so export -> import -> export gives the same document but for `exported_at`.
`exam` and `questions` are validated with the exams API's own schemas (ExamIn, QuestionIn) by
the importer; this module only writes documents and checks their envelope.
"""

from __future__ import annotations

import json
import math
from datetime import datetime
from typing import Any

from ..bank.portable_slots import export_slots
from ..db_types import utcnow
from ..exams.models import Exam
from ..exams.spec import QuestionSpec
from .parsed import Issue, ParsedQuestion, ParseResult

FORMAT = "online-exam"
VERSION = 1
# ExamIn's fields but course_id (a course belongs to one installation), in a stable order (a
# test keeps this in step with the schema).
EXAM_SETTINGS = (
    "title",
    "description",
    "long_description",
    "time_limit_minutes",
    "grace_period_seconds",
    "max_attempts",
    "opens_at",
    "closes_at",
    "shuffle_questions",
    "shuffle_alternatives",
    "one_question_per_page",
    "pass_mark_percent",
    "review_policy",
    "practice_mode",
    "language",
)
TOP_LEVEL = ("format", "version", "exported_at", "exam", "questions", "slots")


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def export_document(exam: Exam) -> dict[str, Any]:
    document = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": utcnow().isoformat(),
        "exam": {key: _plain(getattr(exam, key)) for key in EXAM_SETTINGS},
        "questions": [QuestionSpec.from_model(q).document() for q in exam.questions],
    }
    if exam.slots:  # random slots with their pools (bank/portable_slots.py)
        document["slots"] = export_slots(exam)
    return document


def parse_portable(text: str) -> tuple[Any, ParseResult]:
    """Decode JSON text, then check the envelope (see parse_document)."""
    try:
        document = json.loads(text, parse_constant=_no_constant, parse_float=_finite)
    except json.JSONDecodeError as error:
        result = ParseResult()
        result.errors.append(
            Issue(f"Invalid JSON: {error.msg} (column {error.colno}).", error.lineno)
        )
        return None, result
    except (RecursionError, ValueError) as error:
        result = ParseResult()
        message = "nested too deeply" if isinstance(error, RecursionError) else str(error)
        result.errors.append(Issue(f"Invalid JSON: {message}."))
        return None, result
    return parse_document(document)


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text[:30]} is out of range for a number")
    return value


def parse_document(document: Any) -> tuple[Any, ParseResult]:
    """(the `exam` object or None, questions as raw dicts for the importer to validate).

    The envelope must say format "online-exam" (when given) and version 1; a file that is just
    `{"questions": [...]}` is accepted without `exam` by the import into an existing exam."""
    result = ParseResult()
    if not isinstance(document, dict):
        result.errors.append(Issue("The document must be a JSON object."))
        return None, result
    if document.get("format", FORMAT) != FORMAT:
        result.errors.append(Issue(f'"format" must be "{FORMAT}".'))
    version = document.get("version")
    if version != VERSION or isinstance(version, bool):
        result.errors.append(
            Issue(f'"version" must be {VERSION} (this server reads version {VERSION}).')
        )
    unknown = sorted(str(key) for key in document if key not in TOP_LEVEL)
    if unknown:
        result.warnings.append(Issue(f"Ignored unknown keys: {', '.join(unknown)[:200]}."))
    exam = document.get("exam")
    if exam is not None and not isinstance(exam, dict):
        result.errors.append(Issue('"exam" must be an object.'))
        exam = None
    questions = document.get("questions")
    if not isinstance(questions, list):
        result.errors.append(Issue('"questions" must be a list.'))
        return exam, result
    for index, item in enumerate(questions, start=1):
        if isinstance(item, dict):
            result.questions.append(ParsedQuestion(dict(item), index=index))
        else:
            result.errors.append(Issue("A question must be an object.", question=index))
    return exam, result
