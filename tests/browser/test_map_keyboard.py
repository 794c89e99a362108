"""The maps and the search box as keyboard, screen-reader and mouse users meet them: axe with an empty
allow-list on the map controls and the search box, every area of the national map reachable by
keyboard through its table, hover with name, value and date, and search by name and postcode."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from dashapp.data.reference import load_reference
from tests.browser.test_journeys import MAP_POINT_JS

pytestmark = pytest.mark.browser
MAP_CARD = "#chart-positive-tests-map"
FAILING = frozenset({"serious", "critical"})
FILLED = "return document.querySelectorAll('#national-map .scatterlayer .trace path.js-fill').length"


def serious(violations: list[dict]) -> list[str]:
    """Every serious or critical finding, with no allow-list."""
    return [
        f"{v['id']} ({v['impact']}): {node['target']} {node['summary']}"
        for v in violations
        if v["impact"] in FAILING or v["impact"] == "error"
        for node in v["nodes"]
    ]


def button(browser, text: str, within: str = MAP_CARD):
    xpath = f"//*[@id='{within.lstrip('#')}']//button[normalize-space()='{text}']"
    return browser.driver.find_element(By.XPATH, xpath)


def pressed(browser, text: str) -> str:
    return button(browser, text).get_attribute("aria-pressed")


def legend_title(browser) -> str:
    return browser.text(f"{MAP_CARD} .map-legend-title")


def tab_to_button(browser, text: str) -> dict:
    return browser.tab_to(
        lambda e: e.get("tag") == "button" and e.get("text") == text, f"the button {text!r}"
    )


def test_map_controls_and_search_box_have_no_serious_axe_finding_without_allow_list(browser):
    browser.open("/nl/", ready=f"{MAP_CARD} .js-plotly-plot")
    button(browser, "Toon de gebieden van de kaart als tabel").click()
    browser.wait_for(f"{MAP_CARD} .map-areas-table tbody tr")
    found = serious(browser.axe({"include": [[MAP_CARD]]}))

    browser.open("/nl/gemeente/GM0363", ready="#map-controls button")
    browser.find("#area-search").send_keys("Utrecht", Keys.ENTER)
    browser.wait_for(".area-search-results a")
    found += serious(browser.axe({"include": [["#map-section"], [".area-search"]]}))
    assert not found, "\n".join(found)


def test_by_keyboard_the_national_map_changes_level_and_metric_and_lists_every_area(browser):
    reference = load_reference()
    browser.open("/nl/", ready=f"{MAP_CARD} .js-plotly-plot")
    # A map is drawn only when its box nears the screen.
    browser.js("document.querySelector(arguments[0]).scrollIntoView({block: 'center'})", MAP_CARD)
    browser.wait_until(lambda: browser.js(FILLED) == 25, "the 25 regions drawn once in view")
    assert pressed(browser, "per veiligheidsregio") == "true"

    tab_to_button(browser, "per gemeente")
    browser.press(Keys.ENTER)
    browser.wait_until(lambda: browser.js(FILLED) == 355, "355 municipalities after Enter")
    assert pressed(browser, "per gemeente") == "true" and pressed(browser, "per veiligheidsregio") == "false"

    # Deaths, by municipality: a metric at both levels keeps the level.
    deaths = "Gemelde overlijdens per 100.000 inwoners (laatste 7 dagen)"
    browser.driver.execute_script("arguments[0].focus()", button(browser, deaths))
    browser.press(Keys.SPACE)
    browser.wait_until(lambda: pressed(browser, deaths) == "true", "the deaths metric chosen")
    browser.wait_for_callbacks()
    assert browser.js(FILLED) == 355 and "overl" in legend_title(browser).lower()

    # The nursing homes' share exists per region only: the map moves to regions and says so.
    nursing = "Verpleeghuizen met besmettingen (aandeel van de locaties)"
    browser.driver.execute_script("arguments[0].focus()", button(browser, nursing))
    browser.press(Keys.ENTER)
    browser.wait_until(lambda: browser.js(FILLED) == 25, "25 regions for the nursing homes")
    assert button(browser, "per gemeente").get_attribute("disabled") == "true"
    assert pressed(browser, "per veiligheidsregio") == "true"

    # Back to positive tests by municipality, then every area in the table, each a link.
    browser.driver.execute_script(
        "arguments[0].focus()", button(browser, "Positief geteste mensen per 100.000 inwoners (nieuwste dag)")
    )
    browser.press(Keys.ENTER)
    browser.wait_until(lambda: button(browser, "per gemeente").get_attribute("disabled") is None, "gm again")
    tab_to_button(browser, "per gemeente")
    browser.press(Keys.ENTER)
    browser.wait_until(lambda: browser.js(FILLED) == 355, "355 municipalities again")
    toggle = tab_to_button(browser, "Toon de gebieden van de kaart als tabel")
    assert toggle["expanded"] == "false"
    browser.press(Keys.ENTER)
    browser.wait_until(lambda: browser.active().get("expanded") == "true", "the table to open")
    rows = browser.find_all(f"{MAP_CARD} .map-areas-table tbody tr")
    assert len(rows) == 355
    links = browser.find_all(f"{MAP_CARD} .map-areas-table tbody th a")
    assert sorted(link.text for link in links) == sorted(m.name for m in reference.municipalities.values())
    first = browser.tab_to(lambda e: e.get("tag") == "a", "the first area of the table")
    assert first["href"].startswith("/nl/gemeente/GM")
    browser.press(Keys.ENTER)
    browser.wait_for_path(first["href"])


def test_hover_shows_name_value_and_date(browser):
    browser.open("/nl/", ready=f"{MAP_CARD} .js-plotly-plot")
    button(browser, "per gemeente").click()
    browser.wait_until(lambda: browser.js(FILLED) == 355, "355 municipalities")
    browser.wait_for_callbacks()
    point = browser.js(MAP_POINT_JS.replace("#area-map", "#national-map"), "GM0363", "Amsterdam")
    assert point, "Amsterdam is not drawn on the national map"
    ActionChains(browser.driver).move_to_location(int(point[0]), int(point[1])).pause(0.3).perform()
    hover = browser.wait_until(
        lambda: browser.js(
            "var h = document.querySelector('#national-map .hoverlayer'); return h && h.textContent"
        ),
        "a hover label",
    )
    assert "Amsterdam" in hover and "per 100.000 inwoners" in hover and "Waarde van" in hover, hover


def search(browser, typed: str) -> None:
    field = browser.find("#area-search")
    field.clear()
    field.send_keys(typed, Keys.ENTER)


@pytest.mark.parametrize(
    "typed, path, title",
    [("Den Haag", "/nl/gemeente/GM0518", "'s-Gravenhage"), ("Amsterdam", "/nl/gemeente/GM0363", "Amsterdam")],
)
def test_enter_opens_the_municipality_not_the_region(browser, typed, path, title):
    browser.open("/nl/veiligheidsregio", ready="#area-search")
    search(browser, typed)
    browser.wait_for_path(path)
    assert browser.text("#area-title") == title


def test_search_offers_both_utrechts_and_says_when_nothing_or_no_postcodes(browser):
    browser.open("/en/gemeente", ready="#area-search")
    search(browser, "Utrecht")
    links = browser.wait_until(lambda: browser.find_all(".area-search-results a"), "the offered areas")
    assert [link.text for link in links] == ["Utrecht (municipality)", "Utrecht (safety region)"]
    assert browser.path == "/en/gemeente"

    search(browser, "Atlantis")
    browser.wait_until(lambda: "Atlantis" in browser.text(".area-search-results"), "the answer for Atlantis")
    assert "No safety region or municipality matches “Atlantis”." in browser.text(".area-search-results")
    (link,) = browser.find_all(".area-search-results a")
    assert link.get_attribute("href") == browser.url("/en/gemeente")

    search(browser, "3511 AB")
    browser.wait_until(lambda: "Postcode" in browser.text(".area-search-results"), "the postcode answer")
    assert "Postcode search is not set up on this site." in browser.text(".area-search-results")

    search(browser, "Utrecht (municipality)")  # as the browser's suggestion fills it in
    browser.wait_for_path("/en/gemeente/GM0344")
