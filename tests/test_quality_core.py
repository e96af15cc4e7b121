"""The pure checks of invoke check (plugins/quality): page facts, links,
summaries and translations, findings and the report, without a build."""

from __future__ import annotations

import pytest

from dataclasses import replace

from quality import content, htmlscan, links, nu, pages, sources
from site_model import model_from_file

MODEL = model_from_file()
from quality.report import ERROR, NOTICE, WARNING, Finding, Outcome, format_report


def test_links_resolve_relative_root_and_absolute_site_urls():
    assert links.resolve("it/a/index.html", "../b/#x") == ("it/b/index.html", "x")
    assert links.resolve("it/a/index.html", "/en/") == ("en/index.html", "")
    assert links.resolve("it/a/index.html", "https://site.example/it/", ["https://site.example"]) == ("it/index.html", "")
    assert links.resolve("it/a/index.html", "#top") == ("it/a/index.html", "top")
    assert links.resolve("it/a/index.html", "https://other.example/") is None
    assert links.resolve("it/a/index.html", "mailto:a@b.it") is None
    # Names beginning or ending in X, and the root page's "." and "./".
    assert links.resolve("it/a/index.html", "https://site.example/MX/it/", ["https://site.example/MX/"]) == (
        "it/index.html", "")
    assert links.resolve("it/a/index.html", "https://site.example/Xy/", ["https://site.example"]) == ("Xy/index.html", "")
    assert links.resolve("it/a/index.html", "/Xa/") == ("Xa/index.html", "")
    assert links.resolve("index.html", "./") == ("index.html", "")
    assert links.resolve("index.html", ".") == ("index.html", "")


def test_broken_links_and_missing_anchors_are_found():
    site = {
        "it/index.html": htmlscan.scan('<a href="/it/a/#here">ok</a>\n<a href="/it/b/">gone</a>\n<a href="/it/a/#nope">x</a>'),
        "it/a/index.html": htmlscan.scan('<h2 id="here">H</h2><img src="/img/x.png" alt="x">'),
    }
    findings, checked = links.broken_links(site, {"it/index.html", "it/a/index.html", "img/x.png"})
    assert checked == 4
    assert sorted((f.path, f.line) for f in findings) == [("it/index.html", 2), ("it/index.html", 3)]


def test_images_need_alt_and_editors_images_need_words():
    facts = htmlscan.scan('<img src="logo.svg" alt=""><img src=mark.svg alt><img src="a.png">'
                          '<div class="item-body"><p><img src="b.png" alt=""></p></div>')
    messages = [f.message for f in pages.image_findings("p.html", facts)]
    assert len(messages) == 2 and "a.png" in messages[0] and "b.png" in messages[1]


def test_jsonld_that_does_not_parse_is_an_error_with_its_line():
    facts = htmlscan.scan('<p>x</p>\n<script type="application/ld+json">{"@type": "Thing",}</script>')
    found, _ = pages.jsonld_findings("p.html", facts)
    assert [(f.line, f.severity) for f in found] == [(2, ERROR)]


def test_summaries_too_long_are_errors_and_untranslated_items_are_listed():
    items = [
        {"path": "content/news/a.it.md", "section": "news", "key": "a", "lang": "it", "summary": "x" * 300, "line": 3},
        {"path": "content/news/a.en.md", "section": "news", "key": "a", "lang": "en", "summary": "A fine summary here.", "line": 3},
        {"path": "content/news/b.it.md", "section": "news", "key": "b", "lang": "it", "summary": "Un sommario giusto.", "line": 3},
    ]
    long = content.summary_findings(items)
    assert [(f.path, f.severity) for f in long if f.severity == ERROR] == [("content/news/a.it.md", ERROR)]
    missing = content.translation_findings(items, ("it", "en"))
    assert [(f.path, f.severity) for f in missing] == [("content/news/b.it.md", NOTICE)]
    assert "content/news/b.en.md" in missing[0].message


def test_nu_messages_become_findings_relative_to_the_site(tmp_path):
    report = {"messages": [
        {"type": "error", "url": f"file:{tmp_path}/it/index.html", "lastLine": 7, "message": "Stray end tag “div”."},
        {"type": "info", "url": f"file:{tmp_path}/it/index.html", "message": "just info"},
    ]}
    assert nu.parse(report, tmp_path) == [Finding("html", "it/index.html", 7, "Stray end tag “div”.")]


