"""The command line: parse arguments, call the build, print results and errors. Nothing else."""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from tokku_slides import __version__
from tokku_slides.build import BuildError, build, prepare, preview
from tokku_slides.format import era_year
from tokku_slides.i18n import _, ngettext, set_language
from tokku_slides.layout.pages import FitProblem
from tokku_slides.model.errors import InputError, InputErrors, one_line

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT = 0, 1, 2


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="tokku-slides",
        description="総合特区の評価結果 (YAML) から委員会用のカード (pptx) と報告書 (docx) を作る",
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    p.add_argument("--debug", action="store_true", help="show the traceback of an internal error")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="write OUT/<name of DATA_DIR>/cards.pptx and report.docx")
    b.add_argument("data_dir", type=Path, metavar="DATA_DIR", help="a fiscal year's folder, e.g. data/r5")
    b.add_argument("-o", "--out", type=Path, default=Path("out"), metavar="OUT", help="output folder (default: out)")
    b.add_argument("--layout", type=Path, metavar="FILE", help="another layout file instead of layouts/card.yaml")
    b.add_argument("--strict", action="store_true",
                   help="treat warnings as errors, and fail instead of continuing a zone on a next card")
    b.add_argument("--no-deck", action="store_true", help="do not write cards.pptx")
    b.add_argument("--no-report", action="store_true", help="do not write report.docx")
    b.add_argument("--pdf", action="store_true",
                   help="also write cards.pdf and report.pdf (needs LibreOffice: soffice, or TOKKU_SOFFICE)")
    b.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    v = sub.add_parser("validate", help="check a year's folder and write nothing")
    v.add_argument("data_dir", type=Path, metavar="DATA_DIR")
    v.add_argument("--layout", type=Path, metavar="FILE", help="check fitting against this layout file")
    v.add_argument("--strict", action="store_true", help="report warnings, and a zone that would continue, as errors")
    v.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    pv = sub.add_parser("preview", help="render each slide to OUT/<name of DATA_DIR>/preview/slide-NN.png "
                                        "(needs LibreOffice and poppler's pdftoppm)")
    pv.add_argument("data_dir", type=Path, metavar="DATA_DIR")
    pv.add_argument("-o", "--out", type=Path, default=Path("out"), metavar="OUT", help="output folder (default: out)")
    pv.add_argument("--layout", type=Path, metavar="FILE", help="another layout file instead of layouts/card.yaml")
    pv.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return p


def run(args: argparse.Namespace) -> int:
    if args.command == "validate":
        warnings: list[InputError] = []
        year, _layout, deck = prepare(args.data_dir, args.layout, args.strict, warnings)
        print_warnings(warnings)
        for c in deck.continuations:
            print(f"note: {c.zone.source or c.zone.name}: {', '.join(c.blocks)} continues on {c.cards} cards")
        cats = len({z.category for z in year.zones})
        print(f"{args.data_dir}: valid: {era_year(year.fiscal_year)} ({year.fiscal_year}), "
              f"{len(year.zones)} zones in {cats} {'category' if cats == 1 else 'categories'}")
        return EXIT_OK
    if args.command == "preview":
        result = preview(args.data_dir, args.out, layout_path=args.layout)
    else:
        result = build(
            args.data_dir, args.out, layout_path=args.layout, strict=args.strict,
            deck=not args.no_deck, report=not args.no_report, pdf=args.pdf,
        )
    print_warnings(result.warnings)
    for c in result.deck.continuations:
        print(f"note: {c.zone.source or c.zone.name}: {', '.join(c.blocks)} continues on {c.cards} cards")
    for path in result.written:
        print(f"wrote {path}")
    return EXIT_OK


def print_warnings(warnings: list[InputError]) -> None:
    """Each warning on a line of its own (stderr), as the errors are: already in the user's language."""
    for warning in warnings:
        print(warning, file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    set_language()
    args = parser().parse_args(argv)
    try:
        return run(args)
    except InputErrors as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        print(ngettext("{count} problem; nothing was written", "{count} problems; nothing was written",
                       len(exc.errors)).format(count=len(exc.errors)), file=sys.stderr)
        return EXIT_INPUT
    except (BuildError, FitProblem) as exc:
        print(_("error: {detail}").format(detail=exc), file=sys.stderr)
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
