"""LTI 1.3 against a real local platform (tests/lti_platform.py): launches and their failure
pages, deep linking, roster sync, grade passback and its retry across a platform outage."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import func, select

from online_exam.courses.models import Course, CourseTeacher, Enrolment
from online_exam.extensions import db
from online_exam.lti import grades, http
from online_exam.lti.models import GradeOutbox, LtiKey, LtiUser

from .lti_platform import INSTRUCTOR, LEARNER, Platform


@pytest.fixture
def platform(app, client) -> Iterator[Platform]:
    served = Platform(tool_jwks=lambda: client.get("/api/lti/jwks.json").json)
    app.config["LTI_SEND_AFTER_COMMIT"] = False  # the tests send explicitly (no thread races)
    http.forget_key_sets()
    yield served
    served.stop()
    app.config["LTI_SEND_AFTER_COMMIT"] = True


@pytest.fixture
def registered(client, auth, platform) -> dict[str, Any]:
    r = client.post("/api/lti/platforms", json=platform.registration(), headers=auth["admin"])
    assert r.status_code == 201, r.json
    return r.json


def login(client, platform: Platform) -> tuple[str, str]:
    """OIDC login initiation; (state, nonce) from the redirect to the platform."""
    r = client.get(
        "/api/lti/login",
        query_string={
            "iss": platform.issuer,
            "login_hint": "hint",
            "client_id": "online-exam-tool",
            "lti_deployment_id": "deployment-1",
            "target_link_uri": "http://localhost/api/lti/launch",
        },
    )
    assert r.status_code == 302, r.text
    location = urlsplit(r.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == platform.url + "/auth"
    query = {k: v[0] for k, v in parse_qs(location.query).items()}
    assert query["response_mode"] == "form_post"
    assert query["client_id"] == "online-exam-tool"
    return query["state"], query["nonce"]


def launch(client, platform: Platform, **claims: Any) -> Any:
    state, nonce = login(client, platform)
    token = platform.id_token(nonce, **claims)
    return client.post("/api/lti/launch", data={"id_token": token, "state": state})


def session_from(client, response) -> dict[str, Any]:
    assert response.status_code == 303, response.text
    location = response.headers["Location"]
    assert location.startswith("/lti/launch#ticket=")
    r = client.post("/api/lti/tickets", json={"ticket": location.split("=", 1)[1]})
    assert r.status_code == 200, r.json
    return r.json


def bearer(session: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {session['access_token']}"}


def deep_link_exam(client, platform, build_exam, app, exam_id=None) -> dict[str, Any]:
    """Instructor deep-links an exam; returns the instructor's session and the exam id."""
    teacher = session_from(
        client,
        launch(
            client,
            platform,
            sub="teacher-1",
            roles=[INSTRUCTOR],
            message_type="LtiDeepLinkingRequest",
        ),
    )
    assert teacher["target"]["kind"] == "deep_link"
    with app.app_context():
        from online_exam.auth.models import User

        owner = db.session.get(User, teacher["user"]["id"])
    exam = build_exam(owner) if exam_id is None else exam_id
    r = client.post(
        "/api/lti/deep-link",
        json={"deep_link": teacher["target"]["deep_link"], "exam_id": int(exam)},
        headers=bearer(teacher),
    )
    assert r.status_code == 200, r.json
    assert r.json["return_url"] == platform.url + "/deep-link-return"
    message = platform.verify_tool_message(r.json["jwt"], platform.issuer)
    item = message["https://purl.imsglobal.org/spec/lti-dl/claim/content_items"][0]
    assert (
        message["https://purl.imsglobal.org/spec/lti/claim/message_type"]
        == "LtiDeepLinkingResponse"
    )
    assert message["https://purl.imsglobal.org/spec/lti-dl/claim/data"] == "opaque-platform-data"
    assert item["custom"] == {"exam_id": str(int(exam))}
    return {"teacher": teacher, "exam": exam, "item": item}


