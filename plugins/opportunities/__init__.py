"""opportunities plugin: calls (bandi) with a lifecycle, filters and calendars.

- the status of every call at the build's instant (``lifecycle.status``),
  the per-language listing order, static filter pages by audience and status;
- each call's documents (``content/documents/``) with type and size, its
  JSON-LD GovernmentService, its ``deadline.ics``;
- ``<lang>/calendar.ics`` with every deadline and every event of the
  ``events`` registry.

Settings (optional): OPPORTUNITIES_CLOSING_DAYS (7). The filter pages'
folders are LOCALISED_PATHS[lang]["filters"]; calendars and JSON-LD use the
site model's public URL.
"""

from pelican import signals

from .wiring import OpportunitiesGenerator, add_template_helpers, annotate_opportunities, write_calendars


def get_generators(pelican_object):
    return OpportunitiesGenerator


def register():
    signals.generator_init.connect(add_template_helpers)
    signals.all_generators_finalized.connect(annotate_opportunities)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(write_calendars)
