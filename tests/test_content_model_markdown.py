"""The reader's Markdown: the site's extensions less meta, with the prechecks of
content_model.fastmarkdown giving Markdown's own HTML (plain strings, no build)."""

from __future__ import annotations

import re

import pytest
from markdown import Markdown

from content_model.fastmarkdown import INLINE_NEEDS, RUN_NEEDS, TEST_NEEDS, _Needing, _run_if, _tested_if
from content_model.reader import markdown_options

# settings["MARKDOWN"] as the reader finds it: pelicanconf.py's, with the extensions Pelican's reader adds.
SITE = {"extensions": ["markdown.extensions.extra", "markdown.extensions.sane_lists", "markdown.extensions.meta"],
        "extension_configs": {"markdown.extensions.extra": {}, "markdown.extensions.sane_lists": {}},
        "output_format": "html5"}
STOCK = {**SITE, "extensions": SITE["extensions"][:2]}

SAMPLES = {
    "plain paragraphs": "Una riga: con due punti, # e > e - e = dentro.\nSeconda riga.\n\nAltro paragrafo.",
    "code spans": "Usa `print()` e ``a ` b`` e \\`non codice\\` e \\\\`codice dopo due barre`.",
    "backslashes before a backtick": "Tre \\\\\\` e quattro \\\\\\\\`x` e nessuno.",
    "unclosed backticks": "Un ` solo e ``` tre aperti.",
    "links": "[in linea](https://example.org \"t\") e [rif][uno] e [uno] e [vuoto][] e \\[non link] e !\\[x].\n\n"
             "[uno]: https://example.org/uno \"Uno\"",
    "images": "![alt](a.png) e ![rif][img] e ![img] e !non [link](b.html).\n\n[img]: c.png",
    "references among text": "Testo.\n[due]: https://example.org/due\nAltro [due].",
    "hash headers": "# Titolo\n\nTesto con # dentro\n## Sotto ##\n\n####### troppi",
    "setext headers": "Titolo\n======\n\nSotto\n---\n\nNon titolo\n-- e =",
    "horizontal rules": "Prima\n\n---\n\n* * *\n\nDopo - e = e *.",
    "quotes": "> citato\n> ancora\n\nNon > citato\n  > con spazi\n\n>> doppio",
    "definition lists": "Termine\n:   definizione\n\nAltro: non definizione\n:non nemmeno",
    "footnotes": "Testo[^1] e [^nota].\n\n[^1]: Prima nota.\n[^nota]: Seconda,\n    su due righe.\n\n[^x] non definita",
    "abbreviations": "L'HTML e il CSS.\n\n*[HTML]: Hyper Text Markup Language\n*[CSS]: fogli di stile\n\n*[non abbr",
    "tables": "| a | b |\n|:--|--:|\n| `1|2` | [x](y) |",
    "lists": "1. uno\n2. due\n\n* a\n* b\n    > citato nella lista\n\n- c: d",
    "fenced code": "```python\nprint('# non titolo')\n> non citato\n```\n\n~~~\n[non link]\n~~~",
    "indented code": "    # codice\n    [non link]: x\n\nTesto.",
    "raw HTML and markdown in it": "<div markdown=\"1\">\n*enfasi* e [link](x)\n</div>\n\n<p>Testo <em>grezzo</em></p>",
    "attribute lists": "# Titolo {#ancora .classe}\n\nParagrafo.\n{: .nota }",
    "emphasis and breaks": "*uno* **due** _tre_ __quattro__ con a capo  \nfine &amp; &copy; <https://example.org> "
                           "<info@example.org>",
}


@pytest.mark.parametrize("body", SAMPLES.values(), ids=SAMPLES.keys())
def test_the_prechecked_markdown_gives_markdowns_own_html(body):
    prechecked = Markdown(**markdown_options(SITE))
    assert prechecked.convert(body) == Markdown(**STOCK).convert(body)


def test_each_precheck_names_a_pattern_or_processor_of_the_sites_markdown():
    markdown = Markdown(**markdown_options(SITE))
    for name in INLINE_NEEDS:
        assert isinstance(markdown.inlinePatterns[name].compiled_re, _Needing)
    processors = markdown.parser.blockprocessors
    for name in TEST_NEEDS:
        assert processors[name].test.__name__ == "prechecked"
    for name in RUN_NEEDS:
        assert processors[name].run.__name__ == "prechecked"


def test_the_inline_processor_holds_every_pattern_of_the_registry_in_its_order_as_a_tuple():
    markdown = Markdown(**markdown_options(SITE))
    patterns = markdown.treeprocessors["inline"].inlinePatterns
    assert type(patterns) is tuple
    assert list(patterns) == list(markdown.inlinePatterns)
    assert len(patterns) == len(Markdown(**STOCK).inlinePatterns)


def test_a_text_without_the_needle_is_not_searched_and_anything_else_is_the_expressions():
    needing = _Needing(re.compile("x"), "[")
    assert list(needing.finditer("x x")) == []  # the expression would match: the text lacks "["
    assert [match.start() for match in needing.finditer("x[x")] == [0, 2]
    assert [match.start() for match in needing.finditer("x[x", 1)] == [2]
    assert needing.pattern == "x"


class Processor:
    """A block processor's test and run as Markdown calls them, recording their arguments."""

    def __init__(self):
        self.calls = []

    def test(self, parent, block):
        self.calls.append(("test", parent, block))
        return True

    def run(self, parent, blocks):
        self.calls.append(("run", parent, blocks[0]))
        return True


def test_a_block_with_the_needle_reaches_the_processor_with_its_parent_and_one_without_it_does_not():
    processor, parent = Processor(), object()
    _tested_if(processor, ("#",))
    _run_if(processor, "[")
    assert (processor.test(parent, "no"), processor.run(parent, ["no"])) == (False, False)
    assert (processor.test(parent, "# yes"), processor.run(parent, ["[yes]"])) == (True, True)
    assert processor.calls == [("test", parent, "# yes"), ("run", parent, "[yes]")]


def test_a_first_line_shaped_like_a_field_stays_in_the_body():
    # Front matter is split off before Markdown: Markdown's meta extension would drop this line.
    body = "Scadenza: 31 marzo 2027\nOre 12.\n\nAltro."
    assert Markdown(**markdown_options(SITE)).convert(body) == \
        "<p>Scadenza: 31 marzo 2027\nOre 12.</p>\n<p>Altro.</p>"
