"""`build --pdf` and `preview`: what they write, and how they fail when LibreOffice is missing, hangs
or fails. The failure tests use a fake soffice (a shell script) and run without LibreOffice."""

from __future__ import annotations

import io
import os
import shutil
import stat
import struct
import subprocess
import time
from collections.abc import Iterable
from pathlib import Path

import pytest

from tokku_slides import build as build_module
from tokku_slides.build import BuildError, build
from tokku_slides.cli import main
from tokku_slides.render import pdf
from tokku_slides.render.pdf import PdfError, Renderer, RendererMissing, find_renderer, find_soffice, to_pdf

from ..conftest import R5, MakeYear, zone_record
from .conftest import Built

needs_sh = pytest.mark.skipif(os.name != "posix", reason="the fake soffice is a POSIX shell script")


def fake_soffice(folder: Path, body: str) -> Path:
    """An executable shell script standing in for soffice; ``body`` is its shell code."""
    script = folder / "fake-soffice"
    script.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def files_under(folder: Path) -> list[str]:
    """The files under ``folder``, but not the report's chart cache (OUT/.cache)."""
    if not folder.exists():
        return []
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.is_file() and p.relative_to(folder).parts[0] != ".cache")


# -- LibreOffice missing, hanging, failing (no LibreOffice needed) --------------------------------------

def test_a_missing_libreoffice_is_exit_2_naming_what_to_install(
    make_year: MakeYear, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_year([zone_record()])
    monkeypatch.setenv("TOKKU_SOFFICE", str(tmp_path / "no-such-soffice"))
    status = main(["build", str(folder), "-o", str(tmp_path / "out"), "--pdf"])
    err = capsys.readouterr().err
    assert status == 2
    assert "libreoffice-impress" in err and "libreoffice-writer" in err and "TOKKU_SOFFICE" in err
    assert "nothing was written" in err
    assert files_under(tmp_path / "out") == []


def test_without_soffice_on_path_or_in_its_usual_places_the_error_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "POSIX_PLACES", ())
    with pytest.raises(RendererMissing, match="apt-get install libreoffice-impress libreoffice-writer"):
        find_soffice({"PATH": str(tmp_path)}, platform="linux")
    with pytest.raises(RendererMissing, match="TOKKU_SOFFICE"):
        find_soffice({"PATH": str(tmp_path), "ProgramFiles": str(tmp_path)}, platform="win32")


