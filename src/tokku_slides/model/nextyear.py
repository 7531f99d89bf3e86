"""What carries over from one fiscal year to the next (``tokku-slides new``), and what is entered again.

A zone's designation and plan usually persist from year to year: its name, governments, category, the
support measures (headings, items, 等) and the KPIs' names and targets. The committee's evaluation is
new every year: the scores Ⅰ/Ⅱ/Ⅲ (the total follows from them), each KPI's achievement (or its actual,
when the KPI gives a target and an actual) and the experts' remarks. Those are left empty in the new
year's files, with last year's value beside them (:mod:`tokku_slides.newyear` writes the files); the
loader reports each empty one as still to be entered (:meth:`tokku_slides.model.load._Checker.pending`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from tokku_slides.model.load import EVALUATION_FILE
from tokku_slides.model.records import Measure, Scores, Year, Zone

KEPT_FIELDS = (
    "name", "governments", "governments_etc", "category", "measures", "kpis.#.name", "kpis.#.target", "kpis_etc",
)
"""The fields carried over as they are."""
TO_ENTER_FIELDS = ("scores.I", "scores.II", "scores.III", "kpis.#.achievement", "kpis.#.actual", "remarks")
"""The fields left empty, to be entered again (``scores.total`` is left out: it follows from the scores)."""


@dataclass(frozen=True)
class CarriedKpi:
    """A KPI of the new year: its name and target kept; its achievement (or actual) to be entered."""

    name: str
    target: Decimal | None
    """Kept; None when the KPI states its achievement (then ``achievement`` is to be entered)."""
    last: Decimal
    """Last year's value of the field to be entered: the stated achievement, or the actual."""

    @property
    def to_enter(self) -> str:
        """The key left empty: ``achievement``, or ``actual`` beside a target."""
        return "achievement" if self.target is None else "actual"


@dataclass(frozen=True)
class CarriedZone:
    """A zone of the new year as ``new`` writes it: what is kept, and last year's values of the rest."""

    name: str
    governments: tuple[str, ...]
    governments_etc: bool
    category: str
    kpis: tuple[CarriedKpi, ...]
    kpis_etc: bool
    measures: tuple[Measure, ...]
    last_scores: Scores
    last_remarks: tuple[str, ...]
    file_name: str
    """The zone file's name, kept (the names' order is the cards' order)."""
    comments: tuple[str, ...] = ()
    """The comment lines at the top of last year's file (the clerk's notes), kept."""

    @property
    def to_enter(self) -> int:
        """How many fields are left to be entered: Ⅰ, Ⅱ, Ⅲ, each KPI, the remarks."""
        return 3 + len(self.kpis) + 1


@dataclass(frozen=True)
class CarriedYear:
    """The new year's settings and zones, in the old year's file order."""

    fiscal_year: int
    title: str
    section: str
    categories: dict[str, str]
    zones: tuple[CarriedZone, ...]
    last_fiscal_year: int
    comments: tuple[str, ...] = ()
    """The comment lines at the top of last year's evaluation.yaml, kept."""
    author: str = ""
    company: str = ""
    """``organisation:`` of last year's evaluation.yaml, kept ("" when not given)."""


def carry_zone(zone: Zone, file_name: str) -> CarriedZone:
    kpis = tuple(
        CarriedKpi(k.name, k.target, k.stated_achievement if k.stated_achievement is not None else _actual(k.actual))
        for k in zone.kpis
    )
    return CarriedZone(
        name=zone.name, governments=zone.governments, governments_etc=zone.governments_etc,
        category=zone.category, kpis=kpis, kpis_etc=zone.kpis_etc, measures=zone.measures,
        last_scores=zone.scores, last_remarks=zone.remarks, file_name=file_name,
        comments=tuple(source_comments(zone.source)),
    )


def _actual(value: Decimal | None) -> Decimal:
    assert value is not None, "a KPI without a stated achievement has an actual"
    return value


def carry_over(year: Year) -> CarriedYear:
    """Next year from ``year`` (a valid, loaded year): fiscal year one more, every zone carried over in
    file order with its file name (a zone built in code is named ``NN-zone.yaml``)."""
    zones = tuple(
        carry_zone(zone, zone.source.name if zone.source is not None else f"{i:02d}-zone.yaml")
        for i, zone in enumerate(year.zones, start=1)
    )
    return CarriedYear(
        fiscal_year=year.fiscal_year + 1, title=year.title, section=year.section,
        categories=dict(year.categories), zones=zones, last_fiscal_year=year.fiscal_year,
        comments=tuple(source_comments(year.source / EVALUATION_FILE if year.source is not None else None)),
        author=year.author, company=year.company,
    )


def source_comments(path: Path | None) -> list[str]:
    """The comment lines at the top of a file, before its first key (``# 令和５年度 seed card 1``): the
    clerk's notes, kept in next year's file. Empty when the file cannot be read."""
    if path is None:
        return []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeError):
        return []
    out = []
    for line in text.splitlines():
        if line.startswith("#"):
            out.append(line.rstrip())
        elif line.strip():
            break
    return out
