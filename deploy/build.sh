#!/usr/bin/env bash
# The build steps of the container images (deploy/Dockerfile runs this script), made of the
# same Makefile targets a checkout and CI use, so the recipe cannot drift from them:
#
#   deploy/build.sh web       make install + make frontend: the dev toolchain (Node comes from
#                             the venv) builds frontend/dist/frontend/browser (CI: make e2e)
#   deploy/build.sh runtime   make install-runtime: .venv with the app's dependencies only
#                             (uv sync --frozen --no-dev from backend/uv.lock)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

case "${1:-}" in
  web) make --no-print-directory install frontend ;;
  runtime) make --no-print-directory install-runtime ;;
  *) echo "usage: deploy/build.sh web|runtime" >&2; exit 2 ;;
esac
