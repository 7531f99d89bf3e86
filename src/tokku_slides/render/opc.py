"""Package plumbing, in one place: relationships, the content types, the entries of a python-docx
package, and deterministic zips.

- :class:`Relations`: new relationships from a part, ids allocated in constant time.
- :func:`package_entries`: the entries (name, content) of a python-docx package in the order, and
  with the bytes, its ``save`` writes them, through its public objects (parts, relationships) and a
  ``[Content_Types].xml`` built here with lxml; each part serialized only when its turn comes.
  (Saving writes a deflated zip, which :func:`deterministic_zip` would then inflate and deflate
  again: twice the compression and three copies of the package in memory.)
- :func:`deterministic_zip` / :func:`deterministic_zip_entries`: fixed entry times and order, so
  one input gives identical bytes; pictures stored, the rest deflated.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

from lxml import etree

from tokku_slides.render.xmlns import NSMAP

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
"""The time stamped on every zip entry (the earliest a zip can hold)."""
CONTENT_TYPES = "[Content_Types].xml"
PACKAGE_RELS = "_rels/.rels"
CT_RELATIONSHIPS = "application/vnd.openxmlformats-package.relationships+xml"
CT_XML = "application/xml"


def content_types(parts: Iterable[Any], defaults_by_extension: Iterable[tuple[str, str]]) -> bytes:
    """``[Content_Types].xml`` for ``parts`` (with a ``partname``, a python-docx ``PackURI``, and a
    ``content_type``): a ``Default`` for a part whose (extension, content type) is in ``defaults_by_extension``, an
    ``Override`` for any other; defaults sorted by extension, overrides by part name (python-docx's
    rules, and its bytes)."""
    known = set(defaults_by_extension)
    defaults = {"rels": CT_RELATIONSHIPS, "xml": CT_XML}
    overrides: dict[str, str] = {}
    for part in parts:
        name, ext = str(part.partname), str(part.partname.ext)
        if (ext.lower(), part.content_type) in known:
            defaults[ext.lower()] = part.content_type
        else:
            overrides[name] = part.content_type
    ns = NSMAP["ct"]
    types = etree.Element(f"{{{ns}}}Types", nsmap={None: ns})
    for ext in sorted(defaults):
        etree.SubElement(types, f"{{{ns}}}Default", {"Extension": ext, "ContentType": defaults[ext]})
    for name in sorted(overrides):
        etree.SubElement(types, f"{{{ns}}}Override", {"PartName": name, "ContentType": overrides[name]})
    return bytes(etree.tostring(types, encoding="UTF-8", standalone=True))


class Relations:
    """New relationships from one python-docx part, each given the lowest free ``rIdN`` (the id
    python-docx's ``relate_to`` would pick) in constant time: ``relate_to`` first scans every
    relationship of the part for one to the same target, for each new one (quadratic: 0.2 s of a
    500-zone report's 500 pictures). For targets known to be new; nothing else may relate to or
    drop from the part meanwhile. Uses python-docx's public ``rels`` and ``add_relationship``."""

    def __init__(self, part: Any) -> None:
        self.rels = part.rels
        self.next = 1
        """Where to look for the next free id (every lower one is taken)."""

    def add(self, reltype: str, target: Any) -> str:
        """Relate the part to ``target`` (a part it has no relationship to yet); returns the rId."""
        while f"rId{self.next}" in self.rels:
            self.next += 1
        rel_id = f"rId{self.next}"
        self.rels.add_relationship(reltype, target, rel_id)
        return rel_id


def package_entries(package: Any) -> Iterator[tuple[str, bytes]]:
    """The entries (name, content) of a python-docx package, as its ``save`` writes them: the
    content types, the package's relationships, then every part (reached through the
    relationships) followed by its own relationships when it has any."""
    from docx.opc.spec import default_content_types

    parts = package.parts
    for part in parts:
        part.before_marshal()
    yield CONTENT_TYPES, content_types(parts, default_content_types)
    yield PACKAGE_RELS, package.rels.xml
    for part in parts:
        yield part.partname.membername, part.blob
        if len(part.rels):
            yield part.partname.rels_uri.membername, part.rels.xml


def content_types_first(names: list[str]) -> list[str]:
    """A package's entry names with ``[Content_Types].xml`` first (where Office wants it), the rest in
    their order."""
    return [n for n in names if n == CONTENT_TYPES] + [n for n in names if n != CONTENT_TYPES]


def deterministic_zip(data: bytes, order: list[str] | None = None) -> bytes:
    """The same package with every entry stamped ZIP_EPOCH, in a stable order, deflated (pictures
    stored: :func:`deterministic_zip_entries`).

    ``[Content_Types].xml`` stays first (Office wants it there); the rest keep ``order`` when given,
    else their current order.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    if order:
        names = [n for n in order if n in names] + [n for n in names if n not in order]
    names = content_types_first(names)
    return deterministic_zip_entries((name, source.read(name)) for name in names)


STORED_EXTENSIONS = (".png", ".jpeg", ".jpg", ".gif")
"""Entries written as they are, not deflated: pictures, compressed already. Deflating the report's
52 chart PNGs (2.1 MB) again took 42 ms of a 50-zone build, after its last chart, for 11 % of
their size; Office and LibreOffice read stored entries as they read deflated ones."""


def deterministic_zip_entries(entries: Iterable[tuple[str, bytes]]) -> bytes:
    """A package of ``entries`` (name, content), in their order, each stamped ZIP_EPOCH and deflated,
    pictures stored (:data:`STORED_EXTENSIONS`): the bytes :func:`deterministic_zip` writes. Entries
    are read one at a time: pass a generator and only the one being compressed is held besides the
    package."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            stored = name.lower().endswith(STORED_EXTENSIONS)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            target.writestr(info, content, compresslevel=None if stored else 6)
            del content
    return out.getvalue()


def set_core_properties(props: Any, *, title: str = "", subject: str = "", author: str = "",
                        keywords: str = "", modified: dt.datetime | None = None) -> None:
    """A python-pptx or python-docx document's core properties, the same way for the deck, the report
    and the default templates: the data's title and subject (the fiscal year), ``author`` (the
    organisation's, or this tool), ``keywords`` (the build's fingerprint of its inputs), language
    ja-JP, and every other text property emptied, so no template's or library's text is left.
    ``modified`` sets the created, modified and printed times; None leaves them as they are."""
    props.title = title
    props.subject = subject
    props.author = author or "tokku-slides"
    props.last_modified_by = "tokku-slides"
    for name in ("comments", "category", "content_status", "identifier", "version"):
        setattr(props, name, "")
    props.language = "ja-JP"
    props.revision = 1
    props.keywords = keywords
    if modified is not None:
        props.created = props.modified = props.last_printed = modified
