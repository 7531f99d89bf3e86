"""PDF through LibreOffice: cards.pptx and report.docx to PDF, and slides to PNG for a quick look.

LibreOffice (``soffice``, found on PATH or at the path in ``TOKKU_SOFFICE``) runs headless with a
throw-away user profile of its own per call (``-env:UserInstallation=file:///...``), so parallel runs
never share or lock a profile, and the user's own LibreOffice settings never change the output.

The conversion runs a small Basic macro written into that profile, not ``--convert-to``: a Word
document's indexes (the report's table of contents) must be updated before export, or the PDF shows
the placeholder Word leaves in an unupdated TOC instead of its entries and page numbers.

Everything works on bytes: the caller renders the Office files in memory, this module converts them
in a temporary folder and hands back the PDF bytes; it writes nothing else anywhere.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

SOFFICE_ENV = "TOKKU_SOFFICE"
"""The environment variable that names the LibreOffice program when it is not ``soffice`` on PATH."""
TIMEOUT_ENV = "TOKKU_SOFFICE_TIMEOUT"
"""The environment variable that overrides the conversion timeout, in seconds."""
DEFAULT_TIMEOUT = 180.0
"""Seconds one LibreOffice run may take (its start costs about 2 s; a 40-card deck takes a few more)."""

INSTALL_HINT = (
    "install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-impress libreoffice-writer "
    "fonts-morisawa-bizud-gothic fonts-noto-cjk; Windows/macOS: https://www.libreoffice.org), "
    f"or set {SOFFICE_ENV} to the path of its soffice program"
)
PREVIEW_HINT = "install poppler (Debian/Ubuntu: apt-get install poppler-utils) for pdftoppm"

USUAL_PLACES = (
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
)
"""Where LibreOffice installs soffice when it is not on PATH (macOS and Windows never put it there)."""

FILTERS = {
    ".pptx": ("impress_pdf_Export", "com.sun.star.presentation.PresentationDocument"),
    ".docx": ("writer_pdf_Export", "com.sun.star.text.TextDocument"),
}
"""For each Office file type this project writes: LibreOffice's PDF export filter, and the kind of
document the file must open as (anything else means LibreOffice could not read it as intended)."""


class PdfError(Exception):
    """A PDF could not be made (a problem of the machine, not of the input): exit status 2."""


class RendererMissing(PdfError):
    """LibreOffice (or pdftoppm) is not installed or not where ``TOKKU_SOFFICE`` says."""


@dataclass(frozen=True)
class Renderer:
    """The LibreOffice program to run and how long one run may take (seconds)."""

    soffice: Path
    timeout: float = DEFAULT_TIMEOUT


def find_soffice(environ: Mapping[str, str] | None = None) -> Path:
    """The LibreOffice program: ``TOKKU_SOFFICE`` when set (it must exist), else ``soffice`` (or
    ``libreoffice``) on PATH, else LibreOffice's usual install folders. Raises RendererMissing."""
    env = os.environ if environ is None else environ
    named = env.get(SOFFICE_ENV, "").strip()
    if named:
        path = Path(named).expanduser()
        if path.is_dir():
            path = path / "soffice"
        if path.is_file() and os.access(path, os.X_OK):
            return path
        found = shutil.which(named)
        if found:
            return Path(found)
        raise RendererMissing(f"{SOFFICE_ENV}={named}: no such program; {INSTALL_HINT}")
    search_path = env.get("PATH", os.defpath)
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name, path=search_path)
        if found:
            return Path(found)
    for candidate in USUAL_PLACES:
        if Path(candidate).is_file():
            return Path(candidate)
    raise RendererMissing(f"LibreOffice (soffice) was not found; {INSTALL_HINT}")


