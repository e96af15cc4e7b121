"""YAML loading that keeps line numbers and leaves dates as text.

Editors' errors must name a line, and dates must be parsed by the project in
Europe/Rome (YAML would turn some forms into naive dates and leave others as
strings), so the loader drops YAML's timestamp resolver.

Input is bounded (docs/inputs.md): a file over its size limit is refused
before it is read, and YAML anchors and aliases (``&name``/``*name``) are
refused before anything walks the document, because a few lines of nested
aliases expand to billions of values (the "billion laughs" attack).
"""

from __future__ import annotations

import codecs
import os
import stat

import yaml

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Sizes in bytes (docs/inputs.md). A content file is an article, not a book;
# a registry of thousands of entries stays well under its limit.
MAX_CONTENT_BYTES = 512 * 1024
MAX_DATA_BYTES = 8 * 1024 * 1024
SAVE_AS_UTF8 = ("save the file as UTF-8 (in most editors: 'Save with encoding' or 'Encoding' → UTF-8, "
                "without BOM)")


class TextDatesLoader(_Base):
    """SafeLoader that reads timestamps as plain strings."""


TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}


class SourceError(ValueError):
    """A file that cannot be read as the project's input; ``line`` where known."""

    def __init__(self, message: str, line: int | None, fix: str | None = None):
        super().__init__(message)
        self.line = line
        self.fix = fix


class YamlSyntaxError(SourceError):
    """YAML that cannot be parsed, or that uses what the project refuses."""


def read_source(path, max_bytes: int) -> str:
    """The text of an input file: at most ``max_bytes``, UTF-8 without BOM."""
    facts = os.stat(path)
    if not stat.S_ISREG(facts.st_mode):
        # Opening a pipe would wait forever for a writer.
        raise SourceError("is not a regular file (a pipe or a device)", None, "replace it with the file itself")
    size = facts.st_size
    if size > max_bytes:
        raise SourceError(f"the file is {size:,} bytes, over the limit of {max_bytes:,} bytes",
                          None, "split it into smaller files, or link large material as a document "
                          "(limits: docs/inputs.md)")
    with open(path, "rb") as handle:
        return decode_source(handle.read())


def decode_source(data: bytes) -> str:
    """``data`` as text, or a SourceError naming the line of the first bad byte."""
    if data.startswith(codecs.BOM_UTF8):
        raise SourceError("the file starts with an invisible byte-order mark (BOM)", 1, SAVE_AS_UTF8)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise SourceError("the file is saved as UTF-16", 1, SAVE_AS_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceError(f"the file is not saved as UTF-8: byte 0x{data[exc.start]:02x} on line {line} is not "
                          "valid UTF-8 (saved as Latin-1 or Windows-1252?)", line, SAVE_AS_UTF8) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise SourceError("the file contains a NUL character: is it a text file?", line,
                          "save it again as plain text (UTF-8)")
    return text


class Located:
    """A loaded YAML document plus the 1-based line of every mapping key.

    ``lines`` maps a tuple path such as ``(3, "municipio")`` to the line where
    that key (or list item) starts.
    """

    def __init__(self, data, lines):
        self.data = data
        self.lines = lines

    def line_of(self, *path, default=None):
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return default


def load_located(text: str, first_line: int = 1) -> Located:
    """Parse ``text``; ``first_line`` is the file line where ``text`` starts."""
    loader = TextDatesLoader(text)
    try:
        node = loader.get_single_node()
        lines: dict[tuple, int] = {}
        if node is not None:
            # Before constructing: the walk stops at the first alias, so an
            # alias bomb costs no more than its own text.
            _record_lines(node, (), first_line, lines, set(), first_line)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark else None
        problem = exc.problem or "invalid YAML"
        if "\\t" in problem or (mark and "\t" in _line_text(text, mark.line)):
            raise YamlSyntaxError(f"invalid YAML: a tab character is on line {line}; YAML indents with spaces only",
                                  line, "replace the tab with spaces (two per level of indentation)") from None
        raise YamlSyntaxError(f"invalid YAML: {problem}", line) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(f"invalid YAML: {exc}", None) from None
    except RecursionError:
        raise YamlSyntaxError("invalid YAML: the values are nested too deeply", None,
                              "write the fields flat, as 'field: value' lines") from None
    finally:
        loader.dispose()
    return Located(data, lines)


def _line_text(text: str, index: int) -> str:
    lines = text.split("\n")
    return lines[index] if 0 <= index < len(lines) else ""


_ALIAS_FIX = "write the value out in full where it is needed: anchors ('&name') and aliases ('*name') are not accepted"


def _record_lines(node, path, first_line, lines, seen, line):
    # The composer hands out the anchored node again for each alias: a node
    # met twice is an alias.
    if id(node) in seen:
        raise YamlSyntaxError("invalid YAML: a YAML alias ('*name') repeats a value written elsewhere", line,
                              _ALIAS_FIX)
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            line = first_line + key_node.start_mark.line
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlSyntaxError("invalid YAML: a merge key ('<<:') copies fields from elsewhere", line,
                                      _ALIAS_FIX)
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlSyntaxError("invalid YAML: a field name must be a word, not a list or a map", line,
                                      "write 'field: value', with a plain word before the colon")
            key_path = path + (key_node.value,)
            # YAML keeps the last of two equal keys without a word; an editor
            # who wrote a field twice must be told which value counts.
            if key_path in lines:
                raise YamlSyntaxError(f"'{key_node.value}' is written twice (lines {lines[key_path]} and {line})",
                                      line, f"keep one '{key_node.value}:' line and delete the other")
            lines[key_path] = line
            _record_lines(value_node, key_path, first_line, lines, seen, line)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            item_path = path + (index,)
            # An alias's marks are those of its anchor: name the list's line.
            item_line = line if id(item) in seen else first_line + item.start_mark.line
            lines[item_path] = item_line
            _record_lines(item, item_path, first_line, lines, seen, item_line)
