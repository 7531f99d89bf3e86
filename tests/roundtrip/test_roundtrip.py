"""check, extract, export --xlsx and import-scores, on years built in tmp_path."""

from __future__ import annotations

import copy
import csv
import io
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from pptx import Presentation

from tokku_slides import i18n
from tokku_slides.cli import main

from ..conftest import R5, MakeYear


@pytest.fixture
def year(tmp_path: Path) -> Path:
    """A copy of the seed year (its comments and layout are what extract must keep)."""
    target = tmp_path / "r5"
    shutil.copytree(R5, target)
    return target


def build_deck(year: Path, tmp_path: Path) -> Path:
    assert main(["build", str(year), "-o", str(tmp_path / "out"), "--no-report", "-q"]) == 0
    return tmp_path / "out" / year.name / "cards.pptx"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def shape(slide: Any, name: str) -> Any:
    return next(s for s in slide.shapes if s.name == name)


def set_paragraph(paragraph: Any, text: str) -> None:
    paragraph.runs[0].text = text
    for r in paragraph.runs[1:]:
        r.text = ""


def test_check_own_deck_agrees(year: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deck = build_deck(year, tmp_path)
    code, out, _err = run(["check", str(year), str(deck)], capsys)
    assert code == 0
    assert out == f"{deck}: agrees with {year}: 6 zones, 7 slides\n"


def test_check_reports_each_edit_once(year: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deck = build_deck(year, tmp_path)
    prs = Presentation(str(deck))
    slides = prs.slides
    # slide 2: a remark reworded; slide 3: score II changed; slide 4: KPI 1's percent changed
    set_paragraph(shape(slides[1], "remarks").text_frame.paragraphs[1], "・引き合わせ件数は堅調である。")
    set_paragraph(shape(slides[2], "score_table").table.cell(1, 2).text_frame.paragraphs[0], "1")
    set_paragraph(shape(slides[3], "kpis").text_frame.paragraphs[2], "99％")
    # slide 7 deleted (the sixth zone); slides 5 and 6 swapped; a slide added at the end
    extra = prs.slides.add_slide(prs.slide_layouts[6])
    extra.shapes.add_textbox(0, 0, 100, 100).text_frame.text = "メモ"
    sld_ids = prs.slides._sldIdLst
    ids = list(sld_ids)
    sld_ids.remove(ids[6])
    sld_ids.remove(ids[5])
    sld_ids.insert(4, ids[5])
    edited = tmp_path / "edited.pptx"
    prs.save(str(edited))
    code, out, _err = run(["check", str(year), str(edited)], capsys)
    names = [z.split(": ")[0] for z in out.splitlines()]
    assert code == 3
    lines = out.splitlines()
    assert lines[-1] == f"{edited}: 6 differences from {year}"
    assert "アジアヘッドクォーター特区: expert remark 2: the data gives «外国企業と都内企業との引き合わせ件数の伸びも" \
           "堅調に推移している。», the file has «引き合わせ件数は堅調である。» (slide 2)" in lines
    assert any(": score II: the data gives «" in line and "the file has «1» (slide 3)" in line for line in lines)
    assert any(": KPI 1: the data gives «" in line and "the file has «99％» (slide 4)" in line for line in lines)
    assert any(": the zone's card: the data gives «" in line and "the file has nothing" in line for line in lines)
    assert any(": the card's place: " in line for line in lines)
    assert "slide 7: the data gives nothing, the file has «メモ» (slide 7)" in lines
    assert len(names) == 7  # six differences and the summary: nothing else


def edited_texts(deck: Path, target: Path) -> None:
    prs = Presentation(str(deck))
    set_paragraph(shape(prs.slides[1], "remarks").text_frame.paragraphs[1], "・引き合わせ件数は堅調である。")
    set_paragraph(shape(prs.slides[2], "measure.1").text_frame.paragraphs[0], "税制支援等（抜粋）")
    prs.save(str(target))


def test_extract_writes_exactly_the_edits(year: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deck = build_deck(year, tmp_path)
    edited = tmp_path / "edited.pptx"
    edited_texts(deck, edited)
    before = {p.name: p.read_text(encoding="utf-8") for p in (year / "zones").iterdir()}
    code, _out, _err = run(["extract", str(edited), "--into", str(year), "--dry-run"], capsys)
    assert code == 0
    assert {p.name: p.read_text(encoding="utf-8") for p in (year / "zones").iterdir()} == before
    code, out, _err = run(["extract", str(edited), "--into", str(year)], capsys)
    assert code == 0, out
    after = {p.name: p.read_text(encoding="utf-8") for p in (year / "zones").iterdir()}
    changed = {n for n in before if before[n] != after[n]}
    assert changed == {"01-asia-headquarters.yaml", "02-keihin-life-innovation.yaml"}
    one = before["01-asia-headquarters.yaml"].replace(
        "  - 外国企業と都内企業との引き合わせ件数の伸びも堅調に推移している。\n", "  - 引き合わせ件数は堅調である。\n")
    assert after["01-asia-headquarters.yaml"] == one
    assert after["01-asia-headquarters.yaml"].startswith("# 令和５年度 seed card 1\n")  # the comment kept
    two = before["02-keihin-life-innovation.yaml"].replace("  - heading: 税制支援等\n",
                                                           "  - heading: 税制支援等（抜粋）\n", 1)
    assert after["02-keihin-life-innovation.yaml"] == two
    code, _out, _err = run(["check", str(year), str(edited)], capsys)
    assert code == 0


def test_extract_failing_half_way_leaves_every_file(year: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from tokku_slides import build

    deck = build_deck(year, tmp_path)
    edited = tmp_path / "edited.pptx"
    edited_texts(deck, edited)
    before = {p.name: p.read_bytes() for p in (year / "zones").iterdir()}
    real = build.os.replace
    calls = []

    def fail_second(src: str, dst: Any) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(build.os, "replace", fail_second)
    code, _out, err = run(["extract", str(edited), "--into", str(year)], capsys)
    monkeypatch.undo()
    assert code == 2
    assert "No space left on device" in err
    assert {p.name: p.read_bytes() for p in (year / "zones").iterdir()} == before


def test_export_numbers_equal_the_deck(year: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deck = build_deck(year, tmp_path)
    target = tmp_path / "r5.xlsx"
    assert run(["export", str(year), "--xlsx", str(target)], capsys)[0] == 0
    first = target.read_bytes()
    assert run(["export", str(year), "--xlsx", str(target)], capsys)[0] == 0
    assert target.read_bytes() == first  # byte-identical rebuild
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == ["評価結果一覧", "進捗度", "支援措置"]
    ws = wb["評価結果一覧"]
    assert ws.freeze_panes == "A2"
    for sheet in wb.worksheets:  # printed one page wide, landscape, the header on every page
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
        assert sheet.print_title_rows == "$1:$1"
    assert [c.value for c in ws[1]] == ["国際/地域", "番号", "特区名", "地方公共団体", "Ⅰ", "Ⅱ", "Ⅲ", "総合評価"]
    rows = {r[2]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    prs = Presentation(str(deck))
    cards = []  # each card's score row as printed: 総合評価, Ⅰ, Ⅱ, Ⅲ
    for slide in list(prs.slides)[1:]:
        for shape in slide.shapes:
            if shape.has_table and len(shape.table.rows) == 2 and len(shape.table.columns) == 4:
                cards.append(tuple(c.text for c in shape.table.rows[1].cells))
    assert len(rows) == len(cards) == 6
    exported = sorted(tuple(f"{v:g}" for v in (r[7], r[4], r[5], r[6])) for r in rows.values())
    assert exported == sorted(cards)
    kpis = list(wb["進捗度"].iter_rows(min_row=2, values_only=True))
    assert all(isinstance(r[5], int | float) for r in kpis)


def score_rows() -> list[list[object]]:
    return [["特区名", "Ⅰ", "Ⅱ", "Ⅲ"], ["アルファ特区", 4.5, 4, 3.5], ["ベータ特区", 3, 3, 3]]


@pytest.fixture
def two_zones(make_year: MakeYear) -> Path:
    from ..conftest import zone_record

    return make_year([zone_record("アルファ特区"), zone_record("ベータ特区")])


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "評価"
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_import_scores_from_xlsx(two_zones: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = write_xlsx(tmp_path / "scores.xlsx", score_rows())
    code, out, err = run(["import-scores", str(table), str(two_zones)], capsys)
    assert code == 0, err
    text = (two_zones / "zones" / "01-zone.yaml").read_text(encoding="utf-8")
    assert "  I: 4.5\n  II: 4\n  III: 3.5\n" in text
    assert out.splitlines()[-1] == "2 rows read, 2 zone files changed"


def test_import_scores_from_shift_jis_csv(two_zones: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["特区名", "I", "II", "III", "総合評価"], ["アルファ特区", "5", "5", "4", "4.5"]])
    table = tmp_path / "scores.csv"
    table.write_bytes(buffer.getvalue().encode("shift_jis"))
    code, _out, err = run(["import-scores", str(table), str(two_zones)], capsys)
    assert code == 0, err
    text = (two_zones / "zones" / "01-zone.yaml").read_text(encoding="utf-8")
    assert "  I: 5\n  II: 5\n  III: 4\n" in text


def test_import_scores_bad_table_every_problem_nothing_written(
        two_zones: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = copy.deepcopy(score_rows())
    rows[1][1] = 4.55                      # two decimals
    rows[1][2] = 6                         # out of range
    rows[2][3] = "４.５"                    # full-width
    rows.append(["アルファ特区", 3, 3, None])  # given twice (and an empty cell not reached)
    rows.append(["ガンマ特区", 3, 3, 3])     # no such zone
    rows.append(["ベータ", 3, 3, None])      # a near name, and an empty cell
    rows[2][0] = "ベータ特区"
    table = write_xlsx(tmp_path / "bad.xlsx", rows)
    before = {p.name: p.read_bytes() for p in (two_zones / "zones").iterdir()}
    code, out, err = run(["import-scores", str(table), str(two_zones)], capsys)
    assert code == 2
    assert out == ""
    t = f"{table}!評価!"
    assert err.splitlines() == [
        f"{t}B2: two or more decimals; a score has one decimal at most",
        f"{t}C2: out of range; a score is from 1.0 to 5.0",
        f"{t}D3: full-width digits; write it in half-width digits: 4.5",
        f"{t}A4: アルファ特区 is given twice (first in A2)",
        f"{t}A5: no zone of this name in {two_zones}: ガンマ特区",
        f"{t}A6: no zone of this name in {two_zones}: ベータ; did you mean ベータ特区?",
        "6 problems; nothing was written",
    ]
    assert {p.name: p.read_bytes() for p in (two_zones / "zones").iterdir()} == before


def test_import_scores_messages_in_japanese(two_zones: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TOKKU_LANG", "ja")
    i18n.set_language("ja")
    rows = [["特区名", "Ⅰ", "Ⅱ", "Ⅲ", "総合評価"], ["アルファ特区", "４", 4, None, 9]]
    table = write_xlsx(tmp_path / "bad.xlsx", rows)
    code, _out, err = run(["import-scores", str(table), str(two_zones)], capsys)
    assert code == 2
    t = f"{table}!評価!"
    assert err.splitlines() == [
        f"{t}B2: 全角の数字です。半角で 4 と書いてください",
        f"{t}D2: セルが空です。評価点（1.0～5.0）を書いてください",
        "問題が 2 件あります。ファイルは何も書き込んでいません。",
    ]


def test_import_scores_total_checked_not_copied(two_zones: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    rows = [["特区名", "Ⅰ", "Ⅱ", "Ⅲ", "総合評価"], ["アルファ特区", 4, 4, 3, 4.2]]
    table = write_xlsx(tmp_path / "total.xlsx", rows)
    code, _out, err = run(["import-scores", str(table), str(two_zones), "--dry-run"], capsys)
    assert code == 2
    assert err.splitlines()[0] == (f"{table}!評価!E2: the total 4.2 is not the 1:1:2 rule's 3.5; the total is "
                                   "not copied: correct or empty the cell")
