"""The fair-use limit holds per client across the workers of a host: with two gunicorn workers a
client gets the limit once, not once per worker; and the shared table keeps its buckets apart."""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

import pytest

from dashapp.api.fair_use import FairUse
from tests.servers import ServerFailed, gunicorn

LIMIT = 5


@pytest.fixture(scope="module")
def two_workers(demo_data_dir, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fair-use-gunicorn")
    env = {"DASHAPP_API_REQUESTS_PER_MINUTE": str(LIMIT), "DASHAPP_REFRESH_SECONDS": "3600"}
    try:
        with gunicorn(demo_data_dir, folder, workers=2, env=env) as server:
            yield server
    except ServerFailed as error:
        pytest.fail(str(error))


def connection_per_worker(url: str) -> dict[int, http.client.HTTPConnection]:
    """Keep-alive connections until each of the two workers holds one (a connection stays with the
    worker that accepted it): worker pid -> its connection."""
    netloc = urlsplit(url).netloc
    found: dict[int, http.client.HTTPConnection] = {}
    for _attempt in range(200):
        connection = http.client.HTTPConnection(netloc, timeout=10)
        connection.request("GET", "/healthz")
        answer = connection.getresponse()
        pid = json.loads(answer.read())["worker_pid"]
        if pid in found:
            connection.close()
        else:
            found[pid] = connection
        if len(found) == 2:
            return found
    raise AssertionError(f"only {len(found)} worker(s) answered 200 new connections")


def test_two_workers_share_one_allowance_per_client(two_workers):
    connections = list(connection_per_worker(two_workers.url).values())
    try:
        answers = []
        # alternate between the workers: each alone would allow LIMIT requests
        for number in range(2 * LIMIT):
            connection = connections[number % 2]
            connection.request("GET", "/api/v1/indicators?format=csv")
            answer = connection.getresponse()
            answer.read()
            answers.append((answer.status, answer.getheader("Retry-After")))
        assert [status for status, _retry in answers] == [200] * LIMIT + [429] * LIMIT
        # one request every 60 / LIMIT = 12 seconds: the next is due within 12 s
        assert all(0 < int(retry) <= 60 // LIMIT for _status, retry in answers[LIMIT:])
        assert all(retry is None for _status, retry in answers[:LIMIT])
    finally:
        for connection in connections:
            connection.close()


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_many_clients_keep_their_own_buckets_in_the_shared_table():
    limit = FairUse(2, clock=Clock(), max_clients=1000)
    clients = [f"203.0.113.{i}" for i in range(200)]
    assert all(limit.take(client).allowed for client in clients for _ in range(2))
    assert not any(limit.take(client).allowed for client in clients)
    assert len(limit) == 200


def test_a_full_table_forgets_the_least_recently_seen_client_of_a_slot_group():
    limit = FairUse(1, clock=Clock(), max_clients=16)  # one group of 16 slots
    for i in range(16):
        assert limit.take(f"c{i}").allowed
    assert not limit.take("c0").allowed  # c0 seen again: c1 is now the least recent
    assert limit.take("new").allowed and len(limit) == 16
    assert limit.take("c1").allowed  # forgotten: a full bucket again (c2 makes room)
    assert not limit.take("c0").allowed and not limit.take("new").allowed
