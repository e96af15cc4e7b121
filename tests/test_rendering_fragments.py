"""Macros rendered once per set of arguments (plugins/rendering/fragments.py, the template global ``once``):
the same text as the macro's, and each page that gets it reads what rendering it read, so the render
cache renders that page again when one of those reads changes."""

import copy

import jinja2
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG

from rendering import fragments
from rendering.fragments import once
from rendering.writer import render_traced, tracing

TEMPLATES = {
    "card.html": ("{% macro _card_of(item, lang) %}<p lang=\"{{ lang }}\">{{ count() }} {{ item.title }}"
                  "{% include 'note.html' %}</p>{% endmacro %}{% set card = once(_card_of) %}"),
    "note.html": "{{ NOTE }}",
    "page.html": "{% from 'card.html' import card %}{% for item in items %}{{ card(item, lang) }}{% endfor %}",
    # A page that looks up a name of its own (heading).
    "headed.html": "{{ heading }}{{ other.title }}{% from 'card.html' import card %}{% for item in items %}{{ card(item, lang) }}"
                   "{% endfor %}",
    "keyword.html": "{% from 'card.html' import card %}{{ card(items[0], lang=lang) }}",
    # A macro that reads two items and takes a tuple.
    "pair.html": ("{% macro _pair_of(first, second, marks) %}{{ count() }}{{ first.title }}/{{ second.summary }}"
                  "{{ marks|join(',') }}{% endmacro %}{% set pair = once(_pair_of) %}"),
    "pairs.html": "{% from 'pair.html' import pair %}{{ pair(items[0], items[1], marks) }}",
}


def environment(renders):
    env = jinja2.Environment(loader=jinja2.DictLoader(TEMPLATES), autoescape=True)
    env.globals.update(once=once, NOTE=" (nota)", count=lambda: renders.append(1) or len(renders))
    return env


def article(title):
    return Article("Testo.", metadata={"title": title}, settings=copy.deepcopy(DEFAULT_CONFIG),
                   source_path=f"/content/{title}.md")


def test_a_macro_is_rendered_once_for_each_set_of_arguments():
    renders = []
    page = environment(renders).get_template("page.html")
    uno, due = article("Uno"), article("Due")
    with tracing():
        first = render_traced(page, {"items": [uno, due, uno], "lang": "it"})[0]
        other = render_traced(page, {"items": [uno], "lang": "en"})[0]
    assert first == ('<p lang="it">1 Uno (nota)</p><p lang="it">2 Due (nota)</p><p lang="it">1 Uno (nota)</p>')
    assert other == '<p lang="en">3 Uno (nota)</p>'


def test_a_page_that_gets_a_macro_rendered_for_another_reads_what_rendering_it_read():
    page = environment([]).get_template("page.html")
    uno = article("Uno")
    with tracing():
        _, first_names, first_items = render_traced(page, {"items": [uno], "lang": "it"})
        _, second_names, second_items = render_traced(page, {"items": [uno], "lang": "it"})
    # NOTE is looked up by the include inside the macro, the title read from the item.
    assert {"NOTE", "items", "lang"} <= set(first_names)
    assert (id(uno), "title") in first_items
    assert second_names == first_names
    assert second_items.keys() == first_items.keys()


def test_what_a_round_of_rendering_rendered_is_not_reused_by_the_next():
    renders = []
    page = environment(renders).get_template("page.html")
    uno = article("Uno")
    with tracing():
        render_traced(page, {"items": [uno], "lang": "it"})
    uno.title = "Uno rivisto"  # an edit applied to the preview's held build between two rounds
    with tracing():
        again = render_traced(page, {"items": [uno], "lang": "it"})[0]
    assert again == '<p lang="it">2 Uno rivisto (nota)</p>'


def test_arguments_equal_in_a_dict_but_of_other_types_are_other_keys():
    page = environment([]).get_template("page.html")
    uno = article("Uno")
    with tracing():
        as_number = render_traced(page, {"items": [uno], "lang": 1})[0]
        as_bool = render_traced(page, {"items": [uno], "lang": True})[0]
    assert (as_number, as_bool) == ('<p lang="1">1 Uno (nota)</p>', '<p lang="True">2 Uno (nota)</p>')


def test_a_page_that_gets_a_fragment_reads_what_the_fragment_read_and_not_what_the_first_page_read():
    renders = []
    env = environment(renders)
    uno, other = article("Uno"), article("Altro")
    with tracing():
        _, headed_names, headed_items = render_traced(env.get_template("headed.html"),
                                                      {"items": [uno], "lang": "it", "heading": "Titolo",
                                                       "other": other})
        text, plain_names, plain_items = render_traced(env.get_template("page.html"), {"items": [uno], "lang": "it"})
        keyword = render_traced(env.get_template("keyword.html"), {"items": [uno], "lang": "en"})[0]
    assert len(renders) == 2
    assert text == '<p lang="it">1 Uno (nota)</p>'
    assert keyword == '<p lang="en">2 Uno (nota)</p>'
    assert "heading" in headed_names
    assert "heading" not in plain_names
    assert {"NOTE", "count", "items", "lang"} <= set(plain_names)
    assert headed_items[id(uno), "title"] is uno
    assert headed_items[id(other), "title"] is other
    assert plain_items == {key: item for key, item in headed_items.items() if item is uno}


def test_equal_strings_and_tuples_are_one_key_and_each_item_keeps_the_attributes_read_from_it():
    renders = []
    pair = environment(renders).get_template("pairs.html")
    uno, due = article("Uno"), article("Due")
    with tracing():
        first = render_traced(pair, {"items": [uno, due], "marks": ("a", 1)})
        # Equal values made anew: another str object, another tuple.
        second = render_traced(pair, {"items": [uno, due], "marks": ("".join(["a"]), 1)})
        other = render_traced(pair, {"items": [uno, due], "marks": ("a", True)})
        another = render_traced(pair, {"items": [uno, due], "marks": ("b", 1)})
    assert first[0] == second[0] == "1Uno/Testo.a,1"
    assert other[0] == "2Uno/Testo.a,True"
    assert another[0] == "3Uno/Testo.b,1"
    assert len(renders) == 3
    assert second[2] == first[2]
    assert (first[2][id(uno), "title"], first[2][id(due), "summary"]) == (uno, due)
    assert (id(uno), "summary") not in second[2] and (id(due), "title") not in second[2]


def test_pages_rendered_untraced_share_fragments_as_well():
    # Production builds render without the render cache, so without tracing.
    renders = []
    page = environment(renders).get_template("page.html")
    uno = article("Uno")
    fragments.forget()
    try:
        texts = [page.render(items=[uno], lang="it") for _ in range(2)]
    finally:
        fragments.forget()
    assert texts == ['<p lang="it">1 Uno (nota)</p>'] * 2
