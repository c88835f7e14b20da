"""Spanish (informal "tú", as Spanish-language learning platforms address students)."""

TEXTS: dict[str, str] = {
    "mail.setup.subject": "Elige tu contraseña para {course}",
    "mail.setup.body": (
        "Hola, {name}:\n\n"
        "Te han inscrito en el curso \u00ab{course}\u00bb de Online Exam.\n"
        "Elige una contraseña para tu cuenta aquí:\n\n"
        "{link}\n\n"
        "El enlace funciona una sola vez y hasta el {expires}. El correo electrónico de tu "
        "cuenta es {email}.\n\n"
        "Si no esperabas este mensaje, puedes ignorarlo.\n"
    ),
    "mail.reset.subject": "Restablece tu contraseña de Online Exam",
    "mail.reset.body": (
        "Hola, {name}:\n\n"
        "Alguien (esperamos que tú) ha pedido restablecer la contraseña de tu cuenta de "
        "Online Exam.\n"
        "Elige una contraseña nueva aquí:\n\n"
        "{link}\n\n"
        "El enlace funciona una sola vez y hasta el {expires}. Al establecer una contraseña "
        "nueva se cerrarán tus sesiones en todos los demás dispositivos.\n\n"
        "Si no lo has pedido tú, ignora este mensaje: tu contraseña seguirá siendo la misma.\n"
    ),
    "results.student": "Estudiante",
    "results.email": "Correo electrónico",
    "results.attempt": "Intento",
    "results.state": "Estado",
    "results.started_at": "Hora de inicio",
    "results.submitted_at": "Hora de entrega",
    "results.duration": "Duración (s)",
    "results.score": "Puntuación",
    "results.max_score": "Puntuación máxima",
    "results.percentage": "Porcentaje",
    "results.passed": "Aprobado",
    "results.question_one_point": "P{number} ({points} punto)",
    "results.question_points": "P{number} ({points} puntos)",
    "results.yes": "sí",
    "results.no": "no",
    "results.state.in_progress": "en curso",
    "results.state.submitted": "entregado",
    "results.state.expired": "tiempo agotado",
    "results.state.awaiting_grading": "Pendiente de calificación",
    # --- LTI: the page a refused launch shows (inside the platform's frame) ------------------
    "lti.error.title": "Online Exam: acceso rechazado",
    "lti.error.heading": "Online Exam no ha podido abrir este enlace",
    "lti.error.advice": (
        "Vuelve a tu curso y abre el enlace de nuevo. Si sigue fallando, avisa a tu profesor "
        "o al administrador."
    ),
}