def test_report_collapses_a_template_bug_into_one_line():
    outcome = Outcome([Finding("links", f"p{i}.html", 3, "'/x/' points to no file of the site") for i in range(9)],
                      {"pages": 9})
    report = format_report(outcome)
    assert "(on 9 pages, e.g. p0.html:3, p1.html:3)" in report
    assert report.splitlines()[-1].startswith("FAILED: 9 error(s)")


def test_summary_findings_at_each_length_edge_are_exact():
    def item(length, path="content/news/a.it.md"):
        return {"path": path, "line": 3, "summary": "x" * length}
    found = content.summary_findings([item(19), item(20), item(160), item(161), item(250), item(251)])
    assert found == [
        Finding("summary", "content/news/a.it.md", 3, "summary is 19 characters: say what the item is in one sentence",
                WARNING),
        Finding("summary", "content/news/a.it.md", 3, "summary is 161 characters: search engines show about 160",
                NOTICE),
        Finding("summary", "content/news/a.it.md", 3, "summary is 250 characters: search engines show about 160",
                NOTICE),
        Finding("summary", "content/news/a.it.md", 3, "summary is 251 characters: shorten it to at most 250")]
    spaced = content.summary_findings([{"path": "p", "summary": "  una   frase   di   venti   caratteri  "}])
    assert spaced == []
    assert content.summary_findings([{"path": "p", "summary": None}]) == [
        Finding("summary", "p", None, "summary is 0 characters: say what the item is in one sentence", WARNING)]
    assert content.summary_findings([item(30)], maximum=10, advised=5, minimum=1)[0].message == \
        "summary is 30 characters: shorten it to at most 10"


def test_translation_findings_name_the_missing_file_once_per_item_and_language():
    items = [{"path": "content/cases/k.en.md", "section": "cases", "key": "k", "lang": "en"},
             {"path": "content/news/a.it.md", "section": "news", "key": "a", "lang": "it"},
             {"path": "content/news/a.en.md", "section": "news", "key": "a", "lang": "en"}]
    assert content.translation_findings(items, ("it", "en", "fr")) == [
        Finding("translations", "content/cases/k.en.md", None, "no 'it' version: add content/cases/k.it.md", NOTICE),
        Finding("translations", "content/cases/k.en.md", None, "no 'fr' version: add content/cases/k.fr.md", NOTICE),
        Finding("translations", "content/news/a.en.md", None, "no 'fr' version: add content/news/a.fr.md", NOTICE)]


def test_registry_findings_keep_path_and_line_and_list_the_rest():
    # A path of its own (here not data/<registry>.yaml) is the one named.
    missing = [{"registry": "labs", "path": "data/registri/labs.yaml", "line": 4, "id": "a", "field": "description", "lang": "en"},
               {"registry": "areas", "id": "z"}, "a plain record"]
    assert content.registry_findings(missing) == [
        Finding("registry-translations", "data/registri/labs.yaml", 4, "registry=labs, id=a, field=description, lang=en", NOTICE),
        Finding("registry-translations", "data/areas.yaml", None, "registry=areas, id=z", NOTICE),
        Finding("registry-translations", "data/", None, "a plain record", NOTICE)]
    assert content.registry_findings([{"id": "x"}])[0].path == "data/?.yaml"
    assert content.registry_findings(None) == []


def test_jsonld_findings_report_each_problem_with_its_line_and_collect_types():
    facts = htmlscan.scan(
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Thing"}</script>\n'
        '<script type="application/ld+json">[{"@type": ["A", "B"]}, 3, {"name": "x"}]</script>\n'
        '<script type="application/ld+json">\n{\n"@type": "X",\n}</script>')
    found, types = pages.jsonld_findings("p.html", facts)
    assert found == [
        Finding("jsonld", "p.html", 2, "JSON-LD ('A', 'B') without @context".replace("('A', 'B')", "['A', 'B']")),
        Finding("jsonld", "p.html", 2, "JSON-LD block without @type"),
        Finding("jsonld", "p.html", 2, "JSON-LD block without @type"),
        Finding("jsonld", "p.html", 6, "JSON-LD does not parse: Expecting property name enclosed in double quotes")]
    assert types == {"Thing", ("A", "B")}


