"""What each command does and prints: call the build (or the check, the new year, ...), then print its
results and its errors. The command line (:mod:`tokku_slides.cli`) parses the arguments and hands them
here.

Every text it prints comes from the message catalog (:mod:`tokku_slides.i18n`). What goes where:
results (the zones whose text was shrunk, the files written, the summary) on stdout; errors, warnings
(a zone continued on a next card) and the progress line (on a terminal only) on stderr. ``--quiet``
leaves out the results and the progress line: only errors and warnings remain.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tokku_slides.build import (
    OTHER,
    PREVIEW,
    SAME,
    UNKNOWN,
    BuildError,
    BuildResult,
    build,
    modified_time,
    prepare,
    preview,
    write_all_atomically,
    write_templates,
)
from tokku_slides.format import era_year
from tokku_slides.i18n import N_, _, ngettext
from tokku_slides.layout.diff import diff_lines
from tokku_slides.layout.pages import Continuation, Deck, FitProblem, block_name
from tokku_slides.layout.spec import load_layout
from tokku_slides.model.errors import InputError, InputErrors, one_line
from tokku_slides.model.load import PENDING, load_year
from tokku_slides.model.records import Year
from tokku_slides.newyear import NewYearError, NewYearResult, new_year

if TYPE_CHECKING:
    from tokku_slides.roundtrip.extract import Change

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT = 0, 1, 2

PHASES = {
    "check": N_("checking the data and the layout"),
    "charts": N_("starting to draw the charts"),
    "deck": N_("making the slides"),
    "report": N_("making the report"),
    "pdf": N_("making the PDFs with LibreOffice"),
    "write": N_("writing the files"),
}
"""The progress line's text for each phase the build tells (build.Progress)."""


# -- what a run prints ----------------------------------------------------------------------------


