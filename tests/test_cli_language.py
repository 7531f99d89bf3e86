"""What the command says and in which language: --lang and TOKKU_LANG, argparse's own texts in
Japanese, the build's shrink lines and summary, --quiet, the progress line, validate's summaries."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from tokku_slides import i18n
from tokku_slides.cli import main, requested_language
from tokku_slides.render.pdf import page_count

from .conftest import R5, MakeYear, zone_record

ALLOWED = re.compile(
    r"""
      (?<![\w-])--?[a-z][a-z-]*                       # option names: -h, --help, --no-deck
    | \b(?:DATA_DIR|NEW_DIR|OLD_DIR|OUT|FILE|DIR|TOKKU_SOFFICE|TOKKU_LANG|NN)\b   # metavars, environment variables
    | [\w./<>-]*\.(?:pptx|potx|docx|dotx|pdf|png|yaml)\b        # file names and paths
    | \b[\w-]+/[\w./<>-]*                             # folders: data/r5, OUT/<...>/
    | \b(?:tokku-slides|LibreOffice|soffice|poppler|pdftoppm|PowerPoint|Word|Excel)\b  # programs
    | \b(?:YAML|pptx|docx|xlsx|csv|PDF|UTF-8|Shift_JIS)\b  # formats
    | \b(?:build|validate|preview|new|diff|check|extract|export|import-scores|templates)\b  # commands
    | \b(?:ja|en|out)\b                               # --lang's choices, --out's default
    | '[^']*'                                         # a value as the user gave it, quoted
    """,
    re.VERBOSE,
)
"""What a Japanese line may hold in Latin letters: option names, metavars, file and program names,
values (quoted as argparse shows them)."""


def english_words(line: str) -> list[str]:
    """The English words of a line once the allowed names are taken out (none: a Japanese line)."""
    return re.findall(r"[A-Za-z]{2,}", ALLOWED.sub(" ", line))


def test_the_checker_finds_the_english_of_an_english_line() -> None:
    assert english_words("usage: tokku-slides build [-h] DATA_DIR") == ["usage"]
    assert english_words("tokku-slides build: error: the following arguments are required: DATA_DIR") == [
        "error", "the", "following", "arguments", "are", "required"]
    assert english_words("  -o OUT, --out OUT  出力先のフォルダー（既定: out）") == []
    assert english_words("  DATA_DIR   年度のフォルダー（例: data/r5）") == []


def japanese_output(argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv(i18n.LANGUAGE_ENV, "ja")
    i18n.set_language("ja")
    with pytest.raises(SystemExit):
        main(argv)
    captured = capsys.readouterr()
    return (captured.out + captured.err).splitlines()


@pytest.mark.parametrize("argv", [
    ["--help"], ["build", "--help"], ["validate", "--help"], ["preview", "--help"], ["new", "--help"],
    ["diff", "--help"],
    ["build"], ["validate"], ["new", "data/r6"], ["build", "data", "--bogus"], ["build", "data", "-o"], ["frobnicate"],
    ["build", "data", "--lang", "fr"],
], ids=["help", "build_help", "validate_help", "preview_help", "new_help", "diff_help", "build_without_data_dir",
        "validate_without_data_dir", "new_without_from", "unknown_option", "option_without_its_value",
        "unknown_command", "unknown_language"])
def test_a_japanese_user_reads_no_english_from_the_parser(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = japanese_output(argv, capsys, monkeypatch)
    assert lines
    assert [(line, english_words(line)) for line in lines if english_words(line)] == []


def test_the_parser_in_japanese_says_what_is_missing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = japanese_output(["build"], capsys, monkeypatch)
    assert lines[0].startswith("使い方: tokku-slides build ")
    assert lines[-1] == "tokku-slides build: エラー: 次の引数を指定してください: DATA_DIR"


@pytest.mark.parametrize("argv", [["--lang", "en", "--help"], ["build", "--lang", "en", "--help"],
                                  ["--lang=en", "validate", "--help"]])
def test_lang_en_before_help_gives_english_help_whatever_the_environment(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = japanese_output(argv, capsys, monkeypatch)
    assert lines[0].startswith("usage: tokku-slides")
    assert "show this help message and exit" in "\n".join(lines)


def test_argparse_is_left_as_it_was_after_a_run(capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import argparse

    before = getattr(argparse, "_")  # noqa: B009
    japanese_output(["--help"], capsys, monkeypatch)
    assert getattr(argparse, "_") is before  # noqa: B009


@pytest.mark.parametrize(("argv", "expected"), [
    (["build", "x"], None),
    (["build", "x", "--lang", "ja"], "ja"),
    (["--lang", "en", "build", "x", "--lang=ja"], "ja"),
    (["build", "--", "--lang", "en"], None),
    (["build", "--lang"], None),
])
def test_lang_is_found_before_parsing(argv: list[str], expected: str | None) -> None:
    assert requested_language(argv) == expected


# -- validate -------------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["top", "command"])
def test_validate_in_japanese_on_lang_ja(
    where: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--lang", "ja", "validate", str(R5)] if where == "top" else ["validate", str(R5), "--lang", "ja"]
    assert main(argv) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == f"{R5}: 令和５年度（2023 年度）、6 特区、1 分野: 問題はありません。"
    zone = R5 / "zones" / "02-keihin-life-innovation.yaml"
    assert out[0] == f"{zone}: 特区名: 15 pt → 14.5 pt に縮小しました（枠に収めるため）"


def test_validate_follows_tokku_lang_when_no_lang_is_given(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(i18n.LANGUAGE_ENV, "ja")
    assert main(["validate", str(R5)]) == 0
    assert capsys.readouterr().out.splitlines()[-1].endswith("問題はありません。")
    monkeypatch.setenv(i18n.LANGUAGE_ENV, "en")
    assert main(["validate", str(R5)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"{R5}: 令和５年度 (2023), 6 zones in 1 category: no problems"


@pytest.mark.parametrize(("language", "summary"), [("en", "2 problems"), ("ja", "問題が 2 件あります。")])
def test_validate_counts_the_problems_and_never_says_nothing_was_written(
    language: str, summary: str, make_year: MakeYear, capsys: pytest.CaptureFixture[str]
) -> None:
    year = make_year([zone_record(scores={"I": 6, "II": 4, "III": 4}, remaks=["x"])])
    assert main(["validate", str(year), "--lang", language]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 3
    assert err[-1] == summary


def test_validate_quiet_prints_nothing_when_all_is_well(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(R5), "--quiet"]) == 0
    assert capsys.readouterr() == ("", "")


# -- build ----------------------------------------------------------------------------------------

LONG_REMARK = "あ" * 900
"""A remark that fits the remarks box only below its size (12 pt -> 8.5 pt), on one card."""
REMARK_FOR_TWO_CARDS = "あ" * 1400
"""A remark that does not fit one card even at the smallest size."""


def test_build_says_what_it_shrank_and_what_it_wrote(
    make_year: MakeYear, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    year = make_year([zone_record(remarks=[LONG_REMARK])])
    assert main(["build", str(year), "-o", str(tmp_path / "out")]) == 0
    captured = capsys.readouterr()
    out = captured.out.splitlines()
    zone = year / "zones" / "01-zone.yaml"
    assert out[0] == f"{zone}: remarks: 12 pt → 8.5 pt: shrunk to fit its box"
    assert out[1:3] == [f"wrote {tmp_path / 'out' / 'r5' / name}" for name in ("cards.pptx", "report.docx")]
    assert re.fullmatch(
        rf"1 zone, 2 slides, the report written in \d+\.\d s \({re.escape(str(tmp_path / 'out' / 'r5'))}\)", out[3])
    assert len(out) == 4
    assert captured.err == ""  # not a terminal: no progress line


def test_build_in_japanese(make_year: MakeYear, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    year = make_year([zone_record(remarks=[LONG_REMARK])])
    assert main(["build", str(year), "-o", str(tmp_path / "out"), "--lang", "ja", "--no-report"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{year / 'zones' / '01-zone.yaml'}: 専門家所見: 12 pt → 8.5 pt に縮小しました（枠に収めるため）"
    folder = re.escape(str(tmp_path / "out" / "r5"))
    assert out[1] == f"{tmp_path / 'out' / 'r5' / 'cards.pptx'} を書き出しました。"
    assert re.fullmatch(rf"1 特区、2 枚のスライドを \d+\.\d 秒で書き出しました（{folder}）", out[2])


def test_a_zone_continued_on_a_next_card_is_a_warning_that_quiet_keeps(
    make_year: MakeYear, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    year = make_year([zone_record(remarks=[REMARK_FOR_TWO_CARDS])])
    assert main(["build", str(year), "-o", str(tmp_path / "out"), "--quiet"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"{year / 'zones' / '01-zone.yaml'}: remarks: does not fit one card even at the smallest size; "
        "continues on 2 cards"]


def test_quiet_build_prints_nothing_when_all_is_well(
    make_year: MakeYear, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    year = make_year([zone_record(remarks=[LONG_REMARK])])
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["build", str(year), "-o", str(tmp_path / "out"), "-q"]) == 0
    assert capsys.readouterr() == ("", "")
    assert (tmp_path / "out" / "r5" / "cards.pptx").is_file()


def test_the_progress_line_shows_on_a_terminal_only(
    make_year: MakeYear, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    year = make_year([zone_record()])
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["build", str(year), "-o", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert "\rmaking the slides... (" in err and "\rwriting the files... (" in err
    assert err.endswith("\r")  # blanked at the end: the summary starts on a clean line
    assert "\n" not in err

    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    assert main(["build", str(year), "-o", str(tmp_path / "out")]) == 0
    assert capsys.readouterr().err == ""


def test_nothing_to_build_says_so(make_year: MakeYear, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    year = make_year([zone_record()])
    assert main(["build", str(year), "-o", str(tmp_path / "out"), "--no-deck", "--no-report"]) == 0
    assert capsys.readouterr().out.splitlines() == ["nothing to write (--no-deck and --no-report)"]


# -- counting a PDF's pages -----------------------------------------------------------------------


def test_the_pages_of_a_pdf_are_its_page_objects() -> None:
    pdf = (b"%PDF-1.6\n1 0 obj\n<</Type /Pages /Kids [2 0 R 3 0 R 4 0 R] /Count 3>>\nendobj\n"
           b"2 0 obj\n<</Type/Page/Parent 1 0 R>>\nendobj\n3 0 obj\n<</Type /Page /Parent 1 0 R>>\nendobj\n"
           b"4 0 obj\n<< /Type  /Page\n/Parent 1 0 R >>\nendobj\n5 0 obj\n<</Type /PageLabel>>\nendobj\n")
    assert page_count(pdf) == 3
    assert page_count(b"%PDF-1.6\n") == 0
