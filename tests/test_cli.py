"""The command line: build, validate, --layout, python -m."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tokku_slides.cli import main
from tokku_slides.layout.spec import DEFAULT_LAYOUT

from .conftest import R5, MakeYear, zone_record
from .readback import deck_summary, shapes_named


def test_build_writes_the_deck_under_out_named_after_the_data_folder(tmp_path: Path) -> None:
    assert main(["build", str(R5), "-o", str(tmp_path), "--no-report"]) == 0
    assert (tmp_path / "r5" / "cards.pptx").stat().st_size > 10_000


def test_validate_prints_a_one_line_summary_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["validate", str(R5)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1] == f"{R5}: 令和５年度 (2023), 6 zones in 1 category: no problems"
    assert all(": shrunk to fit its box" in line for line in out[:-1])  # the titles of three zones
    assert list(tmp_path.iterdir()) == []


def test_validate_reports_each_problem_on_a_line_with_its_place(
    make_year: MakeYear, capsys: pytest.CaptureFixture[str]
) -> None:
    record = zone_record(scores={"I": 6, "II": 4, "III": 4}, remaks=["x"])
    del record["remarks"]
    year = make_year([record])
    assert main(["validate", str(year)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert any(line.endswith("scores.I: a score must be from 1.0 to 5.0 (found: 6)") for line in err)
    assert any("remaks: unknown key; did you mean 'remarks'?" in line for line in err)
    assert all(line.startswith(str(year)) for line in err[:-1])


def test_another_layout_file_moves_the_boxes(tmp_path: Path) -> None:
    text = DEFAULT_LAYOUT.read_text(encoding="utf-8").replace(
        "section:  {x: 10, y: 6,", "section:  {x: 20, y: 6,")
    shutil.copytree(DEFAULT_LAYOUT.parent / "metrics", tmp_path / "metrics")  # a copy: symlinks fail on Windows
    other = tmp_path / "other.yaml"
    other.write_text(text, encoding="utf-8")
    assert main(["build", str(R5), "-o", str(tmp_path / "out"), "--no-report", "--layout", str(other)]) == 0
    summary = deck_summary(tmp_path / "out" / "r5" / "cards.pptx")
    assert shapes_named(summary[1:2], "section")[0]["box_mm"][0] == 20.0


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run([sys.executable, "-m", "tokku_slides", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("tokku-slides ")


def test_importing_the_command_line_imports_nothing_of_the_build() -> None:
    """The ``tokku-slides`` script imports tokku_slides.cli, and every chart worker imports the script
    again as it starts: the command line alone must stay a few modules of the standard library."""
    code = ("import sys, tokku_slides.cli\n"
            "print(sorted(m for m in sys.modules if m.startswith(('tokku_slides.', 'yaml', 'pptx', 'docx', "
            "'matplotlib'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['tokku_slides.cli', 'tokku_slides.i18n']"


HEAD_START = """
import sys
from tokku_slides import cli
from tokku_slides.render import chartpool
seen = []
chartpool.head_start = lambda out: seen.append('tokku_slides.build' in sys.modules) or False
status = cli.main(sys.argv[1:])
print(status, seen)
"""


@pytest.mark.parametrize(("options", "seen"), [
    ([], "[False, True]"),  # by the command line before the build is imported, and by build() itself
    (["--no-report"], "[]"),  # no report, no charts
])
def test_a_build_starts_the_chart_server_before_importing_the_build(
    tmp_path: Path, options: list[str], seen: str
) -> None:
    out = subprocess.run([sys.executable, "-c", HEAD_START, "build", str(R5), "-o", str(tmp_path), "-q", *options],
                         capture_output=True, text=True, check=True).stdout
    assert out.strip() == f"0 {seen}"


def test_head_start_only_for_an_out_without_charts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tokku_slides.render import chartpool

    started: list[bool] = []
    monkeypatch.setattr(chartpool, "warm_up", lambda: started.append(True) or True)
    assert chartpool.head_start(tmp_path) is True
    (tmp_path / chartpool.CHART_CACHE / "ab").mkdir(parents=True)
    assert chartpool.head_start(tmp_path) is False
    assert started == [True]


def test_the_command_leaves_its_objects_frozen_for_a_quick_exit() -> None:
    """The script's entry point (and python -m) is cli.command: main, then gc.freeze, so that the
    interpreter's shutdown does not walk every object again; main itself (what tests call) does not."""
    import tomllib

    scripts = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert scripts["project"]["scripts"] == {"tokku-slides": "tokku_slides.cli:command"}
    code = ("import gc\nfrom tokku_slides import cli\n"
            f"a = cli.main(['validate', {str(R5)!r}, '-q']); frozen_by_main = gc.get_freeze_count()\n"
            f"b = cli.command(['validate', {str(R5)!r}, '-q'])\n"
            "print(a, b, frozen_by_main, gc.get_freeze_count() > 1000)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["0", "0", "0", "True"]


def test_an_interruption_while_the_commands_load_exits_as_any_interruption() -> None:
    from tokku_slides import cli, commands

    assert cli.EXIT_INTERRUPTED == commands.EXIT_INTERNAL == 1