def test_page_findings_want_a_breadcrumb_unless_told_otherwise():
    bare = htmlscan.scan('<img src="a.png">')
    assert pages.page_findings("p.html", bare) == [
        Finding("images", "p.html", 1, "<img src='a.png'> has no alt attribute"),
        Finding("breadcrumb", "p.html", None, "no BreadcrumbList JSON-LD", WARNING)]
    assert pages.page_findings("p.html", bare, require_breadcrumb=False) == [
        Finding("images", "p.html", 1, "<img src='a.png'> has no alt attribute")]
    crumbs = htmlscan.scan('<script type="application/ld+json">'
                           '{"@context": "https://schema.org", "@type": "BreadcrumbList"}</script>')
    assert pages.page_findings("p.html", crumbs) == []


def test_image_findings_are_exact():
    facts = htmlscan.scan('<img src="a.png">\n<div class="item-body"><img src="b.png" alt=" "></div>')
    assert pages.image_findings("p.html", facts) == [
        Finding("images", "p.html", 1, "<img src='a.png'> has no alt attribute"),
        Finding("images", "p.html", 2,
                "image 'b.png' in the text has an empty description: write it as ![what the image shows](b.png)")]


@pytest.mark.parametrize("page, url, site_urls, expected", [
    ("it/a/index.html", "", (), ("it/a/index.html", "")),
    ("it/a/index.html", "?q=1#x", (), ("it/a/index.html", "x")),
    ("it/a/index.html", "b.html", (), ("it/a/b.html", "")),
    ("it/a/index.html", "../../../x/", (), ("..", "")),
    ("it/a/index.html", "/", (), ("index.html", "")),
    ("it/a/index.html", "/it", (), ("it", "")),
    ("it/a/index.html", "/it/caff%C3%A8/", (), ("it/caffè/index.html", "")),
    ("it/a/index.html", "https://site.example", ["https://site.example/"], ("index.html", "")),
    ("it/a/index.html", "https://site.example#top", ["https://site.example"], ("index.html", "top")),
    ("it/a/index.html", "https://site.example.org/", ["https://site.example"], None),
    ("it/a/index.html", "//cdn.example/x.js", (), None),
    ("it/a/index.html", "tel:+390", (), None),
    ("it/a/index.html", "webcal://x/cal.ics", (), None),
    ("it/a/index.html", ".", (), ("it/a", "")),  # broken_links then looks for it/a/index.html
])
def test_resolve_every_form_of_url(page, url, site_urls, expected):
    assert links.resolve(page, url, site_urls) == expected


def test_broken_links_count_internal_ones_and_accept_folders_without_index():
    site = {"it/index.html": htmlscan.scan('<a href="/it/a">a</a><a href="https://x.example/">x</a>\n'
                                           '<a href="/doc.pdf#p2">d</a><a href="/it/#nope">n</a><a href="/manca/">m</a>'),
            "it/a/index.html": htmlscan.scan('<p id="here">x</p>')}
    findings, checked = links.broken_links(site, {"it/index.html", "it/a/index.html", "doc.pdf"})
    assert checked == 4
    assert findings == [Finding("links", "it/index.html", 2, "'/it/#nope': no element with id 'nope' on it/index.html"),
                        Finding("links", "it/index.html", 2, "'/manca/' points to no file of the site")]


