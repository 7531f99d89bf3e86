"""The corpus of bad layout files: every case ends in exit status 2, the exact message lines, nothing
written, through ``build``, ``validate`` and ``preview`` alike.

Each folder of tests/bad_layouts/ is one case, named after what is wrong. Its ``case.yaml`` says how
to make the layout file from the default layouts/card.yaml, so that the cases follow the default
file: ``replace`` lists [old, new] text replacements (each ``old`` found exactly once), or ``file``
names a file that is not YAML at all (``powerpoint``, ``word``, ``binary``, ``shift_jis``,
``utf16``). ``expected_stderr.en.txt`` and ``expected_stderr.ja.txt`` hold the exact lines ``build``
prints in English and in Japanese (``--lang en``, ``--lang ja``; paths relative to the case folder;
``validate`` prints the same problems and closes with the count alone, as it never writes);
``pytest --update-golden`` rewrites them from the current messages (read every one before committing
it).

The command runs in-process inside a fresh folder holding the year (a copy of data/r5), the layout
file ``layout.yaml`` (``layout.pptx``, ``layout.docx`` for Office files), a copy of the default
layout's metrics folder and an ``out`` folder already holding a previous build; afterwards that
folder is exactly as before.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import R5
from tests.test_bad_inputs import previous_build, run, snapshot
from tokku_slides.layout.spec import DEFAULT_LAYOUT

CORPUS = Path(__file__).parent / "bad_layouts"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
LANGUAGES = ("en", "ja")
COMMANDS = (["build", "r5", "-o", "out"], ["validate", "r5"], ["preview", "r5", "-o", "out"])
SUMMARIES = {
    "en": (re.compile(r"(\d+) problems?; nothing was written"), re.compile(r"(\d+) problems?")),
    "ja": (re.compile(r"問題が (\d+) 件あります。ファイルは何も書き込んでいません。"),
           re.compile(r"問題が (\d+) 件あります。")),
}
"""The closing line of build and preview, and of validate (which never writes), in each language."""


def expected_name(language: str) -> str:
    return f"expected_stderr.{language}.txt"


def default_text() -> str:
    return DEFAULT_LAYOUT.read_text(encoding="utf-8")


def edited(replacements: list[list[str]]) -> str:
    """The default layout with each ``old`` (found exactly once) replaced by ``new``."""
    text = default_text()
    for old, new in replacements:
        assert text.count(old) == 1, f"not found exactly once in the default layout: {old!r}"
        text = text.replace(old, new)
    return text


def office_file(kind: str) -> bytes:
    """A real PowerPoint or Word file, as python-pptx/python-docx write one."""
    buffer = io.BytesIO()
    if kind == "powerpoint":
        from pptx import Presentation

        Presentation().save(buffer)
    else:
        from docx import Document

        Document().save(buffer)
    return buffer.getvalue()


def write_layout(case: dict[str, Any], work: Path) -> str:
    """Write the case's layout file into ``work``; its name."""
    kind = case.get("file")
    if kind is None:
        (work / "layout.yaml").write_text(edited(case["replace"]), encoding="utf-8")
        return "layout.yaml"
    if kind in ("powerpoint", "word"):
        name = "layout.pptx" if kind == "powerpoint" else "layout.docx"
        (work / name).write_bytes(office_file(kind))
        return name
    data = {
        "binary": bytes(range(256)) * 8,
        "shift_jis": default_text().encode("cp932"),
        "utf16": default_text().encode("utf-16"),
    }[kind]
    (work / "layout.yaml").write_bytes(data)
    return "layout.yaml"


def test_the_corpus_has_the_cases_of_the_issue() -> None:
    """A guard against the corpus being emptied by accident."""
    for name in [
        "unknown_key_heder_height", "unknown_colour_key_mutd", "unknown_key_min_sise",
        "unknown_report_colour_totl_fill", "negative_width", "box_off_the_slide", "label_missing",
        "font_size_written_as_text", "font_size_written_in_kanji", "min_size_above_size",
        "hex_colour_of_five_digits", "powerpoint_file_as_layout", "word_file_as_layout", "binary_file",
        "shift_jis_file", "utf16_file", "three_mistakes_at_once", "metrics_file_missing",
    ]:
        assert name in CASES


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("case_name", CASES)
def test_bad_layout(
    case_name: str, language: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], update_golden: bool,
) -> None:
    source = CORPUS / case_name
    case = yaml.safe_load((source / "case.yaml").read_text(encoding="utf-8"))
    work = tmp_path / case_name
    work.mkdir()
    shutil.copytree(R5, work / "r5")
    shutil.copytree(DEFAULT_LAYOUT.parent / "metrics", work / "metrics")
    layout = write_layout(case, work)
    monkeypatch.chdir(work)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    previous_build(work)
    before = snapshot(work)

    expected_file = source / expected_name(language)
    built, validated = SUMMARIES[language]
    for i, command in enumerate(COMMANDS):
        code, lines, stdout = run([*command, "--layout", layout, "--lang", language], capsys, work)
        if update_golden and i == 0:
            expected_file.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
        expected = expected_file.read_text(encoding="utf-8").splitlines()
        assert code == 2, command
        assert stdout == ""
        if command[0] == "validate":
            assert lines[:-1] == expected[:-1], command
            count = validated.fullmatch(lines[-1])
            assert count is not None and int(count.group(1)) == len(expected) - 1, lines[-1]
        else:
            assert lines == expected, command
        assert snapshot(work) == before, f"{command[0]} changed the out folder or the input"
    problems = expected[:-1]
    count = built.fullmatch(expected[-1])
    assert count is not None and int(count.group(1)) == len(problems)
    if language == "en":
        assert expected[-1] == f"{len(problems)} problem{'' if len(problems) == 1 else 's'}; nothing was written"
    assert all(line.startswith(f"{layout}:") and line.count("\n") == 0 for line in problems)
    assert not any("Traceback" in line or "internal error" in line for line in lines)
    assert all(len(line) < 300 for line in lines)


def test_the_layout_file_is_written_as_named(tmp_path: Path) -> None:
    """The corpus's own machinery: a replacement that is not in the default layout is refused."""
    with pytest.raises(AssertionError):
        edited([["no such text in the layout", "x"]])
