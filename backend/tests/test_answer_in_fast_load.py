"""AnswerIn's hand-written load of autosave bodies agrees with marshmallow's, and every body it
does not take (or marshmallow refuses) still goes through marshmallow."""

from __future__ import annotations

import json
from typing import Any

import pytest
from marshmallow import Schema, ValidationError

from online_exam.attempts.schemas import MAX_SEQ, MAX_TEXT, AnswerIn, load_answer_by_hand

FLAT = [
    {"seq": 0},
    {"selected_ids": [3, 1], "seq": 7},
    {"selected_ids": None, "text": None, "number": None, "seq": 2},
    {"text": "Paris", "seq": MAX_SEQ},
    {"text": "x" * MAX_TEXT, "seq": 1},
    {"number": 2.5, "seq": 3},
    {"ordered_ids": [4, 2, 9], "seq": 4},
    {"selected_ids": [], "seq": 5},
    {"pairs": [{"item_id": 1, "answer_id": 2}, {"item_id": 3, "answer_id": 2}], "seq": 6},
    {"pairs": None, "gaps": None, "seq": 6},
    {"gaps": [{"gap": 1, "selected_id": 4, "text": None}], "seq": 8},
]
LOADED_OTHERWISE = [  # taken by hand, loaded as marshmallow loads them (not as they came)
    {"number": 2, "seq": 1},
    {"number": -(2**53), "seq": 1},
    {"gaps": [{"gap": 1, "text": "hundred"}, {"gap": 2, "selected_id": 33}], "seq": 9},
    {"gaps": [{"gap": 1}], "seq": 9},
]
NOT_FLAT = [  # marshmallow decides: some accepted, most refused
    {"number": 2**53 + 1, "seq": 1},
    {"number": True, "seq": 1},
    {"pairs": [{"item_id": 1, "answer_id": 2, "extra": 3}], "seq": 1},
    {"pairs": [{"item_id": 1}], "seq": 1},
    {"pairs": [{"item_id": True, "answer_id": 2}], "seq": 1},
    {"pairs": [[1, 2]], "seq": 1},
    {"gaps": [{"selected_id": 1}], "seq": 1},
    {"gaps": [{"gap": 1, "selected_id": "1"}], "seq": 1},
    {"gaps": [{"gap": 1, "text": "x" * (MAX_TEXT + 1)}], "seq": 1},
    {"gaps": [{"gap": 1, "colour": "red"}], "seq": 1},
    {"gaps": {"gap": 1}, "seq": 1},
    {"seq": True},
    {"seq": -1},
    {"seq": MAX_SEQ + 1},
    {"selected_ids": ["1"], "seq": 1},
    {"selected_ids": [True], "seq": 1},
    {"selected_ids": list(range(101)), "seq": 1},
    {"text": "x" * (MAX_TEXT + 1), "seq": 1},
    {"number": float("inf"), "seq": 1},
    {"unknown": 1, "seq": 1},
    {"text": "no seq"},
    [],
]


@pytest.mark.parametrize("body", FLAT)
def test_flat_bodies_load_by_hand_as_marshmallow_does(body: dict[str, Any]) -> None:
    assert load_answer_by_hand(body) == body
    assert AnswerIn().load(body) == Schema.load(AnswerIn(), body)


@pytest.mark.parametrize("body", LOADED_OTHERWISE)
def test_some_bodies_load_by_hand_into_what_marshmallow_makes_of_them(body: Any) -> None:
    loaded = load_answer_by_hand(body)
    assert loaded is not None
    # As JSON, so that 2 and 2.0 differ: the number comes out a float, the gap with defaults.
    expected = json.dumps(Schema.load(AnswerIn(), body), sort_keys=True)
    assert json.dumps(loaded, sort_keys=True) == expected != json.dumps(body, sort_keys=True)


@pytest.mark.parametrize("body", NOT_FLAT)
def test_other_bodies_go_through_marshmallow(body: Any) -> None:
    assert load_answer_by_hand(body) is None
    try:
        expected: Any = Schema.load(AnswerIn(), body)
    except ValidationError as error:
        expected = error.messages
    try:
        got: Any = AnswerIn().load(body)
    except ValidationError as error:
        got = error.messages
    assert got == expected
