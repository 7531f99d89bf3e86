"""A line break inside a text, as a Japanese writer means it (issue 11.3).

YAML folds a line break inside a plain, quoted or ``>`` folded text into a space; between two
Japanese characters the break is removed instead (CSS Text Level 3's segment break transformation),
so a remark pasted from Word with a break in the middle reads as one sentence. A literal block (``|``)
keeps its line breaks, and they reach the card as separate lines.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tokku_slides.cli import main
from tokku_slides.model.load import load_year
from tokku_slides.model.yamlsrc import joins_without_space

from ..conftest import MakeYear, zone_record
from ..readback import deck_summary

PASTE = "観光客の滞在時間の延長や周遊性の向上が見られる。"
"""The clerk's paste: a remark copied from Word, broken after や."""

RECORD = """\
name: テスト特区
governments: [東京都]
category: international
scores: {{I: 4, II: 3.8, III: 4}}
remarks:
{remarks}
"""

REMARKS = {
    "plain_scalar_broken_in_the_middle": "  - 観光客の滞在時間の延長や\n    周遊性の向上が見られる。",
    "double_quoted_scalar_broken_in_the_middle": '  - "観光客の滞在時間の延長や\n    周遊性の向上が見られる。"',
    "single_quoted_scalar_broken_in_the_middle": "  - '観光客の滞在時間の延長や\n    周遊性の向上が見られる。'",
    "folded_block_broken_in_the_middle": "  - >\n    観光客の滞在時間の延長や\n    周遊性の向上が見られる。",
    "plain_scalar_with_crlf_line_ends": "  - 観光客の滞在時間の延長や\r\n    周遊性の向上が見られる。",
    "break_after_trailing_spaces": "  - 観光客の滞在時間の延長や   \n    周遊性の向上が見られる。",
}


def year_with(make_year: MakeYear, remarks: str, newline: str = "\n") -> Path:
    folder = make_year([zone_record()])
    text = RECORD.format(remarks=remarks)
    (folder / "zones" / "01-zone.yaml").write_bytes(text.replace("\n", newline).encode("utf-8"))
    return folder


@pytest.mark.parametrize("case", sorted(REMARKS))
def test_a_break_between_japanese_characters_is_removed(make_year: MakeYear, case: str) -> None:
    remarks = REMARKS[case].replace("\r\n", "\n")
    newline = "\r\n" if "crlf" in case else "\n"
    zone = load_year(year_with(make_year, remarks, newline)).zones[0]
    assert zone.remarks == (PASTE,)


def test_a_break_between_latin_words_is_a_space(make_year: MakeYear) -> None:
    remarks = "  - Access to\n    Tokyo の取組と、\n    ビジネスコンシェルジュ\n    Tokyo を進めた。"
    zone = load_year(year_with(make_year, remarks)).zones[0]
    assert zone.remarks == ("Access to Tokyo の取組と、ビジネスコンシェルジュ Tokyo を進めた。",)


def test_an_empty_line_is_still_a_line_break(make_year: MakeYear) -> None:
    remarks = "  - >\n    第一段落の\n    続き。\n\n    第二段落。"
    zone = load_year(year_with(make_year, remarks)).zones[0]
    assert zone.remarks == ("第一段落の続き。\n第二段落。",)


def test_a_literal_block_keeps_its_line_breaks(make_year: MakeYear) -> None:
    remarks = "  - |\n    一行目の所見。\n    二行目の所見。"
    zone = load_year(year_with(make_year, remarks)).zones[0]
    assert zone.remarks == ("一行目の所見。\n二行目の所見。",)


def test_an_escaped_break_in_double_quotes_is_left_to_yaml(make_year: MakeYear) -> None:
    remarks = '  - "観光客の滞在時間の延長や\\\n    周遊性の向上が見られる。"'
    zone = load_year(year_with(make_year, remarks)).zones[0]
    assert zone.remarks == (PASTE,)


@pytest.mark.parametrize(("before", "after", "removed"), [
    ("や", "周", True),      # W and W
    ("。", "ビ", True),      # full stop (W) and katakana
    ("Ａ", "字", True),      # full-width Latin (F)
    ("ｶ", "ﾅ", True),        # half-width katakana (H)
    ("o", "T", False),       # narrow Latin
    ("や", "T", False),
    ("4", "年", False),
    ("한", "국", False),     # Hangul is spaced
    ("や", "\u200b", True),  # a zero-width space
    ("…", "周", False),      # ambiguous width (A) counts as narrow
])
def test_the_css_segment_break_rule(before: str, after: str, removed: bool) -> None:
    assert joins_without_space(before, after) is removed


def test_the_deck_shows_the_paste_without_a_stray_space_and_the_literal_lines_apart(
    make_year: MakeYear, tmp_path: Path
) -> None:
    remarks = (REMARKS["plain_scalar_broken_in_the_middle"] + "\n"
               + REMARKS["folded_block_broken_in_the_middle"] + "\n"
               + "  - |\n    一行目の所見。\n    二行目の所見。")
    folder = year_with(make_year, remarks)
    assert main(["build", str(folder), "-o", str(tmp_path / "out"), "--no-report"]) == 0
    summary = deck_summary(tmp_path / "out" / folder.name / "cards.pptx")
    text = next(sh["text"] for s in summary for sh in s["shapes"] if sh["name"] == "remarks")
    lines = text.replace("\v", "\n").split("\n")
    assert lines.count(f"・{PASTE}") == 2, lines
    assert "延長や 周遊性" not in text
    literal = lines.index("・一行目の所見。")
    assert lines[literal + 1] == "二行目の所見。", lines
