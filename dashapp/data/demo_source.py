"""The demo source: raw files written by the demo generator, renewed when the date changes."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dashapp.clock import today_in_amsterdam
from dashapp.data.demo import write_demo_sources

MARKER = ".demo-written-for"  # the last day and the number of days of the files in the folder


@dataclass
class DemoSource:
    """Writes demo files ending on today's date into ``directory`` (a private temp dir by default)."""

    directory: Path | None = None
    days: int = 1000
    today: Callable[[], date] = today_in_amsterdam
    demo: bool = field(default=True, init=False)
    _written_for: date | None = field(default=None, init=False, repr=False)

    def prepare(self) -> Path:
        if self.directory is None:
            self.directory = Path(tempfile.mkdtemp(prefix="dashapp-demo-"))
        end = self.today()
        if self._written_for != end:
            marker = self.directory / MARKER
            wanted = f"{end.isoformat()}|{self.days}"
            # A new process (the ingest restarted) keeps the files already written for today, so
            # that their signatures stay the same and they are not read again.
            if not marker.is_file() or marker.read_text() != wanted:
                self._write(end)
                marker.write_text(wanted)
            self._written_for = end
        return self.directory

    def _write(self, end: date) -> None:
        """Write into a scratch folder, then move each file in with an atomic rename."""
        assert self.directory is not None
        self.directory.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=".writing-", dir=self.directory))
        try:
            written = write_demo_sources(scratch, end, days=self.days)
            names = {path.name for path in written}
            for path in written:
                os.replace(path, self.directory / path.name)
            for old in self.directory.iterdir():
                if old.is_file() and old.name not in names and old.name != MARKER:
                    old.unlink()
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
