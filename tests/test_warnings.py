"""Warnings (model/checks.py, layout/glyphs.py): printed by validate and build, which go on (exit 0,
files written); errors under --strict (exit 2, nothing written). Each at its FILE:LINE:COLUMN."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

from tokku_slides import i18n
from tokku_slides.build import prepare
from tokku_slides.cli import main
from tokku_slides.layout.measure import FontMetrics, format_ranges, load_metrics, parse_ranges
from tokku_slides.layout.spec import load_layout
from tokku_slides.model.checks import MACHINE_DEPENDENT, replacement, text_warnings
from tokku_slides.model.errors import InputError
from tokku_slides.model.fields import field_label
from tokku_slides.model.load import load_year

from .conftest import R5, ROOT, MakeYear, zone_record

ZONE = """\
name: テスト特区
governments: [東京都]
category: international
scores: {I: 4, II: 3.8, III: 4}
kpis:
  - name: 連携企業数
    achievement: 107
measures:
  - heading: 規制の特例措置
    items: [搭乗型移動支援ロボットの規制緩和]
remarks:
  - 比較的順調に進んでいるものと評価できる。
"""
"""A valid zone written by hand, so that every line and column is known (remark: line 12, column 5)."""

KPI_LINE = "  - name: 連携企業数\n"
REMARK_LINE = "  - 比較的順調に進んでいるものと評価できる。\n"


@dataclass(frozen=True)
class Case:
    old: str
    new: str
    place: str
    """``LINE:COLUMN: field`` of the warning in zones/01-zone.yaml."""
    english: str
    japanese: str
    found: str


CASES = {
    "half_width_katakana_in_remark": Case(
        REMARK_LINE, "  - 実績をｱｯﾌﾟさせた。\n", "12:8: remarks.1",
        "warning: half-width katakana: write it in full width, アップ",
        "警告: 半角カタカナです。全角で「アップ」と書いてください。", "ｱｯﾌﾟ"),
    "circled_digit_in_kpi_name": Case(
        KPI_LINE, "  - name: 連携企業数①\n", "6:16: kpis.1.name",
        "warning: ① is a machine-dependent character (a circled or parenthesised number or letter) that "
        "official documents avoid; write (1) instead",
        "警告: 「①」は機種依存文字（丸数字・括弧付きの数字や英字）です。"
        "公用文では使いません。「(1)」と書いてください。",
        "①"),
    "roman_numeral_in_remark": Case(
        REMARK_LINE, "  - フェーズⅡに移行した。\n", "12:9: remarks.1",
        "warning: Ⅱ is a machine-dependent character (a Roman numeral) that official documents avoid; "
        "write II instead",
        "警告: 「Ⅱ」は機種依存文字（ローマ数字）です。公用文では使いません。「II」と書いてください。", "Ⅱ"),
    "company_sign_in_measure_item": Case(
        "    items: [搭乗型移動支援ロボットの規制緩和]\n", "    items: [㈱テストとの連携]\n",
        "10:13: measures.1.items.1",
        "warning: ㈱ is a machine-dependent character (a circled or parenthesised ideograph or number) that "
        "official documents avoid; write (株) instead",
        "警告: 「㈱」は機種依存文字（丸付き・括弧付きの漢字や数字）です。"
        "公用文では使いません。「(株)」と書いてください。",
        "㈱"),
    "squared_unit_in_remark": Case(
        REMARK_LINE, "  - 面積1000㎡を整備した。\n", "12:11: remarks.1",
        "warning: ㎡ is a machine-dependent character (a squared word or unit) that official documents avoid; "
        "write m² instead",
        "警告: 「㎡」は機種依存文字（単位などの組文字）です。公用文では使いません。「m²」と書いてください。", "㎡"),
    "rare_kanji_not_in_font": Case(
        REMARK_LINE, "  - 𠮷野町との連携が進んだ。\n", "12:5: remarks.1",
        "warning: 𠮷 (U+20BB7) is not in the font BIZ UDGothic: PowerPoint and Word would print an empty box; "
        "write a character the font has (for a rare kanji, its common form)",
        "警告: 「𠮷」（U+20BB7）はフォント BIZ UDGothic にない文字です。PowerPoint と Word では空の四角（□）で"
        "表示されます。フォントにある字に書き換えてください（まれな異体字は通常の字体にしてください）。", "𠮷"),
    "percent_signs_mixed": Case(
        KPI_LINE + "    achievement: 107\n",
        "  - name: 実施率（％）\n    achievement: 90\n  - name: 参加率（%）\n    achievement: 80\n"
        "  - name: 達成率（％）\n    achievement: 70\n",
        "8:15: kpis.2.name",
        "warning: the year's KPI names write the percent sign both as % and ％ (％ 2 times, e.g. "
        "01-zone.yaml:6); write ％ here too",
        "警告: この年度の KPI 名では、パーセント記号に % と ％ が混在しています（％ が 2 か所、例: "
        "01-zone.yaml:6）。ここも ％ にそろえてください。", "参加率（%）"),
    "trailing_full_width_space": Case(
        REMARK_LINE, "  - 評価できる。\u3000\n", "12:5: remarks.1",
        "warning: ends with a full-width space (U+3000), which is left out of the output: delete it",
        "警告: 末尾に全角スペース（U+3000）があります。出力では取り除かれますので、ファイルからも消してください。",
        "'評価できる。\u3000'"),
    "leading_half_width_space_in_quotes": Case(
        "governments: [東京都]", "governments: [' 東京都']", "2:15: governments.1",
        "warning: starts with a half-width space, which is left out of the output: delete it",
        "警告: 先頭に半角スペースがあります。出力では取り除かれますので、ファイルからも消してください。", "' 東京都'"),
}


def year_with(make_year: MakeYear, zone_text: str) -> Path:
    folder = make_year([zone_record()])
    (folder / "zones" / "01-zone.yaml").write_text(zone_text, encoding="utf-8")
    return folder


def speak(monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    monkeypatch.setenv(i18n.LANGUAGE_ENV, language)
    i18n.set_language(language)


def japanese_where(folder: Path, case: Case) -> str:
    """``FILE:LINE:COLUMN: field（its name）: `` as a Japanese line begins (the language in use)."""
    place, field = case.place.split(": ")
    return f"{folder / 'zones' / '01-zone.yaml'}:{place}: {field}（{field_label(field)}）: "


@pytest.mark.parametrize("name", list(CASES))
def test_a_warning_is_printed_at_its_place_and_the_files_are_written(
    name: str, make_year: MakeYear, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case = CASES[name]
    assert case.old in ZONE
    folder = year_with(make_year, ZONE.replace(case.old, case.new))
    where = f"{folder / 'zones' / '01-zone.yaml'}:{case.place}: "

    assert main(["validate", str(folder)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [f"{where}{case.english} (found: {case.found})"]

    speak(monkeypatch, "ja")
    out = tmp_path / "out"
    assert main(["build", str(folder), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [f"{japanese_where(folder, case)}{case.japanese}（入力値: {case.found}）"]
    assert (out / "r5" / "cards.pptx").is_file() and (out / "r5" / "report.docx").is_file()


@pytest.mark.parametrize("name", list(CASES))
def test_strict_makes_a_warning_an_error_and_writes_nothing(
    name: str, make_year: MakeYear, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    case = CASES[name]
    folder = year_with(make_year, ZONE.replace(case.old, case.new))
    where = f"{folder / 'zones' / '01-zone.yaml'}:{case.place}: "
    out = tmp_path / "out"

    assert main(["build", str(folder), "-o", str(out), "--strict"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"{where}{case.english} (found: {case.found})", "1 problem; nothing was written"]
    assert not out.exists()

    speak(monkeypatch, "ja")
    assert main(["validate", str(folder), "--strict"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"{japanese_where(folder, case)}{case.japanese}（入力値: {case.found}）"
    assert len(err) == 2 and not out.exists()


def test_the_seed_data_gives_no_warning() -> None:
    warnings: list[InputError] = []
    prepare(R5, warnings=warnings)
    assert warnings == []


def test_the_cards_own_roman_numeral_marks_never_warn(
    make_year: MakeYear, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The layout's labels (Ⅰ, Ⅱ, Ⅲ, 総合評価) are printed on every card, but are not records."""
    layout_text = (ROOT / "layouts" / "card.yaml").read_text(encoding="utf-8")
    assert all(mark in layout_text for mark in "ⅠⅡⅢ")
    folder = year_with(make_year, ZONE)
    assert main(["build", str(folder), "-o", str(tmp_path / "out"), "--strict"]) == 0
    assert capsys.readouterr().err == ""


