"""Arabic (Modern Standard Arabic). Numbers stay in the digits the values are written in."""

TEXTS: dict[str, str] = {
    "mail.setup.subject": "اختر كلمة المرور لمقرر {course}",
    "mail.setup.body": (
        "مرحبًا {name}،\n\n"
        "تم تسجيلك في المقرر \u00ab{course}\u00bb على منصة Online Exam.\n"
        "اختر كلمة مرور لحسابك من هنا:\n\n"
        "{link}\n\n"
        "يعمل الرابط مرة واحدة فقط وحتى {expires}. البريد الإلكتروني لحسابك هو {email}.\n\n"
        "إذا لم تكن تتوقع هذه الرسالة، يمكنك تجاهلها.\n"
    ),
    "mail.reset.subject": "إعادة تعيين كلمة المرور لحسابك على Online Exam",
    "mail.reset.body": (
        "مرحبًا {name}،\n\n"
        "طلب أحدهم (نأمل أن تكون أنت) إعادة تعيين كلمة المرور لحسابك على Online Exam.\n"
        "اختر كلمة مرور جديدة من هنا:\n\n"
        "{link}\n\n"
        "يعمل الرابط مرة واحدة فقط وحتى {expires}. عند تعيين كلمة مرور جديدة سيتم تسجيل "
        "خروجك من جميع الأجهزة الأخرى.\n\n"
        "إذا لم تطلب ذلك، فتجاهل هذه الرسالة: ستبقى كلمة مرورك كما هي.\n"
    ),
    "results.student": "الطالب",
    "results.email": "البريد الإلكتروني",
    "results.attempt": "المحاولة",
    "results.state": "الحالة",
    "results.started_at": "وقت البدء",
    "results.submitted_at": "وقت التسليم",
    "results.duration": "المدة (بالثواني)",
    "results.score": "الدرجة",
    "results.max_score": "الدرجة القصوى",
    "results.percentage": "النسبة المئوية",
    "results.passed": "ناجح",
    "results.question_one_point": "س{number} ({points} درجة)",
    "results.question_points": "س{number} ({points} درجات)",
    "results.yes": "نعم",
    "results.no": "لا",
    "results.state.in_progress": "قيد التقدم",
    "results.state.submitted": "تم التسليم",
    "results.state.expired": "انتهى الوقت",
    "results.state.awaiting_grading": "بانتظار التصحيح",
    # --- LTI: the page a refused launch shows (inside the platform's frame) ------------------
    "lti.error.title": "Online Exam: تم رفض الدخول",
    "lti.error.heading": "تعذّر على Online Exam فتح هذا الرابط",
    "lti.error.advice": (
        "ارجع إلى مقررك وافتح الرابط مرة أخرى. إذا استمر الخطأ، فأبلغ معلمك أو مسؤول النظام."
    ),
}
