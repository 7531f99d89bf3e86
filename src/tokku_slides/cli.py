"""The command line: parse arguments, call the build, print results and errors. Nothing else.

Every text it prints comes from the message catalog (:mod:`tokku_slides.i18n`), argparse's own texts
too (see :func:`argparse_texts`). The language is chosen before anything is parsed or printed: a
``--lang`` anywhere before ``--`` (``--lang en --help`` is English), else ``TOKKU_LANG``, else Japanese.

What goes where: results (the zones whose text was shrunk, the files written, the summary) on stdout; errors, warnings
(a zone continued on a next card) and the progress line (on a terminal only) on stderr. ``--quiet``
leaves out the results and the progress line: only errors and warnings remain.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
import traceback
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tokku_slides import __version__
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
from tokku_slides.i18n import LANGUAGES, N_, _, ngettext, set_language
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

ARGPARSE_TEXTS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("unexpected option string: %s"),
)
"""argparse's own texts that a user can meet (and the plural one of :func:`_argparse_plurals`): ids
of our catalog, so that :func:`argparse_texts` finds them translated. argparse's texts for
programming mistakes (conflicting options, ...) are left in English."""


def _argparse_plurals() -> str:
    """Never called: puts argparse's one plural text a user can meet in the catalog."""
    return ngettext("expected %s argument", "expected %s arguments", 2)

PHASES = {
    "check": N_("checking the data and the layout"),
    "charts": N_("starting to draw the charts"),
    "deck": N_("making the slides"),
    "report": N_("making the report"),
    "pdf": N_("making the PDFs with LibreOffice"),
    "write": N_("writing the files"),
}
"""The progress line's text for each phase the build tells (build.Progress)."""


@contextlib.contextmanager
def argparse_texts() -> Iterator[None]:
    """argparse's own texts ("usage: ", "options", "the following arguments are required: %s", ...)
    through our catalog: argparse translates them by the ``_`` and ``ngettext`` it imported from the
    gettext module into its own module; while a parser is built and parses, those two names are ours
    (:data:`ARGPARSE_TEXTS` puts their ids in the catalog). This is the one place that does it, and it
    puts them back afterwards, so nothing else in the process sees the change."""
    saved = getattr(argparse, "_"), getattr(argparse, "ngettext")  # noqa: B009 - not declared by typeshed
    setattr(argparse, "_", _)  # noqa: B010
    setattr(argparse, "ngettext", ngettext)  # noqa: B010
    try:
        yield
    finally:
        setattr(argparse, "_", saved[0])  # noqa: B010
        setattr(argparse, "ngettext", saved[1])  # noqa: B010


def requested_language(argv: Sequence[str]) -> str | None:
    """The value of the last ``--lang X`` or ``--lang=X`` before ``--`` in ``argv``, or None (read
    before parsing, so that parsing prints its help and errors in that language)."""
    found = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            found = argv[i + 1]
        elif arg.startswith("--lang="):
            found = arg.split("=", 1)[1]
    return found