def test_format_report_is_exact_with_errors_warnings_notices_and_figures():
    outcome = Outcome([Finding("links", "b.html", 2, "'/x/' points to no file of the site"),
                       Finding("html", "a.html", None, "Stray end tag"),
                       Finding("summary", "content/news/a.it.md", 3, "too long", WARNING),
                       Finding("translations", "content/news/a.it.md", None, "no 'en' version", NOTICE),
                       Finding("custom", "c.html", 1, "custom check")],
                      {"pages": 3, "validated": 2, "links": 40, "images": 5, "jsonld": 6, "items": 7, "seconds": 1.25})
    assert format_report(outcome) == "\n".join([
        "Site check",
        "3 pages checked (2 by the Nu Html Checker), 40 internal links, 5 images, 6 JSON-LD blocks, "
        "7 content files in 1.2 s",
        "ERROR · custom (1)", "  c.html:1: custom check",
        "ERROR · Nu Html Checker (1)", "  a.html: Stray end tag",
        "ERROR · Broken internal links and anchors (1)", "  b.html:2: '/x/' points to no file of the site",
        "WARNING · Summaries (1)", "  content/news/a.it.md:3: too long",
        "NOTICE · Items not translated (1)", "  content/news/a.it.md: no 'en' version",
        "FAILED: 3 error(s) to fix before publishing. 1 warning(s), 1 notice(s).",
    ])


def test_format_report_verdicts_and_the_limit_per_check():
    assert format_report(Outcome()).splitlines() == [
        "Site check", "0 pages checked (0 by the Nu Html Checker), 0 internal links, 0 images, 0 JSON-LD blocks, "
        "0 content files in 0.0 s", "OK: nothing to fix. 0 warning(s), 0 notice(s)."]
    notices = Outcome([Finding("summary", f"p{i}", None, f"m{i}", NOTICE) for i in range(3)])
    report = format_report(notices, limit_per_check=2).splitlines()
    assert report[2:] == ["NOTICE · Summaries (3)", "  p0: m0", "  p1: m1", "  ... and 1 more",
                          "OK: no errors. 0 warning(s), 3 notice(s)."]
    same = Outcome([Finding("links", f"p{i}.html", None, "same") for i in range(3)])
    assert format_report(same).splitlines()[3:6] == ["  p0.html: same", "  p1.html: same", "  p2.html: same"]


def test_content_records_read_published_items_with_their_summary_line(tmp_path):
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.it.md").write_text("---\ntitle: A\nsummary: Il sommario.\ndate: 2027-01-01\n---\nT\n")
    (tmp_path / "news" / "bozza.it.md").write_text("---\ntitle: B\nstatus: draft\nsummary: S\n---\nT\n")
    (tmp_path / "news" / "rotto.it.md").write_text("---\ntitle: [\n---\nT\n")
    (tmp_path / "news" / "senza-lingua.md").write_text("---\ntitle: C\n---\nT\n")
    (tmp_path / "news" / "lista.en.md").write_text("---\n- a\n---\nT\n")
    (tmp_path / "altro.it.md").write_text("---\ntitle: D\n---\nT\n")
    fields = ("path", "section", "key", "lang", "summary", "line")
    assert [{name: record[name] for name in fields} for record in sources.content_records(tmp_path, MODEL)] == [
        {"path": "content/news/a.it.md", "section": "news", "key": "a", "lang": "it", "summary": "Il sommario.",
         "line": 3},
        {"path": "content/news/lista.en.md", "section": "news", "key": "lista", "lang": "en", "summary": None,
         "line": None}]
    assert sources.content_records(tmp_path, replace(MODEL, languages=(MODEL.language("en"),)))[0]["key"] == "lista"


def test_registry_missing_translations_reads_every_registry_but_the_code_lists(tmp_path):
    (tmp_path / "codes.yaml").write_text("lab_kind: [fablab]\n")
    (tmp_path / "labs.yaml").write_text("- id: a\n  name: A\n  description: {it: Solo italiano}\n")
    assert sources.registry_missing_translations(tmp_path, MODEL) == [
        {"registry": "labs", "path": "data/labs.yaml", "id": "a", "field": "description", "lang": "en"}]


