#!/usr/bin/env bash
# Create the virtual environment, install the pinned packages, fetch the browser files from npm and
# compile the translations.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null || PYTHON=python3
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -r requirements-dev.txt
# plotly.js's basic bundle (served by the app) and axe-core (browser tests), exactly as package-lock.json
# says. Without npm the app serves Dash's full plotly.js instead and says so in its log.
if command -v npm >/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error
else
  echo "setup: npm not found; skipping node_modules (the app falls back to Dash's full plotly.js)" >&2
fi
.venv/bin/pybabel compile --domain messages --directory translations --statistics
