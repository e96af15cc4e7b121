"""images.process and the library's kept drawings, step by step: plain data in and out, no build."""

from __future__ import annotations

import io
import json
import struct

import pytest
from PIL import Image

import images_samples as samples
from images.library import ImageLibrary
from images.options import ImageOptions
from images.plan import Derivative
from images.process import _to_srgb, encode, load_upright

OPTIONS = ImageOptions()


# Colour profiles ---------------------------------------------------------------

def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz(x: float, y: float, z: float) -> bytes:
    return b"XYZ \0\0\0\0" + _s15(x) + _s15(y) + _s15(z)


# The sRGB tone curve (ICC parametric curve type 3), so that only the primaries differ from sRGB.
SRGB_CURVE = b"para\0\0\0\0" + struct.pack(">HH", 3, 0) + b"".join(
    _s15(v) for v in (2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045))
LINEAR_CURVE = b"curv\0\0\0\0" + struct.pack(">IH", 1, 256)
D50 = _xyz(0.9642, 1.0, 0.8249)
RED, GREEN, BLUE = _xyz(0.4361, 0.2225, 0.0139), _xyz(0.3851, 0.7169, 0.0971), _xyz(0.1431, 0.0606, 0.7141)


def icc_profile(space: bytes, tags: dict[bytes, bytes], device: bytes = b"mntr", pcs: bytes = b"XYZ ") -> bytes:
    """A minimal ICC v2 profile (a display's by default): header, tag table, tags."""
    body, table, offset = b"", b"", 128 + 4 + 12 * len(tags)
    for signature, data in tags.items():
        data += b"\0" * (-len(data) % 4)
        table += signature + struct.pack(">II", offset + len(body), len(data))
        body += data
    header = (struct.pack(">I", offset + len(body)) + b"\0" * 4 + bytes([2, 0x10, 0, 0]) + device + space
              + pcs + b"\0" * 12 + b"acsp" + b"\0" * 28 + D50)
    return header + b"\0" * (128 - len(header)) + struct.pack(">I", len(tags)) + table + body


# sRGB with its red and green primaries swapped: (200, 100, 50) in it is (100, 200, 50) in sRGB.
SWAPPED = icc_profile(b"RGB ", {b"wtpt": D50, b"rXYZ": GREEN, b"gXYZ": RED, b"bXYZ": BLUE,
                                b"rTRC": SRGB_CURVE, b"gTRC": SRGB_CURVE, b"bTRC": SRGB_CURVE})
# Grey stored linearly: 128 (half the light) is 188 in sRGB's curve.
LINEAR_GREY = icc_profile(b"GRAY", {b"wtpt": D50, b"kTRC": LINEAR_CURVE})


# A printer whose every ink mix prints one pink (Lab 75, +60, 0): a 16-bit lookup
# table (lut16Type) over a 2-point grid of the four inks, identity curves around it.
PINK_INK = icc_profile(b"CMYK", {b"wtpt": D50, b"A2B0": b"mft2\0\0\0\0" + bytes([4, 3, 2, 0])
                                 + b"".join(_s15(v) for v in (1, 0, 0, 0, 1, 0, 0, 0, 1)) + struct.pack(">HH", 2, 2)
                                 + struct.pack(">8H", *[0, 65535] * 4)
                                 + struct.pack(">48H", *[round(75 / 100 * 0xFF00), 0x8000 + 60 * 256, 0x8000] * 16)
                                 + struct.pack(">6H", *[0, 65535] * 3)}, device=b"prtr", pcs=b"Lab ")


def with_profile(image: Image.Image, profile: bytes) -> Image.Image:
    image.info["icc_profile"] = profile
    return image


def close(pixel, expected) -> bool:
    return len(pixel) == len(expected) and max(abs(a - b) for a, b in zip(pixel, expected)) <= 1


