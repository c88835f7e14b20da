"""GIFT (Moodle's "General Import Format Template"): parser and writer.

Supported, as Moodle documents it: questions separated by blank lines and spanning several
lines; `//` comment lines; `::title::`; `[html]`/`[moodle]`/`[plain]`/`[markdown]` format
markers at the start of any text (question, alternative, feedback, general feedback; lower case,
as Moodle reads them; removed and reported: the text is kept as written); `$CATEGORY:` lines
(reported, questions go into the exam); escapes `\\:` `\\=` `\\~` `\\#` `\\{` `\\}` `\\\\` and `\\n`
(newline); answers in `{…}` before, after or inside the text (missing-word format: the
answers are replaced by "_____"); per-answer `#feedback` and general `####feedback`.

Question types:
- `{=right ~wrong ~%50%half}` -> single (one `=` answer; `~%n%` answers are partial credit for
  picking them), `{~%50%a ~%50%b ~c}` (no `=`) -> multiple, as Moodle decides (credit =
  weight / 100; `=` without weight is 100 %, `~` without weight 0 %); several `=` answers
  (Moodle: single choice, any of them right) -> multiple, reported;
- `{T}` `{TRUE}` `{F}` `{FALSE}`, with `#feedback for a wrong answer#feedback for a right one`
  -> true_false;
- only `=` answers (`{=cat =%50%kitty}`) -> short_answer (accepted answers with credit);
- `{#3.14:0.01}`, `{#1..5}` (answer = midpoint, tolerance = half the width), `{#3}`
  (no tolerance = exact) and several `{#=a:t =%50%b:t}` (the first full-credit one is kept,
  the others are reported) -> numeric; `~#feedback` (Moodle's feedback for any other answer,
  `{#3:2~#Wrong}`) and per-answer feedback are reported as not kept; `*` with credit is an
  error (any number right cannot be held).
- `{}` (nothing but maybe `####general feedback`) -> essay;
- only `=` answers each with `->` (`{=cat -> mammal =trout -> fish = -> bird}`) -> matching,
  as Moodle reads them: at least two answers, the item before the first `->`, its answer after
  it; an empty item (`= -> bird`) is a distractor answer; `#` in a pair is part of its answer
  text (Moodle has no per-pair feedback).
A missing-word question (`text {=a ~b} more`) stays a single-choice question with "_____" where
the answers were, as Moodle imports it (Moodle has no separate type for it either). Ordering
and cloze questions do not exist in GIFT: the writer reports them as not exported.
Skipped and reported, never silently dropped: descriptions (text without answers). Errors name
the 1-based line and what is wrong.

Three extensions, in comment lines so other GIFT readers ignore them: `// points: 2.5` sets
the question's points (GIFT has none; default 1), `// case-sensitive` makes a short-answer
question's accepted answers case-sensitive and `// word limit: 300` sets an essay's limit. The
writer emits them, so an export re-imports with the same points. What GIFT cannot express (a
true/false question's own labels, titles, ordering and cloze questions) is not written; the
lossless format is the JSON one (portable.py).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from typing import Any

from ..domain import QuestionType
from ..exams.models import Exam
from ..exams.spec import AlternativeSpec, QuestionSpec
from .parsed import (
    Issue,
    NumericAnswer,
    ParsedQuestion,
    ParseResult,
    Skipped,
    alternative,
    keep_one_numeric,
    percent,
    question_data,
)

BLANK = "_____"  # what replaces the answers of a missing-word question
_ESCAPES = {"\\": "\\", ":": ":", "=": "=", "~": "~", "#": "#", "{": "{", "}": "}", "n": "\n"}
_ESCAPE_RE = re.compile(r"\\([\\:=~#{}n])")
_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_NUMBER_RE = re.compile(_NUMBER)
_TOLERANCE_RE = re.compile(rf"\s*({_NUMBER})\s*(?::\s*({_NUMBER})\s*)?")
_RANGE_RE = re.compile(rf"\s*({_NUMBER})\s*\.\.\s*({_NUMBER})\s*")
_WEIGHT_RE = re.compile(r"\s*%([^%\n]*)%")
# Moodle reads a marker only in lower case and only at the very start of a text.
_FORMAT_RE = re.compile(r"\s*\[(html|moodle|plain|markdown)\]")
_TRUE_FALSE_RE = re.compile(r"\s*(T|TRUE|F|FALSE)\s*", re.IGNORECASE)
_POINTS_RE = re.compile(r"//\s*points\s*:\s*(\S+)\s*", re.IGNORECASE)
_CASE_RE = re.compile(r"//\s*case[- ]sensitive\s*", re.IGNORECASE)
_WORD_LIMIT_RE = re.compile(r"//\s*word[- ]limit\s*:\s*(\S+)\s*", re.IGNORECASE)
_MATCH_ARROW = "->"
_LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")
_MASK_RE = re.compile(r"\\.", re.DOTALL)
_SEPARATOR_RES: dict[str, re.Pattern[str]] = {}  # _split's finders, by separator characters


class GiftError(Exception):
    """A problem in one question, at an offset of its block's text (or on a given line)."""

    def __init__(self, message: str, offset: int, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.line = line


class _Skip(Exception):  # control flow: a question of a kind we skip
    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.title: str | None = None


# --------------------------------------------------------------------------- text helpers


def unescape(text: str) -> str:
    if "\\" not in text:  # most texts: no substitution call at all
        return text
    return _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group(1)], text)


