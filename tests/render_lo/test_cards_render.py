"""The cards as LibreOffice draws them: every seed string in its box, no glyph outside its box, the
model never narrower than the renderer, CJK fonts with every glyph, continuation cards complete.

The boxes come from cards.pptx (python-pptx), the glyphs from cards.pdf (pdfplumber); see pdfcheck.
"""

from __future__ import annotations

import itertools
import unicodedata
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from tokku_slides import format as fmt
from tokku_slides.build import prepare
from tokku_slides.layout.fit import line_width
from tokku_slides.layout.measure import FontMetrics, latin_face, load_faces
from tokku_slides.layout.pages import Deck, Page
from tokku_slides.layout.spec import Layout, load_layout
from tokku_slides.model.records import Year, Zone

from ..conftest import R5, SEED
from .conftest import Built
from .pdfcheck import TOLERANCE_PT, check_deck, deck_boxes, drawn_lines, flat, ink, page_texts, pdf_pages

A4_LANDSCAPE_PT = (841.89, 595.28)
"""297 x 210 mm in pt."""


@pytest.fixture(scope="module")
def r5_deck() -> tuple[Year, Layout, Deck]:
    return prepare(R5)


def zone_pages(deck: Deck, zone: Zone) -> list[Page]:
    return [p for p in deck.pages if p.zone is zone]


def expected_boxes(year: Year, layout: Layout, zone: Zone) -> dict[str, str]:
    """What each box of a zone's card(s) must hold, built from the record, the labels and format.py
    (not from the deck): flowing blocks as the whole text across the zone's cards."""
    labels = layout.labels
    kpis = labels.kpis + "".join(
        labels.bullet + k.name + fmt.percent_text(k.achievement) for k in zone.kpis
    ) + (labels.etc if zone.kpis_etc else "")
    boxes = {
        "section": fmt.section_heading(year, zone),
        "title": fmt.zone_title(zone),
        "note": labels.total_note,
        "kpis": kpis,
        "remarks_heading": labels.remarks,
        "remarks": "".join(labels.bullet + r for r in zone.remarks),
        "footer": labels.footer.format(title=year.title, era=fmt.era_year(year.fiscal_year)),
        "score_table[0,0]": labels.total_header,
        "score_table[1,0]": fmt.score_text(zone.scores.total),
    }
    for i, (mark, value) in enumerate(zip(labels.scores, (zone.scores.i, zone.scores.ii, zone.scores.iii),
                                          strict=True), start=1):
        boxes[f"score_table[0,{i}]"] = mark.mark + mark.label
        boxes[f"score_table[1,{i}]"] = fmt.score_text(value)
    for i, m in enumerate(zone.measures, start=1):
        boxes[f"measure.{i}"] = m.heading + "".join(labels.bullet + item for item in m.items) + (
            labels.etc if m.etc else "")
    return boxes


FLOWING = ("kpis", "remarks", "measure.1", "measure.2", "measure.3", "measure.4", "measure.5")


def read_zone(texts: list[dict[str, str]], pages: list[Page]) -> dict[str, str]:
    """A zone's boxes as read from the PDF: flowing blocks joined across its cards, the rest from
    its first card."""
    read = dict(texts[pages[0].number - 1])
    for role in FLOWING:
        if role in read:
            read[role] = "".join(texts[p.number - 1].get(role, "") for p in pages)
    return read


def seed_cards() -> list[str]:
    heading = "２．分野別状況 （１）国際戦略総合特区"
    return [heading + page for page in SEED.read_text(encoding="utf-8").split(heading) if page.strip()]


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", flat(text))


# -- fidelity ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("index", range(6))
def test_each_box_of_a_seed_card_holds_its_strings_in_the_pdf(
    r5_built: Built, r5_deck: tuple[Year, Layout, Deck], index: int
) -> None:
    year, layout, deck = r5_deck
    zone = year.zones[index]
    pages = zone_pages(deck, zone)
    read = read_zone(page_texts(r5_built.cards_pdf, r5_built.cards_pptx), pages)
    for box, text in expected_boxes(year, layout, zone).items():
        assert flat(read.get(box, "")) == flat(text), f"{zone.name}: box {box}"
    assert flat(read["page_number"]) == str(pages[0].number)


