"""Open data: the documented API under /api/v1, embeddable charts and the bulk downloads."""

from __future__ import annotations

import flask

from dashapp.api.embed import register_embeds
from dashapp.api.fair_use import FairUse
from dashapp.api.routes import register_api
from dashapp.config import Config
from dashapp.data.current import CurrentSnapshot


def register_open_data(server: flask.Flask, store: CurrentSnapshot, config: Config) -> None:
    """Add the open-data routes to ``server``."""
    per_minute = config.api_requests_per_minute
    register_api(server, store, FairUse(per_minute) if per_minute > 0 else None)
    register_embeds(server, store)
