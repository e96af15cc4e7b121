"""Per-language structure of the site, as plain functions of items.

An item is any object with ``section``, ``key``, ``lang``, ``url`` and
(except pages) ``date``. An item that exists in one language only is
"visible" in the other language's listings, marked, but never in its feeds or
search (those use ``native_items``).
"""

from __future__ import annotations

from collections import defaultdict


def group_translations(items):
    """{(section, key): {lang: item}}"""
    groups = defaultdict(dict)
    for item in items:
        groups[(item.section, item.key)][item.lang] = item
    return groups


def visible_items(items, groups, lang):
    """Items shown on ``lang``'s listings: its own, plus those with no ``lang`` version."""
    return [item for item in items if item.lang == lang or lang not in groups[(item.section, item.key)]]


def native_items(items, lang):
    return [item for item in items if item.lang == lang]


def newest_first(items):
    return sorted(items, key=lambda item: (item.date, item.key), reverse=True)


def alternates(item, groups, languages, fallback_url):
    """One entry per language: the item's own version or, if missing, a fallback.

    ``fallback_url(lang)`` is where a reader goes when the item has no version
    in ``lang`` (that section's listing).
    """
    versions = groups[(item.section, item.key)]
    result = []
    for lang in languages:
        version = versions.get(lang)
        result.append(
            {
                "lang": lang,
                "url": version.url if version else fallback_url(lang),
                "available": version is not None,
                "current": lang == item.lang,
            }
        )
    return result


def page_alternates(languages, lang, url_for, fallback_for=None):
    """The alternates of a page written in ``lang`` (a listing, a filter, a
    registry page...): ``url_for(other)`` is its URL in ``other``, or None
    where it has no version there; the switch then links ``fallback_for(other)``."""
    result = []
    for other in languages:
        url = url_for(other)
        result.append({"lang": other, "url": url if url is not None else fallback_for(other),
                       "available": url is not None, "current": other == lang})
    return result


def tag_index(items):
    """{tag slug: (tag, [items newest first])}.

    Tags are words of one language, so a language's tag pages list only its
    own items (an Italian-only item's tags would otherwise make English tag
    pages with Italian names).
    """
    tags = {}
    for item in newest_first(items):
        for tag in getattr(item, "tags", ()):
            tags.setdefault(tag.slug, (tag, []))[1].append(item)
    return dict(sorted(tags.items()))


# --- a section's listing order, as other plugins may set it -----------------

def listing(context, lang, section):
    """The items of ``section``'s listing in ``lang``: LANG_SITE's, newest
    first, unless the section's own plugin published another order of them."""
    return context["LISTING_ORDER"].get((section, lang), context["LANG_SITE"][lang]["sections"][section])


def publish_listing_order(context, section, lang, ordered):
    """Another order for a section's listing (the opportunities' lifecycle),
    leaving LANG_SITE as it is; it must hold the very items LANG_SITE lists."""
    listed = context["LANG_SITE"][lang]["sections"][section]
    if sorted(map(id, ordered)) != sorted(map(id, listed)):
        raise ValueError(f"the order given for the '{section}' listing in '{lang}' does not hold the items "
                         f"LANG_SITE lists ({len(ordered)} given, {len(listed)} listed)")
    context["LISTING_ORDER"][(section, lang)] = list(ordered)
