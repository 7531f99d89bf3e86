"""check on a deck re-saved by LibreOffice (another writer's XML: split runs, other attributes): exit 0."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tokku_slides.cli import main
from tokku_slides.render.pdf import Renderer

from ..conftest import R5


def test_check_deck_resaved_by_libreoffice(renderer: Renderer, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    year = tmp_path / "r5"
    shutil.copytree(R5, year)
    assert main(["build", str(year), "-o", str(tmp_path / "out"), "--no-report", "-q"]) == 0
    resaved = tmp_path / "resaved"
    subprocess.run([str(renderer.soffice), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--headless", "--convert-to", "pptx", "--outdir", str(resaved),
                    str(tmp_path / "out" / "r5" / "cards.pptx")], check=True, timeout=renderer.timeout,
                   capture_output=True)
    deck = resaved / "cards.pptx"
    assert deck.read_bytes() != (tmp_path / "out" / "r5" / "cards.pptx").read_bytes()
    capsys.readouterr()
    assert main(["check", str(year), str(deck)]) == 0
    assert capsys.readouterr().out == f"{deck}: agrees with {year}: 6 zones, 7 slides\n"
