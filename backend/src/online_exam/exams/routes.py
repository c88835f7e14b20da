"""Exams endpoints: thin — parse, call the service, serialize."""

from __future__ import annotations

from apiflask import APIBlueprint

bp = APIBlueprint("exams", __name__, url_prefix="/api", tag="Exams")
