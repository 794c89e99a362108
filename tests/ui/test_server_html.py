"""The page the server sends: Dash component trees written as HTML (escaped), the explanatory pages'
Markdown, and the whole page of each kind with its figures, in both languages."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import ClassVar

import pytest
from dash import dcc, html

from dashapp.app import create_server
from dashapp.config import Config
from dashapp.data.store import DataStore, DirectorySource
from dashapp.layouts.markdown_html import inline_html, markdown_html
from dashapp.layouts.server_html import render
from tests.ui.layout_tools import shown_value


def test_texts_and_attributes_are_escaped():
    tree = html.Div(
        [
            html.P('<script>alert("x")</script> & more'),
            html.A("link", href='/nl/"onmouseover="x', title="a<b"),
        ],
        className='c"><img src=x>',
    )
    out = render(tree)
    assert "<script>" not in out and "<img" not in out
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; more" in out
    assert 'href="/nl/&#34;onmouseover=&#34;x"' in out
    assert 'class="c&#34;&gt;&lt;img src=x&gt;"' in out


def test_unsafe_addresses_and_unknown_attribute_names_are_dropped():
    out = render(html.A("x", href="javascript:alert(1)", **{"data-ok": "1", "aria-label": "y"}))
    assert out.startswith("<a ") and out.endswith(">x</a>") and "href" not in out
    assert ' data-ok="1"' in out and ' aria-label="y"' in out
    assert render(dcc.Link("home", href="JAVASCRIPT:alert(1)")) == "<a>home</a>"


def test_components_become_their_html_and_dash_bookkeeping_disappears():
    tree = html.Section(
        [
            dcc.Store(id="s", data={"a": 1}),
            html.Button("Press", id={"type": "t", "key": "k"}, n_clicks=0, **{"aria-expanded": "false"}),
            html.Span("x", hidden=True, style={"backgroundColor": "red", "--value": "5%"}),
            dcc.Link("Home", href="/nl/", className="nav-link"),
            dcc.Graph(id="g", figure={"data": []}, style={"height": "300px"}, className="chart-graph"),
            html.Br(),
            42,
            None,
        ],
        id="sec",
        tabIndex="-1",
    )
    assert render(tree) == (
        '<section id="sec" tabindex="-1">'
        '<button id="{&#34;key&#34;:&#34;k&#34;,&#34;type&#34;:&#34;t&#34;}" '
        'aria-expanded="false">Press</button>'
        '<span hidden style="background-color:red;--value:5%">x</span>'
        '<a class="nav-link" href="/nl/">Home</a>'
        '<div id="g" class="dash-graph ssr-graph chart-graph" style="height:300px"></div>'
        "<br>42</section>"
    )


def test_an_input_keeps_its_box_and_its_typed_text_is_escaped():
    out = render(dcc.Input(id="q", type="search", value='"><b>', placeholder="A name", maxLength=80))
    expected = '<input id="q" type="search" placeholder="A name" value="&#34;&gt;&lt;b&gt;" maxlength="80">'
    assert out == expected


def test_fill_replaces_the_properties_of_a_slot():
    layout = html.Div([html.Div(id="slot"), html.Section(id="map", hidden=True)])
    out = render(layout, {"slot": {"children": html.P("filled")}, "map": {"hidden": False}})
    assert out == '<div><div id="slot"><p>filled</p></div><section id="map"></section></div>'


def test_markdown_of_the_pages_becomes_paragraphs_lists_and_links():
    text = (
        "First **bold** and *em* with `code *not em*`.\n"
        "Still the first paragraph, see [the FAQ](/en/faq#x).\n\n"
        "- one item\n  that continues\n- two [bad](javascript:void)\n\n"
        "100. a numbered item\n"
    )
    assert markdown_html(text) == (
        "<p>First <strong>bold</strong> and <em>em</em> with <code>code *not em*</code>. "
        'Still the first paragraph, see <a href="/en/faq#x">the FAQ</a>.</p>'
        "<ul><li>one item that continues</li><li>two bad</li></ul>"
        "<ol><li>a numbered item</li></ol>"
    )
    assert inline_html("<b>a</b> & [x](https://example.org/?a=1&b=2)") == (
        '&lt;b&gt;a&lt;/b&gt; &amp; <a href="https://example.org/?a=1&amp;b=2">x</a>'
    )


class _Balanced(HTMLParser):
    """Counts elements that were opened and not closed (void elements aside)."""

    VOID: ClassVar[frozenset[str]] = frozenset(
        {"br", "hr", "img", "input", "meta", "link", "col", "source", "wbr", "area", "embed", "track"}
    )

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1:]}>"
        self.stack.pop()


@pytest.fixture(scope="module")
def client(demo_data_dir):
    store = DataStore(DirectorySource(demo_data_dir, demo=True), refresh_seconds=3600)
    store.refresh()
    server = create_server(Config(), store=store)
    yield server.test_client(), store.current
    store.stop()


def server_page(client, path: str) -> str:
    response = client.get(path)
    body = response.get_data(as_text=True)
    match = re.search(
        r'<div id="server-page">(.*)</div><div id="react-entry-point" class="dash-behind">', body, re.S
    )
    assert match, "the page carries no server-rendered content"
    return match.group(1)


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(
    "path, indicator, level, code",
    [
        ("/{lang}/", "hospital_admissions_3d_avg", "nl", "NL"),
        ("/{lang}/veiligheidsregio/VR13", "positive_tests_per_100k", "vr", "VR13"),
        ("/{lang}/gemeente/GM0363", "positive_tests_per_100k", "gm", "GM0363"),
    ],
)
def test_area_pages_carry_their_figures_in_the_html(client, language, path, indicator, level, code):
    test_client, snapshot = client
    page = server_page(test_client, path.format(lang=language))
    parser = _Balanced()
    parser.feed(page)
    assert parser.stack == []
    latest = snapshot.latest(level, code, indicator)
    tile = re.search(rf'<section id="kpi-{indicator}" class="kpi-tile">(.*?)</section>', page, re.S)
    assert tile, f"no tile of {indicator}"
    assert f'<p class="kpi-value">{shown_value(indicator, latest.value, language)}' in tile.group(1)
    assert ("Waarde van" if language == "nl" else "Value of") in tile.group(1)
    assert 'id="glance"' in page and 'class="glance-date"' in page


@pytest.mark.parametrize(
    "language, heading", [("nl", "Veelgestelde vragen"), ("en", "Frequently asked questions")]
)
def test_explanatory_pages_carry_their_text_in_the_html(client, language, heading):
    page = server_page(client[0], f"/{language}/faq")
    assert f'<h1 id="page-title">{heading}</h1>' in page
    assert page.count("<details") > 5 and "<p>" in page


def test_an_unknown_page_is_a_404_with_the_not_found_view_in_the_html(client):
    response = client[0].get("/en/gemeente/GM9999")
    assert response.status_code == 404
    assert 'id="not-found"' in response.get_data(as_text=True)
