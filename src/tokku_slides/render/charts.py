"""The report's charts, drawn with matplotlib's object API on the Agg canvas, as PNG bytes.

The only module that imports matplotlib. Every chart is drawn once, at its final size (mm) and a
fixed dpi, with the Japanese font that matplotlib-fontja ships (IPAexGothic), so a fresh machine
with no system fonts draws the same labels. The PNG carries no time stamp and no software tag, so
one input gives identical bytes. Charts are memoised per process: the same inputs are drawn once.

Callers pass text already formatted (``4.8``, ``103％``) and labels already wrapped (``\\n``): this
module draws, it neither formats numbers nor breaks lines.

Vertical geometry is in mm throughout: the axes' y data unit is one millimetre from the top of the
plot area, so rows of different heights (one-line and three-line labels) stack exactly.
"""

from __future__ import annotations

import gc
import hashlib
import os
import signal
import struct
import threading
import zlib
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tokku_slides import units
from tokku_slides.layout.chartdata import Axis as Axis  # re-exported: the spec types name them
from tokku_slides.layout.chartdata import ChangeBar as ChangeBar
from tokku_slides.layout.chartdata import GroupRow as GroupRow
from tokku_slides.layout.chartdata import KpiBar as KpiBar
from tokku_slides.layout.chartdata import ScoreRow as ScoreRow
from tokku_slides.render.chartpool import CHART_CACHE as CHART_CACHE
from tokku_slides.render.chartpool import MAX_WORKERS as MAX_WORKERS
from tokku_slides.render.chartpool import start_method as start_method
from tokku_slides.render.chartpool import warm_up as warm_up

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

# matplotlib is imported only when a chart is really drawn (see _mpl): a build whose charts all come
# from the cache under out/.cache/ never pays for importing it.

PNG_COMPRESS_LEVEL = 3
"""zlib level of the PNG writer (1 fastest .. 9 smallest)."""


@dataclass(frozen=True)
class ChartStyle:
    """How every chart looks (from ``report.chart`` in the layout file).

    Lengths in mm, sizes in pt; colours are RGB hex without ``#``, keyed by role.
    """

    font: str
    """The font family for every text of a chart (IPAexGothic, registered by matplotlib-fontja)."""
    size: float
    dpi: int
    width: float
    label_width: float
    """The column at the left for the row labels (the caller wraps labels to fit it)."""
    value_width: float
    """Room kept right of the plot for the last bar's value label."""
    line_pitch: float
    """A label line's pitch as a multiple of ``size``."""
    row_gap: float
    bar: float
    """A bar's thickness in mm."""
    top: float
    """Room above the plot (the legend), in mm."""
    bottom: float
    """Room below the plot (the x axis and its tick labels), in mm."""
    max_height: float
    """The tallest chart; a longer overview is drawn as several charts."""
    colors: tuple[tuple[str, str], ...]
    fallback_fonts: tuple[str, ...] = ()
    """Fonts for the glyphs ``font`` lacks (rare kanji such as 𠮷), used when installed; a chart
    cached before one was installed keeps its empty box until OUT/.cache is deleted."""

    @classmethod
    def from_layout(cls, raw: dict[str, Any]) -> ChartStyle:
        return cls(
            font=str(raw["font"]), size=float(raw["size"]), dpi=int(raw["dpi"]), width=float(raw["width"]),
            label_width=float(raw["label_width"]), value_width=float(raw["value_width"]),
            line_pitch=float(raw["line_pitch"]), row_gap=float(raw["row_gap"]), bar=float(raw["bar"]),
            top=float(raw["top"]), bottom=float(raw["bottom"]), max_height=float(raw["max_height"]),
            colors=tuple((str(k), str(v)) for k, v in raw["colors"].items()),
            fallback_fonts=tuple(str(f) for f in raw.get("fallback_fonts", ())),
        )

    def color(self, key: str) -> str:
        return "#" + dict(self.colors)[key]

    def row_height(self, label: str) -> float:
        """The height of a row in mm: its label's lines (at least the bar) plus the gap."""
        lines = label.count("\n") + 1
        return max(lines * self.size * self.line_pitch * units.MM_PER_PT, self.bar) + self.row_gap

    def font_properties(self, *, scale: float = 1.0) -> FontProperties:
        """The chart font at ``size`` times ``scale`` (regular weight: IPAexGothic has no bold)."""
        _mpl()
        from matplotlib.font_manager import FontProperties

        return FontProperties(family=[self.font, *installed_fonts(self.fallback_fonts)], size=self.size * scale)


@dataclass(frozen=True)
class Chart:
    """A drawn chart: the PNG and its size on the page in mm."""

    png: bytes
    width: float
    height: float


@lru_cache(maxsize=1)
def _mpl() -> None:
    """Import matplotlib (Agg) and register matplotlib-fontja's IPAexGothic: once, on first drawing.

    Also the modules a chart is drawn with (the figure, its artists, the Agg canvas: most of
    matplotlib's import time), so that chart workers forked after this call inherit them instead of
    each importing them again for its first chart."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.backends.backend_agg
    import matplotlib.figure  # with the axes, lines, patches and texts
    import matplotlib_fontja  # noqa: F401  (registers IPAexGothic with matplotlib's font manager)


@lru_cache(maxsize=8)
def installed_fonts(families: tuple[str, ...]) -> tuple[str, ...]:
    """Those of ``families`` that matplotlib can find on this machine (asking for a missing family
    would only log a warning per chart)."""
    _mpl()
    from matplotlib.font_manager import fontManager

    known = {entry.name for entry in fontManager.ttflist}
    return tuple(f for f in families if f in known)


def font_path(style: ChartStyle) -> str:
    """The font file matplotlib draws the charts' text with (raises when the family is not installed)."""
    from matplotlib.font_manager import findfont

    return str(findfont(style.font_properties(), fallback_to_default=False))


