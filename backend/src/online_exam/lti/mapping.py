"""Platform -> our world: users by (platform, subject) never by e-mail alone, contexts ->
courses, instructors -> teachers, learners -> enrolled students."""

from __future__ import annotations

from hashlib import sha256

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..auth.models import User
from ..courses.models import Course, CourseTeacher, Enrolment
from ..database import RetryTransaction
from ..domain import EnrolmentSource, Role
from ..extensions import db
from .models import LtiContext, LtiPlatform, LtiUser


def account(platform: LtiPlatform, subject: str, name: str, email: str | None) -> User:
    """The account of a platform user; a new one on first sight. An existing account with the
    same e-mail is NOT taken over (anyone can type any e-mail into a platform's profile): the
    new account gets the e-mail only if it is free, else a placeholder address."""
    link = db.session.scalar(
        select(LtiUser).where(LtiUser.platform_id == platform.id, LtiUser.subject == subject)
    )
    if link is not None:
        user = db.session.get(User, link.user_id)
        assert user is not None
        return user
    address = (email or "").strip().lower()
    if not address or db.session.scalar(select(User.id).where(User.email == address)):
        digest = sha256(f"{platform.id}:{subject}".encode()).hexdigest()[:20]
        address = f"lti-{digest}@lti.invalid"
    user = User(
        email=address,
        display_name=(name or "").strip()[:120] or "Learner",
        password_hash=None,
        role=Role.STUDENT,
    )
    try:
        with db.session.begin_nested():
            db.session.add(user)
            db.session.flush()
            db.session.add(LtiUser(platform_id=platform.id, subject=subject, user_id=user.id))
            db.session.flush()
    except IntegrityError as error:
        # Two first launches of one person at once: the request re-runs and finds the winner.
        raise RetryTransaction from error
    return user


def context(platform: LtiPlatform, context_id: str) -> LtiContext | None:
    return db.session.scalar(
        select(LtiContext).where(
            LtiContext.platform_id == platform.id, LtiContext.context_id == context_id
        )
    )


def create_course(
    platform: LtiPlatform, context_id: str, title: str, label: str, owner: User
) -> LtiContext:
    course = Course(
        name=(title or label or "Course")[:200], code=(label or "")[:40], owner_id=owner.id
    )
    db.session.add(course)
    db.session.flush()
    mapped = LtiContext(platform_id=platform.id, context_id=context_id, course_id=course.id)
    db.session.add(mapped)
    db.session.flush()
    return mapped


def make_teacher(user: User, course_id: int) -> bool:
    """Instructor -> author account and teacher of the course. True if anything changed."""
    changed = False
    if user.role == Role.STUDENT:
        user.role = Role.AUTHOR
        changed = True
    course = db.session.get(Course, course_id)
    if (
        course is not None
        and course.owner_id != user.id
        and db.session.get(CourseTeacher, (course_id, user.id)) is None
    ):
        db.session.add(CourseTeacher(course_id=course_id, user_id=user.id))
        changed = True
    db.session.flush()
    return changed


def enrol(user: User, course_id: int) -> bool:
    """Learner -> on the course's roster. True if newly enrolled."""
    if db.session.get(Enrolment, (course_id, user.id)) is not None:
        return False
    db.session.add(Enrolment(course_id=course_id, user_id=user.id, source=EnrolmentSource.LTI))
    db.session.flush()
    return True