def parser() -> argparse.ArgumentParser:
    """The command's parser, its texts in the language in use (build it inside :func:`argparse_texts`)."""
    p = argparse.ArgumentParser(
        prog="tokku-slides",
        description=_("make the committee's cards (pptx) and the report (docx) from the evaluation "
                      "results of the comprehensive special zones (YAML)"),
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}",
                   help=_("show the version and exit"))
    common(p, top=True)
    sub = p.add_subparsers(dest="command", required=True, title=_("commands"),
                           metavar="{build,validate,preview,new,diff,templates,check,extract,export,"
                                   "import-scores}")

    b = sub.add_parser("build", help=_("write OUT/<name of DATA_DIR>/cards.pptx and report.docx"),
                       description=_("write OUT/<name of DATA_DIR>/cards.pptx and report.docx"))
    b.add_argument("data_dir", type=Path, metavar="DATA_DIR", help=_("a fiscal year's folder, e.g. data/r5"))
    b.add_argument("-o", "--out", type=Path, default=Path("out"), metavar="OUT",
                   help=_("output folder (default: out)"))
    b.add_argument("--layout", type=Path, metavar="FILE", help=_("another layout file instead of layouts/card.yaml"))
    template_options(b)
    b.add_argument("--strict", action="store_true",
                   help=_("treat warnings as errors, and fail instead of continuing a zone on a next card"))
    b.add_argument("--no-deck", action="store_true", help=_("do not write cards.pptx"))
    b.add_argument("--no-report", action="store_true", help=_("do not write report.docx"))
    b.add_argument("--pdf", action="store_true",
                   help=_("also write cards.pdf and report.pdf (needs LibreOffice: soffice, or TOKKU_SOFFICE)"))
    b.add_argument("--pdfa", action="store_true",
                   help=_("write cards.pdf and report.pdf as PDF/A-2b for the archive (as --pdf, which it implies)"))
    quiet(b)
    common(b)

    v = sub.add_parser("validate", help=_("check a year's folder and write nothing"),
                       description=_("check a year's folder and write nothing"))
    v.add_argument("data_dir", type=Path, metavar="DATA_DIR", help=_("a fiscal year's folder, e.g. data/r5"))
    v.add_argument("--layout", type=Path, metavar="FILE", help=_("check fitting against this layout file"))
    template_options(v)
    v.add_argument("--strict", action="store_true",
                   help=_("report warnings, and a zone that would continue, as errors"))
    quiet(v)
    common(v)

    preview_help = _("render each slide to OUT/<name of DATA_DIR>/preview/slide-NN.png "
                     "(needs LibreOffice and poppler's pdftoppm)")
    pv = sub.add_parser("preview", help=preview_help, description=preview_help)
    pv.add_argument("data_dir", type=Path, metavar="DATA_DIR", help=_("a fiscal year's folder, e.g. data/r5"))
    pv.add_argument("-o", "--out", type=Path, default=Path("out"), metavar="OUT",
                    help=_("output folder (default: out)"))
    pv.add_argument("--layout", type=Path, metavar="FILE", help=_("another layout file instead of layouts/card.yaml"))
    template_options(pv, reference=False)
    quiet(pv)
    common(pv)

    new_help = _("write next fiscal year's folder NEW_DIR from last year's OLD_DIR: what carries over kept, "
                 "the scores, KPI results and remarks left empty to be entered, last year's beside them")
    n = sub.add_parser("new", help=new_help, description=new_help)
    n.add_argument("new_dir", type=Path, metavar="NEW_DIR",
                   help=_("the new year's folder, e.g. data/r6 (it must not exist yet)"))
    n.add_argument("--from", dest="old_dir", type=Path, required=True, metavar="OLD_DIR",
                   help=_("last year's folder, e.g. data/r5"))
    quiet(n)
    common(n)
    diff_help = _("print what changed between two years, zone by zone, and write nothing")
    d = sub.add_parser("diff", help=diff_help, description=diff_help)
    d.add_argument("old_dir", type=Path, metavar="OLD_DIR", help=_("last year's folder, e.g. data/r5"))
    d.add_argument("new_dir", type=Path, metavar="NEW_DIR", help=_("this year's folder, e.g. data/r6"))
    common(d)
    templates_help = _("write our defaults into DIR as files to edit: template.pptx, reference.docx, card.yaml "
                       "(for --template, --reference-doc, --layout)")
    t = sub.add_parser("templates", help=templates_help, description=templates_help)
    t.add_argument("templates_dir", type=Path, metavar="DIR", help=_("the folder to write them in, e.g. org"))
    t.add_argument("--layout", type=Path, metavar="FILE", help=_("another layout file instead of layouts/card.yaml"))
    quiet(t)
    common(t)
    roundtrips(sub)
    return p


