"""The images plugin's settings, read with defaults, as one frozen value.

The fingerprint of these options is part of every cache key: changing a
width or a quality makes the affected derivatives be made again.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass

import PIL

# Bump when the processing code changes what it writes.
PROCESSOR_VERSION = 4


@dataclass(frozen=True)
class ImageOptions:
    widths: tuple[int, ...] = (480, 960, 1600)
    max_bytes: int = 25 * 1024 * 1024
    max_pixels: int = 50_000_000
    webp_quality: int = 78
    jpeg_quality: int = 82
    workers: int = 0
    social_size: tuple[int, int] = (1200, 630)

    @classmethod
    def from_settings(cls, settings) -> "ImageOptions":
        widths = tuple(sorted({int(w) for w in settings.get("IMAGE_WIDTHS", cls.widths)}))
        return cls(
            widths=widths,
            max_bytes=int(settings.get("IMAGE_MAX_BYTES", cls.max_bytes)),
            max_pixels=int(settings.get("IMAGE_MAX_PIXELS", cls.max_pixels)),
            webp_quality=int(settings.get("IMAGE_WEBP_QUALITY", cls.webp_quality)),
            jpeg_quality=int(settings.get("IMAGE_JPEG_QUALITY", cls.jpeg_quality)),
            workers=int(settings.get("IMAGE_WORKERS", 0) or 0),
        )

    @property
    def worker_count(self) -> int:
        return self.workers or os.cpu_count() or 1

    def fingerprint(self) -> str:
        """What the bytes of a derivative depend on besides the source (not limits, not workers)."""
        relevant = asdict(self)
        for name in ("max_bytes", "max_pixels", "workers"):
            relevant.pop(name)
        relevant["processor"] = PROCESSOR_VERSION
        relevant["pillow"] = PIL.__version__
        return hashlib.sha256(json.dumps(relevant, sort_keys=True).encode()).hexdigest()[:16]
