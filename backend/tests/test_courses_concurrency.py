"""Course races against PostgreSQL: many requests for the same enrolment or co-teacher at once
end with exactly one row and no error beyond the documented 409 (never a 500)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from sqlalchemy import func, select

from online_exam.courses.models import CourseTeacher, Enrolment
from online_exam.extensions import db

from .course_helpers import make_course
from .test_attempts_concurrency import big_app, race  # noqa: F401 - big_app is a fixture

pytestmark = pytest.mark.postgres


def _rows(app: Any, model: Any) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def test_one_student_joining_20_times_at_once_is_enrolled_once(big_app, users, auth):  # noqa: F811
    make_course(big_app, users["author"], join_code="HJKMNPQR")

    def join() -> int:
        client = big_app.test_client()
        r = client.post("/api/courses/join", json={"code": "HJKMNPQR"}, headers=auth["student"])
        return r.status_code

    results, _ = race([join for _ in range(20)], workers=20)
    assert Counter(results) == {200: 20}
    assert _rows(big_app, Enrolment) == 1


@pytest.mark.parametrize(("path", "model"), [("teachers", CourseTeacher), ("students", Enrolment)])
def test_adding_the_same_account_20_times_at_once_adds_it_once(
    big_app,  # noqa: F811
    users,
    auth,
    path,
    model,
):
    course_id = make_course(big_app, users["admin"])
    email = users["other_author"].email

    def add() -> int:
        client = big_app.test_client()
        r = client.post(
            f"/api/courses/{course_id}/{path}", json={"email": email}, headers=auth["admin"]
        )
        return r.status_code

    results, _ = race([add for _ in range(20)], workers=20)
    assert Counter(results) == {201: 1, 409: 19}
    assert _rows(big_app, model) == 1
