"""assets plugin: the theme's runtime pieces.

- copies the Titillium Web woff2 files the CSS needs from the npm package
  into ``output/theme/fonts/`` (no CDN: no request to any third party);
- gives templates ``FONT_PRELOADS``, ``CONTENT_SECURITY_POLICY`` and
  ``REFERRER_POLICY``, ``BUILD_DATE`` (the footer's last-updated date
  of pages without one of their own), and the ``external_links`` filter that adds
  rel="noopener noreferrer" to links towards other sites.

Settings (all optional): ASSETS_NODE_MODULES, ASSETS_FONT_WEIGHTS,
ASSETS_FONT_STYLES, ASSETS_FONT_PRELOAD, THEME_CSP, THEME_REFERRER_POLICY.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from markupsafe import Markup
from pelican import signals

from common.clock import build_date
from common.errors import collector_for

from .fonts import choose_font_files
from .links import mark_external_links

FONT_PACKAGE = "@fontsource/titillium-web"
FONTS_FOLDER = "theme/fonts"
DEFAULT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
)
DEFAULT_REFERRER_POLICY = "strict-origin-when-cross-origin"


def _font_folder(settings) -> Path:
    node_modules = settings.get("ASSETS_NODE_MODULES") or Path(__file__).resolve().parents[2] / "node_modules"
    return Path(node_modules) / FONT_PACKAGE / "files"


def choose_fonts(pelican_object):
    settings = pelican_object.settings
    folder = _font_folder(settings)
    available = [path.name for path in folder.glob("*.woff2")] if folder.is_dir() else []
    choice = choose_font_files(
        available,
        weights=settings.get("ASSETS_FONT_WEIGHTS", (400, 600, 700)),
        styles=settings.get("ASSETS_FONT_STYLES", ("normal",)),
        preload_weights=settings.get("ASSETS_FONT_PRELOAD", (400, 600)),
    )
    for name in choice.missing:
        collector_for(settings).add(
            str(folder), None, "ASSETS_FONT_WEIGHTS",
            f"the font file {name} is not in the {FONT_PACKAGE} package",
            "run `make build` (npm ci installs the package), or use weights the package has "
            "(200, 300, 400, 600, 700, 900)",
        )
    settings["ASSETS_FONT_CHOICE"] = choice


def add_template_helpers(generator):
    settings = generator.settings
    choice = settings.get("ASSETS_FONT_CHOICE")
    site_url = settings.get("SITEURL", "")
    generator.env.globals.update(
        FONT_PRELOADS=[f"{FONTS_FOLDER}/{name}" for name in (choice.preload if choice else [])],
        CONTENT_SECURITY_POLICY=settings.get("THEME_CSP", DEFAULT_CSP),
        REFERRER_POLICY=settings.get("THEME_REFERRER_POLICY", DEFAULT_REFERRER_POLICY),
        BUILD_DATE=build_date(),
    )
    generator.env.filters["external_links"] = lambda fragment: Markup(mark_external_links(str(fragment), site_url))


def copy_fonts(pelican_object):
    settings = pelican_object.settings
    choice = settings.get("ASSETS_FONT_CHOICE")
    if not choice:
        return
    source = _font_folder(settings)
    target = Path(pelican_object.output_path) / FONTS_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    for name in choice.files:
        shutil.copyfile(source / name, target / name)


def register():
    signals.initialized.connect(choose_fonts)
    signals.generator_init.connect(add_template_helpers)
    signals.finalized.connect(copy_fonts)