@lru_cache(maxsize=8)
def _font(style: ChartStyle) -> FontProperties:
    """:meth:`ChartStyle.font_properties` made once per style: every text copies it, none changes it."""
    return style.font_properties()


TICK_LENGTH = 2.0
"""The x axis' tick marks, pointing down, in pt."""
TICK_WIDTH = 0.8
TICK_PAD = 3.5
"""From a tick mark's end to its label, in pt."""

# The order artists are drawn in (matplotlib draws an axes' artists by z-order): the grid, tick marks
# and tick labels under everything, then the bars, the lines, the spines (2.5), the markers and the
# texts. Every kind of artist has its own z-order, so that the order never depends on which kind of
# artist a reused figure happened to make first.
Z_GRID, Z_TICK, Z_TICK_LABEL = 0.5, 0.51, 0.52
Z_BAR = 1.0
Z_LINE = 2.0
Z_MARKER = 3.0
Z_TARGET_TEXT, Z_VALUE, Z_LABEL = 3.01, 3.02, 3.03


class _Pool:
    """Artists of one kind on a reused figure, made when a chart first needs that many and kept: a
    chart takes as many as it needs and sets on each every property that differs between charts; the
    ones it does not take stay hidden."""

    def __init__(self, ax: Any, make: Callable[[], Any]) -> None:
        self.ax = ax
        self.make = make
        self.items: list[Any] = []
        self.used = 0

    def hide(self) -> None:
        for artist in self.items:
            artist.set_visible(False)
        self.used = 0

    def take(self) -> Any:
        if self.used == len(self.items):
            self.items.append(self.ax.add_artist(self.make()))
        artist = self.items[self.used]
        self.used += 1
        artist.set_visible(True)
        return artist


@dataclass
class _Surface:
    """A figure and its axes kept for the whole process and reused by every chart of one style and
    kind: building a Figure, an Axes and their artists costs more than drawing most charts. A chart
    sets everything it depends on (size, axes position, limits) and takes the artists it shows from
    the pools; :func:`_figure` hides every pooled artist and removes the previous chart's one-off
    artists first, so no chart sees another's."""

    fig: Figure
    ax: Any
    pools: dict[str, _Pool]
    artists: list[Any]
    """The current chart's one-off artists (removed before the next chart of this surface)."""


TEXT_CACHE_SIZE = 4096
"""Laid-out texts kept per process (a chart's label line is about 7 KB of pixels)."""


@dataclass(frozen=True)
class _LaidText:
    """A line of text laid out and rasterised once by FreeType, for both its measure and its drawing:
    its size and descent in pixels, its grey-level bitmap and the bitmap's offset (1/64 px)."""

    width: float
    height: float
    descent: float
    image: Any
    offset: tuple[float, float]


