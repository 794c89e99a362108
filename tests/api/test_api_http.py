"""Caching a CDN can use, CORS for GET, and the fair-use limit."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from dashapp.api.fair_use import FairUse
from dashapp.app import create_server
from dashapp.config import Config

SERIES = "/api/v1/areas/gm/GM0363/series?indicator=positive_tests&range=30d"


def test_answers_carry_an_etag_last_modified_and_public_cache_control(api_client, api_store):
    answer = api_client.get(SERIES)
    assert answer.headers["Cache-Control"] == "public, max-age=300"
    assert answer.headers["ETag"].strip('"')
    built = api_store.current.built_at.astimezone(UTC).replace(microsecond=0)
    assert answer.last_modified == built
    # one answer per address: another range is another resource with another tag
    other = api_client.get(SERIES.replace("30d", "5w"))
    assert other.headers["ETag"] != answer.headers["ETag"]


def test_a_matching_if_none_match_gets_304_without_a_body(api_client):
    etag = api_client.get(SERIES).headers["ETag"]
    again = api_client.get(SERIES, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag
    assert again.headers["Cache-Control"] == "public, max-age=300"
    assert api_client.get(SERIES, headers={"If-None-Match": '"something-else"'}).status_code == 200


def test_if_modified_since_the_snapshot_gets_304(api_client, api_store):
    built = api_store.current.built_at.astimezone(UTC)
    later = (built + timedelta(seconds=5)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    earlier = (built - timedelta(days=1)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert api_client.get(SERIES, headers={"If-Modified-Since": later}).status_code == 304
    assert api_client.get(SERIES, headers={"If-Modified-Since": earlier}).status_code == 200


class _Fixed:
    """A store holding one given snapshot."""

    def __init__(self, snapshot, reference):
        self.current = snapshot
        self.reference = reference
        self.running = True

    def on_new_snapshot(self, callback):
        pass


def test_the_etag_changes_with_the_data_version(api_store):
    snapshot = api_store.current
    newer = replace(snapshot, version="another-version", built_at=datetime.now(UTC))
    first = create_server(Config(api_requests_per_minute=0, warm_cache=False), store=api_store, load=False)
    second = create_server(
        Config(api_requests_per_minute=0, warm_cache=False),
        store=_Fixed(newer, api_store.reference),
        load=False,
    )
    old_tag = first.test_client().get(SERIES).headers["ETag"]
    fresh = second.test_client().get(SERIES, headers={"If-None-Match": old_tag})
    assert fresh.status_code == 200  # the client's copy is of the old version
    assert fresh.headers["ETag"] != old_tag


def test_any_site_may_read_with_get_and_send_conditional_headers(api_client):
    answer = api_client.get(SERIES, headers={"Origin": "https://example.org"})
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in answer.headers["Access-Control-Expose-Headers"]
    assert answer.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    preflight = api_client.options(
        SERIES,
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match",
        },
    )
    assert preflight.status_code == 200
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]
    assert "If-None-Match" in preflight.headers["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in preflight.headers


def test_pages_are_not_opened_to_other_sites(api_client):
    page = api_client.get("/nl/")
    assert "Access-Control-Allow-Origin" not in page.headers
    assert page.headers["Cross-Origin-Resource-Policy"] == "same-origin"


def test_the_fair_use_limit_answers_429_with_retry_after(api_store):
    client = create_server(Config(api_requests_per_minute=3, warm_cache=False), store=api_store).test_client()
    for _ in range(3):
        assert client.get("/api/v1/indicators").status_code == 200
    refused = client.get("/api/v1/indicators")
    assert refused.status_code == 429
    assert refused.mimetype == "application/json"
    assert "3 requests a minute" in refused.get_json()["error"]["message"]
    assert int(refused.headers["Retry-After"]) == 20  # one request every 60 / 3 seconds
    assert refused.headers["Cache-Control"] == "no-store"
    assert refused.headers["Access-Control-Allow-Origin"] == "*"
    # the pages are not limited, and another client has its own allowance
    assert client.get("/nl/").status_code == 200
    other = client.get("/api/v1/indicators", environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert other.status_code == 200


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_a_bucket_refills_at_the_rate_of_the_limit():
    clock = Clock()
    limit = FairUse(120, clock=clock)  # two a second
    assert all(limit.take("a").allowed for _ in range(120))
    refused = limit.take("a")
    assert not refused.allowed and refused.retry_after == 1
    clock.now += 0.5  # one more request's worth
    assert limit.take("a").allowed
    assert not limit.take("a").allowed
    clock.now += 3600  # an idle client is back to a full bucket, never more
    assert sum(limit.take("a").allowed for _ in range(200)) == 120


def test_the_buckets_forget_the_least_recent_clients_first():
    limit = FairUse(1, clock=Clock(), max_clients=2)
    assert limit.take("a").allowed
    assert limit.take("b").allowed
    assert not limit.take("a").allowed  # "a" is the most recent now
    assert limit.take("c").allowed  # "b" is forgotten
    assert len(limit) == 2
    assert limit.take("b").allowed  # a forgotten client starts again ("a" is forgotten now)
    assert not limit.take("c").allowed  # "c" is remembered: its one request is spent


def test_a_limit_of_zero_switches_it_off(api_store):
    client = create_server(Config(api_requests_per_minute=0, warm_cache=False), store=api_store).test_client()
    assert all(client.get("/api/v1/indicators").status_code == 200 for _ in range(30))
    with pytest.raises(ValueError):
        FairUse(0)
