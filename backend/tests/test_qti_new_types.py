"""QTI for essay (extendedTextInteraction), matching (matchInteraction), ordering
(orderInteraction) and cloze (inline choice and text entry interactions in one item): each
written and read back exactly, other tools' QTI 2.1 items read, and what is wrong reported."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings

from online_exam.banks.qti import _ItemReader, _normalise, _xml, write_item
from online_exam.banks.qti_package import parse_xml
from online_exam.domain import QuestionType
from online_exam.exams.spec import QuestionSpec

from .question_strategies import questions
from .test_qti import _read_back, _spec

NEW_TYPES = (QuestionType.ESSAY, QuestionType.MATCHING, QuestionType.ORDERING, QuestionType.CLOZE)

QUESTIONS: list[dict[str, Any]] = [
    {"type": "essay", "text": "Describe a cat.", "points": 5.0, "word_limit": 200},
    {"type": "essay", "text": "No limit", "general_feedback": "Mention purring."},
    {
        "type": "matching",
        "text": "Which eats which?",
        "points": 3.0,
        "alternatives": [
            {"text": "cat", "match": "mice"},
            {"text": "dog", "match": "bones"},
            {"text": "cow", "match": "grass"},
            {"text": "", "match": "fish"},
        ],
    },
    {
        "type": "matching",
        "text": "Two items, one answer",
        "alternatives": [{"text": "cat", "match": "mammal"}, {"text": "dog", "match": "mammal"}],
    },
    {
        "type": "ordering",
        "text": "Oldest first",
        "ordering_credit": "per_item",
        "alternatives": [{"text": "Rome"}, {"text": "Paris"}, {"text": "Brasília"}],
    },
    {
        "type": "cloze",
        "text": "Paris is in {#1}; its river is the {#2}.\nSecond line {#3} & <more>",
        "points": 3.0,
        "general_feedback": "Geography.",
        "gaps": [
            {"kind": "choice"},
            {"kind": "text", "case_sensitive": True},
            {"kind": "text"},
        ],
        "alternatives": [
            {"text": "Spain", "credit": 0.0, "gap": 1},
            {"text": "France", "credit": 1.0, "gap": 1},
            {"text": "Seine", "credit": 1.0, "gap": 2},
            {"text": "seine", "credit": 0.5, "gap": 2},
            {"text": "x", "credit": 1.0, "gap": 3},
        ],
    },
]


# Drafts travel as they are, as the other types' drafts do.
DRAFTS: list[dict[str, Any]] = [
    {"type": "matching", "text": "No pairs yet"},
    {"type": "ordering", "text": "No items yet"},
]


@pytest.mark.parametrize("data", QUESTIONS + DRAFTS, ids=lambda d: f"{d['type']}: {d['text'][:20]}")
def test_every_new_type_reads_back_as_written(data: dict[str, Any]) -> None:
    spec = _spec(data)
    back, warnings = _read_back(write_item(spec, "Q1", shuffle=True))
    assert back == spec
    assert warnings == []


def test_the_interactions_are_qti_s() -> None:
    tags = {
        data["type"]: [e.tag for e in write_item(_spec(data), "Q1", shuffle=False).iter()]
        for data in QUESTIONS
    }
    assert "qti-extended-text-interaction" in tags["essay"]
    assert "qti-match-interaction" in tags["matching"]
    assert "qti-order-interaction" in tags["ordering"]
    assert "qti-inline-choice-interaction" in tags["cloze"]
    assert tags["cloze"].count("qti-text-entry-interaction") == 2
    essay = write_item(_spec(QUESTIONS[0]), "Q1", shuffle=False)
    assert essay.find("qti-response-processing") is None  # a person grades it


def _qti_can_hold(spec: QuestionSpec) -> bool:
    """Per-answer feedback of a gap is not written (QTI's inline choices hold text only), and
    spaces at the ends of a line of a choice are not kept (as for every choice, see qti.py)."""
    texts = [t for a in spec.alternatives for t in (a.text, a.match)]
    if any(line != line.strip() for text in texts for line in text.split("\n")):
        return False
    return spec.type != QuestionType.CLOZE or all(not a.feedback for a in spec.alternatives)


@settings(max_examples=150, deadline=None)
@given(questions(NEW_TYPES).filter(_qti_can_hold))
def test_export_then_import_is_exact(spec: QuestionSpec) -> None:
    back, _ = _read_back(write_item(spec, "Q1", shuffle=True))
    assert back == spec


def _read(item: str) -> tuple[dict[str, Any], list[str]]:
    root = parse_xml(item.encode(), "item.xml")
    _normalise(root, "2.1")
    reader = _ItemReader(root, "2.1")
    return reader.read(), reader.warnings


def _item21(declarations: str, body: str) -> str:
    return (
        '<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="i" '
        f'title="t" adaptive="false" timeDependent="false">{declarations}'
        '<outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>'
        f"<itemBody>{body}</itemBody></assessmentItem>"
    )


def test_a_qti21_match_item_from_another_tool() -> None:
    item = _item21(
        '<responseDeclaration identifier="RESPONSE" cardinality="multiple" '
        'baseType="directedPair"><correctResponse><value>C R</value><value>D M</value>'
        "</correctResponse></responseDeclaration>",
        "<matchInteraction responseIdentifier='RESPONSE' maxAssociations='2'>"
        "<prompt>Match the characters to their plays.</prompt>"
        "<simpleMatchSet><simpleAssociableChoice identifier='C' matchMax='1'>Capulet"
        "</simpleAssociableChoice><simpleAssociableChoice identifier='D' matchMax='1'>"
        "Demetrius</simpleAssociableChoice></simpleMatchSet>"
        "<simpleMatchSet><simpleAssociableChoice identifier='M' matchMax='2'>A Midsummer"
        "</simpleAssociableChoice><simpleAssociableChoice identifier='R' matchMax='2'>Romeo"
        "</simpleAssociableChoice><simpleAssociableChoice identifier='T' matchMax='2'>Tempest"
        "</simpleAssociableChoice></simpleMatchSet></matchInteraction>",
    )
    data, _ = _read(item)
    assert data["type"] == "matching"
    assert [(a["text"], a["match"]) for a in data["alternatives"]] == [
        ("Capulet", "Romeo"),
        ("Demetrius", "A Midsummer"),
        ("", "Tempest"),
    ]


def test_a_qti21_order_item_from_another_tool() -> None:
    item = _item21(
        '<responseDeclaration identifier="R" cardinality="ordered" baseType="identifier">'
        "<correctResponse><value>B</value><value>A</value></correctResponse>"
        "</responseDeclaration>",
        "<p>Order them.</p><orderInteraction responseIdentifier='R' shuffle='true'>"
        "<simpleChoice identifier='A'>second</simpleChoice>"
        "<simpleChoice identifier='B'>first</simpleChoice></orderInteraction>",
    )
    data, _ = _read(item)
    assert (data["type"], data["text"], data["ordering_credit"]) == (
        "ordering",
        "Order them.",
        "whole",
    )
    assert [a["text"] for a in data["alternatives"]] == ["first", "second"]


def test_a_qti21_inline_choice_item_is_a_cloze_question() -> None:
    item = _item21(
        '<responseDeclaration identifier="R" cardinality="single" baseType="identifier">'
        "<correctResponse><value>G</value></correctResponse></responseDeclaration>",
        "<p>Edinburgh is the capital of <inlineChoiceInteraction responseIdentifier='R' "
        "shuffle='false'><inlineChoice identifier='G'>Scotland</inlineChoice>"
        "<inlineChoice identifier='W'>Wales</inlineChoice></inlineChoiceInteraction>.</p>",
    )
    data, _ = _read(item)
    assert (data["type"], data["text"]) == ("cloze", "Edinburgh is the capital of {#1}.")
    assert [(a["text"], a["credit"], a["gap"]) for a in data["alternatives"]] == [
        ("Scotland", 1.0, 1),
        ("Wales", 0.0, 1),
    ]


@pytest.mark.parametrize(
    ("declaration", "interaction", "words"),
    [
        (
            '<responseDeclaration identifier="R" cardinality="ordered" baseType="identifier"/>',
            "<orderInteraction responseIdentifier='R'><simpleChoice identifier='A'>a"
            "</simpleChoice></orderInteraction>",
            "no correct response",
        ),
        (
            '<responseDeclaration identifier="R" cardinality="multiple" baseType="directedPair">'
            "<correctResponse><value>A X</value></correctResponse></responseDeclaration>",
            "<matchInteraction responseIdentifier='R'><simpleMatchSet><simpleAssociableChoice "
            "identifier='A'>a</simpleAssociableChoice></simpleMatchSet><simpleMatchSet>"
            "<simpleAssociableChoice identifier='B'>b</simpleAssociableChoice></simpleMatchSet>"
            "</matchInteraction>",
            "not one item to one answer",
        ),
        (
            '<responseDeclaration identifier="R" cardinality="single" baseType="string"/>',
            "<extendedTextInteraction responseIdentifier='R' data-word-limit='many'/>",
            "data-word-limit",
        ),
    ],
    ids=["order without key", "pair of unknown ids", "bad word limit"],
)
def test_what_is_wrong_is_an_error(declaration: str, interaction: str, words: str) -> None:
    with pytest.raises(Exception, match=words):
        _read(_item21(declaration, interaction))


def test_xml_helper_is_used() -> None:
    assert _xml(write_item(_spec(QUESTIONS[0]), "Q1", shuffle=False)).startswith(b"<?xml")
