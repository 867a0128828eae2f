"""People through the API: faces sorted into people as a faces task stores them (here with embeddings made up
for the test, so that who is who is known; test_faces_task.py runs the real models), named once with the name
sticking to faces found later, merged, a face moved or taken out, a person hidden, a re-clustering that keeps
names and choices, search by name and who:, and nothing of anyone's people shown to anyone else."""

import csv
import io
import json
import zipfile

import numpy as np
import pytest
from django.core.management import call_command

from image_processing.detection import FaceFound
from tests.support import ASTRONAUT, CHELSEA, COFFEE, GRACE_HOPPER, store_faces, upload_paths

pytestmark = pytest.mark.django_db

RNG = np.random.default_rng(7)


def _someone() -> np.ndarray:
    """A made-up person: where their faces' embeddings lie (dlib's faces of one person lie within about 0.4)."""
    centre = RNG.normal(size=128)
    return centre / np.linalg.norm(centre) * 0.6


def _face(person: np.ndarray, x: float = 0.3, confidence: float = 0.95) -> FaceFound:
    noise = RNG.normal(size=128)
    embedding = person + noise / np.linalg.norm(noise) * 0.15
    return FaceFound((x, 0.2, x + 0.2, 0.5), confidence, tuple(float(v) for v in embedding))


@pytest.fixture
def photos(api, media_root) -> dict[str, str]:
    return {image["filename"]: image["id"] for image in upload_paths(api, ASTRONAUT, CHELSEA, COFFEE, GRACE_HOPPER)}


def _people(client, **query) -> list[dict]:
    answer = client.get("/api/people/", query)
    assert answer.status_code == 200, answer.content
    return answer.json()["results"]


def _names(client, **query) -> list[str]:
    answer = client.get("/api/images/", query)
    assert answer.status_code == 200, answer.content
    return sorted(image["filename"] for image in answer.json()["results"])


def test_faces_of_one_person_across_photos_become_one_person_and_a_name_sticks_to_faces_found_later(api, photos):
    ann, bob = _someone(), _someone()
    store_faces(photos["astronaut.png"], [_face(ann, 0.1), _face(bob, 0.6)])
    store_faces(photos["chelsea.png"], [_face(ann)])
    people = _people(api)
    assert [(p["photo_count"], p["face_count"], p["name"]) for p in people] == [(2, 2, None), (1, 1, None)]
    ann_id = people[0]["id"]
    assert people[0]["cover"]["image_id"] in (photos["astronaut.png"], photos["chelsea.png"])
    assert api.get(people[0]["thumbnail_url"])["Content-Type"] == "image/jpeg"

    named = api.patch(f"/api/people/{ann_id}/", {"name": "Ann  Smith"}, format="json").json()
    assert named["name"] == "Ann Smith" and len(named["faces"]) == 2
    store_faces(photos["coffee.png"], [_face(ann, 0.5)])  # found later: joins Ann, named
    detail = api.get(f"/api/images/{photos['coffee.png']}/").json()
    assert [(f["person"]["id"], f["person"]["name"]) for f in detail["faces"]] == [(ann_id, "Ann Smith")]
    assert _people(api, named="true")[0]["photo_count"] == 3 and len(_people(api, named="false")) == 1

    assert _names(api, q='"Ann Smith"') == ["astronaut.png", "chelsea.png", "coffee.png"]
    assert _names(api, q='who:"ann smith"') == ["astronaut.png", "chelsea.png", "coffee.png"]
    assert _names(api, q='who:"Ann Smith" -who:"Ann Smith"') == []
    assert _names(api, person=ann_id) == ["astronaut.png", "chelsea.png", "coffee.png"]
    matched = api.get("/api/images/", {"q": 'who:"Ann Smith"'}).json()["results"][0]["matches"]
    assert matched[0]["kind"] == "face" and matched[0]["matched"] == "Ann Smith"
    unknown = api.get("/api/images/", {"q": "who:Zoe"})
    assert unknown.status_code == 400 and unknown.json()["error"]["code"] == "unknown_person"
    suggested = api.get("/api/search/suggest", {"prefix": "smi"}).json()["suggestions"]
    assert {"term": '"Ann Smith"', "kind": "person", "count": 3} in suggested


def test_a_photo_examined_again_replaces_only_its_own_faces(api, photos):
    ann = _someone()
    store_faces(photos["astronaut.png"], [_face(ann)])
    store_faces(photos["chelsea.png"], [_face(ann), _face(ann, 0.6)])
    store_faces(photos["chelsea.png"], [_face(ann)])
    assert [p["face_count"] for p in _people(api)] == [2]
    assert len(api.get(f"/api/images/{photos['chelsea.png']}/").json()["faces"]) == 1


def test_small_faces_are_kept_but_belong_to_nobody(api, photos):
    store_faces(photos["astronaut.png"], [FaceFound((0.1, 0.1, 0.12, 0.13), 0.8, None)])
    (face,) = api.get(f"/api/images/{photos['astronaut.png']}/").json()["faces"]
    assert face["person"] is None and _people(api) == []


