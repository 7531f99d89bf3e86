"""The report's charts: a Japanese font really resolved, final size, no metadata, same bytes twice."""

from __future__ import annotations

import ast
import struct
import warnings
import zlib
from pathlib import Path

import pytest
from matplotlib.figure import Figure
from matplotlib.font_manager import findfont
from matplotlib.ft2font import FT2Font
from matplotlib.text import Text

from tokku_slides.layout.spec import load_layout
from tokku_slides.render import charts

from ..conftest import ROOT

STYLE = charts.ChartStyle.from_layout(load_layout().report["chart"])
PERCENT_AXIS = charts.Axis(0.0, 250.0, tuple((float(v), f"{v}％") for v in range(0, 251, 50)))
SCORE_AXIS = charts.Axis(1.0, 5.0, tuple((float(v), str(v)) for v in range(1, 6)))
BARS = (
    charts.KpiBar("外国企業のアジア統括拠点及び研究\n開発拠点の誘致数", 103.0, "103％"),
    charts.KpiBar("外国企業からの相談件数", 231.0, "231％"),
    charts.KpiBar("中部地域における航空宇宙関連輸出額", 60.0, "60％"),
)
ROWS: tuple[charts.ScoreRow | charts.GroupRow, ...] = (
    charts.GroupRow("（１）国際戦略総合特区"),
    charts.ScoreRow("アジアヘッドクォーター特区", 4.8, "4.8", (5.0, 4.0, 5.0)),
    charts.ScoreRow("関西イノベーション国際戦略総合特区", 4.3, "4.3", (4.8, 4.2, 4.0)),
    charts.GroupRow("（２）地域活性化総合特区"),
    charts.ScoreRow("つくば国際戦略総合特区", 3.9, "3.9", (4.0, 3.6, 4.0)),
)


def kpi_figure() -> Figure:
    return charts.kpi_figure(BARS, 100.0, "100％", PERCENT_AXIS, STYLE)


def overview_figure() -> Figure:
    return charts.overview_figure(ROWS, ("Ⅰ", "Ⅱ", "Ⅲ"), "総合評価", SCORE_AXIS, STYLE)


def png_chunks(png: bytes) -> list[bytes]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = [], 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at:at + 4])
        kind = png[at + 4:at + 8]
        assert zlib.crc32(png[at + 4:at + 8 + length]) == struct.unpack(">I", png[at + 8 + length:at + 12 + length])[0]
        chunks.append(kind)
        at += 12 + length
    return chunks


def png_size(png: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def test_the_chart_font_resolves_to_a_japanese_font_file() -> None:
    path = charts.font_path(STYLE)
    assert Path(path).name.lower() == "ipaexg.ttf"  # shipped by matplotlib-fontja, not a system font
    font = FT2Font(path)
    for ch in "進捗度総合評価ⅠⅡⅢ％（）":
        assert font.get_char_index(ord(ch)) != 0, ch


@pytest.mark.parametrize("make", [kpi_figure, overview_figure], ids=["kpi", "overview"])
def test_every_text_of_a_chart_is_drawn_with_a_font_that_has_its_glyphs(make: object) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)"
        fig = make()  # type: ignore[operator]
        fig.canvas.draw()
    texts = [t for t in fig.findobj(Text) if t.get_text().strip()]
    assert len(texts) >= 8
    expected = charts.font_path(STYLE)
    for text in texts:
        path = findfont(text.get_fontproperties(), fallback_to_default=False)
        assert path == expected, (text.get_text(), path)
        font = FT2Font(path)
        for ch in text.get_text():
            if not ch.isspace():
                assert font.get_char_index(ord(ch)) != 0, (text.get_text(), ch)


