"""The fiscal-year cycle (issue 12, parts 2-5): ``previous:`` loaded and checked, zones matched (by
name, or ``previous_name:``), last year beside this year on the list page, on a card (a layout
option) and in the report's 前年度との比較, the warnings of a year not updated, ``tokku-slides diff``.

The pair of years is built in tmp_path: last year a copy of data/r5, this year a changed copy."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from pptx import Presentation

from tokku_slides import i18n
from tokku_slides.build import build, prepare
from tokku_slides.cli import main
from tokku_slides.format import change_text
from tokku_slides.layout.spec import DEFAULT_LAYOUT
from tokku_slides.model.cycle import comparison, cycle_warnings
from tokku_slides.model.errors import InputErrors
from tokku_slides.model.load import load_year

from .conftest import R5


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def last_year_copy(tmp_path: Path, name: str = "r6", fiscal_year: int = 2024) -> tuple[Path, Path]:
    """data/r5 as last year, and an unchanged copy of it as this year with ``previous: ../r5``."""
    last = tmp_path / "r5"
    if not last.exists():
        shutil.copytree(R5, last)
    this = tmp_path / name
    shutil.copytree(R5, this)
    edit(this / "evaluation.yaml", "fiscal_year: 2023", f"fiscal_year: {fiscal_year}")
    with (this / "evaluation.yaml").open("a", encoding="utf-8") as fh:
        fh.write("previous: ../r5\n")
    return last, this


@pytest.fixture
def pair(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """Last year (r5) and this year (r6): zone 01's Ⅰ 5 → 4, a KPI 133 → 150, a remark rewritten and
    a measure item added; zone 05 renamed (previous_name:); zone 06 ended; zone 07 new; the rest as
    last year. The current folder is tmp_path (messages show r5/..., r6/...)."""
    monkeypatch.chdir(tmp_path)
    _last, this = last_year_copy(tmp_path)
    zones = this / "zones"
    first = zones / "01-asia-headquarters.yaml"
    edit(first, "  I: 5\n", "  I: 4\n")
    edit(first, "  total: 4.8\n", "")
    edit(first, "achievement: 133", "achievement: 150")
    edit(first, "  - 外国企業と都内企業との引き合わせ件数の伸びも堅調に推移している。",
         "  - 引き合わせ件数は目標を大きく上回っており、今後も期待される。")
    edit(first, "      - ビジネスジェットの使用手続簡略化\n",
         "      - ビジネスジェットの使用手続簡略化\n      - 国際会議の誘致支援\n")
    edit(zones / "05-asia-no1-aerospace.yaml", "name: アジアNo.1航空宇宙産業クラスター形成特区",
         "name: アジアNo.1航空宇宙産業特区\nprevious_name: アジアNo.1航空宇宙産業クラスター形成特区")
    new = (zones / "06-tsukuba.yaml").read_text(encoding="utf-8").replace("name: つくば国際戦略総合特区",
                                                                         "name: 新設特区")
    (zones / "06-tsukuba.yaml").unlink()
    (zones / "07-new.yaml").write_text(new, encoding="utf-8")
    return Path("r5"), Path("r6")


# -- previous: loaded and checked -----------------------------------------------------------------


def problems(folder: Path) -> list[str]:
    with pytest.raises(InputErrors) as exc:
        load_year(folder)
    return [str(e) for e in exc.value.errors]


def test_previous_folder_missing(tmp_path: Path) -> None:
    _last, this = last_year_copy(tmp_path)
    edit(this / "evaluation.yaml", "previous: ../r5", "previous: ../r4")
    assert problems(this) == [
        f"{this / 'evaluation.yaml'}:7:11: previous: no such folder: {tmp_path / 'r4'} (previous: is relative "
        "to this year's folder, e.g. ../r5) (found: ../r4)"]


def test_previous_folder_not_a_valid_year(tmp_path: Path) -> None:
    last, this = last_year_copy(tmp_path)
    edit(last / "zones" / "01-asia-headquarters.yaml", "  I: 5\n", "  I: ５\n")
    lines = problems(this)
    assert lines[0] == (f"{last / 'zones' / '01-asia-headquarters.yaml'}:6:6: scores.I: in last year's folder "
                        "(previous: ../r5): a number in full-width characters (全角); write it in half-width "
                        "characters: 5 (found: ５)")
    assert lines[1] == (f"{this / 'evaluation.yaml'}:7:11: previous: last year's folder has problems (listed with "
                        "it); fix them, or remove previous: (found: ../r5)")
    assert len(lines) == 2


def test_previous_of_the_same_fiscal_year_is_an_error_at_the_previous_line(tmp_path: Path) -> None:
    """A copied folder whose fiscal_year was not changed."""
    _last, this = last_year_copy(tmp_path, fiscal_year=2023)
    assert problems(this) == [
        f"{this / 'evaluation.yaml'}:7:11: previous: last year's folder {tmp_path / 'r5'} is for fiscal_year 2023, "
        "the same as this year: change fiscal_year in this folder's evaluation.yaml to 2024, or point previous: "
        "at last year's folder (found: ../r5)"]


def test_previous_of_a_later_fiscal_year(tmp_path: Path) -> None:
    _last, this = last_year_copy(tmp_path, fiscal_year=2022)
    assert problems(this) == [
        f"{this / 'evaluation.yaml'}:7:11: previous: last year's folder {tmp_path / 'r5'} is for fiscal_year 2023, "
        "after this year's 2022: previous: must name an earlier year (found: ../r5)"]


def test_previous_two_years_apart_is_a_warning(tmp_path: Path) -> None:
    _last, this = last_year_copy(tmp_path, name="r7", fiscal_year=2025)
    year = load_year(this)
    warnings = [str(w) for w in cycle_warnings(year) if w.field == "previous"]
    assert warnings == [
        f"{this / 'evaluation.yaml'}:7:11: previous: warning: last year's folder is for fiscal_year 2023, 2 years "
        "before this year's 2025: is previous: the folder meant? (found: ../r5)"]


def test_last_years_own_previous_is_not_followed(tmp_path: Path) -> None:
    last, this = last_year_copy(tmp_path)
    with (last / "evaluation.yaml").open("a", encoding="utf-8") as fh:
        fh.write("previous: ../r4\n")  # no such folder: not looked at
    year = load_year(this)
    assert year.last is not None and year.last.last is None


def test_previous_name_naming_no_zone_of_last_year(tmp_path: Path) -> None:
    _last, this = last_year_copy(tmp_path)
    file = this / "zones" / "06-tsukuba.yaml"
    edit(file, "name: つくば国際戦略総合特区", "name: つくば特区\nprevious_name: つくば総合特区")
    [line] = problems(this)
    assert line.startswith(f"{file}:3:16: previous_name: no zone of last year ({tmp_path / 'r5'}) has this name; "
                           "the names are: アジアヘッドクォーター特区, ")
    assert line.endswith("つくば国際戦略総合特区 (found: つくば総合特区)")


# -- matching ------------------------------------------------------------------------------------


def test_zones_matched_by_name_and_by_previous_name(pair: tuple[Path, Path]) -> None:
    year = load_year(pair[1])
    compared = comparison(year)
    assert compared is not None
    matched = {p.zone.name: (p.last.name if p.last else None) for p in compared.pairs}
    assert matched["アジアヘッドクォーター特区"] == "アジアヘッドクォーター特区"
    assert matched["アジアNo.1航空宇宙産業特区"] == "アジアNo.1航空宇宙産業クラスター形成特区"
    assert matched["新設特区"] is None
    assert [z.name for z in compared.ended] == ["つくば国際戦略総合特区"]
    first = compared.pairs[0]
    assert first.total_change == Decimal("-0.3") and first.score_changes == (Decimal(-1), 0, 0)
    [kpi] = compared.kpi_changes()
    assert (kpi.name, kpi.last, kpi.this, kpi.change) == ("外国企業と都内企業との引き合わせ件数", 133, 150, 17)


def test_change_text() -> None:
    assert [change_text(Decimal(v), "新規") for v in ("0.2", "-0.1", "0", "0.0", "-1")] == [
        "+0.2", "\u22120.1", "±0", "±0", "\u22121"]
    assert change_text(None, "新規") == "新規"


# -- the outputs, read back ------------------------------------------------------------------------


LIST_ROWS = [row.split("|") for row in (
    # the columns of the default layout that have a value (no field:, designation:, number: given),
    # every score with one decimal, 総合評価 high to low (ties in file order)
    "国際/地域|特区名|総合評価|前年度|増減",
    "国際|アジアヘッドクォーター特区|4.5|4.8|\u22120.3",
    "国際|京浜臨海部ライフイノベーション国際戦略総合特区|4.5|4.5|±0",
    "国際|関西イノベーション国際戦略総合特区|4.3|4.3|±0",
    "国際|グリーンアジア国際戦略総合特区|4.2|4.2|±0",
    "国際|アジアNo.1航空宇宙産業特区|4.0|4.0|±0",
    "国際|新設特区|3.9|－|新規",
)]


def pptx_table(path: Path) -> list[list[str]]:
    slide = Presentation(str(path)).slides[0]
    table = next(s for s in slide.shapes if s.has_table).table
    return [["".join(c.text.split()) for c in row.cells] for row in table.rows]


def test_list_page_shows_last_year_and_the_change(pair: tuple[Path, Path]) -> None:
    result = build(pair[1], Path("out"), report=False)
    expected = [["".join(c.split()) for c in row] for row in LIST_ROWS]
    assert pptx_table(result.written[0]) == expected


def test_list_page_without_previous_has_no_previous_columns(tmp_path: Path) -> None:
    result = build(R5, tmp_path / "out", report=False)
    assert pptx_table(result.written[0])[0] == ["国際/地域", "特区名", "総合評価"]


def test_card_figure_under_the_total_is_a_layout_option(pair: tuple[Path, Path], tmp_path: Path) -> None:
    def notes(layout: Path | None) -> list[str]:
        _year, _layout, deck = prepare(pair[1], layout)
        page = next(p for p in deck.pages if p.zone is not None)
        note = next(t for t in page.texts if t.role == "note")
        return ["".join(word for line in note.block.lines for word in line)]

    text = DEFAULT_LAYOUT.read_text(encoding="utf-8")
    assert "  previous_total: false" in text
    on = tmp_path / "layout.yaml"
    on.write_text(text.replace("  previous_total: false", "  previous_total: true"), encoding="utf-8")
    shutil.copytree(DEFAULT_LAYOUT.parent / "metrics", tmp_path / "metrics")
    assert "前年度" not in notes(None)[0]
    assert notes(on)[0].startswith("前年度 4.8（\u22120.3）")


def docx_blocks(path: Path) -> list[tuple[str, str]]:
    """The report's paragraphs (style, text) and tables (``table``, rows joined by / and cells by |)."""
    doc = Document(str(path))
    out: list[tuple[str, str]] = []
    body = doc.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[1]
        if tag == "p":
            from docx.text.paragraph import Paragraph
            p = Paragraph(child, doc)
            if p.text.strip():
                out.append((p.style.name if p.style is not None else "", p.text))
        elif tag == "tbl":
            from docx.table import Table
            t = Table(child, doc)
            out.append(("table", " / ".join("|".join(c.text for c in row.cells) for row in t.rows)))
    return out