@pytest.mark.parametrize("index", range(6))
def test_every_line_of_the_seed_card_is_in_one_box_of_its_pdf_page(
    r5_built: Built, r5_deck: tuple[Year, Layout, Deck], index: int
) -> None:
    """The seed text itself (its line breaks fall where the original boxes ended): each line is in
    one box of the card, read box by box, so no line is stitched from two columns. Compared after
    NFKC, since the seed mixes ％ and %."""
    year, _layout, deck = r5_deck
    zone = year.zones[index]
    read = read_zone(page_texts(r5_built.cards_pdf, r5_built.cards_pptx), zone_pages(deck, zone))
    boxes = [nfkc(text) for text in read.values()]
    missing = []
    for line in seed_cards()[index].splitlines():
        if not line.strip():
            continue
        # a line of several short pieces ("4.8 5 4 5", "Ⅰ Ⅱ Ⅲ") came from several cells
        pieces = [line] if any(nfkc(line) in b for b in boxes) else line.split()
        missing += [p for p in pieces if not any(nfkc(p) in b for b in boxes)]
    assert not missing, f"{zone.name}: seed lines not found in any one box: {missing}"


# -- no overflow -----------------------------------------------------------------------------------------

def test_the_pdf_pages_are_a4_landscape_one_per_slide(r5_built: Built) -> None:
    slides = deck_boxes(r5_built.cards_pptx)
    pages = pdf_pages(r5_built.cards_pdf)
    assert len(pages) == len(slides)
    for slide, page in zip(slides, pages, strict=True):
        assert (slide.width, slide.height) == pytest.approx(A4_LANDSCAPE_PT, abs=0.5)
        assert (page.width, page.height) == pytest.approx(A4_LANDSCAPE_PT, abs=0.5)


def test_no_glyph_of_r5_leaves_its_box(r5_built: Built) -> None:
    check = check_deck(r5_built.cards_pdf, r5_built.cards_pptx)
    assert check.glyphs > 3000
    assert not check.problems, "\n".join(map(str, check.problems[:20]))
    assert check.max_overflow <= TOLERANCE_PT


def test_no_glyph_of_the_stress_year_leaves_its_box(stress_built: Built) -> None:
    check = check_deck(stress_built.cards_pdf, stress_built.cards_pptx)
    assert check.glyphs > 5000
    assert not check.problems, "\n".join(map(str, check.problems[:20]))


def test_the_stress_year_continues_on_cards_that_hold_everything_once(stress_built: Built) -> None:
    assert stress_built.result is not None
    deck = stress_built.result.deck
    assert deck.continuations, "the stress zone must need continuation cards"
    layout = load_layout()
    year = stress_built.result.year
    zone = year.zones[0]
    pages = zone_pages(deck, zone)
    assert len(pages) >= 2
    texts = page_texts(stress_built.cards_pdf, stress_built.cards_pptx)
    for part, page in enumerate(pages):
        card = texts[page.number - 1]
        title = fmt.zone_title(zone) + (layout.labels.continued if part else "")
        assert flat(card["title"]) == flat(title)
        assert flat(card["section"]) == flat(fmt.section_heading(year, zone))
        assert flat(card["score_table[1,0]"]) == fmt.score_text(zone.scores.total)  # the scores on every card
        assert flat(card["page_number"]) == str(page.number)
    # joined across the cards, every flowing block is whole, in order, nothing twice
    read = read_zone(texts, pages)
    for box, text in expected_boxes(year, layout, zone).items():
        assert flat(read[box]) == flat(text), box
    # the next zone starts on its own card after the continuations
    short = year.zones[1]
    assert zone_pages(deck, short)[0].number == pages[-1].number + 1
    assert flat(texts[pages[-1].number]["title"]) == flat(fmt.zone_title(short))


# -- the check itself can fail -----------------------------------------------------------------------------

def test_the_check_catches_boxes_written_without_fitting(judged: dict[str, Path]) -> None:
    check = check_deck(judged["overfull.pdf"], judged["overfull.pptx"])
    by_slide: dict[int, list[str]] = {}
    for problem in check.problems:
        by_slide.setdefault(problem.slide, []).append(problem.message)
    assert 1 not in by_slide, "the control slide (text that fits) must pass"
    assert any("in no box" in m for m in by_slide[2]), "text running off the bottom into empty space"
    assert any("holds" in m for m in by_slide[3]), "text running into the box below"
    assert any("outside its box" in m or "in no box" in m for m in by_slide[4]), "a word wider than its box"
    assert check.max_overflow > TOLERANCE_PT  # the text run into the box below


def test_without_the_renderer_corrections_the_model_overflows(judged: dict[str, Path]) -> None:
    """The stress year fitted with one face's metrics for every character (the Latin face's letters
    and digits measured as BIZ UDGothic's half-width 0.5 em) and no glyph rounding runs off its boxes
    in LibreOffice: measuring each character with the face that draws it is needed, and this check
    sees it."""
    check = check_deck(judged["uncorrected.pdf"], judged["uncorrected.pptx"])
    assert check.problems


