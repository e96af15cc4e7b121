"""The site's shape, declared once: its Markdown sections, its registries,
the other localised pages and what each plugin needs placed before it.

Plain data only. ``model.build_model`` turns these entries (and the entries
of the settings SITE_SECTIONS / SITE_REGISTRIES, which add to them or
replace one by name) into the checked ``SiteModel``. Languages are not here:
``SITE_LANGUAGES`` and ``LOCALISED_PATHS`` in pelicanconf.py name them, and
``model.language_defaults`` derives the rest from each code.
"""

from __future__ import annotations

# Markdown sections (content/<name>/<key>.<lang>.md). ``fields``: the fields
# a section adds to the common ones; ``required``: fields a published item
# must have; ``dated``: items carry a date and are listed newest first;
# ``listed``: a listing page per language (at LOCALISED_PATHS[lang][name]),
# an entry in the main menu and in area pages; ``feeds``/``search``: in the
# language's feeds / search index; ``schema_type``: schema.org type of an
# item's JSON-LD (None: the section's plugin describes it, or nothing does).
SECTIONS = {
    "news": {"fields": (), "required": ("title", "summary", "date"), "schema_type": "NewsArticle"},
    "cases": {"fields": ("company", "sector", "municipio", "website"),
              "required": ("title", "summary", "date", "company"), "schema_type": "NewsArticle"},
    "opportunities": {"fields": ("deadline", "opens", "amount", "audience", "apply_url", "documents", "contact",
                                 "results_url"),
                      "required": ("title", "summary", "date", "deadline", "apply_url")},
    # Pages live at /<lang>/<slug>/: no folder of their own, no listing.
    "pages": {"fields": (), "required": ("title", "summary"), "dated": False, "listed": False, "feeds": False,
              "located": False},
}

# Registries (data/<name>.yaml, checked by data/schemas/<name>.schema.json).
# ``noun``: one entry, in error messages; ``own_pages``: each entry has a
# page; ``geographic``: a map layer (GeoJSON export); ``directory``: a page
# of its own at LOCALISED_PATHS[lang][name] and open-data exports (sources
# and contacts are read by other pages instead); ``navigation``: in the main
# menu; ``search``: its entries are in the search index; ``dated_fields``:
# fields written like content dates; ``filters``: filter pages below the
# directory, each a segment of LOCALISED_PATHS[lang]["filters"].
REGISTRIES = {
    "labs": {"noun": "lab", "own_pages": True, "geographic": True, "navigation": True, "search": True,
             "dated_fields": ("qualified_since",), "filters": ("kind", "municipio", "service")},
    "spaces": {"noun": "space", "geographic": True, "navigation": True, "search": True},
    "partners": {"noun": "partner", "search": True},
    "events": {"noun": "event", "navigation": True, "search": True, "dated_fields": ("start", "end")},
    "areas": {"noun": "area", "own_pages": True, "navigation": True},
    "indicators": {"noun": "indicator"},
    "milestones": {"noun": "milestone", "dated_fields": ("date",)},
    "sources": {"noun": "source", "directory": False},
    "contacts": {"noun": "contact", "directory": False},
}

# Other pages with a localised folder, each written by one plugin.
PAGES = {"tags": "languages", "search": "search", "data": "registries", "follow": "feeds"}

# Segments below a listing or directory that filter pages use, named in
# LOCALISED_PATHS[lang]["filters"]: the opportunities' audience and status
# filters (and each status's name) and the labs' filters.
FILTER_SEGMENTS = ("audience", "status", "open", "closing", "upcoming", "closed", "kind", "municipio", "service")

# Plugins that read what another one leaves in the context or settings must
# come after it in PLUGINS (Pelican runs each signal's receivers in that order).
PLUGIN_NEEDS = {
    "publication": ("content_model",),
    "languages": ("content_model", "publication"),
    "images": ("languages",),
    "registries": ("languages", "publication"),
    "opportunities": ("languages", "registries"),
    "feeds": ("languages", "images", "opportunities"),
    "search": ("languages", "registries"),
    "seo": ("languages",),
    "assets": ("languages",),
}
