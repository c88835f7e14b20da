"""Issue 18, the server's side: the catalogues are complete, a user's locale, an exam's language
(API, migration, import/export) and the texts people read (e-mails, results CSV) per locale."""

from __future__ import annotations

import csv
import io
import re
import string
import zipfile
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from online_exam import i18n
from online_exam.auth.models import User
from online_exam.banks import results_export
from online_exam.domain import AttemptState
from online_exam.extensions import db

SOURCE = Path(i18n.__file__).parents[1]

# --- the catalogues --------------------------------------------------------------------------


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _keys_used_in_code() -> set[str]:
    """Every key the code names: literal keys next to `t(`, plus the ones it composes."""
    # The catalogue's areas (lti.error, not lti: url_for's endpoint names start with "lti.").
    literal = re.compile(r"\"((?:mail|results|lti\.error)\.[a-z_.]+)\"")
    used = set()
    for path in SOURCE.rglob("*.py"):
        if path.parent.name != "i18n":
            used.update(literal.findall(path.read_text(encoding="utf-8")))
    used.update(f"results.{column}" for column in results_export.COLUMNS)
    used.update(f"results.state.{state}" for state in AttemptState)
    return used


def test_every_key_used_in_code_is_in_every_locale():
    used = _keys_used_in_code()
    assert {"mail.reset.body", "results.state.expired", "lti.error.advice"} <= used  # scan works
    for locale, catalogue in i18n.CATALOGUES.items():
        missing = sorted(used - catalogue.keys())
        assert not missing, f"{locale} lacks {missing}"


def test_the_locales_translate_exactly_the_english_keys_with_the_same_placeholders():
    english = i18n.CATALOGUES["en"]
    for locale in ("es", "ar"):
        catalogue = i18n.CATALOGUES[locale]
        assert catalogue.keys() == english.keys(), locale
        for key, text in catalogue.items():
            assert text.strip(), (locale, key)
            assert _placeholders(text) == _placeholders(english[key]), (locale, key)


def test_translations_are_not_left_in_english():
    # Single words that coincide (e.g. Spanish "no") are allowed; sentences are not.
    for locale in ("es", "ar"):
        same = [
            key
            for key, text in i18n.CATALOGUES[locale].items()
            if text == i18n.CATALOGUES["en"][key] and " " in text
        ]
        assert not same, f"{locale} repeats the English of {same}"
    assert all(
        re.search("[\u0600-\u06ff]", text) for text in i18n.CATALOGUES["ar"].values()
    )  # every Arabic entry is written in Arabic script


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("", None),
        ("es-ES,es;q=0.9,en;q=0.8", "es"),
        ("fr-FR, ar;q=0.5, es;q=0.4", "ar"),
        ("en;q=0.1, es-MX;q=0.9", "es"),
        ("de, fr;q=0.9", None),
        ("es;q=0, ar;q=oops", None),
        ("*", None),
        ("AR-eg", "ar"),
    ],
)
def test_accept_language_picks_the_preferred_supported_locale(header, expected):
    assert i18n.from_accept_language(header) == expected


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("en", "en"),
        ("AR", "ar"),
        ("pt-br", "pt-BR"),
        ("es-419", "es-419"),
        ("zh-hant-tw", "zh-Hant-TW"),
        ("ast", "ast"),
        ("e", None),
        ("english", None),
        ("en_US", None),
        ("en-", None),
        ("x" * 40, None),
        ("en-US-x-private", None),
    ],
)
def test_language_tags_are_checked_and_put_in_canonical_case(tag, expected):
    assert i18n.language_tag(tag) == expected


# --- migration 0009 --------------------------------------------------------------------------


def test_migration_0009_goes_down_and_up_keeping_exams_as_english(
    app, build_exam, users, make_user
):
    exam = build_exam(users["author"], language="es")
    with app.app_context():
        db.session.execute(sa.update(User).values(locale="ar"))
        db.session.commit()
        downgrade(revision="0008")
        columns = {c["name"] for c in sa.inspect(db.engine).get_columns("exams")}
        assert "language" not in columns
        assert "locale" not in {c["name"] for c in sa.inspect(db.engine).get_columns("users")}
        upgrade()
        # Rows from before 0009: exams in English (the server default), users follow the browser.
        assert (
            db.session.execute(
                sa.text("SELECT language FROM exams WHERE id = :id"), {"id": int(exam)}
            ).scalar_one()
            == "en"
        )
        assert set(db.session.execute(sa.text("SELECT locale FROM users")).scalars()) == {None}
        db.session.commit()
    # New rows work as before.
    assert make_user("student").locale is None


# --- a user's locale -------------------------------------------------------------------------


