"""Exams in courses: `course_id` on create and patch (only a course the author teaches, never
an archived one, fixed once attempted), copies keep their course, the author's views carry
course_id and course_name, and the course's teachers manage its exams — while to everyone
outside the course a course exam stays 404 even when published."""

from __future__ import annotations

import pytest

from .course_helpers import HUGE_ID, make_course
from .test_api_basics import assert_error_shape
from .test_exams_roles import ENDPOINTS


@pytest.fixture
def course(app, users):
    return make_course(app, users["author"], name="Biology 101")


def test_create_an_exam_in_my_course(client, auth, course):
    r = client.post(
        "/api/exams", json={"title": "Cells", "course_id": course}, headers=auth["author"]
    )
    assert r.status_code == 201, r.json
    assert (r.json["course_id"], r.json["course_name"]) == (course, "Biology 101")
    listed = client.get("/api/author/exams", headers=auth["author"]).json["items"]
    assert [(e["title"], e["course_id"], e["course_name"]) for e in listed] == [
        ("Cells", course, "Biology 101")
    ]
    detail = client.get(f"/api/courses/{course}", headers=auth["author"]).json
    assert [e["title"] for e in detail["exams"]] == ["Cells"]


def test_a_public_exam_has_no_course(client, auth):
    r = client.post("/api/exams", json={"title": "Open"}, headers=auth["author"])
    assert (r.json["course_id"], r.json["course_name"]) == (None, None)
    r = client.post("/api/exams", json={"title": "Open", "course_id": None}, headers=auth["author"])
    assert r.json["course_id"] is None


@pytest.mark.parametrize(
    ("course_id", "where"),
    [
        ("theirs", "top"),  # a course of another author
        (999_999, "top"),
        (HUGE_ID, "top"),
        (0, "top"),
        (-1, "top"),
        ("1", "json"),  # strict: no strings
        (1.5, "json"),
        (True, "json"),
    ],
)
def test_only_a_course_i_teach(app, client, auth, users, course_id, where):
    if course_id == "theirs":
        course_id = make_course(app, users["other_author"])
    r = client.post(
        "/api/exams", json={"title": "X", "course_id": course_id}, headers=auth["author"]
    )
    error = assert_error_shape(r, 422, "validation_error")
    details = error["details"]["json"] if where == "json" else error["details"]
    assert "course_id" in details


def test_an_admin_may_put_an_exam_in_any_course(client, auth, course):
    r = client.post("/api/exams", json={"title": "X", "course_id": course}, headers=auth["admin"])
    assert (r.status_code, r.json["course_id"]) == (201, course)


def test_a_co_teacher_may_put_an_exam_in_the_course(app, client, auth, users):
    course_id = make_course(app, users["author"], teachers=[users["other_author"]])
    r = client.post(
        "/api/exams", json={"title": "X", "course_id": course_id}, headers=auth["other_author"]
    )
    assert r.status_code == 201
    # ... and the owner manages it too.
    r = client.patch(f"/api/exams/{r.json['id']}", json={"title": "Y"}, headers=auth["author"])
    assert r.status_code == 200


def test_no_exam_goes_into_an_archived_course(app, client, auth, users, build_exam):
    archived = make_course(app, users["author"], archived=True)
    r = client.post(
        "/api/exams", json={"title": "X", "course_id": archived}, headers=auth["author"]
    )
    assert_error_shape(r, 409, "conflict")
    exam = build_exam(users["author"], status="draft")
    r = client.patch(f"/api/exams/{exam.id}", json={"course_id": archived}, headers=auth["author"])
    assert_error_shape(r, 409, "conflict")


def test_move_an_exam_between_courses_and_out(app, client, auth, users, course, build_exam):
    other = make_course(app, users["author"], name="Chemistry")
    exam = build_exam(users["author"], status="published", course_id=course)
    r = client.patch(f"/api/exams/{exam.id}", json={"course_id": other}, headers=auth["author"])
    assert (r.status_code, r.json["course_name"]) == (200, "Chemistry")
    r = client.patch(f"/api/exams/{exam.id}", json={"course_id": None}, headers=auth["author"])
    assert (r.status_code, r.json["course_id"]) == (200, None)
    assert [e["id"] for e in client.get("/api/exams").json["items"]] == [exam.id]  # public now


def test_an_attempted_exam_cannot_move(
    app, client, auth, users, course, build_exam, record_attempt
):
    other = make_course(app, users["author"], name="Chemistry")
    exam = build_exam(users["author"], course_id=course)
    record_attempt(exam.id, users["student"], {})
    for target in (other, None):
        r = client.patch(
            f"/api/exams/{exam.id}", json={"course_id": target}, headers=auth["author"]
        )
        assert assert_error_shape(r, 409, "conflict")["details"] == {"attempt_count": 1}
    # Other settings still change; the same course again is no move.
    r = client.patch(
        f"/api/exams/{exam.id}",
        json={"title": "Renamed", "course_id": course},
        headers=auth["author"],
    )
    assert r.status_code == 200


