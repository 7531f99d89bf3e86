"""--template, --reference-doc and templates DIR: the organisation's presentation and Word styles, our
defaults done right, and one clear line for every template that cannot be used."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from tokku_slides import i18n
from tokku_slides.cli import main
from tokku_slides.render import templates as tpl

from .conftest import R5
from .templates_kit import (
    A3_LANDSCAPE,
    HEADING_COLOR,
    HEADING_FONT,
    LOGO_NAME,
    ORG_EA_FONT,
    ORG_FONT,
    REFERENCE_MARGIN_MM,
    SCREEN_4_3,
    WIDE_16_9,
    make_reference,
    make_template,
)

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def build(tmp_path: Path, *options: str, lang: str = "en") -> tuple[int, Path]:
    out = tmp_path / "out"
    return main(["--lang", lang, "build", str(R5), "-o", str(out), "-q", *options]), out / R5.name


def xml(package: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(package) as z:
        return etree.fromstring(z.read(name))


def test_the_deck_is_made_on_the_organisations_presentation_scaled_to_its_size(tmp_path: Path) -> None:
    template = make_template(tmp_path / "org.pptx", A3_LANDSCAPE)
    status, folder = build(tmp_path, "--template", str(template), "--no-report")
    assert status == 0
    deck = folder / "cards.pptx"
    size = xml(deck, "ppt/presentation.xml").find(f"{P}sldSz")
    assert size is not None and (size.get("cx"), size.get("cy"), size.get("type")) == ("15120000", "10692000", None)
    theme = xml(deck, "ppt/theme/theme1.xml")
    assert theme.find(f".//{A}minorFont/{A}latin").get("typeface") == ORG_FONT
    assert theme.find(f".//{A}minorFont/{A}ea").get("typeface") == ORG_EA_FONT
    master = xml(deck, "ppt/slideMasters/slideMaster1.xml")
    assert [e.get("name") for e in master.iter(f"{P}cNvPr")].count(LOGO_NAME) == 1
    with zipfile.ZipFile(deck) as z:
        slides = [n for n in z.namelist() if n.startswith("ppt/slides/slide") and n.endswith(".xml")]
        texts = b"".join(z.read(n) for n in slides)
        # every card's layout is on the one master that holds the logo
        for n in slides:
            rels = etree.fromstring(z.read(n.replace("slides/", "slides/_rels/") + ".rels"))
            layout = next(r.get("Target") for r in rels if r.get("Type", "").endswith("/slideLayout"))
            layout_rels = z.read("ppt/slideLayouts/_rels/" + layout.rsplit("/", 1)[1] + ".rels")
            assert b"slideMaster1.xml" in layout_rels
    assert b"the organisation's own slide" not in texts
    assert len(slides) == 7
    # the geometry scaled by 420/297: the first card's boxes end inside the larger slide
    first = xml(deck, "ppt/slides/slide2.xml")
    right = max(int(o.get("x")) + int(e.get("cx")) for o, e in
                ((x.find(f"{A}off"), x.find(f"{A}ext")) for x in first.iter(f"{A}xfrm", f"{P}xfrm")) if o is not None)
    assert 0.9 * 15120000 < right <= 15120000


@pytest.mark.parametrize("size_mm", [WIDE_16_9, SCREEN_4_3], ids=["16:9", "4:3"])
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_presentation_of_another_shape_stops_the_build(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch, size_mm: tuple[float, float],
                                                        lang: str) -> None:
    monkeypatch.setenv("TOKKU_LANG", lang)
    i18n.set_language(lang)
    template = make_template(tmp_path / "wide.pptx", size_mm)
    status, folder = build(tmp_path, "--template", str(template), lang=lang)
    assert status == 2 and not folder.exists()
    err = capsys.readouterr().err
    w, h = (f"{v:.1f}".removesuffix(".0") for v in size_mm)
    if lang == "en":
        assert f"{template}: its slides are {w} x {h} mm, another shape than the 297 x 210 mm the layout" in err
    else:
        assert f"{template}: スライドのサイズが {w} x {h} mm で、レイアウト" in err
        assert "297 x 210 mm と縦横の比が違います" in err


def test_the_report_takes_the_reference_documents_styles_and_page(tmp_path: Path) -> None:
    reference = make_reference(tmp_path / "org.docx")
    status, folder = build(tmp_path, "--reference-doc", str(reference), "--no-deck")
    assert status == 0
    report = folder / "report.docx"
    styles = xml(report, "word/styles.xml")
    heading = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "Heading1")
    heading_fonts = heading.find(f"{W}rPr/{W}rFonts")
    assert heading_fonts.get(f"{W}ascii") == HEADING_FONT and heading_fonts.get(f"{W}asciiTheme") is None
    assert heading.find(f"{W}rPr/{W}color").get(f"{W}val") == HEADING_COLOR
    # a style the reference lacks comes from ours, East Asian font and all
    label = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "BlockLabel")
    assert label.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "BIZ UDGothic"
    document = xml(report, "word/document.xml")
    sect = document.find(f".//{W}body/{W}sectPr")
    margin = str(round(REFERENCE_MARGIN_MM / 25.4 * 1440))
    assert sect.find(f"{W}pgSz").get(f"{W}w") == "11906"
    assert {sect.find(f"{W}pgMar").get(f"{W}{k}") for k in ("left", "right", "top", "bottom")} == {margin}
    body = etree.tostring(document, encoding="unicode")
    assert "the organisation's own text" not in body
    assert "国際戦略総合特区" in body


def test_templates_dir_rebuilds_r5_to_the_same_bytes_as_no_option(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    org = tmp_path / "org"
    assert main(["--lang", "en", "templates", str(org), "-q"]) == 0
    assert sorted(p.name for p in org.iterdir()) == ["card.yaml", "metrics", "reference.docx", "template.pptx"]
    plain = tmp_path / "plain"
    status, default = build(plain)
    assert status == 0
    status, made = build(tmp_path / "made", "--template", str(org / "template.pptx"), "--reference-doc",
                         str(org / "reference.docx"), "--layout", str(org / "card.yaml"))
    assert status == 0
    for name in ("cards.pptx", "report.docx"):
        assert (made / name).read_bytes() == (default / name).read_bytes(), name
    assert main(["--lang", "en", "templates", str(org), "-q"]) == 2  # never over the organisation's files


def test_our_defaults_say_what_they_are(tmp_path: Path) -> None:
    status, folder = build(tmp_path)
    assert status == 0
    for name, extra in (("cards.pptx", b"<Slides>7</Slides>"), ("report.docx", b"")):
        with zipfile.ZipFile(folder / name) as z:
            names = z.namelist()
            assert not [n for n in names if "thumbnail" in n]
            app = z.read("docProps/app.xml")
            assert b"<Application>tokku-slides/" in app and extra in app
            everything = b"".join(z.read(n) for n in names if n.endswith((".xml", ".rels")))
            for leftover in (b"python-pptx", b"python-docx", b"Macintosh", b"4x3"):
                assert leftover not in everything, (name, leftover)
    master = xml(folder / "cards.pptx", "ppt/slideMasters/slideMaster1.xml")
    widths = [int(e.get("cx")) for e in master.iter(f"{A}ext")]
    assert max(widths) <= 10692000 and max(widths) > 9144000  # sized to A4 landscape, not 10 in


def theme_fonts(theme: etree._Element) -> dict[str, tuple[str, str, str]]:
    """majorFont/minorFont -> (a:latin, a:ea, the Japanese supplemental a:font) typefaces."""
    found = {}
    for which in ("majorFont", "minorFont"):
        font = theme.find(f".//{A}{which}")
        assert font is not None
        found[which] = tuple(str(font.find(f"{A}{tag}").get("typeface"))
                             for tag in ("latin", "ea", "font[@script='Jpan']"))
    return found


OUR_THEME_FONTS = {"majorFont": ("BIZ UDPGothic",) * 3,
                   "minorFont": ("BIZ UDPGothic", "BIZ UDGothic", "BIZ UDGothic")}
"""Our defaults' theme: the body fonts the cards are drawn and fitted in (half-width characters in
BIZ UDPGothic, the rest in BIZ UDGothic), the headings' the proportional face."""


