"""The registries' pure core: loading, validation errors, translations,
exports, map geometry, charts and JSON-LD, without Pelican."""

from __future__ import annotations

import csv
import io
import json
import math
import shutil
import textwrap
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import yaml

from registries import charts, missing_translations, svgmap
from registries.catalogue import BY_NAME, REGISTRIES
from common.errors import SiteError
from registries.core import load_registries
from registries.exports import to_csv, to_geojson
from languages.strings import load_string_tables
from registries.validation import Known
from site_model import model_from_file

ROOT = Path(__file__).resolve().parent.parent
MODEL = model_from_file()
STRINGS = load_string_tables(ROOT / "theme" / "i18n", MODEL.codes)
LANGS = ["it", "en"]
PATHS = {"it": {"labs": "laboratori", "areas": "aree", "events": "eventi",
                "filters": {"kind": "tipo", "municipio": "municipio", "service": "servizio"}},
         "en": {"labs": "labs", "areas": "areas", "events": "events",
                "filters": {"kind": "kind", "municipio": "municipio", "service": "service"}}}
CODES = yaml.safe_load((ROOT / "data" / "codes.yaml").read_text(encoding="utf-8"))
REAL_KNOWN = Known(opportunity_keys={"bando-spazi-periferie"},
                   tags={"it": {"ricerca", "programma", "fablab", "spazi", "investimenti", "formazione"},
                         "en": {"research", "programme", "fablabs", "spaces", "investment", "training"}})

LAB = """\
- id: {id}
  name: {name}
  kind: fablab
  address: Via Test 1
  municipio: {municipio}
  lat: 45.47
  lon: 9.19
"""


def data_folder(tmp_path, **files):
    """A copy of the repo's data/ with some registries replaced."""
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    for name, text in files.items():
        (folder / f"{name}.yaml").write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return folder


def header(name):
    return f"# yaml-language-server: $schema=./schemas/{name}.schema.json\n"


def load(folder, known=REAL_KNOWN):
    return load_registries(REGISTRIES, folder, CODES, known, LANGS, PATHS)


def messages(loaded):
    return [error.format() for error in loaded.errors]


def test_the_repository_registries_are_valid():
    # Rules only: the entries themselves are editorial content, rewritten by editors.
    loaded = load(ROOT / "data")
    assert loaded.errors == []
    assert all(i["source"] for i in loaded.registries["indicators"])


def test_every_entry_without_a_source_is_marked_as_an_example():
    loaded = load(ROOT / "data")
    for name in ("labs", "spaces", "partners", "areas", "milestones"):
        for entry in loaded.registries[name]:
            assert entry.get("source") or entry.get("example"), (name, entry["id"])


def test_every_registry_file_names_its_schema_on_the_first_line():
    for registry in REGISTRIES:
        first = (ROOT / "data" / registry.filename).read_text(encoding="utf-8").split("\n", 1)[0]
        assert first == header(registry.name).strip()
        assert (ROOT / "data" / "schemas" / registry.schema_filename).exists()


def test_context_entries_have_aware_dates_and_page_urls():
    loaded = load(ROOT / "data")
    for lab in loaded.registries["labs"]:
        assert lab["url"] == {"it": f"it/laboratori/{lab['id']}/", "en": f"en/labs/{lab['id']}/"}
    assert loaded.registries["events"]
    for event in loaded.registries["events"]:
        assert str(event["start"].tzinfo) == "Europe/Rome", event["id"]
        assert isinstance(event["title"], dict)
        assert event.get("url", "https://").startswith("https://"), event["id"]


def test_out_of_range_municipio_names_file_line_entry_and_field(tmp_path):
    text = header("labs") + LAB.format(id="ok-lab", name="Ok", municipio=3) + LAB.format(
        id="opendot", name="OpenDot", municipio=12)
    loaded = load(data_folder(tmp_path, labs=text))
    assert messages(loaded)[0].startswith(
        "data/labs.yaml:13: lab 'opendot': field 'municipio': must be 1..9, got 12\n    how to fix:")


def test_all_kinds_of_schema_error_are_reported_in_one_run(tmp_path):
    text = header("labs") + textwrap.dedent("""\
        - id: missing-name
          kind: fablab
          address: Via Test 1
          municipio: 3
          lat: 45.47
          lon: 9.19
        - id: bad-kind
          name: Bad kind
          kind: fablabb
          address: Via Test 1
          municipio: "3"
          lat: 45.47
          lon: 9.19
          website: www.example.org
          services: [stampa-3d, stampa-3d]
          colour: red
          description: Solo testo
        - id: Not An Id
          name: Bad id
          kind: hub
          address: Via Test 1
          municipio: 1
          lat: 44.0
          lon: 9.19
        """)
    found = "\n".join(messages(load(data_folder(tmp_path, labs=text))))
    assert "data/labs.yaml:2: lab 'missing-name': field 'name': is missing" in found
    assert "data/labs.yaml:10: lab 'bad-kind': field 'kind': must be one of" in found
    assert "did you mean 'fablab'?" in found
    assert "data/labs.yaml:12: lab 'bad-kind': field 'municipio': must be a whole number, got '3'" in found
    assert "data/labs.yaml:15: lab 'bad-kind': field 'website': 'www.example.org' is not in the expected form" in found
    assert "starting with https://" in found
    assert "field 'services': lists the same code twice" in found
    assert "data/labs.yaml:17: lab 'bad-kind': field 'colour': unknown field 'colour'" in found
    assert "field 'description': must be a map of fields, got 'Solo testo'" in found
    assert "it: ... and en: ..." in found
    assert "lab 'Not An Id': field 'id': 'Not An Id' is not in the expected form" in found
    assert "field 'lat': must be 45.38..45.54, got 44" in found


