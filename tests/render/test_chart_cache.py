"""Charts are gathered first, drawn once (in parallel when many), and kept in a content-addressed cache."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import subprocess
import sys
from pathlib import Path

import pytest

from tokku_slides.layout.report import compose_report
from tokku_slides.layout.spec import load_layout
from tokku_slides.model.load import load_year
from tokku_slides.render import charts
from tokku_slides.render.docx_report import ReportWriter

from ..conftest import MakeYear, zone_record

MODIFIED = dt.datetime(2023, 4, 1)


def kpi_zone(name: str, percent: int) -> dict[str, object]:
    return zone_record(name, kpis=[{"name": "連携企業数", "achievement": percent},
                                   {"name": "外国企業からの相談件数", "achievement": 231}])


def render(year_dir: Path, cache: Path, workers: int = 1) -> tuple[bytes, charts.ChartBook]:
    book = charts.ChartBook(cache, workers=workers)
    layout = load_layout()
    data = ReportWriter(compose_report(load_year(year_dir), layout, MODIFIED), layout, book).render()
    return data, book


def test_a_second_build_draws_nothing_and_gives_the_same_bytes(make_year: MakeYear, tmp_path: Path) -> None:
    year = make_year([kpi_zone("甲特区", 107), kpi_zone("乙特区", 44)])
    first, book1 = render(year, tmp_path / "cache")
    assert book1.drawn == 3  # the overview and two KPI charts
    second, book2 = render(year, tmp_path / "cache")
    assert book2.drawn == 0
    assert first == second


def test_a_changed_zone_redraws_only_its_own_chart_and_the_overview(make_year: MakeYear, tmp_path: Path) -> None:
    render(make_year([kpi_zone("甲特区", 107), kpi_zone("乙特区", 44)], name="before"), tmp_path / "cache")
    _, book = render(make_year([kpi_zone("甲特区", 107), kpi_zone("乙特区", 45)], name="after"), tmp_path / "cache")
    assert book.drawn == 1  # 乙's KPI chart; the overview (scores only) and 甲's chart are reused


def test_a_corrupt_cache_entry_is_drawn_again(make_year: MakeYear, tmp_path: Path) -> None:
    year = make_year([kpi_zone("甲特区", 107)])
    first, _ = render(year, tmp_path / "cache")
    for png in (tmp_path / "cache").rglob("*.png"):
        png.write_bytes(png.read_bytes()[:100])
    again, book = render(year, tmp_path / "cache")
    assert book.drawn == 2 and again == first


def test_drawing_in_parallel_gives_the_same_bytes_as_drawing_in_turn(make_year: MakeYear, tmp_path: Path) -> None:
    year = make_year([kpi_zone(f"特区{i}", 40 + i) for i in range(charts.PARALLEL_FROM)])
    serial, _ = render(year, tmp_path / "serial", workers=1)
    parallel, book = render(year, tmp_path / "parallel", workers=2)
    assert book.drawn == charts.PARALLEL_FROM + 1
    assert parallel == serial


@pytest.mark.parametrize("method", ["fork", "forkserver"])
def test_forked_workers_draw_the_same_bytes_as_drawing_in_turn(make_year: MakeYear, tmp_path: Path,
                                                                 method: str) -> None:
    """Linux forks the workers from a fork server (matplotlib imported there), or from the build's
    own process where Python has no fork server."""
    year = make_year([kpi_zone(f"特区{i}", 40 + i) for i in range(charts.PARALLEL_FROM)])
    serial, _ = render(year, tmp_path / "serial", workers=1)
    book = charts.ChartBook(tmp_path / "forked", workers=2, start_method=method)
    layout = load_layout()
    forked = ReportWriter(compose_report(load_year(year), layout, MODIFIED), layout, book).render()
    assert book.drawn == charts.PARALLEL_FROM + 1
    assert forked == serial


def imports_matplotlib_to_build(year: Path, out: Path) -> bool:
    """Whether a build of ``year`` into ``out``, in a new process, imports matplotlib in that process."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from tokku_slides.build import build\n"
        f"build(Path({str(year)!r}), Path({str(out)!r}))\n"
        "print('matplotlib' in sys.modules)\n"
    )
    out_text = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return out_text.split() == ["True"]


