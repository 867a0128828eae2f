"""Photos in and out: HEIC and AVIF, EXIF dates, cameras and places, duplicates, and exports read back by
the tools that use them (pycocotools, YOLO's text files, the csv module)."""

import csv
import io
import json
import zipfile

import pytest
from PIL import Image as PILImage
from PIL.TiffImagePlugin import IFDRational
from pycocotools.coco import COCO

from image_processing.detection import Box, Found
from image_processing.models import Image
from image_processing.services.examination import Examination, ExaminationService
from tests.support import ASTRONAUT, CHELSEA, GRACE_HOPPER, jpeg_bytes, store_detections, upload, upload_paths

pytestmark = pytest.mark.django_db


def _with_exif(taken: str | None = None, offset: str | None = None, orientation: int = 1, gps=None) -> PILImage.Exif:
    exif = PILImage.Exif()
    exif[0x0112], exif[0x010F], exif[0x0110] = orientation, "Apple", "iPhone 15"
    details = exif.get_ifd(0x8769)
    if taken:
        details[0x9003] = taken
    if offset:
        details[0x9011] = offset
    if gps:
        exif.get_ifd(0x8825).update(gps)
    return exif


def _encoded(picture: PILImage.Image, fmt: str, exif: PILImage.Exif) -> bytes:
    buffer = io.BytesIO()
    picture.convert("RGB").save(buffer, fmt, exif=exif.tobytes(), quality=85)
    return buffer.getvalue()


@pytest.mark.parametrize(("fmt", "content_type"), [("HEIF", "image/heic"), ("AVIF", "image/avif")])
def test_heic_and_avif_upload_like_jpegs_and_are_detected(api, media_root, fmt, content_type):
    cat = PILImage.open(CHELSEA)
    sideways = cat.transpose(PILImage.Transpose.ROTATE_90)  # stored turned, with a tag saying so
    content = _encoded(sideways, fmt, _with_exif("2024:05:01 10:11:12", "+02:00", orientation=6))
    response = upload(api, (f"cat.{fmt.lower()}", content))
    assert response.status_code == 201, response.content
    (stored,) = response.json()["images"]
    assert (stored["content_type"], stored["width"], stored["height"]) == (content_type, cat.width, cat.height)
    assert stored["taken_at"] == "2024-05-01T08:11:12Z" and stored["camera"] == "Apple iPhone 15"
    assert b"".join(api.get(stored["file_url"]).streaming_content) == content  # the original, unchanged
    thumbnail = PILImage.open(io.BytesIO(b"".join(api.get(stored["thumbnail_url"]).streaming_content)))
    assert thumbnail.width > thumbnail.height  # upright, as the cat is
    service, image_id = ExaminationService(), Image.objects.get(id=stored["id"]).id
    exam = Examination(service.model_run(None, "exact"), frozenset({"cat"}), 0.5)
    found = service.detect(service.photos_to_detect([image_id], exam)[image_id], exam)
    assert found.error is None and [f.label for f in found.found] == ["cat"]


def test_dates_cameras_and_places_come_from_exif_and_order_and_filter_the_gallery(api, other_api, media_root):
    picture = PILImage.open(ASTRONAUT)
    gps = {1: "S", 2: (33.0, 51.0, 54.0), 3: "E", 4: (151.0, 12.0, 36.0)}
    photos = [
        ("offset.jpg", jpeg_bytes(picture, exif=_with_exif("2021:03:04 09:00:00", "-05:00", gps=gps))),
        ("no-offset.jpg", jpeg_bytes(picture.rotate(1), exif=_with_exif("2019:12:31 23:59:59"))),
        ("no-date.jpg", jpeg_bytes(picture.rotate(2))),
    ]
    stored = {image["filename"]: image for image in upload(api, *photos).json()["images"]}
    assert stored["offset.jpg"]["taken_at"] == "2021-03-04T14:00:00Z"
    assert stored["no-offset.jpg"]["taken_at"] == "2019-12-31T23:59:59Z"  # no offset: read as UTC
    assert stored["no-date.jpg"]["taken_at"] is None
    detail = api.get(f"/api/images/{stored['offset.jpg']['id']}/").json()
    assert detail["location"] == {"latitude": -33.865, "longitude": 151.21}
    assert api.get(f"/api/images/{stored['no-date.jpg']['id']}/").json()["location"] is None
    assert other_api.get(f"/api/images/{stored['offset.jpg']['id']}/").status_code == 404
    no_fix = {1: "N", 2: (IFDRational(1, 0), 0.0, 0.0), 3: "W", 4: (200.0, 0.0, 0.0)}  # 0/0 from a camera without a fix
    no_place = jpeg_bytes(picture.rotate(3), exif=_with_exif(gps=no_fix))
    (unplaced,) = upload(api, ("no-fix.jpg", no_place)).json()["images"]
    assert api.get(f"/api/images/{unplaced['id']}/").json()["location"] is None
    api.delete(f"/api/images/{unplaced['id']}/")

    def names(query: str = "") -> list[str]:
        return [image["filename"] for image in api.get(f"/api/images/?{query}").json()["results"]]

    assert names() == ["no-date.jpg", "offset.jpg", "no-offset.jpg"]  # by date taken, else uploaded (today)
    assert names("taken_before=2021-12-31") == ["offset.jpg", "no-offset.jpg"]
    assert names("taken_after=2020-01-01&taken_before=2021-03-04") == ["offset.jpg"]
    assert api.get("/api/images/?taken_after=yesterday").status_code == 400