def test_two_conversions_at_once_do_not_collide(judged: dict[str, Path]) -> None:
    """The two decks above were converted by two LibreOffice runs at the same time (a profile each)."""
    for name in ("overfull.pdf", "uncorrected.pdf"):
        assert judged[name].read_bytes().startswith(b"%PDF-")


# -- the model against the renderer, line by line ------------------------------------------------------------

def model_width(text: str, size: float, metrics: FontMetrics) -> float:
    """The fitting model's width of one line, pt: what the line breaker counts (fit.line_width)."""
    return line_width(text, size, metrics)


@pytest.mark.parametrize("which", ["r5", "stress"])
def test_the_model_is_never_narrower_than_the_drawn_line(
    r5_built: Built, stress_built: Built, which: str
) -> None:
    built = r5_built if which == "r5" else stress_built
    layout = load_layout()
    metrics = load_faces(layout.metrics_path, layout.latin_metrics_path)
    lines = drawn_lines(built.cards_pdf, built.cards_pptx)
    assert len(lines) > 300
    narrower = [(line.width - model_width(line.text, line.size, metrics), line) for line in lines]
    worst = max(narrower, key=lambda t: t[0])
    assert worst[0] <= 0.0, f"the model is {worst[0]:.2f} pt narrower than LibreOffice: {worst[1]}"


def model_lines(deck: Deck) -> dict[tuple[int, str, int], int]:
    """The model's line count of every paragraph: (slide, box name, paragraph) -> lines."""
    out: dict[tuple[int, str, int], int] = {}
    for page in deck.pages:
        blocks = [(t.role, t.block) for t in page.texts]
        for table in page.tables:
            blocks += [(f"{table.role}[{r},{c}]", block)
                       for r, row in enumerate(table.cells) for c, (_style, block) in enumerate(row)]
        for name, block in blocks:
            for i, lines in enumerate(block.lines):
                out[(page.number, name, i)] = len(lines)
    return out


@pytest.mark.parametrize("which", ["r5", "stress"])
def test_no_paragraph_takes_more_lines_than_the_model_gave_it(
    r5_built: Built, stress_built: Built, r5_deck: tuple[Year, Layout, Deck], which: str
) -> None:
    """Line breaking as LibreOffice does it never needs more lines than the model's (a long word
    moved to a line of its own, a URL broken after a slash, kinsoku)."""
    assert stress_built.result is not None
    built, deck = (r5_built, r5_deck[2]) if which == "r5" else (stress_built, stress_built.result.deck)
    drawn: dict[tuple[int, str, int], int] = {}
    for line in drawn_lines(built.cards_pdf, built.cards_pptx):
        key = (line.slide, line.box, line.paragraph)
        drawn[key] = drawn.get(key, 0) + 1
    model = model_lines(deck)
    more = {key: (count, model.get(key)) for key, count in drawn.items() if count > model.get(key, 0)}
    assert len(drawn) > 100
    assert not more, f"paragraphs LibreOffice broke into more lines than the model (drawn, model): {more}"


# -- fonts ---------------------------------------------------------------------------------------------------

def base_font(name: str) -> str:
    """A PDF font name without its subset tag (ABCDEF+BIZUDGothic-Bold -> BIZUDGothic-Bold)."""
    return name.split("+", 1)[1] if "+" in name[:7] else name


def test_the_cards_use_the_deck_font_embedded_for_every_glyph(r5_built: Built, stress_built: Built) -> None:
    layout = load_layout()
    for built in (r5_built, stress_built):
        glyphs = [c for page in pdf_pages(built.cards_pdf) for c in ink(page.chars)]
        for c in glyphs:  # each character in the face of its run: the Latin face's, or the East Asian face's
            family = (layout.latin_font if latin_face(c["text"][0]) else layout.east_asian_font).replace(" ", "")
            assert base_font(c["fontname"]) in {f"{family}-Regular", f"{family}-Bold"}, (
                f"LibreOffice drew {c['text']!r} in {c['fontname']}: install {family} "
                "(Debian: fonts-morisawa-bizud-gothic)", c)
        for c in glyphs:
            assert c["text"] not in ("\ufffd", "") and unicodedata.category(c["text"][0]) != "Co", c
        with pdfplumber.open(str(built.cards_pdf)) as pdf:
            embedded = _fonts(pdf)
        assert embedded and all(embedded), "every font is embedded"