def test_merge_move_and_hide_correct_the_sorting(api, photos):
    ann, bob, cy = _someone(), _someone(), _someone()
    store_faces(photos["astronaut.png"], [_face(ann, 0.1), _face(bob, 0.6)])
    store_faces(photos["chelsea.png"], [_face(ann), _face(cy, 0.6)])
    by_count = _people(api)
    ann_id, others = by_count[0]["id"], [p["id"] for p in by_count[1:]]
    bob_id = next(
        p for p in others if api.get(f"/api/people/{p}/").json()["faces"][0]["image_id"] == photos["astronaut.png"]
    )
    cy_id = next(p for p in others if p != bob_id)
    api.patch(f"/api/people/{bob_id}/", {"name": "Bob"}, format="json")
    api.patch(f"/api/people/{cy_id}/", {"name": "bob"}, format="json")
    assert api.get(f"/api/people/{bob_id}/").json()["same_name_as"] == [cy_id]  # a merge to offer

    merged = api.post(f"/api/people/{cy_id}/merge", {"into": bob_id}, format="json")
    assert merged.status_code == 200 and merged.json()["name"] == "Bob" and merged.json()["photo_count"] == 2
    assert api.get(f"/api/people/{cy_id}/").status_code == 404
    itself = api.post(f"/api/people/{bob_id}/merge", {"into": bob_id}, format="json")
    assert itself.status_code == 400 and itself.json()["error"]["code"] == "invalid_merge"

    # "Not this person": the face from chelsea.png leaves Bob for a person of its own.
    chelsea_face = next(f for f in merged.json()["faces"] if f["image_id"] == photos["chelsea.png"])
    moved = api.patch(f"/api/faces/{chelsea_face['id']}/", {"person": None}, format="json").json()
    assert moved["person"]["id"] not in (bob_id, ann_id) and moved["person"]["name"] is None
    assert api.get(f"/api/people/{bob_id}/").json()["photo_count"] == 1
    back = api.patch(f"/api/faces/{chelsea_face['id']}/", {"person": ann_id}, format="json").json()
    assert back["person"] == {"id": ann_id, "name": None}

    hidden = api.patch(f"/api/people/{ann_id}/", {"hidden": True}, format="json").json()
    assert hidden["hidden"] is True and ann_id not in [p["id"] for p in _people(api)]
    assert [p["id"] for p in _people(api, hidden="true")] == [ann_id]


def test_reclustering_keeps_names_and_the_owners_choices(api, photos):
    ann, bob = _someone(), _someone()
    store_faces(photos["astronaut.png"], [_face(ann, 0.1), _face(bob, 0.6)])
    store_faces(photos["chelsea.png"], [_face(ann), _face(bob, 0.6)])
    store_faces(photos["coffee.png"], [_face(ann)])
    ann_id = _people(api)[0]["id"]
    api.patch(f"/api/people/{ann_id}/", {"name": "Ann"}, format="json")
    # The owner insists that one of Bob's faces is Ann.
    bob_id = _people(api)[1]["id"]
    chosen = api.get(f"/api/people/{bob_id}/").json()["faces"][0]
    api.patch(f"/api/faces/{chosen['id']}/", {"person": ann_id}, format="json")

    said = io.StringIO()
    call_command("cluster_faces", user=api.username, stdout=said)
    assert f"{api.username}'s faces are in 2 people" in said.getvalue()
    people = {p["name"]: p for p in _people(api)}
    assert people["Ann"]["id"] == ann_id and people["Ann"]["face_count"] == 4  # three of hers and the chosen one
    assert people[None]["face_count"] == 1


def test_nobody_sees_anyone_elses_people_or_faces(api, other_api, photos):
    ann = _someone()
    store_faces(photos["astronaut.png"], [_face(ann)])
    ann_id = _people(api)[0]["id"]
    api.patch(f"/api/people/{ann_id}/", {"name": "Ann"}, format="json")
    face_id = api.get(f"/api/people/{ann_id}/").json()["faces"][0]["id"]
    assert _people(other_api) == []
    for method, url, body in [
        ("get", f"/api/people/{ann_id}/", None),
        ("patch", f"/api/people/{ann_id}/", {"name": "Mine"}),
        ("post", f"/api/people/{ann_id}/merge", {"into": ann_id}),
        ("get", f"/api/people/{ann_id}/thumbnail", None),
        ("patch", f"/api/faces/{face_id}/", {"person": None}),
        ("get", "/api/images/", {"person": ann_id}),
    ]:
        answer = getattr(other_api, method)(url, body, format="json") if method != "get" else other_api.get(url, body)
        assert answer.status_code == 404, (method, url, answer.status_code)
    assert other_api.get("/api/images/", {"q": "who:Ann"}).json()["error"]["code"] == "unknown_person"
    suggested = other_api.get("/api/search/suggest", {"prefix": "an"}).json()["suggestions"]
    assert all(suggestion["kind"] != "person" for suggestion in suggested)
    assert api.get(f"/api/people/{ann_id}/").json()["name"] == "Ann"


def test_exports_name_the_people_in_each_photo(api, other_api, photos):
    ann = _someone()
    store_faces(photos["astronaut.png"], [_face(ann), FaceFound((0.7, 0.1, 0.72, 0.13), 0.7, None)])
    api.patch(f"/api/people/{_people(api)[0]['id']}/", {"name": "Ann"}, format="json")

    def export(client, fmt: str) -> zipfile.ZipFile:
        answer = client.get(f"/api/exports/?format={fmt}&image_ids={photos['astronaut.png']}")
        assert answer.status_code == 200, answer.content
        return zipfile.ZipFile(io.BytesIO(b"".join(answer.streaming_content)))

    rows = list(csv.DictReader(io.StringIO(export(api, "csv").read("faces.csv").decode())))
    assert [(row["face"], row["person"]) for row in rows] == [("1", "Ann"), ("2", "")]
    coco = json.loads(export(api, "coco").read("instances.json"))
    (face_category,) = [category["id"] for category in coco["categories"] if category["name"] == "face"]
    faces = [entry for entry in coco["annotations"] if entry["category_id"] == face_category]
    assert sorted(face["person"] or "" for face in faces) == ["", "Ann"]
    assert other_api.get(f"/api/exports/?format=csv&image_ids={photos['astronaut.png']}").status_code == 404