def test_report_section_compares_with_last_year(pair: tuple[Path, Path]) -> None:
    result = build(pair[1], Path("out"), deck=False)
    blocks = docx_blocks(result.written[0])
    headings = [text for style, text in blocks if style.startswith("Heading")]
    assert headings[:3] == ["１．評価の方法", "２．評価結果一覧", "前年度との比較"]
    assert headings[3] == "３．分野別状況"
    toc = [text for style, text in blocks if style.startswith("toc ")]
    assert any(t.startswith("前年度との比較") for t in toc)
    at = blocks.index(("Heading 2", "前年度との比較"))
    section = blocks[at + 1:at + 12]
    assert section[0] == ("Normal", "令和６年度（本年度）の評価結果を令和５年度（前年度）と比べたもの。"
                                    "増減は本年度の値から前年度の値を引いたもの。")
    _style, table = section[1]
    rows = table.split(" / ")
    assert rows[0] == "特区名|年度|総合評価|Ⅰ|Ⅱ|Ⅲ"
    assert rows[1:4] == ["アジアヘッドクォーター特区|令和６年度|4.5|4|4|5",
                         "アジアヘッドクォーター特区|令和５年度|4.8|5|4|5",
                         "アジアヘッドクォーター特区|増減|\u22120.3|\u22121|±0|±0"]
    assert rows[-3:] == ["新設特区|令和６年度|3.9|4|3.6|4", "新設特区|令和５年度|－|－|－|－",
                         "新設特区|増減|新規|新規|新規|新規"]
    labels = [(s, t) for s, t in section if s in ("Block Label", "Bullet Text", "table", "Figure Text")]
    assert ("Figure Text", "総合評価の前年度からの増減") in labels
    assert labels[labels.index(("Block Label", "本年度に新たに評価した特区")) + 1] == (
        "Bullet Text", "・新設特区（茨城県、つくば市、国立大学法人筑波大学）")
    ended = labels[labels.index(("Block Label", "前年度のみ評価した特区（本年度は評価なし）")) + 1]
    assert ended == ("table", "特区名|年度|総合評価|Ⅰ|Ⅱ|Ⅲ / つくば国際戦略総合特区|令和５年度|3.9|4|3.6|4")
    kpis = labels[labels.index(("Block Label", "進捗度が変わった評価指標（KPI）")) + 1]
    assert kpis == ("table", "特区名|評価指標（KPI）|前年度|本年度|増減 / "
                             "アジアヘッドクォーター特区|外国企業と都内企業との引き合わせ件数|133％|150％|+17")


