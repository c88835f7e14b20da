"""Names and Role Provisioning: bring a course's roster in line with the platform's."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ..courses.models import Enrolment
from ..domain import EnrolmentSource
from ..errors import Conflict
from ..extensions import db
from . import claims, http, mapping, services
from .models import LtiContext, LtiPlatform


def sync(course_id: int) -> dict[str, int]:
    """Create/enrol every active member; learners the platform lists as inactive (or no longer
    lists) lose the enrolments that LTI made (their attempts stay)."""
    context = db.session.scalar(select(LtiContext).where(LtiContext.course_id == course_id))
    if context is None or not context.memberships_url:
        raise Conflict(
            "This course is not linked to a platform roster (launch it from there first)."
        )
    platform = db.session.get(LtiPlatform, context.platform_id)
    assert platform is not None
    try:
        members = services.members(platform, context.memberships_url)
    except http.PlatformError as error:
        raise Conflict(f"The platform's roster could not be read: {error}") from error
    counts = {"members": 0, "enrolled": 0, "teachers": 0, "removed": 0}
    active_students: set[int] = set()
    for member in members:
        subject = member.get("user_id")
        if not subject:
            continue
        counts["members"] += 1
        if str(member.get("status", "Active")) != "Active":
            continue
        user = mapping.account(platform, str(subject), _name(member), member.get("email"))
        if claims.is_instructor(member.get("roles")):
            counts["teachers"] += int(mapping.make_teacher(user, course_id))
        else:
            active_students.add(user.id)
            counts["enrolled"] += int(mapping.enrol(user, course_id))
    for enrolment in list(
        db.session.scalars(
            select(Enrolment).where(
                Enrolment.course_id == course_id, Enrolment.source == EnrolmentSource.LTI
            )
        )
    ):
        if enrolment.user_id not in active_students:
            db.session.delete(enrolment)
            counts["removed"] += 1
    db.session.flush()
    return counts


def _name(member: dict[str, Any]) -> str:
    return str(
        member.get("name")
        or " ".join(p for p in (member.get("given_name"), member.get("family_name")) if p)
        or ""
    )
