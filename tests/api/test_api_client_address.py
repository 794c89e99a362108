"""The fair-use limit counts the client behind a trusted proxy, and nobody else's X-Forwarded-For."""

from __future__ import annotations

import pytest

from dashapp.api.client_address import ClientAddress, parse_networks
from dashapp.app import create_server
from dashapp.config import Config, ConfigError

PROXY = "10.0.0.5"


def limited_client(api_store, trusted: tuple[str, ...]):
    config = Config(api_requests_per_minute=2, warm_cache=False, trusted_proxies=trusted)
    return create_server(config, store=api_store).test_client()


def get(client, peer: str, forwarded_for: str | None = None) -> int:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for is not None else {}
    return client.get("/api/v1/indicators", headers=headers, environ_base={"REMOTE_ADDR": peer}).status_code


def test_a_spoofed_forwarded_for_from_an_untrusted_peer_gets_no_fresh_allowance(api_store):
    client = limited_client(api_store, ())
    assert [get(client, "198.51.100.9", f"203.0.113.{i}") for i in range(3)] == [200, 200, 429]


def test_behind_a_trusted_proxy_each_client_has_its_own_allowance(api_store):
    client = limited_client(api_store, ("10.0.0.0/24",))
    assert [get(client, PROXY, "203.0.113.1") for _ in range(3)] == [200, 200, 429]
    # another client behind the same proxy is counted apart
    assert get(client, PROXY, "203.0.113.2") == 200
    # a client that writes an address of its own in front of the proxy's entry is still itself
    assert get(client, PROXY, "192.0.2.50, 203.0.113.1") == 429
    # the same header from a peer that is not a proxy of ours counts against that peer
    assert [get(client, "198.51.100.9", "203.0.113.3") for _ in range(3)] == [200, 200, 429]
    assert get(client, "198.51.100.9", "203.0.113.4") == 429


@pytest.mark.parametrize(
    ("peer", "headers", "client"),
    [
        ("10.0.0.5", ["203.0.113.1"], "203.0.113.1"),
        # a chain of our own proxies is walked past, from the nearest one
        ("10.0.0.5", ["203.0.113.1, 10.0.0.7"], "203.0.113.1"),
        ("10.0.0.5", ["192.0.2.9, 203.0.113.1", "10.0.0.7"], "203.0.113.1"),
        # what the client itself wrote to the left of the entry our proxy made is not believed
        ("10.0.0.5", ["1.1.1.1, 203.0.113.1"], "203.0.113.1"),
        # an entry that is not an address ends the walk at the proxy that passed it on
        ("10.0.0.5", ["203.0.113.1, bogus"], "10.0.0.5"),
        ("10.0.0.5", [], "10.0.0.5"),
        # IPv6 peers and ranges, and an IPv4 client written as IPv6
        ("2001:db8::1", ["::ffff:203.0.113.1"], "203.0.113.1"),
        # untrusted peers: their header is ignored
        ("192.0.2.1", ["203.0.113.1"], "192.0.2.1"),
        ("bogus", ["203.0.113.1"], "bogus"),
    ],
)
def test_the_client_is_read_from_the_nearest_untrusted_hop(peer, headers, client):
    addresses = ClientAddress(parse_networks(["10.0.0.0/24", "2001:db8::/32"]))
    assert addresses.of(peer, headers) == client


def test_without_trusted_proxies_the_peer_is_the_client():
    assert ClientAddress().of("192.0.2.1", ["203.0.113.1"]) == "192.0.2.1"


def test_the_setting_takes_addresses_and_ranges_and_refuses_anything_else():
    config = Config.from_env({"DASHAPP_TRUSTED_PROXIES": " 10.0.0.1, 172.16.0.0/12 ,2001:db8::/32,"})
    assert config.trusted_proxies == ("10.0.0.1", "172.16.0.0/12", "2001:db8::/32")
    assert Config.from_env({}).trusted_proxies == ()
    with pytest.raises(ConfigError, match="DASHAPP_TRUSTED_PROXIES"):
        Config.from_env({"DASHAPP_TRUSTED_PROXIES": "10.0.0.1, proxy.example"})
