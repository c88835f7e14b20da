"""Hypothesis strategies: every kind of question this platform holds, complete and valid, with
texts full of the characters the exchange formats treat specially (GIFT's ~ = # { } : \\,
format markers, XML's < & ]]>, missing-word blanks, line breaks)."""

from __future__ import annotations

from hypothesis import strategies as st

from online_exam.banks.gift import BLANK
from online_exam.banks.moodle_xml import MOODLE_GRADES
from online_exam.domain import GapKind, OrderingCredit, QuestionType
from online_exam.exams.spec import AlternativeSpec, GapSpec, QuestionSpec

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
    # An accepted answer (or its feedback) with "->" reads as a matching question in GIFT
    # (Moodle too): not written.
    alternatives = [a for a in alternatives if "->" not in a.text + a.feedback] or [
        AlternativeSpec("ok", 1.0)
    ]
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
def _essay(draw: st.DrawFn) -> QuestionSpec:
    word_limit = draw(st.one_of(st.none(), st.integers(1, 5000)))
    return QuestionSpec(QuestionType.ESSAY, draw(texts), word_limit=word_limit)


def _distinct_items(alternatives: list[AlternativeSpec]) -> bool:
    items = [a.text for a in alternatives if a.text]
    answers = [a.match for a in alternatives]
    return len(set(items)) == len(items) and len(set(answers)) == len(answers)


@st.composite
def _matching(draw: st.DrawFn) -> QuestionSpec:
    """Items with their answers, and maybe distractor answers (empty item text)."""
    pair = st.builds(AlternativeSpec, text=texts, credit=st.just(0.0), match=texts)
    pairs = draw(st.lists(pair, min_size=2, max_size=5))
    distractors = draw(st.lists(texts, max_size=2))
    alternatives = [*pairs, *(AlternativeSpec("", 0.0, match=m) for m in distractors)]
    if not _distinct_items(alternatives):
        alternatives = [
            AlternativeSpec(f"{a.text} {i}" if a.text else "", 0.0, match=f"{a.match} {i}")
            for i, a in enumerate(alternatives)
        ]
    return QuestionSpec(QuestionType.MATCHING, draw(texts), alternatives=tuple(alternatives))


@st.composite
def _ordering(draw: st.DrawFn) -> QuestionSpec:
    items = draw(st.lists(texts, min_size=2, max_size=5, unique=True))
    return QuestionSpec(
        QuestionType.ORDERING,
        draw(texts),
        ordering_credit=draw(st.sampled_from(list(OrderingCredit))),
        alternatives=tuple(AlternativeSpec(item, 0.0) for item in items),
    )


_GAP_TEXT = st.text("ab Z1.%é'$/", min_size=1, max_size=12).map(str.strip).filter(bool)


@st.composite
def _cloze(draw: st.DrawFn) -> QuestionSpec:
    """Text around `{#n}` markers; per gap a choice list (one right) or accepted answers."""
    count = draw(st.integers(1, 3))
    words = draw(st.lists(_GAP_TEXT, min_size=count + 1, max_size=count + 1))
    text = "".join(f"{word} {{#{n}}} " for n, word in enumerate(words[:-1], 1)) + words[-1]
    gaps, alternatives = [], []
    for n in range(1, count + 1):
        kind = draw(st.sampled_from(list(GapKind)))
        case_sensitive = kind == GapKind.TEXT and draw(st.booleans())
        gaps.append(GapSpec(kind, case_sensitive))
        answers = draw(st.lists(_GAP_TEXT, min_size=2, max_size=4, unique=True))
        for i, answer in enumerate(answers):
            credit = 1.0 if i == 0 else draw(st.sampled_from([0.0, 0.5]))
            feedback = draw(st.one_of(st.just(""), _GAP_TEXT))
            alternatives.append(AlternativeSpec(answer, credit, feedback, gap=n))
    return QuestionSpec(
        QuestionType.CLOZE, text, gaps=tuple(gaps), alternatives=tuple(alternatives)
    )


CLASSIC = (
    QuestionType.SINGLE,
    QuestionType.MULTIPLE,
    QuestionType.TRUE_FALSE,
    QuestionType.SHORT_ANSWER,
    QuestionType.NUMERIC,
)
_BY_TYPE = {
    QuestionType.SINGLE: _single,
    QuestionType.MULTIPLE: _multiple,
    QuestionType.TRUE_FALSE: _true_false,
    QuestionType.SHORT_ANSWER: _short_answer,
    QuestionType.NUMERIC: _numeric,
    QuestionType.ESSAY: _essay,
    QuestionType.MATCHING: _matching,
    QuestionType.ORDERING: _ordering,
    QuestionType.CLOZE: _cloze,
}


@st.composite
def questions(draw: st.DrawFn, types: tuple[QuestionType, ...] = CLASSIC) -> QuestionSpec:
    """A complete question of one of `types` (default: the five choice/answer types every
    format holds), with points and general feedback."""
    question = draw(st.one_of(*(_BY_TYPE[t]() for t in types)))
    return QuestionSpec(
        question.type,
        question.text,
        points=draw(points),
        general_feedback=draw(feedbacks),
        numeric_answer=question.numeric_answer,
        numeric_tolerance=question.numeric_tolerance,
        case_sensitive=question.case_sensitive,
        word_limit=question.word_limit,
        ordering_credit=question.ordering_credit,
        gaps=question.gaps,
        alternatives=question.alternatives,
    )


ALL_TYPES = tuple(QuestionType)
