"""The exam-day hot lane: a start, an autosave or a submit answered below Flask when it can be.

Once the fast paths (attempts/fast_start.py, fast_save.py, fast_submit.py) had cut the
database work, most of a request's CPU was Flask's machinery around them: the request
context, the session cookie, the before/after hooks, webargs, apiflask's output, the
transaction wrapper (an autosave spent about half its in-process CPU there). This WSGI
middleware, in front of the Flask app, answers the common case of the three requests itself
and hands everything else to Flask untouched.

It takes a request only when Flask would answer it through the fast path with nothing else
to do: the method and path of one of the three, no query string, a JSON body of bounded size
that input_guard would let through (parsed, depth and NUL checked here; orjson refuses lone
surrogates), a bearer token of ours, verified in full as Flask's auth does (once per worker:
security.local_user_id), password sign-in enabled, a body the route's own
hand check accepts (an autosave's answer, a submit without final answers, a start's empty
or `{}` body), and the fast path itself answering. The fast path's statement checks that the
account is active, as on the Flask path. Every refusal, every error and every other body goes
to Flask (with the body handed back), which answers exactly as before; an error here after a
write goes there too, and the repeat is harmless (the three are idempotent: a resume, the same
seq, the same result). The answer is built as Flask builds it: the same output schemas, the same
JSON encoder and the same headers (headers.init_headers's `decorate`); tests compare the lane's
bytes and headers with Flask's for the same requests.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable
from typing import Any, cast

import orjson
from flask import Flask, Response, has_request_context, request

from .app import valid_id
from .headers import Decorate
from .input_guard import first_unstorable, too_deep

log = logging.getLogger(__name__)

DECLINED = "online_exam.fast_path_declined"  # in the WSGI environ: see fast_path_declined()

MAX_BODY = 64 * 1024  # larger bodies (long essays) take the Flask path
_JSON_TYPES = frozenset({"application/json", "application/json; charset=utf-8"})

# (status, what the output schema dumps) or None: Flask answers.
Handled = tuple[int, Any] | None
Handler = Callable[[tuple[int, ...], int, Any], Handled]


def _save(ids: tuple[int, ...], user_id: int, body: Any) -> Handled:
    from .attempts import fast_save
    from .attempts.schemas import load_answer_by_hand

    answer = load_answer_by_hand(body)
    if answer is None:
        return None
    saved = fast_save.try_save(ids[0], ids[1], user_id, answer)
    return None if saved is None else (200, saved)


def _start(ids: tuple[int, ...], user_id: int, body: Any) -> Handled:
    from .attempts import fast_start

    if body not in (None, {}):  # the route reads no body; anything in it: Flask's guard
        return None
    view = fast_start.try_start(ids[0], user_id)
    return None if view is None else (201, view)


def _submit(ids: tuple[int, ...], user_id: int, body: Any) -> Handled:
    from .attempts import fast_submit, service

    if body not in ({}, {"responses": []}):  # final answers: the full path applies them
        return None
    fast = fast_submit.try_submit(ids[0], user_id)
    if fast is None:
        return None
    return 200, service.attempt_view(fast.attempt, fast.viewer, fast.questions, fast.responses)


# (method, path, handler, the output schema's name in attempts.schemas)
_ROUTES: tuple[tuple[str, re.Pattern[str], Handler, str], ...] = (
    ("PUT", re.compile(r"/api/attempts/([0-9]{1,10})/responses/([0-9]{1,10})"), _save, "SaveOut"),
    ("POST", re.compile(r"/api/exams/([0-9]{1,10})/attempts"), _start, "AttemptOut"),
    ("POST", re.compile(r"/api/attempts/([0-9]{1,10})/submit"), _submit, "AttemptOut"),
)


def fast_path_declined() -> bool:
    """This request's fast path already ran in the lane and declined (a refusal, a resume,
    uncached questions...): the full path answers without trying it again."""
    return has_request_context() and bool(request.environ.get(DECLINED))


class HotLane:
    """WSGI middleware: `flask_app.wsgi_app = HotLane(flask_app, decorate)`."""

    def __init__(self, app: Flask, decorate: Decorate) -> None:
        self.app, self.inner, self.decorate = app, app.wsgi_app, decorate
        self.schemas: dict[str, Any] = {}

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        route = self._route(environ)
        if route is not None:
            response = self._answer(environ, *route)
            if response is not None:
                return response(environ, start_response)
        return self.inner(environ, start_response)

    def _route(self, environ: dict[str, Any]) -> tuple[Handler, str, tuple[int, ...]] | None:
        method, path = environ.get("REQUEST_METHOD"), environ.get("PATH_INFO", "")
        for route_method, pattern, handler, schema in _ROUTES:
            if method == route_method and (match := pattern.fullmatch(path)):
                ids = tuple(int(group) for group in match.groups())
                return (handler, schema, ids) if all(map(valid_id, ids)) else None
        return None

    def _answer(
        self, environ: dict[str, Any], handler: Handler, schema: str, ids: tuple[int, ...]
    ) -> Any:
        """The response, or None for Flask (with the body, if read, handed back)."""
        if environ.get("QUERY_STRING") or not self.app.config.get("HOT_LANE", True):
            return None
        scheme, _, token = environ.get("HTTP_AUTHORIZATION", "").partition(" ")
        if scheme != "Bearer" or not token:
            return None
        body = _read_body(environ)
        if body is _UNREADABLE:
            return None
        with self.app.app_context():
            from .auth.security import local_user_id

            try:
                user_id = local_user_id(token)
                if user_id is None:
                    return None
                handled = handler(ids, user_id, body)
                if handled is None:
                    environ[DECLINED] = True  # Flask need not try the fast path again
                    return None
                status, view = handled
                response = cast(Response, self.app.json.response(self._schema(schema).dump(view)))
            except Exception:  # a bug: Flask answers instead (the three are idempotent)
                log.exception("hot lane: %s %s", environ["REQUEST_METHOD"], environ["PATH_INFO"])
                return None
            response.status_code = status
            return self.decorate(
                response,
                environ["PATH_INFO"],
                environ.get("wsgi.url_scheme") == "https",
                environ.get("HTTP_ORIGIN"),
                environ.get("HTTP_SEC_FETCH_DEST"),
            )

    def _schema(self, name: str) -> Any:
        schema = self.schemas.get(name)
        if schema is None:
            from .attempts import schemas

            schema = self.schemas[name] = getattr(schemas, name)()
        return schema


_UNREADABLE = object()


def _read_body(environ: dict[str, Any]) -> Any:
    """The parsed JSON body (None when empty), or _UNREADABLE: not a small JSON body that
    input_guard would pass. A body read is put back for Flask."""
    if environ.get("HTTP_TRANSFER_ENCODING"):  # chunked: no length to trust here
        return _UNREADABLE
    length = environ.get("CONTENT_LENGTH") or "0"
    if not length.isascii() or not length.isdigit() or int(length) > MAX_BODY:
        return _UNREADABLE
    if int(length) == 0:
        return None
    if environ.get("CONTENT_TYPE", "").lower() not in _JSON_TYPES:
        return _UNREADABLE
    raw = environ["wsgi.input"].read(int(length))
    environ["wsgi.input"] = io.BytesIO(raw)  # Flask reads it again if it answers
    if len(raw) != int(length) or too_deep(raw):
        return _UNREADABLE
    try:
        body = orjson.loads(raw)  # refuses lone surrogates (input_guard's 422 then)
    except orjson.JSONDecodeError:
        return _UNREADABLE
    return _UNREADABLE if first_unstorable(body) else body
