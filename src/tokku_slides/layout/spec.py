"""The layout file (layouts/card.yaml): slide size, boxes, fonts, sizes, colours, rules and labels.

Lengths in the file are millimetres and font sizes points; this module keeps those units
(``*_mm``, ``*_pt``) and leaves EMU to the pptx renderer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from tokku_slides.i18n import _
from tokku_slides.layout.schema import check_layout
from tokku_slides.units import Mm, Pt

LAYOUTS_PACKAGE = "tokku_slides.layouts"
"""The package that holds the default layout: the top-level ``layouts/`` folder of the source tree,
mapped into the package by pyproject.toml (an editable install reads the folder itself)."""


def default_layout_path() -> Path:
    """The default layout file (``card.yaml`` of :data:`LAYOUTS_PACKAGE`) as a file on disk."""
    resource = files(LAYOUTS_PACKAGE) / "card.yaml"
    if not isinstance(resource, Path):  # an installation inside a zip file: never made by pip
        raise RuntimeError(_("the default layout is not a file on disk: {resource}").format(resource=resource))
    return resource


DEFAULT_LAYOUT = default_layout_path()
"""The default layout file (layouts/card.yaml), wherever the package is installed."""



@dataclass(frozen=True)
class Style:
    """How a block's text looks. ``size``/``min_size`` in pt; colours are keys of ``colors`` or None."""

    size: Pt = 10.5  # type: ignore[assignment]  # a Pt (NewType defaults cannot be called in a dataclass)
    min_size: Pt | None = None
    """The smallest size the block may shrink to; None means it never shrinks."""
    bold: bool = False
    color: str | None = None
    fill: str | None = None
    border: str | None = None
    """A key of ``rules`` (the border width), or None for no border."""
    anchor: str = "top"
    align: str = "left"
    group: str | None = None
    """Blocks of one group on a card share the smallest size any of them needs; None: on its own."""
    mark_size: Pt | None = None
    """The size of a score header's mark (Ⅰ); None: the block's size."""

    @property
    def smallest(self) -> Pt:
        return self.min_size if self.min_size is not None else self.size


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide (mm from the top left) and the style of its text."""

    x: Mm
    y: Mm
    width: Mm
    height: Mm
    style: Style


@dataclass(frozen=True)
class TextSettings:
    line_spacing: float
    """Line pitch as a multiple of the font size (written as exact points)."""
    paragraph_space: float
    """Space before a bullet paragraph, in lines of the block's size."""
    shrink_step: float
    safety_em: float
    insets_mm: tuple[float, float, float, float]
    """left, right, top, bottom."""


@dataclass(frozen=True)
class ScoreLabel:
    key: str
    mark: str
    label: str


@dataclass(frozen=True)
class Labels:
    scores: tuple[ScoreLabel, ...]
    total: str
    total_header: str
    total_note: str
    kpis: str
    remarks: str
    etc: str
    bullet: str
    continued: str
    footer: str
    list_title: str
    list_columns: tuple[str, ...]
    list_note: str
    previous_columns: tuple[str, str]
    list_page_title: str
    """The list page's title pattern (``{era}`` filled in)."""
    list_page_notes: tuple[str, ...]
    list_page_columns: dict[str, str]
    """List column key -> its header."""
    list_categories: dict[str, str]
    """A category's name -> its short name in the list's 国際/地域 column."""
    """The list table's two more columns when previous: is set: last year's 総合評価, the change."""
    previous_new: str
    previous_none: str
    previous_total: str
    """The 前年度 figure under a card's total: ``{total}`` last year's, ``{change}``."""


@dataclass(frozen=True)
class Layout:
    """A whole layout file, resolved. Renderers read geometry and labels only from here."""

    path: Path
    slide_width_mm: float
    slide_height_mm: float
    latin_font: str
    east_asian_font: str
    metrics_path: Path
    """The East Asian face's metrics (``fonts.metrics``)."""
    text: TextSettings
    colors: dict[str, str]
    rules: dict[str, float]
    labels: Labels
    card: dict[str, Any]
    list: dict[str, Any]
    boxes: dict[str, Box] = field(default_factory=dict)
    report: dict[str, Any] = field(default_factory=dict)
    """The Word report's settings (``report:`` in the file), read by the docx renderer; {} when absent."""
    template_layout: str | None = None
    """The name of the --template slide layout the cards go on (``slide.template_layout``); None: the
    first with no placeholders, else the first."""
    latin_metrics_path: Path | None = None
    """The Latin face's metrics (``fonts.latin_metrics``); None: measured with ``metrics_path``."""
    author: str = ""
    company: str = ""
    """``organisation:``: the documents' author and company; "" when not given."""

    @property
    def metrics_paths(self) -> tuple[Path, ...]:
        """Every metrics file the layout names: the East Asian face's, then the Latin face's."""
        return (self.metrics_path, *((self.latin_metrics_path,) if self.latin_metrics_path else ()))

    def color(self, key: str | None) -> str | None:
        """RGB hex for a colour key, or None for none."""
        return None if key is None else self.colors[key]


