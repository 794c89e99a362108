"""The ingest's side of ``shared_renders``: render every page part of a published version once.

Run by ``python -m dashapp ingest`` after each run: for the version the manifest names and today's
date it renders what each worker would otherwise render ahead on its own (``router.warm``) and the
server HTML of every page, from the version as the workers load it, and writes the renders file.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import date

from dashapp.callbacks.first_paint import cached_page_html
from dashapp.callbacks.render_cache import RenderCache
from dashapp.callbacks.router import RenderingStopped, warm
from dashapp.callbacks.shared_renders import collect, file_name, pack, render_release
from dashapp.clock import today_in_amsterdam
from dashapp.content import PAGE_SLUGS
from dashapp.data import published
from dashapp.data.reference import Reference
from dashapp.data.repository import SnapshotRepository
from dashapp.data.snapshot import Snapshot
from dashapp.i18n import LANGUAGES, use_language
from dashapp.layouts.map_view import MapView
from dashapp.routes import PAGE, Route, path_for

log = logging.getLogger(__name__)

UNLIMITED = 10**9
# How long the background renderer waits for a newer version before it renders the newest.
SETTLE_SECONDS = 3.0


Areas = Mapping[str, Iterable[str]]


def page_routes(snapshot: Snapshot, language: str, areas: Areas | None = None) -> list[Route]:
    """Every page with an address of its own: the country, each level's index and each area (or
    those of ``areas``, level -> codes), and the explanatory pages."""
    reference = snapshot.reference
    regions = reference.regions if areas is None else areas.get("vr", ())
    municipalities = reference.municipalities if areas is None else areas.get("gm", ())
    return [
        Route(language, "nl"),
        Route(language, "vr"),
        Route(language, "gm"),
        *(Route(language, "vr", code) for code in regions),
        *(Route(language, "gm", code) for code in municipalities),
        *(Route(language, PAGE, slug) for slug in PAGE_SLUGS),
    ]


def render_everything(
    snapshot: Snapshot,
    map_view: MapView | None,
    today: date,
    languages: Iterable[str] = LANGUAGES,
    areas: Areas | None = None,
    stop: Callable[[], bool] | None = None,
) -> dict[str, bytes]:
    """Compressed texts by key text: what the workers' render caches would hold after warming, plus
    every page's HTML. Needs an application and request context (Flask-Babel). Raises
    ``RenderingStopped`` as soon as ``stop()`` says so (it is asked after each area and page)."""
    pages = RenderCache(entries=UNLIMITED, name="pages")
    charts = RenderCache(entries=UNLIMITED, name="charts")
    languages = tuple(languages)
    warm(pages, snapshot, map_view, today, languages, charts=charts, areas=areas, stop=stop)
    for language in languages:
        with use_language(language):
            for route in page_routes(snapshot, language, areas):
                if stop is not None and stop():
                    raise RenderingStopped
                path = path_for(route.language, route.level, route.code)
                cached_page_html(route, path, snapshot, snapshot.reference, map_view, pages, today)
    return collect([(pages.name, pages), (charts.name, charts)])


class RendersWriter:
    """After each run of the ingest: the renders file of the current version and day, unless the
    repository holds it already. Never raises: without the file the workers render themselves."""

    def __init__(
        self,
        repository: SnapshotRepository,
        reference: Reference,
        map_view: MapView | None,
        today: Callable[[], date] = today_in_amsterdam,
        release: str | None = None,
        languages: Iterable[str] = LANGUAGES,
        areas: Areas | None = None,
    ):
        self.languages = tuple(languages)
        self.areas = areas
        self.repository = repository
        self.reference = reference
        self.map_view = map_view
        self.today = today
        self.release = release or render_release(map_view)

    def render(self, version: str, stop: Callable[[], bool] | None = None) -> str | None:
        """Write the file for ``version`` if needed; returns its name (None when it failed or
        ``stop()`` said, while rendering, that it is no longer wanted)."""
        day = self.today()
        name = file_name(version, self.release, day)
        try:
            if self.repository.has_renders(name):
                return name
            started = time.perf_counter()
            from dashapp.app import translated_server

            snapshot = published.load(self.repository.local_version(version), self.reference)
            server = translated_server()
            with server.app_context(), server.test_request_context("/"):
                entries = render_everything(snapshot, self.map_view, day, self.languages, self.areas, stop)
            data = pack(entries)
            self.repository.write_renders(name, data)
            log.info(
                "rendered %d page parts of version %s for every worker in %.1f s (%.1f MB)",
                len(entries),
                version,
                time.perf_counter() - started,
                len(data) / 1e6,
            )
            return name
        except RenderingStopped:
            log.info("rendering version %s stopped: a newer version came", version)
            return None
        except Exception:
            log.exception("the renders of version %s were not written; workers render themselves", version)
            return None


class BackgroundRenders:
    """A ``RendersWriter`` in a thread of its own, so that rendering (tens of seconds of one core)
    never delays the next publish. It always renders the newest version it was given: it waits until
    no newer one has come for ``settle`` seconds before it starts, and stops rendering a version as
    soon as a newer one comes, so that versions published in quick succession (a burst of changed
    files) cost one rendering, not one each, of the CPU the web workers need."""

    def __init__(self, writer: RendersWriter, settle: float = SETTLE_SECONDS):
        self.writer = writer
        self.settle = settle
        self._wanted: str | None = None
        self._changed = threading.Condition()
        self._busy = False
        self._thread = threading.Thread(target=self._run, name="shared-renders", daemon=True)
        self._thread.start()

    def __call__(self, version: str) -> None:
        with self._changed:
            self._wanted = version
            self._changed.notify_all()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Until the newest version given is rendered (for ``--once``); False on timeout."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._changed:
            while self._wanted is not None or self._busy:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self._changed.wait(left)
        return True

    def _newer_wanted(self) -> bool:
        return self._wanted is not None  # read without the lock: one assignment, checked often

    def _next_version(self) -> str:
        """The version to render once none newer has come for ``settle`` seconds."""
        with self._changed:
            while self._wanted is None:
                self._changed.wait()
            self._busy = True
            while True:
                wanted = self._wanted
                settled = time.monotonic() + self.settle
                while self._wanted == wanted and (left := settled - time.monotonic()) > 0:
                    self._changed.wait(left)
                if self._wanted == wanted:
                    self._wanted = None
                    return wanted

    def _run(self) -> None:
        while True:
            version = self._next_version()
            try:
                self.writer.render(version, stop=self._newer_wanted)
            finally:
                with self._changed:
                    self._busy = False
                    self._changed.notify_all()
