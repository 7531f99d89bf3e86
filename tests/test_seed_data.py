"""data/r5 is the seed, transcribed: every value occurs in the seed text, and nothing was left out."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from tokku_slides.model.load import load_year
from tokku_slides.model.records import Year

from .conftest import R5, SEED

# The score row of each seed card, as printed: total, Ⅰ, Ⅱ, Ⅲ (card.md of the project brief).
SEED_SCORES = {
    "アジアヘッドクォーター特区": ("4.8", "5", "4", "5"),
    "京浜臨海部ライフイノベーション国際戦略総合特区": ("4.5", "4.8", "3.7", "4.7"),
    "関西イノベーション国際戦略総合特区": ("4.3", "4.8", "4.2", "4"),
    "グリーンアジア国際戦略総合特区": ("4.2", "4", "4.3", "4.2"),
    "アジアNo.1航空宇宙産業クラスター形成特区": ("4", "4", "3.8", "4"),
    "つくば国際戦略総合特区": ("3.9", "4", "3.6", "4"),
}


def flat(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def year() -> Year:
    return load_year(R5)


@pytest.fixture(scope="module")
def seed_cards() -> list[str]:
    heading = "２．分野別状況 （１）国際戦略総合特区"
    return [heading + page for page in SEED.read_text(encoding="utf-8").split(heading) if page.strip()]


def test_r5_has_the_six_seed_zones_in_order(year: Year) -> None:
    assert [z.name for z in year.zones] == list(SEED_SCORES)
    assert year.fiscal_year == 2023


@pytest.mark.parametrize("index", range(6))
def test_every_value_of_a_zone_occurs_on_its_seed_card(year: Year, seed_cards: list[str], index: int) -> None:
    zone = year.zones[index]
    card = flat(seed_cards[index]).replace("%", "％")
    strings = [zone.name, *zone.governments, *zone.remarks]
    strings += [k.name for k in zone.kpis] + [f"{k.achievement}％" for k in zone.kpis]
    strings += [m.heading for m in zone.measures] + [i for m in zone.measures for i in m.items]
    for s in strings:
        assert flat(s) in card, s
    # one ・ bullet on the card per KPI, item and remark: nothing left out
    bullets = sum(line.startswith("・") for line in seed_cards[index].split("\n"))
    assert bullets == len(zone.kpis) + sum(len(m.items) for m in zone.measures) + len(
        zone.remarks
    )
    total, i, ii, iii = (Decimal(v) for v in SEED_SCORES[zone.name])
    assert (zone.scores.total, zone.scores.i, zone.scores.ii, zone.scores.iii) == (total, i, ii, iii)
    etc_count = zone.kpis_etc + sum(m.etc for m in zone.measures)
    assert len(re.findall(r"\n等\n", seed_cards[index])) == etc_count
