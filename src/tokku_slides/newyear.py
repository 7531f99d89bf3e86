"""``tokku-slides new NEW_DIR --from OLD_DIR``: next fiscal year's folder, written from last year's.

What carries over is decided by :mod:`tokku_slides.model.nextyear`; this module writes it as YAML text
(composed line by line, so that the fields to be entered again can stand empty with last year's value
in a comment beside them: ``I:   # 令和５年度: 5``) and puts the folder in place all at once: it is
written into a temporary folder beside NEW_DIR and renamed, so a failure leaves nothing. An existing
NEW_DIR (a folder or a file) is never touched; last year's folder must be a valid year.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from tokku_slides.format import era_year, score_text
from tokku_slides.i18n import _, ngettext
from tokku_slides.model.load import EVALUATION_FILE, ZONES_DIR, load_year
from tokku_slides.model.nextyear import CarriedYear, CarriedZone, carry_over


class NewYearError(Exception):
    """A problem the user can fix (exit status 2): NEW_DIR exists, its parent folder does not, ..."""


@dataclass
class NewYearResult:
    folder: Path
    year: CarriedYear
    written: list[Path] = field(default_factory=list)

    @property
    def to_enter(self) -> int:
        """How many fields the new folder leaves to be entered."""
        return sum(zone.to_enter for zone in self.year.zones)


# -- the YAML text -----------------------------------------------------------------------------------


def yaml_scalar(value: str) -> str:
    """``value`` as a YAML scalar on one line: plain when YAML reads it back as the same text, else in
    double quotes (``'true'``, ``"a: b"``, a text with a line break)."""
    dumped = yaml.safe_dump({"k": value}, allow_unicode=True, width=2**31 - 1, default_flow_style=False)
    text = dumped.removeprefix("k: ").rstrip("\n")
    if "\n" in text or yaml.safe_load(f"k: {text}\n") != {"k": value}:
        text = json.dumps(value, ensure_ascii=False)  # JSON's double-quoted string is YAML's
    return text


def number_text(value: Decimal) -> str:
    """A number as written in a record: ``103``, ``4.2``, ``1500`` (never ``1.5E+3``)."""
    return format(value, "f")


def last_year(era: str, value: str) -> str:
    """The comment beside a field to be entered: ``令和５年度: 5``."""
    return f"{era}: {value}"


def evaluation_text(year: CarriedYear, previous: str) -> str:
    lines = [*year.comments, f"fiscal_year: {year.fiscal_year}  # {era_year(year.fiscal_year)}",
             f"title: {yaml_scalar(year.title)}", f"section: {yaml_scalar(year.section)}", "categories:"]
    lines += [f"  {yaml_scalar(key)}: {yaml_scalar(label)}" for key, label in year.categories.items()]
    lines.append(f"previous: {yaml_scalar(previous)}")
    organisation = [(key, value) for key, value in (("author", year.author), ("company", year.company)) if value]
    if organisation:
        lines.append("organisation:")
        lines += [f"  {key}: {yaml_scalar(value)}" for key, value in organisation]
    return "\n".join(lines) + "\n"


def zone_text(zone: CarriedZone, era: str) -> str:
    """A zone file of the new year: what is kept as it was, what is to be entered empty with last
    year's value in a comment (``era`` is last year's, ``令和５年度``)."""
    q = yaml_scalar
    lines = [*zone.comments, f"name: {q(zone.name)}", "governments:"]
    lines += [f"  - {q(g)}" for g in zone.governments]
    if zone.governments_etc:
        lines.append("governments_etc: true")
    lines += [f"category: {q(zone.category)}", "scores:"]
    s = zone.last_scores
    for key, value in (("I", s.i), ("II", s.ii), ("III", s.iii)):
        lines.append(f"  {key + ':':<5}# {last_year(era, score_text(value))}")
    lines.append("kpis:" if zone.kpis else "kpis: []")
    for kpi in zone.kpis:
        lines.append(f"  - name: {q(kpi.name)}")
        if kpi.target is not None:
            lines.append(f"    target: {number_text(kpi.target)}")
        lines.append(f"    {kpi.to_enter}:  # {last_year(era, number_text(kpi.last))}")
    if zone.kpis_etc:
        lines.append("kpis_etc: true")
    lines.append("measures:" if zone.measures else "measures: []")
    for measure in zone.measures:
        lines += [f"  - heading: {q(measure.heading)}", "    items:"]
        lines += [f"      - {q(item)}" for item in measure.items]
        if measure.etc:
            lines.append("    etc: true")
    count = len(zone.last_remarks)
    remarks = ngettext("{count} remark", "{count} remarks", count).format(count=count)
    lines.append(f"remarks:  # {last_year(era, remarks)}")
    for remark in zone.last_remarks:
        first, *rest = remark.split("\n")
        lines.append(f"  # - {first}".rstrip())
        lines += [f"  #   {more}".rstrip() for more in rest]
    return "\n".join(lines) + "\n"


def relative_previous(old_dir: Path, new_dir: Path) -> str:
    """OLD_DIR as seen from NEW_DIR, with forward slashes on every system (``../r5``); absolute when
    there is no relative path (another drive on Windows)."""
    old, new = os.path.abspath(old_dir), os.path.abspath(new_dir)
    try:
        relative = os.path.relpath(old, new)
    except ValueError:
        return Path(old).as_posix()
    return Path(relative).as_posix()


# -- the folder -------------------------------------------------------------------------------------


def target_problem(new_dir: Path) -> str | None:
    """Why NEW_DIR cannot be written, or None: it exists, or the folder it would be in does not."""
    if new_dir.is_dir():
        return _("{folder}: the folder already exists; new never overwrites a folder: give the name of a "
                 "folder that does not exist yet (e.g. data/r6)").format(folder=new_dir)
    if new_dir.exists() or new_dir.is_symlink():
        return _("{folder}: a file of that name already exists; give the name of a folder that does not "
                 "exist yet (e.g. data/r6)").format(folder=new_dir)
    parent = new_dir.absolute().parent
    if not parent.is_dir():
        return _("{folder}: the folder it would be made in does not exist ({parent}); check the path, or "
                 "make that folder first").format(folder=new_dir, parent=new_dir.parent)
    return None


def new_year(new_dir: Path, old_dir: Path) -> NewYearResult:
    """Write next year's folder NEW_DIR from the year in OLD_DIR; raises :class:`NewYearError` (NEW_DIR
    exists, cannot be written) or :class:`~tokku_slides.model.errors.InputErrors` (OLD_DIR is not a
    valid year) with nothing written."""
    new_dir, old_dir = Path(new_dir), Path(old_dir)
    problem = target_problem(new_dir)
    if problem is not None:
        raise NewYearError(problem)
    year = carry_over(load_year(old_dir))
    era = era_year(year.last_fiscal_year)
    files = {Path(EVALUATION_FILE): evaluation_text(year, relative_previous(old_dir, new_dir))}
    for zone in year.zones:
        files[Path(ZONES_DIR) / zone.file_name] = zone_text(zone, era)

    parent = new_dir.absolute().parent
    temporary = _temporary_folder(parent, new_dir.name)
    try:
        (temporary / ZONES_DIR).mkdir()
        for relative, text in files.items():
            with open(temporary / relative, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        if new_dir.exists() or new_dir.is_symlink():  # made by someone else meanwhile
            raise NewYearError(target_problem(new_dir) or str(new_dir))
        os.rename(temporary, new_dir)
    except OSError as exc:
        shutil.rmtree(temporary, ignore_errors=True)
        raise NewYearError(_("{folder}: cannot write the new year's folder ({reason})").format(
            folder=new_dir, reason=exc.strerror or exc)) from exc
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return NewYearResult(new_dir, year, [new_dir / relative for relative in files])


def _temporary_folder(parent: Path, name: str) -> Path:
    """A new, empty folder beside the target (same disk, so the rename is atomic), made with the usual
    permissions (unlike tempfile.mkdtemp's owner-only ones)."""
    while True:
        candidate = parent / f".{name}.{secrets.token_hex(4)}.tmp"
        try:
            candidate.mkdir()
        except FileExistsError:
            continue
        except OSError as exc:
            raise NewYearError(_("{folder}: cannot write the new year's folder ({reason})").format(
                folder=parent / name, reason=exc.strerror or exc)) from exc
        return candidate
