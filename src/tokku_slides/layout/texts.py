"""Every text the deck and the report share, composed once per year: the cards, the list page and the
report print these values, so 4.8, 103％ and 令和５年度 cannot read differently in two places.

How a number or a name prints is :mod:`tokku_slides.format`'s; this module applies it once to the
records and the layout's labels.
"""

from __future__ import annotations

from dataclasses import dataclass

from tokku_slides import format as fmt
from tokku_slides.layout.spec import Layout
from tokku_slides.model.records import Year, Zone


@dataclass(frozen=True)
class KpiTexts:
    name: str
    percent: str
    """The achievement as printed: ``103％``."""


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

    @property
    def zones(self) -> tuple[ZoneTexts, ...]:
        return tuple(z for _key, _heading, zones in self.categories for z in zones)

    def of(self, zone: Zone) -> ZoneTexts:
        """The texts of ``zone`` (a zone of this year)."""
        return next(z for z in self.zones if z.zone is zone)


def zone_texts(year: Year, zone: Zone) -> ZoneTexts:
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
    )


def year_texts(year: Year, layout: Layout) -> YearTexts:
    era = fmt.era_year(year.fiscal_year)
    return YearTexts(
        era=era,
        footer=layout.labels.footer.format(title=year.title, era=era),
        document_title=f"{year.title} {era}",
        categories=tuple(
            (key, fmt.category_heading(year.category_number(key), year.categories[key]),
             tuple(zone_texts(year, z) for z in zones))
            for key, zones in year.zones_by_category()
        ),
    )
