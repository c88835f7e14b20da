"""What follows a change of an attempt's score: `regraded(attempt)`.

Called when an attempt is finalized (its first score, or "awaiting grading") and after every
grade a person gives (grading_queue/service.py). It does nothing yet: it is the one place a
grade passback (LTI Assignment and Grade Services) hooks in. No imports of the attempts
package here, so the hot finalization path can call it without an import cycle.
"""

from __future__ import annotations

from typing import Any


def regraded(attempt: Any) -> None:
    """The attempt's score (or its "awaiting grading" state) changed and is flushed."""
    del attempt
