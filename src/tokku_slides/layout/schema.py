"""The layout file's schema: every key of layouts/card.yaml, declared once with its type, unit,
range and meaning, and the checker that walks a composed file's YAML nodes against it.

The checker works on nodes (:func:`tokku_slides.model.yamlsrc.compose`), never on constructed
values, so every problem carries the FILE:LINE:COLUMN of the key or value at fault; every problem
of the file is collected and raised at once as :class:`InputErrors`. After the walk, the checks that
span keys: colour and rule keys, ``min_size`` at most ``size``, boxes on the slide, column counts
that must agree, the metrics file. The result is plain Python values (mappings, lists, numbers,
text) with the file's shape, which :mod:`tokku_slides.layout.spec` resolves into a ``Layout``.

No Office library is imported here (``validate`` checks a layout without python-docx).
"""

from __future__ import annotations

import difflib
import math
import re
import string
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from tokku_slides.i18n import N_, _, listing
from tokku_slides.model.errors import InputError, InputErrors
from tokku_slides.model.yamlsrc import CORE, MERGE_TAG, YamlProblem, at, compose, encoding_name, scalar_text
from tokku_slides.model.yamlsrc import kind as kind_id

MESSAGES = {
    "unknown_key_near": N_("unknown key; did you mean '{near}'?"),
    "unknown_key": N_("unknown key; known keys: {known}"),
    "key_twice": N_("key given twice (first on line {line}); keep one of them"),
    "merge_key": N_("merge keys (<<) are not supported; write the keys out"),
    "key_not_word": N_("a key must be a plain word"),
    "missing": N_("required key is missing"),
    "missing_label": N_("required label is missing"),
    "empty_file": N_("the file is empty; expected the keys {keys}"),
    "not_mapping": N_("expected keys ({keys}) on lines of their own, not {kind}"),
    "not_list": N_("expected a list ([a, b] or lines starting with '- '), not {kind}"),
    "count": N_("must list {count} values, found {found_count}"),
    "not_number": N_("expected a number of {unit} written without the unit, e.g. {example}, not {kind}"),
    "not_integer": N_("expected a whole number of {unit}"),
    "not_finite": N_("expected an ordinary number of {unit}"),
    "below": N_("must be at least {low} {unit}"),
    "not_above": N_("must be more than {low} {unit}"),
    "above": N_("must be at most {high} {unit}"),
    "not_flag": N_("expected true or false, not {kind}"),
    "not_text": N_("expected text, not {kind}"),
    "empty_text": N_("is empty: write the text"),
    "not_choice": N_("must be one of: {choices}"),
    "not_hex": N_("a colour here is six hex digits (RRGGBB) such as 1F3864"),
    "hex_digits": N_("a hex colour has six digits (RRGGBB) such as 1F3864, not {digits}"),
    "unknown_color_near": N_("unknown colour; did you mean '{near}'? "
                             "(a key of colors: or six hex digits such as 1F3864)"),
    "unknown_color": N_("unknown colour: a key of colors: ({known}) or six hex digits such as 1F3864"),
    "unknown_rule_near": N_("unknown rule; did you mean '{near}'? (a key of rules:)"),
    "unknown_rule": N_("unknown rule: a key of rules: ({known})"),
    "bad_format": N_("a '{{' or '}}' that does not enclose a placeholder; write '{{{{' or '}}}}' for a brace"),
    "unknown_placeholder": N_("unknown placeholder {{{name}}}; this text may use {allowed}"),
    "no_placeholders": N_("this text takes no placeholder; write '{{{{' or '}}}}' for a brace"),
    "min_above_size": N_("min_size must be at most size ({size} pt)"),
    "off_width": N_("the box runs off the slide: x + width = {end} mm, the slide is {limit} mm wide"),
    "off_height": N_("the box runs off the slide: y + height = {end} mm, the slide is {limit} mm high"),
    "columns_off": N_("the columns run off the slide: x + their sum = {end} mm, the slide is {limit} mm wide"),
    "bottom_off": N_("the bottom is below the slide's bottom edge ({limit} mm)"),
    "bottom_above": N_("the bottom must be below the top of this part ({top} mm)"),
    "report_columns": N_("the columns add up to {total} mm, more than the text width of {limit} mm"),
    "chart_width": N_("the chart is wider than the text width of {limit} mm"),
    "chart_plot": N_("label_width + value_width must leave room for the plot within width ({width} mm)"),
    "margins_wide": N_("the left and right margins leave no text width on a page {width} mm wide"),
    "axis_order": N_("the axis must run from the lower value to the higher"),
    "score_keys": N_("the scores are listed in the order I, II, III"),
    "metrics_missing": N_("no such file (the path is relative to the layout file's folder)"),
    "pptx_file": N_("this is a PowerPoint file; --layout takes a UTF-8 YAML layout file such as layouts/card.yaml "
                    "(a template will be given with --template)"),
    "docx_file": N_("this is a Word file; --layout takes a UTF-8 YAML layout file such as layouts/card.yaml "
                    "(a template will be given with --template)"),
    "zip_file": N_("this is a zip file; --layout takes a UTF-8 YAML layout file such as layouts/card.yaml"),
    "binary_file": N_("this is a binary file, not text; --layout takes a UTF-8 YAML layout file such as "
                      "layouts/card.yaml"),
    "encoding": N_("this file is in {encoding}, not UTF-8; --layout takes a UTF-8 YAML layout file: save it as UTF-8"),
    "not_utf8": N_("this file is not UTF-8 text; --layout takes a UTF-8 YAML layout file: save it as UTF-8"),
}
"""Every message of the layout checker: one complete format string each, an id of the message catalog
(marked by N_, translated by :func:`msg` where it is shown)."""

