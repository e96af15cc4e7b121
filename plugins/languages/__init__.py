"""Languages plugin: one complete site per language of the site model, in one Pelican build.

Links translations by key, writes per-language homes, listings and tag pages,
and gives templates their string tables and date filters.
"""

from __future__ import annotations

from pelican import signals

from site_model import model_of

from .generator import LanguageSiteGenerator
from .strings import long_date, long_instant, time_of_day


def add_filters(generator):
    settings = generator.settings
    tables = settings["STRINGS"]
    model = model_of(settings)
    generator.env.filters.update(
        longdate=lambda moment, lang: long_date(moment, tables[lang]),
        clock=time_of_day,
        longinstant=lambda moment, lang, pattern: long_instant(moment, tables[lang], pattern),
        tag_url=lambda tag, lang: model.url_for("tags", lang, tag.slug),
        section_url=lambda section, lang: model.url_for(section, lang),
    )


def get_generators(pelican_object):
    return LanguageSiteGenerator


def register():
    signals.generator_init.connect(add_filters)
    signals.get_generators.connect(get_generators)
