"""Who sees a course's exam: its enrolled students and its teachers (owner, co-teachers,
admins); to everyone else every student-side path answers 404, exactly like a missing exam.
The catalogue lists public exams only. A student removed from the roster may finish the
attempt in progress but starts no new one. Existing exams migrate as public."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from online_exam import create_app
from online_exam.extensions import db

from .course_helpers import make_course
from .test_api_basics import assert_error_shape

# Who may take the exam, and what each one gets from GET /exams/<id>, /browse, POST attempts.
ACTORS = {
    "anonymous": (404, 404, 401),
    "outsider": (404, 404, 404),
    "other_author": (404, 404, 404),
    "enrolled": (200, 200, 201),
    "co_teacher": (200, 200, 201),
    "owner": (200, 200, 201),
    "admin": (200, 200, 201),
}


@pytest.fixture
def world(app, users, make_user, token_for, build_exam):
    """A course owned by 'author' with a co-teacher and one enrolled student, a published
    practice exam in it and a public one; headers per actor."""
    co_teacher = make_user("author", name="Co Teacher")
    outsider = make_user("student", name="Out Sider")
    course_id = make_course(
        app, users["author"], teachers=[co_teacher], students=[users["student"]]
    )
    exam = build_exam(
        users["author"],
        title="Course exam",
        practice_mode=True,
        course_id=course_id,
        max_attempts=None,
    )
    public = build_exam(users["author"], title="Public exam", practice_mode=True)
    headers = {
        "anonymous": {},
        "outsider": token_for(outsider),
        "other_author": token_for(users["other_author"]),
        "enrolled": token_for(users["student"]),
        "co_teacher": token_for(co_teacher),
        "owner": token_for(users["author"]),
        "admin": token_for(users["admin"]),
    }
    return {
        "course": course_id,
        "exam": exam,
        "public": public,
        "headers": headers,
        "co_teacher": co_teacher,
        "outsider": outsider,
    }


@pytest.mark.parametrize("actor", ACTORS)
def test_student_side_paths_by_actor(client, world, actor):
    exam, headers = world["exam"], world["headers"][actor]
    detail, browse, start = ACTORS[actor]
    r = client.get(f"/api/exams/{exam.id}", headers=headers)
    assert r.status_code == detail
    if detail == 404:
        assert r.json["error"]["message"] == "No such exam."  # the same as for a missing exam
        assert "Course exam" not in r.get_data(as_text=True)
    r = client.get(f"/api/exams/{exam.id}/browse", headers=headers)
    assert r.status_code == browse
    r = client.post(f"/api/exams/{exam.id}/attempts", headers=headers)
    assert r.status_code == start, r.json
    # The public exam is there for everyone, as before.
    assert client.get(f"/api/exams/{world['public'].id}", headers=headers).status_code == 200
    assert client.get(f"/api/exams/{world['public'].id}/browse", headers=headers).status_code == 200


def test_a_missing_exam_and_a_hidden_one_answer_alike(client, world):
    headers = world["headers"]["outsider"]
    hidden = client.get(f"/api/exams/{world['exam'].id}", headers=headers)
    missing = client.get("/api/exams/999999", headers=headers)
    assert hidden.json == missing.json
    hidden = client.post(f"/api/exams/{world['exam'].id}/attempts", headers=headers)
    missing = client.post("/api/exams/999999/attempts", headers=headers)
    assert hidden.json == missing.json


@pytest.mark.parametrize("actor", ACTORS)
def test_the_catalogue_lists_public_exams_only(client, world, actor):
    r = client.get("/api/exams", headers=world["headers"][actor])
    assert [e["title"] for e in r.json["items"]] == ["Public exam"]
    assert r.json["total"] == 1
    r = client.get("/api/exams?q=course", headers=world["headers"][actor])
    assert r.json["total"] == 0


def test_the_enrolled_student_takes_the_exam_end_to_end(client, world):
    exam, headers = world["exam"], world["headers"]["enrolled"]
    attempt = client.post(f"/api/exams/{exam.id}/attempts", headers=headers).json
    q = exam.q["single"]
    r = client.put(
        f"/api/attempts/{attempt['id']}/responses/{q}",
        json={"selected_ids": [exam.alt[("single", "4")]], "seq": 1},
        headers=headers,
    )
    assert r.status_code == 200
    r = client.post(f"/api/attempts/{attempt['id']}/submit", json={}, headers=headers)
    assert (r.status_code, r.json["result"]["score"]) == (200, 2.0)


def test_a_student_removed_after_starting_may_finish_but_not_start_again(client, world):
    exam, headers = world["exam"], world["headers"]["enrolled"]
    attempt = client.post(f"/api/exams/{exam.id}/attempts", headers=headers).json
    student_id = client.get("/api/auth/me", headers=headers).json["id"]
    r = client.delete(
        f"/api/courses/{world['course']}/students/{student_id}", headers=world["headers"]["owner"]
    )
    assert r.status_code == 204

    # The attempt in progress: viewed, saved, submitted as before (nothing saved is lost).
    assert client.get(f"/api/attempts/{attempt['id']}", headers=headers).status_code == 200
    q = exam.q["true_false"]
    r = client.put(
        f"/api/attempts/{attempt['id']}/responses/{q}",
        json={"selected_ids": [exam.alt[("true_false", "True")]], "seq": 1},
        headers=headers,
    )
    assert r.status_code == 200
    r = client.post(f"/api/attempts/{attempt['id']}/submit", json={}, headers=headers)
    assert (r.status_code, r.json["result"]["score"]) == (200, 1.0)
    assert client.get(f"/api/attempts/{attempt['id']}", headers=headers).status_code == 200

    # No new attempt, and the exam is gone for them like any other course's exam.
    r = client.post(f"/api/exams/{exam.id}/attempts", headers=headers)
    assert_error_shape(r, 404, "not_found")
    assert client.get(f"/api/exams/{exam.id}", headers=headers).status_code == 404
    # The teachers still see the attempt in the results.
    r = client.get(f"/api/exams/{exam.id}/results", headers=world["headers"]["co_teacher"])
    assert [a["user_id"] for a in r.json["items"]] == [student_id]


@pytest.mark.parametrize(
    ("actor", "status", "attempt_status"),
    [
        ("co_teacher", 200, 200),
        ("owner", 200, 200),
        ("admin", 200, 200),
        ("other_author", 404, 404),
        ("outsider", 403, 404),  # results paths are for authors: the role check answers first
        ("enrolled", 403, 200),  # their own attempt
    ],
)
def test_the_course_teachers_see_results_statistics_exports_and_attempts(
    client, world, record_attempt, users, actor, status, attempt_status
):
    exam, headers = world["exam"], world["headers"][actor]
    attempt_id = record_attempt(exam.id, users["student"], {exam.questions[0]: 1.0})
    paths = [
        f"/api/exams/{exam.id}/results",
        f"/api/exams/{exam.id}/statistics",
        f"/api/exams/{exam.id}/results/export?format=csv",
    ]
    for path in paths:
        assert client.get(path, headers=headers).status_code == status, path
    viewing = client.get(f"/api/attempts/{attempt_id}", headers=headers)
    assert viewing.status_code == attempt_status
    if attempt_status == 200:
        assert viewing.json["read_only"] is True  # finished; and staff never answer
        assert viewing.json["result"]["review"] is not None


def test_teachers_cannot_answer_a_students_attempt(client, world):
    exam = world["exam"]
    attempt = client.post(f"/api/exams/{exam.id}/attempts", headers=world["headers"]["enrolled"])
    path = f"/api/attempts/{attempt.json['id']}/responses/{exam.q['numeric']}"
    body = {"number": 3.14, "seq": 1}
    r = client.put(path, json=body, headers=world["headers"]["co_teacher"])
    assert_error_shape(r, 403, "forbidden")
    r = client.put(path, json=body, headers=world["headers"]["outsider"])
    assert_error_shape(r, 404, "not_found")


def test_a_removed_co_teacher_loses_the_exam(client, world):
    co = world["co_teacher"]
    exam = world["exam"]
    r = client.delete(
        f"/api/courses/{world['course']}/teachers/{co.id}", headers=world["headers"]["owner"]
    )
    assert r.status_code == 204
    headers = world["headers"]["co_teacher"]
    assert client.get(f"/api/exams/{exam.id}", headers=headers).status_code == 404
    assert client.get(f"/api/author/exams/{exam.id}", headers=headers).status_code == 404
    assert client.get(f"/api/exams/{exam.id}/results", headers=headers).status_code == 404


def test_an_archived_courses_exam_stays_with_its_teachers(client, world, record_attempt, users):
    exam = world["exam"]
    record_attempt(exam.id, users["student"], {exam.questions[0]: 1.0})
    owner = world["headers"]["owner"]
    r = client.patch(f"/api/courses/{world['course']}", json={"archived": True}, headers=owner)
    assert r.status_code == 200
    r = client.get("/api/me/courses", headers=world["headers"]["enrolled"])
    assert r.json == {"items": []}
    for actor in ("owner", "co_teacher", "admin"):
        r = client.get(f"/api/exams/{exam.id}/results", headers=world["headers"][actor])
        assert r.json["total"] == 1
        r = client.get("/api/author/exams", headers=world["headers"][actor])
        assert "Course exam" in [e["title"] for e in r.json["items"]]


def test_existing_exams_migrate_as_public(tmp_path, password_hash):
    """An exam made before migration 0005 is public after it: course_id NULL, in the catalogue."""
    app = create_app(
        {
            "APP_ENV": "testing",
            "TESTING": True,
            "SECRET_KEY": "migration-test-secret-that-is-long-enough",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.sqlite3'}",
            "SPA_DIST": str(tmp_path / "no-spa"),
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        upgrade(revision="0004")
        db.session.execute(
            sa.text(
                "INSERT INTO users (email, display_name, password_hash, role, is_active, "
                "created_at, updated_at) VALUES ('old@example.com', 'Old', :h, 'author', 1, "
                "'2026-01-01 00:00:00', '2026-01-01 00:00:00')"
            ),
            {"h": password_hash},
        )
        db.session.execute(
            sa.text(
                "INSERT INTO exams (title, description, long_description, status, "
                "grace_period_seconds, shuffle_questions, shuffle_alternatives, "
                "one_question_per_page, review_policy, practice_mode, published_at, created_at, "
                "updated_at, created_by_id) VALUES ('Old exam', '', '', 'published', 30, 0, 0, 1, "
                "'immediately', 0, '2026-01-01 00:00:00', '2026-01-01 00:00:00', "
                "'2026-01-01 00:00:00', 1)"
            )
        )
        db.session.commit()
        upgrade()
        assert db.session.execute(sa.text("SELECT course_id FROM exams")).all() == [(None,)]
    r = app.test_client().get("/api/exams")
    assert [e["title"] for e in r.json["items"]] == ["Old exam"]
    with app.app_context():
        db.engine.dispose()


def test_the_check_costs_one_statement_at_start_and_none_after(
    app, client, users, make_user, token_for, build_exam
):
    """Exam day on a course's exam: the start adds one indexed EXISTS (the roster; on
    PostgreSQL a part of the start's one read), views, saves and submits add nothing (they
    work on the student's own attempt)."""
    from .test_query_counts import counting

    def exam_day(in_course: bool) -> dict[str, int]:
        first, second = make_user("student"), make_user("student")
        course_id = (
            make_course(app, users["author"], name="Day", students=[first, second])
            if in_course
            else None
        )
        exam = build_exam(users["author"], time_limit_minutes=30, course_id=course_id)
        client.post(f"/api/exams/{exam.id}/attempts", headers=token_for(first))  # caches it
        headers = token_for(second)
        counts = {}
        with counting(app) as statements:
            attempt = client.post(f"/api/exams/{exam.id}/attempts", headers=headers).json
        counts["start"] = len(statements)
        requests = {
            "view": lambda: client.get(f"/api/attempts/{attempt['id']}", headers=headers),
            "save": lambda: client.put(
                f"/api/attempts/{attempt['id']}/responses/{exam.q['numeric']}",
                json={"number": 3.14, "seq": 1},
                headers=headers,
            ),
            "submit": lambda: client.post(
                f"/api/attempts/{attempt['id']}/submit", json={}, headers=headers
            ),
        }
        for name, request in requests.items():
            with counting(app) as statements:
                assert request().status_code == 200
            counts[name] = len(statements)
        return counts

    public, course = exam_day(False), exam_day(True)
    with app.app_context():
        postgres = db.engine.dialect.name == "postgresql"
    # On PostgreSQL the roster check is part of the start's one read (attempts/fast_start.py).
    assert course == {**public, "start": public["start"] + (0 if postgres else 1)}


def test_archiving_the_course_ends_it_for_its_students(client, world):
    exam, headers = world["exam"], world["headers"]["enrolled"]
    attempt = client.post(f"/api/exams/{exam.id}/attempts", headers=headers).json
    client.post(f"/api/attempts/{attempt['id']}/submit", json={}, headers=headers)
    owner = world["headers"]["owner"]
    assert (
        client.patch(
            f"/api/courses/{world['course']}", json={"archived": True}, headers=owner
        ).status_code
        == 200
    )
    assert client.get(f"/api/exams/{exam.id}", headers=headers).status_code == 404
    assert client.get(f"/api/exams/{exam.id}/browse", headers=headers).status_code == 404
    assert_error_shape(
        client.post(f"/api/exams/{exam.id}/attempts", headers=headers), 404, "not_found"
    )
    # Their own result stays theirs; the teachers still see the exam.
    assert client.get(f"/api/attempts/{attempt['id']}", headers=headers).status_code == 200
    for actor in ("owner", "co_teacher", "admin"):
        assert (
            client.get(f"/api/exams/{exam.id}", headers=world["headers"][actor]).status_code == 200
        )
