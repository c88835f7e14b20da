"""Question-bank payloads: import requests and reports, exports, item statistics."""

from __future__ import annotations

from apiflask import Schema
from apiflask.fields import Boolean, Float, Integer, List, Nested, Raw, String
from apiflask.validators import OneOf

from ..domain import QuestionType
from ..exams.schemas import ExamAuthorOut
from ..schema_fields import EnumValue
from .importer import FORMATS as IMPORT_FORMATS
from .results_export import FORMATS as RESULT_FORMATS
from .statistics import POPULATIONS, Flag

# --- in ------------------------------------------------------------------------------------


class ImportIn(Schema):
    format = String(
        required=True,
        validate=OneOf(IMPORT_FORMATS),
        metadata={
            "description": "gift | aiken | json (this server's export format) | moodle_xml "
            "(Moodle's XML export, <quiz>)."
        },
    )
    text = String(
        required=True,
        metadata={"description": "The file's content (the 1 MiB request limit applies)."},
    )
    dry_run = Boolean(
        load_default=False,
        metadata={"description": "Parse and validate only; nothing is saved (the preview)."},
    )
    partial_ = Boolean(
        data_key="partial",  # `partial` is a Schema attribute
        load_default=False,
        metadata={
            "description": "Import the valid questions even if others have errors (default: "
            "a file with any error imports nothing)."
        },
    )


class PortableExamIn(Schema):
    """A document as GET /api/exams/{id}/export?format=json writes it. The fields are checked
    by the importer, which lists every problem (the same error details as the import)."""

    format = Raw(metadata={"example": "online-exam"})
    version = Raw(metadata={"example": 1})
    exported_at = Raw()
    exam = Raw(metadata={"description": "The exam's settings (ExamIn fields)."})
    questions = Raw(metadata={"description": "QuestionIn objects, alternatives inline, in order."})
    slots = Raw(
        metadata={
            "description": "Random slots: {count, points, tag, category (the source's path, "
            "informational), pool: QuestionIn objects}. Each pool becomes a bank category "
            '"Imported / <exam title> / Slot <n>" of the importer.'
        }
    )


class PackageQuery(Schema):
    partial_ = Boolean(
        data_key="partial",
        load_default=False,
        metadata={"description": "Import the valid items even if others have errors."},
    )


class PackageImportQuery(PackageQuery):
    dry_run = Boolean(
        load_default=False,
        metadata={"description": "Read and validate only; nothing is saved (the preview)."},
    )


class ExportQuery(Schema):
    format = String(load_default="json", validate=OneOf(("gift", "json", "moodle_xml", "qti")))


class ResultsExportQuery(Schema):
    format = String(load_default="csv", validate=OneOf(RESULT_FORMATS))


class StatisticsQuery(Schema):
    attempts = String(
        load_default="all",
        validate=OneOf(POPULATIONS),
        metadata={
            "description": "all: every finalized attempt (Moodle's default); first: each "
            "student's first finalized attempt."
        },
    )


# --- import report -------------------------------------------------------------------------


class IssueOut(Schema):
    line = Integer(
        allow_none=True, metadata={"description": "1-based line in the text."}, required=True
    )
    question = Integer(
        allow_none=True,
        metadata={"description": "1-based index of the question in the file."},
        required=True,
    )
    message = String(required=True)


class SkippedOut(Schema):
    line = Integer(allow_none=True, required=True)
    question = Integer(
        allow_none=True,
        metadata={"description": "1-based place of the item in a package (QTI), else null."},
        required=True,
    )
    kind = String(
        metadata={
            "description": "essay | matching | description (GIFT), the Moodle XML question type "
            "(essay, match, multianswer, …) or a QTI interaction's kind"
        },
        required=True,
    )
    title = String(allow_none=True, required=True)
    message = String(required=True)


class ImportedAlternativeOut(Schema):
    text = String(required=True)
    credit = Float(required=True)
    feedback = String(required=True)