def roundtrips(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """check, extract, export, import-scores (tokku_slides.roundtrip)."""
    data = _("a fiscal year's folder, e.g. data/r5")
    check_help = _("compare a deck (cards.pptx) or a report (report.docx), also one edited and re-saved, with "
                   "the data; exit 3 when they differ; write nothing")
    c = sub.add_parser("check", help=check_help, description=check_help)
    c.add_argument("data_dir", type=Path, metavar="DATA_DIR", help=data)
    c.add_argument("file", type=Path, metavar="FILE", help=_("the deck (.pptx) or report (.docx) to check"))
    c.add_argument("--layout", type=Path, metavar="FILE", help=_("another layout file instead of layouts/card.yaml"))
    common(c)
    extract_help = _("write the texts edited in a deck back into the zone files (comments and layout kept)")
    e = sub.add_parser("extract", help=extract_help, description=extract_help)
    e.add_argument("file", type=Path, metavar="FILE", help=_("the edited deck (.pptx)"))
    e.add_argument("--into", dest="data_dir", type=Path, required=True, metavar="DATA_DIR", help=data)
    e.add_argument("--scores", action="store_true", help=_("also write the scores and percents edited in the deck"))
    e.add_argument("--dry-run", action="store_true", help=_("print the changes and write nothing"))
    e.add_argument("--layout", type=Path, metavar="FILE", help=_("another layout file instead of layouts/card.yaml"))
    common(e)
    export_help = _("write the year's results as an Excel workbook")
    x = sub.add_parser("export", help=export_help, description=export_help)
    x.add_argument("data_dir", type=Path, metavar="DATA_DIR", help=data)
    x.add_argument("--xlsx", type=Path, required=True, metavar="FILE", help=_("the workbook to write (.xlsx)"))
    x.add_argument("--layout", type=Path, metavar="FILE", help=_("another layout file instead of layouts/card.yaml"))
    common(x)
    import_help = _("write the scores of a table (.xlsx, or .csv in UTF-8 or Shift_JIS) into the zone files")
    i = sub.add_parser("import-scores", help=import_help, description=import_help)
    i.add_argument("table", type=Path, metavar="TABLE", help=_("the table: columns 特区名, Ⅰ, Ⅱ, Ⅲ"))
    i.add_argument("data_dir", type=Path, metavar="DATA_DIR", help=data)
    i.add_argument("--sheet", metavar="SHEET", help=_("the sheet to read (default: the first)"))
    i.add_argument("--dry-run", action="store_true", help=_("print the changes and write nothing"))
    common(i)


def template_options(p: argparse.ArgumentParser, reference: bool = True) -> None:
    """--template (and --reference-doc): the organisation's presentation and Word styles."""
    p.add_argument("--template", type=Path, metavar="ORG.pptx",
                   help=_("draw the cards on this presentation (.pptx/.potx): its master, theme and slide size"))
    if reference:
        p.add_argument("--reference-doc", dest="reference_doc", type=Path, metavar="ORG.docx",
                       help=_("take the report's styles, page, margins, header and footer from this document "
                              "(.docx/.dotx); its content is not copied"))


def common(p: argparse.ArgumentParser, top: bool = False) -> None:
    """``--lang`` and ``--debug``, on the top level and on every command (a command's defaults are
    SUPPRESS, so that they never override the top level's; ``--lang`` itself is read by
    :func:`requested_language` before parsing)."""
    p.add_argument("--lang", choices=LANGUAGES, default=None if top else argparse.SUPPRESS,
                   help=_("the language of the messages: ja (the default) or en; without it, the "
                          "environment variable TOKKU_LANG"))
    p.add_argument("--debug", action="store_true", default=False if top else argparse.SUPPRESS,
                   help=_("show the traceback of an internal error") if top else argparse.SUPPRESS)


def quiet(p: argparse.ArgumentParser) -> None:
    p.add_argument("-q", "--quiet", action="store_true",
                   help=_("print only errors and warnings (no summary, no progress)"))


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


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    set_language(requested_language(argv))
    with argparse_texts():
        args = parser().parse_args(argv)
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
