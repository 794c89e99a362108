"""gunicorn settings. Override with the usual GUNICORN_CMD_ARGS or DASHAPP_BIND / DASHAPP_WORKERS /
DASHAPP_THREADS.

One deployment = this master, its web workers and (unless DASHAPP_INGEST=external) one ingest
process that the master starts and restarts (dashapp/supervisor.py). The ingest publishes snapshots
into DASHAPP_SNAPSHOT_DIR; the workers only load what it published.
"""

import os

from gunicorn.workers.gthread import _DEFER, ThreadWorker


class SilentConnectionsWait(ThreadWorker):
    """gunicorn's threaded worker, except that a new connection is given a thread only once its
    request has arrived: until then it waits in the event loop like an idle keep-alive connection
    (gunicorn's own deferral, closed after ``keepalive`` seconds of silence).

    It uses two internals of gunicorn 27's gthread worker (``_DEFER``, ``TConn.wait_for_data``);
    gunicorn is pinned in requirements.txt, and tests/test_gunicorn.py fails if an upgrade breaks it."""

    def handle(self, conn):
        if not conn.initialized and not conn.wait_for_data(0):
            return _DEFER
        return super().handle(conn)


bind = os.environ.get("DASHAPP_BIND", "127.0.0.1:8050")
workers = int(os.environ.get("DASHAPP_WORKERS", "2"))
# One process per core, one thread each: the work is CPU-bound (measured with benchmarks/load_test.py
# on an idle machine: 2 workers x 4 threads served 197 callbacks/s, 2 x 1 served 548; on a busy shared
# machine the difference drowns in noise). Idle keep-alive connections wait in the worker's event
# loop, not in a thread; so do new connections that have sent nothing yet (SilentConnectionsWait).
# gunicorn's own gthread worker gives each new connection a thread that waits up to 5 s for its
# request: a connection that a browser opened ahead and left silent held the only thread, and the
# page's own request queued behind it (benchmarks/cold_visits.py: 12 of 20 cold visits waited ~5 s
# with one silent connection each, 20 of 20 waited 5-15 s with three; 0 of 20 with this worker).
worker_class = SilentConnectionsWait
threads = int(os.environ.get("DASHAPP_THREADS", "1"))
keepalive = 5
timeout = 60
graceful_timeout = 10
# The app (Dash, pandas, the layouts) is imported once in the master and shared copy-on-write by the
# workers; the master loads no snapshot and starts no thread of the app (see post_worker_init).
preload_app = True
control_socket_disable = True
accesslog = "-"
errorlog = "-"

_supervisor = None


def on_starting(server):
    """Start the ingest beside the web workers, unless another job publishes the snapshots."""
    global _supervisor
    from dashapp.config import Config
    from dashapp.supervisor import IngestSupervisor

    config = Config.from_env()
    # The workers and the ingest must agree on the folder even when it is the default one.
    os.environ["DASHAPP_SNAPSHOT_DIR"] = config.snapshot_dir
    if config.ingest == "local":
        _supervisor = IngestSupervisor()
        _supervisor.start()


def when_ready(server):
    """Do once in the master what every worker would otherwise repeat in memory of its own: Dash's
    first-request set-up, the snapshot's load path, and moving everything allocated so far out of
    the garbage collector's sight (``gc.freeze``), so that the workers keep sharing those pages
    copy-on-write (dashapp/web/preload.py)."""
    from dashapp.web.preload import prepare_for_workers

    prepare_for_workers(server.app.wsgi())


def post_worker_init(worker):
    """Load the published version and start watching the manifest, in the worker (after the fork)."""
    from dashapp.app import STORE_KEY

    worker.wsgi.extensions[STORE_KEY].start()


def on_exit(server):
    if _supervisor is not None:
        _supervisor.stop()
