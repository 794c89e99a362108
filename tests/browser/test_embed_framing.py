"""A page of another site frames an embeddable chart, and the same page cannot frame the dashboard.

The other site is a plain HTTP server on another port of 127.0.0.1 (another origin) serving one page
with two iframes: the embed of Amsterdam's positive tests and the dashboard's national page.
"""

from __future__ import annotations

import functools
import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import free_port

EMBED = "/nl/embed/gm/GM0363/positive_tests_per_100k?range=all"
WAIT = 30


@pytest.fixture(scope="module")
def other_site(server, tmp_path_factory) -> Iterator[str]:
    folder: Path = tmp_path_factory.mktemp("other-site")
    (folder / "index.html").write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>A municipality's site</title>"
        "</head><body><h1>News of the municipality</h1>"
        f"<iframe id='embed' title='Chart' src='{server.url}{EMBED}' width='640' height='460'></iframe>"
        f"<iframe id='dashboard' title='Dashboard' src='{server.url}/nl/' width='640' height='460'></iframe>"
        "</body></html>",
        encoding="utf-8",
    )
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    port = free_port()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/index.html"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _in_frame(driver, frame_id: str, script: str):
    driver.switch_to.default_content()
    driver.switch_to.frame(driver.find_element("id", frame_id))
    try:
        return driver.execute_script(script)
    finally:
        driver.switch_to.default_content()


def _wait(condition, message: str):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {message}")


def test_another_site_frames_the_embed_but_not_the_dashboard(chromium, other_site, server):
    chromium.get_log("browser")  # start with an empty log
    chromium.get(other_site)
    assert other_site.split("/")[2] != server.netloc  # really another origin

    heading = _wait(
        lambda: _in_frame(
            chromium, "embed", "const h = document.querySelector('h1'); return h && h.textContent"
        ),
        "the embed's heading inside the other site's page",
    )
    assert "Amsterdam" in heading
    facts = _in_frame(
        chromium,
        "embed",
        """
        const nav = performance.getEntriesByType('navigation')[0];
        return {
            bars: document.querySelectorAll('svg.chart rect').length,
            source: document.querySelector('.source').textContent,
            back: document.querySelector('.back a').getAttribute('href'),
            transferred: nav.transferSize,
            scripts: document.scripts.length,
            resources: performance.getEntriesByType('resource').length,
        };
        """,
    )
    assert facts["bars"] > 100  # a bar per day of the demo's 200 days
    assert "RIVM" in facts["source"] and "Verkregen op" in facts["source"]
    assert facts["back"] == "/nl/gemeente/GM0363?range=all#chart-positive_tests_per_100k"
    assert facts["scripts"] == 0 and facts["resources"] == 0  # one request: the page itself
    assert 0 < facts["transferred"] <= 250_000

    # The dashboard refuses: chromium shows its error page in the frame, and says why in the console.
    _wait(
        lambda: any("frame-ancestors" in entry["message"] for entry in chromium.get_log("browser")),
        "chromium's report that the dashboard refused to be framed",
    )
    assert _in_frame(chromium, "dashboard", "return document.getElementById('react-entry-point')") is None
    # The other site's requests and the refusal are this test's: leave the logs empty for the next.
    chromium.get("about:blank")
    chromium.get_log("browser")
    chromium.get_log("performance")


# --- the share controls of a chart card ------------------------------------------------------------

CARD = "#react-entry-point #chart-positive_tests_per_100k"