def test_report_without_previous_has_no_comparison(tmp_path: Path) -> None:
    result = build(R5, tmp_path / "out", deck=False)
    assert all("前年度" not in text for _style, text in docx_blocks(result.written[0]))


# -- the warnings of a year not updated ---------------------------------------------------------------


WARNINGS_EN = [
    "r6/evaluation.yaml:7:11: previous: warning: last year's zone つくば国際戦略総合特区 (06-tsukuba.yaml) is "
    "missing this year; if it was renamed, give its old name as previous_name: in its file (found: ../r5)",
    "r6/zones/02-keihin-life-innovation.yaml:2:7: name: warning: the scores and the remarks are the same as last "
    "year's (r5/zones/02-keihin-life-innovation.yaml): were they updated for this year? (found: "
    "京浜臨海部ライフイノベーション国際戦略総合特区)",
    "r6/zones/07-new.yaml:2:7: name: warning: a zone new this year: no zone of last year (r5) has this name; if it "
    "was renamed, give its old name as previous_name: (found: 新設特区)",
]


def test_warnings_of_a_year_not_updated(pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "r6"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0] == WARNINGS_EN[0]
    assert err[1] == WARNINGS_EN[1]
    assert [e for e in err if "new this year" in e] == [WARNINGS_EN[2]]
    unchanged = [e for e in err if "same as last year's" in e]
    assert [e.split(":")[0] for e in unchanged] == [
        "r6/zones/02-keihin-life-innovation.yaml", "r6/zones/03-kansai-innovation.yaml",
        "r6/zones/04-green-asia.yaml", "r6/zones/05-asia-no1-aerospace.yaml"]
    assert len(err) == 6


