"""The one JSON-LD emitter (common.jsonld): hostile text in any value stays
data, through every builder of schema.org data the plugins have."""

from __future__ import annotations

import json
import re
from datetime import datetime

import pytest

from common.clock import ROME
from common.jsonld import jsonld_script, parent_organisation
from opportunities.jsonld import government_service
from registries import jsonld as registries_jsonld
from seo import core as seo

HOSTILE = "</script><script>alert(1)</script> \"quoted\" 'single' & <!-- \u2028line\u2029para"
BASE = "https://www.manifatturamilano.it"
WHEN = datetime(2027, 3, 1, 10, tzinfo=ROME)
PARENT = parent_organisation({"parent_body": HOSTILE, "parent_url": "https://example.org/"})


def body(markup):
    """The JSON text inside the one <script> element of ``markup``."""
    match = re.fullmatch(r'<script type="application/ld\+json">(.*)</script>', str(markup), re.S)
    assert match, markup
    return match.group(1)


def test_hostile_text_cannot_close_the_script_and_reads_back_unchanged():
    markup = jsonld_script({"name": HOSTILE})
    text = body(markup)
    for character in "<>&\u2028\u2029":
        assert character not in text
    assert json.loads(text) == {"name": HOSTILE}


def test_the_json_is_compact_and_keeps_other_characters_as_they_are():
    assert body(jsonld_script({"a": "x<y", "b": [1, "è €"]})) == '{"a":"x\\u003cy","b":[1,"è €"]}'


def test_each_character_that_could_end_the_script_is_escaped_where_it_stands():
    assert body(jsonld_script({"s": "a<b>c&d\u2028e\u2029<&"})) == (
        '{"s":"a\\u003cb\\u003ec\\u0026d\\u2028e\\u2029\\u003c\\u0026"}')


def test_no_data_gives_no_script():
    assert jsonld_script(None) == "" and jsonld_script({}) == ""


def test_numbers_that_json_cannot_carry_are_refused():
    with pytest.raises(ValueError):
        jsonld_script({"value": float("nan")})


LAB = {"id": "x", "name": HOSTILE, "address": HOSTILE, "lat": 45.4, "lon": 9.2, "url": {"it": "it/l/x/"},
       "description": {"it": HOSTILE}, "email": "a@example.org"}

BUILDERS = {
    "news article": lambda: seo.news_article(url=f"{BASE}/it/n/", headline=HOSTILE, description=HOSTILE, lang="it",
                                             published="2027-01-01", modified=None, base=BASE, site_name=HOSTILE,
                                             section_name=HOSTILE),
    "organisation": lambda: seo.organization(BASE, HOSTILE, "it", PARENT),
    "breadcrumb": lambda: seo.breadcrumb_list([(HOSTILE, f"{BASE}/it/"), (HOSTILE, None)]),
    "lab": lambda: registries_jsonld.lab(LAB, "it", BASE),
    "event": lambda: registries_jsonld.event({"title": {"it": HOSTILE}, "start": WHEN, "venue": HOSTILE,
                                              "url": "https://example.org/e", "description": {"it": HOSTILE}},
                                             LAB, "it", BASE),
    "dataset": lambda: registries_jsonld.dataset("labs", HOSTILE, HOSTILE, [("opendata/labs.csv", "text/csv")],
                                                 WHEN, "it/dati/", BASE, "it", PARENT),
    "call": lambda: government_service(title=HOSTILE, summary=HOSTILE, url=f"{BASE}/it/o/", lang="it",
                                       apply_url="https://example.org/a", audience_labels=[HOSTILE],
                                       amount={"total": 1000}, opens=None, deadline=WHEN, operator=PARENT),
}


@pytest.mark.parametrize("kind", sorted(BUILDERS))
def test_every_builder_of_structured_data_is_emitted_safely(kind):
    data = BUILDERS[kind]()
    text = body(jsonld_script(data))
    assert "<" not in text and "\u2028" not in text
    assert json.loads(text) == data
    assert HOSTILE in strings_of(data)


def strings_of(value):
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings_of(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings_of(item)]
    return [value]
