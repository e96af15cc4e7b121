"""Two of Jinja's hot paths done in C where Jinja does them in Python, with the same results.

Profiling the cold preview's rendering (2,775 pages at 1,000 keys) showed two
costs that come from how Jinja is written, not from what the templates do:

- ``Environment.getattr``: a template's ``strings.sections`` on a dict first
  tries ``getattr(dict, "sections")``, which raises AttributeError (about a
  microsecond each, a million lookups a build), before ``dict["sections"]``.
  A plain dict has no attributes but its class's, so for any other name the
  item is looked up at once; what is returned, or the undefined made for a
  missing key, is what Jinja returns.
- ``Template._get_default_module``: every ``{% from ... import ... %}`` of a
  page (20,000 a build) takes the context's global names less the template's
  globals, a ``ChainMap``'s keys, which Python's abstract set code checks one
  name and one map at a time; ``frozenset.difference`` over the maps gives
  the same names.

``install()`` (the plugin's ``register``) replaces both for the build's process.
"""

from __future__ import annotations

from collections import ChainMap

from jinja2.environment import Environment, Template

_getattr = Environment.getattr
_default_module = Template._get_default_module
# A plain dict's attributes are its class's (an instance has no __dict__).
DICT_ATTRIBUTES = frozenset(dir(dict))


def fast_getattr(self, obj, attribute):
    if type(obj) is dict and attribute not in DICT_ATTRIBUTES:
        try:
            return obj[attribute]
        except (TypeError, LookupError):  # an unhashable name, a missing key: as Jinja's own
            return self.undefined(obj=obj, name=attribute)
    return _getattr(self, obj, attribute)


def fast_default_module(self, ctx=None):
    if ctx is not None and isinstance(self.globals, ChainMap):
        if ctx.globals_keys.difference(*self.globals.maps):
            return _default_module(self, ctx)  # new globals: a module of its own, as Jinja makes it
        ctx = None  # none: Jinja returns the cached module
    return _default_module(self, ctx)


def install():
    Environment.getattr = fast_getattr
    Template._get_default_module = fast_default_module
