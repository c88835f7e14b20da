"""The Flask application class: one database transaction per request."""

from __future__ import annotations

from typing import Any

from apiflask import APIFlask
from flask import Response
from werkzeug.routing import IntegerConverter

from .database import run_in_transaction

MAX_ID = 2**31 - 1  # ids are 32-bit integer columns


def valid_id(value: int) -> bool:
    """Ids are 32-bit: larger (or negative) ids in a path or a body simply do not exist."""
    return 0 < value <= MAX_ID


class DatabaseIdConverter(IntegerConverter):
    """`<int:id>` for database ids: a number no row can have (over 2**31 - 1) becomes 0.

    PostgreSQL would reject an out-of-range integer with an error (a 500); id 0 simply finds
    nothing, so the service answers 404 as for any unknown id. (Refusing the match in the
    converter instead would turn some of those 404s into 405s.)
    """

    def to_python(self, value: str) -> int:
        number = int(value)
        return number if number <= MAX_ID else 0


class OnlineExamApp(APIFlask):
    """APIFlask that commits once after a successful view and rolls back otherwise.

    Services only flush(); the commit happens here, and the whole view is re-run when the
    database reports a serialization failure or deadlock (see database.run_in_transaction).
    """

    def dispatch_request(self) -> Any:
        def view() -> Response:
            return self.make_response(super(OnlineExamApp, self).dispatch_request())

        return run_in_transaction(view, commit=lambda response: response.status_code < 400)
