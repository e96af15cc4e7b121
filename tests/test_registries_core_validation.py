"""registries/validation.py, called directly: every refusal pinned in full
(path, line, field, message, fix), its boundaries and its branches."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from common.errors import SiteError, sorted_errors
from registries.loading import with_languages
from common.yamlsource import load_located
from content_model.dates import FORMS
from registries import validation
from registries.provenance import (example_link_errors, item_sources, resolve_sources, source_errors, source_ids,
                                   without_examples)
from registries.validation import (DATE_HINT, FAST_CHECK_MIN_ENTRIES, Known, Source, id_errors, number_errors,
                                   parse_dates, reference_errors, reserved_ids, schema_errors)

ROME = ZoneInfo("Europe/Rome")
FILE = "data/things.yaml"


def registry(noun="thing", filters=(), dated_fields=()):
    return SimpleNamespace(noun=noun, filters=list(filters), dated_fields=list(dated_fields))


def source(text, noun="thing", display=FILE, **kinds):
    return Source(registry(noun, **kinds), display, load_located(text))


def err(line, message, fix="", path=FILE):
    return SiteError(path, line, None, message, fix)


SCHEMA = {"type": "array", "items": {
    "type": "object", "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
        "name": {"type": "string", "minLength": 1},
        "code": {"type": "string", "minLength": 3},
        "slug": {"type": "string", "pattern": "^[a-z0-9-]+$"},
        "site": {"type": "string", "pattern": "^https?://[^\\s]+$"},
        "mail": {"type": "string", "pattern": "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"},
        "when": {"type": "string", "pattern": "^[0-9]{4}-"},
        "score": {"type": "number", "minimum": 0, "maximum": 10},
        "low": {"type": "number", "minimum": 0.5},
        "count": {"type": "integer", "minimum": 1},
        "cap": {"type": "integer", "maximum": 5},
        "weight": {"type": "number", "exclusiveMinimum": 0},
        "kind": {"enum": ["fablab", "makerspace"], "x-codes": "lab-kinds"},
        "flavour": {"enum": ["sweet", "sour"]},
        "title": {"type": "object", "x-languages": ["it", "en"]},
        "meta": {"type": "object"},
        "ok": {"type": "boolean"},
        "tags": {"type": "array", "uniqueItems": True},
        "maybe": {"type": ["string", "null"]},
        "short": {"type": "string", "maxLength": 2},
        "free": {"type": "string"},
    }}}


def check(text, schema=SCHEMA):
    return schema_errors(source(text), schema)


# --- schema_errors ---------------------------------------------------------

def test_a_valid_registry_has_no_errors_small_and_large():
    assert check("- id: a\n  name: A\n") == []
    large = "".join(f"- id: e{i}\n  name: N\n" for i in range(FAST_CHECK_MIN_ENTRIES))
    assert check(large) == []
    assert FAST_CHECK_MIN_ENTRIES == 100


def test_from_100_entries_a_valid_registry_takes_only_the_fast_check(monkeypatch):
    entries = "".join(f"- id: e{i}\n  name: N\n" for i in range(FAST_CHECK_MIN_ENTRIES))
    assert validation._passes_fast_check(SCHEMA, source(entries).entries) is True
    assert validation._passes_fast_check(SCHEMA, source("- id: A\n").entries) is False

    def explained(schema):
        raise AssertionError("explained by jsonschema")

    monkeypatch.setattr(validation, "_explainer", explained)
    assert check(entries) == []
    fewer = "".join(f"- id: e{i}\n  name: N\n" for i in range(FAST_CHECK_MIN_ENTRIES - 1))
    try:
        check(fewer)
    except AssertionError as exc:
        assert str(exc) == "explained by jsonschema"
    else:
        raise AssertionError("99 entries skipped jsonschema")


def test_a_large_registry_with_an_error_is_still_explained_in_full():
    text = "".join(f"- id: e{i}\n  name: N\n" for i in range(FAST_CHECK_MIN_ENTRIES)) + "- id: last\n  name: ''\n"
    assert check(text) == [err(202, "thing 'last': field 'name': must not be empty",
                               "write the text, or remove the field")]
    just_below = "".join(f"- id: e{i}\n  name: N\n" for i in range(FAST_CHECK_MIN_ENTRIES - 2)) + "- id: x\n  name: ''\n"
    assert check(just_below) == [err(198, "thing 'x': field 'name': must not be empty",
                                     "write the text, or remove the field")]


def test_a_document_that_is_not_a_list():
    assert check("id: a\n") == [err(1, "{'id': 'a'} is not of type 'array'", "see docs/registries.md")]


def test_an_entry_that_is_not_a_map():
    fix = "write it as '- id: ...' followed by its fields, indented"
    assert check("- id: a\n- just text\n- 3\n- id: b\n  name: ''\n") == [
        err(2, "thing #2: an entry is a map of fields", fix),
        err(3, "thing #3: an entry is a map of fields", fix),
        err(5, "thing 'b': field 'name': must not be empty", "write the text, or remove the field"),
    ]


def test_a_document_error_and_entry_errors_together():
    schema = {"type": "array", "minItems": 2, "items": {"properties": {"name": {"minLength": 1}}}}
    assert sorted(check("- name: ''\n", schema)) == [
        err(1, "[{'name': ''}] is too short", "see docs/registries.md"),
        err(1, "thing #1: field 'name': must not be empty", "write the text, or remove the field"),
    ]


def test_required_fields_each_described():
    schema = {"type": "array", "items": {"type": "object", "required": ["id", "name", "kind", "note"],
                                         "properties": {"id": {"description": "the id"},
                                                        "name": {"x-description-en": "the name",
                                                                 "description": "not this"},
                                                        "kind": {}}}}
    # jsonschema reports one problem per missing field, each naming them all:
    # the build's collector keeps each error once.
    assert sorted_errors(check("- id: a\n  name: A\n- other: 1\n", schema)) == sorted_errors([
        err(1, "thing 'a': field 'kind': is missing", "add 'kind:' to the entry (see docs/registries.md)"),
        err(1, "thing 'a': field 'note': is missing", "add 'note:' to the entry (see docs/registries.md)"),
        err(3, "thing #2: field 'id': is missing", "add 'id:' to the entry (the id)"),
        err(3, "thing #2: field 'name': is missing", "add 'name:' to the entry (the name)"),
        err(3, "thing #2: field 'kind': is missing", "add 'kind:' to the entry (see docs/registries.md)"),
        err(3, "thing #2: field 'note': is missing", "add 'note:' to the entry (see docs/registries.md)"),
    ])


def test_required_without_properties():
    schema = {"type": "array", "items": {"type": "object", "required": ["id"]}}
    assert check("- name: x\n", schema) == [
        err(1, "thing #1: field 'id': is missing", "add 'id:' to the entry (see docs/registries.md)")]


def test_unknown_fields_with_and_without_a_close_match():
    fields = ", ".join(sorted(SCHEMA["items"]["properties"]))
    assert check("- id: a\n  nmae: A\n  zzzzqq: 1\n") == [
        err(2, "thing 'a': field 'nmae': unknown field 'nmae'", "did you mean 'name'?"),
        err(3, "thing 'a': field 'zzzzqq': unknown field 'zzzzqq'", "the fields are: " + fields),
    ]


def test_unknown_field_without_properties_lists_none():
    schema = {"type": "array", "items": {"type": "object", "additionalProperties": False}}
    assert check("- id: a\n", schema) == [err(1, "thing 'a': field 'id': unknown field 'id'", "the fields are: ")]


def test_a_range_first_and_last_accepted_and_first_refused():
    assert check("- id: a\n  score: 0\n- id: b\n  score: 10\n- id: c\n  score: 9.5\n") == []
    assert check("- id: a\n  score: -1\n- id: b\n  score: 11\n- id: c\n  score: 12.0\n- id: d\n  score: 10.5\n") == [
        err(2, "thing 'a': field 'score': must be 0..10, got -1", "write a value from 0 to 10"),
        err(4, "thing 'b': field 'score': must be 0..10, got 11", "write a value from 0 to 10"),
        err(6, "thing 'c': field 'score': must be 0..10, got 12", "write a value from 0 to 10"),
        err(8, "thing 'd': field 'score': must be 0..10, got 10.5", "write a value from 0 to 10"),
    ]


def test_a_range_with_float_bounds():
    schema = {"type": "array", "items": {"properties": {"v": {"minimum": 0.5, "maximum": 2.0}}}}
    assert check("- v: 0.25\n", schema) == [err(1, "thing #1: field 'v': must be 0.5..2, got 0.25",
                                                "write a value from 0.5 to 2")]


def test_one_sided_bounds():
    assert check("- id: a\n  count: 1\n  cap: 5\n  weight: 0.001\n  low: 0.5\n") == []
    assert sorted(check("- id: a\n  count: 0\n  cap: 6\n  weight: 0\n  low: 0.25\n")) == [
        err(2, "thing 'a': field 'count': must be at least 1, got 0", "correct the value"),
        err(3, "thing 'a': field 'cap': must be at most 5, got 6", "correct the value"),
        err(4, "thing 'a': field 'weight': must be more than 0, got 0", "correct the value"),
        err(5, "thing 'a': field 'low': must be at least 0.5, got 0.25", "correct the value"),
    ]
    assert sorted(check("- id: a\n  weight: -2.0\n  cap: 1234567\n")) == [
        err(2, "thing 'a': field 'weight': must be more than 0, got -2", "correct the value"),
        err(3, "thing 'a': field 'cap': must be at most 5, got 1234567", "correct the value")]


def test_only_a_maximum_or_only_a_minimum_with_the_other_key_present_as_none():
    schema = {"type": "array", "items": {"properties": {"v": {"maximum": 3}, "w": {"minimum": 2}}}}
    assert check("- v: 4\n  w: 1\n", schema) == [
        err(1, "thing #1: field 'v': must be at most 3, got 4", "correct the value"),
        err(2, "thing #1: field 'w': must be at least 2, got 1", "correct the value"),
    ]


def test_enum_with_a_code_list_and_with_the_schema():
    assert check("- id: a\n  kind: fablob\n  flavour: bitter\n- id: b\n  kind: zzz\n  flavour: sweet\n") == [
        err(2, "thing 'a': field 'kind': must be one of fablab, makerspace, got 'fablob'", "did you mean 'fablab'?"),
        err(3, "thing 'a': field 'flavour': must be one of sweet, sour, got 'bitter'", "use a code of the schema"),
        err(5, "thing 'b': field 'kind': must be one of fablab, makerspace, got 'zzz'",
            "use a code of the lab-kinds list in data/codes.yaml"),
    ]


def test_enum_of_numbers():
    schema = {"type": "array", "items": {"properties": {"n": {"enum": [1, 2]}}}}
    assert check("- n: 3\n", schema) == [err(1, "thing #1: field 'n': must be one of 1, 2, got 3",
                                             "use a code of the schema")]


def test_types():
    fix = "(no quotes around numbers, true or false)"
    assert sorted(check("- id: a\n  name: 3\n  count: '2'\n  score: x\n  ok: 'yes'\n  meta: [1]\n  tags: x\n"
                        "  maybe: 4\n  title: T\n")) == [
        err(2, "thing 'a': field 'name': must be text, got 3", f"write text {fix}"),
        err(3, "thing 'a': field 'count': must be a whole number, got '2'", f"write a whole number {fix}"),
        err(4, "thing 'a': field 'score': must be a number, got 'x'", f"write a number {fix}"),
        err(5, "thing 'a': field 'ok': must be true or false, got 'yes'", f"write true or false {fix}"),
        err(6, "thing 'a': field 'meta': must be a map of fields, got [1]", f"write a map of fields {fix}"),
        err(7, "thing 'a': field 'tags': must be a list, got 'x'", f"write a list {fix}"),
        err(8, "thing 'a': field 'maybe': must be text, got 4", f"write text {fix}"),
        err(9, "thing 'a': field 'title': must be a map of fields, got 'T'",
            "write it as a map with one line per language, e.g. it: ... and en: ... indented below"),
    ]


def test_a_type_without_a_word():
    schema = {"type": "array", "items": {"properties": {"n": {"type": "null"}}}}
    assert check("- n: 1\n", schema) == [err(1, "thing #1: field 'n': must be null, got 1",
                                             "write null (no quotes around numbers, true or false)")]


def test_patterns_each_with_its_hint():
    assert check("- id: a\n  slug: a-b-9\n  site: http://x.org\n  mail: a@b.it\n  when: 2027-01\n") == []
    assert check("- id: Bad_Id\n  slug: A B\n  site: www.x.org\n  mail: a.b.it\n  when: soon\n") == [
        err(1, "thing 'Bad_Id': field 'id': 'Bad_Id' is not in the expected form",
            "use lowercase letters, digits and hyphens, e.g. fablab-lambrate"),
        err(2, "thing 'Bad_Id': field 'slug': 'A B' is not in the expected form",
            "use lowercase letters, digits and hyphens"),
        err(3, "thing 'Bad_Id': field 'site': 'www.x.org' is not in the expected form",
            "write the full address, starting with https://"),
        err(4, "thing 'Bad_Id': field 'mail': 'a.b.it' is not in the expected form",
            "write an address like info@example.org"),
        err(5, "thing 'Bad_Id': field 'when': 'soon' is not in the expected form", f"write it as {FORMS}"),
    ]
    assert DATE_HINT == f"write it as {FORMS}"


def test_min_length_one_and_more():
    assert check("- id: a\n  name: A\n  code: abc\n") == []
    assert check("- id: a\n  name: ''\n  code: ab\n") == [
        err(2, "thing 'a': field 'name': must not be empty", "write the text, or remove the field"),
        err(3, "thing 'a': field 'code': must be at least 3 characters long, got 'ab'", "write a longer value"),
    ]
    schema = {"type": "array", "items": {"properties": {"c": {"minLength": 2}}}}
    assert check("- c: x\n", schema) == [
        err(1, "thing #1: field 'c': must be at least 2 characters long, got 'x'", "write a longer value")]


def test_unique_items_and_other_rules():
    assert check("- id: a\n  tags: [x, y]\n") == []
    assert check("- id: a\n  tags: [x, x]\n  short: abc\n") == [
        err(2, "thing 'a': field 'tags': lists the same code twice", "keep each code once"),
        err(3, "thing 'a': field 'short': 'abc' is too long", "see docs/registries.md"),
    ]


def test_an_error_inside_a_list_names_the_field_without_the_position():
    schema = {"type": "array", "items": {"properties": {"codes": {"items": {"enum": ["a", "b"]}}}}}
    assert check("- id: x\n  codes:\n    - a\n    - ax\n", schema) == [
        err(4, "thing 'x': field 'codes': must be one of a, b, got 'ax'", "did you mean 'a'?")]


# --- Source ---------------------------------------------------------------

def test_who_and_error_lines():
    src = source("- id: a\n  name: A\n- id: 7\n- name: B\n", noun="lab")
    assert [src.who(i) for i in range(3)] == ["lab 'a'", "lab #2", "lab #3"]
    assert src.error(0, ["name"], "m", "f") == SiteError(FILE, 2, None, "lab 'a': field 'name': m", "f")
    assert src.error(0, ["missing"], "m") == SiteError(FILE, 1, None, "lab 'a': field 'missing': m", "")
    assert src.error(2, [], "m") == SiteError(FILE, 4, None, "lab #3: m", "")
    assert src.error(0, ["a", 0, "b"], "m").message == "lab 'a': field 'a.b': m"
    empty = Source(registry(), FILE, SimpleNamespace(data=[{}], line_of=lambda *p, default=None: default))
    assert empty.line(0, "x") == 1


# --- number_errors ----------------------------------------------------------

def test_numbers_must_be_finite_at_any_depth():
    text = "- id: a\n  n: .nan\n  ok: 1.5\n  i: 3\n  v:\n    - 1.0\n    - x: -.inf\n- n: .inf\n"
    fix = "write the figure in digits, e.g. 12.5"
    assert number_errors(source(text)) == [
        err(2, "thing 'a': field 'n': 'nan' is not a number the site can publish", fix),
        err(7, "thing 'a': field 'v.x': '-inf' is not a number the site can publish", fix),
        err(8, "thing #2: field 'n': 'inf' is not a number the site can publish", fix),
    ]
    assert number_errors(source("- id: a\n  n: 1e308\n")) == []


# --- ids ------------------------------------------------------------------------

def test_reserved_ids_from_every_language():
    paths = {"it": {"filters": {"kind": "tipo", "municipio": "municipio"}},
             "en": {"filters": {"kind": "kind"}}, "fr": {}}
    assert reserved_ids(registry(filters=["kind", "municipio"]), paths) == {"tipo", "municipio", "kind", None}
    assert reserved_ids(registry(filters=[]), paths) == set()


def test_duplicate_and_reserved_ids():
    text = "- id: a\n- id: b\n- just text\n- id: 3\n- id: a\n- id: tipo\n- id: a\n"
    assert id_errors(source(text, noun="lab"), reserved={"tipo", "a"}) == [
        err(1, "lab 'a': field 'id': 'a' is reserved for the filter and archive pages",
            "choose another id, e.g. lab-a"),
        err(5, "lab 'a': field 'id': the id 'a' is already used by the entry on line 1", "give each entry its own id"),
        err(5, "lab 'a': field 'id': 'a' is reserved for the filter and archive pages",
            "choose another id, e.g. lab-a"),
        err(6, "lab 'tipo': field 'id': 'tipo' is reserved for the filter and archive pages",
            "choose another id, e.g. lab-tipo"),
        err(7, "lab 'a': field 'id': the id 'a' is already used by the entry on line 1", "give each entry its own id"),
        err(7, "lab 'a': field 'id': 'a' is reserved for the filter and archive pages",
            "choose another id, e.g. lab-a"),
    ]
    assert id_errors(source("- id: a\n- id: b\n")) == []


# --- dates ------------------------------------------------------------------------

def test_parse_dates_values_and_errors():
    text = ("- id: a\n  start: 2027-01-15\n  end: 2027-01-15\n"
            "- id: b\n  start: 2027-02-01 10:00\n  end: 2027-02-01 09:59\n"
            "- id: c\n  start: someday\n"
            "- id: d\n  end: 2027-03-01\n  start: 5\n"
            "- just text\n"
            "- id: f\n  start: 2027-04-01\n  other: 2027-01-01\n")
    values, errors = parse_dates(source(text, noun="event", dated_fields=["start", "end"]))
    day = datetime(2027, 1, 15, tzinfo=ROME)
    assert values == {0: {"start": day, "end": day},
                      1: {"start": datetime(2027, 2, 1, 10, 0, tzinfo=ROME),
                          "end": datetime(2027, 2, 1, 9, 59, tzinfo=ROME)},
                      3: {"end": datetime(2027, 3, 1, tzinfo=ROME)},
                      5: {"start": datetime(2027, 4, 1, tzinfo=ROME)}}
    assert errors == [
        err(6, "event 'b': field 'end': ends before it starts", "check the start and end"),
        err(8, "event 'c': field 'start': 'someday' is not a date in a known form", DATE_HINT),
    ]


def test_parse_dates_only_end_or_only_start_and_other_fields():
    values, errors = parse_dates(source("- end: 2027-01-01\n- start: 2027-01-02\n", dated_fields=["end", "start"]))
    assert errors == []
    assert values == {0: {"end": datetime(2027, 1, 1, tzinfo=ROME)}, 1: {"start": datetime(2027, 1, 2, tzinfo=ROME)}}
    values, errors = parse_dates(source("- from: 2027-01-02\n  to: 2027-01-01\n", dated_fields=["from", "to"]))
    assert errors == [] and len(values[0]) == 2


# --- references ------------------------------------------------------------------

LABS = "- id: fablab-one\n- id: fablab-two\n  example: true\n- id: 4\n- just text\n"
EVENTS = ("- id: e1\n  lab: fablab-one\n"
          "- id: e2\n  lab: fablab-onx\n"
          "- id: e3\n  lab: zzzzzz\n"
          "- id: e4\n  lab: fablab-two\n"
          "- id: e5\n  lab: fablab-two\n  example: true\n"
          "- id: e6\n  lab: 4\n"
          "- id: e7\n"
          "- just text\n")


def sources(**texts):
    nouns = {"labs": "lab", "events": "event", "spaces": "space", "areas": "area"}
    return {name: source(text, noun=nouns[name], display=f"data/{name}.yaml") for name, text in texts.items()}


def test_an_events_lab_must_exist():
    errs = reference_errors(sources(labs=LABS, events=EVENTS), Known())
    assert errs == [
        err(4, "event 'e2': field 'lab': no lab has the id 'fablab-onx'", "did you mean 'fablab-one'?",
            path="data/events.yaml"),
        err(6, "event 'e3': field 'lab': no lab has the id 'zzzzzz'", "use the id of an entry in data/labs.yaml",
            path="data/events.yaml"),
    ]
    assert reference_errors(sources(events=EVENTS), Known()) == []


def test_a_published_event_may_not_name_an_example_lab():
    published = {"labs": [{"id": "fablab-one"}]}
    example = ("the lab 'fablab-two' is an example, left out of the published site",
               "mark the event 'example: true' too, or give the lab its real data and remove its 'example: true'")
    assert reference_errors(sources(labs=LABS, events=EVENTS), Known(), published) == [
        err(4, "event 'e2': field 'lab': no lab has the id 'fablab-onx'", "did you mean 'fablab-one'?",
            path="data/events.yaml"),
        err(6, "event 'e3': field 'lab': no lab has the id 'zzzzzz'", "use the id of an entry in data/labs.yaml",
            path="data/events.yaml"),
        err(8, "event 'e4': field 'lab': " + example[0], example[1], path="data/events.yaml"),
        # A lab whose id is not text is never published either.
        err(13, "event 'e6': field 'lab': the lab '4' is an example, left out of the published site", example[1],
            path="data/events.yaml"),
    ]
    # Nothing published at all: every lab is left out.
    assert reference_errors(sources(labs=LABS, events="- id: e\n  lab: fablab-one\n"), Known(), {}) == [
        err(2, "event 'e': field 'lab': the lab 'fablab-one' is an example, left out of the published site",
            example[1], path="data/events.yaml")]


SPACES = ("- id: s1\n  opportunity: call-ok\n"
          "- id: s2\n  opportunity: call-broken\n"
          "- id: s3\n  opportunity: call-example\n"
          "- id: s4\n  opportunity: call-later\n"
          "- id: s5\n  opportunity: call-example\n  example: true\n"
          "- id: s6\n  opportunity: call-ok-typo\n"
          "- id: s7\n  opportunity: zzzz\n"
          "- id: s8\n  opportunity: 3\n"
          "- just text\n"
          "- id: s9\n  opportunity: call-broken\n"
          "- id: s10\n  opportunity: call-both\n")
KNOWN = Known(opportunity_keys={"call-ok", "call-both"}, refused_opportunity_keys={"call-broken", "call-both"},
              left_out_opportunities={"call-example": "example", "call-later": "scheduled"})


def test_a_spaces_opportunity_must_be_published():
    path = "data/spaces.yaml"
    fix = "remove 'opportunity:' until the call is published, or mark the space 'example: true'"
    assert reference_errors(sources(spaces=SPACES), KNOWN) == [
        err(6, "space 's3': field 'opportunity': the call 'call-example' is an example, not published by this build",
            fix, path=path),
        err(8, "space 's4': field 'opportunity': the call 'call-later' is scheduled, not published by this build",
            fix, path=path),
        err(13, "space 's6': field 'opportunity': no published opportunity has the key 'call-ok-typo'",
            "did you mean 'call-ok'?", path=path),
        err(15, "space 's7': field 'opportunity': no published opportunity has the key 'zzzz'",
            "the key is the file name: content/opportunities/zzzz.it.md", path=path),
        err(4, "the call 'call-broken' named by 2 space(s) (lines 4, 20) has errors of its own "
               "(content/opportunities/call-broken.*.md)",
            "fix that call's errors; these spaces link to it again once it is published", path=path),
    ]


def test_each_refused_call_gets_one_error():
    known = Known(refused_opportunity_keys={"a", "b"})
    text = "- opportunity: b\n- opportunity: a\n"
    assert reference_errors(sources(spaces=text), known) == [
        err(1, "the call 'b' named by 1 space(s) (lines 1) has errors of its own (content/opportunities/b.*.md)",
            "fix that call's errors; these spaces link to it again once it is published", path="data/spaces.yaml"),
        err(2, "the call 'a' named by 1 space(s) (lines 2) has errors of its own (content/opportunities/a.*.md)",
            "fix that call's errors; these spaces link to it again once it is published", path="data/spaces.yaml"),
    ]


AREAS = ("- id: a1\n  tag:\n    it: FabLab\n    en: fablabs\n"
         "- id: a3\n  tag: fablab\n"
         "- id: a4\n"
         "- id: a2\n  tag:\n    it: fablba\n    en: qqqq\n    fr: x\n    de: 3\n"
         "- just text\n")


def test_an_areas_tag_must_be_used():
    known = Known(tags={"it": {"fablab", "ricerca"}, "en": {"fablabs"}})
    path = "data/areas.yaml"
    assert reference_errors(sources(areas=AREAS), known) == [
        err(10, "area 'a2': field 'tag.it': no published content in 'it' is tagged 'fablba'",
            "did you mean 'fablab'?", path=path),
        err(11, "area 'a2': field 'tag.en': no published content in 'en' is tagged 'qqqq'",
            "tag some news, cases or opportunities with it, or correct the spelling", path=path),
        err(12, "area 'a2': field 'tag.fr': no published content in 'fr' is tagged 'x'",
            "tag some news, cases or opportunities with it, or correct the spelling", path=path),
    ]


def test_an_upper_case_tag_is_suggested_in_lower_case():
    known = Known(tags={"it": {"ricerca"}})
    assert reference_errors(sources(areas="- tag:\n    it: RICERCx\n"), known) == [
        err(2, "area #1: field 'tag.it': no published content in 'it' is tagged 'RICERCx'", "did you mean 'ricerca'?",
            path="data/areas.yaml")]


def test_no_sources_no_errors():
    assert reference_errors({}, Known()) == []
    assert reference_errors(sources(labs=LABS), Known(), {}) == []


# registries/provenance.py: examples' links, what production leaves out, sources --

EXAMPLE_FIX = ("an example links only to example.org, example.com, example.net or a host ending in .example; "
               "or remove 'example: true' if the entry is real")


def test_every_real_address_in_an_example_in_full():
    labs = source("""- id: real
  website: https://www.x.it
  source: https://d.it/doc
  channels:
    - not a channel
    - id: c3
      kind: web
      value: https://x.it
    - id: c1
      kind: email
      value: a@x.it
      example: true
    - id: c2
      kind: phone
      value: "02 123"
      example: true
    - id: c4
      kind: web
      value: https://w.it
      example: true
