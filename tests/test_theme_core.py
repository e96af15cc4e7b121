"""The theme's pure helpers: which font files ship, external links, page kinds."""

import functools
import hashlib
import marshal
import re
from datetime import date, datetime, time, timedelta, timezone

import jinja2.runtime
import pytest
from markupsafe import Markup

from assets.fonts import choose_font_files
from assets.links import is_external, mark_external_links
from assets.page_kinds import one_per_kind, page_kind_of, scan_output
from rendering.digest import INLINE_BYTES, Digester, combine

PACKAGE_FILES = [
    f"titillium-web-{subset}-{weight}-{style}.woff2"
    for subset in ("latin", "latin-ext") for weight in (200, 300, 400, 600, 700) for style in ("normal", "italic")
] + ["titillium-web-latin-900-normal.woff2"]


def test_only_the_latin_subset_in_the_chosen_weights_ships():
    choice = choose_font_files(PACKAGE_FILES, weights=(400, 700), styles=("normal",), preload_weights=(400,))
    assert choice.files == ["titillium-web-latin-400-normal.woff2", "titillium-web-latin-700-normal.woff2"]
    assert choice.preload == ["titillium-web-latin-400-normal.woff2"]
    assert choice.missing == []


def test_a_weight_the_package_lacks_is_reported_missing():
    choice = choose_font_files(PACKAGE_FILES, weights=(400, 450), preload_weights=(450,))
    assert choice.missing == ["titillium-web-latin-450-normal.woff2"]
    assert choice.preload == []


def test_external_links_get_noopener_and_other_links_stay_byte_for_byte():
    fragment = ('<p>See <a href="https://www.comune.milano.it/x?a=1&amp;b=2">the City</a>, '
                '<a href="/it/notizie/">news</a>, <a href="#top">top</a>, '
                '<a href="mailto:a@b.it">mail</a> and\n<a class="x" href="http://example.org" rel="external">ext</a></p>')
    result = mark_external_links(fragment)
    assert '<a href="https://www.comune.milano.it/x?a=1&amp;b=2" rel="noopener noreferrer">' in result
    assert '<a class="x" href="http://example.org" rel="external noopener noreferrer">' in result
    assert '<a href="/it/notizie/">news</a>' in result
    assert '<a href="#top">' in result and '<a href="mailto:a@b.it">' in result
    assert result.replace(' rel="noopener noreferrer"', "").replace(" noopener noreferrer", "") == fragment


def test_links_to_the_site_itself_are_not_external():
    assert not is_external("https://manifattura.example.org/it/", "https://manifattura.example.org")
    assert is_external("https://other.example.org/", "https://manifattura.example.org")
    assert is_external("//cdn.example.org/x.js")
    assert not is_external("/it/")


def test_page_kind_is_read_from_the_body_and_one_page_kept_per_kind():
    assert page_kind_of('<html lang="en"><body class="x" data-page-kind="labs">') == ("en", "labs")
    assert page_kind_of("<html><body>") is None
    chosen = one_per_kind([("it/notizie/p/2/", "it", "listing"), ("it/casi/", "it", "listing"),
                           ("en/news/", "en", "listing")])
    assert chosen == {("it", "listing"): "it/casi/", ("en", "listing"): "en/news/"}


def test_page_kind_needs_both_the_language_and_the_kind():
    assert page_kind_of('<html lang="it"><body>') is None
    assert page_kind_of('<html><body data-page-kind="home">') is None
    assert page_kind_of('<html class="a" lang="it"><body data-page-kind="">') == ("it", "")
    assert page_kind_of('<html xml:lang="x" lang="en"><body id="b" data-page-kind="news">') == ("en", "news")
    assert page_kind_of('<html xlang="en"><body data-page-kind="news">') is None
    assert page_kind_of('<html lang="en"><body data-page-kinds="news">') is None


def test_the_shortest_path_wins_and_ties_go_to_the_first_in_order():
    chosen = one_per_kind([("it/b/", "it", "x"), ("it/a/", "it", "x"), ("it/aaaa/", "it", "x"),
                           ("it/c/", "en", "x"), ("it/zz/", "it", "y"), ("it/aaa/", "it", "y")])
    assert chosen == {("it", "x"): "it/a/", ("en", "x"): "it/c/", ("it", "y"): "it/zz/"}


