"""The report's date (issue 12.7): ``date:`` in evaluation.yaml, an ISO date, printed in 和暦 with
full-width digits (元年 for an era's first year); the documents' created/modified properties follow
it, SOURCE_DATE_EPOCH wins over it; without it, 1 April of the fiscal year."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document

from tests.conftest import MakeYear, zone_record
from tokku_slides import cli, i18n
from tokku_slides.build import build, modified_time
from tokku_slides.format import wareki_date
from tokku_slides.model.errors import InputErrors
from tokku_slides.model.load import load_year


@pytest.mark.parametrize(
    ("day", "printed"),
    [
        (dt.date(2019, 4, 30), "平成３１年４月３０日"),  # the last day of 平成
        (dt.date(2019, 5, 1), "令和元年５月１日"),  # the first day of 令和
        (dt.date(2020, 1, 1), "令和２年１月１日"),
        (dt.date(2024, 3, 29), "令和６年３月２９日"),
        (dt.date(1989, 1, 7), "昭和６４年１月７日"),
        (dt.date(1989, 1, 8), "平成元年１月８日"),
        (dt.date(1970, 1, 1), "昭和４５年１月１日"),  # SOURCE_DATE_EPOCH=0
    ],
)
def test_wareki_date_across_the_era_boundaries(day: dt.date, printed: str) -> None:
    assert wareki_date(day) == printed


def title_block(docx: Path) -> list[str]:
    return [p.text for p in Document(str(docx)).paragraphs[:3]]


def core_stamps(package: Path) -> set[str]:
    core = zipfile.ZipFile(io.BytesIO(package.read_bytes())).read("docProps/core.xml").decode("utf-8")
    return set(re.findall(r"<(?:dcterms:created|dcterms:modified|cp:lastPrinted)[^>]*>([^<]*)<", core))


@pytest.mark.parametrize(
    ("date", "printed", "stamp"),
    [
        ("2019-04-30", "平成３１年４月３０日", "2019-04-30T00:00:00Z"),
        ("2019-05-01", "令和元年５月１日", "2019-05-01T00:00:00Z"),
    ],
)
def test_the_date_is_printed_in_wareki_and_dates_the_documents(
    make_year: MakeYear, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, date: str, printed: str, stamp: str
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    folder = make_year([zone_record()], fiscal_year=2018, date=dt.date.fromisoformat(date))
    result = build(folder, tmp_path / "out")
    assert title_block(tmp_path / "out" / "r5" / "report.docx")[1:] == ["（平成３０年度）", printed]
    for path in result.written:
        assert core_stamps(path) == {stamp}, path.name


def test_without_a_date_the_report_says_1_april_of_the_fiscal_year(
    make_year: MakeYear, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    folder = make_year([zone_record()])
    assert load_year(folder).date is None
    result = build(folder, tmp_path / "out")
    assert title_block(tmp_path / "out" / "r5" / "report.docx")[2] == "令和５年４月１日"
    for path in result.written:
        assert core_stamps(path) == {"2023-04-01T00:00:00Z"}, path.name


def test_source_date_epoch_wins_over_the_date_for_the_properties_not_for_the_printed_date(
    make_year: MakeYear, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_year([zone_record()], date=dt.date(2024, 3, 29))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14T22:13:20Z
    assert modified_time(load_year(folder)) == dt.datetime(2023, 11, 14, 22, 13, 20)
    result = build(folder, tmp_path / "out")
    assert title_block(tmp_path / "out" / "r5" / "report.docx")[2] == "令和６年３月２９日"  # the data's date
    for path in result.written:
        assert core_stamps(path) == {"2023-11-14T22:13:20Z"}, path.name
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert modified_time(load_year(folder)) == dt.datetime(2024, 3, 29)


def test_a_quoted_iso_date_is_read_too(make_year: MakeYear) -> None:
    assert load_year(make_year([zone_record()], date="2024-03-29")).date == dt.date(2024, 3, 29)


def write_date(folder: Path, raw: str) -> None:
    """``date: RAW`` appended to evaluation.yaml exactly as a clerk would type it."""
    path = folder / "evaluation.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f"date: {raw}\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("case", "raw", "message"),
    [
        ("february_30", "2024-02-30",
         "no such day: 2024-02 has 29 days; write a day that exists, as YYYY-MM-DD (found: 2024-02-30)"),
        ("wareki_as_text", "令和6年3月29日", "write the date as YYYY-MM-DD: 2024-03-29 (found: 令和6年3月29日)"),
        ("full_width_digits", "２０２４－０３－２９",
         "write the date as YYYY-MM-DD: 2024-03-29 (found: ２０２４－０３－２９)"),
        ("slashes", "2024/3/29", "write the date as YYYY-MM-DD: 2024-03-29 (found: 2024/3/29)"),
        ("month_not_padded", "2024-3-29", "write the date as YYYY-MM-DD: 2024-03-29 (found: 2024-3-29)"),
        ("with_a_time", "2024-03-29 10:00:00",
         "expected a date only, without a time; write 2024-03-29 (found: 2024-03-29 10:00:00)"),
        ("reiwa_gannen_before_may", "令和元年4月1日",
         "expected a date written as YYYY-MM-DD, e.g. 2024-03-29 (found: 令和元年4月1日)"),
        ("a_number", "20240329", "expected a date written as YYYY-MM-DD, e.g. 2024-03-29 (found: 20240329)"),
        ("before_heisei", "1988-12-31", "expected a date from 1989-01-08 (平成元年１月８日) on (found: 1988-12-31)"),
        ("empty", "", "is empty: write the report's date as YYYY-MM-DD (e.g. 2024-03-29), or remove the line"),
    ],
)
def test_a_bad_date_is_an_error_at_its_line_with_the_iso_form_to_write(
    make_year: MakeYear, case: str, raw: str, message: str
) -> None:
    folder = make_year([zone_record()])
    write_date(folder, raw)
    line = len((folder / "evaluation.yaml").read_text(encoding="utf-8").splitlines())
    with pytest.raises(InputErrors) as caught:
        load_year(folder)
    assert [str(e) for e in caught.value.errors] == [
        f"{folder / 'evaluation.yaml'}:{line}:{7 if raw else 6}: date: {message}"
    ], case


def test_a_bad_date_in_japanese_names_the_field_and_writes_nothing(
    make_year: MakeYear, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TOKKU_LANG", "ja")
    i18n.set_language("ja")
    folder = make_year([zone_record()])
    write_date(folder, "令和6年3月29日")
    line = len((folder / "evaluation.yaml").read_text(encoding="utf-8").splitlines())
    assert cli.main(["build", str(folder), "-o", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err.splitlines()[0] == (
        f"{folder / 'evaluation.yaml'}:{line}:7: date（報告書の日付）: 日付は YYYY-MM-DD の形で書いてください"
        "（この値なら 2024-03-29 です）。（入力値: 令和6年3月29日）"
    )
    assert not (tmp_path / "out").exists()
