"""Five of Jinja's hot paths done in C or kept in a dict where Jinja does them in Python, with the same results.

Profiling the cold preview's rendering (2,775 pages at 1,000 keys, sessions 6 and 9) showed
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

- ``Environment._load_template``: every ``include`` and ``import`` of a page
  (54,000 a build) looks the template up in Jinja's LRU cache (a lock and
  a queue to reorder), and a partial that is missing for most sections
  (``include 'partials/card_' ~ item.section ~ '.html' ignore missing``)
  is looked for in every template folder again, an exception each. With
  ``auto_reload`` off (the site's setting: templates do not change during
  a build) each environment keeps what it found, or did not find, by
  loader and name in a dict in front of it; the template returned, and
  the TemplateNotFound raised, are those Jinja's first lookup gave.

- ``escape``: every ``{{ value }}`` of a template with autoescape goes
  through markupsafe's ``escape`` (about 500,000 calls in a cold build at
  1,000 keys, 5 % of the rendering samples with ``Markup.__new__``), which
  escapes a string in C and then makes the Markup in Python
  (``Markup.__new__`` asks the escaped string for ``__html__`` first). The
  compiled templates take ``escape`` from ``jinja2.runtime`` when they are
  loaded; for a plain ``str`` it now makes the Markup of the escaped text
  at once (a str has no ``__html__``): 270 instead of 550 ns a call;
  a ``Markup`` (a macro's text, 64,000 a render) and an ``int`` or ``float``
  (22,000) likewise make theirs at once, as markupsafe's ``Markup(...)``
  would after its ``__html__`` checks in Python (session 10);
  anything else is escaped as markupsafe does.

- ``new_context``: a template's globals are a ``ChainMap`` (its own, the
  environment's), and every context made for a page, an include or an
  import copied them with ``dict(ChainMap)`` and took their names with
  ``set(ChainMap)``: a Python ``__getitem__`` or ``__iter__`` step per
  name (15,000 contexts for 2,868 pages, 6 % of the rendering samples).
  The maps are merged with ``dict.update`` from the last to the first (the
  same names in the same order, each with the first map's value) and the
  names are their union, as Jinja's own would be: 11 instead of 72 µs for
  a page's context, 5 instead of 9 for an include's.

- ``Context.call``: every call a template makes (a macro, ``once``'s fragments, a
  global, a filter's helper: 105,000 for the 2,868 pages) first asks the
  callable, and its ``__call__``, whether it takes the context, the
  environment or the eval context (a ``jinja_pass_arg`` attribute, looked up
  with ``hasattr``). A macro, a fragment and a C function never do (Jinja
  marks neither; a C function takes no attribute): these (71,000) are
  called at once, as Jinja then calls them (1.3 instead of 0.5 µs beside
  the call itself).

``install()`` (the plugin's ``register``) replaces them for the build's process.
"""

from __future__ import annotations

import types
from collections import ChainMap

import jinja2.environment
import jinja2.runtime
import markupsafe
from jinja2.environment import Environment, Template
from jinja2.exceptions import TemplateNotFound
from jinja2.runtime import Context, Macro
from jinja2.utils import internalcode
from markupsafe import Markup

from .fragments import Once

_getattr = Environment.getattr
_default_module = Template._get_default_module
_load_template = Environment._load_template
# Each environment's {(loader, name): template, or the TemplateNotFound its lookup raised}.
FOUND = "_fastjinja_found"
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


def fast_load_template(self, name, globals):
    if self.auto_reload or self.cache is None:
        return _load_template(self, name, globals)
    found = self.__dict__.setdefault(FOUND, {})
    key = (self.loader, name)
    template = found.get(key)
    if template is None:
        try:
            template = found[key] = _load_template(self, name, globals)
        except TemplateNotFound as missing:
            found[key] = missing
            raise
        return template
    if isinstance(template, TemplateNotFound):
        raise TemplateNotFound(template.name, template.message)
    if globals:  # as Jinja does for a template from its cache
        template.globals.update(globals)
    return template


_new_context = jinja2.runtime.new_context
_missing = jinja2.runtime.missing


def fast_new_context(environment, template_name, blocks, vars=None, shared=False, globals=None, locals=None):
    if type(globals) is not ChainMap:
        return _new_context(environment, template_name, blocks, vars, shared, globals, locals)
    if vars is None:
        vars = {}
    if shared:
        # A copy when locals are added: the dict passed is not changed (as Jinja does).
        parent = dict(vars) if locals else vars
    else:
        parent = {}
        for names in reversed(globals.maps):
            parent.update(names)
        parent.update(vars)
    if locals:
        for key, value in locals.items():
            if value is not _missing:
                parent[key] = value
    context = environment.context_class(environment, parent, template_name, blocks)
    context.globals_keys = set().union(*globals.maps)
    return context


_escape = markupsafe.escape
_escape_inner = markupsafe._escape_inner  # markupsafe's own: in C when its speedups are built
_new_str = str.__new__


def fast_escape(value) -> Markup:
    kind = type(value)
    if kind is str:
        return _new_str(Markup, _escape_inner(value))
    if kind is Markup:  # markupsafe: Markup(value.__html__()), the same text
        return _new_str(Markup, value)
    if kind is int or kind is float:  # markupsafe: no __html__, so str(value) escaped
        return _new_str(Markup, _escape_inner(str(value)))
    return _escape(value)


_call = Context.call
# Callables that take neither the context, the environment nor the eval context (by their exact type).
PLAIN_CALLABLES = frozenset({Macro, Once, types.BuiltinFunctionType})


@internalcode  # left out of a template error's traceback, as Context.call is
def fast_call(__self, __obj, *args, **kwargs):  # names no keyword argument of a template's call can have
    if type(__obj) not in PLAIN_CALLABLES:
        return _call(__self, __obj, *args, **kwargs)
    kwargs.pop("_block_vars", None)
    kwargs.pop("_loop_vars", None)
    try:
        return __obj(*args, **kwargs)
    except StopIteration:  # as Jinja's own
        return __self.environment.undefined("value was undefined because a callable raised a"
                                            " StopIteration exception")


def install():
    jinja2.runtime.escape = fast_escape
    jinja2.environment.new_context = fast_new_context
    Environment.getattr = fast_getattr
    Template._get_default_module = fast_default_module
    Environment._load_template = fast_load_template
    Context.call = fast_call
