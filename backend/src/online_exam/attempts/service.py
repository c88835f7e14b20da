"""Taking exams: start (or resume), autosave, submit, finalize by time (history.py lists them).

Time is the server's (attempts/clock.py). An attempt's deadline is fixed at start from the
student's own terms (courses/accommodations.py: extra time, own window, extra attempts):
started_at + time limit, never later than the student's closes_at (None when neither is set).
A teacher may move it later (`extend`) or close the attempt now (`close`). Everything after
start reads the stored deadline, so saves, submits and the overdue sweep honour
accommodations without reading them again. Saves are accepted until deadline + grace; the
grace only absorbs network latency.

Concurrency (several app servers, one database):
- start locks the user's row, so one student's concurrent starts run one after the other and
  the later ones resume the attempt the first created; the partial unique index (one
  in-progress attempt per exam and user) and unique (exam, user, number) are the backstop.
- save, submit and every finalization lock the attempt row first, so they are serialised:
  a save acknowledged before a submit is graded, a save after it is refused, and an attempt
  is graded exactly once. The sweep uses SKIP LOCKED: it never waits for a busy attempt.
- Lock order is always user, then attempt: no deadlocks between these paths.
Services flush, the request layer commits — except the one documented commit_now() case.
"""

from __future__ import annotations

import math
import random
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NoReturn, Protocol

from flask import current_app, has_app_context
from sqlalchemy import bindparam, insert, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from .. import grading
from ..audit import service as audit
from ..auth.models import User
from ..auth.security import Caller, caller_gone, current_user
from ..bank import draw
from ..courses import accommodations
from ..courses.access import may_take
from ..courses.accommodations import Effective
from ..database import RetryTransaction, commit_now, lock, locked, locking
from ..domain import CHOICE_TYPES, AttemptState, ExamStatus, QuestionType
from ..errors import Conflict, DomainError, Forbidden, NotFound, ValidationFailed
from ..exams import structured
from ..exams.access import may_see_results
from ..exams.models import Exam
from ..exams.public import public_question_dumped
from ..exams.spec import QuestionSpec
from ..extensions import db
from ..grading_queue.hooks import regraded
from ..hot_lane import fast_path_declined
from . import answers, clock, fast_save, fast_start, fast_submit, review, snapshot
from .models import Attempt, Response

# How many overdue attempts one request finalizes on the side (the CLI sweep does the rest).
OVERDUE_BATCH = 100
# What finalizing an attempt writes.
SCORE_FIELDS = ("score", "max_score", "percentage", "passed", "awaiting_grading")
ATTEMPT_OUTCOME = (*SCORE_FIELDS, "state", "submitted_at")


# --------------------------------------------------------------------------- time rules


def deadline_for(terms: Effective, started_at: datetime) -> datetime | None:
    limits = []
    if terms.time_limit is not None:
        limits.append(clock.later(started_at, terms.time_limit))
    if terms.closes_at is not None:
        limits.append(terms.closes_at)
    return min(limits) if limits else None


def is_overdue(attempt: Attempt, now: datetime) -> bool:
    return _overdue(attempt.state, attempt.deadline, attempt.exam.grace_period_seconds, now)


def _overdue(state: str, deadline: datetime | None, grace_seconds: int, now: datetime) -> bool:
    """In progress and past the last moment a save is accepted (deadline + the exam's grace
    period): time to finalize."""
    return (
        state == AttemptState.IN_PROGRESS
        and deadline is not None
        and now > clock.later(deadline, timedelta(seconds=grace_seconds))
    )


def _check_window(terms: Effective, now: datetime) -> None:
    """The student's own window (the exam's, unless an accommodation gives them another)."""
    if terms.opens_at is not None and now < terms.opens_at:
        raise Conflict(
            f"This exam opens at {terms.opens_at.isoformat()}.",
            {"opens_at": terms.opens_at.isoformat()},
        )
    if terms.closes_at is not None and now >= terms.closes_at:
        raise Conflict(
            f"This exam closed at {terms.closes_at.isoformat()}.",
            {"closes_at": terms.closes_at.isoformat()},
        )


# --------------------------------------------------------------------------- loading


def _questions(attempt: Attempt) -> Mapping[int, QuestionSpec]:
    """The attempt's questions by id, from the per-process snapshot (snapshot.py): the attempt
    exists, so its exam's questions are frozen; loaded with 2 queries on a miss."""
    return snapshot.exam_questions(attempt.exam).by_id


