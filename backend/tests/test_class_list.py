"""The class-list parser: every accepted shape, and every error kind with its line and column."""

from __future__ import annotations

import pytest

from online_exam.courses.class_list import (
    MAX_ERRORS,
    MAX_ROWS,
    ClassListRow,
    parse_class_list,
)

BOM = b"\xef\xbb\xbf"


def rows(data: bytes) -> list[tuple[int, str, str, str | None]]:
    parsed = parse_class_list(data)
    assert parsed.errors == [], parsed.errors
    return [(r.line, r.email, r.name, r.external_id) for r in parsed.rows]


def errors(data: bytes) -> list[tuple[int, str | None]]:
    return [(e.line, e.column) for e in parse_class_list(data).errors]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(
            b"email,name\nann@example.com,Ann Lee\n",
            [(2, "ann@example.com", "Ann Lee", None)],
            id="comma",
        ),
        pytest.param(
            b"Name;EMAIL;External_ID\nAnn Lee;ann@example.com;S-1\n",
            [(2, "ann@example.com", "Ann Lee", "S-1")],
            id="semicolon, any order and case",
        ),
        pytest.param(
            BOM + b"email,name\r\nann@example.com,Ann\r\n",
            [(2, "ann@example.com", "Ann", None)],
            id="BOM and CRLF",
        ),
        pytest.param(
            b'email,name\n"ann@example.com","Lee, Ann ""Annie"""\n',
            [(2, "ann@example.com", 'Lee, Ann "Annie"', None)],
            id="quoted fields",
        ),
        pytest.param(
            b'email,name\n"ann@example.com","Ann\nLee"\nbob@example.com,Bob\n',
            [(2, "ann@example.com", "Ann\nLee", None), (4, "bob@example.com", "Bob", None)],
            id="a quoted line break keeps the line numbers right",
        ),
        pytest.param(
            b"\n\nemail,name\n\n  ANN@Example.COM  ,  Ann  \n,\n",
            [(5, "ann@example.com", "Ann", None)],
            id="blank lines skipped, trimmed, e-mail lower-cased",
        ),
        pytest.param(
            "email,name,external_id\nzoe@example.com,Zoë Ångström,\n".encode(),
            [(2, "zoe@example.com", "Zoë Ångström", None)],
            id="UTF-8 names, empty external id is none",
        ),
        pytest.param(b"email,name\n", [], id="header only"),
    ],
)
def test_accepted_files(data: bytes, expected: list[tuple[int, str, str, str | None]]) -> None:
    assert rows(data) == expected


LONG = "x" * 121


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(b"", [(1, None)], id="empty file"),
        pytest.param(b"\n \n", [(1, None)], id="blank file"),
        pytest.param(
            b"mail,name\na@example.com,A\n", [(1, "mail"), (1, "email")], id="wrong column"
        ),
        pytest.param(b"email\na@example.com\n", [(1, "name")], id="missing name column"),
        pytest.param(b"email,name,email\n", [(1, "email")], id="column twice"),
        pytest.param(b"email,name\na@example.com\n", [(2, None)], id="too few fields"),
        pytest.param(b"email,name\na@example.com,Lee, Ann\n", [(2, None)], id="too many fields"),
        pytest.param(b"email,name\nnot-an-email,A\n", [(2, "email")], id="bad e-mail"),
        pytest.param(b"email,name\n,A\n", [(2, "email")], id="missing e-mail"),
        pytest.param(
            b"email,name\n" + b"a" * 250 + b"@example.com,A\n", [(2, "email")], id="long e-mail"
        ),
        pytest.param(b"email,name\na@example.com,  \n", [(2, "name")], id="empty name"),
        pytest.param(
            b"email,name\na@example.com," + LONG.encode() + b"\n", [(2, "name")], id="long name"
        ),
        pytest.param(
            b"email,name,external_id\na@example.com,A," + b"9" * 65 + b"\n",
            [(2, "external_id")],
            id="long external id",
        ),
        pytest.param(b"email,name\na@example.com,=HYPERLINK(1)\n", [(2, "name")], id="formula ="),
        pytest.param(b"email,name\na@example.com,+1\n", [(2, "name")], id="formula +"),
        pytest.param(b"email,name\na@example.com,-1\n", [(2, "name")], id="formula -"),
        pytest.param(b"email,name\na@example.com,@SUM(1)\n", [(2, "name")], id="formula @"),
        pytest.param(b'email,name\na@example.com,"\t=1"\n', [(2, "name")], id="formula tab"),
        pytest.param(b'email,name\na@example.com,"\rX"\n', [(2, "name")], id="formula CR"),
        pytest.param(
            b"email,name,external_id\na@example.com,A,=1+1\n",
            [(2, "external_id")],
            id="formula in external id",
        ),
        pytest.param(
            b"email,name\na@example.com,A\nb@example.com,B\nA@Example.com,C\n",
            [(4, "email")],
            id="duplicate e-mail (case-insensitive)",
        ),
        pytest.param(b"email,name\na@example.com,Ann \xe9\n", [(2, None)], id="Latin-1, not UTF-8"),
        pytest.param(b'email,name\na@example.com,"Ann\n', [(2, None)], id="unbalanced quote"),
        pytest.param(
            b"email,name\nnope,=1\n",
            [(2, "email"), (2, "name")],
            id="every problem of a row",
        ),
    ],
)
def test_errors_name_line_and_column(data: bytes, expected: list[tuple[int, str | None]]) -> None:
    assert errors(data) == expected
    assert all(e.message for e in parse_class_list(data).errors)


def test_a_duplicate_names_both_lines() -> None:
    (error,) = parse_class_list(b"email,name\na@example.com,A\n\nA@example.com,B\n").errors
    assert "lines 2 and 4" in error.message


def test_good_rows_survive_beside_bad_ones() -> None:
    parsed = parse_class_list(b"email,name\na@example.com,A\nbad,B\nc@example.com,C\n")
    assert [r.email for r in parsed.rows] == ["a@example.com", "c@example.com"]
    assert parsed.row_count == 3
    assert [(e.line, e.column) for e in parsed.errors] == [(3, "email")]


def test_a_wrong_encoding_names_the_line_of_the_bad_byte() -> None:
    parsed = parse_class_list(b"email,name\na@example.com,A\nb@example.com,B\xf6rk\n")
    assert [(e.line, e.column) for e in parsed.errors] == [(3, None)]
    assert "UTF-8" in parsed.errors[0].message
    assert parsed.rows == []


def test_exactly_the_row_limit_is_fine_one_more_is_an_error() -> None:
    body = "".join(f"s{i}@example.com,Student {i}\n" for i in range(MAX_ROWS))
    parsed = parse_class_list(("email,name\n" + body).encode())
    assert parsed.errors == []
    assert len(parsed.rows) == MAX_ROWS
    parsed = parse_class_list(("email,name\n" + body + "x@example.com,X\n").encode())
    assert [(e.line, e.column) for e in parsed.errors] == [(MAX_ROWS + 2, None)]
    assert parsed.rows == []


def test_errors_are_capped_and_the_rest_counted() -> None:
    body = "".join(f"bad{i},B\n" for i in range(MAX_ERRORS + 30))
    parsed = parse_class_list(("email,name\n" + body).encode())
    assert len(parsed.errors) == MAX_ERRORS
    assert parsed.more_errors == 30


def test_rows_are_values() -> None:
    (row,) = parse_class_list(b"email,name,external_id\na@example.com,A,42\n").rows
    assert row == ClassListRow(2, "a@example.com", "A", "42")
