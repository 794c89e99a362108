"""The maps as a visitor meets them with no settings: real borders of every area, and a click on an
area opens its page, on a desktop and on a phone."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from tests.browser.conftest import PHONE
from tests.browser.test_journeys import MAP_POINT_JS

pytestmark = pytest.mark.browser
NATIONAL_MAP = "#national-map"
FILLED = "return document.querySelectorAll('#national-map .scatterlayer .trace path.js-fill').length"
DOTS = (
    "var gd = document.querySelector('#national-map .js-plotly-plot');"
    "return gd.data.filter(function (t) { return String(t.mode || '').indexOf('markers') >= 0"
    " && (t.customdata || []).length > 0; }).length"
)


def filled_shapes(browser) -> int:
    return browser.js(FILLED)


def scroll_to(browser, css: str) -> None:
    """Bring a map into view: a map is drawn only when its box nears the screen."""
    browser.js("document.querySelector(arguments[0]).scrollIntoView({block: 'center'})", css)


def test_the_national_map_fills_every_municipality_and_region_and_a_click_opens_amsterdam(browser):
    browser.open("/nl/", ready=f"{NATIONAL_MAP} .js-plotly-plot")
    scroll_to(browser, NATIONAL_MAP)
    browser.wait_until(lambda: filled_shapes(browser) == 25, "25 filled safety regions (the default)")
    level = browser.driver.find_element(
        By.XPATH, "//*[@id='chart-positive-tests-map']//button[normalize-space()='per gemeente']"
    )
    assert level.get_attribute("aria-pressed") == "false"
    level.click()
    browser.wait_until(lambda: filled_shapes(browser) == 355, "355 filled municipalities")
    assert browser.js(DOTS) == 0  # no area drawn as a dot
    browser.wait_for_callbacks()
    point = browser.js(MAP_POINT_JS.replace("#area-map", NATIONAL_MAP), "GM0363", "Amsterdam")
    assert point, "Amsterdam is not drawn on the national map"
    ActionChains(browser.driver).move_to_location(int(point[0]), int(point[1])).pause(0.2).click().perform()
    browser.wait_for_path("/nl/gemeente/GM0363")
    assert browser.text("#area-title") == "Amsterdam"


def test_on_a_phone_the_map_fits_the_screen_and_a_tap_opens_the_area(browser):
    browser.set_viewport(PHONE)
    browser.open("/nl/veiligheidsregio", ready="#area-map .js-plotly-plot")
    scroll_to(browser, "#area-map")
    browser.wait_until(
        lambda: browser.js("return document.querySelectorAll('#area-map .scatterlayer .trace').length") >= 25,
        "the regions drawn",
    )
    width = browser.js(
        "return document.querySelector('#area-map .js-plotly-plot').getBoundingClientRect().width"
    )
    assert 0 < width <= PHONE.width
    assert browser.horizontal_overflow() == 0
    point = browser.js(MAP_POINT_JS, "VR13", "Amsterdam-Amstelland")
    assert point, "Amsterdam-Amstelland is not drawn on the phone's map"
    ActionChains(browser.driver).move_to_location(int(point[0]), int(point[1])).pause(0.2).click().perform()
    browser.wait_for_path("/nl/veiligheidsregio/VR13")
