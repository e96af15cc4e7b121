"""Checks across files, run on every build (also when reads come from cache)."""

from __future__ import annotations

from collections import defaultdict

from common.errors import SiteError

# The only folders whose files a {static} link may publish (docs/inputs.md).
ASSET_FOLDERS = ("documents", "images")

LEFT_OUT_WHY = {
    "example": ("links to an example, which the production build leaves out",
                "link a real item, or remove the link until the example is replaced by real content"),
    "scheduled": ("links to a scheduled item, not published yet",
                  "remove the link until the item is published, or link it from a later item"),
}


def cross_file_errors(items, published_sources, file_exists, reserved_paths, refused_sources=(), left_out=None):
    """Find what no single file can show.

    ``items``: dicts with path, section, lang, slug, image, internal_links.
    ``published_sources``: content-relative paths of the items being built.
    ``file_exists``: tells whether a content-relative file exists.
    ``reserved_paths``: {lang: set of first URL segments used by the site}.
    ``refused_sources``: content-relative paths of files refused this build;
    links to one of them are reported once, as a consequence, on that file.
    ``left_out``: {content-relative path: "example" or "scheduled"} of items this build leaves out.
    """
    left_out = left_out or {}
    errors = []
    by_url = defaultdict(list)
    consequences = defaultdict(list)
    for item in items:
        by_url[(item["section"], item["lang"], item["slug"])].append((item["path"], item.get("slug_line")))
        if item["section"] == "pages" and item["slug"] in reserved_paths.get(item["lang"], ()):
            errors.append(SiteError(item["path"], None, "slug", f"'{item['slug']}' is already a section of the site",
                                    "give the page another slug, e.g. 'slug: about-" + item["slug"] + "'"))
        if item.get("image") and not file_exists(f"images/{item['image']}"):
            errors.append(SiteError(item["path"], item.get("image_line"), "image",
                                    f"content/images/{item['image']} does not exist",
                                    "add the file to content/images/ or correct the path (relative to content/images/)"))
        for kind, target, line in item.get("internal_links", ()):
            if kind == "filename" and target in refused_sources:
                consequences[target].append(f"{item['path']}:{line}")
            elif kind == "filename" and target in left_out:
                message, fix = LEFT_OUT_WHY[left_out[target]]
                errors.append(SiteError(item["path"], line, "link", f"{{filename}}{target} {message}", fix))
            elif kind == "filename" and target not in published_sources:
                errors.append(SiteError(item["path"], line, "link", f"{{filename}}{target} points to no published item",
                                        "link an existing file, relative to this one (e.g. {filename}../news/key.it.md) "
                                        "or with a leading / from content/; drafts are not published"))
            elif kind in ("static", "attach") and (target == ".." or target.startswith("../")):
                errors.append(SiteError(item["path"], line, "link", f"{{{kind}}}{target} points outside content/",
                                        "link a file under content/documents/ or content/images/, e.g. "
                                        "{static}/documents/notice.pdf"))
            elif kind in ("static", "attach") and target.split("/", 1)[0] not in ASSET_FOLDERS:
                errors.append(SiteError(item["path"], line, "link", f"{{{kind}}}{target} is not a document or an image",
                                        "{static} links lead to files in content/documents/ or content/images/; "
                                        "link other items with {filename}"))
            elif kind in ("static", "attach") and not file_exists(target):
                errors.append(SiteError(item["path"], line, "link", f"{{{kind}}}{target} points to no file",
                                        "add the file under content/ or correct the path, e.g. {static}/images/2027/photo.jpg"))
    for (section, lang, slug), places in by_url.items():
        if len(places) > 1:
            for path, line in places:
                others = ", ".join(_where(p, n) for p, n in places if p != path)
                errors.append(SiteError(path, line, "slug", f"the {lang} URL '{slug}' is also used by {others}",
                                        "give one of them a different 'slug:' (the URL comes from 'slug:', "
                                        "else from the file name)"))
    for target, places in consequences.items():
        errors.append(SiteError(f"content/{target}", None, None,
                                f"because of this file's errors, {len(places)} link(s) to it fail: "
                                + ", ".join(sorted(places)),
                                "fix this file's errors; the links work again once it is published"))
    return errors


def _where(path, line):
    return f"{path} (line {line})" if line else path