# The exam-day statements, built once (building one costs about as much CPU as running it).
_ATTEMPT_RESPONSES = select(Response).where(Response.attempt_id == bindparam("attempt_id"))
_ATTEMPT_WITH_EXAM = (
    select(Attempt).where(Attempt.id == bindparam("attempt_id")).options(joinedload(Attempt.exam))
)
_EXAM_SHARED = locking(select(Exam).where(Exam.id == bindparam("exam_id")), shared=True)
# The student's row, locked (one start per student at a time), and the account check of a
# hot path (auth/security.py): no row when the account is deactivated.
_ACTIVE_USER_LOCKED = locking(
    select(User).where(User.id == bindparam("user_id"), User.is_active.is_(True))
)
_STUDENT_ATTEMPTS = (
    select(Attempt)
    .where(Attempt.exam_id == bindparam("exam_id"), Attempt.user_id == bindparam("user_id"))
    .execution_options(populate_existing=True)
)
# The student's own attempt with its exam and the student (an active account only: the hot
# path's account check, auth/security.py), the attempt locked.
_OWN_ATTEMPT_LOCKED = locking(
    select(Attempt)
    .join(Attempt.exam)
    .join(Attempt.user)
    .where(
        Attempt.id == bindparam("attempt_id"),
        Attempt.user_id == bindparam("user_id"),
        User.is_active.is_(True),
    )
    .options(contains_eager(Attempt.exam), contains_eager(Attempt.user)),
    of=Attempt,  # the exam and the user are read with it, not locked
)


# A start's insert: Core, one statement with RETURNING (no unit of work, no identity map).
_INSERT_ATTEMPT = insert(Attempt.__table__).returning(Attempt.__table__.c.id)


def _responses(attempt_id: int) -> dict[int, Response]:
    rows = db.session.scalars(_ATTEMPT_RESPONSES, {"attempt_id": attempt_id})
    return {r.question_id: r for r in rows}


def _visible_attempt(attempt_id: int, viewer: User) -> Attempt:
    """The attempt if the viewer may see it (owner, the exam's author, admin); else 404."""
    attempt: Attempt | None = db.session.scalar(_ATTEMPT_WITH_EXAM, {"attempt_id": attempt_id})
    if attempt is None or not (
        attempt.user_id == viewer.id or may_see_results(attempt.exam, viewer)
    ):
        raise NotFound("No such attempt.")
    return attempt


def _full(user: User | Caller) -> User:
    """The signed-in User of a hot path (loaded and checked now: a 401 if the account is gone)."""
    return current_user() if isinstance(user, Caller) else user


def _lock_own(attempt_id: int, user: User | Caller) -> Attempt:
    """Lock the user's own attempt for a write (attempt.user is the student, an active
    account); staff get 403 (read-only), others 404, a deactivated account 401."""
    params = {"attempt_id": attempt_id, "user_id": user.id}
    found: Attempt | None = locked(_OWN_ATTEMPT_LOCKED, params).scalar()
    if found is not None:
        return found
    user = _full(user)  # the account's own check first: 401 when it is gone
    other = db.session.get(Attempt, attempt_id)
    if other is not None and may_see_results(other.exam, user):
        raise Forbidden("Only the student taking this attempt may answer or submit it.")
    raise NotFound("No such attempt.")


def _refuse(error: DomainError, keep: bool) -> NoReturn:
    """Raise `error`; if this request finalized an attempt, commit that first (see commit_now:
    the request layer rolls back every error response, and a finalization must stand)."""
    if keep:
        commit_now()
    raise error


# --------------------------------------------------------------------------- start


class _Identified(Protocol):
    @property
    def id(self) -> int: ...


class _Shuffles(Protocol):
    """What the order reads of an exam (an Exam, or fast_start's row)."""

    @property
    def shuffle_questions(self) -> bool: ...
    @property
    def shuffle_alternatives(self) -> bool: ...


