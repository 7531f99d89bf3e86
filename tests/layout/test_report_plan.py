"""The report's plan: what every block says, decided without python-docx."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

from tokku_slides.layout.pages import compose
from tokku_slides.layout.report import Heading, KpiFigure, OverviewFigure, Table, Text, compose_report
from tokku_slides.layout.spec import load_layout
from tokku_slides.model.load import load_year

from ..conftest import R5, MakeYear, zone_record

WHEN = dt.datetime(2024, 3, 29, tzinfo=dt.UTC)


def r5_plan():  # type: ignore[no-untyped-def]
    return compose_report(load_year(R5), load_layout(), WHEN)


def test_the_plan_is_made_without_any_office_or_plotting_library() -> None:
    code = (
        "import sys, datetime\n"
        "from pathlib import Path\n"
        "from tokku_slides.layout.report import compose_report\n"
        "from tokku_slides.layout.spec import load_layout\n"
        "from tokku_slides.model.load import load_year\n"
        f"compose_report(load_year(Path({str(R5)!r})), load_layout(), datetime.datetime(2024, 1, 1))\n"
        "print(','.join(m for m in ('docx', 'pptx', 'matplotlib', 'lxml') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == ""


def test_title_block_and_contents() -> None:
    plan = r5_plan()
    assert [t.text for t in plan.front] == [
        "総合特別区域評価・調査検討会における評価結果の概要", "（令和５年度）", "令和６年３月２９日"]
    assert plan.toc_title == "目次"
    assert [(h.level, h.text) for h in plan.headings[:5]] == [
        (1, "１．評価の方法"), (1, "２．評価結果一覧"), (1, "３．分野別状況"), (2, "（１）国際戦略総合特区"),
        (3, "アジアヘッドクォーター特区（東京都）"),
    ]
    assert len({h.bookmark for h in plan.headings}) == len(plan.headings)
    assert plan.header == "総合特別区域評価・調査検討会における評価結果の概要 令和５年度"


def test_every_number_is_the_one_the_cards_print() -> None:
    year, layout = load_year(R5), load_layout()
    plan = compose_report(year, layout, WHEN)
    deck = compose(year, layout)
    assert plan.texts == deck.texts
    list_table = next(b for b in plan.body if isinstance(b, Table) and len(b.columns) == 7)
    printed = [tuple(c.lines[0] for c in row.cells[3:]) for row in list_table.rows[1:]]
    assert printed == [(z.total, *z.scores) for z in deck.texts.zones]
    assert printed[0] == ("4.8", "5", "4", "5")


def test_each_zone_has_its_score_table_kpis_measures_and_remarks_in_order() -> None:
    plan = r5_plan()
    body = list(plan.body)
    start = next(i for i, b in enumerate(body)
                 if isinstance(b, Heading) and b.text.startswith("アジアヘッドクォーター"))
    end = next(i for i, b in enumerate(body) if i > start and isinstance(b, Heading))
    zone = body[start:end]
    kinds = [type(b).__name__ for b in zone]
    assert kinds[:5] == ["Heading", "Table", "Text", "Table", "KpiFigure"]
    score_row = zone[1].rows[1]  # type: ignore[union-attr]
    assert [c.lines[0] for c in score_row.cells] == ["4.8", "5", "4", "5"]
    assert [c.run_style for c in score_row.cells] == ["total", "score", "score", "score"]
    labels = [b.text for b in zone if isinstance(b, Text) and b.style == "label"]
    assert labels[0] == "進捗度" and labels[-1] == "総合評価に係る専門家所見（主なもの）"
    assert all(b.text.startswith("・") for b in zone[zone.index(next(
        b for b in zone if isinstance(b, Text) and b.text == labels[-1])) + 1:])


def test_the_kpi_chart_has_its_values_in_the_alt_text_and_at_most_eight_ticks(make_year: MakeYear) -> None:
    kpis = [{"name": "件数", "achievement": 80}, {"name": "額", "achievement": 1250}]
    plan = compose_report(load_year(make_year([zone_record(kpis=kpis)])), load_layout(), WHEN)
    (figure,) = [f for f in plan.figures if isinstance(f, KpiFigure)]
    assert [b.text for b in figure.bars] == ["80％", "1250％"]
    assert figure.target == 100 and figure.target_text == "100％"
    assert len(figure.axis.ticks) <= 8
    assert figure.axis.high >= 1250
    assert "件数 80％" in figure.alt and "額 1250％" in figure.alt


def test_the_overview_ranks_within_each_category_and_keeps_ties_in_card_order(make_year: MakeYear) -> None:
    zones = [
        zone_record("甲特区", scores={"I": 3, "II": 3, "III": 3}),
        zone_record("乙特区", scores={"I": 4, "II": 4, "III": 4}),
        zone_record("丙特区", scores={"I": 3, "II": 3, "III": 3}),
        zone_record("丁特区", category="local", scores={"I": 5, "II": 5, "III": 5}),
    ]
    plan = compose_report(load_year(make_year(zones)), load_layout(), WHEN)
    (overview,) = [f for f in plan.figures if isinstance(f, OverviewFigure)]
    assert [r.label for r in overview.rows] == [
        "（１）国際戦略総合特区", "乙特区", "甲特区", "丙特区", "（２）地域活性化総合特区", "丁特区"]
