"""Hypothesis strategies: every kind of question this platform holds, complete and valid, with
texts full of the characters the exchange formats treat specially (GIFT's ~ = # { } : \\,
format markers, XML's < & ]]>, missing-word blanks, line breaks)."""

from __future__ import annotations

from hypothesis import strategies as st

from online_exam.banks.gift import BLANK
from online_exam.banks.moodle_xml import MOODLE_GRADES
from online_exam.domain import QuestionType
from online_exam.exams.spec import AlternativeSpec, QuestionSpec

_ALPHABET = "ab Z1.%~=#{}:\\[]->_\n<&é'\"$/*"
_MARKERS = st.sampled_from(["[html]", "[plain]", "[markdown]", "[moodle]", "[HTML]", "]]>", "%50%"])


def _text() -> st.SearchStrategy[str]:
    plain = st.text(_ALPHABET, min_size=1, max_size=24)
    marked = st.tuples(_MARKERS, plain).map("".join)
    blank = st.tuples(plain, plain).map(lambda parts: f"{parts[0]}{BLANK}{parts[1]}")
    # Formats trim texts at their ends: a text as an author would leave it.
    return st.one_of(plain, marked, blank).map(str.strip).filter(bool)


texts = _text()
feedbacks = st.one_of(st.just(""), texts)
points = st.one_of(st.sampled_from([1.0, 2.5, 0.5, 10.0]), st.floats(0.01, 1000))


def _not_a_near_grade(credit: float) -> bool:
    """Moodle XML writes a credit within 1e-7 of one of Moodle's grades as that grade (what
    Moodle's importer accepts): such credits do not come back bit for bit, by design."""
    return all(
        credit == value or abs(credit - value) >= 1e-7
        for grade in MOODLE_GRADES
        for value in (grade, -grade)
    )


# Credits as Moodle's grade list holds them, and arbitrary fractions.
credits = st.one_of(
    st.sampled_from([0.0, 0.5, 0.25, -0.5, 0.3333333, -1.0, 0.1]),
    st.floats(-1, 1, allow_nan=False).filter(lambda c: c != 1.0).filter(_not_a_near_grade),
)
numbers = st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False)


def _distinct(alternatives: list[AlternativeSpec]) -> bool:
    return len({a.text for a in alternatives}) == len(alternatives)


def _alternatives(min_size: int) -> st.SearchStrategy[list[AlternativeSpec]]:
    alternative = st.builds(AlternativeSpec, text=texts, credit=credits, feedback=feedbacks)
    return st.lists(alternative, min_size=min_size, max_size=5).filter(_distinct)


@st.composite
def _single(draw: st.DrawFn) -> QuestionSpec:
    others = draw(_alternatives(1))
    right = AlternativeSpec(draw(texts), 1.0, draw(feedbacks))
    alternatives = [a for a in others if a.text != right.text]
    alternatives.insert(draw(st.integers(0, len(alternatives))), right)
    if len(alternatives) < 2:
        alternatives.append(AlternativeSpec(right.text + "x", 0.0))
    return QuestionSpec(QuestionType.SINGLE, draw(texts), alternatives=tuple(alternatives))


@st.composite
def _multiple(draw: st.DrawFn) -> QuestionSpec:
    alternatives = draw(_alternatives(2))
    if draw(st.booleans()):  # some multiple-response keys give full credit to one box
        alternatives[0] = AlternativeSpec(alternatives[0].text, 1.0, alternatives[0].feedback)
    return QuestionSpec(QuestionType.MULTIPLE, draw(texts), alternatives=tuple(alternatives))


@st.composite
def _true_false(draw: st.DrawFn) -> QuestionSpec:
    truth = draw(st.booleans())
    alternatives = (
        AlternativeSpec("True", float(truth), draw(feedbacks)),
        AlternativeSpec("False", float(not truth), draw(feedbacks)),
    )
    return QuestionSpec(QuestionType.TRUE_FALSE, draw(texts), alternatives=alternatives)


@st.composite
def _short_answer(draw: st.DrawFn) -> QuestionSpec:
    alternatives = draw(_alternatives(0))
    right = AlternativeSpec(draw(texts), 1.0, draw(feedbacks))
    alternatives = [right, *(a for a in alternatives if a.text != right.text)]
    # An accepted answer "a->b" reads as a matching question in GIFT (Moodle too): not written.
    alternatives = [a for a in alternatives if "->" not in a.text] or [AlternativeSpec("ok", 1.0)]
    return QuestionSpec(
        QuestionType.SHORT_ANSWER,
        draw(texts),
        case_sensitive=draw(st.booleans()),
        alternatives=tuple(alternatives),
    )


@st.composite
def _numeric(draw: st.DrawFn) -> QuestionSpec:
    tolerance = draw(st.one_of(st.none(), st.floats(0, 1e6)))
    return QuestionSpec(
        QuestionType.NUMERIC,
        draw(texts),
        numeric_answer=draw(numbers),
        numeric_tolerance=tolerance,
    )


@st.composite
def questions(draw: st.DrawFn) -> QuestionSpec:
    """A complete question of any supported type, with points and general feedback."""
    question = draw(st.one_of(_single(), _multiple(), _true_false(), _short_answer(), _numeric()))
    return QuestionSpec(
        question.type,
        question.text,
        points=draw(points),
        general_feedback=draw(feedbacks),
        numeric_answer=question.numeric_answer,
        numeric_tolerance=question.numeric_tolerance,
        case_sensitive=question.case_sensitive,
        alternatives=question.alternatives,
    )
