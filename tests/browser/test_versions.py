"""One version of the data on one screen: when the ingest publishes while a page is open, the page's
next answer comes from the new version and the whole page is drawn again from it."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.browser.conftest import DashboardBrowser
from tests.servers import ServerFailed, fetch, gunicorn

pytestmark = pytest.mark.browser
LCPS = "covid-19.csv"
PER_100K = "#chart-positive_tests_per_100k"


def served_version(url: str) -> str:
    return json.loads(fetch(url + "/healthz")[2])["served_version"]


def test_an_open_page_moves_to_a_new_version_as_a_whole(chromium, demo_data_dir, download_dir, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(demo_data_dir, data)
    settings = {"DASHAPP_REFRESH_SECONDS": "1", "DASHAPP_MANIFEST_SECONDS": "0.5", "DASHAPP_BOUNDARIES": ""}
    try:
        with gunicorn(data, tmp_path / "server", env=settings) as server:
            browser = DashboardBrowser.fresh(chromium, server, download_dir)
            browser.open("/nl/", ready=PER_100K)
            first = browser.js("return document.querySelector('meta[name=\"data-version\"]').content")
            assert first == served_version(server.url)
            beds = int(browser.kpi_value("ic_beds_occupied").replace(".", ""))

            header, *rows = (data / LCPS).read_text().splitlines()
            cells = rows[0].split(",")  # the newest day comes first
            cells[1] = str(int(cells[1]) + 5)
            (data / ".lcps.new").write_text("\n".join([header, ",".join(cells), *rows[1:]]) + "\n")
            (data / ".lcps.new").replace(data / LCPS)
            browser.wait_until(
                lambda: served_version(server.url) != first, "the ingest to publish", timeout=30
            )

            # A chart's answer now comes from the new version: the page redraws itself from it.
            browser.find(f"{PER_100K} .range-picks button[id*='\"chart-pick-30d\"']").click()
            browser.wait_until(
                lambda: (
                    browser.js("return document.documentElement.getAttribute('data-version')")
                    not in (None, first)
                ),
                "the page to take the new version",
            )
            browser.wait_for_callbacks()
            assert int(browser.kpi_value("ic_beds_occupied").replace(".", "")) == beds + 5
            browser.assert_healthy()
    except ServerFailed as error:
        pytest.fail(str(error))
