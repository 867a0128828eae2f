"""`make bench`, fifth part: people at scale. Prints one table.

A database of its own holds one owner's --faces faces of --people people (generated rows: each person's faces
lie around a point of their own, as dlib's descriptors of one person do; no inference) on photos of one to three
faces. Then: sorting a new photo's three faces into those people (each run rolled back, so every run meets the
same library), GET /api/people/ (in process, through Django and DRF, as the web app asks), and a full
re-clustering (`manage.py cluster_faces`), once.
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.bench_database import own_database, p50_p95  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--faces", type=int, default=50_000, help="faces in the library")
    parser.add_argument("--people", type=int, default=2_000, help="people they show")
    parser.add_argument("--runs", type=int, default=40, help="timed runs of each request")
    args = parser.parse_args()
    with own_database("people"):
        people_at_scale(args.faces, args.people, args.runs)


def people_at_scale(face_count: int, people_count: int, runs: int) -> None:
    import numpy as np
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    from image_processing.clustering import as_bytes
    from image_processing.models import Face, Image, Person
    from image_processing.services.people import PeopleService

    owner = get_user_model().objects.create_user("bench-people", password="-")
    rng = np.random.default_rng(7)
    centres = rng.normal(size=(people_count, 128))
    centres = centres / np.linalg.norm(centres, axis=1, keepdims=True) * 0.6

    def face_of(person: int) -> np.ndarray:
        noise = rng.normal(size=128)
        return centres[person] + noise / np.linalg.norm(noise) * rng.uniform(0.1, 0.25)

    started = time.monotonic()
    people = Person.objects.bulk_create(
        Person(
            owner=owner,
            name=f"Person {n}" if n % 2 else "",
            centroid=as_bytes(centres[n]),
            centroid_of=face_count // people_count,
        )
        for n in range(people_count)
    )
    made, photo = 0, 0
    while made < face_count:
        batch_images, batch_faces = [], []
        for _ in range(2_000):
            image = Image(owner=owner, filename=f"IMG_{photo:06d}.jpg", content_type="image/jpeg", width=4032,
                          height=3024, size_bytes=1, sha256=f"{photo:064x}", file_name="-",
                          thumbnail_name="-")  # fmt: skip
            batch_images.append(image)
            for position in range(min(int(rng.integers(1, 4)), face_count - made)):
                person = int(rng.integers(people_count))
                batch_faces.append(Face(image=image, owner=owner, model="blazeface-dlib", position=position,
                                        confidence=0.95, x_min=0.1 + 0.3 * position, y_min=0.2,
                                        x_max=0.3 + 0.3 * position, y_max=0.5,
                                        embedding=as_bytes(face_of(person)), person=people[person]))  # fmt: skip
                made += 1
            photo += 1
            if made >= face_count:
                break
        Image.objects.bulk_create(batch_images)
        Face.objects.bulk_create(batch_faces)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"People at scale: {face_count:,} faces of {people_count:,} people on {photo:,} photos of one owner, "
          f"generated in {time.monotonic() - started:.0f} s · PostgreSQL · {runs} runs each")  # fmt: skip
    print()
    print("| what | p50 ms | p95 ms | target p95 ms |")
    print("|---|---:|---:|---:|")

    service, timings = PeopleService(), []
    image = Image.objects.filter(owner=owner).first()
    for _ in range(runs):
        with transaction.atomic():
            new = Face.objects.bulk_create(
                Face(image=image, owner=owner, model="blazeface-dlib", position=10 + n, confidence=0.9, x_min=0,
                     y_min=0, x_max=0.1, y_max=0.1, embedding=as_bytes(face_of(int(rng.integers(people_count)))))
                for n in range(3)
            )  # fmt: skip
            began = time.perf_counter()
            service.sort_new_faces(owner.id, new)
            timings.append(1000 * (time.perf_counter() - began))
            transaction.set_rollback(True)
    p50, p95 = p50_p95(timings)
    print(f"| sorting a new photo's 3 faces into the people | {p50:.1f} | {p95:.1f} | 50 |", flush=True)

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {Token.objects.create(user=owner).key}")
    last_page = max(1, -(-client.get("/api/people/").json()["count"] // 50))
    for query in ({}, {"named": "false"}, {"page": last_page}):
        assert client.get("/api/people/", query).status_code == 200
        timings = []
        for _ in range(runs):
            began = time.perf_counter()
            client.get("/api/people/", query)
            timings.append(1000 * (time.perf_counter() - began))
        p50, p95 = p50_p95(timings)
        shown = "&".join(f"{key}={value}" for key, value in query.items())
        print(f"| GET /api/people/{'?' + shown if shown else ''} | {p50:.1f} | {p95:.1f} | 100 |", flush=True)

    began = time.perf_counter()
    after = service.recluster(owner.id)
    took = time.perf_counter() - began
    print(f"| a full re-clustering (once): {after:,} people after | {1000 * took:.0f} | {1000 * took:.0f} | 60000 |")


if __name__ == "__main__":
    main()
