"""English: the source texts. Keys are `<area>.<name>`; `{name}` are placeholders."""

TEXTS: dict[str, str] = {
    # --- mail: account set-up link (class list) -----------------------------------------
    "mail.setup.subject": "Set your password for {course}",
    "mail.setup.body": (
        "Hello {name},\n\n"
        "You have been enrolled in the course \u201c{course}\u201d on Online Exam.\n"
        "Choose a password for your account here:\n\n"
        "{link}\n\n"
        "The link works once and until {expires}. Your account's e-mail is {email}.\n\n"
        "If you did not expect this, you can ignore this message.\n"
    ),
    # --- mail: password reset ---------------------------------------------------------------
    "mail.reset.subject": "Reset your Online Exam password",
    "mail.reset.body": (
        "Hello {name},\n\n"
        "Someone (hopefully you) asked to reset the password of your Online Exam account.\n"
        "Choose a new password here:\n\n"
        "{link}\n\n"
        "The link works once and until {expires}. Setting a new password signs you out "
        "everywhere else.\n\n"
        "If you did not ask for this, ignore this message: your password stays as it is.\n"
    ),
    # --- results export (CSV) ---------------------------------------------------------------
    "results.student": "Student",
    "results.email": "Email",
    "results.attempt": "Attempt",
    "results.state": "State",
    "results.started_at": "Started at",
    "results.submitted_at": "Submitted at",
    "results.duration": "Duration (s)",
    "results.score": "Score",
    "results.max_score": "Max score",
    "results.percentage": "Percentage",
    "results.passed": "Passed",
    "results.question_one_point": "Q{number} ({points} pt)",
    "results.question_points": "Q{number} ({points} pts)",
    "results.yes": "yes",
    "results.no": "no",
    "results.state.in_progress": "in_progress",
    "results.state.submitted": "submitted",
    "results.state.expired": "expired",
    "results.state.awaiting_grading": "Awaiting grading",
    # --- LTI: the page a refused launch shows (inside the platform's frame) ------------------
    "lti.error.title": "Online Exam: launch refused",
    "lti.error.heading": "Online Exam could not open this link",
    "lti.error.advice": (
        "Go back to your course and open the link again. If it keeps failing, tell your "
        "teacher or administrator."
    ),
}
