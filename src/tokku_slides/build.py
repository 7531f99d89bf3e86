"""The build: gather and validate everything first, render in memory, then write atomically.

Nothing is written unless every input is valid and every output rendered; each file is written to a
temporary name in its folder and renamed into place, so a failed build leaves the previous files.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tokku_slides.i18n import _
from tokku_slides.layout.glyphs import glyph_warnings
from tokku_slides.layout.pages import Deck, block_name, compose
from tokku_slides.layout.report import compose_report
from tokku_slides.layout.spec import Layout, load_layout
from tokku_slides.model.checks import text_warnings
from tokku_slides.model.errors import InputError, InputErrors
from tokku_slides.model.load import load_year
from tokku_slides.model.records import Year
from tokku_slides.render.pdf import (
    PdfError,
    Renderer,
    find_pdftoppm,
    find_renderer,
    page_count,
    pdf_to_pngs,
    to_pdf,
)

Progress = Callable[[str], None]
"""Told the phase a build starts ("check", "deck", "report", "pdf", "write"); the build itself prints nothing."""


class BuildError(Exception):
    """A problem the user can fix (exit status 2): strict mode, an unwritable output, ..."""


@dataclass
class BuildResult:
    year: Year
    deck: Deck
    written: list[Path] = field(default_factory=list)
    report_pages: int | None = None
    """The pages of report.pdf when one was made (report.docx alone: not known without laying it out)."""
    warnings: list[InputError] = field(default_factory=list)
    """What prepare() warned about (printed; the files were written all the same)."""


def output_folder(data_dir: Path, out_dir: Path) -> Path:
    """``OUT/<name of DATA_DIR>``: the name is the data folder's own name (``..`` and symlinks
    resolved first), one plain path component, so the output can never leave OUT."""
    name = Path(data_dir).resolve().name
    if (
        name in ("", ".", "..")
        or any(sep in name for sep in ("/", "\\", os.sep, os.altsep or "/"))
        or "\0" in name
    ):
        raise BuildError(_("{folder}: cannot name an output folder after this data folder").format(folder=data_dir))
    target = Path(out_dir) / name
    if target.parent != Path(out_dir):  # pragma: no cover - guaranteed by the checks above
        raise BuildError(_("{folder}: the output folder would not be inside {out}").format(
            folder=data_dir, out=out_dir))
    return target


def modified_time(year: Year) -> dt.datetime:
    """The documents' time stamp: SOURCE_DATE_EPOCH when set, else the start of the fiscal year (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).replace(tzinfo=None)
        except (ValueError, OverflowError, OSError) as exc:
            raise BuildError(_("SOURCE_DATE_EPOCH is not a whole number of seconds: {value}").format(
                value=repr(epoch))) from exc
    return dt.datetime(year.fiscal_year, 4, 1)


def prepare(
    data_dir: Path, layout_path: Path | None = None, strict: bool = False,
    warnings: list[InputError] | None = None,
) -> tuple[Year, Layout, Deck]:
    """Load, validate and fit: everything that can fail on the user's input, before any output.

    The warnings (model/checks.py, layout/glyphs.py) are added to ``warnings``; under ``strict`` they
    are errors."""
    errors: list[InputError] = []
    try:
        year = load_year(Path(data_dir))
    except InputErrors as exc:
        errors.extend(exc.errors)
    try:
        layout = load_layout(layout_path)
    except InputErrors as exc:
        errors.extend(exc.errors)
    if errors:  # the year's and the layout's problems, reported together
        raise InputErrors(errors)
    found = sorted(text_warnings(year) + glyph_warnings(year, layout), key=lambda w: w.sort_key)
    if strict and found:
        raise InputErrors(found)
    if warnings is not None:
        warnings.extend(found)
    deck = compose(year, layout)
    if strict and deck.continuations:
        lines = [
            _("{zone}: {blocks}: does not fit one card even at the smallest size (would continue on {cards} "
              "cards); shorten it or build without --strict").format(
                zone=c.zone.source or c.zone.name, blocks=", ".join(block_name(b) for b in c.blocks), cards=c.cards)
            for c in deck.continuations
        ]
        raise BuildError("\n".join(lines))
    return year, layout, deck