def _rng(exam: _Identified, user: _Identified, number: int) -> random.Random:
    """A Random of its own per attempt, seeded with 256 bits from the OS (SystemRandom made
    a system call per random number: the draw and orders took twice the CPU; an attempt's
    orders show far too little of the generator's state to predict another's), unless
    ATTEMPT_SHUFFLE_SEED is configured (demos, reproducible tests): then seeded per
    (exam, student, attempt number)."""
    seed = current_app.config.get("ATTEMPT_SHUFFLE_SEED") if has_app_context() else None
    if seed is None:
        return random.Random(secrets.randbits(256))  # noqa: S311 - an order, not a secret
    return random.Random(f"{seed}:{exam.id}:{user.id}:{number}")  # noqa: S311 - not crypto


def _fixed_order(
    questions: Sequence[QuestionSpec], exam: _Shuffles, rng: random.Random
) -> tuple[list[int], dict[str, list[int]]]:
    """The order this attempt shows, fixed at start. True/false keeps its authored order."""
    question_ids = [q.id for q in questions]
    if exam.shuffle_questions:
        rng.shuffle(question_ids)
    alternatives: dict[str, list[int]] = {}
    for question in questions:
        if question.type in structured.STRUCTURED_TYPES:
            # Always shuffled: matching answers, ordering items, choice-gap choices.
            kinds = structured.gap_kinds(question.gaps)
            alternatives[str(question.id)] = structured.attempt_order(
                question.type, question.alternatives, kinds, rng
            )
            continue
        if question.type not in CHOICE_TYPES:
            continue  # short-answer "alternatives" are the key: never part of the order
        ids = [a.id for a in question.alternatives]
        if exam.shuffle_alternatives and question.type != QuestionType.TRUE_FALSE:
            rng.shuffle(ids)
        alternatives[str(question.id)] = ids
    return question_ids, alternatives


def _attempt_questions(
    exam_questions: snapshot.ExamQuestions, rng: random.Random
) -> list[QuestionSpec]:
    """The fixed questions, then each random slot's draw (bank/draw.py): recorded in the
    attempt's question_order, so the draw is stable on reload and resume."""
    if not exam_questions.slots:
        return list(exam_questions.fixed)
    try:
        drawn = draw.draw(exam_questions.slots, set(exam_questions.fixed_bank_ids), rng)
    except draw.PoolTooSmall as error:  # publishing checks the pools: only a broken exam
        raise Conflict(
            "This exam's random questions cannot be drawn; its author needs to fix the exam."
        ) from error
    by_id = exam_questions.by_id
    return [*exam_questions.fixed, *(by_id[qid] for ids in drawn for qid in ids)]


def _attempts_of(exam_id: int, user_id: int) -> list[Attempt]:
    """The student's attempts at the exam (a handful), re-read after the user lock."""
    return list(db.session.scalars(_STUDENT_ATTEMPTS, {"exam_id": exam_id, "user_id": user_id}))


def start_view(exam_id: int, caller: User | Caller) -> tuple[dict[str, Any], bool]:
    """Start an attempt, or resume the one in progress; then the attempt as the student sees
    it: (view, created). A new attempt's view reuses the questions the start loaded and has
    no responses yet (no second load). On PostgreSQL the common start takes fast_start's
    two statements; anything else comes here."""
    fast = None if fast_path_declined() else fast_start.try_start(exam_id, caller.id)
    if fast is not None:
        return fast, True
    started = _start(exam_id, caller)
    created = started.questions is not None
    if started.questions is not None:  # the first autosave can take the fast path
        attempt = started.attempt
        fast_save.remember(attempt.id, caller.id, attempt.question_order, started.questions)
    viewer = started.attempt.user
    return attempt_view(
        started.attempt, viewer, started.questions, {} if created else None
    ), created


@dataclass(frozen=True, slots=True)
class _Started:
    attempt: Attempt
    questions: Mapping[int, QuestionSpec] | None  # loaded (a new attempt) or None (resumed)


