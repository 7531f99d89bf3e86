"""No private python-pptx/python-docx API in src/: an attribute whose name starts with one underscore
(``prs.slides._sldIdLst``, ``cell._tc``) is read only on our own objects (``self``, ``cls``), so an
update of either library cannot break a build silently. The package parts are reached through their
public objects (``.element``, ``.part``, ``.blob``, ``drop_rel``) and read with lxml."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "tokku_slides"

NAMEDTUPLE_API = frozenset({"_asdict", "_replace", "_fields", "_make", "_field_defaults"})
"""A NamedTuple's public methods (our own RunFormat's ``_asdict``): underscored to stay out of the fields' way."""
ALLOWED = frozenset({("argparse", "_SubParsersAction")})
"""(object, attribute) read on purpose: the standard library's type of ``add_subparsers()``, for the annotation."""


def private_accesses(source: str) -> list[tuple[int, str]]:
    """(line, ``object._attribute``) of every private attribute read on an object not our own."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Attribute):
            continue
        name = node.attr
        if not name.startswith("_") or name.startswith("__") or name in NAMEDTUPLE_API:
            continue
        owner = ast.unparse(node.value)
        if owner in ("self", "cls") or (owner, name) in ALLOWED:
            continue
        found.append((node.lineno, f"{owner}.{name}"))
    return sorted(found)


def test_the_scanner_finds_private_access_of_the_kind_that_was_removed() -> None:
    source = ("for sld_id in list(prs.slides._sldIdLst):\n    pass\nsize = prs.part._element.sldSz\n"
              "body = shape.text_frame._txBody\nself._cache = cell._tc\nrow = fmt._asdict()\n")
    assert private_accesses(source) == [
        (1, "prs.slides._sldIdLst"), (3, "prs.part._element"), (4, "shape.text_frame._txBody"), (5, "cell._tc"),
    ]


def test_no_module_reads_a_private_attribute_of_another_library() -> None:
    files = sorted(SRC.rglob("*.py"))
    assert len(files) > 20  # the package itself, not an empty folder
    found = [f"{path.relative_to(SRC)}:{line}: {what}" for path in files
             for line, what in private_accesses(path.read_text(encoding="utf-8"))]
    assert found == []
