"""The READMEs say what the code does: the two set-up commands literally (and .ci/run runs the test
command literally), and the Japanese command reference names every option the commands' help lists."""

from __future__ import annotations

import argparse
import re

import pytest

from tokku_slides.cli import parser
from tokku_slides.i18n import LANGUAGE_ENV
from tokku_slides.render.pdf import SOFFICE_ENV, TIMEOUT_ENV

from .conftest import ROOT

BUILD_COMMAND = "pip install -e . && tokku-slides build data/r5"
TEST_COMMAND = "pip install -e '.[test]' && pytest"
READMES = ("README.md", "README.en.md")
REFERENCE_HEADING = "## コマンドの使い方"
"""The heading of the Japanese README's command reference."""


def text(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8")


def lines(name: str) -> list[str]:
    return [line.strip() for line in text(name).splitlines()]


@pytest.mark.parametrize("readme", READMES)
@pytest.mark.parametrize("command", [BUILD_COMMAND, TEST_COMMAND], ids=["build", "test"])
def test_each_readme_holds_the_set_up_command_on_a_line_of_its_own(readme: str, command: str) -> None:
    assert command in lines(readme)


def test_ci_runs_the_readmes_test_command_literally() -> None:
    assert TEST_COMMAND in lines(".ci/run")


def test_each_readme_links_to_the_other_on_its_first_line() -> None:
    assert text("README.md").splitlines()[0] == "English: [README.en.md](README.en.md)"
    assert text("README.en.md").splitlines()[0] == "日本語: [README.md](README.md)"


def listed_options(p: argparse.ArgumentParser) -> dict[str, set[str]]:
    """Every option string that ``--help`` of the top level and of each command lists (an option whose
    help is suppressed is not listed), by command ("" for the top level)."""
    found: dict[str, set[str]] = {"": set()}
    commands = [("", p)]
    for action in p._actions:
        if isinstance(action, argparse._SubParsersAction):
            commands += sorted(action.choices.items())
    for name, command in commands:
        found[name] = {
            option
            for action in command._actions
            if action.help != argparse.SUPPRESS
            for option in action.option_strings
        }
    return found


def section(markdown: str, heading: str) -> str:
    """The text under ``heading`` (a ``## `` line) up to the next heading of that level."""
    start = markdown.index(heading + "\n")
    end = markdown.find("\n## ", start + len(heading))
    return markdown[start:end if end >= 0 else len(markdown)]


def documented_options(markdown: str) -> set[str]:
    """The option names written as code in ``markdown``: in `...` spans and in indented code lines."""
    code = re.findall(r"`([^`\n]+)`", markdown)
    code += [line for line in markdown.splitlines() if line.startswith("    ")]
    return {option for span in code for option in re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", span)}


def test_the_parser_lists_the_options_this_test_expects() -> None:
    """The test reads the real parser: build's options include --pdf and -o, --debug only at the top."""
    options = listed_options(parser())
    assert {"", "build", "validate", "preview", "new"} <= set(options)
    assert {"-o", "--out", "--pdf", "--strict", "-q", "--quiet", "--lang", "--layout"} <= options["build"]
    assert "--debug" in options[""] and "--debug" not in options["build"]


COMMANDS = sorted(listed_options(parser()))
"""The top level ("") and every subcommand, as the parser has them."""


@pytest.mark.parametrize("command", COMMANDS, ids=[c or "top" for c in COMMANDS])
def test_the_japanese_command_reference_names_every_option_the_help_lists(command: str) -> None:
    reference = section(text("README.md"), REFERENCE_HEADING)
    missing = sorted(listed_options(parser())[command] - documented_options(reference))
    assert missing == []


def test_the_japanese_command_reference_names_the_commands_and_the_environment_variables() -> None:
    reference = section(text("README.md"), REFERENCE_HEADING)
    for name in (*(f"### {c}" for c in COMMANDS if c), LANGUAGE_ENV, SOFFICE_ENV, TIMEOUT_ENV,
                 "SOURCE_DATE_EPOCH"):
        assert name in reference


def test_an_option_missing_from_the_reference_is_found() -> None:
    """The check itself: an option named only in prose, or not at all, is not documented."""
    markdown = ("## コマンドの使い方\n\n    tokku-slides build DATA_DIR [--pdf]\n\n"
                "| `-o OUT`、`--out OUT` | 出力先 |\nstrict にすると止まります。\n## 次の節\n`--strict`\n")
    found = documented_options(section(markdown, REFERENCE_HEADING))
    assert found == {"--pdf", "-o", "--out"}
    assert "--strict" not in found