@lru_cache(maxsize=1)
def _canvas_class() -> type:
    """The Agg canvas the charts are drawn on: matplotlib's, with each line of text laid out and
    rasterised once per process instead of twice per chart.

    matplotlib's Agg renderer (3.10 and later) lays a text out once to measure it (FT2Font.set_text)
    and again to draw it (FT2Font._layout, then one FreeType call and one numpy transform per glyph);
    laying out costs about 35 µs a glyph (FreeType loads and hints every glyph each time), and the
    texts were 90 % of a chart's drawing time. This renderer draws a line as matplotlib's Agg did up
    to 3.9, which the FT2Font API still offers: ``set_text``, ``draw_glyphs_to_bitmap``, one
    ``draw_text_image`` of the whole bitmap; and it keeps the result, keyed by the text, its font
    properties, the dpi and the hinting, so the measure and the drawing, and every chart showing the
    same tick label, share one layout. Same font, size, hinting and fallback fonts: the pixels agree
    with matplotlib's own drawing within antialiasing (a test compares them). Mathtext and a renderer
    without these methods (another matplotlib) take matplotlib's own path."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag

    class TextCachingRenderer(RendererAgg):
        fast = hasattr(RendererAgg, "_prepare_font")  # the font (with its fallbacks) for a FontProperties

        def _laid(self, text: str, prop: FontProperties) -> _LaidText:
            return _lay_out(text, prop, float(self.dpi), get_hinting_flag(), self._prepare_font)  # type: ignore[no-untyped-call]

        def _get_font_height_metrics(self, prop: FontProperties, *more: Any,
                                     **named: Any) -> tuple[float | None, float | None, float | None]:
            # matplotlib's Text (3.11) asks its renderer for these when the renderer has them (its PDF
            # and PS renderers do; "a temporary internal method call", says text.py), else works them
            # out itself for every text it lays out, finding the font again each time (about 1.5 ms of
            # a chart's 12). (None, None, None) hands them back to Text: for a matplotlib that asks
            # with more than the font properties, and for one whose renderer lacks _prepare_font.
            if more or named or not self.fast:
                return None, None, None
            return _height_metrics(prop, float(self.dpi), self._prepare_font)

        def get_text_width_height_descent(self, s: str, prop: FontProperties,
                                          ismath: Any) -> tuple[float, float, float]:
            if ismath or not self.fast:
                return super().get_text_width_height_descent(s, prop, ismath)  # type: ignore[no-untyped-call, no-any-return]
            laid = self._laid(s, prop)
            return laid.width, laid.height, laid.descent

        def draw_text(self, gc: Any, x: float, y: float, s: str, prop: FontProperties, angle: float,
                      ismath: Any = False, mtext: Any = None) -> None:
            if ismath or angle or not self.fast:
                super().draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)  # type: ignore[no-untyped-call]
                return
            laid = self._laid(s, prop)
            self._renderer.draw_text_image(laid.image, round(x + laid.offset[0]),
                                           round(y + laid.offset[1] + laid.descent) + 1, 0.0, gc)

    class TextCachingCanvas(FigureCanvasAgg):
        def get_renderer(self) -> RendererAgg:
            w, h = self.get_width_height(physical=True)
            key = w, h, self.figure.dpi
            if getattr(self, "_tokku_key", None) != key:
                self.renderer = TextCachingRenderer(w, h, self.figure.dpi)  # type: ignore[no-untyped-call]
                self._tokku_key = key
            return self.renderer  # type: ignore[no-any-return]

    return TextCachingCanvas


_laid_texts: dict[tuple[str, Any, float, Any], _LaidText] = {}
_height_metrics_of: dict[tuple[Any, float], tuple[float | None, float | None, float | None]] = {}

FONT_HEIGHT_TABLES = (("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
                      ("hhea", "lineGap", "ascent", "descent"))
"""Where a font's ascent, descent and line gap are read: the first of these tables it has (matplotlib's
Text does the same)."""


def _height_metrics(prop: FontProperties, dpi: float,
                    prepare_font: Callable[[FontProperties], Any]) -> tuple[float | None, float | None, float | None]:
    """(ascent, descent, line gap) in pixels of the first font of ``prop`` at its size and ``dpi``, as
    matplotlib's Text works them out from the font's tables (None, None, None when it has neither:
    then Text measures the text instead); once per font properties and dpi in a process."""
    key = (prop, dpi)
    found = _height_metrics_of.get(key)
    if found is None:
        font = prepare_font(prop)
        found = None, None, None
        for table_name, gap_key, ascent_key, descent_key in FONT_HEIGHT_TABLES:
            table = font.get_sfnt_table(table_name)
            if table is None:
                continue
            # matplotlib's expression, in its order (another order can differ in the last bit)
            scale = 1 / font.get_sfnt_table("head")["unitsPerEm"] * prop.get_size_in_points() * dpi / 72
            found = table[ascent_key] * scale, -table[descent_key] * scale, table[gap_key] * scale
            break
        _height_metrics_of[key] = found
    return found


def _lay_out(text: str, prop: FontProperties, dpi: float, flags: Any,
             prepare_font: Callable[[FontProperties], Any]) -> _LaidText:
    """:class:`_LaidText` of ``text`` in ``prop`` at ``dpi`` with hinting ``flags``, made once per process
    (at most :data:`TEXT_CACHE_SIZE` kept; the oldest go first)."""
    key = (text, prop, dpi, flags)
    laid = _laid_texts.get(key)
    if laid is None:
        font = prepare_font(prop)  # the font and its fallbacks, cleared, at the size
        font.set_text(text, 0.0, flags=flags)
        width, height = font.get_width_height()
        descent = font.get_descent()
        font.draw_glyphs_to_bitmap(antialiased=True)
        xo, yo = font.get_bitmap_offset()
        laid = _LaidText(width / 64.0, height / 64.0, descent / 64.0, font.get_image().copy(),
                         (xo / 64.0, yo / 64.0))
        if len(_laid_texts) >= TEXT_CACHE_SIZE:
            del _laid_texts[next(iter(_laid_texts))]
        _laid_texts[key] = laid
    return laid


@lru_cache(maxsize=8)
def _surface(style: ChartStyle, kind: str) -> _Surface:
    """The reused figure for ``kind`` (``kpi``, ``overview`` or ``change``) charts of ``style``, with what every
    such chart has in common (spines, and how each kind of artist looks) set once."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle
    from matplotlib.text import Text
    from matplotlib.transforms import blended_transform_factory

    _mpl()
    fig = Figure(figsize=(style.width / units.MM_PER_INCH, 1.0), dpi=style.dpi)
    _canvas_class()(fig)
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    # the axes' own x and y axis draw nothing: the x axis is drawn by _x_axis (the y axis has no ticks)
    ax.xaxis.set_visible(False)
    ax.yaxis.set_visible(False)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(style.color("axis"))
        ax.spines[side].set_linewidth(0.6)
    font = _font(style)
    axis_color, text_color = style.color("axis"), style.color("text")
    x_grid = ax.get_xaxis_transform(which="grid")  # x in data, y in axes units
    makers: dict[str, Callable[[], Any]] = {
        # what matplotlib's XAxis draws per tick with the grid on and below the data
        "grid": lambda: Line2D([0, 0], [0, 1], transform=x_grid, color=style.color("grid"), linewidth=0.5,
                               alpha=1.0, zorder=Z_GRID),
        "tick": lambda: Line2D([0], [0], transform=ax.get_xaxis_transform(which="tick1"), color=axis_color,
                               linestyle="none", marker=3,  # matplotlib.markers.TICKDOWN
                               markeredgecolor=axis_color, markersize=TICK_LENGTH, markeredgewidth=TICK_WIDTH,
                               clip_on=False, zorder=Z_TICK),
        # black, not the text colour: as matplotlib's tick labels were drawn (xtick.labelcolor "inherit")
        "tick_label": lambda: Text(0, 0, "", transform=ax.get_xaxis_text1_transform(TICK_PAD + TICK_LENGTH)[0],
                                   verticalalignment="top", horizontalalignment="center", fontproperties=font,
                                   color="black", clip_on=False, zorder=Z_TICK_LABEL),
        # as Axes.barh makes them: no edge
        "bar": lambda: Rectangle((0, 0), 0, 0, edgecolor=None, linewidth=None, label="_nolegend_", zorder=Z_BAR),
        "value": lambda: Text(0, 0, "", transform=ax.transData, verticalalignment="center",
                              horizontalalignment="left", fontproperties=font, color=text_color, clip_on=False,
                              zorder=Z_VALUE),
        # row labels: x in axes units, y in mm
        "label": lambda: Text(0, 0, "", transform=blended_transform_factory(ax.transAxes, ax.transData),
                              verticalalignment="center", linespacing=style.line_pitch, fontproperties=font,
                              clip_on=False, zorder=Z_LABEL),
        "target": lambda: Line2D([0, 0], [0, 1], transform=x_grid, color=style.color("target"), linewidth=1.0,
                                 linestyle=(0, (4, 2)), zorder=Z_LINE),
        "target_text": lambda: Text(0, 0, "", transform=ax.transData, verticalalignment="bottom",
                                    horizontalalignment="center", fontproperties=font, color=style.color("target"),
                                    clip_on=False, zorder=Z_TARGET_TEXT),
        # a category's rule across the plot: x in axes units, y in mm
        "rule": lambda: Line2D([0, 1], [0, 0], transform=ax.get_yaxis_transform(which="grid"), color=axis_color,
                               linewidth=0.6, zorder=Z_LINE),
    }
    return _Surface(fig, ax, {name: _Pool(ax, make) for name, make in makers.items()}, [])