UNITS = {"mm": (N_("millimetres"), "10"), "pt": (N_("points"), "10.5"), "ratio": (N_("times"), "1.2"),
         "em": (N_("ems"), "1"), "dpi": (N_("dots per inch"), "200"), "percent": (N_("percent"), "50"),
         "score": (N_("score points"), "5"), "decimals": (N_("decimals"), "1")}
"""A unit's word in messages (for the message catalog, translated where shown) and an example value."""


def msg(key: str, **values: object) -> str:
    """The message ``key`` in the language in use, its placeholders filled."""
    return _(MESSAGES[key]).format(**values)


KINDS = (N_("text"), N_("a number"), N_("true/false"), N_("nothing"), N_("a list"), N_("a mapping"), N_("a date"),
         N_("a value"))
"""The words of :func:`tokku_slides.model.yamlsrc.kind` (English), ids of the catalog."""


def kind(node: Node) -> str:
    """What a node is, in the user's word and the language in use."""
    return _(kind_id(node))


def unit_word(unit: str) -> tuple[str, str]:
    """A unit's word in the language in use, and an example value."""
    word, example = UNITS[unit]
    return _(word), example


# -- the kinds of value -----------------------------------------------------------------------


@dataclass(frozen=True)
class Num:
    """A number in ``unit``; ``low`` inclusive unless ``above`` (strictly more than ``low``)."""

    unit: str
    low: float | None = 0
    above: bool = True
    high: float | None = None
    integer: bool = False


@dataclass(frozen=True)
class Flag:
    """true or false."""


@dataclass(frozen=True)
class Text:
    """Non-empty text; ``placeholders`` None: plain text, else the {names} it may use (a format string)."""

    placeholders: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Choice:
    choices: tuple[str, ...]


@dataclass(frozen=True)
class Color:
    """A colour: a key of ``colors:`` or six hex digits; ``hex_only`` for the palette itself."""

    hex_only: bool = False


@dataclass(frozen=True)
class Rule:
    """A key of ``rules:`` (a line width in pt)."""


@dataclass(frozen=True)
class Seq:
    item: Kind
    count: int | None = None


@dataclass(frozen=True)
class Key:
    """One key of a mapping: its kind, whether it must be there, and what it means."""

    kind: Kind
    meaning: str
    required: bool = True
    label: bool = False
    """A label: its absence is reported as a missing label."""


@dataclass(frozen=True)
class Map:
    keys: dict[str, Key]


@dataclass(frozen=True)
class Palette:
    """An open mapping (``colors:``, ``rules:``): any word as key, each value of one kind;
    ``required`` keys must be there (the code names them)."""

    value: Kind
    required: tuple[str, ...] = ()


Kind = Num | Flag | Text | Choice | Color | Rule | Seq | Map | Palette

MM = Num("mm")
MM0 = Num("mm", above=False)
PT = Num("pt", high=400)
PT0 = Num("pt", above=False, high=400)
LABEL = Text()
SLIDE_LENGTH = Num("mm", low=25.4, above=False, high=1422.4)
PAGE_LENGTH = Num("mm", low=25.4, above=False, high=558.8)


def _opt(kind: Kind, meaning: str) -> Key:
    return Key(kind, meaning, required=False)


def _label(meaning: str, placeholders: tuple[str, ...] | None = None) -> Key:
    return Key(Text(placeholders), meaning, label=True)


SLIDE_STYLE: dict[str, Key] = {
    "size": Key(PT, "the preferred font size (pt)"),
    "min_size": _opt(PT, "the smallest size (pt) the text may shrink to; absent: it never shrinks"),
    "bold": _opt(Flag(), "bold text"),
    "color": _opt(Color(), "the text colour"),
    "fill": _opt(Color(), "the box's fill colour"),
    "border": _opt(Rule(), "the box's frame (a key of rules:)"),
    "anchor": _opt(Choice(("top", "middle", "bottom")), "where the text sits vertically"),
    "align": _opt(Choice(("left", "center", "right", "justify")), "the text's alignment"),
    "group": _opt(Text(), "blocks of one group on a card share one size"),
    "mark_size": _opt(PT, "the size of the marks Ⅰ Ⅱ Ⅲ in the score table's header (pt)"),
}
"""A block's text on a slide (every style of card: and list:)."""

BOX: dict[str, Key] = {
    "x": Key(MM0, "from the slide's left edge (mm)"),
    "y": Key(MM0, "from the slide's top edge (mm)"),
    "width": Key(MM, "width (mm)"),
    "height": Key(MM, "height (mm)"),
    **SLIDE_STYLE,
}
"""A text box on a slide and the style of its text."""

STYLE = Map(SLIDE_STYLE)
BOX_MAP = Map(BOX)

