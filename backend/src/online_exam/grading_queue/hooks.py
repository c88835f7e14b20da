"""What follows a change of an attempt's score: `regraded(attempt)`.

Called when an attempt is finalized (its first score, or "awaiting grading") and after every
grade a person gives (grading_queue/service.py): the one place a grade passback hooks in —
LTI Assignment and Grade Services queues the new score for every platform the exam was
launched from (one indexed SELECT when there is none). The import is deferred, so the
attempts package can import this module without an import cycle.

PostgreSQL's fast submit (attempts/fast_submit.py) does not call it: its locking statement
checks that there is no passback link (then enqueue would queue nothing) and otherwise leaves
the submit to the full path. Whatever else hooks in here must be checked there too.
"""

from __future__ import annotations

from typing import Any


def regraded(attempt: Any) -> None:
    """The attempt's score (or its "awaiting grading" state) changed and is flushed."""
    from ..lti import grades  # deferred: lti.grades imports the attempts package

    grades.enqueue(attempt)
