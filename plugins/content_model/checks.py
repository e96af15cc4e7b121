"""Checks across files, run on every build (also when reads come from cache)."""

from __future__ import annotations

from collections import defaultdict

from common.errors import SiteError


LEFT_OUT_WHY = {
    "example": ("links to an example, which the production build leaves out",
                "link a real item, or remove the link until the example is replaced by real content"),
    "scheduled": ("links to a scheduled item, not published yet",
                  "remove the link until the item is published, or link it from a later item"),
}


def cross_file_errors(items, published_sources, file_exists, reserved_paths, left_out=None):
    """Find what no single file can show.

    ``items``: dicts with path, section, lang, slug, image, internal_links.
    ``published_sources``: content-relative paths of the items being built.
    ``file_exists``: tells whether a content-relative file exists.
    ``reserved_paths``: {lang: set of first URL segments used by the site}.
    ``left_out``: {content-relative path: "example" or "scheduled"} of items this build leaves out.
    """
    left_out = left_out or {}
    errors = []
    by_url = defaultdict(list)
    for item in items:
        by_url[(item["section"], item["lang"], item["slug"])].append(item["path"])
        if item["section"] == "pages" and item["slug"] in reserved_paths.get(item["lang"], ()):
            errors.append(SiteError(item["path"], None, "slug", f"'{item['slug']}' is already a section of the site",
                                    "give the page another slug, e.g. 'slug: about-" + item["slug"] + "'"))
        if item.get("image") and not file_exists(f"images/{item['image']}"):
            errors.append(SiteError(item["path"], item.get("image_line"), "image",
                                    f"content/images/{item['image']} does not exist",
                                    "add the file to content/images/ or correct the path (relative to content/images/)"))
        for kind, target, line in item.get("internal_links", ()):
            if kind == "filename" and target in left_out:
                message, fix = LEFT_OUT_WHY[left_out[target]]
                errors.append(SiteError(item["path"], line, "link", f"{{filename}}{target} {message}", fix))
            elif kind == "filename" and target not in published_sources:
                errors.append(SiteError(item["path"], line, "link", f"{{filename}}{target} points to no published item",
                                        "link an existing file, relative to this one (e.g. {filename}../news/key.it.md) "
                                        "or with a leading / from content/; drafts are not published"))
            elif kind in ("static", "attach") and not file_exists(target):
                errors.append(SiteError(item["path"], line, "link", f"{{{kind}}}{target} points to no file",
                                        "add the file under content/ or correct the path, e.g. {static}/images/2027/photo.jpg"))
    for (section, lang, slug), paths in by_url.items():
        if len(paths) > 1:
            for path in paths:
                others = ", ".join(p for p in paths if p != path)
                errors.append(SiteError(path, None, "slug", f"the {lang} URL '{slug}' is also used by {others}",
                                        "give one of them a different 'slug:'"))
    return errors
