"""The layout file's schema (tokku_slides.layout.schema): the default layout is valid, every problem
is reported at once with its place, colours and rules are resolved, and the check needs no Office
library. The corpus of single mistakes, through the command line, is tests/test_bad_layouts.py."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tokku_slides import cli
from tokku_slides.layout import schema
from tokku_slides.layout.schema import MESSAGES, check_layout
from tokku_slides.layout.spec import DEFAULT_LAYOUT, load_layout
from tokku_slides.model.errors import InputErrors

DEFAULT_TEXT = DEFAULT_LAYOUT.read_text(encoding="utf-8")


def layout_file(tmp_path: Path, *replacements: tuple[str, str], text: str | None = None) -> Path:
    """The default layout with targeted replacements (each ``old`` found once), written into tmp_path
    beside a copy of its metrics folder."""
    text = DEFAULT_TEXT if text is None else text
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    if not (tmp_path / "metrics").exists():
        shutil.copytree(DEFAULT_LAYOUT.parent / "metrics", tmp_path / "metrics")
    path = tmp_path / "layout.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(InputErrors) as caught:
        check_layout(path)
    return [str(e).replace(f"{path}:", "") for e in caught.value.errors]


def test_the_default_layout_is_valid() -> None:
    checked = check_layout(DEFAULT_LAYOUT)
    assert checked.values["card"]["score_table"]["header_height"] == 21
    layout = load_layout()
    assert layout.path == DEFAULT_LAYOUT and layout.labels.kpis == "進捗度"


def test_a_copy_of_the_default_layout_is_valid(tmp_path: Path) -> None:
    assert check_layout(layout_file(tmp_path)).values["slide"] == {"width": 297, "height": 210}


def test_all_problems_of_a_file_are_reported_at_once_sorted_by_line(tmp_path: Path) -> None:
    path = layout_file(
        tmp_path,
        ("  muted: \"595959\"", "  muted: \"59595\""),            # line 27
        ("slide: {width: 297, height: 210}", "slide: {width: 297, hieght: 210}"),  # line 5
        ("    dpi: 200", "    dpi: 20.5"),                         # line 141
    )
    lines = problems(path)
    assert lines == [
        "5:21: slide.hieght: unknown key; did you mean 'height'?",
        "27:10: colors.muted: a hex colour has six digits (RRGGBB) such as 1F3864, not 5 (found: 59595)",
        "178:10: report.chart.dpi: expected a whole number of dots per inch (found: 20.5)",
    ]


def test_a_misspelt_required_key_is_not_reported_missing_as_well(tmp_path: Path) -> None:
    lines = problems(layout_file(tmp_path, ("    header_height: 21", "    heder_height: 21")))
    assert lines == ["86:5: card.score_table.heder_height: unknown key; did you mean 'header_height'?"]


def test_the_metrics_file_must_exist(tmp_path: Path) -> None:
    path = layout_file(tmp_path)
    shutil.rmtree(tmp_path / "metrics")
    assert problems(path) == [
        "10:12: fonts.metrics: no such file (the path is relative to the layout file's folder) "
        "(found: metrics/biz-udgothic.yaml)",
        "11:18: fonts.latin_metrics: no such file (the path is relative to the layout file's folder) "
        "(found: metrics/biz-udpgothic.yaml)",
    ]


def test_the_metrics_file_may_be_given_by_absolute_path(tmp_path: Path) -> None:
    metrics = DEFAULT_LAYOUT.parent / "metrics" / "biz-udgothic.yaml"
    latin = DEFAULT_LAYOUT.parent / "metrics" / "biz-udpgothic.yaml"
    path = layout_file(tmp_path, ("metrics: metrics/biz-udgothic.yaml", f"metrics: {metrics.as_posix()}"),
                       ("latin_metrics: metrics/biz-udpgothic.yaml", f"latin_metrics: {latin.as_posix()}"))
    shutil.rmtree(tmp_path / "metrics")
    layout = load_layout(path)
    assert (layout.metrics_path, layout.latin_metrics_path) == (metrics.resolve(), latin.resolve())


def test_a_layout_without_a_report_section_is_refused(tmp_path: Path) -> None:
    text = DEFAULT_TEXT[: DEFAULT_TEXT.index("\n# The Word report")] + "\n"
    assert problems(layout_file(tmp_path, text=text)) == ["5:1: report: required key is missing"]


def test_the_report_section_is_checked_like_the_rest(tmp_path: Path) -> None:
    path = layout_file(
        tmp_path,
        ("      I: \"ED7D31\"\n", ""),
        ("score_columns: [26, 48, 48, 48]", "score_columns: [40, 40]"),
        ("    body:          {size: 10.5, color: text, after: 2}", "    body:          {color: text, after: 2}"),
        ("    chapters: [評価の方法, 評価結果一覧, 分野別状況]", "    chapters: [評価の方法, 評価結果一覧]"),
        ("    date: \"{wareki}\"", "    date: \"{wareki}{dy}\""),
    )
    fields = [line.split(": ")[1] for line in problems(path)]
    assert fields == ["report.styles.body.size", "report.table.score_columns", "report.chart.colors.I",
                      "report.labels.date", "report.labels.chapters"]


def test_a_placeholder_the_text_cannot_use_is_named(tmp_path: Path) -> None:
    path = layout_file(tmp_path, ('footer: "{title} {era}"', 'footer: "{title} {year}"'))
    assert problems(path) == [
        "46:11: labels.footer: unknown placeholder {year}; this text may use {title}, {era} (found: {title} {year})"
    ]


def test_a_rule_is_a_key_of_rules(tmp_path: Path) -> None:
    path = layout_file(tmp_path, ("kpis: {size: 12, min_size: 7, group: body, border: table}",
                                  "kpis: {size: 12, min_size: 7, group: body, border: tabel}"))
    assert problems(path) == [
        "94:56: card.body.kpis.border: unknown rule; did you mean 'table'? (a key of rules:) (found: tabel)"
    ]


def test_a_colour_may_be_hex_anywhere_and_chart_colour_keys_become_hex(tmp_path: Path) -> None:
    path = layout_file(
        tmp_path,
        ("    total_fill: total_fill", "    total_fill: ffeecc"),
        ("      III: \"1F3864\"", "      III: rule"),
        ("color: muted, border: table}", "color: 808080, border: table}"),
    )
    layout = load_layout(path)
    assert layout.report["table"]["total_fill"] == "FFEECC"
    assert layout.report["chart"]["colors"]["III"] == "1F3864"
    assert layout.card["body"]["note"]["color"] == "808080"


def test_the_box_checks_follow_the_slide_size(tmp_path: Path) -> None:
    lines = problems(layout_file(tmp_path, ("slide: {width: 297, height: 210}", "slide: {width: 200, height: 210}")))
    assert "79:34: card.section.width: the box runs off the slide: x + width = 287 mm, the slide is 200 mm wide " \
           "(found: 277)" in lines
    assert all("runs off the slide" in line or "the columns run off" in line for line in lines)


def test_every_message_is_used_and_one_complete_format_string() -> None:
    source = Path(schema.__file__).read_text(encoding="utf-8")
    for key, text in MESSAGES.items():
        assert re.search(rf'"{key}"', source.replace(f'"{key}": ', "", 1)), f"message {key} is never used"
        assert "\n" not in text


def test_validate_checks_the_layout_without_office_libraries(tmp_path: Path) -> None:
    """``validate`` (and the schema) import neither python-docx nor python-pptx nor matplotlib, and still
    check the report section."""
    path = layout_file(tmp_path, ("    total_fill: total_fill", "    total_fill: totl_fill"))
    code = (
        "import sys\n"
        "from tokku_slides import cli\n"
        f"status = cli.main(['validate', {str(Path(cli.__file__).parents[2] / 'data' / 'r5')!r}, "
        f"'--layout', {str(path)!r}])\n"
        "print(status, ','.join(m for m in ('docx', 'pptx', 'matplotlib') if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["2"]
    assert "report.table.total_fill: unknown colour; did you mean 'total_fill'?" in result.stderr
