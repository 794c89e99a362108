"""The maps while their figure is still on its way: a move to another area, a choice of what colours
the map (area map and national map), or a move to the other language must each end with the map of
the page and the choice now shown, with no error on the way.

Each race is made certain, not left to timing: a wrapper around ``fetch`` holds back the answer to
the map's first drawing request (a request whose body names the map's in-view Store) until the test
lets it go, after the move or the click has been answered. The old answer then arrives last, as on a
slow connection; it must not undo what came after it.
"""

from __future__ import annotations

import json

import pytest
from selenium.webdriver.common.keys import Keys

from tests.browser.conftest import PHONE
from tests.browser.test_map_keyboard import serious

pytestmark = pytest.mark.browser

AMSTERDAM, AMSTELVEEN = "/nl/gemeente/GM0363", "/nl/gemeente/GM0362"
GRONINGEN = "/nl/gemeente/GM0014"
AMSTERDAM_IN_ENGLISH = "/en/gemeente/GM0363"

# Hold back the answer to the first request whose body contains ``arguments[0]``; ``releaseHeld()``
# lets it through. Requests are sent at once: only their answers wait.
HOLD_FIRST = """
var marker = arguments[0];
window.heldCount = 0;
window.heldAnswers = [];
var sending = window.fetch;
window.fetch = function (resource, init) {
  var answer = sending(resource, init);
  if (window.heldCount === 0 && init && typeof init.body === 'string' && init.body.indexOf(marker) !== -1) {
    window.heldCount += 1;
    return new Promise(function (resolve, reject) {
      window.heldAnswers.push(function () { answer.then(resolve, reject); });
    });
  }
  return answer;
};
window.releaseHeld = function () {
  var held = window.heldAnswers;
  window.heldAnswers = [];
  held.forEach(function (release) { release(); });
  return held.length;
};
"""
MAP_REQUEST = '"id":"area-map-visible"'
HELD = "return window.heldCount === 1 && window.heldAnswers.length === 1"
TRACES = "return document.querySelectorAll('#area-map .scatterlayer .trace').length"
# The outline and the view of the map (what a highlight sets) and what colours it and how its hover
# reads (each area's trace name: area, value, date, in the page's language).
VIEW = (
    "var gd = document.querySelector('#area-map .js-plotly-plot');"
    "return JSON.stringify([gd.layout.shapes, gd.layout.xaxis.range, gd.layout.yaxis.range])"
)
COLOURING = (
    "var gd = document.querySelector('#area-map .js-plotly-plot');"
    "return JSON.stringify(gd.data.map(function (t) { return [t.name, t.fillcolor, t.hovertext]; }))"
)
PRESSED = (
    "return Array.prototype.map.call(document.querySelectorAll('#map-controls button.map-choice'),"
    " function (b) { return [b.textContent, b.getAttribute('aria-pressed')]; })"
)
MOVE = (
    "window.history.pushState({}, '', arguments[0]);"
    "window.dispatchEvent(new CustomEvent('_dashprivate_pushstate'))"
)


def traces(browser) -> int:
    return browser.js(TRACES)


def scroll_to_map(browser) -> None:
    browser.js("document.querySelector('#area-map').scrollIntoView({block: 'center'})")


def drawn(browser) -> dict[str, object]:
    """Bring the map into view, wait until it is drawn and Dash is idle: its view, colours, buttons."""
    scroll_to_map(browser)
    browser.wait_until(lambda: traces(browser) > 300, "the municipalities drawn")
    browser.wait_for_callbacks()
    return shown(browser)


def shown(browser) -> dict[str, object]:
    return {
        "view": json.loads(browser.js(VIEW)),
        "colouring": json.loads(browser.js(COLOURING)),
        "pressed": browser.js(PRESSED),
        "legend": browser.text("#map-legend"),
        "heading": browser.text("#map-heading"),
    }


def hold_the_first_drawing(browser, path: str = AMSTERDAM) -> None:
    """Open ``path`` on a phone (the map below the first screen, not yet asked for) and scroll to
    the map: its drawing request goes out, and its answer is held back."""
    browser.set_viewport(PHONE)
    browser.open(path, ready="#area-map .js-plotly-plot")
    browser.wait_for_callbacks()
    assert traces(browser) == 0, "the map below the first screen was drawn at once"
    browser.js(HOLD_FIRST, MAP_REQUEST)
    scroll_to_map(browser)
    browser.wait_until(lambda: browser.js(HELD), "the map's drawing request sent and its answer held")


def release_and_settle(browser) -> None:
    browser.js("window.releaseHeld()")
    browser.wait_for_callbacks()


def reference(browser, path: str, metric: str | None = None) -> dict[str, object]:
    """The map as a visitor sees it who opens ``path`` and waits (and then chooses ``metric``)."""
    browser.set_viewport(PHONE)
    browser.open(path, ready="#area-map .js-plotly-plot")
    seen = drawn(browser)
    if metric is not None:
        browser.find(f"#map-controls button.map-choice:nth-of-type({metric})").click()
        browser.wait_until(lambda: shown(browser) != seen, "the map coloured by the other measure")
        browser.wait_for_callbacks()
        seen = shown(browser)
    return seen


