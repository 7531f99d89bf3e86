"""The command line: parse the arguments and hand them to :mod:`tokku_slides.commands`. Nothing else.

Every text it prints comes from the message catalog (:mod:`tokku_slides.i18n`), argparse's own texts
too (see :func:`argparse_texts`). The language is chosen before anything is parsed or printed: a
``--lang`` anywhere before ``--`` (``--lang en --help`` is English), else ``TOKKU_LANG``, else Japanese.

It imports nothing of the build, so that it starts at once: a build that will draw its charts (the
report wanted, OUT without a chart cache) starts the charts' fork server (Linux) before the build's
modules are imported, and the server imports matplotlib on another core meanwhile. The ``tokku-slides``
script imports this module, and every chart worker imports the script again as it starts (what
multiprocessing does with a main script): that import stays cheap.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from tokku_slides import __version__
from tokku_slides.i18n import LANGUAGES, N_, _, ngettext, set_language

EXIT_INTERRUPTED = 1
"""The exit status of Ctrl-C before the commands are imported: :data:`commands.EXIT_INTERNAL`, the
status of every interruption (this module does not import that one before it runs a command)."""

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


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` (default: the process's arguments) in the language asked for, start the charts'
    fork server for a build that will draw them, then run the command (:func:`commands.execute`) and
    return its exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    set_language(requested_language(argv))
    with argparse_texts():
        args = parser().parse_args(argv)
    if args.command == "build" and not args.no_report:
        from tokku_slides.render.chartpool import head_start

        with contextlib.suppress(Exception):  # only a head start: the chart pool starts its server itself
            head_start(args.out)
    try:
        from tokku_slides import commands
    except KeyboardInterrupt:  # Ctrl-C while the build's modules are imported: what commands.execute says
        print(_("interrupted; nothing was written"), file=sys.stderr)
        return EXIT_INTERRUPTED
    return commands.execute(args)


def command(argv: Sequence[str] | None = None) -> int:
    """The ``tokku-slides`` command (its script, and ``python -m tokku_slides``): :func:`main`, and then,
    as the process is about to end, every object left frozen (:func:`gc.freeze`), so that the
    interpreter's shutdown frees them by their reference counts without walking them all again for
    reference cycles: 0.09 s after a 50-zone build, 0.015 s frozen. Only for a process that ends
    here: a caller that goes on calls :func:`main` (the tests do)."""
    status = main(argv)
    gc.freeze()
    return status
