"""The PDFs' structure as pikepdf reads it: tagged (a structure tree a screen reader follows), the
language, the title shown, the report's headings as bookmarks, tables with header cells, every
picture a /Figure with its alt text; with --pdfa, the PDF/A-2b identification."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from docx import Document
from lxml import etree

from tokku_slides.cli import main

from ..conftest import R5
from .conftest import Built

STANDARD_TYPES = {
    "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index", "NonStruct",
    "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH",
    "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note", "Reference", "BibEntry", "Code", "Link", "Annot",
    "Ruby", "RB", "RT", "RP", "Warichu", "WT", "WP", "Figure", "Formula", "Form",
}
"""PDF 1.7's standard structure types (ISO 32000-1, 14.8.4)."""
DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


def kids(node: Any) -> list[Any]:
    k = node.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def role_map(doc: pikepdf.Pdf) -> dict[str, str]:
    """The structure tree's /RoleMap: a custom type -> the type it stands for."""
    roles = doc.Root.StructTreeRoot.get("/RoleMap")
    return {str(k)[1:]: str(v)[1:] for k, v in roles.items()} if roles is not None else {}


def kind(element: Any, roles: dict[str, str]) -> str:
    """A structure element's standard type (through the role map)."""
    name = str(element.S)[1:]
    return roles.get(name, name)


def children(node: Any) -> list[Any]:
    """A structure node's child elements (not its marked-content ids)."""
    return [c for c in kids(node) if isinstance(c, pikepdf.Dictionary) and "/S" in c]


def elements(doc: pikepdf.Pdf) -> Iterator[tuple[str, Any]]:
    """Every structure element in document order with its standard type."""
    roles = role_map(doc)

    def walk(node: Any) -> Iterator[tuple[str, Any]]:
        for child in children(node):
            yield kind(child, roles), child
            yield from walk(child)

    yield from walk(doc.Root.StructTreeRoot)


def typed(doc: pikepdf.Pdf, kind: str) -> list[Any]:
    return [e for t, e in elements(doc) if t == kind]


@pytest.fixture(scope="module")
def cards(r5_built: Built) -> Iterator[pikepdf.Pdf]:
    with pikepdf.open(r5_built.folder / "cards.pdf") as doc:
        yield doc


@pytest.fixture(scope="module")
def report(r5_built: Built) -> Iterator[pikepdf.Pdf]:
    with pikepdf.open(r5_built.folder / "report.pdf") as doc:
        yield doc


@pytest.mark.parametrize("name", ["cards", "report"])
def test_each_pdf_is_tagged_in_japanese_with_its_title_shown(
    name: str, r5_built: Built, request: pytest.FixtureRequest
) -> None:
    doc: pikepdf.Pdf = request.getfixturevalue(name)
    root = doc.Root
    assert bool(root.MarkInfo.Marked) is True
    assert "/StructTreeRoot" in root and list(elements(doc))
    assert str(root.Lang) == "ja-JP"
    assert bool(root.ViewerPreferences.DisplayDocTitle) is True
    office = r5_built.folder / ("cards.pptx" if name == "cards" else "report.docx")
    with zipfile.ZipFile(office) as z:
        core = etree.fromstring(z.read("docProps/core.xml"))
    title = core.findtext("{http://purl.org/dc/elements/1.1/}title")
    assert title and str(doc.docinfo["/Title"]) == title


@pytest.mark.parametrize("name", ["cards", "report"])
def test_no_style_name_is_role_mapped_over_a_standard_type(name: str, request: pytest.FixtureRequest) -> None:
    """LibreOffice role-maps a paragraph style's name: a style called "Figure" mapped to /P turned the
    charts' /Figure (and their alt texts) into paragraphs."""
    doc: pikepdf.Pdf = request.getfixturevalue(name)
    remapped = role_map(doc)
    assert {k: v for k, v in remapped.items() if k in STANDARD_TYPES and k != v} == {}
    assert all(v in STANDARD_TYPES for v in remapped.values())


