"""gunicorn settings. Override with the usual GUNICORN_CMD_ARGS or DASHAPP_BIND / DASHAPP_WORKERS."""

import os

bind = os.environ.get("DASHAPP_BIND", "127.0.0.1:8050")
workers = int(os.environ.get("DASHAPP_WORKERS", "2"))
worker_class = "sync"
timeout = 60
graceful_timeout = 10
# Each worker loads the app (and its first snapshot) itself; no thread is started before a fork.
preload_app = False
control_socket_disable = True
accesslog = "-"
errorlog = "-"


def post_worker_init(worker):
    """Start this worker's refresh thread once the app is loaded in it (after the fork)."""
    from dashapp.app import STORE_KEY

    worker.wsgi.extensions[STORE_KEY].start()