def test_a_permalink_opens_the_chart_with_its_range_and_the_controls_share_it(browser):
    browser.driver.execute_cdp_cmd(
        "Browser.grantPermissions",
        {"origin": browser.server.url, "permissions": ["clipboardSanitizedWrite", "clipboardReadWrite"]},
    )
    permalink = "/en/gemeente/GM0363?range=30d#chart-positive_tests_per_100k"
    browser.open(permalink, ready=f"{CARD} .chart-share")
    pressed = f"{CARD} .range-picks button[id*='pick-30d']"
    browser.wait_until(
        lambda: browser.find(pressed).get_attribute("aria-pressed") == "true",
        "the permalink's range to be chosen",
    )
    browser.wait_until(
        lambda: abs(browser.js(f"return document.querySelector('{CARD}').getBoundingClientRect().top")) < 5,
        "the chart to be scrolled to the top of the window",
    )

    # Another range on the card: the controls follow it.
    browser.find(f"{CARD} .range-picks button[id*='pick-6m']").click()
    browser.wait_for_callbacks()
    browser.find(f"{CARD} .chart-share-summary").click()
    expected = browser.url("/en/gemeente/GM0363?range=6m#chart-positive_tests_per_100k")
    # The controls follow the card's range once the card has answered: wait for the new link.
    browser.wait_until(
        lambda: browser.js(f"return document.querySelector('{CARD} .share-link').value") == expected,
        "the link to name the new range",
    )
    code = browser.js(f"return document.querySelector('{CARD} .share-embed').value")
    assert code.startswith(
        f'<iframe src="{browser.url("/en/embed/gm/GM0363/positive_tests_per_100k?range=6m")}"'
    )
    browser.find(f"{CARD} [data-share-copy='link']").click()
    browser.wait_until(
        lambda: browser.text(f"{CARD} .chart-share-status") == "Copied.", "the copy to be confirmed"
    )

    browser.find(f"{CARD} [data-share-png]").click()
    picture = browser.downloaded("*.png").read_bytes()
    assert picture[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(picture[16:20], "big"), int.from_bytes(picture[20:24], "big")
    assert (width, height) == (1280, 752)  # the 640 x 376 picture at twice the size
    browser.assert_healthy()


AGE_CARD = "#react-entry-point #chart-age"


def test_the_age_chart_has_a_permalink_to_its_card_and_a_picture(browser):
    browser.open("/en/?range=3m#chart-age", ready=f"{AGE_CARD} .chart-share")
    # a card without time ranges is only brought into view
    browser.wait_until(
        lambda: (
            abs(browser.js(f"return document.querySelector('{AGE_CARD}').getBoundingClientRect().top")) < 5
        ),
        "the age chart to be scrolled to the top of the window",
    )
    browser.find(f"{AGE_CARD} .chart-share-summary").click()
    browser.wait_until(
        lambda: (
            browser.js(f"return document.querySelector('{AGE_CARD} .share-link').value")
            == browser.url("/en/?range=3m#chart-age")
        ),
        "the link to the age chart's card",
    )
    code = browser.js(f"return document.querySelector('{AGE_CARD} .share-embed').value")
    assert code.startswith(f'<iframe src="{browser.url("/en/embed/nl/NL/age_distribution?range=3m")}"')
    browser.find(f"{AGE_CARD} [data-share-png]").click()
    picture = browser.downloaded("age_distribution-NL-3m.png").read_bytes()
    assert picture[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(picture[16:20], "big"), int.from_bytes(picture[20:24], "big")
    assert (width, height) == (1280, 752)
    browser.assert_healthy()


SHARE = f"{CARD} .chart-share"
LINK_VALUE = f"var field = document.querySelector('{SHARE} .share-link'); return field && field.value"


def test_a_share_box_opens_by_keyboard_passes_axe_and_follows_its_card(browser):
    from selenium.webdriver.common.keys import Keys

    browser.open("/en/gemeente/GM0363", ready=SHARE)
    # The page carries the box closed, with its permalink only: the controls come when it opens.
    assert browser.js(f"return document.querySelectorAll('{SHARE} textarea').length") == 0
    permalink = browser.find(f"{SHARE} .share-permalink").get_attribute("href")
    assert permalink == browser.url("/en/gemeente/GM0363?range=3m#chart-positive_tests_per_100k")

    browser.js(f"document.querySelector('{SHARE} .chart-share-summary').focus()")
    browser.press(Keys.ENTER)
    browser.wait_until(lambda: browser.js(LINK_VALUE) == permalink, "the link field of the opened box")
    browser.press(Keys.TAB)
    assert "share-link" in browser.active()["cls"]  # the next stop after the summary is the link
    browser.press(Keys.TAB)
    assert browser.active()["text"] == "Copy link"
    assert browser.axe(SHARE) == []  # no finding at all, nothing allowed

    # Another range on the open box's card: the box follows without being opened again.
    browser.find(f"{CARD} .range-picks button[id*='pick-1y']").click()
    browser.wait_until(
        lambda: (
            browser.js(LINK_VALUE)
            == browser.url("/en/gemeente/GM0363?range=1y#chart-positive_tests_per_100k")
        ),
        "the open box to name the new range",
    )

    # A move to another municipality within the page: the card's box is the new area's.
    browser.js(
        "window.history.pushState({}, '', '/en/gemeente/GM0796');"
        "window.dispatchEvent(new PopStateEvent('popstate'));"
    )
    browser.wait_for_path("/en/gemeente/GM0796")
    moved = browser.url("/en/gemeente/GM0796?range=3m#chart-positive_tests_per_100k")
    browser.wait_until(
        lambda: browser.find(f"{SHARE} .share-permalink").get_attribute("href") == moved,
        "the new card's permalink",
    )
    if not browser.js(f"return document.querySelector('{SHARE}').open"):
        browser.find(f"{SHARE} .chart-share-summary").click()
    browser.wait_until(lambda: browser.js(LINK_VALUE) == moved, "the box to name the new municipality")
    code = browser.js(f"return document.querySelector('{SHARE} .share-embed').value")
    assert code.startswith(
        f'<iframe src="{browser.url("/en/embed/gm/GM0796/positive_tests_per_100k?range=3m")}"'
    )
    browser.assert_healthy()
