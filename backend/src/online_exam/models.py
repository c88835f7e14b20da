"""Every model, imported in one place so the metadata (and Alembic) sees all tables."""

from .attempts.models import Attempt, Response
from .audit.models import AuditEvent
from .auth.models import PasswordToken, RefreshToken, User
from .courses.models import Accommodation, Course, CourseTeacher, Enrolment
from .exams.models import Alternative, Exam, Question
from .lti.models import (
    GradeOutbox,
    LtiContext,
    LtiKey,
    LtiNonce,
    LtiPlatform,
    LtiResourceLink,
    LtiTicket,
    LtiUser,
)

__all__ = [
    "Accommodation",
    "Alternative",
    "Attempt",
    "AuditEvent",
    "Course",
    "CourseTeacher",
    "Enrolment",
    "Exam",
    "GradeOutbox",
    "LtiContext",
    "LtiKey",
    "LtiNonce",
    "LtiPlatform",
    "LtiResourceLink",
    "LtiTicket",
    "LtiUser",
    "PasswordToken",
    "Question",
    "RefreshToken",
    "Response",
    "User",
]
