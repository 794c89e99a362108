"""Comparing areas in chromium: build a comparison of three areas with the keyboard through the
site's search, share its address, open it in the other language; remove an area with one button."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from selenium.webdriver.common.keys import Keys

pytestmark = pytest.mark.browser


def add_by_keyboard(browser, typed: str, expected: str) -> None:
    """Type into the comparison's search and press Enter: one match is added at once."""
    box = browser.find("#compare-search")
    box.click()
    box.send_keys(typed)
    browser.press(Keys.ENTER)
    browser.wait_until(
        lambda: expected in browser.text("#compare-chosen"), f"{expected!r} among the chosen areas"
    )
    browser.wait_for_callbacks()


def chosen(browser) -> list[str]:
    return [item.text.replace("×", "").strip() for item in browser.find_all("#compare-chosen li")]


def line_names(browser) -> list[str] | None:
    return browser.js(
        "var graph = document.querySelector('#compare-graph .js-plotly-plot');"
        "return graph && graph.data ? graph.data.map(function (trace) { return trace.name; }) : null;"
    )


def test_a_comparison_built_by_search_is_shared_and_opened_in_english(browser):
    browser.open("/nl/vergelijk", ready="#compare-page")
    assert chosen(browser) == ["Nederland (land)"]
    add_by_keyboard(browser, "maastricht", "Maastricht (gemeente)")
    add_by_keyboard(browser, "fryslan", "Fryslân (veiligheidsregio)")
    assert chosen(browser) == ["Nederland (land)", "Maastricht (gemeente)", "Fryslân (veiligheidsregio)"]
    browser.wait_until(lambda: line_names(browser) == ["Nederland", "Maastricht", "Fryslân"], "three lines")
    address = browser.driver.current_url
    assert parse_qs(urlsplit(address).query)["areas"] == ["NL,GM0935,VR02"]
    # The language link carries the selection; the shared address opens the same comparison.
    english = browser.find("#language-en").get_attribute("href")
    assert english.endswith("/en/compare?" + urlsplit(address).query)
    browser.open(urlsplit(english).path + "?" + urlsplit(english).query, ready="#compare-page")
    assert chosen(browser) == [
        "The Netherlands (country)",
        "Maastricht (municipality)",
        "Fryslân (safety region)",
    ]
    assert len(browser.find_all(".compare-table tbody tr")) == 3
    browser.wait_until(
        lambda: line_names(browser) == ["The Netherlands", "Maastricht", "Fryslân"], "three lines"
    )
    # One button removes an area, and the address follows.
    browser.find("#compare-chosen li:nth-child(2) button").click()
    browser.wait_until(lambda: len(chosen(browser)) == 2, "the area to be removed")
    assert parse_qs(urlsplit(browser.driver.current_url).query)["areas"] == ["NL,VR02"]
    browser.assert_healthy()
