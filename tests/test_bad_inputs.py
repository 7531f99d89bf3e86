"""The corpus of bad inputs: every case ends in exit status 2, the exact message lines, nothing written.

Each folder of tests/bad_inputs/ is one case, named after what is wrong: ``r5/`` is the year folder as
a user would have it (or none, when the case is a missing folder), ``expected_stderr.en.txt`` and
``expected_stderr.ja.txt`` the exact lines the command prints in English and in Japanese (paths
relative to the case folder), and an optional ``args`` file the DATA_DIR to give instead of ``r5``.
Every case runs in both languages (``TOKKU_LANG``). ``pytest --update-golden`` rewrites the expected files from the
current messages (read every one before committing it).

The command runs in-process inside a copy of the case folder, with an ``out`` folder already holding
a previous build; afterwards the ``out`` folder (files, bytes and modification times) and the input
are exactly as before.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from tokku_slides import cli, i18n
from tokku_slides.model import load

CORPUS = Path(__file__).parent / "bad_inputs"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
LANGUAGES = ("en", "ja")
EXPECTED = "expected_stderr.{language}.txt"
VALIDATE_SUMMARY = {
    "en": lambda n: f"{n} problem{'' if n == 1 else 's'}",
    "ja": lambda n: f"問題が {n} 件あります。",
}
"""The closing line of validate (it never writes) after ``n`` problems."""
SUMMARY = {
    "en": lambda n: f"{n} problem{'' if n == 1 else 's'}; nothing was written",
    "ja": lambda n: f"問題が {n} 件あります。ファイルは何も書き込んでいません。",
}
"""The closing line the command prints after ``n`` problems, in each language."""
PAST = 1_600_000_000_000_000_000
"""A modification time (ns) stamped on the previous build's files, so that any rewrite would show."""


def snapshot(folder: Path) -> dict[str, tuple[str, bytes, int]]:
    """Every file and folder under ``folder``: kind, content, modification time in ns."""
    out: dict[str, tuple[str, bytes, int]] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        st = path.lstat()
        if path.is_dir():
            out[rel] = ("dir", b"", st.st_mtime_ns)
        else:
            out[rel] = ("file", path.read_bytes(), st.st_mtime_ns)
    return out


def previous_build(folder: Path) -> None:
    """An ``out`` folder as a previous successful build left it."""
    year = folder / "out" / "r5"
    year.mkdir(parents=True)
    (year / "cards.pptx").write_bytes(b"the previous deck")
    (year / "report.docx").write_bytes(b"the previous report")
    (folder / "out" / "notes.txt").write_text("kept\n", encoding="utf-8")
    for path in [year / "cards.pptx", year / "report.docx", folder / "out" / "notes.txt", year, folder / "out"]:
        os.utime(path, ns=(PAST, PAST))


def run(argv: list[str], capsys: pytest.CaptureFixture[str], work: Path) -> tuple[int, list[str], str]:
    code = cli.main(argv)
    captured = capsys.readouterr()
    lines = [line.replace(f"{work}{os.sep}", "") for line in captured.err.splitlines()]
    return code, lines, captured.out


