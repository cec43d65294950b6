"""Link-preview images (1200x630 PNG) drawn with Pillow and the DejaVu Sans font shipped in fonts/.

Each image is cached under a key made from everything that is drawn (text, size, colours), the font files,
this module's version and Pillow's version, so an unchanged record is not redrawn. PNGs carry no
timestamp or other metadata, so the same input always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
import json
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

# Pillow itself is imported only when an image has to be drawn: a build whose images all come from the cache
# does not pay the 0.3 to 0.7 s its import costs.
PILLOW_VERSION = importlib.metadata.version("Pillow")
if TYPE_CHECKING:  # for the type hints only
    from PIL import ImageDraw, ImageFont

# Bump when the drawing code changes, so every cached image is redrawn.
PALETTE_COLOURS = 32
VERSION = "5"  # 2: saved with a 32-colour palette; 3: a word wider than a line is cut to fit;
# 4: drawn straight into a fixed palette (no quantizing), saved at zlib's default level; 5: saved at zlib level 3
WIDTH, HEIGHT = 1200, 630
FONTS = Path(__file__).resolve().parent / "fonts"
REGULAR = FONTS / "DejaVuSans.ttf"
BOLD = FONTS / "DejaVuSans-Bold.ttf"
BACKGROUND = (255, 255, 255)
BAND = (29, 79, 124)  # the site's primary colour, #1d4f7c
TEXT = (17, 24, 39)
MUTED = (55, 65, 81)
MARGIN = 72


@dataclass(frozen=True)
class Card:
    """What one preview image shows."""

    title: str
    summary: str
    kicker: str  # small line above the title, e.g. "Case study"
    footer: str  # the site's name


def _font_digest() -> str:
    """The hash of the font files, worked out once per build, not once per image (1.4 MB to read each time)."""
    return _digest_of(tuple((str(font), font.stat().st_mtime_ns, font.stat().st_size) for font in (REGULAR, BOLD)))


@lru_cache(maxsize=4)
def _digest_of(fonts: tuple[tuple[str, int, int], ...]) -> str:
    digest = hashlib.sha256()
    for name, _, _ in fonts:
        digest.update(Path(name).read_bytes())
    return digest.hexdigest()


def cache_key(card: Card) -> str:
    """A hash of every input to the drawing: change any of them and the image is redrawn."""
    return _cache_key(card, _font_digest())


@lru_cache(maxsize=1 << 14)  # under `mkdocs serve` the same cards come back on every save
def _cache_key(card: Card, fonts: str) -> str:
    inputs = {"card": [card.title, card.summary, card.kicker, card.footer], "size": [WIDTH, HEIGHT],
              "colours": [BACKGROUND, BAND, TEXT, MUTED], "version": VERSION, "pillow": PILLOW_VERSION,
              "fonts": fonts}
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode("utf-8")).hexdigest()


@lru_cache(maxsize=1 << 16)
def _fits_a_line(word: str, font: ImageFont.FreeTypeFont, width: int) -> bool:
    """Whether a word fits on a line by itself. Kept per process: most words come back on card after card."""
    from PIL import Image, ImageDraw
    return ImageDraw.Draw(Image.new("L", (1, 1))).textlength(word, font=font) <= width


def _pieces(draw: ImageDraw.ImageDraw, word: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """A word wider than a whole line (a long web address, say) cut into pieces that fit; other words whole."""
    if _fits_a_line(word, font, width):
        return [word]
    pieces, piece = [], ""
    for char in word:
        if piece and draw.textlength(piece + char, font=font) > width:
            pieces.append(piece)
            piece = char
        else:
            piece += char
    return pieces + [piece]


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int,
          max_lines: int) -> list[str]:
    """Break text into lines no wider than `width`; the last line ends with an ellipsis if text is left over."""
    words = [piece for word in " ".join(text.split()).split(" ") if word
             for piece in _pieces(draw, word, font, width)]
    lines: list[str] = []
    start, guess = 0, 8  # each line takes as many words as fit (at least one); the last line's count is the guess

    def fits(end: int) -> bool:
        return draw.textlength(" ".join(words[start:end]), font=font) <= width

    while start < len(words):  # two or three measurements a line, not one per word
        end = min(start + guess, len(words))
        if fits(end):
            while end < len(words) and fits(end + 1):
                end += 1
        else:
            end -= 1
            while end > start + 1 and not fits(end):
                end -= 1
        lines.append(" ".join(words[start:end]))
        guess, start = end - start, end
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and draw.textlength(last + "\u2026", font=font) > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        lines[-1] = last.rstrip(" ,;:.") + "\u2026"
    return lines


@lru_cache(maxsize=16)
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    """A font at one size, loaded once per process, not once per image (loading is a third of the drawing)."""
    from PIL import ImageFont
    return ImageFont.truetype(str(path), size)


def _fit_title(draw: ImageDraw.ImageDraw, title: str, width: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest title size (64 down to 40 px) that fits in three lines."""
    for size in (64, 58, 52, 46, 40):
        font = _font(BOLD, size)
        lines = _wrap(draw, title, font, width, 99)
        if len(lines) <= 3:
            return font, lines
    return font, _wrap(draw, title, font, width, 3)


# The card has four flat colours, and text is only ever drawn in one colour over one background: the band's
# blue, the title's and the summary's greys over white, and white over the band (the same blend as blue over
# white). So the image is drawn straight into a palette: the text's anti-aliased coverage (0 to 255) is drawn
# once, in grey, and each line's coverage is mapped to one of LEVELS + 1 steps between its background and its
# colour. 4 colours and 3 ramps of 9 steps between make 31 palette entries; no quantizing is needed, and the
# same input always gives the same bytes.
LEVELS = 10


