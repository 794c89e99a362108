"""gunicorn settings. Override with the usual GUNICORN_CMD_ARGS or DASHAPP_BIND / DASHAPP_WORKERS /
DASHAPP_THREADS.

One deployment = this master, its web workers and (unless DASHAPP_INGEST=external) one ingest
process that the master starts and restarts (dashapp/supervisor.py). The ingest publishes snapshots
into DASHAPP_SNAPSHOT_DIR; the workers only load what it published.
"""

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
    """Move everything the preloaded app allocated out of the garbage collector's sight before the
    workers are forked: otherwise each collection in a worker writes to those objects' pages and
    the workers stop sharing them (copy-on-write)."""
    import gc

    from dashapp.data.published import prime
    from dashapp.data.reference import load_reference

    prime(load_reference())
    gc.collect()
    gc.freeze()


def post_worker_init(worker):
    """Load the published version and start watching the manifest, in the worker (after the fork)."""
    from dashapp.app import STORE_KEY

    worker.wsgi.extensions[STORE_KEY].start()


def on_exit(server):
    if _supervisor is not None:
        _supervisor.stop()
