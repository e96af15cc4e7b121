"""Turn one source image into published derivatives: bytes in, bytes out.

Every derivative is upright (EXIF orientation applied), in sRGB, and carries
no metadata at all: no EXIF, GPS, XMP, IPTC, ICC profile or text chunks.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageCms, ImageOps
# The formats this plugin reads and writes, loaded with it (before the images pool forks): else
# each worker of the pool imported Pillow's usual five (Image.preinit) on its first image and
# all 43 (Image.init) on its first WebP, about 0.15 s of CPU per worker in a cold build.
from PIL import (BmpImagePlugin, GifImagePlugin, IcoImagePlugin, JpegImagePlugin,  # noqa: F401
                 MpoImagePlugin, PngImagePlugin, TiffImagePlugin, WebPImagePlugin)

from .plan import Derivative, oriented_size, plan_derivatives

Image.MAX_IMAGE_PIXELS = None  # the pixel limit is ours (ImageOptions.max_pixels), checked before decoding
Image.preinit()
SUPPORTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "TIFF", "MPO", "BMP"}
# libwebp's effort (0-6). Method 2 encodes the site's illustrations 2.5 times
# faster than 4 (Pillow's default) at the same quality (PSNR within 0.1 dB),
# for files 4-8 % larger (figures in docs/performance.md, session 8).
WEBP_METHOD = 2
# Bicubic (a support of 2 pixels at scale) filters the illustrations' reductions in less than
# half Lanczos's time (support 3); the two differ by a PSNR of 48-51 dB, not to be seen.
RESAMPLING = Image.Resampling.BICUBIC
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


class ImageProblem(ValueError):
    """A source image that cannot be published; the message is for editors."""

    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.fix = fix


def check_size(size_in_bytes: int, max_bytes: int):
    if size_in_bytes > max_bytes:
        raise ImageProblem(
            f"the file is {size_in_bytes / 1e6:.1f} MB, over the limit of {max_bytes / 1e6:.1f} MB",
            "export a smaller copy (e.g. 3000 px wide, JPEG quality 85) and commit that instead",
        )


def open_checked(data: bytes, max_pixels: int) -> Image.Image:
    """Open without decoding pixels, refusing what a build should never decode."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (Image.UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ImageProblem(f"the file is not a readable image ({exc.__class__.__name__})",
                           "open it in an image editor and export it again as JPEG or PNG") from None
    if image.format not in SUPPORTED_FORMATS:
        raise ImageProblem(f"{image.format} images are not supported", "export the image as JPEG or PNG")
    pixels = image.width * image.height
    if pixels > max_pixels:
        raise ImageProblem(
            f"the image is {image.width}x{image.height} ({pixels / 1e6:.0f} megapixels), "
            f"over the limit of {max_pixels / 1e6:.0f} megapixels",
            "resize it (e.g. to 3000 px wide) before committing it",
        )
    return image


def describe(data: bytes, max_pixels: int) -> dict:
    """Upright size and transparency of a source image, from its header."""
    image = open_checked(data, max_pixels)
    orientation = image.getexif().get(0x0112, 1) or 1
    width, height = oriented_size(image.width, image.height, orientation)
    return {"width": width, "height": height, "has_alpha": _may_have_alpha(image)}


def _may_have_alpha(image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info


def _to_srgb(image: Image.Image) -> Image.Image:
    """RGB or RGBA pixels in sRGB, whatever the source's mode and profile."""
    icc = image.info.get("icc_profile")
    if image.mode.startswith("I;16"):
        image = image.convert("I")  # point() below takes no 16-bit layout but I;16 itself
    elif image.mode == "La":
        image = image.convert("LA")  # Pillow unpremultiplies La only into LA
    if image.mode == "P" or image.mode == "PA":
        image = image.convert("RGBA" if _may_have_alpha(image) else "RGB")
    elif image.mode in ("I", "F"):
        image = image.point(lambda v: v / 257).convert("L") if image.mode != "F" else image.convert("L")
    if image.mode in ("LA", "RGBa"):
        image = image.convert("RGBA")
    if image.mode == "1":
        image = image.convert("L")
    if icc and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            source_profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            wanted = "RGBA" if image.mode == "RGBA" else "RGB"
            image = ImageCms.profileToProfile(image, source_profile, _SRGB, outputMode=wanted)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: the naive conversion below is still correct for sRGB-ish sources
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode == "RGBA" and image.getchannel("A").getextrema() == (255, 255):
        image = image.convert("RGB")
    return image


def load_upright(data: bytes, max_pixels: int, largest_width: int) -> Image.Image:
    """Decode, orient and convert to sRGB; JPEGs are decoded at a reduced
    scale (draft) when the largest derivative allows, which is much faster."""
    image = open_checked(data, max_pixels)
    orientation = image.getexif().get(0x0112, 1) or 1
    if image.format in ("JPEG", "MPO"):
        upright_width = oriented_size(image.width, image.height, orientation)[0]
        scale = largest_width / upright_width
        if scale < 0.5:
            image.draft(image.mode, (int(image.width * scale) + 1, int(image.height * scale) + 1))
    try:
        image.load()
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageProblem(f"the image data is damaged or truncated ({exc})",
                           "open it in an image editor and export it again, or commit the original file again") from None
    image = ImageOps.exif_transpose(image)
    return _to_srgb(image)


def encode(resized: Image.Image, derivative: Derivative, options) -> bytes:
    """The bytes of one derivative from pixels already at its size."""
    resized.info = {}
    if derivative.format == "png" and resized.mode != "RGBA":
        resized = resized.convert("RGBA")
    if derivative.format == "jpeg" and resized.mode != "RGB":
        resized = resized.convert("RGB")
    out = io.BytesIO()
    if derivative.format == "webp":
        resized.save(out, "WEBP", quality=options.webp_quality, method=WEBP_METHOD, exact=False)
    elif derivative.format == "jpeg":
        resized.save(out, "JPEG", quality=options.jpeg_quality, optimize=True, progressive=True,
                     subsampling="4:2:0")
    else:
        resized.save(out, "PNG", optimize=True)
    return out.getvalue()


def make_derivatives(data: bytes, options) -> tuple[dict, list[tuple[Derivative, bytes]]]:
    """All derivatives of one source image: (description, [(derivative, bytes)])."""
    check_size(len(data), options.max_bytes)
    described = describe(data, options.max_pixels)
    largest = max(options.widths)
    image = load_upright(data, options.max_pixels, min(largest, described["width"]))
    has_alpha = image.mode == "RGBA"
    described = {"width": image.width, "height": image.height, "has_alpha": has_alpha}
    plan = plan_derivatives(image.width, image.height, has_alpha, options.widths)
    outputs = []
    resized = {}
    working = image
    # Largest first, each smaller size from the previous one: fewer pixels to filter.
    for width, height in sorted({(d.width, d.height) for d in plan}, reverse=True):
        if working.size != (width, height):
            working = working.resize((width, height), RESAMPLING, reducing_gap=3.0)
        resized[width] = working
    for derivative in plan:
        outputs.append((derivative, encode(resized[derivative.width], derivative, options)))
    return described, outputs
