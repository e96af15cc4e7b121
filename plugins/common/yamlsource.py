"""YAML loading that keeps line numbers and leaves dates as text.

Editors' errors must name a line, and dates must be parsed by the project in
Europe/Rome (YAML would turn some forms into naive dates and leave others as
strings), so the loader drops YAML's timestamp resolver.
"""

from __future__ import annotations

import yaml

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class TextDatesLoader(_Base):
    """SafeLoader that reads timestamps as plain strings."""


TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}


class YamlSyntaxError(ValueError):
    def __init__(self, message: str, line: int | None, fix: str | None = None):
        super().__init__(message)
        self.line = line
        self.fix = fix


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
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark else None
        problem = exc.problem or "invalid YAML"
        raise YamlSyntaxError(f"invalid YAML: {problem}", line) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(f"invalid YAML: {exc}", None) from None
    finally:
        loader.dispose()
    lines: dict[tuple, int] = {}
    if node is not None:
        _record_lines(node, (), first_line, lines)
    return Located(data, lines)


def _record_lines(node, path, first_line, lines):
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key_path = path + (key_node.value,)
            line = first_line + key_node.start_mark.line
            # YAML keeps the last of two equal keys without a word; an editor
            # who wrote a field twice must be told which value counts.
            if key_path in lines:
                raise YamlSyntaxError(f"'{key_node.value}' is written twice (lines {lines[key_path]} and {line})",
                                      line, f"keep one '{key_node.value}:' line and delete the other")
            lines[key_path] = line
            _record_lines(value_node, key_path, first_line, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            item_path = path + (index,)
            lines[item_path] = first_line + item.start_mark.line
            _record_lines(item, item_path, first_line, lines)
