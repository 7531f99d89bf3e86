"""Build data/r5, reopen report.docx, and find every string of every seed card in its zone's section;
the report and the deck agree; fonts, tables, pictures and package are as Word and LibreOffice need."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from tokku_slides import format as fmt
from tokku_slides.build import build, modified_time
from tokku_slides.cli import main
from tokku_slides.layout.report import OverviewFigure, compose_report
from tokku_slides.layout.spec import Layout, load_layout
from tokku_slides.model import records
from tokku_slides.model.load import load_year
from tokku_slides.model.records import Year
from tokku_slides.render import charts, opc, wordml
from tokku_slides.render.docx_report import chart_style, figure_specs, render_report
from tokku_slides.render.xmlns import W_NS, WP_NS

from ..conftest import R5, MakeYear, zone_record
from ..readback import deck_summary, shapes_named, zone_cards
from ..test_seed_data import SEED_SCORES

W = f"{{{W_NS}}}"
WP = f"{{{WP_NS}}}"


# -- a small reader of the report ----------------------------------------------------------------
@dataclass
class Block:
    """A paragraph (``rows`` empty) or a table (``rows`` of cell texts) of the document body."""

    style: str
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    pictures: list[dict[str, str]] = field(default_factory=list)
    element: Any = None


def text_of(element: Any) -> str:
    """A paragraph's text as a reader sees it: w:t, w:tab as a tab, w:br as a newline; field
    instructions left out."""
    out = []
    for node in element.iter(f"{W}t", f"{W}tab", f"{W}br"):
        if node.tag == f"{W}t":
            out.append(node.text or "")
        elif node.tag == f"{W}tab" and node.getparent().tag == f"{W}r":
            out.append("\t")
        elif node.tag == f"{W}br":
            out.append("\n")
    return "".join(out)


def blocks(document: Any) -> list[Block]:
    body = document.find(f"{W}body")
    out = []
    for child in body:
        if child.tag == f"{W}p":
            style = child.find(f"{W}pPr/{W}pStyle")
            pictures = [dict(d.attrib) for d in child.iter(f"{WP}docPr")]
            out.append(Block(style.get(f"{W}val") if style is not None else "Normal", text_of(child),
                             pictures=pictures, element=child))
        elif child.tag == f"{W}tbl":
            rows = [["\n".join(text_of(p) for p in tc.iter(f"{W}p")) for tc in tr.iter(f"{W}tc")]
                    for tr in child.iter(f"{W}tr")]
            out.append(Block("table", rows=rows, element=child))
    return out


@dataclass
class Report:
    parts: dict[str, bytes]

    def xml(self, name: str) -> Any:
        return etree.fromstring(self.parts[name])

    @property
    def blocks(self) -> list[Block]:
        return blocks(self.xml("word/document.xml"))

    def section(self, heading_text: str) -> list[Block]:
        """The blocks from the heading 3 with this text up to the next heading of any level."""
        bs = self.blocks
        start = next(i for i, b in enumerate(bs) if b.style == "Heading3" and b.text == heading_text)
        end = next((i for i in range(start + 1, len(bs)) if bs[i].style.startswith("Heading")), len(bs))
        return bs[start:end]


def open_report(data: bytes) -> Report:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return Report({n: z.read(n) for n in z.namelist()})


# -- fixtures ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    build(R5, out)
    return out / "r5"


@pytest.fixture(scope="module")
def report(built: Path) -> Report:
    return open_report((built / "report.docx").read_bytes())


@pytest.fixture(scope="module")
def year() -> Year:
    return load_year(R5)


@pytest.fixture(scope="module")
def layout() -> Layout:
    return load_layout()


# -- read-back of data/r5 ------------------------------------------------------------------------
def test_r5_builds_both_documents(built: Path) -> None:
    assert (built / "report.docx").stat().st_size > 10_000
    assert (built / "cards.pptx").exists()


@pytest.mark.parametrize("name", list(SEED_SCORES))
def test_every_string_of_a_seed_card_is_in_its_zone_section(
    report: Report, year: Year, layout: Layout, name: str
) -> None:
    zone = next(z for z in year.zones if z.name == name)
    section = report.section(fmt.zone_title(zone))
    labels = layout.labels
    tables = [b.rows for b in section if b.style == "table"]
    paragraphs = [b.text for b in section if b.style != "table"]

    assert section[0].text == fmt.zone_title(zone)
    score_table = tables[0]
    assert score_table[0] == [f"{labels.total}\n{labels.total_note}", *(f"{s.mark}\n{s.label}" for s in labels.scores)]
    assert tuple(score_table[1]) == SEED_SCORES[name]

    if zone.kpis:
        kpi_rows = tables[1][1:]
        expected = [[k.name, fmt.percent_text(k.achievement)] for k in zone.kpis]
        assert kpi_rows == expected + ([[labels.etc, ""]] if zone.kpis_etc else [])
        assert labels.kpis in paragraphs
    else:
        assert len(tables) == 1

    # measures: each heading, then its items as bullets, then 等 when the record says so
    for measure in zone.measures:
        at = paragraphs.index(measure.heading)
        items = ["・" + item for item in measure.items]
        assert paragraphs[at + 1:at + 1 + len(items)] == items
        after = paragraphs[at + 1 + len(items)] if at + 1 + len(items) < len(paragraphs) else None
        assert (after == labels.etc) == measure.etc

    # remarks: word for word, one bulleted paragraph each, in order, closing the section
    at = paragraphs.index(labels.remarks)
    assert paragraphs[at + 1:] == ["・" + r for r in zone.remarks]
    bullets = [b for b in section if b.text.startswith("・")]
    assert {b.style for b in bullets} == {"BulletText"}


def test_each_zone_section_follows_its_category_heading(report: Report, year: Year) -> None:
    headings = [(b.style, b.text) for b in report.blocks if b.style.startswith("Heading")]
    expected = [("Heading1", "１．評価の方法"), ("Heading1", "２．評価結果一覧"), ("Heading1", "３．分野別状況")]
    for key, zones in year.zones_by_category():
        expected.append(("Heading2", fmt.category_heading(year.category_number(key), year.categories[key])))
        expected.extend(("Heading3", fmt.zone_title(z)) for z in zones)
    assert headings == expected


def test_the_list_table_has_all_six_totals(report: Report, layout: Layout) -> None:
    blocks_ = report.blocks
    start = next(i for i, b in enumerate(blocks_) if b.text == "２．評価結果一覧")
    table = next(b for b in blocks_[start:] if b.style == "table").rows
    assert table[0] == list(layout.labels.list_columns)
    assert {row[1]: tuple(row[3:]) for row in table[1:]} == SEED_SCORES
    assert table[1][0] == "（１）国際戦略総合特区"


def test_the_toc_lists_every_heading_with_a_link_and_a_page_field(report: Report, year: Year) -> None:
    blocks_ = report.blocks
    entries = [b for b in blocks_ if b.style in ("TOC1", "TOC2", "TOC3")]
    headings = [b for b in blocks_ if b.style in ("Heading1", "Heading2", "Heading3")]
    assert [e.text.split("\t")[0] for e in entries] == [h.text for h in headings]
    assert [e.style[-1] for e in entries] == [h.style[-1] for h in headings]
    for zone in year.zones:
        assert fmt.zone_title(zone) in [e.text.split("\t")[0] for e in entries]
    # the TOC comes before the first heading, right after its own heading 目次
    first_heading = blocks_.index(headings[0])
    assert all(blocks_.index(e) < first_heading for e in entries)
    assert any(b.style == "TOCHeading" and b.text == "目次" for b in blocks_[:first_heading])
    for entry, heading in zip(entries, headings, strict=True):
        link = entry.element.find(f"{W}hyperlink")
        bookmark = heading.element.find(f"{W}bookmarkStart")
        assert link.get(f"{W}anchor") == bookmark.get(f"{W}name")
        instructions = "".join(t.text for t in entry.element.iter(f"{W}instrText"))
        assert instructions.split() == ["PAGEREF", bookmark.get(f"{W}name"), "\\h"]
    names = [h.element.find(f"{W}bookmarkStart").get(f"{W}name") for h in headings]
    assert len(set(names)) == len(names)


def test_word_is_asked_to_update_fields_on_open(report: Report) -> None:
    settings = report.xml("word/settings.xml")
    update = settings.find(f"{W}updateFields")
    assert update is not None and update.get(f"{W}val") == "true"
    tags = [etree.QName(c).localname for c in settings]
    assert tags.index("updateFields") < tags.index("compat")


def test_title_block_method_header_and_footer(report: Report, layout: Layout) -> None:
    texts = [b.text for b in report.blocks]
    assert texts[:3] == ["総合特別区域評価・調査検討会における評価結果の概要", "（令和５年度）", "令和５年４月１日"]
    start = texts.index("１．評価の方法")
    method = next(b for b in report.blocks[start:] if b.style == "table").rows
    assert method[1:] == [[s.mark, s.label] for s in layout.labels.scores] + [
        [layout.labels.total, layout.labels.total_note]]
    assert layout.labels.list_note in texts
    header = [n for n in report.parts if n.startswith("word/header")]
    footer = [n for n in report.parts if n.startswith("word/footer")]
    assert len(header) == 1 and len(footer) == 1
    assert text_of(report.xml(header[0])) == "総合特別区域評価・調査検討会における評価結果の概要 令和５年度"
    instr = "".join(t.text for t in report.xml(footer[0]).iter(f"{W}instrText"))
    assert instr.split() == ["PAGE"]


def test_core_properties_come_from_the_data(report: Report) -> None:
    core = report.parts["docProps/core.xml"].decode()
    assert "<dc:title>総合特別区域評価・調査検討会における評価結果の概要 令和５年度</dc:title>" in core
    assert "2023-04-01T00:00:00Z" in core
    assert "docProps/thumbnail.jpeg" not in report.parts


# -- charts and pictures -------------------------------------------------------------------------
def test_one_chart_per_zone_with_kpis_plus_the_overview(report: Report, year: Year) -> None:
    pictures = [p for b in report.blocks for p in b.pictures]
    with_kpis = [z for z in year.zones if z.kpis]
    assert len(pictures) == len(with_kpis) + 1
    media = [n for n in report.parts if n.startswith("word/media/")]
    assert len(media) == len(pictures) and all(n.endswith(".png") for n in media)
    for zone in year.zones:
        section = report.section(fmt.zone_title(zone))
        found = [p for b in section for p in b.pictures]
        assert len(found) == (1 if zone.kpis else 0)
        if zone.kpis:
            descr = found[0]["descr"]
            assert zone.name in descr
            for kpi in zone.kpis:
                assert f"{kpi.name} {fmt.percent_text(kpi.achievement)}" in descr


def test_every_picture_has_alt_text_and_a_unique_id(report: Report, year: Year) -> None:
    pictures = [p for b in report.blocks for p in b.pictures]
    assert all(p["descr"].strip() for p in pictures)
    assert len({p["id"] for p in pictures}) == len(pictures)
    overview = pictures[0]["descr"]
    for zone in year.zones:
        assert f"{zone.name} {fmt.score_text(zone.scores.total)}" in overview


def test_the_overview_lists_zones_by_total_within_their_category(year: Year, layout: Layout) -> None:
    """The chart's rows: each category's heading, then its zones from the highest total down."""
    plan = compose_report(year, layout, dt.datetime(2023, 4, 1))
    (overview,) = [f for f in plan.figures if isinstance(f, OverviewFigure)]
    seen = [row for spec in figure_specs(overview, chart_style(layout)) for row in spec.rows]
    groups: list[list[float]] = []
    for row in seen:
        if isinstance(row, charts.GroupRow):
            groups.append([])
        else:
            groups[-1].append(row.total)
    assert len(groups) == len(year.zones_by_category())
    assert all(g == sorted(g, reverse=True) for g in groups)
    assert sorted(t for g in groups for t in g) == sorted(float(z.scores.total) for z in year.zones)


# -- Japanese typography ---------------------------------------------------------------------------
def test_styles_used_name_the_east_asian_font_and_no_theme_font_is_left(report: Report, layout: Layout) -> None:
    styles = report.xml("word/styles.xml")
    used = {"Normal"}
    for name in report.parts:
        if name.startswith("word/") and name.endswith(".xml") and ("document" in name or "header" in name
                                                                   or "footer" in name):
            used |= {s.get(f"{W}val") for s in report.xml(name).iter(f"{W}pStyle")}
    by_id = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}
    assert used <= set(by_id), used - set(by_id)
    assert {"Heading1", "Heading2", "Heading3", "Title", "TableText", "BulletText", "TOC1"} <= used
    for style_id in used:
        fonts = by_id[style_id].find(f"{W}rPr/{W}rFonts")
        assert fonts is not None, style_id
        assert fonts.get(f"{W}eastAsia") == layout.east_asian_font, style_id
        assert fonts.get(f"{W}ascii") == layout.latin_font, style_id
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(f"{W}rFonts").get(f"{W}eastAsia") == layout.east_asian_font
    assert defaults.find(f"{W}lang").get(f"{W}eastAsia") == "ja-JP"
    for name, data in report.parts.items():
        if name.endswith(".xml"):
            for attr in wordml.THEME_FONT_ATTRIBUTES:
                assert f"w:{attr}=".encode() not in data, (name, attr)
    assert "word/stylesWithEffects.xml" not in report.parts


def test_tables_are_ruled_and_their_header_rows_shaded(report: Report, layout: Layout) -> None:
    tables = [b.element for b in report.blocks if b.style == "table"]
    assert len(tables) >= 2 + 6
    for tbl in tables:
        borders = tbl.find(f"{W}tblPr/{W}tblBorders")
        sides = {etree.QName(b).localname: b.get(f"{W}val") for b in borders}
        assert sides == dict.fromkeys(("top", "left", "bottom", "right", "insideH", "insideV"), "single")
        first = tbl.find(f"{W}tr")
        assert first.find(f"{W}trPr/{W}tblHeader") is not None
        fills = {tc.find(f"{W}tcPr/{W}shd").get(f"{W}fill") for tc in first.iter(f"{W}tc")}
        assert fills == {layout.colors["header_fill"]}


# -- one source of numbers -----------------------------------------------------------------------
def test_every_score_and_percent_in_the_deck_equals_the_one_in_the_report(
    built: Path, report: Report, year: Year
) -> None:
    deck = deck_summary(built / "cards.pptx")
    list_rows = [row.split("\t") for row in shapes_named(deck[:1], "list_table")[0]["text"].split("\n")][1:]
    blocks_ = report.blocks
    start = next(i for i, b in enumerate(blocks_) if b.text == "２．評価結果一覧")
    report_list = next(b for b in blocks_[start:] if b.style == "table").rows[1:]
    # the deck's list prints the report's totals with one decimal (list.table.decimals)
    assert {r[1]: r[2] for r in list_rows} == {r[1]: f"{Decimal(r[3]):.1f}" for r in report_list}
    for zone in year.zones:
        cards = zone_cards(deck, zone.name)
        deck_scores = shapes_named(cards, "score_table")[0]["text"].split("\n")[-1].split("\t")
        section = report.section(fmt.zone_title(zone))
        tables = [b.rows for b in section if b.style == "table"]
        assert deck_scores == tables[0][1]
        deck_percents = [line for sh in shapes_named(cards, "kpis") for line in sh["text"].split("\n")
                         if line.endswith("％")]
        report_percents = [row[1] for row in tables[1][1:] if row[1]] if zone.kpis else []
        assert deck_percents == report_percents


def test_the_report_prints_the_model_numbers_and_never_recomputes_them(
    make_year: MakeYear, layout: Layout, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the model's total and achievement replaced, the report shows the replacements."""
    year = load_year(make_year([zone_record(kpis=[{"name": "指標", "target": 10, "actual": 12}])]))
    monkeypatch.setattr(records.Scores, "total", property(lambda self: Decimal("1.7")))
    monkeypatch.setattr(records.Kpi, "achievement", property(lambda self: Decimal("77")))
    report = open_report(render_report(compose_report(year, layout, dt.datetime(2023, 4, 1)), layout))
    section = report.section(fmt.zone_title(year.zones[0]))
    tables = [b.rows for b in section if b.style == "table"]
    assert tables[0][1][0] == "1.7"
    assert tables[1][1] == ["指標", "77％"]


