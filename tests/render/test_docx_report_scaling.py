"""The report's work and memory grow linearly with the zones: counted, not timed.

- Pictures: each distinct chart becomes one image part, named image1..imageN in document order, and
  adding one never looks at the parts added before it (python-docx's ``get_or_add_image`` hashes
  every earlier image part for each new one: quadratic).
- The body's elements are moved into the document one at a time (lxml moves one subtree across
  documents in time quadratic in its ``xml:space`` attributes).
- The package is zipped once, from the parts, with the bytes python-docx's save would give.
- Garbage an earlier phase left in cycles is freed before the report allocates."""

from __future__ import annotations

import datetime as dt
import gc
import io
import struct
import weakref
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from docx.parts.image import ImagePart
from lxml import etree

from tokku_slides.layout.report import compose_report
from tokku_slides.layout.spec import load_layout
from tokku_slides.model.load import load_year
from tokku_slides.render import charts, opc, wordml
from tokku_slides.render.docx_report import ReportWriter, render_report
from tokku_slides.render.xmlns import A_NS, R_NS, qn

from ..conftest import MakeYear, zone_record

MODIFIED = dt.datetime(2023, 4, 1)
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def tiny_png(number: int) -> bytes:
    """A valid 1 x 1 grey PNG, made distinct by ``number`` (in a text chunk)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"tEXt", b"Comment\0%d" % number)
            + chunk(b"IDAT", zlib.compress(bytes([0, 128]))) + chunk(b"IEND", b""))


class TinyChartBook(charts.ChartBook):
    """Charts as tiny PNGs, one per distinct spec (identical specs give identical bytes); no matplotlib."""

    def __init__(self) -> None:
        super().__init__(None)
        self.pngs: dict[charts.ChartSpec, bytes] = {}

    def prepare(self, specs: Iterable[charts.ChartSpec]) -> None:
        for spec in specs:
            self.pngs.setdefault(spec, tiny_png(len(self.pngs)))

    def get(self, spec: charts.ChartSpec) -> charts.Chart:
        self.prepare([spec])
        width, height = spec.size_mm()
        return charts.Chart(self.pngs[spec], width, height)


def kpi_zone(name: str, kpi: str, percent: int) -> dict[str, Any]:
    return zone_record(name, kpis=[{"name": kpi, "achievement": percent}])


def render(year_dir: Path) -> bytes:
    layout = load_layout()
    return ReportWriter(compose_report(load_year(year_dir), layout, MODIFIED), layout, TinyChartBook()).render()


def embedded_images(data: bytes) -> list[str]:
    """The media file of every picture of the body, in document order."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        document = etree.fromstring(z.read("word/document.xml"))
        rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{{{REL_NS}}}Relationship")}
    blips = document.iter(f"{{{A_NS}}}blip")
    return [targets[b.get(f"{{{R_NS}}}embed")] for b in blips]


def test_image_parts_are_numbered_in_document_order_and_identical_charts_share_one(
    make_year: MakeYear,
) -> None:
    year = make_year([
        kpi_zone("甲特区", "連携企業数", 107),
        kpi_zone("乙特区", "外国企業からの相談件数", 44),
        kpi_zone("丙特区", "連携企業数", 107),  # the same KPI chart as 甲特区
        kpi_zone("丁特区", "新規雇用者数", 90),
    ])
    data = render(year)
    # the overview first, then each zone's KPI chart; 丙 reuses 甲's picture
    assert embedded_images(data) == ["media/image1.png", "media/image2.png", "media/image3.png",
                                     "media/image2.png", "media/image4.png"]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        media = sorted(n for n in z.namelist() if n.startswith("word/media/"))
        types = z.read("[Content_Types].xml").decode()
    assert media == [f"word/media/image{n}.png" for n in range(1, 5)]
    assert 'Extension="png" ContentType="image/png"' in types
    assert render(year) == data


def test_adding_a_picture_never_hashes_the_image_parts_added_before(
    make_year: MakeYear, monkeypatch: pytest.MonkeyPatch,
) -> None:
    hashed: list[str] = []
    sha1 = ImagePart.sha1

    def counting_sha1(part: ImagePart) -> str:
        hashed.append(str(part.partname))
        return sha1.fget(part)  # type: ignore[attr-defined, no-any-return]

    monkeypatch.setattr(ImagePart, "sha1", property(counting_sha1))
    zones = 12
    data = render(make_year([kpi_zone(f"特区{i}", f"指標{i}", 40 + i) for i in range(zones)]))
    pictures = len(embedded_images(data))
    assert pictures == zones + 1
    assert len(hashed) <= pictures  # at most once each (scanning every earlier part: 78 times)


def test_the_body_is_moved_into_the_document_element_by_element() -> None:
    """The body's own elements end in the document, each moved on its own (not parsed again, and not
    moved inside one container: lxml moves one subtree in time quadratic in its ``xml:space``
    attributes); the page setup stays last."""
    from docx import Document

    document = Document().element
    paragraphs = [wordml.text_paragraph(f" 段落 {i} ", "Normal") for i in range(20)]
    wordml.replace_body(document.body, paragraphs)
    body = list(document.body)
    assert all(a is b for a, b in zip(body, paragraphs, strict=False)) and len(body) == 21
    assert body[-1].tag == qn("w:sectPr")


def test_the_package_is_written_as_python_docx_saves_it_compressed_once(make_year: MakeYear) -> None:
    layout = load_layout()
    year = load_year(make_year([kpi_zone("甲特区", "連携企業数", 107)]))
    writer = ReportWriter(compose_report(year, layout, MODIFIED), layout,
                          TinyChartBook())
    data = writer.render()
    saved = io.BytesIO()
    writer.doc.save(saved)  # python-docx's own zip, made deterministic as before
    assert opc.deterministic_zip(saved.getvalue()) == data


def test_garbage_an_earlier_phase_left_in_cycles_is_freed_before_the_report_allocates(
    make_year: MakeYear, tmp_path: Path,
) -> None:
    freed: list[bool] = []
    seen_by_charts: list[bool] = []

    class Book(TinyChartBook):
        def prepare(self, specs: Iterable[charts.ChartSpec]) -> None:
            seen_by_charts.append(bool(freed))
            super().prepare(specs)

    class Deck:  # a rendered deck's objects, referring to each other
        def __init__(self) -> None:
            self.itself = self

    year_dir = make_year([kpi_zone("甲特区", "連携企業数", 107)])
    year, layout = load_year(year_dir), load_layout()
    was_enabled = gc.isenabled()
    gc.disable()  # only an explicit collection frees the cycle
    try:
        deck = Deck()
        weakref.finalize(deck, freed.append, True)
        del deck
        render_report(compose_report(year, layout, MODIFIED), layout, tmp_path / "out" / "r5", Book())
    finally:
        if was_enabled:
            gc.enable()
    assert seen_by_charts and seen_by_charts[0]
