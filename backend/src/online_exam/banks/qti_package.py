"""IMS content packages as QTI uses them: a zip with `imsmanifest.xml` at its root that lists the
items and tests (resources) and their files. Read defensively, written deterministically.

An upload is hostile until proven otherwise, so reading refuses, before any XML is parsed:
- a package over MAX_PACKAGE_BYTES (the upload, compressed; the routes set the same request limit);
- more than MAX_ENTRIES entries, entries adding up to more than MAX_TOTAL_BYTES uncompressed, an
  entry over MAX_ENTRY_BYTES, or one that inflates more than MAX_RATIO times (a zip bomb) — on
  the sizes the zip declares, and again while reading (a zip may lie about them);
- entry names that are absolute (`/x`, `C:/x`), climb out (`..`), use backslashes, repeat, or are
  symbolic links; encrypted entries;
- manifest references (`href`) that are URLs, absolute or climb out of the package.
Only the manifest and the files of its QTI item and test resources are read; everything else
(images, stylesheets) stays unread. XML is parsed with defusedxml: no DTDs, no entities.
"""

from __future__ import annotations

import io
import posixpath
import stat
import zipfile
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from ..config import MIB

MAX_PACKAGE_BYTES = 10 * MIB  # the zip as uploaded
MAX_TOTAL_BYTES = 50 * MIB  # every entry, uncompressed
MAX_ENTRY_BYTES = 5 * MIB  # one entry, uncompressed (an item is a few KiB)
MAX_ENTRIES = 2000
MAX_RATIO = 100  # uncompressed / compressed of one entry; XML rarely passes 20
_RATIO_FLOOR = 64 * 1024  # entries smaller than this may compress as well as they like
MANIFEST = "imsmanifest.xml"

# Resource type -> (what it is, QTI version).
RESOURCE_TYPES = {
    "imsqti_item_xmlv3p0": ("item", "3.0"),
    "imsqti_test_xmlv3p0": ("test", "3.0"),
    "imsqti_item_xmlv2p2": ("item", "2.2"),
    "imsqti_test_xmlv2p2": ("test", "2.2"),
    "imsqti_item_xmlv2p1": ("item", "2.1"),
    "imsqti_test_xmlv2p1": ("test", "2.1"),
}
_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
# A fixed time for every entry written, so the same exam gives the same bytes.
_EPOCH = (1980, 1, 1, 0, 0, 0)


class PackageError(Exception):
    """The package as a whole cannot be read: nothing in it is imported."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class XmlError(Exception):
    """One XML file is not well-formed (or tries entities/DTDs): `message` names the line."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Resource:
    identifier: str
    kind: str  # "item" | "test"
    version: str  # "3.0" | "2.2" | "2.1"
    href: str  # the file's path inside the package


@dataclass
class Package:
    items: list[Resource] = field(default_factory=list)  # in manifest order
    tests: list[Resource] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)  # path -> content (item/test files)
    ignored: int = 0  # resources of other types (images, stylesheets, stimuli): not read


def local(tag: object) -> str:
    """An element's name without its namespace (`{ns}item` -> `item`)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def parse_xml(data: bytes, name: str) -> Element:
    """Hardened parse of one file; XmlError names the file and the line."""
    try:
        root: Element = fromstring(data, forbid_dtd=True)
    except ParseError as error:
        line = error.position[0] if error.position else None
        where = f" (line {line})" if line else ""
        raise XmlError(f"{name}: not well-formed XML{where}: {_reason(error)}.") from error
    except DefusedXmlException as error:
        raise XmlError(
            f"{name}: DTDs and entity declarations are not allowed ({type(error).__name__})."
        ) from error
    return root


def _reason(error: ParseError) -> str:
    # "mismatched tag: line 3, column 2" -> "mismatched tag" (the line is reported separately)
    return str(error).split(":", 1)[0]


def safe_entry_name(name: str) -> str | None:
    """Why a zip entry name (or a manifest reference, resolved) is refused; None when fine."""
    if not name or "\\" in name or "\x00" in name:
        return "a backslash or an empty name"
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return "an absolute path"
    if ".." in name.split("/"):
        return "a '..' path"
    return None


def _check_entries(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise PackageError(
            f"The package has {len(entries)} entries; at most {MAX_ENTRIES} are accepted."
        )
    by_name: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in entries:
        name = info.filename
        if problem := safe_entry_name(name):
            raise PackageError(f"Refused entry {name[:200]!r}: {problem}.")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise PackageError(f"Refused entry {name[:200]!r}: a symbolic link.")
        if info.flag_bits & 0x1:
            raise PackageError(f"Refused entry {name[:200]!r}: encrypted.")
        if name in by_name:
            raise PackageError(f"The entry {name[:200]!r} appears twice.")
        if info.file_size > MAX_ENTRY_BYTES:
            raise PackageError(
                f"The entry {name[:200]!r} is {info.file_size} bytes uncompressed; one entry may "
                f"have at most {MAX_ENTRY_BYTES // MIB} MiB."
            )
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            ratio = info.file_size // max(info.compress_size, 1)
            raise PackageError(
                f"The entry {name[:200]!r} would inflate {ratio} times (at most {MAX_RATIO}): "
                "refused as a possible zip bomb."
            )
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise PackageError(
                f"The package inflates to more than {MAX_TOTAL_BYTES // MIB} MiB: refused."
            )
        by_name[name] = info
    return by_name


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The entry's bytes, never more than it declared (nor MAX_ENTRY_BYTES)."""
    limit = min(info.file_size, MAX_ENTRY_BYTES)
    try:
        with archive.open(info) as stream:
            data = stream.read(limit + 1)
    except (zipfile.BadZipFile, EOFError, NotImplementedError, OSError, ValueError) as error:
        raise PackageError(f"The entry {info.filename[:200]!r} cannot be read: {error}.") from error
    if len(data) > limit:
        raise PackageError(f"The entry {info.filename[:200]!r} is larger than it declares.")
    return data