def test_our_defaults_theme_fonts_are_biz_ud_for_latin_and_east_asian(tmp_path: Path) -> None:
    status, folder = build(tmp_path)
    assert status == 0
    org = tmp_path / "org"
    assert main(["--lang", "en", "templates", str(org), "-q"]) == 0
    for package, part in ((folder / "cards.pptx", "ppt/theme/theme1.xml"),
                          (org / "template.pptx", "ppt/theme/theme1.xml"),
                          (folder / "report.docx", "word/theme/theme1.xml"),
                          (org / "reference.docx", "word/theme/theme1.xml")):
        assert theme_fonts(xml(package, part)) == OUR_THEME_FONTS, package.name
    for package in (folder / "report.docx", org / "reference.docx"):
        styles = xml(package, "word/styles.xml")
        fonts = list(styles.iter(f"{W}rFonts"))
        assert len(fonts) > 10 and fonts[0].getparent().getparent().getparent().tag == f"{W}docDefaults"
        for element in fonts:  # every one names the fonts itself; no *Theme attribute overrides the names
            assert {k.removeprefix(W): v for k, v in element.attrib.items()} == {
                "ascii": "BIZ UDPGothic", "hAnsi": "BIZ UDPGothic", "eastAsia": "BIZ UDGothic", "cs": "BIZ UDPGothic"}