def _figure(style: ChartStyle, plot_height: float, kind: str) -> tuple[Figure, Any, _Surface]:
    """The reused figure of ``kind``, cleared of the previous chart and set to this chart's final
    size with its axes placed in mm; returns it, its axes and its surface (the pools, the one-offs)."""
    surface = _surface(style, kind)
    for artist in reversed(surface.artists):
        artist.remove()
    surface.artists.clear()
    for pool in surface.pools.values():
        pool.hide()
    fig, ax = surface.fig, surface.ax
    height = style.top + plot_height + style.bottom
    fig.set_size_inches(style.width / units.MM_PER_INCH, height / units.MM_PER_INCH, forward=False)
    left = style.label_width / style.width
    right = (style.width - style.value_width) / style.width
    ax.set_position((left, style.bottom / height, right - left, plot_height / height))
    ax.ignore_existing_data_limits = True  # limits are set, never autoscaled; no trace of earlier data
    ax.set_ylim(plot_height, 0)
    return fig, ax, surface


def _x_axis(surface: _Surface, axis: Axis) -> None:
    """The value axis' range, and per tick a vertical grid line, a tick mark below the axis and the
    tick's label under it: what matplotlib's XAxis would draw for these ticks, without its locator,
    formatter and tick objects (rebuilt for every chart, they cost more than the rest of the axis)."""
    surface.ax.set_xlim(axis.low, axis.high)
    grid, tick, label = surface.pools["grid"], surface.pools["tick"], surface.pools["tick_label"]
    for value, text in axis.ticks:
        grid.take().set_xdata([value, value])
        tick.take().set_xdata([value])
        label.take().set(x=value, text=text)


def _bars(surface: _Surface, lefts: Sequence[float], centers: Sequence[float], widths: Sequence[float],
          colors: Sequence[str], style: ChartStyle) -> None:
    """Horizontal bars of thickness ``style.bar`` centred on ``centers`` (as Axes.barh draws them)."""
    pool = surface.pools["bar"]
    for left, y, width, color in zip(lefts, centers, widths, colors, strict=True):
        pool.take().set(xy=(left, y - style.bar / 2), width=width, height=style.bar, facecolor=color)


def _values(surface: _Surface, at: Iterable[tuple[float, float, str]]) -> None:
    """Texts left-aligned at (x, y) in data units, centred on y."""
    pool = surface.pools["value"]
    for x, y, text in at:
        pool.take().set(x=x, y=y, text=text)


def _labels(surface: _Surface, rows: Sequence[tuple[float, str, bool]], style: ChartStyle) -> None:
    """Row labels right-aligned just left of the axes; y in mm, bold for group rows."""
    pad = 1.5 / (style.width - style.label_width - style.value_width)
    pool = surface.pools["label"]
    for y, label, bold in rows:
        if bold:
            x, align = -(style.label_width - 1.0) / (style.width - style.label_width - style.value_width), "left"
        else:
            x, align = -pad, "right"
        pool.take().set(x=x, y=y, text=label, horizontalalignment=align,
                        color=style.color("group" if bold else "text"))


