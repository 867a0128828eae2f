"""Health, the OpenAPI schema, and error answers outside the views."""

import pytest
from django.urls import get_resolver

pytestmark = pytest.mark.django_db


def test_health_reports_database_broker_and_workers(client, celery_worker):
    response = client.get("/api/health")
    assert response.status_code == 200
    body = response.json()
    assert (body["database"], body["broker"]) == ("ok", "ok")
    assert body["workers"] >= 1 and body["processes_ready"] >= 1
    assert body["detector"].startswith("OpenVINO") and body["detector_error"] is None


def test_schema_describes_every_api_route(client):
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    documented = set(schema.json()["paths"])
    for route in ["/api/images/", "/api/images/{image_id}/", "/api/images/{image_id}/file",
                  "/api/images/{image_id}/thumbnail", "/api/images/{image_id}/annotated", "/api/labels/",
                  "/api/task-types/", "/api/tasks/", "/api/tasks/{task_type}/", "/api/tasks/{task_id}/",
                  "/api/tasks/{task_id}/results", "/api/auth/register", "/api/auth/token", "/api/auth/login",
                  "/api/auth/logout", "/api/auth/me", "/api/health"]:  # fmt: skip
        assert route in documented, route
    assert not {path.rstrip("/") for path in documented if path.endswith("/")} & documented  # no twins
    assert "/api/health/" not in documented
    assert client.get("/api/docs/").status_code == 200


def test_unknown_api_paths_answer_in_the_error_shape(client):
    response = client.get("/api/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert get_resolver()  # the app's URLconf loads
