"""Registries plugin: the programme's YAML registries (labs, spaces,
partners, events, areas, indicators, milestones) validated against their
JSON Schemas and published as pages in every language of the site model, a
map, charts and open data (JSON, CSV, GeoJSON).

``missing_translations(registries, languages)`` lists the reader-facing
fields that have no version yet in one of ``languages`` (for the check task).
"""

from .translations import missing_translations

__all__ = ["missing_translations", "register"]


def register():
    from . import wiring

    wiring.register()
