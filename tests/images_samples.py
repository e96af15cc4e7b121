"""Images made in the tests with Pillow: each one a case the plugin must handle."""

from __future__ import annotations

import io

from PIL import Image

RED, BLUE, GREEN = (220, 20, 20), (20, 20, 220), (20, 200, 20)


def _jpeg(image, **params) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92, **params)
    return out.getvalue()


def rotated_jpeg() -> bytes:
    """Stored 1200x600, left half red, right half blue, EXIF orientation 6:
    shown upright it is 600x1200 with red on top."""
    image = Image.new("RGB", (1200, 600), BLUE)
    image.paste(RED, (0, 0, 600, 600))
    exif = Image.Exif()
    exif[0x0112] = 6
    return _jpeg(image, exif=exif)


def gps_jpeg() -> bytes:
    """2000x1000 photo with GPS position, camera make, XMP and an ICC profile."""
    from PIL import ImageCms

    image = Image.new("RGB", (2000, 1000), GREEN)
    exif = Image.Exif()
    exif[0x010F] = "SECRETCAM"  # Make
    gps = {1: "N", 2: (45.0, 27.0, 51.0), 3: "E", 4: (9.0, 11.0, 25.0)}
    exif[0x8825] = gps
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description SECRETXMP="1"/></rdf:RDF></x:xmpmeta>'
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return _jpeg(image, exif=exif, xmp=xmp, icc_profile=icc)


def cmyk_jpeg() -> bytes:
    """CMYK (0, 255, 255, 0): pure red once converted."""
    return _jpeg(Image.new("CMYK", (800, 400), (0, 255, 255, 0)))


def alpha_png() -> bytes:
    """700x350 RGBA: left half transparent, right half opaque blue."""
    image = Image.new("RGBA", (700, 350), (0, 0, 0, 0))
    image.paste((*BLUE, 255), (350, 0, 700, 350))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def palette_png() -> bytes:
    """Palette image with a transparent index (a typical logo)."""
    image = Image.new("P", (300, 120), 0)
    image.putpalette([255, 255, 255, *GREEN] + [0] * 762)
    image.paste(1, (150, 0, 300, 120))
    out = io.BytesIO()
    image.save(out, "PNG", transparency=0)
    return out.getvalue()


def truncated_jpeg() -> bytes:
    data = _jpeg(Image.effect_noise((800, 600), 60).convert("RGB"))
    return data[: len(data) // 2]


def noisy_jpeg(width, height, seed=0) -> bytes:
    """Noise defeats compression: a file whose size grows with its pixels."""
    image = Image.effect_noise((width, height), 80 + seed).convert("RGB")
    return _jpeg(image)


def bomb_png(width=6000, height=6000) -> bytes:
    """Small on disk, huge once decoded (a decompression bomb)."""
    out = io.BytesIO()
    Image.new("L", (width, height), 0).save(out, "PNG", optimize=True)
    return out.getvalue()
