"""Feeds plugin: Atom and RSS 2.0 feeds per language, with feedgen.

Per language: everything, each section (news, cases, opportunities), each
tag and each opportunity audience; a "follow" page per language that lists
them with the calendars; autodiscovery links through
``partials/head_feeds.html``. Pelican's own feed writers stay off
(pelicanconf.py) because they mix languages. Settings and URLs: docs/feeds.md.
"""

from pelican import signals

from .wiring import FeedsGenerator, start_feed_rendering, write_feeds


def get_generators(pelican_object):
    return FeedsGenerator


def register():
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(start_feed_rendering)
    signals.finalized.connect(write_feeds)