def test_a_first_build_leaves_matplotlib_to_the_fork_server(make_year: MakeYear, tmp_path: Path) -> None:
    # the build's own process never imports matplotlib (0.4 s of CPU it would spend before the deck):
    # the fork server started at the build's beginning imports it, in parallel, for every worker
    year = make_year([kpi_zone(f"特区{i}", 40 + i) for i in range(charts.PARALLEL_FROM)])
    assert not imports_matplotlib_to_build(year, tmp_path / "out")
    assert len(list((tmp_path / "out" / ".cache" / "charts").rglob("*.png"))) == charts.PARALLEL_FROM + 1


def test_warming_up_starts_a_fork_server_only_for_a_fork_server_pool() -> None:
    assert charts.warm_up("forkserver") is True
    assert charts.warm_up("fork") is False and charts.warm_up("spawn") is False


def test_spawned_workers_draw_the_same_pngs_as_drawing_in_turn(
    make_year: MakeYear, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows and macOS start the pool's workers by spawn (a fresh interpreter that imports
    matplotlib, the fonts and this package itself): forced here on Linux."""
    year = make_year([kpi_zone(f"特区{i}", 40 + i) for i in range(charts.PARALLEL_FROM)])
    serial, _ = render(year, tmp_path / "serial", workers=1)
    methods: list[str] = []
    real_get_context = charts.get_context

    def recording_get_context(method: str) -> object:
        methods.append(method)
        return real_get_context(method)

    monkeypatch.setattr(charts, "get_context", recording_get_context)
    monkeypatch.setattr(charts, "start_method", lambda: "spawn")
    monkeypatch.setattr(charts, "SPAWN_PARALLEL_FROM", charts.PARALLEL_FROM)
    spawned, book = render(year, tmp_path / "spawned", workers=2)
    assert methods == ["spawn"] and book.drawn == charts.PARALLEL_FROM + 1
    assert spawned == serial

    def pngs(cache: Path) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in cache.rglob("*.png")}

    assert len(pngs(tmp_path / "spawned")) == charts.PARALLEL_FROM + 1
    assert pngs(tmp_path / "spawned") == pngs(tmp_path / "serial")


@pytest.mark.parametrize(("platform", "available", "expected"), [
    ("linux", ["fork", "spawn", "forkserver"], "forkserver"),
    ("linux", ["fork", "spawn"], "fork"),
    ("win32", ["spawn"], "spawn"),
    ("darwin", ["fork", "spawn", "forkserver"], "spawn"),
    ("linux", ["spawn"], "spawn"),
])
def test_the_pool_forks_only_on_linux(platform: str, available: list[str], expected: str) -> None:
    assert charts.start_method(platform, available) == expected


def test_a_build_from_a_warm_cache_never_imports_matplotlib(make_year: MakeYear, tmp_path: Path) -> None:
    year = make_year([kpi_zone("甲特区", 107)])
    cache = tmp_path / "out" / ".cache" / "charts"
    # the first build draws its 2 charts (in this process, or in fork-server workers on Linux, when
    # the build's process imports no matplotlib either) and keeps them; the second only reads them
    imports_matplotlib_to_build(year, tmp_path / "out")
    assert len(list(cache.rglob("*.png"))) == 2
    assert not imports_matplotlib_to_build(year, tmp_path / "out")


def test_a_build_that_fails_after_drawing_adds_nothing_to_the_cache(
    make_year: MakeYear, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tokku_slides import build as build_module

    def broken_write(outputs: object, remove: object = ()) -> list[Path]:
        raise OSError("disk full")

    year = make_year([kpi_zone("甲特区", 107)])
    monkeypatch.setattr(build_module, "write_all_atomically", broken_write)
    with pytest.raises(OSError):
        build_module.build(year, tmp_path / "out")
    assert not (tmp_path / "out" / ".cache").exists() or not any((tmp_path / "out" / ".cache").rglob("*.png"))
    monkeypatch.undo()
    build_module.build(year, tmp_path / "out")
    assert len(list((tmp_path / "out" / ".cache").rglob("*.png"))) == 2


def kpi_specs(year_dir: Path) -> list[charts.ChartSpec]:
    """The report's charts of a year (the overview first), as the build gathers them."""
    from tokku_slides.render.docx_report import chart_specs

    layout = load_layout()
    return chart_specs(compose_report(load_year(year_dir), layout, MODIFIED), layout)