def test_a_built_folder_gives_one_url_per_language_and_kind(tmp_path):
    def page(relpath, text):
        path = tmp_path / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    page("index.html", '<html lang="it"><body data-page-kind="home">')
    page("it/notizie/index.html", '<html lang="it"><body data-page-kind="listing">')
    page("it/notizie/p/2/index.html", '<html lang="it"><body data-page-kind="listing">')
    page("en/about.html", '<html lang="en"><body data-page-kind="page">')
    page("en/feed.xml", '<html lang="en"><body data-page-kind="feed">')
    page("google123.html", "google-site-verification")
    (tmp_path / "bad.html").write_bytes(b'<html lang="it"><body data-page-kind="\xff">')
    assert scan_output(tmp_path) == {("it", "home"): "", ("it", "listing"): "it/notizie/",
                                     ("en", "page"): "en/about.html", ("it", "\ufffd"): "bad.html"}


def test_page_kind_is_read_from_a_minified_production_page_too():
    # The production build's minifier drops the quotes of plain attribute values.
    assert page_kind_of("<html lang=en><body class=x data-page-kind=labs>") == ("en", "labs")
    assert page_kind_of('<html lang=it><body data-page-kind="home">') == ("it", "home")
    assert page_kind_of("<html lang=it><body data-page-kind=>") == ("it", "")


def test_every_way_of_writing_a_link_gets_its_rel_and_nothing_else_changes():
    import re

    import lxml.html

    fragment = ('<p><a href="https://a.example/">1</a> <A HREF="https://b.example/" REL="me">2</A> '
                "<a href='https://c.example/' rel='nofollow'>3</a> <a href=https://d.example/ rel=nofollow>4</a>\n"
                '<a href="https://e.example/" rel="noopener">5</a> <a href="https://f.example/"/> text\n'
                '  <a\n   href="HTTPS://G.EXAMPLE/"\n>7</a> <a href="&#104;ttps://h.example/">8</a> <a name="top">9</a> '
                '<a href=" https://i.example/ ">10</a> <a href="https://OWN.example/x">11</a> '
                '<a href="ftp://j.example/">12</a></p>')
    result = mark_external_links(fragment, "https://Own.Example")
    both = "noopener noreferrer"
    assert [(a.get("href"), a.get("rel")) for a in lxml.html.fragment_fromstring(result).iter("a")] == [
        ("https://a.example/", both), ("https://b.example/", f"me {both}"), ("https://c.example/", f"nofollow {both}"),
        ("https://d.example/", f"nofollow {both}"), ("https://e.example/", both), ("https://f.example/", both),
        ("HTTPS://G.EXAMPLE/", both), ("https://h.example/", both), (None, None), (" https://i.example/ ", both),
        ("https://OWN.example/x", None), ("ftp://j.example/", None)]
    without_rel = re.compile(r"""\s?rel=("[^"]*"|'[^']*'|[^\s>]+)""", re.I)
    assert without_rel.sub("", result) == without_rel.sub("", fragment)
    assert mark_external_links("<p>no links</p>") == "<p>no links</p>"
    assert is_external("https://manifattura.example.org/x") and not is_external("mailto:a@example.org")
    # Browsers read "https:///x.example/" as https://x.example/: another site.
    assert is_external("https:///x.example/")
    assert 'rel="noopener noreferrer"' in mark_external_links('<a href="https:///x.example/">x</a>')


def test_the_rel_attribute_is_found_by_its_name_not_inside_another_attributes_value():
    import lxml.html

    fragment = ('<p><a title="see rel=x" href="https://a.example/">1</a> '
                '<a title=\'a rel="me" b\' href="https://b.example/" rel="me">2</a> '
                '<a data-x="rel=nofollow" rel href="https://c.example/">3</a> '
                '<a href="https://d.example/" title="x>rel=y" REL=nofollow>4</a></p>')
    result = mark_external_links(fragment)
    both = "noopener noreferrer"
    assert [(a.get("title"), a.get("data-x"), a.get("rel")) for a in lxml.html.fragment_fromstring(result).iter("a")] == [
        ("see rel=x", None, both), ('a rel="me" b', None, f"me {both}"), (None, "rel=nofollow", both),
        ("x>rel=y", None, f"nofollow {both}")]
    # Only the rel attribute itself changes: the rest reaches the page byte for byte.
    assert result == fragment.replace('example/">1', 'example/" rel="noopener noreferrer">1').replace(
        'rel="me">2', 'rel="me noopener noreferrer">2').replace(' rel href', ' rel="noopener noreferrer" href').replace(
        "REL=nofollow", 'rel="nofollow noopener noreferrer"')


