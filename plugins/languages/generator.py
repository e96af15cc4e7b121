"""Pelican wiring: one generator writes both language sites' listings.

Pelican's own index, tag, category, author and archive pages are switched off
in pelicanconf.py (they would mix languages); this generator writes, per
language, the home, the section listings and the tag pages from the articles
Pelican has already read, so a second language costs only its own pages.
"""

from __future__ import annotations

from pelican.generators import Generator

from site_model import model_of

from . import site_index


class LanguageSiteGenerator(Generator):
    def generate_context(self):
        model = model_of(self.settings)
        languages = model.codes
        listed = model.sections_where(listed=True)
        articles = self.context["articles"]
        pages = self.context["pages"]
        groups = site_index.group_translations(list(articles) + list(pages))

        for item in list(articles) + list(pages):
            # A missing translation leads to the section's listing, or the home for a section without one.
            if model.sections[item.section].listed:
                fallback = lambda lang, s=item.section: model.url_for(s, lang)  # noqa: E731
            else:
                fallback = lambda lang: model.url_for("home", lang)  # noqa: E731
            item.alternates = site_index.alternates(item, groups, languages, fallback)
            item.translations = [
                version for lang, version in groups[(item.section, item.key)].items() if lang != item.lang
            ]

        site = {}
        for lang in languages:
            visible = site_index.newest_first(site_index.visible_items(articles, groups, lang))
            site[lang] = {
                "sections": {s: [a for a in visible if a.section == s] for s in listed},
                "native": {s: [a for a in site_index.native_items(visible, lang) if a.section == s]
                           for s in listed},
                "tags": site_index.tag_index(site_index.native_items(articles, lang)),
                "pages": [p for p in pages if p.lang == lang],
            }
        self.context["LANG_SITE"] = site
        # (section, lang) -> another order of LANG_SITE's items: see site_index.publish_listing_order.
        self.context["LISTING_ORDER"] = {}
        self.context["TRANSLATION_GROUPS"] = groups

        def page_url(key, lang):
            """URL of the page ``key`` in ``lang`` (its other version, or the home)."""
            versions = groups.get(("pages", key), {})
            version = versions.get(lang) or next(iter(versions.values()), None)
            return version.url if version else model.url_for("home", lang)

        self.context["page_url"] = page_url

    def _write(self, writer, save_as, template, lang, url_for, fallback_for=None, paginated=None, **kwargs):
        url = save_as[: -len("index.html")]
        alternates = site_index.page_alternates(model_of(self.settings).codes, lang, url_for, fallback_for)
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
        model = model_of(self.settings)
        languages = model.codes
        url_for = model.url_for
        site = self.context["LANG_SITE"]
        for lang in languages:
            self._write(writer, url_for("home", lang) + "index.html", "home", lang,
                        lambda other: url_for("home", other), page_kind="home")
            for section in model.sections_where(listed=True):
                self._write(
                    writer,
                    url_for(section, lang) + "index.html",
                    "listing",
                    lang,
                    lambda other, s=section: url_for(s, other),
                    paginated={"articles": site_index.listing(self.context, lang, section)},
                    articles=site_index.listing(self.context, lang, section),
                    section=section,
                    page_kind="listing",
                )
            self._write(
                writer,
                url_for("tags", lang) + "index.html",
                "tags",
                lang,
                lambda other: url_for("tags", other),
                tags=site[lang]["tags"],
                page_kind="tags",
            )
            for slug, (tag, items) in site[lang]["tags"].items():
                self._write(
                    writer,
                    url_for("tags", lang, slug) + "index.html",
                    "tag",
                    lang,
                    lambda other, s=slug: url_for("tags", other, s) if s in site[other]["tags"] else None,
                    lambda other: url_for("tags", other),
                    paginated={"articles": items},
                    articles=items,
                    tag=tag,
                    page_kind="tag",
                )
        default = model.default_lang
        writer.write_file(
            "index.html", self.get_template("redirect"), self.context, target=url_for("home", default), lang=default,
        )
        # A 404 page per language (<lang>/404.html, for the server to answer
        # under that language's folder) and /404.html in the default one;
        # the language switch of each leads to the other languages' homes,
        # since a missing page has no translation.
        home = lambda other: url_for("home", other)  # noqa: E731
        for lang in languages:
            alternates = site_index.page_alternates(languages, lang, home)
            writer.write_file(url_for("home", lang) + "404.html", self.get_template("404"), self.context, lang=lang,
                              page_kind="404", alternates=alternates)
        writer.write_file("404.html", self.get_template("404"), self.context, lang=default, page_kind="404",
                          alternates=site_index.page_alternates(languages, default, home))