# --------------------------------------------------------------------------- launches


def test_instructor_launch_creates_the_course_and_a_learner_launch_enrols(
    app, client, registered, platform, build_exam
):
    placed = deep_link_exam(client, platform, build_exam, app)
    course_id = placed["teacher"]["target"]["course_id"]
    assert placed["teacher"]["user"]["role"] == "author"

    student = session_from(client, launch(client, platform, custom=placed["item"]["custom"]))
    assert student["target"] == {
        "kind": "exam",
        "exam_id": int(placed["exam"]),
        "course_id": course_id,
        "deep_link": None,
    }
    assert student["user"]["role"] == "student"
    with app.app_context():
        course = db.session.get(Course, course_id)
        assert course.name == "Physics 101"
        assert course.code == "PHY101"
        assert {e.user_id for e in db.session.scalars(select(Enrolment))} == {student["user"]["id"]}
    # The student takes the exam with the session from the ticket.
    r = client.post(f"/api/exams/{int(placed['exam'])}/attempts", headers=bearer(student))
    assert r.status_code in (200, 201), r.json

    # Second launch of the same person: the same account (matched by issuer + subject).
    again = session_from(client, launch(client, platform))
    assert again["user"]["id"] == student["user"]["id"]


def test_users_are_never_matched_by_email_alone(
    app, client, registered, platform, make_user, build_exam
):
    existing = make_user("admin", email="student-1@platform.example")
    placed = deep_link_exam(client, platform, build_exam, app)
    student = session_from(client, launch(client, platform, custom=placed["item"]["custom"]))
    assert student["user"]["id"] != existing.id
    assert student["user"]["role"] == "student"


def test_ticket_is_single_use(client, registered, platform, build_exam, app):
    deep_link_exam(client, platform, build_exam, app)
    r = launch(
        client, platform, sub="teacher-1", roles=[INSTRUCTOR], message_type="LtiDeepLinkingRequest"
    )
    ticket = r.headers["Location"].split("=", 1)[1]
    assert client.post("/api/lti/tickets", json={"ticket": ticket}).status_code == 200
    again = client.post("/api/lti/tickets", json={"ticket": ticket})
    assert again.status_code == 401
    assert again.json["error"]["code"]


def refused(response, status: int, words: str) -> None:
    assert response.status_code == status, response.text
    assert response.mimetype == "text/html"
    assert words in response.text


def test_bad_signature_is_refused(client, registered, platform):
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    refused(
        launch(client, platform, roles=[INSTRUCTOR], key=stranger), 401, "signature is not valid"
    )


def test_replayed_nonce_is_refused(client, registered, platform):
    state, nonce = login(client, platform)
    token = platform.id_token(nonce, roles=[INSTRUCTOR], message_type="LtiDeepLinkingRequest")
    first = client.post("/api/lti/launch", data={"id_token": token, "state": state})
    assert first.status_code == 303
    refused(
        client.post("/api/lti/launch", data={"id_token": token, "state": state}),
        401,
        "already used",
    )


def test_unknown_deployment_is_refused(client, registered, platform):
    claim = "https://purl.imsglobal.org/spec/lti/claim/deployment_id"
    refused(launch(client, platform, roles=[INSTRUCTOR], **{claim: "other"}), 403, "deployment")
    r = client.get(
        "/api/lti/login",
        query_string={"iss": platform.issuer, "login_hint": "x", "lti_deployment_id": "other"},
    )
    refused(r, 403, "deployment")


def test_expired_id_token_is_refused(client, registered, platform):
    refused(launch(client, platform, roles=[INSTRUCTOR], expires_in=-3600), 401, "expired")


def test_unregistered_platform_and_garbage_are_refused(client, platform):
    r = client.get("/api/lti/login", query_string={"iss": platform.issuer, "login_hint": "x"})
    refused(r, 403, "not registered")
    refused(
        client.post("/api/lti/launch", data={"id_token": "x", "state": "y"}),
        401,
        "state is invalid",
    )
    refused(client.get("/api/lti/login"), 400, "login_hint")