# rendering.digest: the digests a page's values are compared by between builds ---

class Item:
    def __init__(self, path, title):
        self.path, self.title = path, title


class Slotted:
    __slots__ = ("a", "b")

    def __init__(self, a):
        self.a = a


class MoreSlots(Slotted):
    __slots__ = ("c",)

    def __init__(self, a, c):
        super().__init__(a)
        self.c = c


class Opaque:
    def __init__(self, state):
        self.state = state


class BrokenRepr:
    __slots__ = ()

    def __repr__(self):
        raise RuntimeError("no repr")


def unfilled_closure():
    def inner():
        return later
    return inner
    later = None  # never run: the closure's cell stays empty  # noqa: F841


def digester(view=None, opaque=None):
    return Digester(lambda value: isinstance(value, Item), lambda item: item.path, opaque=opaque, view=view)


def digest(value, **options):
    return digester(**options).digest(value)


def test_short_atoms_stand_for_themselves_and_long_ones_are_hashed():
    raw = digester().raw
    assert [raw("é"), raw(b"ab"), raw(bytearray(b"ab")), raw(1), raw(True), raw(None), raw(2.5)] == [
        b"str\x00\xc3\xa9", b"bytes\x00ab", b"bytes\x00ab", b"int\x001", b"bool\x00True", b"NoneType\x00None",
        b"float\x002.5"]
    assert raw("a" * 64) == b"str\x00" + b"a" * 64 and INLINE_BYTES == 64
    long = "a" * 65
    assert raw(long) == combine("str", long.encode()) and len(raw(long)) == 20
    assert raw(date(2027, 1, 2)) == b"date\x00datetime.date(2027, 1, 2) None"
    assert raw(datetime(2027, 1, 2, 3, tzinfo=timezone.utc)) == \
        combine("datetime", b"datetime.datetime(2027, 1, 2, 3, 0, tzinfo=datetime.timezone.utc) UTC")
    assert raw(time(1, 2)) == b"time\x00datetime.time(1, 2) None"
    assert raw(timedelta(days=1)) == b"timedelta\x00datetime.timedelta(days=1) None"
    # A lone surrogate (from a file name that is not UTF-8) has a digest too.
    assert raw("\udcff") == b"str\x00\xed\xb3\xbf"


def test_combine_tells_parts_apart_by_their_length_and_type():
    assert combine("ab", "c") != combine("a", "bc")
    assert combine("ab", b"c") != combine(b"ab", "c")
    # One marshal (version 2) of the parts, each written with its type and length, hashed once.
    assert combine() == hashlib.blake2b(marshal.dumps((), 2), digest_size=20).digest()
    assert combine("a", b"b") == hashlib.blake2b(marshal.dumps(("a", b"b"), 2), digest_size=20).digest()


def test_a_digest_is_the_same_in_every_process():
    # The digests are kept between builds: what a value gives must not depend on
    # the process (set order, object addresses, hash randomisation).
    # (A set of strings inside plain data digested by its marshal bytes keeps its iteration order, which
    # depends on the hash seed: builds run with PYTHONHASHSEED=0, common.sitebuild.build_env. Here the set
    # sits beside an item, so it is digested node by node, sorted.)
    value = {"a": [1, 2.5, "x" * 70, None, True], "b": (b"bytes", frozenset({"q", "p"}), Item("news/b.md", "B")),
             "c": date(2027, 1, 2),
             "d": Item("news/a.md", "A"), "e": Slotted(3), "f": len, "g": Item, "h": hashlib}
    assert digest(value) == "12578201564d0fe65645109fe18e08b1cd2b921d"
    # A C object by its repr, a method of a str, a closure whose cell is still empty, a value seen through a view.
    assert digest([re.compile("a+"), "-".join, unfilled_closure()]) == "4d31f5788f9f412faa9ea79dc67ffeab86d0941e"
    assert digest(Slotted(7), view=lambda v: {"content": v.a} if isinstance(v, Slotted) else v) == "08a5c91264208df19b96ae91d0c54079948d0a73"
    loop = {"name": "a"}
    loop["self"] = loop
    assert digest([loop, functools.partial(max, 1, key=abs), Opaque(1), Item("news/\udcff.md", "A")],
                  opaque=lambda v: isinstance(v, Opaque)) == "6f67e098b4a36e16f25794c79840edadabf13e28"
    # A lone surrogate (a file name that is not UTF-8) in an item's path or in combine().
    assert combine("\udcff") != combine("\udcfe")


