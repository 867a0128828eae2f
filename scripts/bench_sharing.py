"""`make bench`, third part: shared albums. Prints one table.

A database of its own holds --photos photos of one owner (generated rows with one real thumbnail file, no
inference), an album of --album-photos of them shared with a second account as a viewer and by link, and a live
album (a search) shared the same way. Then, in process through Django and DRF as the web app asks, p50 and p95
of --runs each: the page a link opens (the first and the last page of 50), the album's gallery page as its owner
and as the member sees it, and a thumbnail as its owner and as the member gets it. A member's request checks,
each time, that the album is shared with them (and, for a photo, that an album they may see holds it): the
member/owner ratios are the cost of that check.
"""

import argparse
import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.bench_database import own_database, p50_p95  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--photos", type=int, default=20_000, help="photos of the album's owner")
    parser.add_argument("--album-photos", type=int, default=1_000, help="photos in the shared album")
    parser.add_argument("--runs", type=int, default=40, help="timed runs of each request")
    args = parser.parse_args()
    with own_database(
        "sharing", SPOTTER_SHARED_THROTTLE="1000000/minute", SPOTTER_SHARED_LINK_THROTTLE="1000000/minute"
    ):
        shared_albums(args.photos, args.album_photos, args.runs)


def shared_albums(photos: int, album_photos: int, runs: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from PIL import Image as PILImage
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    from image_processing import storage
    from image_processing.models import Album, AlbumMember, AlbumPhoto, Detection, Image, ShareLink

    users = get_user_model().objects
    owner, member = users.create_user("bench-owner", password="-"), users.create_user("bench-member", password="-")
    thumbnail = io.BytesIO()
    PILImage.new("RGB", (512, 384), "steelblue").save(thumbnail, "JPEG")
    thumbnail_name = storage.save_bytes("bench-thumbnail.jpg", thumbnail.getvalue())
    images = Image.objects.bulk_create(
        Image(owner=owner, filename=f"IMG_{n:06d}.jpg", content_type="image/jpeg", width=4032, height=3024,
              size_bytes=1, sha256=f"{n:064x}", file_name="-", thumbnail_name=thumbnail_name)
        for n in range(photos)
    )  # fmt: skip
    chosen = images[:: max(1, photos // album_photos)][:album_photos]
    # The live album's search finds the photos with a dog: as many as the chosen album holds.
    Detection.objects.bulk_create(
        Detection(image=image, owner=owner, model="ssd_mobilenet_v2_coco_2018_03_29", label="dog", confidence=0.9,
                  x_min=0.1, y_min=0.1, x_max=0.5, y_max=0.5)
        for image in images[1:: max(1, photos // album_photos)][:album_photos]
    )  # fmt: skip
    album = Album.objects.create(owner=owner, title="Shared")
    AlbumPhoto.objects.bulk_create(AlbumPhoto(album=album, image=image) for image in chosen)
    live = Album.objects.create(owner=owner, title="Dogs", query="dog")
    for shared in (album, live):
        AlbumMember.objects.create(album=shared, user=member, role="viewer")
    link = ShareLink.objects.create(album=album, token="bench-" + "x" * 40)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")

    clients = {}
    for role, user in (("owner", owner), ("member", member)):
        clients[role] = APIClient()
        clients[role].credentials(HTTP_AUTHORIZATION=f"Bearer {Token.objects.create(user=user).key}")
    visitor = APIClient()
    in_album, in_live = str(chosen[len(chosen) // 2].id), str(images[1].id)
    last_page = (album_photos + 49) // 50
    requests = {
        "link: the album's first page of 50": (visitor, f"/api/shared/{link.token}/", {}),
        f"link: its last page ({last_page})": (visitor, f"/api/shared/{link.token}/", {"page": last_page}),
        "link: a thumbnail": (visitor, f"/api/shared/{link.token}/photos/{in_album}/thumbnail", {}),
    }
    for kind, shared, photo in (("album", album, in_album), ("live album", live, in_live)):
        for role in ("owner", "member"):
            requests[f"{kind}: gallery page as its {role}"] = (clients[role], "/api/images/", {"album": shared.id})
        for role in ("owner", "member"):
            requests[f"{kind}: a thumbnail as its {role}"] = (clients[role], f"/api/images/{photo}/thumbnail", {})
    print(f"Shared albums: {photos:,} photos of one owner, an album of {len(chosen):,} of them and a live album "
          f"finding as many, shared with a viewer and by link · PostgreSQL · {runs} runs each")  # fmt: skip
    print()
    print("| request | p50 ms | p95 ms |")
    print("|---|---:|---:|")
    p50s = {}
    for text, (client, path, params) in requests.items():
        answer = client.get(path, params)
        assert answer.status_code == 200, (text, answer.status_code)
        timings = []
        for _ in range(runs):
            began = time.perf_counter()
            b"".join(client.get(path, params))  # a file's bytes are streamed: read them all
            timings.append(1000 * (time.perf_counter() - began))
        p50s[text], p95 = p50_p95(timings)
        print(f"| {text} | {p50s[text]:.1f} | {p95:.1f} |", flush=True)
    print()
    for kind in ("album", "live album"):
        for what in ("gallery page", "a thumbnail"):
            ratio = p50s[f"{kind}: {what} as its member"] / p50s[f"{kind}: {what} as its owner"]
            print(f"{kind}, {what}: member / owner = {ratio:.2f} (p50)")


if __name__ == "__main__":
    main()