def _blend(background: tuple[int, int, int], colour: tuple[int, int, int], step: int) -> tuple[int, int, int]:
    return tuple(round(b + (c - b) * step / LEVELS) for b, c in zip(background, colour))  # type: ignore[return-value]


def _palette() -> tuple[list[tuple[int, int, int]], dict[tuple[tuple[int, int, int], tuple[int, int, int]], list[int]]]:
    """The palette's colours, and for each (background, colour) pair the palette index of each coverage value."""
    colours = [BACKGROUND, BAND, TEXT, MUTED]
    tables = {}
    for colour in (BAND, TEXT, MUTED):
        ramp = []
        for step in range(LEVELS + 1):
            value = _blend(BACKGROUND, colour, step)
            if value not in colours:
                colours.append(value)
            ramp.append(colours.index(value))
        tables[(BACKGROUND, colour)] = [ramp[(c * LEVELS + 127) // 255] for c in range(256)]
        if colour == BAND:  # white text on the band: the same ramp, run the other way
            tables[(BAND, BACKGROUND)] = [ramp[LEVELS - (c * LEVELS + 127) // 255] for c in range(256)]
    assert len(colours) <= PALETTE_COLOURS
    return colours, tables


COLOURS, TABLES = _palette()


def draw(card: Card) -> bytes:
    """The PNG bytes of one preview image."""
    from PIL import Image, ImageDraw
    coverage = Image.new("L", (WIDTH, HEIGHT), 0)  # how much of each pixel the text covers
    pen = ImageDraw.Draw(coverage)
    image = Image.new("L", (WIDTH, HEIGHT), COLOURS.index(BACKGROUND))  # palette indexes; a palette at the end
    paint = ImageDraw.Draw(image)
    band = COLOURS.index(BAND)
    paint.rectangle((0, 0, WIDTH, 16), fill=band)
    paint.rectangle((0, HEIGHT - 96, WIDTH, HEIGHT), fill=band)
    lines: list[tuple[tuple[int, int, int, int], list[int]]] = []

    def text(xy: tuple[int, int], line: str, font: ImageFont.FreeTypeFont, colour: tuple[int, int, int],
             background: tuple[int, int, int] = BACKGROUND, anchor: str | None = None) -> None:
        pen.text(xy, line, font=font, fill=255, anchor=anchor)
        left, top, right, bottom = pen.textbbox(xy, line, font=font, anchor=anchor)
        box = (max(0, int(left) - 1), max(0, int(top) - 1), min(WIDTH, int(right) + 2), min(HEIGHT, int(bottom) + 2))
        lines.append((box, TABLES[(background, colour)]))

    width = WIDTH - 2 * MARGIN
    y = 64
    text((MARGIN, y), card.kicker.upper(), _font(BOLD, 28), BAND)
    y += 56
    title_font, title_lines = _fit_title(pen, card.title, width)
    step = int(title_font.size * 1.2)
    for line in title_lines:
        text((MARGIN, y), line, title_font, TEXT)
        y += step
    y += 20
    body = _font(REGULAR, 32)
    room = (HEIGHT - 96 - 32 - y) // 44
    for line in _wrap(pen, card.summary, body, width, max(room, 1)):
        text((MARGIN, y), line, body, MUTED)
        y += 44
    text((MARGIN, HEIGHT - 48), card.footer, _font(BOLD, 30), BACKGROUND, BAND, "lm")
    # The lines' boxes do not overlap (line spacing is wider than the font's height, and the blocks have gaps
    # between them), so each box is coloured with its own line's ramp.
    for box, table in lines:
        image.paste(coverage.crop(box).point(table), box)
    image.putpalette([value for colour in COLOURS for value in colour])  # the image becomes mode "P"
    out = io.BytesIO()
    # zlib level 3: less than half the time of the default level (6), for files about a third bigger (16 to 22 KB
    # on average for the real records, at most 27 KB); optimize=True (level 9) took twice the time of the drawing.
    image.save(out, format="PNG", compress_level=3)  # no text chunks, no timestamp
    return out.getvalue()


def preview(card: Card, cache_dir: Path) -> tuple[Path, bool]:
    """The cached PNG for a card, drawn only if no image with the same inputs exists.
    Returns (path, drawn): drawn is False when the cached image was reused."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / f"{cache_key(card)}.png"
    if path.exists():
        return path, False
    data = draw(card)
    partial = path.with_suffix(".tmp")
    partial.write_bytes(data)
    partial.replace(path)  # another build never sees half an image
    return path, True


# Fewer missing images than this are drawn in this process: starting worker processes costs more.
PARALLEL_FROM = 16


def _draw_to(card: Card, path: Path) -> None:
    """Draw one image into the cache, atomically (another build never sees half an image)."""
    partial = path.with_name(f"{path.stem}.{os.getpid()}.tmp")
    partial.write_bytes(draw(card))
    partial.replace(path)


def previews(cards: list[Card], cache_dir: Path, workers: int | None = None) -> tuple[list[Path], int]:
    """The cached PNG of every card, in order, and how many had to be drawn. Missing images are drawn in
    parallel, one worker process per CPU, when there are many of them (a cold build of a big library);
    each image's bytes depend only on its card, so the result is the same however they were drawn."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    fonts = _font_digest()
    paths = [cache_dir / f"{_cache_key(card, fonts)}.png" for card in cards]
    missing = {path: card for path, card in zip(paths, cards) if not path.exists()}
    workers = workers or os.cpu_count() or 1
    if len(missing) >= PARALLEL_FROM and workers > 1:
        with ProcessPoolExecutor(max_workers=min(workers, 8)) as pool:
            list(pool.map(_draw_to, missing.values(), missing.keys(), chunksize=8))
    else:
        for path, card in missing.items():
            _draw_to(card, path)
    return paths, len(missing)