def test_ordinary_japanese_gives_no_warning(make_year: MakeYear) -> None:
    """Kanji of the JIS levels, kana, full-width digits and punctuation, Latin text and ％ alone."""
    remark = "（１）東京都・横浜市の「取組」は～順調です※。ＫＰＩ達成率１０３％、GX・DXの推進、髙﨑市、〒100-0001。"
    folder = make_year([zone_record(remarks=[remark, "下線部\n改行のある所見"],
                                    kpis=[{"name": "達成率（％）", "achievement": 90}])])
    year = load_year(folder)
    layout = load_layout(None)
    from tokku_slides.layout.glyphs import glyph_warnings

    assert text_warnings(year) == [] and glyph_warnings(year, layout) == []


def test_a_text_over_several_lines_warns_at_its_start(make_year: MakeYear) -> None:
    """A folded text's characters have no single column: the warning points at the text's first line."""
    zone = ZONE.replace(REMARK_LINE, "  - >-\n    一行目の所見、\n    二行目にｶﾅ。\n")
    warnings = text_warnings(load_year(year_with(make_year, zone)))
    assert [(w.line, w.column, w.field, w.found) for w in warnings] == [(12, 5, "remarks.1", "ｶﾅ")]


def test_a_warning_is_a_warning_and_its_message_says_so(make_year: MakeYear) -> None:
    warnings = text_warnings(load_year(year_with(make_year, ZONE.replace("  - 比較的", "  - \u3000比較的"))))
    assert [w.severity for w in warnings] == ["warning"]
    assert warnings[0].message.startswith("warning: ")


