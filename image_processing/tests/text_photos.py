"""Photos with text, composed for the tests from real photos: words drawn at several sizes, angles and colours
(DejaVu Sans, which matplotlib ships), a printed page, and a photo turned on its side with an EXIF tag that
turns it back."""

import io

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from tests.support import ASTRONAUT, CHELSEA, COFFEE, SITE_PACKAGES

FONT = SITE_PACKAGES / "matplotlib" / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf"


def drawn(picture: PILImage.Image, text: str, at: tuple[int, int], size: int, fill, angle: float = 0) -> None:
    """Draw the text onto the picture with its top left at `at`, turned by `angle` degrees (counter-clockwise)."""
    font = ImageFont.truetype(str(FONT), size)
    _, _, right, bottom = font.getbbox(text)
    layer = PILImage.new("RGBA", (right + size, bottom + size), (0, 0, 0, 0))
    ImageDraw.Draw(layer).text((size // 2, size // 2), text, font=font, fill=fill)
    layer = layer.rotate(angle, expand=True, resample=PILImage.Resampling.BICUBIC)
    picture.paste(layer, at, layer)


def cafe_sign() -> PILImage.Image:
    """The cat photo with a sign: a café's name (accents), its Wi-Fi password, a price at an angle, small print."""
    picture = PILImage.open(CHELSEA).convert("RGB").resize((1600, 1200))
    drawn(picture, "Café Lumière", (80, 60), 90, (255, 255, 255))
    drawn(picture, "Wi-Fi password: sunflower", (80, 220), 48, (255, 240, 60))
    drawn(picture, "Espresso 2.50", (900, 700), 64, (20, 20, 20), angle=20)
    drawn(picture, "Open daily", (80, 1080), 40, (255, 255, 255))
    return picture


def cat_food_label() -> PILImage.Image:
    """A word that is also a label: "Cat food" on the coffee photo, where there is no cat."""
    picture = PILImage.open(COFFEE).convert("RGB").resize((1200, 800))
    drawn(picture, "Cat food", (60, 40), 80, (200, 30, 30))
    return picture


RECEIPT = ["RECEIPT", "Lisboa Bakery", "2 pastéis de nata 3.00", "1 galão 1.80", "Total 4.80", "Thank you"]


def printed_page(lines: int = len(RECEIPT)) -> PILImage.Image:
    """A page of a receipt, in black on white; with more lines than the receipt has, its lines again, numbered."""
    page = PILImage.new("RGB", (1240, 1754), (250, 250, 248))
    spacing = min(110, 1500 // lines)
    for n in range(lines):
        text = RECEIPT[n] if n < len(RECEIPT) else f"{n + 1}. {RECEIPT[n % len(RECEIPT)]}"
        drawn(page, text, (120, 120 + n * spacing), min(56, spacing * 2 // 3), (15, 15, 15))
    return page


def sideways_with_exif(picture: PILImage.Image) -> bytes:
    """The picture stored on its side, as a phone held sideways writes it, with the EXIF tag that turns it
    upright (orientation 6: turn 90° clockwise to display)."""
    exif = PILImage.Exif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    picture.rotate(90, expand=True).save(buffer, "JPEG", quality=92, exif=exif.tobytes())
    return buffer.getvalue()


def without_text() -> PILImage.Image:
    return PILImage.open(ASTRONAUT).convert("RGB")