def put(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")
    return path


@pytest.mark.parametrize("folder", ["ProgramFiles", "ProgramFiles(x86)", "ProgramW6432"])
def test_on_windows_soffice_is_found_in_program_files(tmp_path: Path, folder: str) -> None:
    root = tmp_path / "Program Files (x86)" if "x86" in folder else tmp_path / "Program Files"
    exe = put(root / "LibreOffice" / "program" / "soffice.exe")
    env = {"PATH": str(tmp_path / "empty"), folder: str(root)}
    assert find_soffice(env, platform="win32") == exe
    com = put(root / "LibreOffice" / "program" / "soffice.com")  # the console program is preferred
    assert find_soffice(env, platform="win32") == com


def test_on_windows_a_per_user_install_in_localappdata_is_found(tmp_path: Path) -> None:
    local = tmp_path / "Users" / "山田 太郎" / "AppData" / "Local"
    exe = put(local / "Programs" / "LibreOffice" / "program" / "soffice.exe")
    env = {"PATH": "", "ProgramFiles": str(tmp_path / "Program Files"), "LOCALAPPDATA": str(local)}
    assert find_soffice(env, platform="win32") == exe


def test_on_windows_tokku_soffice_may_name_the_program_folder_or_a_quoted_path(tmp_path: Path) -> None:
    folder = tmp_path / "Program Files" / "LibreOffice" / "program"
    exe = put(folder / "soffice.exe")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    assert find_soffice({"PATH": "", "TOKKU_SOFFICE": str(folder)}, platform="win32") == exe
    assert find_soffice({"PATH": "", "TOKKU_SOFFICE": f'"{exe}"'}, platform="win32") == exe


def test_on_macos_soffice_is_found_in_the_application_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert pdf.MACOS_PLACES[0] == "/Applications/LibreOffice.app/Contents/MacOS/soffice"
    app = put(tmp_path / "Applications" / "LibreOffice.app" / "Contents" / "MacOS" / "soffice")
    monkeypatch.setattr(pdf, "MACOS_PLACES", (str(app),))
    assert find_soffice({"PATH": str(tmp_path / "empty")}, platform="darwin") == app


def test_soffice_is_found_on_path_or_where_tokku_soffice_says(tmp_path: Path) -> None:
    script = fake_soffice(tmp_path, "exit 0")
    (tmp_path / "soffice").symlink_to(script)
    assert find_soffice({"PATH": str(tmp_path)}) == tmp_path / "soffice"
    assert find_soffice({"PATH": "", "TOKKU_SOFFICE": str(script)}) == script
    assert find_soffice({"PATH": "", "TOKKU_SOFFICE": str(tmp_path)}) == tmp_path / "soffice"  # its folder


@pytest.mark.parametrize("value", ["soon", "0", "-3"])
def test_a_bad_timeout_setting_is_an_error(tmp_path: Path, value: str) -> None:
    script = fake_soffice(tmp_path, "exit 0")
    with pytest.raises(PdfError, match="TOKKU_SOFFICE_TIMEOUT"):
        find_renderer({"TOKKU_SOFFICE": str(script), "TOKKU_SOFFICE_TIMEOUT": value})


@needs_sh
def test_a_hung_libreoffice_is_stopped_at_the_timeout_with_what_it_started(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    script = fake_soffice(tmp_path, f'echo $$ >> "{pids}"\nsleep 60 &\necho $! >> "{pids}"\nwait')
    started = time.monotonic()
    with pytest.raises(PdfError, match="took longer than 1 s"):
        to_pdf({"cards.pptx": b"PK"}, Renderer(script, timeout=1))
    assert time.monotonic() - started < 15
    for pid in (int(line) for line in pids.read_text().split()):
        assert gone(pid), f"process {pid} that the fake soffice started still runs"


@needs_sh
@pytest.mark.parametrize("taskkill", [True, False], ids=["taskkill", "no-taskkill"])
def test_on_windows_a_hung_libreoffice_is_stopped_at_the_timeout_by_ending_its_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, taskkill: bool
) -> None:
    """The Windows code path (forced here): a new process group, ended by `taskkill /F /T /PID n`
    (a fake one here, which records its arguments and ends that pid), or by Popen.kill() when
    taskkill cannot run."""
    real_process_tree = pdf.process_tree
    monkeypatch.setattr(pdf, "process_tree", lambda platform: real_process_tree("nt"))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "taskkill-calls"
    if taskkill:
        fake = bin_dir / "taskkill"
        fake.write_text(f'#!/bin/sh\necho "$@" >> "{calls}"\nkill -9 "$4"\n', encoding="utf-8")
        fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", str(bin_dir))  # no other taskkill (nor anything else) on PATH
    pids = tmp_path / "pids"
    sleep = shutil.which("sleep", path=os.defpath) or "/bin/sleep"
    script = fake_soffice(tmp_path, f'echo $$ >> "{pids}"\nexec {sleep} 60')
    started = time.monotonic()
    with pytest.raises(PdfError, match="took longer than 1 s"):
        to_pdf({"cards.pptx": b"PK"}, Renderer(script, timeout=1))
    assert time.monotonic() - started < 10
    pid = int(pids.read_text())
    assert gone(pid)
    if taskkill:
        assert calls.read_text().split() == ["/F", "/T", "/PID", str(pid)]
    else:
        assert not calls.exists()


def test_windows_starts_libreoffice_in_a_new_process_group_posix_in_a_new_session() -> None:
    windows, posix = pdf.process_tree("nt"), pdf.process_tree("posix")
    assert windows.options == {"creationflags": getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)}
    assert "start_new_session" not in windows.options and not windows.after_every_run
    assert posix.options == {"start_new_session": True} and posix.after_every_run


def gone(pid: int, wait: float = 5.0) -> bool:
    """True once ``pid`` has exited (a zombie waiting for its reaper counts as exited)."""
    deadline = time.monotonic() + wait
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        stat_file = Path(f"/proc/{pid}/stat")
        try:
            if stat_file.read_text().rsplit(")", 1)[1].split()[0] == "Z":
                return True
        except (OSError, IndexError):
            pass
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)


