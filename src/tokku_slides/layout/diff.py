"""What changed between two years, zone by zone, as the lines ``tokku-slides diff`` prints.

Zones are matched as for ``previous:`` (by name, or a zone's ``previous_name:``;
:mod:`tokku_slides.model.cycle`); the changes are the model's decimals printed as everywhere else
(``+0.2``, ``−0.1``, ``±0``; :mod:`tokku_slides.format`).
"""

from __future__ import annotations

from decimal import Decimal

from tokku_slides import format as fmt
from tokku_slides.i18n import _, ngettext
from tokku_slides.model.cycle import ZonePair, match
from tokku_slides.model.records import Year, Zone

REMARK_START = 20
"""How many first characters of a rewritten remark are shown."""
MARKS = ("Ⅰ", "Ⅱ", "Ⅲ")
INDENT = "  "


def _file(zone: Zone) -> str:
    return zone.source.name if zone.source is not None else zone.name


def _start(text: str) -> str:
    return text if len(text) <= REMARK_START else text[:REMARK_START] + "…"


def _change(old: Decimal, new: Decimal) -> str:
    return _("{old} → {new} ({change})").format(
        old=fmt.score_text(old), new=fmt.score_text(new), change=fmt.change_text(new - old, ""))


def zone_lines(pair: ZonePair) -> list[str]:
    """The changes of one zone of both years (empty when nothing changed)."""
    zone, last = pair.zone, pair.last
    assert last is not None
    out: list[str] = []
    s, t = zone.scores, last.scores
    scores = [f"{mark} {_change(b, a)}" for mark, a, b in zip(MARKS, (s.i, s.ii, s.iii), (t.i, t.ii, t.iii),
                                                              strict=True) if a != b]
    if scores:
        scores.append(_("total {change}").format(change=_change(t.total, s.total)))
        out.append(_("scores: {changes}").format(changes=_(", ").join(scores)))
    before = {k.name: k.achievement for k in last.kpis}
    now = {k.name: k.achievement for k in zone.kpis}
    for name, value in now.items():
        if name not in before:
            out.append(_("KPI added: {name} {percent}").format(name=name, percent=fmt.percent_text(value)))
        elif before[name] != value:
            out.append(_("KPI changed: {name} {old} → {new} ({change})").format(
                name=name, old=fmt.percent_text(before[name]), new=fmt.percent_text(value),
                change=fmt.change_text(value - before[name], "")))
    for name, value in before.items():
        if name not in now:
            out.append(_("KPI removed: {name} {percent}").format(name=name, percent=fmt.percent_text(value)))
    old_items = {(m.heading, item) for m in last.measures for item in m.items}
    new_items = {(m.heading, item) for m in zone.measures for item in m.items}
    for m in zone.measures:
        for item in m.items:
            if (m.heading, item) not in old_items:
                out.append(_("measure item added: {heading}: {item}").format(heading=m.heading, item=item))
    for m in last.measures:
        for item in m.items:
            if (m.heading, item) not in new_items:
                out.append(_("measure item removed: {heading}: {item}").format(heading=m.heading, item=item))
    rewritten = [r for r in zone.remarks if r not in last.remarks]
    if rewritten:
        out.append(ngettext("{count} of {total} remark rewritten: {starts}",
                            "{count} of {total} remarks rewritten: {starts}", len(rewritten)).format(
            count=len(rewritten), total=len(zone.remarks),
            starts=_(", ").join(_("“{text}”").format(text=_start(r)) for r in rewritten)))
    elif len(zone.remarks) != len(last.remarks):
        out.append(_("remarks: {old} → {new} (some removed)").format(old=len(last.remarks), new=len(zone.remarks)))
    return out


def diff_lines(old: Year, new: Year) -> list[str]:
    """Every change from ``old`` to ``new``: the years, then zone by zone in ``new``'s card order (the
    zones added among them), the zones removed, and a closing count."""
    compared = match(new, old)
    lines = [_("changes from {old} to {new}:").format(old=fmt.era_year(old.fiscal_year),
                                                      new=fmt.era_year(new.fiscal_year))]
    changed = unchanged = 0
    for pair in compared.pairs:
        zone = pair.zone
        if pair.last is None:
            lines.append(_("{zone}: added ({file})").format(zone=zone.name, file=_file(zone)))
            continue
        details = zone_lines(pair)
        if pair.last.name != zone.name:
            details.insert(0, _("renamed from {name}").format(name=pair.last.name))
        if not details:
            unchanged += 1
            continue
        changed += 1
        lines.append(_("{zone} ({file}):").format(zone=zone.name, file=_file(zone)))
        lines.extend(INDENT + d for d in details)
    for zone in compared.ended:
        lines.append(_("{zone}: removed (was {file})").format(zone=zone.name, file=_file(zone)))
    counts = [
        ngettext("{count} zone changed", "{count} zones changed", changed).format(count=changed),
        ngettext("{count} added", "{count} added", len(compared.new)).format(count=len(compared.new)),
        ngettext("{count} removed", "{count} removed", len(compared.ended)).format(count=len(compared.ended)),
        ngettext("{count} unchanged", "{count} unchanged", unchanged).format(count=unchanged),
    ]
    lines.append(_(", ").join(counts))
    return lines
