"""Tags from the real tagger on real photos, and the search box's queries over them and the real detector's
boxes: a hierarchy of words, counts, exclusions, why each photo matched, suggestions, and ownership."""

import csv
import io
import zipfile

import pytest

from image_processing.detection import tagger as tagger_module
from image_processing.models import Tag
from image_processing.services.examination import Examination, ExaminationService
from tests.support import ASTRONAUT, CHELSEA, COFFEE, SITE_PACKAGES, upload_paths

pytestmark = pytest.mark.django_db

ROCKET = SITE_PACKAGES / "skimage" / "data" / "rocket.jpg"


@pytest.fixture
def tagger_calls(monkeypatch) -> list[int]:
    """Counts the tagger's runs (the real ones still happen)."""
    calls: list[int] = []
    real_tag = tagger_module.Tagger.tag

    def counting_tag(self, *args, **kwargs):
        calls.append(1)
        return real_tag(self, *args, **kwargs)

    monkeypatch.setattr(tagger_module.Tagger, "tag", counting_tag)
    return calls


def _analyse(*image_ids: str, detect: bool = True) -> None:
    """What an `analyze` task (or, without `detect`, a `tag` task) does to these photos."""
    service = ExaminationService()
    exam = Examination(service.model_run(None, "exact") if detect else None, tags=True)
    if detect:
        exam = Examination(exam.run, frozenset(exam.run.spec.labels), 0.5, tags=True)
    photos = service.photos_to_detect(image_ids, exam)
    results = {photo_id: service.detect(photo, exam) for photo_id, photo in photos.items()}
    assert all(result.error is None for result in results.values())
    service.record_detections(None, exam, results)


def _tags(image_id: str) -> dict[str, float]:
    return dict(Tag.objects.filter(image_id=image_id).values_list("name", "score"))


def test_the_tagger_names_a_cat_breed_and_espresso_and_tagging_again_replaces(api, media_root, tagger_calls):
    cat, coffee = upload_paths(api, CHELSEA, COFFEE)
    _analyse(cat["id"], coffee["id"], detect=False)
    cat_tags, coffee_tags = _tags(cat["id"]), _tags(coffee["id"])
    assert max(cat_tags, key=cat_tags.get) in {"Egyptian cat", "tabby", "tiger cat"}
    assert {"espresso", "cup"} & set(coffee_tags)
    assert len(tagger_calls) == 2 and 1 <= len(cat_tags) <= tagger_module.TOP_TAGS
    _analyse(cat["id"], detect=False)  # again: the same tags, from the result cache, not twice
    assert _tags(cat["id"]) == cat_tags and len(tagger_calls) == 2
    detail = api.get(f"/api/images/{cat['id']}/").json()
    assert [tag["name"] for tag in detail["tags"]] == sorted(cat_tags, key=cat_tags.get, reverse=True)
    assert detail["tags"][0]["model"] == "efficientnet_lite3"
    best = [name for name, score in sorted(cat_tags.items(), key=lambda tag: -tag[1]) if score >= 0.1][:3]
    listed = {image["id"]: image["best_tags"] for image in api.get("/api/images/").json()["results"]}
    assert listed[cat["id"]] == detail["best_tags"] == best and best  # what a gallery card shows of a tagged photo


def test_a_query_finds_through_the_hierarchy_and_says_why(api, other_api, media_root):
    cat, coffee, rocket, astronaut = upload_paths(api, CHELSEA, COFFEE, ROCKET, ASTRONAUT)
    _analyse(cat["id"], coffee["id"], rocket["id"], astronaut["id"])

    def found(query: str, client=api) -> list[str]:
        answer = client.get("/api/images/", {"q": query})
        assert answer.status_code == 200, answer.content
        return [image["filename"] for image in answer.json()["results"]]

    assert found("animal") == ["chelsea.png"]
    assert found("cat") == ["chelsea.png"]
    assert found("espresso") == ["coffee.png"]
    assert found("person") == ["astronaut.png"]
    assert found("person>=2") == []
    assert found("animal -cat") == []
    assert found("cat>0.99") == []
    (result,) = api.get("/api/images/", {"q": "cat"}).json()["results"]
    kinds = {(match["kind"], match["matched"]) for match in result["matches"]}
    assert ("detection", "cat") in kinds
    assert {kind for kind, _ in kinds} == {"detection", "tag"}  # the box and a breed
    assert all(match["term"] == "cat" and 0.1 <= match["confidence"] <= 1 for match in result["matches"])
    assert found("cat", client=other_api) == []  # B never sees A's photos


