"""Macros rendered once per set of arguments (plugins/rendering/fragments.py, the template global ``once``):
the same text as the macro's, and each page that gets it reads what rendering it read, so the render
cache renders that page again when one of those reads changes."""

import copy

import jinja2
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG

from rendering.fragments import once
from rendering.writer import render_traced, tracing

TEMPLATES = {
    "card.html": ("{% macro _card_of(item, lang) %}<p lang=\"{{ lang }}\">{{ count() }} {{ item.title }}"
                  "{% include 'note.html' %}</p>{% endmacro %}{% set card = once(_card_of) %}"),
    "note.html": "{{ NOTE }}",
    "page.html": "{% from 'card.html' import card %}{% for item in items %}{{ card(item, lang) }}{% endfor %}",
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