def test_duplicate_and_reserved_ids(tmp_path):
    text = header("labs") + LAB.format(id="twin", name="A", municipio=1) + LAB.format(
        id="twin", name="B", municipio=2) + LAB.format(id="tipo", name="C", municipio=2)
    found = messages(load(data_folder(tmp_path, labs=text)))
    assert any(m.startswith("data/labs.yaml:9: lab 'twin': field 'id': the id 'twin' is already used by the entry "
                            "on line 2") for m in found)
    assert any("lab 'tipo': field 'id': 'tipo' is reserved" in m for m in found)


def test_missing_or_wrong_schema_comment(tmp_path):
    text = "# labs\n" + LAB.format(id="a-lab", name="A", municipio=1)
    found = messages(load(data_folder(tmp_path, labs=text)))
    assert found[0] == ("data/labs.yaml:1: the first line must name the schema schemas/labs.schema.json\n"
                        "    how to fix: make the first line: "
                        "# yaml-language-server: $schema=./schemas/labs.schema.json")


def test_yaml_syntax_error_names_its_line(tmp_path):
    text = header("labs") + "- id: a\n  name: [unclosed\n  kind: fablab\n"
    found = messages(load(data_folder(tmp_path, labs=text)))
    assert found and found[0].startswith("data/labs.yaml:") and "invalid YAML" in found[0]


def test_a_field_written_twice_in_an_entry_is_refused(tmp_path):
    text = header("labs") + LAB.format(id="a-lab", name="A", municipio=1) + "  municipio: 2\n"
    found = messages(load(data_folder(tmp_path, labs=text)))
    assert any("'municipio' is written twice" in m and "keep one 'municipio:' line" in m for m in found), found


def test_cross_references_event_lab_space_opportunity_area_tag(tmp_path):
    events = header("events") + textwrap.dedent("""\
        - id: talk
          title: {it: Incontro}
          start: 2027-03-01 18:00
          end: 2027-03-01 17:00
          venue: Sala
          url: https://example.org
          lab: mhumaa
        - id: bad-date
          title: {it: Incontro}
          start: 2027-03-28 02:30
          venue: Sala
          url: https://example.org
          lab: mhuma
        """)
    spaces = header("spaces") + textwrap.dedent("""\
        - id: room
          name: {it: Stanza}
          address: Via Test 2
          municipio: 4
          lat: 45.45
          lon: 9.22
          status: disponibile
          opportunity: bando-inesistente
        """)
    areas = header("areas") + textwrap.dedent("""\
        - id: spaces
          kind: area
          title: {it: Spazi}
          description: {it: Spazi.}
          tag: {it: spazzi, en: spaces}
        """)
    found = "\n".join(messages(load(data_folder(tmp_path, events=events, spaces=spaces, areas=areas))))
    assert "data/events.yaml:8: event 'talk': field 'lab': no lab has the id 'mhumaa'\n" \
           "    how to fix: did you mean 'mhuma'?" in found
    assert "data/events.yaml:5: event 'talk': field 'end': ends before it starts" in found
    assert "data/events.yaml:11: event 'bad-date': field 'start': " in found
    assert "2027-03-28 02:30 does not exist in Italy" in found
    assert "data/spaces.yaml:9: space 'room': field 'opportunity': no published opportunity has the key " \
           "'bando-inesistente'" in found
    assert "data/areas.yaml:6: area 'spaces': field 'tag.it': no published content in 'it' is tagged 'spazzi'" \
           "\n    how to fix: did you mean 'spazi'?" in found
    assert "tag.en" not in found


def test_missing_translations_lists_fields_without_english():
    registries = {
        "labs": [{"id": "a", "name": "A", "description": {"it": "Testo"}, "opening_hours": {"it": "x", "en": " "}}],
        "events": [{"id": "e", "title": {"it": "T", "en": "T"}, "url": "https://example.org"}],
        "areas": [{"id": "z", "title": {"it": "Z"}, "url": {"it": "it/aree/z/", "en": "en/areas/z/"}}],
    }
    assert missing_translations(registries, ("en",)) == [
        {"registry": "areas", "path": "data/areas.yaml", "id": "z", "field": "title", "lang": "en"},
        {"registry": "labs", "path": "data/labs.yaml", "id": "a", "field": "description", "lang": "en"},
        {"registry": "labs", "path": "data/labs.yaml", "id": "a", "field": "opening_hours", "lang": "en"},
    ]


def test_csv_read_back_equals_the_data_and_geojson_parses():
    loaded = load(ROOT / "data")
    raw = yaml.safe_load((ROOT / "data" / "labs.yaml").read_text(encoding="utf-8"))
    text = to_csv(loaded.records["labs"], loaded.schemas["labs"], LANGS)
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    assert len(rows) == len(raw)
    for row, entry in zip(rows, raw):
        assert row["id"] == entry["id"] and row["name"] == entry["name"] and row["address"] == entry["address"]
        assert int(row["municipio"]) == entry["municipio"]
        assert (float(row["lat"]), float(row["lon"])) == (entry["lat"], entry["lon"])
        assert row["services"].split("|") == entry.get("services", [""])
        assert row["description_it"] == entry.get("description", {}).get("it", "")
        assert row["description_en"] == entry.get("description", {}).get("en", "")
        assert row["example"] == ("true" if entry.get("example") else "")
    geo = json.loads(to_geojson(loaded.records["labs"]))
    assert geo["type"] == "FeatureCollection" and len(geo["features"]) == len(raw)
    assert geo["features"][0]["geometry"]["coordinates"] == [raw[0]["lon"], raw[0]["lat"]]


def test_csv_keeps_semicolons_quotes_and_accents():
    schema = {"items": {"properties": {"id": {}, "name": {"$ref": "#/$defs/text"}}}}
    records = [{"id": "x", "name": {"it": 'Città; "virgolette"', "en": "City"}}]
    rows = list(csv.DictReader(io.StringIO(to_csv(records, schema, LANGS), newline=""), delimiter=";"))
    assert rows == [{"id": "x", "name_it": 'Città; "virgolette"', "name_en": "City"}]


