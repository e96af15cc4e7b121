"""The derivative plan of one image: plain numbers in, plain data out."""

from __future__ import annotations

from dataclasses import dataclass

# EXIF orientations 5 to 8 turn the picture by 90 degrees: width and height swap.
SWAPPING_ORIENTATIONS = {5, 6, 7, 8}


@dataclass(frozen=True)
class Derivative:
    width: int
    height: int
    format: str  # "webp", "jpeg" or "png"

    @property
    def extension(self) -> str:
        return "jpg" if self.format == "jpeg" else self.format

    @property
    def mime(self) -> str:
        return f"image/{self.format}"

    @property
    def file_name(self) -> str:
        return f"{self.width}.{self.extension}"


def oriented_size(width: int, height: int, orientation: int) -> tuple[int, int]:
    return (height, width) if orientation in SWAPPING_ORIENTATIONS else (width, height)


def target_widths(source_width: int, widths) -> list[int]:
    """The configured widths that fit in the source, plus the source width
    itself when it is narrower than the largest one: never upscaled."""
    chosen = [w for w in sorted(widths) if w <= source_width]
    if source_width < max(widths) and source_width not in chosen:
        chosen.append(source_width)
    return chosen


def plan_derivatives(width: int, height: int, has_alpha: bool, widths) -> list[Derivative]:
    """WebP at every target width, then the fallback (PNG keeps transparency, JPEG otherwise)."""
    fallback = "png" if has_alpha else "jpeg"
    plan = []
    for kind in ("webp", fallback):
        for target in target_widths(width, widths):
            plan.append(Derivative(target, max(1, round(height * target / width)), kind))
    return plan
