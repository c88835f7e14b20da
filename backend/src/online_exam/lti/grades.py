"""Grade passback (AGS) through a durable outbox.

`enqueue(attempt)` runs inside the transaction that finalizes (or regrades) an attempt and
writes one outbox row per platform link of the exam the student launched from, so the score is
stored exactly when the result is. `send_due()` sends what is due (`flask lti send-grades`,
periodic, and a best-effort try right after the request that finalized the attempt); a platform
that is down gets the row again later with exponential backoff (capped at an hour, never given
up), so an outage loses no grade. Scores carry their timestamp: a late resend never overwrites
a newer score on the platform.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import bindparam, select

from ..attempts.models import Attempt
from ..database import after_commit
from ..db_types import utcnow
from ..extensions import db
from . import http, services
from .models import GradeOutbox, LtiPlatform, LtiResourceLink, LtiUser

BACKOFF_FIRST_SECONDS = 30
BACKOFF_MAX_SECONDS = 3600
BATCH = 100
log = logging.getLogger(__name__)


# Every submit runs it: built once (building a statement costs about as much as running it).
_LINKS_OF = (
    select(LtiResourceLink.id, LtiUser.subject)
    .join(LtiUser, LtiUser.platform_id == LtiResourceLink.platform_id)
    .where(LtiResourceLink.exam_id == bindparam("exam_id"), LtiUser.user_id == bindparam("user_id"))
)


def enqueue(attempt: Attempt) -> int:
    """Queue the attempt's score for every platform link of its exam (one SELECT when the exam
    was never launched from a platform). Returns how many rows were queued."""
    params = {"exam_id": attempt.exam_id, "user_id": attempt.user_id}
    rows = db.session.execute(_LINKS_OF, params).all()
    queued = []
    for link_id, subject in rows:
        row = GradeOutbox(
            attempt_id=attempt.id,
            link_id=link_id,
            subject=subject,
            score=float(attempt.score or 0),
            max_score=float(attempt.max_score or 0),
            pending_manual=bool(getattr(attempt, "awaiting_grading", 0)),
        )
        db.session.add(row)
        queued.append(row)
    if queued and current_app.config.get("LTI_SEND_AFTER_COMMIT", True):
        db.session.flush()
        ids = [row.id for row in queued]
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        # After the commit, on a thread: the student's answer never waits for the platform.
        after_commit(
            lambda: threading.Thread(target=_send_now, args=(app, ids), daemon=True).start()
        )
    return len(queued)


def _send_now(app: Any, ids: list[int]) -> None:
    with app.app_context():
        try:
            send_due(only_ids=ids)
        except Exception:
            log.exception("sending grades %s right away failed; the queue retries", ids)
            db.session.rollback()
        finally:
            db.session.remove()


def _score(row: GradeOutbox) -> dict[str, Any]:
    return {
        "userId": row.subject,
        "scoreGiven": row.score,
        "scoreMaximum": row.max_score or 1.0,
        "activityProgress": "Completed",
        "gradingProgress": "PendingManual" if row.pending_manual else "FullyGraded",
        "timestamp": row.created_at.isoformat(),
    }


def _send(row: GradeOutbox) -> None:
    link = db.session.get(LtiResourceLink, row.link_id)
    assert link is not None
    platform = db.session.get(LtiPlatform, link.platform_id)
    assert platform is not None
    if not link.lineitem_url:
        if not link.lineitems_url:
            raise http.PlatformError("the platform offers no gradebook column for this link")
        exam = link.exam_id
        from ..exams.models import Exam

        found = db.session.get(Exam, exam)
        link.lineitem_url = services.create_line_item(
            platform,
            link.lineitems_url,
            found.title if found else f"Exam {exam}",
            row.max_score or 1.0,
            link.resource_link_id,
        )
    services.post_score(platform, link.lineitem_url, _score(row))


def backoff(tries: int) -> timedelta:
    return timedelta(
        seconds=min(BACKOFF_FIRST_SECONDS * 2 ** max(tries - 1, 0), BACKOFF_MAX_SECONDS)
    )


def send_due(
    now: datetime | None = None, everything: bool = False, only_ids: list[int] | None = None
) -> tuple[int, int]:
    """Send due rows (a batch, committed once at the end); (sent, failed). A crash mid-batch
    sends those scores again later, which is harmless: a score carries its timestamp and the
    platform keeps the newest. `everything` ignores the backoff (an admin's "send now")."""
    now = now or utcnow()
    query = select(GradeOutbox).where(GradeOutbox.sent_at.is_(None)).order_by(GradeOutbox.id)
    if only_ids is not None:
        query = query.where(GradeOutbox.id.in_(only_ids))
    elif not everything:
        query = query.where(GradeOutbox.next_try_at <= now)
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)  # two senders never send one row twice
    sent = failed = 0
    for row in list(db.session.scalars(query.limit(BATCH))):
        try:
            _send(row)
        except http.PlatformError as error:
            row.tries += 1
            row.next_try_at = utcnow() + backoff(row.tries)
            row.last_error = str(error)[:1000]
            failed += 1
        else:
            row.sent_at = utcnow()
            row.last_error = None
            sent += 1
    db.session.commit()
    return sent, failed
