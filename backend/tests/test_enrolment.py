"""Uploading a class list through the API: preview, apply, partial, all-or-nothing, limits, who
may, existing accounts, idempotence; and the set-password links teachers hand out without mail."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from sqlalchemy import func, select

from online_exam.audit.models import AuditEvent
from online_exam.auth.models import PasswordToken, User
from online_exam.courses.models import Enrolment
from online_exam.errors import CODES
from online_exam.extensions import db

from .test_api_basics import assert_error_shape as error_shape


def assert_error_shape(response: Any, status: int) -> dict[str, Any]:
    return error_shape(response, status, CODES[status])


LIST = (
    b"email,name,external_id\n"
    b"ann@example.com,Ann Lee,S-1\n"
    b"bob@example.com,Bob Roe,S-2\n"
    b"Student4@Example.com,Someone Else,S-3\n"
)


def upload(client: Any, course_id: int, data: bytes, headers: dict[str, str], **query: Any) -> Any:
    params = "&".join(f"{k}={str(v).lower()}" for k, v in query.items())
    return client.post(
        f"/api/courses/{course_id}/class-list" + (f"?{params}" if params else ""),
        data={"file": (io.BytesIO(data), "class.csv")},
        headers=headers,
        content_type="multipart/form-data",
    )


def count(model: Any, *where: Any) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


@pytest.fixture
def course(make_course, users) -> int:
    return make_course(users["author"])


def test_preview_reports_every_row_and_writes_nothing(client, ctx, auth, users, course):
    before = count(User)
    r = upload(client, course, LIST, auth["author"], dry_run=True)
    assert r.status_code == 200, r.json
    report = r.json
    # users["student"] is student4@example.com: matched whatever the case in the file.
    assert users["student"].email == "student4@example.com"
    assert report | {"preview": None} == {
        "rows": 3,
        "will_create": 2,
        "will_enrol": 1,
        "already_enrolled": 0,
        "errors": [],
        "more_errors": 0,
        "preview": None,
        "applied": False,
        "emails_queued": 0,
    }
    assert [(p["line"], p["email"], p["action"]) for p in report["preview"]] == [
        (2, "ann@example.com", "create"),
        (3, "bob@example.com", "create"),
        (4, "student4@example.com", "enrol"),
    ]
    assert report["preview"][0] == {
        "line": 2,
        "email": "ann@example.com",
        "name": "Ann Lee",
        "external_id": "S-1",
        "action": "create",
    }
    assert count(User) == before
    assert count(Enrolment) == 0


def test_apply_creates_students_without_password_enrols_and_issues_setup_links(
    client, ctx, auth, users, course
):
    r = upload(client, course, LIST, auth["author"])
    assert r.status_code == 200, r.json
    assert r.json["applied"] is True
    assert (r.json["will_create"], r.json["will_enrol"]) == (2, 1)
    ann = db.session.scalar(select(User).where(User.email == "ann@example.com"))
    assert ann is not None
    assert (ann.display_name, ann.role, ann.password_hash, ann.is_active) == (
        "Ann Lee",
        "student",
        None,
        True,
    )
    roster = {
        e.user_id: (e.external_id, e.source)
        for e in db.session.scalars(select(Enrolment).where(Enrolment.course_id == course))
    }
    assert roster[ann.id] == ("S-1", "class_list")
    assert roster[users["student"].id] == ("S-3", "class_list")
    assert len(roster) == 3
    # One setup link per new account (none for the existing one), valid for 7 days.
    tokens = db.session.scalars(select(PasswordToken)).all()
    assert sorted(t.user_id for t in tokens) == sorted(
        u.id for u in db.session.scalars(select(User).where(User.password_hash.is_(None)))
    )
    assert {t.purpose for t in tokens} == {"setup"}
    assert all(6.9 < (t.expires_at - t.created_at).total_seconds() / 86400 <= 7 for t in tokens)
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "course.class_list_uploaded")
    )
    assert event is not None
    assert (event.actor_id, event.entity_id) == (users["author"].id, course)
    assert event.details["created"] == 2


def test_existing_accounts_are_enrolled_never_renamed(client, ctx, auth, users, course):
    upload(client, course, LIST, auth["author"])
    student = db.session.get(User, users["student"].id)
    assert student.display_name == users["student"].display_name != "Someone Else"
    assert student.password_hash == users["student"].password_hash is not None


def test_reuploading_changes_nothing(client, ctx, auth, course):
    assert upload(client, course, LIST, auth["author"]).status_code == 200
    users_before, tokens_before = count(User), count(PasswordToken)
    r = upload(client, course, LIST, auth["author"])
    assert r.status_code == 200
    assert (r.json["will_create"], r.json["will_enrol"], r.json["already_enrolled"]) == (0, 0, 3)
    assert {p["action"] for p in r.json["preview"]} == {"already_enrolled"}
    assert (count(User), count(PasswordToken)) == (users_before, tokens_before)
    assert count(Enrolment) == 3


BAD_LIST = LIST + b"not-an-email,Bad Row,S-4\ncarl@example.com,=cmd|' /C calc'!A0,S-5\n"


def test_any_error_enrols_nobody_and_answers_422_with_the_report(client, ctx, auth, course):
    before = count(User)
    r = upload(client, course, BAD_LIST, auth["author"])
    assert_error_shape(r, 422)
    report = r.json["error"]["details"]
    assert report["applied"] is False
    assert [(e["line"], e["column"]) for e in report["errors"]] == [(5, "email"), (6, "name")]
    assert report["will_create"] == 2  # the valid rows, as partial would apply them
    assert count(User) == before
    assert count(Enrolment) == 0
    assert count(PasswordToken) == 0


def test_a_preview_with_errors_is_200(client, auth, course):
    r = upload(client, course, BAD_LIST, auth["author"], dry_run=True)
    assert r.status_code == 200
    assert len(r.json["errors"]) == 2
    assert r.json["applied"] is False


def test_partial_enrols_the_valid_rows_and_reports_the_rest(client, ctx, auth, course):
    r = upload(client, course, BAD_LIST, auth["author"], partial=True)
    assert r.status_code == 200, r.json
    assert r.json["applied"] is True
    assert len(r.json["errors"]) == 2
    assert count(Enrolment) == 3
    assert count(User, User.email == "carl@example.com") == 0


def test_a_teacher_of_the_course_in_the_list_is_an_error(client, make_course, auth, users):
    course = make_course(users["author"], teachers=(users["other_author"],))
    data = b"email,name\n" + users["other_author"].email.encode() + b",Teacher\n"
    r = upload(client, course, data, auth["author"], dry_run=True)
    assert [(e["line"], e["column"]) for e in r.json["errors"]] == [(2, "email")]


def test_an_oversized_file_is_413_before_parsing(client, auth, course):
    data = b"email,name\n" + b"a@example.com,A\n" * 70_000  # > 1 MiB
    assert_error_shape(upload(client, course, data, auth["author"]), 413)


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"data": {}}, 422),  # no file
        ({"data": {"file": "just text"}}, 422),
        ({"json": {"file": "email,name"}}, 422),
    ],
)
def test_a_missing_file_is_422(client, auth, course, kwargs, status):
    r = client.post(f"/api/courses/{course}/class-list", headers=auth["author"], **kwargs)
    assert_error_shape(r, status)


def test_a_bad_query_value_is_422(client, auth, course):
    r = client.post(
        f"/api/courses/{course}/class-list?dry_run=perhaps",
        data={"file": (io.BytesIO(LIST), "class.csv")},
        headers=auth["author"],
    )
    assert_error_shape(r, 422)


@pytest.mark.parametrize(
    ("actor", "status"),
    [("anonymous", 401), ("student", 403), ("other_author", 404), ("admin", 200)],
)
def test_who_may_upload(client, auth, course, actor, status):
    r = upload(client, course, LIST, auth[actor], dry_run=True)
    assert r.status_code == status
    if status != 200:
        assert_error_shape(r, status)


def test_a_co_teacher_may_upload(client, make_course, auth, users):
    course = make_course(users["admin"], teachers=(users["other_author"],))
    assert upload(client, course, LIST, auth["other_author"], dry_run=True).status_code == 200


def test_an_unknown_course_is_404(client, auth):
    assert_error_shape(upload(client, 987654, LIST, auth["author"]), 404)
    assert_error_shape(upload(client, 2**40, LIST, auth["author"]), 404)


def test_three_thousand_rows_enrol(client, ctx, auth, users, course):
    body = "".join(f"s{i:04}@example.com,Student {i:04},ID{i}\n" for i in range(3000))
    data = ("email,name,external_id\n" + body).encode()
    r = upload(client, course, data, auth["author"])
    assert r.status_code == 200, r.json
    assert (r.json["rows"], r.json["will_create"], len(r.json["preview"])) == (3000, 3000, 50)
    assert count(Enrolment, Enrolment.course_id == course) == 3000
    assert count(PasswordToken) == 3000
    assert count(User, User.email == "s2999@example.com", User.display_name == "Student 2999") == 1


# --- set-password links without mail -------------------------------------------------------


def links_csv(client: Any, course: int, headers: dict[str, str]) -> list[dict[str, str]]:
    r = client.get(f"/api/courses/{course}/setup-links.csv", headers=headers)
    assert r.status_code == 200, r.data
    assert r.mimetype == "text/csv"
    assert r.headers["Cache-Control"] == "no-store"
    text = r.data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def token_of(link: str) -> str:
    return link.rsplit("/set-password/", 1)[1]


def test_the_links_csv_lists_students_without_password_and_each_download_renews_them(
    client, ctx, auth, course
):
    upload(client, course, LIST, auth["author"])
    first = links_csv(client, course, auth["author"])
    assert [(row["email"], row["name"]) for row in first] == [
        ("ann@example.com", "Ann Lee"),
        ("bob@example.com", "Bob Roe"),
    ]
    assert first[0]["link"].startswith("http://localhost/set-password/")
    assert first[0]["expires_at"].endswith("+00:00")
    token = token_of(first[0]["link"])
    assert client.get(f"/api/auth/password-token/{token}").json["email"] == "ann@example.com"
    second = links_csv(client, course, auth["author"])
    assert second[0]["link"] != first[0]["link"]
    # Only the latest download works.
    assert_error_shape(client.get(f"/api/auth/password-token/{token}"), 404)
    r = client.get(f"/api/auth/password-token/{token_of(second[0]['link'])}")
    assert r.status_code == 200


def test_the_links_csv_is_formula_safe(client, ctx, make_course, auth, users):
    sly = User(email="-sly@example.com", display_name="=HYPERLINK(1)", role="student")
    db.session.add(sly)
    db.session.commit()
    course = make_course(users["author"], students=(sly,))
    (row,) = links_csv(client, course, auth["author"])
    assert (row["email"], row["name"]) == ("'-sly@example.com", "'=HYPERLINK(1)")


def test_the_links_csv_leaves_out_deactivated_and_identity_provider_accounts(
    client, ctx, make_course, auth, users
):
    gone = User(email="gone@example.com", display_name="Gone", role="student", is_active=False)
    oidc = User(email="oidc@example.com", display_name="Oidc", role="student", oidc_subject="x")
    db.session.add_all([gone, oidc])
    db.session.commit()
    course = make_course(users["author"], students=(gone, oidc, users["student"]))
    assert links_csv(client, course, auth["author"]) == []


@pytest.mark.parametrize(("actor", "status"), [("student", 403), ("other_author", 404)])
def test_the_links_csv_is_for_teachers_only(client, auth, course, actor, status):
    r = client.get(f"/api/courses/{course}/setup-links.csv", headers=auth[actor])
    assert_error_shape(r, status)


def test_one_students_link(client, ctx, auth, course):
    upload(client, course, LIST, auth["author"])
    ann = db.session.scalar(select(User).where(User.email == "ann@example.com"))
    path = f"/api/courses/{course}/students/{ann.id}/setup-link"
    r = client.post(path, headers=auth["author"])
    assert r.status_code == 200, r.json
    assert r.json["emailed"] is False  # no SMTP configured
    assert r.json["link"].startswith("http://localhost/set-password/")
    info = client.get(f"/api/auth/password-token/{token_of(r.json['link'])}").json
    assert (info["email"], info["purpose"]) == ("ann@example.com", "setup")
    assert info["expires_at"] == r.json["expires_at"]
    # The link from the upload ended: one student, one working link.
    assert (
        count(PasswordToken, PasswordToken.user_id == ann.id, PasswordToken.used_at.is_(None)) == 1
    )


def test_one_students_link_refusals(client, ctx, make_course, auth, users):
    gone = User(email="gone@example.com", display_name="Gone", role="student", is_active=False)
    db.session.add(gone)
    db.session.commit()
    course = make_course(users["author"], students=(users["student"], gone))
    path = f"/api/courses/{course}/students/{{}}/setup-link"
    # Has a password already: a teacher must not be able to take over an account.
    assert_error_shape(client.post(path.format(users["student"].id), headers=auth["author"]), 409)
    assert_error_shape(client.post(path.format(gone.id), headers=auth["author"]), 409)
    # Not on this course / not a user / not a teacher of it.
    assert_error_shape(client.post(path.format(users["admin"].id), headers=auth["author"]), 404)
    assert_error_shape(client.post(path.format(2**40), headers=auth["author"]), 404)
    r = client.post(path.format(users["student"].id), headers=auth["other_author"])
    assert_error_shape(r, 404)
    assert count(PasswordToken) == 0


# --- the bulk insert under it --------------------------------------------------------------


def test_insert_many_returns_the_new_rows_and_never_cuts_a_value(app, ctx):
    from sqlalchemy.exc import DBAPIError

    from online_exam.database import insert_many
    from online_exam.db_types import utcnow

    now = utcnow()

    def row(email: str, name: str = "N") -> dict[str, Any]:
        return {
            "email": email,
            "display_name": name,
            "password_hash": None,
            "role": "student",
            "is_active": True,
            "created_at": now,
            "updated_at": now,
        }

    assert insert_many(User.__table__, []) == []
    made = insert_many(
        User.__table__, [row("a@x.example", "Zoë"), row("b@x.example")], ("email", "id")
    )
    assert sorted(email for email, _ in made) == ["a@x.example", "b@x.example"]
    zoe = db.session.get(User, dict(made)["a@x.example"])
    assert (zoe.display_name, zoe.role, zoe.password_hash, zoe.created_at) == (
        "Zoë",
        "student",
        None,
        now,
    )
    db.session.rollback()
    if db.engine.dialect.name == "postgresql":  # SQLite does not enforce lengths
        with pytest.raises(DBAPIError):
            insert_many(User.__table__, [row("c@x.example", "x" * 121)])
        db.session.rollback()


def test_an_archived_course_takes_no_class_list_and_issues_no_links(client, ctx, auth, course):
    from online_exam.courses.models import Course

    db.session.get(Course, course).archived = True
    db.session.commit()
    assert upload(client, course, LIST, auth["author"], dry_run=True).status_code == 200
    assert_error_shape(upload(client, course, LIST, auth["author"]), 409)
    r = client.get(f"/api/courses/{course}/setup-links.csv", headers=auth["author"])
    assert_error_shape(r, 409)
    assert count(User, User.email == "ann@example.com") == 0
