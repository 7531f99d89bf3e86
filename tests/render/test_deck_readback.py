"""Build data/r5, reopen cards.pptx, and find every string of every seed card on its card."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation

from tokku_slides import format as fmt
from tokku_slides.build import build
from tokku_slides.layout.spec import load_layout
from tokku_slides.model.load import load_year
from tokku_slides.model.records import Year

from ..conftest import R5, ROOT
from ..readback import deck_summary, flat, shapes_named, zone_cards
from ..test_seed_data import SEED_SCORES

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
GOLDEN = ROOT / "tests" / "golden" / "r5_deck.json"


@pytest.fixture(scope="module")
def deck_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    build(R5, out, report=False)
    return out / "r5" / "cards.pptx"


@pytest.fixture(scope="module")
def summary(deck_path: Path) -> list[dict[str, Any]]:
    return deck_summary(deck_path)


@pytest.fixture(scope="module")
def year() -> Year:
    return load_year(R5)


def test_deck_is_the_list_page_then_one_card_per_zone(summary: list[dict[str, Any]], year: Year) -> None:
    assert len(summary) == 1 + len(year.zones)
    assert [sh["name"] for sh in summary[0]["shapes"]].count("list_table") == 1
    for number, zone in enumerate(year.ordered_zones(), start=2):
        assert zone_cards(summary, zone.name) == [summary[number - 1]]


def test_the_shapes_of_every_slide_are_in_reading_order(summary: list[dict[str, Any]], year: Year) -> None:
    """The spTree's order is what a screen reader reads in the pptx, and the order of the tagged PDF's
    structure: section, title, score table (and its note), the KPI column, the measure columns, the
    remarks under their heading, the footer; on the list page its heading and note before the table."""
    assert [sh["name"] for sh in summary[0]["shapes"]] == [
        "list_heading", "list_note", "list_table", "footer", "page_number"]
    for number, zone in enumerate(year.ordered_zones(), start=2):
        measures = [f"measure.{i}" for i in range(1, max(1, len(zone.measures)) + 1)]
        assert [sh["name"] for sh in summary[number - 1]["shapes"]] == [
            "section", "title", "score_table", "note", "kpis", *measures, "remarks_heading", "remarks",
            "footer", "page_number"], zone.name


def test_every_table_marks_its_first_row_as_the_header_row(deck_path: Path) -> None:
    """``a:tblPr firstRow="1"`` (PowerPoint's "Header Row"): a screen reader reads the first row's
    cells as the column headers; the cells' own fills and run formats keep the look."""
    prs = Presentation(str(deck_path))
    tables = [tbl for slide in prs.slides for tbl in slide._element.iter(f"{A}tbl")]
    assert len(tables) == len(prs.slides)
    for tbl in tables:
        assert tbl.find(f"{A}tblPr").get("firstRow") == "1"
        assert tbl.find(f"{A}tblPr").find(f"{A}tableStyleId") is None


@pytest.mark.parametrize("index", range(6))
def test_every_string_of_the_seed_card_is_on_its_card(summary: list[dict[str, Any]], year: Year, index: int) -> None:
    zone = year.zones[index]
    cards = zone_cards(summary, zone.name)
    text = flat("".join(sh["text"] for c in cards for sh in c["shapes"]))
    layout = load_layout()
    expected = [
        "２．分野別状況（１）国際戦略総合特区",
        fmt.zone_title(zone),
        layout.labels.kpis,
        layout.labels.remarks,
        layout.labels.total_note,
        "総合特別区域評価・調査検討会における評価結果の概要令和５年度",
        *(s.label for s in layout.labels.scores),
    ]
    for kpi in zone.kpis:
        expected += ["・" + kpi.name, fmt.percent_text(kpi.achievement)]
    for m in zone.measures:
        expected += [m.heading, *("・" + item for item in m.items)]
    expected += ["・" + r for r in zone.remarks]
    for s in expected:
        assert flat(s) in text, s
    # each remark in the remarks box, each KPI in the KPI column
    remarks = flat("".join(sh["text"] for sh in shapes_named(cards, "remarks")))
    assert remarks == flat("".join("・" + r for r in zone.remarks))
    kpi_lines = [line for sh in shapes_named(cards, "kpis") for line in sh["text"].split("\n")]
    assert sum(line.startswith("・") for line in kpi_lines) == len(zone.kpis)
    assert (kpi_lines[-1] == "等") == zone.kpis_etc


@pytest.mark.parametrize("name", list(SEED_SCORES))
def test_the_four_scores_are_in_the_score_table(summary: list[dict[str, Any]], name: str) -> None:
    table = shapes_named(zone_cards(summary, name), "score_table")[0]["text"]
    assert table.split("\n")[-1].split("\t") == list(SEED_SCORES[name])


def test_the_list_page_has_all_six_totals(summary: list[dict[str, Any]]) -> None:
    rows = [row.split("\t") for row in shapes_named(summary[:1], "list_table")[0]["text"].split("\n")]
    headers = load_layout().labels.list_page_columns
    # data/r5 gives no field:, designation:, number:: their columns are left out
    assert rows[0] == [headers["category"], headers["name"], headers["total"]]
    by_name = {row[1]: row[2] for row in rows[1:]}
    # the list prints one decimal (list.table.decimals); the cards keep the seed's 4 and 4.8
    assert by_name == {name: f"{Decimal(scores[0]):.1f}" for name, scores in SEED_SCORES.items()}
    totals = [Decimal(row[2]) for row in rows[1:]]
    assert totals == sorted(totals, reverse=True)  # one category: 総合評価 high to low


def test_every_run_has_an_east_asian_typeface_and_japanese_lang(deck_path: Path) -> None:
    prs = Presentation(str(deck_path))
    runs = 0
    for slide in prs.slides:
        for rpr in slide._element.iter(f"{A}rPr", f"{A}endParaRPr"):
            runs += 1
            children = [c.tag for c in rpr]
            assert f"{A}ea" in children
            assert children.index(f"{A}ea") == children.index(f"{A}latin") + 1
            assert rpr.get("lang") == "ja-JP"
            assert rpr.get("sz") is not None
    assert runs > 100


def test_no_slide_has_an_autofit_flag(deck_path: Path) -> None:
    prs = Presentation(str(deck_path))
    for slide in prs.slides:
        tags = {el.tag for el in slide._element.iter()}
        assert f"{A}normAutofit" not in tags
        assert f"{A}spAutoFit" not in tags
        assert len(list(slide._element.iter(f"{A}bodyPr"))) == len(list(slide._element.iter(f"{A}noAutofit")))


def test_golden_summary(summary: list[dict[str, Any]], update_golden: bool) -> None:
    """The deck's normalised read-back; refresh on purpose with ``pytest --update-golden``."""
    text = json.dumps(summary, ensure_ascii=False, indent=1) + "\n"
    if update_golden or not GOLDEN.exists():
        GOLDEN.write_text(text, encoding="utf-8")
        if not update_golden:
            pytest.fail("golden file was missing and has been written: review and commit it")
    assert text == GOLDEN.read_text(encoding="utf-8")