def no_layouts(path: Path) -> Path:
    from pptx import Presentation

    prs = Presentation()
    master = prs.slide_masters[0]
    for layout in list(master.slide_layouts):
        master.slide_layouts.remove(layout)
    prs.save(str(path))
    return path


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
BAD_TEMPLATES = {
    # case: (file maker, option, English, Japanese)
    "missing": (lambda d: d / "none.pptx", "--template",
                "the file does not exist; check the name and the folder", "ファイルがありません。"),
    "not_a_pptx": (lambda d: (d / "notes.pptx").write_text("hello") and d / "notes.pptx", "--template",
                   "not a .pptx/.potx file; give a file saved by PowerPoint or Word as .pptx/.potx",
                   ".pptx/.potx のファイルではありません。"),
    "a_docx_as_template": (lambda d: make_reference(d / "org.docx"), "--template",
                           "not a .pptx/.potx file", ".pptx/.potx のファイルではありません。"),
    "old_binary_ppt": (lambda d: (d / "old.ppt").write_bytes(OLE) and d / "old.ppt", "--template",
                       "the old binary format (.ppt); open it and save it as .pptx/.potx",
                       "古いバイナリ形式（.ppt）です。開いて .pptx/.potx として保存し直してください。"),
    "old_binary_doc": (lambda d: (d / "old.doc").write_bytes(OLE) and d / "old.doc", "--reference-doc",
                       "the old binary format (.doc); open it and save it as .docx/.dotx",
                       "古いバイナリ形式（.doc）です。"),
    "password": (lambda d: (d / "locked.pptx").write_bytes(OLE + "EncryptedPackage".encode("utf-16-le"))
                 and d / "locked.pptx", "--template",
                 "the file is protected by a password; open it, remove the password", "パスワードで保護されています。"),
    "no_usable_layout": (lambda d: no_layouts(d / "empty.pptx"), "--template",
                         "the presentation has no slide layout", "スライドレイアウトが一つもありません。"),
}


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("case", sorted(BAD_TEMPLATES))
def test_a_bad_template_gets_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch, case: str, lang: str) -> None:
    monkeypatch.setenv("TOKKU_LANG", lang)
    i18n.set_language(lang)
    make, option, english, japanese = BAD_TEMPLATES[case]
    path = make(tmp_path)
    status, folder = build(tmp_path, option, str(path), lang=lang)
    err = capsys.readouterr().err
    assert status == 2 and not folder.exists()
    line = next(line for line in err.splitlines() if f"{path}: " in line)  # after "error: "
    assert (english if lang == "en" else japanese) in line


def test_a_named_layout_is_the_one_the_cards_go_on(tmp_path: Path) -> None:
    org = tmp_path / "org"
    assert main(["--lang", "en", "templates", str(org), "-q"]) == 0
    card = org / "card.yaml"
    card.write_text(card.read_text(encoding="utf-8").replace(
        "slide: {width: 297, height: 210}", "slide: {width: 297, height: 210, template_layout: Org Card}", 1),
        encoding="utf-8")
    template = make_template(tmp_path / "org.pptx", (297.0, 210.0))
    status, folder = build(tmp_path, "--template", str(template), "--layout", str(card), "--no-report")
    assert status == 0
    with zipfile.ZipFile(folder / "cards.pptx") as z:
        rels = z.read("ppt/slides/_rels/slide1.xml.rels").decode()
        layout = rels.split("slideLayouts/")[1].split('"')[0]
        assert b'name="Org Card"' in z.read(f"ppt/slideLayouts/{layout}")
    card.write_text(card.read_text(encoding="utf-8").replace("Org Card", "Missing"), encoding="utf-8")
    status, _folder = build(tmp_path / "again", "--template", str(template), "--layout", str(card))
    assert status == 2


def theme_layout(tmp_path: Path) -> Path:
    """Our layout with ``fonts: theme`` for Latin and East Asian (the --template theme's body fonts)."""
    org = tmp_path / "layout"
    assert main(["--lang", "en", "templates", str(org), "-q"]) == 0
    card = org / "card.yaml"
    text = card.read_text(encoding="utf-8")
    for key, font in (("latin", "BIZ UDPGothic"), ("east_asian", "BIZ UDGothic")):
        assert f"  {key}: {font}" in text
        text = text.replace(f"  {key}: {font}", f"  {key}: theme", 1)
    card.write_text(text, encoding="utf-8")
    return card


