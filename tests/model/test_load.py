"""The loader beyond the corpus: what it accepts, and the bounds that keep a hostile file cheap.

The corpus (tests/bad_inputs/) holds one case per user mistake with its exact message; these tests
cover what a corpus folder cannot hold (files made at test time: oversized, pathological) and the
values a valid file may carry.
"""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import MakeYear, zone_record
from tokku_slides.model.errors import InputError, InputErrors
from tokku_slides.model.load import MAX_TEXT_CHARS, load_year
from tokku_slides.model.yamlsrc import MAX_FILE_BYTES, MAX_NODES

ONE_SECOND = 1.0


def problems(folder: Path) -> list[str]:
    with pytest.raises(InputErrors) as info:
        load_year(folder)
    return [str(e).replace(f"{folder}/", "") for e in info.value.errors]


def timed_problems(folder: Path) -> tuple[list[str], float]:
    """The problems of ``folder`` and the CPU seconds the loader took to find them: CPU time, not wall
    time, so that other work on the machine (2 shared cores) cannot make the bound flaky; a quadratic
    or backtracking loader still costs seconds of CPU."""
    start = time.process_time()
    found = problems(folder)
    return found, time.process_time() - start


def write_zone(folder: Path, text: str | bytes, name: str = "01-zone.yaml") -> Path:
    path = folder / "zones" / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


VALID_ZONE = """name: テスト特区
governments: [東京都]
category: international
scores: {I: 4, II: 3.8, III: 4}
remarks:
  - 比較的順調に進んでいる。
"""


# -- what a valid file may be ------------------------------------------------------------------

def test_a_valid_year_loads_with_decimal_scores_and_percents(make_year: MakeYear) -> None:
    folder = make_year([zone_record(kpis=[{"name": "件数", "target": 40, "actual": 21}])])
    year = load_year(folder)
    zone = year.zones[0]
    assert zone.scores.ii == Decimal("3.8")
    assert zone.scores.total == Decimal("4.0")
    assert zone.kpis[0].achievement == Decimal("53")
    assert year.fiscal_year == 2023


