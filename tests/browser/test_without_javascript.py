"""The low-bandwidth view: with JavaScript blocked in chromium's settings, every kind of page is the
server's HTML alone, and it must be readable and usable in both languages: the figures with their
dates, the links between pages, the explanatory texts. Screenshots at phone size go to
``artifacts/screenshots/no-js-*.png``."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from tests.browser.conftest import PHONE, SCREENSHOTS

pytestmark = pytest.mark.browser

VALUE_OF = {"nl": "Waarde van", "en": "Value of"}
PAGES = {
    "national": ("/{lang}/", "#national", ("kpi-positive_tests_per_100k", "kpi-hospital_admissions_3d_avg")),
    "region": ("/{lang}/veiligheidsregio/VR02", "#risk", ("kpi-positive_tests_per_100k",)),
    "municipality": ("/{lang}/gemeente/GM0796", "#region-link", ("kpi-positive_tests_per_100k",)),
}


@pytest.fixture
def plain(chromium_without_javascript, server):
    """The JavaScript-less chromium at phone size, with a function that opens a path of the server."""
    driver = chromium_without_javascript
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": PHONE.width, "height": PHONE.height, "deviceScaleFactor": 1, "mobile": True},
    )

    def open_path(path: str) -> None:
        driver.get(server.url + path)

    driver.open_path = open_path
    return driver


def shot(driver, name: str) -> None:
    import base64

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    data = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
    (SCREENSHOTS / f"{name}.png").write_bytes(base64.b64decode(data["data"]))


def follow(driver, css: str) -> None:
    """Follow a link as a click does (without scrolling, which needs the page's script in chromedriver)."""
    driver.get(driver.find_element(By.CSS_SELECTOR, css).get_attribute("href"))


def visible_text(driver) -> str:
    return driver.find_element(By.TAG_NAME, "body").text


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("page", list(PAGES))
def test_area_pages_show_their_figures_with_dates_without_javascript(plain, page, language):
    path, landmark, tiles = PAGES[page]
    plain.open_path(path.format(lang=language))
    assert (
        plain.execute_cdp_cmd("Runtime.evaluate", {"expression": "typeof window.dash_clientside"})["result"][
            "value"
        ]
        == "undefined"
    ), "JavaScript ran although it is blocked"
    assert plain.find_elements(By.CSS_SELECTOR, landmark)
    for tile in tiles:
        section = plain.find_element(By.ID, tile)
        value = section.find_element(By.CSS_SELECTOR, ".kpi-value").text.strip()
        assert any(ch.isdigit() for ch in value), f"{tile} shows no number: {value!r}"
        assert section.find_element(By.CSS_SELECTOR, ".kpi-value-of").text.startswith(VALUE_OF[language])
    text = visible_text(plain)
    assert "loading" not in text.lower() and "laden" not in text.lower()
    # Nothing that needs JavaScript takes room: no empty chart boxes, no search box that cannot search.
    for graph in plain.find_elements(By.CSS_SELECTOR, ".ssr-graph, .area-search, .chart-range-group"):
        assert not graph.is_displayed()
    shot(plain, f"no-js-{page}-{language}-{PHONE.name}")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_links_lead_from_page_to_page_without_javascript(plain, language):
    plain.open_path(f"/{language}/")
    plain.find_element(By.ID, "tab-gm").click()
    assert plain.current_url.endswith(f"/{language}/gemeente")
    follow(plain, "#municipality-list a[href$='/gemeente/GM0363']")
    assert plain.current_url.endswith(f"/{language}/gemeente/GM0363")
    assert plain.find_element(By.ID, "area-title").text == "Amsterdam"
    follow(plain, "#region-link")
    assert plain.current_url.endswith(f"/{language}/veiligheidsregio/VR13")
    other = "en" if language == "nl" else "nl"
    follow(plain, f"#language-{other}")
    assert plain.current_url.endswith(f"/{other}/veiligheidsregio/VR13")
    assert plain.find_element(By.TAG_NAME, "html").get_attribute("lang") == other


@pytest.mark.parametrize("language", ["nl", "en"])
def test_explanatory_pages_read_without_javascript(plain, language):
    # A tall window: chromedriver cannot scroll to an element without the page's script.
    plain.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": PHONE.width, "height": 4000, "deviceScaleFactor": 1, "mobile": True},
    )
    plain.open_path(f"/{language}/faq")
    sections = plain.find_elements(By.CSS_SELECTOR, "#page-faq details.page-collapsible")
    assert len(sections) > 5
    sections[0].find_element(By.TAG_NAME, "summary").click()  # a native <details> opens by itself
    body = sections[0].find_element(By.CSS_SELECTOR, ".page-section-body")
    assert body.is_displayed() and len(body.text) > 40
    plain.open_path(f"/{language}/about")
    links = plain.find_elements(By.CSS_SELECTOR, "#page-about .page-section-body a[href]")
    assert links, "the about page's links are missing"
    assert any(link.find_elements(By.XPATH, "ancestor::p|ancestor::li") for link in links)
    shot(plain, f"no-js-about-{language}-{PHONE.name}")


PICTURES_JS = """
return Array.prototype.map.call(document.querySelectorAll('.chart-card .chart-picture'), function (img) {
  var box = img.getBoundingClientRect();
  return {src: img.getAttribute('src'), alt: img.alt, width: img.naturalWidth,
          shown: box.width > 0 && box.height > 0};
});
"""


@pytest.mark.parametrize("language", ["nl", "en"])
def test_charts_are_pictures_drawn_by_the_server_without_javascript(plain, server, language):
    plain.open_path(f"/{language}/gemeente/GM0796")
    # Without scripting, chromium loads every picture at once (lazy loading needs scripting).
    pictures = plain.execute_cdp_cmd(
        "Runtime.evaluate", {"expression": f"(function () {{ {PICTURES_JS} }})()", "returnByValue": True}
    )["result"]["value"]
    assert len(pictures) >= 3
    for picture in pictures:
        assert (
            picture["src"].startswith(f"/download/{language}/gm/GM0796/") and ".svg?range=" in picture["src"]
        )
        assert picture["alt"], picture
        assert picture["shown"], picture
    import urllib.request

    # The picture is the chart of its card, drawn as an SVG by the server.
    with urllib.request.urlopen(server.url + pictures[0]["src"]) as answer:
        assert answer.headers["Content-Type"].startswith("image/svg+xml")
        assert b"<svg" in answer.read(400)
