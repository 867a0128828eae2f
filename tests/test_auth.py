"""Register, tokens and browser sessions (with CSRF)."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

CREDENTIALS = {"username": "grace", "password": "a-long-secret-42"}


def test_register_then_get_a_token_and_use_it():
    client = APIClient()
    registered = client.post("/api/auth/register", CREDENTIALS, format="json")
    assert registered.status_code == 201
    assert registered.json()["user"]["username"] == "grace"
    token = client.post("/api/auth/token", CREDENTIALS, format="json").json()["token"]
    assert token == registered.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get("/api/auth/me").json()["username"] == "grace"
    assert client.post("/api/auth/logout").status_code == 204  # revokes the token
    assert client.get("/api/auth/me").status_code == 401
    client.credentials()
    again = client.post("/api/auth/token", CREDENTIALS, format="json").json()["token"]
    assert again != token


def test_wrong_password_and_taken_username_and_weak_password_are_clear_errors():
    client = APIClient()
    client.post("/api/auth/register", CREDENTIALS, format="json")
    wrong = client.post("/api/auth/token", {**CREDENTIALS, "password": "nope-nope-nope"}, format="json")
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "invalid_credentials"
    taken = client.post("/api/auth/register", {**CREDENTIALS, "username": "GRACE"}, format="json")
    assert taken.status_code == 409 and taken.json()["error"]["code"] == "username_taken"
    weak = client.post("/api/auth/register", {"username": "ada", "password": "123"}, format="json")
    assert weak.status_code == 400 and weak.json()["error"]["code"] == "weak_password"


def test_a_bad_token_is_401_with_the_scheme_to_use():
    client = APIClient()
    assert client.get("/api/images/")["WWW-Authenticate"] == "Bearer"
    client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    refused = client.get("/api/images/")
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "authentication_failed"
    assert refused["WWW-Authenticate"] == "Bearer"


def test_browser_session_needs_the_csrf_token_for_changes():
    browser = APIClient(enforce_csrf_checks=True)
    browser.post("/api/auth/register", CREDENTIALS, format="json")
    assert browser.get("/api/auth/csrf").status_code == 204
    assert browser.post("/api/auth/login", CREDENTIALS, format="json").status_code == 200
    csrf = browser.cookies["csrftoken"].value  # login rotates it: read it afresh
    assert browser.get("/api/auth/me").json()["username"] == "grace"
    refused = browser.post("/api/auth/logout")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "csrf_failed"
    assert browser.post("/api/auth/logout", HTTP_X_CSRFTOKEN=csrf).status_code == 204
    assert browser.get("/api/auth/me").status_code == 401


@pytest.mark.parametrize(
    ("username", "password", "reason"),
    [
        ("maria", "83749261", "entirely numeric"),
        ("maria", " " * 8, "only spaces"),
        ("margaret-hamilton", "margaret-hamilton", "too similar to the username"),
        ("maria", "password1", "too common"),
        ("maria", "short", "too short"),
        ("maria", "\N{GRINNING FACE}" * 8, "too few different characters"),
        ("maria", "\N{THUMBS UP SIGN}\N{EMOJI MODIFIER FITZPATRICK TYPE-4}" * 4, "too few different characters"),
        ("maria", "abababababab", "too few different characters"),
    ],
)
def test_weak_passwords_are_refused_with_the_reasons(username, password, reason):
    response = APIClient().post("/api/auth/register", {"username": username, "password": password}, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "weak_password" and reason in error["message"]
    assert any(reason in message for message in error["details"]["password"])


def test_a_password_of_different_emoji_is_accepted():
    password = (
        "\N{GRINNING FACE}\N{CAT FACE}\N{DOG FACE}\N{CACTUS}\N{SLICE OF PIZZA}\N{BICYCLE}\N{BALLOON}\N{CRESCENT MOON}"
    )
    response = APIClient().post("/api/auth/register", {"username": "maria", "password": password}, format="json")
    assert response.status_code == 201
