"""Usernames are stored and looked up in one form (NFKC), and one that looks like a taken one is refused."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-secret-42"
FULLWIDTH_HOPPER = "".join(chr(ord(letter) + 0xFEE0) for letter in "hopper")  # the fullwidth letters


def _register(username: str):
    return APIClient().post("/api/auth/register", {"username": username, "password": PASSWORD}, format="json")


def test_a_fullwidth_username_is_stored_plain_and_logs_in_typed_either_way():
    registered = _register(FULLWIDTH_HOPPER)
    assert registered.status_code == 201 and registered.json()["user"]["username"] == "hopper"
    for typed in (FULLWIDTH_HOPPER, "hopper"):
        body = {"username": typed, "password": PASSWORD}
        assert APIClient().post("/api/auth/token", body, format="json").status_code == 200, typed
        browser = APIClient()
        assert browser.post("/api/auth/login", body, format="json").status_code == 200, typed
        assert browser.get("/api/auth/me").json()["username"] == "hopper"


@pytest.mark.parametrize(
    ("username", "code"),
    [
        ("GRACE", "username_taken"),
        ("\N{MATHEMATICAL BOLD SMALL G}race", "username_taken"),  # NFKC: "grace"
        ("gr\N{CYRILLIC SMALL LETTER A}ce", "username_confusable"),
        (
            "GR\N{CYRILLIC CAPITAL LETTER A}\N{CYRILLIC CAPITAL LETTER ES}\N{CYRILLIC CAPITAL LETTER IE}",
            "username_confusable",
        ),
        ("gr\N{GREEK SMALL LETTER ALPHA}c\N{GREEK SMALL LETTER EPSILON}", "username_confusable"),
    ],
)
def test_a_username_that_looks_like_a_taken_one_is_refused(username, code):
    assert _register("grace").status_code == 201
    refused = _register(username)
    assert refused.status_code == 409
    error = refused.json()["error"]
    assert error["code"] == code and "choose another" in error["message"]
    assert get_user_model().objects.count() == 1


def test_the_look_alike_that_came_first_keeps_its_name_and_the_original_is_refused():
    cyrillic = "\N{CYRILLIC SMALL LETTER ER}\N{CYRILLIC SMALL LETTER A}\N{CYRILLIC SMALL LETTER U}pal"
    assert _register(cyrillic).status_code == 201
    assert _register("paypal").json()["error"]["code"] == "username_confusable"


def test_names_that_only_resemble_each_other_are_different_names():
    for username in ("jose", "jos\N{LATIN SMALL LETTER E WITH ACUTE}", "jose1", "jose.smith"):
        assert _register(username).status_code == 201, username


def test_users_from_before_the_rule_log_in_as_before_even_look_alikes():
    users = get_user_model().objects
    names = ["grace", "gr\N{CYRILLIC SMALL LETTER A}ce"]
    ids = [users.create_user(name, password=PASSWORD).id for name in names]
    for name, user_id in zip(names, ids, strict=True):
        client = APIClient()
        token = client.post("/api/auth/token", {"username": name, "password": PASSWORD}, format="json").json()["token"]
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        assert client.get("/api/auth/me").json()["id"] == user_id
