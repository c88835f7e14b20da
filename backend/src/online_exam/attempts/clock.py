"""The one clock every attempt rule reads (start window, deadline, grace, review policy).

Always call it as ``clock.now()`` (module attribute), so tests can move time with
``monkeypatch.setattr(clock, "now", ...)`` without touching the rest of the app.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ..db_types import utcnow

# The latest moment a datetime can hold; "later than this" saturates to it.
END_OF_TIME = datetime.max.replace(tzinfo=UTC)


def now() -> datetime:
    """Server time, aware UTC. Clients never tell the server what time it is."""
    return utcnow()


def later(moment: datetime, delta: timedelta) -> datetime:
    """`moment + delta`, or END_OF_TIME where the sum would overflow (an exam closing near the
    year 9999, stored before input dates were bounded, plus a time limit or the grace period)."""
    try:
        return moment + delta
    except OverflowError:
        return END_OF_TIME
