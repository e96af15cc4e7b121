"""Macros rendered once per set of arguments while the pages are rendered: the template global ``once``.

A listing card, the site's menu and most of its footer are the same text on many pages (10,476 cards at
1,000 keys are 3,184 different ones; the menu and footer differ only by language and by which entry is
the current page), and rendering them was about a fifth of rendering the pages. A template wraps such a
macro where it defines it::

    {% macro card_of(item, lang, ...) %}...{% endmacro %}
    {% set card = once(card_of) %}

and the pages call ``card(...)`` as before: the first call with some arguments renders the macro, the
next ones return its text. Its arguments are the key: plain values (strings, numbers, booleans, None,
tuples of them) by value, anything else (an item, a string table) by identity. So a macro wrapped this
way must depend on nothing else than its arguments, the environment's globals and filters, and what is
reachable from its arguments, none of which may change while pages are rendered (an item's attributes,
the string tables: see "What a page may depend on" in docs/performance.md). The page's ``localsiteurl``
is part of the key as well, since an item's content and summary are made for it.

The render cache (writer.py) follows what each page looks up; a page that gets a fragment rendered for
another page gets that fragment's reads as well (the names it looked up, the item attributes it read),
so each page's reads are the same as if it had rendered the fragment itself, and a warm build's bytes
stay those of a cold build. What was rendered is forgotten when a round of rendering starts or ends
(``forget``): every build, and every edit applied to the preview's held build, renders afresh.
"""

from __future__ import annotations

from markupsafe import Markup

# The reads of the page being rendered, shared with writer.py: {"items": {(id, name): item} or None,
# "names": set or None}; and the localsiteurl of that page.
reads = {"items": None, "names": None}
page = {"siteurl": None}
# {key: (text, names looked up, item attributes read, the arguments: their identities stay theirs)}
_rendered = {}
# Arguments taken by value: immutable, and told apart by type (1, 1.0 and True are equal keys in a dict).
_BY_VALUE = {str, Markup, int, float, bool, type(None)}
# One copy of each set of names and of each tuple of attribute names: most fragments of a macro read the
# same ones (a set and a dict kept for each fragment raised the peak memory of a 4,000-key build by 16 MB).
_interned = {}


def _part(value):
    kind = type(value)
    if kind in _BY_VALUE:
        return value
    if kind is tuple:
        return tuple((type(element), _part(element)) for element in value)
    return id(value)


def _intern(value):
    return _interned.setdefault(value, value)


def _compact(items) -> tuple:
    """{(id(item), name): item} as ((item, (name, ...)), ...)."""
    by_item = {}
    for (_, name), item in items.items():
        by_item.setdefault(id(item), (item, []))[1].append(name)
    return tuple((item, _intern(tuple(names))) for item, names in by_item.values())


class Once:
    """``macro`` rendered once per set of arguments (and page localsiteurl) while pages are rendered."""

    __slots__ = ("macro",)

    def __init__(self, macro):
        self.macro = macro

    def __call__(self, *args, **kwargs):
        key = [self, page["siteurl"], tuple(kwargs)]
        for value in (*args, *kwargs.values()):
            key += type(value), _part(value)
        key = tuple(key)
        found = _rendered.get(key)
        names, items = reads["names"], reads["items"]
        if found is None or (found[1] is None) != (names is None):  # rendered untraced: its reads unknown
            # The fragment's own reads, kept for the pages that get its text without rendering it.
            reads["names"] = None if names is None else set()
            reads["items"] = None if items is None else {}
            try:
                text = self.macro(*args, **kwargs)
            finally:
                own_names, own_items = reads["names"], reads["items"]
                reads["names"], reads["items"] = names, items
            found = _rendered[key] = (text, own_names if own_names is None else _intern(frozenset(own_names)),
                                      own_items if own_items is None else _compact(own_items), (args, kwargs))
        text, own_names, own_items, _ = found
        if names is not None:
            names |= own_names
        if items is not None:
            for item, attributes in own_items:
                for name in attributes:
                    items[id(item), name] = item
        return text


def once(macro) -> Once:
    return Once(macro)


def forget():
    """A new round of rendering: nothing rendered before is reused (the items or tables may have changed)."""
    _rendered.clear()
    _interned.clear()