def _png(fig: Figure, style: ChartStyle) -> bytes:
    """The figure drawn once on its Agg canvas and written as an RGB PNG with only the chunks needed
    (IHDR, pHYs for the dpi, IDAT, IEND): no text, no time. Every row unfiltered (filter type 0) and
    a fast zlib level: the charts are flat colours, which deflate compresses as well unfiltered as
    filtered, while choosing each row's filter (what PIL's PNG writer does) costs about as much as
    deflating them. The rows are made by numpy in one array, each channel copied across from the
    RGBA buffer: 0.46 ms for a KPI chart, against 1.7 ms through PIL's RGB conversion and a join."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas
    assert isinstance(canvas, FigureCanvasAgg)
    canvas.draw()  # type: ignore[no-untyped-call]
    width, height = canvas.get_width_height()
    rgba = np.frombuffer(canvas.buffer_rgba(), np.uint8).reshape(height, 4 * width)  # type: ignore[no-untyped-call]
    rows = np.empty((height, 1 + 3 * width), np.uint8)
    rows[:, 0] = 0  # each row's filter type: none
    pixels = rows[:, 1:]
    for channel in range(3):  # R, G, B; the alpha channel is left out
        pixels[:, channel::3] = rgba[:, channel::4]
    per_metre = int(style.dpi / 0.0254 + 0.5)  # as PIL writes the dpi
    return b"".join((
        b"\x89PNG\r\n\x1a\n",
        _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)),  # 8-bit RGB, not interlaced
        _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),  # 1: pixels per metre
        _chunk(b"IDAT", zlib.compress(rows.data, PNG_COMPRESS_LEVEL)),
        _chunk(b"IEND", b""),
    ))


def _chunk(kind: bytes, data: bytes) -> bytes:
    """A PNG chunk: length, type, data, CRC-32 of type and data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def kpi_figure(bars: tuple[KpiBar, ...], target: float, target_text: str, axis: Axis, style: ChartStyle) -> Figure:
    """A zone's KPIs as horizontal bars of their achievement, with a vertical line at ``target``
    (100％) labelled ``target_text``; bars short of the target in the ``short`` colour.

    The figure is the module's reused one for KPI charts: it shows this chart until the next
    :func:`kpi_figure` or :func:`kpi_chart` call of the same style."""
    heights = [style.row_height(b.label) for b in bars]
    plot_height = sum(heights)
    fig, _, surface = _figure(style, plot_height, "kpi")
    centers = [sum(heights[:i]) + h / 2 for i, h in enumerate(heights)]
    colors = [style.color("bar" if b.value >= target else "short") for b in bars]
    _bars(surface, [0.0] * len(bars), centers, [b.value for b in bars], colors, style)
    surface.pools["target"].take().set_xdata([target, target])
    surface.pools["target_text"].take().set(x=target, y=0, text=target_text)
    room = (axis.high - axis.low) * 0.01
    _values(surface, [(bar.value + room, y, bar.text) for y, bar in zip(centers, bars, strict=True)])
    _labels(surface, [(y, b.label, False) for y, b in zip(centers, bars, strict=True)], style)
    _x_axis(surface, axis)
    return fig


def overview_figure(
    rows: tuple[ScoreRow | GroupRow, ...], marks: tuple[str, str, str], total_label: str, axis: Axis,
    style: ChartStyle,
) -> Figure:
    """Every zone's 総合評価 as a horizontal bar (from the axis' low end), with Ⅰ, Ⅱ and Ⅲ as
    markers on it, category heading rows between the groups, and a legend above the plot.

    The figure is the module's reused one for overview charts (see :func:`kpi_figure`)."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    heights = [style.row_height(r.label) for r in rows]
    plot_height = sum(heights)
    fig, ax, surface = _figure(style, plot_height, "overview")
    centers = [sum(heights[:i]) + h / 2 for i, h in enumerate(heights)]
    zones: list[tuple[float, ScoreRow]] = [
        (y, r) for y, r in zip(centers, rows, strict=True) if isinstance(r, ScoreRow)
    ]
    ys = [y for y, _ in zones]
    _bars(surface, [axis.low] * len(zones), ys, [r.total - axis.low for _, r in zones],
          [style.color("total")] * len(zones), style)
    markers = ("o", "s", "D")
    keys = ("I", "II", "III")
    for i in range(3):
        shift = (i - 1) * style.bar * 0.22  # Ⅰ a little above, Ⅲ a little below: equal scores stay visible
        surface.artists.append(ax.scatter(
            [r.scores[i] for _, r in zones], [y + shift for y in ys], marker=markers[i], s=(style.bar * 1.2) ** 2,
            color=style.color(keys[i]), edgecolors="white", linewidths=0.4, zorder=Z_MARKER, clip_on=False))
    per_mm = (axis.high - axis.low) / (style.width - style.label_width - style.value_width)
    room = (style.bar * 0.6 + 1.0) * per_mm  # clear of a marker sitting at the axis' end
    _values(surface, [(axis.high + room, y, r.total_text) for y, r in zones])
    for y, row in zip(centers, rows, strict=True):
        if isinstance(row, GroupRow):
            rule_y = y - style.row_height(row.label) / 2
            surface.pools["rule"].take().set_ydata([rule_y, rule_y])
    _labels(surface, [(y, row.label, isinstance(row, GroupRow)) for y, row in zip(centers, rows, strict=True)],
            style)
    _x_axis(surface, axis)
    handles = [Patch(color=style.color("total"), label=total_label)] + [
        Line2D([], [], linestyle="none", marker=markers[i], color=style.color(keys[i]), label=marks[i])
        for i in range(3)
    ]
    surface.artists.append(fig.legend(
        handles=handles, loc="upper right", ncols=4, frameon=False, prop=_font(style),
        bbox_to_anchor=(1 - style.value_width / style.width, 1.0), borderaxespad=0.2, handlelength=1.2,
        columnspacing=1.2))
    return fig


def change_figure(bars: tuple[ChangeBar, ...], axis: Axis, style: ChartStyle) -> Figure:
    """Each zone's change in 総合評価 from last year as a horizontal bar from ±0 (a solid line): up in
    the ``up`` colour, down in ``down``; the change printed beyond the bar's end.

    The figure is the module's reused one for change charts (see :func:`kpi_figure`)."""
    heights = [style.row_height(b.label) for b in bars]
    plot_height = sum(heights)
    fig, ax, surface = _figure(style, plot_height, "change")
    centers = [sum(heights[:i]) + h / 2 for i, h in enumerate(heights)]
    colors = [style.color("up" if b.value >= 0 else "down") for b in bars]
    _bars(surface, [min(0.0, b.value) for b in bars], centers, [abs(b.value) for b in bars], colors, style)
    surface.artists.append(ax.axvline(0.0, color=style.color("axis"), linewidth=0.8, zorder=Z_LINE))
    room = (axis.high - axis.low) * 0.01
    pool = surface.pools["value"]
    for y, bar in zip(centers, bars, strict=True):
        right = bar.value >= 0
        pool.take().set(x=bar.value + (room if right else -room), y=y, text=bar.text,
                        horizontalalignment="left" if right else "right")
    _labels(surface, [(y, b.label, False) for y, b in zip(centers, bars, strict=True)], style)
    _x_axis(surface, axis)
    return fig


