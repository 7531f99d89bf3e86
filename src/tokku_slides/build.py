"""The build: gather and validate everything first, render in memory, then write atomically.

Nothing is written unless every input is valid and every output rendered; each file is written to a
temporary name in its folder and renamed into place, so a failed build leaves the previous files.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from tokku_slides import __version__
from tokku_slides.i18n import _
from tokku_slides.layout.glyphs import glyph_warnings
from tokku_slides.layout.measure import load_metrics
from tokku_slides.layout.pages import Deck, block_name, compose
from tokku_slides.layout.report import compose_report
from tokku_slides.layout.spec import Layout, load_layout
from tokku_slides.model.checks import text_warnings
from tokku_slides.model.cycle import cycle_warnings
from tokku_slides.model.errors import InputError, InputErrors
from tokku_slides.model.load import EVALUATION_FILE, load_year, zone_files
from tokku_slides.model.records import Year
from tokku_slides.render import templates as tpl
from tokku_slides.render.pdf import (
    PdfError,
    Renderer,
    find_pdftoppm,
    find_renderer,
    page_count,
    pdf_to_pngs,
    to_pdf,
)

OUTPUT_NAMES = ("cards.pptx", "report.docx", "cards.pdf", "report.pdf")
"""The files a build writes in ``OUT/<name>``: the only ones, with the preview's images, it ever removes."""
PREVIEW = "preview"
PREVIEW_IMAGE = re.compile(r"slide-[0-9]+\.png")
"""The name of a slide image that ``preview`` writes in ``OUT/<name>/preview``."""

