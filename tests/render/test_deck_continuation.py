"""A zone too large for one card continues on cards marked （続き）, and nothing is dropped."""

from __future__ import annotations

from pathlib import Path

import pytest

from tokku_slides.build import build
from tokku_slides.cli import main
from tokku_slides.layout.pages import compose
from tokku_slides.layout.spec import load_layout
from tokku_slides.model.load import load_year
from tokku_slides.units import MM_PER_INCH, PT_PER_INCH

from ..conftest import MakeYear, zone_record
from ..readback import deck_summary, flat, shapes_named, zone_cards

LONG_REMARK = (
    "今後も、誘致やマッチングのプラットフォームの水準を堅持され、"
    "GXなど重要な分野での質の高い企業誘致につなげていってほしい。"
)


def twelve_long_remarks_fifteen_kpis() -> dict[str, object]:
    return zone_record(
        "長大特区",
        kpis=[{"name": f"指標{i}：外国企業のアジア統括拠点及び研究開発拠点の誘致数", "achievement": 100 + i}
              for i in range(15)],
        remarks=[f"{i}番目。" + LONG_REMARK * 3 for i in range(12)],
    )


@pytest.fixture
def stress_year(make_year: MakeYear) -> Path:
    return make_year([zone_record("短い特区"), twelve_long_remarks_fifteen_kpis()])


def test_the_stress_zone_continues_and_every_block_fits_its_box(stress_year: Path) -> None:
    layout = load_layout()
    deck = compose(load_year(stress_year), layout)
    (continuation,) = deck.continuations
    assert continuation.zone.name == "長大特区"
    assert set(continuation.blocks) == {"kpis", "remarks"}
    inset = (layout.text.insets_mm[2] + layout.text.insets_mm[3]) * (PT_PER_INCH / MM_PER_INCH)
    for page in deck.pages:
        for placed in page.texts:
            room = placed.height * (PT_PER_INCH / MM_PER_INCH) - inset
            assert placed.block.height <= room + 1e-6, (page.number, placed.role)


def test_read_back_finds_every_remark_and_kpi_across_the_continuation(stress_year: Path, tmp_path: Path) -> None:
    build(stress_year, tmp_path / "out", report=False)
    summary = deck_summary(tmp_path / "out" / stress_year.name / "cards.pptx")
    cards = zone_cards(summary, "長大特区")
    assert len(cards) >= 2
    titles = [shapes_named([c], "title")[0]["text"] for c in cards]
    assert "（続き）" not in titles[0] and all(t.endswith("（続き）") for t in titles[1:])
    remarks = flat("".join(sh["text"] for sh in shapes_named(cards, "remarks")))
    assert remarks == flat("".join(f"・{i}番目。" + LONG_REMARK * 3 for i in range(12)))
    kpis = flat("".join(sh["text"] for sh in shapes_named(cards, "kpis")))
    for i in range(15):
        assert flat(f"・指標{i}：外国企業のアジア統括拠点及び研究開発拠点の誘致数{100 + i}％") in kpis
    # the heading and the score table repeat on every card of the zone
    for card in cards:
        assert shapes_named([card], "section")[0]["text"] == "２．分野別状況 （１）国際戦略総合特区"
        assert shapes_named([card], "score_table")[0]["text"].endswith("4\t4\t3.8\t4")


def test_strict_turns_a_continuation_into_an_error_naming_zone_and_block(
    stress_year: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["build", str(stress_year), "-o", str(out), "--strict"]) == 2
    err = capsys.readouterr().err
    assert "02-zone.yaml" in err and "kpis" in err and "remarks" in err
    assert not out.exists()
