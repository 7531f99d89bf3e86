"""Render tests: LibreOffice draws the deck and the report, and the PDF is the judge.

Every test here that needs LibreOffice asks for the ``renderer`` fixture: without soffice or pdftoppm
it is skipped on a developer's machine, but it FAILS when the environment variable CI is set (CI must
have installed them: `.ci/run`). LibreOffice costs about 2 s a start, so each year is built and
converted once per session (one LibreOffice run per build), not once per test.
"""

from __future__ import annotations

import contextlib
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tokku_slides.build import BuildResult, build
from tokku_slides.cli import main
from tokku_slides.render.pdf import PdfError, Renderer, find_pdftoppm, find_renderer

from ..conftest import EVALUATION, R5, zone_record


def in_ci() -> bool:
    """True when the environment variable CI is set to anything but a false value (CI=true on GitHub)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.render)


@pytest.fixture(scope="session")
def renderer() -> Renderer:
    """LibreOffice and pdftoppm, or a skip (locally) / a failure (in CI) naming what to install."""
    try:
        found = find_renderer()
        find_pdftoppm()
    except PdfError as exc:
        if in_ci():
            pytest.fail(f"CI is set, so the render tests must run: {exc}")
        pytest.skip(f"render tests need LibreOffice and poppler: {exc}")
    return found


@dataclass
class Built:
    """A year built with --pdf: its output folder, and what the build returned or printed."""

    folder: Path
    result: BuildResult | None = None
    stdout: str = ""

    @property
    def cards_pdf(self) -> Path:
        return self.folder / "cards.pdf"

    @property
    def cards_pptx(self) -> Path:
        return self.folder / "cards.pptx"


@pytest.fixture(scope="session")
def r5_built(renderer: Renderer, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """data/r5 (the six seed zones) built by the command line with --pdf: cards and report, the
    Office files and their PDFs."""
    out = tmp_path_factory.mktemp("r5-out")
    stdout = io.StringIO()
    # --lang en: a session fixture runs before the autouse fixture that chooses English
    with contextlib.redirect_stdout(stdout):
        status = main(["build", str(R5), "-o", str(out), "--pdf", "--lang", "en"])
    assert status == 0, stdout.getvalue()
    return Built(out / R5.name, stdout=stdout.getvalue())


# -- the stress year ---------------------------------------------------------------------------------

GOVERNMENTS = [
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県",
    "埼玉県", "千葉県", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県",
    "さいたま市", "相模原市", "新潟市", "静岡市",
]

LONG_KPI_NAMES = [
    "特区内の研究開発拠点において創出された新規事業及び実用化された製品・サービスの累計件数（海外展開を含む。）",
    "外国企業のアジア統括拠点及び研究開発拠点の誘致数並びに地域の中小企業との共同研究・共同開発の件数",
    "医薬品・医療機器・再生医療等製品等の早期実用化に向けた治験、臨床研究及び薬事相談の実施件数の合計",
    "GX・DX関連の設備投資額（Society 5.0の実現に資するもの、2030年度までの累計、単位：億円）",
    "個別化・予防医療及び未病改善などを実現するためのデータサイエンスの活用等に取り組む事業数",
    "航空宇宙関連産業における人材育成プログラムの修了者数及び域内企業への就職者数（「特区アカデミー」経由）",
    "https://www.chisou.go.jp/tiiki/sogotoc/index.html に掲載された事業評価の閲覧数",
]

REMARK = (
    "投資や企業、機関の進出を基礎に、更にデータサイエンス活用や共同治験などの活動が指標化された取組が"
    "効果的に作用し、健康増進の社会的課題解決に向けた国際競争力の高い産業集積が着実に進みつつあることが"
    "示されている。これらを先導するグローバル企業の取組が、今後、更に地域の関連産業や中小企業への波及効果、"
    "地域の活性化へと着実につながっていくことを期待したい。「イノベーションプラットフォーム」の構築について、"
    "具体的な成果（KPI）を求められる局面が増えてくると予想され、ロードマップの明示が必要と思われる。"
    "Access to Tokyo、Business Concierge Tokyo などの取組（GX・DX）も、引き続き推進してほしい。"
    "2030年に向けた目標値の見直しも検討されたい。"
)

MEASURE_HEADINGS = ["規制の特例措置", "税制支援等", "財政支援等", "金融支援等", "地域独自の取組"]
MEASURE_ITEMS = [
    "ビジネスジェットの使用手続簡略化",
    "国際戦略総合特区設備等投資促進税制（法人税の特別償却・税額控除）",
    "総合特区支援利子補給金（指定金融機関による貸付け）",
    "搭乗型移動支援ロボットの公道実証実験に係る道路運送車両法の特例",
    "ResearchInstitutePartnershipProgramme",
    "外国人研究者・技術者の受入れ促進のための在留資格手続の迅速化",
]


def stress_zone() -> dict[str, Any]:
    """The longest zone the data contract allows in every direction at once."""
    return zone_record(
        "アジアNo.1航空宇宙産業クラスター形成・ライフイノベーション国際戦略総合特区",
        governments=GOVERNMENTS,
        governments_etc=True,
        scores={"I": 4.8, "II": 3.7, "III": 4.7},
        kpis=[{"name": name, "achievement": 100 + 37 * i} for i, name in enumerate(LONG_KPI_NAMES)],
        kpis_etc=True,
        measures=[
            {"heading": heading, "items": MEASURE_ITEMS[i:] + MEASURE_ITEMS[:i], "etc": True}
            for i, heading in enumerate(MEASURE_HEADINGS)
        ],
        remarks=[f"（{i + 1}）{REMARK[: 380 + 3 * i]}" for i in range(12)],
    )


def stress_year_folder(folder: Path) -> Path:
    """A year of two zones: the stress zone, and a short one in the second category after it."""
    (folder / "zones").mkdir(parents=True)
    (folder / "evaluation.yaml").write_text(yaml.safe_dump(EVALUATION, allow_unicode=True), encoding="utf-8")
    zones = [stress_zone(), zone_record("短い特区", category="local")]
    for i, zone in enumerate(zones, start=1):
        text = yaml.safe_dump(zone, allow_unicode=True, sort_keys=False)
        (folder / "zones" / f"{i:02d}-zone.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def stress_built(renderer: Renderer, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The stress year built with --pdf (cards only)."""
    folder = stress_year_folder(tmp_path_factory.mktemp("stress") / "stress")
    out = tmp_path_factory.mktemp("stress-out")
    result = build(folder, out, pdf=True, report=False)
    return Built(out / folder.name, result)


