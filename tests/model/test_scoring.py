from decimal import Decimal

import pytest

from tokku_slides.model.records import Kpi, Scores
from tokku_slides.model.scoring import kpi_achievement, round_half_up, weighted_total

D = Decimal

# The table of the card specification (card.md of the project brief): Ⅰ, Ⅱ, Ⅲ and what the card shows.
CARD_TABLE = [
    ("アジアヘッドクォーター特区", "5", "4", "5", "4.8"),
    ("京浜臨海部ライフイノベーション", "4.8", "3.7", "4.7", "4.5"),
    ("関西イノベーション", "4.8", "4.2", "4", "4.3"),
    ("グリーンアジア", "4", "4.3", "4.2", "4.2"),
    ("アジアNo.1航空宇宙産業クラスター形成特区", "4", "3.8", "4", "4.0"),
    ("つくば", "4", "3.6", "4", "3.9"),
]


@pytest.mark.parametrize(("zone", "i", "ii", "iii", "shown"), CARD_TABLE, ids=[row[0] for row in CARD_TABLE])
def test_weighted_total_matches_every_seed_card(zone: str, i: str, ii: str, iii: str, shown: str) -> None:
    assert weighted_total(D(i), D(ii), D(iii)) == D(shown)


def test_kansai_rounds_half_up_where_python_round_goes_down() -> None:
    assert round(4.25, 1) == 4.2  # the trap
    assert weighted_total(D("4.8"), D("4.2"), D("4")) == D("4.3")


def test_four_point_zero_five_rounds_to_four_point_one() -> None:
    assert weighted_total(D("4.2"), D("4.0"), D("4.0")) == D("4.1")


def test_kpi_percent_from_target_and_actual_rounds_half_up() -> None:
    assert kpi_achievement(D(40), D(21)) == D(53)  # 52.5 -> 53
    assert kpi_achievement(D(3), D(2)) == D(67)
    assert kpi_achievement(D(10), D(0)) == D(0)


def test_round_half_up_to_places() -> None:
    assert round_half_up(D("2.5")) == D(3)
    assert round_half_up(D("4.475"), 1) == D("4.5")
    assert round_half_up(D("4.449"), 1) == D("4.4")


def test_scores_total_is_the_rule() -> None:
    assert Scores(D(4), D("3.8"), D(4)).total == D("4.0")


def test_kpi_achievement_prefers_the_stated_percent() -> None:
    assert Kpi("x", stated_achievement=D(103)).achievement == D(103)
    assert Kpi("x", target=D(40), actual=D(21)).achievement == D(53)
