"""The browser tests' world: one real gunicorn and one headless Debian chromium for the whole session.

gunicorn runs the repository's ``gunicorn.conf.py`` (2 workers, no control socket) on a free port
with the small demo data directory of ``tests/conftest.py``. Chromium is driven by selenium (from
``dash[testing]``) with ``/usr/bin/chromedriver``; it downloads nothing and needs no internet.

``DashboardBrowser`` wraps the driver with what the tests need: open a page and wait until Dash has
run every callback, read a KPI tile, move by keyboard, take a screenshot, run axe-core. Every page
is checked for SEVERE console messages and for requests to any host but the test server (chromium's
performance log, ``Network.requestWillBeSent``): after it loads, and again when the test ends.

Every test in this folder is marked ``browser`` and skipped, saying why, without chromium or
chromedriver. Screenshots go to ``artifacts/screenshots/`` (gitignored).
"""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.servers import (
    AXE_JS,
    CHROMEDRIVER,
    CHROMIUM,
    REPO,
    Server,
    ServerFailed,
    gunicorn,
    missing_browser_binaries,
)

SCREENSHOTS = REPO / "artifacts" / "screenshots"
BROWSER_DIR = Path(__file__).resolve().parent

# Debian chromium offline (dash-engineering.md section 4.1): no background traffic of its own, so that
# every request the performance log shows comes from the page.
CHROMIUM_ARGUMENTS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--disable-default-apps",
    "--no-first-run",
    "--window-size=1280,900",
)
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice")
WAIT_SECONDS = 30


@dataclass(frozen=True)
class Viewport:
    name: str
    width: int
    height: int
    mobile: bool


DESKTOP = Viewport("desktop", 1280, 900, mobile=False)
PHONE = Viewport("phone", 390, 844, mobile=True)


def pytest_collection_modifyitems(config, items):
    """Mark every test of this folder ``browser``; skip them all when chromium or chromedriver is absent."""
    missing = missing_browser_binaries()
    skip = pytest.mark.skip(reason=browser_skip_reason(missing))
    for item in items:
        if BROWSER_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)
            if missing:
                item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    """Every axe finding of the run by rule and outcome, with its pages (the tests record them as the
    ``axe`` property: {"path": ..., "outcomes": {outcome: [line, ...]}})."""
    by_rule: dict[tuple[str, str], list[str]] = {}
    pages = 0
    reports = [report for kept in terminalreporter.stats.values() for report in kept]
    for report in reports:
        if getattr(report, "when", None) != "call":
            continue
        for name, value in report.user_properties:
            if name != "axe":
                continue
            pages += 1
            for outcome, lines in value["outcomes"].items():
                for line in lines:
                    by_rule.setdefault((outcome, line.split(" ", 1)[0]), []).append(value["path"])
    if not pages:
        return
    terminalreporter.write_sep("-", f"axe-core findings on {pages} pages (details: artifacts/axe/*.json)")
    for (outcome, rule), paths in sorted(by_rule.items()):
        terminalreporter.write_line(f"{outcome:11} {rule}: {len(paths)} page(s): {' '.join(paths)}")


# --- the server ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def server(demo_data_dir, tmp_path_factory) -> Iterator[Server]:
    """``gunicorn -c gunicorn.conf.py wsgi:server`` with 2 workers on the demo data directory."""
    folder = tmp_path_factory.mktemp("browser-gunicorn")
    settings = {
        # No refresh while the tests run: the figures on screen stay those of the export.
        "DASHAPP_REFRESH_SECONDS": "3600",
        # The same map on every machine: no boundary file from the user's cache or environment.
        "XDG_CACHE_HOME": str(folder / "cache"),
        "DASHAPP_BOUNDARIES": "",
    }
    try:
        with gunicorn(demo_data_dir, folder, env=settings) as running:
            yield running
    except ServerFailed as error:
        pytest.fail(str(error))


# --- the export the screen must agree with --------------------------------------------------------


Exported = dict[tuple[str, str], dict[str, float]]


