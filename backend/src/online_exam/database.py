"""Database plumbing: the one-commit-per-request unit of work and its retry on races."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import Any, TypeVar, TypeVarTuple, cast

import psycopg
from sqlalchemy import (
    Enum,
    Result,
    Row,
    Select,
    String,
    Table,
    bindparam,
    event,
    func,
    insert,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from .extensions import db

T = TypeVar("T")
Ts = TypeVarTuple("Ts")
M = TypeVar("M")

# PostgreSQL asks the client to retry these; SQLite reports a busy writer as "database is locked".
RETRYABLE_SQLSTATES = {"40001", "40P01"}
MAX_TRIES = 5
_AFTER_COMMIT = "after_commit"  # key in the session's info dict

log = logging.getLogger(__name__)


class RetryTransaction(Exception):
    """Raised by a service whose insert lost a race the database caught (a unique index): the
    request's unit of work is re-run like a serialization failure, and then sees the winner."""


def is_retryable(error: BaseException) -> bool:
    if isinstance(error, RetryTransaction):
        return True
    if not isinstance(error, DBAPIError):
        return False
    sqlstate = getattr(error.orig, "sqlstate", None)
    if sqlstate in RETRYABLE_SQLSTATES:
        return True
    return isinstance(error, OperationalError) and "database is locked" in str(error.orig)


def is_lost_connection(error: BaseException) -> bool:
    """The database connection broke (server restarted, connection terminated): SQLAlchemy
    has already invalidated it (and the pool's older connections); a retry gets a new one."""
    return isinstance(error, DBAPIError) and bool(error.connection_invalidated)


def run_in_transaction(work: Callable[[], T], commit: Callable[[T], bool]) -> T:
    """Run `work`, then commit if `commit(result)` says so, else roll back.

    The whole unit is retried with jittered backoff when the database reports a serialization
    failure or deadlock, so users never see those; and when the connection was lost before
    the commit was sent (the server rolled the transaction back, so re-running it is safe —
    this is what makes pool_pre_ping unnecessary). A connection lost during the commit itself
    is not retried: the outcome is unknown, the client gets a 500 and retries (every write a
    client repeats is idempotent).
    """
    for attempt in range(1, MAX_TRIES + 1):
        committing = False
        db.session.info.pop(_AFTER_COMMIT, None)  # a re-run registers its own
        try:
            result = work()
            if commit(result):
                committing = True
                session = db.session()
                # A request that never began a transaction (the autosave's fast path runs its
                # one statement outside the Session) has nothing to commit: skip the call.
                if session.in_transaction() or session.new or session.dirty or session.deleted:
                    session.commit()
                _run_after_commit()
            else:
                db.session.rollback()
                db.session.info.pop(_AFTER_COMMIT, None)
            return result
        except Exception as error:
            db.session.rollback()
            retry = is_retryable(error) or (is_lost_connection(error) and not committing)
            if attempt < MAX_TRIES and retry:
                time.sleep(random.uniform(0, 0.02 * 2**attempt))  # noqa: S311 - jitter only
                continue
            raise
    raise AssertionError("unreachable")


def insert_many(
    table: Table, rows: list[dict[str, Any]], returning: tuple[str, ...] = ()
) -> list[Row[Any]]:
    """Insert `rows` (dicts with the same keys) in one statement; the `returning` columns of
    each inserted row come back. On PostgreSQL: `INSERT … SELECT FROM unnest(arrays)`, one
    parameter per column (a VALUES list of thousands of placeholders costs psycopg more to
    convert than PostgreSQL takes to insert it); elsewhere SQLAlchemy's insertmanyvalues."""
    if not rows:
        return []
    columns = list(rows[0])
    if db.engine.dialect.name != "postgresql":
        statement = insert(table)
        if returning:
            return list(
                db.session.execute(
                    statement.returning(*(table.c[name] for name in returning)), rows
                ).all()
            )
        db.session.execute(statement, rows)
        return []
    arrays = [
        bindparam(
            f"{name}_values", [row[name] for row in rows], type_=ARRAY(_item_type(table, name))
        )
        for name in columns
    ]
    source = func.unnest(*arrays).table_valued(*columns).render_derived()
    statement = insert(table).from_select(columns, select(*(source.c[name] for name in columns)))
    if not returning:
        db.session.execute(statement)
        return []
    return list(
        db.session.execute(statement.returning(*(table.c[name] for name in returning))).all()
    )


def _item_type(table: Table, name: str) -> Any:
    """The column's type for an array of its values; plain strings without their length, since
    an explicit cast to VARCHAR(n) would silently cut longer values instead of refusing them."""
    kind = table.c[name].type
    return String() if isinstance(kind, String) and not isinstance(kind, Enum) else kind


