"""Pelican wiring of the images plugin: references from items and registries
in, derivatives, <picture> markup, social cards and icons out."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

from markupsafe import Markup

from common.errors import BuildRefused, SiteError, collector_for, format_report
from site_model import model_of

from .drawing import draw_mark, font_files
from .library import ImageLibrary, Origin
from .markup import rewrite_images, static_target
from .options import ImageOptions
from .palette import brand_palette

PICTURE_TEMPLATE = "components/picture.html"
DEFAULT_SIZES = "(min-width: 60rem) 56rem, 100vw"


def library_of(settings) -> ImageLibrary:
    return settings["IMAGE_LIBRARY"]


def create_library(pelican_object):
    """The build's image library, making at once (in a pool, while Pelican reads the content) what its
    cache lacks of the derivatives of every image under content/images/ and of the icons."""
    settings = pelican_object.settings
    options = ImageOptions.from_settings(settings)
    settings["BRAND_PALETTE"] = brand_palette(settings["THEME"])
    cache_root = settings.get("IMAGE_CACHE_PATH") or os.path.join(settings["CACHE_PATH"], "images")
    library = settings["IMAGE_LIBRARY"] = ImageLibrary(Path(settings["PATH"]) / "images", Path(cache_root), options)
    brand = _brand_inputs(settings)
    jobs = []
    mark = _brand_source(library, *brand, draw=False)
    if mark is None or library.cache.manifest(library.drawing_key("icons", ICONS_SPEC, mark)) is None:
        jobs.append((draw_brand, (library.images_root, library.cache.root, options, *brand)))
    library.start_early(jobs)


def add_picture_global(generator):
    env, settings = generator.env, generator.settings

    def picture(relpath, alt, sizes="100vw", eager=False):
        """<picture> of an image under content/images/ (the agreed template global)."""
        library = library_of(settings)
        if relpath not in library.entries:
            library.want(relpath, Origin(f"theme/templates (picture('{relpath}'))", None, "picture"))
            errors = library.resolve()
            if errors:
                found = [SiteError(o.path, o.line, o.field, message, fix) for o, message, fix in errors]
                print(format_report(found), file=sys.stderr)
                raise BuildRefused(found)
        return render_picture(env, settings, library.entries[relpath], alt, sizes, eager)

    env.globals["picture"] = picture
    env.globals["brand_palette"] = settings["BRAND_PALETTE"]


def render_picture(env, settings, entry, alt, sizes, eager, title=None) -> Markup:
    macro = env.get_template(PICTURE_TEMPLATE).module.picture_markup
    return macro(entry, alt, sizes=sizes, eager=eager, siteurl=settings.get("SITEURL", ""), title=title)


def published_items(generators):
    from content_model import all_items

    return [item for item in all_items(generators) if hasattr(item, "section")]


def gather_references(library, items, context):
    for item in items:
        if getattr(item, "image", None):
            library.want(item.image, Origin(item.source_display, getattr(item, "image_line", None), "image",
                                            missing_reported_elsewhere=True))
        for kind, target, line in getattr(item, "internal_links", ()):
            if kind in ("static", "attach") and target.startswith("images/"):
                library.want(target[len("images/"):], Origin(item.source_display, line, "link",
                                                             missing_reported_elsewhere=True))
    for relpath, origin in registry_images(context["REGISTRIES_LOADED"]):
        library.want(relpath, origin)


# Registry fields that name an image under content/images/.
REGISTRY_IMAGES = (("partners", "logo"), ("areas", "image"))


def registry_images(loaded):
    """(relpath, origin) of every published registry image (partner logos, area
    illustrations), from the registries as the registries plugin loaded and checked them."""
    found = []
    for registry, field in REGISTRY_IMAGES:
        for index, entry in enumerate(loaded.registries.get(registry, ())):
            if entry.get(field):
                found.append((entry[field].lstrip("/"), Origin(*loaded.origin(registry, index, field), field)))
    return found


# The icons' drawing spec: they are named by their source's bytes.
ICONS_SPEC = {"source": "icon"}


def _brand_inputs(settings):
    """(ICON_SOURCE, palette, fonts): what the icons and cards' mark are drawn from."""
    font_dir = settings.get("IMAGE_FONT_DIR") or os.path.join(
        os.path.dirname(settings["THEME"]), "node_modules", "@fontsource", "titillium-web", "files")
    return settings.get("ICON_SOURCE"), settings["BRAND_PALETTE"], font_files(font_dir)


def _brand_source(library, icon_source, palette, fonts, draw=True) -> bytes | None:
    """The icons' source: ``ICON_SOURCE`` (a PNG) when a site has its own, else the mark drawn in the
    palette (kept in the image cache; None when it is not there and not ``draw``)."""
    if icon_source:
        return Path(icon_source).read_bytes()
    spec = {"mark": 1024, "primary": palette["primary"], "light": palette["on_primary"], "fonts": {"bold": fonts["bold"]}}
    if not draw:
        return library.kept(spec)

    def drawn():
        out = io.BytesIO()
        draw_mark(1024, palette["primary"], palette["on_primary"], fonts["bold"]).save(out, "PNG")
        return out.getvalue()

    return library.kept_drawing(spec, drawn)


def draw_brand(images_root, cache_root, options, icon_source, palette, fonts) -> list[str]:
    """Runs in the images pool at the start of a build: the mark (kept) and the icons drawn from it,
    as ``plan_drawings`` and ``start_drawings`` would draw them; returns the keys of the drawings drawn."""
    library = ImageLibrary(images_root, cache_root, options)
    mark = _brand_source(library, icon_source, palette, fonts)
    key = library.drawing_key("icons", ICONS_SPEC, mark)
    if library.cache.manifest(key) is not None:
        return []
    library.want_drawing("icons", ICONS_SPEC, mark)
    library.start_drawings()
    return [key]


