"""The build: gather and validate everything first, render in memory, then write atomically.

Nothing is written unless every input is valid and every output rendered; each file is written to a
temporary name in its folder and renamed into place, so a failed build leaves the previous files.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from tokku_slides.layout.pages import Deck, compose
from tokku_slides.layout.spec import Layout, load_layout
from tokku_slides.model.load import load_year
from tokku_slides.model.records import Year
from tokku_slides.render.pdf import PdfError, Renderer, find_pdftoppm, find_renderer, pdf_to_pngs, to_pdf


class BuildError(Exception):
    """A problem the user can fix (exit status 2): strict mode, an unwritable output, ..."""


@dataclass
class BuildResult:
    year: Year
    deck: Deck
    written: list[Path] = field(default_factory=list)


def output_folder(data_dir: Path, out_dir: Path) -> Path:
    """``OUT/<name of DATA_DIR>``: the name is one path component, so it cannot leave OUT."""
    name = Path(data_dir).resolve().name
    if name in ("", ".", "..") or os.sep in name:
        raise BuildError(f"{data_dir}: cannot name an output folder after this data folder")
    return Path(out_dir) / name


def modified_time(year: Year) -> dt.datetime:
    """The documents' time stamp: SOURCE_DATE_EPOCH when set, else the start of the fiscal year (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).replace(tzinfo=None)
        except (ValueError, OverflowError, OSError) as exc:
            raise BuildError(f"SOURCE_DATE_EPOCH is not a whole number of seconds: {epoch!r}") from exc
    return dt.datetime(year.fiscal_year, 4, 1)


def prepare(data_dir: Path, layout_path: Path | None = None, strict: bool = False) -> tuple[Year, Layout, Deck]:
    """Load, validate and fit: everything that can fail on the user's input, before any output."""
    year = load_year(Path(data_dir))
    layout = load_layout(layout_path)
    deck = compose(year, layout)
    if strict and deck.continuations:
        lines = [
            f"{c.zone.source or c.zone.name}: {', '.join(c.blocks)}: does not fit one card even at the "
            f"smallest size (would continue on {c.cards} cards); shorten it or build without --strict"
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
) -> BuildResult:
    """Build a year's deck (cards.pptx) and report (report.docx) under ``OUT/<name of DATA_DIR>``;
    with ``pdf``, also cards.pdf and report.pdf made from them by LibreOffice."""
    year, layout, pages = prepare(data_dir, layout_path, strict)
    renderer = _renderer() if pdf else None
    target = output_folder(data_dir, out_dir)
    modified = modified_time(year)
    outputs: dict[Path, bytes] = {}
    if deck:
        from tokku_slides.render.pptx_deck import render_deck

        outputs[target / "cards.pptx"] = render_deck(pages, layout, year, modified)
    if report:
        try:
            from tokku_slides.render.docx_report import render_report
        except ImportError:
            render_report = None
        if render_report is not None:
            outputs[target / "report.docx"] = render_report(year, layout, modified, target)
    if renderer is not None:
        outputs.update(_pdfs(outputs, renderer))
    result = BuildResult(year, pages)
    for path in outputs:
        check_writable(path)
    for path, data in outputs.items():
        write_atomically(path, data)
        result.written.append(path)
    return result


def _renderer(pngs: bool = False) -> Renderer:
    """LibreOffice (and pdftoppm when ``pngs``), looked up before any rendering so a missing one
    fails fast (exit status 2)."""
    try:
        if pngs:
            find_pdftoppm()
        return find_renderer()
    except PdfError as exc:
        raise BuildError(str(exc)) from exc


def _pdfs(office: dict[Path, bytes], renderer: Renderer) -> dict[Path, bytes]:
    """The PDF of every Office file already rendered (in memory), named beside it: cards.pdf, report.pdf."""
    try:
        converted = to_pdf({path.name: data for path, data in office.items()}, renderer)
    except PdfError as exc:
        raise BuildError(str(exc)) from exc
    return {path.with_suffix(".pdf"): converted[path.name] for path in office}


def preview(data_dir: Path, out_dir: Path = Path("out"), *, layout_path: Path | None = None,
            resolution: int = 96) -> BuildResult:
    """Render every slide of the deck to ``OUT/<name of DATA_DIR>/preview/slide-NN.png`` (LibreOffice,
    then poppler's pdftoppm at ``resolution`` dpi); PNGs of slides the deck no longer has are removed."""
    year, layout, pages = prepare(data_dir, layout_path)
    renderer = _renderer(pngs=True)
    from tokku_slides.render.pptx_deck import render_deck

    deck_bytes = render_deck(pages, layout, year, modified_time(year))
    try:
        pngs = pdf_to_pngs(to_pdf({"cards.pptx": deck_bytes}, renderer)["cards.pptx"], resolution)
    except PdfError as exc:
        raise BuildError(str(exc)) from exc
    folder = output_folder(data_dir, out_dir) / "preview"
    width = max(2, len(str(len(pngs))))
    outputs = {folder / f"slide-{n:0{width}d}.png": png for n, png in enumerate(pngs, start=1)}
    for path in outputs:
        check_writable(path)
    result = BuildResult(year, pages)
    for path, data in outputs.items():
        write_atomically(path, data)
        result.written.append(path)
    for stale in sorted(folder.glob("slide-*.png")):
        if stale not in outputs:
            stale.unlink()
    return result


def check_writable(path: Path) -> None:
    """Refuse early when an output cannot be replaced (read-only file or folder)."""
    folder = path.parent
    existing = folder
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise BuildError(f"{existing}: is not a folder; cannot write {path}")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise BuildError(f"{existing}: folder is not writable; cannot write {path.name}")
    if path.exists() and not os.access(path, os.W_OK):
        raise BuildError(f"{path}: the file is read-only or locked; close it (PowerPoint/Word) or make it writable")


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