REPORT_STYLE = Map({
    "size": Key(PT, "font size (pt)"),
    "bold": _opt(Flag(), "bold text"),
    "color": _opt(Color(), "the text colour"),
    "fill": _opt(Color(), "the paragraph's shading"),
    "border": _opt(Color(), "the colour of a frame round the paragraph"),
    "before": _opt(PT0, "space before the paragraph (pt)"),
    "after": _opt(PT0, "space after the paragraph (pt)"),
    "align": _opt(Choice(("left", "center", "right", "justify")), "the paragraph's alignment"),
    "indent": _opt(Num("em", above=False, high=20), "left indent in ems of the style's size"),
})
"""A paragraph (or run) style of the Word report."""

REPORT_STYLES = ("body", "title", "subtitle", "date", "toc_heading", "toc1", "toc2", "toc3", "heading1", "heading2",
                 "heading3", "label", "bullet", "note", "table", "score", "total", "figure", "header", "footer")
"""The report's styles (render/docx_report.STYLES and RUN_ONLY): all must be given."""

SCORE_KEYS = ("I", "II", "III")
LIST_COLUMNS = ("field", "designation", "category", "number", "name", "governments", "total", "I", "II", "III")
"""The columns the list page may show (layout/pages.py fills them)."""
CHART_COLORS = ("text", "axis", "group", "grid", "bar", "short", "target", "total", "I", "II", "III", "up", "down")


def _columns(count: int, meaning: str) -> Key:
    return Key(Seq(MM, count), meaning)


