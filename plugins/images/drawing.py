"""Brand drawings made with Pillow: the programme mark, social cards, icons.

Pure functions: text, colours and font files in, PNG/ICO bytes out. Output
is deterministic (no timestamps, fixed encoder settings).
"""

from __future__ import annotations

import functools
import io
import zlib
from pathlib import Path

from PIL import Image, ImageColor, ImageDraw, ImageFont

# Bump when the drawing code changes what it draws: it is in every drawing's
# cache key (photos' derivatives keep theirs: options.PROCESSOR_VERSION).
DRAWING_VERSION = 3

FALLBACK_FONTS = {
    "bold": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "regular": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
}
ICON_PNGS = {"icons/favicon-32.png": 32, "icons/apple-touch-icon.png": 180, "icons/icon-192.png": 192,
             "icons/icon-512.png": 512}
FAVICON_SIZES = [(16, 16), (32, 32), (48, 48)]


def font_files(font_dir: str | None) -> dict[str, str]:
    """Titillium Web (the brand font, from the npm package) or DejaVu."""
    chosen = dict(FALLBACK_FONTS)
    if font_dir:
        for weight, number in (("bold", 700), ("regular", 400)):
            candidate = Path(font_dir) / f"titillium-web-latin-{number}-normal.woff2"
            if candidate.is_file():
                chosen[weight] = str(candidate)
    return chosen


def _png(image: Image.Image, optimize: bool = True) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", optimize=optimize)
    return out.getvalue()


# The mark is drawn at this many times its size and reduced by averaging each square of
# MARK_SCALE x MARK_SCALE pixels (Image.reduce): smooth edges. Lanczos did the reduction
# until session 8 in 0.4 s of the mark's 0.46 s of CPU, for icons that differ from these by
# 7 of 255 at most (512 px; 3 at 192 px), and that are all reduced again from this mark.
MARK_SCALE = 4


def draw_mark(size: int, primary: str, light: str, bold_font: str) -> Image.Image:
    """The programme mark: an 'M' over three layers of a maker's build plate."""
    big = size * MARK_SCALE
    font = ImageFont.truetype(bold_font, int(big * 0.62))
    # Drawn one band at a time: at 1024 px an RGBA image of 4096 px and the premultiplied copy
    # that reduce() makes of it take 128 MB, most of a cold build's peak memory; a band takes 16.
    # Every pixel is opaque or (0, 0, 0, 0), so these bands are that copy's, and reduce()
    # averages them alike: the same pixels.
    inks = zip(ImageColor.getcolor(primary, "RGBA"), ImageColor.getcolor(light, "RGBA"))
    bands = [_mark_band(big, font, fill, letter).reduce(MARK_SCALE) for fill, letter in inks]
    return Image.merge("RGBa", bands).convert("RGBA")


def _mark_band(big: int, font: ImageFont.FreeTypeFont, fill: int, letter: int) -> Image.Image:
    band = Image.new("L", (big, big), 0)
    draw = ImageDraw.Draw(band)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big // 6, fill=fill)
    left, top, right, bottom = draw.textbbox((0, 0), "M", font=font)
    x = (big - (right - left)) / 2 - left
    y = big * 0.37 - (bottom - top) / 2 - top
    draw.text((x, y), "M", font=font, fill=letter)
    bar = big // 16
    for row in range(3):
        inset = big * (0.22 + 0.06 * row)
        top_edge = big * 0.66 + row * bar * 1.6
        draw.rectangle((inset, top_edge, big - inset, top_edge + bar), fill=letter)
    return band


# The card's secondary text: light tints of the brand blue, readable on the band colour.
SECTION_TINT = "#8fc3f5"
PARENT_TINT = "#c9d6e3"
# The card's 16 colours (so 4 bits a pixel): (from, to, shades in between) for
# every edge the card has. Text is antialiased over the band colour ("dark");
# the mark's white letter over the primary blue.
CARD_RAMPS = (("dark", "light", 5), ("dark", "section", 2), ("dark", "parent", 2), ("primary", "light", 1),
              ("dark", "primary", 1))