def build(
    data_dir: Path,
    out_dir: Path = Path("out"),
    *,
    layout_path: Path | None = None,
    strict: bool = False,
    deck: bool = True,
    report: bool = True,
    pdf: bool = False,
    pdfa: bool = False,
    progress: Progress | None = None,
) -> BuildResult:
    """Build a year's deck (cards.pptx) and report (report.docx) under ``OUT/<name of DATA_DIR>``;
    with ``pdf``, also cards.pdf and report.pdf made from them by LibreOffice (tagged PDFs), with
    ``pdfa`` as PDF/A-2b for the archive (``pdfa`` implies ``pdf``). ``progress`` is told each phase
    as it starts."""
    tell = progress or _silent
    pdf = pdf or pdfa
    tell("check")
    warnings: list[InputError] = []
    year, layout, pages = prepare(data_dir, layout_path, strict, warnings)
    renderer = _renderer() if pdf else None
    target = output_folder(data_dir, out_dir)
    modified = modified_time(year)
    for name, wanted in (("cards.pptx", deck), ("report.docx", report),
                         ("cards.pdf", deck and pdf), ("report.pdf", report and pdf)):
        if wanted:
            check_writable(target / name)  # before rendering: fail fast, and touch nothing
    outputs: dict[Path, bytes] = {}
    book = None
    try:
        if report:
            from tokku_slides.render.charts import ChartBook
            from tokku_slides.render.docx_report import CHART_CACHE, chart_specs

            # charts drawn now reach OUT/.cache only after the outputs are written: a failed build adds
            # nothing. They are drawn by worker processes while the deck is rendered (forked now, before
            # the deck's objects exist, so that no worker holds a copy of them).
            tell("charts")
            book = ChartBook(Path(out_dir) / CHART_CACHE, defer_writes=True)
            plan = compose_report(year, layout, modified)
            book.start(chart_specs(plan, layout))
        if deck:
            from tokku_slides.render.pptx_deck import render_deck

            tell("deck")
            outputs[target / "cards.pptx"] = render_deck(pages, layout, year, modified)
        if book is not None:
            from tokku_slides.render.docx_report import render_report

            tell("report")
            outputs[target / "report.docx"] = render_report(plan, layout, target, book)
    finally:
        if book is not None:
            book.close()  # every chart is in by now, or the build failed: no worker is left running
    if renderer is not None:
        tell("pdf")
        outputs.update(_pdfs(outputs, renderer, archive=pdfa))
    result = BuildResult(year, pages, warnings=warnings)
    if target / "report.pdf" in outputs:
        result.report_pages = page_count(outputs[target / "report.pdf"])
    tell("write")
    result.written.extend(write_all_atomically(outputs))
    if book is not None:
        book.save()
    return result


def _silent(_phase: str) -> None:
    """No progress to show."""


def _renderer(pngs: bool = False) -> Renderer:
    """LibreOffice (and pdftoppm when ``pngs``), looked up before any rendering so a missing one
    fails fast (exit status 2)."""
    try:
        if pngs:
            find_pdftoppm()
        return find_renderer()
    except PdfError as exc:
        raise BuildError(str(exc)) from exc


def _pdfs(office: dict[Path, bytes], renderer: Renderer, archive: bool = False) -> dict[Path, bytes]:
    """The PDF of every Office file already rendered (in memory), named beside it: cards.pdf, report.pdf
    (PDF/A-2b with ``archive``)."""
    try:
        converted = to_pdf({path.name: data for path, data in office.items()}, renderer, archive=archive)
    except PdfError as exc:
        raise BuildError(str(exc)) from exc
    return {path.with_suffix(".pdf"): converted[path.name] for path in office}


