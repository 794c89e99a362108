"""On a touch screen the server's page is the first screen and Dash starts at the first touch or key.

A phone visitor who only wants the answer reads it from the server's HTML without fetching or running
Dash's scripts; the first touch (or key) fetches them, and Dash's page then takes the server's place.
With a mouse, Dash starts at once. Touch is emulated as Lighthouse's mobile preset does it
(``Emulation.setTouchEmulationEnabled``), which makes ``(hover: none) and (pointer: coarse)`` match.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.browser.conftest import PHONE, DashboardBrowser

pytestmark = pytest.mark.browser

STATE_JS = """
return {dash: document.documentElement.getAttribute('data-dash'),
        renderer: typeof window.DashRenderer,
        served: !!document.getElementById('server-page'),
        glance: Array.prototype.map.call(document.querySelectorAll('#server-page .glance-value'),
                                         function (e) { return e.innerText.trim(); })};
"""
# Dash's scripts that a waiting page must not have fetched.
DASH_SCRIPTS = ("react-dom", "dash_renderer", "plotly-basic", "dash_core_components")


@pytest.fixture
def touch_browser(browser: DashboardBrowser) -> Iterator[DashboardBrowser]:
    """The session's chromium as a phone with a touch screen (set back to a mouse afterwards)."""
    browser.set_viewport(PHONE)
    browser.driver.execute_cdp_cmd(
        "Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5}
    )
    try:
        yield browser
    finally:
        browser.driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": False})


def tap(browser: DashboardBrowser, x: int, y: int) -> None:
    points = [{"x": x, "y": y}]
    browser.driver.execute_cdp_cmd("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": points})
    browser.driver.execute_cdp_cmd("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def open_waiting(browser: DashboardBrowser, path: str) -> dict:
    browser.driver.get(browser.url(path))
    browser.wait_until(lambda: browser.js(STATE_JS)["dash"], "start.js ran")
    # Long enough for Dash to have started, had it been going to without a touch.
    time.sleep(1.5)
    return browser.js(STATE_JS)


@pytest.mark.parametrize(
    "path", ["/nl/", "/en/veiligheidsregio/VR02", "/nl/gemeente/GM0796"], ids=["nl", "region", "gm"]
)
def test_a_phone_reads_the_servers_page_without_fetching_dash_until_touched(touch_browser, path):
    state = open_waiting(touch_browser, path)
    assert state["dash"] == "waiting"
    assert state["renderer"] == "undefined"
    assert state["served"]
    assert state["glance"] and all(any(c.isdigit() for c in value) for value in state["glance"]), state
    fetched = [url for name in DASH_SCRIPTS for url in touch_browser.requested(name)]
    assert not fetched, f"fetched before any touch: {fetched}"

    tap(touch_browser, 200, 400)
    touch_browser.wait_for_callbacks()  # the server's page has been replaced by Dash's
    assert touch_browser.js(STATE_JS)["dash"] == "started"
    # The same key figures, now in Dash's page.
    shown = touch_browser.js(
        "return Array.prototype.map.call(document.querySelectorAll('#glance .glance-value'),"
        " function (e) { return e.innerText.trim(); });"
    )
    assert shown == state["glance"]
    touch_browser.assert_healthy()


def test_a_key_starts_dash_as_a_touch_does(touch_browser):
    from selenium.webdriver.common.keys import Keys

    assert open_waiting(touch_browser, "/en/")["dash"] == "waiting"
    touch_browser.press(Keys.TAB)
    touch_browser.wait_for_callbacks()
    assert touch_browser.js(STATE_JS)["dash"] == "started"
    touch_browser.assert_healthy()


def test_with_a_mouse_dash_starts_without_waiting(browser):
    browser.set_viewport(PHONE)  # a narrow window on a computer is not a touch screen
    browser.open("/nl/")
    state = browser.js(STATE_JS)
    assert state["dash"] == "started"
    assert state["renderer"] == "function"
    assert not state["served"]


PICTURES_JS = """
return Array.prototype.map.call(document.querySelectorAll('#server-page .chart-picture'), function (img) {
  var box = img.getBoundingClientRect();
  return {src: img.getAttribute('src'), loaded: img.complete && img.naturalWidth > 0,
          shown: box.width > 0 && box.height > 0, top: box.top};
});
"""


def test_until_the_first_touch_charts_are_the_servers_pictures(touch_browser):
    # A tall phone screen: the first cards are in view without scrolling (a scroll would start Dash).
    touch_browser.driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 390, "height": 3000, "deviceScaleFactor": 1, "mobile": True},
    )
    assert open_waiting(touch_browser, "/nl/gemeente/GM0796")["dash"] == "waiting"
    # The browser fetches the pictures near the screen (the first chart is a little below it).
    loaded = touch_browser.wait_until(
        lambda: [p for p in touch_browser.js(PICTURES_JS) if p["loaded"]], "the first picture is drawn"
    )
    pictures = touch_browser.js(PICTURES_JS)
    assert loaded[0]["src"] == pictures[0]["src"]
    assert all(picture["shown"] for picture in pictures)
    assert touch_browser.requested(".svg?range=")


def test_with_a_mouse_no_picture_is_fetched(browser):
    browser.driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1280, "height": 3000, "deviceScaleFactor": 1, "mobile": False},
    )
    browser.open("/nl/gemeente/GM0796")
    assert not browser.requested(".svg?range=")


CARD_TOPS_JS = """
var root = document.getElementById(arguments[0] ? 'server-page' : 'react-entry-point');
var tops = {};
Array.prototype.forEach.call(root.querySelectorAll('section.chart-card[id]'), function (card) {
  tops[card.id] = Math.round(card.getBoundingClientRect().top + window.scrollY);
});
return tops;
"""


@pytest.mark.parametrize("path", ["/nl/", "/en/gemeente/GM0796"], ids=["nl", "gm"])
def test_nothing_moves_when_dashs_page_takes_the_servers_place(touch_browser, path):
    touch_browser.driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True},
    )
    assert open_waiting(touch_browser, path)["dash"] == "waiting"
    served = touch_browser.js(CARD_TOPS_JS, True)
    assert len(served) >= 3
    tap(touch_browser, 200, 400)
    touch_browser.wait_for_callbacks()
    dash = touch_browser.js(CARD_TOPS_JS, False)
    assert dash.keys() == served.keys()
    moved = {card: (served[card], dash[card]) for card in served if abs(served[card] - dash[card]) > 2}
    assert not moved, f"cards that moved (server's page, Dash's page): {moved}"