def test_labels_of_a_chart_are_the_callers_text() -> None:
    fig = kpi_figure()
    texts = {t.get_text() for t in fig.findobj(Text)}
    assert {b.label for b in BARS} <= texts
    assert {b.text for b in BARS} <= texts
    assert "100％" in texts
    fig = overview_figure()
    texts = {t.get_text() for t in fig.findobj(Text)}
    assert {r.label for r in ROWS} <= texts
    assert {"4.8", "4.3", "3.9", "総合評価", "Ⅰ", "Ⅱ", "Ⅲ"} <= texts


def test_a_chart_is_drawn_at_its_final_size_and_dpi() -> None:
    chart = charts.kpi_chart(BARS, 100.0, "100％", PERCENT_AXIS, STYLE)
    assert chart.width == STYLE.width
    expected_height = STYLE.top + STYLE.bottom + sum(STYLE.row_height(b.label) for b in BARS)
    assert chart.height == pytest.approx(expected_height, abs=0.01)
    width_px, height_px = png_size(chart.png)
    assert width_px == round(STYLE.width / 25.4 * STYLE.dpi)
    assert height_px == pytest.approx(expected_height / 25.4 * STYLE.dpi, abs=1)


def test_a_two_line_label_makes_a_taller_row() -> None:
    assert STYLE.row_height("一行") < STYLE.row_height("一行\n二行")


def test_png_has_no_text_or_time_chunks_and_is_the_same_twice() -> None:
    charts.kpi_chart.cache_clear()
    first = charts.kpi_chart(BARS, 100.0, "100％", PERCENT_AXIS, STYLE).png
    charts.kpi_chart.cache_clear()
    second = charts.kpi_chart(BARS, 100.0, "100％", PERCENT_AXIS, STYLE).png
    assert first == second
    chunks = png_chunks(first)
    assert chunks[0] == b"IHDR" and chunks[-1] == b"IEND"
    assert not {b"tEXt", b"iTXt", b"zTXt", b"tIME"} & set(chunks)
    overview = charts.overview_chart(ROWS, ("Ⅰ", "Ⅱ", "Ⅲ"), "総合評価", SCORE_AXIS, STYLE).png
    assert not {b"tEXt", b"iTXt", b"zTXt", b"tIME"} & set(png_chunks(overview))


def test_a_long_overview_is_split_into_charts_no_taller_than_the_page_allows() -> None:
    rows: list[charts.ScoreRow | charts.GroupRow] = []
    for category in ("国際", "地域"):
        rows.append(charts.GroupRow(category))
        rows.extend(charts.ScoreRow(f"{category}特区{i}\n二行目", 4.0, "4", (4.0, 4.0, 4.0)) for i in range(30))
    parts = charts.split_rows(tuple(rows), STYLE)
    assert len(parts) > 1
    room = STYLE.max_height - STYLE.top - STYLE.bottom
    for part in parts:
        assert sum(STYLE.row_height(r.label) for r in part) <= room
        assert isinstance(part[0], charts.GroupRow)  # a continued group repeats its heading
        assert not isinstance(part[-1], charts.GroupRow)
    zones = [r for part in parts for r in part if isinstance(r, charts.ScoreRow)]
    assert zones == [r for r in rows if isinstance(r, charts.ScoreRow)]


def test_a_short_overview_is_one_chart() -> None:
    assert charts.split_rows(ROWS, STYLE) == [ROWS]


def test_only_the_charts_module_imports_matplotlib() -> None:
    importers = []
    for path in (ROOT / "src").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n.split(".")[0] in ("matplotlib", "matplotlib_fontja") for n in names):
                importers.append(path.name)
    assert set(importers) == {"charts.py"}


def test_a_rare_kanji_missing_from_ipaexgothic_is_drawn_from_an_installed_fallback() -> None:
    import os
    import warnings

    style = charts.ChartStyle.from_layout(load_layout().report["chart"])
    if not charts.installed_fonts(style.fallback_fonts):
        if os.environ.get("CI"):
            pytest.fail(f"none of {style.fallback_fonts} is installed (.ci/run installs fonts-noto-cjk)")
        pytest.skip("no fallback CJK font installed here")
    charts.kpi_chart.cache_clear()
    bars = (charts.KpiBar("𠮷野家𩸽指標", 80.0, "80％"),)
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*missing from font.*")
        chart = charts.kpi_chart(bars, 100.0, "100％", PERCENT_AXIS, style)
    assert chart.png.startswith(b"\x89PNG")