@pytest.mark.parametrize("municipio", range(1, 10))
def test_map_pins_land_inside_their_own_municipio(municipio):
    for lat, lon in [(45.50, 9.19), (45.44, 9.25), (45.43, 9.12), (45.47, 9.10), (45.4642, 9.19)]:
        x, y = svgmap.pin_position(lat, lon, municipio)
        radius = math.hypot(x - svgmap.CENTRE, y - svgmap.CENTRE)
        if municipio == 1:
            assert radius < svgmap.INNER
            continue
        assert svgmap.INNER < radius < svgmap.OUTER
        bearing = math.degrees(math.atan2(x - svgmap.CENTRE, svgmap.CENTRE - y)) % 360
        offset = (bearing - svgmap.sector_bearing(municipio) + 180) % 360 - 180
        assert abs(offset) < svgmap.SECTOR / 2


def test_municipi_go_clockwise_from_north_east():
    assert [svgmap.sector_bearing(n) for n in range(2, 10)] == [45, 90, 135, 180, 225, 270, 315, 0]
    bearing, _ = svgmap.bearing_and_distance(45.4856, 9.1868)  # via D'Azeglio, north of the Duomo
    assert bearing > 315 or bearing < 45
    west, _ = svgmap.bearing_and_distance(svgmap.DUOMO[0], svgmap.DUOMO[1] - 0.01)
    assert round(west, 6) == 270.0


@pytest.mark.parametrize("municipio", range(2, 10))
def test_a_pin_whose_target_fits_its_municipio_stays_and_one_past_the_ring_comes_back_inside(municipio):
    middle = svgmap.sector_bearing(municipio)
    for offset in (-15, 15):  # either side of the sector's middle, across north for municipio 9
        inside = svgmap._point(130, middle + offset)
        assert svgmap._clamp_to_municipio(*inside, municipio) == inside
    assert svgmap._clamp_to_municipio(*svgmap._point(400, middle), municipio) == svgmap._point(
        svgmap.OUTER - svgmap.TARGET_RADIUS, middle)


def test_charts_compare_shared_indicators_and_draw_shares():
    indicators = [
        {"id": "a", "value": 36000, "unit": "count", "chart": "firms", "label": {"it": "A"}},
        {"id": "b", "value": 13000, "unit": "count", "chart": "firms", "label": {"it": "B"}},
        {"id": "c", "value": 25, "unit": "percent", "label": {"it": "C"}},
        {"id": "d", "value": 1, "unit": "rank", "label": {"it": "D"}},
    ]
    drawn = charts.charts(indicators)
    assert [chart["id"] for chart in drawn] == ["firms", "c"]
    assert [bar["width"] for bar in drawn[0]["bars"]] == [600, round(600 * 13000 / 36000, 1)]
    assert drawn[1]["bars"][0]["width"] == 150


def figure(indicator, lang):
    return charts.format_figure(indicator, MODEL.language(lang), STRINGS[lang]["registries"]["rank"])


def test_figures_are_written_the_way_each_language_writes_numbers():
    assert figure({"value": 36000, "unit": "count"}, "it") == "36.000"
    assert figure({"value": 36000, "unit": "count"}, "en") == "36,000"
    assert figure({"value": 25, "unit": "percent"}, "it") == "25%"
    assert figure({"value": 1, "unit": "rank"}, "it") == "1ª"
    assert figure({"value": 1, "unit": "rank"}, "en") == "1st"


def test_parsed_registries_are_cached_and_a_changed_file_is_read_again(tmp_path):
    folder = data_folder(tmp_path, labs=header("labs") + LAB.format(id="a-lab", name="A", municipio=1))
    cache = tmp_path / "cache"
    first = load_registries(REGISTRIES, folder, CODES, REAL_KNOWN, LANGS, PATHS, cache_dir=cache)
    assert [p.name.split("-")[0] for p in cache.glob("labs-*.pickle")] == ["labs"]
    second = load_registries(REGISTRIES, folder, CODES, REAL_KNOWN, LANGS, PATHS, cache_dir=cache)
    assert second.registries == first.registries and second.errors == first.errors
    (folder / "labs.yaml").write_text(header("labs") + LAB.format(id="a-lab", name="A", municipio=10))
    third = load_registries(REGISTRIES, folder, CODES, REAL_KNOWN, LANGS, PATHS, cache_dir=cache)
    assert [e.line for e in third.errors if e.path == "data/labs.yaml"] == [6]


def test_a_large_registry_with_one_bad_entry_is_still_explained_precisely(tmp_path):
    entries = "".join(LAB.format(id=f"lab-{n}", name=f"Lab {n}", municipio=n % 9 + 1) for n in range(150))
    entries = entries.replace("  municipio: 5\n", "  municipio: 0\n", 1)
    loaded = load(data_folder(tmp_path, labs=header("labs") + entries))
    found = [m for m in messages(loaded) if m.startswith("data/labs.yaml")]
    assert len(found) == 1 and found[0].startswith("data/labs.yaml:34: lab 'lab-4': field 'municipio': must be 1..9, "
                                                   "got 0")
    assert len(load(data_folder(tmp_path / "ok", labs=header("labs") + entries.replace("municipio: 0", "municipio: 5")))
               .registries["labs"]) == 150