- id: demo
  example: true
  website: https://www.x.it
  email: a@example.org
  url: https://b.it
  source_url: https://c.it
  source: https://d.it/doc
  channels:
    - kind: pec
      value: p@x.it
    - kind: email
      value: e@example.com
    - kind: web
      value: 12
- id: demo2
  example: true
  source: Delibera, scrivere a info@x.it
  email: e@x.it
- plain
""", noun="lab")
    assert example_link_errors(labs) == [
        err(11, "lab 'real': field 'channels.value': 'a@x.it' is a real address in an example channel", EXAMPLE_FIX),
        err(19, "lab 'real': field 'channels.value': 'https://w.it' is a real address in an example channel",
            EXAMPLE_FIX),
        err(23, "lab 'demo': field 'website': 'https://www.x.it' is a real address in an example", EXAMPLE_FIX),
        err(25, "lab 'demo': field 'url': 'https://b.it' is a real address in an example", EXAMPLE_FIX),
        err(26, "lab 'demo': field 'source_url': 'https://c.it' is a real address in an example", EXAMPLE_FIX),
        err(27, "lab 'demo': field 'source': 'https://d.it/doc' is a real address in an example", EXAMPLE_FIX),
        err(30, "lab 'demo': field 'channels.value': 'p@x.it' is a real address in an example channel",
            EXAMPLE_FIX),
        # A source written in words is a title, even with an address in it.
        err(38, "lab 'demo2': field 'email': 'e@x.it' is a real address in an example", EXAMPLE_FIX),
    ]


def test_production_leaves_out_example_entries_and_channels_and_names_each():
    labs = source("""- id: real
  channels:
    - id: c1
      kind: email
      value: a@x.it
      example: true
    - id: c2
      kind: phone
      value: "02 123"
