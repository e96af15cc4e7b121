"""The pure checks of invoke check (plugins/quality): page facts, links,
summaries and translations, findings and the report, without a build."""

from __future__ import annotations

from quality import content, htmlscan, links, nu, pages
from quality.report import ERROR, NOTICE, Finding, Outcome, format_report


def test_links_resolve_relative_root_and_absolute_site_urls():
    assert links.resolve("it/a/index.html", "../b/#x") == ("it/b/index.html", "x")
    assert links.resolve("it/a/index.html", "/en/") == ("en/index.html", "")
    assert links.resolve("it/a/index.html", "https://site.example/it/", ["https://site.example"]) == ("it/index.html", "")
    assert links.resolve("it/a/index.html", "#top") == ("it/a/index.html", "top")
    assert links.resolve("it/a/index.html", "https://other.example/") is None
    assert links.resolve("it/a/index.html", "mailto:a@b.it") is None


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