def test_a_user_sets_and_clears_their_locale(client, auth):
    me = client.get("/api/auth/me", headers=auth["student"])
    assert me.json["locale"] is None
    r = client.patch("/api/auth/me", json={"locale": "ar"}, headers=auth["student"])
    assert r.status_code == 200, r.json
    assert r.json["locale"] == "ar"
    assert client.get("/api/auth/me", headers=auth["student"]).json["locale"] == "ar"
    r = client.patch("/api/auth/me", json={"locale": None}, headers=auth["student"])
    assert r.json["locale"] is None


@pytest.mark.parametrize("body", [{"locale": "fr"}, {"locale": "ES"}, {"locale": 5}, {}, []])
def test_unknown_locales_are_422(client, auth, body):
    r = client.patch("/api/auth/me", json=body, headers=auth["student"])
    assert r.status_code == 422
    assert r.json["error"]["code"] == "validation_error"


def test_setting_a_locale_needs_a_sign_in(client):
    r = client.patch("/api/auth/me", json={"locale": "es"})
    assert r.status_code == 401
    assert r.json["error"]["code"] == "unauthorized"


# --- an exam's language ----------------------------------------------------------------------


def _set_locale(client: Any, headers: dict[str, str], locale: str | None) -> None:
    assert client.patch("/api/auth/me", json={"locale": locale}, headers=headers).status_code == 200


def test_an_exam_is_in_its_authors_language_unless_they_choose(client, auth):
    h = auth["author"]
    assert client.post("/api/exams", json={"title": "A"}, headers=h).json["language"] == "en"
    _set_locale(client, h, "es")
    assert client.post("/api/exams", json={"title": "B"}, headers=h).json["language"] == "es"
    chosen = client.post("/api/exams", json={"title": "C", "language": "pt-br"}, headers=h)
    assert chosen.status_code == 201
    assert chosen.json["language"] == "pt-BR"
    changed = client.patch(f"/api/exams/{chosen.json['id']}", json={"language": "ar"}, headers=h)
    assert changed.status_code == 200, changed.json
    assert changed.json["language"] == "ar"
    copy = client.post(f"/api/exams/{chosen.json['id']}/copy", headers=h)
    assert copy.json["language"] == "ar"


@pytest.mark.parametrize("language", ["english", "", "e", None, 12, "en_US"])
def test_a_language_that_is_no_tag_is_422(client, auth, language):
    r = client.post("/api/exams", json={"title": "A", "language": language}, headers=auth["author"])
    assert r.status_code == 422
    assert "language" in r.json["error"]["details"]["json"]


def test_students_see_the_exams_language_where_they_take_it(client, auth, build_exam, users):
    exam = build_exam(users["author"], language="ar", practice_mode=True)
    h = auth["student"]
    assert client.get("/api/exams", headers=h).json["items"][0]["language"] == "ar"
    assert client.get(f"/api/exams/{exam}", headers=h).json["language"] == "ar"
    assert client.get(f"/api/exams/{exam}/browse", headers=h).json["language"] == "ar"
    started = client.post(f"/api/exams/{exam}/attempts", headers=h)
    assert started.status_code == 201, started.json
    assert started.json["exam"]["language"] == "ar"
    again = client.get(f"/api/attempts/{started.json['id']}", headers=h)
    assert again.json["exam"]["language"] == "ar"


def test_the_portable_format_carries_the_language(client, auth, build_exam, users):
    exam = build_exam(users["author"], status="draft", language="es-MX")
    h = auth["author"]
    document = client.get(f"/api/exams/{exam}/export?format=json", headers=h).json
    assert document["exam"]["language"] == "es-MX"
    imported = client.post("/api/exams/import", json=document, headers=h)
    assert imported.status_code == 201, imported.json
    assert imported.json["language"] == "es-MX"
    document["exam"]["language"] = "not a tag"
    refused = client.post("/api/exams/import", json=document, headers=h)
    assert refused.status_code == 422
    assert "exam.language" in str(refused.json["error"])


def test_qti_packages_carry_the_language_as_xml_lang(client, auth, build_exam, users):
    exam = build_exam(users["author"], status="draft", language="ar")
    h = auth["author"]
    package = client.get(f"/api/exams/{exam}/export?format=qti", headers=h).get_data()
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        files = {name: archive.read(name).decode() for name in archive.namelist()}
    tests = [text for text in files.values() if "<qti-assessment-test" in text]
    items = [text for text in files.values() if "<qti-assessment-item " in text]
    assert len(tests) == 1
    assert items
    assert all('xml:lang="ar"' in text for text in [*tests, *items])
    imported = client.post(
        "/api/exams/import/qti", data=package, content_type="application/zip", headers=h
    )
    assert imported.status_code == 201, imported.json
    assert imported.json["language"] == "ar"


# --- e-mails ---------------------------------------------------------------------------------


def _forgot(client: Any, email: str, **headers: str) -> None:
    r = client.post("/api/auth/forgot-password", json={"email": email}, headers=headers)
    assert r.status_code == 202


