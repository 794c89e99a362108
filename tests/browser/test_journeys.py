"""What a visitor does, in chromium against gunicorn: read a figure, change a chart, find an area, switch
language, download numbers, follow a broken link, and do it all by keyboard.

Numbers on screen and in downloads are compared with ``python -m dashapp export`` of the same data
directory (the ``exported`` fixture). Every page is also checked for console errors and for requests
to other hosts (``DashboardBrowser.open``/``wait_for_path`` and the end of each test).
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from dashapp.data.reference import load_reference
from tests.servers import fetch

pytestmark = pytest.mark.browser

NL_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september")
NL_MONTHS += ("oktober", "november", "december")
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September")
EN_MONTHS += ("October", "November", "December")
PER_100K = "#chart-positive_tests_per_100k"


def number(text: str, language: str) -> float:
    """A number as the page writes it: ``1.234,5`` in Dutch, ``1,234.5`` in English."""
    grouping, decimal = (".", ",") if language == "nl" else (",", ".")
    return float(text.replace(grouping, "").replace(decimal, ".").replace("−", "-"))


def long_date(day: date, language: str) -> str:
    months = NL_MONTHS if language == "nl" else EN_MONTHS
    return f"{day.day} {months[day.month - 1]} {day.year}"


def last(series: dict[str, float]) -> tuple[date, float]:
    day = max(series)
    return date.fromisoformat(day), series[day]


def between(series: dict[str, float], first: date, final: date) -> dict[str, float]:
    return {day: value for day, value in series.items() if first <= date.fromisoformat(day) <= final}


def bars(browser, card: str) -> list[list]:
    """The (date, value) points of the bar trace of a chart card, as drawn."""
    traces = [trace for trace in browser.chart_traces(card) if trace["type"] == "bar"]
    assert len(traces) == 1, f"expected one bar trace in {card}: {traces}"
    return traces[0]["points"]


def csv_href(browser, card: str) -> str:
    return browser.find(f"{card} a[download]").get_attribute("href") or ""


def choose_in_search(browser, typed: str) -> None:
    """Type a name into the search box and press Enter (a single match opens its page)."""
    box = browser.find("#area-search")
    box.click()
    box.send_keys(typed)
    browser.wait_until(lambda: box.get_attribute("value") == typed, f"{typed!r} in the search box")
    box.send_keys(Keys.ENTER)


def range_button(card: str, range_name: str) -> str:
    """The CSS selector of a chart card's button for a time range (its id is a JSON text)."""
    return f"{card} .range-picks button[id*='\"chart-pick-{range_name}\"']"


# --- national tab ---------------------------------------------------------------------------------


def test_the_national_tab_shows_the_exported_latest_values(browser, exported):
    browser.open("/nl/", ready="#national")
    assert "active" in browser.find("#tab-nl").get_attribute("class")

    for indicator in ("positive_tests_per_100k", "positive_tests"):
        day, value = last(exported[("NL", indicator)])
        tile = browser.kpi(indicator)
        assert number(browser.kpi_value(indicator), "nl") == pytest.approx(value), (indicator, tile)
        assert long_date(day, "nl") in tile["value_of"], (indicator, tile)
        assert tile["obtained_on"], indicator

    # The metric menu leads to its section.
    browser.find('nav.metric-menu a[href="#hospital"]').click()
    browser.wait_until(
        lambda: browser.js(
            "var r = document.getElementById('hospital').getBoundingClientRect();"
            "return location.hash === '#hospital' && r.top >= -2 && r.top < window.innerHeight / 2;"
        ),
        "the hospital section to scroll into view",
    )


def test_choosing_a_time_range_redraws_the_chart_and_its_download(browser, exported):
    browser.open("/nl/", ready=PER_100K)
    series = exported[("NL", "positive_tests_per_100k")]
    final, _ = last(series)

    def shows(range_name: str, days: int | None) -> None:
        first = final - timedelta(days=days - 1) if days else date.fromisoformat(min(series))
        expected = between(series, first, final)
        browser.wait_until(
            lambda: (
                csv_href(browser, PER_100K).endswith(f"range={range_name}")
                and len(bars(browser, PER_100K)) == len(expected)
            ),
            f"the chart to show range {range_name}",
        )
        drawn = dict(bars(browser, PER_100K))
        assert drawn == pytest.approx(expected)
        shown = browser.find_all(f"{PER_100K} .bars .point")
        assert len(shown) == len(expected)

    shows("3m", 92)  # the default: 24 August to 23 November
    assert browser.find(range_button(PER_100K, "3m")).get_attribute("aria-pressed") == "true"
    browser.find(range_button(PER_100K, "30d")).click()
    shows("30d", 30)
    assert browser.find(range_button(PER_100K, "30d")).get_attribute("aria-pressed") == "true"
    assert browser.find(range_button(PER_100K, "3m")).get_attribute("aria-pressed") == "false"
    browser.find(range_button(PER_100K, "all")).click()
    shows("all", None)


