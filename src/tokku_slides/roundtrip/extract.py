"""``extract``: the texts a deck was edited in (what ``check`` finds) written back into the zone files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from tokku_slides.build import write_all_atomically
from tokku_slides.layout.facts import PERCENT, SCORE, TEXT, split_title
from tokku_slides.layout.spec import Labels
from tokku_slides.model.scoring import weighted_total
from tokku_slides.roundtrip.check import CheckResult, Difference
from tokku_slides.roundtrip.yamledit import EditError, Value, edit

SCORE_KEYS = ("I", "II", "III")


@dataclass(frozen=True)
class Change:
    file: Path
    path: str
    old: str
    new: str


@dataclass
class Plan:
    changes: list[Change] = field(default_factory=list)
    left: list[Difference] = field(default_factory=list)
    """Differences not written: scores without --scores, a block added or removed, a place, the list page."""
    outputs: dict[Path, bytes] = field(default_factory=dict)


def _number(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip().rstrip("％%"))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def plan(result: CheckResult, labels: Labels, scores: bool) -> Plan:
    out = Plan()
    by_file: dict[Path, dict[str, Value]] = {}
    olds: dict[tuple[Path, str], str] = {}
    for d in result.differences:
        zone = d.zone
        if zone is None or zone.source is None or not d.path or (d.kind in (SCORE, PERCENT) and not scores) \
                or d.kind not in (TEXT, SCORE, PERCENT) or not d.found or not d.expected:
            out.left.append(d)
            continue
        changes = by_file.setdefault(zone.source, {})
        if d.path == "title":
            found = split_title(d.found, labels)
            if found is None or len(found[1]) != len(zone.governments) or found[2] != zone.governments_etc:
                out.left.append(d)
                continue
            if found[0] != zone.name:
                changes["name"] = found[0]
                olds[(zone.source, "name")] = zone.name
            for n, (old, new) in enumerate(zip(zone.governments, found[1], strict=True), start=1):
                if old != new:
                    changes[f"governments.{n}"] = new
                    olds[(zone.source, f"governments.{n}")] = old
            continue
        if d.kind == TEXT:
            changes[d.path] = d.found
        else:
            number = _number(d.found)
            if number is None:
                out.left.append(d)
                continue
            changes[d.path] = number
        olds[(zone.source, d.path)] = d.expected
    zones = {z.source: z for z in result.year.zones}
    for file, changes in by_file.items():
        if not changes:
            continue
        zone = zones[file]
        if any(p.startswith("scores.") for p in changes):
            given = [changes.get(f"scores.{k}", getattr(zone.scores, k.lower())) for k in SCORE_KEYS]
            total = weighted_total(*(Decimal(str(v)) for v in given))
            changes["scores.total"] = total  # the file's total, when it has one, follows the 1:1:2 rule
        text = file.read_text(encoding="utf-8")
        try:
            new = edit(text, changes)
        except EditError:
            new = edit(text, {p: v for p, v in changes.items() if p != "scores.total"})
        if new == text:
            continue
        out.outputs[file] = new.encode("utf-8")
        for path, value in changes.items():
            if (file, path) in olds:
                out.changes.append(Change(file, path, olds[(file, path)], str(value)))
    return out


def apply(p: Plan, write: Callable[[dict[Path, bytes]], list[Path]] = write_all_atomically) -> list[Path]:
    """Write every changed zone file, all or none."""
    return write(p.outputs) if p.outputs else []
