"""manage.py fingerprint_photos: fingerprints and sharpness for photos stored before Spotter took them at
upload, from their thumbnails."""

from django.core.management.base import BaseCommand
from PIL import Image as PILImage
from tqdm import tqdm

from image_processing import storage
from image_processing.fingerprints import measure
from image_processing.models import Image
from image_processing.repository import ImageRepository


class Command(BaseCommand):
    help = "Take the fingerprint and sharpness of every photo that has none (photos stored before they were taken)."

    def handle(self, **_):
        missing = Image.objects.filter(fingerprint__isnull=True).only("id", "thumbnail_name")
        done = unreadable = 0
        images = ImageRepository()
        for image in tqdm(missing.iterator(), total=missing.count(), unit="photo", disable=None):
            try:
                with storage.open_file(image.thumbnail_name) as stream:
                    thumbnail = PILImage.open(stream).convert("RGB")
            except (OSError, ValueError):
                unreadable += 1
                continue
            fingerprint, sharpness = measure(thumbnail)
            images.set_fingerprint(image.id, fingerprint, sharpness)
            done += 1
        self.stdout.write(
            f"Fingerprinted {done} photos"
            + (f"; {unreadable} thumbnails could not be read" if unreadable else "")
            + "."
        )