@lru_cache(maxsize=16)
def change_chart(bars: tuple[ChangeBar, ...], axis: Axis, style: ChartStyle) -> Chart:
    """:func:`change_figure` drawn to PNG (memoised)."""
    fig = change_figure(bars, axis, style)
    width, height = fig.get_size_inches()
    return Chart(_png(fig, style), round(width * units.MM_PER_INCH, 3), round(height * units.MM_PER_INCH, 3))


@lru_cache(maxsize=256)
def kpi_chart(bars: tuple[KpiBar, ...], target: float, target_text: str, axis: Axis, style: ChartStyle) -> Chart:
    """:func:`kpi_figure` drawn to PNG (memoised: the same KPIs are drawn once per process)."""
    fig = kpi_figure(bars, target, target_text, axis, style)
    width, height = fig.get_size_inches()
    return Chart(_png(fig, style), round(width * units.MM_PER_INCH, 3), round(height * units.MM_PER_INCH, 3))


@lru_cache(maxsize=64)
def overview_chart(
    rows: tuple[ScoreRow | GroupRow, ...], marks: tuple[str, str, str], total_label: str, axis: Axis,
    style: ChartStyle,
) -> Chart:
    """:func:`overview_figure` drawn to PNG (memoised)."""
    fig = overview_figure(rows, marks, total_label, axis, style)
    width, height = fig.get_size_inches()
    return Chart(_png(fig, style), round(width * units.MM_PER_INCH, 3), round(height * units.MM_PER_INCH, 3))


def split_rows(rows: tuple[ScoreRow | GroupRow, ...], style: ChartStyle) -> list[tuple[ScoreRow | GroupRow, ...]]:
    """The overview's rows cut into charts no taller than ``max_height``; a group heading never ends
    a chart, and a chart continuing a group repeats its heading."""
    room = style.max_height - style.top - style.bottom
    charts: list[list[ScoreRow | GroupRow]] = [[]]
    used = 0.0
    group: GroupRow | None = None
    for index, row in enumerate(rows):
        h = style.row_height(row.label)
        if isinstance(row, GroupRow):
            group = row
            if index + 1 < len(rows):  # keep a heading with its first zone
                h += style.row_height(rows[index + 1].label)
        if charts[-1] and used + h > room:
            charts.append([])
            used = 0.0
            if isinstance(row, ScoreRow) and group is not None:
                charts[-1].append(group)
                used += style.row_height(group.label)
        charts[-1].append(row)
        used += style.row_height(row.label)
    return [tuple(c) for c in charts if c]


# -- gathering, caching and drawing in parallel -------------------------------------------------------

CACHE_VERSION = "charts-3"
"""Bump when drawing code changes the pixels, so that cached PNGs of the old code are not reused."""
PARALLEL_FROM = 8
"""Draw in worker processes when at least this many charts miss the cache (forked workers)."""
FORKSERVER_PARALLEL_FROM = 2
"""The same for workers forked from a fork server: started ahead of the build (chartpool.head_start),
it has imported matplotlib on another core by the time the charts are asked for, which the build's
own process would otherwise do first."""


SPAWN_PARALLEL_FROM = 32
"""The same for spawned workers, which each import matplotlib first (about 0.4 s): on 2 cores, 9
charts took 0.90 s spawned against 0.69 s in turn, 21 charts 2.3 s against 1.8 s, 52 charts 1.9 s
against 2.4 s."""


