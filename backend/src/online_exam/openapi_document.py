"""The API's OpenAPI document, built in-process (no server, no database) and checked.

    python -m online_exam.openapi_document [--output FILE]

Exits 1 with the validator's findings when the document is not valid OpenAPI 3.1, else prints
it (or writes FILE). `frontend/scripts/gen-api.mjs` generates the web app's types from it, and
`make lint` checks that the committed types match it.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from typing import Any

from openapi_spec_validator import OpenAPIV31SpecValidator

from . import create_app

# Only what building the app needs; nothing here changes the document.
_OFFLINE = {
    "APP_ENV": "testing",
    "SECRET_KEY": "openapi-document-only-not-a-secret-0123456789",
    "SQLALCHEMY_DATABASE_URI": "sqlite://",
}


def document() -> dict[str, Any]:
    app = create_app(_OFFLINE)
    with app.app_context(), warnings.catch_warnings():
        # apispec warns when a schema class is met again under another route; the references
        # still resolve (the validator below checks every one).
        warnings.filterwarnings("ignore", ".*Adding it twice", UserWarning)
        spec = app.spec  # a dict: the app is configured for JSON (SPEC_FORMAT)
        assert isinstance(spec, dict)
        return spec


def problems(spec: dict[str, Any]) -> list[str]:
    """Every way `spec` breaks OpenAPI 3.1 (empty when valid)."""
    found = []
    for error in OpenAPIV31SpecValidator(spec).iter_errors():
        where = "/".join(str(part) for part in error.absolute_path) or "(root)"
        found.append(f"{where}: {error.message}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", help="write the document here instead of stdout")
    args = parser.parse_args(argv)
    spec = document()
    if found := problems(spec):
        print("The OpenAPI document is not valid OpenAPI 3.1:", file=sys.stderr)
        for problem in found:
            print(f"  {problem}", file=sys.stderr)
        return 1
    text = json.dumps(spec, indent=2, ensure_ascii=False) + "\n"
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            out.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
