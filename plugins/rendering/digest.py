"""Stable digests of the values a page is rendered from (pure: no Pelican, no files).

``Digester(is_item, item_identity)`` turns any value into a sha256 digest
that is the same in every build for the same value and different as soon as
anything reachable from it differs, items apart:

- plain data (None, bools, numbers, strings, bytes, dates, times) by type and value;
- dicts and lists in their order (templates iterate in that order), sets sorted;
  a dict, list or tuple made only of plain data of the built-in types (no
  subclass such as Markup) by its ``marshal`` bytes, written in C: most of
  the values pages read (an item's alternates, its JSON-LD, a listing's
  strings) are such, and digesting them node by node in Python was most of
  a warm build's checks. A set inside one keeps its iteration order there,
  the same for the same set made the same way (one hash seed); a set made
  in another order can only make a page render again, never stale. marshal
  writes any buffer (bytearray, array) as bytes: a value that became
  another buffer type with the same bytes would not be told apart (no page
  context holds buffers);
- an *item* (``is_item``: a Pelican article or page) by its identity only
  (its source path): what a page reads of an item is followed page by page
  (``items_met`` keeps every item met, by identity);
- functions (and partials) by module, name and what their closure holds (their code is in
  the digest of the plugins' and theme's files);
- any other object by its class and attributes (``__dict__``, ``__slots__``),
  or by what ``view`` shows of it.

A value it cannot read reliably (an object whose only description is a
``repr`` naming its address) still gets a digest, but one that differs in
every process: pages that depend on it are always rendered again. Slower,
never stale.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import marshal
import types
from collections.abc import Callable

_ATOMS = (type(None), bool, int, float, complex)
_MARSHALLED = {dict, list, tuple}


class Digester:
    def __init__(self, is_item: Callable, item_identity: Callable, opaque: Callable = None, view: Callable = None):
        self.is_item = is_item
        self.item_identity = item_identity
        self.items_met = {}
        # Objects digested by their class name only (e.g. a Jinja environment,
        # whose templates' sources and helpers are digested on their own).
        self.opaque = opaque or (lambda value: False)
        # What to digest in place of a value (e.g. the part of an object that pages
        # show, leaving out its timings), or the value itself.
        self.view = view or (lambda value: value)
        self._memo = {}  # id -> (object kept alive, digest) for containers and items
        self._in_progress = set()

    def digest(self, value) -> str:
        return _sha(self._digest(value)).hex()

    def raw(self, value) -> bytes:
        """The digest as bytes, to combine with others (``combine``): a short atom's own bytes."""
        return self._digest(value)

    def _digest(self, value) -> bytes:
        if type(value) is str:  # the most common value, first (no subclass: its name is known)
            return _atom("str", value.encode("utf-8", "surrogatepass"))
        # A container or item met before (atoms are never memoised) before the atoms' isinstance tests: an
        # item met again in every listing's list costs one lookup instead of five tests, each of which asks
        # an item for its __class__ through the render cache's tracing (a Python call).
        key = id(value)
        memo = self._memo.get(key)
        if memo is not None and memo[0] is value:
            return memo[1]
        if isinstance(value, str):
            return _atom(type(value).__name__, value.encode("utf-8", "surrogatepass"))
        if isinstance(value, _ATOMS):
            return _atom(type(value).__name__, repr(value).encode())
        if isinstance(value, (bytes, bytearray)):
            return _atom("bytes", bytes(value))
        if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
            zone = getattr(value, "tzinfo", None)
            return _atom(type(value).__name__, f"{value!r} {zone}".encode())
        if key in self._in_progress:
            # A value that contains itself: its place in the cycle is what is digested.
            return _sha("cycle", type(value).__qualname__)
        self._in_progress.add(key)
        try:
            result = self._compound(value)
        finally:
            self._in_progress.discard(key)
        self._memo[key] = (value, result)
        return result

    def _compound(self, value) -> bytes:
        shown = self.view(value)
        if shown is not value:
            if type(shown) in _MARSHALLED and self.view(shown) is shown:
                # A view made of plain data (a tag's class, name and slug), made for this digest: what
                # _digest gives it, without memoising an object made afresh each time.
                try:
                    return _sha("view", _atom("marshal", marshal.dumps(shown, 2)))
                except ValueError:  # not plain after all: node by node
                    pass
            return _sha("view", self._digest(shown))
        if self.is_item(value):
            identity = self.item_identity(value)
            self.items_met[identity] = value
            return _sha("item", identity)
        if type(value) in _MARSHALLED:
            try:
                # Version 2: no back-references, whose presence depends on reference counts.
                return _atom("marshal", marshal.dumps(value, 2))
            except ValueError:  # something else inside (an item, an object, a Markup): node by node
                pass
        if isinstance(value, dict):
            return _sha("dict", *(self._digest(k) + self._digest(v) for k, v in value.items()))
        if isinstance(value, (list, tuple)):
            return _sha(type(value).__name__, *(self._digest(v) for v in value))
        if isinstance(value, (set, frozenset)):
            return _sha("set", *sorted(self._digest(v) for v in value))
        if isinstance(value, type):
            return _sha("class", value.__module__, value.__qualname__)
        if isinstance(value, (types.FunctionType, types.BuiltinFunctionType, types.MethodType)):
            return self._function(value)
        if isinstance(value, functools.partial):
            return _sha("partial", self._digest(value.func), self._digest(value.args), self._digest(value.keywords))
        if isinstance(value, types.ModuleType):
            return _sha("module", value.__name__)
        if self.opaque(value):
            return _sha("opaque", type(value).__module__, type(value).__qualname__)
        return self._object(value)

    def _function(self, value) -> bytes:
        parts = [getattr(value, "__module__", "") or "", getattr(value, "__qualname__", repr(value))]
        bound = getattr(value, "__self__", None)
        if bound is not None and not isinstance(bound, types.ModuleType):
            parts.append(self._digest(bound))
        for cell in getattr(value, "__closure__", None) or ():
            try:
                parts.append(self._digest(cell.cell_contents))
            except ValueError:  # a cell not filled yet
                parts.append(b"empty")
        defaults = getattr(value, "__defaults__", None)
        if defaults:
            parts.append(self._digest(defaults))
        return _sha("function", *parts)

    def _object(self, value) -> bytes:
        attributes = {}
        if hasattr(value, "__dict__"):
            attributes.update(vars(value))
        for cls in type(value).__mro__:
            for name in getattr(cls, "__slots__", ()):
                if hasattr(value, name):
                    attributes.setdefault(name, getattr(value, name))
        if attributes:
            # Name by name, not as one dict: marshal goes on walking a value after meeting something it
            # cannot write, so trying a fresh dict of attributes (a listing's page: its paginator, the
            # settings) walked the whole settings for every page (1 ms each); each value is memoised.
            return _sha("object", type(value).__module__, type(value).__qualname__,
                        *(self._digest(name) + self._digest(attribute) for name, attribute in attributes.items()))
        # Objects without attributes (C types) by their repr:
        # one naming an address differs between processes, so nothing stale comes of it.
        try:
            shown = repr(value)
        except Exception:  # noqa: BLE001 - a broken __repr__: a digest of this process only
            shown = f"unreadable {id(value)}"
        return _sha("repr", type(value).__module__, type(value).__qualname__, shown)


# Atoms up to this many bytes stand for themselves (their type's name, NUL, their bytes) in the digest of
# what holds them, instead of being hashed one by one: most are short strings, and hashing was most of the cost.
INLINE_BYTES = 64


def _atom(kind: str, data: bytes) -> bytes:
    if len(data) <= INLINE_BYTES:
        return kind.encode() + b"\0" + data
    return _sha(kind, data)


def combine(*parts) -> bytes:
    """One digest of strings and digests (``Digester.raw``), each told apart from its neighbours by its length."""
    return _sha(*parts)


def _sha(*parts) -> bytes:
    # marshal writes each string or bytes part with its type and length, in C.
    return hashlib.blake2b(marshal.dumps(parts, 2), digest_size=20).digest()
