"""Refuse input no handler should ever see: NUL characters and absurdly nested JSON.

PostgreSQL cannot store a NUL (U+0000) in text and answers with an error, and a JSON body
nested thousands of levels deep exhausts Python's recursion limit while it is parsed. Both
would otherwise surface as 500s from whichever endpoint received them, so they are refused
once, before routing, for every request.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, request

from .errors import BadRequest, ValidationFailed

NUL = "\x00"


def _has_nul(value: Any) -> bool:
    """Iterative walk (a recursive one could itself hit the recursion limit)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if NUL in item:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def init_input_guard(app: Flask) -> None:
    @app.before_request
    def refuse_unstorable_input() -> None:
        if any(NUL in key or NUL in value for key, value in request.args.items(multi=True)):
            raise ValidationFailed(
                "Text must not contain NUL (U+0000) characters.", {"query": ["Contains NUL."]}
            )
        if not request.is_json:
            return
        try:
            body = request.get_json(silent=True)
        except RecursionError as error:
            raise BadRequest("The JSON body is nested too deeply.") from error
        if _has_nul(body):
            raise ValidationFailed(
                "Text must not contain NUL (U+0000) characters.", {"json": ["Contains NUL."]}
            )