def test_equal_values_are_equal_and_any_difference_differs():
    values = [1, 1.0, "1", True, [1], (1,), {1}, {1: 1}, b"1", None, 0, "", [], (), {}, set(), [[]], [(1, 2)],
              [1, 2], [2, 1], {"a": 1, "b": 2}, {"b": 2, "a": 1}, {"a": [1]}, {"a": (1,)}, date(2027, 1, 2),
              datetime(2027, 1, 2), datetime(2027, 1, 2, tzinfo=timezone.utc), time(1), timedelta(1), Slotted(1),
              MoreSlots(1, 2), Opaque(1), Opaque(2), Item("a.md", "A"), Item("b.md", "A"), str, int, len, max,
              functools.partial(max, 1), functools.partial(max, 2), functools.partial(min, 1), hashlib, functools,
              "a" * 65, "a" * 66, [["a"], "b"], [["a", "b"]], {("a", "b"): 1}, {"a": "b", "": 1}]
    digests = [digest(value) for value in values]
    assert len(set(digests)) == len(values)
    assert digests == [digest(value) for value in values]
    assert digest({3, 1, 2}) == digest({2, 3, 1}) == digest(frozenset({1, 2, 3}))
    assert digest(bytearray(b"x")) == digest(b"x")


def test_a_str_subclass_and_a_view_are_digested_by_what_they_hold():
    # Markup, a str subclass, is printed as it is where a str's "<b>" is escaped: never the same digest.
    raw = digester().raw
    values = [Markup("<b>"), "<b>", Markup("<i>"), Markup("\udcff"), Markup("x" * 70), Markup("y" * 70)]
    assert len({raw(value) for value in values}) == len(values)
    assert raw(Markup("<b>")) == b"Markup\x00<b>"
    # A view that is not plain data (it holds Markup) is digested node by node, by what it shows.
    shows = lambda v: {"content": Markup(v.a)} if isinstance(v, Slotted) else v  # noqa: E731
    assert digest(Slotted("a"), view=shows) != digest(Slotted("b"), view=shows)
    assert digest(Slotted("a"), view=shows) == digest(Slotted("a"), view=shows)


def test_an_item_counts_by_identity_and_every_item_met_is_kept():
    first, renamed, other = Item("news/a.md", "A"), Item("news/a.md", "B"), Item("news/b.md", "A")
    one = digester()
    assert one.digest({"x": [first, other]}) == digester().digest({"x": [renamed, other]})
    assert one.items_met == {"news/a.md": first, "news/b.md": other}
    assert digest(first) != digest({"path": "news/a.md"})


def test_functions_count_by_module_name_closure_defaults_and_what_they_are_bound_to():
    def make(table, scale=1):
        def read(key, factor=scale):
            return table[key] * factor
        return read

    def unfilled():
        def inner():
            return later
        later = 1
        return inner

    assert digest(make({"a": 1})) == digest(make({"a": 1}))
    assert digest(make({"a": 1})) != digest(make({"a": 2}))
    assert digest(make({"a": 1})) != digest(make({"a": 1}, scale=2))
    assert digest(Slotted(1).__init__) != digest(Slotted(2).__init__)
    assert digest(Slotted(1).__init__) == digest(Slotted(1).__init__)
    assert digest("".join) != digest("-".join)
    assert digest(len) == digest(len) and digest(len) != digest(max)
    assert digest(unfilled()) == digest(unfilled())


