"""Reading YAML safely, with the place of every value kept for error messages.

The file is composed into PyYAML's node graph (never constructed into Python objects), so no tag
can run code, and every scalar keeps its text and its line/column. Composition itself is bounded:
the file's size, the number of values, their nesting depth; anchors/aliases and explicit tags other
than the plain YAML types are refused as soon as the parser meets them, so an alias bomb or a
``!!python/...`` tag costs nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from tokku_slides.i18n import N_, _, language
from tokku_slides.model.errors import InputError

MAX_FILE_BYTES = 256_000
"""A zone file is a few kilobytes; a larger file is refused before it is read (parsing a
pathological file of this size stays well under a second)."""
MAX_NODES = 10_000
"""A bound on the values of one file (a zone has a few hundred), checked while composing."""
MAX_DEPTH = 16
"""A bound on nesting (a zone nests four deep), checked while composing."""

CORE = "tag:yaml.org,2002:"
PLAIN_TAGS = frozenset(CORE + t for t in ("str", "int", "float", "bool", "null", "seq", "map"))
"""Tags a file may state explicitly (``!!str 2023``); any other explicit tag is refused."""
DATE_TAG = CORE + "timestamp"
"""What YAML makes of an unquoted ``2023-04-01``: a date; the loader refuses it where text is expected."""
MERGE_TAG = CORE + "merge"
"""What YAML makes of an unquoted ``<<`` key (a merge key); refused by the loader."""


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


def at(
    path: Path, node: Node | None, field: str, message: str, found: str | None = None, label: str | None = None,
) -> InputError:
    """An error at ``node``'s position (1-based), or at the top of the file when node is None."""
    if node is None:
        return InputError(path, 1, 1, field, message, found, label)
    mark = node.start_mark
    return InputError(path, mark.line + 1, mark.column + 1, field, message, found, label)


def read_text(path: Path) -> str:
    """The file's text: UTF-8 (a BOM is accepted); refuses large files and other encodings."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise YamlProblem(InputError(
                path, None, None, "",
                _("file is too large ({size} bytes; a year's file is a few kB, at most {limit})").format(
                    size=f"{size:,}", limit=f"{MAX_FILE_BYTES:,}"),
            ))
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)  # the file may have grown since stat()
    except OSError as exc:
        message = _("cannot read file: {reason}").format(reason=exc.strerror or exc)
        raise YamlProblem(InputError(path, None, None, "", message)) from exc
    if len(data) > MAX_FILE_BYTES:
        message = _("file is too large (at most {limit} bytes)").format(limit=f"{MAX_FILE_BYTES:,}")
        raise YamlProblem(InputError(path, None, None, "", message))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YamlProblem(InputError(path, line, None, "", _not_utf8(data))) from exc


def encoding_name(data: bytes) -> str | None:
    """The encoding a file that is not UTF-8 seems to be in (for messages), or None when unknown."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16 ('Unicode')"
    try:
        data.decode("cp932")
    except UnicodeDecodeError as exc:
        if exc.start < len(data) - 1:  # not just a character cut at the end of a sample
            return None
    return "Shift_JIS (cp932)"


def _not_utf8(data: bytes) -> str:
    """The message for a file that is not UTF-8, naming the encoding it seems to be in."""
    encoding = encoding_name(data)
    if encoding is None:
        return _("file is not UTF-8; save it as UTF-8 (メモ帳: 名前を付けて保存 → 文字コード UTF-8)")
    if encoding.startswith("UTF-16"):
        return _("file is not UTF-8: it is UTF-16 ('Unicode'); save it as UTF-8 "
                 "(メモ帳: 名前を付けて保存 → 文字コード UTF-8)")
    return _("file is not UTF-8: it looks like Shift_JIS (cp932); save it as UTF-8 "
             "(メモ帳: 名前を付けて保存 → 文字コード UTF-8)")


class _Refused(yaml.MarkedYAMLError):
    """A construct this reader refuses (not a syntax error): the message is the problem."""

    def __init__(self, message: str, mark: yaml.Mark | None, found: str | None = None) -> None:
        super().__init__(None, None, message, mark)
        self.found = found


