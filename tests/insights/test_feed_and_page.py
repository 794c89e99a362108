"""The Atom feed of this week's crossings, the page "What changed this week" and the area notice."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from xml.etree import ElementTree

import pytest
from dash import dcc, html

from dashapp.app import create_server
from dashapp.config import Config
from dashapp.i18n import use_language
from dashapp.insights.crossings import crossings
from dashapp.insights.feed import atom_feed
from dashapp.layouts.changes import crossing_notice, layout

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def client(store):
    server = create_server(Config(), store=store)
    server.testing = True
    return server.test_client()


@pytest.fixture(scope="module")
def found(store):
    result = crossings(store.current)
    # The demo data rise in the last weeks: every kind of crossing is there to be shown.
    assert {item.rule for item in result.items} == {"signal", "risk_band", "hospital", "sewage"}
    return result


def parse_feed(body: bytes) -> ElementTree.Element:
    root = ElementTree.fromstring(body)
    assert root.tag == f"{ATOM}feed"
    # What RFC 4287 requires of a feed and of each entry.
    for name in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{name}") is not None, name
    for entry in root.iter(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{name}") or "").strip(), name
        datetime.fromisoformat(entry.findtext(f"{ATOM}updated").replace("Z", "+00:00"))
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href").startswith("http://localhost/")
    return root


@pytest.mark.parametrize(
    "path, language", [("/nl/deze-week/feed.xml", "nl"), ("/en/this-week/feed.xml", "en")]
)
def test_the_feed_is_atom_with_one_entry_per_crossing(client, found, path, language):
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    root = parse_feed(response.data)
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == language
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == len(found.items)
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert ids == [item.entry_id for item in found.items]
    assert len(set(ids)) == len(ids)
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == "http://localhost" + path


def test_entry_ids_are_the_same_in_both_languages_and_on_every_request(client):
    def ids(path):
        return [e.findtext(f"{ATOM}id") for e in parse_feed(client.get(path).data).iter(f"{ATOM}entry")]

    assert ids("/nl/deze-week/feed.xml") == ids("/en/this-week/feed.xml") == ids("/nl/deze-week/feed.xml")


def test_the_feed_of_one_area(client, found):
    code = next(item.code for item in found.items if item.level == "gm")
    response = client.get(f"/en/this-week/feed.xml?area={code.lower()}")
    assert response.status_code == 200
    entries = parse_feed(response.data).findall(f"{ATOM}entry")
    assert len(entries) == len(found.of_area(code)) > 0
    summary = entries[0].findtext(f"{ATOM}summary")
    assert "Before:" in summary and "After:" in summary


def test_an_area_without_crossings_has_an_empty_valid_feed(client, found):
    quiet = next(
        code
        for code in client.application.extensions["dashapp_store"].reference.municipalities
        if not found.of_area(code)
    )
    root = parse_feed(client.get(f"/nl/deze-week/feed.xml?area={quiet}").data)
    assert root.findall(f"{ATOM}entry") == []


@pytest.mark.parametrize(
    "path, status",
    [
        ("/nl/deze-week/feed.xml?area=GM9999", 404),
        ("/nl/deze-week/feed.xml?area=" + "x" * 40, 400),
        ("/nl/deze-week/feed.xml?area=", 400),
        ("/nl/vergelijk/feed.xml", 404),
        ("/de/deze-week/feed.xml", 404),
    ],
)
def test_bad_feed_requests_get_4xx(client, path, status):
    assert client.get(path).status_code == status


def test_the_feed_answers_304_to_its_etag(client):
    first = client.get("/nl/deze-week/feed.xml")
    again = client.get("/nl/deze-week/feed.xml", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def strings(component) -> list[str]:
    found: list[str] = []

    def walk(node):
        if isinstance(node, str):
            found.append(node)
        elif isinstance(node, list | tuple):
            for child in node:
                walk(child)
        elif node is not None and hasattr(node, "children"):
            walk(node.children)

    walk(component)
    return found


def links(component) -> list[str]:
    result = []

    def walk(node):
        if isinstance(node, list | tuple):
            for child in node:
                walk(child)
        elif isinstance(node, dcc.Link | html.A):
            result.append(node.href)
            walk(node.children)
        elif node is not None and hasattr(node, "children"):
            walk(node.children)

    walk(component)
    return result


@pytest.mark.parametrize(
    "language, words",
    [
        ("nl", ["7 positieve tests per 100.000", "50", "150", "250", "5%", "10%", "indicatief", "minister"]),
        ("en", ["7 positive tests per 100,000", "50", "150", "250", "5%", "10%", "indicative", "minister"]),
    ],
)
def test_the_page_states_thresholds_and_that_bands_are_indicative(store, language, words):
    with use_language(language):
        text = " ".join(strings(layout(store.current, store.reference, "")))
    for word in words:
        assert word in text


def test_the_page_has_a_line_with_a_link_per_crossing(store, found):
    with use_language("en"):
        page = layout(store.current, store.reference, "")
    hrefs = links(page)
    for item in found.items:
        target = (
            "/en/"
            if item.level == "nl"
            else f"/en/{'gemeente' if item.level == 'gm' else 'veiligheidsregio'}/{item.code}"
        )
        assert target in hrefs
    assert "/en/this-week/feed.xml" in hrefs


def test_the_page_of_one_area_shows_only_its_lines(store, found):
    code = next(item.code for item in found.items if item.level == "vr")
    with use_language("nl"):
        page = layout(store.current, store.reference, f"?area={code}")
    area_links = [href for href in links(page) if "/veiligheidsregio/" in href or "/gemeente/" in href]
    assert set(area_links) == {f"/nl/veiligheidsregio/{code}"}
    assert f"/nl/deze-week/feed.xml?area={code}" in links(page)


def test_the_notice_appears_only_where_the_area_crossed_something(store, found):
    crossed = next(item for item in found.items if item.level == "gm")
    quiet = next(code for code in store.reference.municipalities if not found.of_area(code))
    with use_language("en"):
        notice = crossing_notice(store.current, "gm", crossed.code)
        assert crossing_notice(store.current, "gm", quiet) is None
    text = " ".join(strings(notice))
    assert store.reference.name(crossed.code) in text
    assert f"/en/this-week?area={crossed.code}" in links(notice)


def test_names_in_the_feed_are_escaped(store, found):
    crossing = next(item for item in found.items if item.level == "gm")
    reference = store.reference
    hostile = '<script>alert("x")</script> & Co'
    municipalities = dict(reference.municipalities)
    municipalities[crossing.code] = dataclasses.replace(municipalities[crossing.code], name=hostile)
    changed = dataclasses.replace(reference, municipalities=municipalities)
    with use_language("en"):
        body = atom_feed(
            [crossing],
            changed,
            base_url="http://localhost",
            self_path="/en/this-week/feed.xml",
            page_path="/en/this-week",
            area=None,
            built_at=store.current.built_at,
        )
    assert b"<script>" not in body
    entry = parse_feed(body).find(f"{ATOM}entry")
    assert hostile in entry.findtext(f"{ATOM}title")
