"""The programme mark, drawn one band at a time to spare memory, has the pixels
of the same drawing made as one RGBA image and reduced by Pillow's resize()."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw, ImageFont

from conftest import ROOT
from images.drawing import draw_mark, font_files
from images.palette import brand_palette

PALETTE = brand_palette(ROOT / "theme")
FONTS = font_files(str(ROOT / "node_modules" / "@fontsource" / "titillium-web" / "files"))


def mark_in_one_image(size, primary, light, bold_font):
    """The drawing as it was before it went band by band: one RGBA image, 4 times the size."""
    big = size * 4
    mark = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(mark)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big // 6, fill=primary)
    font = ImageFont.truetype(bold_font, int(big * 0.62))
    left, top, right, bottom = draw.textbbox((0, 0), "M", font=font)
    draw.text(((big - (right - left)) / 2 - left, big * 0.37 - (bottom - top) / 2 - top), "M", font=font, fill=light)
    bar = big // 16
    for row in range(3):
        inset = big * (0.22 + 0.06 * row)
        top_edge = big * 0.66 + row * bar * 1.6
        draw.rectangle((inset, top_edge, big - inset, top_edge + bar), fill=light)
    return mark.resize((size, size), Image.Resampling.LANCZOS)


@pytest.mark.parametrize("primary, light, font", [
    (PALETTE["primary"], PALETTE["on_primary"], FONTS["bold"]),
    ("#123456", "#fedcba", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
])
def test_the_mark_drawn_band_by_band_has_the_pixels_of_one_rgba_drawing(primary, light, font):
    banded = draw_mark(96, primary, light, font)
    assert banded.mode == "RGBA"
    assert banded.tobytes() == mark_in_one_image(96, primary, light, font).tobytes()
