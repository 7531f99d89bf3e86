"""Byte-identical output: the same folder gives the same files, whenever and wherever it is built.

Every file the build writes is compared, so report.docx (and anything added later) is covered as
soon as the build writes it. The second build runs in another process, with another hash seed (set
and dict order of strings) and a clock moved on by years, so neither wall-clock time nor process
randomness can leak into the bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import R5, MakeYear, zone_record
from tokku_slides import build as build_module
from tokku_slides import cli
from tokku_slides.build import BuildError, build, modified_time
from tokku_slides.format import era_year
from tokku_slides.model.load import load_year
from tokku_slides.render.opc import ZIP_EPOCH

SHIFTED_CLOCK = """
import datetime, sys, time
SHIFT = 3 * 365 * 86400 + 12345.678  # three years and a bit later
_time, _time_ns = time.time, time.time_ns
time.time = lambda: _time() + SHIFT
time.time_ns = lambda: _time_ns() + int(SHIFT * 1e9)
class ShiftedDateTime(datetime.datetime):
    @classmethod
    def now(cls, tz=None):
        return datetime.datetime.fromtimestamp(time.time(), tz)
    @classmethod
    def utcnow(cls):
        return datetime.datetime.fromtimestamp(time.time(), datetime.timezone.utc).replace(tzinfo=None)
    @classmethod
    def today(cls):
        return cls.now()
datetime.datetime = ShiftedDateTime
from tokku_slides.cli import main
sys.exit(main(sys.argv[1:]))
"""


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def core_properties(package: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(package)).read("docProps/core.xml").decode("utf-8")


def test_two_builds_at_different_times_in_different_processes_give_identical_bytes(
    make_year: MakeYear, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    year = R5
    first = build(year, tmp_path / "first")
    assert [p.name for p in first.written][:1] == ["cards.pptx"]

    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PYTHONHASHSEED"] = "4242"
    done = subprocess.run(
        [sys.executable, "-c", SHIFTED_CLOCK, "build", str(year), "-o", str(tmp_path / "second")],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr

    a, b = outputs(tmp_path / "first"), outputs(tmp_path / "second")  # the chart cache included
    assert sorted(a) == sorted(b)
    assert {f"{year.name}/{p.name}" for p in first.written} <= set(a)
    for name in a:
        assert a[name] == b[name], f"{name} differs between two builds of the same folder"


def test_a_build_from_a_warm_chart_cache_gives_the_same_bytes(make_year: MakeYear, tmp_path: Path) -> None:
    folder = make_year([zone_record(kpis=[{"name": "件数", "achievement": 80}, {"name": "額", "achievement": 120}])])
    cold = {p.name: p.read_bytes() for p in build(folder, tmp_path / "out").written}
    warm = {p.name: p.read_bytes() for p in build(folder, tmp_path / "out").written}
    assert cold == warm


def test_every_zip_entry_carries_the_fixed_time_and_the_same_order(make_year: MakeYear, tmp_path: Path) -> None:
    result = build(R5, tmp_path / "out")
    for path in result.written:
        with zipfile.ZipFile(path) as package:
            assert {info.date_time for info in package.infolist()} == {ZIP_EPOCH}, path.name
            assert package.namelist()[0] == "[Content_Types].xml"


def test_core_properties_come_from_the_data(
    make_year: MakeYear, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    folder = R5
    year = load_year(folder)
    result = build(folder, tmp_path / "out")
    for path in result.written:
        core = core_properties(path.read_bytes())
        title = re.search(r"<dc:title>(.*?)</dc:title>", core)
        assert title is not None, path.name
        assert year.title in title.group(1) and era_year(year.fiscal_year) in title.group(1), path.name
        stamps = re.findall(r"<(dcterms:created|dcterms:modified|cp:lastPrinted)[^>]*>([^<]*)<", core)
        assert dict(stamps).get("dcterms:modified") == f"{year.fiscal_year}-04-01T00:00:00Z", path.name
        # no other time in the file: every stamp is the data's
        assert {value for _tag, value in stamps} == {f"{year.fiscal_year}-04-01T00:00:00Z"}, path.name


def test_source_date_epoch_sets_the_modified_time_and_nothing_else_changes(
    make_year: MakeYear, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_year([zone_record()])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    one = build(folder, tmp_path / "one")
    again = build(folder, tmp_path / "again")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1710000000")
    other = build(folder, tmp_path / "other")
    for a, b, c in zip(one.written, again.written, other.written, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
        assert "2023-11-14T22:13:20Z" in core_properties(a.read_bytes()), a.name
        assert "2024-03-09T16:00:00Z" in core_properties(c.read_bytes()), c.name
        with zipfile.ZipFile(a) as pa, zipfile.ZipFile(c) as pc:
            changed = {n for n in pa.namelist() if pa.read(n) != pc.read(n)}
        # the core properties, and the report's title block, which prints the date of the data
        assert "docProps/core.xml" in changed, a.name
        assert changed <= {"docProps/core.xml", "word/document.xml"}, a.name


def test_modified_time_is_source_date_epoch_or_the_start_of_the_fiscal_year(
    make_year: MakeYear, monkeypatch: pytest.MonkeyPatch
) -> None:
    year = load_year(make_year([zone_record()]))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert modified_time(year) == dt.datetime(2023, 4, 1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert modified_time(year) == dt.datetime(1970, 1, 1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert modified_time(year) == dt.datetime(2023, 11, 14, 22, 13, 20)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")  # empty counts as unset
    assert modified_time(year) == dt.datetime(2023, 4, 1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(BuildError, match="SOURCE_DATE_EPOCH is not a whole number of seconds"):
        modified_time(year)


def test_a_bad_source_date_epoch_is_a_user_error_and_writes_nothing(
    make_year: MakeYear, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_year([zone_record()])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2023-04-01")
    assert cli.main(["build", str(folder), "-o", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "error: SOURCE_DATE_EPOCH is not a whole number of seconds: '2023-04-01'", "nothing was written",
    ]
    assert not (tmp_path / "out").exists()


def test_the_documents_carry_no_time_from_the_clock(
    make_year: MakeYear, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The wall clock read while building never appears: a build under a clock stopped at a
    recognisable instant holds no trace of it in any part of any file."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    stopped = dt.datetime(2031, 7, 9, 8, 7, 6, tzinfo=dt.UTC)

    class StoppedClock(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> StoppedClock:  # type: ignore[override]
            return cls.fromtimestamp(stopped.timestamp(), tz)

        @classmethod
        def utcnow(cls) -> StoppedClock:  # type: ignore[override]
            return cls.fromtimestamp(stopped.timestamp(), dt.UTC).replace(tzinfo=None)

    monkeypatch.setattr(dt, "datetime", StoppedClock)  # the module every library reads the clock from
    assert build_module.dt.datetime.now(dt.UTC) == stopped
    result = build(make_year([zone_record()]), tmp_path / "out")
    for path in result.written:
        with zipfile.ZipFile(path) as package:
            for name in package.namelist():
                data = package.read(name)
                for trace in (b"2031", b"2031-07-09"):
                    assert trace not in data, f"{path.name}:{name} holds the wall-clock time"