def test_a_reset_mail_is_in_the_accounts_language_else_the_browsers(client, auth, users, mailbox):
    _set_locale(client, auth["student"], "es")
    _forgot(client, users["student"].email, **{"Accept-Language": "ar"})  # the account wins
    (spanish,) = mailbox.wait_for(1)
    assert spanish["Subject"] == "Restablece tu contraseña de Online Exam"
    assert spanish["Content-Language"] == "es"
    assert spanish.get_content().startswith(f"Hola, {users['student'].display_name}:")
    assert "https://exams.school.example/set-password/" in spanish.get_content()

    _forgot(client, users["author"].email, **{"Accept-Language": "ar, en;q=0.5"})
    arabic = mailbox.wait_for(2)[1]
    assert arabic["Subject"] == "إعادة تعيين كلمة المرور لحسابك على Online Exam"
    assert arabic["Content-Language"] == "ar"
    assert "اختر كلمة مرور جديدة" in arabic.get_content()

    _forgot(client, users["admin"].email)
    english = mailbox.wait_for(3)[2]
    assert english["Subject"] == "Reset your Online Exam password"


def test_set_up_mails_follow_the_request_for_new_accounts(
    client, auth, users, make_course, mailbox
):
    course = make_course(users["author"], name="Biología")
    r = client.post(
        f"/api/courses/{course}/class-list",
        data={"file": (io.BytesIO(b"email,name\nana@example.com,Ana\n"), "class.csv")},
        headers={**auth["author"], "Accept-Language": "es-ES,es;q=0.9"},
    )
    assert r.status_code == 200, r.json
    assert r.json["emails_queued"] == 1
    (mail,) = mailbox.wait_for(1)
    assert mail["Subject"] == "Elige tu contraseña para Biología"
    assert "Te han inscrito en el curso «Biología»" in mail.get_content()


# --- the results CSV -------------------------------------------------------------------------


def _results(client: Any, exam: int, headers: dict[str, str]) -> list[list[str]]:
    r = client.get(f"/api/exams/{exam}/results/export?format=csv", headers=headers)
    assert r.status_code == 200, r.json
    assert "Accept-Language" in r.vary
    return list(csv.reader(io.StringIO(r.get_data(as_text=True)[1:], newline="")))


@pytest.fixture
def graded(build_exam, users, record_attempt) -> Any:
    exam = build_exam(users["author"], pass_mark_percent=50.0)
    record_attempt(exam, users["student"], dict.fromkeys(exam.questions, 1.0), passed=True)
    return exam


def test_the_results_csv_speaks_the_downloaders_language(client, auth, graded):
    h = auth["author"]
    english = _results(client, graded, h)
    assert english[0][:4] == ["Student", "Email", "Attempt", "State"]
    assert english[1][3:4] == ["submitted"]

    english_header = client.get(
        f"/api/exams/{graded}/results/export?format=csv", headers=h
    ).headers["Content-Language"]
    assert english_header == "en"
    spanish = _results(client, graded, {**h, "Accept-Language": "es"})
    assert spanish[0][:4] == ["Estudiante", "Correo electrónico", "Intento", "Estado"]
    assert spanish[0][11].startswith("P1 (")
    assert spanish[1][3] == "entregado"
    assert spanish[1][10] == "sí"
    assert spanish[1][:3] == english[1][:3]  # the data itself is the same

    _set_locale(client, h, "ar")  # the user's own setting wins over the browser's
    arabic = _results(client, graded, {**h, "Accept-Language": "es"})
    assert arabic[0][:2] == ["الطالب", "البريد الإلكتروني"]
    assert (arabic[1][3], arabic[1][10]) == ("تم التسليم", "نعم")


def test_the_results_json_stays_for_programs(client, auth, graded):
    r = client.get(
        f"/api/exams/{graded}/results/export?format=json",
        headers={**auth["author"], "Accept-Language": "ar"},
    )
    assert r.json["attempts"][0]["state"] == "submitted"
    assert r.json["attempts"][0]["passed"] is True


# --- LTI's error page ------------------------------------------------------------------------


def test_a_refused_lti_launch_explains_itself_in_the_browsers_language(client):
    r = client.post(
        "/api/lti/launch",
        data={"id_token": "x", "state": "y"},
        headers={"Accept-Language": "ar-SA,ar;q=0.9"},
    )
    assert r.status_code == 401
    assert '<html lang="ar" dir="rtl">' in r.text
    assert "تعذّر على Online Exam فتح هذا الرابط" in r.text
    assert '<p id="lti-error" lang="en" dir="ltr">' in r.text  # the reason: the server's English
    english = client.post("/api/lti/launch", data={"id_token": "x", "state": "y"})
    assert '<html lang="en" dir="ltr">' in english.text
    assert "Online Exam could not open this link" in english.text