class _SafeComposer(yaml.SafeLoader):
    """SafeLoader that composes nodes only, and refuses aliases, anchors, foreign tags, too many
    values and too deep nesting as soon as the parser meets them."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.node_count = 0
        self.depth = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refused(_("anchors and aliases (& and *) are not supported; write the value out in full"),
                           event.start_mark)
        tag = getattr(event, "tag", None)
        if tag not in (None, "!") and tag not in PLAIN_TAGS:
            shown = tag.replace(CORE, "!!") if isinstance(tag, str) else str(tag)
            raise _Refused(_("YAML tags are not allowed (nothing is ever run); write a plain value"),
                           event.start_mark, shown)
        self.node_count += 1
        if self.node_count > MAX_NODES:
            raise _Refused(_("too many values in one file (more than {limit})").format(limit=f"{MAX_NODES:,}"),
                           event.start_mark)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _Refused(_("values nested too deeply (more than {limit} levels)").format(limit=MAX_DEPTH),
                              event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


FAST_MAX_BRACKETS = 200
FAST_MAX_INDENT = 64


def _fast_compose(text: str) -> Node | bool | None:
    """The file composed by libyaml (C), when it is plainly an ordinary file: no anchor, alias or tag
    characters, few brackets, shallow indentation, and within the bounds. False means: use the
    careful composer, which also words every problem precisely (libyaml's messages differ)."""
    if not getattr(yaml, "__with_libyaml__", False) or any(ch in text for ch in "&*!\t"):
        return False
    if text.count("[") + text.count("{") > FAST_MAX_BRACKETS:
        return False
    if any(len(line) - len(line.lstrip(" ")) > FAST_MAX_INDENT for line in text.splitlines()):
        return False
    loader = yaml.CSafeLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError:
        return False
    finally:
        loader.dispose()
    if root is None:
        return None
    buffer = text + "\0"
    stack = [(root, 1)]
    count = 0
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_NODES or depth > MAX_DEPTH:
            return False
        # marks as the pure reader makes them, with the text (for messages that quote a line)
        start, end = node.start_mark, node.end_mark
        node.start_mark = yaml.Mark(start.name, start.index, start.line, start.column, buffer, start.index)
        node.end_mark = yaml.Mark(end.name, end.index, end.line, end.column, buffer, end.index)
        if isinstance(node, SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
    return root


def compose(path: Path) -> Doc:
    """Read and compose one YAML file; raises :class:`YamlProblem` for encoding, size, syntax,
    aliases and tags."""
    text = read_text(path)
    fast = _fast_compose(text)
    if fast is not False:
        assert fast is not True
        return Doc(path, fast)
    loader: _SafeComposer | None = None
    try:
        loader = _SafeComposer(text)  # checks the characters first
        root = loader.get_single_node()
    except _Refused as exc:
        mark = exc.problem_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise YamlProblem(InputError(path, line, col, "", str(exc.problem), exc.found)) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        explained = explain_syntax_error(text, exc)
        if explained is not None:
            (line, col), message = explained
            raise YamlProblem(InputError(path, line, col, "", message)) from exc
        raise YamlProblem(InputError(path, line, col, "", syntax_message(exc))) from exc
    except yaml.reader.ReaderError as exc:
        # a character YAML does not allow in a file (NUL, other control characters)
        before = text[: exc.position] if isinstance(exc.position, int) else ""
        line, col = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        raise YamlProblem(InputError(
            path, line, col, "", _("the file holds a control character ({code}) that YAML does not allow; "
                                   "delete it").format(code=f"U+{exc.character:04X}"),
        )) from exc
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        message = (_("YAML syntax error: {problem}").format(problem=first) if language() == "en"
                   else _("YAML syntax error: the file is not valid YAML"))
        raise YamlProblem(InputError(path, None, None, "", message)) from exc
    except RecursionError as exc:  # pragma: no cover - MAX_DEPTH keeps the composer shallow
        raise YamlProblem(InputError(
            path, None, None, "", _("values nested too deeply (more than {limit} levels)").format(limit=MAX_DEPTH),
        )) from exc
    finally:
        if loader is not None:
            loader.dispose()
    return Doc(path, root)


_HINTS = (
    ("found character '\\t' that cannot start any token",
     N_("a tab character: indent with spaces only")),
    ("mapping values are not allowed here",
     N_("a ': ' inside a value, or a line indented too far: put the text in quotes or fix the indentation")),
    ("could not find expected ':'",
     N_("a line that is not 'key: value' (or a value broken over lines): check the line above too")),
    ("expected <block end>",
     N_("this line's indentation does not match the lines above it")),
    ("found unknown escape character",
     N_("inside double quotes a backslash starts an escape: use single quotes, or write \\\\")),
    ("but found another document",
     N_("a second document (a '---' line): one zone per file")),
    ("expected ',' or ']'",
     N_("a [list] is not closed with ']', or its items are not separated by ','")),
    ("expected ',' or '}'",
     N_("a mapping in braces is not closed with a closing brace, or its entries are not separated by ','")),
    ("found unexpected end of stream",
     N_("a quote is never closed")),
    ("that cannot start any token",
     N_("a value cannot start with this character: put the text in quotes")),
    ("expected '<document start>'",
     N_("a line starting with '%' is a YAML directive: remove it, or put the text in quotes")),
)


FULL_WIDTH_SPACE = "\u3000"
"""The ideographic space (全角スペース), which YAML does not take for indentation."""
_KEY_WITHOUT_COLON = re.compile(r"^( *)([A-Za-z_][A-Za-z0-9_]*)( +)(\S.*)$")
"""A line such as ``  I 3.8``: a key, spaces and a value, but no colon."""


def full_width_indent_message() -> str:
    return _("a full-width space (全角スペース) at the start of the line; indent with half-width spaces only")


def explain_syntax_error(text: str, exc: yaml.MarkedYAMLError) -> tuple[tuple[int, int], str] | None:
    """The place (line, column) and message of the usual mistake behind a parser error, where the
    parser's own report would mislead a clerk; None when it is none of them.

    * A full-width space (U+3000) indenting a line at or above the error: named at its place.
    * A key without its colon (``  I 3.8``, ``category local``): YAML reads the line as text that goes on
      into the next line, and reports the next line; the line is found by looking back from there."""
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return None
    lines = text.split("\n")
    problem = " ".join(str(exc.problem or "").split())
    for number in range(min(mark.line, len(lines) - 1), -1, -1):
        line = lines[number]
        stripped = line.lstrip(" ")
        if stripped.startswith(FULL_WIDTH_SPACE):
            return (number + 1, len(line) - len(stripped) + 1), full_width_indent_message()
        if stripped and not stripped.startswith("#") and number < mark.line:
            break  # an ordinary line above the error: no full-width space before it
    if "mapping values are not allowed here" in problem or "could not find expected ':'" in problem:
        first = mark.line - 1
        if exc.context_mark is not None and "could not find expected ':'" in problem:
            first = exc.context_mark.line
        for number in range(min(first, len(lines) - 1), -1, -1):
            line = lines[number].rstrip("\r")
            if ":" in line or not line.strip() or line.lstrip().startswith(("#", "-")):
                break
            found = _KEY_WITHOUT_COLON.match(line)
            if found is not None:
                indent, key, _gap, value = found.groups()
                return (number + 1, len(indent) + len(key) + 1), _(
                    "a colon `:` is missing after the key {key}; write `{key}: {value}`"
                ).format(key=key, value=value.strip())
    return None


def syntax_message(exc: yaml.MarkedYAMLError) -> str:
    """One line for a parser error: the parser's own words, then what usually causes it."""
    problem = " ".join(str(exc.problem or exc.context or "not valid YAML").split())
    if problem.startswith("but ") and exc.context:
        problem = f"{exc.context}, {problem}"
    for needle, hint_id in _HINTS:
        if needle in problem:
            hint = _(hint_id)
            opened = exc.context_mark is not None and ("end of stream" in needle or "expected ','" in needle)
            if opened and exc.context_mark is not None:
                hint += _(" (the one opened on line {line})").format(line=exc.context_mark.line + 1)
            return _syntax(problem, hint)
    return _syntax(problem, None)


def _syntax(problem: str, hint: str | None) -> str:
    """The message of a syntax error. The parser's own words are English: a Japanese reader gets
    the hint alone (or, without one, where to look)."""
    if language() == "en":
        if hint is None:
            return _("YAML syntax error: {problem}").format(problem=problem)
        return _("YAML syntax error: {problem}; {hint}").format(problem=problem, hint=hint)
    if hint is None:
        return _("YAML syntax error: the file is not valid YAML")
    return _("YAML syntax error: {hint}").format(hint=hint)


def scalar_text(node: Node) -> str | None:
    """The text of a single value as written (for messages): ``nothing`` for an empty value;
    None for a list or mapping (the message says what it is)."""
    if isinstance(node, ScalarNode):
        value = str(node.value)
        if not value:
            return _("nothing") if node.tag == CORE + "null" else "''"
        return value
    return None


def kind(node: Node) -> str:
    """A user's word for what a node is: text, a number, true/false, nothing, a list, a mapping."""
    if isinstance(node, SequenceNode):
        return _("a list")
    if isinstance(node, MappingNode):
        return _("a mapping")
    return _(_KINDS.get(node.tag, _OTHER_KIND))


_KINDS = {
    CORE + "str": N_("text"),
    CORE + "int": N_("a number"),
    CORE + "float": N_("a number"),
    CORE + "bool": N_("true/false"),
    CORE + "null": N_("nothing"),
    DATE_TAG: N_("a date"),
}
"""A scalar's kind by its tag, in the user's words (message ids)."""
_OTHER_KIND = N_("a value")


FOLDING_STYLES = (None, "'", '"', ">")
"""Scalar styles in which YAML folds a line break into a space: plain, quoted and ``>`` blocks.
A literal block (``|``) keeps its line breaks, and so does the card."""
_ZWSP = "\u200b"


def _hangul(ch: str) -> bool:
    code = ord(ch)
    return (0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F or 0xA960 <= code <= 0xA97F
            or 0xAC00 <= code <= 0xD7FF or 0xFFA0 <= code <= 0xFFDC)


def joins_without_space(before: str, after: str) -> bool:
    """CSS Text Level 3's segment break transformation: a line break between ``before`` and ``after``
    is removed (rather than made a space) when either is a zero-width space, or both are East Asian
    wide (East_Asian_Width F, W or H) and neither is Hangul: ``延長や`` / ``周遊性`` join as
    ``延長や周遊性``, ``Tokyo`` / ``Bay`` as ``Tokyo Bay``."""
    if _ZWSP in (before, after):
        return True
    return all(unicodedata.east_asian_width(ch) in "FWH" and not _hangul(ch) for ch in (before, after))


def _folds(source: str, style: str | None) -> list[tuple[int, int]]:
    """The spans (start, end) in a multi-line scalar's ``source`` of line breaks that YAML folds into a
    space and CSS removes: the white space around a single break between two wide characters."""
    lines = source.split("\n")
    spans = []
    offset = 0
    block_indent = None
    if style == ">":
        body = [line for line in lines[1:] if line.strip(" ")]
        block_indent = min((len(line) - len(line.lstrip(" ")) for line in body), default=None)
    for number, line in enumerate(lines[:-1]):
        following = lines[number + 1]
        end = offset + len(line)
        offset = end + 1
        if style == ">" and (number == 0 or block_indent is None):
            continue  # the header line (`>` and its indicators)
        left, right = line.rstrip(" \t"), following.lstrip(" \t")
        if not left or not right:
            continue  # an empty line on either side: the break is kept as a line break
        if style == ">" and (len(line) - len(line.lstrip(" ")) != block_indent
                             or len(following) - len(following.lstrip(" ")) != block_indent):
            continue  # a more-indented line of a folded block keeps its breaks
        if style == '"' and (len(left) - len(left.rstrip("\\"))) % 2 == 1:
            continue  # an escaped line break
        if joins_without_space(left[-1], right[0]):
            spans.append((offset - 1 - (len(line) - len(left)), offset + len(following) - len(right)))
    return spans


def folded_text(node: ScalarNode) -> str:
    """The text of a scalar as a Japanese writer means it: where YAML folded a line break inside it
    into a space, the break between two East Asian wide characters is removed instead
    (:func:`joins_without_space`), so ``…延長や⏎    周遊性…`` reads ``…延長や周遊性…``. The scalar's
    source (from its marks) is rejoined at those breaks and read again; any other value is kept."""
    value = str(node.value)
    style = node.style or None  # libyaml gives a plain scalar the style ""
    if style not in FOLDING_STYLES or node.start_mark.line == node.end_mark.line:
        return value
    buffer = getattr(node.start_mark, "buffer", None)
    if not isinstance(buffer, str):
        return value
    source = buffer[node.start_mark.pointer:node.end_mark.pointer].replace("\r\n", "\n")
    spans = _folds(source, style)
    if not spans:
        return value
    parts, last = [], 0
    for start, end in spans:
        parts.append(source[last:start])
        last = end
    parts.append(source[last:])
    try:
        again = yaml.compose("".join(parts), Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return value
    if isinstance(again, ScalarNode) and again.tag == node.tag:
        return str(again.value)
    return value
