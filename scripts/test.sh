#!/usr/bin/env bash
# Set up (if needed), lint, type-check, and run the whole test suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy dashapp
exec .venv/bin/python -m pytest "$@"
