"""The autosave in one statement and one round trip, on PostgreSQL (the exam-day hot path).

service.save_response reads the attempt (locked) and the stored answer, decides in Python and
writes: with the transaction's BEGIN and COMMIT, four round trips and five SQLAlchemy
executions per save. Here the same rule runs as ONE statement in autocommit:

- what a save needs to know before it can be checked is fixed for the attempt's lifetime:
  whose attempt it is, its questions (question_order) and their specs (questions cannot
  change once an exam has an attempt, see snapshot.py). Start and every full save remember
  them per worker (`remember`, a bounded cache keyed by the attempt id; ids are never
  reused), so the answer is validated in Python before the statement;
- the statement then locks the attempt (only if it is the caller's, the account is active,
  the attempt is in progress and not past deadline + grace), upserts the answer with the
  seq guard (an older or repeated save changes nothing), and returns what the response
  needs: the attempt's state and deadline and the stored answer.

Anything else — not remembered, someone else's attempt, a question outside the attempt, an
invalid answer, a refusal (deactivated, finished, overdue), a concurrent save of the same
question that committed while this one waited for the lock — returns None after nothing
was written, and the full path (service.py) answers exactly as before (401/403/404/409/422,
finalizing an overdue attempt). SQLite keeps the full path.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC
from typing import Any, cast

import psycopg
from psycopg.types.json import Json

from ..database import fast_path_possible
from ..domain import AttemptState
from ..exams.spec import QuestionSpec
from ..extensions import db
from . import answers, clock

SIZE = 20_000  # attempts remembered per worker (a few hundred bytes each)

_SAVE = """
WITH a AS (
    SELECT t.id, t.state, t.deadline, e.grace_period_seconds AS grace
    FROM attempts t
    JOIN exams e ON e.id = t.exam_id
    JOIN users u ON u.id = t.user_id AND u.is_active
    WHERE t.id = %(attempt_id)s AND t.user_id = %(user_id)s
    FOR NO KEY UPDATE OF t
), open AS (
    SELECT id FROM a
    WHERE state = 'in_progress'
      AND (deadline IS NULL OR %(now)s - make_interval(secs => grace) <= deadline)
), written AS (
    INSERT INTO responses (attempt_id, question_id, selected_ids, text, number, pairs,
                           ordered_ids, gaps, client_seq, saved_at)
    SELECT id, %(question_id)s, %(selected_ids)s, %(text)s, %(number)s, %(pairs)s,
           %(ordered_ids)s, %(gaps)s, %(seq)s, %(now)s
    FROM open
    ON CONFLICT (attempt_id, question_id) DO UPDATE
    SET selected_ids = excluded.selected_ids, text = excluded.text, number = excluded.number,
        pairs = excluded.pairs, ordered_ids = excluded.ordered_ids, gaps = excluded.gaps,
        client_seq = excluded.client_seq, saved_at = excluded.saved_at
    WHERE responses.client_seq < excluded.client_seq
    RETURNING 1
)
SELECT a.deadline, a.grace, (SELECT count(*) FROM open), (SELECT count(*) FROM written),
       r.client_seq, r.selected_ids, r.text, r.number, r.pairs, r.ordered_ids, r.gaps,
       r.saved_at
FROM a LEFT JOIN responses r ON r.attempt_id = a.id AND r.question_id = %(question_id)s
"""


@dataclass(frozen=True, slots=True)
class _Known:
    user_id: int
    question_ids: frozenset[int]
    questions: Mapping[int, QuestionSpec]


@dataclass(frozen=True, slots=True)
class _Stored:
    """The stored answer as answers.decide reads it."""

    client_seq: int
    selected_ids: list[int] | None
    text: str | None
    number: float | None
    pairs: Any
    ordered_ids: Any
    gaps: Any
    saved_at: Any


_known: OrderedDict[int, _Known] = OrderedDict()
_lock = threading.Lock()


def remember(
    attempt_id: int,
    user_id: int,
    question_order: Collection[int],
    questions: Mapping[int, QuestionSpec],
) -> None:
    """What the fast path needs of an attempt (all of it fixed at start)."""
    known = _Known(user_id, frozenset(question_order), questions)
    with _lock:
        _known[attempt_id] = known
        while len(_known) > SIZE:
            _known.popitem(last=False)


def clear() -> None:
    with _lock:
        _known.clear()


def _execute(params: Mapping[str, Any]) -> tuple[Any, ...] | None:
    """The statement on the pool's psycopg connection itself, in autocommit: no Session, no
    SQLAlchemy execution context (a third of the save's CPU went there). psycopg prepares it
    server-side after a few runs on a connection (its prepare_threshold). A database error
    (a lost connection) discards the connection and returns None: the full path then answers,
    with its retry; re-running the save is harmless (same seq: no-op)."""
    pooled = db.engine.raw_connection()  # the request's Session holds none on this path
    try:
        connection = cast(psycopg.Connection[Any], pooled.driver_connection)
        connection.autocommit = True  # the one statement is its own transaction
        try:
            return connection.execute(_SAVE, params).fetchone()
        finally:
            connection.autocommit = False  # as the pool hands it to Sessions
    except psycopg.Error:
        pooled.invalidate()
        return None
    finally:
        pooled.close()  # back to the pool


def try_save(
    attempt_id: int, question_id: int, user_id: int, data: Mapping[str, Any]
) -> dict[str, Any] | None:
    """The save's response, or None (nothing written) for the full path to answer."""
    known = _known.get(attempt_id)
    if known is None or known.user_id != user_id or question_id not in known.question_ids:
        return None
    question = known.questions.get(question_id)
    if question is None or answers.answer_errors(question, data):
        return None
    if not fast_path_possible():
        return None
    answer = answers.valid_answer(question, data)
    seq = data["seq"]
    now = clock.now()
    params = {
        "attempt_id": attempt_id,
        "user_id": user_id,
        "question_id": question_id,
        "now": now,
        "seq": seq,
        "selected_ids": Json(answer.selected_ids),
        "text": answer.text,
        "number": answer.number,
        "pairs": Json(answer.pairs),
        "ordered_ids": Json(answer.ordered_ids),
        "gaps": Json(answer.gaps),
    }
    row = _execute(params)
    if row is None or not row[2]:  # not theirs, account gone, finished or overdue
        return None
    deadline, grace, _, written = row[0], row[1], row[2], row[3]
    if written:
        saved, saved_seq, saved_at, stale = answer, seq, now, False
    else:
        stored = _Stored(*row[4:]) if row[4] is not None else None
        decision = answers.decide(stored, answer, seq, now)
        if decision.values is not None:  # a concurrent save moved on while this one waited
            return None
        saved, saved_seq, stale = decision.answer, decision.seq, decision.stale
        saved_at = decision.saved_at.astimezone(UTC)
    return {
        "attempt_id": attempt_id,
        "question_id": question_id,
        **saved.document(),
        "seq": saved_seq,
        "saved_at": saved_at,
        "stale": stale,
        "state": AttemptState.IN_PROGRESS,
        "deadline": None if deadline is None else deadline.astimezone(UTC),
        "server_now": clock.now(),
        "grace_period_seconds": grace,
    }