@pytest.fixture(scope="session")
def exported(demo_data_dir) -> Exported:
    """``python -m dashapp export`` of the areas the journeys read: {(area, indicator): {date: value}}."""
    requests = (("nl", "NL"), ("gm", "GM0796"))
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "dashapp",
                "export",
                "--level",
                level,
                "--code",
                code,
                "--data-dir",
                str(demo_data_dir),
            ],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for level, code in requests
    ]
    series: Exported = {}
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        for row in csv.DictReader(io.StringIO(out)):
            series.setdefault((row["area_code"], row["indicator"]), {})[row["date"]] = float(row["value"])
    return series


# --- the browser -----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def download_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("browser-downloads")


def browser_skip_reason(missing: list[str]) -> str:
    return (
        f"Debian's chromium and chromedriver are needed ({', '.join(missing)} missing; "
        "`.ci/run` installs them with apt-get)"
    )


def skip_without_browser() -> None:
    """For fixtures that other folders may use: this folder's tests are skipped at collection."""
    missing = missing_browser_binaries()
    if missing:
        pytest.skip(browser_skip_reason(missing))


@pytest.fixture(scope="session")
def chromium(download_dir):
    """One headless chromium for the whole session."""
    skip_without_browser()
    driver = _chromium_driver()
    try:
        driver.set_page_load_timeout(60)
        driver.set_script_timeout(60)
        driver.execute_cdp_cmd(
            "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(download_dir)}
        )
        # Bootstrap scrolls smoothly unless the user prefers reduced motion; an animated scroll moves
        # the element a click aims at, so ask for instant scrolling.
        driver.execute_cdp_cmd(
            "Emulation.setEmulatedMedia",
            {"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]},
        )
        yield driver
    finally:
        driver.quit()


def _chromium_driver(preferences: dict | None = None):
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    for argument in CHROMIUM_ARGUMENTS:
        options.add_argument(argument)
    if preferences:
        options.add_experimental_option("prefs", preferences)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)


@pytest.fixture(scope="session")
def chromium_without_javascript():
    """A second headless chromium whose settings block JavaScript on every site, as a visitor can."""
    skip_without_browser()
    driver = _chromium_driver({"profile.managed_default_content_settings.javascript": 2})
    try:
        driver.set_page_load_timeout(60)
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def browser(chromium, server, download_dir) -> Iterator[DashboardBrowser]:
    """The session's chromium, at desktop size, with no page open; checked for errors at the end."""
    for stale in download_dir.iterdir():
        stale.unlink()
    dashboard = DashboardBrowser.fresh(chromium, server, download_dir)
    yield dashboard
    dashboard.assert_healthy()


# Dash is idle: the renderer has its layout, no callback is requested, prioritised, executing or
# watched, the router has filled the header, and every visible graph has been drawn.
SETTLED_JS = """
var state = window.store && window.store.getState();
if (!state || !state.layout) { return false; }
var callbacks = Object.assign({}, state.callbacks);
delete callbacks.stored;
delete callbacks.completed;
var pending = [].concat.apply([], Object.values(callbacks)).length;
var header = document.getElementById('header-slot');
if (pending > 0 || !header || header.children.length === 0) { return false; }
// Dash's page has taken the place of the server's (assets/app.js).
if (document.getElementById('server-page')) { return false; }
return Array.prototype.every.call(document.querySelectorAll('.dash-graph'), function (graph) {
  return graph.offsetParent === null || graph.querySelector('.main-svg') !== null;
});
"""

GRAPHS_FIT_JS = """
return Array.prototype.every.call(document.querySelectorAll('.js-plotly-plot'), function (gd) {
  return gd.offsetParent === null || !gd._fullLayout || Math.abs(gd._fullLayout.width - gd.clientWidth) <= 2;
});
"""

# Graphs drawn taller than the box the page gives them: the drawing spills over what follows.
SPILLING_GRAPHS_JS = """
return Array.prototype.filter.call(document.querySelectorAll('.js-plotly-plot'), function (gd) {
  var box = gd.getBoundingClientRect().height;
  return gd.offsetParent !== null && gd._fullLayout && box + 2 < gd._fullLayout.height;
}).map(function (gd) {
  var graph = gd.closest('.dash-graph'), card = gd.closest('section[id]');
  var drawn = Math.round(gd._fullLayout.height), box = Math.round(gd.getBoundingClientRect().height);
  return (card ? '#' + card.id + ' ' : '') + (graph && graph.id ? graph.id : '.js-plotly-plot') +
    ': drawn ' + drawn + ' px tall in a ' + box + ' px box';
});
"""