def test_learner_before_the_course_exists_gets_a_clear_page(client, registered, platform):
    refused(launch(client, platform), 409, "teacher opens it first")


def test_link_to_an_exam_of_another_course_is_refused(
    app, client, registered, platform, build_exam, make_user
):
    deep_link_exam(client, platform, build_exam, app)
    other = build_exam(make_user("author"))
    refused(
        launch(client, platform, resource_link_id="link-9", custom={"exam_id": str(int(other))}),
        404,
        "not connected",
    )


def test_a_draft_created_during_deep_linking_is_placed_in_the_launch_course(
    app, client, registered, platform
):
    """The picker's "Create a new exam": a draft made in the launch's course is placed at once."""
    teacher = session_from(
        client,
        launch(
            client,
            platform,
            sub="teacher-1",
            roles=[INSTRUCTOR],
            message_type="LtiDeepLinkingRequest",
        ),
    )
    course_id = teacher["target"]["course_id"]
    refused_title = client.post(
        "/api/exams", json={"title": "", "course_id": course_id}, headers=bearer(teacher)
    )
    assert refused_title.status_code == 422, refused_title.json
    assert "title" in refused_title.json["error"]["details"]["json"]
    r = client.post(
        "/api/exams", json={"title": "Week 3 quiz", "course_id": course_id}, headers=bearer(teacher)
    )
    assert r.status_code == 201, r.json
    assert r.json["status"] == "draft"
    assert r.json["course_id"] == course_id
    placed = deep_link_exam(client, platform, None, app, exam_id=r.json["id"])
    assert placed["item"]["title"] == "Week 3 quiz"


def test_launch_pages_may_be_framed_by_registered_platforms_only(client, registered, platform):
    r = client.get("/api/lti/login", query_string={"iss": platform.issuer, "login_hint": "x"})
    assert f"frame-ancestors {platform.url}" in r.headers["Content-Security-Policy"]
    assert f"form-action 'self' {platform.url}" in r.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in r.headers
    spa = client.get("/exams/1", headers={"Sec-Fetch-Dest": "iframe"})
    assert f"frame-ancestors {platform.url}" in spa.headers["Content-Security-Policy"]
    top = client.get("/exams/1")  # the same page not in a frame stays unframeable
    assert "frame-ancestors 'none'" in top.headers["Content-Security-Policy"]
    api = client.get("/api/lti/jwks.json")
    assert "frame-ancestors 'none'" in api.headers["Content-Security-Policy"]


# --------------------------------------------------------------------------- keys


def test_jwks_rotation_keeps_the_previous_key(app, client):
    first = client.get("/api/lti/jwks.json").json["keys"]
    assert len(first) == 1
    assert first[0]["alg"] == "RS256"
    assert "d" not in first[0]
    result = app.test_cli_runner().invoke(args=["lti", "rotate-keys"])
    assert result.exit_code == 0, result.output
    second = [k["kid"] for k in client.get("/api/lti/jwks.json").json["keys"]]
    assert second[1] == first[0]["kid"]
    assert len(second) == 2
    app.test_cli_runner().invoke(args=["lti", "rotate-keys"])
    third = [k["kid"] for k in client.get("/api/lti/jwks.json").json["keys"]]
    assert third[1] == second[0]
    assert first[0]["kid"] not in third
    with app.app_context():
        stored = db.session.scalars(select(LtiKey.private_key)).all()
        assert stored
        assert all("PRIVATE KEY" not in text for text in stored)


# --------------------------------------------------------------------------- admin


