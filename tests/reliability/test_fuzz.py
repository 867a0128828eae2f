"""The whole API fuzzed from its own OpenAPI schema by schemathesis, as a logged-in user: no answer
is a 5xx, and every answer (status, content type, headers, body) matches the schema. Then the shapes
a generator seldom makes: JSON nested thousands deep and megabyte strings."""

import json
import uuid

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.test import APIClient
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from tests.support import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(db) -> str:
    return register(APIClient())._credentials["HTTP_AUTHORIZATION"].split(" ", 1)[1]


# Whether the API accepts every value the schema allows, and refuses every value it does not, is
# left to the bad-input tests: here, no 5xx and every answer as the schema describes it.
NOT_CHECKED = [negative_data_rejection, positive_data_acceptance]

# Reading the schema touches no database: it can be loaded when the module is collected.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_the_api_never_fails_and_always_matches_its_schema(case, token, media_root):
    # As Django's test client does: the request must not close the connection that holds the test's
    # transaction (the raw WSGI app would, on request_started/finished).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        # Health answers 503 by design while a part is down (here: no worker process ready); its body is
        # still checked against the schema.
        excluded = NOT_CHECKED + ([not_a_server_error] if case.path.startswith("/api/health") else [])
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, excluded_checks=excluded)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _json_operations() -> list[tuple[str, str]]:
    """(method, path) of every operation that takes a JSON body, with a made-up id in its path."""
    found = []
    for path, item in APIClient().get("/api/schema/?format=json").json()["paths"].items():
        for method, operation in item.items():
            if "application/json" in operation.get("requestBody", {}).get("content", {}):
                found.append((method, path.replace("{task_type}", "detect").replace("{task_id}", str(uuid.uuid4()))))
    return found


def _deep(depth: int, leaf: str) -> str:
    """JSON text of `leaf` inside `depth` arrays (written out: Python's own encoder would recurse)."""
    return "[" * depth + leaf + "]" * depth


@pytest.mark.parametrize(
    "body",
    [
        "[" * 10_000 + "]" * 10_000,  # the whole body nested 10,000 deep
        '{"username": ' + _deep(990, '"x"') + ', "password": "a-long-secret-42"}',  # one field 990 deep
        '{"image_ids": ' + _deep(990, f'"{uuid.uuid4()}"') + ', "options": ' + _deep(990, "{}") + "}",
        json.dumps({"username": "x" * 1_000_000, "password": "y" * 1_000_000, "image_ids": ["z" * 1_000_000]}),
    ],
    ids=["body-10000-deep", "username-990-deep", "task-990-deep", "megabyte-strings"],
)
def test_deep_nesting_and_huge_strings_are_a_400_in_the_error_shape_everywhere(body, token, media_root):
    """Logged in and not (the auth endpoints are open to anyone), on every endpoint that reads JSON."""
    for client in (APIClient(), APIClient(HTTP_AUTHORIZATION=f"Bearer {token}")):
        for method, path in _json_operations():
            response = getattr(client, method)(path, body, content_type="application/json")
            assert response.status_code in (400, 401, 404, 413, 429), (method, path, response.status_code)
            assert set(response.json()["error"]) == {"code", "message", "details"}, (method, path)
