"""Changing a few values of a hand-written zone file and nothing else.

ruamel.yaml's round-trip reader gives each value's line and column; the new value replaces the old
one's characters in the file's own text, in the old one's style (plain, 'single' or "double" quoted),
so comments, key order, quoting, flow lists and line layout stay exactly as the user wrote them. A
value that is no one-line scalar (a block scalar ``|``), is set in ruamel's round-trip tree and the
file re-dumped by it instead. Every result is read back and compared before it is returned.
"""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

Value = str | Decimal | bool


class EditError(Exception):
    """A path the file does not have (the message says which)."""


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096
    y.allow_duplicate_keys = False
    return y


def _locate(root: Any, path: str) -> tuple[Any, Any]:
    """The container holding the value at ``path`` (``remarks.2``: 1-based positions) and its key."""
    parts = path.split(".")
    node = root
    for i, part in enumerate(parts):
        if isinstance(node, CommentedSeq):
            if not part.isdecimal() or not 1 <= int(part) <= len(node):
                raise EditError(path)
            key: Any = int(part) - 1
        elif isinstance(node, CommentedMap):
            if part not in node:
                raise EditError(path)
            key = part
        else:
            raise EditError(path)
        if i == len(parts) - 1:
            return node, key
        node = node[key]
    raise EditError(path)


def _position(container: Any, key: Any) -> tuple[int, int]:
    if isinstance(container, CommentedSeq):
        line, col = container.lc.item(key)
    else:
        line, col = container.lc.value(key)
    return int(line), int(col)


_PLAIN_END = re.compile(r"\s+#|\s*$")


def _extent(line: str, col: int, flow: bool) -> tuple[int, str] | None:
    """The end column of the one-line scalar starting at ``col`` and its style ('"', "'" or "")."""
    ch = line[col:col + 1]
    if ch == '"':
        i = col + 1
        while i < len(line):
            if line[i] == "\\":
                i += 2
                continue
            if line[i] == '"':
                return i + 1, '"'
            i += 1
        return None
    if ch == "'":
        i = col + 1
        while i < len(line):
            if line[i] == "'":
                if line[i + 1:i + 2] == "'":
                    i += 2
                    continue
                return i + 1, "'"
            i += 1
        return None
    if ch in ("|", ">", "[", "{", "&", "*", "!", ""):
        return None
    rest = line[col:]
    end = len(rest)
    m = re.search(r"\s+#", rest)
    if m:
        end = m.start()
    if flow:
        m2 = re.search(r"[,\]}]", rest[:end])
        if m2:
            end = m2.start()
    return col + len(rest[:end].rstrip()), ""


def _plain_ok(text: str, flow: bool) -> bool:
    if not text or text != text.strip() or any(c in text for c in "\n\r\t"):
        return False
    if ": " in text or " #" in text or text.endswith(":") or text[0] in "!&*-?|>'\"%@`#{}[],":
        return False
    if flow and any(c in text for c in ",[]{}"):
        return False
    loaded: object = YAML(typ="safe").load(text)
    return bool(loaded == text)


def render(value: Value, style: str, flow: bool) -> str:
    """``value`` as YAML text in ``style`` where it can be, else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return str(int(value)) if value == value.to_integral_value() else f"{value.normalize():f}"
    if style == "'" and "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    if style == "" and _plain_ok(value, flow):
        return value
    return json.dumps(value, ensure_ascii=False)


def _plain(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return Decimal(str(value))
    return str(value) if isinstance(value, str) else value


def _wanted(value: Value) -> Any:
    return value if isinstance(value, bool | Decimal) else str(value)


def edit(text: str, changes: dict[str, Value]) -> str:
    """``text`` (a YAML file's content) with the value at each path of ``changes`` replaced."""
    y = _yaml()
    root = y.load(text)
    lines = text.splitlines(keepends=True)
    spans: list[tuple[int, int, int, str]] = []
    fallback = False
    for path, value in changes.items():
        container, key = _locate(root, path)
        line, col = _position(container, key)
        flow = bool(getattr(container, "fa", None) and container.fa.flow_style())
        found = _extent(lines[line].rstrip("\r\n"), col, flow) if line < len(lines) else None
        if found is None:
            fallback = True
            break
        end, style = found
        spans.append((line, col, end, render(value, style, flow)))
    if fallback:
        for path, value in changes.items():
            container, key = _locate(root, path)
            container[key] = float(value) if isinstance(value, Decimal) else value
        out = io.StringIO()
        y.dump(root, out)
        result = out.getvalue()
    else:
        for line, col, end, new in sorted(spans, reverse=True):
            lines[line] = lines[line][:col] + new + lines[line][end:]
        result = "".join(lines)
    again = _yaml().load(result)
    for path, value in changes.items():
        container, key = _locate(again, path)
        if _plain(container[key]) != _wanted(value):  # pragma: no cover - a bug of this module
            raise EditError(path)
    return result