def test_platform_registration_crud_and_roles(client, auth, platform):
    body = platform.registration()
    assert client.post("/api/lti/platforms", json=body, headers=auth["author"]).status_code == 403
    assert (
        client.post(
            "/api/lti/platforms", json={**body, "token_url": "nope"}, headers=auth["admin"]
        ).status_code
        == 422
    )
    created = client.post("/api/lti/platforms", json=body, headers=auth["admin"])
    assert created.status_code == 201
    assert client.post("/api/lti/platforms", json=body, headers=auth["admin"]).status_code == 409
    pid = created.json["id"]
    r = client.patch(
        f"/api/lti/platforms/{pid}", json={"deployment_ids": ["a", "b"]}, headers=auth["admin"]
    )
    assert r.status_code == 200
    assert r.json["deployment_ids"] == ["a", "b"]
    assert [
        p["id"] for p in client.get("/api/lti/platforms", headers=auth["admin"]).json["items"]
    ] == [pid]
    assert client.delete(f"/api/lti/platforms/{pid}", headers=auth["admin"]).status_code == 204
    assert client.get(f"/api/lti/platforms/{pid}", headers=auth["admin"]).status_code == 404


def test_cli_register_and_list(app, platform):
    runner = app.test_cli_runner()
    reg = platform.registration()
    result = runner.invoke(
        args=[
            "lti",
            "register",
            "--name",
            "Moodle",
            "--issuer",
            reg["issuer"],
            "--client-id",
            "abc",
            "--deployment-id",
            "1",
            "--login-url",
            reg["auth_login_url"],
            "--token-url",
            reg["token_url"],
            "--jwks-url",
            reg["jwks_url"],
        ]
    )
    assert result.exit_code == 0, result.output
    listed = runner.invoke(args=["lti", "list"])
    assert "Moodle" in listed.output
    assert "abc" in listed.output


# --------------------------------------------------------------------------- NRPS


def test_roster_sync_enrols_active_learners_and_adds_teachers(
    app, client, registered, platform, build_exam
):
    placed = deep_link_exam(client, platform, build_exam, app)
    course_id = placed["teacher"]["target"]["course_id"]
    platform.members = [
        {"user_id": "teacher-1", "roles": [INSTRUCTOR], "name": "T", "status": "Active"},
        {"user_id": "teacher-2", "roles": [INSTRUCTOR], "name": "Co", "status": "Active"},
        {
            "user_id": "s1",
            "roles": [LEARNER],
            "name": "Ann",
            "email": "ann@x.example",
            "status": "Active",
        },
        {"user_id": "s2", "roles": [LEARNER], "name": "Bob", "status": "Active"},
        {"user_id": "s3", "roles": [LEARNER], "name": "Gone", "status": "Inactive"},
    ]
    # The course page names the platform, so it offers the sync.
    r = client.get(f"/api/courses/{course_id}", headers=bearer(placed["teacher"]))
    assert r.json["learning_platform"] == registered["name"]
    r = client.post(f"/api/lti/courses/{course_id}/roster-sync", headers=bearer(placed["teacher"]))
    assert r.status_code == 200, r.json
    assert r.json == {"members": 5, "enrolled": 2, "teachers": 1, "removed": 0}
    platform.members = platform.members[:3]  # Bob left the course
    r = client.post(f"/api/lti/courses/{course_id}/roster-sync", headers=bearer(placed["teacher"]))
    assert r.json["removed"] == 1
    assert r.json["enrolled"] == 0
    with app.app_context():
        names = {
            e.user.display_name
            for e in db.session.scalars(select(Enrolment).where(Enrolment.course_id == course_id))
        }
        assert names == {"Ann"}
        assert db.session.scalar(select(func.count()).select_from(CourseTeacher)) == 1
        # Later launches of the synced learner reuse the account made by the sync.
        subjects = set(db.session.scalars(select(LtiUser.subject)))
        assert {"s1", "s2", "teacher-1", "teacher-2"} <= subjects