# --- finding an area ------------------------------------------------------------------------------


def test_searching_friesland_opens_the_region_with_its_sortable_municipalities(browser):
    reference = load_reference()
    browser.open("/nl/veiligheidsregio", ready="#area-search")
    choose_in_search(browser, "friesland")
    browser.wait_for_path("/nl/veiligheidsregio/VR02")
    assert browser.text("#area-title") == "Fryslân"
    assert browser.find_all("#risk")

    browser.wait_for(".municipality-table tbody tr")
    names = [row.text for row in browser.find_all(".municipality-table tbody tr th")]
    assert sorted(names) == sorted(reference.municipalities[code].name for code in reference.members("VR02"))

    def column(position: int) -> list[str]:
        return browser.js(
            "var position = arguments[0];"
            "return Array.from(document.querySelectorAll('.municipality-table tbody tr'))"
            ".map(function (tr) { return tr.children[position].innerText.trim(); });",
            position,
        )

    def sort_state(position: int) -> str:
        return browser.js(
            "return document.querySelectorAll('.municipality-table thead th')[arguments[0]]"
            ".getAttribute('aria-sort');",
            position,
        )

    def sort_by(position: int, state: str) -> None:
        browser.find_all(".municipality-table thead th button")[position].click()
        browser.wait_until(lambda: sort_state(position) == state, f"column {position} to sort {state}")
        browser.wait_for_callbacks()

    assert sort_state(0) == "ascending"
    sort_by(0, "descending")
    assert column(0) == names[::-1]
    sort_by(1, "descending")  # a figure: highest first
    values = [number(text, "nl") for text in column(1) if text not in ("", "–")]
    assert values == sorted(values, reverse=True)
    assert sort_state(0) == "none"


# A point of the map to click for an area: its label point (a marker whose customdata is the code)
# or else a point well inside the filled shape whose hover text names it; in viewport pixels. It
# scrolls the map into view first: a map is drawn only then (None until it is drawn).
MAP_POINT_JS = """
var code = arguments[0], name = arguments[1];
var gd = document.querySelector('#area-map .js-plotly-plot');
if (!gd) { return null; }
gd.scrollIntoView({block: 'center'});
if (!gd._fullLayout || !gd.data || !gd.data.length) { return null; }
var box = gd.getBoundingClientRect();
function visible(x, y) { var hit = document.elementFromPoint(x, y); return hit !== null && gd.contains(hit); }
var xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, size = gd._fullLayout._size;
for (var t = 0; t < gd.data.length; t++) {
  var trace = gd.data[t], i = Array.prototype.indexOf.call(trace.customdata || [], code);
  if (i >= 0 && String(trace.mode || '').indexOf('markers') >= 0) {
    var px = box.left + size.l + xa.l2p(trace.x[i]), py = box.top + size.t + ya.l2p(trace.y[i]);
    if (visible(px, py)) { return [px, py]; }
  }
}
var groups = gd.querySelectorAll('.scatterlayer .trace');
for (var g = 0; g < groups.length; g++) {
  var data = groups[g].__data__, tr = data && data[0] && data[0].trace;
  var fill = groups[g].querySelector('path.js-fill');
  if (!tr || !fill || String(tr.name || '').indexOf(name) < 0) { continue; }
  var bb = fill.getBBox(), ctm = fill.getScreenCTM(), best = null;
  for (var a = 1; a < 24; a++) {
    for (var b = 1; b < 24; b++) {
      var x = bb.x + bb.width * a / 24, y = bb.y + bb.height * b / 24, inside = true;
      [[0, 0], [4, 0], [-4, 0], [0, 4], [0, -4]].forEach(function (d) {
        inside = inside && fill.isPointInFill(new DOMPoint(x + d[0], y + d[1]));
      });
      if (!inside) { continue; }
      var p = new DOMPoint(x, y).matrixTransform(ctm), far = Math.abs(a - 12) + Math.abs(b - 12);
      if (visible(p.x, p.y) && (best === null || far < best[2])) { best = [p.x, p.y, far]; }
    }
  }
  if (best) { return [best[0], best[1]]; }
}
return null;
"""


