"""Reading YAML safely, with the place of every value kept for error messages.

The file is composed into PyYAML's node graph (never constructed into Python objects), so no tag
can run code, an alias bomb costs nothing, and every scalar keeps its text and its line/column.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from tokku_slides.model.errors import InputError

MAX_FILE_BYTES = 1_000_000
"""A zone file is a few kilobytes; anything larger is refused before it is parsed."""
MAX_NODES = 50_000
"""A bound on the nodes walked in one file (a zone has a few hundred)."""

CORE = "tag:yaml.org,2002:"
ALLOWED_TAGS = {CORE + t for t in ("str", "int", "float", "bool", "null", "seq", "map")}


class YamlProblem(Exception):
    """A file that cannot be read at all; carries the one error to report."""

    def __init__(self, error: InputError) -> None:
        self.error = error
        super().__init__(str(error))


@dataclass(frozen=True)
class Doc:
    """A composed YAML file: its path and its root node (None for an empty file)."""

    path: Path
    root: Node | None


def at(path: Path, node: Node | None, field: str, message: str, found: str | None = None) -> InputError:
    """An error at ``node``'s position (1-based), or at the top of the file when node is None."""
    if node is None:
        return InputError(path, 1, 1, field, message, found)
    mark = node.start_mark
    return InputError(path, mark.line + 1, mark.column + 1, field, message, found)


def read_text(path: Path) -> str:
    """The file's text: UTF-8 (a BOM is accepted); refuses large files and other encodings."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise YamlProblem(
                InputError(path, None, None, "", f"file is too large ({size} bytes; at most {MAX_FILE_BYTES})")
            )
        data = path.read_bytes()
    except OSError as exc:
        raise YamlProblem(InputError(path, None, None, "", f"cannot read file: {exc.strerror}")) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        hint = ""
        try:
            data.decode("cp932")
            hint = "; it looks like Shift_JIS: save it as UTF-8"
        except UnicodeDecodeError:
            pass
        raise YamlProblem(
            InputError(path, line, None, "", f"file is not UTF-8{hint}")
        ) from exc


class _NoAliasComposer(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases while composing."""

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.MarkedYAMLError(
                None, None, "anchors and aliases (& and *) are not supported; write the value out",
                event.start_mark,
            )
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if getattr(event, "anchor", None):
            raise yaml.MarkedYAMLError(
                None, None, "anchors and aliases (& and *) are not supported; write the value out",
                event.start_mark,
            )
        return super().compose_node(parent, index)


def compose(path: Path) -> Doc:
    """Read and compose one YAML file; raises :class:`YamlProblem` for syntax, tags and size."""
    text = read_text(path)
    loader = _NoAliasComposer(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        problem = exc.problem or exc.context or "YAML syntax error"
        raise YamlProblem(InputError(path, line, col, "", f"YAML syntax error: {problem}")) from exc
    except yaml.YAMLError as exc:
        raise YamlProblem(InputError(path, None, None, "", f"YAML syntax error: {exc}")) from exc
    finally:
        loader.dispose()
    if root is not None:
        _check_tags(path, root)
    return Doc(path, root)


def _check_tags(path: Path, root: Node) -> None:
    stack = [root]
    count = 0
    while stack:
        node = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise YamlProblem(at(path, node, "", f"too many values in one file (more than {MAX_NODES})"))
        if node.tag not in ALLOWED_TAGS:
            raise YamlProblem(
                at(path, node, "", "YAML tags are not allowed; write plain values", node.tag.replace(CORE, "!!"))
            )
        if isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            for k, v in node.value:
                stack.append(k)
                stack.append(v)


def scalar_text(node: Node) -> str:
    """The text of a scalar as written (for messages)."""
    if isinstance(node, ScalarNode):
        return str(node.value)
    if isinstance(node, SequenceNode):
        return "a list"
    return "a mapping"


def kind(node: Node) -> str:
    """A user's word for what a node is: text, a number, true/false, nothing, a list, a mapping."""
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, MappingNode):
        return "a mapping"
    return {
        CORE + "str": "text",
        CORE + "int": "a number",
        CORE + "float": "a number",
        CORE + "bool": "true/false",
        CORE + "null": "nothing",
    }.get(node.tag, "a value")
