"""The brand palette, read from its one source: the design tokens at the top
of theme/static/css/site.css (the first ``:root`` block, the light scheme).

The theme-color meta, the web manifest, the icons and the social cards use
these colours, so the blue a phone paints around the site is the blue of
its pages.
"""

from __future__ import annotations

import re
from pathlib import Path

_ROOT = re.compile(r":root\s*\{(.*?)\}", re.S)
_TOKEN = re.compile(r"--([\w-]+)\s*:\s*([^;]+);")
_VAR = re.compile(r"var\(--([\w-]+)\)")

# What each drawing colour is, in the tokens' own words.
ROLES = {"primary": "color-primary", "on_primary": "color-on-primary", "dark": "color-band"}


def css_tokens(css_text: str) -> dict[str, str]:
    """{token name: value} of the first :root block, var() references followed."""
    match = _ROOT.search(css_text)
    raw = dict(_TOKEN.findall(match.group(1))) if match else {}

    def value(name, seen=()):
        if name not in raw:
            raise KeyError(f"the design tokens have no --{name}")
        if name in seen:
            raise ValueError(f"--{name} refers to itself")
        text = raw[name].strip()
        reference = _VAR.fullmatch(text)
        return value(reference.group(1), (*seen, name)) if reference else text

    return {name: value(name) for name in raw}


def brand_palette(theme_path) -> dict[str, str]:
    """{primary, on_primary, dark} as lower-case '#rrggbb', from the theme's site.css."""
    tokens = css_tokens((Path(theme_path) / "static" / "css" / "site.css").read_text(encoding="utf-8"))
    return {role: tokens[token].lower() for role, token in ROLES.items()}
