"""On a 390 px phone every word a chart draws is inside the chart: legend entries are not cut
("...per 100.000 inwone") and axis labels are not cut ("00" for "4.000" on the age chart)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PHONE

pytestmark = pytest.mark.browser

# The texts of a chart's legend and axes that stick out of its drawing, by more than a pixel.
CUT_TEXTS_JS = """
var gd = document.querySelector(arguments[0] + ' .js-plotly-plot');
var svg = gd && gd.querySelector('.main-svg');
if (!svg || !gd.querySelector('.ytick text')) { return null; }
var box = svg.getBoundingClientRect();
var texts = gd.querySelectorAll('.legendtext, .ytick text, .xtick text, .g-ytitle text');
return Array.prototype.filter.call(texts, function (text) {
    var r = text.getBoundingClientRect();
    return r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 ||
                           r.bottom > box.bottom + 1);
  }).map(function (text) { return text.getAttribute('class') + ': ' + text.textContent; });
"""


@pytest.mark.parametrize(
    ("path", "card"),
    [
        ("/nl/", "#chart-positive_tests_per_100k"),
        ("/nl/", "#chart-age"),
        ("/en/gemeente/GM0363", "#chart-positive_tests_per_100k"),
    ],
)
def test_chart_legends_and_axis_labels_fit_on_a_phone(browser, path, card):
    browser.set_viewport(PHONE)
    browser.open(path)
    browser.wait_for(card)
    # Charts further down are drawn when they near the screen.
    browser.js("document.querySelector(arguments[0]).scrollIntoView()", card)
    cut = browser.wait_until(
        lambda: (found := browser.js(CUT_TEXTS_JS, card)) is not None and [found],
        f"the chart in {card} to be drawn",
    )[0]
    assert cut == []
    assert (
        browser.js(
            "return document.querySelectorAll(arguments[0] + ' .legendtext, ' + arguments[0] + "
            "' .ytick text').length",
            card,
        )
        > 0
    )