def _fonts(pdf: pdfplumber.PDF) -> list[bool]:
    """For every font of every page: whether its program is embedded (a FontFile stream)."""
    from pdfminer.pdftypes import resolve1

    out = []
    for page in pdf.pages:
        resources = resolve1(page.page_obj.resources or {})
        for font in (resolve1(resources.get("Font", {})) or {}).values():
            font = resolve1(font)
            descriptor = resolve1(font.get("FontDescriptor"))
            if descriptor is None and "DescendantFonts" in font:
                descriptor = resolve1(resolve1(resolve1(font["DescendantFonts"])[0]).get("FontDescriptor"))
            out.append(descriptor is not None and any(k in descriptor for k in ("FontFile", "FontFile2", "FontFile3")))
    return out


def test_every_character_of_the_cards_is_in_the_deck_font(r5_built: Built, stress_built: Built) -> None:
    """No missing-glyph box: LibreOffice drew every glyph in the deck font (test above), and that
    font has a glyph for every character drawn."""
    fontTools = pytest.importorskip("fontTools.ttLib")
    import shutil
    import subprocess

    if shutil.which("fc-match") is None:
        pytest.skip("fc-match (fontconfig) is needed to find the font file")
    layout = load_layout()
    cmaps = {}
    for latin, family in ((True, layout.latin_font), (False, layout.east_asian_font)):
        path = subprocess.run(["fc-match", "-f", "%{file}", family], capture_output=True, text=True,
                              check=True).stdout
        font = fontTools.TTFont(path, fontNumber=0)
        assert family.replace(" ", "") in font["name"].getDebugName(6), f"fc-match found {path}, not {family}"
        cmaps[latin] = font.getBestCmap()
    for built in (r5_built, stress_built):
        drawn = {c["text"] for page in pdf_pages(built.cards_pdf) for c in ink(page.chars)}
        assert {ch for ch in drawn if ord(ch) not in cmaps[latin_face(ch)]} == set()


# -- typography: no gap inside a score, a percentage, a bracketed abbreviation ----------------------------

GAP_EM = 0.05
"""The most a drawn gap between two neighbours of a word may be, in em of the size."""
PERIOD_EM = 0.35
"""The most the period's advance may take, em: BIZ UDGothic's fixed-width period takes 0.5 em (3. 8),
BIZ UDPGothic's 0.31-0.33 em."""


def neighbours(pdf: Path, word: str) -> list[list[dict[str, Any]]]:
    """Every place ``word`` is drawn on one line of the PDF, as its characters (pdfplumber's)."""
    found = []
    for page in pdf_pages(pdf):
        rows: dict[tuple[float, float], list[dict[str, Any]]] = {}
        for c in page.chars:
            rows.setdefault((round(c["top"]), round(c["size"], 1)), []).append(c)
        for chars in rows.values():
            chars.sort(key=lambda c: c["x0"])
            text = "".join(c["text"] for c in chars)
            start = text.find(word)
            while start >= 0:
                found.append(chars[start:start + len(word)])
                start = text.find(word, start + 1)
    return found


@pytest.mark.parametrize("word", ["4.8", "3.8", "No.1", "103％", "（BNCT）", "21世紀"])
def test_scores_percentages_and_abbreviations_are_drawn_without_a_gap(r5_built: Built, word: str) -> None:
    """LibreOffice put 0.24 em between Asian and non-Asian text (103 ％, （ BNCT ）) until the deck was
    converted with spacing off (render/pdf.py), and drew the fixed-width face's period 0.5 em wide
    (3. 8) until Latin text was drawn in the proportional face."""
    places = neighbours(r5_built.cards_pdf, word)
    assert places, f"{word} is on no card"
    for chars in places:
        size = chars[0]["size"]
        gaps = [(b["x0"] - a["x1"]) / size for a, b in itertools.pairwise(chars)]
        assert max(gaps) < GAP_EM, (word, [round(g, 3) for g in gaps])
        if "." in word:
            dot = next(c for c in chars if c["text"] == ".")
            assert (dot["x1"] - dot["x0"]) / size < PERIOD_EM, (word, dot)


def test_the_pdf_bookmarks_are_the_slides_titles(r5_built: Built, r5_deck: tuple[Year, Layout, Deck]) -> None:
    """Each slide is named after its title (p:cSld/@name), which LibreOffice writes as the slide's
    bookmark (without a name: "Slide 1", "Slide 2" ...)."""
    import pikepdf

    year, _layout, deck = r5_deck
    with pikepdf.open(r5_built.cards_pdf) as pdf, pdf.open_outline() as outline:
        titles = [item.title for item in outline.root]
    assert titles[0] == deck.texts.era + " 総合特別区域評価結果一覧"
    assert titles[1:] == [fmt.zone_title(zone) for zone in year.zones]
