"""The open-data page documents the API in both languages; every example on it answers as it says."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest

from dashapp.api.http import MAX_AGE
from dashapp.config import DEFAULT_API_REQUESTS_PER_MINUTE
from dashapp.content import CONTENT_DIR, Page, parse_page
from dashapp.i18n import LANGUAGES

EXAMPLE = re.compile(r"^GET (?P<path>/\S+)(?: → (?P<status>\d{3}))?$")
TYPES = {
    ".csv": "text/csv",
    "format=csv": "text/csv",
    ".json": "application/json",
    "/api/": "application/json",
    ".parquet": "application/vnd.apache.parquet",
    ".zip": "application/zip",
    "/embed/": "text/html",
    ".svg": "image/svg+xml",
}


def page(language: str) -> Page:
    path = CONTENT_DIR / language / "open-data.md"
    return parse_page(path.read_text(encoding="utf-8"), source=str(path))


def examples(language: str) -> list[tuple[str, int]]:
    found = []
    for section in page(language).sections:
        for line in section.body.splitlines():
            match = EXAMPLE.match(line.strip())
            if match:
                found.append((match["path"], int(match["status"] or 200)))
    return found


def expected_type(path: str) -> str:
    address = path.split("?", 1)[0]
    for marker in (".zip", ".parquet", ".svg", ".json", ".csv"):
        if address.endswith(marker):
            return TYPES[marker]
    for marker in ("format=csv", "/embed/", "/api/"):
        if marker in path:
            return TYPES[marker]
    raise AssertionError(f"no content type known for {path}")


def test_both_languages_have_the_same_sections_and_examples():
    assert page("nl").anchors == page("en").anchors
    language = re.compile(r"^(/download)?/(nl|en)/")
    english = [(language.sub(r"\1/xx/", path), status) for path, status in examples("en")]
    dutch = [(language.sub(r"\1/xx/", path), status) for path, status in examples("nl")]
    assert sorted(english) == sorted(dutch)
    assert len(english) >= 20


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_example_answers_as_documented(api_client, language):
    for path, status in examples(language):
        answer = api_client.get(path)
        assert answer.status_code == status, path
        if status == 200:
            assert answer.mimetype == expected_type(path), path
        else:
            assert answer.get_json()["error"]["status"] == status, path


def test_every_route_of_the_api_has_an_example(api_client):
    documented = {path.split("?", 1)[0] for path, _status in examples("en")}
    for route in api_client.get("/api/v1/openapi.json").get_json()["paths"]:
        pattern = re.sub(r"\{[^}]+\}", "[^/]+", route)
        assert any(re.fullmatch(pattern, path) for path in documented), route


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_states_the_limits_the_app_applies(language):
    text = "\n".join(section.body for section in page(language).sections)
    assert f"{DEFAULT_API_REQUESTS_PER_MINUTE} " in text
    assert f"max-age={MAX_AGE}" in text
    assert "DASHAPP_API_REQUESTS_PER_MINUTE" in text
    assert "DASHAPP_TRUSTED_PROXIES" in text and "X-Forwarded-For" in text


def test_the_documented_reading_of_a_dutch_csv_works(api_client):
    path = next(p for p, _s in examples("nl") if p.startswith("/download/nl/") and ".csv" in p)
    frame = pd.read_csv(io.BytesIO(api_client.get(path).get_data()), sep=";", decimal=",")
    assert frame["value"].dtype.kind == "f"
    english = path.replace("/download/nl/", "/download/en/")
    other = pd.read_csv(io.BytesIO(api_client.get(english).get_data()))
    assert frame["value"].tolist() == pytest.approx(other["value"].tolist())
