"""The whole API fuzzed from its own OpenAPI schema by schemathesis, as a logged-in user: no answer is a 5xx,
every answer (status, content type, headers, body) matches the schema, and the schema and the code agree on what
is valid: a request the schema calls valid is not refused, one it calls invalid is (schemathesis's
positive_data_acceptance and negative_data_rejection). Then the shapes a generator seldom makes: JSON nested
thousands deep and megabyte strings."""

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
from schemathesis.errors import FailureGroup
from schemathesis.specs.openapi.checks import unsupported_method
from schemathesis.transport.serialization import Binary

from core.api.schema import REFUSALS
from tests.support import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(db) -> str:
    return register(APIClient())._credentials["HTTP_AUTHORIZATION"].split(" ", 1)[1]


# Reading the schema touches no database: it can be loaded when the module is collected.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
schema.config.seed = 20_240_611  # with derandomize: the same requests on every run, so no run fails by chance
# A task type that exists (any other is a 404 before the body is read), so that submitting reaches the options.
schema.config.update(parameters={"path.task_type": "detect"})

SCHEMA_VALID_REFUSED = "ST202"  # positive_data_acceptance
SCHEMA_INVALID_ACCEPTED = "ST201"  # negative_data_rejection


def _excused(failure, case, response) -> bool:
    """The disagreements that are none:
    - a well-formed request refused with a 400 whose code the operation's schema lists among its refusals (a model
      name that no model has, a word Spotter does not know, a file that is no photo: core/api/schema.refusals);
    - an invalid request refused with a 413, as API.md says a request too large is (schemathesis counts only 400,
      401, 403, 404, 405, 406, 409, 415, 422, 428, 429 and 5xx as refusals)."""
    code = _error_code(response)
    if failure.code == SCHEMA_VALID_REFUSED:
        return response.status_code == 400 and code in case.operation.definition.raw.get(REFUSALS, {})
    return failure.code == SCHEMA_INVALID_ACCEPTED and response.status_code == 413 and code == "too_large"


def _without_empty_files(case) -> None:
    """Each empty file of a multipart body made one byte long. Werkzeug's test client (schemathesis's WSGI
    transport) writes an empty part without the line break that ends it, so Django reads no file from it at all;
    real clients do not, and an empty file they send is refused as `empty` (tests/reliability/test_bad_input.py)."""
    if not isinstance(case.body, dict):
        return
    for name, value in case.body.items():
        if isinstance(value, Binary) and not value.data:
            case.body[name] = Binary(b"\0")
        elif isinstance(value, list):
            case.body[name] = [Binary(b"\0") if isinstance(part, Binary) and not part.data else part for part in value]


def _error_code(response) -> str | None:
    try:
        return response.json()["error"]["code"]
    except (ValueError, KeyError, TypeError):
        return None


# Per operation: the coverage phase's requests (each boundary and each kind of invalid value, the same every run),
# then 20 generated ones. The 29 operations take about 35 s.
@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
def test_the_api_never_fails_matches_its_schema_and_agrees_with_it_on_what_is_valid(case, token, media_root):
    # As Django's test client does: the request must not close the connection that holds the test's
    # transaction (the raw WSGI app would, on request_started/finished).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        headers = {"Authorization": f"Bearer {token}"}
        _without_empty_files(case)
        response = case.call(headers=headers)
        excluded = []
        if case.path.startswith("/api/health"):
            # Health answers 503 by design while a part is down (here: no worker process ready); its body is
            # still checked against the schema.
            excluded.append(not_a_server_error)
        if case.path == "/api/tasks/{task_type}/":
            # Another method on /api/tasks/detect/ reads "detect" as a task's id: 404 task_not_found, not 405
            # (TaskSubmitView.http_method_not_allowed).
            excluded.append(unsupported_method)
        try:
            case.validate_response(response, headers=headers, excluded_checks=excluded)
        except FailureGroup as group:
            if not all(_excused(failure, case, response) for failure in group.exceptions):
                raise
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
