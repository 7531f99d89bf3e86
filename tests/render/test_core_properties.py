"""The documents' properties come from the data: title and subject (the fiscal year) in both files."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from pptx import Presentation

from tokku_slides.build import build

from ..conftest import R5


def test_title_and_subject_are_the_years_in_the_deck_and_the_report(tmp_path: Path) -> None:
    build(R5, tmp_path / "out")
    deck = Presentation(io.BytesIO((tmp_path / "out" / "r5" / "cards.pptx").read_bytes())).core_properties
    report = Document(io.BytesIO((tmp_path / "out" / "r5" / "report.docx").read_bytes())).core_properties
    title = "総合特別区域評価・調査検討会における評価結果の概要 令和５年度"
    assert (deck.title, deck.subject) == (title, "令和５年度")
    assert (report.title, report.subject) == (title, "令和５年度")
    assert "python-pptx" not in (deck.comments or "") and "python-docx" not in (report.comments or "")