def find_renderer(environ: Mapping[str, str] | None = None) -> Renderer:
    """LibreOffice and the timeout (``TOKKU_SOFFICE_TIMEOUT`` seconds, default DEFAULT_TIMEOUT)."""
    env = os.environ if environ is None else environ
    raw = env.get(TIMEOUT_ENV, "").strip()
    timeout = DEFAULT_TIMEOUT
    if raw:
        try:
            timeout = float(raw)
        except ValueError:
            raise PdfError(f"{TIMEOUT_ENV}={raw!r}: not a number of seconds") from None
        if timeout <= 0:
            raise PdfError(f"{TIMEOUT_ENV}={raw!r}: must be more than 0 seconds")
    return Renderer(find_soffice(env), timeout)


def to_pdf(files: Mapping[str, bytes], renderer: Renderer | None = None) -> dict[str, bytes]:
    """Convert Office files to PDF in one LibreOffice run (a second, plain ``--convert-to`` run only
    when the export macro did not run at all).

    ``files`` maps a file name (``cards.pptx``, ``report.docx``: the suffix chooses the filter) to
    its bytes; the result maps the same names to the bytes of their PDFs. Word documents have their
    indexes (TOC) and fields updated before export. Raises PdfError (RendererMissing) on failure.
    """
    if not files:
        return {}
    renderer = renderer or find_renderer()
    for name in files:
        if Path(name).name != name or Path(name).suffix.lower() not in FILTERS:
            raise ValueError(f"{name!r}: not a .pptx or .docx file name")
    with tempfile.TemporaryDirectory(prefix="tokku-slides-pdf-") as tmp:
        work = Path(tmp)
        jobs: list[tuple[str, Path, Path]] = []
        for i, (name, data) in enumerate(files.items()):
            source = work / "in" / f"{i:02d}{Path(name).suffix.lower()}"
            source.parent.mkdir(exist_ok=True)
            source.write_bytes(data)
            jobs.append((name, source, work / "out" / f"{i:02d}.pdf"))
        (work / "out").mkdir()
        _run_macro(renderer, work, jobs)
        left = [job for job in jobs if not _made(job[2])]
        if left and not (work / "error.txt").exists():
            # the macro never ran (a LibreOffice that set the profile up anew): convert plainly;
            # only a Word TOC *field* would then keep its placeholder (the report writes its TOC out)
            _run_convert(renderer, work, left)
        out: dict[str, bytes] = {}
        for name, _source, target in jobs:
            if not _made(target):
                raise PdfError(f"LibreOffice did not convert {name} to PDF{_failure_detail(work)}")
            out[name] = target.read_bytes()
        return out