def test_roster_sync_needs_a_teacher_and_a_platform_course(client, auth, make_course, users):
    course_id = make_course(users["author"])
    assert (
        client.post(
            f"/api/lti/courses/{course_id}/roster-sync", headers=auth["student"]
        ).status_code
        == 403
    )
    r = client.post(f"/api/lti/courses/{course_id}/roster-sync", headers=auth["author"])
    assert r.status_code == 409
    assert (
        client.get(f"/api/courses/{course_id}", headers=auth["author"]).json["learning_platform"]
        is None
    )


# --------------------------------------------------------------------------- AGS


def take_and_submit(client, exam, student) -> dict[str, Any]:
    r = client.post(f"/api/exams/{int(exam)}/attempts", headers=bearer(student))
    assert r.status_code in (200, 201), r.json
    attempt = r.json
    r = client.post(
        f"/api/attempts/{attempt['id']}/submit", json={"responses": []}, headers=bearer(student)
    )
    assert r.status_code == 200, r.json
    return r.json


def test_grade_is_sent_on_submit_and_retried_after_an_outage(
    app, client, registered, platform, build_exam
):
    placed = deep_link_exam(client, platform, build_exam, app)
    student = session_from(client, launch(client, platform, custom=placed["item"]["custom"]))

    platform.stop()  # the platform is down while the student submits
    result = take_and_submit(client, placed["exam"], student)
    with app.app_context():
        assert grades.send_due() == (0, 1)
        row = db.session.scalar(select(GradeOutbox))
        assert row.tries == 1
        assert row.sent_at is None
        assert row.last_error
        assert grades.send_due() == (0, 0)  # backing off: not due yet

    platform.start()  # back, on the same address
    with app.app_context():
        assert grades.send_due() == (0, 0)  # still backing off
        result_cli = app.test_cli_runner().invoke(args=["lti", "send-grades", "--all"])
        assert "Sent 1, failed 0" in result_cli.output, result_cli.output
    assert len(platform.scores) == 1
    score = platform.scores[0]
    assert score["userId"] == "student-1"
    with app.app_context():
        from online_exam.attempts.models import Attempt

        attempt = db.session.get(Attempt, result["id"])
        assert score["scoreGiven"] == attempt.score
        assert score["scoreMaximum"] == attempt.max_score
        assert attempt.max_score > 0
    assert score["activityProgress"] == "Completed"
    assert score["gradingProgress"] == "FullyGraded"
    # The line item was created once in the course's gradebook, for this resource link.
    assert [item["resourceLinkId"] for item in platform.line_items.values()] == ["link-1"]
    with app.app_context():
        assert grades.send_due(everything=True) == (0, 0)  # nothing sent twice


def test_grade_is_sent_right_after_commit(app, client, registered, platform, build_exam):
    import time

    placed = deep_link_exam(client, platform, build_exam, app)
    student = session_from(client, launch(client, platform, custom=placed["item"]["custom"]))
    app.config["LTI_SEND_AFTER_COMMIT"] = True
    take_and_submit(client, placed["exam"], student)
    for _ in range(100):
        if platform.scores:
            break
        time.sleep(0.05)
    assert len(platform.scores) == 1


def test_backoff_grows_and_is_capped():
    assert grades.backoff(1).total_seconds() == 30
    assert grades.backoff(2).total_seconds() == 60
    assert grades.backoff(30).total_seconds() == 3600


def test_exam_not_launched_from_a_platform_queues_nothing(app, client, users, auth, build_exam):
    exam = build_exam(users["author"])
    r = client.post(f"/api/exams/{int(exam)}/attempts", headers=auth["student"])
    client.post(
        f"/api/attempts/{r.json['id']}/submit", json={"responses": []}, headers=auth["student"]
    )
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(GradeOutbox)) == 0