# -- edge cases in a year of our own ----------------------------------------------------------------
def test_line_breaks_and_markup_characters_in_records_survive_word_for_word(
    make_year: MakeYear, layout: Layout
) -> None:
    remark = "前段 <b>&amp; \"引用\"\n後段の所見。"
    record = zone_record(
        "R&D<特区>", remarks=[remark, "  前後に空白  "], kpis=[], governments=["甲市", "乙町"], governments_etc=True,
        measures=[{"heading": "規制の特例措置", "items": ["A&B"]}],
    )
    year = load_year(make_year([record]))
    report = open_report(render_report(compose_report(year, layout, dt.datetime(2023, 4, 1)), layout))
    zone = year.zones[0]
    section = report.section(fmt.zone_title(zone))
    assert section[0].text == "R&D<特区>（甲市、乙町　等）"
    texts = [b.text for b in section]
    assert "・" + remark in texts
    assert "・" + zone.remarks[1] in texts
    assert "・A&B" in texts
    pictures = [p for b in report.blocks for p in b.pictures]
    assert len(pictures) == 1  # the overview only: no zone has KPIs


def test_two_renders_give_identical_bytes_and_the_date_comes_from_modified(
    year: Year, layout: Layout
) -> None:
    modified = modified_time(year)
    charts.kpi_chart.cache_clear()
    charts.overview_chart.cache_clear()
    first = render_report(compose_report(year, layout, modified), layout)
    charts.kpi_chart.cache_clear()
    charts.overview_chart.cache_clear()
    second = render_report(compose_report(year, layout, modified), layout)
    assert first == second
    later = render_report(compose_report(year, layout, dt.datetime(2024, 2, 29, 12, 0)), layout)
    assert "令和６年２月２９日" in [b.text for b in open_report(later).blocks]
    assert all(i.date_time == opc.ZIP_EPOCH for i in zipfile.ZipFile(io.BytesIO(first)).infolist())


def test_cli_no_report_and_no_deck(make_year: MakeYear, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = make_year([zone_record()])
    assert main(["build", str(folder), "-o", str(tmp_path / "a"), "--no-report"]) == 0
    assert sorted(p.name for p in (tmp_path / "a" / "r5").iterdir()) == ["cards.pptx"]
    assert main(["build", str(folder), "-o", str(tmp_path / "b"), "--no-deck"]) == 0
    assert sorted(p.name for p in (tmp_path / "b" / "r5").iterdir()) == ["report.docx"]
    capsys.readouterr()




def test_the_layout_schema_declares_every_style_the_report_writes() -> None:
    from tokku_slides.layout.schema import REPORT_STYLES
    from tokku_slides.render.docx_report import RUN_ONLY, STYLES

    assert set(REPORT_STYLES) == set(STYLES) | set(RUN_ONLY)
