"""Python-Markdown's costliest checks skipped where they cannot match: the same HTML, half the CPU.

Markdown tries each block processor on every block (paragraph) of a body and
each inline pattern on every text of the tree, most of them by a regular
expression search. Several of those expressions begin with a look-behind or
a line start (``(?<!\\!)\\[``, ``(^|\\n)[ ]{0,3}>``), so Python's engine tries
them at every character of the text instead of jumping to a first letter:
on the harness's 2,064 bodies of plain paragraphs they were half of
Markdown's CPU (about 1.1 s of 2.2, one process), finding nothing.

Every match of each check below holds a fixed text (a code span a backtick,
a link a ``[``, a hash header a ``#``, a footnote definition ``[^``...); a
block or text without it is skipped with the answer the expression would
have given: no inline match, ``test`` false, or ``run`` putting the block
back and returning False (what these processors do when their search finds
nothing). The processors, their order and their state are Markdown's own;
only the search is skipped (tests/test_content_model_markdown.py compares
the HTML with Markdown's on a sample of every construct).

The inline processor also gets its patterns as a tuple, in the registry's order:
it looks each one up by index for every text (180,000 times for the harness's
bodies), and the registry's lookup sorts and maps names each time (7 % of
Markdown's CPU).

``Prechecks()`` is the extension; the reader adds it after the site's own
(``settings["MARKDOWN"]``), so every pattern is registered when it runs.
"""

from __future__ import annotations

from markdown.extensions import Extension

# Inline patterns: a text every match holds.
INLINE_NEEDS = {"backtick": "`", "reference": "[", "link": "[", "short_reference": "["}
# Block processors whose test() searches the block: texts one of which every match holds.
TEST_NEEDS = {"hashheader": ("#",), "setextheader": ("\n=", "\n-"), "quote": (">",), "deflist": (":",)}
# Block processors whose run() searches the block and, finding nothing, puts it back and returns False.
RUN_NEEDS = {"reference": "[", "footnote": "[^", "abbr": "*["}


class _Needing:
    """A compiled expression whose ``finditer`` (all the inline processor calls) finds nothing in a
    text without ``needle``; anything else is the expression's own."""

    def __init__(self, compiled, needle):
        self.compiled = compiled
        self.needle = needle

    def finditer(self, text, pos=0):
        return self.compiled.finditer(text, pos) if self.needle in text else iter(())

    def __getattr__(self, name):
        return getattr(self.compiled, name)


def _tested_if(processor, needles):
    test = processor.test

    def prechecked(parent, block):
        return any(needle in block for needle in needles) and test(parent, block)

    processor.test = prechecked


def _run_if(processor, needle):
    run = processor.run

    def prechecked(parent, blocks):
        return needle in blocks[0] and run(parent, blocks)

    processor.run = prechecked


class Prechecks(Extension):
    def extendMarkdown(self, md):
        for name, needle in INLINE_NEEDS.items():
            if name in md.inlinePatterns:
                pattern = md.inlinePatterns[name]
                pattern.compiled_re = _Needing(pattern.compiled_re, needle)
        processors = md.parser.blockprocessors
        for name, needles in TEST_NEEDS.items():
            if name in processors:
                _tested_if(processors[name], needles)
        for name, needle in RUN_NEEDS.items():
            if name in processors:
                _run_if(processors[name], needle)
        md.treeprocessors["inline"].inlinePatterns = tuple(md.inlinePatterns)
