"""The maps are drawn only when they come into view: the page first holds an empty box of the map's
height; near the screen the map is drawn, for the area the URL names at that moment; a move to
another area while the map is shown only moves the highlight."""

from __future__ import annotations

import json

import pytest

from tests.browser.conftest import PHONE

pytestmark = pytest.mark.browser

TRACES = "return document.querySelectorAll(arguments[0] + ' .scatterlayer .trace').length"
VIEW = (
    "var gd = document.querySelector('#area-map .js-plotly-plot');"
    "return JSON.stringify([gd.layout.shapes, gd.layout.xaxis.range, gd.layout.yaxis.range])"
)
# Every callback request's body from here on, to see which callbacks a move fires.
RECORD_REQUESTS = """
window.sentBodies = [];
var sending = window.fetch;
window.fetch = function (resource, init) {
  if (init && typeof init.body === 'string') { window.sentBodies.push(init.body); }
  return sending(resource, init);
};
"""
MOVE = (
    "window.history.pushState({}, '', arguments[0]);"
    "window.dispatchEvent(new CustomEvent('_dashprivate_pushstate'))"
)


def traces(browser, graph: str) -> int:
    return browser.js(TRACES, graph)


def scroll_to(browser, css: str) -> None:
    browser.js("document.querySelector(arguments[0]).scrollIntoView({block: 'center'})", css)


def drawn_view(browser) -> list:
    scroll_to(browser, "#area-map")
    browser.wait_until(lambda: traces(browser, "#area-map") > 300, "the municipalities drawn")
    browser.wait_for_callbacks()
    return json.loads(browser.js(VIEW))


def move_to(browser, path: str, title: str) -> None:
    browser.js(MOVE, path)
    browser.wait_for_path(path)
    browser.wait_until(lambda: browser.text("#area-title") == title, f"the page of {title}")
    browser.wait_for_callbacks()


def test_the_area_map_is_drawn_in_view_and_a_move_then_only_moves_the_highlight(browser):
    browser.set_viewport(PHONE)
    browser.open("/nl/gemeente/GM0363", ready="#area-map .js-plotly-plot")
    browser.wait_for_callbacks()
    assert traces(browser, "#area-map") == 0, "the map below the first screen was drawn at once"
    assert browser.find("#area-map").size["height"] >= 400  # its box keeps the map's place
    amsterdam = drawn_view(browser)

    browser.js(RECORD_REQUESTS)
    move_to(browser, "/nl/gemeente/GM0014", "Groningen")
    browser.wait_until(lambda: json.loads(browser.js(VIEW)) != amsterdam, "the highlight to move")
    sent = browser.js("return window.sentBodies")
    assert sent and not any("area-map-visible" in body for body in sent), "the map was drawn again"
    assert traces(browser, "#area-map") > 300
    browser.assert_healthy()


def test_a_map_not_yet_shown_shows_the_area_of_the_url_when_it_comes_into_view(browser):
    browser.set_viewport(PHONE)
    browser.open("/nl/gemeente/GM0014", ready="#area-map .js-plotly-plot")
    direct = drawn_view(browser)

    browser.open("/nl/gemeente/GM0363", ready="#area-map .js-plotly-plot")
    browser.wait_for_callbacks()
    move_to(browser, "/nl/gemeente/GM0014", "Groningen")  # the map not yet in view
    assert traces(browser, "#area-map") == 0
    assert drawn_view(browser) == direct


def test_a_new_tab_starts_with_a_new_box_that_is_drawn_in_view(browser):
    browser.set_viewport(PHONE)
    browser.open("/nl/gemeente/GM0363", ready="#area-map .js-plotly-plot")
    drawn_view(browser)
    move_to(browser, "/nl/veiligheidsregio/VR13", "Amsterdam-Amstelland")
    browser.js("window.scrollTo(0, 0)")
    scroll_to(browser, "#area-map")
    browser.wait_until(lambda: traces(browser, "#area-map") > 300, "the region's municipalities drawn")
    browser.assert_healthy()


def test_the_national_maps_are_drawn_only_in_view(browser):
    browser.set_viewport(PHONE)
    browser.open("/nl/", ready="#sewage-map .js-plotly-plot")
    browser.wait_for_callbacks()
    assert traces(browser, "#national-map") == 0 and traces(browser, "#sewage-map") == 0
    scroll_to(browser, "#sewage-map")
    browser.wait_until(lambda: traces(browser, "#sewage-map") >= 25, "the sewage map drawn")
    scroll_to(browser, "#national-map")
    browser.wait_until(lambda: traces(browser, "#national-map") >= 25, "the national map drawn")
    browser.assert_healthy()
