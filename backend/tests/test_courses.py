"""Courses through the API: CRUD, co-teachers, the roster, join codes, archiving, the audit
trail, and every kind of bad input (422 in the error shape, 404 for those who do not teach)."""

from __future__ import annotations

import pytest
from flask_migrate import upgrade

from online_exam import create_app
from online_exam.courses.service import JOIN_CODE_ALPHABET
from online_exam.extensions import db

from .course_helpers import HUGE_ID, audit_actions, enrolled, make_course
from .test_api_basics import assert_error_shape

TEACHER_PATHS = [
    ("get", "/api/courses/{c}", None, 200),
    ("patch", "/api/courses/{c}", {"term": "Fall"}, 200),
    ("delete", "/api/courses/{c}", None, 204),
    ("post", "/api/courses/{c}/teachers", {"email": "admin1@example.com"}, 201),
    ("delete", "/api/courses/{c}/teachers/{u}", None, 404),  # {u}: the student, no co-teacher
    ("get", "/api/courses/{c}/students", None, 200),
    ("post", "/api/courses/{c}/students", {"email": "new@example.com"}, 201),
    ("delete", "/api/courses/{c}/students/{u}", None, 204),
    ("post", "/api/courses/{c}/join-code", None, 200),
    ("delete", "/api/courses/{c}/join-code", None, 204),
]


@pytest.fixture
def course(app, users):
    """Biology 101, owned by 'author', with 'student' enrolled."""
    return make_course(app, users["author"], students=[users["student"]], code="BIO-101")


def _path(template, course_id, user_id=0):
    return template.format(c=course_id, u=user_id)


# --- create and read -----------------------------------------------------------------------


def test_an_author_creates_a_course_and_owns_it(app, client, auth, users):
    r = client.post(
        "/api/courses",
        json={"name": "  Biology 101 ", "code": "BIO-101", "term": "Spring 2027"},
        headers=auth["author"],
    )
    assert r.status_code == 201, r.json
    body = r.json
    assert body["name"] == "Biology 101"  # stripped
    assert (body["code"], body["term"], body["archived"]) == ("BIO-101", "Spring 2027", False)
    author = users["author"]
    assert body["owner"] == {
        "id": author.id,
        "display_name": author.display_name,
        "email": author.email,
    }
    assert body["my_role"] == "owner"
    assert (body["student_count"], body["exam_count"]) == (0, 0)
    assert body["teachers"] == [{**body["owner"], "is_owner": True}]
    assert body["join_code"] is None
    assert body["exams"] == []
    assert body["created_at"].endswith("+00:00")
    assert audit_actions(app) == ["course.created"]


def test_code_and_term_are_optional(client, auth):
    r = client.post("/api/courses", json={"name": "Chemistry"}, headers=auth["admin"])
    assert r.status_code == 201
    assert (r.json["code"], r.json["term"], r.json["my_role"]) == ("", "", "owner")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": 5}, "name"),
        ({"name": None}, "name"),
        ({"name": "A", "code": "c" * 41}, "code"),
        ({"name": "A", "term": "t" * 61}, "term"),
        ({"name": "A", "term": ["Fall"]}, "term"),
        ({"name": "A", "owner_id": 1}, "owner_id"),
        ({"name": "A", "archived": True}, "archived"),
    ],
)
def test_bad_course_input_is_422(client, auth, body, field):
    r = client.post("/api/courses", json=body, headers=auth["author"])
    error = assert_error_shape(r, 422, "validation_error")
    assert field in error["details"]["json"]


def test_a_body_that_is_not_json_is_400(client, auth):
    r = client.post(
        "/api/courses", data="{", headers={**auth["author"], "Content-Type": "application/json"}
    )
    assert_error_shape(r, 400, "bad_request")


@pytest.mark.parametrize(("actor", "status"), [("anonymous", 401), ("student", 403)])
def test_only_authors_and_admins_create_and_list_courses(client, auth, actor, status):
    assert (
        client.post("/api/courses", json={"name": "A"}, headers=auth[actor]).status_code == status
    )
    assert client.get("/api/courses", headers=auth[actor]).status_code == status


