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


# The question types answered by choosing alternatives (by id), not by typing text or a number.
CHOICE_TYPES = frozenset({QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE})


def values(enum: type[StrEnum]) -> tuple[str, ...]:
    """The stored values of an enum, in declaration order (for CHECK constraints and choices)."""
    return tuple(member.value for member in enum)
