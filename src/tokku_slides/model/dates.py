"""Calendar dates: the eras by their first day, and reading a date the way a clerk may write it.

``date:`` in evaluation.yaml is an ISO date (``2024-03-29``); a date written otherwise
(``令和6年3月29日``, ``2024/3/29``, full-width digits) is refused with the ISO form to write instead.
No Office library, no layout: the printed form (``令和６年３月２９日``) is tokku_slides.format's.
"""

from __future__ import annotations

import datetime as dt
import re

ERA_STARTS: tuple[tuple[str, dt.date], ...] = (
    ("令和", dt.date(2019, 5, 1)),
    ("平成", dt.date(1989, 1, 8)),
    ("昭和", dt.date(1926, 12, 25)),
)
"""Each era by its first day, newest first (2019-04-30 is 平成３１年, 2019-05-01 令和元年); 昭和 only
for a SOURCE_DATE_EPOCH of 1970."""

FIRST_DATE = dt.date(1989, 1, 8)
"""The first day a date may be (平成元年１月８日): fiscal years start in 1989 (平成元年度) too."""

ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
"""YYYY-MM-DD, the one form ``date:`` takes."""

_HALF = str.maketrans("０１２３４５６７８９／－．　", "0123456789/-. ")
_WAREKI = re.compile(r"(令和|平成|昭和|R|H|S)\s*(元|\d{1,2})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?")
_WESTERN = re.compile(r"(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?")
_ERA_LETTERS = {"R": "令和", "H": "平成", "S": "昭和"}


def iso_date(text: str) -> dt.date | None:
    """The date of a ``YYYY-MM-DD`` text, or None (not that form, or no such day: 2024-02-30)."""
    match = ISO_DATE.fullmatch(text.strip())
    if match is None:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def meant_date(text: str) -> dt.date | None:
    """The day a date written in another form means (``令和6年3月29日``, ``R6.3.29``, ``2024/3/29``,
    ``2024年3月29日``, full-width digits), or None when it is no such form or no such day."""
    half = text.strip().translate(_HALF)
    wareki = _WAREKI.fullmatch(half)
    try:
        if wareki is not None:
            era = _ERA_LETTERS.get(wareki[1], wareki[1])
            start = dict(ERA_STARTS)[era]
            n = 1 if wareki[2] == "元" else int(wareki[2])
            day = dt.date(start.year + n - 1, int(wareki[3]), int(wareki[4]))
            later = [s for _e, s in ERA_STARTS if s > start]
            if day < start or (later and day >= min(later)):
                return None  # 平成35年, 令和元年4月1日: no such day in that era
            return day
        western = _WESTERN.fullmatch(half)
        if western is not None:
            return dt.date(int(western[1]), int(western[2]), int(western[3]))
    except ValueError:
        return None
    return None


def era_of(day: dt.date) -> tuple[str, int]:
    """The era of ``day`` and the year in it: 2019-05-01 -> (令和, 1). Raises ValueError before 昭和."""
    for era, start in ERA_STARTS:
        if day >= start:
            return era, day.year - start.year + 1
    raise ValueError(f"{day.isoformat()} is before 昭和")