class ProgressLine:
    """One line on stderr, rewritten in place (``\\r``) at each phase of a build; only on a terminal."""

    def __init__(self, stream: TextIO, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled
        self.start = time.monotonic()
        self.width = 0

    def __call__(self, phase: str) -> None:
        if not self.enabled:
            return
        text = _("{phase}... ({seconds} s)").format(
            phase=_(PHASES.get(phase, phase)), seconds=f"{time.monotonic() - self.start:.1f}")
        self.clear()
        self.stream.write("\r" + text)
        self.stream.flush()
        self.width = 2 * len(text)  # a Japanese character takes two columns

    def clear(self) -> None:
        """Blank the line, so that what is printed next starts on an empty line."""
        if self.enabled and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0


def zones_and_categories(year: Year) -> tuple[str, str]:
    count = len(year.zones)
    categories = len({z.category for z in year.zones})
    return (ngettext("{count} zone", "{count} zones", count).format(count=count),
            ngettext("{count} category", "{count} categories", categories).format(count=categories))


def continuation_line(c: Continuation) -> str:
    return _("{zone}: {blocks}: does not fit one card even at the smallest size; continues on {cards} cards").format(
        zone=c.zone.source or c.zone.name, blocks=", ".join(block_name(b) for b in c.blocks), cards=c.cards)


def shrink_lines(deck: Deck) -> list[str]:
    """One line for each block of a zone set smaller than the layout's size."""
    return [
        _("{zone}: {block}: {size} pt → {smaller} pt: shrunk to fit its box").format(
            zone=s.zone.source or s.zone.name, block=block_name(s.block), size=f"{s.from_pt:g}",
            smaller=f"{s.to_pt:g}")
        for s in deck.shrunk
    ]


def build_summary(args: argparse.Namespace, result: BuildResult, seconds: float) -> str:
    """What the build wrote, in one line: zones, slides, the report (its pages when a PDF of it was
    made), the time, the folder."""
    if not result.written:
        return _("nothing to write (--no-deck and --no-report)")
    zones, _categories = zones_and_categories(result.year)
    folder = result.written[0].parent
    values = {"zones": zones, "seconds": f"{seconds:.1f}", "folder": folder}
    cards = len(result.deck.pages)
    if args.command == "preview":
        return ngettext("{count} slide image written in {seconds} s ({folder})",
                        "{count} slide images written in {seconds} s ({folder})",
                        len(result.written)).format(count=len(result.written), seconds=values["seconds"],
                                                    folder=folder)
    slides = ngettext("{count} slide", "{count} slides", cards).format(count=cards)
    if result.report_pages is not None:
        report = ngettext("a report of {count} page", "a report of {count} pages",
                          result.report_pages).format(count=result.report_pages)
    else:
        report = _("the report")
    if not args.no_deck and not args.no_report:
        return _("{zones}, {slides}, {report} written in {seconds} s ({folder})").format(
            slides=slides, report=report, **values)
    if args.no_report:
        return _("{zones}, {slides} written in {seconds} s ({folder})").format(slides=slides, **values)
    return _("{zones}, {report} written in {seconds} s ({folder})").format(report=report, **values)


WROTE = {
    None: N_("wrote {file}"),
    SAME: N_("wrote {file}"),
    OTHER: N_("wrote {file} (the file it replaces was made from other data)"),
    UNKNOWN: N_("wrote {file} (the file it replaces does not say what data it was made from)"),
}
REMOVED = {
    SAME: N_("removed {file}: this build did not write it (it was made from the same data)"),
    OTHER: N_("removed {file}: this build did not write it, and it was not made from the current data "
              "(an old file)"),
    UNKNOWN: N_("removed {file}: this build did not write it (it does not say what data it was made from)"),
}
"""A line for each file written and each file of an earlier build removed, by what the file that was
there had been made from (build.SAME, OTHER, UNKNOWN; None: there was none)."""


def file_lines(result: BuildResult) -> list[str]:
    """What the write did to the folder: each file written, each document of an earlier build removed
    (what it had been made from), and the slide images of an earlier preview removed (one line)."""
    lines = [_(WROTE[result.earlier.get(path)]).format(file=path) for path in result.written]
    images: dict[Path, int] = {}
    for path in result.removed:
        if path.parent.name == PREVIEW and path.parent not in (p.parent for p in result.written):
            images[path.parent] = images.get(path.parent, 0) + 1
        elif path.suffix == ".png":
            lines.append(_("removed {file}: the deck has no such slide any more").format(file=path))
        else:
            lines.append(_(REMOVED[result.earlier.get(path, UNKNOWN)]).format(file=path))
    for folder, count in images.items():
        lines.append(ngettext("removed {folder}: {count} slide image of an earlier preview",
                              "removed {folder}: {count} slide images of an earlier preview", count).format(
            folder=folder, count=count))
    return lines


def new_summary(args: argparse.Namespace, result: NewYearResult) -> str:
    zones = len(result.year.zones)
    return _("{folder}: {era} ({year}) made from {old}: {zones}, {fields} to be entered; "
             "tokku-slides validate {folder} lists them").format(
        folder=args.new_dir, era=era_year(result.year.fiscal_year), year=result.year.fiscal_year,
        old=args.old_dir, zones=ngettext("{count} zone", "{count} zones", zones).format(count=zones),
        fields=fields_text(result.to_enter))


def fields_text(count: int) -> str:
    return ngettext("{count} field", "{count} fields", count).format(count=count)


def run(args: argparse.Namespace) -> int:
    quiet_run = bool(getattr(args, "quiet", False))
    out = None if quiet_run else sys.stdout
    if args.command == "new":
        made = new_year(args.new_dir, args.old_dir)
        if out is not None:
            for path in made.written:
                print(_("wrote {file}").format(file=path), file=out)
            print(new_summary(args, made), file=out)
        return EXIT_OK
    if args.command == "diff":
        return run_diff(args)
    if args.command == "templates":
        for path in write_templates(args.templates_dir, args.layout):
            if out is not None:
                print(_("wrote {file}").format(file=path), file=out)
        return EXIT_OK
    if args.command in ("check", "extract", "export", "import-scores"):
        return run_roundtrip(args)
    if args.command == "validate":
        warnings: list[InputError] = []
        year, _layout, deck = prepare(args.data_dir, args.layout, args.strict, warnings,
                                      template_path=args.template, reference_path=args.reference_doc)
        print_warnings(warnings)
        for c in deck.continuations:
            print(continuation_line(c), file=sys.stderr)
        if out is not None:
            for line in shrink_lines(deck):
                print(line, file=out)
            zones, categories = zones_and_categories(year)
            print(_("{folder}: {era} ({year}), {zones} in {categories}: no problems").format(
                folder=args.data_dir, era=era_year(year.fiscal_year), year=year.fiscal_year, zones=zones,
                categories=categories), file=out)
        return EXIT_OK
    progress = ProgressLine(sys.stderr, enabled=not quiet_run and sys.stderr.isatty())
    start = time.monotonic()
    try:
        if args.command == "preview":
            result = preview(args.data_dir, args.out, layout_path=args.layout, template_path=args.template,
                             progress=progress)
        else:
            result = build(
                args.data_dir, args.out, layout_path=args.layout, template_path=args.template,
                reference_path=args.reference_doc, strict=args.strict,
                deck=not args.no_deck, report=not args.no_report, pdf=args.pdf, pdfa=args.pdfa,
                progress=progress,
            )
    finally:
        progress.clear()
    seconds = time.monotonic() - start
    print_warnings(result.warnings)
    for c in result.deck.continuations:
        print(continuation_line(c), file=sys.stderr)
    if out is not None:
        for line in shrink_lines(result.deck):
            print(line, file=out)
        for line in file_lines(result):
            print(line, file=out)
        print(build_summary(args, result, seconds), file=out)
    return EXIT_OK


def checklist(items: list[InputError]) -> list[str]:
    """The fields still to be entered, grouped by file: the file, then one line per field
    (``  scores.I（Ⅰ 目標に向けた取組の進捗）: 未入力（令和５年度: 5）``)."""
    lines: list[str] = []
    current = None
    for item in items:
        if item.file != current:
            current = item.file
            lines.append(one_line(str(item.file)))
        name = f"{item.field}（{item.label}）" if item.label else item.field
        lines.append(one_line(f"  {name}: {item.message}"))
    return lines


def print_input_errors(errors: list[InputError], writes: bool) -> None:
    """The errors, each on its line; then the checklist of the fields still to be entered and its
    count; then the count of errors (and, for a command that writes, that nothing was written)."""
    problems = [e for e in errors if e.severity != PENDING]
    to_enter = [e for e in errors if e.severity == PENDING]
    for error in problems:
        print(error, file=sys.stderr)
    if to_enter:
        for line in checklist(to_enter):
            print(line, file=sys.stderr)
        files = len({e.file for e in to_enter})
        print(_("{fields} in {zones} still to be entered: write them in, then run the command again").format(
            fields=fields_text(len(to_enter)),
            zones=ngettext("{count} zone", "{count} zones", files).format(count=files)), file=sys.stderr)
    count = len(problems)
    if count and not writes:  # validate never writes: the count alone
        print(ngettext("{count} problem", "{count} problems", count).format(count=count), file=sys.stderr)
    elif count:
        print(ngettext("{count} problem; nothing was written", "{count} problems; nothing was written",
                       count).format(count=count), file=sys.stderr)
    elif writes:
        print(_("nothing was written"), file=sys.stderr)


def run_diff(args: argparse.Namespace) -> int:
    """``diff OLD_DIR NEW_DIR``: both years loaded and checked (each on its own: ``previous:`` is not
    followed), their problems reported together; the changes on stdout; nothing written."""
    errors: list[InputError] = []
    years: list[Year] = []
    for folder in (args.old_dir, args.new_dir):
        try:
            years.append(load_year(folder, follow_previous=False))
        except InputErrors as exc:
            errors.extend(exc.errors)
    if errors:
        raise InputErrors(errors)
    for line in diff_lines(years[0], years[1]):
        print(line)
    return EXIT_OK


EXIT_DIFFERENT = 3
"""check: the file does not say what the data says."""


def change_line(change: Change) -> str:
    return one_line(_("{file}: {field}: {old} → {new}").format(
        file=change.file, field=change.path, old=change.old, new=change.new))


def run_roundtrip(args: argparse.Namespace) -> int:
    """check, extract, export, import-scores: their modules (and python-pptx, openpyxl, ruamel.yaml)
    imported only when one of them runs, so that validate and build stay as quick to start."""
    from tokku_slides.roundtrip.check import CheckError
    from tokku_slides.roundtrip.scores import ScoreTableError

    try:
        return _run_roundtrip(args)
    except ScoreTableError as exc:
        for line in exc.lines:
            print(line, file=sys.stderr)
        print(ngettext("{count} problem; nothing was written", "{count} problems; nothing was written",
                       len(exc.lines)).format(count=len(exc.lines)), file=sys.stderr)
        return EXIT_INPUT
    except CheckError as exc:
        print(_("error: {detail}").format(detail=exc), file=sys.stderr)
        if args.command != "check":
            print(_("nothing was written"), file=sys.stderr)
        return EXIT_INPUT


def _run_roundtrip(args: argparse.Namespace) -> int:
    from tokku_slides.render.xlsx_workbook import render_workbook
    from tokku_slides.roundtrip.check import check
    from tokku_slides.roundtrip.extract import apply as apply_extract
    from tokku_slides.roundtrip.extract import plan as plan_extract
    from tokku_slides.roundtrip.scores import plan_import

    if args.command == "export":
        year, layout, deck = prepare(args.data_dir, args.layout)
        data = render_workbook(year, deck.texts, layout, modified_time(year))
        write_all_atomically({args.xlsx: data})
        print(_("wrote {file}").format(file=args.xlsx))
        return EXIT_OK
    if args.command == "import-scores":
        imported = plan_import(args.table, args.data_dir, args.sheet)
        for change in imported.changes:
            print(change_line(change))
        if not args.dry_run and imported.outputs:
            write_all_atomically(imported.outputs)
        print(ngettext("{count} row read, {changed} zone file changed{dry}",
                       "{count} rows read, {changed} zone files changed{dry}", imported.rows).format(
            count=imported.rows, changed=len(imported.outputs),
            dry=_(" (--dry-run: nothing was written)") if args.dry_run else ""))
        return EXIT_OK
    result = check(args.data_dir, args.file, args.layout)
    if args.command == "check":
        for d in result.differences:
            print(d)
        count = len(result.differences)
        if not count:
            print(_("{file}: agrees with {folder}: {zones}, {slides}").format(
                file=args.file, folder=args.data_dir,
                zones=ngettext("{count} zone", "{count} zones", result.zones).format(count=result.zones),
                slides=(ngettext("{count} zone section", "{count} zone sections", result.slides) if result.report
                        else ngettext("{count} slide", "{count} slides", result.slides)).format(count=result.slides)))
            return EXIT_OK
        print(ngettext("{file}: {count} difference from {folder}", "{file}: {count} differences from {folder}",
                       count).format(file=args.file, count=count, folder=args.data_dir))
        return EXIT_DIFFERENT
    planned = plan_extract(result, load_layout(args.layout).labels, args.scores)
    for change in planned.changes:
        print(change_line(change))
    for d in planned.left:
        print(_("not written: {difference}").format(difference=d))
    if not args.dry_run:
        apply_extract(planned)
    print(ngettext("{count} zone file changed{dry}", "{count} zone files changed{dry}",
                   len(planned.outputs)).format(count=len(planned.outputs),
                                                dry=_(" (--dry-run: nothing was written)") if args.dry_run else ""))
    return EXIT_OK


def print_warnings(warnings: list[InputError]) -> None:
    """Each warning on a line of its own (stderr), as the errors are: already in the user's language."""
    for warning in warnings:
        print(warning, file=sys.stderr)


def execute(args: argparse.Namespace) -> int:
    """Run the command of the parsed ``args`` (:func:`tokku_slides.cli.parser`) and return its exit
    status: 0 done, 2 the input's problems (printed one per line, nothing written), 3 ``check`` found
    differences, 1 an interruption or an internal error."""
    validating = args.command in ("validate", "diff", "check")  # they never write
    try:
        return run(args)
    except InputErrors as exc:
        print_input_errors(exc.errors, writes=not validating)
        return EXIT_INPUT
    except (BuildError, FitProblem, NewYearError) as exc:
        print(_("error: {detail}").format(detail=exc), file=sys.stderr)
        if not validating:
            print(_("nothing was written"), file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print(_("interrupted; nothing was written"), file=sys.stderr)
        return EXIT_INTERNAL
    except Exception as exc:
        if args.debug:
            traceback.print_exc()
        else:
            detail = one_line(str(exc).splitlines()[0] if str(exc) else "")[:200]
            print(_("internal error: {kind}: {detail} (this is a bug in tokku-slides; "
                    "run again with --debug for the traceback)").format(kind=type(exc).__name__, detail=detail),
                  file=sys.stderr)
        return EXIT_INTERNAL
