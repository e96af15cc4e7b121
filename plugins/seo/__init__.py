"""SEO plugin: how search engines and social networks discover the site.

Gives templates the data of partials/head_meta.html (canonical URL, Open
Graph, Twitter card, JSON-LD NewsArticle, BreadcrumbList and
GovernmentOrganization) and, once every page is written, derives
``sitemap.xml`` (with reciprocal hreflang alternates) and ``robots.txt``
from what the pages themselves declare in their <head>, so pages written by
any plugin are covered the same way. Each page's head facts are kept by
file (path, inode, size, time: a page the rendering plugin took unchanged
from the last output is not read again); the processes that render pages
give each one's facts as they write it (``wiring.take_facts_from_renderers``),
and the files of the others are read, half of them in a forked process
(``wiring.read_heads``).

Reads the site model: its public URL (canonical links, sitemaps and social
cards need absolute URLs even when SITEURL is relative), each language's
Open Graph locale and the sections whose schema.org type is NewsArticle.
Setting: ``SEO_ROBOTS_DISALLOW`` (paths kept from crawlers).
"""

from __future__ import annotations

from pelican import signals

from .wiring import register_template_helpers, take_facts_from_renderers, write_sitemap_and_robots


def register():
    signals.initialized.connect(take_facts_from_renderers)
    signals.generator_init.connect(register_template_helpers)
    signals.finalized.connect(write_sitemap_and_robots)
