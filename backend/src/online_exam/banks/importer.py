"""Import parsed questions into an exam (or a whole JSON document as a new exam).

Every parsed question is validated with the exams API's QuestionIn schema and checked like a
question of an exam being published (publishing.question_problems): problems are warnings for
a draft (drafts may be incomplete) and errors for a published exam (it must stay complete).
Questions are then appended as questions.add_question appends one (same fields, positions
and alternatives, then touch + flush + ensure_still_publishable), but under one lock of the
exam for the whole file: add_question re-locks and reloads the exam with every question and
alternative each time, which made 500 questions take ~8 s (quadratic).

All or nothing: a file with any error imports nothing (ValidationFailed, 422, every error with
its line) unless `partial` is set — then the valid questions are imported and the errors
reported. `dry_run` parses and validates only and returns the same report (200, even with
errors: it is the editor's preview), never saving anything.

Access is the exams API's: authors import into their own exams, admins into any; the exam must
not be archived nor have attempts (ensure_grading_unlocked).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from marshmallow import ValidationError

from ..audit import service as audit
from ..auth.models import User
from ..bank import portable_slots
from ..domain import ExamStatus
from ..errors import ValidationFailed
from ..exams import service as exam_service
from ..exams.access import managed_exam
from ..exams.models import Exam, Question
from ..exams.publishing import question_problems
from ..exams.schemas import MAX_ALTERNATIVES, MAX_QUESTIONS, ExamIn, QuestionIn
from ..exams.spec import QuestionSpec
from ..extensions import db
from .aiken import parse_aiken
from .gift import parse_gift
from .moodle_xml import parse_moodle_xml
from .parsed import Issue, ParsedQuestion, ParseResult, capped
from .portable import parse_document, parse_portable
from .qti import parse_package
from .qti_package import PackageError

FORMATS = ("gift", "aiken", "json", "moodle_xml")  # text formats (ImportIn); QTI has own routes
QTI = "qti"
_BAD_CHARACTER_RE = re.compile(r"[\x00\ud800-\udfff]")
_LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")


# --------------------------------------------------------------------------- validation


def _bad_character(text: str) -> str | None:
    match = _BAD_CHARACTER_RE.search(text)
    if match is None:
        return None
    return (
        "a NUL character" if match.group() == "\x00" else "an invalid character (a lone surrogate)"
    )


# Where a value sits in a decoded document: (where its parent sits, its key or index, whether
# it is a key); None for the document itself.
_Where = tuple[Any, str | int, bool] | None


def _path(where: _Where) -> str:
    """`questions[3].alternatives[0].text` for a value's place (see _unstorable)."""
    steps = []
    while where is not None:
        where, step, is_key = where
        steps.append((step, is_key))
    path = ""
    for step, is_key in reversed(steps):
        path = (f"{path}.{step}" if path else str(step)) if is_key else f"{path}[{step}]"
    return path


