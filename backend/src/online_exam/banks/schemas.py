"""Question-bank payloads: import requests and reports, exports, item statistics."""

from __future__ import annotations

from apiflask import Schema
from apiflask.fields import Boolean, Float, Integer, List, Nested, Raw, String
from apiflask.validators import OneOf

from ..exams.schemas import ExamAuthorOut
from .importer import FORMATS as IMPORT_FORMATS
from .results_export import FORMATS as RESULT_FORMATS
from .statistics import POPULATIONS

# --- in ------------------------------------------------------------------------------------


class ImportIn(Schema):
    format = String(
        required=True,
        validate=OneOf(IMPORT_FORMATS),
        metadata={"description": "gift | aiken | json (this server's export format)."},
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


class ExportQuery(Schema):
    format = String(load_default="json", validate=OneOf(("gift", "json")))


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
    line = Integer(allow_none=True, metadata={"description": "1-based line in the text."})
    question = Integer(
        allow_none=True, metadata={"description": "1-based index of the question in the file."}
    )
    message = String()


class SkippedOut(Schema):
    line = Integer(allow_none=True)
    kind = String(metadata={"description": "essay | matching | description"})
    title = String(allow_none=True)
    message = String()


class ImportedAlternativeOut(Schema):
    text = String()
    credit = Float()
    feedback = String()


class ImportedQuestionOut(Schema):
    """A parsed question in QuestionIn's shape, with where it came from."""

    index = Integer()
    line = Integer(allow_none=True)
    title = String(allow_none=True, metadata={"description": "GIFT ::title::; not stored."})
    warnings = List(String())
    id = Integer(allow_none=True, metadata={"description": "The new question (null in dry runs)."})
    type = String()
    text = String()
    points = Float()
    general_feedback = String()
    numeric_answer = Float(allow_none=True)
    numeric_tolerance = Float(allow_none=True)
    case_sensitive = Boolean()
    alternatives = List(Nested(ImportedAlternativeOut))


class ImportReportOut(Schema):
    imported = Integer()
    dry_run = Boolean()
    skipped = List(Nested(SkippedOut))
    warnings = List(Nested(IssueOut))
    errors = List(Nested(IssueOut))
    questions = List(Nested(ImportedQuestionOut))


class ImportedExamOut(ExamAuthorOut):
    import_warnings = List(Nested(IssueOut))


# --- statistics ----------------------------------------------------------------------------


class AlternativeStatOut(Schema):
    id = Integer()
    text = String()
    credit = Float()
    count = Integer()
    share = Float(allow_none=True)


class AnswerStatOut(Schema):
    answer = Raw(metadata={"description": "The text (short_answer) or number (numeric)."})
    count = Integer()
    share = Float(allow_none=True)
    credit = Float(allow_none=True)


class QuestionStatOut(Schema):
    question_id = Integer()
    number = Integer()
    type = String()
    text = String()
    points = Float()
    n = Integer()
    answered = Integer()
    facility = Float(allow_none=True, metadata={"description": "Mean credit fraction."})
    mean_score = Float(allow_none=True)
    sd = Float(allow_none=True, metadata={"description": "Sample SD of the credit fraction."})
    discrimination = Float(
        allow_none=True, metadata={"description": "Item-rest correlation (Pearson)."}
    )
    discrimination_27 = Float(
        allow_none=True, metadata={"description": "Top 27 % facility minus bottom 27 %."}
    )
    alternatives = List(Nested(AlternativeStatOut), allow_none=True)
    answers = List(Nested(AnswerStatOut), allow_none=True)
    flags = List(
        String(),
        metadata={
            "description": "too_easy | too_hard | negative_discrimination | insufficient_data"
        },
    )


class SummaryOut(Schema):
    mean = Float(allow_none=True)
    median = Float(allow_none=True)
    sd = Float(allow_none=True)
    min = Float(allow_none=True)
    max = Float(allow_none=True)


class BucketOut(Schema):
    from_ = Integer(data_key="from", attribute="from")
    to = Integer()
    count = Integer()


class StatisticsOut(Schema):
    exam_id = Integer()
    population = String()
    n = Integer()
    question_count = Integer()
    max_score = Float(allow_none=True)
    score = Nested(SummaryOut)
    percent = Nested(SummaryOut)
    alpha = Float(allow_none=True, metadata={"description": "Cronbach's alpha."})
    kr20 = Float(allow_none=True, metadata={"description": "= alpha when items are 0/1."})
    dichotomous = Boolean()
    histogram = List(Nested(BucketOut))
    questions = List(Nested(QuestionStatOut))
