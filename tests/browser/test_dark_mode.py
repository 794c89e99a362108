"""Dark mode: the page follows the system setting, the switch in the header overrides it (and is
remembered), and text, page and charts are dark with WCAG AA contrast.

Screenshots of both themes at phone size go to ``artifacts/screenshots/theme-*.png``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.browser.conftest import PHONE, DashboardBrowser

pytestmark = pytest.mark.browser

AA_TEXT = 4.5
STORAGE_KEY = "dashboard-theme"
FIRST_CHART = "section.chart-card .chart-plot"  # a chart card's plot box (a map card has none)

# The colours the page is painted in: the body's background and text, the first chart's paper and
# its axis labels (plotly writes them as inline fill styles).
PAINT_JS = """
var body = getComputedStyle(document.body);
var gd = document.querySelector(arguments[0]);
var svg = gd && gd.querySelector('.main-svg');
var tick = gd && gd.querySelector('.ytick text');
return {
  theme: document.documentElement.getAttribute('data-bs-theme'),
  background: body.backgroundColor,
  text: body.color,
  heading: getComputedStyle(document.querySelector('h1, h2')).color,
  chart: svg ? getComputedStyle(svg).backgroundColor : null,
  chartText: tick ? getComputedStyle(tick).fill : null,
  stored: window.localStorage.getItem(arguments[1])
};
"""


def rgb(text: str) -> tuple[float, float, float]:
    numbers = [float(n) for n in re.findall(r"[\d.]+", text)[:3]]
    assert len(numbers) == 3, f"not a colour: {text!r}"
    return numbers[0], numbers[1], numbers[2]


def luminance(colour: str) -> float:
    linear = [
        c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (v / 255 for v in rgb(colour))
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def is_dark(colour: str) -> bool:
    return luminance(colour) < 0.05


def prefer(browser: DashboardBrowser, scheme: str) -> None:
    """Emulate the system's colour preference (keeping the session's reduced motion)."""
    browser.driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {
            "features": [
                {"name": "prefers-color-scheme", "value": scheme},
                {"name": "prefers-reduced-motion", "value": "reduce"},
            ]
        },
    )


def forget_choice(browser: DashboardBrowser) -> None:
    browser.driver.execute_cdp_cmd(
        "Storage.clearDataForOrigin", {"origin": browser.server.url, "storageTypes": "local_storage"}
    )


@pytest.fixture
def themed_browser(browser: DashboardBrowser) -> Iterator[DashboardBrowser]:
    """The session's browser at phone size, with no remembered choice before and after the test."""
    browser.set_viewport(PHONE)
    forget_choice(browser)
    yield browser
    forget_choice(browser)
    prefer(browser, "light")


def paint(browser: DashboardBrowser) -> dict:
    """The colours on screen, once the first chart (drawn when it nears the screen) has its axes."""
    browser.wait_for(FIRST_CHART)
    browser.js("document.querySelector(arguments[0]).scrollIntoView()", FIRST_CHART)
    browser.wait_until(
        lambda: browser.js(
            "return document.querySelector(arguments[0]).querySelector('.ytick text') !== null", FIRST_CHART
        ),
        "the first chart to be drawn",
    )
    return browser.js(PAINT_JS, FIRST_CHART + " .js-plotly-plot", STORAGE_KEY)


def contrast_failures(browser: DashboardBrowser) -> list[str]:
    """axe-core's colour-contrast findings on the page (the suite's own axe runner)."""
    return [
        f"{node['target']}: {node['summary']}"
        for violation in browser.axe()
        if violation["id"] == "color-contrast"
        for node in violation["nodes"]
    ]


@pytest.mark.parametrize("path", ["/nl/", "/en/gemeente/GM0363"])
def test_the_page_follows_a_dark_system_setting(themed_browser, path):
    browser = themed_browser
    prefer(browser, "dark")
    browser.open(path)
    colours = paint(browser)
    assert colours["theme"] == "dark"
    assert is_dark(colours["background"]), colours
    assert contrast(colours["text"], colours["background"]) >= AA_TEXT, colours
    assert contrast(colours["heading"], colours["background"]) >= AA_TEXT, colours
    assert colours["chart"] and is_dark(colours["chart"]), colours
    assert contrast(colours["chartText"], colours["chart"]) >= AA_TEXT, colours
    browser.screenshot(f"theme-dark{path.replace('/', '-').rstrip('-')}-phone")
    assert contrast_failures(browser) == []


def test_the_switch_turns_the_dark_theme_on_and_off_and_is_remembered(themed_browser):
    browser = themed_browser
    prefer(browser, "light")
    browser.open("/nl/")
    light = paint(browser)
    assert light["theme"] == "light" and not is_dark(light["background"]) and not is_dark(light["chart"])
    assert contrast(light["text"], light["background"]) >= AA_TEXT
    browser.screenshot("theme-light-nl-phone")
    assert contrast_failures(browser) == []

    switch = browser.wait_for(".site-header .theme-switch")
    assert switch.get_attribute("aria-pressed") == "false"
    assert switch.accessible_name == "Donkere weergave"
    switch.click()
    browser.wait_until(
        lambda: browser.js(PAINT_JS, FIRST_CHART, STORAGE_KEY)["theme"] == "dark", "the dark theme"
    )
    dark = browser.wait_until(
        lambda: (colours := paint(browser))["chart"] and is_dark(colours["chart"]) and colours,
        "the charts to be drawn again in the dark theme",
    )
    assert is_dark(dark["background"]) and dark["stored"] == "dark"
    assert browser.find(".site-header .theme-switch").get_attribute("aria-pressed") == "true"

    # A new visit keeps the choice, though the system still prefers light.
    browser.open("/en/")
    again = paint(browser)
    assert again["theme"] == "dark" and is_dark(again["chart"])
    switch = browser.wait_for(".site-header .theme-switch")
    assert switch.accessible_name == "Dark mode" and switch.get_attribute("aria-pressed") == "true"

    # Back to light: the same as the system, so nothing is kept and the page follows the system again.
    switch.click()
    back = browser.wait_until(
        lambda: (colours := paint(browser))["theme"] == "light" and not is_dark(colours["chart"]) and colours,
        "the light theme and light charts",
    )
    assert back["stored"] is None


def test_without_javascript_the_page_follows_a_dark_system_setting(chromium_without_javascript, server):
    driver = chromium_without_javascript
    driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]}
    )
    try:
        driver.get(server.url + "/nl/")
        colours = driver.execute_script(
            "var b = getComputedStyle(document.body);"
            "var h = getComputedStyle(document.querySelector('h1'));"
            "return {background: b.backgroundColor, text: b.color, heading: h.color};"
        )
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    assert is_dark(colours["background"]), colours
    assert contrast(colours["text"], colours["background"]) >= AA_TEXT
    assert contrast(colours["heading"], colours["background"]) >= AA_TEXT
