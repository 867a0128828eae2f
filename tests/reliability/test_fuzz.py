"""The whole API fuzzed from its own OpenAPI schema by schemathesis, as a logged-in user: no answer
is a 5xx, and every answer (status, content type, headers, body) matches the schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.test import APIClient
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from conftest import register

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
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, excluded_checks=NOT_CHECKED)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
