"""Nothing stale in an output folder (issue 12.6): after a successful build, OUT/<name> holds only
that build's files; what an earlier build or preview left (cards.pdf, report.pdf, preview/, a
report.docx after --no-report) is removed in the same all-or-nothing write, and put back when the
build fails at any step. A user's own file is never touched. Every document carries a fingerprint
of its inputs, and the build says what each file it replaced or removed had been made from.

(The real PDFs of LibreOffice: tests/render_lo/test_stale_pdf.py.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import MakeYear, lock_the_report_docx, zone_record
from tokku_slides import build as build_module
from tokku_slides import cli, i18n
from tokku_slides.build import FINGERPRINT_PREFIX, build, input_fingerprint, read_fingerprint
from tokku_slides.layout.spec import load_layout
from tokku_slides.model.load import load_year

PAST = 1_600_000_000_000_000_000


@pytest.fixture
def year(make_year: MakeYear) -> Path:
    return make_year([zone_record("一の特区"), zone_record("二の特区", category="local")])


def contents(folder: Path) -> dict[str, bytes]:
    """Every file and folder under ``folder`` but the chart cache, with its content."""
    return {rel: b"<dir>" if p.is_dir() else p.read_bytes()
            for p in sorted(folder.rglob("*")) if (rel := p.relative_to(folder).as_posix()).split("/")[0] != ".cache"}


def pdf_with_keywords(keywords: str) -> bytes:
    """A stand-in for LibreOffice's PDF: its Info dictionary's /Keywords as LibreOffice writes them
    (UTF-16BE with a byte order mark, in hex)."""
    hexed = ("FEFF" + keywords.encode("utf-16-be").hex().upper()).encode("ascii")
    return b"%PDF-1.7\n1 0 obj\n<</Title<FEFF>\n/Keywords<" + hexed + b">\n>>\nendobj\n%%EOF\n"


def change_a_score(folder: Path) -> None:
    path = folder / "zones" / "01-zone.yaml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    record["scores"]["I"] = 2
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], list[str]]:
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err.splitlines()


def earlier_pdfs_and_preview(folder: Path, keywords: str) -> None:
    """What `build --pdf` and `preview` left: both PDFs, two slide images, and the user's own files."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "cards.pdf").write_bytes(pdf_with_keywords(keywords))
    (folder / "report.pdf").write_bytes(b"%PDF-1.7 made by hand, no keywords\n%%EOF\n")
    (folder / "preview").mkdir()
    for n in (1, 2):
        (folder / "preview" / f"slide-{n:02d}.png").write_bytes(b"\x89PNG old")
    (folder / "memo.txt").write_text("担当者のメモ", encoding="utf-8")
    for p in folder.rglob("*"):
        os.utime(p, ns=(PAST, PAST))


# -- what is removed, what stays -------------------------------------------------------------------

