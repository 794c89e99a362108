"""WSGI entry point: ``gunicorn -c gunicorn.conf.py wsgi:server``.

The server serves the snapshots published into DASHAPP_SNAPSHOT_DIR; gunicorn.conf.py starts the
ingest that publishes them. Nothing is loaded at import (gunicorn imports this in its master):
each worker loads the current version when it starts.
"""

from dashapp.app import create_server

server = create_server(load=False)