# Plotly's computed points (``calcdata``): what is drawn, whatever the figure's encoding (x0/dx, typed
# arrays). Dates on a date axis are milliseconds since 1970 in UTC.
CHART_TRACES_JS = """
var gd = document.querySelector(arguments[0] + ' .js-plotly-plot');
if (!gd || !gd.calcdata || !gd._fullData) { return null; }
return gd._fullData.map(function (trace, i) {
  var points = (gd.calcdata[i] || []).filter(function (p) { return p && p.x !== undefined; });
  return {type: trace.type, name: trace.name, visible: trace.visible,
          points: points.map(function (p) {
            var x = typeof p.x === 'number' ? new Date(p.x).toISOString().slice(0, 10) : p.x;
            return [x, p.y];
          })};
});
"""

ACTIVE_JS = """
var e = document.activeElement;
if (!e) { return null; }
return {tag: e.tagName.toLowerCase(), id: e.id, cls: String(e.className || ''), type: e.type || '',
        text: (e.innerText || e.value || '').trim().slice(0, 80), href: e.getAttribute('href') || '',
        value: e.value || '', expanded: e.getAttribute('aria-expanded'),
        card: (e.closest('section.chart-card') || {}).id || ''};
"""

RUN_AXE_JS = """
var done = arguments[arguments.length - 1];
var context = arguments[0] || document, tags = arguments[1], marks = arguments[2];
axe.run(context, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}).then(function (result) {
  // Rules that threw on this page (axe reports them as "incomplete" with this message and checks no
  // further element for them): reported as not checked.
  var errored = result.incomplete.filter(function (rule) {
    return rule.nodes.some(function (node) {
      return node.any.concat(node.all, node.none).some(function (check) {
        return /Axe encountered an error/.test(check.message);
      });
    });
  });
  done(result.violations.concat(errored.map(function (rule) {
    return Object.assign({}, rule, {impact: 'error'});
  })).map(function (violation) {
    return {
      id: violation.id, impact: violation.impact, tags: violation.tags, help: violation.help,
      nodes: violation.nodes.map(function (node) {
        var element = null;
        try { element = document.querySelector(node.target[0]); } catch (error) { element = null; }
        return {
          target: node.target.join(' '), html: node.html.slice(0, 300), impact: node.impact,
          summary: (node.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 300),
          marks: Object.keys(marks).filter(function (key) { return element && element.matches(marks[key]); })
        };
      })
    };
  }));
}).catch(function (error) { done({error: String(error)}); });
"""