def _start(exam_id: int, caller: User | Caller) -> _Started:
    # Shared lock: hundreds of starts proceed together, but an author's edit of the exam
    # (which locks it for update) cannot slip in between reading the questions and the insert.
    exam: Exam | None = locked(_EXAM_SHARED, {"exam_id": exam_id}).scalar()
    if exam is None or exam.status != ExamStatus.PUBLISHED:
        _full(caller)  # a deactivated account: 401 first, as everywhere
        raise NotFound("No such exam.")
    # One start per student at a time; the student's row is also the account check.
    user: User | None = locked(_ACTIVE_USER_LOCKED, {"user_id": caller.id}).scalar()
    if user is None:
        raise caller_gone()
    # Drafts, archived exams and other courses' exams are not there to take. A course's exam:
    # one indexed EXISTS for an enrolled student. Saves and submits need no check: they work
    # on the student's own attempt, started while enrolled (a student removed since may still
    # finish it; removal stops new starts).
    if not may_take(exam, user):
        raise NotFound("No such exam.")
    now = clock.now()
    finalized = False
    attempts = _attempts_of(exam.id, user.id)
    current = next((a for a in attempts if a.state == AttemptState.IN_PROGRESS), None)
    if current is not None:
        if not is_overdue(current, now):
            return _Started(current, None)
        _finalize_if_overdue(current, now)  # time ran out while the student was away
        finalized = True
    terms = accommodations.effective_for(user.id, exam)  # the one extra read, at start only
    try:
        _check_window(terms, now)
    except Conflict as error:
        _refuse(error, finalized)
    used = len(attempts)
    last_number = max((a.number for a in attempts), default=0)
    allowed = terms.attempts_allowed
    if allowed is not None and used >= allowed:
        plural = "attempt" if allowed == 1 else "attempts"
        _refuse(
            Conflict(
                f"You have used all {allowed} {plural} at this exam.",
                {"max_attempts": allowed, "used": used},
            ),
            finalized,
        )
    number = last_number + 1
    # Read under the exam's shared lock: exactly the questions of this exam version (the
    # snapshot key), so the first start of an exam-day burst caches them for the others.
    exam_questions = snapshot.exam_questions(exam)
    rng = _rng(exam, user, number)
    questions = _attempt_questions(exam_questions, rng)
    question_order, alternative_order = _fixed_order(questions, exam, rng)
    values = {
        "exam_id": exam.id,
        "user_id": user.id,
        "number": number,
        "state": AttemptState.IN_PROGRESS,
        "started_at": now,
        "deadline": deadline_for(terms, now),
        "question_order": question_order,
        "alternative_order": alternative_order,
    }
    try:
        attempt_id = db.session.execute(_INSERT_ATTEMPT, values).scalar_one()
    except IntegrityError as error:
        # Only reachable if a concurrent start got past the user lock: the one-in-progress
        # index decided. Re-run the request: it resumes the winner's attempt.
        raise RetryTransaction from error
    # The view's attempt: not in the session (Attempt has no backrefs, so setting exam and
    # user adds nothing), the row is written: nothing for the unit of work to do.
    attempt = Attempt(id=attempt_id, exam=exam, user=user, **values, awaiting_grading=0)
    return _Started(attempt, exam_questions.by_id)


# --------------------------------------------------------------------------- answers


def _ensure_open(attempt: Attempt, now: datetime) -> None:
    if attempt.state != AttemptState.IN_PROGRESS:
        raise Conflict(
            "This attempt is finished; answers can no longer change.",
            {"state": attempt.state},
        )
    if is_overdue(attempt, now):
        _finalize(attempt, AttemptState.EXPIRED, now)
        _refuse(
            Conflict(
                "Time is up: the attempt was finalized with the answers saved in time.",
                {"state": AttemptState.EXPIRED},
            ),
            keep=True,
        )


# The autosave is the exam-day hot path (every answer, often several times): two statements
# of plain columns, no ORM objects. What it reads of the attempt, locked, with the stored
# answer to the question (outer join: None when there is none yet).
_SAVE_READ = (
    Attempt.id,
    Attempt.exam_id,
    Attempt.state,
    Attempt.deadline,
    Attempt.question_order,
    Exam.updated_at.label("exam_version"),
    Exam.grace_period_seconds,
    Response.id.label("response_id"),
    Response.client_seq,
    Response.selected_ids,
    Response.text,
    Response.number,
    Response.pairs,
    Response.ordered_ids,
    Response.gaps,
    Response.saved_at,
)
_SAVE_READ_LOCKED = locking(
    select(*_SAVE_READ)
    .join(Exam, Exam.id == Attempt.exam_id)
    .join(User, (User.id == Attempt.user_id) & User.is_active.is_(True))  # the account check
    .outerjoin(
        Response,
        (Response.attempt_id == Attempt.id) & (Response.question_id == bindparam("question_id")),
    )
    .where(Attempt.id == bindparam("attempt_id"), Attempt.user_id == bindparam("user_id")),
    of=Attempt,
)
_RESPONSES = Response.__table__
_ATTEMPTS = Attempt.__table__
_SET_CREDIT = (
    _RESPONSES.update()
    .where(_RESPONSES.c.id == bindparam("response_id"))
    .values(credit=bindparam("credit"))
)
# PostgreSQL: all of them in one statement from two arrays (the executemany converted and
# sent one parameter set per response).
_SET_CREDITS_PG = text(
    "UPDATE responses SET credit = c.credit"
    " FROM unnest(CAST(:ids AS integer[]), CAST(:credits AS double precision[])) AS c(id, credit)"
    " WHERE responses.id = c.id"
)