@needs_sh
def test_each_run_has_its_own_throwaway_profile(tmp_path: Path) -> None:
    log = tmp_path / "args"
    script = fake_soffice(tmp_path, f'for a in "$@"; do echo "$a" >> "{log}"; done')
    for _ in range(2):
        with pytest.raises(PdfError, match=r"did not convert cards\.pptx"):
            to_pdf({"cards.pptx": b"PK"}, Renderer(script, timeout=30))
    profiles = [a.split("=", 1)[1] for a in log.read_text().split("\n") if a.startswith("-env:UserInstallation=")]
    assert len(profiles) == 2 and len(set(profiles)) == 2
    for uri in profiles:
        assert uri.startswith("file:///")
        assert not Path(uri.removeprefix("file://")).exists()  # removed after the run
    assert "--headless" in log.read_text().split("\n")


CONVERTING_SOFFICE = """
out=""; next=""; echo "$@" >> "$CALLS"
for a in "$@"; do
  if [ "$next" = outdir ]; then out="$a"; next=""; continue; fi
  case "$a" in
    --outdir) next=outdir ;;
    *.pptx) n=$(basename "$a"); cp "$TEMPLATES/${PPTX_CREATOR:-Impress}.pdf" "$out/${n%.*}.pdf" ;;
    *.docx) n=$(basename "$a"); cp "$TEMPLATES/Writer.pdf" "$out/${n%.*}.pdf" ;;
  esac
done"""
"""A fake soffice that does what ``--convert-to pdf:FILTER:{...} --outdir OUT FILE...`` does: it
writes for each file a tagged PDF by Impress (a .pptx) or Writer (a .docx), and records its arguments."""


def tagged_pdf(path: Path, creator: str, marked: bool = True) -> None:
    """A one-page PDF as LibreOffice's ``creator`` (Impress, Writer) writes it: /Creator, a structure
    tree and /MarkInfo /Marked (``marked``), LibreOffice's user interface language as /Lang."""
    import pikepdf

    doc = pikepdf.new()
    doc.add_blank_page()
    doc.docinfo["/Creator"] = creator
    doc.docinfo["/Producer"] = "LibreOffice 7.4"
    doc.Root.Lang = pikepdf.String("en-US")
    if marked:
        doc.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
        doc.Root.StructTreeRoot = doc.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    doc.save(path)


@pytest.fixture
def converting_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    templates = tmp_path / "templates"
    templates.mkdir()
    for creator in ("Impress", "Writer"):
        tagged_pdf(templates / f"{creator}.pdf", creator)
    tagged_pdf(templates / "Untagged.pdf", "Impress", marked=False)
    monkeypatch.setenv("TEMPLATES", str(templates))
    monkeypatch.setenv("CALLS", str(tmp_path / "calls"))
    return fake_soffice(tmp_path, CONVERTING_SOFFICE)


@needs_sh
def test_each_kind_of_document_is_converted_by_its_own_filter_with_the_export_options(
    converting_soffice: Path, tmp_path: Path
) -> None:
    import pikepdf

    pdfs = to_pdf({"cards.pptx": b"PK", "report.docx": b"PK"}, Renderer(converting_soffice, timeout=30))
    calls = (tmp_path / "calls").read_text().splitlines()
    assert len(calls) == 2  # one run per kind
    assert pdf.convert_to("impress_pdf_Export") in calls[0].split() and calls[0].endswith("00.pptx")
    assert pdf.convert_to("writer_pdf_Export") in calls[1].split() and calls[1].endswith("01.docx")
    for name, creator in (("cards.pptx", "Impress"), ("report.docx", "Writer")):
        with pikepdf.open(io.BytesIO(pdfs[name])) as doc:
            assert str(doc.docinfo["/Creator"]) == creator
            assert str(doc.Root.Lang) == "ja-JP"  # not LibreOffice's own en-US
            assert bool(doc.Root.ViewerPreferences.DisplayDocTitle) is True
    assert pdf.page_count(pdfs["cards.pptx"]) == 1  # pikepdf's save keeps the pages out of object streams


def test_the_export_options_are_json_on_the_command_line() -> None:
    """LibreOffice 7.4's syntax: ``pdf:FILTER:{"Option":{"type":...,"value":...}}``; --pdfa adds
    SelectPdfVersion 2 (PDF/A-2b)."""
    import json

    plain = pdf.convert_to("impress_pdf_Export")
    assert plain.startswith("pdf:impress_pdf_Export:{") and " " not in plain
    options = json.loads(plain.split(":", 2)[2])
    assert options["UseTaggedPDF"] == {"type": "boolean", "value": "true"}
    assert options["ExportBookmarks"] == {"type": "boolean", "value": "true"}
    assert options["DisplayPDFDocumentTitle"] == {"type": "boolean", "value": "true"}
    assert "SelectPdfVersion" not in options
    archive = json.loads(pdf.convert_to("writer_pdf_Export", archive=True).split(":", 2)[2])
    assert archive["SelectPdfVersion"] == {"type": "long", "value": "2"}
    assert {k: v for k, v in archive.items() if k != "SelectPdfVersion"} == options


