"""The text reader on its own, on a camera-size photo decoded as a read task decodes it: no lines where there is
no text, and print small on the photo (words about 20 px high on 4032x3024) still read, word for word. A cheap
look at a smaller copy first would skip such print: the reader must not."""

import io

import numpy as np
from PIL import Image as PILImage
from PIL import ImageDraw

from image_processing.detection.reader import READ_SHORTER_SIDE, get_reader
from image_processing.imaging import load_oriented
from tests.support import ASTRONAUT, jpeg_bytes

from . import text_photos

SMALL_PRINT = ["Lisboa Bakery", "pasteis de nata", "Thank you"]


def _read(picture: PILImage.Image) -> list[str]:
    decoded = load_oriented(io.BytesIO(jpeg_bytes(picture)), READ_SHORTER_SIDE)
    return [line.text for line in get_reader().read(np.asarray(decoded))]


def test_a_camera_photo_without_text_gives_no_lines_and_its_small_print_is_read():
    photo = PILImage.open(ASTRONAUT).convert("RGB").resize((4032, 3024))
    assert _read(photo) == []
    ImageDraw.Draw(photo).rectangle((1500, 1800, 2700, 2000), fill=(245, 245, 240))  # a card on the photo
    for n, line in enumerate(SMALL_PRINT):
        text_photos.drawn(photo, line, (1540, 1820 + 40 * n), 20, (20, 20, 20))
    assert _read(photo) == SMALL_PRINT
