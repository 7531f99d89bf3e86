"""The stale-PDF case of issue 12 with LibreOffice's own PDFs: `build --pdf`, change a score, `build`:
cards.pdf and report.pdf are gone and the build said so; with the second build failing, the old PDFs
are all still there. LibreOffice carries the documents' keywords (the fingerprint) into the PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tokku_slides import cli
from tokku_slides.build import read_fingerprint
from tokku_slides.render.pdf import Renderer

from ..conftest import MakeYear, lock_the_report_docx, zone_record


def change_a_score(folder: Path) -> None:
    path = folder / "zones" / "01-zone.yaml"
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    record["scores"]["I"] = 2
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture
def built_with_pdf(renderer: Renderer, make_year: MakeYear, tmp_path: Path,
                   capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path]:
    """A year built with --pdf: (its data folder, its output folder)."""
    year = make_year([zone_record("一の特区"), zone_record("二の特区", category="local")])
    out = tmp_path / "out"
    assert cli.main(["build", str(year), "-o", str(out), "--pdf"]) == 0
    capsys.readouterr()
    return year, out / year.name


def test_the_pdfs_carry_the_fingerprint_of_their_build(built_with_pdf: tuple[Path, Path]) -> None:
    _year, folder = built_with_pdf
    fingerprints = {name: read_fingerprint(folder / name)
                    for name in ("cards.pptx", "report.docx", "cards.pdf", "report.pdf")}
    assert None not in fingerprints.values()
    assert len(set(fingerprints.values())) == 1, fingerprints


def test_a_build_without_pdf_after_a_change_removes_the_old_pdfs_and_says_so(
    built_with_pdf: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    year, folder = built_with_pdf
    change_a_score(year)
    assert cli.main(["build", str(year), "-o", str(folder.parent)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert sorted(p.name for p in folder.iterdir()) == ["cards.pptx", "report.docx"]
    assert lines[:4] == [
        f"wrote {folder}/cards.pptx (the file it replaces was made from other data)",
        f"wrote {folder}/report.docx (the file it replaces was made from other data)",
        f"removed {folder}/cards.pdf: this build did not write it, and it was not made from the current data "
        "(an old file)",
        f"removed {folder}/report.pdf: this build did not write it, and it was not made from the current data "
        "(an old file)",
    ]


def test_a_second_build_that_fails_leaves_the_old_pdfs_all_there(
    built_with_pdf: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    year, folder = built_with_pdf
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    change_a_score(year)
    lock_the_report_docx(monkeypatch)
    assert cli.main(["build", str(year), "-o", str(folder.parent)]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == "nothing was written"
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
