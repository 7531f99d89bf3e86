"""PDF through LibreOffice: cards.pptx and report.docx to PDF, and slides to PNG for a quick look.

LibreOffice (``soffice``, found on PATH or at the path in ``TOKKU_SOFFICE``) runs headless with a
throw-away user profile of its own per call (``-env:UserInstallation=file:///...``), so parallel runs
never share or lock a profile, and the user's own LibreOffice settings never change the output.

The conversion is LibreOffice's own ``--convert-to pdf``, with the PDF export filter's options on the
command line as JSON (LibreOffice 7.4 and later, :func:`convert_to`): tagged PDF (the structure a screen
reader reads: headings, tables with their header cells, pictures with their alt text), bookmarks
(the report's headings, the deck's slides), the document title shown instead of the file name, and
with ``archive`` PDF/A-2b. One run per kind of document, each with its own filter
(``impress_pdf_Export``, ``writer_pdf_Export``). LibreOffice writes the document language of its own
user interface (``en-US``) into the catalog, not the document's: :func:`finish` sets ``/Lang ja-JP``
with pikepdf, and checks what LibreOffice made (the kind of document it opened, the tags, PDF/A).

The report writes its table of contents out
itself, with PAGEREF fields for the page numbers, which LibreOffice computes as it lays the document
out: the same page numbers as updating the document's indexes and fields by a Basic macro before
export (which this module did until the report wrote its TOC out). Measured: data/r5 (8 pages) and a
50-zone year (56 pages) give the same text on every page, TOC pages included, either way, and the
same time (1.8 s and 2.9 s).

The deck is converted with a profile whose locale (Tools > Options > Language Settings > Languages >
Locale setting) is Korean, :data:`PROFILE_LOCALES`: Impress applies "spacing between Asian and
non-Asian text" (the paragraph property ParaIsCharacterDistance) to every paragraph unless the
locale is Japanese or Korean, when the document's default turns it off (sd/source/core/drawdoc.cxx,
the SdDrawDocument constructor: ``SetPoolDefaultItem(SvxScriptSpaceItem(false,
EE_PARA_ASIANCJKSPACING))`` for ``MsLangId::isKorean`` or ``LANGUAGE_JAPANESE``; editeng's own default,
editeng/source/editeng/eerdll.cxx, is on), and the pptx import sets no such property (oox's
textparagraphpropertiescontext.cxx reads ``latinLnBrk`` only; ``eaLnBrk`` is commented out), so
without it LibreOffice draws ``103 ％`` and ``（ BNCT ）`` with 0.24 em gaps that PowerPoint does not.
Measured in LibreOffice 7.4: a Japanese locale removes the gaps too, but on Linux it then names the
fonts by their Japanese names and draws every bold run in the regular face made bold by stroking
(``2 Tr``), or every run in the bold face when the pptx names them so; a Korean locale removes the
gaps and keeps the faces. The runs' own language stays ``ja-JP`` (the pptx says so), and the report
is converted with a profile of its own, with the machine's locale.

Everything works on bytes: the caller renders the Office files in memory, this module converts them
in a temporary folder and hands back the PDF bytes; it writes nothing else anywhere.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tokku_slides.i18n import N_, _

SOFFICE_ENV = "TOKKU_SOFFICE"
"""The environment variable that names the LibreOffice program when it is not ``soffice`` on PATH."""
TIMEOUT_ENV = "TOKKU_SOFFICE_TIMEOUT"
"""The environment variable that overrides the conversion timeout, in seconds."""
DEFAULT_TIMEOUT = 180.0
"""Seconds one LibreOffice run may take (its start costs about 2 s; a 40-card deck takes a few more)."""

INSTALL_HINTS = {
    "win32": N_("install LibreOffice (https://www.libreoffice.org); it is found in C:\\Program Files\\LibreOffice, "
                "or set {env} to the path of its soffice.com"),
    "darwin": N_("install LibreOffice (https://www.libreoffice.org) into Applications, "
                 "or set {env} to the path of its soffice program"),
    "linux": N_("install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-impress libreoffice-writer "
                "fonts-morisawa-bizud-gothic fonts-noto-cjk), or set {env} to the path of its soffice program"),
}
"""What to do when LibreOffice is missing, by ``sys.platform`` (any other: as on Linux)."""
PREVIEW_HINT = N_("install poppler (Debian/Ubuntu: apt-get install poppler-utils) for pdftoppm")


def install_hint(platform: str | None = None) -> str:
    """How to install LibreOffice on ``platform`` (``sys.platform`` by default), in the language in use."""
    platform = sys.platform if platform is None else platform
    return _(INSTALL_HINTS.get(platform, INSTALL_HINTS["linux"])).format(env=SOFFICE_ENV)


POSIX_PLACES = (
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
)
MACOS_PLACES = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    "~/Applications/LibreOffice.app/Contents/MacOS/soffice",
)
WINDOWS_FOLDERS = ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)")
"""Environment variables naming the folders LibreOffice's Windows installer installs into
(LOCALAPPDATA\\Programs too, for an install for the current user only)."""


def usual_places(environ: Mapping[str, str], platform: str) -> list[Path]:
    """Where LibreOffice installs soffice on ``platform`` (``sys.platform``) when it is not on PATH
    (macOS and Windows never put it there); on Windows soffice.com (the console program, which
    prints what it converted) before soffice.exe."""
    if platform == "win32":
        roots = [environ[name] for name in WINDOWS_FOLDERS if environ.get(name)]
        if environ.get("LOCALAPPDATA"):
            roots.append(str(Path(environ["LOCALAPPDATA"]) / "Programs"))
        return [Path(root) / "LibreOffice" / "program" / program
                for root in dict.fromkeys(roots) for program in ("soffice.com", "soffice.exe")]
    if platform == "darwin":
        return [Path(place).expanduser() for place in MACOS_PLACES]
    return [Path(place) for place in POSIX_PLACES]


FILTERS = {
    ".pptx": ("impress_pdf_Export", "Impress", N_("a Presentation")),
    ".docx": ("writer_pdf_Export", "Writer", N_("a Text Document")),
}
"""For each Office file type this project writes: the PDF export filter for that kind of document, the
program LibreOffice names as the PDF's /Creator when it opened the file as that kind, and the kind
as LibreOffice names it. Another /Creator means LibreOffice could not read the file as intended
(a damaged .pptx opens as text, and the filter given converts it all the same)."""

LANGUAGE = "ja-JP"
"""The documents' language (the deck's runs and the report's styles are ja-JP): the PDFs' /Lang."""

EXPORT_OPTIONS: dict[str, tuple[str, str]] = {
    "UseTaggedPDF": ("boolean", "true"),
    "ExportBookmarks": ("boolean", "true"),
    "DisplayPDFDocumentTitle": ("boolean", "true"),
    "ExportNotes": ("boolean", "false"),
}
"""The PDF export filter's options for every PDF (option: (type, value), as LibreOffice's JSON takes
them): tags, bookmarks, the title shown in the viewer's title bar, no comments as annotations."""
PROFILE_LOCALES = {".pptx": "ko-KR"}
"""The locale setting of the profile a kind of document is converted with (none: the machine's): see
the module's description for why the deck's is Korean."""
REGISTRY_NS = "http://openoffice.org/2001/registry"
PDFA_2B = ("SelectPdfVersion", ("long", "2"))
"""The option for PDF/A-2b (``SelectPdfVersion``: 1, 2, 3 = PDF/A-1b, -2b, -3b; 15, 16, 17 = PDF 1.5 to
1.7; 0, the default, PDF 1.6 in LibreOffice 7.4)."""


