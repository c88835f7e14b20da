"""GIFT as Moodle's importer (question/format/gift/format.php) reads it, case by case, and
export -> import round trips of every supported question (property tests).

Each row quotes what Moodle does with the text, then what we import. Where our model cannot
hold what Moodle imports, the question comes in with the part we can hold and a warning that
names what was left out, or it is refused with its line; never a silent change of meaning."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from online_exam.banks.gift import gift_text, parse_gift
from online_exam.banks.importer import load_question
from online_exam.banks.portable import parse_portable
from online_exam.domain import QuestionType
from online_exam.exams.spec import AlternativeSpec, QuestionSpec

from .question_strategies import ALL_TYPES, CLASSIC, questions

# An alternative of a choice or short-answer question: no matching answer, no cloze gap.
NOT_MATCHING_OR_GAP = {"match": "", "gap": 0}


def alts(*items: tuple[str, float] | tuple[str, float, str]) -> list[dict[str, Any]]:
    return [
        {
            "text": item[0],
            "credit": item[1],
            "feedback": item[2] if len(item) > 2 else "",
            **NOT_MATCHING_OR_GAP,
        }
        for item in items
    ]


MARKER = "format marker"

# (Moodle's behaviour, GIFT text, expected fields, words of the warning or None)
CASES: list[tuple[str, str, dict[str, Any], str | None]] = [
    (
        "numeric: `~` starts the feedback for any other answer (3 ± 2 imported)",
        "How much? {#3:2~#Completely wrong}",
        {"type": "numeric", "numeric_answer": 3.0, "numeric_tolerance": 2.0},
        "feedback for any other answer",
    ),
    (
        "numeric: catch-all without feedback changes nothing",
        "How much? {#3:2~}",
        {"type": "numeric", "numeric_answer": 3.0, "numeric_tolerance": 2.0},
        None,
    ),
    (
        "numeric: several = answers and a catch-all",
        "Born? {#=1822:0 =%50%1822:2 ~#No.}",
        {"numeric_answer": 1822.0, "numeric_tolerance": 0.0},
        "Only one numeric answer is kept",
    ),
    (
        "numeric: min..max is the midpoint ± half the width",
        "From 1 to 5? {#=1..5}",
        {"numeric_answer": 3.0, "numeric_tolerance": 2.0},
        None,
    ),
    (
        "numeric: an explicit * with no credit is implied",
        "How much? {#=3 =%0%*#Anything else}",
        {"numeric_answer": 3.0, "numeric_tolerance": None},
        "is implied",
    ),
    (
        "format marker inside an alternative (Moodle removes it)",
        "Colour? {=[plain]yellow ~[html]<b>blue</b>}",
        {"type": "single", "alternatives": alts(("yellow", 1.0), ("<b>blue</b>", 0.0))},
        MARKER,
    ),
    (
        "format marker inside a feedback",
        "Colour? {=yellow # [html]<i>right</i> ~blue #[markdown]*no*}",
        {"alternatives": alts(("yellow", 1.0, "<i>right</i>"), ("blue", 0.0, "*no*"))},
        MARKER,
    ),
    (
        "format marker in true/false feedbacks and the general feedback",
        "Sky is green. {F#[plain]It is blue.#[moodle]Right.####[markdown]**Physics**}",
        {
            "general_feedback": "**Physics**",
            "alternatives": [
                {"text": "True", "credit": 0.0, "feedback": "It is blue.", "match": "", "gap": 0},
                {"text": "False", "credit": 1.0, "feedback": "Right.", "match": "", "gap": 0},
            ],
        },
        MARKER,
    ),
    (
        "format marker in a short answer's accepted answer",
        "Pet? {=[plain]cat =%50%[plain]kitty}",
        {"type": "short_answer", "alternatives": alts(("cat", 1.0), ("kitty", 0.5))},
        MARKER,
    ),
    (
        "Moodle reads markers in lower case only: [HTML] stays text",
        "[HTML]Hi {T}",
        {"text": "[HTML]Hi"},
        None,
    ),
    (
        "a marker that is not at the start of a text stays",
        "Colour? {=it is [plain] ~no}",
        {"alternatives": alts(("it is [plain]", 1.0), ("no", 0.0))},
        None,
    ),
    (
        "one = answer and weighted ~ answers: single choice with partial credit",
        "Jesus Christ was from {~Jerusalem ~%25%Bethlehem ~%50%Galilee =Nazareth}",
        {
            "type": "single",
            "alternatives": alts(
                ("Jerusalem", 0.0), ("Bethlehem", 0.25), ("Galilee", 0.5), ("Nazareth", 1.0)
            ),
        },
        None,
    ),
    (
        "negative weight with an = answer stays single choice",
        "Q? {=a ~%-50%b ~c}",
        {"type": "single", "alternatives": alts(("a", 1.0), ("b", -0.5), ("c", 0.0))},
        None,
    ),
    (
        "no = answer: multiple response (Moodle's single=0)",
        "Which are prime? {~%50%2 ~%50%3 ~%-100%4}",
        {"type": "multiple", "alternatives": alts(("2", 0.5), ("3", 0.5), ("4", -1.0))},
        None,
    ),
    (
        "two = answers: Moodle's single choice with two right ones, imported as multiple",
        "Colours? {=red =blue ~dog}",
        {"type": "multiple", "alternatives": alts(("red", 1.0), ("blue", 1.0), ("dog", 0.0))},
        "Moodle reads this as single choice",
    ),
    (
        "=%50% among ~ answers: Moodle takes the text '%50%a' at full credit; reported",
        "Q? {=%50%a ~b =c}",
        {"type": "multiple", "alternatives": alts(("a", 0.5), ("b", 0.0), ("c", 1.0))},
        "Moodle reads it as full credit",
    ),
    (
        "general feedback is after the last ####",
        "Q? {=a ~b #### one #### two}",
        {"general_feedback": "two"},
        None,
    ),
    (
        "escapes in alternatives, feedback and general feedback",
        r"Q\{1\}? {=a\~b#c\#d ~e\=f ####g\:h\nnext}",
        {
            "text": "Q{1}?",
            "general_feedback": "g:h\nnext",
            "alternatives": alts(("a~b", 1.0, "c#d"), ("e=f", 0.0)),
        },
        None,
    ),
    (
        "title, comment lines and a missing word",
        "// a comment\n::Capital:: {=Paris ~Lyon} is the capital of France.",
        {"text": "_____ is the capital of France.", "title": "Capital"},
        None,
    ),
]


@pytest.mark.parametrize(
    ("text", "expected", "warning"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_moodle_reading(text: str, expected: dict[str, Any], warning: str | None) -> None:
    result = parse_gift(text)
    assert result.errors == []
    assert len(result.questions) == 1
    question = result.questions[0]
    got = {**question.data, "title": question.title}
    assert {key: got[key] for key in expected} == expected
    if warning is None:
        assert question.warnings == []
    else:
        assert any(warning in w for w in question.warnings), question.warnings


# (what Moodle would import that our model cannot hold, text, words of the error)
REFUSED = [
    ("a numeric * answer with credit", "Any? {#=%100%*}", "with credit cannot be held"),
    ("a numeric question with only a catch-all", "Any? {#~#Wrong}", "needs a number"),
]


@pytest.mark.parametrize(("text", "words"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_what_cannot_be_held_is_refused_with_its_line(text: str, words: str) -> None:
    result = parse_gift(f"Fine? {{T}}\n\n{text}")
    assert [q.data["text"] for q in result.questions] == ["Fine?"]
    assert [(e.line, words in e.message) for e in result.errors] == [(3, True)]


def test_category_lines_are_reported_with_their_line() -> None:
    result = parse_gift("$CATEGORY: $course$/top/Maths\n\nQ {T}")
    assert len(result.questions) == 1
    assert [(w.line, "Maths" in w.message) for w in result.warnings] == [(1, True)]


def test_texts_that_look_like_markers_or_weights_survive_the_writer() -> None:
    question = QuestionSpec.from_data(
        {
            "type": "single",
            "text": "[html] is not a format here",
            "alternatives": [
                {"text": "%50% of it", "credit": 1.0},
                {"text": "[plain]", "credit": 0.0, "feedback": "[markdown]x"},
            ],
        }
    )
    parsed = parse_gift(gift_text("t", [question])).questions[0]
    assert parsed.data == question.document()


def _gift_can_hold(spec: QuestionSpec) -> bool:
    """A matching item with "->" in it would be read back split there (by Moodle too)."""
    return all("->" not in a.text for a in spec.alternatives)


GIFT_QUESTIONS = questions((*CLASSIC, QuestionType.ESSAY, QuestionType.MATCHING)).filter(
    _gift_can_hold
)


@settings(max_examples=200, deadline=None)
@given(st.lists(GIFT_QUESTIONS, min_size=1, max_size=3))
def test_gift_export_then_import_is_exact(specs: list[QuestionSpec]) -> None:
    result = parse_gift(gift_text("Round trip", specs))
    assert result.errors == []
    assert [q.data for q in result.questions] == [spec.document() for spec in specs]


@settings(max_examples=300, deadline=None)
@given(questions(ALL_TYPES))
def test_portable_json_round_trip_is_exact(question: QuestionSpec) -> None:
    text = json.dumps({"version": 1, "questions": [question.document()]})
    _, result = parse_portable(text)
    assert result.errors == []
    assert load_question(result.questions[0].data) == question


def test_types_gift_cannot_hold_are_reported_in_the_export() -> None:
    ordering = QuestionSpec(
        QuestionType.ORDERING,
        "Order",
        alternatives=(AlternativeSpec("a"), AlternativeSpec("b")),
    )
    text = gift_text("t", [ordering])
    assert "// Not exported: GIFT has no ordering questions" in text
    result = parse_gift(text)
    assert (result.questions, result.errors) == ([], [])
