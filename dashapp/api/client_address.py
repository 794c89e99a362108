"""Which client a request comes from, for the fair-use limit.

Behind a proxy every request arrives from the proxy's address; the proxy names the client in
``X-Forwarded-For`` (each proxy appends the address it received the request from). That header is
believed only from peers in ``DASHAPP_TRUSTED_PROXIES``: anyone else could write any address there
and get a fresh allowance with each. From a trusted peer the list is read from its end (the entry
the nearest proxy wrote) past further trusted proxies; the first address that is not a trusted proxy
is the client. An entry that is not an IP address ends the walk at the proxy that passed it on.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """Addresses and CIDR ranges (``10.0.0.0/8``, ``2001:db8::1``); ``ValueError`` names a bad one."""
    networks = []
    for entry in entries:
        text = entry.strip()
        if not text:
            continue
        try:
            networks.append(ipaddress.ip_network(text, strict=False))
        except ValueError:
            raise ValueError(f"{text[:60]!r} is not an IP address or network") from None
    return tuple(networks)


def _address(text: str) -> Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    # an IPv4 client seen through an IPv6 socket (::ffff:192.0.2.7) is that IPv4 client
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


class ClientAddress:
    def __init__(self, trusted_proxies: Sequence[Network] = ()) -> None:
        self.trusted_proxies = tuple(trusted_proxies)

    def _trusted(self, address: Address) -> bool:
        return any(address in network for network in self.trusted_proxies)

    def of(self, peer: str | None, forwarded_for: Sequence[str] = ()) -> str:
        """The client of a request that came from ``peer`` with these ``X-Forwarded-For`` headers."""
        if not self.trusted_proxies or not forwarded_for:
            return peer or "unknown"
        current = _address(peer or "")
        if current is None or not self._trusted(current):
            return peer or "unknown"
        hops = [hop for header in forwarded_for for hop in header.split(",")]
        for hop in reversed(hops):
            found = _address(hop)
            if found is None:
                break
            current = found
            if not self._trusted(current):
                break
        return str(current)