def test_clicking_a_region_on_the_map_opens_its_page(browser):
    browser.open("/nl/veiligheidsregio", ready="#area-map")
    assert browser.find("#map-section").get_attribute("hidden") is None, "the map section is hidden"
    point = browser.wait_until(
        lambda: browser.js(MAP_POINT_JS, "VR02", "Fryslân"), "Fryslân (VR02) drawn on #area-map"
    )
    ActionChains(browser.driver).move_to_location(int(point[0]), int(point[1])).pause(0.2).click().perform()
    browser.wait_for_path("/nl/veiligheidsregio/VR02")
    assert browser.text("#area-title") == "Fryslân"


def test_searching_den_bosch_opens_the_municipality_with_a_link_to_its_region(browser):
    reference = load_reference()
    region = reference.regions[reference.region_of("GM0796")]
    browser.open("/nl/gemeente", ready="#area-search")
    choose_in_search(browser, "den bosch")
    browser.wait_for_path("/nl/gemeente/GM0796")
    assert browser.text("#area-title") == "'s-Hertogenbosch"
    link = browser.find("#region-link")
    assert link.text == region.name
    assert link.get_attribute("href") == browser.url(f"/nl/veiligheidsregio/{region.code}")


def test_switching_language_keeps_the_municipality(browser, exported):
    day, value = last(exported[("GM0796", "positive_tests_per_100k")])
    browser.open("/nl/gemeente/GM0796", ready="#kpi-positive_tests_per_100k")
    assert browser.js("return document.documentElement.lang") == "nl"
    assert number(browser.kpi_value("positive_tests_per_100k"), "nl") == pytest.approx(value)

    browser.find("#language-en").click()
    browser.wait_for_path("/en/gemeente/GM0796")
    assert browser.js("return document.documentElement.lang") == "en"
    assert browser.text("#area-title") == "'s-Hertogenbosch"
    assert browser.text("#tab-gm").startswith("Municipality")
    tile = browser.kpi("positive_tests_per_100k")
    assert number(browser.kpi_value("positive_tests_per_100k"), "en") == pytest.approx(value)
    assert long_date(day, "en") in tile["value_of"]
    assert browser.find("#language-nl").get_attribute("href") == browser.url("/nl/gemeente/GM0796")


# --- downloads ------------------------------------------------------------------------------------