OTHER_BARS = (
    charts.KpiBar("一行目の指標", 20.0, "20％"),
    charts.KpiBar("二行に分かれる\n長い指標の名前", 310.0, "310％"),
    charts.KpiBar("三つ目", 100.0, "100％"),
    charts.KpiBar("四つ目の指標", 0.0, "0％"),
)
WIDE_AXIS = charts.Axis(0.0, 350.0, tuple((float(v), f"{v}％") for v in range(0, 351, 50)))


def draw_fresh(which: str) -> bytes:
    charts.kpi_chart.cache_clear()
    charts.overview_chart.cache_clear()
    if which == "A":
        return charts.kpi_chart(BARS, 100.0, "100％", PERCENT_AXIS, STYLE).png
    if which == "B":
        return charts.kpi_chart(OTHER_BARS, 100.0, "100％", WIDE_AXIS, STYLE).png
    return charts.overview_chart(ROWS, ("Ⅰ", "Ⅱ", "Ⅲ"), "総合評価", SCORE_AXIS, STYLE).png


def test_a_chart_is_the_same_whatever_was_drawn_before_it_in_the_process() -> None:
    # charts reuse one figure per kind: nothing of the previous chart (artists, ticks, size) may leak
    first_a = draw_fresh("A")
    b_after_a = draw_fresh("B")
    overview = draw_fresh("O")
    second_a = draw_fresh("A")
    assert second_a == first_a
    assert draw_fresh("O") == overview
    assert draw_fresh("B") == b_after_a
    assert b_after_a != first_a


def test_a_chart_drawn_first_in_a_new_process_is_the_chart_drawn_after_others() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from tests.render import test_charts as t\n"
        "sys.stdout.buffer.write(t.draw_fresh(sys.argv[1]))\n"
    )
    after_others = {}
    for which in ("A", "O", "B"):
        after_others[which] = draw_fresh(which)
    for which in ("B", "O"):
        alone = subprocess.run([sys.executable, "-c", code, which], capture_output=True, check=True, cwd=ROOT).stdout
        assert alone == after_others[which], which


def test_a_kpi_chart_takes_little_cpu_time() -> None:
    # a regression guard, not the benchmark (tests/benchmarks/bench_build.py): about 10 ms of CPU a
    # chart here, 18 ms before texts were laid out once (charts._canvas_class), 35 ms before the figure
    # was reused; CPU time, so other work on the machine does not count
    import statistics
    import time

    charts.draw(charts.KpiChartSpec(BARS, 100.0, "100％", PERCENT_AXIS, STYLE))  # first chart: fonts loaded
    times = []
    for i in range(20):
        bars = tuple(charts.KpiBar(f"{b.label}{i}", b.value + i, f"{b.value + i:g}％") for b in BARS)
        start = time.process_time()
        charts.draw(charts.KpiChartSpec(bars, 100.0, "100％", PERCENT_AXIS, STYLE))
        times.append(time.process_time() - start)
    assert statistics.median(times) <= 0.025, f"median {statistics.median(times) * 1000:.1f} ms of CPU per chart"


PIXEL_SLACK = 2


def ink_box(canvas_class: type, text: str, va: str, ha: str) -> tuple[int, int, int, int]:
    """The pixel box (top, bottom, left, right) of the dark pixels of ``text`` drawn alone."""
    import numpy as np

    fig = Figure(figsize=(3, 1), dpi=STYLE.dpi)
    canvas_class(fig)
    fig.text(0.5, 0.5, text, fontproperties=STYLE.font_properties(), va=va, ha=ha, linespacing=STYLE.line_pitch)
    fig.canvas.draw()  # type: ignore[no-untyped-call]
    red = np.asarray(fig.canvas.buffer_rgba())[:, :, 0]  # type: ignore[attr-defined]
    ys, xs = np.nonzero(red < 128)
    return int(ys.min()), int(ys.max()), int(xs.min()), int(xs.max())


