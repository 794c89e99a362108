"""What the web side needs of a store: the current Snapshot and the reference facts.

Both ``DataStore`` (builds its own snapshot: the ingest, tests, scripts) and ``PublishedStore`` (the
web workers: loads published versions) provide it; callbacks and downloads depend on nothing more.
"""

from __future__ import annotations

from typing import Protocol

from dashapp.data.reference import Reference
from dashapp.data.snapshot import Snapshot


class CurrentSnapshot(Protocol):
    reference: Reference

    @property
    def current(self) -> Snapshot | None: ...
