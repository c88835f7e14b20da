"""The WSGI entry point for production servers: `python -m online_exam.app_server` serves it
(Granian by default, or gunicorn: app_server.py).

Configuration comes from the environment as everywhere else (config.py); with
APP_ENV=production a SECRET_KEY of at least 32 characters is required. See
app_server.py for the server settings and README.md, "Exam day".
"""

from __future__ import annotations

from . import create_app
from .app_server import tune_gc

app = create_app()
# Built once per process (gunicorn: in the master, before forking its workers; Granian: in each
# worker): from here on the app's objects are permanent.
tune_gc()