def test_fonts_theme_draws_and_fits_the_templates_body_font(tmp_path: Path) -> None:
    card = theme_layout(tmp_path)
    template = make_template(tmp_path / "org.pptx", (297.0, 210.0), font="BIZ UDPGothic", east_asian="BIZ UDGothic")
    status, folder = build(tmp_path / "themed", "--template", str(template), "--layout", str(card))
    assert status == 0
    status, plain = build(tmp_path / "plain", "--template", str(template))
    assert status == 0
    with zipfile.ZipFile(folder / "cards.pptx") as z, zipfile.ZipFile(plain / "cards.pptx") as p:
        slides = sorted(n for n in z.namelist() if n.startswith("ppt/slides/slide"))
        faces = {e.get("typeface") for n in slides for e in etree.fromstring(z.read(n)).iter(f"{A}latin", f"{A}ea")}
        assert faces == {"BIZ UDPGothic", "BIZ UDGothic"}
        # the theme's font is the one the metrics measure: the cards are fitted exactly as with it named
        assert [z.read(n) for n in slides] == [p.read(n) for n in slides]
    styles = etree.tostring(xml(folder / "report.docx", "word/styles.xml"))
    assert b'w:eastAsia="BIZ UDGothic"' in styles and b'"theme"' not in styles


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_fonts_theme_with_a_theme_font_that_has_no_metrics_stops_the_build(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    monkeypatch.setenv("TOKKU_LANG", lang)
    i18n.set_language(lang)
    card = theme_layout(tmp_path)
    template = make_template(tmp_path / "org.pptx", (297.0, 210.0))  # body fonts Org Sans / Org Gothic
    status, folder = build(tmp_path, "--template", str(template), "--layout", str(card), lang=lang)
    err = capsys.readouterr().err
    assert status == 2 and not folder.exists()
    line = next(line for line in err.splitlines() if f"{template}: " in line)
    assert ORG_FONT in line and "BIZ UDPGothic" in line and "biz-udpgothic.yaml" in line  # the Latin font first
    assert "tools/font_metrics.py" in line and "fonts.latin_metrics" in line
    assert ("metrics of" in line) if lang == "en" else ("字幅ファイル" in line)
    status, folder = build(tmp_path / "none", "--layout", str(card), lang=lang)  # theme, but no --template
    assert status == 2 and "--template" in capsys.readouterr().err


class _Layout:
    """A slide layout as cards_layout_index sees it: its placeholders, those a new slide copies, its type."""

    def __init__(self, placeholders: list[str], copied: list[str], kind: str = "obj") -> None:
        self.placeholders = placeholders
        self.copied = copied
        self.element = {"type": kind}

    def iter_cloneable_placeholders(self) -> Iterator[str]:
        return iter(self.copied)


class _Master:
    def __init__(self, *layouts: _Layout) -> None:
        self.slide_layouts = list(layouts)


class _Presentation:
    def __init__(self, *masters: _Master) -> None:
        self.slide_masters = list(masters)


TITLE = _Layout(["title", "subtitle"], ["title", "subtitle"], "title")
CLOSING = _Layout(["footer"], [], "obj")  # a decorative layout with only a footer: not blank
BLANK = _Layout(["date", "footer", "number"], [], "blank")


@pytest.mark.parametrize(("prs", "expected"), [
    (_Presentation(_Master(TITLE, BLANK), _Master(_Layout([], []))), 2),  # none at all first, in any master
    (_Presentation(_Master(TITLE, CLOSING, BLANK)), 2),  # the first master's blank, not the closing
    (_Presentation(_Master(TITLE, CLOSING), _Master(BLANK)), 0),  # another master's blank: the first layout
    (_Presentation(_Master(TITLE, _Layout(["body"], ["body"], "blank"))), 0),  # a blank that copies a body
])
def test_the_cards_layout_copies_no_placeholder_onto_a_card(prs: _Presentation, expected: int) -> None:
    assert tpl.cards_layout_index(prs) == expected


def test_our_default_deck_puts_the_cards_on_pythons_pptx_blank_layout(tmp_path: Path) -> None:
    """python-pptx's presentation has no layout without placeholders; its Blank has only a date, a
    footer and a slide number, which a slide does not copy (Title Slide's title was copied and removed)."""
    from pptx import Presentation

    assert main(["build", str(R5), "-o", str(tmp_path), "--no-report", "-q"]) == 0
    prs = Presentation(str(tmp_path / "r5" / "cards.pptx"))
    assert {slide.slide_layout.name for slide in prs.slides} == {"Blank"}
    assert all(len(slide.placeholders) == 0 for slide in prs.slides)