@dataclass(frozen=True)
class KpiChartSpec:
    """Everything a zone's KPI chart is drawn from (its cache key)."""

    bars: tuple[KpiBar, ...]
    target: float
    target_text: str
    axis: Axis
    style: ChartStyle

    def size_mm(self) -> tuple[float, float]:
        return _size(self.style, sum(self.style.row_height(b.label) for b in self.bars))


@dataclass(frozen=True)
class OverviewChartSpec:
    """Everything one part of the overview chart is drawn from (its cache key)."""

    rows: tuple[ScoreRow | GroupRow, ...]
    marks: tuple[str, str, str]
    total_label: str
    axis: Axis
    style: ChartStyle

    def size_mm(self) -> tuple[float, float]:
        return _size(self.style, sum(self.style.row_height(r.label) for r in self.rows))


@dataclass(frozen=True)
class ChangeChartSpec:
    """Everything the chart of the changes in 総合評価 from last year is drawn from (its cache key)."""

    bars: tuple[ChangeBar, ...]
    axis: Axis
    style: ChartStyle

    def size_mm(self) -> tuple[float, float]:
        return _size(self.style, sum(self.style.row_height(b.label) for b in self.bars))


ChartSpec = KpiChartSpec | OverviewChartSpec | ChangeChartSpec


def _size(style: ChartStyle, plot_height: float) -> tuple[float, float]:
    """A chart's size on the page in mm, as :func:`_figure` makes it (without drawing it)."""
    height = style.top + plot_height + style.bottom
    return round(style.width, 3), round(height, 3)


def draw(spec: ChartSpec) -> Chart:
    """Draw one chart now (imports matplotlib on first use)."""
    if isinstance(spec, KpiChartSpec):
        return kpi_chart(spec.bars, spec.target, spec.target_text, spec.axis, spec.style)
    if isinstance(spec, ChangeChartSpec):
        return change_chart(spec.bars, spec.axis, spec.style)
    return overview_chart(spec.rows, spec.marks, spec.total_label, spec.axis, spec.style)


def _draw_png(spec: ChartSpec) -> bytes:
    """The pool's work (a module-level function and frozen dataclasses: both pickle for spawn)."""
    return draw(spec).png


def _start_worker() -> None:
    """A pool worker's start: matplotlib (Agg) and the chart fonts set up in the worker itself (a
    spawned worker imports everything afresh; a forked one already has it, and this costs nothing).

    Ctrl-C is ignored here: it reaches the whole console (every worker too), and the build's process
    alone answers it, by closing the pool (:meth:`ChartBook.close`)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _mpl()


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """What, besides a spec, decides a chart's pixels: this module's version and its libraries'."""
    parts = [CACHE_VERSION]
    for dist in ("matplotlib", "matplotlib-fontja", "numpy"):
        try:
            parts.append(f"{dist}={version(dist)}")
        except Exception:  # a library without metadata: never reuse a cache entry
            parts.append(f"{dist}=?{os.getpid()}")
    return ";".join(parts)


def cache_key(spec: ChartSpec) -> str:
    """The content address of a chart: sha256 of its spec and the drawing code's fingerprint."""
    return hashlib.sha256(f"{_code_fingerprint()}\n{spec!r}".encode()).hexdigest()


