"""Every text the deck and the report share, composed once per year: the cards, the list page and the
report print these values, so 4.8, 103％ and 令和５年度 cannot read differently in two places.

How a number or a name prints is :mod:`tokku_slides.format`'s; this module applies it once to the
records and the layout's labels.
"""

from __future__ import annotations

from dataclasses import dataclass

from tokku_slides import format as fmt
from tokku_slides.layout.spec import Layout
from tokku_slides.model.cycle import Comparison, comparison
from tokku_slides.model.records import Year, Zone


@dataclass(frozen=True)
class KpiTexts:
    name: str
    percent: str
    """The achievement as printed: ``103％``."""


@dataclass(frozen=True)
class PreviousTexts:
    """A zone's figures against last year as printed (only when previous: is set). For a zone new this
    year, last year's figures are the layout's ``previous_none`` (－) and every change ``previous_new``
    (新規)."""

    total: str
    """Last year's 総合評価: ``4.6``."""
    scores: tuple[str, str, str]
    """Last year's Ⅰ, Ⅱ, Ⅲ."""
    change: str
    """総合評価 this year − last year: ``+0.2``, ``−0.1``, ``±0``, ``新規``."""
    score_changes: tuple[str, str, str]
    new: bool
    """True: the zone is new this year."""


@dataclass(frozen=True)
class KpiChangeTexts:
    """A KPI of the same name both years whose 進捗度 changed: ``82％`` -> ``103％``, ``+21``."""

    zone: str
    name: str
    last: str
    this: str
    change: str


@dataclass(frozen=True)
class ZoneTexts:
    """One zone's texts as every output prints them."""

    zone: Zone
    title: str
    """The name with the governments: ``アジアヘッドクォーター特区（東京都）``."""
    governments: str
    """In full-width brackets: ``（東京都）``."""
    governments_plain: str
    """Without the brackets (a table column of their own): ``東京都``."""
    category: str
    """``（１）国際戦略総合特区``."""
    section: str
    """The card's heading: ``２．分野別状況 （１）国際戦略総合特区``."""
    total: str
    """総合評価 as printed: ``4.8``, ``5``."""
    scores: tuple[str, str, str]
    """Ⅰ, Ⅱ, Ⅲ as printed."""
    kpis: tuple[KpiTexts, ...]
    previous: PreviousTexts | None = None
    """The figures against last year; None when previous: is not set."""


@dataclass(frozen=True)
class YearTexts:
    """The year's shared texts; ``zones`` in card order (category by category)."""

    era: str
    """``令和５年度``."""
    footer: str
    """The layout's footer pattern filled in: the cards' footer and the report's header."""
    document_title: str
    """The documents' title property: the year's title and era."""
    categories: tuple[tuple[str, str, tuple[ZoneTexts, ...]], ...]
    """(category key, its heading, its zones' texts), in the year's category order."""
    previous_era: str | None = None
    """Last year's ``令和４年度``; None when previous: is not set."""
    ended: tuple[ZoneTexts, ...] = ()
    """Last year's zones that this year has not (their texts of last year), in last year's card order."""
    kpi_changes: tuple[KpiChangeTexts, ...] = ()
    comparison: Comparison | None = None
    """The model's comparison the texts above print (the change chart's values)."""

    @property
    def zones(self) -> tuple[ZoneTexts, ...]:
        return tuple(z for _key, _heading, zones in self.categories for z in zones)

    def of(self, zone: Zone) -> ZoneTexts:
        """The texts of ``zone`` (a zone of this year)."""
        return next(z for z in self.zones if z.zone is zone)


def previous_texts(compared: Comparison, zone: Zone, layout: Layout) -> PreviousTexts:
    labels = layout.labels
    pair = compared.pair(zone)
    if pair.last is None:
        none, new = labels.previous_none, labels.previous_new
        return PreviousTexts(none, (none, none, none), new, (new, new, new), True)
    s = pair.last.scores
    changes = pair.score_changes
    assert changes is not None
    return PreviousTexts(
        total=fmt.score_text(s.total),
        scores=(fmt.score_text(s.i), fmt.score_text(s.ii), fmt.score_text(s.iii)),
        change=fmt.change_text(pair.total_change, labels.previous_new),
        score_changes=tuple(fmt.change_text(c, labels.previous_new) for c in changes),  # type: ignore[arg-type]
        new=False,
    )


def zone_texts(year: Year, zone: Zone, previous: PreviousTexts | None = None) -> ZoneTexts:
    s = zone.scores
    governments = fmt.governments_text(zone)
    return ZoneTexts(
        zone=zone,
        title=fmt.zone_title(zone),
        governments=governments,
        governments_plain=governments[1:-1],
        category=fmt.category_heading(year.category_number(zone.category), year.categories[zone.category]),
        section=fmt.section_heading(year, zone),
        total=fmt.score_text(s.total),
        scores=(fmt.score_text(s.i), fmt.score_text(s.ii), fmt.score_text(s.iii)),
        kpis=tuple(KpiTexts(k.name, fmt.percent_text(k.achievement)) for k in zone.kpis),
        previous=previous,
    )


def year_texts(year: Year, layout: Layout) -> YearTexts:
    era = fmt.era_year(year.fiscal_year)
    compared = comparison(year)

    def texts(zone: Zone) -> ZoneTexts:
        return zone_texts(year, zone, None if compared is None else previous_texts(compared, zone, layout))

    previous_era: str | None = None
    ended: tuple[ZoneTexts, ...] = ()
    kpi_changes: tuple[KpiChangeTexts, ...] = ()
    if compared is not None:
        previous_era = fmt.era_year(compared.last.fiscal_year)
        ended = tuple(zone_texts(compared.last, z) for z in compared.ended)
        kpi_changes = tuple(
            KpiChangeTexts(c.zone.name, c.name, fmt.percent_text(c.last), fmt.percent_text(c.this),
                           fmt.change_text(c.change, layout.labels.previous_new))
            for c in compared.kpi_changes())
    return YearTexts(
        era=era,
        footer=layout.labels.footer.format(title=year.title, era=era),
        document_title=f"{year.title} {era}",
        categories=tuple(
            (key, fmt.category_heading(year.category_number(key), year.categories[key]),
             tuple(texts(z) for z in zones))
            for key, zones in year.zones_by_category()
        ),
        previous_era=previous_era,
        ended=ended,
        kpi_changes=kpi_changes,
        comparison=compared,
    )
