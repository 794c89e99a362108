"""The scripts of the index page: nothing a current browser does not need, the theme set in <head>."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from dashapp.app import create_server
from dashapp.config import Config
from dashapp.data.store import DataStore, DirectorySource
from dashapp.web.vendor import page_scripts

DASH_TAGS = (
    '<script src="/_dash-component-suites/dash/deps/polyfill@7.v4_4_1m1.12.1.min.js"></script>\n'
    '<script src="/_dash-component-suites/dash/deps/react@18.v4_4_1m1.3.1.min.js"></script>\n'
    '<script src="/vendor/plotly-basic.min.js?v=abc"></script>\n'
    '<script src="/assets/app.js?m=1.5"></script>\n'
    '<script src="/assets/theme.js?m=2.5"></script>\n'
    '<script src="/_dash-component-suites/dash/dash-renderer/build/dash_renderer.v4_4_1m1.min.js"></script>\n'
    '<script src="/_dash-component-suites/dash/dash_table/bundle.v7_4_1m1.js"></script>\n'
    '<script id="_dash-renderer" type="application/javascript">var renderer = new DashRenderer();</script>\n'
)


def sources(html: str) -> list[str]:
    return re.findall(r'<script[^>]*\bsrc="([^"]*)"', html)


def test_the_polyfills_and_the_unused_table_bundle_are_left_out_and_the_order_kept():
    body = page_scripts(DASH_TAGS).body
    assert sources(body) == [
        "/_dash-component-suites/dash/deps/react@18.v4_4_1m1.3.1.min.js",
        "/vendor/plotly-basic.min.js?v=abc",
        "/assets/app.js?m=1.5",
        "/_dash-component-suites/dash/dash-renderer/build/dash_renderer.v4_4_1m1.min.js",
    ]
    # Dash's inline start of the renderer stays, after every script it needs.
    assert body.rstrip().endswith("var renderer = new DashRenderer();</script>")


def test_the_theme_script_moves_to_the_head():
    scripts = page_scripts(DASH_TAGS)
    assert scripts.head == '<script src="/assets/theme.js?m=2.5"></script>'
    assert "theme.js" not in scripts.body


def test_without_a_theme_script_the_head_gets_nothing():
    assert page_scripts('<script src="/assets/app.js"></script>').head == ""


@pytest.fixture(scope="module")
def store(demo_data_dir) -> Iterator[DataStore]:
    store = DataStore(DirectorySource(demo_data_dir, demo=True), refresh_seconds=3600)
    store.refresh()
    yield store
    store.stop()


def test_the_served_page_sets_the_theme_before_its_body_and_loads_no_polyfill(store):
    page = create_server(Config(), store=store).test_client().get("/nl/").get_data(as_text=True)
    head, body = page.split("</head>", 1)
    assert any(source.startswith("/assets/theme.js") for source in sources(head))
    assert not any("theme.js" in source for source in sources(body))
    every = sources(page)
    assert not any("polyfill" in source or "dash_table" in source for source in every)
    # The generator runtime that replaces the polyfill's comes before Dash's renderer needs it.
    app_js = next(i for i, source in enumerate(every) if source.startswith("/assets/app.js"))
    renderer = next(i for i, source in enumerate(every) if "dash_renderer" in source)
    assert app_js < renderer


def test_dashs_scripts_wait_inert_in_a_template_that_our_start_script_plays(store):
    """Dash's tags, its renderer's start last, are kept in a <template> (the browser runs nothing in
    one); the only script of the body that runs is ours, after it (dashapp/web/static/start.js)."""
    page = create_server(Config(), store=store).test_client().get("/nl/").get_data(as_text=True)
    body = page.split("</head>", 1)[1]
    before, rest = body.split('<template id="dash-scripts">', 1)
    kept, after = rest.split("</template>", 1)
    assert not sources(before)
    kept_sources = sources(kept)
    assert any("react-dom" in source for source in kept_sources)
    assert any("dash_renderer" in source for source in kept_sources)
    assert kept.rstrip().endswith("var renderer = new DashRenderer();</script>")
    assert [source.split("?", 1)[0] for source in sources(after)] == ["/vendor/start.js"]
    # The start script is served, under the versioned address the page names.
    client = create_server(Config(), store=store).test_client()
    served = client.get(sources(after)[0])
    assert served.status_code == 200
    assert b"dash-scripts" in served.data