def test_warnings_are_errors_under_strict(pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "r6", "-o", "out", "--strict"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == "6 problems; nothing was written"
    assert not Path("out").exists()
    assert main(["validate", "r6", "--strict"]) == 2


def test_warnings_in_japanese(pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str],
                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(i18n.LANGUAGE_ENV, "ja")
    i18n.set_language("ja")
    assert main(["validate", "r6"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == ("r6/zones/07-new.yaml:2:7: name（特区の名称）: 警告: 本年度に新しく加わった特区です。"
                       "前年度（r5）にこの名称の特区はありません。名称を変えた特区なら、previous_name: に"
                       "前年度の名称を書いてください。（入力値: 新設特区）")


def test_no_warnings_without_previous() -> None:
    assert cycle_warnings(load_year(R5)) == []


# -- diff ------------------------------------------------------------------------------------------


DIFF_EN = """\
changes from 令和５年度 to 令和６年度:
アジアヘッドクォーター特区 (01-asia-headquarters.yaml):
  scores: Ⅰ 5 → 4 (−1), total 4.8 → 4.5 (−0.3)
  KPI changed: 外国企業と都内企業との引き合わせ件数 133％ → 150％ (+17)
  measure item added: 規制の特例措置: 国際会議の誘致支援
  1 of 6 remark rewritten: “引き合わせ件数は目標を大きく上回っており…”
アジアNo.1航空宇宙産業特区 (05-asia-no1-aerospace.yaml):
  renamed from アジアNo.1航空宇宙産業クラスター形成特区
新設特区: added (07-new.yaml)
つくば国際戦略総合特区: removed (was 06-tsukuba.yaml)
2 zones changed, 1 added, 1 removed, 3 unchanged
"""

DIFF_JA = """\
令和５年度から令和６年度への変更:
アジアヘッドクォーター特区（01-asia-headquarters.yaml）:
  評価: Ⅰ 5 → 4（−1）、総合評価 4.8 → 4.5（−0.3）
  KPI の進捗度の変更: 外国企業と都内企業との引き合わせ件数 133％ → 150％（+17）
  支援措置の項目の追加: 規制の特例措置: 国際会議の誘致支援
  所見 6 件のうち 1 件を書き換え: 「引き合わせ件数は目標を大きく上回っており…」
アジアNo.1航空宇宙産業特区（05-asia-no1-aerospace.yaml）:
  名称を変更（前年度は アジアNo.1航空宇宙産業クラスター形成特区）
新設特区: 追加（07-new.yaml）
つくば国際戦略総合特区: 削除（前年度は 06-tsukuba.yaml）
変更 2 特区、追加 1 件、削除 1 件、変更なし 3 件
"""


@pytest.mark.parametrize("language", ["en", "ja"])
def test_diff(pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str], language: str) -> None:
    assert main(["--lang", language, "diff", "r5", "r6"]) == 0
    out = capsys.readouterr()
    assert out.out == (DIFF_EN if language == "en" else DIFF_JA)
    assert out.err == ""
    assert sorted(p.name for p in Path().iterdir()) == ["r5", "r6"]  # nothing written


def test_diff_reports_both_years_problems(pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    edit(Path("r5/zones/01-asia-headquarters.yaml"), "  I: 5\n", "  I: 6\n")
    assert main(["diff", "r5", "r7"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("r5/zones/01-asia-headquarters.yaml:6:6: scores.I: a score must be from 1.0 to 5.0")
    assert err[1].startswith("r7: no such folder")
    assert err[-1] == "2 problems"
