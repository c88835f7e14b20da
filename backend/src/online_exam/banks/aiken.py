"""Aiken: single-choice questions in plain text, as Moodle documents it.

    What is the capital of France?
    A. Lyon
    B) Paris
    ANSWER: B

A question is its text line (further text lines before the first option are joined with a
newline), two or more options `X.` or `X)` (a capital letter, then the text; Moodle needs no
space after the letter, `A)Paris`) and an `ANSWER: X` line naming one of them. A question with
one option is an error, as in Moodle (a choice needs two). Blank lines may separate
questions; a blank line between a question's text and its options is an error (it usually
means the options are missing). Every error names its 1-based line; after an error the parser
resumes at the next question.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..domain import QuestionType
from .parsed import Issue, ParsedQuestion, ParseResult, alternative, question_data

_OPTION_RE = re.compile(r"([A-Z])[.)](\s*)(.*)")
_ANSWER_RE = re.compile(r"ANSWER\s*:\s*(.*)", re.IGNORECASE)
_LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")


@dataclass
class _Pending:
    line: int
    text: list[str]
    options: list[tuple[str, str, int]] = field(default_factory=list)  # (letter, text, line)


def parse_aiken(text: str) -> ParseResult:
    result = ParseResult()
    pending: _Pending | None = None

    def unfinished(question: _Pending) -> None:
        if question.options:
            result.errors.append(
                Issue("This question has no ANSWER: line after its options.", question.line)
            )
        else:
            result.errors.append(
                Issue("This question has no options (lines like 'A. …').", question.line)
            )

    for number, raw in enumerate(_LINE_BREAK_RE.split(text.removeprefix("\ufeff")), start=1):
        line = raw.strip()
        if not line:
            if pending is not None and not pending.options:
                unfinished(pending)
                pending = None
            continue
        if answer := _ANSWER_RE.fullmatch(line):
            if pending is None:
                result.errors.append(Issue("ANSWER: without a question before it.", number))
            elif not pending.options:
                unfinished(pending)
            else:
                _finish(pending, answer.group(1).strip(), number, result)
            pending = None
            continue
        option = _OPTION_RE.fullmatch(line)
        if option and pending is None and option.group(3) and not option.group(2):
            option = None  # "A.I. is…" starts a question: no option comes before its text
        if option:
            letter, option_text = option.group(1), option.group(3).strip()
            if pending is None:
                result.errors.append(
                    Issue(f"Option {letter} without a question before it.", number)
                )
                continue
            if not option_text:
                result.errors.append(Issue(f"Option {letter} has no text.", number))
                pending.options.append((letter, "", number))
                continue
            pending.options.append((letter, option_text, number))
            continue
        if pending is not None and pending.options:
            unfinished(pending)
            pending = None
        if pending is None:
            pending = _Pending(number, [line])
        else:
            pending.text.append(line)
    if pending is not None:
        unfinished(pending)
    return result


def _finish(pending: _Pending, answer: str, line: int, result: ParseResult) -> None:
    letters = [letter for letter, _, _ in pending.options]
    problems = []
    # Counted once: letters.count() per option made a question of n options cost n * n.
    duplicates = sorted(letter for letter, count in Counter(letters).items() if count > 1)
    if duplicates:
        problems.append(Issue(f"Option letter(s) {', '.join(duplicates)} used twice.", line))
    if any(not text for _, text, _ in pending.options):
        return  # already reported on the option's line
    if len(pending.options) < 2:
        problems.append(
            Issue("A question needs at least two options (Moodle refuses one too).", line)
        )
    if not re.fullmatch(r"[A-Z]", answer):
        problems.append(
            Issue(f"ANSWER: must name one option letter (A, B, …), not {answer[:20]!r}.", line)
        )
    elif answer not in letters:
        problems.append(
            Issue(f"ANSWER: {answer} names no option (options: {', '.join(letters)}).", line)
        )
    if problems:
        result.errors.extend(problems)
        return
    data = question_data(
        QuestionType.SINGLE,
        "\n".join(pending.text),
        alternatives=[
            alternative(text, 1.0 if letter == answer else 0.0)
            for letter, text, _ in pending.options
        ],
    )
    result.questions.append(
        ParsedQuestion(data, index=len(result.questions) + 1, line=pending.line)
    )