def test_objects_count_by_class_and_every_attribute_slots_included():
    assert digest(Slotted(1)) != digest(Slotted(2))
    assert digest(MoreSlots(1, 2)) != digest(MoreSlots(1, 3)) != digest(MoreSlots(2, 2))
    half = Slotted(1)
    half.b = 5
    assert digest(half) != digest(Slotted(1))
    assert digest(Opaque(1)) != digest(Opaque(2))
    assert digest(Opaque(1), opaque=lambda value: isinstance(value, Opaque)) == \
        digest(Opaque(2), opaque=lambda value: isinstance(value, Opaque))
    assert digest(Opaque(1), opaque=lambda value: isinstance(value, Opaque)) != \
        digest(Item, opaque=lambda value: isinstance(value, Opaque))


def test_an_object_without_attributes_counts_by_its_repr():
    assert digest(range(3)) == digest(range(3)) and digest(range(3)) != digest(range(4))
    broken = BrokenRepr()
    assert digest(broken) == digest(broken)
    assert digest(broken) != digest(BrokenRepr())


def test_a_view_replaces_a_value_and_is_told_apart_from_the_value_itself():
    def only_content(value):
        return {"content": value.a} if isinstance(value, Slotted) else value

    assert digest(Slotted(1), view=only_content) == digest(MoreSlots(1, 9), view=only_content)
    assert digest(Slotted(1), view=only_content) != digest({"content": 1})
    assert digest(Slotted(1), view=only_content) != digest(Slotted(2), view=only_content)


def test_a_value_that_contains_itself_has_a_digest_of_its_place():
    loop = {"name": "a"}
    loop["self"] = loop
    assert digest(loop) == digest(loop)
    assert digest(loop) != digest({"name": "a", "self": {}})
    listed = [1]
    listed.append(listed)
    assert digest(listed) != digest(loop) and digest(listed) != digest([1, []])


def test_a_container_met_twice_is_digested_once_and_a_failure_leaves_no_trace():
    # An object inside: no marshal bytes, so the list is digested node by node, and met twice, once.
    shared = [1, Opaque(2)]
    seen = []

    def counting(value):
        seen.append(value)
        return value

    one = digester(view=counting)
    assert one.digest([shared, shared]) == digester().digest([[1, Opaque(2)], [1, Opaque(2)]])
    # The outer list, the shared one once, its object (whose attributes are digested name by name).
    assert len(seen) == 3 and seen[1] is shared and seen[2] is shared[1]
    assert one.digest(shared) == digester().digest([1, Opaque(2)]) and len(seen) == 3
    calls = []

    def failing_once(value):
        if isinstance(value, Opaque):
            calls.append(value)
            if len(calls) == 1:
                raise LookupError("once")
        return value

    flaky = digester(view=failing_once)
    value = Opaque(1)
    with pytest.raises(LookupError):
        flaky.digest(value)
    assert flaky.digest(value) == digest(Opaque(1))


# The rendering plugin's Jinja fast paths (rendering/fastjinja.py) ------------------------------

FAST_PATH_TEMPLATES = {
    "macros.html": "{% macro shout(x) %}{{ x|upper }}{{ suffix }}{% endmacro %}",
    "part.html": "[{{ d.title }}]",
    "page.html": ("{% include 'missing.html' ignore missing %}{% include 'part.html' %}"
                  "{% include 'missing.html' ignore missing %}{% include 'part.html' %}"
                  "{% from 'macros.html' import shout %}"
                  "{{ d.title }}|{{ d.missing is defined }}|{{ d.items is callable }}|{{ d.keys()|list|length }}|"
                  "{{ obj.real }}|{{ t.count(1) }}|{{ shout(d.title) }}|{{ d.nested.deep }}|{{ d.get('title') }}"),
}


def _render_fast_path_page(environment_class):
    from jinja2 import DictLoader, Environment, TemplateNotFound

    environment = (environment_class or Environment)(loader=DictLoader(FAST_PATH_TEMPLATES), autoescape=True,
                                                     auto_reload=False)
    environment.globals["suffix"] = "!"
    values = {"d": {"title": "<Titolo>", "items": "a key named like a dict method", "nested": {"deep": 3}},
              "obj": 2.5, "t": (1, 1, 2)}
    page = environment.get_template("page.html")
    try:
        environment.get_template("missing.html")
    except TemplateNotFound as missing:  # the same error, the second time too
        message = missing.message
    else:
        message = None
    return [page.render(values), page.render(values), message]  # the second with the imported module cached


