"""The Office XML namespaces, declared once, and small lxml helpers the XML builders share.

- :data:`NSMAP`: prefix -> namespace URI of every prefix the renderers write (like python-pptx's
  ``oxml/ns.py``); :func:`qn` turns ``"a:latin"`` into lxml's ``"{uri}latin"``.
- :func:`element` / :func:`sub`: a new element (standalone, declaring its prefix) or a child,
  attributes given as a dict of prefixed names (``{"w:val": "1"}``) in the order they are written.
- :func:`assemble` and :func:`insert_in_order`: children kept in the schema's order, the order given
  as data (a tuple of prefixed tags), for elements whose children are optional or added later.

Attribute values and text are escaped by lxml; every value is written as given (``str``).

Speed: building an element through lxml's API costs a few microseconds, about what parsing its
text did; creating standalone elements and moving them between documents costs more. So the
builders make each distinct piece once (an element built through the API, kept unchanged in a
cache) and hand out copies (:func:`copy`: one call into libxml2 for the whole subtree), with the
text and the attributes that vary set on the copy.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from lxml import etree

NSMAP: dict[str, str] = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "sl": "http://schemas.openxmlformats.org/schemaLibrary/2006/main",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
    "xml": "http://www.w3.org/XML/1998/namespace",
}
"""Prefix -> namespace URI."""

A_NS, P_NS, R_NS = NSMAP["a"], NSMAP["p"], NSMAP["r"]
W_NS, WP_NS, PIC_NS = NSMAP["w"], NSMAP["wp"], NSMAP["pic"]

Element = Any
"""An lxml element (lxml ships no type information)."""


@cache
def qn(name: str) -> str:
    """``"a:latin"`` as Clark notation ``"{http://...drawingml/2006/main}latin"``; a name without a
    prefix is returned unchanged (an attribute in no namespace)."""
    prefix, colon, local = name.partition(":")
    if not colon:
        return name
    return f"{{{NSMAP[prefix]}}}{local}"


@cache
def nsmap(*prefixes: str) -> dict[str, str]:
    """The declarations of ``prefixes`` (an element's nsmap)."""
    return {p: NSMAP[p] for p in prefixes}


@cache
def _prefixes_of(tag: str, names: tuple[str, ...]) -> dict[str, str]:
    """The declarations a standalone element needs: its tag's prefix and its attributes' (not xml)."""
    prefixes = [tag.partition(":")[0]]
    for name in names:
        prefix, colon, _ = name.partition(":")
        if colon and prefix != "xml" and prefix not in prefixes:
            prefixes.append(prefix)
    return nsmap(*prefixes)


def copy(template: Element) -> Element:
    """A deep copy of ``template`` (a standalone element, declaring its prefixes)."""
    return template.__copy__()


@cache
def _blank(tag: str) -> Element:
    return element(tag)


def blank(tag: str) -> Element:
    """A new standalone empty ``tag`` (a copy of one made once: cheaper than :func:`element`)."""
    return _blank(tag).__copy__()


def _attrib(attrs: Mapping[str, object] | None) -> dict[str, str] | None:
    if not attrs:
        return None
    return {qn(k): str(v) for k, v in attrs.items()}


def element(tag: str, attrs: Mapping[str, object] | None = None, *, declare: Iterable[str] = ()) -> Element:
    """A new standalone element ``tag`` (prefixed: ``"w:p"``) declaring the prefixes it and its
    attributes use, plus ``declare`` (prefixes its descendants use). Appended into a document, the
    declarations its new ancestors already make are dropped by lxml."""
    names = tuple(attrs) if attrs else ()
    declared = _prefixes_of(tag, names)
    extra = tuple(declare)
    if extra:
        declared = {**declared, **nsmap(*extra)}
    return etree.Element(qn(tag), _attrib(attrs), nsmap=declared)


def sub(parent: Element, tag: str, attrs: Mapping[str, object] | None = None, text: str | None = None) -> Element:
    """A new last child ``tag`` of ``parent`` with ``attrs`` (in order) and ``text``; returns it."""
    child = etree.SubElement(parent, qn(tag), _attrib(attrs))
    if text is not None:
        child.text = text
    return child


@cache
def _positions(order: tuple[str, ...]) -> dict[str, int]:
    return {name: i for i, name in enumerate(order)}


def assemble(tag: str, children: Mapping[str, Element | list[Element]], order: tuple[str, ...],
             attrs: Mapping[str, object] | None = None) -> Element | None:
    """``tag`` holding ``children`` (prefixed tag -> element, or list of elements) in the schema's
    ``order``, whatever order they were made in; None when there are none."""
    if not children:
        return None
    positions = _positions(order)
    unknown = [name for name in children if name not in positions]
    if unknown:
        raise ValueError(f"{tag}: {unknown} not in its schema order")
    parent = element(tag, attrs)
    for name in sorted(children, key=positions.__getitem__):
        found = children[name]
        if isinstance(found, list):
            parent.extend(found)
        else:
            parent.append(found)
    return parent


@cache
def _later(order: tuple[str, ...], tag: str) -> frozenset[str]:
    names = [qn(t) for t in order]
    return frozenset(names[names.index(tag) + 1:])


def insert_in_order(parent: Element, child: Element, order: tuple[str, ...]) -> Element:
    """Insert ``child`` into ``parent`` before the first existing child that ``order`` (prefixed tags,
    the schema's sequence) puts after it; at the end when there is none. Returns ``child``."""
    later = _later(order, child.tag)
    for existing in parent:
        if existing.tag in later:
            existing.addprevious(child)
            return child
    parent.append(child)
    return child
