"""The corpus of bad inputs: every case ends in exit status 2, the exact message lines, nothing written.

Each folder of tests/bad_inputs/ is one case, named after what is wrong: ``r5/`` is the year folder as
a user would have it (or none, when the case is a missing folder), ``expected_stderr.txt`` the exact
lines the command prints (paths relative to the case folder), and an optional ``args`` file the
DATA_DIR to give instead of ``r5``. ``pytest --update-golden`` rewrites the expected files from the
current messages (read every one before committing it).

The command runs in-process inside a copy of the case folder, with an ``out`` folder already holding
a previous build; afterwards the ``out`` folder (files, bytes and modification times) and the input
are exactly as before.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tokku_slides import cli

CORPUS = Path(__file__).parent / "bad_inputs"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
EXPECTED = "expected_stderr.txt"
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


@pytest.mark.parametrize("case", CASES)
def test_bad_input(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    update_golden: bool,
) -> None:
    source = CORPUS / case
    work = tmp_path / case
    shutil.copytree(source, work, ignore=shutil.ignore_patterns(EXPECTED))
    monkeypatch.chdir(work)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    args_file = work / "args"
    data_dir = args_file.read_text(encoding="utf-8").strip() if args_file.exists() else "r5"
    if args_file.exists():
        args_file.unlink()
    previous_build(work)
    before = snapshot(work)

    code, lines, stdout = run(["build", data_dir, "-o", "out"], capsys, work)

    expected_file = source / EXPECTED
    if update_golden:
        expected_file.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    expected = expected_file.read_text(encoding="utf-8").splitlines()
    assert code == 2
    assert stdout == ""
    assert lines == expected
    assert snapshot(work) == before, "the build changed the out folder or the input"
    problems = expected[:-1]
    assert expected[-1] == f"{len(problems)} problem{'' if len(problems) == 1 else 's'}; nothing was written"
    assert all(line.count("\n") == 0 and line for line in problems)
    assert not any("Traceback" in line for line in lines)

    # validate reports the same problems, and closes with their count alone: it never writes
    code, lines, _stdout = run(["validate", data_dir], capsys, work)
    assert code == 2
    assert lines[:-1] == problems
    assert lines[-1] == f"{len(problems)} problem{'' if len(problems) == 1 else 's'}"
