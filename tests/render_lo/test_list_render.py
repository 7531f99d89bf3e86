"""The list page of a full year (7 国際 + 40 地域 zones with long names) as LibreOffice draws it: one
slide, and no glyph outside its box (the glyph-in-box check of pdfcheck)."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import yaml

from tokku_slides.cli import main
from tokku_slides.render.pdf import Renderer

from ..conftest import EVALUATION
from ..full_year import full_year_zones
from .pdfcheck import check_deck, deck_boxes


def test_a_full_year_list_page_is_one_slide_with_every_glyph_in_its_box(renderer: Renderer, tmp_path: Path) -> None:
    folder = tmp_path / "r5"
    (folder / "zones").mkdir(parents=True)
    (folder / "evaluation.yaml").write_text(yaml.safe_dump(EVALUATION, allow_unicode=True), encoding="utf-8")
    for i, zone in enumerate(full_year_zones(), start=1):
        (folder / "zones" / f"{i:02d}-zone.yaml").write_text(
            yaml.safe_dump(zone, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["build", str(folder), "-o", str(tmp_path / "out"), "--pdf", "--no-report"]) == 0
    out = tmp_path / "out" / "r5"
    slides = deck_boxes(out / "cards.pptx")
    assert len(slides) == 1 + 47  # one list page, then one card per zone
    check = check_deck(out / "cards.pdf", out / "cards.pptx")
    assert check.glyphs > 47 * 30
    assert not check.problems, "\n".join(map(str, check.problems[:20]))
