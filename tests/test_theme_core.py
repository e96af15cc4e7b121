"""The theme's pure helpers: which font files ship, external links, page kinds."""

from assets.fonts import choose_font_files
from assets.links import is_external, mark_external_links
from assets.page_kinds import one_per_kind, page_kind_of, scan_output

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