def test_charts_are_exact_bars_in_order_with_shares_clamped():
    a = {"id": "a", "value": 300, "unit": "count", "chart": "c"}
    b = {"id": "b", "value": 150, "unit": "count", "chart": "c"}
    zero = {"id": "z", "value": 0, "unit": "count", "chart": "zero"}
    share = {"id": "s", "value": 125, "unit": "percent"}
    lone = {"id": "l", "value": 7, "unit": "count"}
    rank = {"id": "r", "value": 1, "unit": "rank"}
    drawn = charts.charts([share, a, lone, b, zero, rank])
    assert [(c["id"], c["kind"]) for c in drawn] == [("zero", "bars"), ("c", "bars"), ("s", "share")]
    bars = drawn[1]
    assert bars == {"id": "c", "kind": "bars", "members": [a, b], "height": 2 * 70, "width": 600, "bar_height": 28,
                    "bars": [{"indicator": a, "width": 600.0, "y": 0}, {"indicator": b, "width": 300.0, "y": 70}]}
    assert drawn[0]["bars"] == [{"indicator": zero, "width": 0.0, "y": 0}]
    assert drawn[2]["bars"] == [{"indicator": share, "width": 600.0, "y": 0}] and drawn[2]["height"] == 70
    third = charts.charts([{"id": "t", "value": 100 / 3, "unit": "percent"}])[0]["bars"][0]["width"]
    assert third == 200.0
    negative = charts.charts([{"id": "n", "value": -5, "unit": "percent"}])[0]["bars"][0]["width"]
    assert negative == 0.0


@pytest.mark.parametrize("value, unit, lang, text", [
    (1234567, "count", "it", "1.234.567"), (1234567, "count", "en", "1,234,567"),
    (1234.5, "count", "it", "1.234,5"), (1234.5, "count", "en", "1,234.5"), (12.5, "percent", "it", "12,5%"),
    (2, "rank", "en", "2nd"), (3, "rank", "en", "3rd"), (4, "rank", "en", "4th"), (11, "rank", "en", "11th"),
    (12, "rank", "en", "12th"), (13, "rank", "en", "13th"), (20, "rank", "en", "20th"), (21, "rank", "en", "21st"),
    (22, "rank", "en", "22nd"), (111, "rank", "en", "111th"), (101, "rank", "en", "101st"), (3, "rank", "it", "3ª"),
])
def test_figures_are_written_as_each_language_writes_them(value, unit, lang, text):
    assert figure({"value": value, "unit": unit}, lang) == text




def test_pick_gives_the_readers_language_or_italian_marked_as_such():
    from registries.translations import Shown, is_text_map, pick

    assert pick({"it": "Ciao", "en": "Hello"}, "en") == Shown("Hello", "en")
    assert pick({"it": "Ciao", "en": "  "}, "en", "it") == Shown("Ciao", "it")
    assert pick({"en": "Hello", "it": "Ciao"}, "fr", "it") == Shown("Ciao", "it")
    assert pick({"en": "Hello", "it": "Ciao"}, "fr") == Shown("Hello", "en")
    assert pick({"it": "Ciao", "en": None}, "en") == Shown("Ciao", "it")
    assert pick({"it": "Ciao"}, "it") == Shown("Ciao", "it")
    assert pick("Via Roma 1", "en") == Shown("Via Roma 1", "en")
    assert pick(12, "it") == Shown("12", "it")
    assert pick(None, "en") == Shown("", "en")
    assert str(pick({"it": "Ciao"}, "en")) == "Ciao"
    assert is_text_map({"en": "Hello"}) and not is_text_map({"it": "x", 1: "y"}) and not is_text_map(["it"])


def test_missing_translations_skips_what_is_not_an_entry_and_checks_each_language_asked():
    # ``url`` is the entry's page per language, never text to translate.
    registries = {"labs": ["- not a mapping", {"id": "a", "name": {"it": "A", "en": "A", "de": ""},
                                               "url": {"it": "it/laboratori/a/"}}],
                  "events": [{"title": {"it": "T"}}]}
    assert missing_translations(registries, languages=("en", "de")) == [
        {"registry": "events", "path": "data/events.yaml", "id": None, "field": "title", "lang": "en"},
        {"registry": "events", "path": "data/events.yaml", "id": None, "field": "title", "lang": "de"},
        {"registry": "labs", "path": "data/labs.yaml", "id": "a", "field": "name", "lang": "de"},
    ]


def test_entries_with_their_own_page_get_a_url_per_language_and_their_dates():
    from registries.records import context_entries

    raw = [{"id": "officina", "name": "O"}, {"id": "bottega", "name": "B"}]
    start = datetime(2027, 1, 2, tzinfo=UTC)
    labs = context_entries(BY_NAME["labs"], raw, {1: {"since": start}}, LANGS, PATHS)
    assert labs == [{"id": "officina", "name": "O", "url": {"it": "it/laboratori/officina/", "en": "en/labs/officina/"}},
                    {"id": "bottega", "name": "B", "since": start,
                     "url": {"it": "it/laboratori/bottega/", "en": "en/labs/bottega/"}}]
    assert raw == [{"id": "officina", "name": "O"}, {"id": "bottega", "name": "B"}]
    event = {"id": "e", "url": "https://example.org/e"}
    assert context_entries(BY_NAME["events"], [event], {}, LANGS, PATHS) == [event]


def test_a_public_record_writes_its_dates_in_iso_8601():
    from registries.records import public_record

    entry = {"id": "e", "start": "raw"}
    assert public_record(entry, {"start": datetime(2027, 3, 1, 9, 30, tzinfo=UTC)}) == \
        {"id": "e", "start": "2027-03-01T09:30:00+00:00"}
    assert entry == {"id": "e", "start": "raw"}


def test_csv_columns_split_text_fields_by_language():
    from registries.records import csv_columns

    schema = {"items": {"properties": {"id": {"type": "string"}, "name": {"$ref": "#/$defs/text"},
                                       "tags": {"$ref": "#/$defs/other"}}}}
    assert csv_columns(schema, LANGS) == ["id", "name_it", "name_en", "tags"]