def test_every_machine_dependent_character_has_a_replacement_but_a_few_without_one(make_year: MakeYear) -> None:
    """The README's table: a replacement for each assigned character of the set, except the negative and
    double circled numbers (⓫–⓿), the numbers on black squares (㉈–㉏) and ㉿, which say "write it out"."""
    import unicodedata

    without = ""
    for first, last, _kind in MACHINE_DEPENDENT:
        for ch in map(chr, range(first, last + 1)):
            if unicodedata.category(ch) != "Cn":
                instead = replacement(ch)
                assert instead != ch
                without += "" if instead else ch
    assert without == "⓫⓬⓭⓮⓯⓰⓱⓲⓳⓴⓵⓶⓷⓸⓹⓺⓻⓼⓽⓾⓿㉈㉉㉊㉋㉌㉍㉎㉏㉿"
    assert (replacement("①"), replacement("⑳"), replacement("ⅻ"), replacement("㌔")) == ("(1)", "(20)", "xii", "キロ")
    zone = ZONE.replace(REMARK_LINE, "  - 手順⓫を実施した。\n")
    [warning] = text_warnings(load_year(year_with(make_year, zone)))
    assert warning.message == ("warning: ⓫ is a machine-dependent character (a circled or parenthesised number or "
                               "letter) that official documents avoid; write it out in ordinary characters")


# -- the font's coverage ----------------------------------------------------------------------------

def test_ranges_are_written_and_read_back() -> None:
    points = {0x20, 0x21, 0x22, 0x41, 0x3000, 0x3001, 0x20BB7}
    text = " ".join(format_ranges(points, per_line=2))
    assert text == "20-22 41 3000-3001 20bb7"
    assert {cp for a, b in parse_ranges(text) for cp in range(a, b + 1)} == points


def test_the_shipped_metrics_know_the_fonts_characters() -> None:
    metrics = load_metrics(load_layout(None).metrics_path)
    assert metrics.knows_coverage
    assert all(metrics.has_glyph(ch) for ch in "あア亜髙﨑①Ⅱ㈱％%　ｱ")
    assert not any(metrics.has_glyph(ch) for ch in "𠮷\U0001f600\u0378")


def test_metrics_without_coverage_check_nothing() -> None:
    metrics = FontMetrics("Some Font", {})
    assert not metrics.knows_coverage and metrics.has_glyph("𠮷")


def _font_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("font_metrics_tool", ROOT / "tools" / "font_metrics.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_font_tool_writes_the_fonts_cmap(tmp_path: Path) -> None:
    """A font of four glyphs (built here with fontTools): the metrics file lists exactly its code points."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    names = [".notdef", "A", "B", "a_hira", "kanji"]
    cmap = {0x41: "A", 0x42: "B", 0x3042: "a_hira", 0x4E9C: "kanji"}
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap(cmap)
    empty = TTGlyphPen(None).glyph()
    builder.setupGlyf({name: empty for name in names})
    builder.setupHorizontalMetrics({name: (500 if name in ("A", "B") else 1000, 0) for name in names})
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": "Tiny", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    font_path = tmp_path / "tiny.ttf"
    builder.save(str(font_path))

    out = tmp_path / "tiny.yaml"
    _font_tool().main(str(font_path), "Tiny", str(out))
    metrics = load_metrics(out)
    assert metrics.char_em("A") == 0.5
    assert [ch for ch in "ABCあ亜い" if metrics.has_glyph(ch)] == ["A", "B", "あ", "亜"]
    assert "cmap: >-\n  41-42 3042 4e9c\n" in out.read_text(encoding="utf-8")
