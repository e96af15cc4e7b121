"""What the site knows about each registry: its singular noun in error
messages, whether its entries get their own pages, and whether it is a map
layer (GeoJSON export)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Registry:
    name: str
    noun: str
    own_pages: bool = False
    geographic: bool = False
    # Published as open data with a page of its own (the bibliography and
    # the contacts are read by other pages instead).
    directory: bool = True

    @property
    def filename(self) -> str:
        return f"{self.name}.yaml"

    @property
    def schema_filename(self) -> str:
        return f"{self.name}.schema.json"


REGISTRIES = (
    Registry("labs", "lab", own_pages=True, geographic=True),
    Registry("spaces", "space", geographic=True),
    Registry("partners", "partner"),
    Registry("events", "event"),
    Registry("areas", "area", own_pages=True),
    Registry("indicators", "indicator"),
    Registry("milestones", "milestone"),
    Registry("sources", "source", directory=False),
    Registry("contacts", "contact", directory=False),
)
DIRECTORIES = tuple(registry for registry in REGISTRIES if registry.directory)
BY_NAME = {registry.name: registry for registry in REGISTRIES}

# Dated fields: editors write them like content dates; a date alone means the
# start of that day.
DATE_FIELDS = {"events": ("start", "end"), "milestones": ("date",), "labs": ("qualified_since",)}

# Segments under the labs directory that filter pages use, so no lab id may
# take them (the lab's page would collide with a filter page).
LAB_FILTER_SEGMENTS = {
    "it": {"kind": "tipo", "municipio": "municipio", "service": "servizio"},
    "en": {"kind": "kind", "municipio": "municipio", "service": "service"},
}
