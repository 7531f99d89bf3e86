"""Messages for the mistakes clerks make (issue 11.4), beside their corpus cases in tests/bad_inputs/."""

from __future__ import annotations

from pathlib import Path

import pytest

from tokku_slides import i18n
from tokku_slides.model.errors import InputErrors
from tokku_slides.model.load import load_year

from ..conftest import MakeYear, zone_record

ZONE = """\
name: テスト特区
governments: [東京都]
category: international
scores:
  I: 4
  II: 3.8
  III: 4
remarks:
  - 比較的順調に進んでいるものと評価できる。
"""


def problems(folder: Path) -> list[str]:
    with pytest.raises(InputErrors) as caught:
        load_year(folder)
    return [str(e).replace(f"{folder}{'/'}", "").replace(f"{folder}\\", "") for e in caught.value.errors]


def with_zone(make_year: MakeYear, text: str) -> Path:
    folder = make_year([zone_record()])
    (folder / "zones" / "01-zone.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(("written", "half"), [("４．５", "4.5"), ("４", "4"), ("3．8", "3.8")])
def test_a_full_width_number_is_refused_with_the_half_width_one(
    make_year: MakeYear, written: str, half: str
) -> None:
    folder = with_zone(make_year, ZONE.replace("  I: 4\n", f"  I: {written}\n"))
    assert problems(folder) == [f"zones/01-zone.yaml:5:6: scores.I: a number in full-width characters (全角); "
                                f"write it in half-width characters: {half} (found: {written})"]


def test_a_full_width_fiscal_year_is_refused_with_the_half_width_one(make_year: MakeYear) -> None:
    folder = make_year([zone_record()], fiscal_year="２０２３")
    assert problems(folder) == ["evaluation.yaml:4:14: fiscal_year: a number in full-width characters (全角); "
                                "write it in half-width characters: 2023 (found: ２０２３)"]


def test_a_full_width_number_in_japanese_says_zenkaku(make_year: MakeYear, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(i18n.LANGUAGE_ENV, "ja")
    i18n.set_language("ja")
    folder = with_zone(make_year, ZONE.replace("  I: 4\n", "  I: ４．５\n"))
    assert problems(folder) == ["zones/01-zone.yaml:5:6: scores.I（Ⅰ 目標に向けた取組の進捗）: 全角の数字です。"
                                "半角で 4.5 と書いてください。（入力値: ４．５）"]


@pytest.mark.parametrize(("text", "place"), [
    (ZONE.replace("  II: 3.8", "\u3000II: 3.8"), "6:1"),
    (ZONE.replace("  II: 3.8", " \u3000II: 3.8"), "6:2"),
    (ZONE.replace("name: テスト特区", "\u3000name: テスト特区"), "1:1"),
])
def test_a_full_width_space_indenting_a_line_is_named_at_its_place(
    make_year: MakeYear, text: str, place: str
) -> None:
    found = problems(with_zone(make_year, text))
    assert found == [f"zones/01-zone.yaml:{place}: a full-width space (全角スペース) at the start of the line; "
                     "indent with half-width spaces only"]


def test_a_full_width_space_inside_a_text_is_kept(make_year: MakeYear) -> None:
    text = ZONE.replace("  - 比較的", "  - |\n    所見の一段落目。\n    \u3000比較的")
    remark = load_year(with_zone(make_year, text)).zones[0].remarks[0]
    assert remark.startswith("所見の一段落目。\n\u3000比較的")


@pytest.mark.parametrize(("text", "expected"), [
    (ZONE.replace("  I: 4\n", "  I 4\n"), "5:4: a colon `:` is missing after the key I; write `I: 4`"),
    (ZONE.replace("  III: 4\n", "  III 4\n"), "7:6: a colon `:` is missing after the key III; write `III: 4`"),
    (ZONE.replace("category: international", "category international"),
     "3:9: a colon `:` is missing after the key category; write `category: international`"),
])
def test_a_missing_colon_is_reported_on_its_own_line(make_year: MakeYear, text: str, expected: str) -> None:
    assert problems(with_zone(make_year, text)) == [f"zones/01-zone.yaml:{expected}"]


@pytest.mark.parametrize(("category", "message"), [
    ("地域活性化総合特区", "is the label of category 'local', not its key; write category: local"),
    ("地域活性化特区", "not a category of evaluation.yaml; did you mean 'local' (地域活性化総合特区)?"),
    ("locl", "not a category of evaluation.yaml; did you mean 'local'?"),
    ("regional", "not a category of evaluation.yaml; the categories are: international（国際戦略総合特区）, "
                 "local（地域活性化総合特区）"),
])
def test_a_wrong_category_gets_the_key_meant_or_the_list(make_year: MakeYear, category: str, message: str) -> None:
    folder = make_year([zone_record(category=category)])
    assert problems(folder) == [f"zones/01-zone.yaml:4:11: category: {message} (found: {category})"]