- id: demo
  example: true
- name: anon
  channels: []
- id: plain
  channels: none
""", noun="lab")
    real = {"id": "real", "channels": [{"id": "c2", "kind": "phone", "value": "02 123"}]}
    assert without_examples(labs, publish_examples=False) == (
        [(0, real), (2, {"name": "anon", "channels": []}), (3, {"id": "plain", "channels": "none"})],
        ["data/things.yaml:3 lab 'real': channel 'c1'", "data/things.yaml:10 lab 'demo'"])
    assert labs.entries[0]["channels"][0]["id"] == "c1"
    assert without_examples(labs, publish_examples=True) == (list(enumerate(labs.entries)), [])


def test_a_source_id_must_be_an_entry_of_the_sources_file_in_full():
    sources = {"sources": source("- id: linee-guida\n  title: T\n  source: nessuna-fonte\n- id: bando-2027\n  title: B\n"
                                 "- not a dict\n", noun="source"),
               "labs": source("- id: a\n  source: linee-guid\n- id: b\n  source: Linee guida 2027\n- id: c\n"
                              "  source: zzz-qqq\n- id: d\n  source: linee-guida\n- id: e\n  source: 12\n- id: f\n"
                              "  source: bando\n- x\n", noun="lab")}
    assert source_ids(sources) == ["linee-guida", "bando-2027"] and source_ids({"labs": sources["labs"]}) == []
    assert source_errors(sources) == [
        err(2, "lab 'a': field 'source': no entry of data/sources.yaml has the id 'linee-guid'",
            "did you mean 'linee-guida'?"),
        err(6, "lab 'c': field 'source': no entry of data/sources.yaml has the id 'zzz-qqq'",
            "add the document to data/sources.yaml with this id, or write its title in words"),
        err(12, "lab 'f': field 'source': no entry of data/sources.yaml has the id 'bando'",
            "did you mean 'bando-2027'?"),
    ]
    # Without data/sources.yaml every id is unknown.
    assert [e.line for e in source_errors({"labs": sources["labs"]})] == [2, 6, 8, 12]


def test_every_entry_with_a_source_gets_its_source_list():
    guide = {"id": "g", "title": "Linee guida", "publisher": "Comune", "year": 2026, "url": "https://x.it/g",
             "note": "n", "example": False, "line": 3, "other": "left out"}
    registries = {"sources": [guide, {"id": "h", "source": "g"}], "labs": [
        {"id": "e", "source": 7},
        {"id": "a", "source": "g"},
        {"id": "b", "source": "https://d.it/doc"},
        {"id": "c", "source": "Delibera 12", "source_url": "https://e.it/d"},
        {"id": "d", "source": "Delibera 13", "source_url": ""},
        {"id": "f"}]}
    resolve_sources(registries)
    cited = {"id": "g", "title": "Linee guida", "publisher": "Comune", "year": 2026, "url": "https://x.it/g",
             "note": "n", "example": False}
    assert registries["labs"] == [
        {"id": "e", "source": 7},
        {"id": "a", "source": "g", "source_list": [cited]},
        {"id": "b", "source": "https://d.it/doc", "source_list": [{"title": "https://d.it/doc",
                                                                    "url": "https://d.it/doc"}]},
        {"id": "c", "source": "Delibera 12", "source_url": "https://e.it/d",
         "source_list": [{"title": "Delibera 12", "url": "https://e.it/d"}]},
        {"id": "d", "source": "Delibera 13", "source_url": "", "source_list": [{"title": "Delibera 13"}]},
        {"id": "f"}]
    assert registries["sources"] == [guide, {"id": "h", "source": "g"}]
    only = {"labs": [{"id": "a", "source": "g"}]}
    resolve_sources(only)
    assert only == {"labs": [{"id": "a", "source": "g", "source_list": [{"title": "g"}]}]}


def test_an_items_sources_resolved_and_the_unknown_ids_with_their_line():
    by_id = {"linee-guida": {"id": "linee-guida", "title": "T", "line": 4}, "bando-2027": {"id": "bando-2027"}}
    values = [{"id": "linee-guida", "line": 7}, {"id": "bando", "line": 8}, {"id": "zzz", "line": 9},
              {"title": "Delibera", "url": "https://x.it", "line": 10}, {"id": "nessuna"}]
    assert item_sources(values, by_id) == (
        [{"id": "linee-guida", "title": "T"}, {"title": "Delibera", "url": "https://x.it"}],
        [(8, "bando", "bando-2027"), (9, "zzz", None), (None, "nessuna", None)])
    assert item_sources(None, by_id) == ([], [])


def test_the_text_definition_becomes_a_map_of_exactly_the_sites_languages_the_first_required():
    relaxed = {"type": "object", "additionalProperties": {"type": "string"}, "description": "Testo",
               "x-description-en": "Text", "x-note": "for editors' tools"}
    schema = with_languages({"$defs": {"text": relaxed}, "type": "array"}, ["it", "en", "fr"])
    assert schema == {"type": "array", "$defs": {"text": {
        "type": "object", "required": ["it"], "additionalProperties": False,
        "properties": {"it": {"type": "string", "minLength": 1}, "en": {"type": "string"}, "fr": {"type": "string"}},
        "x-languages": ["it", "en", "fr"], "description": "Testo", "x-description-en": "Text"}}}
    assert with_languages({"$defs": {"text": {"type": "object"}}}, ["it"])["$defs"]["text"] == {
        "type": "object", "required": ["it"], "additionalProperties": False,
        "properties": {"it": {"type": "string", "minLength": 1}}, "x-languages": ["it"]}
    assert with_languages({"type": "array"}, ["it"]) == {"type": "array"}
