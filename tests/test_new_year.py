"""``tokku-slides new NEW_DIR --from OLD_DIR`` and the checklist of what is still to be entered.

``new`` carries over what persists (name, governments, category, measures, KPI names and targets),
leaves empty what is entered again each year (scores Ⅰ/Ⅱ/Ⅲ, KPI achievements or actuals, remarks) with
last year's value in a comment beside it, never overwrites anything, refuses a broken old year and
leaves nothing behind when it fails. ``validate`` and ``build`` list the empty fields grouped by zone
file and exit 2; once every field is filled the year is valid and builds.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tokku_slides import cli, i18n, newyear
from tokku_slides.model import load_year

from .conftest import R5, MakeYear, zone_record

ZONE_FILES = sorted(p.name for p in (R5 / "zones").glob("*.yaml"))


def r5_copy(parent: Path) -> Path:
    """data/r5 copied under ``parent`` (the test writes beside it, never into the repository)."""
    target = parent / "r5"
    shutil.copytree(R5, target)
    return target


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], list[str]]:
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err.splitlines()


def japanese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(i18n.LANGUAGE_ENV, "ja")
    i18n.set_language("ja")


def record(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def listing(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def fill(folder: Path) -> None:
    """Enter every empty field of a new year's folder as a clerk would: a score, a percent, a remark."""
    for path in sorted((folder / "zones").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"^(  (?:I|II|III):) +#", r"\1 4  #", text, flags=re.MULTILINE)
        text = re.sub(r"^(    (?:achievement|actual):) +#", r"\1 90  #", text, flags=re.MULTILINE)
        text = re.sub(r"^remarks: +#.*$", "remarks:\n  - 今年度の所見です。", text, flags=re.MULTILINE)
        path.write_text(text, encoding="utf-8")


# -- new from data/r5 ---------------------------------------------------------------------------------


def test_new_from_r5_writes_next_year_with_the_same_zone_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    r5 = r5_copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(["new", "r6", "--from", "r5"], capsys)
    assert (code, err) == (0, [])
    r6 = tmp_path / "r6"
    assert sorted(p.name for p in (r6 / "zones").iterdir()) == ZONE_FILES
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r5", "r6"]  # no temporary folder left beside them
    assert listing(r5) == listing(R5)
    assert out == [f"wrote {Path('r6') / 'evaluation.yaml'}",
                   *(f"wrote {Path('r6') / 'zones' / n}" for n in ZONE_FILES),
                   "r6: 令和６年度 (2024) made from r5: 6 zones, 41 fields to be entered; "
                   "tokku-slides validate r6 lists them"]
    evaluation, old = record(r6 / "evaluation.yaml"), record(r5 / "evaluation.yaml")
    assert evaluation == {**old, "fiscal_year": 2024, "previous": "../r5"}
    assert (r6 / "evaluation.yaml").read_text(encoding="utf-8").splitlines()[0] == "fiscal_year: 2024  # 令和６年度"


def test_new_keeps_what_persists_and_empties_what_is_entered_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    r5 = r5_copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert run(["new", "r6", "--from", "r5"], capsys)[0] == 0
    for name in ZONE_FILES:
        old, new = record(r5 / "zones" / name), record(tmp_path / "r6" / "zones" / name)
        kept = ("name", "governments", "governments_etc", "category", "measures", "kpis_etc")
        assert {k: new.get(k) for k in kept} == {k: old.get(k) for k in kept}, name
        assert new["scores"] == {"I": None, "II": None, "III": None}, name  # total left out: it follows
        assert [k["name"] for k in new["kpis"]] == [k["name"] for k in old["kpis"]]
        assert all(k["achievement"] is None for k in new["kpis"])
        assert new["remarks"] is None


