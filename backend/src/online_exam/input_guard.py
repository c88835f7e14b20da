"""Refuse input no handler should ever see: unstorable characters and absurdly nested JSON.

- NUL (U+0000): PostgreSQL cannot store it in text.
- Lone UTF-16 surrogates (U+D800 to U+DFFF, e.g. the JSON escape "\\ud800"): they are not
  characters, so no database driver can encode them as UTF-8.
- JSON nested deeper than MAX_JSON_DEPTH: Python's parser recurses once per level, and the body
  is parsed more than once at different stack depths (here, then by the view's input parser),
  so a body just under the recursion limit here could still overflow there.

Each would otherwise surface as a 500 from whichever endpoint received it, so they are refused
once, before routing, for every request: the depth is measured on the raw text before any
parser sees it, so the guard and every parser agree on one limit.
"""

from __future__ import annotations

import re
from array import array
from itertools import accumulate
from typing import Any

from flask import Flask, request

from .errors import BadRequest, ValidationFailed

# Our deepest payload (an exam document with questions and alternatives) nests 4 levels.
MAX_JSON_DEPTH = 64

NUL = "\x00"
_UNSTORABLE_RE = re.compile("[\x00\ud800-\udfff]")
# Only brackets and quotes matter for the depth; opening brackets count +1, closing ones -1.
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'[]{}"')
_AS_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")  # signed bytes: +1 / -1
_FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def json_depth(body: bytes) -> int:
    """How deeply the JSON text nests arrays and objects (`[]` is 1), without parsing it.

    Linear time, every step in C: drop escaped backslashes and quotes, keep only brackets and
    quotes, drop what lies between quotes (strings), then take the highest running balance of
    the brackets. For text that is not JSON the figure means little, but the parser stops at the
    first error anyway, and up to there it reads the text as this does."""
    text = body.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, _NOT_STRUCTURE)
    outside_strings = b"".join(text.replace(b'""', b"").split(b'"')[::2])
    steps = array("b", outside_strings.translate(_AS_STEPS))
    return max(accumulate(steps), default=0)


def too_deep(body: bytes) -> bool:
    # Fewer opening brackets than the limit cannot nest deeper: most bodies skip the scan.
    if body.count(b"[") + body.count(b"{") <= MAX_JSON_DEPTH:
        return False
    return json_depth(body) > MAX_JSON_DEPTH


def unstorable(text: str) -> str | None:
    """What in `text` no database can store, or None."""
    match = _UNSTORABLE_RE.search(text)
    if match is None:
        return None
    return "NUL" if match.group() == NUL else "surrogate"


def first_unstorable(value: Any) -> str | None:
    """Iterative walk (a recursive one could itself hit the recursion limit)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if problem := unstorable(item):
                return problem
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def _refuse(problem: str | None, location: str) -> None:
    if problem == "NUL":
        raise ValidationFailed(
            "Text must not contain NUL (U+0000) characters.", {location: ["Contains NUL."]}
        )
    if problem == "surrogate":
        raise ValidationFailed(
            "Text must not contain lone UTF-16 surrogates (U+D800 to U+DFFF).",
            {location: ["Contains a lone surrogate."]},
        )


def _pairs(items: Any) -> list[str]:
    return [text for key, value in items(multi=True) for text in (key, value)]


def init_input_guard(app: Flask) -> None:
    @app.before_request
    def refuse_unstorable_input() -> None:
        _refuse(first_unstorable(_pairs(request.args.items)), "query")
        if request.mimetype in _FORM_TYPES:
            _refuse(first_unstorable(_pairs(request.form.items)), "form")
        if not request.is_json:
            return
        if too_deep(request.get_data(cache=True)):
            raise BadRequest(
                f"The JSON body is nested too deeply (more than {MAX_JSON_DEPTH} levels).",
                {"json": [f"Nested more than {MAX_JSON_DEPTH} levels."]},
            )
        _refuse(first_unstorable(request.get_json(silent=True)), "json")
