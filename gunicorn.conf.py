"""gunicorn settings. Override with the usual GUNICORN_CMD_ARGS or DASHAPP_BIND / DASHAPP_WORKERS /
DASHAPP_THREADS."""

import os

bind = os.environ.get("DASHAPP_BIND", "127.0.0.1:8050")
workers = int(os.environ.get("DASHAPP_WORKERS", "2"))
# One process per core. The threaded worker waits for idle or slow client connections (keep-alive)
# in its event loop instead of blocking the process on them, as the sync worker does. The work
# itself is CPU-bound: more than one thread per process only adds lock contention (measured with
# benchmarks/load_test.py: 2 workers x 4 threads served 197 callbacks/s, 2 x 1 served 548).
worker_class = "gthread"
threads = int(os.environ.get("DASHAPP_THREADS", "1"))
keepalive = 5
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