def _set_credits(credits: list[dict[str, Any]]) -> None:
    """Write the graded credits of stored responses (the ORM's unit of work would issue one
    UPDATE per object)."""
    if db.engine.dialect.name != "postgresql":
        db.session.execute(_SET_CREDIT, credits)  # one executemany
        return
    ids = [item["response_id"] for item in credits]
    values = [None if item["credit"] is None else float(item["credit"]) for item in credits]
    db.session.execute(_SET_CREDITS_PG, {"ids": ids, "credits": values})


_CLOSE_ATTEMPT = (
    _ATTEMPTS.update()
    .where(_ATTEMPTS.c.id == bindparam("attempt_id"))
    .values({name: bindparam(name) for name in ATTEMPT_OUTCOME})
)


def save_response(
    attempt_id: int, question_id: int, user: User | Caller, data: Mapping[str, Any]
) -> dict[str, Any]:
    """Autosave one answer (idempotent upsert ordered by the client's seq); returns the view.
    On PostgreSQL one statement does it when it can (fast_save.py); else this path, which
    answers every refusal."""
    if (
        isinstance(user, Caller)
        and not fast_path_declined()
        and (fast := fast_save.try_save(attempt_id, question_id, user.id, data))
    ):
        return fast
    now = clock.now()
    params = {"attempt_id": attempt_id, "user_id": user.id, "question_id": question_id}
    row = locked(_SAVE_READ_LOCKED, params).first()
    if (
        row is None
        or row.state != AttemptState.IN_PROGRESS
        or _overdue(row.state, row.deadline, row.grace_period_seconds, now)
    ):
        _refuse_save(attempt_id, user, now)  # with the ORM path that explains the refusal
    if question_id not in row.question_order:
        raise NotFound("This question is not part of the attempt.")
    questions = snapshot.questions_of(row.exam_id, row.exam_version).by_id
    question = questions.get(question_id)
    if question is None:  # deleted from the exam since (editing rules should prevent it)
        raise NotFound("This question is not part of the attempt.")
    fast_save.remember(row.id, user.id, row.question_order, questions)  # the next save: fast
    answer = answers.check_answer(question, data)
    stored = row if row.response_id is not None else None
    decision = answers.decide(stored, answer, data["seq"], now)
    if decision.values is not None:  # written as plain columns (see _SAVE_READ)
        if stored is None:  # unique (attempt, question) is the backstop
            statement = _RESPONSES.insert().values(attempt_id=row.id, question_id=question_id)
        else:
            statement = _RESPONSES.update().where(_RESPONSES.c.id == row.response_id)
        db.session.execute(statement.values(**decision.values))
    saved = decision.answer
    return {
        "attempt_id": row.id,
        "question_id": question_id,
        **saved.document(),
        "seq": decision.seq,
        "saved_at": decision.saved_at,
        "stale": decision.stale,
        "state": row.state,
        "deadline": row.deadline,
        "server_now": clock.now(),
        "grace_period_seconds": row.grace_period_seconds,
    }


def _refuse_save(attempt_id: int, user: User | Caller, now: datetime) -> NoReturn:
    """Why this save cannot be taken: 403 staff, 404 not theirs, 409 finished — finalizing
    an overdue attempt first (the ORM path; rare)."""
    _ensure_open(_lock_own(attempt_id, user), now)
    raise AssertionError("an open attempt was refused")  # pragma: no cover


# --------------------------------------------------------------------------- finalize


def score_fields(
    graded: Sequence[tuple[float | None, float]], pass_mark_percent: float | None
) -> dict[str, Any]:
    """An attempt's score columns from (credit, points) per question: while answers wait for a
    person the score, percentage and verdict are null ("awaiting grading"); the maximum is
    known. The grading queue writes the same fields after each grade."""
    result, awaiting = grading.outcome(graded, pass_mark_percent)
    return {
        "score": None if result is None else result.score,
        "max_score": math.fsum(points for _, points in graded),
        "percentage": None if result is None else result.percentage,
        "passed": None if result is None else result.passed,
        "awaiting_grading": awaiting,
    }