SCHEMA = Map({
    "slide": Key(Map({
        "width": Key(SLIDE_LENGTH, "the slide's width (mm; PowerPoint takes 25.4 to 1422.4)"),
        "height": Key(SLIDE_LENGTH, "the slide's height (mm)"),
        "template_layout": _opt(Text(), "the slide layout of --template the cards go on, by name (absent: one "
                                "with no placeholders, else the first master's Blank, else the first)"),
    }), "the slide size"),
    "organisation": _opt(Map({
        "author": _opt(Text(), "the documents' author (core properties)"),
        "company": _opt(Text(), "the documents' company (docProps/app.xml)"),
    }), "who the documents are from"),
    "fonts": Key(Map({
        "latin": Key(Text(), "the font of half-width letters, digits, punctuation and spaces (ASCII and Latin-1; "
                     "'theme': the --template theme's body font)"),
        "east_asian": Key(Text(), "the font of Japanese and every other text ('theme': the --template theme's East "
                          "Asian body font)"),
        "metrics": Key(Text(), "east_asian's advance widths (a file, relative to the layout file)"),
        "latin_metrics": _opt(Text(), "latin's advance widths (a file, relative to the layout file; absent: "
                              "latin is measured with metrics, so it must be the same font)"),
    }), "the deck's and report's fonts: every character is drawn in one of the two, and measured with its "
        "widths"),
    "text": Key(Map({
        "line_spacing": Key(Num("ratio", high=5), "line pitch as a multiple of the size"),
        "paragraph_space": Key(Num("ratio", above=False, high=5), "space before a bullet paragraph, in lines"),
        "shrink_step": Key(Num("pt", high=10), "pt per step when a block must shrink"),
        "safety": Key(Num("em", above=False, high=5), "em kept free on every line"),
        "insets": Key(Map({side: Key(Num("mm", above=False, high=50), f"the box's inner margin, {side} (mm)")
                           for side in ("left", "right", "top", "bottom")}), "inner margins of every box"),
    }), "how text is set and fitted"),
    "colors": Key(Palette(Color(hex_only=True), ("text", "rule")), "named colours (RRGGBB) used by the styles"),
    "rules": Key(Palette(Num("pt", high=20), ("table",)), "named line widths (pt) used as borders"),
    "labels": Key(Map({
        "scores": Key(Seq(Map({
            "key": Key(Choice(SCORE_KEYS), "the score's key: I, II or III"),
            "mark": _label("its mark (Ⅰ)"),
            "label": _label("its heading"),
        }), 3), "the three scores Ⅰ Ⅱ Ⅲ", label=True),
        "total": _label("the overall score's name"),
        "total_header": _label("the overall score's column header"),
        "total_note": _label("the note under the overall score"),
        "kpis": _label("the KPI block's heading"),
        "remarks": _label("the remarks' heading"),
        "etc": _label("等 after a list that goes on"),
        "bullet": _label("the bullet before an item"),
        "continued": _label("after a title continued on a next card"),
        "footer": _label("every slide's footer", ("title", "era")),
        "list_title": _label("the list page's title"),
        "list_columns": Key(Seq(LABEL, 7), "the list table's column headers", label=True),
        "list_note": _label("the note on the list page"),
        "previous_columns": Key(Seq(LABEL, 2), "the list table's columns of last year's overall score and the change",
                                label=True),
        "list_page_title": _label("the list page's title", ("era",)),
        "list_page_notes": Key(Seq(LABEL), "the list page's notes above the table, one paragraph each", label=True),
        "list_page_columns": Key(Map({key: _label(f"the list page's header of the {key} column")
                                      for key in LIST_COLUMNS}), "the list page's column headers", label=True),
        "list_categories": _opt(Palette(LABEL), "a category's name (evaluation.yaml) -> its name in the list's "
                                "国際/地域 column; a category not given prints in full"),
        "previous_new": _label("the change of a zone new this year (新規)"),
        "previous_none": _label("last year's figure of a zone new this year"),
        "previous_total": _label("last year's overall score under the total on a card", ("total", "change")),
    }), "every fixed text of the deck"),
    "card": Key(Map({
        "section": Key(BOX_MAP, "the section heading box"),
        "title": Key(BOX_MAP, "the zone's title box"),
        "score_table": Key(Map({
            "x": Key(MM0, "from the slide's left edge (mm)"),
            "y": Key(MM0, "from the slide's top edge (mm)"),
            "columns": _columns(4, "widths (mm) of 総合評価, Ⅰ, Ⅱ, Ⅲ"),
            "header_height": Key(MM, "the header row's height (mm)"),
            "score_height": Key(MM, "the score row's height (mm)"),
            "header": Key(STYLE, "the header cells' text"),
            "total": Key(STYLE, "the overall score's text"),
            "score": Key(STYLE, "the scores' text"),
        }), "the score table"),
        "body": Key(Map({
            "bottom": Key(MM, "the body's bottom edge (mm from the top)"),
            "note": Key(STYLE, "the note under the overall score"),
            "kpis": Key(STYLE, "the KPI block"),
            "measures": Key(STYLE, "the support measures' blocks"),
        }), "the blocks below the score table"),
        "remarks": Key(Map({
            "x": Key(MM0, "from the slide's left edge (mm)"),
            "y": Key(MM0, "from the slide's top edge (mm)"),
            "width": Key(MM, "width (mm)"),
            "heading_height": Key(MM, "the heading's height (mm)"),
            "bottom": Key(MM, "the bottom edge (mm from the top)"),
            "heading": Key(STYLE, "the heading's text"),
            "body": Key(STYLE, "the remarks' text"),
        }), "the expert remarks"),
        "footer": Key(BOX_MAP, "the footer box"),
        "page_number": Key(BOX_MAP, "the page number box"),
        "previous_total": _opt(Flag(), "last year's overall score and the change under the total"),
    }), "a zone's card"),
    "list": Key(Map({
        "heading": Key(BOX_MAP, "the list page's heading box"),
        "note": Key(BOX_MAP, "the list page's note box"),
        "table": Key(Map({
            "x": Key(MM0, "from the slide's left edge (mm)"),
            "y": Key(MM0, "from the slide's top edge (mm)"),
            "width": Key(MM, "the width (mm) of the table: one block, or two blocks and the gap"),
            "gap": Key(MM0, "the gap (mm) between two blocks side by side"),
            "columns": Key(Seq(Choice(LIST_COLUMNS)), "the columns in order (keys of labels.list_page_columns); "
                           "with previous: set, last year's overall score and the change follow"),
            "widths": Key(Map({key: Key(MM, f"the {key} column's share of the block's width")
                               for key in (*LIST_COLUMNS, "previous", "change")}),
                          "the columns' widths, scaled to the block's width (mm at a block as wide as their sum)"),
            "order": Key(Choice(("score", "file")), "the rows' order: score (by category, the overall score "
                         "high to low, ties in file order) or file (by category, in file order)"),
            "decimals": Key(Num("decimals", above=False, high=3, integer=True),
                            "the decimals of every score on the list (1: 4.0, 3.0)"),
            "bottom": Key(MM, "the table's bottom edge (mm from the top)"),
            "header_height": Key(MM, "the header row's height (mm)"),
            "row_padding": Key(MM0, "mm added to a row's text height"),
            "header": Key(STYLE, "the header row's text"),
            "cell": Key(STYLE, "the cells' text"),
            "total": Key(STYLE, "the overall score's text"),
        }), "the list table"),
    }), "the list page (評価結果一覧)"),
    "report": Key(Map({
        "page": Key(Map({
            "width": Key(PAGE_LENGTH, "the page's width (mm; Word takes 25.4 to 558.8)"),
            "height": Key(PAGE_LENGTH, "the page's height (mm)"),
        }), "the page size"),
        "margins": Key(Map({side: Key(MM0, f"the {side} margin (mm)")
                            for side in ("top", "bottom", "left", "right", "header", "footer")}), "page margins"),
        "line_spacing": Key(Num("ratio", high=5), "body line pitch as a multiple of single spacing"),
        "zone_new_page": _opt(Flag(), "every zone after the first of its category starts a page"),
        "chapter_new_page": _opt(Seq(Flag(), 3), "whether each chapter starts a page"),
        "styles": Key(Map({name: Key(REPORT_STYLE, f"the {name} style") for name in REPORT_STYLES}),
                      "the report's paragraph styles"),
        "table": Key(Map({
            "border": Key(Rule(), "the tables' rules (a key of rules:)"),
            "border_color": Key(Color(), "the tables' rule colour"),
            "header_fill": Key(Color(), "the header cells' fill"),
            "total_fill": Key(Color(), "the overall score cell's fill"),
            "cell_margin": Key(Num("mm", above=False, high=20), "mm left and right of a cell's text"),
            "list_columns": _columns(7, "widths (mm) of the list table's columns"),
            "method_columns": _columns(2, "widths (mm) of the method table's columns"),
            "score_columns": _columns(4, "widths (mm) of a zone's score table"),
            "kpi_columns": _columns(2, "widths (mm) of a zone's KPI table"),
            "comparison_columns": _columns(6, "widths (mm) of the comparison with last year"),
            "comparison_kpi_columns": _columns(5, "widths (mm) of the KPIs changed since last year"),
        }), "the report's tables"),
        "chart": Key(Map({
            "font": Key(Text(), "the charts' font"),
            "fallback_fonts": _opt(Seq(Text()), "fonts for glyphs the chart font lacks, where installed"),
            "size": Key(PT, "the charts' font size (pt)"),
            "dpi": Key(Num("dpi", low=50, above=False, high=1200, integer=True), "the pictures' resolution"),
            "width": Key(MM, "a chart's width (mm)"),
            "label_width": Key(MM, "the row labels' column (mm)"),
            "value_width": Key(MM0, "room right of the plot for values (mm)"),
            "line_pitch": Key(Num("ratio", high=5), "a label's line pitch as a multiple of the size"),
            "row_gap": Key(MM0, "space between rows (mm)"),
            "bar": Key(MM, "a bar's thickness (mm)"),
            "top": Key(MM0, "room above the plot (mm)"),
            "bottom": Key(MM0, "room below the plot (mm)"),
            "max_height": Key(MM, "the tallest chart (mm); a longer overview becomes several"),
            "score_axis": Key(Seq(Num("score", low=None), 2), "the overview's score range"),
            "percent_step": Key(Num("percent", integer=True), "KPI axis ticks every so many percent"),
            "colors": Key(Map({name: Key(Color(), f"the colour of {name}") for name in CHART_COLORS}),
                          "the charts' colours"),
        }), "the report's charts"),
        "labels": Key(Map({
            "subtitle": _label("the subtitle", ("era",)),
            "date": _label("the date", ("wareki", "year", "month", "day")),
            "toc": _label("the table of contents' heading"),
            "chapter": _label("a chapter heading", ("number", "label")),
            "chapters": Key(Seq(LABEL, 3), "the three chapters' names", label=True),
            "method_intro": _label("the method chapter's introduction"),
            "method_columns": Key(Seq(LABEL, 2), "the method table's headers", label=True),
            "kpi_columns": Key(Seq(LABEL, 2), "the KPI table's headers", label=True),
            "kpi_chart": _label("a KPI chart's caption", ("kpis", "target")),
            "kpi_chart_alt": _label("a KPI chart's alt text", ("zone", "kpis", "target", "values")),
            "overview_chart": _label("the overview chart's caption", ("total",)),
            "overview_chart_alt": _label("the overview chart's alt text", ("total", "values")),
            "comparison": _label("the heading of the comparison with last year"),
            "comparison_intro": _label("the comparison's introduction", ("era", "previous")),
            "comparison_columns": Key(Seq(LABEL, 2), "the comparison table's first headers", label=True),
            "change": _label("the change from last year"),
            "comparison_new": _label("the heading of the zones new this year"),
            "comparison_ended": _label("the heading of the zones of last year only"),
            "comparison_kpis": _label("the heading of the KPIs changed since last year"),
            "comparison_kpi_columns": Key(Seq(LABEL, 5), "the changed KPIs' table headers", label=True),
            "comparison_none": _label("what an empty part of the comparison says"),
            "change_chart": _label("the change chart's caption", ("total",)),
            "change_chart_alt": _label("the change chart's alt text", ("total", "values")),
        }), "the report's fixed texts"),
    }), "the Word report (report.docx)"),
})
"""The whole layout file."""

