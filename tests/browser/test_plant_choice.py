"""The sewage plants of an area: pressing a plant's button highlights it in the per-plant charts,
pressing it again highlights none, and the charts always end with the plant pressed last, also when
the answer to an earlier press arrives after the answer to a later one.

The race is made certain, not left to timing: a wrapper around ``fetch`` holds back the answer to
the first request for the charts (``tests/browser/test_map_races.py`` does the same for the maps)
until the second press has been answered.
"""

from __future__ import annotations

import json

import pytest

from tests.browser.test_map_races import HOLD_FIRST

pytestmark = pytest.mark.browser

REGION = "/nl/veiligheidsregio/VR13"
PLANT_REQUEST = '"id":"plant-highlight"'
HIGHLIGHT_COLOUR = "#d14900"
BUTTONS = (
    "return Array.prototype.map.call(document.querySelectorAll('.plant-picks button'),"
    " function (b) { return [b.textContent, b.getAttribute('aria-pressed')]; })"
)
# The plants whose bar is drawn in the highlight colour (arguments[0]).
HIGHLIGHTED_BARS = """
var colour = arguments[0], gd = document.querySelector('#plant-bars .js-plotly-plot');
if (!gd || !gd.data || !gd.data.length) { return null; }
var trace = gd.data[0], colours = trace.marker.color;
return JSON.stringify(Array.prototype.filter.call(trace.y, function (name, i) {
  return (Array.isArray(colours) ? colours[i] : colours) === colour;
}));
"""


def highlighted(browser) -> list[str] | None:
    shown = browser.js(HIGHLIGHTED_BARS, HIGHLIGHT_COLOUR)
    return None if shown is None else json.loads(shown)


def press(browser, index: int) -> None:
    browser.js("document.querySelectorAll('.plant-picks button')[arguments[0]].click()", index)


def names(browser) -> list[str]:
    return [name for name, _ in browser.js(BUTTONS)]


def test_a_plant_is_highlighted_when_pressed_and_none_when_pressed_again(browser):
    browser.open(REGION, ready=".plant-picks button")
    plants = names(browser)
    assert len(plants) >= 2
    assert highlighted(browser) == []
    press(browser, 1)
    browser.wait_until(lambda: highlighted(browser) == [plants[1]], "the second plant highlighted")
    assert browser.js(BUTTONS)[1] == [plants[1], "true"]
    assert [state for _, state in browser.js(BUTTONS)].count("true") == 1
    press(browser, 1)
    browser.wait_until(lambda: highlighted(browser) == [], "no plant highlighted")
    assert {state for _, state in browser.js(BUTTONS)} == {"false"}
    browser.assert_healthy()


def test_the_plant_pressed_last_wins_when_an_earlier_answer_arrives_late(browser):
    browser.open(REGION, ready=".plant-picks button")
    plants = names(browser)
    browser.js(HOLD_FIRST, PLANT_REQUEST)
    press(browser, 0)
    browser.wait_until(lambda: browser.js("return window.heldCount === 1"), "the first answer is held back")
    press(browser, 1)
    # The buttons show the last press at once; the charts follow its answer.
    assert browser.js(BUTTONS)[1] == [plants[1], "true"]
    browser.wait_until(lambda: highlighted(browser) == [plants[1]], "the second plant highlighted")
    assert browser.js("return window.releaseHeld()") == 1
    browser.wait_for_callbacks()
    assert highlighted(browser) == [plants[1]], "the late answer for the first plant undid the last press"
    assert browser.js(BUTTONS)[0] == [plants[0], "false"]
    browser.assert_healthy()
