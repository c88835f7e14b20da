"""Flask's JSON responses encoded by orjson, and PostgreSQL's json columns decoded by it.

The exam-day responses are large documents (an attempt with its twenty questions, a submit
with its review): the standard library's encoder was ~1 ms of a submit's CPU, orjson does the
same in a tenth of that. Only the output side changes: request bodies are still parsed by the
standard library, which accepts what orjson refuses (lone surrogates), so input_guard can answer
those with its own clear 422. What orjson does not encode itself (datetimes in plain dicts,
Decimal, ...) goes to Flask's own `default`, so every value is written as before; the one
visible difference is that non-ASCII text is sent as UTF-8 rather than as \\u escapes (the same
JSON).
"""

from __future__ import annotations

from typing import Any, cast

import orjson
from flask import Flask
from flask.json.provider import DefaultJSONProvider
from psycopg.types.json import set_json_loads

# Datetimes and dataclasses to Flask's default (HTTP dates, asdict), as before; dict keys that
# are not strings (int ids) as the standard library writes them.
_OPTIONS = (
    orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_NON_STR_KEYS
)


class OrjsonProvider(DefaultJSONProvider):
    sort_keys = False  # keep the schemas' field order

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        if kwargs:  # an explicit option (indent, sort_keys, cls, ...): the standard library
            return super().dumps(obj, **kwargs)
        try:
            return orjson.dumps(obj, default=DefaultJSONProvider.default, option=_OPTIONS).decode()
        except orjson.JSONEncodeError:  # e.g. an int beyond 64 bits: the standard library can
            return super().dumps(obj)

    def response(self, *args: Any, **kwargs: Any) -> Any:
        obj = self._prepare_response_obj(args, kwargs)
        try:
            body = orjson.dumps(
                obj,
                default=DefaultJSONProvider.default,
                option=_OPTIONS | orjson.OPT_APPEND_NEWLINE,
            )
        except orjson.JSONEncodeError:
            return super().response(obj)
        return cast(Any, self._app).response_class(body, mimetype=self.mimetype)  # bytes: fine


def init_json(app: Flask) -> None:
    app.json = OrjsonProvider(app)
    set_json_loads(orjson.loads)  # jsonb from PostgreSQL: valid JSON by construction
