"""Brand drawings made with Pillow: the programme mark, social cards, icons.

Pure functions: text, colours and font files in, PNG/ICO bytes out. Output
is deterministic (no timestamps, fixed encoder settings).
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

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


def draw_mark(size: int, primary: str, light: str, bold_font: str) -> Image.Image:
    """The programme mark: an 'M' over three layers of a maker's build plate."""
    scale = 4  # drawn large and reduced: smooth edges at every size
    big = size * scale
    mark = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(mark)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big // 6, fill=primary)
    font = ImageFont.truetype(bold_font, int(big * 0.62))
    left, top, right, bottom = draw.textbbox((0, 0), "M", font=font)
    x = (big - (right - left)) / 2 - left
    y = big * 0.37 - (bottom - top) / 2 - top
    draw.text((x, y), "M", font=font, fill=light)
    bar = big // 16
    for row in range(3):
        inset = big * (0.22 + 0.06 * row)
        top_edge = big * 0.66 + row * bar * 1.6
        draw.rectangle((inset, top_edge, big - inset, top_edge + bar), fill=light)
    return mark.resize((size, size), Image.Resampling.LANCZOS)


def _wrap(draw, text, font, max_width, max_lines):
    words, lines, current = text.split(), [], ""
    for word in words:
        trial = f"{current} {word}".strip()
        if draw.textlength(trial, font=font) <= max_width or not current:
            current = trial
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        while lines[-1] and draw.textlength(lines[-1] + "…", font=font) > max_width:
            lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else lines[-1][:-1]
        lines[-1] += "…"
    return lines


def draw_social_card(spec: dict, mark_png: bytes) -> bytes:
    """A 1200x630 Open Graph card.

    ``spec``: title, section (label, may be empty), lang (code), site_name,
    parent_body, width, height, primary, dark, light, fonts {bold, regular}.
    """
    width, height = spec["width"], spec["height"]
    card = Image.new("RGB", (width, height), spec["dark"])
    draw = ImageDraw.Draw(card)
    bold = lambda px: _font(spec["fonts"]["bold"], px)  # noqa: E731
    regular = lambda px: _font(spec["fonts"]["regular"], px)  # noqa: E731
    margin = 72
    mark = _small_mark(mark_png)
    card.paste(mark, (margin, margin - 8), mark)
    draw.text((margin + 128, margin - 4), spec["site_name"], font=bold(44), fill=spec["light"])
    draw.text((margin + 128, margin + 50), spec["parent_body"], font=regular(28), fill="#C9D6E3")
    y = 250
    if spec.get("section"):
        draw.text((margin, y - 52), spec["section"].upper(), font=bold(28), fill="#8FC3F5")
    for size, max_lines in ((64, 3), (54, 4), (46, 4)):
        font = bold(size)
        lines = _wrap(draw, spec["title"], font, width - 2 * margin, max_lines)
        if not lines[-1].endswith("…") or size == 46:
            break
    for line in lines:
        draw.text((margin, y), line, font=font, fill=spec["light"])
        y += int(size * 1.18)
    badge = spec["lang"].upper()
    badge_font = bold(26)
    badge_width = draw.textlength(badge, font=badge_font) + 28
    draw.rounded_rectangle((width - margin - badge_width, height - 96, width - margin, height - 56),
                           radius=8, outline=spec["light"], width=3)
    draw.text((width - margin - badge_width + 14, height - 93), badge, font=badge_font, fill=spec["light"])
    draw.rectangle((0, height - 20, width, height), fill=spec["primary"])
    # A fast palette and plain zlib: a card is drawn per page, so thousands on a
    # large site, and these two steps were most of its cost.
    return _png(card.quantize(colors=128, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE),
                optimize=False)


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
    files = {name: _png(source.resize((px, px), Image.Resampling.LANCZOS)) for name, px in ICON_PNGS.items()}
    ico = io.BytesIO()
    source.resize((256, 256), Image.Resampling.LANCZOS).save(ico, "ICO", sizes=FAVICON_SIZES)
    files["favicon.ico"] = ico.getvalue()
    return files