class ImportedQuestionOut(Schema):
    """A parsed question in QuestionIn's shape, with where it came from."""

    index = Integer(required=True)
    line = Integer(allow_none=True, required=True)
    title = String(
        allow_none=True,
        metadata={"description": "GIFT ::title:: or Moodle XML <name>; not stored."},
        required=True,
    )
    warnings = List(String(), required=True)
    id = Integer(
        allow_none=True,
        metadata={"description": "The new question (null in dry runs)."},
        required=True,
    )
    type = EnumValue(QuestionType, required=True)
    text = String(required=True)
    points = Float(required=True)
    general_feedback = String(required=True)
    numeric_answer = Float(allow_none=True, required=True)
    numeric_tolerance = Float(allow_none=True, required=True)
    case_sensitive = Boolean(required=True)
    alternatives = List(Nested(ImportedAlternativeOut), required=True)


class ImportReportOut(Schema):
    imported = Integer(required=True)
    dry_run = Boolean(required=True)
    skipped = List(Nested(SkippedOut), required=True)
    warnings = List(Nested(IssueOut), required=True)
    errors = List(Nested(IssueOut), required=True)
    questions = List(Nested(ImportedQuestionOut), required=True)


class ImportedExamOut(ExamAuthorOut):
    import_warnings = List(Nested(IssueOut), required=True)


# --- statistics ----------------------------------------------------------------------------


class AlternativeStatOut(Schema):
    id = Integer(required=True)
    text = String(required=True)
    credit = Float(required=True)
    count = Integer(required=True)
    share = Float(allow_none=True, required=True)


class AnswerStatOut(Schema):
    answer = Raw(
        metadata={
            "description": "The text (short_answer) or number (numeric).",
            "type": ["string", "number"],
        },
        required=True,
    )
    count = Integer(required=True)
    share = Float(allow_none=True, required=True)
    credit = Float(allow_none=True, required=True)


class PartStatOut(Schema):
    id = Integer(
        required=True, metadata={"description": "The item's alternative id, or the gap number."}
    )
    text = String(required=True, metadata={"description": "The item's text, or `Gap n`."})
    correct = Integer(required=True, metadata={"description": "Attempts that got it right."})
    share = Float(allow_none=True, required=True)


class QuestionStatOut(Schema):
    question_id = Integer(required=True)
    number = Integer(required=True)
    type = EnumValue(QuestionType, required=True)
    text = String(required=True)
    points = Float(required=True)
    n = Integer(required=True)
    answered = Integer(required=True)
    facility = Float(
        allow_none=True, metadata={"description": "Mean credit fraction."}, required=True
    )
    mean_score = Float(allow_none=True, required=True)
    sd = Float(
        allow_none=True,
        metadata={"description": "Sample SD of the credit fraction."},
        required=True,
    )
    discrimination = Float(
        allow_none=True, metadata={"description": "Item-rest correlation (Pearson)."}, required=True
    )
    discrimination_27 = Float(
        allow_none=True,
        metadata={"description": "Top 27 % facility minus bottom 27 %."},
        required=True,
    )
    alternatives = List(Nested(AlternativeStatOut), allow_none=True, required=True)
    answers = List(Nested(AnswerStatOut), allow_none=True, required=True)
    parts = List(
        Nested(PartStatOut),
        allow_none=True,
        required=True,
        metadata={"description": "matching/ordering items, cloze gaps; else null."},
    )
    flags = List(EnumValue(Flag), required=True)


class SummaryOut(Schema):
    mean = Float(allow_none=True, required=True)
    median = Float(allow_none=True, required=True)
    sd = Float(allow_none=True, required=True)
    min = Float(allow_none=True, required=True)
    max = Float(allow_none=True, required=True)


class BucketOut(Schema):
    from_ = Integer(data_key="from", attribute="from", required=True)
    to = Integer(required=True)
    count = Integer(required=True)


class StatisticsOut(Schema):
    exam_id = Integer(required=True)
    population = String(validate=OneOf(POPULATIONS), required=True)
    n = Integer(required=True)
    question_count = Integer(required=True)
    max_score = Float(allow_none=True, required=True)
    score = Nested(SummaryOut, required=True)
    percent = Nested(SummaryOut, required=True)
    alpha = Float(allow_none=True, metadata={"description": "Cronbach's alpha."}, required=True)
    kr20 = Float(
        allow_none=True, metadata={"description": "= alpha when items are 0/1."}, required=True
    )
    dichotomous = Boolean(required=True)
    histogram = List(Nested(BucketOut), required=True)
    questions = List(Nested(QuestionStatOut), required=True)
