"""A quality set for text search: photos the reader was not tuned on, to measure how many drawn words a `text:`
search finds and how many photos it returns for a word they do not hold.

`quality_set(seed, count)` composes them from a seed (random.Random): real photos (skimage's, matplotlib's
Grace Hopper) resized to camera sizes (1600x1200 to 4032x3024, some upright), and on them signs (a filled panel,
1-3 lines), labels (a small panel, one or two short lines) or a printed page (black on white, many lines), in
four fonts, dark on light or light on dark, some turned up to 20°, the whole photo sometimes a little blurred.
Words come from WORDS (common English and a few accented words, 4 letters or more), each at most once a photo.

A word's height is its glyph box as drawn, in the photo's own pixels (top of its highest glyph to the bottom of
its lowest, before turning): "shop" is measured from the top of "h" to the bottom of "p", "ocean" is its
x-height alone. So a line holds words of several heights; those under 16 px are kept and marked as such.

This set can fail a reader that the tests pass: it is not cut at the reader's own boxes, words are placed where
the random layout puts them (on busy backgrounds, near edges, small on 12 megapixel photos), and nothing is
dropped because it turned out hard to read.
"""

import random
from dataclasses import dataclass, field

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFilter, ImageFont

from tests.support import ASTRONAUT, CHELSEA, COFFEE, GRACE_HOPPER, SITE_PACKAGES

FONTS = SITE_PACKAGES / "matplotlib" / "mpl-data" / "fonts" / "ttf"
FONT_NAMES = ["DejaVuSans.ttf", "DejaVuSerif.ttf", "DejaVuSansMono.ttf", "DejaVuSans-Bold.ttf", "STIXGeneral.ttf"]
SKIMAGE = SITE_PACKAGES / "skimage" / "data"
BACKGROUNDS = [ASTRONAUT, CHELSEA, COFFEE, GRACE_HOPPER] + [
    SKIMAGE / name for name in ("rocket.jpg", "motorcycle_left.png", "brick.png", "grass.png", "gravel.png")
]
SIZES = [(1600, 1200), (2048, 1536), (1536, 2048), (4032, 3024), (3024, 4032)]
_WORD_TEXT = """
about after again apple autumn basket beach before black bottle bread breakfast bridge brother butter cake
camera candle carpet castle chair cheese cherry chicken children church city clock close cloud coffee cold
corner cotton country dance dinner doctor door dream drink driver early earth east entrance exit family farm
father field finger fire fish flower forest fresh friday friend front fruit garden glass gold grape green
guitar hand happy harbour heart holiday honey horse hospital hotel house island jacket juice kitchen ladder
lake lamp lemon letter library light lion little lunch market metal milk minute monday money month morning
mother mountain music night north number ocean office open orange paper parking pencil pepper photo piano
picture pizza plant platform pocket police post potato price private pull push queen rabbit radio rain
river road rocket room salt sand school season seven shirt shoe shop silver sister sleep slow small smile
snow south spoon spring square station stone storm street sugar summer sunday table taxi teacup ticket tiger
today tomato tomorrow towel tower train tree truck umbrella under valley village violin visit wall water
west window winter wood world yellow yesterday zebra
café crème résumé naïve façade jalapeño señor über brûlée piñata fiancée entrée garçon déjà
"""
WORDS = _WORD_TEXT.split()


@dataclass
class QualityPhoto:
    picture: PILImage.Image
    words: list[tuple[str, int]] = field(default_factory=list)  # (word, height in px), as drawn
    lines: list[str] = field(default_factory=list)  # each drawn line, to see words run together


def quality_set(seed: int = 0, count: int = 40) -> list[QualityPhoto]:
    rng = random.Random(seed)
    return [_photo(rng) for _ in range(count)]


def _photo(rng: random.Random) -> QualityPhoto:
    size = rng.choice(SIZES)
    picture = PILImage.open(rng.choice(BACKGROUNDS)).convert("RGB").resize(size, PILImage.Resampling.BICUBIC)
    photo, words, taken = QualityPhoto(picture), rng.sample(WORDS, len(WORDS)), []
    kinds = ["page"] if rng.random() < 0.25 else ["sign"] * rng.randint(1, 3) + ["label"] * rng.randint(0, 3)
    for kind in kinds:
        _place(photo, rng, kind, words, taken)
    if rng.random() < 0.5:  # a camera's softness
        photo.picture = photo.picture.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.2)))
    return photo