@needs_sh
def test_a_file_converted_as_another_kind_of_document_is_an_error(
    converting_soffice: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """LibreOffice opens a damaged .pptx as text and converts it with the filter given all the same:
    the PDF's /Creator (Writer, not Impress) tells."""
    monkeypatch.setenv("PPTX_CREATOR", "Writer")
    with pytest.raises(PdfError, match=r"cards\.pptx: LibreOffice does not read it as a Presentation"):
        to_pdf({"cards.pptx": b"PK", "report.docx": b"PK"}, Renderer(converting_soffice, timeout=30))


@needs_sh
def test_an_untagged_pdf_from_an_old_libreoffice_is_an_error(
    converting_soffice: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """LibreOffice before 7.4 takes the options as a string it ignores: no tags, and that is said."""
    monkeypatch.setenv("PPTX_CREATOR", "Untagged")
    with pytest.raises(PdfError, match=r"cards\.pptx: LibreOffice 7\.4 wrote a PDF without tags; "
                                       r"tagged PDFs need LibreOffice 7\.4 or later"):
        to_pdf({"cards.pptx": b"PK"}, Renderer(converting_soffice, timeout=30))


@needs_sh
def test_a_pdf_that_is_not_pdf_a_under_archive_is_an_error(converting_soffice: Path) -> None:
    with pytest.raises(PdfError, match=r"report\.docx: LibreOffice 7\.4 did not write PDF/A-2b"):
        to_pdf({"report.docx": b"PK"}, Renderer(converting_soffice, timeout=30), archive=True)


@needs_sh
def test_a_failed_conversion_writes_nothing_and_keeps_the_previous_files(
    make_year: MakeYear, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_year([zone_record()])
    out = tmp_path / "out"
    previous = out / folder.name / "cards.pptx"
    previous.parent.mkdir(parents=True)
    previous.write_bytes(b"last year's deck")
    monkeypatch.setenv("TOKKU_SOFFICE", str(fake_soffice(tmp_path, "echo 'soffice: cannot start' >&2; exit 1")))
    status = main(["build", str(folder), "-o", str(out), "--pdf"])
    err = capsys.readouterr().err
    assert status == 2
    assert "LibreOffice stopped with status 1" in err and "cannot start" in err
    assert files_under(out) == [f"{folder.name}/cards.pptx"]
    assert previous.read_bytes() == b"last year's deck"


def test_the_pdfs_are_made_from_the_rendered_office_files_and_written_after_them(
    make_year: MakeYear, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """build(pdf=True) converts the very bytes it writes as cards.pptx/report.docx, and writes every
    file in one all-or-nothing write (write_all_atomically), the PDFs last."""
    folder = make_year([zone_record()])
    converted: dict[str, bytes] = {}

    def fake_to_pdf(files: dict[str, bytes], renderer: Renderer, archive: bool = False) -> dict[str, bytes]:
        converted.update(files)
        return {name: b"%PDF-1.7 " + name.encode() for name in files}

    written: list[str] = []
    real_write = build_module.write_all_atomically

    def recording_write(outputs: dict[Path, bytes], remove: Iterable[Path] = ()) -> list[Path]:
        written.extend(path.name for path in outputs)
        return real_write(outputs, remove)

    monkeypatch.setattr(build_module, "find_renderer", lambda: Renderer(Path("soffice")))
    monkeypatch.setattr(build_module, "to_pdf", fake_to_pdf)
    monkeypatch.setattr(build_module, "write_all_atomically", recording_write)
    result = build(folder, tmp_path / "out", pdf=True)
    target = tmp_path / "out" / folder.name
    office = [n for n in ("cards.pptx", "report.docx") if (target / n).exists()]
    assert "cards.pptx" in office
    assert written == office + [n.rsplit(".", 1)[0] + ".pdf" for n in office]
    for name in office:
        assert converted[name] == (target / name).read_bytes()
        assert (target / name.replace(".pptx", ".pdf").replace(".docx", ".pdf")).read_bytes().startswith(b"%PDF")
    assert [p.name for p in result.written] == written
    assert not [p for p in target.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_a_missing_libreoffice_is_found_before_anything_is_rendered(
    make_year: MakeYear, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_year([zone_record()])
    monkeypatch.setenv("TOKKU_SOFFICE", str(tmp_path / "nope"))

    def must_not_render(*args: object) -> bytes:
        raise AssertionError("rendered before finding LibreOffice")

    import tokku_slides.render.pptx_deck as deck_module

    monkeypatch.setattr(deck_module, "render_deck", must_not_render)
    with pytest.raises(BuildError, match="no such program"):
        build(folder, tmp_path / "out", pdf=True)


# -- with LibreOffice -------------------------------------------------------------------------------------

def test_build_pdf_writes_cards_and_report_pdfs_beside_the_office_files(r5_built: Built) -> None:
    assert files_under(r5_built.folder) == ["cards.pdf", "cards.pptx", "report.docx", "report.pdf"]
    for name in ("cards.pdf", "report.pdf"):
        data = (r5_built.folder / name).read_bytes()
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
        assert f"wrote {r5_built.folder / name}" in r5_built.stdout
    wrote = [line.rsplit("/", 1)[-1] for line in r5_built.stdout.splitlines() if line.startswith("wrote ")]
    assert wrote.index("cards.pdf") > wrote.index("cards.pptx") and wrote.index("report.pdf") > wrote.index(
        "report.docx")


def test_the_build_summary_counts_the_pages_of_report_pdf(r5_built: Built) -> None:
    import pdfplumber

    with pdfplumber.open(r5_built.folder / "report.pdf") as report:
        pages = len(report.pages)
    assert pdf.page_count((r5_built.folder / "report.pdf").read_bytes()) == pages
    summary = r5_built.stdout.splitlines()[-1]
    assert summary.startswith(f"6 zones, 7 slides, a report of {pages} pages written in "), summary


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_preview_renders_each_slide_to_a_png_and_drops_stale_ones(
    renderer: Renderer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    preview = tmp_path / "out" / R5.name / "preview"
    preview.mkdir(parents=True)
    (preview / "slide-99.png").write_bytes(b"stale")
    (preview / "notes.txt").write_text("mine")
    status = main(["preview", str(R5), "-o", str(tmp_path / "out")])
    assert status == 0, capsys.readouterr().err
    slides = len(build_module.prepare(R5)[2].pages)
    names = sorted(p.name for p in preview.glob("*.png"))
    assert names == [f"slide-{n:02d}.png" for n in range(1, slides + 1)]
    for name in names:
        width, height = png_size((preview / name).read_bytes())
        assert width / height == pytest.approx(297 / 210, rel=0.01)
    assert (preview / "notes.txt").read_text() == "mine"
    assert f"wrote {preview / 'slide-01.png'}" in capsys.readouterr().out


def test_a_file_libreoffice_cannot_read_is_a_clear_error(renderer: Renderer) -> None:
    with pytest.raises(PdfError, match=r"cards\.pptx: LibreOffice does not read it as a Presentation"):
        to_pdf({"cards.pptx": b"this is not a presentation"}, renderer)


def test_pdf_and_preview_work_in_folders_with_spaces_and_japanese_names(
    renderer: Renderer, make_year: MakeYear, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The data, the output and the temporary folder (LibreOffice's throw-away profile, given to it
    as a percent-encoded file URI) all under names with spaces and Japanese, as on a clerk's PC
    (C:\\Users\\山田 太郎\\AppData\\Local\\Temp)."""
    import tempfile

    temp = tmp_path / "山田 太郎" / "Temp"
    temp.mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    assert "%20" in (temp / "profile").as_uri() and "%E5%B1%B1" in (temp / "profile").as_uri()
    folder = make_year([zone_record()], name="令和６年度 資料/data/r6")
    out = tmp_path / "出力 フォルダ"
    assert main(["build", str(folder), "-o", str(out), "--pdf"]) == 0, capsys.readouterr().err
    for name in ("cards.pdf", "report.pdf"):
        assert (out / "r6" / name).read_bytes().startswith(b"%PDF-")
    assert main(["preview", str(folder), "-o", str(out)]) == 0, capsys.readouterr().err
    assert (out / "r6" / "preview" / "slide-01.png").read_bytes().startswith(b"\x89PNG")
    assert list(temp.iterdir()) == []  # every temporary folder removed
