"""Database plumbing: the one-commit-per-request unit of work and its retry on races."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from .extensions import db

T = TypeVar("T")

# PostgreSQL asks the client to retry these; SQLite reports a busy writer as "database is locked".
RETRYABLE_SQLSTATES = {"40001", "40P01"}
MAX_TRIES = 5


def is_retryable(error: BaseException) -> bool:
    if not isinstance(error, DBAPIError):
        return False
    sqlstate = getattr(error.orig, "sqlstate", None)
    if sqlstate in RETRYABLE_SQLSTATES:
        return True
    return isinstance(error, OperationalError) and "database is locked" in str(error.orig)


def run_in_transaction(work: Callable[[], T], commit: Callable[[T], bool]) -> T:
    """Run `work`, then commit if `commit(result)` says so, else roll back.

    The whole unit is retried with jittered backoff when the database reports a serialization
    failure or deadlock, so users never see those.
    """
    for attempt in range(1, MAX_TRIES + 1):
        try:
            result = work()
            if commit(result):
                db.session.commit()
            else:
                db.session.rollback()
            return result
        except Exception as error:
            db.session.rollback()
            if attempt < MAX_TRIES and is_retryable(error):
                time.sleep(random.uniform(0, 0.02 * 2**attempt))  # noqa: S311 - jitter only
                continue
            raise
    raise AssertionError("unreachable")


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
