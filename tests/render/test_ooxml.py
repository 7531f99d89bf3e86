"""The raw XML tweaks, compared as XML."""

import io
import zipfile

from lxml import etree

from tokku_slides.render import ooxml

NS = f'xmlns:a="{ooxml.A_NS}"'


def canon(xml: str) -> bytes:
    return etree.tostring(etree.fromstring(xml), method="c14n")


def test_run_properties_carry_east_asian_typeface_after_latin_and_japanese_lang() -> None:
    xml = ooxml.run_properties("rPr", 10.5, "BIZ UDGothic", "BIZ UDゴシック", bold=True, color="1A1A1A")
    expected = (
        f'<a:rPr {NS} lang="ja-JP" altLang="en-US" sz="1050" b="1" dirty="0">'
        '<a:solidFill><a:srgbClr val="1A1A1A"/></a:solidFill>'
        '<a:latin typeface="BIZ UDGothic"/><a:ea typeface="BIZ UDゴシック"/><a:cs typeface="BIZ UDGothic"/>'
        "</a:rPr>"
    )
    assert canon(xml.replace("<a:rPr ", f"<a:rPr {NS} ", 1)) == canon(expected)


def test_paragraph_has_exact_line_pitch_hanging_indent_and_no_hanging_punctuation() -> None:
    xml = ooxml.paragraph("・所見", 10, latin="L", east_asian="E", line_pitch_pt=12, space_before_pt=3,
                          margin_left_pt=10, indent_pt=-10)
    p = etree.fromstring(xml.replace("<a:p>", f"<a:p {NS}>", 1))
    a = f"{{{ooxml.A_NS}}}"
    ppr = p.find(f"{a}pPr")
    assert ppr is not None
    assert (ppr.get("marL"), ppr.get("indent"), ppr.get("hangingPunct")) == ("127000", "-127000", "0")
    assert p.find(f"{a}pPr/{a}lnSpc/{a}spcPts").get("val") == "1200"
    assert p.find(f"{a}pPr/{a}spcBef/{a}spcPts").get("val") == "300"
    assert p.find(f"{a}r/{a}t").text == "・所見"


def test_body_properties_say_no_autofit() -> None:
    xml = ooxml.body_properties((1, 2, 3, 4), "middle")
    body = etree.fromstring(xml.replace("<a:bodyPr ", f"<a:bodyPr {NS} ", 1))
    assert [etree.QName(c).localname for c in body] == ["noAutofit"]
    assert (body.get("lIns"), body.get("rIns"), body.get("tIns"), body.get("bIns"), body.get("anchor")) == (
        "1", "2", "3", "4", "ctr")


def test_slide_number_is_a_field() -> None:
    xml = ooxml.paragraph("7", 9, latin="L", east_asian="E", line_pitch_pt=10.8, field="slidenum")
    assert 'type="slidenum"' in xml and "<a:t>7</a:t>" in xml


def test_deterministic_zip_fixes_times_and_puts_content_types_first() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("b.xml", "<b/>")
        z.writestr("[Content_Types].xml", "<Types/>")
    out = ooxml.deterministic_zip(buffer.getvalue())
    infos = zipfile.ZipFile(io.BytesIO(out)).infolist()
    assert [i.filename for i in infos] == ["[Content_Types].xml", "b.xml"]
    assert {i.date_time for i in infos} == {ooxml.ZIP_EPOCH}
    assert ooxml.deterministic_zip(out) == out


def parse_tree(xml: str) -> etree._Element:
    return etree.fromstring(ooxml.shape_tree(xml))


def test_text_shape_is_a_text_box_with_its_box_fill_and_border() -> None:
    body = ooxml.text_body("p:txBody", ooxml.body_properties((1, 1, 1, 1)), [])
    (sp,) = parse_tree(ooxml.text_shape(5, "remarks", (10, 20, 30, 40), body, fill="FFFFFF", border_pt=0.75,
                                        border_color="1F3864"))
    expected = (
        f'<p:sp xmlns:a="{ooxml.A_NS}" xmlns:p="{ooxml.P_NS}" xmlns:r="{ooxml.R_NS}">'
        '<p:nvSpPr><p:cNvPr id="5" name="remarks"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
        '<p:spPr><a:xfrm><a:off x="10" y="20"/><a:ext cx="30" cy="40"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill>'
        '<a:ln w="9525" cap="flat" cmpd="sng" algn="ctr"><a:solidFill><a:srgbClr val="1F3864"/></a:solidFill>'
        '<a:prstDash val="solid"/><a:round/><a:headEnd type="none" w="med" len="med"/>'
        '<a:tailEnd type="none" w="med" len="med"/></a:ln></p:spPr>'
        f"{body}</p:sp>"
    )
    assert etree.tostring(sp, method="c14n") == canon(expected)


def test_table_frame_has_grid_rows_and_no_table_style() -> None:
    cell = ooxml.slide_table_cell("<a:txBody><a:bodyPr/><a:lstStyle/><a:p/></a:txBody>",
                                  ooxml.cell_properties((1, 2, 3, 4), "middle", 0.75, "000000", None))
    (frame,) = parse_tree(ooxml.table_frame(2, "score_table", 100, 200, [30, 70], [(50, [cell, cell])]))
    a = f"{{{ooxml.A_NS}}}"
    tbl = frame.find(f".//{a}tbl")
    assert tbl is not None
    assert [c.get("w") for c in tbl.iter(f"{a}gridCol")] == ["30", "70"]
    assert tbl.find(f"{a}tblPr").attrib == {"firstRow": "0", "bandRow": "0"}
    assert len(tbl.find(f"{a}tblPr")) == 0  # no tableStyleId: fills and rules are the cells' own
    tc = tbl.find(f"{a}tr/{a}tc")
    assert [etree.QName(c).localname for c in tc] == ["txBody", "tcPr"]
    assert [etree.QName(c).localname for c in tc.find(f"{a}tcPr")] == ["lnL", "lnR", "lnT", "lnB", "noFill"]
    ext = frame.find(f".//{{{ooxml.P_NS}}}xfrm/{a}ext")
    assert (ext.get("cx"), ext.get("cy")) == ("100", "50")