def test_a_byte_order_mark_and_windows_line_ends_are_accepted(make_year: MakeYear) -> None:
    folder = make_year([])
    text = VALID_ZONE.replace("\n", "\r\n")
    write_zone(folder, b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert load_year(folder).zones[0].name == "テスト特区"


def test_line_breaks_inside_a_text_are_kept_and_the_ends_trimmed(make_year: MakeYear) -> None:
    folder = make_year([])
    write_zone(folder, VALID_ZONE.replace("  - 比較的順調に進んでいる。\n", "  - |\n    一行目\n    二行目\n"))
    assert load_year(folder).zones[0].remarks == ("一行目\n二行目",)


def test_a_score_written_with_a_trailing_zero_is_its_value(make_year: MakeYear) -> None:
    folder = make_year([zone_record(scores={"I": "4.0", "II": 3.8, "III": 4, "total": 4})])
    text = (folder / "zones" / "01-zone.yaml").read_text(encoding="utf-8").replace("'4.0'", "4.00")
    (folder / "zones" / "01-zone.yaml").write_text(text, encoding="utf-8")
    assert load_year(folder).zones[0].scores.i == Decimal(4)


def test_kpis_and_measures_may_be_left_empty(make_year: MakeYear) -> None:
    folder = make_year([])
    write_zone(folder, VALID_ZONE + "kpis:\nmeasures: []\n")
    zone = load_year(folder).zones[0]
    assert zone.kpis == () and zone.measures == ()


def test_zone_files_are_read_in_file_name_order_whatever_the_case_of_yaml(make_year: MakeYear) -> None:
    folder = make_year([])
    write_zone(folder, VALID_ZONE.replace("テスト特区", "二番"), "02-b.YML")
    write_zone(folder, VALID_ZONE.replace("テスト特区", "一番"), "01-a.Yaml")
    write_zone(folder, "not: [yaml", ".01-a.yaml.swp")  # an editor's hidden file
    (folder / "zones" / "Thumbs.db").write_bytes(b"\x00\x01")  # Windows leaves these behind
    assert [z.name for z in load_year(folder).zones] == ["一番", "二番"]


# -- reporting -----------------------------------------------------------------------------------

def test_every_file_of_the_folder_is_reported_at_once_in_file_order(make_year: MakeYear) -> None:
    folder = make_year(
        [zone_record("一", scores={"I": 6, "II": 3, "III": 3}), zone_record("二", remarks=[])],
        categories={},
    )
    found = problems(folder)
    assert [line.split(":")[0] for line in found] == ["evaluation.yaml", "zones/01-zone.yaml", "zones/02-zone.yaml"]


def test_a_message_is_one_line_whatever_the_value_holds() -> None:
    error = InputError(Path("r5/zones/01.yaml"), 3, 5, "name", "bad", "first\nsecond\u2028third\x00")
    assert str(error) == "r5/zones/01.yaml:3:5: name: bad (found: first\\nsecond\\u2028third\\x00)"


def test_a_category_is_still_checked_for_each_zone_when_evaluation_yaml_is_broken(make_year: MakeYear) -> None:
    folder = make_year([zone_record(category="nowhere")])
    (folder / "evaluation.yaml").write_text("fiscal_year: [\n", encoding="utf-8")
    found = problems(folder)
    assert found[0].startswith("evaluation.yaml:") and "YAML syntax error" in found[0]
    # without categories the zone's category cannot be judged: only the file that is broken is reported
    assert len(found) == 1


def test_text_with_a_line_separator_is_refused(make_year: MakeYear) -> None:
    folder = make_year([zone_record(remarks=["前半\u2028後半"])])
    assert problems(folder) == [
        "zones/01-zone.yaml:18:3: remarks.1: contains an invisible control character (U+2028: delete it) "
        "(found: 前半\\u2028後半)"
    ]


def test_a_text_longer_than_the_limit_is_refused(make_year: MakeYear) -> None:
    folder = make_year([zone_record(remarks=["あ" * (MAX_TEXT_CHARS + 1)])])
    (line,) = problems(folder)
    assert "remarks.1: text is too long (5,001 characters; at most 5,000)" in line


def test_a_data_folder_that_is_a_file_is_named_so(tmp_path: Path) -> None:
    (tmp_path / "r5").write_text("", encoding="utf-8")
    (line,) = problems(tmp_path / "r5")
    assert line.endswith("r5: is a file, not a folder: give a fiscal year's folder, e.g. data/r5")


# -- safety and bounds ---------------------------------------------------------------------------

def test_a_python_tag_is_never_constructed(make_year: MakeYear, tmp_path: Path) -> None:
    folder = make_year([])
    marker = tmp_path / "constructed"
    write_zone(folder, VALID_ZONE + f'x: !!python/object/apply:os.system ["touch {marker}"]\n'
               f'y: !!python/object/apply:pathlib.Path.touch [!!python/object/apply:pathlib.Path ["{marker}"]]\n')
    (line,) = problems(folder)
    assert "YAML tags are not allowed" in line
    assert not marker.exists()


def test_an_oversized_file_is_refused_before_it_is_read(make_year: MakeYear) -> None:
    folder = make_year([])
    path = write_zone(folder, VALID_ZONE + "#" + "x" * (50 * MAX_FILE_BYTES) + "\n")  # 12.8 MB
    found, seconds = timed_problems(folder)
    assert found == [f"zones/01-zone.yaml: file is too large ({path.stat().st_size:,} bytes; "
                     f"a year's file is a few kB, at most {MAX_FILE_BYTES:,})"]
    assert seconds < ONE_SECOND


def test_a_billion_laughs_is_refused_at_the_first_anchor(make_year: MakeYear) -> None:
    folder = make_year([])
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 30)]  # 10**30 strings
    write_zone(folder, VALID_ZONE + "\n".join(lines) + "\n")
    found, seconds = timed_problems(folder)
    assert found == ["zones/01-zone.yaml:7:5: anchors and aliases (& and *) are not supported; "
                     "write the value out in full"]
    assert seconds < ONE_SECOND


TOO_MANY = f"too many values in one file (more than {MAX_NODES:,})"
PATHOLOGICAL = {
    "a_long_flat_list": (lambda: "x: [" + "1, " * 85_000 + "1]\n", TOO_MANY),
    "many_list_lines": (lambda: "x:\n" + "  - 1\n" * 42_000, TOO_MANY),
    "many_keys": (lambda: "".join(f"k{i}: {i}\n" for i in range(15_000)), TOO_MANY),
    "deep_nesting": (lambda: "x: " + "[" * 120_000 + "]" * 120_000, "values nested too deeply (more than 16 levels)"),
    "one_long_comment": (lambda: "#" + "x" * (MAX_FILE_BYTES - 10) + "\n", "the file is empty"),
    "blank_lines": (lambda: "\n" * (MAX_FILE_BYTES - 10), "the file is empty"),
}


@pytest.mark.parametrize("case", sorted(PATHOLOGICAL))
def test_a_pathological_file_just_under_the_size_limit_is_refused_within_a_second(
    make_year: MakeYear, case: str
) -> None:
    make_text, message = PATHOLOGICAL[case]
    text = make_text()
    assert len(text.encode("utf-8")) <= MAX_FILE_BYTES, case
    folder = make_year([])
    write_zone(folder, text)
    found, seconds = timed_problems(folder)
    assert len(found) == 1 and message in found[0], found
    assert seconds < ONE_SECOND, f"{case}: {seconds:.2f} s"