@pytest.mark.parametrize("value, cell", [
    ("=1+1", "'=1+1"), ("+39 02", "'+39 02"), ("-x", "'-x"), ("@a", "'@a"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("Via Roma", "Via Roma"), ("a=b", "a=b"), ("", ""),
])
def test_spreadsheet_formulas_are_neutralised(value, cell):
    from registries.records import spreadsheet_safe

    assert spreadsheet_safe(value) == cell


def test_a_csv_row_flattens_every_kind_of_value():
    from registries.records import csv_row

    record = {"name": {"it": "=Ciao", "en": None}, "tags": ["a", 2, "=b"], "open": True, "closed": False,
              "lat": -45.5, "count": -3, "note": None, "site": "=HYPERLINK()", "day": date(2027, 1, 2)}
    assert csv_row(record, LANGS) == {
        "name_it": "'=Ciao", "name_en": "", "tags": "a|2|=b", "open": "true", "closed": "false",
        "lat": "-45.5", "count": "-3", "note": "", "site": "'=HYPERLINK()", "day": "2027-01-02"}
    assert csv_row({"tags": ["-a", "b"], "name": {"it": "x"}}, LANGS) == {"tags": "'-a|b", "name_it": "x", "name_en": ""}


def test_export_files_are_json_csv_and_geojson_when_geographic():
    from registries.exports import export_files

    schema = {"items": {"properties": {"id": {}, "name": {"$ref": "#/$defs/text"}, "lat": {}, "lon": {}}}}
    records = [{"id": "a", "name": {"it": "Città", "en": "City"}, "lat": 45.5, "lon": 9.25}]
    files = export_files("labs", records, schema, LANGS, geographic=True)
    assert files == {
        "labs.json": '[{"id": "a", "name": {"it": "Città", "en": "City"}, "lat": 45.5, "lon": 9.25}]\n',
        "labs.csv": "id;name_it;name_en;lat;lon\r\na;Città;City;45.5;9.25\r\n",
        "labs.geojson": '{"type": "FeatureCollection", "features": [{"type": "Feature", "id": "a", "geometry": '
                        '{"type": "Point", "coordinates": [9.25, 45.5]}, "properties": {"id": "a", "name": '
                        '{"it": "Città", "en": "City"}}}]}\n',
    }
    assert list(export_files("events", records, schema, LANGS, geographic=False)) == ["events.json", "events.csv"]
    with pytest.raises(ValueError):
        export_files("labs", [{"id": "a", "lat": math.nan, "lon": 1}], schema, LANGS, geographic=False)
    with pytest.raises(ValueError):
        to_geojson([{"id": "a", "lat": math.inf, "lon": 1}])


def test_the_cache_key_depends_on_the_file_and_the_schema_not_on_key_order(tmp_path):
    from registries.cache import ParsedCache

    source = tmp_path / "labs.yaml"
    source.write_text("- id: a\n", encoding="utf-8")
    cache = ParsedCache(tmp_path / "cache")
    key = cache.key(source, {"a": 1, "b": 2})
    assert key.startswith("labs-") and len(key) == len("labs-") + 32
    assert cache.key(source, {"b": 2, "a": 1}) == key
    assert cache.key(source, {"a": 1, "b": 3}) != key
    source.write_text("- id: b\n", encoding="utf-8")
    assert cache.key(source, {"a": 1, "b": 2}) != key
    assert ParsedCache(None).key(source, {}) is None


def test_the_cache_keeps_one_file_per_registry_even_with_dashes_in_its_name(tmp_path):
    from common.yamlsource import Located
    from registries.cache import ParsedCache

    cache = ParsedCache(tmp_path / "a" / "b")
    cache.put("open-data-1111", Located([1], {(0,): 2}))
    cache.put("open-calls-2222", Located([2], {}))
    cache.put("open-data-3333", Located([3], {}))
    cache.put("open-data-3333", Located([4], {}))
    assert sorted(p.name for p in (tmp_path / "a" / "b").iterdir()) == ["open-calls-2222.pickle", "open-data-3333.pickle"]
    assert cache.get("open-data-3333").data == [4]
    assert cache.get("open-calls-2222").data == [2]
    assert cache.get("open-data-1111") is None
    assert cache.get(None) is None
    (tmp_path / "a" / "b" / "open-calls-2222.pickle").write_bytes(b"not a pickle")
    assert cache.get("open-calls-2222") is None


def test_csv_leaves_out_fields_the_schema_does_not_list():
    schema = {"items": {"properties": {"id": {}}}}
    assert to_csv([{"id": "a", "internal": "x"}], schema, LANGS) == "id\r\na\r\n"


def test_field_descriptions_come_from_the_schema_in_each_language():
    from registries.fieldsdoc import field_descriptions


    schema = {"title": "Laboratori", "x-title-en": "Labs", "items": {"required": ["id", "start"], "properties": {
        "id": {"type": "string", "description": "Identificativo", "x-description-en": "Identifier"},
        "name": {"$ref": "#/$defs/text"},
        "kind": {"type": "string", "enum": ["fablab", "hub"]},
        "services": {"type": "array", "x-codes": "services", "items": {"enum": ["cnc", "laser"]}},
        "start": {"type": "string"},
        "seats": {"type": "integer"}, "lat": {"type": "number"}, "accessible": {"type": "boolean"},
        "tags": {"type": "array"}, "note": {},
    }}}
    def described(lang, schema=schema, **options):
        return field_descriptions(schema, lang, LANGS, STRINGS[lang]["registries"]["field_types"], **options)

    rows = described("en", date_fields=("start",))
    assert rows[0] == {"name": "id", "type": "text", "required": True, "description": "Identifier", "codes": []}
    assert rows[1]["description"] == ""
    assert [(row["name"], row["type"], row["required"], row["codes"]) for row in rows] == [
        ("id", "text", True, []), ("name", "text per language (_it, _en columns in CSV)", False, []),
        ("kind", "code", False, ["fablab", "hub"]), ("services", "code", False, ["cnc", "laser"]),
        ("start", "ISO 8601 date and time", True, []), ("seats", "whole number", False, []),
        ("lat", "number", False, []), ("accessible", "true/false", False, []),
        ("tags", "list (values separated by | in CSV)", False, []), ("note", "text", False, [])]
    italian = described("it")
    assert italian[0]["description"] == "Identificativo" and italian[1]["description"] == ""
    assert [row["type"] for row in italian] == [
        "testo", "testo per lingua (colonne _it, _en nel CSV)", "codice", "codice", "testo", "numero intero",
        "numero", "true/false", "lista (valori separati da | nel CSV)", "testo"]
    assert described("it", {"items": {"properties": {"x": {}}}})[0]["required"] is False


def test_read_registry_names_each_problem_of_the_file_at_its_line(tmp_path):
    from common.errors import SiteError
    from registries.catalogue import BY_NAME
    from registries.loading import read_registry

    labs = BY_NAME["labs"]
    path = tmp_path / "labs.yaml"
    assert read_registry(path, "data/labs.yaml", labs) == (None, [])
    head = f"# yaml-language-server: $schema=./schemas/{labs.schema_filename}\n"

    def read(text):
        path.write_text(text, encoding="utf-8")
        return read_registry(path, "data/labs.yaml", labs)

    assert read(head)[0].data == [] and read(head)[1] == []
    assert read(f"# yaml-language-server: $schema=schemas/{labs.schema_filename}\n- id: a\n")[1] == []
    wrong_head = SiteError("data/labs.yaml", 1, None, f"the first line must name the schema schemas/{labs.schema_filename}",
                           f"make the first line: {head.strip()}")
    assert read("- id: a\n")[1] == [wrong_head]
    assert read("# yaml-language-server: $schema=./schemas/X.json\n- id: a\n")[1] == [wrong_head]
    assert read(head + "id: a\n") == (None, [SiteError("data/labs.yaml", 1, None, "a registry is a list of entries",
                                                       "start every entry with '- id: ...'")])
    located, errors = read("- [aperta\n")
    assert located is None and errors[0] == wrong_head
    assert (errors[1].path, errors[1].line, errors[1].fix) == (
        "data/labs.yaml", 2, "check the indentation and the quotes around that line")
    assert read(head + "a: &x 1\nb: *x\n")[1][0].fix.startswith("write the value out in full")
    path.write_bytes(b"\xef\xbb\xbf" + head.encode())
    assert read_registry(path, "data/labs.yaml", labs) == (None, [SiteError(
        "data/labs.yaml", 1, None, "the file starts with an invisible byte-order mark (BOM)",
        "save the file as UTF-8 (in most editors: 'Save with encoding' or 'Encoding' → UTF-8, without BOM)")])


def test_schemas_get_their_code_lists_and_the_file_is_left_as_it_was(tmp_path):
    from registries.loading import load_schema

    schema = {"items": {"properties": {"kind": {"x-codes": "kinds"}, "tags": {"items": [{"x-codes": "tags"}]},
                                       "other": {"x-codes": "missing"}}}}
    path = tmp_path / "s.json"
    path.write_text(json.dumps(schema), encoding="utf-8")
    filled = load_schema(path, {"kinds": ("fablab", "hub"), "tags": ["a"]}, LANGS)
    assert filled["items"]["properties"] == {"kind": {"x-codes": "kinds", "enum": ["fablab", "hub"]},
                                             "tags": {"items": [{"x-codes": "tags", "enum": ["a"]}]},
                                             "other": {"x-codes": "missing", "enum": []}}
    assert json.loads(path.read_text(encoding="utf-8")) == schema



# --- the map's geometry, to the tenth of a pixel ----------------------------------------

def test_the_nine_municipi_are_a_centre_circle_and_eight_ring_sectors():
    assert svgmap.municipio_shapes() == [
        {'number': 1, 'path': None, 'circle': (200.0, 200.0, 70), 'label_x': 200.0, 'label_y': 148.0},
        {'number': 2, 'path': 'M272.7,24.5 A190,190 0 0 1 375.5,127.3 L264.7,173.2 A70,70 0 0 0 226.8,135.3 Z', 'circle': None, 'label_x': 320.2, 'label_y': 79.8},
        {'number': 3, 'path': 'M375.5,127.3 A190,190 0 0 1 375.5,272.7 L264.7,226.8 A70,70 0 0 0 264.7,173.2 Z', 'circle': None, 'label_x': 370.0, 'label_y': 200.0},
        {'number': 4, 'path': 'M375.5,272.7 A190,190 0 0 1 272.7,375.5 L226.8,264.7 A70,70 0 0 0 264.7,226.8 Z', 'circle': None, 'label_x': 320.2, 'label_y': 320.2},
        {'number': 5, 'path': 'M272.7,375.5 A190,190 0 0 1 127.3,375.5 L173.2,264.7 A70,70 0 0 0 226.8,264.7 Z', 'circle': None, 'label_x': 200.0, 'label_y': 370.0},
        {'number': 6, 'path': 'M127.3,375.5 A190,190 0 0 1 24.5,272.7 L135.3,226.8 A70,70 0 0 0 173.2,264.7 Z', 'circle': None, 'label_x': 79.8, 'label_y': 320.2},
        {'number': 7, 'path': 'M24.5,272.7 A190,190 0 0 1 24.5,127.3 L135.3,173.2 A70,70 0 0 0 135.3,226.8 Z', 'circle': None, 'label_x': 30.0, 'label_y': 200.0},
        {'number': 8, 'path': 'M24.5,127.3 A190,190 0 0 1 127.3,24.5 L173.2,135.3 A70,70 0 0 0 135.3,173.2 Z', 'circle': None, 'label_x': 79.8, 'label_y': 79.8},
        {'number': 9, 'path': 'M127.3,24.5 A190,190 0 0 1 272.7,24.5 L226.8,135.3 A70,70 0 0 0 173.2,135.3 Z', 'circle': None, 'label_x': 200.0, 'label_y': 30.0},
    ]


@pytest.mark.parametrize("lat, lon, municipio, point", [
    (45.4642, 9.19, 1, (200.0, 200.0)),
    (45.47, 9.2, 1, (223.1, 180.9)),
    (45.55, 9.3, 1, (239.8, 155.8)),
    (45.5, 9.19, 9, (200.0, 95.5)),
    (45.4, 9.19, 9, (156.8, 62.9)),
    (45.48, 9.25, 3, (311.7, 164.8)),
    (45.6, 9.19, 2, (283.1, 40.3)),
    (45.465, 9.191, 5, (224.1, 276.3)),
])
def test_a_pin_sits_at_its_bearing_inside_its_municipio(lat, lon, municipio, point):
    assert svgmap.pin_position(lat, lon, municipio) == point


def test_pins_are_escaped_svg_links_to_the_page_or_the_anchor():
    pins = [{"entry": {"id": "a<b", "name": {"it": "Officina & Co", "en": "Workshop"}, "municipio": 3,
                       "url": {"it": "it/laboratori/a/", "en": "en/labs/a/"}}, "x": 10.5, "y": 20.0},
            {"entry": {"id": "z", "name": 'Zeta "Z"', "municipio": 1, "example": True}, "x": 1.0, "y": 2.5}]
    assert str(svgmap.pins_svg(pins, "en", "https://e.org", "Municipio {n}", "lab-", "example")) == (
        '<a href="https://e.org/en/labs/a/" aria-label="Workshop, Municipio 3" data-id="a&lt;b">'
        '<circle class="map-pin-target" cx="10.5" cy="20.0" r="15"/>'
        '<circle class="map-pin" cx="10.5" cy="20.0" r="8"/>'
        '<title>Workshop</title>'
        '</a>\n'
        '<a href="#lab-z" aria-label="Zeta &#34;Z&#34; (example), Municipio 1" data-id="z">'
        '<circle class="map-pin-target" cx="1.0" cy="2.5" r="15"/>'
        '<circle class="map-pin map-pin-example" cx="1.0" cy="2.5" r="8"/>'
        '<title>Zeta &#34;Z&#34; (example)</title>'
        '</a>'
    )


@pytest.mark.parametrize("href, rel", [
    ("https://www.openstreetmap.org/?mlat=45.4", ' rel="noopener noreferrer"'),
    ("http://example.org/mappa", ' rel="noopener noreferrer"'),
    ("/it/laboratori/", ""),
])
def test_a_pin_with_its_own_link_and_hint_says_them_and_an_anchor_has_no_prefix_by_default(href, rel):
    # A lab's page links its one pin to a street map (an external one opens without referrer); an
    # entry with no page links to #<id> when no prefix is given.
    pins = [{"entry": {"id": "a", "name": "Officina", "municipio": 5}, "x": 1.0, "y": 2.0, "href": href,
             "hint": "sulla mappa"},
            {"entry": {"id": "z", "name": "Zeta", "municipio": 1}, "x": 3.0, "y": 4.0}]
    links = str(svgmap.pins_svg(pins, "it", "https://e.org", "Municipio {n}")).split("\n")
    assert links[0].startswith(f'<a href="{href}"{rel} aria-label="Officina, Municipio 5: sulla mappa" data-id="a">')
    assert links[1].startswith('<a href="#z" aria-label="Zeta, Municipio 1" data-id="z">')


EXAMPLE_LABS = header("labs") + """\
- id: vero
  name: Vero
  kind: hub
  address: Via Test 1
  municipio: 2
  lat: 45.49
  lon: 9.21
  source: linee-guida
- id: finto
  name: Finto
  kind: fablab
  address: Via Test 2
  municipio: 3
  lat: 45.48
  lon: 9.23
  example: true
"""
EXAMPLE_EVENTS = header("events") + """\
- id: prova
  title: {it: Prova}
  start: 2027-03-02 18:00
  venue: Sala
  url: https://example.org/prova
  lab: vero
  example: true
- id: incontro
  title: {it: Incontro}
  start: 2027-03-01 18:00
  venue: Sala
  url: https://www.comune.milano.it/incontro
  lab: finto
  source: linee-guida
"""


@pytest.mark.parametrize("publish_examples, labs, events, errors", [
    (True, ["vero", "finto"], ["prova", "incontro"], []),
    (False, ["vero"], ["incontro"], [
        "data/events.yaml:14: event 'incontro': field 'lab': the lab 'finto' is an example, left out of the "
        "published site\n    how to fix: mark the event 'example: true' too, or give the lab its real data and "
        "remove its 'example: true'"]),
])
def test_a_production_build_leaves_examples_out_and_refuses_a_real_entry_naming_one(
        tmp_path, publish_examples, labs, events, errors):
    folder = data_folder(tmp_path, labs=EXAMPLE_LABS, events=EXAMPLE_EVENTS)
    loaded = load_registries(REGISTRIES, folder, CODES, REAL_KNOWN, LANGS, PATHS, publish_examples=publish_examples)
    assert messages(loaded) == errors
    assert [entry["id"] for entry in loaded.registries["labs"]] == labs
    assert [entry["id"] for entry in loaded.registries["events"]] == events
    assert [record["id"] for record in loaded.records["events"]] == events
    left_out = [] if publish_examples else ["data/labs.yaml:10 lab 'finto'", "data/events.yaml:2 event 'prova'"]
    assert [item for item in loaded.left_out if item.startswith(("data/labs.", "data/events."))] == left_out
    incontro = events.index("incontro")
    assert loaded.records["events"][incontro]["start"] == "2027-03-01T18:00:00+01:00"
    assert loaded.origin("events", incontro, "lab") == ("data/events.yaml", 14)
    assert loaded.origin("labs", len(labs) - 1, "municipio") == ("data/labs.yaml", 14 if publish_examples else 6)


@pytest.mark.parametrize("prefix", ["data", "dati"])
def test_events_without_the_labs_they_name_are_refused(tmp_path, prefix):
    folder = data_folder(tmp_path)
    (folder / "labs.yaml").unlink()
    loaded = load_registries(REGISTRIES, folder, CODES, REAL_KNOWN, LANGS, PATHS, display_prefix=prefix)
    assert loaded.errors == [SiteError(f"{prefix}/labs.yaml", None, None,
                                       f"is missing, and {prefix}/events.yaml refers to its entries",
                                       f"restore it (git checkout {prefix}/labs.yaml) or create it")]
    assert (loaded.registries["labs"], loaded.records["labs"]) == ([], [])
    (folder / "events.yaml").unlink()
    assert load_registries(REGISTRIES, folder, CODES, REAL_KNOWN, LANGS, PATHS).errors == []


@pytest.mark.parametrize("points, rounds, spread_points", [
    # On the same spot: split sideways, each pushed half the gap (32) apart.
    ([[200, 200, 1], [200, 200, 1]], 60, [[184.0, 200.0, 1], [216.0, 200.0, 1]]),
    ([[200, 180, 1], [200, 180.005, 1]], 60, [[184.0, 180.0, 1], [216.0, 180.0, 1]]),
    # Exactly the gap apart: left as they are; a tenth closer: pushed along their line.
    ([[184, 200, 1], [216, 200, 1]], 60, [[184, 200, 1], [216, 200, 1]]),
    ([[184.1, 200, 1], [216, 200, 1]], 60, [[183.6, 200.0, 1], [216.6, 200.0, 1]]),
    ([[200, 180, 1], [200, 180.5, 1]], 60, [[200.0, 163.8, 1], [200.0, 196.8, 1]]),
    # 0.01 apart is not "the same spot": pushed by the gap less their distance (the left one stops at the edge).
    ([[150.0, 200, 1], [150.01, 200, 1]], 60, [[145.0, 200.0, 1], [177.2, 200.0, 1]]),
    # Three on one spot: the rounds go on until no pair is closer than the gap.
    ([[200, 200, 1], [200, 200, 1], [200, 200, 1]], 60, [[167.6, 200.0, 1], [232.8, 200.0, 1], [199.8, 200.0, 1]]),
    ([[200, 200, 1], [200, 200, 1], [200, 200, 1]], 1, [[175.5, 200.0, 1], [228.8, 200.0, 1], [195.8, 200.0, 1]]),
    ([[200, 200, 1], [200, 200, 1], [200, 200, 1]], 0, [[200, 200, 1], [200, 200, 1], [200, 200, 1]]),
    # In the ring: each kept inside its own sector.
    ([[300, 100, 2], [305, 100, 2], [300, 105, 2], [290, 95, 3]], 60,
     [[267.5, 98.6, 2], [326.9, 94.0, 2], [300.6, 114.0, 2], [340.1, 158.2, 3]]),
])
def test_crowded_pins_are_spread_to_these_exact_places(points, rounds, spread_points):
    moved = [list(point) for point in points]  # spread() moves them in place: the parameter stays as written
    assert svgmap.spread(moved, rounds) is moved
    assert moved == spread_points


def test_spreading_stops_by_default_after_sixty_rounds_or_when_nothing_moves():
    crowd = [[200, 200, 1] for _ in range(12)]  # more than fit in the centre circle: never settles
    assert svgmap.spread([list(p) for p in crowd]) == svgmap.spread([list(p) for p in crowd], 60)
    assert svgmap.spread([list(p) for p in crowd]) != svgmap.spread([list(p) for p in crowd], 59)
    assert svgmap.spread([list(p) for p in crowd]) != svgmap.spread([list(p) for p in crowd], 61)


def test_a_registry_that_cannot_be_read_or_breaks_its_schema_leaves_the_others_loaded(tmp_path):
    broken_yaml = data_folder(tmp_path / "a", labs=header("labs") + "- id: [\n")
    broken_schema = data_folder(tmp_path / "b", labs=header("labs") + LAB.format(id="xx", name="X", municipio=12))
    for folder in (broken_yaml, broken_schema):
        loaded = load(folder)
        assert (loaded.registries["labs"], loaded.records["labs"]) == ([], [])
        assert [error.path for error in loaded.errors] == ["data/labs.yaml"]
        assert loaded.registries["partners"] and loaded.records["partners"] and loaded.registries["sources"]


def test_a_cached_registry_is_checked_again_when_its_code_lists_change(tmp_path):
    folder = data_folder(tmp_path, labs=header("labs") + LAB.format(id="xx", name="X", municipio=3))
    (folder / "events.yaml").unlink()  # its events name the real labs
    cache = tmp_path / "cache"
    assert load_registries(REGISTRIES, folder, CODES, REAL_KNOWN, LANGS, PATHS, cache_dir=cache).errors == []
    fewer = dict(CODES, lab_kind=[code for code in CODES["lab_kind"] if code != "fablab"])
    refused = load_registries(REGISTRIES, folder, fewer, REAL_KNOWN, LANGS, PATHS, cache_dir=cache)
    assert [(error.path, error.line) for error in refused.errors] == [("data/labs.yaml", 4)]
    (folder / "labs.yaml").unlink()
    missing = load_registries(REGISTRIES, folder, CODES, REAL_KNOWN, LANGS, PATHS, cache_dir=cache)
    assert (missing.errors, missing.registries["labs"]) == ([], [])
