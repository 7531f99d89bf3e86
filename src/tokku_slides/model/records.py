"""The records of one fiscal year: frozen, validated, free of any Office library."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from tokku_slides.model.scoring import kpi_achievement, weighted_total


@dataclass(frozen=True)
class Scores:
    """The committee's three averages (each 1.0 to 5.0, one decimal at most) and the 1:1:2 total.

    A total written in the record is not kept: the loader checks it equals the rule, and the rule is
    what every output prints.
    """

    i: Decimal
    ii: Decimal
    iii: Decimal

    @property
    def total(self) -> Decimal:
        """総合評価, computed by the 1:1:2 rule, rounded half up to one decimal."""
        return weighted_total(self.i, self.ii, self.iii)


@dataclass(frozen=True)
class Kpi:
    """One KPI of the 進捗度 column.

    Either ``stated_achievement`` (the percent as printed) is set, or both ``target`` and
    ``actual`` are; the other form is None.
    """

    name: str
    stated_achievement: Decimal | None = None
    target: Decimal | None = None
    actual: Decimal | None = None

    @property
    def achievement(self) -> Decimal:
        """進捗度 in percent (103 means 103％)."""
        if self.stated_achievement is not None:
            return self.stated_achievement
        assert self.target is not None and self.actual is not None
        return kpi_achievement(self.target, self.actual)


@dataclass(frozen=True)
class Measure:
    """One support-measure column: a heading (規制の特例措置, 地域独自の取組, ...) and its items.

    ``etc`` True means the column ends with 等 (only the main items are shown).
    """

    heading: str
    items: tuple[str, ...]
    etc: bool = False


@dataclass(frozen=True)
class Zone:
    """One 総合特区 and its evaluation: one card (or more, when it continues) in the deck."""

    name: str
    governments: tuple[str, ...]
    category: str
    scores: Scores
    remarks: tuple[str, ...]
    kpis: tuple[Kpi, ...] = ()
    measures: tuple[Measure, ...] = ()
    governments_etc: bool = False
    kpis_etc: bool = False
    source: Path | None = None
    """The YAML file the zone came from, or None for a zone built in code."""
    previous_name: str | None = None
    """The zone's name last year when it was renamed (``previous_name:``), or None: the same name."""
    field: str | None = None
    """分野, the policy field (``field:``: ライフイノベーション, 観光, ...), or None: not given."""
    designation: int | None = None
    """指定次数, the designation round 1 to 9 (``designation:``), or None: not given."""
    number: int | None = None
    """番号, the zone's number within its category this year (``number:``), or None: not given. It
    changes between years, so it never matches a zone with last year's."""


@dataclass(frozen=True)
class SourceText:
    """One text field as written in its file, with its place: what model/checks.py warns about."""

    file: Path
    line: int
    column: int
    """1-based, of the value's first character (or its opening quote)."""
    field: str
    """The dotted field path (``remarks.2``, ``kpis.1.name``)."""
    raw: str
    """The text as YAML read it, before the loader removed its surrounding spaces."""
    inline: int | None = None
    """The column of ``raw[0]`` when the text stands on its line exactly as ``raw`` (a one-line value
    without escapes), so that character ``i`` is at column ``inline + i``; None otherwise."""


@dataclass(frozen=True)
class Year:
    """One fiscal year: the evaluation's settings and its zones in file-name order."""

    fiscal_year: int
    """The fiscal year by its starting calendar year (2023 is 令和５年度)."""
    title: str
    section: str
    categories: dict[str, str]
    """Category key -> label, in the order the cards are grouped."""
    zones: tuple[Zone, ...]
    previous: str | None = None
    """Last year's folder as written in evaluation.yaml, or None."""
    date: dt.date | None = None
    """The report's date (``date:`` in evaluation.yaml), or None: then 1 April of the fiscal year."""
    author: str = ""
    company: str = ""
    """``organisation:`` of evaluation.yaml: the documents' author and company ("" when not given; the
    layout's ``organisation:`` then, else none)."""
    source: Path | None = field(default=None, compare=False)
    """The folder the year was loaded from, or None for a year built in code."""
    texts: tuple[SourceText, ...] = field(default=(), compare=False, repr=False)
    """Every text field of the folder with its place, in file order (empty for a year built in code)."""
    last: Year | None = field(default=None, compare=False, repr=False)
    """Last year, loaded from ``previous`` (its own ``previous`` not followed), or None."""

    def category_number(self, key: str) -> int:
        """The 1-based position of a category: （１） for the first."""
        return list(self.categories).index(key) + 1

    def zones_by_category(self) -> list[tuple[str, list[Zone]]]:
        """Zones grouped by category in the order of ``categories``; empty categories left out."""
        groups: list[tuple[str, list[Zone]]] = []
        for key in self.categories:
            members = [z for z in self.zones if z.category == key]
            if members:
                groups.append((key, members))
        return groups

    def ordered_zones(self) -> list[Zone]:
        """Every zone in card order: by category, then by file name."""
        return [z for _, zones in self.zones_by_category() for z in zones]
