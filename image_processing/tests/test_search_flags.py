"""The search's flags through the API, on real photos and copies made of them: is:blurry finds a blurred copy and
not its sharp original, is:duplicate every photo of a group of the same picture and not another photo; each
left out finds the others, each combines with words, and nobody's flags find another's photos."""

import pytest
from PIL import Image as PILImage
from PIL import ImageFilter

from image_processing.detection import Box, Found
from tests.support import ASTRONAUT, CHELSEA, COFFEE, jpeg_bytes, store_detections, upload

pytestmark = pytest.mark.django_db


def _blurred(picture: PILImage.Image) -> PILImage.Image:
    """Out of focus: blurred by 1 % of its longer side."""
    return picture.filter(ImageFilter.GaussianBlur(max(picture.size) / 100))


def _uploaded(client, *photos: tuple[str, PILImage.Image]) -> dict[str, str]:
    """Upload these photos as JPEGs: their ids by file name."""
    answer = upload(client, *((name, jpeg_bytes(picture)) for name, picture in photos))
    assert answer.status_code == 201 and not answer.json()["errors"], answer.content
    return {image["filename"]: image["id"] for image in answer.json()["images"]}


@pytest.fixture
def library(api, media_root) -> dict[str, str]:
    """A person (sharp, and a blurred copy), a cat (and a copy half the size) and a cup, with their boxes."""
    person, cat = PILImage.open(ASTRONAUT).convert("RGB"), PILImage.open(CHELSEA).convert("RGB")
    ids = _uploaded(
        api,
        ("person.jpg", person),
        ("person-blurred.jpg", _blurred(person)),
        ("cat.jpg", cat),
        ("cat-half.jpg", cat.resize((cat.width // 2, cat.height // 2))),
        ("cup.jpg", PILImage.open(COFFEE).convert("RGB")),
    )
    for name, label in (("person", "person"), ("person-blurred", "person"), ("cat", "cat"), ("cat-half", "cat"),
                        ("cup", "cup")):  # fmt: skip
        store_detections(ids[f"{name}.jpg"], [label], [Found(label, 0.9, Box(0.2, 0.1, 0.8, 0.9))])
    return ids


def _found(client, query: str) -> list[str]:
    answer = client.get("/api/images/", {"q": query})
    assert answer.status_code == 200, answer.content
    assert answer.json()["count"] == len(answer.json()["results"])
    return [image["filename"] for image in answer.json()["results"]]


def _newest_first(client, names: set[str]) -> list[str]:
    """These photos in the unsearched gallery's order."""
    gallery = [image["filename"] for image in client.get("/api/images/").json()["results"]]
    return [name for name in gallery if name in names]


def test_is_blurry_finds_the_blurred_copy_and_left_out_the_others(api, library):
    assert _found(api, "is:blurry") == ["person-blurred.jpg"]
    sharp = {"person.jpg", "cat.jpg", "cat-half.jpg", "cup.jpg"}
    assert _found(api, "-is:blurry") == _newest_first(api, sharp)


def test_is_duplicate_finds_every_photo_of_a_group_and_left_out_the_others(api, library):
    duplicates = {"person.jpg", "person-blurred.jpg", "cat.jpg", "cat-half.jpg"}  # the blurred copy is one too
    assert _found(api, "is:duplicate") == _newest_first(api, duplicates)
    assert _found(api, "-is:duplicate") == ["cup.jpg"]
    assert _found(api, "is:duplicate -is:blurry") == _newest_first(api, duplicates - {"person-blurred.jpg"})


def test_flags_combine_with_words_which_alone_say_why_a_photo_matched(api, library):
    assert _found(api, "person is:blurry") == ["person-blurred.jpg"]
    assert _found(api, "person -is:blurry") == ["person.jpg"]
    assert sorted(_found(api, "cat is:duplicate")) == ["cat-half.jpg", "cat.jpg"]
    assert _found(api, "cup -is:duplicate") == ["cup.jpg"]
    assert _found(api, "cup is:duplicate") == []
    assert _found(api, "is:duplicate -person") == _newest_first(api, {"cat.jpg", "cat-half.jpg"})
    (result,) = api.get("/api/images/", {"q": "person is:blurry"}).json()["results"]
    assert [(match["term"], match["matched"], match["kind"]) for match in result["matches"]] == [
        ("person", "person", "detection")
    ]
    assert all(image["matches"] == [] for image in api.get("/api/images/", {"q": "is:blurry"}).json()["results"])


def test_another_persons_photos_never_match_your_flags(api, other_api, library):
    cup = PILImage.open(COFFEE).convert("RGB")
    _uploaded(other_api, ("their-cup.jpg", cup), ("their-cup-blurred.jpg", _blurred(cup)))
    assert _found(api, "is:blurry") == ["person-blurred.jpg"]
    assert "their-cup.jpg" not in _found(api, "is:duplicate") and _found(api, "-is:duplicate") == ["cup.jpg"]
    assert _found(other_api, "is:blurry") == ["their-cup-blurred.jpg"]
    assert sorted(_found(other_api, "is:duplicate")) == ["their-cup-blurred.jpg", "their-cup.jpg"]


def test_an_unknown_flag_or_a_count_on_one_is_a_400(api, media_root):
    unknown = api.get("/api/images/", {"q": "dog is:foo"}).json()["error"]
    assert unknown["code"] == "unknown_term" and unknown["details"]["suggestions"] == ["is:blurry", "is:duplicate"]
    counted = api.get("/api/images/", {"q": "is:blurry>2"})
    assert counted.status_code == 400 and counted.json()["error"]["code"] == "malformed_query"