def card_spec(settings, options, fonts, lang, title, section_label):
    strings = settings["STRINGS"][lang]
    palette = settings["BRAND_PALETTE"]
    width, height = options.social_size
    return {
        "title": title, "section": section_label, "lang": lang,
        "site_name": settings.get("SITENAME", ""), "parent_body": strings["parent_body"],
        "width": width, "height": height, "primary": palette["primary"], "dark": palette["dark"],
        "light": palette["on_primary"], "fonts": fonts,
    }


def social_cards_wanted(settings) -> bool:
    """``IMAGE_SOCIAL_CARDS``: draw a card per page (production: publishconf.py). Off by default:
    a preview build is nobody's shared link, and thousands of cards would hold it up."""
    return bool(settings.get("IMAGE_SOCIAL_CARDS", False))


def plan_drawings(library, items, settings, context):
    options = library.options
    brand = _brand_inputs(settings)
    fonts = brand[2]
    library.wait_early_jobs()  # the mark and the icons, drawn while the content was read
    mark = _brand_source(library, *brand)
    cards, defaults = {}, {}
    if social_cards_wanted(settings):
        for item in items:
            sections = settings["STRINGS"][item.lang]["sections"]
            label = "" if item.section == "pages" else sections[item.section]
            key = library.want_drawing("card", card_spec(settings, options, fonts, item.lang, item.title, label), mark)
            cards[id(item)] = (item, key, f"images/social/{item.lang}-{item.section}-{item.key}.{key[:10]}.png")
        for lang in model_of(settings).codes:
            tagline = settings["STRINGS"][lang]["site_tagline"]
            key = library.want_drawing("card", card_spec(settings, options, fonts, lang, tagline, ""), mark)
            defaults[lang] = (key, f"images/social/{lang}-site.{key[:10]}.png")
    icons = library.want_drawing("icons", ICONS_SPEC, mark)
    return cards, defaults, icons


def process_images(generators):
    settings = generators[0].settings
    context = generators[0].context
    library = library_of(settings)
    items = published_items(generators)
    gather_references(library, items, context)
    cards, defaults, icons = plan_drawings(library, items, settings, context)
    errors = library.resolve()
    if errors:
        library.shutdown_pool()
        collector_for(settings).extend(SiteError(o.path, o.line, o.field, message, fix)
                                       for o, message, fix in sorted(errors))
        return
    # Drawn while Pelican writes the pages: their names are known already.
    library.start_drawings()
    env = generators[0].env
    for item, key, url in cards.values():
        library.publish_drawing(key, "card.png", url)
        item.social_image = url
    # Without cards (preview) neither items nor other pages name an image:
    # head_meta.html then declares a plain "summary" card and no og:image.
    if defaults:
        context["SOCIAL_IMAGE_DEFAULT"] = {}
    for lang, (key, url) in defaults.items():
        library.publish_drawing(key, "card.png", url)
        context["SOCIAL_IMAGE_DEFAULT"][lang] = url
    library.publish_drawing(icons)
    for item in items:
        decorate_item(item, library, env, settings)
    hide_originals(context, library)


def decorate_item(item, library, env, settings):
    entry = library.entries.get(getattr(item, "image", None) or "")
    if entry:
        item.lead_image = entry["enclosure"]
        item.lead_picture = entry
    relative_dir = os.path.dirname(item.relative_source_path).replace(os.sep, "/")

    def resolve(src):
        target = static_target(src, relative_dir)
        if target and target.startswith("images/") and target[len("images/"):] in library.entries:
            return target[len("images/"):]
        return None

    def render(relpath, alt, title, eager):
        sizes = settings.get("IMAGE_BODY_SIZES", DEFAULT_SIZES)
        return str(render_picture(env, settings, library.entries[relpath], alt, sizes, eager, title))

    item._content = rewrite_images(item._content, resolve, render, first_eager=entry is None)


def hide_originals(context, library):
    """Originals stay out of output/; {static}/images/... links lead to the largest processed copy."""
    kept = []
    for static in context.get("staticfiles", []):
        relative = static.relative_source_path.replace(os.sep, "/")
        if not relative.startswith("images/"):
            kept.append(static)
    context["staticfiles"][:] = kept
    for relative, static in context.get("static_content", {}).items():
        entry = library.entries.get(relative[len("images/"):]) if relative.startswith("images/") else None
        if entry:
            static.override_url = entry["fallback"][-1]["url"]


def publish(pelican_object):
    settings = pelican_object.settings
    library = library_of(settings)
    library.write_to(Path(pelican_object.output_path))
    write_manifest(pelican_object)
    timings_file = settings.get("IMAGE_TIMINGS_FILE")
    if timings_file:
        Path(timings_file).write_text(json.dumps(library.timings), encoding="utf-8")


def write_manifest(pelican_object):
    settings = pelican_object.settings
    model = model_of(settings)
    lang = model.default_lang
    manifest = {
        "name": settings.get("SITENAME", ""),
        "short_name": settings.get("SITENAME", ""),
        "lang": lang,
        "start_url": "/" + model.url_for("home", lang),
        "display": "browser",
        "background_color": "#FFFFFF",
        "theme_color": settings["BRAND_PALETTE"]["primary"],
        "icons": [{"src": "/icons/icon-192.png", "sizes": "192x192", "type": "image/png"},
                  {"src": "/icons/icon-512.png", "sizes": "512x512", "type": "image/png"}],
    }
    path = Path(pelican_object.output_path) / "manifest.webmanifest"
    path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