def _finalize(
    attempt: Attempt,
    state: str,
    now: datetime,
    questions: Mapping[int, QuestionSpec] | None = None,
    responses: dict[int, Response] | None = None,
) -> None:
    """Grade the saved answers and close the attempt. The caller holds the attempt's lock.

    An attempt finalized by time ("expired") records the deadline as submitted_at: the moment
    time ran out, and the same value whenever and by whom (request, sweep) it is finalized.
    """
    questions = questions if questions is not None else _questions(attempt)
    responses = responses if responses is not None else _responses(attempt.id)
    graded: list[tuple[float | None, float]] = []
    credits: list[dict[str, Any]] = []
    for question_id in attempt.question_order:
        question = questions.get(question_id)
        if question is None:
            continue  # deleted from the exam since (editing rules should prevent it)
        response = responses.get(question_id)
        credit = grading.grade(question, review.answer_of(response))  # None: a person grades
        if response is not None and response.id is None:
            response.credit = credit  # saved by this request: inserted with its credit
        elif response is not None:
            # Stored already: written below in one statement for all; the loaded object
            # shows the value without being flushed again.
            set_committed_value(response, "credit", credit)
            credits.append({"response_id": response.id, "credit": credit})
        graded.append((credit, question.points))
    if credits:
        _set_credits(credits)
    outcome = {
        **score_fields(graded, attempt.exam.pass_mark_percent),
        "state": state,
        "submitted_at": attempt.deadline
        if state == AttemptState.EXPIRED and attempt.deadline
        else now,
    }
    # One prepared UPDATE (the ORM's unit of work costs more CPU than the rest of grading);
    # the loaded attempt shows the values without being flushed again.
    db.session.execute(_CLOSE_ATTEMPT, {"attempt_id": attempt.id, **outcome})
    for name, value in outcome.items():
        set_committed_value(attempt, name, value)
    db.session.flush()  # answers this request saved (submit's final answers)
    regraded(attempt)  # a score (or "awaiting grading") exists now: e.g. for grade passback


def submit_view(
    attempt_id: int, user: User | Caller, final: Sequence[Mapping[str, Any]] = ()
) -> dict[str, Any]:
    """Apply the last answers (the autosave's rule), grade, close; then the result as the
    student sees it, reusing what grading loaded. Idempotent: a finished attempt is returned
    as it is, extra answers ignored. After deadline + grace the answers sent with the submit
    are too late: the attempt is finalized with what was saved in time ("expired") and the
    result returned — nothing saved in time is lost. On PostgreSQL the common case (no final
    answers) takes three statements (fast_submit.py); else this path, which answers all."""
    if (
        isinstance(user, Caller)
        and not final
        and not fast_path_declined()
        and (fast := fast_submit.try_submit(attempt_id, user.id))
    ):
        return attempt_view(fast.attempt, fast.viewer, fast.questions, fast.responses)
    attempt, questions, responses = _submit(attempt_id, user, final)
    return attempt_view(attempt, attempt.user, questions, responses)  # the student: theirs


def _submit(
    attempt_id: int, user: User | Caller, final: Sequence[Mapping[str, Any]]
) -> tuple[Attempt, Mapping[int, QuestionSpec] | None, dict[int, Response] | None]:
    attempt = _lock_own(attempt_id, user)
    if attempt.state != AttemptState.IN_PROGRESS:
        return attempt, None, None
    now = clock.now()
    if is_overdue(attempt, now):
        _finalize(attempt, AttemptState.EXPIRED, now)
        return attempt, None, None
    questions = _questions(attempt)
    in_attempt = set(attempt.question_order)
    errors: dict[int, dict[str, list[str]]] = {}
    for index, item in enumerate(final):
        question = questions.get(item["question_id"]) if item["question_id"] in in_attempt else None
        if question is None:
            errors[index] = {"question_id": ["Not a question of this attempt."]}
        elif problems := answers.answer_errors(question, item):
            errors[index] = problems
    if errors:
        raise ValidationFailed(
            "Some answers do not fit their questions.", {"json": {"responses": errors}}
        )
    responses = _responses(attempt.id)  # once, not per answer
    for item in final:  # the autosave's rule; the rows are written with their credit below
        question = questions[item["question_id"]]
        response = responses.get(question.id)
        answer = answers.valid_answer(question, item)
        values = answers.decide(response, answer, item["seq"], now).values
        if values is None:
            continue
        if response is None:  # unique (attempt, question) is the backstop
            response = Response(attempt_id=attempt.id, question_id=question.id, **values)
            db.session.add(response)
            responses[question.id] = response
        else:
            for name, value in values.items():
                setattr(response, name, value)
    _finalize(attempt, AttemptState.SUBMITTED, now, questions, responses)
    return attempt, questions, responses