HEX = re.compile(r"[0-9A-Fa-f]+")
NULL = CORE + "null"
NUMBER_TAGS = (CORE + "int", CORE + "float")
EPSILON = 1e-6
"""Slack for sums of decimal lengths (13.3 + 13.3 + 13.4)."""


# -- the walk -----------------------------------------------------------------------------------


@dataclass
class Checked:
    """A layout file's values (plain Python, the file's shape) and the node of every dotted path."""

    path: Path
    values: dict[str, Any]
    nodes: dict[str, Node] = field(default_factory=dict)


class _Walker:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.errors: list[InputError] = []
        self.nodes: dict[str, Node] = {}
        self.colors: dict[str, str] = {}
        self.rules: dict[str, float] = {}

    def error(self, node: Node | None, where: str, key: str, found: str | None = None, **values: object) -> None:
        self.errors.append(at(self.path, node, where, msg(key, **values), found))

    def walk(self, node: Node | None, spec: Kind, where: str) -> Any:
        """The node's value if it is valid (None otherwise, the problems recorded)."""
        if node is not None:
            self.nodes[where] = node
        if isinstance(spec, Map):
            return self.mapping(node, spec, where)
        assert node is not None
        if isinstance(spec, Palette):
            return self.palette(node, spec, where)
        if isinstance(spec, Seq):
            return self.sequence(node, spec, where)
        if not isinstance(node, ScalarNode):
            self.scalar_expected(node, spec, where)
            return None
        if isinstance(spec, Num):
            return self.number(node, spec, where)
        if isinstance(spec, Flag):
            if node.tag != CORE + "bool":
                self.error(node, where, "not_flag", scalar_text(node), kind=kind(node))
                return None
            return str(node.value).lower() in ("true", "yes", "on", "y")
        if isinstance(spec, Color):
            return self.color(node, spec, where)
        if isinstance(spec, Rule):
            return self.rule(node, where)
        text = self.text(node, where)
        if text is None:
            return None
        if isinstance(spec, Choice):
            if text not in spec.choices:
                self.error(node, where, "not_choice", text, choices=listing(spec.choices))
                return None
        elif isinstance(spec, Text) and spec.placeholders is not None:
            self.placeholders(node, text, spec.placeholders, where)
        return text

    def scalar_expected(self, node: Node, spec: Kind, where: str) -> None:
        if isinstance(spec, Num):
            unit, example = unit_word(spec.unit)
            self.error(node, where, "not_number", None, unit=unit, example=example, kind=kind(node))
        elif isinstance(spec, Flag):
            self.error(node, where, "not_flag", None, kind=kind(node))
        else:
            self.error(node, where, "not_text", None, kind=kind(node))

    def mapping(self, node: Node | None, spec: Map, where: str) -> dict[str, Any] | None:
        keys = tuple(spec.keys)
        found = self.entries(node, keys, where)
        if found is None:
            return None
        entries, suggested = found
        assert node is not None
        prefix = f"{where}." if where else ""
        # colours and rules first: every other key may name them
        order = sorted(entries, key=lambda k: (k not in ("colors", "rules"), keys.index(k)))
        out: dict[str, Any] = {}
        for name in order:
            value = self.walk(entries[name][1], spec.keys[name].kind, prefix + name)
            if value is not None:
                out[name] = value
        for name, key in spec.keys.items():
            if key.required and name not in entries and name not in suggested:
                self.error(node, prefix + name, "missing_label" if key.label else "missing")
        return out

    def entries(
        self, node: Node | None, keys: tuple[str, ...], where: str
    ) -> tuple[dict[str, tuple[Node, Node]], set[str]] | None:
        """The mapping's entries (key node, value node) by known key, and the known keys suggested for
        misspelt ones (not reported missing as well); reports duplicates and unknown keys."""
        if not isinstance(node, MappingNode):
            if node is None:
                self.error(None, where, "empty_file", keys=listing(keys))
            else:
                self.error(node, where, "not_mapping", scalar_text(node), keys=listing(keys), kind=kind(node))
            return None
        entries: dict[str, tuple[Node, Node]] = {}
        lines: dict[str, int] = {}
        unknown: list[tuple[Node, str]] = []
        prefix = f"{where}." if where else ""
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.error(key_node, where, "key_not_word", kind(key_node))
                continue
            key = str(key_node.value)
            if key_node.tag == MERGE_TAG:
                self.error(key_node, prefix + key, "merge_key")
            elif key in lines:
                self.error(key_node, prefix + key, "key_twice", line=lines[key])
            else:
                lines[key] = key_node.start_mark.line + 1
                if key in keys:
                    entries[key] = (key_node, value_node)
                else:
                    unknown.append((key_node, key))
        suggested: set[str] = set()
        for key_node, key in unknown:
            near = difflib.get_close_matches(key, keys, n=1, cutoff=0.6)
            if near and near[0] not in lines:
                suggested.add(near[0])
                self.error(key_node, prefix + key, "unknown_key_near", near=near[0])
            else:
                self.error(key_node, prefix + key, "unknown_key", known=listing(keys))
        return entries, suggested

    def palette(self, node: Node, spec: Palette, where: str) -> dict[str, Any] | None:
        if not isinstance(node, MappingNode):
            self.error(node, where, "not_mapping", scalar_text(node), keys="name: value", kind=kind(node))
            return None
        out: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == MERGE_TAG:
                self.error(key_node, where, "key_not_word", kind(key_node))
                continue
            key = str(key_node.value)
            if key in seen:
                self.error(key_node, f"{where}.{key}", "key_twice", line=seen[key])
                continue
            seen[key] = key_node.start_mark.line + 1
            value = self.walk(value_node, spec.value, f"{where}.{key}")
            if value is not None:
                out[key] = value
        for key in spec.required:
            if key not in seen:
                self.error(node, f"{where}.{key}", "missing")
        # every key given is known to the styles, even one whose value is wrong (reported once, here)
        if where == "colors":
            self.colors = {k: out.get(k, "") for k in seen}
        elif where == "rules":
            self.rules = {k: out.get(k, 0.0) for k in seen}
        return out

    def sequence(self, node: Node, spec: Seq, where: str) -> list[Any] | None:
        if not isinstance(node, SequenceNode):
            self.error(node, where, "not_list", scalar_text(node), kind=kind(node))
            return None
        if spec.count is not None and len(node.value) != spec.count:
            shown = listing(scalar_text(n) or kind(n) for n in node.value)
            self.error(node, where, "count", f"[{shown}]", count=spec.count, found_count=len(node.value))
            return None
        values = [self.walk(item, spec.item, f"{where}.{i + 1}") for i, item in enumerate(node.value)]
        return None if any(v is None for v in values) else values

    def number(self, node: ScalarNode, spec: Num, where: str) -> float | None:
        unit, example = unit_word(spec.unit)
        found = scalar_text(node)
        if node.tag not in NUMBER_TAGS:
            self.error(node, where, "not_number", found, unit=unit, example=example, kind=kind(node))
            return None
        try:
            value = float(str(node.value).replace("_", ""))
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            self.error(node, where, "not_finite", found, unit=unit)
            return None
        if spec.integer and value != int(value):
            self.error(node, where, "not_integer", found, unit=unit)
            return None
        if spec.low is not None and (value <= spec.low if spec.above else value < spec.low):
            self.error(node, where, "not_above" if spec.above else "below", found, low=_num(spec.low), unit=spec.unit)
            return None
        if spec.high is not None and value > spec.high:
            self.error(node, where, "above", found, high=_num(spec.high), unit=spec.unit)
            return None
        return value

    def text(self, node: ScalarNode, where: str) -> str | None:
        if node.tag in (NULL, CORE + "bool", CORE + "timestamp"):
            if node.tag == NULL:
                self.error(node, where, "empty_text", None if node.value == "" else str(node.value))
            else:
                self.error(node, where, "not_text", scalar_text(node), kind=kind(node))
            return None
        text = str(node.value)
        if not text.strip():
            self.error(node, where, "empty_text", scalar_text(node))
            return None
        return text

    def placeholders(self, node: Node, text: str, allowed: tuple[str, ...], where: str) -> None:
        try:
            names = [name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None]
        except ValueError:
            self.error(node, where, "bad_format", text)
            return
        for name in names:
            if name not in allowed:
                listed = listing(f"{{{a}}}" for a in allowed)
                if allowed:
                    self.error(node, where, "unknown_placeholder", text, name=name, allowed=listed)
                else:
                    self.error(node, where, "no_placeholders", text)
                return

    def color(self, node: ScalarNode, spec: Color, where: str) -> str | None:
        text = str(node.value)
        if node.tag != NULL and len(text) == 6 and HEX.fullmatch(text):
            return text.upper()
        if not spec.hex_only and text in self.colors:
            return text
        found = scalar_text(node)
        if HEX.fullmatch(text) and (spec.hex_only or any(ch.isdigit() for ch in text)):
            self.error(node, where, "hex_digits", found, digits=len(text))
            return None
        if spec.hex_only:
            self.error(node, where, "not_hex", found)
            return None
        near = difflib.get_close_matches(text, tuple(self.colors), n=1, cutoff=0.6)
        if near:
            self.error(node, where, "unknown_color_near", found, near=near[0])
        else:
            self.error(node, where, "unknown_color", found, known=listing(self.colors))
        return None

    def rule(self, node: ScalarNode, where: str) -> str | None:
        text = str(node.value)
        if text in self.rules:
            return text
        near = difflib.get_close_matches(text, tuple(self.rules), n=1, cutoff=0.6)
        if near:
            self.error(node, where, "unknown_rule_near", scalar_text(node), near=near[0])
        else:
            self.error(node, where, "unknown_rule", scalar_text(node), known=listing(self.rules))
        return None


