"""Splitting a content file into front matter and body, and the internal
links of a body, on plain strings."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from common.errors import SiteError
from content_model.frontmatter import FrontMatterError, internal_links, split_front_matter
from publication.core import (Decision, decide, foreign_links, is_example_host, line_of_text, link_host, links_in_html,
                              links_in_text)


def refused(text, path="content/news/x.it.md"):
    with pytest.raises(FrontMatterError) as caught:
        split_front_matter(path, text)
    return caught.value


@pytest.mark.parametrize("closing", ["---", "...", "---   ", "...\t"])
def test_front_matter_closes_with_dashes_or_dots_and_trailing_blanks(closing):
    located, body, body_line = split_front_matter("f.md", f"---\ntitle: T\n{closing}\nUno\nDue\n")
    assert located.data == {"title": "T"}
    assert body == "Uno\nDue\n"
    assert body_line == 4


def test_the_first_closing_fence_ends_the_front_matter():
    located, body, body_line = split_front_matter("f.md", "---\na: 1\nb: 2\n---\ntesto\n---\naltro\n")
    assert located.data == {"a": 1, "b": 2}
    assert located.line_of("b") == 3
    assert body == "testo\n---\naltro\n"
    assert body_line == 5


def test_an_opening_fence_with_blanks_around_it_is_accepted():
    located, body, _ = split_front_matter("f.md", "  ---  \ntitle: T\n---\n")
    assert located.data == {"title": "T"}
    assert body == ""


def test_a_closing_fence_with_text_after_it_does_not_close():
    assert "not closed" in refused("---\ntitle: T\n--- x\n").errors[0].message


def test_empty_front_matter_is_an_empty_mapping():
    located, body, body_line = split_front_matter("f.md", "---\n---\nCorpo\n")
    assert located.data == {}
    assert located.lines == {}
    assert body == "Corpo\n"
    assert body_line == 3


def test_an_empty_file_has_no_front_matter():
    error = refused("", path="content/pages/vuota.it.md").errors[0]
    assert error == SiteError("content/pages/vuota.it.md", 1, None, "the file does not start with front matter",
                              "put a line '---' first, then 'title: ...' and the other fields, then '---'")


def test_an_unclosed_front_matter_is_one_error_on_line_one():
    error = refused("---\ntitle: T\nsummary: S\n").errors[0]
    assert error == SiteError("content/news/x.it.md", 1, None, "the front matter is not closed",
                              "add a line '---' after the last field")


def test_invalid_yaml_is_reported_at_its_file_line_with_a_fix():
    caught = refused("---\ntitle: T\nsummary: [aperta\n---\n")
    (error,) = caught.errors
    assert (error.path, error.line, error.field) == ("content/news/x.it.md", 4, None)
    assert "invalid YAML" in error.message
    assert error.fix
    assert str(caught) == error.format()


def test_a_yaml_error_without_its_own_fix_gets_the_general_one():
    error = refused("---\ntitle: T\ntags: a: b\n---\n").errors[0]
    assert error.fix == ("check that line: 'field: value', lists as [a, b], quotes closed; "
                         "put text containing ': ' in quotes")


def test_the_exception_text_joins_every_error():
    errors = [SiteError("a.md", 1, None, "uno"), SiteError("b.md", 2, "title", "due", "rimedio")]
    caught = FrontMatterError(errors)
    assert caught.errors == errors
    assert str(caught) == "a.md:1: uno; b.md:2: field 'title': due\n    how to fix: rimedio"


def test_internal_links_lose_anchor_query_and_trailing_punctuation():
    body = ("{attach}docs/bando.pdf?v=2.\n"
            "\n"
            "[a]({filename}/pages/chi.it.md#sezione), {static}img/x.png;\n"
            "{static}fine.jpg!:\n"
            "{static}img/BOX {static}img/XX.\n")
    assert internal_links(body, 7) == [
        ("attach", "docs/bando.pdf", 7),
        ("filename", "/pages/chi.it.md", 9),
        ("static", "img/x.png", 9),
        ("static", "fine.jpg", 10),
        ("static", "img/BOX", 11),
        ("static", "img/XX", 11),
    ]


@pytest.mark.parametrize("stop", [" ", ")", '"', "'", ">"])
def test_a_link_target_ends_at_a_blank_bracket_quote_or_tag_end(stop):
    assert internal_links(f"{{static}}a.png{stop}b\n", 1) == [("static", "a.png", 1)]


def test_other_braced_words_are_not_links():
    assert internal_links("{index}a.html {filename} {Static}b.png\n", 1) == []


# publication.core: what a build publishes, and the example domains ----------

NOW = datetime(2027, 2, 1, 12, tzinfo=timezone.utc)


@pytest.mark.parametrize("example, date, publish_examples, preview_scheduled, expected", [
    (False, None, False, False, Decision(True, False, False, None)),
    (True, None, True, False, Decision(True, True, False, None)),
    (True, None, False, True, Decision(False, True, False, "example")),
    (True, NOW + timedelta(seconds=1), False, True, Decision(False, True, True, "example")),
    (False, NOW + timedelta(seconds=1), True, False, Decision(False, False, True, "scheduled")),
    (False, NOW + timedelta(seconds=1), False, True, Decision(True, False, True, None)),
    (False, NOW, False, False, Decision(True, False, False, None)),
    (True, NOW - timedelta(days=1), True, False, Decision(True, True, False, None)),
])
def test_every_publication_decision_in_full(example, date, publish_examples, preview_scheduled, expected):
    assert decide(example, date, NOW, publish_examples, preview_scheduled) == expected
    assert Decision(True) == Decision(True, False, False, None)


@pytest.mark.parametrize("host, expected", [
    ("example.org", True), ("EXAMPLE.COM.", True), ("www.example.net", True), ("example", True),
    ("bandi.example", True), ("", False), (None, False), ("example.org.evil.it", False), ("notexample.org", False),
    ("example.it", False), ("myexample", False), ("comune.milano.it", False),
])
def test_example_hosts_are_the_reserved_ones_only(host, expected):
    assert is_example_host(host) is expected


@pytest.mark.parametrize("link, host", [
    ("https://www.comune.milano.it/a?b=c", "www.comune.milano.it"),
    ("HTTP://WWW.X.IT/", "www.x.it"),
    ("ftp://files.x.it/a", "files.x.it"),
    ("https://user@host.it/x", "host.it"),
    (" mailto:A@Comune.Milano.it?subject=x@y ", "Comune.Milano.it"),
    ("MAILTO:a@b.it", "b.it"),
    ("info@example.com", "example.com"),
    ("/it/notizie/", None), ("#top", None), ("//cdn.x.it/a", None), ("data:text/plain,x", None),
    ("https://", None), ("javascript:alert(1)", None),
])
def test_the_host_of_a_link(link, host):
    assert link_host(link) == host


def test_links_found_in_text_and_html_and_the_foreign_ones():
    text = 'a <x@y.it>, (https://a.it/b) "https://c.it" d@e.fr; mailto:f@g.com https://example.org/p'
    assert links_in_text(text) == ["https://a.it/b", "https://c.it", "https://example.org/p", "x@y.it", "d@e.fr",
                                   "f@g.com"]
    assert links_in_text(None) == [] and links_in_text(3) == []
    assert foreign_links(links_in_text(text)) == ["https://a.it/b", "https://c.it", "x@y.it", "d@e.fr", "f@g.com"]
    html = '<a href="/x">a</a><img src="i.png" alt="x@y.it"><a name="z"><link href=""><a HREF="h&amp;q"><p>t@u.it'
    assert links_in_html(html) == ["/x", "i.png", "h&q"]
    assert links_in_html(None) == [] and links_in_html("<a href='x") == []


def test_the_line_of_a_text():
    text = "uno\ndue https://x.it\ntre https://x.it\n"
    assert line_of_text(text, "https://x.it") == 2
    assert line_of_text(text, "uno") == 1
    assert line_of_text(text, "tre") == 3
    assert line_of_text(text, "quattro") == 1 and line_of_text(text, "quattro", default=7) == 7
