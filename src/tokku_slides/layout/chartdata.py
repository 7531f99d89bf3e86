"""What a chart shows, composed in the layout layer: rows, values as printed, the axis and its ticks.

The report's plan holds these; :mod:`tokku_slides.render.charts` draws them with the layout's chart
style. Labels are already wrapped (``\\n``) and numbers already printed (``4.8``, ``103％``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KpiBar:
    """One KPI: its label (wrapped), its achievement in percent and that value as printed."""

    label: str
    value: float
    text: str


@dataclass(frozen=True)
class ScoreRow:
    """One zone of the overview: label (wrapped), 総合評価 and Ⅰ/Ⅱ/Ⅲ, with the total as printed."""

    label: str
    total: float
    total_text: str
    scores: tuple[float, float, float]


@dataclass(frozen=True)
class ChangeBar:
    """One zone's change in 総合評価 from last year: label (wrapped), the change and as printed (``+0.2``)."""

    label: str
    value: float
    text: str


@dataclass(frozen=True)
class GroupRow:
    """A category's heading row in the overview."""

    label: str


@dataclass(frozen=True)
class Axis:
    """The value axis: its range and the ticks with their printed labels."""

    low: float
    high: float
    ticks: tuple[tuple[float, str], ...]