def find_pdftoppm() -> Path:
    """Poppler's pdftoppm on PATH. Raises RendererMissing."""
    program = shutil.which("pdftoppm")
    if program is None:
        raise RendererMissing(f"pdftoppm was not found; {PREVIEW_HINT}")
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
            raise PdfError(f"pdftoppm took longer than {timeout:g} s") from None
        if done.returncode != 0:
            raise PdfError(f"pdftoppm failed: {done.stderr.decode(errors='replace').strip()}")
        # pdftoppm pads page numbers to the width of the last one: page-1.png or page-01.png ...
        pages = sorted(work.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        return [p.read_bytes() for p in pages]


# -- LibreOffice run -----------------------------------------------------------------------------

MACRO_LIBRARY = "TokkuSlides"
MACRO_MODULE = "Export"


def _basic_string(text: str) -> str:
    """A Basic string literal (quotes doubled)."""
    return '"' + text.replace('"', '""') + '"'


def _macro(jobs: Sequence[tuple[str, Path, Path]], error_file: Path) -> str:
    """The Basic module: open each file hidden, check it opened as the kind of document expected,
    update a text document's indexes and fields, export to PDF, close; on any problem write one line
    to ``error_file`` and stop; quit LibreOffice at the end."""
    calls = "".join(
        f"  Problem = Convert({_basic_string(name)}, {_basic_string(str(s))}, {_basic_string(str(t))}, "
        + ", ".join(_basic_string(v) for v in FILTERS[s.suffix.lower()]) + ")\n"
        "  If Problem <> \"\" Then GoTo Stopped\n"
        for name, s, t in jobs
    )
    return f"""Dim Doing As String

Sub Main
  Dim Problem As String
  On Error GoTo Failed
{calls}  StarDesktop.terminate()
  Exit Sub
Failed:
  Problem = Doing & ": " & Error$ & " (Basic error " & Err & ")"
Stopped:
  Dim f As Integer
  f = FreeFile
  Open {_basic_string(str(error_file))} For Output As #f
  Print #f, Problem
  Close #f
  StarDesktop.terminate()
End Sub

Function Convert(name As String, source As String, target As String, filter As String, kind As String) As String
  Dim load(1) As New com.sun.star.beans.PropertyValue
  Dim doc As Object
  Convert = ""
  load(0).Name = "Hidden"
  load(0).Value = True
  load(1).Name = "UpdateDocMode"
  load(1).Value = com.sun.star.document.UpdateDocMode.NO_UPDATE
  Doing = "opening " & name
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(source), "_blank", 0, load())
  If IsNull(doc) Then
    Convert = name & ": LibreOffice cannot open it"
    Exit Function
  End If
  If Not doc.supportsService(kind) Then
    doc.close(True)
    Convert = name & ": LibreOffice does not read it as " & kind & " (a damaged file?)"
    Exit Function
  End If
  If doc.supportsService("com.sun.star.text.TextDocument") Then
    Dim indexes As Object
    Dim pass As Integer
    Dim i As Integer
    Doing = "updating the table of contents of " & name
    indexes = doc.getDocumentIndexes()
    For pass = 1 To 2
      For i = 0 To indexes.getCount() - 1
        indexes.getByIndex(i).update()
      Next i
      doc.getTextFields().refresh()
    Next pass
  End If
  Dim store(0) As New com.sun.star.beans.PropertyValue
  store(0).Name = "FilterName"
  store(0).Value = filter
  Doing = "exporting " & name & " to PDF"
  doc.storeToURL(ConvertToURL(target), store())
  doc.close(True)
End Function
"""


def _write_profile(profile: Path, jobs: Sequence[tuple[str, Path, Path]], error_file: Path) -> None:
    """A fresh LibreOffice user profile holding only the settings we need and the export macro.

    ``ooSetupInstCompleted`` tells LibreOffice the profile is set up, so it does not copy its
    presets over it (which would replace the macro library's index with its default one).
    """
    user = profile / "user"
    basic = user / "basic"
    library = basic / MACRO_LIBRARY
    library.mkdir(parents=True)
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    doctype = '<!DOCTYPE {0} PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "{1}">\n'
    ns = 'xmlns:library="http://openoffice.org/2000/library" xmlns:xlink="http://www.w3.org/1999/xlink"'
    for kind in ("script", "dialog"):
        (basic / f"{kind}.xlc").write_text(
            head + doctype.format("library:libraries", "libraries.dtd")
            + f"<library:libraries {ns}>\n"
            f' <library:library library:name="{MACRO_LIBRARY}" '
            f'xlink:href="$(USER)/basic/{MACRO_LIBRARY}/{kind}.xlb/" xlink:type="simple" library:link="false"/>\n'
            "</library:libraries>\n",
            encoding="utf-8",
        )
    element = f' <library:element library:name="{MACRO_MODULE}"/>\n'
    for kind, body in (("script", element), ("dialog", "")):
        (library / f"{kind}.xlb").write_text(
            head + doctype.format("library:library", "library.dtd")
            + f'<library:library xmlns:library="http://openoffice.org/2000/library" '
            f'library:name="{MACRO_LIBRARY}" library:readonly="false" library:passwordprotected="false">\n'
            f"{body}</library:library>\n",
            encoding="utf-8",
        )
    (library / f"{MACRO_MODULE}.xba").write_text(
        head + doctype.format("script:module", "module.dtd")
        + f'<script:module xmlns:script="http://openoffice.org/2000/script" script:name="{MACRO_MODULE}" '
        f'script:language="StarBasic">{escape(_macro(jobs, error_file), {chr(34): "&quot;"})}</script:module>\n',
        encoding="utf-8",
    )
    settings = {
        "/org.openoffice.Setup/Office": [("ooSetupInstCompleted", "true")],
        "/org.openoffice.Office.Common/Misc": [("FirstRun", "false")],
        "/org.openoffice.Office.Common/Security/Scripting": [("MacroSecurityLevel", "0")],
    }
    items = "".join(
        f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse"><value>{value}</value></prop></item>\n'
        for path, props in settings.items()
        for name, value in props
    )
    (user / "registrymodifications.xcu").write_text(
        head + '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        + items + "</oor:items>\n",
        encoding="utf-8",
    )


def _made(target: Path) -> bool:
    return target.is_file() and target.stat().st_size > 0


def _run_macro(renderer: Renderer, work: Path, jobs: Sequence[tuple[str, Path, Path]]) -> None:
    """Convert by the export macro, in a fresh profile that holds it."""
    profile = work / "profile"
    error_file = work / "error.txt"
    _write_profile(profile, jobs, error_file)
    _run(renderer, work, profile, [f"macro:///{MACRO_LIBRARY}.{MACRO_MODULE}.Main"])
    if error_file.exists():
        raise PdfError(f"LibreOffice could not make the PDF{_failure_detail(work)}")


def _run_convert(renderer: Renderer, work: Path, jobs: Sequence[tuple[str, Path, Path]]) -> None:
    """Convert by ``--convert-to pdf`` (no macro), in another fresh profile: out/NN.pdf from in/NN.*."""
    outdir = jobs[0][2].parent
    _run(renderer, work, work / "profile-convert",
         ["--convert-to", "pdf", "--outdir", str(outdir), *(str(source) for _name, source, _target in jobs)])


def _run(renderer: Renderer, work: Path, profile: Path, arguments: list[str]) -> None:
    """Run LibreOffice headless with its own ``profile`` folder, within the timeout; stop it and
    everything it started when the time is up. Its output goes to ``work/soffice.log``."""
    command = [
        str(renderer.soffice),
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--headless", "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck",
        *arguments,
    ]
    env = dict(os.environ)
    env.pop("SAL_USE_VCLPLUGIN", None)
    try:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            cwd=work, env=env, start_new_session=True,
        )
    except OSError as exc:
        raise RendererMissing(f"{renderer.soffice}: cannot run it ({exc.strerror}); {INSTALL_HINT}") from exc
    try:
        output, _ = process.communicate(timeout=renderer.timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise PdfError(
            f"LibreOffice took longer than {renderer.timeout:g} s and was stopped "
            f"(set {TIMEOUT_ENV} to allow more time)"
        ) from None
    finally:
        _kill_group(process)
    (work / "soffice.log").write_bytes(output or b"")
    if process.returncode not in (0, None) and not (work / "error.txt").exists():
        raise PdfError(f"LibreOffice stopped with status {process.returncode}{_failure_detail(work)}")


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Stop LibreOffice and the processes it started (its own session), if still running."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    if process.poll() is None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)


def _failure_detail(work: Path) -> str:
    """What LibreOffice said, for an error message: its macro error, else the last lines it printed."""
    parts = []
    error_file = work / "error.txt"
    if error_file.exists():
        parts.append(error_file.read_text(encoding="utf-8", errors="replace").strip())
    log = work / "soffice.log"
    if log.exists():
        lines = [
            line for line in log.read_text(encoding="utf-8", errors="replace").splitlines()
            if line.strip() and "javaldx" not in line
        ]
        parts.extend(lines[-3:])
    return (": " + " | ".join(parts)) if parts else ""
