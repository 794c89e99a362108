"""Settings from environment variables with the ``DASHAPP_`` prefix."""

from __future__ import annotations

import hashlib
import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_REFRESH_SECONDS = 300.0
DEFAULT_DEMO_DAYS = 1000
DEFAULT_MANIFEST_SECONDS = 2.0
DEFAULT_API_REQUESTS_PER_MINUTE = 120
# Who runs the ingest: "local" (gunicorn's master starts it beside the web workers) or "external"
# (another job publishes into the snapshot directory, e.g. for a tier of several web hosts).
INGEST_MODES = ("local", "external")


class ConfigError(ValueError):
    """An environment variable holds a value the app cannot use."""


@dataclass(frozen=True)
class Config:
    """``data_dir`` None means: serve the built-in demo source."""

    data_dir: Path | None = None
    refresh_seconds: float = DEFAULT_REFRESH_SECONDS
    # A boundary file (TopoJSON or GeoJSON); None: the download cache if filled, else label points.
    boundaries: Path | None = None
    # A file of official risk levels (region_code,level,valid_from); None: indicative bands only.
    risk_levels: Path | None = None
    # Pre-render every area's header after each new snapshot (a few seconds of one core per data
    # change). Off for a plain Config() as tests and scripts build; on when read from the environment.
    warm_cache: bool = False
    demo_days: int = DEFAULT_DEMO_DAYS
    demo_dir: Path | None = None
    log_level: str = "INFO"
    # Where published snapshots live: a folder or an object-store URL (file://, s3://, gs://). None:
    # no publishing; the process builds its own snapshot in memory (tests, scripts, the export).
    snapshot_dir: str | None = None
    ingest: str = "local"
    manifest_seconds: float = DEFAULT_MANIFEST_SECONDS
    # A postcode table (postcode,municipality_code: four digits or 4 digits + 2 letters); None: the
    # search says that postcodes are not set up.
    postcodes: Path | None = None
    # The ingest renders every page part once for all web workers (``dashapp.callbacks.shared_renders``).
    # Off for a plain Config() as tests and scripts build; on when read from the environment.
    shared_renders: bool = False
    # Fair use of /api/v1: requests per client and minute; 0 switches the limit off.
    api_requests_per_minute: int = DEFAULT_API_REQUESTS_PER_MINUTE
    # Proxies whose X-Forwarded-For names the client for the fair-use limit (addresses or CIDR
    # ranges); none: the client is the address the request came from.
    trusted_proxies: tuple[str, ...] = ()

    @property
    def uses_demo(self) -> bool:
        return self.data_dir is None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Config:
        env = os.environ if environ is None else environ
        data_dir = env.get("DASHAPP_DATA_DIR", "").strip()
        demo_dir = env.get("DASHAPP_DEMO_DIR", "").strip()
        boundaries = env.get("DASHAPP_BOUNDARIES", "").strip()
        risk_levels = env.get("DASHAPP_RISK_LEVELS", "").strip()
        postcodes = env.get("DASHAPP_POSTCODES", "").strip()
        ingest = env.get("DASHAPP_INGEST", "local").strip().lower() or "local"
        if ingest not in INGEST_MODES:
            raise ConfigError(f"DASHAPP_INGEST={ingest!r} is not one of {', '.join(INGEST_MODES)}")
        config = cls(
            data_dir=Path(data_dir) if data_dir else None,
            snapshot_dir=env.get("DASHAPP_SNAPSHOT_DIR", "").strip()
            or str(default_snapshot_dir(Path(data_dir) if data_dir else None, env)),
            ingest=ingest,
            manifest_seconds=_number(env, "DASHAPP_MANIFEST_SECONDS", DEFAULT_MANIFEST_SECONDS, minimum=0.1),
            boundaries=Path(boundaries) if boundaries else None,
            risk_levels=Path(risk_levels) if risk_levels else None,
            postcodes=Path(postcodes) if postcodes else None,
            api_requests_per_minute=int(
                _number(env, "DASHAPP_API_REQUESTS_PER_MINUTE", DEFAULT_API_REQUESTS_PER_MINUTE, minimum=0)
            ),
            trusted_proxies=_networks(env, "DASHAPP_TRUSTED_PROXIES"),
            warm_cache=env.get("DASHAPP_WARM_CACHE", "1").strip() not in ("0", "false", "no", ""),
            shared_renders=env.get("DASHAPP_SHARED_RENDERS", "1").strip() not in ("0", "false", "no", ""),
            refresh_seconds=_number(env, "DASHAPP_REFRESH_SECONDS", DEFAULT_REFRESH_SECONDS, minimum=1.0),
            demo_days=int(_number(env, "DASHAPP_DEMO_DAYS", DEFAULT_DEMO_DAYS, minimum=60)),
            demo_dir=Path(demo_dir) if demo_dir else None,
            log_level=env.get("DASHAPP_LOG_LEVEL", "INFO").strip().upper() or "INFO",
        )
        if config.data_dir is not None and not config.data_dir.is_dir():
            raise ConfigError(f"DASHAPP_DATA_DIR={config.data_dir} is not a directory")
        files = (
            ("DASHAPP_BOUNDARIES", config.boundaries),
            ("DASHAPP_RISK_LEVELS", config.risk_levels),
            ("DASHAPP_POSTCODES", config.postcodes),
        )
        for name, path in files:
            if path is not None and not path.is_file():
                raise ConfigError(f"{name}={path} is not a file")
        return config


def default_snapshot_dir(data_dir: Path | None, environ: Mapping[str, str]) -> Path:
    """A folder per data source in the user's cache: the demo, or a hash of the data directory."""
    cache = environ.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
    name = "demo" if data_dir is None else hashlib.sha1(str(data_dir.resolve()).encode()).hexdigest()[:12]
    return Path(cache) / "dashapp" / "snapshots" / name


def _networks(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    """Comma-separated IP addresses and CIDR ranges, each checked."""
    entries = tuple(part.strip() for part in env.get(name, "").split(",") if part.strip())
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise ConfigError(f"{name}: {entry[:60]!r} is not an IP address or network") from None
    return entries


def _number(env: Mapping[str, str], name: str, default: float, *, minimum: float) -> float:
    text = env.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError as error:
        raise ConfigError(f"{name}={text!r} is not a number") from error
    if value < minimum:
        raise ConfigError(f"{name}={text!r} is below the minimum of {minimum:g}")
    return value
