"""Contrast (WCAG 2.x, success criterion 1.4.3, level AA): every text and every rule of the default
layout keeps at least 4.5 : 1 against the fill it is drawn on, computed from the layout's colours with
WCAG's relative luminance. Measured (layouts/card.yaml): text 1A1A1A 17.4 : 1 on white, 13.4 on
header_fill; rule and total_text 1F3864 11.6 on white, 8.9 on header_fill, 10.6 on total_fill; muted
595959 7.0 on white, 5.4 on header_fill; the charts' axis 767676 4.5 (it was 7F7F7F: 4.0 : 1, below
AA), target C00000 6.5."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tokku_slides.layout.spec import Layout, load_layout

AA = 4.5
WHITE = "FFFFFF"
"""The slide's and the page's background: the blank layout and Word's page are white."""


def luminance(color: str) -> float:
    """WCAG's relative luminance of an sRGB hex colour ("1F3864")."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(color[i:i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str) -> float:
    """WCAG's contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_formula_gives_wcags_known_ratios() -> None:
    assert contrast("000000", WHITE) == pytest.approx(21.0)
    assert contrast(WHITE, WHITE) == pytest.approx(1.0)
    assert contrast("777777", WHITE) == pytest.approx(4.48, abs=0.01)  # the grey just below AA
    assert contrast("767676", WHITE) == pytest.approx(4.54, abs=0.01)  # the lightest grey at AA
    assert contrast("1A1A1A", "D9E2F3") == pytest.approx(contrast("D9E2F3", "1A1A1A"))


def styles(section: dict[str, Any], path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every style mapping (one with a ``size``) under a layout section, with its path."""
    for key, value in section.items():
        if isinstance(value, dict):
            where = f"{path}.{key}" if path else key
            if "size" in value:
                yield where, value
            yield from styles(value, where)


def pairs(layout: Layout) -> Iterator[tuple[str, str, str]]:
    """(what, its colour, the fill it is drawn on) for every text and rule of the deck and the report."""
    colors = layout.colors
    rule = colors["rule"]
    for where, style in [*styles(layout.card, "card"), *styles(layout.list, "list")]:
        fill = layout.color(style.get("fill")) or WHITE
        yield f"{where} text", layout.color(style.get("color")) or colors["text"], fill
        yield f"{where} rule", rule, fill  # a box's frame and every table rule are in the rule colour
        yield f"{where} rule outside", rule, WHITE
    report = layout.report
    fills = [WHITE, *(colors[report["table"][k]] for k in ("header_fill", "total_fill"))]
    for where, style in styles(report["styles"], "report.styles"):
        text = layout.color(style.get("color")) or colors["text"]
        fill = layout.color(style.get("fill"))
        for background in [fill] if fill else fills:
            yield f"{where} text", text, background
        if style.get("border"):
            yield f"{where} border", colors[style["border"]], fill or WHITE
    for background in fills:
        yield f"report table rule on {background}", colors[report["table"]["border_color"]], background
    chart = report["chart"]["colors"]
    # the charts' texts and lines on their white page; the grid is a faint guide behind the bars
    # (WCAG asks no contrast of it) and the bars are data, not text or rules: their values are
    # printed beside them and in the alt text
    for key in ("text", "axis", "group", "target"):
        yield f"report.chart.colors.{key}", chart[key], WHITE


def test_every_text_and_rule_of_the_default_layout_keeps_aa_contrast_against_its_fill() -> None:
    found = list(pairs(load_layout()))
    assert len(found) > 40
    low = [f"{what}: {fg} on {bg}: {contrast(fg, bg):.2f} : 1" for what, fg, bg in found if contrast(fg, bg) < AA]
    assert low == []


def test_a_colour_below_aa_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check reads the layout's colours: the muted grey made lighter fails it."""
    layout = load_layout()
    monkeypatch.setitem(layout.colors, "muted", "8C8C8C")
    low = [what for what, fg, bg in pairs(layout) if contrast(fg, bg) < AA]
    assert "card.footer text" in low and "report.styles.note text" in low