def test_a_move_within_the_tab_while_the_map_loads_ends_on_the_new_area(browser):
    amstelveen = reference(browser, AMSTELVEEN)
    hold_the_first_drawing(browser)

    # The search box: Enter opens the area found, a move within the tab, answered by a highlight.
    browser.find("#area-search").send_keys("Amstelveen", Keys.ENTER)
    browser.wait_until(lambda: browser.path == AMSTELVEEN, "the address of Amstelveen")
    browser.wait_until(lambda: browser.text("#area-title") == "Amstelveen", "the page of Amstelveen")
    release_and_settle(browser)

    assert browser.text("#area-title") == "Amstelveen"
    after = drawn(browser)
    assert after["view"] == amstelveen["view"], "the map highlights another area than the page's"
    assert after == amstelveen
    browser.assert_healthy()


def test_a_move_to_another_region_while_the_map_loads_ends_on_the_new_area(browser):
    groningen = reference(browser, GRONINGEN)
    hold_the_first_drawing(browser)

    browser.js(MOVE, GRONINGEN)  # as a link of Dash's (``dcc.Link``) moves
    browser.wait_until(lambda: browser.text("#area-title") == "Groningen", "the page of Groningen")
    release_and_settle(browser)

    after = drawn(browser)
    assert after["view"] == groningen["view"], "the map highlights another area than the page's"
    assert after == groningen
    browser.assert_healthy()


@pytest.mark.parametrize("path", [AMSTERDAM, AMSTERDAM_IN_ENGLISH])
def test_a_measure_chosen_before_the_map_arrived_colours_the_map(browser, path):
    chosen = reference(browser, path, metric=2)
    hold_the_first_drawing(browser, path)

    second = browser.find("#map-controls button.map-choice:nth-of-type(2)")
    second.click()
    browser.wait_until(lambda: second.get_attribute("aria-pressed") == "true", "the choice answered")
    release_and_settle(browser)

    after = drawn(browser)
    assert after["pressed"] == chosen["pressed"]
    assert after["legend"] == chosen["legend"]
    assert after["colouring"] == chosen["colouring"], "the map is not coloured by the chosen measure"
    assert after == chosen
    browser.assert_healthy()
    assert not serious(browser.axe({"include": [["#map-section"]]}))


def test_the_other_language_while_the_map_loads_ends_on_the_map_in_that_language(browser):
    english = reference(browser, AMSTERDAM_IN_ENGLISH)
    hold_the_first_drawing(browser)

    browser.js(MOVE, AMSTERDAM_IN_ENGLISH)  # a move within the app, as a link of Dash's would make it
    browser.wait_until(lambda: browser.text("#map-heading") == english["heading"], "the page in English")
    release_and_settle(browser)

    # The Dutch map that was on its way never lands on the English page.
    if traces(browser) > 0:
        assert json.loads(browser.js(COLOURING)) == english["colouring"], "a Dutch map on the English page"
    assert drawn(browser) == english
    browser.assert_healthy()


NATIONAL_COLOURING = COLOURING.replace("#area-map", "#national-map")
NATIONAL_TRACES = "return document.querySelectorAll('#national-map .scatterlayer .trace').length"


def national_choice(browser, text: str):
    from selenium.webdriver.common.by import By

    xpath = f"//*[@id='chart-positive-tests-map']//button[normalize-space()='{text}']"
    return browser.driver.find_element(By.XPATH, xpath)


def test_a_measure_chosen_before_the_national_map_arrived_colours_the_map(browser):
    browser.set_viewport(PHONE)
    browser.open("/nl/", ready="#national-map .js-plotly-plot")
    browser.js("document.querySelector('#national-map').scrollIntoView({block: 'center'})")
    browser.wait_until(lambda: browser.js(NATIONAL_TRACES) >= 25, "the national map drawn")
    browser.wait_for_callbacks()
    second = browser.find("#chart-positive-tests-map .map-choice-group button.map-choice:nth-of-type(2)")
    second.click()
    browser.wait_until(lambda: second.get_attribute("aria-pressed") == "true", "the choice answered")
    browser.wait_for_callbacks()
    chosen = json.loads(browser.js(NATIONAL_COLOURING))

    browser.open("/nl/", ready="#national-map .js-plotly-plot")
    browser.wait_for_callbacks()
    browser.js(HOLD_FIRST, '"id":"national-map-visible"')
    browser.js("document.querySelector('#national-map').scrollIntoView({block: 'center'})")
    browser.wait_until(lambda: browser.js(HELD), "the national map's drawing request held")
    second = browser.find("#chart-positive-tests-map .map-choice-group button.map-choice:nth-of-type(2)")
    second.click()
    browser.wait_until(lambda: second.get_attribute("aria-pressed") == "true", "the choice answered")
    release_and_settle(browser)
    assert json.loads(browser.js(NATIONAL_COLOURING)) == chosen, "the national map lost the chosen measure"
    browser.assert_healthy()
