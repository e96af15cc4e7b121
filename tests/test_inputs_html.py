"""Issue 13, raw HTML: rendered Markdown goes through the allow-list
sanitiser once, where it is produced, so pages, feeds and the search store
carry the same clean HTML; each dropped element is a build warning naming
file and line. The CSP and referrer policy are also HTTP headers in the
hosting files the publishing plugin writes."""

from __future__ import annotations

import lxml.html
import pytest

from conftest import FixtureSite, news, search_text
from content_model.sanitize import sanitize_body

HOSTILE = """Intro.

<meta http-equiv="refresh" content="0;url=https://evil.example">
<img src="https://example.org/x.png" onerror="alert(1)" alt="x">
[clic](javascript:alert(1)) e [dati](data:text/html,ciao)

<script>alert(2)</script>
<iframe src="https://evil.example"></iframe>
<form action="https://evil.example"><input name="q"></form>

| Sigla | Valore |
|:------|-------:|
| <abbr title="Fabbricazione">FAB</abbr> | 1 |

<figure><figcaption>Didascalia</figcaption></figure>

## Titolo {: #titolo-fisso }

`<b>codice</b>`
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = FixtureSite(tmp_path_factory.mktemp("html"))
    site.write("news/ostile.it.md", news("ostile", "it", "Ostile", body=HOSTILE))
    result = site.build_ok()
    return result


def test_the_page_keeps_what_editors_need_and_loses_the_rest(built):
    page = built.read("it/notizie/ostile/index.html")
    article = page[page.index("Intro."):page.index("codice")]
    for gone in ('http-equiv="refresh"', "onerror", "javascript:", "data:text", "<script", "<iframe", "<form",
                 "<input"):
        assert gone not in article, gone
    assert "<table>" in article and '<abbr title="Fabbricazione">FAB</abbr>' in article
    assert "<figure><figcaption>Didascalia</figcaption></figure>" in article
    assert '<h2 id="titolo-fisso">Titolo</h2>' in article
    assert "&lt;b&gt;codice" in page


def test_feeds_and_search_carry_the_sanitised_html(built):
    feeds = [p for p in built.output.rglob("*.xml") if p.name in ("atom.xml", "rss.xml")]
    assert any("Intro." in p.read_text(encoding="utf-8") for p in feeds)
    for path in feeds:
        text = path.read_text(encoding="utf-8")
        for gone in ("onerror", "&lt;script", "http-equiv", "javascript:"):
            assert gone not in text, (path, gone)
    index = search_text(built, "it/cerca")
    assert '"intro"' in index
    assert "alert" not in index and "evil" not in index


def test_each_dropped_element_is_a_warning_with_file_and_line(built):
    assert built.returncode == 0
    report = built.stderr
    for fragment in ("content/news/ostile.it.md:8: field 'raw HTML': raw HTML <meta> removed",
                     "content/news/ostile.it.md:9: field 'raw HTML': attribute onerror=\"alert(1)\" removed from <img>",
                     "content/news/ostile.it.md:10: field 'raw HTML': attribute href=\"javascript:alert(1)\" removed",
                     "content/news/ostile.it.md:10: field 'raw HTML': attribute href=\"data:text/html,ciao\" removed",
                     "content/news/ostile.it.md:12: field 'raw HTML': raw HTML <script> removed",
                     "content/news/ostile.it.md:13: field 'raw HTML': raw HTML <iframe> removed",
                     "content/news/ostile.it.md:14: field 'raw HTML': raw HTML <form> removed"):
        assert fragment in report, report
    assert "warnings (the site is built" in report


def test_clean_markdown_gives_no_warning():
    body = "| a | b |\n|:--|--:|\n| 1 | 2 |\n\nText[^1] *[HTML]: x\n\n[^1]: note\n"
    from markdown import Markdown

    html = Markdown(extensions=["markdown.extensions.extra"], output_format="html5").convert(body)
    assert sanitize_body(html, body, 5)[1] == []


def test_hosting_files_deliver_the_page_policy_as_headers(tmp_path):
    site = FixtureSite(tmp_path)
    site.write("news/uno.it.md", news("uno", "it", "Uno"))
    output = site.build_ok(settings="publishconf.py").output
    page = (output / "it/notizie/uno/index.html").read_text(encoding="utf-8")
    csp = lxml.html.fromstring(page).xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')[0]
    headers = (output / "_headers").read_text(encoding="utf-8")
    assert headers.startswith("/*\n")
    assert f"  Content-Security-Policy: {csp}\n" in headers
    assert "  Referrer-Policy: strict-origin-when-cross-origin\n" in headers
    nginx = (output / "nginx-headers.conf").read_text(encoding="utf-8")
    assert f'add_header Content-Security-Policy "{csp}" always;' in nginx


def test_the_images_plugin_markup_passes_the_policy_unchanged():
    """Editors may write <picture> by hand, and the images plugin's own markup
    (added after sanitising) would survive the policy too."""
    picture = ('<picture>\n<source type="image/webp" srcset="/images/a-480.webp 480w, /images/a-960.webp 960w" '
               'sizes="100vw">\n<img src="/images/a-960.jpg" srcset="/images/a-480.jpg 480w" sizes="100vw" '
               'width="960" height="640" alt="Un laser" loading="lazy" decoding="async" fetchpriority="high">\n'
               '</picture>')
    clean, dropped = sanitize_body(picture, picture, 1)
    assert dropped == []
    assert 'srcset="/images/a-480.webp 480w, /images/a-960.webp 960w"' in clean
    for attribute in ('sizes="100vw"', 'width="960"', 'height="640"', 'loading="lazy"', 'decoding="async"',
                      'fetchpriority="high"', 'type="image/webp"'):
        assert attribute in clean, attribute