CARD_MARGIN = 72
TITLE_TOP = 250
# Title sizes tried in turn, with the lines each may take; the last one is ellipsised.
TITLE_FITS = ((64, 3), (54, 4), (46, 4))
LINE_HEIGHT = 1.18


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def card_colours(spec: dict) -> dict[str, str]:
    """The named colours of a card: the brand palette of its spec and the two tints."""
    return {"dark": spec["dark"], "light": spec["light"], "primary": spec["primary"],
            "section": SECTION_TINT, "parent": PARENT_TINT}


def card_palette(colours: dict[str, str]) -> tuple[list[tuple[int, int, int]], dict[str, int]]:
    """(the palette, {ramp name "dark>light": index of its first shade, name: index of each colour}).

    Shades are mixed in sRGB values, as Pillow blends antialiased text."""
    names = ["dark", "light", "primary", "section", "parent"]
    palette = [_rgb(colours[name]) for name in names]
    index = {name: position for position, name in enumerate(names)}
    for start, end, shades in CARD_RAMPS:
        index[f"{start}>{end}"] = len(palette)
        first, last = _rgb(colours[start]), _rgb(colours[end])
        for step in range(1, shades + 1):
            t = step / (shades + 1)
            palette.append(tuple(round(a + (b - a) * t) for a, b in zip(first, last)))
    return palette, index


def coverage_lut(background: int, foreground: int, first_shade: int, shades: int) -> list[int]:
    """Palette index for each coverage 0-255 of antialiased text: the nearest of
    background, the ramp's shades and foreground."""
    lut = []
    for coverage in range(256):
        step = round(coverage * (shades + 1) / 255)
        lut.append(background if step == 0 else foreground if step == shades + 1 else first_shade + step - 1)
    return lut


def _wrap(measure, text, max_width, max_lines):
    """Lines of ``text`` no wider than ``max_width`` (a longer word gets its own line);
    beyond ``max_lines`` the last line is cut at a word and ends with an ellipsis."""
    words, lines, current = text.split(), [], ""
    for word in words:
        trial = f"{current} {word}".strip()
        if measure(trial) <= max_width or not current:
            current = trial
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        while lines[-1] and measure(lines[-1] + "…") > max_width:
            lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else lines[-1][:-1]
        lines[-1] += "…"
    return lines


def fit_title(title: str, measure, max_width: int) -> tuple[int, list[str]]:
    """(font size, lines): the largest of ``TITLE_FITS`` that shows the whole title,
    else the smallest, ellipsised. ``measure(text, size)`` is the text's width."""
    for size, max_lines in TITLE_FITS:
        lines = _wrap(lambda text: measure(text, size), title, max_width, max_lines)
        if not lines[-1].endswith("…"):
            break
    return size, lines


def _text_layer(lines, font, line_height, lut, palette):
    """(indices, mask, pad): antialiased text drawn as coverage (white on black),
    turned into the palette's indices by ``lut``, and where it covers anything."""
    pad = font.size // 4  # room for glyphs that reach left of or above their origin
    width = max(int(font.getlength(line)) for line in lines) + font.size + pad
    height = line_height * (len(lines) - 1) + font.size * 2 + pad
    coverage = Image.new("L", (width, height))
    draw = ImageDraw.Draw(coverage)
    for row, line in enumerate(lines):
        draw.text((pad, pad + row * line_height), line, font=font, fill=255)
    indices = coverage.point(lut)
    indices.putpalette(palette)
    return indices, coverage.point(_COVERED, "1"), pad


_COVERED = [0] + [255] * 255


@functools.lru_cache(maxsize=64)
def _label_layer(label: str, font_path: str, size: int, lut: tuple, palette: tuple):
    """A section label's layer: a few labels repeated on every card of their section."""
    return _text_layer([label], _font(font_path, size), 0, lut, palette)


def _paste(card, layer, origin):
    indices, mask, pad = layer
    card.paste(indices, (origin[0] - pad, origin[1] - pad), mask)