def test_the_corpus_has_the_cases_of_the_data_contract() -> None:
    """A guard against the corpus being emptied by accident: the cases the contract names are there."""
    for name in [
        "key_given_twice", "unknown_key_with_nearest_known_key", "score_in_quotes", "score_above_five",
        "score_with_two_decimals", "negative_percent", "kpi_with_achievement_and_target", "unknown_category",
        "empty_remarks_list", "empty_governments", "total_disagrees_with_rule", "same_zone_name_twice",
        "shift_jis_file", "yaml_syntax_error_unclosed_list", "python_tag", "alias_bomb",
        "evaluation_yaml_missing", "zones_folder_missing", "data_folder_does_not_exist",
        "every_problem_of_the_folder_at_once",
    ]:
        assert name in CASES


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case", CASES)
def test_bad_input(
    case: str, language: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], update_golden: bool,
) -> None:
    source = CORPUS / case
    work = tmp_path / case
    shutil.copytree(source, work, ignore=shutil.ignore_patterns("expected_stderr.*"))
    monkeypatch.setenv(i18n.LANGUAGE_ENV, language)
    i18n.set_language(language)
    monkeypatch.chdir(work)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    args_file = work / "args"
    data_dir = args_file.read_text(encoding="utf-8").strip() if args_file.exists() else "r5"
    if args_file.exists():
        args_file.unlink()
    previous_build(work)
    before = snapshot(work)

    code, lines, stdout = run(["build", data_dir, "-o", "out"], capsys, work)

    expected_file = source / EXPECTED.format(language=language)
    if update_golden:
        expected_file.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    expected = expected_file.read_text(encoding="utf-8").splitlines()
    assert code == 2
    assert stdout == ""
    assert lines == expected
    assert snapshot(work) == before, "the build changed the out folder or the input"
    problems = expected[:-1]
    assert expected[-1] == SUMMARY[language](len(problems))
    assert all(line.count("\n") == 0 and line for line in problems)
    assert not any("Traceback" in line for line in lines)

    # validate reports the same problems, and closes with their count alone: it never writes
    code, lines, _stdout = run(["validate", data_dir], capsys, work)
    assert code == 2
    assert lines[:-1] == problems
    assert lines[-1] == VALIDATE_SUMMARY[language](len(problems))


ALLOWED_WORDS = frozenset(
    {"YAML", "UTF", "Shift_JIS", "cp", "Unicode", "KPI", "BOM", "true", "false", "I", "II", "III"}
    | set(load.EVALUATION_KEYS) | set(load.ZONE_KEYS) | set(load.SCORE_KEYS) | set(load.KPI_KEYS)
    | set(load.MEASURE_KEYS) | set(load.ORGANISATION_KEYS)
    | {load.ZONES_DIR, "international", "local"}  # the zones folder, the corpus' categories
)
"""Latin words a Japanese message may hold: names of formats and encodings, the records' keys and
the corpus' category keys (they are written as they are in both languages)."""

_PREFIX = re.compile(r"^[^:]+(?::\d+:\d+)?: (?:[A-Za-z_][\w.]*(?:（[^）]*）)?: )?")
"""``FILE:LINE:COLUMN: field.path（label）: `` at the start of a message."""
_VALUES = [
    re.compile(r"（入力値: .*）$"),  # the value as written
    re.compile(r"'[^']*'|`[^`]*`|\"[^\"]*\"|「[^」]*」"),  # quoted values
    re.compile(r"\S*[/\\]\S*|\S*\.(?:yaml|yml|txt)\b"),  # paths, file names and suffixes
]


def english_words(line: str) -> list[str]:
    """The Latin words of a message line that are neither a key, a file name nor a value: what a
    Japanese reader would have to read in English."""
    text = _PREFIX.sub("", line)
    for pattern in _VALUES:
        text = pattern.sub(" ", text)
    return [w for w in re.findall(r"[A-Za-z_]{2,}", text) if w not in ALLOWED_WORDS]


def test_the_checker_sees_english_in_a_japanese_message() -> None:
    english = "r5/zones/01-alpha.yaml:6:7: scores.II: a score must be from 1.0 to 5.0 (found: 6)"
    assert english_words(english) == ["score", "must", "be", "from", "to", "found"]
    mixed = "r5/zones/01-alpha.yaml:6:7: scores.II（Ⅱ）: 評価点は 1.0 から 5.0 までです (found: 6)"
    assert english_words(mixed) == ["found"]
    japanese = ("r5/zones/01-alpha.yaml:6:7: kpis.1.achievment: 使えないキーです。achievement の誤りでは"
                "ありませんか。（入力値: high score）")
    assert english_words(japanese) == []


@pytest.mark.parametrize("case", CASES)
def test_japanese_messages_hold_no_english_words(case: str) -> None:
    """Every Japanese line of the corpus is Japanese but for keys, file names and values."""
    lines = (CORPUS / case / EXPECTED.format(language="ja")).read_text(encoding="utf-8").splitlines()
    assert lines
    assert [(line, english_words(line)) for line in lines if english_words(line)] == []
