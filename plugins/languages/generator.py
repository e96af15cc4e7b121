"""Pelican wiring: one generator writes both language sites' listings.

Pelican's own index, tag, category, author and archive pages are switched off
in pelicanconf.py (they would mix languages); this generator writes, per
language, the home, the section listings and the tag pages from the articles
Pelican has already read, so a second language costs only its own pages.
"""

from __future__ import annotations

from pelican.generators import Generator

from . import site_index

LISTED_SECTIONS = ("news", "cases", "opportunities")


class LanguageSiteGenerator(Generator):
    def generate_context(self):
        settings = self.settings
        languages = settings["SITE_LANGUAGES"]
        articles = self.context.get("articles", [])
        pages = self.context.get("pages", [])
        groups = site_index.group_translations(list(articles) + list(pages))
        paths = settings["LOCALISED_PATHS"]

        for item in list(articles) + list(pages):
            if item.section == "pages":
                fallback = lambda lang: f"{lang}/"  # noqa: E731
            else:
                fallback = lambda lang, s=item.section: f"{lang}/{paths[lang][s]}/"  # noqa: E731
            item.alternates = site_index.alternates(item, groups, languages, fallback)
            item.translations = [
                version for lang, version in groups[(item.section, item.key)].items() if lang != item.lang
            ]

        site = {}
        for lang in languages:
            visible = site_index.newest_first(site_index.visible_items(articles, groups, lang))
            site[lang] = {
                "sections": {s: [a for a in visible if a.section == s] for s in LISTED_SECTIONS},
                "native": {s: [a for a in site_index.native_items(visible, lang) if a.section == s]
                           for s in LISTED_SECTIONS},
                "tags": site_index.tag_index(site_index.native_items(articles, lang)),
                "pages": [p for p in pages if p.lang == lang],
            }
        self.context["LANG_SITE"] = site
        self.context["TRANSLATION_GROUPS"] = groups

        def page_url(key, lang):
            """URL of the page ``key`` in ``lang`` (its other version, or the home)."""
            versions = groups.get(("pages", key), {})
            version = versions.get(lang) or next(iter(versions.values()), None)
            return version.url if version else f"{lang}/"

        self.context["page_url"] = page_url

    def _write(self, writer, save_as, template, lang, url_for, fallback_for=None, paginated=None, **kwargs):
        url = save_as[: -len("index.html")]
        alternates = site_index.page_alternates(self.settings["SITE_LANGUAGES"], lang, url_for, fallback_for)
        writer.write_file(
            save_as,
            self.get_template(template),
            self.context,
            paginated=paginated,
            template_name=template,
            url=url,
            lang=lang,
            alternates=alternates,
            **kwargs,
        )

    def generate_output(self, writer):
        paths = self.settings["LOCALISED_PATHS"]
        languages = self.settings["SITE_LANGUAGES"]
        site = self.context["LANG_SITE"]
        for lang in languages:
            self._write(writer, f"{lang}/index.html", "home", lang, lambda other: f"{other}/", page_kind="home")
            for section in LISTED_SECTIONS:
                self._write(
                    writer,
                    f"{lang}/{paths[lang][section]}/index.html",
                    "listing",
                    lang,
                    lambda other, s=section: f"{other}/{paths[other][s]}/",
                    paginated={"articles": site[lang]["sections"][section]},
                    articles=site[lang]["sections"][section],
                    section=section,
                    page_kind="listing",
                )
            tags_path = paths[lang]["tags"]
            self._write(
                writer,
                f"{lang}/{tags_path}/index.html",
                "tags",
                lang,
                lambda other: f"{other}/{paths[other]['tags']}/",
                tags=site[lang]["tags"],
                page_kind="tags",
            )
            for slug, (tag, items) in site[lang]["tags"].items():
                self._write(
                    writer,
                    f"{lang}/{tags_path}/{slug}/index.html",
                    "tag",
                    lang,
                    lambda other, s=slug: f"{other}/{paths[other]['tags']}/{s}/"
                    if s in site[other]["tags"] else None,
                    lambda other: f"{other}/{paths[other]['tags']}/",
                    paginated={"articles": items},
                    articles=items,
                    tag=tag,
                    page_kind="tag",
                )
        default = self.settings["DEFAULT_LANG"]
        writer.write_file(
            "index.html", self.get_template("redirect"), self.context, target=f"{default}/", lang=default,
        )
        # A 404 page per language (<lang>/404.html, for the server to answer
        # under that language's folder) and /404.html in the default one;
        # the language switch of each leads to the other language's home,
        # since a missing page has no translation.
        for lang in languages:
            alternates = site_index.page_alternates(languages, lang, lambda other: f"{other}/")
            writer.write_file(f"{lang}/404.html", self.get_template("404"), self.context, lang=lang,
                              page_kind="404", alternates=alternates)
        writer.write_file("404.html", self.get_template("404"), self.context, lang=default, page_kind="404",
                          alternates=site_index.page_alternates(languages, default, lambda other: f"{other}/"))
