"""Every model, imported in one place so the metadata (and Alembic) sees all tables."""

from .attempts.models import Attempt, Response
from .audit.models import AuditEvent
from .auth.models import PasswordToken, RefreshToken, User
from .bank.models import BankCategory, BankQuestion, BankQuestionVersion, BankTag, ExamSlot
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
    "BankCategory",
    "BankQuestion",
    "BankQuestionVersion",
    "BankTag",
    "Course",
    "CourseTeacher",
    "Enrolment",
    "Exam",
    "ExamSlot",
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