def test_jinja_s_fast_paths_render_what_jinja_renders():
    from jinja2.environment import Environment, Template

    from rendering import fastjinja

    before = _render_fast_path_page(None)
    saved = (Environment.getattr, Template._get_default_module, Environment._load_template, jinja2.runtime.escape,
             jinja2.environment.new_context)
    fastjinja.install()
    try:
        after = _render_fast_path_page(None)
        # What the templates compiled from now on escape with, and what makes their contexts.
        installed = jinja2.runtime.escape, jinja2.environment.new_context
    finally:
        (Environment.getattr, Template._get_default_module, Environment._load_template, jinja2.runtime.escape,
         jinja2.environment.new_context) = saved
    assert installed == (fastjinja.fast_escape, fastjinja.fast_new_context)
    assert after == before
    assert before[0] == "[&lt;Titolo&gt;][&lt;Titolo&gt;]&lt;Titolo&gt;|False|True|3|2.5|2|&lt;TITOLO&gt;!|3|&lt;Titolo&gt;"
    assert before[2] == "missing.html"


class _Html:
    def __html__(self):
        return "<i>safe</i>"


class _Text(str):
    pass


def test_the_fast_escape_gives_what_markupsafe_gives():
    from markupsafe import escape

    from rendering.fastjinja import fast_escape

    for value in ["<a href='x'>&\"", "", "testo", Markup("<b>"), _Html(), _Text("<u>"), 3, 2.5, None, ("<",)]:
        assert fast_escape(value) == escape(value)
        assert type(fast_escape(value)) is Markup


def test_the_fast_context_holds_what_jinja_s_holds_in_the_same_order():
    from jinja2 import Environment
    from jinja2.runtime import missing, new_context

    from rendering.fastjinja import fast_new_context

    environment = Environment()
    environment.globals.update(site="globale", shared_name="dell'ambiente", other=1)
    template = environment.from_string("{{ site }}", globals={"shared_name": "del modello", "own": 2})
    page = {"page": "pagina", "site": "della pagina"}
    for shared in (False, True):
        for locals in (None, {}, {"local": 3, "site": "locale", "gone": missing}):
            made = [make(environment, "t", template.blocks, dict(page), shared, template.globals, locals)
                    for make in (new_context, fast_new_context)]
            assert [list(context.parent.items()) for context in made] == [list(made[0].parent.items())] * 2
            assert made[1].globals_keys == made[0].globals_keys
            assert {"site", "shared_name", "other", "own", "range"} <= made[1].globals_keys
    passed = {"page": "pagina"}
    fast_new_context(environment, "t", template.blocks, passed, True, template.globals, {"local": 3})
    assert passed == {"page": "pagina"}  # a shared dict is copied before locals are added, as Jinja does


def test_the_render_processes_claim_every_page_once():
    from common.background import BackgroundJob
    from rendering.writer import CLAIM, Claims

    claims = Claims(CLAIM * 40 + 3)
    other = BackgroundJob("claims", list, claims)
    mine = list(claims)
    theirs = other.result()
    assert sorted(mine + theirs) == list(range(CLAIM * 40 + 3))


def test_a_fragment_whose_only_link_is_written_in_capitals_gets_its_rel():
    # The fragments without "<a" are returned as they are: one in capitals still counts as a link.
    assert mark_external_links('<P><A HREF="https://a.example/">1</A></P>') == (
        '<P><A HREF="https://a.example/" rel="noopener noreferrer">1</A></P>')
    assert mark_external_links("<p>a < b, <abbr>x</abbr></p>") == "<p>a < b, <abbr>x</abbr></p>"


def test_every_way_an_href_may_name_another_site_is_read_when_it_is_the_only_link():
    # Bodies whose links all stay within the site are returned without the tokenizer: each of these
    # single links is still rewritten.
    for href in ("//cdn.example/x", "&#104;ttps://h.example/", "HT\nTPS://x.example/", "Ht\ttp:x", " \x01https://x.example/"):
        fragment = f'<p>See <a href="{href}">this</a>.</p>'
        assert mark_external_links(fragment) == fragment.replace('">this', '" rel="noopener noreferrer">this')
    within = '<p>See <a href="/it/notizie/">the news</a>: ftp:x and mailto:a@example.org.</p>\n'
    assert mark_external_links(within) == within
