"""The one place that converts lengths: factors and rounding."""

import pytest

from tokku_slides import units
from tokku_slides.units import Mm, Pt


def test_a_millimetre_and_a_point_in_each_unit() -> None:
    assert units.mm_to_emu(Mm(1)) == 36_000
    assert units.pt_to_emu(Pt(1)) == 12_700
    assert units.mm_to_pt(Mm(25.4)) == pytest.approx(72)
    assert units.pt_to_mm(Pt(72)) == pytest.approx(25.4)
    assert units.mm_to_twips(Mm(25.4)) == 1440
    assert units.mm_to_inch(Mm(50.8)) == pytest.approx(2)
    assert units.inch_to_mm(2) == pytest.approx(50.8)


def test_office_integers_round_to_the_nearest() -> None:
    assert units.mm_to_emu(Mm(0.00001)) == 0
    assert units.mm_to_emu(Mm(0.1)) == 3600
    assert units.mm_to_twips(Mm(10)) == 567  # 566.93
    assert units.half_points(Pt(10.5)) == 21
    assert units.hundredths(Pt(10.25)) == 1025
    assert units.eighths(Pt(0.75)) == 6


def test_conversions_go_there_and_back() -> None:
    for value in (0.3, 1.0, 12.5, 297.0):
        assert units.pt_to_mm(units.mm_to_pt(Mm(value))) == pytest.approx(value)
