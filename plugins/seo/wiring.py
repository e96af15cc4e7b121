"""Pelican wiring of the seo core: Jinja helpers and the post-write sitemap."""

from __future__ import annotations

import os
from pathlib import Path

from common.background import BackgroundJob
from common.buildcache import KeptValues, data_digest
from common.jsonld import jsonld_script, parent_organisation
from rendering.writer import RENDER_PAGE_FACTS, RENDERED_PAGE_FACTS

from site_model import model_of

from . import core

# The head facts of the last build's pages, by file: a page the rendering plugin took unchanged
# from the last output (a hard link: same inode, size and time) is not read again.
HEAD_FACTS_CACHE_FILE = "seo-head-facts.pickle"

def public_base(settings) -> str:
    return model_of(settings).public_url


def _iso(moment):
    return moment.isoformat() if moment else None


def register_template_helpers(generator):
    settings = generator.settings
    base = public_base(settings)
    model = model_of(settings)
    article_sections = model.sections_where(schema_type="NewsArticle")
    strings = settings["STRINGS"]

    def absolute_url(href):
        return core.absolute(base, href or "")

    def news_article(item):
        if getattr(item, "section", None) not in article_sections:
            return None
        image = getattr(item, "social_image", None)
        section_names = strings[item.lang]["sections"]
        return core.news_article(
            url=absolute_url(item.url), headline=item.title, description=item.summary, lang=item.lang,
            published=_iso(item.date), modified=_iso(getattr(item, "modified", None)), base=base,
            site_name=settings["SITENAME"], image=absolute_url(image) if image else None,
            section_name=section_names[item.section],
        )

    def organization(lang):
        return core.organization(base, settings["SITENAME"], lang, parent_organisation(strings[lang]))

    def breadcrumb_jsonld(trail):
        """The <script> block of a breadcrumb trail [(label, site-relative url)]."""
        data = core.breadcrumb_list([(label, absolute_url(url) if url else None) for label, url in trail])
        return jsonld_script(data)

    generator.env.globals.update(
        seo_base=base,
        seo_og_locales={language.code: language.og_locale for language in model.languages},
        seo_news_article=news_article,
        seo_organization=organization,
        seo_breadcrumb_list=lambda trail: core.breadcrumb_list([(label, absolute_url(url)) for label, url in trail]),
        breadcrumb_jsonld=breadcrumb_jsonld,
    )
    generator.env.filters.update(
        jsonld_script=jsonld_script,
        absolute_url=absolute_url,
        page_path=core.page_path,
    )


def _written_pages(output: Path):
    """(output-relative path, path, os.stat_result) of every page; plain strings: there are thousands.
    os.scandir's entries, not os.walk (which made every page's relative folder with os.path.relpath
    and tells folders from files with a stat of its own): a third of the sitemap's time."""
    folders = [(str(output), "")]
    while folders:
        folder, prefix = folders.pop()
        with os.scandir(folder) as entries:
            entries = sorted(entries, key=lambda entry: entry.name)
        subfolders = []
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                subfolders.append((entry.path, f"{prefix}{entry.name}/"))
            elif entry.name.endswith(".html"):
                yield prefix + entry.name, entry.path, entry.stat()
        folders.extend(reversed(subfolders))


def take_facts_from_renderers(pelican_object):
    """Each page the rendering plugin renders gives its head facts as it is written (its HTML is at
    hand there, on every core): the sitemap reads back only the others' files."""
    pelican_object.settings[RENDER_PAGE_FACTS] = core.head_facts


# A build reads the head of every page the renderers did not give (a second or two at 1,000 keys, at the end of the build,
# while the other core is idle): from this many pages on, half of them are read in a forked process.
READ_ON_TWO_CORES_FROM = 400


def read_heads(pages) -> dict:
    """{key: head_facts} of ``pages`` ([(key, path)]), read on two cores when there are many."""
    keys, paths = [key for key, _path in pages], [path for _key, path in pages]
    if len(paths) < READ_ON_TWO_CORES_FROM:
        return dict(zip(keys, _head_facts_of(paths)))
    job = BackgroundJob("Reading the pages' heads for the sitemap", _head_facts_of, paths[1::2])
    facts = _head_facts_of(paths[::2])
    return {**dict(zip(keys[::2], facts)), **dict(zip(keys[1::2], job.result()))}


def _head_facts_of(paths):
    return [core.head_facts(Path(path).read_text(encoding="utf-8", errors="replace")) for path in paths]


def write_sitemap_and_robots(pelican_object):
    settings = pelican_object.settings
    output = Path(pelican_object.output_path)
    base = public_base(settings)
    known = KeptValues.in_cache(settings, HEAD_FACTS_CACHE_FILE)
    written = {}
    for relpath, path, found in _written_pages(output):
        if relpath.rsplit("/", 1)[-1] == "404.html":  # the root one and each language's
            continue
        written[relpath] = ((relpath, found.st_ino, found.st_size, found.st_mtime_ns), path)
    # The pages rendered now: their facts taken by the processes that rendered them (rendering plugin).
    rendered = settings.get(RENDERED_PAGE_FACTS) or {}
    read = read_heads([(key, path) for key, path in written.values() if key not in known and key not in rendered])
    read.update(rendered)
    pages = {relpath: known.get(key, lambda: read[key]) for relpath, (key, _path) in written.items()}
    # Made of the pages' facts and the base only: the last build's text while they are the same (an edit
    # of a body or a title changes no fact it shows), 30-60 ms of a warm build at 1,000 keys.
    sitemap = known.get(("sitemap.xml", data_digest([base, pages])),
                        lambda: core.sitemap_xml(core.sitemap_entries(pages, base)))
    known.save()
    (output / "sitemap.xml").write_text(sitemap, encoding="utf-8")
    disallow = settings.get("SEO_ROBOTS_DISALLOW", ())
    (output / "robots.txt").write_text(core.robots_txt(base, disallow), encoding="utf-8")
