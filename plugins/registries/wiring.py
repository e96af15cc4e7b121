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
from content_model.reader import REFUSED_SOURCES
from languages.site_index import page_alternates

from . import charts, jsonld, svgmap
from site_model import model_of

from .catalogue import BY_NAME, DIRECTORIES
from .core import load_registries
from .exports import FORMATS, export_files
from .fieldsdoc import field_descriptions
from .provenance import item_sources
from .translations import pick
from .validation import Known

EXPORT_FOLDER = "opendata"


def _known_from_content(context, settings):
    keys = {key for section, key in context.get("TRANSLATION_GROUPS", {}) if section == "opportunities"}
    left_out = {entry["key"]: entry["reason"] for entry in settings.get("PUBLICATION_LEFT_OUT", ())
                if entry["section"] == "opportunities" and entry["key"] not in keys}
    tags = {}
    for item in context.get("articles", []):
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
        loaded = load_registries(settings.get("DATA_PATH", "data"), _codes(settings),
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

    def _cite_item_sources(self, sources):
        """Each published item's ``sources`` as ``source_list`` (what the page shows); unknown ids are errors."""
        by_id = {entry["id"]: entry for entry in sources}
        collector = collector_for(self.settings)
        for item in list(self.context.get("articles", [])) + list(self.context.get("pages", [])):
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
        groups = self.context.get("TRANSLATION_GROUPS", {})
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
        registries = self.loaded.registries
        now = build_instant().astimezone(ROME)
        downloads = self.write_exports()
        labs_by_id = {lab["id"]: lab for lab in registries["labs"]}
        lab_pins = svgmap.pins(registries["labs"])
        space_pins = svgmap.pins(registries["spaces"])
        shapes = svgmap.municipio_shapes()
        chart_list = charts.charts(registries["indicators"])
        events = sorted(registries["events"], key=lambda event: event["start"])
        upcoming = [event for event in events if (event.get("end") or event["start"]) >= now]
        past = [event for event in reversed(events) if (event.get("end") or event["start"]) < now]
        codes = _codes(self.settings)
        model = model_of(self.settings)
        segments = {lang: model.language(lang).filters for lang in model.codes}
        common = {"municipio_shapes": shapes, "filter_segments": segments}

        def section(name, *rest):
            return lambda lang: model.url_for(name, lang, *[part[lang] if isinstance(part, dict) else str(part)
                                                            for part in rest])

        for lang in model.codes:
            filters = self._lab_filters(registries["labs"], codes)
            self._write(writer, "registries/labs", lang, section("labs"), "labs", labs=registries["labs"],
                        pins=lab_pins, filters=filters, active_filter=None, **common)
            for group, values in filters.items():
                for value, members in values.items():
                    self._write(writer, "registries/labs", lang,
                                section("labs", {ln: segments[ln][group] for ln in model.codes}, value),
                                "labs", labs=members, pins=None, filters=filters,
                                active_filter=(group, value), **common)
            for lab in registries["labs"]:
                lab_events = [event for event in events if event["lab"] == lab["id"]]
                # Examples get no JSON-LD: search engines would take them for facts.
                self._write(writer, "registries/lab", lang, lambda ln, e=lab: e["url"][ln], "lab", lab=lab,
                            lab_events=lab_events,
                            jsonld_data=None if lab.get("example") else jsonld.lab(lab, lang, self.settings["SITEURL"]),
                            pins=[pin for pin in lab_pins if pin["entry"] is lab], **common)
            self._write(writer, "registries/spaces", lang, section("spaces"), "spaces",
                        spaces=registries["spaces"], pins=space_pins, **common)
            self._write(writer, "registries/partners", lang, section("partners"), "partners",
                        partners=registries["partners"], categories=codes.get("partner_category", []), **common)
            siteurl = self.settings["SITEURL"]
            self._write(writer, "registries/events", lang, section("events"), "events", upcoming=upcoming,
                        past=past, labs_by_id=labs_by_id,
                        jsonld_events=[jsonld.event(event, labs_by_id.get(event["lab"]), lang, siteurl)
                                       for event in events if not event.get("example")], **common)
            self._write(writer, "registries/areas", lang, section("areas"), "areas", areas=registries["areas"],
                        **common)
            for area in registries["areas"]:
                self._write(writer, "registries/area", lang, lambda ln, e=area: e["url"][ln], "area", area=area,
                            tagged=self._tagged(area, lang), **common)
            self._write(writer, "registries/indicators", lang, section("indicators"), "indicators",
                        indicators=registries["indicators"], charts=chart_list, **common)
            self._write(writer, "registries/milestones", lang, section("milestones"), "milestones",
                        milestones=sorted(registries["milestones"], key=lambda m: m["date"]), **common)
            datasets = self._datasets(lang, downloads, now, section("data")(lang))
            self._write(writer, "registries/data", lang, section("data"), "data", datasets=datasets,
                        last_updated=now, **common)

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
        sections = self.context["LANG_SITE"][lang]["sections"]
        return {
            section: [item for item in sections.get(section, ())
                      if any(tag.slug in wanted or tag.name.lower() in wanted for tag in getattr(item, "tags", ()))]
            for section in model_of(self.settings).sections_where(listed=True)
        }

    def write_exports(self):
        """Write the open-data files; returns {name: [(path, media type)]}."""
        folder = Path(self.output_path) / EXPORT_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        languages = model_of(self.settings).codes
        downloads = {}
        for registry in DIRECTORIES:
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
        for registry in DIRECTORIES:
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
                                         self.settings["SITEURL"], lang),
            })
        return result


def add_filters(generator):
    model = model_of(generator.settings)
    strings = generator.settings["STRINGS"]
    generator.env.filters.update(
        pick=lambda value, lang: pick(value, lang, model.default_lang),
        figure=lambda indicator, lang: charts.format_figure(indicator, model.language(lang),
                                                            strings[lang]["registries"]["rank"]),
        script_json=jsonld.script_json,
        map_pins=svgmap.pins_svg,
    )
    generator.env.globals.setdefault("registry_noun", lambda name: BY_NAME[name].noun)


def get_generators(pelican_object):
    return RegistriesGenerator


def register():
    signals.generator_init.connect(add_filters)
    signals.get_generators.connect(get_generators)