def preview(data_dir: Path, out_dir: Path = Path("out"), *, layout_path: Path | None = None,
            resolution: int = 96, progress: Progress | None = None) -> BuildResult:
    """Render every slide of the deck to ``OUT/<name of DATA_DIR>/preview/slide-NN.png`` (LibreOffice,
    then poppler's pdftoppm at ``resolution`` dpi); PNGs of slides the deck no longer has are removed."""
    tell = progress or _silent
    tell("check")
    year, layout, pages = prepare(data_dir, layout_path)
    renderer = _renderer(pngs=True)
    from tokku_slides.render.pptx_deck import render_deck

    tell("deck")
    deck_bytes = render_deck(pages, layout, year, modified_time(year))
    tell("pdf")
    try:
        pngs = pdf_to_pngs(to_pdf({"cards.pptx": deck_bytes}, renderer)["cards.pptx"], resolution)
    except PdfError as exc:
        raise BuildError(str(exc)) from exc
    folder = output_folder(data_dir, out_dir) / "preview"
    width = max(2, len(str(len(pngs))))
    outputs = {folder / f"slide-{n:0{width}d}.png": png for n, png in enumerate(pngs, start=1)}
    result = BuildResult(year, pages)
    tell("write")
    result.written.extend(write_all_atomically(outputs))
    for stale in sorted(folder.glob("slide-*.png")):
        if stale not in outputs:
            stale.unlink()
    return result


def check_writable(path: Path) -> None:
    """Refuse early, with a clear message, when an output cannot be written: a folder on the way is a
    file, the folder is not writable, or the file itself is read-only.

    (As root, ``os.access`` grants everything; the write itself still fails cleanly, see
    :func:`write_all_atomically`.)
    """
    folder = path.parent
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise BuildError(_("{folder}: is a file, not a folder; cannot write {file}").format(folder=existing, file=path))
    if not os.access(existing, os.W_OK | os.X_OK):
        raise BuildError(_("{folder}: the folder is not writable; cannot write {file}").format(
            folder=existing, file=path.name))
    if path.is_dir():
        raise BuildError(_("{file}: is a folder; cannot write the file there").format(file=path))
    if path.exists() and not os.access(path, os.W_OK):
        raise BuildError(_("{file}: the file is read-only or locked; close it (PowerPoint/Word) or make it "
                           "writable").format(file=path))


def _write_failed(path: Path, exc: OSError) -> BuildError:
    reason = exc.strerror or str(exc)
    return BuildError(_("{file}: cannot write the file ({reason}); close it in PowerPoint/Word, or check the "
                        "folder's permissions and free space").format(file=path, reason=reason))


def write_all_atomically(outputs: dict[Path, bytes]) -> list[Path]:
    """Write every file or none, and return the paths written (in order).

    Each file is first written in full to a temporary name beside it (``.cards.pptx.XXXX.tmp``), then
    all are renamed into place. If anything fails, the temporary files are removed, files already
    renamed get their previous content back, and folders this call created are removed again: the
    output folder is left as it was. Raises :class:`BuildError` (one line) for any OS error.
    """
    for path in outputs:
        check_writable(path)
    created: list[Path] = []
    staged: dict[Path, str] = {}
    previous: dict[Path, bytes | None] = {}
    try:
        for path, data in outputs.items():
            try:
                created.extend(_make_folders(path.parent))
                staged[path] = _stage(path, data)
            except OSError as exc:
                raise _write_failed(path, exc) from exc
        for path, tmp in list(staged.items()):
            try:
                previous[path] = path.read_bytes() if path.is_file() else None
                os.replace(tmp, path)
            except OSError as exc:
                raise _write_failed(path, exc) from exc
            del staged[path]  # in place: what is left in staged is still to be removed on failure
    except BaseException:
        _undo(staged, previous, created)
        raise
    return list(outputs)


def _make_folders(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; the ones created, outermost first."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    made = []
    for f in reversed(missing):
        f.mkdir()
        made.append(f)
    return made


def _stage(path: Path, data: bytes) -> str:
    """``data`` written and synced to a new temporary file beside ``path``; its name."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def _undo(staged: dict[Path, str], previous: dict[Path, bytes | None], created: list[Path]) -> None:
    """Put the output folder back as it was after a failed :func:`write_all_atomically`."""
    for tmp in staged.values():
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    for path, data in previous.items():
        if path in staged:
            continue  # never replaced
        with contextlib.suppress(OSError):
            if data is None:
                path.unlink()
            else:
                tmp = _stage(path, data)
                os.replace(tmp, path)
    for folder in reversed(created):
        with contextlib.suppress(OSError):
            folder.rmdir()

