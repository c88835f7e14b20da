"""Reading QTI packages safely: zip bombs, unsafe entry names and references, entity tricks,
missing manifests and broken XML are refused with a clear message, before anything is parsed
or stored; only the files the manifest lists as QTI items and tests are read. Through the API
every such package is a 422 (413 over the size limit, 415 for another content type) and
changes nothing."""

from __future__ import annotations

import io
import os
import stat
import zipfile
from typing import Any

import pytest

from online_exam.banks.qti_package import (
    MAX_ENTRIES,
    MAX_PACKAGE_BYTES,
    PackageError,
    read_package,
)

from .test_qti import ZIP, zip_files

ITEM = (
    '<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="i" '
    'title="i" adaptive="false" time-dependent="false">'
    '<qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="identifier">'
    "<qti-correct-response><qti-value>A</qti-value></qti-correct-response>"
    "</qti-response-declaration><qti-item-body><p>Pick A</p>"
    '<qti-choice-interaction response-identifier="RESPONSE" max-choices="1">'
    '<qti-simple-choice identifier="A">A</qti-simple-choice>'
    '<qti-simple-choice identifier="B">B</qti-simple-choice></qti-choice-interaction>'
    "</qti-item-body><qti-response-processing "
    'template="https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml"/>'
    "</qti-assessment-item>"
)


def manifest(*hrefs: str, base: str = "") -> str:
    where = f' xml:base="{base}"' if base else ""
    resources = "".join(
        f'<resource identifier="r{n}" type="imsqti_item_xmlv3p0" href="{href}">'
        f'<file href="{href}"/></resource>'
        for n, href in enumerate(hrefs)
    )
    return (
        '<manifest xmlns="http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1" identifier="m">'
        f"<organizations/><resources{where}>{resources}</resources></manifest>"
    )


def good(**extra: str | bytes) -> dict[str, str | bytes]:
    return {"imsmanifest.xml": manifest("item.xml"), "item.xml": ITEM, **extra}


def _with_info(files: dict[str, str | bytes], info: zipfile.ZipInfo, content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        archive.writestr(info, content)
    return buffer.getvalue()


def symlink_package() -> bytes:
    info = zipfile.ZipInfo("link.xml")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return _with_info(good(), info, b"/etc/passwd")


def encrypted_package() -> bytes:
    """An entry whose central header says "encrypted" (zipfile cannot write one)."""
    data = bytearray(zip_files(good(**{"secret.xml": "<x/>"})))
    central = data.rfind(b"PK\x01\x02")  # the last central header: secret.xml
    data[central + 8] |= 0x1
    return bytes(data)


def duplicate_package() -> bytes:
    info = zipfile.ZipInfo("item.xml")
    with pytest.warns(UserWarning, match="Duplicate name"):
        return _with_info(good(), info, ITEM.encode())


def lying_package() -> bytes:
    """The manifest's central directory entry says 10 bytes; it has more."""
    data = bytearray(zip_files(good()))
    central = data.find(b"PK\x01\x02")  # the first central header: imsmanifest.xml
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")
    return bytes(data)


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    "<manifest>&lol2;</manifest>"
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><manifest>&x;'
    "</manifest>"
)