def test_the_reports_headings_are_tagged_and_are_its_bookmarks(report: pikepdf.Pdf, r5_built: Built) -> None:
    word = Document(str(r5_built.folder / "report.docx"))
    headings = [(int(p.style.style_id[-1]), p.text) for p in word.paragraphs
                if p.style is not None and p.style.style_id in ("Heading1", "Heading2", "Heading3")]
    assert len(headings) >= 3
    tagged = [t for t, _e in elements(report) if t in ("H", "H1", "H2", "H3")]
    assert tagged == [f"H{level}" for level, _text in headings]
    bookmarks: list[tuple[int, str]] = []
    with report.open_outline() as outline:
        def walk(items: list[Any], level: int) -> None:
            for item in items:
                bookmarks.append((level, item.title))
                walk(item.children, level + 1)
        walk(outline.root, 1)
    assert bookmarks == headings


def test_the_decks_bookmarks_are_its_slides(cards: pikepdf.Pdf) -> None:
    with cards.open_outline() as outline:
        assert len(outline.root) == len(cards.pages)


@pytest.mark.parametrize("name", ["cards", "report"])
def test_every_tables_first_row_is_header_cells(name: str, request: pytest.FixtureRequest) -> None:
    """The pptx's firstRow="1" and the docx's w:tblHeader become /TH cells in the first /TR, and only there."""
    doc: pikepdf.Pdf = request.getfixturevalue(name)
    tables = typed(doc, "Table")
    assert len(tables) == (7 if name == "cards" else 14)  # r5: the list and 6 score tables; the report's 14
    for table in tables:
        rows = table_rows(table, role_map(doc))
        assert len(rows) >= 2
        first, *rest = rows
        assert first and set(first) == {"TH"}, first
        assert all(set(row) == {"TD"} for row in rest), rest


def table_rows(table: Any, roles: dict[str, str]) -> list[list[str]]:
    """The standard types of the cells of each /TR of a table (also under /THead, /TBody)."""
    rows: list[list[str]] = []

    def walk(node: Any) -> None:
        for child in children(node):
            if kind(child, roles) == "TR":
                rows.append([kind(cell, roles) for cell in children(child)])
            else:
                walk(child)

    walk(table)
    return rows


def test_every_picture_of_the_report_is_a_figure_with_its_alt_text(report: pikepdf.Pdf, r5_built: Built) -> None:
    with zipfile.ZipFile(r5_built.folder / "report.docx") as z:
        body = etree.fromstring(z.read("word/document.xml"))
    descriptions = [d.get("descr") for d in body.iter(DOCPR)]
    assert len(descriptions) >= 7 and all(descriptions)
    figures = typed(report, "Figure")
    assert [str(f.get("/Alt", "")) for f in figures] == descriptions


def test_a_cards_structure_follows_its_reading_order(cards: pikepdf.Pdf) -> None:
    """Each card page: the section and the title (a /Div each), then the score table."""
    for page in list(cards.pages)[1:]:
        on_page = [t for t, e in elements(cards) if t in ("Div", "Table") and e.get("/Pg") is not None
                   and e.Pg.objgen == page.obj.objgen]
        assert on_page[:3] == ["Div", "Div", "Table"], on_page[:6]
        assert on_page.count("Table") == 1


def test_pdfa_writes_pdf_a_2b_identified_in_the_xmp(renderer: object, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(R5), "-o", str(tmp_path / "out"), "--pdfa", "-q"]) == 0, capsys.readouterr().err
    folder = tmp_path / "out" / R5.name
    assert sorted(p.name for p in folder.iterdir()) == ["cards.pdf", "cards.pptx", "report.docx", "report.pdf"]
    for name in ("cards.pdf", "report.pdf"):
        with pikepdf.open(folder / name) as doc:
            meta = doc.open_metadata()
            assert (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")) == ("2", "B")
            assert meta.get("dc:title") == str(doc.docinfo["/Title"])
            assert "/OutputIntents" in doc.Root
            assert bool(doc.Root.MarkInfo.Marked) is True and str(doc.Root.Lang) == "ja-JP"