def after_commit(callback: Callable[[], None]) -> None:
    """Run `callback` once the request's unit of work has committed (never if it rolls back).
    For effects outside the database, e.g. mail: a failed send must not undo the change, and a
    rolled-back change must not be announced. A failing callback is logged, never raised."""
    db.session.info.setdefault(_AFTER_COMMIT, []).append(callback)


def _run_after_commit() -> None:
    for callback in db.session.info.pop(_AFTER_COMMIT, []):
        try:
            callback()
        except Exception:
            log.exception("after-commit callback %r failed", callback)


def lock(
    statement: Select[M], *, skip_locked: bool = False, shared: bool = False, of: Any = None
) -> list[M]:
    """Run `statement` and lock the rows it returns until the end of the transaction.

    The rows are reloaded (populate_existing), so checks made after the lock see the latest
    committed state. PostgreSQL: `FOR NO KEY UPDATE` (serialises writers of the row without
    blocking inserts that merely reference it), optionally `SKIP LOCKED`; `shared` takes
    `FOR SHARE` instead (many readers at once, but no writer meanwhile); `of` limits the lock
    to that table's rows when the statement joins others (e.g. an attempt with its exam).
    SQLite has no row locks and pysqlite opens its transaction only at the first write, so a
    read-check-write would not be atomic there: `BEGIN IMMEDIATE` takes SQLite's single write
    lock first (it waits up to busy_timeout, then "database is locked", which
    run_in_transaction retries).
    """
    prepared = locking(statement, skip_locked=skip_locked, shared=shared, of=of)
    return list(locked(prepared).scalars())


def locking(
    statement: Select[*Ts], *, skip_locked: bool = False, shared: bool = False, of: Any = None
) -> Select[*Ts]:
    """`statement` with lock()'s row lock and reload. The hot paths build theirs once, at
    import (with bind parameters), and run them with locked(): building a statement costs
    as much CPU as running it. SQLite's compiler leaves the lock clause out."""
    return statement.with_for_update(
        read=shared, key_share=not shared, skip_locked=skip_locked, of=of
    ).execution_options(populate_existing=True)


def locked(statement: Select[*Ts], params: dict[str, Any] | None = None) -> Result[*Ts]:
    """Run a statement built with locking(); on SQLite take the write lock first (lock())."""
    if db.engine.dialect.name == "sqlite":
        raw = db.session.connection().connection.dbapi_connection
        if raw is not None and not raw.in_transaction:  # in a transaction = already writing
            raw.execute("BEGIN IMMEDIATE")
    return db.session.execute(statement, params)


def commit_now() -> None:
    """Commit the request's unit of work before the view ends — the one exception to
    "services only flush".

    For a state change that must stand although the request then fails: an autosave that
    arrives after the deadline and grace finalizes the attempt and answers 409, and the request
    layer rolls back every response with status >= 400. Call it, then raise at once. A failed
    commit raises inside the view, so run_in_transaction still retries it on serialization
    errors.
    """
    db.session.commit()


def configure_sqlite(engine: Engine) -> None:
    """Foreign keys on, WAL so readers never block the writer, and wait instead of failing."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()


def fast_path_possible() -> bool:
    """PostgreSQL, and the request's Session (if it has one yet: asking creates it, which the
    hot lane's requests never need) has not begun a transaction."""
    if db.engine.dialect.name != "postgresql":
        return False
    return not (db.session.registry.has() and db.session().in_transaction())


def on_pooled_psycopg(work: Callable[[psycopg.Connection[Any]], T | None]) -> T | None:
    """Run `work` in one transaction on the pool's psycopg connection itself — the exam-day
    fast paths (attempts/fast_start.py, fast_submit.py): no Session, no SQLAlchemy execution
    context — on PostgreSQL, in a request whose Session has not begun a transaction.

    None, with nothing written, when this is not such a request, when `work` returns None
    (rolled back: the locks it took are released), when a write hits a unique index (a race
    the full path settles), or on any other database error (the connection is discarded; a
    COMMIT lost in flight may have committed, which the full path then finds). The caller's
    full path answers every None."""
    if not fast_path_possible():
        return None
    pooled = db.engine.raw_connection()  # the request's Session holds none on this path
    try:
        connection = cast(psycopg.Connection[Any], pooled.driver_connection)
        try:
            result = work(connection)
        except psycopg.errors.IntegrityError:
            connection.rollback()
            return None
        except BaseException:
            connection.rollback()
            raise
        if result is None:
            connection.rollback()
        else:
            connection.commit()
        return result
    except psycopg.Error:
        pooled.invalidate()
        return None
    finally:
        pooled.close()  # back to the pool