def test_a_colour_profile_that_moves_the_colours_is_applied_to_the_pixels():
    rgb = _to_srgb(with_profile(Image.new("RGB", (2, 2), (200, 100, 50)), SWAPPED))
    assert rgb.mode == "RGB" and close(rgb.getpixel((1, 1)), (100, 200, 50))
    rgba = _to_srgb(with_profile(Image.new("RGBA", (2, 2), (200, 100, 50, 128)), SWAPPED))
    assert rgba.mode == "RGBA" and close(rgba.getpixel((1, 1)), (100, 200, 50, 128))
    opaque = _to_srgb(with_profile(Image.new("RGBA", (2, 2), (200, 100, 50, 255)), SWAPPED))
    assert opaque.mode == "RGB" and close(opaque.getpixel((1, 1)), (100, 200, 50))
    palette = Image.new("P", (2, 2), 0)
    palette.putpalette([200, 100, 50])
    palette = with_profile(palette, SWAPPED)
    assert close(_to_srgb(palette).getpixel((1, 1)), (100, 200, 50))
    grey = _to_srgb(with_profile(Image.new("L", (2, 2), 128), LINEAR_GREY))
    assert grey.mode == "RGB" and close(grey.getpixel((1, 1)), (188, 188, 188))
    deep = _to_srgb(with_profile(Image.new("I;16", (2, 2), 128 * 257), LINEAR_GREY))
    assert close(deep.getpixel((1, 1)), (188, 188, 188))


def test_a_cmyk_images_profile_is_applied():
    inks = Image.new("CMYK", (2, 2), (10, 20, 30, 40))
    assert inks.convert("RGB").getpixel((0, 0)) == (207, 198, 190)  # what Pillow's naive conversion gives
    printed = _to_srgb(with_profile(inks, PINK_INK))
    assert printed.mode == "RGB" and close(printed.getpixel((1, 1)), (255, 102, 166))


def test_a_profile_for_other_pixels_than_the_images_is_ignored():
    # A grey profile on colour pixels, a colour profile on grey ones: lcms refuses, the pixels stay.
    assert _to_srgb(with_profile(Image.new("RGB", (2, 2), (200, 100, 50)), LINEAR_GREY)).getpixel((0, 0)) == (
        200, 100, 50)
    assert _to_srgb(with_profile(Image.new("L", (2, 2), 128), SWAPPED)).getpixel((0, 0)) == (128, 128, 128)


def test_premultiplied_grey_is_unpremultiplied():
    assert _to_srgb(Image.new("La", (2, 2), (64, 128))).getpixel((0, 0)) == (127, 127, 127, 128)


# Decoding ---------------------------------------------------------------------

def test_a_rotated_jpeg_is_decoded_at_the_scale_its_upright_width_allows():
    # Stored 1200x600, upright 600x1200: 280 px wide needs half the upright width (not a quarter of 1200).
    assert load_upright(samples.rotated_jpeg(), 10**7, 280).size == (300, 600)
    assert load_upright(samples.rotated_jpeg(), 10**7, 150).size == (300, 600)  # a quarter plus one pixel
    assert load_upright(samples.rotated_jpeg(), 10**7, 149).size == (150, 300)
    # At exactly half, one pixel more than half is asked for: the whole image.
    assert load_upright(samples.rotated_jpeg(), 10**7, 300).size == (600, 1200)


def test_a_quarter_is_decoded_while_each_side_asks_for_no_more_than_a_quarter():
    # 1200x600 for 299 px: 299 + 1 and int(149.5) + 1 px are each at most a quarter (300, 150).
    flat = saved(Image.effect_noise((1200, 600), 60).convert("RGB"), "JPEG")
    assert load_upright(flat, 10**7, 299).size == (300, 150)
    assert load_upright(flat, 10**7, 300).size == (600, 300)


def test_the_upright_pixels_of_a_rotated_jpeg_have_red_on_top():
    upright = load_upright(samples.rotated_jpeg(), 10**7, 600)
    top, bottom = upright.getpixel((300, 100)), upright.getpixel((300, 1100))
    assert top[0] > 200 > top[2] and bottom[2] > 200 > bottom[0]


def test_an_mpo_is_decoded_at_a_reduced_scale_like_a_jpeg():
    image = Image.effect_noise((800, 400), 60).convert("RGB")
    out = io.BytesIO()
    image.save(out, "MPO", save_all=True, append_images=[image.copy()])
    assert load_upright(out.getvalue(), 10**7, 200).size == (400, 200)


def test_a_png_is_decoded_whole_whatever_the_largest_width():
    out = io.BytesIO()
    Image.new("RGB", (800, 400)).save(out, "PNG")
    assert load_upright(out.getvalue(), 10**7, 100).size == (800, 400)


# Encoding ---------------------------------------------------------------------

