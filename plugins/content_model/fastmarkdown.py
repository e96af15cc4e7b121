"""Python-Markdown's costliest checks skipped where they cannot match: the same HTML, a quarter of the CPU.

Markdown runs each preprocessor over the whole body, tries each block
processor on every block (paragraph) and each inline pattern on every text
of the tree, most of them by a regular expression search. Several of those
expressions begin with a look-behind or a line start (``(?<!\\!)\\[``,
``(^|\\n)[ ]{0,3}>``, ``(?<=\\n) +\\n``), so Python's engine tries them at
every character of the text instead of jumping to a first letter: on the
harness's 2,064 bodies of plain paragraphs they were most of Markdown's CPU,
finding nothing (one process: 1.14 CPU s with Markdown's own checks, 0.31 s
with these).

Every match of each check below holds a fixed text (a code span a backtick,
a link a ``[``, a hash header a ``#``, a fenced code block three backticks or
tildes, raw HTML a ``<``...); a body, block or text without it is skipped with
the answer the check would have given:

- a preprocessor gives back the lines it was given (the whitespace one, those
  lines and the two blank ones it adds: ``_normalized_if``);
- a block processor's ``test`` is false, or its ``run`` puts the block back
  and returns False (what these processors do when their search finds nothing);
- an inline pattern is not applied (Markdown's inline processor is told "no
  match", as its own ``__applyPattern`` answers when the search finds nothing),
  and a text holding the needle of none of them is given back as it is
  without trying any (only when every pattern of the processor has a needle).

The processors, their order and their state are Markdown's own; only the
search is skipped (tests/test_content_model_markdown.py compares the HTML
with Markdown's on a sample of every construct and on 2,000 random bodies).

The inline processor also gets its patterns as a tuple, in the registry's order:
it looks each one up by index for every text (180,000 times for the harness's
bodies), and the registry's lookup sorts and maps names each time (7 % of
Markdown's CPU).

``Prechecks()`` is the extension; the reader adds it after the site's own
(``settings["MARKDOWN"]``), so every pattern is registered when it runs.
"""

from __future__ import annotations

from markdown import util
from markdown.extensions import Extension

# Inline patterns: texts one of which every match holds.
INLINE_NEEDS = {
    "backtick": ("`",), "escape": ("\\",), "footnote": ("[^",),
    "reference": ("[",), "link": ("[",), "short_reference": ("[",),
    "image_link": ("![",), "image_reference": ("![",), "short_image_ref": ("![",),
    "autolink": ("<",), "automail": ("<",), "html": ("<",), "linebreak": ("  \n",), "entity": ("&",),
    "em_strong": ("*", "_"),
}
# Preprocessors whose run() searches the whole body and, finding nothing, gives back the lines it was given
# (the raw HTML one also writes out an entity without its ';': "&copy 2027" becomes "&copy; 2027").
PREPROCESSOR_NEEDS = {"fenced_code_block": ("```", "~~~"), "html_block": ("<", "&")}
# Block processors whose test() searches the block: texts one of which every match holds.
TEST_NEEDS = {"hashheader": ("#",), "setextheader": ("\n=", "\n-"), "quote": (">",), "deflist": (":",),
              "table": ("|",)}
# Block processors whose run() searches the block and, finding nothing, puts it back and returns False.
RUN_NEEDS = {"reference": "[", "footnote": "[^", "abbr": "*["}
# What Markdown's whitespace preprocessor changes: a line of spaces (``(?<=\n) +\n``, a space before a line
# break), tabs, carriage returns and its own placeholder markers.
WHITESPACE_CHANGED = (" \n", "\t", "\r", util.STX, util.ETX)


def _holds_any(text, needles):
    for needle in needles:
        if needle in text:
            return True
    return False


def _tested_if(processor, needles):
    test = processor.test

    def prechecked(parent, block):
        return _holds_any(block, needles) and test(parent, block)

    processor.test = prechecked


def _run_if(processor, needle):
    run = processor.run

    def prechecked(parent, blocks):
        return needle in blocks[0] and run(parent, blocks)

    processor.run = prechecked


def _preprocessed_if(processor, needles):
    run = processor.run

    def prechecked(lines):
        return run(lines) if _holds_any("\n".join(lines), needles) else lines

    processor.run = prechecked


def _normalized_if(processor):
    """Markdown's whitespace preprocessor joins the lines, changes WHITESPACE_CHANGED, adds two blank
    lines and splits the text again: a body with nothing to change comes back with the blank lines."""
    run = processor.run

    def prechecked(lines):
        # The joined text ends with a line break as the preprocessor's does: a last line of spaces counts.
        return run(lines) if _holds_any("\n".join(lines) + "\n", WHITESPACE_CHANGED) else [*lines, "", ""]

    processor.run = prechecked


def _inline_prechecked(processor, needs):
    """``needs``: the needles of each of ``processor``'s patterns, in its order (None: always tried)."""
    # Markdown's private methods (the inline processor calls them by these names): a Markdown without
    # them keeps its own inline processing (the tests check that the prechecks are in place).
    apply_pattern = getattr(processor, "_InlineProcessor__applyPattern", None)
    handle_inline = getattr(processor, "_InlineProcessor__handleInline", None)
    if apply_pattern is None or handle_inline is None:
        return

    def prechecked_pattern(pattern, data, pattern_index, start_index=0):
        needles = needs[pattern_index]
        if needles is None or _holds_any(data, needles):
            return apply_pattern(pattern, data, pattern_index, start_index)
        return data, False, 0  # Markdown's own answer when the pattern's search finds nothing

    processor._InlineProcessor__applyPattern = prechecked_pattern
    if None in needs:
        return
    needles = {needle for pattern_needles in needs for needle in pattern_needles}
    # A needle that holds another is found by that one ("[^" by "["); a few ``in`` are 8 times faster than
    # one regular expression of them all.
    fewest = tuple(sorted(needle for needle in needles if not any(other in needle for other in needles - {needle})))

    def prechecked_text(data, pattern_index=0):
        return handle_inline(data, pattern_index) if _holds_any(data, fewest) else data

    processor._InlineProcessor__handleInline = prechecked_text


class Prechecks(Extension):
    def extendMarkdown(self, md):
        preprocessors = md.preprocessors
        if "normalize_whitespace" in preprocessors:
            _normalized_if(preprocessors["normalize_whitespace"])
        for name, needles in PREPROCESSOR_NEEDS.items():
            if name in preprocessors:
                _preprocessed_if(preprocessors[name], needles)
        processors = md.parser.blockprocessors
        for name, needles in TEST_NEEDS.items():
            if name in processors:
                _tested_if(processors[name], needles)
        for name, needle in RUN_NEEDS.items():
            if name in processors:
                _run_if(processors[name], needle)
        inline = md.treeprocessors["inline"]
        inline.inlinePatterns = tuple(md.inlinePatterns)
        needs = [None] * len(inline.inlinePatterns)
        for name, needles in INLINE_NEEDS.items():
            if name in md.inlinePatterns:
                needs[md.inlinePatterns.get_index_for_name(name)] = needles
        _inline_prechecked(inline, needs)