def _num(value: float) -> str:
    """A number as a person writes it: 297, 13.3 (no float noise)."""
    return f"{round(value, 3):g}"


# -- the checks that span keys ------------------------------------------------------------------


class _Cross:
    """Checks across keys, on the walked values (a value that was wrong is absent: no check)."""

    def __init__(self, walker: _Walker, values: dict[str, Any]) -> None:
        self.w = walker
        self.v = values

    def get(self, dotted: str) -> Any:
        node: Any = self.v
        for part in dotted.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        return node

    def error(self, dotted: str, key: str, **values: object) -> None:
        node = self.w.nodes.get(dotted)
        found = scalar_text(node) if node is not None else None
        self.w.error(node, dotted, key, found, **values)

    def run(self) -> None:
        self.sizes()
        width, height = self.get("slide.width"), self.get("slide.height")
        if isinstance(width, float) and isinstance(height, float):
            self.slide(width, height)
        self.report()
        scores = self.get("labels.scores")
        if isinstance(scores, list) and [s.get("key") for s in scores] != list(SCORE_KEYS):
            self.error("labels.scores", "score_keys")

    def sizes(self) -> None:
        for dotted, node in list(self.w.nodes.items()):
            if dotted.endswith(".min_size") and isinstance(node, ScalarNode):
                size, smallest = self.get(dotted[: -len("min_size")] + "size"), self.get(dotted)
                if isinstance(size, float) and isinstance(smallest, float) and smallest > size:
                    self.error(dotted, "min_above_size", size=_num(size))

    def slide(self, width: float, height: float) -> None:
        for part in ("card.section", "card.title", "card.footer", "card.page_number", "list.heading", "list.note"):
            self.box(part, width, height)
        table = self.get("card.score_table")
        if isinstance(table, dict):
            top = self.columns("card.score_table", width)
            header, scores = table.get("header_height"), table.get("score_height")
            if isinstance(top, float) and isinstance(header, float) and isinstance(scores, float):
                self.bottom("card.body.bottom", top + header + scores, height)
        remarks = self.get("card.remarks")
        if isinstance(remarks, dict):
            x, y, w, h = (remarks.get(k) for k in ("x", "y", "width", "heading_height"))
            if isinstance(x, float) and isinstance(w, float) and x + w > width + EPSILON:
                self.error("card.remarks.width", "off_width", end=_num(x + w), limit=_num(width))
            if isinstance(y, float) and isinstance(h, float):
                self.bottom("card.remarks.bottom", y + h, height)
        if isinstance(self.get("list.table"), dict):
            x, wide = self.get("list.table.x"), self.get("list.table.width")
            if isinstance(x, float) and isinstance(wide, float) and x + wide > width + EPSILON:
                self.error("list.table.width", "off_width", end=_num(x + wide), limit=_num(width))
            y = self.get("list.table.y")
            top = y if isinstance(y, float) else None
            header = self.get("list.table.header_height")
            if isinstance(top, float) and isinstance(header, float):
                self.bottom("list.table.bottom", top + header, height)

    def box(self, part: str, width: float, height: float) -> None:
        box = self.get(part)
        if not isinstance(box, dict):
            return
        x, y, w, h = (box.get(k) for k in ("x", "y", "width", "height"))
        if isinstance(x, float) and isinstance(w, float) and x + w > width + EPSILON:
            self.error(f"{part}.width", "off_width", end=_num(x + w), limit=_num(width))
        if isinstance(y, float) and isinstance(h, float) and y + h > height + EPSILON:
            self.error(f"{part}.height", "off_height", end=_num(y + h), limit=_num(height))

    def columns(self, part: str, width: float) -> float | None:
        """Check that a table's columns lie on the slide; its top (y) when known."""
        x, cols = self.get(f"{part}.x"), self.get(f"{part}.columns")
        if isinstance(x, float) and isinstance(cols, list) and x + sum(cols) > width + EPSILON:
            self.error(f"{part}.columns", "columns_off", end=_num(x + sum(cols)), limit=_num(width))
        y = self.get(f"{part}.y")
        return y if isinstance(y, float) else None

    def bottom(self, dotted: str, top: float, height: float) -> None:
        bottom = self.get(dotted)
        if not isinstance(bottom, float):
            return
        if bottom > height + EPSILON:
            self.error(dotted, "bottom_off", limit=_num(height))
        elif bottom <= top:
            self.error(dotted, "bottom_above", top=_num(top))

    def report(self) -> None:
        page, margins = self.get("report.page.width"), self.get("report.margins")
        if not isinstance(page, float) or not isinstance(margins, dict):
            return
        left, right = margins.get("left"), margins.get("right")
        if not isinstance(left, float) or not isinstance(right, float):
            return
        text_width = page - left - right
        if text_width <= 0:
            self.error("report.margins.right", "margins_wide", width=_num(page))
            return
        for key in ("list_columns", "method_columns", "score_columns", "kpi_columns", "comparison_columns",
                    "comparison_kpi_columns"):
            cols = self.get(f"report.table.{key}")
            if isinstance(cols, list) and sum(cols) > text_width + EPSILON:
                self.error(f"report.table.{key}", "report_columns", total=_num(sum(cols)), limit=_num(text_width))
        chart = self.get("report.chart")
        if isinstance(chart, dict):
            width = chart.get("width")
            if isinstance(width, float) and width > text_width + EPSILON:
                self.error("report.chart.width", "chart_width", limit=_num(text_width))
            elif isinstance(width, float) and isinstance(chart.get("label_width"), float) and isinstance(
                chart.get("value_width"), float
            ) and chart["label_width"] + chart["value_width"] >= width:
                self.error("report.chart.label_width", "chart_plot", width=_num(width))
            axis = chart.get("score_axis")
            if isinstance(axis, list) and axis[0] >= axis[1]:
                self.error("report.chart.score_axis", "axis_order")


