"""The fiscal-year cycle: last year beside this year.

``previous:`` in evaluation.yaml names last year's folder (relative to this year's folder). It is
loaded and checked like the year itself, one level only (last year's own ``previous:`` is not
followed): its problems are reported with a prefix naming last year's folder, and its
``fiscal_year`` must be less than this year's (else an error at the ``previous:`` line: a copied
folder whose fiscal_year was not changed). Zones are matched by name; a renamed zone gives its
old name as ``previous_name:``.

Every change is computed here, once, in decimal (this year − last year); the layout prints the same
values on the list page, the cards and the report. :func:`cycle_warnings` catches a year not updated:
a zone whose scores and remarks are last year's, a zone new this year, a zone of last year missing.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from tokku_slides.i18n import _, listing
from tokku_slides.model.checks import warning
from tokku_slides.model.errors import InputError, InputErrors
from tokku_slides.model.fields import field_label
from tokku_slides.model.records import SourceText, Year, Zone

EVALUATION_FILE = "evaluation.yaml"


@dataclass(frozen=True)
class ZonePair:
    """A zone of this year and the same zone last year (None: new this year)."""

    zone: Zone
    last: Zone | None

    @property
    def total_change(self) -> Decimal | None:
        """総合評価 this year − last year; None for a zone new this year."""
        return None if self.last is None else self.zone.scores.total - self.last.scores.total

    @property
    def score_changes(self) -> tuple[Decimal, Decimal, Decimal] | None:
        """Ⅰ, Ⅱ, Ⅲ this year − last year; None for a zone new this year."""
        if self.last is None:
            return None
        s, t = self.zone.scores, self.last.scores
        return (s.i - t.i, s.ii - t.ii, s.iii - t.iii)


@dataclass(frozen=True)
class KpiChange:
    """A KPI of the same name both years whose achievement (進捗度, percent) changed."""

    zone: Zone
    name: str
    last: Decimal
    this: Decimal

    @property
    def change(self) -> Decimal:
        return self.this - self.last


@dataclass(frozen=True)
class Comparison:
    """This year against last year: every zone of this year (card order) with its match, and the
    zones of last year that have none (last year's card order)."""

    year: Year
    last: Year
    pairs: tuple[ZonePair, ...]
    ended: tuple[Zone, ...]

    @property
    def new(self) -> tuple[Zone, ...]:
        return tuple(p.zone for p in self.pairs if p.last is None)

    def pair(self, zone: Zone) -> ZonePair:
        return next(p for p in self.pairs if p.zone is zone)

    def kpi_changes(self) -> tuple[KpiChange, ...]:
        """Every KPI (same zone, same name) whose achievement differs from last year's, in card order."""
        out: list[KpiChange] = []
        for p in self.pairs:
            if p.last is None:
                continue
            before = {k.name: k.achievement for k in p.last.kpis}
            for kpi in p.zone.kpis:
                if kpi.name in before and before[kpi.name] != kpi.achievement:
                    out.append(KpiChange(p.zone, kpi.name, before[kpi.name], kpi.achievement))
        return tuple(out)


def match(year: Year, last: Year) -> Comparison:
    """Zones of ``year`` matched to ``last``'s by name, or by a zone's ``previous_name``."""
    by_name = {z.name: z for z in last.zones}
    pairs = tuple(ZonePair(z, by_name.get(z.previous_name or z.name)) for z in year.ordered_zones())
    matched = {id(p.last) for p in pairs if p.last is not None}
    ended = tuple(z for z in last.ordered_zones() if id(z) not in matched)
    return Comparison(year, last, pairs, ended)


def comparison(year: Year) -> Comparison | None:
    """The year against last year, or None when ``previous:`` is not set."""
    return None if year.last is None else match(year, year.last)


# -- loading -----------------------------------------------------------------------------------


def previous_place(texts: list[SourceText] | tuple[SourceText, ...], folder: Path) -> SourceText | None:
    """Where ``previous:`` is written in the folder's evaluation.yaml."""
    return next((t for t in texts if t.field == "previous" and t.file == folder / EVALUATION_FILE), None)


def previous_folder(folder: Path, previous: str) -> Path:
    """Last year's folder: ``previous`` relative to this year's folder (``\\`` read as ``/``, so that a
    path written on Windows works everywhere)."""
    return Path(os.path.normpath(folder / Path(previous.replace("\\", "/"))))


def _at(place: SourceText, field: str, message: str, found: str | None = None) -> InputError:
    return InputError(place.file, place.line, place.column, field, message, found, label=field_label(field))


def load_previous(
    folder: Path, place: SourceText, previous: str, fiscal_year: int | None, load: Callable[[Path], Year],
) -> tuple[Year | None, list[InputError]]:
    """Last year as ``previous:`` names it, and the problems found: the folder missing, last year's
    own problems (prefixed), a fiscal year not before this year's (at the ``previous:`` line)."""
    target = previous_folder(folder, previous)
    if not target.is_dir():
        what = (_("no such folder: {folder} (previous: is relative to this year's folder, e.g. ../r5)")
                if not target.exists() else _("is a file, not a folder: {folder}"))
        return None, [_at(place, "previous", what.format(folder=target), previous)]
    try:
        last = load(target)
    except InputErrors as exc:
        prefix = _("in last year's folder (previous: {previous}): {message}")
        errors = [dataclasses.replace(e, message=prefix.format(previous=previous, message=e.message))
                  for e in exc.errors]
        errors.append(_at(place, "previous", _("last year's folder has problems (listed with it); fix them, or "
                                               "remove previous:"), previous))
        return None, errors
    if fiscal_year is not None and last.fiscal_year >= fiscal_year:
        if last.fiscal_year == fiscal_year:
            message = _("last year's folder {folder} is for fiscal_year {last}, the same as this year: change "
                        "fiscal_year in this folder's evaluation.yaml to {next}, or point previous: at last "
                        "year's folder")
        else:
            message = _("last year's folder {folder} is for fiscal_year {last}, after this year's {this}: "
                        "previous: must name an earlier year")
        return None, [_at(place, "previous", message.format(folder=target, last=last.fiscal_year,
                                                             this=fiscal_year, next=last.fiscal_year + 1),
                          previous)]
    return last, []


def link_errors(zones: list[Zone], texts: list[SourceText], last: Year) -> list[InputError]:
    """A ``previous_name:`` that names no zone of last year, and a zone of last year that two zones
    of this year match."""
    errors: list[InputError] = []
    names = [z.name for z in last.zones]
    claimed: dict[str, Zone] = {}
    for zone in zones:
        key = zone.previous_name or zone.name
        place = next((t for t in texts if t.file == zone.source and t.field == "previous_name"), None)
        if zone.previous_name is not None and key not in names and place is not None:
            errors.append(_at(place, "previous_name", _("no zone of last year ({folder}) has this name; the "
                                                        "names are: {names}").format(
                folder=last.source, names=listing(names)), zone.previous_name))
            continue
        if key in names and key in claimed:
            other = claimed[key]
            where = place or next((t for t in texts if t.file == zone.source and t.field == "name"), None)
            if where is not None:
                errors.append(_at(where, where.field, _("last year's zone {name} is already matched by {file}; "
                                                        "give previous_name: to one zone only").format(
                    name=key, file=other.source.name if other.source else other.name), key))
            continue
        claimed[key] = zone
    return errors


# -- warnings ----------------------------------------------------------------------------------


def _name_place(year: Year, zone: Zone) -> SourceText | None:
    return next((t for t in year.texts if t.file == zone.source and t.field == "name"), None)


def cycle_warnings(year: Year) -> list[InputError]:
    """The warnings of a year not updated (none without ``previous:``): last year more than one year
    before, a zone whose scores and remarks are last year's, a zone new this year, a zone of last
    year missing this year."""
    compared = comparison(year)
    place = previous_place(year.texts, year.source) if year.source is not None else None
    if compared is None or place is None:
        return []
    last = compared.last
    found: list[InputError] = []
    if year.fiscal_year - last.fiscal_year > 1:
        found.append(warning(place, None, _("last year's folder is for fiscal_year {last}, {years} years before "
                                            "this year's {this}: is previous: the folder meant?").format(
            last=last.fiscal_year, years=year.fiscal_year - last.fiscal_year, this=year.fiscal_year), year.previous))
    for pair in compared.pairs:
        name = _name_place(year, pair.zone)
        if name is None:
            continue
        if pair.last is None:
            found.append(warning(name, None, _("a zone new this year: no zone of last year ({folder}) has this "
                                               "name; if it was renamed, give its old name as previous_name:")
                                 .format(folder=last.source), pair.zone.name))
        elif pair.zone.scores == pair.last.scores and pair.zone.remarks == pair.last.remarks:
            found.append(warning(name, None, _("the scores and the remarks are the same as last year's ({file}): "
                                               "were they updated for this year?").format(
                file=pair.last.source), pair.zone.name))
    for zone in compared.ended:
        found.append(warning(place, None, _("last year's zone {name} ({file}) is missing this year; if it was "
                                            "renamed, give its old name as previous_name: in its file").format(
            name=zone.name, file=zone.source.name if zone.source else zone.name), year.previous))
    return sorted(found, key=lambda w: w.sort_key)