def test_expired_nonces_and_tickets_are_purged(app, client, registered, platform):
    from datetime import timedelta

    from online_exam.db_types import utcnow
    from online_exam.lti import tickets
    from online_exam.lti.models import LtiNonce

    login(client, platform)
    login(client, platform)
    with app.app_context():
        old = db.session.scalars(select(LtiNonce)).first()
        old.expires_at = utcnow() - timedelta(days=2)
        db.session.commit()
        assert tickets.purge_expired() == 1
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(LtiNonce)) == 1


def test_a_lost_race_for_a_new_account_reruns_the_request(app, registered, make_user):
    from hashlib import sha256

    from online_exam.database import RetryTransaction
    from online_exam.lti import mapping
    from online_exam.lti.models import LtiPlatform

    with app.app_context():
        platform = db.session.scalars(select(LtiPlatform)).one()
        digest = sha256(f"{platform.id}:racer".encode()).hexdigest()[:20]
    # What the concurrent first launch inserted just before this one (its address is the same).
    make_user("student", email=f"lti-{digest}@lti.invalid")
    with app.app_context():
        platform = db.session.get(LtiPlatform, platform.id)
        with pytest.raises(RetryTransaction):
            mapping.account(platform, "racer", "Racer", None)
        db.session.rollback()


def test_a_teachers_regrade_is_sent_again(app, client, registered, platform, build_exam):
    """A grade a person gives after the submit reaches the gradebook too (issue 17: "and again
    when it changes"), through the one hook every score change calls."""
    placed = deep_link_exam(client, platform, build_exam, app)
    student = session_from(client, launch(client, platform, custom=placed["item"]["custom"]))
    r = client.post(f"/api/exams/{int(placed['exam'])}/attempts", headers=bearer(student))
    attempt = r.json
    question = attempt["questions"][0]
    answer = {
        "question_id": question["id"],
        "selected_ids": [question["alternatives"][0]["id"]],
        "seq": 1,
    }
    r = client.post(
        f"/api/attempts/{attempt['id']}/submit",
        json={"responses": [answer]},
        headers=bearer(student),
    )
    assert r.status_code == 200, r.json
    with app.app_context():
        assert grades.send_due(everything=True) == (1, 0)
    first = platform.scores[-1]["scoreGiven"]

    r = client.put(
        f"/api/attempts/{attempt['id']}/grades/{question['id']}",
        json={"points": question["points"] if first == 0 else 0, "comment": "Re-marked."},
        headers=bearer(placed["teacher"]),
    )
    assert r.status_code == 200, r.json
    with app.app_context():
        assert grades.send_due(everything=True) == (1, 0)
        from online_exam.attempts.models import Attempt

        regraded = db.session.get(Attempt, attempt["id"])
        assert len(platform.scores) == 2
        assert platform.scores[-1]["scoreGiven"] == regraded.score != first
        assert platform.scores[-1]["timestamp"] > platform.scores[0]["timestamp"]


def test_an_lti_launch_fills_in_the_platforms_language_until_the_user_chooses(
    client, registered, platform
):
    presentation = "https://purl.imsglobal.org/spec/lti/claim/launch_presentation"
    teacher = {
        "sub": "teacher-1",
        "roles": [INSTRUCTOR],
        "message_type": "LtiDeepLinkingRequest",
    }
    first = session_from(
        client, launch(client, platform, **teacher, **{presentation: {"locale": "es-ES"}})
    )
    assert first["user"]["locale"] == "es"
    headers = {"Authorization": f"Bearer {first['access_token']}"}
    r = client.patch("/api/auth/me", json={"locale": "ar"}, headers=headers)
    assert r.status_code == 200  # the user's own choice stands from now on
    again = session_from(
        client, launch(client, platform, **teacher, **{presentation: {"locale": "es"}})
    )
    assert again["user"]["locale"] == "ar"
    other = session_from(
        client,
        launch(client, platform, **{**teacher, "sub": "t2", presentation: {"locale": "de-DE"}}),
    )
    assert other["user"]["locale"] is None  # not one of ours: follow the browser
