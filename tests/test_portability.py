"""What differs between the clerks' Windows PCs and Linux must not change the result: CRLF line
ends (and a BOM) in the YAML files, and folders whose names have spaces and Japanese in them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tokku_slides.cli import main
from tokku_slides.model.load import load_year

from .conftest import R5, MakeYear, zone_record

LINE_ENDS: dict[str, Callable[[str], bytes]] = {
    "crlf": lambda text: text.replace("\n", "\r\n").encode("utf-8"),
    "bom-crlf": lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"),
}


def copy_year(target: Path, convert: Callable[[str], bytes] | None = None) -> Path:
    """data/r5 copied to ``target`` (named r5), every YAML file's text re-encoded by ``convert``."""
    for source in R5.rglob("*.yaml"):
        out = target / source.relative_to(R5)
        out.parent.mkdir(parents=True, exist_ok=True)
        text = source.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        out.write_bytes(convert(text) if convert else text.encode("utf-8"))
    return target


@pytest.mark.parametrize("kind", sorted(LINE_ENDS))
def test_yaml_files_with_windows_line_ends_build_the_same_deck_and_report(
    tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    lf = copy_year(tmp_path / "lf" / "r5")
    windows = copy_year(tmp_path / kind / "r5", LINE_ENDS[kind])
    assert b"\r\n" in (windows / "evaluation.yaml").read_bytes()
    assert b"\r" not in (lf / "evaluation.yaml").read_bytes()
    year = load_year(windows)
    assert "\r" not in repr(year) and "\ufeff" not in repr(year)
    assert repr(year).replace(str(windows), "") == repr(load_year(lf)).replace(str(lf), "")
    for folder in (lf, windows):
        assert main(["build", str(folder), "-o", str(folder.parent / "out")]) == 0, capsys.readouterr().err
    for name in ("cards.pptx", "report.docx"):
        assert (windows.parent / "out" / "r5" / name).read_bytes() == (lf.parent / "out" / "r5" / name).read_bytes()


def test_block_and_multi_line_text_with_crlf_keeps_no_carriage_return(make_year: MakeYear) -> None:
    folder = make_year([zone_record()])
    zone = folder / "zones" / "01-zone.yaml"
    text = zone.read_text(encoding="utf-8")
    text = text.replace("remarks:\n- 比較的順調に進んでいるものと評価できる。\n",
                        'remarks:\n- |\n  一行目。\n  二行目。\n- "引用の\n  続き。"\n- 平文の\n  続き。\n')
    assert "|" in text
    zone.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    (remarks,) = [z.remarks for z in load_year(folder).zones]
    # a break between Japanese characters is removed (issue 11.3), CRLF or not
    assert [str(r) for r in remarks] == ["一行目。\n二行目。", "引用の続き。", "平文の続き。"]


def test_folders_with_spaces_and_japanese_names_validate_and_build(
    make_year: MakeYear, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_year([zone_record(), zone_record("第二特区", category="local")], name="令和６年度 資料/data/r6")
    assert folder == tmp_path / "令和６年度 資料" / "data" / "r6"
    assert main(["validate", str(folder)]) == 0, capsys.readouterr().err
    out = tmp_path / "出力 フォルダ"
    assert main(["build", str(folder), "-o", str(out)]) == 0, capsys.readouterr().err
    stdout = capsys.readouterr().out
    for name in ("cards.pptx", "report.docx"):
        assert (out / "r6" / name).read_bytes().startswith(b"PK")
        assert f"wrote {out / 'r6' / name}" in stdout
