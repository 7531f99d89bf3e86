"""The report as LibreOffice prints it: the TOC shows its entries with the right page numbers, every
page carries its number, one picture per chart, and CJK fonts embedded for all of its text.

What the report should contain is read from report.docx itself (TOC paragraphs, pictures), so these
checks follow the report renderer; they judge only what the PDF makes of it.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path

import pytest

from tokku_slides.layout.spec import load_layout
from tokku_slides.units import MM_PER_INCH, PT_PER_INCH

from .conftest import Built
from .pdfcheck import PdfPage, flat, ink, pdf_pages
from .test_cards_render import _fonts, base_font

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TOC_STYLE = re.compile(r"^TOC\d$")
LEADERS = "．.…‥・·"


def report_files(built: Built) -> tuple[Path, Path]:
    docx, pdf = built.folder / "report.docx", built.folder / "report.pdf"
    if not docx.exists():
        pytest.skip("this build writes no report.docx (render/docx_report.py is not there yet)")
    return docx, pdf


def toc_entries(docx: Path) -> list[str]:
    """The text of the TOC's paragraphs (styles TOC1, TOC2, ...), without the page-number field."""
    from lxml import etree

    root = etree.fromstring(zipfile.ZipFile(docx).read("word/document.xml"))
    entries = []
    for p in root.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is None or not TOC_STYLE.match(style.get(f"{W}val", "")):
            continue
        text = ""
        in_field = False
        for node in p.iter(f"{W}t", f"{W}fldChar", f"{W}instrText"):
            if node.tag == f"{W}fldChar":
                in_field = node.get(f"{W}fldCharType") != "end"
            elif node.tag == f"{W}t" and not in_field:
                text += node.text or ""
        entries.append(text)
    return entries


def picture_count(docx: Path) -> int:
    return zipfile.ZipFile(docx).read("word/document.xml").decode("utf-8").count("<w:drawing>")


def margins_pt() -> tuple[float, float]:
    """The report's top and bottom page margins in pt (header and footer live in them)."""
    margins = load_layout().report.get("margins", {})
    pt_per_mm = PT_PER_INCH / MM_PER_INCH
    return float(margins.get("top", 20)) * pt_per_mm, float(margins.get("bottom", 20)) * pt_per_mm


def page_text(page: PdfPage) -> str:
    """The body of a page (without header and footer), line by line, without white space."""
    top, bottom = margins_pt()
    body = [c for c in ink(page.chars) if top <= c["top"] < page.height - bottom]
    return flat("".join(c["text"] for c in sorted(body, key=lambda c: (round(c["top"]), c["x0"]))))


def footer_text(page: PdfPage) -> str:
    """The text below the report's bottom margin: the footer."""
    limit = page.height - margins_pt()[1]
    return flat("".join(c["text"] for c in sorted(ink(page.chars), key=lambda c: c["x0"]) if c["top"] >= limit))


def toc_pages(pages: tuple[PdfPage, ...], entries: list[str]) -> dict[str, int]:
    """Each TOC entry's page number as printed: the digits after its text and the dot leaders, read
    from the pages before the first chapter (where the TOC is)."""
    text = "".join(page_text(p) for p in pages[:2])
    out: dict[str, int] = {}
    for entry in entries:
        found = re.search(re.escape(flat(entry)) + f"[{re.escape(LEADERS)}]*" + r"([0-9]+)", text)
        if found:
            out[entry] = int(found.group(1))
    return out


def test_every_page_prints_its_number(r5_built: Built) -> None:
    _docx, pdf = report_files(r5_built)
    pages = pdf_pages(pdf)
    assert len(pages) >= 3
    assert [footer_text(p) for p in pages] == [str(n) for n in range(1, len(pages) + 1)]


def test_the_toc_shows_every_entry_with_the_page_its_heading_is_on(r5_built: Built) -> None:
    docx, pdf = report_files(r5_built)
    entries = toc_entries(docx)
    assert len(entries) >= 9  # 3 chapters, a category, 6 zones
    pages = pdf_pages(pdf)
    numbers = toc_pages(pages, entries)
    assert set(numbers) == set(entries), f"TOC entries without a page number: {set(entries) - set(numbers)}"
    assert list(numbers.values()) == sorted(numbers.values()), "page numbers follow the order of the entries"
    for entry, number in numbers.items():
        assert 2 <= number <= len(pages), entry
        body = page_text(pages[number - 1])
        assert flat(entry) in body, f"{entry!r} is not on page {number}, where the TOC says it is"


def test_one_picture_per_chart(r5_built: Built) -> None:
    import pdfplumber

    docx, pdf = report_files(r5_built)
    charts = picture_count(docx)
    assert charts >= 7  # the overview and one KPI chart per zone of r5
    with pdfplumber.open(str(pdf)) as document:
        images = [im for page in document.pages for im in page.images]
    assert len(images) == charts
    text_width = 210 * (PT_PER_INCH / MM_PER_INCH) * 0.5
    for image in images:
        assert image["width"] >= text_width and image["height"] >= 30, image  # drawn, not a speck


def test_the_report_uses_an_embedded_cjk_font_with_no_missing_glyph(r5_built: Built) -> None:
    import pdfplumber

    _docx, pdf = report_files(r5_built)
    family = load_layout().east_asian_font.replace(" ", "")
    glyphs = [c for page in pdf_pages(pdf) for c in ink(page.chars)]
    japanese = [c for c in glyphs if unicodedata.east_asian_width(c["text"]) in ("W", "F")]
    assert len(japanese) > 1000
    fonts = {base_font(c["fontname"]) for c in japanese}
    assert fonts <= {f"{family}-Regular", f"{family}-Bold"}, f"LibreOffice substituted {fonts}"
    assert all(c["text"] not in ("\ufffd", "") for c in glyphs)
    with pdfplumber.open(str(pdf)) as document:
        embedded = _fonts(document)
    assert embedded and all(embedded)