def finalize_overdue(
    *, exam_id: int | None = None, user_id: int | None = None, limit: int = OVERDUE_BATCH
) -> int:
    """Finalize (as "expired") up to `limit` attempts past deadline + grace; returns how many.

    Attempts another transaction is busy with are skipped (SKIP LOCKED on PostgreSQL); that
    transaction finalizes them itself or the next sweep does.
    """
    now = clock.now()
    query = (
        select(Attempt.id, Attempt.deadline, Exam.grace_period_seconds)
        .join(Exam, Exam.id == Attempt.exam_id)
        .where(
            Attempt.state == AttemptState.IN_PROGRESS,
            Attempt.deadline.is_not(None),
            Attempt.deadline < now,
        )
        .order_by(Attempt.deadline)
        .limit(limit)
    )
    if exam_id is not None:
        query = query.where(Attempt.exam_id == exam_id)
    if user_id is not None:
        query = query.where(Attempt.user_id == user_id)
    # The grace differs per exam: filter here rather than in dialect-specific SQL.
    overdue = [
        attempt_id
        for attempt_id, deadline, grace in db.session.execute(query)
        if _overdue(AttemptState.IN_PROGRESS, deadline, grace, now)
    ]
    if not overdue:
        return 0
    claimed = lock(
        select(Attempt)
        .where(Attempt.id.in_(overdue), Attempt.state == AttemptState.IN_PROGRESS)
        .order_by(Attempt.id),
        skip_locked=True,
    )
    count = 0
    exam_questions: dict[int, Mapping[int, QuestionSpec]] = {}  # one load per exam
    for attempt in claimed:
        if is_overdue(attempt, now):  # re-checked under the lock
            if attempt.exam_id not in exam_questions:
                exam_questions[attempt.exam_id] = snapshot.exam_questions(attempt.exam).by_id
            _finalize(attempt, AttemptState.EXPIRED, now, exam_questions[attempt.exam_id])
            count += 1
    return count


# --------------------------------------------------------------------------- teachers' actions


def _lock_managed(attempt_id: int, teacher: User) -> Attempt:
    """Lock an attempt for a teacher's action: 404 unless they may see the exam's results."""
    visible = db.session.scalar(_ATTEMPT_WITH_EXAM, {"attempt_id": attempt_id})
    if visible is None or not may_see_results(visible.exam, teacher):
        raise NotFound("No such attempt.")
    return lock(select(Attempt).where(Attempt.id == attempt_id))[0]


def _ensure_running(attempt: Attempt, now: datetime) -> None:
    """An action on a running attempt: 409 once it is finished — or overdue, which
    finalizes it first as at its deadline (the same rule the student's own requests meet)."""
    if attempt.state == AttemptState.IN_PROGRESS and is_overdue(attempt, now):
        _finalize(attempt, AttemptState.EXPIRED, now)
        _refuse(Conflict("Time was up already: the attempt is now finalized."), keep=True)
    if attempt.state != AttemptState.IN_PROGRESS:
        raise Conflict("This attempt is finished.", {"state": attempt.state})


def extend(attempt_id: int, teacher: User, minutes: int) -> Attempt:
    """Move a running attempt's deadline `minutes` later (from now, if it has passed and the
    grace is still running). May go past the exam's closes_at: the teacher decided so; the
    review "after close" waits for it (review.closed_for_all_at)."""
    attempt = _lock_managed(attempt_id, teacher)
    now = clock.now()
    _ensure_running(attempt, now)
    if attempt.deadline is None:
        raise Conflict("This attempt has no time limit to extend.")
    before = attempt.deadline
    attempt.deadline = clock.later(max(before, now), timedelta(minutes=minutes))
    db.session.flush()
    audit.record(
        teacher,
        "attempt.extended",
        attempt,
        exam_id=attempt.exam_id,
        user_id=attempt.user_id,
        minutes=minutes,
        deadline_before=before.isoformat(),
        deadline_after=attempt.deadline.isoformat(),
    )
    return attempt