# -- decks the check must reject -----------------------------------------------------------------------

def overfull_deck() -> bytes:
    """A deck written with python-pptx directly, without fitting: slide 1 fits (the control), slide 2
    runs off the bottom into empty space, slide 3 runs into the box below it, slide 4 has a word
    wider than its box on one unwrapped line."""
    import io

    from pptx import Presentation
    from pptx.enum.text import MSO_AUTO_SIZE
    from pptx.util import Mm, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Mm(297), Mm(210)

    def box(slide: Any, name: str, x: float, y: float, w: float, h: float, text: str, wrap: bool = True) -> None:
        shape = slide.shapes.add_textbox(Mm(x), Mm(y), Mm(w), Mm(h))
        shape.name = name
        frame = shape.text_frame
        frame.word_wrap = wrap
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.text = text
        for p in frame.paragraphs:
            for r in p.runs:
                r.font.size = Pt(14)
                r.font.name = "BIZ UDGothic"

    long_text = "比較的順調に進んでいるものと評価できる。" * 12
    blank = prs.slide_layouts[6]
    box(prs.slides.add_slide(blank), "fits", 20, 20, 120, 30, "短いテキスト")
    box(prs.slides.add_slide(blank), "overfull", 20, 20, 80, 20, long_text)
    slide = prs.slides.add_slide(blank)
    box(slide, "overfull", 20, 20, 80, 20, long_text)
    box(slide, "below", 20, 41, 80, 120, "下の箱")
    box(prs.slides.add_slide(blank), "narrow", 20, 20, 30, 20, "Supercalifragilisticexpialidocious", wrap=False)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def uncorrected_deck(folder: Path) -> bytes:
    """The stress year fitted with the East Asian face's metrics for every character (the Latin face
    not measured as its own) and no glyph rounding."""
    from tokku_slides.build import modified_time, prepare
    from tokku_slides.layout import fit, pages
    from tokku_slides.layout.measure import load_metrics
    from tokku_slides.render.pptx_deck import render_deck

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fit, "GLYPH_ROUNDING_PT", 0.0)
        patch.setattr(pages, "load_faces", lambda east_asian, _latin: load_metrics(east_asian))
        year, layout, deck = prepare(folder)
    return render_deck(deck, layout, year, modified_time(year))


@pytest.fixture(scope="session")
def judged(renderer: Renderer, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """overfull.pptx/.pdf and uncorrected.pptx/.pdf, converted by two LibreOffice runs at once."""
    from concurrent.futures import ThreadPoolExecutor

    from tokku_slides.render.pdf import to_pdf

    out = tmp_path_factory.mktemp("judged")
    decks = {
        "overfull.pptx": overfull_deck(),
        "uncorrected.pptx": uncorrected_deck(stress_year_folder(out / "stress")),
    }
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {name: pool.submit(to_pdf, {name: data}, renderer) for name, data in decks.items()}
        pdfs = {name: future.result()[name] for name, future in futures.items()}
    paths: dict[str, Path] = {}
    for name, data in decks.items():
        paths[name] = out / name
        paths[name].write_bytes(data)
        pdf_name = name.replace(".pptx", ".pdf")
        paths[pdf_name] = out / pdf_name
        paths[pdf_name].write_bytes(pdfs[name])
    return paths
