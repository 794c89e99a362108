"""What gunicorn's master does once, before it forks the web workers (``when_ready`` in gunicorn.conf.py).

Work done here is shared copy-on-write by every worker instead of being repeated in each: Dash's
first-request set-up (its script and stylesheet tags, the callback list, the layout check), the
published snapshot's load path (``prime``), and a full collection followed by ``gc.freeze`` so that
the workers' collections never write to the pages of what the master allocated.

Measured with four forked workers on the demo snapshot (``benchmarks/bench_workers.py``): Dash's
set-up cost each worker about 2–3 MB of its own memory and 15–30 ms on its first request.
Nothing here loads data, starts a thread or renders a page: that happens in each worker after the
fork (``post_worker_init``).
"""

from __future__ import annotations

import gc

import flask
from dash import Dash

from dashapp.data.published import prime
from dashapp.data.reference import load_reference

DASH_KEY = "dashapp_dash_app"


def prepare_for_workers(server: flask.Flask) -> None:
    app = server.extensions.get(DASH_KEY)
    if isinstance(app, Dash):
        # Dash runs this on its first request; the flag it sets makes the workers skip it.
        with server.test_request_context("/"):
            app._setup_server()
    prime(load_reference())
    gc.collect()
    gc.freeze()