def read_csv(text: str, language: str = "nl") -> tuple[list[str], list[list[str]]]:
    """A chart's CSV: long form, ";" and a decimal comma in Dutch, "," and a point in English."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";" if language == "nl" else ","))
    return rows[0], rows[1:]


def values_of(header: list[str], rows: list[list[str]], indicator: str, language: str) -> dict[str, float]:
    """{date: value} of one series of a long-form CSV."""
    column = {name: position for position, name in enumerate(header)}
    return {
        row[column["date"]]: number(row[column["value"]], language)
        for row in rows
        if row[column["indicator"]] == indicator and row[column["value"]] != ""
    }


def test_a_downloaded_csv_holds_the_exported_numbers(browser, exported):
    browser.open("/nl/gemeente/GM0796", ready=PER_100K)
    browser.wait_until(lambda: "range=3m" in csv_href(browser, PER_100K), "the CSV link of the chart")
    href = csv_href(browser, PER_100K)
    assert href == browser.url("/download/nl/gm/GM0796/positive_tests_per_100k.csv?range=3m")

    browser.find(f"{PER_100K} a[download]").click()
    saved = browser.downloaded().read_bytes()
    status, headers, body = fetch(href)
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert saved == body  # what the browser saved is what the link serves

    header, rows = read_csv(saved.decode())
    assert header[:2] == ["area_code", "area_name"]
    series = exported[("GM0796", "positive_tests_per_100k")]
    final, _ = last(series)
    expected = between(series, final - timedelta(days=91), final)
    shown = values_of(header, rows, "positive_tests_per_100k", "nl")
    assert shown == pytest.approx(expected)
    assert sorted(shown) == sorted(expected)

    # Another chart, its whole range, in English: bars and line both as exported.
    status, _, body = fetch(browser.url("/download/en/gm/GM0796/hospital_admissions.csv?range=all"))
    assert status == 200
    header, rows = read_csv(body.decode(), "en")
    for indicator in ("hospital_admissions", "hospital_admissions_3d_avg"):
        shown = values_of(header, rows, indicator, "en")
        assert shown == pytest.approx(exported[("GM0796", indicator)]), indicator


# --- a wrong address ------------------------------------------------------------------------------


def test_an_unknown_area_answers_404_with_the_not_found_view(browser):
    for path in ("/nl/gemeente/GM9999", "/en/gemeente/GM9999", "/nl/nergens"):
        status, headers, _ = fetch(browser.url(path))
        assert status == 404, path
        assert headers["Content-Type"].startswith("text/html"), path

    browser.open("/nl/gemeente/GM9999", status=404, ready="#not-found")
    view = browser.find("#not-found")
    assert "GM9999" in view.text
    assert browser.find("#not-found h1").text
    links = [a.get_attribute("href") for a in browser.find_all("#not-found a")]
    assert links == [browser.url(p) for p in ("/nl/", "/nl/veiligheidsregio", "/nl/gemeente")]


# --- keyboard only --------------------------------------------------------------------------------


def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(browser):
    browser.open("/nl/gemeente/GM0796", ready="#region-link")
    browser.press(Keys.TAB)
    focused = browser.active()
    assert "skip-link" in focused["cls"], focused
    box = browser.js("return document.activeElement.getBoundingClientRect().toJSON()")
    assert box["left"] >= 0 and box["top"] >= 0 and box["width"] > 1, f"skip link off screen: {box}"

    browser.press(Keys.ENTER)
    browser.wait_until(lambda: browser.active().get("id") == "main", "focus on #main after the skip link")
    after = browser.tab_to(lambda e: True, "the next element")
    assert browser.js("return document.getElementById('main').contains(document.activeElement)"), after


def test_navigating_by_a_tab_link_moves_focus_to_the_new_content(browser):
    browser.open("/nl/", ready="#tab-vr")
    browser.tab_to(lambda e: e.get("id") == "tab-vr", "the safety-region tab")
    browser.press(Keys.ENTER)
    browser.wait_for_path("/nl/veiligheidsregio")
    # assets/app.js moves focus to <main> after a navigation inside the app, so that a keyboard or
    # screen-reader user continues in the new content instead of at the top of the document.
    assert browser.active().get("id") == "main", browser.active()


def test_tabs_search_time_range_table_and_csv_work_by_keyboard(browser):
    browser.open("/nl/veiligheidsregio", ready="#tab-gm")
    browser.tab_to(lambda e: e.get("id") == "tab-gm", "the municipality tab")
    browser.press(Keys.ENTER)
    browser.wait_for_path("/nl/gemeente")
    assert "active" in browser.find("#tab-gm").get_attribute("class")

    browser.tab_to(lambda e: e.get("id") == "area-search", "the search box")
    # Typed into the focused box (the element, so that no keystroke can go elsewhere), then Enter.
    box = browser.find("#area-search")
    box.send_keys("den bosch")
    browser.wait_until(lambda: box.get_attribute("value") == "den bosch", "the typed name in the box")
    box.send_keys(Keys.ENTER)
    browser.wait_for_path("/nl/gemeente/GM0796")

    card = PER_100K[1:]
    pick = browser.tab_to(
        lambda e: e.get("tag") == "button" and e.get("card") == card, "the time ranges of the first chart"
    )
    assert pick["text"] == "Alles"
    browser.tab_to(lambda e: e.get("text") == "30 dagen" and e.get("card") == card, "the 30-day range")
    browser.press(Keys.ENTER)
    browser.wait_until(lambda: csv_href(browser, PER_100K).endswith("range=30d"), "the 30-day range")
    browser.wait_until(lambda: len(bars(browser, PER_100K)) == 30, "30 bars")

    toggle = browser.tab_to(
        lambda e: e.get("tag") == "button" and e.get("card") == card and e.get("expanded") is not None,
        "the table button",
    )
    assert toggle["expanded"] == "false" and toggle["text"] == "Toon de cijfers als tabel"
    browser.press(Keys.ENTER)
    browser.wait_until(lambda: browser.active().get("expanded") == "true", "the table to open")
    assert len(browser.find_all(f"{PER_100K} .chart-table tbody tr")) == 30
    browser.press(Keys.SPACE)
    browser.wait_until(lambda: browser.active().get("expanded") == "false", "the table to close")
    assert not browser.find_all(f"{PER_100K} .chart-table tbody tr")

    link = browser.tab_to(lambda e: e.get("tag") == "a" and e.get("card") == card, "the CSV link")
    assert link["href"] == "/download/nl/gm/GM0796/positive_tests_per_100k.csv?range=30d"
    browser.press(Keys.ENTER)
    header, rows = read_csv(browser.downloaded().read_text())
    assert len(values_of(header, rows, "positive_tests_per_100k", "nl")) == 30
