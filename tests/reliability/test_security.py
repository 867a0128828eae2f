"""No one gets in without credentials, no user reaches another's data (404, never 403, tested on
every endpoint of the schema), auth is throttled per client, CSRF holds for sessions, files are
served with their real type and nosniff, and production settings pass `check --deploy`."""

import io
import json
import re
import secrets
import subprocess
import sys
import urllib.error
import urllib.request
import uuid

import pytest
from PIL import Image as PILImage
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from image_processing.detection import Box, Found
from long_running_tasks.models import Task
from tests.support import CHELSEA, GRACE_HOPPER, PROJECT_ROOT, store_detections, upload_paths

pytestmark = pytest.mark.django_db

OPEN = {"/api/auth/register", "/api/auth/token", "/api/auth/login", "/api/auth/csrf", "/api/health", "/api/schema/",
        "/api/docs/"}  # fmt: skip
SHARED = "/api/shared/"  # open to anyone with a link's token: test_sharing_security.py tries them as an attacker would
METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module")
def operations(django_db_blocker) -> list[tuple[str, str]]:
    """(method, path template) of every operation in the OpenAPI schema, without the slashless aliases."""
    with django_db_blocker.unblock():
        schema = APIClient().get("/api/schema/?format=json").json()
    found = set()
    for path, item in schema["paths"].items():
        canonical = path if path.endswith("/") or path + "/" not in schema["paths"] else path + "/"
        found.update((method, canonical) for method in item if method in METHODS)
    return sorted(found)


def _fill(template: str, image: str, task: str) -> str:
    """A URL of the template: these ids for a photo and a task, "detect" for a task type, a new id for any other."""
    filled = template.replace("{image_id}", image).replace("{task_id}", task).replace("{task_type}", "detect")
    return re.sub(r"\{\w+\}", lambda _: str(uuid.uuid4()), filled)


def test_every_endpoint_but_the_open_ones_requires_auth(operations):
    anonymous = APIClient()
    checked = 0
    for method, template in operations:
        if template.rstrip("/") in {p.rstrip("/") for p in OPEN} or template.startswith(SHARED):
            continue
        url = _fill(template, str(uuid.uuid4()), str(uuid.uuid4()))
        response = getattr(anonymous, method)(url)
        assert response.status_code == 401, (method, url, response.status_code)
        assert response.json()["error"]["code"] == "not_authenticated", (method, url)
        checked += 1
    assert checked >= 14
    events = anonymous.get(f"/api/tasks/{uuid.uuid4()}/events")
    assert events.status_code == 401


@pytest.fixture
def alices(api, media_root) -> dict[str, str]:
    (image,) = upload_paths(api, CHELSEA)
    store_detections(image["id"], ["cat"], [Found("cat", 0.9, Box(0, 0, 1, 1))], None)
    task = api.post("/api/tasks/detect/", {"image_ids": [image["id"]]}, format="json").json()
    return {"image": image["id"], "task": task["id"]}


def test_every_endpoint_with_an_id_answers_404_to_another_user(api, other_api, alices, operations):
    with_ids = [(m, t) for m, t in operations if ("{image_id}" in t or "{task_id}" in t) and not t.startswith(SHARED)]
    if ("get", "/api/tasks/{task_id}/events") not in with_ids:  # an endpoint the schema may not list
        with_ids.append(("get", "/api/tasks/{task_id}/events"))
    paths = {t for _, t in with_ids}
    for expected in ["/api/images/{image_id}/", "/api/images/{image_id}/file", "/api/images/{image_id}/thumbnail",
                     "/api/images/{image_id}/annotated", "/api/tasks/{task_id}/", "/api/tasks/{task_id}/results",
                     "/api/tasks/{task_id}/events"]:  # fmt: skip
        assert expected in paths, expected
    for method, template in with_ids:
        url = _fill(template, alices["image"], alices["task"])
        response = getattr(other_api, method)(url, HTTP_ACCEPT="application/json, text/event-stream")
        assert response.status_code == 404, (method, url, response.status_code)
        error = response.json()["error"]
        assert error["code"] in ("image_not_found", "task_not_found"), (method, url, error)
        # ...and the same answer as for an id that does not exist at all: nothing is revealed.
        unknown = getattr(other_api, method)(_fill(template, str(uuid.uuid4()), str(uuid.uuid4())))
        assert (unknown.status_code, unknown.json()["error"]["code"]) == (404, error["code"]), url
    # Alice's things are untouched by all that.
    assert api.get(f"/api/images/{alices['image']}/").status_code == 200
    assert Task.objects.get(id=alices["task"]).status == "queued"


