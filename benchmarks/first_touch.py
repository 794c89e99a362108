"""What a phone pays for Dash, and when: at load (a mouse) or at the first touch (a touch screen).

    .venv/bin/python benchmarks/first_touch.py                     # /nl/, 5 cold loads per mode
    .venv/bin/python benchmarks/first_touch.py --runs 9 /nl/gemeente/GM0363

Lighthouse scores the load of a page; on a touch screen our page leaves Dash's scripts for the first
touch (``dashapp/web/static/start.js``), so Lighthouse does not see their cost. This measures it, in
Debian's chromium with the CPU slowed 4x (as Lighthouse's mobile preset assumes) and the cache off,
against a real gunicorn on the demo source (1,000 days), for two visitors of the same page:

- **mouse**: Dash starts at once. From the start of navigation: first contentful paint, the moment
  Dash's page takes the server's place, and the main thread's blocking time (each long task's part
  beyond 50 ms, as total blocking time counts it) from the first paint until then.
- **touch**: the server's page waits. First contentful paint and blocking time before any touch; then
  one tap (2 s after the load): from the tap, the moment Dash's page is in place and the blocking time
  in between, and the longest task (the most a tap in that time can wait for an answer). A second tap
  100 ms after the first measures its input delay (the start of its handler minus the tap).

Medians of ``--runs`` cold loads per mode. The machine's load changes every figure: compare the modes
of one run, not figures of different days.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import sources
from tests.servers import CHROMEDRIVER, CHROMIUM, gunicorn

# Installed before the page's own scripts: the long tasks and the moment Dash's page is in place.
PROBE_JS = """
window.__probe = {longTasks: [], inPlace: null, inputDelays: []};
new PerformanceObserver(function (list) {
  list.getEntries().forEach(function (task) {
    window.__probe.longTasks.push([task.startTime, task.duration]);
  });
}).observe({type: 'longtask', buffered: true});
new MutationObserver(function () {
  if (window.__probe.inPlace === null && document.body && !document.getElementById('server-page') &&
      document.getElementById('react-entry-point')) {
    window.__probe.inPlace = performance.now();
  }
}).observe(document, {childList: true, subtree: true});
addEventListener('touchstart', function (event) {
  window.__probe.inputDelays.push(performance.now() - event.timeStamp);
}, {passive: true});
"""
READ_JS = """
var paint = performance.getEntriesByName('first-contentful-paint')[0];
return {fcp: paint ? paint.startTime : null, inPlace: window.__probe.inPlace,
        longTasks: window.__probe.longTasks, inputDelays: window.__probe.inputDelays,
        now: performance.now(), dash: document.documentElement.getAttribute('data-dash')};
"""


def driver():
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)


def blocking(long_tasks: list[list[float]], start: float, end: float) -> float:
    """Total blocking time between ``start`` and ``end`` (ms): each task's part beyond 50 ms."""
    return sum(max(0.0, duration - 50) for begin, duration in long_tasks if start <= begin < end)


def longest(long_tasks: list[list[float]], start: float, end: float) -> float:
    """The longest task between ``start`` and ``end`` (ms): the most a tap in between can wait."""
    return max((duration for begin, duration in long_tasks if start <= begin < end), default=0.0)


def tap(browser, x: int = 200, y: int = 400) -> None:
    points = [{"x": x, "y": y}]
    browser.execute_cdp_cmd("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": points})
    browser.execute_cdp_cmd("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def wait(browser, condition: str, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        if browser.execute_script(f"return {condition};"):
            return browser.execute_script(READ_JS)
        if time.monotonic() > deadline:
            raise TimeoutError(f"{condition} not reached: {browser.execute_script(READ_JS)}")
        time.sleep(0.05)


def visit(browser, url: str, touch: bool) -> dict[str, float]:
    browser.execute_cdp_cmd("Network.clearBrowserCache", {})
    browser.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": touch, "maxTouchPoints": 5})
    browser.get(url)
    if not touch:
        state = wait(browser, "window.__probe.inPlace !== null")
        return {
            "first paint": state["fcp"],
            "Dash in place (from navigation)": state["inPlace"],
            "blocking until then": blocking(state["longTasks"], state["fcp"], state["inPlace"]),
        }
    time.sleep(2)
    before = browser.execute_script(READ_JS)
    assert before["dash"] == "waiting", before
    tapped = before["now"]
    tap(browser)
    time.sleep(0.1)
    tap(browser)
    state = wait(browser, "window.__probe.inPlace !== null")
    return {
        "first paint": before["fcp"],
        "blocking before a touch": blocking(before["longTasks"], before["fcp"], tapped),
        "Dash in place (from the tap)": state["inPlace"] - tapped,
        "blocking until then": blocking(state["longTasks"], tapped, state["inPlace"]),
        "longest task until then": longest(state["longTasks"], tapped, state["inPlace"]),
        "second tap waits": max(state["inputDelays"][1:] or [0.0]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("path", nargs="?", default="/nl/")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        data = scratch / "data"
        data.mkdir()
        described = sources.fill(data, None)
        with gunicorn(data, scratch / "server") as server:
            browser = driver()
            try:
                browser.execute_cdp_cmd(
                    "Emulation.setDeviceMetricsOverride",
                    {"width": 412, "height": 823, "deviceScaleFactor": 1.75, "mobile": True},
                )
                browser.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": 4})
                browser.execute_cdp_cmd("Network.enable", {})
                browser.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
                browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": PROBE_JS})
                url = server.url + args.path
                for _ in range(2):  # the workers' first renders are not what a visitor meets
                    visit(browser, url, touch=False)
                results: dict[str, list[dict[str, float]]] = {"mouse": [], "touch": []}
                for _ in range(args.runs):
                    for mode in results:
                        results[mode].append(visit(browser, url, touch=mode == "touch"))
            finally:
                browser.quit()
    print(f"{args.path}: {args.runs} cold loads per mode; {described}; CPU slowed 4x; 412 x 823 phone screen")
    for mode, runs in results.items():
        print(f"  {mode}")
        for name in runs[0]:
            values = [run[name] for run in runs]
            spread = f"(min {min(values):.0f}, max {max(values):.0f})"
            print(f"    {name:34} median {statistics.median(values):7.0f} ms   {spread}")


if __name__ == "__main__":
    main()
