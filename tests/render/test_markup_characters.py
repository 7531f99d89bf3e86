"""Every text of a zone, every label and both font names holding ``& < > " '``: the deck and the
report are valid packages that python-pptx and python-docx open, with every text read back exactly
(the XML is built by lxml, which escapes; the old string building left quotes in attributes raw)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from docx import Document
from docx.oxml.ns import qn
from pptx import Presentation

from ..conftest import MakeYear
from ..markup import EAST_ASIAN, LATIN, MARKS, markup_layout, markup_zones
from ..readback import flat, shape_text

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
EVALUATION = {"title": f"評価結果の概要{MARKS}", "section": f"２．分野別状況{MARKS}",
              "categories": {"international": f"国際戦略総合特区{MARKS}", "local": f"地域活性化総合特区{MARKS}"}}


@pytest.fixture
def marked(make_year: MakeYear, tmp_path: Path) -> tuple[Path, Path]:
    """(year folder, layout file) of :mod:`tests.markup`."""
    return make_year(markup_zones(), **EVALUATION), markup_layout(tmp_path / "layout")


def zone_texts() -> list[str]:
    """Every text field of the zones: name, governments, KPI names, measure headings and items, remarks."""
    out: list[str] = []
    for zone in markup_zones():
        out += [zone["name"], *zone["governments"], *(k["name"] for k in zone["kpis"]), *zone["remarks"]]
        for measure in zone["measures"]:
            out += [measure["heading"], *measure["items"]]
    assert all(any(c in text for c in MARKS) for text in out)
    return out


def layout_labels(layout: Path, section: str | None = None) -> dict[str, Any]:
    raw = yaml.safe_load(layout.read_text(encoding="utf-8"))
    return dict(raw["report"]["labels"] if section == "report" else raw["labels"])


def build_one(marked: tuple[Path, Path], out: Path, *, deck: bool) -> Path:
    from tokku_slides.build import build

    year, layout = marked
    build(year, out, layout_path=layout, deck=deck, report=not deck)
    return out / year.name


def test_the_deck_reads_back_every_text_and_font_name_exactly(marked: tuple[Path, Path], tmp_path: Path) -> None:
    folder = build_one(marked, tmp_path / "out", deck=True)
    prs = Presentation(str(folder / "cards.pptx"))
    texts = [shape_text(shape) for slide in prs.slides for shape in slide.shapes]
    everything = flat("\n".join(texts))
    for text in zone_texts():
        assert flat(text) in everything, text
    labels = layout_labels(marked[1])
    shown = [labels["kpis"], labels["remarks"], labels["total"], labels["total_note"],
             *labels["list_page_notes"], *(labels["list_page_columns"][k] for k in ("category", "name", "total")),
             *(s["mark"] for s in labels["scores"]), *(s["label"] for s in labels["scores"])]
    for label in shown:
        assert flat(label) in everything, label
    assert flat(EVALUATION["title"]) in everything
    # every run (and line break, paragraph end) in one face: a:latin, a:ea and a:cs name the same font
    faces = [tuple(e.get("typeface") for e in rpr.iter(f"{A}latin", f"{A}ea", f"{A}cs"))
             for slide in prs.slides for shape in slide.shapes
             for rpr in shape.element.iter(f"{A}rPr", f"{A}endParaRPr")]
    assert set(faces) == {(LATIN,) * 3, (EAST_ASIAN,) * 3}
    runs = [r for slide in prs.slides for shape in slide.shapes if shape.has_text_frame
            for p in shape.text_frame.paragraphs for r in p.runs]
    assert runs and {r.font.name for r in runs} == {LATIN, EAST_ASIAN}


def test_the_report_reads_back_every_text_and_font_name_exactly(marked: tuple[Path, Path], tmp_path: Path) -> None:
    folder = build_one(marked, tmp_path / "out", deck=False)
    doc = Document(str(folder / "report.docx"))
    paragraphs = [p.text for p in doc.paragraphs]
    cells = [c.text for table in doc.tables for row in table.rows for c in row.cells]
    everything = "\n".join(paragraphs + cells)
    for text in zone_texts():
        assert text in everything, text  # word for word: the report breaks no line
    for label in ("kpis", "remarks", "total", "total_note", "list_note"):
        assert layout_labels(marked[1])[label] in everything, label
    report_labels = layout_labels(marked[1], "report")
    assert report_labels["toc"] in paragraphs
    assert all(any(label in p for p in paragraphs) for label in report_labels["chapters"])
    header = doc.sections[0].header.paragraphs[0].text
    assert header.startswith(EVALUATION["title"]) and header.endswith(MARKS)
    descriptions = [e.get("descr") for e in doc.element.body.iter(qn("wp:docPr"))]
    assert descriptions and all(d.endswith(MARKS) for d in descriptions)  # the alt text's template ends so
    assert any(zone_texts()[0] in d for d in descriptions)
    for style in ("Normal", "Heading 1", "Title", "Table Text", "toc 1"):
        fonts = doc.styles[style].element.rPr.rFonts
        assert (fonts.get(qn("w:ascii")), fonts.get(qn("w:eastAsia")), fonts.get(qn("w:cs"))) == (
            LATIN, EAST_ASIAN, LATIN), style
    assert doc.styles["Normal"].font.name == LATIN
