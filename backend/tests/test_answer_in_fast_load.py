"""AnswerIn's hand-written load of flat autosave bodies agrees with marshmallow's, and every
body it does not take (or marshmallow refuses) still goes through marshmallow."""

from __future__ import annotations

from typing import Any

import pytest
from marshmallow import Schema, ValidationError

from online_exam.attempts.schemas import MAX_SEQ, MAX_TEXT, AnswerIn, _load_flat_answer

FLAT = [
    {"seq": 0},
    {"selected_ids": [3, 1], "seq": 7},
    {"selected_ids": None, "text": None, "number": None, "seq": 2},
    {"text": "Paris", "seq": MAX_SEQ},
    {"text": "x" * MAX_TEXT, "seq": 1},
    {"number": 2.5, "seq": 3},
    {"ordered_ids": [4, 2, 9], "seq": 4},
    {"selected_ids": [], "seq": 5},
]
NOT_FLAT = [  # marshmallow decides: some accepted (ints as numbers, pairs), most refused
    {"number": 2, "seq": 1},
    {"pairs": [{"item_id": 1, "answer_id": 2}], "seq": 1},
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
    assert _load_flat_answer(body) == body
    assert AnswerIn().load(body) == Schema.load(AnswerIn(), body)


@pytest.mark.parametrize("body", NOT_FLAT)
def test_other_bodies_go_through_marshmallow(body: Any) -> None:
    assert _load_flat_answer(body) is None
    try:
        expected: Any = Schema.load(AnswerIn(), body)
    except ValidationError as error:
        expected = error.messages
    try:
        got: Any = AnswerIn().load(body)
    except ValidationError as error:
        got = error.messages
    assert got == expected