def test_the_list_shows_the_courses_i_teach_and_admins_see_all(app, client, auth, users, make_user):
    co = make_user("author")
    own = make_course(app, users["author"], name="Own", students=[users["student"]])
    shared = make_course(app, users["other_author"], name="Shared", teachers=[users["author"]])
    make_course(app, users["other_author"], name="Not mine")

    r = client.get("/api/courses", headers=auth["author"])
    assert r.status_code == 200
    assert {(c["name"], c["my_role"]) for c in r.json["items"]} == {
        ("Own", "owner"),
        ("Shared", "teacher"),
    }
    assert r.json["total"] == 2
    counts = {c["id"]: c["student_count"] for c in r.json["items"]}
    assert counts == {own: 1, shared: 0}

    r = client.get("/api/courses", headers=auth["admin"])
    assert {(c["name"], c["my_role"]) for c in r.json["items"]} == {
        ("Own", "admin"),
        ("Shared", "admin"),
        ("Not mine", "admin"),
    }
    r = client.get("/api/courses", headers={"Authorization": _token(app, co)})
    assert r.json == {"items": [], "page": 1, "per_page": 20, "total": 0}


def _token(app, user):
    from online_exam.auth.tokens import issue_access_token

    with app.test_request_context():
        return "Bearer " + issue_access_token(user.id, user.role)[0]


def test_the_list_searches_filters_archived_and_pages(app, client, auth, users):
    for number in range(3):
        make_course(app, users["author"], name=f"Maths {number}", term="Spring")
    make_course(app, users["author"], name="Old maths", archived=True, code="M-OLD")

    def names(query):
        r = client.get(f"/api/courses?{query}", headers=auth["author"])
        assert r.status_code == 200, r.json
        return sorted(c["name"] for c in r.json["items"]), r.json["total"]

    assert names("") == (["Maths 0", "Maths 1", "Maths 2"], 3)
    assert names("archived=true") == (["Old maths"], 1)
    assert names("archived=all&q=OLD")[1] == 1  # the code matches, case-insensitive
    assert names("archived=all")[1] == 4
    assert names("q=spring") == (["Maths 0", "Maths 1", "Maths 2"], 3)
    assert names("q=%25")[1] == 0  # a literal %, not a wildcard
    r = client.get("/api/courses?per_page=2&page=2", headers=auth["author"])
    assert (len(r.json["items"]), r.json["total"], r.json["page"]) == (1, 3, 2)


@pytest.mark.parametrize(
    "query", ["archived=maybe", "archived=", "page=0", "per_page=101", "q=" + "x" * 201]
)
def test_bad_list_queries_are_422(client, auth, query):
    r = client.get(f"/api/courses?{query}", headers=auth["author"])
    assert_error_shape(r, 422, "validation_error")


def test_the_detail_lists_teachers_join_code_and_exams(app, client, auth, users, build_exam):
    course_id = make_course(
        app, users["author"], teachers=[users["other_author"]], join_code="ABCDEFGH"
    )
    exam = build_exam(
        users["author"], status="draft", title="Cells", course_id=course_id, time_limit_minutes=30
    )
    build_exam(users["author"], title="Public one")
    r = client.get(f"/api/courses/{course_id}", headers=auth["other_author"])
    assert r.status_code == 200
    body = r.json
    assert body["my_role"] == "teacher"
    assert [(t["id"], t["is_owner"]) for t in body["teachers"]] == [
        (users["author"].id, True),
        (users["other_author"].id, False),
    ]
    assert body["join_code"] == "ABCDEFGH"
    assert body["exam_count"] == 1
    assert body["exams"] == [
        {
            "id": exam.id,
            "title": "Cells",
            "status": "draft",
            "opens_at": None,
            "closes_at": None,
            "time_limit_minutes": 30,
            "question_count": 5,
        }
    ]


# --- who may: every teacher-side path ------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "template", "body", "success"),
    TEACHER_PATHS,
    ids=[f"{m.upper()} {p}" for m, p, _, _ in TEACHER_PATHS],
)
@pytest.mark.parametrize(
    ("actor", "role"),
    [
        ("anonymous", None),
        ("student", None),
        ("other_author", None),
        ("owner", "owner"),
        ("co_teacher", "teacher"),
        ("admin", "admin"),
    ],
)
def test_teacher_paths_by_actor(
    app, client, auth, users, make_user, token_for, method, template, body, success, actor, role
):
    make_user("student", email="new@example.com")  # one to enrol
    co_teacher = make_user("author")
    course_id = make_course(
        app, users["author"], teachers=[co_teacher], students=[users["student"]]
    )
    headers = {
        "anonymous": {},
        "student": auth["student"],
        "other_author": auth["other_author"],
        "owner": auth["author"],
        "co_teacher": token_for(co_teacher),
        "admin": auth["admin"],
    }[actor]
    r = getattr(client, method)(
        _path(template, course_id, users["student"].id), json=body, headers=headers
    )
    expected = {"anonymous": 401, "student": 403, "other_author": 404}.get(actor, success)
    assert r.status_code == expected, r.get_json()
    if expected >= 400:
        assert r.json["error"]["status"] == expected
        assert "Biology" not in r.get_data(as_text=True)  # nothing of the course leaks
    elif method == "get" and template == "/api/courses/{c}":
        assert r.json["my_role"] == role