BAD_PACKAGES: dict[str, tuple[Any, str]] = {
    "not a zip": (lambda: b"GIFT? {T}", "not a zip archive"),
    "empty body": (lambda: b"", "not a zip archive"),
    "missing manifest": (lambda: zip_files({"item.xml": ITEM}), "has no imsmanifest.xml"),
    "manifest in a folder": (
        lambda: zip_files({"pkg/imsmanifest.xml": manifest("item.xml"), "pkg/item.xml": ITEM}),
        "has no imsmanifest.xml at its root",
    ),
    "../ entry": (lambda: zip_files(good(**{"../evil.xml": ITEM})), "a '..' path"),
    "../ inside a path": (lambda: zip_files(good(**{"a/../../evil.xml": ITEM})), "a '..' path"),
    "absolute entry": (lambda: zip_files(good(**{"/etc/evil.xml": ITEM})), "an absolute path"),
    "drive letter": (lambda: zip_files(good(**{"C:/evil.xml": ITEM})), "an absolute path"),
    "backslash": (lambda: zip_files(good(**{"..\\evil.xml": ITEM})), "a backslash"),
    "symlink": (symlink_package, "a symbolic link"),
    "encrypted": (encrypted_package, "encrypted"),
    "duplicate": (duplicate_package, "appears twice"),
    "zip bomb (ratio)": (
        lambda: zip_files(good(**{"bomb.xml": b"\0" * (1024 * 1024)})),
        "possible zip bomb",
    ),
    "zip bomb (total)": (
        # Small entries (each may compress well), 53 MiB together: refused on the sizes the
        # zip declares, nothing is inflated.
        lambda: zip_files(good(**{f"pad/{n}.bin": b"\0" * 65536 for n in range(850)})),
        "inflates to more than 50 MiB",
    ),
    "entry over 5 MiB": (
        lambda: zip_files(good(**{"big.bin": os.urandom(5 * 1024 * 1024 + 1)})),
        "one entry may have at most 5 MiB",
    ),
    "too many entries": (
        lambda: zip_files(good(**{f"e/{n}": b"" for n in range(MAX_ENTRIES)})),
        f"at most {MAX_ENTRIES} are accepted",
    ),
    "size lie": (lying_package, "cannot be read"),
    "broken manifest": (
        lambda: zip_files(good(**{"imsmanifest.xml": "<manifest><resources></manifest>"})),
        "imsmanifest.xml: not well-formed XML (line 1)",
    ),
    "billion laughs": (
        lambda: zip_files(good(**{"imsmanifest.xml": BILLION_LAUGHS})),
        "DTDs and entity declarations are not allowed",
    ),
    "external entity": (
        lambda: zip_files(good(**{"imsmanifest.xml": EXTERNAL_ENTITY})),
        "DTDs and entity declarations are not allowed",
    ),
    "not a manifest": (
        lambda: zip_files(good(**{"imsmanifest.xml": "<quiz/>"})),
        "root element must be <manifest>",
    ),
    "no QTI items": (
        lambda: zip_files(good(**{"imsmanifest.xml": manifest().replace("imsqti", "web")})),
        "lists no QTI items",
    ),
    "href ../": (
        lambda: zip_files(good(**{"imsmanifest.xml": manifest("../item.xml")})),
        "outside the package",
    ),
    "href absolute": (
        lambda: zip_files(good(**{"imsmanifest.xml": manifest("/item.xml")})),
        "an absolute path",
    ),
    "href URL": (
        lambda: zip_files(good(**{"imsmanifest.xml": manifest("https://evil.test/i.xml")})),
        "outside the package",
    ),
    "xml:base ../": (
        lambda: zip_files(good(**{"imsmanifest.xml": manifest("item.xml", base="../")})),
        "outside the package",
    ),
    "listed file missing": (
        lambda: zip_files(good(**{"imsmanifest.xml": manifest("item.xml", "gone.xml")})),
        "does not contain it",
    ),
}


@pytest.mark.parametrize("case", BAD_PACKAGES, ids=list(BAD_PACKAGES))
def test_bad_packages_are_refused(case):
    build, message = BAD_PACKAGES[case]
    with pytest.raises(PackageError) as caught:
        read_package(build())
    assert message in caught.value.message


def test_too_large_a_package_is_refused_unread():
    with pytest.raises(PackageError, match="larger than 10 MiB"):
        read_package(b"\0" * (MAX_PACKAGE_BYTES + 1))


def test_only_the_listed_qti_files_are_read():
    # A broken XML file and a large binary the manifest does not list as QTI: never read.
    package = read_package(
        zip_files(good(**{"notes.xml": "<broken", "media/film.bin": os.urandom(1000)}))
    )
    assert list(package.files) == ["item.xml"]
    assert [r.href for r in package.items] == ["item.xml"]


def test_xml_base_and_escaped_hrefs_resolve_inside_the_package():
    files = {
        "imsmanifest.xml": manifest("my%20item.xml", base="items/"),
        "items/my item.xml": ITEM,
    }
    package = read_package(zip_files(files))
    assert [r.href for r in package.items] == ["items/my item.xml"]


# --- through the API: clear errors, no change ----------------------------------------------


def _count(client: Any, headers: dict[str, str]) -> int:
    response = client.get("/api/author/exams", headers=headers)
    assert response.status_code == 200
    return int(response.json["total"])


API_CASES = [
    "not a zip",
    "missing manifest",
    "../ entry",
    "absolute entry",
    "zip bomb (ratio)",
    "billion laughs",
    "broken manifest",
]


@pytest.mark.parametrize("dry_run", [False, True])
@pytest.mark.parametrize("case", API_CASES)
def test_api_refuses_bad_packages_and_changes_nothing(
    client, auth, build_exam, users, case, dry_run
):
    headers = auth["author"]
    exam = build_exam(users["author"], status="draft")
    before = client.get(f"/api/exams/{exam}/questions", headers=headers).json
    exams_before = _count(client, headers)
    build, message = BAD_PACKAGES[case]
    package = build()
    query = "?dry_run=true" if dry_run else "?partial=true"
    response = client.post(
        f"/api/exams/{exam}/import/qti{query}", data=package, content_type=ZIP, headers=headers
    )
    assert response.status_code == 422, response.json
    error = response.json["error"]
    assert error["code"] == "validation_error"
    assert error["message"].startswith("The QTI package cannot be read: ")
    assert message in error["details"]["errors"][0]["message"]
    created = client.post(
        "/api/exams/import/qti?partial=true", data=package, content_type=ZIP, headers=headers
    )
    assert created.status_code == 422
    assert message in created.json["error"]["message"]
    assert client.get(f"/api/exams/{exam}/questions", headers=headers).json == before
    assert _count(client, headers) == exams_before


