"""Which feeds a language site has and what each holds, as plain data.

A *record* is a plain dict describing one published item of one language:
``section``, ``key``, ``lang``, ``title``, ``url`` (site-relative, e.g.
``it/notizie/x/``), ``published`` and ``updated`` (aware datetimes),
``summary`` (text), ``tags`` (list of ``(slug, name)``) and ``audience``
(list of codes). ``plan_language`` turns the records of one language into
``Feed`` objects: no Pelican, no files, no clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FORMATS = ("atom", "rss")


@dataclass
class Feed:
    """One feed of one language, in both formats."""

    lang: str
    kind: str  # "all", "section", "tag" or "audience"
    name: str  # "" for "all", else the section, tag slug or audience code
    folder: str  # site-relative folder holding atom.xml and rss.xml
    page: str  # site-relative URL of the HTML page the feed mirrors
    title: str
    subtitle: str
    updated: object
    entries: list = field(default_factory=list)

    def path(self, fmt: str) -> str:
        return f"{self.folder}{fmt}.xml"

    def feed_id(self, authority: str) -> str:
        return f"tag:{authority}:feed/{self.lang}/{self.kind}/{self.name or 'all'}"


def entry_id(authority: str, record: dict) -> str:
    """A tag: URI from what never changes for an item: section, key, language.

    Titles, slugs and URLs may be edited after publication; readers must not
    see an edited item as a new one.
    """
    return f"tag:{authority}:{record['section']}/{record['key']}/{record['lang']}"


def newest_first(records):
    return sorted(records, key=lambda r: (r["published"], r["key"], r["section"]), reverse=True)


def plan_language(records, lang, paths, strings, audience_codes, audience_segment, length, fallback_updated,
                  sections):
    """Every feed of ``lang``: one for all, one per section of ``sections`` (the model's sections in feeds),
    one per audience code and one per tag.

    ``records``: that language's own items only (a feed never holds the other
    language). ``paths``: LOCALISED_PATHS[lang]; ``strings``: the feeds string
    table of ``lang`` (STRINGS[lang]["feeds"]); ``audience_codes``: all
    audience codes (each gets a feed even before a call names it, so a
    startup can subscribe in advance); ``audience_segment``: the folder of the
    listing's audience filter pages, where each audience feed sits beside
    its page; ``length``: entries
    per feed; ``fallback_updated``: ``updated`` of a feed without entries.
    """
    records = newest_first([r for r in records if r["lang"] == lang])
    opportunities = paths["opportunities"]
    feeds = [_feed(lang, "all", "", f"{lang}/", f"{lang}/", strings["all_title"], strings["all_subtitle"], records)]
    for section in sections:
        folder = f"{lang}/{paths[section]}/"
        feeds.append(_feed(lang, "section", section, folder, folder, strings["sections"][section],
                           strings["section_subtitles"][section], [r for r in records if r["section"] == section]))
    for code in audience_codes:
        label = strings["audience"][code]
        feeds.append(_feed(
            lang, "audience", code, f"{lang}/{opportunities}/{audience_segment}/{code}/",
            f"{lang}/{opportunities}/{audience_segment}/{code}/",
            strings["audience_title"].format(audience=label), strings["audience_subtitle"].format(audience=label),
            [r for r in records if r["section"] == "opportunities" and code in r.get("audience", ())],
        ))
    tags = {}
    tagged = {}  # slug -> the records with that tag, newest first (each once): one pass, not one per tag
    for record in records:
        for slug, name in record.get("tags", ()):
            tags.setdefault(slug, name)
            holding = tagged.setdefault(slug, [])
            if not holding or holding[-1] is not record:
                holding.append(record)
    for slug, name in sorted(tags.items()):
        folder = f"{lang}/{paths['tags']}/{slug}/"
        feeds.append(_feed(lang, "tag", slug, folder, folder, strings["tag_title"].format(tag=name),
                           strings["tag_subtitle"].format(tag=name), tagged[slug]))
    for feed in feeds:
        feed.entries = feed.entries[:length]
        feed.updated = max((r["updated"] for r in feed.entries), default=fallback_updated)
    return feeds


def _feed(lang, kind, name, folder, page, title, subtitle, entries):
    return Feed(lang=lang, kind=kind, name=name, folder=folder, page=page, title=title, subtitle=subtitle,
                updated=None, entries=entries)


def link_index(feeds):
    """{lang: {"all": link, "sections": {..}, "tags": {..}, "audience": {..}}} for templates.

    A link is {"title", "atom", "rss", "page"} with site-relative URLs.
    """
    index = {}
    for feed in feeds:
        site = index.setdefault(feed.lang, {"all": None, "section": {}, "tag": {}, "audience": {}})
        link = {"title": feed.title, "atom": feed.path("atom"), "rss": feed.path("rss"), "page": feed.page,
                "kind": feed.kind, "name": feed.name}
        if feed.kind == "all":
            site["all"] = link
        else:
            site[feed.kind][feed.name] = link
    return index
