"""A build that fails, at any point, leaves the output folder as it was; output stays under OUT;
every failure is one line (exit 2 for what the user can fix, 1 for a bug, --debug for its traceback).

OUT/.cache holds the report's chart cache (content-addressed PNGs); it is a cache, not an output, and
may gain entries while a build that fails later renders: the snapshots here leave it out. (The corpus
of bad inputs checks the whole OUT: invalid input stops the build before anything is rendered.)

Tests run as root here, and root ignores permission bits (``os.access`` says yes, writes succeed), so
read-only files and folders and Windows' locks are simulated by making ``os.access``/``os.replace``
answer as they would for an ordinary user; one real chmod test runs only when not root.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import MakeYear, lock_the_report_docx, zone_record
from tokku_slides import build as build_module
from tokku_slides import cli
from tokku_slides.build import BuildError, output_folder

PAST = 1_600_000_000_000_000_000
OUTPUTS = ("cards.pptx", "report.docx")


CACHE = ".cache"


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file and folder under ``folder`` (but the chart cache) with its content and modification
    time (ns)."""
    return {
        rel: (b"" if p.is_dir() else p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if (rel := p.relative_to(folder).as_posix()).split("/")[0] != CACHE
    }


def previous_build(out: Path, name: str = "r5") -> None:
    """OUT as an earlier successful build left it (contents that no renderer would write)."""
    folder = out / name
    folder.mkdir(parents=True)
    for file in OUTPUTS:
        (folder / file).write_bytes(f"previous {file}".encode())
        os.utime(folder / file, ns=(PAST, PAST))
    os.utime(folder, ns=(PAST, PAST))


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = cli.main(argv)
    return code, capsys.readouterr().err.splitlines()


@pytest.fixture
def year(make_year: MakeYear) -> Path:
    return make_year([zone_record("一の特区"), zone_record("二の特区", category="local")])


# -- a failure at any point leaves the previous files --------------------------------------------

@pytest.mark.parametrize(
    ("module", "function"),
    [("tokku_slides.render.pptx_deck", "render_deck"), ("tokku_slides.render.docx_report", "render_report")],
)
def test_a_renderer_that_fails_leaves_the_previous_files_and_no_temporary_file(
    year: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    module: str, function: str,
) -> None:
    out = tmp_path / "out"
    previous_build(out)
    before = snapshot(out)

    def broken(*args: object, **kwargs: object) -> bytes:
        raise RuntimeError("simulated renderer failure\nwith a second line")

    monkeypatch.setattr(f"{module}.{function}", broken)
    code, err = run(["build", str(year), "-o", str(out)], capsys)
    assert code == 1
    assert err == ["internal error: RuntimeError: simulated renderer failure (this is a bug in tokku-slides; "
                   "run again with --debug for the traceback)"]
    assert snapshot(out) == before


def test_invalid_input_leaves_the_previous_files(
    make_year: MakeYear, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_year([zone_record(scores={"I": 4, "II": 4, "III": 9})])
    out = tmp_path / "out"
    previous_build(out)
    before = snapshot(out)
    code, err = run(["build", str(folder), "-o", str(out)], capsys)
    assert code == 2 and err[-1] == "1 problem; nothing was written"
    assert snapshot(out) == before


def test_a_rename_that_fails_halfway_puts_back_the_files_already_replaced(
    year: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """cards.pptx is renamed into place, then report.docx cannot be (open in Word on Windows): the
    new cards.pptx must not stay beside the old report.docx."""
    out = tmp_path / "out"
    previous_build(out)
    before = snapshot(out)
    lock_the_report_docx(monkeypatch)
    code, err = run(["build", str(year), "-o", str(out)], capsys)
    assert code == 2
    assert err == [
        f"error: {out}/r5/report.docx: cannot write the file (Permission denied); close it in PowerPoint/Word, "
        "or check the folder's permissions and free space",
        "nothing was written",
    ]
    after = snapshot(out)
    assert {k: v[0] for k, v in after.items()} == {k: v[0] for k, v in before.items()}  # contents put back
    assert sorted(after) == sorted(before)  # no temporary file left


def test_a_disk_that_fills_while_writing_leaves_no_partial_file_and_no_new_folder(
    year: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    calls = {"n": 0}
    real_fsync = os.fsync

    def full_disk(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 2:  # the second file
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(build_module.os, "fsync", full_disk)
    code, err = run(["build", str(year), "-o", str(out)], capsys)
    assert code == 2
    assert "cannot write the file (No space left on device)" in err[0]
    assert [p.name for p in out.iterdir() if p.name != CACHE] == []  # out/r5, made for this build, is gone again


def test_an_interrupt_while_writing_leaves_the_previous_files(
    year: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    previous_build(out)
    before = snapshot(out)
    real_replace = os.replace

    def interrupted(src: str | Path, dst: str | Path) -> None:
        if str(dst).endswith("report.docx"):
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(build_module.os, "replace", interrupted)
    code, err = run(["build", str(year), "-o", str(out)], capsys)
    assert code == 1 and err == ["interrupted; nothing was written"]
    assert {k: v[0] for k, v in snapshot(out).items()} == {k: v[0] for k, v in before.items()}


def test_a_successful_build_replaces_both_files_and_leaves_no_temporary_file(
    year: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    previous_build(out)
    code, _err = run(["build", str(year), "-o", str(out)], capsys)
    assert code == 0
    assert sorted(p.name for p in (out / "r5").iterdir()) == sorted(OUTPUTS)
    assert (out / "r5" / "cards.pptx").read_bytes()[:2] == b"PK"
    assert (out / "r5" / "report.docx").read_bytes()[:2] == b"PK"
    assert oct((out / "r5" / "cards.pptx").stat().st_mode & 0o777) == "0o644"


# -- read-only and impossible places ---------------------------------------------------------

def test_a_read_only_output_file_is_a_clear_error(
    year: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    previous_build(out)
    before = snapshot(out)
    real_access = os.access
    monkeypatch.setattr(build_module.os, "access",
                        lambda p, mode: not str(p).endswith("cards.pptx") and real_access(p, mode))
    code, err = run(["build", str(year), "-o", str(out)], capsys)
    assert code == 2
    assert err == [f"error: {out}/r5/cards.pptx: the file is read-only or locked; close it (PowerPoint/Word) "
                   "or make it writable", "nothing was written"]
    assert snapshot(out) == before


def test_a_read_only_output_folder_is_a_clear_error(
    year: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(build_module.os, "access", lambda p, mode: Path(p) != out)
    code, err = run(["build", str(year), "-o", str(out)], capsys)
    assert code == 2
    assert err == [f"error: {out}: the folder is not writable; cannot write cards.pptx", "nothing was written"]
    assert list(out.iterdir()) == []


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores permission bits")
def test_a_really_read_only_folder_is_a_clear_error(
    year: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    (out / "r5").mkdir(parents=True)
    (out / "r5").chmod(0o555)
    try:
        code, err = run(["build", str(year), "-o", str(out)], capsys)
    finally:
        (out / "r5").chmod(0o755)
    assert code == 2 and "not writable" in err[0]


@pytest.mark.parametrize("where", ["out_is_a_file", "year_folder_is_a_file"])
def test_an_output_path_through_a_regular_file_is_a_clear_error(
    year: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    out = tmp_path / "out"
    if where == "out_is_a_file":
        out.write_text("not a folder", encoding="utf-8")
        blocker = out
    else:
        out.mkdir()
        blocker = out / "r5"
        blocker.write_text("not a folder", encoding="utf-8")
    code, err = run(["build", str(year), "-o", str(out)], capsys)
    assert code == 2
    assert err == [f"error: {blocker}: is a file, not a folder; cannot write {out}/r5/cards.pptx",
                   "nothing was written"]
    assert blocker.read_text(encoding="utf-8") == "not a folder"


# -- contained output ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("data_dir", "expected"),
    [
        ("data/r5", "r5"),
        ("data/r5/", "r5"),
        ("data/r5/zones/..", "r5"),
        ("data/r5/../r5", "r5"),
        ("data/令和5年度 (コピー)", "令和5年度 (コピー)"),
        ("data/..r5", "..r5"),
        ("data/-rf", "-rf"),
        ("data/r5\nx", "r5\nx"),
    ],
)
def test_the_output_folder_is_one_name_inside_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data_dir: str, expected: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data" / "r5" / "zones").mkdir(parents=True)
    target = output_folder(Path(data_dir), Path("out"))
    assert target == Path("out") / expected
    assert target.parent == Path("out")


@pytest.mark.parametrize("data_dir", ["/", "."])
def test_a_data_folder_without_a_usable_name_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data_dir: str
) -> None:
    monkeypatch.chdir(tmp_path)
    if data_dir == "/":
        with pytest.raises(BuildError, match="cannot name an output folder"):
            output_folder(Path(data_dir), Path("out"))
    else:  # "." is the current folder: named after it, still one name inside OUT
        assert output_folder(Path(data_dir), Path("out")) == Path("out") / tmp_path.name


def test_a_build_of_dot_dot_writes_only_inside_out(
    make_year: MakeYear, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    year = make_year([zone_record()], name="r5")
    (year / "zones" / "sub").mkdir()
    monkeypatch.chdir(year / "zones" / "sub")
    before = snapshot(tmp_path)
    code, _err = run(["build", "../..", "-o", str(tmp_path / "out")], capsys)
    assert code == 0
    changed = {k for k, v in snapshot(tmp_path).items() if before.get(k) != v and not k.startswith(f"out/{CACHE}")}
    assert changed == {"out", "out/r5", "out/r5/cards.pptx", "out/r5/report.docx"}


# -- no traceback for a user's mistake; one line and --debug for a bug ---------------------------

@pytest.mark.parametrize("argv_debug", [["--debug", "build"], ["build", "--debug"]])
def test_debug_shows_the_traceback_of_an_internal_error(
    year: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    argv_debug: list[str],
) -> None:
    def broken(*args: object, **kwargs: object) -> bytes:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr("tokku_slides.render.pptx_deck.render_deck", broken)
    code = cli.main([*argv_debug, str(year), "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("Traceback (most recent call last):")
    assert err.rstrip().endswith("RuntimeError: simulated bug")


def test_without_debug_an_internal_error_is_one_line(
    year: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object, **kwargs: object) -> bytes:
        raise KeyError("zone")

    monkeypatch.setattr("tokku_slides.layout.pages.Composer.compose", broken)
    code = cli.main(["validate", str(year)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.splitlines() == ["internal error: KeyError: 'zone' (this is a bug in tokku-slides; "
                                "run again with --debug for the traceback)"]


# -- the report's charts are drawn while the deck renders -------------------------------------------

def chart_year(make_year: MakeYear) -> Path:
    """A year with enough charts for the pool (one KPI chart per zone and the overview)."""
    from tokku_slides.render.charts import PARALLEL_FROM

    return make_year([zone_record(f"特区{i}", kpis=[{"name": "連携企業数", "achievement": 40 + i}])
                      for i in range(PARALLEL_FROM)])


def test_the_charts_are_drawn_while_the_deck_renders_and_are_the_serial_charts(
    make_year: MakeYear, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    import multiprocessing

    from tokku_slides.layout.report import compose_report
    from tokku_slides.layout.spec import load_layout
    from tokku_slides.model.load import load_year
    from tokku_slides.render import charts, pptx_deck
    from tokku_slides.render.docx_report import render_report

    year_dir = chart_year(make_year)
    seen: list[object] = []
    real_render_deck = pptx_deck.render_deck
    real_start = charts.ChartBook.start

    def start_noting(book: charts.ChartBook, specs: object) -> None:
        seen.append("charts started")
        real_start(book, specs)  # type: ignore[arg-type]

    def deck_watching_the_pool(*args: object, **kwargs: object) -> bytes:
        seen.append(("deck", len(list((tmp_path / "out" / ".cache").rglob("*.png")))))
        return real_render_deck(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(charts.ChartBook, "start", start_noting)
    monkeypatch.setattr(pptx_deck, "render_deck", deck_watching_the_pool)
    build_module.build(year_dir, tmp_path / "out")
    # the charts are handed to the workers before the deck renders (a fork server's workers may still
    # be starting then); nothing is cached before the outputs are written
    assert seen[:2] == ["charts started", ("deck", 0)]
    assert multiprocessing.active_children() == []
    year = load_year(year_dir)
    layout = load_layout()
    plan = compose_report(year, layout, build_module.modified_time(year))
    serial = render_report(plan, layout, None, charts.ChartBook(None, workers=1),
                           build_module.input_fingerprint(year, layout))
    assert (tmp_path / "out" / "r5" / "report.docx").read_bytes() == serial
    assert len(list((tmp_path / "out" / ".cache").rglob("*.png"))) == charts.PARALLEL_FROM + 1


@pytest.mark.parametrize("failure", [KeyboardInterrupt, RuntimeError])
def test_a_build_that_fails_while_the_charts_are_drawn_leaves_no_worker_and_writes_nothing(
    make_year: MakeYear, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: type[BaseException],
) -> None:
    import multiprocessing

    from tokku_slides.render import pptx_deck

    workers: list[multiprocessing.process.BaseProcess] = []

    def broken_deck(*args: object, **kwargs: object) -> bytes:
        import time

        deadline = time.monotonic() + 30  # a fork server's workers may still be starting: wait for them
        while not multiprocessing.active_children() and time.monotonic() < deadline:
            time.sleep(0.01)
        workers.extend(multiprocessing.active_children())
        raise failure("simulated")

    monkeypatch.setattr(pptx_deck, "render_deck", broken_deck)
    with pytest.raises(failure):
        build_module.build(chart_year(make_year), tmp_path / "out")
    assert workers  # the pool was drawing when the deck failed
    assert not any(p.is_alive() for p in workers)
    assert multiprocessing.active_children() == []
    assert not (tmp_path / "out").exists()  # no output, no folder, no cache entry