def test_scan_collects_ids_links_images_and_jsonld_with_their_lines():
    facts = htmlscan.scan(
        '<a id="uno" name="due" href=" /it/ ">x</a><p id="tre" name="non-conta"></p>\n'
        '<link rel="preconnect" href="https://cdn.example"><link rel="stylesheet" href="/s.css">\n'
        '<img src="/a.png" srcset="/a-1.png 1x, /a-2.png 2x, " alt>'
        '<source srcset="/b.webp"><video src="/v.mp4" poster="/p.jpg"></video><form action="/cerca/"></form>\n'
        '<div class="card item-body"><p><img src="/c.png" alt="C"></p><img src="/d.png" role="presentation" alt="">'
        '</div><img src="/e.png" aria-hidden="true"><img src="/f.png" role="none">\n'
        '<script type="Application/LD+JSON">{"@type":\n"X"}</script><script>var a;</script>')
    assert facts.ids == {"uno", "due", "tre"}
    assert facts.links == [("/it/", 1), ("/s.css", 2), ("/a.png", 3), ("/a-1.png", 3), ("/a-2.png", 3),
                           ("/b.webp", 3), ("/v.mp4", 3), ("/p.jpg", 3), ("/cerca/", 3), ("/c.png", 4),
                           ("/d.png", 4), ("/e.png", 4), ("/f.png", 4)]
    assert facts.images == [("/a.png", "", 3, False, False), ("/c.png", "C", 4, True, False),
                            ("/d.png", "", 4, True, True), ("/e.png", None, 4, False, True),
                            ("/f.png", None, 4, False, True)]
    assert facts.jsonld == [('{"@type":\n"X"}', 5)]


def test_editor_content_ends_with_its_element_even_when_self_closed_or_left_open():
    facts = htmlscan.scan('<div class="item-body"/><img src="/a.png" alt="">'
                          '<section class="item-body"><p><img src="/b.png" alt=""></section><img src="/c.png" alt="">'
                          '<div class="item-body"><span></div><img src="/d.png" alt="">')
    assert [(src, editor) for src, _, _, editor, _ in facts.images] == [
        ("/a.png", False), ("/b.png", True), ("/c.png", False), ("/d.png", False)]
    empty = htmlscan.scan('<img src="/x.png"/><br/><a href="/y/"/>')
    assert empty.links == [("/x.png", 1), ("/y/", 1)] and empty.images == [("/x.png", None, 1, False, False)]


def test_content_records_carry_what_the_publication_notices_need(tmp_path):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    rome = ZoneInfo("Europe/Rome")
    (tmp_path / "news").mkdir()
    (tmp_path / "pages").mkdir()
    (tmp_path / "news" / "0-rotto.it.md").write_text("---\ntitle: [\n---\nT\n")  # unreadable, listed first: skipped
    (tmp_path / "news" / "a.it.md").write_text("---\ntitle: A\nsummary: S\ndate: 2027-01-01 10:00\nslug: altro\n"
                                               "example: true\nsources: [linee-guida]\n---\nT\n")
    (tmp_path / "news" / "b.en.md").write_text("---\ntitle: B\nsummary: S\ndate: domani\nexample: 'yes'\n---\nT\n")
    (tmp_path / "news" / "c.en.md").write_text("---\ntitle: C\nsummary: S\ndate: 2027-02-01\n---\nT\n")
    (tmp_path / "news" / "d.en.md").write_text("---\ntitle: D\nsummary: S\n---\nT\n")
    (tmp_path / "pages" / "chi-siamo.it.md").write_text("---\ntitle: P\nsummary: S\ndate: 2027-01-01\n---\nT\n")
    common = {"summary": "S", "line": 3, "example": False, "example_line": None, "sources": None}
    assert sources.content_records(tmp_path, MODEL) == [
        dict(common, path="content/news/a.it.md", section="news", key="a", lang="it", slug="altro", example=True,
             example_line=6, date=datetime(2027, 1, 1, 10, tzinfo=rome), date_line=4, sources=["linee-guida"]),
        dict(common, path="content/news/b.en.md", section="news", key="b", lang="en", slug="b", example_line=5,
             date=None, date_line=4),
        dict(common, path="content/news/c.en.md", section="news", key="c", lang="en", slug="c",
             date=datetime(2027, 2, 1, tzinfo=rome), date_line=4),
        dict(common, path="content/news/d.en.md", section="news", key="d", lang="en", slug="d", date=None,
             date_line=None),
        dict(common, path="content/pages/chi-siamo.it.md", section="pages", key="chi-siamo", lang="it",
             slug="chi-siamo", date=None, date_line=4)]
    without_pages = replace(MODEL, sections={name: kind for name, kind in MODEL.sections.items() if name != "pages"})
    assert [record["section"] for record in sources.content_records(tmp_path, without_pages)] == ["news"] * 4