def _unstorable(value: Any) -> str | None:
    """Why a decoded value cannot be stored (databases refuse NUL and lone surrogates): the
    first string at fault, depth first, keys before their values. Iterative, and the path is
    spelled for that string only: spelling it for every string (and passing each string up
    through one generator per level) made a deep list of many strings cost depth x width."""
    stack: list[tuple[Any, _Where]] = [(value, None)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            if problem := _bad_character(item):
                return f"{_path(where) or 'A text'} contains {problem}."
        elif isinstance(item, dict):
            for key, child in reversed(item.items()):
                place = (where, str(key), True)
                stack.append((child, place))
                stack.append((str(key), place))
        elif isinstance(item, list):
            stack.extend((item[i], (where, i, False)) for i in range(len(item) - 1, -1, -1))
    return None


def _flatten(messages: Any, path: str = "") -> list[str]:
    """marshmallow's nested messages as "alternatives[0].credit: Must be …" lines."""
    if isinstance(messages, dict):
        lines = []
        for key, value in messages.items():
            if isinstance(key, int):
                inner = f"{path}[{key}]"
            elif key == "_schema":
                inner = path
            else:
                inner = f"{path}.{key}" if path else str(key)
            lines.extend(_flatten(value, inner))
        return lines
    if isinstance(messages, list):
        lines = []
        for item in messages:
            lines.extend(_flatten(item, path))
        return lines
    return [f"{path}: {messages}" if path else str(messages)]


def load_question(raw: dict[str, Any], schema: QuestionIn | None = None) -> QuestionSpec:
    """QuestionIn-validated, as add_question would store it (true/false alternatives made
    explicit), so the preview shows what gets stored."""
    return QuestionSpec.from_data((schema or QuestionIn()).load(raw))


def _validate(
    result: ParseResult, *, room: int, published: bool
) -> list[tuple[ParsedQuestion, QuestionSpec]]:
    """The questions that may be imported, validated; problems go to result.errors/warnings."""
    valid = []
    schema = QuestionIn()
    if len(result.questions) > room:
        first_over = result.questions[room]
        where = f" (from line {first_over.line} on)" if first_over.line else ""
        result.errors.append(
            Issue(
                f"The file has {len(result.questions)} questions, but this exam has room for "
                f"{room} more (an exam holds at most {MAX_QUESTIONS}): the questions{where} "
                "beyond that cannot be imported.",
                first_over.line,
                first_over.index,
            )
        )
    for parsed in result.questions[:room]:
        alternatives = parsed.data.get("alternatives")
        if isinstance(alternatives, list) and len(alternatives) > MAX_ALTERNATIVES:
            # Checked first: validating 100 000 alternatives one by one would take seconds.
            result.errors.append(
                Issue(
                    f"alternatives: {len(alternatives)} answers; a question holds at most "
                    f"{MAX_ALTERNATIVES}.",
                    parsed.line,
                    parsed.index,
                )
            )
            continue
        if problem := _unstorable(parsed.data):
            result.errors.append(Issue(problem, parsed.line, parsed.index))
            continue
        try:
            spec = load_question(parsed.data, schema)
        except ValidationError as error:
            for message in _flatten(error.messages):
                result.errors.append(Issue(message, parsed.line, parsed.index))
            continue
        problems = question_problems(spec.to_model(0))  # on an unsaved copy
        if problems and published:
            for problem in problems:
                result.errors.append(
                    Issue(
                        f"{problem} (the exam is published: it must stay complete)",
                        parsed.line,
                        parsed.index,
                    )
                )
            continue
        for problem in problems:
            result.warn(parsed, f"Not ready to publish: {problem}")
        parsed.data = spec.document()
        valid.append((parsed, spec))
    return valid


def parse(format_: str, text: str) -> tuple[Any, ParseResult]:
    """(the JSON document's `exam` object or None, the parse result)."""
    if problem := _bad_character(text):
        match = _BAD_CHARACTER_RE.search(text)
        assert match is not None
        line = len(_LINE_BREAK_RE.findall(text, 0, match.start())) + 1
        result = ParseResult()
        result.errors.append(Issue(f"The text contains {problem}.", line))
        return None, result
    if format_ == "gift":
        return None, parse_gift(text)
    if format_ == "aiken":
        return None, parse_aiken(text)
    if format_ == "json":
        return parse_portable(text)
    if format_ == "moodle_xml":
        return None, parse_moodle_xml(text)
    raise ValueError(f"unknown format {format_!r}")


# --------------------------------------------------------------------------- report


def _question_out(parsed: ParsedQuestion, question_id: int | None = None) -> dict[str, Any]:
    return {
        "index": parsed.index,
        "line": parsed.line,
        "title": parsed.title,
        "warnings": parsed.warnings,
        **parsed.data,
        "id": question_id,
    }


def _report(
    result: ParseResult,
    questions: list[dict[str, Any]],
    *,
    imported: int,
    dry_run: bool,
) -> dict[str, Any]:
    return {
        "imported": imported,
        "dry_run": dry_run,
        "skipped": capped(result.skipped),
        "warnings": capped(result.warnings),
        "errors": capped(result.errors),
        "questions": questions,
    }


def _refuse(result: ParseResult, valid: int) -> ValidationFailed:
    count = len(result.errors)
    return ValidationFailed(
        f"The file has {count} error{'s' if count != 1 else ''}; nothing was imported. Fix "
        "them, or import with partial=true to import the valid questions only.",
        {
            "errors": capped(result.errors),
            "warnings": capped(result.warnings),
            "skipped": capped(result.skipped),
            "valid_questions": valid,
        },
    )


# --------------------------------------------------------------------------- services


def _append(exam: Exam, user: User, questions: list[QuestionSpec]) -> list[Question]:
    """Append validated questions to an exam the caller holds locked."""
    added = [question.to_model(len(exam.questions) + i) for i, question in enumerate(questions)]
    exam.questions.extend(added)
    if added:
        exam_service.touch(exam, user)
        db.session.flush()
        exam_service.ensure_still_publishable(exam)
    return added


def import_questions(
    exam_id: int,
    user: User,
    format_: str,
    text: str,
    *,
    dry_run: bool = False,
    partial: bool = False,
) -> dict[str, Any]:
    """Parse `text`, validate, and (unless dry_run) append the questions to the exam."""
    return _import_into(
        exam_id, user, format_, lambda: parse(format_, text), dry_run=dry_run, partial=partial
    )


def import_package(
    exam_id: int, user: User, data: bytes, *, dry_run: bool = False, partial: bool = False
) -> dict[str, Any]:
    """The items of a QTI package (qti.py) into the exam, by the same rules as a text import.
    The test's settings (title, time limit) are not applied to an existing exam."""
    return _import_into(
        exam_id,
        user,
        QTI,
        lambda: (None, _parse_package(data)[1]),
        dry_run=dry_run,
        partial=partial,
    )


def _parse_package(data: bytes) -> tuple[dict[str, Any], ParseResult]:
    """parse_package, a package that cannot be read at all refused as a whole (422, also for
    a dry run: there is nothing to preview)."""
    try:
        return parse_package(data)
    except PackageError as error:
        raise ValidationFailed(
            f"The QTI package cannot be read: {error.message}",
            {"errors": [Issue(error.message).as_dict()], "warnings": [], "skipped": []},
        ) from error


def _import_into(
    exam_id: int,
    user: User,
    format_: str,
    parse_input: Callable[[], tuple[Any, ParseResult]],
    *,
    dry_run: bool,
    partial: bool,
) -> dict[str, Any]:
    exam = managed_exam(exam_id, user, lock=not dry_run)
    exam_service.ensure_grading_unlocked(exam)
    settings, result = parse_input()
    if settings is not None:
        result.warnings.insert(
            0,
            Issue(
                "The exam settings in the file were not applied: only questions are imported "
                "into an existing exam (POST /api/exams/import creates an exam with them)."
            ),
        )
    valid = _validate(
        result,
        room=max(MAX_QUESTIONS - len(exam.questions), 0),
        published=exam.status == ExamStatus.PUBLISHED,
    )
    if not result.questions and not result.skipped and not result.errors:
        result.errors.append(Issue("No questions found in the text."))
    if dry_run:
        return _report(result, [_question_out(p) for p, _ in valid], imported=0, dry_run=True)
    if result.errors and not partial:
        raise _refuse(result, len(valid))
    questions = _append(exam, user, [spec for _, spec in valid])
    created = [
        _question_out(parsed, question.id)
        for (parsed, _), question in zip(valid, questions, strict=True)
    ]
    if created:
        audit.record(user, "exam.questions_imported", exam, format=format_, count=len(created))
    return _report(result, created, imported=len(created), dry_run=False)


def import_exam(user: User, document: dict[str, Any]) -> tuple[Exam, list[dict[str, Any]]]:
    """A new draft exam from a JSON document (portable.py), all or nothing.
    Returns the exam and the warnings."""
    exam_data, result = parse_document(document)
    if exam_data is None and isinstance(document, dict) and document.get("exam") is None:
        result.errors.append(Issue('"exam" (the exam\'s settings) is required.'))
    slots = document.get("slots") if isinstance(document, dict) else None
    result.errors.extend(Issue(p) for p in portable_slots.validate_slots(slots))
    exam, warnings = _create_exam(user, "json", exam_data, result, partial=False)
    portable_slots.import_slots(exam, user, slots or [])
    return exam, warnings


def import_exam_package(
    user: User, data: bytes, *, partial: bool = False
) -> tuple[Exam, list[dict[str, Any]]]:
    """A new draft exam from a QTI package: the test's title, time limit and shuffling, its
    items as questions. All or nothing unless `partial` (then the items with errors are left
    out and listed in the warnings); skipped items are listed in the warnings."""
    settings, result = _parse_package(data)
    for item in result.skipped:
        result.warnings.append(
            Issue(f"Not imported ({item.kind}): {item.message}", question=item.question)
        )
    return _create_exam(user, QTI, settings, result, partial=partial)


def _create_exam(
    user: User,
    format_: str,
    exam_data: dict[str, Any] | None,
    result: ParseResult,
    *,
    partial: bool,
) -> tuple[Exam, list[dict[str, Any]]]:
    settings: dict[str, Any] = {}
    exam_errors = len(result.errors)
    if exam_data is None:
        pass
    elif problem := _unstorable(exam_data):
        result.errors.append(Issue(f"exam.{problem}"))
    else:
        try:
            settings = ExamIn().load(exam_data)
        except ValidationError as error:
            result.errors.extend(Issue(f"exam.{m}") for m in _flatten(error.messages))
    settings_valid = len(result.errors) == exam_errors
    valid = _validate(result, room=MAX_QUESTIONS, published=False)
    # Partial leaves out questions with errors, never the exam's own settings.
    if result.errors and not (partial and valid and settings_valid):
        raise _refuse(result, len(valid))
    result.warnings.extend(
        Issue(f"Not imported: {e.message}", e.line, e.question) for e in result.errors
    )
    exam = exam_service.create_exam(user, settings)
    if valid:
        _append(exam, user, [spec for _, spec in valid])
        audit.record(user, "exam.questions_imported", exam, format=format_, count=len(valid))
    db.session.flush()
    return exam, capped(result.warnings)