def convert_to(filter_name: str, archive: bool = False) -> str:
    """The ``--convert-to`` argument: ``pdf:FILTER:{JSON options}``."""
    options = dict(EXPORT_OPTIONS)
    if archive:
        options[PDFA_2B[0]] = PDFA_2B[1]
    data = {name: {"type": kind, "value": value} for name, (kind, value) in options.items()}
    return f"pdf:{filter_name}:{json.dumps(data, separators=(',', ':'))}"


class PdfError(Exception):
    """A PDF could not be made (a problem of the machine, not of the input): exit status 2."""


class RendererMissing(PdfError):
    """LibreOffice (or pdftoppm) is not installed or not where ``TOKKU_SOFFICE`` says."""


@dataclass(frozen=True)
class Renderer:
    """The LibreOffice program to run and how long one run may take (seconds)."""

    soffice: Path
    timeout: float = DEFAULT_TIMEOUT


def find_soffice(environ: Mapping[str, str] | None = None, platform: str | None = None) -> Path:
    """The LibreOffice program: ``TOKKU_SOFFICE`` when set (it must exist; a folder means the soffice
    in it), else ``soffice`` (or ``libreoffice``) on PATH, else LibreOffice's usual install folders
    on ``platform`` (``sys.platform`` by default). Raises RendererMissing."""
    env = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    named = env.get(SOFFICE_ENV, "").strip().strip('"')  # a path copied from Explorer comes quoted
    if named:
        path = Path(named).expanduser()
        if path.is_dir():
            programs = ("soffice.com", "soffice.exe") if platform == "win32" else ("soffice",)
            path = next((path / p for p in programs if (path / p).is_file()), path / programs[-1])
        if path.is_file() and os.access(path, os.X_OK):
            return path
        found = shutil.which(named)
        if found:
            return Path(found)
        raise RendererMissing(_("{env}={path}: no such program; {hint}").format(
            env=SOFFICE_ENV, path=named, hint=install_hint(platform)))
    search_path = env.get("PATH", os.defpath)
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name, path=search_path)
        if found:
            return Path(found)
    for candidate in usual_places(env, platform):
        if candidate.is_file():
            return candidate
    raise RendererMissing(_("LibreOffice (soffice) was not found; {hint}").format(hint=install_hint(platform)))


