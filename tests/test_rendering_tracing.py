"""What the render cache follows while a page renders (plugins/rendering/writer.py, ``tracing``): every
attribute a template reads of an item, and not what an item's properties read to make their values."""

import copy

import jinja2
from pelican.contents import Article, Content
from pelican.settings import DEFAULT_CONFIG

from rendering.writer import computed_names, render_traced, tracing


def article(title):
    return Article("Testo.", metadata={"title": title}, settings=copy.deepcopy(DEFAULT_CONFIG),
                   source_path=f"/content/{title}.md")


def test_a_property_read_is_followed_but_not_what_it_reads_to_make_its_value():
    page = jinja2.Environment(autoescape=True).from_string("{{ item.url }} {{ item.title }}")
    uno = article("Uno")
    with tracing():
        output, _, items = render_traced(page, {"item": uno})
    assert output == f"{uno.url} Uno"
    # url reads the settings, the metadata, the slug... inside the property: its value is what is digested.
    assert {name for _, name in items} == {"url", "title"}


class Base:
    plain = 1

    @property
    def made(self):
        return 2

    def method(self):
        return 3


class Sub(Base):
    own = staticmethod(len)

    @property
    def more(self):
        return 4


def test_the_computed_names_are_the_descriptors_of_the_class_and_its_subclasses_but_functions():
    assert {"made", "more", "own"} <= computed_names(Base)
    assert not {"plain", "method"} & computed_names(Base)
    assert {"content", "summary", "url", "save_as"} <= computed_names(Content)


def test_a_page_s_reads_are_kept_by_item_sorted_without_the_untraced_names_whatever_their_order():
    from rendering.writer import AttributeDigests, item_identity

    uno, due, tre = article("Uno"), article("Due"), article("Tre")
    log = {(id(uno), "title"): uno, (id(due), "settings"): due, (id(uno), "__class__"): uno,
           (id(uno), "lang"): uno, (id(tre), "_context"): tre, (id(due), "url"): due}
    digests = AttributeDigests()
    reads = digests.read_by(log, "")
    assert [(identity, names) for identity, names, _ in reads] == sorted(
        [(item_identity(uno), ("lang", "title")), (item_identity(due), ("url",))])
    # The same reads in another order (another page): the same entry, from the names kept before.
    assert digests.read_by(dict(reversed(log.items())), "") == reads
    assert reads == AttributeDigests().read_by(dict(reversed(log.items())), "")
    assert reads[0][2] != reads[1][2]


class _WithFallback(Article):
    def __getattr__(self, name):
        if name == "nowhere":
            return "fallback"
        raise AttributeError(name)


def test_the_attributes_digested_are_what_getattr_gives_a_missing_one_and_a_fallback_included():
    from rendering.digest import combine
    from rendering.writer import AttributeDigests

    uno = article("Uno")
    other = _WithFallback("Testo.", metadata={"title": "Due"}, settings=copy.deepcopy(DEFAULT_CONFIG),
                          source_path="/content/Due.md")
    digests = AttributeDigests()
    with tracing():
        assert digests.group(uno, ("nowhere",), "") == combine(b"missing")
        assert digests.group(uno, ("title", "url"), "") == combine(digests.digester.raw("Uno"),
                                                                   digests.digester.raw(uno.url))
        assert digests.group(other, ("nowhere",), "") == combine(digests.digester.raw("fallback"))