@pytest.mark.parametrize("course_id", [0, 999_999, HUGE_ID, 2**31])
@pytest.mark.parametrize(("method", "template", "body", "_"), TEACHER_PATHS)
def test_unknown_and_huge_course_ids_are_404(
    client, auth, users, course_id, method, template, body, _
):
    r = getattr(client, method)(
        _path(template, course_id, users["student"].id), json=body, headers=auth["admin"]
    )
    assert_error_shape(r, 404, "not_found")


def test_negative_ids_do_not_route(client, auth):
    assert client.get("/api/courses/-1", headers=auth["admin"]).status_code == 404


# --- change, archive, delete ---------------------------------------------------------------


def test_patch_changes_any_subset(app, client, auth, course):
    r = client.patch(f"/api/courses/{course}", json={"name": " Bio 1 "}, headers=auth["author"])
    assert r.status_code == 200
    assert (r.json["name"], r.json["code"]) == ("Bio 1", "BIO-101")
    r = client.patch(f"/api/courses/{course}", json={}, headers=auth["author"])
    assert r.status_code == 200
    assert audit_actions(app) == ["course.updated"]  # the empty patch changed nothing


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": " "}, "name"),
        ({"name": None}, "name"),
        ({"code": "c" * 41}, "code"),
        ({"archived": "yes please"}, "archived"),
        ({"archived": None}, "archived"),
        ({"owner_id": 3}, "owner_id"),
    ],
)
def test_bad_patches_are_422(client, auth, course, body, field):
    r = client.patch(f"/api/courses/{course}", json=body, headers=auth["author"])
    assert field in assert_error_shape(r, 422, "validation_error")["details"]["json"]


def test_an_archived_course_is_read_only_except_unarchiving(app, client, auth, users, course):
    r = client.patch(f"/api/courses/{course}", json={"archived": True}, headers=auth["author"])
    assert (r.status_code, r.json["archived"]) == (200, True)
    other = users["other_author"]
    refused = [
        ("patch", f"/api/courses/{course}", {"name": "New"}),
        ("patch", f"/api/courses/{course}", {"name": "New", "archived": True}),
        ("delete", f"/api/courses/{course}", None),
        ("post", f"/api/courses/{course}/teachers", {"email": other.email}),
        ("post", f"/api/courses/{course}/students", {"email": other.email}),
        ("delete", f"/api/courses/{course}/students/{users['student'].id}", None),
        ("post", f"/api/courses/{course}/join-code", None),
        ("delete", f"/api/courses/{course}/join-code", None),
    ]
    for method, path, body in refused:
        r = getattr(client, method)(path, json=body, headers=auth["author"])
        assert_error_shape(r, 409, "conflict")
    # Still readable, roster included.
    assert client.get(f"/api/courses/{course}", headers=auth["author"]).status_code == 200
    r = client.get(f"/api/courses/{course}/students", headers=auth["author"])
    assert r.json["total"] == 1
    # Un-archiving may bring other changes with it.
    r = client.patch(
        f"/api/courses/{course}", json={"archived": False, "name": "Bio"}, headers=auth["author"]
    )
    assert (r.status_code, r.json["archived"], r.json["name"]) == (200, False, "Bio")
    assert audit_actions(app) == ["course.archived", "course.unarchived"]


def test_delete_a_course_without_exams(app, client, auth, users, course):
    r = client.delete(f"/api/courses/{course}", headers=auth["author"])
    assert r.status_code == 204
    assert client.get(f"/api/courses/{course}", headers=auth["author"]).status_code == 404
    assert enrolled(app, course) == set()  # the roster went with it
    assert client.get("/api/auth/me", headers=auth["student"]).status_code == 200  # not the account
    assert audit_actions(app) == ["course.deleted"]


def test_a_course_with_exams_cannot_be_deleted(client, auth, users, course, build_exam):
    build_exam(users["author"], status="draft", course_id=course)
    r = client.delete(f"/api/courses/{course}", headers=auth["author"])
    assert assert_error_shape(r, 409, "conflict")["details"] == {"exam_count": 1}


