"""How numbers and names print on the cards and in the report. One place for every format.

Pure functions over the model; no Office library, no layout.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from tokku_slides.model.dates import era_of
from tokku_slides.model.records import Year, Zone

_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ERAS = ((2019, "令和"), (1989, "平成"))
"""Era name by the first fiscal year it covers (the fiscal year starting in April of that year)."""


def fullwidth_digits(value: int | str) -> str:
    """``12`` -> ``１２``."""
    return str(value).translate(_FULLWIDTH)


def era_year(fiscal_year: int) -> str:
    """A fiscal year in the Japanese era with full-width digits: 2023 -> 令和５年度, 2019 -> 令和元年度."""
    for first, era in ERAS:
        if fiscal_year >= first:
            n = fiscal_year - first + 1
            return f"{era}{'元' if n == 1 else fullwidth_digits(n)}年度"
    raise ValueError(f"fiscal year {fiscal_year} is before 平成")


def wareki_date(date: dt.date) -> str:
    """A date as government documents print it: 和暦, full-width digits, 元年 for an era's first year:
    2024-03-29 -> 令和６年３月２９日, 2019-05-01 -> 令和元年５月１日, 2019-04-30 -> 平成３１年４月３０日."""
    try:
        era, n = era_of(date)
    except ValueError:  # before 昭和: no SOURCE_DATE_EPOCH a build meets; the western year
        era, n = "", date.year
    year = "元" if n == 1 and era else fullwidth_digits(n)
    return f"{era}{year}年{fullwidth_digits(date.month)}月{fullwidth_digits(date.day)}日"


def score_text(score: Decimal, decimals: int | None = None) -> str:
    """A score as printed. ``decimals`` None (the cards): whole numbers without decimals (``5``), others
    as written (``4.8``); a number (the list page's setting): exactly that many decimals, rounded half
    up (``decimals=1``: ``4.0``, ``3.0``, ``4.8``)."""
    if decimals is not None:
        quantum = Decimal(1).scaleb(-decimals)
        return f"{score.quantize(quantum, rounding=ROUND_HALF_UP):f}"
    if score == score.to_integral_value():
        return str(int(score))
    return f"{score.normalize():f}"


def percent_text(percent: Decimal) -> str:
    """A KPI's 進捗度 with half-width digits and a full-width sign: ``103％``."""
    return f"{score_text(percent)}％"


def category_heading(number: int, label: str) -> str:
    """``（１）国際戦略総合特区``."""
    return f"（{fullwidth_digits(number)}）{label}"


def section_heading(year: Year, zone: Zone) -> str:
    """The heading on a zone's card: ``２．分野別状況 （１）国際戦略総合特区``."""
    key = zone.category
    return f"{year.section} {category_heading(year.category_number(key), year.categories[key])}"


def governments_text(zone: Zone) -> str:
    """The governments in full-width brackets joined with 、, with ``　等`` when the list is partial."""
    inner = "、".join(zone.governments)
    if zone.governments_etc:
        inner += "　等"
    return f"（{inner}）"


def zone_title(zone: Zone) -> str:
    """``アジアヘッドクォーター特区（東京都）``."""
    return zone.name + governments_text(zone)


MINUS = "\u2212"
"""The minus sign of a printed change (U+2212, as typeset documents write it; not the hyphen)."""


def change_text(change: Decimal | None, new: str, decimals: int | None = None) -> str:
    """A change from last year as printed: ``+0.2``, ``−0.1`` (U+2212), ``±0``; ``new`` (the layout's
    新規) for a zone new this year (None)."""
    if change is None:
        return new
    if change == 0:
        return "±0"
    sign = "+" if change > 0 else MINUS
    return sign + score_text(abs(change), decimals)
