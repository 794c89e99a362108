"""``/.well-known/security.txt`` (RFC 9116): where to report a vulnerability.

Reports go to the National Cyber Security Centre's coordinated vulnerability disclosure form. The
expiry date is computed from today's date, so the file never goes stale while the app runs.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

import flask

PATH = "/.well-known/security.txt"
ENDPOINT = "security_txt"
CONTACT = "https://www.ncsc.nl/contact/kwetsbaarheid-melden"
PREFERRED_LANGUAGES = "nl, en"
# RFC 9116 2.5.5: "less than a year into the future" is recommended.
VALID_FOR = timedelta(days=180)
# A host name or IPv4 address, or a bracketed IPv6 address, with an optional port.
HOST_PATTERN = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?")


def security_txt(canonical_url: str, today: date) -> str:
    expires = datetime.combine(today + VALID_FOR, time(0), tzinfo=UTC)
    fields = (
        ("Contact", CONTACT),
        ("Expires", expires.strftime("%Y-%m-%dT%H:%M:%SZ")),
        ("Preferred-Languages", PREFERRED_LANGUAGES),
        ("Canonical", canonical_url),
    )
    return "".join(f"{name}: {value}\n" for name, value in fields)


def install_security_txt(server: flask.Flask, *, https: bool) -> None:
    """``https``: the site is served over TLS, so the canonical URL says https whatever the proxy sent."""

    def serve() -> flask.Response:
        request = flask.request
        if not HOST_PATTERN.fullmatch(request.host):
            flask.abort(400)
        scheme = "https" if https else request.scheme
        body = security_txt(f"{scheme}://{request.host}{PATH}", datetime.now(UTC).date())
        return flask.Response(body, mimetype="text/plain")

    server.add_url_rule(PATH, ENDPOINT, serve, methods=["GET"])