def find_renderer(environ: Mapping[str, str] | None = None) -> Renderer:
    """LibreOffice and the timeout (``TOKKU_SOFFICE_TIMEOUT`` seconds, default DEFAULT_TIMEOUT)."""
    env = os.environ if environ is None else environ
    raw = env.get(TIMEOUT_ENV, "").strip()
    timeout = DEFAULT_TIMEOUT
    if raw:
        try:
            timeout = float(raw)
        except ValueError:
            raise PdfError(_("{env}={value}: not a number of seconds").format(
                env=TIMEOUT_ENV, value=repr(raw))) from None
        if timeout <= 0:
            raise PdfError(_("{env}={value}: must be more than 0 seconds").format(env=TIMEOUT_ENV, value=repr(raw)))
    return Renderer(find_soffice(env), timeout)


def to_pdf(files: Mapping[str, bytes], renderer: Renderer | None = None, *, archive: bool = False) -> dict[str, bytes]:
    """Convert Office files to tagged PDFs (PDF/A-2b with ``archive``), one LibreOffice run per kind
    of document.

    ``files`` maps a file name (``cards.pptx``, ``report.docx``: the suffix says what it must open
    as) to its bytes; the result maps the same names to the bytes of their PDFs. Raises PdfError
    (RendererMissing) on failure, also when LibreOffice read a file as another kind of document (a
    damaged .pptx opens as text) or wrote no tags (LibreOffice before 7.4 ignores the options).
    """
    if not files:
        return {}
    renderer = renderer or find_renderer()
    for name in files:
        if Path(name).name != name or Path(name).suffix.lower() not in FILTERS:
            raise ValueError(f"{name!r}: not a .pptx or .docx file name")
    with tempfile.TemporaryDirectory(prefix="tokku-slides-pdf-") as tmp:
        work = Path(tmp)
        jobs: dict[str, list[tuple[str, Path, Path]]] = {}
        for i, (name, data) in enumerate(files.items()):
            suffix = Path(name).suffix.lower()
            source = work / "in" / f"{i:02d}{suffix}"
            source.parent.mkdir(exist_ok=True)
            source.write_bytes(data)
            jobs.setdefault(suffix, []).append((name, source, work / "out" / f"{i:02d}.pdf"))
        (work / "out").mkdir()
        out: dict[str, bytes] = {}
        for suffix, kind_jobs in jobs.items():
            filter_name, creator, kind = FILTERS[suffix]
            profile = work / f"profile{suffix}"
            write_profile(profile, PROFILE_LOCALES.get(suffix))
            _run(renderer, work, profile,
                 ["--convert-to", convert_to(filter_name, archive), "--outdir", str(work / "out"),
                  *(str(source) for _name, source, _target in kind_jobs)])
            for name, _source, target in kind_jobs:
                if not _made(target):
                    raise PdfError(_("LibreOffice did not convert {file} to PDF{detail}").format(
                        file=name, detail=_failure_detail(work)))
                out[name] = finish(name, target.read_bytes(), creator, _(kind), archive)
        return {name: out[name] for name in files}


