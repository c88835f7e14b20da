"""The Flask application class: one database transaction per request."""

from __future__ import annotations

from typing import Any

from apiflask import APIFlask
from flask import Response

from .database import run_in_transaction


class OnlineExamApp(APIFlask):
    """APIFlask that commits once after a successful view and rolls back otherwise.

    Services only flush(); the commit happens here, and the whole view is re-run when the
    database reports a serialization failure or deadlock (see database.run_in_transaction).
    """

    def dispatch_request(self) -> Any:
        def view() -> Response:
            return self.make_response(super(OnlineExamApp, self).dispatch_request())

        return run_in_transaction(view, commit=lambda response: response.status_code < 400)