def test_unknown_interaction_changes_nothing_but_is_reported(client, auth, build_exam, users):
    headers = auth["author"]
    exam = build_exam(users["author"], status="draft", questions=[])
    odd = ITEM.replace("qti-choice-interaction", "qti-graphic-order-interaction")
    response = client.post(
        f"/api/exams/{exam}/import/qti",
        data=zip_files(good(**{"item.xml": odd})),
        content_type=ZIP,
        headers=headers,
    )
    assert response.status_code == 200, response.json  # nothing wrong, nothing to import
    report = response.json
    assert report["imported"] == 0
    assert [(s["question"], s["kind"]) for s in report["skipped"]] == [(1, "graphic ordering")]
    assert client.get(f"/api/exams/{exam}/questions", headers=headers).json == []


def test_a_broken_item_is_its_own_numbered_error(client, auth, build_exam, users):
    headers = auth["author"]
    exam = build_exam(users["author"], status="draft", questions=[])
    files = {
        "imsmanifest.xml": manifest("a.xml", "b.xml"),
        "a.xml": ITEM,
        "b.xml": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>',
    }
    response = client.post(
        f"/api/exams/{exam}/import/qti?dry_run=true",
        data=zip_files(files),
        content_type=ZIP,
        headers=headers,
    )
    assert response.status_code == 200
    assert response.json["errors"] == [
        {
            "line": None,
            "question": 2,
            "message": "Item 2: b.xml: DTDs and entity declarations are not allowed "
            "(DTDForbidden).",
        }
    ]
    assert [q["index"] for q in response.json["questions"]] == [1]


def test_packages_over_1_mib_pass_up_to_10_mib(client, auth, build_exam, users):
    headers = auth["author"]
    exam = build_exam(users["author"], status="draft", questions=[])
    url = f"/api/exams/{exam}/import/qti?dry_run=true"
    # 2 MiB that do not compress: over the API's usual 1 MiB body limit, fine for a package.
    package = zip_files(good(**{"media/noise.bin": os.urandom(2 * 1024 * 1024)}))
    assert len(package) > 2 * 1024 * 1024
    response = client.post(url, data=package, content_type=ZIP, headers=headers)
    assert response.status_code == 200, response.json
    assert len(response.json["questions"]) == 1
    too_big = client.post(
        url, data=b"\0" * (MAX_PACKAGE_BYTES + 1), content_type=ZIP, headers=headers
    )
    assert too_big.status_code == 413
    assert too_big.json["error"]["status"] == 413
    # The other routes keep the 1 MiB limit.
    gift = client.post(
        f"/api/exams/{exam}/import",
        json={"format": "gift", "text": "x" * (1024 * 1024 + 1)},
        headers=headers,
    )
    assert gift.status_code == 413


@pytest.mark.parametrize("content_type", ["application/json", "text/plain", None])
def test_a_package_must_be_sent_as_a_zip(client, auth, build_exam, users, content_type):
    exam = build_exam(users["author"], status="draft")
    kwargs: dict[str, Any] = {"data": zip_files(good()), "headers": auth["author"]}
    if content_type:
        kwargs["content_type"] = content_type
    for url in (f"/api/exams/{exam}/import/qti", "/api/exams/import/qti"):
        response = client.post(url, **kwargs)
        assert response.status_code == 415, response.json
        assert "application/zip" in response.json["error"]["message"]


@pytest.mark.parametrize("query", ["dry_run=maybe", "partial=2"])
def test_bad_query_is_422(client, auth, build_exam, users, query):
    exam = build_exam(users["author"], status="draft")
    response = client.post(
        f"/api/exams/{exam}/import/qti?{query}",
        data=zip_files(good()),
        content_type=ZIP,
        headers=auth["author"],
    )
    assert response.status_code == 422
    assert "query" in response.json["error"]["details"]


def test_other_exports_are_unchanged_and_unknown_formats_refused(client, auth, build_exam, users):
    exam = build_exam(users["author"], status="draft")
    response = client.get(f"/api/exams/{exam}/export?format=qti2", headers=auth["author"])
    assert response.status_code == 422


def test_deeply_nested_item_is_an_item_error_not_a_crash(client, auth, build_exam, users):
    exam = build_exam(users["author"], status="draft", questions=[])
    deep = "<div>" * 50_000 + "x" + "</div>" * 50_000
    nested = ITEM.replace("<p>Pick A</p>", f"<p>Pick A</p>{deep}")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:  # stored: no ratio
        for name, content in good(**{"item.xml": nested}).items():
            archive.writestr(name, content)
    response = client.post(
        f"/api/exams/{exam}/import/qti?dry_run=true",
        data=buffer.getvalue(),
        content_type=ZIP,
        headers=auth["author"],
    )
    assert response.status_code == 200, response.json
    assert response.json["errors"] == [
        {
            "line": None,
            "question": 1,
            "message": "Item 1 (item.xml): the XML is nested too deeply.",
        }
    ]
