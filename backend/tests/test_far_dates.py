"""Dates are bounded at input (1970 to 2999, input_dates.py), and the deadline arithmetic
saturates instead of overflowing for what is already stored: an exam closing near the year 9999
made every attempt at it answer 500 and stay in progress for ever."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from online_exam.attempts import clock

from .test_api_basics import assert_error_shape

FAR = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)


@pytest.mark.parametrize(
    "value",
    [
        "9999-12-31T23:59:59+00:00",
        "9999-12-31T23:59:59-05:00",  # past the year 9999 once in UTC
        "0001-01-01T00:00:00+05:00",  # before the year 1 once in UTC
        "3000-01-01T00:00:00Z",
        "1969-12-31T23:59:59Z",
    ],
)
@pytest.mark.parametrize("field", ["opens_at", "closes_at"])
def test_dates_outside_the_bounds_are_422(client, auth, users, build_exam, field, value):
    r = client.post("/api/exams", json={"title": "Far", field: value}, headers=auth["author"])
    error = assert_error_shape(r, 422, "validation_error")
    assert "2999" in str(error["details"]["json"][field])
    exam = build_exam(users["author"], status="draft")
    r = client.patch(f"/api/exams/{exam.id}", json={field: value}, headers=auth["author"])
    assert_error_shape(r, 422, "validation_error")


@pytest.mark.parametrize("value", ["1970-01-01T00:00:00Z", "2999-12-31T23:59:59+00:00"])
def test_the_bounds_themselves_are_accepted(client, auth, value):
    field = "opens_at" if value.startswith("1970") else "closes_at"
    r = client.post("/api/exams", json={"title": "Edge", field: value}, headers=auth["author"])
    assert r.status_code == 201, r.json
    assert datetime.fromisoformat(r.json[field]) == datetime.fromisoformat(value)


def test_an_imported_exam_is_bounded_too(client, auth):
    document = {
        "format": "online-exam",
        "version": 1,
        "exam": {"title": "Imported", "closes_at": "9999-12-31T23:59:59+00:00"},
        "questions": [],
    }
    r = client.post("/api/exams/import", json=document, headers=auth["author"])
    error = assert_error_shape(r, 422, "validation_error")
    assert "2999" in str(error)


def test_later_saturates_instead_of_overflowing():
    assert clock.later(FAR, timedelta(seconds=30)) == clock.END_OF_TIME
    start = datetime(2030, 1, 1, tzinfo=UTC)
    assert clock.later(start, timedelta(minutes=5)) == start + timedelta(minutes=5)


@pytest.mark.parametrize("time_limit", [None, 30])
def test_an_exam_closing_near_the_year_9999_can_be_taken(
    app, client, users, auth, build_exam, time_limit
):
    """Stored before the bound existed (or written by hand): start, save, submit and the
    overdue sweep all work."""
    exam = build_exam(
        users["author"], closes_at=FAR, time_limit_minutes=time_limit, grace_period_seconds=600
    )
    started = client.post(f"/api/exams/{exam.id}/attempts", headers=auth["student"])
    assert started.status_code == 201, started.json
    attempt = started.json
    assert attempt["state"] == "in_progress"
    path = f"/api/attempts/{attempt['id']}/responses/{exam.q['true_false']}"
    true = exam.alt[("true_false", "True")]
    saved = client.put(path, json={"selected_ids": [true], "seq": 1}, headers=auth["student"])
    assert saved.status_code == 200, saved.json
    assert client.get(f"/api/attempts/{attempt['id']}", headers=auth["student"]).status_code == 200
    sweep = app.test_cli_runner().invoke(args=["attempts", "finalize-overdue"])
    assert sweep.exit_code == 0, sweep.output
    submitted = client.post(f"/api/attempts/{attempt['id']}/submit", headers=auth["student"])
    assert submitted.status_code == 200, submitted.json
    assert submitted.json["state"] == "submitted"
