"""Shared albums tried as an attacker would: guessing link tokens (throttled, and an unknown token answered like a
revoked one, as fast), a link's token used on another album or on photos outside its album, albums of other
people by id, and the links' tokens kept out of the logs."""

import io
import logging
import secrets
import statistics
import time
import uuid

import pytest
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from image_processing.sharing_views import PerLinkThrottle
from tests.support import ASTRONAUT, CHELSEA, GRACE_HOPPER, upload_paths

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_albums(api, other_api, media_root) -> dict:
    """Alice's album with a link, Bob's album with a link, and a photo of each outside their albums."""
    alice = {image["filename"]: image["id"] for image in upload_paths(api, CHELSEA, ASTRONAUT)}
    bob = {image["filename"]: image["id"] for image in upload_paths(other_api, GRACE_HOPPER, CHELSEA)}
    albums = {}
    for name, client, photos, inside in (
        ("alice", api, alice, "chelsea.png"),
        ("bob", other_api, bob, "grace_hopper.jpg"),
    ):
        album = client.post("/api/albums/", {"title": name, "image_ids": [photos[inside]]}, format="json").json()
        link = client.post(f"/api/albums/{album['id']}/links", {"allow_download": True}, format="json").json()
        outside = next(image_id for filename, image_id in photos.items() if filename != inside)
        albums[name] = {"album": album, "link": link, "inside": photos[inside], "outside": outside}
    return albums


def _visitor() -> APIClient:
    return APIClient(REMOTE_ADDR=f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250)}")


def test_a_token_opens_only_its_own_albums_photos(two_albums):
    visitor, alice, bob = _visitor(), two_albums["alice"], two_albums["bob"]
    token = alice["link"]["token"]
    for part in ("thumbnail", "preview", "file"):
        assert visitor.get(f"/api/shared/{token}/photos/{alice['inside']}/{part}").status_code == 200, part
        for image_id in (alice["outside"], bob["inside"], bob["outside"], uuid.uuid4()):
            answer = visitor.get(f"/api/shared/{token}/photos/{image_id}/{part}")
            assert answer.status_code == 404 and answer.json()["error"]["code"] == "image_not_found", (part, image_id)
    listed = visitor.get(f"/api/shared/{token}/").json()
    assert [photo["id"] for photo in listed["results"]] == [alice["inside"]]
    # The token is no credential anywhere else in the API.
    for url in ("/api/albums/", f"/api/albums/{alice['album']['id']}/", f"/api/images/{alice['inside']}/thumbnail"):
        assert visitor.get(url, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401, url


def test_other_peoples_albums_are_not_found_by_id(api, other_api, two_albums):
    bobs = two_albums["bob"]["album"]["id"]
    link_id = two_albums["bob"]["link"]["id"]
    calls = [
        ("get", f"/api/albums/{bobs}/", None),
        ("patch", f"/api/albums/{bobs}/", {"title": "mine"}),
        ("delete", f"/api/albums/{bobs}/", None),
        ("post", f"/api/albums/{bobs}/photos", {"image_ids": []}),
        ("delete", f"/api/albums/{bobs}/photos", {"image_ids": [two_albums["bob"]["inside"]]}),
        ("get", f"/api/albums/{bobs}/members", None),
        ("post", f"/api/albums/{bobs}/members", {"username": api.username, "role": "contributor"}),
        ("patch", f"/api/albums/{bobs}/members/{other_api.username}", {"role": "viewer"}),
        ("delete", f"/api/albums/{bobs}/members/{other_api.username}", None),
        ("get", f"/api/albums/{bobs}/links", None),
        ("post", f"/api/albums/{bobs}/links", {}),
        ("delete", f"/api/albums/{bobs}/links/{link_id}", None),
        ("get", "/api/images/", {"album": bobs}),
    ]
    for method, url, body in calls:
        answer = getattr(api, method)(url, body, format="json") if method != "get" else api.get(url, body)
        assert answer.status_code == 404 and answer.json()["error"]["code"] == "album_not_found", (method, url)
    assert other_api.get(f"/api/albums/{bobs}/").json()["title"] == "bob"  # untouched
    assert APIClient().get(f"/api/shared/{two_albums['bob']['link']['token']}/").status_code == 200


def test_guessing_tokens_is_throttled_per_client(monkeypatch, two_albums):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"shared": "5/minute"})
    guesser = _visitor()
    statuses = [guesser.get(f"/api/shared/{secrets.token_urlsafe(32)}/").status_code for _ in range(7)]
    assert statuses == [404] * 5 + [429] * 2, statuses
    assert _visitor().get(f"/api/shared/{two_albums['alice']['link']['token']}/").status_code == 200


def test_one_link_is_throttled_whoever_asks(monkeypatch, two_albums):
    monkeypatch.setattr(PerLinkThrottle, "THROTTLE_RATES", {"shared_link": "3/minute", "shared": "1000/minute"})
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"shared": "1000/minute"})
    token = two_albums["alice"]["link"]["token"]
    statuses = [_visitor().get(f"/api/shared/{token}/").status_code for _ in range(5)]
    assert statuses == [200] * 3 + [429] * 2, statuses
    assert _visitor().get(f"/api/shared/{two_albums['bob']['link']['token']}/").status_code == 200


def test_a_revoked_token_is_answered_like_one_never_made_and_as_fast(api, two_albums):
    alice = two_albums["alice"]
    revoked = alice["link"]["token"]
    assert api.delete(f"/api/albums/{alice['album']['id']}/links/{alice['link']['id']}").status_code == 204
    visitor = _visitor()
    answers, times = {}, {"revoked": [], "unknown": []}
    for _ in range(40):  # interleaved, so that the machine's load falls on both alike
        for kind, token in (("revoked", revoked), ("unknown", secrets.token_urlsafe(32))):
            started = time.perf_counter()
            answer = visitor.get(f"/api/shared/{token}/")
            times[kind].append(time.perf_counter() - started)
            answers[kind] = (answer.status_code, answer.json())
    assert answers["revoked"] == answers["unknown"] == (404, answers["unknown"][1])
    assert answers["unknown"][1]["error"]["code"] == "link_not_found"
    revoked_time, unknown_time = statistics.median(times["revoked"]), statistics.median(times["unknown"])
    assert abs(revoked_time - unknown_time) <= 0.5 * min(revoked_time, unknown_time) + 0.002, times


def test_tokens_never_reach_the_logs(api, two_albums):
    """What Django logs of a request under a revoked link (its 404) names the path without the token."""
    alice = two_albums["alice"]
    token = alice["link"]["token"]
    api.delete(f"/api/albums/{alice['album']['id']}/links/{alice['link']['id']}")
    (console,) = [handler for handler in logging.getLogger().handlers if type(handler) is logging.StreamHandler]
    written = io.StringIO()
    previous = console.setStream(written)
    try:
        for path in (f"/api/shared/{token}/", f"/api/shared/{token}/photos/{alice['inside']}/thumbnail"):
            assert APIClient().get(path).status_code == 404
    finally:
        console.setStream(previous)
    assert "Not Found: /api/shared/[token]/" in written.getvalue()
    assert token not in written.getvalue()
