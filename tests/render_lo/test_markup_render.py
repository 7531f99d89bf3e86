"""LibreOffice converts a deck and a report whose every zone text, label and font name holds
``& < > " '`` (tests/markup.py), and prints those texts: the packages are valid Office XML."""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation

from tokku_slides.build import build
from tokku_slides.render.pdf import Renderer

from ..conftest import MakeYear
from ..markup import MARKS, markup_layout, markup_zones
from .pdfcheck import flat, pdf_pages


def printed(pdf: Path) -> str:
    return flat("".join(c["text"] for page in pdf_pages(pdf) for c in page.chars))


def test_libreoffice_converts_both_files_and_prints_the_markup_characters(
    renderer: Renderer, make_year: MakeYear, tmp_path: Path,
) -> None:
    year = make_year(markup_zones(), title=f"評価結果の概要{MARKS}")
    out = tmp_path / "out"
    build(year, out, layout_path=markup_layout(tmp_path / "layout"), pdf=True)
    folder = out / year.name
    cards, report = printed(folder / "cards.pdf"), printed(folder / "report.pdf")
    slides = len(Presentation(str(folder / "cards.pptx")).slides)
    assert len(pdf_pages(folder / "cards.pdf")) == slides
    for zone in markup_zones():
        for text in (zone["name"], zone["kpis"][0]["name"], zone["remarks"][0]):
            assert flat(text) in cards, text
            assert flat(text) in report, text
    assert MARKS in cards and MARKS in report
