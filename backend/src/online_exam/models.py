"""Every model, imported in one place so the metadata (and Alembic) sees all tables."""

from .attempts.models import Attempt, Response
from .audit.models import AuditEvent
from .auth.models import User
from .exams.models import Alternative, Exam, Question

__all__ = ["Alternative", "Attempt", "AuditEvent", "Exam", "Question", "Response", "User"]
