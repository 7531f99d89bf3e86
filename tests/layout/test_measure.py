"""The fitting model's widths: each character measured with the face that draws it."""

from __future__ import annotations

import pytest

from tokku_slides.layout.fit import line_width
from tokku_slides.layout.measure import FaceMetrics, FontMetrics, face_runs, latin_face, load_faces
from tokku_slides.layout.spec import load_layout
from tokku_slides.units import Pt


@pytest.fixture(scope="module")
def faces() -> FontMetrics:
    layout = load_layout()
    return load_faces(layout.metrics_path, layout.latin_metrics_path)


def test_the_default_layout_measures_two_faces(faces: FontMetrics) -> None:
    assert isinstance(faces, FaceMetrics)
    assert (faces.latin.family, faces.east_asian.family) == ("BIZ UDPGothic", "BIZ UDGothic")


@pytest.mark.parametrize(("ch", "latin"), [("4", True), (".", True), (" ", True), ("é", True), ("%", True),
                                            ("％", False), ("（", False), ("あ", False), ("Ⅰ", False),
                                            ("・", False), ("\u201c", False)])
def test_ascii_and_latin_1_are_the_latin_face_s_and_nothing_else(ch: str, latin: bool) -> None:
    assert latin_face(ch) is latin


def test_a_text_is_cut_into_runs_where_the_face_changes() -> None:
    assert face_runs("進捗103％（BNCT）") == [("進捗", False), ("103", True), ("％（", False), ("BNCT", True),
                                          ("）", False)]
    assert face_runs("4.8") == [("4.8", True)]
    assert face_runs("") == []


def test_digits_and_the_period_take_the_proportional_face_s_widths(faces: FontMetrics) -> None:
    # BIZ UDPGothic (the wider of regular and bold): digits 0.76 em, the period 0.33 em; BIZ UDGothic 0.5 both
    assert faces.char_em("4") == pytest.approx(0.7598, abs=1e-4)
    assert faces.char_em(".") == pytest.approx(0.3301, abs=1e-4)
    assert faces.text_em("4.8") == pytest.approx(2 * 0.7598 + 0.3301, abs=1e-3)
    assert faces.east_asian.text_em("4.8") == 1.5


def test_japanese_and_full_width_forms_keep_the_fixed_width_face_s_1_em(faces: FontMetrics) -> None:
    for ch in "あ世％（）Ⅰ":
        assert faces.char_em(ch) == 1.0, ch
    # BIZ UDPGothic's own （ is 0.5 em: measuring it there would be narrower than what is drawn
    assert faces.latin.char_em("（") == 1.0  # not listed in its metrics (a wide character): 1 em


def test_a_line_is_the_sum_of_each_face_s_widths_with_no_script_gap(faces: FontMetrics) -> None:
    size = Pt(10)
    text = "103％"
    want = (faces.latin.text_em("103") + faces.east_asian.char_em("％")) * size
    assert line_width(text, size, faces) == pytest.approx(want + 0.1 * len(text))  # + the glyph rounding


def test_the_glyph_check_asks_the_face_that_draws_the_character(faces: FontMetrics) -> None:
    assert faces.has_glyph("A") and faces.has_glyph("あ")
    assert faces.family_of("A") == "BIZ UDPGothic" and faces.family_of("あ") == "BIZ UDGothic"
    assert not faces.has_glyph("\U00020bb7")  # 𠮷: in neither


def test_a_layout_without_latin_metrics_measures_everything_with_one_face() -> None:
    layout = load_layout()
    one = load_faces(layout.metrics_path, None)
    assert not isinstance(one, FaceMetrics)
    assert one.text_em("4.8") == 1.5