def escape(text: str) -> str:
    out = text.replace("\\", "\\\\")
    for char in "~=#{}:":
        out = out.replace(char, "\\" + char)
    return out.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def _mask(text: str) -> str:
    """The text with every escaped pair blanked out (same length, so offsets match): searching
    the mask for `{`, `=`, `#`… finds only the unescaped ones."""
    return _MASK_RE.sub("\0\0", text) if "\\" in text else text


def _split(text: str, masked: str, separators: str) -> list[tuple[int, str, str]]:
    """(offset, piece, masked piece) split before each unescaped separator character; the
    first piece is what precedes the first separator (possibly empty)."""
    finder = _SEPARATOR_RES.get(separators)
    if finder is None:
        finder = _SEPARATOR_RES[separators] = re.compile(f"[{re.escape(separators)}]")
    # Found by the regex engine: a Python loop over every character cost more than the rest
    # of the parse on files of many small questions.
    cuts = [match.start() for match in finder.finditer(masked)]
    bounds = [0, *cuts, len(text)]
    return [(a, text[a:b], masked[a:b]) for a, b in pairwise(bounds)]


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _number(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


# --------------------------------------------------------------------------- parser


@dataclass
class _Block:
    lines: list[tuple[int, str]]  # (line number, text) without comment lines
    points: tuple[int, str] | None = None  # (line, value) of a `// points:` comment
    case_sensitive: int | None = None  # line of a `// case-sensitive` comment
    word_limit: tuple[int, str] | None = None  # (line, value) of a `// word limit:` comment


def _blocks(text: str) -> Iterable[_Block]:
    block = _Block([])
    for number, line in enumerate(_LINE_BREAK_RE.split(text), start=1):
        stripped = line.strip()
        if not stripped:
            if block.lines or block.points or block.case_sensitive:
                yield block
            block = _Block([])
        elif stripped.startswith("//"):
            if match := _POINTS_RE.fullmatch(stripped):
                block.points = (number, match.group(1))
            elif _CASE_RE.fullmatch(stripped):
                block.case_sensitive = number
            elif match := _WORD_LIMIT_RE.fullmatch(stripped):
                block.word_limit = (number, match.group(1))
        else:
            block.lines.append((number, line))
    if block.lines or block.points or block.case_sensitive:
        yield block


def parse_gift(text: str) -> ParseResult:
    result = ParseResult()
    for block in _blocks(text.removeprefix("\ufeff")):
        first = 0  # an index, not lines.pop(0): that shifts the whole list for every line
        while first < len(block.lines) and block.lines[first][1].strip().startswith("$CATEGORY:"):
            number, line = block.lines[first]
            first += 1
            category = line.strip()[len("$CATEGORY:") :].strip()
            result.warnings.append(
                Issue(
                    f'Category "{category}" noted but not used: questions are imported into '
                    "this exam.",
                    number,
                )
            )
        if first < len(block.lines):
            rest = (
                _Block(block.lines[first:], block.points, block.case_sensitive, block.word_limit)
                if first
                else block
            )
            _parse_block(rest, result)
        elif not block.lines and (block.points or block.case_sensitive):
            where = block.points[0] if block.points else block.case_sensitive
            result.warnings.append(
                Issue(
                    "This // points: or // case-sensitive comment belongs to no question (no "
                    "blank line may separate it from its question); ignored.",
                    where,
                )
            )
    titled = sum(1 for question in result.questions if question.title)
    if titled:
        result.warnings.append(
            Issue(
                f"{titled} question title{'s' if titled != 1 else ''} (::title::) noted but not "
                "stored: questions have no title (see each question's `title`)."
            )
        )
    return result


def _parse_block(block: _Block, result: ParseResult) -> None:
    lines = block.lines
    raw = lines[0][1] if len(lines) == 1 else "\n".join(line for _, line in lines)
    first_line = lines[0][0]
    try:
        title, question, notes = _parse_question(raw, block)
    except GiftError as error:
        result.errors.append(Issue(error.message, error.line or _line_at(block, error.offset)))
        return
    except _Skip as skip:
        result.skipped.append(Skipped(skip.kind, skip.message, first_line, skip.title))
        return
    parsed = ParsedQuestion(question, index=len(result.questions) + 1, line=first_line)
    parsed.title = title
    result.questions.append(parsed)
    for note in notes:
        result.warn(parsed, note)


def _line_at(block: _Block, position: int) -> int:
    """The line number of an offset in the block's text (the lines joined by newlines)."""
    starts, offset = [], 0
    for _, line in block.lines:
        starts.append(offset)
        offset += len(line) + 1
    return block.lines[max(bisect_right(starts, position) - 1, 0)][0]


def _parse_question(raw: str, block: _Block) -> tuple[str | None, dict[str, Any], list[str]]:
    masked = _mask(raw)
    notes: list[str] = []
    position = len(raw) - len(raw.lstrip())
    title = None
    if masked.startswith("::", position):
        end = masked.find("::", position + 2)
        if end < 0:
            raise GiftError("The title is not closed: write ::title:: before the text.", position)
        title = " ".join(unescape(raw[position + 2 : end]).split()) or None
        position = end + 2
    if match := _FORMAT_RE.match(raw, position):
        _marker_note(match.group(1), notes)
        position = match.end()
    opening = masked.find("{", position)
    stray = masked.find("}", position)
    if opening < 0:
        if stray >= 0:
            raise GiftError("'}' without '{' (write \\} for a literal brace).", stray)
        skip = _Skip(
            "description",
            "A description (text without answers) was skipped: there is no question type for it.",
        )
        skip.title = title
        raise skip
    if 0 <= stray < opening:
        raise GiftError("'}' without '{' (write \\} for a literal brace).", stray)
    closing = masked.find("}", opening + 1)
    if closing < 0:
        raise GiftError("'{' is never closed by '}'.", opening)
    nested = masked.find("{", opening + 1, closing)
    if nested >= 0:
        raise GiftError("'{' inside the answers: write \\{ for a literal brace.", nested)
    second = masked.find("{", closing + 1)
    if second >= 0:
        raise GiftError("A second answer block: only one {…} per question is supported.", second)
    stray = masked.find("}", closing + 1)
    if stray >= 0:
        raise GiftError("'}' without '{' (write \\} for a literal brace).", stray)

    before, after = unescape(raw[position:opening]), unescape(raw[closing + 1 :])
    text = (before + BLANK + after if after.strip() else before).strip()
    try:
        data = _parse_answers(
            raw[opening + 1 : closing], masked[opening + 1 : closing], opening + 1, notes
        )
    except _Skip as skip:
        skip.title = title
        raise
    if not text:
        raise GiftError("The question text is empty.", position)
    data["text"] = text
    if block.points is not None:
        line, value = block.points
        points = _decimal(value)
        if points is None:
            raise GiftError(f'"// points: {value}" is not a number.', 0, line)
        data["points"] = float(points)
    if block.case_sensitive is not None:
        if data["type"] == QuestionType.SHORT_ANSWER:
            data["case_sensitive"] = True
        else:
            notes.append("// case-sensitive applies to short-answer questions only; ignored.")
    if block.word_limit is not None:
        line, value = block.word_limit
        if data["type"] != QuestionType.ESSAY:
            notes.append("// word limit applies to essay questions only; ignored.")
        elif not value.isdigit() or int(value) < 1:
            raise GiftError(f'"// word limit: {value}" is not a whole number above 0.', 0, line)
        else:
            data["word_limit"] = int(value)
    return title, data, notes


def _marker_note(marker: str, notes: list[str]) -> None:
    note = f"The text format marker [{marker}] was removed; the text is kept as written."
    if note not in notes:
        notes.append(note)


def _text(raw: str, notes: list[str]) -> str:
    """An answer's, a feedback's or the general feedback's text: unescaped, trimmed, without
    its leading format marker (Moodle reads one wherever a text starts, not only in the
    question text)."""
    text = unescape(raw).strip()
    if match := _FORMAT_RE.match(text):
        _marker_note(match.group(1), notes)
        text = text[match.end() :].strip()
    return text


def _parse_answers(content: str, masked: str, offset: int, notes: list[str]) -> dict[str, Any]:
    general = ""
    cut = masked.rfind("####")  # the last one, as Moodle reads it
    if cut >= 0:
        general = _text(content[cut + 4 :], notes)
        content, masked = content[:cut], masked[:cut]
    lead = len(content) - len(content.lstrip())
    if not content.strip():
        data = question_data(QuestionType.ESSAY, "")  # as Moodle reads `{}`
    elif masked[lead] == "#":
        data = _numeric(content[lead + 1 :], masked[lead + 1 :], offset + lead + 1, notes)
    elif "~" not in masked and "=" in masked and _MATCH_ARROW in masked:
        data = _matching(content, masked, offset, notes)  # Moodle's test, in its order
    elif "=" not in masked and "~" not in masked:
        data = _true_false(content, masked, offset, notes)
    else:
        data = _choices(content, masked, offset, notes)
    data["general_feedback"] = general
    return data


@dataclass
class _Answer:
    offset: int
    marker: str  # "=" or "~"
    weight: Decimal | None
    text: str
    feedback: str

    @property
    def credit(self) -> float:
        if self.weight is not None:
            return float(self.weight / 100)
        return 1.0 if self.marker == "=" else 0.0


def _answers(content: str, masked: str, offset: int, notes: list[str]) -> list[_Answer]:
    pieces = _split(content, masked, "=~")
    lead_offset, lead, _ = pieces[0]
    if lead.strip():
        raise GiftError(
            f"Text before the first answer: {lead.strip()[:40]!r} (answers start with = or ~; "
            "escape a literal = or ~ as \\= or \\~).",
            offset + lead_offset,
        )
    answers = []
    for start, piece, mpiece in pieces[1:]:
        at = offset + start
        position = 1
        weight = None
        if match := _WEIGHT_RE.match(mpiece, 1):
            weight = _decimal(match.group(1))
            if weight is None or not -100 <= weight <= 100:
                raise GiftError(
                    f"Weight %{match.group(1)}% is not a percentage between -100 and 100.", at
                )
            position = match.end()
        hash_at = mpiece.find("#", position)
        if hash_at >= 0:
            text, feedback = piece[position:hash_at], piece[hash_at + 1 :]
        else:
            text, feedback = piece[position:], ""
        text = _text(text, notes)
        if not text:
            raise GiftError(f"An answer ({piece[0]}) has no text.", at)
        answers.append(_Answer(at, piece[0], weight, text, _text(feedback, notes)))
    return answers


def _true_false(content: str, masked: str, offset: int, notes: list[str]) -> dict[str, Any]:
    parts = _split(content, masked, "#")
    if not _TRUE_FALSE_RE.fullmatch(parts[0][1]):
        raise GiftError(
            f"Cannot tell the question type from {{{content.strip()[:40]}}}: expected answers "
            "starting with = or ~, T/F/TRUE/FALSE, or #number.",
            offset,
        )
    if len(parts) > 3:
        raise GiftError(
            "A true/false answer takes at most two feedbacks: {T#for a wrong answer#for a right "
            "answer}.",
            offset + parts[3][0],
        )
    truth = parts[0][1].strip().upper() in ("T", "TRUE")
    wrong = _text(parts[1][1][1:], notes) if len(parts) > 1 else ""
    right = _text(parts[2][1][1:], notes) if len(parts) > 2 else ""
    return question_data(
        QuestionType.TRUE_FALSE,
        "",
        alternatives=[
            alternative("True", 1.0 if truth else 0.0, right if truth else wrong),
            alternative("False", 0.0 if truth else 1.0, wrong if truth else right),
        ],
    )


def _choices(content: str, masked: str, offset: int, notes: list[str]) -> dict[str, Any]:
    answers = _answers(content, masked, offset, notes)
    if "~" not in masked:
        return question_data(
            QuestionType.SHORT_ANSWER,
            "",
            alternatives=[alternative(a.text, a.credit, a.feedback) for a in answers],
        )
    # As Moodle decides: an `=` answer makes it single choice (the `~%n%` ones are partial
    # credit for picking that one alternative); without one it is multiple response.
    marked = [answer for answer in answers if answer.marker == "="]
    if any(answer.weight is not None for answer in marked):
        notes.append(
            "An answer =%n% in a multiple-choice question: Moodle reads it as full credit with "
            "the text starting %n%; read here as n % (write ~%n% to mean the same everywhere)."
        )
    single = len(marked) == 1 and marked[0].credit == 1.0
    if len(marked) > 1:
        notes.append(
            f"{len(marked)} answers marked = : Moodle reads this as single choice where any of "
            "them earns full credit; imported as multiple response (each right answer earns "
            "full credit on its own)."
        )
    return question_data(
        QuestionType.SINGLE if single else QuestionType.MULTIPLE,
        "",
        alternatives=[alternative(a.text, a.credit, a.feedback) for a in answers],
    )


def _matching(content: str, masked: str, offset: int, notes: list[str]) -> dict[str, Any]:
    """`=item -> answer` pairs, split as Moodle splits them: on every unescaped `=`, then at
    the first `->`; no weights or feedback are read (they stay part of the texts)."""
    pieces = _split(content, masked, "=")
    lead_offset, lead, _ = pieces[0]
    if lead.strip():
        raise GiftError(
            f"Text before the first pair: {lead.strip()[:40]!r} (pairs are =item -> answer).",
            offset + lead_offset,
        )
    if len(pieces) < 3:
        raise GiftError(
            "A matching question needs at least two pairs =item -> answer (Moodle's rule).",
            offset,
        )
    alternatives = []
    for start, piece, mpiece in pieces[1:]:
        arrow = mpiece.find(_MATCH_ARROW)
        if arrow < 0:
            raise GiftError(
                f"Not a pair =item -> answer: {piece[1:].strip()[:40]!r} (every answer of a "
                "matching question has one ->).",
                offset + start,
            )
        item = _text(piece[1:arrow], notes)
        answer = unescape(piece[arrow + len(_MATCH_ARROW) :]).strip()
        if not answer:
            raise GiftError("A pair has no answer after ->.", offset + start)
        alternatives.append(AlternativeSpec(item, 0.0, match=answer))
    return question_data(QuestionType.MATCHING, "", alternatives=alternatives)


def _numeric_value(text: str, at: int) -> tuple[float, float | None]:
    try:
        if match := _RANGE_RE.fullmatch(text):
            low, high = _number(match.group(1)), _number(match.group(2))
            if low > high:
                raise GiftError(f"The range {text.strip()} goes downwards (write low..high).", at)
            return (low + high) / 2, (high - low) / 2
        if match := _TOLERANCE_RE.fullmatch(text):
            tolerance = _number(match.group(2)) if match.group(2) is not None else None
            if tolerance is not None and tolerance < 0:
                raise GiftError(f"The tolerance in {text.strip()} is negative.", at)
            return _number(match.group(1)), tolerance
    except ValueError:
        raise GiftError(f"{text.strip()!r} is out of range for a number.", at) from None
    raise GiftError(
        f"{text.strip()[:40]!r} is not a numeric answer (write 3.14, 3.14:0.01 or 1..5; "
        "the decimal separator is a point).",
        at,
    )


def _numeric(content: str, masked: str, offset: int, notes: list[str]) -> dict[str, Any]:
    # Moodle: everything from the first `~` on is the feedback for any other answer
    # (`{#3:2~#Completely wrong}`); a question here has no place for it.
    catch_all = masked.find("~")
    if catch_all >= 0:
        rest, rest_masked = content[catch_all:], masked[catch_all:]
        content, masked = content[:catch_all], masked[:catch_all]
        hash_at = rest_masked.find("#")
        if hash_at >= 0 and _text(rest[hash_at + 1 :], notes):
            notes.append(
                "The feedback for any other answer (~#…) is not kept: numeric questions have "
                "the general feedback (####…) only."
            )
    if not content.strip():
        raise GiftError("A numeric answer ({#…}) needs a number.", offset)
    lead = len(content) - len(content.lstrip())
    if masked[lead : lead + 1] == "=":
        answers = _answers(content, masked, offset, notes)
    else:
        hash_at = masked.find("#")
        value, feedback = (
            (content, "") if hash_at < 0 else (content[:hash_at], content[hash_at + 1 :])
        )
        answers = [_Answer(offset, "=", None, value.strip(), _text(feedback, notes))]
    wildcards = [answer for answer in answers if answer.text == "*"]
    for answer in wildcards:
        if answer.credit > 0:
            raise GiftError(
                "A numeric answer * (any number) with credit cannot be held: a numeric "
                "question here has one right value and tolerance.",
                answer.offset,
            )
        notes.append("The answer * (any other number, no credit) is implied; not kept.")
    answers = [answer for answer in answers if answer.text != "*"]
    if not answers:
        raise GiftError("A numeric answer ({#…}) needs a number.", offset)
    candidates = [
        NumericAnswer(
            answer.text, *_numeric_value(answer.text, answer.offset), answer.credit, answer.feedback
        )
        for answer in answers
    ]
    kept = keep_one_numeric(candidates, notes)
    if kept is None:
        raise GiftError("No numeric answer has full credit (write = or =%100%).", offset)
    return question_data(
        QuestionType.NUMERIC, "", numeric_answer=kept.value, numeric_tolerance=kept.tolerance
    )


# --------------------------------------------------------------------------- writer


def _weight(credit: float) -> str:
    return f"%{percent(credit)}%"


def _num(value: float) -> str:
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _gift_text(text: str) -> str:
    """Escaped; a text that starts like a format marker gets the default one first, so the
    reader removes that and keeps the text (GIFT has no escape for `[`)."""
    out = escape(text)
    return f"[moodle]{out}" if _FORMAT_RE.match(text) else out


def _feedback(text: str) -> str:
    return f"#{_gift_text(text)}" if text else ""


def _answer_block(question: QuestionSpec) -> str | None:
    """The {…} of a question; None when GIFT cannot express it (an incomplete draft)."""
    alternatives = question.alternatives
    general = f"####{_gift_text(question.general_feedback)}" if question.general_feedback else ""
    if question.type == QuestionType.NUMERIC:
        if question.numeric_answer is None:
            return None
        tolerance = question.numeric_tolerance
        value = _num(question.numeric_answer)
        if tolerance is not None:
            value += f":{_num(tolerance)}"
        return f"{{#{value}{general}}}"
    if question.type == QuestionType.TRUE_FALSE:
        right = [a for a in alternatives if a.credit == 1.0]
        if len(alternatives) != 2 or len(right) != 1:
            return None
        wrong = next(a for a in alternatives if a is not right[0])
        truth = "TRUE" if alternatives[0] is right[0] else "FALSE"
        feedbacks = ""
        if wrong.feedback or right[0].feedback:
            feedbacks = f"#{_gift_text(wrong.feedback)}#{_gift_text(right[0].feedback)}"
        return f"{{{truth}{feedbacks}{general}}}"
    if question.type == QuestionType.ESSAY:
        return f"{{{general}}}"
    if question.type == QuestionType.MATCHING:
        return _matching_block(question, general)
    if question.type not in _GIFT_TYPES or not alternatives:
        return None
    lines = []
    if question.type == QuestionType.SHORT_ANSWER:
        if any(_MATCH_ARROW in a.text + a.feedback for a in alternatives):
            return None  # read back as a matching question, by Moodle too
        for a in alternatives:
            weight = "" if a.credit == 1.0 and not a.text.startswith("%") else _weight(a.credit)
            lines.append(f"={weight}{_gift_text(a.text)}{_feedback(a.feedback)}")
    else:
        # Moodle's rule, which the reader follows: one `=` answer = single choice (the others
        # may carry partial credit), none = multiple response.
        if question.type == QuestionType.SINGLE and (
            len(alternatives) < 2 or sum(1 for a in alternatives if a.credit == 1.0) != 1
        ):
            return None
        for a in alternatives:
            # A text that starts with "%" would read as a weight: then the weight is written.
            weight = _weight(a.credit) if a.credit != 0.0 or a.text.startswith("%") else ""
            if question.type == QuestionType.SINGLE and a.credit == 1.0:
                marker = "=" + ("" if weight == "" or not a.text.startswith("%") else weight)
            else:
                marker = "~" + weight
            lines.append(f"{marker}{_gift_text(a.text)}{_feedback(a.feedback)}")
    if general:
        lines.append(general)
    return "{\n" + "".join(f"\t{line}\n" for line in lines) + "}"


_GIFT_TYPES = frozenset(
    {
        QuestionType.SINGLE,
        QuestionType.MULTIPLE,
        QuestionType.TRUE_FALSE,
        QuestionType.SHORT_ANSWER,
        QuestionType.NUMERIC,
        QuestionType.ESSAY,
        QuestionType.MATCHING,
    }
)


def _matching_block(question: QuestionSpec, general: str) -> str | None:
    """`=item -> answer` lines; None when GIFT cannot hold them: fewer than two pairs, an item
    with `->` in it (read back split there) or with per-pair feedback or credit."""
    pairs = question.alternatives
    if len(pairs) < 2 or any(
        _MATCH_ARROW in a.text or not a.match.strip() or a.feedback for a in pairs
    ):
        return None
    lines = [f"={_gift_text(a.text)} {_MATCH_ARROW} {escape(a.match)}" for a in pairs]
    if general:
        lines.append(general)
    return "{\n" + "".join(f"\t{line}\n" for line in lines) + "}"


def write_gift(exam: Exam) -> str:
    """The exam's questions as GIFT, in order, each preceded by `// points:`."""
    return gift_text(exam.title, [QuestionSpec.from_model(q) for q in exam.questions])


def gift_text(title: str, questions: Sequence[QuestionSpec]) -> str:
    title = " ".join(title.split())
    out = [f"// {title}", f"// Exported from Online Exam: {len(questions)} questions.", ""]
    for number, question in enumerate(questions, start=1):
        out.append(f"// Q{number} ({question.type})")
        block = _answer_block(question)
        if question.type not in _GIFT_TYPES:
            out.append(f"// Not exported: GIFT has no {question.type} questions (use JSON or QTI).")
            out.append("")
            continue
        if block is None:
            out.append(
                f"// Not exported: this {question.type} question is incomplete (or GIFT cannot "
                "express it)."
            )
            out.append("")
            continue
        out.append(f"// points: {_num(question.points)}")
        if question.type == QuestionType.SHORT_ANSWER and question.case_sensitive:
            out.append("// case-sensitive")
        if question.type == QuestionType.ESSAY and question.word_limit is not None:
            out.append(f"// word limit: {question.word_limit}")
        text = question.text
        parts = text.split(BLANK)
        if len(parts) == 2 and parts[1].strip():
            body = f"{_gift_text(parts[0])}{block}{escape(parts[1])}"
        else:
            body = f"{_gift_text(text)} {block}"
        if body.lstrip().startswith("//"):
            body = "::::" + body  # an empty title, so the line is not read as a comment
        out.append(body)
        out.append("")
    return "\n".join(out)
