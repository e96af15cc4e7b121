"""Pelican wiring of the registries: load and check during generate_context
(errors go to the build's collector, so nothing is written when any is
found), then write the pages of both languages and the open-data files."""

from __future__ import annotations

from pathlib import Path

import yaml
from pelican import signals
from pelican.generators import Generator

from common.clock import ROME, build_instant
from common.errors import collector_for
from common.jsonld import parent_organisation
from content_model.reader import REFUSED_SOURCES
from languages.site_index import listing, page_alternates

from site_model import model_of

from . import charts, jsonld, svgmap
from .core import load_registries
from .exports import FORMATS, export_files
from .fieldsdoc import field_descriptions
from .provenance import item_sources
from .translations import pick
from .validation import Known

EXPORT_FOLDER = "opendata"


def _known_from_content(context, settings):
    keys = {key for section, key in context["TRANSLATION_GROUPS"] if section == "opportunities"}
    left_out = {entry["key"]: entry["reason"] for entry in settings.get("PUBLICATION_LEFT_OUT", ())
                if entry["section"] == "opportunities" and entry["key"] not in keys}
    tags = {}
    for item in context["articles"]:
        for tag in getattr(item, "tags", ()) or ():
            tags.setdefault(item.lang, set()).update({tag.name.lower(), tag.slug})
    # Calls the reader refused for their own errors: a space naming one is reported once, as a consequence.
    refused = {path.split("/")[1].split(".")[0] for path in REFUSED_SOURCES if path.startswith("opportunities/")}
    return Known(opportunity_keys=keys, tags=tags, refused_opportunity_keys=refused,
                 left_out_opportunities=left_out)


def _codes(settings):
    codes = settings.get("CONTENT_CODES")
    if codes is None:
        with open(settings["CONTENT_CODES_FILE"], encoding="utf-8") as handle:
            codes = yaml.safe_load(handle)
    return codes