def test_a_bad_query_is_a_400_that_says_what_is_wrong(api, media_root):
    unknown = api.get("/api/images/", {"q": "dgo"})
    assert unknown.status_code == 400
    assert (
        unknown.json()["error"]["code"] == "unknown_term" and "dog" in unknown.json()["error"]["details"]["suggestions"]
    )
    malformed = api.get("/api/images/", {"q": 'cat "golden'})
    assert malformed.status_code == 400 and malformed.json()["error"]["details"]["position"] == 4


def test_suggestions_complete_from_your_own_photos_only(api, other_api, media_root):
    cat, coffee = upload_paths(api, CHELSEA, COFFEE)
    _analyse(cat["id"], coffee["id"])
    suggested = api.get("/api/search/suggest", {"prefix": "es"}).json()["suggestions"]
    assert {"term": "espresso", "kind": "tag", "count": 1} in suggested
    assert any(
        s["term"] == "cat" and s["kind"] == "label"
        for s in api.get("/api/search/suggest?prefix=ca").json()["suggestions"]
    )
    assert other_api.get("/api/search/suggest", {"prefix": "es"}).json()["suggestions"] == []
    # The broad words the gallery recommends complete too, and the object itself comes before its tags.
    for prefix in ("an", "ani"):
        assert api.get("/api/search/suggest", {"prefix": prefix}).json()["suggestions"][0] == {
            "term": "animal", "kind": "word", "count": 1,
        }  # fmt: skip
    cat_first = api.get("/api/search/suggest", {"prefix": "ca"}).json()["suggestions"]
    assert cat_first[0]["term"] == "cat" and all(s["kind"] == "tag" for s in cat_first[1:] if "cat" in s["term"])
    for no_word in ("_", " "):  # not every term
        assert api.get("/api/search/suggest", {"prefix": no_word}).status_code == 400


def test_search_results_come_a_page_at_a_time_best_first_within_the_other_filters(api, media_root):
    photos = upload_paths(api, CHELSEA, COFFEE, ROCKET, ASTRONAUT)
    _analyse(*(photo["id"] for photo in photos))

    def search(**params):
        answer = api.get("/api/images/", {"q": "entity", **params})  # WordNet's root: whatever a photo shows
        return answer.status_code, answer.json()

    _, everything = search()
    assert everything["count"] == 4
    best = [max(match["confidence"] for match in photo["matches"]) for photo in everything["results"]]
    assert best == sorted(best, reverse=True)
    (_, first), (_, second), (missing, _) = (search(page_size=3, page=page) for page in (1, 2, 3))
    assert first["count"] == second["count"] == 4 and first["next"] and second["next"] is None and missing == 404
    assert first["results"] + second["results"] == everything["results"]
    assert search(page_size=3, page="last")[1]["results"] == second["results"]
    assert search(page="²")[0] == search(page="99999999999999999999")[0] == 404
    assert search(taken_after="2000-01-01")[1]["count"] == 4
    assert search(taken_before="2000-01-01")[1]["count"] == 0
    exported = api.get("/api/exports/", {"format": "csv", "q": "cat"})
    archive = zipfile.ZipFile(io.BytesIO(b"".join(exported.streaming_content)))
    rows = list(csv.DictReader(io.StringIO(archive.read("detections.csv").decode())))
    assert rows and {row["filename"] for row in rows} == {"chelsea.png"}
