"""The OpenAPI 3.1 document is valid, names every route the API serves, and the live answers match it."""

from __future__ import annotations

import jsonschema
import pytest
from openapi_spec_validator import validate

EXAMPLES = {
    "/api/v1/areas": "/api/v1/areas?level=vr",
    "/api/v1/areas/{level}/{code}": "/api/v1/areas/gm/GM0363",
    "/api/v1/areas/{level}/{code}/series": (
        "/api/v1/areas/vr/VR13/series?indicator=positive_tests&indicator=ggd_positive_pct&range=3m"
    ),
    "/api/v1/indicators": "/api/v1/indicators",
    "/api/v1/latest/{level}/{indicator}": "/api/v1/latest/gm/positive_tests_per_100k",
    "/api/v1/openapi.json": "/api/v1/openapi.json",
}


@pytest.fixture(scope="module")
def document(api_client):
    answer = api_client.get("/api/v1/openapi.json")
    assert answer.status_code == 200 and answer.mimetype == "application/json"
    return answer.get_json()


def test_the_document_is_valid_openapi_3_1(document):
    assert document["openapi"].startswith("3.1")
    validate(document)  # raises on any error


def test_the_validator_would_notice_a_broken_document(document):
    broken = {**document, "paths": {"/api/v1/areas": {"get": {"responses": {"200": {}}}}}}
    with pytest.raises(Exception, match="description"):
        validate(broken)


def test_every_route_of_the_api_is_described(api_client, document):
    served = {
        rule.rule.replace("<", "{").replace(">", "}")
        for rule in api_client.application.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/") and rule.endpoint != "no_such_endpoint"
    }
    assert served == set(document["paths"]) == set(EXAMPLES)


@pytest.mark.parametrize("path", sorted(EXAMPLES))
def test_live_answers_match_their_schema(api_client, document, path):
    operation = document["paths"][path]["get"]
    schema = operation["responses"]["200"]["content"]["application/json"].get("schema")
    answer = api_client.get(EXAMPLES[path])
    assert answer.status_code == 200
    if schema is None:
        return
    # "#/components/..." references resolve against a root that holds the document's components
    jsonschema.Draft202012Validator({**schema, "components": document["components"]}).validate(
        answer.get_json()
    )


def test_a_schema_check_fails_on_a_wrong_answer(api_client, document):
    schema = document["paths"]["/api/v1/latest/{level}/{indicator}"]["get"]["responses"]["200"]["content"][
        "application/json"
    ]["schema"]
    body = api_client.get(EXAMPLES["/api/v1/latest/{level}/{indicator}"]).get_json()
    del body["values"][0]["obtained_on"]
    with pytest.raises(jsonschema.ValidationError, match="obtained_on"):
        jsonschema.Draft202012Validator({**schema, "components": document["components"]}).validate(body)
