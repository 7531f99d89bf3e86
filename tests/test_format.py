from decimal import Decimal

import pytest

from tokku_slides import format as fmt
from tokku_slides.model.records import Scores, Year, Zone

D = Decimal


@pytest.mark.parametrize(("value", "text"), [("4.8", "4.8"), ("5", "5"), ("5.0", "5"), ("4.0", "4"), ("3.9", "3.9")])
def test_score_whole_numbers_print_without_decimals(value: str, text: str) -> None:
    assert fmt.score_text(D(value)) == text


def test_percent_has_half_width_digits_and_full_width_sign() -> None:
    assert fmt.percent_text(D(103)) == "103％"
    assert fmt.percent_text(D("52.5")) == "52.5％"


@pytest.mark.parametrize(
    ("year", "text"),
    [(2023, "令和５年度"), (2019, "令和元年度"), (2020, "令和２年度"), (2030, "令和１２年度"),
     (2018, "平成３０年度"), (1989, "平成元年度")],
)
def test_era_year_uses_full_width_digits_and_gannen(year: int, text: str) -> None:
    assert fmt.era_year(year) == text


def zone(**kw: object) -> Zone:
    base: dict[str, object] = dict(
        name="アジアNo.1航空宇宙産業クラスター形成特区",
        governments=("愛知県", "岐阜県", "三重県", "長野県", "静岡県", "名古屋市"),
        category="international",
        scores=Scores(D(4), D("3.8"), D(4)),
        remarks=("x",),
    )
    base.update(kw)
    return Zone(**base)  # type: ignore[arg-type]


def test_zone_title_with_etc_ends_with_full_width_space_and_tou() -> None:
    assert fmt.zone_title(zone(governments_etc=True)) == (
        "アジアNo.1航空宇宙産業クラスター形成特区（愛知県、岐阜県、三重県、長野県、静岡県、名古屋市　等）"
    )


def test_zone_title_single_government() -> None:
    z = zone(name="アジアヘッドクォーター特区", governments=("東京都",))
    assert fmt.zone_title(z) == "アジアヘッドクォーター特区（東京都）"


def test_section_heading_numbers_the_category_in_order() -> None:
    year = Year(2023, "t", "２．分野別状況", {"international": "国際戦略総合特区", "local": "地域活性化総合特区"}, ())
    assert fmt.section_heading(year, zone()) == "２．分野別状況 （１）国際戦略総合特区"
    assert fmt.section_heading(year, zone(category="local")) == "２．分野別状況 （２）地域活性化総合特区"