def _place(photo: QualityPhoto, rng: random.Random, kind: str, words: list[str], taken: list) -> None:
    """Compose one sign, label or page on its own layer and paste it where it overlaps nothing drawn yet."""
    width, height = photo.picture.size
    font_name = "DejaVuSerif.ttf" if kind == "page" and rng.random() < 0.5 else rng.choice(FONT_NAMES)
    target = {"sign": (18, 180), "label": (16, 36), "page": (16, 44)}[kind]
    text_height = round(target[0] * (target[1] / target[0]) ** rng.random())  # log-uniform
    font = _font(font_name, text_height)
    upper = kind == "sign" and rng.random() < 0.4
    if kind == "page":
        lines = _lines(rng, font, words, rng.randint(4, 10), rng.uniform(0.4, 0.7) * width, 6, upper)
    else:
        line_count = rng.randint(1, 3) if kind == "sign" else rng.randint(1, 2)
        lines = _lines(rng, font, words, line_count, 0.8 * width, 3 if kind == "sign" else 2, upper)
    if not lines:
        return
    light = rng.random() < 0.6 or kind == "page"  # dark text on a light panel
    ink, panel = _colours(rng, light, kind)
    spacing = round(text_height * rng.uniform(1.3, 1.8))
    pad = round(text_height * rng.uniform(0.4, 1.2))
    line_width = max(font.getlength(line) for line in lines)
    layer_size = (round(line_width) + 2 * pad, spacing * len(lines) + 2 * pad)
    if kind == "page":  # a page: margins, a paper's shape
        paper = min(round(layer_size[0] * 0.9), round(height * 0.95))
        layer_size = (layer_size[0] + 4 * pad, max(layer_size[1] + 4 * pad, paper))
    layer = PILImage.new("RGBA", layer_size, panel)
    draw = ImageDraw.Draw(layer)
    left = (layer_size[0] - line_width) // 2 if kind != "page" else 2 * pad
    top = pad * (2 if kind == "page" else 1)
    for n, line in enumerate(lines):
        draw.text((left, top + n * spacing), line, font=font, fill=ink)
    angle = rng.uniform(-20, 20) if rng.random() < 0.35 else rng.uniform(-2, 2)
    layer = layer.rotate(angle, expand=True, resample=PILImage.Resampling.BICUBIC)
    spot = _free_spot(rng, layer.size, (width, height), taken)
    if spot is None:
        words[:0] = " ".join(lines).lower().split()  # not drawn: back to the pool
        return
    photo.picture.paste(layer, spot, layer)
    photo.lines += lines
    photo.words += [(word, _height(font, word)) for line in lines for word in line.split()]


def _lines(rng, font, words: list[str], count: int, max_width: float, per_line: int, upper: bool) -> list[str]:
    """Up to `count` lines of 1..per_line words taken from `words`, each narrower than max_width."""
    lines = []
    for _ in range(count):
        line: list[str] = []
        for _ in range(rng.randint(1, per_line)):
            word = words[-1].upper() if upper else words[-1].capitalize() if rng.random() < 0.25 else words[-1]
            if font.getlength(" ".join([*line, word])) > max_width:
                break
            line.append(word)
            words.pop()
        if line:
            lines.append(" ".join(line))
    return lines


def _colours(rng: random.Random, light: bool, kind: str) -> tuple[tuple, tuple]:
    """(ink, panel) colours: dark on light or light on dark, from near black/white to a coloured pair."""
    if kind == "page":
        return (rng.randint(0, 40),) * 3 + (255,), (rng.randint(235, 255),) * 3 + (255,)
    dark = tuple(rng.randint(0, 90) for _ in range(3))
    bright = tuple(rng.randint(190, 255) for _ in range(3))
    ink, panel = (dark, bright) if light else (bright, dark)
    return (*ink, 255), (*panel, rng.randint(200, 255))


def _free_spot(rng, size: tuple[int, int], bounds: tuple[int, int], taken: list) -> tuple[int, int] | None:
    if size[0] > bounds[0] or size[1] > bounds[1]:
        return None
    for _ in range(60):
        x, y = rng.randint(0, bounds[0] - size[0]), rng.randint(0, bounds[1] - size[1])
        box = (x, y, x + size[0], y + size[1])
        if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken):
            taken.append(box)
            return x, y
    return None


def _font(name: str, text_height: int) -> ImageFont.FreeTypeFont:
    """The font at the size where "Hg" (cap top to descender bottom) is text_height px high."""
    probe = ImageFont.truetype(str(FONTS / name), 100)
    _, top, _, bottom = probe.getbbox("Hg")
    return ImageFont.truetype(str(FONTS / name), max(6, round(100 * text_height / (bottom - top))))


def _height(font: ImageFont.FreeTypeFont, word: str) -> int:
    _, top, _, bottom = font.getbbox(word)
    return bottom - top
