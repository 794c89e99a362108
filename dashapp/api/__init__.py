"""Open data: the documented API under /api/v1, embeddable charts and the bulk downloads."""

from __future__ import annotations

import flask

from dashapp.api.client_address import ClientAddress, parse_networks
from dashapp.api.embed import register_embeds
from dashapp.api.fair_use import FairUse
from dashapp.api.routes import register_api
from dashapp.config import Config
from dashapp.data.current import CurrentSnapshot


def register_open_data(server: flask.Flask, store: CurrentSnapshot, config: Config) -> None:
    """Add the open-data routes to ``server``."""
    per_minute = config.api_requests_per_minute
    fair_use = FairUse(per_minute) if per_minute > 0 else None
    register_api(server, store, fair_use, ClientAddress(parse_networks(config.trusted_proxies)))
    register_embeds(server, store)
