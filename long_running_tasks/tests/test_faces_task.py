"""The `faces` task through a real Celery worker, the Redis broker, PostgreSQL and the real face models, on the two
portraits that ship in packages and photos composed from them (a head pasted into other real photos): each face
found, one person's faces across photos in one person and nobody else's, a name found by search, and a pause and
a stop in the middle of a faces task that keep what was found."""

import pytest
from PIL import Image as PILImage

from image_processing.models import Face
from tests.support import ASTRONAUT, CHELSEA, COFFEE, GRACE_HOPPER, jpeg_bytes, upload, wait_for, wait_for_task

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("celery_worker")]

# Where each portrait's face is, as fractions of it (x_min, y_min, x_max, y_max).
FACE_IN = {ASTRONAUT: (0.342, 0.148, 0.518, 0.324), GRACE_HOPPER: (0.352, 0.232, 0.715, 0.542)}


def _pasted(portrait, background, face_share: float, where: tuple[float, float], size=(1600, 1200)) -> bytes:
    """A JPEG of a real photo with the portrait's head pasted in: its face `face_share` of the photo's height, its
    top-left corner at `where` (fractions)."""
    picture = PILImage.open(background).convert("RGB").resize(size)
    source = PILImage.open(portrait).convert("RGB")
    x0, y0, x1, y1 = (v * s for v, s in zip(FACE_IN[portrait], source.size * 2, strict=True))
    margin = (x1 - x0) * 0.6
    head = source.crop((round(x0 - margin), round(y0 - margin), round(x1 + margin), round(y1 + margin)))
    scale = face_share * size[1] / (y1 - y0)
    head = head.resize((round(head.width * scale), round(head.height * scale)), PILImage.Resampling.LANCZOS)
    picture.paste(head, (round(where[0] * size[0] - margin * scale), round(where[1] * size[1] - margin * scale)))
    return jpeg_bytes(picture)


def _start(api, ids: list[str]) -> str:
    task = api.post("/api/tasks/faces/", {"image_ids": ids}, format="json")
    assert task.status_code == 202, task.content
    return task.json()["id"]


def test_a_faces_task_sorts_each_persons_faces_into_one_person_found_by_name(api):
    photos = [
        ("astronaut.png", ASTRONAUT.read_bytes()),
        ("grace_hopper.jpg", GRACE_HOPPER.read_bytes()),
        ("astronaut-on-coffee.jpg", _pasted(ASTRONAUT, COFFEE, 0.3, (0.4, 0.3))),
        ("astronaut-on-cat.jpg", _pasted(ASTRONAUT, CHELSEA, 0.22, (0.1, 0.5))),
        ("grace-on-cat.jpg", _pasted(GRACE_HOPPER, CHELSEA, 0.35, (0.55, 0.2))),
        ("chelsea.png", CHELSEA.read_bytes()),
    ]
    ids = {image["filename"]: image["id"] for image in upload(api, *photos).json()["images"]}
    final = wait_for_task(api, _start(api, list(ids.values())), timeout=240)
    assert (final["status"], final["processed"], final["summary"]) == ("succeeded", 6, {"face": 5}), final

    people = api.get("/api/people/").json()["results"]
    photos_of = {
        person["id"]: {
            name
            for name, image_id in ids.items()
            if any(face["image_id"] == image_id for face in api.get(f"/api/people/{person['id']}/").json()["faces"])
        }
        for person in people
    }
    assert sorted(photos_of.values(), key=len) == [
        {"grace_hopper.jpg", "grace-on-cat.jpg"},
        {"astronaut.png", "astronaut-on-coffee.jpg", "astronaut-on-cat.jpg"},
    ]
    assert api.get(f"/api/images/{ids['chelsea.png']}/").json()["faces"] == []

    grace = next(person_id for person_id, names in photos_of.items() if "grace_hopper.jpg" in names)
    api.patch(f"/api/people/{grace}/", {"name": "Grace Hopper"}, format="json")
    found = api.get("/api/images/", {"q": '"Grace Hopper"'}).json()["results"]
    assert sorted(image["filename"] for image in found) == ["grace-on-cat.jpg", "grace_hopper.jpg"]

    # Found later, in another task: the named person's new face is hers at once.
    (later,) = upload(api, ("grace-on-coffee.jpg", _pasted(GRACE_HOPPER, COFFEE, 0.3, (0.1, 0.1)))).json()["images"]
    assert wait_for_task(api, _start(api, [later["id"]]), timeout=240)["status"] == "succeeded"
    (face,) = api.get(f"/api/images/{later['id']}/").json()["faces"]
    assert face["person"] == {"id": grace, "name": "Grace Hopper"}


def test_a_faces_task_pauses_resumes_and_stops_keeping_what_it_found(api):
    pictures = [
        (f"astronaut-{n}.jpg", _pasted(ASTRONAUT, (COFFEE, CHELSEA)[n % 2], 0.2 + n * 0.01, (0.1 + n * 0.03, 0.3)))
        for n in range(14)
    ]
    ids = [image["id"] for image in upload(api, *pictures).json()["images"]]
    task_id = _start(api, ids)
    wait_for(lambda: api.get(f"/api/tasks/{task_id}/").json()["processed"] >= 1, timeout=240, what="a photo done")
    paused = api.post(f"/api/tasks/{task_id}/pause")
    assert paused.status_code == 202 and paused.json()["status"] == "paused"
    wait_for(lambda: api.get(f"/api/tasks/{task_id}/").json()["status"] == "paused", timeout=30, what="paused")
    held = api.get(f"/api/tasks/{task_id}/").json()["processed"]
    assert api.post(f"/api/tasks/{task_id}/resume").json()["status"] == "running"
    wait_for(lambda: api.get(f"/api/tasks/{task_id}/").json()["processed"] > held, timeout=240, what="progress")
    assert api.delete(f"/api/tasks/{task_id}/").status_code == 202

    final = wait_for_task(api, task_id, timeout=60)
    assert final["status"] in ("cancelled", "succeeded") and final["processed"] > held
    found = Face.objects.filter(task_id=task_id)
    assert found.values("image_id").distinct().count() == final["processed"] == final["summary"].get("face")
    assert found.filter(person__isnull=True).count() == 0  # each face sorted, in the same unit of work