FINGERPRINT_PREFIX = "tokku-slides-inputs-sha256-"
"""How a fingerprint starts in the documents' keywords (one word: LibreOffice splits the keywords at
spaces and colons when it carries them into a PDF)."""
FINGERPRINT = re.compile(re.escape(FINGERPRINT_PREFIX) + "[0-9a-f]{64}")
SAME, OTHER, UNKNOWN = "same", "other", "unknown"
"""What an earlier document was made from: this build's inputs, others, or it does not say."""

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
    removed: list[Path] = field(default_factory=list)
    """Files an earlier build or preview left that this build did not write: removed with the write."""
    fingerprint: str = ""
    """The fingerprint of this build's inputs (:func:`input_fingerprint`), in every document it wrote."""
    earlier: dict[Path, str] = field(default_factory=dict)
    """Each document that was in the folder before the write (replaced or removed) and whether it had
    been made from this build's inputs: SAME, OTHER or UNKNOWN (it carries no fingerprint)."""


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
    """The documents' time stamp (created, modified, last printed): SOURCE_DATE_EPOCH when set, else
    the year's ``date:`` (midnight), else the start of the fiscal year (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).replace(tzinfo=None)
        except (ValueError, OverflowError, OSError) as exc:
            raise BuildError(_("SOURCE_DATE_EPOCH is not a whole number of seconds: {value}").format(
                value=repr(epoch))) from exc
    if year.date is not None:
        return dt.datetime(year.date.year, year.date.month, year.date.day)
    return dt.datetime(year.fiscal_year, 4, 1)


@dataclass
class Sources:
    """The presentation and the reference document a build draws on (the organisation's, or ours),
    checked: their bytes (empty: ours, not made, for a check that renders nothing), and the
    presentation's slide layout the cards go on."""

    template: bytes
    reference: bytes
    layout_index: int | None = None


THEME = "theme"
"""``fonts.latin``/``fonts.east_asian`` of a layout: the --template theme's body font."""


def load_sources(layout: Layout, template_path: Path | None, reference_path: Path | None,
                 *, defaults: bool = True) -> tuple[Layout, Sources]:
    """Check ``--template`` and ``--reference-doc`` (:class:`BuildError`, one line, for a file that cannot
    be used) and return the layout as the build uses it (fonts ``theme`` resolved to the template's,
    the geometry's slide size checked against the template's, the report's page and margins the
    reference document's) with the sources; without the options, ours (made from the layout), or,
    when not ``defaults`` (a check that renders nothing: ``validate``), empty bytes: ours are made by
    python-pptx and python-docx, which such a check does not import."""
    try:
        index = None
        if template_path is not None:
            template = tpl.read_template(template_path)
            info = tpl.presentation_info(template, template_path, layout.template_layout)
            index = info.layout_index
            if not tpl.same_shape(info.width_mm, info.height_mm, layout.slide_width_mm, layout.slide_height_mm):
                raise BuildError(_(
                    "{file}: its slides are {width} x {height} mm, another shape than the {layout_width} x "
                    "{layout_height} mm the layout {layout} was made for; use a presentation of that shape "
                    "(PowerPoint: Design > Slide Size), or a layout made for its size").format(
                        file=template_path, width=_mm(info.width_mm), height=_mm(info.height_mm),
                        layout_width=_mm(layout.slide_width_mm), layout_height=_mm(layout.slide_height_mm),
                        layout=layout.path))
            layout = _theme_fonts(layout, template_path, info)
        elif THEME in (layout.latin_font, layout.east_asian_font):
            raise BuildError(_("{file}: fonts: 'theme' takes the fonts of a --template presentation's theme; give "
                               "--template ORG.pptx, or name the fonts").format(file=layout.path))
        if reference_path is not None:
            reference = tpl.read_reference(reference_path)
            layout = replace(layout, report={**layout.report, **tpl.reference_page(reference, reference_path)})
        elif defaults:
            from tokku_slides.render.docx_report import default_reference

            reference = default_reference(layout)
        else:
            reference = b""
        if template_path is None and defaults:
            from tokku_slides.render.pptx_deck import default_template

            template = default_template(layout)
        elif template_path is None:
            template = b""
    except tpl.TemplateError as exc:
        raise BuildError(str(exc)) from exc
    return layout, Sources(template, reference, index)


def _mm(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _theme_fonts(layout: Layout, path: Path, info: tpl.PresentationInfo) -> Layout:
    """``layout`` with fonts ``theme`` replaced by the template theme's body fonts; the fitting model's
    metrics must be of the font that is drawn."""
    latin, east_asian = layout.latin_font, layout.east_asian_font
    if THEME not in (latin, east_asian):
        return layout
    if latin == THEME:
        latin = info.minor_latin
    if east_asian == THEME:
        east_asian = info.minor_east_asian or latin
    if not latin:
        raise BuildError(_("{file}: the theme names no Latin body font, which fonts.latin: theme of {layout} "
                           "asks for; set one in PowerPoint (Design > Variants > Fonts) or name the font in the "
                           "layout").format(file=path, layout=layout.path))
    latin_key = "fonts.latin_metrics" if layout.latin_metrics_path else "fonts.metrics"
    for font, metrics_path, key in ((latin, layout.latin_metrics_path or layout.metrics_path, latin_key),
                                    (east_asian, layout.metrics_path, "fonts.metrics")):
        family = load_metrics(metrics_path).family
        if font != family:
            raise BuildError(_("{file}: the theme's body font is {font}, but the text is fitted with the widths "
                               "of {family} ({metrics}); make the metrics of {font} with tools/font_metrics.py "
                               "and name them in {key}, or name the font in the layout").format(
                                   file=path, font=font, family=family, metrics=metrics_path, key=key))
    return replace(layout, latin_font=latin, east_asian_font=east_asian)


def load_inputs(data_dir: Path, layout_path: Path | None = None) -> tuple[Year, Layout]:
    """The year and the layout, loaded and checked; raises :class:`InputErrors` with the problems of
    both together (a clerk fixes them in one round)."""
    errors: list[InputError] = []
    try:
        year = load_year(Path(data_dir))
    except InputErrors as exc:
        errors.extend(exc.errors)
    try:
        layout = load_layout(layout_path)
    except InputErrors as exc:
        errors.extend(exc.errors)
    if errors:
        raise InputErrors(errors)
    return year, with_organisation(layout, year)


def with_organisation(layout: Layout, year: Year) -> Layout:
    """``layout`` with the documents' author and company of evaluation.yaml's ``organisation:``: each
    key given there wins over the layout's own ``organisation:``; one left out keeps the layout's."""
    return replace(layout, author=year.author or layout.author, company=year.company or layout.company)


def prepare(
    data_dir: Path, layout_path: Path | None = None, strict: bool = False,
    warnings: list[InputError] | None = None, *, template_path: Path | None = None,
    reference_path: Path | None = None, sources: list[Sources] | None = None,
) -> tuple[Year, Layout, Deck]:
    """Load, validate and fit: everything that can fail on the user's input, before any output.

    The warnings (model/checks.py, layout/glyphs.py, model/cycle.py) are added to ``warnings``; under ``strict`` they
    are errors. The templates (:func:`load_sources`) are checked too and added to ``sources``; when
    ``sources`` is None, our default templates are not made (nothing will be rendered)."""
    year, layout = load_inputs(data_dir, layout_path)
    layout, found_sources = load_sources(layout, template_path, reference_path, defaults=sources is not None)
    if sources is not None:
        sources.append(found_sources)
    found = sorted(text_warnings(year) + glyph_warnings(year, layout) + cycle_warnings(year),
                   key=lambda w: w.sort_key)
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
    template_path: Path | None = None,
    reference_path: Path | None = None,
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
    as it starts.

    Nothing stale stays: a file of an earlier build or preview (:func:`earlier_outputs`) that this
    build does not write (cards.pdf after a build without ``pdf``, report.docx after one without
    ``report``, the preview's images) is removed in the same all-or-nothing write, and listed in
    :attr:`BuildResult.removed`. A build that writes nothing (neither deck nor report) removes
    nothing either."""
    tell = progress or _silent
    pdf = pdf or pdfa
    if report:
        # a first build draws every chart: the fork server (Linux) imports matplotlib on the other core
        # now, while this process loads, checks and fits the year and draws the deck (the command line
        # has started it already, before importing this module)
        from tokku_slides.render.chartpool import head_start

        with contextlib.suppress(Exception):  # only a head start: the chart pool starts its server itself
            head_start(out_dir)
    tell("check")
    warnings: list[InputError] = []
    found: list[Sources] = []
    year, layout, pages = prepare(data_dir, layout_path, strict, warnings, template_path=template_path,
                                  reference_path=reference_path, sources=found)
    used = found[0]
    renderer = _renderer() if pdf else None
    target = output_folder(data_dir, out_dir)
    modified = modified_time(year)
    fingerprint = input_fingerprint(year, layout, used)
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
            outputs[target / "cards.pptx"] = render_deck(pages, layout, year, modified, fingerprint,
                                                         template=used.template, layout_index=used.layout_index)
        if book is not None:
            from tokku_slides.render.docx_report import render_report

            tell("report")
            outputs[target / "report.docx"] = render_report(plan, layout, target, book, fingerprint,
                                                            reference=used.reference)
    finally:
        if book is not None:
            book.close()  # every chart is in by now, or the build failed: no worker is left running
    if renderer is not None:
        tell("pdf")
        outputs.update(_pdfs(outputs, renderer, archive=pdfa))
    result = BuildResult(year, pages, warnings=warnings, fingerprint=fingerprint)
    if target / "report.pdf" in outputs:
        result.report_pages = page_count(outputs[target / "report.pdf"])
    stale = [path for path in earlier_outputs(target) if path not in outputs] if outputs else []
    if outputs:
        result.earlier = {path: made_from(path, fingerprint) for path in earlier_outputs(target)
                          if path.parent == target}
    tell("write")
    result.written.extend(write_all_atomically(outputs, remove=stale))
    result.removed.extend(stale)
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
            template_path: Path | None = None, resolution: int = 96,
            progress: Progress | None = None) -> BuildResult:
    """Render every slide of the deck to ``OUT/<name of DATA_DIR>/preview/slide-NN.png`` (LibreOffice,
    then poppler's pdftoppm at ``resolution`` dpi); PNGs of slides the deck no longer has are removed."""
    tell = progress or _silent
    tell("check")
    found: list[Sources] = []
    year, layout, pages = prepare(data_dir, layout_path, template_path=template_path, sources=found)
    renderer = _renderer(pngs=True)
    from tokku_slides.render.pptx_deck import render_deck

    tell("deck")
    deck_bytes = render_deck(pages, layout, year, modified_time(year), template=found[0].template,
                             layout_index=found[0].layout_index)
    tell("pdf")
    try:
        pngs = pdf_to_pngs(to_pdf({"cards.pptx": deck_bytes}, renderer)["cards.pptx"], resolution)
    except PdfError as exc:
        raise BuildError(str(exc)) from exc
    folder = output_folder(data_dir, out_dir) / "preview"
    width = max(2, len(str(len(pngs))))
    outputs = {folder / f"slide-{n:0{width}d}.png": png for n, png in enumerate(pngs, start=1)}
    stale = [path for path in preview_images(folder) if path not in outputs]
    result = BuildResult(year, pages)
    tell("write")
    result.written.extend(write_all_atomically(outputs, remove=stale))
    result.removed.extend(stale)
    return result


TEMPLATE_FILES = ("template.pptx", "reference.docx", "card.yaml")
"""What ``templates DIR`` writes (and the layout's font metrics, where card.yaml names them)."""


def write_templates(folder: Path, layout_path: Path | None = None) -> list[Path]:
    """Write our defaults into ``folder`` as files to edit: template.pptx (the presentation the cards are
    drawn on), reference.docx (the report's styles, page and margins), card.yaml (the layout) and the
    font metrics it names beside it; built with them as --template, --reference-doc and --layout, a
    year gives the same bytes as with none. Refuses (:class:`BuildError`) to replace a file there."""
    layout = load_layout(layout_path)
    _layout, sources = load_sources(layout, None, None)
    folder = Path(folder)
    outputs = {
        folder / "template.pptx": sources.template,
        folder / "reference.docx": sources.reference,
        folder / "card.yaml": layout.path.read_bytes(),
    }
    for metrics in layout.metrics_paths:
        try:
            metrics_name = metrics.relative_to(layout.path.parent.resolve())
        except ValueError:
            metrics_name = Path(metrics.name)  # pragma: no cover - the default layout's metrics are beside it
        outputs[folder / metrics_name] = metrics.read_bytes()
    existing = [path for path in outputs if path.exists()]
    if existing:
        raise BuildError(_("{file}: already there; templates writes only new files (move it away, or give "
                           "another folder)").format(file=existing[0]))
    return write_all_atomically(outputs)


def canonical_bytes(data: bytes) -> bytes:
    """A file's content as the tool reads it: without a UTF-8 byte order mark, line breaks as LF
    (a file checked out with CRLF on Windows is the same input)."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def input_fingerprint(year: Year, layout: Layout, sources: Sources | None = None) -> str:
    """A fingerprint of everything a build's output is made from, for the documents' keywords:
    ``tokku-slides-inputs-sha256-`` and the SHA-256 over the tool's version, the year's
    evaluation.yaml and zone files (named relative to the year folder), the same of last year's
    folder when ``previous:`` names one, the layout file and its font metrics, and the presentation and
    reference document drawn on (``sources``: the organisation's, or None: ours, as bytes).
    Only contents and relative names: the same inputs give the same fingerprint in any folder, at
    any time, on any machine."""
    digest = hashlib.sha256()

    def add(name: str, data: bytes) -> None:
        for part in (name.encode("utf-8"), canonical_bytes(data)):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)

    add("tool", __version__.encode("utf-8"))
    folders = [("year", year.source)]
    if year.source is not None and year.previous:
        folders.append(("previous", year.source / year.previous))
    for role, folder in folders:
        if folder is None or not (folder / EVALUATION_FILE).is_file():
            continue
        for path in (folder / EVALUATION_FILE, *zone_files(folder)):
            add(f"{role}/{path.relative_to(folder).as_posix()}", path.read_bytes())
    add("layout", layout.path.read_bytes())
    add("metrics", layout.metrics_path.read_bytes())
    if layout.latin_metrics_path is not None:
        add("latin_metrics", layout.latin_metrics_path.read_bytes())
    if sources is None:  # ours, made from the layout
        sources = load_sources(layout, None, None)[1]
    add("template", sources.template)
    add("reference", sources.reference)
    return FINGERPRINT_PREFIX + digest.hexdigest()


def read_fingerprint(path: Path) -> str | None:
    """The fingerprint an output carries in its keywords (cards.pptx, report.docx: the core
    properties; a PDF: its document information, where LibreOffice puts the keywords), or None
    (made by hand, by a version before fingerprints, or unreadable)."""
    try:
        if path.suffix == ".pdf":
            data = path.read_bytes()
            texts = [data]
            for hexed in re.findall(rb"/Keywords\s*<([0-9A-Fa-f\s]*)>", data):
                raw = bytes.fromhex(hexed.decode("ascii"))
                texts.append(raw[2:].decode("utf-16-be", "replace").encode("utf-8")
                             if raw.startswith(b"\xfe\xff") else raw)
            for text in texts:
                found = FINGERPRINT.search(text.decode("latin-1"))
                if found:
                    return found.group(0)
            return None
        with zipfile.ZipFile(path) as package:
            core = package.read("docProps/core.xml").decode("utf-8", "replace")
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return None
    found = FINGERPRINT.search(core)
    return found.group(0) if found else None


def made_from(path: Path, fingerprint: str) -> str:
    """SAME when the document at ``path`` was made from the inputs of ``fingerprint``, OTHER when
    from other inputs, UNKNOWN when it does not say."""
    found = read_fingerprint(path)
    return UNKNOWN if found is None else SAME if found == fingerprint else OTHER


def earlier_outputs(target: Path) -> list[Path]:
    """The files in ``target`` that a build or a preview of this tool writes (:data:`OUTPUT_NAMES`,
    ``preview/slide-NN.png``); any other file there is the user's and is never touched."""
    found = [target / name for name in OUTPUT_NAMES if (target / name).is_file()]
    return found + preview_images(target / PREVIEW)


def preview_images(folder: Path) -> list[Path]:
    """The slide images ``preview`` wrote in ``folder`` (``slide-NN.png``), by name."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if PREVIEW_IMAGE.fullmatch(p.name) and p.is_file())


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


def write_all_atomically(outputs: dict[Path, bytes], remove: Iterable[Path] = ()) -> list[Path]:
    """Write every file of ``outputs`` and remove every file of ``remove``, or do none of it; return
    the paths written (in order).

    Each file is first written in full to a temporary name beside it (``.cards.pptx.XXXX.tmp``); then
    each file to remove is moved aside to a temporary name in its folder (``.cards.pdf.XXXX.old``);
    then all new files are renamed into place; only then are the moved-aside files deleted (and a
    folder they leave empty). If anything fails before that, the temporary files are removed, files
    already renamed get their previous content back, moved-aside files are moved back, and folders
    this call created are removed again: the output folder is left as it was. Raises
    :class:`BuildError` (one line) for any OS error.
    """
    removals = [path for path in remove if path not in outputs]
    for path in (*outputs, *removals):
        check_writable(path)
    created: list[Path] = []
    staged: dict[Path, str] = {}
    previous: dict[Path, bytes | None] = {}
    aside: dict[Path, str] = {}
    try:
        for path, data in outputs.items():
            try:
                created.extend(_make_folders(path.parent))
                staged[path] = _stage(path, data)
            except OSError as exc:
                raise _write_failed(path, exc) from exc
        for path in removals:
            try:
                aside[path] = _move_aside(path)
            except OSError as exc:
                raise _remove_failed(path, exc) from exc
        for path, tmp in list(staged.items()):
            try:
                previous[path] = path.read_bytes() if path.is_file() else None
                os.replace(tmp, path)
            except OSError as exc:
                raise _write_failed(path, exc) from exc
            del staged[path]  # in place: what is left in staged is still to be removed on failure
    except BaseException:
        _undo(staged, previous, created, aside)
        raise
    for path, old in aside.items():  # the build has succeeded: what was moved aside goes
        with contextlib.suppress(OSError):
            os.unlink(old)
        if path.parent.name == PREVIEW and path.parent not in {p.parent for p in outputs}:
            with contextlib.suppress(OSError):
                path.parent.rmdir()  # only when empty: a file of the user's keeps it
    return list(outputs)


def _move_aside(path: Path) -> str:
    """``path`` renamed to a new temporary name in its folder (``.cards.pdf.XXXX.old``); that name."""
    fd, old = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".old", dir=path.parent)
    os.close(fd)
    try:
        os.replace(path, old)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(old)
        raise
    return old


def _remove_failed(path: Path, exc: OSError) -> BuildError:
    reason = exc.strerror or str(exc)
    return BuildError(_("{file}: cannot remove this file of an earlier build ({reason}); close it (a PDF "
                        "viewer, PowerPoint/Word), or check the folder's permissions").format(
                            file=path, reason=reason))


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


def _undo(staged: dict[Path, str], previous: dict[Path, bytes | None], created: list[Path],
          aside: dict[Path, str]) -> None:
    """Put the output folder back as it was after a failed :func:`write_all_atomically`."""
    for tmp in staged.values():
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    for path, old in aside.items():
        with contextlib.suppress(OSError):
            os.replace(old, path)
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