def draw_social_card(spec: dict, mark_png: bytes) -> bytes:
    """A 1200x630 Open Graph card in 16 colours (``card_palette``).

    ``spec``: title, section (label, may be empty), lang (code), site_name,
    parent_body, width, height, primary, dark, light, fonts {bold, regular}.
    The parts shared by every card of a language (band, mark, names, badge)
    are drawn once per worker, a section label once per section; each card
    adds its title.
    """
    bold = spec["fonts"]["bold"]
    base, title_lut, section_lut = _card_layout(
        tuple(sorted(card_colours(spec).items())), spec["width"], spec["height"], spec["site_name"],
        spec["parent_body"], spec["lang"], bold, spec["fonts"]["regular"], mark_png)
    card = base.copy()
    if spec.get("section"):
        _paste(card, _label_layer(spec["section"].upper(), bold, 28, section_lut, tuple(card.getpalette())),
               (CARD_MARGIN, TITLE_TOP - 52))
    size, lines = fit_title(spec["title"], lambda text, px: _font(bold, px).getlength(text),
                            spec["width"] - 2 * CARD_MARGIN)
    _paste(card, _text_layer(lines, _font(bold, size), int(size * LINE_HEIGHT), title_lut, card.getpalette()),
           (CARD_MARGIN, TITLE_TOP))
    out = io.BytesIO()
    # Z_RLE: a card is mostly runs of one colour, the only repeats this zlib
    # strategy looks for: 2.6 ms a card where the default level 6 takes 4.1,
    # for files as small (figures in docs/images.md).
    card.save(out, "PNG", compress_type=zlib.Z_RLE)
    return out.getvalue()


@functools.lru_cache(maxsize=8)
def _card_layout(colours: tuple, width: int, height: int, site_name: str, parent_body: str, lang: str,
                 bold_font: str, regular_font: str, mark_png: bytes):
    """(base, title lut, section lut) shared by the cards of one language: the
    fixed parts drawn in full colour and mapped once to the card's palette
    (nearest colour, no dithering), and the text colours' coverage tables."""
    colours = dict(colours)
    palette, index = card_palette(colours)
    base = Image.new("RGB", (width, height), colours["dark"])
    draw = ImageDraw.Draw(base)
    margin = CARD_MARGIN
    mark = _small_mark(mark_png)
    base.paste(mark, (margin, margin - 8), mark)
    draw.text((margin + 128, margin - 4), site_name, font=_font(bold_font, 44), fill=colours["light"])
    draw.text((margin + 128, margin + 50), parent_body, font=_font(regular_font, 28), fill=colours["parent"])
    badge = lang.upper()
    badge_font = _font(bold_font, 26)
    badge_width = draw.textlength(badge, font=badge_font) + 28
    draw.rounded_rectangle((width - margin - badge_width, height - 96, width - margin, height - 56),
                           radius=8, outline=colours["light"], width=3)
    draw.text((width - margin - badge_width + 14, height - 93), badge, font=badge_font, fill=colours["light"])
    draw.rectangle((0, height - 20, width, height), fill=colours["primary"])
    swatch = Image.new("P", (1, 1))
    swatch.putpalette([channel for colour in palette for channel in colour])
    shades = {(first, last): count for first, last, count in CARD_RAMPS}
    title_lut = coverage_lut(index["dark"], index["light"], index["dark>light"], shades["dark", "light"])
    section_lut = tuple(coverage_lut(index["dark"], index["section"], index["dark>section"], shades["dark", "section"]))
    return base.quantize(palette=swatch, dither=Image.Dither.NONE), title_lut, section_lut


@functools.lru_cache(maxsize=32)
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    """Fonts are loaded once per worker: decoding the WOFF2 file was a tenth of a card's time."""
    return ImageFont.truetype(path, size)


@functools.lru_cache(maxsize=4)
def _small_mark(mark_png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(mark_png)).convert("RGBA").resize((104, 104), Image.Resampling.LANCZOS)


def make_icons(source_png: bytes) -> dict[str, bytes]:
    """favicon.ico and the app icons, all from one square source image."""
    source = Image.open(io.BytesIO(source_png))
    source.load()
    source = source.convert("RGBA")
    source.info = {}
    # The largest icon first, the others from it: a quarter of the pixels to filter (each
    # reduced from the 1,024 px mark, they differ by 7 of 255 at most).
    largest = max(ICON_PNGS.values())
    if source.width > largest:
        source = source.resize((largest, largest), Image.Resampling.LANCZOS)
    files = {name: _png(source if px == largest else source.resize((px, px), Image.Resampling.LANCZOS))
             for name, px in ICON_PNGS.items()}
    ico = io.BytesIO()
    source.resize((256, 256), Image.Resampling.LANCZOS).save(ico, "ICO", sizes=FAVICON_SIZES)
    files["favicon.ico"] = ico.getvalue()
    return files