def test_a_build_without_pdf_removes_the_pdfs_and_the_preview_of_an_earlier_build_and_says_so(
    year: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    folder = out / "r5"
    earlier_pdfs_and_preview(folder, FINGERPRINT_PREFIX + "0" * 64)
    code, lines, _err = run(["build", str(year), "-o", str(out)], capsys)
    assert code == 0
    assert sorted(contents(folder)) == ["cards.pptx", "memo.txt", "report.docx"]  # the preview folder too is gone
    assert (folder / "memo.txt").read_text(encoding="utf-8") == "担当者のメモ"
    assert lines[:5] == [
        f"wrote {folder}/cards.pptx",
        f"wrote {folder}/report.docx",
        f"removed {folder}/cards.pdf: this build did not write it, and it was not made from the current data "
        "(an old file)",
        f"removed {folder}/report.pdf: this build did not write it (it does not say what data it was made from)",
        f"removed {folder}/preview: 2 slide images of an earlier preview",
    ]
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no moved-aside file left


def test_a_users_own_file_in_preview_keeps_the_folder(year: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out" / "r5"
    earlier_pdfs_and_preview(folder, "")
    (folder / "preview" / "slide-01 (2).png").write_bytes(b"the user's copy")
    (folder / "preview" / "notes.txt").write_text("メモ", encoding="utf-8")
    result = build(year, tmp_path / "out")
    assert sorted(p.name for p in (folder / "preview").iterdir()) == ["notes.txt", "slide-01 (2).png"]
    assert [p.name for p in result.removed] == ["cards.pdf", "report.pdf", "slide-01.png", "slide-02.png"]


def test_a_build_with_no_report_removes_the_earlier_report(
    year: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert run(["build", str(year), "-o", str(out)], capsys)[0] == 0
    code, lines, _err = run(["build", str(year), "-o", str(out), "--no-report"], capsys)
    assert code == 0
    assert sorted(contents(out / "r5")) == ["cards.pptx"]
    assert lines[:2] == [f"wrote {out}/r5/cards.pptx",
                         f"removed {out}/r5/report.docx: this build did not write it (it was made from the same data)"]


def test_a_build_that_writes_nothing_removes_nothing(year: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out" / "r5"
    earlier_pdfs_and_preview(folder, "")
    before = contents(folder)
    result = build(year, tmp_path / "out", deck=False, report=False)
    assert result.written == [] and result.removed == []
    assert contents(folder) == before


def test_preview_images_are_not_removed_by_a_file_of_the_same_name_elsewhere(year: Path, tmp_path: Path) -> None:
    """Only OUT/<name>/preview/slide-NN.png: a slide-01.png beside cards.pptx is the user's."""
    folder = tmp_path / "out" / "r5"
    folder.mkdir(parents=True)
    (folder / "slide-01.png").write_bytes(b"the user's")
    build(year, tmp_path / "out")
    assert (folder / "slide-01.png").read_bytes() == b"the user's"


# -- a failure at any step puts everything back ----------------------------------------------------

def fail_staging(monkeypatch: pytest.MonkeyPatch) -> None:
    real_fsync = os.fsync
    calls = {"n": 0}

    def full_disk(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(build_module.os, "fsync", full_disk)


def fail_replace(monkeypatch: pytest.MonkeyPatch, when: str, error: BaseException) -> None:
    if when == "renaming_report_docx":
        lock_the_report_docx(monkeypatch, error)
        return
    real_replace = os.replace

    def replace(src: str | Path, dst: str | Path) -> None:
        if when == "moving_aside_report_pdf" and str(src).endswith("report.pdf"):
            raise error
        real_replace(src, dst)

    monkeypatch.setattr(build_module.os, "replace", replace)


@pytest.mark.parametrize(
    ("step", "code", "first_error"),
    [
        ("staging_the_second_file", 2, "cannot write the file (No space left on device)"),
        ("moving_aside_report_pdf", 2, "report.pdf: cannot remove this file of an earlier build (Permission denied); "
                                       "close it (a PDF viewer, PowerPoint/Word), or check the folder's permissions"),
        ("renaming_report_docx", 2, "report.docx: cannot write the file (Permission denied)"),
        ("interrupt_renaming_report_docx", 1, "interrupted; nothing was written"),
    ],
)
def test_a_failure_at_any_step_leaves_the_earlier_files_all_there(
    year: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    step: str, code: int, first_error: str,
) -> None:
    out = tmp_path / "out"
    assert run(["build", str(year), "-o", str(out)], capsys)[0] == 0
    earlier_pdfs_and_preview(out / "r5", "")
    change_a_score(year)
    before = contents(out / "r5")
    if step == "staging_the_second_file":
        fail_staging(monkeypatch)
    elif step == "interrupt_renaming_report_docx":
        fail_replace(monkeypatch, "renaming_report_docx", KeyboardInterrupt())
    else:
        fail_replace(monkeypatch, step, PermissionError(13, "Permission denied"))
    status, _lines, err = run(["build", str(year), "-o", str(out)], capsys)
    assert status == code
    assert first_error in err[0]
    assert contents(out / "r5") == before  # the old pptx, docx, both PDFs and the preview: all back, nothing added


def test_a_stale_file_that_is_read_only_is_refused_before_anything_changes(
    year: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    earlier_pdfs_and_preview(out / "r5", "")
    before = contents(out / "r5")
    real_access = os.access
    monkeypatch.setattr(build_module.os, "access",
                        lambda p, mode: not str(p).endswith("cards.pdf") and real_access(p, mode))
    status, _lines, err = run(["build", str(year), "-o", str(out)], capsys)
    assert status == 2
    assert err == [f"error: {out}/r5/cards.pdf: the file is read-only or locked; close it (PowerPoint/Word) "
                   "or make it writable", "nothing was written"]
    assert contents(out / "r5") == before


# -- fingerprints ----------------------------------------------------------------------------------

FINGERPRINT_IN_A_PROCESS = """
import sys
from pathlib import Path
from tokku_slides.build import input_fingerprint
from tokku_slides.layout.spec import load_layout
from tokku_slides.model.load import load_year
print(input_fingerprint(load_year(Path(sys.argv[1])), load_layout()))
"""


def fingerprint(folder: Path) -> str:
    return input_fingerprint(load_year(folder), load_layout())


def test_equal_inputs_give_equal_fingerprints_in_two_processes_and_folders(year: Path, tmp_path: Path) -> None:
    copy = tmp_path / "elsewhere" / "r5"
    shutil.copytree(year, copy)
    env = {**os.environ, "PYTHONHASHSEED": "4242"}
    done = subprocess.run([sys.executable, "-c", FINGERPRINT_IN_A_PROCESS, str(copy)], env=env,
                          capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == fingerprint(year)
    assert fingerprint(year).startswith(FINGERPRINT_PREFIX) and len(fingerprint(year)) == len(FINGERPRINT_PREFIX) + 64


def test_line_endings_and_a_byte_order_mark_do_not_change_the_fingerprint(year: Path, tmp_path: Path) -> None:
    copy = tmp_path / "crlf" / "r5"
    shutil.copytree(year, copy)
    for path in copy.rglob("*.yaml"):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert fingerprint(copy) == fingerprint(year)


def test_a_changed_zone_a_renamed_zone_file_or_another_layout_changes_the_fingerprint(
    year: Path, tmp_path: Path
) -> None:
    first = fingerprint(year)
    changed = tmp_path / "changed" / "r5"
    shutil.copytree(year, changed)
    change_a_score(changed)
    renamed = tmp_path / "renamed" / "r5"
    shutil.copytree(year, renamed)
    (renamed / "zones" / "01-zone.yaml").rename(renamed / "zones" / "01-other.yaml")
    layout_copy = tmp_path / "layouts" / "card.yaml"
    shutil.copytree(load_layout().path.parent, layout_copy.parent)
    text = layout_copy.read_text(encoding="utf-8")
    layout_copy.write_text(text.replace('toc: 目次', 'toc: もくじ'), encoding="utf-8")
    other_layout = input_fingerprint(load_year(year), load_layout(layout_copy))
    assert len({first, fingerprint(changed), fingerprint(renamed), other_layout}) == 4


def test_last_years_folder_is_part_of_the_fingerprint(make_year: MakeYear) -> None:
    last = make_year([zone_record()], name="r4", fiscal_year=2022)
    this = make_year([zone_record()], name="r5", previous="../r4")
    first = fingerprint(this)
    change_a_score(last)
    assert fingerprint(this) != first


def test_every_document_carries_the_fingerprint_of_its_build(year: Path, tmp_path: Path) -> None:
    result = build(year, tmp_path / "out")
    assert [read_fingerprint(p) for p in result.written] == [result.fingerprint] * 2
    assert result.fingerprint == fingerprint(year)


def test_read_fingerprint_of_a_file_that_is_not_a_document_is_none(tmp_path: Path) -> None:
    for name, data in (("cards.pptx", b"not a zip"), ("report.docx", b""), ("cards.pdf", b"%PDF-1.7\n%%EOF")):
        (tmp_path / name).write_bytes(data)
        assert read_fingerprint(tmp_path / name) is None, name
    assert read_fingerprint(tmp_path / "missing.pdf") is None


# -- the mismatch report ---------------------------------------------------------------------------

def test_the_build_says_which_replaced_files_were_made_from_other_data(
    year: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert run(["build", str(year), "-o", str(out)], capsys)[0] == 0
    _code, same, _err = run(["build", str(year), "-o", str(out)], capsys)
    assert same[:2] == [f"wrote {out}/r5/cards.pptx", f"wrote {out}/r5/report.docx"]
    change_a_score(year)
    _code, lines, _err = run(["build", str(year), "-o", str(out)], capsys)
    assert lines[:2] == [f"wrote {out}/r5/cards.pptx (the file it replaces was made from other data)",
                         f"wrote {out}/r5/report.docx (the file it replaces was made from other data)"]
    (out / "r5" / "cards.pptx").write_bytes(b"saved by hand")
    _code, lines, _err = run(["build", str(year), "-o", str(out), "--no-report"], capsys)
    assert lines[:2] == [
        f"wrote {out}/r5/cards.pptx (the file it replaces does not say what data it was made from)",
        f"removed {out}/r5/report.docx: this build did not write it (it was made from the same data)",
    ]


def test_the_lines_in_japanese(year: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TOKKU_LANG", "ja")
    i18n.set_language("ja")
    out = tmp_path / "out"
    assert run(["build", str(year), "-o", str(out)], capsys)[0] == 0
    earlier_pdfs_and_preview(out / "r5", FINGERPRINT_PREFIX + "0" * 64)
    change_a_score(year)
    _code, lines, _err = run(["build", str(year), "-o", str(out)], capsys)
    folder = out / "r5"
    replaced = "を書き出しました（置き換えた前のファイルは、現在のデータから作られたものではありませんでした）。"
    assert lines[:5] == [
        f"{folder}/cards.pptx {replaced}",
        f"{folder}/report.docx {replaced}",
        f"{folder}/cards.pdf を削除しました。今回のビルドでは作っていないファイルで、"
        "現在のデータから作られたものではありません（古いファイルです）。",
        f"{folder}/report.pdf を削除しました。今回のビルドでは作っていないファイルです"
        "（どのデータから作られたかの記録がありません）。",
        f"{folder}/preview から、以前のプレビューのスライド画像 2 枚を削除しました。",
    ]