class ChartBook:
    """Every chart of a build, gathered first and then drawn at once.

    Charts found in ``cache_dir`` (content-addressed PNGs) are read, not drawn; the rest are drawn in
    parallel across the machine's cores when there are many, and written to the cache. ``cache_dir``
    None means no disk cache (charts are still drawn once per process).

    :meth:`start` hands the misses to a pool of worker processes and returns at once (the caller
    renders something else meanwhile); :meth:`get` waits for one chart, :meth:`prepare` for all of
    them. A chart is drawn once whatever is asked when: a started chart is only waited for. The pool
    stops once every chart handed to it is in, or at :meth:`close` (or the end of a ``with`` block),
    which an owner calls on an error or an interrupt too: no worker outlives the book's owner.
    """

    def __init__(
        self, cache_dir: Path | None, workers: int | None = None, *, defer_writes: bool = False,
        start_method: str | None = None,
    ) -> None:
        self.cache_dir = cache_dir
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        self.start_method = start_method
        """The pool's start method (``fork``/``spawn``); None: :func:`start_method`'s choice."""
        self.defer_writes = defer_writes
        """True: newly drawn charts reach the cache only at :meth:`save` (after a build's files are written)."""
        self._pending: list[tuple[ChartSpec, bytes]] = []
        self._png: dict[ChartSpec, bytes] = {}
        self._futures: dict[ChartSpec, Future[bytes]] = {}
        """Charts handed to the pool and not yet collected."""
        self._queued: dict[ChartSpec, None] = {}
        """Charts started but too few for a pool: drawn in this process when first waited for."""
        self._pool: ProcessPoolExecutor | None = None
        self._launcher: threading.Thread | None = None
        """The thread opening a fork server's pool (:meth:`start`), until it has handed every chart over."""
        self._launch_error: BaseException | None = None
        self._frozen = False
        """True while the objects that existed when the pool forked are frozen (:func:`gc.freeze`)."""
        self.drawn = 0
        """How many charts this book drew (the rest came from the cache)."""

    def __enter__(self) -> ChartBook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self, specs: Iterable[ChartSpec]) -> None:
        """Begin making every chart of ``specs``: read the cache's hits now, hand the misses to worker
        processes when there are many (in the order given: the first asked for are drawn first), and
        return without waiting. Charts already started are left as they are."""
        self._launched()
        missing: list[ChartSpec] = []
        for spec in dict.fromkeys(specs):
            if spec in self._png or spec in self._futures or spec in self._queued:
                continue
            png = self._read(spec)
            if png is None:
                missing.append(spec)
            else:
                self._png[spec] = png
        if not missing:
            return
        method = self.start_method or start_method()
        parallel = self.workers > 1 and (
            self._pool is not None
            or len(missing) >= {"spawn": SPAWN_PARALLEL_FROM, "forkserver": FORKSERVER_PARALLEL_FROM}.get(
                method, PARALLEL_FROM))
        if not parallel:
            self._queued.update(dict.fromkeys(missing))
            return
        if method == "forkserver" and self._pool is None:
            # the first workers wait for the fork server's imports: in a thread, not in the caller
            self._launcher = threading.Thread(target=self._submit_noting, args=(method, missing), daemon=True)
            self._launcher.start()
        else:
            self._submit(method, missing)

    def _submit(self, method: str, specs: list[ChartSpec]) -> None:
        pool = self._pool if self._pool is not None else self._open_pool(method)
        for spec in specs:
            self._futures[spec] = pool.submit(_draw_png, spec)

    def _submit_noting(self, method: str, specs: list[ChartSpec]) -> None:
        try:
            self._submit(method, specs)
        except BaseException as exc:  # raised again in the caller's thread, by _launched
            self._launch_error = exc

    def _launched(self) -> None:
        """Wait until the pool started by :meth:`start` in a thread has every chart handed to it;
        what failed there is raised here."""
        launcher, self._launcher = self._launcher, None
        if launcher is not None:
            launcher.join()
        error, self._launch_error = self._launch_error, None
        if error is not None:
            raise error

    def _open_pool(self, method: str) -> ProcessPoolExecutor:
        warm_up(method)  # the fork server, if not already started by the build
        if method == "fork":
            _mpl()  # imported once here: forked workers inherit it
            gc.collect()  # and no garbage: workers inherit only what the parent still uses
            # What exists now (matplotlib, the year) lives at least as long as the pool: left out of
            # collections until close(), so that neither the workers' collections (copying the pages
            # they inherited) nor this process's (the report's, after the deck) go through it again.
            gc.freeze()
            self._frozen = True
        self._pool = ProcessPoolExecutor(min(self.workers, MAX_WORKERS), mp_context=get_context(method),
                                         initializer=_start_worker)
        return self._pool

    def prepare(self, specs: Iterable[ChartSpec]) -> None:
        """Make every chart of ``specs`` available to :meth:`get`, drawing only the cache's misses
        (:meth:`start`, then wait for all of them)."""
        specs = list(dict.fromkeys(specs))
        self.start(specs)
        for spec in specs:
            self._collect(spec)

    def get(self, spec: ChartSpec) -> Chart:
        """The chart of ``spec``: waited for if started, drawn now if :meth:`start` did not see it."""
        if spec not in self._png:
            self.start([spec])
            self._collect(spec)
        width, height = spec.size_mm()
        return Chart(self._png[spec], width, height)

    def _collect(self, spec: ChartSpec) -> None:
        """The started chart of ``spec`` into ``_png``: its worker's result waited for, or drawn here."""
        if spec in self._png:
            return
        self._launched()
        self._queued.pop(spec, None)
        future = self._futures.pop(spec, None)
        png = future.result() if future is not None else _draw_png(spec)
        self.drawn += 1
        self._png[spec] = png
        if self.defer_writes:
            self._pending.append((spec, png))
        else:
            self._write(spec, png)
        if not self._futures:
            self.close()  # the last started chart is in: the workers are not kept waiting for more

    def close(self) -> None:
        """Stop the pool: charts it has not begun are dropped (a later :meth:`get` draws them here),
        the workers finish the one they draw and exit, and this returns once they have. Safe to call
        twice; the book can start again after."""
        self._launched()
        pool, self._pool = self._pool, None
        if pool is None:
            return
        for future in self._futures.values():
            future.cancel()
        self._futures.clear()
        try:
            pool.shutdown(wait=True, cancel_futures=True)
        finally:
            if self._frozen:
                self._frozen = False
                gc.unfreeze()

    def save(self) -> None:
        """Write the charts drawn since the last save to the cache (with ``defer_writes``)."""
        pending, self._pending = self._pending, []
        for spec, png in pending:
            self._write(spec, png)

    def _path(self, spec: ChartSpec) -> Path | None:
        if self.cache_dir is None:
            return None
        key = cache_key(spec)
        return self.cache_dir / key[:2] / f"{key}.png"

    def _read(self, spec: ChartSpec) -> bytes | None:
        path = self._path(spec)
        if path is None:
            return None
        try:
            data = path.read_bytes()
        except OSError:
            return None
        return data if data.startswith(b"\x89PNG\r\n\x1a\n") and data.endswith(b"IEND\xaeB`\x82") else None

    def _write(self, spec: ChartSpec, png: bytes) -> None:
        """Store a drawn chart; a cache that cannot be written is only slower, never an error."""
        path = self._path(spec)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(png)
            os.replace(tmp, path)
        except OSError:
            pass