@pytest.mark.parametrize("text", ["特区に係る支援措置を活用し", "103％", "4.8", "Ⅰ Ⅱ Ⅲ", "gyp (BNCT)",
                                  "外国企業\nの相談件数"])
@pytest.mark.parametrize(("va", "ha"), [("center", "right"), ("top", "center"), ("baseline", "left"),
                                        ("bottom", "left")])
def test_a_text_is_drawn_where_matplotlib_draws_it(text: str, va: str, ha: str) -> None:
    # the charts' canvas lays each line out once (charts._canvas_class): its glyphs land where
    # matplotlib's own Agg canvas puts them, within rounding: ours places a line's bitmap at a whole
    # pixel, matplotlib 3.10+ each glyph at its fraction of one, so an edge may move by up to
    # PIXEL_SLACK pixels (0.25 mm at the charts' 200 dpi; `％` in "bottom" alignment moves most)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    ours, theirs = ink_box(charts._canvas_class(), text, va, ha), ink_box(FigureCanvasAgg, text, va, ha)
    assert all(abs(a - b) <= PIXEL_SLACK for a, b in zip(ours, theirs, strict=True)), (ours, theirs)


def test_a_rare_kanji_from_the_fallback_font_is_drawn_where_matplotlib_draws_it() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if not charts.installed_fonts(STYLE.fallback_fonts):
        pytest.fail(f"none of {STYLE.fallback_fonts} is installed (.ci/run installs fonts-noto-cjk)")
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*missing from font.*")
        ours = ink_box(charts._canvas_class(), "𠮷", "center", "center")
    theirs = ink_box(FigureCanvasAgg, "𠮷", "center", "center")
    assert all(abs(a - b) <= PIXEL_SLACK for a, b in zip(ours, theirs, strict=True)), (ours, theirs)
    assert ours[3] - ours[2] > 10  # a glyph, not an empty box's thin outline alone


@pytest.mark.parametrize("text", ["外国企業\nの相談件数", "4.8", "一行目\n二行目\n三行目"])
@pytest.mark.parametrize("family", ["IPAexGothic", "Noto Sans CJK JP"])
def test_the_renderer_gives_text_the_font_heights_matplotlib_works_out(
    text: str, family: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The charts' renderer answers Text's question for the font's ascent, descent and line gap
    (charts._height_metrics) with the values Text works out itself without it: the same extents,
    to the last bit, on a font of 2048 units (IPAexGothic) and one of 1000 (Noto Sans CJK JP)."""
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    if family not in charts.installed_fonts((family,)):
        pytest.fail(f"{family} is not installed (.ci/run installs fonts-noto-cjk)")
    asked = []
    real = charts._height_metrics
    monkeypatch.setattr(charts, "_height_metrics", lambda *a: asked.append(a) or real(*a))
    prop = FontProperties(family=family, size=7.5)

    def extent(renderer: object) -> list[float]:
        fig = Figure(figsize=(3, 1), dpi=STYLE.dpi)
        label = fig.text(0.5, 0.5, text, fontproperties=prop, va="center", ha="right", linespacing=STYLE.line_pitch)
        return list(label.get_window_extent(renderer).bounds)

    ours = charts._canvas_class()(Figure(figsize=(3, 1), dpi=STYLE.dpi)).get_renderer()
    theirs = RendererAgg(600, 200, STYLE.dpi)  # type: ignore[no-untyped-call]
    assert extent(ours) == extent(theirs)
    assert asked  # Text did ask (matplotlib 3.11); else this test no longer tests the shortcut
