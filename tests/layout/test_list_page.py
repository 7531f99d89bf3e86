"""The list page as published: its columns, the order of its rows, one-decimal scores, one page for a
full year in two blocks side by side, read back from cards.pptx with python-pptx."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

from pptx import Presentation

from tokku_slides.build import build, prepare
from tokku_slides.layout.spec import default_layout_path, load_layout

from ..conftest import MakeYear, zone_record
from ..full_year import full_year_zones


def list_tables(pptx: Path) -> list[list[list[str]]]:
    """The tables of the first slide, each as rows of cell texts."""
    slide = Presentation(str(pptx)).slides[0]
    return [[["".join(c.text.split()) for c in row.cells] for row in s.table.rows]
            for s in slide.shapes if s.has_table]


def test_a_full_year_fits_one_list_page_in_two_blocks(make_year: MakeYear, tmp_path: Path) -> None:
    folder = make_year(full_year_zones())
    _year, _layout, deck = prepare(folder)
    lists = [p for p in deck.pages if p.zone is None]
    assert len(lists) == 1
    assert [t.role for t in lists[0].tables] == ["list_table", "list_table.2"]
    result = build(folder, tmp_path / "out", report=False)
    tables = list_tables(result.written[0])
    headers = load_layout().labels.list_page_columns
    want = [headers[k] for k in ("field", "designation", "category", "number", "name", "total")]
    assert [t[0] for t in tables] == [want, want]
    rows = [r for t in tables for r in t[1:]]
    assert len(rows) == 47
    # by category (国際 first), then 総合評価 high to low
    assert [r[2] for r in rows] == ["国際"] * 7 + ["地域"] * 40
    for category in ("国際", "地域"):
        totals = [Decimal(r[5]) for r in rows if r[2] == category]
        assert totals == sorted(totals, reverse=True)
    assert all(len(r[5]) == 3 and r[5][1] == "." for r in rows)  # 4.0, 3.6: one decimal always


def test_ties_keep_file_order_and_whole_scores_print_one_decimal(make_year: MakeYear, tmp_path: Path) -> None:
    zones = [zone_record("乙特区", scores={"I": 4, "II": 4, "III": 4}),
             zone_record("甲特区", scores={"I": 5, "II": 5, "III": 5}),
             zone_record("丙特区", scores={"I": 4, "II": 4, "III": 4})]
    result = build(make_year(zones), tmp_path / "out", report=False)
    [table] = list_tables(result.written[0])
    assert [r[1:] for r in table[1:]] == [["甲特区", "5.0"], ["乙特区", "4.0"], ["丙特区", "4.0"]]


def test_file_order_is_a_layout_setting(make_year: MakeYear, tmp_path: Path) -> None:
    zones = [zone_record("乙特区", scores={"I": 4, "II": 4, "III": 4}),
             zone_record("甲特区", scores={"I": 5, "II": 5, "III": 5})]
    text = default_layout_path().read_text(encoding="utf-8")
    assert "    order: score " in text
    layout = tmp_path / "layout.yaml"
    layout.write_text(text.replace("    order: score ", "    order: file "), encoding="utf-8")
    shutil.copytree(default_layout_path().parent / "metrics", tmp_path / "metrics")
    _year, _l, deck = prepare(make_year(zones), layout)
    table = deck.pages[0].tables[0]
    names = ["".join(w for line in block.lines for w in line) for _s, block in (row[1] for row in table.cells[1:])]
    assert names == ["乙特区", "甲特区"]


def test_a_column_with_a_value_in_one_zone_is_kept_and_one_with_none_left_out(make_year: MakeYear,
                                                                              tmp_path: Path) -> None:
    zones = [zone_record("甲特区", designation=2), zone_record("乙特区")]
    result = build(make_year(zones), tmp_path / "out", report=False)
    [table] = list_tables(result.written[0])
    assert table[0] == ["指定次数", "国際/地域", "特区名", "総合評価"]
    assert [r[0] for r in table[1:]] == ["2", ""]