# --- co-teachers ---------------------------------------------------------------------------


def test_add_and_remove_a_co_teacher(app, client, auth, users, course):
    other = users["other_author"]
    assert client.get(f"/api/courses/{course}", headers=auth["other_author"]).status_code == 404
    r = client.post(
        f"/api/courses/{course}/teachers",
        json={"email": f"  {other.email.upper()} "},
        headers=auth["author"],
    )
    assert r.status_code == 201, r.json
    assert [(t["id"], t["is_owner"]) for t in r.json] == [
        (users["author"].id, True),
        (other.id, False),
    ]
    # The co-teacher manages the course now, roster included.
    r = client.get(f"/api/courses/{course}/students", headers=auth["other_author"])
    assert r.status_code == 200
    # A co-teacher may remove themselves; then the course is 404 to them again.
    r = client.delete(f"/api/courses/{course}/teachers/{other.id}", headers=auth["other_author"])
    assert r.status_code == 204
    assert client.get(f"/api/courses/{course}", headers=auth["other_author"]).status_code == 404
    assert audit_actions(app) == ["course.teacher_added", "course.teacher_removed"]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("student", 422),  # not an author
        ("nobody", 422),  # no account
        ("bad", 422),  # not even an e-mail
        ("author", 409),  # the owner
        ("admin", 201),
    ],
)
def test_who_can_become_a_co_teacher(client, auth, users, course, who, status):
    email = {"nobody": "nobody@example.com", "bad": "not an e-mail"}.get(who) or users[who].email
    r = client.post(
        f"/api/courses/{course}/teachers", json={"email": email}, headers=auth["author"]
    )
    assert r.status_code == status, r.json
    if status == 422:
        assert "email" in r.json["error"]["details"]


def test_a_duplicate_co_teacher_is_409_and_the_owner_cannot_be_removed(client, auth, users, course):
    email = users["other_author"].email
    path = f"/api/courses/{course}/teachers"
    assert client.post(path, json={"email": email}, headers=auth["author"]).status_code == 201
    assert_error_shape(
        client.post(path, json={"email": email}, headers=auth["author"]), 409, "conflict"
    )
    r = client.delete(f"{path}/{users['author'].id}", headers=auth["admin"])
    assert_error_shape(r, 409, "conflict")
    assert_error_shape(client.delete(f"{path}/{HUGE_ID}", headers=auth["author"]), 404, "not_found")


def test_a_deactivated_author_cannot_become_a_co_teacher(app, client, auth, users, course):
    from online_exam.auth.models import User

    with app.app_context():
        db.session.get(User, users["other_author"].id).is_active = False
        db.session.commit()
    r = client.post(
        f"/api/courses/{course}/teachers",
        json={"email": users["other_author"].email},
        headers=auth["author"],
    )
    assert "email" in assert_error_shape(r, 422, "validation_error")["details"]


@pytest.mark.parametrize("body", [{}, {"email": ""}, {"email": 5}, {"email": "a" * 255}])
def test_bad_email_bodies_are_422(client, auth, course, body):
    for path in ("teachers", "students"):
        r = client.post(f"/api/courses/{course}/{path}", json=body, headers=auth["author"])
        assert "email" in assert_error_shape(r, 422, "validation_error")["details"]["json"]


def test_a_demoted_co_teacher_loses_the_course(app, client, auth, users):
    from online_exam.auth.models import User

    course_id = make_course(app, users["author"], teachers=[users["other_author"]])
    with app.app_context():
        db.session.get(User, users["other_author"].id).role = "student"
        db.session.commit()
    r = client.get("/api/me/courses", headers=auth["other_author"])
    assert r.json == {"items": []}
    r = client.post(
        "/api/exams", json={"title": "X", "course_id": course_id}, headers=auth["other_author"]
    )
    assert r.status_code == 403  # the role check comes first


# --- the roster ----------------------------------------------------------------------------


def test_enrol_an_existing_account_by_email(app, client, auth, users, make_user):
    course_id = make_course(app, users["author"])
    pupil = make_user("student", email="pupil@example.com", name="Pat Pupil")
    r = client.post(
        f"/api/courses/{course_id}/students",
        json={"email": "PUPIL@example.com"},
        headers=auth["author"],
    )
    assert r.status_code == 201, r.json
    entry = r.json
    assert entry["user_id"] == pupil.id
    assert (entry["email"], entry["display_name"]) == ("pupil@example.com", "Pat Pupil")
    assert (entry["source"], entry["external_id"], entry["has_password"]) == ("manual", None, True)
    assert entry["enrolled_at"].endswith("+00:00")
    assert enrolled(app, course_id) == {pupil.id}
    again = client.post(
        f"/api/courses/{course_id}/students", json={"email": pupil.email}, headers=auth["author"]
    )
    assert_error_shape(again, 409, "conflict")
    assert audit_actions(app) == ["course.student_added"]