STYLE_KEYS = {"size", "min_size", "bold", "color", "fill", "border", "anchor", "align", "group", "mark_size"}
BOX_KEYS = {"x", "y", "width", "height"} | STYLE_KEYS


def make_style(raw: dict[str, Any]) -> Style:
    """A style from a checked layout mapping: sizes in pt (written as numbers)."""
    values = {k: v for k, v in raw.items() if k in STYLE_KEYS}
    for key in ("size", "min_size", "mark_size"):
        if values.get(key) is not None:
            values[key] = Pt(float(values[key]))
    return Style(**values)


def make_box(raw: dict[str, Any]) -> Box:
    unknown = set(raw) - BOX_KEYS
    if unknown:
        raise ValueError(_("unknown box keys: {keys}").format(keys=", ".join(sorted(unknown))))
    return Box(Mm(float(raw["x"])), Mm(float(raw["y"])), Mm(float(raw["width"])), Mm(float(raw["height"])),
               make_style(raw))


def load_layout(path: Path | None = None) -> Layout:
    """Read and check a layout file (:mod:`tokku_slides.layout.schema`); raises :class:`InputErrors`
    with every problem of the file."""
    path = Path(path) if path is not None else DEFAULT_LAYOUT
    return _resolve(path, check_layout(path).values)


def _resolve(path: Path, raw: dict[str, Any]) -> Layout:
    """The Layout of a checked file's values (every key there, every colour and rule key known)."""
    text = raw["text"]
    insets = text["insets"]
    labels = raw["labels"]
    card = raw["card"]
    colors = {k: str(v) for k, v in raw["colors"].items()}
    report = raw["report"]
    chart = report["chart"]
    # the charts take RGB hex only: a colour key of `colors` is resolved here
    report = {**report, "chart": {**chart, "colors": {k: colors.get(v, v) for k, v in chart["colors"].items()}}}
    boxes = {name: make_box(card[name]) for name in ("section", "title", "footer", "page_number")}
    return Layout(
        path=path,
        slide_width_mm=float(raw["slide"]["width"]),
        slide_height_mm=float(raw["slide"]["height"]),
        latin_font=str(raw["fonts"]["latin"]),
        east_asian_font=str(raw["fonts"]["east_asian"]),
        metrics_path=(path.parent / raw["fonts"]["metrics"]).resolve(),
        latin_metrics_path=(path.parent / raw["fonts"]["latin_metrics"]).resolve()
        if raw["fonts"].get("latin_metrics") else None,
        text=TextSettings(
            line_spacing=float(text["line_spacing"]),
            paragraph_space=float(text["paragraph_space"]),
            shrink_step=float(text["shrink_step"]),
            safety_em=float(text["safety"]),
            insets_mm=(float(insets["left"]), float(insets["right"]), float(insets["top"]), float(insets["bottom"])),
        ),
        colors=colors,
        rules={k: float(v) for k, v in raw["rules"].items()},
        labels=Labels(
            scores=tuple(ScoreLabel(str(s["key"]), str(s["mark"]), str(s["label"])) for s in labels["scores"]),
            total=str(labels["total"]),
            total_header=str(labels["total_header"]),
            total_note=str(labels["total_note"]),
            kpis=str(labels["kpis"]),
            remarks=str(labels["remarks"]),
            etc=str(labels["etc"]),
            bullet=str(labels["bullet"]),
            continued=str(labels["continued"]),
            footer=str(labels["footer"]),
            list_title=str(labels["list_title"]),
            list_columns=tuple(str(c) for c in labels["list_columns"]),
            list_note=str(labels["list_note"]),
            previous_columns=(str(labels["previous_columns"][0]), str(labels["previous_columns"][1])),
            list_page_title=str(labels["list_page_title"]),
            list_page_notes=tuple(str(n) for n in labels["list_page_notes"]),
            list_page_columns={str(k): str(v) for k, v in labels["list_page_columns"].items()},
            list_categories={str(k): str(v) for k, v in (labels.get("list_categories") or {}).items()},
            previous_new=str(labels["previous_new"]),
            previous_none=str(labels["previous_none"]),
            previous_total=str(labels["previous_total"]),
        ),
        card=card,
        list=raw["list"],
        boxes=boxes,
        report=report,
        template_layout=str(raw["slide"]["template_layout"]) if raw["slide"].get("template_layout") else None,
        author=str((raw.get("organisation") or {}).get("author") or ""),
        company=str((raw.get("organisation") or {}).get("company") or ""),
    )
