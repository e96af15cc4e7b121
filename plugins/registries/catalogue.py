"""The registries the site model declares (plugins/site_model/declarations.py),
as ``RegistryKind`` entries: name, noun, own pages, map layer, directory,
navigation, search, dated fields and filters."""

from __future__ import annotations

from site_model.declarations import REGISTRIES as DECLARED
from site_model.model import RegistryKind as Registry

REGISTRIES = tuple(Registry(name=name, **entry) for name, entry in DECLARED.items())
DIRECTORIES = tuple(registry for registry in REGISTRIES if registry.directory)
BY_NAME = {registry.name: registry for registry in REGISTRIES}
