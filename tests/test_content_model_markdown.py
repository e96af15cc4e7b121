"""The reader's Markdown: the site's extensions less meta, with the prechecks of
content_model.fastmarkdown giving Markdown's own HTML (plain strings, no build)."""

from __future__ import annotations

import random

import pytest
from markdown import Markdown

from content_model.fastmarkdown import (INLINE_NEEDS, PREPROCESSOR_NEEDS, RUN_NEEDS, TEST_NEEDS,
                                        _inline_prechecked, _normalized_if, _preprocessed_if, _run_if, _tested_if)
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
    "emphasis after a link": "*enfasi* prima di [un link](x) e **forte** dopo.\n\n- **voce** con [link](y)",
    "entities without a semicolon": "&copy 2027 e &#169 e &amp; e & solo",
    "whitespace to normalise": "Riga\n   \nDopo una riga di spazi\tcon tab\r\ne a capo CR\rfine\n  ",
    "a last line of spaces": "Testo\n   ",
}
# Pieces of Markdown's syntax, joined at random into bodies (FUZZ_BODIES, a fixed seed).
PIECES = ["*", "**", "_", "`", "``", "[", "]", "(", ")", "!", "<", ">", "&", "#", "-", "---", "=", "|", ":", "\n",
          "\n\n", "  \n", " ", "  ", "\t", "\r\n", "\r", "```", "~~~", "    ", "a", "parola", "1. ", "* ", "- ",
          "[^1]", "[^1]: n", "*[", "*[A]: x", "<div>", "</div>", "<div markdown=\"1\">", "&amp;", "&#12", "&copy",
          "\\", "[x](y)", "[x]: y", "![i](j)", "<https://e.org>", "{: .c}", "{#id}", "A", ";", "\x02", "\x03"]
FUZZ_BODIES = 2000


@pytest.mark.parametrize("body", SAMPLES.values(), ids=SAMPLES.keys())
def test_the_prechecked_markdown_gives_markdowns_own_html(body):
    prechecked = Markdown(**markdown_options(SITE))
    assert prechecked.convert(body) == Markdown(**STOCK).convert(body)


def test_random_bodies_give_markdowns_own_html_with_one_markdown_reset_between_them():
    # As the reader converts: one Markdown for every file, reset before each.
    pieces = random.Random(10)
    prechecked, stock = Markdown(**markdown_options(SITE)), Markdown(**STOCK)
    for _ in range(FUZZ_BODIES):
        body = "".join(pieces.choice(PIECES) for _ in range(pieces.randint(1, 60)))
        prechecked.reset()
        stock.reset()
        assert prechecked.convert(body) == stock.convert(body), body


def test_each_precheck_names_a_pattern_or_processor_of_the_sites_markdown():
    markdown = Markdown(**markdown_options(SITE))
    # Every pattern has its needles: a text holding none of them is not tried at all.
    assert all(name in markdown.inlinePatterns for name in INLINE_NEEDS)
    assert len(INLINE_NEEDS) == len(markdown.inlinePatterns)
    inline = markdown.treeprocessors["inline"]
    assert inline._InlineProcessor__applyPattern.__name__ == "prechecked_pattern"
    assert inline._InlineProcessor__handleInline.__name__ == "prechecked_text"
    for name in [*PREPROCESSOR_NEEDS, "normalize_whitespace"]:
        assert markdown.preprocessors[name].run.__name__ == "prechecked"
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


class Inline:
    """Markdown's inline processor as the prechecks find it: its two private methods, recording calls."""

    def __init__(self):
        self.calls = []
        self._InlineProcessor__applyPattern = self.apply_pattern
        self._InlineProcessor__handleInline = self.handle_inline

    def apply_pattern(self, pattern, data, pattern_index, start_index=0):
        self.calls.append(("apply", pattern, data, pattern_index, start_index))
        return data, True, 1

    def handle_inline(self, data, pattern_index=0):
        self.calls.append(("handle", data, pattern_index))
        return "handled"


def test_a_pattern_is_tried_on_a_text_with_its_needle_and_a_text_without_any_needle_is_left_as_it_is():
    inline = Inline()
    _inline_prechecked(inline, [("[",), ("*", "_")])
    apply_pattern, handle_inline = inline._InlineProcessor__applyPattern, inline._InlineProcessor__handleInline
    assert apply_pattern("link", "no link", 0, 3) == ("no link", False, 0)  # Markdown's "no match"
    assert apply_pattern("link", "a [link]", 0, 3) == ("a [link]", True, 1)
    assert apply_pattern("em", "_em_", 1) == ("_em_", True, 1)
    assert handle_inline("plain words") == "plain words"
    assert handle_inline("a _word_", 1) == "handled"
    assert inline.calls == [("apply", "link", "a [link]", 0, 3), ("apply", "em", "_em_", 1, 0),
                            ("handle", "a _word_", 1)]


def test_every_text_is_tried_when_a_pattern_has_no_needle():
    inline = Inline()
    _inline_prechecked(inline, [("[",), None])
    assert inline._InlineProcessor__applyPattern("other", "no link", 1) == ("no link", True, 1)
    assert inline._InlineProcessor__handleInline("plain words") == "handled"


def test_an_inline_processor_without_markdowns_private_methods_is_left_as_it_is():
    class Other:
        pass

    processor = Other()
    _inline_prechecked(processor, [("[",)])
    assert vars(processor) == {}


def test_a_preprocessor_gets_a_body_with_its_needle_and_gives_back_the_lines_of_one_without():
    preprocessor = Preprocessor()
    _preprocessed_if(preprocessor, ("```", "~~~"))
    assert preprocessor.run(["a", "b"]) == ["a", "b"]
    assert preprocessor.run(["~~~", "b"]) == ["run"]
    whitespace = Preprocessor()
    _normalized_if(whitespace)
    assert whitespace.run(["a", "b"]) == ["a", "b", "", ""]
    for lines in (["a ", "b"], ["a", " "], ["a\tb"], ["a\r"], ["a\x02"]):
        assert whitespace.run(lines) == ["run"]
    assert preprocessor.calls == [["~~~", "b"]]


class Preprocessor:
    def __init__(self):
        self.calls = []

    def run(self, lines):
        self.calls.append(lines)
        return ["run"]


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
