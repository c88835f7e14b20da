"""A class list as a teacher exports it from a spreadsheet: CSV bytes in, rows or line-numbered
errors out. Pure: no database, no Flask.

The file: UTF-8 with or without a byte-order mark, comma- or semicolon-separated (whichever the
header line uses), quoted fields allowed, a header row naming the columns `email`, `name` and
optionally `external_id` in any order and any case. Blank lines are skipped. Every problem is
reported with its line (and column), so the teacher can fix the file in one pass; a file that
cannot be read at all (not UTF-8, no usable header, too many rows) gives one error and no rows.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from marshmallow import ValidationError
from marshmallow.validate import Email

from ..banks.results_export import FORMULA_STARTS

MAX_ROWS = 5000
MAX_ERRORS = 200  # a broken file would list thousands; the first ones show what is wrong
EMAIL_MAX = 254  # users.email
NAME_MAX = 120  # users.display_name
EXTERNAL_ID_MAX = 64  # enrolments.external_id
COLUMNS = ("email", "name", "external_id")
REQUIRED = ("email", "name")
HEADER_HINT = "The first line must name the columns: email,name and optionally external_id."

_valid_email = Email()


@dataclass(frozen=True, slots=True)
class ClassListRow:
    line: int
    email: str  # normalized: trimmed, lower-case (as accounts store it)
    name: str
    external_id: str | None


@dataclass(frozen=True, slots=True)
class ClassListError:
    line: int
    column: str | None
    message: str


@dataclass(slots=True)
class ClassList:
    rows: list[ClassListRow] = field(default_factory=list)  # the valid rows, in file order
    errors: list[ClassListError] = field(default_factory=list)
    row_count: int = 0  # data rows read (valid or not)
    more_errors: int = 0  # errors found beyond MAX_ERRORS (not listed)

    def error(self, line: int, column: str | None, message: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(ClassListError(line, column, message))
        else:
            self.more_errors += 1


def parse_class_list(data: bytes) -> ClassList:
    result = ClassList()
    text = _decode(data, result)
    if text is None:
        return result
    # newline="": lines end at \n, \r or \r\n only (str.splitlines would also split a
    # name at U+2028 and other separators), as the csv module expects.
    header_line = next((line for line in io.StringIO(text, newline="") if line.strip()), None)
    if header_line is None:
        result.error(1, None, f"The file is empty. {HEADER_HINT}")
        return result
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=_delimiter(header_line), strict=True
    )
    try:
        _read(reader, result)
    except csv.Error as error:
        # Unbalanced quotes and the like: nothing after this point can be trusted.
        result.rows.clear()
        result.error(reader.line_num, None, f"The file is not valid CSV here ({error}).")
    return result


def _decode(data: bytes, result: ClassList) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        result.error(
            line,
            None,
            "The file is not UTF-8 text. Save it from the spreadsheet as "
            '"CSV UTF-8 (comma delimited)".',
        )
        return None


def _delimiter(header_line: str) -> str:
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _read(reader: Any, result: ClassList) -> None:  # a csv reader (its type is private)
    header: list[str] | None = None
    seen: dict[str, int] = {}  # e-mail → the line it first appeared on
    start = 1  # the first physical line of the record being read (quoted fields span lines)
    for record in reader:
        line, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in record):
            continue
        if header is None:
            header = _header(record, line, result)
            if header is None:
                return
            continue
        result.row_count += 1
        if result.row_count > MAX_ROWS:
            result.rows.clear()
            result.error(line, None, f"More than {MAX_ROWS} students in one file; split it.")
            return
        row = _row(record, header, line, result)
        if row is None:
            continue
        if row.email in seen:
            result.error(
                line,
                "email",
                f"{row.email} appears twice: on lines {seen[row.email]} and {line}.",
            )
            continue
        seen[row.email] = line
        result.rows.append(row)
    if header is None:
        result.error(1, None, f"The file is empty. {HEADER_HINT}")


def _header(record: list[str], line: int, result: ClassList) -> list[str] | None:
    names = [cell.strip().lower() for cell in record]
    problems = 0
    for position, name in enumerate(names):
        if name not in COLUMNS:
            result.error(line, name or None, f"Unknown column {name!r}. {HEADER_HINT}")
            problems += 1
        elif name in names[:position]:
            result.error(line, name, f"The column {name!r} appears more than once.")
            problems += 1
    for name in REQUIRED:
        if name not in names:
            result.error(line, name, f"The column {name!r} is missing. {HEADER_HINT}")
            problems += 1
    return None if problems else names


def _row(record: list[str], header: list[str], line: int, result: ClassList) -> ClassListRow | None:
    if len(record) != len(header):
        result.error(
            line,
            None,
            f"{len(record)} fields where the header has {len(header)} "
            f"({'too many' if len(record) > len(header) else 'too few'}; "
            "a comma in a name needs quotes).",
        )
        return None
    cells = dict(zip(header, record, strict=True))
    errors_before = len(result.errors) + result.more_errors
    email = _email(cells["email"], line, result)
    name = _text(cells["name"], "name", NAME_MAX, line, result, required=True)
    external_id = _text(cells.get("external_id", ""), "external_id", EXTERNAL_ID_MAX, line, result)
    if len(result.errors) + result.more_errors > errors_before or email is None or name is None:
        return None
    return ClassListRow(line, email, name, external_id or None)


def _email(raw: str, line: int, result: ClassList) -> str | None:
    email = raw.strip().lower()
    if not email:
        result.error(line, "email", "The e-mail address is missing.")
        return None
    if len(email) > EMAIL_MAX:
        result.error(line, "email", f"The e-mail address is longer than {EMAIL_MAX} characters.")
        return None
    try:
        _valid_email(email)
    except ValidationError:
        result.error(line, "email", f"{raw.strip()!r} is not a valid e-mail address.")
        return None
    return email


def _text(
    raw: str, column: str, limit: int, line: int, result: ClassList, required: bool = False
) -> str | None:
    value = raw.strip()
    # A cell starting like a formula runs as one when the list goes back into a spreadsheet
    # (names end up in exports); a tab or CR would be stripped here, so the raw cell is checked.
    if raw.startswith(FORMULA_STARTS) or value.startswith(FORMULA_STARTS):
        first = raw[:1] if raw.startswith(FORMULA_STARTS) else value[:1]
        result.error(
            line,
            column,
            f"The {column} starts with {first!r}, which a spreadsheet runs as a formula.",
        )
        return None
    if required and not value:
        result.error(line, column, f"The {column} is missing.")
        return None
    if len(value) > limit:
        result.error(line, column, f"The {column} is longer than {limit} characters.")
        return None
    return value