def close(attempt_id: int, teacher: User) -> Attempt:
    """Close a running attempt now, graded as it stands: its deadline becomes now and it is
    finalized exactly as at a deadline ("expired", submitted_at = that deadline)."""
    attempt = _lock_managed(attempt_id, teacher)
    now = clock.now()
    if attempt.state != AttemptState.IN_PROGRESS:
        raise Conflict("This attempt is finished.", {"state": attempt.state})
    before = attempt.deadline
    if not is_overdue(attempt, now):  # else its time ran out already: closed as at then
        attempt.deadline = now
    _finalize(attempt, AttemptState.EXPIRED, now)
    audit.record(
        teacher,
        "attempt.closed",
        attempt,
        exam_id=attempt.exam_id,
        user_id=attempt.user_id,
        deadline_before=before.isoformat() if before is not None else None,
        score=attempt.score,
    )
    return attempt


# --------------------------------------------------------------------------- views


def _finalize_if_overdue(attempt: Attempt, now: datetime) -> Attempt:
    """Lazy finalization on access: lock the attempt, re-check, finalize (unless a concurrent
    submit or sweep got there first)."""
    if not is_overdue(attempt, now):
        return attempt
    attempt = lock(select(Attempt).where(Attempt.id == attempt.id))[0]
    if is_overdue(attempt, now):
        _finalize(attempt, AttemptState.EXPIRED, now)
    return attempt


def timing(attempt: Attempt) -> dict[str, Any]:
    return {
        "state": attempt.state,
        "deadline": attempt.deadline,
        "server_now": clock.now(),
        "grace_period_seconds": attempt.exam.grace_period_seconds,
    }


def _saved(response: Response) -> dict[str, Any]:
    return {
        "question_id": response.question_id,
        **answers.stored_answer(response).document(),
        "seq": response.client_seq,
        "saved_at": response.saved_at,
    }


def _result(
    attempt: Attempt,
    viewer: User,
    questions: Mapping[int, QuestionSpec],
    responses: dict[int, Response],
) -> dict[str, Any]:
    exam = attempt.exam
    visible, visible_from = review.review_visibility(exam, viewer, clock.now())
    return {
        "score": attempt.score,
        "max_score": attempt.max_score,
        "percentage": attempt.percentage,
        "passed": attempt.passed,
        "awaiting_grading": attempt.awaiting_grading,
        "pass_mark_percent": exam.pass_mark_percent,
        "review_policy": exam.review_policy,
        "review_available": visible,
        "review_available_at": visible_from,
        "review": review.review(attempt, questions, responses) if visible else None,
    }


def attempt_view(
    attempt: Attempt,
    viewer: User,
    questions: Mapping[int, QuestionSpec] | None = None,
    responses: dict[int, Response] | None = None,
) -> dict[str, Any]:
    """What the viewer sees: the questions in this attempt's order, the saved answers, and
    once finalized the result (with the review as the policy allows). Never the key while
    the attempt is open — to anyone. `questions` and `responses` are what the request loaded
    already (start, submit), else they are loaded here."""
    exam = attempt.exam
    if questions is None:
        questions = _questions(attempt)
    if responses is None:
        responses = _responses(attempt.id)
    finished = attempt.state != AttemptState.IN_PROGRESS
    return {
        "id": attempt.id,
        "number": attempt.number,
        "started_at": attempt.started_at,
        "submitted_at": attempt.submitted_at,
        **timing(attempt),
        "read_only": finished or attempt.user_id != viewer.id,
        "exam": exam,
        "questions": [
            public_question_dumped(questions[qid], attempt.alternative_order.get(str(qid)))
            for qid in attempt.question_order
            if qid in questions
        ],
        "responses": [_saved(responses[qid]) for qid in attempt.question_order if qid in responses],
        "result": _result(attempt, viewer, questions, responses) if finished else None,
    }


def get_attempt(attempt_id: int, viewer: User) -> Attempt:
    """The attempt for viewing (owner, exam author, admin), finalized first if overdue."""
    return _finalize_if_overdue(_visible_attempt(attempt_id, viewer), clock.now())
