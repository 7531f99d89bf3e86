"""check of the deck: the 等 the data asks for (kpis_etc:, a measure's etc:) and the list page's
前年度/増減 columns (previous: set), each compared with the data."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation

from ..conftest import R5
from .test_roundtrip import build_deck, run, shape, year

__all__ = ["year"]


def drop_paragraph(paragraph: Any) -> None:
    paragraph._p.getparent().remove(paragraph._p)


def test_check_reports_a_missing_and_an_added_etc(year: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    deck = build_deck(year, tmp_path)
    prs = Presentation(str(deck))
    # slide 2 (アジアヘッドクォーター特区): measure 1 ends with 等 in the data (etc: true); deleted
    measure = shape(prs.slides[1], "measure.1").text_frame
    assert measure.paragraphs[-1].text == "等"
    drop_paragraph(measure.paragraphs[-1])
    # slide 2: its KPIs have no kpis_etc:, a 等 typed after the last percent
    kpis = shape(prs.slides[1], "kpis").text_frame
    kpis.add_paragraph().text = "等"
    edited = tmp_path / "edited.pptx"
    prs.save(str(edited))
    code, out, _err = run(["check", str(year), str(edited)], capsys)
    assert code == 3
    assert out.splitlines() == [
        "アジアヘッドクォーター特区: 等 after support measure 1: the data gives «等», the file has nothing (slide 2)",
        "アジアヘッドクォーター特区: 等 after the KPIs: the data gives nothing, the file has «等» (slide 2)",
        f"{edited}: 2 differences from {year}",
    ]


def test_extract_lists_an_etc_difference_and_writes_nothing(year: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    deck = build_deck(year, tmp_path)
    prs = Presentation(str(deck))
    drop_paragraph(shape(prs.slides[1], "measure.1").text_frame.paragraphs[-1])
    edited = tmp_path / "edited.pptx"
    prs.save(str(edited))
    before = {p.name: p.read_bytes() for p in (year / "zones").iterdir()}
    code, out, _err = run(["extract", str(edited), "--into", str(year)], capsys)
    assert code == 0
    assert out.splitlines()[0] == ("not written: アジアヘッドクォーター特区: 等 after support measure 1: "
                                   "the data gives «等», the file has nothing (slide 2)")
    assert {p.name: p.read_bytes() for p in (year / "zones").iterdir()} == before


@pytest.fixture
def two_years(tmp_path: Path) -> tuple[Path, Path]:
    """data/r5 as last year, and 令和６年度 with previous: ../r5 and one score changed (4.8 -> 4.5)."""
    last = tmp_path / "r5"
    shutil.copytree(R5, last)
    this = tmp_path / "r6"
    shutil.copytree(R5, this)
    evaluation = this / "evaluation.yaml"
    evaluation.write_text(evaluation.read_text(encoding="utf-8").replace("fiscal_year: 2023", "fiscal_year: 2024"),
                          encoding="utf-8")
    zone = this / "zones" / "01-asia-headquarters.yaml"
    zone.write_text(zone.read_text(encoding="utf-8").replace("  II: 4\n", "  II: 3\n").replace(
        "total: 4.8", "total: 4.5"), encoding="utf-8")
    return last, this


def test_check_reports_list_columns_missing_when_previous_is_set(two_years: tuple[Path, Path], tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    """A deck built before previous: was set has no 前年度/増減 columns: each is one difference."""
    _last, this = two_years
    deck = build_deck(this, tmp_path)
    evaluation = this / "evaluation.yaml"
    evaluation.write_text(evaluation.read_text(encoding="utf-8") + "previous: ../r5\n", encoding="utf-8")
    code, out, _err = run(["check", str(this), str(deck)], capsys)
    assert code == 3
    assert out.splitlines() == [
        "評価結果一覧: the column 前年度: the data gives «前年度», the file has nothing (slide 1)",
        "評価結果一覧: the column 増減: the data gives «増減», the file has nothing (slide 1)",
        f"{deck}: 2 differences from {this}",
    ]


def test_check_compares_the_previous_year_cells(two_years: tuple[Path, Path], tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    _last, this = two_years
    evaluation = this / "evaluation.yaml"
    evaluation.write_text(evaluation.read_text(encoding="utf-8") + "previous: ../r5\n", encoding="utf-8")
    deck = build_deck(this, tmp_path)
    code, out, _err = run(["check", str(this), str(deck)], capsys)
    assert (code, out) == (0, f"{deck}: agrees with {this}: 6 zones, 7 slides\n")
    prs = Presentation(str(deck))
    table = shape(prs.slides[0], "list_table").table
    assert [c.text for c in table.rows[0].cells][-2:] == ["前年度", "増減"]
    assert [c.text for c in table.rows[1].cells][-2:] == ["4.8", "−0.3"]
    table.cell(1, 3).text_frame.paragraphs[0].runs[0].text = "4.6"
    table.cell(2, 4).text_frame.paragraphs[0].runs[0].text = "+0.1"
    edited = tmp_path / "edited.pptx"
    prs.save(str(edited))
    code, out, _err = run(["check", str(this), str(edited)], capsys)
    assert code == 3
    assert out.splitlines() == [
        "評価結果一覧: アジアヘッドクォーター特区 前年度: the data gives «4.8», the file has «4.6» (slide 1)",
        "評価結果一覧: 京浜臨海部ライフイノベーション国際戦略総合特区 増減: the data gives «±0», "
        "the file has «+0.1» (slide 1)",
        f"{edited}: 2 differences from {this}",
    ]
