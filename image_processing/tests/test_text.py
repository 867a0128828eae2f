"""Text read by the real reader in photos composed from real ones (text_photos.py), kept per photo, shown in a
photo's detail and found by the search: words and phrases, whatever their case and accents, a word's start
only when asked, a word that is also a label, and nobody else's text."""

import csv
import io
import json
import zipfile

import pytest

from image_processing.models import TextLine
from image_processing.services.examination import Examination, ExaminationService
from tests.support import jpeg_bytes, upload

from . import text_photos

pytestmark = pytest.mark.django_db


def _uploaded(client, **photos) -> dict[str, str]:
    """Upload these pictures (JPEG bytes, or PIL pictures) under their names + .jpg: their ids by name."""
    files = [
        (f"{name}.jpg", photo if isinstance(photo, bytes) else jpeg_bytes(photo)) for name, photo in photos.items()
    ]
    answer = upload(client, *files)
    assert answer.status_code == 201 and not answer.json()["errors"], answer.content
    return {image["filename"].removesuffix(".jpg"): image["id"] for image in answer.json()["images"]}


def _read(*image_ids: str) -> None:
    """What a `read` task does to these photos."""
    service, exam = ExaminationService(), Examination(None, reads=True)
    photos = service.photos_to_detect(image_ids, exam)
    results = {photo_id: service.detect(photo, exam) for photo_id, photo in photos.items()}
    assert all(result.error is None for result in results.values())
    service.record_detections(None, exam, results)


def _found(client, query: str) -> list[str]:
    answer = client.get("/api/images/", {"q": query})
    assert answer.status_code == 200, answer.content
    return sorted(image["filename"].removesuffix(".jpg") for image in answer.json()["results"])


@pytest.fixture
def library(api, media_root) -> dict[str, str]:
    ids = _uploaded(
        api,
        cafe=text_photos.cafe_sign(),
        cat_food=text_photos.cat_food_label(),
        receipt=text_photos.sideways_with_exif(text_photos.printed_page()),
        astronaut=text_photos.without_text(),
    )
    _read(*ids.values())
    return ids


def test_the_lines_are_read_in_order_with_their_boxes_on_the_photo_as_displayed(api, library):
    cafe = api.get(f"/api/images/{library['cafe']}/").json()
    assert [line["text"] for line in cafe["text"]] == [
        "Café Lumière", "Wi-Fi password: sunflower", "Espresso 2.50", "Open daily",
    ]  # fmt: skip
    price = cafe["text"][2]["box"]  # drawn at 20°, from (900, 700) of 1600x1200
    assert 0.5 < price["x_min"] < 0.6 and 0.55 < price["y_min"] < 0.65 and price["x_max"] > 0.8
    receipt = api.get(f"/api/images/{library['receipt']}/").json()
    assert (receipt["width"], receipt["height"]) == (1240, 1754)  # stored on its side, shown upright
    assert [line["text"] for line in receipt["text"]][:3] == ["RECEIPT", "Lisboa Bakery", "2 pastéis de nata 3.00"]
    assert receipt["text"][0]["box"]["y_min"] < 0.15  # at the top of the page as displayed
    assert api.get(f"/api/images/{library['astronaut']}/").json()["text"] == []


def test_words_and_phrases_are_found_whatever_their_case_and_accents(api, library):
    assert _found(api, "text:sunflower") == ["cafe"]
    assert _found(api, "text:CAFE") == ["cafe"] and _found(api, "text:lumiere") == ["cafe"]
    assert _found(api, 'text:"wi-fi password"') == ["cafe"] and _found(api, 'text:"password wi-fi"') == []
    assert _found(api, "text:pasteis") == ["receipt"] and _found(api, "text:galão") == ["receipt"]
    assert _found(api, "text:sunflow") == [] and _found(api, "text:sunflow*") == ["cafe"]
    assert _found(api, "text:flower*") == []  # the start of a word only
    assert _found(api, "text:receipt -text:lisboa") == []


def test_a_word_spotter_does_not_know_is_looked_for_in_the_text_and_matches_say_which_line(api, library):
    assert _found(api, "lisboa") == ["receipt"] and _found(api, "Lumière") == ["cafe"]
    (receipt,) = api.get("/api/images/", {"q": "nata"}).json()["results"]
    assert receipt["matches"] == [
        {"term": "nata", "matched": "2 pastéis de nata 3.00", "kind": "text", "confidence": pytest.approx(1, abs=0.05)}
    ]
    refused = api.get("/api/images/", {"q": "zqxwv"})
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "unknown_term"


def test_a_word_that_is_a_label_means_the_object_and_text_colon_means_the_word(api, library):
    assert _found(api, "text:cat") == ["cat_food"]
    assert "cat_food" not in _found(api, "cat")  # no cat was detected in it: "cat" is the object
    assert _found(api, "text:food -text:espresso") == ["cat_food"]


def test_reading_again_replaces_the_lines_and_another_user_finds_none_of_them(api, other_api, library):
    _read(library["cafe"])
    assert TextLine.objects.filter(image_id=library["cafe"]).count() == 4
    assert other_api.get("/api/images/", {"q": "text:sunflower"}).json()["results"] == []
    assert other_api.get("/api/images/", {"q": "lisboa"}).status_code == 400  # none of their photos say it
    assert other_api.get(f"/api/images/{library['cafe']}/").status_code == 404


def test_exports_carry_the_text_a_csv_row_per_line_and_coco_per_image(api, library):
    def exported(query: str) -> zipfile.ZipFile:
        response = api.get(f"/api/exports/?{query}")
        assert response.status_code == 200, response.content
        return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))

    rows = list(csv.DictReader(io.StringIO(exported("format=csv&q=text:sunflower").read("text.csv").decode())))
    assert [(row["filename"], row["line"], row["text"]) for row in rows][:2] == [
        ("cafe.jpg", "1", "Café Lumière"), ("cafe.jpg", "2", "Wi-Fi password: sunflower"),
    ]  # fmt: skip
    coco = json.loads(exported(f"format=coco&image_ids={library['receipt']}").read("instances.json"))
    (receipt,) = coco["images"]
    assert receipt["text"][0]["text"] == "RECEIPT"
    x, y, width, height = receipt["text"][0]["bbox"]  # pixels of the page as displayed, 1240x1754
    assert 0 < x < 300 and 0 < y < 300 and 100 < width < 600 and 20 < height < 150


def test_suggestions_complete_words_read_in_your_photos_only(api, other_api, library):
    suggested = api.get("/api/search/suggest", {"prefix": "sunf"}).json()["suggestions"]
    assert {"term": "text:sunflower", "kind": "text", "count": 1} in suggested
    assert [s["term"] for s in api.get("/api/search/suggest", {"prefix": "Lis"}).json()["suggestions"]] == [
        "text:lisboa"
    ]
    assert other_api.get("/api/search/suggest", {"prefix": "lis"}).json()["suggestions"] == []
