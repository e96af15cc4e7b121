"""Which font files the site ships: a pure decision, no file system.

The fontsource package holds every weight, style and subset of Titillium
Web; the site only needs the Latin subset (Italian and English) in the
weights its CSS uses, so every other file stays out of the output.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FontChoice:
    files: list[str]
    preload: list[str]
    missing: list[str]


def font_file_name(family: str, subset: str, weight: int, style: str) -> str:
    return f"{family}-{subset}-{weight}-{style}.woff2"


def choose_font_files(available, family="titillium-web", subset="latin", weights=(400, 600, 700),
                      styles=("normal",), preload_weights=(400, 600)) -> FontChoice:
    """The woff2 files to copy, the ones to preload, and the wanted ones absent from ``available``."""
    available = set(available)
    wanted = [font_file_name(family, subset, weight, style) for weight in weights for style in styles]
    files = [name for name in wanted if name in available]
    missing = [name for name in wanted if name not in available]
    preload = [font_file_name(family, subset, weight, "normal") for weight in preload_weights]
    preload = [name for name in preload if name in files]
    return FontChoice(files, preload, missing)
