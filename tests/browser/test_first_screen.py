"""One glance: on a 390 × 844 phone the first screen of the national, a region's and a municipality's
page answers "is the virus gaining ground?": the key figures, each with its value, its date and its
change in a week in words, all above the fold, in both languages. The first screen is saved as
``artifacts/screenshots/first-screen-*.png``."""

from __future__ import annotations

import base64

import pytest

from tests.browser.conftest import PHONE, SCREENSHOTS

pytestmark = pytest.mark.browser

WORDS = {
    "nl": {"value_of": "Waarde van", "changes": ("Stijgend", "Dalend", "Gelijk")},
    "en": {"value_of": "Value of", "changes": ("Rising", "Falling", "Unchanged")},
}
PAGES = {
    "national": (
        "/{lang}/",
        ("positive_tests_per_100k", "hospital_admissions_3d_avg", "ic_admissions_3d_avg"),
    ),
    "region": ("/{lang}/veiligheidsregio/VR02", ("positive_tests_per_100k", "hospital_admissions_3d_avg")),
    "municipality": ("/{lang}/gemeente/GM0796", ("positive_tests_per_100k", "hospital_admissions_3d_avg")),
}
SERVED_GLANCE_JS = """
var glance = document.querySelector('#server-page #glance');
return glance ? glance.getBoundingClientRect().top + window.scrollY : null;
"""
GLANCE_JS = """
return Array.prototype.map.call(document.querySelectorAll('#glance .glance-item'), function (item) {
  var box = item.getBoundingClientRect();
  function text(css) { var e = item.querySelector(css); return e ? e.innerText.trim() : ''; }
  return {id: item.id, top: box.top, bottom: box.bottom, name: text('.glance-name'),
          value: text('.glance-value'), change: text('.glance-change'), date: text('.glance-date')};
});
"""


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("page", list(PAGES))
def test_the_key_figures_are_above_the_fold_on_a_phone(browser, page, language):
    path, required = PAGES[page]
    browser.set_viewport(PHONE)
    browser.driver.get(browser.url(path.format(lang=language)))
    # Where the server's page shows the key figures, if Dash has not taken over yet.
    served = browser.js(SERVED_GLANCE_JS)
    browser.wait_for_callbacks()
    browser.assert_healthy()
    browser.wait_for("#glance")
    browser.js("window.scrollTo(0, 0)")
    items = browser.js(GLANCE_JS)
    shown = {item["id"].removeprefix("glance-"): item for item in items}
    assert set(required) <= set(shown), f"missing key figures: {set(required) - set(shown)}"
    words = WORDS[language]
    for indicator, item in shown.items():
        assert item["bottom"] <= PHONE.height, f"{indicator} ends at y = {item['bottom']}, below the fold"
        assert any(ch.isdigit() for ch in item["value"]), item
        assert item["date"].startswith(words["value_of"]), item
        assert item["change"].split(" ")[-1] and any(word in item["change"] for word in words["changes"]), (
            item
        )
    if served is not None:
        # Dash's page takes the server's place without moving the figures.
        assert abs(browser.js(SERVED_GLANCE_JS.replace("#server-page ", "")) - served) <= 2
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = browser.driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
    (SCREENSHOTS / f"first-screen-{page}-{language}.png").write_bytes(base64.b64decode(shot["data"]))
