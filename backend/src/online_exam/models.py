"""Every model, imported in one place so the metadata (and Alembic) sees all tables."""

from .attempts.models import Attempt, Response
from .auth.models import User
from .exams.models import Alternative, Exam, Question

__all__ = ["Alternative", "Attempt", "Exam", "Question", "Response", "User"]