def test_moving_into_a_course_i_do_not_teach_is_422(app, client, auth, users, build_exam):
    theirs = make_course(app, users["other_author"])
    exam = build_exam(users["author"], status="draft")
    r = client.patch(f"/api/exams/{exam.id}", json={"course_id": theirs}, headers=auth["author"])
    assert "course_id" in assert_error_shape(r, 422, "validation_error")["details"]


def test_a_copy_keeps_its_course(client, auth, users, course, build_exam):
    exam = build_exam(users["author"], course_id=course)
    r = client.post(f"/api/exams/{exam.id}/copy", headers=auth["author"])
    assert (r.status_code, r.json["course_id"], r.json["course_name"]) == (
        201,
        course,
        "Biology 101",
    )


# --- the authoring matrix on a course's exam -----------------------------------------------

ACTORS = (
    "anonymous",
    "student",
    "enrolled_author",
    "other_author",
    "co_teacher",
    "author",
    "admin",
)


def _expected(actor: str, status: str, success: int) -> int:
    if actor == "anonymous":
        return 401
    if actor == "student":
        return 403
    if actor == "other_author":
        return 404  # outside the course: 404 even when published
    if actor == "enrolled_author":
        return 403 if status == "published" else 404  # may take it, may not change it
    return success


@pytest.mark.parametrize("status", ["draft", "published"])
@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(
    ("method", "path", "body", "success"),
    ENDPOINTS,
    ids=[f"{m.upper()} {p}" for m, p, _, _ in ENDPOINTS],
)
def test_course_exam_authoring_matrix(
    app,
    client,
    auth,
    users,
    make_user,
    token_for,
    build_exam,
    actor,
    status,
    method,
    path,
    body,
    success,
):
    co_teacher = make_user("author")
    enrolled_author = make_user("author")
    course_id = make_course(
        app, users["author"], teachers=[co_teacher], students=[enrolled_author, users["student"]]
    )
    ids = build_exam(users["author"], status=status, course_id=course_id).path_ids()
    if isinstance(body, dict):
        body = {
            k: ids[v[1:-1]] if v in ("{question_ids}", "{alternative_ids}") else v
            for k, v in body.items()
        }
    headers = {
        **auth,
        "co_teacher": token_for(co_teacher),
        "enrolled_author": token_for(enrolled_author),
    }[actor]
    r = getattr(client, method)(path.format(**ids), json=body, headers=headers)
    expected = _expected(actor, status, success)
    assert r.status_code == expected, r.get_json()
    if expected >= 400:
        assert r.json["error"]["status"] == expected
        assert "credit" not in r.get_data(as_text=True)


def test_the_author_list_shows_the_exams_of_my_courses(app, client, auth, users, build_exam):
    course_id = make_course(app, users["other_author"], name="Shared", teachers=[users["author"]])
    theirs = make_course(app, users["other_author"], name="Theirs")
    build_exam(users["other_author"], status="draft", title="In shared", course_id=course_id)
    build_exam(users["other_author"], status="draft", title="In theirs", course_id=theirs)
    build_exam(users["other_author"], status="draft", title="Their public")
    build_exam(users["author"], status="draft", title="My public")
    r = client.get("/api/author/exams", headers=auth["author"])
    assert sorted((e["title"], e["course_name"]) for e in r.json["items"]) == [
        ("In shared", "Shared"),
        ("My public", None),
    ]
    assert r.json["total"] == 2
    r = client.get("/api/author/exams", headers=auth["admin"])
    assert r.json["total"] == 4


def test_an_archived_courses_exams_are_read_only_and_copy_out_as_public(
    app, client, auth, users, build_exam
):
    course_id = make_course(app, users["author"], archived=True)
    exam = build_exam(users["author"], status="draft", course_id=course_id)
    ids = exam.path_ids()
    writes = [
        ("patch", f"/api/exams/{exam.id}", {"title": "New"}),
        ("post", f"/api/exams/{exam.id}/publish", None),
        ("post", f"/api/exams/{exam.id}/archive", None),
        ("delete", f"/api/exams/{exam.id}", None),
        (
            "post",
            f"/api/exams/{exam.id}/questions",
            {"type": "numeric", "text": "1?", "numeric_answer": 1},
        ),
        ("patch", f"/api/questions/{ids['question']}", {"text": "Changed?"}),
        ("delete", f"/api/alternatives/{ids['alternative']}", None),
    ]
    for method, path, body in writes:
        r = getattr(client, method)(path, json=body, headers=auth["author"])
        assert_error_shape(r, 409, "conflict")
    # Reading, exporting and copying still work; the copy is a public draft.
    assert client.get(f"/api/author/exams/{exam.id}", headers=auth["author"]).status_code == 200
    r = client.get(f"/api/exams/{exam.id}/export?format=json", headers=auth["author"])
    assert r.status_code == 200
    r = client.post(f"/api/exams/{exam.id}/copy", headers=auth["author"])
    assert (r.status_code, r.json["course_id"], r.json["status"]) == (201, None, "draft")
    # Un-archived, the course's exam is editable again.
    client.patch(f"/api/courses/{course_id}", json={"archived": False}, headers=auth["author"])
    r = client.patch(f"/api/exams/{exam.id}", json={"title": "New"}, headers=auth["author"])
    assert r.status_code == 200
