"""Attempts listed: the student's own history and an exam's results with summary figures.

Both finalize overdue attempts first (service.finalize_overdue), so nothing is listed as in
progress after its time ran out.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from ..auth.models import User
from ..domain import AttemptState
from ..exams.access import results_exam
from ..extensions import db
from ..grading import round2
from ..pagination import Page, paginate
from .models import Attempt
from .service import finalize_overdue


def _newest_first(related: Any, where: Any, page: int, per_page: int) -> Page[Attempt]:
    """A page of the attempts matching `where`, newest first, each with its `related` row."""
    return paginate(
        select(Attempt)
        .join(related)
        .options(contains_eager(related))
        .where(where)
        .order_by(Attempt.started_at.desc(), Attempt.id.desc()),
        page,
        per_page,
    )


def my_attempts(user: User, page: int, per_page: int) -> Page[Attempt]:
    """The user's attempts with their exams, newest first (overdue ones finalized first)."""
    finalize_overdue(user_id=user.id)
    return _newest_first(Attempt.exam, Attempt.user_id == user.id, page, per_page)


def _summary(rows: Sequence[tuple[float | None, bool | None]]) -> dict[str, Any]:
    """Figures over finalized attempts, in percent; pass_rate over attempts with a verdict."""
    percentages = [p for p, _ in rows if p is not None]
    verdicts = [passed for _, passed in rows if passed is not None]
    return {
        "count": len(rows),
        "mean": round2(statistics.fmean(percentages)) if percentages else None,
        "median": round2(statistics.median(percentages)) if percentages else None,
        "min": min(percentages) if percentages else None,
        "max": max(percentages) if percentages else None,
        "pass_rate": round2(100 * sum(verdicts) / len(verdicts)) if verdicts else None,
    }


def exam_results(exam_id: int, viewer: User, page: int, per_page: int) -> dict[str, Any]:
    """Every attempt at the exam with its student, newest first, and a summary over all
    finalized attempts. For the exam's author and admins (the exam is finalized-swept first)."""
    exam = results_exam(exam_id, viewer)
    finalize_overdue(exam_id=exam.id)
    attempts = _newest_first(Attempt.user, Attempt.exam_id == exam.id, page, per_page)
    finalized = db.session.execute(
        select(Attempt.percentage, Attempt.passed).where(
            Attempt.exam_id == exam.id, Attempt.state != AttemptState.IN_PROGRESS
        )
    ).all()
    return {
        **vars(attempts),
        "summary": _summary([(percentage, passed) for percentage, passed in finalized]),
    }
