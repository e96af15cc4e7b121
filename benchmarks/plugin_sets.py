"""Plugin lists for benchmarks that build without a capability, as the site model accepts them.

The model refuses a PLUGINS list in which a plugin comes without one it
needs (``site_model.declarations.PLUGIN_NEEDS``). So a benchmark measures a
plugin's own cost between two builds that both leave out the plugins that
need it: ``with_and_without("opportunities")`` gives the site's PLUGINS less
feeds, and that list less opportunities. A plugin the theme needs (through
THEME_PLUGINS) cannot be left out: its benchmark times its own work instead.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT))

from site_model.declarations import PLUGIN_NEEDS  # noqa: E402

# The theme calls the seo plugin's filters and the images plugin's picture()
# and brand_palette on every page: no site builds without them.
THEME_PLUGINS = ("images", "seo")
# A need the model's order check leaves out, as the plugins may come in either
# order: the images plugin reads the registries' data (REGISTRIES_LOADED: logos,
# area pictures) once every generator has run.
NEEDS = {**PLUGIN_NEEDS, "images": (*PLUGIN_NEEDS["images"], "registries")}


def site_plugins() -> list[str]:
    import pelicanconf  # noqa: PLC0415 - read when asked, as the build reads it

    return list(pelicanconf.PLUGINS)


def needing(plugin: str) -> set[str]:
    """Every plugin that needs ``plugin``, directly or through another."""
    found, todo = set(), [plugin]
    while todo:
        wanted = todo.pop()
        for name, needs in NEEDS.items():
            if wanted in needs and name not in found:
                found.add(name)
                todo.append(name)
    return found


def needed_by(plugins) -> set[str]:
    """``plugins`` and every plugin they need, directly or through another."""
    found, todo = set(), list(plugins)
    while todo:
        name = todo.pop()
        if name not in found:
            found.add(name)
            todo.extend(NEEDS.get(name, ()))
    return found


def with_and_without(plugin: str, plugins=None) -> tuple[list[str], list[str]]:
    """(``plugins`` less every plugin needing ``plugin``, the same less ``plugin``), in the site's order."""
    if plugin in needed_by(THEME_PLUGINS):
        raise ValueError(f"the theme needs '{plugin}' (through {', '.join(THEME_PLUGINS)}): time its own work instead")
    plugins = site_plugins() if plugins is None else list(plugins)
    kept = [name for name in plugins if name not in needing(plugin)]
    return kept, [name for name in kept if name != plugin]


def smallest_site(*plugins: str) -> list[str]:
    """The site's PLUGINS reduced to ``plugins``, what they need and what the theme needs (site_model first)."""
    wanted = needed_by((*plugins, *THEME_PLUGINS)) | {"site_model"}
    return [name for name in site_plugins() if name in wanted]
