"""Texts the server writes for people to read (e-mails, export headers and labels), per locale.

The catalogues are plain dicts (`en.py` is the source, `es.py` and `ar.py` translate every key;
`tests/test_i18n.py` fails on a key missing from a locale or with other placeholders). Whose
locale: the recipient's `users.locale`, else the request's Accept-Language (downloads), else
English. Authors' content (exam titles, questions) is never translated; API error bodies keep
English `message`s with a stable `code` that the web app translates (docs/error-codes.md).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from flask import has_request_context, request

from . import ar, en, es

DEFAULT = "en"
LOCALES = ("en", "es", "ar")
CATALOGUES: Mapping[str, Mapping[str, str]] = {"en": en.TEXTS, "es": es.TEXTS, "ar": ar.TEXTS}


# A BCP 47 tag of the common shape: a 2 or 3 letter language, an optional script, an optional
# region ("en", "es-419", "pt-BR", "zh-Hant-TW"): what an exam's `lang` attribute needs.
LANGUAGE_TAG = re.compile(r"([a-z]{2,3})(?:-([a-z]{4}))?(?:-([a-z]{2}|[0-9]{3}))?", re.IGNORECASE)
LANGUAGE_MAX = 16


def language_tag(tag: str) -> str | None:
    """`tag` in its canonical case ("PT-br" → "pt-BR"), or None when it is not one we accept."""
    match = LANGUAGE_TAG.fullmatch(tag.strip()) if len(tag) <= LANGUAGE_MAX else None
    if match is None:
        return None
    language, script, region = match.groups()
    parts = [language.lower(), script.title() if script else "", region.upper() if region else ""]
    return "-".join(part for part in parts if part)


def supported(locale: str | None) -> str | None:
    """The supported locale a tag names by its primary subtag ("es-MX" → "es"), else None."""
    if not locale:
        return None
    primary = locale.strip().replace("_", "-").split("-", 1)[0].lower()
    return primary if primary in CATALOGUES else None


def from_accept_language(header: str | None) -> str | None:
    """The supported locale the client prefers most (q-values honoured), else None."""
    if not header:
        return None
    choices: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")[:32]):  # a header is not a workload
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        locale = supported(tag)
        if locale is not None and quality > 0:
            choices.append((-quality, position, locale))
    return min(choices)[2] if choices else None


def locale_for(user_locale: str | None = None) -> str:
    """The recipient's own locale, else the current request's preference, else English."""
    chosen = supported(user_locale)
    if chosen is None and has_request_context():
        chosen = from_accept_language(request.headers.get("Accept-Language"))
    return chosen or DEFAULT


def t(locale: str, key: str, **values: Any) -> str:
    """The text of `key` in `locale` (English when the locale is unknown), `values` filled in.
    A key missing everywhere is a programming error (KeyError), caught by the tests."""
    catalogue = CATALOGUES.get(locale, CATALOGUES[DEFAULT])
    text = catalogue.get(key) or CATALOGUES[DEFAULT][key]
    return text.format(**values) if values else text