def write_profile(profile: Path, locale: str | None) -> None:
    """A new LibreOffice user profile in ``profile`` with only the locale setting ``locale`` (nothing
    at all for None: LibreOffice makes its defaults on its first start)."""
    if locale is None:
        return
    from lxml import etree

    user = profile / "user"
    user.mkdir(parents=True)
    items = etree.Element(f"{{{REGISTRY_NS}}}items", nsmap={"oor": REGISTRY_NS})
    item = etree.SubElement(items, "item", {f"{{{REGISTRY_NS}}}path": "/org.openoffice.Setup/L10N"})
    prop = etree.SubElement(item, "prop", {f"{{{REGISTRY_NS}}}name": "ooSetupSystemLocale",
                                           f"{{{REGISTRY_NS}}}op": "fuse"})
    etree.SubElement(prop, "value").text = locale
    (user / "registrymodifications.xcu").write_bytes(
        etree.tostring(items, xml_declaration=True, encoding="UTF-8"))


def finish(name: str, data: bytes, creator: str, kind: str, archive: bool) -> bytes:
    """The PDF LibreOffice wrote of ``name``, checked and completed with pikepdf: it must come from
    ``creator`` (LibreOffice's program for the file's kind, else it read the file as something else),
    be tagged, and with ``archive`` be identified as PDF/A-2b in its XMP metadata; its catalog gets
    ``/Lang`` (:data:`LANGUAGE`) and ``/ViewerPreferences /DisplayDocTitle true``."""
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(data)) as doc:
            made_by = str(doc.docinfo.get("/Creator", ""))
            producer = str(doc.docinfo.get("/Producer", "LibreOffice"))
            if made_by != creator:
                raise PdfError(_("{file}: LibreOffice does not read it as {kind} (a damaged file?)").format(
                    file=name, kind=kind))
            root = doc.Root
            marks = root.get("/MarkInfo")
            tagged = isinstance(marks, pikepdf.Dictionary) and bool(marks.get("/Marked", False))
            if not tagged or "/StructTreeRoot" not in root:
                raise PdfError(_("{file}: {producer} wrote a PDF without tags; tagged PDFs need LibreOffice 7.4 "
                                 "or later").format(file=name, producer=producer))
            if archive:
                meta = doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False)
                if (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")) != ("2", "B"):
                    raise PdfError(_("{file}: {producer} did not write PDF/A-2b; --pdfa needs LibreOffice 7.4 "
                                     "or later").format(file=name, producer=producer))
            root.Lang = pikepdf.String(LANGUAGE)
            preferences = root.get("/ViewerPreferences")
            if not isinstance(preferences, pikepdf.Dictionary):
                preferences = root.ViewerPreferences = pikepdf.Dictionary()
            preferences.DisplayDocTitle = True
            buffer = io.BytesIO()
            doc.save(buffer)  # object streams as LibreOffice wrote them (none): page_count() reads the pages
            return buffer.getvalue()
    except pikepdf.PdfError as exc:
        raise PdfError(_("{file}: LibreOffice wrote a PDF that cannot be read ({reason})").format(
            file=name, reason=exc)) from exc


PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")
"""A page object's type in a PDF (``/Type /Page``, not ``/Type /Pages``)."""


def page_count(pdf: bytes) -> int:
    """The pages of a PDF as LibreOffice writes it (every object in the open, none in an object
    stream): its page objects counted."""
    return len(PAGE_OBJECT.findall(pdf))


def find_pdftoppm() -> Path:
    """Poppler's pdftoppm on PATH. Raises RendererMissing."""
    program = shutil.which("pdftoppm")
    if program is None:
        raise RendererMissing(_("pdftoppm was not found; {hint}").format(hint=_(PREVIEW_HINT)))
    return Path(program)


def pdf_to_pngs(pdf: bytes, resolution: int = 96, timeout: float = 120.0) -> list[bytes]:
    """Every page of a PDF as PNG bytes at ``resolution`` dots per inch, by poppler's pdftoppm."""
    program = find_pdftoppm()
    with tempfile.TemporaryDirectory(prefix="tokku-slides-png-") as tmp:
        work = Path(tmp)
        (work / "in.pdf").write_bytes(pdf)
        try:
            done = subprocess.run(
                [str(program), "-png", "-r", str(resolution), str(work / "in.pdf"), str(work / "page")],
                capture_output=True, timeout=timeout, check=False,
            )
        except subprocess.TimeoutExpired:
            raise PdfError(_("pdftoppm took longer than {seconds} s").format(seconds=f"{timeout:g}")) from None
        if done.returncode != 0:
            raise PdfError(_("pdftoppm failed: {detail}").format(detail=done.stderr.decode(errors="replace").strip()))
        # pdftoppm pads page numbers to the width of the last one: page-1.png or page-01.png ...
        pages = sorted(work.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        return [p.read_bytes() for p in pages]


# -- LibreOffice run -----------------------------------------------------------------------------

def _made(target: Path) -> bool:
    return target.is_file() and target.stat().st_size > 0


def _run(renderer: Renderer, work: Path, profile: Path, arguments: list[str]) -> None:
    """Run LibreOffice headless with its own ``profile`` folder, within the timeout; stop it and
    everything it started when the time is up. Its output goes to ``work/soffice.log`` (a file, not
    a pipe: a process it left behind cannot keep this one waiting for the pipe to close)."""
    command = [
        str(renderer.soffice),
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--headless", "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck",
        *arguments,
    ]
    env = dict(os.environ)
    env.pop("SAL_USE_VCLPLUGIN", None)
    tree = process_tree(os.name)
    with (work / "soffice.log").open("wb") as log:
        try:
            process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, cwd=work, env=env,
                **tree.options,
            )
        except OSError as exc:
            raise RendererMissing(_("{program}: cannot run it ({reason}); {hint}").format(
                program=renderer.soffice, reason=exc.strerror, hint=install_hint())) from exc
        try:
            process.wait(timeout=renderer.timeout)
        except subprocess.TimeoutExpired:
            tree.end(process)
            raise PdfError(
                _("LibreOffice took longer than {seconds} s and was stopped (set {env} to allow more time)").format(
                    seconds=f"{renderer.timeout:g}", env=TIMEOUT_ENV)
            ) from None
        finally:
            if tree.after_every_run or process.poll() is None:
                tree.end(process)
    if process.returncode not in (0, None):
        raise PdfError(_("LibreOffice stopped with status {status}{detail}").format(
            status=process.returncode, detail=_failure_detail(work)))


@dataclass(frozen=True)
class ProcessTree:
    """How LibreOffice is started so that it and every process it starts can be ended together."""

    options: dict[str, Any]
    """Keyword arguments for Popen."""
    end: Callable[[subprocess.Popen[bytes]], None]
    """Ends the process and what it started (nothing when they have ended)."""
    after_every_run: bool
    """Also end the group after a run that ended by itself (what it left running)."""


def process_tree(platform: str) -> ProcessTree:
    """For ``platform`` (``os.name``): POSIX starts LibreOffice in a session of its own and ends the
    session's process group; Windows starts it in a new process group and ends its process tree by
    ``taskkill /F /T``."""
    if platform == "nt":
        return ProcessTree({"creationflags": getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)}, _end_windows_tree,
                           after_every_run=False)
    return ProcessTree({"start_new_session": True}, _end_session, after_every_run=True)


def _end_session(process: subprocess.Popen[bytes]) -> None:
    """POSIX: stop LibreOffice and the processes it started (its own session's group)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    _reap(process)


def _end_windows_tree(process: subprocess.Popen[bytes]) -> None:
    """Windows: stop soffice and the processes it started (soffice.bin) by ``taskkill /F /T``, or
    at least soffice itself when taskkill cannot run."""
    if process.poll() is None:
        with contextlib.suppress(OSError, subprocess.TimeoutExpired):
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)], stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=30, check=False)
    if process.poll() is None:
        with contextlib.suppress(OSError):
            process.kill()
    _reap(process)


def _reap(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)


def _failure_detail(work: Path) -> str:
    """What LibreOffice said, for an error message: the last lines it printed."""
    parts = []
    log = work / "soffice.log"
    if log.exists():
        lines = [
            line for line in log.read_text(encoding="utf-8", errors="replace").splitlines()
            if line.strip() and "javaldx" not in line
        ]
        parts.extend(lines[-3:])
    return (": " + " | ".join(parts)) if parts else ""
