"""The one date-time field for client input: aware, and between the years 1970 and 2999.

Deadlines are computed by adding minutes and seconds to what clients send (closes_at, then the
grace period); a date near the year 9999 would overflow that arithmetic (a 500), and an offset
can push a year-1 or year-9999 date out of range when it is converted to UTC. No exam needs a
date outside these bounds, so they are refused at input with 422 like any other invalid value.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from apiflask.fields import AwareDateTime
from apiflask.validators import Range

EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2999, 12, 31, 23, 59, 59, tzinfo=UTC)
BOUNDS = "between 1970-01-01T00:00:00Z and 2999-12-31T23:59:59Z"


class InputDateTime(AwareDateTime):
    """ISO 8601 with a UTC offset, within EARLIEST..LATEST (both included)."""

    def __init__(self, **kwargs: Any) -> None:
        metadata = dict(kwargs.pop("metadata", {}))
        description = metadata.get("description", "ISO 8601 with offset.")
        metadata["description"] = f"{description} Must be {BOUNDS}."
        super().__init__(
            validate=Range(EARLIEST, LATEST, error=f"Must be {BOUNDS}."),
            metadata=metadata,
            **kwargs,
        )