@pytest.mark.parametrize(("who", "status"), [("nobody", 422), ("author", 409), ("admin", 409)])
def test_unknown_accounts_and_teachers_are_not_enrolled(client, auth, users, course, who, status):
    email = "nobody@example.com" if who == "nobody" else users[who].email
    r = client.post(
        f"/api/courses/{course}/students", json={"email": email}, headers=auth["author"]
    )
    error = assert_error_shape(r, status, "validation_error" if status == 422 else "conflict")
    if status == 422:
        assert "email" in error["details"]


def test_the_roster_searches_and_pages(app, client, auth, users, make_user):
    from online_exam.courses.models import Enrolment

    students = [make_user("student", name=f"Student {n}") for n in range(3)]
    course_id = make_course(app, users["author"], students=students)
    with app.app_context():
        db.session.get(Enrolment, (course_id, students[0].id)).external_id = "S-0042"
        db.session.commit()
    path = f"/api/courses/{course_id}/students"
    r = client.get(path, headers=auth["author"])
    assert [e["display_name"] for e in r.json["items"]] == ["Student 0", "Student 1", "Student 2"]
    assert r.json["total"] == 3
    r = client.get(f"{path}?q=s-004", headers=auth["author"])
    assert [(e["user_id"], e["external_id"]) for e in r.json["items"]] == [
        (students[0].id, "S-0042")
    ]
    r = client.get(f"{path}?q={students[2].email.upper()}", headers=auth["author"])
    assert [e["user_id"] for e in r.json["items"]] == [students[2].id]
    r = client.get(f"{path}?per_page=2&page=2", headers=auth["author"])
    assert ([e["display_name"] for e in r.json["items"]], r.json["total"]) == (["Student 2"], 3)
    for query in ("page=0", "per_page=0", "q=" + "x" * 201, "page=x"):
        assert_error_shape(
            client.get(f"{path}?{query}", headers=auth["author"]), 422, "validation_error"
        )


def test_removing_a_student_keeps_their_attempts(
    app, client, auth, users, course, build_exam, record_attempt
):
    exam = build_exam(users["author"], course_id=course)
    record_attempt(exam.id, users["student"], {exam.questions[0]: 1.0})
    path = f"/api/courses/{course}/students/{users['student'].id}"
    assert client.delete(path, headers=auth["author"]).status_code == 204
    assert enrolled(app, course) == set()
    assert_error_shape(client.delete(path, headers=auth["author"]), 404, "not_found")
    r = client.get(f"/api/exams/{exam.id}/results", headers=auth["author"])
    assert [a["user_id"] for a in r.json["items"]] == [users["student"].id]
    r = client.get("/api/me/attempts", headers=auth["student"])
    assert r.json["total"] == 1  # the student keeps their history too
    assert audit_actions(app) == ["course.student_removed"]


def test_removing_an_unknown_student_is_404(client, auth, users, course):
    for user_id in (users["other_author"].id, HUGE_ID, 0):
        r = client.delete(f"/api/courses/{course}/students/{user_id}", headers=auth["author"])
        assert_error_shape(r, 404, "not_found")


# --- join codes ----------------------------------------------------------------------------


def _join(client, headers, code, address="192.0.2.1"):
    return client.post(
        "/api/courses/join",
        json={"code": code},
        headers=headers,
        environ_base={"REMOTE_ADDR": address},
    )