def resolve(base: str, href: str) -> str:
    """A manifest reference as a path inside the package; PackageError when it leaves it."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        raise PackageError(f"The manifest refers to {href[:200]!r} outside the package.")
    path = unquote(parts.path)
    if path.startswith("/") or safe_entry_name(path) == "an absolute path":
        raise PackageError(f"The manifest refers to {href[:200]!r}: an absolute path.")
    joined = posixpath.normpath(posixpath.join(base, path)) if path else ""
    if not joined or joined == "." or joined.startswith("../") or joined == "..":
        raise PackageError(f"The manifest refers to {href[:200]!r}, outside the package.")
    return joined


def _join_base(base: str, element: Element) -> str:
    """`base` joined with the element's xml:base (a folder), if it has one."""
    extra = element.get(_XML_BASE)
    if not extra:
        return base
    try:  # resolved as a file inside the folder: the same checks as any reference
        inside = resolve(base, extra.rstrip("/") + "/x")
    except PackageError as error:
        raise PackageError(
            f"{MANIFEST}: xml:base {extra[:200]!r} is outside the package."
        ) from error
    return inside.rsplit("/", 1)[0] if "/" in inside else ""


def read_package(data: bytes) -> Package:
    """The manifest's QTI items and tests, with their files read. PackageError otherwise."""
    if len(data) > MAX_PACKAGE_BYTES:
        raise PackageError(f"The package is larger than {MAX_PACKAGE_BYTES // MIB} MiB.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise PackageError(f"The file is not a zip archive (a QTI package): {error}.") from error
    with archive:
        entries = _check_entries(archive)
        if MANIFEST not in entries:
            raise PackageError(
                f"The package has no {MANIFEST} at its root: it is not an IMS content package."
            )
        try:
            manifest = parse_xml(_read_entry(archive, entries[MANIFEST]), MANIFEST)
        except XmlError as error:
            raise PackageError(error.message) from error
        package = _resources(manifest)
        for resource in [*package.items, *package.tests]:
            info = entries.get(resource.href)
            if info is None:
                raise PackageError(
                    f"The manifest lists {resource.href[:200]!r} (resource "
                    f"{resource.identifier[:100]!r}), but the package does not contain it."
                )
            if resource.href not in package.files:
                package.files[resource.href] = _read_entry(archive, info)
    return package


def _resources(manifest: Element) -> Package:
    if local(manifest.tag) != "manifest":
        raise PackageError(f"{MANIFEST}: the root element must be <manifest>.")
    package = Package()
    base = _join_base("", manifest)
    for resources in (child for child in manifest if local(child.tag) == "resources"):
        resources_base = _join_base(base, resources)
        for resource in (child for child in resources if local(child.tag) == "resource"):
            kind_version = RESOURCE_TYPES.get((resource.get("type") or "").strip())
            if kind_version is None:
                package.ignored += 1
                continue
            resource_base = _join_base(resources_base, resource)
            href = resource.get("href")
            if not href:  # the first <file> is the resource's entry point when href is absent
                files = [f.get("href") for f in resource if local(f.tag) == "file"]
                href = next((f for f in files if f), None)
            identifier = resource.get("identifier") or ""
            if not href:
                raise PackageError(
                    f"{MANIFEST}: the resource {identifier[:100]!r} names no file (href)."
                )
            kind, version = kind_version
            entry = Resource(identifier, kind, version, resolve(resource_base, href))
            (package.items if kind == "item" else package.tests).append(entry)
    if not package.items:
        raise PackageError(
            f"{MANIFEST} lists no QTI items (resources of type "
            f"{', '.join(t for t, (k, _) in RESOURCE_TYPES.items() if k == 'item')})."
        )
    return package


def write_package(files: list[tuple[str, bytes]]) -> bytes:
    """A zip of `files` in the given order (the manifest first, by convention), every entry
    deflated with the same fixed timestamp: the same content gives the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files:
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    return buffer.getvalue()