def test_the_zone_file_new_writes_in_japanese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The exact text of one zone file: last year's values in comments beside the empty fields, each
    old remark as a comment line to rewrite from, the file's own top comment kept."""
    r5_copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    japanese(monkeypatch)
    assert run(["new", "r6", "--from", "r5"], capsys)[0] == 0
    remarks = record(R5 / "zones" / "05-asia-no1-aerospace.yaml")["remarks"]
    assert (tmp_path / "r6" / "zones" / "05-asia-no1-aerospace.yaml").read_text(encoding="utf-8").splitlines() == [
        "# 令和５年度 seed card 5",
        "name: アジアNo.1航空宇宙産業クラスター形成特区",
        "governments:",
        "  - 愛知県", "  - 岐阜県", "  - 三重県", "  - 長野県", "  - 静岡県", "  - 名古屋市",
        "governments_etc: true",
        "category: international",
        "scores:",
        "  I:   # 令和５年度: 4",
        "  II:  # 令和５年度: 3.8",
        "  III: # 令和５年度: 4",
        "kpis:",
        "  - name: 中部地域における航空宇宙関連輸出額",
        "    achievement:  # 令和５年度: 60",
        "  - name: 中部地域における航空宇宙関連の工場等の新増設件数",
        "    achievement:  # 令和５年度: 200",
        "kpis_etc: true",
        "measures:",
        "  - heading: 規制の特例等",
        "    items:",
        "      - 工場等新増設促進事業",
        "    etc: true",
        "  - heading: 財政支援等",
        "    items:",
        "      - 国際総合特区設備等投資促進税制",
        "      - 総合特区支援利子補給金",
        "    etc: true",
        "  - heading: 地域独自の取組",
        "    items:",
        "      - 21世紀高度先端産業立地補助金",
        "    etc: true",
        "remarks:  # 令和５年度: 3 件",
        *(f"  # - {remark}" for remark in remarks),
    ]
    assert remarks[0].startswith("依然として")


def test_new_keeps_a_kpi_target_and_empties_its_actual(make_year: MakeYear, tmp_path: Path) -> None:
    old = make_year([zone_record(kpis=[{"name": "連携企業数", "target": 40, "actual": 21}])])
    newyear.new_year(tmp_path / "r6", old)
    text = (tmp_path / "r6" / "zones" / "01-zone.yaml").read_text(encoding="utf-8")
    assert "  - name: 連携企業数\n    target: 40\n    actual:  # 令和５年度: 21\n" in text
    assert record(tmp_path / "r6" / "zones" / "01-zone.yaml")["kpis"] == [
        {"name": "連携企業数", "target": 40, "actual": None}]


def test_previous_is_relative_with_forward_slashes(make_year: MakeYear, tmp_path: Path) -> None:
    old = make_year([zone_record()], name="data/r5")
    (tmp_path / "work" / "2024").mkdir(parents=True)
    newyear.new_year(tmp_path / "work" / "2024" / "r6", old)
    assert record(tmp_path / "work" / "2024" / "r6" / "evaluation.yaml")["previous"] == "../../../data/r5"
    assert newyear.relative_previous(tmp_path / "a" / "r5", tmp_path / "a" / "r6") == "../r5"


def test_new_with_spaces_and_japanese_in_the_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    parent = tmp_path / "評価 データ"
    parent.mkdir()
    shutil.copytree(R5, parent / "令和5年度 r5")
    monkeypatch.chdir(parent)
    japanese(monkeypatch)
    code, out, err = run(["new", "令和6年度 r6", "--from", "令和5年度 r5"], capsys)
    assert (code, err) == (0, [])
    assert out[-1] == ("令和6年度 r6: 令和６年度（2024）のフォルダーを 令和5年度 r5 から作りました。"
                       "6 特区、入力が必要な項目は 41 項目です。"
                       "一覧は tokku-slides validate 令和6年度 r6 で表示できます。")
    assert record(parent / "令和6年度 r6" / "evaluation.yaml")["previous"] == "../令和5年度 r5"
    code, _out, err = run(["validate", "令和6年度 r6"], capsys)
    assert code == 2
    assert err[0] == str(Path("令和6年度 r6") / "zones" / "01-asia-headquarters.yaml")
    fill(parent / "令和6年度 r6")
    code, out, err = run(["validate", "令和6年度 r6"], capsys)
    assert (code, err) == (0, [])


def test_texts_that_need_quotes_survive_new(make_year: MakeYear, tmp_path: Path) -> None:
    """A name YAML would read as a boolean, a measure item with ': ' and ' #', a category key with a
    space: written quoted, read back the same."""
    zone = zone_record(
        "true", governments=["yes", "[東京都]"],
        measures=[{"heading": "規制: 特例", "items": ["項目 #1", "'引用'", "- 箇条"], "etc": False}],
    )
    old = make_year([zone])
    newyear.new_year(tmp_path / "r6", old)
    fill(tmp_path / "r6")
    before, after = load_year(old).zones[0], load_year(tmp_path / "r6").zones[0]
    assert (after.name, after.governments, after.measures) == (before.name, before.governments, before.measures)


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1))
def test_a_scalar_as_new_writes_it_reads_back_as_the_same_text(text: str) -> None:
    assert yaml.safe_load(f"k: {newyear.yaml_scalar(text)}\n") == {"k": text}


