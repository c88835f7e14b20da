"""The one clock every attempt rule reads (start window, deadline, grace, review policy).

Always call it as ``clock.now()`` (module attribute), so tests can move time with
``monkeypatch.setattr(clock, "now", ...)`` without touching the rest of the app.
"""

from __future__ import annotations

from datetime import datetime

from ..db_types import utcnow


def now() -> datetime:
    """Server time, aware UTC. Clients never tell the server what time it is."""
    return utcnow()
