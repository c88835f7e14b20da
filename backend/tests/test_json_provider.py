"""The orjson response encoder writes what Flask's standard-library encoder wrote."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from flask.json.provider import DefaultJSONProvider

from online_exam.app import OnlineExamApp
from online_exam.json_provider import OrjsonProvider


@dataclass
class _Point:
    x: int
    label: str


def _both(app: OnlineExamApp, value: Any) -> tuple[Any, Any]:
    """(what the app's provider writes, what Flask's standard-library provider writes), parsed."""
    standard = DefaultJSONProvider(app)
    standard.sort_keys = False
    return json.loads(app.json.dumps(value)), json.loads(standard.dumps(value))


def test_the_app_encodes_with_orjson(app: OnlineExamApp) -> None:
    assert isinstance(app.json, OrjsonProvider)


def test_values_are_written_as_the_standard_library_wrote_them(app: OnlineExamApp) -> None:
    value = {
        "when": datetime(2026, 12, 1, 9, 30, tzinfo=UTC),  # Flask's HTTP date, not ISO
        "day": date(2026, 12, 1),
        "amount": Decimal("1.50"),
        "point": _Point(3, "x"),
        7: "an int key",
        "text": "Größe, مرحبا",
        "nested": [1, 2.5, None, True, {"b": 1, "a": 2}],
    }
    ours, standard = _both(app, value)
    assert ours == standard
    assert ours["when"] == "Tue, 01 Dec 2026 09:30:00 GMT"
    assert ours["7"] == "an int key"


def test_key_order_is_kept(app: OnlineExamApp) -> None:
    assert app.json.dumps({"b": 1, "a": 2}) == '{"b":1,"a":2}'


def test_an_int_beyond_64_bits_falls_back_to_the_standard_library(app: OnlineExamApp) -> None:
    big = 2**70
    assert json.loads(app.json.dumps({"n": big})) == {"n": big}
    with app.test_request_context():
        response = app.json.response({"n": big})
    assert json.loads(response.get_data()) == {"n": big}


def test_responses_are_json_with_a_final_newline(app: OnlineExamApp) -> None:
    with app.test_request_context():
        response = app.json.response({"a": "é"})
    assert response.mimetype == "application/json"
    assert response.get_data() == '{"a":"é"}\n'.encode()


def test_explicit_options_use_the_standard_library(app: OnlineExamApp) -> None:
    assert app.json.dumps({"a": 1}, indent=2) == '{\n  "a": 1\n}'