class RegistriesGenerator(Generator):
    def generate_context(self):
        settings = self.settings
        loaded = load_registries(tuple(model_of(settings).registries.values()),
                                 settings.get("DATA_PATH", "data"), _codes(settings),
                                 _known_from_content(self.context, settings),
                                 model_of(settings).codes, settings["LOCALISED_PATHS"],
                                 cache_dir=Path(settings["CACHE_PATH"]) / "registries" if settings.get("CACHE_PATH")
                                 and settings.get("LOAD_CONTENT_CACHE", True) else None,
                                 publish_examples=bool(settings.get("SITE_PUBLISH_EXAMPLES", False)))
        collector_for(settings).extend(loaded.errors)
        # The publication plugin's build report lists them beside the items left out.
        settings["REGISTRY_EXAMPLES_LEFT_OUT"] = loaded.left_out
        self.loaded = loaded
        self._cite_item_sources(loaded.registries.get("sources", []))
        self._link_opportunities(loaded.registries["spaces"])
        self.context["REGISTRIES"] = loaded.registries
        # Where each entry's fields are written, for plugins that report on registry values (images).
        self.context["REGISTRIES_LOADED"] = loaded

    def _cite_item_sources(self, sources):
        """Each published item's ``sources`` as ``source_list`` (what the page shows); unknown ids are errors."""
        by_id = {entry["id"]: entry for entry in sources}
        collector = collector_for(self.settings)
        for item in list(self.context["articles"]) + list(self.context["pages"]):
            resolved, unknown = item_sources(getattr(item, "sources", None), by_id)
            item.source_list = resolved
            for line, ident, close in unknown:
                collector.add(item.source_display, line, "sources", f"no entry of data/sources.yaml has the id "
                              f"'{ident}'", f"did you mean '{close}'?" if close else
                              "add the document to data/sources.yaml with this id (see docs/registries.md), or "
                              "write it inline as {title: ..., publisher: ..., year: ...}")

    def _link_opportunities(self, spaces):
        """A space's published call as ``opportunity_link`` {lang: {url,
        title, lang}}: the call's own version in that language, else the one
        version it has. Unset when the call is not published."""
        groups = self.context["TRANSLATION_GROUPS"]
        for space in spaces:
            versions = groups.get(("opportunities", space.get("opportunity")), {})
            if versions:
                fallback = next(iter(versions.values()))
                chosen = {lang: versions.get(lang, fallback) for lang in model_of(self.settings).codes}
                space["opportunity_link"] = {lang: {"url": call.url, "title": call.title, "lang": call.lang}
                                             for lang, call in chosen.items()}

    # --- writing -------------------------------------------------------

    def _alternates(self, lang, url_for):
        return page_alternates(model_of(self.settings).codes, lang, url_for)

    def _write(self, writer, template, lang, url_for, page_kind, **kwargs):
        url = url_for(lang)
        writer.write_file(url + "index.html", self.get_template(template), self.context, template_name=template,
                          url=url, lang=lang, alternates=self._alternates(lang, url_for), page_kind=page_kind,
                          **kwargs)

    def generate_output(self, writer):
        """Every registry's pages, in every language, from the model: a
        directory page (``registries/<name>``) with its filter pages, and a
        page per entry (``registries/<noun>``) for registries with own pages.
        What a page shows beyond its entries comes from ``_directory_extras``
        and ``_entry_extras``; a registry with neither needs no code here."""
        model = model_of(self.settings)
        now = build_instant().astimezone(ROME)
        self._listed_tag_names = {}  # _tag_names, per listing: no listing changes while this writes
        downloads = self.write_exports()
        shared = {"municipio_shapes": svgmap.municipio_shapes(),
                  "filter_segments": {lang: model.language(lang).filters for lang in model.codes}}
        for name in model.registries_where(directory=True):
            registry = model.registries[name]
            entries = self.loaded.registries[name]
            pins = svgmap.pins(entries) if registry.geographic else None
            for lang in model.codes:
                directory = {name: entries, **({"pins": pins} if registry.geographic else {}),
                             **self._directory_extras(name, entries, lang, now)}
                self._write(writer, registry.templates[0], lang, lambda ln, n=name: model.url_for(n, ln), name,
                            **directory, **shared)
                for group, values in directory.get("filters", {}).items():
                    for value, members in values.items():
                        self._write(writer, registry.templates[0], lang,
                                    lambda ln, n=name, g=group, v=value: model.url_for(n, ln, model.segment(ln, g), v),
                                    name, **dict(directory, **{name: members}, pins=None, active_filter=(group, value)),
                                    **shared)
                for entry in entries if registry.own_pages else ():
                    entry_pins = [pin for pin in pins if pin["entry"] is entry] if registry.geographic else None
                    self._write(writer, registry.templates[1], lang, lambda ln, e=entry: e["url"][ln], registry.noun,
                                **{registry.noun: entry}, **({"pins": entry_pins} if registry.geographic else {}),
                                **self._entry_extras(name, entry, lang), **shared)
        for lang in model.codes:
            page_url = model.url_for("data", lang)
            self._write(writer, "registries/data", lang, lambda ln: model.url_for("data", ln), "data",
                        datasets=self._datasets(lang, downloads, now, page_url), last_updated=now, **shared)

    def _directory_extras(self, name, entries, lang, now) -> dict:
        """What a registry's directory page shows beyond its entries (and their map pins)."""
        registries = self.loaded.registries
        codes = _codes(self.settings)
        if name == "labs":
            return {"filters": self._lab_filters(entries, codes), "active_filter": None}
        if name == "partners":
            return {"categories": codes.get("partner_category", [])}
        if name == "events":
            events = sorted(entries, key=lambda event: event["start"])
            public_url = model_of(self.settings).public_url
            labs_by_id = {lab["id"]: lab for lab in registries["labs"]}
            return {
                "upcoming": [event for event in events if (event.get("end") or event["start"]) >= now],
                "past": [event for event in reversed(events) if (event.get("end") or event["start"]) < now],
                "labs_by_id": labs_by_id,
                # Examples get no JSON-LD: search engines would take them for facts.
                "jsonld_events": [jsonld.event(event, labs_by_id.get(event["lab"]), lang, public_url)
                                  for event in events if not event.get("example")],
            }
        if name == "indicators":
            return {"charts": charts.charts(entries)}
        if name == "milestones":
            return {"milestones": sorted(entries, key=lambda milestone: milestone["date"])}
        return {}

    def _entry_extras(self, name, entry, lang) -> dict:
        """What an entry's own page shows beyond the entry."""
        if name == "labs":
            return {"lab_events": [event for event in sorted(self.loaded.registries["events"],
                                                             key=lambda event: event["start"])
                                   if event["lab"] == entry["id"]],
                    "jsonld_data": None if entry.get("example") else jsonld.lab(
                        entry, lang, model_of(self.settings).public_url)}
        if name == "areas":
            return {"tagged": self._tagged(entry, lang)}
        return {}

    def _lab_filters(self, labs, codes):
        """{group: {value: [labs]}} for kinds, municipi and services that have labs."""
        by_kind = {code: [lab for lab in labs if lab["kind"] == code] for code in codes.get("lab_kind", [])}
        by_municipio = {str(n): [lab for lab in labs if lab["municipio"] == n] for n in range(1, 10)}
        by_service = {code: [lab for lab in labs if code in lab.get("services", ())]
                      for code in codes.get("lab_services", [])}
        return {group: {value: members for value, members in values.items() if members}
                for group, values in (("kind", by_kind), ("municipio", by_municipio), ("service", by_service))}

    def _tagged(self, area, lang):
        """{section: [items]} listed in ``lang`` that carry the area's tag.

        The tag of either language counts, and the section listings (not the
        tag index, which holds only the language's own items) are searched,
        so an item that exists only in Italian still reaches the English area
        page, as a marked card."""
        wanted = {name.lower() for name in (area.get("tag") or {}).values() if isinstance(name, str)}
        return {
            section: [item for item, names in self._tag_names(lang, section) if names & wanted]
            for section in model_of(self.settings).sections_where(listed=True)
        }

    def _tag_names(self, lang, section):
        """[(item, its tags' slugs and lower-case names)] of a listing, made once for all the area pages
        (going through every item's tags for each area was 4 % of a warm build at 1,000 keys)."""
        made = self._listed_tag_names
        if (lang, section) not in made:
            made[lang, section] = [
                (item, {name for tag in getattr(item, "tags", ()) for name in (tag.slug, tag.name.lower())})
                for item in listing(self.context, lang, section)]
        return made[lang, section]

    def _directories(self):
        model = model_of(self.settings)
        return [model.registries[name] for name in model.registries_where(directory=True)]

    def write_exports(self):
        """Write the open-data files; returns {name: [(path, media type)]}."""
        folder = Path(self.output_path) / EXPORT_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        languages = model_of(self.settings).codes
        downloads = {}
        for registry in self._directories():
            files = export_files(registry.name, self.loaded.records[registry.name], self.loaded.schemas[registry.name],
                                 languages, registry.geographic)
            downloads[registry.name] = []
            for filename, text in files.items():
                (folder / filename).write_text(text, encoding="utf-8", newline="")
                downloads[registry.name].append((f"{EXPORT_FOLDER}/{filename}",
                                                 FORMATS[filename.rsplit(".", 1)[1]]))
        return downloads

    def _datasets(self, lang, downloads, now, page_url):
        strings = self.settings["STRINGS"][lang]["registries"]
        result = []
        for registry in self._directories():
            schema = self.loaded.schemas[registry.name]
            title = strings["datasets"][registry.name]
            description = strings["dataset_descriptions"][registry.name]
            files = downloads[registry.name]
            result.append({
                "name": registry.name, "title": title, "description": description,
                "count": len(self.loaded.records[registry.name]), "files": files,
                "fields": field_descriptions(schema, lang, model_of(self.settings).codes, strings["field_types"],
                                             registry.dated_fields),
                "jsonld": jsonld.dataset(registry.name, title, description, files, now, page_url,
                                         model_of(self.settings).public_url, lang,
                                         parent_organisation(self.settings["STRINGS"][lang])),
            })
        return result


def add_filters(generator):
    model = model_of(generator.settings)
    strings = generator.settings["STRINGS"]
    generator.env.filters.update(
        pick=lambda value, lang: pick(value, lang, model.default_lang),
        figure=lambda indicator, lang: charts.format_figure(indicator, model.language(lang),
                                                            strings[lang]["registries"]["rank"]),
        map_pins=svgmap.pins_svg,
    )
    generator.env.globals.setdefault("registry_noun", lambda name: model.registries[name].noun)


def get_generators(pelican_object):
    return RegistriesGenerator


def register():
    signals.generator_init.connect(add_filters)
    signals.get_generators.connect(get_generators)

