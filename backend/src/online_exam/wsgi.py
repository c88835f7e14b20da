"""The WSGI entry point for production servers: `gunicorn online_exam.wsgi:app`.

Configuration comes from the environment as everywhere else (config.py); with
APP_ENV=production a SECRET_KEY of at least 32 characters is required. See
backend/gunicorn.conf.py for the worker settings and README.md, "Exam day".
"""

from __future__ import annotations

from . import create_app

app = create_app()