def test_the_same_photo_again_is_answered_with_the_one_stored(api, other_api, media_root):
    (first,) = upload_paths(api, CHELSEA)
    again = upload(api, ("copy-of-chelsea.png", CHELSEA.read_bytes())).json()["images"]
    assert [(image["id"], image["duplicate"]) for image in again] == [(first["id"], True)]
    assert first["duplicate"] is False
    assert Image.objects.count() == 1  # nothing stored twice
    (theirs,) = upload_paths(other_api, CHELSEA)  # another user's library: stored for them
    assert theirs["id"] != first["id"] and theirs["duplicate"] is False
    assert Image.objects.count() == 2


def _export(api, query: str) -> zipfile.ZipFile:
    response = api.get(f"/api/exports/?{query}")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


@pytest.fixture
def two_photos(api, media_root) -> list[dict]:
    cat, person = upload_paths(api, CHELSEA, ASTRONAUT)
    store_detections(cat["id"], ["cat"], [Found("cat", 0.9, Box(0.1, 0.2, 0.6, 0.9))])
    store_detections(person["id"], ["person", "cup"], [Found("person", 0.8, Box(0.25, 0.0, 0.75, 1.0)),
                                                       Found("cup", 0.3, Box(0.0, 0.0, 0.1, 0.1))])  # fmt: skip
    return [cat, person]


def test_coco_export_loads_in_pycocotools_with_boxes_in_pixels(api, two_photos, tmp_path):
    cat, person = two_photos
    archive = _export(api, f"format=coco&image_ids={cat['id']},{person['id']}")
    (tmp_path / "instances.json").write_bytes(archive.read("instances.json"))
    coco = COCO(str(tmp_path / "instances.json"))
    assert len(coco.getImgIds()) == 2 and len(coco.getAnnIds()) == 2  # the 0.3 cup is below the default 0.5
    (cat_image,) = [img for img in coco.loadImgs(coco.getImgIds()) if img["spotter_id"] == cat["id"]]
    (annotation,) = coco.loadAnns(coco.getAnnIds(imgIds=[cat_image["id"]]))
    assert coco.loadCats(annotation["category_id"])[0]["name"] == "cat"
    assert annotation["bbox"] == pytest.approx([0.1 * 451, 0.2 * 300, 0.5 * 451, 0.7 * 300], abs=0.01)
    assert annotation["score"] == 0.9


def test_yolo_export_has_a_label_file_per_photo_and_the_class_names(api, two_photos):
    archive = _export(api, "format=yolo&min_confidence=0.2&with_photos=true")
    names = archive.namelist()
    labels = sorted(name for name in names if name.startswith("labels/"))
    assert len(labels) == 2 and len([name for name in names if name.startswith("images/")]) == 2
    classes = {}
    for line in archive.read("data.yaml").decode().splitlines():
        if line.startswith("  "):
            index, name = line.strip().split(": ", 1)
            classes[int(index)] = json.loads(name)
    rows = {name: archive.read(name).decode().split("\n")[:-1] for name in labels}
    person_file = next(name for name in labels if name.startswith("labels/astronaut-"))
    found = sorted(classes[int(row.split()[0])] for row in rows[person_file])
    assert found == ["cup", "person"]
    person_row = next(row for row in rows[person_file] if classes[int(row.split()[0])] == "person")
    assert [float(v) for v in person_row.split()[1:]] == pytest.approx([0.5, 0.5, 0.5, 1.0])
    assert archive.read(f"images/{person_file[len('labels/') : -4]}.png") == ASTRONAUT.read_bytes()


