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


def skip_pelicans_tag_pages(generator):
    """This plugin writes the tag pages (TAG_SAVE_AS is empty): Pelican would still gather each tag's
    dated items first (a scan of every item per tag, 6 % of a warm build at 1,000 keys) and then
    write nothing. The context keeps its own list of the tags (``context["tags"]``)."""
    settings = generator.settings
    if not (settings["TAG_SAVE_AS"] or settings.get("TAG_FEED_ATOM") or settings.get("TAG_FEED_RSS")):
        generator.tags = {}


def register():
    signals.generator_init.connect(add_filters)
    signals.get_generators.connect(get_generators)
    signals.article_generator_finalized.connect(skip_pelicans_tag_pages)