def test_started_charts_are_drawn_by_spawned_workers_once_and_got_in_any_order(
    make_year: MakeYear, monkeypatch: pytest.MonkeyPatch
) -> None:
    """start() hands every miss to the pool and returns; get() waits for each chart (here the last
    first), prepare() of started charts only waits: none is drawn in this process, none twice."""
    year = make_year([kpi_zone(f"特区{i}", 40 + i) for i in range(charts.PARALLEL_FROM)])
    specs = kpi_specs(year)
    serial = [charts.draw(spec).png for spec in specs]
    drawn_here: list[charts.ChartSpec] = []
    real_draw = charts.draw

    def drawing_here(spec: charts.ChartSpec) -> charts.Chart:
        drawn_here.append(spec)
        return real_draw(spec)

    monkeypatch.setattr(charts, "draw", drawing_here)  # spawned workers import the module afresh
    monkeypatch.setattr(charts, "SPAWN_PARALLEL_FROM", charts.PARALLEL_FROM)
    with charts.ChartBook(None, workers=2, start_method="spawn") as book:
        book.start(specs)
        assert multiprocessing.active_children()  # the workers are drawing; start() did not wait
        got = [book.get(spec).png for spec in reversed(specs)][::-1]
        book.prepare(specs)
    assert got == serial
    assert drawn_here == [] and book.drawn == len(specs)
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("method", ["fork", "forkserver"])
def test_the_pool_stops_when_its_last_chart_is_in_and_close_stops_it_midway(make_year: MakeYear, method: str) -> None:
    import time

    year = make_year([kpi_zone(f"特区{i}", 40 + i) for i in range(charts.PARALLEL_FROM)])
    specs = kpi_specs(year)
    book = charts.ChartBook(None, workers=2, start_method=method)
    book.prepare(specs)
    assert multiprocessing.active_children() == []
    book = charts.ChartBook(None, workers=2, start_method=method)
    book.start(specs)
    deadline = time.monotonic() + 30  # a fork server's workers are started by a thread (start returns at once)
    while not (workers := multiprocessing.active_children()) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert workers
    book.close()
    assert not any(p.is_alive() for p in workers) and multiprocessing.active_children() == []
    assert book.get(specs[-1]).png == charts.draw(specs[-1]).png  # a chart the close dropped is drawn here


def test_a_fork_server_pool_that_cannot_start_fails_the_chart_asked_for(make_year: MakeYear,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # the pool is opened by a thread (start returns at once): what fails there is raised to the caller
    year = make_year([kpi_zone(f"特区{i}", 40 + i) for i in range(charts.PARALLEL_FROM)])
    specs = kpi_specs(year)

    def cannot_start(self: charts.ChartBook, method: str) -> None:
        raise OSError("no more processes")

    monkeypatch.setattr(charts.ChartBook, "_open_pool", cannot_start)
    book = charts.ChartBook(None, workers=2, start_method="forkserver")
    book.start(specs)
    with pytest.raises(OSError, match="no more processes"):
        book.get(specs[0])
    book.close()


def test_the_fork_server_ignores_ctrl_c_from_its_first_import() -> None:
    """Ctrl-C reaches every process of the console; the build's process answers it. The fork server
    imports chartserver first, so it prints no KeyboardInterrupt traceback of its own while it is
    still importing matplotlib."""
    from tokku_slides.render import chartpool

    assert chartpool.PRELOAD[0] == "tokku_slides.render.chartserver"
    code = ("import signal\nbefore = signal.getsignal(signal.SIGINT)\nimport tokku_slides.render.chartserver\n"
            "print(before is signal.default_int_handler, signal.getsignal(signal.SIGINT) is signal.SIG_IGN)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "True"]


@pytest.mark.parametrize(("method", "charts_asked", "pooled"), [
    ("forkserver", charts.FORKSERVER_PARALLEL_FROM, True),  # the server has imported matplotlib already
    ("forkserver", 1, False),
    ("fork", charts.PARALLEL_FROM - 1, False),  # forking first imports matplotlib in the build's process
])
def test_a_fork_server_draws_even_a_small_years_charts(
    make_year: MakeYear, method: str, charts_asked: int, pooled: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    year = make_year([kpi_zone(f"特区{i}", 40 + i) for i in range(charts_asked)])
    specs = kpi_specs(year)[:charts_asked]
    opened: list[str] = []
    real_open = charts.ChartBook._open_pool

    def recording_open(self: charts.ChartBook, how: str) -> object:
        opened.append(how)
        return real_open(self, how)

    monkeypatch.setattr(charts.ChartBook, "_open_pool", recording_open)
    with charts.ChartBook(None, workers=2, start_method=method) as book:
        book.prepare(specs)
    assert opened == ([method] if pooled else []) and book.drawn == charts_asked
