"""Pathological import files: every shape that once made (or could make) a parser's work grow
faster than its input, generated at any size.

Standard library only: `bench/pathological_imports.py` times them through the API and
`backend/tests/test_banks_linear.py` checks that their parse time grows linearly, so both use
the same shapes. Each generator returns text of about `size` characters (never more): the
pattern is repeated as often as it fits.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Shape:
    name: str
    format: str  # gift | aiken | json | moodle_xml
    what: str
    make: Callable[[int], str]
    # The size at which the growth test (tests/test_banks_linear.py) starts: large enough for
    # a quadratic path of this shape to show above the fixed costs.
    test_size: int = 16 * 1024


def _repeat(unit: str, size: int, head: str = "", tail: str = "") -> str:
    count = max((size - len(head) - len(tail)) // len(unit), 1)
    return head + unit * count + tail


def _json(questions: list[dict[str, object]]) -> str:
    return json.dumps({"format": "online-exam", "version": 1, "questions": questions})


def _fit(unit_size: int, size: int, overhead: int = 64) -> int:
    return max((size - overhead) // unit_size, 1)


# --------------------------------------------------------------------------- GIFT

GIFT = [
    Shape(
        "gift_many_options",
        "gift",
        "one question with as many `~wrong` answers as fit",
        lambda n: _repeat("~wrong answer\n", n, "Pick one {\n=right\n", "}\n"),
    ),
    Shape(
        "gift_many_questions",
        "gift",
        "many tiny questions `Q? {T}`",
        lambda n: _repeat("Q? {T}\n\n", n),
    ),
    Shape(
        "gift_long_line",
        "gift",
        "one question whose text is a single very long line",
        lambda n: _repeat("word ", n, "", " {=yes ~no}\n"),
    ),
    Shape(
        "gift_escapes",
        "gift",
        r"text and answers made of escapes `\: \~ \{ \} \= \# \\ \n`",
        lambda n: (
            _repeat(r"\:\~\{\}\=\#\\\n", n // 2)
            + " {=a"
            + _repeat(r"\:\~\{\}\=\#\\\n", n // 2 - 16)
            + " ~b}\n"
        ),
    ),
    Shape(
        "gift_comments",
        "gift",
        "many `//` comment lines (and `// points:`) before one question",
        lambda n: _repeat("// a comment\n// points: 2\n", n, "", "Q? {T}\n"),
    ),
    Shape(
        "gift_blank_lines",
        "gift",
        "many blank lines around one question",
        lambda n: _repeat("\n \r\n\t\n", n, "Q? {T}\n"),
    ),
    Shape(
        "gift_unterminated",
        "gift",
        "many questions whose `{` is never closed",
        lambda n: _repeat("Q? {=a ~b\n\n", n),
    ),
    Shape(
        "gift_unterminated_long",
        "gift",
        "one `{` never closed, then a long text of answers",
        lambda n: _repeat("~a ", n, "Q? {"),
    ),
    Shape(
        "gift_unclosed_title",
        "gift",
        "one `::` title never closed, with a long text",
        lambda n: _repeat("title : ", n, "::"),
    ),
    Shape(
        "gift_feedbacks",
        "gift",
        "answers with many `#feedback`s each",
        lambda n: _repeat("~a#f#g#h#i\n", n, "Q? {\n=r#ok\n", "####general\n}\n"),
    ),
    Shape(
        "gift_true_false_feedbacks",
        "gift",
        "a true/false answer followed by as many `#` as fit",
        lambda n: _repeat("#", n, "Q? {T", "}\n"),
    ),
    Shape(
        "gift_numeric_ranges",
        "gift",
        "one numeric question with as many `=a..b` answers as fit",
        lambda n: _repeat("=%50%1.5..2.5#fb\n", n, "Q? {#\n=1..2\n", "}\n"),
    ),
    Shape(
        "gift_long_number",
        "gift",
        "a numeric answer with a very long number (no range marker)",
        lambda n: _repeat("1", n, "Q? {#", ".5:1}\n"),
    ),
    Shape(
        "gift_long_weight",
        "gift",
        "an answer whose `%weight` is never closed",
        lambda n: _repeat("5", n, "Q? {=a ~%", " b}\n"),
    ),
    Shape(
        "gift_categories",
        "gift",
        "many `$CATEGORY:` lines in one block",
        lambda n: _repeat("$CATEGORY: c\n", n, "", "Q? {T}\n"),
        test_size=256 * 1024,  # each pop(0) is one memmove: cheap until there are many
    ),
    Shape(
        "gift_many_lines_one_block",
        "gift",
        "one question spread over as many lines as fit",
        lambda n: _repeat("x\n", n, "", "{T}\n"),
    ),
]

# --------------------------------------------------------------------------- Aiken

AIKEN = [
    Shape(
        "aiken_many_options",
        "aiken",
        "one question with as many `A. x` options as fit",
        lambda n: _repeat("A. x\n", n, "Pick one?\n", "ANSWER: A\n"),
    ),
    Shape(
        "aiken_options_no_space",
        "aiken",
        "options written `A.x` (no space: text lines, not options)",
        lambda n: _repeat("A.x\nB)y\n", n, "Q?\nA. x\n", "ANSWER: A\n"),
    ),
    Shape(
        "aiken_many_questions",
        "aiken",
        "many tiny questions",
        lambda n: _repeat("Q?\nA. x\nB. y\nANSWER: B\n\n", n),
    ),
    Shape(
        "aiken_long_line",
        "aiken",
        "one question whose text is a single very long line",
        lambda n: _repeat("word ", n, "", "\nA. x\nB. y\nANSWER: A\n"),
    ),
    Shape(
        "aiken_many_text_lines",
        "aiken",
        "one question text over as many lines as fit",
        lambda n: _repeat("more text\n", n, "", "A. x\nB. y\nANSWER: A\n"),
    ),
    Shape(
        "aiken_long_option",
        "aiken",
        "an option whose text is a single very long line",
        lambda n: _repeat("x ", n, "Q?\nA. ", "\nB. y\nANSWER: B\n"),
    ),
    Shape(
        "aiken_answer_spaces",
        "aiken",
        "an `ANSWER` line with a huge run of spaces and no colon",
        lambda n: _repeat(" ", n, "Q?\nA. x\nB. y\nANSWER", "B\n"),
    ),
    Shape(
        "aiken_orphans",
        "aiken",
        "options and ANSWER lines without a question (one error each)",
        lambda n: _repeat("A. x\nANSWER: A\n", n),
    ),
]

# --------------------------------------------------------------------------- JSON


def _json_many_questions(size: int) -> str:
    unit = {"type": "true_false", "text": "Q?", "correct": True}
    return _json([unit] * _fit(len(json.dumps(unit)) + 2, size))


def _json_many_alternatives(size: int) -> str:
    unit = {"text": "wrong", "credit": 0.0}
    alternatives = [{"text": "right", "credit": 1.0}]
    alternatives += [unit] * _fit(len(json.dumps(unit)) + 2, size, 128)
    return _json([{"type": "single", "text": "Q?", "alternatives": alternatives}])


def _json_long_strings(size: int) -> str:
    text = "x" * ((size - 256) // 2)
    return _json(
        [
            {
                "type": "single",
                "text": text,
                "alternatives": [{"text": text, "credit": 1.0}, {"text": "b", "credit": 0}],
            }
        ]
    )


def _json_escapes(size: int) -> str:
    # json.dumps with ensure_ascii writes every non-ASCII character as a \uXXXX escape.
    text = "é" * ((size - 256) // 6)
    return _json([{"type": "true_false", "text": text, "correct": False}])


def _json_deep_and_wide(size: int) -> str:
    """A question with an unknown key holding a list nested deeper as the file grows (up to
    800 levels, well within the JSON decoder's recursion limit), whose innermost list holds
    as many strings as fit: a walk that spells the path per string costs depth x width."""
    depth = min(size // 256, 800)
    width = _fit(5, size - 2 * depth, 128)
    inner = json.dumps(["s"] * width)
    nested = "[" * depth + inner + "]" * depth
    return (
        '{"format": "online-exam", "version": 1, "questions": '
        '[{"type": "true_false", "text": "Q?", "correct": true, "extra": ' + nested + "}]}"
    )


def _json_many_keys(size: int) -> str:
    count = _fit(16, size, 128)
    question: dict[str, object] = {"type": "true_false", "text": "Q?", "correct": True}
    question.update({f"k{index:07d}": "v" for index in range(count)})
    return _json([question])


JSON = [
    Shape("json_many_questions", "json", "many tiny questions", _json_many_questions),
    Shape(
        "json_many_alternatives",
        "json",
        "one question with as many alternatives as fit",
        _json_many_alternatives,
    ),
    Shape("json_long_strings", "json", "a question with two very long texts", _json_long_strings),
    Shape("json_escapes", "json", "a text made of `\\u00e9` escapes", _json_escapes),
    Shape(
        "json_deep_and_wide",
        "json",
        "an unknown key holding a deep list with many strings at the bottom",
        _json_deep_and_wide,
    ),
    Shape("json_many_keys", "json", "a question with many unknown keys", _json_many_keys),
]

# --------------------------------------------------------------------------- Moodle XML


def _quiz(unit: str, size: int, head: str = "", tail: str = "") -> str:
    return _repeat(unit, size, '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n' + head,
                   tail + "</quiz>\n")  # fmt: skip


_MOODLE_TF = (
    '<question type="truefalse"><questiontext><text>Q?</text></questiontext>'
    '<answer fraction="100"><text>true</text></answer>'
    '<answer fraction="0"><text>false</text></answer></question>\n'
)
_MOODLE_MC_HEAD = (
    '<question type="multichoice"><questiontext><text>Pick</text></questiontext>'
    '<answer fraction="100"><text>right</text></answer>\n'
)


def _moodle_deep(size: int) -> str:
    """Questions holding an unknown element nested 30 levels (within the 32 allowed), so
    every search inside a question walks all of them."""
    nested = "<x>" * 30 + "</x>" * 30
    return _quiz(_MOODLE_TF.replace("</question>", nested + "</question>"), size)


MOODLE_XML = [
    Shape(
        "moodle_xml_many_questions",
        "moodle_xml",
        "many tiny true/false questions",
        lambda n: _quiz(_MOODLE_TF, n),
    ),
    Shape(
        "moodle_xml_many_answers",
        "moodle_xml",
        "one multichoice question with as many answers as fit",
        lambda n: _quiz(
            '<answer fraction="0"><text>wrong</text></answer>\n', n, _MOODLE_MC_HEAD, "</question>"
        ),
    ),
    Shape(
        "moodle_xml_long_text",
        "moodle_xml",
        "one question whose text is one long escaped run (&lt;b&gt;…)",
        lambda n: _quiz(
            "&lt;b&gt;x&lt;/b&gt; ",
            n,
            '<question type="shortanswer"><questiontext><text>',
            '</text></questiontext><answer fraction="100"><text>x</text></answer></question>',
        ),
    ),
    Shape(
        "moodle_xml_unsupported",
        "moodle_xml",
        "many essay questions (one skipped item each)",
        lambda n: _quiz('<question type="essay"><name><text>E</text></name></question>\n', n),
    ),
    Shape(
        "moodle_xml_categories",
        "moodle_xml",
        "many category switches (one warning each)",
        lambda n: _quiz(
            '<question type="category"><category><text>$course$/top/A</text></category>'
            "</question>\n",
            n,
        ),
    ),
    Shape(
        "moodle_xml_deep",
        "moodle_xml",
        "questions with 30-level nested unknown elements",
        _moodle_deep,
    ),
]

SHAPES = [*GIFT, *AIKEN, *JSON, *MOODLE_XML]

# --------------------------------------------------------------------------- the most that imports

# Not pathological: the largest file an exam can take (500 questions of 50 alternatives, 26
# for Aiken's letters), with texts as long as fit, to time the insert of every row. Their
# work is bounded by those limits, so the growth test leaves them out.
QUESTIONS, ALTERNATIVES = 500, 50


def _padding(size: int, units: int, overhead: int) -> str:
    return "x" * max(size // units - overhead, 1)


def _gift_largest(size: int) -> str:
    pad = _padding(size, QUESTIONS * ALTERNATIVES, 8)
    answers = "".join(f"~{pad}\n" for _ in range(ALTERNATIVES - 1))
    return "".join(f"Q{i}? {{\n={pad}\n{answers}}}\n\n" for i in range(QUESTIONS))


def _aiken_largest(size: int) -> str:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    pad = _padding(size, QUESTIONS * len(letters), 8)
    options = "".join(f"{letter}. {pad}\n" for letter in letters)
    return "".join(f"Q{i}?\n{options}ANSWER: A\n\n" for i in range(QUESTIONS))


def _moodle_xml_largest(size: int) -> str:
    # Moodle XML spends ~45 characters of markup per answer: 50 answers x 500 questions do not
    # fit in 1 MiB, 20 do.
    count = 20
    pad = _padding(size, QUESTIONS * count, 60)
    answers = "".join(
        f'<answer fraction="{100 if i == 0 else 0}"><text>{pad}</text></answer>'
        for i in range(count)
    )
    question = (
        '<question type="multichoice"><questiontext><text>Q?</text></questiontext>'
        f"<shuffleanswers>true</shuffleanswers>{answers}</question>\n"
    )
    return "<quiz>\n" + question * QUESTIONS + "</quiz>\n"


def _json_largest(size: int) -> str:
    pad = _padding(size, QUESTIONS * ALTERNATIVES, 40)
    alternatives = [{"text": pad, "credit": 1.0 if i == 0 else 0.0} for i in range(ALTERNATIVES)]
    return _json(
        [
            {"type": "single", "text": f"Q{i}?", "alternatives": alternatives}
            for i in range(QUESTIONS)
        ]
    )


LARGEST = [
    Shape("gift_largest_valid", "gift", "500 questions x 50 answers (all imported)", _gift_largest),
    Shape(
        "aiken_largest_valid", "aiken", "500 questions x 26 options (all imported)", _aiken_largest
    ),
    Shape(
        "moodle_xml_largest_valid",
        "moodle_xml",
        "500 questions x 20 answers (all imported)",
        _moodle_xml_largest,
    ),
    Shape(
        "json_largest_valid",
        "json",
        "500 questions x 50 alternatives (all imported)",
        _json_largest,
    ),
]