# -- reading ------------------------------------------------------------------------------------


def _not_yaml(path: Path) -> str | None:
    """The message for a file that is plainly not a YAML text file (Office, zip, binary, another
    encoding), judged from its first bytes; None when it may be one."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8192)
    except OSError:
        return None  # reported by the reader
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, OSError):
            names = set()
        if any(n.startswith("ppt/") for n in names):
            return msg("pptx_file")
        if any(n.startswith("word/") for n in names):
            return msg("docx_file")
        return msg("zip_file")
    encoding = encoding_name(head)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) and encoding:
        return msg("encoding", encoding=encoding)
    if b"\0" in head:
        return msg("binary_file")
    try:
        head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:  # not a character cut at the end of the sample
            return msg("encoding", encoding=encoding) if encoding else msg("not_utf8")
    return None


def check_layout(path: Path) -> Checked:
    """Compose and check a layout file; raises :class:`InputErrors` with every problem (sorted)."""
    problem = _not_yaml(path)
    if problem is not None:
        raise InputErrors([InputError(path, None, None, "", problem)])
    try:
        doc = compose(path)
    except YamlProblem as exc:
        raise InputErrors([exc.error]) from exc
    walker = _Walker(path)
    values = walker.walk(doc.root, SCHEMA, "")
    if values is not None:
        _Cross(walker, values).run()
        for key in ("metrics", "latin_metrics"):
            metrics = values.get("fonts", {}).get(key)
            if isinstance(metrics, str) and not (path.parent / metrics).is_file():
                node = walker.nodes.get(f"fonts.{key}")
                walker.error(node, f"fonts.{key}", "metrics_missing", scalar_text(node) if node else None)
    if walker.errors:
        raise InputErrors(walker.errors)
    assert isinstance(values, dict)
    return Checked(path, values, walker.nodes)