def test_lists_never_show_another_users_things(api, other_api, alices):
    for url in ["/api/images/", "/api/images/?label=cat", "/api/tasks/", "/api/tasks/?status=queued"]:
        assert other_api.get(url).json()["count"] == 0, url
    assert other_api.get("/api/labels/").json() == {"labels": []}


@pytest.fixture
def tight_throttle(monkeypatch):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"auth": "3/minute"})
    return f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250)}"  # our own client address


@pytest.mark.parametrize("endpoint", ["/api/auth/register", "/api/auth/token", "/api/auth/login"])
def test_auth_endpoints_are_throttled_and_x_forwarded_for_does_not_dodge_it(tight_throttle, endpoint):
    client = APIClient(REMOTE_ADDR=tight_throttle)
    statuses = []
    for n in range(5):
        body = {"username": f"t-{uuid.uuid4().hex[:8]}", "password": "a-long-secret-42"}
        response = client.post(endpoint, body, format="json", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        statuses.append(response.status_code)
    assert statuses[:3] != [429] * 3 and statuses[3:] == [429, 429], statuses
    throttled = response.json()
    assert throttled["error"]["code"] == "throttled" and int(response["Retry-After"]) > 0
    other_client = APIClient(REMOTE_ADDR=tight_throttle.replace("10.", "11.", 1))
    assert other_client.post(endpoint, {"username": "x", "password": "y"}, format="json").status_code != 429


def test_session_requests_that_change_anything_need_the_csrf_token(media_root):
    browser = APIClient(enforce_csrf_checks=True)
    credentials = {"username": f"b-{uuid.uuid4().hex[:8]}", "password": "a-long-secret-42"}
    assert browser.post("/api/auth/register", credentials, format="json").status_code == 201
    assert browser.post("/api/auth/login", credentials, format="json").status_code == 200
    csrf = browser.cookies["csrftoken"].value
    photo = io.BytesIO(CHELSEA.read_bytes())
    photo.name = "cat.png"
    refused = [
        browser.post("/api/images/", {"files": [photo]}, format="multipart"),
        browser.post("/api/tasks/detect/", {"image_ids": [str(uuid.uuid4())]}, format="json"),
        browser.delete(f"/api/images/{uuid.uuid4()}/"),
        browser.delete(f"/api/tasks/{uuid.uuid4()}/"),
        browser.post("/api/auth/logout"),
    ]
    for response in refused:
        assert response.status_code == 403 and response.json()["error"]["code"] == "csrf_failed", response.content
    photo.seek(0)
    accepted = browser.post("/api/images/", {"files": [photo]}, format="multipart", HTTP_X_CSRFTOKEN=csrf)
    assert accepted.status_code == 201
    image_id = accepted.json()["images"][0]["id"]
    assert browser.delete(f"/api/images/{image_id}/", HTTP_X_CSRFTOKEN=csrf).status_code == 204


def test_files_are_served_with_their_real_type_and_nosniff(api, media_root):
    webp = io.BytesIO()
    PILImage.open(CHELSEA).save(webp, "WEBP")
    sources = {"page.html": (CHELSEA.read_bytes(), "image/png"),
               "script.js": (GRACE_HOPPER.read_bytes(), "image/jpeg"),
               "x.svg": (webp.getvalue(), "image/webp")}  # fmt: skip
    for name, (content, real_type) in sources.items():
        part = io.BytesIO(content)
        part.name = name
        (image,) = api.post("/api/images/", {"files": [part]}, format="multipart").json()["images"]
        assert image["content_type"] == real_type
        for url, expected in [(image["file_url"], real_type), (image["thumbnail_url"], "image/jpeg"),
                              (f"/api/images/{image['id']}/annotated", "image/jpeg")]:  # fmt: skip
            response = api.get(url)
            assert response.status_code == 200 and response["Content-Type"] == expected, (url, response["Content-Type"])
            assert response["X-Content-Type-Options"] == "nosniff", url
    assert api.get("/api/images/")["X-Content-Type-Options"] == "nosniff"
    assert api.get("/api/images/")["X-Frame-Options"] == "DENY"


# What `check --deploy` may still say in production, and why (README, "Production"):
ACCEPTED_DEPLOY_WARNINGS = {
    "security.W005": "HSTS without includeSubDomains: a self-hosted server cannot vouch for every subdomain",
    "security.W021": "HSTS preload is a decision for the domain's owner, not the app",
    "drf_spectacular.W001": "each route is also served without its trailing slash; the schema names both",
}


def test_production_settings_pass_check_deploy_except_what_is_documented(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(64),
           "ALLOWED_HOSTS": "photos.example.com", "SPOTTER_HTTPS": "true",
           "DATABASE_URL": "sqlite:///:memory:", "SPOTTER_VAR_DIR": str(tmp_path)}  # fmt: skip
    check = subprocess.run([sys.executable, "manage.py", "check", "--deploy"], cwd=PROJECT_ROOT, env=env,
                           capture_output=True, text=True)  # fmt: skip
    assert check.returncode == 0, check.stderr
    found = set(re.findall(r"\((\w+\.[WE]\d+)\)", check.stdout + check.stderr))
    assert found <= set(ACCEPTED_DEPLOY_WARNINGS), found - set(ACCEPTED_DEPLOY_WARNINGS)
    assert not (tmp_path / "secret_key").exists()  # the secret came from the environment


def test_debug_is_off_unless_asked_for():
    from django.conf import settings

    assert settings.DEBUG is False
    response = APIClient().get("/api/no-such-thing/")
    assert response.status_code == 404 and b"Traceback" not in response.content and b"<html" not in response.content


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("proxies", [0, 1])
def test_a_spoofed_x_forwarded_for_never_dodges_the_throttle_under_uvicorn(proxies, tmp_path, django_db_blocker):
    """Through the real server, as `make run` starts it: with no trusted proxy the client is the socket's
    peer whatever X-Forwarded-For says; with one, only the address that proxy appended counts."""
    from tests.support import worker_environment

    from .harness import WebProcess

    with django_db_blocker.unblock():
        env = worker_environment(
            SPOTTER_AUTH_THROTTLE="3/minute",
            SPOTTER_NUM_PROXIES=str(proxies),
            SPOTTER_CACHE_PREFIX=f"throttle-{uuid.uuid4().hex[:8]}",
            SPOTTER_VAR_DIR=str(tmp_path),
        )
    web = WebProcess(env, tmp_path).wait_ready()
    try:
        statuses = []
        for n in range(6):
            spoofed = f"198.51.100.{n}"  # a new address on every guess, chosen by the client
            forwarded = spoofed if proxies == 0 else f"{spoofed}, 203.0.113.7"  # the proxy appends the real one
            request = urllib.request.Request(
                f"{web.http.base}/api/auth/token",
                data=json.dumps({"username": "nobody", "password": f"guess-{n}"}).encode(),
                headers={"Content-Type": "application/json", "X-Forwarded-For": forwarded},
                method="POST",
            )
            try:
                statuses.append(urllib.request.urlopen(request, timeout=30).status)
            except urllib.error.HTTPError as answer:
                statuses.append(answer.code)
        assert statuses[:3] == [401, 401, 401] and statuses[3:] == [429, 429, 429], statuses
    finally:
        web.stop()