# -- what new refuses ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "ja"])
def test_new_never_overwrites_an_existing_folder(
    language: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    r5_copy(tmp_path)
    (tmp_path / "r6").mkdir()
    (tmp_path / "r6" / "notes.txt").write_text("kept\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    if language == "ja":
        japanese(monkeypatch)
    before = listing(tmp_path)
    code, out, err = run(["new", "r6", "--from", "r5"], capsys)
    assert (code, out) == (2, [])
    assert err == {
        "en": ["error: r6: the folder already exists; new never overwrites a folder: give the name of a folder "
               "that does not exist yet (e.g. data/r6)", "nothing was written"],
        "ja": ["エラー: r6: このフォルダーはすでにあります。new は既にあるフォルダーを上書きしません。"
               "まだないフォルダーの名前（例: data/r6）を指定してください。", "ファイルは何も書き込んでいません。"],
    }[language]
    assert listing(tmp_path) == before
    assert (tmp_path / "r6" / "notes.txt").read_text(encoding="utf-8") == "kept\n"


def test_new_refuses_a_file_with_that_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    r5_copy(tmp_path)
    (tmp_path / "r6").write_text("a file\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    japanese(monkeypatch)
    code, _out, err = run(["new", "r6", "--from", "r5"], capsys)
    assert code == 2
    assert err == ["エラー: r6: 同じ名前のファイルがすでにあります。まだないフォルダーの名前（例: data/r6）を指定して"
                   "ください。", "ファイルは何も書き込んでいません。"]
    assert (tmp_path / "r6").read_text(encoding="utf-8") == "a file\n"


def test_new_refuses_a_folder_whose_parent_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    r5_copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, _out, err = run(["new", "dat/r6", "--from", "r5"], capsys)
    assert code == 2
    assert err[0] == (f"error: {Path('dat/r6')}: the folder it would be made in does not exist ({Path('dat')}); "
                      "check the path, or make that folder first")
    assert listing(tmp_path) == ["r5", *(f"r5/{p}" for p in listing(tmp_path / "r5"))]


@pytest.mark.parametrize("language", ["en", "ja"])
def test_new_from_a_broken_year_prints_its_errors_and_writes_nothing(
    language: str, make_year: MakeYear, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    make_year([zone_record(scores={"I": 6, "II": 4, "III": 4})])
    monkeypatch.chdir(tmp_path)
    if language == "ja":
        japanese(monkeypatch)
    code, out, err = run(["new", "r6", "--from", "r5"], capsys)
    assert (code, out) == (2, [])
    where = Path("r5") / "zones" / "01-zone.yaml"
    assert err == {
        "en": [f"{where}:6:6: scores.I: a score must be from 1.0 to 5.0 (found: 6)", "1 problem; nothing was written"],
        "ja": [f"{where}:6:6: scores.I（Ⅰ 目標に向けた取組の進捗）: 評価点は 1.0 から 5.0 までの数で書いてください。"
               "（入力値: 6）", "問題が 1 件あります。ファイルは何も書き込んでいません。"],
    }[language]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r5"]


def test_new_from_a_folder_that_does_not_exist(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _out, err = run(["new", "r6", "--from", "r4"], capsys)
    assert code == 2
    assert err == ["r4: no such folder: give a fiscal year's folder, e.g. data/r5", "1 problem; nothing was written"]
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_nothing(
    make_year: MakeYear, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make_year([zone_record()])
    monkeypatch.chdir(tmp_path)

    def refuse(source: object, target: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(newyear.os, "rename", refuse)
    code, _out, err = run(["new", "r6", "--from", "r5"], capsys)
    assert code == 2
    assert err == ["error: r6: cannot write the new year's folder (Permission denied)", "nothing was written"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r5"]  # no r6, no temporary folder


# -- the checklist ------------------------------------------------------------------------------------


def two_zone_year(make_year: MakeYear, tmp_path: Path) -> Path:
    """A new year made from a year of two zones: one with a stated achievement, one with target/actual."""
    old = make_year([
        zone_record("アルファ特区", remarks=["一つ目の所見。", "二つ目の所見。"]),
        zone_record("ベータ特区", scores={"I": 3.5, "II": 4, "III": 4.5},
                    kpis=[{"name": "件数", "target": 40, "actual": 21}]),
    ])
    newyear.new_year(tmp_path / "r6", old)
    return tmp_path / "r6"


CHECKLIST = {
    "en": [
        "r6/zones/01-zone.yaml",
        "  scores.I: not entered yet (令和５年度: 4)",
        "  scores.II: not entered yet (令和５年度: 3.8)",
        "  scores.III: not entered yet (令和５年度: 4)",
        "  kpis.1.achievement: not entered yet (令和５年度: 107)",
        "  remarks: not entered yet (令和５年度: 2 remarks)",
        "r6/zones/02-zone.yaml",
        "  scores.I: not entered yet (令和５年度: 3.5)",
        "  scores.II: not entered yet (令和５年度: 4)",
        "  scores.III: not entered yet (令和５年度: 4.5)",
        "  kpis.1.actual: not entered yet (令和５年度: 21)",
        "  remarks: not entered yet (令和５年度: 1 remark)",
        "10 fields in 2 zones still to be entered: write them in, then run the command again",
    ],
    "ja": [
        "r6/zones/01-zone.yaml",
        "  scores.I（Ⅰ 目標に向けた取組の進捗）: 未入力（令和５年度: 4）",
        "  scores.II（Ⅱ 支援措置の活用と地域独自の取組の状況）: 未入力（令和５年度: 3.8）",
        "  scores.III（Ⅲ 取組全体にわたる事業の進捗と政策課題の解決）: 未入力（令和５年度: 4）",
        "  kpis.1.achievement（進捗度 KPI 1 の達成率）: 未入力（令和５年度: 107）",
        "  remarks（専門家所見）: 未入力（令和５年度: 2 件）",
        "r6/zones/02-zone.yaml",
        "  scores.I（Ⅰ 目標に向けた取組の進捗）: 未入力（令和５年度: 3.5）",
        "  scores.II（Ⅱ 支援措置の活用と地域独自の取組の状況）: 未入力（令和５年度: 4）",
        "  scores.III（Ⅲ 取組全体にわたる事業の進捗と政策課題の解決）: 未入力（令和５年度: 4.5）",
        "  kpis.1.actual（進捗度 KPI 1 の実績値）: 未入力（令和５年度: 21）",
        "  remarks（専門家所見）: 未入力（令和５年度: 1 件）",
        "2 特区で 10 項目が未入力です。値を書き入れてから、もう一度実行してください。",
    ],
}
"""validate's lines for :func:`two_zone_year` (the newly made year's remarks are written in the language
of the run that made it: the English run writes ``2 remarks``)."""


def slashes(lines: list[str]) -> list[str]:
    return [line.replace(os.sep, "/") for line in lines]


@pytest.mark.parametrize("language", ["en", "ja"])
def test_validate_lists_what_is_still_to_be_entered(
    language: str, make_year: MakeYear, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if language == "ja":
        japanese(monkeypatch)
    two_zone_year(make_year, tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(["validate", "r6"], capsys)
    assert (code, out) == (2, [])
    assert slashes(err) == CHECKLIST[language]


@pytest.mark.parametrize("language", ["en", "ja"])
def test_build_refuses_a_year_with_fields_to_enter(
    language: str, make_year: MakeYear, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if language == "ja":
        japanese(monkeypatch)
    two_zone_year(make_year, tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(["build", "r6", "-o", "out"], capsys)
    assert (code, out) == (2, [])
    nothing = {"en": "nothing was written", "ja": "ファイルは何も書き込んでいません。"}[language]
    assert slashes(err) == [*CHECKLIST[language], nothing]
    assert not (tmp_path / "out").exists()


def test_the_checklist_of_r6_made_from_r5_in_japanese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    r5_copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    japanese(monkeypatch)
    assert run(["new", "r6", "--from", "r5"], capsys)[0] == 0
    code, _out, err = run(["validate", "r6"], capsys)
    assert code == 2
    err = slashes(err)
    assert err[:9] == [
        "r6/zones/01-asia-headquarters.yaml",
        "  scores.I（Ⅰ 目標に向けた取組の進捗）: 未入力（令和５年度: 5）",
        "  scores.II（Ⅱ 支援措置の活用と地域独自の取組の状況）: 未入力（令和５年度: 4）",
        "  scores.III（Ⅲ 取組全体にわたる事業の進捗と政策課題の解決）: 未入力（令和５年度: 5）",
        "  kpis.1.achievement（進捗度 KPI 1 の達成率）: 未入力（令和５年度: 103）",
        "  kpis.2.achievement（進捗度 KPI 2 の達成率）: 未入力（令和５年度: 133）",
        "  kpis.3.achievement（進捗度 KPI 3 の達成率）: 未入力（令和５年度: 110）",
        "  kpis.4.achievement（進捗度 KPI 4 の達成率）: 未入力（令和５年度: 231）",
        "  remarks（専門家所見）: 未入力（令和５年度: 6 件）",
    ]
    assert [line for line in err if not line.startswith("  ")] == [
        *(f"r6/zones/{name}" for name in ZONE_FILES),
        "6 特区で 41 項目が未入力です。値を書き入れてから、もう一度実行してください。"]
    assert len(err) == len(ZONE_FILES) + 41 + 1


def test_filling_every_field_makes_the_year_valid_and_buildable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    r5_copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert run(["new", "r6", "--from", "r5"], capsys)[0] == 0
    fill(tmp_path / "r6")
    code, out, err = run(["validate", "r6"], capsys)
    assert (code, err) == (0, [])
    assert out[-1] == "r6: 令和６年度 (2024), 6 zones in 1 category: no problems"
    year = load_year(tmp_path / "r6")
    assert [z.scores.total for z in year.zones] == [4] * 6
    assert all(z.remarks == ("今年度の所見です。",) for z in year.zones)
    assert [z.name for z in year.zones] == [z.name for z in load_year(R5).zones]
    code, _out, err = run(["build", "r6", "-o", "out", "--no-report"], capsys)
    assert (code, err) == (0, [])
    assert (tmp_path / "out" / "r6" / "cards.pptx").is_file()


def test_a_wrong_value_is_an_error_beside_the_checklist(
    make_year: MakeYear, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An empty field is to be entered; a value that is wrong is still an error; both are reported."""
    r6 = two_zone_year(make_year, tmp_path)
    fill(r6)
    path = r6 / "zones" / "01-zone.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  I: 4  #", "  I: 6  #").replace("  II: 4  #", "  II:  #", 1)
    path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _out, err = run(["validate", "r6"], capsys)
    assert code == 2
    assert slashes(err) == [
        "r6/zones/01-zone.yaml:6:6: scores.I: a score must be from 1.0 to 5.0 (found: 6)",
        "r6/zones/01-zone.yaml",
        "  scores.II: not entered yet (令和５年度: 3.8)",
        "1 field in 1 zone still to be entered: write them in, then run the command again",
        "1 problem",
    ]
    code, _out, err = run(["build", "r6", "-o", "out"], capsys)
    assert code == 2
    assert err[-1] == "1 problem; nothing was written"


def test_remarks_left_blank_is_a_field_to_enter(
    make_year: MakeYear, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``remarks:`` with nothing after it (and no comment of last year's): to be entered, not an error;
    ``~`` is empty too, and a comment that is not last year's value is not shown."""
    folder = make_year([zone_record()])
    path = folder / "zones" / "01-zone.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  I: 4\n", "  I: ~  # 要確認\n")
    path.write_text(text[: text.index("remarks:")] + "remarks:\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    japanese(monkeypatch)
    code, _out, err = run(["validate", "r5"], capsys)
    assert code == 2
    assert slashes(err) == [
        "r5/zones/01-zone.yaml",
        "  scores.I（Ⅰ 目標に向けた取組の進捗）: 未入力",
        "  remarks（専門家所見）: 未入力",
        "1 特区で 2 項目が未入力です。値を書き入れてから、もう一度実行してください。",
    ]


def test_an_empty_remarks_list_is_still_an_error(
    make_year: MakeYear, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``remarks: []`` is written, not left empty: the error of today."""
    make_year([zone_record(remarks=[])])
    monkeypatch.chdir(tmp_path)
    code, _out, err = run(["validate", "r5"], capsys)
    assert code == 2
    assert err[0].endswith("remarks: must list at least one entry (lines starting with '- ') (found: [])")


def test_new_keeps_the_organisation(make_year: MakeYear, tmp_path: Path) -> None:
    old = make_year([zone_record()], organisation={"author": "内閣府地方創生推進事務局", "company": "内閣府"})
    newyear.new_year(tmp_path / "r6", old)
    assert record(tmp_path / "r6" / "evaluation.yaml")["organisation"] == {
        "author": "内閣府地方創生推進事務局", "company": "内閣府"}
    without = make_year([zone_record()], name="plain")
    newyear.new_year(tmp_path / "plain6", without)
    assert "organisation" not in record(tmp_path / "plain6" / "evaluation.yaml")
