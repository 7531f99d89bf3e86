"""The fitting model: kinsoku line breaking, shrinking, splitting, nothing dropped."""


import pytest

from tokku_slides.layout.fit import (
    GLYPH_ROUNDING_PT,
    NO_LINE_END,
    NO_LINE_START,
    SCRIPT_GAP_EM,
    FitSettings,
    Paragraph,
    break_lines,
    fit,
    line_width,
    split,
)
from tokku_slides.layout.measure import FontMetrics, load_metrics
from tokku_slides.layout.spec import load_layout


@pytest.fixture(scope="module")
def metrics() -> FontMetrics:
    return load_metrics(load_layout().metrics_path)


def test_metrics_come_from_the_font_half_width_is_half_an_em(metrics: FontMetrics) -> None:
    assert metrics.char_em("A") == 0.5
    assert metrics.char_em("あ") == 1.0
    assert metrics.char_em("％") == 1.0
    assert metrics.char_em("ｱ") == 0.5  # half-width katakana
    assert metrics.char_em("①") == 1.0  # ambiguous width counts wide: conservative


def test_a_lines_width_counts_advances_rounding_and_one_gap_per_script_boundary(metrics: FontMetrics) -> None:
    # あ | AB | い: two boundaries between East Asian and Latin text, four glyphs
    expected = (1 + 0.5 + 0.5 + 1) * 10 + 4 * GLYPH_ROUNDING_PT + 2 * SCRIPT_GAP_EM * 10
    assert line_width("あABい", 10, metrics) == pytest.approx(expected)
    assert line_width("", 10, metrics) == 0


@pytest.mark.parametrize("width", [30.0, 47.5, 61.0, 120.0])
def test_every_line_the_breaker_makes_fits_by_the_same_width_it_is_measured_with(
    metrics: FontMetrics, width: float
) -> None:
    text = "国家戦略特区と連携し、Access to Tokyoの向上（BNCT）や103％の達成など、21世紀型の取組を進めた。"
    lines = break_lines(text, width, width, 10, metrics)
    assert len(lines) > 1
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for line in lines:
        assert line_width(line, 10, metrics) <= width + 1e-9, line


def test_full_width_text_wraps_at_the_width_in_em(metrics: FontMetrics) -> None:
    # 5 em at 10 pt, plus the 0.1 pt a glyph may grow in the renderer (fit.GLYPH_ROUNDING_PT)
    lines = break_lines("あいうえおかきくけこさしすせそ", 50.5, 50.5, 10, metrics)
    assert lines == ["あいうえお", "かきくけこ", "さしすせそ"]


@pytest.mark.parametrize("mark", ["、", "。", "」", "ー", "・", "ょ", "ッ", "）"])
def test_no_line_starts_with_a_closing_mark(metrics: FontMetrics, mark: str) -> None:
    text = "あいうえお" + mark + "かきくけこ"
    lines = break_lines(text, 50, 50, 10, metrics)  # the mark would start line 2
    assert all(line[0] not in NO_LINE_START for line in lines[1:])
    assert "".join(lines) == text
    assert lines[0] == "あいうえ"  # the character before it moves down with it


@pytest.mark.parametrize("mark", ["「", "（", "『"])
def test_no_line_ends_with_an_opening_bracket(metrics: FontMetrics, mark: str) -> None:
    text = "あいうえ" + mark + "かきくけこ"
    lines = break_lines(text, 50, 50, 10, metrics)  # the bracket would end line 1
    assert all(line[-1] not in NO_LINE_END for line in lines)
    assert "".join(lines) == text


def test_latin_words_stay_whole_and_long_urls_break(metrics: FontMetrics) -> None:
    lines = break_lines("Access to Tokyo、ビジネス", 60, 60, 10, metrics)
    assert lines[0] == "Access to"
    url = "https://example.jp/" + "a" * 60
    long_lines = break_lines(url, 60, 60, 10, metrics)
    assert "".join(long_lines) == url
    assert all(metrics.text_em(line) * 10 <= 60 for line in long_lines)


def settings(width: float, height: float, size: float = 12, min_size: float = 8) -> FitSettings:
    return FitSettings(width=width, height=height, size=size, min_size=min_size, step=0.5,
                       line_spacing=1.2, safety_em=0.5)


REMARK = Paragraph("・" + "あ" * 60, hanging=True)


def test_a_block_that_fits_keeps_the_preferred_size(metrics: FontMetrics) -> None:
    block = fit((REMARK,), settings(width=400, height=200), metrics)
    assert block is not None and block.size == 12


def test_a_block_that_must_shrink_gets_the_largest_size_that_fits(metrics: FontMetrics) -> None:
    s = settings(width=200, height=40)
    block = fit((REMARK,), s, metrics)
    assert block is not None and 8 <= block.size < 12
    assert block.height <= 40
    bigger = fit((REMARK,), settings(width=200, height=40, size=block.size + 0.5, min_size=block.size + 0.5),
                 metrics)
    assert bigger is None


def test_a_block_that_cannot_fit_at_the_minimum_continues_without_losing_text(metrics: FontMetrics) -> None:
    paragraphs = tuple(Paragraph(f"・{i}番目の所見。" + "長い文章が続く。" * 12, hanging=True, space_before=0.25)
                       for i in range(12))
    s = settings(width=220, height=300)
    assert fit(paragraphs, s, metrics) is None
    chunks = split(paragraphs, s, metrics)
    assert len(chunks) >= 2
    assert all(c.height <= 300 + 1e-6 for c in chunks)
    assert all(c.size == 8 for c in chunks)
    joined = "".join(p.text for c in chunks for p in c.paragraphs)
    assert joined == "".join(p.text for p in paragraphs)


def test_a_paragraph_cut_between_cards_continues_indented_without_a_second_bullet(metrics: FontMetrics) -> None:
    long = Paragraph("・" + "い" * 400, hanging=True)
    chunks = split((long,), settings(width=100, height=100), metrics)
    assert len(chunks) > 1
    rest = chunks[1].paragraphs[0]
    assert not rest.text.startswith("・") and rest.indent