def test_a_jsonld_block_is_read_whole_and_other_scripts_are_not_jsonld():
    # "</" inside the JSON does not end the block; a plain script before it is no block.
    facts = htmlscan.scan('<script>var x = 1;</script>\n<p>a</p>'
                          '<script type="application/ld+json">{"a": "<b>x</b> &amp; </p>"}</script>')
    assert facts.jsonld == [('{"a": "<b>x</b> &amp; </p>"}', 2)]
    assert htmlscan.scan('<p>a</p><script>var x = 1</script><p>b</p>').jsonld == []


def test_an_image_without_src_and_a_stray_end_tag_are_read_without_a_crash():
    facts = htmlscan.scan('</p><img alt="x">\n<a href="/x">x</a></span>')
    assert facts.images == [("", "x", 1, False, False)]
    assert facts.links == [("/x", 2)]


def test_broken_links_resolve_relative_links_against_their_page_and_the_sites_absolute_ones():
    site = {"it/a/index.html": htmlscan.scan('<a href="b.html">b</a>\n<a href="manca.html">m</a>\n'
                                             '<a href="https://site.example/it/c.html">c</a>\n'
                                             '<a href="https://site.example/it/manca.html">m</a>')}
    findings, checked = links.broken_links(site, {"it/a/index.html", "it/a/b.html", "it/c.html"},
                                           ["https://site.example"])
    assert checked == 4
    assert findings == [Finding("links", "it/a/index.html", 2, "'manca.html' points to no file of the site"),
                        Finding("links", "it/a/index.html", 4,
                                "'https://site.example/it/manca.html' points to no file of the site")]


def test_report_blocks_go_errors_warnings_notices_whatever_the_checks_names():
    outcome = Outcome([Finding("alpha", "a.html", 1, "n", NOTICE), Finding("beta", "b.html", 2, "w", WARNING),
                       Finding("zeta", "z.html", 3, "e")], {})
    headings = [line for line in format_report(outcome).splitlines() if " · " in line]
    assert headings == ["ERROR · zeta (1)", "WARNING · beta (1)", "NOTICE · alpha (1)"]


@pytest.mark.parametrize("count, more", [(50, []), (51, ["  ... and 1 more"])])
def test_report_shows_fifty_lines_of_a_check_then_how_many_more(count, more):
    findings = [Finding("alpha", f"p{i:02}.html", None, f"link {i:02}") for i in range(count)]
    lines = format_report(Outcome(findings, {})).splitlines()
    assert lines[2:-1] == [f"ERROR · alpha ({count})"] + [f"  p{i:02}.html: link {i:02}" for i in range(50)] + more


@pytest.mark.parametrize("pages, lines", [
    (3, ["  p0.html: same", "  p1.html: same", "  p2.html: same"]),
    (4, ["  same (on 4 pages, e.g. p0.html, p1.html)"]),
])
def test_report_collapses_a_message_on_more_than_three_pages(pages, lines):
    report = format_report(Outcome([Finding("links", f"p{i}.html", None, "same") for i in range(pages)], {}))
    assert report.splitlines()[3:-1] == lines


def test_a_summarys_length_counts_runs_of_spaces_as_one():
    summary = "x" * 248 + "   \n y"  # 250 characters once its spaces are one
    assert content.summary_findings([{"path": "a.md", "line": 2, "summary": summary}]) == [
        Finding("summary", "a.md", 2, "summary is 250 characters: search engines show about 160", NOTICE)]


def test_page_findings_name_the_page_of_a_broken_jsonld_block():
    facts = htmlscan.scan('<script type="application/ld+json">{"@type": "BreadcrumbList"}</script>')
    assert pages.page_findings("p.html", facts) == [
        Finding("jsonld", "p.html", 1, "JSON-LD BreadcrumbList without @context")]


def test_a_jsonld_block_that_does_not_parse_leaves_the_next_ones_read():
    facts = htmlscan.scan('<script type="application/ld+json">{"@type": </script>\n'
                          '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Thing"}</script>')
    found, types = pages.jsonld_findings("p.html", facts)
    assert found == [Finding("jsonld", "p.html", 1, "JSON-LD does not parse: Expecting value")]
    assert types == {"Thing"}