def saved(image: Image.Image, fmt: str, **params) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **params)
    return out.getvalue()


NOISE = Image.effect_noise((64, 48), 40).convert("RGB")


def test_webp_is_lossy_at_its_quality_with_method_two_and_rgb_stays_without_alpha():
    data = encode(NOISE.copy(), Derivative(64, 48, "webp"), OPTIONS)
    assert data == saved(NOISE, "WEBP", quality=OPTIONS.webp_quality, method=2)
    assert Image.open(io.BytesIO(data)).mode == "RGB"


def test_webp_may_change_the_colour_under_fully_transparent_pixels():
    clear = NOISE.convert("RGBA")
    clear.putalpha(Image.new("L", clear.size, 0).point(lambda _: 0))
    clear.paste((10, 20, 30, 255), (0, 0, 8, 8))
    data = encode(clear.copy(), Derivative(64, 48, "webp"), OPTIONS)
    assert data == saved(clear, "WEBP", quality=OPTIONS.webp_quality, method=2, exact=False)
    assert len(data) < len(saved(clear, "WEBP", quality=OPTIONS.webp_quality, method=2, exact=True))


def test_jpeg_is_progressive_with_half_resolution_colour_and_png_is_optimised():
    jpeg = encode(NOISE.copy(), Derivative(64, 48, "jpeg"), OPTIONS)
    assert jpeg == saved(NOISE, "JPEG", quality=OPTIONS.jpeg_quality, optimize=True, progressive=True,
                         subsampling="4:2:0")
    png = encode(NOISE.copy(), Derivative(64, 48, "png"), OPTIONS)
    assert png == saved(NOISE.convert("RGBA"), "PNG", optimize=True)
    assert len(png) < len(saved(NOISE.convert("RGBA"), "PNG"))


def test_an_rgba_png_and_an_rgb_jpeg_are_encoded_as_they_are():
    rgba = Image.new("RGBA", (8, 8), (1, 2, 3, 100))
    assert encode(rgba.copy(), Derivative(8, 8, "png"), OPTIONS) == saved(rgba, "PNG", optimize=True)
    assert Image.open(io.BytesIO(encode(rgba.copy(), Derivative(8, 8, "png"), OPTIONS))).getpixel((0, 0)) == (
        1, 2, 3, 100)


# Kept drawings ----------------------------------------------------------------

@pytest.fixture
def drawings(tmp_path):
    drawn = []

    def keep(spec, data=b"mark png"):
        def draw():
            drawn.append(data)
            return data
        return ImageLibrary(tmp_path / "images", tmp_path / "cache", ImageOptions()).kept_drawing(spec, draw)

    return keep, drawn, tmp_path


def test_a_kept_drawing_depends_on_its_fonts_bytes_not_their_paths(drawings):
    keep, drawn, folder = drawings
    (folder / "a.ttf").write_bytes(b"font one")
    (folder / "b.ttf").write_bytes(b"font one")
    assert keep({"mark": 1, "fonts": {"bold": str(folder / "a.ttf")}}) == b"mark png"
    assert keep({"mark": 1, "fonts": {"bold": str(folder / "b.ttf")}}, b"other") == b"mark png"
    assert len(drawn) == 1
    (folder / "c.ttf").write_bytes(b"font two")
    assert keep({"mark": 1, "fonts": {"bold": str(folder / "c.ttf")}}, b"new font") == b"new font"
    assert len(drawn) == 2


def test_a_kept_drawing_needs_no_fonts_and_its_key_ignores_the_specs_order(drawings):
    keep, drawn, _ = drawings
    assert keep({"mark": 1, "primary": "#0055a4"}) == b"mark png"
    assert keep({"primary": "#0055a4", "mark": 1}, b"other") == b"mark png"
    assert keep({"primary": "#0055a4", "mark": 2}, b"other") == b"other"
    assert drawn == [b"mark png", b"other"]


def test_a_kept_drawing_is_stored_with_its_manifest(drawings):
    keep, _, folder = drawings
    keep({"mark": 1})
    [manifest] = (folder / "cache").glob("*/*/manifest.json")
    assert json.loads(manifest.read_text(encoding="utf-8")) == {
        "files": {"drawing.png": {"stored": "drawing.png", "bytes": len(b"mark png")}}}
    assert (manifest.parent / "drawing.png").read_bytes() == b"mark png"
