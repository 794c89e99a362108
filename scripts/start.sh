#!/usr/bin/env bash
# Set up (if needed) and serve the dashboard with gunicorn on http://127.0.0.1:8050.
# Without DASHAPP_DATA_DIR it serves the built-in demo source.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/gunicorn -c gunicorn.conf.py wsgi:server
