"""Requests are read as the OpenAPI schema says they are: what it calls invalid is a 400 in the error shape
(a parameter given empty, a page size that is no whole number, text that is only spaces or holds a NUL, a number
where text goes, a UUID in another form), what it calls valid is taken, and what it calls valid but the code may
still refuse (a model name that no model has) is listed with the operation (`x-refusals`). The fuzzing that found
each of these is tests/reliability/test_fuzz.py."""

import uuid

import pytest
from rest_framework.test import APIClient

from tests.support import CHELSEA, upload_paths

pytestmark = pytest.mark.django_db


def _refused(response, field: str) -> None:
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid_input", error
    assert field in error["details"]["fields"], error


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/images/?taken_after=", "taken_after"),
        ("/api/images/?taken_before=", "taken_before"),
        ("/api/images/?q=", "q"),
        ("/api/images/?label=", "label"),
        ("/api/images/?model=", "model"),
        ("/api/images/?min_confidence=", "min_confidence"),
        ("/api/images/?page=", "page"),
        ("/api/images/?page_size=", "page_size"),
        ("/api/tasks/?status=", "status"),
        ("/api/tasks/?page_size=", "page_size"),
        ("/api/labels/?model=", "model"),
        ("/api/search/suggest?prefix=", "prefix"),
        ("/api/exports/?format=", "format"),
        ("/api/exports/?format=csv&taken_after=", "taken_after"),
        ("/api/exports/?format=csv&with_photos=", "with_photos"),
    ],
)
def test_a_query_parameter_given_empty_is_refused_not_read_as_left_out(api, media_root, path, field):
    _refused(api.get(path), field)


def test_a_parameter_that_takes_empty_text_still_does(api, media_root):
    (cat,) = upload_paths(api, CHELSEA)
    assert api.get(f"/api/images/{cat['id']}/annotated?classes=").status_code == 200


# The last: an Arabic-Indic digit one, which int() would read.
@pytest.mark.parametrize("size", ["abc", "0", "-3", "2.0", "\u0661"])
def test_a_page_size_that_is_no_whole_number_of_at_least_one_is_refused(api, media_root, size):
    _refused(api.get(f"/api/images/?page_size={size}"), "page_size")
    _refused(api.get(f"/api/tasks/?page_size={size}"), "page_size")


def test_a_page_size_over_the_largest_reads_as_the_largest(api, media_root):
    upload_paths(api, CHELSEA)
    assert api.get("/api/images/?page_size=100000000000000000000").json()["count"] == 1
    assert api.get("/api/tasks/?page_size=201").status_code == 200


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("q=%20%20", "q"),
        ("label=%E3%80%80", "label"),  # an ideographic space, which str.strip() takes
        ("q=dog%00", "q"),
        ("label=d%00g", "label"),
        ("model=%20yolo", "model"),
        ("model=yolo%0A", "model"),
        ("model=no%20such%20model", "model"),
        ("model=%00", "model"),
    ],
)
def test_text_that_is_only_spaces_holds_a_nul_or_is_no_model_name_is_refused(api, media_root, query, field):
    _refused(api.get(f"/api/images/?{query}"), field)


@pytest.mark.parametrize("prefix", ["_", "%20_%1C", "a%00"])
def test_a_suggestion_needs_some_of_a_word(api, media_root, prefix):
    _refused(api.get(f"/api/search/suggest?prefix={prefix}"), "prefix")


def test_a_well_formed_name_of_no_model_is_the_refusal_the_schema_lists(api, media_root):
    response = api.get("/api/labels/?model=yolo9000")
    assert response.status_code == 400 and response.json()["error"]["code"] == "unknown_model"
    operation = APIClient().get("/api/schema/?format=json").json()["paths"]["/api/labels/"]["get"]
    assert "unknown_model" in operation["x-refusals"]
    assert "`unknown_model`" in operation["responses"]["400"]["description"]


@pytest.mark.parametrize(
    "ids",
    [
        lambda a, b: f"{a}, {b}",
        lambda a, b: f"{a},{b},",
        lambda a, b: f",{a}",
        lambda a, b: f"{a.hex},{b}",
        lambda a, b: f"urn:uuid:{a}",
        lambda a, b: "%20",
    ],
)
def test_export_ids_are_uuids_joined_by_commas_and_nothing_else(api, media_root, ids):
    _refused(api.get(f"/api/exports/?format=csv&image_ids={ids(uuid.uuid4(), uuid.uuid4())}"), "image_ids")


def test_export_ids_in_the_schema_s_form_are_read(api, media_root):
    cat = upload_paths(api, CHELSEA)[0]["id"]
    assert api.get(f"/api/exports/?format=csv&image_ids={cat}").status_code == 200
    assert api.get(f"/api/exports/?format=csv&image_ids={cat},{uuid.uuid4()}").status_code == 404  # not all yours


@pytest.mark.parametrize(
    "body",
    [
        {"username": 12345678, "password": "a-long-secret-42"},
        {"username": "numbers", "password": 1234567890123},
        {"username": "numbers", "password": "a-long\x00secret-42"},
    ],
)
def test_credentials_are_strings_without_nul(db, body):
    response = APIClient().post("/api/auth/register", body, format="json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_input", response.content


@pytest.mark.parametrize(
    "options",
    [{"classes": [17]}, {"classes": ["  "]}, {"classes": ["d\x00g"]}, {"model": 9000}, {"model": "yolo 9000"}],
)
def test_task_options_are_the_strings_the_schema_says(api, media_root, options):
    (cat,) = upload_paths(api, CHELSEA)
    response = api.post("/api/tasks/detect/", {"image_ids": [cat["id"]], "options": options}, format="json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_input", response.content


@pytest.mark.parametrize("form", [lambda i: i.replace("-", ""), lambda i: f"urn:uuid:{i}", lambda i: "{" + i + "}"])
def test_task_image_ids_are_uuids_in_the_schema_s_form(api, media_root, form):
    (cat,) = upload_paths(api, CHELSEA)
    _refused(api.post("/api/tasks/detect/", {"image_ids": [form(cat["id"])]}, format="json"), "image_ids")


def test_the_schema_says_what_the_code_refuses(db):
    document = APIClient().get("/api/schema/?format=json").json()
    images = {p["name"]: p["schema"] for p in document["paths"]["/api/images/"]["get"]["parameters"]}
    assert images["page"]["minimum"] == images["page_size"]["minimum"] == 1
    assert images["model"]["pattern"] == "^[A-Za-z0-9][A-Za-z0-9._-]{0,47}$"
    assert "pattern" in images["q"] and "pattern" in images["label"]
    submit = document["components"]["schemas"]["TaskSubmitInputRequest"]["properties"]["image_ids"]
    assert submit["minItems"] == 1 and submit["uniqueItems"] is True
    assert document["components"]["schemas"]["TaskOptionsInputRequest"]["additionalProperties"] is False