def test_csv_export_has_a_row_per_detection_and_follows_the_search(api, two_photos):
    rows = list(csv.DictReader(io.StringIO(_export(api, "format=csv&label=cat").read("detections.csv").decode())))
    assert [(row["filename"], row["label"], float(row["confidence"])) for row in rows] == [("chelsea.png", "cat", 0.9)]
    Image.objects.filter(id=two_photos[0]["id"]).update(filename="=HYPERLINK(1).png")
    rows = list(csv.DictReader(io.StringIO(_export(api, "format=csv&label=cat").read("detections.csv").decode())))
    assert rows[0]["filename"] == "'=HYPERLINK(1).png"  # a spreadsheet shows it as text, never runs it


def test_a_search_exports_exactly_the_photos_and_detections_the_gallery_shows(api, media_root):
    """A search for person at 90 % showed 8 photos; its CSV held 9 and its COCO file 12 (the 50 % set)."""
    sure, unsure, other = upload_paths(api, ASTRONAUT, GRACE_HOPPER, CHELSEA)
    store_detections(sure["id"], ["person"], [Found("person", 0.95, Box(0.2, 0.0, 0.8, 1.0)),
                                              Found("person", 0.6, Box(0.0, 0.0, 0.2, 0.5))])  # fmt: skip
    store_detections(unsure["id"], ["person"], [Found("person", 0.7, Box(0.1, 0.1, 0.9, 0.9))])
    store_detections(other["id"], ["cat"], [Found("cat", 0.99, Box(0.1, 0.2, 0.6, 0.9))])
    search = "q=person&min_confidence=0.9"
    shown = {image["id"] for image in api.get(f"/api/images/?{search}&labels_at=0.9").json()["results"]}
    assert shown == {sure["id"]}
    coco = json.loads(_export(api, f"format=coco&{search}").read("instances.json"))
    assert {image["spotter_id"] for image in coco["images"]} == shown
    assert [a["score"] for a in coco["annotations"]] == [0.95]
    rows = list(csv.DictReader(io.StringIO(_export(api, f"format=csv&{search}").read("detections.csv").decode())))
    assert [(row["filename"], float(row["confidence"])) for row in rows] == [("astronaut.png", 0.95)]


def test_nobody_exports_another_user_s_photos_or_tasks(api, other_api, two_photos):
    cat, _ = two_photos
    theirs = other_api.get(f"/api/exports/?format=csv&image_ids={cat['id']}")
    assert theirs.status_code == 404 and theirs.json()["error"]["details"]["missing"] == [cat["id"]]
    for blank in ("image_ids=", "image_ids=,", "task="):  # not "everything"
        assert other_api.get(f"/api/exports/?format=csv&{blank}").status_code == 400, blank
    assert other_api.get("/api/exports/?format=csv&task=0b8a4c2e-1111-4222-8333-444455556666").status_code == 404
    assert api.get("/api/exports/?format=pdf").status_code == 400


def test_a_photo_whose_file_storage_lost_says_so_and_exports_go_on_without_it(api, two_photos, media_root):
    cat, person = two_photos
    (media_root / Image.objects.get(id=cat["id"]).file_name).unlink()
    for path in (cat["file_url"], f"/api/images/{cat['id']}/annotated"):
        answer = api.get(path)
        assert answer.status_code == 404 and answer.json()["error"]["code"] == "file_missing", path
    assert api.get(person["file_url"]).status_code == 200
    archive = _export(api, "format=csv&with_photos=true")
    photos = [name for name in archive.namelist() if name.startswith("images/")]
    assert len(photos) == 2 and "images/MISSING.txt" in photos
    assert f"chelsea.png ({cat['id']})" in archive.read("images/MISSING.txt").decode()