def test_join_codes_create_rotate_and_turn_off(app, client, auth, users, make_user, token_for):
    course_id = make_course(app, users["author"], name="Biology 101")
    joiner = token_for(make_user("student"))
    path = f"/api/courses/{course_id}/join-code"
    first = client.post(path, headers=auth["author"]).json["join_code"]
    assert len(first) == 8
    assert set(first) <= set(JOIN_CODE_ALPHABET)
    assert not set(first) & set("0O1IL")
    assert (
        client.get(f"/api/courses/{course_id}", headers=auth["author"]).json["join_code"] == first
    )

    second = client.post(path, headers=auth["author"]).json["join_code"]
    assert second != first
    assert_error_shape(_join(client, joiner, first), 404, "not_found")  # the old code is gone

    # Case, spaces and a dash in the middle do not matter.
    typed = f" {second[:4].lower()}-{second[4:]} "
    r = _join(client, auth["student"], typed)
    assert (r.status_code, r.json) == (200, {"course_id": course_id, "name": "Biology 101"})
    r = _join(client, auth["student"], second)  # again: same answer, still one enrolment
    assert r.status_code == 200
    assert enrolled(app, course_id) == {users["student"].id}

    assert client.delete(path, headers=auth["author"]).status_code == 204
    assert client.get(f"/api/courses/{course_id}", headers=auth["author"]).json["join_code"] is None
    assert_error_shape(_join(client, joiner, second), 404, "not_found")
    assert client.delete(path, headers=auth["author"]).status_code == 204  # already off: fine
    assert audit_actions(app) == [
        "course.join_code_rotated",
        "course.join_code_rotated",
        "course.joined",
        "course.join_code_turned_off",
    ]


def test_the_joined_source_is_join_code(app, client, auth, users):
    course_id = make_course(app, users["author"], join_code="HJKMNPQR")
    assert _join(client, auth["student"], "HJKMNPQR").status_code == 200
    r = client.get(f"/api/courses/{course_id}/students", headers=auth["author"])
    assert r.json["items"][0]["source"] == "join_code"


def test_teachers_cannot_join_their_own_course(app, client, auth, users):
    make_course(app, users["author"], teachers=[users["other_author"]], join_code="HJKMNPQR")
    for actor in ("author", "other_author", "admin"):
        assert_error_shape(_join(client, auth[actor], "HJKMNPQR"), 409, "conflict")


def test_an_archived_courses_code_is_404(app, client, auth, users):
    make_course(app, users["author"], join_code="HJKMNPQR", archived=True)
    assert_error_shape(_join(client, auth["student"], "HJKMNPQR"), 404, "not_found")


@pytest.mark.parametrize("code", ["HJKMNPQ", "HJKMNPQRS", "--------", "ÄÖÜ", "' OR 1=1 --"])
def test_codes_that_cannot_exist_are_404(app, client, auth, users, code):
    make_course(app, users["author"], join_code="HJKMNPQR")
    assert_error_shape(_join(client, auth["student"], code), 404, "not_found")


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"code": ""},
        {"code": 12345678},
        {"code": "A" * 65},
        {"code": None},
        {"code": "HJKMNPQR", "course_id": 1},
    ],
)
def test_bad_join_bodies_are_422(client, auth, body):
    r = client.post("/api/courses/join", json=body, headers=auth["student"])
    assert_error_shape(r, 422, "validation_error")


def test_joining_needs_a_sign_in(client):
    assert_error_shape(_join(client, {}, "HJKMNPQR"), 401, "unauthorized")


def test_join_tries_are_rate_limited_per_account_and_address(tmp_path, password_hash):
    """A separate app with the limits on (the suite's app has them off)."""
    from online_exam.auth.models import User
    from online_exam.auth.tokens import issue_access_token

    app = create_app(
        {
            "APP_ENV": "testing",
            "TESTING": True,
            "SECRET_KEY": "join-limit-test-secret-that-is-long-enough",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'join.sqlite3'}",
            "SPA_DIST": str(tmp_path / "no-spa"),
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": "memory://",
            "JOIN_RATE_LIMIT_PER_ACCOUNT": "3 per minute",
        }
    )
    with app.app_context():
        upgrade()
        guesser = User(email="g@example.com", display_name="G", password_hash=password_hash)
        other = User(email="o@example.com", display_name="O", password_hash=password_hash)
        db.session.add_all([guesser, other])
        db.session.commit()
        tokens = {
            u.email: {"Authorization": "Bearer " + issue_access_token(u.id, u.role)[0]}
            for u in (guesser, other)
        }
    client = app.test_client()
    mine = tokens["g@example.com"]
    assert [_join(client, mine, f"AAAAAAA{n}").status_code for n in range(3)] == [404] * 3
    refused = _join(client, mine, "AAAAAAAB")
    error = assert_error_shape(refused, 429, "rate_limited")
    assert int(refused.headers["Retry-After"]) >= 1
    assert error["details"]["retry_after_seconds"] >= 1
    # Another account from the same address, and the same account elsewhere, still try.
    assert _join(client, tokens["o@example.com"], "AAAAAAAB").status_code == 404
    assert _join(client, mine, "AAAAAAAB", address="198.51.100.9").status_code == 404
    with app.app_context():
        db.engine.dispose()