class DashboardBrowser:
    """Chromium on the test server, with the waits and checks every journey needs."""

    def __init__(self, driver, server: Server, download_dir: Path):
        self.driver = driver
        self.server = server
        self.download_dir = download_dir
        self._console: list[dict] = []
        self._requests: list[str] = []

    @classmethod
    def fresh(cls, driver, server: Server, download_dir: Path) -> DashboardBrowser:
        """At desktop size on a blank page, with what earlier tests' pages logged left behind."""
        browser = cls(driver, server, download_dir)
        browser.set_viewport(DESKTOP)
        driver.get("about:blank")
        browser._console.clear()
        browser._requests.clear()
        browser.drain_logs()
        browser._console.clear()
        browser._requests.clear()
        return browser

    # navigation and waiting

    def url(self, path: str) -> str:
        return self.server.url + path

    @property
    def path(self) -> str:
        parts = urlsplit(self.driver.current_url)
        return parts.path

    def open(self, path: str, *, status: int = 200, ready: str | None = None) -> None:
        """Load ``path`` as a new page, wait until Dash is idle (and ``ready`` is present), check it.

        The check covers everything since the previous one: console errors and foreign requests of
        the page left behind as well as of this one. ``status`` 404 admits chromium's console line
        about the page's own 404.
        """
        self.assert_healthy()
        self.driver.get(self.url(path))
        self.wait_for_callbacks()
        if ready:
            self.wait_for(ready)
        allowed = ()
        if status == 404:
            allowed = (re.escape(self.url(path)) + r" - Failed to load resource: .*status of 404",)
        self.assert_healthy(allowed_errors=allowed)

    def wait_until(self, condition: Callable[[], object], message: str, timeout: float = WAIT_SECONDS):
        """Poll ``condition`` until it returns something truthy, and return that. An element that Dash
        replaced or has not rendered yet while the condition looked at it counts as "not yet"."""
        from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException

        deadline = time.monotonic() + timeout
        while True:
            try:
                value = condition()
            except (NoSuchElementException, StaleElementReferenceException):
                value = None
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout} s: {message} (at {self.driver.current_url})")
            time.sleep(0.1)

    def wait_for_callbacks(self, timeout: float = WAIT_SECONDS) -> None:
        """Wait until Dash is idle twice in a row, 0.1 s apart (a callback may trigger the next)."""
        calm = [0]

        def settled() -> bool:
            calm[0] = calm[0] + 1 if self.js(SETTLED_JS) else 0
            return calm[0] >= 2

        self.wait_until(settled, "Dash to finish its callbacks", timeout)

    def wait_for(self, css: str, timeout: float = WAIT_SECONDS):
        return self.wait_until(lambda: self.find_all(css), f"an element {css!r}", timeout)[0]

    def wait_for_path(self, path: str, timeout: float = WAIT_SECONDS) -> None:
        """Wait for a navigation inside the app to ``path`` and its callbacks, then check the page."""
        self.wait_until(lambda: self.path == path, f"the address to become {path}", timeout)
        self.wait_for_callbacks()
        self.assert_healthy()

    def wait_for_graph_sizes(self, timeout: float = 10) -> None:
        """Wait until every visible graph has been laid out at its container's current width."""
        self.wait_until(lambda: self.js(GRAPHS_FIT_JS), "the graphs to be redrawn at the new width", timeout)

    # reading the page

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    def find(self, css: str):
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css: str) -> list:
        from selenium.webdriver.common.by import By

        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def text(self, css: str) -> str:
        return self.find(css).text.strip()

    def chart_traces(self, card: str) -> list[dict]:
        """What the graph in ``card`` draws: per trace its type, name and points (dates as ISO days)."""
        traces = self.js(CHART_TRACES_JS, card)
        assert traces is not None, f"no drawn graph in {card}"
        return traces

    def spilling_graphs(self) -> list[str]:
        """Graphs whose drawing is taller than their box on the page (so it covers what follows)."""
        return self.js(SPILLING_GRAPHS_JS)

    def horizontal_overflow(self) -> int:
        """How many CSS pixels the page is wider than the window (0: no horizontal scrolling)."""
        return self.js("return document.documentElement.scrollWidth - window.innerWidth")

    def kpi(self, indicator: str) -> dict[str, str]:
        """The texts of KPI tile ``section#kpi-<indicator>``: value, value_of, obtained_on, change."""
        tile = f"section#kpi-{indicator}"
        self.wait_for(f"{tile} .kpi-value")
        parts = {"value": ".kpi-value", "value_of": ".kpi-value-of", "obtained_on": ".kpi-obtained-on"}
        texts = {name: self.text(f"{tile} {css}") for name, css in parts.items()}
        change = self.find_all(f"{tile} .kpi-change")
        texts["change"] = change[0].text.strip() if change else ""
        return texts

    def kpi_value(self, indicator: str) -> str:
        """The number shown in the tile (without its unit)."""
        return self.js(
            "var p = document.querySelector(arguments[0]);"
            "return Array.from(p.childNodes).filter(function (n) { return n.nodeType === Node.TEXT_NODE; })"
            ".map(function (n) { return n.textContent; }).join('').trim();",
            f"section#kpi-{indicator} .kpi-value",
        )

    def active(self) -> dict:
        """What has the keyboard focus: tag, id, cls, type, text, href, value, expanded, and the id of
        the chart card it is in (``card``)."""
        return self.js(ACTIVE_JS) or {}

    # keyboard

    def press(self, *keys) -> None:
        from selenium.webdriver.common.action_chains import ActionChains

        ActionChains(self.driver).send_keys(*keys).perform()

    def tab_to(self, matches: Callable[[dict], bool], what: str, limit: int = 80) -> dict:
        """Press Tab until the focused element ``matches``; fail after ``limit`` presses."""
        from selenium.webdriver.common.keys import Keys

        seen = []
        for _ in range(limit):
            self.press(Keys.TAB)
            focused = self.active()
            if matches(focused):
                return focused
            seen.append(f"{focused.get('tag')}#{focused.get('id')}.{focused.get('cls')}")
        raise AssertionError(f"{what} was not reached in {limit} presses of Tab; focus went: {seen}")

    # checks

    def drain_logs(self) -> None:
        self._console += self.driver.get_log("browser")
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                self._requests.append(message["params"]["request"]["url"])

    def console_errors(self, allowed: tuple[str, ...] = ()) -> list[str]:
        """SEVERE console messages since the last check, except those matching an ``allowed`` pattern."""
        self.drain_logs()
        severe = [entry["message"] for entry in self._console if entry["level"] == "SEVERE"]
        return [message for message in severe if not any(re.search(p, message) for p in allowed)]

    def foreign_requests(self) -> list[str]:
        """Requests since the last check to anything but the test server (data: and blob: URLs aside)."""
        self.drain_logs()
        return [
            url
            for url in self._requests
            if urlsplit(url).scheme not in ("data", "blob", "about")
            and (urlsplit(url).scheme != "http" or urlsplit(url).netloc != self.server.netloc)
        ]

    def requested(self, fragment: str) -> list[str]:
        """The URLs requested since the last check that contain ``fragment``."""
        self.drain_logs()
        return [url for url in self._requests if fragment in url]

    def assert_healthy(self, allowed_errors: tuple[str, ...] = ()) -> None:
        """No SEVERE console message and no request off the test server since the last check."""
        errors = self.console_errors(allowed_errors)
        foreign = self.foreign_requests()
        self._console.clear()
        self._requests.clear()
        assert not errors, f"console errors on {self.driver.current_url}: {errors}"
        assert not foreign, f"requests to other hosts than {self.server.netloc}: {foreign}"

    # artefacts

    def set_viewport(self, viewport: Viewport) -> None:
        """Emulate a screen of this size (a phone with ``mobile``: the viewport meta tag applies)."""
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {
                "width": viewport.width,
                "height": viewport.height,
                "deviceScaleFactor": 1,
                "mobile": viewport.mobile,
            },
        )

    def screenshot(self, name: str) -> Path:
        """The whole page (not only the viewport) as ``artifacts/screenshots/<name>.png``."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shot = self.driver.execute_cdp_cmd(
            "Page.captureScreenshot",
            {"format": "png", "captureBeyondViewport": True, "optimizeForSpeed": True},
        )
        path = SCREENSHOTS / f"{name}.png"
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def axe(self, context=None, marks: dict[str, str] | None = None) -> list[dict]:
        """axe-core's violations of the WCAG 2.0/2.1 A and AA rules and of its best practices.

        ``context`` is an axe context (None: the whole document). ``marks`` names CSS selectors; each
        node of a violation lists the names of those its element matches (used by allow-lists). A rule
        that axe could not evaluate on this page comes back with impact ``"error"``.
        """
        if not AXE_JS.exists():
            pytest.skip(f"axe-core is not installed ({AXE_JS} is missing; scripts/setup.sh runs npm ci)")
        if not self.js("return typeof window.axe === 'object' && typeof window.axe.run === 'function'"):
            self.driver.execute_script(AXE_JS.read_text())
        result = self.driver.execute_async_script(RUN_AXE_JS, context, list(AXE_TAGS), marks or {})
        if isinstance(result, dict):
            raise AssertionError(f"axe-core failed on {self.driver.current_url}: {result.get('error')}")
        return result

    def downloaded(self, pattern: str = "*.csv", timeout: float = WAIT_SECONDS) -> Path:
        """The one file matching ``pattern`` that chromium saved in the (per test) download folder."""

        def complete() -> list[Path]:
            if list(self.download_dir.glob("*.crdownload")):
                return []
            return sorted(self.download_dir.glob(pattern))

        files = self.wait_until(complete, f"chromium to save a file {pattern}", timeout)
        assert len(files) == 1, f"expected one download, found {files}"
        return files[0]
