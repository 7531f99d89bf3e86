"""The report's WordprocessingML (render/wordml.py), compared as XML."""

from __future__ import annotations

from typing import Any

from lxml import etree

from tokku_slides import units
from tokku_slides.render import wordml as wml
from tokku_slides.render.xmlns import A_NS, R_NS, W_NS, WP_NS, qn

W = f"{{{W_NS}}}"
NS = f'xmlns:w="{W_NS}"'


def canon(element: Any) -> bytes:
    return etree.tostring(element, method="c14n")


def same(element: Any, expected: str) -> bool:
    """Equal as canonical XML once both declare only the namespaces they use."""
    a = etree.fromstring(etree.tostring(element))
    tag, rest = expected.split(" ", 1) if " " in expected.split(">", 1)[0] else expected.split(">", 1)
    b = etree.fromstring(f"{tag} {NS} {rest}" if " " in expected.split(">", 1)[0] else f"{tag} {NS}>{rest}")
    for el in (a, b):
        etree.cleanup_namespaces(el)
    return canon(a) == canon(b)


def local_names(element: Any) -> list[str]:
    return [etree.QName(c).localname for c in element]


def in_order(names: list[str], order: tuple[str, ...]) -> bool:
    positions = [[o.split(":")[1] for o in order].index(n) for n in names]
    return positions == sorted(positions)


def test_fonts_name_every_script_with_east_asian_for_japanese() -> None:
    fonts = wml.word_fonts("BIZ UDGothic", "BIZ UDゴシック")
    assert same(fonts, '<w:rFonts w:ascii="BIZ UDGothic" w:hAnsi="BIZ UDGothic" w:eastAsia="BIZ UDゴシック" '
                       'w:cs="BIZ UDGothic"/>')


def test_run_properties_keep_schema_order_and_say_japanese() -> None:
    rpr = wml.word_run_properties(fonts=("L", "E"), size_pt=10.5, bold=True, color="1F3864", lang=True)
    assert same(rpr, '<w:rPr><w:rFonts w:ascii="L" w:hAnsi="L" w:eastAsia="E" w:cs="L"/><w:b/><w:bCs/>'
                     '<w:color w:val="1F3864"/><w:sz w:val="21"/><w:szCs w:val="21"/>'
                     '<w:lang w:val="en-US" w:eastAsia="ja-JP" w:bidi="ar-SA"/></w:rPr>')
    assert in_order(local_names(rpr), wml.RPR_ORDER)
    assert wml.word_run_properties() is None
    assert same(wml.word_run_properties(bold=False), '<w:rPr><w:b w:val="0"/><w:bCs w:val="0"/></w:rPr>')


def test_paragraph_properties_keep_schema_order() -> None:
    p = wml.word_paragraph_properties(
        style="Heading3", keep_next=True, page_break_before=True, frame=(0.75, "1F3864"), fill="F2F5FA",
        right_tab_dots_twips=9638, before_pt=4, after_pt=6, line=1.15, indent_left_pt=10.5, hanging_pt=10.5,
        align="justify", outline_level=2, run_properties=wml.word_run_properties(bold=True),
    )
    tags = local_names(p)
    assert tags == ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "pBdr", "shd", "tabs", "spacing", "ind",
                    "jc", "outlineLvl", "rPr"]
    assert in_order(tags, wml.PPR_ORDER)
    spacing = p.find(f"{W}spacing")
    assert (spacing.get(f"{W}before"), spacing.get(f"{W}after"), spacing.get(f"{W}line")) == ("80", "120", "276")
    assert list(spacing.attrib) == [f"{W}before", f"{W}after", f"{W}line", f"{W}lineRule"]
    ind = p.find(f"{W}ind")
    assert (ind.get(f"{W}left"), ind.get(f"{W}hanging")) == ("210", "210")
    assert p.find(f"{W}jc").get(f"{W}val") == "both"
    assert [b.get(f"{W}sz") for b in p.find(f"{W}pBdr")] == ["6"] * 4
    tab = p.find(f"{W}tabs/{W}tab")
    assert (tab.get(f"{W}val"), tab.get(f"{W}leader"), tab.get(f"{W}pos")) == ("right", "dot", "9638")
    assert wml.word_paragraph_properties() is None
    plain = wml.word_paragraph_properties(indent_left_pt=10.5)
    assert plain.find(f"{W}ind").get(f"{W}firstLine") == "0"


