"""The domain's vocabulary: every closed set of values, named once.

Models store these as their string values (VARCHAR + CHECK, as before), schemas validate and
document them (the OpenAPI document lists the values), and code compares against members, never
against bare strings. A `StrEnum` member *is* its string, so `QuestionType.SINGLE == "single"`.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    AUTHOR = "author"
    STUDENT = "student"


class QuestionType(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"
    SHORT_ANSWER = "short_answer"
    NUMERIC = "numeric"
    ESSAY = "essay"  # free text, graded by a person
    MATCHING = "matching"  # pair each item with an answer
    ORDERING = "ordering"  # put the items in order
    CLOZE = "cloze"  # a text with gaps ("missing words")


class OrderingCredit(StrEnum):
    """How an ordering question earns credit, as its author chooses."""

    WHOLE = "whole"  # all or nothing: the whole order must be right
    PER_ITEM = "per_item"  # a share per item in its right place


class GapKind(StrEnum):
    """How a gap of a cloze question is answered."""

    CHOICE = "choice"  # pick one of the gap's alternatives from a list
    TEXT = "text"  # type it; compared like a short answer (`*` wildcards, case rule)


class ExamStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class ReviewPolicy(StrEnum):
    """What a student sees after submitting, and when: the score always; right/wrong, the correct
    answers and the feedback "immediately", "after_close" (once closes_at has passed) or "never"."""

    IMMEDIATELY = "immediately"
    AFTER_CLOSE = "after_close"
    NEVER = "never"


class AttemptState(StrEnum):
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    EXPIRED = "expired"  # closed by time


class LiveState(StrEnum):
    """Where a student stands in the live view of an exam (their current or last attempt)."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"  # finished: submitted, or closed by time or by a teacher


class EnrolmentSource(StrEnum):
    """How a student came onto a course's roster."""

    MANUAL = "manual"  # added by a teacher
    CLASS_LIST = "class_list"  # a CSV upload
    JOIN_CODE = "join_code"  # the student used the course's join code or link
    LTI = "lti"  # a learning platform's launch or roster sync


class TokenPurpose(StrEnum):
    """What a single-use e-mailed link lets its holder do."""

    SETUP = "setup"  # first password of an account created from a class list
    RESET = "reset"  # "forgot password"


class ClassListAction(StrEnum):
    """What uploading a class list does with one of its rows."""

    CREATE = "create"  # a new student account (no password yet) is created and enrolled
    ENROL = "enrol"  # the existing account is enrolled (never renamed)
    ALREADY_ENROLLED = "already_enrolled"  # on the roster already: nothing changes


class CourseRole(StrEnum):
    """Why the signed-in user may manage a course (the first that applies)."""

    OWNER = "owner"
    TEACHER = "teacher"  # a co-teacher
    ADMIN = "admin"  # admins manage every course


class ArchivedFilter(StrEnum):
    """Which courses a course list shows: the current ones, the archived ones, or all."""

    FALSE = "false"
    TRUE = "true"
    ALL = "all"


class ExamWindowState(StrEnum):
    """Where an exam stands for one student on their home page, by their own window."""

    UPCOMING = "upcoming"  # opens later
    OPEN = "open"
    CLOSED = "closed"


# The question types answered by choosing alternatives (by id), not by typing text or a number.
CHOICE_TYPES = frozenset({QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE})

# The question types a person grades: their answers wait in the grading queue.
MANUALLY_GRADED_TYPES = frozenset({QuestionType.ESSAY})


def values(enum: type[StrEnum]) -> tuple[str, ...]:
    """The stored values of an enum, in declaration order (for CHECK constraints and choices)."""
    return tuple(member.value for member in enum)
