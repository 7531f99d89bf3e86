"""check on a report re-saved by LibreOffice (another writer's XML: runs split, rsids, other styles'
ids, bookmarks): exit 0 when unchanged; a remark edited with python-docx before the re-save is the
one difference."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

from tokku_slides.cli import main
from tokku_slides.render.pdf import Renderer

from ..conftest import R5


def resave(renderer: Renderer, tmp_path: Path, source: Path) -> Path:
    folder = tmp_path / "resaved"
    subprocess.run([str(renderer.soffice), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--headless", "--convert-to", "docx", "--outdir", str(folder), str(source)],
                   check=True, timeout=renderer.timeout, capture_output=True)
    return folder / source.name


def test_check_report_resaved_by_libreoffice(renderer: Renderer, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    year = tmp_path / "r5"
    shutil.copytree(R5, year)
    assert main(["build", str(year), "-o", str(tmp_path / "out"), "--no-deck", "-q"]) == 0
    ours = tmp_path / "out" / "r5" / "report.docx"
    edited = tmp_path / "edited" / "report.docx"
    edited.parent.mkdir()
    doc = Document(str(ours))
    remark = next(p for p in doc.paragraphs if p.text == "・高い実績・成果が得られていると思う。")
    remark.runs[0].text = "・高い実績が得られている。"
    doc.save(str(edited))
    report = resave(renderer, tmp_path, ours)
    assert report.read_bytes() != ours.read_bytes()
    capsys.readouterr()
    assert main(["check", str(year), str(report)]) == 0
    assert capsys.readouterr().out == f"{report}: agrees with {year}: 6 zones, 6 zone sections\n"
    shutil.rmtree(report.parent)
    report = resave(renderer, tmp_path, edited)
    assert main(["check", str(year), str(report)]) == 3
    assert capsys.readouterr().out.splitlines() == [
        "アジアヘッドクォーター特区: expert remark 4: the data gives «高い実績・成果が得られていると思う。», "
        "the file has «高い実績が得られている。» "
        "(under the heading «アジアヘッドクォーター特区（東京都）», paragraph 14)",
        f"{report}: 1 difference from {year}",
    ]