def test_a_run_keeps_text_word_for_word_with_breaks_and_escapes() -> None:
    r = wml.word_run("  a<b>&c\"d'\n二行目\tタブ ")
    kinds = [(etree.QName(c).localname, c.text) for c in r]
    assert kinds == [("t", "  a<b>&c\"d'"), ("br", None), ("t", "二行目"), ("tab", None), ("t", "タブ ")]
    assert all(t.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve" for t in r.iter(f"{W}t"))
    again = etree.fromstring(etree.tostring(r))
    assert [t.text for t in again.iter(f"{W}t")] == ["  a<b>&c\"d'", "二行目", "タブ "]


def test_run_properties_given_to_two_runs_stay_in_both() -> None:
    props = wml.word_run_properties(bold=True)
    first, second = wml.word_run("a", props), wml.word_run("b", props)
    assert first.find(f"{W}rPr/{W}b") is not None and second.find(f"{W}rPr/{W}b") is not None


def test_a_field_is_begin_instruction_separate_result_end() -> None:
    p = wml.word_paragraph(wml.complex_field("PAGE", "1", wml.word_run_properties(bold=True)))
    sequence = [(etree.QName(c).localname, c.get(f"{W}fldCharType") or c.text)
                for r in p for c in r if etree.QName(c).localname != "rPr"]
    assert sequence == [("fldChar", "begin"), ("instrText", " PAGE "), ("fldChar", "separate"), ("t", "1"),
                        ("fldChar", "end")]
    assert all(r.find(f"{W}rPr/{W}b") is not None for r in p)  # every run of the field carries the props
    empty = wml.word_paragraph(wml.complex_field("PAGE"))
    assert list(empty.iter(f"{W}t")) == []


def test_a_toc_entry_links_to_its_bookmark_and_asks_for_its_page() -> None:
    p = wml.toc_entry("３．分野別状況", "_Toc00000003", "TOC1")
    assert p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "TOC1"
    link = p.find(f"{W}hyperlink")
    assert link.get(f"{W}anchor") == "_Toc00000003" and link.get(f"{W}history") == "1"
    assert "".join(t.text for t in link.iter(f"{W}t")) == "３．分野別状況"
    assert link.find(f"{W}r/{W}tab") is not None
    assert [t.text for t in link.iter(f"{W}instrText")] == [" PAGEREF _Toc00000003 \\h "]
    chars = [c.get(f"{W}fldCharType") for c in link.iter(f"{W}fldChar")]
    assert chars == ["begin", "separate", "end"]


def test_a_bookmark_wraps_the_heading_text() -> None:
    p = wml.word_paragraph(wml.bookmarked([wml.word_run("見出し")], 7, "_Toc7"))
    assert local_names(p) == ["bookmarkStart", "r", "bookmarkEnd"]
    assert p[0].get(f"{W}id") == p[2].get(f"{W}id") == "7"
    assert p[0].get(f"{W}name") == "_Toc7"


def test_a_table_is_ruled_with_fixed_columns_and_shaded_merged_cells() -> None:
    cells = [wml.table_cell(1000, [wml.word_paragraph([wml.word_run("分野")])], fill="D9E2F3", merge="restart"),
             wml.table_cell(2000, [])]
    tbl = wml.table([1000, 2000], [wml.table_row(cells, header=True),
                                   wml.table_row([wml.table_cell(1000, [], merge="continue"),
                                                  wml.table_cell(2000, [])])],
                    border_pt=0.75, border_color="1F3864", margin_twips=68)
    pr = tbl.find(f"{W}tblPr")
    assert local_names(pr) == ["tblW", "tblBorders", "tblLayout", "tblCellMar", "tblLook"]
    assert in_order(local_names(pr), wml.TBLPR_ORDER)
    assert same(pr.find(f"{W}tblBorders"),
                "<w:tblBorders>" + "".join(f'<w:{s} w:val="single" w:sz="6" w:space="0" w:color="1F3864"/>'
                                           for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
                + "</w:tblBorders>")
    assert pr.find(f"{W}tblLayout").get(f"{W}type") == "fixed"
    assert [g.get(f"{W}w") for g in tbl.iter(f"{W}gridCol")] == ["1000", "2000"]
    rows = tbl.findall(f"{W}tr")
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None and rows[1].find(f"{W}trPr/{W}tblHeader") is None
    assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    assert all(in_order(local_names(r.find(f"{W}trPr")), wml.TRPR_ORDER) for r in rows)
    first = rows[0].find(f"{W}tc/{W}tcPr")
    assert local_names(first) == ["tcW", "vMerge", "shd", "vAlign"]
    assert in_order(local_names(first), wml.TCPR_ORDER)
    assert first.find(f"{W}vMerge").get(f"{W}val") == "restart"
    assert first.find(f"{W}shd").get(f"{W}fill") == "D9E2F3"
    continued = rows[1].find(f"{W}tc/{W}tcPr/{W}vMerge")
    assert continued is not None and continued.get(f"{W}val") is None
    assert all(tc.find(f"{W}p") is not None for tc in tbl.iter(f"{W}tc"))  # a cell always holds a paragraph


def test_a_picture_carries_alt_text_and_its_size() -> None:
    run = wml.inline_picture("rId9", 5940000, 2160000, 3, "進捗度 3", '「A」と"B"\n二行 & <x>')
    run = etree.fromstring(etree.tostring(run))  # as written and read back
    doc_pr = run.find(f".//{{{WP_NS}}}docPr")
    assert (doc_pr.get("id"), doc_pr.get("name"), doc_pr.get("descr")) == ("3", "進捗度 3", '「A」と"B"\n二行 & <x>')
    extent = run.find(f".//{{{WP_NS}}}extent")
    assert (extent.get("cx"), extent.get("cy")) == ("5940000", "2160000")
    blip = run.find(f".//{{{A_NS}}}blip")
    assert blip.get(f"{{{R_NS}}}embed") == "rId9"


STYLES = f"""<w:styles {NS}>
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme="minorHAnsi" w:eastAsiaTheme="minorEastAsia"
 w:hAnsiTheme="minorHAnsi" w:cstheme="minorBidi"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr>
<w:rPr><w:rFonts w:asciiTheme="majorHAnsi" w:eastAsiaTheme="majorEastAsia"/><w:sz w:val="28"/></w:rPr></w:style>
<w:style w:type="table" w:styleId="Grid"><w:name w:val="Grid"/><w:tblPr/></w:style>
</w:styles>"""


def test_theme_fonts_are_removed_and_every_rfonts_names_the_fonts() -> None:
    styles = etree.fromstring(STYLES)
    assert wml.use_fonts_everywhere(styles, "L", "E") == 2
    for fonts in styles.iter(f"{W}rFonts"):
        assert dict(fonts.attrib) == {f"{W}ascii": "L", f"{W}hAnsi": "L", f"{W}eastAsia": "E", f"{W}cs": "L"}
    assert b"Theme" not in etree.tostring(styles) and b"cstheme" not in etree.tostring(styles)


def test_restyle_replaces_paragraph_and_run_properties_in_schema_order() -> None:
    styles = etree.fromstring(STYLES)
    heading = styles.find(f"{W}style")
    wml.restyle(heading, wml.word_paragraph_properties(outline_level=0, before_pt=6),
                wml.word_run_properties(fonts=("L", "E"), size_pt=14, bold=True))
    assert local_names(heading) == ["name", "pPr", "rPr"]
    assert heading.find(f"{W}pPr/{W}outlineLvl").get(f"{W}val") == "0"
    assert heading.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "E"
    assert heading.find(f"{W}rPr/{W}sz").get(f"{W}val") == "28"
    table_style = styles.findall(f"{W}style")[1]
    wml.restyle(table_style, None, wml.word_run_properties(size_pt=9))
    assert local_names(table_style) == ["name", "rPr", "tblPr"]
    assert in_order(local_names(table_style), wml.STYLE_ORDER)
    assert etree.tostring(styles).count(b"xmlns:w=") == 1  # the added elements use the root's declaration


def test_document_defaults_are_explicit_japanese() -> None:
    defaults = wml.document_defaults("L", "E", 10.5, 1.15)
    rpr = defaults.find(f"{W}rPrDefault/{W}rPr")
    assert rpr.find(f"{W}rFonts").get(f"{W}eastAsia") == "E"
    assert rpr.find(f"{W}lang").get(f"{W}eastAsia") == "ja-JP"
    assert rpr.find(f"{W}sz").get(f"{W}val") == "21"
    spacing = defaults.find(f"{W}pPrDefault/{W}pPr/{W}spacing")
    assert (spacing.get(f"{W}after"), spacing.get(f"{W}line"), spacing.get(f"{W}lineRule")) == ("0", "276", "auto")


def test_update_fields_goes_before_compat_once() -> None:
    settings = etree.fromstring(f'<w:settings {NS}><w:zoom w:percent="100"/><w:compat/><w:rsids/></w:settings>')
    wml.ask_to_update_fields(settings)
    wml.ask_to_update_fields(settings)
    assert local_names(settings) == ["zoom", "updateFields", "compat", "rsids"]
    assert settings.find(f"{W}updateFields").get(f"{W}val") == "true"
    bare = etree.fromstring(f'<w:settings {NS}><w:zoom w:percent="100"/></w:settings>')
    wml.ask_to_update_fields(bare)
    assert local_names(bare) == ["zoom", "updateFields"]


def test_lengths_and_sizes_convert_exactly() -> None:
    assert units.mm_to_twips(units.Mm(25.4)) == 1440
    assert units.mm_to_twips(units.Mm(170)) == 9638
    assert units.half_points(units.Pt(10.5)) == 21


def test_a_new_style_is_custom_unless_word_knows_its_name() -> None:
    def props() -> tuple[Any, Any]:
        return (wml.word_paragraph_properties(after_pt=2), wml.word_run_properties(fonts=("L", "E"), size_pt=9.5))

    custom = wml.paragraph_style("TableText", "Table Text", *props())
    assert custom.get(f"{W}customStyle") == "1" and custom.get(f"{W}styleId") == "TableText"
    assert local_names(custom) == ["name", "basedOn", "qFormat", "pPr", "rPr"]
    assert in_order(local_names(custom), wml.STYLE_ORDER)
    assert custom.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "E"
    builtin = wml.paragraph_style("TOC1", "toc 1", *props(), custom=False)
    assert builtin.get(f"{W}customStyle") is None and builtin.find(f"{W}name").get(f"{W}val") == "toc 1"


def test_the_body_is_replaced_and_the_page_setup_stays_last() -> None:
    from docx import Document

    document = Document().element
    body = document.body
    sect = etree.tostring(body.find(qn("w:sectPr")))
    body.insert(0, wml.word_paragraph([wml.word_run("template")]))
    picture = wml.inline_picture("rId9", 100, 200, 1, "図 1", "説明")
    wml.replace_body(body, [wml.word_paragraph([wml.word_run(" 前後に空白 ")]), wml.word_paragraph([picture])])
    paragraphs = list(body)
    assert [p.tag for p in paragraphs] == [qn("w:p"), qn("w:p"), qn("w:sectPr")]
    assert "".join(t.text for t in paragraphs[0].iter(qn("w:t"))) == " 前後に空白 "  # (python-docx's classes)
    assert paragraphs[1].find(f".//{{{A_NS}}}blip").get(f"{{{R_NS}}}embed") == "rId9"
    assert etree.tostring(paragraphs[2]) == sect
    written = etree.tostring(document)
    assert written.count(b'xmlns:w="') == 1  # declared once, on the root
    again = etree.fromstring(written)
    assert "".join(again.find(qn("w:body"))[0].itertext()) == " 前後に空白 "  # read back as written


def test_a_text_paragraph_and_a_text_cell_are_what_the_general_builders_make() -> None:
    bold = wml.RunFormat(size_pt=14, bold=True, color="1F3864")
    for text in ("4.0", "", "a<b>&\"c'"):
        fast = wml.text_paragraph(text, "TableText", align="center", run_format=bold)
        runs = [wml.word_run(text, wml.word_run_properties(size_pt=14, bold=True, color="1F3864"))] if text else []
        general = wml.word_paragraph(runs, wml.word_paragraph_properties(style="TableText", align="center"))
        assert canon(fast) == canon(general), text
        cell = wml.text_cell(1000, [(text, bold)], "TableText", align="center", fill="D9E2F3", merge="restart")
        assert canon(cell) == canon(wml.table_cell(1000, [general], fill="D9E2F3", merge="restart")), text
    two = wml.text_cell(1000, [("Ⅰ", wml.RunFormat(bold=True)), ("目標", None)], "TableText")
    assert [("".join(t.text for t in p.iter(f"{W}t")), p.find(f"{W}r/{W}rPr/{W}b") is not None)
            for p in two.iter(f"{W}p")] == [("Ⅰ", True), ("目標", False)]


def test_copies_of_a_template_are_independent() -> None:
    first = wml.text_paragraph("一", "Normal")
    second = wml.text_paragraph("二", "Normal")
    first.find(f"{W}pPr/{W}pStyle").set(f"{W}val", "Changed")
    assert second.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Normal"
    assert wml.text_paragraph("三", "Normal").find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Normal"
    assert "".join(second.itertext()) == "二"
