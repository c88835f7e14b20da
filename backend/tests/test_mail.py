"""Mail through a real local SMTP server (aiosmtpd): set-up mails from a class list, reset mails,
the links in them work; mail goes out only after the commit, and a failing mail server never
undoes an enrolment or turns into a 500."""

from __future__ import annotations

import io
import logging
import re
import time
from typing import Any

from sqlalchemy import func, select

from online_exam.courses.models import Enrolment
from online_exam.database import RetryTransaction, after_commit, run_in_transaction
from online_exam.extensions import db

LIST = b"email,name\nann@example.com,Ann Lee\nbob@example.com,Bob Roe\n"
LINK = re.compile(r"https://exams\.school\.example/set-password/([A-Za-z0-9_-]{43})")


def upload(client: Any, course: int, headers: dict[str, str], data: bytes = LIST) -> Any:
    return client.post(
        f"/api/courses/{course}/class-list",
        data={"file": (io.BytesIO(data), "class.csv")},
        headers=headers,
    )


def link_in(message: Any) -> str:
    found = LINK.search(message.get_content())
    assert found, message.get_content()
    return found.group(1)


def test_new_students_get_a_set_up_mail_whose_link_works(client, make_course, auth, users, mailbox):
    course = make_course(users["author"], name="Biology 101")
    r = upload(client, course, auth["author"])
    assert r.status_code == 200, r.json
    assert r.json["emails_queued"] == 2
    messages = sorted(mailbox.wait_for(2), key=lambda m: m["To"])
    ann = messages[0]
    assert ann["To"] == "ann@example.com"
    assert ann["From"] == "Online Exam <exams@school.example>"
    assert "Biology 101" in ann["Subject"]
    body = ann.get_content()
    assert "Hello Ann Lee" in body
    assert "\u201cBiology 101\u201d" in body
    assert re.search(r"until \d{4}-\d\d-\d\d \d\d:\d\d UTC", body)
    token = link_in(ann)
    assert client.get(f"/api/auth/password-token/{token}").json["email"] == "ann@example.com"
    signed_in = client.post(
        "/api/auth/set-password", json={"token": token, "password": "a quiet lagoon at dusk"}
    )
    assert signed_in.status_code == 200
    assert signed_in.json["user"]["email"] == "ann@example.com"
    assert link_in(messages[1]) != token


def test_a_students_new_link_is_mailed(client, ctx, make_course, auth, users, mailbox):
    course = make_course(users["author"])
    upload(client, course, auth["author"])
    mailbox.wait_for(2)
    ann_id = db.session.execute(
        select(Enrolment.user_id).where(Enrolment.course_id == course).order_by(Enrolment.user_id)
    ).scalar()
    r = client.post(f"/api/courses/{course}/students/{ann_id}/setup-link", headers=auth["author"])
    assert r.status_code == 200
    assert r.json["emailed"] is True
    (_, _, third) = mailbox.wait_for(3)
    assert r.json["link"].endswith(link_in(third))


def test_forgot_password_mails_a_reset_link_and_nothing_for_unknown_addresses(
    client, users, mailbox
):
    assert (
        client.post("/api/auth/forgot-password", json={"email": "nobody@example.com"}).status_code
        == 202
    )
    r = client.post("/api/auth/forgot-password", json={"email": users["student"].email})
    assert r.status_code == 202
    (message,) = mailbox.wait_for(1)
    time.sleep(0.3)  # a mail for the unknown address would have arrived by now
    assert len(mailbox.messages) == 1
    assert message["To"] == users["student"].email
    assert "Reset" in message["Subject"]
    token = link_in(message)
    info = client.get(f"/api/auth/password-token/{token}").json
    assert (info["email"], info["purpose"]) == (users["student"].email, "reset")
    done = client.post(
        "/api/auth/set-password", json={"token": token, "password": "a quiet lagoon at dusk"}
    )
    assert done.status_code == 200


def wait_for_log(caplog: Any, text: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(text in record.getMessage() for record in caplog.records):
            return
        time.sleep(0.05)
    raise AssertionError(f"no log record containing {text!r}")


def test_an_unreachable_mail_server_never_undoes_the_enrolment(
    app, client, ctx, make_course, auth, users, monkeypatch, caplog
):
    caplog.set_level(logging.ERROR, logger="online_exam.mail")
    monkeypatch.setitem(app.config, "SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "SMTP_PORT", 1)  # nothing listens there
    monkeypatch.setitem(app.config, "SMTP_TIMEOUT_SECONDS", 2)
    course = make_course(users["author"])
    r = upload(client, course, auth["author"])
    assert r.status_code == 200
    assert r.json["emails_queued"] == 2
    wait_for_log(caplog, "mail to ann@example.com failed")
    wait_for_log(caplog, "mail to bob@example.com failed")
    enrolled = db.session.scalar(
        select(func.count()).select_from(Enrolment).where(Enrolment.course_id == course)
    )
    assert enrolled == 2


def test_starttls_refused_by_the_server_is_a_logged_failure(
    app, client, make_course, auth, users, mailbox, monkeypatch, caplog
):
    caplog.set_level(logging.ERROR, logger="online_exam.mail")
    monkeypatch.setitem(app.config, "SMTP_STARTTLS", True)  # the test server offers no TLS
    r = client.post("/api/auth/forgot-password", json={"email": users["student"].email})
    assert r.status_code == 202
    wait_for_log(caplog, f"mail to {users['student'].email} failed")
    assert mailbox.messages == []


def test_mail_goes_out_only_after_a_commit_and_once_per_run(app):
    sent: list[str] = []
    with app.app_context():
        run_in_transaction(
            lambda: after_commit(lambda: sent.append("rolled back")), lambda _: False
        )
        assert sent == []
        tries = iter([True, False])

        def work() -> None:
            after_commit(lambda: sent.append("committed"))
            if next(tries):  # the first run loses a race and is re-run
                raise RetryTransaction

        run_in_transaction(work, lambda _: True)
        assert sent == ["committed"]


def test_a_failing_after_commit_callback_is_logged_not_raised(app, caplog):
    def boom() -> None:
        raise RuntimeError("mail server on fire")

    with app.app_context():
        assert run_in_transaction(lambda: after_commit(boom) or "done", lambda _: True) == "done"
    assert "after-commit callback" in caplog.text
