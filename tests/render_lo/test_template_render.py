"""A deck made on an organisation's A3 presentation (the geometry scaled by 420/297), as LibreOffice
draws it: every glyph in its box, each box holding its own text."""

from __future__ import annotations

from pathlib import Path

from tokku_slides.build import build
from tokku_slides.render.pdf import Renderer

from ..conftest import R5
from ..templates_kit import A3_LANDSCAPE, make_template
from .pdfcheck import check_deck


def test_cards_scaled_to_an_a3_template_pass_the_glyph_in_box_check(renderer: Renderer, tmp_path: Path) -> None:
    template = make_template(tmp_path / "org.pptx", A3_LANDSCAPE)
    build(R5, tmp_path / "out", template_path=template, report=False, pdf=True)
    folder = tmp_path / "out" / R5.name
    check = check_deck(folder / "cards.pdf", folder / "cards.pptx")
    assert not check.problems, check.problems[:5]
