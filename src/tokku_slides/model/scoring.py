"""The 1:1:2 overall score and KPI percents, in decimal with half-up rounding.

Binary floats get the committee's numbers wrong (``round(4.25, 1) == 4.2``), so every value is a
:class:`~decimal.Decimal` built from the text the user wrote.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def round_half_up(value: Decimal, places: int = 0) -> Decimal:
    """Round ``value`` to ``places`` decimals, halves away from zero (4.25 -> 4.3)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def weighted_total(i: Decimal, ii: Decimal, iii: Decimal) -> Decimal:
    """総合評価: ``round_half_up((Ⅰ + Ⅱ + 2 × Ⅲ) / 4, 1)``."""
    return round_half_up((i + ii + 2 * iii) / 4, 1)


def kpi_achievement(target: Decimal, actual: Decimal) -> Decimal:
    """進捗度 in percent from a target (> 0) and an actual (>= 0): ``round_half_up(actual / target × 100)``."""
    return round_half_up(actual * 100 / target, 0)
